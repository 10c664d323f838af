/* test-filter.c - pruning (filter.h) and document selection (select.h) on a hand-built
 * graph.
 *
 * Two cables, paragraph windows:
 *   06TEST1  {ann acme sre} {ann acme} {acme ngo} {bob zeta}
 *   06TEST2  {ann acme} {sre ngo}
 * Edges (windows, docs): ann-acme (3, 2), ann-sre, acme-sre, acme-ngo, bob-zeta (1, 1 each),
 * sre-ngo (1, 1). Weighted degree by count: acme 5, ann 4, sre 3, ngo 2, bob 1, zeta 1.
 * Node order (by id): AGENCY:sre, GROUP:ngo, ORG:acme, ORG:zeta, PERSON:ann, PERSON:bob. */
#include <math.h>
#include <string.h>

#include "error.h"
#include "filter.h"
#include "graphfix.h"
#include "select.h"
#include "testutil.h"

static const char *d1 = "PERSON:ann ORG:acme AGENCY:sre;PERSON:ann ORG:acme;ORG:acme GROUP:ngo;"
                        "PERSON:bob ORG:zeta";
static const char *d2 = "PERSON:ann ORG:acme;AGENCY:sre GROUP:ngo";

static GraphFix *fix;
static EgCooc *counts;

static void
setup (void)
{
  fix = graphfix_new ();
  graphfix_add (fix, "06TEST1", "2006-01-05T10:00Z", d1);
  graphfix_add (fix, "06TEST2", "2006-02-01T10:00Z", d2);
  counts = graphfix_count (fix, EG_LEVEL_PARAGRAPH, 5);
}

static void
teardown (void)
{
  eg_cooc_free (counts);
  graphfix_free (fix);
}

/* "id id ..." of the nodes, "a-b a-b ..." of the edges (ids without their type). */
static char *
describe (const EgView *v)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < v->nodes->len; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", strchr (eg_view_node (v, i)->id, ':') + 1);
  g_string_append (s, " |");
  for (guint i = 0; i < v->edges->len; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      g_string_append_printf (s, " %s-%s", strchr (eg_view_node (v, e->a)->id, ':') + 1,
                              strchr (eg_view_node (v, e->b)->id, ':') + 1);
    }
  return g_string_free (s, FALSE);
}

typedef struct {
  const char *what;
  EgFilter f;
  const char *want;
} FilterCase;

static const char *const person_org[] = { "PERSON", "org", NULL };

static const FilterCase cases[] = {
  { "nothing", { 0 },
    "sre ngo acme zeta ann bob | sre-ngo sre-acme sre-ann ngo-acme acme-ann zeta-bob" },
  { "types PERSON,org (case folded)", { .types = person_org },
    "acme zeta ann bob | acme-ann zeta-bob" },
  { "min-docs 2", { .min_docs = 2 }, "sre ngo acme ann | acme-ann" },
  { "min-weight 2", { .use_min_weight = TRUE, .min_weight = 2 },
    "sre ngo acme zeta ann bob | acme-ann" },
  { "min-weight 2, no isolated", { .use_min_weight = TRUE, .min_weight = 2, .no_isolated = TRUE },
    "acme ann | acme-ann" },
  { "focus ann, depth 1", { .focus = "PERSON:ann", .depth = 1 },
    "sre acme ann | sre-acme sre-ann acme-ann" },
  { "focus ann, depth 2", { .focus = "PERSON:ann", .depth = 2 },
    "sre ngo acme ann | sre-ngo sre-acme sre-ann ngo-acme acme-ann" },
  { "focus bob, depth 0 is 1", { .focus = "PERSON:bob" }, "zeta bob | zeta-bob" },
  { "top-nodes 2", { .top_nodes = 2 }, "acme ann | acme-ann" },
  /* bob and zeta tie at 1: ORG:zeta comes first by id */
  { "top-nodes 5, ties by id", { .top_nodes = 5 },
    "sre ngo acme zeta ann | sre-ngo sre-acme sre-ann ngo-acme acme-ann" },
  /* acme-ann first; then weight-1 edges in id order: sre-ngo takes sre's and ngo's slot */
  { "max-per-node 1", { .max_per_node = 1 },
    "sre ngo acme zeta ann bob | sre-ngo acme-ann zeta-bob" },
  { "max-per-node 2", { .max_per_node = 2 },
    "sre ngo acme zeta ann bob | sre-ngo sre-acme acme-ann zeta-bob" },
  { "top-edges 2, ties by id", { .top_edges = 2 },
    "sre ngo acme zeta ann bob | sre-ngo acme-ann" },
  { "top-edges 2, no isolated", { .top_edges = 2, .no_isolated = TRUE },
    "sre ngo acme ann | sre-ngo acme-ann" },
  /* order: types first, then top-nodes among what is left */
  { "types then top-nodes", { .types = person_org, .top_nodes = 2 }, "acme ann | acme-ann" },
};

START_TEST (test_filters)
{
  const FilterCase *c = &cases[_i];
  g_autoptr (EgView) v = eg_view_new (counts, EG_WEIGHT_COUNT);
  g_autoptr (GError) error = NULL;
  ck_assert_msg (eg_filter_apply (v, &c->f, &error), "%s: %s", c->what,
                 error ? error->message : "");
  g_autofree char *got = describe (v);
  ck_assert_msg (strcmp (got, c->want) == 0, "%s: want \"%s\", got \"%s\"", c->what, c->want,
                 got);
}
END_TEST

/* Ranks edge indices as --top-edges documents it: heavier first, then in index order. */
static gint
by_rank (gconstpointer x, gconstpointer y, gpointer data)
{
  const EgView *v = data;
  guint32 i = *(const guint32 *) x, j = *(const guint32 *) y;
  double a = eg_view_edge (v, i)->weight, b = eg_view_edge (v, j)->weight;
  return a != b ? (a > b ? -1 : 1) : (i > j) - (i < j);
}

/* A document of @windows paragraphs, each of 2 to 6 of @entities entities "x0"... drawn
 * from @rand, added to @f as @id. */
static void
add_random_windows (GraphFix *f, GRand *rand, guint windows, gint32 entities, const char *id,
                    const char *date)
{
  GString *spec = g_string_new (NULL);
  for (guint w = 0; w < windows; w++)
    {
      if (w > 0)
        g_string_append_c (spec, ';');
      guint n = (guint) g_rand_int_range (rand, 2, 7);
      for (guint k = 0; k < n; k++)
        g_string_append_printf (spec, "%sx%d", k ? " " : "", g_rand_int_range (rand, 0, entities));
    }
  graphfix_add (f, id, date, spec->str);
  g_string_free (spec, TRUE);
}

START_TEST (test_top_edges_ranking)
{
  /* 30 entities in 60 windows of 2 to 6, weights redrawn from three values so that ties
   * are many: for each N, --top-edges keeps exactly the first N edges of the ranking. */
  GraphFix *f = graphfix_new ();
  GRand *rand = g_rand_new_with_seed (6);
  add_random_windows (f, rand, 60, 30, "06TEST9", NULL);
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 1);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_COUNT);
  guint m = v->edges->len;
  ck_assert_msg (m > 100, "the windows make many edges (%u)", m);
  for (guint i = 0; i < m; i++)
    g_array_index (v->edges, EgViewEdge, i).weight = 0.5 * g_rand_int_range (rand, 1, 4);
  g_autofree guint32 *order = g_new (guint32, m);
  for (guint i = 0; i < m; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) m, sizeof *order, by_rank, v);
  guint tops[] = { 1, 2, 7, 40, m / 2, m - 1, m, m + 5 };
  for (guint t = 0; t < G_N_ELEMENTS (tops); t++)
    {
      g_autoptr (EgView) top = eg_view_copy (v);
      EgFilter fl = { .top_edges = tops[t] };
      ck_assert (eg_filter_apply (top, &fl, NULL));
      g_autofree gboolean *want = g_new0 (gboolean, m);
      for (guint k = 0; k < MIN (tops[t], m); k++)
        want[order[k]] = TRUE;
      guint kept = 0;
      for (guint i = 0; i < m; i++)
        if (want[i])
          {
            const EgViewEdge *e = eg_view_edge (v, i);
            ck_assert_msg (kept < top->edges->len, "top %u: edge %u is kept", tops[t], i);
            const EgViewEdge *k = eg_view_edge (top, kept++);
            ck_assert_msg (strcmp (eg_view_node (top, k->a)->id, eg_view_node (v, e->a)->id) == 0
                             && strcmp (eg_view_node (top, k->b)->id,
                                        eg_view_node (v, e->b)->id) == 0
                             && k->weight == e->weight,
                           "top %u: kept edge %u is edge %u of the ranking's set", tops[t],
                           kept - 1, i);
          }
      ck_assert_msg (kept == top->edges->len, "top %u keeps %u edges, not %u", tops[t], kept,
                     top->edges->len);
    }
  g_rand_free (rand);
  graphfix_free (f);
}
END_TEST

/* eg_view_new_top() (the view --top-edges alone makes, without the other edges' records)
 * is the full view cut by --top-edges, for every weight: the same nodes and strengths,
 * the same edges in the same order with the same values. 40 entities in 80 windows of 2 to
 * 6 make ties by the hundred under the count weight. */
START_TEST (test_view_new_top)
{
  EgWeight weight = (EgWeight) _i;
  GraphFix *f = graphfix_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  add_random_windows (f, rand, 80, 40, "06TEST9", "2006-03-01T10:00Z");
  graphfix_add (f, "06TEST8", "2006-02-01T10:00Z", "x1 x2 x3;x39 x38");
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 2);
  guint m = c->edges->len;
  ck_assert_msg (m > 150, "the windows make many edges (%u)", m);
  guint tops[] = { 1, 2, 7, 40, m / 2, m - 1, m, m + 5 };
  for (guint t = 0; t < G_N_ELEMENTS (tops); t++)
    {
      g_autoptr (EgView) want = eg_view_new (c, weight);
      EgFilter fl = { .top_edges = tops[t] };
      ck_assert (eg_filter_apply (want, &fl, NULL));
      g_autoptr (EgView) got = eg_view_new_top (c, weight, tops[t]);
      ck_assert_uint_eq (got->nodes->len, want->nodes->len);
      for (guint i = 0; i < want->nodes->len; i++)
        ck_assert_msg (strcmp (eg_view_node (got, i)->id, eg_view_node (want, i)->id) == 0
                         && eg_view_node (got, i)->strength == eg_view_node (want, i)->strength,
                       "weight %d, top %u: node %u", _i, tops[t], i);
      ck_assert_uint_eq (got->edges->len, want->edges->len);
      for (guint i = 0; i < want->edges->len; i++)
        {
          const EgViewEdge *x = eg_view_edge (got, i), *y = eg_view_edge (want, i);
          ck_assert_msg (x->a == y->a && x->b == y->b && x->kind == y->kind
                           && x->windows == y->windows && x->docs == y->docs
                           && (x->weight == y->weight || (isnan (x->weight) && isnan (y->weight)))
                           && x->fractional == y->fractional && x->first_date == y->first_date
                           && x->evidence == y->evidence && x->n_evidence == y->n_evidence,
                         "weight %d, top %u: edge %u", _i, tops[t], i);
        }
    }
  graphfix_free (f);
}
END_TEST

START_TEST (test_strength)
{
  g_autoptr (EgView) v = eg_view_new (counts, EG_WEIGHT_COUNT);
  ck_assert_msg (eg_view_node (v, (guint) eg_view_find (v, "ORG:acme"))->strength == 5,
                 "acme's weighted degree is 3 + 1 + 1");
  EgFilter f = { .use_min_weight = TRUE, .min_weight = 2 };
  eg_filter_apply (v, &f, NULL);
  ck_assert_msg (eg_view_node (v, (guint) eg_view_find (v, "ORG:acme"))->strength == 3,
                 "after pruning, the weighted degree counts the edges left");
}
END_TEST

START_TEST (test_focus_errors)
{
  g_autoptr (EgView) v = eg_view_new (counts, EG_WEIGHT_COUNT);
  g_autoptr (GError) error = NULL;
  EgFilter f = { .focus = "PERSON:nobody" };
  ck_assert (!eg_filter_apply (v, &f, &error));
  ck_assert (g_error_matches (error, EG_ERROR, EG_ERROR_FORMAT));
  g_clear_error (&error);
  EgFilter g = { .focus = "PERSON:ann", .types = (const char *const[]) { "ORG", NULL } };
  ck_assert (!eg_filter_apply (v, &g, &error));
  ck_assert_msg (strstr (error->message, "--types") != NULL, "the message names --types: %s",
                 error->message);
  ck_assert_msg (v->nodes->len == 6 && v->edges->len == 6, "a failed filter leaves the view");
}
END_TEST

START_TEST (test_find)
{
  g_autoptr (EgView) v = eg_view_new (counts, EG_WEIGHT_COUNT);
  ck_assert_int_eq (eg_filter_find (v, "ORG:acme"), eg_view_find (v, "ORG:acme"));
  ck_assert_int_eq (eg_filter_find (v, "ANN"), eg_view_find (v, "PERSON:ann"));
  ck_assert_int_eq (eg_filter_find (v, "zeta"), eg_view_find (v, "ORG:zeta"));
  ck_assert_int_eq (eg_filter_find (v, "nobody"), -1);
}
END_TEST

START_TEST (test_order_independent)
{
  /* The same documents counted in the other order and pruned give the same graph. */
  GraphFix *g = graphfix_new ();
  graphfix_add (g, "06TEST2", "2006-02-01T10:00Z", d2);
  graphfix_add (g, "06TEST1", "2006-01-05T10:00Z", d1);
  g_autoptr (EgCooc) other = graphfix_count (g, EG_LEVEL_PARAGRAPH, 5);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (EgView) v = eg_view_new (counts, EG_WEIGHT_COUNT);
      g_autoptr (EgView) w = eg_view_new (other, EG_WEIGHT_COUNT);
      eg_filter_apply (v, &cases[i].f, NULL);
      eg_filter_apply (w, &cases[i].f, NULL);
      g_autofree char *a = describe (v), *b = describe (w);
      ck_assert_msg (strcmp (a, b) == 0, "%s: input order changed the result", cases[i].what);
    }
  graphfix_free (g);
}
END_TEST

/* Document selection by header fields. */
static EgDocMeta
meta (const char *date, const char *origin, const char *classification, const char *tag)
{
  EgDocMeta m = { 0 };
  m.date = (char *) date;
  m.origin = (char *) origin;
  m.classification = (char *) classification;
  m.tags = g_ptr_array_new ();
  if (tag)
    g_ptr_array_add (m.tags, (char *) tag);
  return m;
}

START_TEST (test_select)
{
  EgDocMeta jan = meta ("2006-01-05T10:00Z", "AMEMBASSY MEXICO", "CONFIDENTIAL//NOFORN", "ktip");
  EgDocMeta feb = meta ("2006-02-01T10:00Z", "AMCONSUL MONTERREY", "UNCLASSIFIED", "PHUM");
  EgDocMeta none = meta (NULL, NULL, NULL, NULL);
  EgDocFilter f = { 0 };
  ck_assert (!eg_doc_filter_active (&f));
  ck_assert (eg_doc_filter_match (&f, &none));

  f = (EgDocFilter) { .since = "2006-02" };
  ck_assert_msg (!eg_doc_filter_match (&f, &jan) && eg_doc_filter_match (&f, &feb),
                 "--since 2006-02 keeps February, not January");
  ck_assert_msg (!eg_doc_filter_match (&f, &none), "an undated cable fails a date filter");
  f = (EgDocFilter) { .until = "2006-01" };
  ck_assert_msg (eg_doc_filter_match (&f, &jan) && !eg_doc_filter_match (&f, &feb),
                 "--until 2006-01 includes all of January");
  f = (EgDocFilter) { .since = "2006-01-05", .until = "2006-01-05" };
  ck_assert_msg (eg_doc_filter_match (&f, &jan), "a one-day range holds that day's cable");

  const char *const ktip[] = { "KTIP", NULL };
  f = (EgDocFilter) { .tags = ktip };
  ck_assert_msg (eg_doc_filter_match (&f, &jan) && !eg_doc_filter_match (&f, &feb),
                 "--tag KTIP matches ktip, not PHUM");

  const char *const mexico[] = { "mexico", NULL };
  const char *const monterrey_or_x[] = { "NOWHERE", "Monterrey", NULL };
  const char *const exico[] = { "EXICO", NULL };
  f = (EgDocFilter) { .origins = mexico };
  ck_assert_msg (eg_doc_filter_match (&f, &jan) && !eg_doc_filter_match (&f, &feb),
                 "--origin mexico matches AMEMBASSY MEXICO only");
  f = (EgDocFilter) { .origins = monterrey_or_x };
  ck_assert_msg (eg_doc_filter_match (&f, &feb), "any of several origins will do");
  f = (EgDocFilter) { .origins = exico };
  ck_assert_msg (!eg_doc_filter_match (&f, &jan), "origins match whole words");

  const char *const conf[] = { "CONFIDENTIAL", NULL };
  const char *const classified[] = { "CLASSIFIED", NULL };
  const char *const noforn[] = { "noforn", NULL };
  f = (EgDocFilter) { .classifications = conf };
  ck_assert_msg (eg_doc_filter_match (&f, &jan) && !eg_doc_filter_match (&f, &feb),
                 "CONFIDENTIAL matches CONFIDENTIAL//NOFORN");
  f = (EgDocFilter) { .classifications = classified };
  ck_assert_msg (!eg_doc_filter_match (&f, &feb), "CLASSIFIED is not UNCLASSIFIED");
  f = (EgDocFilter) { .classifications = noforn };
  ck_assert_msg (eg_doc_filter_match (&f, &jan), "a caveat is a word of the marking");

  f = (EgDocFilter) { .tags = ktip, .since = "2006-02" };
  ck_assert_msg (!eg_doc_filter_match (&f, &jan), "every field given must pass");
  g_ptr_array_free (jan.tags, TRUE);
  g_ptr_array_free (feb.tags, TRUE);
  g_ptr_array_free (none.tags, TRUE);
}
END_TEST

START_TEST (test_dates)
{
  const char *good[] = { "2006", "2006-09", "2006-09-01", "2006-09-01T20", "2006-09-01T20:04",
                         "2006-09-01T20:04Z", "2006-09-01T20:04:59Z" };
  const char *bad[] = { "", "06", "2006-", "2006-9", "2006/09", "2006-09-01T", "yesterday",
                        "2006-09-01T20:04ZZ" };
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    ck_assert_msg (eg_doc_filter_date_valid (good[i]), "\"%s\" is a date prefix", good[i]);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    ck_assert_msg (!eg_doc_filter_date_valid (bad[i]), "\"%s\" is not a date prefix", bad[i]);
}
END_TEST

static Suite *
filter_suite (void)
{
  Suite *s = suite_create ("filter");
  TCase *tc = tcase_create ("prune");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_loop_test (tc, test_filters, 0, G_N_ELEMENTS (cases));
  tcase_add_test (tc, test_strength);
  tcase_add_test (tc, test_top_edges_ranking);
  tcase_add_loop_test (tc, test_view_new_top, EG_WEIGHT_COUNT, EG_WEIGHT_JACCARD + 1);
  tcase_add_test (tc, test_focus_errors);
  tcase_add_test (tc, test_find);
  tcase_add_test (tc, test_order_independent);
  suite_add_tcase (s, tc);
  tc = tcase_create ("select");
  tcase_add_test (tc, test_select);
  tcase_add_test (tc, test_dates);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (filter_suite ());
}
