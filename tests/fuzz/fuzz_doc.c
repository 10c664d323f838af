/* fuzz_doc.c - libFuzzer target: the document reader (cable, news copy, HTML, plain text),
 * its header parser, folding and surfaces, and the cutting of a dump into its cables.
 * Checks the reader's promises: spans sorted and inside the bytes, windows and sentences
 * likewise, the fold map inside the bytes; a dump's documents in order, covering it, and
 * the same when it is read in parts of any size. */
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

/* The documents of @src cut as one thread cuts them, then as threads reading parts of
 * @part bytes do: the same starts, in order, the first at 0. */
static void
check_dump (const EgSource *src, gsize size, gsize part)
{
  g_autoptr (GArray) one = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize s = 0;
  do
    {
      g_array_append_val (one, s);
      gsize e = eg_source_next (src, s);
      CHECK (e > s || (e == s && size == 0));
      CHECK (e <= size);
      s = e;
    }
  while (s < size);
  guint k = 0;
  for (gsize from = 0; from < size; from += part)
    {
      s = eg_source_start_in (src, from, from + part);
      if (from > 0 && s >= MIN (size, from + part))
        continue;
      for (;;)
        {
          CHECK (k < one->len && s == g_array_index (one, gsize, k));
          k++;
          s = eg_source_next (src, s);
          if (s >= size || s >= from + part)
            break;
        }
    }
  CHECK (size == 0 || k == one->len);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (EgSource) src = eg_source_new_from_bytes ("fuzz.txt", bytes);
  check_dump (src, size, size > 0 ? 1 + data[size - 1] * size / 256 : 1);
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
