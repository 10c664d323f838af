/* TEMPORARY scaffold: replaced by the real module in this session. */
#include <glib.h>
int eg_scaffold_doc (void);
int eg_scaffold_doc (void) { return 0; }
