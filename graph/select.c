/* select.c - document selection by header fields (see select.h). */
#include "select.h"

#include <string.h>

gboolean
eg_doc_filter_active (const EgDocFilter *f)
{
  return f->since || f->until || (f->tags && f->tags[0]) || (f->origins && f->origins[0])
         || (f->classifications && f->classifications[0]);
}

gboolean
eg_doc_filter_date_valid (const char *s)
{
  /* YYYY[-MM[-DD[Thh[:mm[:ss]]]]], a "Z" allowed after the hours. */
  static const char shape[] = "dddd-dd-ddTdd:dd:dd";
  gsize n = strlen (s);
  if (n >= 14 && s[n - 1] == 'Z')
    n--;
  if (n != 4 && n != 7 && n != 10 && n != 13 && n != 16 && n != 19)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (shape[i] == 'd' ? !g_ascii_isdigit (s[i]) : s[i] != shape[i])
      return FALSE;
  return TRUE;
}

/* Does @hay hold @word (ASCII case folded) with no letter or digit on either side? */
static gboolean
has_word (const char *hay, const char *word)
{
  gsize n = strlen (word);
  if (n == 0)
    return FALSE;
  for (const char *p = hay; *p; p++)
    {
      if (g_ascii_strncasecmp (p, word, n) != 0)
        continue;
      gboolean left = p == hay || !g_ascii_isalnum (p[-1]);
      gboolean right = !g_ascii_isalnum (p[n]);
      if (left && right)
        return TRUE;
    }
  return FALSE;
}

static gboolean
any_word (const char *hay, const char *const *words)
{
  if (hay == NULL)
    return FALSE;
  for (guint i = 0; words[i]; i++)
    if (has_word (hay, words[i]))
      return TRUE;
  return FALSE;
}

gboolean
eg_doc_filter_match (const EgDocFilter *f, const EgDocMeta *meta)
{
  if (f->since && (meta->date == NULL || strncmp (meta->date, f->since, strlen (f->since)) < 0))
    return FALSE;
  if (f->until && (meta->date == NULL || strncmp (meta->date, f->until, strlen (f->until)) > 0))
    return FALSE;
  if (f->tags && f->tags[0])
    {
      gboolean found = FALSE;
      for (guint i = 0; meta->tags && i < meta->tags->len && !found; i++)
        for (guint k = 0; f->tags[k] && !found; k++)
          found = g_ascii_strcasecmp (g_ptr_array_index (meta->tags, i), f->tags[k]) == 0;
      if (!found)
        return FALSE;
    }
  if (f->origins && f->origins[0] && !any_word (meta->origin, f->origins))
    return FALSE;
  if (f->classifications && f->classifications[0]
      && !any_word (meta->classification, f->classifications))
    return FALSE;
  return TRUE;
}
