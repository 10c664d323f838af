/* test-dot.c - the DOT writer: read back through cgraph's own parser, the attributes of
 * nodes, edges and graph, the evidence cap and tooltips, header links, communities as
 * colours or clusters, escaping, and a golden file. */
#include <string.h>
#include <glib/gstdio.h>
#include <graphviz/cgraph.h>

#include "community.h"
#include "dot.h"
#include "filter.h"
#include "graphfix.h"
#include "links.h"
#include "testutil.h"

static char *
dot_text (const EgView *v, const EgWriteOptions *o)
{
  g_autofree char *dir = g_dir_make_tmp ("eg-dot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "g.dot", NULL);
  g_autoptr (GError) error = NULL;
  ck_assert_msg (eg_dot_write (v, o, path, &error), "write: %s", error ? error->message : "");
  char *text = NULL;
  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  g_unlink (path);
  g_rmdir (dir);
  return text;
}

/* Parses @text with cgraph; the caller closes it. */
static Agraph_t *
parse (const char *text)
{
  Agraph_t *g = agmemread (text);
  ck_assert_msg (g != NULL, "cgraph parses the DOT");
  return g;
}

static const char *
edge_attr (Agraph_t *g, const char *a, const char *b, const char *attr)
{
  Agnode_t *x = agnode (g, (char *) a, FALSE), *y = agnode (g, (char *) b, FALSE);
  ck_assert_msg (x && y, "nodes %s and %s exist", a, b);
  Agedge_t *e = agedge (g, x, y, NULL, FALSE);
  ck_assert_msg (e != NULL, "edge %s -- %s exists", a, b);
  return agget (e, (char *) attr);
}

START_TEST (test_attributes)
{
  GraphFix *f = graphfix_new ();
  graphfix_add (f, "06TEST1", "2006-01-05T10:00Z", "PERSON:ann ORG:acme;PERSON:ann ORG:acme");
  graphfix_add (f, "06TEST2", "2006-02-01T10:00Z", "ORG:acme AGENCY:sre GROUP:ngo");
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 5);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_COUNT);
  eg_view_set_attr (v, "window", "paragraph");
  eg_view_set_attr (v, "documents", "2");
  EgWriteOptions o = { "entgraph", 3, FALSE };
  g_autofree char *text = dot_text (v, &o);
  Agraph_t *g = parse (text);
  ck_assert_uint_eq (agnnodes (g), 4);
  ck_assert_uint_eq (agnedges (g), 4);
  ck_assert_str_eq (agget (g, "window"), "paragraph");
  ck_assert_str_eq (agget (g, "documents"), "2");
  Agnode_t *ann = agnode (g, "PERSON:ann", FALSE);
  ck_assert_str_eq (agget (ann, "label"), "ann");
  ck_assert_str_eq (agget (ann, "entity_type"), "PERSON");
  ck_assert_str_eq (agget (ann, "shape"), "ellipse");
  ck_assert_str_eq (agget (ann, "mentions"), "2");
  ck_assert_str_eq (agget (ann, "first_date"), "2006-01-05T10:00Z");
  Agnode_t *sre = agnode (g, "AGENCY:sre", FALSE);
  ck_assert_msg (strcmp (agget (sre, "fillcolor"), agget (agnode (g, "ORG:acme", FALSE),
                                                          "fillcolor")) != 0
                   && strstr (agget (sre, "style"), "rounded"),
                 "an agency differs from an organization by colour and shape");
  ck_assert_str_eq (edge_attr (g, "PERSON:ann", "ORG:acme", "weight"), "2");
  ck_assert_str_eq (edge_attr (g, "PERSON:ann", "ORG:acme", "windows"), "2");
  ck_assert_str_eq (edge_attr (g, "PERSON:ann", "ORG:acme", "docs"), "1");
  ck_assert_str_eq (edge_attr (g, "PERSON:ann", "ORG:acme", "kind"), "cooccurrence");
  double heavy = g_ascii_strtod (edge_attr (g, "PERSON:ann", "ORG:acme", "penwidth"), NULL);
  double light = g_ascii_strtod (edge_attr (g, "ORG:acme", "AGENCY:sre", "penwidth"), NULL);
  ck_assert_msg (heavy > light, "the heavier edge is wider (%g > %g)", heavy, light);
  agclose (g);
  graphfix_free (f);
}
END_TEST

START_TEST (test_evidence_cap)
{
  /* a and b share 7 windows over two cables; 5 pieces of evidence are kept, the first by
   * (cable, offset); the tooltip shows 3 and says how many more. */
  GraphFix *f = graphfix_new ();
  graphfix_add (f, "06TEST2", NULL, "a b;a b c;a b");
  graphfix_add (f, "06TEST1", NULL, "a b;a b;c;a b;a b");
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 5);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_COUNT);
  const EgViewEdge *ab = graphfix_edge (v, "T:a", "T:b");
  ck_assert_uint_eq (ab->windows, 7);
  ck_assert_msg (ab->n_evidence == 5, "the cap keeps 5 of 7, got %u", ab->n_evidence);
  const char *want[] = { "06TEST1", "06TEST1", "06TEST1", "06TEST1", "06TEST2" };
  guint want_par[] = { 1, 2, 4, 5, 1 };
  for (guint i = 0; i < 5; i++)
    {
      const EgEvidence *ev = &ab->evidence[i];
      ck_assert_msg (!strcmp (ev->doc, want[i]) && ev->paragraph == want_par[i],
                     "evidence %u is %s ¶%u, got %s ¶%u", i, want[i], want_par[i], ev->doc,
                     ev->paragraph);
    }
  EgWriteOptions o = { "entgraph", 3, FALSE };
  g_autofree char *text = dot_text (v, &o);
  Agraph_t *g = parse (text);
  const char *tip = edge_attr (g, "T:a", "T:b", "tooltip");
  ck_assert_msg (strstr (tip, "7 shared windows in 2 documents"), "tooltip counts: %s", tip);
  ck_assert_msg (strstr (tip, "06TEST1 \xC2\xB6" "1: a b.")
                   && strstr (tip, "06TEST1 \xC2\xB6" "4: a b."),
                 "tooltip names the first pieces: %s", tip);
  ck_assert_msg (!strstr (tip, "06TEST2"), "only the first 3 are shown: %s", tip);
  ck_assert_msg (strstr (tip, "(+4 more)"), "and says how many more: %s", tip);
  agclose (g);
  EgWriteOptions none = { "entgraph", 0, FALSE };
  g_autofree char *bare = dot_text (v, &none);
  ck_assert_msg (!strstr (bare, "shared window"), "--tooltip-evidence 0: no tooltip");
  graphfix_free (f);
}
END_TEST

START_TEST (test_escaping)
{
  GraphFix *f = graphfix_new ();
  graphfix_add (f, "06TEST1", NULL, "a b");
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 5);
  guint32 a, n;
  eg_cooc_node (c, "T:a", "PERSON", "a", &a);
  eg_cooc_node (c, "ORG:x\"y", "ORG", "Back\\slash \"quoted\" <b> & {braces};\nline", &n);
  EgEdge *e = eg_cooc_edge (c, a, n);
  e->windows = 1;
  e->docs = 1;
  eg_cooc_offer_evidence (c, e, "06TEST1", 0, 1, "He said \"no\" \\ then -- left");
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_COUNT);
  eg_view_set_attr (v, "note", "quote \" and \\ backslash");
  EgWriteOptions o = { "entgraph", 3, FALSE };
  g_autofree char *text = dot_text (v, &o);
  Agraph_t *g = parse (text);
  ck_assert_uint_eq (agnnodes (g), 3);
  Agnode_t *x = agnode (g, "ORG:x\"y", FALSE);
  ck_assert_msg (x != NULL, "a quote in an id survives");
  ck_assert_msg (!strcmp (agget (x, "label"), "Back\\\\slash \"quoted\" <b> & {braces};\nline"),
                 "the label reads back with its backslash doubled (escString): %s",
                 agget (x, "label"));
  ck_assert_msg (strstr (edge_attr (g, "T:a", "ORG:x\"y", "tooltip"), "\"no\" \\\\ then"),
                 "evidence with quotes and backslashes");
  agclose (g);
  graphfix_free (f);
}
END_TEST

START_TEST (test_header_links)
{
  GraphFix *f = graphfix_new ();
  EgDoc *d1 = graphfix_add (f, "06TEST1", "2006-01-05T10:00Z", "a b;c b");
  d1->meta.origin = g_strdup ("AMEMBASSY MEXICO");
  d1->meta.subject = g_strdup ("TIP MEETING");
  g_ptr_array_add (d1->meta.signers, g_strdup ("BASSETT"));
  EgDoc *d2 = graphfix_add (f, "06TEST2", "2006-02-01T10:00Z", "a d");
  d2->meta.origin = g_strdup ("AMCONSUL CIUDAD JUAREZ");
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 5);
  g_autoptr (EgCooc) signers = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
  g_autoptr (EgCooc) origins = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
  for (guint i = 0; i < f->mentions->len; i++)
    eg_links_add (signers, origins, g_ptr_array_index (f->mentions, i), f->dict);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_COUNT);
  /* Prune away d first: links reach only the nodes kept. */
  EgFilter keep = { .types = (const char *const[]) { "PERSON", NULL }, .top_nodes = 3 };
  ck_assert (eg_filter_apply (v, &keep, NULL));
  ck_assert_uint_eq (v->nodes->len, 3);
  eg_view_add_links (v, signers, EG_EDGE_SIGNER);
  eg_view_add_links (v, origins, EG_EDGE_ORIGIN);
  gint mx = eg_view_find (v, "POST:amembassy-mexico");
  gint juarez = eg_view_find (v, "POST:amconsul-ciudad-juarez");
  gint bassett = eg_view_find (v, "PERSON:bassett");
  ck_assert_msg (mx >= 0 && juarez >= 0 && bassett >= 0, "the posts and the signer are nodes");
  ck_assert_str_eq (eg_view_node (v, (guint) mx)->label, "US Embassy Mexico");
  ck_assert_str_eq (eg_view_node (v, (guint) juarez)->label, "US Consulate Ciudad Juarez");
  ck_assert_str_eq (eg_view_node (v, (guint) bassett)->label, "Bassett");
  ck_assert_str_eq (eg_view_node (v, (guint) mx)->type, "POST");
  const EgViewEdge *s = graphfix_edge (v, "PERSON:bassett", "T:c");
  ck_assert_msg (s && s->kind == EG_EDGE_SIGNER && s->docs == 1, "the signer links to c");
  ck_assert_msg (graphfix_edge (v, "POST:amconsul-ciudad-juarez", "T:a") != NULL,
                 "the consulate links to a");
  ck_assert_msg (graphfix_edge (v, "POST:amconsul-ciudad-juarez", "T:d") == NULL,
                 "d was pruned, so no link reaches it");
  const EgViewEdge *ab = graphfix_edge (v, "T:a", "T:b");
  ck_assert_msg (ab && ab->kind == EG_EDGE_COOCCURRENCE, "a-b stays a co-occurrence");
  EgWriteOptions o = { "entgraph", 3, FALSE };
  g_autofree char *text = dot_text (v, &o);
  Agraph_t *g = parse (text);
  ck_assert_str_eq (edge_attr (g, "PERSON:bassett", "T:c", "kind"), "signer");
  ck_assert_str_eq (edge_attr (g, "PERSON:bassett", "T:c", "style"), "dashed");
  ck_assert_str_eq (edge_attr (g, "POST:amembassy-mexico", "T:a", "kind"), "origin");
  ck_assert_msg (strstr (edge_attr (g, "POST:amembassy-mexico", "T:a", "tooltip"),
                         "06TEST1 subject: TIP MEETING"),
                 "a header link's evidence is the cable and its subject");
  ck_assert_str_eq (edge_attr (g, "T:a", "T:b", "style"), "solid");
  agclose (g);
  graphfix_free (f);
}
END_TEST

static EgView *
two_cliques (GraphFix *f, EgCooc **c)
{
  graphfix_add (f, "06TEST1", NULL,
                "a1 a2;a1 a3;a2 a3;a1 a4;a2 a4;a3 a4;b1 b2;b1 b3;b2 b3;b1 b4;b2 b4;b3 b4;a1 b1");
  *c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 5);
  EgView *v = eg_view_new (*c, EG_WEIGHT_COUNT);
  ck_assert (eg_community_detect (v, EG_COMMUNITY_LOUVAIN, NULL));
  ck_assert_uint_eq (v->n_communities, 2);
  return v;
}

START_TEST (test_communities)
{
  GraphFix *f = graphfix_new ();
  EgCooc *c = NULL;
  g_autoptr (EgView) v = two_cliques (f, &c);
  EgWriteOptions colours = { "entgraph", 3, FALSE };
  g_autofree char *text = dot_text (v, &colours);
  Agraph_t *g = parse (text);
  ck_assert_str_eq (agget (agnode (g, "T:a1", FALSE), "community"), "0");
  ck_assert_str_eq (agget (agnode (g, "T:b4", FALSE), "community"), "1");
  ck_assert_msg (strcmp (agget (agnode (g, "T:a1", FALSE), "fillcolor"),
                         agget (agnode (g, "T:b1", FALSE), "fillcolor")) != 0,
                 "the two communities have different colours");
  ck_assert_msg (agfstsubg (g) == NULL, "no clusters unless asked");
  agclose (g);
  EgWriteOptions clusters = { "entgraph", 3, TRUE };
  g_autofree char *ctext = dot_text (v, &clusters);
  g = parse (ctext);
  Agraph_t *c0 = agsubg (g, "cluster_0", FALSE), *c1 = agsubg (g, "cluster_1", FALSE);
  ck_assert_msg (c0 && c1, "--clusters writes cluster_0 and cluster_1");
  ck_assert_msg (agnode (c0, "T:a2", FALSE) && !agnode (c0, "T:b2", FALSE),
                 "cluster_0 holds the a clique");
  ck_assert_uint_eq (agnnodes (c1), 4);
  agclose (g);
  eg_cooc_free (c);
  graphfix_free (f);
}
END_TEST

START_TEST (test_golden)
{
  /* A small graph written exactly as tests/data/golden-small.dot holds it. Regenerate with
   * EG_GOLDEN_WRITE=1 after a deliberate change to the DOT writer, and read the diff. */
  GraphFix *f = graphfix_new ();
  graphfix_add (f, "06TEST1", "2006-01-05T10:00Z",
                "PERSON:ann ORG:acme AGENCY:sre;PERSON:ann ORG:acme");
  graphfix_add (f, "06TEST2", "2006-02-01T10:00Z", "GROUP:ngo AGENCY:sre;OTHER:x PERSON:ann");
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 5);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_NPMI);
  eg_view_set_attr (v, "generator", "entgraph test");
  eg_view_set_attr (v, "window", "paragraph");
  EgWriteOptions o = { "entgraph", 2, FALSE };
  g_autofree char *text = dot_text (v, &o);
  g_autofree char *golden = eg_test_data ("golden-small.dot");
  if (g_getenv ("EG_GOLDEN_WRITE"))
    g_file_set_contents (golden, text, -1, NULL);
  g_autofree char *want = NULL;
  ck_assert_msg (g_file_get_contents (golden, &want, NULL, NULL), "%s exists", golden);
  ck_assert_msg (strcmp (text, want) == 0, "the DOT equals %s; got:\n%s", golden, text);
  graphfix_free (f);
}
END_TEST

/* The DOT of @v through cgraph's own heap (eg_dot_build, as render.c uses it). */
static char *
default_heap_text (const EgView *v, const EgWriteOptions *o)
{
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&text, &len);
  Agraph_t *g = eg_dot_build (v, o);
  ck_assert_int_eq (agwrite (g, fp), 0);
  eg_dot_free (g);
  fclose (fp);
  return text;
}

START_TEST (test_heap)
{
  /* eg_dot_write builds its graph in its own heap, freed at once. Many edges fill several
   * of its blocks, a 5 MB graph attribute needs a block of its own, and clusters add subgraphs whose
   * dictionaries are freed apart; the DOT is the one cgraph's own heap gives. (Under the
   * sanitizers this also checks that nothing is freed twice or left behind.) */
  GraphFix *f = graphfix_new ();
  GString *spec = g_string_new (NULL);
  for (guint w = 0; w < 4; w++)
    {
      if (w > 0)
        g_string_append_c (spec, ';');
      for (guint i = 0; i < 60; i++)
        g_string_append_printf (spec, "%se%u", i ? " " : "", i + 20 * w);
    }
  graphfix_add (f, "06TEST1", "2006-01-05T10:00Z", spec->str);
  g_string_free (spec, TRUE);
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 5);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_COUNT);
  g_autofree char *big = g_strnfill (5 << 20, 'x');
  eg_view_set_attr (v, "note", big);
  ck_assert (eg_community_detect (v, EG_COMMUNITY_LOUVAIN, NULL));
  for (int clusters = 0; clusters <= 1; clusters++)
    {
      EgWriteOptions o = { "entgraph", 3, clusters };
      g_autofree char *text = dot_text (v, &o);
      g_autofree char *want = default_heap_text (v, &o);
      ck_assert_msg (strlen (text) > (5 << 20) && strstr (text, " -- "),
                     "the graph holds the big attribute and edges");
      ck_assert_msg (strcmp (text, want) == 0,
                     "eg_dot_write's heap gives the DOT of cgraph's own (clusters %d)",
                     clusters);
      ck_assert_msg (!clusters || strstr (text, "subgraph cluster_1"), "clusters are written");
    }
  graphfix_free (f);
}
END_TEST

static Suite *
dot_suite (void)
{
  Suite *s = suite_create ("dot");
  TCase *tc = tcase_create ("attributes");
  tcase_add_test (tc, test_attributes);
  tcase_add_test (tc, test_escaping);
  tcase_add_test (tc, test_golden);
  tcase_add_test (tc, test_heap);
  suite_add_tcase (s, tc);
  tc = tcase_create ("evidence");
  tcase_add_test (tc, test_evidence_cap);
  suite_add_tcase (s, tc);
  tc = tcase_create ("header-links");
  tcase_add_test (tc, test_header_links);
  suite_add_tcase (s, tc);
  tc = tcase_create ("communities");
  tcase_add_test (tc, test_communities);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (dot_suite ());
}
