/* test-render.c - drawing through gvc: SVG with the evidence as hover text, a legend,
 * PNG and PDF files, the cap on what is drawn, unknown formats. */
#include <string.h>
#include <glib/gstdio.h>

#include "error.h"
#include "graphfix.h"
#include "render.h"
#include "testutil.h"

static char *dir;

static void
setup (void)
{
  dir = g_dir_make_tmp ("eg-render-XXXXXX", NULL);
}

static void
teardown (void)
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
  g_free (dir);
}

static EgView *
small (GraphFix *f, EgCooc **c)
{
  graphfix_add (f, "06TEST1", "2006-01-05T10:00Z",
                "PERSON:ann ORG:acme AGENCY:sre;PERSON:ann ORG:acme;GROUP:ngo AGENCY:sre");
  *c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 5);
  EgView *v = eg_view_new (*c, EG_WEIGHT_COUNT);
  eg_view_set_attr (v, "documents", "1");
  eg_view_set_attr (v, "window", "paragraph");
  return v;
}

static char *
render (const EgView *v, const char *format, EgRenderInfo *info, gsize *len)
{
  g_autofree char *path = g_strdup_printf ("%s/g.%s", dir, format);
  g_autoptr (GError) error = NULL;
  EgWriteOptions o = { "entgraph", 3, FALSE };
  ck_assert_msg (eg_render (v, &o, format, path, info, &error), "render %s: %s", format,
                 error ? error->message : "");
  char *data = NULL;
  ck_assert (g_file_get_contents (path, &data, len, NULL));
  return data;
}

START_TEST (test_svg)
{
  GraphFix *f = graphfix_new ();
  EgCooc *c;
  g_autoptr (EgView) v = small (f, &c);
  EgRenderInfo info;
  gsize len;
  g_autofree char *svg = render (v, "svg", &info, &len);
  ck_assert_msg (strstr (svg, "<svg") != NULL, "an SVG");
  ck_assert_str_eq (info.engine, "neato");
  ck_assert_uint_eq (info.nodes, 4);
  ck_assert_uint_eq (info.nodes_total, 4);
  /* Hover text: the edge's <title> is its tooltip, with the evidence. */
  ck_assert_msg (strstr (svg, "<title>acme \xE2\x80\x94 ann&#10;2 shared windows in 1 document"
                              "&#10;06TEST1 \xC2\xB6" "1: ann acme sre."),
                 "the edge's title holds its evidence");
  ck_assert_msg (strstr (svg, "<title>ann (PERSON)&#10;PERSON:ann"),
                 "a node's title says what it is");
  ck_assert_msg (strstr (svg, "person (oval)") && strstr (svg, "government agency (rounded box)")
                   && strstr (svg, "group (hexagon)"),
                 "the legend names the types present");
  ck_assert_msg (strstr (svg, "organization (box)") != NULL, "ORG is present too");
  ck_assert_msg (strstr (svg, "4 entities, 4 links from 1 document, linked by paragraph"),
                 "the legend says what is shown");
  eg_cooc_free (c);
  graphfix_free (f);
}
END_TEST

START_TEST (test_png_pdf)
{
  GraphFix *f = graphfix_new ();
  EgCooc *c;
  g_autoptr (EgView) v = small (f, &c);
  gsize len;
  g_autofree char *png = render (v, "png", NULL, &len);
  ck_assert_msg (len > 8 && memcmp (png, "\x89PNG", 4) == 0, "a PNG");
  g_autofree char *pdf = render (v, "pdf", NULL, &len);
  ck_assert_msg (len > 8 && memcmp (pdf, "%PDF", 4) == 0, "a PDF");
  eg_cooc_free (c);
  graphfix_free (f);
}
END_TEST

START_TEST (test_cap)
{
  /* A chain of 450 entities and a hub: more than the drawing takes. */
  GraphFix *f = graphfix_new ();
  g_autoptr (GString) spec = g_string_new (NULL);
  for (guint i = 0; i < 450; i++)
    g_string_append_printf (spec, "%sn%03u n%03u;hub n%03u", i ? ";" : "", i, i + 1, i);
  graphfix_add (f, "06TEST1", NULL, spec->str);
  g_autoptr (EgCooc) c = graphfix_count (f, EG_LEVEL_PARAGRAPH, 1);
  g_autoptr (EgView) v = eg_view_new (c, EG_WEIGHT_COUNT);
  ck_assert_uint_eq (v->nodes->len, 452);
  EgRenderInfo info;
  gsize len;
  g_autofree char *svg = render (v, "svg", &info, &len);
  ck_assert_uint_eq (info.nodes_total, 452);
  ck_assert_msg (info.nodes <= EG_RENDER_MAX_NODES && info.edges <= EG_RENDER_MAX_EDGES,
                 "at most %d nodes drawn, got %u", EG_RENDER_MAX_NODES, info.nodes);
  ck_assert_msg (!strcmp (info.engine, "sfdp"), "sfdp above %d nodes, got %s", EG_RENDER_NEATO_MAX,
                 info.engine);
  ck_assert_msg (strstr (svg, "<title>hub (PERSON)"), "the hub, of largest degree, is drawn");
  ck_assert_msg (strstr (svg, "shown: the "), "the legend says the drawing is cut");
  ck_assert_msg (v->nodes->len == 452, "the view itself is not changed");
  graphfix_free (f);
}
END_TEST

START_TEST (test_errors)
{
  GraphFix *f = graphfix_new ();
  EgCooc *c;
  g_autoptr (EgView) v = small (f, &c);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "g.gif", NULL);
  ck_assert (!eg_render (v, NULL, "gif", path, NULL, &error));
  ck_assert (g_error_matches (error, EG_ERROR, EG_ERROR_FORMAT));
  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  ck_assert (!eg_render (v, NULL, "svg", "/nonexistent-dir/g.svg", NULL, &error));
  ck_assert (g_error_matches (error, EG_ERROR, EG_ERROR_IO));
  ck_assert (eg_render_format_known ("pdf") && !eg_render_format_known ("dot"));
  eg_cooc_free (c);
  graphfix_free (f);
}
END_TEST

START_TEST (test_titles)
{
  static const char in[] =
    "<g id=\"node1\" class=\"node\">\n<title>A</title>\n"
    "<g id=\"a_node1\"><a xlink:title=\"tip &amp; A\">"
    "</a></g></g>\n<g id=\"node2\" class=\"node\">\n<title>B</title>\n<ellipse/></g>\n"
    "<g id=\"edge1\" class=\"edge\">\n<title>A&#45;&#45;B</title>\n<g id=\"a_edge1\">"
    "<a xlink:title=\"line1&#10;line2\"><path/></a></g></g>\n";
  static const char want[] =
    "<g id=\"node1\" class=\"node\">\n<title>tip &amp; A</title>\n"
    "<g id=\"a_node1\"><a xlink:title=\"tip &amp; A\">"
    "</a></g></g>\n<g id=\"node2\" class=\"node\">\n<title>B</title>\n<ellipse/></g>\n"
    "<g id=\"edge1\" class=\"edge\">\n<title>line1&#10;line2</title>\n<g id=\"a_edge1\">"
    "<a xlink:title=\"line1&#10;line2\"><path/></a></g></g>\n";
  gsize n;
  g_autofree char *out = eg_render_svg_titles (in, sizeof in - 1, &n);
  ck_assert_msg (n == strlen (want) && !strcmp (out, want), "titles replaced: %s", out);
}
END_TEST

static Suite *
render_suite (void)
{
  Suite *s = suite_create ("render");
  TCase *tc = tcase_create ("draw");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_svg);
  tcase_add_test (tc, test_png_pdf);
  tcase_add_test (tc, test_cap);
  tcase_add_test (tc, test_errors);
  suite_add_tcase (s, tc);
  tc = tcase_create ("svg-titles");
  tcase_add_test (tc, test_titles);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (render_suite ());
}
