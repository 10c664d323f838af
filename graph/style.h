/* style.h - how a node or edge looks, shared by the DOT writer, the renderer and the GEXF
 * writer (viz:color): shape and colours by entity type, colours by community, and the
 * 0..1 scales that line widths, colours and font sizes follow. */
#pragma once

#include <glib.h>
#include "view.h"

G_BEGIN_DECLS

typedef struct {
  const char *type;   /* PERSON, ORG, AGENCY, GROUP, POST; NULL for any other */
  const char *shape;  /* Graphviz shape */
  const char *style;  /* Graphviz style */
  const char *fill;   /* "#rrggbb" */
  const char *border; /* "#rrggbb", a darker shade of fill */
  const char *name;   /* for the legend: "person" */
} EgTypeStyle;

/* Returns: (transfer none) the style of entity type @type (any other type: a default). */
const EgTypeStyle *eg_style_for_type (const char *type);

/* The known types in legend order; @n set to their count. */
const EgTypeStyle *eg_style_types (guint *n);

/* Returns: (transfer none) "#rrggbb" for community @c: twelve distinct colours, then grey. */
const char *eg_style_community_color (gint c);

/* Edge emphasis in [0, 1] for each edge of @v (co-occurrence edges by their weight: the log
 * for count and fractional, linear between the least and the greatest for the others;
 * header links 0.3). Returns: (transfer full) an array of v->edges->len values. */
double *eg_style_edge_scale (const EgView *v);

/* Node emphasis in [0, 1]: the square root of mentions over the largest. Returns: (transfer
 * full) an array of v->nodes->len values. */
double *eg_style_node_scale (const EgView *v);

/* Parses "#rrggbb" into @rgb. */
gboolean eg_style_rgb (const char *hex, guint8 rgb[3]);

G_END_DECLS
