/* test-formats.c - GraphML, GEXF, JSON, JSON Lines and CSV written from a hand-built view,
 * read back: well-formed, the same nodes, edges and weights, and names holding quotes,
 * backslashes, <, >, &, line breaks and control characters come back as they were (control
 * characters as U+FFFD). The command-line suite reads the same formats with networkx. */
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "error.h"
#include "graphfix.h"
#include "output.h"
#include "testutil.h"
#include "write.h"

/* A label and an evidence sentence that try to break every format. */
#define NASTY "Say \"hi\" \\ <b>&amp;, \x01" "x\nnew line\ttab"
#define NASTY_CLEAN "Say \"hi\" \\ <b>&amp;, \xEF\xBF\xBD" "x\nnew line\ttab"
#define NASTY_ID "ORG:q\"&<x>'"

static GraphFix *fix;
static EgCooc *counts;
static EgView *view;
static char *dir;

static void
setup (void)
{
  fix = graphfix_new ();
  graphfix_add (fix, "06TEST1", "2006-01-05T10:00Z", "a b c;b c");
  graphfix_add (fix, "06TEST2", "2006-03-01T10:00Z", "b c;c d");
  counts = graphfix_count (fix, EG_LEVEL_PARAGRAPH, 5);
  /* Hand-made: a nasty entity sharing 2 windows with T:a, with nasty evidence. */
  guint32 a, n;
  eg_cooc_node (counts, "T:a", "PERSON", "a", &a);
  EgNode *nn = eg_cooc_node (counts, NASTY_ID, "ORG", NASTY, &n);
  nn->mentions = 2;
  nn->docs = 1;
  nn->windows = 2;
  EgEdge *e = eg_cooc_edge (counts, a, n);
  e->windows = 2;
  e->docs = 1;
  e->fractional = EG_COOC_FX;
  eg_cooc_offer_evidence (counts, e, "06TEST9", 10, 2, NASTY);
  view = eg_view_new (counts, EG_WEIGHT_FRACTIONAL);
  eg_view_set_attr (view, "window", "paragraph");
  eg_view_set_attr (view, "note", "a <graph> & \"attrs\"");
  dir = g_dir_make_tmp ("eg-formats-XXXXXX", NULL);
}

static void
rm_rf (const char *path)
{
  GDir *d = g_dir_open (path, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (path, name, NULL);
      g_unlink (p);
    }
  if (d)
    g_dir_close (d);
  g_rmdir (path);
}

static void
teardown (void)
{
  rm_rf (dir);
  g_free (dir);
  eg_view_free (view);
  eg_cooc_free (counts);
  graphfix_free (fix);
}

static char *
write_read (EgFormat f, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;
  EgWriteOptions o = { "entgraph", 3, FALSE };
  ck_assert_msg (eg_write (view, f, &o, path, &error), "writing %s: %s", name,
                 error ? error->message : "");
  char *text = NULL;
  if (f != EG_FORMAT_CSV)
    ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* A GMarkup reader that records what it sees: it rejects ill-formed XML. */
typedef struct {
  guint nodes, edges;
  char *nasty_label;    /* the label of NASTY_ID, from an attribute or a <data> */
  char *nasty_evidence;
  gboolean in_node_nasty, in_label, in_evidence;
  GString *text;
} XmlSeen;

static void
xml_start (GMarkupParseContext *ctx, const char *el, const char **names, const char **values,
           gpointer user, GError **error)
{
  XmlSeen *s = user;
  const char *id = NULL, *label = NULL, *key = NULL, *for_ = NULL, *value = NULL;
  for (guint i = 0; names[i]; i++)
    {
      if (!strcmp (names[i], "id"))
        id = values[i];
      else if (!strcmp (names[i], "label"))
        label = values[i];
      else if (!strcmp (names[i], "key"))
        key = values[i];
      else if (!strcmp (names[i], "for"))
        for_ = values[i];
      else if (!strcmp (names[i], "value"))
        value = values[i];
    }
  if (!strcmp (el, "node"))
    {
      s->nodes++;
      s->in_node_nasty = id && !strcmp (id, NASTY_ID);
      if (s->in_node_nasty && label)
        s->nasty_label = g_strdup (label);
    }
  else if (!strcmp (el, "edge"))
    s->edges++;
  else if (!strcmp (el, "data") && key)
    {
      s->in_label = s->in_node_nasty && !strcmp (key, "label");
      s->in_evidence = !strcmp (key, "evidence");
      g_string_truncate (s->text, 0);
    }
  else if (!strcmp (el, "attvalue") && for_ && !strcmp (for_, "evidence") && value
           && strstr (value, "06TEST9"))
    s->nasty_evidence = g_strdup (value);
}

static void
xml_end (GMarkupParseContext *ctx, const char *el, gpointer user, GError **error)
{
  XmlSeen *s = user;
  if (!strcmp (el, "data"))
    {
      if (s->in_label)
        s->nasty_label = g_strdup (s->text->str);
      if (s->in_evidence && strstr (s->text->str, "06TEST9"))
        s->nasty_evidence = g_strdup (s->text->str);
      s->in_label = s->in_evidence = FALSE;
    }
  if (!strcmp (el, "node"))
    s->in_node_nasty = FALSE;
}

static void
xml_text (GMarkupParseContext *ctx, const char *text, gsize len, gpointer user, GError **error)
{
  XmlSeen *s = user;
  g_string_append_len (s->text, text, (gssize) len);
}

static void
check_xml (const char *xml, const char *what)
{
  GMarkupParser p = { xml_start, xml_end, xml_text, NULL, NULL };
  XmlSeen s = { 0 };
  s.text = g_string_new (NULL);
  GMarkupParseContext *ctx = g_markup_parse_context_new (&p, 0, &s, NULL);
  g_autoptr (GError) error = NULL;
  gboolean ok = g_markup_parse_context_parse (ctx, xml, -1, &error)
                && g_markup_parse_context_end_parse (ctx, &error);
  g_markup_parse_context_free (ctx);
  ck_assert_msg (ok, "%s is well-formed XML: %s", what, error ? error->message : "");
  ck_assert_msg (s.nodes == view->nodes->len, "%s: %u nodes, got %u", what, view->nodes->len,
                 s.nodes);
  ck_assert_msg (s.edges == view->edges->len, "%s: %u edges, got %u", what, view->edges->len,
                 s.edges);
  ck_assert_msg (s.nasty_label && !strcmp (s.nasty_label, NASTY_CLEAN),
                 "%s: the nasty label reads back, got \"%s\"", what, s.nasty_label);
  ck_assert_msg (s.nasty_evidence && strstr (s.nasty_evidence, NASTY_CLEAN),
                 "%s: the nasty evidence reads back, got \"%s\"", what, s.nasty_evidence);
  g_free (s.nasty_label);
  g_free (s.nasty_evidence);
  g_string_free (s.text, TRUE);
}

START_TEST (test_graphml)
{
  g_autofree char *xml = write_read (EG_FORMAT_GRAPHML, "g.graphml");
  check_xml (xml, "GraphML");
  ck_assert_msg (strstr (xml, "edgedefault=\"undirected\"") != NULL, "undirected");
  ck_assert_msg (strstr (xml, "attr.name=\"note\"") && strstr (xml, "a &lt;graph&gt; &amp;"),
                 "graph attributes are graph data, escaped");
  ck_assert_msg (strstr (xml, "<data key=\"weight\">2.33333</data>"),
                 "the fractional weight of b-c is 1/3 + 1 + 1");
}
END_TEST

START_TEST (test_gexf)
{
  g_autofree char *xml = write_read (EG_FORMAT_GEXF, "g.gexf");
  check_xml (xml, "GEXF");
  ck_assert_msg (strstr (xml, "xmlns=\"http://gexf.net/1.3\"") && strstr (xml, "version=\"1.3\""),
                 "GEXF 1.3");
  ck_assert_msg (strstr (xml, "<node id=\"T:d\" label=\"d\" start=\"2006-03-01\""),
                 "d starts with the first cable that shows it");
  ck_assert_msg (strstr (xml, "source=\"T:a\" target=\"T:b\" weight=\"0.333333\" "
                              "start=\"2006-01-05\""),
                 "an edge starts with its first cable");
  ck_assert_msg (strstr (xml, "<viz:color r=\"141\" g=\"211\" b=\"199\""),
                 "a PERSON is coloured #8dd3c7");
}
END_TEST

START_TEST (test_json)
{
  g_autofree char *text = write_read (EG_FORMAT_JSON, "g.json");
  g_autoptr (JsonParser) p = json_parser_new ();
  g_autoptr (GError) error = NULL;
  ck_assert_msg (json_parser_load_from_data (p, text, -1, &error), "valid JSON: %s",
                 error ? error->message : "");
  JsonObject *root = json_node_get_object (json_parser_get_root (p));
  ck_assert (!json_object_get_boolean_member (root, "directed"));
  ck_assert (!json_object_get_boolean_member (root, "multigraph"));
  JsonObject *graph = json_object_get_object_member (root, "graph");
  ck_assert_str_eq (json_object_get_string_member (graph, "note"), "a <graph> & \"attrs\"");
  JsonArray *nodes = json_object_get_array_member (root, "nodes");
  JsonArray *links = json_object_get_array_member (root, "links");
  ck_assert_uint_eq (json_array_get_length (nodes), view->nodes->len);
  ck_assert_uint_eq (json_array_get_length (links), view->edges->len);
  gboolean found = FALSE;
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *n = json_array_get_object_element (nodes, i);
      ck_assert_str_eq (json_object_get_string_member (n, "id"), eg_view_node (view, i)->id);
      if (!strcmp (json_object_get_string_member (n, "id"), NASTY_ID))
        {
          ck_assert_str_eq (json_object_get_string_member (n, "label"), NASTY_CLEAN);
          found = TRUE;
        }
    }
  ck_assert_msg (found, "the nasty node is there");
  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonObject *l = json_array_get_object_element (links, i);
      const EgViewEdge *e = eg_view_edge (view, i);
      ck_assert_str_eq (json_object_get_string_member (l, "source"), eg_view_node (view, e->a)->id);
      ck_assert_str_eq (json_object_get_string_member (l, "target"), eg_view_node (view, e->b)->id);
      double w = json_node_get_double (json_object_get_member (l, "weight"));
      ck_assert_msg (w == e->weight, "link %u weight %g, got %g", i, e->weight, w);
    }
}
END_TEST

START_TEST (test_jsonl)
{
  g_autofree char *text = write_read (EG_FORMAT_JSONL, "g.jsonl");
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0, want = 0;
  for (guint i = 0; i < view->edges->len; i++)
    want += eg_view_edge (view, i)->n_evidence;
  gboolean nasty = FALSE;
  for (guint i = 0; lines[i]; i++)
    {
      if (!*lines[i])
        continue;
      g_autoptr (JsonParser) p = json_parser_new ();
      ck_assert_msg (json_parser_load_from_data (p, lines[i], -1, NULL), "line %u is JSON", i);
      JsonObject *o = json_node_get_object (json_parser_get_root (p));
      ck_assert (json_object_has_member (o, "source") && json_object_has_member (o, "doc")
                 && json_object_has_member (o, "paragraph")
                 && json_object_has_member (o, "sentence"));
      nasty |= !strcmp (json_object_get_string_member (o, "sentence"), NASTY_CLEAN);
      n++;
    }
  ck_assert_msg (n == want, "one line per piece of evidence: %u, got %u", want, n);
  ck_assert_msg (nasty, "the nasty sentence is one JSON string");
}
END_TEST

/* RFC 4180 fields of @text, rows of cells. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  const char *p = text;
  while (*p)
    {
      if (*p == '"')
        {
          for (p++; *p && !(*p == '"' && p[1] != '"'); p++)
            {
              if (*p == '"')
                p++;
              g_string_append_c (cell, *p);
            }
          ck_assert_msg (*p == '"', "a quoted field is closed");
          p++;
        }
      while (*p && *p != ',' && *p != '\r')
        g_string_append_c (cell, *p++);
      g_ptr_array_add (row, g_strdup (cell->str));
      g_string_truncate (cell, 0);
      if (*p == ',')
        p++;
      else if (*p == '\r')
        {
          ck_assert_msg (p[1] == '\n', "lines end in CRLF");
          p += 2;
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
    }
  g_ptr_array_unref (row);
  g_string_free (cell, TRUE);
  return rows;
}

START_TEST (test_csv)
{
  write_read (EG_FORMAT_CSV, "g.csv");
  g_autofree char *np = g_build_filename (dir, "g.nodes.csv", NULL);
  g_autofree char *ep = g_build_filename (dir, "g.edges.csv", NULL);
  g_autofree char *nodes = NULL, *edges = NULL;
  ck_assert_msg (g_file_get_contents (np, &nodes, NULL, NULL), "g.csv writes g.nodes.csv");
  ck_assert_msg (g_file_get_contents (ep, &edges, NULL, NULL), "g.csv writes g.edges.csv");
  g_autoptr (GPtrArray) nr = parse_csv (nodes), er = parse_csv (edges);
  ck_assert_uint_eq (nr->len, view->nodes->len + 1);
  ck_assert_uint_eq (er->len, view->edges->len + 1);
  GPtrArray *head = g_ptr_array_index (nr, 0);
  ck_assert_str_eq (g_ptr_array_index (head, 0), "id");
  ck_assert_str_eq (g_ptr_array_index (head, 1), "label");
  gboolean found = FALSE;
  for (guint i = 1; i < nr->len; i++)
    {
      GPtrArray *r = g_ptr_array_index (nr, i);
      ck_assert_msg (r->len == head->len, "row %u has %u cells, got %u", i, head->len, r->len);
      if (!strcmp (g_ptr_array_index (r, 0), NASTY_ID))
        {
          ck_assert_str_eq (g_ptr_array_index (r, 1), NASTY_CLEAN);
          found = TRUE;
        }
    }
  ck_assert_msg (found, "the nasty node reads back from the CSV");
  GPtrArray *eh = g_ptr_array_index (er, 0);
  ck_assert_str_eq (g_ptr_array_index (eh, 2), "weight");
  for (guint i = 1; i < er->len; i++)
    ck_assert_uint_eq (((GPtrArray *) g_ptr_array_index (er, i))->len, eh->len);
  g_autoptr (GError) error = NULL;
  ck_assert_msg (!eg_write (view, EG_FORMAT_CSV, NULL, "-", &error),
                 "csv to standard output is refused");
}
END_TEST

START_TEST (test_deterministic)
{
  for (EgFormat f = EG_FORMAT_DOT; f <= EG_FORMAT_JSONL; f++)
    {
      if (f == EG_FORMAT_CSV)
        continue;
      g_autofree char *a = write_read (f, "one");
      g_autofree char *b = write_read (f, "two");
      ck_assert_msg (!strcmp (a, b), "%s: the same view twice gives the same bytes",
                     eg_format_name (f));
    }
}
END_TEST

/* Counts of the parts of a corpus merged in any order (what threads and partial-count files
 * do) give the same bytes in every format as counting it whole. */
START_TEST (test_split_merge)
{
  static const char *const specs[] = { "a b c;b c", "b c;c d", "a d;e", "e f;a f b" };
  GraphFix *whole = graphfix_new ();
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      char id[16];
      g_snprintf (id, sizeof id, "06TEST%u", i);
      graphfix_add (whole, id, "2006-01-01T00:00Z", specs[i]);
    }
  g_autoptr (EgCooc) all = graphfix_count (whole, EG_LEVEL_PARAGRAPH, 2);
  /* Parts {3}, {1, 2}, {0}, merged in that order. */
  static const guint parts[][3] = { { 3, 9, 9 }, { 1, 2, 9 }, { 0, 9, 9 } };
  g_autoptr (EgCooc) merged = eg_cooc_new (EG_LEVEL_PARAGRAPH, 2);
  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      GraphFix *part = graphfix_new ();
      for (guint k = 0; k < 3 && parts[p][k] < 9; k++)
        {
          char id[16];
          g_snprintf (id, sizeof id, "06TEST%u", parts[p][k]);
          graphfix_add (part, id, "2006-01-01T00:00Z", specs[parts[p][k]]);
        }
      g_autoptr (EgCooc) c = graphfix_count (part, EG_LEVEL_PARAGRAPH, 2);
      eg_cooc_merge (merged, c);
      graphfix_free (part);
    }
  for (EgWeight w = EG_WEIGHT_COUNT; w <= EG_WEIGHT_JACCARD; w++)
    for (EgFormat f = EG_FORMAT_DOT; f <= EG_FORMAT_JSONL; f++)
      {
        if (f == EG_FORMAT_CSV)
          continue;
        EgView *keep = view;
        view = eg_view_new (all, w);
        g_autofree char *a = write_read (f, "whole");
        eg_view_free (view);
        view = eg_view_new (merged, w);
        g_autofree char *b = write_read (f, "merged");
        eg_view_free (view);
        view = keep;
        ck_assert_msg (!strcmp (a, b), "%s, %s: merged parts give the bytes of the whole",
                       eg_format_name (f), eg_weight_name (w));
      }
  graphfix_free (whole);
}
END_TEST

START_TEST (test_names)
{
  static const struct {
    const char *path;
    EgFormat f;
  } exts[] = {
    { "out/g.dot", EG_FORMAT_DOT },         { "g.gv", EG_FORMAT_DOT },
    { "g.GraphML", EG_FORMAT_GRAPHML },     { "x.y/g.gexf", EG_FORMAT_GEXF },
    { "g.json", EG_FORMAT_JSON },           { "g.jsonl", EG_FORMAT_JSONL },
    { "g.csv", EG_FORMAT_CSV },
  };
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      EgFormat f;
      ck_assert_msg (eg_format_from_path (exts[i].path, &f) && f == exts[i].f,
                     "%s is %s", exts[i].path, eg_format_name (exts[i].f));
    }
  EgFormat f;
  ck_assert (!eg_format_from_path ("x.y/graph", &f));
  ck_assert (!eg_format_from_path ("g.svg", &f));
}
END_TEST

START_TEST (test_safe_names)
{
  static const char *const cases[][2] = {
    { "06MEXICO4964", "06MEXICO4964" },
    { "../../etc/passwd", "_._.._etc_passwd" },
    { "..", "_." },
    { ".", "_" },
    { ".hidden", "_hidden" },
    { "a/b\\c", "a_b_c" },
    { "tab\there\nnl", "tab_here_nl" },
    { "", "_" },
    { "caf\xC3\xA9", "caf__" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = eg_write_safe_name (cases[i][0]);
      ck_assert_msg (!strcmp (s, cases[i][1]), "\"%s\" -> \"%s\", got \"%s\"", cases[i][0],
                     cases[i][1], s);
    }
  char long_name[300];
  memset (long_name, 'x', sizeof long_name - 1);
  long_name[sizeof long_name - 1] = '\0';
  g_autofree char *s = eg_write_safe_name (long_name);
  ck_assert_uint_eq (strlen (s), 100);
}
END_TEST

START_TEST (test_clean)
{
  g_autofree char *a = eg_write_clean ("ok \t\n\x7f\x1b[1m \xff end");
  ck_assert_str_eq (a, "ok \t\n\xEF\xBF\xBD\xEF\xBF\xBD[1m \xEF\xBF\xBD end");
  g_autofree char *b = eg_write_clean (NULL);
  ck_assert_str_eq (b, "");
  g_autofree char *c = eg_write_clean_escaping ("C:\\dir \x01\\\xc2\x85 caf\xc3\xa9\\", '\\');
  ck_assert_str_eq (c, "C:\\\\dir \xEF\xBF\xBD\\\\\xEF\xBF\xBD caf\xc3\xa9\\\\");
}
END_TEST

/* The one-pass cleaner against the plain definition, character by character, on random
 * strings of printable ASCII (runs of every length around the 8 bytes the cleaner skips at
 * once), backslashes, controls, C1, noncharacters and broken UTF-8. */
static char *
clean_reference (const char *s, char escape)
{
  g_autofree char *valid = g_utf8_make_valid (s, -1);
  GString *out = g_string_new (NULL);
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      if ((ch < 0x20 && ch != '\t' && ch != '\n') || ch == 0x7f || (ch >= 0x80 && ch < 0xa0)
          || ch == 0xfffe || ch == 0xffff)
        g_string_append (out, "\xEF\xBF\xBD");
      else if (escape && ch == (gunichar) escape)
        g_string_append_len (out, p, 1), g_string_append_len (out, p, 1);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

START_TEST (test_clean_random)
{
  static const char *const pieces[] = {
    "a", "Z", " ", "\\", "\t", "\n", "\x01", "\x1f", "\x7f", "\xc2\x80", "\xc2\x9f",
    "\xc2\xa0", "\xc3\xa9", "\xef\xbf\xbe", "\xef\xbf\xbf", "\xf0\x9f\x98\x80", "\xff",
    "\xc3", "\xe2\x82", "\xed\xa0\x80", "~", "\"", "abcdefg", "abcdefgh", "abcdefghi",
    "The Embassy met the Minister. ", "\xf8\x88\x80\x80\x80", "\xc0\xaf",
    /* the two- and three-byte forms decoded in line, and their near misses */
    "\xe2\x80\x94", "\xe1\x80\x80", "\xec\xbf\xbf", "\xe1\x80", "\xe2\x41\x80",
    "\xe0\xa4\x95", "\xe0\x9f\x80", "\xee\x80\x80", "\xdf\xbf", "\xc2\x41", "\xc2\xb6",
    "\xc1\xbf", "\x80", "\xbf",
  };
  g_autoptr (GRand) r = g_rand_new_with_seed (99);
  for (guint round = 0; round < 4000; round++)
    {
      GString *s = g_string_new (NULL);
      guint n = (guint) g_rand_int_range (r, 0, 30);
      for (guint i = 0; i < n; i++)
        g_string_append (s, pieces[g_rand_int_range (r, 0, G_N_ELEMENTS (pieces))]);
      char escape = round % 2 ? '\\' : '\0';
      g_autofree char *want = clean_reference (s->str, escape);
      g_autofree char *got = eg_write_clean_escaping (s->str, escape);
      ck_assert_str_eq (got, want);
      g_string_free (s, TRUE);
    }
}
END_TEST

/* Output files: written through a stream that starts the disk's writeback every few
 * megabytes, renamed over the target only when whole. */
#define BIG_OUTPUT (20u << 20)

static void
write_pattern (FILE *fp, gsize n)
{
  char line[64];
  for (gsize at = 0; at < n;)
    {
      int k = g_snprintf (line, sizeof line, "%012zu edge -- line\n", at);
      gsize take = MIN ((gsize) k, n - at);
      ck_assert_uint_eq (fwrite (line, 1, take, fp), take);
      at += take;
    }
}

/* Names in @d other than @keep. */
static guint
others_in (const char *d, const char *keep)
{
  guint n = 0;
  GDir *dd = g_dir_open (d, 0, NULL);
  for (const char *name; dd && (name = g_dir_read_name (dd));)
    n += strcmp (name, keep) != 0;
  if (dd)
    g_dir_close (dd);
  return n;
}

START_TEST (test_output_large)
{
  g_autofree char *d = g_dir_make_tmp ("eg-output-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (d, "big.dot", NULL);
  g_autoptr (GError) error = NULL;
  EgOutput out;
  FILE *fp = eg_output_open (&out, path, &error);
  ck_assert_msg (fp != NULL, "opened: %s", error ? error->message : "");
  write_pattern (fp, BIG_OUTPUT);
  ck_assert_msg (!g_file_test (path, G_FILE_TEST_EXISTS), "nothing at the target before the commit");
  ck_assert_msg (eg_output_commit (&out, &error), "committed: %s", error ? error->message : "");
  g_autofree char *got = NULL;
  gsize len = 0;
  ck_assert (g_file_get_contents (path, &got, &len, NULL));
  ck_assert_uint_eq (len, BIG_OUTPUT);
  g_autoptr (GString) want = g_string_new (NULL);
  g_autofree char *mem = NULL;
  gsize mem_len = 0;
  FILE *m = open_memstream (&mem, &mem_len);
  write_pattern (m, BIG_OUTPUT);
  fclose (m);
  ck_assert_msg (mem_len == len && memcmp (mem, got, len) == 0, "the file holds every byte written");
  ck_assert_uint_eq (others_in (d, "big.dot"), 0);
  g_unlink (path);
  g_rmdir (d);
}
END_TEST

/* A write that fails half way (the file size limit, like a full disk) leaves the target as
 * it was, no temp file, and an error naming the target. */
START_TEST (test_output_write_fails)
{
  g_autofree char *d = g_dir_make_tmp ("eg-output-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (d, "graph.dot", NULL);
  ck_assert (g_file_set_contents (path, "old graph\n", -1, NULL));
  struct rlimit old;
  ck_assert_int_eq (getrlimit (RLIMIT_FSIZE, &old), 0);
  void (*old_handler) (int) = signal (SIGXFSZ, SIG_IGN);
  struct rlimit small = { 3u << 20, old.rlim_max };
  ck_assert_int_eq (setrlimit (RLIMIT_FSIZE, &small), 0);
  g_autoptr (GError) error = NULL;
  EgOutput out;
  FILE *fp = eg_output_open (&out, path, &error);
  ck_assert_msg (fp != NULL, "opened: %s", error ? error->message : "");
  char line[64];
  memset (line, 'x', sizeof line);
  for (gsize at = 0; at < BIG_OUTPUT; at += sizeof line)
    fwrite (line, 1, sizeof line, fp); /* (fails quietly past the limit; ferror remembers) */
  gboolean ok = eg_output_commit (&out, &error);
  setrlimit (RLIMIT_FSIZE, &old);
  signal (SIGXFSZ, old_handler);
  ck_assert_msg (!ok, "the commit fails");
  ck_assert_msg (g_error_matches (error, EG_ERROR, EG_ERROR_IO) && strstr (error->message, path),
                 "the error names the target: %s", error ? error->message : "");
  g_autofree char *got = NULL;
  ck_assert (g_file_get_contents (path, &got, NULL, NULL));
  ck_assert_str_eq (got, "old graph\n");
  ck_assert_uint_eq (others_in (d, "graph.dot"), 0);
  g_unlink (path);
  g_rmdir (d);
}
END_TEST

static Suite *
formats_suite (void)
{
  Suite *s = suite_create ("formats");
  TCase *tc = tcase_create ("read-back");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_graphml);
  tcase_add_test (tc, test_gexf);
  tcase_add_test (tc, test_json);
  tcase_add_test (tc, test_jsonl);
  tcase_add_test (tc, test_csv);
  tcase_add_test (tc, test_deterministic);
  tcase_add_test (tc, test_split_merge);
  suite_add_tcase (s, tc);
  tc = tcase_create ("names");
  tcase_add_test (tc, test_names);
  tcase_add_test (tc, test_safe_names);
  tcase_add_test (tc, test_clean);
  tcase_add_test (tc, test_clean_random);
  suite_add_tcase (s, tc);
  tc = tcase_create ("output");
  tcase_add_test (tc, test_output_large);
  tcase_add_test (tc, test_output_write_fails);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (formats_suite ());
}
