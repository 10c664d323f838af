/* dot.c - DOT through cgraph (see dot.h). The only cgraph user besides render.c; the 2.42
 * API takes char *, so const is cast away here and nowhere else. */
#include "dot.h"

#include <math.h>
#include <string.h>
#include <graphviz/cgraph.h>

#include "error.h"
#include "output.h"

typedef struct {
  const char *type;
  const char *shape;
  const char *fill;
} TypeStyle;

/* Colours from ColorBrewer's Set2/Pastel: distinguishable, readable under black labels. */
static const TypeStyle styles[] = {
  { "PERSON", "ellipse", "#8dd3c7" },
  { "ORG", "box", "#fdb462" },
  { "AGENCY", "box", "#80b1d3" },
  { "GROUP", "hexagon", "#d9d9d9" },
};
static const TypeStyle other_style = { NULL, "ellipse", "#ffffb3" };

static const TypeStyle *
style_for (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (strcmp (type, styles[i].type) == 0)
      return &styles[i];
  return &other_style;
}

static char *
tooltip (const EgEdge *e, guint cap)
{
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "%u shared window%s in %u document%s", e->windows,
                          e->windows == 1 ? "" : "s", e->docs, e->docs == 1 ? "" : "s");
  guint shown = MIN (e->evidence->len, cap);
  for (guint i = 0; i < shown; i++)
    {
      const EgEvidence *ev = g_ptr_array_index (e->evidence, i);
      if (ev->paragraph == 0)
        g_string_append_printf (s, "\n%s subject: %s", ev->doc, ev->sentence);
      else
        g_string_append_printf (s, "\n%s \xC2\xB6%u: %s", ev->doc, ev->paragraph,
                                ev->sentence);
    }
  if (shown < e->windows)
    g_string_append_printf (s, "\n(+%u more)", e->windows - shown);
  return g_string_free (s, FALSE);
}

struct Agraph_s *
eg_dot_build (const EgCooc *c, const EgDotOptions *opt)
{
  Agraph_t *g = agopen ((char *) (opt->name ? opt->name : "entgraph"), Agundirected, NULL);
  for (guint i = 0; opt->attrs && opt->attrs[i] && opt->attrs[i + 1]; i += 2)
    agattr (g, AGRAPH, (char *) opt->attrs[i], (char *) opt->attrs[i + 1]);

  Agsym_t *n_label = agattr (g, AGNODE, "label", "\\N");
  Agsym_t *n_type = agattr (g, AGNODE, "entity_type", "");
  Agsym_t *n_shape = agattr (g, AGNODE, "shape", "ellipse");
  Agsym_t *n_style = agattr (g, AGNODE, "style", "filled");
  Agsym_t *n_fill = agattr (g, AGNODE, "fillcolor", "#ffffb3");
  Agsym_t *n_mentions = agattr (g, AGNODE, "mentions", "0");
  Agsym_t *n_docs = agattr (g, AGNODE, "docs", "0");
  Agsym_t *e_weight = agattr (g, AGEDGE, "weight", "1");
  Agsym_t *e_docs = agattr (g, AGEDGE, "docs", "1");
  Agsym_t *e_pen = agattr (g, AGEDGE, "penwidth", "1");
  Agsym_t *e_tip = agattr (g, AGEDGE, "tooltip", "");
  (void) n_style;

  g_autoptr (GPtrArray) nodes = eg_cooc_sorted_nodes (c);
  g_autofree Agnode_t **by_index = g_new0 (Agnode_t *, c->nodes->len);
  char buf[32];
  for (guint i = 0; i < nodes->len; i++)
    {
      const EgNode *nd = g_ptr_array_index (nodes, i);
      Agnode_t *n = agnode (g, nd->id, TRUE);
      const TypeStyle *st = style_for (nd->type);
      agxset (n, n_label, nd->label);
      agxset (n, n_type, nd->type);
      agxset (n, n_shape, (char *) st->shape);
      agxset (n, n_fill, (char *) st->fill);
      g_snprintf (buf, sizeof buf, "%u", nd->mentions);
      agxset (n, n_mentions, buf);
      g_snprintf (buf, sizeof buf, "%u", nd->docs);
      agxset (n, n_docs, buf);
    }
  for (guint i = 0; i < c->nodes->len; i++)
    by_index[i] = agnode (g, ((EgNode *) g_ptr_array_index (c->nodes, i))->id, FALSE);

  g_autoptr (GPtrArray) edges = eg_cooc_sorted_edges (c);
  for (guint i = 0; i < edges->len; i++)
    {
      const EgEdge *ed = g_ptr_array_index (edges, i);
      Agnode_t *a = by_index[ed->a], *b = by_index[ed->b];
      if (strcmp (agnameof (a), agnameof (b)) > 0)
        {
          Agnode_t *t = a;
          a = b;
          b = t;
        }
      Agedge_t *e = agedge (g, a, b, NULL, TRUE);
      g_snprintf (buf, sizeof buf, "%u", ed->windows);
      agxset (e, e_weight, buf);
      g_snprintf (buf, sizeof buf, "%u", ed->docs);
      agxset (e, e_docs, buf);
      g_snprintf (buf, sizeof buf, "%.2f", 1.0 + 1.5 * log2 ((double) ed->windows));
      agxset (e, e_pen, buf);
      if (opt->tooltip_evidence > 0)
        {
          g_autofree char *tip = tooltip (ed, opt->tooltip_evidence);
          agxset (e, e_tip, tip);
        }
    }
  return g;
}

void
eg_dot_free (struct Agraph_s *g)
{
  if (g != NULL)
    agclose (g);
}

gboolean
eg_dot_write (const EgCooc *c, const EgDotOptions *opt, const char *path, GError **error)
{
  EgOutput out;
  FILE *fp = eg_output_open (&out, path, error);
  if (fp == NULL)
    return FALSE;
  Agraph_t *g = eg_dot_build (c, opt);
  int rc = agwrite (g, fp);
  agclose (g);
  if (rc != 0)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_GRAPHVIZ, "%s: cgraph could not write the graph",
                   path);
      eg_output_abort (&out);
      return FALSE;
    }
  return eg_output_commit (&out, error);
}
