/* fuzz_image.c - libFuzzer target: opening damaged compiled dictionaries. A valid image of
 * the shipped dictionaries ($EG_FUZZ_DICTS) is built once; each input is a list of patches
 * (4 bytes of offset, 1 byte of value) applied to a copy of it, so that the damage lands
 * near the structures a real image has. Opening must refuse the image or give a
 * dictionary that can be read through and searched without a fault. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "dict.h"
#include "matcher.h"

#define CHECK(c) do { if (!(c)) abort (); } while (0)

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *image;  /* the valid image */
static gsize image_len;
static char *path;   /* where each damaged copy is written */

static void
init (void)
{
  const char *dir = g_getenv ("EG_FUZZ_DICTS");
  g_autoptr (EgDict) d = eg_dict_new ();
  CHECK (eg_dict_load_dir (d, dir ? dir : "dicts", NULL));
  CHECK (eg_dict_compile (d, NULL));
  guint8 digest[EG_DICT_DIGEST_LEN] = { 0 };
  path = g_strdup_printf ("%s/fuzz-image-%d.egd", g_get_tmp_dir (), (int) getpid ());
  CHECK (eg_dict_save (d, digest, path, NULL));
  CHECK (g_file_get_contents (path, &image, &image_len, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (image == NULL)
    init ();
  g_autofree char *copy = g_memdup2 (image, image_len);
  for (size_t i = 0; i + 5 <= size; i += 5)
    {
      guint32 off;
      memcpy (&off, data + i, 4);
      copy[off % image_len] = (char) data[i + 4];
    }
  CHECK (g_file_set_contents (path, copy, (gssize) image_len, NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDict) d = eg_dict_open (path, NULL, &error);
  CHECK ((d == NULL) == (error != NULL));
  if (d == NULL)
    return 0;
  for (guint i = 0; i < eg_dict_n_aliases (d); i++)
    {
      EgAlias a = eg_dict_alias (d, i);
      CHECK (a.entity < eg_dict_n_entities (d));
      (void) eg_dict_lookup (d, a.text);
      (void) eg_dict_alias_for (d, i, NULL);
    }
  for (guint i = 0; i < eg_dict_n_entities (d); i++)
    (void) eg_dict_find_id (d, eg_dict_entity (d, i).id);
  static const char text[] = "the secretariat of foreign relations (sre) met un agencies, "
                             "ngos and the federal police in mexico city";
  g_autoptr (GArray) hits = g_array_new (FALSE, FALSE, sizeof (EgMatch));
  eg_matcher_find (eg_dict_matcher (d), text, sizeof text - 1, hits);
  for (guint i = 0; i < hits->len; i++)
    CHECK (g_array_index (hits, EgMatch, i).pattern < eg_dict_n_aliases (d));
  return 0;
}
