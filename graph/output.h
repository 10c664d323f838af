/* output.h - writing an output file safely: a temp file in the same folder, renamed over the
 * target only when complete, so a reader (or a crash) sees the old file or the new one,
 * never half of one. "-" writes to standard output directly, and so are devices and pipes
 * (eg_output_target()). */
#pragma once

#include <stdio.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *path;   /* the name given, for messages */
  char *target; /* the file renamed over, NULL when written in place (eg_output_target()) */
  char *tmp;    /* the temp file beside it, NULL for stdout and in-place targets */
  FILE *fp;
  int fd;       /* fp's file */
  char *buf;    /* fp's buffer */
} EgOutput;

/* The file to replace when writing @path: @path itself, or the file it is a symbolic link
 * to (the link stays). NULL when @path is to be written in place: a device, a FIFO or a
 * socket (-o /dev/null, a named pipe), or the name of an open descriptor (/dev/stdout,
 * /dev/fd/N), which a temp file renamed over would replace. Returns: (transfer full). */
char *eg_output_target (const char *path);

/* Can @path be written? Checked before a long run, so that it fails at once, not at the
 * end: FALSE with @error set (EG_ERROR_IO, naming @path) when @path is a folder or no file
 * can be made beside it. "-", devices and pipes pass. */
gboolean eg_output_check (const char *path, GError **error);

/* Opens @path for writing. Returns: (transfer none) the stream, or NULL with @error set
 * (EG_ERROR_IO, naming @path). Finish with eg_output_commit() or eg_output_abort(). */
FILE *eg_output_open (EgOutput *o, const char *path, GError **error);

/* A temp path beside @path that the caller fills (for writers that take a file name, like
 * gvRenderFilename). Returns: (transfer full) the name; the file exists, empty. */
char *eg_output_temp_beside (const char *path, GError **error);

/* Flushes, syncs and renames the temp file over the target. FALSE with @error set if any
 * step fails; the temp file is then removed and the target left as it was. */
gboolean eg_output_commit (EgOutput *o, GError **error);

/* Closes and removes the temp file; the target is untouched. NULL-safe, idempotent. */
void eg_output_abort (EgOutput *o);

/* Renames @tmp over @path after syncing it; removes @tmp on failure. */
gboolean eg_output_rename (const char *tmp, const char *path, GError **error);

G_END_DECLS
