/* xmlw.c - see xmlw.h. */
#include "xmlw.h"

#include "error.h"
#include "write.h"

#define X(s) ((const xmlChar *) (s))

gboolean
eg_xml_open (EgXml *x, FILE *fp)
{
  x->failed = FALSE;
  xmlOutputBufferPtr out = xmlOutputBufferCreateFile (fp, NULL);
  x->w = out ? xmlNewTextWriter (out) : NULL;
  if (x->w == NULL)
    {
      if (out)
        xmlOutputBufferClose (out);
      x->failed = TRUE;
      return FALSE;
    }
  xmlTextWriterSetIndent (x->w, 1);
  xmlTextWriterSetIndentString (x->w, X ("  "));
  if (xmlTextWriterStartDocument (x->w, "1.0", "UTF-8", NULL) < 0)
    x->failed = TRUE;
  return TRUE;
}

gboolean
eg_xml_close (EgXml *x, GError **error)
{
  if (x->w)
    {
      if (xmlTextWriterEndDocument (x->w) < 0)
        x->failed = TRUE;
      if (xmlTextWriterFlush (x->w) < 0)
        x->failed = TRUE;
      xmlFreeTextWriter (x->w);
      x->w = NULL;
    }
  if (x->failed)
    g_set_error_literal (error, EG_ERROR, EG_ERROR_IO, "writing the XML failed");
  return !x->failed;
}

static void
check (EgXml *x, int rc)
{
  if (rc < 0)
    x->failed = TRUE;
}

void
eg_xml_start (EgXml *x, const char *element)
{
  if (!x->failed)
    check (x, xmlTextWriterStartElement (x->w, X (element)));
}

void
eg_xml_start_ns (EgXml *x, const char *prefix, const char *element)
{
  if (!x->failed)
    check (x, xmlTextWriterStartElementNS (x->w, X (prefix), X (element), NULL));
}

void
eg_xml_end (EgXml *x)
{
  if (!x->failed)
    check (x, xmlTextWriterEndElement (x->w));
}

void
eg_xml_attr (EgXml *x, const char *name, const char *value)
{
  if (x->failed)
    return;
  g_autofree char *clean = eg_write_clean (value);
  check (x, xmlTextWriterWriteAttribute (x->w, X (name), X (clean)));
}

void
eg_xml_attr_ns (EgXml *x, const char *prefix, const char *name, const char *value)
{
  if (x->failed)
    return;
  g_autofree char *clean = eg_write_clean (value);
  check (x, xmlTextWriterWriteAttributeNS (x->w, X (prefix), X (name), NULL, X (clean)));
}

void
eg_xml_attr_uint (EgXml *x, const char *name, guint value)
{
  char buf[16];
  g_snprintf (buf, sizeof buf, "%u", value);
  eg_xml_attr (x, name, buf);
}

void
eg_xml_text (EgXml *x, const char *text)
{
  if (x->failed)
    return;
  g_autofree char *clean = eg_write_clean (text);
  check (x, xmlTextWriterWriteString (x->w, X (clean)));
}

void
eg_xml_element (EgXml *x, const char *element, const char *text)
{
  eg_xml_start (x, element);
  eg_xml_text (x, text);
  eg_xml_end (x);
}
