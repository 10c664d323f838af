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

typedef struct {
  char *id;    /* stable id, e.g. "AGENCY:mx-sre"; unique in the dictionary */
  char *type;  /* PERSON, ORG, AGENCY, GROUP, or any other upper-case word */
  char *name;  /* canonical name, the node label */
  const char *file; /* (transfer none) file it came from, interned in the dict */
  guint line;
} EgEntity;

typedef struct {
  char *text;    /* as written in the dictionary */
  char *folded;  /* eg_fold_string (text) */
  guint32 entity;
  guint32 flags; /* EgAliasFlags */
  const char *tag; /* (nullable) only in documents whose TAGS hold this one ("MX") */
  guint32 next;  /* index + 1 of the next alias with the same folded text, 0: none */
} EgAlias;

typedef struct {
  GPtrArray *entities; /* (element-type EgEntity) in load order */
  GArray *aliases;     /* (element-type EgAlias) in load order; aliases with one folded text
                        * but different tags are chained through EgAlias.next */
  GPtrArray *warnings; /* (element-type utf8) "file:line: ..." messages for the caller */
  /* private */
  GHashTable *by_id;     /* id -> entity index + 1 */
  GHashTable *by_folded; /* folded alias -> alias index + 1 */
  GStringChunk *strings; /* every string of the entities and aliases */
  GPtrArray *slabs;      /* blocks the entities are carved from */
  guint slab_used;
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

/* Adds one entity; used by the loaders and by tests. @aliases may be NULL. Returns the
 * entity index, or -1 with @error set when @id is taken or an alias is too long or empty. */
gint eg_dict_add (EgDict *dict, const char *id, const char *type, const char *name,
                  const char *const *aliases, guint32 flags, const char *file, guint line,
                  GError **error);

static inline guint
eg_dict_n_entities (const EgDict *dict)
{
  return dict->entities->len;
}

static inline const EgEntity *
eg_dict_entity (const EgDict *dict, guint i)
{
  return g_ptr_array_index (dict->entities, i);
}

/* The alias that holds for pattern @alias (an index into aliases, the head of its chain)
 * in a document with @tags (element-type utf8, nullable): the alias scoped to the earliest
 * of the document's tags that has one, else the first without a scope. NULL when none
 * holds. */
const EgAlias *eg_dict_alias_for (const EgDict *dict, guint alias, const GPtrArray *tags);

/* A stable id "TYPE:slug" for a name: folded (norm.h), runs of non-word bytes made '-'.
 * "Nemecio Lugo" -> "PERSON:nemecio-lugo". Returns: (transfer full). */
char *eg_dict_make_id (const char *type, const char *name);

/* Index of the entity whose id is @key, or else whose alias folds like @key; -1 if none. */
gint eg_dict_lookup (const EgDict *dict, const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EgDict, eg_dict_free)

G_END_DECLS
