/* cmd-extract.c - entgraph extract: every mention as TSV. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "pipeline.h"
#include "write.h"

typedef struct {
  FILE *fp; /* first: eg_cli_text_batch_done writes here */
  const EgDict *dict;
} ExtractRun;

static void
batch_doc (gpointer state, guint seq, const char *path, const EgDoc *doc, const EgMentions *m,
           gpointer user)
{
  ExtractRun *r = user;
  GString *out = state;
  const char *name = eg_doc_name (doc);
  for (guint k = 0; k < m->mentions->len; k++)
    {
      const EgMention *mn = &g_array_index (m->mentions, EgMention, k);
      EgEntityRef ref = eg_mentions_entity (m, r->dict, mn->entity);
      /* appends, not printf: one line a mention */
      eg_cli_put_cell (out, name);
      g_string_append_c (out, '\t');
      eg_write_put_uint (out, doc->base + mn->start); /* (in the file: a dump's too) */
      g_string_append_c (out, '\t');
      eg_write_put_uint (out, doc->base + mn->end);
      g_string_append_c (out, '\t');
      eg_cli_put_cell (out, ref.id);
      g_string_append_c (out, '\t');
      eg_cli_put_cell (out, ref.type);
      g_string_append_c (out, '\t');
      eg_cli_put_cell (out, g_ptr_array_index (m->surfaces, k));
      g_string_append_c (out, '\t');
      eg_write_put_str (out, eg_rule_name ((EgRule) mn->rule));
      g_string_append_c (out, '\t');
      if (mn->window < doc->windows->len)
        eg_write_put_uint (out, g_array_index (doc->windows, EgWindow, mn->window).number);
      g_string_append_c (out, '\n');
    }
}

int
eg_cmd_extract (int argc, char **argv)
{
  g_auto (EgCommon) common = { 0 };
  g_autofree char *output = NULL;
  g_auto (GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to FILE instead of standard output", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, "PATH..." },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[PATH...] - every mention as TSV");
  g_option_context_set_summary (ctx,
    "Writes one line per mention: doc, start, end (byte offsets into the input file),\n"
    "entity, type, surface (as written, white space runs made one space), rule (what found\n"
    "it), paragraph (number as written; 0 is the subject).");
  g_option_context_set_description (ctx,
    "Exit status: 0 success, 1 usage error, 2 input or dictionary error.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  eg_cli_add_common (ctx, &common);
  eg_cli_add_stats (ctx, &common);
  g_autoptr (GError) error = NULL;
  if (!eg_cli_parse (ctx, &argc, &argv))
    return EG_EXIT_USAGE;
  g_auto (EgStats) stats;
  eg_stats_init (&stats, common.stats);
  gboolean had_error = FALSE;
  g_autoptr (GPtrArray) files = eg_cli_collect (paths, &common, &had_error);
  if (had_error && !common.keep_going)
    return EG_EXIT_INPUT;
  eg_stats_stage (&stats, "listing the inputs", NULL);
  g_autoptr (EgDict) dict = eg_cli_load_dicts (&common);
  if (dict == NULL)
    return EG_EXIT_INPUT;
  g_autoptr (EgExtractor) ex = eg_cli_new_extractor (&common, dict, EG_EXTRACT_DEFAULT, &error);
  if (ex == NULL)
    {
      eg_cli_error ("%s", error->message);
      return EG_EXIT_INPUT;
    }
  eg_stats_stage (&stats, "loading dictionaries and rules", NULL);
  EgOutput out;
  FILE *fp = eg_output_open (&out, output ? output : "-", &error);
  if (fp == NULL)
    {
      eg_cli_error ("%s", error->message);
      return EG_EXIT_INPUT;
    }
  fputs ("doc\tstart\tend\tentity\ttype\tsurface\trule\tparagraph\n", fp);
  ExtractRun run = { fp, dict };
  guint64 bytes = 0;
  EgPipeline pl = {
    .files = files,
    .common = &common,
    .ex = ex,
    .threads = (guint) MAX (common.threads, 0),
    .batch_new = eg_cli_text_batch_new,
    .doc = batch_doc,
    .batch_done = eg_cli_text_batch_done,
    .user = &run,
    .bytes_read = &bytes,
  };
  guint read = eg_pipeline_run (&pl, &had_error);
  eg_cli_stats_read (&stats, "reading, extracting, writing", read, bytes);
  int rc = eg_cli_finish (&out, read, had_error, &common);
  eg_stats_stage (&stats, "flush, sync and rename", NULL);
  eg_cli_stats_print (&stats, "extract", eg_pipeline_threads (common.threads));
  return rc;
}
