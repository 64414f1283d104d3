#!/bin/sh
# Time `grep -c -F '<Code>'` and `ossdiag scan --format json` over the same log in one
# run (warm cache), report peak RSS, and check the planted errors.
#
#   python3 tools/gen_scan_log.py --out /tmp/scan-1g.log --size-mib 1024 --errors 200 --seed 11
#   cargo build --release && sh tools/bench_scan.sh /tmp/scan-1g.log
set -eu
LOG=${1:?usage: bench_scan.sh LOG [OSSDIAG]}
BIN=${2:-target/release/ossdiag}
cat "$LOG" > /dev/null   # warm the page cache
t() { /usr/bin/time -f '%e %M' -o /tmp/bench_scan.time "$@" > /tmp/bench_scan.out || true; cat /tmp/bench_scan.time; }
for i in 1 2 3; do
  g=$(t grep -c -F '<Code>' "$LOG")
  s=$(t "$BIN" scan "$LOG" --format json); cp /tmp/bench_scan.out /tmp/bench_scan.jsonl
  echo "run $i: grep ${g% *} s (peak ${g#* } KiB)   ossdiag scan ${s% *} s (peak ${s#* } KiB)   ratio $(echo "${s% *} ${g% *}" | awk '{printf "%.2f", $1/$2}')"
done
if [ -f "$LOG.truth.json" ]; then
  python3 "$(dirname "$0")/check_scan.py" "$LOG.truth.json" < /tmp/bench_scan.jsonl
fi
