/* dot.c - DOT through cgraph (see dot.h). The only cgraph user besides render.c; the 2.42
 * API takes char *, so const is cast away here and nowhere else. */
#include "dot.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <graphviz/cgraph.h>

#include "error.h"
#include "output.h"
#include "style.h"

/* A clean escString: backslashes doubled so Graphviz shows them. */
static char *
esc (const char *s)
{
  return eg_write_clean_escaping (s, '\\');
}

/* Values' texts, remembered: an attribute scaled from a weight takes few values (a count's),
 * met in any order, and printf is dear (see PROFILE.md). A slot a value, by its bits. */
#define MEMO_SLOTS 256
typedef struct {
  double key[MEMO_SLOTS];
  gboolean set[MEMO_SLOTS];
  char text[MEMO_SLOTS][48];
} Memo;

typedef void (*MemoFormat) (char *buf, gsize size, double v);

/* The text @format gives @key, made once while it keeps its slot. */
static const char *
memo_text (Memo *m, double key, MemoFormat format)
{
  guint64 bits;
  memcpy (&bits, &key, sizeof bits);
  guint slot = (guint) ((bits * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 56);
  G_STATIC_ASSERT (MEMO_SLOTS == 256);
  if (!m->set[slot] || m->key[slot] != key)
    {
      format (m->text[slot], sizeof m->text[slot], key);
      m->key[slot] = key;
      m->set[slot] = TRUE;
    }
  return m->text[slot];
}

/* "1 document", "3 documents" */
static void
put_count (GString *s, guint n, const char *one, const char *many)
{
  eg_write_put_uint (s, n);
  eg_write_put_str (s, n == 1 ? one : many);
}

/* (label, id, cable id and sentence may hold anything; the words between them are plain) */
static void
put_escaped (GString *s, const char *text, gsize len)
{
  eg_write_escape_append (s, text, len, '\\');
}

/* The tooltip of @e, written and escaped in one pass into @s (emptied first, kept between
 * calls so it is not allocated again), then copied out. */
static char *
edge_tooltip (GString *s, const EgView *v, const EgViewEdge *e, guint cap)
{
  g_string_truncate (s, 0);
  const EgViewNode *a = eg_view_node (v, e->a), *b = eg_view_node (v, e->b);
  put_escaped (s, a->label, strlen (a->label));
  PUT_LITERAL (s, " \xE2\x80\x94 ");
  put_escaped (s, b->label, strlen (b->label));
  PUT_LITERAL (s, "\n");
  if (e->kind == EG_EDGE_COOCCURRENCE)
    {
      put_count (s, e->windows, " shared window in ", " shared windows in ");
      put_count (s, e->docs, " document", " documents");
    }
  else
    {
      const char *kind = eg_edge_kind_name (e->kind);
      put_escaped (s, kind, strlen (kind));
      PUT_LITERAL (s, " link in ");
      put_count (s, e->docs, " cable", " cables");
    }
  guint shown = MIN (e->n_evidence, cap);
  for (guint i = 0; i < shown; i++)
    {
      const EgEvidence *ev = &e->evidence[i];
      PUT_LITERAL (s, "\n");
      /* (GRefStrings: their lengths are known, and the sentences are long) */
      put_escaped (s, ev->doc, g_ref_string_length (ev->doc));
      if (ev->paragraph == 0)
        PUT_LITERAL (s, " subject: ");
      else
        {
          PUT_LITERAL (s, " \xC2\xB6");
          eg_write_put_uint (s, ev->paragraph);
          PUT_LITERAL (s, ": ");
        }
      put_escaped (s, ev->sentence, g_ref_string_length (ev->sentence));
    }
  guint total = e->kind == EG_EDGE_COOCCURRENCE ? e->windows : e->docs;
  if (shown < total && cap > 0)
    {
      PUT_LITERAL (s, "\n(+");
      eg_write_put_uint (s, total - shown);
      PUT_LITERAL (s, " more)");
    }
  return g_memdup2 (s->str, s->len + 1);
}

/* Edge tooltips are most of a large DOT file's text and need no cgraph, so they are made
 * on worker threads, a block of TIP_BLOCK edges at a time (each thread a stride of it):
 * the next block while cgraph takes this one in. Two blocks bound the text held at once. */
#define TIP_BLOCK 16384
/* Below this many edges one thread makes the tooltips. */
#define TIP_THREADS_MIN 20000

typedef struct {
  const EgView *v;
  guint cap, base, first, to, stride; /* edges first, first + stride ... below to */
  char **tips;                         /* tips[i - base] for edge i */
} TipJob;

static gpointer
tip_job (gpointer data)
{
  TipJob *j = data;
  GString *s = g_string_sized_new (4096);
  for (guint i = j->first; i < j->to; i += j->stride)
    j->tips[i - j->base] = edge_tooltip (s, j->v, eg_view_edge (j->v, i), j->cap);
  g_string_free (s, TRUE);
  return NULL;
}

/* A block of tooltips being made by worker threads. */
typedef struct {
  TipJob jobs[64];
  GThread *th[64];
  guint n;
} TipWork;

/* Starts @threads workers on tips[0 .. to - from) for edges [from, to); @here: this thread
 * is the first of them and makes its share before returning. */
static void
tips_start (TipWork *w, const EgView *v, guint cap, guint threads, guint from, guint to,
            char **tips, gboolean here)
{
  w->n = threads;
  for (guint k = 0; k < threads; k++)
    {
      w->jobs[k] = (TipJob) { v, cap, from, from + k, to, threads, tips };
      w->th[k] = here && k == 0 ? NULL : g_thread_new ("eg-tooltips", tip_job, &w->jobs[k]);
    }
  if (here)
    tip_job (&w->jobs[0]);
}

static void
tips_join (TipWork *w)
{
  for (guint k = 0; k < w->n; k++)
    if (w->th[k] != NULL)
      g_thread_join (w->th[k]);
  w->n = 0;
}

static char *
node_tooltip (const EgViewNode *n)
{
  /* "Nemecio Lugo (PERSON)\nPERSON:nemecio-lugo\n3 mentions in 1 document, first ..." */
  GString *s = g_string_sized_new (160);
  char num[16];
  g_string_append (s, n->label);
  g_string_append (s, " (");
  g_string_append (s, n->type);
  g_string_append (s, ")\n");
  g_string_append (s, n->id);
  g_string_append_c (s, '\n');
  g_string_append (s, eg_write_uint (num, n->mentions));
  g_string_append (s, n->mentions == 1 ? " mention in " : " mentions in ");
  g_string_append (s, eg_write_uint (num, n->docs));
  g_string_append (s, n->docs == 1 ? " document" : " documents");
  if (n->first_date)
    {
      g_string_append (s, ", first ");
      g_string_append (s, n->first_date);
    }
  char *tip = esc (s->str);
  g_string_free (s, TRUE);
  return tip;
}

static void
set_graph_attrs (Agraph_t *g, const EgView *v)
{
  for (guint i = 0; i + 1 < v->attrs->len; i += 2)
    {
      g_autofree char *value = esc (g_ptr_array_index (v->attrs, i + 1));
      agattr (g, AGRAPH, g_ptr_array_index (v->attrs, i), value);
    }
}

/* Sets @value unless it is the attribute's default: most edges and nodes of a large graph
 * carry default counts, and each agxset() interns a string. */
static inline void
set (void *obj, Agsym_t *sym, const char *value)
{
  if (strcmp (value, sym->defval) != 0)
    agxset (obj, sym, (char *) value);
}

/* "#rrggbb" + alpha, two lower-case hex digits */
static void
rgba (char *buf, gsize size, const char *rgb, double alpha)
{
  static const char hex[] = "0123456789abcdef";
  guint a = (guint) CLAMP (alpha * 255 + 0.5, 0, 255);
  gsize n = strlen (rgb);
  if (n + 3 > size)
    {
      g_snprintf (buf, size, "%s%02x", rgb, a);
      return;
    }
  memcpy (buf, rgb, n);
  buf[n] = hex[a >> 4];
  buf[n + 1] = hex[a & 15];
  buf[n + 2] = '\0';
}

/* A co-occurrence link's pen width and colour at scale @t in [0, 1]. */
static void
link_pen (char *buf, gsize size, double t)
{
  g_snprintf (buf, size, "%.2f", 0.6 + 5.4 * t);
}

static void
link_color (char *buf, gsize size, double t)
{
  rgba (buf, size, "#303846", 0.25 + 0.65 * t);
}

/* (a Memo's slot holds EG_WEIGHT_BUF bytes and more) */
G_STATIC_ASSERT (sizeof (((Memo *) NULL)->text[0]) >= EG_WEIGHT_BUF);

static void
weight_text (char *buf, gsize size, double w)
{
  (void) size;
  eg_weight_format (buf, w);
}

static void
font_size (char *buf, gsize size, double t)
{
  g_snprintf (buf, size, "%.1f", 10 + 14 * t);
}

/* cgraph numbers a named object by the address of its interned name and keeps subgraphs
 * in the order of those numbers, which is the order agwrite() writes them in: the
 * clusters came out in the order their names happened to lie in memory, which changed
 * with the heap (one thread or two, cgraph's heap or the arena). This discipline numbers
 * named subgraphs (and the graph) in the order they are made, 2, 4, 6... (named ids are
 * even in cgraph, made ones odd), and leaves nodes and edges to cgraph's own. */
typedef struct {
  void *inner;         /* AgIdDisc's state */
  Agraph_t *g;
  GHashTable *by_name; /* name -> id */
  GPtrArray *names;    /* id / 2 - 1 -> name, interned in the graph as cgraph's names are
                        * (its writer reads an interned string's flags); they go with it */
} Ids;

static void *
ids_open (Agraph_t *g, Agdisc_t *disc)
{
  Ids *ids = g_new0 (Ids, 1);
  ids->inner = AgIdDisc.open (g, disc);
  ids->g = g;
  ids->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  ids->names = g_ptr_array_new ();
  return ids;
}

static gboolean
ids_own (const Ids *ids, int objtype, IDTYPE id)
{
  return objtype == AGRAPH && id % 2 == 0 && id > 0 && id / 2 <= ids->names->len;
}

static long
ids_map (void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
  Ids *ids = state;
  if (objtype != AGRAPH || str == NULL)
    return AgIdDisc.map (ids->inner, objtype, str, id, createflag);
  gpointer known = g_hash_table_lookup (ids->by_name, str);
  if (known == NULL && !createflag)
    return FALSE;
  if (known == NULL)
    {
      char *name = agstrdup (ids->g, str);
      g_ptr_array_add (ids->names, name);
      known = GSIZE_TO_POINTER (2 * (gsize) ids->names->len);
      g_hash_table_insert (ids->by_name, name, known);
    }
  *id = GPOINTER_TO_SIZE (known);
  return TRUE;
}

static long
ids_alloc (void *state, int objtype, IDTYPE id)
{
  return AgIdDisc.alloc (((Ids *) state)->inner, objtype, id);
}

/* A subgraph's name stays until the graph closes: made again, it gets its number back. */
static void
ids_free (void *state, int objtype, IDTYPE id)
{
  Ids *ids = state;
  if (!ids_own (ids, objtype, id))
    AgIdDisc.free (ids->inner, objtype, id);
}

static char *
ids_print (void *state, int objtype, IDTYPE id)
{
  Ids *ids = state;
  if (ids_own (ids, objtype, id))
    return g_ptr_array_index (ids->names, id / 2 - 1);
  return AgIdDisc.print (ids->inner, objtype, id);
}

static void
ids_close (void *state)
{
  Ids *ids = state;
  AgIdDisc.close (ids->inner);
  g_hash_table_destroy (ids->by_name);
  g_ptr_array_free (ids->names, TRUE);
  g_free (ids);
}

static void
ids_register (void *state, int objtype, void *obj)
{
  Ids *ids = state;
  if (AgIdDisc.idregister != NULL)
    AgIdDisc.idregister (ids->inner, objtype, obj);
}

static Agiddisc_t ordered_ids = { ids_open, ids_map, ids_alloc, ids_free, ids_print, ids_close,
                                  ids_register };

/* cgraph's heap for a graph that is written and closed: memory is handed out from large
 * zeroed blocks and given back all at once by agclose() (cgraph calls the close method of
 * its memory discipline instead of deleting node by node, edge by edge and string by
 * string). A graph of 450,000 edges took two seconds to close the other way. Freed
 * pieces are not reused; cgraph frees little while a graph is only being built. */
#define ARENA_BLOCK (4u << 20)

typedef struct ArenaBlock ArenaBlock;
struct ArenaBlock {
  ArenaBlock *next;
  gsize used, size;
  /* the pieces follow, 16-byte aligned */
};

typedef struct {
  ArenaBlock *head; /* the block pieces are cut from; the rest follow it */
  gsize next_size;  /* blocks double from 16 KiB: --per-doc writes thousands of small graphs */
} Arena;

#define ARENA_HEADER ((sizeof (ArenaBlock) + 15) & ~(gsize) 15)

static void *
arena_open (Agdisc_t *disc)
{
  (void) disc;
  Arena *a = g_new0 (Arena, 1);
  a->next_size = 16u << 10;
  return a;
}

/* Zeroed, as cgraph expects. A piece too large for a block gets a block of its own, kept
 * behind the head so the head's room is not lost. */
static void *
arena_alloc (void *state, size_t req)
{
  Arena *a = state;
  gsize need = (req + 15) & ~(gsize) 15;
  ArenaBlock *b = a->head;
  if (b == NULL || b->size - b->used < need)
    {
      gboolean own = ARENA_HEADER + need > a->next_size;
      gsize size = own ? ARENA_HEADER + need : a->next_size;
      /* g_malloc0 is calloc: a large block comes as fresh pages, already zero */
      ArenaBlock *nb = g_malloc0 (size);
      nb->used = ARENA_HEADER;
      nb->size = size;
      if (own && b != NULL)
        {
          nb->next = b->next;
          b->next = nb;
        }
      else
        {
          nb->next = b;
          a->head = nb;
          if (!own)
            a->next_size = MIN (a->next_size * 2, ARENA_BLOCK);
        }
      b = nb;
    }
  void *p = (char *) b + b->used;
  b->used += need;
  return p;
}

/* A copy: cgraph resizes only when an attribute is declared after objects exist. */
static void *
arena_resize (void *state, void *ptr, size_t old, size_t req)
{
  void *p = arena_alloc (state, req);
  if (ptr != NULL)
    memcpy (p, ptr, MIN (old, req));
  return p;
}

static void
arena_free (void *state, void *ptr)
{
  (void) state;
  (void) ptr;
}

static void
arena_close (void *state)
{
  Arena *a = state;
  for (ArenaBlock *b = a->head, *next; b != NULL; b = next)
    {
      next = b->next;
      g_free (b);
    }
  g_free (a);
}

static Agmemdisc_t arena_mem = { arena_open, arena_alloc, arena_resize, arena_free,
                                 arena_close };

/* cdt takes the handle of each dictionary from malloc, outside the discipline, and the
 * whole-heap close forgets them: ten or so a graph, eight more a cluster. They are
 * gathered before agclose() (which still looks up the graph's name) and freed after it. */
static void
gather_dicts (Agraph_t *g, GPtrArray *out)
{
  Dict_t *own[] = { g->n_seq, g->n_id, g->e_seq, g->e_id, g->g_dict };
  for (gsize i = 0; i < G_N_ELEMENTS (own); i++)
    g_ptr_array_add (out, own[i]);
  Agdatadict_t *dd = (Agdatadict_t *) aggetrec (g, "_AG_datadict", FALSE);
  if (dd != NULL)
    {
      g_ptr_array_add (out, dd->dict.n);
      g_ptr_array_add (out, dd->dict.e);
      g_ptr_array_add (out, dd->dict.g);
    }
  for (Agraph_t *sub = agfstsubg (g); sub != NULL; sub = agnxtsubg (sub))
    gather_dicts (sub, out);
}

static void
arena_graph_close (Agraph_t *g)
{
  g_autoptr (GPtrArray) dicts = g_ptr_array_new_with_free_func (free);
  gather_dicts (g, dicts);
  Agclos_t *clos = g->clos;
  g_ptr_array_add (dicts, clos->strdict);
  for (gsize i = 0; i < G_N_ELEMENTS (clos->lookup_by_name); i++)
    {
      g_ptr_array_add (dicts, clos->lookup_by_name[i]);
      g_ptr_array_add (dicts, clos->lookup_by_id[i]);
    }
  /* (the whole-heap close does not close the id discipline either) */
  void *ids = clos->state.id;
  agclose (g);
  ids_close (ids);
}

/* The threads the options allow the DOT's helpers (0: one per core). */
static guint
threads_of (const EgWriteOptions *opt)
{
  return opt && opt->threads ? opt->threads : g_get_num_processors ();
}

/* agwrite() hands each token to its discipline's putstr(): a name, an "=", a value, a
 * separator. Through fputs() that was 1.8 million calls for 79k edges, each taking the
 * FILE's lock (the process has threads) and costing 140 instructions. They are gathered
 * here and handed to the FILE a mebibyte at a time.
 *
 * With more than one thread, a writer thread hands the full buffers to the FILE: the
 * kernel's copy into the page cache (0.15 s of a 155 MB DOT, on the thread that
 * otherwise waits for nothing) is then done while cgraph goes on. SINK_BUFFERS buffers
 * go round between the two. */
#define SINK_SIZE (1u << 20)
#define SINK_BUFFERS 3

typedef struct
{
  FILE *fp;
  gsize len;
  char *buf;
  /* the writer thread, when there is one */
  GThread *writer;
  GAsyncQueue *full;  /* (element-type SinkChunk) to write; a chunk of NULL buf: stop */
  GAsyncQueue *empty; /* (element-type SinkChunk) written, to fill again */
  gint failed;        /* (atomic) a write failed: what follows is dropped */
  int err;            /* the failed write's errno (read after the writer stopped) */
} Sink;

typedef struct
{
  char *buf;
  gsize len;
} SinkChunk;

static gpointer
sink_writer (gpointer data)
{
  Sink *s = data;
  for (;;)
    {
      SinkChunk *c = g_async_queue_pop (s->full);
      if (c->buf == NULL)
        {
          g_free (c);
          return NULL;
        }
      if (!g_atomic_int_get (&s->failed) && fwrite (c->buf, 1, c->len, s->fp) != c->len)
        {
          s->err = errno;
          g_atomic_int_set (&s->failed, 1);
        }
      c->len = 0;
      g_async_queue_push (s->empty, c);
    }
}

/* A sink on @fp; with @threaded, its buffers are written by a thread of their own. */
static void
sink_init (Sink *s, FILE *fp, gboolean threaded)
{
  *s = (Sink) { .fp = fp };
  if (!threaded)
    {
      s->buf = g_malloc (SINK_SIZE);
      return;
    }
  s->full = g_async_queue_new ();
  s->empty = g_async_queue_new ();
  for (guint i = 0; i < SINK_BUFFERS; i++)
    {
      SinkChunk *c = g_new (SinkChunk, 1);
      *c = (SinkChunk) { g_malloc (SINK_SIZE), 0 };
      g_async_queue_push (s->empty, c);
    }
  SinkChunk *first = g_async_queue_pop (s->empty);
  s->buf = first->buf;
  g_free (first);
  s->writer = g_thread_new ("eg-dot-writer", sink_writer, s);
}

/* Hands what is gathered to the FILE (or to the writer thread, and takes an empty buffer
 * from it). */
static int
sink_flush (void *chan)
{
  Sink *s = chan;
  if (s->writer == NULL)
    {
      if (s->len > 0 && fwrite (s->buf, 1, s->len, s->fp) != s->len)
        {
          s->err = errno;
          return EOF;
        }
      s->len = 0;
      return 0;
    }
  if (g_atomic_int_get (&s->failed))
    return EOF;
  if (s->len == 0)
    return 0;
  SinkChunk *c = g_new (SinkChunk, 1);
  *c = (SinkChunk) { s->buf, s->len };
  g_async_queue_push (s->full, c);
  SinkChunk *e = g_async_queue_pop (s->empty);
  s->buf = e->buf;
  s->len = 0;
  g_free (e);
  return 0;
}

/* Writes what is left and stops the writer thread; EOF when any write failed. */
static int
sink_finish (Sink *s)
{
  int rc = sink_flush (s);
  if (s->writer != NULL)
    {
      SinkChunk *stop = g_new0 (SinkChunk, 1);
      g_async_queue_push (s->full, stop);
      g_thread_join (s->writer);
      if (g_atomic_int_get (&s->failed))
        rc = EOF;
      SinkChunk *c;
      while ((c = g_async_queue_try_pop (s->empty)) != NULL)
        {
          g_free (c->buf);
          g_free (c);
        }
      g_async_queue_unref (s->full);
      g_async_queue_unref (s->empty);
    }
  g_free (s->buf);
  return rc;
}

static int
sink_put (void *chan, const char *str)
{
  Sink *s = chan;
  gsize n = strlen (str);
  if (G_UNLIKELY (n > SINK_SIZE - s->len))
    {
      if (sink_flush (s) == EOF)
        return EOF;
      while (n > SINK_SIZE)
        {
          /* (a value longer than a buffer: a mebibyte at a time) */
          memcpy (s->buf, str, SINK_SIZE);
          s->len = SINK_SIZE;
          if (sink_flush (s) == EOF)
            return EOF;
          str += SINK_SIZE;
          n -= SINK_SIZE;
        }
    }
  memcpy (s->buf + s->len, str, n);
  s->len += n;
  return 0;
}

/* (the graph is only written, never read through this discipline) */
static int
sink_read (void *chan, char *buf, int size)
{
  (void) chan, (void) buf, (void) size;
  return 0;
}

static Agiodisc_t sink_io = { sink_read, sink_put, sink_flush };

/* The edge attributes other than the tooltip. */
typedef struct {
  Agsym_t *weight, *kind, *windows, *docs, *pen, *color, *style, *first;
} EdgeSyms;

/* Sets the values of edges [@from, @to) other than their tooltips, one attribute at a time:
 * each value set interns the new string and releases the old, both looked up in cgraph's
 * splay tree of the graph's strings, where the few values one attribute takes stay near the
 * root while its column is set. @memos: the weight, pen and colour texts made so far. */
static void
edge_values (const EgView *v, Agedge_t **edges, const double *edge_t, guint from, guint to,
             const EdgeSyms *sy, Memo *memos)
{
  Memo *weight = memos, *pen = memos + 1, *color = memos + 2;
  char buf[48];
  for (guint i = from; i < to; i++)
    set (edges[i], sy->weight, memo_text (weight, eg_view_edge (v, i)->weight, weight_text));
  for (guint i = from; i < to; i++)
    set (edges[i], sy->kind, eg_edge_kind_name (eg_view_edge (v, i)->kind));
  for (guint i = from; i < to; i++)
    set (edges[i], sy->windows, eg_write_uint (buf, eg_view_edge (v, i)->windows));
  for (guint i = from; i < to; i++)
    set (edges[i], sy->docs, eg_write_uint (buf, eg_view_edge (v, i)->docs));
  for (guint i = from; i < to; i++)
    set (edges[i], sy->pen, memo_text (pen, edge_t[i], link_pen));
  for (guint i = from; i < to; i++)
    {
      const EgViewEdge *ed = eg_view_edge (v, i);
      if (ed->kind == EG_EDGE_COOCCURRENCE)
        set (edges[i], sy->color, memo_text (color, edge_t[i], link_color));
      else
        {
          rgba (buf, sizeof buf, ed->kind == EG_EDGE_SIGNER ? "#3c8c80" : "#b0678e", 0.6);
          set (edges[i], sy->color, buf);
        }
    }
  for (guint i = from; i < to; i++)
    if (eg_view_edge (v, i)->kind != EG_EDGE_COOCCURRENCE)
      set (edges[i], sy->style, "dashed");
  for (guint i = from; i < to; i++)
    if (eg_view_edge (v, i)->first_date)
      set (edges[i], sy->first, eg_view_edge (v, i)->first_date);
}

/* The style of the type most of @v's nodes have (on a tie the first in the style table, any
 * other type last). */
static const EgTypeStyle *
common_style (const EgView *v)
{
  guint n_types;
  const EgTypeStyle *types = eg_style_types (&n_types);
  g_autofree guint *count = g_new0 (guint, n_types + 1); /* [n_types]: any other type */
  for (guint i = 0; i < v->nodes->len; i++)
    {
      const EgTypeStyle *st = eg_style_for_type (eg_view_node (v, i)->type);
      count[st >= types && st < types + n_types ? (guint) (st - types) : n_types]++;
    }
  guint best = 0;
  for (guint k = 1; k <= n_types; k++)
    if (count[k] > count[best])
      best = k;
  return best < n_types ? &types[best] : eg_style_for_type (NULL);
}

static Agraph_t *
dot_build (const EgView *v, const EgWriteOptions *opt, Agdisc_t *disc)
{
  Agraph_t *g = agopen ((char *) (opt && opt->name ? opt->name : "entgraph"), Agundirected,
                        disc);
  set_graph_attrs (g, v);
  /* agwrite() breaks values longer than linelength (128) with backslash-newlines, testing
   * for a break at every byte it quotes: a fifth of agstrcanon()'s cost with kilobyte
   * tooltips, and some DOT readers do not join the pieces. 0 turns it off. */
  agattr (g, AGRAPH, "linelength", "0");
  gboolean clusters = opt && opt->clusters && v->has_communities;

  /* The nodes' drawing defaults are those of their most common type, in the smallest
   * font, which most nodes of a large graph have: such a node then carries none of them
   * (up to 5 attributes fewer to intern, write and free). Types stay on every node. */
  g_autofree double *node_t = eg_style_node_scale (v);
  const EgTypeStyle *st0 = common_style (v);
  char font0[48] = "10";
  double nt0 = INFINITY;
  for (guint i = 0; i < v->nodes->len; i++)
    nt0 = MIN (nt0, node_t[i]);
  if (isfinite (nt0))
    font_size (font0, sizeof font0, nt0);
  gboolean community_fill = v->has_communities && !clusters;
  Agsym_t *n_label = agattr (g, AGNODE, "label", "\\N");
  Agsym_t *n_type = agattr (g, AGNODE, "entity_type", "");
  Agsym_t *n_shape = agattr (g, AGNODE, "shape", (char *) st0->shape);
  Agsym_t *n_style = agattr (g, AGNODE, "style", (char *) st0->style);
  const char *fill0 = community_fill ? "#ffffb3" : st0->fill;
  Agsym_t *n_fill = agattr (g, AGNODE, "fillcolor", (char *) fill0);
  Agsym_t *n_color = agattr (g, AGNODE, "color", (char *) st0->border);
  Agsym_t *n_font = agattr (g, AGNODE, "fontsize", font0);
  Agsym_t *n_mentions = agattr (g, AGNODE, "mentions", "0");
  Agsym_t *n_docs = agattr (g, AGNODE, "docs", "0");
  Agsym_t *n_windows = agattr (g, AGNODE, "windows", "0");
  Agsym_t *n_strength = agattr (g, AGNODE, "strength", "0");
  Agsym_t *n_first = agattr (g, AGNODE, "first_date", "");
  Agsym_t *n_tip = agattr (g, AGNODE, "tooltip", "");
  Agsym_t *n_comm = v->has_communities ? agattr (g, AGNODE, "community", "-1") : NULL;
  Agsym_t *e_weight = agattr (g, AGEDGE, "weight", "1");
  Agsym_t *e_kind = agattr (g, AGEDGE, "kind", "cooccurrence");
  /* The edge defaults are the lightest co-occurrence link's values, which nearly every link of
   * a large graph has: an edge then carries only what sets it apart (3 attributes fewer to
   * intern, write and free on most edges); Graphviz and DOT readers apply the defaults. */
  g_autofree double *edge_t = eg_style_edge_scale (v);
  char pen0[48] = "1", color0[48] = "#40404080";
  double t0 = INFINITY;
  for (guint i = 0; i < v->edges->len; i++)
    if (eg_view_edge (v, i)->kind == EG_EDGE_COOCCURRENCE)
      t0 = MIN (t0, edge_t[i]);
  if (isfinite (t0))
    {
      link_pen (pen0, sizeof pen0, t0);
      link_color (color0, sizeof color0, t0);
    }
  Agsym_t *e_windows = agattr (g, AGEDGE, "windows", "1");
  Agsym_t *e_docs = agattr (g, AGEDGE, "docs", "1");
  Agsym_t *e_pen = agattr (g, AGEDGE, "penwidth", pen0);
  Agsym_t *e_color = agattr (g, AGEDGE, "color", color0);
  Agsym_t *e_style = agattr (g, AGEDGE, "style", "solid");
  Agsym_t *e_tip = agattr (g, AGEDGE, "tooltip", "");
  Agsym_t *e_first = agattr (g, AGEDGE, "first_date", "");

  /* Community subgraphs first, so their nodes are declared inside them. */
  g_autofree Agraph_t **cluster = NULL;
  if (clusters)
    {
      g_autofree guint *size = g_new0 (guint, v->n_communities + 1);
      for (guint i = 0; i < v->nodes->len; i++)
        if (eg_view_node (v, i)->community >= 0)
          size[eg_view_node (v, i)->community]++;
      cluster = g_new0 (Agraph_t *, v->n_communities + 1);
      for (guint c = 0; c < v->n_communities; c++)
        {
          if (size[c] < 2)
            continue;
          char name[32], label[48];
          g_snprintf (name, sizeof name, "cluster_%u", c);
          g_snprintf (label, sizeof label, "community %u", c);
          cluster[c] = agsubg (g, name, TRUE);
          agsafeset (cluster[c], "label", label, "");
          agsafeset (cluster[c], "style", "filled,rounded", "");
          agsafeset (cluster[c], "color", (char *) eg_style_community_color ((gint) c), "");
          char fill[16];
          rgba (fill, sizeof fill, eg_style_community_color ((gint) c), 0.25);
          agsafeset (cluster[c], "fillcolor", fill, "");
        }
    }

  g_autofree Memo *node_memos = g_new0 (Memo, 2);
  Memo *fonts = node_memos, *strengths = node_memos + 1;
  g_autofree Agnode_t **nodes = g_new0 (Agnode_t *, v->nodes->len + 1);
  char buf[48];
  /* Every node and edge is made before any value is set: making one interns each of its
   * attributes' defaults in cgraph's string dictionary (a splay tree over every string of
   * the graph), which costs less while no label or tooltip is in it yet. */
  for (guint i = 0; i < v->nodes->len; i++)
    {
      const EgViewNode *nd = eg_view_node (v, i);
      nodes[i] = agnode (g, (char *) nd->id, TRUE);
      if (clusters && nd->community >= 0 && cluster[nd->community])
        agsubnode (cluster[nd->community], nodes[i], TRUE);
    }
  g_autofree Agedge_t **made_edges = g_new (Agedge_t *, v->edges->len + 1);
  for (guint i = 0; i < v->edges->len; i++)
    {
      const EgViewEdge *ed = eg_view_edge (v, i);
      made_edges[i] = agedge (g, nodes[ed->a], nodes[ed->b], NULL, TRUE);
    }
  for (guint i = 0; i < v->nodes->len; i++)
    {
      const EgViewNode *nd = eg_view_node (v, i);
      Agnode_t *n = nodes[i];
      const EgTypeStyle *st = eg_style_for_type (nd->type);
      g_autofree char *label = esc (nd->label);
      set (n, n_label, label);
      set (n, n_type, nd->type);
      set (n, n_shape, st->shape);
      set (n, n_style, st->style);
      if (community_fill)
        set (n, n_fill, eg_style_community_color (nd->community));
      else
        set (n, n_fill, st->fill);
      set (n, n_color, st->border);
      set (n, n_font, memo_text (fonts, node_t[i], font_size));
      set (n, n_mentions, eg_write_uint (buf, nd->mentions));
      set (n, n_docs, eg_write_uint (buf, nd->docs));
      set (n, n_windows, eg_write_uint (buf, nd->windows));
      set (n, n_strength, memo_text (strengths, nd->strength, weight_text));
      if (nd->first_date)
        set (n, n_first, nd->first_date);
      if (n_comm)
        {
          g_snprintf (buf, sizeof buf, "%d", nd->community);
          set (n, n_comm, buf);
        }
      g_autofree char *tip = node_tooltip (nd);
      set (n, n_tip, tip);
    }

  guint tip_cap = opt ? opt->tooltip_evidence : 0;
  guint tip_threads = threads_of (opt);
  tip_threads = v->edges->len < TIP_THREADS_MIN ? 1 : MIN (tip_threads, 64);
  /* (a block's room, not more: --per-doc makes thousands of small graphs) */
  guint tip_room = MIN (TIP_BLOCK, v->edges->len) + 1;
  g_autofree char **tips = tip_cap > 0 ? g_new0 (char *, tip_room) : NULL;
  g_autofree char **next_tips = tip_cap > 0 ? g_new0 (char *, tip_room) : NULL;
  TipWork ahead = { .n = 0 };
  g_autofree Memo *memos = g_new0 (Memo, 3);
  guint n_edges = v->edges->len;
  EdgeSyms sy = { e_weight, e_kind, e_windows, e_docs, e_pen, e_color, e_style, e_first };
  for (guint from = 0; from < n_edges; from += TIP_BLOCK)
    {
      guint to = MIN (from + TIP_BLOCK, n_edges);
      if (tips)
        {
          /* With more than one thread the next block's tooltips are made while cgraph takes
           * this one. */
          if (ahead.n > 0)
            {
              tips_join (&ahead);
              char **made = next_tips;
              next_tips = tips;
              tips = made;
            }
          else
            {
              TipWork now;
              tips_start (&now, v, tip_cap, tip_threads, from, to, tips, TRUE);
              tips_join (&now);
            }
          if (tip_threads > 1 && to < n_edges)
            tips_start (&ahead, v, tip_cap, tip_threads - 1, to, MIN (to + TIP_BLOCK, n_edges),
                        next_tips, FALSE);
        }
      edge_values (v, made_edges, edge_t, from, to, &sy, memos);
      for (guint i = from; i < to && tips; i++)
        {
          set (made_edges[i], e_tip, tips[i - from]);
          g_clear_pointer (&tips[i - from], g_free);
        }
    }
  return g;
}

struct Agraph_s *
eg_dot_build (const EgView *v, const EgWriteOptions *opt)
{
  /* cgraph's own heap: this graph may be laid out by gvc, which frees as it goes; its ids
   * are still ours, so that its clusters are in order */
  static Agdisc_t disc = { &AgMemDisc, &ordered_ids, &AgIoDisc };
  return dot_build (v, opt, &disc);
}

void
eg_dot_free (struct Agraph_s *g)
{
  if (g != NULL)
    agclose (g);
}

gboolean
eg_dot_write (const EgView *v, const EgWriteOptions *opt, const char *path, GError **error)
{
  EgOutput out;
  FILE *fp = eg_output_open (&out, path, error);
  if (fp == NULL)
    return FALSE;
  Agdisc_t disc = { &arena_mem, &ordered_ids, &sink_io };
  gint64 t0 = g_get_monotonic_time ();
  Agraph_t *g = dot_build (v, opt, &disc);
  gint64 t1 = g_get_monotonic_time ();
  Sink sink;
  sink_init (&sink, fp, threads_of (opt) > 1);
  int rc = agwrite (g, &sink);
  if (sink_finish (&sink) != 0)
    rc = EOF;
  if (rc != 0)
    {
      arena_graph_close (g);
      if (sink.err != 0)
        g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", path, g_strerror (sink.err));
      else
        g_set_error (error, EG_ERROR, EG_ERROR_GRAPHVIZ, "%s: cgraph could not write the graph",
                     path);
      eg_output_abort (&out);
      return FALSE;
    }
  arena_graph_close (g);
  gint64 t2 = g_get_monotonic_time ();
  gboolean ok = eg_output_commit (&out, error);
  if (opt && opt->times)
    {
      opt->times->build_us += t1 - t0;
      opt->times->write_us += t2 - t1; /* (with freeing the graph, a few ms) */
      opt->times->commit_us += g_get_monotonic_time () - t2;
    }
  return ok;
}
