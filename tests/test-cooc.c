/* test-cooc.c - co-occurrence counts on small hand-computed documents. */
#include <math.h>
#include <string.h>

#include "cooc.h"
#include "graphfix.h"
#include "testutil.h"

/* "Alpha met Beta. Gamma stayed." / "Beta and Gamma talked." as two paragraphs. */
static const char text[] = "Alpha met Beta. Gamma stayed.\n\nBeta and Gamma talked.";

typedef struct {
  EgDoc doc;
  EgDict *dict;
  EgMentions m;
} Fixture;

static void
fixture_init (Fixture *f, const char *id)
{
  memset (f, 0, sizeof *f);
  f->doc.path = (char *) "hand-made.txt";
  f->doc.data = text;
  f->doc.len = sizeof text - 1;
  f->doc.meta.id = (char *) id;
  f->doc.meta.date = (char *) "2006-09-01T20:04Z";
  f->doc.text = g_array_new (FALSE, FALSE, sizeof (EgSpan));
  f->doc.windows = g_array_new (FALSE, FALSE, sizeof (EgWindow));
  f->doc.sentences = g_array_new (FALSE, FALSE, sizeof (EgSpan));
  EgSpan t[] = { { 0, 29 }, { 31, 53 } };
  g_array_append_vals (f->doc.text, t, 2);
  EgWindow w[] = { { { 0, 29 }, 1, EG_WINDOW_PARAGRAPH }, { { 31, 53 }, 2, EG_WINDOW_PARAGRAPH } };
  g_array_append_vals (f->doc.windows, w, 2);
  EgSpan s[] = { { 0, 15 }, { 16, 29 }, { 31, 53 } };
  g_array_append_vals (f->doc.sentences, s, 3);

  f->dict = eg_dict_new ();
  eg_dict_add (f->dict, "T:alpha", "PERSON", "Alpha", NULL, 0, NULL, 0, NULL);
  eg_dict_add (f->dict, "T:beta", "ORG", "Beta", NULL, 0, NULL, 0, NULL);
  eg_dict_add (f->dict, "T:gamma", "AGENCY", "Gamma", NULL, 0, NULL, 0, NULL);

  EgMention ms[] = {
    { 0, 0, 5, 0, 0, EG_RULE_DICT },
    { 1, 10, 14, 0, 0, EG_RULE_DICT },
    { 2, 16, 21, 0, 1, EG_RULE_DICT },
    { 1, 31, 35, 1, 2, EG_RULE_DICT },
    { 2, 40, 45, 1, 2, EG_RULE_DICT },
  };
  f->m.doc = &f->doc;
  f->m.mentions = g_array_new (FALSE, FALSE, sizeof (EgMention));
  g_array_append_vals (f->m.mentions, ms, G_N_ELEMENTS (ms));
  f->m.surfaces = g_ptr_array_new ();
  f->m.locals = g_ptr_array_new ();
  f->m.n_dict = 3;
}

static void
fixture_clear (Fixture *f)
{
  g_array_free (f->doc.text, TRUE);
  g_array_free (f->doc.windows, TRUE);
  g_array_free (f->doc.sentences, TRUE);
  g_array_free (f->m.mentions, TRUE);
  g_ptr_array_free (f->m.surfaces, TRUE);
  g_ptr_array_free (f->m.locals, TRUE);
  eg_dict_free (f->dict);
}

/* The edge between ids @a and @b, or NULL. */
static const EgEdge *
edge (const EgCooc *c, const char *a, const char *b)
{
  for (guint i = 0; i < c->edges->len; i++)
    {
      const EgEdge *e = g_ptr_array_index (c->edges, i);
      const char *x = ((EgNode *) g_ptr_array_index (c->nodes, e->a))->id;
      const char *y = ((EgNode *) g_ptr_array_index (c->nodes, e->b))->id;
      if ((!strcmp (x, a) && !strcmp (y, b)) || (!strcmp (x, b) && !strcmp (y, a)))
        return e;
    }
  return NULL;
}

typedef struct {
  EgLevel level;
  guint ab, ag, bg; /* windows shared; 0: no edge */
  double bg_fractional;
  guint windows;
} LevelCase;

static const LevelCase level_cases[] = {
  { EG_LEVEL_PARAGRAPH, 1, 1, 2, 1.0 / 3 + 1.0, 2 },
  { EG_LEVEL_SENTENCE, 1, 0, 1, 1.0, 3 },
  { EG_LEVEL_DOCUMENT, 1, 1, 1, 1.0 / 3, 1 },
};

START_TEST (test_levels)
{
  const LevelCase *lc = &level_cases[_i];
  Fixture f;
  fixture_init (&f, "06TEST1");
  g_autoptr (EgCooc) c = eg_cooc_new (lc->level, 5);
  eg_cooc_add (c, &f.m, f.dict);
  ck_assert_uint_eq (c->n_docs, 1);
  ck_assert_uint_eq (c->n_mentions, 5);
  ck_assert_uint_eq (c->nodes->len, 3);
  ck_assert_msg (c->n_windows == lc->windows, "%s level: %u windows with mentions, got %u",
                 eg_level_name (lc->level), lc->windows, c->n_windows);
  const EgEdge *ab = edge (c, "T:alpha", "T:beta"), *ag = edge (c, "T:alpha", "T:gamma"),
               *bg = edge (c, "T:beta", "T:gamma");
  ck_assert_uint_eq (ab ? ab->windows : 0, lc->ab);
  ck_assert_msg ((ag ? ag->windows : 0) == lc->ag, "%s level: alpha-gamma shares %u windows",
                 eg_level_name (lc->level), lc->ag);
  ck_assert_uint_eq (bg ? bg->windows : 0, lc->bg);
  double fr = (double) bg->fractional / (double) EG_COOC_FX;
  ck_assert_msg (fabs (fr - lc->bg_fractional) < 1e-9,
                 "fractional weight of beta-gamma is %.4f, got %.4f", lc->bg_fractional, fr);
  ck_assert_uint_eq (bg->docs, 1);
  fixture_clear (&f);
}
END_TEST

START_TEST (test_nodes)
{
  Fixture f;
  fixture_init (&f, "06TEST1");
  g_autoptr (EgCooc) c = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
  eg_cooc_add (c, &f.m, f.dict);
  eg_cooc_add (c, &f.m, f.dict);
  g_autoptr (GPtrArray) nodes = eg_cooc_sorted_nodes (c);
  const EgNode *beta = g_ptr_array_index (nodes, 1);
  ck_assert_str_eq (beta->id, "T:beta");
  ck_assert_str_eq (beta->label, "Beta");
  ck_assert_str_eq (beta->type, "ORG");
  ck_assert_uint_eq (beta->mentions, 4);
  ck_assert_uint_eq (beta->docs, 2);
  ck_assert_str_eq (beta->first_date, "2006-09-01T20:04Z");
  const EgEdge *bg = edge (c, "T:beta", "T:gamma");
  ck_assert_msg (bg->windows == 4 && bg->docs == 2, "two documents add up: 4 windows in 2 docs");
  fixture_clear (&f);
}
END_TEST

/* A document's own entities (the rules' people, its acronyms) are counted at every
 * mention, as the dictionary's are: a local mentioned twice in a document has two
 * mentions and one document, and a second copy adds as much. Fails if a local's later
 * mentions in a document are not counted (eg_cooc_add() looks each local up once). */
START_TEST (test_local_nodes)
{
  Fixture f;
  fixture_init (&f, "06TEST1");
  EgLocalEntity lugo = { (char *) "PERSON:nemecio-lugo", (char *) "PERSON", (char *) "Nemecio Lugo" };
  EgLocalEntity sre = { (char *) "AGENCY:sre", (char *) "AGENCY", (char *) "SRE" };
  g_ptr_array_add (f.m.locals, &lugo);
  g_ptr_array_add (f.m.locals, &sre);
  /* "Alpha" and "Gamma" of the first paragraph read as the two locals, Lugo twice */
  EgMention *ms = (EgMention *) (gpointer) f.m.mentions->data;
  ms[0].entity = 3; /* Lugo */
  ms[2].entity = 4; /* SRE */
  ms[4].entity = 3; /* Lugo again, in the second paragraph */
  g_autoptr (EgCooc) c = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
  eg_cooc_add (c, &f.m, f.dict);
  eg_cooc_add (c, &f.m, f.dict);
  g_autoptr (GPtrArray) nodes = eg_cooc_sorted_nodes (c);
  ck_assert_uint_eq (nodes->len, 3);
  const EgNode *n_sre = g_ptr_array_index (nodes, 0), *n_lugo = g_ptr_array_index (nodes, 1);
  ck_assert_str_eq (n_sre->id, "AGENCY:sre");
  ck_assert_str_eq (n_lugo->id, "PERSON:nemecio-lugo");
  ck_assert_str_eq (n_lugo->label, "Nemecio Lugo");
  ck_assert_uint_eq (n_lugo->mentions, 4);
  ck_assert_uint_eq (n_lugo->docs, 2);
  ck_assert_uint_eq (n_sre->mentions, 2);
  ck_assert_uint_eq (n_sre->docs, 2);
  const EgEdge *lb = edge (c, "PERSON:nemecio-lugo", "T:beta");
  ck_assert_msg (lb != NULL && lb->windows == 4, "Lugo and Beta share both paragraphs of both copies");
  fixture_clear (&f);
}
END_TEST

/* One count fed by two dictionaries that number their entities differently (entity 0 is
 * Alpha in one, Omega in the other): a node is never taken for another's by its number,
 * and the second dictionary's name for a shared id is offered as a label too. */
START_TEST (test_two_dictionaries)
{
  Fixture f;
  fixture_init (&f, "06TEST1");
  g_autoptr (EgCooc) c = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
  eg_cooc_add (c, &f.m, f.dict);
  g_autoptr (EgDict) other = eg_dict_new ();
  eg_dict_add (other, "T:omega", "ORG", "Omega", NULL, 0, NULL, 0, NULL);
  eg_dict_add (other, "T:beta", "ORG", "BETA", NULL, 0, NULL, 0, NULL);
  eg_dict_add (other, "T:gamma", "AGENCY", "Gamma", NULL, 0, NULL, 0, NULL);
  ck_assert (eg_dict_serial (other) != eg_dict_serial (f.dict));
  eg_cooc_add (c, &f.m, other);
  eg_cooc_add (c, &f.m, f.dict);
  g_autoptr (GPtrArray) nodes = eg_cooc_sorted_nodes (c);
  ck_assert_uint_eq (nodes->len, 4);
  const char *ids[] = { "T:alpha", "T:beta", "T:gamma", "T:omega" };
  const char *labels[] = { "Alpha", "Beta", "Gamma", "Omega" };
  const guint mentions[] = { 2, 6, 6, 1 };
  for (guint i = 0; i < 4; i++)
    {
      const EgNode *n = g_ptr_array_index (nodes, i);
      ck_assert_str_eq (n->id, ids[i]);
      ck_assert_str_eq (n->label, labels[i]); /* "Beta" over "BETA": mixed case reads better */
      ck_assert_msg (n->mentions == mentions[i], "%s: %u mentions, got %u", ids[i],
                     mentions[i], n->mentions);
    }
  ck_assert_uint_eq (edge (c, "T:omega", "T:beta")->windows, 1);
  ck_assert_uint_eq (edge (c, "T:alpha", "T:beta")->windows, 2);
  fixture_clear (&f);
}
END_TEST

START_TEST (test_evidence)
{
  Fixture f;
  fixture_init (&f, "06TEST1");
  g_autoptr (EgCooc) c = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
  eg_cooc_add (c, &f.m, f.dict);
  const EgEdge *bg = edge (c, "T:beta", "T:gamma");
  ck_assert_uint_eq (bg->n_evidence, 2);
  const EgEvidence *e0 = &bg->evidence[0];
  const EgEvidence *e1 = &bg->evidence[1];
  ck_assert_str_eq (e0->doc, "06TEST1");
  ck_assert_uint_eq (e0->paragraph, 1);
  ck_assert_msg (strcmp (e0->sentence, "Alpha met Beta.") == 0,
                 "without a shared sentence, the first mention's sentence: got \"%s\"",
                 e0->sentence);
  ck_assert_uint_eq (e1->paragraph, 2);
  ck_assert_str_eq (e1->sentence, "Beta and Gamma talked.");
  fixture_clear (&f);
}
END_TEST

/* The sentence quoted as evidence is the original text of its text spans, white space runs
 * and the gaps between spans made one space, cut at 400 bytes: here as the byte-by-byte
 * rule says it, on random texts of words, spaces, tabs, line breaks, control bytes and
 * gaps, up to 600 bytes (the copy goes 16 and 8 bytes at a time where it can). */
static char *
evidence_rule (const char *d, const EgSpan *spans, guint n_spans)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  for (guint i = 0; i < n_spans && out->len < 400; i++)
    {
      if (out->len > 0)
        space = TRUE;
      for (guint k = spans[i].start; k < spans[i].end && out->len < 400; k++)
        {
          if (g_ascii_isspace (d[k]))
            {
              space = out->len > 0;
              continue;
            }
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, d[k]);
        }
    }
  return g_string_free (out, FALSE);
}

START_TEST (test_evidence_text)
{
  static const char *const seps[] = { " ", " ", " ", " ", "  ", "\t", "\n", " \n  ", "\r\n",
                                      "\x01", ", ", "" };
  GRand *rng = g_rand_new_with_seed (20261130);
  for (guint round = 0; round < 400; round++)
    {
      GString *t = g_string_new (NULL);
      EgSpan spans[3];
      guint n_spans = (guint) g_rand_int_range (rng, 1, 4), target = (guint) g_rand_int_range (rng, 20, 600);
      for (guint sp = 0; sp < n_spans; sp++)
        {
          if (sp > 0)
            g_string_append (t, "<<gap>>"); /* outside every span */
          if (g_rand_boolean (rng))
            g_string_append (t, seps[g_rand_int_range (rng, 0, G_N_ELEMENTS (seps))]);
          spans[sp].start = (guint32) t->len;
          guint want = (guint) t->len + target / n_spans;
          while (t->len < want)
            {
              gint w = g_rand_int_range (rng, 1, 13);
              for (gint k = 0; k < w; k++)
                g_string_append_c (t, (char) ('a' + g_rand_int_range (rng, 0, 26)));
              g_string_append (t, seps[g_rand_int_range (rng, 0, G_N_ELEMENTS (seps))]);
            }
          spans[sp].end = (guint32) t->len;
        }
      /* mentions of two entities: the first two bytes of the first span */
      EgDoc doc = { .path = (char *) "random.txt", .data = t->str, .len = t->len };
      doc.meta.id = (char *) "06RANDOM1";
      doc.text = g_array_new (FALSE, FALSE, sizeof (EgSpan));
      g_array_append_vals (doc.text, spans, n_spans);
      doc.windows = g_array_new (FALSE, FALSE, sizeof (EgWindow));
      EgWindow w = { { 0, (guint32) t->len }, 1, EG_WINDOW_PARAGRAPH };
      g_array_append_val (doc.windows, w);
      doc.sentences = g_array_new (FALSE, FALSE, sizeof (EgSpan));
      EgSpan whole = { 0, (guint32) t->len };
      g_array_append_val (doc.sentences, whole);
      g_autoptr (EgDict) dict = eg_dict_new ();
      eg_dict_add (dict, "T:a", "ORG", "A", NULL, 0, NULL, 0, NULL);
      eg_dict_add (dict, "T:b", "ORG", "B", NULL, 0, NULL, 0, NULL);
      guint32 at = spans[0].start;
      EgMention ms[] = { { 0, at, at + 1, 0, 0, EG_RULE_DICT }, { 1, at + 1, at + 2, 0, 0, EG_RULE_DICT } };
      EgMentions m = { .doc = &doc, .mentions = g_array_new (FALSE, FALSE, sizeof (EgMention)),
                       .surfaces = g_ptr_array_new (), .locals = g_ptr_array_new (), .n_dict = 2 };
      g_array_append_vals (m.mentions, ms, 2);
      g_autoptr (EgCooc) c = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
      eg_cooc_add (c, &m, dict);
      const EgEdge *e = edge (c, "T:a", "T:b");
      ck_assert_ptr_nonnull (e);
      ck_assert_uint_eq (e->n_evidence, 1);
      g_autofree char *want = evidence_rule (t->str, spans, n_spans);
      ck_assert_msg (strcmp (e->evidence[0].sentence, want) == 0,
                     "round %u: quoted\n\"%s\"\nwanted\n\"%s\"", round, e->evidence[0].sentence, want);
      g_array_free (m.mentions, TRUE);
      g_ptr_array_free (m.surfaces, TRUE);
      g_ptr_array_free (m.locals, TRUE);
      g_array_free (doc.text, TRUE);
      g_array_free (doc.windows, TRUE);
      g_array_free (doc.sentences, TRUE);
      g_string_free (t, TRUE);
    }
  g_rand_free (rng);
}
END_TEST

START_TEST (test_evidence_cap)
{
  Fixture f;
  fixture_init (&f, "06TEST1");
  g_autoptr (EgCooc) c = eg_cooc_new (EG_LEVEL_PARAGRAPH, 1);
  for (int i = 0; i < 3; i++)
    eg_cooc_add (c, &f.m, f.dict);
  const EgEdge *bg = edge (c, "T:beta", "T:gamma");
  ck_assert_uint_eq (bg->windows, 6);
  ck_assert_msg (bg->n_evidence == 1, "evidence is capped at 1, got %u", bg->n_evidence);
  ck_assert_uint_eq (bg->evidence[0].offset, 0);
  fixture_clear (&f);
}
END_TEST

/* Two copies of one cable (the same id and offsets) that differ in a byte keep the same
 * evidence whichever is counted first, alone or through a merge: otherwise the threads'
 * order would show in the output. The lesser text wins the tie. */
START_TEST (test_evidence_tie)
{
  static char variant[sizeof text];
  memcpy (variant, text, sizeof text);
  variant[6] = 'M'; /* "Alpha Met Beta." */
  Fixture f, g;
  fixture_init (&f, "06TEST1");
  fixture_init (&g, "06TEST1");
  g.doc.data = variant;
  const char *want = "Alpha Met Beta.";
  for (guint order = 0; order < 2; order++)
    {
      g_autoptr (EgCooc) c = eg_cooc_new (EG_LEVEL_PARAGRAPH, 1);
      eg_cooc_add (c, order ? &g.m : &f.m, f.dict);
      eg_cooc_add (c, order ? &f.m : &g.m, f.dict);
      const EgEdge *ab = edge (c, "T:alpha", "T:beta");
      ck_assert_uint_eq (ab->n_evidence, 1);
      ck_assert_msg (strcmp (ab->evidence[0].sentence, want) == 0, "order %u kept \"%s\"",
                     order, ab->evidence[0].sentence);

      EgCooc *p1 = eg_cooc_new (EG_LEVEL_PARAGRAPH, 1);
      EgCooc *p2 = eg_cooc_new (EG_LEVEL_PARAGRAPH, 1);
      eg_cooc_add (p1, &f.m, f.dict);
      eg_cooc_add (p2, &g.m, f.dict);
      g_autoptr (EgCooc) merged = eg_cooc_new (EG_LEVEL_PARAGRAPH, 1);
      eg_cooc_merge (merged, order ? p2 : p1);
      eg_cooc_merge (merged, order ? p1 : p2);
      ab = edge (merged, "T:alpha", "T:beta");
      ck_assert_msg (strcmp (ab->evidence[0].sentence, want) == 0,
                     "merge order %u kept \"%s\"", order, ab->evidence[0].sentence);
      eg_cooc_free (p1);
      eg_cooc_free (p2);
    }
  fixture_clear (&f);
  fixture_clear (&g);
}
END_TEST

/* Two identical copies of one cable (a file met twice): every count doubles, but the
 * evidence is kept once, whichever way the copies are counted or merged. */
START_TEST (test_evidence_copies)
{
  Fixture f, g;
  fixture_init (&f, "06TEST1");
  fixture_init (&g, "06TEST1");
  g_autoptr (EgCooc) c = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
  eg_cooc_add (c, &f.m, f.dict);
  eg_cooc_add (c, &g.m, g.dict);
  const EgEdge *ab = edge (c, "T:alpha", "T:beta");
  ck_assert_uint_eq (ab->windows, 2);
  ck_assert_uint_eq (ab->docs, 2);
  ck_assert_uint_eq (ab->n_evidence, 1);
  ck_assert_str_eq (ab->evidence[0].sentence, "Alpha met Beta.");
  const EgEdge *bg = edge (c, "T:beta", "T:gamma");
  ck_assert_uint_eq (bg->windows, 4);
  ck_assert_msg (bg->n_evidence == 2, "one piece for each paragraph, not for each copy: %u",
                 bg->n_evidence);
  ck_assert_uint_ne (bg->evidence[0].paragraph, bg->evidence[1].paragraph);

  EgCooc *p1 = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
  EgCooc *p2 = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
  eg_cooc_add (p1, &f.m, f.dict);
  eg_cooc_add (p2, &g.m, g.dict);
  g_autoptr (EgCooc) merged = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
  eg_cooc_merge (merged, p1);
  eg_cooc_merge (merged, p2);
  ck_assert_uint_eq (edge (merged, "T:alpha", "T:beta")->n_evidence, 1);
  ck_assert_uint_eq (edge (merged, "T:beta", "T:gamma")->n_evidence, 2);
  ck_assert_uint_eq (edge (merged, "T:beta", "T:gamma")->windows, 4);
  eg_cooc_free (p1);
  eg_cooc_free (p2);
  fixture_clear (&f);
  fixture_clear (&g);
}
END_TEST

START_TEST (test_window_cap)
{
  Fixture f;
  fixture_init (&f, "06TEST1");
  g_autoptr (EgCooc) c = eg_cooc_new (EG_LEVEL_DOCUMENT, 5);
  c->max_per_window = 2;
  eg_cooc_add (c, &f.m, f.dict);
  ck_assert_uint_eq (c->capped_windows, 1);
  ck_assert_msg (c->edges->len == 1, "with 2 entities at most, one pair: got %u",
                 c->edges->len);
  ck_assert_uint_eq (c->nodes->len, 3);
  fixture_clear (&f);
}
END_TEST

START_TEST (test_edge_cap)
{
  Fixture f;
  fixture_init (&f, "06TEST1");
  g_autoptr (EgCooc) c = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
  c->max_edges = 2;
  eg_cooc_add (c, &f.m, f.dict);
  ck_assert_msg (c->edges->len == 2, "at most 2 pairs are held, got %u", c->edges->len);
  /* Window 1 makes 3 pairs (one dropped); window 2's beta-gamma is held or dropped. */
  ck_assert_msg (c->dropped_pairs >= 1, "the pairs past the cap are counted");
  ck_assert_uint_eq (c->nodes->len, 3);
  fixture_clear (&f);
}
END_TEST

/* The node index of graphfix entity "e@i" in @c. */
static guint32
node_index (EgCooc *c, guint i)
{
  g_autofree char *id = g_strdup_printf ("T:e%u", i);
  guint k = GPOINTER_TO_UINT (g_hash_table_lookup (c->node_by_id, id));
  ck_assert_msg (k > 0, "%s is a node", id);
  return k - 1;
}

START_TEST (test_large_window)
{
  /* 40 entities in one window: 780 pairs, counted in batches; then e0, e5, e39 again. The
   * edges are made in the order of the pairs (first entity, then second), each counted
   * once, and the window's share sums to one. With room for 500 edges, the rest are
   * dropped and counted. */
  GString *spec = g_string_new (NULL);
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (spec, "%se%u", i ? " " : "", i);
  g_string_append (spec, ";e0 e5 e39");
  for (guint cap = 0; cap <= 500; cap += 500)
    {
      GraphFix *f = graphfix_new ();
      graphfix_add (f, "06TEST1", "2006-01-05T10:00Z", spec->str);
      EgCooc *c = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
      if (cap)
        c->max_edges = cap;
      EgMentions *m = g_ptr_array_index (f->mentions, 0);
      m->n_dict = eg_dict_n_entities (f->dict);
      eg_cooc_add (c, m, f->dict);
      guint held = cap ? cap : 780;
      ck_assert_uint_eq (c->edges->len, held);
      ck_assert_uint_eq (c->dropped_pairs, cap ? 280 : 0);
      guint r = 0;
      guint64 share = 0;
      for (guint i = 0; i < 40; i++)
        for (guint j = i + 1; j < 40 && r < held; j++, r++)
          {
            const EgEdge *e = g_ptr_array_index (c->edges, r);
            guint32 a = node_index (c, i), b = node_index (c, j);
            ck_assert_msg (e->a == MIN (a, b) && e->b == MAX (a, b),
                           "edge %u is the pair (e%u, e%u)", r, i, j);
            gboolean again = (i == 0 || i == 5) && (j == 5 || j == 39);
            ck_assert_msg (e->windows == (again ? 2u : 1u) && e->docs == 1,
                           "e%u-e%u: %u windows, %u docs", i, j, e->windows, e->docs);
            ck_assert_uint_eq (e->n_evidence, again ? 2 : 1);
            share += e->fractional;
          }
      if (!cap)
        ck_assert_msg (share >= 2 * EG_COOC_FX - 1000 && share <= 2 * EG_COOC_FX + 1000,
                       "two windows share two units over their pairs");
      eg_cooc_free (c);
      graphfix_free (f);
    }
  g_string_free (spec, TRUE);
}
END_TEST

/* A document-wide window of 140 sentences (graphfix: one a paragraph): a pair's evidence
 * is the first sentence holding both, found in the window's bit sets past the first 64
 * sentences too, else the sentence of the first mention of either. Fails if the sets'
 * words past the first are misplaced or not searched. */
START_TEST (test_wide_window_sentence)
{
  GString *spec = g_string_new (NULL);
  for (guint i = 0; i < 140; i++)
    {
      const char *w = i < 70 ? "f" : i == 70 ? "a" : i == 90 ? "c a" : i == 100 ? "b"
                                 : i == 130 ? "a b" : i == 139 ? "c b" : "g";
      g_string_append_printf (spec, "%s%s", i ? ";" : "", w);
    }
  GraphFix *f = graphfix_new ();
  graphfix_add (f, "06TEST1", "2006-01-05T10:00Z", spec->str);
  EgMentions *m = g_ptr_array_index (f->mentions, 0);
  m->n_dict = eg_dict_n_entities (f->dict);
  g_autoptr (EgCooc) c = eg_cooc_new (EG_LEVEL_DOCUMENT, 5);
  eg_cooc_add (c, m, f->dict);
  static const struct {
    const char *a, *b, *sentence;
  } want[] = {
    { "T:a", "T:b", "a b." },  /* sentence 130: the third word of the sets */
    { "T:a", "T:c", "c a." },  /* sentence 90: the second */
    { "T:b", "T:c", "c b." },  /* sentence 139, the last */
    { "T:f", "T:a", "f." },    /* none shared: the first mention of either, sentence 0 */
    { "T:g", "T:b", "g." },    /* none shared: g's first (71) before b's (100) */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (want); i++)
    {
      const EgEdge *e = edge (c, want[i].a, want[i].b);
      ck_assert_msg (e != NULL && e->n_evidence == 1, "%s-%s is an edge with one piece",
                     want[i].a, want[i].b);
      ck_assert_str_eq (e->evidence[0].sentence, want[i].sentence);
    }
  graphfix_free (f);
  g_string_free (spec, TRUE);
}
END_TEST

START_TEST (test_sorted_edges)
{
  Fixture f;
  fixture_init (&f, "06TEST1");
  g_autoptr (EgCooc) c = eg_cooc_new (EG_LEVEL_PARAGRAPH, 5);
  /* Reverse the mention order of the first window: beta first. Output order is by id. */
  eg_cooc_add (c, &f.m, f.dict);
  g_autoptr (GPtrArray) edges = eg_cooc_sorted_edges (c);
  ck_assert_uint_eq (edges->len, 3);
  const char *want[][2] = { { "T:alpha", "T:beta" }, { "T:alpha", "T:gamma" },
                            { "T:beta", "T:gamma" } };
  for (guint i = 0; i < 3; i++)
    {
      const EgEdge *e = g_ptr_array_index (edges, i);
      const char *x = ((EgNode *) g_ptr_array_index (c->nodes, e->a))->id;
      const char *y = ((EgNode *) g_ptr_array_index (c->nodes, e->b))->id;
      ck_assert_msg ((!strcmp (x, want[i][0]) && !strcmp (y, want[i][1]))
                       || (!strcmp (y, want[i][0]) && !strcmp (x, want[i][1])),
                     "edge %u is %s -- %s", i, want[i][0], want[i][1]);
    }
  fixture_clear (&f);
}
END_TEST

/* The three edges of @merged equal those of @whole: counts, first date, evidence. */
static void
assert_same_edges (const EgCooc *whole, const EgCooc *merged)
{
  const char *pairs[][2] = { { "T:alpha", "T:beta" }, { "T:alpha", "T:gamma" },
                             { "T:beta", "T:gamma" } };
  for (guint i = 0; i < 3; i++)
    {
      const EgEdge *w = edge (whole, pairs[i][0], pairs[i][1]);
      const EgEdge *m = edge (merged, pairs[i][0], pairs[i][1]);
      ck_assert_msg (w->windows == m->windows && w->docs == m->docs
                       && w->fractional == m->fractional
                       && g_strcmp0 (w->first_date, m->first_date) == 0,
                     "edge %s -- %s adds up exactly", pairs[i][0], pairs[i][1]);
      ck_assert_uint_eq (m->n_evidence, w->n_evidence);
      for (guint j = 0; j < w->n_evidence; j++)
        ck_assert_msg (strcmp (w->evidence[j].doc, m->evidence[j].doc) == 0
                         && w->evidence[j].offset == m->evidence[j].offset,
                       "evidence %u of %s -- %s is the same piece", j, pairs[i][0],
                       pairs[i][1]);
    }
}

/* Counts of @n_draws random pairs among 400 entities, made in an order of their own
 * (seeded): windows, documents, shares, dates and evidence from 500 cables, as the
 * threads of a run over one corpus make them. */
static EgCooc *
random_counts (guint32 seed, guint n_draws, guint cap)
{
  EgCooc *c = eg_cooc_new (EG_LEVEL_PARAGRAPH, cap);
  g_autoptr (GRand) r = g_rand_new_with_seed (seed);
  guint32 index[400];
  guint n = G_N_ELEMENTS (index);
  for (guint i = 0; i < n; i++)
    index[i] = G_MAXUINT32;
  for (guint i = 0; i < n_draws; i++)
    {
      guint32 ends[2];
      for (guint k = 0; k < 2; k++)
        {
          guint x = (guint) g_rand_int_range (r, 0, (gint32) n);
          if (index[x] == G_MAXUINT32)
            {
              char id[16], label[16];
              g_snprintf (id, sizeof id, "ORG:n%03u", x);
              g_snprintf (label, sizeof label, "N %u", x);
              eg_cooc_node (c, id, "ORG", label, &index[x]);
            }
          ends[k] = index[x];
        }
      if (ends[0] == ends[1])
        continue;
      EgEdge *e = eg_cooc_edge (c, ends[0], ends[1]);
      e->windows += 1 + (guint) g_rand_int_range (r, 0, 3);
      e->docs += 1;
      e->fractional += (guint64) g_rand_int (r);
      char date[16], doc[32], sentence[32];
      g_snprintf (date, sizeof date, "2006-%02d-%02d", g_rand_int_range (r, 1, 13),
                  g_rand_int_range (r, 1, 29));
      eg_cooc_keep_earlier (&e->first_date, date);
      g_snprintf (doc, sizeof doc, "06CABLE%d", g_rand_int_range (r, 0, 500));
      guint32 offset = (guint32) g_rand_int_range (r, 0, 4) * 100;
      g_snprintf (sentence, sizeof sentence, "sentence at %u", offset);
      eg_cooc_offer_evidence (c, e, doc, offset, offset / 100, sentence);
    }
  c->n_docs = 500;
  return c;
}

/* The same nodes and edges with the same counts, dates and evidence; with @same_order, in
 * the same order too, else compared in the order of their ids. */
static void
assert_same_counts (const EgCooc *x, const EgCooc *y, gboolean same_order, guint threads)
{
  ck_assert_uint_eq (x->nodes->len, y->nodes->len);
  ck_assert_uint_eq (x->edges->len, y->edges->len);
  ck_assert_uint_eq (x->n_docs, y->n_docs);
  g_autoptr (GPtrArray) xn = same_order ? g_ptr_array_ref (x->nodes) : eg_cooc_sorted_nodes (x);
  g_autoptr (GPtrArray) yn = same_order ? g_ptr_array_ref (y->nodes) : eg_cooc_sorted_nodes (y);
  for (guint i = 0; i < xn->len; i++)
    {
      const EgNode *a = g_ptr_array_index (xn, i), *b = g_ptr_array_index (yn, i);
      ck_assert_str_eq (a->id, b->id);
      ck_assert_str_eq (a->label, b->label);
      ck_assert_uint_eq (a->mentions, b->mentions);
    }
  g_autoptr (GPtrArray) xe = same_order ? g_ptr_array_ref (x->edges) : eg_cooc_sorted_edges (x);
  g_autoptr (GPtrArray) ye = same_order ? g_ptr_array_ref (y->edges) : eg_cooc_sorted_edges (y);
  for (guint i = 0; i < xe->len; i++)
    {
      const EgEdge *a = g_ptr_array_index (xe, i), *b = g_ptr_array_index (ye, i);
      const EgNode *aa = g_ptr_array_index (x->nodes, a->a), *ab = g_ptr_array_index (x->nodes, a->b);
      const EgNode *ba = g_ptr_array_index (y->nodes, b->a), *bb = g_ptr_array_index (y->nodes, b->b);
      gboolean ends = (!strcmp (aa->id, ba->id) && !strcmp (ab->id, bb->id))
                      || (!strcmp (aa->id, bb->id) && !strcmp (ab->id, ba->id));
      ck_assert_msg (ends && a->windows == b->windows && a->docs == b->docs
                       && a->fractional == b->fractional
                       && g_strcmp0 (a->first_date, b->first_date) == 0
                       && a->n_evidence == b->n_evidence,
                     "%u threads: edge %u differs", threads, i);
      for (guint j = 0; j < a->n_evidence; j++)
        ck_assert_msg (strcmp (a->evidence[j].doc, b->evidence[j].doc) == 0
                         && a->evidence[j].offset == b->evidence[j].offset
                         && a->evidence[j].paragraph == b->evidence[j].paragraph
                         && strcmp (a->evidence[j].sentence, b->evidence[j].sentence) == 0,
                       "%u threads: evidence %u of edge %u differs", threads, j, i);
    }
}

/* A merge on several threads (the end of a run on as many) gives what one thread gives,
 * and what merging by copy gives: each thread adds a stretch of the part's edges to the
 * edges both sides have, and the part's own edges are made after, in its order. The two
 * parts share about half their edges. */
START_TEST (test_merge_threads)
{
  g_autoptr (EgCooc) copied = random_counts (1, 50000, 2);
  g_autoptr (EgCooc) other = random_counts (2, 50000, 2);
  eg_cooc_merge (copied, other);
  /* (enough edges for four threads' shares: cooc.c's MERGE_SHARE_MIN is 8192) */
  ck_assert_uint_ge (other->edges->len, 4 * 8192);
  g_autoptr (EgCooc) one = NULL;
  for (guint threads = 1; threads <= 4; threads++)
    {
      EgCooc *into = random_counts (1, 50000, 2);
      EgCooc *part = random_counts (2, 50000, 2);
      eg_cooc_merge_drain_threads (into, part, threads);
      eg_cooc_free (part);
      assert_same_counts (copied, into, FALSE, threads);
      if (one == NULL)
        one = into;
      else
        {
          assert_same_counts (one, into, TRUE, threads);
          eg_cooc_free (into);
        }
    }
}
END_TEST

/* Counting documents 0..2 in one go equals counting 0 and 1..2 apart and merging, by copy
 * (eg_cooc_merge) and by taking the parts (eg_cooc_merge_take, test loop index 1). */
START_TEST (test_merge_equals_one_run)
{
  gboolean take = _i == 1;
  Fixture f;
  fixture_init (&f, "06TEST1");
  g_autoptr (EgCooc) whole = eg_cooc_new (EG_LEVEL_PARAGRAPH, 3);
  for (int i = 0; i < 3; i++)
    eg_cooc_add (whole, &f.m, f.dict);
  EgCooc *p1 = eg_cooc_new (EG_LEVEL_PARAGRAPH, 3);
  EgCooc *p2 = eg_cooc_new (EG_LEVEL_PARAGRAPH, 3);
  g_autoptr (EgCooc) merged = eg_cooc_new (EG_LEVEL_PARAGRAPH, 3);
  eg_cooc_add (p1, &f.m, f.dict);
  eg_cooc_add (p2, &f.m, f.dict);
  eg_cooc_add (p2, &f.m, f.dict);
  /* Merge the later part first: order must not matter. */
  if (take)
    {
      eg_cooc_merge_take (merged, p2);
      eg_cooc_merge_take (merged, p1);
    }
  else
    {
      eg_cooc_merge (merged, p2);
      eg_cooc_merge (merged, p1);
      eg_cooc_free (p1);
      eg_cooc_free (p2);
    }
  ck_assert_uint_eq (merged->n_docs, whole->n_docs);
  ck_assert_uint_eq (merged->n_windows, whole->n_windows);
  ck_assert_uint_eq (merged->n_mentions, whole->n_mentions);
  ck_assert_uint_eq (merged->nodes->len, whole->nodes->len);
  ck_assert_uint_eq (merged->edges->len, whole->edges->len);
  assert_same_edges (whole, merged);
  fixture_clear (&f);
}
END_TEST

/* An edge's first date is the least of its documents' dates in byte order, whatever their
 * form and whatever the order and split of the documents: counted in one go, split in two
 * and merged by copy, split in three and taken in two orders, and through
 * eg_cooc_keep_earlier(). */
static const char *const date_cases[][7] = {
  { "2006-09-01T20:04Z", "2006-09-01T20:03Z", "2006-08-31T23:59Z", "2007-01-01T00:00Z", NULL },
  { "2007-01-01T00:00Z", "2006-08-31T23:59Z", "2006-09-01T20:03Z", "2006-09-01T20:04Z", NULL },
  { "2006-09-01T20:04Z", "2006-09-01", "2006-09", "2006-09-01T00:00Z", NULL },
  { "2006-08-31T23:59Z", "1899-12-31T23:59Z", "2006-13-01T00:00Z", "2100-01-01T00:00Z", NULL },
  { "2006-13-01T00:00Z", "2006-12-31T23:59Z", "2006-12-32T00:00Z", NULL },
  { "2006-09-01T20:04Z", "", "2006-09-01T20:04", "2006-09-01T20:04Z", "2006-09-01T20:04:00Z", NULL },
  { "2006-09-01T20:04Z", "2006-09-01T20:04Z", NULL },
};

START_TEST (test_first_date)
{
  const char *const *dates = date_cases[_i];
  guint n = 0;
  const char *least = NULL;
  for (; dates[n]; n++)
    if (least == NULL || strcmp (dates[n], least) < 0)
      least = dates[n];
  Fixture f;
  fixture_init (&f, "06TEST1");
  g_autoptr (EgCooc) whole = eg_cooc_new (EG_LEVEL_PARAGRAPH, 3);
  /* split in two and merged by copy; in three and taken, in two orders */
  EgCooc *merged[3], *parts[3][3];
  for (guint k = 0; k < 3; k++)
    {
      merged[k] = eg_cooc_new (EG_LEVEL_PARAGRAPH, 3);
      for (guint j = 0; j < 3; j++)
        parts[k][j] = eg_cooc_new (EG_LEVEL_PARAGRAPH, 3);
    }
  g_autoptr (EgCooc) kept = eg_cooc_new (EG_LEVEL_PARAGRAPH, 3);
  EgEdge *e = eg_cooc_edge (kept, 0, 1);
  for (guint i = 0; i < n; i++)
    {
      f.doc.meta.date = (char *) dates[i];
      eg_cooc_add (whole, &f.m, f.dict);
      eg_cooc_add (parts[0][i % 2], &f.m, f.dict);
      eg_cooc_add (parts[1][i % 3], &f.m, f.dict);
      eg_cooc_add (parts[2][i % 3], &f.m, f.dict);
      eg_cooc_keep_earlier (&e->first_date, dates[i]);
    }
  f.doc.meta.date = NULL; /* a document without a date changes nothing */
  eg_cooc_add (whole, &f.m, f.dict);
  for (guint j = 0; j < 3; j++)
    {
      eg_cooc_merge (merged[0], parts[0][2 - j]);
      eg_cooc_free (parts[0][2 - j]);
      eg_cooc_merge_take (merged[1], parts[1][j]);
      eg_cooc_merge_take (merged[2], parts[2][2 - j]);
    }
  const EgCooc *all[] = { whole, merged[0], merged[1], merged[2] };
  for (guint k = 0; k < G_N_ELEMENTS (all); k++)
    {
      const EgEdge *ab = edge (all[k], "T:alpha", "T:beta");
      ck_assert_msg (ab != NULL && g_strcmp0 (ab->first_date, least) == 0,
                     "case %d, counts %u: the first date is %s, not %s", _i, k, least,
                     ab ? ab->first_date : "(no edge)");
    }
  ck_assert_str_eq (e->first_date, least);
  for (guint k = 0; k < 3; k++)
    eg_cooc_free (merged[k]);
  fixture_clear (&f);
}
END_TEST

/* eg_cooc_merge_take puts the smaller counts into the larger (it swaps them when @into is
 * the smaller): the result must be the one-run result either way. The small part is a
 * document without Alpha (two nodes, one edge), the large one two full documents. */
START_TEST (test_merge_take_smaller_into_larger)
{
  gboolean small_first = _i == 0;
  Fixture f;
  fixture_init (&f, "06TEST1");
  Fixture g;
  fixture_init (&g, "06TEST2");
  g_array_remove_index (g.m.mentions, 0); /* no Alpha */
  g_autoptr (EgCooc) whole = eg_cooc_new (EG_LEVEL_PARAGRAPH, 2);
  eg_cooc_add (whole, &f.m, f.dict);
  eg_cooc_add (whole, &g.m, g.dict);
  eg_cooc_add (whole, &f.m, f.dict);
  EgCooc *small = eg_cooc_new (EG_LEVEL_PARAGRAPH, 2);
  EgCooc *large = eg_cooc_new (EG_LEVEL_PARAGRAPH, 2);
  eg_cooc_add (small, &g.m, g.dict);
  eg_cooc_add (large, &f.m, f.dict);
  eg_cooc_add (large, &f.m, f.dict);
  ck_assert (small->nodes->len + small->edges->len < large->nodes->len + large->edges->len);
  g_autoptr (EgCooc) merged = eg_cooc_new (EG_LEVEL_PARAGRAPH, 2);
  eg_cooc_merge_take (merged, small_first ? small : large);
  eg_cooc_merge_take (merged, small_first ? large : small);
  ck_assert_uint_eq (merged->n_docs, 3);
  ck_assert_uint_eq (merged->n_windows, whole->n_windows);
  ck_assert_uint_eq (merged->n_mentions, whole->n_mentions);
  ck_assert_uint_eq (merged->nodes->len, whole->nodes->len);
  ck_assert_uint_eq (merged->edges->len, whole->edges->len);
  for (guint i = 0; i < whole->nodes->len; i++)
    {
      const EgNode *w = g_ptr_array_index (whole->nodes, i);
      guint32 k = 0;
      const EgNode *m = eg_cooc_node (merged, w->id, w->type, w->label, &k);
      ck_assert_msg (m->mentions == w->mentions && m->docs == w->docs
                       && m->windows == w->windows && g_strcmp0 (m->label, w->label) == 0
                       && g_strcmp0 (m->first_date, w->first_date) == 0,
                     "node %s adds up", w->id);
    }
  assert_same_edges (whole, merged);
  /* Beta and Gamma share a window in all three documents: the evidence cap (2) keeps
   * the first two by (document, offset), both from 06TEST1. */
  const EgEdge *bg = edge (merged, "T:beta", "T:gamma");
  ck_assert_uint_eq (bg->n_evidence, 2);
  ck_assert_str_eq (bg->evidence[0].doc, "06TEST1");
  ck_assert_str_eq (bg->evidence[1].doc, "06TEST1");
  fixture_clear (&f);
  fixture_clear (&g);
}
END_TEST

static Suite *
cooc_suite (void)
{
  Suite *s = suite_create ("cooc");
  TCase *tc = tcase_create ("levels");
  tcase_add_loop_test (tc, test_levels, 0, G_N_ELEMENTS (level_cases));
  suite_add_tcase (s, tc);
  tc = tcase_create ("counts");
  tcase_add_test (tc, test_nodes);
  tcase_add_test (tc, test_local_nodes);
  tcase_add_test (tc, test_two_dictionaries);
  tcase_add_test (tc, test_window_cap);
  tcase_add_test (tc, test_edge_cap);
  tcase_add_test (tc, test_large_window);
  tcase_add_test (tc, test_wide_window_sentence);
  tcase_add_test (tc, test_sorted_edges);
  tcase_add_loop_test (tc, test_merge_equals_one_run, 0, 2);
  tcase_add_test (tc, test_merge_threads);
  tcase_add_loop_test (tc, test_merge_take_smaller_into_larger, 0, 2);
  tcase_add_loop_test (tc, test_first_date, 0, G_N_ELEMENTS (date_cases));
  suite_add_tcase (s, tc);
  tc = tcase_create ("evidence");
  tcase_add_test (tc, test_evidence);
  tcase_add_test (tc, test_evidence_text);
  tcase_add_test (tc, test_evidence_cap);
  tcase_add_test (tc, test_evidence_tie);
  tcase_add_test (tc, test_evidence_copies);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (cooc_suite ());
}
