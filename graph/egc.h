/* egc.h - partial counts written down: the ".egc" format (format in graph/EGC.md).
 *
 * An EgCooc saved with eg_egc_write() and read back with eg_egc_read() is the same counts.
 * Reading adds to the counts already there, so reading several files (in any order, each
 * from any split of the corpus) sums them: map-reduce across cores and machines. The format
 * is line-oriented UTF-8 TSV, one record a line, versioned in its first line; lines are
 * written sorted, and a reader accepts them in any order (so `sort` between a mapper and a
 * reducer is harmless). */
#pragma once

#include <stdio.h>
#include <glib.h>
#include "cooc.h"

G_BEGIN_DECLS

#define EG_EGC_VERSION 1

/* Writes @c to @fp. FALSE with @error set (EG_ERROR_IO) if writing fails. */
gboolean eg_egc_write (const EgCooc *c, FILE *fp, const char *name, GError **error);

/* Adds the counts in the file @path ("-": standard input) to @c. Returns FALSE with
 * @error set (EG_ERROR_FORMAT, "path:line: what is wrong") on a malformed line, a version
 * this program does not know, or a window level other than @c's. */
gboolean eg_egc_read (EgCooc *c, const char *path, GError **error);

/* Reads the header of @path: its window level and evidence cap, to make the EgCooc that
 * eg_egc_read() fills. FALSE with @error set as above. */
gboolean eg_egc_peek (const char *path, EgLevel *level, guint *evidence_cap, GError **error);

G_END_DECLS
