/* output.c - safe output files (see output.h). */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "error.h"

char *
eg_output_temp_beside (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  char *tmp = g_strdup_printf ("%s/.%s.tmp-XXXXXX", dir, base);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0)
    {
      int err = errno;
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: cannot create a file in %s: %s", path,
                   dir, g_strerror (err));
      g_free (tmp);
      return NULL;
    }
  close (fd);
  return tmp;
}

#define OUTPUT_BUFFER (1 << 20)

FILE *
eg_output_open (EgOutput *o, const char *path, GError **error)
{
  memset (o, 0, sizeof *o);
  o->path = g_strdup (path);
  if (strcmp (path, "-") == 0)
    {
      o->fp = stdout;
      return o->fp;
    }
  o->tmp = eg_output_temp_beside (path, error);
  if (o->tmp == NULL)
    {
      g_clear_pointer (&o->path, g_free);
      return NULL;
    }
  o->fp = fopen (o->tmp, "w");
  if (o->fp == NULL)
    {
      int err = errno;
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", path, g_strerror (err));
      eg_output_abort (o);
      return NULL;
    }
  /* Graphs run to hundreds of megabytes: write them in 1 MiB pieces, not stdio's 4 KiB
   * (glibc takes the size only with a buffer). */
  o->buf = g_malloc (OUTPUT_BUFFER);
  setvbuf (o->fp, o->buf, _IOFBF, OUTPUT_BUFFER);
  return o->fp;
}

gboolean
eg_output_rename (const char *tmp, const char *path, GError **error)
{
  int fd = open (tmp, O_RDONLY);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  if (g_rename (tmp, path) != 0)
    {
      int err = errno;
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", path, g_strerror (err));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

gboolean
eg_output_commit (EgOutput *o, GError **error)
{
  if (o->fp == stdout)
    {
      gboolean ok = fflush (stdout) == 0;
      if (!ok)
        g_set_error (error, EG_ERROR, EG_ERROR_IO, "standard output: %s", g_strerror (errno));
      o->fp = NULL;
      g_clear_pointer (&o->path, g_free);
      return ok;
    }
  int bad = ferror (o->fp);
  if (fflush (o->fp) != 0 || bad)
    bad = errno ? errno : EIO;
  if (fsync (fileno (o->fp)) != 0 && !bad)
    bad = errno == EINVAL ? 0 : errno;
  if (fclose (o->fp) != 0 && !bad)
    bad = errno;
  o->fp = NULL;
  g_clear_pointer (&o->buf, g_free);
  if (bad)
    {
      g_set_error (error, EG_ERROR, EG_ERROR_IO, "%s: %s", o->path, g_strerror (bad));
      eg_output_abort (o);
      return FALSE;
    }
  gboolean ok = eg_output_rename (o->tmp, o->path, error);
  g_clear_pointer (&o->tmp, g_free);
  g_clear_pointer (&o->path, g_free);
  return ok;
}

void
eg_output_abort (EgOutput *o)
{
  if (o->fp != NULL && o->fp != stdout)
    fclose (o->fp);
  o->fp = NULL;
  g_clear_pointer (&o->buf, g_free);
  if (o->tmp != NULL)
    g_unlink (o->tmp);
  g_clear_pointer (&o->tmp, g_free);
  g_clear_pointer (&o->path, g_free);
}
