#!/usr/bin/env python3
"""PostObject cases signed with the Python SDK alibabacloud-oss-v2 (1.4.1), written
independently of tools/node/gen_post.js as a cross-check: other field orders and name
cases, other multipart writers (curl's and Python requests' boundaries, no Content-Length),
other app-server JSON key spellings (`accessId`, `OSSAccessKeyId`, `securityToken`,
`x-oss-credential`), one-line XML bodies, STS forms.

    pip install -r tools/requirements-v4.txt   # alibabacloud-oss-v2 1.4.1
    python3 tools/gen_post_pyv2.py --out /tmp/heldout-post-py --seed 31 --count 200

The signer is the SDK's own: `SignerV1()._calc_signature(secret, policy)` and
`SignerV4()._calc_signature(secret, date, region, 'oss', policy)` (the key chain the SDK's
post_object sample uses). The server side (what OSS returns) is inferred as in
gen_post.js: <StringToSign> is the policy as received, <SignatureProvided> the signature.
"""
import argparse
import base64
import datetime
import json
import os
import random

from alibabacloud_oss_v2.signer.v1 import SignerV1
from alibabacloud_oss_v2.signer.v4 import SignerV4

ap = argparse.ArgumentParser()
ap.add_argument('--out', required=True)
ap.add_argument('--seed', type=int, default=31)
ap.add_argument('--count', type=int, default=200)
ap.add_argument('--prefix', default='py-post')
A = ap.parse_args()
R = random.Random(A.seed)

REGIONS = ['cn-hangzhou', 'cn-beijing', 'cn-shenzhen', 'ap-southeast-1', 'eu-west-1', 'us-east-1', 'cn-chengdu']
NEIGH = {'cn-hangzhou': 'cn-nanjing', 'cn-beijing': 'cn-huhehaote', 'cn-shenzhen': 'cn-heyuan', 'ap-southeast-1': 'ap-southeast-5',
         'eu-west-1': 'eu-central-1', 'us-east-1': 'us-west-1', 'cn-chengdu': 'cn-shanghai'}


def word(n, al='abcdefghijklmnopqrstuvwxyz0123456789'):
    return ''.join(R.choice(al) for _ in range(n))


def sig1(sk, text):
    return SignerV1()._calc_signature(sk, text)


def sig4(sk, date, region, text):
    return SignerV4()._calc_signature(sk, date, region, 'oss', text)


def b64(s):
    return base64.b64encode(s.encode()).decode()


def basic(t):
    return t.strftime('%Y%m%dT%H%M%SZ')


def case(i):
    fam = R.choice(['consistent', 'transit', 'transit', 'secret', 'secret', 'v4form', 'clientstr'])
    v4 = True if fam == 'v4form' else R.random() < 0.5
    ak = 'LTAI5t' + word(18, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789')
    sk = word(30, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')
    sts = R.random() < 0.25
    if sts:
        ak = 'STS.' + word(25, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789')
        token = 'CAIS' + word(120, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
    region = R.choice(REGIONS)
    bucket = 'py' + word(8)
    host = '%s.oss-%s.aliyuncs.com' % (bucket, region)
    now = datetime.datetime(2025, R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59))
    xdate = basic(now)
    date = xdate[:8]
    cred = '%s/%s/%s/oss/aliyun_v4_request' % (ak, date, region)
    rid = word(24, '0123456789ABCDEF')
    exp = {'signature_version': 'post-v4' if v4 else 'post-v1', 'auth': 'form', 'error': {'code': 'SignatureDoesNotMatch', 'request_id': rid}}

    def make_policy(n, cred=cred, xdate=xdate):
        conds = [{'bucket': bucket}, ['starts-with', '$key', 'u/' + R.choice(['', '>?', '~>', '?>'])],
                 ['content-length-range', 1, R.choice([5242880, 104857600])]]
        if R.random() < 0.5:
            conds.append(['eq', '$success_action_status', '201'])
        if sts:
            conds.append({'x-oss-security-token': token})
        if v4:
            conds += [{'x-oss-signature-version': 'OSS4-HMAC-SHA256'}, {'x-oss-credential': cred}, {'x-oss-date': xdate}]
        exp_t = (n + datetime.timedelta(minutes=R.choice([10, 30, 60]))).strftime('%Y-%m-%dT%H:%M:%S.000Z')
        # Python's json.dumps, with or without compact separators: the text sent is what is signed
        doc = {'expiration': exp_t, 'conditions': conds}
        return doc, json.dumps(doc, separators=(',', ':')) if R.random() < 0.6 else json.dumps(doc)

    doc, text = make_policy(now)
    for _ in range(40):
        if '+' in b64(text) and '+' in sig1(sk, b64(text)):
            break
        now += datetime.timedelta(seconds=R.randint(1, 500))
        xdate = basic(now)
        date = xdate[:8]
        cred = '%s/%s/%s/oss/aliyun_v4_request' % (ak, date, region)
        doc, text = make_policy(now, cred, xdate)
    policy = b64(text)
    sign = (lambda s: sig4(sk, date, region, s)) if v4 else (lambda s: sig1(sk, s))
    signature = sign(policy)
    form_policy, form_sig = policy, signature
    app_policy, app_sig = policy, signature
    sig_name = 'x-oss-signature' if v4 else R.choice(['Signature', 'signature'])
    f_date, f_cred = xdate, cred
    secret_txt = client_txt = None
    with_app = R.random() < 0.6
    what = ''
    if fam == 'consistent':
        other = word(30)
        signature = sig4(other, date, region, policy) if v4 else sig1(other, policy)
        form_sig = app_sig = signature
        exp['verdict'] = 'identical'
        exp['hints'] = [{'id': 'secret-differs'}]
        exp['exit_code'] = 0
        what = 'signed with another secret'
    elif fam == 'transit':
        t = R.choice(['plus', 'wrap', 'url', 'newline'] + ([] if v4 else ['sigplus']))
        if t == 'plus' and '+' not in policy:
            t = 'newline'
        if t == 'plus':
            form_policy = policy.replace('+', ' ')
            exp['hints'] = [{'id': 'policy-plus-as-space', 'field': 'policy'}]
        elif t == 'wrap':
            form_policy = '\n'.join(policy[k:k + 76] for k in range(0, len(policy), 76)) + R.choice(['', '\n'])
            exp['hints'] = [{'id': 'policy-base64-wrapped' if form_policy.count('\n') > 1 or not form_policy.endswith('\n') else 'policy-trailing-newline', 'field': 'policy'}]
        elif t == 'url':
            from urllib.parse import quote
            form_policy = quote(policy, safe='')
            if form_policy == policy:
                form_policy = policy + '\n'
                t = 'newline'
            exp['hints'] = [{'id': 'policy-url-encoded' if t == 'url' else 'policy-trailing-newline', 'field': 'policy'}]
        elif t == 'newline':
            form_policy = policy + '\n'
            exp['hints'] = [{'id': 'policy-trailing-newline', 'field': 'policy'}]
        else:
            form_sig = signature.replace('+', ' ')
            exp['hints'] = [{'id': 'signature-plus-as-space', 'field': 'signature'}]
        if t == 'sigplus' or not with_app:
            exp['verdict'] = 'identical'
        else:
            exp['verdict'] = 'mismatch'
            exp['culprits'] = ['policy']
        what = t
    elif fam == 'clientstr':
        t = R.choice(['json', 'pretty', 'py'])
        signed = {'json': text, 'pretty': b64(json.dumps(doc, indent=2)), 'py': b64(json.dumps(doc))}[t]
        if signed == policy:
            signed = text
        client_txt = signed
        form_sig = app_sig = sign(signed)
        with_app = False
        exp['verdict'] = 'mismatch'
        exp['culprits'] = ['policy']
        exp['client'] = {'source': 'client-string'}
        what = 'client string ' + t
    elif fam == 'secret':
        kinds = ['json', 'pretty', 'newline', 'py'] + (['region-oss', 'region-near', 'date-next', 'date-prev'] if v4 else [])
        t = R.choice(kinds)
        signed, d2, r2, field = policy, date, region, 'policy'
        if t == 'json':
            signed = text
        elif t == 'pretty':
            signed = b64(json.dumps(doc, indent=R.choice([2, 4])))
        elif t == 'py':
            signed = b64(json.dumps(doc)) if b64(json.dumps(doc)) != policy else b64(json.dumps(doc, separators=(',', ':')))
        elif t == 'newline':
            signed = policy + '\n'
        elif t == 'region-oss':
            r2, field = 'oss-' + region, 'scope.region'
        elif t == 'region-near':
            r2, field = NEIGH[region], 'scope.region'
        elif t == 'date-next':
            d2, field = basic(now + datetime.timedelta(days=1))[:8], 'scope.date'
        else:
            d2, field = basic(now - datetime.timedelta(days=1))[:8], 'scope.date'
        if signed == policy and field == 'policy':
            signed = text
        form_sig = app_sig = sig4(sk, d2, r2, signed) if v4 else sig1(sk, signed)
        secret_txt = sk
        exp['client'] = {'source': 'secret-search', 'string_to_sign': {'text': signed}}
        exp['hints'] = [{'id': 'secret-search-found', 'field': field}]
        exp['search'] = {'found': True}
        if signed == policy:
            exp['verdict'] = 'identical'
        else:
            exp['verdict'] = 'mismatch'
            exp['culprits'] = ['policy']
        with_app = R.random() < 0.3
        what = 'secret ' + t
    else:
        t = R.choice(['date', 'scope-date', 'region', 'sigfield', 'cred'])
        if t == 'date':
            f_date = basic(now + datetime.timedelta(seconds=R.randint(5, 600)))
            exp['hints'] = [{'id': 'post-v4-date-not-policy', 'field': 'form:x-oss-date'}]
        elif t == 'scope-date':
            # credential written with yesterday's date, in the policy too, and signed with it
            d2 = basic(now - datetime.timedelta(days=1))[:8]
            cred2 = '%s/%s/%s/oss/aliyun_v4_request' % (ak, d2, region)
            doc, text = make_policy(now, cred2, xdate)
            policy = form_policy = app_policy = b64(text)
            form_sig = app_sig = sig4(sk, d2, region, policy)
            f_cred = cred2
            exp['hints'] = [{'id': 'post-v4-scope-date', 'field': 'scope.date'}]
        elif t == 'region':
            r2 = NEIGH[region]
            cred2 = '%s/%s/%s/oss/aliyun_v4_request' % (ak, date, r2)
            doc, text = make_policy(now, cred2, xdate)
            policy = form_policy = app_policy = b64(text)
            form_sig = app_sig = sig4(sk, date, r2, policy)
            f_cred = cred2
            exp['hints'] = [{'id': 'post-v4-scope-region', 'field': 'scope.region'}]
        elif t == 'sigfield':
            sig_name = R.choice(['Signature', 'signature'])
            exp['hints'] = [{'id': 'post-v4-signature-field', 'field': 'signature'}]
        else:
            f_cred = '%s/%s/%s/oss/aliyun_v4_request' % (ak, date, NEIGH[region])
            exp['hints'] = [{'id': 'post-v4-credential-not-policy', 'field': 'form:x-oss-credential'}]
        exp['verdict'] = 'identical'
        what = 'v4form ' + t
    if 'exit_code' not in exp:
        exp['exit_code'] = 1

    # ---------------------------------------------------------------- the form as sent
    fields = []
    order = R.random() < 0.5
    if v4:
        fields += [('x-oss-signature-version', 'OSS4-HMAC-SHA256'), ('x-oss-credential', f_cred), ('x-oss-date', f_date)]
    else:
        fields.append((R.choice(['OSSAccessKeyId', 'ossaccesskeyid']), ak))
    fields.append(('policy', form_policy))
    fields.append((sig_name, form_sig))
    if sts:
        fields.append(('x-oss-security-token', token))
    fields.append(('key', 'u/' + word(10) + '.jpg'))
    fields.append(('success_action_status', '201'))
    if order:
        fields.reverse()

    # ---------------------------------------------------------------- the error body
    xml_lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<Error>', '<Code>SignatureDoesNotMatch</Code>',
                 '<Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>',
                 '<RequestId>%s</RequestId>' % rid, '<HostId>%s</HostId>' % host, '<OSSAccessKeyId>%s</OSSAccessKeyId>' % ak,
                 '<SignatureProvided>%s</SignatureProvided>' % form_sig, '<StringToSign>%s</StringToSign>' % form_policy,
                 '<StringToSignBytes>%s</StringToSignBytes>' % ' '.join('%02X' % b for b in form_policy.encode()),
                 '<EC>0002-00000040</EC>', '</Error>']
    xml = ''.join(xml_lines) if R.random() < 0.4 else '\n'.join(xml_lines)

    app = None
    if with_app:
        if v4:
            o = {'policy': app_policy, 'x-oss-credential': f_cred if fam != 'v4form' or t != 'cred' else cred, 'x-oss-date': xdate,
                 'x-oss-signature-version': 'OSS4-HMAC-SHA256', 'signature': app_sig, 'host': 'https://' + host, 'dir': 'u/'}
        else:
            o = {R.choice(['accessId', 'OSSAccessKeyId', 'accessid']): ak, 'policy': app_policy, 'signature': app_sig,
                 'host': 'https://' + host, 'expire': int(now.timestamp()) + 1800, 'dir': 'u/'}
        if sts:
            o[R.choice(['securityToken', 'security_token'])] = token
        app = json.dumps(o, indent=R.choice([None, 2, 4]))

    kind = R.choice(['raw-curl', 'raw-requests', 'har-text', 'har-params', 'chrome', 'curlF'])
    if '\n' in form_policy and kind == 'curlF':
        kind = 'raw-requests'
    files = {}
    if kind.startswith('raw'):
        bnd = ('-' * 24 + word(16, '0123456789abcdef')) if kind == 'raw-curl' else word(32, '0123456789abcdef')
        body = ''
        for k, v in fields:
            body += '--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (bnd, k, v)
        body += '--%s\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\nJPEGBYTES\r\n--%s--\r\n' % (bnd, bnd)
        head = 'POST / HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nContent-Type: multipart/form-data; boundary=%s\r\n' % (
            host, 'curl/8.5.0' if kind == 'raw-curl' else 'python-requests/2.31.0', bnd)
        if R.random() < 0.5:
            head += 'Content-Length: %d\r\n' % len(body.encode())
        files['input.txt'] = head + '\r\n' + body + '\n' + 'HTTP/1.1 403 Forbidden\nx-oss-request-id: %s\n\n%s\n' % (rid, xml)
    elif kind.startswith('har'):
        bnd = '----WebKitFormBoundary' + word(16)
        text_body = ''.join('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (bnd, k, v) for k, v in fields)
        text_body += '--%s\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\r\n--%s--\r\n' % (bnd, bnd)
        pd = {'mimeType': 'multipart/form-data; boundary=' + bnd}
        if kind == 'har-params':
            pd['params'] = [{'name': k, 'value': v} for k, v in fields] + [{'name': 'file', 'fileName': 'a.jpg', 'contentType': 'image/jpeg'}]
        else:
            pd['text'] = text_body
        entries = []
        if app:
            entries.append({'request': {'method': 'POST', 'url': 'https://api.example.org/oss/sign', 'headers': []},
                            'response': {'status': 200, 'headers': [], 'content': {'mimeType': 'application/json', 'text': app}}})
        entries.append({'request': {'method': 'POST', 'url': 'https://%s' % host, 'headers': [{'name': ':authority', 'value': host}, {'name': 'content-type', 'value': pd['mimeType']}], 'postData': pd},
                        'response': {'status': 403, 'headers': [{'name': 'x-oss-request-id', 'value': rid}], 'content': {'mimeType': 'application/xml', 'text': xml}}})
        files['input.txt'] = json.dumps({'log': {'version': '1.2', 'entries': entries}})
        app = None
    elif kind == 'chrome':
        bnd = '----WebKitFormBoundary' + word(16)
        body = ''.join('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (bnd, k, v) for k, v in fields)
        body += '--%s\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\r\n--%s--\r\n' % (bnd, bnd)
        esc = body.replace('\\', '\\\\').replace("'", "\\'").replace('\r', '\\r').replace('\n', '\\n')
        files['input.txt'] = "curl 'https://%s/' \\\n  -H 'Content-Type: multipart/form-data; boundary=%s' \\\n  -H 'Referer: https://www.example.org/' \\\n  --data-raw $'%s' \\\n  --compressed\n" % (host, bnd, esc)
        files['input2.txt'] = xml + '\n'
    else:
        parts = ['curl -i https://%s/' % host]
        for k, v in fields:
            parts.append('-F "%s=%s"' % (k, v.replace('"', '\\"')) if R.random() < 0.5 else "--form-string '%s=%s'" % (k, v))
        parts.append('-F "file=@a.jpg"')
        files['input.txt'] = ' \\\n  '.join(parts) + '\n'
        files['input2.txt'] = xml + '\n'
    if app:
        files['input9.txt'] = app + '\n'
    if secret_txt:
        files['secret.txt'] = secret_txt + '\n'
    if client_txt is not None:
        files['client-string.txt'] = client_txt
    if sts and secret_txt:
        # the report masks the security token, also inside the client string found
        files['args.txt'] = '--show-sensitive\n'
    exp['_family'] = fam
    exp['_what'] = what
    name = '%s-%03d-%s-%s-%s' % (A.prefix, i, fam, 'v4' if v4 else 'v1', kind)
    d = os.path.join(A.out, name)
    os.makedirs(d, exist_ok=True)
    for f, t in files.items():
        with open(os.path.join(d, f), 'w', encoding='utf-8', newline='') as fh:
            fh.write(t)
    with open(os.path.join(d, 'expected.json'), 'w') as fh:
        json.dump(exp, fh, indent=2)
    with open(os.path.join(d, 'SOURCE.md'), 'w') as fh:
        fh.write('# %s\n\n- %s / %s; alibabacloud-oss-v2 1.4.1 signer; `python3 tools/gen_post_pyv2.py --seed %d --count %d`\n' % (name, fam, what, A.seed, A.count))


for i in range(1, A.count + 1):
    case(i)
print('wrote %d cases to %s' % (A.count, A.out))
