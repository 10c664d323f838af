#!/usr/bin/env bash
# The command line on good input: the seed cable end to end, read back by Graphviz itself,
# the extract TSV as the scorer reads it, and the whole corpus when it is there.
. "$(dirname "$0")/cli-lib.sh"
seed="$SRC/tests/data/seed-scoop.txt"

run "$BIN" -o "$WORK/seed.dot" --render svg "$seed"
expect_rc "the seed to DOT and SVG" 0
expect_no_sanitizer "seed graph"
if dot -Tsvg "$WORK/seed.dot" -o "$WORK/check.svg" 2>"$WORK/doterr"; then ok "Graphviz parses the DOT"; else fail "dot -Tsvg failed: $(cat "$WORK/doterr")"; fi
grep -q "<svg" "$WORK/seed.svg" && ok "--render svg wrote an SVG beside the DOT" || fail "no SVG"

nodes=$(gvpr 'N{print($.name)}' "$WORK/seed.dot" | sort)
edges=$(gvpr 'E{printf("%s %s\n", $.tail.name, $.head.name)}' "$WORK/seed.dot")
for id in AGENCY:mx-sre GROUP:ngos GROUP:un-agencies PERSON:nemecio-lugo AGENCY:mx-government; do
  echo "$nodes" | grep -qx "$id" && ok "seed node $id" || fail "seed graph lacks node $id; has: $(echo $nodes)"
done
echo "$nodes" | grep -qiE "police" && ok "seed node for the federal police" || fail "no federal police node"
for bad in scoop advertisement headlines newsletter; do
  echo "$nodes" | grep -qi "$bad" && fail "a node from the web page: $bad" || ok "no node from the page's '$bad'"
done
has_edge () { echo "$edges" | grep -qE "^($1 $2|$2 $1)$"; }
has_edge AGENCY:mx-sre GROUP:ngos && ok "paragraph edge SRE -- NGOs" || fail "no SRE -- NGOs edge"
has_edge AGENCY:mx-sre GROUP:un-agencies && ok "paragraph edge SRE -- UN agencies" || fail "no SRE -- UN agencies edge"
sre_mentions=$(gvpr 'N[$.name=="AGENCY:mx-sre"]{print($.mentions)}' "$WORK/seed.dot")
[ "${sre_mentions:-0}" -ge 5 ] && ok "the SRE is found as its long form and as SRE ($sre_mentions mentions)" || fail "SRE mentions: ${sre_mentions:-none}"

# Options recorded as graph attributes.
grep -q 'window=paragraph' "$WORK/seed.dot" && ok "the window is recorded in the graph" || fail "no window attribute"

# A named pipe (like a device: -o /dev/null) is written as it is; a temp file renamed over
# it would have replaced it with a plain file.
mkfifo "$WORK/pipe"
timeout 60 cat "$WORK/pipe" > "$WORK/piped.dot" &
reader=$!
run "$BIN" -q -o "$WORK/pipe" "$seed"
wait "$reader"
expect_rc "the graph to a named pipe" 0
[ -p "$WORK/pipe" ] && ok "the named pipe is still a pipe" || fail "the named pipe was replaced by a file"
cmp -s "$WORK/piped.dot" "$WORK/seed.dot" && ok "the pipe carried the DOT written to a file" || fail "the DOT through the pipe differs from the file's"
ls -a "$WORK" | grep -q '\.tmp-' && fail "a temp file was left: $(ls -a "$WORK" | grep '\.tmp-')" || ok "no temp file left beside the pipe"

# A symbolic link keeps pointing at the file, which gets the graph; /dev/fd/1 names the
# descriptor the shell opened (here a file), which is written, not replaced.
echo old > "$WORK/real.dot"
ln -s real.dot "$WORK/link.dot"
run "$BIN" -q -o "$WORK/link.dot" "$seed"
expect_rc "the graph through a symbolic link" 0
[ -L "$WORK/link.dot" ] && cmp -s "$WORK/real.dot" "$WORK/seed.dot" && ok "the link stays a link and its file holds the DOT" || fail "the link was replaced, or its file lacks the DOT"
run "$BIN" -q -o /dev/fd/1 "$seed"
expect_rc "the graph to /dev/fd/1" 0
cmp -s "$WORK/out" "$WORK/seed.dot" && ok "/dev/fd/1 carried the DOT" || fail "/dev/fd/1: $(head -c 300 "$WORK/err")"

# A device that refuses the bytes: the write error is said with the device's name, the exit
# is not 0, and the device is still a device (a temp file renamed over it replaced it).
# The partial counts are written a mebibyte at a time: their error is caught too.
if [ -c /dev/full ]; then
  for cmd in "" count; do
    run "$BIN" $cmd -q -o /dev/full "$seed"
    [ "$rc" -ne 0 ] && ok "${cmd:-graph} -o /dev/full fails (exit $rc)" || fail "${cmd:-graph} -o /dev/full exited 0"
    expect_err "${cmd:-graph}: the message names the device and the error" "/dev/full: No space left on device"
    [ -c /dev/full ] && ok "${cmd:-graph}: /dev/full is still a device" || fail "${cmd:-graph} replaced /dev/full"
  done
else
  ok "# SKIP no /dev/full"
fi

# A DOT of several mebibytes: with two threads its buffers are handed to the file by a
# writer thread. The same bytes as one thread writes; a device that refuses them midway
# stops the run with the device's error, not a half-written graph that looks whole.
python3 - "$WORK/many.txt" "$WORK/many-names.txt" <<'PY'
import sys
names = ["Alpha Bureau %03d" % i for i in range(260)]
open(sys.argv[2], "w").write("\n".join(names) + "\n")
with open(sys.argv[1], "w") as f:
    for i in range(0, len(names), 4):
        f.write("In a long sentence about the matter %s met %s, %s and %s again.\n"
                % tuple(names[i:i + 4]))
PY
many=(-q --no-default-dicts --no-rules --dict "$WORK/many-names.txt" --window document)
run "$BIN" "${many[@]}" --threads 1 -o "$WORK/many1.dot" "$WORK/many.txt"
expect_rc "a graph of 260 names in one window, one thread" 0
run "$BIN" "${many[@]}" --threads 2 -o "$WORK/many2.dot" "$WORK/many.txt"
expect_rc "the same, two threads" 0
size=$(stat -c %s "$WORK/many2.dot")
[ "$size" -gt $((4 << 20)) ] && ok "its DOT is $size bytes, more than the writer's buffers" || fail "DOT of only $size bytes"
cmp -s "$WORK/many1.dot" "$WORK/many2.dot" && ok "the writer thread writes the same bytes" || fail "the DOT differs with a writer thread"
tail -c 3 "$WORK/many2.dot" | grep -q '}' && ok "the DOT is whole (it ends with its closing brace)" || fail "the DOT ends $(tail -c 40 "$WORK/many2.dot")"
if [ -c /dev/full ]; then
  run "$BIN" "${many[@]}" --threads 2 -o /dev/full "$WORK/many.txt"
  expect_rc "a large DOT to /dev/full through the writer thread" 2
  expect_err "its message names the device and the error" "^entgraph: error: /dev/full: No space left on device$"
fi

# extract: the exact header, offsets into the original file, surfaces as written.
run "$BIN" extract "$seed"
expect_rc "extract on the seed" 0
[ "$(head -1 "$WORK/out")" = "$(printf 'doc\tstart\tend\tentity\ttype\tsurface\trule\tparagraph')" ] && ok "extract header" || fail "extract header: $(head -1 "$WORK/out")"
bad_offsets=$(python3 - "$seed" "$WORK/out" <<'PY'
import sys, re
data = open(sys.argv[1], 'rb').read()
bad = 0
for line in list(open(sys.argv[2], encoding='utf-8'))[1:]:
    doc, s, e, ent, typ, surf = line.rstrip('\n').split('\t')[:6]
    orig = re.sub(r'\s+', ' ', data[int(s):int(e)].decode('utf-8')).strip()
    if orig != surf and not orig.startswith(surf.split(' ')[0]):
        bad += 1
        print(f"{s}-{e}: {orig!r} vs {surf!r}", file=sys.stderr)
print(bad)
PY
)
[ "$bad_offsets" = "0" ] && ok "every mention's offsets point at its surface in the file" || fail "$bad_offsets mentions with wrong offsets"
grep -q "^06MEXICO4964	" "$WORK/out" && ok "the doc column is the reference id" || fail "doc column: $(sed -n 2p "$WORK/out" | cut -f1)"

# docs: the header fields.
run "$BIN" docs "$seed"
expect_rc "docs on the seed" 0
expect_out "docs line for the seed" "^06MEXICO4964	2006-09-01T20:04Z	AMEMBASSY MEXICO	UNCLASSIFIED	PHUM PREL PGOV MX	MEXICAN GOVERNMENT HELD TIP MEETING WITH CIVIL SOCIETY ORGANIZATIONS	BASSETT	4	"
# A tab, a line feed and a carriage return in a file name stay inside their cell, as spaces.
odd="$WORK/odd	name
x"$'\r'"y.txt"
cp "$seed" "$odd"
run "$BIN" docs "$odd"
expect_rc "docs on a file named with a tab and line breaks" 0
[ "$(wc -l < "$WORK/out")" = 2 ] && [ "$(sed -n 2p "$WORK/out" | awk -F'\t' '{print NF}')" = 10 ] \
  && ok "that name is one cell of one line" || fail "docs on an odd name: $(cat -A "$WORK/out" | tail -2)"
grep -q "odd name x y.txt" "$WORK/out" && ok "its tab and line breaks became spaces" \
  || fail "odd name cell: $(cut -f9 "$WORK/out" | tail -1)"
rm -f "$odd"

# Determinism: the same input twice gives the same bytes.
"$BIN" -q -o "$WORK/again.dot" "$seed"
cmp -s "$WORK/seed.dot" "$WORK/again.dot" && ok "byte-identical output across runs" || fail "two runs differ"

# Input order does not matter: files named in two orders give the same bytes.
if [ -d "$SHARED/corpus/cables" ]; then
  set -- "$SHARED"/corpus/cables/06MEXICO1311.txt "$SHARED"/corpus/cables/06MEXICO6871.txt "$seed"
  "$BIN" -q -o "$WORK/order1.dot" "$1" "$2" "$3"
  "$BIN" -q -o "$WORK/order2.dot" "$3" "$2" "$1"
  cmp -s "$WORK/order1.dot" "$WORK/order2.dot" && ok "byte-identical output for any order of the input files" || fail "input order changes the output: $(diff "$WORK/order1.dot" "$WORK/order2.dot" | head -4)"
fi

# A dump of many cables in one file reads as those cables one by one: the same graph, byte
# for byte, on one thread or two (the dump is larger than a part, PART in cli/pipeline.c).
if [ -d "$SHARED/corpus/cables" ]; then
  mkdir -p "$WORK/one" "$WORK/many"
  # the first 800 cables that open with a telegram line (7 MB), and their offsets in the dump
  # (leaving out a copy of the telegram just before, under another name: a dump reads
  # the two as one cable)
  n=0; off=0; de_before=; : > "$WORK/offsets"
  for f in "$SHARED"/corpus/cables/*.txt; do
    head -c 5 "$f" | grep -q '^VZCZC' || continue
    de=$(grep -m1 '^DE ' "$f")
    [ "$de" = "$de_before" ] && continue
    de_before=$de
    cp "$f" "$WORK/one/"
    printf '%s\t%s\n' "$off" "$(basename "$f")" >> "$WORK/offsets"
    off=$((off + $(wc -c < "$f")))
    n=$((n + 1)); [ "$n" -ge 800 ] && break
  done
  cat "$WORK"/one/*.txt > "$WORK/dump.txt"
  "$BIN" docs "$WORK/dump.txt" > "$WORK/dump-docs.tsv"
  [ "$(tail -n +2 "$WORK/dump-docs.tsv" | wc -l)" = 800 ] && ok "a dump of 800 cables is 800 documents" \
    || fail "a dump of 800 cables gave $(tail -n +2 "$WORK/dump-docs.tsv" | wc -l) documents"
  # a cable without an id is named by where it begins in the dump: leave those few out
  for at in $(cut -f1 "$WORK/dump-docs.tsv" | sed -n 's/^dump@//p'); do
    rm -f "$WORK/one/$(awk -F'\t' -v at="$at" '$1 == at {print $2}' "$WORK/offsets")"
  done
  cat "$WORK"/one/*.txt > "$WORK/dump.txt"
  "$BIN" -q --threads 2 -o "$WORK/one.dot" "$WORK/one"
  "$BIN" -q --threads 1 -o "$WORK/dump1.dot" "$WORK/dump.txt"
  "$BIN" -q --threads 2 -o "$WORK/dump2.dot" "$WORK/dump.txt"
  k=$(ls "$WORK/one" | wc -l)
  cmp -s "$WORK/one.dot" "$WORK/dump1.dot" && ok "the graph of a dump of $k cables is theirs, one by one" \
    || fail "a dump's graph differs: $(diff "$WORK/one.dot" "$WORK/dump1.dot" | head -4)"
  cmp -s "$WORK/dump1.dot" "$WORK/dump2.dot" && ok "a dump gives the same graph on one thread and on two" \
    || fail "a dump's graph depends on the threads"
  # extract's offsets are the dump's: each mention's bytes there begin with its surface
  "$BIN" extract -q "$WORK/dump.txt" > "$WORK/dump.tsv"
  run python3 - "$WORK/dump.txt" "$WORK/dump.tsv" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
lines = open(sys.argv[2], encoding='utf-8').read().splitlines()[1:]
def at(l):  # the mention's bytes without white space ("al- \nQaida" is "al-Qaida")
    f = l.split('\t')
    return ''.join(data[int(f[1]):int(f[2])].decode('utf-8', 'replace').split())
bad = [l for l in lines if not at(l).startswith(l.split('\t')[5].split()[0])]
print(len(lines), 'mentions', len(bad), 'elsewhere', bad[:3])
sys.exit(1 if bad or len(lines) < 1000 else 0)
PY
  expect_rc "extract's offsets in a dump point at the mentions ($(cat "$WORK/out"))" 0
  # the same cables read from standard input, a stream cut in parts as the file is
  "$BIN" -q --threads 2 -o "$WORK/dump-in.dot" - < "$WORK/dump.txt"
  cmp -s "$WORK/dump1.dot" "$WORK/dump-in.dot" && ok "a dump on standard input gives that graph" \
    || fail "a dump on standard input differs: $(diff "$WORK/dump1.dot" "$WORK/dump-in.dot" | head -4)"
  cat "$WORK/dump.txt" | "$BIN" -q --threads 1 -o "$WORK/dump-in1.dot" -
  cmp -s "$WORK/dump1.dot" "$WORK/dump-in1.dot" && ok "and from a pipe, on one thread" \
    || fail "a dump from a pipe differs: $(diff "$WORK/dump1.dot" "$WORK/dump-in1.dot" | head -4)"
else
  ok "# SKIP the shared corpus is absent"
fi

# A large file of text without cables (11 MiB of paragraphs naming the seed's entities) is
# read in chunks that begin where paragraphs do: 3 documents, named by where they begin; the
# same graph on one thread and on two, and from a pipe. (That a paragraph is never cut, so
# that sentence and paragraph links are those of one document, test-doc checks.)
python3 - "$WORK/articles.txt" <<'PY'
import random, sys
random.seed(6)
names = ["the Secretariat of Foreign Relations", "the SRE", "the Federal Police",
         "Nemecio Lugo", "the UN agencies", "civil society organizations", "the GOM"]
with open(sys.argv[1], "w") as f:
    n = 0
    while n < 11 << 20:
        p = "Officials of %s met %s and %s.\nThey spoke for an hour.\n\n" % tuple(random.sample(names, 3))
        f.write(p); n += len(p)
PY
"$BIN" docs "$WORK/articles.txt" > "$WORK/articles-docs.tsv"
[ "$(tail -n +2 "$WORK/articles-docs.tsv" | cut -f1 | grep -c '^articles@[0-9]*$')" = 3 ] \
  && ok "11 MiB of text without cables is read as 3 chunks, named by where they begin" \
  || fail "the chunks of a large text: $(cut -f1 "$WORK/articles-docs.tsv" | tr '\n' ' ')"
"$BIN" -q --threads 1 -o "$WORK/art1.dot" "$WORK/articles.txt"
"$BIN" -q --threads 2 -o "$WORK/art2.dot" "$WORK/articles.txt"
cat "$WORK/articles.txt" | "$BIN" -q --threads 2 -o "$WORK/art-in.dot" -
cmp -s "$WORK/art1.dot" "$WORK/art2.dot" && ok "the chunks' graph on one thread and on two is the same" \
  || fail "the chunks' graph depends on the threads"
# (its documents are named after "-", standard input)
sed -E 's/(^|["[:space:]])-@([0-9])/\1articles@\2/g' "$WORK/art-in.dot" > "$WORK/art-in.cmp"
cmp -s "$WORK/art1.dot" "$WORK/art-in.cmp" && ok "and from a pipe, cut where the file is" \
  || fail "a large text from a pipe differs: $(diff "$WORK/art1.dot" "$WORK/art-in.cmp" | head -4)"

# The scorer reads extract's output (when the shared evaluation material is there).
if [ -d "$SHARED/eval/dev" ] && [ -d "$SHARED/corpus/cables" ]; then
  mkdir -p "$WORK/dev"
  for f in "$SHARED"/eval/dev/*.tsv; do d=$(basename "$f" .tsv); [ -f "$SHARED/corpus/cables/$d.txt" ] && cp "$SHARED/corpus/cables/$d.txt" "$WORK/dev/"; done
  cp "$seed" "$WORK/dev/"
  "$BIN" extract -q "$WORK/dev" > "$WORK/dev.tsv"
  run python3 "$SHARED/eval/score.py" "$SHARED/eval/dev" "$WORK/dev.tsv"
  expect_rc "score.py reads extract's output" 0
  expect_out "score.py prints a named F1" "^named F1 [0-9.]+"
  # The whole corpus: no error on any of the cables.
  run "$BIN" extract -q "$SHARED/corpus/cables"
  expect_rc "extract over the whole corpus" 0
  n=$(cut -f1 "$WORK/out" | sort -u | wc -l)
  [ "$n" -gt 6000 ] && ok "mentions from $n documents of the corpus" || fail "only $n documents with mentions"
else
  ok "# SKIP the shared corpus is absent"
fi

finish
