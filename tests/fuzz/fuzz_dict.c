/* fuzz_dict.c - libFuzzer target: the dictionary loader (TSV and plain name lists). The
 * first byte picks the format; a failed load must leave the dictionary as it was. */
#include <stdint.h>
#include <stdlib.h>

#include "dict.h"

#define CHECK(c) do { if (!(c)) abort (); } while (0)

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  const char *name = (data[0] & 1) ? "fuzz.tsv" : "fuzz.txt";
  g_autoptr (EgDict) d = eg_dict_new ();
  g_autoptr (GError) error = NULL;
  gboolean ok = eg_dict_load_data (d, name, (const char *) data + 1, size - 1, NULL, &error);
  CHECK (ok == (error == NULL));
  if (!ok)
    CHECK (eg_dict_n_entities (d) == 0 && eg_dict_n_aliases (d) == 0);
  for (guint i = 0; i < eg_dict_n_aliases (d); i++)
    {
      EgAlias a = eg_dict_alias (d, i);
      CHECK (a.entity < eg_dict_n_entities (d));
      CHECK (eg_dict_lookup (d, a.text) >= 0);
    }
  return 0;
}
