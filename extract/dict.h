/* dict.h - dictionaries: entities and the aliases that name them.
 *
 * An EgDict is loaded from one or more files (format in dicts/README.md): TSV lines
 *   id <TAB> type <TAB> name [<TAB> aliases separated by '|' [<TAB> flags separated by ',']]
 * or plain name lists (one name a line, each its own entity of a given type). Loading
 * several files adds them together. The dictionary is filled once, then read-only: the
 * matcher and the extractor borrow it and may share it between threads.
 *
 * Aliases: the name is always an alias; alias text is folded (norm.h) for matching. An alias
 * written all in capitals ("SRE", "WHO", "PAN") matches only where the text writes it in
 * capitals or where the whole line around it is in capitals, unless the entry has the flag
 * "anycase"; the flag "exact" asks the same of every alias of the entry. The flag "tag=MX"
 * limits the entry's aliases to documents whose TAGS line holds MX: a phrase several
 * countries use ("federal police", "Supreme Court") can then name each country's body in
 * that country's cables. When two entities claim the same folded alias in the same scope,
 * the first loaded keeps it (files in the order given, lines in file order) and a warning
 * naming both ids is recorded. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Limits, enforced with EG_ERROR_DICT_SYNTAX naming file and line. */
#define EG_DICT_MAX_LINE 4096
#define EG_DICT_MAX_ALIAS 256

typedef enum {
  EG_ALIAS_CAPS = 1 << 0, /* match only when written in capitals (or in an all-caps line) */
} EgAliasFlags;

/* An entity and an alias as the accessors below return them: the strings belong to the
 * dictionary. */
typedef struct {
  const char *id;   /* stable id, e.g. "AGENCY:mx-sre"; unique in the dictionary */
  const char *type; /* PERSON, ORG, AGENCY, GROUP, or any other upper-case word */
  const char *name; /* canonical name, the node label */
  const char *file; /* file it came from */
  guint line;
} EgEntity;

typedef struct {
  const char *text;   /* as written in the dictionary */
  const char *folded; /* eg_fold_string (text) */
  guint32 entity;
  guint32 flags;      /* EgAliasFlags */
  const char *tag;    /* (nullable) only in documents whose TAGS hold this one ("MX") */
  guint32 next;       /* index + 1 of the next alias with the same folded text, 0: none */
} EgAlias;

typedef struct _EgMatcher EgMatcher;
typedef struct _EgDictImage EgDictImage;

typedef struct {
  GPtrArray *warnings; /* (element-type utf8) "file:line: ..." messages for the caller */
  /* private: a dictionary is either being loaded (the arrays and tables below) or compiled
   * and opened from its image (eg_dict_open()); the accessors read either. */
  GPtrArray *entities;   /* (element-type EgEntity) in load order */
  GArray *aliases;       /* (element-type EgAlias) in load order; aliases with one folded
                          * text but different tags are chained through EgAlias.next */
  GHashTable *by_id;     /* id -> entity index + 1 */
  GHashTable *by_folded; /* folded alias -> alias index + 1 */
  GStringChunk *strings; /* every string of the entities and aliases */
  GPtrArray *slabs;      /* blocks the entities are carved from */
  guint slab_used;
  EgMatcher *matcher;    /* (nullable) from eg_dict_compile() or the image */
  EgDictImage *image;    /* (nullable) the mapped image of an opened dictionary */
  guint64 serial;        /* unique to this dictionary in the process (eg_dict_serial()) */
} EgDict;

/* Returns: (transfer full) an empty dictionary. Free with eg_dict_free(). */
EgDict *eg_dict_new (void);
void eg_dict_free (EgDict *dict);

/* Adds the entries of @path. A file ending in ".tsv", or whose first entry line holds a tab,
 * is read as TSV; otherwise as a plain name list whose entities get @list_type (NULL: ORG).
 * Returns FALSE with @error set on the first malformed line ("path:line: what is wrong",
 * EG_ERROR_DICT_SYNTAX) or when the file cannot be read (EG_ERROR_IO); the entries of a
 * failed file are not kept. Duplicate ids are errors; shared aliases are warnings. */
gboolean eg_dict_load_file (EgDict *dict, const char *path, const char *list_type, GError **error);

/* Same as eg_dict_load_file() on @len bytes at @data (not NUL-terminated; NULL when @len is
 * 0); @path names them in messages and decides the format by its extension. */
gboolean eg_dict_load_data (EgDict *dict, const char *path, const char *data, gsize len,
                            const char *list_type, GError **error);

/* Loads every "*.tsv" file of @dir in name order. FALSE with @error set as above, or
 * EG_ERROR_IO when @dir cannot be listed. */
gboolean eg_dict_load_dir (EgDict *dict, const char *dir, GError **error);

/* Returns: (transfer full) (element-type filename) the files eg_dict_load_dir() loads, in
 * its order, or NULL with @error set (EG_ERROR_IO) when @dir cannot be listed. */
GPtrArray *eg_dict_list_dir (const char *dir, GError **error);

/* Adds one entity; used by the loaders and by tests. @aliases may be NULL. Returns the
 * entity index, or -1 with @error set when @id is taken or an alias is too long or empty. */
gint eg_dict_add (EgDict *dict, const char *id, const char *type, const char *name,
                  const char *const *aliases, guint32 flags, const char *file, guint line,
                  GError **error);

guint eg_dict_n_entities (const EgDict *dict);
/* A number no other dictionary of this process has had: with the entity indexes, a key
 * that caches may keep (a compiled dictionary's entities never change). */
guint64 eg_dict_serial (const EgDict *dict);
guint eg_dict_n_aliases (const EgDict *dict);

/* Entity @i (< eg_dict_n_entities()), alias @i (< eg_dict_n_aliases()); in load order. */
EgEntity eg_dict_entity (const EgDict *dict, guint i);
EgAlias eg_dict_alias (const EgDict *dict, guint i);

/* The alias that holds for pattern @alias (an index into aliases, the head of its chain)
 * in a document with @tags (element-type utf8, nullable): the alias scoped to the earliest
 * of the document's tags that has one, else the first without a scope. Returns its index,
 * or -1 when none holds. */
gint eg_dict_alias_for (const EgDict *dict, guint alias, const GPtrArray *tags);

/* A stable id "TYPE:slug" for a name: folded (norm.h), runs of non-word bytes made '-'.
 * "Nemecio Lugo" -> "PERSON:nemecio-lugo". Returns: (transfer full). */
char *eg_dict_make_id (const char *type, const char *name);

/* Index of the entity whose id is @key, or else whose alias folds like @key; -1 if none. */
gint eg_dict_lookup (const EgDict *dict, const char *key);

/* Index of the entity whose id is @id; -1 if none. */
gint eg_dict_find_id (const EgDict *dict, const char *id);

/* ---- compiled dictionaries ----------------------------------------------------------------
 *
 * A dictionary of a million names takes seconds to load and build a matcher for; compiled,
 * it is one file that eg_dict_open() maps and checks in a fraction of that, and whose pages
 * the system shares between runs. The image (format in extract/DICTIMAGE.md) holds the
 * entities, aliases, two hash tables and the matcher, all as offsets, and the digest of the
 * source files it was built from: an image whose digest differs is stale. */

#define EG_DICT_DIGEST_LEN 32

/* Computes into @digest the SHA-256 of what a dictionary built from @paths (in order) with
 * @list_type depends on: each path as given and its bytes, @list_type, and the version of
 * the image format and of folding. FALSE with @error set (EG_ERROR_IO) when a file cannot be
 * read. */
gboolean eg_dict_digest (const char *const *paths, guint n_paths, const char *list_type,
                         guint8 digest[EG_DICT_DIGEST_LEN], GError **error);

/* Builds the matcher of @dict's aliases (eg_dict_matcher()); after it no more entries may be
 * added. FALSE with @error set as eg_matcher_new() does (EG_ERROR_DICT_EMPTY when there are
 * no aliases). An opened dictionary is compiled already. */
gboolean eg_dict_compile (EgDict *dict, GError **error);

/* Returns: (transfer full) a new matcher of @dict's folded aliases (pattern ids are alias
 * indexes), or NULL with @error set as eg_matcher_new() does. */
EgMatcher *eg_dict_new_matcher (const EgDict *dict, GError **error);

/* (nullable) The matcher of a compiled or opened dictionary; pattern ids are alias indexes. */
const EgMatcher *eg_dict_matcher (const EgDict *dict);

/* Writes the image of compiled @dict to @path (through a temporary file renamed at the end),
 * recording @digest. FALSE with @error set (EG_ERROR_IO; EG_ERROR_TOO_LARGE over 4 GiB, or
 * 2 GiB of strings). */
gboolean eg_dict_save (const EgDict *dict, const guint8 digest[EG_DICT_DIGEST_LEN],
                       const char *path, GError **error);

/* Returns: (transfer full) the dictionary of the image at @path, mapped, or NULL with @error
 * set: EG_ERROR_IO when it cannot be read, EG_ERROR_STALE when @digest is given and
 * differs or the image has another format version or byte order, EG_ERROR_CACHE when it
 * is damaged. Every offset and state of the image is checked before it is used, so a
 * damaged file gives an error, never a crash. */
EgDict *eg_dict_open (const char *path, const guint8 *digest, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EgDict, eg_dict_free)

G_END_DECLS
