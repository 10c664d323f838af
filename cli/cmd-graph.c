/* cmd-graph.c - entgraph [graph]: documents in, the relationship graph out. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cooc.h"
#include "pipeline.h"
#include "dot.h"
#include "render.h"

/* output/graph.dot -> output/graph.svg */
static char *
render_path (const char *out, const char *format)
{
  const char *slash = strrchr (out, '/');
  const char *dot = strrchr (out, '.');
  gsize stem = dot && (!slash || dot > slash) ? (gsize) (dot - out) : strlen (out);
  return g_strdup_printf ("%.*s.%s", (int) stem, out, format);
}

typedef struct {
  EgCooc *total;
  const EgDict *dict;
  EgLevel level;
  guint evidence;
} GraphRun;

static gpointer
batch_new (guint first, gpointer user)
{
  GraphRun *r = user;
  return eg_cooc_new (r->level, r->evidence);
}

static void
batch_doc (gpointer state, guint seq, const char *path, const EgDoc *doc, const EgMentions *m,
           gpointer user)
{
  GraphRun *r = user;
  eg_cooc_add (state, m, r->dict);
}

static void
batch_done (gpointer state, gpointer user)
{
  GraphRun *r = user;
  eg_cooc_merge (r->total, state);
  eg_cooc_free (state);
}

int
eg_cmd_graph (int argc, char **argv)
{
  g_auto (EgCommon) common = { 0 };
  g_autofree char *output = NULL, *window = NULL, *render = NULL, *render_output = NULL;
  int evidence = 5, tooltip = 3;
  g_auto (GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the DOT graph to FILE (default output/graph.dot; - for standard output)", "FILE" },
    { "window", 'w', 0, G_OPTION_ARG_STRING, &window,
      "Entities are linked when they share a sentence, paragraph (default) or document", "KIND" },
    { "render", 'r', 0, G_OPTION_ARG_STRING, &render,
      "Also draw the graph through Graphviz: svg, png or pdf (beside the DOT file)", "FORMAT" },
    { "render-output", 0, 0, G_OPTION_ARG_FILENAME, &render_output,
      "Where to write the drawing (default: the DOT path with the format's extension)", "FILE" },
    { "evidence", 0, 0, G_OPTION_ARG_INT, &evidence,
      "Pieces of evidence kept per edge (default 5)", "N" },
    { "tooltip-evidence", 0, 0, G_OPTION_ARG_INT, &tooltip,
      "Pieces of evidence shown in an edge's tooltip (default 3)", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, "PATH..." },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[PATH...] - the relationship graph");
  g_option_context_set_summary (ctx,
    "Reads cables (files, directories, or - for standard input), finds the organizations,\n"
    "agencies, groups and people they name, links those that share a window and writes the\n"
    "graph as Graphviz DOT. With no PATH, the bundled examples/ are read.");
  g_option_context_set_description (ctx,
    "Exit status: 0 success, 1 usage error, 2 input or dictionary error.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  eg_cli_add_common (ctx, &common);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      eg_cli_error ("%s (try --help)", error->message);
      return EG_EXIT_USAGE;
    }
  int rc = EG_EXIT_OK;
  EgLevel level = EG_LEVEL_PARAGRAPH;
  if (window && !eg_level_parse (window, &level))
    {
      eg_cli_error ("--window takes sentence, paragraph or document, not \"%s\"", window);
      return EG_EXIT_USAGE;
    }
  if (render && !eg_render_format_known (render))
    {
      eg_cli_error ("--render takes svg, png or pdf, not \"%s\"", render);
      return EG_EXIT_USAGE;
    }
  if (evidence < 0 || tooltip < 0)
    {
      eg_cli_error ("--evidence and --tooltip-evidence take a number >= 0");
      return EG_EXIT_USAGE;
    }
  if (output == NULL)
    output = g_strdup ("output/graph.dot");
  if (render && strcmp (output, "-") == 0 && render_output == NULL)
    {
      eg_cli_error ("--render with -o - needs --render-output FILE");
      return EG_EXIT_USAGE;
    }

  gboolean had_error = FALSE;
  g_autoptr (GPtrArray) files = eg_cli_collect (paths, &common, &had_error);
  if (had_error && !common.keep_going)
    return EG_EXIT_INPUT;
  g_autoptr (EgDict) dict = eg_cli_load_dicts (&common);
  if (dict == NULL)
    return EG_EXIT_INPUT;
  g_autoptr (EgExtractor) ex =
    eg_extractor_new (dict, common.no_rules ? EG_EXTRACT_NO_RULES : 0, &error);
  if (ex == NULL)
    {
      eg_cli_error ("%s", error->message);
      return EG_EXIT_INPUT;
    }

  g_autoptr (EgCooc) cooc = eg_cooc_new (level, (guint) evidence);
  GraphRun run = { cooc, dict, level, (guint) evidence };
  EgPipeline pl = {
    .files = files,
    .common = &common,
    .ex = ex,
    .threads = (guint) MAX (common.threads, 0),
    .batch_new = batch_new,
    .doc = batch_doc,
    .batch_done = batch_done,
    .user = &run,
  };
  guint read = eg_pipeline_run (&pl, &had_error);
  if (read == 0)
    {
      eg_cli_error ("no document could be read; no graph written");
      return EG_EXIT_INPUT;
    }

  g_autofree char *s_docs = g_strdup_printf ("%u", cooc->n_docs);
  g_autofree char *s_windows = g_strdup_printf ("%u", cooc->n_windows);
  g_autofree char *s_mentions = g_strdup_printf ("%u", cooc->n_mentions);
  g_autofree char *s_entities = g_strdup_printf ("%u", dict->entities->len);
  g_autofree char *s_evidence = g_strdup_printf ("%d", evidence);
  const char *attrs[] = {
    "generator", "entgraph " EG_VERSION,
    "window", eg_level_name (level),
    "documents", s_docs,
    "windows", s_windows,
    "mentions", s_mentions,
    "dictionary_entities", s_entities,
    "default_dicts", common.no_default ? "no" : "yes",
    "rules", common.no_rules ? "no" : "yes",
    "evidence_cap", s_evidence,
    NULL,
  };
  EgDotOptions opt = { "entgraph", attrs, (guint) tooltip };
  if (!eg_dot_write (cooc, &opt, output, &error))
    {
      eg_cli_error ("%s", error->message);
      return EG_EXIT_INPUT;
    }
  if (render)
    {
      g_autofree char *rpath = render_output ? g_strdup (render_output)
                                             : render_path (output, render);
      if (!eg_render (cooc, &opt, render, rpath, &error))
        {
          eg_cli_error ("%s", error->message);
          return EG_EXIT_INPUT;
        }
    }
  if (!common.quiet)
    fprintf (stderr, "entgraph: %u document%s, %u node%s, %u edge%s -> %s\n", read,
             read == 1 ? "" : "s", cooc->nodes->len, cooc->nodes->len == 1 ? "" : "s",
             cooc->edges->len, cooc->edges->len == 1 ? "" : "s", output);
  if (had_error && !common.keep_going)
    rc = EG_EXIT_INPUT;
  return rc;
}
