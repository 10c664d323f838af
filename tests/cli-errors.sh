#!/usr/bin/env bash
# The command line on bad input: a one-line message naming the file (and line), the
# documented exit code (1 usage, 2 input or dictionary), no crash, no half-written output.
. "$(dirname "$0")/cli-lib.sh"
seed="$SRC/tests/data/seed-scoop.txt"
out="$WORK/g.dot"

run "$BIN" --version
expect_rc "--version" 0
expect_out "--version prints the version" "^entgraph [0-9]"

run "$BIN" --no-such-option "$seed"
expect_rc "an unknown option is a usage error" 1
run "$BIN" --window fortnight -o "$out" "$seed"
expect_rc "a bad --window is a usage error" 1
expect_err "the message names the value" "fortnight"

run "$BIN" -o "$out" "$WORK/missing.txt"
expect_rc "a missing path" 2
expect_err "the message names the missing path" "missing.txt: no such file"
[ ! -e "$out" ] && ok "no output for a missing path" || fail "output written for a missing path"

mkdir -p "$WORK/nodocs" && echo x > "$WORK/nodocs/picture.png"
run "$BIN" -o "$out" "$WORK/nodocs"
expect_rc "a directory with no documents" 2
expect_err "the message names the directory" "nodocs: no documents"

: > "$WORK/empty.txt"
run "$BIN" -o "$out" "$WORK/empty.txt"
expect_rc "an empty file" 2
expect_err "the message names the empty file" "empty.txt"
[ ! -e "$out" ] && ok "no output for an empty file" || fail "output written for an empty file"

printf 'UNCLAS MEXICO 000001\n\x00\x01\x02binary\n' > "$WORK/binary.txt"
run "$BIN" -o "$out" "$WORK/binary.txt"
expect_rc "a binary file with NUL bytes" 2
expect_err "the message names the binary file" "binary.txt"
expect_no_sanitizer "binary file"

# A 3 GiB file (sparse: no disk) is one document, over the 2 GiB limit of one, and is
# refused at once, with its size; its parts are not each scanned to its end.
truncate -s 3G "$WORK/huge.txt"
start=$(date +%s)
run "$BIN" -o "$out" "$WORK/huge.txt"
expect_rc "a 3 GiB file" 2
expect_err "the message names the file and the limit" "huge.txt: file too large for one document \(3221225472 bytes, limit 2147483648"
[ $(( $(date +%s) - start )) -lt 30 ] && ok "refused within seconds" || fail "a 3 GiB file took $(( $(date +%s) - start )) s to refuse"
rm -f "$WORK/huge.txt"

# A dump of cables in which one holds a NUL byte: the others are read, the bad one named
# by the file and where it begins, and the run ends with the input error.
{ cat "$SRC/tests/data/docs/cable-pagebreak.txt"; printf 'VZCZCXRO0001\nDE RUEHFR #0001\nUNCLAS PARIS 000001\n\x00 bad\n'; cat "$SRC/tests/data/docs/cable-pagebreak.txt" | sed 's/#[0-9]*/#9999/'; } > "$WORK/dump.txt"
run "$BIN" docs "$WORK/dump.txt"
expect_rc "a dump with a binary cable" 2
expect_err "the message names the file and the cable's place" "dump.txt: binary file \(NUL byte at offset [0-9]+\)"
[ "$(tail -n +2 "$WORK/out" | wc -l)" = 2 ] && ok "the dump's two other cables are listed" || fail "a dump with a binary cable listed: $(cut -f1,9 "$WORK/out")"
expect_no_sanitizer "a dump with a binary cable"

# An output that cannot be written fails before the documents are read (a run over an
# archive takes minutes): a folder, a folder that is not there; for graph and count.
mkdir -p "$WORK/a-folder"
for target in "$WORK/a-folder" "$WORK/a-folder/" "$WORK/no-such-folder/g.dot"; do
  run "$BIN" -o "$target" "$SRC/tests/data/seed-scoop.txt" "$WORK/empty.txt"
  expect_rc "graph -o $(basename "$target")" 2
  expect_err "the message names the output, not an input" "$(basename "$target").*(folder|cannot create)"
  grep -q "empty.txt" "$WORK/err" && fail "the documents were read before the output was checked" || ok "the output was checked before reading"
done
run "$BIN" count -o "$WORK/a-folder" "$SRC/tests/data/seed-scoop.txt"
expect_rc "count -o a folder" 2
expect_err "count names the folder" "a-folder: is a folder"
ls -a "$WORK" "$WORK/a-folder" | grep -q '\.tmp-' && fail "a temp file was left by the check" || ok "the check leaves no temp file"

# The old output stays when a run fails.
echo "OLD GRAPH" > "$out"
run "$BIN" -o "$out" "$WORK/empty.txt"
[ "$(cat "$out")" = "OLD GRAPH" ] && ok "a failed run leaves the old output untouched" || fail "a failed run changed the old output"
ls -a "$WORK" | grep -q '\.tmp-' && fail "a temp file was left behind" || ok "no temp file left behind"

# Invalid UTF-8 is read (as separators) with a warning.
{ cat "$seed"; printf 'Secretariat of Foreign Relations \xff\xfe \xc3\x28 \xe2\x82 \xf0\x28\x8c\x28 \xc0\x80\n'; } > "$WORK/badutf8.txt"
run "$BIN" -o "$out" "$WORK/badutf8.txt"
expect_rc "invalid UTF-8 is read" 0
expect_err "invalid UTF-8 gets a warning naming the file" "badutf8.txt: [0-9]+ invalid UTF-8"
expect_no_sanitizer "invalid UTF-8"

# CRLF gives the same graph as LF.
sed 's/$/\r/' "$seed" > "$WORK/crlf.txt"
run "$BIN" -o "$WORK/crlf.dot" "$WORK/crlf.txt"
expect_rc "a CRLF file is read" 0
"$BIN" -q -o "$WORK/lf.dot" "$seed"
if diff <(grep -v '^\s*graph \[' "$WORK/lf.dot" | grep -- '--' | sort) <(grep -- '--' "$WORK/crlf.dot" | sort) >/dev/null; then
  ok "CRLF and LF give the same edges"; else fail "CRLF and LF give different edges"; fi

# A 50 MB file with no line break.
python3 -c "
import sys
w = b'the Secretariat of Foreign Relations met NGOs and UN agencies '
sys.stdout.buffer.write(w * (50 * 1024 * 1024 // len(w)))" > "$WORK/oneline.txt"
run "$BIN" -o "$out" "$WORK/oneline.txt"
expect_rc "a 50 MB file with no line break" 0
expect_no_sanitizer "50 MB line"
rm -f "$WORK/oneline.txt"

# A malformed dictionary line stops the run before anything is written.
printf 'ORG:good\tORG\tGood Org\nORG:bad\tORG\n' > "$WORK/bad.tsv"
rm -f "$out"
run "$BIN" --dict "$WORK/bad.tsv" -o "$out" "$seed"
expect_rc "a malformed dictionary line" 2
expect_err "the message names the dictionary file and line" "bad.tsv:2: expected id"
[ ! -e "$out" ] && ok "no output after a dictionary error" || fail "output written after a dictionary error"

# One bad file among good ones: a warning, the rest processed, exit 2 unless --keep-going.
mkdir -p "$WORK/mixed" && cp "$seed" "$WORK/mixed/a.txt" && : > "$WORK/mixed/b.txt"
run "$BIN" -o "$out" "$WORK/mixed"
expect_rc "one bad file among many" 2
expect_err "the warning names the bad file" "b.txt"
grep -q "mx-sre" "$out" 2>/dev/null && ok "the good file still made the graph" || fail "no graph from the good file"
run "$BIN" --keep-going -o "$out" "$WORK/mixed"
expect_rc "--keep-going" 0

# A named pipe among the files (no one writes to it): a warning naming it, no wait, and the
# good file still makes the graph.
mkfifo "$WORK/mixed/pipe.txt"
run timeout 60 "$BIN" -o "$out" "$WORK/mixed/pipe.txt" "$seed"
expect_rc "a named pipe among the files" 2
expect_err "the warning names the pipe" "pipe.txt: not a regular file"
grep -q "mx-sre" "$out" 2>/dev/null && ok "the good file still made the graph beside the pipe" || fail "no graph beside the pipe"
rm -f "$WORK/mixed/pipe.txt"

# A folder is walked depth-first in name order: documents (.txt, .html, no extension) and
# links to them; hidden files, other extensions, links to folders, dangling links and pipes
# are passed over without a word.
w="$WORK/walk"
mkdir -p "$w/sub" && cp "$seed" "$w/a.txt" && cp "$seed" "$w/b" && cp "$seed" "$w/c.pdf" \
  && cp "$seed" "$w/.hidden.txt" && cp "$seed" "$w/sub/d.txt" && ln -s a.txt "$w/to-file.txt" \
  && ln -s sub "$w/to-dir" && ln -s nowhere.txt "$w/dangling.txt" && mkfifo "$w/pipe.txt"
run timeout 60 "$BIN" docs "$w"
expect_rc "a folder with links, a pipe and hidden files" 0
[ "$(cut -f9 "$WORK/out" | tail -n +2 | tr '\n' ' ')" = "$w/a.txt $w/b $w/sub/d.txt $w/to-file.txt " ] \
  && ok "the walk reads the documents and the link to one, in order" \
  || fail "the walk read: $(cut -f9 "$WORK/out" | tr '\n' ' ')"
[ ! -s "$WORK/err" ] && ok "nothing passed over is warned about" || fail "warnings: $(head -c 300 "$WORK/err")"

# Standard input.
run sh -c "'$BIN' -o - - < '$seed'"
expect_rc "standard input" 0
expect_out "the graph from standard input names the SRE" "mx-sre"

finish
