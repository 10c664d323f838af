# cli-lib.sh - a small harness for the command-line tests, in TAP: each check prints
# "ok - ..." or "not ok - ..." with what it expected; the script ends with the plan and
# "# N passed, N failed" and exits 1 on any failure. Sourced by tests/cli-*.sh.
set -u
BIN=${EG_BIN:-build/entgraph}
SRC=${EG_SRCDIR:-.}
SHARED=${EG_SHARED:-$SRC/../shared}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Compiled dictionaries go to the test's folder, never to the user's ~/.cache.
export ENTGRAPH_CACHE_DIR="$WORK/dict-cache"
passed=0
failed=0

ok () { passed=$((passed + 1)); echo "ok - $1"; }
fail () { failed=$((failed + 1)); echo "not ok - $1"; }

# run NAME: runs the rest of the line, keeping status in $rc, output in $WORK/out, $WORK/err
run () {
  "$@" >"$WORK/out" 2>"$WORK/err"
  rc=$?
}

expect_rc () { # DESC WANT
  if [ "$rc" -eq "$2" ]; then ok "$1 (exit $rc)"; else fail "$1: exit $2 expected, got $rc; stderr: $(head -c 400 "$WORK/err")"; fi
}

expect_err () { # DESC PATTERN
  if grep -qE -- "$2" "$WORK/err"; then ok "$1"; else fail "$1: stderr lacks /$2/: $(head -c 400 "$WORK/err")"; fi
}

expect_out () { # DESC PATTERN
  if grep -qE -- "$2" "$WORK/out"; then ok "$1"; else fail "$1: stdout lacks /$2/: $(head -c 400 "$WORK/out")"; fi
}

expect_no_sanitizer () { # DESC
  if grep -qE "AddressSanitizer|LeakSanitizer|runtime error:" "$WORK/err"; then
    fail "$1: sanitizer report: $(grep -m3 -E 'Sanitizer|runtime error' "$WORK/err")"
  else ok "$1: no sanitizer report"; fi
}

# dot_reads FILE: Graphviz parses FILE whole (gc parses without laying out, which for a
# graph of thousands of edges would take minutes; gc exits 0 even on a syntax error, so
# its stderr is what tells)
dot_reads () {
  [ -s "$1" ] && [ -z "$(gc -e "$1" 2>&1 >/dev/null)" ]
}

finish () {
  echo "1..$((passed + failed))"
  echo "# $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
