/* testutil.h - small helpers shared by the Check suites: where the test data lives. */
#pragma once

#include <glib.h>

/* Returns: (transfer full) EG_SRCDIR/tests/data/@name. */
char *eg_test_data (const char *name);

/* Returns: (transfer full) EG_SHARED/@rel, or NULL when that path does not exist (the
 * shared corpus is optional: tests that need it skip). */
char *eg_test_shared (const char *rel);

/* Returns: (transfer full) EG_SRCDIR/@rel. */
char *eg_test_src (const char *rel);

/* Runs a Check suite with TAP output and returns the process exit status. */
#include <check.h>
int eg_test_run (Suite *s);
