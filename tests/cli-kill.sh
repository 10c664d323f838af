#!/usr/bin/env bash
# Killing entgraph at any moment leaves the old output or the new one, never half of one:
# runs over many cables are killed with SIGKILL at random points, and what stands at the
# output path must be the old file or a DOT file Graphviz reads whole.
. "$(dirname "$0")/cli-lib.sh"
seed="$SRC/tests/data/seed-scoop.txt"
docs="$WORK/docs"
mkdir -p "$docs"
if [ -d "$SHARED/corpus/cables" ]; then
  ls "$SHARED"/corpus/cables/*.txt | awk 'NR % 4 == 0' | xargs -I{} cp {} "$docs/"
else
  for i in $(seq 1 400); do cp "$seed" "$docs/c$i.txt"; done
fi
out="$WORK/graph.dot"
RANDOM=7
for trial in 1 2 3 4 5 6; do
  echo "OLD" > "$out"
  "$BIN" -q -o "$out" --format dot,json "$docs" 2>/dev/null &
  pid=$!
  sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
  [ $trial -gt 4 ] && sleep $((trial - 3))
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if [ "$(cat "$out")" = "OLD" ]; then
    ok "kill $trial: the old file is still there, whole"
  elif dot_reads "$out" && tail -c 3 "$out" | grep -q "}"; then
    ok "kill $trial: the new file is there, whole (Graphviz reads it)"
  else
    fail "kill $trial: a broken file at the output path: $(tail -c 200 "$out")"
  fi
  json="${out%.dot}.json"
  if [ -e "$json" ]; then
    python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$json" && ok "kill $trial: the JSON beside it is whole" || fail "kill $trial: broken JSON"
    rm -f "$json"
  fi
done
finish
