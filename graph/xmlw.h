/* xmlw.h - a thin layer over libxml2's xmlTextWriter for the GraphML and GEXF writers: a
 * writer on a stdio stream that remembers the first failure, so the writers read straight
 * through and check once at the end. Strings pass through eg_write_clean(). Private to
 * graph/. */
#pragma once

#include <stdio.h>
#include <glib.h>
#include <libxml/xmlwriter.h>

typedef struct {
  xmlTextWriterPtr w;
  gboolean failed;
} EgXml;

gboolean eg_xml_open (EgXml *x, FILE *fp);
/* Ends the document and frees the writer. FALSE with @error set if anything failed. */
gboolean eg_xml_close (EgXml *x, GError **error);

void eg_xml_start (EgXml *x, const char *element);
void eg_xml_start_ns (EgXml *x, const char *prefix, const char *element);
void eg_xml_end (EgXml *x);
void eg_xml_attr (EgXml *x, const char *name, const char *value);
void eg_xml_attr_ns (EgXml *x, const char *prefix, const char *name, const char *value);
void eg_xml_attr_uint (EgXml *x, const char *name, guint value);
void eg_xml_text (EgXml *x, const char *text);
/* <element>text</element> */
void eg_xml_element (EgXml *x, const char *element, const char *text);
