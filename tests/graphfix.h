/* graphfix.h - hand-built documents for the graph suites (weight, filter, community,
 * formats, dot, render): counts made through eg_cooc_add() from a small description, so
 * every number in a test can be worked out by hand.
 *
 * A document is described by a string: windows (paragraphs, one sentence each) separated
 * by ';', entity keys in a window separated by spaces:
 *     "A B C;B C"      two paragraphs: A, B, C then B, C
 * A key "TYPE:name" is the entity of that id and type; a bare key "a" is "T:a" of type
 * PERSON. Labels are the name part. The text of a window is its labels joined by spaces and
 * ended by a full stop, so the evidence sentence of a window is e.g. "A B C." */
#pragma once

#include <string.h>
#include <glib.h>

#include "cooc.h"
#include "dict.h"
#include "doc.h"
#include "extract.h"

typedef struct {
  EgDict *dict;
  GPtrArray *docs;     /* (element-type EgDoc) owned here */
  GPtrArray *mentions; /* (element-type EgMentions) one per document */
} GraphFix;

static G_GNUC_UNUSED GraphFix *
graphfix_new (void)
{
  GraphFix *f = g_new0 (GraphFix, 1);
  f->dict = eg_dict_new ();
  f->docs = g_ptr_array_new ();
  f->mentions = g_ptr_array_new ();
  return f;
}

static G_GNUC_UNUSED void
graphfix_doc_clear (EgDoc *d)
{
  g_free (d->path);
  g_free ((char *) d->data);
  g_free (d->meta.id);
  g_free (d->meta.date);
  g_free (d->meta.origin);
  g_free (d->meta.subject);
  g_free (d->meta.classification);
  g_ptr_array_free (d->meta.tags, TRUE);
  g_ptr_array_free (d->meta.signers, TRUE);
  g_ptr_array_free (d->meta.recipients, TRUE);
  g_ptr_array_free (d->meta.info_recipients, TRUE);
  g_ptr_array_free (d->meta.references, TRUE);
  g_array_free (d->text, TRUE);
  g_array_free (d->windows, TRUE);
  g_array_free (d->sentences, TRUE);
  g_free (d);
}

static G_GNUC_UNUSED void
graphfix_free (GraphFix *f)
{
  for (guint i = 0; i < f->mentions->len; i++)
    {
      EgMentions *m = g_ptr_array_index (f->mentions, i);
      g_array_free (m->mentions, TRUE);
      g_ptr_array_free (m->surfaces, TRUE);
      g_ptr_array_free (m->locals, TRUE);
      g_free (m);
    }
  for (guint i = 0; i < f->docs->len; i++)
    graphfix_doc_clear (g_ptr_array_index (f->docs, i));
  g_ptr_array_free (f->mentions, TRUE);
  g_ptr_array_free (f->docs, TRUE);
  eg_dict_free (f->dict);
  g_free (f);
}

/* The dictionary index of @key, added on first use. */
static G_GNUC_UNUSED guint32
graphfix_entity (GraphFix *f, const char *key)
{
  g_autofree char *id = strchr (key, ':') ? g_strdup (key) : g_strconcat ("T:", key, NULL);
  gint k = eg_dict_lookup (f->dict, id);
  if (k >= 0 && strcmp (eg_dict_entity (f->dict, (guint) k).id, id) == 0)
    return (guint32) k;
  const char *colon = strchr (key, ':');
  g_autofree char *type = colon ? g_strndup (key, (gsize) (colon - key)) : g_strdup ("PERSON");
  const char *name = colon ? colon + 1 : key;
  k = eg_dict_add (f->dict, id, type, name, NULL, 0, "graphfix", 0, NULL);
  g_assert (k >= 0);
  return (guint32) k;
}

/* Adds a document named @id dated @date (may be NULL) as @spec describes; returns it so a
 * test can fill more header fields (origin, signers, tags...). */
static G_GNUC_UNUSED EgDoc *
graphfix_add (GraphFix *f, const char *id, const char *date, const char *spec)
{
  EgDoc *d = g_new0 (EgDoc, 1);
  d->path = g_strdup (id);
  d->meta.id = g_strdup (id);
  d->meta.date = g_strdup (date);
  d->meta.tags = g_ptr_array_new_with_free_func (g_free);
  d->meta.signers = g_ptr_array_new_with_free_func (g_free);
  d->meta.recipients = g_ptr_array_new_with_free_func (g_free);
  d->meta.info_recipients = g_ptr_array_new_with_free_func (g_free);
  d->meta.references = g_ptr_array_new_with_free_func (g_free);
  d->kind = EG_DOC_CABLE;
  d->text = g_array_new (FALSE, FALSE, sizeof (EgSpan));
  d->windows = g_array_new (FALSE, FALSE, sizeof (EgWindow));
  d->sentences = g_array_new (FALSE, FALSE, sizeof (EgSpan));
  EgMentions *m = g_new0 (EgMentions, 1);
  m->doc = d;
  m->mentions = g_array_new (FALSE, FALSE, sizeof (EgMention));
  m->surfaces = g_ptr_array_new_with_free_func (g_free);
  m->locals = g_ptr_array_new ();
  GString *text = g_string_new (NULL);
  g_auto (GStrv) windows = g_strsplit (spec, ";", -1);
  for (guint w = 0; windows[w]; w++)
    {
      if (w > 0)
        g_string_append (text, "\n\n");
      guint32 start = (guint32) text->len;
      g_auto (GStrv) keys = g_strsplit (windows[w], " ", -1);
      gboolean first = TRUE;
      for (guint k = 0; keys[k]; k++)
        {
          if (!*keys[k])
            continue;
          guint32 e = graphfix_entity (f, keys[k]);
          const char *name = eg_dict_entity (f->dict, e).name;
          if (!first)
            g_string_append_c (text, ' ');
          first = FALSE;
          EgMention mn = { e, (guint32) text->len, (guint32) (text->len + strlen (name)), w, w,
                           EG_RULE_DICT };
          g_string_append (text, name);
          g_array_append_val (m->mentions, mn);
          g_ptr_array_add (m->surfaces, g_strdup (name));
        }
      g_string_append_c (text, '.');
      EgSpan span = { start, (guint32) text->len };
      EgWindow win = { span, w + 1, EG_WINDOW_PARAGRAPH };
      g_array_append_val (d->text, span);
      g_array_append_val (d->windows, win);
      g_array_append_val (d->sentences, span);
    }
  d->len = text->len;
  d->data = g_string_free (text, FALSE);
  m->n_dict = eg_dict_n_entities (f->dict);
  g_ptr_array_add (f->docs, d);
  g_ptr_array_add (f->mentions, m);
  return d;
}

/* Counts every document added so far at @level. */
static G_GNUC_UNUSED EgCooc *
graphfix_count (GraphFix *f, EgLevel level, guint evidence)
{
  EgCooc *c = eg_cooc_new (level, evidence);
  for (guint i = 0; i < f->mentions->len; i++)
    {
      EgMentions *m = g_ptr_array_index (f->mentions, i);
      m->n_dict = eg_dict_n_entities (f->dict);
      eg_cooc_add (c, m, f->dict);
    }
  return c;
}

/* The view edge between ids @a and @b, or NULL. */
#include "view.h"
static G_GNUC_UNUSED const EgViewEdge *
graphfix_edge (const EgView *v, const char *a, const char *b)
{
  gint x = eg_view_find (v, a), y = eg_view_find (v, b);
  if (x < 0 || y < 0)
    return NULL;
  for (guint i = 0; i < v->edges->len; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      if ((e->a == (guint32) x && e->b == (guint32) y)
          || (e->a == (guint32) y && e->b == (guint32) x))
        return e;
    }
  return NULL;
}
