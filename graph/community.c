/* community.c - communities through igraph (see community.h). */
#include "community.h"

#include <igraph.h>

#include "error.h"

static const char *const names[] = { "none", "louvain", "components" };

gboolean
eg_community_parse (const char *s, EgCommunityMethod *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (s, names[i]) == 0)
      {
        *out = (EgCommunityMethod) i;
        return TRUE;
      }
  return FALSE;
}

const char *
eg_community_name (EgCommunityMethod m)
{
  return (guint) m < G_N_ELEMENTS (names) ? names[m] : "unknown";
}

/* Connected components by union-find over the co-occurrence edges. */
static guint
find (guint *parent, guint x)
{
  while (parent[x] != x)
    {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
  return x;
}

static void
components (const EgView *v, const guint *members, guint n, gint *label)
{
  g_autofree guint *parent = g_new (guint, n + 1);
  g_autofree gint *slot = g_new (gint, v->nodes->len + 1);
  for (guint i = 0; i < v->nodes->len; i++)
    slot[i] = -1;
  for (guint k = 0; k < n; k++)
    {
      parent[k] = k;
      slot[members[k]] = (gint) k;
    }
  for (guint i = 0; i < v->edges->len; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      if (e->kind != EG_EDGE_COOCCURRENCE || slot[e->a] < 0 || slot[e->b] < 0)
        continue;
      guint x = find (parent, (guint) slot[e->a]), y = find (parent, (guint) slot[e->b]);
      if (x != y)
        parent[MAX (x, y)] = MIN (x, y);
    }
  for (guint k = 0; k < n; k++)
    label[k] = (gint) find (parent, k);
}

typedef struct {
  gint label;
  guint size;
  guint first; /* smallest member position: id order */
} Group;

static gint
group_cmp (gconstpointer a, gconstpointer b)
{
  const Group *x = a, *y = b;
  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  return x->first < y->first ? -1 : x->first > y->first;
}

/* Renumbers @label[0..n) by decreasing group size, ties by first member; returns the count. */
static guint
renumber (gint *label, guint n)
{
  g_autoptr (GHashTable) idx = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GArray) groups = g_array_new (FALSE, FALSE, sizeof (Group));
  for (guint k = 0; k < n; k++)
    {
      gpointer key = GINT_TO_POINTER (label[k] + 1);
      guint g = GPOINTER_TO_UINT (g_hash_table_lookup (idx, key));
      if (g == 0)
        {
          Group gr = { label[k], 0, k };
          g_array_append_val (groups, gr);
          g = groups->len;
          g_hash_table_insert (idx, key, GUINT_TO_POINTER (g));
        }
      g_array_index (groups, Group, g - 1).size++;
    }
  g_array_sort (groups, group_cmp);
  g_hash_table_remove_all (idx);
  for (guint g = 0; g < groups->len; g++)
    g_hash_table_insert (idx, GINT_TO_POINTER (g_array_index (groups, Group, g).label + 1),
                         GUINT_TO_POINTER (g));
  for (guint k = 0; k < n; k++)
    label[k] = (gint) GPOINTER_TO_UINT (g_hash_table_lookup (idx, GINT_TO_POINTER (label[k] + 1)));
  return groups->len;
}

/* Builds the igraph graph of the members' co-occurrence edges with positive weight. */
static igraph_error_t
build (const EgView *v, const gint *slot, igraph_t *g, igraph_vector_t *weights, guint n)
{
  igraph_vector_int_t ends;
  IGRAPH_CHECK (igraph_vector_int_init (&ends, 0));
  igraph_error_t rc = IGRAPH_SUCCESS;
  for (guint i = 0; i < v->edges->len && rc == IGRAPH_SUCCESS; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      if (e->kind != EG_EDGE_COOCCURRENCE || slot[e->a] < 0 || slot[e->b] < 0 || !(e->weight > 0))
        continue;
      rc = igraph_vector_int_push_back (&ends, slot[e->a]);
      if (rc == IGRAPH_SUCCESS)
        rc = igraph_vector_int_push_back (&ends, slot[e->b]);
      if (rc == IGRAPH_SUCCESS)
        rc = igraph_vector_push_back (weights, e->weight);
    }
  if (rc == IGRAPH_SUCCESS)
    rc = igraph_create (g, &ends, (igraph_integer_t) n, IGRAPH_UNDIRECTED);
  igraph_vector_int_destroy (&ends);
  return rc;
}

static gboolean
louvain (const EgView *v, const gint *slot, guint n, gint *label, double *modularity,
         GError **error)
{
  igraph_t g;
  igraph_vector_t weights, q;
  igraph_vector_int_t membership;
  igraph_error_t rc = igraph_vector_init (&weights, 0);
  if (rc != IGRAPH_SUCCESS)
    goto fail_none;
  rc = build (v, slot, &g, &weights, n);
  if (rc != IGRAPH_SUCCESS)
    goto fail_weights;
  rc = igraph_vector_int_init (&membership, 0);
  if (rc != IGRAPH_SUCCESS)
    goto fail_graph;
  rc = igraph_vector_init (&q, 0);
  if (rc != IGRAPH_SUCCESS)
    goto fail_membership;
  igraph_rng_seed (igraph_rng_default (), EG_COMMUNITY_SEED);
  rc = igraph_community_multilevel (&g, igraph_vector_size (&weights) > 0 ? &weights : NULL,
                                    1.0, &membership, NULL, &q);
  if (rc == IGRAPH_SUCCESS)
    {
      for (guint k = 0; k < n; k++)
        label[k] = (gint) VECTOR (membership)[k];
      igraph_integer_t levels = igraph_vector_size (&q);
      *modularity = levels > 0 ? VECTOR (q)[levels - 1] : 0;
    }
  igraph_vector_destroy (&q);
fail_membership:
  igraph_vector_int_destroy (&membership);
fail_graph:
  igraph_destroy (&g);
fail_weights:
  igraph_vector_destroy (&weights);
fail_none:
  if (rc != IGRAPH_SUCCESS)
    g_set_error (error, EG_ERROR, EG_ERROR_FORMAT, "community detection failed: %s",
                 igraph_strerror (rc));
  return rc == IGRAPH_SUCCESS;
}

/* Modularity of a membership over the same weighted graph (for components). */
static double
modularity_of (const EgView *v, const gint *slot, guint n, const gint *label)
{
  igraph_t g;
  igraph_vector_t weights;
  igraph_vector_int_t membership;
  double q = 0;
  if (igraph_vector_init (&weights, 0) != IGRAPH_SUCCESS)
    return 0;
  if (build (v, slot, &g, &weights, n) == IGRAPH_SUCCESS)
    {
      if (igraph_vector_int_init (&membership, (igraph_integer_t) n) == IGRAPH_SUCCESS)
        {
          for (guint k = 0; k < n; k++)
            VECTOR (membership)[k] = label[k];
          igraph_real_t r = 0;
          if (igraph_ecount (&g) > 0
              && igraph_modularity (&g, &membership, &weights, 1.0, 0 /* undirected */, &r)
                   == IGRAPH_SUCCESS)
            q = r;
          igraph_vector_int_destroy (&membership);
        }
      igraph_destroy (&g);
    }
  igraph_vector_destroy (&weights);
  return q;
}

gboolean
eg_community_detect (EgView *v, EgCommunityMethod m, GError **error)
{
  guint total = v->nodes->len;
  for (guint i = 0; i < total; i++)
    eg_view_node (v, i)->community = -1;
  v->has_communities = FALSE;
  v->n_communities = 0;
  v->modularity = 0;
  if (m == EG_COMMUNITY_NONE)
    return TRUE;
  /* Members: the nodes that are not signers or posts, in id order. */
  g_autofree guint *members = g_new (guint, total + 1);
  g_autofree gint *slot = g_new (gint, total + 1);
  guint n = 0;
  for (guint i = 0; i < total; i++)
    {
      slot[i] = -1;
      if (!eg_view_node (v, i)->header)
        {
          slot[i] = (gint) n;
          members[n++] = i;
        }
    }
  g_autofree gint *label = g_new0 (gint, n + 1);
  double q = 0;
  gboolean ok = TRUE;
  igraph_error_handler_t *old_error = igraph_set_error_handler (igraph_error_handler_ignore);
  igraph_warning_handler_t *old_warning =
    igraph_set_warning_handler (igraph_warning_handler_ignore);
  if (n > 0)
    {
      if (m == EG_COMMUNITY_LOUVAIN)
        ok = louvain (v, slot, n, label, &q, error);
      else
        {
          components (v, members, n, label);
          q = modularity_of (v, slot, n, label);
        }
    }
  igraph_set_error_handler (old_error);
  igraph_set_warning_handler (old_warning);
  if (!ok)
    return FALSE;
  v->n_communities = n > 0 ? renumber (label, n) : 0;
  for (guint k = 0; k < n; k++)
    eg_view_node (v, members[k])->community = label[k];
  v->modularity = q;
  v->has_communities = TRUE;
  return TRUE;
}
