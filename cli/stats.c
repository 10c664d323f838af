/* stats.c - where a run's time went (see stats.h). */
#include "stats.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

typedef struct {
  const char *name;
  gint64 us;
  guint times;
  char *detail;
} Stage;

void
eg_stats_init (EgStats *s, gboolean on)
{
  *s = (EgStats) { .on = on };
  if (!on)
    return;
  s->start = s->mark = g_get_monotonic_time ();
  s->stages = g_array_new (FALSE, TRUE, sizeof (Stage));
}

void
eg_stats_clear (EgStats *s)
{
  if (s->stages)
    {
      for (guint i = 0; i < s->stages->len; i++)
        g_free (g_array_index (s->stages, Stage, i).detail);
      g_array_free (s->stages, TRUE);
    }
  *s = (EgStats) { 0 };
}

static Stage *
stage (EgStats *s, const char *name)
{
  for (guint i = 0; i < s->stages->len; i++)
    {
      Stage *st = &g_array_index (s->stages, Stage, i);
      if (strcmp (st->name, name) == 0)
        return st;
    }
  Stage st = { .name = name };
  g_array_append_val (s->stages, st);
  return &g_array_index (s->stages, Stage, s->stages->len - 1);
}

void
eg_stats_stage (EgStats *s, const char *name, const char *detail)
{
  if (!s->on)
    return;
  gint64 now = g_get_monotonic_time ();
  Stage *st = stage (s, name);
  st->us += now - s->mark;
  st->times++;
  if (detail)
    {
      g_free (st->detail);
      st->detail = g_strdup (detail);
    }
  s->mark = now;
}

gint64
eg_stats_since_mark (const EgStats *s)
{
  return s->on ? g_get_monotonic_time () - s->mark : 0;
}

char *
eg_stats_rate (guint64 bytes, gint64 us)
{
  double mb = (double) bytes / 1e6;
  if (us <= 0)
    return g_strdup_printf ("%.1f MB", mb);
  return g_strdup_printf ("%.1f MB, %.1f MB/s", mb, mb / ((double) us / 1e6));
}

static double
seconds (struct timeval tv)
{
  return (double) tv.tv_sec + (double) tv.tv_usec / 1e6;
}

void
eg_stats_print (const EgStats *s, const char *what)
{
  if (!s->on)
    return;
  gint64 total = g_get_monotonic_time () - s->start;
  fprintf (stderr, "entgraph: where the time went (%s)\n", what);
  int width = 5; /* "total" */
  for (guint i = 0; i < s->stages->len; i++)
    width = MAX (width, (int) strlen (g_array_index (s->stages, Stage, i).name));
  for (guint i = 0; i < s->stages->len; i++)
    {
      const Stage *st = &g_array_index (s->stages, Stage, i);
      fprintf (stderr, "  %-*s %8.2f s", width, st->name, (double) st->us / 1e6);
      if (st->times > 1)
        fprintf (stderr, "  %u times", st->times);
      if (st->detail)
        fprintf (stderr, "%s%s", st->times > 1 ? ", " : "  ", st->detail);
      fputc ('\n', stderr);
    }
  struct rusage ru;
  if (getrusage (RUSAGE_SELF, &ru) == 0)
    fprintf (stderr, "  %-*s %8.2f s  CPU %.2f s user, %.2f s system; peak memory %.0f MiB\n",
             width, "total", (double) total / 1e6, seconds (ru.ru_utime), seconds (ru.ru_stime),
             (double) ru.ru_maxrss / 1024.0);
  else
    fprintf (stderr, "  %-*s %8.2f s\n", width, "total", (double) total / 1e6);
}
