/* links.c - header links (see links.h). */
#include "links.h"

#include <string.h>

/* "CIUDAD JUAREZ" -> "Ciudad Juarez": ASCII words in title case, other bytes as they are. */
static void
append_title_case (GString *out, const char *s)
{
  gboolean start = TRUE;
  for (const char *p = s; *p; p++)
    {
      char ch = *p;
      if (g_ascii_isalpha (ch))
        {
          g_string_append_c (out, start ? g_ascii_toupper (ch) : g_ascii_tolower (ch));
          start = FALSE;
        }
      else
        {
          g_string_append_c (out, ch);
          start = ch == ' ' || ch == '-' || ch == '/' || ch == '(';
        }
    }
}

char *
eg_links_post_label (const char *origin)
{
  static const struct {
    const char *prefix, *name;
  } posts[] = {
    { "AMEMBASSY ", "US Embassy " },
    { "AMCONSUL ", "US Consulate " },
    { "USMISSION ", "US Mission " },
    { "USINT ", "US Interests Section " },
    { "AMEMBASSY", "US Embassy" },
  };
  if (g_ascii_strncasecmp (origin, "SECSTATE", 8) == 0)
    return g_strdup ("Secretary of State");
  GString *s = g_string_new (NULL);
  const char *rest = origin;
  for (guint i = 0; i < G_N_ELEMENTS (posts); i++)
    if (g_ascii_strncasecmp (origin, posts[i].prefix, strlen (posts[i].prefix)) == 0)
      {
        g_string_append (s, posts[i].name);
        rest = origin + strlen (posts[i].prefix);
        break;
      }
  append_title_case (s, rest);
  return g_string_free (s, FALSE);
}

static void
link_doc (EgCooc *c, const char *id, const char *type, const char *label, GPtrArray *refs,
          const EgDoc *doc)
{
  guint32 h;
  EgNode *hn = eg_cooc_node (c, id, type, label, &h);
  hn->mentions++;
  hn->docs++;
  eg_cooc_keep_earlier (&hn->first_date, doc->meta.date);
  for (guint i = 0; i < refs->len; i++)
    {
      const EgEntityRef *r = g_ptr_array_index (refs, i);
      if (strcmp (r->id, id) == 0)
        continue;
      guint32 k;
      eg_cooc_node (c, r->id, r->type, r->name, &k);
      EgEdge *e = eg_cooc_edge (c, h, k);
      e->docs++;
      e->windows++;
      eg_cooc_keep_earlier (&e->first_date, doc->meta.date);
      eg_cooc_offer_evidence (c, e, eg_doc_name (doc), 0, 0,
                              doc->meta.subject ? doc->meta.subject : "");
    }
}

void
eg_links_add (EgCooc *signers, EgCooc *origins, const EgMentions *m, const EgDict *dict)
{
  const EgDoc *doc = m->doc;
  const EgDocMeta *meta = &doc->meta;
  gboolean any_signer = meta->signers && meta->signers->len > 0;
  if (signers)
    signers->n_docs++;
  if (origins)
    origins->n_docs++;
  if ((signers == NULL || !any_signer) && (origins == NULL || meta->origin == NULL))
    return;
  /* The distinct entities of the document. */
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) refs = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < m->mentions->len; i++)
    {
      const EgMention *mn = &g_array_index (m->mentions, EgMention, i);
      EgEntityRef r = eg_mentions_entity (m, dict, mn->entity);
      if (!g_hash_table_add (seen, (gpointer) r.id))
        continue;
      g_ptr_array_add (refs, g_memdup2 (&r, sizeof r));
    }
  if (refs->len == 0)
    return;
  if (signers && any_signer)
    {
      g_autoptr (GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < meta->signers->len; i++)
        {
          const char *name = g_ptr_array_index (meta->signers, i);
          gint k = eg_dict_lookup (dict, name);
          EgEntity ent = k >= 0 ? eg_dict_entity (dict, (guint) k) : (EgEntity) { 0 };
          g_autofree char *id = NULL, *label = NULL;
          if (ent.type && strcmp (ent.type, "PERSON") == 0)
            {
              id = g_strdup (ent.id);
              label = g_strdup (ent.name);
            }
          else
            {
              id = eg_dict_make_id ("PERSON", name);
              GString *l = g_string_new (NULL);
              append_title_case (l, name);
              label = g_string_free (l, FALSE);
            }
          if (!g_hash_table_add (done, g_strdup (id)))
            continue;
          link_doc (signers, id, "PERSON", label, refs, doc);
        }
    }
  if (origins && meta->origin)
    {
      g_autofree char *id = eg_dict_make_id ("POST", meta->origin);
      g_autofree char *label = eg_links_post_label (meta->origin);
      link_doc (origins, id, "POST", label, refs, doc);
    }
}
