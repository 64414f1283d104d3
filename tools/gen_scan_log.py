#!/usr/bin/env python3
"""Write a large application log with OSS errors planted in it, for `ossdiag scan`.

    python3 tools/gen_scan_log.py --out /tmp/scan.log --size-mib 1024 --errors 200 --seed 7

Writes the log and `<out>.truth.json`: one entry per planted error (request id, code,
wrapper, line). The errors are V1 and V4 SignatureDoesNotMatch bodies and neighbouring
errors (RequestTimeTooSkewed, AccessDenied "Request has expired", InvalidAccessKeyId),
wrapped as one-line XML, a JSON log line holding the body as an escaped string (Python
json and Go's \\u003c style), a Java OSSException dump, and a Go SDK error string. The
noise is ordinary access and application log lines (request ids, status codes, URLs).
"""
import argparse
import json
import random
import re

HOSTS = ["media-prod", "acme-assets", "logs-archive", "img-cdn-origin"]
REGIONS = ["cn-hangzhou", "cn-shanghai", "ap-southeast-1", "eu-central-1"]
EC = {"SignatureDoesNotMatch": "0002-00000040", "RequestTimeTooSkewed": "0002-00000504",
      "AccessDenied": "0002-00000069", "InvalidAccessKeyId": "0002-00000002"}
AKS = ["LTAI5tFakeKeyAAAA1111", "LTAI5tFakeKeyBBBB2222", "STS.NTFakeTemporaryKey33"]


def hexs(b):
    return " ".join("%02X" % c for c in b)


def rid(r):
    return "".join(r.choice("0123456789ABCDEF") for _ in range(24))


def v1_body(r, req_id):
    bucket, key = r.choice(HOSTS), "dir/obj-%d.jpg" % r.randrange(10**6)
    sts = "PUT\n\nimage/jpeg\nWed, 24 May 2023 02:12:%02d GMT\n/%s/%s" % (r.randrange(60), bucket, key)
    return (bucket, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code>'
            "<Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>"
            "<RequestId>%s</RequestId><HostId>%s.oss-cn-hangzhou.aliyuncs.com</HostId>"
            "<OSSAccessKeyId>%s</OSSAccessKeyId><SignatureProvided>q3HJ2z0cFakeSignature0000=</SignatureProvided>"
            "<StringToSign>%s</StringToSign><StringToSignBytes>%s</StringToSignBytes><EC>0002-00000040</EC></Error>"
            % (req_id, bucket, r.choice(AKS), sts.replace("\n", "&#10;"), hexs(sts.encode())))


def v4_body(r, req_id):
    bucket, region = r.choice(HOSTS), r.choice(REGIONS)
    sts = "OSS4-HMAC-SHA256\n20250813T014328Z\n20250813/%s/oss/aliyun_v4_request\n%064x" % (region, r.getrandbits(256))
    cr = "GET\n/%s/k%d.bin\n\nhost:%s.oss-%s.aliyuncs.com\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20250813T014328Z\n\nhost\nUNSIGNED-PAYLOAD" % (
        bucket, r.randrange(10**6), bucket, region)
    return (bucket, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code>'
            "<Message>The request signature we calculated does not match the signature you provided.</Message>"
            "<RequestId>%s</RequestId><HostId>%s.oss-%s.aliyuncs.com</HostId>"
            "<OSSAccessKeyId>%s</OSSAccessKeyId><SignatureProvided>%064x</SignatureProvided>"
            "<StringToSign>%s</StringToSign><StringToSignBytes>%s</StringToSignBytes>"
            "<CanonicalRequest>%s</CanonicalRequest><EC>0002-00000201</EC></Error>"
            % (req_id, bucket, region, r.choice(AKS), r.getrandbits(256), sts.replace("\n", "&#10;"),
               hexs(sts.encode()), cr.replace("\n", "&#10;")))


def neighbour_body(r, req_id):
    kind = r.randrange(3)
    bucket = r.choice(HOSTS)
    if kind == 0:
        code, inner = "RequestTimeTooSkewed", ("<Message>The difference between the request time and the current time is too large.</Message>"
                                              "<RequestTime>2025-08-13T01:43:28.000Z</RequestTime><ServerTime>2025-08-13T09:43:30.000Z</ServerTime>"
                                              "<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds><EC>0002-00000504</EC>")
    elif kind == 1:
        code, inner = "AccessDenied", ("<Message>Request has expired.</Message><Expires>2025-08-13T01:43:28.000Z</Expires>"
                                       "<ServerTime>2025-08-13T02:43:30.000Z</ServerTime><EC>0002-00000069</EC>")
    else:
        code, inner = "InvalidAccessKeyId", ("<Message>The OSS Access Key Id you provided does not exist in our records.</Message>"
                                             "<OSSAccessKeyId>LTAI5tNoSuchKeyZZZZ</OSSAccessKeyId><EC>0002-00000002</EC>")
    return (bucket, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code>%s<RequestId>%s</RequestId>'
            "<HostId>%s.oss-cn-hangzhou.aliyuncs.com</HostId></Error>" % (code, inner, req_id, bucket)), code


def ts(n):
    return "2025-08-13T%02d:%02d:%02d.%03dZ" % ((n // 3600000) % 24, (n // 60000) % 60, (n // 1000) % 60, n % 1000)


def wrap(r, n, body, code, req_id, bucket):
    """Lines for one planted error."""
    w = r.choice(["xml", "json", "json-go", "java", "go"])
    t = ts(n)
    if w == "xml":
        return w, ["%s ERROR [upload-worker-3] oss response 403: %s" % (t, body)]
    if w == "json":
        return w, [json.dumps({"ts": t, "level": "error", "msg": "oss request failed", "status": 403, "body": body})]
    if w == "json-go":
        return w, [json.dumps({"ts": t, "level": "error", "msg": "oss request failed", "body": body})
                   .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")]
    if w == "java":
        msg = {"SignatureDoesNotMatch": "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
               "RequestTimeTooSkewed": "The difference between the request time and the current time is too large.",
               "AccessDenied": "Request has expired.",
               "InvalidAccessKeyId": "The OSS Access Key Id you provided does not exist in our records."}[code]
        return w, ["%s ERROR [main] c.a.o.common.comm.ServiceClient - Unable to execute HTTP request" % t,
                   "com.aliyun.oss.OSSException: %s" % msg,
                   "[ErrorCode]: %s" % code,
                   "[RequestId]: %s" % req_id,
                   "[HostId]: %s" % re.search("<HostId>(.*?)</HostId>", body).group(1),
                   "[ResponseError]:",
                   body,
                   "\tat com.aliyun.oss.common.utils.ExceptionFactory.createOSSException(ExceptionFactory.java:109)",
                   "\tat com.acme.Uploader.put(Uploader.java:42)"]
    return w, ["%s level=error msg=\"upload failed\" err=\"oss: service returned error: StatusCode=403, ErrorCode=%s, "
               "ErrorMessage=\\\"denied\\\", RequestId=%s, Ec=%s\"" % (t, code, req_id, EC[code])]


def noise_block(r, lines):
    out = []
    for i in range(lines):
        k = r.randrange(6)
        t = ts(r.randrange(86400000))
        if k == 0:
            out.append('10.0.%d.%d - - [13/Aug/2025:01:43:28 +0000] "GET /api/v1/items/%d HTTP/1.1" 200 %d "-" "okhttp/4.9"'
                       % (r.randrange(255), r.randrange(255), r.randrange(10**6), r.randrange(10**5)))
        elif k == 1:
            out.append(json.dumps({"ts": t, "level": "info", "msg": "request done", "status": 200, "code": "OK",
                                   "requestId": rid(r), "latency_ms": r.randrange(900)}))
        elif k == 2:
            out.append("%s INFO [upload-worker-%d] PUT https://%s.oss-cn-hangzhou.aliyuncs.com/dir/obj-%d.jpg 200 x-oss-request-id: %s"
                       % (t, r.randrange(8), r.choice(HOSTS), r.randrange(10**6), rid(r)))
        elif k == 3:
            out.append("%s DEBUG [pool-2-thread-%d] HikariPool-1 - Pool stats (total=10, active=%d, idle=%d, waiting=0)"
                       % (t, r.randrange(9), r.randrange(10), r.randrange(10)))
        elif k == 4:
            out.append("%s WARN  [main] retrying after error code 503 (attempt %d), cache miss for key user:%d" % (t, r.randrange(4), r.randrange(10**7)))
        else:
            out.append("%s INFO  [http-nio-8080-exec-%d] c.a.w.Controller - user %d listed %d objects in %d ms"
                       % (t, r.randrange(20), r.randrange(10**6), r.randrange(1000), r.randrange(500)))
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--size-mib", type=int, default=1024)
    ap.add_argument("--errors", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    r = random.Random(a.seed)
    blocks = [noise_block(r, 8000).encode() for _ in range(8)]
    target = a.size_mib << 20
    # error positions: evenly spread with jitter, in bytes
    slots = sorted(r.randrange(target) for _ in range(a.errors))
    truth, written, line, n = [], 0, 1, 0
    with open(a.out, "wb") as f:
        bi = 0
        while written < target:
            b = blocks[bi % len(blocks)]
            bi += 1
            # planted errors falling inside this block go after it
            f.write(b)
            written += len(b)
            line += b.count(b"\n")
            while slots and slots[0] < written:
                slots.pop(0)
                req_id = rid(r)
                kind = r.randrange(5)
                if kind < 2:
                    (bucket, body), code = v1_body(r, req_id), "SignatureDoesNotMatch"
                elif kind < 4:
                    (bucket, body), code = v4_body(r, req_id), "SignatureDoesNotMatch"
                else:
                    (bucket, body), code = neighbour_body(r, req_id)
                w, ls = wrap(r, n, body, code, req_id, bucket)
                n += 1
                blob = ("\n".join(ls) + "\n").encode()
                truth.append({"request_id": req_id, "code": code, "wrapper": w,
                              "scheme": "v1" if kind < 2 else "v4" if kind < 4 else "other", "line": line, "lines": len(ls)})
                f.write(blob)
                written += len(blob)
                line += len(ls)
    with open(a.out + ".truth.json", "w") as f:
        json.dump(truth, f, indent=1)
    print("wrote %s: %d bytes, %d lines, %d planted errors" % (a.out, written, line - 1, len(truth)))


if __name__ == "__main__":
    main()
