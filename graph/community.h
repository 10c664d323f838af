/* community.h - communities of a graph view: Louvain modularity (igraph) or connected
 * components.
 *
 * Only co-occurrence edges count; signer and post nodes added by header links get no
 * community (-1). Louvain runs on the view's weights (edges of weight <= 0, as negative PMI
 * can give, count as absent), with igraph's random generator seeded with a fixed value and
 * nodes fed in id order, so the result is the same on every run. Communities are numbered by
 * decreasing size, ties by their first node in id order: community 0 is the largest.
 *
 * igraph reports through its own handlers; they are set to "ignore" around each call, so the
 * library neither prints nor aborts, and restored afterwards. Not thread-safe (igraph's
 * generator and handlers are global): call from one thread. */
#pragma once

#include <glib.h>
#include "view.h"

G_BEGIN_DECLS

typedef enum {
  EG_COMMUNITY_NONE,
  EG_COMMUNITY_LOUVAIN,
  EG_COMMUNITY_COMPONENTS,
} EgCommunityMethod;

#define EG_COMMUNITY_SEED 20061201

/* Parses "louvain", "components" (and "none"); FALSE if none. */
gboolean eg_community_parse (const char *s, EgCommunityMethod *out);
const char *eg_community_name (EgCommunityMethod m);

/* Sets every node's community, v->n_communities, v->modularity and v->has_communities.
 * FALSE with @error set (EG_ERROR_FORMAT, igraph's reason) when igraph fails; the view then
 * has no communities. */
gboolean eg_community_detect (EgView *v, EgCommunityMethod m, GError **error);

G_END_DECLS
