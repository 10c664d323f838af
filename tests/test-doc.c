/* test-doc.c - Check suite for extract/doc: loading, kinds, header fields, text spans,
 * windows and sentences, on the seed, hand-written files, corpus cables of every shape and
 * hostile inputs. Corpus tests skip (with a message) when the shared corpus is absent. */
#include "doc.h"
#include "error.h"
#include "norm.h"
#include "testutil.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------------------ */
/* Helpers                                                                                */

static EgDoc *
load_ok (const char *path)
{
  g_autoptr (GError) error = NULL;
  EgDoc *doc = eg_doc_load (path, &error);
  ck_assert_msg (doc != NULL, "expected %s to load, got: %s", path,
                 error ? error->message : "?");
  return doc;
}

static EgDoc *
load_data (const char *name)
{
  g_autofree char *path = eg_test_data (name);
  return load_ok (path);
}

/* The corpus cable @id, or NULL (and a message) when the corpus is not there. */
static EgDoc *
load_corpus (const char *id)
{
  g_autofree char *rel = g_strdup_printf ("corpus/cables/%s.txt", id);
  g_autofree char *path = eg_test_shared (rel);
  if (!path)
    {
      fprintf (stderr, "# skipped: corpus cable %s not found (EG_SHARED)\n", id);
      return NULL;
    }
  return load_ok (path);
}

static EgDoc *
from_string (const char *name, const char *text, gsize len, GError **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, len);
  return eg_doc_new_from_bytes (name, bytes, error);
}

static char *
span_str (const EgDoc *doc, EgSpan sp)
{
  return g_strndup (doc->data + sp.start, sp.end - sp.start);
}

static const EgWindow *
win (const EgDoc *doc, guint i)
{
  return &g_array_index (doc->windows, EgWindow, i);
}

static guint
count_paragraphs (const EgDoc *doc)
{
  guint n = 0;
  for (guint i = 0; i < doc->windows->len; i++)
    n += win (doc, i)->kind == EG_WINDOW_PARAGRAPH;
  return n;
}

static gboolean
has_str (GPtrArray *a, const char *s)
{
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), s) == 0)
      return TRUE;
  return FALSE;
}

static char *
join (GPtrArray *a)
{
  GString *g = g_string_new (NULL);
  for (guint i = 0; i < a->len; i++)
    {
      if (i)
        g_string_append_c (g, ' ');
      g_string_append (g, g_ptr_array_index (a, i));
    }
  return g_string_free (g, FALSE);
}

/* Does any text span contain @needle? */
static gboolean
text_contains (const EgDoc *doc, const char *needle)
{
  gsize n = strlen (needle);
  for (guint i = 0; i < doc->text->len; i++)
    {
      EgSpan sp = g_array_index (doc->text, EgSpan, i);
      for (gsize k = sp.start; k + n <= sp.end; k++)
        if (memcmp (doc->data + k, needle, n) == 0)
          return TRUE;
    }
  return FALSE;
}

/* The structural promises of doc.h, checked on any document. Returns a description of
 * the first broken one, or NULL. */
static char *
check_invariants (const EgDoc *doc)
{
  guint32 prev = 0;
  for (guint i = 0; i < doc->text->len; i++)
    {
      EgSpan sp = g_array_index (doc->text, EgSpan, i);
      if (sp.start >= sp.end || sp.end > doc->len || sp.start < prev)
        return g_strdup_printf ("text span %u [%u,%u) is empty, outside or out of order", i,
                                sp.start, sp.end);
      prev = sp.end;
    }
  prev = 0;
  for (guint i = 0; i < doc->windows->len; i++)
    {
      EgSpan sp = win (doc, i)->span;
      if (sp.start >= sp.end || sp.end > doc->len || sp.start < prev)
        return g_strdup_printf ("window %u [%u,%u) is empty, outside or overlapping", i,
                                sp.start, sp.end);
      prev = sp.end;
    }
  prev = 0;
  for (guint i = 0; i < doc->sentences->len; i++)
    {
      EgSpan sp = g_array_index (doc->sentences, EgSpan, i);
      if (sp.start >= sp.end || sp.end > doc->len || sp.start < prev)
        return g_strdup_printf ("sentence %u [%u,%u) is empty, outside or overlapping", i,
                                sp.start, sp.end);
      guint w = eg_doc_window_at (doc, sp.start);
      if (w == G_MAXUINT || win (doc, w)->span.end < sp.end)
        return g_strdup_printf ("sentence %u [%u,%u) is not inside a window", i, sp.start,
                                sp.end);
      /* trimmed, and never cut inside a word */
      const guchar *d = (const guchar *) doc->data;
      if (g_ascii_isspace (d[sp.start]) || g_ascii_isspace (d[sp.end - 1])
          || (sp.end < doc->len && g_ascii_isalnum (d[sp.end - 1]) && g_ascii_isalnum (d[sp.end]))
          || (sp.start > 0 && g_ascii_isalnum (d[sp.start - 1]) && g_ascii_isalnum (d[sp.start])))
        return g_strdup_printf ("sentence %u [%u,%u) starts or ends at a space or inside a word",
                                i, sp.start, sp.end);
      prev = sp.end;
    }
  return NULL;
}

#define ASSERT_INVARIANTS(doc)                                                              \
  do                                                                                        \
    {                                                                                       \
      g_autofree char *why_ = check_invariants (doc);                                       \
      ck_assert_msg (why_ == NULL, "%s: %s", (doc)->path, why_);                            \
    }                                                                                       \
  while (0)

static char *
tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-doc-XXXXXX", &error);
  ck_assert_msg (dir != NULL, "could not make a temp dir: %s", error ? error->message : "?");
  return dir;
}

static void
rm_rf (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
}

static char *
read_data (const char *name, gsize *len)
{
  g_autofree char *path = eg_test_data (name);
  char *text = NULL;
  ck_assert_msg (g_file_get_contents (path, &text, len, NULL), "cannot read %s", path);
  return text;
}

/* ------------------------------------------------------------------------------------ */
/* The seed: a cable copied from a news site                                              */

START_TEST (test_seed_meta)
{
  g_autoptr (EgDoc) doc = load_data ("seed-scoop.txt");
  const EgDocMeta *m = &doc->meta;
  ck_assert_int_eq (doc->kind, EG_DOC_NEWS_COPY);
  ck_assert_str_eq (eg_doc_kind_name (doc->kind), "news-copy");
  ck_assert_str_eq (m->id, "06MEXICO4964");
  ck_assert_str_eq (eg_doc_name (doc), "06MEXICO4964");
  ck_assert_str_eq (m->date, "2006-09-01T20:04Z");
  ck_assert_str_eq (m->origin, "AMEMBASSY MEXICO");
  ck_assert_str_eq (m->classification, "UNCLASSIFIED");
  g_autofree char *tags = join (m->tags);
  ck_assert_str_eq (tags, "PHUM PREL PGOV MX");
  ck_assert_str_eq (m->subject,
                    "MEXICAN GOVERNMENT HELD TIP MEETING WITH CIVIL SOCIETY ORGANIZATIONS");
  g_autofree char *signers = join (m->signers);
  ck_assert_str_eq (signers, "BASSETT");
  g_autofree char *to = join (m->recipients);
  ck_assert_str_eq (to, "SECSTATE WASHDC");
  g_autofree char *info = join (m->info_recipients);
  ck_assert_str_eq (info, "ALL US CONSULATES IN MEXICO COLLECTIVE");
  ck_assert_uint_eq (m->references->len, 0);
  ck_assert_ptr_null (m->classified_by);
  ck_assert_uint_eq (doc->n_invalid_utf8, 0);
}
END_TEST

/* A cable is read into memory; a file over 256 KiB is mapped: both read alike. The seed
 * with 300 KB of spaces after it takes the second path and must give the same header and
 * the same text. */
START_TEST (test_read_and_mapped)
{
  g_autoptr (EgDoc) small = load_data ("seed-scoop.txt");
  ck_assert_ptr_nonnull (small->bytes);
  g_autofree char *tmp = NULL;
  int fd = g_file_open_tmp ("eg-big-XXXXXX.txt", &tmp, NULL);
  ck_assert_int_ge (fd, 0);
  close (fd);
  GString *big = g_string_new_len (small->data, (gssize) small->len);
  for (guint i = 0; i < 300 * 1000 / 64; i++)
    g_string_append (big, "                                                               \n");
  ck_assert (g_file_set_contents (tmp, big->str, (gssize) big->len, NULL));
  g_autoptr (EgDoc) mapped = load_ok (tmp);
  g_unlink (tmp);
  ck_assert_uint_eq (mapped->len, big->len);
  ck_assert_str_eq (mapped->meta.id, small->meta.id);
  ck_assert_str_eq (mapped->meta.subject, small->meta.subject);
  g_autoptr (EgFolded) fs = eg_fold_doc (small);
  g_autoptr (EgFolded) fm = eg_fold_doc (mapped);
  ck_assert_uint_eq (fs->len, fm->len);
  ck_assert (memcmp (fs->text, fm->text, fs->len) == 0);
  g_string_free (big, TRUE);
}
END_TEST

START_TEST (test_seed_windows)
{
  g_autoptr (EgDoc) doc = load_data ("seed-scoop.txt");
  ASSERT_INVARIANTS (doc);
  ck_assert_uint_eq (doc->windows->len, 5);
  ck_assert_int_eq (win (doc, 0)->kind, EG_WINDOW_SUBJECT);
  ck_assert_uint_eq (win (doc, 0)->number, 0);
  g_autofree char *subj = span_str (doc, win (doc, 0)->span);
  ck_assert_msg (g_str_has_prefix (subj, "MEXICAN GOVERNMENT") && g_str_has_suffix (subj, "ORGANIZATIONS"),
                 "subject window holds the wrapped subject, got \"%s\"", subj);
  static const char *const starts[] = { "On August 30", "The meeting was well-attended",
                                        "Poloff worked", "Comment: Cooperation" };
  static const char *const ends[] = { "ways of collaboration.", "TIP-related cases.",
                                      "formal events by the SRE.", "two sides together." };
  for (guint i = 1; i <= 4; i++)
    {
      const EgWindow *w = win (doc, i);
      ck_assert_int_eq (w->kind, EG_WINDOW_PARAGRAPH);
      ck_assert_uint_eq (w->number, i);
      g_autofree char *t = span_str (doc, w->span);
      ck_assert_msg (g_str_has_prefix (t, starts[i - 1]) && g_str_has_suffix (t, ends[i - 1]),
                     "paragraph %u spans its text after the marking, got \"%.40s...\"", i, t);
    }
}
END_TEST

START_TEST (test_seed_site_text_is_gap)
{
  g_autoptr (EgDoc) doc = load_data ("seed-scoop.txt");
  static const char *const banned[] = { "Advertisement", "Scoop", "World Headlines",
                                        "Visit Mexico City", "Newsletter", "Cablegate",
                                        "SIPDIS", "TAGS", "SUBJECT", "VZCZC", "RUEHC",
                                        "BASSETT", "(SBU)", "E.O." };
  for (gsize i = 0; i < G_N_ELEMENTS (banned); i++)
    ck_assert_msg (!text_contains (doc, banned[i]), "no text span contains \"%s\"", banned[i]);
  ck_assert_msg (text_contains (doc, "Nemecio Lugo"), "the body is text");
}
END_TEST

/* A copy whose only site text is an advert inside the body, read after the header has
 * decided the kind: still a news copy, and the advert is no text. Fails if the lines read
 * after that decision are passed over without asking site_line(). */
START_TEST (test_site_line_after_header)
{
  static const char text[]
      = "VZCZCXRO0001\n"
        "RR RUEHWEB\n"
        "DE RUEHME #0001 0011234\n"
        "ZNR UUUUU ZZH\n"
        "R 011234Z JAN 09\n"
        "FM AMEMBASSY MEXICO\n"
        "TO RUEHC/SECSTATE WASHDC 0001\n"
        "BT\n"
        "UNCLAS MEXICO 000001\n"
        "\n"
        "SUBJECT: PORT SECURITY TALKS\n"
        "\n"
        "1. The Ministry of Foreign Affairs met the embassy on port security.\n"
        "\n"
        "Advertisement - scroll to continue reading\n"
        "\n"
        "2. The minister said the talks would go on in March.\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDoc) doc = from_string ("advert.txt", text, sizeof text - 1, &error);
  ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (doc->kind, EG_DOC_NEWS_COPY);
  ck_assert_msg (!text_contains (doc, "Advertisement"), "the advert is no text");
  ck_assert_msg (text_contains (doc, "talks would go on"), "the body is text");
}
END_TEST

START_TEST (test_lookup)
{
  g_autoptr (EgDoc) doc = load_data ("seed-scoop.txt");
  /* binary search agrees with a linear scan at every offset */
  for (gsize off = 0; off <= doc->len; off++)
    {
      guint w = G_MAXUINT, s = G_MAXUINT;
      for (guint i = 0; i < doc->windows->len; i++)
        if (off >= win (doc, i)->span.start && off < win (doc, i)->span.end)
          w = i;
      for (guint i = 0; i < doc->sentences->len; i++)
        {
          EgSpan sp = g_array_index (doc->sentences, EgSpan, i);
          if (off >= sp.start && off < sp.end)
            s = i;
        }
      ck_assert_uint_eq (eg_doc_window_at (doc, off), w);
      ck_assert_uint_eq (eg_doc_sentence_at (doc, off), s);
    }
  ck_assert_uint_eq (eg_doc_window_at (doc, 0), G_MAXUINT);
  ck_assert_uint_eq (eg_doc_window_at (doc, doc->len + 100), G_MAXUINT);
}
END_TEST

START_TEST (test_names)
{
  ck_assert_str_eq (eg_doc_kind_name (EG_DOC_PLAIN), "plain");
  ck_assert_str_eq (eg_doc_kind_name (EG_DOC_CABLE), "cable");
  ck_assert_str_eq (eg_doc_kind_name (EG_DOC_NEWS_COPY), "news-copy");
  ck_assert_str_eq (eg_doc_kind_name (EG_DOC_HTML), "html");
  eg_doc_free (NULL);
  static const char text[] = "Just a note.\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDoc) doc = from_string ("some/dir/notes.v2.txt", text, sizeof text - 1, &error);
  ck_assert_ptr_nonnull (doc);
  ck_assert_ptr_null (doc->meta.id);
  ck_assert_str_eq (eg_doc_name (doc), "notes.v2");
  ck_assert_str_eq (doc->path, "some/dir/notes.v2.txt");
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* Page breaks, SIPDIS and headings inside the body (an excerpt of 06MEXICO6871)          */

START_TEST (test_page_break)
{
  g_autoptr (EgDoc) doc = load_data ("docs/cable-pagebreak.txt");
  ASSERT_INVARIANTS (doc);
  ck_assert_str_eq (doc->meta.id, "06MEXICO6871");
  /* "Business Coordinating" ends one text span, "Council." starts the next: only the gap
   * holding the page-break line lies between them */
  const char *bc = "Business Coordinating", *brk = "MEXICO 00006871  002 OF 003";
  gboolean found = FALSE;
  for (guint i = 0; i + 1 < doc->text->len; i++)
    {
      EgSpan a = g_array_index (doc->text, EgSpan, i), b = g_array_index (doc->text, EgSpan, i + 1);
      g_autofree char *ta = span_str (doc, a), *tb = span_str (doc, b);
      if (!g_str_has_suffix (ta, bc))
        continue;
      found = TRUE;
      ck_assert_msg (g_str_has_prefix (tb, "Council."), "the span after the break starts "
                     "with \"Council.\", got \"%.20s\"", tb);
      g_autofree char *gap = g_strndup (doc->data + a.end, b.start - a.end);
      ck_assert_msg (strstr (gap, brk) != NULL, "the page-break line lies in the gap");
      /* one sentence and one window hold both sides */
      ck_assert_uint_eq (eg_doc_sentence_at (doc, a.end - 1), eg_doc_sentence_at (doc, b.start));
      ck_assert_uint_eq (eg_doc_window_at (doc, a.end - 1), eg_doc_window_at (doc, b.start));
    }
  ck_assert_msg (found, "a text span ends with \"%s\"", bc);
  ck_assert_msg (!text_contains (doc, "002 OF 003"), "no text span holds the page-break line");
  /* SIPDIS cutting "Explosives, and / Munitions Trafficking" is a gap inside a sentence */
  ck_assert_msg (!text_contains (doc, "SIPDIS"), "SIPDIS is not text");
  const char *ex = strstr (doc->data, "Explosives, and");
  const char *mu = strstr (doc->data, "Munitions Trafficking");
  ck_assert_ptr_nonnull (ex);
  ck_assert_ptr_nonnull (mu);
  ck_assert_uint_eq (eg_doc_sentence_at (doc, (gsize) (ex - doc->data)),
                     eg_doc_sentence_at (doc, (gsize) (mu - doc->data)));
  /* "¶2000." wrapped into paragraph 8 is not a paragraph */
  for (guint i = 0; i < doc->windows->len; i++)
    ck_assert_uint_ne (win (doc, i)->number, 2000);
}
END_TEST

START_TEST (test_headings)
{
  g_autoptr (EgDoc) doc = load_data ("docs/cable-pagebreak.txt");
  /* windows: subject, 1, 4, 5, 6, 7, 8, 11; a heading over a dashed rule opens the next
   * paragraph's window, and the rule itself is a gap */
  static const guint nums[] = { 0, 1, 4, 5, 6, 7, 8, 11 };
  ck_assert_uint_eq (doc->windows->len, G_N_ELEMENTS (nums));
  for (guint i = 0; i < G_N_ELEMENTS (nums); i++)
    ck_assert_uint_eq (win (doc, i)->number, nums[i]);
  g_autofree char *w2 = span_str (doc, win (doc, 2)->span);
  ck_assert_msg (g_str_has_prefix (w2, "Eduardo Medina Mora Icaza:  Attorney General (PGR)"),
                 "the heading starts paragraph 4's window, got \"%.30s\"", w2);
  ck_assert_msg (!text_contains (doc, "-----"), "dashed rules are gaps");
  ck_assert_msg (!text_contains (doc, "(SBU)") && !text_contains (doc, "(U)"),
                 "paragraph markings are gaps");
  ck_assert_msg (text_contains (doc, "Genaro Garcia Luna:  Secretary of Public Safety (SSP)"),
                 "headings are text");
  ck_assert_msg (!text_contains (doc, "Visit Mexico City") && !text_contains (doc, "BASSETT"),
                 "the trailer and signature are gaps");
  g_autofree char *signers = join (doc->meta.signers);
  ck_assert_str_eq (signers, "BASSETT");
  ck_assert_str_eq (doc->meta.classified_by, "CHARLES V. BARCLAY");
  ck_assert_str_eq (doc->meta.classification, "CONFIDENTIAL");
  g_autofree char *refs = join (doc->meta.references);
  ck_assert_str_eq (refs, "06MEXICO6656 06MEXICO6604 06MEXICO6571");
  g_autofree char *info = join (doc->meta.info_recipients);
  ck_assert_msg (strstr (info, "CDR USNORTHCOM") && !strstr (info, "RHMFISS"),
                 "routing prefixes are dropped from addressees, got \"%s\"", info);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* Corpus cables of every shape                                                           */

typedef struct {
  const char *file;           /* corpus file name without .txt */
  const char *shape;          /* what it stands for */
  const char *id, *date, *origin, *classification, *subject;
  const char *tags;           /* joined with spaces, NULL = none */
  const char *signer;         /* first signer, NULL = none */
  const char *reference;      /* one expected reference, NULL = none checked */
  const char *classified_by;  /* NULL = not checked */
  guint min_paragraphs;
} ShapeCase;

static const ShapeCase SHAPES[] = {
  { "06MEXICO6871", "routing header, SECTION 01 OF 03, REF block, page breaks", "06MEXICO6871",
    "2006-12-11T21:41Z", "AMEMBASSY MEXICO", "CONFIDENTIAL", "CALDERON'S SECURITY CABINET",
    "PGOV PREL PINR MX", "BASSETT", "06MEXICO6604", "CHARLES V. BARCLAY", 11 },
  { "06MEXICO1311", "April 2011 page: extra TAGS line before the classification line",
    "06MEXICO1311", "2006-03-09T22:28Z", "AMEMBASSY MEXICO",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "ACT II: AMLO KICKS OFF CAMPAIGN'S SECOND STAGE",
    "PGOV PINR MX", "GARZA", "06MEXICO536", NULL, 5 },
  { "08LONDON2651", "December 2010 page: starts at the precedence line, NOFORN", "08LONDON2651",
    "2008-10-21T17:03Z", "AMEMBASSY LONDON", "SECRET//NOFORN",
    "USDP EDELMAN\xe2\x80\x99S OCTOBER 15 MEETINGS IN LONDON",
    "PGOV PREL PINR UK ECON KNNP MOPS PTER AF FR GG PK RS UP", "LEBARON", NULL,
    "Richard LeBaron", 10 },
  { "05NEWDELHI4634", "partial extract with a bare date-time group", "05NEWDELHI4634",
    "2005-06-17T13:57Z", NULL, "CONFIDENTIAL", "GOI HOPING FOR MORE ON UN REFORMS",
    "KUNR PREL IN UNSC", "MULFORD", "05STATE111637", "Matt Boyse", 1 },
  { "05NEWDELHI4447", "partial extract without a date: no id, no date", NULL, NULL, NULL,
    "CONFIDENTIAL", "ADVANI WITHDRAWS RESIGNATION AND RETURNS TO THE FOLD", "PGOV IN", NULL,
    NULL, "Bob Blake", 2 },
  /* the subject is the one after the classification line, lower-cased on this page */
  { "09NAIROBI1938", "April 2011 page with database fields and a lower-case classification line",
    "09NAIROBI1938", "2009-09-16T09:24Z", "AMEMBASSY NAIROBI", "SECRET",
    "visas donkey: corruption 212(f) visa denial", "CVIS ECON KCRM KE PGOV PREL KCOR", NULL,
    "08STATE81854", NULL, 1 },
  { "10RABAT5", "SECTION 01 OF 03 with NOFORN on its own line", "10RABAT5", NULL,
    NULL, "SECRET//NOFORN", NULL, NULL, NULL, NULL, NULL, 1 },
  { "09STATE124636", "Department cable: DE serial holds the last four digits", "09STATE124636",
    "2009-12-04T22:08Z", "SECSTATE WASHDC", "SECRET//NOFORN", NULL, NULL, NULL, NULL,
    "ELISSA G. PITTERLE", 1 },
  { "08ECTION01OF02MANAMA492", "malformed WikiLeaks file name", "08MANAMA492",
    "2008-07-24T06:20Z", "AMEMBASSY MANAMA", NULL, NULL, NULL, NULL, "08MANAMA165", NULL, 1 },
  { "00HARARE5461", "partial extract with an old routing block and inline page headers", NULL,
    NULL, "AMEMBASSY HARARE", "CONFIDENTIAL", NULL, "PGOV PINS ZI MDC ZANU-PF", "MCDONALD",
    NULL, "EARL IRVING", 5 },
  { "07PARIS2725", "page whose body is another cable (Moscow): id not certain, so NULL", NULL,
    "2007-06-26T07:54Z", "AMEMBASSY PARIS", "SECRET", "ADDRESSING RUSSIAN ARMS SALES", NULL,
    NULL, "07MOSCOW3207", "William J. Burns", 10 },
  { "08EFTOLONDON2883", "UNCLAS E F T O: the id keeps EFTO", "08EFTOLONDON2883", NULL, NULL,
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY", NULL, NULL, NULL, NULL, NULL, 1 },
  { "06SANJOSE707", "post name with a space", "06SANJOSE707", NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, "Mark Langdale", 1 },
};

START_TEST (test_corpus_shapes)
{
  const ShapeCase *c = &SHAPES[_i];
  g_autoptr (EgDoc) doc = load_corpus (c->file);
  if (!doc)
    return;
  const EgDocMeta *m = &doc->meta;
  ASSERT_INVARIANTS (doc);
  ck_assert_msg (doc->kind == EG_DOC_CABLE, "%s (%s) is a cable", c->file, c->shape);
  ck_assert_msg (g_strcmp0 (m->id, c->id) == 0, "%s (%s): id %s, expected %s", c->file,
                 c->shape, m->id, c->id);
  if (c->date || !c->id)
    ck_assert_msg (g_strcmp0 (m->date, c->date) == 0, "%s: date %s, expected %s", c->file,
                   m->date, c->date);
  if (c->origin)
    ck_assert_msg (g_strcmp0 (m->origin, c->origin) == 0, "%s: origin %s, expected %s",
                   c->file, m->origin, c->origin);
  if (c->classification)
    ck_assert_msg (g_strcmp0 (m->classification, c->classification) == 0,
                   "%s: classification %s, expected %s", c->file, m->classification,
                   c->classification);
  if (c->subject)
    ck_assert_msg (g_strcmp0 (m->subject, c->subject) == 0, "%s: subject \"%s\", expected \"%s\"",
                   c->file, m->subject, c->subject);
  if (c->tags)
    {
      g_autofree char *tags = join (m->tags);
      ck_assert_msg (strcmp (tags, c->tags) == 0, "%s: tags \"%s\", expected \"%s\"", c->file,
                     tags, c->tags);
    }
  if (c->signer)
    ck_assert_msg (m->signers->len > 0 && strcmp (g_ptr_array_index (m->signers, 0), c->signer) == 0,
                   "%s: signer %s, expected %s", c->file,
                   m->signers->len ? (char *) g_ptr_array_index (m->signers, 0) : "(none)", c->signer);
  if (c->reference)
    ck_assert_msg (has_str (m->references, c->reference), "%s: references hold %s", c->file,
                   c->reference);
  if (c->classified_by)
    ck_assert_msg (g_strcmp0 (m->classified_by, c->classified_by) == 0,
                   "%s: classified by \"%s\", expected \"%s\"", c->file, m->classified_by,
                   c->classified_by);
  ck_assert_msg (count_paragraphs (doc) >= c->min_paragraphs, "%s: %u paragraph windows, "
                 "expected at least %u", c->file, count_paragraphs (doc), c->min_paragraphs);
  /* header lines never reach the text */
  static const char *const banned[] = { "VZCZC", "E.O. 12958", "TAGS:", "SUBJECT:",
                                        "Classified By" };
  for (gsize i = 0; i < G_N_ELEMENTS (banned); i++)
    ck_assert_msg (!text_contains (doc, banned[i]), "%s: no text span holds \"%s\"", c->file,
                   banned[i]);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* Header fields on small hand-written cables                                             */

typedef struct {
  const char *text;
  const char *id, *origin, *classification, *subject, *tags, *to, *info, *signers, *refs,
    *classified_by;
} FieldCase;

static const FieldCase FIELDS[] = {
  { "R 012004Z SEP 06\nFM AMEMBASSY MEXICO\nTO RUEHC/SECSTATE WASHDC 2999\n\n"
    "C O N F I D E N T I A L SECTION 01 OF 02 MEXICO 006871\n\nSIPDIS\n\n"
    "E.O. 12958: DECL: 11/27/2016\nTAGS: PGOV, PREL,\nPINR MX\n"
    "SUBJECT: (C) CALDERON'S SECURITY\nCABINET (C)\n\n"
    "REF: A. MEXICO 6656 B. 05 STATE 19152\n"
    "     \xc2\xb6" "C. 2003 SAO PAULO 2199; D. EMAIL FROM JONES 12 MAY\n\n"
    "Classified By: Ambassador Antonio O. Garza, for reasons 1.4 (b) and (d).\n\n"
    "\xc2\xb6" "1. (C) Text here.\n\nGARZA\n",
    "06MEXICO6871", "AMEMBASSY MEXICO", "CONFIDENTIAL", "CALDERON'S SECURITY CABINET",
    "PGOV PREL PINR MX", "SECSTATE WASHDC", "", "GARZA",
    "06MEXICO6656 05STATE19152 03SAOPAULO2199", "Antonio O. Garza" },
  { "VZCZCXYZ0001\nPP RUEHWEB\nDE RUCNDT #0123 1234567\nZNR UUUUU ZZH\nP 101530Z JAN 07\n"
    "FM USMISSION USUN NEW YORK\nTO RUEHC/SECSTATE WASHDC PRIORITY 1234\n"
    "RUEHBS/USEU BRUSSELS PRIORITY\nINFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE\n"
    "RUEHGV/USMISSION GENEVA 0042\n\nUNCLAS USUN NEW YORK 000123\n\nSENSITIVE\nSIPDIS\n\n"
    "E.O. 12958: N/A\nTAGS: PREL UNSC\nSUBJ: SECURITY COUNCIL CONSULTATIONS\n\n"
    "1. (SBU) The Council met on Monday. Amb. Wolff spoke.\n\n2. (U) Members agreed.\n\n"
    "SMITH/JONES\n",
    "07USUNNEWYORK123", "USMISSION USUN NEW YORK", "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "SECURITY COUNCIL CONSULTATIONS", "PREL UNSC", "SECSTATE WASHDC USEU BRUSSELS",
    "EUROPEAN POLITICAL COLLECTIVE USMISSION GENEVA", "SMITH JONES", "", NULL },
  { "O 311005Z AUG 09\nFM AMEMBASSY ABU DHABI\nTO SECSTATE WASHDC IMMEDIATE 2881\n\n"
    "S E C R E T ABU DHABI 000862\n\nNOFORN\n\nE.O. 12958: DECL: 11/02/2018\n"
    "TAGS: PREL AE\nSUBJECT: SCENESETTER\n\n"
    "Classified By: Derived from Multiple Sources\n\n1. (S/NF) Text.\n",
    "09ABUDHABI862", "AMEMBASSY ABU DHABI", "SECRET//NOFORN", "SCENESETTER", "PREL AE",
    "SECSTATE WASHDC", "", "", "", "Derived from Multiple Sources" },
  { "R 021439Z DEC 08\nFM AMEMBASSY BERN\n\nUNCLAS E F T O SECTION 01 OF 02 BERN 000612\n\n"
    "SUBJECT: NOTHING ELSE\n\nClassified By: POLITICAL MINISTER-COUNSELOR CHARLES V. BARCLAY,\n"
    "REASONS: 1.4(B/D).\n\nBody without numbers.\n",
    "08BERN612", "AMEMBASSY BERN", "UNCLASSIFIED", "NOTHING ELSE", "", "", "", "", "",
    "CHARLES V. BARCLAY" },
};

#define CHECK_FIELD(name, got, want)                                                        \
  ck_assert_msg (g_strcmp0 (got, want) == 0, "case %d: %s is \"%s\", expected \"%s\"", _i,  \
                 name, got, want)

START_TEST (test_fields)
{
  const FieldCase *c = &FIELDS[_i];
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDoc) doc = from_string ("fields.txt", c->text, strlen (c->text), &error);
  ck_assert_ptr_nonnull (doc);
  ASSERT_INVARIANTS (doc);
  const EgDocMeta *m = &doc->meta;
  ck_assert_int_eq (doc->kind, EG_DOC_CABLE);
  CHECK_FIELD ("id", m->id, c->id);
  CHECK_FIELD ("origin", m->origin, c->origin);
  CHECK_FIELD ("classification", m->classification, c->classification);
  CHECK_FIELD ("subject", m->subject, c->subject);
  CHECK_FIELD ("classified_by", m->classified_by, c->classified_by);
  g_autofree char *tags = join (m->tags), *to = join (m->recipients),
                  *info = join (m->info_recipients), *signers = join (m->signers),
                  *refs = join (m->references);
  CHECK_FIELD ("tags", tags, c->tags);
  CHECK_FIELD ("recipients", to, c->to);
  CHECK_FIELD ("info_recipients", info, c->info);
  CHECK_FIELD ("signers", signers, c->signers);
  CHECK_FIELD ("references", refs, c->refs);
  ck_assert_msg (!text_contains (doc, "Classified") && !text_contains (doc, "REF")
                 && !text_contains (doc, "TAGS") && !text_contains (doc, "SIPDIS"),
                 "case %d: header lines are gaps", _i);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* Plain text, HTML                                                                       */

START_TEST (test_plain)
{
  g_autoptr (EgDoc) doc = load_data ("docs/plain.txt");
  ASSERT_INVARIANTS (doc);
  ck_assert_int_eq (doc->kind, EG_DOC_PLAIN);
  ck_assert_ptr_null (doc->meta.id);
  ck_assert_ptr_null (doc->meta.subject);
  ck_assert_str_eq (eg_doc_name (doc), "plain");
  ck_assert_uint_eq (doc->windows->len, 3);
  for (guint i = 0; i < 3; i++)
    {
      ck_assert_int_eq (win (doc, i)->kind, EG_WINDOW_PARAGRAPH);
      ck_assert_uint_eq (win (doc, i)->number, i + 1);
    }
}
END_TEST

/* Sentences of docs/plain.txt, in order: abbreviations, initials, closing quotes and
 * brackets. */
static const char *const PLAIN_SENTENCES[] = {
  "Notes on the visit of Felipe C. Calderon to Washington",
  "Mr. Calderon met the U.S. Secretary of State on Jan. 5 at 10 a.m. in the\nDepartment.",
  "He said the talks went well.",
  "Did they?",
  "Yes!",
  "Officials from the\nU.N. attended, e.g. Dr. Smith and Gen. Jones.",
  "\"We agreed,\" he said.",
  "(The meeting ended early.)",
  "The next round is planned\nfor Sept. 12, etc. and No. 4 was left open.",
};

START_TEST (test_sentences)
{
  g_autoptr (EgDoc) doc = load_data ("docs/plain.txt");
  ck_assert_uint_eq (doc->sentences->len, G_N_ELEMENTS (PLAIN_SENTENCES));
  g_autofree char *got = span_str (doc, g_array_index (doc->sentences, EgSpan, _i));
  ck_assert_msg (strcmp (got, PLAIN_SENTENCES[_i]) == 0, "sentence %d is \"%s\", expected \"%s\"",
                 _i, got, PLAIN_SENTENCES[_i]);
}
END_TEST

/* A sentence with no stop ends at its last byte that is not a space, whatever the spaces
 * after it and wherever they fall against the eight bytes the splitter takes at once. */
START_TEST (test_sentence_trailing_spaces)
{
  for (guint lead = 0; lead < 9; lead++)
    for (guint spaces = 1; spaces < 13; spaces++)
      {
        g_autofree char *text = g_strdup_printf ("%.*sNotes on the visit to Washington%*s\n\n"
                                                 "He said the talks went well.%*s\n",
                                                 (int) lead, "xxxxxxxxx", (int) spaces, "",
                                                 (int) spaces, "");
        g_autoptr (GError) error = NULL;
        g_autoptr (EgDoc) doc = from_string ("spaces.txt", text, strlen (text), &error);
        ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
        ASSERT_INVARIANTS (doc);
        ck_assert_uint_eq (doc->sentences->len, 2);
        g_autofree char *first = span_str (doc, g_array_index (doc->sentences, EgSpan, 0));
        g_autofree char *want = g_strdup_printf ("%.*sNotes on the visit to Washington",
                                                 (int) lead, "xxxxxxxxx");
        ck_assert_msg (strcmp (first, want) == 0, "lead %u, %u spaces: \"%s\"", lead, spaces,
                       first);
      }
}
END_TEST

START_TEST (test_html)
{
  g_autoptr (EgDoc) doc = load_data ("docs/page.html");
  ASSERT_INVARIANTS (doc);
  ck_assert_int_eq (doc->kind, EG_DOC_HTML);
  static const char *const banned[] = { "<", ">", "not text", "color", "font-weight",
                                        "comment about Bassett", "DOCTYPE" };
  for (gsize i = 0; i < G_N_ELEMENTS (banned); i++)
    ck_assert_msg (!text_contains (doc, banned[i]), "no HTML text span holds \"%s\"", banned[i]);
  static const char *const windows[] = { "Embassy notes", "Meeting in Mexico City", NULL,
                                         "Second block", "Third block", "First item",
                                         "Second item" };
  ck_assert_uint_eq (doc->windows->len, G_N_ELEMENTS (windows));
  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    {
      g_autofree char *t = span_str (doc, win (doc, i)->span);
      if (windows[i])
        ck_assert_str_eq (t, windows[i]);
      else
        ck_assert_msg (g_str_has_prefix (t, "The Ambassador met <b>Felipe Calderon</b>")
                       && g_str_has_suffix (t, "security &amp; trade."),
                       "a <p> with inline tags is one window, got \"%s\"", t);
    }
  ck_assert_msg (text_contains (doc, "Felipe Calderon"), "inline tags split text, not words");
  guint w = eg_doc_window_at (doc, win (doc, 2)->span.start);
  guint first = G_MAXUINT, n = 0;
  for (guint i = 0; i < doc->sentences->len; i++)
    if (eg_doc_window_at (doc, g_array_index (doc->sentences, EgSpan, i).start) == w)
      {
        first = first == G_MAXUINT ? i : first;
        n++;
      }
  ck_assert_uint_eq (n, 2);
}
END_TEST

START_TEST (test_html_cable)
{
  g_autoptr (EgDoc) doc = load_data ("docs/cable.html");
  ASSERT_INVARIANTS (doc);
  ck_assert_int_eq (doc->kind, EG_DOC_HTML);
  ck_assert_str_eq (doc->meta.id, "06MEXICO4964");
  ck_assert_str_eq (doc->meta.date, "2006-09-01T20:04Z");
  ck_assert_str_eq (doc->meta.subject,
                    "MEXICAN GOVERNMENT HELD TIP MEETING WITH CIVIL SOCIETY ORGANIZATIONS");
  g_autofree char *signers = join (doc->meta.signers);
  ck_assert_str_eq (signers, "BASSETT");
  ck_assert_uint_eq (doc->windows->len, 3);
  ck_assert_uint_eq (win (doc, 1)->number, 1);
  ck_assert_uint_eq (win (doc, 2)->number, 2);
  g_autofree char *p1 = span_str (doc, win (doc, 1)->span);
  ck_assert_msg (g_str_has_prefix (p1, "On August 30"), "paragraph 1 starts after its link "
                 "and marking, got \"%.20s\"", p1);
  static const char *const banned[] = { "<", ">", "Cable Viewer", "Viewing cable", "&para;",
                                        "SIPDIS", "BASSETT" };
  for (gsize i = 0; i < G_N_ELEMENTS (banned); i++)
    ck_assert_msg (!text_contains (doc, banned[i]), "no text span holds \"%s\"", banned[i]);
  ck_assert_msg (text_contains (doc, "well-attended"), "text inside inline tags is text");
}
END_TEST

START_TEST (test_not_html)
{
  g_autoptr (EgDoc) doc = load_data ("docs/not-html.txt");
  ASSERT_INVARIANTS (doc);
  ck_assert_int_eq (doc->kind, EG_DOC_PLAIN);
  ck_assert_uint_eq (doc->windows->len, 2);
  ck_assert_msg (text_contains (doc, "<not a tag>"), "a '<' in plain text is text");
  ck_assert_uint_eq (doc->sentences->len, 3);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* Encodings: CRLF, BOM, invalid UTF-8                                                    */

/* The seed rewritten with CRLF line ends and/or a BOM: the same fields and windows. */
static void
check_variant (gboolean crlf, gboolean bom)
{
  gsize len;
  g_autofree char *seed = read_data ("seed-scoop.txt", &len);
  GString *g = g_string_new (bom ? "\xef\xbb\xbf" : "");
  for (gsize i = 0; i < len; i++)
    {
      if (crlf && seed[i] == '\n')
        g_string_append_c (g, '\r');
      g_string_append_c (g, seed[i]);
    }
  g_autofree char *dir = tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "seed-variant.txt", NULL);
  ck_assert (g_file_set_contents (path, g->str, (gssize) g->len, NULL));
  g_string_free (g, TRUE);
  g_autoptr (EgDoc) doc = load_ok (path);
  g_autoptr (EgDoc) ref = load_data ("seed-scoop.txt");
  ASSERT_INVARIANTS (doc);
  ck_assert_int_eq (doc->kind, EG_DOC_NEWS_COPY);
  ck_assert_str_eq (doc->meta.id, ref->meta.id);
  ck_assert_str_eq (doc->meta.date, ref->meta.date);
  ck_assert_str_eq (doc->meta.subject, ref->meta.subject);
  ck_assert_str_eq (doc->meta.origin, ref->meta.origin);
  g_autofree char *signers = join (doc->meta.signers);
  ck_assert_str_eq (signers, "BASSETT");
  ck_assert_uint_eq (doc->windows->len, ref->windows->len);
  ck_assert_uint_eq (doc->sentences->len, ref->sentences->len);
  for (guint i = 0; i < doc->windows->len; i++)
    ck_assert_uint_eq (win (doc, i)->number, win (ref, i)->number);
  for (guint i = 0; i < doc->text->len; i++)
    {
      EgSpan sp = g_array_index (doc->text, EgSpan, i);
      ck_assert_msg (doc->data[sp.end - 1] != '\r' && doc->data[sp.start] != '\r',
                     "text span %u neither starts nor ends with CR", i);
      if (bom)
        ck_assert_uint_ge (sp.start, 3);
    }
  ck_assert_uint_eq (doc->n_invalid_utf8, 0);
  rm_rf (dir);
}

START_TEST (test_crlf)
{
  check_variant (TRUE, FALSE);
}
END_TEST

START_TEST (test_bom)
{
  check_variant (FALSE, TRUE);
  check_variant (TRUE, TRUE);
}
END_TEST

START_TEST (test_invalid_utf8)
{
  static const char text[] = "Caf\xe9 in Mexico.\n\nThe Minister \xff\xfe met Mr. Smith. It went "
                             "well.\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDoc) doc = from_string ("latin1.txt", text, sizeof text - 1, &error);
  ck_assert_ptr_nonnull (doc);
  ASSERT_INVARIANTS (doc);
  ck_assert_int_eq (doc->kind, EG_DOC_PLAIN);
  ck_assert_uint_eq (doc->n_invalid_utf8, 3);
  ck_assert_uint_eq (doc->first_invalid_utf8, 3);
  ck_assert_uint_eq (doc->windows->len, 2);
  ck_assert_uint_eq (doc->sentences->len, 3);
}
END_TEST

/* Invalid bytes as g_utf8_validate_len() finds them, one after the other: the count the
 * reader must give, whatever path it takes through ASCII. */
static void
reference_invalid (const char *data, gsize len, guint *n, gsize *first)
{
  const char *p = data, *end = data + len;
  *n = 0;
  *first = 0;
  while (p < end)
    {
      const char *stop;
      if (g_utf8_validate_len (p, (gsize) (end - p), &stop))
        break;
      if (*n == 0)
        *first = (gsize) (stop - data);
      (*n)++;
      p = stop + 1;
    }
}

START_TEST (test_invalid_utf8_mixed)
{
  /* Invalid bytes after ASCII runs of every length around eight, at the end, cut short,
   * surrogates, overlong forms, beyond U+10FFFF, beside valid two-, three- and four-byte
   * characters. */
  static const char *const pieces[] = {
    "a", "abcdefg", "abcdefgh", "abcdefghi", "The Embassy met the Minister. ",
    "\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x98\x80", "\x80", "\xff", "\xc3", "\xe2\x80",
    "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "\n",
  };
  GRand *rand = g_rand_new_with_seed (6);
  for (guint round = 0; round < 400; round++)
    {
      GString *s = g_string_new ("x"); /* never only white space */
      guint n_pieces = (guint) g_rand_int_range (rand, 1, 40);
      for (guint i = 0; i < n_pieces; i++)
        g_string_append (s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      guint want;
      gsize want_first;
      reference_invalid (s->str, s->len, &want, &want_first);
      g_autoptr (GError) error = NULL;
      g_autoptr (EgDoc) doc = from_string ("mixed.txt", s->str, s->len, &error);
      ck_assert_msg (doc != NULL, "round %u loads: %s", round, error ? error->message : "");
      ck_assert_msg (doc->n_invalid_utf8 == want, "round %u: %u invalid, GLib says %u", round,
                     doc->n_invalid_utf8, want);
      if (want > 0)
        ck_assert_uint_eq (doc->first_invalid_utf8, want_first);
      g_string_free (s, TRUE);
    }
  g_rand_free (rand);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* Hostile files                                                                          */

typedef struct {
  const char *name;
  const char *bytes;
  gsize len;
  int code;            /* expected EgError, or -1 for "loads" */
  const char *message; /* a piece of the message */
} HostileCase;

#define B(lit) lit, sizeof (lit) - 1

static const HostileCase HOSTILE[] = {
  { "empty.txt", B (""), EG_ERROR_EMPTY, "empty" },
  { "spaces.txt", B ("   \n\t \r\n  \n"), EG_ERROR_EMPTY, "white space" },
  { "bom-only.txt", B ("\xef\xbb\xbf \n"), EG_ERROR_EMPTY, "white space" },
  { "nul.txt", B ("UNCLAS MEXICO 004964\n\0rest"), EG_ERROR_BINARY, "offset 21" },
  { "truncated-header.txt",
    B ("VZCZCXRO3243\nRR RUEHCD RUEHGD\nDE RUEHME #4964 2442004\nZNR UUUUU ZZH\n"
       "R 012004Z SEP 06\nFM AMEMBASSY MEXICO\nTO RUEHC/SECST"), -1, NULL },
  { "truncated-subject.txt",
    B ("R 012004Z SEP 06\nFM AMEMBASSY MEXICO\nTO RUEHC/SECSTATE WASHDC 2999\n\n"
       "UNCLAS MEXICO 004964\n\nTAGS: PHUM\nSUBJECT: MEXICAN GOVERNMENT HELD"), -1, NULL },
  { "only-markers.txt", B ("VZCZC\n1.\n2.\n\xc2\xb6" "3.\n1. (C)\n"), -1, NULL },
  { "lone-cr.txt", B ("First line\rsecond part.\r\rThird."), -1, NULL },
  { "tags.html", B ("<p><p><p><p><a <b <<<< text"), -1, NULL },
  { "deep-header.txt", B ("VZCZC\nFM X\nTO A\nB\nC\nD\nUNCLAS X 000001\nSUBJECT: \xc2\xb6\n\xc2\xb6"), -1, NULL },
};

START_TEST (test_hostile)
{
  const HostileCase *c = &HOSTILE[_i];
  g_autofree char *dir = tmp_dir ();
  g_autofree char *path = g_build_filename (dir, c->name, NULL);
  ck_assert (g_file_set_contents (path, c->bytes, (gssize) c->len, NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDoc) doc = eg_doc_load (path, &error);
  if (c->code < 0)
    {
      ck_assert_msg (doc != NULL, "%s loads, got: %s", c->name, error ? error->message : "?");
      ASSERT_INVARIANTS (doc);
    }
  else
    {
      ck_assert_msg (doc == NULL, "%s is refused", c->name);
      ck_assert_msg (g_error_matches (error, EG_ERROR, c->code), "%s: error code %d, expected %d",
                     c->name, error ? error->code : -1, c->code);
      ck_assert_msg (g_str_has_prefix (error->message, path), "the message starts with the "
                     "path: %s", error->message);
      ck_assert_msg (strstr (error->message, c->message), "the message says \"%s\": %s",
                     c->message, error->message);
    }
  /* the same bytes from memory behave the same */
  g_autoptr (GError) error2 = NULL;
  g_autoptr (EgDoc) doc2 = from_string (c->name, c->bytes, c->len, &error2);
  ck_assert_int_eq (doc2 != NULL, doc != NULL);
  rm_rf (dir);
}
END_TEST

START_TEST (test_hostile_fields)
{
  /* a header cut in the middle of the TO line: what is there is read, nothing invented */
  const HostileCase *c = &HOSTILE[4];
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDoc) doc = from_string (c->name, c->bytes, c->len, &error);
  ck_assert_ptr_nonnull (doc);
  ck_assert_int_eq (doc->kind, EG_DOC_CABLE);
  ck_assert_str_eq (doc->meta.date, "2006-09-01T20:04Z");
  ck_assert_str_eq (doc->meta.origin, "AMEMBASSY MEXICO");
  ck_assert_ptr_null (doc->meta.id);
  ck_assert_ptr_null (doc->meta.subject);
  ck_assert_uint_eq (doc->windows->len, 0);
  ck_assert_str_eq (eg_doc_name (doc), "truncated-header");

  const HostileCase *s = &HOSTILE[5];
  g_autoptr (EgDoc) doc2 = from_string (s->name, s->bytes, s->len, &error);
  ck_assert_ptr_nonnull (doc2);
  ck_assert_str_eq (doc2->meta.id, "06MEXICO4964");
  ck_assert_str_eq (doc2->meta.subject, "MEXICAN GOVERNMENT HELD");
  ck_assert_uint_eq (doc2->windows->len, 1);
}
END_TEST

START_TEST (test_io_errors)
{
  g_autofree char *dir = tmp_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.txt", NULL);
  g_autoptr (GError) error = NULL;
  EgDoc *doc = eg_doc_load (missing, &error);
  ck_assert_ptr_null (doc);
  ck_assert (g_error_matches (error, EG_ERROR, EG_ERROR_IO));
  ck_assert_msg (g_str_has_prefix (error->message, missing), "message starts with the path");
  ck_assert_msg (strstr (error->message, g_strerror (ENOENT)), "message says why: %s",
                 error->message);
  g_clear_error (&error);
  doc = eg_doc_load (dir, &error);
  ck_assert_ptr_null (doc);
  ck_assert (g_error_matches (error, EG_ERROR, EG_ERROR_IO));
  ck_assert_msg (g_str_has_prefix (error->message, dir), "message starts with the path");
  rm_rf (dir);
}
END_TEST

/* A document read from a descriptor (as the command line's workers read the files it
 * opened ahead) is the document read by path, errors too, and the descriptor is closed. */
START_TEST (test_load_fd)
{
  g_autofree char *path = eg_test_data ("seed-scoop.txt");
  g_autoptr (EgDoc) by_path = load_ok (path);
  int fd = open (path, O_RDONLY);
  ck_assert_int_ge (fd, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDoc) by_fd = eg_doc_load_fd (path, fd, &error);
  ck_assert_msg (by_fd != NULL, "%s", error ? error->message : "?");
  ck_assert_msg (fcntl (fd, F_GETFD) == -1 && errno == EBADF, "the descriptor is closed");
  ck_assert_uint_eq (by_fd->len, by_path->len);
  ck_assert (memcmp (by_fd->data, by_path->data, by_path->len) == 0);
  ck_assert_str_eq (by_fd->meta.id, by_path->meta.id);
  ck_assert_uint_eq (by_fd->sentences->len, by_path->sentences->len);
  ck_assert_uint_eq (by_fd->windows->len, by_path->windows->len);

  g_autofree char *dir = tmp_dir ();
  fd = open (dir, O_RDONLY);
  ck_assert_int_ge (fd, 0);
  ck_assert_ptr_null (eg_doc_load_fd (dir, fd, &error));
  ck_assert (g_error_matches (error, EG_ERROR, EG_ERROR_IO));
  ck_assert_msg (g_str_has_prefix (error->message, dir), "message starts with the path");
  ck_assert_msg (fcntl (fd, F_GETFD) == -1 && errno == EBADF, "closed after an error too");
  rm_rf (dir);
}
END_TEST

START_TEST (test_large_line)
{
  /* 50 MB without a line break, written at test time: read in linear time */
  static const char unit[] = "The U.S. Embassy met Mr. Smith and Felipe C. Calderon. ";
  const gsize n_units = (50u << 20) / (sizeof unit - 1);
  g_autofree char *dir = tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "large.txt", NULL);
  FILE *f = fopen (path, "wb");
  ck_assert_ptr_nonnull (f);
  for (gsize i = 0; i < n_units; i++)
    fwrite (unit, 1, sizeof unit - 1, f);
  ck_assert_int_eq (fclose (f), 0);
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (EgDoc) doc = load_ok (path);
  double secs = (double) (g_get_monotonic_time () - t0) / 1e6;
  ck_assert_int_eq (doc->kind, EG_DOC_PLAIN);
  ck_assert_uint_eq (doc->windows->len, 1);
  ck_assert_uint_eq (doc->text->len, 1);
  ck_assert_uint_eq (doc->sentences->len, n_units);
  ck_assert_msg (secs < 60.0, "a 50 MB line is read in linear time (took %.1f s)", secs);
  fprintf (stderr, "# 50 MB single line read in %.2f s\n", secs);
  rm_rf (dir);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* A dump of many cables                                                                  */

/* The documents of @src as the command line's workers find them, each taking the
 * documents that begin in its part of @part bytes: their starts. */
static GArray *
starts_by_parts (const EgSource *src, gsize part)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize len = eg_source_len (src);
  for (gsize from = 0; from < len; from += part)
    {
      gsize s = eg_source_start_in (src, from, from + part);
      if (from > 0 && s >= MIN (len, from + part))
        continue;
      for (;;)
        {
          g_array_append_val (out, s);
          s = eg_source_next (src, s);
          if (s >= len || s >= from + part)
            break;
        }
    }
  return out;
}

static EgSource *
source_of (const char *text)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));
  return eg_source_new_from_bytes ("dump.txt", bytes);
}

#define TELEGRAM(serial, section, body)                                                       \
  "VZCZCXRO" serial "\nRR RUEHFR\nDE RUEHFR #" serial "/0" section " 0591143\nZNR UUUUU ZZH\n" \
  "R 281143Z FEB 06\nFM AMEMBASSY PARIS\nTO RUEHC/SECSTATE WASHDC 4616\nBT\n"                  \
  "UNCLAS SECTION 0" section " OF 02 PARIS 00" serial "\n\nSIPDIS\n\nE.O. 12958: N/A\n"        \
  "TAGS: PREL FR\nSUBJECT: TALKS " serial "\n\n1. " body "\n\nSTAPLETON\n"
#define RECORD_OPENS "This record is a partial extract of the original cable. The full text of " \
                     "the original cable is not available.\n"

/* A dump: an e-mail's lines, a telegram in two sections, a record that quotes its own
 * cable in its "header:" field, a record whose database row comes before its second copy,
 * telegrams with routing and without, one of them after its action and info lines. Each
 * cable is one document, wherever the parts fall. */
START_TEST (test_source_dump)
{
  const char *parts[] = {
    "Sent: Monday, February 18, 2008\nSubject: cables\n\n",
    TELEGRAM ("1236", "1", "The Minister of Foreign Affairs met the Ambassador.")
    TELEGRAM ("1236", "2", "The Ambassador met the Prime Minister."),
    RECORD_OPENS "\nid: 24456\nrefid: 04ANKARA7106\nheader:\n" RECORD_OPENS
    "\n---- header ends ----\n\nS E C R E T ANKARA 007106\n\nSUBJECT: A GLIMPSE\n\n"
    "1. (S) The contact met the Jandarma.\n",
    RECORD_OPENS "\nTAGS: PGOV TI\nSUBJECT: A LEADER\n"
    "46151\t11/28/2005 7:02\t05DUSHANBE1870\tEmbassy Dushanbe\tCONFIDENTIAL\t\n\n" RECORD_OPENS
    "\nC O N F I D E N T I A L DUSHANBE 001870\n\n1. (C) Kabiri met the Ambassador.\n",
    TELEGRAM ("1237", "1", "The Embassy met the Ministry of Defense."),
    /* a telegram without routing opens with its date-time group, which its pages repeat */
    "O 030503Z NOV 07\nFM SECSTATE WASHDC\nTO ALL DIPLOMATIC POSTS\n\nUNCLAS STATE 000002\n\n"
    "SUBJECT: FOUR\n\n1. The Secretary met the Minister.\n\n"
    "-------------------CF2A6B  231627Z /38\nO 030503Z NOV 07\nFM SECSTATE WASHDC\n\n"
    "2. Page two.\n",
    /* ... but not after an old telegram's action and info lines: this one, opening with
     * them, goes with the cable before */
    "INFO  LOG-00   EEB-00   AF-00\n      /001W\nR 040000Z NOV 07\nFM AMEMBASSY ROME\n\n"
    "1. Text.\n",
    TELEGRAM ("1238", "1", "No one met anyone."),
    "P 050000Z NOV 07\nFM AMEMBASSY ROME\n\n1. The last.\n",
  };
  /* the parts that do not begin a document of their own */
  const gboolean goes_before[G_N_ELEMENTS (parts)] = { [1] = TRUE, [6] = TRUE };
  /* documents begin at the parts' starts, the e-mail's lines going with the first */
  GString *dump = g_string_new (parts[0]);
  g_autoptr (GArray) want = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize zero = 0;
  g_array_append_val (want, zero);
  for (guint i = 1; i < G_N_ELEMENTS (parts); i++)
    {
      if (!goes_before[i])
        g_array_append_val (want, dump->len);
      g_string_append (dump, parts[i]);
    }
  g_autoptr (EgSource) src = source_of (dump->str);
  ck_assert_uint_eq (eg_source_len (src), dump->len);
  const gsize sizes[] = { 1, 2, 7, 64, 333, 4096, G_MAXSIZE / 2 };
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      g_autoptr (GArray) got = starts_by_parts (src, sizes[k]);
      ck_assert_msg (got->len == want->len, "parts of %zu: %u documents, not %u", sizes[k],
                     got->len, want->len);
      for (guint i = 0; i < got->len; i++)
        ck_assert_msg (g_array_index (got, gsize, i) == g_array_index (want, gsize, i),
                       "parts of %zu: document %u begins at %zu, not %zu", sizes[k], i,
                       g_array_index (got, gsize, i), g_array_index (want, gsize, i));
    }
  /* each is read as the cable it is, at its place in the dump */
  for (guint i = 0; i < want->len; i++)
    {
      gsize s = g_array_index (want, gsize, i), e = eg_source_next (src, s);
      g_autoptr (GError) error = NULL;
      g_autoptr (EgDoc) doc = eg_source_read (src, s, e, &error);
      ck_assert_msg (doc != NULL, "%s", error ? error->message : "?");
      ck_assert_uint_eq (doc->base, s);
      ck_assert_uint_eq (doc->len, e - s);
      ck_assert (memcmp (doc->data, dump->str + s, e - s) == 0);
      ck_assert_int_eq (doc->kind, EG_DOC_CABLE);
      ASSERT_INVARIANTS (doc);
      if (doc->meta.id == NULL)
        {
          g_autofree char *name = g_strdup_printf ("dump@%zu", s);
          ck_assert_str_eq (eg_doc_name (doc), name);
        }
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDoc) first = eg_source_read (src, 0, eg_source_next (src, 0), &error);
  ck_assert_str_eq (first->meta.id, "06PARIS1236");
  g_string_free (dump, TRUE);
}
END_TEST

/* What is not a dump stays one document: a lone cable with an e-mail's lines before it,
 * HTML, a text whose first MiB holds no telegram. An opener on the last line, without a
 * line break, is a document (of nothing but it). An empty source is still read (and
 * refused) once. */
START_TEST (test_source_single)
{
  const char *one[] = {
    "Cable Text:\n" TELEGRAM ("1236", "1", "The Minister met the Ambassador."),
    "<html><body><pre>\n" TELEGRAM ("1236", "1", "One.") TELEGRAM ("1237", "1", "Two.")
    "</pre></body></html>\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS (one); i++)
    {
      g_autoptr (EgSource) src = source_of (one[i]);
      ck_assert_msg (eg_source_next (src, 0) == eg_source_len (src), "input %u is one document", i);
      ck_assert_uint_eq (eg_source_start_in (src, 1, G_MAXSIZE), eg_source_len (src));
    }
  GString *late = g_string_new (NULL);
  while (late->len < (1u << 20))
    g_string_append (late, "A line of notes, and no cable yet.\n");
  g_string_append (late, TELEGRAM ("1236", "1", "One.") TELEGRAM ("1237", "1", "Two."));
  g_autoptr (EgSource) src = source_of (late->str);
  ck_assert_uint_eq (eg_source_next (src, 0), late->len);
  g_string_free (late, TRUE);
  /* with two, the second begins a document */
  g_autoptr (EgSource) two = source_of ("Notes\n" TELEGRAM ("1236", "1", "One.")
                                        TELEGRAM ("1237", "1", "Two."));
  ck_assert_uint_lt (eg_source_next (two, 0), eg_source_len (two));
  const char *cut = "Notes\n" TELEGRAM ("1236", "1", "One.") "VZCZC";
  g_autoptr (EgSource) last = source_of (cut);
  ck_assert_uint_eq (eg_source_next (last, 0), strlen (cut) - 5);
  ck_assert_uint_eq (eg_source_next (last, strlen (cut) - 5), strlen (cut));
  g_autoptr (GError) cut_error = NULL;
  g_autoptr (EgDoc) tail = eg_source_read (last, strlen (cut) - 5, strlen (cut), &cut_error);
  ck_assert_ptr_nonnull (tail);
  g_autofree char *tail_name = g_strdup_printf ("dump@%zu", strlen (cut) - 5);
  ck_assert_str_eq (eg_doc_name (tail), tail_name);
  g_autoptr (GBytes) none = g_bytes_new (NULL, 0);
  g_autoptr (EgSource) empty = eg_source_new_from_bytes ("empty.txt", none);
  ck_assert_uint_eq (eg_source_next (empty, 0), 0);
  g_autoptr (GError) error = NULL;
  ck_assert_ptr_null (eg_source_read (empty, 0, 0, &error));
  ck_assert (g_error_matches (error, EG_ERROR, EG_ERROR_EMPTY));
}
END_TEST

/* @text written to a file and opened as a source (chunks are cut in files only). */
static EgSource *
file_source (const char *dir, const char *name, const char *text, gsize len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  ck_assert (g_file_set_contents (path, text, (gssize) len, NULL));
  g_autoptr (GError) error = NULL;
  EgSource *src = eg_source_open (path, -1, &error);
  ck_assert_msg (src != NULL, "%s opens", name);
  return src;
}

/* The documents' starts as the command line reads @text from standard input (its
 * pipeline.c: parts cut at the first document that begins past 4 MiB, 1 MiB read ahead),
 * each part a source of its own, placed at its origin. */
static GArray *
starts_by_stream (const char *text, gsize len)
{
  const gsize part = 4u << 20, ahead = 1u << 20;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gsize));
  gboolean chunked = FALSE;
  for (gsize at = 0, want = part + ahead; at < len; want = part + ahead)
    {
      gsize cut;
      for (;;)
        {
          gsize have = MIN (want, len - at);
          if (at + have >= len)
            {
              cut = have;
              break;
            }
          g_autoptr (GBytes) view = g_bytes_new_static (text + at, have);
          g_autoptr (EgSource) src = at == 0 ? eg_source_new_from_bytes ("-", view)
                                             : eg_source_new_part ("-", view, at, chunked);
          if (at == 0)
            chunked = eg_source_chunked (src);
          cut = eg_source_start_in (src, part, have - ahead);
          if (cut < have - ahead)
            break;
          want *= 2;
        }
      g_autoptr (GBytes) bytes = g_bytes_new_static (text + at, cut);
      g_autoptr (EgSource) src = at == 0 && cut == len ? eg_source_new_from_bytes ("-", bytes)
                                                       : eg_source_new_part ("-", bytes, at, chunked);
      for (gsize s = eg_source_start_in (src, 0, G_MAXSIZE); s < cut; s = eg_source_next (src, s))
        {
          gsize abs = at + s;
          g_array_append_val (out, abs);
        }
      at += cut;
    }
  return out;
}

/* The paragraph windows of @src's documents, as offsets in the input: (start, end) pairs. */
static GArray *
windows_of (const EgSource *src, const GArray *starts)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (guint i = 0; i < starts->len; i++)
    {
      gsize s = g_array_index (starts, gsize, i);
      gsize e = i + 1 < starts->len ? g_array_index (starts, gsize, i + 1) : eg_source_len (src);
      g_autoptr (GError) error = NULL;
      g_autoptr (EgDoc) doc = eg_source_read (src, s, e, &error);
      ck_assert_ptr_nonnull (doc);
      for (guint w = 0; w < doc->windows->len; w++)
        {
          const EgWindow *win = &g_array_index (doc->windows, EgWindow, w);
          gsize ws = doc->base + win->span.start, we = doc->base + win->span.end;
          g_array_append_val (out, ws);
          g_array_append_val (out, we);
        }
    }
  return out;
}

/* The corpus' cable files (.txt) in the folder's order, with *@dir its folder; NULL, a
 * skip noted, without the corpus. */
static GPtrArray *
corpus_names (char **dir)
{
  *dir = eg_test_shared ("corpus/cables");
  if (*dir == NULL)
    {
      fprintf (stderr, "# skipped: corpus not found (EG_SHARED)\n");
      return NULL;
    }
  GDir *d = g_dir_open (*dir, 0, NULL);
  ck_assert_ptr_nonnull (d);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  return names;
}

/* Two reads of @path, full and lean: what the lean one leaves out is empty, the rest
 * equal. Returns how many of the left-out fields the full read had. */
static guint
compare_lean (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EgSource) src = eg_source_open (path, -1, &error);
  ck_assert_msg (src != NULL, "%s: %s", path, error ? error->message : "?");
  g_autoptr (EgDoc) full = eg_source_read (src, 0, eg_source_next (src, 0), &error);
  eg_source_set_lean (src, TRUE);
  g_autoptr (EgDoc) lean = eg_source_read (src, 0, eg_source_next (src, 0), &error);
  ck_assert (full != NULL && lean != NULL);
  const EgDocMeta *f = &full->meta, *l = &lean->meta;
  ck_assert_uint_eq (l->recipients->len, 0);
  ck_assert_uint_eq (l->info_recipients->len, 0);
  ck_assert_uint_eq (l->references->len, 0);
  ck_assert_ptr_null (l->classified_by);
  const char *const fs[][2] = { { f->id, l->id }, { f->date, l->date }, { f->origin, l->origin },
                                { f->classification, l->classification },
                                { f->subject, l->subject } };
  for (guint i = 0; i < G_N_ELEMENTS (fs); i++)
    ck_assert_msg (g_strcmp0 (fs[i][0], fs[i][1]) == 0, "%s: field %u %s != %s", path, i,
                   fs[i][0], fs[i][1]);
  const GPtrArray *lists[][2] = { { f->tags, l->tags }, { f->signers, l->signers } };
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      ck_assert_uint_eq (lists[i][0]->len, lists[i][1]->len);
      for (guint k = 0; k < lists[i][0]->len; k++)
        ck_assert_str_eq (g_ptr_array_index (lists[i][0], k), g_ptr_array_index (lists[i][1], k));
    }
  ck_assert_int_eq (full->kind, lean->kind);
  const GArray *arrays[][2] = { { full->text, lean->text }, { full->windows, lean->windows },
                                { full->sentences, lean->sentences } };
  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    {
      ck_assert_uint_eq (arrays[i][0]->len, arrays[i][1]->len);
      ck_assert (memcmp (arrays[i][0]->data, arrays[i][1]->data,
                         arrays[i][0]->len * g_array_get_element_size ((GArray *) arrays[i][0])) == 0);
    }
  return (f->recipients->len > 0) + (f->info_recipients->len > 0) + (f->references->len > 0)
         + (f->classified_by != NULL);
}

/* A lean source (eg_source_set_lean()) leaves out the addressees, the cited cables and the
 * classifier's name, and reads everything else as a full one does: the seed, and the
 * corpus when present. */
START_TEST (test_source_lean)
{
  g_autofree char *seed = eg_test_data ("seed-scoop.txt");
  ck_assert_uint_eq (compare_lean (seed), 2); /* its TO and INFO lines */
  g_autofree char *dir = NULL;
  g_autoptr (GPtrArray) names = corpus_names (&dir);
  if (!names)
    return;
  guint n = 0, had = 0;
  for (; n < names->len && n < 500; n++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, n), NULL);
      had += compare_lean (path);
    }
  ck_assert_uint_eq (n, 500);
  ck_assert_msg (had > n, "the full reads had the left-out fields (%u in %u cables)", had, n);
}
END_TEST

/* A large text that opens no cable is read in chunks of about 4 MiB, each beginning where
 * a paragraph does: the same starts wherever the parts fall and from standard input, in
 * order, every one a paragraph's first byte, and the paragraphs those of the text read as
 * one document. Without blank lines a chunk begins at a line; without line breaks, HTML,
 * a NUL byte or a cable it stays one document, as does a text of a chunk or less. */
START_TEST (test_source_chunks)
{
  g_autofree char *dir = tmp_dir ();
  static const char para[] = "The Minister of Foreign Affairs met the Ambassador of Mexico "
                             "and the Secretariat of Foreign Relations.\nThe talks went on.\n";
  GString *text = g_string_new (NULL);
  for (guint i = 0; text->len < (13u << 20); i++)
    {
      g_string_append (text, para);
      g_string_append (text, i % 3 ? "\n" : " \t\n"); /* blank lines, some with spaces */
    }
  g_autoptr (EgSource) src = file_source (dir, "plain.txt", text->str, text->len);
  gsize len = eg_source_len (src);
  g_autoptr (GArray) whole = starts_by_parts (src, len);
  ck_assert_uint_eq (whole->len, 4); /* 0, past 4, 8 and 12 MiB */
  for (guint i = 1; i < whole->len; i++)
    {
      gsize at = g_array_index (whole, gsize, i);
      ck_assert_msg (at >= i * (4u << 20) && at < i * (4u << 20) + (2u << 20),
                     "chunk %u begins in its half chunk (%zu)", i, at);
      ck_assert_msg (memcmp (text->str + at, "The Minister", 12) == 0
                       && text->str[at - 1] == '\n'
                       && (text->str[at - 2] == '\n' || text->str[at - 2] == '\t'),
                     "chunk %u begins a paragraph (%zu)", i, at);
    }
  gsize sizes[] = { 1, 4093, 1u << 20, 4u << 20, (4u << 20) + 1, 7u << 20 };
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      g_autoptr (GArray) got = starts_by_parts (src, sizes[k]);
      ck_assert_uint_eq (got->len, whole->len);
      for (guint i = 0; i < got->len; i++)
        ck_assert_uint_eq (g_array_index (got, gsize, i), g_array_index (whole, gsize, i));
    }
  /* from standard input, the same cuts */
  g_autoptr (GArray) streamed = starts_by_stream (text->str, text->len);
  ck_assert_uint_eq (streamed->len, whole->len);
  for (guint i = 0; i < whole->len; i++)
    ck_assert_uint_eq (g_array_index (streamed, gsize, i), g_array_index (whole, gsize, i));
  /* no paragraph is cut: the chunks' windows are those of the text read as one document */
  g_autoptr (GArray) chunk_windows = windows_of (src, whole);
  g_autoptr (GArray) one_start = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize zero = 0;
  g_array_append_val (one_start, zero);
  g_autoptr (GBytes) all = g_bytes_new_static (text->str, text->len);
  g_autoptr (EgSource) one = eg_source_new_part ("plain.txt", all, 0, FALSE);
  g_autoptr (GArray) one_windows = windows_of (one, one_start);
  ck_assert_uint_eq (chunk_windows->len, one_windows->len);
  ck_assert (memcmp (chunk_windows->data, one_windows->data, one_windows->len * sizeof (gsize)) == 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDoc) second = eg_source_read (src, g_array_index (whole, gsize, 1),
                                             g_array_index (whole, gsize, 2), &error);
  ck_assert_ptr_nonnull (second);
  g_autofree char *name = g_strdup_printf ("plain@%zu", g_array_index (whole, gsize, 1));
  ck_assert_str_eq (eg_doc_name (second), name);
  ck_assert_int_eq (second->kind, EG_DOC_PLAIN);

  /* lines without blank lines between them: a chunk begins at a line */
  GString *lines = g_string_new (NULL);
  while (lines->len < (9u << 20))
    g_string_append (lines, "A line of notes on the Secretariat of Foreign Relations.\n");
  g_autoptr (EgSource) lsrc = file_source (dir, "lines.txt", lines->str, lines->len);
  g_autoptr (GArray) lstarts = starts_by_parts (lsrc, 1u << 20);
  ck_assert_uint_eq (lstarts->len, 3);
  g_autoptr (GArray) lstream = starts_by_stream (lines->str, lines->len);
  ck_assert_uint_eq (lstream->len, lstarts->len);
  for (guint i = 1; i < lstarts->len; i++)
    {
      ck_assert (lines->str[g_array_index (lstarts, gsize, i) - 1] == '\n');
      ck_assert_uint_eq (g_array_index (lstream, gsize, i), g_array_index (lstarts, gsize, i));
    }

  /* one document: no line break; HTML; a NUL byte; a file of one chunk */
  char *one_line = g_strnfill (9u << 20, 'x');
  g_autoptr (EgSource) nsrc = file_source (dir, "oneline.txt", one_line, 9u << 20);
  ck_assert_uint_eq (eg_source_next (nsrc, 0), eg_source_len (nsrc));
  g_string_prepend (text, "<html><body><p>\n");
  g_autoptr (EgSource) hsrc = file_source (dir, "page.html", text->str, text->len);
  ck_assert_uint_eq (eg_source_next (hsrc, 0), eg_source_len (hsrc));
  text->str[100] = '\0';
  g_autoptr (EgSource) zsrc = file_source (dir, "nul.txt", text->str + 16, text->len - 16);
  ck_assert_uint_eq (eg_source_next (zsrc, 0), eg_source_len (zsrc));
  g_autoptr (EgSource) small = file_source (dir, "small.txt", lines->str, 4u << 20);
  ck_assert_uint_eq (eg_source_next (small, 0), eg_source_len (small));
  g_free (one_line);
  g_string_free (lines, TRUE);
  g_string_free (text, TRUE);
  rm_rf (dir);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* The whole corpus                                                                       */

/* WikiLeaks published a few cables under malformed names ("08ECTION01OF02MANAMA492"). */
static gboolean
malformed_name (const char *base)
{
  return strstr (base, "CTION") != NULL;
}

/* Files whose header is known not to state a field (checked by hand): 08STATE43817 names
 * no classification anywhere; 08ECTION01OF02MANAMA492 misspells its classification line. */
static gboolean
known_gap (const char *base)
{
  return strcmp (base, "08STATE43817") == 0 || strcmp (base, "08ECTION01OF02MANAMA492") == 0;
}

START_TEST (test_corpus_all)
{
  g_autofree char *dir = NULL;
  g_autoptr (GPtrArray) names = corpus_names (&dir);
  if (!names)
    return;
  g_autoptr (GRegex) routing = g_regex_new ("^(VZCZC|[A-Z]{1,2}( [A-Z])? [0-9]{6}Z [A-Z]{3} [0-9]{2})",
                                            G_REGEX_MULTILINE, 0, NULL);
  g_autoptr (GRegex) fm = g_regex_new ("^FM ", G_REGEX_MULTILINE, 0, NULL);
  guint n = 0, id_match = 0, id_malformed = 0, id_fallback = 0, with_routing = 0;
  guint dates = 0, origins = 0, classes = 0, tags = 0, subjects = 0, signers = 0, refs = 0,
        classby = 0, kinds[4] = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *base = g_strndup (file, strlen (file) - 4);
      g_autoptr (GError) error = NULL;
      g_autoptr (EgDoc) doc = eg_doc_load (path, &error);
      ck_assert_msg (doc != NULL, "%s loads: %s", file, error ? error->message : "?");
      const EgDocMeta *m = &doc->meta;
      n++;
      kinds[doc->kind]++;
      ASSERT_INVARIANTS (doc);
      /* one cable a file: none is taken for a dump */
      g_autoptr (EgSource) src = eg_source_open (path, -1, &error);
      ck_assert_msg (eg_source_next (src, 0) == eg_source_len (src), "%s is read as a dump", file);
      /* an id read from the text is the file name (malformed names aside) */
      if (m->id == NULL)
        id_fallback++;
      else if (strcmp (m->id, base) == 0)
        id_match++;
      else
        {
          ck_assert_msg (malformed_name (base), "%s: id read from the text is %s", base, m->id);
          id_malformed++;
        }
      /* a routing header in the first lines gives date, origin and classification */
      g_autofree char *head = g_strndup (doc->data, MIN (doc->len, 4096));
      if (g_regex_match (routing, head, 0, NULL) && g_regex_match (fm, head, 0, NULL))
        {
          with_routing++;
          if (!known_gap (base))
            ck_assert_msg (m->date && m->origin && m->classification,
                           "%s has a routing header: date %s, origin %s, classification %s",
                           base, m->date, m->origin, m->classification);
        }
      dates += m->date != NULL;
      origins += m->origin != NULL;
      classes += m->classification != NULL;
      tags += m->tags->len > 0;
      subjects += m->subject != NULL;
      signers += m->signers->len > 0;
      refs += m->references->len > 0;
      classby += m->classified_by != NULL;
    }
  double secs = (double) (g_get_monotonic_time () - t0) / 1e6;
  fprintf (stderr,
           "# corpus: %u files (cable %u, news-copy %u, html %u, plain %u) in %.2f s\n"
           "# ids from the text equal to the file name: %u; malformed file names: %u; "
           "needing the file name: %u\n"
           "# with routing header: %u; date %u, origin %u, classification %u, tags %u, "
           "subject %u, signer %u, references %u, classified-by %u\n",
           n, kinds[EG_DOC_CABLE], kinds[EG_DOC_NEWS_COPY], kinds[EG_DOC_HTML],
           kinds[EG_DOC_PLAIN], secs, id_match, id_malformed, id_fallback, with_routing, dates,
           origins, classes, tags, subjects, signers, refs, classby);
  ck_assert_uint_eq (kinds[EG_DOC_CABLE], n);
  ck_assert_msg (id_match > n * 85 / 100, "most ids are read from the text (%u of %u)", id_match, n);
}
END_TEST

/* ------------------------------------------------------------------------------------ */

static Suite *
doc_suite (void)
{
  Suite *s = suite_create ("doc");
  TCase *tc;

  tc = tcase_create ("seed");
  tcase_add_test (tc, test_seed_meta);
  tcase_add_test (tc, test_seed_windows);
  tcase_add_test (tc, test_read_and_mapped);
  tcase_add_test (tc, test_seed_site_text_is_gap);
  tcase_add_test (tc, test_site_line_after_header);
  suite_add_tcase (s, tc);

  tc = tcase_create ("lookup");
  tcase_add_test (tc, test_lookup);
  tcase_add_test (tc, test_names);
  suite_add_tcase (s, tc);

  tc = tcase_create ("page-breaks");
  tcase_add_test (tc, test_page_break);
  tcase_add_test (tc, test_headings);
  suite_add_tcase (s, tc);

  tc = tcase_create ("corpus-shapes");
  tcase_add_loop_test (tc, test_corpus_shapes, 0, G_N_ELEMENTS (SHAPES));
  suite_add_tcase (s, tc);

  tc = tcase_create ("header-fields");
  tcase_add_loop_test (tc, test_fields, 0, G_N_ELEMENTS (FIELDS));
  suite_add_tcase (s, tc);

  tc = tcase_create ("plain");
  tcase_add_test (tc, test_plain);
  tcase_add_test (tc, test_not_html);
  suite_add_tcase (s, tc);

  tc = tcase_create ("sentences");
  tcase_add_loop_test (tc, test_sentences, 0, G_N_ELEMENTS (PLAIN_SENTENCES));
  tcase_add_test (tc, test_sentence_trailing_spaces);
  suite_add_tcase (s, tc);

  tc = tcase_create ("html");
  tcase_add_test (tc, test_html);
  tcase_add_test (tc, test_html_cable);
  suite_add_tcase (s, tc);

  tc = tcase_create ("encodings");
  tcase_add_test (tc, test_crlf);
  tcase_add_test (tc, test_bom);
  tcase_add_test (tc, test_invalid_utf8);
  tcase_add_test (tc, test_invalid_utf8_mixed);
  suite_add_tcase (s, tc);

  tc = tcase_create ("hostile");
  tcase_add_loop_test (tc, test_hostile, 0, G_N_ELEMENTS (HOSTILE));
  tcase_add_test (tc, test_hostile_fields);
  tcase_add_test (tc, test_io_errors);
  tcase_add_test (tc, test_load_fd);
  suite_add_tcase (s, tc);

  tc = tcase_create ("large");
  tcase_add_test (tc, test_large_line);
  tcase_add_test (tc, test_source_dump);
  tcase_add_test (tc, test_source_single);
  tcase_add_test (tc, test_source_chunks);
  tcase_add_test (tc, test_source_lean);
  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);

  tc = tcase_create ("corpus");
  tcase_add_test (tc, test_corpus_all);
  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return eg_test_run (doc_suite ());
}
