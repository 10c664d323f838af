/* TEMPORARY scaffold: replaced by the real module in this session. */
#include <glib.h>
int eg_scaffold_render (void);
int eg_scaffold_render (void) { return 0; }
