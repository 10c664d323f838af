/* dictimage.c - compiled dictionaries: writing, checking and mapping their images
 * (format: extract/DICTIMAGE.md; contract: dict.h). */
#include "dictimage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "error.h"
#include "matcher.h"
#include "norm.h"

/* Bump when the layout changes, or when loading, folding or building the matcher would
 * give another dictionary from the same files. */
#define IMAGE_VERSION 3
#define IMAGE_MAGIC "EGDICT\r\n"
#define BYTE_ORDER_MARK 0x01020304u

typedef struct {
  char magic[8];
  guint32 version;
  guint32 byte_order;
  guint64 size; /* of the whole file */
  guint8 digest[EG_DICT_DIGEST_LEN];
  guint32 n_entities, n_aliases, n_warnings;
  guint32 id_slots, fold_slots; /* powers of two */
  guint32 reserved;
  /* Sections: offsets from the start of the file, each a multiple of 8. */
  guint64 entities, aliases, id_table, fold_table, warnings, strings, n_strings, matcher,
    n_matcher;
} Header;

G_STATIC_ASSERT (sizeof (Header) % 8 == 0);
G_STATIC_ASSERT (sizeof (EgImageEntity) == 20 && sizeof (EgImageAlias) == 24);

void
eg_dict_image_free (EgDictImage *img)
{
  g_mapped_file_unref (img->file);
  g_free (img);
}

/* ---- the digest of the sources ------------------------------------------------------------ */

static void
digest_string (GChecksum *sum, const char *s)
{
  g_checksum_update (sum, (const guchar *) s, (gssize) strlen (s) + 1);
}

gboolean
eg_dict_digest (const char *const *paths, guint n_paths, const char *list_type,
                guint8 digest[EG_DICT_DIGEST_LEN], GError **error)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  /* What the files become depends on this code too: the format version, and folding,
   * sampled on letters it changes. */
  g_autofree char *probe = eg_fold_string ("Ñandú ÉCOLE Straße Øresund İstanbul ﬁ’", -1);
  g_autofree char *version = g_strdup_printf ("entgraph dictionary image %d", IMAGE_VERSION);
  digest_string (sum, version);
  digest_string (sum, probe);
  digest_string (sum, list_type ? list_type : "ORG");
  for (guint i = 0; i < n_paths; i++)
    {
      g_autoptr (GError) local = NULL;
      g_autoptr (GMappedFile) mf = g_mapped_file_new (paths[i], FALSE, &local);
      if (mf == NULL)
        {
          g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", paths[i], local->message);
          return FALSE;
        }
      guint64 len = g_mapped_file_get_length (mf);
      digest_string (sum, paths[i]);
      g_checksum_update (sum, (const guchar *) &len, sizeof len);
      if (len > 0)
        g_checksum_update (sum, (const guchar *) g_mapped_file_get_contents (mf), (gssize) len);
    }
  gsize n = EG_DICT_DIGEST_LEN;
  g_checksum_get_digest (sum, digest, &n);
  return TRUE;
}

/* ---- writing ------------------------------------------------------------------------------ */

/* Strings are stored once where they repeat: types, files and tags through a table (there
 * are few), an alias written as its entity's name (every entry of a plain list) and a
 * folded text equal to its alias by comparison. A table of every string cost a second and
 * 100 MB for a million names. */
typedef struct {
  GByteArray *strings;
  GHashTable *seen; /* type, file or tag -> offset + 1 */
  gboolean too_large;
} Strings;

static guint32
add_string (Strings *st, const char *s)
{
  guint32 off = st->strings->len;
  gsize len = strlen (s) + 1;
  if (len > G_MAXUINT32 / 2 - off)
    {
      st->too_large = TRUE; /* offsets are 32-bit; reported by the caller */
      return 0;
    }
  g_byte_array_append (st->strings, (const guint8 *) s, (guint) len);
  return off;
}

static guint32
intern (Strings *st, const char *s)
{
  if (s == NULL)
    return EG_IMAGE_NONE;
  guint32 off = GPOINTER_TO_UINT (g_hash_table_lookup (st->seen, s));
  if (off != 0)
    return off - 1;
  off = add_string (st, s);
  g_hash_table_insert (st->seen, (gpointer) s, GUINT_TO_POINTER (off + 1));
  return off;
}

static guint32
table_size (guint n)
{
  guint32 size = 8;
  while (size < (guint64) n + n / 2 + 1)
    size *= 2;
  return size;
}

static void
table_put (guint32 *slots, guint32 mask, guint32 h, guint32 value)
{
  while (slots[h & mask] != 0)
    h++;
  slots[h & mask] = value;
}

/* Is alias @i the first of those with its folded text (the head of their chain)? */
static gboolean
is_head (const EgDict *d, guint i, const char *folded)
{
  if (d->image)
    return eg_image_find_folded (d->image, folded) == (gint) i;
  return GPOINTER_TO_UINT (g_hash_table_lookup (d->by_folded, folded)) == i + 1;
}

typedef struct {
  FILE *fp;
  guint64 off; /* bytes written */
} Writer;

/* Writes @len bytes at @data at the next offset that is a multiple of 8; returns it. Errors
 * show in ferror() at the end. */
static guint64
put (Writer *w, gconstpointer data, gsize len)
{
  static const guint8 zeros[8] = { 0 };
  gsize pad = (8 - w->off % 8) % 8;
  fwrite (zeros, 1, pad, w->fp);
  guint64 at = w->off + pad;
  if (len > 0)
    fwrite (data, 1, len, w->fp);
  w->off = at + len;
  return at;
}

gboolean
eg_dict_save (const EgDict *d, const guint8 digest[EG_DICT_DIGEST_LEN], const char *path,
              GError **error)
{
  g_return_val_if_fail (d != NULL && d->matcher != NULL && digest != NULL, FALSE);
  guint n_ent = eg_dict_n_entities (d), n_al = eg_dict_n_aliases (d);
  Strings st = { g_byte_array_new (), g_hash_table_new (g_str_hash, g_str_equal) };
  g_byte_array_append (st.strings, (const guint8 *) "", 1);

  g_autofree EgImageEntity *ents = g_new (EgImageEntity, MAX (n_ent, 1));
  g_autofree guint32 *id_slots = g_new0 (guint32, table_size (n_ent));
  guint32 id_mask = table_size (n_ent) - 1;
  for (guint i = 0; i < n_ent; i++)
    {
      EgEntity e = eg_dict_entity (d, i);
      ents[i] = (EgImageEntity) { add_string (&st, e.id), intern (&st, e.type),
                                  add_string (&st, e.name), intern (&st, e.file), e.line };
      table_put (id_slots, id_mask, eg_image_hash (e.id), i + 1);
    }
  g_autofree EgImageAlias *als = g_new (EgImageAlias, MAX (n_al, 1));
  g_autofree guint32 *fold_slots = g_new0 (guint32, table_size (n_al));
  guint32 fold_mask = table_size (n_al) - 1;
  for (guint i = 0; i < n_al; i++)
    {
      EgAlias a = eg_dict_alias (d, i);
      guint32 text = strcmp (a.text, eg_dict_entity (d, a.entity).name) == 0
                       ? ents[a.entity].name : add_string (&st, a.text);
      guint32 folded = strcmp (a.folded, a.text) == 0 ? text : add_string (&st, a.folded);
      als[i] = (EgImageAlias) { text, folded, a.entity, a.flags, intern (&st, a.tag), a.next };
      if (is_head (d, i, a.folded))
        table_put (fold_slots, fold_mask, eg_image_hash (a.folded), i + 1);
    }
  g_autofree guint32 *warns = g_new (guint32, MAX (d->warnings->len, 1));
  for (guint i = 0; i < d->warnings->len; i++)
    warns[i] = add_string (&st, g_ptr_array_index (d->warnings, i));
  g_hash_table_destroy (st.seen);

  Header h = { .version = IMAGE_VERSION, .byte_order = BYTE_ORDER_MARK,
               .n_entities = n_ent, .n_aliases = n_al, .n_warnings = d->warnings->len,
               .id_slots = id_mask + 1, .fold_slots = fold_mask + 1 };
  memcpy (h.magic, IMAGE_MAGIC, sizeof h.magic);
  memcpy (h.digest, digest, EG_DICT_DIGEST_LEN);
  g_autoptr (GByteArray) m = g_byte_array_new ();
  eg_matcher_write (d->matcher, m);
  gsize total = sizeof h + 20 * (gsize) n_ent + 24 * (gsize) n_al
                + 4 * ((gsize) id_mask + fold_mask + 2 + d->warnings->len) + st.strings->len
                + m->len + 8 * 8;
  if (total >= G_MAXUINT32 || st.too_large)
    {
      g_byte_array_unref (st.strings);
      g_set_error (error, EG_ERROR, EG_ERROR_TOO_LARGE,
                   "%s: the compiled dictionary would exceed its limits (4 GiB in all, "
                   "2 GiB of names)", path);
      return FALSE;
    }
  /* Written section by section to a temporary file beside @path, renamed over it at the
   * end: no copy of the whole image in memory, and no half-written image under its name. */
  g_autofree char *tmp = g_strdup_printf ("%s.XXXXXX", path);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      g_byte_array_unref (st.strings);
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", tmp, g_strerror (errno));
      return FALSE;
    }
  Writer w = { fdopen (fd, "wb"), 0 };
  if (w.fp == NULL)
    close (fd);
  else
    {
      put (&w, &h, sizeof h);
      h.entities = put (&w, ents, n_ent * sizeof *ents);
      h.aliases = put (&w, als, n_al * sizeof *als);
      h.id_table = put (&w, id_slots, (id_mask + 1) * sizeof (guint32));
      h.fold_table = put (&w, fold_slots, (fold_mask + 1) * sizeof (guint32));
      h.warnings = put (&w, warns, d->warnings->len * sizeof (guint32));
      h.n_strings = st.strings->len;
      h.strings = put (&w, st.strings->data, st.strings->len);
      h.n_matcher = m->len;
      h.matcher = put (&w, m->data, m->len);
      h.size = w.off;
    }
  g_byte_array_unref (st.strings);
  gboolean ok = w.fp != NULL && fseek (w.fp, 0, SEEK_SET) == 0
                && fwrite (&h, sizeof h, 1, w.fp) == 1 && fflush (w.fp) == 0 && !ferror (w.fp)
                && fsync (fileno (w.fp)) == 0;
  int saved = errno;
  if (w.fp != NULL && fclose (w.fp) != 0 && ok)
    {
      ok = FALSE;
      saved = errno;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      ok = FALSE;
      saved = errno;
    }
  if (!ok)
    {
      g_unlink (tmp);
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* ---- opening ------------------------------------------------------------------------------ */

/* [off, off + n * size) lies inside the file and off is a multiple of 8. */
static gboolean
fits (guint64 off, guint64 n, gsize size, gsize len)
{
  return off % 8 == 0 && off <= len && n <= (len - off) / size;
}

/* Every string of the table is UTF-8 and the table ends with a NUL. */
static gboolean
strings_valid (const char *s, gsize n)
{
  if (n == 0 || s[n - 1] != '\0')
    return FALSE;
  for (gsize pos = 0; pos < n;)
    {
      gsize len = strlen (s + pos);
      if (!g_utf8_validate_len (s + pos, len, NULL))
        return FALSE;
      pos += len + 1;
    }
  return TRUE;
}

static gboolean
tables_valid (const EgDictImage *img, const guint32 *warnings, guint n_warnings)
{
  gsize ns = img->n_strings;
  for (guint32 i = 0; i < img->n_entities; i++)
    {
      const EgImageEntity *e = &img->entities[i];
      if (e->id >= ns || e->type >= ns || e->name >= ns || e->file >= ns)
        return FALSE;
    }
  for (guint32 i = 0; i < img->n_aliases; i++)
    {
      const EgImageAlias *a = &img->aliases[i];
      if (a->text >= ns || a->folded >= ns || a->entity >= img->n_entities
          || (a->tag != EG_IMAGE_NONE && a->tag >= ns)
          || (a->next != 0 && (a->next <= i + 1 || a->next > img->n_aliases)))
        return FALSE; /* a chain only goes forward, so every walk of it ends */
    }
  for (guint32 i = 0; i <= img->id_mask; i++)
    if (img->id_slots[i] > img->n_entities)
      return FALSE;
  for (guint32 i = 0; i <= img->fold_mask; i++)
    if (img->fold_slots[i] > img->n_aliases)
      return FALSE;
  for (guint i = 0; i < n_warnings; i++)
    if (warnings[i] >= ns)
      return FALSE;
  return TRUE;
}

/* Does the matcher of @img find a sample of its own names, each as the whole of a text?
 * The checks above hold every state inside the tables, but not that the image's bit sets
 * of first words are laid out as this build reads them: an image of another layout under
 * the same version number (version 2 had two) lost most matches without a word. A
 * sample of 64 names, spread over the list, costs microseconds. */
#define SPOT_CHECKS 64

static gboolean
finds_own_names (const EgDictImage *img, const EgMatcher *m)
{
  g_autoptr (GArray) hits = g_array_new (FALSE, FALSE, sizeof (EgMatch));
  guint n = img->n_aliases, samples = MIN (n, SPOT_CHECKS);
  for (guint k = 0; k < samples; k++)
    {
      const char *folded = img->strings + img->aliases[(guint64) k * n / samples].folded;
      gsize len = strlen (folded);
      if (len == 0)
        continue;
      g_array_set_size (hits, 0);
      eg_matcher_find (m, folded, len, hits);
      gboolean whole = FALSE;
      for (guint j = 0; j < hits->len && !whole; j++)
        whole = g_array_index (hits, EgMatch, j).start == 0
                && g_array_index (hits, EgMatch, j).end == len;
      if (!whole)
        return FALSE;
    }
  return TRUE;
}

EgDict *
eg_dict_open (const char *path, const guint8 *digest, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_autoptr (GError) local = NULL;
  GMappedFile *mf = g_mapped_file_new (path, FALSE, &local);
  if (mf == NULL)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", path, local->message);
      return NULL;
    }
  EgDictImage *img = g_new0 (EgDictImage, 1);
  img->file = mf;
  const char *why = "damaged";
  EgError code = EG_ERROR_CACHE;
  const char *data = g_mapped_file_get_contents (mf);
  gsize len = g_mapped_file_get_length (mf);
  Header h;
  if (len < sizeof h)
    goto bad;
  memcpy (&h, data, sizeof h);
  if (memcmp (h.magic, IMAGE_MAGIC, sizeof h.magic) != 0)
    {
      why = "not a compiled dictionary";
      goto bad;
    }
  if (h.version != IMAGE_VERSION || h.byte_order != BYTE_ORDER_MARK)
    {
      code = EG_ERROR_STALE;
      why = "written by another version of entgraph or on another kind of machine";
      goto bad;
    }
  if (digest != NULL && memcmp (h.digest, digest, EG_DICT_DIGEST_LEN) != 0)
    {
      code = EG_ERROR_STALE;
      why = "stale: built from other dictionary files";
      goto bad;
    }
  if (h.size != len || h.id_slots == 0 || (h.id_slots & (h.id_slots - 1)) != 0
      || h.fold_slots == 0 || (h.fold_slots & (h.fold_slots - 1)) != 0
      || !fits (h.entities, h.n_entities, sizeof (EgImageEntity), len)
      || !fits (h.aliases, h.n_aliases, sizeof (EgImageAlias), len)
      || !fits (h.id_table, h.id_slots, sizeof (guint32), len)
      || !fits (h.fold_table, h.fold_slots, sizeof (guint32), len)
      || !fits (h.warnings, h.n_warnings, sizeof (guint32), len)
      || !fits (h.strings, h.n_strings, 1, len) || !fits (h.matcher, h.n_matcher, 1, len))
    goto bad;
  img->entities = (gconstpointer) (data + h.entities);
  img->aliases = (gconstpointer) (data + h.aliases);
  img->n_entities = h.n_entities;
  img->n_aliases = h.n_aliases;
  img->id_slots = (gconstpointer) (data + h.id_table);
  img->fold_slots = (gconstpointer) (data + h.fold_table);
  img->id_mask = h.id_slots - 1;
  img->fold_mask = h.fold_slots - 1;
  img->strings = data + h.strings;
  img->n_strings = h.n_strings;
  const guint32 *warnings = (gconstpointer) (data + h.warnings);
  if (!strings_valid (img->strings, img->n_strings)
      || !tables_valid (img, warnings, h.n_warnings))
    goto bad;
  EgMatcher *m = eg_matcher_new_from_image ((const guint8 *) data + h.matcher, h.n_matcher,
                                            h.n_aliases, NULL);
  if (m == NULL)
    goto bad;
  if (!finds_own_names (img, m))
    {
      eg_matcher_free (m);
      why = "damaged: its matcher does not find its own names";
      goto bad;
    }

  EgDict *d = eg_dict_new ();
  d->image = img;
  d->matcher = m;
  for (guint i = 0; i < h.n_warnings; i++)
    g_ptr_array_add (d->warnings, g_strdup (img->strings + warnings[i]));
  return d;

bad:
  eg_dict_image_free (img);
  g_set_error (error, EG_ERROR, code, "%s: %s", path, why);
  return NULL;
}
