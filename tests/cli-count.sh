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
# Counts of several mebibytes to a full device: the first piece's error is the one said.
if [ -c /dev/full ]; then
  run "$BIN" count -q -o /dev/full "$docs"
  expect_rc "count of $n documents to /dev/full fails" 2
  expect_err "the message names the device" "^entgraph: error: /dev/full: No space left on device$"
  [ "$(grep -c . "$WORK/err")" -eq 1 ] && ok "one message, not one a piece" || fail "messages: $(cat "$WORK/err")"
fi

# A hand-written file: escaped tabs, backslashes and line breaks come back as written, and
# counts up to 2^64 - 1 are read; a sign, a space, a letter or 2^64 in a count, or broken
# UTF-8 past the first eight bytes of a line, are refused with the file and line.
hand () { # FILE N_COUNT E_FRACTIONAL V_LABEL
  printf 'EGC\t1\tlevel\tparagraph\tevidence_cap\t5\nT\t1\t1\t2\t0\t0\nN\ta\tORG\tA\\tB\\\\C\\nD\t%s\t1\t1\t\nN\tb\tORG\t%s\t1\t1\t1\t2006-01-02\nE\ta\tb\t1\t1\t%s\t\nV\ta\tb\tdoc\t0\t1\tx\\ny\\\\z\\r\n' "$2" "$4" "$3" > "$1"
}
hand "$WORK/hand.egc" 1 18446744073709551615 B
run "$BIN" merge -o "$WORK/hand-out.egc" "$WORK/hand.egc"
expect_rc "merge reads a hand-written file" 0
cmp -s "$WORK/hand.egc" "$WORK/hand-out.egc" && ok "escapes and the largest count written back as read" || fail "hand-written file changed: $(diff "$WORK/hand.egc" "$WORK/hand-out.egc" | head -5)"
for bad in "+1" " 1" "1x" "" "-1"; do
  hand "$WORK/bad-n.egc" "$bad" 1 B
  run "$BIN" merge -o "$WORK/x.egc" "$WORK/bad-n.egc"
  expect_rc "a count of \"$bad\" is refused" 2
  expect_err "and the message names the line" "bad-n.egc:3: N wants"
done
hand "$WORK/bad-e.egc" 1 18446744073709551616 B
run "$BIN" merge -o "$WORK/x.egc" "$WORK/bad-e.egc"
expect_rc "a count of 2^64 is refused" 2
expect_err "and the message names the line" "bad-e.egc:5: E wants"
hand "$WORK/bad-u.egc" 1 1 "$(printf 'Long label \xff')"
run "$BIN" merge -o "$WORK/x.egc" "$WORK/bad-u.egc"
expect_rc "broken UTF-8 late in a line is refused" 2
expect_err "and the message names the line" "bad-u.egc:4: invalid UTF-8"
[ ! -e "$WORK/x.egc" ] && ok "no output from the refused files" || fail "a refused file gave output"
finish
