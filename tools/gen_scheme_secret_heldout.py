#!/usr/bin/env python3
"""Held-out secret-search cases for the `v2` (OSS2), `aws-v2` and `aws-v4` schemes (issues 8, 11).

    python3 tools/gen_scheme_secret_heldout.py --out /tmp/heldout-schemes-secret --seed 4242 --count 150
    python3 tools/eval.py /tmp/heldout-schemes-secret --bin target/debug/ossdiag

The server's string is the official signer's (oss2.AuthV2, botocore HmacV1Auth /
HmacV1QueryAuth / S3SigV4Auth / S3SigV4QueryAuth, through tools/gen_schemes.py); the client's
mistake is drawn here, independently of src/secret, from the issue-11 families (text case,
whitespace, Content-Type, dates and local time, header subsets, encodings of the resource and
query, the additional-headers line, scope region/date/service, payload hash, CRLF, a trailing
newline, the secret with whitespace); the signature is the official signer's over the mistaken
string (oss2's HMAC-SHA256 signer, botocore's sign_string / signature). Input: the error body
(and the secret file); expected: the exact client string. Secrets are fake.
"""
import argparse
import datetime
import hashlib
import json
import os
import random
import sys
from unittest import mock
from urllib.parse import quote, unquote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_schemes as gs  # noqa: E402
import oss2  # noqa: E402
from botocore.auth import HmacV1Auth, S3SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

SECRETS = ['HeldOutSchemeSecretNumberOne0001', 'heldout+scheme/secret=Two0000002', 'ThirdHeldOutSchemeSecret00000003']
WD = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
SECRET_FAMILY = [('', '\n'), ('', ' '), ('', '%'), ('', '\r\n'), (' ', '')]


def pct(s, safe, plus=False, lower=False):
    out = []
    for b in s.encode('utf-8'):
        c = chr(b)
        if b < 128 and (c.isalnum() and c.isascii() or c in '-_.~' or c in safe):
            out.append(c)
        elif plus and c == ' ':
            out.append('+')
        else:
            out.append(('%%%02x' if lower else '%%%02X') % b)
    return ''.join(out)


def date_forms(t):
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    hms = '%02d:%02d:%02d' % (d.hour, d.minute, d.second)
    wd, mon = WD[d.weekday()], MON[d.month - 1]
    return ['%s, %d %s %d %s GMT' % (wd, d.day, mon, d.year, hms), '%s, %02d %s %d %s +0000' % (wd, d.day, mon, d.year, hms),
            d.strftime('%Y-%m-%dT%H:%M:%SZ')] + [gs.http_date(t + 3600 * h) for h in (8, -5, 1, -1, 9)]


def line_mistakes(L, v2, query_auth):
    """[(label, new line list or whole-string marker)] for the V1-style line model."""
    out = []
    setl = lambda i, v: (lambda l: l[:i] + [v] + l[i + 1:])
    out.append(('verb-lower', setl(0, L[0].lower())))
    if L[2]:
        for v in (L[2].upper(), L[2] + '; charset=utf-8', ''):
            out.append(('content-type:' + v, setl(2, v)))
    else:
        out.append(('content-type-added', setl(2, 'application/octet-stream')))
    t = None
    if not query_auth and not L[3].isdigit():
        try:
            t = int(datetime.datetime.strptime(L[3], '%a, %d %b %Y %H:%M:%S GMT').replace(tzinfo=datetime.timezone.utc).timestamp())
        except ValueError:
            t = None  # already reformatted by a first mistake
    if t is not None:
        for v in date_forms(t):
            out.append(('date:' + v, setl(3, v)))
    if L[3].isdigit():
        e = int(L[3])
        for v in (e * 1000, e + 3600, e - 600):
            out.append(('expires:%d' % v, setl(3, str(v))))
    last_hdr = len(L) - (2 if v2 else 1)
    for i in range(4, last_hdr):
        n, _, val = L[i].partition(':')
        out.append(('header-dropped:' + n, lambda l, i=i: l[:i] + l[i + 1:]))
        out.append(('header-title:' + n, setl(i, n.title() + ':' + val)))
        out.append(('header-colon-space:' + n, setl(i, n + ': ' + val)))
        out.append(('header-trailing-space:' + n, setl(i, L[i] + ' ')))
    res = L[-1]
    path, qm, q = res.partition('?')
    if v2:
        raw = unquote(path)
        out.append(('addl-line-dropped', lambda l: l[:-2] + l[-1:]))
        if L[-2]:
            out.append(('addl-line-empty', setl(len(L) - 2, '')))
        out.append(('resource-slash-kept', setl(len(L) - 1, pct(raw, '/') + qm + q)))
        out.append(('resource-lower-hex', setl(len(L) - 1, pct(raw, '', lower=True) + qm + q)))
        out.append(('resource-unencoded', setl(len(L) - 1, raw + qm + q)))
        out.append(('resource-encodeURIComponent', setl(len(L) - 1, pct(raw, "!*'()") + qm + q)))
    else:
        key_start = path.find('/', 1)
        if key_start > 0:
            out.append(('resource-bucket-missing', setl(len(L) - 1, path[key_start:] + qm + q)))
            dec = unquote(path)
            if dec != path:
                out.append(('resource-key-decoded', setl(len(L) - 1, dec + qm + q)))
            out.append(('resource-key-encoded-again', setl(len(L) - 1, quote(path, safe='/') + qm + q)))
    if q:
        items = q.split('&')
        out.append(('resource-without-query', setl(len(L) - 1, path)))
        if len(items) > 1:
            for k in range(len(items)):
                out.append(('query-dropped:' + items[k].split('=')[0],
                            setl(len(L) - 1, path + '?' + '&'.join(items[:k] + items[k + 1:]))))
    out.append(('crlf', 'crlf'))
    out.append(('trailing-newline', 'lf'))
    return out


def apply_line(s, m):
    if m == 'crlf':
        return s.replace('\n', '\r\n')
    if m == 'lf':
        return s + '\n'
    return '\n'.join(m(s.split('\n')))


def pick_line(rng, s, v2, query_auth):
    """One mistake (70%) or two on different lines (30%); or the secret with whitespace (10%)."""
    L = s.split('\n')
    ms = line_mistakes(L, v2, query_auth)
    m1 = rng.choice(ms)
    w = apply_line(s, m1[1])
    label = m1[0]
    if rng.random() < 0.3 and not isinstance(m1[1], str):
        L2 = w.split('\n')
        ms2 = [m for m in line_mistakes(L2, v2, query_auth) if not isinstance(m[1], str)
               and m[0].split(':')[0] != m1[0].split(':')[0]]
        if ms2:
            m2 = rng.choice(ms2)
            w = apply_line(w, m2[1])
            label += '+' + m2[0]
    return label, w


def case_v2(rng, i):
    secret = rng.choice(SECRETS)
    bucket = rng.choice(['examplebucket', 'media-prod-hz'])
    host = '%s.oss-cn-hangzhou.aliyuncs.com' % bucket
    key = rng.choice(gs.KEYS)
    auth = rng.choice(['header', 'query'])
    params = rng.choice([{}, {'acl': ''}, {'x-oss-process': 'image/resize,w_100'},
                         {'response-content-type': 'text/plain', 'versionId': 'CAEQNhiBgMDJ'}])
    hdr = {}
    if rng.random() < 0.4:
        hdr['Content-Type'] = rng.choice(['image/jpeg', 'text/plain'])
    if rng.random() < 0.4:
        hdr['x-oss-meta-author'] = 'Zhang San'
    if auth == 'header' and rng.random() < 0.3:
        hdr['Range'] = 'bytes=0-99'
    epoch = 1767225600 + rng.randrange(0, 300 * 86400)
    method = 'GET' if 'Range' in hdr or rng.random() < 0.6 else 'PUT'
    r = gs.v2_sign(method, host, bucket, key, params, hdr, epoch, auth, secret=secret)
    server = r['sts'].decode('utf-8')
    sec = secret
    if rng.random() < 0.1:
        pre, post = rng.choice(SECRET_FAMILY)
        sec, label, wrong = pre + secret + post, 'secret-whitespace', server
    else:
        label, wrong = pick_line(rng, server, True, auth == 'query')
    if wrong == server and label != 'secret-whitespace':
        return None
    # oss2's own signer (ProviderAuthV2.__make_signature), its string to sign replaced by
    # the mistaken one
    a = oss2.AuthV2(gs.OSS_AK, secret)

    class Creds:  # oss2's provider strips the secret; a client that keeps whitespace does not
        def get_access_key_secret(self):
            return sec
    creds = Creds()
    with mock.patch.object(oss2.auth.ProviderAuthV2, '_ProviderAuthV2__get_bytes_to_sign',
                           lambda *x: wrong.encode('utf-8')):
        sig = a._ProviderAuthV2__make_signature(None, bucket, key, [], creds)
    body = gs.oss_body(gs.rid(rng), host, 'OSSAccessKeyId', gs.OSS_AK, sig, server.encode('utf-8'), '0002-00000040')
    return 'v2', label, body, secret, wrong, 'oss2 %s AuthV2' % oss2.__version__


def case_awsv2(rng, i):
    secret = rng.choice(SECRETS)
    host, virtual, server_kind = rng.choice([('examplebucket.oss-cn-hangzhou.aliyuncs.com', True, 'oss'),
                                             ('examplebucket.s3.us-east-1.amazonaws.com', True, 's3'),
                                             ('s3.amazonaws.com', False, 's3')])
    key = rng.choice(gs.KEYS)
    auth = rng.choice(['header', 'query'])
    q = rng.choice(['', 'acl', 'uploadId=0004B9894A22E5B1888A1E29F823&partNumber=3', 'versionId=3HL4kq'])
    hdr = {}
    if rng.random() < 0.4:
        hdr['Content-Type'] = 'text/plain'
    if auth == 'header' and rng.random() < 0.4:
        hdr['x-amz-meta-author'] = 'Zhang San'
    epoch = 1767225600 + rng.randrange(0, 300 * 86400)
    method = rng.choice(['GET', 'GET', 'PUT', 'HEAD'])
    path = ('/' if virtual else '/examplebucket/') + quote(key, safe='/~')
    r = gs.awsv2_sign(method, 'https://' + host, path, q, hdr, epoch, auth, 'examplebucket', virtual, secret=secret)
    server = r['sts']
    sec = secret
    if rng.random() < 0.1:
        pre, post = rng.choice(SECRET_FAMILY)
        sec, label, wrong = pre + secret + post, 'secret-whitespace', server
    else:
        label, wrong = pick_line(rng, server, False, auth == 'query')
    if wrong == server and label != 'secret-whitespace':
        return None
    sig = HmacV1Auth(Credentials(gs.AWS_AK, sec)).sign_string(wrong)
    if server_kind == 'oss':
        body = gs.oss_body(gs.rid(rng), host, 'AWSAccessKeyId', gs.AWS_AK, sig, server.encode('utf-8'), '0002-00000307')
    else:
        body = gs.s3_body(gs.rid(rng)[:16], 'hostid' + gs.rid(rng), gs.AWS_AK, sig, server.encode('utf-8'))
    return 'aws-v2', label, body, secret, wrong, 'botocore HmacV1Auth.sign_string'


def cr_mistakes(cr, region):
    L = cr.split('\n')
    blank = L.index('', 3)
    out = []
    setl = lambda i, v: (lambda l: l[:i] + [v] + l[i + 1:])
    out.append(('verb-lower', setl(0, L[0].lower())))
    out.append(('uri-decoded', setl(1, unquote(L[1]))))
    out.append(('uri-double-encoded', setl(1, quote(L[1], safe='/'))))
    if L[2]:
        items = L[2].split('&')
        for k in range(len(items)):
            out.append(('query-dropped:' + items[k].split('=')[0], setl(2, '&'.join(items[:k] + items[k + 1:]))))
    for i in range(3, blank):
        n, _, v = L[i].partition(':')
        out.append(('header-trailing-space:' + n, setl(i, L[i] + ' ')))
        out.append(('header-title:' + n, setl(i, n.title() + ':' + v)))
        if n not in ('host',):
            names = [x for x in L[blank + 1].split(';') if x != n]
            out.append(('header-unsigned:' + n, lambda l, i=i, names=names: l[:i] + l[i + 1:blank] + ['', ';'.join(names), l[blank + 2]]))
    for pay in ('UNSIGNED-PAYLOAD', hashlib.sha256(b'').hexdigest()):
        if pay != L[blank + 2]:
            out.append(('payload:' + pay[:8], setl(blank + 2, pay)))
    out.append(('crlf', 'crlf'))
    return out


def case_awsv4(rng, i):
    secret = rng.choice(SECRETS)
    host, virtual, server_kind = rng.choice([('examplebucket.oss-cn-hangzhou.aliyuncs.com', True, 'oss'),
                                             ('examplebucket.s3.us-east-1.amazonaws.com', True, 's3'),
                                             ('s3.amazonaws.com', False, 's3')])
    region = rng.choice(gs.OSS_REGIONS) if server_kind == 'oss' else 'us-east-1'
    key = rng.choice(gs.KEYS)
    auth = rng.choice(['header', 'query'])
    q = rng.choice(['', 'acl=', 'uploadId=0004B9894A22E5B1888A1E29F823&partNumber=3', 'response-content-type=text%2Fplain'])
    hdr = {}
    method = rng.choice(['GET', 'PUT', 'GET', 'HEAD'])
    if auth == 'header':
        if rng.random() < 0.3:
            hdr['Content-Type'] = 'text/plain'
        if rng.random() < 0.3:
            hdr['x-amz-meta-author'] = 'Zhang San'
    body = b'hello world\n' if method == 'PUT' and auth == 'header' else b''
    dt = datetime.datetime(2026, 1, 1) + datetime.timedelta(seconds=rng.randrange(0, 300 * 86400))
    ts = dt.strftime('%Y%m%dT%H%M%SZ')
    path = ('/' if virtual else '/examplebucket/') + quote(key, safe='/~')
    url = 'https://%s%s%s' % (host, path, '?' + q if q else '')
    r = gs.awsv4_sign(method, url, hdr, body, ts, region, auth, unsigned=auth == 'header' and rng.random() < 0.4, secret=secret)
    cr, sts = r['cr'], r['sts']
    sec, reg2, date2, svc2, wrong_cr = secret, region, ts[:8], 's3', cr
    x = rng.random()
    if x < 0.1:
        pre, post = rng.choice(SECRET_FAMILY)
        sec, label = pre + secret + post, 'secret-whitespace'
    elif x < 0.35:
        kind = rng.choice(['region', 'date-1', 'date+1', 'service'])
        if kind == 'region':
            reg2 = rng.choice([rg for rg in ('us-east-1', 'us-west-2', 'oss-cn-hangzhou', 'cn-hangzhou', 'cn-shanghai') if rg != region])
        elif kind.startswith('date'):
            date2 = (dt + datetime.timedelta(days=int(kind[4:]))).strftime('%Y%m%d')
        else:
            svc2 = rng.choice(['oss', 'S3'])
        label = 'scope-' + kind
    else:
        m = rng.choice(cr_mistakes(cr, region))
        label = m[0]
        wrong_cr = cr.replace('\n', '\r\n') if m[1] == 'crlf' else '\n'.join(m[1](cr.split('\n')))
    wrong = '\n'.join(['AWS4-HMAC-SHA256', ts, '%s/%s/%s/aws4_request' % (date2, reg2, svc2),
                       hashlib.sha256(wrong_cr.encode('utf-8')).hexdigest()])
    if wrong == sts and label != 'secret-whitespace':
        return None
    signer = S3SigV4Auth(Credentials(gs.AWS_AK, sec), svc2, reg2)
    req = AWSRequest(method=method, url=url)
    req.context['timestamp'] = date2 + ts[8:]
    sig = signer.signature(wrong, req)
    if server_kind == 'oss':
        body_xml = gs.oss_body(gs.rid(rng), host, 'AWSAccessKeyId', gs.AWS_AK, sig, sts.encode(), '0002-00000307', cr=cr.encode())
    else:
        body_xml = gs.s3_body(gs.rid(rng)[:16], 'hostid' + gs.rid(rng), gs.AWS_AK, sig, sts.encode(), cr=cr.encode())
    return 'aws-v4', label, body_xml, secret, wrong, 'botocore S3SigV4Auth.signature'


def main():
    if os.environ.get('PYTHONHASHSEED') != '0':
        os.environ['PYTHONHASHSEED'] = '0'
        os.execv(sys.executable, [sys.executable] + sys.argv)
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--seed', type=int, default=4242)
    ap.add_argument('--count', type=int, default=150)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    n = 0
    while n < a.count:
        fn = [case_v2, case_awsv2, case_awsv4][n % 3]
        c = fn(rng, n)
        if c is None:
            continue
        scheme, label, body, secret, wrong, signer = c
        n += 1
        safe = ''.join(ch if ch.isalnum() or ch in '-_' else '-' for ch in label.replace('+', '-and-'))[:50].strip('-')
        name = 'heldout-%s-%03d-%s' % (scheme, n, safe)
        d = os.path.join(a.out, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'input.txt'), 'w', encoding='utf-8', newline='') as f:
            f.write(body)
        with open(os.path.join(d, 'secret.txt'), 'w', encoding='utf-8', newline='') as f:
            f.write(secret + '\n')
        exp = {'signature_version': scheme, 'client': {'source': 'secret-search', 'string_to_sign': {'text': wrong}},
               'error': {'code': 'SignatureDoesNotMatch'}, 'exit_code': 1,
               'verdict': 'identical' if label == 'secret-whitespace' else 'mismatch'}
        with open(os.path.join(d, 'expected.json'), 'w') as f:
            json.dump(exp, f, indent=2, ensure_ascii=False)
            f.write('\n')
        with open(os.path.join(d, 'SOURCE.md'), 'w') as f:
            f.write('# %s\n\nGenerated by `tools/gen_scheme_secret_heldout.py --seed %d --count %d` (case %d).\n'
                    'Server string: the official signer (%s); mistake `%s` drawn independently of src/secret. Secrets are fake.\n'
                    % (name, a.seed, a.count, n, signer, label))
    print('ok', n)


if __name__ == '__main__':
    main()
