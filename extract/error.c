/* error.c - the EG_ERROR quark. */
#include "error.h"

G_DEFINE_QUARK (eg-error-quark, eg_error)
