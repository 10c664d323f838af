/* norm.h - folding text for matching, with a map back to the original bytes.
 *
 * Folding turns the text spans of an EgDoc (or any string, such as a dictionary alias) into
 * the form the matcher sees:
 *  - Unicode case folding and accent removal through GLib ("Secretaría" -> "secretaria",
 *    "É" -> "e"); ASCII letters and digits are lowered by table, without decoding;
 *  - every run of white space, U+2028/U+2029, NBSP and every gap between text spans (page
 *    breaks, SIPDIS, adverts) becomes one space; a hyphen at a line end followed by a word
 *    joins it ("non-\ngovernmental" -> "non-governmental");
 *  - typographic quotes and dashes become ASCII (’ -> ', “ -> ", – -> -);
 *  - HTML entities are decoded when the document is HTML (&amp; -> &);
 *  - any other non-ASCII character that is not a letter, mark or digit, and every invalid
 *    UTF-8 byte, becomes EG_FOLD_OTHER, a separator no alias contains.
 * The folded text is ASCII except for letters of scripts without ASCII folding (Arabic,
 * Cyrillic...), which stay UTF-8. Word characters for matching are ASCII letters and digits
 * and every byte >= 0x80 (see eg_fold_is_word()).
 *
 * For each folded byte the map holds the original span of the character it came from, so a
 * match [fs, fe) in folded text is the original range [src_start[fs], src_end[fe-1]). */
#pragma once

#include <glib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "doc.h"

G_BEGIN_DECLS

#define EG_FOLD_OTHER '\x01'

typedef struct {
  char *text;         /* folded bytes, NUL-terminated */
  gsize len;
  guint32 *src_start; /* len entries: original offset where the source char begins */
  guint32 *src_end;   /* len entries: original offset where the source char ends */
  guint64 *word_bits; /* bit i % 64 of word i / 64: text[i] is a word byte (eg_fold_is_word());
                       * len / 64 + 1 words, every bit from len on clear */
} EgFolded;

/* Folds the text spans of @doc. Returns: (transfer full) free with eg_folded_free().
 * Never fails: bytes that cannot be decoded become EG_FOLD_OTHER. */
EgFolded *eg_fold_doc (const EgDoc *doc);

/* Folds one string of @len bytes (-1: NUL-terminated) the same way, without a map.
 * Leading and trailing white space is dropped. Returns: (transfer full) a new string. */
char *eg_fold_string (const char *s, gssize len);

/* The original text of folded range [@fstart, @fend) as written, with every gap and white
 * space run made one space and outer white space trimmed. Returns: (transfer full). */
char *eg_folded_surface (const EgFolded *f, const EgDoc *doc, gsize fstart, gsize fend);

/* eg_folded_surface() appended to @out (no NUL of its own): many surfaces in one buffer. */
void eg_folded_surface_append (const EgFolded *f, const EgDoc *doc, gsize fstart, gsize fend,
                               GString *out);

void eg_folded_free (EgFolded *f);

static inline gboolean
eg_fold_is_word (guchar c)
{
  return g_ascii_isalnum (c) || c >= 0x80;
}

/* Bit i set when t[i] is a word byte (eg_fold_is_word()), for the 64 bytes at @t. */
static inline guint64
eg_fold_word_mask64 (const guchar *t)
{
#ifdef __SSE2__
  guint64 mask = 0;
  const __m128i digit_bias = _mm_set1_epi8 (0x50), digit_lim = _mm_set1_epi8 (-118);
  const __m128i case_bit = _mm_set1_epi8 (0x20), alpha_bias = _mm_set1_epi8 (0x1f);
  const __m128i alpha_lim = _mm_set1_epi8 (-102);
  for (guint j = 0; j < 4; j++)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) (t + 16 * j));
      /* >= 0x80 is the sign bit itself; '0'..'9' + 0x50 and ('a'..'z' | 0x20) + 0x1f land
       * on 0x80..0x89 and 0x80..0x99, the smallest signed bytes. */
      __m128i digit = _mm_cmplt_epi8 (_mm_add_epi8 (v, digit_bias), digit_lim);
      __m128i alpha = _mm_cmplt_epi8 (_mm_add_epi8 (_mm_or_si128 (v, case_bit), alpha_bias),
                                      alpha_lim);
      guint32 bits = (guint32) _mm_movemask_epi8 (_mm_or_si128 (v, _mm_or_si128 (digit, alpha)));
      mask |= (guint64) bits << (16 * j);
    }
  return mask;
#else
  guint64 mask = 0;
  for (guint i = 0; i < 64; i++)
    mask |= (guint64) eg_fold_is_word (t[i]) << i;
  return mask;
#endif
}

/* eg_fold_word_mask64() of the bytes of @t from @base, of which @len - @base (> 0) remain:
 * the bits past the end clear. */
static inline guint64
eg_fold_word_mask_at (const guchar *t, gsize len, gsize base)
{
  if (len - base >= 64)
    return eg_fold_word_mask64 (t + base);
  guchar tail[64] = { 0 }; /* NUL is not a word byte */
  memcpy (tail, t + base, len - base);
  return eg_fold_word_mask64 (tail);
}

/* The first word byte of @f at or after @i, or @to (<= f->len) if none comes before it. */
static inline gsize
eg_folded_next_word (const EgFolded *f, gsize i, gsize to)
{
  if (i >= to)
    return to;
  gsize w = i / 64;
  guint64 bits = f->word_bits[w] >> (i % 64);
  if (bits != 0)
    return MIN (i + (gsize) __builtin_ctzll (bits), to);
  for (w++; w * 64 < to; w++)
    if (f->word_bits[w] != 0)
      return MIN (w * 64 + (gsize) __builtin_ctzll (f->word_bits[w]), to);
  return to;
}

/* The first byte of @f at or after @i that is not a word byte, or @to (<= f->len). */
static inline gsize
eg_folded_word_end (const EgFolded *f, gsize i, gsize to)
{
  if (i >= to)
    return to;
  gsize w = i / 64;
  guint64 bits = ~f->word_bits[w] >> (i % 64);
  if (bits != 0)
    return MIN (i + (gsize) __builtin_ctzll (bits), to);
  for (w++; w * 64 < to; w++)
    if (~f->word_bits[w] != 0)
      return MIN (w * 64 + (gsize) __builtin_ctzll (~f->word_bits[w]), to);
  return to;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EgFolded, eg_folded_free)

G_END_DECLS
