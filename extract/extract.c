/* TEMPORARY scaffold: replaced by the real module in this session. */
#include <glib.h>
int eg_scaffold_extract (void);
int eg_scaffold_extract (void) { return 0; }
