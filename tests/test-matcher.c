/* test-matcher.c - the dictionary matcher: leftmost-longest, non-overlapping, whole-word
 * matches, checked on tables of (patterns, haystack, expected triples) and against a naive
 * reference on random inputs; plus the build errors. */
#include <string.h>

#include "error.h"
#include "matcher.h"
#include "norm.h"
#include "testutil.h"

#define MAX_PATS 12
#define MAX_EXPECT 8
#define END { G_MAXUINT32, 0, 0 }

typedef struct {
  const char *name;
  const char *patterns[MAX_PATS]; /* NULL-terminated */
  const char *haystack;
  EgMatch expect[MAX_EXPECT];     /* terminated by END */
} Case;

static const Case cases[] = {
  { "leftmost-longest: the longer name wins at the same start",
    { "union", "european union", NULL }, "the european union and the union",
    { { 1, 4, 18 }, { 0, 27, 32 }, END } },
  { "longest at the same start, with punctuation inside the pattern",
    { "u.s.", "u.s. embassy", NULL }, "the u.s. embassy in mexico", { { 1, 4, 16 }, END } },
  { "the shorter pattern when the longer one breaks off",
    { "u.s.", "u.s. embassy", NULL }, "u.s. embassies", { { 0, 0, 4 }, END } },
  { "the longer pattern must end at a word end too",
    { "new", "new york", NULL }, "new yorker", { { 0, 0, 3 }, END } },
  { "a fall back after a long shared prefix diverges",
    { "international monetary fund", "international criminal court", "international", NULL },
    "the international monetary fun is international criminal court",
    { { 2, 4, 17 }, { 1, 34, 62 }, END } },
  { "word boundaries: not inside a word",
    { "sre", NULL }, "presre sres sre", { { 0, 12, 15 }, END } },
  { "word boundaries: punctuation and the text ends are boundaries",
    { "sre", NULL }, "sre-x (sre). sre", { { 0, 0, 3 }, { 0, 7, 10 }, { 0, 13, 16 }, END } },
  { "overlap: the leftmost match wins",
    { "mexico city", "city hall", NULL }, "mexico city hall", { { 0, 0, 11 }, END } },
  { "overlap: a leftmost short match beats a longer later one",
    { "a b", "b c d", NULL }, "a b c d", { { 0, 0, 3 }, END } },
  { "prefixes of one another, one after the other",
    { "a", "a b", "a b c", NULL }, "a b x a b c a",
    { { 1, 0, 3 }, { 2, 6, 11 }, { 0, 12, 13 }, END } },
  { "adjacency: neighbours separated by one byte",
    { "un", "eu", NULL }, "un eu un/eu", { { 0, 0, 2 }, { 1, 3, 5 }, { 0, 6, 8 }, { 1, 9, 11 }, END } },
  { "duplicates keep the lowest id",
    { "nato", "otan", "nato", NULL }, "nato otan", { { 0, 0, 4 }, { 1, 5, 9 }, END } },
  { "a slash inside a pattern",
    { "g/tip", "tip", NULL }, "g/tip and tip, xg/tip",
    { { 0, 0, 5 }, { 1, 10, 13 }, { 1, 18, 21 }, END } },
  { "a pattern ending in punctuation needs a boundary after it",
    { "u.s.", "embassy", NULL }, "u.s.embassy u.s.", { { 1, 4, 11 }, { 0, 12, 16 }, END } },
  { "a pattern starting with punctuation starts after a non-word byte",
    { ".net", NULL }, "asp.net and .net", { { 0, 12, 16 }, END } },
  { "the whole text",
    { "nato", NULL }, "nato", { { 0, 0, 4 }, END } },
  { "at the end of the text",
    { "nato", NULL }, "x nato", { { 0, 2, 6 }, END } },
  { "a pattern longer than what is left of the text",
    { "abcdefghijk", NULL }, "x abcdefghij", { END } },
  { "UTF-8 bytes are word bytes",
    { "sre", "\xd0\xbc\xd0\xb8\xd0\xb4", NULL }, "sre\xc3\xa9 \xd0\xb0sre \xd0\xbc\xd0\xb8\xd0\xb4 sre",
    { { 1, 12, 18 }, { 0, 19, 22 }, END } },
  { "empty patterns are skipped",
    { "", "x", NULL }, "x", { { 1, 0, 1 }, END } },
  { "a wide branch (dense row) and its neighbours",
    { "xa", "xb", "xc", "xd", "xe", "xf", "xg", "xh", "xi", "xj", NULL }, "xe xj xk x",
    { { 4, 0, 2 }, { 9, 3, 5 }, END } },
  { "EG_FOLD_OTHER separates words",
    { "mexico", NULL }, "\x01mexico\x01", { { 0, 1, 7 }, END } },
  { "no match at all",
    { "nato", NULL }, "", { END } },
};

static GPtrArray *
case_patterns (const Case *c)
{
  GPtrArray *p = g_ptr_array_new ();
  for (guint i = 0; i < MAX_PATS && c->patterns[i] != NULL; i++)
    g_ptr_array_add (p, (gpointer) c->patterns[i]);
  return p;
}

START_TEST (test_table)
{
  const Case *c = &cases[_i];
  g_autoptr (GPtrArray) pats = case_patterns (c);
  g_autoptr (GError) error = NULL;
  g_autoptr (EgMatcher) m = eg_matcher_new ((const char *const *) pats->pdata, pats->len, &error);
  ck_assert_msg (m != NULL, "%s: the matcher builds (%s)", c->name, error ? error->message : "");
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (EgMatch));
  eg_matcher_find (m, c->haystack, strlen (c->haystack), out);
  guint n = 0;
  while (n < MAX_EXPECT && c->expect[n].pattern != G_MAXUINT32)
    n++;
  for (guint i = 0; i < MAX (n, out->len); i++)
    {
      const EgMatch *got = i < out->len ? &g_array_index (out, EgMatch, i) : NULL;
      const EgMatch *want = i < n ? &c->expect[i] : NULL;
      ck_assert_msg (got != NULL && want != NULL && got->pattern == want->pattern
                       && got->start == want->start && got->end == want->end,
                     "%s: match %u is (%d, %d, %d), expected (%d, %d, %d)", c->name, i,
                     got ? (int) got->pattern : -1, got ? (int) got->start : -1,
                     got ? (int) got->end : -1, want ? (int) want->pattern : -1,
                     want ? (int) want->start : -1, want ? (int) want->end : -1);
    }
}
END_TEST

START_TEST (test_appends)
{
  const char *pats[] = { "nato" };
  g_autoptr (EgMatcher) m = eg_matcher_new (pats, 1, NULL);
  ck_assert_ptr_nonnull (m);
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (EgMatch));
  EgMatch old = { 7, 7, 7 };
  g_array_append_val (out, old);
  eg_matcher_find (m, "nato", 4, out);
  ck_assert_msg (out->len == 2 && g_array_index (out, EgMatch, 0).pattern == 7,
                 "matches are appended after what @out already holds");
  eg_matcher_find (m, NULL, 0, out);
  ck_assert_uint_eq (out->len, 2);
  ck_assert_uint_gt (eg_matcher_memory (m), 0);
  ck_assert_uint_gt (eg_matcher_n_states (m), 1);
}
END_TEST

/* ---- random comparison with the definition ------------------------------------------------ */

/* The definition: from p = 0, at each position where a match may start (p == 0 or the byte
 * before is not a word byte), take the longest pattern that occurs there and ends at a word
 * end (lowest id among equal ones); emit it and go on after it, else go on at p + 1. */
static void
reference_find (GPtrArray *pats, const char *t, gsize len, GArray *out)
{
  gsize p = 0;
  while (p < len)
    {
      if (p > 0 && eg_fold_is_word ((guchar) t[p - 1]))
        {
          p++;
          continue;
        }
      gsize best_len = 0;
      guint best = 0;
      for (guint i = 0; i < pats->len; i++)
        {
          const char *q = g_ptr_array_index (pats, i);
          gsize ql = strlen (q);
          if (ql == 0 || ql <= best_len || p + ql > len || memcmp (t + p, q, ql) != 0)
            continue;
          if (p + ql < len && eg_fold_is_word ((guchar) t[p + ql]))
            continue;
          best_len = ql;
          best = i;
        }
      if (best_len == 0)
        {
          p++;
          continue;
        }
      EgMatch mt = { best, (guint32) p, (guint32) (p + best_len) };
      g_array_append_val (out, mt);
      p += best_len;
    }
}

static char *
random_string (GRand *r, const char *alphabet, guint min_len, guint max_len)
{
  guint n = (guint) g_rand_int_range (r, (gint32) min_len, (gint32) max_len + 1);
  gsize na = strlen (alphabet);
  char *s = g_malloc (n + 1);
  for (guint i = 0; i < n; i++)
    s[i] = alphabet[g_rand_int_range (r, 0, (gint32) na)];
  s[n] = '\0';
  return s;
}

typedef struct {
  const char *alphabet;
  guint max_pats, max_pat_len, max_text;
  guint rounds;
} RandomSetup;

static const RandomSetup random_setups[] = {
  /* tiny alphabets: many overlaps, prefixes and boundaries */
  { "ab ", 6, 5, 40, 6000 },
  { "ab .", 8, 6, 90, 4000 },
  /* texts longer than a 64-byte block, word bytes >= 0x80, chains and wide branches */
  { "abc d-\x80", 12, 12, 300, 2000 },
  { "abcdefghijklmnop ", 60, 20, 400, 800 },
  /* long words sharing long prefixes: first words of 8, 9 and more bytes, across blocks */
  { "aaaaaab -", 10, 24, 300, 1500 },
};

START_TEST (test_random)
{
  const RandomSetup *rs = &random_setups[_i];
  g_autoptr (GRand) r = g_rand_new_with_seed (20240601 + (guint32) _i);
  g_autoptr (GArray) got = g_array_new (FALSE, FALSE, sizeof (EgMatch));
  g_autoptr (GArray) want = g_array_new (FALSE, FALSE, sizeof (EgMatch));
  for (guint round = 0; round < rs->rounds; round++)
    {
      g_autoptr (GPtrArray) pats = g_ptr_array_new_with_free_func (g_free);
      guint np = (guint) g_rand_int_range (r, 1, (gint32) rs->max_pats + 1);
      for (guint i = 0; i < np; i++)
        g_ptr_array_add (pats, random_string (r, rs->alphabet, 0, rs->max_pat_len));
      g_autofree char *text = random_string (r, rs->alphabet, 0, rs->max_text);
      /* Plant some patterns in the text so that there is something to find. */
      for (guint k = 0; k < 3; k++)
        {
          const char *q = g_ptr_array_index (pats, g_rand_int_range (r, 0, (gint32) np));
          gsize tl = strlen (text), ql = strlen (q);
          if (ql > 0 && ql <= tl)
            memcpy (text + g_rand_int_range (r, 0, (gint32) (tl - ql + 1)), q, ql);
        }
      gsize len = strlen (text);
      g_array_set_size (got, 0);
      g_array_set_size (want, 0);
      reference_find (pats, text, len, want);
      g_autoptr (GError) error = NULL;
      g_autoptr (EgMatcher) m = eg_matcher_new ((const char *const *) pats->pdata, pats->len,
                                                &error);
      if (m == NULL)
        {
          ck_assert_msg (g_error_matches (error, EG_ERROR, EG_ERROR_DICT_EMPTY),
                         "only an all-empty pattern list fails (%s)", error->message);
          ck_assert_uint_eq (want->len, 0);
          continue;
        }
      if (round % 2 == 1)
        {
          /* Every other round searches with the matcher read back from its image. */
          g_autoptr (GByteArray) img = g_byte_array_new ();
          eg_matcher_write (m, img);
          g_autoptr (EgMatcher) back = eg_matcher_new_from_image (img->data, img->len,
                                                                  pats->len, &error);
          ck_assert_msg (back != NULL, "the image reads back: %s", error ? error->message : "");
          eg_matcher_find (back, text, len, got);
        }
      else
        eg_matcher_find (m, text, len, got);
      gboolean same = got->len == want->len
                      && (got->len == 0
                          || memcmp (got->data, want->data, got->len * sizeof (EgMatch)) == 0);
      if (!same)
        {
          GString *msg = g_string_new (NULL);
          g_string_append_printf (msg, "round %u: text \"%s\", patterns", round, text);
          for (guint i = 0; i < pats->len; i++)
            g_string_append_printf (msg, " [%s]", (char *) g_ptr_array_index (pats, i));
          g_string_append (msg, "; got");
          for (guint i = 0; i < got->len; i++)
            {
              const EgMatch *x = &g_array_index (got, EgMatch, i);
              g_string_append_printf (msg, " (%u,%u,%u)", x->pattern, x->start, x->end);
            }
          g_string_append (msg, "; want");
          for (guint i = 0; i < want->len; i++)
            {
              const EgMatch *x = &g_array_index (want, EgMatch, i);
              g_string_append_printf (msg, " (%u,%u,%u)", x->pattern, x->start, x->end);
            }
          ck_abort_msg ("the matcher agrees with the definition: %s", msg->str);
        }
    }
}
END_TEST

/* A search looks a word, and the word after it, up among the patterns' first words and
 * first two words before walking the trie: words of 7 to 10 bytes that agree on their first
 * 8, second words of 8 to 10, starting at every offset of a 64-byte block (the word's end
 * then read from the next block), at the text's very end, and patterns that start or end
 * with a non-word byte. */
START_TEST (test_first_words)
{
  const char *words[] = { "abcdefg", "abcdefgh", "abcdefghi", "abcdefghij", "abcdefgh k",
                          "abcdefghi-k", "-k", ".abcdefgh", "b", "abcdefg hijklmnopq", "abcdefg.",
                          "abcdefghij klmnopqrst uv" };
  g_autoptr (GPtrArray) pats = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    g_ptr_array_add (pats, (gpointer) words[i]);
  /* (the same with the patterns that start with a non-word byte left out: another search) */
  for (guint with_nonword = 0; with_nonword < 2; with_nonword++)
    {
      g_autoptr (GPtrArray) use = g_ptr_array_new ();
      for (guint i = 0; i < pats->len; i++)
        {
          const char *q = g_ptr_array_index (pats, i);
          gboolean keep = with_nonword || eg_fold_is_word ((guchar) q[0]);
          g_ptr_array_add (use, (gpointer) (keep ? q : "zz"));
        }
      g_autoptr (EgMatcher) m = eg_matcher_new ((const char *const *) use->pdata, use->len, NULL);
      ck_assert_ptr_nonnull (m);
      const char *tails[] = { "abcdefg", "abcdefgh", "abcdefghi", "abcdefghij", "abcdefghijk",
                              "abcdefgh k", "abcdefghi-k", "abcdefgX", "-k", ".abcdefgh", "b",
                              "abcdefgh kl", "abcdefgh  k", "abcdefgh k-", "abcdefg hijklmnopq",
                              "abcdefg hijklmnopqr", "abcdefg hijklmnop", "abcdefg.", "abcdefg.h",
                              "abcdefghij klmnopqrst uv", "abcdefghij klmnopqrs uv" };
      for (guint pad = 0; pad < 70; pad++)
        for (guint w = 0; w < G_N_ELEMENTS (tails); w++)
          for (guint at_end = 0; at_end < 2; at_end++)
            {
              GString *text = g_string_new (NULL);
              for (guint k = 0; k < pad; k++)
                g_string_append_c (text, k % 5 == 4 ? ' ' : 'b');
              g_string_append_c (text, ' ');
              g_string_append (text, tails[w]);
              if (!at_end)
                g_string_append (text, " b abcdefghi");
              g_autoptr (GArray) got = g_array_new (FALSE, FALSE, sizeof (EgMatch));
              g_autoptr (GArray) want = g_array_new (FALSE, FALSE, sizeof (EgMatch));
              eg_matcher_find (m, text->str, text->len, got);
              reference_find (use, text->str, text->len, want);
              ck_assert_msg (got->len == want->len
                               && (got->len == 0
                                   || memcmp (got->data, want->data,
                                              got->len * sizeof (EgMatch)) == 0),
                             "\"%s\": %u matches, the definition %u", text->str, got->len,
                             want->len);
              g_string_free (text, TRUE);
            }
    }
}
END_TEST

/* ---- build errors ------------------------------------------------------------------------- */

START_TEST (test_no_patterns)
{
  g_autoptr (GError) error = NULL;
  EgMatcher *m = eg_matcher_new (NULL, 0, &error);
  ck_assert_ptr_null (m);
  ck_assert_msg (g_error_matches (error, EG_ERROR, EG_ERROR_DICT_EMPTY),
                 "no patterns is EG_ERROR_DICT_EMPTY");
  g_clear_error (&error);
  const char *empty[] = { "", NULL, "" };
  m = eg_matcher_new (empty, 3, &error);
  ck_assert_ptr_null (m);
  ck_assert_msg (g_error_matches (error, EG_ERROR, EG_ERROR_DICT_EMPTY),
                 "only empty patterns is EG_ERROR_DICT_EMPTY too");
  eg_matcher_free (NULL);
}
END_TEST

START_TEST (test_too_long)
{
  g_autofree char *ok = g_strnfill (EG_MATCHER_MAX_PATTERN, 'a');
  g_autofree char *bad = g_strnfill (EG_MATCHER_MAX_PATTERN + 1, 'b');
  const char *pats[] = { "x", ok, bad };
  g_autoptr (GError) error = NULL;
  EgMatcher *m = eg_matcher_new (pats, 3, &error);
  ck_assert_ptr_null (m);
  ck_assert_msg (g_error_matches (error, EG_ERROR, EG_ERROR_TOO_LARGE),
                 "a pattern over the limit is EG_ERROR_TOO_LARGE");
  ck_assert_msg (strstr (error->message, "pattern 2") != NULL,
                 "the message names the pattern: \"%s\"", error->message);

  g_autoptr (EgMatcher) m2 = eg_matcher_new (pats, 2, NULL);
  ck_assert_msg (m2 != NULL, "a pattern of exactly the limit is accepted");
  g_autofree char *text = g_strconcat ("x ", ok, NULL);
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (EgMatch));
  eg_matcher_find (m2, text, strlen (text), out);
  ck_assert_uint_eq (out->len, 2);
  ck_assert_uint_eq (g_array_index (out, EgMatch, 1).end, EG_MATCHER_MAX_PATTERN + 2);
}
END_TEST

/* Many patterns sharing prefixes: every one is found in a text that lists them all. */
START_TEST (test_many)
{
  g_autoptr (GPtrArray) pats = g_ptr_array_new_with_free_func (g_free);
  GString *text = g_string_new (NULL);
  for (guint i = 0; i < 5000; i++)
    {
      char *p = g_strdup_printf ("ministry %u of %x affairs", i % 97, i);
      g_ptr_array_add (pats, p);
      g_string_append_printf (text, "%s, ", p);
    }
  g_autoptr (EgMatcher) m = eg_matcher_new ((const char *const *) pats->pdata, pats->len, NULL);
  ck_assert_ptr_nonnull (m);
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (EgMatch));
  eg_matcher_find (m, text->str, text->len, out);
  ck_assert_uint_eq (out->len, pats->len);
  for (guint i = 0; i < out->len; i++)
    ck_assert_msg (g_array_index (out, EgMatch, i).pattern == i, "match %u is pattern %u", i, i);
  g_string_free (text, TRUE);
}
END_TEST

/* ---- images ------------------------------------------------------------------------------- */

/* The image's states start after a 24-byte header, root[256] (guint32) and cls[256]; each is
 * 16 bytes: first child, pattern, then the kind byte and labels (matcher.c). */
#define STATES_AT 1304

START_TEST (test_image_damaged)
{
  g_autoptr (GPtrArray) pats = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < 3000; i++)
    g_ptr_array_add (pats, g_strdup_printf ("ministry %u of %x affairs", i % 97, i));
  g_autoptr (EgMatcher) m = eg_matcher_new ((const char *const *) pats->pdata, pats->len, NULL);
  g_autoptr (GByteArray) img = g_byte_array_new ();
  eg_matcher_write (m, img);
  guint n_states = eg_matcher_n_states (m);
  ck_assert_uint_ge (img->len, STATES_AT + 16 * n_states);
  g_autoptr (EgMatcher) ok = eg_matcher_new_from_image (img->data, img->len, pats->len, NULL);
  ck_assert_ptr_nonnull (ok);
  ck_assert_ptr_null (eg_matcher_new_from_image (img->data, img->len, pats->len - 1, NULL));
  ck_assert_ptr_null (eg_matcher_new_from_image (img->data, img->len - 1, pats->len, NULL));
  ck_assert_ptr_null (eg_matcher_new_from_image (img->data + 8, img->len - 8, pats->len, NULL));

  g_autofree guint8 *copy = g_malloc (img->len);
  guint kinds[4] = { 0 };
  for (guint s = 0; s < n_states; s++)
    {
      guint8 *st = copy + STATES_AT + 16 * s;
      guint kind = img->data[STATES_AT + 16 * s + 8];
      kinds[kind < 0x80 ? 0 : kind == 0xff ? 2 : 1]++;
      /* A child beyond the table, a kind that does not exist, a pattern beyond the list,
       * a dense row beyond the rows (or a chain longer than 7). */
      for (guint how = 0; how < 4; how++)
        {
          memcpy (copy, img->data, img->len);
          guint32 v = 0xfffffff0u;
          switch (how)
            {
            case 0: memcpy (st, &v, 4); break;
            case 1: st[8] = 0x7f; break;
            case 2: memcpy (st + 4, &(guint32) { pats->len }, 4); break;
            default:
              if (kind == 0xff)
                memcpy (st + 12, &v, 4);
              else
                st[8] = 0x88;
              break;
            }
          g_autoptr (GError) error = NULL;
          g_autoptr (EgMatcher) bad = eg_matcher_new_from_image (copy, img->len, pats->len,
                                                                 &error);
          ck_assert_msg (bad == NULL && g_error_matches (error, EG_ERROR, EG_ERROR_CACHE),
                         "state %u (kind %#x) damaged in way %u is refused", s, kind, how);
        }
    }
  ck_assert_msg (kinds[0] && kinds[1] && kinds[2], "sparse, chain and dense states: %u %u %u",
                 kinds[0], kinds[1], kinds[2]);
}
END_TEST

static Suite *
matcher_suite (void)
{
  Suite *s = suite_create ("matcher");
  TCase *tc = tcase_create ("table");
  tcase_add_loop_test (tc, test_table, 0, G_N_ELEMENTS (cases));
  tcase_add_test (tc, test_appends);
  tcase_add_test (tc, test_many);
  suite_add_tcase (s, tc);
  tc = tcase_create ("random");
  tcase_add_loop_test (tc, test_random, 0, G_N_ELEMENTS (random_setups));
  tcase_add_test (tc, test_first_words);
  suite_add_tcase (s, tc);
  tc = tcase_create ("errors");
  tcase_add_test (tc, test_no_patterns);
  tcase_add_test (tc, test_too_long);
  tcase_add_test (tc, test_image_damaged);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (matcher_suite ());
}
