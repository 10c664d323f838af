#!/usr/bin/env bash
# The hostile-input suite (tests/hostile.py), on the seed and on a dump of three cables:
# every file runs with its documented exit status, no sanitizer report, and no output left
# behind when the run fails (a dump's good cables are read, as a folder's good files are);
# when it succeeds Graphviz reads the DOT.
. "$(dirname "$0")/cli-lib.sh"
seed="$SRC/tests/data/seed-scoop.txt"
python3 "$SRC/tests/hostile.py" "$seed" "$WORK/h" > "$WORK/manifest"
# the same damage done to a dump: the seed and two telegrams after it, one file
{ cat "$seed" "$SRC/tests/data/docs/cable-pagebreak.txt"; sed 's/#6871/#6872/' "$SRC/tests/data/docs/cable-pagebreak.txt"; } > "$WORK/dump.txt"
python3 "$SRC/tests/hostile.py" "$WORK/dump.txt" "$WORK/h-dump" | sed 's/^/dump-/' >> "$WORK/manifest"
for f in "$WORK"/h-dump/*; do mv "$f" "$WORK/h/dump-$(basename "$f")"; done
while IFS=$'\t' read -r name kind want what; do
  out="$WORK/out-$name.dot"
  if [ "$kind" = doc ]; then
    run timeout 300 "$BIN" -q -o "$out" "$WORK/h/$name"
  else
    run timeout 300 "$BIN" -q --dict "$WORK/h/$name" -o "$out" "$seed"
  fi
  if [ "$rc" -eq "$want" ]; then ok "$name ($what): exit $rc"; else fail "$name ($what): exit $want expected, got $rc: $(head -c 300 "$WORK/err")"; fi
  if grep -qE "AddressSanitizer|LeakSanitizer|runtime error:" "$WORK/err"; then
    fail "$name: sanitizer report: $(grep -m2 -E 'Sanitizer|runtime error' "$WORK/err")"
  fi
  if [ "$rc" -ne 0 ]; then
    [ -s "$WORK/err" ] && ok "$name: a message" || fail "$name: failed without a message"
    case $name in
      dump-*) # the dump's other cables are read, as a folder's other files are
        [ ! -e "$out" ] || dot_reads "$out" || fail "$name: Graphviz cannot read the DOT" ;;
      *) [ ! -e "$out" ] || fail "$name: output written by a failed run" ;;
    esac
  elif ! dot_reads "$out"; then
    fail "$name: Graphviz cannot read the DOT"
  fi
  ls -a "$WORK" | grep -q '\.tmp-' && fail "$name: a temp file left behind"
  rm -f "$out"
done < "$WORK/manifest"
finish
