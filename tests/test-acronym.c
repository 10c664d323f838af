/* test-acronym.c - the Schwartz & Hearst alignment of acronyms with long forms. */
#include <string.h>

#include "acronym.h"
#include "testutil.h"

typedef struct {
  const char *acr;
  const char *text;    /* folded words before the parenthesis */
  const char *expect;  /* the long form found, or NULL for none */
} AlignCase;

static const AlignCase align_cases[] = {
  { "sre", "the secretariat of foreign relations", "secretariat of foreign relations" },
  { "iom", "with the international organization for migration", "international organization for migration" },
  { "ngos", "non-governmental organizations", "non-governmental organizations" },
  { "tip", "on trafficking in persons", "trafficking in persons" },
  { "nhrc", "the national human rights commission", "national human rights commission" },
  { "cndh", "the national human rights commission", NULL }, /* Spanish order */
  { "hmm", "something else entirely", NULL },
  { "pgr", "attorney general's office", NULL }, /* Spanish acronym, English gloss */
  { "g/tip", "office to monitor and combat trafficking in persons", NULL },
  { "unodc", "the un office on drugs and crime", "un office on drugs and crime" },
  { "x", "", NULL },
};

START_TEST (test_align)
{
  const AlignCase *c = &align_cases[_i];
  gssize at = eg_acronym_align (c->acr, strlen (c->acr), c->text, strlen (c->text));
  if (c->expect == NULL)
    ck_assert_msg (at < 0, "\"%s\" does not align with \"%s\" (got offset %zd)", c->acr,
                   c->text, at);
  else
    {
      ck_assert_msg (at >= 0, "\"%s\" aligns with \"%s\"", c->acr, c->text);
      ck_assert_str_eq (c->text + at, c->expect);
    }
}
END_TEST

static Suite *
acronym_suite (void)
{
  Suite *s = suite_create ("acronym");
  TCase *tc = tcase_create ("align");
  tcase_add_loop_test (tc, test_align, 0, G_N_ELEMENTS (align_cases));
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return eg_test_run (acronym_suite ());
}
