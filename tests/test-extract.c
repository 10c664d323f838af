/* test-extract.c - from documents to mentions: dictionary matches with their case rules,
 * offsets into the original bytes, acronym definitions, and the seed cable end to end. */
#include <string.h>

#include "extract.h"
#include "testutil.h"

static EgDict *
small_dict (void)
{
  EgDict *d = eg_dict_new ();
  const char *sre[] = { "SRE", "Secretaria de Relaciones Exteriores", NULL };
  const char *ngo[] = { "non-governmental organizations", NULL };
  const char *who[] = { "WHO", NULL };
  const char *un[] = { "UN", NULL };
  const char *unag[] = { NULL };
  g_assert (eg_dict_add (d, "AGENCY:mx-sre", "AGENCY", "Secretariat of Foreign Relations", sre, 0, NULL, 1, NULL) >= 0);
  g_assert (eg_dict_add (d, "GROUP:ngos", "GROUP", "NGOs", ngo, 0, NULL, 2, NULL) >= 0);
  g_assert (eg_dict_add (d, "ORG:who", "ORG", "World Health Organization", who, 0, NULL, 3, NULL) >= 0);
  g_assert (eg_dict_add (d, "ORG:un", "ORG", "United Nations", un, 0, NULL, 4, NULL) >= 0);
  g_assert (eg_dict_add (d, "GROUP:un-agencies", "GROUP", "UN agencies", unag, 0, NULL, 5, NULL) >= 0);
  g_assert (eg_dict_add (d, "ORG:bcc", "ORG", "Business Coordinating Council", NULL, 0, NULL, 6, NULL) >= 0);
  return d;
}

/* Mentions of @text as "id=surface" strings joined by "; ". */
static char *
mentions_of (const char *text, const char *name)
{
  g_autoptr (EgDict) d = small_dict ();
  g_autoptr (EgExtractor) ex = eg_extractor_new (d, EG_EXTRACT_NO_RULES, NULL);
  g_autoptr (GBytes) b = g_bytes_new (text, strlen (text));
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDoc) doc = eg_doc_new_from_bytes (name ? name : "test.txt", b, &error);
  ck_assert_msg (doc != NULL, "the text reads: %s", error ? error->message : "");
  g_autoptr (EgMentions) m = eg_extractor_run (ex, doc);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < m->mentions->len; i++)
    {
      const EgMention *mn = &g_array_index (m->mentions, EgMention, i);
      EgEntityRef ref = eg_mentions_entity (m, d, mn->entity);
      g_string_append_printf (s, "%s%s=%s", i ? "; " : "", ref.id,
                              (char *) g_ptr_array_index (m->surfaces, i));
    }
  return g_string_free (s, FALSE);
}

typedef struct {
  const char *what;
  const char *text;
  const char *expect;
} Case;

static const Case cases[] = {
  { "long form and acronym", "The Secretariat of Foreign Relations and the SRE met.",
    "AGENCY:mx-sre=Secretariat of Foreign Relations; AGENCY:mx-sre=SRE" },
  { "a name wrapped over a line break", "The Secretariat of\nForeign  Relations met.",
    "AGENCY:mx-sre=Secretariat of Foreign Relations" },
  { "accents fold", "La Secretar\xC3\xAD" "a de Relaciones Exteriores dijo.",
    "AGENCY:mx-sre=Secretar\xC3\xAD" "a de Relaciones Exteriores" },
  { "possessive", "The SRE's view and the SRE\xE2\x80\x99s plan.",
    "AGENCY:mx-sre=SRE; AGENCY:mx-sre=SRE" },
  { "an acronym in lower case is a word", "Those who met the sre and who left.", "" },
  { "an acronym in capitals", "The WHO and the SRE met.",
    "ORG:who=WHO; AGENCY:mx-sre=SRE" },
  { "leftmost-longest", "UN agencies and the UN met.",
    "GROUP:un-agencies=UN agencies; ORG:un=UN" },
  { "word boundaries", "PRESRE SRES XSRE SRE2 SRE.", "AGENCY:mx-sre=SRE" },
  { "hyphen at a line end joins", "Several non-\ngovernmental organizations came.",
    "GROUP:ngos=non-governmental organizations" },
  { "NBSP and U+2028 are spaces", "UN\xC2\xA0" "agencies and UN\xE2\x80\xA8" "agencies.",
    "GROUP:un-agencies=UN agencies; GROUP:un-agencies=UN agencies" },
  { "acronym defined for a dictionary long form",
    "The Business Coordinating Council (BCCL) spoke. Later the BCCL agreed.",
    "ORG:bcc=Business Coordinating Council; ORG:bcc=BCCL; ORG:bcc=BCCL" },
  { "long form defined for a dictionary acronym",
    "The SRE (Secretariat for Exterior Relations) spoke; the Secretariat for Exterior Relations agreed.",
    "AGENCY:mx-sre=SRE; AGENCY:mx-sre=Secretariat for Exterior Relations; AGENCY:mx-sre=Secretariat for Exterior Relations" },
  { "a new institution from its definition",
    "The National Migration Institute (INM) met. INM officials and the National Migration Institute agreed.",
    "AGENCY:national-migration-institute=National Migration Institute; "
    "AGENCY:national-migration-institute=INM; AGENCY:national-migration-institute=INM; "
    "AGENCY:national-migration-institute=National Migration Institute" },
  { "a topic is not an institution", "Trafficking in persons (TIP) is a crime. TIP grows.", "" },
  { "a gloss is its whole parenthesis, not a known name that ends it",
    "The PGR (Mexican Business Coordinating Council) spoke. The PGR agreed.",
    "ORG:bcc=Business Coordinating Council" },
};

/* A document of many acronym definitions looks its candidates up through indexes (a hash
 * by end, a sorted array); a cable of a few, by scanning them. Both must find the same:
 * a paragraph repeated 300 times gives 300 times the mentions it gives alone. */
START_TEST (test_many_definitions)
{
  const char *para =
    "The National Migration Institute (INM) met. The Business Coordinating Council (BCCL) "
    "spoke. The SRE (Secretariat for Exterior Relations) agreed (see below). INM, BCCL and "
    "the SRE signed; the Office of Border Affairs (OBA) and the WHO watched.\n\n";
  g_autofree char *one = mentions_of (para, NULL);
  ck_assert_msg (strstr (one, "=INM") && strstr (one, "=BCCL") && strstr (one, "Exterior Relations"),
                 "the paragraph defines its acronyms: %s", one);
  GString *text = g_string_new (NULL), *want = g_string_new (NULL);
  for (guint i = 0; i < 300; i++)
    {
      g_string_append (text, para);
      g_string_append_printf (want, "%s%s", i ? "; " : "", one);
    }
  g_autofree char *many = mentions_of (text->str, NULL);
  ck_assert_str_eq (many, want->str);
  g_string_free (text, TRUE);
  g_string_free (want, TRUE);
}
END_TEST

START_TEST (test_cases)
{
  const Case *c = &cases[_i];
  g_autofree char *got = mentions_of (c->text, NULL);
  ck_assert_msg (strcmp (got, c->expect) == 0, "%s: expected \"%s\", got \"%s\"", c->what,
                 c->expect, got);
}
END_TEST

/* Offsets point at the bytes of the original file. */
START_TEST (test_offsets)
{
  const char *text = "Intro.\n\nThe Secretariat of\n   Foreign Relations (SRE)\xE2\x80\x99s NGOs.\n";
  g_autoptr (EgDict) d = small_dict ();
  g_autoptr (EgExtractor) ex = eg_extractor_new (d, EG_EXTRACT_NO_RULES, NULL);
  g_autoptr (GBytes) b = g_bytes_new (text, strlen (text));
  g_autoptr (EgDoc) doc = eg_doc_new_from_bytes ("t.txt", b, NULL);
  g_autoptr (EgMentions) m = eg_extractor_run (ex, doc);
  ck_assert_uint_eq (m->mentions->len, 3);
  const EgMention *a = &g_array_index (m->mentions, EgMention, 0);
  const EgMention *s = &g_array_index (m->mentions, EgMention, 1);
  ck_assert_uint_eq (a->start, (guint) (strstr (text, "Secretariat") - text));
  ck_assert_uint_eq (a->end, (guint) (strstr (text, " (SRE)") - text));
  ck_assert_uint_eq (s->start, (guint) (strstr (text, "SRE") - text));
  ck_assert_uint_eq (s->end, s->start + 3);
}
END_TEST

/* The seed cable: the names a reader of it sees, none from the news site around it. */
START_TEST (test_seed)
{
  g_autofree char *dir = eg_test_src ("dicts");
  g_autoptr (EgDict) d = eg_dict_new ();
  ck_assert (eg_dict_load_dir (d, dir, NULL));
  g_autoptr (EgExtractor) ex = eg_extractor_new (d, 0, NULL);
  g_autofree char *path = eg_test_data ("seed-scoop.txt");
  g_autoptr (EgDoc) doc = eg_doc_load (path, NULL);
  ck_assert_ptr_nonnull (doc);
  g_autoptr (EgMentions) m = eg_extractor_run (ex, doc);
  gboolean sre_long = FALSE, sre_short = FALSE;
  GHashTable *ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < m->mentions->len; i++)
    {
      const EgMention *mn = &g_array_index (m->mentions, EgMention, i);
      EgEntityRef ref = eg_mentions_entity (m, d, mn->entity);
      const char *surface = g_ptr_array_index (m->surfaces, i);
      g_hash_table_add (ids, (gpointer) ref.id);
      if (strcmp (ref.id, "AGENCY:mx-sre") == 0)
        {
          sre_long |= strcmp (surface, "Secretariat of Foreign Relations") == 0;
          sre_short |= strcmp (surface, "SRE") == 0;
        }
      ck_assert_msg (strstr (surface, "Scoop") == NULL && strstr (surface, "Advertisement") == NULL,
                     "no mention from the news site: %s", surface);
      ck_assert_msg (mn->window < doc->windows->len, "every mention is in a window");
    }
  ck_assert_msg (sre_long && sre_short, "the SRE is found as its long form and as SRE");
  const char *want[] = { "GROUP:ngos", "GROUP:un-agencies", "PERSON:nemecio-lugo", NULL };
  for (guint i = 0; want[i]; i++)
    ck_assert_msg (g_hash_table_contains (ids, want[i]), "the seed names %s", want[i]);
  g_hash_table_destroy (ids);
}
END_TEST

/* An extractor made for counting leaves the surfaces out and finds the same mentions. */
START_TEST (test_no_surfaces)
{
  g_autofree char *dir = eg_test_src ("dicts");
  g_autoptr (EgDict) d = eg_dict_new ();
  ck_assert (eg_dict_load_dir (d, dir, NULL));
  g_autoptr (EgExtractor) ex = eg_extractor_new (d, 0, NULL);
  g_autoptr (EgExtractor) counting = eg_extractor_new (d, EG_EXTRACT_NO_SURFACES, NULL);
  g_autofree char *path = eg_test_data ("seed-scoop.txt");
  g_autoptr (EgDoc) doc = eg_doc_load (path, NULL);
  ck_assert_ptr_nonnull (doc);
  g_autoptr (EgMentions) m = eg_extractor_run (ex, doc);
  g_autoptr (EgMentions) c = eg_extractor_run (counting, doc);
  ck_assert_ptr_null (c->surfaces);
  ck_assert_uint_eq (m->surfaces->len, m->mentions->len);
  ck_assert_uint_gt (c->mentions->len, 10);
  ck_assert_uint_eq (c->mentions->len, m->mentions->len);
  ck_assert_uint_eq (c->locals->len, m->locals->len);
  for (guint i = 0; i < c->mentions->len; i++)
    {
      const EgMention *a = &g_array_index (c->mentions, EgMention, i);
      const EgMention *b = &g_array_index (m->mentions, EgMention, i);
      ck_assert (a->start == b->start && a->end == b->end && a->entity == b->entity
                 && a->window == b->window && a->sentence == b->sentence && a->rule == b->rule);
      ck_assert_str_eq (eg_mentions_entity (c, d, a->entity).id,
                        eg_mentions_entity (m, d, b->entity).id);
    }
}
END_TEST

static gpointer
run_thread (gpointer data)
{
  return mentions_of (data, NULL);
}

START_TEST (test_threads)
{
  const char *text = "The SRE met NGOs and UN agencies. The Secretariat of Foreign Relations (SRE) said.";
  GThread *t1 = g_thread_new ("a", run_thread, (gpointer) text);
  GThread *t2 = g_thread_new ("b", run_thread, (gpointer) text);
  g_autofree char *r1 = g_thread_join (t1);
  g_autofree char *r2 = g_thread_join (t2);
  ck_assert_str_eq (r1, r2);
}
END_TEST

static Suite *
extract_suite (void)
{
  Suite *s = suite_create ("extract");
  TCase *tc = tcase_create ("dictionary");
  tcase_add_loop_test (tc, test_cases, 0, G_N_ELEMENTS (cases));
  tcase_add_test (tc, test_offsets);
  tcase_add_test (tc, test_threads);
  tcase_add_test (tc, test_many_definitions);
  suite_add_tcase (s, tc);
  tc = tcase_create ("seed");
  tcase_add_test (tc, test_seed);
  tcase_add_test (tc, test_no_surfaces);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (extract_suite ());
}
