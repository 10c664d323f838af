/* cmd-docs.c - entgraph docs: the documents and the metadata read from their headers. */
#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "cli.h"
#include "output.h"
#include "pipeline.h"

static char *
joined (const GPtrArray *a)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; a && i < a->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, g_ptr_array_index (a, i));
    }
  return g_string_free (s, FALSE);
}

static guint
paragraphs (const EgDoc *doc)
{
  guint n = 0;
  for (guint i = 0; i < doc->windows->len; i++)
    if (g_array_index (doc->windows, EgWindow, i).kind == EG_WINDOW_PARAGRAPH)
      n++;
  return n;
}

static void
write_tsv (GString *fp, const EgDoc *doc, const char *path)
{
  const EgDocMeta *m = &doc->meta;
  g_autofree char *tags = joined (m->tags);
  g_autofree char *signers = joined (m->signers);
  const char *cells[] = { eg_doc_name (doc), m->date, m->origin, m->classification, tags,
                          m->subject, signers };
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      eg_cli_put_cell (fp, cells[i]);
      g_string_append_c (fp, '\t');
    }
  g_string_append_printf (fp, "%u\t", paragraphs (doc));
  if (doc->part)
    {
      /* one cable of a dump: where it begins */
      g_autofree char *at = g_strdup_printf ("%s@%" G_GSIZE_FORMAT, path, doc->base);
      eg_cli_put_cell (fp, at);
    }
  else
    eg_cli_put_cell (fp, path);
  g_string_append_printf (fp, "\t%s\n", eg_doc_kind_name (doc->kind));
}

static void
add_string (JsonBuilder *b, const char *key, const char *value)
{
  json_builder_set_member_name (b, key);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_array (JsonBuilder *b, const char *key, const GPtrArray *a)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; a && i < a->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (a, i));
  json_builder_end_array (b);
}

static void
write_jsonl (GString *fp, const EgDoc *doc, const char *path)
{
  const EgDocMeta *m = &doc->meta;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  add_string (b, "doc", eg_doc_name (doc));
  add_string (b, "date", m->date);
  add_string (b, "origin", m->origin);
  add_string (b, "classification", m->classification);
  add_array (b, "tags", m->tags);
  add_string (b, "subject", m->subject);
  add_array (b, "signers", m->signers);
  json_builder_set_member_name (b, "paragraphs");
  json_builder_add_int_value (b, paragraphs (doc));
  add_string (b, "file", path);
  json_builder_set_member_name (b, "offset"); /* (not 0 for a cable of a dump) */
  json_builder_add_int_value (b, (gint64) doc->base);
  json_builder_set_member_name (b, "bytes");
  json_builder_add_int_value (b, (gint64) doc->len);
  add_string (b, "kind", eg_doc_kind_name (doc->kind));
  add_array (b, "recipients", m->recipients);
  add_array (b, "info_recipients", m->info_recipients);
  add_array (b, "references", m->references);
  add_string (b, "classified_by", m->classified_by);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, root);
  g_autofree char *text = json_generator_to_data (gen, NULL);
  g_string_append (fp, text);
  g_string_append_c (fp, '\n');
}

typedef struct {
  FILE *fp; /* first: eg_cli_text_batch_done writes here */
  gboolean jsonl;
} DocsRun;

static void
batch_doc (gpointer state, guint seq, const char *path, const EgDoc *doc, const EgMentions *m,
           gpointer user)
{
  DocsRun *r = user;
  if (r->jsonl)
    write_jsonl (state, doc, path);
  else
    write_tsv (state, doc, path);
}

int
eg_cmd_docs (int argc, char **argv)
{
  g_auto (EgCommon) common = { 0 };
  g_autofree char *output = NULL, *format = NULL;
  g_auto (GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to FILE instead of standard output", "FILE" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "tsv (default) or jsonl", "FORMAT" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, "PATH..." },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[PATH...] - the documents");
  g_option_context_set_summary (ctx,
    "One line per document with the fields of its header: doc, date (ISO 8601, UTC),\n"
    "origin, classification, tags, subject, signers, paragraphs, file, kind. Fields a\n"
    "document does not carry are empty. --format jsonl adds recipients, info_recipients,\n"
    "references and classified_by.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  eg_cli_add_common (ctx, &common);
  g_autoptr (GError) error = NULL;
  if (!eg_cli_parse (ctx, &argc, &argv))
    return EG_EXIT_USAGE;
  gboolean jsonl = FALSE;
  if (format && strcmp (format, "jsonl") == 0)
    jsonl = TRUE;
  else if (format && strcmp (format, "tsv") != 0)
    {
      eg_cli_error ("--format takes tsv or jsonl, not \"%s\"", format);
      return EG_EXIT_USAGE;
    }
  gboolean had_error = FALSE;
  g_autoptr (GPtrArray) files = eg_cli_collect (paths, &common, &had_error);
  if (had_error && !common.keep_going)
    return EG_EXIT_INPUT;
  EgOutput out;
  FILE *fp = eg_output_open (&out, output ? output : "-", &error);
  if (fp == NULL)
    {
      eg_cli_error ("%s", error->message);
      return EG_EXIT_INPUT;
    }
  if (!jsonl)
    fputs ("doc\tdate\torigin\tclassification\ttags\tsubject\tsigners\tparagraphs\tfile\tkind\n",
           fp);
  DocsRun run = { fp, jsonl };
  EgPipeline pl = {
    .files = files,
    .common = &common,
    .ex = NULL,
    .threads = (guint) MAX (common.threads, 0),
    .batch_new = eg_cli_text_batch_new,
    .doc = batch_doc,
    .batch_done = eg_cli_text_batch_done,
    .user = &run,
    .full_header = jsonl, /* (the TSV shows none of the fields a lean read leaves out) */
  };
  guint read = eg_pipeline_run (&pl, &had_error);
  return eg_cli_finish (&out, read, had_error, &common);
}
