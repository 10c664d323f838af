/* fuzz_extract.c - libFuzzer target: the whole extraction (reader, header parser, folding,
 * matcher, acronyms, rules) with the shipped dictionaries, then co-occurrence counting.
 * Mentions must lie inside the document, sorted and disjoint. */
#include <stdint.h>
#include <stdlib.h>

#include "cooc.h"
#include "dict.h"
#include "doc.h"
#include "extract.h"

#define CHECK(c) do { if (!(c)) abort (); } while (0)

static EgDict *dict;
static EgExtractor *ex;

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  const char *dir = g_getenv ("EG_FUZZ_DICTS");
  dict = eg_dict_new ();
  if (!eg_dict_load_dir (dict, dir ? dir : "dicts", NULL) || eg_dict_n_aliases (dict) == 0)
    abort ();
  ex = eg_extractor_new (dict, 0, NULL);
  CHECK (ex != NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (EgDoc) doc = eg_doc_new_from_bytes ("fuzz.txt", bytes, NULL);
  if (doc == NULL)
    return 0;
  g_autoptr (EgMentions) m = eg_extractor_run (ex, doc);
  guint32 last = 0;
  for (guint i = 0; i < m->mentions->len; i++)
    {
      const EgMention *mn = &g_array_index (m->mentions, EgMention, i);
      CHECK (mn->start >= last && mn->start < mn->end && mn->end <= size);
      CHECK (mn->entity < m->n_dict + m->locals->len);
      last = mn->end;
    }
  g_autoptr (EgCooc) c = eg_cooc_new (EG_LEVEL_PARAGRAPH, 2);
  eg_cooc_add (c, m, dict);
  return 0;
}
