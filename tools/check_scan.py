#!/usr/bin/env python3
"""Check `ossdiag scan --format json` output against a log's `.truth.json`.

    ossdiag scan /tmp/scan.log --format json | python3 tools/check_scan.py /tmp/scan.log.truth.json

Each planted error must be reported exactly once (by request id), with its code and line.
Exit 0 when all are, 1 otherwise (the misses, duplicates and extras are listed).
"""
import collections
import json
import sys


def main():
    truth = json.load(open(sys.argv[1]))
    reports = [json.loads(l) for l in sys.stdin if l.strip()]
    summary = reports.pop() if reports and "summary" in reports[-1] else None
    by_id = collections.defaultdict(list)
    for r in reports:
        by_id[(r.get("error") or {}).get("request_id")].append(r)
    bad = 0
    for t in truth:
        got = by_id.get(t["request_id"], [])
        if len(got) != 1:
            bad += 1
            print("planted %s (%s, %s, line %d): reported %d times" % (t["request_id"], t["code"], t["wrapper"], t["line"], len(got)))
            continue
        g = got[0]
        if g["error"].get("code") != t["code"] or not (t["line"] <= g.get("line", 0) < t["line"] + t.get("lines", 1)) or g.get("count") != 1:
            bad += 1
            print("planted %s: code %s line %s count %s, expected %s line %d" % (t["request_id"], g["error"].get("code"), g.get("line"), g.get("count"), t["code"], t["line"]))
    planted = {t["request_id"] for t in truth}
    extra = [r for r in reports if (r.get("error") or {}).get("request_id") not in planted]
    for r in extra[:20]:
        bad += 1
        print("extra report: line %s %s" % (r.get("line"), json.dumps(r.get("error"))[:200]))
    print("%d planted, %d reports, %d problems%s" % (len(truth), len(reports), bad,
          "" if summary is None else ", summary errors=%s" % summary["summary"]["errors"]))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
