/* testutil.c - see testutil.h. */
#include "testutil.h"

#include <stdlib.h>

static const char *
env_or (const char *name, const char *fallback)
{
  const char *v = g_getenv (name);
  return v && *v ? v : fallback;
}

char *
eg_test_src (const char *rel)
{
  return g_build_filename (env_or ("EG_SRCDIR", "."), rel, NULL);
}

char *
eg_test_data (const char *name)
{
  return g_build_filename (env_or ("EG_SRCDIR", "."), "tests", "data", name, NULL);
}

char *
eg_test_shared (const char *rel)
{
  char *p = g_build_filename (env_or ("EG_SHARED", "../shared"), rel, NULL);
  if (!g_file_test (p, G_FILE_TEST_EXISTS))
    {
      g_free (p);
      return NULL;
    }
  return p;
}

int
eg_test_run (Suite *s)
{
  SRunner *sr = srunner_create (s);
  srunner_run_all (sr, CK_ENV);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
