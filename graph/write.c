/* write.c - format names, dispatch and shared helpers of the writers (see write.h). */
#include "write.h"

#include <string.h>

#include "dot.h"
#include "error.h"
#include "output.h"

static const struct {
  const char *name, *ext;
} formats[] = {
  [EG_FORMAT_DOT] = { "dot", "dot" },     [EG_FORMAT_GRAPHML] = { "graphml", "graphml" },
  [EG_FORMAT_GEXF] = { "gexf", "gexf" },  [EG_FORMAT_JSON] = { "json", "json" },
  [EG_FORMAT_CSV] = { "csv", "csv" },     [EG_FORMAT_JSONL] = { "jsonl", "jsonl" },
};

gboolean
eg_format_parse (const char *s, EgFormat *out)
{
  if (s == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (s, "gv") == 0)
    {
      *out = EG_FORMAT_DOT;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (s, formats[i].name) == 0)
      {
        *out = (EgFormat) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
eg_format_from_path (const char *path, EgFormat *out)
{
  const char *slash = strrchr (path, '/');
  const char *dot = strrchr (path, '.');
  if (dot == NULL || (slash && dot < slash))
    return FALSE;
  return eg_format_parse (dot + 1, out);
}

const char *
eg_format_name (EgFormat f)
{
  return (guint) f < G_N_ELEMENTS (formats) ? formats[f].name : "unknown";
}

const char *
eg_format_extension (EgFormat f)
{
  return (guint) f < G_N_ELEMENTS (formats) ? formats[f].ext : "out";
}

/* Characters replaced by U+FFFD: C0 controls but tab and newline, DEL, C1 controls and
 * the noncharacters U+FFFE and U+FFFF. */
static inline gboolean
unwritable (gunichar ch)
{
  return (ch < 0x20 && ch != '\t' && ch != '\n') || ch == 0x7f || (ch >= 0x80 && ch < 0xa0)
         || ch == 0xfffe || ch == 0xffff;
}

#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* The bytes of @w that are not printable ASCII other than the byte repeated in @escs, as
 * their high bits. Each term sets a byte's high bit for a byte at or above 0x80 (w), below
 * 0x20, equal to DEL or equal to the escape. A subtraction borrows only out of such a byte,
 * so the lowest bit set is exact (later ones may not be). An @escs of 0 looks for NUL,
 * which a C string has not. */
static inline guint64
unplain8 (guint64 w, guint64 escs)
{
  return (w | (w - 0x20 * ONES) | ((w ^ 0x7f * ONES) - ONES) | ((w ^ escs) - ONES)) & HIGHS;
}

static inline gboolean
is_cont (guchar c)
{
  return (c & 0xc0) == 0x80;
}

void
eg_write_escape_append (GString *out, const char *s, gsize len, char escape)
{
  const guint64 escs = ONES * (guchar) escape;
  const char *run = s; /* start of the bytes not yet copied, all of them writable */
  const char *p = s, *end = s + len;
  while (p < end)
    {
      /* the common case, printable ASCII, a word at a time, then straight to the first
       * byte that is not */
      if (end - p >= 8)
        {
          guint64 w;
          memcpy (&w, p, 8);
          guint64 odd = unplain8 (w, escs);
          if (odd == 0)
            {
              p += 8;
              continue;
            }
          p += (guint) __builtin_ctzll (odd) >> 3;
        }
      guchar c = (guchar) *p;
      if (c >= 0x20 && c < 0x7f && c != (guchar) escape)
        {
          p++;
          continue;
        }
      gunichar ch = c;
      const char *next = p + 1;
      gboolean bad;
      if (c < 0x80)
        bad = unwritable (ch);
      else if (c >= 0xc2 && c <= 0xdf && end - p >= 2 && is_cont (p[1]))
        {
          /* two bytes: U+0080 .. U+07FF, of which U+0080 .. U+009F are C1 controls */
          next = p + 2;
          bad = c == 0xc2 && (guchar) p[1] < 0xa0;
        }
      else if (c >= 0xe1 && c <= 0xec && end - p >= 3 && is_cont (p[1]) && is_cont (p[2]))
        next = p + 3, bad = FALSE; /* U+1000 .. U+CFFF: no controls, no surrogates */
      else
        {
          ch = g_utf8_get_char_validated (p, end - p);
          /* Broken UTF-8, rare: each bad byte becomes U+FFFD, as g_utf8_make_valid() does */
          bad = ch == (gunichar) -1 || ch == (gunichar) -2 || unwritable (ch);
          if (ch != (gunichar) -1 && ch != (gunichar) -2)
            next = g_utf8_next_char (p);
        }
      if (!bad && !(escape && c == (guchar) escape))
        {
          p = next;
          continue;
        }
      eg_write_put (out, run, (gsize) (p - run));
      if (bad)
        eg_write_put (out, "\xEF\xBF\xBD", 3);
      else
        {
          char twice[2] = { escape, escape };
          eg_write_put (out, twice, 2);
        }
      p = next;
      run = p;
    }
  eg_write_put (out, run, (gsize) (p - run));
}

char *
eg_write_clean_escaping (const char *s, char escape)
{
  if (s == NULL)
    return g_strdup ("");
  gsize len = strlen (s);
  GString *out = g_string_sized_new (len + 8);
  eg_write_escape_append (out, s, len, escape);
  return g_string_free (out, FALSE);
}

char *
eg_write_clean (const char *s)
{
  return eg_write_clean_escaping (s, '\0');
}

char *
eg_write_evidence_text (const EgViewEdge *e, guint max)
{
  GString *s = g_string_new (NULL);
  guint n = MIN (e->n_evidence, max);
  for (guint i = 0; i < n; i++)
    {
      const EgEvidence *ev = &e->evidence[i];
      if (i > 0)
        g_string_append_c (s, '\n');
      if (ev->paragraph == 0)
        g_string_append_printf (s, "%s subject: %s", ev->doc, ev->sentence);
      else
        g_string_append_printf (s, "%s \xC2\xB6%u: %s", ev->doc, ev->paragraph, ev->sentence);
    }
  return g_string_free (s, FALSE);
}

/* Writes @v in decimal so that it ends just before @end; returns where it starts. */
static char *
digits_before (char *end, guint64 v)
{
  do
    *--end = (char) ('0' + v % 10);
  while ((v /= 10) > 0);
  return end;
}

char *
eg_write_uint (char *buf, guint v)
{
  char tmp[12];
  char *s = digits_before (tmp + sizeof tmp, v);
  gsize n = (gsize) (tmp + sizeof tmp - s);
  memcpy (buf, s, n);
  buf[n] = '\0';
  return buf;
}

void
eg_write_put_uint (GString *out, guint64 v)
{
  char tmp[24];
  char *s = digits_before (tmp + sizeof tmp, v);
  eg_write_put (out, s, (gsize) (tmp + sizeof tmp - s));
}

char *
eg_write_day (const char *iso)
{
  if (iso == NULL || strlen (iso) < 10)
    return NULL;
  for (guint i = 0; i < 10; i++)
    if ((i == 4 || i == 7) ? iso[i] != '-' : !g_ascii_isdigit (iso[i]))
      return NULL;
  return g_strndup (iso, 10);
}

char *
eg_write_safe_name (const char *name)
{
  GString *s = g_string_new (NULL);
  for (const char *p = name ? name : ""; *p && s->len < 100; p++)
    {
      char ch = *p;
      gboolean keep = g_ascii_isalnum (ch) || ch == '_' || ch == '-' || (ch == '.' && s->len > 0);
      g_string_append_c (s, keep ? ch : '_');
    }
  if (s->len == 0)
    g_string_append_c (s, '_');
  return g_string_free (s, FALSE);
}

/* "out/g.csv" or "out/g" -> "out/g.nodes.csv" */
static char *
csv_path (const char *path, const char *part)
{
  gsize n = strlen (path);
  if (n > 4 && g_ascii_strcasecmp (path + n - 4, ".csv") == 0)
    n -= 4;
  return g_strdup_printf ("%.*s.%s.csv", (int) n, path, part);
}

static gboolean
write_csv (const EgView *v, const char *path, GError **error)
{
  if (strcmp (path, "-") == 0)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_FORMAT,
                   "csv writes two files (STEM.nodes.csv, STEM.edges.csv): give -o STEM.csv, "
                   "not standard output");
      return FALSE;
    }
  g_autofree char *np = csv_path (path, "nodes"), *ep = csv_path (path, "edges");
  EgOutput on, oe;
  FILE *fn = eg_output_open (&on, np, error);
  if (fn == NULL)
    return FALSE;
  FILE *fe = eg_output_open (&oe, ep, error);
  if (fe == NULL)
    {
      eg_output_abort (&on);
      return FALSE;
    }
  if (!eg_write_csv_nodes (v, fn, error) || !eg_write_csv_edges (v, fe, error))
    {
      eg_output_abort (&on);
      eg_output_abort (&oe);
      return FALSE;
    }
  if (!eg_output_commit (&on, error))
    {
      eg_output_abort (&oe);
      return FALSE;
    }
  return eg_output_commit (&oe, error);
}

gboolean
eg_write (const EgView *v, EgFormat f, const EgWriteOptions *o, const char *path,
          GError **error)
{
  if (f == EG_FORMAT_CSV)
    return write_csv (v, path, error);
  if (f == EG_FORMAT_DOT)
    return eg_dot_write (v, o, path, error);
  EgOutput out;
  FILE *fp = eg_output_open (&out, path, error);
  if (fp == NULL)
    return FALSE;
  gboolean ok;
  switch (f)
    {
    case EG_FORMAT_GRAPHML:
      ok = eg_write_graphml (v, o, fp, error);
      break;
    case EG_FORMAT_GEXF:
      ok = eg_write_gexf (v, o, fp, error);
      break;
    case EG_FORMAT_JSON:
      ok = eg_write_json (v, o, fp, error);
      break;
    case EG_FORMAT_JSONL:
      ok = eg_write_jsonl (v, o, fp, error);
      break;
    default:
      g_set_error (error, EG_ERROR, EG_ERROR_FORMAT, "%s: unknown output format", path);
      ok = FALSE;
    }
  if (ok)
    return eg_output_commit (&out, error);
  g_prefix_error (error, "%s: ", path);
  eg_output_abort (&out);
  return FALSE;
}
