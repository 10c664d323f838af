/* doc.c - one input document: bytes, kind, header fields, text spans, windows, sentences.
 *
 * See doc.h for the contract. How a document is read:
 *
 *  1. The bytes are mapped (GMappedFile) or borrowed (GBytes) and checked: not empty, not
 *     only white space, no NUL byte, not larger than EG_DOC_MAX_BYTES. Invalid UTF-8 is
 *     counted, not refused. A UTF-8 BOM is skipped.
 *  2. The kind is decided from the first lines: HTML, a WikiLeaks cable (routing header,
 *     classification line + SUBJECT, "partial extract" note), a news-site copy of a cable
 *     (a cable plus site banners), or plain text.
 *  3. A cable is read in three parts. The header (at most HEADER_MAX_LINES lines, up to the
 *     first numbered paragraph) is kept as an array of lines and parsed for the header
 *     fields; its only text is the SUBJECT. The tail is scanned backwards from the end for
 *     the signature and trailers. The body between them is streamed line by line: each
 *     line is text, blank, a soft gap (page break, SIPDIS, an advert: a sentence may run
 *     across it) or a hard gap (dashed underline). Numbered paragraphs start windows.
 *  4. Text lines become text spans; spans joined only by soft gaps form blocks; blocks form
 *     windows (numbered paragraphs, or blank-line paragraphs numbered by position), and
 *     windows are split into sentences.
 *
 * Every pass is linear in the bytes; nothing is allocated per byte or per line of the body
 * (the header lines are bounded). Only the outputs (spans, windows, sentences) grow with the
 * input. Line ends are "\n" or "\r\n"; a lone "\r" counts as white space. */
#include "doc.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#if defined(__SSE2__) && defined(__GNUC__)
#define DOC_SSE2 1
#include <emmintrin.h>
#endif

/* A cable header never runs longer than this; lines past it are body. Bounds the memory
 * kept per line. */
#define HEADER_MAX_LINES 1200
/* Parsers of short header-like lines look at no more than this many bytes of a line. */
#define SHORT_LINE 512
/* Kind detection looks at this many lines / bytes from the start. */
#define DETECT_LINES 400
#define DETECT_BYTES (256 * 1024)

/* The public struct plus what eg_doc_name() needs. */
typedef struct {
  EgDoc pub;
  char *fallback_name;
  gboolean lean; /* read from a lean source (eg_source_set_lean()) */
} DocPriv;

/* ------------------------------------------------------------------------------------ */
/* Characters                                                                             */

static inline gboolean
is_up (char c)
{
  return c >= 'A' && c <= 'Z';
}

static inline gboolean
is_lo (char c)
{
  return c >= 'a' && c <= 'z';
}

static inline gboolean
is_al (char c)
{
  return is_up (c) || is_lo (c);
}

static inline gboolean
is_dig (char c)
{
  return c >= '0' && c <= '9';
}

static inline char
up (char c)
{
  return is_lo (c) ? (char) (c - 'a' + 'A') : c;
}

static inline gboolean
is_hsp (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Byte length of the white-space character at @i (ASCII white space including '\n',
 * NBSP, U+2028, U+2029, U+3000, U+FEFF), or 0. */
static inline gsize
ws_len (const char *d, gsize i, gsize end)
{
  unsigned char c = (unsigned char) d[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
    return 1;
  if (c == 0xC2 && i + 1 < end && (unsigned char) d[i + 1] == 0xA0)
    return 2;
  if (c == 0xE2 && i + 2 < end && (unsigned char) d[i + 1] == 0x80
      && ((unsigned char) d[i + 2] == 0xA8 || (unsigned char) d[i + 2] == 0xA9))
    return 3;
  if (c == 0xE3 && i + 2 < end && (unsigned char) d[i + 1] == 0x80
      && (unsigned char) d[i + 2] == 0x80)
    return 3;
  if (c == 0xEF && i + 2 < end && (unsigned char) d[i + 1] == 0xBB
      && (unsigned char) d[i + 2] == 0xBF)
    return 3;
  return 0;
}

/* Length of the white-space character ending just before @i (i > lo), or 0. */
static inline gsize
ws_len_back (const char *d, gsize lo, gsize i)
{
  unsigned char c = (unsigned char) d[i - 1];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
    return 1;
  if (c == 0xA0 && i - 1 > lo && (unsigned char) d[i - 2] == 0xC2)
    return 2;
  if (i >= lo + 3 && (c == 0xA8 || c == 0xA9 || c == 0x80 || c == 0xBF))
    {
      gsize l = ws_len (d, i - 3, i);
      if (l == 3)
        return 3;
    }
  return 0;
}

/* (These three are inlined: their keywords are literals, whose lengths the compiler then
 * knows, and most calls are turned away by the length or the first byte.) */
G_ALWAYS_INLINE static inline gboolean
has_prefix_ci (const char *d, gsize i, gsize end, const char *kw)
{
  for (; *kw; kw++, i++)
    if (i >= end || up (d[i]) != up (*kw))
      return FALSE;
  return TRUE;
}

G_ALWAYS_INLINE static inline gboolean
has_prefix (const char *d, gsize i, gsize end, const char *kw)
{
  gsize n = strlen (kw);
  return i <= end && end - i >= n && memcmp (d + i, kw, n) == 0;
}

G_ALWAYS_INLINE static inline gboolean
span_eq_ci (const char *d, gsize s, gsize e, const char *w)
{
  gsize n = strlen (w);
  if (e - s != n)
    return FALSE;
  return has_prefix_ci (d, s, e, w);
}

static gsize
skip_hsp (const char *d, gsize i, gsize end)
{
  while (i < end && is_hsp (d[i]))
    i++;
  return i;
}

/* Case-insensitive search of @w in [s, e); returns the position or G_MAXSIZE. */
static gsize
find_ci (const char *d, gsize s, gsize e, const char *w)
{
  gsize n = strlen (w);
  if (n == 0 || e - s < n)
    return G_MAXSIZE;
  gsize i = s, last = e - n; /* the last place @w may begin */
#ifdef DOC_SSE2
  /* the places of its first byte in either case, 16 at a time (header lines are searched
   * for a dozen words each: a byte at a time this was 1.5 % of extract) */
  const __m128i a = _mm_set1_epi8 (up (w[0])), b = _mm_set1_epi8 (g_ascii_tolower (w[0]));
  for (; i + 16 <= last + 1; i += 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) (d + i));
      guint m = (guint) _mm_movemask_epi8 (_mm_or_si128 (_mm_cmpeq_epi8 (v, a), _mm_cmpeq_epi8 (v, b)));
      for (; m; m &= m - 1)
        if (has_prefix_ci (d, i + (gsize) __builtin_ctz (m), e, w))
          return i + (gsize) __builtin_ctz (m);
    }
#endif
  for (; i <= last; i++)
    if (up (d[i]) == up (w[0]) && has_prefix_ci (d, i, e, w))
      return i;
  return G_MAXSIZE;
}

/* Word boundary helpers for ASCII words. */
static inline gboolean
word_start_at (const char *d, gsize lo, gsize i)
{
  return i == lo || !is_al (d[i - 1]);
}

static inline gboolean
word_end_at (const char *d, gsize i, gsize end)
{
  return i >= end || !is_al (d[i]);
}

/* ------------------------------------------------------------------------------------ */
/* Lines                                                                                  */

typedef struct {
  gsize s, e;   /* the line without its "\n" / "\r\n" */
  gsize ts, te; /* trimmed content (ts == te for a blank line) */
} Ln;

typedef struct {
  const char *d;
  gsize len;      /* bytes of the document */
  gsize start;    /* first byte after the BOM */
  gboolean html;  /* trim skips tags at both ends of a line */
} Src;

/* Length of an HTML tag or comment starting at @i (d[i] == '<'), or 0 if it is not one.
 * A tag without its '>' before @end is not a tag. */
static gsize
tag_len (const char *d, gsize i, gsize end)
{
  if (i + 1 >= end || d[i] != '<')
    return 0;
  char c = d[i + 1];
  if (!(is_al (c) || c == '/' || c == '!' || c == '?'))
    return 0;
  const char *gt = memchr (d + i, '>', end - i);
  return gt ? (gsize) (gt - (d + i)) + 1 : 0;
}

/* tag_len() for scans over a whole document: *gt caches the position of the next '>'
 * (0 = unknown, G_MAXSIZE = none left), so that many '<' without '>' stay linear. */
static gsize
tag_len_cached (const char *d, gsize i, gsize end, gsize *gt)
{
  if (i + 1 >= end || d[i] != '<')
    return 0;
  char c = d[i + 1];
  if (!(is_al (c) || c == '/' || c == '!' || c == '?') || *gt == G_MAXSIZE)
    return 0;
  if (*gt == 0 || *gt < i)
    {
      const char *p = memchr (d + i, '>', end - i);
      *gt = p ? (gsize) (p - d) : G_MAXSIZE;
      if (!p)
        return 0;
    }
  return *gt - i + 1;
}

static void
trim (const Src *src, Ln *ln)
{
  const char *d = src->d;
  gsize a = ln->s, b = ln->e;
  for (;;)
    {
      gsize l;
      if (a < b && (l = ws_len (d, a, b)) > 0)
        a += l;
      else if (src->html && a < b && d[a] == '<' && (l = tag_len (d, a, b)) > 0)
        a += l;
      else
        break;
    }
  for (;;)
    {
      gsize l;
      if (b > a && (l = ws_len_back (d, a, b)) > 0)
        b -= l;
      else if (b > a && d[b - 1] == '\\' && (b - 1 == a || is_hsp (d[b - 2])))
        b--; /* a stray line-continuation backslash of some pages */
      else if (src->html && b > a && d[b - 1] == '>')
        {
          /* a tag at the end of the line */
          gsize k = b - 1;
          while (k > a && d[k - 1] != '>' && d[k - 1] != '<')
            k--;
          if (k > a)
            k--;
          if (d[k] == '<' && tag_len (d, k, b) == b - k)
            b = k;
          else
            break;
        }
      else
        break;
    }
  ln->ts = a;
  ln->te = b;
}

/* The line starting at *pos (< end); advances *pos past its line end. */
static void
line_at (const Src *src, gsize *pos, gsize end, Ln *ln)
{
  const char *d = src->d;
  const char *nl = memchr (d + *pos, '\n', end - *pos);
  gsize e = nl ? (gsize) (nl - d) : end;
  ln->s = *pos;
  *pos = nl ? e + 1 : end;
  if (e > ln->s && d[e - 1] == '\r')
    e--;
  ln->e = e;
  trim (src, ln);
}

/* The line ending at @hi (the position after its "\n", or a region end), with @lo the
 * lowest line start allowed. Returns FALSE when hi <= lo. */
static gboolean
line_before (const Src *src, gsize lo, gsize hi, Ln *ln)
{
  const char *d = src->d;
  if (hi <= lo)
    return FALSE;
  gsize e = hi;
  if (d[e - 1] == '\n')
    e--;
  const char *nl = e > lo ? memrchr (d + lo, '\n', e - lo) : NULL;
  ln->s = nl ? (gsize) (nl - d) + 1 : lo;
  if (e > ln->s && d[e - 1] == '\r')
    e--;
  ln->e = e;
  trim (src, ln);
  return TRUE;
}

static inline gboolean
ln_blank (const Ln *ln)
{
  return ln->ts >= ln->te;
}

static inline gsize
ln_short_end (const Ln *ln)
{
  return MIN (ln->te, ln->ts + SHORT_LINE);
}

/* ------------------------------------------------------------------------------------ */
/* Cable line recognizers                                                                 */

static const char *const MONTHS[] = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                      "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };

typedef struct {
  int day, hour, min, mon, year; /* year as 4 digits */
} Dtg;

/* "DDHHMMZ MON YY" at @i, followed by the end or a non-alphanumeric byte. */
static gboolean
dtg_at (const char *d, gsize i, gsize end, Dtg *out)
{
  if (end - i < 14)
    return FALSE;
  for (int k = 0; k < 6; k++)
    if (!is_dig (d[i + k]))
      return FALSE;
  if (d[i + 6] != 'Z' || d[i + 7] != ' ')
    return FALSE;
  int mon = -1;
  for (int m = 0; m < 12; m++)
    if (has_prefix (d, i + 8, end, MONTHS[m]))
      mon = m;
  if (mon < 0 || d[i + 11] != ' ' || !is_dig (d[i + 12]) || !is_dig (d[i + 13]))
    return FALSE;
  if (i + 14 < end && (is_al (d[i + 14]) || is_dig (d[i + 14])))
    return FALSE;
  int day = (d[i] - '0') * 10 + (d[i + 1] - '0');
  int hour = (d[i + 2] - '0') * 10 + (d[i + 3] - '0');
  int min = (d[i + 4] - '0') * 10 + (d[i + 5] - '0');
  int yy = (d[i + 12] - '0') * 10 + (d[i + 13] - '0');
  if (day < 1 || day > 31 || hour > 23 || min > 59)
    return FALSE;
  out->day = day;
  out->hour = hour;
  out->min = min;
  out->mon = mon + 1;
  out->year = yy < 70 ? 2000 + yy : 1900 + yy;
  return TRUE;
}

/* A precedence + date-time group line: "R 012004Z SEP 06", "O P 081452Z JUL 08 ZDK". */
static gboolean
is_dtg_line (const char *d, const Ln *ln, Dtg *out)
{
  gsize i = ln->ts, end = ln_short_end (ln);
  for (int tok = 0; tok < 2; tok++)
    {
      gsize k = i;
      while (k < end && is_up (d[k]))
        k++;
      if (k == i || k - i > 2 || k >= end || d[k] != ' ')
        return FALSE;
      i = k + 1;
      Dtg tmp;
      if (dtg_at (d, i, end, out ? out : &tmp))
        return TRUE;
    }
  return FALSE;
}

/* A date-time group anywhere in the first bytes of a line, after a precedence token:
 * header blobs of "partial extract" pages put the whole routing header on one line. */
static gboolean
find_dtg_in_line (const char *d, const Ln *ln, Dtg *out)
{
  gsize end = MIN (ln->te, ln->ts + 4096);
  for (gsize i = ln->ts; i + 16 <= end; i++)
    {
      if (!is_dig (d[i]) || (i > ln->ts && d[i - 1] != ' '))
        continue;
      /* the token before: 1-2 upper-case letters */
      if (i < ln->ts + 2)
        continue;
      gsize k = i - 1; /* the space */
      gsize j = k;
      while (j > ln->ts && is_up (d[j - 1]))
        j--;
      if (k - j < 1 || k - j > 2 || (j > ln->ts && d[j - 1] != ' '))
        continue;
      if (dtg_at (d, i, end, out))
        return TRUE;
    }
  return FALSE;
}

typedef struct {
  char main[24];      /* "CONFIDENTIAL" */
  gboolean noforn;    /* "NOFORN" follows the number on the line */
  gsize origin_s, origin_e; /* origin words as written, e.g. "SAN JOSE" */
  gsize num_s, num_e; /* the reference number digits */
} ClassLine;

/* Reads a classification word, written plainly or spaced ("C O N F I D E N T I A L"),
 * at @i. Returns the position after it, or 0. */
static gsize
class_word_at (const char *d, gsize i, gsize end, char *out, gsize outsz, gboolean ci)
{
  static const char *const WORDS[] = { "UNCLASSIFIED", "UNCLAS", "CONFIDENTIAL", "SECRET",
                                       "LIMITED OFFICIAL USE", "TOP SECRET" };
  char buf[32];
  gsize n = 0, k = i;
  if (i >= end)
    return 0;
  char c0 = up (d[i]);
  if (c0 != 'U' && c0 != 'C' && c0 != 'S' && c0 != 'L' && c0 != 'T')
    return 0;
  /* in upper case only, the second byte is a capital or the space of a spaced word */
  if (!ci && (i + 1 >= end || (d[i + 1] != ' ' && !is_up (d[i + 1]))))
    return 0;
  /* spaced: single capitals separated by single spaces */
  if (ci && c0 == 'S' && has_prefix (d, k, end, "SS E C R E T"))
    k++; /* a doubled first letter seen in some headers */
  if (k + 2 < end && is_up (d[k]) && d[k + 1] == ' ' && (ci ? is_al : is_up) (d[k + 2])
      && (k + 3 >= end || d[k + 3] == ' '))
    {
      while (k < end && (ci ? is_al : is_up) (d[k]) && (k + 1 >= end || !is_al (d[k + 1]))
             && n < sizeof buf - 1)
        {
          buf[n++] = up (d[k++]);
          if (k < end && d[k] == ' ' && k + 1 < end && (ci ? is_al : is_up) (d[k + 1])
              && (k + 2 >= end || !is_al (d[k + 2])))
            k++;
          else
            break;
        }
      buf[n] = '\0';
      const char *norm = NULL;
      if (strcmp (buf, "CONFIDENTIAL") == 0)
        norm = "CONFIDENTIAL";
      else if (strcmp (buf, "SECRET") == 0 || strcmp (buf, "SSECRET") == 0)
        norm = "SECRET";
      else if (strcmp (buf, "UNCLAS") == 0 || strcmp (buf, "UNCLASSIFIED") == 0)
        norm = "UNCLASSIFIED";
      else if (strcmp (buf, "TOPSECRET") == 0)
        norm = "TOP SECRET";
      if (!norm)
        return 0;
      g_strlcpy (out, norm, outsz);
      return k;
    }
  for (gsize w = 0; w < G_N_ELEMENTS (WORDS); w++)
    if (WORDS[w][0] == c0
        && (ci ? has_prefix_ci (d, i, end, WORDS[w]) : has_prefix (d, i, end, WORDS[w]))
        && word_end_at (d, i + strlen (WORDS[w]), end))
      {
        const char *norm = WORDS[w];
        if (strcmp (norm, "UNCLAS") == 0)
          norm = "UNCLASSIFIED";
        g_strlcpy (out, norm, outsz);
        return i + strlen (WORDS[w]);
      }
  return 0;
}

/* "C O N F I D E N T I A L SECTION 01 OF 03 MEXICO 006871", "UNCLAS MEXICO 004964",
 * "UNCLAS E F T O LONDON 002883" at @i. */
static gboolean
class_line_at (const char *d, gsize i, gsize end, ClassLine *out, int mode)
{
  /* mode 0: upper case, only caveats after the number; 1: any case (header); 2: any case
   * and anything after the number (found inside glued text) */
  gboolean ci = mode > 0;
  gboolean (*upc) (char) = ci ? is_al : is_up;
  ClassLine cl = { { 0 } };
  gsize k = class_word_at (d, i, end, cl.main, sizeof cl.main, ci);
  if (k == 0 || k >= end || !is_hsp (d[k]))
    return FALSE;
  k = skip_hsp (d, k, end);
  /* "UNCLAS E F T O SECTION 01 OF 08 LONDON 002622": the id is 09LONDON2622, while
   * "UNCLAS E F T O LONDON 002883" gives 08EFTOLONDON2883 (as WikiLeaks names them) */
  if (has_prefix (d, k, end, "E F T O SECTION"))
    k += 8;
  gsize sect = 0;
  static const char *const SECT[] = { "SECTION", "ECTION", "SCTION", "SECTON", "SETION" };
  for (gsize w = 0; w < G_N_ELEMENTS (SECT) && !sect; w++)
    if (has_prefix_ci (d, k, end, SECT[w]) && k + strlen (SECT[w]) < end
        && is_hsp (d[k + strlen (SECT[w])]))
      sect = strlen (SECT[w]);
  if (sect)
    {
      /* "SECTION 01 OF 02" (also misspelt, as some pages have it) */
      k = skip_hsp (d, k + sect, end);
      while (k < end && is_dig (d[k]))
        k++;
      k = skip_hsp (d, k, end);
      if (!(has_prefix_ci (d, k, end, "OF") || has_prefix_ci (d, k, end, "GF")))
        return FALSE;
      k = skip_hsp (d, k + 2, end);
      gsize n0 = k;
      while (k < end && is_dig (d[k]))
        k++;
      if (k == n0)
        return FALSE;
      k = skip_hsp (d, k, end);
    }
  /* origin words: upper-case letters and single spaces, then the number */
  gsize os = k;
  int words = 0;
  while (k < end && upc (d[k]) && words < 8)
    {
      while (k < end && (upc (d[k]) || d[k] == '-' || d[k] == '.'))
        k++;
      words++;
      gsize sp = skip_hsp (d, k, end);
      if (sp == k || sp >= end)
        return FALSE;
      k = sp;
      if (is_dig (d[k]))
        break;
    }
  if (words == 0 || k >= end || !is_dig (d[k]))
    return FALSE;
  gsize oe = k;
  while (oe > os && is_hsp (d[oe - 1]))
    oe--;
  gsize letters = 0;
  for (gsize j = os; j < oe; j++)
    letters += is_al (d[j]);
  if (letters < 2)
    return FALSE;
  gsize ns = k;
  while (k < end && is_dig (d[k]))
    k++;
  if (k - ns < 3 || k - ns > 8)
    return FALSE;
  /* only caveats may follow, even glued ("000255NOFORNSIPDIS") */
  gsize rest = skip_hsp (d, k, end);
  if (has_prefix_ci (d, rest, end, "NOFORN"))
    cl.noforn = TRUE;
  else if (rest < end && (is_dig (d[rest]) || d[rest] == 'Z'))
    return FALSE;
  else if (mode == 1 && rest == k && rest < end && is_up (d[rest]))
    ; /* glued header text: "CAIRO 000326FOR NEA" */
  else if (rest < end && mode < 2 && !(has_prefix (d, rest, end, "SIPDIS") || has_prefix (d, rest, end, "SENSITIVE")
                           || has_prefix (d, rest, end, "EXDIS") || has_prefix (d, rest, end, "NODIS")
                           || has_prefix (d, rest, end, "LIMDIS") || d[rest] == '\\'))
    return FALSE;
  cl.origin_s = os;
  cl.origin_e = oe;
  cl.num_s = ns;
  cl.num_e = k;
  *out = cl;
  return TRUE;
}

/* The classification line as the header writes it (any case); in the body, only its
 * upper-case repeats after page breaks. */
static gboolean
is_class_line (const char *d, const Ln *ln, ClassLine *out)
{
  ClassLine tmp;
  if (ln->te - ln->ts > 120)
    return FALSE; /* a flattened page starting with one: see stream_body */
  return class_line_at (d, ln->ts, ln_short_end (ln), out ? out : &tmp, 0);
}

static gboolean
is_class_line_ci (const char *d, const Ln *ln, ClassLine *out)
{
  ClassLine tmp;
  return class_line_at (d, ln->ts, ln_short_end (ln), out ? out : &tmp, 1);
}

/* A classification word alone: "CONFIDENTIAL", "SECRET//NOFORN", "CONFIDENTIAL  PTQ2529". */
static gboolean
is_class_word_line (const char *d, const Ln *ln)
{
  char main[24];
  if (ln->te - ln->ts > 40)
    return FALSE;
  gsize k = class_word_at (d, ln->ts, ln->te, main, sizeof main, FALSE);
  if (!k)
    return FALSE;
  if (k == ln->te || d[k] == '/')
    return TRUE;
  gsize r = skip_hsp (d, k, ln->te);
  if (r - k < 2)
    return FALSE;
  /* a page serial: letters then digits, nothing else */
  gsize j = r;
  while (j < ln->te && is_up (d[j]))
    j++;
  gsize n0 = j;
  while (j < ln->te && is_dig (d[j]))
    j++;
  return j == ln->te && j > n0 && n0 > r;
}

/* The classification line may sit inside a line of glued header text. */
static gboolean
find_class_in_line (const char *d, const Ln *ln, ClassLine *out)
{
  gsize end = MIN (ln->te, ln->ts + 4096);
  for (gsize i = ln->ts; i < end; i++)
    {
      char c = d[i];
      if (c != 'C' && c != 'S' && c != 'U' && c != 'L' && c != 'T')
        continue;
      /* not inside a word; glued after digits is fine ("...T10:15:00C O N F I D ...") */
      if (i > ln->ts && is_al (d[i - 1]))
        continue;
      if (i > ln->ts && class_line_at (d, i, MIN (end, i + SHORT_LINE), out, 2))
        return TRUE;
    }
  return FALSE;
}

/* A page-break line: "MEXICO 00006871  002 OF 003", "USUN NEW Y 00000123  002 OF 004". */
static gboolean
is_page_break (const char *d, const Ln *ln)
{
  gsize i = ln->ts, end = ln_short_end (ln);
  if (ln->te - ln->ts > 80)
    return FALSE;
  gsize k = i;
  while (k < end && (is_up (d[k]) || d[k] == ' ' || d[k] == '.' || d[k] == '-' || d[k] == '\''))
    k++;
  if (k == i || k >= end || !is_dig (d[k]) || d[k - 1] != ' ')
    return FALSE;
  gsize n0 = k;
  while (k < end && is_dig (d[k]))
    k++;
  if (k - n0 < 3)
    return FALSE;
  gsize sp = skip_hsp (d, k, end);
  if (sp == k)
    return FALSE;
  k = sp;
  n0 = k;
  while (k < end && is_dig (d[k]))
    k++;
  if (k - n0 != 3)
    return FALSE;
  if (k + 1 < end && d[k] == '.' && is_dig (d[k + 1]))
    {
      k++; /* "001.2 OF 003" */
      while (k < end && is_dig (d[k]))
        k++;
    }
  if (!has_prefix_ci (d, k, end, " OF "))
    return FALSE;
  k += 4;
  n0 = k;
  while (k < end && is_dig (d[k]))
    k++;
  if (k - n0 != 3)
    return FALSE;
  return skip_hsp (d, k, end) == end;
}

/* A "PAGE 02 HARARE 05461 02 OF 02 271459Z" prefix (partial-extract pages); returns the
 * position after it, or 0. */
static gsize
page_prefix (const char *d, const Ln *ln)
{
  gsize end = ln_short_end (ln), k;
  if (!has_prefix (d, ln->ts, end, "PAGE "))
    return 0;
  k = skip_hsp (d, ln->ts + 5, end);
  if (k + 2 > end || !is_dig (d[k]) || !is_dig (d[k + 1]))
    return 0;
  k += 2;
  /* up to and including the "DDHHMMZ" token */
  for (int tok = 0; tok < 10 && k < end; tok++)
    {
      k = skip_hsp (d, k, end);
      gsize t = k;
      while (k < end && !is_hsp (d[k]))
        k++;
      if (k - t == 7 && d[k - 1] == 'Z' && is_dig (d[t]) && is_dig (d[k - 2]))
        return skip_hsp (d, k, end);
    }
  return 0;
}

/* A line of only dashes, equals signs, underscores or stars (at least three). */
static gboolean
is_rule_line (const char *d, const Ln *ln)
{
  int n = 0;
  for (gsize i = ln->ts; i < ln->te; i++)
    {
      char c = d[i];
      if (c == '-' || c == '=' || c == '_' || c == '*' || c == '~')
        n++;
      else if (!is_hsp (c))
        return FALSE;
    }
  return n >= 3;
}

/* "ACTION EUR-00", "INFO  LOG-00   NP-00": office distribution lines of old headers. */
static gboolean
is_office_line (const char *d, const Ln *ln)
{
  gsize end = ln_short_end (ln);
  if (!(has_prefix (d, ln->ts, end, "ACTION ") || has_prefix (d, ln->ts, end, "INFO ")
        || has_prefix (d, ln->ts, end, "ORIGIN ")))
    return FALSE;
  gsize k = ln->ts;
  while (k < end && !is_hsp (d[k]))
    k++;
  k = skip_hsp (d, k, end);
  gsize t = k;
  while (k < end && (is_up (d[k]) || d[k] == '/'))
    k++;
  return k > t && k + 3 <= end && d[k] == '-' && is_dig (d[k + 1]) && is_dig (d[k + 2]);
}

/* Handling caveats that stand on a line of their own: "SIPDIS", "NOFORN SIPDIS". */
static gboolean
is_caveat_word (const char *d, gsize s, gsize e)
{
  if (e - s < 3 || e - s > 10) /* "FGI" .. "NOCONTRACT" */
    return FALSE;
  switch (up (d[s]))
    {
    case 'S':
      return span_eq_ci (d, s, e, "SIPDIS") || span_eq_ci (d, s, e, "SENSITIVE")
             || span_eq_ci (d, s, e, "STADIS") || span_eq_ci (d, s, e, "SPECAT");
    case 'N':
      return span_eq_ci (d, s, e, "NOFORN") || span_eq_ci (d, s, e, "NODIS")
             || span_eq_ci (d, s, e, "NOCONTRACT");
    case 'E':
      return span_eq_ci (d, s, e, "EXDIS");
    case 'L':
      return span_eq_ci (d, s, e, "LIMDIS");
    case 'O':
      return span_eq_ci (d, s, e, "ORCON");
    case 'P':
      return span_eq_ci (d, s, e, "PROPIN");
    case 'C':
      return span_eq_ci (d, s, e, "CHEROKEE");
    case 'F':
      return span_eq_ci (d, s, e, "FGI");
    case 'R':
      return span_eq_ci (d, s, e, "ROGER");
    default:
      return FALSE;
    }
}

static gboolean
is_caveat_line (const char *d, const Ln *ln, gboolean *noforn, gboolean *sensitive)
{
  if (ln_blank (ln) || ln->te - ln->ts > 60)
    return FALSE;
  gsize i = ln->ts;
  gboolean nf = FALSE, se = FALSE;
  while (i < ln->te)
    {
      while (i < ln->te && (is_hsp (d[i]) || d[i] == '/' || d[i] == ',' || d[i] == '.'))
        i++;
      if (i >= ln->te)
        break;
      gsize s = i;
      while (i < ln->te && is_al (d[i]))
        i++;
      if (i == s || !is_caveat_word (d, s, i))
        return FALSE;
      if (span_eq_ci (d, s, i, "NOFORN"))
        nf = TRUE;
      if (span_eq_ci (d, s, i, "SENSITIVE"))
        se = TRUE;
    }
  if (noforn)
    *noforn = nf;
  if (sensitive)
    *sensitive = se;
  return TRUE;
}

/* "E.O. 12958", "EO 12958", "E. O. 12958", "E.O.12958" */
static gboolean
is_eo_line (const char *d, const Ln *ln)
{
  gsize i = ln->ts, end = ln_short_end (ln);
  if (i >= end || up (d[i]) != 'E') /* every form below; most lines are turned away here */
    return FALSE;
  if (has_prefix_ci (d, i, end, "E.O.") || has_prefix_ci (d, i, end, "E. O.")
      || has_prefix_ci (d, i, end, "E.O ") || has_prefix_ci (d, i, end, "E.0."))
    return TRUE;
  if (has_prefix_ci (d, i, end, "EO") && i + 2 < end
      && (d[i + 2] == ' ' || d[i + 2] == ':' || is_dig (d[i + 2])))
    {
      gsize k = skip_hsp (d, i + 2, end);
      if (k < end && d[k] == ':')
        k = skip_hsp (d, k + 1, end);
      return k < end && is_dig (d[k]);
    }
  return FALSE;
}

/* In the body, only the header form "E.O. 12958: DECL: ..." / "E.O. 12958: N/A" counts: a
 * sentence may wrap onto a line starting "E.O. 13224". */
static gboolean
is_eo_header_line (const char *d, const Ln *ln)
{
  if (!is_eo_line (d, ln))
    return FALSE;
  gsize end = MIN (ln->te, ln->ts + 40);
  return find_ci (d, ln->ts, end, "DECL") != G_MAXSIZE || find_ci (d, ln->ts, end, "N/A") != G_MAXSIZE;
}

/* "KEYWORD" (@kw in capitals, matched in any case) followed by ':' or white space; returns
 * the position of the value after the separator, or 0. */
static gsize
keyword (const char *d, const Ln *ln, const char *kw, gboolean need_colon)
{
  gsize i = ln->ts, end = ln->te;
  if (i >= end || up (d[i]) != kw[0] || !has_prefix_ci (d, i, end, kw))
    return 0;
  gsize k = i + strlen (kw);
  if (k >= end)
    return need_colon ? 0 : k;
  if (d[k] == ':')
    return skip_hsp (d, k + 1, end);
  if (need_colon || !is_hsp (d[k]))
    return 0;
  k = skip_hsp (d, k, end);
  if (k < end && d[k] == ':')
    k = skip_hsp (d, k + 1, end);
  return k;
}

static gsize
subject_kw (const char *d, const Ln *ln)
{
  gsize v = keyword (d, ln, "SUBJECT", FALSE);
  if (!v)
    v = keyword (d, ln, "SUBJ", FALSE);
  if (!v)
    return 0;
  /* "SUBJECT" without a colon must be upper case, as in "SUBJECT  ZANU-PF ..." */
  if (!has_prefix (d, ln->ts, ln->te, "SUBJ") && !memchr (d + ln->ts, ':', v - ln->ts))
    return 0;
  return v;
}

static gsize
tags_kw (const char *d, const Ln *ln)
{
  gsize v = keyword (d, ln, "TAGS", FALSE);
  if (!v)
    return 0;
  if (!has_prefix (d, ln->ts, ln->te, "TAGS") && !memchr (d + ln->ts, ':', v - ln->ts))
    return 0;
  return v;
}

/* "REF: A. MEXICO 6656", "REFS:", "REFTEL", "REF A: ...", "Ref:"; returns the position of
 * the value (possibly the line end), or 0. */
static gsize
ref_kw (const char *d, const Ln *ln)
{
  gsize i = ln->ts, end = ln->te;
  static const char *const K[] = { "REFERENCES", "REFERENCE", "REFTELS", "REFTEL", "REFS",
                                   "REF" };
  for (gsize k = 0; k < G_N_ELEMENTS (K); k++)
    {
      if (!has_prefix_ci (d, i, end, K[k]))
        continue;
      gsize p = i + strlen (K[k]);
      if (p >= end)
        return is_up (d[i + 1]) ? p : 0;
      if (d[p] == ':')
        return skip_hsp (d, p + 1, end) < end ? skip_hsp (d, p + 1, end) : end;
      if (!is_hsp (d[p]) && d[p] != '.')
        return 0; /* "REFORM" */
      gsize q = skip_hsp (d, p + (d[p] == '.' ? 1 : 0), end);
      if (q < end && d[q] == ':')
        return skip_hsp (d, q + 1, end);
      /* without a colon only the upper-case keyword: "REF A. STATE 1234", "REFTEL" */
      if (is_up (d[i + 1]) && q < end
          && (is_up (d[q]) || is_dig (d[q]) || d[q] == '(' || has_prefix (d, q, end, "\xc2\xb6")))
        return q;
      return 0;
    }
  return 0;
}

static gsize
classby_kw (const char *d, const Ln *ln)
{
  gsize i = ln->ts, end = ln->te;
  if (has_prefix (d, i, end, "(U) "))
    i += 4;
  if (!has_prefix_ci (d, i, end, "CLASSIFIED BY"))
    return 0;
  gsize k = i + 13;
  if (k < end && d[k] == ':')
    return skip_hsp (d, k + 1, end);
  if (k < end && !is_hsp (d[k]))
    return 0;
  return k < end ? skip_hsp (d, k, end) : end;
}

static gboolean
is_decl_line (const char *d, const Ln *ln)
{
  return has_prefix_ci (d, ln->ts, ln->te, "DECLASSIFY ON")
         || has_prefix_ci (d, ln->ts, ln->te, "DECL:")
         || has_prefix_ci (d, ln->ts, ln->te, "DERIVED FROM");
}

/* Routing-header lines: VZCZC, precedence + routing indicators, DE, ZNR/ZNY, BT. */
static gboolean
is_routing_line (const char *d, const Ln *ln)
{
  gsize i = ln->ts, end = ln_short_end (ln);
  if (has_prefix (d, i, end, "VZCZC"))
    return TRUE;
  if ((has_prefix (d, i, end, "ZNR ") || has_prefix (d, i, end, "ZNY ")
       || has_prefix (d, i, end, "ZZH")))
    return TRUE;
  if (has_prefix (d, i, end, "DE RU") || has_prefix (d, i, end, "DE R"))
    return TRUE;
  if (span_eq_ci (d, i, ln->te, "BT") || span_eq_ci (d, i, ln->te, "NNNN"))
    return TRUE;
  /* "RR RUEHCD RUEHGD", "PP RUEHWEB", "OO RUEHDBU": precedence then routing indicators */
  gsize k = i;
  while (k < end && strchr ("ROPZYM", d[k]) && d[k])
    k++;
  if (k > i && k - i <= 2 && k < end && d[k] == ' ' && has_prefix (d, k + 1, end, "RU"))
    return TRUE;
  return FALSE;
}

/* A numbered paragraph marker: "¶1. (C)", "1. (SBU)", "1.(C)", "¶1.", "1.", "1) (U)". */
typedef struct {
  guint num;
  gsize text;      /* where the paragraph text starts */
  gboolean marked; /* a classification marking follows the number */
} ParaMark;

static gsize
skip_tags_sp (const Src *src, gsize i, gsize end)
{
  for (;;)
    {
      gsize l;
      if (i < end && is_hsp (src->d[i]))
        i++;
      else if (src->html && i < end && src->d[i] == '<' && (l = tag_len (src->d, i, end)) > 0)
        i += l;
      else
        return i;
    }
}

static gboolean
para_mark (const Src *src, const Ln *ln, ParaMark *m)
{
  const char *d = src->d;
  gsize i = ln->ts, end = ln->te;
  if (has_prefix (d, i, end, "\xc2\xb6"))
    i = skip_tags_sp (src, i + 2, end);
  else if (src->html && (has_prefix (d, i, end, "&para;") || has_prefix (d, i, end, "&#182;")))
    i = skip_tags_sp (src, i + 6, end);
  gsize n0 = i;
  guint num = 0;
  while (i < end && is_dig (d[i]) && i - n0 < 3)
    num = num * 10 + (guint) (d[i++] - '0');
  if (i == n0 || num == 0 || i >= end || is_dig (d[i]))
    return FALSE;
  gboolean paren = FALSE;
  if (d[i] == '.')
    i++;
  else if (d[i] == ')')
    {
      paren = TRUE;
      i++;
    }
  else
    return FALSE;
  /* "1.4 (b)" or "1.A" are not markers; in HTML a tag may close the link: "1.</a> (C)" */
  if (i < end && !(is_hsp (d[i]) || d[i] == '(' || (src->html && d[i] == '<')))
    return FALSE;
  gsize k = skip_tags_sp (src, i, end);
  gboolean marked = FALSE;
  if (k < end && d[k] == '(')
    {
      gsize j = k + 1;
      while (j < end && j - k <= 12 && (is_al (d[j]) || d[j] == '/' || d[j] == '-' || d[j] == ' '))
        j++;
      if (j < end && d[j] == ')' && j > k + 1 && is_up (d[k + 1]))
        {
          marked = TRUE;
          k = skip_tags_sp (src, j + 1, end);
        }
    }
  if (paren && !marked)
    return FALSE;
  m->num = num;
  m->text = k;
  m->marked = marked;
  return TRUE;
}

/* News-site text around a copied cable ("Scoop" pages). Returns 1 for site text, 2 for a
 * line that starts the site footer, 0 otherwise. */
static int
site_line (const char *d, const Ln *ln)
{
  static const char *const SITE[] = {
    "Advertisement - scroll to continue reading", "Advertisement",
    "Scoop has an Ethical Paywall", "Licence needed for work use", "Cablegate: ",
  };
  static const char *const FOOT[] = {
    "\xc2\xa9 Scoop Media", "World Headlines", "Join Our Free Newsletter", "Subscribe to Scoop",
  };
  gsize end = ln_short_end (ln);
  if (ln->ts >= end || !strchr ("AWJSLC\xc2", d[ln->ts]))
    return 0;
  /* (a line of a cable in capitals often starts with one of those letters: the phrases
   * are compared only when their first byte is the line's) */
  char c = d[ln->ts];
  for (gsize k = 0; k < G_N_ELEMENTS (FOOT); k++)
    if (FOOT[k][0] == c && has_prefix (d, ln->ts, end, FOOT[k]))
      return 2;
  for (gsize k = 0; k < G_N_ELEMENTS (SITE); k++)
    if (SITE[k][0] == c && has_prefix (d, ln->ts, end, SITE[k]))
      return k == 1 ? (ln->te - ln->ts < 60 ? 1 : 0) : 1;
  return 0;
}

static gboolean
is_partial_note (const char *d, const Ln *ln)
{
  return has_prefix (d, ln->ts, ln_short_end (ln), "This record is a partial extract");
}

/* "Visit Mexico City's Classified Web Site at", a bare URL line. */
static gboolean
is_visit_line (const char *d, const Ln *ln)
{
  gsize end = ln_short_end (ln);
  char c0 = ln->ts < end ? up (d[ln->ts]) : 0;
  if (c0 != 'V' && c0 != 'H' && c0 != 'W')
    return FALSE;
  if (has_prefix (d, ln->ts, end, "Visit ") || has_prefix (d, ln->ts, end, "VISIT "))
    return find_ci (d, ln->ts, end, "WEB") != G_MAXSIZE
           || find_ci (d, ln->ts, end, "CLASSIFIED") != G_MAXSIZE
           || find_ci (d, ln->ts, end, "HTTP") != G_MAXSIZE;
  if (has_prefix_ci (d, ln->ts, end, "http") || has_prefix_ci (d, ln->ts, end, "www."))
    return memchr (d + ln->ts, ' ', end - ln->ts) == NULL;
  return FALSE;
}

/* ------------------------------------------------------------------------------------ */
/* Output builder: text spans -> blocks -> windows -> sentences                            */

typedef struct {
  gsize start, end;     /* first and last+1 text byte */
  guint para;           /* number as written, 0 when not numbered */
  guint n_lines;
  gboolean dash_before, dash_after;
  gboolean item_like;   /* starts like a list item ("--", "(a)", "A.") */
  char last;            /* last text byte */
} Block;

typedef struct {
  EgDoc *doc;
  GArray *hard;   /* guint8 per text span: a hard break (new block) precedes it */
  GArray *blocks; /* Block, body only */
  gboolean open;
  gsize sp_start, sp_end;
  gboolean blank_pending, soft_pending, hard_pending, dash_pending, split_next;
  gboolean block_open; /* a block has been started */
} Builder;

enum { LF_GAP_BEFORE = 1, LF_GAP_AFTER = 2 };

static void
b_close_span (Builder *b)
{
  if (!b->open)
    return;
  EgSpan sp = { (guint32) b->sp_start, (guint32) b->sp_end };
  g_array_append_val (b->doc->text, sp);
  b->open = FALSE;
}

static gboolean
starts_item_like (const char *d, gsize s, gsize e)
{
  if (s >= e)
    return FALSE;
  char c = d[s];
  if (c == '-' || c == '*' || c == '(' || c == '[' || c == '\xe2' || c == '>')
    return TRUE;
  if (is_dig (c))
    return TRUE;
  if (is_al (c) && s + 1 < e && (d[s + 1] == '.' || d[s + 1] == ')'))
    return TRUE;
  if (c == 'o' && s + 1 < e && d[s + 1] == ' ')
    return TRUE;
  return FALSE;
}

/* Adds one line of text [ts, te) (ts < te). @para > 0 starts a numbered paragraph. */
static void
b_text (Builder *b, gsize ts, gsize te, guint para, guint flags)
{
  const char *d = b->doc->data;
  gboolean hard = !b->block_open || para > 0 || b->hard_pending
                  || (b->blank_pending && !b->soft_pending);
  gboolean split = !b->open || hard || b->soft_pending || b->blank_pending || b->split_next
                   || (flags & LF_GAP_BEFORE);
  if (split)
    {
      b_close_span (b);
      guint8 h = hard ? 1 : 0;
      if (hard)
        {
          Block blk = { 0 };
          blk.start = ts;
          blk.para = para;
          blk.dash_before = b->dash_pending;
          blk.item_like = starts_item_like (d, ts, te);
          g_array_append_val (b->blocks, blk);
          b->block_open = TRUE;
        }
      g_array_append_val (b->hard, h);
      b->open = TRUE;
      b->sp_start = ts;
    }
  b->sp_end = te;
  Block *blk = &g_array_index (b->blocks, Block, b->blocks->len - 1);
  blk->end = te;
  blk->n_lines++;
  blk->last = d[te - 1];
  b->blank_pending = b->soft_pending = b->hard_pending = b->dash_pending = FALSE;
  b->split_next = (flags & LF_GAP_AFTER) != 0;
}

static void
b_blank (Builder *b)
{
  b->blank_pending = TRUE;
}

static void
b_soft (Builder *b)
{
  b->soft_pending = TRUE;
}

static void
b_hard (Builder *b, gboolean dash)
{
  b->hard_pending = TRUE;
  if (dash)
    {
      b->dash_pending = TRUE;
      if (b->block_open && b->blocks->len > 0)
        g_array_index (b->blocks, Block, b->blocks->len - 1).dash_after = TRUE;
    }
}

static void
b_finish (Builder *b)
{
  b_close_span (b);
}

static gboolean
block_is_heading (const Block *bl, const Block *next)
{
  if (bl->para || bl->n_lines == 0 || bl->n_lines > 2 || bl->end - bl->start > 120
      || bl->item_like)
    return FALSE;
  if (bl->last == '.' || bl->last == ',' || bl->last == ';')
    return FALSE;
  return bl->dash_after || bl->dash_before || (next && next->para);
}

static void
add_window (EgDoc *doc, gsize s, gsize e, guint number, EgWindowKind kind)
{
  EgWindow w = { { (guint32) s, (guint32) e }, number, kind };
  g_array_append_val (doc->windows, w);
}

/* Windows from the body blocks: a numbered paragraph runs until the next one; headings
 * (short lines under or over a dashed rule, or just before a numbered paragraph) join the
 * window that follows; other text is split at blank lines and numbered by position. */
static void
windows_from_blocks (EgDoc *doc, GArray *blocks)
{
  gboolean numbered = FALSE, pending = FALSE;
  gsize pend_s = 0, pend_e = 0;
  guint n_par = 0;
  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *bl = &g_array_index (blocks, Block, i);
      const Block *next = i + 1 < blocks->len ? &g_array_index (blocks, Block, i + 1) : NULL;
      if (bl->n_lines == 0)
        continue;
      if (bl->para)
        {
          add_window (doc, pending ? pend_s : bl->start, bl->end, bl->para, EG_WINDOW_PARAGRAPH);
          numbered = TRUE;
          pending = FALSE;
          n_par++;
        }
      else if (block_is_heading (bl, next))
        {
          if (!pending)
            pend_s = bl->start;
          pend_e = bl->end;
          pending = TRUE;
        }
      else if (numbered && !pending && doc->windows->len > 0)
        {
          EgWindow *w = &g_array_index (doc->windows, EgWindow, doc->windows->len - 1);
          w->span.end = (guint32) bl->end;
        }
      else
        {
          n_par++;
          add_window (doc, pending ? pend_s : bl->start, bl->end, n_par, EG_WINDOW_PARAGRAPH);
          numbered = FALSE;
          pending = FALSE;
        }
    }
  if (pending)
    add_window (doc, pend_s, pend_e, ++n_par, EG_WINDOW_PARAGRAPH);
}

/* Sentence splitting. */

/* d[s, e) (at most 8 bytes) with ASCII letters lowered, as one number. */
static guint64
pack_lower (const char *d, gsize s, gsize e)
{
  guint64 v = 0;
  for (gsize i = s; i < e; i++)
    v = v << 8 | (guchar) g_ascii_tolower (d[i]);
  return v;
}

static int
key_cmp (const void *a, const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
}

static gboolean
is_abbrev (const char *d, gsize ws, gsize we, gboolean next_is_digit)
{
  static const char *const A[] = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sen", "rep", "amb", "gov", "st", "jr",
    "sr", "co", "inc", "ltd", "corp", "dept", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "adm", "capt", "cmdr", "maj", "sgt",
    "brig", "prof", "hon", "rev", "messrs", "vs", "fig", "approx", "ave", "mt", "ft",
    "pres", "para", "paras", "nos", "cf", "govt", "asst", "sec", "secy", "dep", "gens",
    "ph.d", "al", "mssrs", "cdr", "lieut", "supt", "insp", "ass't",
  };
  gsize n = we - ws;
  if (n == 0)
    return FALSE;
  /* single capital initial: "Felipe C. Calderon" */
  if (n == 1 && is_up (d[ws]))
    return TRUE;
  /* dotted letters: "U.S", "U.N", "a.m", "e.g", "i.e" */
  if (memchr (d + ws, '.', n))
    {
      gboolean single = TRUE;
      gsize run = 0;
      for (gsize i = ws; i < we; i++)
        {
          if (d[i] == '.')
            {
              if (run != 1)
                single = FALSE;
              run = 0;
            }
          else
            run++;
        }
      if (run != 1)
        single = FALSE;
      if (single)
        return TRUE;
    }
  if ((n == 2 && up (d[ws]) == 'N' && up (d[ws + 1]) == 'O'))
    return next_is_digit;
  if (n > 6)
    return FALSE;
  /* Each word lowered and packed in one number (the list's words are at most 6 bytes),
   * looked up among the list's, packed once and sorted: the list was 66 case-insensitive
   * string compares at every sentence end, then 66 number compares. */
  static guint64 keys[G_N_ELEMENTS (A)];
  static gsize keys_made;
  if (g_once_init_enter (&keys_made))
    {
      for (gsize k = 0; k < G_N_ELEMENTS (A); k++)
        keys[k] = pack_lower (A[k], 0, strlen (A[k]));
      qsort (keys, G_N_ELEMENTS (A), sizeof *keys, key_cmp); /* (for bsearch: 7 steps) */
      g_once_init_leave (&keys_made, 1);
    }
  guint64 key = pack_lower (d, ws, we);
  return bsearch (&key, keys, G_N_ELEMENTS (A), sizeof *keys, key_cmp) != NULL;
}

/* May a sentence start with the character at @i? */
static gboolean
sentence_opener (const char *d, gsize i, gsize end)
{
  unsigned char c = (unsigned char) d[i];
  if (is_up ((char) c) || is_dig ((char) c) || c == '"' || c == '\'' || c == '(' || c == '['
      || c == '-')
    return TRUE;
  if (c < 0x80)
    return FALSE;
  if (has_prefix (d, i, end, "\xc2\xb6") || has_prefix (d, i, end, "\xe2\x80\x9c")
      || has_prefix (d, i, end, "\xe2\x80\x98"))
    return TRUE;
  gunichar u = g_utf8_get_char_validated (d + i, (gssize) MIN (end - i, 6));
  return u != (gunichar) -1 && u != (gunichar) -2 && (g_unichar_isupper (u) || g_unichar_istitle (u));
}

/* Closing quotes and brackets after a sentence end. */
static gsize
skip_closers (const char *d, gsize i, gsize end)
{
  for (;;)
    {
      if (i < end && (d[i] == '"' || d[i] == '\'' || d[i] == ')' || d[i] == ']'))
        i++;
      else if (has_prefix (d, i, end, "\xe2\x80\x9d") || has_prefix (d, i, end, "\xe2\x80\x99"))
        i += 3;
      else
        return i;
    }
}

typedef struct {
  EgDoc *doc;
  const guint8 *hard;
  guint n_spans;
} SentCtx;

/* The first non-white byte after @i in span @si or in the following spans of the window
 * (up to @wend); *crossed_hard is set when a hard break lies in between. Returns
 * G_MAXSIZE when there is none. */
static gsize
next_text_byte (const SentCtx *c, guint si, gsize i, gsize wend, gboolean *crossed_hard)
{
  const char *d = c->doc->data;
  const EgSpan *spans = (const EgSpan *) c->doc->text->data;
  *crossed_hard = FALSE;
  for (;;)
    {
      gsize end = spans[si].end;
      while (i < end)
        {
          gsize l = ws_len (d, i, end);
          if (!l)
            return i;
          i += l;
        }
      si++;
      if (si >= c->n_spans || spans[si].start >= wend)
        return G_MAXSIZE;
      if (c->hard[si])
        *crossed_hard = TRUE;
      i = spans[si].start;
    }
}

static void
add_sentence (EgDoc *doc, gsize s, gsize e)
{
  if (e <= s)
    return;
  EgSpan sp = { (guint32) s, (guint32) e };
  g_array_append_val (doc->sentences, sp);
}

/* From @p, inside a sentence: the end of the run of spaces and printable ASCII that ends
 * no sentence (no '.', '?' or '!'); *@last_end becomes the end of its last byte that is
 * not a space (@p itself when there is none), the text's end so far. Most of a cable is
 * such runs, so they are taken sixteen bytes at a time (SSE2) or eight where they can be. */
static gsize
sentence_run (const char *d, gsize p, gsize z, gsize *last_end)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101), highs = ones << 7;
  *last_end = p;
  for (;;)
    {
#ifdef DOC_SSE2
      while (z - p >= 16)
        {
          __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) (d + p));
          /* signed: below 0x20 catches the bytes at or above 0x80 too */
          __m128i low = _mm_cmplt_epi8 (v, _mm_set1_epi8 (0x20));
          __m128i dot = _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('.'));
          __m128i ask = _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('?'));
          __m128i bang = _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('!'));
          __m128i space = _mm_cmpeq_epi8 (v, _mm_set1_epi8 (' '));
          guint sm = (guint) _mm_movemask_epi8 (_mm_or_si128 (_mm_or_si128 (low, dot),
                                                              _mm_or_si128 (ask, bang)));
          guint text = ~(guint) _mm_movemask_epi8 (space) & 0xffff;
          if (sm)
            text &= (1u << __builtin_ctz (sm)) - 1; /* the bytes before the first stop */
          if (text)
            *last_end = p + (gsize) (31 - __builtin_clz (text)) + 1;
          if (sm)
            {
              p += (gsize) __builtin_ctz (sm);
              break;
            }
          p += 16;
        }
#endif
      while (z - p >= 8)
        {
          guint64 w;
          memcpy (&w, d + p, 8);
          /* No byte at or above 0x80, below 0x20, or '.', '?', '!'; with no high byte none
           * of the subtractions can borrow into a wrong answer. */
          guint64 stop = w | (w - 0x20 * ones) | ((w ^ '.' * ones) - ones)
                         | ((w ^ '?' * ones) - ones) | ((w ^ '!' * ones) - ones);
          if (stop & highs)
            break;
          guint64 text = ((w ^ ' ' * ones) + 0x7f * ones) & highs; /* the bytes not a space */
          if (text)
            *last_end = p + (gsize) ((63 - __builtin_clzll (text)) >> 3) + 1;
          p += 8;
        }
      if (p >= z)
        return p;
      guchar b = (guchar) d[p];
      if (b == ' ')
        p++;
      else if ((guchar) (b - 0x21) < 0x5f && b != '.' && b != '?' && b != '!')
        *last_end = ++p;
      else
        return p;
    }
}

static void
sentences_for_window (const SentCtx *c, guint *si_io, const EgWindow *w)
{
  const char *d = c->doc->data;
  const EgSpan *spans = (const EgSpan *) c->doc->text->data;
  guint si = *si_io;
  while (si < c->n_spans && spans[si].end <= w->span.start)
    si++;
  gboolean in = FALSE;
  gsize s_start = 0, last_end = 0;
  for (; si < c->n_spans && spans[si].start < w->span.end; si++)
    {
      gsize a = MAX (spans[si].start, w->span.start), z = MIN (spans[si].end, w->span.end);
      if (c->hard[si] && in)
        {
          add_sentence (c->doc, s_start, last_end);
          in = FALSE;
        }
      for (gsize p = a; p < z;)
        {
          unsigned char uc = (unsigned char) d[p];
          if (uc == ' ' || uc == '\n')
            {
              p++;
              continue;
            }
          if (uc <= 0x20 || uc >= 0x80)
            {
              gsize l = ws_len (d, p, z);
              if (l)
                {
                  p += l;
                  continue;
                }
            }
          if (!in)
            {
              in = TRUE;
              s_start = p;
            }
          char ch = (char) uc;
          if (ch != '.' && ch != '?' && ch != '!')
            {
              p = sentence_run (d, p + 1, z, &last_end);
              continue;
            }
          gsize q = p + 1;
          while (q < z && (d[q] == '.' || d[q] == '?' || d[q] == '!'))
            q++;
          gboolean single_dot = ch == '.' && q == p + 1;
          q = skip_closers (d, q, z);
          last_end = q;
          gboolean end_here = FALSE;
          if (q >= z || ws_len (d, q, z))
            {
              gboolean crossed;
              gsize nx = next_text_byte (c, si, q, w->span.end, &crossed);
              if (nx == G_MAXSIZE || crossed)
                end_here = TRUE;
              else if (sentence_opener (d, nx, c->doc->len))
                {
                  end_here = TRUE;
                  if (single_dot)
                    {
                      gsize ws = p;
                      while (ws > a && p - ws < 12 && (is_al (d[ws - 1]) || d[ws - 1] == '.'))
                        ws--;
                      while (ws < p && d[ws] == '.')
                        ws++;
                      /* only a whole word: "(U.S." is fine, "1958." or "X-Ray." is not */
                      if (ws < p && (ws == a || !(is_dig (d[ws - 1]) || is_al (d[ws - 1])))
                          && is_abbrev (d, ws, p, is_dig (d[nx])))
                        end_here = FALSE;
                    }
                }
            }
          if (end_here)
            {
              add_sentence (c->doc, s_start, q);
              in = FALSE;
            }
          p = q;
        }
    }
  if (in)
    add_sentence (c->doc, s_start, last_end);
  /* the next window starts at or after this one's end */
  *si_io = si > 0 ? si - 1 : 0;
}

static void
build_sentences (EgDoc *doc, GArray *hard)
{
  SentCtx c = { doc, (const guint8 *) hard->data, doc->text->len };
  guint si = 0;
  for (guint i = 0; i < doc->windows->len; i++)
    sentences_for_window (&c, &si, &g_array_index (doc->windows, EgWindow, i));
}

/* ------------------------------------------------------------------------------------ */
/* Header fields                                                                          */

static char *
collapse_ws (const char *d, gsize s, gsize e)
{
  GString *g = g_string_sized_new (e - s + 1);
  gboolean sp = FALSE;
  for (gsize i = s; i < e;)
    {
      gsize l = ws_len (d, i, e);
      if (l)
        {
          sp = g->len > 0;
          i += l;
          continue;
        }
      if (sp)
        g_string_append_c (g, ' ');
      sp = FALSE;
      g_string_append_c (g, d[i]);
      i++;
    }
  return g_string_free (g, FALSE);
}

static void
ptr_add_unique (GPtrArray *a, char *s)
{
  for (guint i = 0; i < a->len; i++)
    if (strcmp (g_ptr_array_index (a, i), s) == 0)
      {
        g_free (s);
        return;
      }
  g_ptr_array_add (a, s);
}

/* An addressee line: "RUEHC/SECSTATE WASHDC 2999" -> "SECSTATE WASHDC"; precedence words
 * and the trailing serial number are dropped. */
static void
add_addressee (GPtrArray *a, const char *d, gsize s, gsize e)
{
  s = skip_hsp (d, s, e);
  /* routing indicator prefix "RUEHC/" or "ZEN/" */
  gsize k = s;
  while (k < e && (is_up (d[k]) || is_dig (d[k])))
    k++;
  if (k < e && d[k] == '/' && k - s >= 3 && k - s <= 8)
    s = k + 1;
  /* trailing tokens: serials and precedence */
  for (;;)
    {
      while (e > s && is_hsp (d[e - 1]))
        e--;
      gsize t = e;
      while (t > s && !is_hsp (d[t - 1]))
        t--;
      if (t == s)
        break;
      gboolean digits = TRUE;
      for (gsize i = t; i < e; i++)
        if (!is_dig (d[i]))
          digits = FALSE;
      if (digits || span_eq_ci (d, t, e, "IMMEDIATE") || span_eq_ci (d, t, e, "PRIORITY")
          || span_eq_ci (d, t, e, "ROUTINE") || span_eq_ci (d, t, e, "FLASH")
          || span_eq_ci (d, t, e, "NIACT"))
        e = t;
      else
        break;
    }
  while (e > s && (is_hsp (d[e - 1]) || d[e - 1] == ','))
    e--;
  if (e > s)
    g_ptr_array_add (a, collapse_ws (d, s, e));
}

/* TAGS: tokens separated by spaces or commas; a parenthesised group stays with the tag
 * before it: "OVIP (CLINTON, HILLARY)". */
static void
add_tags (GPtrArray *tags, const char *d, gsize s, gsize e)
{
  gsize i = s;
  while (i < e)
    {
      while (i < e && (is_hsp (d[i]) || d[i] == ',' || d[i] == ';'))
        i++;
      if (i >= e)
        break;
      gsize t = i;
      if (d[i] == '(' && tags->len > 0)
        {
          const char *close = memchr (d + i, ')', e - i);
          gsize ce = close ? (gsize) (close - d) + 1 : e;
          char *prev = g_ptr_array_index (tags, tags->len - 1);
          char *grp = collapse_ws (d, i, ce);
          g_ptr_array_index (tags, tags->len - 1) = g_strconcat (prev, " ", grp, NULL);
          g_free (prev);
          g_free (grp);
          i = ce;
          continue;
        }
      while (i < e && !is_hsp (d[i]) && d[i] != ',' && d[i] != ';' && d[i] != '(')
        i++;
      gsize te = i;
      while (te > t && (d[te - 1] == '.' || d[te - 1] == '\\'))
        te--;
      gboolean letters = FALSE;
      for (gsize k = t; k < te; k++)
        letters = letters || is_al (d[k]);
      if (te > t && letters)
        ptr_add_unique (tags, g_strndup (d + t, te - t));
    }
}

/* "TAGS:" inside a glued header line: the tag-like tokens after it, up to SUBJECT or the
 * first token that is not a tag. Returns TRUE when it found some. */
static gboolean
inline_tags (GPtrArray *tags, const char *d, const Ln *ln)
{
  gsize end = MIN (ln->te, ln->ts + 4096);
  gsize t = G_MAXSIZE;
  for (gsize k = ln->ts; k + 5 <= end; k++)
    if (d[k] == 'T' && has_prefix (d, k, end, "TAGS") && (k == ln->ts || !is_al (d[k - 1]))
        && (d[k + 4] == ':' || (is_hsp (d[k + 4]) && k + 5 < end && is_up (d[k + 5]))))
      {
        t = k + 5;
        break;
      }
  if (t == G_MAXSIZE)
    return FALSE;
  gsize i = skip_hsp (d, t, end), stop = i;
  while (i < end)
    {
      gsize a = i;
      while (i < end && !is_hsp (d[i]))
        i++;
      gboolean tag = TRUE;
      for (gsize k = a; k < i && tag; k++)
        tag = is_up (d[k]) || is_dig (d[k]) || d[k] == ',' || d[k] == '-' || d[k] == '/';
      if (!tag || has_prefix (d, a, i, "SUBJ") || has_prefix (d, a, i, "REF") || i - a > 14)
        break;
      stop = i;
      i = skip_hsp (d, i, end);
    }
  guint before = tags->len;
  add_tags (tags, d, t, stop);
  return tags->len > before;
}

/* Does a line continue a TAGS list: short, only upper-case tag-like tokens. */
static gboolean
tags_continuation (const char *d, const Ln *ln)
{
  if (ln_blank (ln) || ln->te - ln->ts > 80)
    return FALSE;
  for (gsize i = ln->ts; i < ln->te; i++)
    {
      char c = d[i];
      if (!(is_up (c) || is_dig (c) || is_hsp (c) || c == ',' || c == '-' || c == '/'
            || c == '(' || c == ')' || c == '.' || c == '&' || c == '\''))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_ref_item_line (const char *d, const Ln *ln)
{
  /* "¶B. MEXICO 6604", "B. 05 STATE 19152", "(B) ..." */
  gsize i = ln->ts, end = ln_short_end (ln);
  if (has_prefix (d, i, end, "\xc2\xb6"))
    i += 2;
  if (i < end && d[i] == '(')
    i++;
  if (!(i + 1 < end && is_up (d[i]) && (d[i + 1] == '.' || d[i + 1] == ')')))
    return FALSE;
  if (ln->te - ln->ts > 120)
    return FALSE;
  for (gsize k = i; k < end; k++)
    if (is_dig (d[k]))
      return TRUE;
  return FALSE;
}

static const char *const MULTI_POSTS[] = {
  "THE HAGUE", "SAN JOSE", "BUENOS AIRES", "NEW DELHI", "RIO DE JANEIRO", "SAO PAULO",
  "TEL AVIV", "USUN NEW YORK", "ABU DHABI", "ADDIS ABABA", "KUALA LUMPUR", "SAN SALVADOR",
  "SANTO DOMINGO", "PORT AU PRINCE", "CAPE TOWN", "DAR ES SALAAM", "CIUDAD JUAREZ",
  "PORT OF SPAIN", "PORT LOUIS", "PHNOM PENH", "BANDAR SERI BEGAWAN", "LA PAZ", "RPO DUBAI",
  "UNVIE VIENNA", "AIT TAIPEI", "HO CHI MINH CITY", "HONG KONG", "NUEVO LAREDO",
  "PORT MORESBY", "GUATEMALA CITY", "PANAMA CITY", "KUWAIT CITY", "MEXICO CITY",
  "SAN JUAN", "SANTA CRUZ", "ST PETERSBURG", "NEW YORK", "CHIANG MAI", "IRAN RPO DUBAI",
  "E F T O LONDON", "BANJA LUKA", "USEU BRUSSELS", "USNATO BRUSSELS",
};

static gboolean
ref_stop_word (const char *d, gsize s, gsize e)
{
  static const char *const W[] = {
    "REF", "REFS", "REFTEL", "REFTELS", "AND", "OF", "SECTION", "PARA", "PARAS", "PARAGRAPH",
    "DTG", "NOTAL", "DATED", "ON", "IN", "TO", "FROM", "THE", "SEE", "ALSO", "OR", "NO",
    "NUMBER", "NR", "NOS", "AS", "AT", "PAGE", "PAGES", "AN", "A", "B", "C", "D", "E", "F",
    "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X",
    "Y", "Z", "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST",
    "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER", "JAN", "FEB", "MAR", "APR", "JUN", "JUL",
    "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC", "CONFIDENTIAL", "SECRET", "UNCLAS",
    "UNCLASSIFIED", "STATE'S", "EO", "E.O.", "USC", "U.S.C.", "UNSCR", "RES", "RESOLUTION",
    "LAW", "ARTICLE", "YEAR", "FY", "TELCON", "CABLE", "MESSAGE", "MSG", "REFERENCE", "PART",
    "FALL", "SPRING", "SUMMER", "WINTER", "AUTUMN", "HOUSE", "POINTS", "POINT", "PARAGRAPHS",
    "OVER", "FAM", "FAH", "CFR", "PL", "SEC", "SECTIONS", "TITLE", "ITEM", "ITEMS", "ANNEX",
  };
  for (gsize k = 0; k < G_N_ELEMENTS (W); k++)
    if (span_eq_ci (d, s, e, W[k]))
      return TRUE;
  return FALSE;
}

/* printf's "%02d" for @v in 0..99 (any other value through printf): the ids of a cable and
 * of its references, and its date, were a format string parsed a call. */
static void
append_2d (GString *s, int v)
{
  if (v < 0 || v > 99)
    {
      g_string_append_printf (s, "%02d", v);
      return;
    }
  g_string_append_c (s, (char) ('0' + v / 10));
  g_string_append_c (s, (char) ('0' + v % 10));
}

/* "%04d-%02d-%02dT%02d:%02dZ", the same bytes as printf gives. */
static char *
iso_minute (int year, int mon, int day, int hour, int min)
{
  if (year < 0 || year > 9999 || mon < 0 || mon > 99 || day < 0 || day > 99 || hour < 0
      || hour > 99 || min < 0 || min > 99)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02dZ", year, mon, day, hour, min);
  char b[] = "0000-00-00T00:00Z";
  b[0] = (char) ('0' + year / 1000);
  b[1] = (char) ('0' + year / 100 % 10);
  b[2] = (char) ('0' + year / 10 % 10);
  b[3] = (char) ('0' + year % 10);
  const int two[] = { mon, day, hour, min };
  const int at[] = { 5, 8, 11, 14 };
  for (int k = 0; k < 4; k++)
    {
      b[at[k]] = (char) ('0' + two[k] / 10);
      b[at[k] + 1] = (char) ('0' + two[k] % 10);
    }
  return g_strdup (b);
}

/* One reference item: the cables cited in it, "05 STATE 19152", "MEXICO 6656",
 * "2003 Sao Paulo 2199", "08STATE12345". @yy is the citing cable's year (2 digits) or -1. */
static void
parse_ref_item (GPtrArray *refs, const char *d, gsize s, gsize e, int yy)
{
  static const char *const SKIP[] = { "EMAIL", "E-MAIL", "FAX", "LETTER", "TELCON", "MEMCON",
                                      "PHONE", "CONVERSATION", "HTTP", "WWW.", "NOTE", "SEPTEL" };
  for (gsize k = 0; k < G_N_ELEMENTS (SKIP); k++)
    if (find_ci (d, s, e, SKIP[k]) != G_MAXSIZE)
      return;
  /* words: runs of letters; numbers */
  gsize i = s;
  while (i < e)
    {
      /* glued canonical id "08STATE12345" */
      if (is_dig (d[i]) && (i == s || !is_al (d[i - 1])) && i + 3 < e && is_dig (d[i + 1])
          && is_up (d[i + 2]))
        {
          gsize k = i + 2;
          while (k < e && is_up (d[k]))
            k++;
          gsize n0 = k;
          while (k < e && is_dig (d[k]))
            k++;
          if (k > n0 && k - n0 <= 6 && n0 - (i + 2) >= 3 && (k >= e || !is_al (d[k]))
              && !ref_stop_word (d, i + 2, n0))
            {
              gsize z = n0;
              while (z < k - 1 && d[z] == '0')
                z++;
              char *id = g_malloc ((n0 - i) + (k - z) + 1);
              memcpy (id, d + i, n0 - i);
              memcpy (id + (n0 - i), d + z, k - z);
              id[(n0 - i) + (k - z)] = '\0';
              ptr_add_unique (refs, id);
              i = k;
              continue;
            }
        }
      if (!is_dig (d[i]) || (i > s && (is_dig (d[i - 1]) || is_al (d[i - 1]) || d[i - 1] == '.'
                                      || d[i - 1] == '/' || d[i - 1] == '-')))
        {
          i++;
          continue;
        }
      gsize n0 = i;
      while (i < e && is_dig (d[i]))
        i++;
      gsize n1 = i;
      if (n1 - n0 > 6 || (i < e && (is_al (d[i]) || d[i] == '/' || (d[i] == '.' && i + 1 < e && is_dig (d[i + 1]))
                                    || d[i] == ':' || d[i] == '-')))
        continue;
      /* the words before: up to 4, stop at a stop word */
      gsize ws[5], we[5];
      int nw = 0;
      gsize k = n0;
      for (;;)
        {
          gsize b = k;
          while (b > s && is_hsp (d[b - 1]))
            b--;
          if (b == k || b == s)
            break;
          gsize a = b;
          while (a > s && (is_al (d[a - 1]) || d[a - 1] == '\''))
            a--;
          if (a == b || !is_up (d[a]) || nw == 4 || ref_stop_word (d, a, b))
            break;
          ws[nw] = a;
          we[nw] = b;
          nw++;
          k = a;
        }
      if (nw == 0)
        continue;
      /* the origin: the longest run that is a known multi-word post, else the last word */
      int use = 1;
      for (int len = nw; len >= 2; len--)
        {
          char *cand = collapse_ws (d, ws[len - 1], we[0]);
          char *uc = g_ascii_strup (cand, -1);
          for (gsize m = 0; m < G_N_ELEMENTS (MULTI_POSTS); m++)
            if (strcmp (uc, MULTI_POSTS[m]) == 0)
              use = len;
          g_free (cand);
          g_free (uc);
          if (use > 1)
            break;
        }
      gsize os = ws[use - 1], oe = we[0];
      if (oe - os < 2)
        continue;
      /* the year before the origin: "05 STATE", "2003 Sao Paulo" */
      int ryy = yy;
      gsize b = os;
      while (b > s && is_hsp (d[b - 1]))
        b--;
      gsize a = b;
      while (a > s && is_dig (d[a - 1]))
        a--;
      if (b > a && (a == s || !is_al (d[a - 1])) && (b - a == 2 || b - a == 4) && b < os)
        {
          int v = atoi (d + a);
          if (b - a == 4 && v >= 1940 && v <= 2069)
            ryy = v % 100;
          else if (b - a == 2)
            ryy = v;
        }
      if (ryy < 0)
        continue;
      GString *id = g_string_new (NULL);
      append_2d (id, ryy);
      for (gsize m = os; m < oe; m++)
        if (is_al (d[m]))
          g_string_append_c (id, up (d[m]));
      gsize z = n0;
      while (z < n1 - 1 && d[z] == '0')
        z++;
      g_string_append_len (id, d + z, (gssize) (n1 - z));
      ptr_add_unique (refs, g_string_free (id, FALSE));
    }
}

static void
parse_refs (GPtrArray *refs, const char *text, int yy)
{
  gsize n = strlen (text);
  /* items are separated by letter markers "A." "B)" "(C)" and ';' */
  gsize s = 0;
  for (gsize i = 0; i <= n; i++)
    {
      gboolean cut = i == n || text[i] == ';';
      if (!cut && i + 1 < n && is_up (text[i]) && (text[i + 1] == '.' || text[i + 1] == ')')
          && (i == 0 || !is_al (text[i - 1])) && (i + 2 >= n || is_hsp (text[i + 2])))
        cut = TRUE;
      if (cut)
        {
          if (i > s)
            parse_ref_item (refs, text, s, i, yy);
          s = i + 1;
        }
    }
}

static gboolean
is_title_word (const char *w)
{
  static const char *const T[] = {
    "AMBASSADOR", "AMB", "AMB.", "DCM", "A/DCM", "ADCM", "CDA", "CHARGE", "CHARGE'",
    "D'AFFAIRES", "CHARGE D'AFFAIRES", "DEPUTY", "CHIEF", "MISSION", "POLITICAL",
    "POLITICAL/ECONOMIC", "POL/ECON", "POLECON", "ECONOMIC", "ECONOMIC-POLITICAL",
    "POLITICAL-ECONOMIC", "ECON", "ECON/POL", "POL", "POLOFF", "ECONOFF", "POL/ECONOFF",
    "COUNSELOR", "COUNSELLOR", "MINISTER", "MINISTER-COUNSELOR", "MINISTER-COUNSELLOR",
    "OFFICER", "SECTION", "CONSUL", "GENERAL", "CONSUL-GENERAL", "PRINCIPAL", "ACTING",
    "DIRECTOR", "ASSISTANT", "SECRETARY", "UNDER", "SPECIAL", "REPRESENTATIVE", "ENVOY",
    "COORDINATOR", "ATTACHE", "DEFENSE", "MILITARY", "LEGAL", "REGIONAL", "AFFAIRS",
    "PUBLIC", "MANAGEMENT", "RSO", "PAO", "FOR", "AND", "OF", "THE", "BY", "SENIOR", "HEAD",
    "POLITICAL-MILITARY", "POL-MIL", "POLMIL", "PM", "INTERIM", "CONSULATE", "EMBASSY",
    "ECONOMICS", "POLITICS", "CHIEF,", "DEPT", "DEPARTMENT", "STATE", "OFFICE", "BUREAU",
    "EXECUTIVE", "MGMT", "PERMANENT", "ALTERNATE", "US", "U.S.", "USUN", "USEU", "USNATO",
    "ADVISOR", "ADVISER", "LABOR", "ENVIRONMENT", "SCIENCE", "TECHNOLOGY", "COMMERCIAL",
    "AGRICULTURAL", "CONOFF", "PMOFF", "DEPUTY-CHIEF", "PRINCIPLE", "A/", "ACTG", "CG",
    "PO", "DPO", "AMBASSADOR'S", "POLITICAL/MILITARY", "DATT", "ARMY", "NAVY", "AIR",
    "FORCE", "COL", "COL.", "LTC", "LT", "MAJ", "GEN", "GEN.", "CAPT", "LIEUTENANT",
    "COLONEL", "INTERNATIONAL", "COUNTER", "NARCOTICS", "LAW", "ENFORCEMENT", "ECONOMIC/POLITICAL",
    "D\xe2\x80\x99" "AFFAIRES", "CHARG\xc3\x89", "A.I.", "MC", "ECONMIN", "POLMIN", "(U)", "(C)", "(SBU)", "POLCOUNS", "POLMINCOUNS",
    "ECONCOUNS", "MINCOUNS", "POLCOUNSELOR", "ECONCOUNSELOR", "POLMILCOUNS", "ECONMINCOUNS",
    "POLCHIEF", "ECONCHIEF", "DEPUTY-CHIEF-OF-MISSION", "CLASSIFIED", "COORD", "INTERAGENCY",
    "PROVINCIAL", "AMBASSADOR-AT-LARGE", "CONSUL-GENERAL", "WATCH", "GEN", "SOURCES",
  };
  /* A set of the words, made once (every word listed is in capitals, so a word is looked
   * up in ASCII capitals: what g_ascii_strcasecmp() compared). */
  static GHashTable *set;
  if (g_once_init_enter (&set))
    {
      GHashTable *h = g_hash_table_new (g_str_hash, g_str_equal);
      for (gsize k = 0; k < G_N_ELEMENTS (T); k++)
        g_hash_table_add (h, (gpointer) T[k]);
      g_once_init_leave (&set, h);
    }
  char buf[32];
  gsize n = strlen (w);
  if (n < sizeof buf)
    {
      for (gsize k = 0; k <= n; k++)
        buf[k] = g_ascii_toupper (w[k]);
      if (g_hash_table_contains (set, buf))
        return TRUE;
    }
  if (strchr (w, '/') || strchr (w, ':'))
    return TRUE;
  return FALSE;
}

static gboolean
is_name_token (const char *w)
{
  static const char *const PARTICLES[] = { "van", "von", "de", "del", "della", "da", "di",
                                           "du", "la", "le", "bin", "al", "el", "der", "den",
                                           "ter", "dos", "das", "y" };
  if (!*w)
    return FALSE;
  for (gsize k = 0; k < G_N_ELEMENTS (PARTICLES); k++)
    if (strcmp (w, PARTICLES[k]) == 0)
      return TRUE;
  if (!is_up (w[0]) && (unsigned char) w[0] < 0x80)
    return FALSE;
  for (const char *p = w; *p; p++)
    if (is_dig (*p) || *p == '(' || *p == ')' || *p == '/')
      return FALSE;
  return TRUE;
}

/* The name on the "Classified By:" line; see doc.h. */
static char *
classified_by_name (const char *text)
{
  gsize n = strlen (text);
  gsize cut = n;
  /* the reason, even when a wrap split its word: "for reaso ns", "Re asons"; cut at the
   * first place any of these starts (one pass: the text can run on for a paragraph) */
  static const char *const CUTS[] = { "REASON", "1.4", "1.5", "1.6", "E.O.", "E.O ", " PER ",
                                      "(B)", "(D)", "FOR REA", "REASO", "RE ASON", "REA SON",
                                      " UNDER SECTION", "; REA" };
  for (gsize i = 0; i < n && cut == n; i++)
    {
      char c = up (text[i]);
      if (c != 'R' && c != '1' && c != 'E' && c != ' ' && c != '(' && c != 'F' && c != ';')
        continue; /* no cut starts here */
      for (gsize k = 0; k < G_N_ELEMENTS (CUTS); k++)
        if (c == CUTS[k][0] && has_prefix_ci (text, i, n, CUTS[k]))
          {
            cut = i;
            break;
          }
    }
  char *whole = g_strndup (text, cut);
  g_strstrip (whole);
  for (;;)
    {
      gsize l = strlen (whole);
      while (l > 0 && (whole[l - 1] == ',' || whole[l - 1] == '.' || whole[l - 1] == ';'
                       || whole[l - 1] == ':' || whole[l - 1] == ' ' || whole[l - 1] == '-'
                       || whole[l - 1] == '('))
        whole[--l] = '\0';
      if (l >= 4 && (g_ascii_strcasecmp (whole + l - 4, " FOR") == 0
                     || g_ascii_strcasecmp (whole + l - 4, "-FOR") == 0))
        whole[l - 4] = '\0';
      else if (l >= 6 && g_ascii_strcasecmp (whole + l - 6, " UNDER") == 0)
        whole[l - 6] = '\0';
      else
        break;
    }
  if (!*whole)
    {
      g_free (whole);
      return NULL;
    }
  /* each comma part: title words, then a personal name of 2-5 tokens */
  g_auto (GStrv) parts = g_strsplit (whole, ",", -1);
  for (int p = 0; parts[p]; p++)
    {
      g_auto (GStrv) tok = g_strsplit_set (g_strstrip (parts[p]), " \t", -1);
      int nt = 0, first = 0;
      for (int t = 0; tok[t]; t++)
        if (*tok[t])
          tok[nt++] = tok[t];
        else
          g_free (tok[t]);
      tok[nt] = NULL;
      /* the name follows the last title word */
      for (int t = 0; t < nt; t++)
        if (is_title_word (tok[t]))
          first = t + 1;
      if (nt - first < 2 || nt - first > 5)
        continue;
      gboolean ok = TRUE;
      for (int t = first; t < nt && ok; t++)
        ok = is_name_token (tok[t]) && !is_title_word (tok[t]);
      /* "Derived from Multiple Sources": the part must start with titles or the name */
      if (!ok)
        continue;
      GString *g = g_string_new (NULL);
      for (int t = first; t < nt; t++)
        {
          if (g->len)
            g_string_append_c (g, ' ');
          g_string_append (g, tok[t]);
        }
      g_free (whole);
      return g_string_free (g, FALSE);
    }
  return whole;
}

/* ------------------------------------------------------------------------------------ */
/* Cables                                                                                 */

typedef struct {
  Src src;
  EgDoc *doc;
  GArray *hard;
} Ctx;

/* A redaction marker alone on a line: "XXXXXXXXXXXX". */
static gboolean
is_redaction (const char *d, const Ln *ln)
{
  if (ln->te - ln->ts < 4 || ln->te - ln->ts > 16)
    return FALSE;
  for (gsize k = ln->ts; k < ln->te; k++)
    if (d[k] != 'X')
      return FALSE;
  return TRUE;
}

/* Is [s, e) a case-insensitive prefix of @w ("Classif" of "CLASSIFIED")? */
static gboolean
prefix_of_ci (const char *d, gsize s, gsize e, const char *w)
{
  gsize n = strlen (w);
  if (e - s > n)
    return FALSE;
  for (gsize i = s; i < e; i++)
    if (d[i] != '.' && up (d[i]) != w[i - s])
      return FALSE;
  return TRUE;
}

/* End of a signature line without a stray trailing quote or period ("MULFORD \"",
 * "MURRAY ."). */
static gsize
sig_end (const char *d, const Ln *ln)
{
  gsize e = ln->te;
  if (e - ln->ts > 2 && (d[e - 1] == '"' || d[e - 1] == '.') && is_hsp (d[e - 2]))
    {
      e--;
      while (e > ln->ts && is_hsp (d[e - 1]))
        e--;
    }
  return e;
}

/* Signature: a short line of one to four name tokens ("BASSETT", "van Voorst", "TIMKEN JR",
 * "SMITH/JONES"). */
static gboolean
is_signature_line (const char *d, const Ln *ln)
{
  static const char *const STOP[] = { "END", "COMMENT", "SUMMARY", "TEXT", "NOTE", "QUOTE",
                                      "UNQUOTE", "ACTION", "REQUEST", "CABLE", "MESSAGE",
                                      "BT", "NNNN", "THANKS", "REGARDS", "CONFIDENTIAL",
                                      "SECRET", "UNCLASSIFIED", "SIPDIS", "NOFORN",
                                      "SENSITIVE", "MINIMIZE", "CONSIDERED", "BEGIN",
                                      "DECLASSIFIED", "DRAFTED", "CLEARED", "APPROVED",
                                      "AMEMBASSY", "AMCONSUL", "SECSTATE", "IMMEDIATE",
                                      "PRIORITY", "ROUTINE", "AND", "THE", "OF", "FOR", "TO",
                                      "IN", "CHINA" };
  gsize len = ln->te - ln->ts;
  if (len < 2 || len > 40)
    return FALSE;
  int ntok = 0;
  gboolean any_upper_tok = FALSE;
  gsize i = ln->ts, te = sig_end (d, ln);
  while (i < te)
    {
      while (i < te && (is_hsp (d[i]) || d[i] == '/'))
        i++;
      if (i >= te)
        break;
      gsize s = i;
      while (i < te && !is_hsp (d[i]) && d[i] != '/')
        i++;
      gsize e = i;
      if (e > s && d[e - 1] == '.' && e - s > 3)
        e--; /* "SUSMAN." */
      if (e == s)
        return FALSE;
      ntok++;
      gboolean all_x = TRUE;
      for (gsize k = s; k < e; k++)
        {
          char c = d[k];
          if (!(is_al (c) || c == '\'' || c == '-' || c == '.' || (unsigned char) c >= 0x80))
            return FALSE;
          if (c != 'X')
            all_x = FALSE;
        }
      if (all_x && ntok == 1 && e - s == len)
        return FALSE;
      if (e - s < 2 || find_ci (d, s, e, "..") != G_MAXSIZE
          || prefix_of_ci (d, s, e, "CLASSIFIED"))
        return FALSE;
      for (gsize k = 0; k < G_N_ELEMENTS (STOP); k++)
        if (span_eq_ci (d, s, e, STOP[k]))
          return FALSE;
      if (is_up (d[s]))
        any_upper_tok = TRUE;
      else if (!(span_eq_ci (d, s, e, "van") || span_eq_ci (d, s, e, "de")
                 || span_eq_ci (d, s, e, "von") || span_eq_ci (d, s, e, "del")
                 || span_eq_ci (d, s, e, "la") || span_eq_ci (d, s, e, "le")))
        return FALSE;
    }
  return ntok >= 1 && ntok <= 3 && any_upper_tok;
}

static void
add_signers (GPtrArray *signers, const char *d, gsize s, gsize e)
{
  /* "SMITH/JONES" names two signers */
  gsize i = s;
  while (i < e)
    {
      const char *sl = memchr (d + i, '/', e - i);
      gsize k = sl ? (gsize) (sl - d) : e;
      gsize a = skip_hsp (d, i, k), b = k;
      while (b > a && (is_hsp (d[b - 1]) || (d[b - 1] == '.' && b - a > 4)))
        b--;
      /* a redaction before the name: "XXXXXXXXXXXX TUTTLE" */
      gsize x = a;
      while (x < b && d[x] == 'X')
        x++;
      if (x - a >= 4 && x < b && is_hsp (d[x]))
        a = skip_hsp (d, x, b);
      if (b > a)
        g_ptr_array_add (signers, collapse_ws (d, a, b));
      i = k + 1;
    }
}

/* The signature glued to the end of a long last line ("... End comment. CRETZ"). Returns
 * the position where the name starts, or 0. */
static gsize
glued_signature (const char *d, const Ln *ln)
{
  static const char *const STOP[] = { "END", "COMMENT", "SUMMARY", "NOTE", "TEXT", "ACTION",
                                      "REQUEST", "SIPDIS", "THANKS", "POST", "REGARDS",
                                      "DONE", "AGREED", "NOFORN", "SENSITIVE", "CONSIDERED",
                                      "MINIMIZE", "UNQUOTE", "QUOTE", "OVER", "NNNN", "BT" };
  if (ln->te - ln->ts < 8)
    return 0;
  /* mixed-case names ("... End Comment. Scobey") only on long one-line paragraphs */
  gboolean long_line = ln->te - ln->ts >= 120;
  gsize e = ln->te, i = e;
  int words = 0;
  while (words < 2)
    {
      gsize w = i;
      int lower = 0;
      while (w > ln->ts && (is_al (d[w - 1]) || d[w - 1] == '\'' || d[w - 1] == '-'))
        {
          lower += is_lo (d[w - 1]);
          w--;
        }
      if (w == i || w == ln->ts || d[w - 1] != ' ' || !is_up (d[w]))
        return 0;
      if (lower ? (!long_line || i - w < 3) : i - w < 2)
        return 0;
      for (gsize k = 0; k < G_N_ELEMENTS (STOP); k++)
        if (span_eq_ci (d, w, i, STOP[k]))
          return 0;
      words++;
      gsize b = w;
      while (b > ln->ts && d[b - 1] == ' ')
        b--;
      if (b > ln->ts && (d[b - 1] == '.' || d[b - 1] == '"' || d[b - 1] == ')'))
        return w;
      i = b;
    }
  return 0;
}

/* A first paragraph marker inside a long line: "¶1." or "1. (C)" at a word start.
 * Returns its position or 0. */
static gsize
embedded_para (const char *d, gsize s, gsize e)
{
  for (gsize i = s + 1; i + 4 < e; i++)
    {
      gboolean pil = has_prefix (d, i, e, "\xc2\xb6");
      gsize k = pil ? i + 2 : i;
      if (d[k] != '1' || k + 2 >= e || d[k + 1] != '.' || !is_hsp (d[i - 1]))
        continue;
      if (k + 2 < e && is_dig (d[k + 2]))
        continue;
      if (pil)
        return i;
      gsize j = skip_hsp (d, k + 2, e);
      if (j < e && d[j] == '(')
        {
          gsize q = j + 1;
          while (q < e && q - j <= 10 && (is_up (d[q]) || d[q] == '/'))
            q++;
          if (q < e && d[q] == ')' && q > j + 1)
            return i;
        }
    }
  return 0;
}

/* An unnumbered first paragraph glued to a "Classified By" line: "... 1.4 (b) and (d). (C)
 * The Ambassador ...". Returns the marking's position (0 if none); *text gets where the
 * paragraph text starts. */
static gsize
embedded_marking (const char *d, gsize s, gsize e, gsize *text)
{
  for (gsize i = s + 2; i + 4 < e; i++)
    {
      if (d[i] != '(' || !is_hsp (d[i - 1]))
        continue;
      gsize b = i;
      while (b > s && is_hsp (d[b - 1]))
        b--;
      if (d[b - 1] != '.')
        continue;
      gsize q = i + 1;
      while (q < e && q - i <= 8 && (is_up (d[q]) || d[q] == '/'))
        q++;
      if (q + 2 < e && d[q] == ')' && q > i + 1 && is_hsp (d[q + 1]))
        {
          gsize t = skip_hsp (d, q + 1, e);
          if (t < e && (is_up (d[t]) || d[t] == '"'))
            {
              *text = t;
              return i;
            }
        }
    }
  return 0;
}

typedef enum { HM_NONE, HM_TO, HM_INFO, HM_TAGS, HM_REF, HM_CLASSBY, HM_HANDLING, HM_SKIP } HMode;

typedef struct {
  GArray *lines;       /* Ln, the header lines (bounded) */
  gboolean more;       /* lines follow the collected ones */
  gsize next_pos;      /* where the line after the collected ones starts */
  guint stop_para;     /* index of the first numbered paragraph line, or G_MAXUINT */
} Header;

static void
collect_header (const Ctx *c, gsize r0, gsize r1, Header *h)
{
  h->lines = g_array_new (FALSE, FALSE, sizeof (Ln));
  h->stop_para = G_MAXUINT;
  gsize pos = r0;
  while (pos < r1 && h->lines->len < HEADER_MAX_LINES)
    {
      Ln ln;
      gsize before = pos;
      line_at (&c->src, &pos, r1, &ln);
      ParaMark m;
      if (!ln_blank (&ln) && para_mark (&c->src, &ln, &m) && m.num <= 2 && h->lines->len > 0)
        {
          h->stop_para = h->lines->len;
          g_array_append_val (h->lines, ln);
          pos = before;
          break;
        }
      g_array_append_val (h->lines, ln);
    }
  h->next_pos = pos;
  h->more = pos < r1;
}

static inline const Ln *
hl (const Header *h, guint i)
{
  return &g_array_index (h->lines, Ln, i);
}

/* The line after a subject starts the body or another header field? */
static gboolean
header_keyword_line (const Ctx *c, const Ln *ln)
{
  const char *d = c->src.d;
  ParaMark m;
  return ref_kw (d, ln) || classby_kw (d, ln) || is_eo_line (d, ln) || tags_kw (d, ln)
         || subject_kw (d, ln) || para_mark (&c->src, ln, &m) || is_decl_line (d, ln);
}

static gboolean
has_reason (const char *d, gsize s, gsize e)
{
  return find_ci (d, s, e, "REASON") != G_MAXSIZE || find_ci (d, s, e, "1.4") != G_MAXSIZE
         || find_ci (d, s, e, "1.5") != G_MAXSIZE || find_ci (d, s, e, "1.6") != G_MAXSIZE;
}

/* From line @i, skips header blocks that may follow the subject (REF, Classified By,
 * E.O., TAGS, caveats, page breaks). Returns the first line that is none of them. */
static guint
skip_header_blocks (const Ctx *c, const Header *h, guint i, guint limit)
{
  const char *d = c->src.d;
  HMode mode = HM_NONE;
  gboolean reason = FALSE, after_ref = FALSE;
  for (; i < limit; i++)
    {
      const Ln *ln = hl (h, i);
      if (ln_blank (ln))
        {
          after_ref = mode == HM_REF || (after_ref && mode == HM_NONE);
          mode = HM_NONE;
          continue;
        }
      ParaMark m;
      if (para_mark (&c->src, ln, &m))
        return i;
      if (ref_kw (d, ln))
        {
          mode = HM_REF;
          continue;
        }
      gsize cb = classby_kw (d, ln);
      if (cb)
        {
          mode = HM_CLASSBY;
          reason = has_reason (d, ln->ts, ln->te);
          continue;
        }
      if (tags_kw (d, ln))
        {
          mode = HM_TAGS;
          continue;
        }
      if (is_eo_line (d, ln) || is_decl_line (d, ln) || is_caveat_line (d, ln, NULL, NULL)
          || is_page_break (d, ln) || is_class_line (d, ln, NULL) || page_prefix (d, ln))
        {
          mode = HM_NONE;
          continue;
        }
      if (mode == HM_REF && (is_ref_item_line (d, ln) || ln->te - ln->ts <= 100))
        {
          gboolean digit = FALSE;
          for (gsize k = ln->ts; k < ln_short_end (ln) && !digit; k++)
            digit = is_dig (d[k]);
          if (digit || is_ref_item_line (d, ln))
            continue;
        }
      if (mode == HM_CLASSBY && ln->te - ln->ts <= 100
          && (!reason || has_reason (d, ln->ts, ln->te) || ln->te - ln->ts <= 20
              || find_ci (d, ln->ts, ln->te, "(B") != G_MAXSIZE
              || find_ci (d, ln->ts, ln->te, "(D") != G_MAXSIZE))
        {
          reason = reason || has_reason (d, ln->ts, ln->te);
          continue;
        }
      if (mode == HM_TAGS && tags_continuation (d, ln))
        continue;
      if (after_ref && mode == HM_NONE && is_ref_item_line (d, ln))
        {
          mode = HM_REF;
          continue;
        }
      return i;
    }
  return limit;
}

/* End (exclusive) of the subject starting at line @s. */
static guint
subject_end (const Ctx *c, const Header *h, guint s)
{
  guint i = s + 1;
  for (; i < h->lines->len && i < s + 5; i++)
    {
      const Ln *ln = hl (h, i);
      if (ln_blank (ln) || ln->te - ln->ts > 100 || header_keyword_line (c, ln)
          || is_caveat_line (c->src.d, ln, NULL, NULL) || is_rule_line (c->src.d, ln)
          || is_class_line (c->src.d, ln, NULL))
        break;
    }
  return i;
}

typedef struct {
  gboolean have_dtg, have_cls;
  Dtg dtg;
  ClassLine cls;
  gboolean noforn, sensitive;
  gsize de_serial_s, de_serial_e; /* "DE RUEHME #4964" -> 4964 */
  char *alt_class;                /* a bare "CONFIDENTIAL" line, when no classification line */
  char *db_id;                    /* a bare "09NAIROBI1938" line (April 2011 pages) */
  const char *zclass;             /* from "ZNY CCCCC" */
  GString *refs, *classby;
  gboolean tags_done;
} HeaderFields;

/* Subject text of line @ln starting at @v: trailing and leading markings dropped, an
 * inline "REF:" cut off (and returned through @ref_at). */
static void
subject_line_text (const char *d, const Ln *ln, gsize v, gsize *s, gsize *e, gsize *ref_at)
{
  gsize a = v, b = ln->te;
  *ref_at = 0;
  gsize r = find_ci (d, a, b, " REF:");
  if (r != G_MAXSIZE)
    {
      *ref_at = r + 5;
      b = r;
    }
  while (b > a && is_hsp (d[b - 1]))
    b--;
  /* trailing marking "(C)", "(SBU)", "(U)" */
  if (b > a && d[b - 1] == ')')
    {
      gsize k = b - 1;
      while (k > a && k + 10 > b && d[k - 1] != '(')
        k--;
      if (k > a && d[k - 1] == '(')
        {
          gboolean ok = TRUE;
          for (gsize j = k; j < b - 1; j++)
            if (!(is_up (d[j]) || d[j] == '/'))
              ok = FALSE;
          if (ok && b - 1 > k && b - k <= 8)
            {
              b = k - 1;
              while (b > a && is_hsp (d[b - 1]))
                b--;
            }
        }
    }
  /* leading marking "(C) " */
  if (a < b && d[a] == '(')
    {
      gsize k = a + 1;
      while (k < b && k - a <= 8 && (is_up (d[k]) || d[k] == '/'))
        k++;
      if (k < b && d[k] == ')' && k > a + 1)
        a = skip_hsp (d, k + 1, b);
    }
  *s = a;
  *e = b;
}

/* "171357Z Jun 05" alone on a line (some "partial extract" pages). */
static gboolean
is_bare_dtg (const char *d, const Ln *ln, Dtg *out)
{
  if (ln->te - ln->ts != 14)
    return FALSE;
  char buf[15];
  memcpy (buf, d + ln->ts, 14);
  for (int k = 8; k < 11; k++)
    buf[k] = up (buf[k]);
  buf[14] = '\0';
  return dtg_at (buf, 0, 14, out);
}

/* A canonical reference id alone on a line: "09NAIROBI1938" (a database field left on some
 * April 2011 pages). */
static gboolean
is_db_id (const char *d, const Ln *ln)
{
  gsize i = ln->ts, e = ln->te;
  if (e - i < 6 || e - i > 40 || !is_dig (d[i]) || !is_dig (d[i + 1]))
    return FALSE;
  gsize k = i + 2;
  while (k < e && is_up (d[k]))
    k++;
  if (k - (i + 2) < 3)
    return FALSE;
  gsize n0 = k;
  while (k < e && is_dig (d[k]))
    k++;
  return k == e && k > n0 && k - n0 <= 6;
}

static void
parse_header_fields (Ctx *c, const Header *h, guint lo, guint hi, guint subj_s, guint subj_e,
                     HeaderFields *f)
{
  const char *d = c->src.d;
  EgDocMeta *meta = &c->doc->meta;
  gboolean lean = ((const DocPriv *) c->doc)->lean;
  HMode mode = HM_NONE;
  gboolean eo_or_subject_seen = FALSE;
  for (guint i = lo; i < hi; i++)
    {
      const Ln *ln = hl (h, i);
      if (i >= subj_s && i < subj_e)
        {
          eo_or_subject_seen = TRUE;
          mode = HM_NONE;
          continue;
        }
      if (ln_blank (ln))
        {
          if (mode == HM_CLASSBY || mode == HM_REF)
            g_string_append_c (mode == HM_REF ? f->refs : f->classby, ' ');
          if (mode != HM_HANDLING && mode != HM_REF)
            mode = HM_NONE;
          if (mode == HM_REF)
            mode = HM_SKIP; /* letter items after a blank line may still follow */
          continue;
        }
      Dtg dtg;
      ClassLine cl;
      gsize v;
      gboolean nf = FALSE, se = FALSE;
      gboolean cls_here = FALSE;
      if (!f->have_cls && (is_class_line_ci (d, ln, &cl) || find_class_in_line (d, ln, &cl)))
        {
          f->cls = cl;
          f->have_cls = TRUE;
          f->noforn = cl.noforn;
          cls_here = TRUE;
        }
      if (find_ci (d, ln->ts, ln_short_end (ln), "SENSITIVE BUT UNCLASSIFIED") != G_MAXSIZE)
        f->sensitive = TRUE;
      if (f->have_cls && !eo_or_subject_seen)
        {
          /* handling lines: "SENSITIVE SIPDIS DEPT FOR NEA/MAG", "NOFORN SIPDIS" */
          gsize e = ln_short_end (ln);
          for (gsize k = ln->ts; k < e; k++)
            if ((d[k] == 'S' || d[k] == 'N') && word_start_at (d, ln->ts, k))
              {
                if (has_prefix (d, k, e, "SENSITIVE") && word_end_at (d, k + 9, e))
                  f->sensitive = TRUE;
                if (has_prefix (d, k, e, "NOFORN") && word_end_at (d, k + 6, e))
                  f->noforn = TRUE;
              }
        }
      if (!f->tags_done && !tags_kw (d, ln) && inline_tags (meta->tags, d, ln))
        {
          /* "STATE FOR NEA/MAG E.O. 12958: DECL: 12/14/2019 TAGS: PGOV PHUM" */
          f->tags_done = TRUE;
          eo_or_subject_seen = TRUE;
        }
      if (cls_here)
        {
          mode = HM_HANDLING;
          continue;
        }
      if (has_prefix (d, ln->ts, ln->te, "ZNY ") || has_prefix (d, ln->ts, ln->te, "ZNR "))
        {
          /* "ZNY CCCCC": the transmission classification, a last resort */
          static const char *const Z[][2] = { { "UUUUU", "UNCLASSIFIED" }, { "CCCCC", "CONFIDENTIAL" },
                                              { "SSSSS", "SECRET" } };
          for (gsize k = 0; k < G_N_ELEMENTS (Z); k++)
            if (has_prefix (d, ln->ts + 4, ln->te, Z[k][0]) && !f->zclass)
              f->zclass = Z[k][1];
        }
      if (has_prefix (d, ln->ts, ln->te, "VZCZC") || is_routing_line (d, ln))
        {
          if (has_prefix (d, ln->ts, ln->te, "DE ") && !f->de_serial_e)
            {
              const char *hash = memchr (d + ln->ts, '#', ln_short_end (ln) - ln->ts);
              if (hash)
                {
                  gsize k = (gsize) (hash - d) + 1, k0 = k;
                  while (k < ln->te && is_dig (d[k]))
                    k++;
                  if (k > k0)
                    {
                      f->de_serial_s = k0;
                      f->de_serial_e = k;
                    }
                }
            }
          mode = HM_NONE;
          continue;
        }
      if (is_dtg_line (d, ln, &dtg))
        {
          if (!f->have_dtg)
            {
              f->dtg = dtg;
              f->have_dtg = TRUE;
            }
          mode = HM_NONE;
          continue;
        }
      if (has_prefix (d, ln->ts, ln->te, "FM ") || has_prefix (d, ln->ts, ln->te, "FM\t"))
        {
          if (!meta->origin)
            {
              gsize a = skip_hsp (d, ln->ts + 3, ln->te), b = ln->te;
              if (b > a)
                meta->origin = collapse_ws (d, a, b);
            }
          mode = HM_NONE;
          continue;
        }
      if (has_prefix (d, ln->ts, ln->te, "TO ") || has_prefix (d, ln->ts, ln->te, "TO\t"))
        {
          if (!lean)
            add_addressee (meta->recipients, d, ln->ts + 3, ln->te);
          mode = HM_TO;
          continue;
        }
      if (has_prefix (d, ln->ts, ln->te, "INFO ") || has_prefix (d, ln->ts, ln->te, "INFO\t"))
        {
          if (find_ci (d, ln->ts, ln_short_end (ln), "LOG-") != G_MAXSIZE)
            mode = HM_SKIP;
          else
            {
              if (!lean)
                add_addressee (meta->info_recipients, d, ln->ts + 5, ln->te);
              mode = HM_INFO;
            }
          continue;
        }
      if (has_prefix (d, ln->ts, ln->te, "XMT ") || has_prefix (d, ln->ts, ln->te, "ACTION ")
          || has_prefix (d, ln->ts, ln->te, "ORIGIN ") || has_prefix (d, ln->ts, ln->te, "PAGE ")
          || is_partial_note (d, ln))
        {
          mode = HM_NONE;
          if (!f->have_dtg && find_dtg_in_line (d, ln, &dtg))
            {
              f->dtg = dtg;
              f->have_dtg = TRUE;
            }
          continue;
        }
      if (is_caveat_line (d, ln, &nf, &se))
        {
          if (f->have_cls && !eo_or_subject_seen)
            {
              f->noforn |= nf;
              f->sensitive |= se;
            }
          continue;
        }
      if (is_eo_line (d, ln))
        {
          eo_or_subject_seen = TRUE;
          mode = HM_NONE;
          continue;
        }
      if ((v = tags_kw (d, ln)) != 0)
        {
          eo_or_subject_seen = eo_or_subject_seen || f->have_cls;
          if (!f->tags_done)
            {
              add_tags (meta->tags, d, v, ln->te);
              mode = HM_TAGS;
            }
          else
            mode = HM_SKIP;
          continue;
        }
      if ((v = ref_kw (d, ln)) != 0)
        {
          g_string_append_c (f->refs, ';');
          g_string_append_len (f->refs, d + v, (gssize) (ln->te - v));
          mode = HM_REF;
          continue;
        }
      if ((v = classby_kw (d, ln)) != 0)
        {
          if (f->classby->len == 0)
            {
              g_string_append_len (f->classby, d + v, (gssize) (ln->te - v));
              mode = HM_CLASSBY;
            }
          else
            mode = HM_SKIP;
          continue;
        }
      if (ln->te - ln->ts <= 20 && is_bare_dtg (d, ln, &dtg))
        {
          if (!f->have_dtg)
            {
              f->dtg = dtg;
              f->have_dtg = TRUE;
            }
          continue;
        }
      if (!f->db_id && !eo_or_subject_seen && is_db_id (d, ln))
        {
          f->db_id = g_strndup (d + ln->ts, ln->te - ln->ts);
          continue;
        }
      if (!f->have_cls && !f->alt_class && has_prefix_ci (d, ln->ts, ln->te, "CLASSIFICATION:"))
        {
          char main[24];
          gsize k = skip_hsp (d, ln->ts + 15, ln->te);
          if (class_word_at (d, k, ln->te, main, sizeof main, TRUE))
            f->alt_class = g_strdup (main);
          continue;
        }
      if (!f->have_cls && !f->alt_class && ln->te - ln->ts < 40)
        {
          /* "CONFIDENTIAL", "SECRET//NOFORN", "CONFIDENTIAL     PTQ2529" */
          char main[24];
          gsize k = class_word_at (d, ln->ts, ln->te, main, sizeof main, FALSE);
          if (k && (k == ln->te || d[k] == '/' || is_hsp (d[k])))
            {
              gsize rest = skip_hsp (d, k, ln->te);
              if (rest == ln->te || d[rest] == '/' || ln->te - rest <= 8)
                {
                  f->alt_class = g_strdup (main);
                  if (find_ci (d, k, ln->te, "NOFORN") != G_MAXSIZE)
                    f->noforn = TRUE;
                  continue;
                }
            }
        }
      /* continuation lines */
      switch (mode)
        {
        case HM_TO:
          if (!lean)
            add_addressee (meta->recipients, d, ln->ts, ln->te);
          break;
        case HM_INFO:
          if (!lean)
            add_addressee (meta->info_recipients, d, ln->ts, ln->te);
          break;
        case HM_TAGS:
          if (tags_continuation (d, ln) && !subject_kw (d, ln))
            add_tags (meta->tags, d, ln->ts, ln->te);
          else
            mode = HM_NONE;
          f->tags_done = TRUE;
          break;
        case HM_SKIP:
          if (is_ref_item_line (d, ln) && f->refs->len)
            {
              g_string_append_c (f->refs, ';');
              g_string_append_len (f->refs, d + ln->ts, (gssize) (ln->te - ln->ts));
              mode = HM_REF;
            }
          break;
        case HM_REF:
          g_string_append_c (f->refs, ' ');
          g_string_append_len (f->refs, d + ln->ts, (gssize) (ln->te - ln->ts));
          break;
        case HM_CLASSBY:
          if (is_page_break (d, ln))
            break;
          g_string_append_c (f->classby, ' ');
          g_string_append_len (f->classby, d + ln->ts, (gssize) (ln->te - ln->ts));
          break;
        case HM_HANDLING:
          if (!eo_or_subject_seen && has_prefix (d, ln->ts, ln->te, "NOFORN"))
            f->noforn = TRUE;
          break;
        case HM_NONE:
          break;
        }
      if (mode == HM_TAGS && !tags_continuation (d, ln))
        mode = HM_NONE;
    }
  if (!f->have_dtg)
    for (guint i = lo; i < MIN (hi, lo + 64) && !f->have_dtg; i++)
      if (find_dtg_in_line (d, hl (h, i), &f->dtg))
        f->have_dtg = TRUE;
}

/* Adds the subject lines as text spans and the subject window, and fills meta.subject. */
static void
add_subject (Ctx *c, const Header *h, guint s, guint e, HeaderFields *f)
{
  const char *d = c->src.d;
  GString *subj = g_string_new (NULL);
  gsize ws = 0, we = 0;
  for (guint i = s; i < e; i++)
    {
      const Ln *ln = hl (h, i);
      gsize v = i == s ? subject_kw (d, ln) : ln->ts, a, b, ref_at;
      if (v == 0)
        continue;
      subject_line_text (d, ln, v, &a, &b, &ref_at);
      if (ref_at)
        {
          g_string_append_c (f->refs, ';');
          g_string_append_len (f->refs, d + ref_at, (gssize) (ln->te - ref_at));
        }
      if (b <= a)
        continue;
      EgSpan sp = { (guint32) a, (guint32) b };
      guint8 hard = 1;
      g_array_append_val (c->doc->text, sp);
      g_array_append_val (c->hard, hard);
      if (!ws)
        ws = a;
      we = b;
      char *part = collapse_ws (d, a, b);
      if (subj->len)
        g_string_append_c (subj, ' ');
      g_string_append (subj, part);
      g_free (part);
    }
  /* the subject is one sentence run: mark the continuation spans soft */
  for (guint k = 1; k < c->hard->len; k++)
    g_array_index (c->hard, guint8, k) = 0;
  if (we > ws)
    add_window (c->doc, ws, we, 0, EG_WINDOW_SUBJECT);
  if (subj->len)
    c->doc->meta.subject = g_string_free (subj, FALSE);
  else
    g_string_free (subj, TRUE);
}

static void
finish_meta (Ctx *c, HeaderFields *f)
{
  const char *d = c->src.d;
  EgDocMeta *meta = &c->doc->meta;
  int yy = f->have_dtg ? f->dtg.year % 100 : -1;
  if (f->have_dtg)
    meta->date = iso_minute (f->dtg.year, f->dtg.mon, f->dtg.day, f->dtg.hour, f->dtg.min);
  const char *main = f->have_cls ? f->cls.main : f->alt_class ? f->alt_class : f->zclass;
  if (main)
    {
      const char *cav = NULL;
      if (f->noforn && strcmp (main, "UNCLASSIFIED") != 0)
        cav = "NOFORN";
      else if (f->sensitive && strcmp (main, "UNCLASSIFIED") == 0)
        cav = "FOR OFFICIAL USE ONLY";
      meta->classification = cav ? g_strconcat (main, "//", cav, NULL) : g_strdup (main);
    }
  if (f->have_cls && f->have_dtg)
    {
      /* strip zeros; check the DE serial when there is one: a mismatch means the page
       * holds another cable's body, and then the id is not certain */
      gsize z = f->cls.num_s;
      while (z < f->cls.num_e - 1 && d[z] == '0')
        z++;
      gboolean ok = TRUE;
      if (f->de_serial_e)
        {
          /* the DE line carries the last four digits of the number: "#0826" for 010826 */
          gsize nd = f->de_serial_e - f->de_serial_s, nc = f->cls.num_e - f->cls.num_s;
          gsize m = MIN (nd, nc);
          ok = memcmp (d + f->de_serial_e - m, d + f->cls.num_e - m, m) == 0;
          for (gsize k = f->de_serial_s; k < f->de_serial_e - m; k++)
            ok = ok && d[k] == '0';
        }
      GString *org = g_string_new (NULL);
      for (gsize k = f->cls.origin_s; k < f->cls.origin_e; k++)
        if (is_al (d[k]) || d[k] == '-')
          g_string_append_c (org, up (d[k]));
      if (ok && meta->origin)
        {
          /* the FM line must name the same post: "FM AMEMBASSY BANGKOK" with "TAIPEI 000320"
           * is a page holding another cable's body */
          gsize lw = f->cls.origin_e;
          while (lw > f->cls.origin_s && !is_hsp (d[lw - 1]))
            lw--;
          char *last = g_ascii_strup (d + lw, (gssize) (f->cls.origin_e - lw));
          GString *fm = g_string_new (NULL);
          for (const char *q = meta->origin; *q; q++)
            if (is_al (*q))
              g_string_append_c (fm, up (*q));
          ok = strstr (fm->str, last) != NULL;
          g_string_free (fm, TRUE);
          g_free (last);
        }
      if (ok)
        {
          GString *id = g_string_new (NULL);
          append_2d (id, yy);
          g_string_append (id, org->str);
          g_string_append_len (id, d + z, (gssize) (f->cls.num_e - z));
          meta->id = g_string_free (id, FALSE);
        }
      g_string_free (org, TRUE);
    }
  if (!meta->id && f->db_id)
    meta->id = g_strdup (f->db_id);
  /* (what only a listing of documents shows: left out of a lean read) */
  gboolean lean = ((const DocPriv *) c->doc)->lean;
  if (f->refs->len && !lean)
    parse_refs (meta->references, f->refs->str, yy);
  if (f->classby->len && !lean)
    meta->classified_by = classified_by_name (f->classby->str);
  /* an own id among the references is not a reference */
  if (meta->id)
    for (guint i = 0; i < meta->references->len; i++)
      if (strcmp (g_ptr_array_index (meta->references, i), meta->id) == 0)
        g_ptr_array_remove_index (meta->references, i--);
}

static gboolean
has_digit (const char *d, const Ln *ln)
{
  for (gsize k = ln->ts; k < ln_short_end (ln); k++)
    if (is_dig (d[k]))
      return TRUE;
  return FALSE;
}

/* Does a repeated header (E.O., TAGS or SUBJECT) follow within a few lines of @pos, before
 * any numbered paragraph? Looks at no more than 12 lines. */
static gboolean
header_follows (const Src *src, gsize pos, gsize end)
{
  for (int n = 0; n < 12 && pos < end; n++)
    {
      Ln ln;
      line_at (src, &pos, end, &ln);
      ParaMark m;
      if (ln_blank (&ln))
        continue;
      if (is_eo_line (src->d, &ln) || tags_kw (src->d, &ln) || subject_kw (src->d, &ln))
        return TRUE;
      if (para_mark (src, &ln, &m))
        return FALSE;
    }
  return FALSE;
}

/* A database record line of April 2011 pages: "74239,8/9/2006 14:00,06THEHAGUE1739,..." or
 * "2008-12-02 14:39:00<TAB>08BERN612<TAB>...". */
static gboolean
is_db_record (const char *d, const Ln *ln)
{
  gsize i = ln->ts, end = ln_short_end (ln);
  while (i < end && is_dig (d[i]))
    i++;
  if (i == ln->ts || i >= end)
    return FALSE;
  if (d[i] == ',' || d[i] == '\t')
    {
      gsize k = i + 1;
      gsize n0 = k;
      while (k < end && is_dig (d[k]))
        k++;
      return k > n0 && k < end && (d[k] == '/' || d[k] == '-');
    }
  if (d[i] == '-' && i - ln->ts == 4)
    return find_ci (d, i, end, "\t") != G_MAXSIZE;
  return FALSE;
}

/* Streams the body lines [b0, b1) into the builder. @cut: a line ending past it ends
 * there (a glued signature). */
static void
stream_body (Ctx *c, Builder *b, gsize b0, gsize b1, gsize cut, gboolean news, HeaderFields *f)
{
  gboolean take_refs = f->refs->len == 0, take_classby = f->classby->len == 0;
  const Src *src = &c->src;
  const char *d = src->d;
  gsize pos = b0;
  guint last = 0;
  gboolean marked_mode = FALSE;
  int marked_run = 0;
  int routing = 0;
  int rh = 0, rh_lines = 0; /* in a repeated header: 1 before its E.O./SUBJECT, 2 after */
  gboolean rh_reason = FALSE;
  HMode rh_sub = HM_NONE;
  guint pending_para = 0;
  gboolean prev_text = FALSE; /* the previous line was text (no blank in between) */
  char prev_last = 0;
  while (pos < b1)
    {
      Ln ln;
      line_at (src, &pos, b1, &ln);
      if (cut && ln.ts < cut && ln.te > cut)
        {
          ln.te = cut;
          while (ln.te > ln.ts && is_hsp (d[ln.te - 1]))
            ln.te--;
        }
      if (ln_blank (&ln))
        {
          rh_sub = HM_NONE;
          b_blank (b);
          prev_text = FALSE;
          continue;
        }
      ParaMark pm = { 0 };
      gboolean is_para = para_mark (src, &ln, &pm);
      /* the routing header of a later section or of a second copy ("PAGE 01 ...",
       * "ACTION EUR-00", "INFO LOG-00", "P 231625Z JUL 02", a database record "74239,8/9/2006
       * 14:00,06THEHAGUE1739,...") up to its classification line */
      if (!routing && (is_dtg_line (d, &ln, NULL) || is_office_line (d, &ln) || is_db_record (d, &ln)
                       || (page_prefix (d, &ln) && page_prefix (d, &ln) >= ln.te)))
        routing = 60;
      if (routing > 0)
        {
          ClassLine cl;
          if (is_para || ln.te - ln.ts > 150)
            routing = 0;
          else
            {
              routing--;
              if (is_class_line_ci (d, &ln, &cl) || find_class_in_line (d, &ln, &cl))
                {
                  /* the header fields of the copy follow: handling lines, E.O., TAGS,
                   * SUBJECT, REF, Classified By */
                  routing = 0;
                  rh = header_follows (src, pos, b1) ? 1 : 0;
                  rh_lines = 0;
                }
              b_soft (b);
              continue;
            }
        }
      if (rh && is_para)
        rh = 0;
      if (rh)
        {
          gsize v;
          gboolean field = TRUE;
          if (is_caveat_line (d, &ln, NULL, NULL) || is_page_break (d, &ln))
            rh_sub = rh == 1 ? HM_HANDLING : HM_NONE;
          else if (is_eo_line (d, &ln) || is_decl_line (d, &ln))
            rh_sub = HM_NONE;
          else if (tags_kw (d, &ln))
            rh_sub = HM_TAGS;
          else if ((v = subject_kw (d, &ln)) != 0)
            {
              rh_sub = HM_SKIP; /* the subject and up to three more lines */
              rh_lines = 0;
            }
          else if ((v = ref_kw (d, &ln)) != 0)
            {
              rh_sub = HM_REF;
              if (take_refs)
                {
                  g_string_append_c (f->refs, ';');
                  g_string_append_len (f->refs, d + v, (gssize) (ln.te - v));
                }
            }
          else if ((v = classby_kw (d, &ln)) != 0)
            {
              rh_sub = HM_CLASSBY;
              rh_reason = has_reason (d, ln.ts, ln.te);
              if (take_classby)
                g_string_append_len (f->classby, d + v, (gssize) (ln.te - v));
            }
          else if (rh == 1 && ++rh_lines <= 12)
            rh_sub = HM_HANDLING; /* "STATE FOR EUR/RPM" before the E.O. line */
          else if (rh == 2 && ln.te - ln.ts <= 100
                   && ((rh_sub == HM_SKIP && ++rh_lines <= 3 && !is_rule_line (d, &ln))
                       || (rh_sub == HM_CLASSBY && (!rh_reason || has_reason (d, ln.ts, ln.te)))))
            {
              rh_reason = rh_reason || has_reason (d, ln.ts, ln.te);
              if (rh_sub == HM_CLASSBY && take_classby)
                {
                  g_string_append_c (f->classby, ' ');
                  g_string_append_len (f->classby, d + ln.ts, (gssize) (ln.te - ln.ts));
                }
            }
          else if (rh_sub == HM_REF && (is_ref_item_line (d, &ln) || (ln.te - ln.ts <= 100 && has_digit (d, &ln))))
            {
              if (take_refs)
                {
                  g_string_append_c (f->refs, ' ');
                  g_string_append_len (f->refs, d + ln.ts, (gssize) (ln.te - ln.ts));
                }
            }
          else if (rh_sub == HM_TAGS && tags_continuation (d, &ln))
            ;
          else
            field = FALSE;
          if (field)
            {
              if (rh_sub != HM_HANDLING)
                rh = 2;
              b_soft (b);
              continue;
            }
          rh = 0;
        }
      int site = news ? site_line (d, &ln) : 0;
      gsize pp;
      if (site || is_page_break (d, &ln) || is_caveat_line (d, &ln, NULL, NULL)
          || is_eo_header_line (d, &ln) || tags_kw (d, &ln))
        {
          b_soft (b);
          continue;
        }
      if (is_class_word_line (d, &ln))
        {
          b_soft (b);
          continue;
        }
      if (is_class_line (d, &ln, NULL))
        {
          /* repeated after a page break; a whole repeated header may follow */
          if (header_follows (src, pos, b1))
            {
              rh = 1;
              rh_lines = 0;
            }
          b_soft (b);
          continue;
        }
      if (is_rule_line (d, &ln))
        {
          b_hard (b, TRUE);
          prev_text = FALSE;
          continue;
        }
      if (ln.te - ln.ts <= 8)
        {
          /* "...", ">", a stray quote: page debris */
          gboolean alnum = FALSE;
          for (gsize k = ln.ts; k < ln.te && !alnum; k++)
            alnum = is_al (d[k]) || is_dig (d[k]) || (unsigned char) d[k] >= 0x80;
          if (!alnum)
            {
              b_soft (b);
              continue;
            }
        }
      if (is_visit_line (d, &ln))
        {
          b_hard (b, FALSE);
          prev_text = FALSE;
          continue;
        }
      guint flags = 0;
      gsize ts = ln.ts, te = ln.te;
      if (te - ts > 150 && is_class_line_ci (d, &ln, NULL))
        {
          /* a whole section flattened onto one line: its header runs to the first marker */
          gsize at = embedded_para (d, ts, te);
          if (at)
            {
              ts = at;
              flags |= LF_GAP_BEFORE;
              b_soft (b);
            }
        }
      if ((pp = page_prefix (d, &ln)) != 0)
        {
          flags |= LF_GAP_BEFORE;
          ts = pp;
          b_soft (b);
          if (ts >= te)
            continue;
        }
      /* a trailing classification word after two spaces: "... IS  CONFIDENTIAL" */
      if (te - ts > 20)
        {
          static const char *const TAIL[] = { "  CONFIDENTIAL", "  SECRET", "  UNCLASSIFIED",
                                              "  UNCLAS" };
          char end_byte = d[te - 1]; /* (each ends in one of these) */
          gboolean may_end = end_byte == 'L' || end_byte == 'T' || end_byte == 'D' || end_byte == 'S';
          for (gsize k = 0; k < G_N_ELEMENTS (TAIL) && may_end; k++)
            {
              gsize n = strlen (TAIL[k]);
              if (te - ts > n && memcmp (d + te - n, TAIL[k], n) == 0)
                {
                  te -= n;
                  while (te > ts && is_hsp (d[te - 1]))
                    te--;
                  flags |= LF_GAP_AFTER;
                  break;
                }
            }
        }
      ParaMark m = pm;
      guint para = 0;
      Ln sub = ln;
      sub.ts = ts;
      if (ts == ln.ts ? is_para : para_mark (src, &sub, &m)) /* (the same line: the same mark) */
        {
          /* numbers run on: a marked paragraph may skip a few (pages lose some), and a
           * marked "1." after marked paragraphs starts a second cable on the same page */
          gboolean seq = (last == 0) ? (m.num <= 3 || (m.marked && m.num <= 99))
                                     : (m.num > last && m.num <= last + (m.marked ? 10 : 3))
                                         || (m.num == 1 && m.marked && marked_mode)
                                         || (m.num == last && m.marked && marked_mode);
          gboolean cont = prev_text && !m.marked
                          && !(prev_last == '.' || prev_last == ':' || prev_last == '?'
                               || prev_last == '!' || prev_last == '"' || prev_last == ')'
                               || prev_last == ';');
          if (seq && !cont && !(marked_mode && !m.marked))
            {
              para = m.num;
              last = m.num;
              ts = m.text;
              marked_run = m.marked ? marked_run + 1 : 0;
              if (marked_run >= 2 && !marked_mode)
                marked_mode = TRUE;
            }
        }
      if (ts >= te)
        {
          /* a marker alone on its line: the number goes to the next text line */
          pending_para = para ? para : pending_para;
          continue;
        }
      if (!para && pending_para)
        para = pending_para;
      pending_para = 0;
      b_text (b, ts, te, para, flags);
      prev_text = TRUE;
      prev_last = te > ts ? d[te - 1] : prev_last;
    }
}

/* Does the line end like a finished sentence (or is it a long one-line paragraph)? */
static gboolean
ends_sentence (const char *d, const Ln *ln)
{
  if (ln_blank (ln))
    return FALSE;
  if (ln->te - ln->ts > 120)
    return TRUE;
  gsize e = ln->te;
  if (e - ln->ts >= 3 && (has_prefix (d, e - 3, e, "\xe2\x80\x9d") || has_prefix (d, e - 3, e, "\xe2\x80\x99")))
    return TRUE;
  char c = d[e - 1];
  if (c == '.' || c == '?' || c == '!' || c == '"' || c == ')' || c == ':' || c == ';'
      || c == '\'')
    return TRUE;
  /* "End Comment", "END SUMMARY" without a period */
  gsize w = e;
  while (w > ln->ts && is_al (d[w - 1]))
    w--;
  gsize b = w;
  while (b > ln->ts && is_hsp (d[b - 1]))
    b--;
  return b >= ln->ts + 3 && span_eq_ci (d, b - 3, b, "END") && (b - 3 == ln->ts || !is_al (d[b - 4]));
}

/* Scans back from @r1 over trailers and the signature; returns where the body ends and
 * fills the signers. *cut is set when the signature is glued to the last line. */
static gsize
scan_tail (Ctx *c, gsize lo, gsize r1, gsize *cut)
{
  const Src *src = &c->src;
  const char *d = src->d;
  gsize sig_s[2], sig_e[2]; /* signature lines, bottom up */
  int n_sig = 0;
  gsize hi = r1, body_end = r1;
  gsize last_sig_end = 0;     /* end of the lowest signature line accepted ... */
  gboolean sig_touches = FALSE; /* ... and nothing between it and the line above */
  *cut = 0;
  Ln ln;
  while (line_before (src, lo, hi, &ln))
    {
      gboolean alnum = FALSE;
      for (gsize k = ln.ts; k < ln.te && k < ln.ts + 64 && !alnum; k++)
        alnum = is_al (d[k]) || is_dig (d[k]);
      char word[24];
      gboolean trailer = ln_blank (&ln) || !alnum || is_page_break (d, &ln)
                         || is_class_line (d, &ln, NULL) || is_caveat_line (d, &ln, NULL, NULL)
                         || is_visit_line (d, &ln) || is_routing_line (d, &ln)
                         || find_ci (d, ln.ts, ln_short_end (&ln), "CABLE ENDS") != G_MAXSIZE
                         || span_eq_ci (d, ln.ts, ln.te, "End Cable Text")
                         || is_class_word_line (d, &ln) || is_redaction (d, &ln)
                         || (ln.te - ln.ts < 40 && class_word_at (d, ln.ts, ln.te, word, sizeof word, FALSE));
      if (trailer)
        {
          sig_touches = FALSE;
          hi = ln.s;
          body_end = ln.s;
          continue;
        }
      if (n_sig < 2 && is_signature_line (d, &ln))
        {
          sig_s[n_sig] = ln.ts;
          sig_e[n_sig] = sig_end (d, &ln);
          n_sig++;
          last_sig_end = ln.e;
          sig_touches = TRUE;
          hi = ln.s;
          body_end = ln.s;
          continue;
        }
      /* the body's last line: a "signature" right under an unfinished sentence is text */
      if (sig_touches && !ends_sentence (d, &ln))
        {
          body_end = last_sig_end;
          n_sig--;
        }
      if (n_sig == 0)
        {
          gsize g = glued_signature (d, &ln);
          if (g)
            {
              *cut = g;
              sig_s[0] = g;
              sig_e[0] = ln.te;
              n_sig = 1;
            }
        }
      break;
    }
  for (int k = n_sig - 1; k >= 0; k--)
    add_signers (c->doc->meta.signers, d, sig_s[k], sig_e[k]);
  return body_end;
}

/* Reads the cable in [r0, r1). */
static void
parse_cable (Ctx *c, gsize r0, gsize r1, gboolean news)
{
  const char *d = c->src.d;
  Header h;
  collect_header (c, r0, r1, &h);
  guint nl = h.lines->len;
  guint para = h.stop_para;
  guint scan_to = para != G_MAXUINT ? para : nl;

  /* anchors: the classification line, the subject */
  guint cls = G_MAXUINT, subj = G_MAXUINT;
  for (guint i = 0; i < MIN (scan_to, 300u); i++)
    {
      ClassLine cl;
      if (is_class_line_ci (d, hl (&h, i), &cl) || find_class_in_line (d, hl (&h, i), &cl))
        {
          cls = i;
          break;
        }
    }
  for (guint i = cls != G_MAXUINT ? cls : 0; i < scan_to && subj == G_MAXUINT; i++)
    if (subject_kw (d, hl (&h, i)))
      subj = i;
  /* a "Subject:" before the classification line belongs to a wrapper (an e-mail, a
   * database page) and is not taken */

  guint subj_e = subj, hend;
  if (subj != G_MAXUINT)
    {
      subj_e = subject_end (c, &h, subj);
      hend = skip_header_blocks (c, &h, subj_e, scan_to);
    }
  else if (para != G_MAXUINT)
    hend = para;
  else
    {
      /* no subject, no numbered paragraph: the header ends after its last field */
      guint lastkw = G_MAXUINT;
      for (guint i = 0; i < MIN (nl, 300u); i++)
        {
          const Ln *ln = hl (&h, i);
          if (is_routing_line (d, ln) || is_dtg_line (d, ln, NULL) || is_eo_line (d, ln)
              || tags_kw (d, ln) || ref_kw (d, ln) || classby_kw (d, ln)
              || is_class_line (d, ln, NULL) || is_caveat_line (d, ln, NULL, NULL)
              || has_prefix (d, ln->ts, ln->te, "FM ") || has_prefix (d, ln->ts, ln->te, "TO ")
              || is_partial_note (d, ln))
            lastkw = i;
        }
      hend = lastkw == G_MAXUINT ? 0 : skip_header_blocks (c, &h, lastkw, nl);
      /* the addressee lists of a header: keep them out of the body */
      if (lastkw != G_MAXUINT && hend <= lastkw)
        hend = lastkw + 1;
    }

  /* flattened pages glue the first paragraph to a header line ("REF: TRIPOLI 126  1. (C)
   * Summary: ..."): the body starts at the marker */
  gsize split_at = 0;
  for (guint i = subj != G_MAXUINT ? subj : (cls != G_MAXUINT ? cls : 0); i < hend && i < nl; i++)
    {
      Ln *ln = &g_array_index (h.lines, Ln, i);
      gsize at = ln->te - ln->ts > 150 ? embedded_para (d, ln->ts, ln->te) : 0, text_at = at;
      if (!at && ln->te - ln->ts > 150 && classby_kw (d, ln))
        at = embedded_marking (d, ln->ts, ln->te, &text_at);
      if (at)
        {
          split_at = text_at;
          ln->te = at;
          while (ln->te > ln->ts && is_hsp (d[ln->te - 1]))
            ln->te--;
          if (i < subj_e && subj != G_MAXUINT)
            subj_e = i + 1;
          hend = i + 1;
          break;
        }
    }

  HeaderFields f = { 0 };
  f.refs = g_string_new (NULL);
  f.classby = g_string_new (NULL);
  parse_header_fields (c, &h, 0, hend, subj, subj_e, &f);
  if (subj != G_MAXUINT)
    add_subject (c, &h, subj, subj_e, &f);

  gsize body0 = split_at ? split_at : hend < nl ? hl (&h, hend)->s : h.next_pos;
  g_array_free (h.lines, TRUE);

  gsize cut = 0;
  gsize body1 = scan_tail (c, body0, r1, &cut);
  Builder b = { 0 };
  b.doc = c->doc;
  b.hard = c->hard;
  b.blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  if (body1 > body0)
    stream_body (c, &b, body0, body1, cut, news, &f);
  finish_meta (c, &f);
  g_string_free (f.refs, TRUE);
  g_string_free (f.classby, TRUE);
  g_free (f.alt_class);
  g_free (f.db_id);
  b_finish (&b);
  windows_from_blocks (c->doc, b.blocks);
  g_array_free (b.blocks, TRUE);
}

/* ------------------------------------------------------------------------------------ */
/* Plain text and HTML                                                                    */

static void
parse_plain (Ctx *c, gsize r0, gsize r1)
{
  Builder b = { 0 };
  b.doc = c->doc;
  b.hard = c->hard;
  b.blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  gsize pos = r0;
  while (pos < r1)
    {
      Ln ln;
      line_at (&c->src, &pos, r1, &ln);
      if (ln_blank (&ln))
        b_blank (&b);
      else
        b_text (&b, ln.ts, ln.te, 0, 0);
    }
  b_finish (&b);
  /* every blank-line paragraph is a window, numbered by position */
  for (guint i = 0; i < b.blocks->len; i++)
    {
      const Block *bl = &g_array_index (b.blocks, Block, i);
      if (bl->n_lines)
        add_window (c->doc, bl->start, bl->end, c->doc->windows->len + 1, EG_WINDOW_PARAGRAPH);
    }
  g_array_free (b.blocks, TRUE);
}

static gboolean
is_block_tag (const char *d, gsize s, gsize e)
{
  static const char *const B[] = { "p", "br", "div", "pre", "li", "ul", "ol", "h1", "h2", "h3",
                                   "h4", "h5", "h6", "tr", "td", "th", "table", "blockquote",
                                   "section", "article", "header", "footer", "hr", "dd", "dt",
                                   "dl", "title", "body", "head", "html", "form", "nav",
                                   "aside", "main", "address", "figure", "figcaption",
                                   "caption", "tbody", "thead" };
  for (gsize k = 0; k < G_N_ELEMENTS (B); k++)
    if (span_eq_ci (d, s, e, B[k]))
      return TRUE;
  return FALSE;
}

/* Finds "</name" (case-insensitive) from @i; returns the position after its '>' or @end. */
static gsize
skip_raw_text (const char *d, gsize i, gsize end, const char *name)
{
  gsize n = strlen (name);
  while (i < end)
    {
      const char *lt = memchr (d + i, '<', end - i);
      if (!lt)
        return end;
      gsize k = (gsize) (lt - d);
      if (k + 2 + n <= end && d[k + 1] == '/' && has_prefix_ci (d, k + 2, end, name))
        {
          const char *gt = memchr (d + k, '>', end - k);
          return gt ? (gsize) (gt - d) + 1 : end;
        }
      i = k + 1;
    }
  return end;
}

typedef struct {
  GArray *segs;  /* EgSpan: text outside tags, comments, script and style */
  GArray *hard;  /* guint8 per segment: a block tag or blank <pre> line precedes it */
  gsize pre_s, pre_e; /* from the first <pre> content to the last </pre> */
} HtmlScan;

static void
html_add_seg (HtmlScan *hs, const char *d, gsize s, gsize e, gboolean *pending_hard,
              gboolean in_pre)
{
  /* inside <pre>, blank lines separate paragraphs; elsewhere white space is collapsed */
  gsize i = s;
  while (i < e)
    {
      gsize le = e;
      if (in_pre)
        {
          const char *nl = memchr (d + i, '\n', e - i);
          le = nl ? (gsize) (nl - d) + 1 : e;
        }
      gsize a = i, z = le;
      while (a < z && ws_len (d, a, z))
        a += ws_len (d, a, z);
      while (z > a && ws_len_back (d, a, z))
        z -= ws_len_back (d, a, z);
      if (z > a)
        {
          EgSpan sp = { (guint32) a, (guint32) z };
          guint8 h = *pending_hard ? 1 : 0;
          if (hs->segs->len > 0 && !h)
            {
              /* join with the previous segment when only white space separates them */
              EgSpan *prev = &g_array_index (hs->segs, EgSpan, hs->segs->len - 1);
              gboolean only_ws = TRUE;
              for (gsize k = prev->end; k < a && only_ws; k++)
                only_ws = ws_len (d, k, a) > 0 && d[k] != '<';
              if (only_ws && !in_pre)
                {
                  prev->end = (guint32) z;
                  i = le;
                  continue;
                }
            }
          g_array_append_val (hs->segs, sp);
          g_array_append_val (hs->hard, h);
          *pending_hard = FALSE;
        }
      else if (in_pre && le > i && d[le - 1] == '\n')
        *pending_hard = TRUE; /* a blank line in <pre> */
      i = le;
    }
}

static void
html_scan (const char *d, gsize start, gsize len, HtmlScan *hs)
{
  hs->segs = g_array_new (FALSE, FALSE, sizeof (EgSpan));
  hs->hard = g_array_new (FALSE, FALSE, sizeof (guint8));
  hs->pre_s = hs->pre_e = 0;
  gboolean pending_hard = TRUE;
  int pre_depth = 0;
  gsize gt = 0;
  gsize i = start;
  while (i < len)
    {
      if (d[i] == '<')
        {
          if (has_prefix (d, i, len, "<!--"))
            {
              gsize k = i + 4;
              gsize endc = len;
              while (k + 3 <= len)
                {
                  const char *dash = memchr (d + k, '-', len - k);
                  if (!dash)
                    break;
                  k = (gsize) (dash - d);
                  if (has_prefix (d, k, len, "-->"))
                    {
                      endc = k + 3;
                      break;
                    }
                  k++;
                }
              i = endc;
              continue;
            }
          gsize tl = tag_len_cached (d, i, len, &gt);
          if (tl)
            {
              gsize ns = i + 1;
              gboolean closing = d[ns] == '/';
              if (closing)
                ns++;
              gsize ne = ns;
              while (ne < i + tl && (is_al (d[ne]) || is_dig (d[ne])))
                ne++;
              if (is_block_tag (d, ns, ne))
                pending_hard = TRUE;
              if (span_eq_ci (d, ns, ne, "pre"))
                {
                  if (!closing)
                    {
                      if (pre_depth++ == 0 && hs->pre_s == 0)
                        hs->pre_s = i + tl;
                    }
                  else if (pre_depth > 0 && --pre_depth == 0)
                    hs->pre_e = i;
                }
              if (!closing && (span_eq_ci (d, ns, ne, "script") || span_eq_ci (d, ns, ne, "style")))
                {
                  char name[8];
                  g_strlcpy (name, d + ns, MIN (sizeof name, ne - ns + 1));
                  i = skip_raw_text (d, i + tl, len, name);
                  continue;
                }
              i += tl;
              continue;
            }
        }
      /* text up to the next tag */
      gsize k = i + 1;
      for (;;)
        {
          const char *lt = k < len ? memchr (d + k, '<', len - k) : NULL;
          if (!lt)
            {
              k = len;
              break;
            }
          k = (gsize) (lt - d);
          if (tag_len_cached (d, k, len, &gt) || has_prefix (d, k, len, "<!--"))
            break;
          k++;
        }
      html_add_seg (hs, d, i, k, &pending_hard, pre_depth > 0);
      i = k;
    }
  if (hs->pre_s && !hs->pre_e)
    hs->pre_e = len;
}

/* Keeps only the parts of the text spans that lie in HTML text segments, then fits each
 * window to its remaining spans. */
static void
clip_to_segments (Ctx *c, const HtmlScan *hs)
{
  EgDoc *doc = c->doc;
  GArray *text = g_array_new (FALSE, FALSE, sizeof (EgSpan));
  GArray *hard = g_array_new (FALSE, FALSE, sizeof (guint8));
  guint j = 0;
  const EgSpan *seg = (const EgSpan *) hs->segs->data;
  for (guint i = 0; i < doc->text->len; i++)
    {
      EgSpan sp = g_array_index (doc->text, EgSpan, i);
      guint8 h = g_array_index (c->hard, guint8, i);
      while (j < hs->segs->len && seg[j].end <= sp.start)
        j++;
      for (guint k = j; k < hs->segs->len && seg[k].start < sp.end; k++)
        {
          EgSpan piece = { MAX (sp.start, seg[k].start), MIN (sp.end, seg[k].end) };
          /* trim white space left at the cut */
          while (piece.start < piece.end && ws_len (c->src.d, piece.start, piece.end))
            piece.start += (guint32) ws_len (c->src.d, piece.start, piece.end);
          while (piece.end > piece.start && ws_len_back (c->src.d, piece.start, piece.end))
            piece.end -= (guint32) ws_len_back (c->src.d, piece.start, piece.end);
          if (piece.end <= piece.start)
            continue;
          g_array_append_val (text, piece);
          g_array_append_val (hard, h);
          h = 0;
        }
    }
  g_array_set_size (doc->text, 0);
  g_array_append_vals (doc->text, text->data, text->len);
  g_array_set_size (c->hard, 0);
  g_array_append_vals (c->hard, hard->data, hard->len);
  g_array_free (text, TRUE);
  g_array_free (hard, TRUE);

  GArray *wins = g_array_new (FALSE, FALSE, sizeof (EgWindow));
  const EgSpan *t = (const EgSpan *) doc->text->data;
  guint si = 0;
  for (guint w = 0; w < doc->windows->len; w++)
    {
      EgWindow win = g_array_index (doc->windows, EgWindow, w);
      while (si < doc->text->len && t[si].end <= win.span.start)
        si++;
      guint32 s = G_MAXUINT32, e = 0;
      for (guint k = si; k < doc->text->len && t[k].start < win.span.end; k++)
        {
          s = MIN (s, t[k].start);
          e = MAX (e, t[k].end);
        }
      if (s < e)
        {
          win.span.start = s;
          win.span.end = e;
          g_array_append_val (wins, win);
        }
    }
  g_array_set_size (doc->windows, 0);
  g_array_append_vals (doc->windows, wins->data, wins->len);
  g_array_free (wins, TRUE);
}

/* ------------------------------------------------------------------------------------ */
/* Kind detection                                                                         */

typedef struct {
  gboolean cable;
  gboolean news;
  gsize cable_start; /* first line of the cable */
  gsize cable_end;   /* first line of a site footer after it, or the end */
} Detect;

static gboolean
starts_like_html (const char *d, gsize i, gsize len)
{
  while (i < len && ws_len (d, i, len))
    i += ws_len (d, i, len);
  if (has_prefix_ci (d, i, len, "<!DOCTYPE html") || has_prefix_ci (d, i, len, "<html"))
    return TRUE;
  if (has_prefix_ci (d, i, len, "<?xml"))
    return find_ci (d, i, MIN (len, i + 1024), "<html") != G_MAXSIZE;
  /* many known tags near the start */
  gsize end = MIN (len, i + 64 * 1024);
  int tags = 0;
  gsize gt = 0;
  for (gsize k = i; k < end && tags < 4;)
    {
      const char *lt = memchr (d + k, '<', end - k);
      if (!lt)
        break;
      k = (gsize) (lt - d);
      gsize tl = tag_len_cached (d, k, end, &gt);
      if (tl)
        {
          gsize ns = k + 1 + (d[k + 1] == '/');
          gsize ne = ns;
          while (ne < k + tl && (is_al (d[ne]) || is_dig (d[ne])))
            ne++;
          if (is_block_tag (d, ns, ne) || span_eq_ci (d, ns, ne, "a")
              || span_eq_ci (d, ns, ne, "span") || span_eq_ci (d, ns, ne, "b")
              || span_eq_ci (d, ns, ne, "i") || span_eq_ci (d, ns, ne, "em")
              || span_eq_ci (d, ns, ne, "strong") || span_eq_ci (d, ns, ne, "script")
              || span_eq_ci (d, ns, ne, "meta") || span_eq_ci (d, ns, ne, "link"))
            tags++;
          k += tl;
        }
      else
        k++;
    }
  return tags >= 4;
}

static void
detect (const Src *src, gsize r0, gsize r1, Detect *out)
{
  const char *d = src->d;
  gsize pos = r0;
  int n = 0, site = 0;
  gboolean vz = FALSE, dtg = FALSE, fm = FALSE, to = FALSE, cls = FALSE, subj = FALSE,
           par = FALSE, note = FALSE, decided = FALSE;
  gsize first = G_MAXSIZE;
  memset (out, 0, sizeof *out);
  out->cable_end = r1;
  while (pos < r1 && n < DETECT_LINES && pos - r0 < DETECT_BYTES)
    {
      Ln ln;
      gsize at = pos;
      if (decided && !src->html)
        {
          /* Only the site lines still count, and each starts with one of site_line()'s
           * first bytes. A line whose first byte after spaces is any other printable
           * ASCII byte (trim() would stop at it too) is passed over without trimming. */
          gsize k = pos;
          while (k < r1 && (d[k] == ' ' || d[k] == '\t'))
            k++;
          guchar c = k < r1 ? (guchar) d[k] : 0;
          if (c > ' ' && c < 0x80 && !strchr ("AWJSLC", c))
            {
              const char *nl = memchr (d + k, '\n', r1 - k);
              pos = nl ? (gsize) (nl - d) + 1 : r1;
              n++;
              continue;
            }
        }
      line_at (src, &pos, r1, &ln);
      n++;
      if (ln_blank (&ln))
        continue;
      gboolean start = FALSE;
      if (site_line (d, &ln))
        site++;
      else if (decided)
        continue; /* only the site lines still count */
      else if (has_prefix (d, ln.ts, ln.te, "VZCZC"))
        vz = start = TRUE;
      else if (is_dtg_line (d, &ln, NULL))
        dtg = start = TRUE;
      else if (is_partial_note (d, &ln))
        note = start = TRUE;
      else if (has_prefix (d, ln.ts, ln.te, "FM "))
        fm = start = TRUE;
      else if (has_prefix (d, ln.ts, ln.te, "TO "))
        to = TRUE;
      else if (is_class_line (d, &ln, NULL))
        cls = start = TRUE;
      else if (subject_kw (d, &ln) && has_prefix (d, ln.ts, ln.te, "SUBJ"))
        subj = TRUE;
      else
        {
          ParaMark m;
          if (para_mark (src, &ln, &m))
            par = TRUE;
        }
      if (start && first == G_MAXSIZE)
        first = at;
      /* Later lines can no longer change the kind or the start: the rest of the cable is
       * not read through every test (most cables are decided in their first ten lines). */
      decided = first != G_MAXSIZE && (vz || dtg || note || (fm && to) || (cls && (subj || par)));
    }
  out->cable = vz || dtg || note || (fm && to) || (cls && (subj || par));
  if (!out->cable)
    return;
  out->cable_start = first != G_MAXSIZE ? first : r0;
  /* a news copy: site text around the cable */
  if (site >= 1)
    {
      int total = site;
      gsize foot = G_MAXSIZE;
      pos = out->cable_start;
      while (pos < r1)
        {
          Ln ln;
          gsize at = pos;
          line_at (src, &pos, r1, &ln);
          int s = ln_blank (&ln) ? 0 : site_line (d, &ln);
          if (s == 2 && foot == G_MAXSIZE)
            foot = at;
          if (s)
            total++;
        }
      if (total >= 2)
        {
          out->news = TRUE;
          if (foot != G_MAXSIZE)
            out->cable_end = foot;
        }
    }
}

/* ------------------------------------------------------------------------------------ */
/* Reading                                                                                */

/* An array with room for about @want elements (at most 64Ki): a cable's arrays grew from
 * nothing by doubling, some forty reallocations a document. */
static GArray *
sized_array (guint element_size, gsize want)
{
  return g_array_sized_new (FALSE, FALSE, element_size, (guint) MIN (want, 65536));
}

static void
parse (EgDoc *doc, gsize start)
{
  Ctx c = { { doc->data, doc->len, start, FALSE }, doc,
            sized_array (sizeof (guint8), doc->len / 64 + 16) };
  if (starts_like_html (doc->data, start, doc->len))
    {
      doc->kind = EG_DOC_HTML;
      HtmlScan hs;
      html_scan (doc->data, start, doc->len, &hs);
      gboolean done = FALSE;
      if (hs.pre_s && hs.pre_e > hs.pre_s)
        {
          Src psrc = { doc->data, doc->len, hs.pre_s, TRUE };
          Detect det;
          detect (&psrc, hs.pre_s, hs.pre_e, &det);
          if (det.cable)
            {
              c.src.html = TRUE;
              parse_cable (&c, det.cable_start, det.cable_end, FALSE);
              clip_to_segments (&c, &hs);
              done = TRUE;
            }
        }
      if (!done)
        {
          g_array_append_vals (doc->text, hs.segs->data, hs.segs->len);
          g_array_append_vals (c.hard, hs.hard->data, hs.hard->len);
          /* windows: runs of segments between block breaks */
          const EgSpan *t = (const EgSpan *) doc->text->data;
          for (guint i = 0; i < doc->text->len;)
            {
              guint j = i + 1;
              while (j < doc->text->len && !g_array_index (c.hard, guint8, j))
                j++;
              add_window (doc, t[i].start, t[j - 1].end, doc->windows->len + 1,
                          EG_WINDOW_PARAGRAPH);
              i = j;
            }
        }
      g_array_free (hs.segs, TRUE);
      g_array_free (hs.hard, TRUE);
    }
  else
    {
      Detect det;
      detect (&c.src, start, doc->len, &det);
      if (det.cable)
        {
          doc->kind = det.news ? EG_DOC_NEWS_COPY : EG_DOC_CABLE;
          parse_cable (&c, det.news ? det.cable_start : start, det.cable_end, det.news);
        }
      else
        {
          doc->kind = EG_DOC_PLAIN;
          parse_plain (&c, start, doc->len);
        }
    }
  g_assert (c.hard->len == doc->text->len);
  build_sentences (doc, c.hard);
  g_array_free (c.hard, TRUE);
}

/* The first byte at or after @p that is not ASCII or is NUL, or @end: eight bytes a step
 * (a cable is nearly all ASCII, which g_utf8_validate_len() takes a byte at a time). */
static const char *
skip_ascii (const char *p, const char *end)
{
#if defined(__SSE2__) && defined(__GNUC__)
  /* sixteen bytes a step: no byte with its high bit set, none zero */
  const __m128i zero = _mm_setzero_si128 ();
  while (end - p >= 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) p);
      if (_mm_movemask_epi8 (_mm_or_si128 (v, _mm_cmpeq_epi8 (v, zero))))
        break;
      p += 16;
    }
#endif
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101), highs = ones << 7;
  while (end - p >= 8)
    {
      guint64 w;
      memcpy (&w, p, 8);
      if ((w & highs) || ((w - ones) & ~w & highs))
        break;
      p += 8;
    }
  while (p < end && (guchar) (*p - 1) < 0x7f)
    p++;
  return p;
}

/* Counts the bytes that are no UTF-8, as g_utf8_validate_len() judges them (a NUL byte
 * included): each invalid byte once, the search going on after it. */
static void
count_invalid_utf8 (EgDoc *doc)
{
  const char *p = doc->data, *end = doc->data + doc->len;
  while ((p = skip_ascii (p, end)) < end)
    {
      gunichar u = *p ? g_utf8_get_char_validated (p, end - p) : (gunichar) -1;
      if (u != (gunichar) -1 && u != (gunichar) -2)
        {
          p = g_utf8_next_char (p);
          continue;
        }
      if (doc->n_invalid_utf8 == 0)
        doc->first_invalid_utf8 = (gsize) (p - doc->data);
      doc->n_invalid_utf8++;
      p++;
    }
}

/* A document of @len bytes, its arrays sized for it (a cable of 8 KB has about 120 text
 * lines, 60 sentences and 12 paragraphs). */
static EgDoc *
doc_new (const char *path, gsize len)
{
  DocPriv *priv = g_new0 (DocPriv, 1);
  EgDoc *doc = &priv->pub;
  doc->path = g_strdup (path);
  doc->meta.recipients = g_ptr_array_new_with_free_func (g_free);
  doc->meta.info_recipients = g_ptr_array_new_with_free_func (g_free);
  doc->meta.tags = g_ptr_array_new_with_free_func (g_free);
  doc->meta.signers = g_ptr_array_new_with_free_func (g_free);
  doc->meta.references = g_ptr_array_new_with_free_func (g_free);
  doc->text = sized_array (sizeof (EgSpan), len / 64 + 16);
  doc->windows = sized_array (sizeof (EgWindow), len / 512 + 8);
  doc->sentences = sized_array (sizeof (EgSpan), len / 128 + 16);
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');
  if (dot && dot != base)
    *dot = '\0';
  priv->fallback_name = g_strdup (base);
  return doc;
}

/* Files up to this size are read into memory; larger ones are mapped. */
#define SMALL_FILE (256 * 1024)

/* Checks the bytes and reads them; frees @doc and returns NULL on error. */
static EgDoc *
doc_read (EgDoc *doc, GError **error)
{
  const char *d = doc->data;
  gsize len = doc->len;
  if (len > EG_DOC_MAX_BYTES)
    {
      if (doc->part)
        g_set_error (error, EG_ERROR, EG_ERROR_TOO_LARGE,
                     "%s: the cable at byte %" G_GSIZE_FORMAT " is too large (%" G_GSIZE_FORMAT
                     " bytes, limit %" G_GSIZE_FORMAT ")",
                     doc->path, doc->base, len, EG_DOC_MAX_BYTES);
      else
        g_set_error (error, EG_ERROR, EG_ERROR_TOO_LARGE,
                     "%s: file too large for one document (%" G_GSIZE_FORMAT
                     " bytes, limit %" G_GSIZE_FORMAT "; a file of many cables may be larger)",
                     doc->path, len, EG_DOC_MAX_BYTES);
      eg_doc_free (doc);
      return NULL;
    }
  if (len == 0 || d == NULL)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_EMPTY, "%s: empty file", doc->path);
      eg_doc_free (doc);
      return NULL;
    }
  const char *nul = memchr (d, '\0', len);
  if (nul)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_BINARY,
                   "%s: binary file (NUL byte at offset %" G_GSIZE_FORMAT ")", doc->path,
                   doc->base + (gsize) (nul - d));
      eg_doc_free (doc);
      return NULL;
    }
  gsize start = has_prefix (d, 0, len, "\xef\xbb\xbf") ? 3 : 0;
  gsize i = start;
  while (i < len)
    {
      gsize l = ws_len (d, i, len);
      if (!l)
        break;
      i += l;
    }
  if (i >= len)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_EMPTY, "%s: only white space", doc->path);
      eg_doc_free (doc);
      return NULL;
    }
  count_invalid_utf8 (doc);
  parse (doc, start);
  return doc;
}

/* ------------------------------------------------------------------------------------ */
/* Sources: one input's bytes, and the cables a dump of many holds                        */

struct _EgSource {
  char *path;
  GBytes *bytes; /* the whole input, read or mapped */
  const char *data;
  gsize len;
  gsize first;   /* the first line that may open a cable; len: the input is one document */
  gsize origin;  /* where the bytes begin in the input (eg_source_new_part()) */
  gboolean part; /* the bytes are a stretch of a larger input */
  gboolean chunked; /* text without cables: read in chunks (chunk_cut()) */
  gboolean lean; /* eg_source_set_lean() */
};

static gboolean prev_line (const char *d, gsize i, gsize *s, gsize *e);

/* Is the line at @i (a line start) a precedence and date-time group ("P 171259Z JUN
 * 09", "P R 252301Z SEP 07")? Its trimmed extent goes to *@ln. */
static gboolean
dtg_line (const char *d, gsize i, gsize len, Ln *ln)
{
  const Src src = { .d = d, .len = len };
  line_at (&src, &i, len, ln);
  return is_dtg_line (d, ln, NULL);
}

/* Does a date-time group at @i open a telegram of its own (one without a VZCZC line)? Not
 * after the routing's "ZNY CCCCC ZZH", a page's dashed line, a record's "header:" or the
 * action and info lines of an old telegram ("LOG-00 ... /001W"), where it comes again on
 * every page. */
static gboolean
dtg_opens (const char *d, gsize i)
{
  gsize s, e;
  if (!prev_line (d, i, &s, &e))
    return TRUE;
  if (has_prefix (d, s, e, "ZN") || has_prefix (d, s, e, "---") || span_eq_ci (d, s, e, "header:"))
    return FALSE;
  for (gsize k = s + 1; k + 2 < e; k++)
    if (d[k] == '-' && is_up (d[k - 1]) && is_dig (d[k + 1]) && is_dig (d[k + 2])
        && (k + 3 == e || !(is_al (d[k + 3]) || is_dig (d[k + 3]))))
      return FALSE; /* "LOG-00" */
  if (d[e - 1] == 'W')
    {
      gsize k = e - 1;
      while (k > s && is_dig (d[k - 1]))
        k--;
      if (k < e - 1 && k > s && d[k - 1] == '/')
        return FALSE; /* "/001W" */
    }
  return TRUE;
}

/* Does the line at @i (a line start) open a telegram or a WikiLeaks record? The slow
 * part of opens_cable(), for a line that may. */
static gboolean
opener_line (const char *d, gsize i, gsize len)
{
  if (d[i] == 'V')
    return has_prefix (d, i, len, "VZCZC");
  if (d[i] == 'T')
    return has_prefix (d, i, len, "This record is a partial extract of the original cable");
  Ln ln;
  return dtg_line (d, i, len, &ln) && dtg_opens (d, i);
}

/* opens_cable(): most lines fail on their first bytes, which are tested inline: a V, a T,
 * or a date-time group's precedence tokens and first digit ("P 1", "OO 2", "P R 2"). */
G_ALWAYS_INLINE static inline gboolean
opens_cable (const char *d, gsize i, gsize len)
{
  if (!is_up (d[i]))
    return FALSE;
  if (d[i] != 'V' && d[i] != 'T')
    {
      gsize k = i;
      for (guint group = 0; group < 2; group++)
        {
          gsize g = k;
          while (k < len && k - g < 2 && is_up (d[k]))
            k++;
          if (k == g || k >= len || d[k] != ' ')
            return FALSE;
          if (++k < len && is_dig (d[k]))
            break;
        }
      if (k >= len || !is_dig (d[k]))
        return FALSE;
    }
  return opener_line (d, i, len);
}

/* The start of the first line in [@i, @limit) that opens a cable (@i a line start), or
 * @limit. */
static gsize
next_opener (const char *d, gsize i, gsize limit, gsize len)
{
  while (i < limit)
    {
      if (opens_cable (d, i, len))
        return i;
      const char *nl = memchr (d + i, '\n', limit - i);
      if (!nl)
        break;
      i = (gsize) (nl - d) + 1;
    }
  return limit;
}

/* The last non-blank line before the line at @i: [*s, *e), trimmed. FALSE if none. */
static gboolean
prev_line (const char *d, gsize i, gsize *s, gsize *e)
{
  const Src src = { .d = d, .len = i };
  Ln ln;
  while (line_before (&src, 0, i, &ln))
    {
      if (!ln_blank (&ln))
        {
          *s = ln.ts;
          *e = ln.te;
          return TRUE;
        }
      i = ln.s;
    }
  return FALSE;
}

/* A telegram's station and serial, from the DE line of its routing ("DE RUEHFR
 * #1236/01 0591143" -> "RUEHFR #1236"), which follows the opener and the addressees'
 * routing indicators (a few lines), or the date-time group that opens a telegram without
 * routing: [*s, *e). FALSE if @i opens no telegram or its first lines, up to the next
 * opener, have no DE line. */
static gboolean
telegram_key (const char *d, gsize i, gsize len, gsize *s, gsize *e)
{
  Ln ln;
  if (d[i] != 'V' && d[i] != 'T' && dtg_line (d, i, len, &ln))
    {
      /* a telegram without VZCZC: its date-time group, which each of its pages repeats */
      *s = ln.ts;
      *e = ln.te;
      return TRUE;
    }
  if (d[i] != 'V')
    return FALSE;
  for (guint n = 0; n < 16 && i < len; n++)
    {
      const char *nl = memchr (d + i, '\n', len - i);
      gsize end = nl ? (gsize) (nl - d) : len;
      if (n > 0 && end > i && opens_cable (d, i, len))
        return FALSE;
      if (has_prefix (d, i, end, "DE "))
        {
          const char *hash = memchr (d + i, '#', end - i);
          if (!hash)
            return FALSE;
          gsize k = (gsize) (hash - d) + 1;
          while (k < end && is_dig (d[k]))
            k++;
          *s = i + 3;
          *e = k;
          return TRUE;
        }
      i = end + 1;
    }
  return FALSE;
}

/* The telegram before a cable's opener is looked for this far back; the first opener of an
 * input is looked for this far from its start (an input without one there is one
 * document). Both bound what a thread reading from the middle of an input scans. */
#define SOURCE_LOOKBACK (256 * 1024)
#define SOURCE_FIRST_LIMIT (1024 * 1024)

/* Does the opener at @c begin a cable of its own? @prev: the opener before it (within
 * SOURCE_LOOKBACK), or G_MAXSIZE. */
static gboolean
begins_cable (const char *d, gsize len, gsize prev, gsize c)
{
  gsize s, e;
  if (prev_line (d, c, &s, &e))
    {
      /* a record quoting its cable: "header:" and the record's database row */
      if (span_eq_ci (d, s, e, "header:"))
        return FALSE;
      guint tabs = 0;
      for (gsize k = s; k < e && tabs < 4; k++)
        tabs += d[k] == '\t';
      if (tabs >= 4)
        return FALSE;
    }
  /* a telegram's own date-time group, the first after its VZCZC line (however the line
   * before it reads) */
  if (prev != G_MAXSIZE && d[prev] == 'V' && d[c] != 'V' && d[c] != 'T')
    {
      gboolean own = TRUE;
      Ln ln;
      for (const char *p = memchr (d + prev, '\n', c - prev); own && p && (gsize) (p - d) + 1 < c;
           p = memchr (p + 1, '\n', c - (gsize) (p - d) - 1))
        own = !dtg_line (d, (gsize) (p - d) + 1, len, &ln);
      if (own)
        return FALSE;
    }
  /* a later section, or a second copy, of the telegram before */
  gsize ps, pe, cs, ce;
  if (prev != G_MAXSIZE && telegram_key (d, prev, len, &ps, &pe)
      && telegram_key (d, c, len, &cs, &ce) && pe - ps == ce - cs
      && memcmp (d + ps, d + cs, pe - ps) == 0)
    return FALSE;
  return TRUE;
}

/* The last opener line in [@lo, @i) (@i a line start), or G_MAXSIZE. */
static gsize
prev_opener (const char *d, gsize lo, gsize i)
{
  while (i > lo)
    {
      const char *nl = i >= 2 ? memrchr (d + lo, '\n', i - 1 - lo) : NULL;
      gsize s = nl ? (gsize) (nl - d) + 1 : lo;
      if ((s > 0 && d[s - 1] != '\n') || s < lo)
        break; /* (@lo fell inside a line) */
      if (opens_cable (d, s, i))
        return s;
      i = s;
    }
  return G_MAXSIZE;
}

/* Text that opens no cable (an export of many articles, a book) is read in documents of
 * about this size: as one document it needed 16 bytes of memory a byte (folding's maps,
 * the rules' tokens) and one thread. */
#define SOURCE_CHUNK ((gsize) 4 << 20)
/* A chunk begins at the first paragraph within this many bytes past its multiple of
 * SOURCE_CHUNK, else at the first line past them (within half a chunk); a line is blank
 * when its first SOURCE_LINE_LOOK bytes are white space. Whether a line begins a chunk
 * is then known from the bytes up to 4 KiB past it, within what standard input's reader
 * holds past a cut (1 MiB), so a stream is cut as the file of its bytes is. */
#define SOURCE_CHUNK_WINDOW ((gsize) 512 << 10)
#define SOURCE_LINE_LOOK 4096

static gboolean
is_blank_byte (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Is the line at @p (a line start) blank, as far as its first SOURCE_LINE_LOOK bytes go? */
static gboolean
line_blank (const char *d, gsize p, gsize len)
{
  for (gsize k = p; k < len && k < p + SOURCE_LINE_LOOK && d[k] != '\n'; k++)
    if (!is_blank_byte (d[k]))
      return FALSE;
  return TRUE;
}

/* Where, in the input, the chunk after the @k-th multiple of SOURCE_CHUNK (@k >= 1, the
 * multiple past the source's start) begins: the first line start in the half chunk from
 * the multiple that follows a blank line and is not blank (a paragraph) or lies
 * SOURCE_CHUNK_WINDOW bytes or more past the multiple; G_MAXSIZE when none does there.
 * It depends on the bytes around the multiple alone, so every reader of the input cuts it
 * alike, and the cuts are in order; a source that ends before the line is not cut there. */
static gsize
chunk_cut (const EgSource *src, gsize k)
{
  const char *d = src->data;
  gsize len = src->len, lo = k * SOURCE_CHUNK - src->origin;
  if (lo >= len)
    return G_MAXSIZE;
  gsize hi = MIN (len, lo + SOURCE_CHUNK / 2), p = lo;
  if (d[p - 1] != '\n')
    {
      const char *nl = memchr (d + p, '\n', hi - p);
      if (nl == NULL)
        return G_MAXSIZE;
      p = (gsize) (nl - d) + 1;
    }
  /* the line that ends at p - 1: blank if it begins within SOURCE_LINE_LOOK bytes and is */
  gsize back = MIN (p - 1, SOURCE_LINE_LOOK);
  const char *before = back > 0 ? memrchr (d + p - 1 - back, '\n', back) : NULL;
  gboolean prev_blank = before != NULL && line_blank (d, (gsize) (before - d) + 1, p);
  while (p < hi)
    {
      gboolean blank = line_blank (d, p, len);
      if (!blank && (prev_blank || p >= lo + SOURCE_CHUNK_WINDOW))
        return src->origin + p;
      const char *nl = memchr (d + p, '\n', hi - p);
      if (nl == NULL)
        break;
      prev_blank = blank;
      p = (gsize) (nl - d) + 1;
    }
  return G_MAXSIZE;
}

/* eg_source_start_in() for text read in chunks. */
static gsize
chunk_start_in (const EgSource *src, gsize at, gsize limit)
{
  gsize from = src->origin + at, to = src->origin + limit;
  for (gsize k = MAX (from / SOURCE_CHUNK, 1); k * SOURCE_CHUNK < to; k++)
    {
      if (k * SOURCE_CHUNK <= src->origin)
        continue; /* its chunk begins at or before the source's start */
      gsize c = chunk_cut (src, k);
      if (c != G_MAXSIZE && c >= from)
        return c < to ? c - src->origin : src->len;
    }
  return src->len;
}

gsize
eg_source_start_in (const EgSource *src, gsize at, gsize limit)
{
  g_return_val_if_fail (src != NULL, 0);
  const char *d = src->data;
  gsize len = src->len;
  if (at == 0)
    return 0;
  limit = MIN (limit, len);
  if (src->chunked)
    return at < limit ? chunk_start_in (src, at, limit) : len;
  if (src->first >= len || at >= limit)
    return len;
  /* the first line start at or after @at, past the input's first opener */
  gsize i = MAX (at, src->first + 1);
  if (d[i - 1] != '\n')
    {
      const char *nl = i < limit ? memchr (d + i, '\n', limit - i) : NULL;
      if (!nl)
        return len;
      i = (gsize) (nl - d) + 1;
    }
  gsize c = next_opener (d, i, limit, len);
  if (c >= limit)
    return len;
  gsize prev = prev_opener (d, c > SOURCE_LOOKBACK ? c - SOURCE_LOOKBACK : 0, c);
  for (;;)
    {
      if (begins_cable (d, len, prev != G_MAXSIZE && c - prev <= SOURCE_LOOKBACK ? prev : G_MAXSIZE, c))
        return c;
      prev = c;
      const char *nl = memchr (d + c, '\n', limit - c);
      if (!nl)
        return len;
      c = next_opener (d, (gsize) (nl - d) + 1, limit, len);
      if (c >= limit)
        return len;
    }
}

gsize
eg_source_next (const EgSource *src, gsize start)
{
  g_return_val_if_fail (src != NULL && start <= src->len, 0);
  return start >= src->len ? src->len : eg_source_start_in (src, start + 1, src->len);
}

static EgSource *
source_new (const char *path, GBytes *bytes)
{
  EgSource *src = g_new0 (EgSource, 1);
  src->path = g_strdup (path);
  src->bytes = bytes;
  src->data = g_bytes_get_data (bytes, &src->len);
  src->first = src->len;
  const char *d = src->data;
  gsize i = has_prefix (d, 0, src->len, "\xef\xbb\xbf") ? 3 : 0;
  while (i < src->len && ws_len (d, i, src->len))
    i += ws_len (d, i, src->len);
  /* HTML is one page, one document; text may hold many cables. */
  gboolean text = i < src->len && d[i] != '<';
  if (text)
    {
      gsize limit = MIN (src->len, SOURCE_FIRST_LIMIT);
      src->first = next_opener (d, 0, limit, src->len);
      if (src->first >= limit)
        src->first = src->len;
    }
  /* text (not HTML, no NUL byte in its first MiB) that opens no cable there: in chunks
   * (none before SOURCE_CHUNK bytes) */
  src->chunked = text && src->first >= src->len
                 && memchr (d, '\0', MIN (src->len, SOURCE_FIRST_LIMIT)) == NULL;
  return src;
}

EgSource *
eg_source_new_from_bytes (const char *name, GBytes *bytes)
{
  g_return_val_if_fail (name != NULL && bytes != NULL, NULL);
  return source_new (name, g_bytes_ref (bytes));
}

EgSource *
eg_source_new_part (const char *name, GBytes *bytes, gsize origin, gboolean chunked)
{
  g_return_val_if_fail (name != NULL && bytes != NULL, NULL);
  EgSource *src = source_new (name, g_bytes_ref (bytes));
  src->origin = origin;
  src->part = TRUE;
  src->chunked = chunked;
  return src;
}

void
eg_source_set_lean (EgSource *src, gboolean lean)
{
  g_return_if_fail (src != NULL);
  src->lean = lean;
}

gboolean
eg_source_chunked (const EgSource *src)
{
  g_return_val_if_fail (src != NULL, FALSE);
  return src->chunked;
}

EgSource *
eg_source_open (const char *path, int fd, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (fd < 0)
    {
      /* (without blocking: a named pipe no one writes to would wait forever) */
      fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
      if (fd < 0)
        {
          int e = errno;
          g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: cannot open: %s", path, g_strerror (e));
          return NULL;
        }
    }
  struct stat st;
  if (fstat (fd, &st) != 0)
    {
      int e = errno;
      close (fd);
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: cannot read: %s", path, g_strerror (e));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      close (fd);
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: cannot open: %s", path,
                   g_strerror (EISDIR));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      /* pipes and devices: read standard input ("-") for a stream */
      close (fd);
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: not a regular file (use - to read standard input)",
                   path);
      return NULL;
    }
  if ((guint64) st.st_size > (guint64) EG_SOURCE_MAX_BYTES)
    {
      close (fd);
      g_set_error (error, EG_ERROR, EG_ERROR_TOO_LARGE,
                   "%s: file too large (%" G_GUINT64_FORMAT " bytes, limit %" G_GUINT64_FORMAT ")",
                   path, (guint64) st.st_size, (guint64) EG_SOURCE_MAX_BYTES);
      return NULL;
    }
  if (st.st_size == 0)
    {
      close (fd);
      g_set_error (error, EG_ERROR, EG_ERROR_EMPTY, "%s: empty file", path);
      return NULL;
    }
  if ((guint64) st.st_size <= SMALL_FILE)
    {
      /* A cable is a few kilobytes: one read() costs less than a mapping, its page faults
       * and the TLB shootdown of unmapping it while other threads run. */
      gsize cap = (gsize) st.st_size, n = 0;
      char *buf = g_malloc (cap + 1);
      while (n < cap)
        {
          gssize r = read (fd, buf + n, cap - n);
          if (r < 0 && errno == EINTR)
            continue;
          if (r < 0)
            {
              int e = errno;
              close (fd);
              g_free (buf);
              g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: cannot read: %s", path,
                           g_strerror (e));
              return NULL;
            }
          if (r == 0)
            break; /* the file shrank since fstat(): read what is there */
          n += (gsize) r;
        }
      close (fd);
      return source_new (path, g_bytes_new_take (buf, n));
    }
  GError *err = NULL;
  GMappedFile *mf = g_mapped_file_new_from_fd (fd, FALSE, &err);
  close (fd);
  if (!mf)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: cannot read: %s", path, err->message);
      g_error_free (err);
      return NULL;
    }
  GBytes *bytes = g_mapped_file_get_bytes (mf);
  g_mapped_file_unref (mf); /* (the bytes hold it) */
  return source_new (path, bytes);
}

gsize
eg_source_len (const EgSource *src)
{
  return src->len;
}

const char *
eg_source_path (const EgSource *src)
{
  return src->path;
}

EgDoc *
eg_source_read (const EgSource *src, gsize start, gsize end, GError **error)
{
  g_return_val_if_fail (src != NULL && start <= end && end <= src->len, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  EgDoc *doc = doc_new (src->path, end - start);
  if (start > 0 || end < src->len || src->part)
    {
      /* one cable of many: named by its id, else by where it begins */
      DocPriv *priv = (DocPriv *) doc;
      char *name = g_strdup_printf ("%s@%" G_GSIZE_FORMAT, priv->fallback_name,
                                    src->origin + start);
      g_free (priv->fallback_name);
      priv->fallback_name = name;
      doc->bytes = g_bytes_new_from_bytes (src->bytes, start, end - start);
      doc->part = TRUE;
    }
  else
    doc->bytes = g_bytes_ref (src->bytes);
  doc->base = src->origin + start;
  doc->data = end > start ? src->data + start : NULL;
  doc->len = end - start;
  ((DocPriv *) doc)->lean = src->lean;
  return doc_read (doc, error);
}

void
eg_source_free (EgSource *src)
{
  if (!src)
    return;
  g_free (src->path);
  g_bytes_unref (src->bytes);
  g_free (src);
}

EgDoc *
eg_doc_load (const char *path, GError **error)
{
  return eg_doc_load_fd (path, -1, error);
}

EgDoc *
eg_doc_load_fd (const char *path, int fd, GError **error)
{
  g_autoptr (EgSource) src = eg_source_open (path, fd, error);
  return src ? eg_source_read (src, 0, src->len, error) : NULL;
}

EgDoc *
eg_doc_new_from_bytes (const char *name, GBytes *bytes, GError **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_autoptr (EgSource) src = eg_source_new_from_bytes (name, bytes);
  return eg_source_read (src, 0, src->len, error);
}

void
eg_doc_free (EgDoc *doc)
{
  if (!doc)
    return;
  DocPriv *priv = (DocPriv *) doc;
  g_free (doc->path);
  g_free (doc->meta.id);
  g_free (doc->meta.date);
  g_free (doc->meta.origin);
  g_free (doc->meta.classification);
  g_free (doc->meta.subject);
  g_free (doc->meta.classified_by);
  g_ptr_array_unref (doc->meta.recipients);
  g_ptr_array_unref (doc->meta.info_recipients);
  g_ptr_array_unref (doc->meta.tags);
  g_ptr_array_unref (doc->meta.signers);
  g_ptr_array_unref (doc->meta.references);
  g_array_unref (doc->text);
  g_array_unref (doc->windows);
  g_array_unref (doc->sentences);
  if (doc->bytes)
    g_bytes_unref (doc->bytes);
  g_free (priv->fallback_name);
  g_free (priv);
}

const char *
eg_doc_name (const EgDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  if (doc->meta.id)
    return doc->meta.id;
  return ((const DocPriv *) doc)->fallback_name;
}

const char *
eg_doc_kind_name (EgDocKind kind)
{
  switch (kind)
    {
    case EG_DOC_PLAIN:
      return "plain";
    case EG_DOC_CABLE:
      return "cable";
    case EG_DOC_NEWS_COPY:
      return "news-copy";
    case EG_DOC_HTML:
      return "html";
    }
  return "plain";
}

static guint
span_search (const EgSpan *s, guint n, gsize stride, gsize offset)
{
  guint lo = 0, hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const EgSpan *sp = (const EgSpan *) ((const char *) s + mid * stride);
      if (offset < sp->start)
        hi = mid;
      else if (offset >= sp->end)
        lo = mid + 1;
      else
        return mid;
    }
  return G_MAXUINT;
}

guint
eg_doc_window_at (const EgDoc *doc, gsize offset)
{
  g_return_val_if_fail (doc != NULL, G_MAXUINT);
  if (doc->windows->len == 0)
    return G_MAXUINT;
  return span_search (&g_array_index (doc->windows, EgWindow, 0).span, doc->windows->len,
                      sizeof (EgWindow), offset);
}

guint
eg_doc_sentence_at (const EgDoc *doc, gsize offset)
{
  g_return_val_if_fail (doc != NULL, G_MAXUINT);
  if (doc->sentences->len == 0)
    return G_MAXUINT;
  return span_search ((const EgSpan *) doc->sentences->data, doc->sentences->len,
                      sizeof (EgSpan), offset);
}
