#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * Generate V4 (OSS4-HMAC-SHA256) SignatureDoesNotMatch fixtures with the official Node SDK
 * `ali-oss` as the oracle (pinned in tools/node/package.json).
 *
 *   (cd tools/node && npm ci)
 *   node tools/node/gen_v4_alioss.js                                  # fixtures/gen-v4-js-NNN (40 cases, seed 4005)
 *   node tools/node/gen_v4_alioss.js --out /tmp/heldout-v4 --seed 9002 --count 300   # held-out set
 *   node tools/node/gen_v4_alioss.js --count 0 --vectors tools/vectors-v4.json       # plain signer vectors
 *
 * Header auth goes through the real client methods (`put`, `get`, `head`, `listV2`, ...) with
 * `authorizationV4: true` and `client.urllib.request` replaced by a recorder that answers 403
 * (no network). Presigned URLs come from `client.signatureUrlV4`. `Date` is replaced by a
 * subclass whose argument-less constructor returns the case's fixed signing time. The SDK's
 * `signUtils.getCanonicalRequest` / `getStringToSign` are wrapped to record their results.
 * The server side ("the request as OSS received it") is `signUtils.getCanonicalRequest` /
 * `getStringToSign` applied to the received request (query decoded, `x-oss-signature` removed).
 * Family-3 mutations edit one field of the SDK's strings; the self-check re-parses them.
 *
 * Observed SDK behaviour (ali-oss 6.23.0, lib/common/signUtils.js, signatureUrlV4.js,
 * utils/createRequest.js), surprising or at odds with shared/spec/oss-signing.md §4/§8:
 * - Canonical query is built from *decoded* parameters re-encoded with encodeString
 *   (encodeURIComponent + `!'()*` escaped) — matches spec §4.3 — BUT sorted with
 *   `a.localeCompare(b)` on the *unencoded* names, not byte order of the encoded names.
 *   Names like `X-Foo` vs `acl`, or `_x` vs `-x`, sort differently from the server/spec.
 *   The generator rejects draws where the two orders disagree (the SDK would be wrong there).
 * - `qs.stringify(..., {strictNullHandling: true})`: a `null` value gives a bare `name`, but an
 *   empty string gives `name=` in the canonical query — the server (spec §4.3) uses bare
 *   `name` for an empty value, so `signatureUrlV4(..., {queries: {acl: ''}})` or
 *   `listV2({prefix: ''})` produce a signature OSS rejects. (`subres` values '' are mapped to
 *   null by createRequest, so `?acl` etc. are fine.) Cases use null / non-empty values.
 * - The wire query is written by Node's legacy `url.format` (querystring.escape): `!'()*` stay
 *   raw on the wire while the canonical query has them %-escaped. Only a server that decodes and
 *   re-encodes (spec §4.3 [inferred]) accepts that; cases avoid those characters in query values.
 *   Empty values go on the wire as `name=`.
 * - The wire path is encodeURIComponent(key) with '/' kept and '+' → %2B (so `*`, `!`, `'`,
 *   `(`, `)` stay raw on the wire), the canonical URI re-encodes the decoded key (→ %2A etc.).
 * - Header values are trimmed (String.trim) in the canonical headers (spec: alioss trims).
 * - Additional headers: lower-cased, de-duplicated, default-signed names (content-type,
 *   content-md5, x-oss-*) dropped, sorted; a requested header that is absent from the request
 *   throws ("Can't find additional header ...") — also for `host`, which the caller must put
 *   into the headers itself (header auth and presign alike).
 * - createRequest adds `Content-Type` from the key's extension even on GET/HEAD/DELETE
 *   (`mime.getType`), and `Content-MD5` for PUT bodies; both are then signed. It sends
 *   `x-oss-date` and `x-oss-content-sha256: UNSIGNED-PAYLOAD`, no `Date`, lower-case
 *   `authorization`.
 * - The client is configured with region `oss-cn-hangzhou`: the host is built from it (plain
 *   `cn-hangzhou` gives host `bucket.cn-hangzhou.aliyuncs.com`), and V4 signing strips the
 *   leading `oss-` (getStandardRegion) for the scope. signatureUrlV4 signs whatever headers
 *   the caller passes (content-type, content-md5, x-oss-*, + additional), adds no x-oss-date
 *   header; query params are appended in the order additional-headers, credential, date,
 *   expires, signature-version, security-token, signature (user params first). x-oss-expires
 *   is the caller's number as is.
 * No contradiction with §4.1-4.7 beyond the sort-order and empty-value quirks above.
 *
 * Fixture conventions are those of tools/gen_v4_pyv2.py (see its docstring).
 */
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

// ------------------------------------------------------------------ pinned clock
let FIXED_MS = Date.UTC(2024, 0, 1);
const RealDate = Date;
class FixedDate extends RealDate {
  constructor(...a) {
    if (a.length === 0) super(FIXED_MS);
    else super(...a);
  }
  static now() {
    return FIXED_MS;
  }
}
global.Date = FixedDate;

// ali-oss warns on every STS client without a refresher; keep the generator's output clean
const origWarn = console.warn;
console.warn = (...a) => {
  if (!String(a[0]).includes('refreshSTSToken')) origWarn(...a);
};
const OSS = require('ali-oss');
const signUtils = require('ali-oss/lib/common/signUtils');
const aliPkg = require('ali-oss/package.json');

const REC = { cr: null, sts: null };
const origCR = signUtils.getCanonicalRequest;
signUtils.getCanonicalRequest = function hookCR(...a) {
  const cr = origCR.apply(this, a);
  REC.cr = cr;
  return cr;
};
const origSTS = signUtils.getStringToSign;
signUtils.getStringToSign = function hookSTS(...a) {
  const s = origSTS.apply(this, a);
  REC.sts = s;
  return s;
};

const SDK_NAME = 'ali-oss';
const SDK_VERSION = aliPkg.version;
const PREFIX = 'gen-v4-js-';
const DEFAULT_SEED = 4005;
const DEFAULT_COUNT = 40;
const DEFAULT_OUT = path.normalize(path.join(__dirname, '..', '..', 'fixtures'));
const EC = '0002-00000201';
const MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
const SDK_UA = `aliyun-sdk-nodejs/${SDK_VERSION} Node.js 20.11.1 on Linux 64-bit`;
const CURL_UA = 'curl/8.5.0';
const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1', 'us-west-1'];
const OTHER_REGION = {
  'cn-hangzhou': 'cn-shanghai',
  'cn-shanghai': 'cn-hangzhou',
  'ap-southeast-1': 'ap-southeast-5',
  'us-west-1': 'us-east-1'
};
const BUCKETS = ['examplebucket', 'photo-archive-01', 'logs-prod', 'team-share', 'media-cdn-origin', 'backup-2024', 'web-assets'];
const KEYS = [
  'photos/2024/IMG 0001.jpg',
  'docs/report+final v2.pdf',
  '中文/文件名.txt',
  'a/b/c/data.json',
  '100%_done.txt',
  '~user/notes~1.md',
  'glob*star.log',
  'mixed dir/+plus ~tilde* 50%.bin',
  'emoji/😀 smile.png',
  'dir//double/slash.txt',
  'café/naïve.txt',
  'simple.txt',
  'q?x=1&y.txt',
  'a+b+c.csv',
  'images/cat.png',
  'video/clip 01.mp4',
  'reports/Q1 2024/summary+notes.xlsx'
];
const IPS = ['118.31.219.208', '47.98.70.131', '106.14.228.186', '8.219.255.80', '47.88.73.10'];

// ------------------------------------------------------------------ seeded RNG (sfc32)
function makeRng(seed) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  const rng = {
    random: next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    choice: arr => arr[Math.floor(next() * arr.length)],
    id: (n, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') => {
      let s = '';
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      return s;
    }
  };
  return rng;
}

class Skip extends Error {}

// ------------------------------------------------------------------ helpers
const pad = n => String(n).padStart(2, '0');
function iso8601(ms) {
  const d = new RealDate(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(
    d.getUTCMinutes()
  )}${pad(d.getUTCSeconds())}Z`;
}
function httpDate(ms) {
  return new RealDate(ms).toUTCString();
}
function parseIso(ts) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(ts);
  return RealDate.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}
function hget(headers, name) {
  for (const [k, v] of headers) if (k.toLowerCase() === name) return v;
  return null;
}
function splitTarget(target) {
  const i = target.indexOf('?');
  return i < 0 ? [target, ''] : [target.slice(0, i), target.slice(i + 1)];
}
function qpairs(query) {
  if (!query) return [];
  return query.split('&').map(p => {
    const i = p.indexOf('=');
    return i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)];
  });
}
const dec = s => decodeURIComponent(s);
const sha256hex = s => crypto.createHash('sha256').update(s).digest('hex');
// RFC 3986 (same as the SDK's encodeString); used only to double-encode a path in a mutation
const rfc3986 = s => encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function parseCredential(cred) {
  const parts = cred.split('/');
  const n = parts.length;
  return {
    ak: parts.slice(0, n - 4).join('/'),
    date: parts[n - 4],
    region: parts[n - 3],
    product: parts[n - 2],
    terminator: parts[n - 1]
  };
}
function parseAuthorization(v) {
  const m = /^OSS4-HMAC-SHA256 (.*)$/.exec(v);
  const out = {};
  for (const part of m[1].split(/,\s*/)) {
    const i = part.indexOf('=');
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

// ------------------------------------------------------------------ SDK oracle
function makeClient(s) {
  const opts = {
    region: s.configRegion,
    accessKeyId: s.ak,
    accessKeySecret: s.sk,
    bucket: s.bucket,
    authorizationV4: true,
    secure: true
  };
  if (s.token) opts.stsToken = s.token;
  if (s.cloudbox) {
    opts.cloudBoxId = s.cloudbox;
    opts.endpoint = `https://${s.endpoint}`;
  }
  return new OSS(opts);
}

async function sdkCall(s) {
  FIXED_MS = s.time;
  REC.cr = null;
  REC.sts = null;
  const client = makeClient(s);
  if (s.auth === 'header') {
    const sent = [];
    client.urllib = {
      request: async (url, params) => {
        sent.push({ url, params });
        return {
          status: 403,
          headers: { 'content-type': 'application/xml', 'x-oss-request-id': '0'.repeat(24) },
          data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code></Error>'),
          res: {}
        };
      }
    };
    try {
      await s.call(client);
    } catch (e) {
      if (!/SignatureDoesNotMatch/.test(e.name || '')) throw e;
    }
    const req = sent[sent.length - 1];
    const headers = Object.entries(req.params.headers).map(([k, v]) => [k, k === 'User-Agent' ? SDK_UA : String(v)]);
    const authz = hget(headers, 'authorization');
    return {
      method: req.params.method,
      url: req.url,
      headers,
      body: req.params.content ? Buffer.from(req.params.content) : Buffer.alloc(0),
      cr: REC.cr,
      sts: REC.sts,
      signature: /Signature=([0-9a-f]{64})/.exec(authz)[1],
      authorization: authz
    };
  }
  const url = await client.signatureUrlV4(
    s.method,
    s.expires,
    { headers: Object.assign({}, s.presignHeaders), queries: Object.assign({}, s.presignQueries) },
    s.key,
    s.additional
  );
  return {
    method: s.method,
    url,
    signedHeaders: Object.entries(s.presignHeaders),
    cr: REC.cr,
    sts: REC.sts,
    signature: /[?&]x-oss-signature=([0-9a-f]{64})/.exec(url)[1],
    body: s.body
  };
}

/** The SDK's canonical request / string to sign for a request as OSS received it. */
function serverStrings(recv, bucket) {
  const [p, query] = splitTarget(recv.target);
  const key = p.length > 1 ? dec(p.slice(1)) : '';
  let cred;
  let addl;
  let ts;
  let sig;
  const queries = {};
  for (const [k, v] of qpairs(query)) {
    if (k === 'x-oss-signature') continue;
    queries[dec(k)] = v === '' ? null : dec(v);
  }
  if (recv.auth === 'header') {
    const a = parseAuthorization(hget(recv.headers, 'authorization'));
    cred = parseCredential(a.Credential);
    addl = (a.AdditionalHeaders || '').split(';').filter(Boolean);
    ts = hget(recv.headers, 'x-oss-date');
    sig = a.Signature;
  } else {
    const d = {};
    for (const [k, v] of qpairs(query)) d[dec(k)] = dec(v);
    cred = parseCredential(d['x-oss-credential']);
    addl = (d['x-oss-additional-headers'] || '').split(';').filter(Boolean);
    ts = d['x-oss-date'];
    sig = d['x-oss-signature'];
  }
  const headers = {};
  for (const [k, v] of recv.headers) headers[k.toLowerCase()] = v;
  const cr = origCR.call(signUtils, recv.method, { headers, queries }, bucket, key, addl);
  const sts = origSTS.call(signUtils, cred.region, ts, cr, cred.product);
  return { cr, sts, cred, sig, queries, headers, addl, key, ts };
}

/** Re-sign the captured request with the SDK's signUtils and `secret`; true if the signature matches. */
function sdkVerify(cap, s, secret) {
  const sv = serverStrings(cap, s.bucket);
  if (cap.auth === 'header') {
    const headers = Object.assign({}, sv.headers);
    delete headers.authorization;
    const authz = signUtils.authorizationV4(
      s.ak,
      secret,
      sv.cred.region,
      cap.method,
      { headers, queries: sv.queries },
      s.bucket,
      sv.key,
      sv.addl,
      'utf-8',
      s.cloudbox
    );
    return parseAuthorization(authz).Signature === sv.sig;
  }
  const got = signUtils.getSignatureV4(secret, sv.cred.date, sv.cred.region, sv.sts, sv.cred.product);
  return got === sv.sig;
}

/** localeCompare (SDK) vs byte order of the encoded names (server, spec). */
function sortOrdersAgree(names) {
  const a = [...names].sort((x, y) => x.localeCompare(y)).map(rfc3986);
  const b = names.map(rfc3986).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
  return a.join('&') === b.join('&');
}

// ------------------------------------------------------------------ field split / diff (self-check)
function splitSts(sts) {
  const l = sts.split('\n');
  if (l.length !== 4) throw new Error(`bad sts ${sts}`);
  const sc = l[2].split('/');
  if (sc.length !== 4) throw new Error(`bad scope ${l[2]}`);
  return {
    algorithm: l[0],
    timestamp: l[1],
    'scope.date': sc[0],
    'scope.region': sc[1],
    'scope.product': sc[2],
    'scope.terminator': sc[3],
    'canonical-request-hash': l[3]
  };
}
function splitCr(cr) {
  const l = cr.split('\n');
  let hdr = l.slice(3, l.length - 2);
  if (!hdr.length || hdr[hdr.length - 1] !== '') throw new Error(`bad cr ${cr}`);
  hdr = hdr.slice(0, -1);
  return {
    verb: l[0],
    uri: l[1],
    query: qpairs(l[2]),
    headers: hdr.map(h => {
      const i = h.indexOf(':');
      return [h.slice(0, i), h.slice(i + 1)];
    }),
    'additional-headers': l[l.length - 2],
    'payload-hash': l[l.length - 1]
  };
}
function joinCr(p) {
  const q = p.query.map(([k, v]) => (v ? `${k}=${v}` : k)).join('&');
  const h = p.headers.map(([k, v]) => `${k}:${v}\n`).join('');
  return `${p.verb}\n${p.uri}\n${q}\n${h}\n${p['additional-headers']}\n${p['payload-hash']}`;
}
function diffSts(a, b) {
  const x = splitSts(a);
  const y = splitSts(b);
  return Object.keys(x).filter(k => x[k] !== y[k]);
}
function diffCr(a, b) {
  const x = splitCr(a);
  const y = splitCr(b);
  const out = [];
  for (const f of ['verb', 'uri']) if (x[f] !== y[f]) out.push(f);
  const qx = new Map(x.query);
  const qy = new Map(y.query);
  let qd = [...new Set([...qx.keys(), ...qy.keys()])].sort().filter(k => qx.get(k) !== qy.get(k)).map(k => `query:${k}`);
  if (!qd.length && JSON.stringify(x.query) !== JSON.stringify(y.query)) {
    for (let i = 0; i < x.query.length; i++) {
      if (x.query[i][0] !== y.query[i][0]) {
        qd = [`query:${y.query[i][0]}`];
        break;
      }
    }
  }
  out.push(...qd);
  const hx = new Map(x.headers);
  const hy = new Map(y.headers);
  out.push(...[...new Set([...hx.keys(), ...hy.keys()])].sort().filter(k => hx.get(k) !== hy.get(k)).map(k => `header:${k}`));
  for (const f of ['additional-headers', 'payload-hash']) if (x[f] !== y[f]) out.push(f);
  return out;
}

// ------------------------------------------------------------------ random case specs
function randTime(rng) {
  return RealDate.UTC(2023, 0, 1) + rng.int(0, 3 * 365 * 86400 - 1) * 1000;
}

function makeSpec(rng, auth, want = {}) {
  const s = { auth, time: randTime(rng), token: null };
  if (rng.random() < 0.3) {
    s.ak = `STS.NU${rng.id(22)}`;
    s.token = `CAIS${rng.id(60, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}==`;
  } else {
    s.ak = `LTAI5t${rng.id(18)}`;
  }
  s.sk = rng.id(30);
  if (want.cloudbox || (want.cloudbox === undefined && rng.random() < 0.08)) {
    const cb = `cb-${rng.id(20, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
    s.cloudbox = cb;
    s.region = rng.random() < 0.5 ? 'cn-hangzhou' : 'cn-shanghai';
    s.endpoint = `${cb}.${s.region}.oss-cloudbox.aliyuncs.com`;
    s.signRegion = cb;
    s.product = 'oss-cloudbox';
  } else {
    s.region = rng.choice(REGIONS);
    s.endpoint = `oss-${s.region}.aliyuncs.com`;
    s.signRegion = s.region;
    s.product = 'oss';
  }
  // ali-oss is configured with the endpoint label ('oss-cn-hangzhou': it builds the host from it);
  // getStandardRegion strips the 'oss-' for the V4 scope
  s.configRegion = `oss-${s.region}`;
  s.bucket = rng.choice(BUCKETS);
  s.host = `${s.bucket}.${s.endpoint}`;
  let ops =
    auth === 'header'
      ? ['put', 'put', 'get', 'get', 'head', 'delete', 'get_acl', 'put_acl', 'append', 'list', 'initiate', 'upload_part', 'get_tagging']
      : ['get', 'get', 'get', 'get', 'put', 'put', 'head', 'initiate', 'upload_part', 'abort'];
  if (want.ops) ops = ops.filter(o => want.ops.includes(o)).length ? ops.filter(o => want.ops.includes(o)) : want.ops;
  const op = (s.op = rng.choice(ops));
  const key = rng.choice(want.keys || KEYS);
  s.key = op === 'list' ? '' : key;
  let body = Buffer.alloc(0);
  const headers = {}; // extra request headers given to the SDK
  const opts = {};
  const subres = {};
  let query = null;
  let ctype = null;
  let additional = [];
  const hasBody = ['put', 'append', 'upload_part'].includes(op);
  if (hasBody) {
    body = Buffer.from(rng.choice(['hello world\n', '{"id": 1, "name": "x"}', '0123456789', 'PNG-ish bytes']));
    ctype = rng.choice([null, null, 'text/plain', 'application/json', 'application/octet-stream', 'image/png']);
    if (want.no_ctype) ctype = null;
    if (want.ctype) ctype = ctype || 'application/json';
    if (op === 'upload_part') ctype = null;
    if (['put', 'append'].includes(op) && rng.random() < 0.4) {
      headers[`x-oss-meta-${rng.choice(['author', 'project', 'trace-id'])}`] = rng.choice(['alice', 'ops-team', 'a1b2c3']);
    }
    if (op === 'put' && rng.random() < 0.2) headers['x-oss-object-acl'] = 'private';
    if (op === 'put' && rng.random() < 0.15) headers['x-oss-storage-class'] = 'IA';
  }
  if (op === 'get') {
    const r = rng.random();
    if (r < 0.25) subres['response-content-disposition'] = rng.choice(['attachment; filename=report 2024.pdf', 'attachment; filename=x.txt', 'inline']);
    else if (r < 0.4) {
      subres['response-content-type'] = rng.choice(['text/html', 'application/octet-stream']);
      if (rng.random() < 0.5) subres['response-cache-control'] = 'no-cache';
    } else if (r < 0.55) subres['x-oss-process'] = rng.choice(['image/resize,w_100', 'image/resize,m_fill,h_200,w_200/quality,q_80', 'image/format,webp', 'style/thumb']);
    else if (r < 0.65) subres.versionId = `CAEQ${rng.id(16)}GIGg`;
    else if (r < 0.8) Object.assign(subres, { param1: 'value1', '+param1': 'value3', '|param1': 'value4', param2: null });
    if (auth === 'header' && rng.random() < 0.2) headers.Range = 'bytes=0-99';
  }
  if (op === 'list') {
    query = rng.choice([
      { prefix: 'logs/', delimiter: '/', 'max-keys': 100 },
      { prefix: 'a b/', 'encoding-type': 'url' },
      { 'start-after': 'photos/2024/', 'max-keys': 50, 'fetch-owner': 'true' },
      { delimiter: '/' }
    ]);
  }
  const uploadId = rng.id(32, '0123456789ABCDEF');
  const acl = rng.choice(['public-read', 'private']);
  const partNo = rng.int(1, 20);
  if (want.host === true || (want.host === undefined && rng.random() < 0.35)) additional.push('host');
  if (hasBody && rng.random() < 0.35) additional.push('content-length');
  if (op === 'put' && rng.random() < 0.15) {
    additional.push('content-disposition');
    headers['Content-Disposition'] = 'attachment; filename=download.bin';
  }
  if (op === 'get' && auth === 'header' && headers.Range && rng.random() < 0.5) additional.push('range');
  if (want.host === false) additional = additional.filter(h => h !== 'host');
  if (additional.includes('host')) headers.Host = s.host;
  if (additional.includes('content-length')) headers['Content-Length'] = String(body.length);
  additional.sort();
  if (additional.length && rng.random() < 0.5) {
    // callers pass names in any case and with default-signed ones; the SDK filters them
    additional = additional.map(h => (rng.random() < 0.5 ? h.replace(/(^|-)([a-z])/g, (m, a, b) => a + b.toUpperCase()) : h));
    if (rng.random() < 0.3) additional.push('x-oss-meta-author', 'Content-Type');
  }
  s.additional = additional.length ? additional : undefined;
  s.body = body;
  s.want = want;
  if (auth === 'header') {
    const base = { headers, additionalHeaders: s.additional };
    if (ctype) base.mime = ctype;
    s.method = { put: 'PUT', get: 'GET', head: 'HEAD', delete: 'DELETE', get_acl: 'GET', put_acl: 'PUT', append: 'POST', list: 'GET', initiate: 'POST', upload_part: 'PUT', get_tagging: 'GET' }[op];
    s.call = async c => {
      const o = JSON.parse(JSON.stringify(base));
      switch (op) {
        case 'put': return c.put(s.key, body, o);
        case 'get': return c.get(s.key, Object.assign(o, { subres: Object.assign({}, subres) }));
        case 'head': return c.head(s.key, o);
        case 'delete': return c.delete(s.key, o);
        case 'get_acl': return c.getACL(s.key, o);
        case 'put_acl': return c.putACL(s.key, acl, o);
        case 'append': return c.append(s.key, body, Object.assign(o, { position: '0' }));
        case 'list': return c.listV2(Object.assign({}, query), o);
        case 'initiate': return c.initMultipartUpload(s.key, o);
        case 'upload_part': return c.uploadPart(s.key, uploadId, partNo, body, 0, body.length, o);
        case 'get_tagging': return c.getObjectTagging(s.key, o);
        default: throw new Error(op);
      }
    };
    s.describe = `client.${{ put: 'put', get: 'get', head: 'head', delete: 'delete', get_acl: 'getACL', put_acl: 'putACL', append: 'append', list: 'listV2', initiate: 'initMultipartUpload', upload_part: 'uploadPart', get_tagging: 'getObjectTagging' }[op]}`;
  } else {
    s.method = { get: 'GET', put: 'PUT', head: 'HEAD', initiate: 'POST', upload_part: 'PUT', abort: 'DELETE' }[op];
    const q = Object.assign({}, subres);
    if (op === 'initiate') q.uploads = null;
    if (op === 'upload_part') Object.assign(q, { partNumber: String(partNo), uploadId });
    if (op === 'abort') q.uploadId = uploadId;
    const ph = Object.assign({}, headers);
    if (ctype) ph['Content-Type'] = ctype;
    s.presignHeaders = ph;
    s.presignQueries = q;
    s.expires = rng.choice([60, 300, 900, 900, 3600, 86400, 604800, rng.int(1, 604800)]);
    s.describe = 'client.signatureUrlV4';
  }
  return s;
}

// ------------------------------------------------------------------ wire requests & renderers
function curlWireHeaders(minus, host, body) {
  const out = [['Host', host], ['User-Agent', CURL_UA], ['Accept', '*/*']];
  const hs = minus.filter(([k]) => k.toLowerCase() !== 'host');
  out.push(...hs);
  if (body.length && !hs.some(([k]) => k.toLowerCase() === 'content-length')) out.push(['Content-Length', String(body.length)]);
  return out;
}

function makeCaptured(s, res, client, commaSpace) {
  const u = new URL(res.url);
  // keep the raw path/query bytes exactly as the SDK wrote them
  const m = /^https?:\/\/[^/]+(\/[^?#]*)(\?[^#]*)?/.exec(res.url);
  const target = m[1] + (m[2] || '');
  const body = res.body || Buffer.alloc(0);
  let headers;
  let curlH;
  if (s.auth === 'header') {
    let sdk = res.headers.map(([k, v]) => [k, v]);
    if (commaSpace) {
      sdk = sdk.map(([k, v]) => (k.toLowerCase() === 'authorization' ? [k, v.replace(',AdditionalHeaders=', ', AdditionalHeaders=').replace(',Signature=', ', Signature=')] : [k, v]));
    }
    const addl = (s.additional || []).map(h => h.toLowerCase());
    curlH = sdk.filter(([k]) => {
      const lk = k.toLowerCase();
      return lk !== 'user-agent' && !(lk === 'content-length' && !addl.includes('content-length'));
    });
    if (client === 'sdk') {
      headers = sdk.filter(([k]) => k.toLowerCase() !== 'host');
      const h = sdk.find(([k]) => k.toLowerCase() === 'host');
      headers.push(['Host', h ? h[1] : u.host], ['Connection', 'keep-alive']);
    } else {
      headers = curlWireHeaders(curlH, u.host, body);
    }
  } else {
    const need = res.signedHeaders.filter(([k]) => k.toLowerCase() !== 'host' && k.toLowerCase() !== 'content-length');
    // a signed Content-Length must be visible in a curl command line (curl -T would add it silently)
    const cl = res.signedHeaders.find(([k]) => k.toLowerCase() === 'content-length');
    curlH = cl ? need.concat([['Content-Length', cl[1]]]) : need;
    if (client === 'browser') {
      headers = [['Host', u.host], ['Connection', 'keep-alive']];
      if (body.length || ['PUT', 'POST'].includes(res.method)) headers.push(['Content-Length', String(body.length)]);
      headers.push(['User-Agent', BROWSER_UA], ...need, ['Accept', '*/*'], ['Origin', 'https://app.example.com'],
        ['Referer', 'https://app.example.com/'], ['Accept-Encoding', 'gzip, deflate, br'], ['Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.8']);
    } else {
      headers = curlWireHeaders(curlH, u.host, body);
    }
  }
  return { auth: s.auth, method: res.method, scheme: 'https', host: u.host, target, headers, body, curlH, client };
}

const xmlEscape = t => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const hexBytes = t => [...Buffer.from(t, 'utf8')].map(b => `${b.toString(16).toUpperCase().padStart(2, '0')} `).join('');

function errorXml(rid, host, ak, sig, sts, cr, recommend) {
  const x = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Error>',
    '  <Code>SignatureDoesNotMatch</Code>',
    `  <Message>${MESSAGE}</Message>`,
    `  <RequestId>${rid}</RequestId>`,
    `  <HostId>${host}</HostId>`,
    `  <OSSAccessKeyId>${xmlEscape(ak)}</OSSAccessKeyId>`,
    `  <SignatureProvided>${sig}</SignatureProvided>`,
    `  <StringToSign>${xmlEscape(sts)}</StringToSign>`,
    `  <StringToSignBytes>${hexBytes(sts)}</StringToSignBytes>`
  ];
  if (cr !== null) x.push(`  <CanonicalRequest>${xmlEscape(cr)}</CanonicalRequest>`, `  <CanonicalRequestBytes>${hexBytes(cr)}</CanonicalRequestBytes>`);
  x.push(`  <EC>${EC}</EC>`);
  if (recommend) x.push(`  <RecommendDoc>https://api.aliyun.com/troubleshoot?q=${EC}</RecommendDoc>`);
  x.push('</Error>');
  return `${x.join('\n')}\n`;
}

const shQuote = v => `'${v.replace(/'/g, "'\\''")}'`;

function curlCommand(cap, verbose, multiline) {
  const url = `${cap.scheme}://${cap.host}${cap.target}`;
  const parts = ['curl'];
  if (verbose) parts.push('-v');
  const m = cap.method;
  if (m === 'HEAD') parts.push('-I');
  else if (!(m === 'PUT' && cap.body.length) && m !== 'GET') parts.push('-X', m);
  for (const [k, v] of cap.curlH) parts.push('-H', shQuote(`${k}: ${v}`));
  if (cap.body.length) parts.push('-T', 'upload.bin');
  parts.push(shQuote(url));
  if (!multiline) return parts.join(' ');
  const out = [];
  let line = [];
  for (const p of parts.slice(0, -1)) {
    if (['-H', '-X', '-T'].includes(p)) {
      if (line.length) out.push(line.join(' '));
      line = [p];
    } else line.push(p);
  }
  out.push(line.join(' '));
  out.push(parts[parts.length - 1]);
  return out.join(' \\\n  ');
}

function renderCurlV(cap, xml, rid, t, rng, crlf) {
  const eol = crlf ? '\r\n' : '\n';
  const ip = rng.choice(IPS);
  const L = [];
  if (rng.random() < 0.3) L.push(`$ ${curlCommand(cap, true, false)}`);
  L.push(
    `*   Trying ${ip}:443...`,
    `* Connected to ${cap.host} (${ip}) port 443`,
    '* ALPN: curl offers h2,http/1.1',
    '* TLSv1.3 (OUT), TLS handshake, Client hello (1):',
    '* TLSv1.3 (IN), TLS handshake, Server hello (2):',
    '* SSL connection using TLSv1.2 / ECDHE-RSA-AES128-GCM-SHA256 / prime256v1 / rsaEncryption',
    '* ALPN: server accepted http/1.1',
    '* using HTTP/1.1'
  );
  let text = `${L.join('\n')}\n`;
  text += `> ${cap.method} ${cap.target} HTTP/1.1${eol}`;
  for (const [k, v] of cap.headers) text += `> ${k}: ${v}${eol}`;
  text += `> ${eol}`;
  if (cap.body.length) text += '* We are completely uploaded and fine\n';
  const resp = [
    ['Server', 'AliyunOSS'],
    ['Date', httpDate(t + 1000)],
    ['Content-Type', 'application/xml'],
    ['Content-Length', String(Buffer.byteLength(xml))],
    ['Connection', 'keep-alive'],
    ['x-oss-request-id', rid],
    ['x-oss-server-time', String(rng.int(1, 9))],
    ['x-oss-ec', EC]
  ];
  text += `< HTTP/1.1 403 Forbidden${eol}`;
  for (const [k, v] of resp) text += `< ${k}: ${v}${eol}`;
  text += `< ${eol}`;
  text += xml;
  text += `* Connection #0 to host ${cap.host} left intact\n`;
  return text;
}

function renderRaw(cap, crlf) {
  const eol = crlf ? '\r\n' : '\n';
  let t = `${cap.method} ${cap.target} HTTP/1.1${eol}`;
  for (const [k, v] of cap.headers) t += `${k}: ${v}${eol}`;
  return t + eol;
}

function renderResponseOnly(xml, rid, t) {
  return (
    `HTTP/1.1 403 Forbidden\nServer: AliyunOSS\nDate: ${httpDate(t + 1000)}\nContent-Type: application/xml\n` +
    `Content-Length: ${Buffer.byteLength(xml)}\nConnection: keep-alive\nx-oss-request-id: ${rid}\nx-oss-ec: ${EC}\n\n${xml}`
  );
}

function renderInputs(cap, fmt, xml, rid, t, rng) {
  if (fmt === 'curl-v') return { 'input.txt': renderCurlV(cap, xml, rid, t, rng, rng.random() < 0.25) };
  if (fmt === 'raw-http') {
    const raw = renderRaw(cap, rng.random() < 0.3);
    return rng.random() < 0.5 ? { 'input.txt': raw + xml } : { 'input.txt': raw, 'input2.txt': xml };
  }
  if (fmt === 'curl-cmd') return { 'input.txt': `${curlCommand(cap, false, rng.random() < 0.5)}\n`, 'input2.txt': xml };
  if (fmt === 'url-line') {
    const url = `${cap.scheme}://${cap.host}${cap.target}`;
    return rng.random() < 0.3 ? { 'input.txt': `${url}\n\n${xml}` } : { 'input.txt': `${url}\n`, 'input2.txt': xml };
  }
  throw new Error(fmt);
}

// ------------------------------------------------------------------ families
const F2 = ['browser-ct', 'ct-changed', 'proxy-oss-header', 'query-added', 'query-changed', 'query-removed', 'path-reencoded', 'head-to-get'];
const F3_STS = ['region-oss-prefix', 'region-other', 'scope-date', 'product', 'terminator', 'timestamp'];
const F3_CR = ['payload-hash', 'host-not-declared', 'host-additional-missing', 'host-line-missing', 'uri-double-encoded', 'uri-not-encoded', 'plus-in-key', 'query-unsorted', 'query-not-encoded'];
const HINT = {
  'region-oss-prefix': 'v4-region-oss-prefix',
  'region-other': 'v4-region-mismatch',
  'scope-date': 'v4-scope-date-mismatch',
  product: 'v4-product',
  terminator: 'v4-terminator',
  'payload-hash': 'v4-payload-hash',
  'host-not-declared': 'v4-host-not-declared',
  'uri-double-encoded': 'v4-uri-double-encoded',
  'uri-not-encoded': 'v4-uri-not-encoded',
  'plus-in-key': 'v4-plus-in-key',
  'query-unsorted': 'v4-query-not-sorted',
  'browser-ct': 'content-type-not-signed'
};

function pickFormat(rng, auth, method) {
  let f = ['curl-v', 'raw-http', 'curl-cmd'];
  if (auth === 'query' && method === 'GET') f = f.concat(['url-line', 'url-line', 'url-line']);
  if (method === 'HEAD') f = ['raw-http', 'curl-cmd'];
  return rng.choice(f);
}
function clientFor(fmt, auth) {
  if (['curl-v', 'curl-cmd', 'url-line'].includes(fmt)) return 'curl';
  return auth === 'header' ? 'sdk' : 'browser';
}

function mutateInTransit(rng, cap, s, mut) {
  const recv = Object.assign({}, cap, { headers: cap.headers.map(h => [h[0], h[1]]) });
  const names = recv.headers.map(([k]) => k.toLowerCase());
  const [p, query] = splitTarget(recv.target);
  const ts = Math.floor(s.time / 1000);
  if (mut === 'browser-ct') {
    if (names.includes('content-type') || !['PUT', 'POST'].includes(recv.method)) throw new Skip();
    const ct = rng.choice(['application/octet-stream', 'image/png', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded']);
    recv.headers.push(['Content-Type', ct]);
    return [recv, 'header:content-type', 'server-only', `client (browser/HTTP library) added 'Content-Type: ${ct}'`];
  }
  if (mut === 'ct-changed') {
    const i = names.indexOf('content-type');
    if (i < 0 || recv.headers[i][1].includes(';')) throw new Skip();
    const old = recv.headers[i][1];
    const nv = old + rng.choice(['; charset=utf-8', ';charset=UTF-8']);
    recv.headers[i] = [recv.headers[i][0], nv];
    return [recv, 'header:content-type', 'differs', `HTTP library rewrote Content-Type '${old}' -> '${nv}'`];
  }
  if (mut === 'proxy-oss-header') {
    const [k, v] = rng.choice([['x-oss-range-behavior', 'standard'], ['x-oss-request-payer', 'requester'], ['x-oss-traffic-limit', '819200']]);
    if (names.includes(k)) throw new Skip();
    recv.headers.push([k, v]);
    return [recv, `header:${k}`, 'server-only', `proxy/CDN added '${k}: ${v}'`];
  }
  if (mut === 'query-added') {
    let [k, v] = rng.choice([['t', String(ts)], ['spm', 'a2c4g.11186623'], ['utm_source', 'newsletter'], ['x-oss-process', 'image%2Fformat%2Cwebp']]);
    if (k === 'x-oss-process' && (query.includes('x-oss-process=') || recv.method !== 'GET')) [k, v] = ['_', String(ts * 1000)];
    if (qpairs(query).some(([n]) => n === k)) throw new Skip();
    recv.target = `${p}?${query ? `${query}&` : ''}${k}=${v}`;
    return [recv, `query:${k}`, 'server-only', `CDN/app appended query parameter '${k}=${v}'`];
  }
  if (mut === 'query-changed') {
    const pairs = qpairs(query);
    const repl = {
      'max-keys': '1000',
      'response-content-type': 'application%2Fpdf',
      'x-oss-process': 'image%2Fresize%2Cw_200',
      versionId: 'null',
      'response-cache-control': 'max-age%3D60'
    };
    const cands = pairs.map((x, i) => i).filter(i => pairs[i][0] in repl || pairs[i][0] === 'partNumber');
    if (!cands.length) throw new Skip();
    const i = rng.choice(cands);
    const [k, v] = pairs[i];
    const nv = k === 'partNumber' ? (v === '2' ? '3' : '2') : repl[k];
    pairs[i] = [k, nv];
    recv.target = `${p}?${pairs.map(([a, b]) => `${a}=${b}`).join('&')}`;
    return [recv, `query:${k}`, 'differs', `query parameter '${k}' changed from '${v}' to '${nv}'`];
  }
  if (mut === 'query-removed') {
    const pairs = qpairs(query);
    const cands = pairs.map((x, i) => i).filter(i => !pairs[i][0].startsWith('x-oss-') || pairs[i][0] === 'x-oss-process');
    if (!cands.length) throw new Skip();
    const i = rng.choice(cands);
    const k = pairs[i][0];
    const raw = query.split('&');
    raw.splice(i, 1);
    recv.target = p + (raw.length ? `?${raw.join('&')}` : '');
    return [recv, `query:${k}`, 'client-only', `CDN/proxy dropped query parameter '${k}'`];
  }
  if (mut === 'path-reencoded') {
    let np;
    let why;
    if (p.includes('%')) {
      np = p.replace(/%/g, '%25');
      why = "proxy re-encoded the path ('%' -> '%25')";
    } else if (p.includes('//')) {
      np = p.replace(/\/{2,}/g, '/');
      why = "proxy merged '//' in the path (merge_slashes)";
    } else throw new Skip();
    recv.target = np + (query ? `?${query}` : '');
    return [recv, 'uri', 'differs', why];
  }
  if (mut === 'head-to-get') {
    if (recv.method !== 'HEAD') throw new Skip();
    recv.method = 'GET';
    return [recv, 'verb', 'differs', 'CDN forwarded the HEAD as GET'];
  }
  throw new Error(mut);
}

function mutateClient(rng, s, mut, scr, ssts) {
  const st = splitSts(ssts);
  const date = st['scope.date'];
  const region = st['scope.region'];
  const product = st['scope.product'];
  const ts = st.timestamp;
  const stsFor = (t, scope, cr) => `OSS4-HMAC-SHA256\n${t}\n${scope}\n${sha256hex(cr)}`;
  // the SDK's own builder when the scope is a regular one
  const sdkSts = (t, d, r, pr, cr) => {
    const x = origSTS.call(signUtils, r, t, cr, pr);
    if (!x.includes(`\n${d}/${r}/${pr}/aliyun_v4_request\n`)) throw new Error('scope date mismatch');
    return x;
  };
  if (F3_STS.includes(mut)) {
    let f;
    let note;
    let key;
    let csts;
    if (mut === 'region-oss-prefix') {
      if (s.cloudbox) throw new Skip();
      const nr = `oss-${region}`;
      csts = sdkSts(ts, date, nr, product, scr);
      key = [date, nr, product];
      f = 'scope.region';
      note = `signed with endpoint label '${nr}' instead of region id '${region}'`;
    } else if (mut === 'region-other') {
      const nr = s.cloudbox ? s.region : OTHER_REGION[region];
      note = s.cloudbox ? `cloud box: signed with the region '${nr}' instead of the box id` : `signed for region '${nr}' while the request went to '${region}'`;
      csts = sdkSts(ts, date, nr, product, scr);
      key = [date, nr, product];
      f = 'scope.region';
    } else if (mut === 'scope-date') {
      const d0 = RealDate.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8)) + rng.choice([-1, 1]) * 86400000;
      const nd = iso8601(d0).slice(0, 8);
      // getStringToSign derives the scope date from the timestamp, so build this one by hand
      csts = stsFor(ts, `${nd}/${region}/${product}/aliyun_v4_request`, scr);
      key = [nd, region, product];
      f = 'scope.date';
      note = `scope date ${nd} (local-time day) instead of ${date}`;
    } else if (mut === 'product') {
      const np = product === 'oss-cloudbox' ? 'oss' : rng.choice(['s3', 'OSS', 'oss-cloudbox']);
      csts = sdkSts(ts, date, region, np, scr);
      key = [date, region, np];
      f = 'scope.product';
      note = `product '${np}' instead of '${product}'`;
    } else if (mut === 'terminator') {
      const nt = rng.choice(['aws4_request', 'aliyun_v4', 'oss4_request']);
      csts = stsFor(ts, `${date}/${region}/${product}/${nt}`, scr);
      key = [date, region, product];
      f = 'scope.terminator';
      note = `terminator '${nt}' instead of 'aliyun_v4_request'`;
    } else {
      let dt = rng.choice([1, 2, 5, 8 * 3600]);
      const t0 = parseIso(ts);
      if (iso8601(t0 + dt * 1000).slice(0, 8) !== date) dt = 1;
      const nts = iso8601(t0 + dt * 1000);
      csts = stsFor(nts, `${date}/${region}/${product}/aliyun_v4_request`, scr);
      return [null, csts, 'timestamp', 'differs', `string to sign uses ${nts}, x-oss-date says ${ts}`, [date, region, product]];
    }
    return [null, csts, f, 'differs', note, key];
  }
  const p = splitCr(scr);
  const hosts = p.headers.filter(([k]) => k === 'host');
  const addl = p['additional-headers'] ? p['additional-headers'].split(';') : [];
  let status = 'differs';
  let f;
  let note;
  if (mut === 'payload-hash') {
    p['payload-hash'] = rng.choice([sha256hex(s.body || Buffer.alloc(0)), 'UNSIGNED_PAYLOAD']);
    f = 'payload-hash';
    note = `payload line '${p['payload-hash']}' instead of UNSIGNED-PAYLOAD`;
  } else if (mut === 'host-not-declared') {
    if (hosts.length) throw new Skip();
    p.headers = p.headers.concat([['host', s.host]]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    [f, status, note] = ['header:host', 'client-only', 'host signed as a canonical header but not declared in AdditionalHeaders'];
  } else if (mut === 'host-additional-missing') {
    if (!hosts.length) throw new Skip();
    p['additional-headers'] = addl.filter(h => h !== 'host').join(';');
    [f, note] = ['additional-headers', "additional-headers line omits 'host' although it was declared and signed"];
  } else if (mut === 'host-line-missing') {
    if (!hosts.length) throw new Skip();
    p.headers = p.headers.filter(([k]) => k !== 'host');
    [f, status, note] = ['header:host', 'server-only', 'host declared in AdditionalHeaders but its canonical header line left out'];
  } else if (mut === 'uri-double-encoded') {
    if (!p.uri.includes('%')) throw new Skip();
    p.uri = rfc3986(p.uri).replace(/%2F/g, '/');
    [f, note] = ['uri', 'canonical URI encoded twice'];
  } else if (mut === 'uri-not-encoded') {
    const raw = dec(p.uri);
    // only '+' to encode: indistinguishable from plus-in-key
    if (raw === p.uri || raw === p.uri.replace(/%2B/g, '+')) throw new Skip();
    p.uri = raw;
    [f, note] = ['uri', 'canonical URI not percent-encoded'];
  } else if (mut === 'plus-in-key') {
    if (!p.uri.includes('%2B')) throw new Skip();
    p.uri = p.uri.replace(/%2B/g, '+');
    [f, note] = ['uri', "'+' in the key left as '+' (not %2B)"];
  } else if (mut === 'query-unsorted') {
    if (p.query.length < 2) throw new Skip();
    const i = rng.int(0, p.query.length - 2);
    const q = p.query.slice();
    [q[i], q[i + 1]] = [q[i + 1], q[i]];
    p.query = q;
    [f, note] = [`query:${q[i][0]}`, `query not sorted: '${q[i][0]}' placed before '${q[i + 1][0]}'`];
    status = null;
  } else if (mut === 'query-not-encoded') {
    const cands = p.query.map((x, i) => i).filter(i => {
      const v = p.query[i][1];
      const d = v.includes('%') ? dec(v) : v;
      return d !== v && !d.includes('&') && !d.includes('=');
    });
    if (!cands.length) throw new Skip();
    const i = rng.choice(cands);
    const [k, v] = p.query[i];
    p.query = p.query.slice();
    p.query[i] = [k, dec(v)];
    [f, note] = [`query:${k}`, `query value of '${k}' used decoded ('${dec(v)}')`];
  } else throw new Error(mut);
  const ccr = joinCr(p);
  const csts = sdkSts(ts, date, region, product, ccr);
  return [ccr, csts, f, status, note, [date, region, product]];
}

function writeCase(out, name, files) {
  const d = path.join(out, name);
  fs.rmSync(d, { recursive: true, force: true });
  fs.mkdirSync(d, { recursive: true });
  for (const [fn, content] of Object.entries(files)) fs.writeFileSync(path.join(d, fn), content, 'utf8');
}

function assert(c, msg) {
  if (!c) throw new Error(`self-check failed: ${typeof msg === 'string' ? msg : JSON.stringify(msg)}`);
}

function queryNamesOk(cr) {
  // reject draws where the SDK's localeCompare order differs from byte order (SDK quirk)
  const names = splitCr(cr).query.map(([k]) => dec(k));
  return sortOrdersAgree(names);
}

function shuffle(rng, a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Family / mutation / auth per case: ~25% family 1, ~35% family 2, ~40% family 3; mutations
 * cycle through a shuffled list; header vs URL auth alternates per mutation. */
function makePlan(rng, count) {
  const n1 = Math.round(count * 0.25);
  const n2 = Math.round(count * 0.35);
  const n3 = count - n1 - n2;
  const f2 = shuffle(rng, F2.slice());
  const f3 = shuffle(rng, F3_STS.concat(F3_CR));
  const plan = [];
  for (let i = 0; i < n1; i++) plan.push([1, null]);
  for (let i = 0; i < n2; i++) plan.push([2, f2[i % f2.length]]);
  for (let i = 0; i < n3; i++) plan.push([3, f3[i % f3.length]]);
  const seen = {};
  const start = {};
  const out = plan.map(([fam, mut]) => {
    const k = `${fam}/${mut}`;
    seen[k] = (seen[k] === undefined ? -1 : seen[k]) + 1;
    if (start[k] === undefined) start[k] = rng.random() < 0.5;
    return [fam, mut, (seen[k] % 2 === 0) === start[k] ? 'header' : 'query'];
  });
  return shuffle(rng, out);
}

async function genCase(rng, idx, seed, cmdline, fam, mut, auth) {
  let withCr = rng.random() < 0.5;
  let want = {};
  if (fam === 2) {
    if (mut === 'browser-ct') want = { ops: ['put', 'upload_part'], no_ctype: true };
    else if (mut === 'ct-changed') want = { ops: ['put'], ctype: true };
    else if (mut === 'head-to-get') want = { ops: ['head'] };
    else if (mut === 'path-reencoded') want = { keys: KEYS.filter(k => encodeURIComponent(k).replace(/%2F/g, '/') !== k || k.includes('//')) };
    else if (['query-changed', 'query-removed'].includes(mut)) want = { ops: auth === 'header' ? ['get', 'list', 'upload_part'] : ['get', 'upload_part'] };
  } else if (fam === 3) {
    if (['host-additional-missing', 'host-line-missing'].includes(mut)) want = { host: true };
    else if (mut === 'host-not-declared') want = { host: false };
    else if (mut === 'plus-in-key') want = { keys: KEYS.filter(k => k.includes('+')) };
    else if (['uri-double-encoded', 'uri-not-encoded'].includes(mut)) want = { keys: KEYS.filter(k => rfc3986(k).replace(/%2F/g, '/') !== k) };
    else if ((mut === 'region-other' && rng.random() < 0.2) || (mut === 'product' && rng.random() < 0.3)) want = { cloudbox: true };
    else if (mut === 'query-unsorted' && auth === 'header') want = { ops: ['get', 'list', 'upload_part', 'append'] };
  }
  const s = makeSpec(rng, auth, want);
  const res = await sdkCall(s);
  if (!queryNamesOk(res.cr)) throw new Skip();
  const includeCapture = fam !== 3 || rng.random() < 0.4;
  const fmt = includeCapture ? pickFormat(rng, auth, res.method) : null;
  const client = fmt ? clientFor(fmt, auth) : auth === 'header' ? 'sdk' : 'curl';
  const cap = makeCaptured(s, res, client, auth === 'header' && rng.random() < 0.3);
  const rid = rng.id(24, '0123456789ABCDEF');
  const expected = { signature_version: 'v4', auth, error: { code: 'SignatureDoesNotMatch', ec: EC, request_id: rid } };
  const files = {};
  const notes = [];
  let why;
  let clientKind = null;
  if (fam !== 3) {
    assert(sdkVerify(cap, s, s.sk), 'captured request does not verify with the client secret');
    let recv;
    let culprit = null;
    let status = null;
    if (fam === 1) {
      recv = cap;
      why = 'request arrived exactly as signed; OSS holds another secret for this AccessKeyId';
    } else {
      [recv, culprit, status, why] = mutateInTransit(rng, cap, s, mut);
    }
    const sv = serverStrings(recv, s.bucket);
    if (!queryNamesOk(sv.cr)) throw new Skip();
    const cv = serverStrings(cap, s.bucket);
    assert(cv.cr === res.cr && cv.sts === res.sts, 'captured request does not canonicalize to the SDK strings');
    if (fam === 1) {
      assert(sv.cr === cv.cr && sv.sts === cv.sts, 'fam1 differs');
      Object.assign(expected, { verdict: 'identical', culprits: [], client: { source: 'captured-request' }, hints: [{ id: 'secret-differs' }], exit_code: 0 });
    } else {
      const d = diffCr(sv.cr, cv.cr);
      assert(JSON.stringify(d) === JSON.stringify([culprit]), [d, culprit]);
      assert(JSON.stringify(diffSts(sv.sts, cv.sts)) === '["canonical-request-hash"]', 'sts diff');
      let cul;
      let fields;
      if (withCr) {
        cul = culprit;
        fields = [{ name: culprit, status }];
      } else {
        // No CanonicalRequest in the body: only the hashes differ, and ossdiag names the
        // field by searching variants of the captured request for the server's hash.
        cul = culprit;
        fields = [{ name: 'canonical-request-hash', status: 'differs' }];
      }
      Object.assign(expected, { verdict: 'mismatch', culprits: [cul], fields, client: { source: 'captured-request' }, exit_code: 1 });
      if (withCr && HINT[mut]) expected.hints = [{ id: HINT[mut] }];
    }
    const xml = errorXml(rid, recv.host, s.ak, sv.sig, sv.sts, withCr ? sv.cr : null, rng.random() < 0.5);
    Object.assign(files, renderInputs(cap, fmt, xml, rid, s.time, rng));
    if (rng.random() < 0.35) {
      files['secret.txt'] = s.sk;
      notes.push("secret.txt holds the client's secret: the captured signature verifies with it (ali-oss signUtils re-sign).");
    }
  } else {
    const scr = res.cr;
    const ssts = res.sts;
    const [ccr, csts, culprit, status, note, keyparts] = mutateClient(rng, s, mut, scr, ssts);
    why = note;
    clientKind = ccr !== null && rng.random() >= 0.2 ? 'cr' : 'sts'; // ~half of family 3 paste a canonical request
    let cul;
    let fields;
    let clientText;
    if (clientKind === 'cr') {
      const d = diffCr(scr, ccr);
      assert(JSON.stringify(d) === JSON.stringify([culprit]), [d, culprit]);
      clientText = ccr;
      withCr = true;
      cul = culprit;
      fields = status ? [{ name: culprit, status }] : [];
    } else {
      const dd = diffSts(ssts, csts);
      if (ccr === null) {
        assert(JSON.stringify(dd) === JSON.stringify([culprit]), [dd, culprit]);
        cul = culprit;
        fields = [{ name: culprit, status }];
      } else {
        assert(JSON.stringify(dd) === '["canonical-request-hash"]' && JSON.stringify(diffCr(scr, ccr)) === JSON.stringify([culprit]), [dd, culprit]);
        cul = 'canonical-request-hash';
        fields = [{ name: cul, status: 'differs' }];
        expected._expected_field_after_search = culprit;
      }
      clientText = csts;
    }
    const sig = signUtils.getSignatureV4(s.sk, keyparts[0], keyparts[1], csts, keyparts[2]);
    const fix = v => v.replace(/Signature=[0-9a-f]{64}/, `Signature=${sig}`);
    if (s.auth === 'header') {
      cap.headers = cap.headers.map(([k, v]) => (k.toLowerCase() === 'authorization' ? [k, fix(v)] : [k, v]));
      cap.curlH = cap.curlH.map(([k, v]) => (k.toLowerCase() === 'authorization' ? [k, fix(v)] : [k, v]));
    } else {
      cap.target = cap.target.replace(/x-oss-signature=[0-9a-f]{64}/, `x-oss-signature=${sig}`);
    }
    const xml = errorXml(rid, s.host, s.ak, sig, ssts, withCr ? scr : null, rng.random() < 0.5);
    if (includeCapture) {
      const c2 = serverStrings(cap, s.bucket);
      assert(c2.cr === scr && c2.sts === ssts, 'fam3 capture');
      Object.assign(files, renderInputs(cap, fmt, xml, rid, s.time, rng));
    } else {
      files['input.txt'] = rng.random() < 0.6 ? xml : renderResponseOnly(xml, rid, s.time);
      if (!withCr) delete expected.auth;
    }
    files['client-string.txt'] = `${clientText}\n`;
    Object.assign(expected, { verdict: 'mismatch', culprits: [cul], fields, client: { source: 'client-string' }, exit_code: 1 });
    let hint = HINT[mut];
    if (cul === 'canonical-request-hash') hint = 'canonical-request-hash-differs';
    if (hint) expected.hints = [{ id: hint }];
    if (!fields.length) delete expected.fields;
  }
  expected._family = { 1: 'consistent', 2: 'changed-in-transit', 3: 'client-string-mistake' }[fam];
  files['expected.json'] = `${JSON.stringify(expected, null, 2)}\n`;
  const name = `${PREFIX}${String(idx).padStart(3, '0')}-${['consistent', 'transit', 'clientstr'][fam - 1]}-${auth}${mut ? `-${mut}` : ''}`;
  const famTxt = {
    1: '1 (consistent: request arrived as signed, the client used another secret)',
    2: '2 (changed in transit between the captured request and OSS)',
    3: '3 (client string with a classic mistake)'
  }[fam];
  const src = [
    `# ${name}`,
    '',
    `- family: ${famTxt}`,
    `- mutation: ${mut || 'none'} — ${why}`,
    `- auth: ${auth} (${auth === 'header' ? 'Authorization header' : 'presigned URL'}), operation \`${s.op}\`, method ${res.method}, ` +
      `region \`${s.signRegion}\` (client config region '${s.configRegion}'), product \`${s.product}\`` +
      (s.token ? ', STS token' : '') +
      (s.additional ? `, additional headers requested ${JSON.stringify(s.additional)}` : ''),
    `- captured request: ${includeCapture ? `${fmt} (${client})` : 'none'}; error body ${withCr ? 'with' : 'without'} <CanonicalRequest>` +
      (fam === 3 ? `; client-string.txt is the client's ${clientKind === 'cr' ? 'canonical request' : 'string to sign'}` : ''),
    `- SDK: ${SDK_NAME} ${SDK_VERSION} (Node; \`${s.describe}\` with authorizationV4 and Date pinned to ${iso8601(s.time)}; ` +
      'server side = `signUtils.getCanonicalRequest` / `getStringToSign` on the received request)',
    `- generator: \`${cmdline}\` (seed ${seed}, case index ${idx})`,
    '- credentials are fake; the V4 error body layout is inferred (spec §6.2), not an official sample.'
  ].concat(notes.map(n => `- ${n}`));
  files['SOURCE.md'] = `${src.join('\n')}\n`;
  return { name, files, fam, fmt: includeCapture ? fmt : 'xml-only', auth };
}

// ------------------------------------------------------------------ vectors
async function vectorCases(rng) {
  const out = [];
  let i = 0;
  while (out.length < 14) {
    const auth = out.length % 2 === 0 ? 'header' : 'query';
    let want = {};
    if (out.length === 4 || out.length === 5) want = { cloudbox: true };
    if (out.length === 2 || out.length === 3) want = { host: true };
    const s = makeSpec(rng, auth, want);
    if (out.length === 6 || out.length === 7) {
      s.token = `CAIS${rng.id(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}==`;
      s.ak = `STS.NU${rng.id(22)}`;
    }
    i++;
    const res = await sdkCall(s);
    if (!queryNamesOk(res.cr)) continue;
    const m = /^https?:\/\/[^/]+(\/[^?#]*)(\?[^#]*)?/.exec(res.url);
    let rawQ = (m[2] || '').slice(1);
    const authQ = ['x-oss-signature-version', 'x-oss-credential', 'x-oss-date', 'x-oss-expires', 'x-oss-security-token', 'x-oss-additional-headers', 'x-oss-signature'];
    if (auth === 'query') rawQ = rawQ.split('&').filter(p => p && !authQ.includes(p.split('=')[0])).join('&');
    const inputsHeaders =
      auth === 'header'
        ? res.headers.filter(([k]) => !['authorization', 'x-oss-date', 'x-oss-content-sha256', 'x-oss-security-token', 'user-agent'].includes(k.toLowerCase()))
        : res.signedHeaders;
    const v = {
      id: `js-${auth}-${String(out.length).padStart(2, '0')}`,
      sdk: `${SDK_NAME} ${SDK_VERSION}`,
      auth,
      inputs: {
        method: res.method,
        bucket: s.bucket,
        key: s.key || null,
        query: qpairs(rawQ).map(([k, val]) => [dec(k), val ? dec(val) : null]),
        raw_query: rawQ,
        headers: inputsHeaders,
        region: s.signRegion,
        product: s.product,
        time: iso8601(s.time),
        additional_headers: s.additional || [],
        access_key_id: s.ak,
        access_key_secret: s.sk,
        security_token: s.token
      },
      outputs: {
        canonical_request: res.cr,
        string_to_sign: res.sts,
        signature: res.signature,
        additional_headers: res.cr.split('\n')[res.cr.split('\n').length - 2].split(';').filter(Boolean)
      }
    };
    if (auth === 'header') {
      v.outputs.authorization = res.authorization;
      v.outputs.signed_request_headers = res.headers.filter(([k]) => k !== 'User-Agent');
      v.outputs.url = res.url;
    } else {
      v.inputs.expires = s.expires;
      v.outputs.url = res.url;
    }
    out.push(v);
  }
  return out;
}

function mergeVectors(file, mine) {
  let doc = {
    description:
      "Plain V4 (OSS4-HMAC-SHA256) signer vectors produced by the official SDKs' signers (tools/gen_v4_pyv2.py, " +
      'tools/node/gen_v4_alioss.js). Inputs are what the caller gave the SDK (query pairs decoded; null value = no value; ' +
      "raw_query = wire query before the signer ran); outputs are the SDK's canonical request, string to sign, signature and " +
      'signed URL / Authorization. Credentials are fake.',
    sdks: {},
    vectors: []
  };
  if (fs.existsSync(file)) doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  doc.vectors = (doc.vectors || []).filter(v => !v.id.startsWith('js-')).concat(mine);
  doc.vectors.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  doc.sdks = doc.sdks || {};
  doc.sdks[SDK_NAME] = SDK_VERSION;
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`, 'utf8');
}

// ------------------------------------------------------------------ main
function parseArgs(argv) {
  const a = { out: DEFAULT_OUT, seed: DEFAULT_SEED, count: DEFAULT_COUNT, vectors: null };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--out') a.out = argv[++i];
    else if (k === '--seed') a.seed = parseInt(argv[++i], 10);
    else if (k === '--count') a.count = parseInt(argv[++i], 10);
    else if (k === '--vectors') a.vectors = argv[++i];
    else if (k === '-h' || k === '--help') {
      console.log('usage: node tools/node/gen_v4_alioss.js [--out DIR] [--seed N] [--count K] [--vectors FILE]');
      process.exit(0);
    } else {
      console.error(`unknown argument ${k}`);
      process.exit(2);
    }
  }
  return a;
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const cmd = `node tools/node/gen_v4_alioss.js${path.resolve(a.out) === DEFAULT_OUT ? '' : ` --out ${a.out}`} --seed ${a.seed} --count ${a.count}`;
  fs.mkdirSync(a.out, { recursive: true });
  // regenerate this generator's cases only (--count 0: vectors only)
  if (a.count > 0) for (const d of fs.readdirSync(a.out)) if (d.startsWith(PREFIX)) fs.rmSync(path.join(a.out, d), { recursive: true, force: true });
  const rng = makeRng(a.seed);
  const stats = {};
  const plan = makePlan(rng, a.count);
  for (let idx = 1; idx <= plan.length; idx++) {
    let [fam, mut, auth] = plan[idx - 1];
    let attempts = 0;
    let c;
    for (;;) {
      try {
        c = await genCase(rng, idx, a.seed, cmd, fam, mut, auth);
        break;
      } catch (e) {
        if (!(e instanceof Skip)) throw e;
        // the random draw does not suit this mutation: draw again
        attempts++;
        if (attempts % 40 === 0) auth = auth === 'header' ? 'query' : 'header';
        if (attempts % 80 === 0 && fam !== 1) mut = rng.choice(fam === 2 ? F2 : F3_STS.concat(F3_CR));
        if (attempts > 1000) throw new Error('too many skipped draws');
      }
    }
    writeCase(a.out, c.name, c.files);
    for (const k of [`family${fam}`, `fmt:${c.fmt}`, `auth:${auth}`, `mut:${mut}`]) stats[k] = (stats[k] || 0) + 1;
  }
  if (a.vectors) mergeVectors(a.vectors, await vectorCases(makeRng(a.seed + 1)));
  const sorted = {};
  for (const k of Object.keys(stats).sort()) sorted[k] = stats[k];
  console.log(JSON.stringify({ sdk: `${SDK_NAME} ${SDK_VERSION}`, out: a.out, cases: a.count, stats: sorted }));
}

main().catch(e => {
  console.error(e.stack || String(e));
  process.exit(1);
});
