/* pipeline.c - batches of documents on a thread pool, finished in order (pipeline.h). */
#include "pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Part of the work: the documents that begin in bytes [from, to) of input @file (to is
 * G_MAXSIZE for all of them: most inputs are taken whole); or, for standard input, the
 * bytes the main thread read, cut where a document begins. */
typedef struct {
  guint file;
  gsize from, to;
  int fd;            /* the input, opened ahead by the main thread, or -1 */
  GBytes *bytes;     /* standard input's bytes, or NULL */
  gsize origin;      /* where they begin in it */
  gboolean stream_part; /* they are not all of it */
  gboolean chunked;     /* it is text read in chunks (eg_source_chunked()) */
} Unit;

typedef struct {
  Unit *units;
  guint n;
  gpointer state;
  GPtrArray *warnings;
  guint read, failed; /* documents read, and inputs or documents that could not be */
  guint64 bytes;      /* the bytes of the documents read */
  guint files_done;   /* inputs whose last unit this is */
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
  b->state = p->batch_new (b->units[0].file, slot, p->user);
  for (guint u = 0; u < b->n; u++)
    {
      const Unit *un = &b->units[u];
      const char *path = g_ptr_array_index (p->files, un->file);
      /* (an input taken in parts that cannot be opened is reported once, by its first) */
      g_autoptr (GPtrArray) dropped = un->from > 0 ? g_ptr_array_new_with_free_func (g_free) : NULL;
      g_autoptr (EgSource) src = NULL;
      if (un->bytes)
        src = un->stream_part ? eg_source_new_part (path, un->bytes, un->origin, un->chunked)
                              : eg_source_new_from_bytes (path, un->bytes);
      else
        src = eg_cli_open_source (path, un->fd, dropped ? dropped : b->warnings);
      if (src)
        eg_source_set_lean (src, !p->full_header);
      if (un->fd >= 0)
        g_atomic_int_add (&sh->held, -1);
      if (src == NULL)
        {
          b->failed += un->from == 0;
          continue;
        }
      /* an input is a document, or a dump of many cables: one after another */
      gsize len = eg_source_len (src);
      gsize start = eg_source_start_in (src, un->from, un->to);
      if (un->from > 0 && start >= MIN (len, un->to))
        continue; /* no document begins in this part */
      for (;;)
        {
          gsize end = eg_source_next (src, start);
          g_autoptr (EgDoc) doc = eg_cli_read_doc (src, start, end, p->common, b->warnings);
          if (doc == NULL)
            b->failed++;
          else
            {
              b->read++;
              b->bytes += doc->len;
              g_autoptr (EgMentions) m = p->ex ? eg_extractor_run (p->ex, doc) : NULL;
              p->doc (b->state, un->file, path, doc, m, p->user);
            }
          start = end;
          if (start >= len || start >= un->to)
            break;
        }
    }
  g_mutex_lock (&sh->lock);
  sh->free_slots[sh->n_free++] = slot;
  b->done = TRUE;
  g_cond_broadcast (&sh->cond);
  g_mutex_unlock (&sh->lock);
}

/* An input larger than this is read in parts of this size, on all threads (a dump of many
 * cables); the documents that begin in a part are its. Fixed, so that the parts, like the
 * batches, are the same whatever the thread count. */
#define PART (4u << 20)

/* Standard input is read this far past a part before it is cut, so that the cut is
 * decided on what the whole input would show (the cable after it is in view). */
#define IN_AHEAD (1u << 20)

/* Cuts the inputs into batches, in input order, as the workers need them. */
typedef struct {
  const EgPipeline *p;
  guint batch_size;
  guint next;      /* the first input not yet wholly in a batch */
  gsize part_at;   /* the next part of input @next, when it is read in parts (part_len > 0) */
  gsize part_len;
  gint *held, budget;
  GByteArray *in;  /* standard input read and not handed out, from where a document begins */
  gsize in_at;     /* where in->data lies in it */
  gboolean in_chunked; /* it is text read in chunks, as its beginning says */
  gboolean in_eof;
} Feeder;

/* Reads standard input until f->in holds @want bytes or it ends. */
static void
stdin_fill (Feeder *f, gsize want, Batch *b)
{
  while (!f->in_eof && f->in->len < want)
    {
      guint old = f->in->len;
      gsize room = MIN (want - old, (gsize) 1 << 26);
      g_byte_array_set_size (f->in, old + (guint) room);
      gssize r = read (STDIN_FILENO, f->in->data + old, room);
      int e = errno;
      g_byte_array_set_size (f->in, old + (guint) MAX (r, 0));
      if (r < 0 && e == EINTR)
        continue;
      if (r < 0)
        {
          g_ptr_array_add (b->warnings, g_strdup_printf ("standard input: cannot read: %s",
                                                         g_strerror (e)));
          b->failed++;
        }
      if (r <= 0)
        f->in_eof = TRUE;
    }
}

/* The next part of standard input, as a unit of @b: up to where the first document that
 * begins past PART bytes begins, or all that is left. A stream is cut as a file of the
 * same bytes is (eg_source_start_in()), so its documents are the same; memory holds a
 * few parts, not the input. */
static void
stdin_part (Feeder *f, Batch *b)
{
  if (f->in == NULL)
    f->in = g_byte_array_new ();
  gsize want = PART + IN_AHEAD, cut;
  for (;;)
    {
      stdin_fill (f, want, b);
      /* (a GByteArray holds under 4 GiB: a stretch that long with no cable in it is
       * handed out whole, to be refused as a document too large) */
      if (f->in_eof || want >= G_MAXUINT / 2)
        {
          cut = f->in->len;
          break;
        }
      g_autoptr (GBytes) view = g_bytes_new_static (f->in->data, f->in->len);
      g_autoptr (EgSource) src = f->in_at == 0
                                   ? eg_source_new_from_bytes ("-", view)
                                   : eg_source_new_part ("-", view, f->in_at, f->in_chunked);
      if (f->in_at == 0)
        f->in_chunked = eg_source_chunked (src);
      cut = eg_source_start_in (src, PART, f->in->len - IN_AHEAD);
      if (cut < f->in->len - IN_AHEAD)
        break;
      want = MIN (2 * want, (gsize) G_MAXUINT / 2); /* no cable begins in this stretch: read on */
    }
  gboolean whole = f->in_at == 0 && cut == f->in->len;
  b->units[b->n++] = (Unit) { .file = f->next, .to = G_MAXSIZE, .fd = -1,
                              .bytes = g_bytes_new (f->in->data, cut), .origin = f->in_at,
                              .stream_part = !whole, .chunked = f->in_chunked };
  g_byte_array_remove_range (f->in, 0, (guint) cut);
  f->in_at += cut;
  if (f->in_eof && f->in->len == 0)
    {
      g_clear_pointer (&f->in, g_byte_array_unref);
      f->in_at = 0;
      f->in_eof = FALSE;
      f->next++;
      b->files_done++;
    }
}

/* Opens @path (a file: standard input is read by stdin_part()) and asks the kernel to start reading bytes [@from, @from + @len) (regular
 * files only: a FIFO is opened without blocking and left alone); its size goes to
 * *@size (0 if not a regular file). The main thread does it as it hands the batch out,
 * some batches ahead of the workers, which then find the text in memory instead of each
 * waiting on the disk for every file it opens. -1 if it cannot be opened (the worker
 * opens it again and reports why it cannot). */
static int
open_ahead (const char *path, gsize from, gsize len, gsize *size)
{
  *size = 0;
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  struct stat st;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
    {
      *size = (gsize) st.st_size;
#ifdef POSIX_FADV_WILLNEED
      posix_fadvise (fd, (off_t) from, (off_t) MIN (len, (gsize) G_MAXINT64), POSIX_FADV_WILLNEED);
#endif
    }
  return fd;
}

/* The descriptor goes to the worker, which would otherwise open the file again, as long as
 * fewer than the budget are held; past that it is closed here. */
static int
hand_over (Feeder *f, int fd)
{
  if (fd < 0 || g_atomic_int_get (f->held) < f->budget)
    {
      if (fd >= 0)
        g_atomic_int_inc (f->held);
      return fd;
    }
  close (fd);
  return -1;
}

/* The next batch: up to batch_size whole inputs, or one part of a large input. NULL when
 * every input is in a batch. */
static Batch *
next_batch (Feeder *f)
{
  const EgPipeline *p = f->p;
  guint n_files = p->files->len;
  if (f->next >= n_files)
    return NULL;
  Batch *b = g_new0 (Batch, 1);
  b->units = g_new (Unit, f->batch_size);
  b->warnings = g_ptr_array_new_with_free_func (g_free);
  while (b->n < f->batch_size && f->next < n_files)
    {
      const char *path = g_ptr_array_index (p->files, f->next);
      gsize size;
      if (strcmp (path, "-") == 0)
        {
          if (b->n > 0 && f->in == NULL)
            break; /* its parts start the next batch */
          stdin_part (f, b);
          break;
        }
      if (f->part_len > 0)
        {
          gsize from = f->part_at;
          int fd = open_ahead (path, from, PART + PART / 16, &size);
          b->units[b->n++] = (Unit) { .file = f->next, .from = from, .to = from + PART,
                                      .fd = hand_over (f, fd) };
          f->part_at += PART;
          if (f->part_at >= f->part_len)
            {
              f->part_len = 0;
              f->next++;
              b->files_done++;
            }
          break;
        }
      int fd = open_ahead (path, 0, PART + PART / 16, &size);
      if (size > PART)
        {
          if (fd >= 0)
            close (fd);
          if (b->n > 0)
            break; /* its parts start the next batch */
          f->part_len = size;
          f->part_at = 0;
          continue;
        }
      b->units[b->n++] = (Unit) { .file = f->next, .to = G_MAXSIZE, .fd = hand_over (f, fd) };
      f->next++;
      b->files_done++;
    }
  return b;
}

static void
batch_free (Batch *b)
{
  for (guint u = 0; u < b->n; u++)
    g_clear_pointer (&b->units[u].bytes, g_bytes_unref);
  g_ptr_array_free (b->warnings, TRUE);
  g_free (b->units);
  g_free (b);
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
  guint threads = eg_pipeline_threads ((gint) p->threads);
  Shared sh = { .p = p, .free_slots = g_new (guint, threads), .n_free = threads };
  for (guint k = 0; k < threads; k++)
    sh.free_slots[k] = threads - 1 - k;
  g_mutex_init (&sh.lock);
  g_cond_init (&sh.cond);
  Feeder feed = { .p = p, .batch_size = p->batch_size ? p->batch_size : 32, .held = &sh.held,
                  .budget = fd_budget () };
  GThreadPool *pool = g_thread_pool_new (work, &sh, (gint) threads, FALSE, NULL);
  /* the batches handed out and not yet finished, in input order */
  g_autoptr (GQueue) out = g_queue_new ();
  guint ahead = threads * 4, read = 0, done_files = 0;
  Batch *b;
  while (g_queue_get_length (out) < ahead && (b = next_batch (&feed)) != NULL)
    {
      g_queue_push_tail (out, b);
      g_thread_pool_push (pool, b, NULL);
    }
  while ((b = g_queue_pop_head (out)) != NULL)
    {
      g_mutex_lock (&sh.lock);
      while (!b->done)
        g_cond_wait (&sh.cond, &sh.lock);
      g_mutex_unlock (&sh.lock);
      for (guint i = 0; i < b->warnings->len; i++)
        eg_cli_warning ("%s", (char *) g_ptr_array_index (b->warnings, i));
      if (b->failed > 0)
        *had_error = TRUE;
      read += b->read;
      if (p->bytes_read)
        *p->bytes_read += b->bytes;
      done_files += b->files_done;
      p->batch_done (b->state, p->user);
      eg_cli_progress (done_files, n_files, p->common->quiet);
      batch_free (b);
      Batch *next = next_batch (&feed);
      if (next)
        {
          g_queue_push_tail (out, next);
          g_thread_pool_push (pool, next, NULL);
        }
    }
  g_thread_pool_free (pool, FALSE, TRUE);
  g_mutex_clear (&sh.lock);
  g_cond_clear (&sh.cond);
  g_free (sh.free_slots);
  return read;
}
