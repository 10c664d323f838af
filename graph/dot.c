/* TEMPORARY scaffold: replaced by the real module in this session. */
#include <glib.h>
int eg_scaffold_dot (void);
int eg_scaffold_dot (void) { return 0; }
