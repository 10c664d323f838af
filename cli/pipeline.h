/* pipeline.h - documents through the extractor on all cores, results in input order.
 *
 * The input list is cut into batches of consecutive inputs; an input larger than a few MiB
 * (a dump of many cables, see eg_source_start_in()) is cut into parts, one a batch, each
 * reading the documents that begin in it; standard input is cut the same way as it is
 * read. Worker threads (GThreadPool) read and extract
 * whole batches, each into its own state; the calling thread then hands the batches to
 * @batch_done strictly in input order. Whatever the thread count, the same
 * batches see the same documents and are finished in the same order, so outputs are
 * byte-identical. At most 4 batches per thread are in flight, which bounds memory. Counts
 * may instead be kept per worker slot and merged when the run ends (graph, count): which
 * documents a slot saw then depends on timing, so only counts whose merge is independent of
 * order and split (cooc.h) may be kept that way. */
#pragma once

#include <glib.h>
#include "cli.h"

G_BEGIN_DECLS


typedef struct {
  GPtrArray *files;         /* (element-type filename) in input order */
  const EgCommon *common;
  const EgExtractor *ex;    /* NULL: documents are read, not extracted (m is NULL) */
  guint threads;            /* 0: all cores */
  guint batch_size;         /* 0: a default */
  /* Called on a worker: a new state for the batch whose first document is in input number
   * @first. @slot (0 .. eg_pipeline_threads() - 1) is the worker's slot: no two batches
   * being read share one, so a state kept per slot (counts added up over many batches,
   * merged once at the end) needs no lock. */
  gpointer (*batch_new) (guint first, guint slot, gpointer user);
  /* Called on a worker for each document read, in order within the batch. @seq is the
   * number of the input holding it (one input may hold many documents). */
  void (*doc) (gpointer state, guint seq, const char *path, const EgDoc *doc,
               const EgMentions *m, gpointer user);
  /* Called on the calling thread, in input order; frees @state (a state that is a slot's
   * may still be in use by the slot's next batch: the caller keeps it until the run ends). */
  void (*batch_done) (gpointer state, gpointer user);
  gpointer user;
  guint64 *bytes_read;      /* NULL, or added to: the bytes of the documents read */
  /* Every header field of the documents (docs); else they are read lean, without those
   * no other command shows (eg_source_set_lean()). */
  gboolean full_header;
} EgPipeline;

/* Runs the pipeline. Warnings about unreadable files are printed in input order. Returns
 * the number of documents read; *had_error is set when some could not be. */
guint eg_pipeline_run (const EgPipeline *p, gboolean *had_error);

/* Threads for --threads N (0: all cores). */
guint eg_pipeline_threads (gint requested);

G_END_DECLS
