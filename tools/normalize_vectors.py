#!/usr/bin/env python3
"""Normalize signer known-answer vectors into vectors/sdk.json for tests/vectors.rs.

Sources (no network needed):
  ../shared/spec/vectors/*.json  - transcribed from official SDK tests (see each file's
                                   `source`); cases with inputs + expected/derived strings
  tools/vectors-v4.json          - generated with alibabacloud-oss-v2 1.4.1 and ali-oss 6.23.0
                                   by tools/gen_v4_pyv2.py and tools/node/gen_v4_alioss.js

Each output case: name, source, version (v1|v4), auth (header|query), method, bucket, key,
query [[name, value|null]] (decoded), headers [[name, value]], secret, and for V1 `date`
(header) or `expires` (query); for V4 region, product, timestamp, additional_headers and,
for query auth, expires and security_token. Expected: string_to_sign, canonical_request
(V4), signature.

Cases are skipped (and listed in `skipped`) where the SDK deliberately deviates from the
server rule we implement, e.g. go2-v1 signing Date while an x-oss-date header differs.

Usage: python3 tools/normalize_vectors.py [--shared ../shared/spec/vectors]
"""
import argparse
import glob
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def hget(headers, name):
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


def from_spec(path):
    d = json.load(open(path))
    src = d.get("source", {})
    out, skipped = [], []
    for c in d["cases"]:
        kind = c.get("kind", "")
        inp = c.get("inputs", {})
        exp = dict(c.get("expected") or {})
        der = c.get("derived") or {}
        name = "%s: %s" % (os.path.basename(path), c.get("name"))
        if kind not in ("v1-header", "v1-query", "v4-header", "v4-query") or "bucket" not in inp:
            continue
        sts = exp.get("string_to_sign") or der.get("string_to_sign")
        sig = exp.get("signature") or der.get("signature")
        if not sts:
            skipped.append([name, "no string to sign in the vector"])
            continue
        query = inp.get("query")
        if query is None:
            query = inp.get("params") or []
        query = [[k, (None if v is None else v)] for k, v in query]
        headers = [list(h) for h in inp.get("headers", [])]
        case = {
            "name": name,
            "source": "%s %s@%s" % (src.get("repo", ""), src.get("path", ""), src.get("commit", "")),
            "version": kind[:2],
            "auth": kind.split("-")[1],
            "method": inp["method"],
            "bucket": inp["bucket"],
            "key": inp.get("key", ""),
            "query": query,
            "headers": headers,
            "secret": inp.get("access_key_secret"),
            "access_key_id": inp.get("access_key_id"),
            "expected": {"string_to_sign": sts, "signature": sig},
        }
        if kind == "v1-header":
            date = inp.get("date_in_string_to_sign")
            xd = hget(headers, "x-oss-date")
            if xd is not None and xd != date:
                skipped.append([name, "SDK signs Date while x-oss-date differs (spec §8.1)"])
                continue
            if hget(headers, "date") is None and xd is None:
                headers.append(["Date", date])
        elif kind == "v1-query":
            case["expires"] = str(inp.get("expires_unix") or inp.get("date_in_string_to_sign"))
            if inp.get("extra_sub_resources"):
                skipped.append([name, "per-operation sub-resource not in any list"])
                continue
        else:
            case["region"] = inp.get("region")
            case["product"] = inp.get("product", "oss")
            case["timestamp"] = inp.get("x_oss_date")
            case["additional_headers"] = der.get("additional_headers", [])
            case["expected"]["canonical_request"] = der.get("canonical_request") or exp.get("canonical_request")
            xd = hget(headers, "x-oss-date")
            if xd is not None and xd != case["timestamp"]:
                # Only the canonical request is a source value here (e.g. java2
                # testBuildCanonicalHeadersSorting); its derived time disagrees.
                case["expected"]["string_to_sign"] = None
                case["expected"]["signature"] = None
            if not case["expected"]["canonical_request"]:
                skipped.append([name, "no canonical request in the vector"])
                continue
        out.append(case)
    return out, skipped


def from_tools(path):
    d = json.load(open(path))
    out = []
    for v in d["vectors"]:
        inp, o = v["inputs"], v["outputs"]
        present = {k.lower() for k, _ in inp["headers"]}
        default = lambda h: h in ("content-type", "content-md5") or h.startswith("x-oss-")
        add = sorted({h.lower() for h in inp.get("additional_headers", []) if not default(h.lower()) and h.lower() in present})
        case = {
            "name": "tools/vectors-v4.json: %s" % v["id"],
            "source": v["sdk"],
            "version": "v4",
            "auth": v["auth"],
            "method": inp["method"],
            "bucket": inp["bucket"],
            "key": inp["key"],
            "query": inp["query"],
            "raw_query": inp.get("raw_query"),
            "headers": inp["headers"],
            "secret": inp["access_key_secret"],
            "access_key_id": inp["access_key_id"],
            "region": inp["region"],
            "product": inp["product"],
            "timestamp": inp["time"],
            "additional_headers": add,
            "security_token": inp.get("security_token"),
            "expires": inp.get("expires"),
            "expected": {k: o.get(k) for k in ("canonical_request", "string_to_sign", "signature")},
        }
        out.append(case)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "spec", "vectors"))
    a = ap.parse_args()
    cases, skipped = [], []
    for p in sorted(glob.glob(os.path.join(a.shared, "*.json"))):
        c, s = from_spec(p)
        cases += c
        skipped += s
    tools = os.path.join(ROOT, "tools", "vectors-v4.json")
    if os.path.exists(tools):
        cases += from_tools(tools)
    json.dump({"cases": cases, "skipped": skipped}, open(os.path.join(ROOT, "vectors", "sdk.json"), "w"), indent=1, ensure_ascii=False)
    print("%d cases, %d skipped" % (len(cases), len(skipped)))
    for n, why in skipped:
        print("  skipped %s: %s" % (n, why))


if __name__ == "__main__":
    main()
