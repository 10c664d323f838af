/* error.h - the one error domain of the entgraph libraries.
 *
 * Every library function that can fail takes a GError ** last and reports through
 * EG_ERROR with one of the codes below. Messages name the file (and line) concerned;
 * only cli/ turns them into exit codes. The enum may grow. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EG_ERROR (eg_error_quark ())

typedef enum {
  EG_ERROR_IO,           /* a file could not be opened, read or written */
  EG_ERROR_EMPTY,        /* an input file holds no bytes */
  EG_ERROR_BINARY,       /* an input file holds NUL bytes: not text */
  EG_ERROR_TOO_LARGE,    /* an input exceeds a documented limit */
  EG_ERROR_DICT_SYNTAX,  /* a dictionary line is malformed */
  EG_ERROR_DICT_EMPTY,   /* no dictionary entries at all */
  EG_ERROR_NO_DOCUMENTS, /* a path named no readable document */
  EG_ERROR_FORMAT,       /* an output format or option value is not known */
  EG_ERROR_GRAPHVIZ,     /* cgraph or gvc reported a failure */
  EG_ERROR_STALE,        /* a compiled dictionary was built from other files or by another
                          * version: build it again */
  EG_ERROR_CACHE,        /* a compiled dictionary is damaged */
} EgError;

GQuark eg_error_quark (void);

G_END_DECLS
