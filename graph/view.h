/* view.h - the graph that is written: nodes and edges chosen from the counts, weighted.
 *
 * An EgView is built from an EgCooc (every node, every edge, weights computed) and then cut
 * down by the pure functions of filter.h, given communities by community.h, and written by
 * the writers of write.h. Nodes are kept sorted by id and edges by the ids of their ends, so
 * every writer emits the same order whatever the hash tables or threads did.
 *
 * A view borrows its strings and evidence from the counts it was built from (and from the
 * header-link counts added to it): they must outlive it. The view owns its arrays and its
 * graph attributes. */
#pragma once

#include <glib.h>
#include "cooc.h"
#include "weight.h"

G_BEGIN_DECLS

typedef enum {
  EG_EDGE_COOCCURRENCE, /* the two share windows */
  EG_EDGE_SIGNER,       /* a cable's signer and an entity of that cable */
  EG_EDGE_ORIGIN,       /* a cable's origin post and an entity of that cable */
} EgEdgeKind;

typedef struct {
  const char *id, *type, *label; /* (transfer none) */
  const char *first_date;        /* (transfer none) or NULL */
  guint mentions, docs, windows;
  double strength;  /* weighted degree: the sum of its co-occurrence edges' weights */
  gint community;   /* -1 until community.h assigns one */
  gboolean header;  /* a signer or origin post added by eg_view_add_links() */
} EgViewNode;

typedef struct {
  guint32 a, b;     /* indices into nodes; a < b, so ids[a] < ids[b] */
  EgEdgeKind kind;
  guint windows, docs;
  double weight;    /* the chosen weight; for header links, the cables */
  double fractional;
  const char *first_date;    /* (transfer none) or NULL */
  const EgEvidence *evidence; /* (transfer none) n_evidence pieces, or NULL */
  guint n_evidence;
} EgViewEdge;

typedef struct {
  GArray *nodes;    /* (element-type EgViewNode) sorted by id */
  GArray *edges;    /* (element-type EgViewEdge) sorted by (a, b) */
  GPtrArray *attrs; /* (element-type utf8) key, value, key, value...: graph attributes */
  EgWeight weight;
  EgLevel level;
  gboolean has_communities;
  guint n_communities;
  double modularity;
} EgView;

/* Returns: (transfer full) every node and edge of @c, weighted by @w, strengths computed.
 * @c must outlive the view. Free with eg_view_free(). */
EgView *eg_view_new (const EgCooc *c, EgWeight w);
void eg_view_free (EgView *v);

/* Returns: (transfer full) a copy of @v borrowing from the same counts. */
EgView *eg_view_copy (const EgView *v);

/* Sets graph attribute @key (replacing an earlier value; the order of first setting is
 * kept). Both strings are copied. */
void eg_view_set_attr (EgView *v, const char *key, const char *value);
/* Returns: (transfer none) the value of @key or NULL. */
const char *eg_view_get_attr (const EgView *v, const char *key);

/* Adds the header links of @links (counts whose edges join a signer or post to the
 * entities of a cable; links.h) that touch a node of @v, as @kind edges, with their signer
 * or post nodes. A pair already joined by a co-occurrence edge keeps only that edge.
 * @links must outlive the view. */
void eg_view_add_links (EgView *v, const EgCooc *links, EgEdgeKind kind);

/* Keeps the nodes with @keep_node[i] and the edges with @keep_edge[i] whose two ends are
 * kept (either array may be NULL: keep all), renumbering; recomputes strengths. */
void eg_view_keep (EgView *v, const gboolean *keep_node, const gboolean *keep_edge);

/* Recomputes every node's strength from the co-occurrence edges. */
void eg_view_update_strength (EgView *v);

/* Returns: (transfer full) eg_view_new() followed by keeping the @top heaviest edges (ties
 * in id order, as eg_filter_apply()'s top_edges), made without the records of the edges
 * it does not keep: every node, strengths from the edges kept. */
EgView *eg_view_new_top (const EgCooc *c, EgWeight w, guint top);

/* The @top entries that rank first of those offered, heavier first and, as heavy, the one
 * with the smaller @tie; a NaN weight ranks as -infinity. A heap, its root the entry to
 * give up next: most offers are turned away by one comparison with it. */
typedef struct {
  double w;
  guint64 tie;
} EgRanked;

typedef struct {
  EgRanked *h;
  guint n, top;
} EgTopRanked;

void eg_top_ranked_init (EgTopRanked *t, guint top);
void eg_top_ranked_offer (EgTopRanked *t, double w, guint64 tie);
void eg_top_ranked_clear (EgTopRanked *t);

/* Index of the node with id @id, or -1 (binary search). */
gint eg_view_find (const EgView *v, const char *id);

static inline EgViewNode *
eg_view_node (const EgView *v, guint i)
{
  return &g_array_index (v->nodes, EgViewNode, i);
}

static inline EgViewEdge *
eg_view_edge (const EgView *v, guint i)
{
  return &g_array_index (v->edges, EgViewEdge, i);
}

/* "cooccurrence", "signer", "origin". */
const char *eg_edge_kind_name (EgEdgeKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EgView, eg_view_free)

G_END_DECLS
