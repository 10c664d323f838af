/* TEMPORARY scaffold: replaced by the real module in this session. */
#include <glib.h>
int eg_scaffold_dict (void);
int eg_scaffold_dict (void) { return 0; }
