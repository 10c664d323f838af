/* fuzz_matcher.c - libFuzzer target: the matcher with a random dictionary and text. Input:
 * patterns one a line, a NUL byte, then the text. Every match must be a whole-word
 * occurrence of its pattern, in order, without overlap, and no longer pattern may match at
 * the same start (leftmost-longest). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "matcher.h"
#include "norm.h"

#define CHECK(c) do { if (!(c)) abort (); } while (0)

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const uint8_t *nul = memchr (data, 0, size);
  if (nul == NULL)
    return 0;
  g_autofree char *dict = g_strndup ((const char *) data, (gsize) (nul - data));
  const char *text = (const char *) nul + 1;
  gsize len = size - (gsize) (nul - data) - 1;
  g_auto (GStrv) lines = g_strsplit (dict, "\n", 64);
  g_autoptr (GPtrArray) pats = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; lines[i]; i++)
    g_ptr_array_add (pats, eg_fold_string (lines[i], -1));
  g_autoptr (GError) error = NULL;
  g_autoptr (EgMatcher) m = eg_matcher_new ((const char *const *) pats->pdata, pats->len, &error);
  if (m == NULL)
    return 0;
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (EgMatch));
  eg_matcher_find (m, text, len, out);
  guint32 last = 0;
  for (guint i = 0; i < out->len; i++)
    {
      const EgMatch *x = &g_array_index (out, EgMatch, i);
      CHECK (x->pattern < pats->len && x->start >= last && x->start < x->end && x->end <= len);
      const char *p = g_ptr_array_index (pats, x->pattern);
      CHECK (strlen (p) == x->end - x->start && memcmp (p, text + x->start, strlen (p)) == 0);
      CHECK (x->start == 0 || !eg_fold_is_word ((guchar) text[x->start - 1]));
      CHECK (x->end == len || !eg_fold_is_word ((guchar) text[x->end]));
      for (guint k = 0; k < pats->len; k++)
        {
          const char *q = g_ptr_array_index (pats, k);
          gsize ql = strlen (q);
          if (ql > x->end - x->start && x->start + ql <= len
              && memcmp (q, text + x->start, ql) == 0
              && (x->start + ql == len || !eg_fold_is_word ((guchar) text[x->start + ql])))
            abort (); /* a longer whole-word pattern starts here */
        }
      last = x->end;
    }
  return 0;
}
