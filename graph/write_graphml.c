/* write_graphml.c - GraphML (see write.h). Keys are declared once with their types; the
 * graph's data holds the view's attributes, every node and edge its counts. */
#include "write.h"

#include "style.h"
#include "xmlw.h"

static void
key (EgXml *x, const char *id, const char *for_, const char *name, const char *type)
{
  eg_xml_start (x, "key");
  eg_xml_attr (x, "id", id);
  eg_xml_attr (x, "for", for_);
  eg_xml_attr (x, "attr.name", name);
  eg_xml_attr (x, "attr.type", type);
  eg_xml_end (x);
}

static void
data (EgXml *x, const char *k, const char *value)
{
  eg_xml_start (x, "data");
  eg_xml_attr (x, "key", k);
  eg_xml_text (x, value);
  eg_xml_end (x);
}

static void
data_uint (EgXml *x, const char *k, guint value)
{
  char buf[16];
  g_snprintf (buf, sizeof buf, "%u", value);
  data (x, k, buf);
}

static void
data_double (EgXml *x, const char *k, double value)
{
  char buf[EG_WEIGHT_BUF];
  data (x, k, eg_weight_format (buf, value));
}

gboolean
eg_write_graphml (const EgView *v, const EgWriteOptions *o, FILE *fp, GError **error)
{
  EgXml x;
  eg_xml_open (&x, fp);
  eg_xml_start (&x, "graphml");
  eg_xml_attr (&x, "xmlns", "http://graphml.graphdrawing.org/xmlns");
  eg_xml_attr (&x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  eg_xml_attr (&x, "xsi:schemaLocation",
               "http://graphml.graphdrawing.org/xmlns "
               "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd");
  for (guint i = 0; i + 1 < v->attrs->len; i += 2)
    {
      char id[16];
      g_snprintf (id, sizeof id, "g%u", i / 2);
      key (&x, id, "graph", g_ptr_array_index (v->attrs, i), "string");
    }
  key (&x, "label", "node", "label", "string");
  key (&x, "type", "node", "type", "string");
  key (&x, "mentions", "node", "mentions", "int");
  key (&x, "docs", "node", "docs", "int");
  key (&x, "windows", "node", "windows", "int");
  key (&x, "strength", "node", "strength", "double");
  key (&x, "first_date", "node", "first_date", "string");
  key (&x, "color", "node", "color", "string");
  if (v->has_communities)
    key (&x, "community", "node", "community", "int");
  key (&x, "weight", "edge", "weight", "double");
  key (&x, "kind", "edge", "kind", "string");
  key (&x, "e_windows", "edge", "windows", "int");
  key (&x, "e_docs", "edge", "docs", "int");
  key (&x, "fractional", "edge", "fractional", "double");
  key (&x, "e_first_date", "edge", "first_date", "string");
  key (&x, "evidence", "edge", "evidence", "string");

  eg_xml_start (&x, "graph");
  eg_xml_attr (&x, "id", o && o->name ? o->name : "entgraph");
  eg_xml_attr (&x, "edgedefault", "undirected");
  for (guint i = 0; i + 1 < v->attrs->len; i += 2)
    {
      char id[16];
      g_snprintf (id, sizeof id, "g%u", i / 2);
      data (&x, id, g_ptr_array_index (v->attrs, i + 1));
    }
  for (guint i = 0; i < v->nodes->len; i++)
    {
      const EgViewNode *n = eg_view_node (v, i);
      eg_xml_start (&x, "node");
      eg_xml_attr (&x, "id", n->id);
      data (&x, "label", n->label);
      data (&x, "type", n->type);
      data_uint (&x, "mentions", n->mentions);
      data_uint (&x, "docs", n->docs);
      data_uint (&x, "windows", n->windows);
      data_double (&x, "strength", n->strength);
      if (n->first_date)
        data (&x, "first_date", n->first_date);
      data (&x, "color", v->has_communities ? eg_style_community_color (n->community)
                                            : eg_style_for_type (n->type)->fill);
      if (v->has_communities)
        {
          char buf[16];
          g_snprintf (buf, sizeof buf, "%d", n->community);
          data (&x, "community", buf);
        }
      eg_xml_end (&x);
    }
  for (guint i = 0; i < v->edges->len; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      eg_xml_start (&x, "edge");
      eg_xml_attr (&x, "source", eg_view_node (v, e->a)->id);
      eg_xml_attr (&x, "target", eg_view_node (v, e->b)->id);
      data_double (&x, "weight", e->weight);
      data (&x, "kind", eg_edge_kind_name (e->kind));
      data_uint (&x, "e_windows", e->windows);
      data_uint (&x, "e_docs", e->docs);
      data_double (&x, "fractional", e->fractional);
      if (e->first_date)
        data (&x, "e_first_date", e->first_date);
      g_autofree char *ev = eg_write_evidence_text (e, G_MAXUINT);
      if (*ev)
        data (&x, "evidence", ev);
      eg_xml_end (&x);
    }
  eg_xml_end (&x); /* graph */
  eg_xml_end (&x); /* graphml */
  return eg_xml_close (&x, error);
}
