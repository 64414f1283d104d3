#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Known-answer vectors and fixture cases for the `v2` (OSS2), `aws-v2` (S3 V2) and
`aws-v4` (AWS4-HMAC-SHA256) signing schemes, with the official signers as the oracle:
oss2.AuthV2 (`ProviderAuthV2._sign_request` / `_sign_url`) and botocore's
`HmacV1Auth` / `HmacV1QueryAuth` / `S3SigV4Auth` / `S3SigV4QueryAuth` on an AWSRequest.

    pip install oss2 botocore boto3
    python3 tools/gen_schemes.py                      # vectors/schemes.json + fixtures/gen-{v2,awsv2,awsv4}-NNN-*
    python3 tools/gen_schemes.py --seed 777 --count 60 --out /tmp/heldout-schemes --no-vectors

Every string to sign / canonical request comes from the SDK's own functions (recorded while
the SDK signs). "Server side" = the same official functions applied to the request as the
server received it (after the case's transit mutation). Client-string mutations edit one
field of the SDK's string. Rules observed: tools/SCHEMES-NOTES.md.
Secrets are fake test secrets.
"""
import argparse
import calendar
import datetime
import hashlib
import io
import json
import logging
import os
import random
import shutil
import sys
from unittest import mock
from urllib.parse import quote, unquote, urlsplit

import oss2
import oss2.auth
import oss2.http
import botocore
import botocore.auth
from botocore.auth import HmacV1Auth, HmacV1QueryAuth, S3SigV4Auth, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLIENT_SECRET = 'ExampleSecretForOssdiagSchemes00'   # fake
SERVER_SECRET = 'ExampleSecretHeldByTheServer0000'   # fake: what "the server" holds in consistent cases
OSS_AK = 'LTAI5tSchemesExampleAK01'
AWS_AK = 'AKIAOSSDIAGEXAMPLE01'
MSG = ('The request signature we calculated does not match the signature you provided. '
       'Check your key and signing method.')
VERSIONS = 'oss2 %s, botocore %s, Python %s' % (oss2.__version__, botocore.__version__,
                                                 sys.version.split()[0])

KEYS = ['photos/2024/cat.jpg', 'a b+c.txt', '100%/pct.txt', '图片/猫.jpg', '/leading/slash.txt',
        'tilde~name.txt', 'dir//double.txt', 'q?x=1&y.txt', 'ünïcødé name.bin', 'plain.txt']
OSS_REGIONS = ['oss-cn-hangzhou', 'cn-hangzhou']


def hexbytes(b, upper):
    return ' '.join(('%02X' if upper else '%02x') % c for c in b) + (' ' if upper else '')


def xml_esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def http_date(epoch):
    return datetime.datetime.utcfromtimestamp(epoch).strftime('%a, %d %b %Y %H:%M:%S GMT')


# --------------------------------------------------------------------------- v2 (oss2)
_V2_REC = {}
_orig_v2_bytes = oss2.auth.ProviderAuthV2._ProviderAuthV2__get_bytes_to_sign


def _rec_v2_bytes(self, req, bucket_name, key, additional):
    b = _orig_v2_bytes(self, req, bucket_name, key, additional)
    _V2_REC['sts'] = b
    return b


oss2.auth.ProviderAuthV2._ProviderAuthV2__get_bytes_to_sign = _rec_v2_bytes


def v2_string(method, bucket, key, params, headers, additional):
    """Server side: the official oss2 string-to-sign function on a received request."""
    req = oss2.http.Request(method, 'http://x/', params=dict(params), headers=dict(headers))
    return _orig_v2_bytes(oss2.AuthV2(OSS_AK, SERVER_SECRET), req, bucket, key, set(additional))


def v2_sign(method, host, bucket, key, params, headers, epoch, auth, secret=CLIENT_SECRET,
            additional=None, expires=600):
    """Sign with oss2.AuthV2 at a pinned time. Returns dict with wire request and strings."""
    url = 'https://%s/%s' % (host, oss2.compat.urlquote(key, ''))
    req = oss2.http.Request(method, url, params=dict(params), headers=dict(headers))
    a = oss2.AuthV2(OSS_AK, secret)
    logbuf = io.StringIO()
    h = logging.StreamHandler(logbuf)
    h.setFormatter(logging.Formatter('%(asctime)s %(name)s [%(levelname)s] %(thread)d : %(message)s'))
    lg = logging.getLogger('oss2.auth')
    lg.addHandler(h)
    old = lg.level
    lg.setLevel(logging.DEBUG)
    try:
        with mock.patch('oss2.utils.http_date', lambda *a_: http_date(epoch)), \
                mock.patch('time.time', lambda: float(epoch)):
            if auth == 'header':
                a._sign_request(req, bucket, key, additional)
                q = '&'.join(oss2.auth._param_to_quoted_query(k, v) for k, v in req.params.items())
                signed_url = None
            else:
                signed_url = a._sign_url(req, bucket, key, expires, additional)
                q = signed_url.split('?', 1)[1]
    finally:
        lg.removeHandler(h)
        lg.setLevel(old)
    hdrs = [(k, v) for k, v in req.headers.items() if v is not None]
    return {'url': url.split('://', 1)[1].split('/', 1)[1], 'path': '/' + url.split('/', 3)[3],
            'query': q, 'headers': hdrs, 'sts': _V2_REC['sts'], 'signed_url': signed_url,
            'log': logbuf.getvalue()}


# --------------------------------------------------------------------------- aws (botocore)
class PinnedV1(HmacV1Auth):
    def __init__(self, creds, date):
        super().__init__(creds)
        self._d = date
        self.sts = None

    def _get_date(self):
        return self._d

    def canonical_string(self, *a, **k):
        self.sts = super().canonical_string(*a, **k)
        return self.sts


class PinnedV1Query(HmacV1QueryAuth):
    def __init__(self, creds, expires_epoch):
        super().__init__(creds, expires=0)
        self._d = str(expires_epoch)
        self.sts = None

    def _get_date(self):
        return self._d

    def canonical_string(self, *a, **k):
        self.sts = super().canonical_string(*a, **k)
        return self.sts


def _rec(cls):
    class R(cls):
        cr = sts = None

        def canonical_request(self, request):
            self.cr = super().canonical_request(request)
            return self.cr

        def string_to_sign(self, request, cr):
            self.sts = super().string_to_sign(request, cr)
            return self.sts
    return R


RecV4, RecV4Query = _rec(S3SigV4Auth), _rec(S3SigV4QueryAuth)


def botolog(fn):
    """Run fn with the real botocore.auth logger captured in boto3.set_stream_logger's format."""
    buf = io.StringIO()
    h = logging.StreamHandler(buf)
    h.setFormatter(logging.Formatter('%(asctime)s %(name)s [%(levelname)s] %(message)s'))
    lg = logging.getLogger('botocore.auth')
    lg.addHandler(h)
    old = lg.level
    lg.setLevel(logging.DEBUG)
    try:
        r = fn()
    finally:
        lg.removeHandler(h)
        lg.setLevel(old)
    return r, buf.getvalue()


def awsv2_sign(method, scheme_host, path, query, headers, epoch, auth, bucket, virtual,
               secret=CLIENT_SECRET, ak=AWS_AK, expires=600):
    url = '%s%s%s' % (scheme_host, path, ('?' + query) if query else '')
    req = AWSRequest(method=method, url=url, headers=dict(headers), data=b'')
    req.auth_path = ('/' + bucket + path) if virtual else path
    creds = Credentials(ak, secret)
    s = PinnedV1(creds, http_date(epoch)) if auth == 'header' else PinnedV1Query(creds, epoch + expires)
    _, log = botolog(lambda: s.add_auth(req))
    hdrs = [(k, v) for k, v in req.headers.items()]
    u = urlsplit(req.url)
    return {'url': req.url, 'path': u.path, 'query': u.query, 'headers': hdrs, 'sts': s.sts, 'log': log}


def awsv2_server(method, path, query, headers, bucket, virtual, date):
    s = PinnedV1(Credentials(AWS_AK, SERVER_SECRET), date)
    hh = AWSRequest(method=method, url='https://x' + path, headers=dict(headers)).headers
    return s.canonical_string(method, urlsplit('https://x%s%s' % (path, '?' + query if query else '')), hh,
                              auth_path=('/' + bucket + path) if virtual else path)


def awsv4_sign(method, url, headers, body, ts, region, auth, unsigned=False, secret=CLIENT_SECRET,
               ak=AWS_AK, expires=3600, service='s3', token=None):
    dt = datetime.datetime.strptime(ts, '%Y%m%dT%H%M%SZ')
    req = AWSRequest(method=method, url=url, headers=dict(headers), data=body)
    req.context['client_config'] = Config(s3={'payload_signing_enabled': not unsigned}) if unsigned else None
    creds = Credentials(ak, secret, token)
    s = RecV4(creds, service, region) if auth == 'header' else RecV4Query(creds, service, region, expires=expires)
    with mock.patch('botocore.auth.get_current_datetime', lambda *a: dt):
        _, log = botolog(lambda: s.add_auth(req))
    u = urlsplit(req.url)
    return {'url': req.url, 'path': u.path, 'query': u.query,
            'headers': [(k, v) for k, v in req.headers.items()], 'cr': s.cr, 'sts': s.sts, 'log': log,
            'authorization': req.headers.get('Authorization')}


def awsv4_server(method, host, path, query, headers, ts, region, auth, service='s3'):
    """Official botocore functions on the received request, signed headers only."""
    if auth == 'header':
        authz = dict(headers)['Authorization']
        signed = authz.split('SignedHeaders=')[1].split(',')[0].split(';')
        q = query
    else:
        parts = query.split('&')
        signed = unquote([p for p in parts if p.startswith('X-Amz-SignedHeaders=')][0].split('=', 1)[1]).split(';')
        q = '&'.join(p for p in parts if not p.startswith('X-Amz-Signature='))
    low = {k.lower(): v for k, v in headers}
    low.setdefault('host', host)
    hh = {k: low.get(k, '') for k in signed}
    req = AWSRequest(method=method, url='https://%s%s%s' % (host, path, '?' + q if q else ''), headers=hh)
    req.context['timestamp'] = ts
    creds = Credentials(AWS_AK, SERVER_SECRET)
    s = (S3SigV4Auth if auth == 'header' else S3SigV4QueryAuth)(creds, service, region)
    cr = s.canonical_request(req)
    return cr, s.string_to_sign(req, cr)


# --------------------------------------------------------------------------- vectors
def aws_doc_examples():
    """AWS S3 SigV4 documentation examples (sig-v4-header-based-auth / query-string auth),
    signed here with botocore; the published signatures are asserted."""
    ak, sk, ts = 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524T000000Z'
    e = hashlib.sha256(b'').hexdigest()
    out = []
    cases = [
        ('GET Object', 'GET', 'https://examplebucket.s3.amazonaws.com/test.txt',
         {'Range': 'bytes=0-9'}, b'', 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'),
        ('PUT Object', 'PUT', 'https://examplebucket.s3.amazonaws.com/test%24file.text',
         {'Date': 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY'},
         b'Welcome to Amazon S3.', '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd'),
        ('GET Bucket Lifecycle', 'GET', 'https://examplebucket.s3.amazonaws.com/?lifecycle=', {}, b'',
         'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543'),
        ('Get bucket list objects', 'GET', 'https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J', {}, b'',
         '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7'),
    ]
    for name, m, url, h, body, want in cases:
        # The published requests carry their own Date/x-amz-date and x-amz-content-sha256; add_auth
        # would re-format Date (botocore writes "-0000", the docs "GMT"), so the official
        # S3SigV4Auth.canonical_request / string_to_sign / signature run on the request as published.
        hh = dict(h)
        hh['x-amz-content-sha256'] = hashlib.sha256(body).hexdigest()
        hh['x-amz-date'] = ts
        req = AWSRequest(method=m, url=url, headers=hh, data=body)
        req.context['timestamp'] = ts
        s4 = S3SigV4Auth(Credentials(ak, sk), 's3', 'us-east-1')
        cr = s4.canonical_request(req)
        sts = s4.string_to_sign(req, cr)
        sig = s4.signature(sts, req)
        assert sig == want, (name, sig, cr)
        authz = 'AWS4-HMAC-SHA256 Credential=%s, SignedHeaders=%s, Signature=%s' % (
            s4.scope(req), s4.signed_headers(s4.headers_to_sign(req)), sig)
        out.append({'scheme': 'aws-v4', 'name': 'aws-doc: ' + name, 'source': 'AWS S3 API reference, '
                    'sig-v4-header-based-auth.html examples (published signature asserted)',
                    'auth': 'header', 'method': m, 'url': url, 'headers': hh, 'body': body.decode(),
                    'access_key_id': ak, 'secret': sk, 'timestamp': ts, 'region': 'us-east-1', 'service': 's3',
                    'canonical_request': cr, 'string_to_sign': sts, 'signature': sig,
                    'authorization': authz, 'published_signature': want})
    # query-string auth example: GET /test.txt, expires 86400
    r = awsv4_sign('GET', 'https://examplebucket.s3.amazonaws.com/test.txt', {}, b'', ts, 'us-east-1', 'query',
                   secret=sk, ak=ak, expires=86400)
    want = 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404'
    sig = r['url'].rsplit('X-Amz-Signature=', 1)[1]
    assert sig == want, (sig, r['cr'])
    out.append({'scheme': 'aws-v4', 'name': 'aws-doc: presigned GET Object', 'source': 'AWS S3 API reference, '
                'sigv4-query-string-auth.html example (published signature asserted)', 'auth': 'query',
                'method': 'GET', 'url': 'https://examplebucket.s3.amazonaws.com/test.txt', 'expires': 86400,
                'access_key_id': ak, 'secret': sk, 'timestamp': ts, 'region': 'us-east-1', 'service': 's3',
                'canonical_request': r['cr'], 'string_to_sign': r['sts'], 'signature': sig,
                'presigned_url': r['url'], 'published_signature': want})
    assert e
    return out


def build_vectors():
    vec = []
    epoch = 1767225600 + 12345  # 2026-01-01T03:25:45Z
    subs = [{}, {'acl': ''}, {'uploadId': '0004B9894A22E5B1888A1E29F823', 'partNumber': '3'},
            {'response-content-type': 'text/plain; charset=utf-8'}, {'x-oss-process': 'image/resize,w_100'}]
    i = 0
    for key in KEYS:
        for auth in ('header', 'query'):
            p = subs[i % len(subs)]
            i += 1
            hdr = {'Content-Type': 'image/jpeg'} if i % 3 == 0 else {}
            if i % 4 == 0:
                hdr['x-oss-meta-author'] = 'Zhang San'
            if auth == 'header' and i % 2 == 0:
                hdr['Range'] = 'bytes=0-99'
            r = v2_sign('GET' if i % 5 else 'PUT', 'examplebucket.oss-cn-hangzhou.aliyuncs.com', 'examplebucket',
                        key, p, hdr, epoch, auth, additional=(['range'] if auth == 'query' and 'Range' in hdr else None))
            vec.append({'scheme': 'v2', 'auth': auth, 'method': 'GET' if i % 5 else 'PUT',
                        'host': 'examplebucket.oss-cn-hangzhou.aliyuncs.com', 'bucket': 'examplebucket', 'key': key,
                        'path': r['path'], 'query': r['query'], 'headers': r['headers'],
                        'epoch': epoch, 'access_key_id': OSS_AK, 'secret': CLIENT_SECRET,
                        'string_to_sign': r['sts'].decode('utf-8'),
                        'authorization': dict((k.lower(), v) for k, v in r['headers']).get('authorization'),
                        'presigned_url': r['signed_url'],
                        'signer': 'oss2.AuthV2._sign_request' if auth == 'header' else 'oss2.AuthV2._sign_url'})
    # aws-v2 / aws-v4
    hosts = [('https://examplebucket.oss-cn-hangzhou.aliyuncs.com', True, 'oss-cn-hangzhou'),
             ('https://examplebucket.s3.us-east-1.amazonaws.com', True, 'us-east-1'),
             ('https://s3.amazonaws.com', False, 'us-east-1'),
             ('https://examplebucket.oss-cn-hangzhou.aliyuncs.com', True, 'cn-hangzhou')]
    qs = ['', 'acl', 'uploadId=0004B9894A22E5B1888A1E29F823&partNumber=3',
          'response-content-type=text%2Fplain%3B%20charset%3Dutf-8', 'prefix=J&max-keys=2&list-type=2',
          'versionId=3HL4kqtJvjVBH40Nrjfkd&tagging']
    i = 0
    ts = '20260101T032545Z'
    for key in KEYS:
        for auth in ('header', 'query'):
            base, virtual, region = hosts[i % len(hosts)]
            q = qs[i % len(qs)]
            i += 1
            wkey = quote(key, safe='/~')
            path = '/' + wkey if virtual else '/examplebucket/' + wkey
            hdr = {}
            if i % 3 == 0:
                hdr['Content-Type'] = 'application/octet-stream'
            if i % 4 == 0:
                hdr['x-amz-meta-author'] = 'Zhang  San'
            method = 'PUT' if i % 5 == 0 else 'GET'
            r = awsv2_sign(method, base, path, q, hdr, epoch, auth, 'examplebucket', virtual)
            vec.append({'scheme': 'aws-v2', 'auth': auth, 'method': method, 'url_in': base + path + ('?' + q if q else ''),
                        'headers_in': hdr, 'epoch': epoch, 'expires': 600 if auth == 'query' else None,
                        'access_key_id': AWS_AK, 'secret': CLIENT_SECRET, 'headers': r['headers'],
                        'string_to_sign': r['sts'], 'signed_url': r['url'] if auth == 'query' else None,
                        'authorization': dict(r['headers']).get('Authorization'),
                        'signer': 'botocore.auth.HmacV1Auth' if auth == 'header' else 'botocore.auth.HmacV1QueryAuth'})
            hdr4 = dict(hdr)
            if i % 2 == 0 and auth == 'header':
                hdr4['Range'] = 'bytes=0-9'
            body = b'hello' if method == 'PUT' and auth == 'header' else b''
            unsigned = (i % 3 == 1)
            scheme_url = base if i % 7 else base.replace('https:', 'http:')
            r4 = awsv4_sign(method, scheme_url + path + ('?' + q if q else ''), hdr4, body, ts, region, auth,
                            unsigned=unsigned)
            vec.append({'scheme': 'aws-v4', 'auth': auth, 'method': method, 'url_in': scheme_url + path + ('?' + q if q else ''),
                        'headers_in': hdr4, 'body': body.decode(), 'timestamp': ts, 'region': region, 'service': 's3',
                        'payload_signing': not unsigned, 'expires': 3600 if auth == 'query' else None,
                        'access_key_id': AWS_AK, 'secret': CLIENT_SECRET, 'headers': r4['headers'],
                        'canonical_request': r4['cr'], 'string_to_sign': r4['sts'],
                        'authorization': r4['authorization'], 'presigned_url': r4['url'] if auth == 'query' else None,
                        'signer': 'botocore.auth.S3SigV4Auth' if auth == 'header' else 'botocore.auth.S3SigV4QueryAuth'})
    vec.extend(aws_doc_examples())
    return vec


# --------------------------------------------------------------------------- error bodies
def oss_body(rid, host, ak_tag, ak, sig, sts, ec, cr=None):
    s = ['<?xml version="1.0" encoding="UTF-8"?>', '<Error>', '  <Code>SignatureDoesNotMatch</Code>',
         '  <Message>%s</Message>' % MSG, '  <RequestId>%s</RequestId>' % rid, '  <HostId>%s</HostId>' % host,
         '  <%s>%s</%s>' % (ak_tag, ak, ak_tag), '  <SignatureProvided>%s</SignatureProvided>' % sig,
         '  <StringToSign>%s</StringToSign>' % xml_esc(sts.decode('utf-8')),
         '  <StringToSignBytes>%s</StringToSignBytes>' % hexbytes(sts, True)]
    if cr is not None:
        s += ['  <CanonicalRequest>%s</CanonicalRequest>' % xml_esc(cr.decode('utf-8')),
              '  <CanonicalRequestBytes>%s</CanonicalRequestBytes>' % hexbytes(cr, True)]
    s += ['  <EC>%s</EC>' % ec, '  <RecommendDoc>https://api.aliyun.com/troubleshoot?q=%s</RecommendDoc>' % ec,
          '</Error>']
    return '\n'.join(s) + '\n'


def s3_body(rid, hostid, ak, sig, sts, cr=None):
    s = ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>%s</Message>'
         '<AWSAccessKeyId>%s</AWSAccessKeyId><StringToSign>%s</StringToSign><SignatureProvided>%s</SignatureProvided>'
         '<StringToSignBytes>%s</StringToSignBytes>') % (MSG, ak, xml_esc(sts.decode('utf-8')), sig,
                                                         hexbytes(sts, False))
    if cr is not None:
        s += '<CanonicalRequest>%s</CanonicalRequest><CanonicalRequestBytes>%s</CanonicalRequestBytes>' % (
            xml_esc(cr.decode('utf-8')), hexbytes(cr, False))
    return s + '<RequestId>%s</RequestId><HostId>%s</HostId></Error>' % (rid, hostid)


def curl_cmd(method, url, headers, body_file=None):
    parts = ['curl -i']
    if method == 'HEAD':
        parts.append('-I')
    elif method != 'GET':
        parts.append('-X %s' % method)
    for k, v in headers:
        if k.lower() in ('user-agent', 'accept-encoding', 'content-length', 'expect', 'transfer-encoding',
                         'amz-sdk-invocation-id', 'amz-sdk-request'):
            continue
        parts.append("-H '%s: %s'" % (k, v))
    if body_file:
        parts.append('--data-binary @%s' % body_file)
    parts.append("'%s'" % url)
    return ' '.join(parts) + '\n'


def raw_http(method, path, query, host, headers):
    lines = ['%s %s%s HTTP/1.1' % (method, path, '?' + query if query else ''), 'Host: %s' % host]
    for k, v in headers:
        if k.lower() in ('host', 'accept-encoding', 'amz-sdk-invocation-id', 'amz-sdk-request'):
            continue
        lines.append('%s: %s' % (k, v))
    return '\r\n'.join(lines) + '\r\n\r\n'
