/* render.c - layout and drawing through gvc (see render.h). */
#include "render.h"

#include <string.h>
#include <glib/gstdio.h>
#include <graphviz/gvc.h>

#include "error.h"
#include "output.h"

static const char *const formats[] = { "svg", "png", "pdf", NULL };

gboolean
eg_render_format_known (const char *format)
{
  return format != NULL && g_strv_contains (formats, format);
}

gboolean
eg_render (const EgCooc *c, const EgDotOptions *opt, const char *format, const char *path,
           GError **error)
{
  if (!eg_render_format_known (format))
    {
      g_set_error (error, EG_ERROR, EG_ERROR_FORMAT,
                   "unknown render format \"%s\" (svg, png or pdf)", format);
      return FALSE;
    }
  if (c->nodes->len > EG_RENDER_MAX_NODES)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_TOO_LARGE,
                   "%s: %u nodes are too many to draw (at most %d); prune the graph first",
                   path, c->nodes->len, EG_RENDER_MAX_NODES);
      return FALSE;
    }
  Agraph_t *g = eg_dot_build (c, opt);
  const char *engine = agnnodes (g) <= EG_RENDER_NEATO_MAX ? "neato" : "sfdp";
  agsafeset (g, "overlap", "false", "");
  agsafeset (g, "splines", "true", "");
  agsafeset (g, "outputorder", "edgesfirst", "");
  agsafeset (g, "fontname", "Helvetica", "");
  agattr (g, AGNODE, "fontname", "Helvetica");
  agattr (g, AGNODE, "fontsize", "11");
  agattr (g, AGEDGE, "color", "#00000066");

  GVC_t *gvc = gvContext ();
  g_autofree char *tmp = NULL;
  gboolean ok = FALSE;
  if (gvLayout (gvc, g, engine) != 0)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_GRAPHVIZ, "%s: Graphviz %s layout failed", path,
                   engine);
      goto out;
    }
  tmp = eg_output_temp_beside (path, error);
  if (tmp == NULL)
    {
      gvFreeLayout (gvc, g);
      goto out;
    }
  if (gvRenderFilename (gvc, g, format, tmp) != 0)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_GRAPHVIZ, "%s: Graphviz could not render %s",
                   path, format);
      g_unlink (tmp);
      gvFreeLayout (gvc, g);
      goto out;
    }
  gvFreeLayout (gvc, g);
  ok = eg_output_rename (tmp, path, error);
out:
  agclose (g);
  gvFreeContext (gvc);
  return ok;
}
