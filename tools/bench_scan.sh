#!/bin/sh
# Time `grep -c -F '<Code>'` and `ossdiag scan --format json` over the same log in one
# run (warm cache), alternating, REPS times; print each run, then the median of the
# ratios and the largest peak RSS; then check the planted errors.
#
#   python3 tools/gen_scan_log.py --out /tmp/scan-1g.log --size-mib 1024 --errors 200 --seed 11
#   cargo build --release && sh tools/bench_scan.sh /tmp/scan-1g.log
#
# grep's output goes to a file, not /dev/null (GNU grep stops at the first match when
# its output is /dev/null). The load average is printed: on a shared machine the
# ratio moves with it.
set -eu
LOG=${1:?usage: bench_scan.sh LOG [OSSDIAG] [REPS]}
BIN=${2:-target/release/ossdiag}
REPS=${3:-5}
T=${TMPDIR:-/tmp}/bench_scan.$$
cat "$LOG" > /dev/null   # warm the page cache
# t CMD…: run, print "seconds peak-KiB" (the last line /usr/bin/time writes)
t() { /usr/bin/time -f '%e %M' -o "$T.time" "$@" > "$T.out" || true; tail -n 1 "$T.time"; }
i=0
: > "$T.runs"
while [ "$i" -lt "$REPS" ]; do
  i=$((i + 1))
  g=$(t grep -c -F '<Code>' "$LOG")
  s=$(t "$BIN" scan "$LOG" --format json); cp "$T.out" "$T.jsonl"
  echo "${g% *} ${g#* } ${s% *} ${s#* }" >> "$T.runs"
  echo "run $i: grep ${g% *} s (peak ${g#* } KiB)   ossdiag scan ${s% *} s (peak ${s#* } KiB)   ratio $(echo "${s% *} ${g% *}" | awk '{ printf "%.2f", ($2 > 0 ? $1 / $2 : 0) }')   load $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?)"
done
awk '{ print ($1 > 0 ? $3 / $1 : 0) }' "$T.runs" | sort -n > "$T.ratios"
peak=$(awk '$4 > m { m = $4 } END { printf "%.1f", m / 1024 }' "$T.runs")
awk -v peak="$peak" '{ r[NR] = $1 }
     END { med = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2;
           printf "median ratio %.2f over %d runs (min %.2f, max %.2f); scan peak RSS %s MiB\n", med, NR, r[1], r[NR], peak }' "$T.ratios"
if [ -f "$LOG.truth.json" ]; then
  python3 "$(dirname "$0")/check_scan.py" "$LOG.truth.json" < "$T.jsonl" || true
fi
rm -f "$T.time" "$T.out" "$T.jsonl" "$T.runs" "$T.ratios"
