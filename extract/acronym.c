/* acronym.c - acronym definitions (see acronym.h). */
#include "acronym.h"

#include <string.h>

#define MAX_ACRONYM 12

gssize
eg_acronym_align (const char *acr, gsize acr_len, const char *lng, gsize lng_len)
{
  gssize s = (gssize) acr_len - 1, l = (gssize) lng_len - 1;
  while (s >= 0)
    {
      char c = g_ascii_tolower (acr[s]);
      if (!g_ascii_isalnum (c))
        {
          s--;
          continue;
        }
      /* The first letter of the acronym must start a word of the long form. */
      while (l >= 0 && (g_ascii_tolower (lng[l]) != c
                        || (s == 0 && l > 0 && g_ascii_isalnum (lng[l - 1]))))
        l--;
      if (l < 0)
        return -1;
      l--;
      s--;
    }
  /* Back to the start of the word holding the first letter. */
  gssize start = l + 1;
  while (start > 0 && lng[start - 1] != ' ')
    start--;
  return start;
}

/* Original text of a folded span has a capital letter at its start. */
static gboolean
starts_capital (const EgFolded *f, const EgDoc *doc, gsize fs)
{
  gunichar c = g_utf8_get_char_validated (doc->data + f->src_start[fs],
                                          doc->len - f->src_start[fs]);
  return c != (gunichar) -1 && c != (gunichar) -2 && g_unichar_isupper (c);
}

/* Capitals in the original text of folded [fs, fe); FALSE if any lower-case letter other
 * than a final plural "s" ("NGOs"). */
static guint
count_capitals (const EgFolded *f, const EgDoc *doc, gsize fs, gsize fe)
{
  guint caps = 0;
  for (gsize i = fs; i < fe; i++)
    {
      char c = doc->data[f->src_start[i]];
      if (g_ascii_isupper (c))
        caps++;
      else if (g_ascii_islower (c) && !(i + 1 == fe && c == 's'))
        return 0;
    }
  return caps;
}

/* An acronym candidate: one token of letters, digits, '-', '/', '&', '.' of at most
 * MAX_ACRONYM bytes, with at least two capitals as written. */
static gboolean
acronym_token (const EgFolded *f, const EgDoc *doc, gsize fs, gsize fe)
{
  if (fe <= fs || fe - fs > MAX_ACRONYM || !g_ascii_isalpha (f->text[fs]))
    return FALSE;
  for (gsize i = fs; i < fe; i++)
    {
      char c = f->text[i];
      if (!g_ascii_isalnum (c) && c != '-' && c != '/' && c != '&' && c != '.')
        return FALSE;
    }
  return count_capitals (f, doc, fs, fe) >= 2;
}

gboolean
eg_acronym_is_token (const EgFolded *f, const EgDoc *doc, gsize fs, gsize fe)
{
  return fe <= f->len && acronym_token (f, doc, fs, fe);
}

/* Words of a long form: no sentence punctuation or parenthesis inside. */
static gboolean
long_char (char c)
{
  return c != '(' && c != ')' && c != '.' && c != ';' && c != ':' && c != ',' && c != '"'
         && c != EG_FOLD_OTHER && c != '\0';
}

/* Every word of the long form that is not a short function word starts with a capital. */
static gboolean
capitalized_name (const EgFolded *f, const EgDoc *doc, gsize fs, gsize fe)
{
  static const char *const small[] = { "of", "the", "for", "and", "on", "in", "de", "del",
                                       "la", "el", "los", "las", "y", "to", "des", "du", "et",
                                       "da", "do", "dos", "e", "a", "al", "against", NULL };
  gsize i = fs;
  while (i < fe)
    {
      gsize j = i;
      while (j < fe && f->text[j] != ' ')
        j++;
      gboolean is_small = FALSE;
      for (guint k = 0; small[k]; k++)
        if (strlen (small[k]) == j - i && memcmp (small[k], f->text + i, j - i) == 0)
          is_small = TRUE;
      if (!is_small && g_ascii_isalpha (f->text[i]) && !starts_capital (f, doc, i))
        return FALSE;
      i = j + 1;
    }
  return starts_capital (f, doc, fs);
}

gboolean
eg_acronym_is_name (const EgFolded *f, const EgDoc *doc, gsize fs, gsize fe)
{
  if (fe <= fs || fe > f->len)
    return FALSE;
  for (gsize i = fs; i < fe; i++)
    if (!long_char (f->text[i]))
      return FALSE;
  return capitalized_name (f, doc, fs, fe);
}

gssize
eg_acronym_gloss_start (const EgFolded *f, const EgDoc *doc, gsize end)
{
  /* Whole words back from @end while the text stays a capitalized name; then the longest
   * such run, its leading "the" left out. */
  gssize best = -1;
  guint words = 0;
  gsize s = end;
  while (s > 0 && words < 10)
    {
      gsize w = s;
      while (w > 0 && f->text[w - 1] != ' ' && long_char (f->text[w - 1]))
        w--;
      if (w == s || (w > 0 && f->text[w - 1] != ' '))
        break;
      if (!capitalized_name (f, doc, w, end))
        break;
      words++;
      if (!(s - w == 3 && memcmp (f->text + w, "the", 3) == 0))
        best = (gssize) w;
      if (w == 0)
        break;
      s = w - 1;
    }
  return best;
}

gboolean
eg_acronym_initials_cover (const char *acr, gsize acr_len, const char *lng, gsize lng_len)
{
  static const char *const small[] = { "of", "the", "for", "and", "on", "in", "de", "del",
                                       "la", "el", "los", "las", "y", "to", "des", "du", NULL };
  char initials[32];
  guint n = 0;
  for (gsize i = 0; i < lng_len;)
    {
      gsize j = i;
      while (j < lng_len && lng[j] != ' ')
        j++;
      gboolean is_small = FALSE;
      for (guint k = 0; small[k]; k++)
        is_small |= strlen (small[k]) == j - i && memcmp (small[k], lng + i, j - i) == 0;
      if (!is_small && j > i)
        {
          if (n == G_N_ELEMENTS (initials))
            return FALSE;
          initials[n++] = lng[i];
        }
      i = j + 1;
    }
  guint letters = 0;
  for (gsize a = 0; a < acr_len; a++)
    {
      char c = g_ascii_tolower (acr[a]);
      if (!g_ascii_isalnum (c))
        continue;
      letters++;
      guint k = 0;
      while (k < n && initials[k] != c)
        k++;
      if (k == n)
        return FALSE;
      initials[k] = ' '; /* each word's initial once */
    }
  return letters >= 2 && n <= letters + 1;
}

static void
long_then_acronym (const EgFolded *f, const EgDoc *doc, gsize open, gsize as, gsize ae,
                   GArray *out)
{
  /* Up to min(|A| + 5, 2|A|) words before the parenthesis (Schwartz & Hearst). */
  gsize acr_len = ae - as;
  guint max_words = MIN (acr_len + 5, acr_len * 2);
  if (open < 2 || f->text[open - 1] != ' ')
    return;
  gsize end = open - 1, start = end;
  guint words = 1;
  while (start > 0 && long_char (f->text[start - 1]))
    {
      if (f->text[start - 1] == ' ' && ++words > max_words)
        break;
      start--;
    }
  while (start < end && f->text[start] == ' ')
    start++;
  if (start >= end)
    return;
  gssize at = eg_acronym_align (f->text + as, acr_len, f->text + start, end - start);
  if (at < 0)
    return;
  gsize ls = start + (gsize) at;
  /* The long form must be longer than the acronym and look like a name. */
  if (end - ls <= acr_len || !capitalized_name (f, doc, ls, end))
    return;
  EgAcronymDef d = { (guint32) ls, (guint32) end, (guint32) as, (guint32) ae, FALSE };
  g_array_append_val (out, d);
}

static void
acronym_then_long (const EgFolded *f, const EgDoc *doc, gsize open, gsize close, GArray *out)
{
  /* "SRE (Secretariat of Foreign Relations)": the token before the parenthesis. */
  if (open < 2 || f->text[open - 1] != ' ')
    return;
  gsize ae = open - 1, as = ae;
  while (as > 0 && f->text[as - 1] != ' ' && f->text[as - 1] != '(')
    as--;
  if (!acronym_token (f, doc, as, ae))
    return;
  gsize ls = open + 1, le = close;
  for (gsize i = ls; i < le; i++)
    if (!long_char (f->text[i]))
      return;
  gssize at = eg_acronym_align (f->text + as, ae - as, f->text + ls, le - ls);
  if (at != 0 || le - ls <= ae - as || !capitalized_name (f, doc, ls, le))
    return;
  EgAcronymDef d = { (guint32) ls, (guint32) le, (guint32) as, (guint32) ae, TRUE };
  g_array_append_val (out, d);
}

void
eg_acronym_find (const EgFolded *f, const EgDoc *doc, GArray *out)
{
  const char *t = f->text;
  for (const char *p = memchr (t, '(', f->len); p != NULL;
       p = memchr (p + 1, '(', f->len - (gsize) (p + 1 - t)))
    {
      gsize open = (gsize) (p - t);
      const char *q = memchr (p, ')', MIN (f->len - open, (gsize) 120));
      if (q == NULL)
        continue;
      gsize close = (gsize) (q - t);
      gsize as = open + 1, ae = close;
      while (as < ae && t[as] == ' ')
        as++;
      while (ae > as && t[ae - 1] == ' ')
        ae--;
      if (acronym_token (f, doc, as, ae))
        long_then_acronym (f, doc, open, as, ae, out);
      else
        acronym_then_long (f, doc, open, close, out);
    }
}
