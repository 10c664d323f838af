/* cmd-dicts.c - entgraph dicts check | suggest: look after the dictionaries. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "norm.h"
#include "pipeline.h"

/* Common words: /usr/share/dict/words (Debian's wamerican) when installed. An alias that is
 * an ordinary lower-case word ("post", "tip", "can") matches ordinary prose. */
static GHashTable *
load_common_words (void)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents ("/usr/share/dict/words", &text, NULL, NULL))
    return NULL;
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *w = lines[i];
      /* Proper names are capitalized in the list: only lower-case words count. */
      if (*w == '\0' || !g_ascii_islower (*w) || strchr (w, '\'') != NULL)
        continue;
      g_hash_table_add (set, g_strdup (w));
    }
  return set;
}

static int
dicts_check (EgCommon *common)
{
  common->quiet = TRUE; /* warnings are the report here */
  g_autoptr (EgDict) loaded = eg_cli_load_dicts (common);
  if (loaded == NULL)
    return EG_EXIT_INPUT;
  guint shared = loaded->warnings->len, common_words = 0;
  for (guint i = 0; i < shared; i++)
    printf ("ambiguous: %s\n", (char *) g_ptr_array_index (loaded->warnings, i));
  g_autoptr (GHashTable) words = load_common_words ();
  if (words == NULL)
    printf ("note: /usr/share/dict/words is not installed (package wamerican); common words "
            "were not checked\n");
  for (guint i = 0; words && i < eg_dict_n_aliases (loaded); i++)
    {
      EgAlias a = eg_dict_alias (loaded, i);
      if (!g_hash_table_contains (words, a.folded))
        continue;
      EgEntity e = eg_dict_entity (loaded, a.entity);
      common_words++;
      printf ("common word: %s:%u: alias \"%s\" of %s is an ordinary word%s\n", e.file,
              e.line, a.text, e.id,
              (a.flags & EG_ALIAS_CAPS) ? " (matched only in capitals)" : "");
    }
  printf ("%u entities, %u aliases; %u aliases claimed twice, %u common words\n",
          eg_dict_n_entities (loaded), eg_dict_n_aliases (loaded), shared, common_words);
  return EG_EXIT_OK;
}

/* suggest: names the rules found that no dictionary holds. */
typedef struct {
  char *id, *type, *name, *example;
  guint count;
  guint docs;
  guint last_doc;
} Suggestion;

typedef struct {
  GHashTable *by_id; /* id -> Suggestion */
  const EgDict *dict;
  gint n_docs;       /* documents seen (atomic): one file may hold many */
} SuggestRun;

typedef struct {
  GPtrArray *items; /* (id, type, name, doc) quadruples, flattened */
} SuggestBatch;

static gpointer
suggest_batch_new (guint first, guint slot, gpointer user)
{
  return g_ptr_array_new_with_free_func (g_free);
}

static void
suggest_doc (gpointer state, guint seq, const char *path, const EgDoc *doc,
             const EgMentions *m, gpointer user)
{
  GPtrArray *items = state;
  SuggestRun *r = user;
  guint doc_no = (guint) g_atomic_int_add (&r->n_docs, 1);
  for (guint i = 0; i < m->mentions->len; i++)
    {
      const EgMention *mn = &g_array_index (m->mentions, EgMention, i);
      if (mn->entity < m->n_dict)
        continue;
      const EgLocalEntity *l = g_ptr_array_index (m->locals, mn->entity - m->n_dict);
      g_ptr_array_add (items, g_strdup (l->id));
      g_ptr_array_add (items, g_strdup (l->type));
      g_ptr_array_add (items, g_strdup (l->name));
      g_ptr_array_add (items, g_strdup_printf ("%u\t%s", doc_no, eg_doc_name (doc)));
    }
}

static void
suggestion_free (gpointer p)
{
  Suggestion *s = p;
  g_free (s->id);
  g_free (s->type);
  g_free (s->name);
  g_free (s->example);
  g_free (s);
}

static void
suggest_done (gpointer state, gpointer user)
{
  GPtrArray *items = state;
  SuggestRun *r = user;
  for (guint i = 0; i + 3 < items->len; i += 4)
    {
      const char *id = g_ptr_array_index (items, i);
      Suggestion *s = g_hash_table_lookup (r->by_id, id);
      const char *docinfo = g_ptr_array_index (items, i + 3);
      guint doc_no = (guint) g_ascii_strtoull (docinfo, NULL, 10);
      if (s == NULL)
        {
          s = g_new0 (Suggestion, 1);
          s->id = g_strdup (id);
          s->type = g_strdup (g_ptr_array_index (items, i + 1));
          s->name = g_strdup (g_ptr_array_index (items, i + 2));
          s->example = g_strdup (strchr (docinfo, '\t') + 1);
          g_hash_table_insert (r->by_id, s->id, s);
        }
      s->count++;
      if (s->last_doc != doc_no + 1)
        {
          s->last_doc = doc_no + 1;
          s->docs++;
        }
    }
  g_ptr_array_free (items, TRUE);
}

static gint
suggestion_cmp (gconstpointer a, gconstpointer b)
{
  const Suggestion *x = *(Suggestion *const *) a, *y = *(Suggestion *const *) b;
  if (x->docs != y->docs)
    return x->docs > y->docs ? -1 : 1;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->id, y->id);
}

static int
dicts_suggest (EgCommon *common, char **paths, gint min_docs)
{
  gboolean had_error = FALSE;
  g_autoptr (GPtrArray) files = eg_cli_collect (paths, common, &had_error);
  if (had_error && !common->keep_going)
    return EG_EXIT_INPUT;
  g_autoptr (EgDict) dict = eg_cli_load_dicts (common);
  if (dict == NULL)
    return EG_EXIT_INPUT;
  g_autoptr (GError) error = NULL;
  g_autoptr (EgExtractor) ex = eg_cli_new_extractor (common, dict, EG_EXTRACT_NO_SURFACES, &error);
  if (ex == NULL)
    {
      eg_cli_error ("%s", error->message);
      return EG_EXIT_INPUT;
    }
  SuggestRun run = { g_hash_table_new_full (g_str_hash, g_str_equal, NULL, suggestion_free),
                     dict };
  EgPipeline pl = { .files = files, .common = common, .ex = ex,
                    .threads = (guint) MAX (common->threads, 0),
                    .batch_new = suggest_batch_new, .doc = suggest_doc,
                    .batch_done = suggest_done, .user = &run };
  guint read = eg_pipeline_run (&pl, &had_error);
  g_autoptr (GPtrArray) all = g_ptr_array_new ();
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init (&it, run.by_id);
  while (g_hash_table_iter_next (&it, NULL, &value))
    g_ptr_array_add (all, value);
  g_ptr_array_sort (all, suggestion_cmp);
  printf ("# entgraph dicts suggest: %u documents; names found by the rules that no "
          "dictionary holds,\n# most documents first. Check each before adding it.\n", read);
  for (guint i = 0; i < all->len; i++)
    {
      const Suggestion *s = g_ptr_array_index (all, i);
      if (s->docs < (guint) min_docs)
        continue;
      printf ("# %u mention%s in %u document%s, e.g. %s\n%s\t%s\t%s\n", s->count,
              s->count == 1 ? "" : "s", s->docs, s->docs == 1 ? "" : "s", s->example, s->id,
              s->type, s->name);
    }
  g_hash_table_destroy (run.by_id);
  return had_error && !common->keep_going ? EG_EXIT_INPUT : EG_EXIT_OK;
}

int
eg_cmd_dicts (int argc, char **argv)
{
  g_auto (EgCommon) common = { 0 };
  g_auto (GStrv) rest = NULL;
  gint min_docs = 1;
  const GOptionEntry entries[] = {
    { "min-docs", 0, 0, G_OPTION_ARG_INT, &min_docs,
      "suggest: only names found in at least N documents (default 1)", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "check | suggest PATH..." },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("check | suggest PATH... - dictionaries");
  g_option_context_set_summary (ctx,
    "check: load every dictionary, report aliases claimed by two entities and aliases that\n"
    "are ordinary words. suggest: list names the rules found in PATH that no dictionary\n"
    "holds, as dictionary lines with counts and an example cable.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  eg_cli_add_common (ctx, &common);
  g_autoptr (GError) error = NULL;
  if (!eg_cli_parse (ctx, &argc, &argv))
    return EG_EXIT_USAGE;
  if (rest && rest[0] && strcmp (rest[0], "check") == 0 && rest[1] == NULL)
    return dicts_check (&common);
  if (rest && rest[0] && strcmp (rest[0], "suggest") == 0)
    return dicts_suggest (&common, rest + 1, min_docs);
  eg_cli_error ("dicts takes check, or suggest PATH... (try --help)");
  return EG_EXIT_USAGE;
}
