#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Generate V4 (OSS4-HMAC-SHA256) SignatureDoesNotMatch fixtures with the official
Python SDK `alibabacloud-oss-v2` as the oracle (see tools/requirements-v4.txt).

    pip install -r tools/requirements-v4.txt
    python3 tools/gen_v4_pyv2.py                                   # fixtures/gen-v4-py-NNN (40 cases, seed 4004)
    python3 tools/gen_v4_pyv2.py --out /tmp/heldout-v4 --seed 9001 --count 300   # held-out set
    python3 tools/gen_v4_pyv2.py --count 0 --vectors tools/vectors-v4.json       # plain signer vectors

Every canonical request, string to sign and signature comes from the SDK's own signer
(`alibabacloud_oss_v2.signer.v4.SignerV4`): requests go through `Client.put_object(...)`
etc. / `Client.presign(...)` with a recording HttpClient (no network) and a SignerV4
subclass that pins the signing time and records `_calc_canonical_request`. The server side
("the request as OSS received it") is the SDK's `_calc_canonical_request` /
`_calc_string_to_sign` applied to the received request. Only family-3 mutations edit the
SDK's strings (one field each), and the self-check re-parses them to prove exactly that
field differs.

Observed SDK behaviour (alibabacloud-oss-v2 1.4.1), surprising or at odds with
shared/spec/oss-signing.md §4/§8:
* `Config.additional_headers` is accepted but never reaches the signer: `build_request_context`
  does not copy `options.additional_headers` into the SigningContext, so the client never
  signs additional headers. We set `SigningContext.additional_headers` from the signer hook.
* Additional headers are kept only when present *and non-empty* in the request at signing
  time. `Host` is not a request header at that point (the transport adds it), so
  `additional_headers=['host']` is silently dropped unless the caller sets an explicit `Host`
  header (we do, when a case wants `host` signed). Spec §4.4 says "present"; py also drops
  empty ones (as §4.4 notes for go2/py2).
* Header values are not trimmed (spec §8.5 agrees): a value with trailing blanks would be
  signed with them while HTTP servers strip them, so no case uses such values.
* The canonical query is the wire query split on '&'/'=' and sorted as (name, value) pairs,
  no decode/re-encode (spec §4.3 agrees). The wire query comes from
  `urlencode(params, quote_via=quote)`, i.e. RFC 3986 with '/' encoded, so both readings agree.
  `acl=` on the wire (empty value) becomes bare `acl` in the canonical query.
* Presign signs `content-type`, `content-md5` and `x-oss-*` headers present at presign time
  (PutObjectRequest content_type / metadata); it does NOT add x-oss-date or
  x-oss-content-sha256 headers; `PresignResult.signed_headers` lists only those default-signed
  headers, never the additional ones. The x-oss-* auth parameters are appended in the order
  signature-version, date, expires, credential, security-token, additional-headers, and
  `x-oss-signature` last (unsigned). x-oss-expires = expiration - signing time (seconds).
* The canonical URI is `quote('/' + bucket + '/' + key, safe='/')` from the *decoded* key
  (`*` → %2A, `~` kept); the wire path is `quote(key)` — identical bytes for this SDK.
* Most operations add `Content-Type` (guessed from the key, default application/octet-stream)
  and many add `Content-MD5` even for an empty body (ListObjectsV2 on GET signs
  `content-md5:1B2M2Y8AsgTpgAmY7PhCfg==` and `content-type:application/octet-stream`); both are
  default-signed, so the sender must keep them byte for byte.
* A caller-supplied `x-oss-date` request header is parsed as an RFC 1123 date to pin the
  signing time (`build_request_context`); an ISO 8601 value there raises.
No contradiction with §4.1-4.7 was found for the rules these cases exercise.

Fixture conventions (shared with tools/node/gen_v4_alioss.js):
* families: 1 consistent (identical, hint secret-differs), 2 changed in transit (culprit = the
  canonical-request field, or `canonical-request-hash` + `_expected_field_after_search` when the
  error body has no <CanonicalRequest>), 3 client string with one mistake (client-string.txt is
  the client's canonical request — the error body then always has <CanonicalRequest> — or its
  string to sign; a canonical-request mistake seen only through a string to sign gives
  `canonical-request-hash`).
* `fields` lists the culprit with its status: server-only (added in transit / left out by the
  client), client-only (signed by the client only), else differs. query-unsorted has no status;
  its culprit is the client's parameter at the first position where the orders differ.
* `auth` is left out of expected.json when nothing in the inputs tells header from URL auth.
* Every family-1/2 captured request re-verifies with the SDK and the client secret.
"""
import argparse
import datetime
import hashlib
import json
import os
import random
import re
import shutil
import sys
from typing import List, Optional
from urllib.parse import quote, unquote, urlsplit

try:
    import alibabacloud_oss_v2 as oss
    from alibabacloud_oss_v2.signer.v4 import SignerV4
    from alibabacloud_oss_v2.types import (HttpClient, HttpResponse, HttpRequest,
                                           SigningContext, Credentials)
    from alibabacloud_oss_v2.credentials import StaticCredentialsProvider
    import requests
except ImportError as e:  # pragma: no cover
    sys.exit(f"missing dependency ({e}); run: pip install -r tools/requirements-v4.txt")

SDK_NAME = "alibabacloud-oss-v2"
SDK_VERSION = oss.__version__ if hasattr(oss, "__version__") else oss._version.VERSION
PREFIX = "gen-v4-py-"
DEFAULT_SEED = 4004
DEFAULT_COUNT = 40
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "fixtures"))

EC = "0002-00000201"
MESSAGE = ("The request signature we calculated does not match the signature you provided. "
           "Check your key and signing method.")
SDK_UA = f"alibabacloud-python-sdk-v2/{SDK_VERSION} (Linux/5.15.0-105-generic/x86_64;3.11.7)"
CURL_UA = "curl/8.5.0"
REQUESTS_UA = "python-requests/2.32.3"

REGIONS = ["cn-hangzhou", "cn-shanghai", "ap-southeast-1", "us-west-1"]
OTHER_REGION = {"cn-hangzhou": "cn-shanghai", "cn-shanghai": "cn-hangzhou",
                "ap-southeast-1": "ap-southeast-5", "us-west-1": "us-east-1"}
BUCKETS = ["examplebucket", "photo-archive-01", "logs-prod", "team-share", "media-cdn-origin",
           "backup-2024", "data-lake-raw", "web-assets"]
# keys with spaces, '+', unicode, '/', '%', '~', '*', '//' and reserved characters
KEYS = ["photos/2024/IMG 0001.jpg", "docs/report+final v2.pdf", "中文/文件名.txt",
        "a/b/c/data.json", "100%_done.txt", "~user/notes~1.md", "glob*star.log",
        "mixed dir/+plus ~tilde* 50%.bin", "emoji/😀 smile.png", "dir//double/slash.txt",
        "café/naïve.txt", "simple.txt", "logs/app.log", "q?x=1&y.txt", "a+b+c.csv",
        "images/cat.png", "video/clip 01.mp4", "reports/Q1 2024/summary+notes.xlsx"]
IMAGE_KEYS = ["images/cat.png", "emoji/😀 smile.png", "photos/2024/IMG 0001.jpg"]
IPS = ["118.31.219.208", "47.98.70.131", "106.14.228.186", "8.219.255.80", "47.88.73.10"]


# ---------------------------------------------------------------- SDK oracle

class FixedSigner(SignerV4):
    """SignerV4 with a pinned signing time, injected additional headers and a
    recording hook on the SDK's own canonical-request builder."""

    def __init__(self, when: datetime.datetime, additional: Optional[List[str]] = None):
        self.when = when
        self.additional = additional
        self.last_cr = None
        self.last_sts = None
        self.last_ctx = None

    def sign(self, signing_ctx):
        signing_ctx.signing_time = self.when
        if self.additional:
            signing_ctx.additional_headers = set(self.additional)
        super().sign(signing_ctx)
        self.last_sts = signing_ctx.string_to_sign
        self.last_ctx = signing_ctx

    def _calc_canonical_request(self, signing_ctx, additional_headers=None):
        cr = super()._calc_canonical_request(signing_ctx, additional_headers)
        self.last_cr = cr
        return cr


class _Resp(HttpResponse):
    def __init__(self, req, body, date):
        self._req, self._body, self._date = req, body, date

    def __enter__(self):
        return self

    def __exit__(self, *a):
        pass

    request = property(lambda s: s._req)
    status_code = property(lambda s: 403)
    reason = property(lambda s: "Forbidden")
    headers = property(lambda s: {"Content-Type": "application/xml", "Date": s._date,
                                  "x-oss-request-id": "0" * 24})
    content = property(lambda s: s._body)
    is_closed = property(lambda s: True)
    is_stream_consumed = property(lambda s: True)

    def read(self):
        return self._body

    def close(self):
        pass

    def iter_bytes(self, **kw):
        return iter([self._body])


class CaptureClient(HttpClient):
    """Records the signed request and answers 403 (nothing leaves the machine)."""

    def __init__(self):
        self.sent = []

    def send(self, request, **kwargs):
        if "User-Agent" in request.headers:
            request.headers["User-Agent"] = SDK_UA  # unsigned; pin it for reproducibility
        body = request.body
        if hasattr(body, "read"):
            body = body.read()
        if isinstance(body, str):
            body = body.encode()
        self.sent.append({"method": request.method, "url": request.url,
                          "headers": list(request.headers.items()), "body": body or b""})
        return _Resp(request, b"<Error><Code>SignatureDoesNotMatch</Code></Error>",
                     "Tue, 05 Mar 2024 07:08:09 GMT")

    def open(self):
        pass

    def close(self):
        pass


OP_METHOD = {"put": "put_object", "get": "get_object", "head": "head_object", "delete": "delete_object",
             "get_acl": "get_object_acl", "put_acl": "put_object_acl", "append": "append_object",
             "list": "list_objects_v2", "initiate": "initiate_multipart_upload", "upload_part": "upload_part",
             "get_tagging": "get_object_tagging"}


def make_client(s, signer, http_client):
    cfg = oss.config.Config(
        region=s["region"],
        endpoint=s["endpoint"],
        credentials_provider=StaticCredentialsProvider(s["ak"], s["sk"], s.get("token")),
        retry_max_attempts=1,
    )
    if s.get("cloudbox"):
        cfg.cloud_box_id = s["cloudbox"]
    return oss.Client(cfg, signer=signer, http_client=http_client)


def build_model(s):
    """The SDK request model for an operation spec."""
    op = s["op"]
    kw = dict(bucket=s["bucket"])
    if s.get("key") is not None:
        kw["key"] = s["key"]
    kw.update(s.get("model_args", {}))
    hdrs = dict(s.get("extra_headers", {}))
    if hdrs:
        kw["headers"] = hdrs
    if s.get("extra_params"):
        kw["parameters"] = dict(s["extra_params"])
    cls = {"put": oss.PutObjectRequest, "get": oss.GetObjectRequest, "head": oss.HeadObjectRequest,
           "delete": oss.DeleteObjectRequest, "get_acl": oss.GetObjectAclRequest,
           "put_acl": oss.PutObjectAclRequest, "append": oss.AppendObjectRequest,
           "list": oss.ListObjectsV2Request, "initiate": oss.InitiateMultipartUploadRequest,
           "upload_part": oss.UploadPartRequest, "get_tagging": oss.GetObjectTaggingRequest,
           "complete": oss.CompleteMultipartUploadRequest,
           "abort": oss.AbortMultipartUploadRequest}[op]
    return cls(**kw)


def sdk_call(s):
    """Sign one request with the SDK (header or query auth). Returns the SDK's output."""
    signer = FixedSigner(s["time"], s.get("additional"))
    cap = CaptureClient()
    client = make_client(s, signer, cap)
    model = build_model(s)
    if s["auth"] == "header":
        fn = getattr(client, OP_METHOD[s["op"]])
        try:
            fn(model)
        except Exception:  # the fake 403 surfaces as an OperationError
            pass
        sent = cap.sent[-1]
        authz = dict((k.lower(), v) for k, v in sent["headers"])["authorization"]
        sig = re.search(r"Signature=([0-9a-f]{64})", authz).group(1)
        return {"method": sent["method"], "url": sent["url"], "headers": sent["headers"],
                "body": sent["body"], "cr": signer.last_cr, "sts": signer.last_sts,
                "signature": sig, "authorization": authz}
    res = client.presign(model, expiration=s["time"] + datetime.timedelta(seconds=s["expires"]))
    sig = re.search(r"[?&]x-oss-signature=([0-9a-f]{64})", res.url).group(1)
    return {"method": res.method, "url": res.url, "signed_headers": list(res.signed_headers.items()),
            "cr": signer.last_cr, "sts": signer.last_sts, "signature": sig,
            "body": s.get("body", b"")}


def parse_credential(cred: str):
    ak, date, region, product, term = cred.rsplit("/", 4)
    return {"ak": ak, "date": date, "region": region, "product": product, "terminator": term}


def parse_authorization(v: str):
    m = re.match(r"OSS4-HMAC-SHA256 (.*)$", v)
    out = {}
    for part in re.split(r",\s*", m.group(1)):
        k, _, val = part.partition("=")
        out[k.strip()] = val.strip()
    return out


def hget(headers, name):
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


def server_strings(recv, bucket):
    """The SDK's canonical request / string to sign for the request as OSS received it."""
    path, _, query = recv["target"].partition("?")
    key = unquote(path[1:]) if len(path) > 1 else None
    host = hget(recv["headers"], "host")
    if recv["auth"] == "header":
        a = parse_authorization(hget(recv["headers"], "authorization"))
        cred = parse_credential(a["Credential"])
        addl = [h for h in a.get("AdditionalHeaders", "").split(";") if h]
        ts = hget(recv["headers"], "x-oss-date")
        sig = a["Signature"]
        q = query
    else:
        pairs = [p.partition("=") for p in query.split("&")]
        d = {k: unquote(v) for k, _, v in pairs}
        cred = parse_credential(d["x-oss-credential"])
        addl = [h for h in d.get("x-oss-additional-headers", "").split(";") if h]
        ts = d["x-oss-date"]
        sig = d["x-oss-signature"]
        q = "&".join(p for p in query.split("&") if not p.startswith("x-oss-signature="))
    url = f"https://{host}{path}" + (f"?{q}" if q else "")
    req = HttpRequest(method=recv["method"], url=url, headers=dict(recv["headers"]))
    ctx = SigningContext(product=cred["product"], region=cred["region"], bucket=bucket, key=key,
                         request=req)
    sv = SignerV4()
    cr = sv._calc_canonical_request(ctx, additional_headers=addl)
    scope = sv._build_scope(cred["date"], cred["region"], cred["product"])
    sts = sv._calc_string_to_sign(ts, scope, cr)
    return cr, sts, cred, sig


def sdk_verify(captured, s, secret):
    """Re-sign the captured request with the SDK and the given secret; True if the
    captured signature is what the SDK computes."""
    path, _, query = captured["target"].partition("?")
    key = unquote(path[1:]) if len(path) > 1 else None
    host = hget(captured["headers"], "host")
    cred = Credentials(s["ak"], secret, s.get("token"))
    if captured["auth"] == "header":
        a = parse_authorization(hget(captured["headers"], "authorization"))
        c = parse_credential(a["Credential"])
        addl = [h for h in a.get("AdditionalHeaders", "").split(";") if h]
        hdrs = [(k, v) for k, v in captured["headers"] if k.lower() != "authorization"]
        req = HttpRequest(method=captured["method"], url=f"https://{host}{captured['target']}",
                          headers=dict(hdrs))
        ctx = SigningContext(product=c["product"], region=c["region"], bucket=s["bucket"], key=key,
                             request=req, credentials=cred, signing_time=s["time"],
                             additional_headers=set(addl) if addl else None)
        SignerV4().sign(ctx)
        got = parse_authorization(req.headers["Authorization"])["Signature"]
        return got == a["Signature"]
    d = {k: unquote(v) for k, _, v in (p.partition("=") for p in query.split("&"))}
    c = parse_credential(d["x-oss-credential"])
    addl = [h for h in d.get("x-oss-additional-headers", "").split(";") if h]
    q = "&".join(p for p in query.split("&") if not p.startswith("x-oss-signature="))
    req = HttpRequest(method=captured["method"], url=f"https://{host}{path}?{q}",
                      headers=dict(captured["headers"]))
    ctx = SigningContext(product=c["product"], region=c["region"], bucket=s["bucket"], key=key,
                         request=req, credentials=cred, signing_time=s["time"],
                         additional_headers=set(addl) if addl else None)
    ctx.auth_method_query = True
    ctx.expiration_time = s["time"] + datetime.timedelta(seconds=int(d["x-oss-expires"]))
    SignerV4().sign(ctx)
    got = re.search(r"x-oss-signature=([0-9a-f]+)", req.url).group(1)
    return got == d["x-oss-signature"]


def sdk_signature(secret, date, region, product, sts):
    return SignerV4()._calc_signature(access_key_secrect=secret, date=date, region=region,
                                      product=product, string_to_sign=sts)


def sdk_sts(ts, scope, cr):
    return SignerV4()._calc_string_to_sign(ts, scope, cr)


# ---------------------------------------------------------------- field split / diff (self-check only)

def split_sts(sts):
    lines = sts.split("\n")
    assert len(lines) == 4, sts
    sc = lines[2].split("/")
    assert len(sc) == 4, lines[2]
    return {"algorithm": lines[0], "timestamp": lines[1], "scope.date": sc[0], "scope.region": sc[1],
            "scope.product": sc[2], "scope.terminator": sc[3], "canonical-request-hash": lines[3]}


def split_cr(cr):
    lines = cr.split("\n")
    hdr = lines[3:-2]
    assert hdr and hdr[-1] == "", cr
    hdr = hdr[:-1]
    q = [] if lines[2] == "" else [p.partition("=") for p in lines[2].split("&")]
    return {"verb": lines[0], "uri": lines[1], "query": [(k, v) for k, _, v in q],
            "headers": [h.partition(":")[::2] for h in hdr],
            "additional-headers": lines[-2], "payload-hash": lines[-1]}


def diff_sts(a, b):
    x, y = split_sts(a), split_sts(b)
    return [k for k in x if x[k] != y[k]]


def diff_cr(a, b):
    """Differing canonical-request fields (server a, client b)."""
    x, y = split_cr(a), split_cr(b)
    out = []
    for f in ("verb", "uri"):
        if x[f] != y[f]:
            out.append(f)
    qx, qy = dict(x["query"]), dict(y["query"])
    qd = [f"query:{k}" for k in sorted(set(qx) | set(qy)) if qx.get(k) != qy.get(k)]
    if not qd and x["query"] != y["query"]:  # same pairs, other order: first out-of-place (client side)
        for (kx, _), (ky, _) in zip(x["query"], y["query"]):
            if kx != ky:
                qd = [f"query:{ky}"]
                break
    out += qd
    hx, hy = dict(x["headers"]), dict(y["headers"])
    out += [f"header:{k}" for k in sorted(set(hx) | set(hy)) if hx.get(k) != hy.get(k)]
    for f in ("additional-headers", "payload-hash"):
        if x[f] != y[f]:
            out.append(f)
    return out


def join_cr(p):
    q = "&".join(f"{k}={v}" if v else k for k, v in p["query"])
    h = "".join(f"{k}:{v}\n" for k, v in p["headers"])
    return f"{p['verb']}\n{p['uri']}\n{q}\n{h}\n{p['additional-headers']}\n{p['payload-hash']}"


# ---------------------------------------------------------------- random case specs

def rand_id(rng, n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"):
    return "".join(rng.choice(alphabet) for _ in range(n))


def rand_time(rng):
    start = datetime.datetime(2023, 1, 1, tzinfo=datetime.timezone.utc)
    return start + datetime.timedelta(seconds=rng.randrange(0, 3 * 365 * 86400))


def make_spec(rng, auth, want=None):
    """A random operation spec. `want` constrains (e.g. 'put', 'head', 'has_query', 'host')."""
    want = want or {}
    s = {"auth": auth, "time": rand_time(rng)}
    s["token"] = None
    if rng.random() < 0.3:
        s["ak"] = "STS.NU" + rand_id(rng, 22)
        s["token"] = "CAIS" + rand_id(rng, 60, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") + "=="
    else:
        s["ak"] = "LTAI5t" + rand_id(rng, 18)
    s["sk"] = rand_id(rng, 30)
    if want.get("cloudbox") or (want.get("cloudbox") is None and rng.random() < 0.08):
        cb = "cb-" + rand_id(rng, 20, "abcdefghijklmnopqrstuvwxyz0123456789")
        s["cloudbox"] = cb
        s["region"] = "cn-hangzhou" if rng.random() < 0.5 else "cn-shanghai"
        s["endpoint"] = f"{cb}.{s['region']}.oss-cloudbox.aliyuncs.com"
        s["sign_region"], s["product"] = cb, "oss-cloudbox"
    else:
        s["region"] = rng.choice(REGIONS)
        s["endpoint"] = f"oss-{s['region']}.aliyuncs.com"
        s["sign_region"], s["product"] = s["region"], "oss"
    s["bucket"] = rng.choice(BUCKETS)
    s["host"] = f"{s['bucket']}.{s['endpoint']}"
    if auth == "header":
        ops = ["put", "put", "get", "get", "head", "delete", "get_acl", "put_acl", "append",
               "list", "initiate", "upload_part", "get_tagging"]
    else:
        ops = ["get", "get", "get", "get", "put", "put", "head", "initiate", "upload_part", "abort"]
    if want.get("ops"):
        ops = [o for o in ops if o in want["ops"]] or want["ops"]
    s["op"] = op = rng.choice(ops)
    key = rng.choice(want.get("keys") or KEYS)
    s["key"] = None if op == "list" else key
    s["model_args"], s["extra_headers"], s["extra_params"] = {}, {}, {}
    body = b""
    ma = s["model_args"]
    if op in ("put", "append", "upload_part"):
        body = rng.choice([b"hello world\n", b'{"id": 1, "name": "x"}', b"0123456789", b"\x89PNG\r\n\x1a\n"])
        if auth == "header":
            ma["body"] = body
        ctype = rng.choice([None, None, "text/plain", "application/json", "application/octet-stream", "image/png"])
        if want.get("no_ctype"):
            ctype = None
        if want.get("ctype"):
            ctype = ctype or "application/json"
        if ctype and op != "upload_part":
            ma["content_type"] = ctype
        if op in ("put", "append") and rng.random() < 0.4:
            ma["metadata"] = {rng.choice(["author", "project", "trace-id"]): rng.choice(["alice", "ops-team", "a1b2c3"])}
        if op == "put" and rng.random() < 0.2:
            ma["acl"] = "private"
        if op == "put" and rng.random() < 0.15:
            ma["storage_class"] = "IA"
        if op == "put" and auth == "header" and rng.random() < 0.2:
            ma["content_md5"] = __import__("base64").b64encode(hashlib.md5(body).digest()).decode()
    if op == "append":
        ma["position"] = 0
    if op in ("upload_part", "complete", "abort"):
        ma["upload_id"] = rand_id(rng, 32, "0123456789ABCDEF")
        if op == "upload_part":
            ma["part_number"] = rng.randint(1, 20)
        if op == "complete" and auth == "header":
            ma["body"] = b""
    if op == "put_acl":
        ma["acl"] = rng.choice(["public-read", "private"])
    if op == "get":
        r = rng.random()
        if r < 0.25:
            ma["response_content_disposition"] = rng.choice(
                ['attachment; filename="report 2024.pdf"', "attachment; filename=x.txt", "inline"])
        elif r < 0.4:
            ma["response_content_type"] = rng.choice(["text/html", "application/octet-stream"])
            if rng.random() < 0.5:
                ma["response_cache_control"] = "no-cache"
        elif r < 0.55:
            ma["process"] = rng.choice(["image/resize,w_100", "image/resize,m_fill,h_200,w_200/quality,q_80",
                                        "image/format,webp", "style/thumb"])
        elif r < 0.65:
            ma["version_id"] = "CAEQ" + rand_id(rng, 16) + "GIGg"
        elif r < 0.8:
            # repeated-looking names (cf. go2 TestV4AuthHeader) incl. an empty value
            s["extra_params"] = {"param1": "value1", "+param1": "value3", "|param1": "value4", "param2": ""}
        if auth == "header" and rng.random() < 0.2:
            ma["range_header"] = "bytes=0-99"
    if op == "list":
        ma.update(rng.choice([{"prefix": "logs/", "delimiter": "/", "max_keys": 100},
                              {"prefix": "a b/", "encoding_type": "url"},
                              {"start_after": "photos/2024/", "max_keys": 50, "fetch_owner": True},
                              {"delimiter": "/"}]))
    s["body"] = body
    # additional headers
    cands = []
    if want.get("host") is True or (want.get("host") is None and rng.random() < 0.35):
        cands.append("host")
    if body and rng.random() < 0.35:
        cands.append("content-length")
    if op == "put" and rng.random() < 0.15:
        cands.append("content-disposition")
        ma["content_disposition"] = 'attachment; filename="download.bin"'
    if op == "get" and auth == "header" and "range_header" in ma and rng.random() < 0.5:
        cands.append("range")
    if want.get("host") is False and "host" in cands:
        cands.remove("host")
    if "content-length" in cands:
        ma["content_length"] = len(body)  # present at signing time, or the SDK drops it
    if "host" in cands:
        s["extra_headers"]["Host"] = s["host"]
    s["additional"] = sorted(cands) if cands else None
    if rng.random() < 0.5 and s["additional"]:
        # callers pass names in any case/order and with default-signed ones; the SDK filters
        s["additional"] = [h.title() if rng.random() < 0.5 else h for h in s["additional"]] + \
            (["x-oss-meta-author", "Content-Type"] if rng.random() < 0.3 else [])
    if auth == "query":
        s["expires"] = rng.choice([60, 300, 900, 900, 3600, 86400, 604800, rng.randint(1, 604800)])
    return s


# ---------------------------------------------------------------- wire requests and renderers

def sdk_wire_headers(sent, host):
    """Headers as requests/urllib3/http.client would put them on the wire for the SDK call."""
    hdrs = {k: v for k, v in sent["headers"]}
    hdrs["Accept-Encoding"] = None  # the SDK transport does this (requests_client.send)
    sess = requests.Session()
    p = sess.prepare_request(requests.Request(sent["method"], "https://h/", headers=hdrs,
                                              data=sent["body"] or b""))
    items = list(p.headers.items())
    out = []
    if not any(k.lower() == "host" for k, _ in items):
        out.append(("Host", host))
    out.append(("Accept-Encoding", "identity"))  # http.client putrequest default
    return out + items


def curl_wire_headers(minus, host, body, method):
    """curl's own headers + the -H list."""
    out = [("Host", host), ("User-Agent", CURL_UA), ("Accept", "*/*")]
    hs = [(k, v) for k, v in minus if k.lower() != "host"]
    out += hs
    if body and not any(k.lower() == "content-length" for k, _ in hs):
        out.append(("Content-Length", str(len(body))))
    return out


def make_captured(s, res, client, comma_space=False):
    """The request exactly as the client sends it (dict with method, target, headers, body,
    curl_h: -H list for curl renderings)."""
    u = urlsplit(res["url"])
    target = u.path + (f"?{u.query}" if u.query else "")
    body = res.get("body") or b""
    if s["auth"] == "header":
        sdk_hdrs = list(res["headers"])
        if comma_space:
            sdk_hdrs = [(k, v.replace(",AdditionalHeaders=", ", AdditionalHeaders=").replace(",Signature=", ", Signature="))
                        if k.lower() == "authorization" else (k, v) for k, v in sdk_hdrs]
        addl = [h.lower() for h in (s.get("additional") or [])]
        curl_h = [(k, v) for k, v in sdk_hdrs
                  if k.lower() not in ("user-agent", "accept-encoding")
                  and not (k.lower() == "content-length" and "content-length" not in addl)]
        if client == "sdk":
            headers = sdk_wire_headers({"method": res["method"], "headers": sdk_hdrs, "body": body}, u.netloc)
        else:
            headers = curl_wire_headers(curl_h, u.netloc, body, res["method"])
    else:
        need = list(res["signed_headers"])
        ma = s["model_args"]
        if "content_disposition" in ma and any(h.lower() == "content-disposition" for h in (s.get("additional") or [])):
            need.append(("Content-Disposition", ma["content_disposition"]))
        if "content_length" in ma:  # a signed Content-Length must be visible in a curl command line
            need_curl = need + [("Content-Length", str(ma["content_length"]))]
        else:
            need_curl = need
        curl_h = need_curl
        if client == "requests":
            headers = [("Host", u.netloc), ("User-Agent", REQUESTS_UA), ("Accept-Encoding", "gzip, deflate"),
                       ("Accept", "*/*"), ("Connection", "keep-alive")] + need
            if body or res["method"] in ("PUT", "POST"):
                headers.append(("Content-Length", str(len(body))))
        else:
            headers = curl_wire_headers(need_curl, u.netloc, body, res["method"])
    return {"auth": s["auth"], "method": res["method"], "scheme": u.scheme, "host": u.netloc,
            "target": target, "headers": headers, "body": body, "curl_h": curl_h, "client": client}


def xml_escape(t):
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def hex_bytes(t):
    return "".join(f"{b:02X} " for b in t.encode("utf-8"))


def error_xml(rid, host, ak, sig, sts, cr, recommend):
    x = ['<?xml version="1.0" encoding="UTF-8"?>', "<Error>",
         "  <Code>SignatureDoesNotMatch</Code>", f"  <Message>{MESSAGE}</Message>",
         f"  <RequestId>{rid}</RequestId>", f"  <HostId>{host}</HostId>",
         f"  <OSSAccessKeyId>{xml_escape(ak)}</OSSAccessKeyId>",
         f"  <SignatureProvided>{sig}</SignatureProvided>",
         f"  <StringToSign>{xml_escape(sts)}</StringToSign>",
         f"  <StringToSignBytes>{hex_bytes(sts)}</StringToSignBytes>"]
    if cr is not None:
        x += [f"  <CanonicalRequest>{xml_escape(cr)}</CanonicalRequest>",
              f"  <CanonicalRequestBytes>{hex_bytes(cr)}</CanonicalRequestBytes>"]
    x.append(f"  <EC>{EC}</EC>")
    if recommend:
        x.append(f"  <RecommendDoc>https://api.aliyun.com/troubleshoot?q={EC}</RecommendDoc>")
    x.append("</Error>")
    return "\n".join(x) + "\n"


def http_date(t):
    return t.strftime("%a, %d %b %Y %H:%M:%S GMT")


def sh_quote(v):
    return "'" + v.replace("'", "'\\''") + "'"


def curl_command(cap, verbose, multiline):
    url = f"{cap['scheme']}://{cap['host']}{cap['target']}"
    parts = ["curl"]
    if verbose:
        parts.append("-v")
    m = cap["method"]
    body = cap["body"]
    if m == "HEAD":
        parts.append("-I")
    elif m == "PUT" and body:
        pass  # -T implies PUT
    elif m != "GET":
        parts += ["-X", m]
    for k, v in cap["curl_h"]:
        parts += ["-H", sh_quote(f"{k}: {v}")]
    if body:
        parts += ["-T", "upload.bin"]
    parts.append(sh_quote(url))
    if not multiline:
        return " ".join(parts)
    out, line = [], []
    for p in parts:
        if p == "-H" or p == "-T" or p == "-X":
            if line:
                out.append(" ".join(line))
            line = [p]
        else:
            line.append(p)
    if len(line) > 1 and line[-1] == parts[-1]:
        out.append(" ".join(line[:-1]))
        line = [line[-1]]
    out.append(" ".join(line))
    return " \\\n  ".join(out)


def render_curl_v(cap, xml, rid, t, rng, crlf):
    eol = "\r\n" if crlf else "\n"
    ip = rng.choice(IPS)
    L = []
    if rng.random() < 0.3:
        L.append("$ " + curl_command(cap, True, False))
    L += [f"*   Trying {ip}:443...", f"* Connected to {cap['host']} ({ip}) port 443",
          "* ALPN: curl offers h2,http/1.1",
          "* TLSv1.3 (OUT), TLS handshake, Client hello (1):",
          "* TLSv1.3 (IN), TLS handshake, Server hello (2):",
          "* SSL connection using TLSv1.2 / ECDHE-RSA-AES128-GCM-SHA256 / prime256v1 / rsaEncryption",
          "* ALPN: server accepted http/1.1", "* using HTTP/1.1"]
    text = "\n".join(L) + "\n"
    text += f"> {cap['method']} {cap['target']} HTTP/1.1{eol}"
    for k, v in cap["headers"]:
        text += f"> {k}: {v}{eol}"
    text += f"> {eol}"
    if cap["body"]:
        text += "* We are completely uploaded and fine\n"
    resp = [("Server", "AliyunOSS"), ("Date", http_date(t + datetime.timedelta(seconds=1))),
            ("Content-Type", "application/xml"), ("Content-Length", str(len(xml.encode()))),
            ("Connection", "keep-alive"), ("x-oss-request-id", rid), ("x-oss-server-time", str(rng.randint(1, 9))),
            ("x-oss-ec", EC)]
    text += f"< HTTP/1.1 403 Forbidden{eol}"
    for k, v in resp:
        text += f"< {k}: {v}{eol}"
    text += f"< {eol}"
    text += xml
    text += f"* Connection #0 to host {cap['host']} left intact\n"
    return text


def render_raw(cap, crlf):
    eol = "\r\n" if crlf else "\n"
    t = f"{cap['method']} {cap['target']} HTTP/1.1{eol}"
    for k, v in cap["headers"]:
        t += f"{k}: {v}{eol}"
    return t + eol


def render_response_only(xml, rid, t):
    return ("HTTP/1.1 403 Forbidden\nServer: AliyunOSS\n"
            f"Date: {http_date(t + datetime.timedelta(seconds=1))}\nContent-Type: application/xml\n"
            f"Content-Length: {len(xml.encode())}\nConnection: keep-alive\nx-oss-request-id: {rid}\n"
            f"x-oss-ec: {EC}\n\n" + xml)


def render_inputs(cap, fmt, xml, rid, t, rng):
    """-> {filename: text}"""
    if fmt == "curl-v":
        return {"input.txt": render_curl_v(cap, xml, rid, t, rng, rng.random() < 0.25)}
    if fmt == "raw-http":
        raw = render_raw(cap, rng.random() < 0.3)
        if rng.random() < 0.5:
            return {"input.txt": raw + xml}
        return {"input.txt": raw, "input2.txt": xml}
    if fmt == "curl-cmd":
        return {"input.txt": curl_command(cap, False, rng.random() < 0.5) + "\n", "input2.txt": xml}
    if fmt == "url-line":
        url = f"{cap['scheme']}://{cap['host']}{cap['target']}"
        if rng.random() < 0.3:
            return {"input.txt": url + "\n\n" + xml}
        return {"input.txt": url + "\n", "input2.txt": xml}
    raise ValueError(fmt)


# ---------------------------------------------------------------- families

F2_HEADER = ["browser-ct", "ct-changed", "proxy-oss-header", "query-added", "query-changed", "query-removed",
             "path-reencoded", "head-to-get"]
F3_STS = ["region-oss-prefix", "region-other", "scope-date", "product", "terminator", "timestamp"]
F3_CR = ["payload-hash", "host-not-declared", "host-additional-missing", "host-line-missing",
         "uri-double-encoded", "uri-not-encoded", "plus-in-key", "query-unsorted", "query-not-encoded"]
HINT = {"region-oss-prefix": "v4-region-oss-prefix", "region-other": "v4-region-mismatch",
        "scope-date": "v4-scope-date-mismatch", "product": "v4-product", "terminator": "v4-terminator",
        "payload-hash": "v4-payload-hash", "host-not-declared": "v4-host-not-declared",
        "uri-double-encoded": "v4-uri-double-encoded", "uri-not-encoded": "v4-uri-not-encoded",
        "plus-in-key": "v4-plus-in-key", "query-unsorted": "v4-query-not-sorted",
        "browser-ct": "content-type-not-signed"}


class Skip(Exception):
    pass


def pick_format(rng, auth, method):
    fmts = ["curl-v", "raw-http", "curl-cmd"]
    if auth == "query" and method == "GET":
        fmts += ["url-line", "url-line", "url-line"]
    if method == "HEAD":
        fmts = ["raw-http", "curl-cmd"]  # a HEAD response carries no XML body for curl -v to show
    return rng.choice(fmts)


def client_for(fmt, auth):
    if fmt in ("curl-v", "curl-cmd", "url-line"):
        return "curl"
    return "sdk" if auth == "header" else "requests"


def mutate_in_transit(rng, cap, s, res, mut):
    """Return (received request, culprit field, status) or raise Skip."""
    recv = json.loads(json.dumps({k: v for k, v in cap.items() if k != "body"}))
    recv["body"] = cap["body"]
    recv["headers"] = [tuple(h) for h in recv["headers"]]
    names = [k.lower() for k, _ in recv["headers"]]
    path, _, query = recv["target"].partition("?")
    if mut == "browser-ct":
        if "content-type" in names or recv["method"] not in ("PUT", "POST"):
            raise Skip
        ct = rng.choice(["application/octet-stream", "image/png", "text/plain;charset=UTF-8",
                         "application/x-www-form-urlencoded"])
        recv["headers"].append(("Content-Type", ct))
        return recv, "header:content-type", "server-only", f"client (browser/HTTP library) added 'Content-Type: {ct}'"
    if mut == "ct-changed":
        if "content-type" not in names:
            raise Skip
        i = names.index("content-type")
        old = recv["headers"][i][1]
        if ";" in old:
            raise Skip
        new = old + rng.choice(["; charset=utf-8", ";charset=UTF-8"])
        recv["headers"][i] = (recv["headers"][i][0], new)
        return recv, "header:content-type", "differs", f"HTTP library rewrote Content-Type '{old}' -> '{new}'"
    if mut == "proxy-oss-header":
        k, v = rng.choice([("x-oss-range-behavior", "standard"), ("x-oss-request-payer", "requester"),
                           ("x-oss-traffic-limit", "819200")])
        if k in names:
            raise Skip
        recv["headers"].append((k, v))
        return recv, f"header:{k}", "server-only", f"proxy/CDN added '{k}: {v}'"
    if mut == "query-added":
        k, v = rng.choice([("t", str(int(s["time"].timestamp()))), ("spm", "a2c4g.11186623"),
                           ("utm_source", "newsletter"), ("x-oss-process", "image%2Fformat%2Cwebp")])
        if k == "x-oss-process" and ("x-oss-process=" in query or recv["method"] != "GET"):
            k, v = "_", str(int(s["time"].timestamp()) * 1000)
        if any(p.split("=")[0] == k for p in query.split("&") if p):
            raise Skip
        recv["target"] = path + "?" + (query + "&" if query else "") + f"{k}={v}"
        return recv, f"query:{k}", "server-only", f"CDN/app appended query parameter '{k}={v}'"
    if mut == "query-changed":
        pairs = [p.partition("=") for p in query.split("&")] if query else []
        cands = [i for i, (k, _, v) in enumerate(pairs)
                 if k in ("max-keys", "response-content-type", "x-oss-process", "versionId",
                          "partNumber", "response-cache-control")]
        if not cands:
            raise Skip
        i = rng.choice(cands)
        k, _, v = pairs[i]
        nv = {"max-keys": "1000", "response-content-type": "application%2Fpdf",
              "x-oss-process": "image%2Fresize%2Cw_200", "versionId": "null", "partNumber": "2" if v != "2" else "3",
              "response-cache-control": "max-age%3D60"}[k]
        pairs[i] = (k, "=", nv)
        recv["target"] = path + "?" + "&".join("".join(p) for p in pairs)
        return recv, f"query:{k}", "differs", f"query parameter '{k}' changed from '{v}' to '{nv}'"
    if mut == "query-removed":
        pairs = [p.partition("=") for p in query.split("&")] if query else []
        cands = [i for i, (k, _, v) in enumerate(pairs) if not k.startswith("x-oss-") or k == "x-oss-process"]
        if not cands:
            raise Skip
        i = rng.choice(cands)
        k = pairs[i][0]
        del pairs[i]
        recv["target"] = path + ("?" + "&".join("".join(p) for p in pairs) if pairs else "")
        return recv, f"query:{k}", "client-only", f"CDN/proxy dropped query parameter '{k}'"
    if mut == "path-reencoded":
        if "%" in path:
            np = path.replace("%", "%25")
            why = "proxy re-encoded the path ('%' -> '%25')"
        elif "//" in path:
            np = re.sub(r"/{2,}", "/", path)
            why = "proxy merged '//' in the path (merge_slashes)"
        else:
            raise Skip
        recv["target"] = np + (f"?{query}" if query else "")
        return recv, "uri", "differs", why
    if mut == "head-to-get":
        if recv["method"] != "HEAD":
            raise Skip
        recv["method"] = "GET"
        return recv, "verb", "differs", "CDN forwarded the HEAD as GET"
    raise ValueError(mut)


def mutate_client(rng, s, res, mut, recv_cr, recv_sts):
    """Family 3: the SDK's correct strings with one classic mistake.
    Returns (client_cr or None, client_sts, field, status, note, sig_scope)."""
    st = split_sts(recv_sts)
    date, region, product = st["scope.date"], st["scope.region"], st["scope.product"]
    ts = st["timestamp"]
    scope = f"{date}/{region}/{product}/{st['scope.terminator']}"
    if mut in F3_STS:
        if mut == "region-oss-prefix":
            if s.get("cloudbox"):
                raise Skip
            nr = "oss-" + region
            ns = f"{date}/{nr}/{product}/aliyun_v4_request"
            key = (date, nr, product)
            f, note = "scope.region", f"signed with endpoint label '{nr}' instead of region id '{region}'"
        elif mut == "region-other":
            if s.get("cloudbox"):
                nr = s["region"]
                note = f"cloud box: signed with the region '{nr}' instead of the box id"
            else:
                nr = OTHER_REGION[region]
                note = f"signed for region '{nr}' while the request went to '{region}'"
            ns = f"{date}/{nr}/{product}/aliyun_v4_request"
            key = (date, nr, product)
            f = "scope.region"
        elif mut == "scope-date":
            d = datetime.datetime.strptime(date, "%Y%m%d") + datetime.timedelta(days=rng.choice([-1, 1]))
            nd = d.strftime("%Y%m%d")
            ns = f"{nd}/{region}/{product}/aliyun_v4_request"
            key = (nd, region, product)
            f, note = "scope.date", f"scope date {nd} (local-time day) instead of {date}"
        elif mut == "product":
            np_ = "oss" if product == "oss-cloudbox" else rng.choice(["s3", "OSS", "oss-cloudbox"])
            ns = f"{date}/{region}/{np_}/aliyun_v4_request"
            key = (date, region, np_)
            f, note = "scope.product", f"product '{np_}' instead of '{product}'"
        elif mut == "terminator":
            nt = rng.choice(["aws4_request", "aliyun_v4", "oss4_request"])
            ns = f"{date}/{region}/{product}/{nt}"
            key = (date, region, product)
            f, note = "scope.terminator", f"terminator '{nt}' instead of 'aliyun_v4_request'"
        elif mut == "timestamp":
            t0 = datetime.datetime.strptime(ts, "%Y%m%dT%H%M%SZ")
            dt = rng.choice([1, 2, 5, 8 * 3600])
            if dt == 8 * 3600 and (t0 + datetime.timedelta(seconds=dt)).strftime("%Y%m%d") != date:
                dt = 1
            nts = (t0 + datetime.timedelta(seconds=dt)).strftime("%Y%m%dT%H%M%SZ")
            csts = sdk_sts(nts, scope, recv_cr)
            return None, csts, "timestamp", "differs", f"string to sign uses {nts}, x-oss-date says {ts}", (date, region, product)
        csts = sdk_sts(ts, ns, recv_cr)
        return None, csts, f, "differs", note, key
    p = split_cr(recv_cr)
    hosts = [v for k, v in p["headers"] if k == "host"]
    addl = p["additional-headers"].split(";") if p["additional-headers"] else []
    status = "differs"
    if mut == "payload-hash":
        p["payload-hash"] = rng.choice([hashlib.sha256(s.get("body") or b"").hexdigest(), "UNSIGNED_PAYLOAD"])
        f, note = "payload-hash", f"payload line '{p['payload-hash']}' instead of UNSIGNED-PAYLOAD"
    elif mut == "host-not-declared":
        if hosts:
            raise Skip
        p["headers"] = sorted(p["headers"] + [("host", s["host"])])
        f, status, note = "header:host", "client-only", "host signed as a canonical header but not declared in AdditionalHeaders"
    elif mut == "host-additional-missing":
        if not hosts:
            raise Skip
        p["additional-headers"] = ";".join(h for h in addl if h != "host")
        f, note = "additional-headers", "additional-headers line omits 'host' although it was declared and signed"
    elif mut == "host-line-missing":
        if not hosts:
            raise Skip
        p["headers"] = [(k, v) for k, v in p["headers"] if k != "host"]
        f, status, note = "header:host", "server-only", "host declared in AdditionalHeaders but its canonical header line left out"
    elif mut == "uri-double-encoded":
        if "%" not in p["uri"]:
            raise Skip
        p["uri"] = quote(p["uri"], safe="/")
        f, note = "uri", "canonical URI encoded twice"
    elif mut == "uri-not-encoded":
        raw = unquote(p["uri"])
        if raw == p["uri"] or raw == p["uri"].replace("%2B", "+"):
            raise Skip  # only '+' to encode: indistinguishable from plus-in-key
        p["uri"] = raw
        f, note = "uri", "canonical URI not percent-encoded"
    elif mut == "plus-in-key":
        if "%2B" not in p["uri"]:
            raise Skip
        p["uri"] = p["uri"].replace("%2B", "+")
        f, note = "uri", "'+' in the key left as '+' (not %2B)"
    elif mut == "query-unsorted":
        if len(p["query"]) < 2:
            raise Skip
        i = rng.randrange(len(p["query"]) - 1)
        q = list(p["query"])
        q[i], q[i + 1] = q[i + 1], q[i]
        p["query"] = q
        f, note = f"query:{q[i][0]}", f"query not sorted: '{q[i][0]}' placed before '{q[i + 1][0]}'"
        status = None
    elif mut == "query-not-encoded":
        cands = [i for i, (k, v) in enumerate(p["query"]) if "%" in v and unquote(v) != v and "&" not in unquote(v)
                 and "=" not in unquote(v)]
        if not cands:
            raise Skip
        i = rng.choice(cands)
        k, v = p["query"][i]
        q = list(p["query"])
        q[i] = (k, unquote(v))
        p["query"] = q
        f, note = f"query:{k}", f"query value of '{k}' used decoded ('{unquote(v)}')"
    else:
        raise ValueError(mut)
    ccr = join_cr(p)
    csts = sdk_sts(ts, scope, ccr)
    return ccr, csts, f, status, note, (date, region, product)


def write_case(out, name, files):
    d = os.path.join(out, name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    for fn, content in files.items():
        with open(os.path.join(d, fn), "w", encoding="utf-8", newline="") as fh:
            fh.write(content)


def make_plan(rng, count):
    """Family / mutation / auth for each case: ~25% family 1, ~35% family 2, ~40% family 3;
    mutations cycle through a shuffled list (every one appears once count is large enough);
    header vs URL auth alternates per mutation."""
    n1, n2 = round(count * 0.25), round(count * 0.35)
    n3 = count - n1 - n2
    f2, f3 = list(F2_HEADER), F3_STS + F3_CR
    rng.shuffle(f2)
    rng.shuffle(f3)
    plan = [(1, None)] * n1 + [(2, f2[i % len(f2)]) for i in range(n2)] + [(3, f3[i % len(f3)]) for i in range(n3)]
    seen, start, out = {}, {}, []
    for fam, mut in plan:
        k = seen[(fam, mut)] = seen.get((fam, mut), -1) + 1
        if (fam, mut) not in start:
            start[(fam, mut)] = rng.random() < 0.5
        out.append((fam, mut, "header" if (k % 2 == 0) == start[(fam, mut)] else "query"))
    rng.shuffle(out)
    return out


def gen_case(rng, idx, seed, cmdline, fam, mut, auth):
    with_cr = rng.random() < 0.5
    want = {}
    if fam == 2:
        if mut == "browser-ct":
            want = {"ops": ["put", "upload_part"], "no_ctype": True}
        elif mut == "ct-changed":
            want = {"ops": ["put"], "ctype": True}
        elif mut == "head-to-get":
            want = {"ops": ["head"]}
        elif mut == "path-reencoded":
            want = {"keys": [k for k in KEYS if quote(k) != k or "//" in k]}
        elif mut in ("query-changed", "query-removed"):
            want = {"ops": ["get", "list", "upload_part"] if auth == "header" else ["get", "upload_part"]}
    elif fam == 3:
        if mut in ("host-additional-missing", "host-line-missing"):
            want = {"host": True}
        elif mut == "host-not-declared":
            want = {"host": False}
        elif mut == "plus-in-key":
            want = {"keys": [k for k in KEYS if "+" in k]}
        elif mut in ("uri-double-encoded", "uri-not-encoded"):
            want = {"keys": [k for k in KEYS if quote(k) != k]}
        elif mut == "region-other" and rng.random() < 0.2:
            want = {"cloudbox": True}
        elif mut == "product" and rng.random() < 0.3:
            want = {"cloudbox": True}
        elif mut == "query-unsorted" and auth == "header":
            want = {"ops": ["get", "list", "upload_part", "append"]}
    s = make_spec(rng, auth, want)
    res = sdk_call(s)
    include_capture = fam in (1, 2) or rng.random() < 0.4
    fmt = pick_format(rng, auth, res["method"]) if include_capture else None
    client = client_for(fmt, auth) if fmt else ("sdk" if auth == "header" else "curl")
    cap = make_captured(s, res, client, comma_space=(auth == "header" and rng.random() < 0.3))
    rid = rand_id(rng, 24, "0123456789ABCDEF")
    expected = {"signature_version": "v4", "auth": auth, "error": {"code": "SignatureDoesNotMatch", "ec": EC, "request_id": rid}}
    files = {}
    notes = []
    if fam in (1, 2):
        assert sdk_verify(cap, s, s["sk"]), "captured request does not verify with the client secret"
        if fam == 1:
            recv = cap
            culprit, status, why = None, None, "request arrived exactly as signed; OSS holds another secret for this AccessKeyId"
        else:
            recv, culprit, status, why = mutate_in_transit(rng, cap, s, res, mut)
        scr, ssts, cred, sig = server_strings(recv, s["bucket"])
        ccr, csts, _, _ = server_strings(cap, s["bucket"])
        assert ccr == res["cr"] and csts == res["sts"], "captured request does not canonicalize to the SDK's strings"
        if fam == 1:
            assert scr == ccr and ssts == csts
            expected.update(verdict="identical", culprits=[], client={"source": "captured-request"},
                            hints=[{"id": "secret-differs"}], exit_code=0)
        else:
            d = diff_cr(scr, ccr)
            assert d == [culprit], (d, culprit)
            assert diff_sts(ssts, csts) == ["canonical-request-hash"]
            if with_cr:
                cul = culprit
                fields = [{"name": culprit, "status": status}]
            else:
                # No CanonicalRequest in the body: only the hashes differ, and ossdiag names
                # the field by searching variants of the captured request for the server's hash.
                cul = culprit
                fields = [{"name": "canonical-request-hash", "status": "differs"}]
            expected.update(verdict="mismatch", culprits=[cul], fields=fields,
                            client={"source": "captured-request"}, exit_code=1)
            if with_cr and mut in HINT:
                expected["hints"] = [{"id": HINT[mut]}]
        xml = error_xml(rid, recv["host"], s["ak"], sig, ssts, scr if with_cr else None, rng.random() < 0.5)
        files.update(render_inputs(cap, fmt, xml, rid, s["time"], rng))
        if rng.random() < 0.35:
            files["secret.txt"] = s["sk"]
            notes.append("secret.txt holds the client's secret: the captured signature verifies with it "
                         "(alibabacloud_oss_v2 SignerV4 re-sign).")
    else:
        scr, ssts = res["cr"], res["sts"]
        client_kind = "cr"
        ccr, csts, culprit, status, why, keyparts = mutate_client(rng, s, res, mut, scr, ssts)
        if ccr is None or rng.random() < 0.2:  # ~half of all family-3 cases paste a canonical request
            client_kind = "sts"
        if client_kind == "cr":
            assert diff_cr(scr, ccr) == [culprit], (diff_cr(scr, ccr), culprit)
            client_text = ccr
            with_cr = True  # a pasted canonical request is only comparable field by field against the server's
            cul, fields = culprit, ([{"name": culprit, "status": status}] if status else [])
        else:
            dd = diff_sts(ssts, csts)
            if ccr is None:
                assert dd == [culprit], (dd, culprit)
                cul, fields = culprit, [{"name": culprit, "status": status}]
            else:
                assert dd == ["canonical-request-hash"] and diff_cr(scr, ccr) == [culprit]
                cul, fields = "canonical-request-hash", [{"name": "canonical-request-hash", "status": "differs"}]
                expected["_expected_field_after_search"] = culprit
            client_text = csts
        sig = sdk_signature(s["sk"], keyparts[0], keyparts[1], keyparts[2], csts)
        # the request carries the client's (wrong) signature
        if s["auth"] == "header":
            cap["headers"] = [(k, re.sub(r"Signature=[0-9a-f]{64}", f"Signature={sig}", v)) if k.lower() == "authorization" else (k, v)
                              for k, v in cap["headers"]]
            cap["curl_h"] = [(k, re.sub(r"Signature=[0-9a-f]{64}", f"Signature={sig}", v)) if k.lower() == "authorization" else (k, v)
                             for k, v in cap["curl_h"]]
        else:
            cap["target"] = re.sub(r"x-oss-signature=[0-9a-f]{64}", f"x-oss-signature={sig}", cap["target"])
        xml = error_xml(rid, s["host"], s["ak"], sig, ssts, scr if with_cr else None, rng.random() < 0.5)
        if include_capture:
            c2, c2s, _, _ = server_strings(cap, s["bucket"])
            assert c2 == scr and c2s == ssts
            files.update(render_inputs(cap, fmt, xml, rid, s["time"], rng))
        else:
            files["input.txt"] = xml if rng.random() < 0.6 else render_response_only(xml, rid, s["time"])
            if not with_cr:
                del expected["auth"]  # nothing in the inputs tells header from URL auth
        files["client-string.txt"] = client_text + "\n"
        expected.update(verdict="mismatch", culprits=[cul], fields=fields, client={"source": "client-string"}, exit_code=1)
        hint = HINT.get(mut)
        if cul == "canonical-request-hash":
            hint = "canonical-request-hash-differs"
        elif mut in ("host-additional-missing", "host-line-missing"):
            hint = None
        if hint:
            expected["hints"] = [{"id": hint}]
        if not fields:
            del expected["fields"]
    expected["_family"] = {1: "consistent", 2: "changed-in-transit", 3: "client-string-mistake"}[fam]
    files["expected.json"] = json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    name = f"{PREFIX}{idx:03d}-{['consistent', 'transit', 'clientstr'][fam - 1]}-{auth}" + (f"-{mut}" if mut else "")
    fam_txt = {1: "1 (consistent: request arrived as signed, the client used another secret)",
               2: "2 (changed in transit between the captured request and OSS)",
               3: "3 (client string with a classic mistake)"}[fam]
    src = [f"# {name}", "",
           f"- family: {fam_txt}",
           f"- mutation: {mut or 'none'} — {why}",
           f"- auth: {auth} ({'Authorization header' if auth == 'header' else 'presigned URL'}), "
           f"operation `{s['op']}`, method {res['method']}, region `{s['sign_region']}`, product `{s['product']}`"
           + (", STS token" if s.get("token") else "")
           + (f", additional headers requested {s['additional']}" if s.get("additional") else ""),
           f"- captured request: {fmt + ' (' + client + ')' if include_capture else 'none'}; "
           f"error body {'with' if with_cr else 'without'} <CanonicalRequest>"
           + (f"; client-string.txt is the client's {'canonical request' if fam == 3 and client_kind == 'cr' else 'string to sign'}" if fam == 3 else ""),
           f"- SDK: {SDK_NAME} {SDK_VERSION} (Python; `SignerV4` via `Client.{'presign(' + type(build_model(s)).__name__ + ')' if auth == 'query' else OP_METHOD[s['op']]}` with a pinned "
           f"signing time {s['time'].strftime('%Y%m%dT%H%M%SZ')}; server side = `SignerV4._calc_canonical_request` on the received request)",
           f"- generator: `{cmdline}` (seed {seed}, case index {idx})",
           "- credentials are fake; the V4 error body layout is inferred (spec §6.2), not an official sample.",
           ] + [f"- {n}" for n in notes]
    files["SOURCE.md"] = "\n".join(src) + "\n"
    return name, files, fam, fmt if include_capture else "xml-only", auth


# ---------------------------------------------------------------- vectors

AUTH_QUERY = ("x-oss-signature-version", "x-oss-credential", "x-oss-date", "x-oss-expires",
              "x-oss-security-token", "x-oss-additional-headers", "x-oss-signature")


def vector_cases(rng):
    out = []
    for i in range(16):
        auth = "header" if i % 2 == 0 else "query"
        want = {}
        if i in (4, 5):
            want = {"cloudbox": True}
        if i in (2, 3):
            want = {"host": True}
        s = make_spec(rng, auth, want)
        if i in (6, 7):
            s["token"] = "CAIS" + rand_id(rng, 40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") + "=="
            s["ak"] = "STS.NU" + rand_id(rng, 22)
        res = sdk_call(s)
        u = urlsplit(res["url"])
        pre_q = u.query
        if auth == "query":
            pre_q = "&".join(p for p in u.query.split("&") if p.split("=")[0] not in AUTH_QUERY)
        model_hdrs = []
        if auth == "header":
            model_hdrs = [(k, v) for k, v in res["headers"] if k.lower() not in
                          ("authorization", "x-oss-date", "date", "x-oss-content-sha256", "x-oss-security-token", "user-agent")]
        else:
            model_hdrs = list(res["signed_headers"]) + ([("Host", s["host"])] if "Host" in s["extra_headers"] else [])
            if "content_length" in s["model_args"]:
                model_hdrs.append(("Content-Length", str(s["model_args"]["content_length"])))
            if "content_disposition" in s["model_args"]:
                model_hdrs.append(("Content-Disposition", s["model_args"]["content_disposition"]))
        v = {"id": f"py-{auth}-{i:02d}", "sdk": f"{SDK_NAME} {SDK_VERSION}", "auth": auth,
             "inputs": {"method": res["method"], "bucket": s["bucket"], "key": s["key"],
                        "query": [[unquote(k), unquote(val) if val else None] for k, _, val in
                                  (p.partition("=") for p in pre_q.split("&") if p)],
                        "raw_query": pre_q,
                        "headers": [[k, v] for k, v in model_hdrs],
                        "region": s["sign_region"], "product": s["product"],
                        "time": s["time"].strftime("%Y%m%dT%H%M%SZ"),
                        "additional_headers": s.get("additional") or [],  # as passed to the SDK
                        "access_key_id": s["ak"], "access_key_secret": s["sk"],
                        "security_token": s.get("token")},
             "outputs": {"canonical_request": res["cr"], "string_to_sign": res["sts"],
                         "signature": res["signature"],
                         "additional_headers": [h for h in res["cr"].split("\n")[-2].split(";") if h]}}
        if auth == "header":
            v["outputs"]["authorization"] = res["authorization"]
            v["outputs"]["signed_request_headers"] = [[k, val] for k, val in res["headers"] if k.lower() != "user-agent"]
            v["outputs"]["url"] = res["url"]
        else:
            v["inputs"]["expires"] = s["expires"]
            v["outputs"]["url"] = res["url"]
        out.append(v)
    return out


def merge_vectors(path, mine, sdk_prefix):
    doc = {"description": "Plain V4 (OSS4-HMAC-SHA256) signer vectors produced by the official SDKs' signers "
                          "(tools/gen_v4_pyv2.py, tools/node/gen_v4_alioss.js). Inputs are what the caller gave "
                          "the SDK (query pairs decoded; null value = no value; raw_query = wire query before the "
                          "signer ran); outputs are the SDK's canonical request, string to sign, signature and "
                          "signed URL / Authorization. Credentials are fake.",
           "sdks": {}, "vectors": []}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    doc["vectors"] = [v for v in doc.get("vectors", []) if not v["id"].startswith(sdk_prefix)] + mine
    doc["vectors"].sort(key=lambda v: v["id"])
    doc.setdefault("sdks", {})[SDK_NAME] = SDK_VERSION
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2, ensure_ascii=False)
        fh.write("\n")


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--count", type=int, default=DEFAULT_COUNT)
    ap.add_argument("--vectors", help="also (re)write this SDK's entries in a vectors JSON file")
    a = ap.parse_args()
    cmd = "python3 tools/gen_v4_pyv2.py" + ("" if a.out == DEFAULT_OUT else f" --out {a.out}") + \
          f" --seed {a.seed} --count {a.count}"
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    if a.count > 0:  # regenerate this generator's cases only (--count 0: vectors only)
        for d in os.listdir(a.out):
            if d.startswith(PREFIX):
                shutil.rmtree(os.path.join(a.out, d))
    stats = {}
    for idx, (fam, mut, auth) in enumerate(make_plan(rng, a.count), 1):
        attempts = 0
        while True:
            try:
                name, files, fam_, fmt, auth_ = gen_case(rng, idx, a.seed, cmd, fam, mut, auth)
                break
            except Skip:  # the random draw does not suit this mutation: draw again
                attempts += 1
                if attempts % 40 == 0:
                    auth = "query" if auth == "header" else "header"
                if attempts % 80 == 0 and fam != 1:
                    mut = rng.choice(F2_HEADER if fam == 2 else F3_STS + F3_CR)
                if attempts > 1000:
                    sys.exit("too many skipped draws")
        write_case(a.out, name, files)
        for k in (f"family{fam}", f"fmt:{fmt}", f"auth:{auth}", f"mut:{mut}"):
            stats[k] = stats.get(k, 0) + 1
    if a.vectors:
        merge_vectors(a.vectors, vector_cases(random.Random(a.seed + 1)), "py-")
    print(json.dumps({"sdk": f"{SDK_NAME} {SDK_VERSION}", "out": a.out, "cases": a.count, "stats": stats},
                     sort_keys=True))


if __name__ == "__main__":
    main()
