#!/usr/bin/env bash
# Compiled dictionaries: a run that maps the image writes what a run that loads the files
# writes; the image is built once, rebuilt when a dictionary file changes, rebuilt after
# damage with a warning, and a cache that cannot be written costs a warning, not the run.
. "$(dirname "$0")/cli-lib.sh"
seed="$SRC/tests/data/seed-scoop.txt"
cache="$WORK/cache"
list="$WORK/names.txt"
cp "$SRC/tests/data/dicts/names.txt" "$list"
echo "Mexican Government Purchases" >> "$list" # in no cable: a name that changes nothing
inode () { ls -i "$1" | cut -d' ' -f1; }

run "$BIN" -q --no-dict-cache --dict "$list" -o "$WORK/plain.dot" "$seed"
expect_rc "graph from the dictionary files" 0
run "$BIN" -q --dict-cache "$cache" --dict "$list" -o "$WORK/first.dot" "$seed"
expect_rc "graph that compiles the dictionaries" 0
images=$(ls "$cache"/*.egd 2>/dev/null | wc -l)
[ "$images" -eq 1 ] && ok "one image in the cache folder" || fail "$images images in $cache"
image=$(ls "$cache"/*.egd | head -1)
cmp -s "$WORK/plain.dot" "$WORK/first.dot" && ok "the compiling run writes the same graph" || fail "graphs differ: $(diff "$WORK/plain.dot" "$WORK/first.dot" | head -5)"
before=$(inode "$image")
run "$BIN" -q --dict-cache "$cache" --dict "$list" -o "$WORK/mapped.dot" "$seed"
cmp -s "$WORK/plain.dot" "$WORK/mapped.dot" && ok "the run that maps the image writes the same graph" || fail "graphs differ: $(diff "$WORK/plain.dot" "$WORK/mapped.dot" | head -5)"
[ "$(inode "$image")" = "$before" ] && ok "an up-to-date image is not rebuilt" || fail "the image was rebuilt"
"$BIN" extract -q --no-dict-cache --dict "$list" "$seed" > "$WORK/plain.tsv"
"$BIN" extract -q --dict-cache "$cache" --dict "$list" "$seed" > "$WORK/mapped.tsv"
[ -s "$WORK/plain.tsv" ] && cmp -s "$WORK/plain.tsv" "$WORK/mapped.tsv" && ok "extract: the same mentions from the image" || fail "mentions differ: $(diff "$WORK/plain.tsv" "$WORK/mapped.tsv" | head -5)"

# A changed dictionary file: the image is stale and built again, and the graph shows it.
echo "Secretariat of Public Security" >> "$list"
run "$BIN" -q --dict-cache "$cache" --dict "$list" -o "$WORK/changed.dot" "$seed"
"$BIN" -q --no-dict-cache --dict "$list" -o "$WORK/changed-plain.dot" "$seed"
[ "$(inode "$image")" != "$before" ] && ok "a changed dictionary rebuilds the image" || fail "the stale image was used"
! cmp -s "$WORK/changed.dot" "$WORK/plain.dot" && cmp -s "$WORK/changed.dot" "$WORK/changed-plain.dot" && ok "the rebuilt image holds the change" || fail "graph after the change: $(diff "$WORK/changed.dot" "$WORK/changed-plain.dot" | head -5)"
[ "$(ls "$cache"/*.egd | wc -l)" -eq 1 ] && ok "the stale image is replaced, not kept beside" || fail "images pile up: $(ls "$cache")"

# Damage: a warning naming the image, the dictionaries compiled again, the same graph.
head -c 5000 /dev/urandom > "$image"
run "$BIN" --dict-cache "$cache" --dict "$list" -o "$WORK/damaged.dot" "$seed"
expect_rc "a damaged image does not stop the run" 0
expect_err "a warning names the damaged image" "$(basename "$image").*compiling the dictionaries again"
cmp -s "$WORK/damaged.dot" "$WORK/changed-plain.dot" && ok "the graph after damage is right" || fail "graph after damage differs"
run "$BIN" --dict-cache "$cache" --dict "$list" -o "$WORK/again.dot" "$seed"
! grep -q "compiling" "$WORK/err" && ok "the repaired image is used quietly" || fail "still rebuilding: $(cat "$WORK/err")"

# A cache folder that cannot be made: a warning, and the run goes on.
touch "$WORK/file"
run "$BIN" --dict-cache "$WORK/file/sub" --dict "$list" -o "$WORK/nocache.dot" "$seed"
expect_rc "an unusable cache folder does not stop the run" 0
expect_err "a warning says the image was not saved" "compiled dictionary not saved: .*file/sub"
cmp -s "$WORK/nocache.dot" "$WORK/changed-plain.dot" && ok "the same graph without a cache" || fail "graph without a cache differs"

# A dictionary file that is missing is the usual error, cache or not.
run "$BIN" --dict-cache "$cache" --dict "$WORK/missing.txt" -o "$WORK/x.dot" "$seed"
expect_rc "a missing dictionary fails" 2
expect_err "the message names it" "missing.txt"
[ ! -e "$WORK/x.dot" ] && ok "no graph from a failed run" || fail "a failed run wrote a graph"

# Without --dict-cache, only large dictionaries are compiled, into $ENTGRAPH_CACHE_DIR.
auto="$WORK/auto"
ENTGRAPH_CACHE_DIR="$auto" "$BIN" -q --dict "$list" -o "$WORK/small.dot" "$seed"
[ ! -d "$auto" ] && ok "a small dictionary is loaded, not compiled" || fail "a small dictionary was compiled: $(ls "$auto")"
seq 1 60000 | sed 's/^/Bureau of Numbered Affairs /' > "$WORK/big.txt" # 1.8 MB
ENTGRAPH_CACHE_DIR="$auto" "$BIN" -q --dict "$WORK/big.txt" --dict "$list" -o "$WORK/big.dot" "$seed"
[ "$(ls "$auto"/*.egd 2>/dev/null | wc -l)" -eq 1 ] && ok "a dictionary of 1 MiB or more is compiled into \$ENTGRAPH_CACHE_DIR" || fail "no image in $auto"
ENTGRAPH_CACHE_DIR="$auto" "$BIN" -q --no-dict-cache --dict "$WORK/big.txt" --dict "$list" -o "$WORK/big-plain.dot" "$seed"
cmp -s "$WORK/big.dot" "$WORK/big-plain.dot" && ok "the same graph with the large dictionary" || fail "graphs differ with the large dictionary"
# Load warnings: the first ten, then how many more; 'dicts check' lists every one.
for i in $(seq 1 15); do echo "Acme Holdings"; done > "$WORK/twice.txt"
run "$BIN" extract --no-dict-cache --dict "$WORK/twice.txt" "$seed"
[ "$(grep -c 'already an alias' "$WORK/err")" -eq 10 ] && ok "ten load warnings are printed" || fail "load warnings printed: $(grep -c 'already an alias' "$WORK/err")"
expect_err "then how many more" "4 more aliases are claimed twice"
run "$BIN" dicts check --no-dict-cache --dict "$WORK/twice.txt"
[ "$(grep -c '^ambiguous: ' "$WORK/out")" -eq 14 ] && ok "dicts check lists all 14" || fail "dicts check listed $(grep -c '^ambiguous: ' "$WORK/out")"
finish
