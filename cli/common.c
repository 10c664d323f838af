/* common.c - options, dictionaries and inputs shared by the subcommands. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "error.h"
#include "output.h"
#include "write.h"

void
eg_cli_error (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "entgraph: error: %s\n", msg);
}

void
eg_cli_warning (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "entgraph: warning: %s\n", msg);
}

void
eg_cli_common_clear (EgCommon *c)
{
  g_clear_pointer (&c->dicts, g_strfreev);
  g_clear_pointer (&c->dict_type, g_free);
  g_clear_pointer (&c->dict_cache, g_free);
}

void
eg_cli_add_common (GOptionContext *ctx, EgCommon *c)
{
  const GOptionEntry entries[] = {
    { "dict", 'd', 0, G_OPTION_ARG_FILENAME_ARRAY, &c->dicts,
      "Add a dictionary (TSV, or a plain list of names); repeatable", "FILE" },
    { "no-default-dicts", 0, 0, G_OPTION_ARG_NONE, &c->no_default,
      "Leave out the shipped dictionaries (dicts/*.tsv)", NULL },
    { "dict-type", 0, 0, G_OPTION_ARG_STRING, &c->dict_type,
      "Type of the entities of plain name lists (default ORG)", "TYPE" },
    { "no-rules", 0, 0, G_OPTION_ARG_NONE, &c->no_rules,
      "Dictionary matches and acronym definitions only", NULL },
    { "keep-going", 'k', 0, G_OPTION_ARG_NONE, &c->keep_going,
      "Exit 0 even when some input files could not be read", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &c->quiet, "No warnings or progress", NULL },
    { "threads", 'j', 0, G_OPTION_ARG_INT, &c->threads,
      "Worker threads (default: all cores); output is the same for any number", "N" },
    { "dict-cache", 0, 0, G_OPTION_ARG_FILENAME, &c->dict_cache,
      "Keep compiled dictionaries in DIR, whatever their size (default: $ENTGRAPH_CACHE_DIR, "
      "else ~/.cache/entgraph, for dictionaries of 1 MiB or more)", "DIR" },
    { "no-dict-cache", 0, 0, G_OPTION_ARG_NONE, &c->no_dict_cache,
      "Load the dictionaries from their files, without compiled images", NULL },
    { NULL },
  };
  g_option_context_add_main_entries (ctx, entries, NULL);
}

void
eg_cli_add_stats (GOptionContext *ctx, EgCommon *c)
{
  const GOptionEntry entries[] = {
    { "stats", 0, 0, G_OPTION_ARG_NONE, &c->stats,
      "At the end, print where the time went (each stage, MB/s, CPU time, peak memory) on "
      "standard error", NULL },
    { NULL },
  };
  g_option_context_add_main_entries (ctx, entries, NULL);
}

void
eg_cli_stats_read (EgStats *s, const char *stage, guint read, guint64 bytes)
{
  if (!s->on)
    return;
  g_autofree char *rate = eg_stats_rate (bytes, eg_stats_since_mark (s));
  g_autofree char *detail = g_strdup_printf ("%u document%s, %s", read, read == 1 ? "" : "s",
                                             rate);
  eg_stats_stage (s, stage, detail);
}

void
eg_cli_stats_print (const EgStats *s, const char *command, guint threads)
{
  if (!s->on)
    return;
  g_autofree char *what = g_strdup_printf ("%s, %u thread%s", command, threads,
                                           threads == 1 ? "" : "s");
  eg_stats_print (s, what);
}

/* The shipped dictionaries: $ENTGRAPH_DICTS, then the source tree's dicts/, then the
 * installed copy. */
static const char *
default_dicts_dir (void)
{
  const char *env = g_getenv ("ENTGRAPH_DICTS");
  if (env && *env)
    return env;
  if (g_file_test (EG_SOURCE_DIR "/dicts", G_FILE_TEST_IS_DIR))
    return EG_SOURCE_DIR "/dicts";
  return EG_DATA_DIR "/dicts";
}

/* The image for dictionaries @paths: DIR/<hash of their absolute paths and type>.egd. */
static char *
image_path (const EgCommon *c, const GPtrArray *paths)
{
  const char *dir = c->dict_cache;
  g_autofree char *home = NULL;
  if (dir == NULL)
    dir = g_getenv ("ENTGRAPH_CACHE_DIR");
  if (dir == NULL || *dir == '\0')
    dir = home = g_build_filename (g_get_user_cache_dir (), "entgraph", NULL);
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *abs = g_canonicalize_filename (g_ptr_array_index (paths, i), NULL);
      g_checksum_update (sum, (const guchar *) abs, (gssize) strlen (abs) + 1);
    }
  const char *type = c->dict_type ? c->dict_type : "ORG";
  g_checksum_update (sum, (const guchar *) type, (gssize) strlen (type) + 1);
  g_autofree char *name = g_strdup_printf ("%.32s.egd", g_checksum_get_string (sum));
  return g_build_filename (dir, name, NULL);
}

/* The dictionary files a run reads, in load order; NULL after printing the error. */
static GPtrArray *
dict_sources (const EgCommon *c)
{
  g_autoptr (GPtrArray) paths = NULL;
  if (c->no_default)
    paths = g_ptr_array_new_with_free_func (g_free);
  else
    {
      g_autoptr (GError) error = NULL;
      paths = eg_dict_list_dir (default_dicts_dir (), &error);
      if (paths == NULL)
        {
          eg_cli_error ("%s", error->message);
          return NULL;
        }
    }
  for (guint i = 0; c->dicts && c->dicts[i]; i++)
    g_ptr_array_add (paths, g_strdup (c->dicts[i]));
  return g_steal_pointer (&paths);
}

/* Compiles @dict, loaded from @paths whose digest was @digest before, and saves its image
 * at @path, then maps it: the run that builds an image reads the same one as the runs
 * after it. Failing to save is a warning; the run goes on with @dict. Files that changed
 * while they were loaded are not compiled: the image would record the digest of other
 * bytes. Returns the dictionary to use. */
static EgDict *
compile_and_save (const EgCommon *c, EgDict *dict, const GPtrArray *paths,
                  const guint8 *digest, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  guint8 after[EG_DICT_DIGEST_LEN];
  if (!eg_dict_digest ((const char *const *) paths->pdata, paths->len, c->dict_type, after,
                       NULL)
      || memcmp (after, digest, sizeof after) != 0)
    return dict;
  if (!eg_dict_compile (dict, &error))
    return dict; /* the extractor reports it */
  if (g_mkdir_with_parents (dir, 0755) != 0)
    g_set_error (&error, EG_ERROR, EG_ERROR_IO, "%s: %s", dir, g_strerror (errno));
  EgDict *opened = NULL;
  if (error == NULL && eg_dict_save (dict, digest, path, &error))
    opened = eg_dict_open (path, digest, &error);
  if (opened == NULL)
    {
      if (!c->quiet)
        eg_cli_warning ("compiled dictionary not saved: %s (runs load the dictionary files; "
                        "--dict-cache DIR or --no-dict-cache)", error->message);
      return dict;
    }
  eg_dict_free (dict);
  return opened;
}

EgDict *
eg_cli_load_dicts (const EgCommon *c)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) paths = dict_sources (c);
  if (paths == NULL)
    return NULL;
  guint64 bytes = 0;
  for (guint i = 0; i < paths->len; i++)
    {
      GStatBuf st;
      if (g_stat (g_ptr_array_index (paths, i), &st) == 0)
        bytes += (guint64) st.st_size;
    }
  gboolean cached = !c->no_dict_cache && (c->dict_cache || bytes >= EG_CLI_CACHE_MIN);
  guint8 digest[EG_DICT_DIGEST_LEN];
  g_autofree char *image = NULL;
  g_autoptr (EgDict) dict = NULL;
  if (cached)
    {
      if (!eg_dict_digest ((const char *const *) paths->pdata, paths->len, c->dict_type,
                           digest, &error))
        {
          eg_cli_error ("%s", error->message);
          return NULL;
        }
      image = image_path (c, paths);
      dict = eg_dict_open (image, digest, &error);
      if (dict == NULL && g_error_matches (error, EG_ERROR, EG_ERROR_CACHE) && !c->quiet)
        eg_cli_warning ("%s; compiling the dictionaries again", error->message);
      g_clear_error (&error);
    }
  if (dict == NULL)
    {
      dict = eg_dict_new ();
      for (guint i = 0; i < paths->len; i++)
        if (!eg_dict_load_file (dict, g_ptr_array_index (paths, i), c->dict_type, &error))
          {
            eg_cli_error ("%s", error->message);
            return NULL;
          }
      if (cached && eg_dict_n_aliases (dict) > 0)
        dict = compile_and_save (c, g_steal_pointer (&dict), paths, digest, image);
    }
  /* A large list shares hundreds of aliases with the others; the first few say what is
   * going on, 'entgraph dicts check' lists them all. */
  guint n_warn = dict->warnings->len;
  for (guint i = 0; !c->quiet && i < MIN (n_warn, EG_CLI_DICT_WARNINGS); i++)
    eg_cli_warning ("%s", (char *) g_ptr_array_index (dict->warnings, i));
  if (!c->quiet && n_warn > EG_CLI_DICT_WARNINGS)
    eg_cli_warning ("%u more aliases are claimed twice ('entgraph dicts check' lists them)",
                    n_warn - EG_CLI_DICT_WARNINGS);
  if (eg_dict_n_aliases (dict) == 0)
    {
      eg_cli_error ("no dictionary entries (give --dict FILE, or drop --no-default-dicts)");
      return NULL;
    }
  return g_steal_pointer (&dict);
}

EgExtractor *
eg_cli_new_extractor (const EgCommon *c, const EgDict *dict, EgExtractFlags flags,
                      GError **error)
{
  if (c->no_rules)
    return eg_extractor_new (dict, flags | EG_EXTRACT_NO_RULES, error);
  g_autofree char *dir = g_build_filename (default_dicts_dir (), "rules", NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      if (!c->quiet)
        eg_cli_warning ("%s: no such folder; people and institutions are found by the "
                        "dictionaries only", dir);
      return eg_extractor_new_full (dict, NULL, flags, error);
    }
  g_autoptr (EgRules) rules = eg_rules_new ();
  if (!eg_rules_load_dir (rules, dir, error))
    return NULL;
  return eg_extractor_new_full (dict, rules, flags, error);
}

static gboolean
document_name (const char *name)
{
  if (name[0] == '.')
    return FALSE;
  const char *dot = strrchr (name, '.');
  return dot == NULL || g_ascii_strcasecmp (dot, ".txt") == 0
         || g_ascii_strcasecmp (dot, ".html") == 0 || g_ascii_strcasecmp (dot, ".htm") == 0;
}

typedef struct {
  char *path;
  guchar type; /* DT_DIR, DT_REG, DT_LNK, or DT_UNKNOWN: ask the file system */
} Entry;

static gint
compare_entries (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Entry *) a)->path, ((const Entry *) b)->path);
}

/* Depth-first, each folder's entries sorted; symbolic links to folders are not followed
 * (a loop would never end), links to files are. The type readdir() gives is trusted, so a
 * folder of 200,000 cables costs no stat() a file (three a file cost seconds, serially,
 * before the first document was read); a link, or a type the file system leaves unknown,
 * costs one or two. */
static gboolean
walk (const char *dir, GPtrArray *out, guint depth, GError **error)
{
  if (depth > 64)
    return TRUE;
  DIR *d = opendir (dir);
  if (d == NULL)
    {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                   "%s: cannot open the directory: %s", dir, g_strerror (e));
      return FALSE;
    }
  g_autoptr (GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  struct dirent *de;
  while ((de = readdir (d)) != NULL)
    {
      if (de->d_name[0] == '.')
        continue;
      guchar type = DT_UNKNOWN;
#ifdef _DIRENT_HAVE_D_TYPE
      if (de->d_type == DT_DIR || de->d_type == DT_REG || de->d_type == DT_LNK)
        type = de->d_type;
      else if (de->d_type != DT_UNKNOWN)
        continue; /* pipes, sockets, devices */
#endif
      Entry en = { g_build_filename (dir, de->d_name, NULL), type };
      g_array_append_val (entries, en);
    }
  closedir (d);
  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *en = &g_array_index (entries, Entry, i);
      const char *p = en->path;
      gboolean is_dir = en->type == DT_DIR, is_reg = en->type == DT_REG;
      if (en->type == DT_UNKNOWN || en->type == DT_LNK)
        {
          struct stat st;
          if (g_lstat (p, &st) != 0)
            ; /* gone since it was listed */
          else if (S_ISLNK (st.st_mode))
            is_reg = g_stat (p, &st) == 0 && S_ISREG (st.st_mode); /* a link to a folder: skipped */
          else
            {
              is_dir = S_ISDIR (st.st_mode);
              is_reg = S_ISREG (st.st_mode);
            }
        }
      if (is_dir)
        {
          g_autoptr (GError) sub = NULL;
          if (!walk (p, out, depth + 1, &sub))
            eg_cli_warning ("%s", sub->message);
        }
      else if (is_reg && document_name (strrchr (p, '/') + 1))
        {
          g_ptr_array_add (out, en->path);
          en->path = NULL;
        }
      g_free (en->path);
    }
  return TRUE;
}

GPtrArray *
eg_cli_collect (char **args, const EgCommon *c, gboolean *had_error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  static char *fallback[] = { NULL, NULL };
  if (args == NULL || args[0] == NULL)
    {
      fallback[0] = g_file_test ("examples", G_FILE_TEST_IS_DIR) ? "examples"
                                                                  : EG_SOURCE_DIR "/examples";
      args = fallback;
    }
  for (guint i = 0; args[i]; i++)
    {
      const char *p = args[i];
      if (strcmp (p, "-") == 0)
        {
          g_ptr_array_add (out, g_strdup (p));
          continue;
        }
      if (!g_file_test (p, G_FILE_TEST_EXISTS))
        {
          eg_cli_error ("%s: no such file or directory", p);
          *had_error = TRUE;
          continue;
        }
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        {
          guint before = out->len;
          g_autoptr (GError) error = NULL;
          if (!walk (p, out, 0, &error))
            {
              eg_cli_error ("%s", error->message);
              *had_error = TRUE;
            }
          else if (out->len == before)
            {
              eg_cli_error ("%s: no documents (.txt, .html or no extension) in this directory", p);
              *had_error = TRUE;
            }
        }
      else
        g_ptr_array_add (out, g_strdup (p));
    }
  return g_steal_pointer (&out);
}

EgSource *
eg_cli_open_source (const char *path, int fd, GPtrArray *warnings)
{
  g_autoptr (GError) error = NULL;
  EgSource *src = eg_source_open (path, fd, &error);
  if (src == NULL)
    g_ptr_array_add (warnings, g_strdup (error->message));
  return src;
}

EgDoc *
eg_cli_read_doc (const EgSource *src, gsize start, gsize end, const EgCommon *c,
                 GPtrArray *warnings)
{
  g_autoptr (GError) error = NULL;
  EgDoc *doc = eg_source_read (src, start, end, &error);
  if (doc == NULL)
    {
      g_ptr_array_add (warnings, g_strdup (error->message));
      return NULL;
    }
  if (doc->n_invalid_utf8 > 0 && !c->quiet)
    g_ptr_array_add (warnings, g_strdup_printf ("%s: %u invalid UTF-8 sequence%s (the first at byte %" G_GSIZE_FORMAT
                    "), read as separators",
                    doc->path, doc->n_invalid_utf8, doc->n_invalid_utf8 == 1 ? "" : "s",
                    doc->base + doc->first_invalid_utf8));
  return doc;
}

gboolean
eg_cli_parse (GOptionContext *ctx, int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;
  if (g_option_context_parse (ctx, argc, argv, &error))
    return TRUE;
  eg_cli_error ("%s (try --help)", error->message);
  return FALSE;
}

int
eg_cli_finish (EgOutput *out, guint read, gboolean had_error, const EgCommon *c)
{
  g_autoptr (GError) error = NULL;
  if (read == 0)
    {
      eg_output_abort (out);
      eg_cli_error ("no document could be read");
      return EG_EXIT_INPUT;
    }
  if (!eg_output_commit (out, &error))
    {
      eg_cli_error ("%s", error->message);
      return EG_EXIT_INPUT;
    }
  return had_error && !c->keep_going ? EG_EXIT_INPUT : EG_EXIT_OK;
}

void
eg_cli_put_cell (GString *out, const char *s)
{
  /* runs copied whole (a character at a time cost a twentieth of extract) */
  for (const char *p = s ? s : "";; p++)
    {
      gsize run = strcspn (p, "\t\n\r");
      eg_write_put (out, p, run);
      p += run;
      if (*p == '\0')
        break;
      g_string_append_c (out, ' ');
    }
}

gpointer
eg_cli_text_batch_new (guint first, guint slot, gpointer user)
{
  return g_string_sized_new (4096);
}

void
eg_cli_text_batch_done (gpointer state, gpointer user)
{
  FILE *fp = *(FILE **) user;
  GString *out = state;
  fwrite (out->str, 1, out->len, fp);
  g_string_free (out, TRUE);
}

void
eg_cli_progress (guint done, guint total, gboolean quiet)
{
  static int tty = -1;
  if (quiet)
    return;
  if (tty < 0)
    tty = isatty (STDERR_FILENO);
  if (!tty || (done % 200 != 0 && done != total))
    return;
  fprintf (stderr, "\r%u/%u files%s", done, total, done == total ? "\n" : "");
}

static gpointer
free_later (gpointer later)
{
  g_ptr_array_unref (later);
  return NULL;
}

GThread *
eg_cli_free_in_background (GPtrArray *later)
{
  GError *error = NULL;
  GThread *t = g_thread_try_new ("eg-free", free_later, later, &error);
  if (t == NULL)
    {
      g_clear_error (&error);
      g_ptr_array_unref (later);
    }
  return t;
}
