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
#include "doc.h"

G_BEGIN_DECLS

#define EG_FOLD_OTHER '\x01'

typedef struct {
  char *text;         /* folded bytes, NUL-terminated */
  gsize len;
  guint32 *src_start; /* len entries: original offset where the source char begins */
  guint32 *src_end;   /* len entries: original offset where the source char ends */
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

void eg_folded_free (EgFolded *f);

static inline gboolean
eg_fold_is_word (guchar c)
{
  return g_ascii_isalnum (c) || c >= 0x80;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EgFolded, eg_folded_free)

G_END_DECLS
