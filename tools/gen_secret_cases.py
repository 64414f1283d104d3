#!/usr/bin/env python3
"""Generate secret-search fixtures (issue 5) with the official SDKs as signers.

    python3 tools/gen_secret_cases.py --out fixtures --seed 5 --count 30 --prefix secret      # committed
    python3 tools/gen_secret_cases.py --out /tmp/heldout-secret --seed 6 --count 300           # held out
    python3 tools/gen_secret_cases.py --eval /tmp/heldout-secret --bin target/release/ossdiag  # measure

Needs `oss2` (V1 oracle) and `alibabacloud-oss-v2` (V4 oracle) from PyPI.

Three kinds of case:
* v1      -- oss2 builds the correct V1 string to sign of a random request; one or two
             classic client mistakes are applied to it and the result is signed with
             oss2's own signing code (`ProviderAuth.__make_signature`, whose string is
             replaced by the wrong one); that signature is SignatureProvided. The error body
             carries the correct string. Only the secret (secret.txt) is given: ossdiag must
             recover the wrong string exactly. Also: the right string signed with the
             secret plus whitespace.
* v4      -- the same with alibabacloud-oss-v2's SignerV4: the wrong canonical request /
             scope is hashed and signed with `SignerV4._calc_string_to_sign` and
             `_calc_signature`; the body has CanonicalRequest and StringToSign.
* v4hash  -- no secret: the SDK signs a request (captured as raw HTTP in input2.txt); a
             proxy/library then changes it on the way; the body has only the StringToSign
             OSS computed for the changed request (SDK canonical request of the changed
             request). ossdiag must name the field that changed.

Every case writes the answer into expected.json (and the held-out set into answer.json).
"""

import argparse
import base64
import copy
import datetime
import hashlib
import hmac
import json
import os
import random
import subprocess
import sys
import time
from urllib.parse import quote

import oss2
from alibabacloud_oss_v2.signer.v4 import SignerV4
from alibabacloud_oss_v2.types import HttpRequest, SigningContext
from alibabacloud_oss_v2.credentials import StaticCredentialsProvider

AK = "LTAI5tSecretSearchExample"
SECRETS = ["ExampleSecretForOssdiagSearch01", "kP9x2Lm7Qw4Zr8Tn6Vb3Yc1Hd5Jf0G", "Zx8vQpT3mW7nL2kR9sY4cB6dF1gH5j"]
REGIONS = ["cn-hangzhou", "cn-shanghai", "cn-beijing", "ap-southeast-1", "us-west-1", "eu-central-1"]
BUCKETS = ["acme-assets", "logs-prod-01", "media-cdn-origin", "data-lake-raw", "web-static"]
KEYS = ["photo.jpg", "docs/report 2026.pdf", "a+b/c d.txt", "图片/猫.png", "backup/db.tar.gz",
        "index.html", "x/y/z.json", "tab\tsep.tsv", "(1)!@$.bin", "ünïcode/ä.txt"]
MIMES = ["application/octet-stream", "text/plain", "application/json", "image/jpeg", "text/html",
         "image/png", "application/xml", "video/mp4"]
SUBRES = [("acl", ""), ("uploadId", "0004B9894A22E5B1888A1E29F823"), ("partNumber", "3"),
          ("response-content-disposition", 'attachment; filename="a b.txt"'),
          ("response-cache-control", "no-cache"), ("versionId", "CAEQNhiBgMDJgZCA0BYiIDc4MGZjZGI2"),
          ("tagging", ""), ("x-oss-process", "image/resize,w_100")]


def http_date(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")


def hexbytes(b):
    return " ".join("%02X" % c for c in b) + " "


def error_body(ec, sig, sts, cr=None, host=""):
    rid = "".join(random.choice("0123456789ABCDEF") for _ in range(24))
    x = ['<?xml version="1.0" encoding="UTF-8"?>', "<Error>", "  <Code>SignatureDoesNotMatch</Code>",
         "  <Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>",
         f"  <RequestId>{rid}</RequestId>", f"  <HostId>{host}</HostId>", f"  <OSSAccessKeyId>{AK}</OSSAccessKeyId>",
         f"  <SignatureProvided>{sig}</SignatureProvided>"]
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if cr is not None:
        x.append(f"  <CanonicalRequest>{esc(cr.decode())}</CanonicalRequest>")
        x.append(f"  <CanonicalRequestBytes>{hexbytes(cr)}</CanonicalRequestBytes>")
    x.append(f"  <StringToSign>{esc(sts.decode())}</StringToSign>")
    x.append(f"  <StringToSignBytes>{hexbytes(sts)}</StringToSignBytes>")
    x.append(f"  <EC>{ec}</EC>")
    x.append("</Error>")
    return "\n".join(x) + "\n", rid


# ------------------------------------------------------------------ V1

def v1_mistakes(s, query):
    """Classic mistakes as functions of the correct V1 string (bytes) -> (field, label, wrong)."""
    lines = s.split(b"\n")
    out = []
    verb, md5, ct, date = lines[0], lines[1], lines[2], lines[3]
    rest = b"\n".join(lines[4:])
    hdrs = [l for l in lines[4:-1]]
    res = lines[-1]
    j = lambda *p: b"\n".join(p)
    out.append(("verb", "verb-lowercase", j(verb.lower(), md5, ct, date, rest)))
    if ct:
        out.append(("content-type", "content-type-omitted", j(verb, md5, b"", date, rest)))
        out.append(("content-type", "content-type-charset", j(verb, md5, ct + b"; charset=utf-8", date, rest)))
    else:
        out.append(("content-type", "content-type-not-sent", j(verb, md5, random.choice(MIMES).encode(), date, rest)))
    if md5:
        out.append(("content-md5", "content-md5-dropped", j(verb, b"", ct, date, rest)))
    if query:
        out.append(("expires", "expires-milliseconds", j(verb, md5, ct, str(int(date) * 1000).encode(), rest)))
    else:
        t = int(time.mktime(time.strptime(date.decode(), "%a, %d %b %Y %H:%M:%S GMT"))) - time.timezone
        dt = random.choice([d for d in range(-900, 901) if d])
        out.append(("date", "date-shifted", j(verb, md5, ct, http_date(t + dt).encode(), rest)))
        iso = datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append(("date", "date-iso8601", j(verb, md5, ct, iso.encode(), rest)))
    for i, h in enumerate(hdrs):
        name, _, val = h.partition(b":")
        f = "header:" + name.decode()
        others = hdrs[:i] + hdrs[i + 1:]
        body = lambda hs: j(verb, md5, ct, date, *hs, res)
        out.append((f, "xoss-header-missing", body(others)))
        out.append((f, "header-name-case", body(hdrs[:i] + [name.title() + b":" + val] + hdrs[i + 1:])))
        out.append((f, "header-space-colon", body(hdrs[:i] + [name + b": " + val] + hdrs[i + 1:])))
        out.append((f, "header-value-untrimmed", body(hdrs[:i] + [name + b":" + val + b" "] + hdrs[i + 1:])))
    path, q, sub = res.partition(b"?")
    parts = path.split(b"/", 2)
    if len(parts) == 3 and parts[2]:
        enc = quote(parts[2].decode(), safe="/").encode()
        if enc != parts[2]:
            out.append(("resource", "key-url-encoded", j(verb, md5, ct, date, *hdrs, b"/" + parts[1] + b"/" + enc + q + sub)))
        out.append(("resource", "bucket-missing", j(verb, md5, ct, date, *hdrs, b"/" + parts[2] + q + sub)))
        out.append(("resource", "bucket-doubled", j(verb, md5, ct, date, *hdrs, b"/" + parts[1] + b"/" + parts[1] + b"/" + parts[2] + q + sub)))
    if sub:
        items = sub.split(b"&")
        k = random.randrange(len(items))
        left = items[:k] + items[k + 1:]
        out.append(("resource", "subresource-missing", j(verb, md5, ct, date, *hdrs, path + (b"?" + b"&".join(left) if left else b""))))
    else:
        out.append(("resource", "subresource-extra", j(verb, md5, ct, date, *hdrs, path + b"?acl")))
    out.append(("verb", "crlf-line-ends", s.replace(b"\n", b"\r\n")))
    out.append(("resource", "trailing-newline", s + b"\n"))
    return out


def oss2_sign(auth, req, bucket, key, string):
    """oss2's own signing code, with its string to sign replaced by `string`."""
    cls = oss2.auth.ProviderAuth
    orig = cls._ProviderAuth__get_bytes_to_sign
    cls._ProviderAuth__get_bytes_to_sign = lambda self, r, b, k: string
    try:
        return auth._ProviderAuth__make_signature(req, bucket, key, auth.credentials_provider.get_credentials())
    finally:
        cls._ProviderAuth__get_bytes_to_sign = orig


def v1_case(i):
    secret = random.choice(SECRETS)
    auth = oss2.Auth(AK, secret)
    bucket, key = random.choice(BUCKETS), random.choice(KEYS)
    region = random.choice(REGIONS)
    host = f"{bucket}.oss-{region}.aliyuncs.com"
    method = random.choice(["PUT", "GET", "GET", "POST", "DELETE"])
    query = random.random() < 0.35
    t = 1790000000 + random.randrange(10 ** 7)
    headers = {}
    if method in ("PUT", "POST") and random.random() < 0.7:
        headers["Content-Type"] = random.choice(MIMES)
    if method == "PUT" and random.random() < 0.3:
        headers["Content-MD5"] = base64.b64encode(hashlib.md5(b"x%d" % i).digest()).decode()
    for n in random.sample(["x-oss-meta-author", "x-oss-object-acl", "x-oss-storage-class", "x-oss-meta-id", "x-oss-forbid-overwrite"], random.randrange(0, 3)):
        headers[n] = {"x-oss-object-acl": "private", "x-oss-storage-class": "IA", "x-oss-forbid-overwrite": "true"}.get(n, "v%d" % random.randrange(1000))
    params = dict(random.sample(SUBRES, random.randrange(0, 3))) if random.random() < 0.5 else {}
    req = oss2.http.Request(method, f"https://{host}/{quote(key, safe='')}", params=params, headers=headers)
    req.headers["date"] = str(t + 3600) if query else http_date(t)
    s = auth._ProviderAuth__get_bytes_to_sign(req, bucket, key)
    assert oss2_sign(auth, req, bucket, key, s) == auth._ProviderAuth__make_signature(req, bucket, key, auth.credentials_provider.get_credentials())
    ms = v1_mistakes(s, query)
    r = random.random()
    if r < 0.12:
        # the secret with whitespace, right string
        ws = random.choice(["\n", " ", "\r\n", " "])
        # oss2.Auth strips the secret; a provider with the raw credentials does not
        raw = oss2.ProviderAuth(oss2.credentials.StaticCredentialsProvider(AK, secret + ws if ws != " " else " " + secret))
        sig = oss2_sign(raw, req, bucket, key, s)
        label, field, wrong = "secret-whitespace", None, s
    elif r < 0.35 and len(ms) > 2:
        (f1, l1, w1) = random.choice([m for m in ms if m[1] in ("content-type-not-sent", "content-type-omitted", "content-type-charset", "verb-lowercase", "content-md5-dropped")] or ms)
        # a second mistake on another field, computed on the already-wrong string
        ms2 = [m for m in v1_mistakes(w1, query) if m[0] != f1 and m[1] not in ("crlf-line-ends", "trailing-newline")]
        if not ms2:
            return None
        f2, l2, wrong = random.choice(ms2)
        label, field = f"{l1}+{l2}", None
        sig = oss2_sign(auth, req, bucket, key, wrong)
    else:
        field, label, wrong = random.choice(ms)
        sig = oss2_sign(auth, req, bucket, key, wrong)
    body, rid = error_body("0002-00000040", sig, s, host=host)
    exp = {"signature_version": "v1", "client": {"source": "secret-search", "string_to_sign": {"text": wrong.decode()}},
           "error": {"code": "SignatureDoesNotMatch", "request_id": rid}, "exit_code": 1}
    if label == "secret-whitespace":
        exp["verdict"] = "identical"
        exp["hints"] = [{"id": "secret-whitespace"}]
    else:
        exp["verdict"] = "mismatch"
    if field and label not in ("crlf-line-ends",):
        exp["culprits"] = [field]
    files = {"input.txt": body, "secret.txt": secret + "\n"}
    src = f"- kind: v1 with the secret only\n- mistake: `{label}`\n- auth: {'presigned URL' if query else 'header'}; host `{host}`; key {key!r}\n"
    return label, files, exp, src


# ------------------------------------------------------------------ V4

def v4_sign_ctx(method, host, bucket, key, region, headers, params, t, secret, additional=None):
    url = f"https://{host}/{quote(key, safe='/')}"
    if params:
        url += "?" + "&".join(quote(k, safe="") + ("=" + quote(v, safe="") if v else "") for k, v in params)
    req = HttpRequest(method, url, headers=dict(headers))
    ctx = SigningContext(product="oss", region=region, bucket=bucket, key=key, request=req,
                         credentials=StaticCredentialsProvider(AK, secret).get_credentials(),
                         signing_time=datetime.datetime.fromtimestamp(t, datetime.timezone.utc),
                         additional_headers=additional)
    signer = SignerV4()
    signer.sign(ctx)
    addl = signer._common_additional_headers(req, additional)
    cr = signer._calc_canonical_request(ctx, addl)
    assert ctx.string_to_sign.endswith(hashlib.sha256(cr.encode()).hexdigest())
    return signer, ctx, req, cr, url


def v4_mistakes(cr, host):
    L = cr.split("\n")
    blank = L.index("", 3)
    verb, uri, q, hdrs, addl, pay = L[0], L[1], L[2], L[3:blank], L[blank + 1], L[blank + 2]
    mk = lambda **k: "\n".join([k.get("verb", verb), k.get("uri", uri), k.get("q", q)] + k.get("hdrs", hdrs) + ["", k.get("addl", addl), k.get("pay", pay)])
    out = [("verb", "verb-lowercase", mk(verb=verb.lower()))]
    from urllib.parse import unquote
    if unquote(uri) != uri:
        out.append(("uri", "uri-not-encoded", mk(uri=unquote(uri))))
    if quote(uri, safe="/") != uri:
        out.append(("uri", "uri-double-encoded", mk(uri=quote(uri, safe="/"))))
    if q:
        items = q.split("&")
        if len(items) > 1:
            out.append(("query", "query-unsorted", mk(q="&".join(reversed(items)))))
        if unquote(q) != q:
            name = items[0].partition("=")[0]
            out.append(("query:" + name, "query-not-encoded", mk(q="&".join([unquote(items[0])] + items[1:]))))
    hn = [h.partition(":")[0] for h in hdrs]
    if "host" not in hn:
        nh = sorted(hdrs + [f"host:{host}"])
        out.append(("header:host", "host-signed", mk(hdrs=nh, addl=";".join(sorted([a for a in addl.split(";") if a] + ["host"])))))
    for i, h in enumerate(hdrs):
        n = h.partition(":")[0]
        if n in ("x-oss-date", "x-oss-content-sha256"):
            continue
        out.append(("header:" + n, "header-missing", mk(hdrs=hdrs[:i] + hdrs[i + 1:])))
        out.append(("header:" + n, "header-untrimmed", mk(hdrs=hdrs[:i] + [h + " "] + hdrs[i + 1:])))
    if "content-type" not in hn:
        nh = sorted(hdrs + ["content-type:" + random.choice(MIMES)])
        out.append(("header:content-type", "content-type-not-sent", mk(hdrs=nh)))
    out.append(("payload-hash", "payload-hash", mk(pay=hashlib.sha256(b"").hexdigest())))
    return out


def v4_case(i, hashcase=False):
    secret = random.choice(SECRETS)
    bucket, key, region = random.choice(BUCKETS), random.choice(KEYS), random.choice(REGIONS)
    host = f"{bucket}.oss-{region}.aliyuncs.com"
    method = random.choice(["PUT", "GET", "GET", "DELETE", "HEAD"] if hashcase else ["PUT", "GET", "GET", "DELETE"])
    t = 1790000000 + random.randrange(10 ** 7)
    headers = {}
    if method == "PUT" and random.random() < 0.6:
        headers["Content-Type"] = random.choice(MIMES)
    for n in random.sample(["x-oss-meta-author", "x-oss-object-acl", "x-oss-storage-class"], random.randrange(0, 3)):
        headers[n] = {"x-oss-object-acl": "private", "x-oss-storage-class": "IA"}.get(n, "v%d" % random.randrange(1000))
    params = random.sample([("versionId", "CAEQNhiBgMDJ"), ("response-content-disposition", 'attachment; filename="a b.txt"'), ("acl", ""), ("x-oss-process", "image/resize,w_100")], random.randrange(0, 3)) if random.random() < 0.5 else []
    additional = {"host"} if random.random() < 0.3 else None
    if additional:
        headers["Host"] = host
    signer, ctx, req, cr, url = v4_sign_ctx(method, host, bucket, key, region, headers, params, t, secret, additional)
    sts = ctx.string_to_sign
    ts, scope = sts.split("\n")[1], sts.split("\n")[2]
    date = ts[:8]
    sig_ok = req.headers["Authorization"].rsplit("Signature=", 1)[1]
    if hashcase:
        return v4_hash_case(signer, ctx, req, cr, url, host, bucket, key, region, method, headers, params, t, secret, additional, sig_ok)
    r = random.random()
    if r < 0.25:
        kind = random.choice(["region-oss-prefix", "scope-date", "secret-whitespace"])
        if kind == "region-oss-prefix":
            reg2, date2, field = "oss-" + region, date, "scope.region"
        elif kind == "scope-date":
            d2 = (datetime.datetime.strptime(date, "%Y%m%d") + datetime.timedelta(days=random.choice([-1, 1]))).strftime("%Y%m%d")
            reg2, date2, field = region, d2, "scope.date"
        else:
            reg2, date2, field = region, date, None
        sec2 = secret + "\n" if kind == "secret-whitespace" else secret
        wrong_cr = cr
        wrong_sts = signer._calc_string_to_sign(ts, f"{date2}/{reg2}/oss/aliyun_v4_request", wrong_cr)
        sig = signer._calc_signature(sec2, date2, reg2, "oss", wrong_sts)
        label = kind
    else:
        field, label, wrong_cr = random.choice(v4_mistakes(cr, host))
        wrong_sts = signer._calc_string_to_sign(ts, scope, wrong_cr)
        sig = signer._calc_signature(secret, date, region, "oss", wrong_sts)
    body, rid = error_body("0002-00000201", sig, sts.encode(), cr.encode(), host=host)
    exp = {"signature_version": "v4", "client": {"source": "secret-search", "string_to_sign": {"text": wrong_sts}},
           "error": {"code": "SignatureDoesNotMatch", "request_id": rid}, "exit_code": 1}
    if label == "secret-whitespace":
        exp["verdict"] = "identical"
        exp["hints"] = [{"id": "secret-whitespace"}]
    else:
        exp["verdict"] = "mismatch"
        if field and field != "query":
            # a host line added also names host in the additional-headers line
            exp["culprits"] = [field, "additional-headers"] if label == "host-signed" else [field]
    files = {"input.txt": body, "secret.txt": secret + "\n"}
    src = f"- kind: v4 with the secret only (body has CanonicalRequest + StringToSign)\n- mistake: `{label}`\n- host `{host}`; key {key!r}\n"
    return label, files, exp, src


def raw_http(method, url, headers):
    from urllib.parse import urlsplit
    p = urlsplit(url)
    target = p.path + ("?" + p.query if p.query else "")
    lines = [f"{method} {target} HTTP/1.1", f"Host: {p.netloc}"]
    for k, v in headers.items():
        if k.lower() != "host":
            lines.append(f"{k}: {v}")
    return "\r\n".join(lines) + "\r\n\r\n"


def v4_hash_case(signer, ctx, req, cr, url, host, bucket, key, region, method, headers, params, t, secret, additional, sig_ok):
    sent = dict(req.headers)
    changes = []
    if "Content-Type" not in headers and method in ("PUT", "POST"):
        changes.append(("header:content-type", "browser-content-type", lambda h, m: (dict(h, **{"Content-Type": random.choice(MIMES)}), m)))
    if "Content-Type" in headers:
        changes.append(("header:content-type", "content-type-charset", lambda h, m: (dict(h, **{"Content-Type": h["Content-Type"] + "; charset=utf-8"}), m)))
    changes.append(("header:x-oss-range-behavior", "cdn-oss-header", lambda h, m: (dict(h, **{"x-oss-range-behavior": "standard"}), m)))
    if method == "HEAD":
        changes.append(("verb", "head-to-get", lambda h, m: (h, "GET")))
    for n in headers:
        if n.lower().startswith("x-oss-meta"):
            changes.append(("header:" + n.lower(), "proxy-drops-header", lambda h, m, n=n: ({k: v for k, v in h.items() if k != n}, m)))
    field, label, fn = random.choice(changes)
    h2, m2 = fn(sent, method)
    # what OSS canonicalizes: the SDK's canonical request of the changed request
    req2 = HttpRequest(m2, req.url, headers={k: v for k, v in h2.items() if k != "Authorization"})
    ctx2 = copy.copy(ctx)
    ctx2.request = req2
    cr2 = signer._calc_canonical_request(ctx2, signer._common_additional_headers(req2, additional))
    ts = ctx.string_to_sign.split("\n")[1]
    scope = ctx.string_to_sign.split("\n")[2]
    sts2 = signer._calc_string_to_sign(ts, scope, cr2)
    body, rid = error_body("0002-00000201", sig_ok, sts2.encode(), None, host=host)
    exp = {"signature_version": "v4", "verdict": "mismatch", "culprits": [field],
           "error": {"code": "SignatureDoesNotMatch", "request_id": rid},
           "hints": [{"id": "v4-canonical-request-recovered"}], "exit_code": 1}
    files = {"input.txt": body, "input2.txt": raw_http(method, req.url, sent)}
    src = f"- kind: v4 without the secret: body has only StringToSign; input2.txt is the request as the client sent it\n- change on the way: `{label}`\n- host `{host}`; key {key!r}\n"
    return label, files, exp, src


# ------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--count", type=int, default=30)
    ap.add_argument("--prefix", default="secret")
    ap.add_argument("--eval")
    ap.add_argument("--bin", default="target/release/ossdiag")
    a = ap.parse_args()
    if a.eval:
        return evaluate(a.eval, a.bin)
    random.seed(a.seed)
    os.makedirs(a.out, exist_ok=True)
    n = 0
    while n < a.count:
        kind = ["v1", "v1", "v4", "v4hash"][n % 4]
        c = v1_case(n) if kind == "v1" else v4_case(n, hashcase=(kind == "v4hash"))
        if c is None:
            continue
        label, files, exp, src = c
        n += 1
        name = f"{a.prefix}-{kind}-{n:03d}-{label.replace('+', '-and-')}"
        d = os.path.join(a.out, name)
        os.makedirs(d, exist_ok=True)
        for fn, content in files.items():
            with open(os.path.join(d, fn), "w", encoding="utf-8", newline="") as f:
                f.write(content)
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump(exp, f, indent=2, ensure_ascii=False)
            f.write("\n")
        with open(os.path.join(d, "SOURCE.md"), "w") as f:
            f.write(f"# {name}\n\nGenerated by `tools/gen_secret_cases.py --seed {a.seed} --count {a.count} --prefix {a.prefix}` (case {n}) — do not edit by hand.\n"
                    f"Signers: oss2 {oss2.__version__} (V1), alibabacloud-oss-v2 SignerV4 (V4).\n\n{src}")


def evaluate(root, binary):
    sys.path.insert(0, os.path.dirname(__file__))
    ok, bad, times = 0, [], []
    for name in sorted(os.listdir(root)):
        d = os.path.join(root, name)
        exp = json.load(open(os.path.join(d, "expected.json")))
        args = [binary, "diagnose"] + sorted([os.path.join(d, f) for f in os.listdir(d) if f.startswith("input")], key=lambda p: (not p.endswith("input.txt"), p)) + ["--format", "json"]
        env = dict(os.environ)
        if os.path.exists(os.path.join(d, "secret.txt")):
            env["OSSDIAG_TEST_SECRET"] = open(os.path.join(d, "secret.txt")).read().rstrip("\n")
            args += ["--secret-env", "OSSDIAG_TEST_SECRET"]
        t0 = time.time()
        p = subprocess.run(args, capture_output=True, env=env)
        times.append(time.time() - t0)
        try:
            rep = json.loads(p.stdout)
        except Exception:
            bad.append((name, "no json: " + p.stderr.decode()[:200]))
            continue
        good = True
        why = ""
        if "string_to_sign" in exp.get("client", {}):
            got = (rep.get("client") or {}).get("string_to_sign")
            if got != exp["client"]["string_to_sign"] or rep["client"]["source"] != "secret-search":
                good, why = False, f"client {rep.get('client')}"
        if "culprits" in exp and (rep.get("culprits") or [None])[0] != exp["culprits"][0]:
            good, why = False, f"culprits {rep.get('culprits')} != {exp['culprits']}"
        if good:
            ok += 1
        else:
            bad.append((name, why))
    n = ok + len(bad)
    print(f"{ok}/{n} right ({100.0 * ok / max(n, 1):.1f}%); time per case: max {max(times):.2f} s, mean {sum(times) / len(times):.2f} s")
    for b in bad:
        print("  MISS", b[0], b[1][:300])


if __name__ == "__main__":
    main()
