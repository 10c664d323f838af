/* extract.c - from a document to its mentions (see extract.h). */
#include "extract.h"

#include <string.h>

#include "acronym.h"
#include "error.h"
#include "matcher.h"
#include "norm.h"
#include "rules.h"

struct _EgExtractor {
  const EgDict *dict;
  const EgMatcher *matcher; /* the dictionary's, or own_matcher */
  EgMatcher *own_matcher;
  EgExtractFlags flags;
  EgRules *rules; /* (nullable) */
};

/* A mention while the document is being read: a folded span. */
typedef struct {
  guint32 fs, fe;
  guint32 entity;
  guint8 rule;
} Cand;

/* An alias the document defines for itself ("SRE" after "Secretariat of Foreign Relations
 * (SRE)"), valid from @from on. */
typedef struct {
  char *folded;
  guint32 entity;
  guint32 from;
  gboolean caps;
} DocAlias;

typedef struct {
  const EgExtractor *ex;
  const EgDoc *doc;
  const EgFolded *f;
  GArray *cands;        /* Cand */
  GArray *doc_aliases;  /* DocAlias */
  GPtrArray *locals;    /* EgLocalEntity */
  GHashTable *local_ids; /* id -> local index + 1 */
  gboolean rules;        /* the recognizers of rules.h run */
} Run;

static const char *const rule_names[EG_RULE_N] = {
  [EG_RULE_DICT] = "dict",
  [EG_RULE_ACRONYM] = "acronym",
  [EG_RULE_TITLE] = "title",
  [EG_RULE_GIVEN_NAME] = "given-name",
  [EG_RULE_SURNAME] = "surname",
  [EG_RULE_INSTITUTION] = "institution",
};

const char *
eg_rule_name (EgRule rule)
{
  return rule < EG_RULE_N ? rule_names[rule] : "unknown";
}

/* The folder rules/ beside the first dictionary file that has one, or NULL. Entities of
 * one file are consecutive and share its interned name, so each file is tested once. */
static char *
rules_dir_for (const EgDict *dict)
{
  const char *last = NULL;
  for (guint i = 0; i < eg_dict_n_entities (dict); i++)
    {
      const char *file = eg_dict_entity (dict, i).file;
      if (file == NULL || file == last)
        continue;
      last = file;
      g_autofree char *dir = g_path_get_dirname (file);
      char *rules = g_build_filename (dir, "rules", NULL);
      if (g_file_test (rules, G_FILE_TEST_IS_DIR))
        return rules;
      g_free (rules);
    }
  return NULL;
}

EgExtractor *
eg_extractor_new (const EgDict *dict, EgExtractFlags flags, GError **error)
{
  g_return_val_if_fail (dict != NULL, NULL);
  g_autoptr (EgRules) rules = NULL;
  g_autofree char *dir = (flags & EG_EXTRACT_NO_RULES) ? NULL : rules_dir_for (dict);
  if (dir != NULL)
    {
      rules = eg_rules_new ();
      if (!eg_rules_load_dir (rules, dir, error))
        return NULL;
    }
  return eg_extractor_new_full (dict, rules, flags, error);
}

EgExtractor *
eg_extractor_new_full (const EgDict *dict, EgRules *rules, EgExtractFlags flags,
                       GError **error)
{
  g_return_val_if_fail (dict != NULL, NULL);
  /* A compiled dictionary brings its matcher; otherwise it is built here. */
  EgMatcher *own = NULL;
  const EgMatcher *m = eg_dict_matcher (dict);
  if (m == NULL)
    {
      m = own = eg_dict_new_matcher (dict, error);
      if (m == NULL)
        {
          g_prefix_error (error, "dictionary: ");
          return NULL;
        }
    }
  EgExtractor *ex = g_new0 (EgExtractor, 1);
  ex->dict = dict;
  ex->matcher = m;
  ex->own_matcher = own;
  ex->flags = flags;
  ex->rules = rules ? eg_rules_ref (rules) : NULL;
  return ex;
}

void
eg_extractor_free (EgExtractor *ex)
{
  if (ex == NULL)
    return;
  eg_matcher_free (ex->own_matcher);
  eg_rules_unref (ex->rules);
  g_free (ex);
}

static void
local_free (gpointer p)
{
  EgLocalEntity *e = p;
  g_free (e->id);
  g_free (e->type);
  g_free (e->name);
  g_free (e);
}

void
eg_mentions_free (EgMentions *m)
{
  if (m == NULL)
    return;
  g_array_free (m->mentions, TRUE);
  if (m->surfaces != NULL)
    g_ptr_array_free (m->surfaces, TRUE);
  g_free (m->surface_pool);
  g_ptr_array_free (m->locals, TRUE);
  g_free (m);
}

EgEntityRef
eg_mentions_entity (const EgMentions *m, const EgDict *dict, guint32 entity)
{
  if (entity < m->n_dict)
    {
      EgEntity e = eg_dict_entity (dict, entity);
      return (EgEntityRef) { e.id, e.type, e.name };
    }
  const EgLocalEntity *l = g_ptr_array_index (m->locals, entity - m->n_dict);
  return (EgEntityRef) { l->id, l->type, l->name };
}

/* Does the original text [start, end) hold a lower-case letter? */
static gboolean
has_lower (const char *s, gsize len)
{
  const char *p = s, *e = s + len;
  while (p < e)
    {
      guchar b = (guchar) *p;
      if (b < 0x80)
        {
          if (g_ascii_islower (b))
            return TRUE;
          p++;
          continue;
        }
      gunichar c = g_utf8_get_char_validated (p, e - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          continue;
        }
      if (g_unichar_islower (c))
        return TRUE;
      p = g_utf8_next_char (p);
    }
  return FALSE;
}

/* An alias flagged EG_ALIAS_CAPS holds where the text writes it without lower-case letters
 * and either in capitals itself or on a line written all in capitals. */
static gboolean
caps_hold (const EgDoc *doc, gsize start, gsize end)
{
  const char *d = doc->data;
  if (has_lower (d + start, end - start))
    return FALSE;
  /* Any capital in the surface: "SRE" yes; "sre" had lower-case and was refused above. */
  gboolean upper = FALSE;
  for (gsize i = start; i < end; i++)
    if (g_ascii_isupper (d[i]) || (guchar) d[i] >= 0x80)
      upper = TRUE;
  return upper;
}

static guint32
add_local (Run *r, const char *type, const char *name)
{
  g_autofree char *id = eg_dict_make_id (type, name);
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (r->local_ids, id));
  if (i == 0)
    {
      /* A name the dictionary already has under the same id is that entity. */
      gint known = eg_dict_find_id (r->ex->dict, id);
      if (known >= 0)
        return (guint32) known;
      EgLocalEntity *e = g_new0 (EgLocalEntity, 1);
      e->id = g_steal_pointer (&id);
      e->type = g_strdup (type);
      e->name = g_strdup (name);
      g_ptr_array_add (r->locals, e);
      i = r->locals->len;
      g_hash_table_insert (r->local_ids, e->id, GUINT_TO_POINTER (i));
    }
  return eg_dict_n_entities (r->ex->dict) + i - 1;
}

/* Scans of candidates [0, @n) of @r, for documents with few look-ups: the first at exactly
 * [fs, fe); the one ending at @fe that starts first, at or before @fs, the oldest of
 * equals (what the indexes below answer for large documents). */
static const Cand *
scan_at (const Run *r, guint n, gsize fs, gsize fe)
{
  for (guint i = 0; i < n; i++)
    {
      const Cand *c = &g_array_index (r->cands, Cand, i);
      if (c->fs == fs && c->fe == fe)
        return c;
    }
  return NULL;
}

static const Cand *
scan_ending (const Run *r, guint n, gsize fe, gsize fs)
{
  const Cand *best = NULL;
  for (guint i = 0; i < n; i++)
    {
      const Cand *c = &g_array_index (r->cands, Cand, i);
      if (c->fe == fe && c->fs <= fs && (best == NULL || c->fs < best->fs))
        best = c;
    }
  return best;
}

/* The candidates by where they end, for apply_acronyms(): one lookup per definition, not a
 * pass over every candidate (a file of thousands of cables has thousands of both). */
typedef struct {
  GHashTable *head; /* fe -> index + 1 of the newest candidate ending there; NULL: few
                     * look-ups, each a scan of the candidates */
  GArray *older;    /* guint: per candidate, index + 1 of the next older one with its fe */
} ByEnd;

/* Candidates times look-ups above which the ByEnd index is made: building it is a hash
 * insert a candidate (a few hundred instructions), where a cable's two or three acronym
 * definitions scan a few dozen candidates. */
#define BY_END_MIN_WORK 4096

static void
by_end_add (ByEnd *b, const Run *r, guint i)
{
  if (b->head == NULL)
    return;
  gpointer fe = GUINT_TO_POINTER (g_array_index (r->cands, Cand, i).fe);
  guint old = GPOINTER_TO_UINT (g_hash_table_lookup (b->head, fe));
  g_array_append_val (b->older, old);
  g_hash_table_insert (b->head, fe, GUINT_TO_POINTER (i + 1));
}

/* Appends @c to the candidates and to @b. */
static void
add_cand (Run *r, ByEnd *b, Cand c)
{
  g_array_append_val (r->cands, c);
  by_end_add (b, r, r->cands->len - 1);
}

/* The first candidate exactly covering folded [fs, fe), or NULL. */
static const Cand *
cand_at (const Run *r, const ByEnd *b, gsize fs, gsize fe)
{
  if (b->head == NULL)
    return scan_at (r, r->cands->len, fs, fe);
  const Cand *best = NULL;
  for (guint k = GPOINTER_TO_UINT (g_hash_table_lookup (b->head, GUINT_TO_POINTER (fe))); k;
       k = g_array_index (b->older, guint, k - 1))
    if (g_array_index (r->cands, Cand, k - 1).fs == fs)
      best = &g_array_index (r->cands, Cand, k - 1); /* the walk goes to older ones */
  return best;
}

/* With the rules: the longest candidate that ends at @fe and holds [fs, fe) ("Mexican
 * Secretariat of Public Security" for the long form "Secretariat of Public Security"), the
 * first of equals; without them, the one covering exactly [fs, fe). NULL when none. */
static const Cand *
cand_for_long (const Run *r, const ByEnd *b, gsize fs, gsize fe)
{
  if (!r->rules)
    return cand_at (r, b, fs, fe);
  if (b->head == NULL)
    return scan_ending (r, r->cands->len, fe, fs);
  const Cand *best = NULL;
  for (guint k = GPOINTER_TO_UINT (g_hash_table_lookup (b->head, GUINT_TO_POINTER (fe))); k;
       k = g_array_index (b->older, guint, k - 1))
    {
      const Cand *c = &g_array_index (r->cands, Cand, k - 1);
      if (c->fs <= fs && (best == NULL || c->fs <= best->fs))
        best = c;
    }
  return best;
}

static const char *
entity_type (const Run *r, guint32 entity)
{
  guint n = eg_dict_n_entities (r->ex->dict);
  if (entity < n)
    return eg_dict_entity (r->ex->dict, entity).type;
  return ((EgLocalEntity *) g_ptr_array_index (r->locals, entity - n))->type;
}

static void
add_doc_alias (Run *r, gsize fs, gsize fe, guint32 entity, gboolean caps)
{
  DocAlias a = { g_strndup (r->f->text + fs, fe - fs), entity, (guint32) fs, caps };
  g_array_append_val (r->doc_aliases, a);
}

/* Words that make an unknown institution governmental. */
static const char *
guess_type (const char *folded)
{
  static const char *const agency_words[] = {
    "ministry", "minister", "ministerio", "secretariat", "secretaria", "department",
    "police", "agency", "court", "army", "navy", "air force", "government", "embassy",
    "consulate", "bureau", "directorate", "prosecutor", "attorney", "senate", "congress",
    "parliament", "assembly", "tribunal", "customs", "guard", "intelligence", "cabinet",
    "presidency", "procuraduria", "military", "armed forces", "gendarmerie", "ombudsman",
    "central bank", "national institute", NULL
  };
  static const char *const national_bodies[] = { "institute", "commission", "council",
                                                   "agency", "office", "service", NULL };
  for (guint i = 0; agency_words[i]; i++)
    if (strstr (folded, agency_words[i]) != NULL)
      return "AGENCY";
  /* "National Migration Institute": a national body is a government's. */
  if (g_str_has_prefix (folded, "national ") || strstr (folded, " national ") != NULL)
    for (guint i = 0; national_bodies[i]; i++)
      if (strstr (folded, national_bodies[i]) != NULL)
        return "AGENCY";
  return "ORG";
}

static void
apply_acronyms (Run *r)
{
  g_autoptr (GArray) defs = g_array_new (FALSE, FALSE, sizeof (EgAcronymDef));
  eg_acronym_find (r->f, r->doc, defs);
  if (defs->len == 0)
    return;
  ByEnd b = { NULL, NULL };
  if ((guint64) r->cands->len * defs->len >= BY_END_MIN_WORK)
    {
      b.head = g_hash_table_new (NULL, NULL);
      b.older = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < r->cands->len; i++)
        by_end_add (&b, r, i);
    }
  for (guint i = 0; i < defs->len; i++)
    {
      const EgAcronymDef *d = &g_array_index (defs, EgAcronymDef, i);
      const Cand *lc = cand_for_long (r, &b, d->long_start, d->long_end);
      const Cand *ac = cand_at (r, &b, d->acr_start, d->acr_end);
      if (lc && ac)
        continue; /* both known; if they disagree the dictionary says so */
      /* Appending to r->cands may move it: take the entity before. */
      if (lc)
        {
          guint32 e = lc->entity;
          add_cand (r, &b, (Cand) { d->acr_start, d->acr_end, e, EG_RULE_ACRONYM });
          add_doc_alias (r, d->acr_start, d->acr_end, e, TRUE);
        }
      else if (ac)
        {
          guint32 e = ac->entity;
          add_cand (r, &b, (Cand) { d->long_start, d->long_end, e, EG_RULE_ACRONYM });
          add_doc_alias (r, d->long_start, d->long_end, e, FALSE);
        }
      else if (r->rules && eg_rules_is_thing (r->ex->rules, r->f, d->long_start, d->long_end))
        continue; /* "Nonproliferation Treaty (NPT)": a document, not an actor */
      else
        {
          g_autofree char *lf = g_strndup (r->f->text + d->long_start,
                                           d->long_end - d->long_start);
          g_autofree char *name = eg_folded_surface (r->f, r->doc, d->long_start, d->long_end);
          guint32 e = add_local (r, guess_type (lf), name);
          add_cand (r, &b, (Cand) { d->long_start, d->long_end, e, EG_RULE_ACRONYM });
          add_cand (r, &b, (Cand) { d->acr_start, d->acr_end, e, EG_RULE_ACRONYM });
          add_doc_alias (r, d->long_start, d->long_end, e, FALSE);
          add_doc_alias (r, d->acr_start, d->acr_end, e, TRUE);
        }
    }
  if (b.head)
    {
      g_hash_table_destroy (b.head);
      g_array_free (b.older, TRUE);
    }
}

static const char *const kind_types[] = {
  [EG_RULE_KIND_PERSON] = "PERSON",
  [EG_RULE_KIND_AGENCY] = "AGENCY",
  [EG_RULE_KIND_ORG] = "ORG",
};

/* "Libyan authorities" are the dictionary's "Libyan government" when it has one. Returns
 * that entity, or -1. */
static gint
authorities_are_government (const EgDict *dict, const char *name)
{
  gsize len = strlen (name);
  if (len <= 12 || g_ascii_strcasecmp (name + len - 12, " authorities") != 0)
    return -1;
  g_autofree char *gov = g_strdup_printf ("%.*s government", (int) (len - 12), name);
  gint e = eg_dict_lookup (dict, gov);
  return e >= 0 && strcmp (eg_dict_entity (dict, (guint) e).type, "AGENCY") == 0 ? e : -1;
}

/* The recognizers of rules.h, told about the dictionary matches found so far. */
static void
apply_rules (Run *r)
{
  const EgDict *dict = r->ex->dict;
  g_autoptr (GArray) known = g_array_sized_new (FALSE, FALSE, sizeof (EgRuleKnown), r->cands->len);
  for (guint i = 0; i < r->cands->len; i++)
    {
      const Cand *c = &g_array_index (r->cands, Cand, i);
      EgRuleKnown k = { c->fs, c->fe, c->entity,
                        strcmp (eg_dict_entity (dict, c->entity).type, "PERSON") == 0 };
      g_array_append_val (known, k);
    }
  g_autoptr (GArray) hits = g_array_new (FALSE, FALSE, sizeof (EgRuleHit));
  eg_rules_find (r->ex->rules, r->f, r->doc, (const EgRuleKnown *) (gpointer) known->data,
                 known->len, hits);
  g_autofree guint32 *entities = g_new (guint32, hits->len + 1);
  for (guint i = 0; i < hits->len; i++)
    {
      const EgRuleHit *h = &g_array_index (hits, EgRuleHit, i);
      guint32 e;
      if (h->entity >= 0)
        e = (guint32) h->entity;
      else if (h->same_as >= 0 && (guint) h->same_as < i)
        e = entities[h->same_as];
      else
        {
          g_autofree char *surface = eg_folded_surface (r->f, r->doc, h->fs, h->fe);
          g_autofree char *name = h->kind == EG_RULE_KIND_PERSON
                                    ? eg_rules_display_name (surface) : g_strdup (surface);
          gint same = authorities_are_government (dict, name);
          e = same >= 0 ? (guint32) same : add_local (r, kind_types[h->kind], name);
        }
      entities[i] = e;
      Cand c = { h->fs, h->fe, e, h->rule };
      g_array_append_val (r->cands, c);
    }
}

/* Definitions whose letters do not align: an acronym in capitals glossed by a capitalized
 * institutional name, "Attorney General's Office (PGR)" or "PGR (Attorney General's
 * Office)". The name must be a candidate already (dictionary or rule) or, in the second
 * order, read as an institution. People and groups are never glossed this way. */
/* Is [ls, le) an acceptable gloss of the acronym at [as, ae)? An institution's name by the
 * rules, or a name whose initials hold the acronym's letters. */
static gboolean
glossed (const Run *r, gsize ls, gsize le, gsize as, gsize ae)
{
  const char *t = r->f->text;
  if (le - ls <= ae - as)
    return FALSE;
  if (r->rules && eg_rules_is_thing (r->ex->rules, r->f, ls, le))
    return FALSE; /* "American Servicemembers' Protection Act (ASPA)": a law */
  if (r->rules && eg_rules_is_institution (r->ex->rules, r->f, r->doc, ls, le))
    return TRUE;
  return eg_acronym_initials_cover (t + as, ae - as, t + ls, le - ls);
}

/* A new entity named by the gloss [ls, le) with the acronym [as, ae). */
static void
new_gloss (Run *r, gsize as, gsize ae, gsize ls, gsize le)
{
  g_autofree char *lf = g_strndup (r->f->text + ls, le - ls);
  g_autofree char *name = eg_folded_surface (r->f, r->doc, ls, le);
  guint32 e = add_local (r, guess_type (lf), name);
  Cand c1 = { (guint32) ls, (guint32) le, e, EG_RULE_ACRONYM };
  Cand c2 = { (guint32) as, (guint32) ae, e, EG_RULE_ACRONYM };
  g_array_append_val (r->cands, c1);
  g_array_append_val (r->cands, c2);
  add_doc_alias (r, ls, le, e, FALSE);
  add_doc_alias (r, as, ae, e, TRUE);
}

/* The candidates before any gloss, by (end, start, index): a parenthesis then costs a
 * binary search, not a scan. Made on first use: most parentheses are paragraph markings
 * and never ask. */
typedef struct {
  guint32 fe, fs, i;
} SpanIx;

typedef struct {
  SpanIx *ix;  /* NULL until asked more than CAND_SCANS times */
  guint n;     /* the candidates [0, n) of the run */
  guint asked; /* look-ups answered by a scan */
} CandIndex;

/* Look-ups answered by scanning the candidates before the index is made: sorting them
 * costs some forty compares a candidate, a scan one. (A cable asks a few times; a file of
 * thousands of cables, thousands of times.) */
#define CAND_SCANS 8

static gint
span_ix_cmp (gconstpointer a, gconstpointer b)
{
  const SpanIx *x = a, *y = b;
  if (x->fe != y->fe)
    return x->fe < y->fe ? -1 : 1;
  if (x->fs != y->fs)
    return x->fs < y->fs ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

/* The first entry at or after (@fe, @fs) in @r's index, made now if need be. */
static const SpanIx *
cand_index_at (const Run *r, CandIndex *x, guint32 fe, guint32 fs)
{
  if (x->ix == NULL)
    {
      x->ix = g_new (SpanIx, x->n + 1);
      for (guint i = 0; i < x->n; i++)
        {
          const Cand *c = &g_array_index (r->cands, Cand, i);
          x->ix[i] = (SpanIx) { c->fe, c->fs, i };
        }
      qsort (x->ix, x->n, sizeof *x->ix, span_ix_cmp);
    }
  guint lo = 0, hi = x->n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (x->ix[mid].fe < fe || (x->ix[mid].fe == fe && x->ix[mid].fs < fs))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < x->n && x->ix[lo].fe == fe ? &x->ix[lo] : NULL;
}

/* The candidate at exactly [fs, fe) (the first of them), or NULL. */
static const Cand *
cand_in (const Run *r, CandIndex *x, gsize fs, gsize fe)
{
  if (x->ix == NULL && x->asked < CAND_SCANS)
    {
      x->asked++;
      return scan_at (r, x->n, fs, fe);
    }
  const SpanIx *at = cand_index_at (r, x, (guint32) fe, (guint32) fs);
  return at && at->fs == fs ? &g_array_index (r->cands, Cand, at->i) : NULL;
}

/* The longest candidate ending at @fe (the first of them), or NULL. */
static const Cand *
cand_ending (const Run *r, CandIndex *x, gsize fe)
{
  if (x->ix == NULL && x->asked < CAND_SCANS)
    {
      x->asked++;
      return scan_ending (r, x->n, fe, G_MAXSIZE);
    }
  const SpanIx *at = cand_index_at (r, x, (guint32) fe, 0);
  return at ? &g_array_index (r->cands, Cand, at->i) : NULL;
}

static void
apply_glosses (Run *r)
{
  const EgFolded *f = r->f;
  const char *t = f->text;
  CandIndex before = { NULL, r->cands->len, 0 };
  for (const char *p = memchr (t, '(', f->len); p != NULL;
       p = memchr (p + 1, '(', f->len - (gsize) (p + 1 - t)))
    {
      gsize open = (gsize) (p - t);
      const char *q = memchr (p, ')', MIN (f->len - open, (gsize) 120));
      if (q == NULL)
        continue;
      gsize close = (gsize) (q - t), as = open + 1, ae = close;
      while (as < ae && t[as] == ' ')
        as++;
      while (ae > as && t[ae - 1] == ' ')
        ae--;
      if (open < 2 || t[open - 1] != ' ')
        continue;
      if (eg_acronym_is_token (f, r->doc, as, ae))
        {
          /* "Long Form (LF)": the longest candidate ending before the parenthesis. */
          if (cand_in (r, &before, as, ae) != NULL)
            continue; /* defined or known already */
          const Cand *longest = cand_ending (r, &before, open - 1);
          if (longest == NULL)
            {
              /* No candidate: a capitalized name that reads as an institution, or whose
               * initials hold the acronym's letters ("National Migration Institute (INM)"). */
              gssize ls = eg_acronym_gloss_start (f, r->doc, open - 1);
              if (ls < 0 || !glossed (r, (gsize) ls, open - 1, as, ae))
                continue;
              new_gloss (r, as, ae, (gsize) ls, open - 1);
              continue;
            }
          Cand best_c = *longest;
          const Cand *best = &best_c;
          if (best->fe - best->fs <= ae - as)
            continue;
          const char *type = entity_type (r, best->entity);
          if (strcmp (type, "AGENCY") != 0 && strcmp (type, "ORG") != 0)
            continue;
          guint32 e = best->entity;
          Cand c = { (guint32) as, (guint32) ae, e, EG_RULE_ACRONYM };
          g_array_append_val (r->cands, c);
          add_doc_alias (r, as, ae, e, TRUE);
          continue;
        }
      /* "LF (Long Form)": the token before the parenthesis is the acronym. */
      gsize xe = open - 1, xs = xe;
      while (xs > 0 && t[xs - 1] != ' ' && t[xs - 1] != '(')
        xs--;
      if (!eg_acronym_is_token (f, r->doc, xs, xe))
        continue;
      const Cand *xcp = cand_in (r, &before, xs, xe), *lcp = cand_in (r, &before, as, ae);
      /* Copies: appending to r->cands may move the array. */
      Cand xcc = xcp ? *xcp : (Cand) { 0 }, lcc = lcp ? *lcp : (Cand) { 0 };
      const Cand *xc = xcp ? &xcc : NULL, *lc = lcp ? &lcc : NULL;
      if ((xc && lc) || (lc == NULL && !(eg_acronym_is_name (f, r->doc, as, ae)
                                         && glossed (r, as, ae, xs, xe))))
        continue;
      guint32 e;
      if (lc)
        {
          const char *type = entity_type (r, lc->entity);
          if (strcmp (type, "AGENCY") != 0 && strcmp (type, "ORG") != 0)
            continue;
          e = lc->entity;
        }
      else if (xc)
        e = xc->entity;
      else
        {
          g_autofree char *lf = g_strndup (t + as, ae - as);
          g_autofree char *name = eg_folded_surface (f, r->doc, as, ae);
          e = add_local (r, guess_type (lf), name);
        }
      if (!xc)
        {
          Cand c = { (guint32) xs, (guint32) xe, e, EG_RULE_ACRONYM };
          g_array_append_val (r->cands, c);
          add_doc_alias (r, xs, xe, e, TRUE);
        }
      if (!lc)
        {
          Cand c = { (guint32) as, (guint32) ae, e, EG_RULE_ACRONYM };
          g_array_append_val (r->cands, c);
          add_doc_alias (r, as, ae, e, FALSE);
        }
    }
  g_free (before.ix);
}

/* Orders aliases by folded text, then by definition (index into doc_aliases). */
static gint
doc_alias_cmp (gconstpointer a, gconstpointer b, gpointer data)
{
  const GArray *all = data;
  guint x = *(const guint *) a, y = *(const guint *) b;
  int c = strcmp (g_array_index (all, DocAlias, x).folded, g_array_index (all, DocAlias, y).folded);
  return c != 0 ? c : (x > y) - (x < y);
}

/* The aliases of one folded text: order[first, end) in definition order. */
typedef struct {
  const guchar *text;
  guint32 len, first, end;
  guint32 same_word; /* index + 1 of the next group with the same first word, 0: none */
} AliasGroup;

/* The run of word bytes at @s (at most @len bytes), possibly empty. */
static inline gsize
word_len (const guchar *s, gsize len)
{
  gsize n = 0;
  while (n < len && eg_fold_is_word (s[n]))
    n++;
  return n;
}

static inline guint
pair_key (const guchar *s, gsize len)
{
  return (guint) s[0] << 8 | (len > 1 ? s[1] : 0);
}

/* Later uses of the aliases a document defined: every place after an alias's definition
 * where its folded text stands as whole words. One pass over the text, not one per alias:
 * a file of thousands of cables defines thousands of acronyms (the same ones again and
 * again), and a search of the whole text for each took time in the square of its size.
 * A place where a word may start is tried only when its first two bytes begin some alias
 * (a bitmap says); its word then names, through a table, the texts that begin with that
 * word. Where several aliases of one text hold, the first defined whose conditions hold is
 * the one the leftmost-longest selection would keep, so it alone is added. */
static void
find_doc_aliases (Run *r)
{
  const EgFolded *f = r->f;
  const GArray *all = r->doc_aliases;
  guint n = all->len;
  if (n == 0)
    return;
  g_autofree guint *order = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof *order, doc_alias_cmp, (gpointer) all);
  g_autofree AliasGroup *groups = g_new (AliasGroup, n);
  g_autofree guint64 *pairs = g_new0 (guint64, 65536 / 64); /* 8 KB: the first two bytes */
  /* first word -> index + 1 of its first group */
  g_autoptr (GHashTable) by_word = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint ng = 0;
  gsize longest_word = 0;
  for (guint k = 0; k < n; k++)
    {
      const guchar *q = (const guchar *) g_array_index (all, DocAlias, order[k]).folded;
      if (ng > 0 && strcmp ((const char *) groups[ng - 1].text, (const char *) q) == 0)
        {
          groups[ng - 1].end = k + 1;
          continue;
        }
      gsize len = strlen ((const char *) q);
      if (len == 0)
        continue;
      gsize wl = word_len (q, len);
      longest_word = MAX (longest_word, wl);
      char *word = g_strndup ((const char *) q, wl);
      guint head = GPOINTER_TO_UINT (g_hash_table_lookup (by_word, word));
      groups[ng] = (AliasGroup) { q, (guint32) len, k, k + 1, head };
      g_hash_table_insert (by_word, word, GUINT_TO_POINTER (ng + 1)); /* (frees a same key) */
      guint key = pair_key (q, len);
      pairs[key / 64] |= G_GUINT64_CONSTANT (1) << (key % 64);
      ng++;
    }
  const guchar *t = (const guchar *) f->text;
  gsize len = f->len;
  g_autofree char *word = g_malloc (longest_word + 1);
  /* The places that follow no word byte, 64 at a time from the folded text's word bits. */
  guint64 carry = 0;
  for (gsize base = 0; base < len; base += 64)
    {
      guint64 w = f->word_bits[base / 64];
      guint64 starts = ~(w << 1 | carry);
      carry = w >> 63;
      if (len - base < 64)
        starts &= (G_GUINT64_CONSTANT (1) << (len - base)) - 1;
      for (; starts != 0; starts &= starts - 1)
        {
          gsize fs = base + (gsize) __builtin_ctzll (starts);
          /* A one-byte text has the key of its byte and 0; try both. */
          guint key = pair_key (t + fs, len - fs), key1 = (guint) t[fs] << 8;
          if (!(pairs[key / 64] >> (key % 64) & 1) && !(pairs[key1 / 64] >> (key1 % 64) & 1))
            continue;
          gsize wl = word_len (t + fs, len - fs);
          if (wl > longest_word)
            continue;
          memcpy (word, t + fs, wl);
          word[wl] = '\0';
          for (guint gi = GPOINTER_TO_UINT (g_hash_table_lookup (by_word, word)); gi != 0;
               gi = groups[gi - 1].same_word)
            {
              const AliasGroup *g = &groups[gi - 1];
              gsize fe = fs + g->len;
              if (fe > len || memcmp (t + fs, g->text, g->len) != 0
                  || (fe < len && eg_fold_is_word (t[fe])))
                continue;
              gint caps = -1; /* not yet known */
              for (guint k = g->first; k < g->end; k++)
                {
                  const DocAlias *a = &g_array_index (all, DocAlias, order[k]);
                  if (fs < (gsize) a->from + g->len)
                    continue;
                  if (a->caps && caps < 0)
                    caps = caps_hold (r->doc, f->src_start[fs], f->src_end[fe - 1]);
                  if (a->caps && !caps)
                    continue;
                  Cand c = { (guint32) fs, (guint32) fe, a->entity, EG_RULE_ACRONYM };
                  g_array_append_val (r->cands, c);
                  break;
                }
            }
        }
    }
}

static gint
cand_cmp (gconstpointer a, gconstpointer b)
{
  const Cand *x = a, *y = b;
  if (x->fs != y->fs)
    return x->fs < y->fs ? -1 : 1;
  if (x->fe != y->fe)
    return x->fe > y->fe ? -1 : 1; /* longer first */
  return (gint) x->rule - (gint) y->rule;
}

static gint
cand_cmp_data (gconstpointer a, gconstpointer b, gpointer data)
{
  (void) data;
  return cand_cmp (a, b);
}

/* Sorts @cands by cand_cmp(), stably, as g_array_sort() would. Their first @n_dict are the
 * dictionary's matches, left to right and apart, so already in order (checked): only the
 * rest, those of the rules, acronyms and glosses, are sorted, then merged in from the end.
 * Sorting them all was 1.6 % of a run with a list and no rules, where the rest is a few. */
static void
sort_cands (GArray *cands, guint n_dict)
{
  Cand *c = (Cand *) (gpointer) cands->data;
  guint n = cands->len;
  n_dict = MIN (n_dict, n);
  for (guint i = 1; i < n_dict; i++)
    if (cand_cmp (&c[i - 1], &c[i]) > 0)
      {
        g_array_sort (cands, cand_cmp);
        return;
      }
  guint more = n - n_dict;
  if (more == 0)
    return;
  g_qsort_with_data (c + n_dict, (gint) more, sizeof *c, cand_cmp_data, NULL);
  if (n_dict == 0 || cand_cmp (&c[n_dict - 1], &c[n_dict]) <= 0)
    return;
  g_autofree Cand *rest = g_memdup2 (c + n_dict, more * sizeof *c);
  /* from the end: at equal keys the later run goes last, as a stable sort puts it */
  guint i = n_dict, j = more, k = n;
  while (j > 0)
    {
      if (i > 0 && cand_cmp (&c[i - 1], &rest[j - 1]) > 0)
        c[--k] = c[--i];
      else
        c[--k] = rest[--j];
    }
}

EgMentions *
eg_extractor_run (const EgExtractor *ex, const EgDoc *doc)
{
  g_return_val_if_fail (ex != NULL && doc != NULL, NULL);
  const EgDict *dict = ex->dict;
  g_autoptr (EgFolded) f = eg_fold_doc (doc);
  g_autoptr (GArray) matches
      = g_array_sized_new (FALSE, FALSE, sizeof (EgMatch), (guint) MIN (f->len / 128 + 16, 65536));
  eg_matcher_find (ex->matcher, f->text, f->len, matches);

  Run r = {
    .ex = ex,
    .doc = doc,
    .f = f,
    .cands = g_array_sized_new (FALSE, FALSE, sizeof (Cand), matches->len + 8),
    .doc_aliases = g_array_new (FALSE, FALSE, sizeof (DocAlias)),
    .locals = g_ptr_array_new_with_free_func (local_free),
    .local_ids = g_hash_table_new (g_str_hash, g_str_equal),
    .rules = ex->rules != NULL && !(ex->flags & EG_EXTRACT_NO_RULES),
  };
  /* (at most a candidate a match: written in place, then cut to their number) */
  g_array_set_size (r.cands, matches->len);
  guint n_cands = 0;
  for (guint i = 0; i < matches->len; i++)
    {
      const EgMatch *m = &g_array_index (matches, EgMatch, i);
      gint k = eg_dict_alias_for (dict, m->pattern, doc->meta.tags);
      if (k < 0)
        continue;
      EgAlias a = eg_dict_alias (dict, (guint) k);
      if ((a.flags & EG_ALIAS_CAPS)
          && !caps_hold (doc, f->src_start[m->start], f->src_end[m->end - 1]))
        continue;
      g_array_index (r.cands, Cand, n_cands++) = (Cand) { m->start, m->end, a.entity, EG_RULE_DICT };
    }
  g_array_set_size (r.cands, n_cands);
  if (r.rules)
    apply_rules (&r);
  apply_acronyms (&r);
  apply_glosses (&r);
  find_doc_aliases (&r);

  /* Leftmost-longest over all rules; at equal spans the dictionary wins. */
  sort_cands (r.cands, n_cands);
  EgMentions *out = g_new0 (EgMentions, 1);
  out->doc = doc;
  out->n_dict = eg_dict_n_entities (dict);
  /* (at most a mention a candidate: written in place, then cut to their number) */
  out->mentions = g_array_sized_new (FALSE, FALSE, sizeof (EgMention), r.cands->len);
  g_array_set_size (out->mentions, r.cands->len);
  guint n_mentions = 0;
  /* (a mention's surface is a copy of its text, made only for those who show it; the
   * document's surfaces share one block, each NUL-terminated: an allocation and a free
   * each cost more than most surfaces' bytes) */
  GString *pool = ex->flags & EG_EXTRACT_NO_SURFACES ? NULL : g_string_sized_new (256);
  g_autofree gsize *at = pool ? g_new (gsize, r.cands->len + 1) : NULL;
  out->locals = r.locals;
  guint32 covered = 0;
  for (guint i = 0; i < r.cands->len; i++)
    {
      const Cand *c = &g_array_index (r.cands, Cand, i);
      if (c->fs < covered)
        continue;
      covered = c->fe;
      EgMention mn = {
        .entity = c->entity,
        .start = f->src_start[c->fs],
        .end = f->src_end[c->fe - 1],
        .rule = c->rule,
      };
      guint w = eg_doc_window_at (doc, mn.start);
      guint s = eg_doc_sentence_at (doc, mn.start);
      mn.window = w == G_MAXUINT ? G_MAXUINT32 : w;
      mn.sentence = s == G_MAXUINT ? G_MAXUINT32 : s;
      if (pool != NULL)
        {
          at[n_mentions] = pool->len;
          eg_folded_surface_append (f, doc, c->fs, c->fe, pool);
          g_string_append_c (pool, '\0');
        }
      g_array_index (out->mentions, EgMention, n_mentions++) = mn;
    }
  g_array_set_size (out->mentions, n_mentions);
  if (pool != NULL)
    {
      out->surface_pool = g_string_free (pool, FALSE);
      out->surfaces = g_ptr_array_sized_new (n_mentions);
      for (guint i = 0; i < n_mentions; i++)
        g_ptr_array_add (out->surfaces, out->surface_pool + at[i]);
    }

  for (guint i = 0; i < r.doc_aliases->len; i++)
    g_free (g_array_index (r.doc_aliases, DocAlias, i).folded);
  g_array_free (r.doc_aliases, TRUE);
  g_array_free (r.cands, TRUE);
  g_hash_table_destroy (r.local_ids);
  return out;
}
