/* render.h - laying out and drawing the graph through Graphviz's gvc.
 *
 * The layout engine is chosen by size: neato (stress majorization) up to
 * EG_RENDER_NEATO_MAX nodes, sfdp above; overlapping nodes are removed. Graphs over
 * EG_RENDER_MAX_NODES nodes are refused (EG_ERROR_TOO_LARGE) with a message saying how to
 * prune them. Output goes through a temp file renamed on success. */
#pragma once

#include <glib.h>
#include "cooc.h"
#include "dot.h"

G_BEGIN_DECLS

#define EG_RENDER_NEATO_MAX 300
#define EG_RENDER_MAX_NODES 5000

/* Renders @c in @format ("svg", "png", "pdf") to @path. FALSE with @error set:
 * EG_ERROR_FORMAT (unknown format), EG_ERROR_TOO_LARGE, EG_ERROR_GRAPHVIZ, EG_ERROR_IO. */
gboolean eg_render (const EgCooc *c, const EgDotOptions *opt, const char *format,
                    const char *path, GError **error);

/* TRUE for a format eg_render() takes. */
gboolean eg_render_format_known (const char *format);

G_END_DECLS
