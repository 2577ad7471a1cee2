#!/usr/bin/env bash
# Build-speed benchmark: generates seeded synthetic sites (examples/gen_site: 20 bodies x 5
# years, every record kind, about 5% withheld) of 1,000, 10,000 and 100,000 records and builds
# each with `gongkai build --timings` four ways:
#   fresh          into an empty folder, with an empty build cache;
#   rebuild        again over the previous output, nothing changed (warm cache);
#   one record     after one record's text is edited (a goal's objective);
#   one body-year  after one body's year is replaced by other records of the same count
#                  (gen_site --only BODY/YEAR --revision 1);
# then times the preview's one-record edit (cargo bench --bench serve_rebuild) and, with Hugo,
# builds an equivalent Hugo site of the same records (bench/hugo_site.rs) in the same run. It
# prints a Markdown table for the README and the growth of every stage between sizes.
#
#   bench/run.sh                 # 1000 10000 100000
#   bench/run.sh 1000 10000      # other sizes
#   BENCH_DIR=/big/disk bench/run.sh
#   BENCH_OUT=/dev/shm bench/run.sh   # outputs elsewhere (here: memory), to set the disk aside
#   BENCH_SETTLE=0 bench/run.sh       # do not wait after removing files (see below)
#   BENCH_HUGO=1 bench/run.sh         # fail unless Hugo can be compared (default: when `hugo`
#                                     # is on PATH); BENCH_HUGO=0 leaves Hugo out
#   BENCH_SERVE=0 bench/run.sh        # leave out the preview's figure
#
# The build cache (where `gongkai build` has one: `--cache DIR`, `--no-cache`) is kept in
# $BENCH_DIR/cache-N and removed before each fresh build; without it the incremental rows
# measure a plain rebuild.
#
# Before each fresh build the script waits BENCH_SETTLE seconds (default 65) after removing the
# previous site and output. On ext4 without a journal (as on the machine of the README's
# figures) the kernel skips inodes freed in the last minute (five, while their blocks are
# unwritten) when it makes new files, so files made just after many were removed cost several
# times as much: 16,000 folders and files took 3.3 s right after removing as many, and 0.75 s
# a minute later. A rebuild still pays for removing the previous output after its swap.
#
# Needs GNU time (/usr/bin/time, Debian package `time`) for peak memory. Sites and outputs
# go under $BENCH_DIR (default target/bench); the 100,000-record site takes about 400 MB and
# its output about 2.5 GB (the Hugo site and its output about as much again).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
dir=${BENCH_DIR:-target/bench}
outs=${BENCH_OUT:-$dir}
settle=${BENCH_SETTLE:-65}
hugo=${BENCH_HUGO:-}
if [ -z "$hugo" ]; then
  if command -v hugo >/dev/null; then hugo=1; else hugo=0; fi
elif [ "$hugo" = 1 ] && ! command -v hugo >/dev/null; then
  echo "BENCH_HUGO=1 but no hugo on PATH (Debian: apt-get install hugo)" >&2
  exit 2
fi
mkdir -p "$dir" "$outs"
if [ ! -x /usr/bin/time ]; then
  echo "bench/run.sh needs GNU time at /usr/bin/time (Debian: apt-get install time)" >&2
  exit 2
fi

cargo build --release --locked --bin gongkai --example gen_site --example hugo_site >&2
gongkai=target/release/gongkai
gen=target/release/examples/gen_site
cached=0
"$gongkai" build --help 2>/dev/null | grep -q -- '--no-cache' && cached=1

settle() {
  sync
  if [ "$settle" -gt 0 ]; then
    echo "== waiting ${settle}s for the file system to settle" >&2
    sleep "$settle"
  fi
}

# Time a command into $dir/time-$1; sets wall, cpu, mib.
timed() {
  local tag=$1 user sys rss
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$dir/time-$tag" "$@"
  read -r wall user sys rss <"$dir/time-$tag"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
  mib=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
}

# One gongkai build of size $1, kind $2: a row in $dir/rows, its log in $dir/build-$1-$2.log.
build() {
  local n=$1 kind=$2 tag log pages records
  tag="$n-${kind// /-}"
  log="$dir/build-$tag.log"
  echo "== $n records: $kind" >&2
  local cache=()
  [ "$cached" = 1 ] && cache=(--cache "$dir/cache-$n")
  timed "$tag" "$gongkai" --lang en build "$site" -o "$out" --timings "${cache[@]}" 2>"$log" || {
    cat "$log" >&2
    exit 1
  }
  pages=$(sed -n 's/^built .* records (.*), \([0-9]*\) pages, .*/\1/p' "$log")
  records=$(sed -n 's/^built \([0-9]*\) records .*/\1/p' "$log")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$records" "$kind" "${pages:--}" "$wall" "$cpu" "$mib" >>"$dir/rows"
  cp "$log" "$dir/stages-$tag.log"
}

# Edit one record's text so the site stays valid: a public goal's objective gets a suffix.
edit_record() {
  local f goals
  goals=$(ls -d "$site"/content/*/*/goals | awk 'NR == 1')
  for f in "$goals"/*.yaml; do
    grep -q '^disclosure:' "$f" || break
  done
  sed -i 's/^objective: "\(.*\)"$/objective: "\1（已更新）"/' "$f"
  grep -q '（已更新）' "$f" || {
    echo "bench/run.sh: could not edit $f" >&2
    exit 1
  }
  echo "== edited $f" >&2
}

: >"$dir/rows"
for n in "${sizes[@]}"; do
  site="$dir/site-$n"
  out="$outs/public-$n"
  echo "== $n records: generating" >&2
  rm -rf "$out" "$dir/cache-$n"
  "$gen" --records "$n" --seed 1 --out "$site" >&2
  settle
  build "$n" fresh
  build "$n" rebuild
  edit_record
  build "$n" "one record"
  body_year=$(cd "$site/content" && ls -d */*/ | awk 'NR == 1' | sed 's,/$,,')
  "$gen" --records "$n" --seed 1 --out "$site" --only "$body_year" --revision 1 >&2
  build "$n" "one body-year"
  if [ "$hugo" = 1 ]; then
    hsite="$dir/hugo-site-$n"
    hout="$outs/hugo-public-$n"
    "$gen" --records "$n" --seed 1 --out "$site" >&2
    target/release/examples/hugo_site "$site" "$hsite" >&2
    rm -rf "$hout"
    settle
    echo "== $n records: Hugo" >&2
    timed "$n-hugo" hugo --quiet -s "$hsite" -d "$(realpath -m "$hout")"
    pages=$(find "$hout" -name '*.html' | wc -l)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "-" "hugo fresh" "$pages" "$wall" "$cpu" "$mib" >>"$dir/rows"
  fi
done

serve="not run (BENCH_SERVE=0)"
if [ "${BENCH_SERVE:-1}" != 0 ]; then
  echo "== serve: one-record edit on 10,000 records" >&2
  serve=$(RECORDS=10000 cargo bench --locked --bench serve_rebuild 2>/dev/null | tail -1)
fi

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr); outputs on $(df -T "$outs" | awk 'NR == 2 { print $2 }'); $(date -u +%Y-%m-%d); build cache: $([ "$cached" = 1 ] && echo on || echo "none (incremental rows are plain rebuilds)"); Hugo: $([ "$hugo" = 1 ] && hugo version | awk '{ print $2 }' || echo "not run")"
echo
awk -f bench/table.awk -v dir="$dir" "$dir/rows"
echo
echo "serve (preview, one-record edit at 10,000 records): $serve"
