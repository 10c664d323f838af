# bench/lib.sh - what bench/run and bench/scale share: the release build, the peers that
# install from Debian, the text (the corpus repeated K times) and a timer. Sourced.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=$(cd "$top/../shared" && pwd)
work=${BENCH_WORK:-$top/bench/work}
mkdir -p "$work"
# Compiled dictionaries (1 MiB and more) go beside the text, not to ~/.cache.
export ENTGRAPH_CACHE_DIR="$work/dict-cache"

# Builds entgraph for speed (release, no sanitizers) into build-bench/; sets $bin.
bench_build () {
  (cd "$top" && scripts/setup build-bench --buildtype=release -Db_sanitize=none -Dtests=disabled >/dev/null)
  ninja -C "$top/build-bench" entgraph >/dev/null
  bin=$top/build-bench/entgraph
}

# Installs the peers that come from Debian (Hyperscan, pyahocorasick, the Rust aho-corasick
# crate) and GNU time, and builds the Hyperscan and Rust drivers (the Rust one offline, from
# Debian's crate sources, when cargo is there); a peer that cannot be had is skipped.
bench_peers () {
  local missing=""
  for p in libhyperscan-dev python3-ahocorasick librust-aho-corasick-dev time; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null 2>&1 || echo "bench: could not install$missing; those peers are skipped" >&2
  fi
  if pkg-config --exists libhs 2>/dev/null && [ ! -x "$work/hs_count" ]; then
    cc -O2 -o "$work/hs_count" "$shared/bench/hs_count.c" $(pkg-config --cflags --libs libhs)
  fi
  if command -v cargo >/dev/null && [ -d /usr/share/cargo/registry ] && [ ! -x "$work/ac_count" ]; then
    (cd "$top/bench/rust-ac" && cargo build --release -q) >/dev/null 2>&1 \
      && cp "$top/bench/rust-ac/target/release/ac_count" "$work/" \
      || echo "bench: could not build the Rust aho-corasick peer; skipped" >&2
  fi
}

# bench_corpus K: the cables of ../shared/corpus K times, as a folder of cables (for
# entgraph) and as one file all.txt with the same bytes (for the peers); prints the folder.
bench_corpus () {
  local k=$1 dir="$work/corpus-x$1"
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"; mkdir -p "$dir/cables"
    for r in $(seq 1 "$k"); do
      mkdir -p "$dir/cables/r$r"
      cp "$shared"/corpus/cables/*.txt "$dir/cables/r$r/"
    done
    find "$dir/cables" -name '*.txt' | sort | xargs cat > "$dir/all.txt"
    touch "$dir/.done"
  fi
  echo "$dir"
}

# bench_dict N: the N most frequent capitalized phrases and acronyms of the corpus
# (../shared/bench/make_dict.py); prints its path.
bench_dict () {
  local dict="$work/dict-$1.txt"
  [ -f "$dict" ] || python3 "$shared/bench/make_dict.py" "$shared/corpus/cables" "$1" "$dict" 2>/dev/null
  echo "$dict"
}

# bench_names N: bench_dict N, or when the corpus has fewer than N phrases (it has about
# 613k), all of them and names made from them with an organization word after ("...
# Council") up to N, so that a million distinct names can be loaded; prints its path.
bench_names () {
  local n=$1 dict
  dict=$(bench_dict "$n")
  if [ "$(wc -l < "$dict")" -ge "$n" ]; then echo "$dict"; return; fi
  local out="$work/names-$n.txt"
  [ -f "$out" ] || python3 - "$dict" "$n" "$out" <<'PY'
import sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
names = [l.rstrip("\n") for l in open(src, encoding="utf-8") if l.strip()]
seen = set(x.lower() for x in names)
res = list(names)
for word in ["Council", "Institute", "Foundation", "Association", "Committee", "Commission",
             "Union", "Party", "Front", "Movement", "Agency", "Office"]:
    for x in names:
        if len(res) >= n:
            break
        y = f"{x} {word}"
        if y.lower() not in seen:
            seen.add(y.lower())
            res.append(y)
open(out, "w", encoding="utf-8").write("\n".join(res[:n]) + "\n")
PY
  echo "$out"
}

# timed CMD...: runs CMD (stdout in $work/stdout, stderr in $work/stderr) for at most
# $BENCH_TIMEOUT seconds (default 300); prints "seconds peak_kib", "timeout 0" when it ran
# out of time, "nan 0" when it failed. With BENCH_RUNS=N (default 1) it runs N times and
# prints the fastest run's seconds (and its stdout and stderr stay): on a shared VM whose
# speed moves by 10-50 % from one minute to the next, the fastest of a few runs is the
# figure that repeats.
timed () {
  local rc=0 runs=${BENCH_RUNS:-1} i best="" line
  for ((i = 0; i < runs; i++)); do
    rc=0
    /usr/bin/time -f "%e %M" -o "$work/time" timeout "${BENCH_TIMEOUT:-300}" "$@" >"$work/stdout.run" 2>"$work/stderr.run" || rc=$?
    if [ "$rc" -eq 124 ]; then
      mv "$work/stdout.run" "$work/stdout"; mv "$work/stderr.run" "$work/stderr"
      echo "timeout 0"; return
    fi
    if [ "$rc" -ne 0 ]; then
      mv "$work/stdout.run" "$work/stdout"; mv "$work/stderr.run" "$work/stderr"
      echo "FAILED: $*" >&2; tail -3 "$work/stderr" >&2; echo "nan 0"; return
    fi
    line=$(tail -1 "$work/time")
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "${line%% *}" "${best%% *}"; then
      best=$line
      mv "$work/stdout.run" "$work/stdout"; mv "$work/stderr.run" "$work/stderr"
    fi
  done
  echo "$best"
}
