/* extract.h - from a document to its mentions.
 *
 * An EgExtractor holds a dictionary's matcher; it is built once and shared read-only by all
 * threads. eg_extractor_run() folds a document, runs the matcher, keeps the dictionary
 * matches whose case rules hold, then applies the rules that add mentions the dictionary
 * lacks (in-document acronym definitions, and the recognizers of rules.h). The result lists
 * every mention with its byte span in the ORIGINAL file, its window and sentence, and the
 * rule that found it.
 *
 * Entities found by rules rather than the dictionary are "local": they live in the
 * EgMentions result, with an id derived from their name ("PERSON:nemecio-lugo") so the same
 * name in two documents gives the same id. */
#pragma once

#include <glib.h>
#include "dict.h"
#include "doc.h"
#include "rules.h"

G_BEGIN_DECLS

typedef enum {
  EG_RULE_DICT,        /* a dictionary alias */
  EG_RULE_ACRONYM,     /* an acronym or long form defined in the document: "Long Form (LF)" */
  EG_RULE_TITLE,       /* a name after a title or office: "Ambassador Garza" */
  EG_RULE_GIVEN_NAME,  /* a capitalized name anchored by a known given name */
  EG_RULE_SURNAME,     /* a surname alone, linked to an earlier full name */
  EG_RULE_INSTITUTION, /* an institutional name: "Ministry of ...", "... Party" */
  EG_RULE_N
} EgRule;

typedef struct {
  guint32 entity;   /* < dict entities: a dictionary entity; else local (entity - n_dict) */
  guint32 start;    /* original byte span */
  guint32 end;
  guint32 window;   /* index into doc->windows */
  guint32 sentence; /* index into doc->sentences, G_MAXUINT32 if in none */
  guint8 rule;      /* EgRule */
} EgMention;

typedef struct {
  char *id;
  char *type;
  char *name;
} EgLocalEntity;

typedef struct {
  const EgDoc *doc;     /* (transfer none) the document read */
  GArray *mentions;     /* (element-type EgMention) sorted by start */
  GPtrArray *surfaces;  /* (element-type utf8) one per mention: as written, spaces folded;
                         * NULL from an extractor made with EG_EXTRACT_NO_SURFACES */
  GPtrArray *locals;    /* (element-type EgLocalEntity) */
  guint n_dict;         /* entities in the dictionary at extraction time */
  /* private */
  char *surface_pool;   /* the surfaces' bytes, one block (eg_mentions_free() frees it) */
} EgMentions;

/* A resolved view of a mention's entity; strings are borrowed from the dictionary or from
 * the EgMentions. */
typedef struct {
  const char *id;
  const char *type;
  const char *name;
} EgEntityRef;

typedef struct _EgExtractor EgExtractor;

typedef enum {
  EG_EXTRACT_DEFAULT = 0,
  EG_EXTRACT_NO_RULES = 1 << 0,    /* dictionary (and acronym definitions) only */
  EG_EXTRACT_NO_SURFACES = 1 << 1, /* EgMentions.surfaces left NULL: for callers that count
                                    * mentions and never show them as written */
} EgExtractFlags;

/* Returns: (transfer full) an extractor over @dict, or NULL with @error set
 * (EG_ERROR_DICT_EMPTY when the dictionary has no aliases; the errors of
 * eg_rules_load_dir() when a rules list is malformed). @dict must outlive it. The rules'
 * word lists are read from the folder rules/ beside the first dictionary file that has one
 * (dicts/rules/ for the shipped dictionaries), unless @flags holds EG_EXTRACT_NO_RULES; a
 * dictionary without such a folder (one built in memory) gets dictionary matches and
 * acronym definitions only. */
EgExtractor *eg_extractor_new (const EgDict *dict, EgExtractFlags flags, GError **error);

/* Same as eg_extractor_new(), with the recognizers of @rules (nullable; the extractor takes
 * a reference) unless @flags holds EG_EXTRACT_NO_RULES. With rules, acronyms glossed by an
 * institution's name whose letters do not align are accepted too ("Attorney General's
 * Office (PGR)"), and a long form may carry modifiers before it. */
EgExtractor *eg_extractor_new_full (const EgDict *dict, EgRules *rules, EgExtractFlags flags,
                                    GError **error);
void eg_extractor_free (EgExtractor *ex);

/* Returns: (transfer full) the mentions of @doc; @doc must outlive the result. Cannot fail.
 * Thread-safe: any number of threads may call it on one extractor. */
EgMentions *eg_extractor_run (const EgExtractor *ex, const EgDoc *doc);
void eg_mentions_free (EgMentions *m);

EgEntityRef eg_mentions_entity (const EgMentions *m, const EgDict *dict, guint32 entity);

/* "dict", "acronym", "title", "given-name", "surname", "institution". */
const char *eg_rule_name (EgRule rule);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EgExtractor, eg_extractor_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EgMentions, eg_mentions_free)

G_END_DECLS
