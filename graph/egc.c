/* egc.c - the partial-count format (see egc.h and EGC.md). */
#include "egc.h"

#include <errno.h>
#include <string.h>

#include "error.h"

static void
put (GString *out, const char *s)
{
  /* Runs without a character to escape are copied whole (evidence sentences are most of a
   * partial-count file, and byte by byte appends were a sixth of a count run). */
  for (const char *p = s ? s : "";;)
    {
      gsize run = strcspn (p, "\\\t\n\r");
      g_string_append_len (out, p, (gssize) run);
      p += run;
      switch (*p)
        {
        case '\0': return;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        default: g_string_append (out, "\\r"); break;
        }
      p++;
    }
}

static const char *
node_id (const EgCooc *c, guint32 i)
{
  return ((const EgNode *) g_ptr_array_index (c->nodes, i))->id;
}

gboolean
eg_egc_write (const EgCooc *c, FILE *fp, const char *name, GError **error)
{
  GString *out = g_string_sized_new (1 << 16);
  g_string_append_printf (out, "EGC\t%d\tlevel\t%s\tevidence_cap\t%u\n", EG_EGC_VERSION,
                          eg_level_name (c->level), c->evidence_cap);
  g_string_append_printf (out, "T\t%u\t%u\t%u\t%u\t%" G_GUINT64_FORMAT "\n", c->n_docs,
                          c->n_windows, c->n_mentions, c->capped_windows, c->dropped_pairs);
  g_autoptr (GPtrArray) nodes = eg_cooc_sorted_nodes (c);
  for (guint i = 0; i < nodes->len; i++)
    {
      const EgNode *n = g_ptr_array_index (nodes, i);
      g_string_append (out, "N\t");
      put (out, n->id);
      g_string_append_c (out, '\t');
      put (out, n->type);
      g_string_append_c (out, '\t');
      put (out, n->label);
      g_string_append_printf (out, "\t%u\t%u\t%u\t", n->mentions, n->docs, n->windows);
      put (out, n->first_date);
      g_string_append_c (out, '\n');
    }
  g_autoptr (GPtrArray) edges = eg_cooc_sorted_edges (c);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < edges->len; i++)
      {
        const EgEdge *e = g_ptr_array_index (edges, i);
        const char *a = node_id (c, e->a), *b = node_id (c, e->b);
        if (strcmp (a, b) > 0)
          {
            const char *t = a;
            a = b;
            b = t;
          }
        if (pass == 0)
          {
            g_string_append (out, "E\t");
            put (out, a);
            g_string_append_c (out, '\t');
            put (out, b);
            g_string_append_printf (out, "\t%u\t%u\t%" G_GUINT64_FORMAT "\t", e->windows,
                                    e->docs, e->fractional);
            put (out, e->first_date);
            g_string_append_c (out, '\n');
            continue;
          }
        for (guint k = 0; k < e->n_evidence; k++)
          {
            const EgEvidence *ev = &e->evidence[k];
            g_string_append (out, "V\t");
            put (out, a);
            g_string_append_c (out, '\t');
            put (out, b);
            g_string_append_c (out, '\t');
            put (out, ev->doc);
            g_string_append_printf (out, "\t%u\t%u\t", ev->offset, ev->paragraph);
            put (out, ev->sentence);
            g_string_append_c (out, '\n');
          }
      }
  gboolean ok = fwrite (out->str, 1, out->len, fp) == out->len;
  int err = errno;
  g_string_free (out, TRUE);
  if (!ok)
    g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", name, g_strerror (err));
  return ok;
}

/* Splits @line in place into at most @max fields, unescaping them. Returns the count. */
static guint
split (char *line, char **fields, guint max)
{
  guint n = 0;
  char *p = line;
  while (n < max)
    {
      fields[n++] = p;
      char *w = p;
      while (*p && *p != '\t')
        {
          if (*p == '\\' && p[1])
            {
              p++;
              *w++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p;
              p++;
            }
          else
            *w++ = *p++;
        }
      gboolean more = *p == '\t';
      *w = '\0';
      if (!more)
        break;
      p++;
    }
  return n;
}

static gboolean
number (const char *s, guint64 *out)
{
  return g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT64, out, NULL);
}

/* Edge and evidence lines wait until every node line of the file has been read. */
typedef struct {
  char *line;
  guint lineno;
} Pending;

static gboolean
header (const char *path, guint lineno, char **f, guint n, EgLevel *level, guint *cap,
        GError **error)
{
  guint64 v, c;
  if (n != 6 || strcmp (f[0], "EGC") != 0 || strcmp (f[2], "level") != 0
      || strcmp (f[4], "evidence_cap") != 0 || !number (f[1], &v) || !number (f[5], &c))
    {
      g_set_error (error, EG_ERROR, EG_ERROR_FORMAT,
                   "%s:%u: not an entgraph partial-count file (the first line must be "
                   "EGC<TAB>version<TAB>level<TAB>...)", path, lineno);
      return FALSE;
    }
  if (v != EG_EGC_VERSION)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_FORMAT,
                   "%s:%u: format version %" G_GUINT64_FORMAT " (this entgraph reads %d)",
                   path, lineno, v, EG_EGC_VERSION);
      return FALSE;
    }
  if (!eg_level_parse (f[3], level))
    {
      g_set_error (error, EG_ERROR, EG_ERROR_FORMAT, "%s:%u: unknown window level \"%s\"",
                   path, lineno, f[3]);
      return FALSE;
    }
  *cap = (guint) MIN (c, G_MAXUINT);
  return TRUE;
}

static gboolean
read_all (const char *path, char **text, gsize *len, GError **error)
{
  g_autoptr (GError) local = NULL;
  if (strcmp (path, "-") == 0)
    {
      g_autoptr (GIOChannel) ch = g_io_channel_unix_new (0);
      g_io_channel_set_encoding (ch, NULL, NULL);
      if (g_io_channel_read_to_end (ch, text, len, &local) != G_IO_STATUS_NORMAL)
        {
          g_set_error (error, EG_ERROR, EG_ERROR_IO, "standard input: %s",
                       local ? local->message : "read error");
          return FALSE;
        }
      return TRUE;
    }
  if (!g_file_get_contents (path, text, len, &local))
    {
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
eg_egc_peek (const char *path, EgLevel *level, guint *evidence_cap, GError **error)
{
  FILE *fp = fopen (path, "r");
  if (fp == NULL)
    {
      int err = errno;
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", path, g_strerror (err));
      return FALSE;
    }
  char buf[256];
  gboolean ok = fgets (buf, sizeof buf, fp) != NULL;
  fclose (fp);
  if (!ok)
    buf[0] = '\0';
  buf[strcspn (buf, "\r\n")] = '\0';
  char *f[9];
  guint n = split (buf, f, 9);
  return header (path, 1, f, n, level, evidence_cap, error);
}

static gboolean
bad_line (const char *path, guint lineno, const char *what, GError **error)
{
  g_set_error (error, EG_ERROR, EG_ERROR_FORMAT, "%s:%u: %s", path, lineno, what);
  return FALSE;
}

gboolean
eg_egc_read (EgCooc *c, const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  if (!read_all (path, &text, &len, error))
    return FALSE;
  if (memchr (text, '\0', len) != NULL)
    return bad_line (path, 1, "NUL byte: not a partial-count file", error);
  g_autoptr (GArray) pending = g_array_new (FALSE, FALSE, sizeof (Pending));
  g_autoptr (GArray) lines = g_array_new (FALSE, FALSE, sizeof (Pending));
  char *p = text, *end = text + len;
  guint lineno = 0;
  gboolean seen_header = FALSE;
  /* First the header lines, wherever they are: `sort` puts "E\t" lines before "EGC". */
  while (p < end)
    {
      char *nl = memchr (p, '\n', (gsize) (end - p));
      char *line = p;
      if (nl)
        *nl = '\0';
      p = nl ? nl + 1 : end;
      lineno++;
      gsize ll = strlen (line);
      if (ll > 0 && line[ll - 1] == '\r')
        line[--ll] = '\0';
      if (ll == 0)
        continue;
      if (!g_utf8_validate (line, (gssize) ll, NULL))
        return bad_line (path, lineno, "invalid UTF-8", error);
      if (g_str_has_prefix (line, "EGC\t"))
        {
          char *f[9];
          EgLevel level;
          guint cap;
          guint n = split (line, f, 9);
          if (!header (path, lineno, f, n, &level, &cap, error))
            return FALSE;
          if (level != c->level)
            {
              g_set_error (error, EG_ERROR, EG_ERROR_FORMAT,
                           "%s:%u: counts by %s cannot be added to counts by %s", path,
                           lineno, eg_level_name (level), eg_level_name (c->level));
              return FALSE;
            }
          seen_header = TRUE;
          continue;
        }
      Pending pd = { line, lineno };
      g_array_append_val (lines, pd);
    }
  if (!seen_header)
    return bad_line (path, lines->len ? g_array_index (lines, Pending, 0).lineno : 1,
                     lines->len ? "not an entgraph partial-count file (no EGC header line)"
                                : "empty: not a partial-count file",
                     error);
  for (guint li = 0; li < lines->len; li++)
    {
      char *line = g_array_index (lines, Pending, li).line;
      lineno = g_array_index (lines, Pending, li).lineno;
      char *f[9];
      if ((line[0] == 'E' || line[0] == 'V') && line[1] == '\t')
        {
          Pending pd = { line, lineno };
          g_array_append_val (pending, pd);
          continue;
        }
      guint n = split (line, f, 9);
      guint64 v[4];
      if (strcmp (f[0], "T") == 0)
        {
          guint64 dropped = 0;
          if ((n != 5 && n != 6) || !number (f[1], &v[0]) || !number (f[2], &v[1])
              || !number (f[3], &v[2]) || !number (f[4], &v[3])
              || (n == 6 && !number (f[5], &dropped)))
            return bad_line (path, lineno,
                             "T wants documents, windows, mentions, capped, dropped pairs",
                             error);
          c->dropped_pairs += dropped;
          c->n_docs += (guint) v[0];
          c->n_windows += (guint) v[1];
          c->n_mentions += (guint) v[2];
          c->capped_windows += (guint) v[3];
        }
      else if (strcmp (f[0], "N") == 0)
        {
          if (n != 8 || !*f[1] || !*f[2] || !number (f[4], &v[0]) || !number (f[5], &v[1])
              || !number (f[6], &v[2]))
            return bad_line (path, lineno,
                             "N wants id, type, label, mentions, docs, windows, first_date",
                             error);
          EgNode *node = eg_cooc_node (c, f[1], f[2], f[3], NULL);
          node->mentions += (guint) v[0];
          node->docs += (guint) v[1];
          node->windows += (guint) v[2];
          eg_cooc_keep_earlier (&node->first_date, *f[7] ? f[7] : NULL);
        }
      else
        return bad_line (path, lineno, "unknown record (EGC, T, N, E or V)", error);
    }
  for (guint i = 0; i < pending->len; i++)
    {
      Pending *pd = &g_array_index (pending, Pending, i);
      char *f[9];
      guint n = split (pd->line, f, 9);
      guint a = GPOINTER_TO_UINT (g_hash_table_lookup (c->node_by_id, f[1]));
      guint b = n > 2 ? GPOINTER_TO_UINT (g_hash_table_lookup (c->node_by_id, f[2])) : 0;
      if (a == 0 || b == 0 || a == b)
        return bad_line (path, pd->lineno, "a pair of ids without their N lines", error);
      EgEdge *e = eg_cooc_edge (c, a - 1, b - 1);
      guint64 v[3];
      if (f[0][0] == 'E')
        {
          if (n != 7 || !number (f[3], &v[0]) || !number (f[4], &v[1]) || !number (f[5], &v[2]))
            return bad_line (path, pd->lineno,
                             "E wants id_a, id_b, windows, docs, fractional, first_date", error);
          e->windows += (guint) v[0];
          e->docs += (guint) v[1];
          e->fractional += v[2];
          eg_cooc_keep_earlier (&e->first_date, *f[6] ? f[6] : NULL);
        }
      else
        {
          if (n != 7 || !*f[3] || !number (f[4], &v[0]) || !number (f[5], &v[1]))
            return bad_line (path, pd->lineno,
                             "V wants id_a, id_b, doc, offset, paragraph, sentence", error);
          eg_cooc_offer_evidence (c, e, f[3], (guint32) v[0], (guint) v[1], f[6]);
        }
    }
  return TRUE;
}
