#!/usr/bin/env python3
"""Generate V1 SignatureDoesNotMatch fixtures with the official Python SDK `oss2` as the oracle.

    python3 tools/gen_v1_oss2.py --out fixtures --seed 1 --count 60           # committed set
    python3 tools/gen_v1_oss2.py --out /tmp/heldout-v1 --seed 2 --count 400   # held-out set

Needs the packages of tools/requirements.txt (oss2 and the exact requests/urllib3 it
was run with: the wire bytes of a captured request come from them).

How a case is made
------------------
Every request is really executed by oss2 (Bucket.put_object, get_object, sign_url,
_do_url, ...) over a fake socket: `urllib3.util.connection.create_connection` is replaced
by a socketpair whose far end already holds a canned `403` answer, so what we capture is
the byte-exact request http.client wrote, and what oss2 signed is observed by wrapping
its own (name-mangled) `ProviderAuth.__get_bytes_to_sign`.  The clock is fixed
(`oss2.utils.http_date`, `oss2.auth.time` are patched), and so is oss2's User-Agent.

The server string of every case is oss2's string to sign for the request *as OSS
received it*: the captured (possibly mutated) request is decoded -- path by
`urllib.parse.unquote`, query by `unquote_plus` (see note 3), `Expires` from the query
as the date for URL auth -- into an `oss2.http.Request` and handed to oss2's
`__get_bytes_to_sign`; no canonicalization is written here.  Self-checks, for every
case: the string rebuilt from the capture equals the string oss2 signed; oss2's
`__make_signature` with the client secret reproduces the Authorization/Signature of the
capture (families 1-2) or the SignatureProvided (family 3, from the client string); the
server's and client's strings differ in exactly the intended field (family 2 and 3) or
not at all (family 1); the server secret does not verify SignatureProvided.

Families: 1 consistent (client used another secret), 2 changed in transit (a proxy, CDN
or library changed the captured request), 3 client string with one classic mistake.

What oss2 2.19.1 (+ requests 2.34 / urllib3 2.8) does that matters for the spec
---------------------------------------------------------------------------------
1. Object keys are put in the path with `quote(key, safe='')`: '/' becomes %2F, space
   %20, '+' %2B, '%' %25, '~' stays, UTF-8 upper-case hex.  `sign_url(slash_safe=True)`
   keeps '/'.  The resource is the raw, decoded key ("/bucket/a b+c%.txt").
2. Query parameters of header-signed requests are sent by requests' urlencode: space is
   '+', ',' '/' ';' are %-encoded, and an empty value goes out as `name=` (`?acl=`,
   `?append=&position=0`, `?uploads=`) while the string to sign has a bare `acl`.
   Non-sub-resource parameters (list_objects' prefix/marker/max-keys/encoding-type, a
   cache-buster) are sent but not signed.
3. Consequently OSS must decode '+' in the query as a space (form decoding) for any
   oss2 request with a space in a response-* value to verify.  Spec §1.5 cites
   "URL-decoded (py2-v1 `unquote`)", which does NOT turn '+' into ' '; a canonicalizer
   that only percent-decodes will disagree with oss2 on these requests.
4. Presigned URLs (`_param_to_quoted_query`) use `quote(v, safe='')`: '%20' for space,
   bare `acl`/`append` for empty values; order = the caller's params, then
   security-token, then OSSAccessKeyId, Expires, Signature (Signature %-encoded).
5. Dot segments: requests/urllib3 remove them from the path before sending.  A key
   that is exactly '.' or '..' (sent `/..` -> `HEAD /`), or a `slash_safe=True` URL with
   `a/../b`, is sent to a different path than the one oss2 signed -> SignatureDoesNotMatch.
   oss2 does not reject such keys.
6. Header values are not trimmed by oss2 ('x-oss-meta-t: v  ' is signed with the two
   spaces and sent with them); requests refuses a value with *leading* whitespace
   (InvalidHeader) but sends trailing whitespace, which HTTP servers usually strip.
   Empty values are signed as `name:` and sent as `name: `.
7. Header names are sent as the caller wrote them (`x-oss-meta-Author`), lower-cased
   only in the string; oss2 itself adds lower-case `date` and `authorization`.
   `Accept-Encoding: None` makes http.client add `Accept-Encoding: identity`.
8. Date line: `x-oss-date` (if the caller passes one) wins over `date`, in header auth
   AND in sign_url, where it then replaces the Expires line (spec §8.1 confirmed):
   `sign_url('GET','k',60,headers={'x-oss-date':D})` signs `GET\\n\\n\\nD\\nx-oss-date:D\\n/b/k`.
9. put_object / append_object / init_multipart_upload set Content-Type from the key's
   extension (mimetypes + a small table) and sign it; a key without a known extension
   gets *no* Content-Type (not application/octet-stream); upload_part, get/head and the
   *_with_url calls never add one.  (This script empties `mimetypes.knownfiles` so the
   table is Python's built-in one, not /etc/mime.types; that table varies a little
   between Python versions -- the committed set was made with Python 3.11.)
10. StsAuth: header mode adds and signs `x-oss-security-token`; URL mode adds the
   `security-token` query parameter (signed decoded, sent %-encoded).  oss2.Auth strips
   the AK/secret; StsAuth does not.
11. OSS returns no body to HEAD, so a HEAD failure carries no StringToSign: HEAD cases
   here only exist as "HEAD turned into GET by a CDN" (the GET got the body).
"""

import argparse
import base64
import hashlib
import json
import mimetypes
import os
import random
import re
import shlex
import shutil
import socket
import sys
import types
from email.utils import formatdate
from urllib.parse import quote, unquote, unquote_plus, urlsplit

mimetypes.knownfiles = []  # note 9: built-in table only, independent of /etc/mime.types

import logging  # noqa: E402

logging.disable(logging.CRITICAL)

import oss2  # noqa: E402
import oss2.auth  # noqa: E402
import oss2.http  # noqa: E402
import oss2.utils  # noqa: E402
import requests  # noqa: E402
import urllib3  # noqa: E402
import urllib3.util.connection as _u3conn  # noqa: E402
from oss2.credentials import StaticCredentialsProvider  # noqa: E402

GENERATOR = 'tools/gen_v1_oss2.py'

# ---------------------------------------------------------------------------------------
# fixed fake credentials

AK = 'LTAI5tExampleAccessKey'
SECRET = 'ExampleSecretForOssdiagFixtures0'          # what OSS has for AK
OLD_SECRET = 'ExampleSecretRotatedAway00000000'      # family 1: what the client signed with
STS_AK = 'STS.NTExampleTemporaryAccessKeyId'
STS_SECRET = 'ExampleStsSecretForOssdiagFixture'
STS_OLD_SECRET = 'ExampleStsSecretFromExpiredTokn'
STS_TOKEN = ('CAIS+gF1q6Ft5B2yfSjIr5bHEs/ExampleSecurityToken+ForOssdiag/Fixtures0123'
             '456789abcdefGHIJKLmnopQRSTuvwxYZ+/0123456789ExampleTokenTail==')

BASE_EPOCH = 1772438400  # Mon, 02 Mar 2026 08:00:00 GMT
UA = 'aliyun-sdk-python/%s(Linux/5.15.0-105-generic/x86_64;3.11.7)' % oss2.__version__

MESSAGE = ('The request signature we calculated does not match the signature you provided. '
           'Check your key and signing method.')
EC = '0002-00000040'

# ---------------------------------------------------------------------------------------
# oss2 instrumentation: fixed clock, fixed UA, a fake socket, a spy on the signed string


class Clock:
    now = BASE_EPOCH


_orig_http_date = oss2.utils.http_date
oss2.utils.http_date = lambda timeval=None: _orig_http_date(Clock.now if timeval is None else timeval)
oss2.auth.time = types.SimpleNamespace(time=lambda: Clock.now)
oss2.http.USER_AGENT = UA

_ORIG_BYTES_TO_SIGN = oss2.auth.ProviderAuth._ProviderAuth__get_bytes_to_sign
_SIGNED = []


def _spy_bytes_to_sign(self, req, bucket_name, key):
    b = _ORIG_BYTES_TO_SIGN(self, req, bucket_name, key)
    _SIGNED.append(b)
    return b


oss2.auth.ProviderAuth._ProviderAuth__get_bytes_to_sign = _spy_bytes_to_sign

_CANNED_403 = (b'HTTP/1.1 403 Forbidden\r\nServer: AliyunOSS\r\nContent-Type: application/xml\r\n'
               b'Content-Length: 0\r\nConnection: close\r\n\r\n')
_PEERS = []


def _fake_create_connection(address, timeout=None, source_address=None, socket_options=None):
    ours, theirs = socket.socketpair()
    theirs.sendall(_CANNED_403)
    _PEERS.append(theirs)
    return ours


_u3conn.create_connection = _fake_create_connection


def run_oss2(call):
    """Run one oss2 call against the fake socket; return (raw request bytes, [signed strings])."""
    del _PEERS[:]
    del _SIGNED[:]
    try:
        call()
    except oss2.exceptions.ServerError as e:
        assert e.status == 403, e
    else:
        raise AssertionError('the canned 403 was not seen')
    assert len(_PEERS) == 1, 'expected exactly one connection'
    peer = _PEERS.pop()
    peer.setblocking(False)
    data = b''
    while True:
        try:
            chunk = peer.recv(65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        data += chunk
    peer.close()
    return data, list(_SIGNED)


# ---------------------------------------------------------------------------------------
# a request as text (what a capture shows)


class Req:
    def __init__(self, method, target, headers, body=b''):
        self.method = method
        self.target = target            # raw request-target, exactly as on the wire
        self.headers = list(headers)    # [(name, value)] in wire order, Host included
        self.body = body

    def copy(self):
        return Req(self.method, self.target, self.headers, self.body)

    def get(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def set(self, name, value):
        for i, (k, v) in enumerate(self.headers):
            if k.lower() == name.lower():
                self.headers[i] = (k, value)
                return
        self.headers.append((name, value))

    def remove(self, name):
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()]

    def head_text(self, eol='\r\n'):
        lines = ['%s %s HTTP/1.1' % (self.method, self.target)]
        lines += ['%s: %s' % (k, v) for k, v in self.headers]
        return eol.join(lines) + eol + eol

    @property
    def host(self):
        return self.get('Host')

    @property
    def path(self):
        return self.target.split('?', 1)[0]

    @property
    def query(self):
        return self.target.split('?', 1)[1] if '?' in self.target else None


def parse_wire(raw):
    head, _, body = raw.partition(b'\r\n\r\n')
    lines = head.decode('ascii').split('\r\n')
    method, target, version = lines[0].split(' ')
    assert version == 'HTTP/1.1'
    headers = []
    for line in lines[1:]:
        k, _, v = line.partition(': ')
        headers.append((k, v))
    r = Req(method, target, headers, body)
    assert r.head_text().encode('ascii') == head + b'\r\n\r\n'
    return r


def query_pairs(query):
    """Decode a wire query into (name, value) pairs; '+' is a space (note 3)."""
    pairs = []
    if query is None or query == '':
        return pairs
    for part in query.split('&'):
        k, eq, v = part.partition('=')
        pairs.append((unquote_plus(k), unquote_plus(v)))
    return pairs


def received_by_oss(req, bucket, path_style, auth):
    """(oss2.http.Request, bucket, key) for a request as OSS receives it."""
    path = unquote(req.path, errors='strict')
    assert path.startswith('/')
    if path_style:
        rest = path[1:]
        if rest == bucket:
            key = ''
        else:
            assert rest.startswith(bucket + '/'), (rest, bucket)
            key = rest[len(bucket) + 1:]
    else:
        key = path[1:]
    params = {}
    for k, v in query_pairs(req.query):
        assert k not in params, 'duplicate query parameter %r' % k
        params[k] = v
    headers = oss2.CaseInsensitiveDict()
    for k, v in req.headers:
        assert k not in headers, 'duplicate header %r' % k
        headers[k] = v
    if auth == 'query':
        headers['date'] = params['Expires']   # as oss2's _sign_url does
    r = oss2.http.Request(req.method, 'http://ignored/', params=params, headers=headers)
    return r, bucket, key


_ORACLE = oss2.Auth(AK, 'unused')


def oss2_string_to_sign(req, bucket, path_style, auth):
    r, b, k = received_by_oss(req, bucket, path_style, auth)
    return _ORIG_BYTES_TO_SIGN(_ORACLE, r, b, k)


def oss2_signature_of_request(req, bucket, path_style, auth, ak, secret):
    r, b, k = received_by_oss(req, bucket, path_style, auth)
    creds = StaticCredentialsProvider(ak, secret).get_credentials()
    del _SIGNED[:]
    return _ORACLE._ProviderAuth__make_signature(r, b, k, creds)


def oss2_signature_of_string(string, secret):
    """HMAC of a given string, through oss2's __make_signature (its string builder is stubbed)."""
    auth = oss2.Auth(AK, secret)
    auth._ProviderAuth__get_bytes_to_sign = lambda req, b, k: string
    creds = StaticCredentialsProvider(AK, secret).get_credentials()
    return auth._ProviderAuth__make_signature(None, None, None, creds)


# ---------------------------------------------------------------------------------------
# V1 string split into the field names of DESIGN.md (for the self-checks only)


def v1_fields(s, auth):
    lines = s.split(b'\n')
    assert len(lines) >= 5, s
    fields = [('verb', lines[0]), ('content-md5', lines[1]), ('content-type', lines[2]),
              ('expires' if auth == 'query' else 'date', lines[3])]
    for line in lines[4:-1]:
        name = line.split(b':', 1)[0].strip().lower().decode('utf-8')
        fields.append(('header:' + name, line))
    fields.append(('resource', lines[-1]))
    return fields


def differing_fields(a, b, auth):
    fa, fb = dict(v1_fields(a, auth)), dict(v1_fields(b, auth))
    assert len(fa) == len(v1_fields(a, auth)) and len(fb) == len(v1_fields(b, auth))
    return sorted(n for n in set(fa) | set(fb) if fa.get(n) != fb.get(n))


# ---------------------------------------------------------------------------------------
# building blocks of a scenario

REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'ap-southeast-1',
           'us-west-1', 'eu-central-1', 'cn-hangzhou-internal']
BUCKETS = ['examplebucket', 'my-photos-2024', 'logs-prod-01', 'acme-assets', 'dinary',
           'web-static-cdn', 'backup-2026', 'ml-datasets']

KEYS = {
    'plain': ['report.pdf', 'index.html', 'data/2026/03/part-0001.csv', 'backup.tar.gz',
              'images/logo.png', 'a/b/c/d.json', 'notes.txt', 'readme'],
    'space': ['photos/summer trip.jpg', 'my file.txt', 'docs/Q1 report final.pdf',
              'a b/c d/e f.bin'],
    'plus': ['docs/report+final.pdf', 'c++ notes.md', 'k+v=1.txt'],
    'percent': ['tmp/100%.txt', 'discount 50%off.png', 'raw%data.bin'],
    'unicode': ['中文目录/文件.txt', '报告 2026.pdf', 'emoji/😀 smile.png', 'café/menü.html',
                '日本語のファイル.jpg', 'rocket🚀launch.gif'],
    'reserved': ['what?.txt', 'notes#1.md', "it's (draft) [v2].txt", 'a&b=c;d.csv',
                 'q?a#b.json', 'path/with:colon@at.txt', '~user/$HOME!.sh'],
    'dots': ['a/../b.txt', 'photos/./2024/img.jpg', 'x/y/../../z.txt', '../escape.txt'],
    'tab': ['tab\tseparated.tsv', 'col1\tcol2.txt'],
    'edge-space': [' leading space.txt', 'trailing space.txt ', '  both  .log'],
    'literal-pct': ['report%20final.txt', 'a%2Bb.txt', 'name%E4%B8%AD.txt'],
    'image': ['images/cat.jpg', 'gallery/2026/IMG 0042.png', '图片/猫.jpg', 'thumbs/a+b.webp'],
}
ENCODABLE_KINDS = ['space', 'plus', 'percent', 'unicode', 'reserved', 'tab', 'edge-space']

META = [('x-oss-meta-author', 'alice'), ('x-oss-meta-project', 'ossdiag'),
        ('X-Oss-Meta-Trace-Id', '7f3a9c21'), ('x-oss-meta-Owner', 'Bob Smith'),
        ('x-oss-meta-empty', ''), ('x-oss-meta-note', 'hello, world; ok')]
RESPONSE_OVERRIDES = [
    ('response-content-disposition', 'attachment; filename="report 2026.pdf"'),
    ('response-content-disposition', "attachment; filename*=UTF-8''%E4%B8%AD.txt"),
    ('response-content-type', 'text/plain; charset=utf-8'),
    ('response-cache-control', 'no-cache, max-age=0'),
    ('response-expires', 'Thu, 01 Jan 2026 00:00:00 GMT'),
    ('response-content-language', 'zh-CN'),
    ('response-content-encoding', 'gzip'),
]
PROCESSES = ['image/resize,w_200', 'image/resize,m_fill,h_100,w_100/quality,q_80',
             'image/format,webp', 'style/thumb-small', 'image/watermark,text_5rWL6K-V']
VERSION_IDS = ['CAEQNhiBgMDJgZCA0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFmZjU2MmI4Mg--',
               'CAEQmgEYgYDA3Yf0iBgiIGY5ODUzMzM5ZTk4MjRmNzI4ZDlhYjFmNTc5ODAxYjc5',
               'null']
UPLOAD_IDS = ['0004B9894A22E5B1888A1E29F8236E2D', '8E1B9B8D3F5D4A7F9C6E2A1B0C9D8E7F']
CT_ADDED = {'GET': ['application/x-www-form-urlencoded', 'application/octet-stream',
                    'text/plain;charset=UTF-8', 'application/json'],
            'PUT': ['application/octet-stream', 'application/x-www-form-urlencoded',
                    'binary/octet-stream', 'text/plain;charset=UTF-8'],
            'POST': ['application/x-www-form-urlencoded', 'application/octet-stream'],
            'DELETE': ['application/json', 'application/x-www-form-urlencoded'],
            'HEAD': ['application/octet-stream']}
CHARSETS = ['; charset=utf-8', ';charset=UTF-8', '; charset=UTF-8']
ADDED_OSS_HEADERS = [('x-oss-range-behavior', 'standard'), ('x-oss-request-payer', 'requester'),
                     ('x-oss-forbid-overwrite', 'true'), ('x-oss-meta-cdn-trace', 'edge-hz-07'),
                     ('x-oss-traffic-limit', '819200')]
ADDED_SUBRESOURCES = [('x-oss-process', 'image/format,webp'), ('response-cache-control', 'no-cache'),
                      ('x-oss-process', 'style/cdn-auto'), ('response-content-type', 'image/webp')]
CURL_VERSIONS = ['7.81.0', '8.5.0', '8.7.1', '7.68.0', '8.11.1']


def mkdate(epoch):
    return formatdate(epoch, usegmt=True)


class Scenario:
    pass


OPS_HEADER = ['put_object', 'get_object', 'get_object_acl', 'put_object_acl', 'init_multipart',
              'upload_part', 'append_object', 'delete_object', 'get_bucket_acl', 'list_objects',
              'head_object']
OPS_QUERY = ['get', 'get', 'put', 'get_acl', 'upload_part', 'append', 'head']

# what each op gives: method, object key or not, whether sub-resources are always present
OP_METHOD = {'put_object': 'PUT', 'get_object': 'GET', 'get_object_acl': 'GET', 'put_object_acl': 'PUT',
             'init_multipart': 'POST', 'upload_part': 'PUT', 'append_object': 'POST',
             'delete_object': 'DELETE', 'get_bucket_acl': 'GET', 'list_objects': 'GET',
             'head_object': 'HEAD', 'get': 'GET', 'put': 'PUT', 'get_acl': 'GET', 'append': 'POST',
             'head': 'HEAD'}
BUCKET_OPS = {'get_bucket_acl', 'list_objects'}


# ---------------------------------------------------------------------------------------
# mutations (family 2) and mistakes (family 3): requirements + culprit + hint

TRANSIT = ['xoss-header-added', 'content-type-added', 'verb-head-to-get', 'content-type-charset',
           'date-rewritten', 'resource-dot-segments', 'resource-space-to-plus',
           'resource-double-decoded', 'subresource-added', 'query-stripped']
MISTAKES = ['content-type-omitted', 'content-type-charset', 'content-type-not-sent',
            'xoss-header-missing', 'xoss-header-not-sent', 'header-name-case', 'header-whitespace',
            'key-url-encoded', 'bucket-missing', 'bucket-doubled', 'subresource-missing',
            'subresource-extra', 'date-vs-x-oss-date', 'expires-milliseconds', 'verb-lowercase']

TRANSIT_HINT = {'xoss-header-added': 'x-oss-header-added-in-transit',
                'content-type-added': 'content-type-not-signed',
                'verb-head-to-get': 'verb-changed',
                'content-type-charset': 'content-type-charset'}
MISTAKE_HINT = {'content-type-omitted': 'content-type-not-signed',
                'content-type-charset': 'content-type-charset',
                'content-type-not-sent': 'content-type-not-sent',
                'xoss-header-missing': 'x-oss-header-not-signed',
                'xoss-header-not-sent': 'x-oss-header-not-sent',
                'header-name-case': 'header-name-case',
                'header-whitespace': 'header-whitespace',
                'key-url-encoded': 'key-url-encoded',
                'bucket-missing': 'bucket-missing',
                'bucket-doubled': 'bucket-doubled',
                'subresource-missing': 'subresource-missing',
                'subresource-extra': 'subresource-extra',
                'date-vs-x-oss-date': 'date-vs-x-oss-date',
                'expires-milliseconds': 'expires-milliseconds',
                'verb-lowercase': 'verb-case'}


def requirements(family, mutation):
    """Constraints on the scenario for a mutation: a dict of flags."""
    q = {}
    if family == 'transit':
        q = {
            'xoss-header-added': {},
            'content-type-added': {'ct': False},
            'verb-head-to-get': {'op_head': True},
            'content-type-charset': {'ct': True},
            'date-rewritten': {'auth': 'header', 'xoss_date': False},
            'resource-dot-segments': {'key_kind': 'dots', 'object': True},
            'resource-space-to-plus': {'key_kind': 'space', 'object': True},
            'resource-double-decoded': {'key_kind': 'literal-pct', 'object': True},
            'subresource-added': {'not_head': True},
            'query-stripped': {'auth': 'header', 'subres': True, 'not_head': True},
        }[mutation]
    elif family == 'client-string':
        q = {
            'content-type-omitted': {'ct': True},
            'content-type-charset': {'ct': True},
            'content-type-not-sent': {'ct': False},
            'xoss-header-missing': {'xoss': True},
            'xoss-header-not-sent': {},
            'header-name-case': {'xoss': True},
            'header-whitespace': {'xoss': True},
            'key-url-encoded': {'key_kind': 'encodable', 'object': True},
            'bucket-missing': {},
            'bucket-doubled': {},
            'subresource-missing': {'subres': True},
            'subresource-extra': {'unsigned_param': True},
            'date-vs-x-oss-date': {'auth': 'header', 'xoss_date': True},
            'expires-milliseconds': {'auth': 'query'},
            'verb-lowercase': {},
        }[mutation]
    q = dict(q)
    q.setdefault('not_head', True)
    if q.get('op_head'):
        q['not_head'] = False
    return q


def choose_scenario(rng, family, mutation):
    """Pick a scenario that satisfies the mutation's requirements (retry until it does)."""
    req = requirements(family, mutation)
    for _ in range(500):
        sc = _draw_scenario(rng, req)
        if sc is not None:
            return sc
    raise RuntimeError('no scenario for %s/%s' % (family, mutation))


def _draw_scenario(rng, q):
    sc = Scenario()
    sc.auth = q.get('auth') or rng.choice(['header', 'header', 'header', 'query', 'query'])
    sc.sts = rng.random() < 0.25
    sc.region = rng.choice(REGIONS)
    sc.endpoint_host = 'oss-%s.aliyuncs.com' % sc.region
    sc.scheme = rng.choice(['http', 'https', 'https'])
    sc.path_style = rng.random() < 0.2
    sc.bucket = rng.choice(BUCKETS)
    ops = OPS_QUERY if sc.auth == 'query' else OPS_HEADER
    if q.get('op_head'):
        ops = ['head' if sc.auth == 'query' else 'head_object']
    elif q.get('not_head'):
        ops = [o for o in ops if OP_METHOD[o] != 'HEAD']
    if q.get('object'):
        ops = [o for o in ops if o not in BUCKET_OPS]
    sc.op = rng.choice(ops)
    sc.method = OP_METHOD[sc.op]
    kind = q.get('key_kind')
    if kind == 'encodable':
        kind = rng.choice(ENCODABLE_KINDS)
    if kind is None:
        kind = rng.choice(list(KEYS))
        if kind in ('dots', 'literal-pct'):
            kind = 'plain'
    if sc.op in ('get', 'get_object') and rng.random() < 0.3 and q.get('key_kind') is None:
        kind = 'image'
    sc.key_kind = kind
    sc.key = '' if sc.op in BUCKET_OPS else rng.choice(KEYS[kind])
    # URL auth: '/' kept in the path or not; dot segments need it kept (note 5)
    sc.slash_safe = sc.auth == 'query' and (kind == 'dots' or rng.random() < 0.4)
    if kind == 'dots' and sc.auth == 'query' and sc.method != 'GET':
        return None  # the dot-segment URL is only shown as a bare GET URL (format d)
    if kind == 'dots' and (sc.auth == 'header' or sc.path_style) and sc.key.startswith('../'):
        return None  # '../x' would climb out of the bucket once decoded
    sc.xoss_date = bool(q.get('xoss_date')) if 'xoss_date' in q else (
        sc.auth == 'header' and rng.random() < 0.12)
    if sc.xoss_date and sc.auth != 'header':
        return None
    sc.epoch = BASE_EPOCH + rng.randrange(0, 200 * 86400)
    sc.expires_in = rng.choice([60, 300, 900, 3600, 86400, 604800])
    sc.body = ('content of %s\n' % (sc.key or 'x')).encode('utf-8') * rng.randint(1, 3)
    sc.headers = []   # headers passed to oss2 (header auth) / signed into the URL and sent (query)
    sc.params = {}    # params passed to oss2
    sc.range = None
    want_ct = q.get('ct')
    want_xoss = q.get('xoss')

    # op-specific shape
    if sc.op in ('put_object', 'append_object', 'init_multipart', 'put'):
        if rng.random() < 0.35:
            sc.headers.append(('Content-MD5', base64.b64encode(hashlib.md5(sc.body).digest()).decode()))
        if sc.op == 'put' and rng.random() < 0.6:
            ct = mimetypes.guess_type(sc.key)[0] or 'application/octet-stream'
            sc.headers.append(('Content-Type', ct))
        elif sc.op != 'put' and rng.random() < 0.15:
            sc.headers.append(('Content-Type', rng.choice(['application/octet-stream', 'application/json'])))
        if rng.random() < 0.5 or want_xoss:
            for name, value in rng.sample(META, rng.randint(1, 2)):
                sc.headers.append((name, value))
        if sc.op != 'append_object' and rng.random() < 0.2:
            sc.headers.append(('x-oss-storage-class', rng.choice(['Standard', 'IA', 'Archive'])))
        if sc.op in ('put_object', 'append_object') and rng.random() < 0.15:
            sc.headers.append(('x-oss-object-acl', 'private'))
    elif sc.op in ('get_object', 'get', 'head_object', 'head', 'delete_object'):
        n = rng.random()
        if sc.method == 'GET' and n < 0.35:
            for k, v in rng.sample(RESPONSE_OVERRIDES, rng.randint(1, 2)):
                sc.params[k] = v
        elif sc.method == 'GET' and n < 0.55:
            sc.params['x-oss-process'] = rng.choice(PROCESSES)
        elif n < 0.75:
            sc.params['versionId'] = rng.choice(VERSION_IDS)
        if sc.method == 'GET' and rng.random() < 0.3:
            sc.range = (0, rng.choice([99, 1023, 65535]))
        if want_xoss or rng.random() < 0.1:
            if sc.auth == 'header':
                sc.headers.append(rng.choice([('x-oss-request-payer', 'requester'),
                                              ('x-oss-traffic-limit', '819200'),
                                              ('x-oss-range-behavior', 'standard')]))
            else:
                sc.headers.append(('x-oss-request-payer', 'requester'))
    elif sc.op in ('put_object_acl',):
        pass  # oss2 adds x-oss-object-acl
    elif sc.op in ('upload_part',):
        if rng.random() < 0.3:
            sc.headers.append(('Content-MD5', base64.b64encode(hashlib.md5(sc.body).digest()).decode()))
        if want_xoss:
            sc.headers.append(('x-oss-traffic-limit', '819200'))
    elif sc.op in ('get_object_acl', 'get_acl', 'get_bucket_acl'):
        if want_xoss:
            sc.headers.append(('x-oss-request-payer', 'requester'))
    elif sc.op == 'list_objects':
        sc.list_prefix = rng.choice(['', 'photos/', 'a b/', '中文/', 'logs/2026-03'])
        if want_xoss:
            sc.headers.append(('x-oss-request-payer', 'requester'))

    # a cache-buster the app adds (sent, not signed)
    sc.cache_buster = None
    if sc.op in ('get_object', 'get', 'get_object_acl', 'get_acl') and (
            q.get('unsigned_param') or rng.random() < 0.08):
        sc.cache_buster = ('t' if rng.random() < 0.5 else '_', str(sc.epoch * 1000 + rng.randrange(1000)))
    if q.get('unsigned_param') and sc.auth == 'header' and sc.op != 'list_objects' and sc.cache_buster is None:
        return None

    if sc.xoss_date:
        sc.headers.append(('x-oss-date', mkdate(sc.epoch + rng.choice([-7200, -37, 3, 15, 120]))))

    if kind == 'dots' and sc.auth == 'query':
        sc.headers, sc.range, sc.cache_buster = [], None, None  # a bare GET URL

    # derived facts, checked against requirements
    has_ct = any(k.lower() == 'content-type' for k, v in sc.headers) or (
        sc.op in ('put_object', 'append_object', 'init_multipart') and oss2.utils.content_type_by_name(sc.key))
    has_xoss = any(k.lower().startswith('x-oss-') for k, v in sc.headers) or sc.op == 'put_object_acl' or (
        sc.sts and sc.auth == 'header')
    subres = set(sc.params) | {'put_object_acl': {'acl'}, 'get_object_acl': {'acl'}, 'get_bucket_acl': {'acl'},
                               'get_acl': {'acl'}, 'init_multipart': {'uploads'},
                               'upload_part': {'uploadId', 'partNumber'}, 'append_object': {'append', 'position'},
                               'append': {'append', 'position'}}.get(sc.op, set())
    if sc.sts and sc.auth == 'query':
        subres.add('security-token')
    subres &= oss2.auth.ProviderAuth._subresource_key_set
    if want_ct is not None and bool(has_ct) != want_ct:
        return None
    if want_xoss and not has_xoss:
        return None
    if q.get('subres') and not subres:
        return None
    if q.get('key_kind') == 'encodable' and quote(sc.key, safe='/') == sc.key:
        return None
    return sc


# ---------------------------------------------------------------------------------------
# executing the scenario with oss2


def make_bucket(sc, secret):
    if sc.sts:
        auth = oss2.StsAuth(STS_AK, secret, STS_TOKEN)
    else:
        auth = oss2.Auth(AK, secret)
    return oss2.Bucket(auth, 'http://' + sc.endpoint_host, sc.bucket, is_path_style=sc.path_style)


def execute(sc, secret):
    """Run the scenario through oss2. Returns dict(raw, signed, url, call)."""
    Clock.now = sc.epoch
    del _SIGNED[:]
    b = make_bucket(sc, secret)
    hdrs = oss2.CaseInsensitiveDict()
    for k, v in sc.headers:
        hdrs[k] = v
    params = dict(sc.params)
    out = {'url': None}
    if sc.auth == 'header':
        if sc.cache_buster:
            params[sc.cache_buster[0]] = sc.cache_buster[1]
        byte_range = sc.range
        calls = {
            'put_object': lambda: b.put_object(sc.key, sc.body, headers=hdrs),
            'get_object': lambda: b.get_object(sc.key, byte_range=byte_range, headers=hdrs, params=params),
            'head_object': lambda: b.head_object(sc.key, headers=hdrs, params=params or None),
            'get_object_acl': lambda: b.get_object_acl(sc.key, params=params or None, headers=hdrs),
            'put_object_acl': lambda: b.put_object_acl(sc.key, oss2.OBJECT_ACL_PUBLIC_READ, headers=hdrs),
            'init_multipart': lambda: b.init_multipart_upload(sc.key, headers=hdrs),
            'upload_part': lambda: b.upload_part(sc.key, UPLOAD_IDS[len(sc.key) % 2], 1, sc.body, headers=hdrs),
            'append_object': lambda: b.append_object(sc.key, 0, sc.body, headers=hdrs),
            'delete_object': lambda: b.delete_object(sc.key, params=params or None, headers=hdrs),
            'get_bucket_acl': lambda: b.get_bucket_acl(),
            'list_objects': lambda: b.list_objects(prefix=sc.list_prefix, headers=hdrs),
        }
        descr = {
            'put_object': 'Bucket.put_object', 'get_object': 'Bucket.get_object',
            'head_object': 'Bucket.head_object', 'get_object_acl': 'Bucket.get_object_acl',
            'put_object_acl': 'Bucket.put_object_acl', 'init_multipart': 'Bucket.init_multipart_upload',
            'upload_part': 'Bucket.upload_part', 'append_object': 'Bucket.append_object',
            'delete_object': 'Bucket.delete_object', 'get_bucket_acl': 'Bucket.get_bucket_acl',
            'list_objects': 'Bucket.list_objects'}
        if sc.op == 'get_bucket_acl' and sc.headers:
            calls['get_bucket_acl'] = lambda: b._Bucket__do_bucket('GET', params={'acl': ''}, headers=hdrs)
        raw, signed = run_oss2(calls[sc.op])
        out['call'] = descr[sc.op]
    else:
        if sc.op == 'get_acl':
            params['acl'] = ''
        elif sc.op == 'upload_part':
            params['uploadId'] = UPLOAD_IDS[len(sc.key) % 2]
            params['partNumber'] = '1'
        elif sc.op == 'append':
            params['append'] = ''
            params['position'] = '0'
        url = b.sign_url(sc.method, sc.key, sc.expires_in, headers=hdrs or None, params=params or None,
                         slash_safe=sc.slash_safe)
        signed = list(_SIGNED)
        out['url'] = url
        send_headers = oss2.CaseInsensitiveDict(hdrs)
        if sc.range:
            send_headers['Range'] = 'bytes=%d-%d' % sc.range
        sent_url = url
        if sc.cache_buster:
            sent_url = url + '&%s=%s' % sc.cache_buster
        out['sent_url'] = sent_url
        data = sc.body if sc.method in ('PUT', 'POST') else None
        if sc.key_kind == 'dots':
            raw = None  # requests would squash the dot segments (note 5): only the URL is shown
        else:
            raw, _ = run_oss2(lambda: b._do_url(sc.method, sent_url, headers=send_headers, data=data))
        out['call'] = 'Bucket.sign_url(%r, ..., slash_safe=%s)%s' % (
            sc.method, sc.slash_safe, '' if raw is None else ' + Bucket._do_url')
    assert len(signed) == 1
    out['raw'] = raw
    out['signed'] = signed[0]
    out['ak'] = STS_AK if sc.sts else AK
    return out


# ---------------------------------------------------------------------------------------
# renderings of a captured request


def url_to_req(method, url):
    u = urlsplit(url)
    target = u.path + ('?' + u.query if u.query else '')
    return Req(method, target, [('Host', u.netloc)])


def curl_req(wire, sc, curl_version):
    """The request curl sends when replaying the oss2 request: its own defaults + the headers."""
    skip = {'host', 'accept-encoding', 'user-agent', 'accept', 'connection', 'content-length'}
    custom = [(k, v) for k, v in wire.headers if k.lower() not in skip]
    headers = [('Host', wire.host), ('User-Agent', 'curl/' + curl_version), ('Accept', '*/*')]
    headers += custom
    if wire.body:  # (curl -X POST without -T sends no Content-Length; requests sends 0)
        headers.append(('Content-Length', str(len(wire.body))))
    return Req(wire.method, wire.target, headers, wire.body)


def titlecase(name):
    return '-'.join(p[:1].upper() + p[1:] for p in name.split('-'))


def fake_ip(rng):
    return '%d.%d.%d.%d' % (rng.choice([47, 106, 118, 120]), rng.randrange(1, 250),
                            rng.randrange(1, 250), rng.randrange(1, 250))


def local_filename(sc):
    base = sc.key.rsplit('/', 1)[-1].strip() if sc.key else 'body.bin'
    base = re.sub(r'[^A-Za-z0-9._-]+', '_', base) or 'body.bin'
    return './' + base


def render_curl_cmd(rng, req, scheme, sc, with_v=False):
    url = '%s://%s%s' % (scheme, req.host, req.target)
    skip = {'host', 'user-agent', 'accept', 'content-length'}
    parts = ['curl']
    if with_v:
        parts.append('-v')
    else:
        parts.append(rng.choice(['-s', '-sS', '-i', '']))
    if req.method == 'HEAD':
        parts.append('-I')
    elif req.method == 'GET':
        if rng.random() < 0.3:
            parts += ['-X', 'GET']
    elif req.method == 'PUT' and req.body:
        parts += ['-X', 'PUT'] if rng.random() < 0.5 else []  # -T alone means PUT
    else:
        parts += ['-X', req.method]
    hflag = rng.choice(['-H', '-H', '--header'])
    for k, v in req.headers:
        if k.lower() in skip:
            continue
        # curl drops a header given as 'Name:' or 'Name: '; 'Name;' sends it empty
        parts += [hflag, '%s: %s' % (k, v) if v else '%s;' % k]
    if req.body:
        parts += ['-T', local_filename(sc)]
    parts.append(url)
    parts = [p for p in parts if p != '']
    multiline = rng.random() < 0.4
    quoted = []
    for p in parts:
        if p.startswith('-') or p == 'curl':
            quoted.append(p)
        elif rng.random() < 0.3 and not re.search(r'[$`"\\!]', p):
            quoted.append('"%s"' % p)
        else:
            quoted.append(shlex.quote(p))
    if not multiline:
        return ' '.join(quoted)
    # one option (with its argument) per line
    lines, cur = [], []
    for tok in quoted:
        if tok.startswith('-') and cur:
            lines.append(' '.join(cur))
            cur = []
        cur.append(tok)
    lines.append(' '.join(cur))
    return ' \\\n  '.join(lines)


def render_curl_v(rng, req, scheme, sc, xml, request_id, eol_mode, curl_version, with_body=True):
    """A `curl -v ... 2>&1` transcript. eol_mode: lf | mixed (wire lines CRLF, as curl dumps them) | crlf."""
    ip = fake_ip(rng)
    port = 443 if scheme == 'https' else 80
    wire_eol = '\r\n' if eol_mode in ('mixed', 'crlf') else '\n'
    out = []   # (text, eol)
    old = curl_version.startswith('7.')
    progress = rng.random() < 0.35
    if progress:
        out.append(('  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current', '\n'))
        out.append(('                                 Dload  Upload   Total   Spent    Left  Speed', '\n'))
        out.append(('  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0'
                    '*   Trying %s:%d...' % (ip, port), '\n'))
    else:
        out.append(('*   Trying %s:%d...' % (ip, port), '\n'))
    if old:
        out.append(('* Connected to %s (%s) port %d (#0)' % (req.host, ip, port), '\n'))
    else:
        out.append(('* Connected to %s (%s) port %d' % (req.host, ip, port), '\n'))
    if scheme == 'https':
        out.append(('* ALPN: curl offers h2,http/1.1' if not old else '* ALPN, offering h2', '\n'))
        out.append(('* TLSv1.3 (OUT), TLS handshake, Client hello (1):', '\n'))
        out.append(('* SSL connection using TLSv1.2 / ECDHE-RSA-AES128-GCM-SHA256', '\n'))
        out.append(('* Server certificate:', '\n'))
        out.append(('*  subject: C=CN; ST=ZheJiang; L=HangZhou; O=Alibaba (China) Technology Co., Ltd.; '
                    'CN=*.%s' % sc.endpoint_host, '\n'))
        out.append(('* ALPN: server accepted http/1.1' if not old else '* ALPN, server accepted to use http/1.1',
                    '\n'))
        if not old:
            out.append(('* using HTTP/1.x', '\n'))
    out.append(('> %s %s HTTP/1.1' % (req.method, req.target), wire_eol))
    for k, v in req.headers:
        out.append(('> %s: %s' % (k, v) if v else '> %s:' % k, wire_eol))  # curl sends 'Name;' as 'Name:'
    out.append(('> ', wire_eol))
    if req.method in ('PUT', 'POST') and req.body:
        out.append(('} [%d bytes data]' % len(req.body), '\n'))
        out.append(('* We are completely uploaded and fine' if not old else
                    '* upload completely sent off: %d out of %d bytes' % (len(req.body), len(req.body)), '\n'))
    xml_bytes = xml.encode('utf-8')
    resp_date = mkdate(sc.epoch + 1)
    out.append(('< HTTP/1.1 403 Forbidden', wire_eol))
    out.append(('< Server: AliyunOSS', wire_eol))
    out.append(('< Date: %s' % resp_date, wire_eol))
    out.append(('< Content-Type: application/xml', wire_eol))
    out.append(('< Content-Length: %d' % (0 if req.method == 'HEAD' else len(xml_bytes)), wire_eol))
    out.append(('< Connection: keep-alive', wire_eol))
    out.append(('< x-oss-request-id: %s' % request_id, wire_eol))
    out.append(('< x-oss-server-time: %d' % rng.randint(0, 3), wire_eol))
    out.append(('< x-oss-ec: %s' % EC, wire_eol))
    out.append(('< ', wire_eol))
    if with_body:
        out.append(('{ [%d bytes data]' % len(xml_bytes), '\n'))
    text = ''.join(t + e for t, e in out)
    if with_body:
        text += xml if xml.endswith('\n') else xml + '\n'
    text += '* Connection #0 to host %s left intact\n' % req.host
    if eol_mode == 'crlf':
        text = text.replace('\r\n', '\n').replace('\n', '\r\n')
    return text


def xml_escape(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def render_error_xml(rng, server_string, sig_provided, ak, request_id, host_id):
    indent = '  ' if rng.random() < 0.85 else ''
    text = server_string.decode('utf-8')
    hexbytes = ''.join('%02X ' % c for c in server_string)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<Error>',
             indent + '<Code>SignatureDoesNotMatch</Code>',
             indent + '<Message>%s</Message>' % MESSAGE,
             indent + '<RequestId>%s</RequestId>' % request_id,
             indent + '<HostId>%s</HostId>' % host_id,
             indent + '<OSSAccessKeyId>%s</OSSAccessKeyId>' % ak,
             indent + '<SignatureProvided>%s</SignatureProvided>' % xml_escape(sig_provided),
             indent + '<StringToSign>%s</StringToSign>' % xml_escape(text),
             indent + '<StringToSignBytes>%s</StringToSignBytes>' % hexbytes,
             indent + '<EC>%s</EC>' % EC]
    if rng.random() < 0.5:
        lines.append(indent + '<RecommendDoc>https://api.aliyun.com/troubleshoot?q=%s</RecommendDoc>' % EC)
    lines.append('</Error>')
    return '\n'.join(lines) + '\n'


# ---------------------------------------------------------------------------------------
# server-side mutations (family 2), on the captured request


def remove_dot_segments(path):
    out = []
    for seg in path.split('/')[1:]:
        if seg == '..':
            if out:
                out.pop()
        elif seg != '.':
            out.append(seg)
    trailing = path.endswith('/.') or path.endswith('/..')
    return '/' + '/'.join(out) + ('/' if trailing and out else '')


def mutate(rng, req, sc, mutation):
    """Return (received request, culprit, one-line what-happened)."""
    r = req.copy()
    if mutation == 'xoss-header-added':
        present = {k.lower() for k, v in r.headers}
        choices = [(k, v) for k, v in ADDED_OSS_HEADERS if k not in present]
        name, value = rng.choice(choices)
        r.headers.append((name, value))
        who = 'a CDN back-to-origin rule' if name == 'x-oss-range-behavior' else rng.choice(
            ['a corporate proxy', 'an API gateway', 'a CDN back-to-origin rule'])
        return r, 'header:' + name, '%s added `%s: %s` after the request left the client' % (who, name, value)
    if mutation == 'content-type-added':
        ct = rng.choice(CT_ADDED[r.method])
        r.headers.append(('Content-Type', ct))
        return r, 'content-type', 'the HTTP library/browser added `Content-Type: %s`, which the client never signed' % ct
    if mutation == 'verb-head-to-get':
        assert r.method == 'HEAD'
        r.method = 'GET'
        return r, 'verb', 'a CDN turned the HEAD into a GET when going back to origin'
    if mutation == 'content-type-charset':
        ct = r.get('Content-Type')
        assert ct and 'charset' not in ct
        cs = rng.choice(CHARSETS)
        r.set('Content-Type', ct + cs)
        return r, 'content-type', 'the HTTP library appended `%s` to the signed Content-Type' % cs.strip('; ')
    if mutation == 'date-rewritten':
        d = r.get('Date')
        assert d is not None and r.get('x-oss-date') is None
        nd = mkdate(sc.epoch + rng.choice([1, 2, 5, 30, 3600]))
        r.set('Date', nd)
        return r, 'date', 'a proxy re-stamped the Date header (%s -> %s)' % (d, nd)
    if mutation == 'resource-dot-segments':
        path = r.path
        if '%2F' in path:   # header auth: a proxy decodes %2F, then normalizes
            path = path.replace('%2F', '/')
            how = 'a proxy decoded %2F in the path and removed the dot segments'
        else:
            how = 'the HTTP client removed the dot segments of the presigned URL path before sending it'
        newpath = remove_dot_segments(path)
        assert newpath != r.path
        r.target = newpath + ('?' + r.query if r.query is not None else '')
        return r, 'resource', how + ' (%s -> %s)' % (req.path, newpath)
    if mutation == 'resource-space-to-plus':
        assert '%20' in r.path
        newpath = r.path.replace('%20', '+')
        r.target = newpath + ('?' + r.query if r.query is not None else '')
        return r, 'resource', 'a proxy re-encoded the path, writing spaces as `+` (%s -> %s)' % (req.path, newpath)
    if mutation == 'resource-double-decoded':
        assert '%25' in r.path
        newpath = r.path.replace('%25', '%')
        r.target = newpath + ('?' + r.query if r.query is not None else '')
        return r, 'resource', 'a proxy URL-decoded the path once more before forwarding (%s -> %s)' % (req.path, newpath)
    if mutation == 'subresource-added':
        have = {k for k, v in query_pairs(r.query)}
        name, value = rng.choice([(k, v) for k, v in ADDED_SUBRESOURCES if k not in have])
        enc = value if rng.random() < 0.5 else quote(value, safe='')
        r.target = r.target + ('&' if r.query is not None else '?') + name + '=' + enc
        return r, 'resource', 'a CDN rule appended `%s=%s` to the query before going to origin' % (name, value)
    if mutation == 'query-stripped':
        assert r.query is not None
        r.target = r.path
        return r, 'resource', 'a CDN configured to ignore query strings forwarded the request without `?%s`' % req.query
    raise ValueError(mutation)


# ---------------------------------------------------------------------------------------
# classic client mistakes (family 3), on oss2's string


def split_string(s):
    lines = s.split(b'\n')
    return lines[:4], lines[4:-1], lines[-1]


def join_string(first4, hdrs, resource):
    return b'\n'.join(first4 + hdrs + [resource])


def split_resource(resource):
    path, q, sub = resource.partition(b'?')
    items = sub.split(b'&') if q else []
    return path, items


def join_resource(path, items):
    items = sorted(items, key=lambda it: it.split(b'=', 1)[0])
    return path + (b'?' + b'&'.join(items) if items else b'')


def apply_mistake(rng, s, sc, mutation, wire_params, expires):
    """Return (client string, culprit, description)."""
    first4, hdrs, resource = split_string(s)
    verb, md5, ctype, date = first4
    if mutation == 'content-type-omitted':
        assert ctype
        return join_string([verb, md5, b'', date], hdrs, resource), 'content-type', \
            'the client sent Content-Type `%s` but signed an empty Content-Type line' % ctype.decode()
    if mutation == 'content-type-charset':
        assert ctype and b'charset' not in ctype
        cs = rng.choice(CHARSETS).encode()
        return join_string([verb, md5, ctype + cs, date], hdrs, resource), 'content-type', \
            'the client signed `%s` but its HTTP library sent `%s`' % ((ctype + cs).decode(), ctype.decode())
    if mutation == 'content-type-not-sent':
        assert not ctype
        ct = rng.choice([b'application/octet-stream', b'text/plain', b'application/xml'])
        return join_string([verb, md5, ct, date], hdrs, resource), 'content-type', \
            'the client signed Content-Type `%s` but never sent the header' % ct.decode()
    if mutation == 'xoss-header-missing':
        assert hdrs
        i = rng.randrange(len(hdrs))
        name = hdrs[i].split(b':', 1)[0].decode()
        return join_string(first4, hdrs[:i] + hdrs[i + 1:], resource), 'header:' + name, \
            'the client sent `%s` but left it out of CanonicalizedOSSHeaders' % name
    if mutation == 'xoss-header-not-sent':
        present = {h.split(b':', 1)[0] for h in hdrs}
        choices = [b'x-oss-meta-source:upload-tool', b'x-oss-object-acl:private',
                   b'x-oss-storage-class:Standard', b'x-oss-forbid-overwrite:true']
        line = rng.choice([c for c in choices if c.split(b':', 1)[0] not in present])
        new = sorted(hdrs + [line], key=lambda h: h.split(b':', 1)[0])
        name = line.split(b':', 1)[0].decode()
        return join_string(first4, new, resource), 'header:' + name, \
            'the client signed `%s` but the header never made it into the request' % line.decode()
    if mutation == 'header-name-case':
        i = rng.randrange(len(hdrs))
        name, _, value = hdrs[i].partition(b':')
        new_name = titlecase(name.decode()).encode()
        assert new_name != name
        new = hdrs[:i] + [new_name + b':' + value] + hdrs[i + 1:]
        new = sorted(new, key=lambda h: h.split(b':', 1)[0])  # a naive client sorts its own names
        return join_string(first4, new, resource), 'header:' + name.decode(), \
            'the client did not lower-case the header name (`%s`)' % new_name.decode()
    if mutation == 'header-whitespace':
        i = rng.randrange(len(hdrs))
        name, _, value = hdrs[i].partition(b':')
        sep = rng.choice([b': ', b' : ', b' :'])
        new = hdrs[:i] + [name + sep + value] + hdrs[i + 1:]
        return join_string(first4, new, resource), 'header:' + name.decode(), \
            'the client wrote `%s%s...` (space around the colon)' % (name.decode(), sep.decode())
    bucket = sc.bucket.encode()
    path, items = split_resource(resource)
    if mutation == 'key-url-encoded':
        safe = rng.choice(['/', ''])
        enc = quote(sc.key, safe=safe).encode()
        assert enc != sc.key.encode()
        return join_string(first4, hdrs, join_resource(b'/' + bucket + b'/' + enc, items)), 'resource', \
            'the client put the URL-encoded key (`%s`) in CanonicalizedResource' % enc.decode()
    if mutation == 'bucket-missing':
        assert path.startswith(b'/' + bucket + b'/')
        newpath = path[len(bucket) + 1:]
        return join_string(first4, hdrs, join_resource(newpath, items)), 'resource', \
            'the client signed `%s` without the bucket name' % newpath.decode()
    if mutation == 'bucket-doubled':
        newpath = b'/' + bucket + path
        return join_string(first4, hdrs, join_resource(newpath, items)), 'resource', \
            'the client put the bucket in CanonicalizedResource twice (`/%s/%s/...`), as when a path-style ' \
            'path is appended after "/bucket"' % (sc.bucket, sc.bucket)
    if mutation == 'subresource-missing':
        assert items
        if len(items) > 1 and rng.random() < 0.5:
            drop = rng.randrange(len(items))
            left = items[:drop] + items[drop + 1:]
            what = items[drop].decode()
        else:
            left, what = [], b'&'.join(items).decode()
        return join_string(first4, hdrs, join_resource(path, left)), 'resource', \
            'the client left `%s` out of CanonicalizedResource' % what
    if mutation == 'subresource-extra':
        present = {it.split(b'=', 1)[0] for it in items}
        extra = [(k, v) for k, v in wire_params if k.encode() not in present]
        if not extra:
            assert sc.auth == 'query'
        if sc.auth == 'query' and (not extra or rng.random() < 0.5):
            extra = [('Expires', str(expires)), ('OSSAccessKeyId', STS_AK if sc.sts else AK)]
        new_items = items + [(k + ('=' + v if v else '')).encode() for k, v in extra]
        return join_string(first4, hdrs, join_resource(path, new_items)), 'resource', \
            'the client signed every query parameter, including unsigned `%s`' % ', '.join(k for k, v in extra)
    if mutation == 'date-vs-x-oss-date':
        return None  # handled by the caller, which knows the Date header
    if mutation == 'expires-milliseconds':
        ms = str(int(date) * 1000).encode()
        return join_string([verb, md5, ctype, ms], hdrs, resource), 'expires', \
            'the client signed Expires in milliseconds (%s) while the URL carries seconds (%s)' % (
                ms.decode(), date.decode())
    if mutation == 'verb-lowercase':
        return join_string([verb.lower(), md5, ctype, date], hdrs, resource), 'verb', \
            'the client signed the method in lower case (`%s`)' % verb.lower().decode()
    raise ValueError(mutation)


# ---------------------------------------------------------------------------------------
# one case


FAMILIES = ['consistent', 'transit', 'client-string']
FAM_TAG = {'consistent': 'consistent', 'transit': 'transit', 'client-string': 'clientstr'}


def family_and_mutation(seed, idx):
    family = FAMILIES[(idx + seed) % 3]
    n = idx // 3
    if family == 'consistent':
        return family, 'none'
    lst = list(TRANSIT if family == 'transit' else MISTAKES)
    random.Random('order:%d:%s' % (seed, family)).shuffle(lst)
    return family, lst[n % len(lst)]


def make_case(seed, idx):
    rng = random.Random('gen-v1:%d:%d' % (seed, idx))
    family, mutation = family_and_mutation(seed, idx)
    sc = choose_scenario(rng, family, mutation)
    if family == 'consistent':
        client_secret = STS_OLD_SECRET if sc.sts else OLD_SECRET
    else:
        client_secret = STS_SECRET if sc.sts else SECRET
    server_secret = STS_SECRET if sc.sts else SECRET
    ex = execute(sc, client_secret)
    ak = ex['ak']
    request_id = '%024X' % rng.getrandbits(96)
    curl_version = rng.choice(CURL_VERSIONS)

    # ---- the request as captured, in a format
    wire = parse_wire(ex['raw']) if ex['raw'] is not None else None
    is_get_url = sc.auth == 'query' and sc.method == 'GET' and not sc.headers and not sc.range
    if sc.key_kind == 'dots' and sc.auth == 'query':
        fmt_choices = ['url+xml', 'url|xml2']
    elif sc.auth == 'query':
        fmt_choices = ['curl-v', 'raw+xml', 'raw|xml2', 'curl-cmd|xml2', 'xml|raw2']
        if is_get_url:
            fmt_choices += ['url+xml', 'url|xml2', 'url+xml', 'url|xml2', 'url+xml']
    else:
        fmt_choices = ['curl-v', 'curl-v', 'raw+xml', 'raw|xml2', 'xml|raw2', 'curl-cmd|xml2']
    if family == 'client-string':
        if rng.random() < 0.65:
            fmt = 'xml'
        else:
            fmt = rng.choice([f for f in fmt_choices])
    else:
        fmt = rng.choice(fmt_choices)
    if sc.method == 'HEAD' and fmt == 'curl-v':
        fmt = 'curl-v|xml2'   # OSS sends no body to HEAD: the XML comes from elsewhere (note 11)
    if sc.method == 'HEAD' and fmt == 'raw+xml':
        fmt = 'raw|xml2'

    if fmt.startswith('url'):
        captured = url_to_req(sc.method, ex['url'].replace('http://', sc.scheme + '://', 1))
        capture_kind = 'presigned URL'
    elif fmt.startswith('curl'):
        captured = curl_req(wire, sc, curl_version)
        capture_kind = 'curl'
    elif wire is not None:
        captured = wire
        capture_kind = 'raw HTTP request (oss2 + requests on the wire)'
    else:
        raise AssertionError('no capture')

    # ---- self-check: the captured request is what oss2 signed, and carries that signature
    client_view = oss2_string_to_sign(captured, sc.bucket, sc.path_style, sc.auth)
    assert client_view == ex['signed'], (client_view, ex['signed'])
    if sc.auth == 'header':
        authz = captured.get('Authorization')
        assert authz.startswith('OSS %s:' % ak)
        captured_sig = authz.split(':', 1)[1]
    else:
        captured_sig = dict(query_pairs(captured.query))['Signature']
    recomputed = oss2_signature_of_request(captured, sc.bucket, sc.path_style, sc.auth, ak, client_secret)
    assert recomputed == captured_sig, (recomputed, captured_sig)

    # ---- the server side
    client_string = None
    hint = None
    if family == 'consistent':
        received = captured
        culprits = []
        desc = 'the request arrived as signed; the client signed it with a secret OSS does not have for %s' % ak
        hint = 'secret-differs'
    elif family == 'transit':
        received, culprit, desc = mutate(rng, captured, sc, mutation)
        culprits = [culprit]
        hint = TRANSIT_HINT.get(mutation)
    else:
        received = captured
    server_string = oss2_string_to_sign(received, sc.bucket, sc.path_style, sc.auth)

    if family == 'consistent':
        assert server_string == client_view
        sig_provided = captured_sig
    elif family == 'transit':
        diff = differing_fields(server_string, client_view, sc.auth)
        assert diff == culprits, (diff, culprits, mutation)
        sig_provided = captured_sig
    else:
        if mutation == 'date-vs-x-oss-date':
            first4, hdrs, resource = split_string(server_string)
            d = captured.get('Date').encode()
            assert d != first4[3]
            client_string = join_string(first4[:3] + [d], hdrs, resource)
            culprit = 'date'
            desc = 'the request had both Date and x-oss-date; the client signed Date (%s), OSS used x-oss-date (%s)' % (
                d.decode(), first4[3].decode())
        else:
            wire_params = query_pairs(captured.query)
            wire_params = [(k, v) for k, v in wire_params
                           if k not in oss2.auth.ProviderAuth._subresource_key_set
                           and k not in ('OSSAccessKeyId', 'Expires', 'Signature')]
            expires = dict(query_pairs(captured.query)).get('Expires')
            client_string, culprit, desc = apply_mistake(rng, server_string, sc, mutation, wire_params, expires)
        culprits = [culprit]
        hint = MISTAKE_HINT[mutation]
        diff = differing_fields(server_string, client_string, sc.auth)
        assert diff == culprits, (diff, culprits, mutation, server_string, client_string)
        sig_provided = oss2_signature_of_string(client_string, client_secret)
        # the capture, if shown, carries the faulty signature
        if sc.auth == 'header':
            captured.set('Authorization', 'OSS %s:%s' % (ak, sig_provided))
        else:
            old = 'Signature=' + quote(captured_sig, safe='')
            assert captured.target.count(old) == 1
            captured.target = captured.target.replace(old, 'Signature=' + quote(sig_provided, safe=''))
            ex['url'] = ex['url'].replace(old, 'Signature=' + quote(sig_provided, safe=''))
        received = captured
        assert oss2_string_to_sign(received, sc.bucket, sc.path_style, sc.auth) == server_string

    # OSS itself would not have accepted the provided signature
    assert oss2_signature_of_string(server_string, server_secret) != sig_provided

    host_id = received.host
    xml = render_error_xml(rng, server_string, sig_provided, ak, request_id, host_id)

    # ---- files
    files = {}
    eol_mode = rng.choice(['lf', 'mixed', 'mixed', 'crlf']) if fmt.startswith('curl-v') else \
        rng.choice(['crlf', 'crlf', 'lf'])
    fmt_desc = fmt
    if fmt == 'xml':
        files['input.txt'] = xml
        fmt_desc = 'error XML only (+ client-string.txt)'
    elif fmt in ('curl-v', 'curl-v|xml2'):
        with_body = fmt == 'curl-v'
        cmd = render_curl_cmd(rng, captured, sc.scheme, sc, with_v=True).replace(' \\\n  ', ' ')
        transcript = render_curl_v(rng, captured, sc.scheme, sc, xml, request_id, eol_mode, curl_version,
                                   with_body=with_body)
        if rng.random() < 0.4:
            transcript = '$ ' + cmd + ' 2>&1\n' + transcript
        files['input.txt'] = transcript
        if not with_body:
            files['input2.txt'] = xml
        fmt_desc = 'curl -v transcript (%s line endings)%s' % (
            eol_mode, '' if with_body else ', XML from the origin log in input2.txt')
    elif fmt in ('raw+xml', 'raw|xml2', 'xml|raw2'):
        eol = '\r\n' if eol_mode == 'crlf' else '\n'
        head = captured.head_text(eol)
        if fmt == 'raw+xml':
            files['input.txt'] = head + xml
            fmt_desc = 'raw HTTP request head (%s) + blank line + error XML' % eol_mode.upper()
        elif fmt == 'raw|xml2':
            files['input.txt'] = head
            files['input2.txt'] = xml
            fmt_desc = 'raw HTTP request head (%s); error XML in input2.txt' % eol_mode.upper()
        else:
            files['input.txt'] = xml
            files['input2.txt'] = head
            fmt_desc = 'error XML; raw HTTP request head (%s) in input2.txt' % eol_mode.upper()
    elif fmt == 'curl-cmd|xml2':
        files['input.txt'] = render_curl_cmd(rng, captured, sc.scheme, sc) + '\n'
        files['input2.txt'] = xml
        fmt_desc = 'curl command line; error XML in input2.txt'
    elif fmt in ('url+xml', 'url|xml2'):
        url = ex['url'].replace('http://', sc.scheme + '://', 1)
        if fmt == 'url+xml':
            files['input.txt'] = url + '\n\n' + xml
            fmt_desc = 'presigned URL line + error XML'
        else:
            files['input.txt'] = url + '\n'
            files['input2.txt'] = xml
            fmt_desc = 'presigned URL; error XML in input2.txt'
    else:
        raise ValueError(fmt)

    # every capture carries the exact request-target and signature we checked
    blob = ''.join(files.values())
    if fmt != 'xml':
        assert captured.target in blob
        assert (sig_provided in blob) if sc.auth == 'header' else (quote(sig_provided, safe='') in blob)

    if family == 'client-string':
        files['client-string.txt'] = client_string.decode('utf-8') + '\n'
    with_secret = rng.random() < (0.2 if family == 'consistent' else 0.3)
    if with_secret:
        files['secret.txt'] = client_secret

    expected = {
        'signature_version': 'v1',
        'auth': sc.auth,
        'verdict': 'identical' if family == 'consistent' else 'mismatch',
        'culprits': culprits,
        'client': {'source': 'client-string' if family == 'client-string' else 'captured-request'},
        'error': {'code': 'SignatureDoesNotMatch', 'request_id': request_id, 'ec': EC},
    }
    if hint:
        expected['hints'] = [{'id': hint}]
    expected['exit_code'] = 0 if family == 'consistent' else 1

    mtag = '' if mutation == 'none' else '-' + mutation
    name_core = '%03d-%s-%s%s' % (idx + 1, FAM_TAG[family], sc.auth, mtag)
    meta = {
        'family': family, 'mutation': mutation, 'format': fmt_desc, 'call': ex['call'],
        'scenario': sc, 'desc': desc, 'capture_kind': capture_kind, 'with_secret': with_secret,
        'auth_class': 'oss2.StsAuth' if sc.sts else 'oss2.Auth',
    }
    return name_core, files, expected, meta


FAMILY_TEXT = {'consistent': '1 — consistent (request arrived as signed; different secret)',
               'transit': '2 — changed in transit (captured request differs from what OSS received)',
               'client-string': '3 — client string with a classic mistake'}


def source_md(name, meta, seed, count, prefix, idx):
    sc = meta['scenario']
    key = repr(sc.key) if sc.key else '(bucket-level request)'
    lines = [
        '# %s' % name,
        '',
        'Generated by `%s` — do not edit by hand; change the script and regenerate.' % GENERATOR,
        '',
        '- family: %s' % FAMILY_TEXT[meta['family']],
        '- mutation: `%s`' % meta['mutation'],
        '- signer (oracle): oss2 %s (PyPI), requests %s, urllib3 %s, Python %d.%d; `%s` via `%s`' % (
            oss2.__version__, requests.__version__, urllib3.__version__, sys.version_info[0],
            sys.version_info[1], meta['auth_class'], meta['call']),
        '- auth: %s; %s-style host `%s`; bucket `%s`; key %s' % (
            'Authorization header' if sc.auth == 'header' else 'presigned URL (sign_url)',
            'path' if sc.path_style else 'virtual-hosted', sc.endpoint_host if sc.path_style else
            '%s.%s' % (sc.bucket, sc.endpoint_host), sc.bucket, key),
        '- input format: %s' % meta['format'],
        '- secret.txt: %s' % ('yes (the secret the client signed with)' if meta['with_secret'] else 'no'),
        '- generator: `python3 %s --out <DIR> --seed %d --count %d --prefix %s` (case %d)' % (
            GENERATOR, seed, count, prefix, idx + 1),
        '',
        meta['desc'][0].upper() + meta['desc'][1:] + '.',
        '',
    ]
    return '\n'.join(lines)


def is_generated_dir(path):
    src = os.path.join(path, 'SOURCE.md')
    return os.path.isfile(src) and GENERATOR in open(src, encoding='utf-8').read()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--out', required=True, help='directory that receives one sub-directory per case')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--count', type=int, default=60)
    ap.add_argument('--prefix', default='gen-v1')
    args = ap.parse_args(argv)

    os.makedirs(args.out, exist_ok=True)
    for d in sorted(os.listdir(args.out)):
        p = os.path.join(args.out, d)
        if d.startswith(args.prefix + '-') and os.path.isdir(p) and is_generated_dir(p):
            shutil.rmtree(p)

    stats = {}
    for idx in range(args.count):
        name_core, files, expected, meta = make_case(args.seed, idx)
        name = '%s-%s' % (args.prefix, name_core)
        d = os.path.join(args.out, name)
        os.makedirs(d)
        for fn, content in files.items():
            with open(os.path.join(d, fn), 'w', encoding='utf-8', newline='') as f:
                f.write(content)
        with open(os.path.join(d, 'expected.json'), 'w', encoding='utf-8') as f:
            json.dump(expected, f, indent=2, ensure_ascii=False)
            f.write('\n')
        with open(os.path.join(d, 'SOURCE.md'), 'w', encoding='utf-8') as f:
            f.write(source_md(name, meta, args.seed, args.count, args.prefix, idx))
        for k in ('family:' + meta['family'], 'auth:' + meta['scenario'].auth,
                  'format:' + meta['format'].split(' (')[0].split(';')[0]):
            stats[k] = stats.get(k, 0) + 1
    for k in sorted(stats):
        print('%-60s %d' % (k, stats[k]))
    print('wrote %d cases to %s (oss2 %s)' % (args.count, args.out, oss2.__version__))


if __name__ == '__main__':
    main()
