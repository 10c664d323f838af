/* norm.c - folding text for matching, with a map back to the original bytes.
 *
 * One pass over the text spans of a document, three speeds:
 *  - 16 bytes at a time (SSE2, when no space is pending): the longest run of printable
 *    ASCII with single spaces is lowered and copied, its map written with vector stores;
 *  - one ASCII byte at a time through a 256-byte table: letters lowered, digits and
 *    punctuation copied, white space opens a pending space, control bytes become
 *    EG_FOLD_OTHER;
 *  - one character at a time for everything else (non-ASCII, and '&' in HTML): decode it,
 *    fold it (fold_char()), emit its bytes. A small per-call memo of folded characters
 *    spares accented text a Unicode decomposition at every letter.
 * There is no global mutable state: folding is thread-safe.
 *
 * White space is never written when it is met: it opens a pending space that is written
 * only in front of the next byte emitted, so runs collapse to one space, and a document or
 * string never starts or ends with a space (both ends are trimmed). A pending space that
 * holds a line break (a gap between spans counts as one) and follows a word byte and '-',
 * with a word byte next, is dropped: "non-\ngovernmental" folds to "non-governmental". An
 * empty gap (two spans that touch) is no gap.
 *
 * The folded space of a run maps to the whole run, gaps included; every byte emitted for
 * one character maps to that whole character (an HTML entity counts as one character). The
 * surface of a folded range (eg_folded_surface()) shows each source character once, HTML
 * entities decoded and invalid bytes as U+FFFD, so it is always valid UTF-8. */
#include "norm.h"

#include <string.h>
#if defined(__SSE2__) && defined(__GNUC__)
#define FOLD_SSE2 1
#include <emmintrin.h>
#endif

/* fold_table[c] for an ASCII byte c: the folded byte (1..0x7f), T_SPACE for white space,
 * T_SLOW for bytes the loop must decode (>= 0x80, and '&' which may start an entity). */
enum { T_SPACE = 0x00, T_SLOW = 0x80 };

static const guint8 fold_table[256] = {
  0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01,
  0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
  0x00, 0x21, 0x22, 0x23, 0x24, 0x25, 0x80, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
  0x40, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
  0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
  0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
  0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x01,
  0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
};

/* fold_char() results other than a byte count. */
enum { FOLD_DROP = 0, FOLD_SPACE = -1, FOLD_NEWLINE = -2 };

/* Most bytes one character can fold to: a compatibility decomposition holds at most
 * G_UNICHAR_MAX_DECOMPOSITION_LENGTH (18) characters of at most 4 bytes. */
#define FOLD_MAX_BYTES 80
/* Headroom the slow path makes sure of before it writes: one space plus one character. */
#define SLOW_HEADROOM (FOLD_MAX_BYTES + 16)

#define MEMO_SIZE 64 /* power of two */

typedef struct {
  gunichar c; /* 0: empty slot (ASCII never reaches the memo) */
  gint8 n;    /* fold_char() result */
  char b[7];
} MemoEntry;

/* Output buffers and the pending-space state of one fold. */
typedef struct {
  char *text;
  guint32 *ss, *se;
  gsize o, cap;
  gboolean pending, nl;
  gboolean borrowed; /* the buffers are the caller's (on its stack): copy them to grow */
  guint32 ws_start, ws_end;
  MemoEntry memo[MEMO_SIZE];
} Folder;

/* ---- characters ------------------------------------------------------------------------ */

static inline gboolean
is_newline_byte (guchar c)
{
  return c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
}

/* Latin letters without a decomposition that still have an obvious ASCII spelling, and the
 * Greek final sigma. @x is lower case. Returns the bytes written to @buf, 0 if not special. */
static gint
special_letter (gunichar x, char *buf)
{
  const char *s;
  switch (x)
    {
    case 0x00DF: s = "ss"; break; /* ß (and ẞ, lowered) */
    case 0x00E6: s = "ae"; break; /* æ */
    case 0x0153: s = "oe"; break; /* œ */
    case 0x00F8: s = "o"; break;  /* ø */
    case 0x0111: s = "d"; break;  /* đ */
    case 0x00F0: s = "d"; break;  /* ð */
    case 0x0142: s = "l"; break;  /* ł */
    case 0x00FE: s = "th"; break; /* þ */
    case 0x0131: s = "i"; break;  /* dotless ı */
    case 0x0127: s = "h"; break;  /* ħ */
    case 0x03C2: s = "\xcf\x83"; break; /* final sigma -> σ */
    default: return 0;
    }
  gint n = (gint) strlen (s);
  memcpy (buf, s, (gsize) n);
  return n;
}

/* A letter or digit: compatibility decomposition, marks and non-letters dropped, each
 * remaining character lowered (ASCII where the decomposition leads to ASCII). */
static gint
fold_letter (gunichar c, char *buf)
{
  gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize nd;
  if (c >= 0xAC00 && c <= 0xD7A3) /* Hangul syllables: keep them whole, not as jamo */
    {
      d[0] = c;
      nd = 1;
    }
  else
    nd = g_unichar_fully_decompose (c, TRUE, d, G_N_ELEMENTS (d));
  gint n = 0;
  for (gsize k = 0; k < nd; k++)
    {
      gunichar x = d[k];
      if (g_unichar_isdigit (x))
        {
          buf[n++] = (char) ('0' + g_unichar_digit_value (x));
          continue;
        }
      if (!g_unichar_isalpha (x)) /* marks, and spaces inside some ligatures */
        continue;
      x = g_unichar_tolower (x);
      gint sn = special_letter (x, buf + n);
      n += sn > 0 ? sn : g_unichar_to_utf8 (x, buf + n);
    }
  return n;
}

/* Folds one character into @buf (FOLD_MAX_BYTES). Returns the number of bytes written, or
 * FOLD_DROP, FOLD_SPACE, FOLD_NEWLINE. */
static gint
fold_char (gunichar c, char *buf)
{
  if (c < 0x80)
    {
      guint8 t = fold_table[c];
      if (t == T_SPACE)
        return is_newline_byte ((guchar) c) ? FOLD_NEWLINE : FOLD_SPACE;
      buf[0] = t == T_SLOW ? '&' : (char) t;
      return 1;
    }
  switch (c)
    {
    case 0x0085: case 0x2028: case 0x2029:
      return FOLD_NEWLINE;
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2039:
    case 0x203A: case 0x02BB: case 0x02BC: case 0x00B4: case 0xFF07:
      buf[0] = '\'';
      return 1;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB:
    case 0x00BB: case 0xFF02:
      buf[0] = '"';
      return 1;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
      buf[0] = '-';
      return 1;
    default:
      break;
    }
  if (g_unichar_isspace (c))
    return FOLD_SPACE;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_FORMAT: /* soft hyphen, zero width (non-)joiners and spaces, BOM */
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
      return FOLD_DROP;
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
      {
        gint n = fold_letter (c, buf);
        return n > 0 ? n : FOLD_DROP;
      }
    default:
      buf[0] = EG_FOLD_OTHER;
      return 1;
    }
}

/* ---- HTML entities ----------------------------------------------------------------------- */

typedef struct {
  const char *name;
  gunichar c;
} Entity;

/* The HTML 4 entities plus &apos;, sorted by name (strcmp order) for bsearch. */
static const Entity entities[] = {
  { "AElig", 0xC6 }, { "Aacute", 0xC1 }, { "Acirc", 0xC2 }, { "Agrave", 0xC0 },
  { "Alpha", 0x391 }, { "Aring", 0xC5 }, { "Atilde", 0xC3 }, { "Auml", 0xC4 },
  { "Beta", 0x392 }, { "Ccedil", 0xC7 }, { "Chi", 0x3A7 }, { "Dagger", 0x2021 },
  { "Delta", 0x394 }, { "ETH", 0xD0 }, { "Eacute", 0xC9 }, { "Ecirc", 0xCA },
  { "Egrave", 0xC8 }, { "Epsilon", 0x395 }, { "Eta", 0x397 }, { "Euml", 0xCB },
  { "Gamma", 0x393 }, { "Iacute", 0xCD }, { "Icirc", 0xCE }, { "Igrave", 0xCC },
  { "Iota", 0x399 }, { "Iuml", 0xCF }, { "Kappa", 0x39A }, { "Lambda", 0x39B },
  { "Mu", 0x39C }, { "Ntilde", 0xD1 }, { "Nu", 0x39D }, { "OElig", 0x152 }, { "Oacute", 0xD3 },
  { "Ocirc", 0xD4 }, { "Ograve", 0xD2 }, { "Omega", 0x3A9 }, { "Omicron", 0x39F },
  { "Oslash", 0xD8 }, { "Otilde", 0xD5 }, { "Ouml", 0xD6 }, { "Phi", 0x3A6 }, { "Pi", 0x3A0 },
  { "Prime", 0x2033 }, { "Psi", 0x3A8 }, { "Rho", 0x3A1 }, { "Scaron", 0x160 },
  { "Sigma", 0x3A3 }, { "THORN", 0xDE }, { "Tau", 0x3A4 }, { "Theta", 0x398 },
  { "Uacute", 0xDA }, { "Ucirc", 0xDB }, { "Ugrave", 0xD9 }, { "Upsilon", 0x3A5 },
  { "Uuml", 0xDC }, { "Xi", 0x39E }, { "Yacute", 0xDD }, { "Yuml", 0x178 }, { "Zeta", 0x396 },
  { "aacute", 0xE1 }, { "acirc", 0xE2 }, { "acute", 0xB4 }, { "aelig", 0xE6 },
  { "agrave", 0xE0 }, { "alefsym", 0x2135 }, { "alpha", 0x3B1 }, { "amp", 0x26 },
  { "and", 0x2227 }, { "ang", 0x2220 }, { "apos", 0x27 }, { "aring", 0xE5 },
  { "asymp", 0x2248 }, { "atilde", 0xE3 }, { "auml", 0xE4 }, { "bdquo", 0x201E },
  { "beta", 0x3B2 }, { "brvbar", 0xA6 }, { "bull", 0x2022 }, { "cap", 0x2229 },
  { "ccedil", 0xE7 }, { "cedil", 0xB8 }, { "cent", 0xA2 }, { "chi", 0x3C7 }, { "circ", 0x2C6 },
  { "clubs", 0x2663 }, { "cong", 0x2245 }, { "copy", 0xA9 }, { "crarr", 0x21B5 },
  { "cup", 0x222A }, { "curren", 0xA4 }, { "dArr", 0x21D3 }, { "dagger", 0x2020 },
  { "darr", 0x2193 }, { "deg", 0xB0 }, { "delta", 0x3B4 }, { "diams", 0x2666 },
  { "divide", 0xF7 }, { "eacute", 0xE9 }, { "ecirc", 0xEA }, { "egrave", 0xE8 },
  { "empty", 0x2205 }, { "emsp", 0x2003 }, { "ensp", 0x2002 }, { "epsilon", 0x3B5 },
  { "equiv", 0x2261 }, { "eta", 0x3B7 }, { "eth", 0xF0 }, { "euml", 0xEB }, { "euro", 0x20AC },
  { "exist", 0x2203 }, { "fnof", 0x192 }, { "forall", 0x2200 }, { "frac12", 0xBD },
  { "frac14", 0xBC }, { "frac34", 0xBE }, { "frasl", 0x2044 }, { "gamma", 0x3B3 },
  { "ge", 0x2265 }, { "gt", 0x3E }, { "hArr", 0x21D4 }, { "harr", 0x2194 },
  { "hearts", 0x2665 }, { "hellip", 0x2026 }, { "iacute", 0xED }, { "icirc", 0xEE },
  { "iexcl", 0xA1 }, { "igrave", 0xEC }, { "image", 0x2111 }, { "infin", 0x221E },
  { "int", 0x222B }, { "iota", 0x3B9 }, { "iquest", 0xBF }, { "isin", 0x2208 },
  { "iuml", 0xEF }, { "kappa", 0x3BA }, { "lArr", 0x21D0 }, { "lambda", 0x3BB },
  { "lang", 0x2329 }, { "laquo", 0xAB }, { "larr", 0x2190 }, { "lceil", 0x2308 },
  { "ldquo", 0x201C }, { "le", 0x2264 }, { "lfloor", 0x230A }, { "lowast", 0x2217 },
  { "loz", 0x25CA }, { "lrm", 0x200E }, { "lsaquo", 0x2039 }, { "lsquo", 0x2018 },
  { "lt", 0x3C }, { "macr", 0xAF }, { "mdash", 0x2014 }, { "micro", 0xB5 }, { "middot", 0xB7 },
  { "minus", 0x2212 }, { "mu", 0x3BC }, { "nabla", 0x2207 }, { "nbsp", 0xA0 },
  { "ndash", 0x2013 }, { "ne", 0x2260 }, { "ni", 0x220B }, { "not", 0xAC },
  { "notin", 0x2209 }, { "nsub", 0x2284 }, { "ntilde", 0xF1 }, { "nu", 0x3BD },
  { "oacute", 0xF3 }, { "ocirc", 0xF4 }, { "oelig", 0x153 }, { "ograve", 0xF2 },
  { "oline", 0x203E }, { "omega", 0x3C9 }, { "omicron", 0x3BF }, { "oplus", 0x2295 },
  { "or", 0x2228 }, { "ordf", 0xAA }, { "ordm", 0xBA }, { "oslash", 0xF8 }, { "otilde", 0xF5 },
  { "otimes", 0x2297 }, { "ouml", 0xF6 }, { "para", 0xB6 }, { "part", 0x2202 },
  { "permil", 0x2030 }, { "perp", 0x22A5 }, { "phi", 0x3C6 }, { "pi", 0x3C0 },
  { "piv", 0x3D6 }, { "plusmn", 0xB1 }, { "pound", 0xA3 }, { "prime", 0x2032 },
  { "prod", 0x220F }, { "prop", 0x221D }, { "psi", 0x3C8 }, { "quot", 0x22 },
  { "rArr", 0x21D2 }, { "radic", 0x221A }, { "rang", 0x232A }, { "raquo", 0xBB },
  { "rarr", 0x2192 }, { "rceil", 0x2309 }, { "rdquo", 0x201D }, { "real", 0x211C },
  { "reg", 0xAE }, { "rfloor", 0x230B }, { "rho", 0x3C1 }, { "rlm", 0x200F },
  { "rsaquo", 0x203A }, { "rsquo", 0x2019 }, { "sbquo", 0x201A }, { "scaron", 0x161 },
  { "sdot", 0x22C5 }, { "sect", 0xA7 }, { "shy", 0xAD }, { "sigma", 0x3C3 },
  { "sigmaf", 0x3C2 }, { "sim", 0x223C }, { "spades", 0x2660 }, { "sub", 0x2282 },
  { "sube", 0x2286 }, { "sum", 0x2211 }, { "sup", 0x2283 }, { "sup1", 0xB9 }, { "sup2", 0xB2 },
  { "sup3", 0xB3 }, { "supe", 0x2287 }, { "szlig", 0xDF }, { "tau", 0x3C4 },
  { "there4", 0x2234 }, { "theta", 0x3B8 }, { "thetasym", 0x3D1 }, { "thinsp", 0x2009 },
  { "thorn", 0xFE }, { "tilde", 0x2DC }, { "times", 0xD7 }, { "trade", 0x2122 },
  { "uArr", 0x21D1 }, { "uacute", 0xFA }, { "uarr", 0x2191 }, { "ucirc", 0xFB },
  { "ugrave", 0xF9 }, { "uml", 0xA8 }, { "upsih", 0x3D2 }, { "upsilon", 0x3C5 },
  { "uuml", 0xFC }, { "weierp", 0x2118 }, { "xi", 0x3BE }, { "yacute", 0xFD }, { "yen", 0xA5 },
  { "yuml", 0xFF }, { "zeta", 0x3B6 }, { "zwj", 0x200D }, { "zwnj", 0x200C },
};

/* Windows-1252 meanings of numeric references &#128; .. &#159;, as HTML 5 reads them. */
static const guint16 c1_remap[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Decodes the entity at @p (p[0] == '&', @avail bytes readable). Only terminated entities
 * (with ';') are decoded. Returns FALSE if there is none; else sets the character and the
 * entity's length in bytes. Invalid code points decode to U+FFFD. */
static gboolean
html_entity (const guchar *p, gsize avail, gunichar *cp, gsize *n)
{
  gsize lim = MIN (avail, 34), k = 1;
  if (k < lim && p[k] == '#')
    {
      gboolean hex = FALSE;
      guint32 v = 0;
      k++;
      if (k < lim && (p[k] == 'x' || p[k] == 'X'))
        {
          hex = TRUE;
          k++;
        }
      gsize d0 = k;
      for (; k < lim; k++)
        {
          if (hex && g_ascii_isxdigit (p[k]))
            v = v * 16 + (guint32) g_ascii_xdigit_value ((char) p[k]);
          else if (!hex && g_ascii_isdigit (p[k]))
            v = v * 10 + (guint32) (p[k] - '0');
          else
            break;
          if (v > 0x10FFFF)
            v = 0x110000; /* saturate: stays invalid, never overflows */
        }
      if (k == d0 || k >= lim || p[k] != ';')
        return FALSE;
      if (v >= 0x80 && v < 0xA0 && c1_remap[v - 0x80] != 0)
        v = c1_remap[v - 0x80];
      if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000))
        v = 0xFFFD;
      *cp = v;
      *n = k + 1;
      return TRUE;
    }
  gsize s0 = k;
  while (k < lim && g_ascii_isalnum (p[k]))
    k++;
  if (k == s0 || k >= lim || p[k] != ';')
    return FALSE;
  const char *name = (const char *) p + s0;
  gsize nlen = k - s0;
  gsize lo = 0, hi = G_N_ELEMENTS (entities);
  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      const char *e = entities[mid].name;
      int cmp = strncmp (name, e, nlen);
      if (cmp == 0 && e[nlen] != '\0')
        cmp = -1; /* the key is a proper prefix of e */
      if (cmp == 0)
        {
          *cp = entities[mid].c;
          *n = k + 1;
          return TRUE;
        }
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return FALSE;
}

/* ---- the folding loop -------------------------------------------------------------------- */

static void
folder_init (Folder *f, gsize cap)
{
  memset (f, 0, sizeof *f);
  f->cap = cap;
  f->text = g_malloc (cap + 1);
  f->ss = g_new (guint32, cap);
  f->se = g_new (guint32, cap);
}

static void
folder_grow (Folder *f, gsize need)
{
  gsize cap = f->cap, old = f->cap; /* the whole old buffer: f->o lags the caller's */
  while (cap < need)
    cap = cap * 2 + 64;
  f->cap = cap;
  if (f->borrowed)
    {
      f->text = memcpy (g_malloc (cap + 1), f->text, old);
      f->ss = memcpy (g_new (guint32, cap), f->ss, old * sizeof (guint32));
      f->se = memcpy (g_new (guint32, cap), f->se, old * sizeof (guint32));
      f->borrowed = FALSE;
      return;
    }
  f->text = g_realloc (f->text, cap + 1);
  f->ss = g_renew (guint32, f->ss, cap);
  f->se = g_renew (guint32, f->se, cap);
}

/* The space in front of @next (the first byte about to be emitted), if one is pending and
 * not eaten by a hyphenated line break. Returns the new output length. */
static inline gsize
put_space (Folder *f, gsize o, guchar next)
{
  if (o == 0)
    return 0; /* no leading space */
  if (f->nl && o >= 2 && f->text[o - 1] == '-' && eg_fold_is_word ((guchar) f->text[o - 2])
      && eg_fold_is_word (next))
    return o; /* "non-\ngovernmental" */
  f->text[o] = ' ';
  f->ss[o] = f->ws_start;
  f->se[o] = f->ws_end;
  return o + 1;
}

#ifdef FOLD_SSE2
/* The fast path for 16 bytes at @src (original offset @i) when no space is pending: the
 * longest prefix of bytes the scalar loop would copy one for one (printable ASCII but '&',
 * and single spaces followed by such a byte; not a space at the very start of the output),
 * lowered, with their maps. Writes all 16 slots (the caller has the room) and returns the
 * length of that prefix. */
static inline gsize
simple_prefix (const guchar *src, char *out, guint32 *ss, guint32 *se, guint32 i,
               gboolean at_start)
{
  __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) src);
  __m128i printable = _mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 (0x1f)),
                                     _mm_cmplt_epi8 (v, _mm_set1_epi8 (0x7f)));
  guint amp = (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('&')));
  guint space = (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 (' ')));
  guint simple = (guint) _mm_movemask_epi8 (printable) & ~amp;
  guint nonspace = simple & ~space;
  guint good = simple & ~(space & ~(nonspace >> 1)); /* a space needs a non-space next */
  if (at_start)
    good &= ~(space & 1u);
  gsize n = (gsize) __builtin_ctz (~good); /* good has 16 bits: ~good is never 0 */
  if (n == 0)
    return 0;
  /* 'A'..'Z' + 0x3f land on 0x80..0x99, the smallest signed bytes */
  __m128i upper = _mm_cmplt_epi8 (_mm_add_epi8 (v, _mm_set1_epi8 (0x3f)), _mm_set1_epi8 (-102));
  _mm_storeu_si128 ((__m128i *) (gpointer) out,
                    _mm_add_epi8 (v, _mm_and_si128 (upper, _mm_set1_epi8 (0x20))));
  __m128i at = _mm_add_epi32 (_mm_set1_epi32 ((int) i), _mm_setr_epi32 (0, 1, 2, 3));
  const __m128i four = _mm_set1_epi32 (4), one = _mm_set1_epi32 (1);
  for (guint k = 0; k < 16; k += 4)
    {
      _mm_storeu_si128 ((__m128i *) (gpointer) (ss + k), at);
      _mm_storeu_si128 ((__m128i *) (gpointer) (se + k), _mm_add_epi32 (at, one));
      at = _mm_add_epi32 (at, four);
    }
  return n;
}
#endif

/* Folds data[a, b). @bound: upper bound on the bytes emitted after data[b] by the fast path
 * (the rest of the input plus one per gap still to come), used to size the buffers. */
static void
fold_range (Folder *f, const guchar *data, gsize a, gsize b, gboolean html, gsize bound)
{
  /* Invariant: cap - o >= (b - i) + bound. The fast path writes at most one byte per byte
   * read (a space is only written once a white space byte or a gap was read without writing
   * anything), so only the slow path needs to check, and it asks for SLOW_HEADROOM more. */
  char *out = f->text;
  guint32 *ss = f->ss, *se = f->se;
  gsize o = f->o, i = a;
  gboolean pending = f->pending;

  while (i < b)
    {
#ifdef FOLD_SSE2
      if (!pending && b - i >= 16)
        {
          gsize n = simple_prefix (data + i, out + o, ss + o, se + o, (guint32) i, o == 0);
          o += n;
          i += n;
          if (n == 16)
            continue;
        }
#endif
      guchar c = data[i];
      guint8 t = fold_table[c];
      if (G_LIKELY ((guint8) (t - 1) < 0x7f)) /* 1 .. 0x7f: emit as is */
        {
          if (G_UNLIKELY (pending))
            {
              pending = FALSE;
              o = put_space (f, o, t);
            }
          out[o] = (char) t;
          ss[o] = (guint32) i;
          se[o] = (guint32) i + 1;
          o++;
          i++;
          continue;
        }
      if (t == T_SPACE)
        {
          if (!pending)
            {
              pending = TRUE;
              f->nl = FALSE;
              f->ws_start = (guint32) i;
            }
          f->nl |= is_newline_byte (c);
          f->ws_end = (guint32) ++i;
          continue;
        }

      /* Slow path: one character that needs decoding. */
      if (f->cap - o < (b - i) + bound + SLOW_HEADROOM)
        {
          folder_grow (f, o + (b - i) + bound + SLOW_HEADROOM);
          out = f->text;
          ss = f->ss;
          se = f->se;
        }
      gunichar cp;
      gsize n = 1;
      if (c == '&')
        {
          if (!html || !html_entity (data + i, b - i, &cp, &n))
            {
              cp = '&';
              n = 1;
            }
        }
      else
        {
          cp = g_utf8_get_char_validated ((const char *) data + i, (gssize) (b - i));
          if (cp == (gunichar) -1 || cp == (gunichar) -2)
            cp = G_MAXUINT32; /* invalid: one EG_FOLD_OTHER for this byte */
          else
            n = (gsize) g_utf8_skip[c];
        }

      char buf[FOLD_MAX_BYTES];
      const char *bytes = buf;
      gint r;
      if (cp == G_MAXUINT32)
        {
          buf[0] = EG_FOLD_OTHER;
          r = 1;
        }
      else
        {
          MemoEntry *me = &f->memo[cp & (MEMO_SIZE - 1)];
          if (me->c == cp)
            {
              r = me->n;
              bytes = me->b;
            }
          else
            {
              r = fold_char (cp, buf);
              if (cp >= 0x80 && r <= (gint) sizeof me->b)
                {
                  me->c = cp;
                  me->n = (gint8) r;
                  if (r > 0)
                    memcpy (me->b, buf, (gsize) r);
                }
            }
        }

      if (r == FOLD_DROP)
        {
          i += n;
          continue;
        }
      if (r < 0)
        {
          if (!pending)
            {
              pending = TRUE;
              f->nl = FALSE;
              f->ws_start = (guint32) i;
            }
          f->nl |= r == FOLD_NEWLINE;
          i += n;
          f->ws_end = (guint32) i;
          continue;
        }
      if (pending)
        {
          pending = FALSE;
          o = put_space (f, o, (guchar) bytes[0]);
        }
      for (gint k = 0; k < r; k++)
        {
          out[o] = bytes[k];
          ss[o] = (guint32) i;
          se[o] = (guint32) (i + n);
          o++;
        }
      i += n;
    }
  f->o = o;
  f->pending = pending;
}

/* Opens (or extends) the pending space over the gap [gs, ge) between two spans. */
static void
fold_gap (Folder *f, gsize gs, gsize ge)
{
  if (!f->pending)
    {
      f->pending = TRUE;
      f->ws_start = (guint32) gs;
    }
  f->nl = TRUE; /* a gap counts as a line break (page breaks sit between lines) */
  f->ws_end = (guint32) ge;
}

EgFolded *
eg_fold_doc (const EgDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  const guchar *data = (const guchar *) doc->data;
  gsize len = data != NULL ? doc->len : 0;
  EgSpan whole = { 0, (guint32) len };
  const EgSpan *spans = &whole;
  guint n_spans = 1;
  if (doc->text != NULL)
    {
      spans = (const EgSpan *) (gconstpointer) doc->text->data;
      n_spans = doc->text->len;
    }
  gboolean html = doc->kind == EG_DOC_HTML;

  Folder *f = g_new (Folder, 1);
  folder_init (f, len + n_spans + 2 * SLOW_HEADROOM);
  gsize prev_end = 0;
  gboolean first = TRUE;
  for (guint k = 0; k < n_spans; k++)
    {
      gsize a = MAX ((gsize) spans[k].start, prev_end), b = MIN ((gsize) spans[k].end, len);
      if (a >= b)
        continue;
      if (!first && a > prev_end)
        fold_gap (f, prev_end, a);
      fold_range (f, data, a, b, html, (len - b) + (n_spans - k));
      prev_end = b;
      first = FALSE;
    }

  EgFolded *out = g_new (EgFolded, 1);
  out->text = f->text;
  out->text[f->o] = '\0';
  out->len = f->o;
  out->src_start = f->ss;
  out->src_end = f->se;
  g_free (f);
  /* Which bytes are word bytes, for the scans that go word to word. */
  gsize n_words = out->len / 64 + 1;
  out->word_bits = g_new (guint64, n_words);
  /* (the text's NUL is one more byte, so the last word always has one to read) */
  for (gsize w = 0; w < n_words; w++)
    out->word_bits[w] = eg_fold_word_mask_at ((const guchar *) out->text, out->len + 1, w * 64);
  return out;
}

/* Strings up to this long (every dictionary alias) fold in buffers on the stack: loading a
 * million aliases then costs one exact-size allocation each, not three with headroom. */
#define SHORT_FOLD 512

char *
eg_fold_string (const char *s, gssize len)
{
  g_return_val_if_fail (s != NULL || len == 0, NULL);
  gsize n = len < 0 ? strlen (s) : (gsize) len;
  if (n <= SHORT_FOLD)
    {
      enum { CAP = SHORT_FOLD + 2 * SLOW_HEADROOM };
      char text[CAP + 1];
      guint32 ss[CAP], se[CAP];
      Folder f;
      memset (&f, 0, sizeof f);
      f.cap = CAP;
      f.text = text;
      f.ss = ss;
      f.se = se;
      f.borrowed = TRUE;
      if (n > 0)
        fold_range (&f, (const guchar *) s, 0, n, FALSE, 0);
      char *out = g_malloc (f.o + 1);
      memcpy (out, f.text, f.o);
      out[f.o] = '\0';
      if (!f.borrowed)
        {
          g_free (f.text);
          g_free (f.ss);
          g_free (f.se);
        }
      return out;
    }
  Folder *f = g_new (Folder, 1);
  folder_init (f, n + 2 * SLOW_HEADROOM);
  fold_range (f, (const guchar *) s, 0, n, FALSE, 0);
  char *text = f->text;
  text[f->o] = '\0';
  g_free (f->ss);
  g_free (f->se);
  g_free (f);
  return text;
}

/* Appends the original character at data[s, e) to @out: decoded when it is an HTML entity,
 * U+FFFD when it is an invalid byte. */
static void
append_source (GString *out, const EgDoc *doc, gsize s, gsize e)
{
  const guchar *p = (const guchar *) doc->data + s;
  gunichar cp;
  gsize n;
  if (doc->kind == EG_DOC_HTML && p[0] == '&' && e - s > 1 && html_entity (p, e - s, &cp, &n))
    {
      g_string_append_unichar (out, cp);
      return;
    }
  if (p[0] >= 0x80 && !g_utf8_validate ((const char *) p, (gssize) (e - s), NULL))
    {
      g_string_append (out, "\xef\xbf\xbd");
      return;
    }
  g_string_append_len (out, (const char *) p, (gssize) (e - s));
}

/* Appends the waiting plain bytes [*run_s, run_e) and leaves the run empty. */
static void
flush_run (GString *out, const EgDoc *doc, gsize *run_s, gsize run_e)
{
  g_string_append_len (out, doc->data + *run_s, (gssize) (run_e - *run_s));
  *run_s = run_e;
}

void
eg_folded_surface_append (const EgFolded *f, const EgDoc *doc, gsize fstart, gsize fend,
                          GString *out)
{
  g_return_if_fail (f != NULL && doc != NULL && out != NULL);
  g_return_if_fail (fstart <= fend && fend <= f->len);
  while (fstart < fend && f->text[fstart] == ' ')
    fstart++;
  while (fend > fstart && f->text[fend - 1] == ' ')
    fend--;
  /* Nearly every surface is ASCII text folded byte for byte (each folded byte from the one
   * source byte at its place): it is the source, with a space wherever the folded text has
   * one (a line break inside a name). */
  gsize n = fend - fstart, s0 = fstart < fend ? f->src_start[fstart] : 0, base = out->len;
  gboolean html = doc->kind == EG_DOC_HTML;
  if (n > 0 && s0 + n <= doc->len)
    {
      g_string_set_size (out, base + n);
      char *surface = out->str + base;
      gsize j = 0;
      for (; j < n; j++)
        {
          gsize i = fstart + j;
          guchar b = (guchar) doc->data[s0 + j];
          if (f->src_start[i] != s0 + j || f->src_end[i] != s0 + j + 1 || b >= 0x80
              || (html && b == '&'))
            break;
          surface[j] = f->text[i] == ' ' ? ' ' : (char) b;
        }
      if (j == n)
        return;
      g_string_truncate (out, base);
    }
  guint32 last = G_MAXUINT32;
  /* Plain source bytes (one ASCII byte a folded byte, no entity) are copied a run at a time:
   * [run_s, run_e) waits to be appended. */
  gsize run_s = 0, run_e = 0;
  for (gsize i = fstart; i < fend; i++)
    {
      if (f->text[i] == ' ')
        {
          flush_run (out, doc, &run_s, run_e);
          g_string_append_c (out, ' ');
          last = G_MAXUINT32;
          continue;
        }
      if (f->src_start[i] == last)
        continue; /* another byte of the same character ("ß" -> "ss") */
      last = f->src_start[i];
      if (f->src_end[i] > doc->len || last >= f->src_end[i])
        continue; /* not this document's map: show nothing rather than read out of bounds */
      guchar b = (guchar) doc->data[last];
      if (f->src_end[i] == last + 1 && b < 0x80 && !(html && b == '&'))
        {
          if (last != run_e)
            {
              flush_run (out, doc, &run_s, run_e);
              run_s = last;
            }
          run_e = last + 1;
          continue;
        }
      flush_run (out, doc, &run_s, run_e);
      append_source (out, doc, last, f->src_end[i]);
    }
  flush_run (out, doc, &run_s, run_e);
}

char *
eg_folded_surface (const EgFolded *f, const EgDoc *doc, gsize fstart, gsize fend)
{
  g_return_val_if_fail (f != NULL && doc != NULL, NULL);
  g_return_val_if_fail (fstart <= fend && fend <= f->len, NULL);
  GString *out = g_string_sized_new (fend - fstart + 1);
  eg_folded_surface_append (f, doc, fstart, fend, out);
  return g_string_free (out, FALSE);
}

void
eg_folded_free (EgFolded *f)
{
  if (f == NULL)
    return;
  g_free (f->text);
  g_free (f->src_start);
  g_free (f->src_end);
  g_free (f->word_bits);
  g_free (f);
}
