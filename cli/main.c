/* main.c - entgraph: dispatch to the subcommands. Every subcommand parses its own options
 * with GOptionContext and returns an exit code (cli.h). */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "graph", eg_cmd_graph, "write the relationship graph (the default)" },
  { "extract", eg_cmd_extract, "write every mention as TSV" },
  { "why", eg_cmd_why, "show every window where two entities appear together" },
  { "docs", eg_cmd_docs, "list the documents with the metadata read from their headers" },
  { "count", eg_cmd_count, "write partial counts (for merging across cores and machines)" },
  { "merge", eg_cmd_merge, "add partial-count files" },
  { "dicts", eg_cmd_dicts, "check the dictionaries, or suggest entries from documents" },
};

static void
usage (FILE *out)
{
  fprintf (out, "Usage: entgraph [COMMAND] [OPTIONS] [PATH...]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nPATH is a file, a directory (read recursively) or - for standard input;\n"
                "with no PATH the bundled examples/ are read.\n"
                "Run 'entgraph COMMAND --help' for the options of a command.\n"
                "Exit status: 0 success, 1 usage error, 2 input or dictionary error.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (argc >= 2 && (strcmp (argv[1], "--version") == 0 || strcmp (argv[1], "-V") == 0))
    {
      printf ("entgraph %s\n", EG_VERSION);
      return EG_EXIT_OK;
    }
  if (argc >= 2 && (strcmp (argv[1], "help") == 0))
    {
      usage (stdout);
      return EG_EXIT_OK;
    }
  if (argc >= 2)
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      if (strcmp (argv[1], commands[i].name) == 0)
        {
          /* The command name stands in for the program name in its --help. */
          argv[1] = g_strdup_printf ("entgraph %s", commands[i].name);
          int rc = commands[i].run (argc - 1, argv + 1);
          g_free (argv[1]);
          return rc;
        }
  return eg_cmd_graph (argc, argv);
}
