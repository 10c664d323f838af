/* matcher.c - whole-word, leftmost-longest dictionary matching over folded text.
 *
 * The patterns go into a byte trie, built from the sorted pattern list in one sweep (no
 * allocation per node). A search tries only the positions where a match may start (found
 * 64 bytes at a time as a bit mask), walks the trie anchored there, keeps the longest
 * pattern that ends at a word end, emits it and resumes after it. extract/DESIGN.md explains
 * why this anchored walk beats a full Aho-Corasick DFA here, with the measurements.
 *
 * The trie is compiled into flat arrays, no pointers:
 *  - root[256]: the state reached from the root on each byte, 0 for none (the root is no
 *    one's child, so 0 means "no transition" everywhere);
 *  - states[]: 16 bytes each: the pattern ending at the state, the id of its first child
 *    (children are numbered as one block, in label order) and 8 bytes that say how to leave
 *    it: up to 7 child labels (sparse), a dense row of child indexes over byte classes (8
 *    children or more), or a chain: a run of up to 7 bytes through single-child states
 *    without a pattern, which are not stored at all and are crossed with one comparison;
 *  - dense[]: the dense rows, one byte per class (child index + 1). Bytes that occur in no
 *    pattern share class 0, whose entry is always 0.
 * The top levels of the trie, which every search visits, are numbered breadth-first and sit
 * together at the front of states[]; below them each subtree is numbered depth-first, so a
 * walk reads nearby memory.
 *
 * Before a walk, the word that starts there is looked up in a bit set of the patterns' first
 * words (first_key()): a match covers the word it starts on whole, so a word that begins no
 * pattern (three words of four in running text with 10k names) is passed over without
 * touching the trie. Unless some pattern is that word alone, the byte after it and the next
 * word are then looked up in a bit set of the patterns' first two words: of the walks left,
 * two in three went on into the second word only to fail there. */
#include "matcher.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "error.h"
#include "norm.h"

#define NO_PATTERN G_MAXUINT32
/* States with at least this many children get a dense row over the byte classes. */
#define DENSE_MIN 8
/* Longest chain one state holds. */
#define CHAIN_MAX 7
/* State.u.lab[0]: 0..7 sparse children; CHAIN | length; DENSE. */
#define CHAIN 0x80
#define DENSE 0xff
/* Levels of the trie numbered breadth-first (see layout()). */
#define BFS_DEPTH 3
/* Bytes of a first word its key reads (see first_key()). */
#define FIRST_KEY_BYTES 8
/* Sizes of the bit sets of first words and of first two words: 2^12 to 2^20 bits (512
 * bytes to 128 KiB each). */
#define FIRST_BITS_MIN 12
#define FIRST_BITS_MAX 20

G_STATIC_ASSERT (DENSE_MIN <= 8 && CHAIN_MAX <= 7); /* both must fit State.u.lab[1 ..] */

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch (p)
#define CTZ64(x) ((guint) __builtin_ctzll (x))
#else
#define PREFETCH(p) ((void) 0)
#define CTZ64(x) ctz64 (x)
static inline guint
ctz64 (guint64 x) /* x != 0 */
{
  guint n = 0;
  while ((x & 1) == 0)
    {
      x >>= 1;
      n++;
    }
  return n;
}
#endif

typedef struct {
  guint32 first;   /* id of the first child (or of the state at the end of the chain) */
  guint32 pattern; /* the pattern ending exactly here, or NO_PATTERN */
  union {
    guint8 lab[8];  /* lab[0]: kind; lab[1 ..]: child labels, or the chain's bytes */
    guint32 row[2]; /* DENSE: row[1] is the offset of the dense row */
    guint64 all;
  } u;
} State;

struct _EgMatcher {
  guint32 root[256]; /* state reached from the root on each byte; 0: none */
  guint8 cls[256];   /* byte class; 0 for bytes in no pattern */
  guint8 word[256];  /* eg_fold_is_word() as a table */
  gboolean nonword_start; /* some pattern starts with a byte that is not a word byte */
  guint n_classes;
  guint n_states;
  const State *states;
  const guint8 *dense; /* rows of n_classes entries: child index + 1, 0 for none */
  gsize n_dense;
  /* Bit sets (see first_key()): the patterns' first words, two bits to each of 2^first_bits
   * slots (1: some pattern begins with the word, 2: some pattern is the word alone), one
   * load for both; and their first two words (2^pair_bits bits). */
  const guint64 *words, *pairs;
  guint first_bits, pair_bits;
  gpointer owned_states, owned_dense, owned_sets; /* NULL when borrowed from an image */
};

/* The key of the word of @run bytes at @s (@avail bytes readable there): its first
 * FIRST_KEY_BYTES bytes and its length up to FIRST_KEY_BYTES + 1, hashed. Equal words have
 * equal keys, whatever follows them. */
G_ALWAYS_INLINE static inline guint64
first_key (const guchar *s, gsize avail, gsize run)
{
  guint r = (guint) MIN (run, FIRST_KEY_BYTES + 1);
  guint64 x = 0;
  if (avail >= 8)
    memcpy (&x, s, 8);
  else
    memcpy (&x, s, avail);
  x = GUINT64_FROM_LE (x); /* (the word's first byte lowest) */
  if (r < 8)
    x &= (G_GUINT64_CONSTANT (1) << (8 * r)) - 1;
  return (x ^ r) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
}

/* The key of a word's first two words: the first's key, the byte between them and the
 * second's key (first_key() of the word bytes after that byte, maybe none). */
static inline guint64
pair_key (guint64 first, guchar between, guint64 second)
{
  return ((first ^ between) * G_GUINT64_CONSTANT (0xff51afd7ed558ccd)) ^ second;
}

/* WORD_FIRST, WORD_WHOLE or both for the word of @key in @set (0: no pattern begins with
 * it). */
enum { WORD_FIRST = 1, WORD_WHOLE = 2 };

static inline guint
words_get (const guint64 *set, guint bits, guint64 key)
{
  guint64 i = key >> (64 - bits);
  return (guint) (set[i / 32] >> (2 * (i % 32))) & 3;
}

static inline void
words_add (guint64 *set, guint bits, guint64 key, guint what)
{
  guint64 i = key >> (64 - bits);
  set[i / 32] |= (guint64) what << (2 * (i % 32));
}

static inline gboolean
set_has (const guint64 *set, guint bits, guint64 key)
{
  guint64 i = key >> (64 - bits);
  return (set[i / 64] >> (i % 64)) & 1;
}

static inline void
set_add (guint64 *set, guint bits, guint64 key)
{
  guint64 i = key >> (64 - bits);
  set[i / 64] |= G_GUINT64_CONSTANT (1) << (i % 64);
}

/* The number of word bytes at @s, of @avail, counted up to FIRST_KEY_BYTES + 1. */
static inline gsize
word_run (const guint8 *word, const guchar *s, gsize avail)
{
  gsize r = 0;
  while (r < avail && r <= FIRST_KEY_BYTES && word[s[r]])
    r++;
  return r;
}

static gsize
set_words (guint bits)
{
  return ((gsize) 1 << bits) / 64;
}

/* Bytes of the bit sets: the words' (two bits a slot) and the pairs'. */
static gsize
sets_size (guint first_bits, guint pair_bits)
{
  return (2 * set_words (first_bits) + set_words (pair_bits)) * 8;
}

/* ---- building ---------------------------------------------------------------------------- */

typedef struct {
  const guchar *p;
  guint32 len;
  guint32 id;
} Pat;

static int
pat_cmp (const void *a, const void *b)
{
  const Pat *x = a, *y = b;
  int c = memcmp (x->p, y->p, MIN (x->len, y->len));
  if (c != 0)
    return c;
  if (x->len != y->len)
    return x->len < y->len ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Checks and collects the non-empty patterns into @pats. Returns their number, or 0 with
 * @error set. */
static guint
collect (const char *const *patterns, guint n, Pat *pats, gsize *total, GError **error)
{
  guint n_pats = 0;
  *total = 0;
  for (guint i = 0; i < n; i++)
    {
      if (patterns[i] == NULL || patterns[i][0] == '\0')
        continue;
      gsize len = strlen (patterns[i]);
      if (len > EG_MATCHER_MAX_PATTERN)
        {
          g_set_error (error, EG_ERROR, EG_ERROR_TOO_LARGE,
                       "pattern %u is %" G_GSIZE_FORMAT " bytes long; the limit is %d bytes",
                       i, len, EG_MATCHER_MAX_PATTERN);
          return 0;
        }
      pats[n_pats++] = (Pat) { (const guchar *) patterns[i], (guint32) len, i };
      *total += len;
    }
  if (n_pats == 0)
    {
      g_set_error_literal (error, EG_ERROR, EG_ERROR_DICT_EMPTY,
                           n == 0 ? "no patterns to match" : "every pattern is empty");
      return 0;
    }
  if (*total >= G_MAXUINT32 / 2)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_TOO_LARGE,
                   "the patterns hold %" G_GSIZE_FORMAT " bytes, too many to index", *total);
      return 0;
    }
  return n_pats;
}

/* The uncompressed trie, nodes numbered in depth-first preorder, with children lists. */
typedef struct {
  guint32 n;
  guint32 *parent, *out, *cstart, *child;
  guint8 *label;
  guint16 *depth;
} Trie;

static void
trie_clear (Trie *tr)
{
  g_free (tr->parent);
  g_free (tr->out);
  g_free (tr->cstart);
  g_free (tr->child);
  g_free (tr->label);
  g_free (tr->depth);
}

/* Builds the trie of the sorted patterns: each pattern shares its common prefix with the
 * previous one, so one sweep creates the nodes in preorder. Marks the bytes used. */
static void
trie_build (Trie *tr, const Pat *pats, guint n_pats, gsize total, gboolean used[256])
{
  gsize cap = total + 1;
  tr->parent = g_new (guint32, cap);
  tr->label = g_new (guint8, cap);
  tr->out = g_new (guint32, cap);
  tr->depth = g_new (guint16, cap);
  guint32 path[EG_MATCHER_MAX_PATTERN + 1];
  guint32 ns = 1;
  tr->parent[0] = 0;
  tr->label[0] = 0;
  tr->out[0] = NO_PATTERN;
  tr->depth[0] = 0;
  path[0] = 0;
  for (guint k = 0; k < n_pats; k++)
    {
      const Pat *pt = &pats[k];
      guint32 lcp = 0;
      if (k > 0)
        {
          const Pat *prev = &pats[k - 1];
          while (lcp < pt->len && lcp < prev->len && pt->p[lcp] == prev->p[lcp])
            lcp++;
        }
      for (guint32 d = lcp; d < pt->len; d++)
        {
          tr->parent[ns] = path[d];
          tr->label[ns] = pt->p[d];
          tr->out[ns] = NO_PATTERN;
          tr->depth[ns] = (guint16) (d + 1);
          used[pt->p[d]] = TRUE;
          path[d + 1] = ns++;
        }
      if (tr->out[path[pt->len]] == NO_PATTERN) /* a duplicate keeps the lowest id */
        tr->out[path[pt->len]] = pt->id;
    }
  tr->n = ns;
  /* The arrays were sized for no shared prefix at all; a large dictionary shares most. */
  tr->label = g_renew (guint8, tr->label, ns);
  tr->out = g_renew (guint32, tr->out, ns);
  tr->depth = g_renew (guint16, tr->depth, ns);

  /* Children lists; a node's children come in increasing preorder, which is label order. */
  tr->cstart = g_new0 (guint32, ns + 1);
  for (guint32 s = 1; s < ns; s++)
    tr->cstart[tr->parent[s] + 1]++;
  for (guint32 s = 0; s < ns; s++)
    tr->cstart[s + 1] += tr->cstart[s];
  tr->child = g_new (guint32, MAX (ns - 1, 1));
  g_autofree guint32 *fill = g_memdup2 (tr->cstart, ns * sizeof (guint32));
  for (guint32 s = 1; s < ns; s++)
    tr->child[fill[tr->parent[s]]++] = s;
  g_clear_pointer (&tr->parent, g_free); /* the layout walks down only */
}

static inline guint32
n_children (const Trie *tr, guint32 x)
{
  return tr->cstart[x + 1] - tr->cstart[x];
}

/* Working data of layout(). */
typedef struct {
  EgMatcher *m;
  const Trie *tr;
  guint32 *node; /* state id -> trie node */
  State *states; /* m->states, writable */
  guint8 *dense;  /* m->dense, writable */
  guint32 tail;  /* next free state id */
  guint32 row;   /* next free dense row offset */
} Layout;

/* Fills state @b and gives the states it leads to the next free ids, as one block. */
static void
expand (Layout *lay, guint32 b)
{
  EgMatcher *m = lay->m;
  const Trie *tr = lay->tr;
  guint32 x = lay->node[b];
  const guint32 *ch = tr->child + tr->cstart[x];
  guint32 nc = n_children (tr, x);
  State *st = &lay->states[b];
  st->pattern = tr->out[x];
  st->first = lay->tail;
  if (nc == 1 && b != 0)
    {
      /* A chain: follow single children while they carry no pattern. */
      guint32 y = x, len = 0;
      for (;;)
        {
          y = tr->child[tr->cstart[y]];
          st->u.lab[++len] = tr->label[y];
          if (len == CHAIN_MAX || tr->out[y] != NO_PATTERN || n_children (tr, y) != 1)
            break;
        }
      st->u.lab[0] = (guint8) (CHAIN | len);
      lay->node[lay->tail++] = y;
      return;
    }
  if (nc >= DENSE_MIN)
    {
      st->u.lab[0] = DENSE;
      st->u.row[1] = lay->row;
      for (guint32 k = 0; k < nc; k++)
        lay->dense[lay->row + m->cls[tr->label[ch[k]]]] = (guint8) (k + 1);
      lay->row += m->n_classes;
    }
  else
    {
      st->u.lab[0] = (guint8) nc;
      for (guint32 k = 0; k < nc; k++)
        st->u.lab[k + 1] = tr->label[ch[k]];
    }
  for (guint32 k = 0; k < nc; k++)
    {
      if (b == 0)
        m->root[tr->label[ch[k]]] = lay->tail;
      lay->node[lay->tail++] = ch[k];
    }
}

/* Numbers and fills the states: breadth-first down to BFS_DEPTH, then each remaining
 * subtree depth-first (a state's children as one block, then their subtrees in order). */
static void
layout (EgMatcher *m, const Trie *tr)
{
  guint32 n_rows = 0;
  for (guint32 x = 0; x < tr->n; x++)
    if (n_children (tr, x) >= DENSE_MIN)
      n_rows++;
  m->n_dense = (gsize) n_rows * m->n_classes;
  guint8 *dense = g_new0 (guint8, MAX (m->n_dense, 1));
  m->dense = m->owned_dense = dense;
  g_autofree guint32 *node = g_new (guint32, tr->n);
  g_autofree guint32 *deep = g_new (guint32, tr->n);
  g_autofree guint32 *stack = g_new (guint32, tr->n);
  State *states = g_new0 (State, tr->n);
  Layout lay = { m, tr, node, states, dense, 1, 0 };
  node[0] = 0;
  guint32 n_deep = 0;
  for (guint32 head = 0; head < lay.tail; head++)
    {
      if (tr->depth[node[head]] < BFS_DEPTH)
        expand (&lay, head);
      else
        deep[n_deep++] = head;
    }
  for (guint32 d = 0; d < n_deep; d++)
    {
      guint32 sp = 0;
      stack[sp++] = deep[d];
      while (sp > 0)
        {
          guint32 b = stack[--sp], first = lay.tail;
          expand (&lay, b);
          for (guint32 c = lay.tail; c > first; c--)
            stack[sp++] = c - 1;
        }
    }
  m->n_states = lay.tail;
  m->states = m->owned_states = g_renew (State, states, lay.tail);
}

static int
key_cmp (const void *a, const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
}

/* Sorts @keys and returns how many differ. */
static guint
n_distinct (guint64 *keys, guint n)
{
  qsort (keys, n, sizeof *keys, key_cmp);
  guint d = 0;
  for (guint k = 0; k < n; k++)
    d += k == 0 || keys[k] != keys[k - 1];
  return d;
}

/* The smallest size that gives each of @n keys @per bits, within the limits. */
static guint
set_bits (guint n, guint per)
{
  guint bits = FIRST_BITS_MIN;
  while (bits < FIRST_BITS_MAX && ((gsize) 1 << bits) < (gsize) n * per)
    bits++;
  return bits;
}

/* The bit sets of the patterns' first words (their first run of word bytes, empty when a
 * pattern starts with another byte), of those that are a whole pattern, and of the first
 * two words of the others: about 16 bits a first word and 8 a pair, so that one word in
 * sixteen that begins no pattern is walked all the same. */
static void
sets_build (EgMatcher *m, const Pat *pats, guint n_pats)
{
  g_autofree guint64 *firsts = g_new (guint64, n_pats);
  g_autofree guint64 *wholes = g_new (guint64, n_pats);
  g_autofree guint64 *pairs = g_new (guint64, n_pats);
  guint n_wholes = 0, n_pairs = 0;
  for (guint k = 0; k < n_pats; k++)
    {
      const Pat *pt = &pats[k];
      gsize run = 0;
      while (run < pt->len && m->word[pt->p[run]])
        run++;
      firsts[k] = first_key (pt->p, pt->len, run);
      if (run == pt->len)
        wholes[n_wholes++] = firsts[k];
      else
        {
          const guchar *next = pt->p + run + 1;
          gsize avail = pt->len - run - 1;
          pairs[n_pairs++] = pair_key (firsts[k], pt->p[run],
                                       first_key (next, avail, word_run (m->word, next, avail)));
        }
    }
  m->first_bits = set_bits (n_distinct (firsts, n_pats), 16);
  m->pair_bits = set_bits (n_pairs > 0 ? n_distinct (pairs, n_pairs) : 0, 8);
  gsize fw = set_words (m->first_bits);
  guint64 *sets = g_new0 (guint64, 2 * fw + set_words (m->pair_bits));
  m->owned_sets = sets;
  m->words = sets;
  m->pairs = sets + 2 * fw;
  for (guint k = 0; k < n_pats; k++)
    words_add (sets, m->first_bits, firsts[k], WORD_FIRST);
  for (guint k = 0; k < n_wholes; k++)
    words_add (sets, m->first_bits, wholes[k], WORD_WHOLE);
  for (guint k = 0; k < n_pairs; k++)
    set_add (sets + 2 * fw, m->pair_bits, pairs[k]);
}

EgMatcher *
eg_matcher_new (const char *const *patterns, guint n, GError **error)
{
  g_return_val_if_fail (patterns != NULL || n == 0, NULL);

  g_autofree Pat *pats = g_new (Pat, MAX (n, 1));
  gsize total;
  guint n_pats = collect (patterns, n, pats, &total, error);
  if (n_pats == 0)
    return NULL;
  /* Sorted, the patterns list the trie in preorder; equal patterns end up next to each
   * other, lowest id first. */
  qsort (pats, n_pats, sizeof (Pat), pat_cmp);

  EgMatcher *m = g_new0 (EgMatcher, 1);
  for (guint c = 0; c < 256; c++)
    m->word[c] = eg_fold_is_word ((guchar) c);
  sets_build (m, pats, n_pats); /* (its keys freed before the trie is made) */

  Trie tr = { 0 };
  gboolean used[256] = { FALSE };
  trie_build (&tr, pats, n_pats, total, used);
  g_clear_pointer (&pats, g_free); /* the trie holds what the layout needs */
  /* Byte classes: one per byte used in some pattern, class 0 for all the others. */
  m->n_classes = 1;
  for (guint c = 0; c < 256; c++)
    m->cls[c] = used[c] ? (guint8) m->n_classes++ : 0;
  layout (m, &tr);
  for (guint c = 0; c < 256; c++)
    if (m->root[c] != 0 && !m->word[c])
      m->nonword_start = TRUE;
  trie_clear (&tr);
  return m;
}

/* ---- searching --------------------------------------------------------------------------- */

/* TRUE when the @len (1..CHAIN_MAX) chain bytes of @st are at @t, @avail bytes readable. */
static inline gboolean
chain_matches (const State *st, const guchar *t, gsize avail, guint len)
{
  if (avail < len)
    return FALSE;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  if (avail >= 8)
    {
      guint64 x;
      memcpy (&x, t, 8);
      guint64 mask = (G_GUINT64_CONSTANT (1) << (8 * len)) - 1; /* len <= 7 */
      return ((x ^ (st->u.all >> 8)) & mask) == 0;
    }
#endif
  return memcmp (t, st->u.lab + 1, len) == 0;
}

/* The longest pattern that starts at @p, where the root led to state @s, and ends at a word
 * end. Returns its id (NO_PATTERN if none) and sets *@end. */
static inline guint32
walk (const EgMatcher *m, guint32 s, const guchar *t, gsize p, gsize len, gsize *end)
{
  const guint8 *word = m->word;
  guint32 best = NO_PATTERN;
  gsize k = p + 1;
  for (;;)
    {
      const State *st = &m->states[s];
      PREFETCH (&m->states[st->first]); /* the next state is usually in this block */
      if (st->pattern != NO_PATTERN && (k == len || !word[t[k]]))
        {
          best = st->pattern;
          *end = k;
        }
      if (k == len)
        break;
      guint kind = st->u.lab[0];
      if (kind < CHAIN) /* sparse */
        {
          guint j = 1;
          while (j <= kind && st->u.lab[j] != t[k])
            j++;
          if (j > kind)
            break;
          s = st->first + j - 1;
          k++;
        }
      else if (kind != DENSE) /* chain */
        {
          guint n = kind & ~CHAIN;
          if (!chain_matches (st, t + k, len - k, n))
            break;
          s = st->first;
          k += n;
        }
      else
        {
          guint j = m->dense[st->u.row[1] + m->cls[t[k]]];
          if (j == 0)
            break;
          s = st->first + j - 1;
          k++;
        }
    }
  return best;
}

void
eg_matcher_find (const EgMatcher *m, const char *text, gsize len, GArray *out)
{
  g_return_if_fail (m != NULL && out != NULL);
  g_return_if_fail (text != NULL || len == 0);
  g_return_if_fail (len <= G_MAXUINT32);
  const guchar *t = (const guchar *) text;
  gsize resume = 0;      /* no match may start before this: the end of the last match */
  guint64 prev_word = 0; /* 1 when the byte before the block is a word byte */
  /* The matches are written in place, the array grown by doubling (g_array_append_val()
   * is a call a match) and cut to its length at the end. */
  guint n_out = out->len, room = out->len;

  /* A match may start where the previous byte is not a word byte: those positions are the
   * bits of a mask computed 64 bytes at a time, and only they are tried. */
  for (gsize base = 0; base < len; base += 64)
    {
      gsize n = MIN (64, len - base);
      guint64 w = eg_fold_word_mask_at (t, len, base);
      guint64 w_next = 0; /* the next block's mask, once a word runs into it */
      gboolean have_next = base + 64 >= len;
      guint64 starts = ~((w << 1) | prev_word);
      if (!m->nonword_start)
        starts &= w; /* usual case: every pattern starts with a word byte */
      prev_word = w >> 63;
      if (n < 64)
        starts &= (G_GUINT64_CONSTANT (1) << n) - 1;
      if (resume > base)
        {
          if (resume - base >= 64)
            continue;
          starts &= ~G_GUINT64_CONSTANT (0) << (resume - base);
        }
      while (starts != 0)
        {
          gsize p = base + (gsize) CTZ64 (starts), end = 0;
          starts &= starts - 1;
          guint32 s = m->root[t[p]];
          if (s == 0)
            continue;
          /* The word starting here (its length read from the next block too when it runs
           * into it; a word of more than 64 bytes byte by byte). */
          guint off = (guint) (p - base);
          guint64 rest = ~(w >> off);
          gsize run = rest != 0 ? CTZ64 (rest) : 64;
          if (run == 64 - off)
            {
              if (!have_next)
                {
                  w_next = eg_fold_word_mask_at (t, len, base + 64);
                  have_next = TRUE;
                }
              run += ~w_next != 0 ? CTZ64 (~w_next) : 64;
              while (p + run < len && m->word[t[p + run]])
                run++;
            }
          guint64 key = first_key (t + p, len - p, run);
          guint found = words_get (m->words, m->first_bits, key);
          if (found == 0)
            continue;
          if (!(found & WORD_WHOLE))
            {
              /* No pattern is this word alone: the byte after it and the next word must
               * begin one. */
              gsize q = p + run;
              if (q >= len)
                continue;
              gsize avail = len - q - 1;
              guint64 second = first_key (t + q + 1, avail, word_run (m->word, t + q + 1, avail));
              if (!set_has (m->pairs, m->pair_bits, pair_key (key, t[q], second)))
                continue;
            }
          guint32 pat = walk (m, s, t, p, len, &end);
          if (pat == NO_PATTERN)
            continue;
          if (n_out == room)
            {
              g_array_set_size (out, MAX (2 * room, 64));
              room = out->len;
            }
          g_array_index (out, EgMatch, n_out++) = (EgMatch) { pat, (guint32) p, (guint32) end };
          resume = end;
          if (resume - base >= 64)
            break;
          starts &= ~G_GUINT64_CONSTANT (0) << (resume - base);
        }
    }
  g_array_set_size (out, n_out);
}

/* ---- images ------------------------------------------------------------------------------ */

/* The image: this header, root[256] as guint32, cls[256], then the states (8-aligned: the
 * header and tables take 1304 bytes), the dense rows and, from the next multiple of 8, the
 * bit sets of first words (with whole ones) and of first two words. Native byte order; the
 * dictionary image around it says which. */
typedef struct {
  guint32 magic;
  guint32 n_states;
  guint32 n_classes;
  guint16 first_bits, pair_bits;
  guint64 n_dense;
} ImageHeader;

#define IMAGE_MAGIC 0x324d4745u /* "EGM2" */
#define IMAGE_TABLES (sizeof (ImageHeader) + 256 * sizeof (guint32) + 256)
G_STATIC_ASSERT (IMAGE_TABLES % 8 == 0 && sizeof (State) == 16);

void
eg_matcher_write (const EgMatcher *m, GByteArray *out)
{
  g_return_if_fail (m != NULL && out != NULL);
  ImageHeader h = { IMAGE_MAGIC, m->n_states, m->n_classes, (guint16) m->first_bits,
                    (guint16) m->pair_bits, m->n_dense };
  g_byte_array_append (out, (const guint8 *) &h, sizeof h);
  g_byte_array_append (out, (const guint8 *) m->root, sizeof m->root);
  g_byte_array_append (out, m->cls, sizeof m->cls);
  g_byte_array_append (out, (const guint8 *) m->states, m->n_states * (guint) sizeof (State));
  g_byte_array_append (out, m->dense, (guint) m->n_dense);
  static const guint8 pad[8] = { 0 };
  g_byte_array_append (out, pad, (guint) ((8 - m->n_dense % 8) % 8));
  g_byte_array_append (out, (const guint8 *) m->words,
                       (guint) sets_size (m->first_bits, m->pair_bits));
}

/* Every move a walk can make from state @st stays inside the tables. */
static gboolean
state_valid (const EgMatcher *m, const State *st, guint n_patterns)
{
  if ((st->pattern != NO_PATTERN && st->pattern >= n_patterns) || st->first > m->n_states)
    return FALSE; /* (a leaf's first child is the next free id, at most n_states) */
  guint kind = st->u.lab[0];
  if (kind < CHAIN)
    return kind <= DENSE_MIN - 1 && (kind == 0 || (gsize) st->first + kind <= m->n_states);
  if (kind != DENSE)
    return (kind & ~CHAIN) >= 1 && (kind & ~CHAIN) <= CHAIN_MAX && st->first < m->n_states;
  gsize row = st->u.row[1];
  if (row + m->n_classes > m->n_dense)
    return FALSE;
  guint8 top = 0;
  for (guint c = 0; c < m->n_classes; c++)
    top = MAX (top, m->dense[row + c]);
  return m->dense[row] == 0 && (gsize) st->first + top <= m->n_states;
}

EgMatcher *
eg_matcher_new_from_image (const guint8 *data, gsize len, guint n_patterns, GError **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_autoptr (EgMatcher) m = NULL;
  ImageHeader h;
  if (len < IMAGE_TABLES || ((guintptr) data & 7) != 0)
    goto bad;
  memcpy (&h, data, sizeof h);
  if (h.magic != IMAGE_MAGIC || h.n_states == 0 || h.n_classes == 0 || h.n_classes > 256
      || h.first_bits < FIRST_BITS_MIN || h.first_bits > FIRST_BITS_MAX
      || h.pair_bits < FIRST_BITS_MIN || h.pair_bits > FIRST_BITS_MAX || h.n_dense > len
      || (gsize) h.n_states > (len - IMAGE_TABLES) / sizeof (State))
    goto bad;
  gsize first_at = IMAGE_TABLES + (gsize) h.n_states * sizeof (State) + (gsize) h.n_dense;
  first_at += (8 - first_at % 8) % 8;
  if (first_at + sets_size (h.first_bits, h.pair_bits) != len)
    goto bad;
  m = g_new0 (EgMatcher, 1);
  m->n_states = h.n_states;
  m->n_classes = h.n_classes;
  m->n_dense = (gsize) h.n_dense;
  memcpy (m->root, data + sizeof h, sizeof m->root);
  memcpy (m->cls, data + sizeof h + sizeof m->root, sizeof m->cls);
  m->states = (const State *) (gconstpointer) (data + IMAGE_TABLES);
  m->dense = data + IMAGE_TABLES + (gsize) h.n_states * sizeof (State);
  m->first_bits = h.first_bits;
  m->pair_bits = h.pair_bits;
  m->words = (const guint64 *) (gconstpointer) (data + first_at);
  m->pairs = m->words + 2 * set_words (m->first_bits);
  for (guint c = 0; c < 256; c++)
    {
      m->word[c] = eg_fold_is_word ((guchar) c);
      if (m->root[c] >= m->n_states || m->cls[c] >= m->n_classes)
        goto bad;
      if (m->root[c] != 0 && !m->word[c])
        m->nonword_start = TRUE;
    }
  for (guint32 s = 0; s < m->n_states; s++)
    if (!state_valid (m, &m->states[s], n_patterns))
      goto bad;
  return g_steal_pointer (&m);

bad:
  g_set_error_literal (error, EG_ERROR, EG_ERROR_CACHE, "the matcher's tables are damaged");
  return NULL;
}

gsize
eg_matcher_memory (const EgMatcher *m)
{
  g_return_val_if_fail (m != NULL, 0);
  return sizeof *m + m->n_states * sizeof (State) + m->n_dense
         + sets_size (m->first_bits, m->pair_bits);
}

guint
eg_matcher_n_states (const EgMatcher *m)
{
  g_return_val_if_fail (m != NULL, 0);
  return m->n_states;
}

void
eg_matcher_free (EgMatcher *m)
{
  if (m == NULL)
    return;
  g_free (m->owned_states);
  g_free (m->owned_dense);
  g_free (m->owned_sets);
  g_free (m);
}
