/* cmd-graph.c - entgraph [graph]: documents (or partial counts) in, the relationship graph
 * out, in any format, pruned, with communities, whole or one per cable or period. */
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "cli.h"
#include "community.h"
#include "cooc.h"
#include "dot.h"
#include "error.h"
#include "filter.h"
#include "links.h"
#include "stats.h"
#include "pipeline.h"
#include "render.h"
#include "select.h"
#include "view.h"
#include "weight.h"
#include "write.h"

typedef enum { BY_NONE, BY_MONTH, BY_YEAR } Period;

/* The counts one graph is made of. */
typedef struct {
  EgCooc *cooc;
  EgCooc *signers; /* NULL without --header-links */
  EgCooc *origins;
} Counts;

/* Counts left for the process's exit to reclaim (see the end of eg_cmd_graph). */
static Counts *volatile unleaked; /* (volatile: a store never read is not dropped) */

static Counts *
counts_new (EgLevel level, guint evidence, gboolean links)
{
  Counts *c = g_new0 (Counts, 1);
  c->cooc = eg_cooc_new (level, evidence);
  if (links)
    {
      c->signers = eg_cooc_new (level, evidence);
      c->origins = eg_cooc_new (level, evidence);
    }
  return c;
}

static void
counts_free (gpointer p)
{
  Counts *c = p;
  if (c == NULL)
    return;
  eg_cooc_free (c->cooc);
  eg_cooc_free (c->signers);
  eg_cooc_free (c->origins);
  g_free (c);
}

/* Adds @part to @into and frees @part (its evidence moves, see eg_cooc_merge_take()), on up
 * to @threads threads; what is left of @part's counts goes to @later for the caller to
 * free. */
static void
counts_take_later (Counts *into, Counts *part, GPtrArray *later, guint threads)
{
  eg_cooc_merge_drain_threads (into->cooc, part->cooc, threads);
  g_ptr_array_add (later, part->cooc);
  if (into->signers && part->signers)
    {
      eg_cooc_merge_drain (into->signers, part->signers);
      eg_cooc_merge_drain (into->origins, part->origins);
    }
  if (part->signers)
    {
      g_ptr_array_add (later, part->signers);
      g_ptr_array_add (later, part->origins);
    }
  g_free (part);
}

static void
counts_take (Counts *into, Counts *part)
{
  g_autoptr (GPtrArray) later = g_ptr_array_new_with_free_func ((GDestroyNotify) eg_cooc_free);
  counts_take_later (into, part, later, 1);
}

static void
counts_add (Counts *c, const EgMentions *m, const EgDict *dict)
{
  eg_cooc_add (c->cooc, m, dict);
  if (c->signers)
    eg_links_add (c->signers, c->origins, m, dict);
}

/* Everything that turns counts into files: options, and what was written. */
typedef struct {
  EgWeight weight;
  EgFilter filter;
  const char *focus_key;   /* --focus as given */
  EgCommunityMethod communities;
  EgWriteOptions wopt;
  GArray *formats;         /* (element-type EgFormat) */
  const char *render;
  const char *render_output;
  gboolean quiet;
  const EgDict *dict;
  GPtrArray *attrs;        /* (element-type utf8) key, value: the options and input counts */
  guint written;
  guint nodes, edges;      /* of the last graph written */
  guint without_focus;     /* per-document or period graphs lacking the focus */
  EgStats *stats;          /* --stats */
  GError *error;           /* the first failure; later graphs are not written */
} Emit;

typedef struct {
  Counts *total;
  const EgDict *dict;
  EgLevel level;
  guint evidence;
  gboolean links;
  const EgDocFilter *select;
  gboolean select_active;
  const char *per_doc;      /* --per-doc DIR */
  Period by;
  const char *by_dir;
  GHashTable *periods;      /* period -> Counts */
  GHashTable *used_names;   /* file names taken in per_doc (case folded) */
  guint skipped;
  Emit *emit;
  Counts **slots;           /* counts per worker slot (pipeline.h), merged into total at the end */
} GraphRun;

typedef struct {
  char *name;
  Counts *counts;
} DocCounts;

typedef struct {
  Counts *counts;           /* (transfer none) its slot's counts */
  guint skipped;
  GPtrArray *docs;       /* (element-type DocCounts) for --per-doc */
  GHashTable *periods;   /* period -> Counts for --by-month/--by-year */
} Batch;

static void
doc_counts_free (gpointer p)
{
  DocCounts *d = p;
  g_free (d->name);
  counts_free (d->counts);
  g_free (d);
}

static char *
period_key (Period by, const char *date)
{
  gsize n = by == BY_MONTH ? 7 : 4;
  if (date == NULL || strlen (date) < n)
    return g_strdup ("undated");
  for (gsize i = 0; i < n; i++)
    if (i == 4 ? date[i] != '-' : !g_ascii_isdigit (date[i]))
      return g_strdup ("undated");
  return g_strndup (date, n);
}

/* A batch adds to its slot's counts: merging once per slot at the end, not once per batch,
 * keeps the calling thread's serial work small (per-document and per-period counts are
 * still the batch's own). */
static gpointer
batch_new (guint first, guint slot, gpointer user)
{
  GraphRun *r = user;
  Batch *b = g_new0 (Batch, 1);
  if (r->slots[slot] == NULL)
    r->slots[slot] = counts_new (r->level, r->evidence, r->links);
  b->counts = r->slots[slot];
  if (r->per_doc)
    b->docs = g_ptr_array_new_with_free_func (doc_counts_free);
  if (r->by != BY_NONE)
    b->periods = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, counts_free);
  return b;
}

static void
batch_doc (gpointer state, guint seq, const char *path, const EgDoc *doc, const EgMentions *m,
           gpointer user)
{
  GraphRun *r = user;
  Batch *b = state;
  if (r->select_active && !eg_doc_filter_match (r->select, &doc->meta))
    {
      b->skipped++;
      return;
    }
  counts_add (b->counts, m, r->dict);
  if (b->docs)
    {
      DocCounts *d = g_new0 (DocCounts, 1);
      d->name = g_strdup (eg_doc_name (doc));
      d->counts = counts_new (r->level, r->evidence, r->links);
      counts_add (d->counts, m, r->dict);
      g_ptr_array_add (b->docs, d);
    }
  if (b->periods)
    {
      char *key = period_key (r->by, doc->meta.date);
      Counts *c = g_hash_table_lookup (b->periods, key);
      if (c == NULL)
        {
          c = counts_new (r->level, r->evidence, r->links);
          g_hash_table_insert (b->periods, key, c);
        }
      else
        g_free (key);
      counts_add (c, m, r->dict);
    }
}

static void emit_graph (Emit *e, const Counts *c, const char *path, const char *key,
                        const char *value);

/* DIR/NAME, NAME made safe and unique among the files this run wrote there. */
static char *
doc_path (GraphRun *r, const char *name)
{
  g_autofree char *safe = eg_write_safe_name (name);
  char *unique = g_strdup (safe);
  for (guint k = 2;; k++)
    {
      char *folded = g_ascii_strdown (unique, -1);
      if (g_hash_table_add (r->used_names, folded))
        break;
      g_free (unique);
      unique = g_strdup_printf ("%s-%u", safe, k);
    }
  char *path = g_build_filename (r->per_doc, unique, NULL);
  g_free (unique);
  return path;
}

static void
batch_done (gpointer state, gpointer user)
{
  GraphRun *r = user;
  Batch *b = state;
  r->skipped += b->skipped;
  for (guint i = 0; b->docs && i < b->docs->len; i++)
    {
      const DocCounts *d = g_ptr_array_index (b->docs, i);
      g_autofree char *stem = doc_path (r, d->name);
      emit_graph (r->emit, d->counts, stem, "document", d->name);
    }
  if (b->periods)
    {
      GHashTableIter it;
      gpointer key, value;
      g_hash_table_iter_init (&it, b->periods);
      while (g_hash_table_iter_next (&it, &key, &value))
        {
          g_hash_table_iter_steal (&it);
          Counts *into = g_hash_table_lookup (r->periods, key);
          if (into == NULL)
            {
              into = counts_new (r->level, r->evidence, r->links);
              g_hash_table_insert (r->periods, g_strdup (key), into);
            }
          counts_take (into, value);
          g_free (key);
        }
      g_hash_table_destroy (b->periods);
    }
  if (b->docs)
    g_ptr_array_free (b->docs, TRUE);
  g_free (b);
}

/* output/graph.dot -> output/graph.svg */
static char *
replace_ext (const char *out, const char *ext)
{
  const char *slash = strrchr (out, '/');
  const char *dot = strrchr (out, '.');
  gsize stem = dot && (!slash || dot > slash) && dot != out && (!slash || dot > slash + 1)
                 ? (gsize) (dot - out) : strlen (out);
  return g_strdup_printf ("%.*s.%s", (int) stem, out, ext);
}

static void
attr_uint (EgView *v, const char *key, guint value)
{
  char buf[16];
  g_snprintf (buf, sizeof buf, "%u", value);
  eg_view_set_attr (v, key, buf);
}

/* Finds the node --focus names in @v: a dictionary id or alias, else eg_filter_find(). */
static const char *
resolve_focus (const Emit *e, const EgView *v)
{
  if (e->dict)
    {
      gint k = eg_dict_lookup (e->dict, e->focus_key);
      if (k >= 0)
        {
          gint i = eg_view_find (v, eg_dict_entity (e->dict, (guint) k).id);
          if (i >= 0)
            return eg_view_node (v, (guint) i)->id;
        }
    }
  gint i = eg_filter_find (v, e->focus_key);
  return i >= 0 ? eg_view_node (v, (guint) i)->id : NULL;
}

/* Ends the stats' stage of writing @fmt; a DOT file's is split into cgraph's parts. */
static void
write_stage (Emit *e, EgFormat fmt)
{
  if (!e->stats->on)
    return;
  g_autofree char *name = g_strdup_printf ("writing %s", eg_format_name (fmt));
  g_autofree char *detail = NULL;
  const EgWriteTimes *t = e->wopt.times;
  if (fmt == EG_FORMAT_DOT && t)
    detail = g_strdup_printf ("cgraph: building %.2f s (tooltips made beside it), "
                              "agwrite %.2f s; sync and rename %.2f s",
                              (double) t->build_us / 1e6, (double) t->write_us / 1e6,
                              (double) t->commit_us / 1e6);
  eg_stats_stage (e->stats, g_intern_string (name), detail);
}

/* Writes the graph of @c to @path (the stem when several formats are asked), with the
 * graph attribute @key=@value when given (per-document and period graphs). */
static void
emit_graph (Emit *e, const Counts *c, const char *path, const char *key, const char *value)
{
  if (e->error)
    return;
  /* --top-edges alone (the choice for a large graph) keeps every node and the heaviest
   * edges: the view then records only those. (The focus is set on a copy of the filter
   * below.) */
  g_autoptr (EgView) v = !e->focus_key && eg_filter_top_edges_only (&e->filter)
                           ? eg_view_new_top (c->cooc, e->weight, e->filter.top_edges)
                           : eg_view_new (c->cooc, e->weight);
  for (guint i = 0; i + 1 < e->attrs->len; i += 2)
    eg_view_set_attr (v, g_ptr_array_index (e->attrs, i), g_ptr_array_index (e->attrs, i + 1));
  if (key)
    eg_view_set_attr (v, key, value);
  attr_uint (v, "documents", c->cooc->n_docs);
  attr_uint (v, "windows", c->cooc->n_windows);
  attr_uint (v, "mentions", c->cooc->n_mentions);
  attr_uint (v, "capped_windows", c->cooc->capped_windows);
  attr_uint (v, "dropped_pairs", (guint) MIN (c->cooc->dropped_pairs, G_MAXUINT));
  attr_uint (v, "nodes_total", v->nodes->len);
  attr_uint (v, "edges_total", c->cooc->edges->len);
  EgFilter f = e->filter;
  if (e->focus_key)
    {
      f.focus = resolve_focus (e, v);
      if (f.focus == NULL)
        {
          if (key)
            {
              e->without_focus++;
              return;
            }
          g_set_error (&e->error, EG_ERROR, EG_ERROR_FORMAT,
                       "--focus \"%s\" names no entity of the graph", e->focus_key);
          return;
        }
      eg_view_set_attr (v, "focus", f.focus);
    }
  if (!eg_filter_apply (v, &f, &e->error))
    return;
  if (c->signers)
    {
      eg_view_add_links (v, c->signers, EG_EDGE_SIGNER);
      eg_view_add_links (v, c->origins, EG_EDGE_ORIGIN);
    }
  eg_stats_stage (e->stats, "weights, ranking and pruning", NULL);
  if (e->communities != EG_COMMUNITY_NONE)
    {
      gboolean found = eg_community_detect (v, e->communities, &e->error);
      eg_stats_stage (e->stats, "communities (igraph)", NULL);
      if (!found)
        return;
      attr_uint (v, "n_communities", v->n_communities);
      char buf[EG_WEIGHT_BUF];
      eg_view_set_attr (v, "modularity", eg_weight_format (buf, v->modularity));
    }
  attr_uint (v, "nodes", v->nodes->len);
  attr_uint (v, "edges", v->edges->len);
  e->nodes = v->nodes->len;
  e->edges = v->edges->len;

  for (guint i = 0; i < e->formats->len; i++)
    {
      EgFormat fmt = g_array_index (e->formats, EgFormat, i);
      g_autofree char *out = e->formats->len > 1 || key
                               ? replace_ext (path, eg_format_extension (fmt))
                               : g_strdup (path);
      gboolean ok = eg_write (v, fmt, &e->wopt, out, &e->error);
      write_stage (e, fmt);
      if (!ok)
        return;
    }
  if (e->render)
    {
      g_autofree char *rpath = e->render_output && !key ? g_strdup (e->render_output)
                                                        : replace_ext (path, e->render);
      EgRenderInfo info;
      gboolean ok = eg_render (v, &e->wopt, e->render, rpath, &info, &e->error);
      eg_stats_stage (e->stats, "drawing (Graphviz layout and render)", NULL);
      if (!ok)
        return;
      if (!e->quiet && (info.nodes < info.nodes_total || info.edges < info.edges_total))
        eg_cli_warning ("%s shows the %u of %u entities of largest weighted degree and the "
                        "%u heaviest of %u links; choose what to draw with --top-nodes, "
                        "--min-weight or --max-per-node",
                        rpath, info.nodes, info.nodes_total, info.edges, info.edges_total);
    }
  e->written++;
}

/* Comma lists, possibly repeated: "PERSON,ORG" "GROUP" -> PERSON, ORG, GROUP. */
static char **
split_list (char **values, gboolean upper)
{
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; values && values[i]; i++)
    {
      g_auto (GStrv) parts = g_strsplit (values[i], ",", -1);
      for (guint k = 0; parts[k]; k++)
        {
          char *p = g_strstrip (parts[k]);
          if (*p)
            g_ptr_array_add (out, upper ? g_ascii_strup (p, -1) : g_strdup (p));
        }
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

/* The formats --format names (else -o's extension, else DOT); sets the default output
 * (output/graph.EXT) unless only split graphs are asked for. NULL after printing a usage
 * error. */
static GArray *
choose_formats (char **names, char **output, gboolean split)
{
  g_autoptr (GArray) formats = g_array_new (FALSE, FALSE, sizeof (EgFormat));
  for (guint i = 0; names[i]; i++)
    {
      EgFormat f;
      if (!eg_format_parse (names[i], &f))
        {
          eg_cli_error ("--format takes dot, graphml, gexf, json, csv or jsonl, not \"%s\"",
                        names[i]);
          return NULL;
        }
      g_array_append_val (formats, f);
    }
  if (*output == NULL && !split)
    {
      EgFormat first = formats->len ? g_array_index (formats, EgFormat, 0) : EG_FORMAT_DOT;
      *output = g_strdup_printf ("output/graph.%s", eg_format_extension (first));
    }
  if (formats->len == 0)
    {
      EgFormat f = EG_FORMAT_DOT;
      if (*output && strcmp (*output, "-") != 0)
        eg_format_from_path (*output, &f);
      g_array_append_val (formats, f);
    }
  if (*output && strcmp (*output, "-") == 0
      && (formats->len > 1 || g_array_index (formats, EgFormat, 0) == EG_FORMAT_CSV))
    {
      eg_cli_error ("several formats, or csv, cannot go to standard output: give -o FILE");
      return NULL;
    }
  return g_steal_pointer (&formats);
}

static gboolean
all_egc (char **paths)
{
  if (paths == NULL || paths[0] == NULL)
    return FALSE;
  for (guint i = 0; paths[i]; i++)
    if (!g_str_has_suffix (paths[i], ".egc"))
      return FALSE;
  return TRUE;
}

static void
add_attr (GPtrArray *a, const char *key, const char *value)
{
  g_ptr_array_add (a, g_strdup (key));
  g_ptr_array_add (a, g_strdup (value));
}

static void
add_attr_uint (GPtrArray *a, const char *key, guint value)
{
  g_ptr_array_add (a, g_strdup (key));
  g_ptr_array_add (a, g_strdup_printf ("%u", value));
}

int
eg_cmd_graph (int argc, char **argv)
{
  g_auto (EgCommon) common = { 0 };
  g_autofree char *output = NULL, *window = NULL, *render = NULL, *render_output = NULL;
  g_autofree char *weight_s = NULL, *min_weight_s = NULL, *focus = NULL, *communities_s = NULL;
  g_autofree char *since = NULL, *until = NULL, *per_doc = NULL, *by_month = NULL;
  g_autofree char *by_year = NULL;
  g_auto (GStrv) formats_s = NULL, types_s = NULL, tags_s = NULL, origins_s = NULL;
  g_auto (GStrv) class_s = NULL, paths = NULL;
  int evidence = 5, tooltip = 3, min_docs = 0, top_edges = 0, top_nodes = 0;
  int max_per_node = 0, depth = 1;
  gboolean header_links = FALSE, clusters = FALSE, no_isolated = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the graph to FILE (default output/graph.dot; - for standard output)", "FILE" },
    { "format", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &formats_s,
      "dot, graphml, gexf, json, csv or jsonl (evidence); a comma list writes each beside "
      "-o (default: by -o's extension, else dot)", "LIST" },
    { "window", 'w', 0, G_OPTION_ARG_STRING, &window,
      "Entities are linked when they share a sentence, paragraph (default) or document", "KIND" },
    { "weight", 0, 0, G_OPTION_ARG_STRING, &weight_s,
      "Edge weight: count (default), fractional, pmi, npmi, dice or jaccard", "KIND" },
    { "evidence", 0, 0, G_OPTION_ARG_INT, &evidence,
      "Pieces of evidence kept per edge (default 5)", "N" },
    { "tooltip-evidence", 0, 0, G_OPTION_ARG_INT, &tooltip,
      "Pieces of evidence shown in a DOT edge's tooltip (default 3)", "N" },
    { "min-weight", 0, 0, G_OPTION_ARG_STRING, &min_weight_s,
      "Drop edges lighter than X", "X" },
    { "min-docs", 0, 0, G_OPTION_ARG_INT, &min_docs,
      "Drop entities and edges seen in fewer than N documents", "N" },
    { "types", 0, 0, G_OPTION_ARG_STRING_ARRAY, &types_s,
      "Keep entities of these types only (PERSON,ORG,AGENCY,GROUP...)", "LIST" },
    { "focus", 0, 0, G_OPTION_ARG_STRING, &focus,
      "Keep the ego network of ENTITY (an id, a dictionary alias or a label)", "ENTITY" },
    { "depth", 0, 0, G_OPTION_ARG_INT, &depth, "Steps from --focus (default 1)", "K" },
    { "top-nodes", 0, 0, G_OPTION_ARG_INT, &top_nodes,
      "Keep the N entities of largest weighted degree", "N" },
    { "max-per-node", 0, 0, G_OPTION_ARG_INT, &max_per_node,
      "Keep an edge only if it is among the K heaviest of both its ends", "K" },
    { "top-edges", 0, 0, G_OPTION_ARG_INT, &top_edges, "Keep the N heaviest edges", "N" },
    { "no-isolated", 0, 0, G_OPTION_ARG_NONE, &no_isolated,
      "Drop entities left without an edge", NULL },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since,
      "Count cables dated DATE or later (2006, 2006-09, 2006-09-01)", "DATE" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until,
      "Count cables dated DATE or earlier (2006-09 includes all of September)", "DATE" },
    { "tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &tags_s,
      "Count cables with one of these TAGS (KTIP,PHUM)", "LIST" },
    { "origin", 0, 0, G_OPTION_ARG_STRING_ARRAY, &origins_s,
      "Count cables from these posts (words of the FM line: MEXICO, MONTERREY)", "LIST" },
    { "classification", 0, 0, G_OPTION_ARG_STRING_ARRAY, &class_s,
      "Count cables with these markings (UNCLASSIFIED, CONFIDENTIAL, SECRET, NOFORN)", "LIST" },
    { "header-links", 0, 0, G_OPTION_ARG_NONE, &header_links,
      "Also link each cable's signer and origin post to its entities (dashed edges)", NULL },
    { "communities", 0, 0, G_OPTION_ARG_STRING, &communities_s,
      "Find communities: louvain or components (a community attribute and colour)", "METHOD" },
    { "clusters", 0, 0, G_OPTION_ARG_NONE, &clusters,
      "Draw communities as DOT cluster_ subgraphs (default method louvain)", NULL },
    { "per-doc", 0, 0, G_OPTION_ARG_FILENAME, &per_doc,
      "Write one graph per document into DIR, named by cable id", "DIR" },
    { "by-month", 0, 0, G_OPTION_ARG_FILENAME, &by_month,
      "Write one graph per month of cable dates into DIR (2006-09.dot ...)", "DIR" },
    { "by-year", 0, 0, G_OPTION_ARG_FILENAME, &by_year,
      "Write one graph per year of cable dates into DIR", "DIR" },
    { "render", 'r', 0, G_OPTION_ARG_STRING, &render,
      "Also draw the graph through Graphviz: svg, png or pdf (beside the output)", "FORMAT" },
    { "render-output", 0, 0, G_OPTION_ARG_FILENAME, &render_output,
      "Where to write the drawing (default: the output path with the format's extension)", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, "PATH..." },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[PATH...] - the relationship graph");
  g_option_context_set_summary (ctx,
    "Reads cables (files, directories, or - for standard input), finds the organizations,\n"
    "agencies, groups and people they name, links those that share a window and writes the\n"
    "graph (DOT, GraphML, GEXF, JSON, CSV). With no PATH, the bundled examples/ are read;\n"
    "PATHs ending in .egc are partial counts from 'entgraph count'.");
  g_option_context_set_description (ctx,
    "Pruning applies in this order: --types, --min-docs, --min-weight, --focus/--depth,\n"
    "--top-nodes, --max-per-node, --top-edges, --no-isolated. Ties break by id.\n"
    "Exit status: 0 success, 1 usage error, 2 input or dictionary error.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  eg_cli_add_common (ctx, &common);
  eg_cli_add_stats (ctx, &common);
  g_autoptr (GError) error = NULL;
  if (!eg_cli_parse (ctx, &argc, &argv))
    return EG_EXIT_USAGE;
  g_auto (EgStats) stats;
  eg_stats_init (&stats, common.stats);

  /* Option values. */
  EgLevel level = EG_LEVEL_PARAGRAPH;
  if (window && !eg_level_parse (window, &level))
    {
      eg_cli_error ("--window takes sentence, paragraph or document, not \"%s\"", window);
      return EG_EXIT_USAGE;
    }
  EgWeight weight = EG_WEIGHT_COUNT;
  if (weight_s && !eg_weight_parse (weight_s, &weight))
    {
      eg_cli_error ("--weight takes count, fractional, pmi, npmi, dice or jaccard, not \"%s\"",
                    weight_s);
      return EG_EXIT_USAGE;
    }
  if (render && !eg_render_format_known (render))
    {
      eg_cli_error ("--render takes svg, png or pdf, not \"%s\"", render);
      return EG_EXIT_USAGE;
    }
  if (evidence < 0 || tooltip < 0 || min_docs < 0 || top_edges < 0 || top_nodes < 0
      || max_per_node < 0 || depth < 1)
    {
      eg_cli_error ("--evidence, --tooltip-evidence, --min-docs, --top-edges, --top-nodes and "
                    "--max-per-node take a number >= 0, --depth one >= 1");
      return EG_EXIT_USAGE;
    }
  double min_weight = 0;
  if (min_weight_s)
    {
      char *end = NULL;
      min_weight = g_ascii_strtod (min_weight_s, &end);
      if (end == min_weight_s || *end != '\0')
        {
          eg_cli_error ("--min-weight takes a number, not \"%s\"", min_weight_s);
          return EG_EXIT_USAGE;
        }
    }
  EgCommunityMethod method = clusters ? EG_COMMUNITY_LOUVAIN : EG_COMMUNITY_NONE;
  if (communities_s && !eg_community_parse (communities_s, &method))
    {
      eg_cli_error ("--communities takes louvain or components, not \"%s\"", communities_s);
      return EG_EXIT_USAGE;
    }
  const char *dates[] = { since, until };
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    if (dates[i] && !eg_doc_filter_date_valid (dates[i]))
      {
        eg_cli_error ("--since and --until take an ISO 8601 date or its start (2006, "
                      "2006-09, 2006-09-01), not \"%s\"", dates[i]);
        return EG_EXIT_USAGE;
      }
  g_auto (GStrv) types = split_list (types_s, TRUE);
  g_auto (GStrv) tags = split_list (tags_s, FALSE);
  g_auto (GStrv) origins = split_list (origins_s, FALSE);
  g_auto (GStrv) classes = split_list (class_s, FALSE);
  g_auto (GStrv) format_names = split_list (formats_s, FALSE);
  Period by = by_month ? BY_MONTH : by_year ? BY_YEAR : BY_NONE;
  if (by_month && by_year)
    {
      eg_cli_error ("--by-month and --by-year cannot be used together");
      return EG_EXIT_USAGE;
    }
  gboolean split = per_doc || by != BY_NONE;
  g_autoptr (GArray) formats = choose_formats (format_names, &output, split);
  if (formats == NULL)
    return EG_EXIT_USAGE;
  if (render && output && strcmp (output, "-") == 0 && render_output == NULL)
    {
      eg_cli_error ("--render with -o - needs --render-output FILE");
      return EG_EXIT_USAGE;
    }
  /* (a run over an archive is long: a path that cannot be written fails now, not after) */
  const char *outs[] = { output, render ? render_output : NULL };
  for (guint i = 0; i < G_N_ELEMENTS (outs); i++)
    if (outs[i] && !eg_output_check (outs[i], &error))
      {
        eg_cli_error ("%s", error->message);
        return EG_EXIT_INPUT;
      }
  EgDocFilter select = {
    .since = since,
    .until = until,
    .tags = (const char *const *) tags,
    .origins = (const char *const *) origins,
    .classifications = (const char *const *) classes,
  };
  gboolean select_active = eg_doc_filter_active (&select);
  gboolean from_counts = all_egc (paths);
  if (from_counts && (select_active || header_links || split))
    {
      eg_cli_error ("partial counts (.egc) hold no cable headers: --since, --until, --tag, "
                    "--origin, --classification, --header-links, --per-doc and --by-* need "
                    "the documents");
      return EG_EXIT_USAGE;
    }
  const char *by_dir = by == BY_MONTH ? by_month : by_year;
  const char *dirs[] = { per_doc, by_dir };
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (dirs[i] && g_mkdir_with_parents (dirs[i], 0755) != 0)
      {
        eg_cli_error ("%s: cannot create the folder", dirs[i]);
        return EG_EXIT_INPUT;
      }

  /* Read: documents through the pipeline, or partial counts. */
  gboolean had_error = FALSE;
  g_autoptr (EgDict) dict = NULL;
  g_autoptr (EgExtractor) ex = NULL;
  g_autoptr (GPtrArray) files = NULL;
  Counts *total = NULL;
  GThread *freer = NULL; /* frees the threads' counts once merged (eg_cli_free_in_background()) */
  if (from_counts)
    {
      total = g_new0 (Counts, 1);
      total->cooc = eg_cli_load_counts (paths);
      if (total->cooc == NULL)
        {
          counts_free (total);
          return EG_EXIT_INPUT;
        }
      eg_stats_stage (&stats, "reading the partial counts", NULL);
      level = total->cooc->level;
      gboolean windows = total->cooc->nodes->len == 0;
      for (guint i = 0; i < total->cooc->nodes->len && !windows; i++)
        windows = ((EgNode *) g_ptr_array_index (total->cooc->nodes, i))->windows > 0;
      if (eg_weight_needs_node_windows (weight) && !windows)
        {
          eg_cli_error ("--weight %s needs each entity's window count, which these partial "
                        "counts do not hold; count the documents again or use count or "
                        "fractional", eg_weight_name (weight));
          counts_free (total);
          return EG_EXIT_USAGE;
        }
    }
  else
    {
      files = eg_cli_collect (paths, &common, &had_error);
      if (had_error && !common.keep_going)
        return EG_EXIT_INPUT;
      eg_stats_stage (&stats, "listing the inputs", NULL);
      dict = eg_cli_load_dicts (&common);
      if (dict == NULL)
        return EG_EXIT_INPUT;
      ex = eg_cli_new_extractor (&common, dict, EG_EXTRACT_NO_SURFACES, &error);
      if (ex == NULL)
        {
          eg_cli_error ("%s", error->message);
          return EG_EXIT_INPUT;
        }
      eg_stats_stage (&stats, "loading dictionaries and rules", NULL);
      total = counts_new (level, (guint) evidence, header_links);
    }

  /* The graph attributes: options and input counts. */
  g_autoptr (GPtrArray) attrs = g_ptr_array_new_with_free_func (g_free);
  add_attr (attrs, "generator", "entgraph " EG_VERSION);
  add_attr (attrs, "window", eg_level_name (level));
  add_attr (attrs, "weight", eg_weight_name (weight));
  if (dict)
    {
      add_attr_uint (attrs, "dictionary_entities", eg_dict_n_entities (dict));
      add_attr (attrs, "default_dicts", common.no_default ? "no" : "yes");
      add_attr (attrs, "rules", common.no_rules ? "no" : "yes");
    }
  add_attr_uint (attrs, "evidence_cap", total->cooc->evidence_cap);
  if (min_weight_s)
    {
      char buf[EG_WEIGHT_BUF];
      add_attr (attrs, "min_weight", eg_weight_format (buf, min_weight));
    }
  if (min_docs)
    add_attr_uint (attrs, "min_docs", (guint) min_docs);
  if (types[0])
    {
      g_autofree char *j = g_strjoinv (",", types);
      add_attr (attrs, "types", j);
    }
  if (focus)
    add_attr_uint (attrs, "depth", (guint) depth);
  if (top_nodes)
    add_attr_uint (attrs, "top_nodes", (guint) top_nodes);
  if (max_per_node)
    add_attr_uint (attrs, "max_per_node", (guint) max_per_node);
  if (top_edges)
    add_attr_uint (attrs, "top_edges", (guint) top_edges);
  if (no_isolated)
    add_attr (attrs, "no_isolated", "yes");
  if (since)
    add_attr (attrs, "since", since);
  if (until)
    add_attr (attrs, "until", until);
  struct { const char *key; char **list; } lists[] = {
    { "tags", tags }, { "origins", origins }, { "classifications", classes },
  };
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (lists[i].list[0])
      {
        g_autofree char *j = g_strjoinv (",", lists[i].list);
        add_attr (attrs, lists[i].key, j);
      }
  if (header_links)
    add_attr (attrs, "header_links", "yes");
  if (method != EG_COMMUNITY_NONE)
    add_attr (attrs, "communities", eg_community_name (method));

  guint threads = eg_pipeline_threads (common.threads);
  EgWriteTimes write_times = { 0 };
  Emit emit = {
    .weight = weight,
    .filter = {
      .types = (const char *const *) types,
      .min_docs = (guint) min_docs,
      .use_min_weight = min_weight_s != NULL,
      .min_weight = min_weight,
      .depth = (guint) depth,
      .top_nodes = (guint) top_nodes,
      .max_per_node = (guint) max_per_node,
      .top_edges = (guint) top_edges,
      .no_isolated = no_isolated,
    },
    .focus_key = focus,
    .communities = method,
    .wopt = { "entgraph", (guint) tooltip, clusters, threads, common.stats ? &write_times : NULL },
    .formats = formats,
    .render = render,
    .render_output = render_output,
    .quiet = common.quiet,
    .dict = dict,
    .attrs = attrs,
    .stats = &stats,
  };

  guint read = 0;
  guint64 bytes = 0;
  guint skipped = 0;
  g_autoptr (GHashTable) periods =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, counts_free);
  if (!from_counts)
    {
      g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GraphRun run = {
        .total = total,
        .dict = dict,
        .level = level,
        .evidence = (guint) evidence,
        .links = header_links,
        .select = &select,
        .select_active = select_active,
        .per_doc = per_doc,
        .by = by,
        .by_dir = by_dir,
        .periods = periods,
        .used_names = used,
        .emit = &emit,
        .slots = g_new0 (Counts *, threads),
      };
      /* Per-document graphs record their input counts as the whole graph does. */
      EgPipeline pl = {
        .files = files,
        .common = &common,
        .ex = ex,
        .threads = threads,
        .batch_new = batch_new,
        .doc = batch_doc,
        .batch_done = batch_done,
        .user = &run,
        .bytes_read = &bytes,
      };
      read = eg_pipeline_run (&pl, &had_error);
      eg_cli_stats_read (&stats, "reading, extracting, counting", read, bytes);
      GPtrArray *later = g_ptr_array_new_with_free_func ((GDestroyNotify) eg_cooc_free);
      for (guint k = 0; k < pl.threads; k++)
        if (run.slots[k])
          counts_take_later (total, run.slots[k], later, pl.threads);
      freer = eg_cli_free_in_background (later);
      eg_stats_stage (&stats, "merging the threads' counts", NULL);
      g_free (run.slots);
      skipped = run.skipped;
      if (read == 0)
        {
          eg_cli_error ("no document could be read; no graph written");
          counts_free (total);
          if (freer)
            g_thread_join (freer);
          return EG_EXIT_INPUT;
        }
      add_attr_uint (attrs, "documents_read", read);
      if (select_active)
        add_attr_uint (attrs, "documents_skipped", skipped);
      if (select_active && skipped == read && !common.quiet)
        eg_cli_warning ("no document passed --since, --until, --tag, --origin or "
                        "--classification; the graph is empty");
    }

  if (by != BY_NONE && emit.error == NULL)
    {
      g_autoptr (GList) keys = g_list_sort (g_hash_table_get_keys (periods),
                                            (GCompareFunc) strcmp);
      for (GList *k = keys; k; k = k->next)
        {
          g_autofree char *stem = g_build_filename (by_dir, k->data, NULL);
          emit_graph (&emit, g_hash_table_lookup (periods, k->data), stem, "period", k->data);
        }
    }
  if (output)
    emit_graph (&emit, total, output, NULL, NULL);
  if (freer)
    {
      g_thread_join (freer);
      eg_stats_stage (&stats, "waiting for the merged counts to be freed", NULL);
    }
  if (emit.error)
    {
      eg_cli_error ("%s", emit.error->message);
      int rc = g_error_matches (emit.error, EG_ERROR, EG_ERROR_FORMAT) ? EG_EXIT_USAGE
                                                                       : EG_EXIT_INPUT;
      g_error_free (emit.error);
      counts_free (total);
      return rc;
    }
  if (!common.quiet)
    {
      if (output)
        fprintf (stderr, "entgraph: %u document%s, %u node%s, %u edge%s -> %s\n",
                 total->cooc->n_docs, total->cooc->n_docs == 1 ? "" : "s", emit.nodes,
                 emit.nodes == 1 ? "" : "s", emit.edges, emit.edges == 1 ? "" : "s", output);
      if (split)
        fprintf (stderr, "entgraph: %u graph%s -> %s%s%s\n", emit.written - (output ? 1 : 0),
                 emit.written - (output ? 1 : 0) == 1 ? "" : "s", per_doc ? per_doc : "",
                 per_doc && by_dir ? ", " : "", by_dir ? by_dir : "");
      if (skipped)
        fprintf (stderr, "entgraph: %u document%s skipped by the header filters\n", skipped,
                 skipped == 1 ? "" : "s");
      if (emit.without_focus)
        fprintf (stderr, "entgraph: %u graph%s without %s not written\n", emit.without_focus,
                 emit.without_focus == 1 ? "" : "s", focus);
      if (total->cooc->dropped_pairs > 0)
        eg_cli_warning ("%" G_GUINT64_FORMAT " pair counts dropped: more than %u distinct "
                        "pairs (the in-memory cap); use --window sentence, --types or a "
                        "smaller dictionary", total->cooc->dropped_pairs,
                        total->cooc->max_edges);
    }
  eg_cli_stats_print (&stats, "graph", threads);
  /* The counts of a large corpus are millions of small blocks (edges' evidence, dates,
   * sentences); freeing them one by one just before the process exits took 0.2-0.5 s,
   * all of it on one thread, for nothing. As clang's -disable-free and git's UNLEAK do,
   * they are left to the kernel, still reachable, so leak checkers do not count them. */
  unleaked = total;
  return had_error && !common.keep_going ? EG_EXIT_INPUT : EG_EXIT_OK;
}
