/* dictimage.h - private to dict.c and dictimage.c: the layout of a compiled dictionary
 * (extract/DICTIMAGE.md) and how to read it. */
#pragma once

#include <string.h>

#include "dict.h"

G_BEGIN_DECLS

#define EG_IMAGE_NONE G_MAXUINT32 /* an absent string (an alias without a tag) */

/* Strings are offsets into the image's string table, each NUL-terminated. */
typedef struct {
  guint32 id, type, name, file, line;
} EgImageEntity;

typedef struct {
  guint32 text, folded, entity, flags, tag, next;
} EgImageAlias;

struct _EgDictImage {
  GMappedFile *file;
  const EgImageEntity *entities;
  const EgImageAlias *aliases;
  guint32 n_entities, n_aliases;
  const guint32 *id_slots;   /* open addressing on eg_image_hash (id): entity + 1, 0 empty */
  const guint32 *fold_slots; /* the same on the folded text of each chain's head alias */
  guint32 id_mask, fold_mask; /* slots - 1 (a power of two less one) */
  const char *strings;
  gsize n_strings;
};

/* FNV-1a: the image's hash, fixed by the format. */
static inline guint32
eg_image_hash (const char *s)
{
  guint32 h = 2166136261u;
  for (const guchar *p = (const guchar *) s; *p; p++)
    h = (h ^ *p) * 16777619u;
  return h;
}

static inline const char *
eg_image_str (const EgDictImage *img, guint32 off)
{
  return off == EG_IMAGE_NONE ? NULL : img->strings + off;
}

static inline EgEntity
eg_image_entity (const EgDictImage *img, guint i)
{
  const EgImageEntity *e = &img->entities[i];
  return (EgEntity) { img->strings + e->id, img->strings + e->type, img->strings + e->name,
                      img->strings + e->file, e->line };
}

static inline EgAlias
eg_image_alias (const EgDictImage *img, guint i)
{
  const EgImageAlias *a = &img->aliases[i];
  return (EgAlias) { img->strings + a->text, img->strings + a->folded, a->entity, a->flags,
                     eg_image_str (img, a->tag), a->next };
}

/* The probe of a hash table of the image for @key: the entity (@by_id) or head alias whose
 * id or folded text is @key, or -1. It stops at an empty slot or after every slot. */
static inline gint
eg_image_probe (const EgDictImage *img, const char *key, gboolean by_id)
{
  const guint32 *slots = by_id ? img->id_slots : img->fold_slots;
  guint32 mask = by_id ? img->id_mask : img->fold_mask, h = eg_image_hash (key);
  for (guint32 n = 0; n <= mask; n++, h++)
    {
      guint32 v = slots[h & mask];
      if (v == 0)
        return -1;
      guint32 off = by_id ? img->entities[v - 1].id : img->aliases[v - 1].folded;
      if (strcmp (img->strings + off, key) == 0)
        return (gint) (v - 1);
    }
  return -1;
}

static inline gint
eg_image_find_id (const EgDictImage *img, const char *id)
{
  return eg_image_probe (img, id, TRUE);
}

static inline gint
eg_image_find_folded (const EgDictImage *img, const char *folded)
{
  return eg_image_probe (img, folded, FALSE);
}

void eg_dict_image_free (EgDictImage *img);

G_END_DECLS
