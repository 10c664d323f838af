#!/usr/bin/env bash
# The graph command as a user runs it: every output format read by a real consumer (Graphviz
# for DOT, networkx for GraphML, GEXF and JSON, xmllint for well-formed XML) agreeing on
# nodes, edges and weights; weights, pruning, header filters, header links, communities,
# per-document and per-month graphs, partial counts, `why`, and byte-identical output across
# runs and thread counts.
. "$(dirname "$0")/cli-lib.sh"
seed="$SRC/tests/data/seed-scoop.txt"

# A python that has networkx (Debian's python3-networkx first).
PY=
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import networkx' 2>/dev/null; then PY=$p; break; fi
done

# gvpr listings of a DOT file: "id" per node, "a b weight kind" per edge (ends sorted).
dot_nodes () { gvpr 'N{print($.name)}' "$1" | LC_ALL=C sort; }
dot_edges () { gvpr 'E{if ($.tail.name < $.head.name) printf("%s %s %s %s\n", $.tail.name, $.head.name, $.weight, $.kind); else printf("%s %s %s %s\n", $.head.name, $.tail.name, $.weight, $.kind);}' "$1" | LC_ALL=C sort; }

# --- Every format from one run, read back by its consumer -------------------------------
for weight in count npmi; do
  run "$BIN" -q --weight "$weight" --header-links --format dot,graphml,gexf,json,csv,jsonl \
    -o "$WORK/s-$weight.dot" "$seed"
  expect_rc "the seed in six formats, weight $weight" 0
  expect_no_sanitizer "six formats"
  for ext in dot graphml gexf json nodes.csv edges.csv jsonl; do
    [ -s "$WORK/s-$weight.$ext" ] && ok "wrote s-$weight.$ext" || fail "no s-$weight.$ext"
  done
  dot -Tsvg "$WORK/s-$weight.dot" -o /dev/null 2>"$WORK/doterr" && ok "Graphviz reads the DOT ($weight)" || fail "dot failed: $(cat "$WORK/doterr")"
  for ext in graphml gexf; do
    xmllint --noout "$WORK/s-$weight.$ext" 2>"$WORK/xmlerr" && ok "xmllint: $ext is well-formed" || fail "xmllint $ext: $(head -3 "$WORK/xmlerr")"
  done
  dot_nodes "$WORK/s-$weight.dot" > "$WORK/dot.nodes"
  dot_edges "$WORK/s-$weight.dot" > "$WORK/dot.edges"
  [ "$(wc -l < "$WORK/dot.nodes")" -ge 8 ] && ok "the seed graph has nodes" || fail "seed nodes: $(cat "$WORK/dot.nodes")"
  if [ -n "$PY" ]; then
    run "$PY" - "$WORK/s-$weight" "$WORK/dot.nodes" "$WORK/dot.edges" <<'PY'
import csv, json, sys, networkx as nx
from networkx.readwrite import gexf as gx
stem, nodes_f, edges_f = sys.argv[1:]
# networkx knows GEXF 1.1draft and 1.2draft; 1.3 differs only in its namespace.
gx.GEXF.versions.setdefault("1.3", dict(gx.GEXF.versions["1.2draft"], NS_GEXF="http://gexf.net/1.3",
                            NS_VIZ="http://gexf.net/1.3/viz", VERSION="1.3"))
want_nodes = open(nodes_f).read().split()
want = {}
for line in open(edges_f):
    a, b, w, kind = line.split()
    want[(a, b)] = (float(w), kind)
def check(name, g, weight_of, kind_of):
    bad = []
    if sorted(g.nodes) != want_nodes:
        bad.append(f"nodes differ: {sorted(set(g.nodes) ^ set(want_nodes))[:5]}")
    got = {tuple(sorted((a, b))): d for a, b, d in g.edges(data=True)}
    if set(got) != set(want):
        bad.append(f"edges differ: {sorted(set(got) ^ set(want))[:5]}")
    for k, d in got.items():
        if k in want:
            w, kind = want[k]
            if abs(float(weight_of(d)) - w) > 1e-5 * max(1, abs(w)):
                bad.append(f"{k} weight {weight_of(d)} != {w}")
            if kind_of(d) != kind:
                bad.append(f"{k} kind {kind_of(d)} != {kind}")
    print(f"{name}: {len(g)} nodes, {g.number_of_edges()} edges" + ("" if not bad else " BAD " + "; ".join(bad[:4])))
    return not bad
ok = True
g = nx.read_graphml(stem + ".graphml")
ok &= check("graphml", g, lambda d: d["weight"], lambda d: d["kind"])
ok &= g.graph.get("window") == "paragraph" and "documents" in g.graph
g = nx.read_gexf(stem + ".gexf", version="1.3")
ok &= check("gexf", g, lambda d: d["weight"], lambda d: d["kind"])
starts = [d.get("start") for _, d in g.nodes(data=True)]
ok &= all(s and s.startswith("2006-09-01") for s in starts) or print("gexf starts:", starts[:3])
data = json.load(open(stem + ".json"))
try:
    g = nx.node_link_graph(data, edges="links")
except TypeError:
    g = nx.node_link_graph(data)
ok &= check("json", g, lambda d: d["weight"], lambda d: d["kind"])
ok &= data["graph"].get("window") == "paragraph"
g = nx.Graph()
with open(stem + ".nodes.csv", newline="") as f:
    for r in csv.DictReader(f):
        g.add_node(r["id"])
with open(stem + ".edges.csv", newline="") as f:
    for r in csv.DictReader(f):
        g.add_edge(r["source"], r["target"], weight=r["weight"], kind=r["kind"])
ok &= check("csv", g, lambda d: d["weight"], lambda d: d["kind"])
n = 0
for line in open(stem + ".jsonl"):
    o = json.loads(line)
    assert tuple(sorted((o["source"], o["target"]))) in want, o
    n += 1
print("jsonl:", n, "pieces of evidence")
sys.exit(0 if ok and n > 0 else 1)
PY
    expect_rc "networkx reads GraphML, GEXF 1.3, JSON and CSV with the DOT's nodes, edges, weights and kinds ($weight)" 0
    [ "$rc" -eq 0 ] || cat "$WORK/out" "$WORK/err" | head -20 | sed 's/^/# /'
  else
    ok "# SKIP networkx is not installed (apt-get install python3-networkx)"
  fi
done

# --- Names that try to break the formats -------------------------------------------------
mkdir -p "$WORK/nasty"
printf 'ORG:nasty\tORG\tAcme "Q" & <Sons> \\ Ltd {x};\tZorblax Corp\nPERSON:amp\tPERSON\tO'"'"'Brien & <b>\tQuorvat Velm\n' > "$WORK/nasty/n.tsv"
printf 'Zorblax Corp hired Quorvat Velm.\n\nQuorvat Velm left Zorblax Corp.\n' > "$WORK/nasty/doc.txt"
run "$BIN" -q --no-default-dicts --dict "$WORK/nasty/n.tsv" --format dot,graphml,gexf,json,csv \
  -o "$WORK/nasty/g.dot" "$WORK/nasty/doc.txt"
expect_rc "names with quotes, &, <, > and a backslash" 0
grep -q 'Acme' "$WORK/nasty/g.dot" && ok "the nasty entity is found" || fail "nasty entity not found: $(cat "$WORK/err")"
dot -Tsvg "$WORK/nasty/g.dot" -o "$WORK/nasty/g.svg" 2>/dev/null && xmllint --noout "$WORK/nasty/g.svg" && ok "Graphviz reads the DOT and writes valid SVG" || fail "nasty DOT"
for ext in graphml gexf; do
  xmllint --noout "$WORK/nasty/g.$ext" 2>/dev/null && ok "nasty $ext is well-formed" || fail "nasty $ext is not well-formed"
done
if [ -n "$PY" ]; then
  run "$PY" - "$WORK/nasty/g" <<'PY'
import csv, json, sys, networkx as nx
from networkx.readwrite import gexf as gx
gx.GEXF.versions.setdefault("1.3", dict(gx.GEXF.versions["1.2draft"], NS_GEXF="http://gexf.net/1.3",
                            NS_VIZ="http://gexf.net/1.3/viz", VERSION="1.3"))
stem = sys.argv[1]
want = 'Acme "Q" & <Sons> \\ Ltd {x};'
labels = [nx.read_graphml(stem + ".graphml").nodes["ORG:nasty"]["label"],
          nx.read_gexf(stem + ".gexf", version="1.3").nodes["ORG:nasty"]["label"],
          [n["label"] for n in json.load(open(stem + ".json"))["nodes"] if n["id"] == "ORG:nasty"][0],
          [r["label"] for r in csv.DictReader(open(stem + ".nodes.csv", newline="")) if r["id"] == "ORG:nasty"][0]]
print(labels)
sys.exit(0 if all(l == want for l in labels) else 1)
PY
  expect_rc "the nasty label reads back unchanged from GraphML, GEXF, JSON and CSV" 0
fi

# --- Graph attributes record options and input counts ------------------------------------
grep -q 'weight=npmi' "$WORK/s-npmi.dot" && ok "the weight is a graph attribute" || fail "no weight attribute"
grep -q 'documents=1' "$WORK/s-npmi.dot" && ok "the input counts are graph attributes" || fail "no documents attribute"
grep -q 'header_links=yes' "$WORK/s-npmi.dot" && ok "header links are recorded" || fail "no header_links attribute"

# --- Header links --------------------------------------------------------------------
grep -q '"PERSON:bassett"' "$WORK/s-count.dot" && ok "the signer BASSETT is a node" || fail "no signer node"
grep -q '"POST:amembassy-mexico"' "$WORK/s-count.dot" && ok "the origin post is a node" || fail "no post node"
n_signer=$(gvpr 'E[$.kind=="signer" && $.style=="dashed"]{print($.name)}' "$WORK/s-count.dot" | wc -l)
[ "$n_signer" -ge 3 ] && ok "$n_signer dashed signer links" || fail "signer links: $n_signer"
"$BIN" -q -o "$WORK/plain.dot" "$seed"
grep -q 'kind=signer' "$WORK/plain.dot" && fail "header links without --header-links" || ok "no header links by default"

# --- Evidence as hover text in the SVG -----------------------------------------------------
run "$BIN" -q -o "$WORK/r.dot" --render svg "$seed"
expect_rc "--render svg" 0
grep -q '<title>[^<]*06MEXICO4964 ¶[0-9]*: ' "$WORK/r.svg" && ok "an edge's <title> in the SVG holds its evidence" || fail "no evidence in SVG titles"
grep -q 'person (oval)' "$WORK/r.svg" && ok "the SVG has a legend of types" || fail "no legend"

# --- Pruning --------------------------------------------------------------------------
count_nodes () { gvpr 'N{print($.name)}' "$1" | wc -l; }
run "$BIN" -q -o "$WORK/p.dot" --top-nodes 3 "$seed"
[ "$(count_nodes "$WORK/p.dot")" -eq 3 ] && ok "--top-nodes 3 keeps 3 nodes" || fail "--top-nodes 3: $(count_nodes "$WORK/p.dot")"
run "$BIN" -q -o "$WORK/p.dot" --types GROUP "$seed"
bad=$(gvpr 'N[$.entity_type!="GROUP"]{print($.name)}' "$WORK/p.dot")
[ -z "$bad" ] && [ "$(count_nodes "$WORK/p.dot")" -ge 2 ] && ok "--types GROUP keeps groups only" || fail "--types GROUP kept: $bad"
run "$BIN" -q -o "$WORK/p.dot" --focus SRE --depth 1 "$seed"
expect_rc "--focus by alias" 0
grep -q 'focus="AGENCY:mx-sre"' "$WORK/p.dot" && ok "--focus SRE resolves to AGENCY:mx-sre" || fail "focus: $(grep focus "$WORK/p.dot")"
nodes_far=$(gvpr 'BEG_G{node_t s = isNode($G, "AGENCY:mx-sre"); node_t n; for (n = fstnode($G); n; n = nxtnode(n)) if (n != s && !isEdge(n, s, "") && !isEdge(s, n, "")) print(n.name);}' "$WORK/p.dot" | wc -l)
[ "$nodes_far" -eq 0 ] && ok "depth 1: every node touches the SRE" || fail "nodes beyond depth 1: $nodes_far"
run "$BIN" -q -o "$WORK/p.dot" --focus "no such thing" "$seed"
expect_rc "--focus on an unknown entity is a usage error" 1
expect_err "the message names it" "no such thing"
run "$BIN" -q -o "$WORK/p.dot" --min-weight 2 --no-isolated "$seed"
light=$(gvpr 'E[$.weight < 2]{print($.name)}' "$WORK/p.dot" | wc -l)
[ "$light" -eq 0 ] && ok "--min-weight 2 drops lighter edges" || fail "$light light edges left"
run "$BIN" -q -o "$WORK/p.dot" --max-per-node 2 "$seed"
most=$(gvpr 'N{printf("%d\n", $.degree)}' "$WORK/p.dot" | sort -n | tail -1)
[ "${most:-9}" -le 2 ] && ok "--max-per-node 2: no node has more than 2 edges" || fail "a node has $most edges"
run "$BIN" -q -o "$WORK/p.dot" --top-edges 4 "$seed"
[ "$(gvpr 'E{print($.name)}' "$WORK/p.dot" | wc -l)" -eq 4 ] && ok "--top-edges 4" || fail "--top-edges 4 kept $(gvpr 'E{print(1)}' "$WORK/p.dot" | wc -l)"

# --- Header filters: documents skipped before counting ------------------------------------
check_filter () { # DESC WANT_DOCS ARGS...
  local desc=$1 want=$2; shift 2
  run "$BIN" -q -o "$WORK/f.dot" "$@" "$seed"
  if grep -q "documents=$want[,;]" "$WORK/f.dot" || grep -q "documents=$want\$" "$WORK/f.dot"; then ok "$desc"; else fail "$desc: $(grep -E 'documents' "$WORK/f.dot" | head -3 | tr '\n' ' ')"; fi
}
check_filter "--since 2006-09 keeps the seed (2006-09-01)" 1 --since 2006-09
check_filter "--since 2006-09-02 skips it" 0 --since 2006-09-02
check_filter "--until 2006 keeps it" 1 --until 2006
check_filter "--tag phum keeps it (case folded)" 1 --tag phum
check_filter "--tag KTIP skips it" 0 --tag KTIP
check_filter "--origin MEXICO keeps it" 1 --origin MEXICO
check_filter "--origin MONTERREY skips it" 0 --origin MONTERREY
check_filter "--classification UNCLASSIFIED keeps it" 1 --classification UNCLASSIFIED
check_filter "--classification SECRET,CONFIDENTIAL skips it" 0 --classification SECRET,CONFIDENTIAL
grep -q 'documents_skipped=1' "$WORK/f.dot" && ok "skipped documents are recorded" || fail "no documents_skipped"
run "$BIN" -o "$WORK/f.dot" --since 2006-9 "$seed"
expect_rc "--since with a malformed date is a usage error" 1

# --- Communities ------------------------------------------------------------------------
run "$BIN" -q -o "$WORK/c.dot" --communities louvain "$seed"
expect_rc "--communities louvain" 0
[ "$(gvpr 'N[$.community != ""]{print(1)}' "$WORK/c.dot" | wc -l)" -eq "$(count_nodes "$WORK/c.dot")" ] && ok "every node has a community" || fail "nodes without community"
grep -q 'modularity=' "$WORK/c.dot" && ok "the modularity is recorded" || fail "no modularity"
run "$BIN" -q -o "$WORK/k.dot" --clusters --communities components "$seed"
grep -q 'subgraph cluster_0' "$WORK/k.dot" && ok "--clusters writes cluster_ subgraphs" || fail "no cluster subgraph"
dot -Tsvg "$WORK/k.dot" -o /dev/null 2>/dev/null && ok "Graphviz reads the clustered DOT" || fail "clustered DOT unreadable"

# --- Partial counts in, the same graph out -------------------------------------------------
"$BIN" count -q -o "$WORK/seed.egc" "$seed"
run "$BIN" -q -o "$WORK/e.dot" --weight npmi "$WORK/seed.egc"
expect_rc "graph from partial counts" 0
"$BIN" -q -o "$WORK/d.dot" --weight npmi "$seed"
[ "$(dot_edges "$WORK/e.dot")" = "$(dot_edges "$WORK/d.dot")" ] && ok "the graph of the counts equals the graph of the documents" || fail "egc graph differs"
run "$BIN" -q -o "$WORK/e.dot" --since 2006 "$WORK/seed.egc"
expect_rc "header filters on partial counts are a usage error" 1

# --- why ----------------------------------------------------------------------------------
run "$BIN" why -q SRE NGOs "$seed"
expect_rc "why SRE NGOs" 0
expect_out "a window with the cable id and paragraph, both names marked" "^06MEXICO4964 ¶[0-9]+: .*\[\[(SRE|Secretariat of Foreign Relations)\]\].*\[\[(NGOs|non-governmental organizations)\]\]"
run "$BIN" why -q --color always AGENCY:mx-sre GROUP:ngos "$seed"
grep -q $'\e\[1m' "$WORK/out" && ok "--color always marks in bold" || fail "no bold"
run "$BIN" why -q --window sentence AGENCY:mx-sre PERSON:nemecio-lugo "$seed"
expect_rc "why at sentence level" 0
run "$BIN" why SRE
expect_rc "why needs two entities" 1

# --- Per document and per month, file names that cannot leave the folder -----------------
mkdir -p "$WORK/in" "$WORK/per"
cp "$seed" "$WORK/in/a.txt"
printf 'The Secretariat of Foreign Relations met NGOs.\n\nThe UN agencies and NGOs agreed.\n' > "$WORK/in/..evil name.txt"
run "$BIN" -q --per-doc "$WORK/per" --format dot,json "$WORK/in"
expect_rc "--per-doc" 0
[ -s "$WORK/per/06MEXICO4964.dot" ] && [ -s "$WORK/per/06MEXICO4964.json" ] && ok "one graph per cable, named by its id" || fail "per-doc files: $(ls "$WORK/per")"
others=$(ls -A "$WORK/per" | grep -v '^06MEXICO4964\.' )
case "$others" in .*) fail "a hidden or dot file: $others";; *) ok "the other document's file is safe: $others";; esac
[ "$(ls -A "$WORK" | grep -c evil)" -eq 0 ] && ok "nothing written outside the folder" || fail "a file escaped: $(ls -A "$WORK")"
grep -qE 'document="?06MEXICO4964' "$WORK/per/06MEXICO4964.dot" && ok "a per-document graph records its document" || fail "no document attribute"
run "$BIN" -q --by-month "$WORK/month" "$WORK/in"
expect_rc "--by-month" 0
[ -s "$WORK/month/2006-09.dot" ] && ok "one graph per month: 2006-09.dot" || fail "by-month files: $(ls "$WORK/month")"

# --- Usage errors -------------------------------------------------------------------------
run "$BIN" --weight tfidf "$seed"; expect_rc "--weight tfidf is a usage error" 1
run "$BIN" --format xls "$seed"; expect_rc "--format xls is a usage error" 1
run "$BIN" -o - --format csv "$seed"; expect_rc "csv to standard output is a usage error" 1
run "$BIN" --communities leiden "$seed"; expect_rc "--communities leiden is a usage error" 1

# --- Byte-identical output: across runs, across thread counts ------------------------------
corpus="$SRC/examples"
if [ -d "$SHARED/corpus/cables" ]; then
  mkdir -p "$WORK/mx"
  for f in "$SHARED"/corpus/cables/*MEXICO* "$SHARED"/corpus/cables/*MONTERREY* "$SHARED"/corpus/cables/*CIUDADJUAREZ*; do
    [ -f "$f" ] && cp "$f" "$WORK/mx/"
  done
  corpus="$WORK/mx"
fi
opts=(--weight npmi --min-docs 2 --communities louvain --header-links --format dot,graphml,gexf,json,csv,jsonl)
"$BIN" -q --threads 1 "${opts[@]}" -o "$WORK/t1.dot" "$corpus"
"$BIN" -q --threads 2 "${opts[@]}" -o "$WORK/t2.dot" "$corpus"
"$BIN" -q --threads 2 "${opts[@]}" -o "$WORK/t3.dot" "$corpus"
for ext in dot graphml gexf json nodes.csv edges.csv jsonl; do
  cmp -s "$WORK/t1.$ext" "$WORK/t2.$ext" && ok "$ext: --threads 1 and --threads 2 give the same bytes" || fail "$ext differs between thread counts"
  cmp -s "$WORK/t2.$ext" "$WORK/t3.$ext" && ok "$ext: two runs give the same bytes" || fail "$ext differs between runs"
done
# Clusters: cgraph wrote subgraphs in the order of their names' addresses in memory, which
# moved with the thread count; they are now written in the order they are made.
"$BIN" -q --threads 1 --clusters -o "$WORK/c1.dot" "$corpus"
"$BIN" -q --threads 2 --clusters -o "$WORK/c2.dot" "$corpus"
cmp -s "$WORK/c1.dot" "$WORK/c2.dot" && ok "--clusters: the same bytes for 1 and 2 threads" || fail "--clusters differs between thread counts"
order=$(grep -oE 'subgraph cluster_[0-9]+' "$WORK/c1.dot" | grep -oE '[0-9]+$' | tr '\n' ' ')
sorted=$(grep -oE 'subgraph cluster_[0-9]+' "$WORK/c1.dot" | grep -oE '[0-9]+$' | sort -n | tr '\n' ' ')
[ -n "$order" ] && [ "$order" = "$sorted" ] && ok "--clusters: clusters written in order (${order:0:40}...)" || fail "cluster order: $order"
# A graph large enough (over 20,000 edges) that DOT tooltips are made on worker threads.
"$BIN" -q --threads 1 --window document -o "$WORK/big1.dot" "$corpus"
"$BIN" -q --threads 2 --window document -o "$WORK/big2.dot" "$corpus"
edges=$(grep -c -- ' -- ' "$WORK/big1.dot")
if [ -d "$SHARED/corpus/cables" ] && [ "$edges" -le 20000 ]; then
  fail "the document-window graph has only $edges edges; the threaded tooltips go untested"
fi
cmp -s "$WORK/big1.dot" "$WORK/big2.dot" && ok "DOT of $edges edges: the same bytes for 1 and 2 threads" || fail "DOT of $edges edges differs between thread counts"
# The evidence of a link is the first sentence naming both, found from masks of sentences
# when a window has up to 64 and by a scan past that: both ways, here with 70 sentences
# (document window) and with 10 (paragraph window).
printf 'Alpha Group\nBeta Agency\n' > "$WORK/ab.txt"
for total in 70 10; do
  python3 - "$total" > "$WORK/sents.txt" <<'PY'
import sys
n = int(sys.argv[1])
s = ["Alpha Group spoke first."] + ["Nothing happened on day %d." % i for i in range(2, n - 1)]
s += ["Alpha Group met Beta Agency at last.", "Beta Agency left."]
print(" ".join(s))
PY
  for window in document paragraph; do
    run "$BIN" -q --no-default-dicts --no-rules --dict "$WORK/ab.txt" --window "$window" -f jsonl -o "$WORK/ab.jsonl" "$WORK/sents.txt"
    grep -q '"sentence": *"Alpha Group met Beta Agency at last."' "$WORK/ab.jsonl" \
      && ok "$window window of $total sentences: the evidence is the sentence naming both" \
      || fail "$window window of $total sentences: evidence $(head -c 300 "$WORK/ab.jsonl")"
  done
done

# --- --stats: where the time went, on standard error, the outputs unchanged ----------------
run "$BIN" -q --stats --threads 2 --communities louvain -f dot,json -o "$WORK/st.dot" "$corpus"
expect_rc "graph --stats" 0
expect_err "--stats heads its lines with the command and threads" '^entgraph: where the time went \(graph, 2 threads\)$'
for stage in "listing the inputs" "loading dictionaries and rules" "reading, extracting, counting" \
             "merging the threads' counts" "weights, ranking and pruning" "communities \(igraph\)" \
             "writing dot" "writing json" total; do
  expect_err "--stats shows the stage \"$stage\"" "^  $stage +[0-9]+\.[0-9]{2} s"
done
docs=$(sed -n 's/^\tgraph \[.*//; s/^\t\tdocuments_read=\([0-9]*\).*/\1/p' "$WORK/st.dot" | head -1)
expect_err "--stats counts the documents the graph says it read ($docs)" "reading, extracting, counting +[0-9.]+ s  $docs documents?, [0-9.]+ MB, [0-9.]+ MB/s"
expect_err "--stats splits the DOT file's writing into cgraph's parts" 'writing dot .*cgraph: building [0-9.]+ s .*agwrite [0-9.]+ s; sync and rename [0-9.]+ s'
expect_err "--stats ends with CPU time and peak memory" '^  total +[0-9.]+ s  CPU [0-9.]+ s user, [0-9.]+ s system; peak memory [0-9]+ MiB$'
awk '/^  total /{t=$2} /^  [a-z]/ && !/^  total /{ sub(/^  /, ""); for (i = 1; i <= NF; i++) if ($(i+1) == "s") { s += $i; break } }
     END { exit !(t > 0 && s <= t + 0.02) }' "$WORK/err" \
  && ok "--stats: the stages add up to no more than the total" || fail "--stats stages exceed the total: $(cat "$WORK/err")"
"$BIN" -q --threads 2 --communities louvain -f dot,json -o "$WORK/st0.dot" "$corpus"
cmp -s "$WORK/st.dot" "$WORK/st0.dot" && cmp -s "$WORK/st.json" "$WORK/st0.json" \
  && ok "--stats leaves the graph's bytes as they are" || fail "--stats changed the graph"
run "$BIN" extract -q --stats --threads 2 -o "$WORK/st.tsv" "$corpus"
expect_rc "extract --stats" 0
expect_err "extract --stats" '^entgraph: where the time went \(extract, 2 threads\)$'
expect_err "extract --stats shows the reading" '^  reading, extracting, writing +[0-9.]+ s  [0-9]+ documents?, '
"$BIN" extract -q --threads 2 -o "$WORK/st0.tsv" "$corpus"
cmp -s "$WORK/st.tsv" "$WORK/st0.tsv" && ok "extract --stats leaves the TSV as it is" || fail "extract --stats changed the TSV"
run "$BIN" count -q --stats -o "$WORK/st.egc" "$corpus"
expect_rc "count --stats" 0
expect_err "count --stats shows the writing of the partial counts" '^  writing the partial counts +[0-9.]+ s'
"$BIN" count -q -o "$WORK/st0.egc" "$corpus"
cmp -s "$WORK/st.egc" "$WORK/st0.egc" && ok "count --stats leaves the partial counts as they are" || fail "count --stats changed the .egc"
run "$BIN" docs --stats "$seed"; expect_rc "docs has no --stats (a usage error)" 1

finish
