/* stats.h - where a run's time went (--stats), printed on standard error at its end.
 *
 * A command marks the end of each stage it runs; a stage met again (one graph per month)
 * adds to its first line. The lines are the stages' wall-clock seconds, then the run's
 * total with the process's CPU time and peak memory, as the kernel counts them. Timing
 * costs one clock read a stage, so the figures are those of a run without --stats. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gboolean on;
  gint64 start, mark; /* monotonic microseconds */
  GArray *stages;     /* (element-type Stage, private) in the order first met */
} EgStats;

/* Starts the clock when @on; every other call is then a no-op when it is not. */
void eg_stats_init (EgStats *s, gboolean on);
void eg_stats_clear (EgStats *s);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EgStats, eg_stats_clear)

/* Ends stage @name (a static string) here: the time since the last mark is added to it.
 * @detail (may be NULL) replaces the stage's note ("26,848 documents, 216.0 MB"). */
void eg_stats_stage (EgStats *s, const char *name, const char *detail);
/* The time since the last mark, in microseconds, without moving it. */
gint64 eg_stats_since_mark (const EgStats *s);

/* Prints the stages and the total (wall, user and system CPU, peak resident memory) to
 * standard error, headed by @what ("graph, 2 threads"). */
void eg_stats_print (const EgStats *s, const char *what);

/* "216.0 MB" for @bytes (decimal megabytes, as the benchmark counts them) and, when @us is
 * not 0, ", 58.2 MB/s". Returns: (transfer full). */
char *eg_stats_rate (guint64 bytes, gint64 us);

G_END_DECLS
