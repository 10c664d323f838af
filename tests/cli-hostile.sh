#!/usr/bin/env bash
# The hostile-input suite (tests/hostile.py): every file runs with its documented exit
# status, no sanitizer report, and no output left behind when the run fails; when it
# succeeds Graphviz reads the DOT.
. "$(dirname "$0")/cli-lib.sh"
seed="$SRC/tests/data/seed-scoop.txt"
python3 "$SRC/tests/hostile.py" "$seed" "$WORK/h" > "$WORK/manifest"
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
    [ ! -e "$out" ] || fail "$name: output written by a failed run"
  elif ! dot_reads "$out"; then
    fail "$name: Graphviz cannot read the DOT"
  fi
  ls -a "$WORK" | grep -q '\.tmp-' && fail "$name: a temp file left behind"
  rm -f "$out"
done < "$WORK/manifest"
finish
