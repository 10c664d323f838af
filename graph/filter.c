/* filter.c - pruning (see filter.h). */
#include "filter.h"

#include <math.h>
#include <string.h>

#include "error.h"

gint
eg_filter_find (const EgView *v, const char *key)
{
  gint i = eg_view_find (v, key);
  if (i >= 0)
    return i;
  g_autofree char *want = g_utf8_casefold (key, -1);
  for (guint k = 0; k < v->nodes->len; k++)
    {
      g_autofree char *label = g_utf8_casefold (eg_view_node (v, k)->label, -1);
      if (strcmp (label, want) == 0)
        return (gint) k;
    }
  for (guint k = 0; k < v->nodes->len; k++)
    {
      const char *colon = strchr (eg_view_node (v, k)->id, ':');
      if (colon && g_ascii_strcasecmp (colon + 1, key) == 0)
        return (gint) k;
    }
  return -1;
}

/* Heavier first; equal weights in index order, which is id order. */
static gint
edge_rank_cmp (gconstpointer a, gconstpointer b, gpointer data)
{
  const EgView *v = data;
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  double wx = eg_view_edge (v, x)->weight, wy = eg_view_edge (v, y)->weight;
  if (wx != wy)
    return wx > wy ? -1 : 1;
  return x < y ? -1 : x > y;
}

static gint
node_rank_cmp (gconstpointer a, gconstpointer b, gpointer data)
{
  const EgView *v = data;
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  double sx = eg_view_node (v, x)->strength, sy = eg_view_node (v, y)->strength;
  if (sx != sy)
    return sx > sy ? -1 : 1;
  return x < y ? -1 : x > y;
}

guint32 *
eg_filter_rank_nodes (const EgView *v)
{
  guint n = v->nodes->len;
  guint32 *order = g_new (guint32, n + 1);
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof *order, node_rank_cmp, (gpointer) v);
  return order;
}

static guint32 *
rank_edges (const EgView *v)
{
  guint n = v->edges->len;
  guint32 *order = g_new (guint32, n + 1);
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof *order, edge_rank_cmp, (gpointer) v);
  return order;
}

static void
keep_types (EgView *v, const char *const *types)
{
  g_autofree gboolean *keep = g_new0 (gboolean, v->nodes->len + 1);
  for (guint i = 0; i < v->nodes->len; i++)
    for (guint k = 0; types[k] && !keep[i]; k++)
      keep[i] = g_ascii_strcasecmp (eg_view_node (v, i)->type, types[k]) == 0;
  eg_view_keep (v, keep, NULL);
}

static void
keep_min_docs (EgView *v, guint min_docs)
{
  g_autofree gboolean *kn = g_new0 (gboolean, v->nodes->len + 1);
  g_autofree gboolean *ke = g_new0 (gboolean, v->edges->len + 1);
  for (guint i = 0; i < v->nodes->len; i++)
    kn[i] = eg_view_node (v, i)->docs >= min_docs;
  for (guint i = 0; i < v->edges->len; i++)
    ke[i] = eg_view_edge (v, i)->docs >= min_docs;
  eg_view_keep (v, kn, ke);
}

static void
keep_min_weight (EgView *v, double min)
{
  g_autofree gboolean *ke = g_new0 (gboolean, v->edges->len + 1);
  for (guint i = 0; i < v->edges->len; i++)
    ke[i] = eg_view_edge (v, i)->weight >= min;
  eg_view_keep (v, NULL, ke);
}

/* Breadth-first from @start over the edges, @depth steps. */
static void
keep_ego (EgView *v, guint start, guint depth)
{
  guint n = v->nodes->len;
  g_autofree guint *dist = g_new (guint, n + 1);
  for (guint i = 0; i < n; i++)
    dist[i] = G_MAXUINT;
  dist[start] = 0;
  /* Adjacency as sorted edge lists per node (CSR). */
  g_autofree guint *deg = g_new0 (guint, n + 1);
  for (guint i = 0; i < v->edges->len; i++)
    {
      deg[eg_view_edge (v, i)->a + 1]++;
      deg[eg_view_edge (v, i)->b + 1]++;
    }
  for (guint i = 0; i < n; i++)
    deg[i + 1] += deg[i];
  g_autofree guint *adj = g_new (guint, 2 * v->edges->len + 1);
  g_autofree guint *fill = g_memdup2 (deg, (n + 1) * sizeof *deg);
  for (guint i = 0; i < v->edges->len; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      adj[fill[e->a]++] = e->b;
      adj[fill[e->b]++] = e->a;
    }
  g_autofree guint *queue = g_new (guint, n + 1);
  guint head = 0, tail = 0;
  queue[tail++] = start;
  while (head < tail)
    {
      guint x = queue[head++];
      if (dist[x] >= depth)
        continue;
      for (guint k = deg[x]; k < deg[x + 1]; k++)
        if (dist[adj[k]] == G_MAXUINT)
          {
            dist[adj[k]] = dist[x] + 1;
            queue[tail++] = adj[k];
          }
    }
  g_autofree gboolean *keep = g_new0 (gboolean, n + 1);
  for (guint i = 0; i < n; i++)
    keep[i] = dist[i] != G_MAXUINT;
  eg_view_keep (v, keep, NULL);
}

static void
keep_top_nodes (EgView *v, guint top)
{
  if (v->nodes->len <= top)
    return;
  g_autofree guint32 *order = eg_filter_rank_nodes (v);
  g_autofree gboolean *keep = g_new0 (gboolean, v->nodes->len + 1);
  for (guint k = 0; k < top; k++)
    keep[order[k]] = TRUE;
  eg_view_keep (v, keep, NULL);
}

static void
keep_max_per_node (EgView *v, guint max)
{
  guint n = v->nodes->len, m = v->edges->len;
  g_autofree guint32 *order = rank_edges (v);
  g_autofree guint *taken = g_new0 (guint, n + 1);
  g_autofree guint8 *ends_ok = g_new0 (guint8, m + 1);
  /* Walking the edges heaviest first, each end accepts its first @max. */
  for (guint k = 0; k < m; k++)
    {
      const EgViewEdge *e = eg_view_edge (v, order[k]);
      if (taken[e->a] < max)
        {
          taken[e->a]++;
          ends_ok[order[k]]++;
        }
      if (taken[e->b] < max)
        {
          taken[e->b]++;
          ends_ok[order[k]]++;
        }
    }
  g_autofree gboolean *keep = g_new0 (gboolean, m + 1);
  for (guint i = 0; i < m; i++)
    keep[i] = ends_ok[i] == 2;
  eg_view_keep (v, NULL, keep);
}

static void
keep_top_edges (EgView *v, guint top)
{
  guint m = v->edges->len;
  if (m <= top)
    return;
  /* The first @top of the ranking, without sorting all of it (a full sort of two million
   * edges was a tenth of the stage after counting); ties in index order, which is id
   * order. */
  EgTopRanked t;
  eg_top_ranked_init (&t, top);
  for (guint i = 0; i < m; i++)
    eg_top_ranked_offer (&t, eg_view_edge (v, i)->weight, i);
  g_autofree gboolean *keep = g_new0 (gboolean, m + 1);
  for (guint k = 0; k < t.n; k++)
    keep[t.h[k].tie] = TRUE;
  eg_top_ranked_clear (&t);
  eg_view_keep (v, NULL, keep);
}

static void
drop_isolated (EgView *v)
{
  g_autofree gboolean *keep = g_new0 (gboolean, v->nodes->len + 1);
  for (guint i = 0; i < v->edges->len; i++)
    keep[eg_view_edge (v, i)->a] = keep[eg_view_edge (v, i)->b] = TRUE;
  eg_view_keep (v, keep, NULL);
}

gboolean
eg_filter_top_edges_only (const EgFilter *f)
{
  return f->top_edges > 0 && !f->focus && !(f->types && f->types[0]) && f->min_docs == 0
         && !f->use_min_weight && f->top_nodes == 0 && f->max_per_node == 0;
}

gboolean
eg_filter_apply (EgView *v, const EgFilter *f, GError **error)
{
  if (f->focus)
    {
      gint i = eg_view_find (v, f->focus);
      if (i < 0)
        {
          g_set_error (error, EG_ERROR, EG_ERROR_FORMAT, "\"%s\" is not a node of the graph",
                       f->focus);
          return FALSE;
        }
      const EgViewNode *fn = eg_view_node (v, (guint) i);
      gboolean typed = !(f->types && f->types[0]);
      for (guint k = 0; !typed && f->types[k]; k++)
        typed = g_ascii_strcasecmp (fn->type, f->types[k]) == 0;
      if (!typed || fn->docs < f->min_docs)
        {
          g_set_error (error, EG_ERROR, EG_ERROR_FORMAT,
                       "the focus \"%s\" is left out by %s", f->focus,
                       !typed ? "--types" : "--min-docs");
          return FALSE;
        }
    }
  if (f->types && f->types[0])
    keep_types (v, f->types);
  if (f->min_docs > 0)
    keep_min_docs (v, f->min_docs);
  if (f->use_min_weight)
    keep_min_weight (v, f->min_weight);
  if (f->focus)
    {
      gint start = eg_view_find (v, f->focus);
      g_assert (start >= 0);
      keep_ego (v, (guint) start, MAX (f->depth, 1));
    }
  if (f->top_nodes > 0)
    keep_top_nodes (v, f->top_nodes);
  if (f->max_per_node > 0)
    keep_max_per_node (v, f->max_per_node);
  if (f->top_edges > 0)
    keep_top_edges (v, f->top_edges);
  if (f->no_isolated)
    drop_isolated (v);
  return TRUE;
}
