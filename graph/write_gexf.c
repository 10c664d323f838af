/* write_gexf.c - GEXF 1.3 (see write.h). The graph is "dynamic" with dates: a node or an
 * edge starts on the day of the first cable that shows it, so Gephi's timeline can replay
 * the corpus. GEXF has no graph attributes; they go into <meta><description> as
 * "key=value" lines. Colours follow the type (or the community) as viz:color. */
#include "write.h"

#include "style.h"
#include "xmlw.h"

static void
attribute (EgXml *x, const char *id, const char *type)
{
  eg_xml_start (x, "attribute");
  eg_xml_attr (x, "id", id);
  eg_xml_attr (x, "title", id);
  eg_xml_attr (x, "type", type);
  eg_xml_end (x);
}

static void
attvalue (EgXml *x, const char *for_, const char *value)
{
  eg_xml_start (x, "attvalue");
  eg_xml_attr (x, "for", for_);
  eg_xml_attr (x, "value", value);
  eg_xml_end (x);
}

static void
attvalue_uint (EgXml *x, const char *for_, guint value)
{
  char buf[16];
  g_snprintf (buf, sizeof buf, "%u", value);
  attvalue (x, for_, buf);
}

static void
start_date (EgXml *x, const char *iso)
{
  g_autofree char *day = eg_write_day (iso);
  if (day)
    eg_xml_attr (x, "start", day);
}

gboolean
eg_write_gexf (const EgView *v, const EgWriteOptions *o, FILE *fp, GError **error)
{
  EgXml x;
  char buf[EG_WEIGHT_BUF];
  eg_xml_open (&x, fp);
  eg_xml_start (&x, "gexf");
  eg_xml_attr (&x, "xmlns", "http://gexf.net/1.3");
  eg_xml_attr (&x, "xmlns:viz", "http://gexf.net/1.3/viz");
  eg_xml_attr (&x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  eg_xml_attr (&x, "xsi:schemaLocation", "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd");
  eg_xml_attr (&x, "version", "1.3");
  eg_xml_start (&x, "meta");
  eg_xml_element (&x, "creator", "entgraph");
  GString *desc = g_string_new (NULL);
  for (guint i = 0; i + 1 < v->attrs->len; i += 2)
    g_string_append_printf (desc, "%s%s=%s", i ? "\n" : "",
                            (char *) g_ptr_array_index (v->attrs, i),
                            (char *) g_ptr_array_index (v->attrs, i + 1));
  eg_xml_element (&x, "description", desc->str);
  g_string_free (desc, TRUE);
  eg_xml_end (&x); /* meta */

  eg_xml_start (&x, "graph");
  eg_xml_attr (&x, "defaultedgetype", "undirected");
  eg_xml_attr (&x, "mode", "dynamic");
  eg_xml_attr (&x, "timeformat", "date");
  eg_xml_start (&x, "attributes");
  eg_xml_attr (&x, "class", "node");
  attribute (&x, "type", "string");
  attribute (&x, "mentions", "integer");
  attribute (&x, "docs", "integer");
  attribute (&x, "windows", "integer");
  attribute (&x, "strength", "double");
  attribute (&x, "first_date", "string");
  if (v->has_communities)
    attribute (&x, "community", "integer");
  eg_xml_end (&x);
  eg_xml_start (&x, "attributes");
  eg_xml_attr (&x, "class", "edge");
  attribute (&x, "kind", "string");
  attribute (&x, "windows", "integer");
  attribute (&x, "docs", "integer");
  attribute (&x, "fractional", "double");
  attribute (&x, "first_date", "string");
  attribute (&x, "evidence", "string");
  eg_xml_end (&x);

  eg_xml_start (&x, "nodes");
  for (guint i = 0; i < v->nodes->len; i++)
    {
      const EgViewNode *n = eg_view_node (v, i);
      eg_xml_start (&x, "node");
      eg_xml_attr (&x, "id", n->id);
      eg_xml_attr (&x, "label", n->label);
      start_date (&x, n->first_date);
      eg_xml_start (&x, "attvalues");
      attvalue (&x, "type", n->type);
      attvalue_uint (&x, "mentions", n->mentions);
      attvalue_uint (&x, "docs", n->docs);
      attvalue_uint (&x, "windows", n->windows);
      attvalue (&x, "strength", eg_weight_format (buf, n->strength));
      if (n->first_date)
        attvalue (&x, "first_date", n->first_date);
      if (v->has_communities)
        {
          char c[16];
          g_snprintf (c, sizeof c, "%d", n->community);
          attvalue (&x, "community", c);
        }
      eg_xml_end (&x); /* attvalues */
      guint8 rgb[3];
      if (eg_style_rgb (v->has_communities ? eg_style_community_color (n->community)
                                           : eg_style_for_type (n->type)->fill, rgb))
        {
          eg_xml_start_ns (&x, "viz", "color");
          eg_xml_attr_uint (&x, "r", rgb[0]);
          eg_xml_attr_uint (&x, "g", rgb[1]);
          eg_xml_attr_uint (&x, "b", rgb[2]);
          eg_xml_end (&x);
        }
      eg_xml_end (&x); /* node */
    }
  eg_xml_end (&x); /* nodes */

  eg_xml_start (&x, "edges");
  for (guint i = 0; i < v->edges->len; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      char id[16];
      g_snprintf (id, sizeof id, "%u", i);
      eg_xml_start (&x, "edge");
      eg_xml_attr (&x, "id", id);
      eg_xml_attr (&x, "source", eg_view_node (v, e->a)->id);
      eg_xml_attr (&x, "target", eg_view_node (v, e->b)->id);
      eg_xml_attr (&x, "weight", eg_weight_format (buf, e->weight));
      start_date (&x, e->first_date);
      eg_xml_start (&x, "attvalues");
      attvalue (&x, "kind", eg_edge_kind_name (e->kind));
      attvalue_uint (&x, "windows", e->windows);
      attvalue_uint (&x, "docs", e->docs);
      attvalue (&x, "fractional", eg_weight_format (buf, e->fractional));
      if (e->first_date)
        attvalue (&x, "first_date", e->first_date);
      g_autofree char *ev = eg_write_evidence_text (e, G_MAXUINT);
      if (*ev)
        attvalue (&x, "evidence", ev);
      eg_xml_end (&x); /* attvalues */
      eg_xml_end (&x); /* edge */
    }
  eg_xml_end (&x); /* edges */
  eg_xml_end (&x); /* graph */
  eg_xml_end (&x); /* gexf */
  (void) o;
  return eg_xml_close (&x, error);
}
