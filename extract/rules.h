/* rules.h - recognizers for the names a dictionary lacks: people and institutions.
 *
 * An EgRules holds the word lists of dicts/rules/ (given names, titles, role nouns, words
 * that are never part of a person's name, place and facility words, institution heads),
 * each folded (norm.h) into a GHashTable when loaded. It is filled once, then read-only
 * and shared by every thread (reference counted so an extractor can keep it).
 *
 * eg_rules_find() reads one document's folded text in one pass of tokens (no allocation
 * per byte or per token beyond one token array) and reports:
 *  - EG_RULE_TITLE        a capitalized name after a title or office ("Foreign Secretary
 *                         DERBEZ", "Dr. Julio Frenk"), after a role noun ("police official
 *                         Nemecio Lugo"), or before an appositive that names a role
 *                         ("Nemecio Lugo, the newly appointed federal police official");
 *  - EG_RULE_GIVEN_NAME   a run of two or more capitalized words starting with a known given
 *                         name ("Felipe Calderon", "Muammar al-Qadhafi");
 *  - EG_RULE_SURNAME      a surname alone ("Lugo", "CALDERON", "Medina Mora") naming a
 *                         person found in full elsewhere in the document; left out when
 *                         two people of the document share it;
 *  - EG_RULE_INSTITUTION  a capitalized name with an institution head word ("Secretariat of
 *                         Public Security", "Democratic Revolution Party").
 * Words written in capitals count as a surname only with an anchor (a title, a given name,
 * or a full name of the same document), and lines written all in capitals (subject lines,
 * headings) give no anchor of their own. The rules never print and cannot fail on text.
 * Private to extract/: extract.c turns hits into mentions and entities. */
#pragma once

#include <glib.h>
#include "doc.h"
#include "norm.h"

G_BEGIN_DECLS

typedef struct _EgRules EgRules;

typedef enum {
  EG_RULE_KIND_PERSON,
  EG_RULE_KIND_AGENCY,
  EG_RULE_KIND_ORG,
} EgRuleKind;

/* A span the caller already knows (a dictionary match), in folded offsets. */
typedef struct {
  guint32 fs, fe;
  guint32 entity;   /* the caller's entity number */
  gboolean person;  /* the entity is a PERSON: its name gives surnames to link */
} EgRuleKnown;

/* One mention found by a rule. A hit names a new entity (same_as and entity -1), the entity
 * of an earlier hit (same_as: its index in the output array) or a known entity (entity). */
typedef struct {
  guint32 fs, fe;   /* folded span */
  guint8 rule;      /* EgRule (extract.h) */
  guint8 kind;      /* EgRuleKind */
  gint32 same_as;
  gint32 entity;
} EgRuleHit;

/* Returns: (transfer full) empty rules: they find nothing until lists are loaded. Release
 * with eg_rules_unref(). */
EgRules *eg_rules_new (void);

/* Loads the lists of @dir: given-names.txt, titles.txt, roles.txt, not-names.txt,
 * facilities.txt and institutions.tsv (formats in their header comments). A missing file
 * is an error (EG_ERROR_IO); so is a malformed line (EG_ERROR_DICT_SYNTAX, "path:line:").
 * Must not be called once the rules are shared. */
gboolean eg_rules_load_dir (EgRules *rules, const char *dir, GError **error);

/* Loads one list from @len bytes at @data (not NUL-terminated); the base name of @path
 * (one of the file names above) says which list. Same errors as eg_rules_load_dir(). */
gboolean eg_rules_load_data (EgRules *rules, const char *path, const char *data, gsize len,
                             GError **error);

/* Returns: @rules, with one more reference. */
EgRules *eg_rules_ref (EgRules *rules);

/* Drops a reference; frees the rules with the last. NULL is accepted. */
void eg_rules_unref (EgRules *rules);

/* Number of entries over all lists (0: nothing loaded). */
guint eg_rules_size (const EgRules *rules);

/* Appends the hits of the folded text @f of @doc to @hits (element-type EgRuleHit), in an
 * order where every same_as points backwards. @known (sorted by fs, may be NULL when
 * @n_known is 0) are spans the rules must not claim for a new entity. Thread-safe. */
void eg_rules_find (const EgRules *rules, const EgFolded *f, const EgDoc *doc,
                    const EgRuleKnown *known, guint n_known, GArray *hits);

/* Does folded [@fs, @fe) of @f read as a capitalized institutional name in the original
 * ("Attorney General's Office")? Used to accept acronym definitions whose letters do not
 * align ("Attorney General's Office (PGR)"). */
gboolean eg_rules_is_institution (const EgRules *rules, const EgFolded *f, const EgDoc *doc,
                                  gsize fs, gsize fe);

/* Does folded [@fs, @fe) end with a word that ends the names of laws, treaties, events and
 * documents ("... Framework Agreement", "... Treaty")? Such names are no entities. */
gboolean eg_rules_is_thing (const EgRules *rules, const EgFolded *f, gsize fs, gsize fe);

/* Returns: (transfer full) the display name for a person's surface: words written all in
 * capitals get an initial capital only ("Foreign Secretary DERBEZ" -> "Derbez"). */
char *eg_rules_display_name (const char *surface);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EgRules, eg_rules_unref)

G_END_DECLS
