/* write_json.c - node-link JSON and evidence as JSON Lines, through json-glib (see
 * write.h). The JSON has the shape networkx's node_link_data writes and D3 reads:
 *   {"directed": false, "multigraph": false, "graph": {...},
 *    "nodes": [{"id": ..., "label": ..., ...}],
 *    "links": [{"source": id, "target": id, "weight": ..., ...}]} */
#include "write.h"

#include <errno.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "error.h"
#include "style.h"

static void
member_str (JsonBuilder *b, const char *name, const char *value)
{
  g_autofree char *clean = eg_write_clean (value);
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, clean);
}

static void
member_int (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

/* Whole numbers as integers (count weights stay 3, not 3.0); others as doubles. */
static void
member_num (JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name (b, name);
  if (value == (double) (gint64) value && value > -1e15 && value < 1e15)
    json_builder_add_int_value (b, (gint64) value);
  else
    json_builder_add_double_value (b, value);
}

static gboolean
put (FILE *fp, JsonNode *root, gboolean newline, GError **error)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, root);
  gsize len = 0;
  g_autofree char *text = json_generator_to_data (gen, &len);
  if (fwrite (text, 1, len, fp) != len || (newline && fputc ('\n', fp) == EOF))
    {
      int err = errno;
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s", g_strerror (err));
      return FALSE;
    }
  return TRUE;
}

gboolean
eg_write_json (const EgView *v, const EgWriteOptions *o, FILE *fp, GError **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "directed");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "multigraph");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "graph");
  json_builder_begin_object (b);
  member_str (b, "name", o && o->name ? o->name : "entgraph");
  for (guint i = 0; i + 1 < v->attrs->len; i += 2)
    member_str (b, g_ptr_array_index (v->attrs, i), g_ptr_array_index (v->attrs, i + 1));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "nodes");
  json_builder_begin_array (b);
  for (guint i = 0; i < v->nodes->len; i++)
    {
      const EgViewNode *n = eg_view_node (v, i);
      json_builder_begin_object (b);
      member_str (b, "id", n->id);
      member_str (b, "label", n->label);
      member_str (b, "type", n->type);
      member_int (b, "mentions", n->mentions);
      member_int (b, "docs", n->docs);
      member_int (b, "windows", n->windows);
      member_num (b, "strength", n->strength);
      if (n->first_date)
        member_str (b, "first_date", n->first_date);
      if (v->has_communities)
        member_int (b, "community", n->community);
      member_str (b, "color", v->has_communities ? eg_style_community_color (n->community)
                                                 : eg_style_for_type (n->type)->fill);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "links");
  json_builder_begin_array (b);
  for (guint i = 0; i < v->edges->len; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      json_builder_begin_object (b);
      member_str (b, "source", eg_view_node (v, e->a)->id);
      member_str (b, "target", eg_view_node (v, e->b)->id);
      member_num (b, "weight", e->weight);
      member_str (b, "kind", eg_edge_kind_name (e->kind));
      member_int (b, "windows", e->windows);
      member_int (b, "docs", e->docs);
      member_num (b, "fractional", e->fractional);
      if (e->first_date)
        member_str (b, "first_date", e->first_date);
      json_builder_set_member_name (b, "evidence");
      json_builder_begin_array (b);
      for (guint k = 0; k < e->n_evidence; k++)
        {
          const EgEvidence *ev = &e->evidence[k];
          json_builder_begin_object (b);
          member_str (b, "doc", ev->doc);
          member_int (b, "paragraph", ev->paragraph);
          member_int (b, "offset", ev->offset);
          member_str (b, "sentence", ev->sentence);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return put (fp, root, TRUE, error);
}

gboolean
eg_write_jsonl (const EgView *v, const EgWriteOptions *o, FILE *fp, GError **error)
{
  for (guint i = 0; i < v->edges->len; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      for (guint k = 0; k < e->n_evidence; k++)
        {
          const EgEvidence *ev = &e->evidence[k];
          g_autoptr (JsonBuilder) b = json_builder_new ();
          json_builder_begin_object (b);
          member_str (b, "source", eg_view_node (v, e->a)->id);
          member_str (b, "target", eg_view_node (v, e->b)->id);
          member_str (b, "kind", eg_edge_kind_name (e->kind));
          member_str (b, "doc", ev->doc);
          member_int (b, "paragraph", ev->paragraph);
          member_int (b, "offset", ev->offset);
          member_str (b, "sentence", ev->sentence);
          json_builder_end_object (b);
          g_autoptr (JsonNode) root = json_builder_get_root (b);
          if (!put (fp, root, TRUE, error))
            return FALSE;
        }
    }
  (void) o;
  return TRUE;
}
