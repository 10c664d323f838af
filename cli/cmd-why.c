/* cmd-why.c - entgraph why A B PATH...: every window where two entities appear together,
 * with the cable id, the paragraph and the sentences, both names marked. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cooc.h"
#include "pipeline.h"

/* What an argument names: a dictionary entity (by id or alias), else an id as given, or a
 * name whose slug matches the part of an id after "TYPE:" (entities found by rules). */
typedef struct {
  char *id;
  char *slug;
} Target;

static void
target_clear (Target *t)
{
  g_free (t->id);
  g_free (t->slug);
}

static void
target_resolve (Target *t, const EgDict *dict, const char *arg)
{
  gint k = eg_dict_lookup (dict, arg);
  if (k >= 0)
    {
      t->id = g_strdup (eg_dict_entity (dict, (guint) k).id);
      return;
    }
  t->id = g_strdup (arg);
  g_autofree char *made = eg_dict_make_id ("X", arg);
  t->slug = g_strdup (made + 2);
}

static gboolean
target_match (const Target *t, const char *id)
{
  if (strcmp (t->id, id) == 0)
    return TRUE;
  const char *colon = strchr (id, ':');
  return t->slug && colon && *t->slug && strcmp (colon + 1, t->slug) == 0;
}

typedef struct {
  const EgDict *dict;
  Target a, b;
  EgLevel level;
  const char *open_a, *close_a, *open_b, *close_b;
  guint windows, docs;
} WhyRun;

typedef struct {
  GString *out;
  guint windows, docs;
} WhyBatch;

static gpointer
batch_new (guint first, guint slot, gpointer user)
{
  return g_new0 (WhyBatch, 1);
}

static guint32
window_key (EgLevel level, const EgMention *mn)
{
  return level == EG_LEVEL_SENTENCE ? mn->sentence
         : level == EG_LEVEL_PARAGRAPH ? mn->window : 0;
}

/* Appends the text of [start, end) of @doc (its text spans only, white space runs made one
 * space) with the mentions @role marks (1: A, 2: B) between the run's marks. */
static void
append_marked (GString *s, const WhyRun *r, const EgDoc *doc, gsize start, gsize end,
               const EgMention *ms, const guint8 *role, guint n)
{
  GString *t = g_string_new (NULL);
  gboolean space = FALSE;
  guint next = 0;
  while (next < n && ms[next].end <= start)
    next++;
  const EgMention *open = NULL;
  guint8 open_role = 0;
  for (guint i = 0; i < doc->text->len; i++)
    {
      const EgSpan *sp = &g_array_index (doc->text, EgSpan, i);
      gsize a = MAX (start, sp->start), b = MIN (end, sp->end);
      if (a >= b)
        continue;
      if (t->len > 0)
        space = TRUE;
      for (gsize k = a; k < b; k++)
        {
          if (open && k >= open->end)
            {
              g_string_append (t, open_role == 1 ? r->close_a : r->close_b);
              open = NULL;
            }
          while (!open && next < n && ms[next].start <= k)
            {
              if (role[next] && ms[next].end > k)
                {
                  if (space && t->len > 0)
                    g_string_append_c (t, ' ');
                  space = FALSE;
                  open = &ms[next];
                  open_role = role[next];
                  g_string_append (t, open_role == 1 ? r->open_a : r->open_b);
                }
              next++;
            }
          guchar ch = (guchar) doc->data[k];
          if (g_ascii_isspace (ch))
            {
              space = t->len > 0;
              continue;
            }
          if (space)
            g_string_append_c (t, ' ');
          space = FALSE;
          g_string_append_c (t, (char) ch);
        }
    }
  if (open)
    g_string_append (t, open_role == 1 ? r->close_a : r->close_b);
  g_autofree char *valid = g_utf8_make_valid (t->str, (gssize) t->len);
  g_string_append (s, valid);
  g_string_free (t, TRUE);
}

static void
print_window (WhyBatch *wb, const WhyRun *r, const EgDoc *doc, const EgMention *ms,
              const guint8 *role, guint n)
{
  GString *s = wb->out ? wb->out : (wb->out = g_string_new (NULL));
  g_string_append (s, eg_doc_name (doc));
  guint32 w = ms[0].window;
  if (r->level != EG_LEVEL_DOCUMENT && w < doc->windows->len)
    {
      guint number = g_array_index (doc->windows, EgWindow, w).number;
      if (number == 0)
        g_string_append (s, " subject: ");
      else
        g_string_append_printf (s, " \xC2\xB6%u: ", number);
    }
  else
    g_string_append (s, ": ");
  /* The sentences holding A or B, in order; a mention outside any sentence stands alone. */
  guint32 last = G_MAXUINT32;
  gboolean first = TRUE;
  for (guint i = 0; i < n; i++)
    {
      if (!role[i])
        continue;
      gsize start = ms[i].start, end = ms[i].end;
      guint32 sent = ms[i].sentence;
      if (sent != G_MAXUINT32 && sent < doc->sentences->len)
        {
          if (sent == last)
            continue;
          last = sent;
          const EgSpan *sp = &g_array_index (doc->sentences, EgSpan, sent);
          start = sp->start;
          end = sp->end;
        }
      if (!first)
        g_string_append (s, " \xE2\x80\xA6 ");
      first = FALSE;
      /* Marks within this span only. */
      guint lo = 0;
      while (lo < n && ms[lo].start < start)
        lo++;
      guint hi = lo;
      while (hi < n && ms[hi].start < end)
        hi++;
      append_marked (s, r, doc, start, end, ms + lo, role + lo, hi - lo);
    }
  g_string_append_c (s, '\n');
}

static void
batch_doc (gpointer state, guint seq, const char *path, const EgDoc *doc, const EgMentions *m,
           gpointer user)
{
  WhyRun *r = user;
  WhyBatch *wb = state;
  guint n = m->mentions->len;
  const EgMention *ms = (const EgMention *) (gpointer) m->mentions->data;
  g_autofree guint8 *role = g_new0 (guint8, n + 1);
  for (guint i = 0; i < n; i++)
    {
      EgEntityRef ref = eg_mentions_entity (m, r->dict, ms[i].entity);
      role[i] = target_match (&r->a, ref.id) ? 1 : target_match (&r->b, ref.id) ? 2 : 0;
    }
  gboolean counted = FALSE;
  guint i = 0;
  while (i < n)
    {
      guint32 key = window_key (r->level, &ms[i]);
      guint j = i + 1;
      while (j < n && window_key (r->level, &ms[j]) == key)
        j++;
      gboolean has_a = FALSE, has_b = FALSE;
      for (guint k = i; k < j; k++)
        {
          has_a |= role[k] == 1;
          has_b |= role[k] == 2;
        }
      if (key != G_MAXUINT32 && has_a && has_b)
        {
          print_window (wb, r, doc, ms + i, role + i, j - i);
          wb->windows++;
          if (!counted)
            wb->docs++;
          counted = TRUE;
        }
      i = j;
    }
}

static void
batch_done (gpointer state, gpointer user)
{
  WhyRun *r = user;
  WhyBatch *wb = state;
  if (wb->out)
    {
      fwrite (wb->out->str, 1, wb->out->len, stdout);
      g_string_free (wb->out, TRUE);
    }
  r->windows += wb->windows;
  r->docs += wb->docs;
  g_free (wb);
}

int
eg_cmd_why (int argc, char **argv)
{
  g_auto (EgCommon) common = { 0 };
  g_autofree char *window = NULL, *color = NULL;
  g_auto (GStrv) args = NULL;
  const GOptionEntry entries[] = {
    { "window", 'w', 0, G_OPTION_ARG_STRING, &window,
      "Together in a sentence, paragraph (default) or document", "KIND" },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color,
      "Mark the names in bold (always), with [[ ]] (never) or bold on a terminal (auto)",
      "WHEN" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, "A B [PATH...]" },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx =
    g_option_context_new ("A B [PATH...] - where two entities appear together");
  g_option_context_set_summary (ctx,
    "Prints every window (paragraph by default) in which A and B are both mentioned: the\n"
    "cable id, the paragraph and the sentences naming them, both names marked. A and B are\n"
    "entity ids (AGENCY:mx-sre) or names the dictionary knows (SRE, Foreign Ministry).");
  g_option_context_set_description (ctx,
    "Exit status: 0 success (also when they never meet), 1 usage error, 2 input error.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  eg_cli_add_common (ctx, &common);
  g_autoptr (GError) error = NULL;
  if (!eg_cli_parse (ctx, &argc, &argv))
    return EG_EXIT_USAGE;
  if (args == NULL || args[0] == NULL || args[1] == NULL)
    {
      eg_cli_error ("why needs two entities: entgraph why A B [PATH...] (try --help)");
      return EG_EXIT_USAGE;
    }
  EgLevel level = EG_LEVEL_PARAGRAPH;
  if (window && !eg_level_parse (window, &level))
    {
      eg_cli_error ("--window takes sentence, paragraph or document, not \"%s\"", window);
      return EG_EXIT_USAGE;
    }
  gboolean bold;
  if (color == NULL || strcmp (color, "auto") == 0)
    bold = isatty (STDOUT_FILENO);
  else if (strcmp (color, "always") == 0 || strcmp (color, "never") == 0)
    bold = strcmp (color, "always") == 0;
  else
    {
      eg_cli_error ("--color takes auto, always or never, not \"%s\"", color);
      return EG_EXIT_USAGE;
    }
  gboolean had_error = FALSE;
  g_autoptr (GPtrArray) files = eg_cli_collect (args + 2, &common, &had_error);
  if (files == NULL || (had_error && !common.keep_going))
    return EG_EXIT_INPUT;
  g_autoptr (EgDict) dict = eg_cli_load_dicts (&common);
  if (dict == NULL)
    return EG_EXIT_INPUT;
  g_autoptr (EgExtractor) ex = eg_cli_new_extractor (&common, dict, EG_EXTRACT_NO_SURFACES, &error);
  if (ex == NULL)
    {
      eg_cli_error ("%s", error->message);
      return EG_EXIT_INPUT;
    }
  WhyRun run = { .dict = dict, .level = level };
  target_resolve (&run.a, dict, args[0]);
  target_resolve (&run.b, dict, args[1]);
  if (strcmp (run.a.id, run.b.id) == 0)
    {
      eg_cli_error ("\"%s\" and \"%s\" name the same entity %s", args[0], args[1], run.a.id);
      target_clear (&run.a);
      target_clear (&run.b);
      return EG_EXIT_USAGE;
    }
  run.open_a = run.open_b = bold ? "\033[1m" : "[[";
  run.close_a = run.close_b = bold ? "\033[0m" : "]]";
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
  fflush (stdout);
  if (!common.quiet)
    fprintf (stderr, "entgraph: %s and %s share %u %s%s in %u of %u document%s\n", run.a.id,
             run.b.id, run.windows, eg_level_name (level), run.windows == 1 ? "" : "s",
             run.docs, read, read == 1 ? "" : "s");
  target_clear (&run.a);
  target_clear (&run.b);
  if (read == 0)
    {
      eg_cli_error ("no document could be read");
      return EG_EXIT_INPUT;
    }
  return had_error && !common.keep_going ? EG_EXIT_INPUT : EG_EXIT_OK;
}
