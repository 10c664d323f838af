/* cooc.c - co-occurrence counts (see cooc.h). */
#include "cooc.h"

#include <string.h>
#include <sys/mman.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define SNIPPET_MAX 400

/* One slot of the pair map: (a << 32 | b), 0 when empty, and the edge. 16 bytes, so a
 * probe touches one cache line. */
struct EgPairSlot {
  guint64 key;
  EgEdge *edge;
};

static void
ref_release (char *s)
{
  if (s)
    g_ref_string_release (s);
}

static void
node_free (gpointer p)
{
  EgNode *n = p;
  g_free (n->id);
  g_free (n->type);
  g_free (n->label);
  ref_release (n->first_date);
  g_free (n);
}

/* Evidence strings are GRefStrings: every pair of a window shares its document name and
 * sentence instead of copying them (a window of k entities has k(k-1)/2 pairs). */
static void
evidence_clear (EgEvidence *e)
{
  g_ref_string_release (e->doc);
  g_ref_string_release (e->sentence);
}

/* Empties @e's evidence and date; the edge itself belongs to a slab. */
static void
edge_clear (EgEdge *e)
{
  for (guint i = 0; i < e->n_evidence; i++)
    evidence_clear (&e->evidence[i]);
  if (e->evidence != &e->one)
    g_free (e->evidence);
  e->evidence = NULL;
  e->n_evidence = e->evidence_room = 0;
  ref_release (e->first_date);
  e->first_date = NULL;
}

EgCooc *
eg_cooc_new (EgLevel level, guint evidence_cap)
{
  EgCooc *c = g_new0 (EgCooc, 1);
  c->level = level;
  c->evidence_cap = evidence_cap;
  c->max_per_window = EG_COOC_MAX_PER_WINDOW;
  c->max_edges = EG_COOC_MAX_EDGES;
  c->nodes = g_ptr_array_new_with_free_func (node_free);
  c->edges = g_ptr_array_new ();
  c->slabs = g_ptr_array_new_with_free_func (g_free);
  c->node_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  c->dict_nodes = g_array_new (FALSE, TRUE, sizeof (guint32));
  return c;
}

void
eg_cooc_free (EgCooc *c)
{
  if (c == NULL)
    return;
  g_hash_table_destroy (c->node_by_id);
  g_array_free (c->dict_nodes, TRUE);
  g_aligned_free (c->pairs);
  for (guint i = 0; i < c->edges->len; i++)
    edge_clear (g_ptr_array_index (c->edges, i));
  g_ptr_array_free (c->edges, TRUE);
  g_ptr_array_free (c->slabs, TRUE);
  g_ptr_array_free (c->nodes, TRUE);
  g_free (c);
}

static const char *const level_names[] = { "sentence", "paragraph", "document" };

const char *
eg_level_name (EgLevel level)
{
  return level <= EG_LEVEL_DOCUMENT ? level_names[level] : "unknown";
}

gboolean
eg_level_parse (const char *s, EgLevel *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (level_names); i++)
    if (g_strcmp0 (s, level_names[i]) == 0)
      {
        *out = (EgLevel) i;
        return TRUE;
      }
  return FALSE;
}

/* Dates are GRefStrings: the edges of a document share its date. */
static gboolean
is_earlier (const char *date, const char *slot)
{
  return date != NULL && date != slot && (slot == NULL || strcmp (date, slot) < 0);
}

static void
set_earlier (char **slot, const char *date)
{
  if (is_earlier (date, *slot))
    {
      ref_release (*slot);
      *slot = g_ref_string_new (date);
    }
}

/* set_earlier() for a @date that is itself a GRefString: shared, not copied. */
static void
set_earlier_ref (char **slot, char *date)
{
  if (is_earlier (date, *slot))
    {
      ref_release (*slot);
      *slot = g_ref_string_acquire (date);
    }
}

/* Two spellings of one local entity ("Nemecio Lugo", "NEMECIO LUGO"): the label is chosen
 * by the names alone, never by which came first, so any input order or split agrees. Mixed
 * case reads better than capitals; then the smaller in byte order. */
static void
choose_label (char **slot, const char *name)
{
  if (*slot == NULL)
    {
      *slot = g_strdup (name);
      return;
    }
  if (strcmp (*slot, name) == 0)
    return;
  gboolean cur_lower = FALSE, new_lower = FALSE;
  for (const char *p = *slot; *p; p++)
    cur_lower |= g_ascii_islower (*p);
  for (const char *p = name; *p; p++)
    new_lower |= g_ascii_islower (*p);
  if ((new_lower && !cur_lower) || (new_lower == cur_lower && strcmp (name, *slot) < 0))
    {
      g_free (*slot);
      *slot = g_strdup (name);
    }
}

/* Counts a mention of @n in document @doc_seq, dated @date. */
static void
node_counted (EgNode *n, guint32 doc_seq, char *date)
{
  n->mentions++;
  if (n->last_doc != doc_seq + 1)
    {
      n->last_doc = doc_seq + 1;
      n->docs++;
      set_earlier_ref (&n->first_date, date);
    }
}

/* Counts a mention of @n by @ref in document @doc_seq, dated @date. */
static void
node_mentioned (EgNode *n, EgEntityRef ref, guint32 doc_seq, char *date)
{
  choose_label (&n->label, ref.name);
  node_counted (n, doc_seq, date);
}

static guint32
node_for (EgCooc *c, EgEntityRef ref, guint32 doc_seq, char *date)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (c->node_by_id, ref.id));
  EgNode *n;
  if (i == 0)
    {
      n = g_new0 (EgNode, 1);
      n->id = g_strdup (ref.id);
      n->type = g_strdup (ref.type);
      g_ptr_array_add (c->nodes, n);
      i = c->nodes->len;
      g_hash_table_insert (c->node_by_id, n->id, GUINT_TO_POINTER (i));
    }
  else
    n = g_ptr_array_index (c->nodes, i - 1);
  node_mentioned (n, ref, doc_seq, date);
  return i - 1;
}

/* node_for() for a mention of @entity. A dictionary entity's node is remembered by the
 * entity's index (c->dict_nodes, for the dictionary c->dict_serial names): most mentions
 * are of entities met before, and hashing the id was most of their cost; then reading the
 * entity's id and name back from a large dictionary, two or three cache misses a mention.
 * A compiled dictionary's entities never change, and its name for an entity was offered
 * as the node's label at the first mention (the choice depends only on the names offered,
 * not on how often). */
static guint32
node_of_mention (EgCooc *c, const EgMentions *m, const EgDict *dict, guint32 entity,
                 guint32 doc_seq, char *date)
{
  if (entity < m->n_dict && entity < c->dict_nodes->len)
    {
      guint32 known = g_array_index (c->dict_nodes, guint32, entity);
      if (known > 0)
        {
          node_counted (g_ptr_array_index (c->nodes, known - 1), doc_seq, date);
          return known - 1;
        }
    }
  EgEntityRef ref = eg_mentions_entity (m, dict, entity);
  guint32 i = node_for (c, ref, doc_seq, date);
  if (entity < m->n_dict)
    {
      if (entity >= c->dict_nodes->len)
        g_array_set_size (c->dict_nodes, entity + 1);
      g_array_index (c->dict_nodes, guint32, entity) = i + 1;
    }
  return i;
}

/* The text of original [start, end) restricted to the document's text spans, white space
 * runs and gaps made one space, cut at SNIPPET_MAX bytes on a character boundary, as a
 * GRefString (the evidence of every pair in the sentence shares it). */
static char *
span_text_ref (const EgDoc *doc, gsize start, gsize end)
{
  /* (a pending space and a byte may both go in at SNIPPET_MAX - 1) */
  char buf[SNIPPET_MAX + 2];
  gsize len = 0;
  gboolean space = FALSE;
  /* The text ranges are in order: the first that ends after @start is found by halving
   * (a cable has hundreds, and each sentence quoted looked at all of them). */
  const EgSpan *text = (const EgSpan *) (gpointer) doc->text->data;
  guint lo = 0, hi = doc->text->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (text[mid].end <= start)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo; i < doc->text->len && text[i].start < end && len < SNIPPET_MAX; i++)
    {
      const EgSpan *t = &text[i];
      gsize a = MAX (start, t->start), b = MIN (end, t->end);
      if (a >= b)
        continue;
      if (len > 0)
        space = TRUE;
      for (gsize k = a; k < b && len < SNIPPET_MAX; k++)
        {
#ifdef __SSE2__
          /* Running text goes in sixteen bytes at a time: those whose white space is single
           * spaces between other bytes are copied as they are, which is what the byte loop
           * below makes of them. */
          while (!space && k + 16 <= b && len + 16 <= SNIPPET_MAX)
            {
              __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) (doc->data + k));
              guint low = (guint) _mm_movemask_epi8 (
                _mm_cmpeq_epi8 (_mm_subs_epu8 (v, _mm_set1_epi8 (0x20)), _mm_setzero_si128 ()));
              guint sp = (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 (' ')));
              if (low != sp || (sp & ((sp >> 1) | 1u | 0x8000u)) != 0)
                break; /* another white space or control byte, two spaces, or one at an end */
              _mm_storeu_si128 ((__m128i *) (gpointer) (buf + len), v);
              len += 16;
              k += 16;
            }
#endif
          /* A word goes in eight bytes at a time: eight are copied, and the run before the
           * first byte at or below the space (white space, a control byte) is kept. */
          const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
          while (!space && k + 8 <= b && len + 8 <= SNIPPET_MAX)
            {
              guint64 w;
              memcpy (&w, doc->data + k, 8);
              memcpy (buf + len, &w, 8);
              /* the lowest byte below 0x21 is marked exactly */
              guint64 low = GUINT64_FROM_LE (w);
              low = (low - 0x21 * ones) & ~low & 0x80 * ones;
              guint run = low ? (guint) __builtin_ctzll (low) / 8 : 8;
              len += run;
              k += run;
              if (run < 8)
                break;
            }
          if (k >= b || len >= SNIPPET_MAX)
            break;
          guchar ch = (guchar) doc->data[k];
          if (g_ascii_isspace (ch))
            {
              space = len > 0;
              continue;
            }
          if (space)
            buf[len++] = ' ';
          space = FALSE;
          buf[len++] = (char) ch;
        }
    }
  buf[len] = '\0';
  /* Nearly every sentence is valid UTF-8 already, most of it ASCII (checked eight bytes at
   * a time; GLib goes byte by byte): made valid only when it is not. */
  gsize ascii = 0;
  for (guint64 w; ascii + 8 <= len; ascii += 8)
    {
      memcpy (&w, buf + ascii, 8);
      if (w & G_GUINT64_CONSTANT (0x8080808080808080))
        break;
    }
  g_autofree char *made = g_utf8_validate_len (buf + ascii, len - ascii, NULL)
                            ? NULL : g_utf8_make_valid (buf, (gssize) len);
  char *valid = made ? made : buf;
  /* A cut inside a character leaves U+FFFD at the end: drop it. (A NUL ends the text.) */
  gsize n = strlen (valid);
  if (n >= 3 && memcmp (valid + n - 3, "\xEF\xBF\xBD", 3) == 0)
    n -= 3;
  return g_ref_string_new_len (valid, (gssize) n);
}

/* A document name's first four bytes as one big-endian number, zeros after its end. Names
 * whose keys differ sort as their keys do: an edge keeps its last piece's key, and most
 * new pieces are placed, or turned away, without reading a name that left the cache long
 * ago. */
static inline guint32
doc_key (const char *name)
{
  guint32 key = 0;
  for (guint i = 0; i < 4; i++)
    {
      guint8 ch = (guint8) *name;
      key = key << 8 | ch;
      name += ch != 0;
    }
  return key;
}

/* Evidence order: (document name, offset), the same whatever the input order or split.
 * The pieces of one document share its name, so equal pointers are the common case. */
static gint
evidence_key_order (const char *doc_a, guint32 off_a, const char *doc_b, guint32 off_b)
{
  int r = doc_a == doc_b ? 0 : strcmp (doc_a, doc_b);
  if (r != 0)
    return r;
  return off_a < off_b ? -1 : off_a > off_b;
}

/* The key, then what is shown: two copies of one cable (the same name and offset) that
 * differ in a byte would otherwise be kept in the order the threads met them. Pieces equal
 * here are alike in every field. */
static gint
evidence_order (const EgEvidence *a, const EgEvidence *b)
{
  gint r = evidence_key_order (a->doc, a->offset, b->doc, b->offset);
  if (r != 0)
    return r;
  if (a->paragraph != b->paragraph)
    return a->paragraph < b->paragraph ? -1 : 1;
  return a->sentence == b->sentence ? 0 : strcmp (a->sentence, b->sentence);
}

/* Keeps the @cap first distinct pieces of evidence of @e by evidence_order(); takes @ev's
 * references. A piece equal to one kept (the same sentence of the same cable, met again in
 * a copy of the file) is dropped: a tooltip listing one sentence three times tells less.
 * The first @cap distinct pieces of a union are among the first @cap of its parts, so any
 * split still merges to the same. The array grows 1, 2, 4... up to @cap: most edges keep
 * one piece. */
static void
keep_evidence (EgEdge *e, EgEvidence ev, guint32 key, guint cap)
{
  guint pos = e->n_evidence;
  gint order = 1;
  /* after the last piece by its key alone: no need to read the kept names */
  if (key <= e->last_key)
    while (pos > 0 && (order = evidence_order (&e->evidence[pos - 1], &ev)) > 0)
      pos--;
  if (pos >= cap || (pos > 0 && order == 0))
    {
      evidence_clear (&ev);
      return;
    }
  if (e->n_evidence == cap)
    evidence_clear (&e->evidence[--e->n_evidence]);
  else if (e->n_evidence == e->evidence_room)
    {
      /* The first piece stays in the edge (an allocation an edge saved: most edges keep
       * one piece); the list moves to the heap when it grows past it. */
      guint room = MIN (cap, MAX (1, e->evidence_room * 2));
      if (e->evidence_room == 0)
        e->evidence = room == 1 ? &e->one : g_new (EgEvidence, room);
      else if (e->evidence == &e->one)
        {
          e->evidence = g_new (EgEvidence, room);
          memcpy (e->evidence, &e->one, e->n_evidence * sizeof ev);
        }
      else
        e->evidence = g_renew (EgEvidence, e->evidence, room);
      e->evidence_room = room;
    }
  memmove (&e->evidence[pos + 1], &e->evidence[pos], (e->n_evidence - pos) * sizeof ev);
  e->evidence[pos] = ev;
  e->n_evidence++;
  e->last_key = pos + 1 == e->n_evidence ? key : doc_key (e->evidence[e->n_evidence - 1].doc);
}

/* Could evidence at (@doc, @offset) be kept? Saves making a snippet that is dropped; a tie
 * with the last piece kept is settled by keep_evidence(). @key is doc_key (@doc). */
static gboolean
wants_evidence (const EgEdge *e, const char *doc, guint32 key, guint32 offset, guint cap)
{
  if (e->n_evidence < cap)
    return TRUE;
  if (cap == 0)
    return FALSE;
  if (key != e->last_key)
    return key < e->last_key;
  const EgEvidence *last = &e->evidence[e->n_evidence - 1];
  return evidence_key_order (doc, offset, last->doc, last->offset) <= 0;
}

/* Per document: its name and the text of each sentence, made once and shared. */
typedef struct {
  char *doc;        /* GRefString */
  guint32 key;      /* doc_key (doc) */
  char *date;       /* GRefString, or NULL */
  char **sentences; /* GRefString per sentence index, made on first use */
  char *empty;
} DocStrings;

/* The sentence a pair's evidence is taken from, in the window @ms[0..n): the first
 * sentence holding both, else the sentence of the first mention of either. No mention
 * before @from is of either. (count_window() answers it from its sentence masks when the
 * window's sentences fit in 64; this is the scan for the others.) */
static guint32
pair_sentence (const EgMention *ms, guint n, guint from, guint32 ea, guint32 eb,
               const guint32 *node_of)
{
  guint32 sent = G_MAXUINT32, first = G_MAXUINT32;
  for (guint i = from; i < n && sent == G_MAXUINT32; i++)
    {
      if (node_of[i] != ea && node_of[i] != eb)
        continue;
      if (first == G_MAXUINT32)
        first = i;
      for (guint j = i + 1; j < n && ms[j].sentence == ms[i].sentence; j++)
        if ((node_of[j] == ea || node_of[j] == eb) && node_of[j] != node_of[i])
          {
            sent = ms[i].sentence;
            break;
          }
    }
  if (sent == G_MAXUINT32 && first != G_MAXUINT32)
    sent = ms[first].sentence;
  return sent;
}

/* Evidence from sentence @sent (G_MAXUINT32: none) of the window @ms[0..n). */
static EgEvidence
make_evidence (const EgMentions *m, DocStrings *ds, const EgMention *ms, guint32 sent,
               guint32 offset)
{
  const EgDoc *doc = m->doc;
  EgEvidence ev = { .doc = g_ref_string_acquire (ds->doc), .offset = offset };
  guint32 w = ms[0].window;
  if (w != G_MAXUINT32 && w < doc->windows->len)
    ev.paragraph = g_array_index (doc->windows, EgWindow, w).number;
  if (sent != G_MAXUINT32 && sent < doc->sentences->len)
    {
      if (ds->sentences[sent] == NULL)
        {
          const EgSpan *sp = &g_array_index (doc->sentences, EgSpan, sent);
          ds->sentences[sent] = span_text_ref (doc, sp->start, sp->end);
        }
      ev.sentence = g_ref_string_acquire (ds->sentences[sent]);
    }
  else
    ev.sentence = g_ref_string_acquire (ds->empty);
  return ev;
}

/* Where a window starts in its file: the key evidence is ordered by. */
static guint32
window_offset (EgLevel level, const EgDoc *doc, const EgMention *first)
{
  if (level == EG_LEVEL_SENTENCE && first->sentence < doc->sentences->len)
    return g_array_index (doc->sentences, EgSpan, first->sentence).start;
  if (level == EG_LEVEL_PARAGRAPH && first->window < doc->windows->len)
    return g_array_index (doc->windows, EgWindow, first->window).span.start;
  return first->start;
}

static EgEdge *pair_find (const EgCooc *c, guint32 a, guint32 b);
static inline gsize pair_slot (guint64 key, gsize mask);

/* A window's sentences up to this many words of 64 get bit sets (count_window()): 256
 * paired nodes of 262,144 sentences take 8 MiB. */
#define SENTENCE_WORDS_MAX 4096

#define PAIR_AHEAD 6
#define PAIR_BATCH 32

/* Steps the cursor (@pi, @pj) over the pairs of @uniq[0..@k) in counting order, and asks
 * for the map slot of the pair it leaves. */
static inline void
pair_prefetch_next (const EgCooc *c, const guint32 *uniq, guint k, guint *pi, guint *pj)
{
  if (++*pj >= k)
    {
      if (*pi + 2 >= k)
        return;
      ++*pi;
      *pj = *pi + 1;
    }
  guint32 a = MIN (uniq[*pi], uniq[*pj]), b = MAX (uniq[*pi], uniq[*pj]);
  if (c->pair_cap > 0)
    __builtin_prefetch (&c->pairs[pair_slot (((guint64) a << 32) | b, c->pair_cap - 1)]);
}

static void
count_window (EgCooc *c, const EgMentions *m, DocStrings *ds, const EgMention *ms, guint n,
              const guint32 *node_of, guint32 doc_seq)
{
  const char *doc_name = ds->doc;
  guint32 offset = window_offset (c->level, m->doc, &ms[0]);
  /* Distinct nodes in order of first mention, and where each is first mentioned; with
   * the window's sentences numbered from its first, the sentences each of the nodes that
   * are paired is in, as a bit set of @words words (one for the 64 sentences a paragraph
   * nearly always fits in; a document-wide window needs more). */
  guint32 base = G_MAXUINT32, top = 0;
  for (guint i = 0; i < n; i++)
    if (ms[i].sentence != G_MAXUINT32)
      {
        base = MIN (base, ms[i].sentence);
        top = MAX (top, ms[i].sentence);
      }
  gsize words = base == G_MAXUINT32 ? 1 : (gsize) (top - base) / 64 + 1;
  guint paired = MIN (n, c->max_per_window);
  gboolean masks = words <= SENTENCE_WORDS_MAX; /* (else pair_sentence() scans) */
  gsize bits = masks ? paired * words : 0;
  g_autofree guint64 *block = g_new (guint64, (gsize) n + bits); /* (one allocation) */
  guint32 *uniq = (guint32 *) block, *first = uniq + n;
  guint64 *in_sent = block + n;
  memset (in_sent, 0, bits * sizeof *in_sent);
  guint k = 0;
  for (guint i = 0; i < n; i++)
    {
      guint j = 0;
      while (j < k && uniq[j] != node_of[i])
        j++;
      if (j == k)
        {
          first[k] = i;
          uniq[k++] = node_of[i];
        }
      if (ms[i].sentence == G_MAXUINT32 || !masks || j >= paired)
        continue;
      guint32 rel = ms[i].sentence - base;
      in_sent[j * words + rel / 64] |= G_GUINT64_CONSTANT (1) << (rel % 64);
    }
  c->n_windows++;
  for (guint i = 0; i < k; i++)
    ((EgNode *) g_ptr_array_index (c->nodes, uniq[i]))->windows++;
  if (k > c->max_per_window)
    {
      c->capped_windows++;
      k = c->max_per_window;
    }
  if (k < 2)
    return;
  guint64 pairs = (guint64) k * (k - 1) / 2;
  guint64 share = (EG_COOC_FX + pairs / 2) / pairs;
  /* With a large dictionary the pair map and the edges outgrow the caches, and each pair
   * waited for memory twice. Pairs go in batches: the first pass finds (or makes) their
   * edges, asking for the map slot PAIR_AHEAD pairs on and for each edge found; the second
   * counts them, by then in cache. The order of every change is the one-pair-at-a-time
   * order. */
  EgEdge *batch[PAIR_BATCH];
  guint8 batch_i[PAIR_BATCH], batch_j[PAIR_BATCH];
  guint pi = 0, pj = 0, ci = 0, cj = 1;
  for (guint ahead = 0; ahead < PAIR_AHEAD; ahead++)
    pair_prefetch_next (c, uniq, k, &pi, &pj);
  G_STATIC_ASSERT (EG_COOC_MAX_PER_WINDOW <= G_MAXUINT8 + 1);
  while (ci + 1 < k)
    {
      guint nb = 0;
      for (; nb < PAIR_BATCH && ci + 1 < k; nb++)
        {
          pair_prefetch_next (c, uniq, k, &pi, &pj);
          guint32 a = MIN (uniq[ci], uniq[cj]), b = MAX (uniq[ci], uniq[cj]);
          EgEdge *edge = c->edges->len < c->max_edges ? eg_cooc_edge (c, a, b)
                                                       : pair_find (c, a, b);
          if (edge != NULL)
            __builtin_prefetch (edge);
          batch[nb] = edge;
          batch_i[nb] = (guint8) ci;
          batch_j[nb] = (guint8) cj;
          if (++cj == k)
            {
              ci++;
              cj = ci + 1;
            }
        }
      for (guint q = 0; q < nb; q++)
        {
          EgEdge *edge = batch[q];
          if (edge == NULL)
            {
              c->dropped_pairs++;
              continue;
            }
          edge->windows++;
          edge->fractional += share;
          if (edge->last_doc != doc_seq + 1)
            {
              edge->last_doc = doc_seq + 1;
              edge->docs++;
              set_earlier_ref (&edge->first_date, ds->date);
            }
          if (!wants_evidence (edge, doc_name, ds->key, offset, c->evidence_cap))
            continue;
          /* the first sentence holding both, else that of the first mention of either
           * (uniq[ci]'s, as it is mentioned first) */
          guint32 sent;
          guint8 qi = batch_i[q], qj = batch_j[q];
          if (masks)
            {
              const guint64 *x = in_sent + qi * words, *y = in_sent + qj * words;
              sent = ms[first[qi]].sentence;
              for (gsize w = 0; w < words; w++)
                if (x[w] & y[w])
                  {
                    sent = base + (guint32) (w * 64) + (guint32) __builtin_ctzll (x[w] & y[w]);
                    break;
                  }
            }
          else
            sent = pair_sentence (ms, n, first[qi], edge->a, edge->b, node_of);
          keep_evidence (edge, make_evidence (m, ds, ms, sent, offset), ds->key,
                         c->evidence_cap);
        }
    }
}

static guint32
window_key (EgLevel level, const EgMention *mn)
{
  switch (level)
    {
    case EG_LEVEL_SENTENCE:
      return mn->sentence;
    case EG_LEVEL_PARAGRAPH:
      return mn->window;
    case EG_LEVEL_DOCUMENT:
    default:
      return 0;
    }
}

void
eg_cooc_add (EgCooc *c, const EgMentions *m, const EgDict *dict)
{
  guint32 doc_seq = c->n_docs++;
  guint n = m->mentions->len;
  const EgMention *ms = (const EgMention *) (gpointer) m->mentions->data;
  DocStrings ds = {
    .doc = g_ref_string_new (eg_doc_name (m->doc)),
    .key = doc_key (eg_doc_name (m->doc)),
    .date = m->doc->meta.date ? g_ref_string_new (m->doc->meta.date) : NULL,
    .sentences = g_new0 (char *, m->doc->sentences->len + 1),
    .empty = g_ref_string_new (""),
  };
  g_autofree guint32 *node_of = g_new (guint32, n + 1);
  if (dict != NULL && eg_dict_serial (dict) != c->dict_serial)
    {
      g_array_set_size (c->dict_nodes, 0); /* another dictionary: its entity numbers */
      c->dict_serial = eg_dict_serial (dict);
    }
  /* A document's own entities (the rules', its acronyms) are found by id, a hash and a
   * string compare a mention; within the document each is looked up once. (The label
   * offered is the entity's, so offering it again would change nothing.) */
  guint n_locals = m->locals ? m->locals->len : 0;
  g_autofree guint32 *local_node = g_new (guint32, n_locals + 1);
  memset (local_node, 0xff, (n_locals + 1) * sizeof *local_node);
  for (guint i = 0; i < n; i++)
    {
      guint32 entity = ms[i].entity, *known = NULL;
      if (entity >= m->n_dict && entity - m->n_dict < n_locals)
        {
          known = &local_node[entity - m->n_dict];
          if (*known != G_MAXUINT32)
            {
              node_counted (g_ptr_array_index (c->nodes, *known), doc_seq, ds.date);
              node_of[i] = *known;
              continue;
            }
        }
      node_of[i] = node_of_mention (c, m, dict, entity, doc_seq, ds.date);
      if (known)
        *known = node_of[i];
    }
  c->n_mentions += n;

  /* Mentions are sorted by start, so each window's mentions are one run. */
  guint i = 0;
  while (i < n)
    {
      guint32 key = window_key (c->level, &ms[i]);
      guint j = i + 1;
      while (j < n && window_key (c->level, &ms[j]) == key)
        j++;
      if (key != G_MAXUINT32)
        count_window (c, m, &ds, ms + i, j - i, node_of + i, doc_seq);
      i = j;
    }
  for (guint k = 0; k < m->doc->sentences->len; k++)
    if (ds.sentences[k])
      g_ref_string_release (ds.sentences[k]);
  g_free (ds.sentences);
  g_ref_string_release (ds.doc);
  ref_release (ds.date);
  g_ref_string_release (ds.empty);
}

/* Adds @part to @into; with @take, moves @part's evidence and dates instead of copying them
 * (@part is freed next: merging a batch then costs no allocation per piece of evidence). */
static void pair_reserve (EgCooc *c, gsize edges);

static inline void
merge_prefetch (const EgCooc *into, const guint32 *map, const EgEdge *pe)
{
  guint32 a = MIN (map[pe->a], map[pe->b]), b = MAX (map[pe->a], map[pe->b]);
  __builtin_prefetch (&into->pairs[pair_slot (((guint64) a << 32) | b, into->pair_cap - 1)]);
}

/* Swaps the evidence lists of @x and @y; a list kept in its edge is copied to the other. */
static void
evidence_swap (EgEdge *x, EgEdge *y)
{
  EgEdge t = *x;
  gboolean x_in = x->evidence == &x->one, y_in = y->evidence == &y->one;
  x->evidence = y_in ? &x->one : y->evidence;
  x->one = y->one;
  x->n_evidence = y->n_evidence;
  x->evidence_room = y->evidence_room;
  x->last_key = y->last_key;
  y->evidence = x_in ? &y->one : t.evidence;
  y->one = t.one;
  y->n_evidence = t.n_evidence;
  y->evidence_room = t.evidence_room;
  y->last_key = t.last_key;
}

/* Adds part edge @pe to @e, its edge in the merged counts. With @take, @pe is emptied
 * (its evidence and date move). Touches @e and @pe only, so two threads may add distinct
 * part edges at once (distinct part edges are distinct merged edges). */
static inline void
merge_edge (EgEdge *e, EgEdge *pe, gboolean take, guint cap)
{
  e->windows += pe->windows;
  e->docs += pe->docs;
  e->fractional += pe->fractional;
  if (take)
    {
      if (is_earlier (pe->first_date, e->first_date))
        {
          ref_release (e->first_date);
          e->first_date = g_steal_pointer (&pe->first_date);
        }
      if (e->n_evidence == 0 && pe->n_evidence <= cap)
        {
          evidence_swap (e, pe); /* a new edge: the part's list, already in order */
          return;
        }
      for (guint j = 0; j < pe->n_evidence; j++)
        {
          guint32 key = doc_key (pe->evidence[j].doc);
          if (wants_evidence (e, pe->evidence[j].doc, key, pe->evidence[j].offset, cap))
            keep_evidence (e, pe->evidence[j], key, cap);
          else
            evidence_clear (&pe->evidence[j]);
        }
      pe->n_evidence = 0;
      return;
    }
  set_earlier_ref (&e->first_date, pe->first_date);
  for (guint j = 0; j < pe->n_evidence; j++)
    {
      const EgEvidence *ev = &pe->evidence[j];
      guint32 key = doc_key (ev->doc);
      if (wants_evidence (e, ev->doc, key, ev->offset, cap))
        keep_evidence (e,
                       (EgEvidence) { .doc = g_ref_string_acquire (ev->doc),
                                      .sentence = g_ref_string_acquire (ev->sentence),
                                      .paragraph = ev->paragraph,
                                      .offset = ev->offset },
                       key, cap);
    }
}

/* A share of a merge: part edges [from, to), found in the merged counts a batch at a time
 * (their slots and records asked for ahead, as in count_window) and added. With @create,
 * an edge the merged counts lack is made there; without, the pair map is only read (other
 * threads merge other shares at the same time) and the part edge's index is appended to
 * @missing, for the merging thread to make afterwards, in order. */
typedef struct {
  EgCooc *into, *part;
  const guint32 *map;
  guint from, to;
  gboolean take, create;
  GArray *missing; /* (element-type guint32) */
} MergeShare;

static gpointer
merge_share (gpointer data)
{
  MergeShare *sh = data;
  EgCooc *into = sh->into, *part = sh->part;
  const guint32 *map = sh->map;
  guint cap = into->evidence_cap, to = sh->to;
  EgEdge *batch[PAIR_BATCH];
  for (guint i = sh->from; i < MIN (to, sh->from + PAIR_AHEAD); i++)
    merge_prefetch (into, map, g_ptr_array_index (part->edges, i));
  for (guint i = sh->from; i < to; i++)
    {
      if ((i - sh->from) % PAIR_BATCH == 0)
        for (guint q = i; q < MIN (i + PAIR_BATCH, to); q++)
          {
            if (q + PAIR_AHEAD < to)
              merge_prefetch (into, map, g_ptr_array_index (part->edges, q + PAIR_AHEAD));
            const EgEdge *qe = g_ptr_array_index (part->edges, q);
            guint32 a = map[qe->a], b = map[qe->b];
            batch[q - i] = sh->create ? eg_cooc_edge (into, a, b)
                                      : pair_find (into, MIN (a, b), MAX (a, b));
            if (batch[q - i])
              __builtin_prefetch (batch[q - i]);
          }
      EgEdge *e = batch[(i - sh->from) % PAIR_BATCH];
      if (e == NULL)
        g_array_append_val (sh->missing, i);
      else
        merge_edge (e, g_ptr_array_index (part->edges, i), sh->take, cap);
    }
  return NULL;
}

/* Below this many part edges a thread, a merge stays on one thread. */
#define MERGE_SHARE_MIN 8192

static void
merge (EgCooc *into, EgCooc *part, gboolean take, guint threads)
{
  /* The union has at least as many edges as the larger side: room for that at once. Not
   * for the sum: the threads' parts share most of their edges, and a table sized for both
   * was zeroed and filled again for nothing (the table grows if the union is larger). */
  pair_reserve (into, MAX (into->edges->len, part->edges->len));
  g_autofree guint32 *map = g_new (guint32, part->nodes->len + 1);
  for (guint i = 0; i < part->nodes->len; i++)
    {
      const EgNode *pn = g_ptr_array_index (part->nodes, i);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (into->node_by_id, pn->id));
      EgNode *n;
      if (k == 0)
        {
          n = g_new0 (EgNode, 1);
          n->id = g_strdup (pn->id);
          n->type = g_strdup (pn->type);
          g_ptr_array_add (into->nodes, n);
          k = into->nodes->len;
          g_hash_table_insert (into->node_by_id, n->id, GUINT_TO_POINTER (k));
        }
      else
        n = g_ptr_array_index (into->nodes, k - 1);
      choose_label (&n->label, pn->label);
      n->mentions += pn->mentions;
      n->docs += pn->docs;
      n->windows += pn->windows;
      set_earlier_ref (&n->first_date, pn->first_date);
      map[i] = k - 1;
    }
  guint n_part = part->edges->len;
  threads = take ? MIN (threads, MIN (n_part / MERGE_SHARE_MIN, 64)) : 1;
  if (threads > 1)
    {
      /* The edges both sides have (most of them, the threads' parts of one corpus) are
       * added by @threads threads, each a stretch of @part's edges; the pair map is not
       * changed meanwhile. The edges only @part has are then made here, in @part's order,
       * the order one share making them as it meets them (below) gives. */
      MergeShare sh[64];
      GThread *th[64] = { NULL };
      for (guint k = 0; k < threads; k++)
        {
          sh[k] = (MergeShare) { into, part, map, (guint) ((guint64) n_part * k / threads),
                                 (guint) ((guint64) n_part * (k + 1) / threads), TRUE, FALSE,
                                 g_array_new (FALSE, FALSE, sizeof (guint32)) };
          if (k > 0)
            th[k] = g_thread_new ("eg-merge", merge_share, &sh[k]);
        }
      merge_share (&sh[0]);
      /* (all of them: the pair map changes below) */
      for (guint k = 1; k < threads; k++)
        g_thread_join (th[k]);
      for (guint k = 0; k < threads; k++)
        {
          for (guint j = 0; j < sh[k].missing->len; j++)
            {
              EgEdge *pe = g_ptr_array_index (part->edges, g_array_index (sh[k].missing, guint32, j));
              merge_edge (eg_cooc_edge (into, map[pe->a], map[pe->b]), pe, TRUE,
                          into->evidence_cap);
            }
          g_array_free (sh[k].missing, TRUE);
        }
    }
  else
    merge_share (&(MergeShare) { into, part, map, 0, n_part, take, TRUE, NULL });
  into->n_docs += part->n_docs;
  into->n_windows += part->n_windows;
  into->n_mentions += part->n_mentions;
  into->capped_windows += part->capped_windows;
  into->dropped_pairs += part->dropped_pairs;
}

void
eg_cooc_merge (EgCooc *into, const EgCooc *part)
{
  g_return_if_fail (into->level == part->level);
  merge (into, (EgCooc *) part, FALSE, 1);
}

void
eg_cooc_merge_take (EgCooc *into, EgCooc *part)
{
  if (part == NULL)
    return;
  eg_cooc_merge_drain (into, part);
  eg_cooc_free (part);
}

void
eg_cooc_merge_drain (EgCooc *into, EgCooc *part)
{
  eg_cooc_merge_drain_threads (into, part, 1);
}

void
eg_cooc_merge_drain_threads (EgCooc *into, EgCooc *part, guint threads)
{
  if (part == NULL)
    return;
  g_return_if_fail (into->level == part->level);
  /* Counts are sums, evidence and labels are chosen by content, and every output is
   * ordered by id: so the smaller side is merged into the larger (an empty one is just
   * replaced), which is the same result for less work. */
  if (into->evidence_cap == part->evidence_cap && into->max_edges == part->max_edges
      && into->max_per_window == part->max_per_window
      && into->edges->len + into->nodes->len < part->edges->len + part->nodes->len)
    {
      EgCooc t = *into;
      *into = *part;
      *part = t;
    }
  if (part->n_docs > 0 || part->nodes->len > 0 || part->n_windows > 0
      || part->capped_windows > 0 || part->dropped_pairs > 0)
    merge (into, part, TRUE, MAX (threads, 1));
}

EgNode *
eg_cooc_node (EgCooc *c, const char *id, const char *type, const char *label, guint32 *index)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (c->node_by_id, id));
  EgNode *n;
  if (i == 0)
    {
      n = g_new0 (EgNode, 1);
      n->id = g_strdup (id);
      n->type = g_strdup (type);
      g_ptr_array_add (c->nodes, n);
      i = c->nodes->len;
      g_hash_table_insert (c->node_by_id, n->id, GUINT_TO_POINTER (i));
    }
  else
    n = g_ptr_array_index (c->nodes, i - 1);
  choose_label (&n->label, label);
  if (index)
    *index = i - 1;
  return n;
}

/* The pair map: open addressing with linear probing over (a << 32 | b) keys, mixed by a
 * 64-bit finalizer (GLib's g_int64_hash XORs the halves, so every pair with the same a ^ b
 * collided). No allocation per pair. Key 0 is the pair (0, 0), which is never an edge, so
 * it marks an empty slot. */
static inline gsize
pair_slot (guint64 key, gsize mask)
{
  key ^= key >> 33;
  key *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  key ^= key >> 33;
  key *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  key ^= key >> 33;
  return (gsize) key & mask;
}

/* A zeroed table of @cap slots. A large one asks for huge pages: its look-ups are random,
 * and with 4 KiB pages each one also missed the TLB. */
static struct EgPairSlot *
pair_table_new (gsize cap)
{
  gsize bytes = cap * sizeof (struct EgPairSlot), huge = 2u << 20;
  if (bytes < huge)
    return g_aligned_alloc0 (cap, sizeof (struct EgPairSlot), 64);
  struct EgPairSlot *t = g_aligned_alloc (cap, sizeof (struct EgPairSlot), huge);
#ifdef MADV_HUGEPAGE
  madvise (t, bytes, MADV_HUGEPAGE);
#endif
  memset (t, 0, bytes);
  return t;
}

/* Rehashes into @cap slots (a power of two above twice the edges). */
static void
pair_rehash (EgCooc *c, gsize cap)
{
  struct EgPairSlot *slots = pair_table_new (cap);
  for (gsize i = 0; i < c->pair_cap; i++)
    if (c->pairs[i].key != 0)
      {
        gsize k = pair_slot (c->pairs[i].key, cap - 1);
        while (slots[k].key != 0)
          k = (k + 1) & (cap - 1);
        slots[k] = c->pairs[i];
      }
  g_aligned_free (c->pairs);
  c->pairs = slots;
  c->pair_cap = cap;
}

static void
pair_grow (EgCooc *c)
{
  pair_rehash (c, c->pair_cap ? c->pair_cap * 2 : 1024);
}

/* Room for @edges edges without a rehash. */
static void
pair_reserve (EgCooc *c, gsize edges)
{
  gsize cap = MAX (c->pair_cap, 1024);
  while (edges * 2 >= cap)
    cap *= 2;
  if (cap != c->pair_cap)
    pair_rehash (c, cap);
}

/* The edge between @a < @b if there is one; never creates. */
static EgEdge *
pair_find (const EgCooc *c, guint32 a, guint32 b)
{
  guint64 key = ((guint64) a << 32) | b;
  if (c->pair_cap == 0)
    return NULL;
  gsize mask = c->pair_cap - 1, k = pair_slot (key, mask);
  while (c->pairs[k].key != 0)
    {
      if (c->pairs[k].key == key)
        return c->pairs[k].edge;
      k = (k + 1) & mask;
    }
  return NULL;
}

const EgEdge *
eg_cooc_pair (const EgCooc *c, guint32 x, guint32 y)
{
  return pair_find (c, MIN (x, y), MAX (x, y));
}

EgEdge *
eg_cooc_edge (EgCooc *c, guint32 x, guint32 y)
{
  guint32 a = MIN (x, y), b = MAX (x, y);
  guint64 key = ((guint64) a << 32) | b;
  if (c->edges->len * 2 >= c->pair_cap)
    pair_grow (c);
  gsize mask = c->pair_cap - 1, k = pair_slot (key, mask);
  while (c->pairs[k].key != 0)
    {
      if (c->pairs[k].key == key)
        return c->pairs[k].edge;
      k = (k + 1) & mask;
    }
  /* (a slab, 256 KiB, is zeroed as its edges are taken: a cable has few) */
  if (c->edges->len % EG_COOC_SLAB == 0)
    g_ptr_array_add (c->slabs, g_new (EgEdge, EG_COOC_SLAB));
  EgEdge *e = eg_cooc_edge_at (c, c->edges->len);
  *e = (EgEdge) { .a = a, .b = b };
  c->pairs[k].key = key;
  c->pairs[k].edge = e;
  g_ptr_array_add (c->edges, e);
  return e;
}

void
eg_cooc_offer_evidence (EgCooc *c, EgEdge *e, const char *doc, guint32 offset,
                        guint paragraph, const char *sentence)
{
  guint32 key = doc_key (doc);
  if (!wants_evidence (e, doc, key, offset, c->evidence_cap))
    return;
  EgEvidence ev = { .doc = g_ref_string_new (doc),
                    .sentence = g_ref_string_new (sentence ? sentence : ""),
                    .paragraph = paragraph,
                    .offset = offset };
  keep_evidence (e, ev, key, c->evidence_cap);
}

void
eg_cooc_keep_earlier (char **slot, const char *date)
{
  set_earlier (slot, date);
}

static gint
node_cmp (gconstpointer a, gconstpointer b)
{
  const EgNode *x = *(EgNode *const *) a, *y = *(EgNode *const *) b;
  return strcmp (x->id, y->id);
}

GPtrArray *
eg_cooc_sorted_nodes (const EgCooc *c)
{
  GPtrArray *out = g_ptr_array_sized_new (c->nodes->len);
  for (guint i = 0; i < c->nodes->len; i++)
    g_ptr_array_add (out, g_ptr_array_index (c->nodes, i));
  g_ptr_array_sort (out, node_cmp);
  return out;
}

static gint
index_by_id (gconstpointer a, gconstpointer b, gpointer data)
{
  const GPtrArray *nodes = data;
  const EgNode *x = g_ptr_array_index (nodes, *(const guint32 *) a);
  const EgNode *y = g_ptr_array_index (nodes, *(const guint32 *) b);
  return strcmp (x->id, y->id);
}

guint32 *
eg_cooc_id_ranks (const EgCooc *c, guint32 **order_out)
{
  guint n = c->nodes->len;
  guint32 *order = g_new (guint32, n + 1);
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof *order, index_by_id, c->nodes);
  guint32 *rank = g_new (guint32, n + 1);
  for (guint k = 0; k < n; k++)
    rank[order[k]] = k;
  if (order_out)
    *order_out = order;
  else
    g_free (order);
  return rank;
}

typedef struct {
  guint64 key; /* (rank of the smaller id) << 32 | rank of the larger */
  EgEdge *edge;
} RankedEdge;

static int
ranked_cmp (const void *a, const void *b)
{
  guint64 x = ((const RankedEdge *) a)->key, y = ((const RankedEdge *) b)->key;
  return x < y ? -1 : x > y;
}

/* The nodes are sorted by id once; an edge's place is then the pair of its ends' ranks,
 * compared as one integer instead of four string look-ups and two strcmp per step. */
GPtrArray *
eg_cooc_sorted_edges (const EgCooc *c)
{
  g_autofree guint32 *rank = eg_cooc_id_ranks (c, NULL);
  g_autofree RankedEdge *ranked = g_new (RankedEdge, c->edges->len + 1);
  for (guint i = 0; i < c->edges->len; i++)
    {
      EgEdge *e = g_ptr_array_index (c->edges, i);
      guint32 x = rank[e->a], y = rank[e->b];
      ranked[i].key = (guint64) MIN (x, y) << 32 | MAX (x, y);
      ranked[i].edge = e;
    }
  qsort (ranked, c->edges->len, sizeof *ranked, ranked_cmp);
  GPtrArray *out = g_ptr_array_sized_new (c->edges->len);
  for (guint i = 0; i < c->edges->len; i++)
    g_ptr_array_add (out, ranked[i].edge);
  return out;
}
