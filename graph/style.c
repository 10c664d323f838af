/* style.c - shared looks (see style.h). */
#include "style.h"

#include <math.h>
#include <string.h>

/* Fill colours from ColorBrewer Set3/Pastel (readable under black labels), borders a
 * darker shade of each, so types differ by shape, fill and outline. */
static const EgTypeStyle types[] = {
  { "PERSON", "ellipse", "filled", "#8dd3c7", "#3c8c80", "person" },
  { "ORG", "box", "filled", "#fdb462", "#b5701c", "organization" },
  { "AGENCY", "box", "rounded,filled", "#80b1d3", "#366d93", "government agency" },
  { "GROUP", "hexagon", "filled", "#d9d9d9", "#7f7f7f", "group" },
  { "POST", "note", "filled", "#fccde5", "#b0678e", "post (cable origin)" },
};
static const EgTypeStyle other = { NULL, "octagon", "filled", "#ffffb3", "#a8a84a", "other" };

const EgTypeStyle *
eg_style_for_type (const char *type)
{
  for (guint i = 0; type && i < G_N_ELEMENTS (types); i++)
    if (strcmp (type, types[i].type) == 0)
      return &types[i];
  return &other;
}

const EgTypeStyle *
eg_style_types (guint *n)
{
  *n = G_N_ELEMENTS (types);
  return types;
}

/* ColorBrewer Set3: twelve light colours, all readable under black labels. */
static const char *const community_colors[] = {
  "#8dd3c7", "#fdb462", "#bebada", "#fb8072", "#80b1d3", "#b3de69",
  "#fccde5", "#ffed6f", "#bc80bd", "#ccebc5", "#ffffb3", "#d9d9d9",
};

const char *
eg_style_community_color (gint c)
{
  if (c < 0 || (guint) c >= G_N_ELEMENTS (community_colors))
    return "#e0e0e0";
  return community_colors[c];
}

gboolean
eg_style_rgb (const char *hex, guint8 rgb[3])
{
  if (hex == NULL || hex[0] != '#' || strlen (hex) < 7)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      gint hi = g_ascii_xdigit_value (hex[1 + 2 * i]), lo = g_ascii_xdigit_value (hex[2 + 2 * i]);
      if (hi < 0 || lo < 0)
        return FALSE;
      rgb[i] = (guint8) (hi * 16 + lo);
    }
  return TRUE;
}

double *
eg_style_edge_scale (const EgView *v)
{
  guint m = v->edges->len;
  double *t = g_new0 (double, m + 1);
  gboolean logscale = v->weight == EG_WEIGHT_COUNT || v->weight == EG_WEIGHT_FRACTIONAL;
  double lo = INFINITY, hi = -INFINITY;
  for (guint i = 0; i < m; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      if (e->kind != EG_EDGE_COOCCURRENCE)
        continue;
      double w = logscale ? log1p (MAX (e->weight, 0)) : e->weight;
      lo = MIN (lo, w);
      hi = MAX (hi, w);
    }
  if (logscale)
    lo = 0;
  for (guint i = 0; i < m; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      if (e->kind != EG_EDGE_COOCCURRENCE)
        {
          t[i] = 0.3;
          continue;
        }
      double w = logscale ? log1p (MAX (e->weight, 0)) : e->weight;
      t[i] = hi > lo ? (w - lo) / (hi - lo) : 1;
      t[i] = CLAMP (t[i], 0, 1);
    }
  return t;
}

double *
eg_style_node_scale (const EgView *v)
{
  guint n = v->nodes->len;
  double *t = g_new0 (double, n + 1);
  guint max = 0;
  for (guint i = 0; i < n; i++)
    max = MAX (max, eg_view_node (v, i)->mentions);
  for (guint i = 0; i < n; i++)
    t[i] = max > 0 ? sqrt ((double) eg_view_node (v, i)->mentions / max) : 0;
  return t;
}
