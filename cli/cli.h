/* cli.h - shared parts of the entgraph command line: the only code that prints, reads
 * options or chooses an exit code. */
#pragma once

#include <glib.h>
#include "dict.h"
#include "doc.h"
#include "extract.h"
#include "cooc.h"
#include "output.h"
#include "stats.h"

G_BEGIN_DECLS

/* Exit codes (documented in README.md and --help). */
enum {
  EG_EXIT_OK = 0,
  EG_EXIT_USAGE = 1, /* bad options or arguments */
  EG_EXIT_INPUT = 2, /* an input file or dictionary could not be read */
};

/* Options every document-reading command shares. */
typedef struct {
  char **dicts;          /* --dict FILE (repeatable) */
  gboolean no_default;   /* --no-default-dicts */
  char *dict_type;       /* --dict-type TYPE for plain name lists */
  gboolean keep_going;   /* --keep-going */
  gboolean quiet;        /* --quiet */
  gboolean no_rules;     /* --no-rules */
  gint threads;          /* --threads N, 0: all cores */
  char *dict_cache;      /* --dict-cache DIR */
  gboolean no_dict_cache; /* --no-dict-cache */
  gboolean stats;        /* --stats */
} EgCommon;

void eg_cli_common_clear (EgCommon *common);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EgCommon, eg_cli_common_clear)

/* Adds the shared options to @ctx's main group. */
void eg_cli_add_common (GOptionContext *ctx, EgCommon *common);
/* Adds --stats (the commands that read a corpus: graph, extract, count). */
void eg_cli_add_stats (GOptionContext *ctx, EgCommon *common);
/* Ends stats stage @stage, the pipeline's: @read documents of @bytes, and the rate. */
void eg_cli_stats_read (EgStats *s, const char *stage, guint read, guint64 bytes);
/* Prints @s headed by "@command, N threads". */
void eg_cli_stats_print (const EgStats *s, const char *command, guint threads);

/* Loads the shipped and named dictionaries, printing load warnings unless quiet (the first
 * EG_CLI_DICT_WARNINGS, then how many more).
 * Dictionaries of EG_CLI_CACHE_MIN bytes or more (any size under --dict-cache) are compiled
 * once and kept in the cache folder (--dict-cache, $ENTGRAPH_CACHE_DIR, else
 * ~/.cache/entgraph), one image per list of dictionary paths; a run whose files still have
 * the digest recorded in the image maps it instead of loading them. Returns NULL after
 * printing the error. */
#define EG_CLI_CACHE_MIN (1024 * 1024)
/* Load warnings printed before a count of the rest. */
#define EG_CLI_DICT_WARNINGS 10
EgDict *eg_cli_load_dicts (const EgCommon *common);

/* Builds the extractor over @dict with the rules of the shipped dictionaries' rules/ folder
 * (the people and institution recognizers), or without them under --no-rules or when that
 * folder is missing (a warning unless quiet); @flags adds to that (EG_EXTRACT_NO_SURFACES
 * for the commands that count mentions without showing them). Returns NULL with @error set
 * when the dictionary is empty or a rules list is malformed. */
EgExtractor *eg_cli_new_extractor (const EgCommon *common, const EgDict *dict,
                                   EgExtractFlags flags, GError **error);

/* Expands @args (files, directories, "-") into a sorted list of document paths; with no
 * args, the bundled examples/. Prints a message and returns NULL if a path is missing or
 * names no documents (unless keep-going leaves some). */
GPtrArray *eg_cli_collect (char **args, const EgCommon *common, gboolean *had_error);

/* Opens input file @path (@fd, when >= 0, is a descriptor already open on it, closed
 * here; standard input is read by the pipeline, in parts). When it cannot be read,
 * appends a message naming the file to @warnings and returns NULL. Thread-safe. */
EgSource *eg_cli_open_source (const char *path, int fd, GPtrArray *warnings);

/* Reads the document [@start, @end) of @src (eg_source_next()). When it cannot be read,
 * appends a message naming the file to @warnings and returns NULL; a note on invalid UTF-8
 * goes there too unless quiet. Thread-safe. */
EgDoc *eg_cli_read_doc (const EgSource *src, gsize start, gsize end, const EgCommon *common,
                        GPtrArray *warnings);

/* Parses @ctx's options; prints "... (try --help)" and returns FALSE on a usage error. */
gboolean eg_cli_parse (GOptionContext *ctx, int *argc, char ***argv);

/* Ends a command that wrote @out: with no document read, removes the temp file and fails;
 * else commits it. Returns the exit code (EG_EXIT_INPUT when some input could not be read,
 * unless --keep-going). */
int eg_cli_finish (EgOutput *out, guint read, gboolean had_error, const EgCommon *common);

/* Appends @s to a TSV line with every tab and line break made a space. */
void eg_cli_put_cell (GString *out, const char *s);

/* Pipeline callbacks for commands that print text: each batch fills a GString, written
 * in input order to the FILE * that @user points at (the first member of its struct). */
gpointer eg_cli_text_batch_new (guint first, guint slot, gpointer user);
void eg_cli_text_batch_done (gpointer state, gpointer user);

/* Progress on stderr when it is a terminal. */
void eg_cli_progress (guint done, guint total, gboolean quiet);

void eg_cli_error (const char *fmt, ...) G_GNUC_PRINTF (1, 2);
void eg_cli_warning (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

/* Subcommands; each returns the exit code. */
int eg_cmd_graph (int argc, char **argv);
int eg_cmd_extract (int argc, char **argv);
int eg_cmd_docs (int argc, char **argv);
int eg_cmd_dicts (int argc, char **argv);
int eg_cmd_count (int argc, char **argv);
int eg_cmd_merge (int argc, char **argv);
int eg_cmd_why (int argc, char **argv);

/* Loads the partial-count files @paths (cmd-count.c) into one EgCooc; prints the error and
 * returns NULL on failure. */
EgCooc *eg_cli_load_counts (char **paths);
/* Frees @later (takes it; its free function frees each element) on a thread of its own, to
 * be joined by the caller: the threads' counts, once merged, are millions of blocks, and
 * freeing them one by one is better done beside the writing of the output. NULL when no
 * thread could start (@later is then freed here). */
GThread *eg_cli_free_in_background (GPtrArray *later);

G_END_DECLS
