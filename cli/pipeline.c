/* pipeline.c - batches of documents on a thread pool, finished in order (pipeline.h). */
#include "pipeline.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
  guint first, n;
  int *fds; /* the files the main thread opened ahead, or -1 */
  gpointer state;
  GPtrArray *warnings;
  guint read;
  gboolean done;
} Batch;

typedef struct {
  const EgPipeline *p;
  GMutex lock;
  GCond cond;
  guint *free_slots; /* a stack of the slots no batch holds */
  guint n_free;
  gint held; /* descriptors opened ahead and not yet read (atomic) */
} Shared;

guint
eg_pipeline_threads (gint requested)
{
  if (requested > 0)
    return (guint) MIN (requested, 256);
  return MAX (1, g_get_num_processors ());
}

static void
work (gpointer data, gpointer user)
{
  Batch *b = data;
  Shared *sh = user;
  const EgPipeline *p = sh->p;
  g_mutex_lock (&sh->lock);
  guint slot = sh->free_slots[--sh->n_free]; /* never empty: at most one batch per thread */
  g_mutex_unlock (&sh->lock);
  b->state = p->batch_new (b->first, slot, p->user);
  for (guint i = b->first; i < b->first + b->n; i++)
    {
      const char *path = g_ptr_array_index (p->files, i);
      int fd = b->fds[i - b->first];
      g_autoptr (EgDoc) doc = eg_cli_read_doc (path, fd, p->common, b->warnings);
      if (fd >= 0)
        g_atomic_int_add (&sh->held, -1);
      if (doc == NULL)
        continue;
      b->read++;
      g_autoptr (EgMentions) m = p->ex ? eg_extractor_run (p->ex, doc) : NULL;
      p->doc (b->state, i, path, doc, m, p->user);
    }
  g_mutex_lock (&sh->lock);
  sh->free_slots[sh->n_free++] = slot;
  b->done = TRUE;
  g_cond_broadcast (&sh->cond);
  g_mutex_unlock (&sh->lock);
}

/* Opens the files of @b and asks the kernel to start reading them (regular files only: a
 * FIFO is opened without blocking and left alone). The main thread does it as it hands
 * the batch out, some batches ahead of the workers, which then find the text in memory
 * instead of each waiting on the disk for every file it opens. The descriptors go to the
 * worker, which would otherwise open each file again, as long as fewer than @budget are
 * held (@held counts them); past that they are closed here. */
static void
prefetch (const EgPipeline *p, Batch *b, gint *held, gint budget)
{
  b->fds = g_new (int, b->n);
  for (guint i = b->first; i < b->first + b->n; i++)
    {
      int *slot = &b->fds[i - b->first];
      *slot = -1;
      const char *path = g_ptr_array_index (p->files, i);
      if (strcmp (path, "-") == 0)
        continue;
      int fd = open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
      if (fd < 0)
        continue; /* the worker opens it again and reports why it cannot */
#ifdef POSIX_FADV_WILLNEED
      struct stat st;
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
        posix_fadvise (fd, 0, 0, POSIX_FADV_WILLNEED);
#endif
      if (g_atomic_int_get (held) < budget)
        {
          g_atomic_int_inc (held);
          *slot = fd;
        }
      else
        close (fd);
    }
}

/* How many descriptors may wait for the workers: half of what the process may open. */
static gint
fd_budget (void)
{
  struct rlimit rl;
  if (getrlimit (RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return 512;
  return rl.rlim_cur > 128 ? (gint) MIN (4096, (rl.rlim_cur - 64) / 2) : 0;
}

guint
eg_pipeline_run (const EgPipeline *p, gboolean *had_error)
{
  guint n_files = p->files->len;
  guint bs = p->batch_size ? p->batch_size : 32;
  guint n_batches = (n_files + bs - 1) / bs;
  guint threads = eg_pipeline_threads ((gint) p->threads);
  Shared sh = { .p = p, .free_slots = g_new (guint, threads), .n_free = threads };
  for (guint k = 0; k < threads; k++)
    sh.free_slots[k] = threads - 1 - k;
  g_mutex_init (&sh.lock);
  g_cond_init (&sh.cond);
  g_autofree Batch *batches = g_new0 (Batch, n_batches);
  for (guint k = 0; k < n_batches; k++)
    {
      batches[k].first = k * bs;
      batches[k].n = MIN (bs, n_files - k * bs);
      batches[k].warnings = g_ptr_array_new_with_free_func (g_free);
    }
  GThreadPool *pool = g_thread_pool_new (work, &sh, (gint) threads, FALSE, NULL);
  guint ahead = threads * 4, submitted = 0, read = 0, done_docs = 0;
  gint budget = fd_budget ();
  for (; submitted < n_batches && submitted < ahead; submitted++)
    {
      prefetch (p, &batches[submitted], &sh.held, budget);
      g_thread_pool_push (pool, &batches[submitted], NULL);
    }
  for (guint k = 0; k < n_batches; k++)
    {
      g_mutex_lock (&sh.lock);
      while (!batches[k].done)
        g_cond_wait (&sh.cond, &sh.lock);
      g_mutex_unlock (&sh.lock);
      Batch *b = &batches[k];
      for (guint i = 0; i < b->warnings->len; i++)
        eg_cli_warning ("%s", (char *) g_ptr_array_index (b->warnings, i));
      if (b->read < b->n)
        *had_error = TRUE;
      read += b->read;
      done_docs += b->n;
      p->batch_done (b->state, p->user);
      g_ptr_array_free (b->warnings, TRUE);
      g_free (b->fds);
      eg_cli_progress (done_docs, n_files, p->common->quiet);
      if (submitted < n_batches)
        {
          prefetch (p, &batches[submitted], &sh.held, budget);
          g_thread_pool_push (pool, &batches[submitted++], NULL);
        }
    }
  g_thread_pool_free (pool, FALSE, TRUE);
  g_mutex_clear (&sh.lock);
  g_cond_clear (&sh.cond);
  g_free (sh.free_slots);
  return read;
}
