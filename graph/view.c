/* view.c - the graph that is written (see view.h). */
#include "view.h"

#include <math.h>
#include <string.h>

static const char *const kind_names[] = { "cooccurrence", "signer", "origin" };

const char *
eg_edge_kind_name (EgEdgeKind kind)
{
  return (guint) kind < G_N_ELEMENTS (kind_names) ? kind_names[kind] : "unknown";
}

static gint
edge_order (gconstpointer a, gconstpointer b)
{
  const EgViewEdge *x = a, *y = b;
  if (x->a != y->a)
    return x->a < y->a ? -1 : 1;
  if (x->b != y->b)
    return x->b < y->b ? -1 : 1;
  return (gint) x->kind - (gint) y->kind;
}

static int
key_cmp (const void *a, const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
}

static EgViewNode
node_from (const EgNode *n)
{
  EgViewNode vn = { 0 };
  vn.id = n->id;
  vn.type = n->type;
  vn.label = n->label ? n->label : n->id;
  vn.first_date = n->first_date;
  vn.mentions = n->mentions;
  vn.docs = n->docs;
  vn.windows = n->windows;
  vn.community = -1;
  return vn;
}

/* A view of every node of @c, in id order, without edges yet (room for @edges); @inv_out:
 * each counted node's place; @order_out: the counted node at each place. */
static EgView *
view_of_nodes (const EgCooc *c, EgWeight w, guint edges, guint32 **inv_out, guint32 **order_out)
{
  EgView *v = g_new0 (EgView, 1);
  v->weight = w;
  v->level = c->level;
  v->nodes = g_array_sized_new (FALSE, TRUE, sizeof (EgViewNode), c->nodes->len);
  v->edges = g_array_sized_new (FALSE, TRUE, sizeof (EgViewEdge), edges);
  v->attrs = g_ptr_array_new_with_free_func (g_free);
  guint32 *order = NULL;
  *inv_out = eg_cooc_id_ranks (c, &order);
  for (guint k = 0; k < c->nodes->len; k++)
    {
      EgViewNode vn = node_from (g_ptr_array_index (c->nodes, order[k]));
      g_array_append_val (v->nodes, vn);
    }
  if (order_out)
    *order_out = order;
  else
    g_free (order);
  return v;
}

/* The view's record of counted edge @e, between view nodes @a < @b. */
static inline void
edge_record (EgViewEdge *ve, const EgCooc *c, EgWeight w, const EgEdge *e, guint32 a, guint32 b)
{
  ve->a = a;
  ve->b = b;
  ve->kind = EG_EDGE_COOCCURRENCE;
  ve->windows = e->windows;
  ve->docs = e->docs;
  ve->weight = eg_weight_edge (w, c, e);
  ve->fractional = (double) e->fractional / (double) EG_COOC_FX;
  ve->first_date = e->first_date;
  ve->evidence = e->evidence;
  ve->n_evidence = e->n_evidence;
}

EgView *
eg_view_new (const EgCooc *c, EgWeight w)
{
  g_autofree guint32 *inv = NULL;
  EgView *v = view_of_nodes (c, w, c->edges->len, &inv, NULL);
  /* Edges in (a, b) order. A merge sort of the 64-byte records was a tenth of a large
   * graph's run; instead the edges are counted into buckets by a (a counting sort), and
   * each bucket, small, is sorted by b. Pairs are distinct, so the order is total. */
  guint n_nodes = c->nodes->len, n_edges = c->edges->len;
  g_autofree guint32 *first = g_new0 (guint32, n_nodes + 1);
  g_autofree guint64 *keys = g_new (guint64, n_edges + 1);
  for (guint i = 0; i < n_edges; i++)
    {
      const EgEdge *e = g_ptr_array_index (c->edges, i);
      first[MIN (inv[e->a], inv[e->b]) + 1]++;
    }
  for (guint k = 0; k < n_nodes; k++)
    first[k + 1] += first[k];
  g_autofree guint32 *fill = g_memdup2 (first, (n_nodes + 1) * sizeof *first);
  for (guint i = 0; i < n_edges; i++)
    {
      const EgEdge *e = g_ptr_array_index (c->edges, i);
      guint32 a = MIN (inv[e->a], inv[e->b]), b = MAX (inv[e->a], inv[e->b]);
      keys[fill[a]++] = (guint64) b << 32 | i;
    }
  g_array_set_size (v->edges, n_edges);
  for (guint a = 0; a < n_nodes; a++)
    if (first[a + 1] - first[a] > 1)
      qsort (keys + first[a], first[a + 1] - first[a], sizeof *keys, key_cmp);
  /* In this order the counted edges are read at random: each is asked for a few ahead. */
  guint a = 0;
  for (guint t = 0; t < n_edges; t++)
    {
      if (t + 8 < n_edges)
        __builtin_prefetch (eg_cooc_edge_at (c, (guint32) keys[t + 8]));
      while (first[a + 1] <= t)
        a++;
      edge_record (&g_array_index (v->edges, EgViewEdge, t), c, w,
                   eg_cooc_edge_at (c, (guint32) keys[t]), a, (guint32) (keys[t] >> 32));
    }
  eg_view_update_strength (v);
  return v;
}

EgView *
eg_view_new_top (const EgCooc *c, EgWeight w, guint top)
{
  if (top == 0 || c->edges->len <= top)
    return eg_view_new (c, w);
  g_autofree guint32 *inv = NULL, *order = NULL;
  EgView *v = view_of_nodes (c, w, top, &inv, &order);
  /* The ranking's tie is the pair's place in the view's (a, b) order, as eg_view_new()'s
   * index would be. Weights are worked out in the counts' order, without a sort; only the
   * edges kept are sorted and recorded. */
  EgTopRanked t;
  eg_top_ranked_init (&t, top);
  guint n_edges = c->edges->len;
  for (guint i = 0; i < n_edges; i++)
    {
      const EgEdge *e = g_ptr_array_index (c->edges, i);
      guint32 a = MIN (inv[e->a], inv[e->b]), b = MAX (inv[e->a], inv[e->b]);
      eg_top_ranked_offer (&t, eg_weight_edge (w, c, e), (guint64) a << 32 | b);
    }
  /* the kept pairs by (a, b), then their edges found again */
  g_autofree guint64 *keys = g_new (guint64, t.n + 1);
  for (guint k = 0; k < t.n; k++)
    keys[k] = t.h[k].tie;
  eg_top_ranked_clear (&t);
  guint n = t.n;
  qsort (keys, n, sizeof *keys, key_cmp);
  g_array_set_size (v->edges, n);
  for (guint k = 0; k < n; k++)
    {
      guint32 a = (guint32) (keys[k] >> 32), b = (guint32) keys[k];
      const EgEdge *e = eg_cooc_pair (c, order[a], order[b]);
      edge_record (&g_array_index (v->edges, EgViewEdge, k), c, w, e, a, b);
    }
  eg_view_update_strength (v);
  return v;
}

static inline gboolean
ranks_before (EgRanked x, EgRanked y)
{
  return x.w != y.w ? x.w > y.w : x.tie < y.tie;
}

/* Restores the heap @h[0..@n) below @k: each entry ranks after its children, so the root
 * is the last of those kept. */
static void
heap_down (EgRanked *h, guint n, guint k)
{
  for (;;)
    {
      guint c = 2 * k + 1;
      if (c >= n)
        return;
      if (c + 1 < n && ranks_before (h[c], h[c + 1]))
        c++;
      if (!ranks_before (h[k], h[c]))
        return;
      EgRanked t = h[k];
      h[k] = h[c];
      h[c] = t;
      k = c;
    }
}

void
eg_top_ranked_init (EgTopRanked *t, guint top)
{
  t->h = g_new (EgRanked, top + 1);
  t->n = 0;
  t->top = top;
}

void
eg_top_ranked_offer (EgTopRanked *t, double w, guint64 tie)
{
  EgRanked r = { isnan (w) ? -INFINITY : w, tie };
  EgRanked *h = t->h;
  if (t->n < t->top)
    {
      /* up from the bottom */
      guint k = t->n++;
      h[k] = r;
      while (k > 0 && ranks_before (h[(k - 1) / 2], h[k]))
        {
          EgRanked x = h[k];
          h[k] = h[(k - 1) / 2];
          h[(k - 1) / 2] = x;
          k = (k - 1) / 2;
        }
    }
  else if (t->top > 0 && ranks_before (r, h[0]))
    {
      h[0] = r;
      heap_down (h, t->n, 0);
    }
}

void
eg_top_ranked_clear (EgTopRanked *t)
{
  g_clear_pointer (&t->h, g_free);
}

void
eg_view_free (EgView *v)
{
  if (v == NULL)
    return;
  g_array_free (v->nodes, TRUE);
  g_array_free (v->edges, TRUE);
  g_ptr_array_free (v->attrs, TRUE);
  g_free (v);
}

EgView *
eg_view_copy (const EgView *v)
{
  EgView *c = g_new0 (EgView, 1);
  *c = *v;
  c->nodes = g_array_sized_new (FALSE, FALSE, sizeof (EgViewNode), v->nodes->len);
  g_array_append_vals (c->nodes, v->nodes->data, v->nodes->len);
  c->edges = g_array_sized_new (FALSE, FALSE, sizeof (EgViewEdge), v->edges->len);
  g_array_append_vals (c->edges, v->edges->data, v->edges->len);
  c->attrs = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < v->attrs->len; i++)
    g_ptr_array_add (c->attrs, g_strdup (g_ptr_array_index (v->attrs, i)));
  return c;
}

void
eg_view_set_attr (EgView *v, const char *key, const char *value)
{
  for (guint i = 0; i + 1 < v->attrs->len; i += 2)
    if (strcmp (g_ptr_array_index (v->attrs, i), key) == 0)
      {
        g_free (g_ptr_array_index (v->attrs, i + 1));
        g_ptr_array_index (v->attrs, i + 1) = g_strdup (value);
        return;
      }
  g_ptr_array_add (v->attrs, g_strdup (key));
  g_ptr_array_add (v->attrs, g_strdup (value));
}

const char *
eg_view_get_attr (const EgView *v, const char *key)
{
  for (guint i = 0; i + 1 < v->attrs->len; i += 2)
    if (strcmp (g_ptr_array_index (v->attrs, i), key) == 0)
      return g_ptr_array_index (v->attrs, i + 1);
  return NULL;
}

gint
eg_view_find (const EgView *v, const char *id)
{
  guint lo = 0, hi = v->nodes->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int r = strcmp (eg_view_node (v, mid)->id, id);
      if (r == 0)
        return (gint) mid;
      if (r < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

void
eg_view_update_strength (EgView *v)
{
  for (guint i = 0; i < v->nodes->len; i++)
    eg_view_node (v, i)->strength = 0;
  for (guint i = 0; i < v->edges->len; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      if (e->kind != EG_EDGE_COOCCURRENCE)
        continue;
      eg_view_node (v, e->a)->strength += e->weight;
      eg_view_node (v, e->b)->strength += e->weight;
    }
}

void
eg_view_keep (EgView *v, const gboolean *keep_node, const gboolean *keep_edge)
{
  guint n = v->nodes->len;
  g_autofree guint32 *map = g_new (guint32, n + 1);
  guint k = 0;
  for (guint i = 0; i < n; i++)
    {
      if (keep_node && !keep_node[i])
        {
          map[i] = G_MAXUINT32;
          continue;
        }
      map[i] = k;
      if (k != i)
        g_array_index (v->nodes, EgViewNode, k) = g_array_index (v->nodes, EgViewNode, i);
      k++;
    }
  g_array_set_size (v->nodes, k);
  guint m = 0;
  for (guint i = 0; i < v->edges->len; i++)
    {
      EgViewEdge e = g_array_index (v->edges, EgViewEdge, i);
      if ((keep_edge && !keep_edge[i]) || map[e.a] == G_MAXUINT32 || map[e.b] == G_MAXUINT32)
        continue;
      e.a = map[e.a];
      e.b = map[e.b];
      g_array_index (v->edges, EgViewEdge, m++) = e;
    }
  g_array_set_size (v->edges, m);
  eg_view_update_strength (v);
}

static gint
view_index_by_id (gconstpointer a, gconstpointer b, gpointer data)
{
  const GArray *nodes = data;
  return strcmp (g_array_index (nodes, EgViewNode, *(const guint32 *) a).id,
                 g_array_index (nodes, EgViewNode, *(const guint32 *) b).id);
}

void
eg_view_add_links (EgView *v, const EgCooc *links, EgEdgeKind kind)
{
  guint n_links = links->nodes->len;
  if (n_links == 0)
    return;
  /* Where each node of @links is in the view: present, to be added (a signer or post
   * linked to a node of the view), or absent. */
  g_autofree gint *pos = g_new (gint, n_links);
  for (guint i = 0; i < n_links; i++)
    pos[i] = eg_view_find (v, ((const EgNode *) g_ptr_array_index (links->nodes, i))->id);
  g_autofree gboolean *add = g_new0 (gboolean, n_links);
  for (guint i = 0; i < links->edges->len; i++)
    {
      const EgEdge *e = g_ptr_array_index (links->edges, i);
      guint32 ends[2] = { e->a, e->b };
      for (guint s = 0; s < 2; s++)
        {
          const EgNode *x = g_ptr_array_index (links->nodes, ends[s]);
          if (pos[ends[s]] < 0 && x->mentions > 0 && pos[ends[1 - s]] >= 0)
            add[ends[s]] = TRUE;
        }
    }
  guint before = v->nodes->len;
  for (guint i = 0; i < n_links; i++)
    if (add[i])
      {
        EgViewNode vn = node_from (g_ptr_array_index (links->nodes, i));
        vn.header = TRUE;
        vn.windows = 0;
        g_array_append_val (v->nodes, vn);
      }
  if (v->nodes->len > before)
    {
      /* Re-sort the nodes by id and renumber the edges. */
      guint n = v->nodes->len;
      g_autofree guint32 *order = g_new (guint32, n);
      for (guint i = 0; i < n; i++)
        order[i] = i;
      g_qsort_with_data (order, (gint) n, sizeof *order, view_index_by_id, v->nodes);
      g_autofree guint32 *map = g_new (guint32, n);
      GArray *sorted = g_array_sized_new (FALSE, FALSE, sizeof (EgViewNode), n);
      for (guint k = 0; k < n; k++)
        {
          map[order[k]] = k;
          g_array_append_val (sorted, g_array_index (v->nodes, EgViewNode, order[k]));
        }
      g_array_free (v->nodes, TRUE);
      v->nodes = sorted;
      for (guint i = 0; i < v->edges->len; i++)
        {
          EgViewEdge *e = eg_view_edge (v, i);
          guint32 a = map[e->a], b = map[e->b];
          e->a = MIN (a, b);
          e->b = MAX (a, b);
        }
    }
  g_autoptr (GHashTable) pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < v->edges->len; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      gint64 key = ((gint64) e->a << 32) | e->b;
      g_hash_table_add (pairs, g_memdup2 (&key, sizeof key));
    }
  for (guint i = 0; i < links->edges->len; i++)
    {
      const EgEdge *e = g_ptr_array_index (links->edges, i);
      const EgNode *x = g_ptr_array_index (links->nodes, e->a);
      const EgNode *y = g_ptr_array_index (links->nodes, e->b);
      gint a = eg_view_find (v, x->id), b = eg_view_find (v, y->id);
      if (a < 0 || b < 0 || a == b)
        continue;
      gint64 key = ((gint64) MIN (a, b) << 32) | (guint32) MAX (a, b);
      if (g_hash_table_contains (pairs, &key))
        continue;
      g_hash_table_add (pairs, g_memdup2 (&key, sizeof key));
      EgViewEdge ve = { 0 };
      ve.a = (guint32) MIN (a, b);
      ve.b = (guint32) MAX (a, b);
      ve.kind = kind;
      ve.windows = 0;
      ve.docs = e->docs;
      ve.weight = e->docs;
      ve.first_date = e->first_date;
      ve.evidence = e->evidence;
      ve.n_evidence = e->n_evidence;
      g_array_append_val (v->edges, ve);
    }
  g_array_sort (v->edges, edge_order);
}
