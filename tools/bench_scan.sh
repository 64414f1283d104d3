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
# t CMD…: run, print "seconds peak-KiB cpu-seconds" (the last line /usr/bin/time writes)
t() { /usr/bin/time -f '%e %M %U %S' -o "$T.time" "$@" > "$T.out" || true; tail -n 1 "$T.time" | awk '{ print $1, $2, $3 + $4 }'; }
i=0
: > "$T.runs"
while [ "$i" -lt "$REPS" ]; do
  i=$((i + 1))
  g=$(t grep -c -F '<Code>' "$LOG")
  s=$(t "$BIN" scan "$LOG" --format json); cp "$T.out" "$T.jsonl"
  echo "$g $s" >> "$T.runs"
  echo "$g $s $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')" | awk -v i="$i" '{
    printf "run %d: grep %.2f s (cpu %.2f s, peak %d KiB)   ossdiag scan %.2f s (cpu %.2f s, peak %d KiB)   ratio %.2f   load %s\n",
      i, $1, $3, $2, $4, $6, $5, ($1 > 0 ? $4 / $1 : 0), $7 }'
done
# median LIST-FILE: the median of the numbers in it, one a line
median() { sort -n "$1" | awk '{ r[NR] = $1 } END { printf "%.2f (min %.2f, max %.2f)", (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2, r[1], r[NR] }'; }
awk '{ print ($1 > 0 ? $4 / $1 : 0) }' "$T.runs" > "$T.ratios"
awk '{ print ($3 > 0 ? $6 / $3 : 0) }' "$T.runs" > "$T.cpu"
peak=$(awk '$5 > m { m = $5 } END { printf "%.1f", m / 1024 }' "$T.runs")
echo "median ratio (elapsed) $(median "$T.ratios") over $REPS runs; cpu-time ratio $(median "$T.cpu"); scan peak RSS $peak MiB"
if [ -f "$LOG.truth.json" ]; then
  python3 "$(dirname "$0")/check_scan.py" "$LOG.truth.json" < "$T.jsonl" || true
fi
rm -f "$T.time" "$T.out" "$T.jsonl" "$T.runs" "$T.ratios" "$T.cpu"
