/* cmd-count.c - entgraph count | merge: partial counts for map-reduce (graph/EGC.md). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cooc.h"
#include "egc.h"
#include "output.h"
#include "pipeline.h"

typedef struct {
  EgCooc *total;
  const EgDict *dict;
  EgLevel level;
  guint evidence;
  EgCooc **slots; /* counts per worker slot (pipeline.h), merged into total at the end */
} CountRun;

/* A batch adds to its slot's counts: merging once per slot at the end, not once per batch,
 * keeps the calling thread's serial work small. */
static gpointer
batch_new (guint first, guint slot, gpointer user)
{
  CountRun *r = user;
  if (r->slots[slot] == NULL)
    r->slots[slot] = eg_cooc_new (r->level, r->evidence);
  return r->slots[slot];
}

static void
batch_doc (gpointer state, guint seq, const char *path, const EgDoc *doc, const EgMentions *m,
           gpointer user)
{
  CountRun *r = user;
  eg_cooc_add (state, m, r->dict);
}

static void
batch_done (gpointer state, gpointer user)
{
  /* @state is its slot's counts, which a later batch may be adding to: merged after the run */
}

static int
write_counts (const EgCooc *c, const char *output)
{
  g_autoptr (GError) error = NULL;
  EgOutput out;
  FILE *fp = eg_output_open (&out, output, &error);
  if (fp == NULL || !eg_egc_write (c, fp, output, &error))
    {
      if (fp)
        eg_output_abort (&out);
      eg_cli_error ("%s", error->message);
      return EG_EXIT_INPUT;
    }
  if (!eg_output_commit (&out, &error))
    {
      eg_cli_error ("%s", error->message);
      return EG_EXIT_INPUT;
    }
  return EG_EXIT_OK;
}

/* Reads "-" lines from standard input into @files ("--files-from -"). */
static gboolean
read_list (const char *list, GPtrArray *files)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  gsize len = 0;
  if (strcmp (list, "-") == 0)
    {
      g_autoptr (GIOChannel) ch = g_io_channel_unix_new (0);
      if (g_io_channel_read_to_end (ch, &text, &len, &error) != G_IO_STATUS_NORMAL)
        text = NULL;
    }
  else
    g_file_get_contents (list, &text, &len, &error);
  if (text == NULL)
    {
      eg_cli_error ("%s: %s", list, error ? error->message : "cannot read");
      return FALSE;
    }
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      /* Hadoop Streaming hands "offset<TAB>line" to mappers of some input formats. */
      char *l = g_strstrip (lines[i]);
      char *tab = strrchr (l, '\t');
      if (tab)
        l = tab + 1;
      if (*l)
        g_ptr_array_add (files, g_strdup (l));
    }
  return TRUE;
}

int
eg_cmd_count (int argc, char **argv)
{
  g_auto (EgCommon) common = { 0 };
  g_autofree char *output = NULL, *window = NULL, *files_from = NULL;
  g_auto (GStrv) paths = NULL;
  int evidence = 5;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the counts to FILE (default: standard output)", "FILE" },
    { "window", 'w', 0, G_OPTION_ARG_STRING, &window,
      "sentence, paragraph (default) or document", "KIND" },
    { "evidence", 0, 0, G_OPTION_ARG_INT, &evidence, "Evidence kept per pair (default 5)", "N" },
    { "files-from", 0, 0, G_OPTION_ARG_FILENAME, &files_from,
      "Read the document paths from FILE, one a line (- for standard input)", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, "PATH..." },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[PATH...] - partial counts");
  g_option_context_set_summary (ctx,
    "Counts entities, pairs, windows and evidence of the documents and writes them in the\n"
    "partial-count format (graph/EGC.md). 'entgraph merge' adds such files; 'entgraph graph\n"
    "FILE.egc' writes the graph from them. Any split gives the graph of one run.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  eg_cli_add_common (ctx, &common);
  eg_cli_add_stats (ctx, &common);
  g_autoptr (GError) error = NULL;
  if (!eg_cli_parse (ctx, &argc, &argv))
    return EG_EXIT_USAGE;
  g_auto (EgStats) stats;
  eg_stats_init (&stats, common.stats);
  EgLevel level = EG_LEVEL_PARAGRAPH;
  if (window && !eg_level_parse (window, &level))
    {
      eg_cli_error ("--window takes sentence, paragraph or document, not \"%s\"", window);
      return EG_EXIT_USAGE;
    }
  if (evidence < 0)
    {
      eg_cli_error ("--evidence takes a number >= 0");
      return EG_EXIT_USAGE;
    }
  if (output && !eg_output_check (output, &error))
    {
      eg_cli_error ("%s", error->message);
      return EG_EXIT_INPUT;
    }
  gboolean had_error = FALSE;
  g_autoptr (GPtrArray) files = NULL;
  if (files_from)
    {
      files = g_ptr_array_new_with_free_func (g_free);
      if (!read_list (files_from, files))
        return EG_EXIT_INPUT;
    }
  else
    files = eg_cli_collect (paths, &common, &had_error);
  if (had_error && !common.keep_going)
    return EG_EXIT_INPUT;
  eg_stats_stage (&stats, "listing the inputs", NULL);
  g_autoptr (EgDict) dict = eg_cli_load_dicts (&common);
  if (dict == NULL)
    return EG_EXIT_INPUT;
  g_autoptr (EgExtractor) ex = eg_cli_new_extractor (&common, dict, EG_EXTRACT_NO_SURFACES, &error);
  if (ex == NULL)
    {
      eg_cli_error ("%s", error->message);
      return EG_EXIT_INPUT;
    }
  eg_stats_stage (&stats, "loading dictionaries and rules", NULL);
  g_autoptr (EgCooc) total = eg_cooc_new (level, (guint) evidence);
  guint threads = eg_pipeline_threads (common.threads);
  g_autofree EgCooc **slots = g_new0 (EgCooc *, threads);
  CountRun run = { total, dict, level, (guint) evidence, slots };
  guint64 bytes = 0;
  EgPipeline pl = { .files = files, .common = &common, .ex = ex,
                    .threads = threads, .batch_new = batch_new,
                    .doc = batch_doc, .batch_done = batch_done, .user = &run,
                    .bytes_read = &bytes };
  guint read = eg_pipeline_run (&pl, &had_error);
  eg_cli_stats_read (&stats, "reading, extracting, counting", read, bytes);
  GPtrArray *later = g_ptr_array_new_with_free_func ((GDestroyNotify) eg_cooc_free);
  for (guint k = 0; k < threads; k++)
    if (slots[k])
      {
        eg_cooc_merge_drain_threads (total, slots[k], threads);
        g_ptr_array_add (later, slots[k]);
      }
  GThread *freer = eg_cli_free_in_background (later);
  eg_stats_stage (&stats, "merging the threads' counts", NULL);
  int rc = write_counts (total, output ? output : "-");
  eg_stats_stage (&stats, "writing the partial counts", NULL);
  if (freer)
    {
      g_thread_join (freer);
      eg_stats_stage (&stats, "waiting for the merged counts to be freed", NULL);
    }
  if (rc != EG_EXIT_OK)
    return rc;
  eg_cli_stats_print (&stats, "count", threads);
  return had_error && !common.keep_going ? EG_EXIT_INPUT : EG_EXIT_OK;
}

/* Loads the .egc files @paths into one EgCooc; prints and returns NULL on error. */
EgCooc *
eg_cli_load_counts (char **paths)
{
  g_autoptr (GError) error = NULL;
  EgLevel level;
  guint cap;
  const char *first = paths[0];
  if (strcmp (first, "-") == 0)
    {
      level = EG_LEVEL_PARAGRAPH;
      cap = 5;
    }
  else if (!eg_egc_peek (first, &level, &cap, &error))
    {
      eg_cli_error ("%s", error->message);
      return NULL;
    }
  g_autoptr (EgCooc) c = eg_cooc_new (level, cap);
  for (guint i = 0; paths[i]; i++)
    {
      if (strcmp (paths[i], "-") != 0 && i > 0)
        {
          EgLevel l2;
          guint cap2;
          if (eg_egc_peek (paths[i], &l2, &cap2, NULL) && cap2 > c->evidence_cap)
            c->evidence_cap = cap2;
        }
      if (!eg_egc_read (c, paths[i], &error))
        {
          eg_cli_error ("%s", error->message);
          return NULL;
        }
    }
  return g_steal_pointer (&c);
}

int
eg_cmd_merge (int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_auto (GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the sum to FILE (default: standard output)", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, "FILE.egc..." },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("FILE.egc... - add partial counts");
  g_option_context_set_summary (ctx,
    "Adds partial-count files (from 'entgraph count' or 'merge'; - reads standard input,\n"
    "sorted or not) into one.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!eg_cli_parse (ctx, &argc, &argv))
    return EG_EXIT_USAGE;
  if (paths == NULL || paths[0] == NULL)
    {
      eg_cli_error ("merge needs at least one FILE.egc (or - for standard input)");
      return EG_EXIT_USAGE;
    }
  g_autoptr (EgCooc) c = eg_cli_load_counts (paths);
  if (c == NULL)
    return EG_EXIT_INPUT;
  return write_counts (c, output ? output : "-");
}
