/* dot.h - a graph view as Graphviz DOT, written through cgraph.
 *
 * The only module (with render.c) that includes Graphviz headers; callers see an opaque
 * graph. Nodes are named by entity id and carry label, entity_type, mentions, docs,
 * windows, strength (and community), a shape, fill and outline by type (fill by community
 * when communities were found and --clusters is off), a font size growing with mentions,
 * and a tooltip. Edges carry weight (the chosen weight), kind, windows, docs, penwidth and
 * a colour growing with the weight, a dashed style for header links, and a tooltip naming
 * their first pieces of evidence. The view's attributes become graph attributes. Nodes and
 * edges are created in id order, so the output is byte-identical for identical views.
 *
 * Labels and tooltips are Graphviz escString values: a backslash in a name is written
 * doubled so it is shown, not taken as an escape. */
#pragma once

#include <glib.h>
#include "view.h"
#include "write.h"

G_BEGIN_DECLS

struct Agraph_s;

/* Returns: (transfer full) a cgraph graph of @v; free with eg_dot_free(). */
struct Agraph_s *eg_dot_build (const EgView *v, const EgWriteOptions *opt);
void eg_dot_free (struct Agraph_s *g);

/* Writes @v as DOT to @path ("-": standard output) through a temp file renamed on success.
 * FALSE with @error set (EG_ERROR_IO, EG_ERROR_GRAPHVIZ) when writing fails; the target is
 * then untouched. */
gboolean eg_dot_write (const EgView *v, const EgWriteOptions *opt, const char *path,
                       GError **error);

G_END_DECLS
