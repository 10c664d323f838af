/* render.c - layout and drawing through gvc (see render.h). */
#include "render.h"

#include <string.h>
#include <glib/gstdio.h>
#include <graphviz/gvc.h>

#include "dot.h"
#include "error.h"
#include "filter.h"
#include "output.h"
#include "style.h"

static const char *const formats[] = { "svg", "png", "pdf", NULL };

/* One gvc context for the life of the process, never freed: Graphviz 2.42's pango plugin
 * caches a pointer to a font name owned by the context that first laid text out, so laying
 * out under a second context reads freed memory (AddressSanitizer shows it on the second
 * drawing of a run). The context stays reachable, so it is no leak. */
static GVC_t *
context (void)
{
  static gsize once = 0;
  static GVC_t *gvc;
  if (g_once_init_enter (&once))
    {
      gvc = gvContext ();
      g_once_init_leave (&once, 1);
    }
  return gvc;
}

gboolean
eg_render_format_known (const char *format)
{
  return format != NULL && g_strv_contains (formats, format);
}

char *
eg_render_svg_titles (const char *svg, gsize len, gsize *out_len)
{
  static const char open_t[] = "<title>", close_t[] = "</title>",
                    link[] = "<a xlink:title=\"";
  GString *out = g_string_sized_new (len + len / 8);
  const char *p = svg, *end = svg + len;
  while (p < end)
    {
      const char *t = g_strstr_len (p, end - p, open_t);
      if (t == NULL)
        break;
      const char *c = g_strstr_len (t, end - t, close_t);
      if (c == NULL)
        break;
      /* The tooltip link of this object, if any, comes before the next object's title. */
      const char *after = c + sizeof close_t - 1;
      const char *next = g_strstr_len (after, end - after, open_t);
      const char *limit = next ? next : end;
      const char *a = g_strstr_len (after, limit - after, link);
      const char *q = a ? memchr (a + sizeof link - 1, '"', limit - (a + sizeof link - 1)) : NULL;
      g_string_append_len (out, p, t + sizeof open_t - 1 - p);
      if (q != NULL)
        g_string_append_len (out, a + sizeof link - 1, q - (a + sizeof link - 1));
      else
        g_string_append_len (out, t + sizeof open_t - 1, c - (t + sizeof open_t - 1));
      p = c;
    }
  g_string_append_len (out, p, end - p);
  *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* Graphviz's warnings ("nodes touch - falling back to straight line edges") would go to
 * stderr; the library never prints, so they are dropped while we lay out and draw. */
static int
quiet (char *message)
{
  (void) message;
  return 0;
}

static void
set (void *obj, const char *name, const char *value)
{
  agsafeset (obj, (char *) name, (char *) value, "");
}

static const char *
shape_word (const char *shape, const char *style)
{
  if (strcmp (shape, "box") == 0)
    return strstr (style, "rounded") ? "rounded box" : "box";
  if (strcmp (shape, "ellipse") == 0)
    return "oval";
  return shape;
}

/* The legend: types present with their colours and shapes, what lines mean, what is
 * shown; an HTML-like label under the graph. */
static void
legend (Agraph_t *g, const EgView *v, const EgWriteOptions *opt, const EgRenderInfo *info)
{
  GString *h = g_string_new ("<table border=\"0\" cellborder=\"1\" cellspacing=\"6\" "
                             "cellpadding=\"5\" color=\"#888888\"><tr>");
  guint n_types, cols = 0;
  const EgTypeStyle *types = eg_style_types (&n_types);
  gboolean other = FALSE;
  for (guint i = 0; i < v->nodes->len; i++)
    other |= eg_style_for_type (eg_view_node (v, i)->type)->type == NULL;
  for (guint k = 0; k <= n_types; k++)
    {
      const EgTypeStyle *st = k < n_types ? &types[k] : eg_style_for_type (NULL);
      gboolean present = FALSE;
      for (guint i = 0; i < v->nodes->len && !present; i++)
        present = k < n_types ? strcmp (eg_view_node (v, i)->type, st->type) == 0 : other;
      if (!present)
        continue;
      gboolean by_type = !v->has_communities || (opt && opt->clusters);
      g_string_append_printf (h, "<td bgcolor=\"%s\" color=\"%s\">%s (%s)</td>",
                              by_type ? st->fill : "#ffffff", st->border, st->name,
                              shape_word (st->shape, st->style));
      cols++;
    }
  if (cols == 0)
    cols = 1, g_string_append (h, "<td border=\"0\"> </td>");
  g_string_append (h, "</tr>");
  GString *line = g_string_new (NULL);
  g_string_append_printf (line, "line width and darkness: %s weight",
                          eg_weight_name (v->weight));
  gboolean header = FALSE;
  for (guint i = 0; i < v->edges->len && !header; i++)
    header = eg_view_edge (v, i)->kind != EG_EDGE_COOCCURRENCE;
  if (header)
    g_string_append (line, "; dashed: cable signer or origin post");
  if (v->has_communities)
    g_string_append_printf (line, opt && opt->clusters ? "; boxes: %u communities"
                                                       : "; fill colour: %u communities",
                            v->n_communities);
  g_string_append_printf (h, "<tr><td colspan=\"%u\" border=\"0\">%s</td></tr>", cols,
                          line->str);
  g_string_free (line, TRUE);
  const char *docs = eg_view_get_attr (v, "documents");
  const char *window = eg_view_get_attr (v, "window");
  g_string_append_printf (h, "<tr><td colspan=\"%u\" border=\"0\">", cols);
  if (info->nodes < info->nodes_total || info->edges < info->edges_total)
    g_string_append_printf (h, "<b>shown: the %u of %u entities of largest weighted degree and "
                               "the %u heaviest of %u links</b>",
                            info->nodes, info->nodes_total, info->edges, info->edges_total);
  else
    g_string_append_printf (h, "%u entities, %u links", info->nodes, info->edges);
  if (docs)
    g_string_append_printf (h, " from %s document%s", docs, strcmp (docs, "1") ? "s" : "");
  if (window)
    g_string_append_printf (h, ", linked by %s", window);
  g_string_append (h, "</td></tr></table>");
  char *html = agstrdup_html (g, h->str);
  Agsym_t *sym = agattr (g, AGRAPH, "label", "");
  agxset (g, sym, html);
  agstrfree (g, html);
  g_string_free (h, TRUE);
}

static gboolean
write_svg (GVC_t *gvc, Agraph_t *g, const char *path, GError **error)
{
  char *data = NULL;
  unsigned int len = 0;
  if (gvRenderData (gvc, g, "svg", &data, &len) != 0 || data == NULL)
    {
      gvFreeRenderData (data);
      g_set_error (error, EG_ERROR, EG_ERROR_GRAPHVIZ, "%s: Graphviz could not render svg",
                   path);
      return FALSE;
    }
  gsize n = 0;
  g_autofree char *svg = eg_render_svg_titles (data, len, &n);
  gvFreeRenderData (data);
  EgOutput o;
  FILE *fp = eg_output_open (&o, path, error);
  if (fp == NULL)
    return FALSE;
  if (fwrite (svg, 1, n, fp) != n)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: write failed", path);
      eg_output_abort (&o);
      return FALSE;
    }
  return eg_output_commit (&o, error);
}

static gboolean
write_file (GVC_t *gvc, Agraph_t *g, const char *format, const char *path, GError **error)
{
  /* (a device or a pipe is drawn into as it is: no temp file beside it) */
  g_autofree char *target = eg_output_target (path);
  g_autofree char *tmp = target ? eg_output_temp_beside (target, error) : NULL;
  if (target && tmp == NULL)
    return FALSE;
  if (gvRenderFilename (gvc, g, format, tmp ? tmp : path) != 0)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_GRAPHVIZ, "%s: Graphviz could not render %s",
                   path, format);
      if (tmp)
        g_unlink (tmp);
      return FALSE;
    }
  return tmp == NULL || eg_output_rename (tmp, target, error);
}

gboolean
eg_render (const EgView *v, const EgWriteOptions *opt, const char *format, const char *path,
           EgRenderInfo *info, GError **error)
{
  EgRenderInfo local;
  if (info == NULL)
    info = &local;
  if (!eg_render_format_known (format))
    {
      g_set_error (error, EG_ERROR, EG_ERROR_FORMAT,
                   "unknown render format \"%s\" (svg, png or pdf)", format);
      return FALSE;
    }
  info->nodes_total = v->nodes->len;
  info->edges_total = v->edges->len;
  g_autoptr (EgView) capped = NULL;
  const EgView *draw = v;
  if (v->nodes->len > EG_RENDER_MAX_NODES || v->edges->len > EG_RENDER_MAX_EDGES)
    {
      capped = eg_view_copy (v);
      EgFilter f = { .top_nodes = EG_RENDER_MAX_NODES, .top_edges = EG_RENDER_MAX_EDGES,
                     .no_isolated = TRUE };
      eg_filter_apply (capped, &f, NULL);
      draw = capped;
    }
  info->nodes = draw->nodes->len;
  info->edges = draw->edges->len;
  gboolean clusters = opt && opt->clusters && draw->has_communities;
  info->engine = draw->nodes->len > EG_RENDER_NEATO_MAX ? "sfdp" : clusters ? "fdp" : "neato";

  Agraph_t *g = eg_dot_build (draw, opt);
  set (g, "overlap", "prism");
  set (g, "overlap_scaling", "-4");
  set (g, "sep", "+6");
  /* Spline routing around nodes is slow with hubs (minutes at 300 edges): small graphs only. */
  set (g, "splines", draw->edges->len <= 200 ? "true" : "false");
  set (g, "outputorder", "edgesfirst");
  set (g, "fontname", "Helvetica");
  char legend_size[16];
  g_snprintf (legend_size, sizeof legend_size, "%u", MIN (12 + draw->nodes->len / 8, 30));
  set (g, "fontsize", legend_size);
  set (g, "labelloc", "b");
  set (g, "pad", "0.3");
  set (g, "bgcolor", "white");
  if (strcmp (info->engine, "neato") == 0)
    set (g, "model", "subset");
  if (strcmp (info->engine, "fdp") == 0)
    {
      /* fdp removes overlaps only between clusters: longer springs keep the nodes inside a
       * cluster apart, and straight lines read better among boxes than routed splines. */
      set (g, "K", "1.2");
      set (g, "splines", "false");
    }
  for (Agraph_t *sub = agfstsubg (g); sub; sub = agnxtsubg (sub))
    set (sub, "fontname", "Helvetica");
  agattr (g, AGNODE, "fontname", "Helvetica");
  agattr (g, AGNODE, "margin", "0.06,0.03");
  agattr (g, AGNODE, "penwidth", "1.2");
  agattr (g, AGEDGE, "arrowhead", "none");
  /* Layout springs follow the edge's emphasis, never a negative weight. */
  Agsym_t *w = agattr (g, AGEDGE, "weight", "1");
  Agsym_t *len = agattr (g, AGEDGE, "len", "1.3");
  for (Agnode_t *n = agfstnode (g); n; n = agnxtnode (g, n))
    for (Agedge_t *e = agfstout (g, n); e; e = agnxtout (g, e))
      {
        char buf[16];
        double tw = 0.5;
        char *pen = agget (e, "penwidth");
        if (pen)
          tw = (g_ascii_strtod (pen, NULL) - 0.6) / 5.4;
        g_snprintf (buf, sizeof buf, "%.2f", 1 + 4 * tw);
        agxset (e, w, buf);
        g_snprintf (buf, sizeof buf, "%.2f", 1.2 - 0.5 * tw);
        agxset (e, len, buf);
      }
  legend (g, draw, opt, info);

  GVC_t *gvc = context ();
  gboolean ok = FALSE;
  agusererrf old_errf = agseterrf (quiet);
  if (gvLayout (gvc, g, info->engine) != 0)
    g_set_error (error, EG_ERROR, EG_ERROR_GRAPHVIZ, "%s: Graphviz %s layout failed", path,
                 info->engine);
  else
    {
      ok = strcmp (format, "svg") == 0 ? write_svg (gvc, g, path, error)
                                       : write_file (gvc, g, format, path, error);
      gvFreeLayout (gvc, g);
    }
  agclose (g);
  agseterrf (old_errf);
  return ok;
}
