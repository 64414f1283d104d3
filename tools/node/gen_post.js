#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * Generate PostObject (browser form upload) cases for ossdiag, with the official Node SDK
 * `ali-oss` (pinned in tools/node/package.json) as the signer:
 * `client.calculatePostSignature(policy)` (V1) and `client.signPostObjectPolicyV4(policy, date)`
 * (V4); the texts a client signs by mistake are signed with the SDK's own
 * `signUtils.computeSignature` / `signUtils.getSignatureV4`.
 *
 *   (cd tools/node && npm ci)
 *   node tools/node/gen_post.js                                   # fixtures/gen-post-NNN (40 cases, seed 9001)
 *   node tools/node/gen_post.js --out /tmp/heldout-post --seed 7777 --count 200   # held-out set
 *   node tools/node/gen_post.js --count 0 --vectors               # print signer vectors (JSON)
 *
 * The flow is the one of seed 003: an application server signs a policy and returns its
 * signature response (`accessid`, `host`, `policy`, `signature`, `expire`, `dir`,
 * `callback`; V4 `x-oss-credential`, `x-oss-date`, `version`/`x-oss-signature-version`),
 * the browser posts a multipart form, OSS answers 403 SignatureDoesNotMatch with the policy
 * it received as <StringToSign> (and <StringToSignBytes>) and the signature it received as
 * <SignatureProvided>. That error body layout for PostObject is the S3 one (public S3
 * PostObject bodies carry the base64 policy as StringToSign); for OSS it is inferred.
 *
 * Families (expected.json says which in `_family`):
 *  consistent   form == signed policy, signed with another secret  → identical, secret-differs
 *  transit      the policy/signature damaged between app server and OSS → the damage hint
 *  clientstr    a pasted --client-string (what the client signed)     → mismatch, policy
 *  secret       the client signed something else; secret.txt given   → secret-search, exact string
 *  v4form       a V4 form that contradicts itself or its policy     → the field's hint
 * Captures: har (postData text or params, plus the app server's GET), raw (multipart, CRLF or
 * an LF-only paste), chrome (Copy as cURL, bash $'…'), curlF (curl -F), each with or
 * without the app server's JSON response.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const OSS = require('ali-oss');
const signUtils = require('ali-oss/lib/common/signUtils');

// ------------------------------------------------------------------ args
const args = process.argv.slice(2);
function arg(name, dflt) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
}
const SEED = Number(arg('--seed', '9001'));
const COUNT = Number(arg('--count', '40'));
const OUT = arg('--out', path.join(__dirname, '..', '..', 'fixtures'));
const PREFIX = arg('--prefix', 'gen-post');

function makeRng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = makeRng(SEED);
const pick = (a) => a[Math.floor(rng() * a.length)];
const int = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
function word(n) {
  const c = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += c[Math.floor(rng() * c.length)];
  return s;
}
function akid() {
  return 'LTAI5t' + word(16).replace(/[a-z]/g, (x) => (rng() < 0.5 ? x.toUpperCase() : x));
}
function secretKey() {
  return word(30).replace(/[a-z]/g, (x) => (rng() < 0.5 ? x.toUpperCase() : x));
}
function reqId() {
  let s = '';
  for (let i = 0; i < 24; i++) s += '0123456789ABCDEF'[Math.floor(rng() * 16)];
  return s;
}

const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'cn-qingdao', 'ap-southeast-1', 'us-west-1', 'eu-central-1', 'cn-hongkong'];
const NEIGHBOUR = { 'cn-hangzhou': 'cn-shanghai', 'cn-shanghai': 'cn-hangzhou', 'cn-beijing': 'cn-zhangjiakou', 'cn-shenzhen': 'cn-guangzhou', 'cn-qingdao': 'cn-beijing', 'ap-southeast-1': 'ap-southeast-3', 'us-west-1': 'us-east-1', 'eu-central-1': 'eu-west-1', 'cn-hongkong': 'cn-shenzhen' };

function iso(ms) {
  return new Date(ms).toISOString();
}
function basic(ms) {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
function hex(s) {
  return Buffer.from(s, 'utf8').toString('hex').toUpperCase().match(/../g).join(' ');
}
function b64(s) {
  return Buffer.from(s, 'utf8').toString('base64');
}

// ------------------------------------------------------------------ one scenario
function policyJson(p) {
  return JSON.stringify(p);
}

function makePolicy(ctx, v4) {
  const conds = [];
  conds.push(['content-length-range', 0, pick([1048576, 10485760, 1048576000])]);
  conds.push({ bucket: ctx.bucket });
  // '>' and '~' put '+' and '/' into the base64 now and then
  conds.push(['starts-with', '$key', ctx.dir + pick(['', '>', '~', '?', '>>'])]);
  if (rng() < 0.4) conds.push(['in', '$content-type', ['image/jpeg', 'image/png']]);
  if (rng() < 0.3) conds.push({ success_action_status: '200' });
  if (v4) {
    conds.push({ 'x-oss-signature-version': 'OSS4-HMAC-SHA256' });
    conds.push({ 'x-oss-credential': ctx.credential });
    conds.push({ 'x-oss-date': ctx.xdate });
  }
  return { expiration: iso(ctx.now + 3600 * 1000 * int(1, 24)), conditions: conds };
}

function client(ctx, region) {
  return new OSS({ accessKeyId: ctx.ak, accessKeySecret: ctx.sk, region: region || 'oss-' + ctx.region, bucket: ctx.bucket });
}

function newCtx(v4) {
  const ctx = {};
  ctx.ak = akid();
  ctx.sk = secretKey();
  ctx.region = pick(REGIONS);
  ctx.bucket = 'bkt-' + word(6);
  ctx.host = `${ctx.bucket}.oss-${ctx.region}.aliyuncs.com`;
  ctx.dir = pick(['user-dir/', 'upload/', 'images/2024/', '']);
  ctx.now = Date.UTC(2024, int(0, 11), int(1, 28), int(0, 23), int(0, 59), int(0, 59));
  ctx.xdate = basic(ctx.now);
  ctx.date = ctx.xdate.slice(0, 8);
  ctx.credential = `${ctx.ak}/${ctx.date}/${ctx.region}/oss/aliyun_v4_request`;
  ctx.v4 = v4;
  return ctx;
}

/** Sign with the SDK: the app server's response and the form fields it implies. */
function appSign(ctx, policy) {
  const c = client(ctx);
  if (!ctx.v4) {
    const f = c.calculatePostSignature(policy);
    return { policy: f.policy, signature: f.Signature, accessid: f.OSSAccessKeyId };
  }
  const sig = c.signPostObjectPolicyV4(policy, new Date(ctx.now));
  return { policy: b64(policyJson(policy)), signature: sig };
}

function formFields(ctx, app) {
  const key = ctx.dir + word(8) + '.png';
  const f = [['key', key]];
  if (!ctx.v4) {
    f.push(['policy', app.policy]);
    f.push(['OSSAccessKeyId', ctx.ak]);
    f.push(['success_action_status', '200']);
    f.push(['Signature', app.signature]);
  } else {
    f.push(['policy', app.policy]);
    f.push(['x-oss-signature-version', 'OSS4-HMAC-SHA256']);
    f.push(['x-oss-credential', ctx.credential]);
    f.push(['x-oss-date', ctx.xdate]);
    f.push(['success_action_status', '200']);
    f.push(['x-oss-signature', app.signature]);
  }
  return f;
}

function appJson(ctx, app) {
  const o = ctx.v4
    ? { version: 'OSS4-HMAC-SHA256', policy: app.policy, x_oss_credential: ctx.credential, x_oss_date: ctx.xdate, signature: app.signature, host: 'https://' + ctx.host, dir: ctx.dir }
    : { accessid: ctx.ak, host: 'https://' + ctx.host, policy: app.policy, signature: app.signature, expire: Math.floor(ctx.now / 1000) + 3600, dir: ctx.dir };
  return rng() < 0.5 ? JSON.stringify(o) : JSON.stringify({ code: 0, message: 'ok', data: o }, null, 2);
}

function errorXml(ctx, policyRecv, sigRecv) {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Error>',
    '  <Code>SignatureDoesNotMatch</Code>',
    '  <Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>',
    `  <RequestId>${ctx.rid}</RequestId>`,
    `  <HostId>${ctx.host}</HostId>`,
    `  <OSSAccessKeyId>${ctx.ak}</OSSAccessKeyId>`,
    `  <SignatureProvided>${sigRecv}</SignatureProvided>`,
    `  <StringToSign>${policyRecv}</StringToSign>`,
    `  <StringToSignBytes>${hex(policyRecv)} </StringToSignBytes>`,
    `  <EC>0002-00000040</EC>`,
    '</Error>',
  ].join('\n');
}

// ------------------------------------------------------------------ captures
function multipart(fields, boundary, eol) {
  let s = '';
  for (const [k, v] of fields) {
    s += `--${boundary}${eol}Content-Disposition: form-data; name="${k}"${eol}${eol}${v}${eol}`;
  }
  s += `--${boundary}${eol}Content-Disposition: form-data; name="file"; filename="photo.png"${eol}Content-Type: image/png${eol}${eol}`;
  return s;
}

function captureRaw(ctx, fields, lfOnly) {
  const boundary = '----WebKitFormBoundary' + word(16);
  const eol = lfOnly ? '\n' : '\r\n';
  const body = multipart(fields, boundary, eol) + `PNGDATA${eol}--${boundary}--${eol}`;
  const head = [`POST / HTTP/1.1`, `Host: ${ctx.host}`, `Content-Type: multipart/form-data; boundary=${boundary}`, `Content-Length: ${Buffer.byteLength(body)}`, 'Origin: https://app.example.com', ''].join(eol);
  return head + eol + body;
}

function ansiC(s) {
  return "$'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/[\0-\x1F\x7F-\x9F!]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + "'";
}

function captureChrome(ctx, fields) {
  const boundary = '----WebKitFormBoundary' + word(16);
  const body = multipart(fields, boundary, '\r\n') + `\r\n--${boundary}--\r\n`;
  return [
    `curl 'https://${ctx.host}/' \\`,
    "  -H 'accept: */*' \\",
    `  -H 'content-type: multipart/form-data; boundary=${boundary}' \\`,
    "  -H 'origin: https://app.example.com' \\",
    `  --data-raw ${ansiC(body)}`,
  ].join('\n');
}

function shq(s) {
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

function captureCurlF(ctx, fields) {
  const lines = [`curl -v -X POST https://${ctx.host}/ \\`];
  for (const [k, v] of fields) lines.push(`  -F ${shq(k + '=' + v)} \\`);
  lines.push("  -F 'file=@./photo.png;type=image/png'");
  return lines.join('\n');
}

function captureHar(ctx, fields, app, xml, params) {
  const boundary = '----WebKitFormBoundary' + word(16);
  const text = multipart(fields, boundary, '\r\n') + `\r\n--${boundary}--\r\n`;
  const post = params
    ? { mimeType: `multipart/form-data; boundary=${boundary}`, params: fields.map(([name, value]) => ({ name, value })).concat([{ name: 'file', fileName: 'photo.png', contentType: 'image/png' }]) }
    : { mimeType: `multipart/form-data; boundary=${boundary}`, text };
  const entries = [];
  if (app) {
    entries.push({
      request: { method: 'GET', url: 'https://app.example.com/api/oss/policy', headers: [{ name: 'accept', value: 'application/json' }] },
      response: { status: 200, headers: [{ name: 'content-type', value: 'application/json' }], content: { mimeType: 'application/json', text: app } },
    });
  }
  entries.push({
    request: { method: 'POST', url: `https://${ctx.host}/`, headers: [{ name: 'Host', value: ctx.host }, { name: 'Content-Type', value: post.mimeType }, { name: 'Origin', value: 'https://app.example.com' }], postData: post },
    response: { status: 403, headers: [{ name: 'x-oss-request-id', value: ctx.rid }, { name: 'x-oss-ec', value: '0002-00000040' }], content: { mimeType: 'application/xml', text: xml } },
  });
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, entries } }, null, 2);
}

/** Write the inputs: the capture (with its error body), the app JSON apart or inline. */
function inputs(ctx, fields, app, xml, kind) {
  const files = {};
  if (kind === 'har' || kind === 'har-params') {
    files['input.txt'] = captureHar(ctx, fields, app, xml, kind === 'har-params');
    return files;
  }
  let cap;
  if (kind === 'raw' || kind === 'raw-lf') cap = captureRaw(ctx, fields, kind === 'raw-lf');
  else if (kind === 'chrome') cap = captureChrome(ctx, fields);
  else cap = captureCurlF(ctx, fields);
  files['input.txt'] = cap + '\n';
  files['input2.txt'] = 'HTTP/1.1 403 Forbidden\nContent-Type: application/xml\nx-oss-request-id: ' + ctx.rid + '\n\n' + xml + '\n';
  if (app) files['input3.txt'] = (rng() < 0.5 ? 'GET /api/oss/policy -> 200\n' : '') + app + '\n';
  return files;
}

// ------------------------------------------------------------------ families
const FAMILIES = [
  ['consistent', 5],
  ['transit', 9],
  ['clientstr', 3],
  ['secret', 8],
  ['v4form', 5],
];
function drawFamily() {
  const total = FAMILIES.reduce((a, f) => a + f[1], 0);
  let r = rng() * total;
  for (const [f, w] of FAMILIES) {
    if ((r -= w) < 0) return f;
  }
  return FAMILIES[0][0];
}

function sigV1(sk, text) {
  return signUtils.computeSignature(sk, text);
}
function sigV4(sk, date, region, text) {
  return signUtils.getSignatureV4(sk, date, region, text);
}

function pythonDumps(v) {
  if (Array.isArray(v)) return '[' + v.map(pythonDumps).join(', ') + ']';
  if (v && typeof v === 'object') return '{' + Object.keys(v).map((k) => JSON.stringify(k) + ': ' + pythonDumps(v[k])).join(', ') + '}';
  return JSON.stringify(v);
}

function scenario(idx) {
  const family = drawFamily();
  const v4 = family === 'v4form' ? true : rng() < 0.5;
  const ctx = newCtx(v4);
  ctx.rid = reqId();
  let kind = pick(['har', 'har-params', 'raw', 'raw-lf', 'chrome', 'curlF']);
  let withApp = rng() < 0.7;
  const exp = { signature_version: v4 ? 'post-v4' : 'post-v1', auth: 'form', error: { code: 'SignatureDoesNotMatch', request_id: ctx.rid } };
  let mutation = '';
  let policy = makePolicy(ctx, v4);
  let app = appSign(ctx, policy);
  let fields = formFields(ctx, app);
  let policyRecv = app.policy;
  let sigRecv = app.signature;
  let secretTxt = null;
  let clientTxt = null;
  const setField = (name, value) => {
    const f = fields.find((x) => x[0] === name);
    if (f) f[1] = value;
  };

  if (family === 'consistent') {
    // Signed with a secret OSS does not hold for this AccessKeyId.
    const other = secretKey();
    const c2 = { ...ctx, sk: other };
    app = appSign(c2, policy);
    fields = formFields(ctx, app);
    policyRecv = app.policy;
    sigRecv = app.signature;
    mutation = 'signed with another secret';
    exp.verdict = 'identical';
    exp.hints = [{ id: 'secret-differs' }];
    // as for V1/V4: identical strings with only this hint exit 0 (nothing in the request to fix)
    exp.exit_code = 0;
  } else if (family === 'transit') {
    const kinds = v4 ? ['plus', 'wrap', 'url', 'newline'] : ['plus', 'wrap', 'url', 'newline', 'sigplus'];
    const t = pick(kinds);
    // Draw until the policy (or signature) has the character the damage needs.
    for (let i = 0; i < 50; i++) {
      const ok = (t === 'plus' && app.policy.includes('+')) || (t === 'url' && /[+/=]/.test(app.policy)) || (t === 'sigplus' && app.signature.includes('+')) || t === 'wrap' || t === 'newline';
      if (ok) break;
      ctx.now += 1000 * int(1, 300);
      policy = makePolicy(ctx, v4);
      app = appSign(ctx, policy);
    }
    fields = formFields(ctx, app);
    policyRecv = app.policy;
    sigRecv = app.signature;
    let appDamaged = false;
    if (t === 'plus') {
      policyRecv = app.policy.replace(/\+/g, ' ');
      mutation = "the policy's '+' arrived as spaces (it went through a URL query)";
      exp.hints = [{ id: 'policy-plus-as-space', field: 'policy' }];
    } else if (t === 'wrap') {
      policyRecv = app.policy.match(/.{1,76}/g).join('\n');
      appDamaged = rng() < 0.4;
      mutation = 'the base64 policy was wrapped into 76-character lines' + (appDamaged ? ' by the app server itself, after signing' : ' on its way to the form');
      exp.hints = [{ id: 'policy-base64-wrapped', field: 'policy' }];
    } else if (t === 'url') {
      policyRecv = encodeURIComponent(app.policy);
      mutation = 'the policy was put into the multipart part URL-encoded';
      exp.hints = [{ id: 'policy-url-encoded', field: 'policy' }];
    } else if (t === 'newline') {
      policyRecv = app.policy + '\n';
      mutation = 'the policy was sent with a trailing newline';
      exp.hints = [{ id: 'policy-trailing-newline', field: 'policy' }];
      // the newline must survive in the curl -F argument and the HAR; keep it
    } else {
      sigRecv = app.signature.replace(/\+/g, ' ');
      mutation = "the Signature's '+' arrived as spaces";
      exp.hints = [{ id: 'signature-plus-as-space', field: 'signature' }];
    }
    setField('policy', policyRecv);
    setField(v4 ? 'x-oss-signature' : 'Signature', sigRecv);
    if (appDamaged) app = { ...app, policy: policyRecv };
    if (t === 'sigplus' || appDamaged || !withApp) {
      exp.verdict = 'identical';
    } else {
      exp.verdict = 'mismatch';
      exp.culprits = ['policy'];
    }
    if (t === 'newline' && kind === 'curlF') kind = 'raw';
  } else if (family === 'clientstr') {
    // The developer pastes the text their code signed: the JSON text, or a re-serialization.
    const json = policyJson(policy);
    const t = pick(['json', 'pretty', 'newline']);
    clientTxt = t === 'json' ? json : t === 'pretty' ? b64(JSON.stringify(policy, null, 2)) : app.policy + '\n\n';
    const signed = t === 'newline' ? app.policy + '\n' : clientTxt;
    sigRecv = v4 ? sigV4(ctx.sk, ctx.date, ctx.region, signed) : sigV1(ctx.sk, signed);
    app = { ...app, signature: sigRecv };
    fields = formFields(ctx, app);
    mutation = { json: 'the client signed the policy JSON, not its base64', pretty: 'the client signed the base64 of a pretty-printed JSON', newline: 'the client signed the policy with a trailing newline' }[t];
    withApp = false;
    exp.verdict = 'mismatch';
    exp.culprits = ['policy'];
    exp.client = { source: 'client-string' };
  } else if (family === 'secret') {
    const json = policyJson(policy);
    const kinds = v4 ? ['json', 'py', 'pretty', 'newline', 'region-oss', 'region-neighbour', 'date-local', 'date-before'] : ['json', 'py', 'pretty', 'newline', 'other-secret'];
    const t = pick(kinds);
    let signed = app.policy;
    let date = ctx.date;
    let region = ctx.region;
    let field = 'policy';
    if (t === 'json') signed = json;
    else if (t === 'py') signed = b64(pythonDumps(policy));
    else if (t === 'pretty') signed = b64(JSON.stringify(policy, null, 2));
    else if (t === 'newline') signed = app.policy + '\n';
    else if (t === 'region-oss') {
      region = 'oss-' + ctx.region;
      field = 'scope.region';
    } else if (t === 'region-neighbour') {
      region = NEIGHBOUR[ctx.region];
      field = 'scope.region';
    } else if (t === 'date-local') {
      // The app server took the date of its UTC+8 clock; make sure that is another day.
      const hh = int(16, 23);
      ctx.now = Date.UTC(2024, 5, int(1, 28), hh, int(0, 59), int(0, 59));
      ctx.xdate = basic(ctx.now);
      ctx.date = ctx.xdate.slice(0, 8);
      ctx.credential = `${ctx.ak}/${ctx.date}/${ctx.region}/oss/aliyun_v4_request`;
      policy = makePolicy(ctx, v4);
      app = appSign(ctx, policy);
      signed = app.policy;
      date = basic(ctx.now + 8 * 3600 * 1000).slice(0, 8);
      field = 'scope.date';
    } else if (t === 'date-before') {
      date = basic(ctx.now - 86400 * 1000).slice(0, 8);
      field = 'scope.date';
    }
    if (t === 'other-secret') {
      sigRecv = app.signature;
      secretTxt = ctx.sk;
      // OSS holds another secret: the client's one signs the server's string.
      exp.verdict = 'identical';
      exp.hints = [{ id: 'secret-signs-server-string' }];
      exp.exit_code = 0;
    } else {
      sigRecv = v4 ? sigV4(ctx.sk, date, region, signed) : sigV1(ctx.sk, signed);
      secretTxt = ctx.sk;
      exp.client = { source: 'secret-search', string_to_sign: { text: signed } };
      exp.hints = [{ id: 'secret-search-found', field }];
      if (signed === app.policy) exp.verdict = 'identical';
      else {
        exp.verdict = 'mismatch';
        exp.culprits = ['policy'];
      }
      exp.search = { found: true };
    }
    app = { ...app, signature: sigRecv };
    fields = formFields(ctx, app);
    mutation = { json: 'the client signed the policy JSON text', py: 'the client signed base64 of json.dumps (", " and ": " separators)', pretty: 'the client signed base64 of a pretty-printed JSON', newline: 'the client signed the policy with a trailing newline', 'region-oss': "the signing key used the region with its 'oss-' prefix", 'region-neighbour': 'the signing key used a neighbouring region', 'date-local': 'the signing key used the UTC+8 local date', 'date-before': 'the signing key used the previous day', 'other-secret': 'OSS holds another secret for the AccessKeyId' }[t];
    withApp = rng() < 0.3;
  } else if (family === 'v4form') {
    const t = pick(['date-not-policy', 'scope-date', 'scope-region', 'sig-field', 'region-prefix']);
    if (t === 'date-not-policy') {
      app = appSign(ctx, policy);
      fields = formFields(ctx, app);
      setField('x-oss-date', basic(ctx.now + 1000 * int(60, 900)));
      exp.hints = [{ id: 'post-v4-date-not-policy', field: 'form:x-oss-date' }];
      mutation = "the form's x-oss-date is a later timestamp than the policy's";
    } else if (t === 'scope-date') {
      ctx.now = Date.UTC(2024, int(0, 11), int(1, 27), int(16, 23), int(0, 59), int(0, 59));
      ctx.xdate = basic(ctx.now);
      ctx.date = basic(ctx.now + 8 * 3600 * 1000).slice(0, 8);
      ctx.credential = `${ctx.ak}/${ctx.date}/${ctx.region}/oss/aliyun_v4_request`;
      policy = makePolicy(ctx, v4);
      app = { policy: b64(policyJson(policy)), signature: sigV4(ctx.sk, ctx.date, ctx.region, b64(policyJson(policy))) };
      fields = formFields(ctx, app);
      exp.hints = [{ id: 'post-v4-scope-date', field: 'scope.date' }];
      mutation = "the credential's date is the UTC+8 local date, x-oss-date is UTC";
    } else if (t === 'scope-region' || t === 'region-prefix') {
      const wrong = t === 'scope-region' ? NEIGHBOUR[ctx.region] : 'oss-' + ctx.region;
      ctx.credential = `${ctx.ak}/${ctx.date}/${wrong}/oss/aliyun_v4_request`;
      policy = makePolicy(ctx, v4);
      const c = client(ctx, t === 'scope-region' ? 'oss-' + wrong : wrong.replace(/^oss-/, 'oss-oss-'));
      const sig = t === 'scope-region' ? c.signPostObjectPolicyV4(policy, new Date(ctx.now)) : sigV4(ctx.sk, ctx.date, wrong, b64(policyJson(policy)));
      app = { policy: b64(policyJson(policy)), signature: sig };
      fields = formFields(ctx, app);
      exp.hints = [{ id: 'post-v4-scope-region', field: 'scope.region' }];
      mutation = t === 'scope-region' ? `the credential names ${wrong}, the bucket is in ${ctx.region}` : "the credential's region keeps the 'oss-' prefix";
    } else {
      fields = formFields(ctx, app);
      const f = fields.find((x) => x[0] === 'x-oss-signature');
      f[0] = 'Signature';
      exp.hints = [{ id: 'post-v4-signature-field', field: 'signature' }];
      mutation = 'the V4 signature was sent as Signature instead of x-oss-signature';
    }
    policyRecv = fields.find((x) => x[0] === 'policy')[1];
    sigRecv = fields.find((x) => x[0] === 'x-oss-signature' || x[0] === 'Signature')[1];
    exp.verdict = 'identical';
  }
  if (family !== 'transit') {
    policyRecv = fields.find((x) => x[0] === 'policy')[1];
  }
  const xml = errorXml(ctx, policyRecv, sigRecv);
  const appText = withApp ? appJson(ctx, app) : null;
  const files = inputs(ctx, fields, appText, xml, kind);
  if (secretTxt) files['secret.txt'] = secretTxt + '\n';
  if (clientTxt !== null) files['client-string.txt'] = clientTxt;
  if (exp.exit_code === undefined) exp.exit_code = 1;
  exp._family = family;
  const name = `${PREFIX}-${String(idx).padStart(3, '0')}-${family}-${v4 ? 'v4' : 'v1'}-${kind}`;
  const source = [
    `# ${name}`,
    '',
    `- family: ${family}; mutation: ${mutation}`,
    `- capture: ${kind}${withApp ? ' + the app server\'s signature response' : ''}; region ${ctx.region}; bucket ${ctx.bucket}`,
    `- SDK: ali-oss 6.23.0 (\`calculatePostSignature\` / \`signPostObjectPolicyV4\`; mistaken texts signed with \`signUtils.computeSignature\` / \`getSignatureV4\`)`,
    `- generator: \`node tools/node/gen_post.js --seed ${SEED} --count ${COUNT}\` (case ${idx})`,
    '- credentials are fake; the PostObject error body layout (policy as StringToSign) follows S3\'s and is inferred for OSS.',
    '',
  ].join('\n');
  return { name, files, exp, source };
}

function vectors() {
  const out = [];
  for (let i = 0; i < 6; i++) {
    const v4 = i % 2 === 1;
    const ctx = newCtx(v4);
    const policy = makePolicy(ctx, v4);
    const app = appSign(ctx, policy);
    out.push({ v4, secret: ctx.sk, access_key_id: ctx.ak, region: ctx.region, x_oss_date: ctx.xdate, policy_json: policyJson(policy), policy: app.policy, signature: app.signature });
  }
  return out;
}

if (args.includes('--vectors')) {
  console.log(JSON.stringify(vectors(), null, 2));
}
for (let i = 1; i <= COUNT; i++) {
  const c = scenario(i);
  const dir = path.join(OUT, c.name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, t] of Object.entries(c.files)) fs.writeFileSync(path.join(dir, f), t);
  fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify(c.exp, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'SOURCE.md'), c.source);
}
if (COUNT > 0) console.error(`wrote ${COUNT} cases to ${OUT}`);
