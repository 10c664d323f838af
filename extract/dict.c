/* dict.c - loading dictionaries (format: dicts/README.md; contract: dict.h). */
#include "dict.h"

#include <string.h>

#include "dictimage.h"
#include "error.h"
#include "matcher.h"
#include "norm.h"

/* Entities are carved from slabs of this many; their strings live in the dict's chunk. A
 * million-entry dictionary then costs no allocation per entity. */
#define SLAB 1024

static EgEntity *
entity_alloc (EgDict *d)
{
  if (d->slabs->len == 0 || d->slab_used == SLAB)
    {
      g_ptr_array_add (d->slabs, g_new0 (EgEntity, SLAB));
      d->slab_used = 0;
    }
  EgEntity *slab = g_ptr_array_index (d->slabs, d->slabs->len - 1);
  return &slab[d->slab_used++];
}

/* Entity @i of a dictionary being loaded. */
static inline EgEntity *
ent (const EgDict *d, guint i)
{
  return g_ptr_array_index (d->entities, i);
}

static inline EgAlias *
alias_at (const EgDict *d, guint i)
{
  return &g_array_index (d->aliases, EgAlias, i);
}

EgDict *
eg_dict_new (void)
{
  static gsize serials; /* (atomic) */
  EgDict *d = g_new0 (EgDict, 1);
  d->serial = (guint64) g_atomic_pointer_add (&serials, 1) + 1;
  d->entities = g_ptr_array_new ();
  d->slabs = g_ptr_array_new_with_free_func (g_free);
  d->aliases = g_array_new (FALSE, FALSE, sizeof (EgAlias));
  d->warnings = g_ptr_array_new_with_free_func (g_free);
  d->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  d->by_folded = g_hash_table_new (g_str_hash, g_str_equal);
  d->strings = g_string_chunk_new (64 * 1024);
  return d;
}

void
eg_dict_free (EgDict *d)
{
  if (d == NULL)
    return;
  g_array_free (d->aliases, TRUE);
  g_hash_table_destroy (d->by_id);
  g_hash_table_destroy (d->by_folded);
  g_ptr_array_free (d->entities, TRUE);
  g_ptr_array_free (d->slabs, TRUE);
  g_ptr_array_free (d->warnings, TRUE);
  g_string_chunk_free (d->strings);
  eg_matcher_free (d->matcher);
  g_clear_pointer (&d->image, eg_dict_image_free);
  g_free (d);
}

guint
eg_dict_n_entities (const EgDict *d)
{
  return d->image ? d->image->n_entities : d->entities->len;
}

guint
eg_dict_n_aliases (const EgDict *d)
{
  return d->image ? d->image->n_aliases : d->aliases->len;
}

guint64
eg_dict_serial (const EgDict *d)
{
  return d->serial;
}

EgEntity
eg_dict_entity (const EgDict *d, guint i)
{
  g_return_val_if_fail (i < eg_dict_n_entities (d), (EgEntity) { 0 });
  return d->image ? eg_image_entity (d->image, i) : *ent (d, i);
}

EgAlias
eg_dict_alias (const EgDict *d, guint i)
{
  g_return_val_if_fail (i < eg_dict_n_aliases (d), (EgAlias) { 0 });
  return d->image ? eg_image_alias (d->image, i) : *alias_at (d, i);
}

gint
eg_dict_find_id (const EgDict *d, const char *id)
{
  if (d->image)
    return eg_image_find_id (d->image, id);
  return (gint) GPOINTER_TO_UINT (g_hash_table_lookup (d->by_id, id)) - 1;
}

const EgMatcher *
eg_dict_matcher (const EgDict *d)
{
  return d->matcher;
}

EgMatcher *
eg_dict_new_matcher (const EgDict *d, GError **error)
{
  guint n = eg_dict_n_aliases (d);
  g_autofree const char **patterns = g_new (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    patterns[i] = eg_dict_alias (d, i).folded;
  patterns[n] = NULL;
  return eg_matcher_new (patterns, n, error);
}

gboolean
eg_dict_compile (EgDict *d, GError **error)
{
  if (d->matcher == NULL)
    d->matcher = eg_dict_new_matcher (d, error);
  return d->matcher != NULL;
}

/* An alias with at least one letter and no lower-case letter: an acronym or a name in
 * capitals, which must not match ordinary words ("WHO", "PAN", "SRE"). */
static gboolean
is_all_caps (const char *s)
{
  gboolean letter = FALSE;
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_islower (c))
        return FALSE;
      if (g_unichar_isupper (c))
        letter = TRUE;
    }
  return letter;
}

/* Undo the entities added since @n_entities/@n_aliases: a file that fails loads nothing.
 * (Their strings and slab slots stay allocated until the dictionary is freed.) */
static void
truncate_to (EgDict *d, guint n_entities, guint n_aliases)
{
  for (guint i = n_aliases; i < d->aliases->len; i++)
    {
      EgAlias *a = alias_at (d, i);
      if (GPOINTER_TO_UINT (g_hash_table_lookup (d->by_folded, a->folded)) == i + 1)
        g_hash_table_remove (d->by_folded, a->folded);
    }
  g_array_set_size (d->aliases, n_aliases);
  for (guint i = 0; i < n_aliases; i++)
    if (g_array_index (d->aliases, EgAlias, i).next > n_aliases)
      g_array_index (d->aliases, EgAlias, i).next = 0;
  for (guint i = n_entities; i < d->entities->len; i++)
    g_hash_table_remove (d->by_id, ent (d, i)->id);
  g_ptr_array_set_size (d->entities, n_entities);
}

static gboolean
add_alias (EgDict *d, guint32 entity, const char *text, guint32 flags, gboolean exact,
           const char *tag, const char *file, guint line, GError **error)
{
  gsize len = strlen (text);
  if (len > EG_DICT_MAX_ALIAS)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX,
                   "%s:%u: alias longer than %d bytes", file, line, EG_DICT_MAX_ALIAS);
      return FALSE;
    }
  g_autofree char *folded = eg_fold_string (text, (gssize) len);
  gboolean word = FALSE;
  for (const char *p = folded; *p && !word; p++)
    word = eg_fold_is_word ((guchar) *p);
  if (!word)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX,
                   "%s:%u: empty alias (or one made only of spaces and punctuation)", file, line);
      return FALSE;
    }
  guint prev = GPOINTER_TO_UINT (g_hash_table_lookup (d->by_folded, folded));
  guint tail = 0;
  for (guint k = prev; k != 0; k = g_array_index (d->aliases, EgAlias, k - 1).next)
    {
      const EgAlias *a = &g_array_index (d->aliases, EgAlias, k - 1);
      tail = k;
      if (a->tag == NULL && a->entity == entity)
        return TRUE; /* already an alias everywhere */
      if (g_strcmp0 (a->tag, tag) != 0)
        continue; /* another scope: both live, chained */
      if (a->entity != entity)
        {
          const EgEntity *owner = ent (d, a->entity);
          g_ptr_array_add (d->warnings,
                           g_strdup_printf ("%s:%u: alias \"%s\" of %s is already an alias of %s "
                                            "(%s:%u); it stays with %s",
                                            file, line, text, ent (d, entity)->id,
                                            owner->id, owner->file, owner->line, owner->id));
        }
      return TRUE;
    }
  EgAlias a = {
    .text = g_string_chunk_insert_len (d->strings, text, (gssize) len),
    .folded = g_string_chunk_insert (d->strings, folded),
    .entity = entity,
    .flags = flags | ((exact || is_all_caps (text)) ? EG_ALIAS_CAPS : 0),
    .tag = tag ? g_string_chunk_insert_const (d->strings, tag) : NULL,
  };
  g_array_append_val (d->aliases, a);
  if (tail != 0)
    g_array_index (d->aliases, EgAlias, tail - 1).next = d->aliases->len;
  else
    g_hash_table_insert (d->by_folded, (gpointer) a.folded, GUINT_TO_POINTER (d->aliases->len));
  return TRUE;
}

/* Entry flags: "anycase" clears the capitals rule, "exact" applies it to every alias. */
#define FLAG_ANYCASE (1u << 16)
#define FLAG_EXACT (1u << 17)

static gint
add_entry (EgDict *d, const char *id, const char *type, const char *name,
           const char *const *aliases, guint32 flags, const char *tag, const char *file,
           guint line, GError **error)
{
  g_return_val_if_fail (d != NULL && id != NULL && type != NULL && name != NULL, -1);
  g_return_val_if_fail (d->matcher == NULL && d->image == NULL, -1); /* compiled */
  if (file == NULL)
    file = "(added)";
  if (g_hash_table_contains (d->by_id, id))
    {
      const EgEntity *e = ent (d, (guint) eg_dict_find_id (d, id));
      /* The same entry again, for aliases in another scope ("tag=MX"). */
      if (tag != NULL && strcmp (e->type, type) == 0 && strcmp (e->name, name) == 0)
        {
          guint n_al = d->aliases->len;
          guint32 idx = (guint32) eg_dict_find_id (d, id);
          for (guint i = 0; aliases && aliases[i]; i++)
            if (!add_alias (d, idx, aliases[i], 0, (flags & FLAG_EXACT) != 0, tag, file, line,
                            error))
              {
                truncate_to (d, d->entities->len, n_al);
                return -1;
              }
          return (gint) idx;
        }
      g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX,
                   "%s:%u: duplicate id %s (first at %s:%u)", file, line, id, e->file, e->line);
      return -1;
    }
  guint n_ent = d->entities->len, n_al = d->aliases->len;
  EgEntity *e = entity_alloc (d);
  e->id = g_string_chunk_insert (d->strings, id);
  e->type = g_string_chunk_insert_const (d->strings, type);
  e->name = g_string_chunk_insert (d->strings, name);
  e->file = g_string_chunk_insert_const (d->strings, file);
  e->line = line;
  g_ptr_array_add (d->entities, e);
  g_hash_table_insert (d->by_id, (gpointer) e->id, GUINT_TO_POINTER (d->entities->len));

  guint32 idx = d->entities->len - 1;
  gboolean exact = (flags & FLAG_EXACT) != 0;
  guint32 alias_flags = 0;
  /* "anycase": acronyms of this entry match in any case. */
  if (!add_alias (d, idx, name, alias_flags, exact, tag, file, line, error))
    goto fail;
  for (guint i = 0; aliases && aliases[i]; i++)
    if (!add_alias (d, idx, aliases[i], alias_flags, exact, tag, file, line, error))
      goto fail;
  if (flags & FLAG_ANYCASE)
    for (guint i = n_al; i < d->aliases->len; i++)
      g_array_index (d->aliases, EgAlias, i).flags &= ~(guint32) EG_ALIAS_CAPS;
  return (gint) idx;

fail:
  truncate_to (d, n_ent, n_al);
  return -1;
}

char *
eg_dict_make_id (const char *type, const char *name)
{
  g_autofree char *folded = eg_fold_string (name, -1);
  /* (written in place: a dash stands for a run of other bytes, so the folded name's length
   * bounds what follows the colon) */
  gsize tl = strlen (type);
  char *id = g_malloc (tl + strlen (folded) + 2), *w = id + tl + 1;
  memcpy (id, type, tl);
  id[tl] = ':';
  gboolean dash = FALSE;
  for (const char *p = folded; *p; p++)
    {
      if (eg_fold_is_word ((guchar) *p))
        {
          if (dash && w > id + tl + 1)
            *w++ = '-';
          *w++ = *p;
          dash = FALSE;
        }
      else
        dash = TRUE;
    }
  *w = '\0';
  return id;
}

gint
eg_dict_add (EgDict *d, const char *id, const char *type, const char *name,
             const char *const *aliases, guint32 flags, const char *file, guint line,
             GError **error)
{
  return add_entry (d, id, type, name, aliases, flags, NULL, file, line, error);
}

gint
eg_dict_alias_for (const EgDict *d, guint alias, const GPtrArray *tags)
{
  EgAlias head = eg_dict_alias (d, alias);
  if (head.next == 0)
    return head.tag == NULL || (tags && g_ptr_array_find_with_equal_func (
                                          (GPtrArray *) tags, head.tag, g_str_equal, NULL))
             ? (gint) alias : -1;
  /* Several scopes: the document's tags in their order (the main country comes first). The
   * chain only goes forward (an image is checked for that), so each walk ends. */
  for (guint t = 0; tags && t < tags->len; t++)
    for (guint k = alias + 1; k != 0; k = eg_dict_alias (d, k - 1).next)
      {
        const char *tag = eg_dict_alias (d, k - 1).tag;
        if (tag != NULL && strcmp (g_ptr_array_index (tags, t), tag) == 0)
          return (gint) k - 1;
      }
  for (guint k = alias + 1; k != 0; k = eg_dict_alias (d, k - 1).next)
    if (eg_dict_alias (d, k - 1).tag == NULL)
      return (gint) k - 1;
  return -1;
}

gint
eg_dict_lookup (const EgDict *d, const char *key)
{
  gint i = eg_dict_find_id (d, key);
  if (i >= 0)
    return i;
  g_autofree char *folded = eg_fold_string (key, -1);
  gint a = d->image ? eg_image_find_folded (d->image, folded)
                    : (gint) GPOINTER_TO_UINT (g_hash_table_lookup (d->by_folded, folded)) - 1;
  return a >= 0 ? (gint) eg_dict_alias (d, (guint) a).entity : -1;
}

static gboolean
valid_type (const char *t)
{
  if (*t == '\0')
    return FALSE;
  for (const char *p = t; *p; p++)
    if (!g_ascii_isupper (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/* Strips outer white space in place and returns @s. */
static char *
trim (char *s)
{
  return g_strstrip (s);
}

static gboolean
parse_flags (const char *text, guint32 *flags, char **tag, const char *file, guint line,
             GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  *flags = 0;
  for (guint i = 0; parts[i]; i++)
    {
      char *f = trim (parts[i]);
      if (*f == '\0')
        continue;
      if (strcmp (f, "anycase") == 0)
        *flags |= FLAG_ANYCASE;
      else if (strcmp (f, "exact") == 0)
        *flags |= FLAG_EXACT;
      else if (g_str_has_prefix (f, "tag=") && f[4] != '\0' && *tag == NULL
               && strspn (f + 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == strlen (f + 4))
        *tag = g_strdup (f + 4);
      else
        {
          g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX,
                       "%s:%u: unknown flag \"%s\" (known: anycase, exact, tag=XX with one "
                       "upper-case TAGS word)", file, line, f);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_tsv_line (EgDict *d, char *line, const char *file, guint lineno, GError **error)
{
  g_auto (GStrv) cols = g_strsplit (line, "\t", -1);
  guint n = g_strv_length (cols);
  if (n < 3 || n > 5)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX,
                   "%s:%u: expected id<TAB>type<TAB>name[<TAB>aliases[<TAB>flags]], found %u column%s",
                   file, lineno, n, n == 1 ? "" : "s");
      return FALSE;
    }
  char *id = trim (cols[0]), *type = trim (cols[1]), *name = trim (cols[2]);
  if (*id == '\0' || strpbrk (id, " |") != NULL)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX,
                   "%s:%u: the id must be one word without spaces or '|'", file, lineno);
      return FALSE;
    }
  if (!valid_type (type))
    {
      g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX,
                   "%s:%u: type \"%s\" must be an upper-case word such as PERSON, ORG, AGENCY, GROUP",
                   file, lineno, type);
      return FALSE;
    }
  if (*name == '\0')
    {
      g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX, "%s:%u: empty name", file, lineno);
      return FALSE;
    }
  g_autoptr (GPtrArray) aliases = g_ptr_array_new ();
  g_auto (GStrv) parts = NULL;
  if (n >= 4)
    {
      parts = g_strsplit (cols[3], "|", -1);
      for (guint i = 0; parts[i]; i++)
        {
          char *a = trim (parts[i]);
          if (*a == '\0')
            {
              if (parts[1] == NULL)
                break; /* an empty aliases column */
              g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX,
                           "%s:%u: empty alias (alias %u of the list)", file, lineno, i + 1);
              return FALSE;
            }
          g_ptr_array_add (aliases, a);
        }
    }
  g_ptr_array_add (aliases, NULL);
  guint32 flags = 0;
  g_autofree char *tag = NULL;
  if (n == 5 && !parse_flags (cols[4], &flags, &tag, file, lineno, error))
    return FALSE;
  return add_entry (d, id, type, name, (const char *const *) aliases->pdata, flags, tag, file,
                    lineno, error) >= 0;
}

static gboolean
parse_list_line (EgDict *d, const char *line, const char *type, const char *file,
                 guint lineno, GError **error)
{
  g_autofree char *id = eg_dict_make_id (type, line);
  if (g_hash_table_contains (d->by_id, id))
    {
      /* Two names with one slug ("U.S. Army", "US Army"): keep both, apart. */
      char *again = g_strdup_printf ("%s~%u", id, lineno);
      g_free (id);
      id = again;
    }
  return eg_dict_add (d, id, type, line, NULL, 0, file, lineno, error) >= 0;
}

gboolean
eg_dict_load_file (EgDict *d, const char *path, const char *list_type, GError **error)
{
  g_return_val_if_fail (d != NULL && path != NULL, FALSE);
  g_autoptr (GError) local = NULL;
  g_autoptr (GMappedFile) mf = g_mapped_file_new (path, FALSE, &local);
  if (mf == NULL)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", path, local->message);
      return FALSE;
    }
  return eg_dict_load_data (d, path, g_mapped_file_get_contents (mf),
                            g_mapped_file_get_length (mf), list_type, error);
}

gboolean
eg_dict_load_data (EgDict *d, const char *path, const char *data, gsize len,
                   const char *list_type, GError **error)
{
  g_return_val_if_fail (d != NULL && path != NULL, FALSE);
  g_return_val_if_fail (d->matcher == NULL && d->image == NULL, FALSE); /* compiled */
  if (list_type == NULL)
    list_type = "ORG";
  /* Format: ".tsv", or a first entry line with a tab. */
  gboolean tsv = g_str_has_suffix (path, ".tsv");
  guint n_ent = d->entities->len, n_al = d->aliases->len;
  guint lineno = 0;
  gsize pos = 0;
  gboolean decided = tsv;
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    pos = 3; /* a byte-order mark */
  while (pos < len)
    {
      const char *start = data + pos;
      const char *nl = memchr (start, '\n', len - pos);
      gsize llen = nl ? (gsize) (nl - start) : len - pos;
      pos += llen + (nl ? 1 : 0);
      lineno++;
      if (llen > 0 && start[llen - 1] == '\r')
        llen--;
      if (llen > EG_DICT_MAX_LINE)
        {
          g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX,
                       "%s:%u: line longer than %d bytes", path, lineno, EG_DICT_MAX_LINE);
          goto fail;
        }
      if (memchr (start, '\0', llen) != NULL)
        {
          g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX, "%s:%u: NUL byte in line", path,
                       lineno);
          goto fail;
        }
      g_autofree char *line = g_strndup (start, llen);
      const char *bad;
      if (!g_utf8_validate (line, -1, &bad))
        {
          g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX,
                       "%s:%u: invalid UTF-8 at column %u", path, lineno,
                       (guint) (bad - line) + 1);
          goto fail;
        }
      char *s = g_strstrip (line);
      if (*s == '\0' || *s == '#')
        continue;
      if (!decided)
        {
          tsv = strchr (line, '\t') != NULL;
          decided = TRUE;
        }
      gboolean ok = tsv ? parse_tsv_line (d, line, path, lineno, error)
                        : (strchr (line, '\t')
                             ? (g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX,
                                             "%s:%u: a tab in a plain name list (one name a line)",
                                             path, lineno),
                                FALSE)
                             : parse_list_line (d, s, list_type, path, lineno, error));
      if (!ok)
        goto fail;
    }
  return TRUE;

fail:
  truncate_to (d, n_ent, n_al);
  return FALSE;
}

static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GPtrArray *
eg_dict_list_dir (const char *dir, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GDir) gd = g_dir_open (dir, 0, &local);
  if (gd == NULL)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", dir, local->message);
      return NULL;
    }
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *n;
  while ((n = g_dir_read_name (gd)) != NULL)
    if (g_str_has_suffix (n, ".tsv"))
      g_ptr_array_add (names, g_build_filename (dir, n, NULL));
  g_ptr_array_sort (names, compare_paths);
  return names;
}

gboolean
eg_dict_load_dir (EgDict *d, const char *dir, GError **error)
{
  g_autoptr (GPtrArray) names = eg_dict_list_dir (dir, error);
  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    if (!eg_dict_load_file (d, g_ptr_array_index (names, i), NULL, error))
      return FALSE;
  return TRUE;
}
