/* extract.c - from a document to its mentions (see extract.h). */
#include "extract.h"

#include <string.h>

#include "acronym.h"
#include "error.h"
#include "matcher.h"
#include "norm.h"

struct _EgExtractor {
  const EgDict *dict;
  EgMatcher *matcher;
  EgExtractFlags flags;
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

EgExtractor *
eg_extractor_new (const EgDict *dict, EgExtractFlags flags, GError **error)
{
  g_return_val_if_fail (dict != NULL, NULL);
  guint n = dict->aliases->len;
  g_autofree const char **patterns = g_new (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    patterns[i] = g_array_index (dict->aliases, EgAlias, i).folded;
  patterns[n] = NULL;
  EgMatcher *m = eg_matcher_new (patterns, n, error);
  if (m == NULL)
    {
      g_prefix_error (error, "dictionary: ");
      return NULL;
    }
  EgExtractor *ex = g_new0 (EgExtractor, 1);
  ex->dict = dict;
  ex->matcher = m;
  ex->flags = flags;
  return ex;
}

void
eg_extractor_free (EgExtractor *ex)
{
  if (ex == NULL)
    return;
  eg_matcher_free (ex->matcher);
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
  g_ptr_array_free (m->surfaces, TRUE);
  g_ptr_array_free (m->locals, TRUE);
  g_free (m);
}

EgEntityRef
eg_mentions_entity (const EgMentions *m, const EgDict *dict, guint32 entity)
{
  if (entity < m->n_dict)
    {
      const EgEntity *e = eg_dict_entity (dict, entity);
      return (EgEntityRef) { e->id, e->type, e->name };
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
      gint known = eg_dict_lookup (r->ex->dict, id);
      if (known >= 0 && g_hash_table_contains (r->ex->dict->by_id, id))
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

/* The candidate exactly covering folded [fs, fe), or NULL. */
static const Cand *
cand_at (const Run *r, gsize fs, gsize fe)
{
  for (guint i = 0; i < r->cands->len; i++)
    {
      const Cand *c = &g_array_index (r->cands, Cand, i);
      if (c->fs == fs && c->fe == fe)
        return c;
    }
  return NULL;
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
  for (guint i = 0; agency_words[i]; i++)
    if (strstr (folded, agency_words[i]) != NULL)
      return "AGENCY";
  return "ORG";
}

static void
apply_acronyms (Run *r)
{
  g_autoptr (GArray) defs = g_array_new (FALSE, FALSE, sizeof (EgAcronymDef));
  eg_acronym_find (r->f, r->doc, defs);
  const EgDict *dict = r->ex->dict;
  for (guint i = 0; i < defs->len; i++)
    {
      const EgAcronymDef *d = &g_array_index (defs, EgAcronymDef, i);
      const Cand *lc = cand_at (r, d->long_start, d->long_end);
      const Cand *ac = cand_at (r, d->acr_start, d->acr_end);
      if (lc && ac)
        continue; /* both known; if they disagree the dictionary says so */
      if (lc)
        {
          Cand c = { d->acr_start, d->acr_end, lc->entity, EG_RULE_ACRONYM };
          g_array_append_val (r->cands, c);
          add_doc_alias (r, d->acr_start, d->acr_end, lc->entity, TRUE);
        }
      else if (ac)
        {
          Cand c = { d->long_start, d->long_end, ac->entity, EG_RULE_ACRONYM };
          g_array_append_val (r->cands, c);
          add_doc_alias (r, d->long_start, d->long_end, ac->entity, FALSE);
        }
      else
        {
          g_autofree char *lf = g_strndup (r->f->text + d->long_start,
                                           d->long_end - d->long_start);
          g_autofree char *name = eg_folded_surface (r->f, r->doc, d->long_start, d->long_end);
          guint32 e = add_local (r, guess_type (lf), name);
          Cand c1 = { d->long_start, d->long_end, e, EG_RULE_ACRONYM };
          Cand c2 = { d->acr_start, d->acr_end, e, EG_RULE_ACRONYM };
          g_array_append_val (r->cands, c1);
          g_array_append_val (r->cands, c2);
          add_doc_alias (r, d->long_start, d->long_end, e, FALSE);
          add_doc_alias (r, d->acr_start, d->acr_end, e, TRUE);
        }
      (void) dict;
    }
}

/* Later uses of the aliases a document defined. */
static void
find_doc_aliases (Run *r)
{
  const EgFolded *f = r->f;
  for (guint i = 0; i < r->doc_aliases->len; i++)
    {
      const DocAlias *a = &g_array_index (r->doc_aliases, DocAlias, i);
      gsize alen = strlen (a->folded);
      const char *p = f->text + a->from + alen, *end = f->text + f->len;
      while (p < end && (p = memmem (p, (gsize) (end - p), a->folded, alen)) != NULL)
        {
          gsize fs = (gsize) (p - f->text), fe = fs + alen;
          p += alen;
          if ((fs > 0 && eg_fold_is_word ((guchar) f->text[fs - 1]))
              || (fe < f->len && eg_fold_is_word ((guchar) f->text[fe])))
            continue;
          if (a->caps && !caps_hold (r->doc, f->src_start[fs], f->src_end[fe - 1]))
            continue;
          Cand c = { (guint32) fs, (guint32) fe, a->entity, EG_RULE_ACRONYM };
          g_array_append_val (r->cands, c);
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

EgMentions *
eg_extractor_run (const EgExtractor *ex, const EgDoc *doc)
{
  g_return_val_if_fail (ex != NULL && doc != NULL, NULL);
  const EgDict *dict = ex->dict;
  g_autoptr (EgFolded) f = eg_fold_doc (doc);
  g_autoptr (GArray) matches = g_array_new (FALSE, FALSE, sizeof (EgMatch));
  eg_matcher_find (ex->matcher, f->text, f->len, matches);

  Run r = {
    .ex = ex,
    .doc = doc,
    .f = f,
    .cands = g_array_sized_new (FALSE, FALSE, sizeof (Cand), matches->len + 8),
    .doc_aliases = g_array_new (FALSE, FALSE, sizeof (DocAlias)),
    .locals = g_ptr_array_new_with_free_func (local_free),
    .local_ids = g_hash_table_new (g_str_hash, g_str_equal),
  };
  for (guint i = 0; i < matches->len; i++)
    {
      const EgMatch *m = &g_array_index (matches, EgMatch, i);
      const EgAlias *a = &g_array_index (dict->aliases, EgAlias, m->pattern);
      if ((a->flags & EG_ALIAS_CAPS)
          && !caps_hold (doc, f->src_start[m->start], f->src_end[m->end - 1]))
        continue;
      Cand c = { m->start, m->end, a->entity, EG_RULE_DICT };
      g_array_append_val (r.cands, c);
    }
  apply_acronyms (&r);
  find_doc_aliases (&r);

  /* Leftmost-longest over all rules; at equal spans the dictionary wins. */
  g_array_sort (r.cands, cand_cmp);
  EgMentions *out = g_new0 (EgMentions, 1);
  out->doc = doc;
  out->n_dict = eg_dict_n_entities (dict);
  out->mentions = g_array_sized_new (FALSE, FALSE, sizeof (EgMention), r.cands->len);
  out->surfaces = g_ptr_array_new_with_free_func (g_free);
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
      g_array_append_val (out->mentions, mn);
      g_ptr_array_add (out->surfaces, eg_folded_surface (f, doc, c->fs, c->fe));
    }

  for (guint i = 0; i < r.doc_aliases->len; i++)
    g_free (g_array_index (r.doc_aliases, DocAlias, i).folded);
  g_array_free (r.doc_aliases, TRUE);
  g_array_free (r.cands, TRUE);
  g_hash_table_destroy (r.local_ids);
  return out;
}
