/* test-weight.c - every weight formula on small cases worked out by hand. */
#include <math.h>

#include "graphfix.h"
#include "testutil.h"
#include "view.h"
#include "weight.h"

#define NEAR(x, y) (fabs ((x) - (y)) < 1e-9)

typedef struct {
  guint n, a, b, ab;
  double pmi, npmi, dice, jaccard;
} FormulaCase;

/* pmi = log2 (ab n / (a b)); npmi = pmi / -log2 (ab / n); dice = 2ab / (a + b);
 * jaccard = ab / (a + b - ab). */
static const FormulaCase formula_cases[] = {
  /* independent: as often together as chance says */
  { 10, 4, 5, 2, 0.0, 0.0, 4.0 / 9, 2.0 / 7 },
  /* always together, in a quarter of the windows */
  { 8, 2, 2, 2, 2.0, 1.0, 1.0, 1.0 },
  /* rarely together: log2 (16 / 64) = -2, -log2 (1/16) = 4 */
  { 16, 8, 8, 1, -2.0, -0.5, 2.0 / 16, 1.0 / 15 },
  /* in every window: npmi is 1 by definition, pmi 0 */
  { 3, 3, 3, 3, 0.0, 1.0, 1.0, 1.0 },
  /* one inside the other: a in 2, b in 6 of 12, together 2: log2 (24 / 12) = 1,
   * -log2 (2/12) = log2 6 */
  { 12, 2, 6, 2, 1.0, 1.0 / 2.584962500721156, 0.5, 2.0 / 6 },
};

START_TEST (test_formulas)
{
  const FormulaCase *c = &formula_cases[_i];
  double pmi = eg_weight_value (EG_WEIGHT_PMI, c->n, c->a, c->b, c->ab, 0);
  double npmi = eg_weight_value (EG_WEIGHT_NPMI, c->n, c->a, c->b, c->ab, 0);
  double dice = eg_weight_value (EG_WEIGHT_DICE, c->n, c->a, c->b, c->ab, 0);
  double jac = eg_weight_value (EG_WEIGHT_JACCARD, c->n, c->a, c->b, c->ab, 0);
  ck_assert_msg (NEAR (pmi, c->pmi), "case %d: pmi is %g, got %g", _i, c->pmi, pmi);
  ck_assert_msg (NEAR (npmi, c->npmi), "case %d: npmi is %g, got %g", _i, c->npmi, npmi);
  ck_assert_msg (NEAR (dice, c->dice), "case %d: dice is %g, got %g", _i, c->dice, dice);
  ck_assert_msg (NEAR (jac, c->jaccard), "case %d: jaccard is %g, got %g", _i, c->jaccard, jac);
  ck_assert_msg (eg_weight_value (EG_WEIGHT_COUNT, c->n, c->a, c->b, c->ab, 0) == c->ab,
                 "case %d: count is the windows shared", _i);
}
END_TEST

START_TEST (test_missing_counts)
{
  /* Counts without per-entity windows (old partial counts) give 0, never NaN or inf. */
  for (EgWeight w = EG_WEIGHT_PMI; w <= EG_WEIGHT_JACCARD; w++)
    {
      double v = eg_weight_value (w, 10, 0, 3, 2, 0);
      ck_assert_msg (v == 0, "%s with n(a) = 0 is 0, got %g", eg_weight_name (w), v);
    }
  ck_assert (eg_weight_needs_node_windows (EG_WEIGHT_NPMI));
  ck_assert (!eg_weight_needs_node_windows (EG_WEIGHT_FRACTIONAL));
}
END_TEST

START_TEST (test_fractional)
{
  /* A window of 3 entities gives each of its 3 pairs 1/3; a window of 2 gives its pair 1. */
  GraphFix *f = graphfix_new ();
  graphfix_add (f, "06TEST1", "2006-01-02T10:00Z", "a b c;b c");
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 5);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_FRACTIONAL);
  const EgViewEdge *bc = graphfix_edge (v, "T:b", "T:c"), *ab = graphfix_edge (v, "T:a", "T:b");
  ck_assert_msg (NEAR (bc->weight, 1.0 / 3 + 1), "b-c: 1/3 + 1, got %g", bc->weight);
  ck_assert_msg (NEAR (ab->weight, 1.0 / 3), "a-b: 1/3, got %g", ab->weight);
  graphfix_free (f);
}
END_TEST

START_TEST (test_node_windows)
{
  /* Paragraphs: {a b c} {b c} {a} {d}; a in 2, b in 2, c in 2, d in 1, N = 4. */
  GraphFix *f = graphfix_new ();
  graphfix_add (f, "06TEST1", NULL, "a b c;b c;a;d");
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 5);
  ck_assert_uint_eq (c->n_windows, 4);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_PMI);
  ck_assert_uint_eq (eg_view_node (v, (guint) eg_view_find (v, "T:a"))->windows, 2);
  ck_assert_uint_eq (eg_view_node (v, (guint) eg_view_find (v, "T:d"))->windows, 1);
  /* pmi (b, c) = log2 (2 * 4 / (2 * 2)) = 1; pmi (a, b) = log2 (1 * 4 / 4) = 0 */
  ck_assert_msg (NEAR (graphfix_edge (v, "T:b", "T:c")->weight, 1.0), "pmi(b,c) = 1");
  ck_assert_msg (NEAR (graphfix_edge (v, "T:a", "T:b")->weight, 0.0), "pmi(a,b) = 0");
  /* Merging two halves gives the same per-entity windows as counting the whole. */
  GraphFix *g = graphfix_new ();
  graphfix_add (g, "06TEST1", NULL, "a b c;b c");
  g_autoptr (EgCooc) half1 = graphfix_count (g, EG_LEVEL_PARAGRAPH, 5);
  GraphFix *h = graphfix_new ();
  graphfix_add (h, "06TEST2", NULL, "a;d");
  g_autoptr (EgCooc) half2 = graphfix_count (h, EG_LEVEL_PARAGRAPH, 5);
  eg_cooc_merge (half1, half2);
  g_autoptr (EgView) w = eg_view_new (half1, EG_WEIGHT_PMI);
  for (guint i = 0; i < v->nodes->len; i++)
    ck_assert_msg (eg_view_node (v, i)->windows == eg_view_node (w, i)->windows,
                   "merged windows of %s agree", eg_view_node (v, i)->id);
  graphfix_free (f);
  graphfix_free (g);
  graphfix_free (h);
}
END_TEST

START_TEST (test_sentence_level)
{
  /* Windows at sentence level are the sentences: {a b} {c} {b c}: N = 3, a 1, b 2, c 2. */
  GraphFix *f = graphfix_new ();
  graphfix_add (f, "06TEST1", NULL, "a b;c;b c");
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_SENTENCE, 5);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_DICE);
  ck_assert_msg (NEAR (graphfix_edge (v, "T:b", "T:c")->weight, 0.5), "dice(b,c) = 2/4");
  ck_assert_msg (NEAR (graphfix_edge (v, "T:a", "T:b")->weight, 2.0 / 3), "dice(a,b) = 2/3");
  g_autoptr (EgView) j = eg_view_new (c, EG_WEIGHT_JACCARD);
  ck_assert_msg (NEAR (graphfix_edge (j, "T:b", "T:c")->weight, 1.0 / 3), "jaccard(b,c) = 1/3");
  g_autoptr (EgView) n = eg_view_new (c, EG_WEIGHT_NPMI);
  /* npmi (a, b) = log2 (3 / 2) / log2 3 */
  ck_assert_msg (NEAR (graphfix_edge (n, "T:a", "T:b")->weight, log2 (1.5) / log2 (3.0)),
                 "npmi(a,b) = log2(1.5)/log2(3)");
  graphfix_free (f);
}
END_TEST

START_TEST (test_names_and_format)
{
  for (EgWeight w = EG_WEIGHT_COUNT; w <= EG_WEIGHT_JACCARD; w++)
    {
      EgWeight back;
      ck_assert_msg (eg_weight_parse (eg_weight_name (w), &back) && back == w,
                     "%s parses back", eg_weight_name (w));
    }
  EgWeight x;
  ck_assert (!eg_weight_parse ("tfidf", &x));
  char buf[EG_WEIGHT_BUF];
  ck_assert_str_eq (eg_weight_format (buf, 3), "3");
  ck_assert_str_eq (eg_weight_format (buf, 1.0 / 3), "0.333333");
  ck_assert_str_eq (eg_weight_format (buf, -0.0), "0");
  ck_assert_str_eq (eg_weight_format (buf, NAN), "0");
  ck_assert_str_eq (eg_weight_format (buf, -1.5849625), "-1.58496");
}
END_TEST

static Suite *
weight_suite (void)
{
  Suite *s = suite_create ("weight");
  TCase *tc = tcase_create ("formulas");
  tcase_add_loop_test (tc, test_formulas, 0, G_N_ELEMENTS (formula_cases));
  tcase_add_test (tc, test_missing_counts);
  suite_add_tcase (s, tc);
  tc = tcase_create ("from-counts");
  tcase_add_test (tc, test_fractional);
  tcase_add_test (tc, test_node_windows);
  tcase_add_test (tc, test_sentence_level);
  suite_add_tcase (s, tc);
  tc = tcase_create ("names");
  tcase_add_test (tc, test_names_and_format);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (weight_suite ());
}
