/* doc.h - one input document: its bytes, its kind, its header fields and its windows.
 *
 * An EgDoc maps (or holds) the bytes of one input file and never copies them whole. Reading
 * finds the document's kind (a WikiLeaks cable, a news-site copy of one, HTML, plain text),
 * parses the cable header into EgDocMeta, and lays out the parts of the bytes that are
 * document text as byte spans of the original:
 *
 *  - text:      the ranges that are text, in order. Everything between them is invisible to
 *               matching: routing header, TAGS/E.O./REF lines, SIPDIS, page-break lines such
 *               as "MEXICO 00006871  002 OF 003", the signature, a web page's banners,
 *               adverts and footer, HTML tags. A name cut by such a gap is still one name.
 *  - windows:   the SUBJECT (number 0) and each paragraph (numbered as written, "¶3" -> 3,
 *               or by position when the text is not numbered), sorted by start.
 *  - sentences: sentence spans inside the windows (abbreviation-aware), sorted by start.
 *
 * All offsets are byte offsets into the original input. The reader never prints; a file that
 * cannot be read returns NULL with EG_ERROR set. Documents are immutable once read and may be
 * shared between threads. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Hard limit on one document; larger ones are refused with EG_ERROR_TOO_LARGE. Offsets
 * are 32-bit in mentions, so this must stay below 4 GiB. */
#define EG_DOC_MAX_BYTES ((gsize) 1 << 31)
/* Hard limit on one input file, which may hold many documents (see EgSource): what a
 * 64-bit address space maps. */
#define EG_SOURCE_MAX_BYTES (GLIB_SIZEOF_VOID_P >= 8 ? (guint64) 1 << 40 : (guint64) 1 << 31)

typedef enum {
  EG_DOC_PLAIN,     /* any text: windows are blank-line paragraphs */
  EG_DOC_CABLE,     /* a cable as WikiLeaks published it */
  EG_DOC_NEWS_COPY, /* a cable copied from a news site, with the site's text around it */
  EG_DOC_HTML,      /* HTML: tags are gaps; entities are decoded when folding */
} EgDocKind;

typedef struct {
  guint32 start, end; /* half-open byte range of the original */
} EgSpan;

typedef enum {
  EG_WINDOW_SUBJECT,
  EG_WINDOW_PARAGRAPH,
} EgWindowKind;

typedef struct {
  EgSpan span;
  guint number; /* paragraph number as written; 0 for the subject */
  EgWindowKind kind;
} EgWindow;

/* Header fields. Every string is NULL (arrays empty) when the document does not carry the
 * field: never guessed; a lean read (eg_source_set_lean()) leaves recipients,
 * info_recipients, references and classified_by out. Strings are UTF-8 and owned by the
 * EgDoc. */
typedef struct {
  char *id;              /* canonical reference id "06MEXICO4964" */
  char *date;            /* ISO 8601 UTC from the date-time group "2006-09-01T20:04Z" */
  char *origin;          /* as the FM line names it: "AMEMBASSY MEXICO" */
  GPtrArray *recipients; /* (element-type utf8) TO addressees */
  GPtrArray *info_recipients; /* (element-type utf8) INFO addressees */
  char *classification;  /* "UNCLASSIFIED", "CONFIDENTIAL", "SECRET//NOFORN" ... */
  GPtrArray *tags;       /* (element-type utf8) in the order of the TAGS line */
  char *subject;         /* on one line, classification marking left out */
  GPtrArray *signers;    /* (element-type utf8) "BASSETT" */
  GPtrArray *references; /* (element-type utf8) cited cables as canonical ids */
  char *classified_by;   /* name on the "Classified By:" line */
} EgDocMeta;

typedef struct {
  char *path;         /* the file as given; "-" for stdin */
  const char *data;   /* the bytes; not NUL-terminated; NULL only if len == 0 */
  gsize len;
  gsize base;         /* where data begins in the file: 0 unless the file holds many cables */
  gboolean part;      /* one of the cables of a file holding many (see EgSource) */
  EgDocKind kind;
  EgDocMeta meta;
  GArray *text;       /* (element-type EgSpan) */
  GArray *windows;    /* (element-type EgWindow) */
  GArray *sentences;  /* (element-type EgSpan) */
  guint n_invalid_utf8;   /* invalid UTF-8 sequences met; they act as separators */
  gsize first_invalid_utf8; /* byte offset of the first one */
  /* private */
  GBytes *bytes;
} EgDoc;

/* Reads @path as one document, however many cables it holds (read whole when up to
 * 256 KiB, mapped when larger). Returns: (transfer full) the document, or NULL with @error set: EG_ERROR_IO (cannot open), EG_ERROR_EMPTY (no
 * bytes, or only white space), EG_ERROR_BINARY (NUL bytes), EG_ERROR_TOO_LARGE. Messages
 * start with @path. */
EgDoc *eg_doc_load (const char *path, GError **error);

/* eg_doc_load() of @fd, a descriptor open for reading on @path (which names it in
 * messages), or of @path when @fd < 0; @fd is closed whatever happens. */
EgDoc *eg_doc_load_fd (const char *path, int fd, GError **error);

/* Reads a document from memory; @name is used in messages and as the fallback id.
 * Takes a reference on @bytes. Same errors as eg_doc_load(). */
EgDoc *eg_doc_new_from_bytes (const char *name, GBytes *bytes, GError **error);

/* One input file's bytes, before they are read as documents. Most files hold one document.
 * A dump holds many cables one after another, as a release's text often comes (and as
 * the benchmark's peers read the corpus); it is read as one document per cable. A cable
 * begins at a line that opens a telegram ("VZCZC...", or a date-time group such as
 * "P 171259Z JUN 09" where no routing, page line or old telegram's action and info lines
 * come just before it) or a WikiLeaks record ("This record is a partial extract of the
 * original cable"), except:
 *  - the input's first such line: what comes before it belongs to the first document (a
 *    web page's banners, an e-mail's header);
 *  - a line right after a record's "header:" field or its database row (tab-separated):
 *    the record quoting its own cable;
 *  - a telegram whose DE line names the station and serial of the telegram before it
 *    (within 256 KiB): a later section, or a second copy, of the same cable ("DE RUEHFR
 *    #1236/02" after "DE RUEHFR #1236/01"); likewise a date-time group equal to the one
 *    before (the next page of an old telegram).
 * HTML is never split. A cable that begins with neither line is read as part of the one
 * before it. An input whose first MiB holds no such line is one document, unless it is
 * text (not HTML, no NUL byte in that MiB) larger than 4 MiB (an export of many articles,
 * a book): it is read in chunks, one beginning at the first paragraph (a line after a
 * blank one) in the 512 KiB past each further 4 MiB, else at the first line past those
 * (within 2 MiB). As one document it needed 16 bytes of memory a byte and one thread.
 * The documents of one source may be read on several threads at once. */
typedef struct _EgSource EgSource;

/* Opens @path (@fd, when >= 0, is a descriptor open on it, closed whatever happens): read
 * whole when up to 256 KiB, mapped when larger. Returns: (transfer full) the source, or
 * NULL with @error set: EG_ERROR_IO, EG_ERROR_EMPTY (no bytes), EG_ERROR_TOO_LARGE. */
EgSource *eg_source_open (const char *path, int fd, GError **error);

/* A source over @bytes (a reference is taken); @name stands for the path. */
EgSource *eg_source_new_from_bytes (const char *name, GBytes *bytes);

/* A source over @bytes that are the stretch of a larger input beginning at its byte
 * @origin, cut where a document begins (a stream read in parts): its documents are
 * placed and named as the input's. @chunked: the input is text read in chunks, as
 * eg_source_chunked() says of a source over its beginning. */
EgSource *eg_source_new_part (const char *name, GBytes *bytes, gsize origin, gboolean chunked);

/* Is @src text that opens no cable, read in chunks of about 4 MiB (see above)? */
gboolean eg_source_chunked (const EgSource *src);
/* Leaves out of the documents of @src the header fields that only a listing of documents
 * shows: recipients, info_recipients and references stay empty and classified_by NULL.
 * Parsing them (addressees, cited cables, the classifier's name) is about 3 % of reading
 * and matching a cable with a list; the graph, extract, count and why commands read none
 * of them. */
void eg_source_set_lean (EgSource *src, gboolean lean);

gsize eg_source_len (const EgSource *src);
const char *eg_source_path (const EgSource *src);

/* Where the first document that begins in [@at, @limit) begins, or the source's length if
 * none does; the first document begins at 0. Any offsets will do: threads may each take a
 * stretch of one input and read the documents that begin in it (reading on past its end to
 * finish the last), and together they read every document once, as one thread would.
 * Reads the lines it passes, and at most 256 KiB before @at. */
gsize eg_source_start_in (const EgSource *src, gsize at, gsize limit);

/* The end of the document that begins at @start (eg_source_start_in()): where the next
 * one begins, or the source's length. */
gsize eg_source_next (const EgSource *src, gsize start);

/* Reads bytes [@start, @end) of @src as one document (see eg_doc_load()). A document that
 * is not the whole file has base @start and, lacking an id, the name "FILE@START". */
EgDoc *eg_source_read (const EgSource *src, gsize start, gsize end, GError **error);

void eg_source_free (EgSource *src);

/* Frees @doc and releases its bytes; NULL is accepted. */
void eg_doc_free (EgDoc *doc);

/* Returns: (transfer none) the name a document goes by: meta.id, else the file name without
 * directory and extension. Never NULL. */
const char *eg_doc_name (const EgDoc *doc);

/* Returns: (transfer none) "plain", "cable", "news-copy" or "html". */
const char *eg_doc_kind_name (EgDocKind kind);

/* Index of the window/sentence holding byte @offset, or G_MAXUINT when none does.
 * Binary search: O(log n). */
guint eg_doc_window_at (const EgDoc *doc, gsize offset);
guint eg_doc_sentence_at (const EgDoc *doc, gsize offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EgDoc, eg_doc_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EgSource, eg_source_free)

G_END_DECLS
