/* test-community.c - communities on graphs whose communities are known. */
#include <string.h>

#include "community.h"
#include "graphfix.h"
#include "testutil.h"

/* A clique of @n entities named @prefix1..@prefixN: one window per pair. */
static void
clique (GString *spec, const char *prefix, guint n)
{
  for (guint i = 1; i <= n; i++)
    for (guint j = i + 1; j <= n; j++)
      g_string_append_printf (spec, "%s%s%u %s%u", spec->len ? ";" : "", prefix, i, prefix, j);
}

static EgCooc *
cliques (GraphFix *f, const guint *sizes, guint n, gboolean bridges)
{
  g_autoptr (GString) spec = g_string_new (NULL);
  for (guint k = 0; k < n; k++)
    {
      char prefix[8];
      g_snprintf (prefix, sizeof prefix, "%c", 'a' + k);
      clique (spec, prefix, sizes[k]);
      if (bridges && k > 0)
        g_string_append_printf (spec, ";%c1 %c1", 'a' + k - 1, 'a' + k);
    }
  graphfix_add (f, "06TEST1", "2006-01-01T00:00Z", spec->str);
  return graphfix_count (f, EG_LEVEL_PARAGRAPH, 2);
}

static gint
community_of (const EgView *v, const char *id)
{
  gint i = eg_view_find (v, id);
  ck_assert_msg (i >= 0, "%s is a node", id);
  return eg_view_node (v, (guint) i)->community;
}

START_TEST (test_two_cliques)
{
  GraphFix *f = graphfix_new ();
  static const guint sizes[] = { 5, 5 };
  g_autoptr (EgCooc) c = cliques (f, sizes, 2, TRUE);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_COUNT);
  ck_assert_uint_eq (v->nodes->len, 10);
  ck_assert_uint_eq (v->edges->len, 21);
  g_autoptr (GError) error = NULL;
  ck_assert_msg (eg_community_detect (v, EG_COMMUNITY_LOUVAIN, &error), "louvain: %s",
                 error ? error->message : "");
  ck_assert_msg (v->n_communities == 2, "two cliques joined by one edge are 2 communities, got %u",
                 v->n_communities);
  for (guint i = 1; i <= 5; i++)
    {
      char a[16], b[16];
      g_snprintf (a, sizeof a, "T:a%u", i);
      g_snprintf (b, sizeof b, "T:b%u", i);
      ck_assert_msg (community_of (v, a) == 0, "%s is in community 0 (it holds the first id)", a);
      ck_assert_msg (community_of (v, b) == 1, "%s is in community 1", b);
    }
  /* Modularity of this split: 2 * (10/21 - (21/42)^2) = 0.452... */
  ck_assert_msg (v->modularity > 0.44 && v->modularity < 0.46, "modularity 0.45, got %g",
                 v->modularity);
  graphfix_free (f);
}
END_TEST

START_TEST (test_sizes_order_numbers)
{
  GraphFix *f = graphfix_new ();
  static const guint sizes[] = { 3, 6, 4 };
  g_autoptr (EgCooc) c = cliques (f, sizes, 3, TRUE);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_COUNT);
  ck_assert (eg_community_detect (v, EG_COMMUNITY_LOUVAIN, NULL));
  ck_assert_uint_eq (v->n_communities, 3);
  ck_assert_msg (community_of (v, "T:b1") == 0, "the largest clique is community 0");
  ck_assert_msg (community_of (v, "T:c1") == 1, "the next is 1");
  ck_assert_msg (community_of (v, "T:a1") == 2, "the smallest is 2");
  graphfix_free (f);
}
END_TEST

START_TEST (test_deterministic)
{
  /* A graph with no clear split, where Louvain's random order could matter: the same
   * result every time. */
  GraphFix *f = graphfix_new ();
  graphfix_add (f, "06TEST1", NULL,
                "a b c;c d e;e f a;b d f;a d;c f;g h;h i;i g;g a;x y;y z");
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 2);
  g_autoptr (EgView) first = eg_view_new (c, EG_WEIGHT_FRACTIONAL);
  ck_assert (eg_community_detect (first, EG_COMMUNITY_LOUVAIN, NULL));
  for (guint run = 0; run < 5; run++)
    {
      g_autoptr (EgView) again = eg_view_new (c, EG_WEIGHT_FRACTIONAL);
      ck_assert (eg_community_detect (again, EG_COMMUNITY_LOUVAIN, NULL));
      for (guint i = 0; i < first->nodes->len; i++)
        ck_assert_msg (eg_view_node (first, i)->community == eg_view_node (again, i)->community,
                       "run %u: %s changed community", run, eg_view_node (first, i)->id);
      ck_assert (first->modularity == again->modularity);
    }
  graphfix_free (f);
}
END_TEST

START_TEST (test_components)
{
  GraphFix *f = graphfix_new ();
  graphfix_add (f, "06TEST1", NULL, "a b;b c;d e;f;g h;h i;i j");
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 2);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_COUNT);
  ck_assert (eg_community_detect (v, EG_COMMUNITY_COMPONENTS, NULL));
  ck_assert_uint_eq (v->n_communities, 4);
  ck_assert_msg (community_of (v, "T:g") == 0 && community_of (v, "T:j") == 0,
                 "g-h-i-j, the largest component, is 0");
  ck_assert_msg (community_of (v, "T:a") == 1 && community_of (v, "T:c") == 1, "a-b-c is 1");
  ck_assert_msg (community_of (v, "T:d") == 2, "d-e is 2");
  ck_assert_msg (community_of (v, "T:f") == 3, "f alone is 3");
  graphfix_free (f);
}
END_TEST

START_TEST (test_negative_weights)
{
  /* npmi gives negative weights; those edges count as absent, nothing fails. */
  GraphFix *f = graphfix_new ();
  graphfix_add (f, "06TEST1", NULL, "a b;a b;a c;b d;c d;c;c;c;d;d;d;e f;e f");
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 2);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_NPMI);
  gboolean negative = FALSE;
  for (guint i = 0; i < v->edges->len; i++)
    negative |= eg_view_edge (v, i)->weight < 0;
  ck_assert_msg (negative, "the case has a negative weight");
  ck_assert (eg_community_detect (v, EG_COMMUNITY_LOUVAIN, NULL));
  ck_assert (v->has_communities);
  ck_assert (community_of (v, "T:e") == community_of (v, "T:f"));
  graphfix_free (f);
}
END_TEST

START_TEST (test_empty_and_none)
{
  GraphFix *f = graphfix_new ();
  graphfix_add (f, "06TEST1", NULL, "a;b");
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 2);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_COUNT);
  ck_assert (eg_community_detect (v, EG_COMMUNITY_LOUVAIN, NULL));
  ck_assert_msg (v->n_communities == 2, "two nodes without edges: two communities");
  ck_assert (eg_community_detect (v, EG_COMMUNITY_NONE, NULL));
  ck_assert (!v->has_communities);
  ck_assert_int_eq (eg_view_node (v, 0)->community, -1);
  EgCommunityMethod m;
  ck_assert (eg_community_parse ("components", &m) && m == EG_COMMUNITY_COMPONENTS);
  ck_assert (!eg_community_parse ("leiden", &m));
  graphfix_free (f);
}
END_TEST

static Suite *
community_suite (void)
{
  Suite *s = suite_create ("community");
  TCase *tc = tcase_create ("louvain");
  tcase_add_test (tc, test_two_cliques);
  tcase_add_test (tc, test_sizes_order_numbers);
  tcase_add_test (tc, test_deterministic);
  tcase_add_test (tc, test_negative_weights);
  suite_add_tcase (s, tc);
  tc = tcase_create ("components");
  tcase_add_test (tc, test_components);
  tcase_add_test (tc, test_empty_and_none);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (community_suite ());
}
