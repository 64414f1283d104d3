//! PostObject, the browser form upload (`post-v1`, `post-v4`, auth `form`): the signed
//! text is the `policy` field exactly as OSS received it (`sign::post`).
//!
//! Three sides: the server's string (OSS returns the policy it received as
//! `StringToSign`), what the application server signed (its signature response, read by
//! `input::form::app_server`), and the form the browser sent (`Request.form`). The
//! diagnosis compares the server's policy with the app server's (else the form's),
//! shows the decoded policy JSON side by side (`policy.expiration`,
//! `policy.condition:<n>`), names the transit damage that turns one into the other, and
//! checks a V4 form against itself and its policy. With the secret it verifies, then
//! searches what the client signed instead.

use super::{Detect, Scheme};
use crate::diagnose::fields::Field;
use crate::diagnose::{
    align, culprits as row_culprits, finish, request_info, AuthKind, ClientSource, Diagnosis, Hint,
    ServerFrom, Severity, SigVersion, Verdict,
};
use crate::input::form::AppSigned;
use crate::input::{ClientString, ErrorBody, Evidence};
use crate::request::{classify_host, Request};
use crate::secret::search::{Outcome, SearchStats, Started};
use crate::secret::{SearchOptions, Secret};
use crate::sign::post::{self, FormAuth, Policy};
use crate::sign::v4;

pub struct PostFamily {
    id: SigVersion,
    v4: bool,
}

pub static POST_V1: PostFamily = PostFamily {
    id: SigVersion::PostV1,
    v4: false,
};

pub static POST_V4: PostFamily = PostFamily {
    id: SigVersion::PostV4,
    v4: true,
};

/// Every hint id this scheme gives, with what it means.
pub const CATALOG: &[(&str, &str)] = &[
    (
        "policy-plus-as-space",
        "a '+' of the base64 policy arrived as a space",
    ),
    (
        "policy-base64-wrapped",
        "the base64 policy was wrapped into lines",
    ),
    (
        "policy-url-encoded",
        "the policy was sent URL-encoded inside a multipart part",
    ),
    (
        "policy-trailing-newline",
        "the policy was sent with a newline at its end",
    ),
    (
        "policy-reserialized",
        "the same policy JSON, written as different text",
    ),
    (
        "policy-differs",
        "the form carries another policy than the one signed",
    ),
    (
        "form-changed-in-transit",
        "the form's policy is not what OSS received",
    ),
    (
        "signature-plus-as-space",
        "a '+' of the base64 signature arrived as a space",
    ),
    (
        "signature-url-encoded",
        "the signature was sent URL-encoded",
    ),
    (
        "signature-differs-from-app",
        "the form's signature is not the app server's",
    ),
    (
        "post-v4-signature-field",
        "a V4 form sends its signature as Signature, not x-oss-signature",
    ),
    (
        "post-v4-date-not-policy",
        "x-oss-date is not the policy's x-oss-date",
    ),
    (
        "post-v4-credential-not-policy",
        "x-oss-credential is not the policy's",
    ),
    (
        "post-v4-scope-date",
        "the credential's date is not x-oss-date's day",
    ),
    (
        "post-v4-scope-region",
        "the credential's region is not the host's",
    ),
    (
        "post-v4-scope-product",
        "the credential's product is not 'oss'",
    ),
    (
        "post-v4-scope-terminator",
        "the credential does not end in aliyun_v4_request",
    ),
    (
        "post-v4-version",
        "x-oss-signature-version is missing or not OSS4-HMAC-SHA256",
    ),
    (
        "post-v1-fields-missing",
        "a V1 form lacks OSSAccessKeyId, policy or Signature",
    ),
    (
        "policy-document-invalid",
        "the policy the server quoted has the wrong types (expiration, conditions, a condition)",
    ),
];

fn hint(id: &'static str, field: &str, message: String, fix: &str, sev: Severity) -> Hint {
    crate::diagnose::hints::hint_with(id, Some(field), message, fix, sev)
}

fn show(b: &[u8]) -> String {
    crate::bytes::visible(b)
}

/// A policy's decoded JSON: from base64 (damaged or not), else the bytes as JSON (a
/// client that signed the JSON text itself).
fn policy_any(b: &[u8]) -> Option<Policy> {
    post::policy_of(b).or_else(|| Policy::parse(b))
}

/// The signed text split into fields: `policy` (the text as is), then the decoded
/// `policy.expiration` and each `policy.condition:<n>` as compact JSON.
pub fn split(policy: &[u8]) -> Vec<Field> {
    let mut out = vec![Field {
        name: "policy".into(),
        bytes: policy.to_vec(),
    }];
    if let Some(p) = policy_any(policy) {
        if let Some(e) = &p.expiration {
            out.push(Field {
                name: "policy.expiration".into(),
                bytes: e.as_bytes().to_vec(),
            });
        }
        for (n, c) in p.conditions.iter().enumerate() {
            out.push(Field {
                name: format!("policy.condition:{n}"),
                bytes: c.to_string().into_bytes(),
            });
        }
    }
    out
}

fn form_auth(req: Option<&Request>) -> Option<FormAuth> {
    req.and_then(|r| r.form.as_ref()).and_then(post::auth_of)
}

/// OSS's form or S3's: the form's names, else the server's (an `AWSAccessKeyId` in the
/// error body), else the policy's (`x-amz-…` conditions).
fn dialect_of(
    fa: Option<&FormAuth>,
    e: Option<&ErrorBody>,
    policy: Option<&[u8]>,
) -> &'static post::FormDialect {
    if let Some(a) = fa {
        return a.dialect;
    }
    let server_s3 = e.is_some_and(|e| e.get(post::S3_FORM.akid).is_some());
    if server_s3 || policy.and_then(policy_any).is_some_and(|p| p.is_s3()) {
        &post::S3_FORM
    } else {
        &post::OSS_FORM
    }
}

/// A document OSS (or S3) will refuse, whatever the signature: decoding and checking the
/// policy that was quoted is always possible.
fn document_hints(policy: &[u8]) -> Vec<Hint> {
    let Ok(json) = crate::policy::decode(policy) else {
        return Vec::new();
    };
    crate::policy::problems(&json)
        .into_iter()
        .map(|e| hint("policy-document-invalid", &e.field,
            format!("{}: even with a matching signature the server refuses this policy (InvalidPolicyDocument)", e.message),
            "build the policy as a JSON object whose expiration is one ISO 8601 string and whose conditions is a list of maps ({\"bucket\": \"b\"}) and lists ([\"starts-with\", \"$key\", \"dir/\"]); with R jsonlite, use auto_unbox = TRUE and wrap each condition in its own list", Severity::Warning))
        .collect()
}

impl Scheme for PostFamily {
    fn id(&self) -> SigVersion {
        self.id
    }
    fn claims_server(&self, d: &Detect) -> bool {
        // A string to sign of another shape is another scheme's, whatever the request.
        if d.server.is_some_and(|s| !post::is_policy(s)) {
            return false;
        }
        if let Some(a) = d
            .request
            .and_then(|r| r.form.as_ref())
            .and_then(post::auth_of)
        {
            return a.v4 == self.v4;
        }
        let Some(p) = d.server.and_then(post::policy_of) else {
            return false;
        };
        // The signature's shape tells the version: V4 is 64 hex digits, V1 28 of base64.
        match d
            .error
            .and_then(|e| e.get("SignatureProvided"))
            .map(str::trim)
        {
            Some(s) if s.len() == 64 && s.bytes().all(|c| c.is_ascii_hexdigit()) => self.v4,
            Some(s) if s.len() == 28 && s.ends_with('=') => !self.v4,
            _ => p.is_v4() == self.v4,
        }
    }
    fn claims_request(&self, r: &Request) -> bool {
        r.form
            .as_ref()
            .and_then(post::auth_of)
            .is_some_and(|a| a.v4 == self.v4)
    }
    fn claims_client(&self, c: &[u8]) -> bool {
        post::is_policy(c) && post::policy_of(c).is_some_and(|p| p.is_v4() == self.v4)
    }
    fn diagnose(
        &self,
        d: &mut Diagnosis,
        e: Option<&ErrorBody>,
        req: Option<&Request>,
        c: Option<&ClientString>,
    ) {
        self.diagnose_in(d, e, req, c, &Evidence::default());
    }
    fn diagnose_in(
        &self,
        d: &mut Diagnosis,
        e: Option<&ErrorBody>,
        req: Option<&Request>,
        c: Option<&ClientString>,
        ev: &Evidence,
    ) {
        case(self.v4, d, e, req, c, &ev.app_signed);
    }
    fn with_secret(
        &self,
        d: &mut Diagnosis,
        req: Option<&Request>,
        secret: &Secret,
        opts: &SearchOptions,
    ) {
        search(self.v4, d, req, secret, opts);
    }
}

/// The app-server response that goes with this case: one whose policy is the server's
/// or the form's (or a damaged form of it), else the first of the right version.
fn pick_app<'a>(v4: bool, app: &'a [AppSigned], near: &[&[u8]]) -> Option<&'a AppSigned> {
    let policy = |a: &AppSigned| a.form.get("policy").unwrap_or_default().to_vec();
    app.iter()
        .find(|a| {
            let p = policy(a);
            near.iter()
                .any(|n| *n == p.as_slice() || damage(n, &p).is_some())
        })
        .or_else(|| app.iter().find(|a| a.is_v4() == v4))
        .or_else(|| app.first())
}

fn case(
    v4: bool,
    d: &mut Diagnosis,
    e: Option<&ErrorBody>,
    req: Option<&Request>,
    c: Option<&ClientString>,
    app: &[AppSigned],
) {
    d.auth = Some(AuthKind::Form);
    let fa = form_auth(req);
    let form = req.and_then(|r| r.form.as_ref());
    if let Some(r) = req {
        d.request = Some(request_info(r, d.auth));
    }
    // Read from the <StringToSign> text (no bytes): whitespace around a one-line policy
    // is the layout of a pretty-printed body (the element's text on its own, indented
    // line), not what the server signed; the bytes, when there are any, are the truth.
    if d.server_from == Some(ServerFrom::Text) {
        if let Some(s) = d.server_string.as_deref() {
            let t = s.trim_ascii();
            if t.len() != s.len() && post::decode_strict(t).is_some() {
                d.server_string = Some(t.to_vec());
                d.notes.push("the <StringToSign> text has whitespace around the policy (a pretty-printed body): it is read without it".into());
            }
        }
    }
    let server = d.server_string.clone();
    let form_policy = fa.as_ref().map(|a| a.policy.clone());
    let near: Vec<&[u8]> = server
        .iter()
        .chain(form_policy.iter())
        .map(Vec::as_slice)
        .collect();
    let app = pick_app(v4, app, &near);
    let app_policy = app.and_then(|a| a.form.get("policy")).map(<[u8]>::to_vec);
    // Values to mask: signatures and tokens in the form and in the app's response.
    for f in form.into_iter().chain(app.map(|a| &a.form)) {
        for (k, v) in &f.fields {
            let k = k.to_ascii_lowercase();
            if matches!(
                k.as_str(),
                "signature" | "x-oss-signature" | "x-oss-security-token"
            ) && v.len() >= 8
            {
                d.sensitive.push(String::from_utf8_lossy(v).into_owned());
            }
        }
    }
    // The client side: a pasted string, else what the app server signed, else the form.
    let (client, source) = match (c, &app_policy, &form_policy) {
        (Some(c), _, _) => (Some(c.bytes.clone()), Some(ClientSource::ClientString)),
        (None, Some(a), _) => (Some(a.clone()), Some(ClientSource::AppServer)),
        (None, None, Some(f)) => (Some(f.clone()), Some(ClientSource::CapturedRequest)),
        (None, None, None) => (None, None),
    };
    let sf = server.as_deref().map(split).unwrap_or_default();
    let cf = client.as_deref().map(split).unwrap_or_default();
    finish(d, &sf, &cf, source, client.clone());
    if d.verdict == Verdict::Mismatch {
        d.culprits = ranked(&d.rows);
    }
    let mut hs: Vec<Hint> = Vec::new();
    // Transit damage: the server's policy against what was signed, and against the form.
    let signed_ref = c.map(|c| c.bytes.clone()).or(app_policy.clone());
    match (&server, &signed_ref, &form_policy) {
        (Some(s), Some(a), _) if s != a => hs.extend(damage_hint(
            s,
            a,
            "OSS received",
            "the application server signed",
        )),
        (Some(s), None, Some(f)) if s != f => {
            hs.push(hint("form-changed-in-transit", "policy",
                { let (a, b) = excerpt(f, s); format!("the form's policy ('{a}') is not what OSS received ('{b}'): something between the capture and OSS changed the form") },
                "capture the request where it leaves the browser (devtools) and compare with a proxy's view", Severity::Warning));
            hs.extend(damage_hint(s, f, "OSS received", "the form carries"));
        }
        (None, Some(a), Some(f)) if f != a => hs.extend(damage_hint(
            f,
            a,
            "the form carries",
            "the application server signed",
        )),
        _ => {}
    }
    // Damage the policy shows on its own, when nothing signed says otherwise (or what was
    // signed has the same damage: the app server returned it damaged).
    if signed_ref.is_none() || signed_ref == server {
        if let Some(s) = server.as_ref().or(form_policy.as_ref()) {
            hs.extend(self_evident_damage(s));
        }
    }
    if let (Some(s), Some(f), Some(_)) = (&server, &form_policy, &signed_ref) {
        if s != f {
            hs.push(hint("form-changed-in-transit", "policy",
                { let (a, b) = excerpt(f, s); format!("the captured form's policy ('{a}') is not what OSS received ('{b}'): the form changed after the capture") },
                "capture the request where it leaves the browser (devtools) and compare with a proxy's view", Severity::Warning));
        }
    }
    let dl = dialect_of(fa.as_ref(), e, server.as_deref().or(form_policy.as_deref()));
    if dl.s3 {
        d.dialect = Some("S3-style");
    }
    if let Some(p) = server.as_deref().or(form_policy.as_deref()) {
        hs.extend(document_hints(p));
    }
    hs.extend(signature_hints(v4, d, fa.as_ref(), app));
    if let Some(a) = &fa {
        let policy = server
            .as_deref()
            .or(Some(a.policy.as_slice()))
            .and_then(post::policy_of);
        if a.v4 {
            hs.extend(v4_form_hints(a, policy.as_ref(), req));
        } else if a.signature.is_none() || a.access_key_id.is_none() {
            let ak = a.dialect.akid;
            hs.push(hint("post-v1-fields-missing", "signature",
                format!("a V1 form needs {ak}, policy and Signature together (all three or none): one of them is missing"),
                &format!("send {ak}, policy and Signature as form fields before 'file'"), Severity::Error));
        }
    }
    let found_cause = hs.iter().any(|h| h.severity == Severity::Error);
    d.hints.append(&mut hs);
    if d.verdict == Verdict::Identical && !found_cause {
        d.hints.push(identical(v4, d.client_source, app.is_some()));
    }
    if d.verdict == Verdict::Mismatch && d.culprits.is_empty() {
        d.culprits = vec!["policy".into()];
    }
}

/// Decoded fields first (the most specific), then the policy text itself.
fn ranked(rows: &[crate::diagnose::Row]) -> Vec<String> {
    let mut c = row_culprits(rows);
    c.sort_by_key(|n| u8::from(n == "policy"));
    c
}

fn identical(v4: bool, source: Option<ClientSource>, app: bool) -> Hint {
    let what = match (source, app) {
        (Some(ClientSource::CapturedRequest), _) => {
            "the policy OSS received is exactly the form's policy: the form arrived as sent"
        }
        (_, true) => "the policy OSS received is exactly what the application server signed",
        _ => "the policy OSS received is exactly the client's string",
    };
    let how = if v4 {
        "hex HMAC-SHA256 with the signing key of x-oss-credential's date and region"
    } else {
        "base64 HMAC-SHA1"
    };
    Hint {
        id: "secret-differs",
        field: None,
        message: format!("{what}. So the signature was computed with another secret than OSS holds for the AccessKeyId, or over another text than this policy (the JSON itself, a re-serialized JSON, another policy)"),
        fix: Some(format!("sign the base64 policy string exactly as it is put in the form, as {how}, with the AccessKeySecret of this AccessKeyId; with --secret-env ossdiag can check it and search what was signed")),
        severity: Severity::Error,
    }
}

/// How `got` (what arrived) came from `signed`: the transit damage, in words.
fn damage(got: &[u8], signed: &[u8]) -> Option<(&'static str, String)> {
    if got == signed {
        return None;
    }
    for end in [&b"\n"[..], b"\r\n", b"\r"] {
        if got.strip_suffix(end) == Some(signed) {
            return Some((
                "policy-trailing-newline",
                format!(
                    "the policy arrived with a trailing {} that was not signed",
                    if end == b"\n" { "newline" } else { "CRLF" }
                ),
            ));
        }
    }
    if got.contains(&b' ') && !signed.contains(&b' ') {
        let back: Vec<u8> = got
            .iter()
            .map(|&c| if c == b' ' { b'+' } else { c })
            .collect();
        if back == signed {
            let n = got.iter().filter(|&&c| c == b' ').count();
            return Some(("policy-plus-as-space", format!(
                "{n} '+' of the base64 policy arrived as a space: the policy went through a URL query or an x-www-form-urlencoded decoder on its way to the form")));
        }
    }
    let unwrapped: Vec<u8> = got
        .iter()
        .copied()
        .filter(|c| !matches!(c, b'\n' | b'\r'))
        .collect();
    if unwrapped.len() != got.len() && unwrapped == signed {
        let first = got
            .iter()
            .position(|&c| c == b'\n' || c == b'\r')
            .unwrap_or(0);
        return Some(("policy-base64-wrapped", format!(
            "the base64 policy arrived wrapped into lines (first line break after {first} characters): a MIME base64 encoder (Java Base64.getMimeEncoder, Python base64.encodebytes, openssl base64) wrapped it after it was signed")));
    }
    if got.contains(&b'%') {
        let dec = crate::request::percent_decode(&String::from_utf8_lossy(got));
        if dec == signed {
            return Some(("policy-url-encoded", "the policy arrived URL-encoded ('+' as %2B, '/' as %2F, '=' as %3D) inside its multipart part: multipart values are sent as is, OSS does not decode them".into()));
        }
    }
    match (policy_any(got), policy_any(signed)) {
        (Some(a), Some(b)) if a.json == b.json => Some(("policy-reserialized", "both decode to the same policy JSON, written as different text (spacing, key order, escapes): the policy was re-serialized after it was signed; OSS signs the base64 text exactly as sent".into())),
        _ => None,
    }
}

/// The bytes around the first difference of `a` and `b`, as `…abc` + the rest of a few.
fn excerpt(a: &[u8], b: &[u8]) -> (String, String) {
    let at = crate::bytes::common_prefix(a, b);
    let from = at.saturating_sub(12);
    let cut = |x: &[u8]| {
        let end = x.len().min(at + 12);
        let s = show(x.get(from..end).unwrap_or_default());
        format!(
            "{}{s}{}",
            if from > 0 { "…" } else { "" },
            if end < x.len() { "…" } else { "" }
        )
    };
    (cut(a), cut(b))
}

fn damage_hint(got: &[u8], signed: &[u8], got_who: &str, signed_who: &str) -> Vec<Hint> {
    let fix = "put the policy into the form exactly as the application server returned it: no URL query on the way, no decoding, no re-encoding, no added newline";
    let (g, s) = excerpt(got, signed);
    match damage(got, signed) {
        Some((id, msg)) => vec![hint(id, "policy", format!("{msg} ({got_who} '{g}', {signed_who} '{s}')"), fix, Severity::Error)],
        None => vec![hint("policy-differs", "policy",
            format!("{got_who} another policy than {signed_who}: the form carries a policy from another signature response (a cached or earlier one), or the policy was edited after signing"),
            "fetch a fresh signature response for each upload and send its policy and signature together", Severity::Error)],
    }
}

/// Damage a policy shows on its own: base64 has no spaces, line breaks or `%`.
fn self_evident_damage(p: &[u8]) -> Vec<Hint> {
    let body = p.strip_suffix(b"\n").unwrap_or(p);
    let body = body.strip_suffix(b"\r").unwrap_or(body);
    let mut fixed: Option<(&'static str, Vec<u8>)> = None;
    if body.len() != p.len() && !body.contains(&b'\n') {
        fixed = Some(("trailing", body.to_vec()));
    } else if p.contains(&b' ') {
        fixed = Some((
            "plus",
            p.iter()
                .map(|&c| if c == b' ' { b'+' } else { c })
                .collect(),
        ));
    } else if p.contains(&b'\n') {
        fixed = Some((
            "wrap",
            p.iter()
                .copied()
                .filter(|c| !matches!(c, b'\n' | b'\r'))
                .collect(),
        ));
    } else if p.windows(3).any(|w| {
        w == b"%2B" || w == b"%2F" || w == b"%3D" || w == b"%2b" || w == b"%2f" || w == b"%3d"
    }) {
        fixed = Some((
            "url",
            crate::request::percent_decode(&String::from_utf8_lossy(p)),
        ));
    }
    let Some((_, signed)) = fixed else {
        return Vec::new();
    };
    match damage(p, &signed) {
        Some((id, msg)) if post::decode_strict(&signed).is_some() => vec![hint(id, "policy",
            { let (a, b) = excerpt(p, &signed); format!("{msg}: the policy received ('{a}') is not valid base64 as it stands; it was most likely signed as '{b}'") },
            "put the policy into the form exactly as the application server returned it: no URL query on the way, no decoding, no re-encoding, no added newline", Severity::Error)],
        _ => Vec::new(),
    }
}

fn signature_hints(
    v4: bool,
    d: &Diagnosis,
    fa: Option<&FormAuth>,
    app: Option<&AppSigned>,
) -> Vec<Hint> {
    let mut out = Vec::new();
    let sent: Option<Vec<u8>> = fa
        .and_then(|a| a.signature.as_ref().map(|s| s.1.clone()))
        .or_else(|| {
            d.error
                .as_ref()
                .and_then(|e| e.signature_provided.clone())
                .map(String::into_bytes)
        });
    let app_sig = app.and_then(|a| {
        a.form.get(if a.is_v4() {
            "x-oss-signature"
        } else {
            "Signature"
        })
    });
    let Some(sent) = sent else { return out };
    if !v4 && sent.contains(&b' ') {
        let back: Vec<u8> = sent
            .iter()
            .map(|&c| if c == b' ' { b'+' } else { c })
            .collect();
        let confirmed = app_sig.is_some_and(|a| a == back.as_slice());
        out.push(hint("signature-plus-as-space", "signature",
            format!("the Signature field '{}' has a space where base64 has '+'{}: it went through a URL query or a form-urlencoded decoder on its way to the form", show(&sent),
                if confirmed { " (the application server returned it with '+')" } else { "" }),
            "pass the signature to the form exactly as the application server returned it; if it travels in a URL, percent-encode it (encodeURIComponent)", Severity::Error));
    } else if !v4
        && sent.windows(3).any(|w| {
            w.eq_ignore_ascii_case(b"%2B")
                || w.eq_ignore_ascii_case(b"%2F")
                || w.eq_ignore_ascii_case(b"%3D")
        })
    {
        out.push(hint("signature-url-encoded", "signature",
            format!("the Signature field '{}' is URL-encoded: multipart values are sent as is, OSS does not decode them", show(&sent)),
            "put the signature into the form decoded, as the application server returned it", Severity::Error));
    } else if let Some(a) = app_sig.filter(|a| *a != sent.as_slice()) {
        out.push(hint("signature-differs-from-app", "signature",
            format!("the form's signature '{}' is not the one the application server returned ('{}'): the form pairs a policy with the signature of another response", show(&sent), show(a)),
            "send the policy and the signature of the same signature response", Severity::Error));
    }
    out
}

/// The region a host names (`bucket.oss-cn-hangzhou.aliyuncs.com` → `cn-hangzhou`).
fn host_region(req: Option<&Request>) -> Option<String> {
    classify_host(req?.host_name().as_deref()).2
}

fn v4_form_hints(a: &FormAuth, policy: Option<&Policy>, req: Option<&Request>) -> Vec<Hint> {
    let mut out = Vec::new();
    let sev = Severity::Error;
    let dl = a.dialect;
    let (alg, sig_f, cred_f, date_f, alg_f) = (
        dl.v4.algorithm,
        dl.v4.q_signature.to_ascii_lowercase(),
        dl.v4.q_credential.to_ascii_lowercase(),
        dl.v4.q_date.to_ascii_lowercase(),
        dl.v4.q_algorithm.to_ascii_lowercase(),
    );
    let term = dl.v4.terminator;
    let product = dl.product;
    if let Some((name, _)) = &a.signature {
        if !name.eq_ignore_ascii_case(&sig_f) {
            out.push(hint("post-v4-signature-field", "signature",
                format!("the V4 form sends its signature as '{name}': a V4 ({alg}) form must send it as '{sig_f}'{}", if dl.s3 { "" } else { " (EC 0002-00000705: the signature field does not match the version)" }),
                &format!("send the hex signature in the form field {sig_f}"), sev));
        }
    }
    match a.algorithm.as_deref() {
        Some(x) if x == alg => {}
        other => out.push(hint(
            "post-v4-version",
            &format!("form:{alg_f}"),
            format!(
                "{alg_f} is {}: a V4 form sends '{alg}'",
                other
                    .map(|o| format!("'{o}'"))
                    .unwrap_or_else(|| "missing".into())
            ),
            &format!("send {alg_f}={alg} (and put the same condition in the policy)"),
            sev,
        )),
    }
    if let (Some(p), Some(date)) = (policy, a.date.as_deref()) {
        if let Some(pd) = p.fixed(&date_f) {
            if pd != date {
                out.push(hint("post-v4-date-not-policy", &format!("form:{date_f}"),
                    format!("the form's {date_f} '{date}' is not the policy's {date_f} condition '{pd}': the server requires them equal, and the signing key's date comes from {cred_f}"),
                    &format!("send the {date_f} that was put into the policy when it was signed (one timestamp for both)"), sev));
            }
        }
    }
    if let (Some(p), Some(cr)) = (policy, a.credential_raw.as_deref()) {
        if let Some(pc) = p.fixed(&cred_f) {
            if pc != cr {
                out.push(hint(
                    "post-v4-credential-not-policy",
                    &format!("form:{cred_f}"),
                    format!(
                        "the form's {cred_f} '{cr}' is not the policy's {cred_f} condition '{pc}'"
                    ),
                    &format!("send the {cred_f} that was put into the policy when it was signed"),
                    sev,
                ));
            }
        }
    }
    if let Some(c) = &a.credential {
        if let Some(date) = a.date.as_deref().and_then(|d| d.get(..8)) {
            if c.date != date {
                out.push(hint("post-v4-scope-date", "scope.date",
                    format!("the credential's date '{}' is not the day of {date_f} '{}': the signing key is derived from the credential's date, which must be {date_f}'s UTC day", c.date, a.date.as_deref().unwrap_or("")),
                    &format!("take the credential's date from the same UTC timestamp as {date_f} (not a local date)"), sev));
            }
        }
        if let Some(r) = c.region.strip_prefix("oss-") {
            out.push(hint("post-v4-scope-region", "scope.region",
                format!("the credential's region is '{}': the signing region is the bare region id '{r}', without the 'oss-' endpoint prefix", c.region),
                &format!("use the region id (cn-hangzhou) in {cred_f} and in the signing key"), sev));
        } else if let Some(hr) = host_region(req).filter(|_| !dl.s3) {
            if !c.region.is_empty() && c.region != hr {
                out.push(hint("post-v4-scope-region", "scope.region",
                    format!("the credential names region '{}' but the form is posted to a '{hr}' host: OSS derives the signing key with the bucket's region", c.region),
                    &format!("sign with the bucket's region (the one in its endpoint) and put it into {cred_f}"), sev));
            }
        }
        if !c.product.is_empty() && c.product != product {
            out.push(hint(
                "post-v4-scope-product",
                "scope.product",
                format!(
                    "the credential's {} is '{}': {} signs with '{product}'",
                    if dl.s3 { "service" } else { "product" },
                    c.product,
                    if dl.s3 { "the server" } else { "OSS" }
                ),
                &format!("write the credential as AK/date/region/{product}/{term}"),
                sev,
            ));
        }
        if c.terminator != term {
            out.push(hint(
                "post-v4-scope-terminator",
                "scope.terminator",
                format!(
                    "the credential ends in '{}': it must end in '{term}'{}",
                    c.terminator,
                    if dl.s3 { "" } else { " (EC 0002-00000710)" }
                ),
                &format!("write the credential as AK/date/region/{product}/{term}"),
                sev,
            ));
        }
    }
    out
}

// ------------------------------------------------------------------ with the secret

/// One signing key to try: V1 a secret variant; V4 a secret variant with a date and region.
struct Key {
    what: String,
    /// The scope field the variant changes (V4), for the hint.
    field: Option<&'static str>,
    v1: Option<zeroize::Zeroizing<Vec<u8>>>,
    v4: Option<zeroize::Zeroizing<[u8; 32]>>,
    /// 0 = the secret as given with the form's own scope.
    rank: u8,
}

impl Key {
    fn sign(&self, text: &[u8]) -> String {
        match (&self.v1, &self.v4) {
            (Some(k), _) => post::sign_v1(k, text),
            (None, Some(k)) => v4::signature(k, text),
            (None, None) => String::new(),
        }
    }
}

fn day_shift(date: &str, days: i64) -> Option<String> {
    let t = crate::clock::parse_time(&format!("{date}T000000Z"))?;
    crate::clock::iso_basic(t + days * 86400)
        .get(..8)
        .map(str::to_string)
}

fn keys(
    v4: bool,
    dl: &post::FormDialect,
    secret: &Secret,
    scope: Option<(&str, &str, Option<&str>)>,
) -> Vec<Key> {
    let variants = crate::secret::verify::secret_variants(secret.expose());
    let mut out = Vec::new();
    for (k, (label, sk)) in variants.iter().enumerate() {
        let base_rank = if k == 0 { 0 } else { 2 };
        if !v4 {
            out.push(Key {
                what: if label.is_empty() {
                    String::new()
                } else {
                    format!("signed with {label}")
                },
                field: None,
                v1: Some(sk.clone()),
                v4: None,
                rank: base_rank,
            });
            continue;
        }
        let Some((date, region, ts)) = scope else {
            continue;
        };
        let mut scopes: Vec<(String, String, Option<&'static str>, String)> =
            vec![(date.to_string(), region.to_string(), None, String::new())];
        if k == 0 {
            if let Some(r) = region.strip_prefix("oss-") {
                scopes.push((date.into(), r.into(), Some("scope.region"), format!("derived the signing key with region '{r}' (the credential says '{region}')")));
            } else {
                scopes.push((date.into(), format!("oss-{region}"), Some("scope.region"), format!("derived the signing key with region 'oss-{region}' (the endpoint's prefix kept) instead of '{region}'")));
            }
            for r in crate::secret::edits::REGIONS
                .iter()
                .filter(|r| **r != region)
            {
                scopes.push((
                    date.into(),
                    r.to_string(),
                    Some("scope.region"),
                    format!("derived the signing key with region '{r}' instead of '{region}'"),
                ));
            }
            let mut dates: Vec<(String, String)> = Vec::new();
            for s in [-1i64, 1] {
                if let Some(x) = day_shift(date, s) {
                    dates.push((x.clone(), format!("derived the signing key with the date '{x}', a day {} the credential's '{date}'", if s < 0 { "before" } else { "after" })));
                }
            }
            if let Some(t) = ts.and_then(crate::clock::parse_time) {
                let local = crate::clock::iso_basic(t + 8 * 3600);
                if let Some(l) = local.get(..8).filter(|l| *l != date) {
                    dates.insert(0, (l.to_string(), format!("derived the signing key with the UTC+8 local date '{l}' instead of the UTC date '{date}'")));
                }
            }
            let mut seen = vec![date.to_string()];
            for (dd, what) in dates {
                if seen.contains(&dd) {
                    continue;
                }
                seen.push(dd.clone());
                scopes.push((dd, region.to_string(), Some("scope.date"), what));
            }
        }
        for (dd, rr, field, what) in scopes {
            let key = v4::signing_key_with(dl.v4, sk, &dd, &rr, dl.product);
            let what = match (label.is_empty(), what.is_empty()) {
                (true, _) => what,
                (false, true) => format!("signed with {label}"),
                (false, false) => format!("signed with {label}, and {what}"),
            };
            out.push(Key {
                what,
                field,
                v1: None,
                v4: Some(zeroize::Zeroizing::new(key)),
                rank: if field.is_some() { 1 } else { base_rank },
            });
        }
    }
    out.sort_by_key(|k| k.rank);
    out
}

/// What the client may have signed instead of the policy text `base`.
fn texts(base: &[u8]) -> Vec<(Vec<u8>, String)> {
    let mut out: Vec<(Vec<u8>, String)> = Vec::new();
    let mut add = |t: Vec<u8>, w: &str| {
        if t != base && !out.iter().any(|(x, _)| *x == t) {
            out.push((t, w.to_string()));
        }
    };
    add(
        [base, b"\n"].concat(),
        "signed the policy with a trailing newline",
    );
    add(
        [base, b"\r\n"].concat(),
        "signed the policy with a trailing CRLF",
    );
    let Some(json) = post::decode_lenient(base) else {
        return out;
    };
    let b64 = |t: &[u8]| post::encode(t).into_bytes();
    add(
        json.clone(),
        "signed the policy JSON text itself, not its base64",
    );
    add(
        [&json[..], b"\n"].concat(),
        "signed the policy JSON text with a trailing newline, not its base64",
    );
    add(
        b64(&[&json[..], b"\n"].concat()),
        "signed the base64 of the policy JSON with a trailing newline",
    );
    let clean = post::encode(&json);
    add(
        clean.clone().into_bytes(),
        "signed the policy's base64 before it was damaged on its way to the form",
    );
    let wrap = |w: usize| -> Vec<u8> {
        let mut v = Vec::new();
        for (i, ch) in clean.as_bytes().chunks(w).enumerate() {
            if i > 0 {
                v.push(b'\n');
            }
            v.extend_from_slice(ch);
        }
        v
    };
    add(
        wrap(76),
        "signed the base64 wrapped into 76-character lines (MIME base64)",
    );
    add([wrap(76), b"\n".to_vec()].concat(), "signed the base64 wrapped into 76-character lines with a final newline (Python base64.encodebytes)");
    add(
        wrap(64),
        "signed the base64 wrapped into 64-character lines (openssl base64)",
    );
    add(
        [wrap(64), b"\n".to_vec()].concat(),
        "signed the base64 wrapped into 64-character lines with a final newline",
    );
    add(
        clean.trim_end_matches('=').as_bytes().to_vec(),
        "signed the base64 without its '=' padding",
    );
    add(
        clean.replace('+', "-").replace('/', "_").into_bytes(),
        "signed the URL-safe base64 of the policy",
    );
    if let Some(tokens) = post::json_tokens(&json) {
        let compact = tokens.concat();
        let py = python_dumps(&tokens);
        let pretty2 = pretty(&tokens, 2);
        let pretty4 = pretty(&tokens, 4);
        for (t, what) in [
            (&compact, "compact JSON"),
            (
                &py,
                "JSON with ', ' and ': ' separators (Python json.dumps)",
            ),
            (&pretty2, "pretty-printed JSON (2-space indent)"),
            (&pretty4, "pretty-printed JSON (4-space indent)"),
        ] {
            add(b64(t), &format!("signed the base64 of a {what} re-serialization of the policy, not the text sent"));
            add(
                t.clone(),
                &format!("signed the {what} text of the policy itself, not its base64"),
            );
        }
    }
    out
}

/// `json.dumps(v)` with Python's default separators (`, `, `: `).
fn python_dumps(tokens: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for t in tokens {
        out.extend_from_slice(t);
        if *t == b"," || *t == b":" {
            out.push(b' ');
        }
    }
    out
}

/// Pretty-printed as `JSON.stringify(v, null, n)` and `json.dumps(v, indent=n)` write it.
fn pretty(tokens: &[&[u8]], n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let nl = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.extend(std::iter::repeat_n(b' ', depth * n));
    };
    let mut k = 0;
    while k < tokens.len() {
        let t = tokens[k];
        if t == b"{" || t == b"[" {
            let close: &[u8] = if t == b"{" { b"}" } else { b"]" };
            out.extend_from_slice(t);
            if tokens.get(k + 1) == Some(&close) {
                out.extend_from_slice(close);
                k += 2;
                continue;
            }
            depth += 1;
            nl(&mut out, depth);
        } else if t == b"}" || t == b"]" {
            depth = depth.saturating_sub(1);
            nl(&mut out, depth);
            out.extend_from_slice(t);
        } else if t == b"," {
            out.push(b',');
            nl(&mut out, depth);
        } else if t == b":" {
            out.extend_from_slice(b": ");
        } else {
            out.extend_from_slice(t);
        }
        k += 1;
    }
    out
}

fn search(
    v4: bool,
    d: &mut Diagnosis,
    req: Option<&Request>,
    secret: &Secret,
    opts: &SearchOptions,
) {
    let fa = form_auth(req);
    let provided = d
        .error
        .as_ref()
        .and_then(|e| e.signature_provided.clone())
        .or_else(|| {
            fa.as_ref()
                .and_then(|a| a.signature.as_ref())
                .map(|s| String::from_utf8_lossy(&s.1).into_owned())
        })
        .map(|p| p.trim().to_string());
    let Some(provided) = provided.filter(|p| !p.is_empty()) else {
        return;
    };
    // A '+' turned into a space on the way: compare with what was meant.
    let provided = if v4 {
        provided.to_ascii_lowercase()
    } else {
        provided.replace(' ', "+")
    };
    let Some(base) = d
        .server_string
        .clone()
        .or_else(|| fa.as_ref().map(|a| a.policy.clone()))
        .or_else(|| d.client_string.clone())
    else {
        return;
    };
    let policy = policy_any(&base);
    let scope_from_policy = policy
        .as_ref()
        .and_then(|p| {
            p.fixed(&post::OSS_FORM.v4.q_credential.to_ascii_lowercase())
                .or_else(|| p.fixed(&post::S3_FORM.v4.q_credential.to_ascii_lowercase()))
        })
        .map(|c| v4::Credential::parse(&c));
    let cred = fa
        .as_ref()
        .and_then(|a| a.credential.clone())
        .or(scope_from_policy);
    let ts = fa.as_ref().and_then(|a| a.date.clone()).or_else(|| {
        policy.as_ref().and_then(|p| {
            p.fixed(post::OSS_FORM.v4.q_date)
                .or_else(|| p.fixed(post::S3_FORM.v4.q_date))
        })
    });
    if v4 && cred.is_none() {
        d.notes.push("no x-oss-credential in the form or the policy: the V4 signing key cannot be derived, so the secret cannot be checked".into());
        return;
    }
    let scope = cred
        .as_ref()
        .map(|c| (c.date.as_str(), c.region.as_str(), ts.as_deref()));
    let dl = dialect_of(fa.as_ref(), None, Some(&base));
    let keys = keys(v4, dl, secret, scope);
    let started = Started::now();
    let mut tried: u64 = 0;
    let mut found: Option<(usize, Vec<u8>, String)> = None;
    let mut cands: Vec<(Vec<u8>, String)> = vec![(base.clone(), String::new())];
    if let Some(c) = d.client_string.clone().filter(|c| *c != base) {
        cands.push((c, "the client's string".into()));
    }
    cands.extend(texts(&base));
    let total = (keys.len() * cands.len()) as u64;
    'outer: for (ki, k) in keys.iter().enumerate() {
        // Scope and whitespace variants are tried on the policy as sent only.
        let n = if k.rank == 0 {
            cands.len()
        } else {
            1.min(cands.len())
        };
        for (t, what) in cands.iter().take(n) {
            if tried >= opts.limit {
                break 'outer;
            }
            tried += 1;
            if k.sign(t) == provided {
                found = Some((ki, t.clone(), what.clone()));
                break 'outer;
            }
        }
    }
    let o = Outcome {
        found: None,
        tried,
        total,
        truncated: tried >= opts.limit && found.is_none(),
        stages: vec![],
    };
    d.search = Some(SearchStats::of(&o, found.is_some(), started));
    d.hints.retain(|h| h.id != "secret-differs");
    let Some((ki, text, what)) = found else {
        d.hints.push(Hint {
            id: "secret-search-no-match",
            field: None,
            message: format!("with the secret given, none of {tried} candidates (the policy as received, the JSON text, re-serialized and wrapped base64, trailing newlines{}, the secret with whitespace around it) signs to the signature sent: most likely the client signed with another secret (check that it belongs to this AccessKeyId){}",
                if v4 { ", other regions and dates a day off" } else { "" },
                if o.truncated { format!(". The search stopped at --search-limit {}", opts.limit) } else { String::new() }),
            fix: Some("check the AccessKeySecret, or give the string your client signed with --client-string".into()),
            severity: Severity::Info,
        });
        return;
    };
    let k = &keys[ki];
    let server = d.server_string.clone();
    if text == base && k.rank == 0 && server.is_some() {
        let ak = d
            .error
            .as_ref()
            .and_then(|e| e.access_key_id.clone())
            .unwrap_or_else(|| "this AccessKeyId".into());
        d.hints.push(Hint {
            id: "secret-signs-server-string",
            field: None,
            message: format!("with the secret given, the policy OSS received signs to the signature sent: the client signed exactly what OSS expected, with this secret. So OSS holds a different secret for AccessKeyId {ak} (the key was rotated, or the AccessKeyId and secret come from different users)"),
            fix: Some("use the AccessKeySecret that belongs to this AccessKeyId (RAM console), or the AccessKeyId that belongs to this secret".into()),
            severity: Severity::Warning,
        });
        return;
    }
    if server.is_none() && text == base && k.rank == 0 {
        d.hints.push(Hint {
            id: "secret-confirms-client-string",
            field: None,
            message: "with the secret given, the form's signature is right for its policy".into(),
            fix: None,
            severity: Severity::Info,
        });
        return;
    }
    // The client's side is now the string found; rows, verdict and culprits follow it.
    let old: Vec<&'static str> = CATALOG.iter().map(|(i, _)| *i).collect();
    d.hints
        .retain(|h| !old.contains(&h.id) || h.field.as_deref() != Some("policy") || text == base);
    d.client_source = Some(ClientSource::SecretSearch);
    d.client_string = Some(text.clone());
    if let Some(s) = &server {
        d.rows = align::align(&split(s), &split(&text));
        if *s == text {
            d.verdict = Verdict::Identical;
            d.culprits.clear();
        } else {
            d.verdict = Verdict::Mismatch;
            d.culprits = ranked(&d.rows);
            if d.culprits.is_empty() {
                d.culprits = vec!["policy".into()];
            }
        }
    }
    let mut parts: Vec<String> = Vec::new();
    if !k.what.is_empty() {
        parts.push(k.what.clone());
    }
    if !what.is_empty() {
        parts.push(what.clone());
    }
    let field = k
        .field
        .map(str::to_string)
        .or_else(|| d.culprits.first().cloned())
        .unwrap_or_else(|| "policy".into());
    d.hints.insert(0, Hint {
        id: if k.rank == 2 { "secret-whitespace" } else { "secret-search-found" },
        field: Some(field),
        message: format!("with the secret given, ossdiag found what the client signed ({} after {tried} candidates): the client {}", if v4 { "its HMAC-SHA256 equals the signature sent" } else { "its HMAC-SHA1 equals the signature sent" }, parts.join("; and it ")),
        fix: Some(if k.rank == 2 { "strip whitespace and newlines from the AccessKeySecret where it is read (environment, file, config)".into() } else if v4 { "sign the base64 policy exactly as it is put in the form, with the signing key of x-oss-credential's UTC date and the bucket's region id".into() } else { "sign the base64 policy exactly as it is put in the form".into() }),
        severity: Severity::Error,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::gather;

    fn run(text: &str) -> Diagnosis {
        let ev = gather(&[("-".into(), text.as_bytes().to_vec())]);
        crate::diagnose::diagnose(&ev).remove(0)
    }

    const P: &str = "eyJleHBpcmF0aW9uIjoiMjAyNC0wMS0wMlQwMDowMDowMC4wMDBaIiwiY29uZGl0aW9ucyI6W1siY29udGVudC1sZW5ndGgtcmFuZ2UiLDAsMTA0ODU3NjAwMF0seyJidWNrZXQiOiJleGFtcGxlYnVja2V0In1dfQ==";

    /// A policy whose base64 has a '+'.
    const PLUS: &str = "eyJleHBpcmF0aW9uIjoiMjAyNC0wMS0wMlQwMDowMDowMC4wMDBaIiwiY29uZGl0aW9ucyI6W1sic3RhcnRzLXdpdGgiLCIka2V5IiwiPj4+Il0seyJidWNrZXQiOiJleGFtcGxlYnVja2V0In1dfQ==";

    fn err(sts: &str, sig: &str) -> String {
        format!("<Error><Code>SignatureDoesNotMatch</Code><OSSAccessKeyId>AK</OSSAccessKeyId><SignatureProvided>{sig}</SignatureProvided><StringToSign>{sts}</StringToSign></Error>")
    }

    #[test]
    fn server_policy_is_post_v1() {
        let d = run(&err(P, "GSrt6s6VWnl4zY9tt3U5LLQsYaM="));
        assert_eq!(d.version, Some(SigVersion::PostV1));
        assert_eq!(d.auth, Some(AuthKind::Form));
        assert!(d.rows.iter().any(|r| r.name == "policy.condition:1"));
    }

    #[test]
    fn plus_as_space_against_the_app_server() {
        let p = PLUS;
        let damaged = p.replace('+', " ");
        let app = format!("{{\"accessid\":\"AK\",\"policy\":\"{p}\",\"signature\":\"GSrt6s6VWnl4zY9tt3U5LLQsYaM=\"}}");
        let d = run(&format!(
            "{}\n{app}\n",
            err(&damaged, "GSrt6s6VWnl4zY9tt3U5LLQsYaM=")
        ));
        assert_eq!(d.verdict, Verdict::Mismatch);
        assert_eq!(d.culprits, vec!["policy".to_string()]);
        assert!(
            d.hints.iter().any(|h| h.id == "policy-plus-as-space"),
            "{:?}",
            d.hints
        );
    }

    /// A V1 or V4 form as raw HTTP, with its fields in this order.
    fn form(host: &str, fields: &[(&str, &str)]) -> String {
        let mut t = format!("POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: multipart/form-data; boundary=ZZ\r\n\r\n");
        for (k, v) in fields {
            t.push_str(&format!(
                "--ZZ\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
            ));
        }
        t.push_str("--ZZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nx\r\n--ZZ--\r\n");
        t
    }

    #[test]
    fn every_catalogued_hint_has_a_case() {
        const H: &str = "b.oss-cn-hangzhou.aliyuncs.com";
        let p4json = r#"{"expiration":"2024-01-02T00:00:00.000Z","conditions":[{"x-oss-signature-version":"OSS4-HMAC-SHA256"},{"x-oss-credential":"AK/20240101/cn-hangzhou/oss/aliyun_v4_request"},{"x-oss-date":"20240101T000000Z"}]}"#;
        let p4 = post::encode(p4json.as_bytes());
        let other = post::encode(br#"{"expiration":"2030-01-01T00:00:00.000Z","conditions":[]}"#);
        let v4 = |cred: &str, date: &str, ver: &str, sig: &str| {
            form(
                H,
                &[
                    ("policy", &p4),
                    ("x-oss-signature-version", ver),
                    ("x-oss-credential", cred),
                    ("x-oss-date", date),
                    (sig, "ab12"),
                ],
            )
        };
        let cred = "AK/20240101/cn-hangzhou/oss/aliyun_v4_request";
        let app = |p: &str, sig: &str| {
            format!("{{\"accessid\":\"AK\",\"policy\":\"{p}\",\"signature\":\"{sig}\"}}")
        };
        let cases: Vec<(&str, String)> = vec![
            (
                "policy-plus-as-space",
                format!("{}\n{}", err(&PLUS.replace('+', " "), "s"), app(PLUS, "s")),
            ),
            (
                "policy-base64-wrapped",
                format!(
                    "{}\n{}",
                    err(&format!("{}\n{}", &P[..40], &P[40..]), "s"),
                    app(P, "s")
                ),
            ),
            (
                "policy-url-encoded",
                format!("{}\n{}", err(&P.replace('=', "%3D"), "s"), app(P, "s")),
            ),
            (
                "policy-trailing-newline",
                format!(
                    "{}\n{}",
                    form(
                        H,
                        &[
                            ("policy", &format!("{P}\n")),
                            ("OSSAccessKeyId", "AK"),
                            ("Signature", "s")
                        ]
                    ),
                    app(P, "s")
                ),
            ),
            (
                "policy-reserialized",
                format!(
                    "{}\n{}",
                    err(
                        &post::encode(
                            b"{\"expiration\": \"2024-01-02T00:00:00.000Z\", \"conditions\": []}"
                        ),
                        "s"
                    ),
                    app(
                        &post::encode(
                            br#"{"expiration":"2024-01-02T00:00:00.000Z","conditions":[]}"#
                        ),
                        "s"
                    )
                ),
            ),
            (
                "policy-differs",
                format!("{}\n{}", err(P, "s"), app(&other, "s")),
            ),
            (
                "form-changed-in-transit",
                format!(
                    "{}\n{}",
                    form(
                        H,
                        &[
                            ("policy", &other),
                            ("OSSAccessKeyId", "AK"),
                            ("Signature", "s")
                        ]
                    ),
                    err(P, "s")
                ),
            ),
            (
                "signature-plus-as-space",
                form(
                    H,
                    &[
                        ("policy", P),
                        ("OSSAccessKeyId", "AK"),
                        ("Signature", "ab cd="),
                    ],
                ),
            ),
            (
                "signature-url-encoded",
                form(
                    H,
                    &[
                        ("policy", P),
                        ("OSSAccessKeyId", "AK"),
                        ("Signature", "ab%2Bcd%3D"),
                    ],
                ),
            ),
            (
                "signature-differs-from-app",
                format!(
                    "{}\n{}",
                    form(
                        H,
                        &[
                            ("policy", P),
                            ("OSSAccessKeyId", "AK"),
                            ("Signature", "abcd=")
                        ]
                    ),
                    app(P, "efgh=")
                ),
            ),
            (
                "post-v4-signature-field",
                v4(cred, "20240101T000000Z", "OSS4-HMAC-SHA256", "Signature"),
            ),
            (
                "post-v4-date-not-policy",
                v4(
                    cred,
                    "20240101T000100Z",
                    "OSS4-HMAC-SHA256",
                    "x-oss-signature",
                ),
            ),
            (
                "post-v4-credential-not-policy",
                v4(
                    "AK/20240101/cn-shanghai/oss/aliyun_v4_request",
                    "20240101T000000Z",
                    "OSS4-HMAC-SHA256",
                    "x-oss-signature",
                ),
            ),
            (
                "post-v4-scope-date",
                v4(
                    "AK/20240102/cn-hangzhou/oss/aliyun_v4_request",
                    "20240101T000000Z",
                    "OSS4-HMAC-SHA256",
                    "x-oss-signature",
                ),
            ),
            (
                "post-v4-scope-region",
                v4(
                    "AK/20240101/oss-cn-hangzhou/oss/aliyun_v4_request",
                    "20240101T000000Z",
                    "OSS4-HMAC-SHA256",
                    "x-oss-signature",
                ),
            ),
            (
                "post-v4-scope-product",
                v4(
                    "AK/20240101/cn-hangzhou/s3/aliyun_v4_request",
                    "20240101T000000Z",
                    "OSS4-HMAC-SHA256",
                    "x-oss-signature",
                ),
            ),
            (
                "post-v4-scope-terminator",
                v4(
                    "AK/20240101/cn-hangzhou/oss/aws4_request",
                    "20240101T000000Z",
                    "OSS4-HMAC-SHA256",
                    "x-oss-signature",
                ),
            ),
            (
                "post-v4-version",
                v4(cred, "20240101T000000Z", "OSS2", "x-oss-signature"),
            ),
            (
                "post-v1-fields-missing",
                form(H, &[("policy", P), ("OSSAccessKeyId", "AK")]),
            ),
            (
                "policy-document-invalid",
                err(
                    &post::encode(
                        br#"{"expiration":["2024-01-02T00:00:00Z"],"conditions":{"bucket":["b"]}}"#,
                    ),
                    "GSrt6s6VWnl4zY9tt3U5LLQsYaM=",
                ),
            ),
        ];
        for (id, _) in CATALOG {
            assert!(cases.iter().any(|(c, _)| c == id), "no case for {id}");
        }
        for (id, text) in &cases {
            let d = run(text);
            let ids: Vec<&str> = d.hints.iter().map(|h| h.id).collect();
            assert!(ids.contains(id), "{id}: got {ids:?}");
            assert!(
                matches!(d.version, Some(SigVersion::PostV1 | SigVersion::PostV4)),
                "{id}"
            );
            for h in &d.hints {
                assert!(
                    CATALOG.iter().any(|(c, _)| *c == h.id)
                        || ["secret-differs", "next-step"].contains(&h.id),
                    "{id}: uncatalogued hint {}",
                    h.id
                );
            }
        }
    }

    #[test]
    fn version_from_the_signature_shape_and_the_policy() {
        // A V1-looking policy with a 64-hex signature is V4, and the reverse.
        let d = run(&err(
            P,
            "6384c216d596c5f30455c8e880c419a4d19e5fde95f80e50e0270de1b8c011db",
        ));
        assert_eq!(d.version, Some(SigVersion::PostV4));
        let p4 = post::encode(br#"{"expiration":"2024-01-02T00:00:00Z","conditions":{"x-amz-credential":["AK/20240101/us-east-1/s3/aws4_request"]}}"#);
        let d = run(&err(&p4, "GSrt6s6VWnl4zY9tt3U5LLQsYaM="));
        assert_eq!(d.version, Some(SigVersion::PostV1));
        let d = run(&err(&p4, "x"));
        assert_eq!(d.version, Some(SigVersion::PostV4));
        assert_eq!(d.dialect, Some("S3-style"));
        let ids: Vec<(&str, Option<&str>)> =
            d.hints.iter().map(|h| (h.id, h.field.as_deref())).collect();
        assert!(
            ids.contains(&("policy-document-invalid", Some("policy"))),
            "{ids:?}"
        );
        // An S3 V4 form: its names are read through the AWS4 dialect.
        let f = form(
            "b.s3.amazonaws.com",
            &[
                ("Policy", &p4),
                ("X-Amz-Credential", "AK/20240101/us-east-1/oss/aws4_request"),
                ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
                ("X-Amz-Date", "20240101T000000Z"),
                ("X-Amz-Signature", "ab12"),
            ],
        );
        let d = run(&f);
        assert_eq!(d.version, Some(SigVersion::PostV4));
        assert_eq!(d.dialect, Some("S3-style"));
        let ids: Vec<&str> = d.hints.iter().map(|h| h.id).collect();
        assert!(ids.contains(&"post-v4-scope-product"), "{ids:?}");
        assert!(!ids.contains(&"post-v4-version"), "{ids:?}");
    }

    #[test]
    fn damage_is_named() {
        let wrapped = format!("{}\n{}", &P[..76], &P[76..]);
        assert_eq!(
            damage(wrapped.as_bytes(), P.as_bytes()).unwrap().0,
            "policy-base64-wrapped"
        );
        let enc = P.replace('=', "%3D");
        assert_eq!(
            damage(enc.as_bytes(), P.as_bytes()).unwrap().0,
            "policy-url-encoded"
        );
        assert_eq!(
            damage(format!("{P}\n").as_bytes(), P.as_bytes()).unwrap().0,
            "policy-trailing-newline"
        );
        assert_eq!(
            self_evident_damage(enc.as_bytes())[0].id,
            "policy-url-encoded"
        );
        assert!(self_evident_damage(P.as_bytes()).is_empty());
        assert_eq!(day_shift("20240301", -1).as_deref(), Some("20240229"));
    }
}
