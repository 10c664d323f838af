/* fuzz_doc.c - libFuzzer target: the document reader (cable, news copy, HTML, plain text),
 * its header parser, folding and surfaces. Checks the reader's promises: spans sorted and
 * inside the bytes, windows and sentences likewise, the fold map inside the bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "doc.h"
#include "norm.h"

#define CHECK(c) do { if (!(c)) abort (); } while (0)

static void
check_spans (const GArray *a, gsize len, gboolean sorted_disjoint)
{
  guint32 last = 0;
  for (guint i = 0; i < a->len; i++)
    {
      const EgSpan *s = &g_array_index (a, EgSpan, i);
      CHECK (s->start <= s->end && s->end <= len);
      if (sorted_disjoint)
        CHECK (s->start >= last);
      last = s->end;
    }
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (EgDoc) doc = eg_doc_new_from_bytes ("fuzz.txt", bytes, &error);
  if (doc == NULL)
    {
      CHECK (error != NULL);
      return 0;
    }
  check_spans (doc->text, size, TRUE);
  check_spans (doc->sentences, size, TRUE);
  for (guint i = 0; i < doc->windows->len; i++)
    {
      const EgWindow *w = &g_array_index (doc->windows, EgWindow, i);
      CHECK (w->span.start <= w->span.end && w->span.end <= size);
    }
  g_autoptr (EgFolded) f = eg_fold_doc (doc);
  for (gsize i = 0; i < f->len; i++)
    CHECK (f->src_start[i] <= f->src_end[i] && f->src_end[i] <= size);
  if (f->len > 0)
    {
      g_autofree char *s = eg_folded_surface (f, doc, 0, f->len);
      CHECK (g_utf8_validate (s, -1, NULL) || doc->n_invalid_utf8 > 0);
    }
  (void) eg_doc_name (doc);
  if (size > 0)
    {
      (void) eg_doc_window_at (doc, data[0] * size / 256);
      (void) eg_doc_sentence_at (doc, data[0] * size / 256);
    }
  return 0;
}
