/* weight.c - edge weights (see weight.h). */
#include "weight.h"

#include <math.h>

static const char *const names[] = { "count", "fractional", "pmi", "npmi", "dice", "jaccard" };

gboolean
eg_weight_parse (const char *s, EgWeight *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (s, names[i]) == 0)
      {
        *out = (EgWeight) i;
        return TRUE;
      }
  return FALSE;
}

const char *
eg_weight_name (EgWeight w)
{
  return (guint) w < G_N_ELEMENTS (names) ? names[w] : "unknown";
}

gboolean
eg_weight_needs_node_windows (EgWeight w)
{
  return w >= EG_WEIGHT_PMI;
}

double
eg_weight_value (EgWeight w, guint n, guint n_a, guint n_b, guint n_ab, guint64 fractional)
{
  switch (w)
    {
    case EG_WEIGHT_COUNT:
      return n_ab;
    case EG_WEIGHT_FRACTIONAL:
      return (double) fractional / (double) EG_COOC_FX;
    default:
      break;
    }
  if (n_ab == 0 || n_a == 0 || n_b == 0 || n == 0)
    return 0;
  double ab = n_ab, a = n_a, b = n_b, all = n;
  switch (w)
    {
    case EG_WEIGHT_PMI:
      return log2 (ab * all / (a * b));
    case EG_WEIGHT_NPMI:
      if (n_ab >= n)
        return 1;
      return log2 (ab * all / (a * b)) / -log2 (ab / all);
    case EG_WEIGHT_DICE:
      return 2 * ab / (a + b);
    case EG_WEIGHT_JACCARD:
      return a + b > ab ? ab / (a + b - ab) : 1;
    default:
      return 0;
    }
}

double
eg_weight_edge (EgWeight w, const EgCooc *c, const EgEdge *e)
{
  /* (the ends are read only when the weight needs them: for a large graph each read is a
   * miss) */
  if (!eg_weight_needs_node_windows (w))
    return eg_weight_value (w, 0, 0, 0, e->windows, e->fractional);
  const EgNode *a = g_ptr_array_index (c->nodes, e->a);
  const EgNode *b = g_ptr_array_index (c->nodes, e->b);
  return eg_weight_value (w, c->n_windows, a->windows, b->windows, e->windows, e->fractional);
}

char *
eg_weight_format (char buf[EG_WEIGHT_BUF], double v)
{
  if (!isfinite (v))
    v = 0;
  if (v == 0)
    v = 0; /* no "-0" */
  g_ascii_formatd (buf, EG_WEIGHT_BUF, "%.6g", v);
  return buf;
}
