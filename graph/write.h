/* write.h - one writer per output format, all over an EgView (view.h).
 *
 *   dot      Graphviz DOT through cgraph (dot.h)
 *   graphml  GraphML, through libxml2's xmlTextWriter
 *   gexf     GEXF 1.3 with start dates (the first cable showing a node or an edge)
 *   json     node-link JSON as networkx's node_link_data / D3 read it
 *   csv      two RFC 4180 files: STEM.nodes.csv and STEM.edges.csv
 *   jsonl    the evidence, one JSON object a line (source, target, doc, paragraph, ...)
 *
 * Every format records the view's graph attributes (options and input counts) and writes
 * nodes and edges in the view's order (by id), so equal counts give equal bytes. Every
 * string that came from a document is escaped for its format: quotes, backslashes, <, >, &,
 * line breaks and control characters cannot break the file. Files are written through
 * output.h: a temp file renamed over the target when complete. */
#pragma once

#include <stdio.h>
#include <string.h>
#include <glib.h>
#include "view.h"

G_BEGIN_DECLS

typedef enum {
  EG_FORMAT_DOT,
  EG_FORMAT_GRAPHML,
  EG_FORMAT_GEXF,
  EG_FORMAT_JSON,
  EG_FORMAT_CSV,
  EG_FORMAT_JSONL,
} EgFormat;

/* What writing DOT files cost, added up over the files written (when asked for). */
typedef struct {
  gint64 build_us;  /* cgraph building the graph (the tooltips are made beside it) */
  gint64 write_us;  /* agwrite(): cgraph printing it */
  gint64 commit_us; /* the file's flush, sync and rename */
} EgWriteTimes;

typedef struct {
  const char *name;       /* graph name; NULL: "entgraph" */
  guint tooltip_evidence; /* DOT: pieces of evidence in an edge's tooltip (0: none) */
  gboolean clusters;      /* DOT: communities as cluster_ subgraphs, not colours */
  guint threads;          /* threads that may prepare text for large graphs (0: one per core);
                           * the output is the same for any number */
  EgWriteTimes *times;    /* NULL, or added to by each DOT file written */
} EgWriteOptions;

/* Parses a format name ("dot", "gv", "graphml", "gexf", "json", "csv", "jsonl"). */
gboolean eg_format_parse (const char *s, EgFormat *out);
/* The format a file name's extension says (".dot", ".gv", ".graphml", ".gexf", ".json",
 * ".csv", ".jsonl"); FALSE if none. */
gboolean eg_format_from_path (const char *path, EgFormat *out);
const char *eg_format_name (EgFormat f);
/* The extension written for @f, without the dot. */
const char *eg_format_extension (EgFormat f);

/* Writes @v as @f to @path ("-": standard output, except for csv, which writes two files).
 * For csv, @path names the pair: "out/g.csv" or "out/g" gives out/g.nodes.csv and
 * out/g.edges.csv. FALSE with @error set (EG_ERROR_IO, EG_ERROR_GRAPHVIZ, EG_ERROR_FORMAT);
 * the targets are then left as they were. */
gboolean eg_write (const EgView *v, EgFormat f, const EgWriteOptions *o, const char *path,
                   GError **error);

/* The writers behind eg_write(), to an open stream. FALSE with @error set on a write
 * error. */
gboolean eg_write_graphml (const EgView *v, const EgWriteOptions *o, FILE *fp, GError **error);
gboolean eg_write_gexf (const EgView *v, const EgWriteOptions *o, FILE *fp, GError **error);
gboolean eg_write_json (const EgView *v, const EgWriteOptions *o, FILE *fp, GError **error);
gboolean eg_write_jsonl (const EgView *v, const EgWriteOptions *o, FILE *fp, GError **error);
gboolean eg_write_csv_nodes (const EgView *v, FILE *fp, GError **error);
gboolean eg_write_csv_edges (const EgView *v, FILE *fp, GError **error);

/* Helpers shared by the writers. */
/* Returns: (transfer full) @s made safe for any text format: valid UTF-8, and every control
 * character other than tab and line feed (which XML 1.0 and JSON escape) made U+FFFD.
 * NULL gives "". */
char *eg_write_clean (const char *s);
/* eg_write_clean() that also doubles each @escape byte (an ASCII byte; '\0': none), in the
 * same pass: DOT escStrings double their backslashes. */
char *eg_write_clean_escaping (const char *s, char escape);
/* Appends @len bytes of @s to @out as eg_write_clean_escaping() makes them. */
void eg_write_escape_append (GString *out, const char *s, gsize len, char escape);
/* g_string_append_len() for the hot loops: GLib 2.74's goes through g_string_insert_len()
 * (overlap checks and all), about a hundred instructions for a few bytes. */
static inline void
eg_write_put (GString *out, const char *s, gsize len)
{
  if (G_LIKELY (out->len + len < out->allocated_len))
    {
      memcpy (out->str + out->len, s, len);
      out->len += len;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, s, (gssize) len);
}
/* eg_write_put() of a string literal. */
#define PUT_LITERAL(s, lit) eg_write_put ((s), (lit), sizeof (lit) - 1)
/* eg_write_put() of a C string. */
static inline void
eg_write_put_str (GString *out, const char *s)
{
  eg_write_put (out, s, strlen (s));
}
/* Returns: (transfer full) the evidence of @e as text: one piece a line,
 * "DOC ¶N: sentence" ("DOC subject: ..." for paragraph 0), at most @max pieces. */
char *eg_write_evidence_text (const EgViewEdge *e, guint max);
/* Writes @v in decimal at @buf (room for 11 bytes) and returns @buf: g_snprintf's "%u"
 * costs about a thousand instructions, and a large graph has millions of counts. */
char *eg_write_uint (char *buf, guint v);
/* Appends @v in decimal to @out. */
void eg_write_put_uint (GString *out, guint64 v);
/* Returns: (transfer full) "2006-09-01" from an ISO 8601 date, or NULL when @iso does not
 * start with one. */
char *eg_write_day (const char *iso);

/* Returns: (transfer full) @name made a safe file name for one graph of a folder (from a
 * cable id): ASCII letters, digits, '.', '_' and '-' kept, every other byte (including '/',
 * NUL, control characters) made '_', a leading '.' made '_' (so neither "." nor ".." nor a
 * hidden file), at most 100 bytes; "" gives "_". */
char *eg_write_safe_name (const char *name);

G_END_DECLS
