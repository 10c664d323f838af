/* acronym.h - in-document acronym definitions: "Long Form (LF)" and "LF (Long Form)".
 *
 * Finds definitions in the folded text of a document and checks them with the letter
 * alignment of Schwartz & Hearst (2003): every letter and digit of the acronym must occur
 * in the long form in order, the first at the start of a word, and the long form is the
 * shortest run of words ending at the parenthesis that allows it. The acronym must be
 * written with at least two capitals in the original text; a long form must start with a
 * capital letter (so "trafficking in persons (TIP)" is not an institution).
 * Private to extract/: extract.c turns definitions into mentions. */
#pragma once

#include <glib.h>
#include "doc.h"
#include "norm.h"

G_BEGIN_DECLS

typedef struct {
  guint32 long_start, long_end; /* folded span of the long form */
  guint32 acr_start, acr_end;   /* folded span of the acronym */
  gboolean acronym_first;       /* "LF (Long Form)" */
} EgAcronymDef;

/* Appends the definitions of @f (the folded text of @doc) to @out (element-type
 * EgAcronymDef), in text order. */
void eg_acronym_find (const EgFolded *f, const EgDoc *doc, GArray *out);

/* The Schwartz & Hearst test on folded strings: returns the byte offset in @lng at which
 * the shortest matching long form starts, or -1 when @acr does not align with @lng. */
gssize eg_acronym_align (const char *acr, gsize acr_len, const char *lng, gsize lng_len);

/* Is folded [@fs, @fe) of @f an acronym as written in @doc: one token of letters, digits and
 * "-/&." of at most 12 bytes, starting with a letter, with two capitals or more and no
 * lower-case letter but a final plural "s"? */
gboolean eg_acronym_is_token (const EgFolded *f, const EgDoc *doc, gsize fs, gsize fe);

/* Is folded [@fs, @fe) a capitalized name as written: words that start with a capital but
 * for short function words ("of", "the", "de"), no punctuation inside? */
gboolean eg_acronym_is_name (const EgFolded *f, const EgDoc *doc, gsize fs, gsize fe);

/* The start of the longest capitalized name that ends at folded @end (exclusive, a word
 * end), a leading "the" left out; -1 when there is none. At most 10 words back. */
gssize eg_acronym_gloss_start (const EgFolded *f, const EgDoc *doc, gsize end);

/* Do the letters of @acr occur as initials of distinct words of @lng (short function words
 * left out), with at most one word more than letters? "INM" is covered by "national
 * migration institute": acronyms of names in another language keep the initials, not
 * their order. */
gboolean eg_acronym_initials_cover (const char *acr, gsize acr_len, const char *lng,
                                    gsize lng_len);

G_END_DECLS
