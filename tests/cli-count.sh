#!/usr/bin/env bash
# Partial counts: counting a corpus in parts and merging them gives byte for byte the counts
# of one run, for random splits, in any merge order, through sort (a Hadoop Streaming
# reducer sees sorted lines), and with any thread count.
. "$(dirname "$0")/cli-lib.sh"
seed="$SRC/tests/data/seed-scoop.txt"
docs="$WORK/docs"
mkdir -p "$docs"
cp "$seed" "$docs/"
if [ -d "$SHARED/corpus/cables" ]; then
  ls "$SHARED"/corpus/cables/*.txt | awk 'NR % 23 == 0' | head -300 | xargs -I{} cp {} "$docs/"
fi
n=$(ls "$docs" | wc -l)
run "$BIN" count -q -o "$WORK/all.egc" "$docs"
expect_rc "count over $n documents" 0
head -1 "$WORK/all.egc" | grep -q "^EGC	1	level	paragraph	evidence_cap	5$" && ok "versioned header" || fail "header: $(head -1 "$WORK/all.egc")"

for trial in 1 2 3; do
  parts=$((trial + 1))
  rm -rf "$WORK/split"; mkdir -p "$WORK/split"
  i=0
  for f in $(ls "$docs" | shuf --random-source=<(yes $trial)); do
    p=$((i % parts)); mkdir -p "$WORK/split/$p"; cp "$docs/$f" "$WORK/split/$p/"; i=$((i + 1))
  done
  for p in $(seq 0 $((parts - 1))); do
    "$BIN" count -q --threads $((p % 2 + 1)) -o "$WORK/part$p.egc" "$WORK/split/$p"
  done
  "$BIN" merge -o "$WORK/merged.egc" $(ls "$WORK"/part*.egc | sort -r)
  cmp -s "$WORK/all.egc" "$WORK/merged.egc" && ok "split $trial into $parts parts, merged in reverse: the same counts" || fail "split $trial: merged counts differ: $(diff "$WORK/all.egc" "$WORK/merged.egc" | head -5)"
  cat "$WORK"/part*.egc | LC_ALL=C sort | "$BIN" merge -o "$WORK/sorted.egc" -
  cmp -s "$WORK/all.egc" "$WORK/sorted.egc" && ok "split $trial through sort and merge -: the same counts" || fail "split $trial: sorted merge differs"
  rm -f "$WORK"/part*.egc
done

# A mapper reading paths from standard input (Hadoop Streaming) and a reducer.
ls "$docs"/* | "$BIN" count -q --files-from - -o "$WORK/mapped.egc"
cmp -s "$WORK/all.egc" "$WORK/mapped.egc" && ok "count --files-from - equals count DIR" || fail "--files-from differs"

# GNU parallel, as the README shows it: paths cut into blocks, one count per block on as
# many jobs as there are cores (with -S host1,host2 the blocks go to other machines), the
# parts merged, the graph drawn from the merged counts: the graph of one run.
if command -v parallel >/dev/null; then
  rm -f "$WORK"/par*.egc
  (cd "$WORK" && ls "$docs"/* | parallel --will-cite --pipe -N 40 -j 2 \
     "'$BIN' count -q --files-from - -o par{#}.egc")
  nparts=$(ls "$WORK"/par*.egc 2>/dev/null | wc -l)
  [ "$nparts" -gt 1 ] && ok "parallel wrote $nparts partial counts" || fail "parallel wrote $nparts partial counts"
  "$BIN" merge -o "$WORK/par-all.egc" "$WORK"/par*.egc
  cmp -s "$WORK/all.egc" "$WORK/par-all.egc" && ok "counts made by GNU parallel merge to those of one run" || fail "GNU parallel counts differ: $(diff "$WORK/all.egc" "$WORK/par-all.egc" | head -3)"
  "$BIN" -q -o "$WORK/one.dot" "$docs"
  "$BIN" -q -o "$WORK/par.dot" "$WORK/par-all.egc"
  # (a run over documents also records how it read them: dictionaries, rules, files read)
  strip_run () { grep -vE '^\s+(default_dicts|dictionary_entities|documents_read|rules)=' "$1"; }
  cmp -s <(strip_run "$WORK/one.dot") <(strip_run "$WORK/par.dot") && ok "the graph from the parallel counts is the graph of one run" || fail "graphs differ: $(diff "$WORK/one.dot" "$WORK/par.dot" | head -5)"
else
  ok "# SKIP GNU parallel is not installed (scripts/setup installs it)"
fi

# Bad partial files.
printf 'not a count file\n' > "$WORK/bad.egc"
run "$BIN" merge -o "$WORK/x.egc" "$WORK/bad.egc"
expect_rc "merge refuses a file that is not partial counts" 2
expect_err "the message names the file and line" "bad.egc:1: not an entgraph partial-count file"
[ ! -e "$WORK/x.egc" ] && ok "no output from a failed merge" || fail "a failed merge wrote output"
"$BIN" count -q --window sentence -o "$WORK/sent.egc" "$seed"
run "$BIN" merge -o "$WORK/x.egc" "$WORK/all.egc" "$WORK/sent.egc"
expect_rc "merge refuses counts of another window level" 2
expect_err "the message says why" "cannot be added"
finish
