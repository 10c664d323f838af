/* TEMPORARY scaffold: replaced by the real module in this session. */
#include <glib.h>
int eg_scaffold_acronym (void);
int eg_scaffold_acronym (void) { return 0; }
