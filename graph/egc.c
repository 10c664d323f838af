/* egc.c - the partial-count format (see egc.h and EGC.md). */
#include "egc.h"

#include <errno.h>
#include <string.h>

#include "error.h"
#include "write.h"

/* Appends @s escaped: backslash, tab, line feed and carriage return as \\ \t \n \r. Runs
 * without them are copied whole (evidence sentences are most of a partial-count file). */
static void
put (GString *out, const char *s)
{
  for (const char *p = s ? s : "";;)
    {
      const char *q = p + strcspn (p, "\\\t\n\r"); /* (16 bytes a step: sentences are long) */
      eg_write_put (out, p, (gsize) (q - p));
      switch (*q)
        {
        case '\0': return;
        case '\\': PUT_LITERAL (out, "\\\\"); break;
        case '\t': PUT_LITERAL (out, "\\t"); break;
        case '\n': PUT_LITERAL (out, "\\n"); break;
        default: PUT_LITERAL (out, "\\r"); break;
        }
      p = q + 1;
    }
}

static const char *
node_id (const EgCooc *c, guint32 i)
{
  return ((const EgNode *) g_ptr_array_index (c->nodes, i))->id;
}

/* The file is made in pieces of about this size, each written when full: its memory does
 * not grow with the counts (a file from the whole corpus is over a hundred megabytes). */
#define CHUNK (1u << 20)

typedef struct {
  GString *out;
  FILE *fp;
  int err; /* the first write error's errno; 0: none */
} Writer;

static void
flush (Writer *w, gboolean all)
{
  if (!all && w->out->len < CHUNK)
    return;
  if (w->err == 0 && w->out->len > 0 && fwrite (w->out->str, 1, w->out->len, w->fp) != w->out->len)
    w->err = errno ? errno : EIO;
  g_string_truncate (w->out, 0);
}

gboolean
eg_egc_write (const EgCooc *c, FILE *fp, const char *name, GError **error)
{
  Writer w = { g_string_sized_new (CHUNK + (1u << 16)), fp, 0 };
  GString *out = w.out;
  g_string_append_printf (out, "EGC\t%d\tlevel\t%s\tevidence_cap\t%u\n", EG_EGC_VERSION,
                          eg_level_name (c->level), c->evidence_cap);
  g_string_append_printf (out, "T\t%u\t%u\t%u\t%u\t%" G_GUINT64_FORMAT "\n", c->n_docs,
                          c->n_windows, c->n_mentions, c->capped_windows, c->dropped_pairs);
  g_autoptr (GPtrArray) nodes = eg_cooc_sorted_nodes (c);
  for (guint i = 0; i < nodes->len; i++)
    {
      const EgNode *n = g_ptr_array_index (nodes, i);
      PUT_LITERAL (out, "N\t");
      put (out, n->id);
      PUT_LITERAL (out, "\t");
      put (out, n->type);
      PUT_LITERAL (out, "\t");
      put (out, n->label);
      PUT_LITERAL (out, "\t");
      eg_write_put_uint (out, n->mentions);
      PUT_LITERAL (out, "\t");
      eg_write_put_uint (out, n->docs);
      PUT_LITERAL (out, "\t");
      eg_write_put_uint (out, n->windows);
      PUT_LITERAL (out, "\t");
      put (out, n->first_date);
      PUT_LITERAL (out, "\n");
      flush (&w, FALSE);
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
            PUT_LITERAL (out, "E\t");
            put (out, a);
            PUT_LITERAL (out, "\t");
            put (out, b);
            PUT_LITERAL (out, "\t");
            eg_write_put_uint (out, e->windows);
            PUT_LITERAL (out, "\t");
            eg_write_put_uint (out, e->docs);
            PUT_LITERAL (out, "\t");
            eg_write_put_uint (out, e->fractional);
            PUT_LITERAL (out, "\t");
            put (out, e->first_date);
            PUT_LITERAL (out, "\n");
            flush (&w, FALSE);
            continue;
          }
        for (guint k = 0; k < e->n_evidence; k++)
          {
            const EgEvidence *ev = &e->evidence[k];
            PUT_LITERAL (out, "V\t");
            put (out, a);
            PUT_LITERAL (out, "\t");
            put (out, b);
            PUT_LITERAL (out, "\t");
            put (out, ev->doc);
            PUT_LITERAL (out, "\t");
            eg_write_put_uint (out, ev->offset);
            PUT_LITERAL (out, "\t");
            eg_write_put_uint (out, ev->paragraph);
            PUT_LITERAL (out, "\t");
            put (out, ev->sentence);
            PUT_LITERAL (out, "\n");
          }
        flush (&w, FALSE);
      }
  flush (&w, TRUE);
  g_string_free (out, TRUE);
  if (w.err != 0)
    g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", name, g_strerror (w.err));
  return w.err == 0;
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
      p += strcspn (p, "\t\\"); /* the plain run: to the end, a tab or a backslash */
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

/* A count: decimal digits only (no sign, no space), at most G_MAXUINT64. */
static gboolean
number (const char *s, guint64 *out)
{
  guint64 v = 0;
  const char *p = s;
  for (; (guchar) (*p - '0') < 10; p++)
    {
      guint d = (guint) (*p - '0');
      if (v > (G_MAXUINT64 - d) / 10)
        return FALSE;
      v = v * 10 + d;
    }
  if (p == s || *p != '\0')
    return FALSE;
  *out = v;
  return TRUE;
}

/* Is [s, s + len) valid UTF-8? ASCII, nearly every line, is checked eight bytes at a time. */
static gboolean
valid_utf8 (const char *s, gsize len)
{
  gsize i = 0;
  for (; i + 8 <= len; i += 8)
    {
      guint64 w;
      memcpy (&w, s + i, 8);
      if (w & 0x8080808080808080u)
        break;
    }
  for (; i < len && (guchar) s[i] < 0x80; i++)
    ;
  return i == len || g_utf8_validate_len (s + i, len - i, NULL);
}

/* The node of id @id, remembering the last id asked in @slot: the lines of one edge, and the
 * edges of one node, come together. 0: none; else the node's index + 1. */
typedef struct {
  const char *id; /* in the file's text */
  guint node;
} IdCache;

static guint
node_by_id (const EgCooc *c, IdCache *slot, const char *id)
{
  if (slot->id != NULL && strcmp (slot->id, id) == 0)
    return slot->node;
  slot->id = id;
  slot->node = GPOINTER_TO_UINT (g_hash_table_lookup (c->node_by_id, id));
  return slot->node;
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
      gsize ll = (gsize) ((nl ? nl : end) - line); /* (no NUL in the text) */
      if (ll > 0 && line[ll - 1] == '\r')
        line[--ll] = '\0';
      if (ll == 0)
        continue;
      if (!valid_utf8 (line, ll))
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
  IdCache ida = { NULL, 0 }, idb = { NULL, 0 };
  EgEdge *e = NULL;
  for (guint i = 0; i < pending->len; i++)
    {
      Pending *pd = &g_array_index (pending, Pending, i);
      char *f[9];
      guint n = split (pd->line, f, 9);
      guint a0 = ida.node, b0 = idb.node;
      guint a = node_by_id (c, &ida, f[1]);
      guint b = n > 2 ? node_by_id (c, &idb, f[2]) : 0;
      if (a == 0 || b == 0 || a == b)
        return bad_line (path, pd->lineno, "a pair of ids without their N lines", error);
      if (e == NULL || a != a0 || b != b0)
        e = eg_cooc_edge (c, a - 1, b - 1);
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
