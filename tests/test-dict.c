/* test-dict.c - loading dictionaries: the format, its errors, aliases and their owners. */
#include <string.h>

#include "dict.h"
#include "error.h"
#include "testutil.h"

static EgDict *
load (const char *name, GError **error)
{
  g_autofree char *path = eg_test_data (name);
  EgDict *d = eg_dict_new ();
  if (!eg_dict_load_file (d, path, NULL, error))
    {
      eg_dict_free (d);
      return NULL;
    }
  return d;
}

START_TEST (test_load_good)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDict) d = load ("dicts/good.tsv", &error);
  ck_assert_msg (d != NULL, "good.tsv loads: %s", error ? error->message : "");
  ck_assert_uint_eq (eg_dict_n_entities (d), 2);
  gint sre = eg_dict_lookup (d, "AGENCY:mx-sre");
  ck_assert_int_eq (sre, 0);
  ck_assert_int_eq (eg_dict_lookup (d, "SRE"), sre);
  ck_assert_int_eq (eg_dict_lookup (d, "secretariat of  FOREIGN relations"), sre);
  ck_assert_int_eq (eg_dict_lookup (d, "Non-Governmental Organizations"), 1);
  ck_assert_int_eq (eg_dict_lookup (d, "nothing like it"), -1);
  ck_assert_str_eq (eg_dict_entity (d, 0).type, "AGENCY");
  ck_assert_str_eq (eg_dict_entity (d, 0).name, "Secretariat of Foreign Relations");
  ck_assert_uint_eq (eg_dict_entity (d, 1).line, 2);
  ck_assert_uint_eq (d->warnings->len, 0);
}
END_TEST

START_TEST (test_caps_flag)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDict) d = load ("dicts/good.tsv", &error);
  ck_assert_ptr_nonnull (d);
  for (guint i = 0; i < eg_dict_n_aliases (d); i++)
    {
      EgAlias a = eg_dict_alias (d, i);
      gboolean caps = (a.flags & EG_ALIAS_CAPS) != 0;
      ck_assert_msg (caps == (strcmp (a.text, "SRE") == 0),
                     "only the all-capitals alias SRE needs capitals, not \"%s\"", a.text);
    }
}
END_TEST

typedef struct {
  const char *file;
  const char *message; /* a part of the expected message */
} BadCase;

static const BadCase bad_cases[] = {
  { "dicts/short-line.tsv", "short-line.tsv:5: expected id<TAB>type<TAB>name" },
  { "dicts/bad-type.tsv", "bad-type.tsv:1: type \"org\"" },
  { "dicts/empty-alias.tsv", "empty-alias.tsv:1: empty alias" },
  { "dicts/dup-id.tsv", "dup-id.tsv:2: duplicate id ORG:x (first at" },
  { "dicts/bad-utf8.tsv", "bad-utf8.tsv:1: invalid UTF-8" },
  { "dicts/bad-flag.tsv", "bad-flag.tsv:1: unknown flag \"nocase\"" },
  { "dicts/bad-tag.tsv", "bad-tag.tsv:1: unknown flag \"tag=mx\"" },
  { "dicts/long-alias.tsv", "long-alias.tsv:1: alias longer than" },
  { "dicts/names-tab.txt", "names-tab.txt:2: a tab in a plain name list" },
  { "dicts/no-such-file.tsv", "no-such-file.tsv" },
};

START_TEST (test_bad_lines)
{
  const BadCase *c = &bad_cases[_i];
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDict) d = load (c->file, &error);
  ck_assert_msg (d == NULL, "%s must not load", c->file);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (strstr (error->message, c->message) != NULL,
                 "the error for %s names file and line: wanted \"%s\", got \"%s\"", c->file,
                 c->message, error->message);
}
END_TEST

START_TEST (test_failed_file_adds_nothing)
{
  g_autoptr (EgDict) d = eg_dict_new ();
  g_autofree char *good = eg_test_data ("dicts/good.tsv");
  g_autofree char *bad = eg_test_data ("dicts/short-line.tsv");
  ck_assert (eg_dict_load_file (d, good, NULL, NULL));
  guint n = eg_dict_n_entities (d), na = eg_dict_n_aliases (d);
  g_autoptr (GError) error = NULL;
  ck_assert (!eg_dict_load_file (d, bad, NULL, &error));
  ck_assert_msg (eg_dict_n_entities (d) == n && eg_dict_n_aliases (d) == na,
                 "a file that fails on line 5 keeps none of lines 1-4");
  ck_assert_int_eq (eg_dict_lookup (d, "Alpha Agency"), -1);
}
END_TEST

START_TEST (test_shared_alias_warns)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDict) d = load ("dicts/shared-alias.tsv", &error);
  ck_assert_ptr_nonnull (d);
  ck_assert_uint_eq (d->warnings->len, 1);
  const char *w = g_ptr_array_index (d->warnings, 0);
  ck_assert_msg (strstr (w, "ORG:x") && strstr (w, "ORG:y") && strstr (w, "shared-alias.tsv:2"),
                 "the warning names both ids and the line: %s", w);
  ck_assert_int_eq (eg_dict_lookup (d, "Shared Name"), eg_dict_lookup (d, "ORG:x"));
}
END_TEST

START_TEST (test_bom_crlf)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDict) d = load ("dicts/bom-crlf.tsv", &error);
  ck_assert_msg (d != NULL, "BOM and CRLF are accepted: %s", error ? error->message : "");
  ck_assert_int_eq (eg_dict_lookup (d, "ORG:bom"), 0);
  ck_assert_int_eq (eg_dict_lookup (d, "CO"), 1);
  ck_assert_str_eq (eg_dict_entity (d, 1).name, "Crlf Org");
}
END_TEST

START_TEST (test_name_list)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDict) d = eg_dict_new ();
  g_autofree char *path = eg_test_data ("dicts/names.txt");
  ck_assert (eg_dict_load_file (d, path, "PERSON", &error));
  ck_assert_uint_eq (eg_dict_n_entities (d), 3);
  ck_assert_str_eq (eg_dict_entity (d, 0).id, "PERSON:alpha-corporation");
  ck_assert_str_eq (eg_dict_entity (d, 2).type, "PERSON");
  ck_assert_uint_eq (eg_dict_entity (d, 2).line, 5);
}
END_TEST

START_TEST (test_empty_file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDict) d = load ("dicts/empty.tsv", &error);
  ck_assert_msg (d != NULL, "an empty file is an empty dictionary, not an error");
  ck_assert_uint_eq (eg_dict_n_entities (d), 0);
}
END_TEST

START_TEST (test_shipped)
{
  g_autofree char *dir = eg_test_src ("dicts");
  g_autoptr (EgDict) d = eg_dict_new ();
  g_autoptr (GError) error = NULL;
  ck_assert_msg (eg_dict_load_dir (d, dir, &error), "the shipped dictionaries load: %s",
                 error ? error->message : "");
  ck_assert_msg (eg_dict_n_entities (d) >= 300, "hundreds of shipped entries, got %u",
                 eg_dict_n_entities (d));
  ck_assert_msg (d->warnings->len == 0, "no shipped alias is claimed twice: %s",
                 d->warnings->len ? (char *) g_ptr_array_index (d->warnings, 0) : "");
  const char *must[] = { "SRE", "Secretariat of Foreign Relations", "NGOs", "UN agencies",
                         "federal police", "GOM", "civil society organizations",
                         "law enforcement agencies", "IOM", "UNICEF", "FBI", NULL };
  for (guint i = 0; must[i]; i++)
    ck_assert_msg (eg_dict_lookup (d, must[i]) >= 0, "the shipped dictionaries know \"%s\"",
                   must[i]);
  ck_assert_int_eq (eg_dict_lookup (d, "SRE"),
                    eg_dict_lookup (d, "Secretariat of Foreign Relations"));
}
END_TEST

START_TEST (test_make_id)
{
  /* the last four: nothing but separators, nothing at all, separators at the ends and a
   * letter that folds to two */
  static const char *const cases[][3] = {
    { "PERSON", "Nemecio  Lugo", "PERSON:nemecio-lugo" },
    { "ORG", "U.S.-Mexico Chamber (AMCHAM)", "ORG:u-s-mexico-chamber-amcham" },
    { "AGENCY", "Secretaría de Relaciones Exteriores", "AGENCY:secretaria-de-relaciones-exteriores" },
    { "ORG", "--- (!) ---", "ORG:" },
    { "ORG", "", "ORG:" },
    { "GROUP", "  (Straße) a ", "GROUP:strasse-a" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = eg_dict_make_id (cases[i][0], cases[i][1]);
      ck_assert_str_eq (id, cases[i][2]);
    }
}
END_TEST

/* "federal police" names Mexico's body in MX cables, Brazil's in BR cables, and the
 * unscoped entry elsewhere. */
START_TEST (test_scoped_aliases)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDict) d = load ("dicts/scoped.tsv", &error);
  ck_assert_msg (d != NULL, "scoped.tsv loads: %s", error ? error->message : "");
  ck_assert_msg (d->warnings->len == 0, "aliases in different scopes are no conflict: %s",
                 d->warnings->len ? (char *) g_ptr_array_index (d->warnings, 0) : "");
  gint head = -1;
  for (guint i = 0; i < eg_dict_n_aliases (d) && head < 0; i++)
    if (strcmp (eg_dict_alias (d, i).folded, "federal police") == 0)
      head = (gint) i;
  ck_assert_int_ge (head, 0);
  g_autoptr (GPtrArray) mx = g_ptr_array_new ();
  g_ptr_array_add (mx, "PGOV");
  g_ptr_array_add (mx, "MX");
  g_autoptr (GPtrArray) br = g_ptr_array_new ();
  g_ptr_array_add (br, "BR");
  gint a = eg_dict_alias_for (d, (guint) head, mx);
  ck_assert_str_eq (eg_dict_entity (d, eg_dict_alias (d, (guint) a).entity).id, "AGENCY:mx-pf");
  a = eg_dict_alias_for (d, (guint) head, br);
  ck_assert_str_eq (eg_dict_entity (d, eg_dict_alias (d, (guint) a).entity).id, "AGENCY:br-pf");
  a = eg_dict_alias_for (d, (guint) head, NULL);
  ck_assert_str_eq (eg_dict_entity (d, eg_dict_alias (d, (guint) a).entity).id, "AGENCY:x");
  ck_assert_int_eq (eg_dict_lookup (d, "Policia Federal Mexicana"), eg_dict_lookup (d, "AGENCY:mx-pf"));
  ck_assert_uint_eq (eg_dict_n_entities (d), 3);
}
END_TEST

static Suite *
dict_suite (void)
{
  Suite *s = suite_create ("dict");
  TCase *tc = tcase_create ("load");
  tcase_add_test (tc, test_load_good);
  tcase_add_test (tc, test_caps_flag);
  tcase_add_test (tc, test_bom_crlf);
  tcase_add_test (tc, test_name_list);
  tcase_add_test (tc, test_empty_file);
  tcase_add_test (tc, test_make_id);
  suite_add_tcase (s, tc);
  tc = tcase_create ("syntax-errors");
  tcase_add_loop_test (tc, test_bad_lines, 0, G_N_ELEMENTS (bad_cases));
  tcase_add_test (tc, test_failed_file_adds_nothing);
  suite_add_tcase (s, tc);
  tc = tcase_create ("aliases");
  tcase_add_test (tc, test_shared_alias_warns);
  tcase_add_test (tc, test_scoped_aliases);
  suite_add_tcase (s, tc);
  tc = tcase_create ("shipped");
  tcase_add_test (tc, test_shipped);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (dict_suite ());
}
