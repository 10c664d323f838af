/* test-dictimage.c - compiled dictionaries: an opened image is the dictionary it was built
 * from (entities, aliases, scopes, lookups, matches on the seed cable), a stale one is
 * refused, and a damaged one gives an error, never a crash. */
#include <string.h>

#include <glib/gstdio.h>

#include "dict.h"
#include "doc.h"
#include "error.h"
#include "extract.h"
#include "matcher.h"
#include "testutil.h"

/* The shipped dictionaries plus the test ones with tags (chained aliases) and a shared
 * alias (a warning), and a plain name list: every feature an image must keep. */
static GPtrArray *
sources (void)
{
  g_autofree char *dir = eg_test_src ("dicts");
  GPtrArray *paths = eg_dict_list_dir (dir, NULL);
  ck_assert_ptr_nonnull (paths);
  g_ptr_array_add (paths, eg_test_data ("dicts/scoped.tsv"));
  g_ptr_array_add (paths, eg_test_data ("dicts/shared-alias.tsv"));
  g_ptr_array_add (paths, eg_test_data ("dicts/names.txt"));
  return paths;
}

static EgDict *
build (const GPtrArray *paths)
{
  EgDict *d = eg_dict_new ();
  g_autoptr (GError) error = NULL;
  for (guint i = 0; i < paths->len; i++)
    ck_assert_msg (eg_dict_load_file (d, g_ptr_array_index (paths, i), NULL, &error), "%s",
                   error ? error->message : "");
  ck_assert_msg (eg_dict_compile (d, &error), "%s", error ? error->message : "");
  return d;
}

typedef struct {
  char *dir, *path;
  guint8 digest[EG_DICT_DIGEST_LEN];
  GPtrArray *paths;
  EgDict *built;
} Fix;

static void
fix_init (Fix *f)
{
  f->dir = g_dir_make_tmp ("egimage-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "d.egd", NULL);
  f->paths = sources ();
  g_autoptr (GError) error = NULL;
  ck_assert (eg_dict_digest ((const char *const *) f->paths->pdata, f->paths->len, NULL,
                             f->digest, &error));
  f->built = build (f->paths);
  ck_assert_msg (eg_dict_save (f->built, f->digest, f->path, &error), "%s",
                 error ? error->message : "");
}

static void
fix_clear (Fix *f)
{
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_ptr_array_unref (f->paths);
  eg_dict_free (f->built);
}

static void
assert_str_eq0 (const char *a, const char *b, const char *what, guint i)
{
  ck_assert_msg (g_strcmp0 (a, b) == 0, "%s %u: \"%s\" != \"%s\"", what, i, a ? a : "(null)",
                 b ? b : "(null)");
}

/* The mentions of the seed cable, as "start end entity-id rule" lines. */
static char *
seed_mentions (const EgDict *d)
{
  g_autofree char *path = eg_test_data ("seed-scoop.txt");
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDoc) doc = eg_doc_load (path, &error);
  ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
  g_autoptr (EgExtractor) ex = eg_extractor_new (d, 0, &error);
  ck_assert_msg (ex != NULL, "%s", error ? error->message : "");
  g_autoptr (EgMentions) m = eg_extractor_run (ex, doc);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < m->mentions->len; i++)
    {
      const EgMention *mn = &g_array_index (m->mentions, EgMention, i);
      g_string_append_printf (out, "%u %u %s %u\n", mn->start, mn->end,
                              eg_mentions_entity (m, d, mn->entity).id, mn->rule);
    }
  return g_string_free (out, FALSE);
}

START_TEST (test_round_trip)
{
  Fix f;
  fix_init (&f);
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDict) d = eg_dict_open (f.path, f.digest, &error);
  ck_assert_msg (d != NULL, "%s", error ? error->message : "");
  const EgDict *b = f.built;

  ck_assert_uint_eq (eg_dict_n_entities (d), eg_dict_n_entities (b));
  ck_assert_uint_eq (eg_dict_n_aliases (d), eg_dict_n_aliases (b));
  for (guint i = 0; i < eg_dict_n_entities (b); i++)
    {
      EgEntity x = eg_dict_entity (b, i), y = eg_dict_entity (d, i);
      assert_str_eq0 (x.id, y.id, "entity id", i);
      assert_str_eq0 (x.type, y.type, "entity type", i);
      assert_str_eq0 (x.name, y.name, "entity name", i);
      assert_str_eq0 (x.file, y.file, "entity file", i);
      ck_assert_uint_eq (x.line, y.line);
      ck_assert_int_eq (eg_dict_find_id (d, x.id), (gint) i);
      ck_assert_int_eq (eg_dict_lookup (d, x.name), eg_dict_lookup (b, x.name));
    }
  for (guint i = 0; i < eg_dict_n_aliases (b); i++)
    {
      EgAlias x = eg_dict_alias (b, i), y = eg_dict_alias (d, i);
      assert_str_eq0 (x.text, y.text, "alias text", i);
      assert_str_eq0 (x.folded, y.folded, "alias folded", i);
      assert_str_eq0 (x.tag, y.tag, "alias tag", i);
      ck_assert_uint_eq (x.entity, y.entity);
      ck_assert_uint_eq (x.flags, y.flags);
      ck_assert_uint_eq (x.next, y.next);
      ck_assert_int_eq (eg_dict_lookup (d, x.text), eg_dict_lookup (b, x.text));
    }
  /* Scoped aliases: "federal police" is another agency in each country's cables. */
  const char *tagsets[][3] = { { "MX", NULL }, { "PGOV", "BR", NULL }, { NULL } };
  guint chained = 0;
  for (guint i = 0; i < eg_dict_n_aliases (b); i++)
    {
      if (eg_dict_alias (b, i).next == 0)
        continue;
      chained++;
      for (guint t = 0; t < G_N_ELEMENTS (tagsets); t++)
        {
          g_autoptr (GPtrArray) tags = g_ptr_array_new ();
          for (guint k = 0; tagsets[t][k]; k++)
            g_ptr_array_add (tags, (gpointer) tagsets[t][k]);
          ck_assert_int_eq (eg_dict_alias_for (d, i, tags), eg_dict_alias_for (b, i, tags));
        }
    }
  ck_assert_msg (chained > 0, "the sources hold aliases in several scopes");
  ck_assert_int_eq (eg_dict_lookup (d, "no such name anywhere"), -1);
  ck_assert_int_eq (eg_dict_find_id (d, "ORG:no-such-id"), -1);

  ck_assert_uint_gt (b->warnings->len, 0);
  ck_assert_uint_eq (d->warnings->len, b->warnings->len);
  for (guint i = 0; i < b->warnings->len; i++)
    assert_str_eq0 (g_ptr_array_index (b->warnings, i), g_ptr_array_index (d->warnings, i),
                    "warning", i);

  /* The mapped matcher finds what the built one finds. */
  g_autofree char *want = seed_mentions (b), *got = seed_mentions (d);
  ck_assert_msg (strlen (want) > 100, "the seed cable has mentions");
  ck_assert_str_eq (got, want);

  /* An opened dictionary saves the same image again. */
  g_autofree char *again = g_build_filename (f.dir, "again.egd", NULL);
  ck_assert_msg (eg_dict_save (d, f.digest, again, &error), "%s", error ? error->message : "");
  g_autofree char *bytes1 = NULL, *bytes2 = NULL;
  gsize len1, len2;
  ck_assert (g_file_get_contents (f.path, &bytes1, &len1, NULL));
  ck_assert (g_file_get_contents (again, &bytes2, &len2, NULL));
  ck_assert_msg (len1 == len2 && memcmp (bytes1, bytes2, len1) == 0,
                 "saving an opened image gives the same bytes");
  g_unlink (again);
  fix_clear (&f);
}
END_TEST

START_TEST (test_stale)
{
  Fix f;
  fix_init (&f);
  g_autoptr (GError) error = NULL;
  guint8 other[EG_DICT_DIGEST_LEN];
  memcpy (other, f.digest, sizeof other);
  other[7] ^= 1;
  ck_assert_ptr_null (eg_dict_open (f.path, other, &error));
  ck_assert_msg (g_error_matches (error, EG_ERROR, EG_ERROR_STALE), "stale: %s",
                 error->message);
  g_clear_error (&error);

  /* The digest follows the files' bytes, their names and the list type. */
  g_autofree char *copy = g_build_filename (f.dir, "names.txt", NULL);
  g_autofree char *src = eg_test_data ("dicts/names.txt");
  g_autofree char *text = NULL;
  gsize len;
  ck_assert (g_file_get_contents (src, &text, &len, NULL));
  ck_assert (g_file_set_contents (copy, text, (gssize) len, NULL));
  const char *one[] = { copy };
  guint8 a[EG_DICT_DIGEST_LEN], b[EG_DICT_DIGEST_LEN];
  ck_assert (eg_dict_digest (one, 1, NULL, a, NULL));
  ck_assert (eg_dict_digest (one, 1, "ORG", b, NULL));
  ck_assert_msg (memcmp (a, b, sizeof a) == 0, "NULL is ORG");
  ck_assert (eg_dict_digest (one, 1, "PERSON", b, NULL));
  ck_assert (memcmp (a, b, sizeof a) != 0);
  text[0] ^= 0x20;
  ck_assert (g_file_set_contents (copy, text, (gssize) len, NULL));
  ck_assert (eg_dict_digest (one, 1, NULL, b, NULL));
  ck_assert_msg (memcmp (a, b, sizeof a) != 0, "one changed letter changes the digest");
  const char *renamed[] = { src };
  ck_assert (eg_dict_digest (renamed, 1, NULL, b, NULL));
  ck_assert (memcmp (a, b, sizeof a) != 0);
  g_unlink (copy);

  const char *missing[] = { "/nonexistent/names.txt" };
  ck_assert (!eg_dict_digest (missing, 1, NULL, b, &error));
  ck_assert (g_error_matches (error, EG_ERROR, EG_ERROR_IO));
  ck_assert_msg (strstr (error->message, "/nonexistent/names.txt") != NULL, "%s",
                 error->message);
  fix_clear (&f);
}
END_TEST

/* Opens @data as an image: either an error, or a dictionary that can be used through. */
static gboolean
open_bytes (const char *path, const char *data, gsize len)
{
  ck_assert (g_file_set_contents (path, data, (gssize) len, NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDict) d = eg_dict_open (path, NULL, &error);
  if (d == NULL)
    {
      ck_assert_msg (error != NULL && error->domain == EG_ERROR
                       && (error->code == EG_ERROR_CACHE || error->code == EG_ERROR_STALE),
                     "a damaged image is an EG_ERROR_CACHE: %s", error ? error->message : "");
      ck_assert_msg (strstr (error->message, path) != NULL, "the message names the file");
      return FALSE;
    }
  /* Whatever survived the checks is safe to read through. */
  for (guint i = 0; i < eg_dict_n_aliases (d); i++)
    {
      EgAlias a = eg_dict_alias (d, i);
      (void) eg_dict_lookup (d, a.text);
      (void) eg_dict_alias_for (d, i, NULL);
    }
  for (guint i = 0; i < eg_dict_n_entities (d); i++)
    (void) eg_dict_find_id (d, eg_dict_entity (d, i).id);
  g_autofree char *m = seed_mentions (d);
  return TRUE;
}

/* fix_init(), then the image's bytes in @data and the path of a file to write damaged
 * copies to. */
static char *
fix_damage_init (Fix *f, char **data, gsize *len)
{
  fix_init (f);
  ck_assert (g_file_get_contents (f->path, data, len, NULL));
  return g_build_filename (f->dir, "bad.egd", NULL);
}

START_TEST (test_damaged)
{
  Fix f;
  g_autofree char *data = NULL;
  gsize len;
  g_autofree char *bad = fix_damage_init (&f, &data, &len);

  ck_assert (!open_bytes (bad, "", 0));
  ck_assert (!open_bytes (bad, "id\tORG\tname\n", 12));
  /* Cut anywhere: always refused (the header records the size). */
  for (gsize cut = 1; cut < len; cut += 1 + cut / 3)
    ck_assert_msg (!open_bytes (bad, data, cut), "a cut at %" G_GSIZE_FORMAT " is refused",
                   cut);
  /* One byte changed in each region; the header and the tables are checked, strings may
   * change without harm. */
  g_autofree char *copy = g_memdup2 (data, len);
  GRand *rand = g_rand_new_with_seed (6);
  guint refused = 0, n = 0;
  for (gsize pos = 0; pos < len; pos += 1 + g_rand_int_range (rand, 0, (gint) (len / 300 + 1)))
    {
      memcpy (copy, data, len);
      copy[pos] = (char) (copy[pos] ^ (1 << g_rand_int_range (rand, 0, 8)));
      if (pos % 3 == 0)
        copy[pos] = (char) 0xff; /* large values hit the bounds checks */
      refused += !open_bytes (bad, copy, len);
      n++;
    }
  g_rand_free (rand);
  ck_assert_msg (refused > 0 && refused < n, "some changes are refused (%u of %u)", refused, n);
  g_unlink (bad);

  g_autoptr (GError) error = NULL;
  ck_assert_ptr_null (eg_dict_open ("/nonexistent/d.egd", NULL, &error));
  ck_assert (g_error_matches (error, EG_ERROR, EG_ERROR_IO));
  fix_clear (&f);
}
END_TEST

/* The matcher's bit sets of first words and first two words end the image, and any bits
 * pass the checks of its states: an image whose sets are laid out otherwise (version 2 had
 * two layouts) is caught by looking up a sample of its own names. */
START_TEST (test_foreign_sets)
{
  Fix f;
  g_autofree char *data = NULL;
  gsize len;
  g_autofree char *bad = fix_damage_init (&f, &data, &len);
  /* (the sets take 1.5 KiB at least: the last 512 bytes are the first two words' set) */
  for (gsize n = 512; n <= 1536; n += 512)
    {
      g_autofree char *copy = g_memdup2 (data, len);
      memset (copy + len - n, 0, n);
      ck_assert (g_file_set_contents (bad, copy, (gssize) len, NULL));
      g_autoptr (GError) error = NULL;
      g_autoptr (EgDict) d = eg_dict_open (bad, f.digest, &error);
      ck_assert_msg (d == NULL,
                     "an image with its last %" G_GSIZE_FORMAT " bytes zeroed is refused", n);
      ck_assert (g_error_matches (error, EG_ERROR, EG_ERROR_CACHE));
      ck_assert_msg (strstr (error->message, "does not find its own names") != NULL
                       && strstr (error->message, bad) != NULL,
                     "%s", error->message);
    }
  /* The same bytes unchanged open. */
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDict) d = eg_dict_open (f.path, f.digest, &error);
  ck_assert_msg (d != NULL, "%s", error ? error->message : "");
  g_unlink (bad);
  fix_clear (&f);
}
END_TEST

START_TEST (test_compiled_is_final)
{
  g_autoptr (EgDict) d = eg_dict_new ();
  g_autoptr (GError) error = NULL;
  ck_assert (!eg_dict_compile (d, &error));
  ck_assert (g_error_matches (error, EG_ERROR, EG_ERROR_DICT_EMPTY));
  g_clear_error (&error);
  const char *al[] = { "Acme", NULL };
  ck_assert_int_eq (eg_dict_add (d, "ORG:acme", "ORG", "Acme Corporation", al, 0, NULL, 0,
                                 &error), 0);
  ck_assert (eg_dict_compile (d, &error));
  ck_assert_ptr_nonnull (eg_dict_matcher (d));
  g_autoptr (GArray) hits = g_array_new (FALSE, FALSE, sizeof (EgMatch));
  eg_matcher_find (eg_dict_matcher (d), "the acme corporation and acme", 29, hits);
  ck_assert_uint_eq (hits->len, 2);
}
END_TEST

static Suite *
suite (void)
{
  Suite *s = suite_create ("dictimage");
  TCase *tc = tcase_create ("image");
  tcase_add_test (tc, test_round_trip);
  tcase_add_test (tc, test_stale);
  tcase_add_test (tc, test_damaged);
  tcase_add_test (tc, test_foreign_sets);
  tcase_add_test (tc, test_compiled_is_final);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (suite ());
}
