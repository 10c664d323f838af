/* select.h - which documents are counted: a predicate over cable header fields.
 *
 * An EgDocFilter holds the --since, --until, --tag, --origin and --classification choices.
 * A document passes when it passes every field given; within one field, any of several
 * values will do. A document lacking a field that is asked about does not pass. Pure: no
 * allocation, no state. */
#pragma once

#include <glib.h>
#include "doc.h"

G_BEGIN_DECLS

typedef struct {
  const char *since;             /* ISO 8601 prefix: the cable's date, cut to its length, >= */
  const char *until;             /* ISO 8601 prefix: the cable's date, cut to its length, <= */
  const char *const *tags;       /* TAGS: any of, compared without regard to case */
  const char *const *origins;    /* whole words of the origin ("MEXICO", "AMCONSUL MONTERREY") */
  const char *const *classifications; /* whole words of the marking ("SECRET", "NOFORN") */
} EgDocFilter;

/* TRUE when @f asks anything at all. */
gboolean eg_doc_filter_active (const EgDocFilter *f);

/* TRUE when a document with header fields @meta passes @f. */
gboolean eg_doc_filter_match (const EgDocFilter *f, const EgDocMeta *meta);

/* TRUE when @s is a date prefix --since and --until take: "2006", "2006-09", "2006-09-01",
 * "2006-09-01T20:04Z" and anything between. */
gboolean eg_doc_filter_date_valid (const char *s);

G_END_DECLS
