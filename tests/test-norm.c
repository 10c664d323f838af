/* test-norm.c - folding: case, accents, white space, line joins, quotes, invalid UTF-8 and
 * HTML entities; the map back to the original bytes; surfaces across gaps. */
#include <string.h>

#include "norm.h"
#include "testutil.h"

#define O "\x01" /* EG_FOLD_OTHER */

typedef struct {
  const char *what;
  const char *in;
  gssize in_len; /* -1: NUL-terminated */
  const char *want;
} FoldCase;

static const FoldCase fold_cases[] = {
  { "case and accents", "Secretaría de Relaciones Exteriores", -1,
    "secretaria de relaciones exteriores" },
  { "upper-case accents", "ÉLYSÉE ÀÇÑÜ", -1, "elysee acnu" },
  { "outer white space is trimmed, runs collapse", "  NATO \t\n OTAN  ", -1, "nato otan" },
  { "U+2028 is white space", "a\xe2\x80\xa8" "b", -1, "a b" },
  { "U+2029 and NEL are white space", "a\xe2\x80\xa9\xc2\x85" "b", -1, "a b" },
  { "NBSP is white space", "a\xc2\xa0\xc2\xa0" "b", -1, "a b" },
  { "blank lines are one space", "a\r\n\r\n\n b", -1, "a b" },
  { "a hyphenated line break joins", "non-\ngovernmental", -1, "non-governmental" },
  { "a hyphen, line break and indent join", "non- \n   governmental", -1, "non-governmental" },
  { "a hyphen before a U+2028 joins", "non-\xe2\x80\xa8governmental", -1, "non-governmental" },
  { "a hyphen and a space do not join", "non- governmental", -1, "non- governmental" },
  { "a dash between spaces does not join", "x -\ny", -1, "x - y" },
  { "typographic apostrophe", "Mugabe\xe2\x80\x99s", -1, "mugabe's" },
  { "typographic quotes", "\xe2\x80\x9cQuoted\xe2\x80\x9d \xe2\x80\x98x\xe2\x80\x99", -1,
    "\"quoted\" 'x'" },
  { "typographic dashes", "1990\xe2\x80\x93" "95 a\xe2\x80\x94" "b c\xe2\x80\x90" "d", -1,
    "1990-95 a-b c-d" },
  { "sharp s", "Straße STRASSE", -1, "strasse strasse" },
  { "letters without decomposition", "Æsir Œuvre Ørsted Łódź Þór", -1,
    "aesir oeuvre orsted lodz thor" },
  { "a ligature", "\xef\xac\x81nance", -1, "finance" },
  { "a combining accent is dropped", "e\xcc\x81te\xcc\x81", -1, "ete" },
  { "zero width characters and the BOM are dropped", "\xef\xbb\xbf" "a\xe2\x80\x8b" "b", -1,
    "ab" },
  { "a soft hyphen is dropped", "Secre\xc2\xad" "taria", -1, "secretaria" },
  { "pilcrow and section signs are separators", "\xc2\xb6" "3. \xc2\xa7" "2", -1,
    O "3. " O "2" },
  { "Cyrillic stays UTF-8, lowered", "МОСКВА", -1, "москва" },
  { "Greek, accents and final sigma", "ΆΡΗΣ Άρης", -1, "αρησ αρησ" },
  { "dotted capital I", "İSTANBUL", -1, "istanbul" },
  { "fullwidth letters", "\xef\xbc\xa1\xef\xbd\x82\xef\xbd\x83", -1, "abc" },
  { "Arabic-Indic digits", "\xd9\xa3\xd9\xa4", -1, "34" },
  { "control bytes are separators", "a\x02" "b", -1, "a" O "b" },
  { "an embedded NUL with an explicit length", "a\0b", 3, "a" O "b" },
  { "nothing", "", -1, "" },
  { "only white space", " \t\xc2\xa0\n", -1, "" },
  /* invalid UTF-8: one separator per invalid byte, never a crash */
  { "lone continuation byte", "a\x80" "b", -1, "a" O "b" },
  { "truncated 2-byte sequence at the end", "a\xc3", -1, "a" O },
  { "truncated 2-byte sequence", "a\xc3" "b", -1, "a" O "b" },
  { "truncated 3-byte sequence", "a\xe2\x82" "b", -1, "a" O O "b" },
  { "truncated 4-byte sequence", "a\xf0\x9f\x98" "b", -1, "a" O O O "b" },
  { "overlong NUL", "\xc0\x80", -1, O O },
  { "overlong 3-byte slash", "\xe0\x80\xaf", -1, O O O },
  { "UTF-16 surrogate", "x\xed\xa0\x80" "y", -1, "x" O O O "y" },
  { "beyond U+10FFFF", "\xf4\x90\x80\x80", -1, O O O O },
  { "bytes never valid", "\xfe\xff", -1, O O },
  { "5-byte form", "\xf8\x88\x80\x80\x80", -1, O O O O O },
};

START_TEST (test_fold_string)
{
  const FoldCase *c = &fold_cases[_i];
  g_autofree char *got = eg_fold_string (c->in, c->in_len);
  g_autofree char *got_esc = g_strescape (got, NULL);
  g_autofree char *want_esc = g_strescape (c->want, NULL);
  ck_assert_msg (strcmp (got, c->want) == 0, "%s: folded to \"%s\", expected \"%s\"", c->what,
                 got_esc, want_esc);
}
END_TEST

/* ---- documents ---------------------------------------------------------------------------- */

/* A hand-built document: only data, len, kind and text are set. Free with doc_clear(). */
static EgDoc
make_doc (const char *data, gsize len, EgDocKind kind, const EgSpan *spans, guint n_spans)
{
  EgDoc d;
  memset (&d, 0, sizeof d);
  d.data = data;
  d.len = len;
  d.kind = kind;
  d.text = g_array_new (FALSE, FALSE, sizeof (EgSpan));
  if (spans != NULL)
    g_array_append_vals (d.text, spans, n_spans);
  else
    {
      EgSpan all = { 0, (guint32) len };
      g_array_append_val (d.text, all);
    }
  return d;
}

static void
doc_clear (EgDoc *d)
{
  g_array_free (d->text, TRUE);
}

/* The word bits say which folded bytes are word bytes, and nothing past the text; the
 * scans that use them find what a byte-by-byte scan finds, from every place to every
 * bound. */
static void
check_word_bits (const EgFolded *f, const char *what)
{
  for (gsize i = 0; i < (f->len / 64 + 1) * 64; i++)
    {
      gboolean bit = (f->word_bits[i / 64] >> (i % 64)) & 1;
      gboolean want = i < f->len && eg_fold_is_word ((guchar) f->text[i]);
      if (bit != want) /* (a passing ck_assert marks a point: a write a byte is too slow) */
        ck_abort_msg ("%s: the word bit of byte %zu of %zu is %d", what, i, f->len, bit);
    }
  /* what a byte-by-byte scan finds, worked out backwards for each bound */
  g_autofree gsize *next = g_new (gsize, f->len + 2), *end = g_new (gsize, f->len + 2);
  /* bounds at both ends, around the first 64-byte blocks and inside */
  gsize bounds[] = { 0, 1, 63, 64, 65, 128, f->len / 3, f->len > 0 ? f->len - 1 : 0, f->len };
  for (guint k = 0; k < G_N_ELEMENTS (bounds); k++)
    {
      gsize to = bounds[k];
      if (to > f->len)
        continue;
      next[to + 1] = end[to + 1] = next[to] = end[to] = to;
      for (gsize i = to; i-- > 0;)
        {
          gboolean word = eg_fold_is_word ((guchar) f->text[i]);
          next[i] = word ? i : next[i + 1];
          end[i] = word ? end[i + 1] : i;
        }
      for (gsize i = 0; i <= to + 1; i++)
        {
          if (eg_folded_next_word (f, i, to) != next[i])
            ck_abort_msg ("%s: the next word from %zu below %zu is at %zu", what, i, to, next[i]);
          if (eg_folded_word_end (f, i, to) != end[i])
            ck_abort_msg ("%s: the word at %zu below %zu ends at %zu", what, i, to, end[i]);
        }
    }
}

/* Every folded byte maps inside the document and inside a text span (a space may cover a
 * gap), starts never go backwards, and no space is doubled or at either end. */
static void
check_map (const EgFolded *f, const EgDoc *d, const char *what)
{
  ck_assert_msg (strlen (f->text) <= f->len && f->text[f->len] == '\0',
                 "%s: the folded text is NUL-terminated", what);
  guint32 prev = 0;
  for (gsize i = 0; i < f->len; i++)
    {
      guint32 s = f->src_start[i], e = f->src_end[i];
      ck_assert_msg (s < e && e <= d->len, "%s: byte %zu maps to [%u, %u) inside the %zu bytes",
                     what, i, s, e, d->len);
      ck_assert_msg (s >= prev, "%s: byte %zu starts at %u, before byte %zu", what, i, s, i - 1);
      prev = s;
      gboolean in_span = FALSE;
      for (guint k = 0; k < d->text->len && !in_span; k++)
        {
          const EgSpan *sp = &g_array_index (d->text, EgSpan, k);
          in_span = s >= sp->start && s < sp->end;
        }
      ck_assert_msg (in_span || f->text[i] == ' ', "%s: byte %zu comes from a text span", what, i);
      if (f->text[i] == ' ')
        ck_assert_msg (i > 0 && i + 1 < f->len && f->text[i + 1] != ' ',
                       "%s: a space at %zu is inside the text and single", what, i);
    }
  check_word_bits (f, what);
}

/* [fs, fe) of the first occurrence of @needle in the folded text. */
static void
find_folded (const EgFolded *f, const char *needle, gsize *fs, gsize *fe)
{
  const char *p = strstr (f->text, needle);
  ck_assert_msg (p != NULL, "\"%s\" is in the folded text \"%s\"", needle, f->text);
  *fs = (gsize) (p - f->text);
  *fe = *fs + strlen (needle);
}

START_TEST (test_doc_gap)
{
  const char *data = "Foo Secretar\xc3\xad" "a\n\nMEXICO 00006871  002 OF 003\n"
                     "de Relaciones  Exteriores";
  gsize len = strlen (data);
  const char *de = strstr (data, "de Rel");
  EgSpan spans[] = { { 0, 15 }, { (guint32) (de - data), (guint32) len } };
  EgDoc d = make_doc (data, len, EG_DOC_CABLE, spans, 2);
  g_autoptr (EgFolded) f = eg_fold_doc (&d);
  ck_assert_str_eq (f->text, "foo secretaria de relaciones exteriores");
  check_map (f, &d, "gap");
  gsize fs, fe;
  find_folded (f, "secretaria de relaciones exteriores", &fs, &fe);
  g_autofree char *surface = eg_folded_surface (f, &d, fs, fe);
  ck_assert_str_eq (surface, "Secretaría de Relaciones Exteriores");
  ck_assert_uint_eq (f->src_start[fs], 4);
  ck_assert_uint_eq (f->src_end[fe - 1], len);
  /* the accented letter maps to its two bytes */
  find_folded (f, "ia de", &fs, &fe);
  ck_assert_uint_eq (f->src_start[fs], 12);
  ck_assert_uint_eq (f->src_end[fs], 14);
  /* the space across the gap covers the gap */
  ck_assert_uint_eq (f->src_start[fs + 2], 15);
  ck_assert_uint_eq (f->src_end[fs + 2], (guint32) (de - data));
  doc_clear (&d);
}
END_TEST

START_TEST (test_doc_join_across_gap)
{
  const char *data = "the non-\nPAGE 2\ngovernmental groups";
  gsize len = strlen (data);
  EgSpan spans[] = { { 0, 8 }, { 16, (guint32) len } };
  EgDoc d = make_doc (data, len, EG_DOC_CABLE, spans, 2);
  g_autoptr (EgFolded) f = eg_fold_doc (&d);
  ck_assert_str_eq (f->text, "the non-governmental groups");
  check_map (f, &d, "join");
  gsize fs, fe;
  find_folded (f, "non-governmental", &fs, &fe);
  g_autofree char *surface = eg_folded_surface (f, &d, fs, fe);
  ck_assert_str_eq (surface, "non-governmental");
  doc_clear (&d);
}
END_TEST

START_TEST (test_doc_edges)
{
  /* leading white space and a leading gap give no leading space; adjacent spans no space */
  const char *data = "  xx\n  Ab  cd  \n";
  EgSpan spans[] = { { 0, 3 }, { 5, 10 }, { 10, 16 } };
  EgDoc d = make_doc (data, strlen (data), EG_DOC_PLAIN, spans, 3);
  g_autoptr (EgFolded) f = eg_fold_doc (&d);
  ck_assert_str_eq (f->text, "x ab cd");
  check_map (f, &d, "edges");
  doc_clear (&d);

  /* no spans at all: nothing; a NULL text array: the whole document */
  EgDoc e = make_doc (data, strlen (data), EG_DOC_PLAIN, spans, 0);
  g_autoptr (EgFolded) fe = eg_fold_doc (&e);
  ck_assert_str_eq (fe->text, "");
  ck_assert_uint_eq (fe->len, 0);
  doc_clear (&e);
  EgDoc w = make_doc (data, strlen (data), EG_DOC_PLAIN, NULL, 0);
  g_array_free (w.text, TRUE);
  w.text = NULL;
  g_autoptr (EgFolded) fw = eg_fold_doc (&w);
  ck_assert_str_eq (fw->text, "xx ab cd");

  /* an empty document */
  EgDoc z = make_doc (NULL, 0, EG_DOC_PLAIN, NULL, 0);
  g_autoptr (EgFolded) fz = eg_fold_doc (&z);
  ck_assert_str_eq (fz->text, "");
  doc_clear (&z);
}
END_TEST

START_TEST (test_surface)
{
  const char *data = "  Die   Straße\xe2\x80\xa8nach  \xc2\xb6" "3 M\xc3\xbcnchen \xff!";
  EgDoc d = make_doc (data, strlen (data), EG_DOC_PLAIN, NULL, 0);
  g_autoptr (EgFolded) f = eg_fold_doc (&d);
  ck_assert_str_eq (f->text, "die strasse nach " O "3 munchen " O "!");
  check_map (f, &d, "surface");
  gsize fs, fe;
  find_folded (f, "strasse", &fs, &fe);
  g_autofree char *s1 = eg_folded_surface (f, &d, fs, fe);
  ck_assert_str_eq (s1, "Straße");
  /* "ss" is two folded bytes of one character: a range that cuts it still shows it once */
  g_autofree char *s2 = eg_folded_surface (f, &d, fs + 4, fs + 5);
  ck_assert_str_eq (s2, "ß");
  /* white space runs become one space and the ends are trimmed */
  g_autofree char *s3 = eg_folded_surface (f, &d, 0, f->len);
  ck_assert_str_eq (s3, "Die Straße nach ¶3 München \xef\xbf\xbd!");
  ck_assert_msg (g_utf8_validate (s3, -1, NULL), "a surface is valid UTF-8");
  find_folded (f, " nach ", &fs, &fe);
  g_autofree char *s4 = eg_folded_surface (f, &d, fs, fe);
  ck_assert_str_eq (s4, "nach");
  g_autofree char *s5 = eg_folded_surface (f, &d, fs, fs);
  ck_assert_str_eq (s5, "");
  doc_clear (&d);

  /* ASCII folded byte for byte (the common case, copied from the source): a line break or
   * a tab inside a name is a space; a run of them is one; a gap between spans is one */
  const char *ascii = "met Juan\nPerez and Ana\tMaria of the U.S. Embassy,\n  Mexico";
  EgDoc a = make_doc (ascii, strlen (ascii), EG_DOC_PLAIN, NULL, 0);
  g_autoptr (EgFolded) fa = eg_fold_doc (&a);
  const char *want[][2] = { { "juan perez", "Juan Perez" }, { "ana maria", "Ana Maria" },
                            { "u.s. embassy", "U.S. Embassy" },
                            { "embassy, mexico", "Embassy, Mexico" } };
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      find_folded (fa, want[i][0], &fs, &fe);
      g_autofree char *sa = eg_folded_surface (fa, &a, fs, fe);
      ck_assert_str_eq (sa, want[i][1]);
    }
  doc_clear (&a);

  /* appended one after another to one buffer (as extraction keeps a document's surfaces):
   * a surface that starts as ASCII and then is not leaves what came before it as it was */
  const char *mixed = "Juan Perez met Jos\xc3\xa9 Mar\xc3\xad" "a and Ana Maria";
  EgDoc m = make_doc (mixed, strlen (mixed), EG_DOC_PLAIN, NULL, 0);
  g_autoptr (EgFolded) fm = eg_fold_doc (&m);
  g_autoptr (GString) all = g_string_new ("[");
  const char *names[] = { "juan perez", "jose maria", "ana maria" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      find_folded (fm, names[i], &fs, &fe);
      eg_folded_surface_append (fm, &m, fs, fe, all);
      g_string_append_c (all, '|');
    }
  ck_assert_str_eq (all->str, "[Juan Perez|Jos\xc3\xa9 Mar\xc3\xad" "a|Ana Maria|");
  doc_clear (&m);
}
END_TEST

START_TEST (test_html)
{
  const char *data = "AT&amp;T &Eacute;l&#232;ve&nbsp;&#x41;&#150;B &bogus; &amp &#0; R&eacute;";
  EgDoc d = make_doc (data, strlen (data), EG_DOC_HTML, NULL, 0);
  g_autoptr (EgFolded) f = eg_fold_doc (&d);
  ck_assert_str_eq (f->text, "at&t eleve a-b &bogus; &amp " O " re");
  check_map (f, &d, "html");
  gsize fs, fe;
  find_folded (f, "at&t", &fs, &fe);
  ck_assert_uint_eq (f->src_start[fs + 2], 2);
  ck_assert_uint_eq (f->src_end[fs + 2], 7);
  g_autofree char *s1 = eg_folded_surface (f, &d, fs, fe);
  ck_assert_str_eq (s1, "AT&T");
  find_folded (f, "eleve", &fs, &fe);
  g_autofree char *s2 = eg_folded_surface (f, &d, fs, fe);
  ck_assert_str_eq (s2, "Élève");
  find_folded (f, " re", &fs, &fe);
  ck_assert_uint_eq (f->src_end[fe - 1], strlen (data));
  /* the same bytes as plain text keep their entities */
  EgDoc p = make_doc (data, strlen (data), EG_DOC_PLAIN, NULL, 0);
  g_autoptr (EgFolded) fp = eg_fold_doc (&p);
  ck_assert_str_eq (fp->text, "at&amp;t &eacute;l&#232;ve&nbsp;&#x41;&#150;b &bogus; &amp &#0; "
                              "r&eacute;");
  doc_clear (&p);
  doc_clear (&d);
}
END_TEST

/* Random documents of mixed bytes and random spans: the map invariants hold, the folded
 * text of a one-span document equals eg_fold_string() (short and long), surfaces are valid
 * UTF-8. */
START_TEST (test_random_docs)
{
  static const char *const pieces[] = {
    "a", "B", "z", "9", " ", "  ", "\n", "-", "-\n", ".", "&", "&amp;", "&eacute;", "&#233;",
    "&#x10FFFF;", "&#xD800;", "\xc3\xa9", "\xc3\x9f", "\xe2\x80\xa8", "\xe2\x80\x99",
    "\xc2\xa0", "\xcc\x81", "\xef\xac\x83", "\xd0\x96", "\xf0\x9f\x98\x80", "\x80", "\xc3",
    "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff", "\x01", "\t", "\xef\xb7\xba",
  };
  g_autoptr (GRand) r = g_rand_new_with_seed (4242);
  for (guint round = 0; round < 3000; round++)
    {
      GString *s = g_string_new (NULL);
      /* every tenth string is long: around eg_fold_string()'s 512-byte stack buffers, and
       * past them once U+FDFA (one character folding to 33 bytes) grows the output */
      guint n = (guint) (round % 10 == 0 ? g_rand_int_range (r, 100, 400)
                                         : g_rand_int_range (r, 0, 40));
      for (guint i = 0; i < n; i++)
        g_string_append (s, pieces[g_rand_int_range (r, 0, G_N_ELEMENTS (pieces))]);
      EgDocKind kind = g_rand_boolean (r) ? EG_DOC_HTML : EG_DOC_PLAIN;
      /* random increasing spans, possibly cutting characters */
      EgSpan spans[8];
      guint ns = 0;
      guint32 at = 0;
      while (ns < 8 && at < s->len)
        {
          guint32 a = at + (guint32) g_rand_int_range (r, 0, 4);
          guint32 b = a + (guint32) g_rand_int_range (r, 0, 30);
          if (a >= s->len)
            break;
          spans[ns++] = (EgSpan) { a, MIN (b, (guint32) s->len) };
          at = spans[ns - 1].end;
        }
      EgDoc d = make_doc (s->str, s->len, kind, spans, ns);
      g_autoptr (EgFolded) f = eg_fold_doc (&d);
      check_map (f, &d, "random");
      for (guint k = 0; k < 4 && f->len > 0; k++)
        {
          gsize a = (gsize) g_rand_int_range (r, 0, (gint32) f->len);
          gsize b = a + (gsize) g_rand_int_range (r, 0, (gint32) (f->len - a) + 1);
          g_autofree char *sf = eg_folded_surface (f, &d, a, b);
          ck_assert_msg (g_utf8_validate (sf, -1, NULL), "surfaces are valid UTF-8");
        }
      doc_clear (&d);

      EgDoc one = make_doc (s->str, s->len, EG_DOC_PLAIN, NULL, 0);
      g_autoptr (EgFolded) f1 = eg_fold_doc (&one);
      g_autofree char *fs = eg_fold_string (s->str, (gssize) s->len);
      ck_assert_msg (f1->len == strlen (fs) && memcmp (f1->text, fs, f1->len) == 0,
                     "a one-span plain document folds like eg_fold_string()");
      check_map (f1, &one, "random one-span");
      doc_clear (&one);
      g_string_free (s, TRUE);
    }
}
END_TEST

/* Folding keeps no shared state: threads folding at once get what one thread gets. */
typedef struct {
  const EgDoc *doc;
  const char *want;
  gboolean ok;
} ThreadJob;

static gpointer
fold_job (gpointer data)
{
  ThreadJob *j = data;
  j->ok = TRUE;
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr (EgFolded) f = eg_fold_doc (j->doc);
      j->ok &= strcmp (f->text, j->want) == 0;
    }
  return NULL;
}

START_TEST (test_threads)
{
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint i = 0; i < 300; i++)
    g_string_append (s, "Secretaría \xc2\xb6 Mugabe\xe2\x80\x99s Straße ÆØ &amp; non-\nstop ");
  EgDoc d = make_doc (s->str, s->len, EG_DOC_HTML, NULL, 0);
  g_autoptr (EgFolded) ref = eg_fold_doc (&d);
  ThreadJob jobs[4];
  GThread *th[4];
  for (guint i = 0; i < 4; i++)
    {
      jobs[i] = (ThreadJob) { &d, ref->text, FALSE };
      th[i] = g_thread_new ("fold", fold_job, &jobs[i]);
    }
  for (guint i = 0; i < 4; i++)
    {
      g_thread_join (th[i]);
      ck_assert_msg (jobs[i].ok, "thread %u folds the document as one thread does", i);
    }
  doc_clear (&d);
}
END_TEST

static Suite *
norm_suite (void)
{
  Suite *s = suite_create ("norm");
  TCase *tc = tcase_create ("fold-string");
  tcase_add_loop_test (tc, test_fold_string, 0, G_N_ELEMENTS (fold_cases));
  suite_add_tcase (s, tc);
  tc = tcase_create ("fold-doc");
  tcase_add_test (tc, test_doc_gap);
  tcase_add_test (tc, test_doc_join_across_gap);
  tcase_add_test (tc, test_doc_edges);
  tcase_add_test (tc, test_html);
  tcase_add_test (tc, test_threads);
  suite_add_tcase (s, tc);
  tc = tcase_create ("surface");
  tcase_add_test (tc, test_surface);
  suite_add_tcase (s, tc);
  tc = tcase_create ("random");
  tcase_add_test (tc, test_random_docs);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (norm_suite ());
}
