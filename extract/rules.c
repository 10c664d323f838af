/* rules.c - people and institutions the dictionary lacks (see rules.h).
 *
 * Every list of dicts/rules/ goes into one table, folded word -> class bits (a word may be
 * a given name and a title at once), plus one table of multi-word titles. A document is
 * read as an array of tokens over its folded text: words (with inner hyphens and
 * apostrophes, "al-Qadhafi", "O'Brien"; "U.S." is one token; a possessive "'s" is noted
 * and left out), each with its case as written in the original, the punctuation that
 * separates it from the token before, its class bits and the known span it falls in.
 * Sentence and window changes separate tokens like a full stop. Then:
 *   1. runs of capitalized name words become people when a title, a role noun, an
 *      appositive or a given name anchors them;
 *   2. the surnames of the people found (and of the dictionary's people) are collected;
 *      a surname shared by two people is dropped;
 *   3. a name after a title that is one word only, and a capitalized word that is a
 *      collected surname, become mentions of that person;
 *   4. runs with an institution head word become institutions.
 * All of it is linear in the number of tokens; the only allocations are the token array,
 * one string per surname key and the hits. */
#include "rules.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "error.h"
#include "extract.h"

/* Class bits of a word. */
enum {
  C_GIVEN = 1 << 0,
  C_NOTNAME = 1 << 1,
  C_FUNC = 1 << 2,       /* function word: starts no institution, is no name */
  C_TITLE = 1 << 3,      /* a one-word title */
  C_TITLE_WEAK = 1 << 4, /* ... that is also an ordinary word */
  C_TITLE_LAST = 1 << 5, /* the last word of some title phrase */
  C_ROLE = 1 << 6,
  C_AFTER = 1 << 7,      /* facility word after a name */
  C_BEFORE = 1 << 8,     /* place word before a name */
  C_HEAD_AGENCY = 1 << 9,
  C_HEAD_ORG = 1 << 10,
  C_HEAD_EITHER = 1 << 11,
  C_GOV = 1 << 12,
  C_INTL = 1 << 13,
  C_CONNECT = 1 << 14,   /* built in: joins the words of an institution's name */
  C_PARTICLE = 1 << 15,  /* built in: joins the words of a person's name */
  C_PREFIX = 1 << 16,    /* built in: "al-", "el-" before a surname */
  C_DET = 1 << 17,       /* built in: opens an appositive ("the", "a", "his") */
  C_NATION = 1 << 18,    /* nationality adjective */
  C_BODY = 1 << 19,      /* "government", "police" after a nationality or a level */
  C_LEVEL = 1 << 20,     /* "federal", "state", "municipal" */
  C_LEADER = 1 << 21,    /* "administration" after a leader's surname */
  C_PREFIX_HEAD = 1 << 22, /* "Banco", "Grupo": the name follows without "of" */
  C_PART = 1 << 23,      /* "people's" inside a name */
  C_THING = 1 << 24,     /* ends the name of a law, treaty, event or document */
  C_DEGREE = 1 << 25,    /* "degree in": a field of study follows */
  C_PLURAL = 1 << 26,    /* built in: a role's or title's word with an "s" ("ministers") */
};
#define C_HEAD (C_HEAD_AGENCY | C_HEAD_ORG | C_HEAD_EITHER)

/* Words whose role is grammar, not data: they are fixed by the languages, not the corpus. */
static const struct {
  const char *word;
  guint32 bits;
} builtin[] = {
  { "of", C_CONNECT }, { "for", C_CONNECT }, { "and", C_CONNECT }, { "on", C_CONNECT },
  { "in", C_CONNECT }, { "to", C_CONNECT }, { "against", C_CONNECT }, { "the", C_CONNECT | C_DET },
  { "para", C_CONNECT }, { "des", C_CONNECT | C_PARTICLE }, { "et", C_CONNECT },
  { "de", C_CONNECT | C_PARTICLE }, { "del", C_CONNECT | C_PARTICLE },
  { "la", C_CONNECT | C_PARTICLE }, { "las", C_CONNECT | C_PARTICLE },
  { "los", C_CONNECT | C_PARTICLE }, { "y", C_CONNECT | C_PARTICLE },
  { "e", C_CONNECT | C_PARTICLE }, { "da", C_CONNECT | C_PARTICLE },
  { "do", C_CONNECT | C_PARTICLE }, { "dos", C_CONNECT | C_PARTICLE },
  { "das", C_CONNECT | C_PARTICLE }, { "du", C_CONNECT | C_PARTICLE },
  { "di", C_PARTICLE }, { "van", C_PARTICLE }, { "von", C_PARTICLE }, { "der", C_PARTICLE },
  { "den", C_PARTICLE }, { "ter", C_PARTICLE }, { "le", C_PARTICLE },
  { "al", C_PARTICLE | C_PREFIX }, { "el", C_PARTICLE | C_PREFIX },
  { "bin", C_PARTICLE | C_PREFIX }, { "ben", C_PARTICLE }, { "ibn", C_PARTICLE },
  { "abu", C_PARTICLE }, { "ould", C_PARTICLE }, { "bint", C_PARTICLE },
  { "a", C_DET }, { "an", C_DET }, { "his", C_DET }, { "her", C_DET }, { "its", C_DET },
  { "their", C_DET }, { "our", C_DET }, { "former", C_DET }, { "then", C_DET },
  { "current", C_DET }, { "newly", C_DET }, { "recently", C_DET }, { "longtime", C_DET },
  { "also", C_DET }, { "now", C_DET }, { "who", C_DET },
};

/* The words and their class bits, by open addressing: the look-up runs for every token
 * of every text. A slot of 16 bytes holds a word's first eight bytes, so a word of up to
 * eight bytes (nearly every token) is compared and hashed from one 64-bit load; longer
 * words compare the rest with their copy in one pool. */
typedef struct {
  guint64 head;     /* the first eight bytes, little-endian, zero-padded */
  guint32 bits;
  guint32 key_len;  /* offset in word_pool << 6 | length (< KEY_MAX); 0: empty */
} WordSlot;

/* And a bitmap over (length, first, middle and last byte) of the words, tested first: one
 * bit spares half the tokens of a text the hash. */
#define MAYBE_BITS 65536

struct _EgRules {
  gint ref;
  guint64 maybe[MAYBE_BITS / 64]; /* a bit per maybe_key() of some word */
  WordSlot *words;   /* folded word -> class bits; n_slots a power of two */
  guint n_slots, n_words;
  GString *word_pool;
  GHashTable *titles; /* folded title phrase, periods dropped -> 1 strong, 2 weak */
  guint max_title_words;
  guint n_entries;
};

/* Longest word or phrase looked up; longer tokens are never names. */
#define KEY_MAX 64
G_STATIC_ASSERT (KEY_MAX <= 64); /* a length fits key_len's six bits */
/* Most words in a person's name and in an institution's name. */
#define MAX_NAME 6
#define MAX_INST 12

static inline guint
maybe_key (const char *s, gsize len)
{
  return (guint) ((len * 0x9E37u) ^ ((guchar) s[0] << 8) ^ (guchar) s[len - 1]
                  ^ ((guint) (guchar) s[len / 2] << 3)) % MAYBE_BITS;
}

/* The first min(@len, 8) bytes of @s as a number, the rest zero; @room bytes from @s may
 * be read (a folded text has its NUL after it, so a word well inside it is one load). */
static inline guint64
word_head (const char *s, gsize len, gsize room)
{
  guint64 v = 0;
  if (room >= 8)
    {
      memcpy (&v, s, 8);
      v = GUINT64_FROM_LE (v);
      if (len < 8)
        v &= (G_GUINT64_CONSTANT (1) << (8 * len)) - 1;
      return v;
    }
  memcpy (&v, s, MIN (len, 8));
  return GUINT64_FROM_LE (v);
}

static inline guint32
word_hash (const char *s, gsize len, guint64 head)
{
  guint64 h = (head ^ len) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  for (gsize i = 8; i < len; i++)
    h = (h ^ (guchar) s[i]) * G_GUINT64_CONSTANT (0x100000001B3);
  return (guint32) (h >> 32);
}

/* The slot of word [s, s + len) with its head and hash: its own, or the empty one where it
 * would go. */
static inline WordSlot *
word_slot (const EgRules *r, const char *s, gsize len, guint64 head, guint32 h)
{
  guint mask = r->n_slots - 1;
  for (guint i = h & mask;; i = (i + 1) & mask)
    {
      WordSlot *w = &r->words[i];
      if (w->key_len == 0)
        return w;
      if (w->head == head && (w->key_len & 63) == len
          && (len <= 8 || memcmp (r->word_pool->str + (w->key_len >> 6) + 8, s + 8, len - 8) == 0))
        return w;
    }
}

/* A slot keeps a word's place in the pool in 26 bits. */
#define WORD_POOL_MAX (G_MAXUINT32 >> 6)

/* Gives folded word @w the class @bits too. FALSE, and nothing changed, when the pool of
 * words is full (64 MiB of distinct words). */
static gboolean
set_word (EgRules *r, const char *w, guint32 bits)
{
  gsize len = strlen (w);
  if (len == 0 || len >= KEY_MAX)
    return TRUE; /* never looked up */
  /* The plural of a role or title is no name ("Coordinators", "Ministers"): the word with
   * an "s" is marked here, so that the tokenizer needs no second look-up for it. */
  if ((bits & (C_ROLE | C_TITLE | C_TITLE_LAST)) && len >= 3 && len + 1 < KEY_MAX)
    {
      char plural[KEY_MAX + 1];
      memcpy (plural, w, len);
      plural[len] = 's';
      plural[len + 1] = '\0';
      if (!set_word (r, plural, C_PLURAL))
        return FALSE;
    }
  if (2 * (r->n_words + 1) > r->n_slots)
    {
      WordSlot *old = r->words;
      guint n_old = r->n_slots;
      r->n_slots = MAX (2 * n_old, 1024);
      r->words = g_new0 (WordSlot, r->n_slots);
      for (guint i = 0; i < n_old; i++)
        if (old[i].key_len != 0)
          {
            const char *k = r->word_pool->str + (old[i].key_len >> 6);
            gsize n = old[i].key_len & 63;
            *word_slot (r, k, n, old[i].head, word_hash (k, n, old[i].head)) = old[i];
          }
      g_free (old);
    }
  guint64 head = word_head (w, len, len + 1);
  WordSlot *slot = word_slot (r, w, len, head, word_hash (w, len, head));
  if (slot->key_len == 0)
    {
      if (r->word_pool->len + len > WORD_POOL_MAX)
        return FALSE;
      *slot = (WordSlot) { head, 0, (guint32) r->word_pool->len << 6 | (guint32) len };
      g_string_append_len (r->word_pool, w, (gssize) len);
      r->n_words++;
      guint k = maybe_key (w, len);
      r->maybe[k / 64] |= G_GUINT64_CONSTANT (1) << (k % 64);
    }
  slot->bits |= bits;
  return TRUE;
}

EgRules *
eg_rules_new (void)
{
  EgRules *r = g_new0 (EgRules, 1);
  r->ref = 1;
  r->word_pool = g_string_new (NULL);
  r->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (builtin); i++)
    set_word (r, builtin[i].word, builtin[i].bits); /* (a few hundred bytes: they fit) */
  return r;
}

EgRules *
eg_rules_ref (EgRules *r)
{
  g_return_val_if_fail (r != NULL, NULL);
  g_atomic_int_inc (&r->ref);
  return r;
}

void
eg_rules_unref (EgRules *r)
{
  if (r == NULL || !g_atomic_int_dec_and_test (&r->ref))
    return;
  g_free (r->words);
  g_string_free (r->word_pool, TRUE);
  g_hash_table_destroy (r->titles);
  g_free (r);
}

guint
eg_rules_size (const EgRules *r)
{
  return r->n_entries;
}

/* ---- loading ---------------------------------------------------------------------- */

typedef enum {
  LIST_GIVEN,
  LIST_TITLES,
  LIST_ROLES,
  LIST_NOT_NAMES,
  LIST_FUNCTION,
  LIST_FACILITIES,
  LIST_INSTITUTIONS,
  LIST_NATIONALITIES,
  LIST_N
} ListKind;

static const char *const list_files[LIST_N] = {
  [LIST_GIVEN] = "given-names.txt",
  [LIST_TITLES] = "titles.txt",
  [LIST_ROLES] = "roles.txt",
  [LIST_NOT_NAMES] = "not-names.txt",
  [LIST_FUNCTION] = "function-words.txt",
  [LIST_FACILITIES] = "facilities.txt",
  [LIST_INSTITUTIONS] = "institutions.tsv",
  [LIST_NATIONALITIES] = "nationalities.txt",
};

static gboolean
add_bits (EgRules *r, const char *folded, guint32 bits, const char *path, guint line,
          GError **error)
{
  if (!set_word (r, folded, bits))
    {
      g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX,
                   "%s:%u: the rules' word lists hold more than %u bytes of words", path, line,
                   WORD_POOL_MAX);
      return FALSE;
    }
  r->n_entries++;
  return TRUE;
}

/* A title phrase: folded, periods dropped, runs of spaces made one. */
static gboolean
add_title (EgRules *r, const char *text, gboolean weak, const char *path, guint line,
           GError **error)
{
  g_autofree char *folded = eg_fold_string (text, -1);
  GString *key = g_string_new (NULL);
  guint words = 0;
  const char *last = NULL;
  for (const char *p = folded; *p; p++)
    {
      if (*p == '.')
        continue;
      if (*p == ' ')
        {
          if (key->len > 0 && key->str[key->len - 1] != ' ')
            g_string_append_c (key, ' ');
          continue;
        }
      if (key->len == 0 || key->str[key->len - 1] == ' ')
        words++;
      g_string_append_c (key, *p);
    }
  if (key->len > 0 && key->str[key->len - 1] == ' ')
    g_string_truncate (key, key->len - 1);
  if (key->len == 0 || key->len >= KEY_MAX)
    {
      g_string_free (key, TRUE);
      g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX, "%s:%u: empty or too long title",
                   path, line);
      return FALSE;
    }
  last = strrchr (key->str, ' ');
  last = last ? last + 1 : key->str;
  if (!add_bits (r, last, C_TITLE_LAST | (words == 1 ? C_TITLE | (weak ? C_TITLE_WEAK : 0) : 0),
                 path, line, error))
    {
      g_string_free (key, TRUE);
      return FALSE;
    }
  r->max_title_words = MAX (r->max_title_words, words);
  g_hash_table_insert (r->titles, g_string_free (key, FALSE), GUINT_TO_POINTER (weak ? 2 : 1));
  return TRUE;
}

static gboolean
add_word (EgRules *r, const char *text, guint32 bits, const char *path, guint line,
          GError **error)
{
  g_autofree char *folded = eg_fold_string (text, -1);
  if (folded[0] == '\0' || strlen (folded) >= KEY_MAX || strchr (folded, ' ') != NULL)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX, "%s:%u: \"%s\" is not one word",
                   path, line, text);
      return FALSE;
    }
  return add_bits (r, folded, bits, path, line, error);
}

static gboolean
load_line (EgRules *r, ListKind kind, char *line, const char *path, guint n, GError **error)
{
  char *tab = strchr (line, '\t');
  char *second = NULL;
  if (tab)
    {
      *tab = '\0';
      second = g_strstrip (tab + 1);
    }
  g_strstrip (line);
  switch (kind)
    {
    case LIST_TITLES:
      if (second && *second && strcmp (second, "weak") != 0)
        break;
      return add_title (r, line, second && *second, path, n, error);
    case LIST_FACILITIES:
      if (second && *second && strcmp (second, "before") != 0)
        break;
      return add_word (r, line, second && *second ? C_BEFORE : C_AFTER, path, n, error);
    case LIST_INSTITUTIONS:
      {
        static const struct { const char *name; guint32 bits; } kinds[] = {
          { "AGENCY", C_HEAD_AGENCY }, { "ORG", C_HEAD_ORG }, { "EITHER", C_HEAD_EITHER },
          { "GOV", C_GOV }, { "INTL", C_INTL }, { "BODY", C_BODY }, { "LEVEL", C_LEVEL },
          { "LEADER", C_LEADER }, { "PREFIX", C_PREFIX_HEAD }, { "PART", C_PART },
          { "THING", C_THING }, { "DEGREE", C_DEGREE },
        };
        for (guint i = 0; second && i < G_N_ELEMENTS (kinds); i++)
          if (strcmp (second, kinds[i].name) == 0)
            return add_word (r, line, kinds[i].bits, path, n, error);
        break;
      }
    default:
      if (second != NULL)
        break;
      {
        static const guint32 bits[LIST_N] = {
          [LIST_GIVEN] = C_GIVEN, [LIST_ROLES] = C_ROLE, [LIST_NOT_NAMES] = C_NOTNAME,
          [LIST_FUNCTION] = C_NOTNAME | C_FUNC, [LIST_NATIONALITIES] = C_NATION | C_NOTNAME,
        };
        g_auto (GStrv) words = g_strsplit_set (line, " ", -1);
        for (guint i = 0; words[i]; i++)
          if (words[i][0] && !add_word (r, words[i], bits[kind], path, n, error))
            return FALSE;
        return TRUE;
      }
    }
  g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX, "%s:%u: unexpected second column \"%s\"",
               path, n, second);
  return FALSE;
}

gboolean
eg_rules_load_data (EgRules *r, const char *path, const char *data, gsize len, GError **error)
{
  g_return_val_if_fail (r != NULL && path != NULL, FALSE);
  g_autofree char *base = g_path_get_basename (path);
  ListKind kind = LIST_N;
  for (guint i = 0; i < LIST_N; i++)
    if (strcmp (base, list_files[i]) == 0)
      kind = i;
  if (kind == LIST_N)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX, "%s: not a rules list (want one of "
                   "given-names.txt, titles.txt, roles.txt, not-names.txt, function-words.txt, "
                   "facilities.txt, institutions.tsv, nationalities.txt)", path);
      return FALSE;
    }
  if (len > 0 && !g_utf8_validate (data, (gssize) len, NULL))
    {
      g_set_error (error, EG_ERROR, EG_ERROR_DICT_SYNTAX, "%s: not UTF-8", path);
      return FALSE;
    }
  g_autofree char *text = g_strndup (data ? data : "", len);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = lines[i];
      gsize l = strlen (line);
      if (l > 0 && line[l - 1] == '\r')
        line[l - 1] = '\0';
      const char *p = line;
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0' || *p == '#')
        continue;
      if (!load_line (r, kind, line, path, i + 1, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
eg_rules_load_dir (EgRules *r, const char *dir, GError **error)
{
  g_return_val_if_fail (r != NULL && dir != NULL, FALSE);
  for (guint i = 0; i < LIST_N; i++)
    {
      g_autofree char *path = g_build_filename (dir, list_files[i], NULL);
      g_autofree char *data = NULL;
      gsize len = 0;
      g_autoptr (GError) local = NULL;
      if (!g_file_get_contents (path, &data, &len, &local))
        {
          g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", path, local->message);
          return FALSE;
        }
      if (!eg_rules_load_data (r, path, data, len, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- tokens ----------------------------------------------------------------------- */

/* Shape bits of a token, from the original text. */
enum {
  T_UPPER = 1 << 0,    /* starts with a capital (or is all capitals) */
  T_CAP = 1 << 1,      /* name-shaped: "Lugo", "McDonald", "al-Qadhafi", "Ahmadi-Nejad" */
  T_ALLCAPS = 1 << 2,  /* two or more capitals, no lower-case letter */
  T_LOWER = 1 << 3,    /* starts with a lower-case letter */
  T_POSS = 1 << 4,     /* followed by a possessive 's */
  T_ABBR = 1 << 5,     /* "U.S.", "E.U." */
  T_DOT = 1 << 6,      /* a period right after it */
  T_DIGIT = 1 << 7,
  T_CAPSLINE = 1 << 8, /* on a line written all in capitals */
  T_REDACTED = 1 << 9, /* XXXXXXXXXXXX */
  T_INITIAL = 1 << 10, /* "A." */
};

/* What separates a token from the one before it. */
enum { GAP_SPACE, GAP_DOT, GAP_COMMA, GAP_HARD };

typedef struct {
  guint32 fs, fe;   /* folded span, possessive left out */
  guint32 end;      /* folded end, possessive included */
  guint32 shape;
  guint32 cls;
  gint32 known;     /* index in known, or -1 */
  gint32 person;    /* index of the person that claimed it, or -1 */
  guint8 gap;
} Tok;

typedef struct {
  const EgRules *r;
  const EgFolded *f;
  const EgDoc *doc;
  const EgRuleKnown *known;
  guint n_known;
  GArray *toks;
  /* The tokens the passes after tokenize() can act on, in order: capitalized, name-shaped
   * or in capitals, or a nationality, level of government or institution's head word.
   * The passes skip the rest (most of running text) without reading them. */
  guint32 *cands;
  guint n_cands, cands_room;
  /* line cache for the all-capitals test */
  gsize line_start, line_end;
  gboolean line_caps;
  gint subject_title_case; /* -1: not computed yet */
} Ctx;

static inline Tok *
tok (const Ctx *c, guint i)
{
  return &g_array_index (c->toks, Tok, i);
}

/* A look-up in two halves: lookup_start() hashes the word and asks for its slot's cache
 * line, lookup_end() reads the slot, with other work in between while the line comes. */
typedef struct {
  const char *s;
  gsize len;
  guint64 head;
  guint32 hash;
  gboolean maybe; /* FALSE: the word is surely not there */
} Lookup;

G_ALWAYS_INLINE static inline Lookup
lookup_start (const EgRules *r, const EgFolded *f, gsize at, gsize len)
{
  Lookup l = { .s = f->text + at, .len = len };
  if (len == 0 || len >= KEY_MAX)
    return l;
  guint k = maybe_key (l.s, len);
  if (!(r->maybe[k / 64] >> (k % 64) & 1))
    return l;
  l.maybe = TRUE;
  l.head = word_head (l.s, len, f->len + 1 - at);
  l.hash = word_hash (l.s, len, l.head);
#if defined(__GNUC__)
  __builtin_prefetch (&r->words[l.hash & (r->n_slots - 1)]);
#endif
  return l;
}

G_ALWAYS_INLINE static inline guint32
lookup_end (const EgRules *r, const Lookup *l)
{
  return l->maybe ? word_slot (r, l->s, l->len, l->head, l->hash)->bits : 0;
}

/* The class bits of folded bytes [at, at + len) of @f. */
G_ALWAYS_INLINE static inline guint32
lookup (const EgRules *r, const EgFolded *f, gsize at, gsize len)
{
  Lookup l = lookup_start (r, f, at, len);
  return lookup_end (r, &l);
}

/* Is the original line around byte @at written without lower-case letters? */
static gboolean
caps_line (Ctx *c, gsize at)
{
  if (at >= c->line_start && at < c->line_end)
    return c->line_caps;
  const char *d = c->doc->data;
  const char *nl = memrchr (d, '\n', at);
  gsize s = nl ? (gsize) (nl - d) + 1 : 0;
  nl = memchr (d + at, '\n', c->doc->len - at);
  gsize e = nl ? (gsize) (nl - d) : c->doc->len;
  gboolean lower = FALSE, upper = FALSE;
  const char *p = d + s, *end = d + e;
#ifdef __SSE2__
  /* ASCII 16 bytes at a time (a line of capitals is read to its end) */
  for (; end - p >= 16; p += 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) p);
      if (_mm_movemask_epi8 (v))
        break; /* not ASCII: the loop below */
      __m128i lo = _mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 ('a' - 1)),
                                  _mm_cmplt_epi8 (v, _mm_set1_epi8 ('z' + 1)));
      __m128i up = _mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 ('A' - 1)),
                                  _mm_cmplt_epi8 (v, _mm_set1_epi8 ('Z' + 1)));
      if (_mm_movemask_epi8 (lo))
        {
          lower = TRUE;
          break;
        }
      upper |= _mm_movemask_epi8 (up) != 0;
    }
#endif
  while (p < end && !lower)
    {
      guchar b = (guchar) *p;
      if (b < 0x80)
        {
          lower = (guchar) (b - 'a') < 26;
          upper |= (guchar) (b - 'A') < 26;
          p++;
          continue;
        }
      gunichar u = g_utf8_get_char_validated (p, end - p);
      if (u == (gunichar) -1 || u == (gunichar) -2)
        {
          p++;
          continue;
        }
      lower = g_unichar_islower (u);
      upper |= g_unichar_isupper (u);
      p = g_utf8_next_char (p);
    }
  c->line_start = s;
  c->line_end = e + 1;
  c->line_caps = upper && !lower;
  return c->line_caps;
}

/* Is the original text of @span written in title case ("Egyptian Banks Establish Nile
 * Basin Investment Fund"): no word of four letters or more starts in lower case? */
static gboolean
title_case (const EgDoc *doc, EgSpan span)
{
  const char *d = doc->data;
  gsize i = span.start;
  guint words = 0;
  while (i < span.end)
    {
      while (i < span.end && !g_ascii_isalpha (d[i]))
        i++;
      gsize w = i;
      while (i < span.end && g_ascii_isalpha (d[i]))
        i++;
      if (i == w)
        break;
      words++;
      if (i - w >= 4 && g_ascii_islower (d[w]))
        return FALSE;
    }
  return words >= 3;
}

/* The shape of an ASCII token without a hyphen, from what its bytes hold: a digit, a small
 * letter, a capital, two capitals or more (@caps2), and whether its first letter is a
 * capital (@first_up, read only when it has a letter). */
static inline guint32
ascii_shape (gboolean digit, gboolean lower, gboolean upper, gboolean caps2, gboolean first_up,
             gboolean prefix)
{
  guint32 s = digit ? T_DIGIT : 0;
  if (!lower && !upper)
    return s;
  if (caps2 && !lower)
    s |= T_ALLCAPS | T_UPPER;
  s |= first_up ? T_UPPER : T_LOWER;
  if (lower && (first_up || (prefix && upper)))
    s |= T_CAP;
  return s;
}

/* ascii_shape() of a token of up to 16 ASCII bytes without a hyphen from one 16-byte load
 * of @p (16 bytes must be readable there): masks of its capitals, small letters and
 * digits. G_MAXUINT32 when the token is not such a token. */
#ifdef __SSE2__
G_ALWAYS_INLINE static inline guint32
shape_short (const char *p, gsize len, gboolean prefix)
{
  __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) p);
  guint keep = (1u << len) - 1;
#define IN_RANGE(lo, hi)                                                                          \
  ((guint) _mm_movemask_epi8 (_mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 ((char) ((lo) - 1))), \
                                             _mm_cmplt_epi8 (v, _mm_set1_epi8 ((char) ((hi) + 1))))) \
   & keep)
  guint high = (guint) _mm_movemask_epi8 (v) & keep;
  guint dash = (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('-'))) & keep;
  if (high | dash)
    return G_MAXUINT32;
  guint up = IN_RANGE ('A', 'Z'), lo = IN_RANGE ('a', 'z'), digit = IN_RANGE ('0', '9');
#undef IN_RANGE
  guint letters = up | lo;
  return ascii_shape (digit != 0, lo != 0, up != 0, (up & (up - 1)) != 0,
                      letters && ((up >> __builtin_ctz (letters)) & 1), prefix);
}
#endif

/* Shape bits of original bytes [os, oe) of @d (@d_len bytes); @prefix: the folded first
 * part is "al", "el"... (ASCII, nearly every byte of a cable, by ranges; the rest through
 * GLib's Unicode tables, which give the same answers for ASCII.) */
static guint32
shape_of (const char *d, gsize d_len, gsize os, gsize oe, gboolean prefix)
{
#ifdef __SSE2__
  if (oe - os <= 16 && d_len - os >= 16)
    {
      guint32 s = shape_short (d + os, oe - os, prefix);
      if (s != G_MAXUINT32)
        return s;
    }
#endif
  /* Nearly every token is ASCII without a hyphen: its shape follows from which kinds of
   * byte it has, its count of capitals and the case of its first letter. */
  enum { B_UP = 1, B_LO = 2, B_DIGIT = 4, B_DASH = 8, B_HIGH = 16 };
  static const guint8 kind[256] = {
    ['A' ... 'Z'] = B_UP, ['a' ... 'z'] = B_LO, ['0' ... '9'] = B_DIGIT, ['-'] = B_DASH,
    [0x80 ... 0xFF] = B_HIGH,
  };
  guint acc = 0, ups = 0;
  for (const char *p = d + os, *end = d + oe; p < end; p++)
    {
      guint k = kind[(guchar) *p];
      acc |= k;
      ups += k & B_UP;
    }
  if (!(acc & (B_HIGH | B_DASH)))
    {
      gboolean first_up = FALSE;
      if (acc & (B_UP | B_LO))
        {
          const char *q = d + os;
          while (!(kind[(guchar) *q] & (B_UP | B_LO)))
            q++;
          first_up = (kind[(guchar) *q] & B_UP) != 0;
        }
      return ascii_shape ((acc & B_DIGIT) != 0, (acc & B_LO) != 0, ups > 0, ups >= 2, first_up,
                          prefix);
    }
  /* The rest letter by letter: Unicode, and the parts of hyphenated words ("al-Qadhafi"). */
  guint letters = 0, upper = 0;
  gboolean lower = FALSE, first_upper = FALSE, first_lower = FALSE, digit = FALSE;
  gboolean part_start = TRUE, parts_ok = TRUE, first_part = TRUE;
  for (const char *p = d + os, *end = d + oe; p < end;)
    {
      guchar b = (guchar) *p;
      gboolean up, lo;
      if (b < 0x80)
        {
          p++;
          up = (guchar) (b - 'A') < 26;
          lo = (guchar) (b - 'a') < 26;
          if (!up && !lo)
            {
              if (b == '-')
                {
                  part_start = TRUE;
                  first_part = FALSE;
                }
              digit |= (guchar) (b - '0') < 10;
              continue;
            }
        }
      else
        {
          gunichar u = g_utf8_get_char_validated (p, end - p);
          if (u == (gunichar) -1 || u == (gunichar) -2)
            {
              p++;
              continue;
            }
          p = g_utf8_next_char (p);
          digit |= g_unichar_isdigit (u);
          if (!g_unichar_isalpha (u))
            continue;
          up = g_unichar_isupper (u);
          lo = g_unichar_islower (u);
        }
      if (letters == 0)
        {
          first_upper = up;
          first_lower = lo;
        }
      else if (part_start && !first_part && !up)
        parts_ok = FALSE;
      part_start = FALSE;
      letters++;
      upper += up;
      lower |= lo;
    }
  guint32 s = 0;
  if (digit)
    s |= T_DIGIT;
  if (letters >= 2 && upper >= 2 && !lower)
    s |= T_ALLCAPS | T_UPPER;
  if (first_upper)
    s |= T_UPPER;
  if (first_lower)
    s |= T_LOWER;
  if (lower && parts_ok && (first_upper || (prefix && upper > 0)))
    s |= T_CAP;
  return s;
}

static gboolean
is_word (guchar c)
{
  return eg_fold_is_word (c);
}

/* Reads the tokens of folded [from, to) into c->toks. */
static void
tokenize (Ctx *c, gsize from, gsize to)
{
  const char *t = c->f->text;
  const EgDoc *doc = c->doc;
  guint32 prev_sent = G_MAXUINT32, prev_win = G_MAXUINT32;
  /* The sentence and the window the scan is in: indexes and spans, advanced only when a
   * token starts past the span's end. */
  const EgSpan *sents = doc->sentences ? (const EgSpan *) (gpointer) doc->sentences->data : NULL;
  const EgWindow *wins = doc->windows ? (const EgWindow *) (gpointer) doc->windows->data : NULL;
  guint n_sents = doc->sentences ? doc->sentences->len : 0;
  guint n_wins = doc->windows ? doc->windows->len : 0;
  guint si = 0, wi = 0;
  gsize sent_start = n_sents ? sents[0].start : G_MAXSIZE, sent_end = n_sents ? sents[0].end : G_MAXSIZE;
  gsize win_start = n_wins ? wins[0].span.start : G_MAXSIZE, win_end = n_wins ? wins[0].span.end : G_MAXSIZE;
  gsize i = from;
  /* The tokens are written in place, the array grown by doubling (an append a token was a
   * tenth of this function). */
  guint n = c->toks->len, room = n;
  guint32 prev_shape = n > 0 ? tok (c, n - 1)->shape : 0;
  while (i < to)
    {
      /* What lies between the previous token and this one. */
      guint8 gap = GAP_SPACE;
      gboolean dot = FALSE;
      gsize next = eg_folded_next_word (c->f, i, to);
      if (next >= to)
        break;
      if (next != i + 1 || t[i] != ' ') /* more than the usual one space */
        for (; i < next; i++)
          {
            char b = t[i];
            if (b == ' ')
              continue;
            if (b == '.' && !dot && (prev_shape & T_DOT))
              dot = TRUE;
            else if (b == ',' && gap == GAP_SPACE)
              gap = GAP_COMMA;
            else
              gap = GAP_HARD;
          }
      i = next;
      gsize s = i, part = i, dash = 0;
      gboolean abbr = FALSE, poss = FALSE;
      for (;;)
        {
          i = eg_folded_word_end (c->f, i, to);
          if (i + 1 >= to || !is_word ((guchar) t[i + 1]))
            break;
          if (t[i] == '-')
            {
              if (dash == 0)
                dash = i;
              i++;
              part = i;
              continue;
            }
          if (t[i] == '\'')
            {
              if (t[i + 1] == 's' && (i + 2 >= to || !is_word ((guchar) t[i + 2])))
                {
                  poss = TRUE;
                  break;
                }
              i++;
              part = i;
              continue;
            }
          if (t[i] == '.' && i - part == 1 && g_ascii_isalpha (t[i + 1])
              && (i + 2 >= to || !is_word ((guchar) t[i + 2])))
            {
              abbr = TRUE;
              i++;
              part = i;
              continue;
            }
          break;
        }
      gsize fe = i;
      if (abbr && i < to && t[i] == '.')
        fe = ++i;
      Tok k = { .fs = (guint32) s, .fe = (guint32) fe, .end = (guint32) fe, .known = -1,
                .person = -1 };
      if (poss)
        {
          k.shape |= T_POSS;
          i += 2;
          k.end = (guint32) i;
        }
      if (abbr)
        k.shape |= T_ABBR;
      if (!abbr && fe < to && t[fe] == '.')
        k.shape |= T_DOT;
      Lookup word = lookup_start (c->r, c->f, s, fe - s); /* (read below) */
      /* Case as written. */
      gsize os = c->f->src_start[s], oe = c->f->src_end[fe - 1];
      guint32 first_cls = dash ? lookup (c->r, c->f, s, dash - s) : 0;
      k.shape |= shape_of (doc->data, doc->len, os, oe, (first_cls & C_PREFIX) != 0);
      /* (a token starting with a lower-case letter is on a line that has one) */
      if ((guchar) (doc->data[os] - 'a') >= 26 && caps_line (c, os))
        k.shape |= T_CAPSLINE;
      if (fe - s == 1 && (k.shape & T_UPPER) && (k.shape & T_DOT))
        k.shape |= T_INITIAL;
      if (fe - s >= 4 && t[s] == 'x')
        {
          gboolean xs = TRUE;
          for (gsize j = s; j < fe && xs; j++)
            xs = t[j] == 'x';
          if (xs)
            k.shape |= T_REDACTED;
        }
      k.cls = lookup_end (c->r, &word);
      /* "Coordinators", "Ministers": the plural of a role or title is no name. */
      if (fe - s > 3 && t[fe - 1] == 's'
          && ((k.cls & C_PLURAL)
              || (fe - s >= KEY_MAX /* (set_word() marks no plural this long) */
                  && (lookup (c->r, c->f, s, fe - s - 1) & (C_ROLE | C_TITLE | C_TITLE_LAST)))))
        k.cls |= C_NOTNAME;
      k.gap = gap;
      if (dot && k.gap == GAP_SPACE
          && tok (c, n - 1)->fe - tok (c, n - 1)->fs <= 4)
        k.gap = GAP_DOT; /* "Mr. Lugo", "Gene A. Cretz"; not "met Calderon. Fox" */
      else if (dot)
        k.gap = GAP_HARD;
      /* Windows and sentences. */
      if (os >= sent_end)
        {
          while (si < n_sents && sents[si].end <= os)
            si++;
          sent_start = si < n_sents ? sents[si].start : G_MAXSIZE;
          sent_end = si < n_sents ? sents[si].end : G_MAXSIZE;
        }
      guint32 sent = sent_start <= os ? si : G_MAXUINT32;
      if (os >= win_end)
        {
          while (wi < n_wins && wins[wi].span.end <= os)
            wi++;
          win_start = wi < n_wins ? wins[wi].span.start : G_MAXSIZE;
          win_end = wi < n_wins ? wins[wi].span.end : G_MAXSIZE;
        }
      guint32 win = win_start <= os ? wi : G_MAXUINT32;
      /* A subject in title case capitalizes every word: as good as capitals. */
      if (win != G_MAXUINT32 && wins[win].kind == EG_WINDOW_SUBJECT)
        {
          if (c->subject_title_case < 0)
            c->subject_title_case = title_case (doc, wins[win].span);
          if (c->subject_title_case)
            k.shape |= T_CAPSLINE;
        }
      if (n > 0)
        {
          if (win != prev_win)
            k.gap = GAP_HARD;
          else if (sent != prev_sent && k.gap != GAP_DOT)
            k.gap = GAP_HARD;
        }
      prev_sent = sent;
      prev_win = win;
      prev_shape = k.shape;
      if (n == room)
        {
          g_array_set_size (c->toks, MAX (2 * room, 64));
          room = c->toks->len;
        }
      if ((k.shape & (T_UPPER | T_CAP | T_ALLCAPS)) || (k.cls & (C_NATION | C_LEVEL | C_HEAD)))
        {
          if (c->n_cands == c->cands_room)
            {
              c->cands_room = MAX (2 * c->cands_room, 64);
              c->cands = g_renew (guint32, c->cands, c->cands_room);
            }
          c->cands[c->n_cands++] = n;
        }
      *tok (c, n++) = k;
    }
  g_array_set_size (c->toks, n);
}

/* Marks each token with the first known span that overlaps it. */
static void
mark_known (Ctx *c)
{
  guint n = c->toks->len;
  /* The dictionary's matches are in order and apart (leftmost-longest): each finds its
   * first token by bisection, and the tokens between matches, nearly all, are not read. */
  gboolean apart = TRUE;
  for (guint j = 1; j < c->n_known && apart; j++)
    apart = c->known[j - 1].fe <= c->known[j].fs && c->known[j].fs < c->known[j].fe;
  if (apart)
    {
      guint lo = 0;
      for (guint j = 0; j < c->n_known; j++)
        {
          guint hi = n; /* the first token ending after the span's start */
          while (lo < hi)
            {
              guint mid = lo + (hi - lo) / 2;
              if (tok (c, mid)->fe <= c->known[j].fs)
                lo = mid + 1;
              else
                hi = mid;
            }
          for (guint i = lo; i < n && tok (c, i)->fs < c->known[j].fe; i++)
            if (tok (c, i)->known < 0) /* (a token may hold the end of one and the next) */
              tok (c, i)->known = (gint32) j;
        }
      return;
    }
  guint kk = 0;
  for (guint i = 0; i < n; i++)
    {
      Tok *k = tok (c, i);
      while (kk < c->n_known && c->known[kk].fe <= k->fs)
        kk++;
      /* Known spans may nest or overlap; look at the few that start before this token. */
      for (guint j = kk; j < c->n_known && c->known[j].fs < k->fe; j++)
        if (c->known[j].fe > k->fs)
          {
            k->known = (gint32) j;
            break;
          }
    }
}

/* ---- people ----------------------------------------------------------------------- */

/* A word that may be part of a person's name as written in running text. */
static gboolean
name_word (const Ctx *c, const Tok *k, gboolean allow_caps)
{
  if ((k->known >= 0 && !c->known[k->known].person) || (k->shape & (T_DIGIT | T_REDACTED | T_ABBR))
      || (k->cls & C_NOTNAME))
    return FALSE;
  if ((k->cls & (C_TITLE | C_ROLE | C_THING)) && !(k->cls & C_GIVEN))
    return FALSE;
  if (k->shape & T_CAP)
    return TRUE;
  return allow_caps && (k->shape & T_ALLCAPS) && !(k->shape & T_CAPSLINE) && k->fe - k->fs >= 2;
}

/* The end of the name run starting at token @i: words, particles and initials between
 * words, all separated by single spaces, at most MAX_NAME words; a possessive ends it.
 * Returns the number of name words; *end is the token after the run. */
static guint
name_run (const Ctx *c, guint i, gboolean allow_caps, guint *end)
{
  guint n = c->toks->len, words = 0, j = i, last = i;
  while (j < n && words < MAX_NAME)
    {
      const Tok *k = tok (c, j);
      if (j > i && !(k->gap == GAP_SPACE || (k->gap == GAP_DOT && (tok (c, j - 1)->shape & T_INITIAL))))
        break;
      if (k->person >= 0)
        break;
      if (name_word (c, k, allow_caps))
        {
          words++;
          last = j + 1;
          j++;
          if (k->shape & T_POSS)
            break;
          continue;
        }
      /* Particles ("de la", "al") and initials only between words. */
      if (j > i && (((k->cls & C_PARTICLE) && (k->shape & T_LOWER))
                    || ((k->shape & T_INITIAL) && j + 1 < n)))
        {
          j++;
          continue;
        }
      break;
    }
  *end = words ? last : i;
  return words;
}

/* Does a title phrase end at token @last (inclusive)? Returns 0, 1 (strong) or 2 (weak). */
static guint
title_before (const Ctx *c, guint last)
{
  const Tok *lt = tok (c, last);
  if (!(lt->cls & C_TITLE_LAST) || (lt->shape & T_CAPSLINE))
    return 0;
  char key[KEY_MAX];
  guint best = 0;
  for (guint w = 1; w <= c->r->max_title_words && w <= last + 1; w++)
    {
      guint first = last + 1 - w;
      gsize len = 0;
      gboolean ok = TRUE;
      for (guint k = first; k <= last && ok; k++)
        {
          const Tok *t = tok (c, k);
          if (k > first && t->gap != GAP_SPACE && t->gap != GAP_DOT)
            ok = FALSE;
          if (len + (t->fe - t->fs) + 2 >= KEY_MAX)
            ok = FALSE;
          if (!ok)
            break;
          if (k > first)
            key[len++] = ' ';
          for (guint32 b = t->fs; b < t->fe; b++)
            if (c->f->text[b] != '.')
              key[len++] = c->f->text[b];
        }
      if (!ok)
        break;
      key[len] = '\0';
      guint v = GPOINTER_TO_UINT (g_hash_table_lookup (c->r->titles, key));
      if (v)
        best = v; /* the longest phrase decides: "Attorney General" is not weak */
    }
  /* "former PRI governor Montiel": a title in lower case only when it is not weak. */
  if (best == 2 && !(lt->shape & T_UPPER))
    best = 0;
  return best;
}

static gboolean
is_the (const Ctx *c, const Tok *k)
{
  return k->fe - k->fs == 3 && memcmp (c->f->text + k->fs, "the", 3) == 0;
}

/* "Nemecio Lugo, the newly appointed federal police official": a comma, then an
 * opening word and a role within a few words. */
static gboolean
appositive_after (const Ctx *c, guint end)
{
  guint n = c->toks->len;
  if (end >= n || tok (c, end)->gap != GAP_COMMA)
    return FALSE;
  const Tok *first = tok (c, end);
  gboolean opens = (first->cls & (C_DET | C_ROLE | C_TITLE)) || (first->shape & T_POSS)
                   || (first->shape & T_ALLCAPS);
  if (!opens)
    return FALSE;
  for (guint j = end; j < n && j < end + 8; j++)
    {
      const Tok *k = tok (c, j);
      if (j > end && k->gap != GAP_SPACE)
        return FALSE;
      if ((k->cls & (C_ROLE | C_TITLE)) && !(k->shape & T_POSS))
        return TRUE;
    }
  return FALSE;
}

typedef struct {
  guint first, end;   /* tokens */
  guint n_given;      /* leading given names and initials */
  EgRule rule;
  gint32 hit;         /* index of its hit in the output; -2 for a known person */
  gint32 canon;       /* person it is the same as (index in the people array) */
  gint32 entity;      /* known entity, or -1 */
} Person;

/* Folded text of tokens [a, b), as one string (the folded text already has one space
 * between words). */
static char *
tok_text (const Ctx *c, guint a, guint b, gboolean strip_prefix)
{
  const Tok *ta = tok (c, a), *tb = tok (c, b - 1);
  const char *s = c->f->text + ta->fs;
  gsize len = tb->fe - ta->fs;
  if (strip_prefix && a + 1 == b)
    {
      const char *dash = memchr (s, '-', len);
      if (dash && (lookup (c->r, c->f, (gsize) (s - c->f->text), (gsize) (dash - s)) & C_PREFIX))
        {
          len -= (gsize) (dash + 1 - s);
          s = dash + 1;
          if (lookup (c->r, c->f, (gsize) (s - c->f->text), len) & C_NOTNAME)
            return NULL;
        }
      else
        return NULL;
    }
  return g_strndup (s, len);
}

/* The surname keys' filter: a bit for each (first byte, length) seen. */
#define KEY_FILTER_BITS 1024

static inline guint
key_filter_slot (guchar first, gsize len)
{
  return ((guint) first * 31u + (guint) len * 131u) % KEY_FILTER_BITS;
}

static void
add_key (GHashTable *keys, char *key, gint32 canon)
{
  if (key == NULL)
    return;
  gpointer old;
  if (g_hash_table_lookup_extended (keys, key, NULL, &old))
    {
      if (GPOINTER_TO_INT (old) != canon + 1)
        g_hash_table_replace (keys, key, GINT_TO_POINTER (0)); /* shared: no link */
      else
        g_free (key);
      return;
    }
  g_hash_table_insert (keys, key, GINT_TO_POINTER (canon + 1));
}

/* The surname keys of a person: its surname words (after the given names) as a whole, the
 * first, the last, the first two, and the last without an "al-" prefix. */
static void
person_keys (const Ctx *c, const Person *p, GHashTable *keys)
{
  guint s = p->first + p->n_given;
  if (s >= p->end)
    return;
  /* Surname words, particles left out at the ends. */
  guint a = s, b = p->end;
  while (a < b && (tok (c, a)->cls & C_PARTICLE) && (tok (c, a)->shape & T_LOWER))
    a++;
  if (a >= b)
    return;
  gint32 canon = p->canon;
  add_key (keys, tok_text (c, a, b, FALSE), canon);
  add_key (keys, tok_text (c, a, a + 1, FALSE), canon);
  add_key (keys, tok_text (c, b - 1, b, FALSE), canon);
  add_key (keys, tok_text (c, b - 1, b, TRUE), canon);
  if (b - a >= 3)
    add_key (keys, tok_text (c, a, a + 2, FALSE), canon);
}

static guint
count_given (const Ctx *c, guint first, guint end)
{
  guint g = 0;
  while (first + g + 1 < end && (tok (c, first + g)->cls & C_GIVEN || (tok (c, first + g)->shape & T_INITIAL)))
    g++;
  return g;
}

static void
emit (GArray *hits, const Tok *a, const Tok *b, EgRule rule, EgRuleKind kind, gint32 same_as,
      gint32 entity)
{
  EgRuleHit h = { a->fs, b->fe, (guint8) rule, (guint8) kind, same_as, entity };
  g_array_append_val (hits, h);
}

/* Step 1: people anchored by a title, a role, an appositive or a given name. Adds them to
 * @people; the one-word names after a title go to @singles. */
static void
find_people (Ctx *c, GArray *people, GArray *singles)
{
  guint n = c->toks->len, resume = 0;
  for (guint ci = 0; ci < c->n_cands; ci++)
    {
      guint i = c->cands[ci];
      if (i < resume)
        continue;
      Tok *k = tok (c, i);
      if (k->person >= 0 || !(k->shape & T_UPPER) || (k->shape & T_CAPSLINE))
        continue;
      /* Where a run of name words starts: not right after another name word. */
      if (i > 0 && k->gap == GAP_SPACE && name_word (c, tok (c, i - 1), FALSE)
          && tok (c, i - 1)->person < 0 && !(tok (c, i - 1)->shape & T_POSS))
        continue;
      guint end = i, words;
      EgRule rule = EG_RULE_N;
      guint start = i;
      const Tok *prev = i > 0 && (k->gap == GAP_SPACE || k->gap == GAP_DOT) ? tok (c, i - 1) : NULL;
      guint title = prev ? title_before (c, i - 1) : 0;
      if (title && (prev->shape & T_DOT) && k->gap != GAP_DOT)
        title = 0;
      if (title && k->gap == GAP_DOT && !(prev->shape & T_UPPER))
        title = 0;
      if (title)
        {
          words = name_run (c, i, TRUE, &end);
          const Tok *f = tok (c, i);
          const Tok *next = end < n && tok (c, end)->gap == GAP_SPACE ? tok (c, end) : NULL;
          /* After a weak title one word must not look like a thing's name: "General
           * Motors", "General Electric Company". */
          gboolean caps = (f->shape & T_ALLCAPS) != 0;
          if (caps && words == 1 && f->fe - f->fs < 3)
            words = 0; /* "Consulate General CJ", "Deputy DG": acronyms */
          gboolean strong_start = (f->cls & C_GIVEN) || words >= 2
                                  || (!caps && !(f->cls & (C_AFTER | C_HEAD))
                                      && !(next && (next->shape & T_UPPER)));
          /* "Deputy Planning Commissioner X": a word between two titles is the office's. */
          gboolean office = words == 1 && next && (next->cls & C_TITLE_LAST);
          if (words > 0 && !office && (title == 1 || strong_start))
            rule = EG_RULE_TITLE;
        }
      if (rule == EG_RULE_N && (k->shape & T_CAP))
        {
          /* The first given name of the run starts the name: "Felipe Calderon", and also
           * "Accompanying Felipe Calderon", "Minister of Fisheries Einar Gudfinsson". */
          guint rend;
          name_run (c, i, TRUE, &rend);
          for (guint s = i; s < rend; s++)
            {
              const Tok *g = tok (c, s);
              if (!(g->cls & C_GIVEN) || !(g->shape & T_CAP))
                continue;
              gboolean place = s > 0 && g->gap == GAP_SPACE && (tok (c, s - 1)->cls & C_BEFORE);
              words = name_run (c, s, TRUE, &end);
              if (words >= 2 && !place)
                {
                  rule = EG_RULE_GIVEN_NAME;
                  start = s;
                }
              break;
            }
        }
      if (rule == EG_RULE_N && (k->shape & T_CAP) && prev && k->gap == GAP_SPACE
          && (prev->shape & T_LOWER) && name_word (c, k, FALSE) && i + 1 < n
          && tok (c, i + 1)->gap == GAP_SPACE && (tok (c, i + 1)->cls & C_LEADER)
          && !(k->cls & (C_GIVEN | C_GOV | C_INTL | C_HEAD))
          && (is_the (c, prev) || (i >= 2 && prev->gap == GAP_SPACE && is_the (c, tok (c, i - 2)))))
        {
          /* "the Fox administration", "the outgoing Fox cabinet": the leader. */
          rule = EG_RULE_TITLE;
          end = i + 1;
        }
      if (rule == EG_RULE_N && (k->shape & T_CAP))
        {
          words = name_run (c, i, FALSE, &end);
          gboolean role = prev && k->gap == GAP_SPACE && (prev->cls & C_ROLE) && !(prev->shape & T_POSS);
          if (words >= 2 && (role || appositive_after (c, end)))
            rule = EG_RULE_TITLE;
        }
      if (rule == EG_RULE_N)
        continue;
      /* "Benito Juarez Airport", "Simon Bolivar University": a place or a thing. */
      if (end < n && tok (c, end)->gap == GAP_SPACE && (tok (c, end)->cls & C_AFTER)
          && (tok (c, end)->shape & T_UPPER))
        continue;
      Person p = { start, end, count_given (c, start, end), rule, -1, (gint32) people->len, -1 };
      /* A name that holds a dictionary person's is that person ("Felipe Calderon"). */
      for (guint j = start; j < end && p.entity < 0; j++)
        if (tok (c, j)->known >= 0)
          p.entity = (gint32) c->known[tok (c, j)->known].entity;
      if (rule == EG_RULE_TITLE && end - start == 1)
        {
          p.canon = (gint32) singles->len;
          g_array_append_val (singles, p);
        }
      else
        g_array_append_val (people, p);
      for (guint j = start; j < end; j++)
        tok (c, j)->person = 0;
      resume = end;
    }
}

/* ---- institutions ----------------------------------------------------------------- */

static gboolean
inst_word (const Tok *k)
{
  return (k->shape & T_UPPER) && !(k->cls & C_FUNC) && !(k->shape & (T_DIGIT | T_REDACTED))
         && k->person < 0;
}

static gboolean
connector (const Tok *k)
{
  return (k->cls & C_CONNECT) && (k->shape & T_LOWER);
}

static gboolean
is_and (const Ctx *c, const Tok *k)
{
  return k->fe - k->fs == 3 && memcmp (c->f->text + k->fs, "and", 3) == 0 && (k->shape & T_LOWER);
}

/* A sentence opens with a capital: "Accompanying Ministry officials", "Recently
 * Congress". Such a first word is dropped unless it reads as a modifier. */
static gboolean
opener (const Ctx *c, const Tok *k)
{
  if (k->cls & (C_NOTNAME | C_GIVEN | C_HEAD | C_GOV | C_INTL | C_NATION))
    return FALSE;
  if (k->shape & (T_ALLCAPS | T_ABBR))
    return FALSE;
  const char *w = c->f->text + k->fs;
  gsize l = k->fe - k->fs;
  return (l > 4 && memcmp (w + l - 3, "ing", 3) == 0) || (l > 3 && memcmp (w + l - 2, "ed", 2) == 0)
         || (l > 3 && memcmp (w + l - 2, "ly", 2) == 0);
}

/* The complement of a head from token @j on: "of Foreign Relations", "for Peace, Care,
 * and Relief", "de la Republica"; after a PREFIX head also "Delta Asia". Returns the token
 * after it (@j when there is none). */
static guint
complement (const Ctx *c, guint h, guint j, guint limit)
{
  guint n = c->toks->len, last = j, before_connector = j;
  gboolean prefix = (tok (c, h)->cls & C_PREFIX_HEAD) != 0;
  gboolean opened = FALSE, direct = FALSE;
  while (j < n && j < limit)
    {
      const Tok *k = tok (c, j);
      if (k->gap == GAP_COMMA && opened && (inst_word (k) || is_and (c, k)))
        {
          /* A list inside the name needs an "and" soon after: "Peace, Care, and Relief". */
          gboolean and = FALSE;
          for (guint x = j; x < n && x < j + 5 && !and; x++)
            {
              if (x > j && tok (c, x)->gap != GAP_SPACE && tok (c, x)->gap != GAP_COMMA)
                break;
              and = is_and (c, tok (c, x)) && x + 1 < n && inst_word (tok (c, x + 1))
                    && tok (c, x + 1)->gap == GAP_SPACE && !(tok (c, x + 1)->cls & C_TITLE);
            }
          if (!and)
            break;
        }
      else if (k->gap != GAP_SPACE)
        break;
      if (connector (k))
        {
          /* "Banco Delta Asia in Macau": a name that follows its head directly ends at
           * the first connector; a complement opens with a preposition, not "and". */
          if (direct || (!opened && (is_and (c, k) || (k->cls & C_DET))))
            break;
          if (!connector (tok (c, j - 1)))
            before_connector = last;
          opened = TRUE;
          j++;
          continue;
        }
      if (!inst_word (k) || (k->cls & C_GIVEN) || (!opened && !prefix))
        break;
      /* A dictionary name of its own ends the complement where it was joined, unless the
       * head is in it: "Corps of the National Army" leaves "National Army" whole. */
      if (k->known >= 0 && k->known != tok (c, h)->known)
        {
          last = before_connector;
          break;
        }
      /* "Embassy to Spain, and Director of ...": a title after "and" is someone's. */
      if ((k->cls & C_TITLE) && is_and (c, tok (c, j - 1)))
        break;
      /* "Private Enterprise's" ends the name; "and Iceland's" is another name. */
      if ((k->shape & T_POSS) && connector (tok (c, j - 1)))
        break;
      direct |= !opened;
      opened = TRUE;
      last = ++j;
      if (k->shape & T_POSS)
        break;
    }
  return last;
}

/* The institution with its head at token @h, as tokens [*a, *b); FALSE when there is none.
 * @in_text: the tokens are running text, where a sentence's first capital means little. */
static gboolean
institution_at (const Ctx *c, guint h, guint lo, gboolean in_text, guint *a, guint *b)
{
  guint n = c->toks->len;
  const Tok *hk = tok (c, h);
  if (!(hk->cls & C_HEAD) || !(hk->shape & T_CAP) || hk->person >= 0)
    return FALSE;
  /* Heads in a row name one body: "Federal Forces Institute". */
  while (h + 1 < n && !(tok (c, h)->shape & T_POSS) && tok (c, h + 1)->gap == GAP_SPACE
         && (tok (c, h + 1)->cls & C_HEAD) && (tok (c, h + 1)->shape & T_CAP)
         && tok (c, h + 1)->person < 0)
    h++;
  hk = tok (c, h);
  /* Modifiers before the head: capitalized words, "and" between two of them ("Foreign and
   * Defence Policy Secretariat"); a possessive title ("Attorney General's Office") or
   * "People's" lets titles in; any other possessive or title stops them. */
  guint s = h;
  gboolean titles_ok = FALSE;
  while (s > lo)
    {
      const Tok *p = tok (c, s - 1), *cur = tok (c, s);
      if (cur->gap != GAP_SPACE)
        break;
      if (is_and (c, p) && s >= lo + 2 && p->gap == GAP_SPACE && inst_word (tok (c, s - 2))
          && !(tok (c, s - 2)->shape & (T_POSS | T_ALLCAPS | T_ABBR))
          && !(tok (c, s - 2)->cls & (C_TITLE | C_ROLE | C_HEAD)) && tok (c, s - 2)->known < 0)
        {
          s -= 2;
          continue;
        }
      if (!inst_word (p) || p->known >= 0)
        break;
      if (p->shape & T_POSS)
        {
          if (!(p->cls & (C_TITLE_LAST | C_PART)) || (tok (c, s)->cls & C_PART))
            break;
          titles_ok = TRUE;
        }
      else if ((p->cls & C_TITLE) && !(p->cls & C_HEAD) && !titles_ok)
        break;
      s--;
    }
  if (in_text && s < h && (s == 0 || tok (c, s)->gap == GAP_HARD) && opener (c, tok (c, s)))
    s++;
  guint e = (hk->shape & T_POSS) ? h + 1 : complement (c, h, h + 1, s + MAX_INST);
  /* Two words at least. */
  guint words = 0;
  for (guint j = s; j < e; j++)
    words += !connector (tok (c, j));
  if (words < 2)
    return FALSE;
  *a = s;
  *b = e;
  return TRUE;
}

static EgRuleKind
institution_kind (const Ctx *c, guint a, guint b)
{
  guint32 all = 0, heads = 0;
  for (guint j = a; j < b; j++)
    {
      all |= tok (c, j)->cls;
      heads |= tok (c, j)->cls & C_HEAD;
    }
  if (heads & C_HEAD_AGENCY)
    return EG_RULE_KIND_AGENCY;
  if (heads & C_HEAD_ORG)
    return EG_RULE_KIND_ORG;
  return (all & C_GOV) && !(all & C_INTL) ? EG_RULE_KIND_AGENCY : EG_RULE_KIND_ORG;
}

/* How a rule's tokens [a, b) meet the dictionary: 0 not at all, 1 one dictionary match
 * covers them all, 2 a dictionary match ends with them ("Mexican" + "Secretariat of
 * Foreign Relations": *entity is that one), 3 any other overlap. */
static guint
meets_known (const Ctx *c, guint a, guint b, guint head, gint32 *entity)
{
  const Tok *ta = tok (c, a), *tb = tok (c, b - 1);
  gboolean any = FALSE;
  for (guint j = a; j < b; j++)
    any |= tok (c, j)->known >= 0;
  if (!any)
    return 0;
  if (ta->known >= 0 && ta->known == tb->known && c->known[ta->known].fs <= ta->fs
      && tb->fe <= c->known[tb->known].fe)
    return 1;
  if (tb->known >= 0 && c->known[tb->known].fe == tb->fe && !c->known[tb->known].person
      && c->known[tb->known].fs <= tok (c, head)->fs)
    {
      for (guint j = a; j < b; j++)
        if (tok (c, j)->known >= 0 && tok (c, j)->known != tb->known)
          return 3;
      *entity = (gint32) c->known[tb->known].entity;
      return 2;
    }
  return 3;
}

static void
find_institutions (Ctx *c, GArray *hits)
{
  guint n = c->toks->len, lo = 0, resume = 0;
  for (guint ci = 0; ci < c->n_cands; ci++)
    {
      guint h = c->cands[ci];
      if (h < resume)
        continue;
      const Tok *k = tok (c, h);
      if (k->shape & T_CAPSLINE)
        continue;
      guint a, b, head;
      EgRuleKind kind;
      /* "Italian authorities", "U.S. forces", "federal police": a body of government. */
      if ((k->cls & (C_NATION | C_LEVEL)) && h + 1 < n && tok (c, h + 1)->gap == GAP_SPACE
          && (tok (c, h + 1)->cls & C_BODY) && k->person < 0 && tok (c, h + 1)->person < 0
          && ((k->cls & C_LEVEL) || (k->shape & (T_UPPER | T_ABBR))) && !(k->shape & T_POSS)
          && !(h + 2 < n && tok (c, h + 2)->gap == GAP_SPACE && (tok (c, h + 2)->cls & C_HEAD)
               && (tok (c, h + 2)->shape & T_CAP)))
        {
          a = h;
          b = h + 2;
          head = h + 1;
          /* "Mexican Embassy to Spain": a capitalized body may take a complement. */
          if (tok (c, h + 1)->shape & T_CAP)
            b = complement (c, h + 1, h + 2, h + 2 + MAX_INST);
          kind = EG_RULE_KIND_AGENCY;
        }
      else if ((k->cls & C_HEAD) && institution_at (c, h, lo, TRUE, &a, &b))
        {
          kind = institution_kind (c, a, b);
          head = h;
        }
      else
        continue;
      /* "a Master's degree in Business Administration": a field of study. */
      if (a >= 2 && tok (c, a - 1)->fe - tok (c, a - 1)->fs == 2
          && memcmp (c->f->text + tok (c, a - 1)->fs, "in", 2) == 0
          && (tok (c, a - 2)->cls & C_DEGREE))
        continue;
      gint32 entity = -1;
      guint meets = meets_known (c, a, b, head, &entity);
      if (meets == 1 || meets == 3)
        continue; /* the dictionary names it, or part of it: it knows better */
      emit (hits, tok (c, a), tok (c, b - 1), EG_RULE_INSTITUTION, kind, -1, entity);
      lo = b;
      resume = b;
    }
}

/* ---- the whole document ----------------------------------------------------------- */

/* The value of @key in @keys (0 when absent), and whether it is there: one look-up, where a
 * value of 0 and no value mean different things. */
static gint
key_value (GHashTable *keys, const char *key, gboolean *found)
{
  gpointer value = NULL;
  *found = g_hash_table_lookup_extended (keys, key, NULL, &value);
  return GPOINTER_TO_INT (value);
}

void
eg_rules_find (const EgRules *r, const EgFolded *f, const EgDoc *doc, const EgRuleKnown *known,
               guint n_known, GArray *hits)
{
  g_return_if_fail (r != NULL && f != NULL && doc != NULL && hits != NULL);
  if (r->n_entries == 0 || f->len == 0)
    return;
  Ctx c = { .r = r, .f = f, .doc = doc, .known = known, .n_known = n_known,
            .toks = g_array_sized_new (FALSE, FALSE, sizeof (Tok), f->len / 6 + 16),
            .subject_title_case = -1 };
  tokenize (&c, 0, f->len);
  mark_known (&c);
  guint n = c.toks->len;

  g_autoptr (GArray) people = g_array_new (FALSE, FALSE, sizeof (Person));
  g_autoptr (GArray) singles = g_array_new (FALSE, FALSE, sizeof (Person));
  find_people (&c, people, singles);

  /* The dictionary's people give surnames too. */
  for (guint i = 0; i < n_known; i++)
    {
      if (!known[i].person)
        continue;
      guint lo = 0, hi = n; /* first token at or after the span's start */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          if (tok (&c, mid)->fs < known[i].fs)
            lo = mid + 1;
          else
            hi = mid;
        }
      guint a = lo, b = lo;
      while (b < n && tok (&c, b)->fe <= known[i].fe)
        b++;
      if (b == a || tok (&c, a)->person >= 0)
        continue; /* inside a name the rules found: that person already */
      Person p = { a, b, count_given (&c, a, b), EG_RULE_DICT, -2, (gint32) people->len,
                   (gint32) known[i].entity };
      g_array_append_val (people, p);
    }

  /* Write the people of several words; a name written two ways is one person: the first
   * person with its first and last words ("Jose Luis Vasconcelos", "Jose Luis Santiago
   * Vasconcelos"), found through a table keyed on them rather than by a look at every
   * earlier person (a file of thousands of cables names thousands of people). */
  g_autoptr (GHashTable) first_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < people->len; i++)
    {
      Person *p = &g_array_index (people, Person, i);
      const Tok *pf = tok (&c, p->first), *pl = tok (&c, p->end - 1);
      /* "first\x01last" (tokens are word bytes: never a NUL) */
      gsize la = pf->fe - pf->fs, lb = pl->fe - pl->fs;
      char *key = g_malloc (la + lb + 2);
      memcpy (key, f->text + pf->fs, la);
      key[la] = '\x01';
      memcpy (key + la + 1, f->text + pl->fs, lb);
      key[la + 1 + lb] = '\0';
      guint j = GPOINTER_TO_UINT (g_hash_table_lookup (first_of, key));
      if (j != 0)
        {
          p->canon = g_array_index (people, Person, j - 1).canon;
          g_free (key);
        }
      else
        g_hash_table_insert (first_of, key, GUINT_TO_POINTER (i + 1));
      if (p->hit == -2)
        {
          p->hit = -1;
          continue;
        }
      const Person *canon = &g_array_index (people, Person, p->canon);
      p->hit = (gint32) hits->len;
      emit (hits, tok (&c, p->first), tok (&c, p->end - 1), p->rule, EG_RULE_KIND_PERSON,
            canon == p ? -1 : canon->hit, canon->entity);
    }
  /* Known people whose canon is a rule hit ordered later than them cannot happen: known
   * people come after all rule people in the array. */

  g_autoptr (GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < people->len; i++)
    person_keys (&c, &g_array_index (people, Person, i), keys);

  /* One-word names after a title: the full name they stand for, else a person alone. */
  g_autoptr (GHashTable) single_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < singles->len; i++)
    {
      Person *p = &g_array_index (singles, Person, i);
      g_autofree char *key = tok_text (&c, p->first, p->end, FALSE);
      gboolean listed;
      gint v = key_value (keys, key, &listed);
      gint32 same = -1, entity = -1;
      if (v > 0)
        {
          const Person *q = &g_array_index (people, Person, v - 1);
          same = q->hit;
          entity = q->entity;
        }
      else if (!listed)
        {
          gint first = GPOINTER_TO_INT (g_hash_table_lookup (single_names, key));
          if (first > 0)
            same = first - 1;
          else
            g_hash_table_insert (single_names, g_strdup (key), GINT_TO_POINTER (hits->len + 1));
        }
      emit (hits, tok (&c, p->first), tok (&c, p->end - 1), p->rule, EG_RULE_KIND_PERSON,
            same, entity);
    }

  /* Surnames alone. Most capitalized tokens are no one's surname: a filter of the keys'
   * first bytes and lengths turns them away before their text is copied and hashed. */
  guint64 maybe_key[KEY_FILTER_BITS / 64] = { 0 };
  GHashTable *tables[] = { keys, single_names };
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      GHashTableIter it;
      gpointer key;
      g_hash_table_iter_init (&it, tables[t]);
      while (g_hash_table_iter_next (&it, &key, NULL))
        {
          guint slot = key_filter_slot (*(const guchar *) key, strlen (key));
          maybe_key[slot / 64] |= (guint64) 1 << (slot % 64);
        }
    }
  if (g_hash_table_size (keys) > 0 || g_hash_table_size (single_names) > 0)
    for (guint ci = 0, resume = 0; ci < c.n_cands; ci++)
      {
        guint i = c.cands[ci];
        if (i < resume)
          continue;
        Tok *k = tok (&c, i);
        if (k->person >= 0 || k->known >= 0 || !(k->shape & (T_CAP | T_ALLCAPS)))
          continue;
        if (i > 0 && k->gap == GAP_SPACE)
          {
            const Tok *p = tok (&c, i - 1);
            guint l = p->fe - p->fs;
            if ((l == 3 && memcmp (f->text + p->fs, "the", 3) == 0) || (p->cls & C_BEFORE)
                || ((p->cls & C_GIVEN) && (p->shape & T_CAP)))
              continue;
          }
        for (guint w = 2; w >= 1; w--)
          {
            if (i + w > n)
              continue;
            gboolean ok = TRUE;
            for (guint j = i + 1; j < i + w; j++)
              ok = ok && tok (&c, j)->gap == GAP_SPACE && tok (&c, j)->person < 0
                   && tok (&c, j)->known < 0 && (tok (&c, j)->shape & (T_CAP | T_ALLCAPS))
                   && !(tok (&c, j - 1)->shape & T_POSS);
            if (!ok)
              continue;
            const Tok *after = i + w < n ? tok (&c, i + w) : NULL;
            if (after && after->gap == GAP_SPACE && (after->cls & C_AFTER) && (after->shape & T_UPPER))
              continue;
            guint slot = key_filter_slot ((guchar) f->text[k->fs], tok (&c, i + w - 1)->fe - k->fs);
            if (!(maybe_key[slot / 64] >> (slot % 64) & 1))
              continue; /* in neither table: no one's */
            g_autofree char *key = tok_text (&c, i, i + w, FALSE);
            gboolean listed;
            gint v = key_value (keys, key, &listed);
            gint32 same = -1, entity = -1;
            if (v > 0)
              {
                const Person *q = &g_array_index (people, Person, v - 1);
                same = q->hit;
                entity = q->entity;
              }
            else if (!listed)
              {
                gint first = GPOINTER_TO_INT (g_hash_table_lookup (single_names, key));
                if (first > 0)
                  same = first - 1;
              }
            if (same < 0 && entity < 0)
              continue;
            emit (hits, k, tok (&c, i + w - 1), EG_RULE_SURNAME, EG_RULE_KIND_PERSON, same, entity);
            for (guint j = i; j < i + w; j++)
              tok (&c, j)->person = 0;
            resume = i + w;
            break;
          }
      }

  find_institutions (&c, hits);
  g_array_free (c.toks, TRUE);
  g_free (c.cands);
}

gboolean
eg_rules_is_institution (const EgRules *r, const EgFolded *f, const EgDoc *doc, gsize fs,
                         gsize fe)
{
  g_return_val_if_fail (r != NULL && f != NULL && doc != NULL, FALSE);
  if (fe <= fs || fe > f->len)
    return FALSE;
  Ctx c = { .r = r, .f = f, .doc = doc, .toks = g_array_new (FALSE, FALSE, sizeof (Tok)),
            .subject_title_case = -1 };
  tokenize (&c, fs, fe);
  gboolean ok = FALSE;
  guint n = c.toks->len;
  if (n > 0 && tok (&c, 0)->fs == fs && tok (&c, n - 1)->end == fe)
    for (guint h = 0; h < n && !ok; h++)
      {
        guint a, b;
        ok = (tok (&c, h)->cls & C_HEAD) && institution_at (&c, h, 0, FALSE, &a, &b) && a == 0 && b == n;
      }
  g_array_free (c.toks, TRUE);
  g_free (c.cands);
  return ok;
}

gboolean
eg_rules_is_thing (const EgRules *r, const EgFolded *f, gsize fs, gsize fe)
{
  g_return_val_if_fail (r != NULL && f != NULL, FALSE);
  if (fe <= fs || fe > f->len)
    return FALSE;
  gsize s = fe;
  while (s > fs && f->text[s - 1] != ' ')
    s--;
  return (lookup (r, f, s, fe - s) & C_THING) != 0;
}

char *
eg_rules_display_name (const char *surface)
{
  GString *out = g_string_sized_new (strlen (surface));
  const char *p = surface;
  while (*p)
    {
      const char *q = p;
      gboolean lower = FALSE, letters = FALSE;
      while (*q && *q != ' ')
        {
          gunichar u = g_utf8_get_char (q);
          lower |= g_unichar_islower (u);
          letters |= g_unichar_isalpha (u);
          q = g_utf8_next_char (q);
        }
      gboolean start = TRUE;
      if (!letters || lower) /* kept as written (a surface is valid UTF-8): copied whole */
        g_string_append_len (out, p, q - p);
      else
        for (const char *s = p; s < q; s = g_utf8_next_char (s))
          {
            gunichar u = g_utf8_get_char (s);
            if (g_unichar_isalpha (u))
              u = start ? g_unichar_toupper (u) : g_unichar_tolower (u);
            start = !g_unichar_isalpha (u) && u != '\'';
            g_string_append_unichar (out, u);
          }
      while (*q == ' ')
        g_string_append_c (out, *q++);
      p = q;
    }
  return g_string_free (out, FALSE);
}
