/* links.h - header links: a cable's signer and its origin post joined to the entities the
 * cable names.
 *
 * Link counts live in two EgCooc (one for signers, one for posts) so they merge across
 * threads and parts exactly like co-occurrence counts. In them a node with mentions > 0 is a
 * signer or a post (mentions = the cables it signed or sent); an entity of the text has
 * mentions 0. Each edge joins a signer or post to an entity, with docs (= windows) the
 * cables that join them and evidence (cable, subject). eg_view_add_links() (view.h) puts
 * them into a graph. */
#pragma once

#include <glib.h>
#include "cooc.h"

G_BEGIN_DECLS

/* Adds the header links of the document of @m to @signers and @origins (either may be
 * NULL). A signer is resolved through @dict (an alias of a PERSON entity gives that
 * entity), else named "PERSON:<slug>"; a post is "POST:<slug>" labelled by
 * eg_links_post_label(). */
void eg_links_add (EgCooc *signers, EgCooc *origins, const EgMentions *m, const EgDict *dict);

/* Returns: (transfer full) a readable name for an origin as the FM line writes it:
 * "AMEMBASSY MEXICO" -> "US Embassy Mexico", "AMCONSUL CIUDAD JUAREZ" -> "US Consulate Ciudad
 * Juarez", "SECSTATE WASHDC" -> "Secretary of State"; anything else in title case. */
char *eg_links_post_label (const char *origin);

G_END_DECLS
