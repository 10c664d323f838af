/* TEMPORARY scaffold: replaced by the real module in this session. */
#include <glib.h>
int eg_scaffold_cooc (void);
int eg_scaffold_cooc (void) { return 0; }
