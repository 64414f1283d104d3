#!/usr/bin/env python3
"""PostObject policy-condition failures, upload-callback faults and callback-request
verification cases (issue 9), and the RSA/MD5 known-answer vectors.

    python3 tools/gen_callback.py --vectors vectors/callback.json
    python3 tools/gen_callback.py --out fixtures --prefix gen-cb --seed 9 --count 2
    python3 tools/gen_callback.py --out /tmp/heldout-cb --seed 4242 --count 6   # held out

Oracles, independent of the Rust code:
* signatures: Python `cryptography` (RSA PKCS#1 v1.5 over MD5) with the committed test key
  tools/testdata/callback_test_key.pem (a test key, made with `openssl genrsa 1024`), over
  url_decode(path) + raw query + "\\n" + body as OSS's Callback reference defines it;
* policies: the failing condition is chosen here and the form built to fail exactly it
  (or, for a consistent form, to pass every condition); the expected field is the
  generator's choice, never ossdiag's reading;
* callback parameters: each case breaks one rule of OSS's Callback reference.

Captures: raw multipart requests (CRLF, the file's content included, so its size is known),
`curl -F` command lines, HAR entries (postData.params), raw PutObject requests with an
x-oss-callback header, and raw callback requests as an application logs them.  Error
bodies use the OSS layout; message texts are the documented ones ("Invalid according to
Policy: Policy expired.", "Policy Condition failed: [...]", "Error status : 502." …).
Standard library + cryptography only.
"""

import argparse
import base64
import hashlib
import json
import os
import random
import shutil
import urllib.parse

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

HERE = os.path.dirname(os.path.abspath(__file__))
KEY_PATH = os.path.join(HERE, 'testdata', 'callback_test_key.pem')
PUB_PATH = os.path.join(HERE, 'testdata', 'callback_test_pub.pem')
OSS_KEY_URL = 'https://gosspublic.alicdn.com/callback_pub_key_v1.pem'


def b64(s):
    if isinstance(s, str):
        s = s.encode()
    return base64.b64encode(s).decode()


def private_key():
    with open(KEY_PATH, 'rb') as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def sign(key, data):
    return base64.b64encode(key.sign(data, padding.PKCS1v15(), hashes.MD5())).decode()


def signed_string(target, body):
    path, q, query = target.partition('?')
    return urllib.parse.unquote_to_bytes(path) + ((q + query).encode()) + b'\n' + body


def error_xml(code, message, rid, host, ec=None):
    ec_line = '  <EC>%s</EC>\n' % ec if ec else ''
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>%s</Code>\n  <Message>%s</Message>\n'
            '  <RequestId>%s</RequestId>\n  <HostId>%s</HostId>\n%s</Error>\n') % (code, message, rid, host, ec_line)


# ---------------------------------------------------------------------------------------
# forms and their captures


def multipart(fields, file_name, file_body, boundary):
    out = b''
    for k, v in fields:
        out += ('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, k, v)).encode()
    out += ('--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\nContent-Type: application/octet-stream\r\n\r\n'
            % (boundary, file_name)).encode() + file_body + ('\r\n--%s--\r\n' % boundary).encode()
    return out


def capture_form(rnd, style, host, fields, file_name, file_body, date, err, status):
    """One PostObject capture with its error response, as text."""
    if style == 'curl':
        args = ' '.join("-F '%s=%s'" % (k, v) for k, v in fields)
        return "$ curl -sS -X POST https://%s/ %s -F 'file=@%s'\n%s" % (host, args, file_name, err)
    boundary = '----WebKitFormBoundary' + ''.join(rnd.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789') for _ in range(16))
    if style == 'har':
        entry = {
            'request': {
                'method': 'POST', 'url': 'https://%s/' % host, 'httpVersion': 'HTTP/1.1',
                'headers': [{'name': 'Host', 'value': host}, {'name': 'Date', 'value': date},
                            {'name': 'Content-Type', 'value': 'multipart/form-data; boundary=%s' % boundary}],
                'queryString': [],
                'postData': {'mimeType': 'multipart/form-data; boundary=%s' % boundary,
                             'params': [{'name': k, 'value': v} for k, v in fields] +
                             [{'name': 'file', 'fileName': file_name, 'contentType': 'application/octet-stream'}]},
            },
            'response': {'status': status, 'statusText': '', 'headers': [{'name': 'Content-Type', 'value': 'application/xml'}],
                         'content': {'mimeType': 'application/xml', 'text': err}},
        }
        return json.dumps({'log': {'version': '1.2', 'creator': {'name': 'WebInspector', 'version': '537.36'},
                                   'entries': [entry]}}, indent=1)
    body = multipart(fields, file_name, file_body, boundary)
    head = ('POST / HTTP/1.1\r\nHost: %s\r\nDate: %s\r\nContent-Type: multipart/form-data; boundary=%s\r\n'
            'Content-Length: %d\r\n\r\n') % (host, date, boundary, len(body))
    return (head.encode() + body).decode('latin-1') + '\n' + err


def http_date(t):
    import email.utils
    return email.utils.formatdate(t, usegmt=True)


def iso(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.000Z')


# ---------------------------------------------------------------------------------------
# the case families


def names(rnd):
    bucket = rnd.choice(['examplebucket', 'photo-box', 'user-uploads', 'static-assets-cn', 'shop-img'])
    region = rnd.choice(['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'ap-southeast-1'])
    return bucket, region, '%s.oss-%s.aliyuncs.com' % (bucket, region)


def rid(rnd):
    return ''.join(rnd.choice('0123456789ABCDEF') for _ in range(24))


def policy_case(rnd, n):
    """A PostObject form refused by its policy (or an invalid policy document)."""
    bucket, region, host = names(rnd)
    now = 1767000000 + rnd.randrange(0, 10 ** 7)
    user = rnd.choice(['eric', 'u1024', 'alice', 'team-7'])
    prefix = '%s/%s/' % (rnd.choice(['user', 'uploads', 'img']), user)
    size = rnd.randrange(10, 200)
    file_body = bytes(rnd.randrange(32, 127) for _ in range(size))
    ct = rnd.choice(['image/png', 'image/jpeg'])
    conds = [
        {'bucket': bucket},
        ['starts-with', '$key', prefix],
        ['content-length-range', 1, 1048576],
        ['in', '$content-type', ['image/jpeg', 'image/png']],
        ['eq', '$success_action_status', '200'],
        ['not-in', '$cache-control', ['no-cache']],
        {'x-oss-meta-uid': user},
    ]
    rnd.shuffle(conds)
    form = {'key': prefix + 'photo.png', 'Content-Type': ct, 'success_action_status': '200',
            'x-oss-meta-uid': user}
    kind = rnd.choice(['quoted', 'unquoted', 'unquoted', 'expired', 'invalid'])
    style = rnd.choice(['raw', 'har', 'curl'])
    expiration = iso(now + 3600)
    field = None
    message = None
    code = 'AccessDenied'
    if kind in ('quoted', 'unquoted'):
        # pick a condition the capture can show failing
        choices = [i for i, c in enumerate(conds)
                   if not (isinstance(c, dict) and 'bucket' in c and style == 'curl' and False)]
        if style != 'raw':
            choices = [i for i in choices if not (isinstance(c := conds[i], list) and c[0] == 'content-length-range')]
        i = rnd.choice(choices)
        c = conds[i]
        field = 'policy.condition:%d' % i
        if isinstance(c, dict) and 'bucket' in c:
            conds[i] = {'bucket': bucket + '-old'}
        elif isinstance(c, dict):
            form['x-oss-meta-uid'] = user + 'x'
        elif c[0] == 'starts-with':
            form['key'] = rnd.choice(['photo.png', 'tmp/' + user + '/photo.png', prefix.upper() + 'photo.png'])
        elif c[0] == 'content-length-range':
            conds[i] = ['content-length-range', 1, size - 1 - rnd.randrange(0, 5)]
        elif c[0] == 'in':
            form['Content-Type'] = rnd.choice(['image/gif', 'application/octet-stream', 'image/webp'])
        elif c[0] == 'eq':
            form['success_action_status'] = rnd.choice(['201', '204'])
        elif c[0] == 'not-in':
            form['Cache-Control'] = 'no-cache'
        if kind == 'quoted':
            message = 'Invalid according to Policy: Policy Condition failed: %s' % json.dumps(conds[i], separators=(', ', ': '))
        else:
            message = rnd.choice(['Invalid according to Policy: Policy Condition failed.',
                                  'Invalid according to Policy: Policy Condition failed'])
    elif kind == 'expired':
        expiration = iso(now - rnd.randrange(60, 86400 * 3))
        field = 'policy.expiration'
        message = 'Invalid according to Policy: Policy expired.'
    policy_json = json.dumps({'expiration': expiration, 'conditions': conds})
    if kind == 'invalid':
        code = 'InvalidPolicyDocument'
        bad = rnd.choice(['json', 'notin', 'range', 'scalar', 'map2'])
        i = rnd.randrange(0, len(conds))
        if bad == 'json':
            policy_json = policy_json[:-2]
            field, message = 'policy', 'Invalid Policy: Invalid JSON: , or ] expected'
        else:
            conds[i] = {'notin': ['not-in', '$cache-control', 'no-cache'], 'range': ['content-length-range', 'test', 10],
                        'scalar': 123, 'map2': {'bucket': bucket, 'key': 'x'}}[bad]
            policy_json = json.dumps({'expiration': expiration, 'conditions': conds})
            field = 'policy.condition:%d' % i
            message = {'map2': 'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.'}.get(bad, 'Invalid Policy: Invalid conditions.')
    fields = [('key', form['key']), ('OSSAccessKeyId', 'LTAI5tFakeAccessKey00' + str(n % 10)),
              ('policy', b64(policy_json)), ('Signature', b64(os.urandom(20)))]
    for k in ('Content-Type', 'success_action_status', 'x-oss-meta-uid', 'Cache-Control'):
        if k in form:
            fields.append((k, form[k]))
    err = error_xml(code, message, rid(rnd), host, {'InvalidPolicyDocument': None}.get(code))
    text = capture_form(rnd, style, host, fields, 'photo.png', file_body, http_date(now),
                        err, 400 if code == 'InvalidPolicyDocument' else 403)
    hid = {'policy.expiration': 'policy-expired'}.get(field, 'policy-invalid' if kind == 'invalid' else 'policy-condition-failed')
    expected = {'signature_version': 'post-v1', 'auth': 'form', 'verdict': 'other-error',
                'hints': [{'id': hid, 'field': field, 'severity': 'error'}], 'exit_code': 1}
    return 'policy-%s-%s' % (kind, style), {'input.txt': text}, expected, \
        'PostObject form (%s) refused by its policy: %s; expected field %s' % (style, kind, field)


SYSTEM = ['bucket', 'object', 'etag', 'size', 'mimeType', 'imageInfo.height', 'imageInfo.width', 'crc64', 'clientIp']


def good_callback(rnd, var):
    body = '&'.join('%s=${%s}' % (v.split('.')[-1], v) for v in rnd.sample(SYSTEM, 4))
    if var:
        body += '&uid=${%s}' % var
    url = rnd.choice(['https://app.example.com/oss/callback', 'http://api.example.net:8080/cb',
                      'http://47.96.%d.%d/callback.php' % (rnd.randrange(1, 250), rnd.randrange(1, 250))])
    return {'callbackUrl': url, 'callbackBody': body, 'callbackBodyType': 'application/x-www-form-urlencoded'}


def callback_param_case(rnd, n):
    """InvalidArgument: one rule of the callback parameter broken."""
    bucket, region, host = names(rnd)
    var = 'x:uid'
    cb = good_callback(rnd, var)
    fault = rnd.choice(['url-missing', 'url-private', 'url-many', 'url-port', 'body-empty', 'body-var',
                        'var-case', 'var-undefined', 'body-type', 'json-body', 'not-base64', 'not-json', 'sni'])
    variables = {var: str(rnd.randrange(1, 99999))}
    raw = None
    field = {'url-missing': 'callback.url', 'url-private': 'callback.url', 'url-many': 'callback.url',
             'url-port': 'callback.url', 'body-empty': 'callback.body', 'body-var': 'callback.body',
             'body-type': 'callback.body-type', 'json-body': 'callback.body', 'sni': 'callback.sni'}.get(fault)
    if fault == 'url-missing':
        cb.pop('callbackUrl') if rnd.random() < 0.5 else cb.update(callbackUrl='')
    elif fault == 'url-private':
        cb['callbackUrl'] = rnd.choice(['http://127.0.0.1:8080/cb', 'http://localhost:3000/oss', 'http://10.0.3.7/cb',
                                        'http://192.168.%d.20/callback' % rnd.randrange(0, 255), 'http://172.%d.0.5/cb' % rnd.randrange(16, 32)])
    elif fault == 'url-many':
        cb['callbackUrl'] = ';'.join('http://cb%d.example.com/cb' % i for i in range(6 + rnd.randrange(0, 3)))
    elif fault == 'url-port':
        cb['callbackUrl'] = rnd.choice(['47.96.1.2:test/cb', 'http://app.example.com:99999/cb', 'app.example.com:abc'])
    elif fault == 'body-empty':
        cb['callbackBody'] = ''
    elif fault == 'body-var':
        cb['callbackBody'] += rnd.choice(['&name=${filename}', '&t=${mimetype}', '&k=${key}', '&x=${bucket'])
    elif fault == 'var-case':
        var2 = rnd.choice(['x:userId', 'x:UID', 'x:Uid'])
        cb['callbackBody'] = cb['callbackBody'].replace('${x:uid}', '${%s}' % var2)
        variables = {var2: '7'}
        field = 'callback-var:%s' % var2
    elif fault == 'var-undefined':
        variables = {}
        field = 'callback-var:x:uid'
    elif fault == 'body-type':
        cb['callbackBodyType'] = rnd.choice(['text/plain', 'application/xml', 'json'])
    elif fault == 'json-body':
        cb['callbackBodyType'] = 'application/json'
    elif fault == 'sni':
        cb['callbackSNI'] = rnd.choice(['true', 'false', 1, 'yes'])
    elif fault == 'not-base64':
        raw = json.dumps(cb)
    elif fault == 'not-json':
        raw = b64(json.dumps(cb)[:-3])
    raw = raw if raw is not None else b64(json.dumps(cb))
    style = rnd.choice(['put', 'put', 'post'])
    message = rnd.choice(['The callback configuration is not valid.', 'Callback parameter is invalid.',
                          'The callback is invalid.'])
    if fault == 'sni':
        message = 'The callback sni is invalid.'
    err = error_xml('InvalidArgument', message, rid(rnd), host)
    key = 'docs/%d.txt' % n
    if style == 'put':
        field = field or 'header:x-oss-callback'
        hdrs = 'x-oss-callback: %s\r\n' % raw
        if variables:
            hdrs += 'x-oss-callback-var: %s\r\n' % b64(json.dumps(variables))
        text = ('PUT /%s HTTP/1.1\r\nHost: %s\r\nDate: %s\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n%s'
                'Authorization: OSS LTAI5tFakeAccessKey001:%s\r\n\r\nhello\n%s') % (
            key, host, http_date(1767000000), hdrs, b64(os.urandom(20)), err)
        version, auth = 'v1', 'header'
    else:
        field = field or 'form:callback'
        fields = [('key', key), ('OSSAccessKeyId', 'LTAI5tFakeAccessKey001'),
                  ('policy', b64(json.dumps({'expiration': iso(1767003600), 'conditions': [['starts-with', '$key', 'docs/']]}))),
                  ('Signature', b64(os.urandom(20))), ('callback', raw)] + list(variables.items())
        text = capture_form(rnd, rnd.choice(['raw', 'har', 'curl']), host, fields, 'a.txt', b'hello', http_date(1767000000), err, 400)
        version, auth = 'post-v1', 'form'
    expected = {'signature_version': version, 'auth': auth, 'verdict': 'other-error',
                'hints': [{'field': field, 'severity': 'error'}], 'exit_code': 1}
    return 'param-%s-%s' % (fault, style), {'input.txt': text}, expected, \
        'upload with a callback parameter that breaks a rule (%s), InvalidArgument; expected field %s' % (fault, field)


def callback_failed_case(rnd, n):
    bucket, region, host = names(rnd)
    cb = good_callback(rnd, None)
    fault = rnd.choice(['connect-private', 'connect-https', '502-https', '502-host', 'timeout', 'not-json', 'image', '404'])
    field, hid = 'callback.url', None
    if fault == 'connect-private':
        cb['callbackUrl'] = rnd.choice(['http://192.168.1.%d:8080/cb' % rnd.randrange(2, 250), 'http://127.0.0.1/cb'])
        message, hid = 'Error status : -1.OSS can not connect to your callbackUrl, please check it.', 'callback-unreachable'
    elif fault == 'connect-https':
        cb['callbackUrl'] = 'https://app.example.com/oss/callback'
        message, hid = 'Error status : -1.OSS can not connect to your callbackUrl, please check it.', 'callback-unreachable'
    elif fault == '502-https':
        cb['callbackUrl'] = 'https://cdn-fronted.example.com/api/oss/callback'
        message, hid = 'Error status : 502.', 'callback-status'
    elif fault == '502-host':
        cb['callbackUrl'] = 'http://47.96.10.20/api/oss/callback'
        cb['callbackHost'] = rnd.choice(['oss-cn-hangzhou.aliyuncs.com', 'www.example.org'])
        message, hid, field = 'Error status : 502.', 'callback-status', 'callback.host'
    elif fault == 'timeout':
        message, hid = 'Cost too long time.', 'callback-timeout'
    elif fault == 'not-json':
        message, hid = 'Response body is not valid json format.', 'callback-response-not-json'
    elif fault == 'image':
        cb['callbackBody'] += '&h=${imageInfo.height}'
        message, hid, field = 'Get image info failed.', 'callback-image-info', 'callback.body'
    else:
        message, hid = 'Error status : 404.', 'callback-status'
    raw = b64(json.dumps(cb))
    err = error_xml('CallbackFailed', message, rid(rnd), host, '0007-00000203')
    style = rnd.choice(['put', 'post', 'bare'])
    if style == 'put':
        text = ('PUT /a/%d.jpg HTTP/1.1\r\nHost: %s\r\nDate: %s\r\nContent-Length: 5\r\nx-oss-callback: %s\r\n'
                'Authorization: OSS LTAI5tFakeAccessKey001:%s\r\n\r\nhello\nHTTP/1.1 203 Non-Authoritative Information\n%s') % (
            n, host, http_date(1767000000), raw, b64(os.urandom(20)), err)
        version, auth = 'v1', 'header'
    elif style == 'post':
        fields = [('key', 'a/%d.jpg' % n), ('OSSAccessKeyId', 'LTAI5tFakeAccessKey001'),
                  ('policy', b64(json.dumps({'expiration': iso(1767003600), 'conditions': [['starts-with', '$key', 'a/']]}))),
                  ('Signature', b64(os.urandom(20))), ('callback', raw)]
        text = capture_form(rnd, rnd.choice(['raw', 'har', 'curl']), host, fields, 'a.jpg', b'hello', http_date(1767000000), err, 203)
        version, auth = 'post-v1', 'form'
    else:
        # the error body alone: the message names the field
        if fault in ('502-host', 'image', 'connect-private'):
            field = {'502-host': 'callback.url', 'image': 'callback.body', 'connect-private': 'callback.url'}[fault]
        text = err
        version, auth = None, None
    expected = {'signature_version': version, 'auth': auth, 'verdict': 'other-error',
                'error': {'code': 'CallbackFailed'},
                'hints': [{'id': hid, 'field': field, 'severity': 'error'}], 'exit_code': 1}
    return 'failed-%s-%s' % (fault, style), {'input.txt': text}, expected, \
        'CallbackFailed (%s), capture %s; expected field %s' % (fault, style, field)


def verify_case(rnd, n, key):
    """The callback request as the application logged it, and what the application verified."""
    path = rnd.choice(['/oss/callback', '/api/v1/upload/%E5%9B%9E%E8%B0%83', '/cb/a%20b', '/callback.php'])
    query = rnd.choice(['', '?uid=42', '?from=oss&sig=a%2Bb', '?t=%E4%B8%AD'])
    body_type = rnd.choice(['form', 'json'])
    obj = rnd.choice(['photo.png', 'dir/a b.jpg', '中文.txt'])
    if body_type == 'json':
        body = json.dumps({'bucket': 'examplebucket', 'object': obj, 'size': rnd.randrange(1, 10 ** 6),
                           'mimeType': 'image/png'}, ensure_ascii=False, separators=(',', ':')).encode()
        ctype = 'application/json'
    else:
        body = ('bucket=examplebucket&object=%s&size=%d&mimeType=image%%2Fpng' % (
            urllib.parse.quote(obj, safe=''), rnd.randrange(1, 10 ** 6))).encode()
        ctype = 'application/x-www-form-urlencoded'
    target = path + query
    s = signed_string(target, body)
    sig = sign(key, s)
    key_url = OSS_KEY_URL
    mistake = rnd.choice(['valid', 'valid-nokey', 'path-raw', 'query-dropped', 'query-decoded', 'newline', 'reencoded',
                          'proxy-body', 'foreign-key'])
    logged_body = body
    client = None
    expected = {'signature_version': 'callback', 'auth': 'callback'}
    path_dec = urllib.parse.unquote_to_bytes(path)
    if mistake in ('valid', 'valid-nokey'):
        client = s if rnd.random() < 0.6 else None
        expected['verdict'] = 'identical' if client else 'server-only'
        expected['culprits'] = []
        if mistake == 'valid':
            expected['hints'] = [{'id': 'callback-signature-valid'}]
        expected['exit_code'] = 0
    elif mistake == 'path-raw':
        if path_dec == path.encode():
            path = '/cb/%E4%B8%AD%E6%96%87'
            target = path + query
            s = signed_string(target, body)
            sig = sign(key, s)
        client = path.encode() + query.encode() + b'\n' + body
        expected.update(verdict='mismatch', culprits=['callback-request.path'])
    elif mistake == 'query-dropped':
        if not query:
            query = '?uid=7'
            target = path + query
            s = signed_string(target, body)
            sig = sign(key, s)
        client = urllib.parse.unquote_to_bytes(path) + b'\n' + body
        expected.update(verdict='mismatch', culprits=['callback-request.query'])
    elif mistake == 'query-decoded':
        query = rnd.choice(['?from=oss&sig=a%2Bb', '?t=%E4%B8%AD', '?name=a%20b'])
        target = path + query
        s = signed_string(target, body)
        sig = sign(key, s)
        client = urllib.parse.unquote_to_bytes(path) + urllib.parse.unquote_to_bytes(query) + b'\n' + body
        expected.update(verdict='mismatch', culprits=['callback-request.query'])
    elif mistake == 'newline':
        client = urllib.parse.unquote_to_bytes(path) + query.encode() + body
        expected.update(verdict='mismatch', culprits=['callback-request.body'])
    elif mistake == 'reencoded':
        if body_type == 'json':
            re_body = json.dumps(json.loads(body), ensure_ascii=True, indent=rnd.choice([None, 2])).encode()
        else:
            re_body = urllib.parse.urlencode(urllib.parse.parse_qsl(body.decode())).encode()
            if re_body == body:
                re_body = urllib.parse.urlencode(sorted(urllib.parse.parse_qsl(body.decode())), quote_via=urllib.parse.quote).encode()
            if re_body == body:
                re_body = body.replace(b'%2F', b'/')
        client = urllib.parse.unquote_to_bytes(path) + query.encode() + b'\n' + re_body
        expected.update(verdict='mismatch', culprits=['callback-request.body'])
    elif mistake == 'proxy-body':
        logged_body = body + b'&_proxy=1' if body_type == 'form' else body.replace(b',', b', ')
        expected.update(verdict='server-only', hints=[{'id': 'callback-body-md5', 'field': 'callback-request.body', 'severity': 'error'}],
                        exit_code=1)
    elif mistake == 'foreign-key':
        key_url = rnd.choice(['https://evil.example.com/pub.pem', 'http://gosspublic.alicdn.com.attacker.net/k.pem'])
        expected.update(verdict='server-only', hints=[{'id': 'callback-key-url-foreign', 'field': 'header:x-oss-pub-key-url'}],
                        exit_code=1)
    if 'exit_code' not in expected:
        expected['exit_code'] = 1
    md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
    req = ('POST %s HTTP/1.1\r\nHost: app.example.com\r\nUser-Agent: aliyun-oss-callback\r\nContent-Type: %s\r\n'
           'Content-Length: %d\r\nContent-MD5: %s\r\nauthorization: %s\r\nx-oss-pub-key-url: %s\r\n\r\n') % (
        target, ctype, len(logged_body), md5, sig, b64(key_url))
    files = {'input.txt': req.encode() + logged_body}
    if client is not None:
        files['client-string.txt'] = client
    if mistake != 'valid-nokey':
        files['pub.pem'] = open(PUB_PATH, 'rb').read()
        files['args.txt'] = b'--pub-key\npub.pem\n'
    return 'verify-%s-%s' % (mistake, body_type), files, expected, \
        'callback request as the application logged it (%s body); the application\'s mistake: %s' % (body_type, mistake)


def vectors(path):
    key = private_key()
    rnd = random.Random(1)
    out = []
    for target, body in [('/index.php?id=1&index=2', b'bucket=yonghu-test'),
                         ('/cb/%E4%B8%AD%E6%96%87?a=%20b&c', b'{"object":"a b.png","size":12}'),
                         ('/callback', b''),
                         ('/p+q/r%2Fs?x=1+2', 'bucket=b&object=%E4%B8%AD'.encode())]:
        s = signed_string(target, body)
        out.append({'target': target, 'body': body.decode(), 'string_to_sign': s.decode(),
                    'authorization': sign(key, s)})
    with open(PUB_PATH) as f:
        pub = f.read()
    with open(path, 'w') as f:
        json.dump({'_source': 'tools/gen_callback.py: Python cryptography %s, RSA PKCS#1 v1.5 / MD5 with tools/testdata/callback_test_key.pem' % __import__('cryptography').__version__,
                   'public_key': pub, 'cases': out}, f, indent=1, ensure_ascii=False)
        f.write('\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out')
    ap.add_argument('--prefix', default='cb')
    ap.add_argument('--seed', type=int, default=9)
    ap.add_argument('--count', type=int, default=2, help='cases per family')
    ap.add_argument('--vectors')
    a = ap.parse_args()
    if a.vectors:
        vectors(a.vectors)
    if not a.out:
        return
    rnd = random.Random(a.seed)
    key = private_key()
    n = 0
    for fam in (policy_case, callback_param_case, callback_failed_case, verify_case):
        for _ in range(a.count * (3 if fam is not verify_case else 4)):
            n += 1
            name, files, expected, what = fam(rnd, n, key) if fam is verify_case else fam(rnd, n)
            d = os.path.join(a.out, '%s-%03d-%s' % (a.prefix, n, name))
            if os.path.isdir(d):
                shutil.rmtree(d)
            os.makedirs(d)
            for fname, content in files.items():
                with open(os.path.join(d, fname), 'wb') as f:
                    f.write(content if isinstance(content, bytes) else content.encode('utf-8'))
            expected['_source'] = 'tools/gen_callback.py --seed %d --count %d (case %d)' % (a.seed, a.count, n)
            with open(os.path.join(d, 'expected.json'), 'w') as f:
                json.dump(expected, f, indent=1, ensure_ascii=False)
                f.write('\n')
            with open(os.path.join(d, 'SOURCE.md'), 'w') as f:
                f.write('# %s\n\nGenerated by `tools/gen_callback.py --seed %d --count %d` (case %d) — do not edit by hand.\n\n- %s\n- signatures: Python cryptography, RSA PKCS#1 v1.5 / MD5, test key tools/testdata/callback_test_key.pem\n- credentials are fake\n'
                        % (os.path.basename(d), a.seed, a.count, n, what))


if __name__ == '__main__':
    main()
