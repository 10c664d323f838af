/* filter.h - pruning a graph view: pure, deterministic functions over the counts.
 *
 * eg_filter_apply() applies the steps that are set, in this order:
 *   1. types         keep nodes whose type is listed
 *   2. min_docs      drop nodes and edges seen in fewer documents
 *   3. min_weight    drop edges lighter than the threshold
 *   4. focus, depth  keep the nodes within @depth edges of the focus node (ego network)
 *   5. top_nodes     keep the N nodes of largest weighted degree (sum of edge weights)
 *   6. max_per_node  keep an edge only if it is among the K heaviest of both its ends
 *   7. top_edges     keep the N heaviest edges
 *   8. no_isolated   drop nodes left without an edge
 * Every ranking breaks ties by id (edges by the ids of their ends), so the result depends
 * on the counts alone. */
#pragma once

#include <glib.h>
#include "view.h"

G_BEGIN_DECLS

typedef struct {
  const char *const *types; /* NULL: every type */
  guint min_docs;           /* 0: no threshold */
  gboolean use_min_weight;
  double min_weight;
  const char *focus;        /* a node id (see eg_filter_find()), NULL: none */
  guint depth;              /* edges from the focus; 0 is taken as 1 */
  guint top_nodes;          /* 0: no limit */
  guint max_per_node;       /* 0: no limit */
  guint top_edges;          /* 0: no limit */
  gboolean no_isolated;
} EgFilter;

/* Cuts @v down as @f says. FALSE with @error set (EG_ERROR_FORMAT) when the focus node is
 * not in the view or was removed by an earlier step; @v is then unchanged. */
gboolean eg_filter_apply (EgView *v, const EgFilter *f, GError **error);

/* Is --top-edges the only cut @f makes before dropping isolated nodes (no type, document,
 * weight, focus, node or per-node cut)? Then eg_view_new_top() makes the view it leaves. */
gboolean eg_filter_top_edges_only (const EgFilter *f);

/* The node @key names: by id, else by label (case folded), else by the part of the id after
 * its "TYPE:" prefix. Returns its index or -1. */
gint eg_filter_find (const EgView *v, const char *key);

/* Returns: (transfer full) the node indices of @v in order of decreasing strength, ties by
 * id (as used by top_nodes). */
guint32 *eg_filter_rank_nodes (const EgView *v);

G_END_DECLS
