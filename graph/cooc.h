/* cooc.h - co-occurrence counts: entities, pairs per window, evidence.
 *
 * An EgCooc receives the mentions of one document at a time and counts, at one window
 * level (sentence, paragraph or document):
 *  - nodes: every entity seen, with its id, type, label, mentions, documents and windows;
 *  - edges: every pair of distinct entities sharing a window, with the number of windows
 *    and of documents they share and up to @evidence_cap pieces of evidence (document,
 *    paragraph, sentence): the first ones by (document name, offset), so the choice does
 *    not depend on input order or on how the input was split;
 *  - totals: documents, windows, mentions.
 * Counts add up exactly, so counts of parts of a corpus can be merged into the counts of the
 * whole (eg_cooc_merge). It knows mentions and document metadata, not how they were found,
 * and nothing of Graphviz. Output order never depends on hash tables: eg_cooc_sorted_nodes()
 * and eg_cooc_sorted_edges() order by id. */
#pragma once

#include <glib.h>
#include "extract.h"

G_BEGIN_DECLS

typedef enum {
  EG_LEVEL_SENTENCE,
  EG_LEVEL_PARAGRAPH,
  EG_LEVEL_DOCUMENT,
} EgLevel;

/* Default cap on distinct entities in one window: beyond it the window's further entities
 * still count as nodes but make no pairs (pairs grow with the square), and the window is
 * counted in capped_windows. */
#define EG_COOC_MAX_PER_WINDOW 200

/* Default cap on distinct pairs held in memory: a window's new pairs beyond it are not
 * kept (pairs already held still count) and are counted in dropped_pairs, so no input can
 * make memory grow without bound. Prune with --window sentence or smaller dictionaries. */
#define EG_COOC_MAX_EDGES 20000000

/* Fractional weights are fixed point (1.0 = EG_COOC_FX) so that sums are exact and do not
 * depend on the order documents are added or merged in. */
#define EG_COOC_FX ((guint64) 1 << 32)

typedef struct {
  char *doc;       /* document name (cable id); a GRefString, shared */
  char *sentence;  /* the sentence, spaces folded, capped; a GRefString, shared */
  guint paragraph; /* paragraph number as written, 0 for the subject */
  guint32 offset;  /* byte offset of the window (sentence, paragraph) in its document: in
                    * its file, unless the file holds many cables (see EgSource) */
} EgEvidence;

typedef struct {
  char *id;
  char *type;
  char *label;
  guint mentions;
  guint docs;
  guint windows;    /* windows at the counts' level holding a mention of it (capped windows
                     * included): n(a) in the PMI, Dice and Jaccard weights (weight.h) */
  char *first_date; /* earliest cable date (ISO 8601) seen, or NULL; a GRefString */
  /* private */
  guint32 last_doc;
} EgNode;

typedef struct {
  guint32 a, b;    /* node indices, a < b */
  guint windows;   /* windows shared: the count weight */
  guint docs;      /* documents shared */
  guint64 fractional; /* each window gives 1 shared over its pairs, in EG_COOC_FX units */
  char *first_date;     /* earliest cable date, or NULL; a GRefString, shared */
  EgEvidence *evidence; /* n_evidence pieces (at most evidence_cap), by (document, offset,
                         * paragraph, sentence) */
  guint n_evidence;
  /* private */
  guint evidence_room;
  guint32 last_doc;
  guint32 last_key; /* doc_key() of the last piece's document (cooc.c) */
  EgEvidence one;   /* the list while it holds one piece (most edges' only one) */
} EgEdge;

typedef struct {
  EgLevel level;
  guint evidence_cap;
  guint max_per_window;
  GPtrArray *nodes;   /* (element-type EgNode) in order of first appearance */
  GPtrArray *edges;   /* (element-type EgEdge) in order of first appearance; the edges
                       * themselves live in slabs of EG_COOC_SLAB */
  guint n_docs;       /* documents added */
  guint n_windows;    /* windows holding at least one mention */
  guint n_mentions;
  guint capped_windows;
  guint max_edges;      /* EG_COOC_MAX_EDGES unless set */
  guint64 dropped_pairs; /* pair counts not kept because max_edges was reached */
  /* private */
  GHashTable *node_by_id;   /* id -> node index + 1 */
  struct EgPairSlot *pairs; /* the pair map (cooc.c) */
  gsize pair_cap;           /* slots, a power of two */
  GPtrArray *slabs;         /* blocks of EG_COOC_SLAB edges */
  GArray *dict_nodes;       /* (element-type guint32) entity of the dictionary whose serial
                             * is dict_serial -> node index + 1 (cooc.c) */
  guint64 dict_serial;
} EgCooc;

#define EG_COOC_SLAB 4096

/* Edge @i, as c->edges holds it, found without reading that array (a large one is a cache
 * miss of its own): edges are never removed, so edge i is place i % EG_COOC_SLAB of slab
 * i / EG_COOC_SLAB. */
static inline EgEdge *
eg_cooc_edge_at (const EgCooc *c, guint i)
{
  return (EgEdge *) g_ptr_array_index (c->slabs, i / EG_COOC_SLAB) + i % EG_COOC_SLAB;
}

/* Returns: (transfer full) empty counts. Free with eg_cooc_free(). */
EgCooc *eg_cooc_new (EgLevel level, guint evidence_cap);
void eg_cooc_free (EgCooc *c);

/* Counts the mentions of one document (@m->doc supplies its name, date and windows).
 * @dict resolves dictionary entities. Documents must be added in input order for evidence
 * to be deterministic. */
void eg_cooc_add (EgCooc *c, const EgMentions *m, const EgDict *dict);

/* Adds the counts of @part into @into: nodes by id, edges by their ends' ids, totals; keeps
 * the first pieces of evidence by (document name, offset) up to the cap. Any split of the
 * input into parts, merged in any order, gives the counts of one run over all of it. */
void eg_cooc_merge (EgCooc *into, const EgCooc *part);
/* eg_cooc_merge() that consumes @part: its evidence moves instead of being copied, and
 * @part is freed. The result is the same. */
void eg_cooc_merge_take (EgCooc *into, EgCooc *part);
/* eg_cooc_merge_take() that leaves what remains of @part for the caller to free with
 * eg_cooc_free(), on another thread if it likes: freeing a large part's millions of blocks
 * is a tenth of the serial end of a two-thread run. */
void eg_cooc_merge_drain (EgCooc *into, EgCooc *part);
/* eg_cooc_merge_drain() on up to @threads threads (a large merge: the serial end of a run
 * on as many threads); the result is the same for any number. */
void eg_cooc_merge_drain_threads (EgCooc *into, EgCooc *part, guint threads);

/* For readers of saved counts (egc.h): the node with @id, created with @type and @label
 * when absent (the label is then chosen as for mentions); the edge between node indices
 * @a and @b, created empty when absent; evidence offered to @e under the cap rule.
 * Returns: (transfer none). */
EgNode *eg_cooc_node (EgCooc *c, const char *id, const char *type, const char *label,
                      guint32 *index);
EgEdge *eg_cooc_edge (EgCooc *c, guint32 a, guint32 b);
/* The edge between node indices @x and @y (either order), or NULL; never creates one. */
const EgEdge *eg_cooc_pair (const EgCooc *c, guint32 x, guint32 y);
void eg_cooc_offer_evidence (EgCooc *c, EgEdge *e, const char *doc, guint32 offset,
                             guint paragraph, const char *sentence);
/* Keeps the earlier of @slot (a GRefString or NULL) and @date (ISO 8601; NULL is "none"). */
void eg_cooc_keep_earlier (char **slot, const char *date);

/* Returns: (transfer container) node / edge pointers sorted by id (edges by the ids of
 * their two ends). The pointers belong to @c. */
GPtrArray *eg_cooc_sorted_nodes (const EgCooc *c);
GPtrArray *eg_cooc_sorted_edges (const EgCooc *c);

/* Returns: (transfer full) the rank of each node (by index) in id order; @order_out, if
 * not NULL, receives (transfer full) the node indices in id order. */
guint32 *eg_cooc_id_ranks (const EgCooc *c, guint32 **order_out);

const char *eg_level_name (EgLevel level);
/* Parses "sentence", "paragraph", "document"; FALSE if none. */
gboolean eg_level_parse (const char *s, EgLevel *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EgCooc, eg_cooc_free)

G_END_DECLS
