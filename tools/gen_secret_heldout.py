#!/usr/bin/env python3
"""Held-out secret-search cases whose mistakes come from an independent description (issue 11).

    python3 tools/gen_secret_heldout.py --out /tmp/heldout-fam --seed 11 --count 400
    python3 tools/gen_secret_cases.py --eval /tmp/heldout-fam --bin target/release/ossdiag

The requests and the signers are those of tools/gen_secret_cases.py (oss2 for V1,
alibabacloud-oss-v2's SignerV4 for V4). The mistakes are NOT the Rust search's lists: they are
written here from the issue's families, with Python's own encoders (urllib quote/quote_plus)
and re-implementations of what JS, Java, Go and .NET encoders produce:

* encodings of the key, sub-resource and query values: RFC 3986, encodeURIComponent,
  encodeURI, Java URLEncoder, Go PathEscape / QueryEscape, Python quote / quote_plus,
  .NET EscapeDataString; '/' kept or encoded; applied twice; decoded;
* subsets: sub-resources dropped (all of them: "the resource without its query"), x-oss
  headers dropped (one, two, all), V4 query parameters dropped, host signed;
* times: Date in other formats (unpadded day, +0000, UTC, ISO 8601, RFC 850, asctime),
  local time sent as GMT (whole-hour offsets -12..+14), Expires in ms, Expires from another
  base (+/- a timeout), V4 scope date +/- 1 day, region with oss- / a neighbour, product;
* text: verb case, header-name case, Content-Type case, whitespace in values and around
  ':', CRLF, a trailing newline, Latin-1 instead of UTF-8 for non-ASCII;
* the secret: surrounding whitespace, a trailing newline, a '%' as zsh prints it.

A case draws one family (70%) or two on different fields (30%). V4 hash-only cases (no
secret) change the request on the way: a proxy turning %20 into '+' in the path, encoding
the key twice, a CDN adding an x-oss header, Content-Type charset/case, a dropped header.
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import sys
from urllib.parse import quote, quote_plus, unquote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_secret_cases as g  # noqa: E402
import oss2  # noqa: E402

UNRES = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"


def pct(s, safe, plus=False, lower=False):
    out = []
    for b in s.encode("utf-8"):
        c = chr(b)
        if b < 128 and (c in UNRES or c in safe):
            out.append(c)
        elif plus and c == " ":
            out.append("+")
        else:
            out.append(("%%%02x" if lower else "%%%02X") % b)
    return "".join(out)


# name -> function(text, keep_slash) ; each as the library produces it
ENCODERS = {
    "rfc3986": lambda s, k: pct(s, "/" if k else ""),
    "encodeURIComponent": lambda s, k: pct(s, "!*'()" + ("/" if k else "")),
    "encodeURI": lambda s, k: pct(s, ";,/?:@&=+$!*'()#"),
    "java-URLEncoder": lambda s, k: pct(s.replace("~", "\0"), "*" + ("/" if k else ""), plus=True).replace("%00", "%7E"),
    "go-PathEscape": lambda s, k: pct(s, "!$&'()*+,;=:@" + ("/" if k else "")),
    "go-QueryEscape": lambda s, k: pct(s, "/" if k else "", plus=True),
    "python-quote": lambda s, k: quote(s, safe="/" if k else ""),
    "python-quote_plus": lambda s, k: quote_plus(s, safe="/" if k else ""),
    "dotnet-EscapeDataString": lambda s, k: pct(s, "/" if k else ""),
    "lowercase-hex": lambda s, k: pct(s, "/" if k else "", lower=True),
}


def encodings(text):
    """Every way an encoder family writes `text` (not the text itself)."""
    out = []
    for name, f in ENCODERS.items():
        for keep in (True, False):
            once = f(text, keep)
            out.append((f"{name}{'' if keep else ' /-encoded'}", once))
            out.append((f"{name} twice", f(once, keep)))
    d = unquote(text)
    out.append(("decoded", d))
    seen, res = {text}, []
    for n, v in out:
        if v not in seen:
            seen.add(v)
            res.append((n, v))
    return res


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
LONGWD = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def date_formats(t):
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    wd, mon = WD[d.weekday()], MONTHS[d.month - 1]
    hms = f"{d.hour:02d}:{d.minute:02d}:{d.second:02d}"
    return [
        ("unpadded day", f"{wd}, {d.day} {mon} {d.year} {hms} GMT"),
        ("+0000", f"{wd}, {d.day:02d} {mon} {d.year} {hms} +0000"),
        ("UTC", f"{wd}, {d.day:02d} {mon} {d.year} {hms} UTC"),
        ("ISO 8601", d.strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("ISO 8601 ms", d.strftime("%Y-%m-%dT%H:%M:%S.000Z")),
        ("RFC 850", f"{LONGWD[d.weekday()]}, {d.day:02d}-{mon}-{d.year % 100:02d} {hms} GMT"),
        ("asctime", f"{wd} {mon} {d.day:2d} {hms} {d.year}"),
    ]


def http_date(t):
    return g.http_date(t)


# ------------------------------------------------------------------ V1 families

def v1_parse(s):
    L = s.split("\n")
    return {"verb": L[0], "md5": L[1], "ct": L[2], "date": L[3], "hdrs": L[4:-1], "res": L[-1]}


def v1_join(p):
    return "\n".join([p["verb"], p["md5"], p["ct"], p["date"]] + p["hdrs"] + [p["res"]])


def v1_families(p, query, key, bucket):
    """[(field, label, fn(parts)->parts or whole-string fn)] drawn from the families."""
    out = []

    def setf(name, val):
        return lambda q: dict(q, **{name: val})

    # text: verb case
    for v in {p["verb"].lower(), p["verb"].title()} - {p["verb"]}:
        out.append(("verb", f"verb-case:{v}", setf("verb", v)))
    # content-type case / charset
    ct = p["ct"]
    if ct:
        for v in {ct.upper(), ct.title(), ct + "; charset=UTF-8", ct + ";charset=utf-8", ""} - {ct}:
            out.append(("content-type", f"content-type:{v!r}", setf("ct", v)))
    # times
    if query:
        e = int(p["date"])
        out.append(("expires", "expires-ms", setf("date", str(e * 1000))))
        for tmo in (60, 300, 900, 1800, 3600, 7200, 86400):
            out.append(("expires", f"expires-timeout-twice:{tmo}", setf("date", str(e + tmo))))
            out.append(("expires", f"expires-other-base:-{tmo}", setf("date", str(e - tmo))))
        out.append(("expires", "expires-one-hour-off", setf("date", str(e + 3600))))
    else:
        try:
            t = int(datetime.datetime.strptime(p["date"], "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=datetime.timezone.utc).timestamp())
        except ValueError:
            t = None  # a date already reformatted by the first mistake
        for n, v in (date_formats(t) if t is not None else []):
            if v != p["date"]:
                out.append(("date", f"date-format:{n}", setf("date", v)))
        for h in (range(-12, 15) if t is not None else []):
            if h:
                out.append(("date", f"local-time-as-gmt:{h:+d}", setf("date", http_date(t + 3600 * h))))
        if t is not None:
            out.append(("date", "date-in-ms", setf("date", str(t * 1000))))
    # x-oss headers: subsets, name case, whitespace, charset
    hd = p["hdrs"]
    for i, h in enumerate(hd):
        n, _, v = h.partition(":")
        f = "header:" + n
        rep = lambda i, x: (lambda q: dict(q, hdrs=q["hdrs"][:i] + [x] + q["hdrs"][i + 1:]))
        out.append((f, "header-dropped", lambda q, i=i: dict(q, hdrs=q["hdrs"][:i] + q["hdrs"][i + 1:])))
        out.append((f, "header-name-title", rep(i, n.title() + ":" + v)))
        out.append((f, "header-name-upper", rep(i, n.upper() + ":" + v)))
        out.append((f, "header-space-after-colon", rep(i, n + ": " + v)))
        out.append((f, "header-spaces-around-colon", rep(i, n + " : " + v)))
        out.append((f, "header-value-trailing-space", rep(i, n + ":" + v + " ")))
        out.append((f, "header-value-leading-space", rep(i, n + ": " + v)))
        if " " in v:
            out.append((f, "header-value-space-doubled", rep(i, n + ":" + v.replace(" ", "  ", 1))))
    if len(hd) >= 2:
        out.append(("header:" + hd[0].partition(":")[0], "all-headers-dropped", lambda q: dict(q, hdrs=[])))
    # resource: key encodings, bucket, sub-resource subsets and value encodings
    path, qm, sub = p["res"].partition("?")
    if key:
        for n, enc in encodings(key):
            out.append(("resource", f"key-{n}", lambda q, enc=enc: dict(q, res=f"/{bucket}/{enc}" + (qm + sub))))
        try:
            lat = key.encode("latin-1")
            if lat != key.encode():
                out.append(("resource", "key-latin-1", "latin1-key"))
        except UnicodeEncodeError:
            pass
    if sub:
        items = sub.split("&")
        out.append(("resource", "resource-without-query", setf("res", path)))
        for k in range(len(items)):
            left = items[:k] + items[k + 1:]
            out.append(("resource", f"subresource-dropped:{items[k].partition('=')[0]}",
                        setf("res", path + ("?" + "&".join(left) if left else ""))))
            name, eq, val = items[k].partition("=")
            if val:
                for n, enc in encodings(val):
                    if n == "decoded":
                        continue
                    it2 = items[:k] + [name + "=" + enc] + items[k + 1:]
                    out.append(("resource", f"subresource-value-{n}", setf("res", path + "?" + "&".join(it2))))
    # line endings
    out.append(("verb", "crlf", "crlf"))
    out.append(("resource", "trailing-newline", "trailing-lf"))
    return out


def v1_apply(p, fam, key, bucket):
    fn = fam[2]
    if fn == "crlf":
        return v1_join(p).replace("\n", "\r\n")
    if fn == "trailing-lf":
        return v1_join(p) + "\n"
    if fn == "latin1-key":
        return None
    return v1_join(fn(p))


SECRET_FAMILY = [("\n", "trailing-newline"), (" ", "trailing-space"), ("%", "zsh-percent"), ("\r\n", "crlf"), (" ", "leading-space")]


def v1_case(i):
    secret = random.choice(g.SECRETS)
    auth = oss2.Auth(g.AK, secret)
    bucket, key = random.choice(g.BUCKETS), random.choice(g.KEYS)
    region = random.choice(g.REGIONS)
    host = f"{bucket}.oss-{region}.aliyuncs.com"
    method = random.choice(["PUT", "GET", "GET", "POST", "DELETE"])
    query = random.random() < 0.35
    t = 1790000000 + random.randrange(10 ** 7)
    headers = {}
    if method in ("PUT", "POST") and random.random() < 0.7:
        headers["Content-Type"] = random.choice(g.MIMES)
    for n in random.sample(["x-oss-meta-author", "x-oss-object-acl", "x-oss-storage-class", "x-oss-meta-note"], random.randrange(0, 3)):
        headers[n] = {"x-oss-object-acl": "private", "x-oss-storage-class": "IA", "x-oss-meta-note": "two words"}.get(n, "v%d" % random.randrange(1000))
    params = dict(random.sample(g.SUBRES, random.randrange(1, 3))) if random.random() < 0.5 else {}
    req = oss2.http.Request(method, f"https://{host}/{quote(key, safe='')}", params=params, headers=headers)
    req.headers["date"] = str(t + 3600) if query else http_date(t)
    s = auth._ProviderAuth__get_bytes_to_sign(req, bucket, key)
    p = v1_parse(s.decode())
    fams = v1_families(p, query, key, bucket)
    r = random.random()
    sec = secret
    if r < 0.08:
        pre_post, lab = random.choice(SECRET_FAMILY)
        sec = " " + secret if lab == "leading-space" else secret + pre_post
        wrong, label, field = s, "secret-" + lab, None
    elif r < 0.38:
        f1 = random.choice([f for f in fams if not isinstance(f[2], str)])
        p1 = f1[2](p)
        f2s = [f for f in v1_families(p1, query, key, bucket) if f[0] != f1[0] and f[0] != "verb" and not isinstance(f[2], str)]
        if not f2s:
            return None
        f2 = random.choice(f2s)
        wrong = v1_join(f2[2](p1)).encode()
        label, field = f"{f1[1]}+{f2[1]}", None
    else:
        f1 = random.choice(fams)
        if f1[2] == "latin1-key":
            s2 = s.decode()
            pre, _, post = s2.partition("/" + bucket + "/" + key)
            wrong = pre.encode() + ("/" + bucket + "/").encode() + key.encode("latin-1") + post.encode()
        else:
            wrong = v1_apply(p, f1, key, bucket).encode()
        label, field = f1[1], f1[0]
    if wrong == s and not label.startswith("secret"):
        return None
    raw = oss2.ProviderAuth(oss2.credentials.StaticCredentialsProvider(g.AK, sec))
    sig = g.oss2_sign(raw, req, bucket, key, wrong)
    body, rid = g.error_body("0002-00000040", sig, s, host=host)
    exp = {"signature_version": "v1", "client": {"source": "secret-search", "string_to_sign": {"bytes": __import__("base64").b64encode(wrong).decode()}},
           "error": {"code": "SignatureDoesNotMatch", "request_id": rid}, "exit_code": 1}
    try:
        exp["client"]["string_to_sign"] = {"text": wrong.decode()}
    except UnicodeDecodeError:
        pass
    if label.startswith("secret"):
        exp["verdict"] = "identical"
    else:
        exp["verdict"] = "mismatch"
    if field and label not in ("crlf",):
        # a Date line of digits reads as an Expires line on the client side
        exp["culprits"] = [field, "expires"] if label == "date-in-ms" else [field]
    files = {"input.txt": body, "secret.txt": secret + "\n"}
    src = f"- kind: v1 with the secret only (held-out families)\n- mistake: `{label}`\n- auth: {'presigned URL' if query else 'header'}; host `{host}`; key {key!r}\n"
    return label, files, exp, src


# ------------------------------------------------------------------ V4 families

def cr_parse(cr):
    L = cr.split("\n")
    blank = L.index("", 3)
    return {"verb": L[0], "uri": L[1], "q": L[2], "hdrs": L[3:blank], "addl": L[blank + 1], "pay": L[blank + 2]}


def cr_join(c):
    return "\n".join([c["verb"], c["uri"], c["q"]] + c["hdrs"] + ["", c["addl"], c["pay"]])


def v4_families(c, bucket, key, host):
    out = []
    setf = lambda n, v: (lambda q: dict(q, **{n: v}))
    for v in {c["verb"].lower(), c["verb"].title()} - {c["verb"]}:
        out.append(("verb", f"verb-case:{v}", setf("verb", v)))
    for n, enc in encodings(key):
        if n == "decoded":
            u = "/" + bucket + "/" + key
        else:
            u = "/" + bucket + "/" + enc
        if u != c["uri"]:
            out.append(("uri", f"uri-key-{n}", setf("uri", u)))
    if c["q"]:
        items = c["q"].split("&")
        for k, it in enumerate(items):
            name, eq, val = it.partition("=")
            left = items[:k] + items[k + 1:]
            out.append(("query:" + name, "query-param-dropped", setf("q", "&".join(left))))
            if val:
                raw = unquote(val)
                for n, enc in encodings(raw):
                    if enc != val:
                        out.append(("query:" + name, f"query-value-{n}", setf("q", "&".join(items[:k] + [name + "=" + enc] + items[k + 1:]))))
        if len(items) >= 2:
            out.append(("query", "query-unsorted", setf("q", "&".join(reversed(items)))))
    hd = c["hdrs"]
    for i, h in enumerate(hd):
        n, _, v = h.partition(":")
        if n in ("x-oss-date", "x-oss-content-sha256"):
            continue
        rep = lambda i, x: (lambda q: dict(q, hdrs=q["hdrs"][:i] + [x] + q["hdrs"][i + 1:]))
        out.append(("header:" + n, "header-dropped", lambda q, i=i: dict(q, hdrs=q["hdrs"][:i] + q["hdrs"][i + 1:])))
        out.append(("header:" + n, "header-trailing-space", rep(i, h + " ")))
        out.append(("header:" + n, "header-space-after-colon", rep(i, n + ": " + v)))
        if n == "content-type":
            for v2 in {v.upper(), v + "; charset=utf-8", v + ";charset=UTF-8"} - {v}:
                out.append(("header:content-type", f"content-type:{v2}", rep(i, n + ":" + v2)))
    names = [h.partition(":")[0] for h in hd]
    if "host" not in names:
        out.append(("header:host", "host-signed", lambda q: dict(q, hdrs=sorted(q["hdrs"] + [f"host:{host}"]),
                                                              addl=";".join(sorted([a for a in q["addl"].split(";") if a] + ["host"])))))
    for pay in ("UNSIGNED-PAYLOAD", hashlib.sha256(b"").hexdigest()):
        if pay != c["pay"]:
            out.append(("payload-hash", "payload-hash", setf("pay", pay)))
    out.append(("verb", "crlf", "crlf"))
    return out


def neighbour_regions(region):
    near = {"cn-hangzhou": ["cn-shanghai"], "cn-shanghai": ["cn-hangzhou"], "cn-beijing": ["cn-zhangjiakou", "cn-qingdao"],
            "ap-southeast-1": ["ap-southeast-3", "ap-southeast-5"], "us-west-1": ["us-east-1"], "eu-central-1": ["eu-west-1"]}
    return near.get(region, ["cn-hangzhou"])


def v4_case(i):
    secret = random.choice(g.SECRETS)
    bucket, key, region = random.choice(g.BUCKETS), random.choice(g.KEYS), random.choice(g.REGIONS)
    host = f"{bucket}.oss-{region}.aliyuncs.com"
    method = random.choice(["PUT", "GET", "GET", "DELETE"])
    t = 1790000000 + random.randrange(10 ** 7)
    headers = {}
    if method == "PUT" and random.random() < 0.6:
        headers["Content-Type"] = random.choice(g.MIMES)
    for n in random.sample(["x-oss-meta-author", "x-oss-object-acl", "x-oss-storage-class"], random.randrange(0, 3)):
        headers[n] = {"x-oss-object-acl": "private", "x-oss-storage-class": "IA"}.get(n, "v%d" % random.randrange(1000))
    params = random.sample([("versionId", "CAEQNhiBgMDJ"), ("response-content-disposition", 'attachment; filename="a b.txt"'), ("acl", ""), ("x-oss-process", "image/resize,w_100")], random.randrange(1, 3)) if random.random() < 0.5 else []
    additional = {"host"} if random.random() < 0.3 else None
    if additional:
        headers["Host"] = host
    signer, ctx, req, cr, url = g.v4_sign_ctx(method, host, bucket, key, region, headers, params, t, secret, additional)
    sts = ctx.string_to_sign
    ts = sts.split("\n")[1]
    date = ts[:8]
    c = cr_parse(cr)
    fams = v4_families(c, bucket, key, host)
    r = random.random()
    reg2, date2, prod2, sec, wrong_cr, field = region, date, "oss", secret, cr, None
    if r < 0.3:
        kind = random.choice(["region-oss", "region-neighbour", "date-1", "date+1", "product", "secret"])
        if kind == "region-oss":
            reg2, field = "oss-" + region, "scope.region"
        elif kind == "region-neighbour":
            reg2, field = random.choice(neighbour_regions(region)), "scope.region"
        elif kind.startswith("date"):
            date2 = (datetime.datetime.strptime(date, "%Y%m%d") + datetime.timedelta(days=int(kind[4:]))).strftime("%Y%m%d")
            field = "scope.date"
        elif kind == "product":
            prod2, field = random.choice(["s3", "OSS", "oss2"]), "scope.product"
        else:
            pp, lab = random.choice(SECRET_FAMILY)
            sec = " " + secret if lab == "leading-space" else secret + pp
            kind = "secret-" + lab
        label = kind
        if random.random() < 0.4 and not kind.startswith("secret"):
            f = random.choice([f for f in fams if not isinstance(f[2], str)])
            wrong_cr = cr_join(f[2](c))
            label += "+" + f[1]
            field = None
    else:
        f1 = random.choice(fams)
        if f1[2] == "crlf":
            wrong_cr = cr.replace("\n", "\r\n")
        else:
            c1 = f1[2](c)
            wrong_cr = cr_join(c1)
            if random.random() < 0.3:
                f2s = [f for f in v4_families(c1, bucket, key, host) if f[0] != f1[0] and not isinstance(f[2], str)]
                if f2s:
                    f2 = random.choice(f2s)
                    wrong_cr = cr_join(f2[2](c1))
                    f1 = (None, f1[1] + "+" + f2[1], None)
        label, field = f1[1], f1[0]
    if wrong_cr == cr and (reg2, date2, prod2, sec) == (region, date, "oss", secret):
        return None
    wrong_sts = signer._calc_string_to_sign(ts, f"{date2}/{reg2}/{prod2}/aliyun_v4_request", wrong_cr)
    sig = signer._calc_signature(sec, date2, reg2, prod2, wrong_sts)
    body, rid = g.error_body("0002-00000201", sig, sts.encode(), cr.encode(), host=host)
    exp = {"signature_version": "v4", "client": {"source": "secret-search", "string_to_sign": {"text": wrong_sts}},
           "error": {"code": "SignatureDoesNotMatch", "request_id": rid}, "exit_code": 1}
    exp["verdict"] = "identical" if label.startswith("secret") else "mismatch"
    if field and field not in ("query",) and label != "crlf":
        # a host line added also names host in the additional-headers line
        exp["culprits"] = [field, "additional-headers"] if label == "host-signed" else [field]
    files = {"input.txt": body, "secret.txt": secret + "\n"}
    src = f"- kind: v4 with the secret only (held-out families)\n- mistake: `{label}`\n- host `{host}`; key {key!r}\n"
    return label, files, exp, src


def v4_hash_case(i):
    secret = random.choice(g.SECRETS)
    bucket, key, region = random.choice(g.BUCKETS), random.choice(g.KEYS), random.choice(g.REGIONS)
    host = f"{bucket}.oss-{region}.aliyuncs.com"
    method = random.choice(["PUT", "GET", "GET", "DELETE", "HEAD"])
    t = 1790000000 + random.randrange(10 ** 7)
    headers = {}
    if method == "PUT" and random.random() < 0.6:
        headers["Content-Type"] = random.choice(g.MIMES)
    for n in random.sample(["x-oss-meta-author", "x-oss-object-acl", "x-oss-storage-class"], random.randrange(0, 3)):
        headers[n] = {"x-oss-object-acl": "private", "x-oss-storage-class": "IA"}.get(n, "v%d" % random.randrange(1000))
    signer, ctx, req, cr, url = g.v4_sign_ctx(method, host, bucket, key, region, headers, [], t, secret, None)
    c = cr_parse(cr)
    ch = []
    if "%20" in c["uri"]:
        ch.append(("uri", "proxy-%20-to-plus", dict(c, uri=c["uri"].replace("%20", "%2B"))))
    if "%" in c["uri"]:
        ch.append(("uri", "proxy-encodes-twice", dict(c, uri=quote(c["uri"], safe="/"))))
    ch.append(("header:x-oss-range-behavior" if random.random() < 0.5 else "header:x-oss-request-payer", "cdn-adds-header", None))
    for k, h in enumerate(c["hdrs"]):
        n, _, v = h.partition(":")
        if n == "content-type":
            ch.append(("header:content-type", "ct-charset", dict(c, hdrs=c["hdrs"][:k] + [h + ";charset=UTF-8"] + c["hdrs"][k + 1:])))
            ch.append(("header:content-type", "ct-case", dict(c, hdrs=c["hdrs"][:k] + [n + ":" + v.upper()] + c["hdrs"][k + 1:])))
        if n.startswith("x-oss-meta"):
            ch.append(("header:" + n, "proxy-drops-header", dict(c, hdrs=c["hdrs"][:k] + c["hdrs"][k + 1:])))
    if method == "HEAD":
        ch.append(("verb", "head-to-get", dict(c, verb="GET")))
    field, label, c2 = random.choice(ch)
    if c2 is None:
        name = field.split(":", 1)[1]
        val = {"x-oss-range-behavior": "standard", "x-oss-request-payer": "requester"}[name]
        c2 = dict(c, hdrs=sorted(c["hdrs"] + [f"{name}:{val}"]))
    cr2 = cr_join(c2)
    ts, scope = ctx.string_to_sign.split("\n")[1:3]
    sts2 = signer._calc_string_to_sign(ts, scope, cr2)
    sig_ok = req.headers["Authorization"].rsplit("Signature=", 1)[1]
    body, rid = g.error_body("0002-00000201", sig_ok, sts2.encode(), None, host=host)
    exp = {"signature_version": "v4", "verdict": "mismatch", "culprits": [field],
           "error": {"code": "SignatureDoesNotMatch", "request_id": rid}, "exit_code": 1}
    files = {"input.txt": body, "input2.txt": g.raw_http(method, req.url, dict(req.headers))}
    src = f"- kind: v4 without the secret (held-out families); input2.txt is the request as sent\n- change on the way: `{label}`\n- host `{host}`; key {key!r}\n"
    return label, files, exp, src


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--prefix", default="heldout")
    a = ap.parse_args()
    random.seed(a.seed)
    os.makedirs(a.out, exist_ok=True)
    n = 0
    while n < a.count:
        kind = ["v1", "v1", "v4", "v4hash"][n % 4]
        c = {"v1": v1_case, "v4": v4_case, "v4hash": v4_hash_case}[kind](n)
        if c is None:
            continue
        label, files, exp, src = c
        n += 1
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in label.replace("+", "-and-"))[:60].strip("-")
        name = f"{a.prefix}-{kind}-{n:03d}-{safe}"
        d = os.path.join(a.out, name)
        os.makedirs(d, exist_ok=True)
        for fn, content in files.items():
            with open(os.path.join(d, fn), "w", encoding="utf-8", newline="") as f:
                f.write(content)
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump(exp, f, indent=2, ensure_ascii=False)
            f.write("\n")
        with open(os.path.join(d, "SOURCE.md"), "w") as f:
            f.write(f"# {name}\n\nGenerated by `tools/gen_secret_heldout.py --seed {a.seed} --count {a.count} --prefix {a.prefix}` (case {n}) — do not edit by hand.\n"
                    f"Signers: oss2 {oss2.__version__} (V1), alibabacloud-oss-v2 SignerV4 (V4). Mistakes from the issue-11 families, written independently of src/secret.\n\n{src}")


if __name__ == "__main__":
    main()
