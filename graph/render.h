/* render.h - laying out and drawing a graph view through Graphviz's gvc.
 *
 * The layout engine is chosen by size: neato (stress majorization) up to
 * EG_RENDER_NEATO_MAX nodes, sfdp above (fdp when communities are drawn as clusters and the
 * graph is small enough); overlapping nodes are removed. A view larger than
 * EG_RENDER_MAX_NODES nodes or EG_RENDER_MAX_EDGES edges is not drawn whole: the drawing
 * keeps the nodes of largest weighted degree and the heaviest edges among them (dropping
 * nodes left without an edge), and says so
 * in its legend and in EgRenderInfo, for the caller to tell the user. A legend (types, what
 * line width means, what is shown) is drawn under the graph. In SVG, each node's and edge's
 * <title> is its tooltip (evidence for edges), so every browser shows it on hover.
 * Output goes through a temp file renamed on success. */
#pragma once

#include <glib.h>
#include "view.h"
#include "write.h"

G_BEGIN_DECLS

#define EG_RENDER_NEATO_MAX 200
#define EG_RENDER_MAX_NODES 400
#define EG_RENDER_MAX_EDGES 1200

typedef struct {
  const char *engine; /* the layout used */
  guint nodes, edges; /* drawn */
  guint nodes_total, edges_total;
} EgRenderInfo;

/* Renders @v in @format ("svg", "png", "pdf") to @path; @info (may be NULL) says what was
 * drawn. FALSE with @error set: EG_ERROR_FORMAT (unknown format), EG_ERROR_GRAPHVIZ,
 * EG_ERROR_IO. */
gboolean eg_render (const EgView *v, const EgWriteOptions *opt, const char *format,
                    const char *path, EgRenderInfo *info, GError **error);

/* TRUE for a format eg_render() takes. */
gboolean eg_render_format_known (const char *format);

/* Returns: (transfer full) @svg with the text of every <title> of a node or edge group
 * replaced by the group's tooltip (the xlink:title Graphviz writes on the inner link), so
 * browsers that show only <title> on hover show the evidence. */
char *eg_render_svg_titles (const char *svg, gsize len, gsize *out_len);

G_END_DECLS
