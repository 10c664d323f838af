/* dot.h - the co-occurrence graph as Graphviz DOT, written through cgraph.
 *
 * The only module (with render.c) that includes Graphviz headers; callers see an opaque
 * graph. Nodes are named by entity id and carry label, entity_type, mentions, docs and a
 * shape and colour by type; edges carry weight (windows shared), docs, penwidth growing with
 * the log of the weight, and a tooltip naming their first pieces of evidence. Graph
 * attributes record the options and input counts. Nodes and edges are created in id order,
 * so the output is byte-identical for identical counts. */
#pragma once

#include <glib.h>
#include "cooc.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;         /* graph name, e.g. "entgraph" */
  const char *const *attrs; /* NULL-terminated key, value, key, value... graph attributes */
  guint tooltip_evidence;   /* evidence entries in an edge tooltip (0: none) */
} EgDotOptions;

struct Agraph_s;

/* Returns: (transfer full) a cgraph graph of @c; free with eg_dot_free(). */
struct Agraph_s *eg_dot_build (const EgCooc *c, const EgDotOptions *opt);
void eg_dot_free (struct Agraph_s *g);

/* Writes @c as DOT to @path ("-": standard output) through a temp file renamed on success.
 * FALSE with @error set (EG_ERROR_IO) when writing fails; the target is then untouched. */
gboolean eg_dot_write (const EgCooc *c, const EgDotOptions *opt, const char *path,
                       GError **error);

G_END_DECLS
