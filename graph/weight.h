/* weight.h - edge weights from co-occurrence counts.
 *
 * With N the windows holding at least one mention (EgCooc.n_windows), n(a) the windows
 * holding entity a (EgNode.windows) and n(ab) the windows holding both (EgEdge.windows):
 *
 *   count       n(ab)
 *   fractional  sum over shared windows of 1 / (pairs in that window)     (EgEdge.fractional)
 *   pmi         log2 (n(ab) N / (n(a) n(b)))
 *   npmi        pmi / -log2 (n(ab) / N), in [-1, 1]; 1 when n(ab) = N
 *   dice        2 n(ab) / (n(a) + n(b))
 *   jaccard     n(ab) / (n(a) + n(b) - n(ab))
 *
 * Pure functions of the counts; nothing here allocates. */
#pragma once

#include <glib.h>
#include "cooc.h"

G_BEGIN_DECLS

typedef enum {
  EG_WEIGHT_COUNT,
  EG_WEIGHT_FRACTIONAL,
  EG_WEIGHT_PMI,
  EG_WEIGHT_NPMI,
  EG_WEIGHT_DICE,
  EG_WEIGHT_JACCARD,
} EgWeight;

/* Parses "count", "fractional", "pmi", "npmi", "dice", "jaccard"; FALSE if none. */
gboolean eg_weight_parse (const char *s, EgWeight *out);
const char *eg_weight_name (EgWeight w);

/* TRUE when @w needs the per-entity window counts (EgNode.windows). */
gboolean eg_weight_needs_node_windows (EgWeight w);

/* The weight @w of a pair sharing @n_ab windows (@fractional in EG_COOC_FX units) between
 * entities found in @n_a and @n_b windows out of @n windows. When a count it needs is zero
 * (counts read without per-entity windows) the result is 0. */
double eg_weight_value (EgWeight w, guint n, guint n_a, guint n_b, guint n_ab,
                        guint64 fractional);

/* The weight @w of edge @e of @c. */
double eg_weight_edge (EgWeight w, const EgCooc *c, const EgEdge *e);

/* Writes @v into @buf with at most 6 significant digits, locale-independent ("3",
 * "0.333333", "-1.58496"); returns @buf. */
#define EG_WEIGHT_BUF 32
char *eg_weight_format (char buf[EG_WEIGHT_BUF], double v);

G_END_DECLS
