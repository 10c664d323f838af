/* matcher.h - dictionary matcher over folded text.
 *
 * Built once from a list of folded patterns (see norm.h), immutable afterwards and safe to
 * share between threads. A search reports leftmost-longest, non-overlapping, whole-word
 * matches: a match starts at a word start (the byte before is not a word character, see
 * eg_fold_is_word()) and ends at a word end; among matches starting at the same place the
 * longest wins; scanning resumes after the match. "European Union" beats "Union".
 *
 * A match is (pattern id, [start, end)) in bytes of the folded text, the pattern id being the
 * index in the build list. Identical patterns keep the lowest id. Case and accents are the
 * folding's business: the matcher compares bytes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longest pattern accepted, in bytes; longer ones are refused at build time. */
#define EG_MATCHER_MAX_PATTERN 512

typedef struct {
  guint32 pattern;
  guint32 start, end;
} EgMatch;

typedef struct _EgMatcher EgMatcher;

/* Returns: (transfer full) a matcher for the @n folded @patterns, or NULL with @error set
 * (EG_ERROR_DICT_EMPTY when @n is 0 or every pattern is empty, EG_ERROR_TOO_LARGE when a
 * pattern exceeds EG_MATCHER_MAX_PATTERN). The patterns are copied. Empty patterns are
 * skipped. Free with eg_matcher_free(); NULL is accepted. */
EgMatcher *eg_matcher_new (const char *const *patterns, guint n, GError **error);

/* Appends the matches in @text[0, @len) to @out (element-type EgMatch), in order of start.
 * Cannot fail. */
void eg_matcher_find (const EgMatcher *m, const char *text, gsize len, GArray *out);

/* Appends the matcher's tables to @out as an image for eg_matcher_new_from_image(), in
 * this machine's byte order. Place it at an offset that is a multiple of 8. */
void eg_matcher_write (const EgMatcher *m, GByteArray *out);

/* Returns: (transfer full) a matcher that reads its tables from the @len bytes at @data
 * (8-aligned, written by eg_matcher_write()), which must outlive it; or NULL with @error
 * set (EG_ERROR_CACHE) when they are damaged. Every state is checked, so a search of a
 * matcher returned here stays inside @data, and reports pattern ids below @n_patterns. */
EgMatcher *eg_matcher_new_from_image (const guint8 *data, gsize len, guint n_patterns,
                                      GError **error);

/* Bytes held by the matcher's tables (for benchmarks). */
gsize eg_matcher_memory (const EgMatcher *m);
guint eg_matcher_n_states (const EgMatcher *m);

void eg_matcher_free (EgMatcher *m);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EgMatcher, eg_matcher_free)

G_END_DECLS
