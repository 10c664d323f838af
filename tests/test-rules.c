/* test-rules.c - the recognizers of rules.h on hand-written sentences: each rule finds
 * what it should and leaves the traps alone (sentence capitals, headings, Poloff, "the
 * Ambassador", months, places, redactions, nationalities); then the seed end to end. */
#include <string.h>

#include "error.h"
#include "extract.h"
#include "rules.h"
#include "testutil.h"

static EgRules *
shipped_rules (void)
{
  g_autofree char *dir = eg_test_src ("dicts/rules");
  g_autoptr (GError) error = NULL;
  EgRules *r = eg_rules_new ();
  ck_assert_msg (eg_rules_load_dir (r, dir, &error), "the shipped rules load: %s",
                 error ? error->message : "");
  return r;
}

static EgDict *
small_dict (void)
{
  EgDict *d = eg_dict_new ();
  const char *sre[] = { "SRE", "Secretariat of Foreign Relations", NULL };
  const char *pri[] = { "PRI", NULL };
  const char *gom[] = { "GOM", NULL };
  g_assert (eg_dict_add (d, "AGENCY:mx-sre", "AGENCY", "Secretariat of Foreign Relations", sre, 0, NULL, 1, NULL) >= 0);
  g_assert (eg_dict_add (d, "ORG:pri", "ORG", "Institutional Revolutionary Party", pri, 0, NULL, 2, NULL) >= 0);
  g_assert (eg_dict_add (d, "AGENCY:gom", "AGENCY", "Government of Mexico", gom, 0, NULL, 3, NULL) >= 0);
  g_assert (eg_dict_add (d, "PERSON:vicente-fox", "PERSON", "Vicente Fox", NULL, 0, NULL, 4, NULL) >= 0);
  return d;
}

/* Every mention of @text as "TYPE=surface/rule@id", joined by "; ". */
static char *
mentions_of (const char *text)
{
  g_autoptr (EgRules) rules = shipped_rules ();
  g_autoptr (EgDict) d = small_dict ();
  g_autoptr (GError) error = NULL;
  g_autoptr (EgExtractor) ex = eg_extractor_new_full (d, rules, 0, &error);
  ck_assert_msg (ex != NULL, "an extractor is built: %s", error ? error->message : "");
  g_autoptr (GBytes) b = g_bytes_new (text, strlen (text));
  g_autoptr (EgDoc) doc = eg_doc_new_from_bytes ("test.txt", b, &error);
  ck_assert_msg (doc != NULL, "the text reads: %s", error ? error->message : "");
  g_autoptr (EgMentions) m = eg_extractor_run (ex, doc);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < m->mentions->len; i++)
    {
      const EgMention *mn = &g_array_index (m->mentions, EgMention, i);
      EgEntityRef ref = eg_mentions_entity (m, d, mn->entity);
      g_string_append_printf (s, "%s%s=%s/%s@%s", i ? "; " : "", ref.type,
                              (char *) g_ptr_array_index (m->surfaces, i),
                              eg_rule_name ((EgRule) mn->rule), ref.id);
    }
  return g_string_free (s, FALSE);
}

typedef struct {
  const char *what;
  const char *text;
  const char *want[4];   /* substrings of the mentions list ("PERSON=Fox/title") */
  const char *reject[4]; /* substrings that must not occur */
} Case;

static void
check_case (const Case *c)
{
  g_autofree char *got = mentions_of (c->text);
  for (guint i = 0; i < G_N_ELEMENTS (c->want) && c->want[i]; i++)
    ck_assert_msg (strstr (got, c->want[i]) != NULL, "%s: \"%s\" gives %s; got [%s]", c->what,
                   c->text, c->want[i], got);
  for (guint i = 0; i < G_N_ELEMENTS (c->reject) && c->reject[i]; i++)
    ck_assert_msg (strstr (got, c->reject[i]) == NULL, "%s: \"%s\" does not give %s; got [%s]",
                   c->what, c->text, c->reject[i], got);
}

/* ---- EG_RULE_TITLE ---------------------------------------------------------------- */

static const Case title_cases[] = {
  { "a title and a surname in capitals", "Foreign Secretary DERBEZ met the Ambassador.",
    { "PERSON=DERBEZ/title@PERSON:derbez" }, { "Ambassador" } },
  { "a title and one surname", "On Monday President Fox spoke to reporters.",
    { "PERSON=Fox/title" }, { "Monday" } },
  { "an abbreviated title", "Poloff met Dr. Julio Frenk at the clinic.",
    { "PERSON=Julio Frenk/title" }, { "Poloff" } },
  { "a title of several words", "Secretary of State Rice arrived in Mexico City.",
    { "PERSON=Rice/title" }, { "Mexico City", "State Rice" } },
  { "a Spanish name after an office", "Attorney General Eduardo Medina Mora will resign.",
    { "PERSON=Eduardo Medina Mora/title" }, { "Attorney General Eduardo" } },
  { "a role noun in lower case", "Later federal police official Elpidio Tovar spoke.",
    { "PERSON=Elpidio Tovar/title" }, { NULL } },
  { "an appositive", "Elpidio Tovar, the newly appointed federal police official, spoke.",
    { "PERSON=Elpidio Tovar/title" }, { NULL } },
  { "an appositive opened by a possessive", "Jorge Chen, the PRI's deputy leader, left.",
    { "PERSON=Jorge Chen" }, { NULL } },
  { "the Ambassador has no name", "The Ambassador and Poloff met the Minister on Tuesday.",
    { NULL }, { "PERSON" } },
  { "a weak title before an ordinary word", "General Motors and General Electric invested.",
    { NULL }, { "PERSON" } },
  { "a redaction is no name", "Ambassador XXXXXXXXXXXX said Post would help.",
    { NULL }, { "PERSON" } },
  { "a place after an appositive comma", "Ciudad Juarez, the border city, and Mexico City, the capital, grew.",
    { NULL }, { "PERSON" } },
  { "a nationality after a title", "The Mexican Ambassador met President Calderon in May.",
    { "PERSON=Calderon/title" }, { "Mexican", "May" } },
  { "U.S. before a title", "U.S. Ambassador Tony Garza met GOM officials.",
    { "PERSON=Tony Garza/title", "AGENCY=GOM/dict" }, { "U.S. Ambassador" } },
  { "a title in lower case", "Scandals of former PRI governor Montiel hurt the party.",
    { "PERSON=Montiel/title" }, { NULL } },
  { "a weak title before a surname", "Under General Vega the army changed.",
    { "PERSON=Vega/title" }, { NULL } },
  { "a word between two titles is the office's",
    "Deputy Planning Commissioner Montek Ahluwalia came.",
    { "PERSON=Montek Ahluwalia/title" }, { "=Planning/" } },
  { "an acronym after a title is no surname", "Consulate General CJ and Deputy DG left.",
    { NULL }, { "PERSON" } },
  { "the plural of a title or a role is no name",
    "The group is chaired by our respective Coordinators and Deputy Coordinators. Since 2002, "
    "Mumbai Consul Generals have routinely sought meetings.",
    { NULL }, { "PERSON" } },
  { "a line in capitals with accents is a heading",
    "MEETING WITH FOREIGN MINISTER DERBEZ AND SE\xc3\x91OR GARC\xc3\x8d" "A\n\nPoloff met the Ambassador.",
    { NULL }, { "PERSON" } },
  { "an e-mail address is no title", "Write to chisholmfm@state.gov. Distribution is limited.",
    { NULL }, { "PERSON" } },
  { "a leader before his administration",
    "Ties improved under the Fox administration and the outgoing Fox cabinet.",
    { "PERSON=Fox/title" }, { "Fox administration" } },
  { "a field of study after a leader word", "He holds a Master's degree in Business Administration.",
    { NULL }, { "PERSON", "institution" } },
  { "a title-case subject line",
    "UNCLAS MEXICO 001234\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PGOV MX\n"
    "SUBJECT: Finance Minister Announces New Budget Rules\n\n1. (U) The budget grew.\n",
    { NULL }, { "PERSON" } },
};

START_TEST (test_title)
{
  check_case (&title_cases[_i]);
}
END_TEST

/* ---- EG_RULE_GIVEN_NAME ----------------------------------------------------------- */

static const Case given_cases[] = {
  { "a given name and a surname", "In a speech Felipe Calderon promised reforms.",
    { "PERSON=Felipe Calderon/given-name" }, { NULL } },
  { "an Arabic name with a particle", "The visit of Muammar al-Qadhafi's son was delayed.",
    { "PERSON=Muammar al-Qadhafi/given-name" }, { NULL } },
  { "a sentence that opens before a given name", "Accompanying Felipe Calderon were aides.",
    { "PERSON=Felipe Calderon" }, { "Accompanying" } },
  { "a surname in capitals after a given name", "Felipe CALDERON won the election.",
    { "PERSON=Felipe CALDERON/given-name" }, { NULL } },
  { "a place starting with a saint", "They flew from San Jose to Santa Maria Tonantzintla.",
    { NULL }, { "PERSON" } },
  { "an airport named for a person", "He landed at Benito Juarez International Airport.",
    { NULL }, { "PERSON" } },
  { "a heading in capitals", "\n\nMEXICAN GOVERNMENT HELD MEETING WITH JOSE PEREZ\n\nThe meeting was held.",
    { NULL }, { "PERSON" } },
  { "a given name alone", "Jose said that the plan would work.", { NULL }, { "PERSON" } },
  { "a dictionary person inside a longer name", "Ex-President Vicente Fox Quesada spoke.",
    { "PERSON=Vicente Fox Quesada/given-name@PERSON:vicente-fox" }, { NULL } },
};

START_TEST (test_given)
{
  check_case (&given_cases[_i]);
}
END_TEST

/* ---- EG_RULE_SURNAME -------------------------------------------------------------- */

static const Case surname_cases[] = {
  { "a later surname is the full name",
    "Nemecio Lugo, a federal police official, spoke. Lugo said more would come.",
    { "PERSON=Lugo/surname@PERSON:nemecio-lugo" }, { NULL } },
  { "an earlier surname in a caps subject line",
    "SUBJECT: CALDERON MEETS GOVERNORS\n\n1. Felipe Calderon met governors.",
    { "PERSON=CALDERON/surname@PERSON:felipe-calderon" }, { NULL } },
  { "two surnames of a Spanish name",
    "Eduardo Medina Mora spoke. Medina Mora said the PGR would act.",
    { "PERSON=Medina Mora/surname@PERSON:eduardo-medina-mora" }, { NULL } },
  { "a surname without its al- prefix",
    "Muammar al-Qadhafi arrived. Qadhafi then spoke for two hours.",
    { "PERSON=Qadhafi/surname@PERSON:muammar-al-qadhafi" }, { NULL } },
  { "a one-word title name and its full name",
    "Rafael Marin met reporters. Later Governor Marin left.",
    { "PERSON=Marin/title@PERSON:rafael-marin" }, { NULL } },
  { "a surname two people share is left alone",
    "Luisa Calderon and Felipe Calderon met. Calderon said nothing.",
    { "PERSON=Felipe Calderon", "PERSON=Luisa Calderon" }, { "=Calderon/" } },
  { "a surname that is a place after the",
    "William Hague flew to The Hague on Tuesday.",
    { "PERSON=William Hague" }, { "=Hague/" } },
  { "a surname of a dictionary person", "Vicente Fox spoke. Fox later left.",
    { "PERSON=Fox/surname@PERSON:vicente-fox" }, { NULL } },
  { "no full name, no surname", "Lugo said the police would act.", { NULL }, { "PERSON" } },
};

START_TEST (test_surname)
{
  check_case (&surname_cases[_i]);
}
END_TEST

/* ---- EG_RULE_INSTITUTION ---------------------------------------------------------- */

static const Case institution_cases[] = {
  { "a ministry with its complement", "The Secretariat of Public Security said so.",
    { "AGENCY=Secretariat of Public Security/institution" }, { "The Secretariat" } },
  { "a party", "The Democratic Revolution Party won the vote.",
    { "ORG=Democratic Revolution Party/institution" }, { NULL } },
  { "a national commission", "She works for the National Human Rights Commission now.",
    { "=National Human Rights Commission/institution" }, { NULL } },
  { "a foundation", "The Qadhafi Development Foundation funded it.",
    { "ORG=Qadhafi Development Foundation/institution" }, { NULL } },
  { "an office with a complement", "The Office of Defense Coordination helped.",
    { "AGENCY=Office of Defense Coordination/institution" }, { NULL } },
  { "a head word alone is not a name", "The Ministry said the Party would meet.",
    { NULL }, { "institution" } },
  { "the edge stops at a lower-case word", "The Ministry of Health and officials met.",
    { "AGENCY=Ministry of Health/institution" }, { "Health and" } },
  { "the edge stops at a full stop", "He met the Ministry of Health. Officials agreed.",
    { "AGENCY=Ministry of Health/institution" }, { "Officials" } },
  { "a possessive before the name", "Mexico's Foreign Ministry protested.",
    { "AGENCY=Foreign Ministry/institution" }, { "Mexico's Foreign" } },
  { "a sentence capital is not a modifier", "Accompanying Ministry officials were there.",
    { NULL }, { "institution" } },
  { "a nationality before a body of government",
    "Italian authorities and the Libyan navy met U.S. forces.",
    { "AGENCY=Italian authorities/institution", "AGENCY=Libyan navy/institution",
      "AGENCY=U.S. forces/institution" }, { NULL } },
  { "a level of government in lower case", "The federal police and state government agreed.",
    { "AGENCY=federal police/institution", "AGENCY=state government/institution" }, { NULL } },
  { "heads in a row are one name", "He directed the Federal Forces Institute until 2006.",
    { "AGENCY=Federal Forces Institute/institution" }, { "=Federal Forces/" } },
  { "a list inside a name", "The International Organization for Peace, Care, and Relief helps.",
    { "ORG=International Organization for Peace, Care, and Relief/institution" }, { NULL } },
  { "a possessive ends the complement", "The Ministry of Fisheries and Iceland's envoy met.",
    { "AGENCY=Ministry of Fisheries/institution" }, { "Iceland" } },
  { "two bodies joined by and are two", "He met the Defense Ministry and Foreign Ministry staff.",
    { "AGENCY=Defense Ministry/institution", "AGENCY=Foreign Ministry/institution" }, { NULL } },
  { "a Spanish head before its name", "Funds moved through Banco Delta Asia in Macau.",
    { "ORG=Banco Delta Asia/institution" }, { NULL } },
  { "a dictionary name with a modifier is that entity",
    "The Mexican Secretariat of Foreign Relations agreed.",
    { "AGENCY=Mexican Secretariat of Foreign Relations/institution@AGENCY:mx-sre" }, { NULL } },
};

START_TEST (test_institution)
{
  check_case (&institution_cases[_i]);
}
END_TEST

/* ---- acronym definitions the letters do not align --------------------------------- */

static const Case acronym_cases[] = {
  { "an English gloss before a Spanish acronym",
    "The Attorney General's Office (PGR) opened a case; the PGR later closed it.",
    { "AGENCY=Attorney General's Office/institution@AGENCY:attorney-general-s-office",
      "AGENCY=PGR/acronym@AGENCY:attorney-general-s-office" }, { NULL } },
  { "a Spanish acronym before an English gloss",
    "The SSP (Public Security Secretariat) said the SSP would act.",
    { "AGENCY=SSP/acronym", "Public Security Secretariat" }, { NULL } },
  { "a party acronym after a person is no definition",
    "Senator Juan Perez (PRI) voted; the PRI agreed.",
    { "PERSON=Juan Perez/title", "ORG=PRI/dict" }, { "PERSON=PRI" } },
  { "a lower-case topic is no institution",
    "Talks on trafficking in persons (TIP) went on.", { NULL }, { "TIP" } },
  { "a Spanish acronym whose initials an English name holds",
    "The National Migration Institute (INM) met. INM officials agreed.",
    { "AGENCY=INM/acronym@AGENCY:national-migration-institute" }, { NULL } },
  { "a treaty's acronym is no entity",
    "They discussed the Nonproliferation Treaty (NPT) and the NPT review.",
    { NULL }, { "NPT" } },
  { "a person's initials align with the person",
    "Andres Manuel Lopez Obrador (AMLO) lost; AMLO protested.",
    { "PERSON=AMLO/acronym@PERSON:andres-manuel-lopez-obrador" }, { NULL } },
};

START_TEST (test_acronym)
{
  check_case (&acronym_cases[_i]);
}
END_TEST

/* ---- loading, display names, no rules --------------------------------------------- */

START_TEST (test_load_errors)
{
  g_autoptr (EgRules) r = eg_rules_new ();
  g_autoptr (GError) error = NULL;
  const char bad[] = "# titles\nminister\nsenator\tstrong\n";
  ck_assert_msg (!eg_rules_load_data (r, "x/titles.txt", bad, sizeof bad - 1, &error),
                 "an unknown second column is refused");
  ck_assert_msg (g_error_matches (error, EG_ERROR, EG_ERROR_DICT_SYNTAX)
                 && strstr (error->message, "x/titles.txt:3:") != NULL,
                 "the message names file and line: %s", error->message);
  g_clear_error (&error);
  ck_assert_msg (!eg_rules_load_data (r, "x/other.txt", "a\n", 2, &error),
                 "an unknown list name is refused");
  g_clear_error (&error);
  ck_assert_msg (!eg_rules_load_dir (r, "/nonexistent/rules", &error)
                 && g_error_matches (error, EG_ERROR, EG_ERROR_IO),
                 "a missing folder is an I/O error");
  g_autoptr (EgRules) shipped = shipped_rules ();
  ck_assert_msg (eg_rules_size (shipped) > 2000, "the shipped lists hold %u entries",
                 eg_rules_size (shipped));
}
END_TEST

START_TEST (test_display_name)
{
  static const char *const cases[][2] = {
    { "DERBEZ", "Derbez" }, { "Felipe CALDERON", "Felipe Calderon" },
    { "AL-QADHAFI", "Al-Qadhafi" }, { "Nemecio Lugo", "Nemecio Lugo" },
    { "O'BRIEN", "O'brien" }, { "", "" },
    /* words with a lower-case letter are kept as written, others recased, spaces kept */
    { "JOS\xc3\x89 Mar\xc3\xad" "a  L\xc3\x93PEZ", "Jos\xc3\xa9 Mar\xc3\xad" "a  L\xc3\xb3pez" },
    { "Ban Ki-moon 2", "Ban Ki-moon 2" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = eg_rules_display_name (cases[i][0]);
      ck_assert_msg (strcmp (got, cases[i][1]) == 0, "\"%s\" displays as \"%s\", got \"%s\"",
                     cases[i][0], cases[i][1], got);
    }
}
END_TEST

START_TEST (test_no_rules_flag)
{
  g_autoptr (EgRules) rules = shipped_rules ();
  g_autoptr (EgDict) d = small_dict ();
  g_autoptr (EgExtractor) ex = eg_extractor_new_full (d, rules, EG_EXTRACT_NO_RULES, NULL);
  const char text[] = "President Fox met Felipe Calderon at the Ministry of Health.";
  g_autoptr (GBytes) b = g_bytes_new (text, sizeof text - 1);
  g_autoptr (EgDoc) doc = eg_doc_new_from_bytes ("t.txt", b, NULL);
  ck_assert_msg (doc != NULL, "the text reads");
  g_autoptr (EgMentions) m = eg_extractor_run (ex, doc);
  ck_assert_msg (m->mentions->len == 0, "EG_EXTRACT_NO_RULES finds no rule mentions (%u)",
                 m->mentions->len);
}
END_TEST

/* ---- the seed end to end ---------------------------------------------------------- */

/* The rules' hits for @text with the dictionary spans @known (folded text, as "phrase"
 * entity person triples), one line each. */
static char *
hits_with_known (const char *text, const char *const *phrases, const guint32 *entities,
                 const gboolean *people, guint n)
{
  g_autoptr (EgRules) rules = shipped_rules ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) b = g_bytes_new (text, strlen (text));
  g_autoptr (EgDoc) doc = eg_doc_new_from_bytes ("test.txt", b, &error);
  ck_assert_msg (doc != NULL, "the text reads: %s", error ? error->message : "");
  g_autoptr (EgFolded) f = eg_fold_doc (doc);
  g_autoptr (GArray) known = g_array_new (FALSE, FALSE, sizeof (EgRuleKnown));
  for (guint i = 0; i < n; i++)
    {
      const char *at = strstr (f->text, phrases[i]);
      ck_assert_msg (at != NULL, "\"%s\" is in the folded text", phrases[i]);
      EgRuleKnown k = { (guint32) (at - f->text), (guint32) (at - f->text + strlen (phrases[i])),
                        entities[i], people[i] };
      g_array_append_val (known, k);
    }
  g_autoptr (GArray) hits = g_array_new (FALSE, FALSE, sizeof (EgRuleHit));
  eg_rules_find (rules, f, doc, (const EgRuleKnown *) (gpointer) known->data, known->len, hits);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < hits->len; i++)
    {
      const EgRuleHit *h = &g_array_index (hits, EgRuleHit, i);
      g_string_append_printf (s, "%.*s rule %u kind %u same %d entity %d\n", (int) (h->fe - h->fs),
                              f->text + h->fs, h->rule, h->kind, h->same_as, h->entity);
    }
  return g_string_free (s, FALSE);
}

/* Known spans in order and apart (the dictionary's matches) take a shorter path than
 * spans that nest or repeat; both mark the tokens alike. */
START_TEST (test_known_spans)
{
  const char *text = "President Vicente Fox met the Secretariat of Foreign Relations. Later Fox "
                     "said the Secretariat of Public Security agreed.";
  const char *apart[] = { "vicente fox", "secretariat of foreign relations" };
  const guint32 apart_e[] = { 4, 1 };
  const gboolean apart_p[] = { TRUE, FALSE };
  g_autofree char *want = hits_with_known (text, apart, apart_e, apart_p, 2);
  ck_assert_msg (strstr (want, "fox rule ") && strstr (want, "entity 4\n"),
                 "the later Fox is the known person; got:\n%s", want);
  ck_assert_msg (strstr (want, "secretariat of public security rule") != NULL,
                 "an institution the dictionary does not know is found; got:\n%s", want);
  ck_assert_msg (strstr (want, "secretariat of foreign relations rule") == NULL,
                 "the one it knows is left to it; got:\n%s", want);
  /* the same spans, one of them twice, and one nested in another */
  const char *repeated[] = { "vicente fox", "vicente fox", "secretariat of foreign relations" };
  const guint32 repeated_e[] = { 4, 4, 1 };
  const gboolean repeated_p[] = { TRUE, TRUE, FALSE };
  g_autofree char *got = hits_with_known (text, repeated, repeated_e, repeated_p, 3);
  ck_assert_str_eq (got, want);
  const char *nested[] = { "vicente fox", "fox", "secretariat of foreign relations" };
  g_autofree char *got2 = hits_with_known (text, nested, repeated_e, repeated_p, 3);
  ck_assert_str_eq (got2, want);
  /* apart, but one token ("al-qadhafi") holds the end of one span and the next */
  const char *text2 = "Leader Muammar al-Qadhafi met the press.";
  const char *parts[] = { "al", "qadhafi" }, *parts2[] = { "al", "al", "qadhafi" };
  const guint32 parts_e[] = { 7, 8 }, parts2_e[] = { 7, 7, 8 };
  const gboolean parts_p[] = { TRUE, TRUE, TRUE };
  g_autofree char *split = hits_with_known (text2, parts, parts_e, parts_p, 2);
  g_autofree char *split2 = hits_with_known (text2, parts2, parts2_e, parts_p, 3);
  ck_assert_str_eq (split, split2);
  ck_assert_msg (strstr (split, "entity 7\n") != NULL, "the token is the first span's; got:\n%s", split);
  g_autofree char *none = hits_with_known (text, NULL, NULL, NULL, 0);
  ck_assert_msg (strcmp (none, want) != 0, "without the spans the hits differ");
}
END_TEST

START_TEST (test_seed)
{
  g_autofree char *dicts = eg_test_src ("dicts");
  g_autofree char *seed = eg_test_data ("seed-scoop.txt");
  g_autoptr (EgDict) d = eg_dict_new ();
  g_autoptr (GError) error = NULL;
  ck_assert_msg (eg_dict_load_dir (d, dicts, &error), "the shipped dictionaries load: %s",
                 error ? error->message : "");
  if (eg_dict_n_aliases (d) == 0)
    {
      const char *a[] = { "SRE", NULL };
      eg_dict_add (d, "AGENCY:mx-sre", "AGENCY", "Secretariat of Foreign Relations", a, 0, NULL, 1, NULL);
    }
  g_autoptr (EgRules) rules = shipped_rules ();
  g_autoptr (EgExtractor) ex = eg_extractor_new_full (d, rules, 0, &error);
  ck_assert_msg (ex != NULL, "an extractor is built");
  g_autoptr (EgDoc) doc = eg_doc_load (seed, &error);
  ck_assert_msg (doc != NULL, "the seed reads: %s", error ? error->message : "");
  g_autoptr (EgMentions) m = eg_extractor_run (ex, doc);
  gboolean lugo = FALSE;
  for (guint i = 0; i < m->mentions->len; i++)
    {
      const EgMention *mn = &g_array_index (m->mentions, EgMention, i);
      EgEntityRef ref = eg_mentions_entity (m, d, mn->entity);
      const char *surface = g_ptr_array_index (m->surfaces, i);
      if (strcmp (surface, "Nemecio Lugo") == 0 && strcmp (ref.type, "PERSON") == 0)
        {
          lugo = TRUE;
          ck_assert_str_eq (ref.id, "PERSON:nemecio-lugo");
          ck_assert_msg (memcmp (doc->data + mn->start, "Nemecio Lugo", 12) == 0,
                         "the span points at the name in the file");
        }
      ck_assert_msg (strcmp (ref.type, "PERSON") != 0 || strcmp (surface, "Poloff") != 0,
                     "Poloff is not a person");
    }
  ck_assert_msg (lugo, "Nemecio Lugo is found as a PERSON in the seed");
}
END_TEST

static Suite *
rules_suite (void)
{
  Suite *s = suite_create ("rules");
  struct {
    const char *name;
    const TTest *test;
    guint n;
  } loops[] = {
    { "title", test_title, G_N_ELEMENTS (title_cases) },
    { "given-name", test_given, G_N_ELEMENTS (given_cases) },
    { "surname", test_surname, G_N_ELEMENTS (surname_cases) },
    { "institution", test_institution, G_N_ELEMENTS (institution_cases) },
    { "acronym", test_acronym, G_N_ELEMENTS (acronym_cases) },
  };
  for (guint i = 0; i < G_N_ELEMENTS (loops); i++)
    {
      TCase *tc = tcase_create (loops[i].name);
      tcase_add_loop_test (tc, loops[i].test, 0, (int) loops[i].n);
      suite_add_tcase (s, tc);
    }
  TCase *tc = tcase_create ("lists");
  tcase_add_test (tc, test_load_errors);
  tcase_add_test (tc, test_display_name);
  tcase_add_test (tc, test_no_rules_flag);
  tcase_add_test (tc, test_known_spans);
  suite_add_tcase (s, tc);
  tc = tcase_create ("seed");
  tcase_add_test (tc, test_seed);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (rules_suite ());
}
