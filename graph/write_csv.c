/* write_csv.c - nodes and edges as two RFC 4180 files (see write.h): a header line, CRLF
 * line ends, a field quoted when it holds a comma, a quote, CR or LF, quotes doubled. */
#include "write.h"

#include <errno.h>
#include <string.h>

#include "error.h"

static void
field (GString *s, const char *value, gboolean last)
{
  g_autofree char *clean = eg_write_clean (value);
  if (strpbrk (clean, ",\"\r\n") != NULL)
    {
      g_string_append_c (s, '"');
      for (const char *p = clean; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (s, '"');
          g_string_append_c (s, *p);
        }
      g_string_append_c (s, '"');
    }
  else
    g_string_append (s, clean);
  g_string_append (s, last ? "\r\n" : ",");
}

static void
field_uint (GString *s, guint value)
{
  g_string_append_printf (s, "%u,", value);
}

static void
field_num (GString *s, double value, gboolean last)
{
  char buf[EG_WEIGHT_BUF];
  field (s, eg_weight_format (buf, value), last);
}

static gboolean
flush (GString *s, FILE *fp, GError **error)
{
  if (fwrite (s->str, 1, s->len, fp) != s->len)
    {
      int err = errno;
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s", g_strerror (err));
      return FALSE;
    }
  g_string_truncate (s, 0);
  return TRUE;
}

gboolean
eg_write_csv_nodes (const EgView *v, FILE *fp, GError **error)
{
  g_autoptr (GString) s = g_string_new (NULL);
  g_string_append (s, "id,label,type,mentions,docs,windows,strength,first_date");
  g_string_append (s, v->has_communities ? ",community\r\n" : "\r\n");
  for (guint i = 0; i < v->nodes->len; i++)
    {
      const EgViewNode *n = eg_view_node (v, i);
      field (s, n->id, FALSE);
      field (s, n->label, FALSE);
      field (s, n->type, FALSE);
      field_uint (s, n->mentions);
      field_uint (s, n->docs);
      field_uint (s, n->windows);
      field_num (s, n->strength, FALSE);
      field (s, n->first_date, !v->has_communities);
      if (v->has_communities)
        g_string_append_printf (s, "%d\r\n", n->community);
      if (s->len > 1 << 16 && !flush (s, fp, error))
        return FALSE;
    }
  return flush (s, fp, error);
}

gboolean
eg_write_csv_edges (const EgView *v, FILE *fp, GError **error)
{
  g_autoptr (GString) s = g_string_new (NULL);
  g_string_append (s, "source,target,weight,kind,windows,docs,fractional,first_date,evidence\r\n");
  for (guint i = 0; i < v->edges->len; i++)
    {
      const EgViewEdge *e = eg_view_edge (v, i);
      field (s, eg_view_node (v, e->a)->id, FALSE);
      field (s, eg_view_node (v, e->b)->id, FALSE);
      field_num (s, e->weight, FALSE);
      field (s, eg_edge_kind_name (e->kind), FALSE);
      field_uint (s, e->windows);
      field_uint (s, e->docs);
      field_num (s, e->fractional, FALSE);
      field (s, e->first_date, FALSE);
      g_autofree char *ev = eg_write_evidence_text (e, G_MAXUINT);
      field (s, ev, TRUE);
      if (s->len > 1 << 16 && !flush (s, fp, error))
        return FALSE;
    }
  return flush (s, fp, error);
}
