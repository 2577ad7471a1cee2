#!/usr/bin/env bash
# Build-speed benchmark: generates seeded synthetic sites (examples/gen_site: 20 bodies x 5
# years, every record kind, about 5% withheld) of 1,000, 10,000 and 100,000 records, builds
# each twice with `gongkai build --timings` (into an empty folder, then over the previous
# output, which includes removing it after the swap), times the preview's one-record edit
# (cargo bench --bench serve_rebuild), and prints a Markdown table for the README.
#
#   bench/run.sh                 # 1000 10000 100000
#   bench/run.sh 1000 10000      # other sizes
#   BENCH_DIR=/big/disk bench/run.sh
#   BENCH_OUT=/dev/shm bench/run.sh   # outputs elsewhere (here: memory), to set the disk aside
#   BENCH_SETTLE=0 bench/run.sh       # do not wait after removing files (see below)
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
# its output about 2.5 GB.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
dir=${BENCH_DIR:-target/bench}
outs=${BENCH_OUT:-$dir}
settle=${BENCH_SETTLE:-65}
mkdir -p "$dir" "$outs"
if [ ! -x /usr/bin/time ]; then
  echo "bench/run.sh needs GNU time at /usr/bin/time (Debian: apt-get install time)" >&2
  exit 2
fi

cargo build --release --locked --bin gongkai --example gen_site >&2
gongkai=target/release/gongkai
gen=target/release/examples/gen_site

stages=(load validate figure disclose secrets search data render publish swap)
# Stage times in ms from a --timings log, in the order of $stages ("-" when absent).
stage_ms() {
  local log=$1 s v
  for s in "${stages[@]}"; do
    v=$(awk -v s="$s:" '$1 == s { print $2; exit }' "$log")
    printf '%s ' "${v:--}"
  done
  for s in audit write; do
    v=$(awk -v s="$s" '/CPU of it in/ && $NF == s { print $1; exit }' "$log")
    printf '%s ' "${v:--}"
  done
}

rows=()
for n in "${sizes[@]}"; do
  site="$dir/site-$n"
  out="$outs/public-$n"
  echo "== $n records: generating" >&2
  rm -rf "$out"
  "$gen" --records "$n" --seed 1 --out "$site" >&2
  sync
  if [ "$settle" -gt 0 ]; then
    echo "== waiting ${settle}s for the file system to settle" >&2
    sleep "$settle"
  fi
  for run in fresh rebuild; do
    echo "== $n records: $run build" >&2
    log="$dir/build-$n-$run.log"
    /usr/bin/time -f '%e %U %S %M' -o "$dir/time-$n-$run" \
      "$gongkai" build "$site" -o "$out" --timings 2>"$log"
    read -r wall user sys rss <"$dir/time-$n-$run"
    pages=$(sed -n 's/^built .* records (.*), \([0-9]*\) pages, .*/\1/p' "$log")
    records=$(sed -n 's/^built \([0-9]*\) records .*/\1/p' "$log")
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
    rate=$(awk -v p="$pages" -v w="$wall" 'BEGIN { printf "%.0f", p / w }')
    rrate=$(awk -v p="$records" -v w="$wall" 'BEGIN { printf "%.0f", p / w }')
    mib=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
    rows+=("| $records | $run | $pages | $wall | $cpu | $mib | $rrate | $rate | $(stage_ms "$log" | sed 's/ $//; s/ / | /g') |")
  done
done

echo "== serve: one-record edit on 10,000 records" >&2
serve=$(RECORDS=10000 cargo bench --locked --bench serve_rebuild 2>/dev/null | tail -1)

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr); outputs on $(df -T "$outs" | awk 'NR == 2 { print $2 }'); $(date -u +%Y-%m-%d)"
echo
header="| records | build | pages | wall s | user+sys s | peak MiB | records/s | pages/s |"
line="|---|---|---|---|---|---|---|---|"
for s in "${stages[@]}"; do
  header+=" $s ms |"
  line+="---|"
done
header+=" audit CPU ms | write CPU ms |"
line+="---|---|"
echo "$header"
echo "$line"
printf '%s\n' "${rows[@]}"
echo
echo "serve: $serve"
