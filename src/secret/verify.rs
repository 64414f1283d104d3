//! Verify the signatures with the secret, then search; and the V4 hash search without it.

use super::edits::{self, Extra};
use super::hmac::{self, Mid, Sha1Key, Sha256Key};
use super::search::{self, Check, Outcome, Space};
use super::{request_of, SearchOptions, Secret};
use crate::bytes::visible;
use crate::diagnose::{
    self, align, fields, hints, ClientSource, Diagnosis, Hint, Severity, Verdict,
};
use crate::input::Evidence;
use crate::request::Request;
use base64::Engine as _;

fn hint(
    id: &'static str,
    field: Option<&str>,
    message: String,
    fix: Option<&str>,
    sev: Severity,
) -> Hint {
    Hint {
        id,
        field: field.map(str::to_string),
        message,
        fix: fix.map(str::to_string),
        severity: sev,
    }
}

/// The secret as the client may have held it: with surrounding whitespace, a trailing
/// newline, quotes. (label, bytes); the first is the secret as given.
pub(crate) fn secret_variants(s: &[u8]) -> Vec<(String, zeroize::Zeroizing<Vec<u8>>)> {
    let mut out: Vec<(String, zeroize::Zeroizing<Vec<u8>>)> = Vec::new();
    let mut add = |label: &str, pre: &[u8], body: &[u8], post: &[u8]| {
        let mut v =
            zeroize::Zeroizing::new(Vec::with_capacity(pre.len() + body.len() + post.len()));
        v.extend_from_slice(pre);
        v.extend_from_slice(body);
        v.extend_from_slice(post);
        if !out.iter().any(|(_, x)| **x == *v) {
            out.push((label.to_string(), v));
        }
    };
    add("", b"", s, b"");
    let t = s.trim_ascii();
    if t != s {
        add("the secret without its surrounding whitespace", b"", t, b"");
    }
    for (pre, post, label) in [
        (&b""[..], &b"\n"[..], "the secret with a trailing newline"),
        (b"", b"\r\n", "the secret with a trailing CRLF"),
        (b"", b" ", "the secret with a trailing space"),
        (b" ", b"", "the secret with a leading space"),
        (b" ", b" ", "the secret with spaces around it"),
        (b"", b"\t", "the secret with a trailing tab"),
        (b"\t", b"", "the secret with a leading tab"),
        (b"\"", b"\"", "the secret in double quotes"),
        (b"'", b"'", "the secret in single quotes"),
        (b"", b"\r", "the secret with a trailing \\r"),
        (b"", b"%", "the secret with a '%' at its end (as zsh shows a value printed without a final newline)"),
    ] {
        add(label, pre, t, post);
    }
    out
}

/// The signature the captured request carries (V1 header/URL, V4 header/URL).
fn request_signature(r: &Request) -> Option<String> {
    if let Some(a) = r.header("authorization") {
        let a = a.trim();
        if let Some(rest) = a.strip_prefix("OSS ") {
            return rest.rsplit_once(':').map(|(_, s)| s.trim().to_string());
        }
        if let Some(p) = crate::sign::v4::parse_authorization(a) {
            return p.signature;
        }
    }
    for name in ["Signature", "x-oss-signature"] {
        if let Some(v) = r.query_value(name) {
            return Some(String::from_utf8_lossy(&v).into_owned());
        }
    }
    None
}

fn extra_of(r: Option<&Request>, d: &Diagnosis) -> Extra {
    let mut x = Extra::default();
    if let Some(r) = r {
        x.headers = r.headers.clone();
        x.query = r
            .raw_query_pairs()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
            .collect();
        x.host = r.host.clone();
    }
    if x.host.is_none() {
        x.host = d.error.as_ref().and_then(|e| e.host_id.clone());
    }
    x
}

fn words(s: &Space, p: &search::Pick, variant: &str) -> (String, Vec<String>) {
    let mut parts: Vec<String> = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    if !variant.is_empty() {
        parts.push(format!("signed with {variant}"));
    }
    for &i in &p.edits {
        parts.push(s.edits[i].what.clone());
        fields.push(s.edits[i].field.clone());
    }
    if let Some(g) = p.global {
        parts.push(g.what().to_string());
    }
    (parts.join("; and it "), fields)
}

fn exhausted(o: &Outcome, opts: &SearchOptions, what: &str) -> Hint {
    let mut msg = format!(
        "with the secret given, none of {} candidate strings ({what}) signs to SignatureProvided: most likely the client signed with another secret (check that it belongs to this AccessKeyId), or its mistake is outside the searched space",
        o.tried
    );
    if !o.stages.is_empty() {
        msg.push_str(&format!(". Searched: {}", o.searched()));
    }
    if o.truncated {
        msg.push_str(&format!(
            ". The search stopped at --search-limit {} of {} candidates; raise --search-limit to try them all",
            opts.limit, o.total
        ));
    }
    hint(
        "secret-search-no-match",
        None,
        msg,
        Some(
            "check the AccessKeySecret, or give the string your client signed with --client-string",
        ),
        Severity::Info,
    )
}

fn other_secret(ak: &str, what: &str) -> Hint {
    hint(
        "secret-signs-server-string",
        None,
        format!("with the secret given, {what} signs to SignatureProvided: the client signed exactly what OSS expected, with this secret. So OSS holds a different secret for AccessKeyId {ak} (the key was rotated, or the AccessKeyId and secret come from different users)"),
        Some("use the AccessKeySecret that belongs to this AccessKeyId (RAM console), or the AccessKeyId that belongs to this secret"),
        Severity::Warning,
    )
}

/// Verify and search every diagnosis that has a server string and a SignatureProvided.
pub fn apply(ds: &mut [Diagnosis], ev: &Evidence, secret: &Secret, opts: &SearchOptions) {
    for d in ds.iter_mut() {
        let req = request_of(d, ev);
        if let Some(s) = d.version.and_then(crate::scheme::by_id) {
            s.with_secret(d, req, secret, opts);
        }
    }
}

/// A scheme's signer: (secret, string to sign) → the signature as sent, if it can sign it.
#[allow(dead_code)]
pub(crate) type Signer<'a> = &'a dyn Fn(&[u8], &[u8]) -> Option<String>;

/// Verification alone, for a scheme whose search is not written yet: does the secret sign
/// the server's string, or the client's, to SignatureProvided?
#[allow(dead_code)] // for schemes that verify without a search (PostObject, in progress)
pub(crate) fn plain(d: &mut Diagnosis, secret: &Secret, sign: Signer) {
    let Some(provided) = d
        .error
        .as_ref()
        .and_then(|e| e.signature_provided.clone())
        .map(|p| p.trim().to_string())
    else {
        return;
    };
    let ak = d
        .error
        .as_ref()
        .and_then(|e| e.access_key_id.clone())
        .unwrap_or_else(|| "(unknown)".into());
    for (label, sk) in secret_variants(secret.expose()) {
        let what = if label.is_empty() {
            String::new()
        } else {
            format!(" ({label})")
        };
        if let Some(s) = d.server_string.as_deref() {
            if sign(&sk, s).as_deref() == Some(provided.as_str()) {
                d.hints
                    .push(other_secret(&ak, &format!("the server's string{what}")));
                return;
            }
        }
        if let Some(c) = d.client_string.as_deref() {
            if sign(&sk, c).as_deref() == Some(provided.as_str()) {
                d.hints.push(hint(
                    "secret-confirms-client-string",
                    None,
                    format!("with the secret given{what}, the client's string signs to SignatureProvided: it is exactly what the client signed, so the differences shown are the client's mistakes"),
                    Some("make the client sign what the server expects (the fields shown)"),
                    Severity::Info,
                ));
                return;
            }
        }
    }
    d.hints.push(hint(
        "secret-search-no-match",
        None,
        "with the secret given, neither the server's string nor the client's signs to SignatureProvided; for this signature scheme ossdiag verifies but does not yet search for the client's mistake".into(),
        Some("check the AccessKeySecret, or give the string your client signed with --client-string"),
        Severity::Info,
    ));
}

// ------------------------------------------------------------------ V1

struct V1Check {
    key: Sha1Key,
    target: [u8; 20],
    /// The target as SHA-1 state words (what the lanes compare).
    words: [u32; 5],
}

impl V1Check {
    fn new(secret: &[u8], target: [u8; 20]) -> V1Check {
        V1Check {
            key: Sha1Key::new(secret),
            target,
            words: hmac::sha1_words(&target),
        }
    }
}

impl Check for V1Check {
    type M = Mid<5>;
    type Batch = hmac::Sha1Batch;
    fn mids(&self, msg: &[u8], out: &mut Vec<Mid<5>>) {
        out.clear();
        let n = msg.len() / 64;
        for k in 0..=n {
            out.push(self.key.mid(&msg[..k * 64]));
        }
    }
    #[inline]
    fn check(&self, mids: &[Mid<5>], msg: &[u8], first: usize) -> bool {
        let k = (first / 64).min(mids.len().saturating_sub(1));
        match mids.get(k) {
            Some(m) => self.key.mac_from(m, msg) == self.target,
            None => self.key.mac(msg) == self.target,
        }
    }
    #[inline]
    fn push(
        &self,
        b: &mut hmac::Sha1Batch,
        mids: &[Mid<5>],
        parts: [&[u8]; 3],
        first: usize,
        tag: usize,
    ) -> Option<usize> {
        let m = mids.get(first / 64).or(mids.last())?;
        let t = &self.words;
        b.push(&self.key, m, parts, tag, &mut |_, w| w == t)
    }
    fn drain(&self, b: &mut hmac::Sha1Batch) -> Option<usize> {
        let t = &self.words;
        b.drain(&self.key, &mut |_, w| w == t)
    }
}

/// The AccessKeyId as reports name it.
fn access_key_label(d: &Diagnosis) -> String {
    d.error
        .as_ref()
        .and_then(|e| e.access_key_id.clone())
        .unwrap_or_else(|| "this AccessKeyId".into())
}

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

/// The MAC of a line-model scheme: base64 of HMAC-SHA1 (OSS V1, S3 V2) or of HMAC-SHA256
/// (OSS2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mac {
    Sha1,
    Sha256,
}

impl Mac {
    fn sign(self, key: &[u8], msg: &[u8]) -> String {
        match self {
            Mac::Sha1 => b64(&Sha1Key::new(key).mac(msg)),
            Mac::Sha256 => b64(&Sha256Key::new(key).mac(msg)),
        }
    }
    fn name(self) -> &'static str {
        match self {
            Mac::Sha1 => "HMAC-SHA1",
            Mac::Sha256 => "HMAC-SHA256",
        }
    }
}

/// What a line-model scheme supplies to the search: its line model, its MAC, and how its
/// strings split into named fields.
pub struct LineScheme {
    pub lines: edits::Lines,
    pub mac: Mac,
    pub split: fn(&[u8]) -> Vec<fields::Field>,
}

/// HMAC-SHA256 of a candidate, base64 compared as raw bytes (OSS2).
struct Sha256Check {
    key: Sha256Key,
    target: [u8; 32],
}

impl Check for Sha256Check {
    type M = Mid<8>;
    type Batch = Vec<u8>;
    fn mids(&self, msg: &[u8], out: &mut Vec<Mid<8>>) {
        out.clear();
        for k in 0..=msg.len() / 64 {
            out.push(self.key.mid(&msg[..k * 64]));
        }
    }
    #[inline]
    fn check(&self, mids: &[Mid<8>], msg: &[u8], first: usize) -> bool {
        match mids.get(first / 64).or(mids.last()) {
            Some(m) => self.key.mac_from(m, msg) == self.target,
            None => self.key.mac(msg) == self.target,
        }
    }
}

/// Verify and search a diagnosis of a line-model scheme.
pub(crate) fn lines(
    l: &LineScheme,
    d: &mut Diagnosis,
    req: Option<&Request>,
    secret: &Secret,
    opts: &SearchOptions,
) {
    let (Some(s), Some(p)) = (
        d.server_string.clone(),
        d.error.as_ref().and_then(|e| e.signature_provided.clone()),
    ) else {
        return;
    };
    let ak = access_key_label(d);
    let sig_s = l.mac.sign(secret.expose(), &s);
    let p = p.trim().to_string();
    if sig_s == p {
        d.hints.push(other_secret(&ak, "OSS's own string"));
        return;
    }
    if let Some(r) = req.and_then(request_signature) {
        let r = String::from_utf8_lossy(&crate::request::query_decode(&r)).into_owned();
        if r != p && !r.is_empty() {
            d.notes.push("the captured request carries another signature than the error's SignatureProvided: they come from different attempts".into());
        } else if r == p {
            d.notes.push(
                "the captured request carries the same signature as SignatureProvided".into(),
            );
        }
    }
    if let Some(c) = d.client_string.clone() {
        if c != s && l.mac.sign(secret.expose(), &c) == p {
            let who = match d.client_source {
                Some(ClientSource::CapturedRequest) => {
                    "the string rebuilt from the captured request"
                }
                _ => "the client string",
            };
            d.hints.push(hint(
                "secret-signs-client-string",
                d.culprits.first().map(String::as_str),
                format!("with the secret given, {who} signs to SignatureProvided: it is exactly what the client signed, so the fields that differ above are the cause"),
                None,
                Severity::Info,
            ));
            return;
        }
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(p.as_bytes())
        .unwrap_or_default();
    let x = extra_of(req, d);
    let (ed, globals) = edits::lines(&l.lines, &s, &x);
    let space = Space::new(s.clone(), ed, globals);
    let variants = secret_variants(secret.expose());
    let started = search::Started::now();
    let o = match (
        l.mac,
        <[u8; 20]>::try_from(&raw[..]),
        <[u8; 32]>::try_from(&raw[..]),
    ) {
        (Mac::Sha1, Ok(target), _) => {
            let checks: Vec<V1Check> = variants
                .iter()
                .map(|(_, k)| V1Check::new(k, target))
                .collect();
            search::run(&space, &checks, opts.limit)
        }
        (Mac::Sha256, _, Ok(target)) => {
            let checks: Vec<Sha256Check> = variants
                .iter()
                .map(|(_, k)| Sha256Check {
                    key: Sha256Key::new(k),
                    target,
                })
                .collect();
            search::run(&space, &checks, opts.limit)
        }
        _ => {
            d.notes.push(format!("SignatureProvided is not a base64 {} (masked or cut): the secret cannot be checked against it", l.mac.name()));
            return;
        }
    };
    d.search = Some(search::SearchStats::of(&o, o.found.is_some(), started));
    let Some((pick, found)) = o.found.clone() else {
        d.hints.push(exhausted(&o, opts, "the server's string with one or two classic mistakes of its line model, and the secret with whitespace around it"));
        return;
    };
    let (what, edited) = words(&space, &pick, &variants[pick.check].0);
    // Replace the client side by the string found.
    let old_rows = d.rows.clone();
    let old_ctx_client = d.client_string.clone();
    let old_source = d.client_source;
    let stale = hints::v1(
        &old_rows,
        &hints::Ctx {
            server: Some(&s),
            client: old_ctx_client.as_deref(),
            source: old_source,
            req,
            rebuilt: None,
        },
    );
    d.hints
        .retain(|h| !stale.contains(h) && h.id != "secret-differs");
    d.client_source = Some(ClientSource::SecretSearch);
    d.client_string = Some(found.clone());
    d.rows = align::align(&(l.split)(&s), &(l.split)(&found));
    if found == s {
        d.verdict = Verdict::Identical;
        d.culprits.clear();
    } else {
        d.verdict = Verdict::Mismatch;
        d.culprits = diagnose::culprits(&d.rows);
        if d.culprits.is_empty() {
            d.culprits = edited.into_iter().take(1).collect();
        }
        let mut h = hints::v1(
            &d.rows,
            &hints::Ctx {
                server: Some(&s),
                client: Some(&found),
                source: d.client_source,
                req,
                rebuilt: None,
            },
        );
        d.hints.append(&mut h);
    }
    d.hints.insert(
        0,
        hint(
            if pick.check == 0 { "secret-search-found" } else { "secret-whitespace" },
            d.culprits.first().map(String::as_str),
            format!(
                "with the secret given, ossdiag found the exact string the client signed (its {} equals SignatureProvided, after {} candidates): the client {what}",
                l.mac.name(),
                o.tried
            ),
            Some(if pick.check == 0 {
                "build the string to sign from the request exactly as it is sent (see the fields above)"
            } else {
                "strip whitespace and newlines from the AccessKeySecret where it is read (environment, file, config)"
            }),
            Severity::Error,
        ),
    );
}

// ------------------------------------------------------------------ V4

/// The string to sign split into fields, named in the dialect (`scope.product` or
/// `scope.service`).
fn split_sts(dl: &crate::sign::v4::Dialect, s: &[u8]) -> Vec<fields::Field> {
    rename(fields::split_v4_sts(s), "scope.product", dl.scope_third)
}

/// The canonical request split into fields, named in the dialect.
fn split_cr(dl: &crate::sign::v4::Dialect, s: &[u8]) -> Vec<fields::Field> {
    rename(fields::split_v4_cr(s), "additional-headers", dl.list_field)
}

fn rename(mut f: Vec<fields::Field>, from: &str, to: &str) -> Vec<fields::Field> {
    for x in f.iter_mut().filter(|x| x.name == from) {
        x.name = to.to_string();
    }
    f
}

/// A candidate canonical request is hashed, put in the string to sign after `prefix`,
/// and signed.
struct V4Check {
    key: Sha256Key,
    prefix: Vec<u8>,
    prefix_mid: Mid<8>,
    target: [u8; 32],
}

impl V4Check {
    fn new(key: &[u8; 32], prefix: Vec<u8>, target: [u8; 32]) -> V4Check {
        let key = Sha256Key::new(key);
        let prefix_mid = key.mid(&prefix);
        V4Check {
            key,
            prefix,
            prefix_mid,
            target,
        }
    }
    fn sign_hash(&self, h: &[u8; 32]) -> [u8; 32] {
        let mut buf = [0u8; 512];
        let n = self.prefix.len();
        if n + 64 > buf.len() {
            let mut v = self.prefix.clone();
            let mut hx = [0u8; 64];
            hmac::hex_into(h, &mut hx);
            v.extend_from_slice(&hx);
            return self.key.mac(&v);
        }
        buf[..n].copy_from_slice(&self.prefix);
        hmac::hex_into(h, &mut buf[n..n + 64]);
        self.key.mac_from(&self.prefix_mid, &buf[..n + 64])
    }
}

/// SHA-256 states after each whole 64-byte block of `msg` (block 0 = nothing hashed).
fn sha256_mids(msg: &[u8], out: &mut Vec<Mid<8>>) {
    out.clear();
    for k in 0..=msg.len() / 64 {
        out.push(hmac::sha256_mid(&msg[..k * 64]));
    }
}

/// SHA-256 of a candidate whose first change is at byte `first`, resumed from the last
/// state before that block.
#[inline]
fn sha256_resumed(mids: &[Mid<8>], msg: &[u8], first: usize) -> [u8; 32] {
    let k = (first / 64).min(mids.len().saturating_sub(1));
    match mids.get(k) {
        Some(m) => hmac::sha256_from(m, msg),
        None => hmac::sha256(msg),
    }
}

impl Check for V4Check {
    type M = Mid<8>;
    type Batch = Vec<u8>;
    fn mids(&self, msg: &[u8], out: &mut Vec<Mid<8>>) {
        sha256_mids(msg, out);
    }
    #[inline]
    fn check(&self, mids: &[Mid<8>], msg: &[u8], first: usize) -> bool {
        self.sign_hash(&sha256_resumed(mids, msg, first)) == self.target
    }
}

/// The candidate's SHA-256 equals the server's canonical-request hash (no secret).
pub(crate) struct HashCheck {
    pub target: [u8; 32],
}

impl Check for HashCheck {
    type M = Mid<8>;
    type Batch = Vec<u8>;
    fn mids(&self, msg: &[u8], out: &mut Vec<Mid<8>>) {
        sha256_mids(msg, out);
    }
    #[inline]
    fn check(&self, mids: &[Mid<8>], msg: &[u8], first: usize) -> bool {
        sha256_resumed(mids, msg, first) == self.target
    }
}

struct Sts {
    alg: String,
    ts: String,
    date: String,
    region: String,
    product: String,
    terminator: String,
    hash: String,
}

fn parse_sts(s: &[u8]) -> Option<Sts> {
    let t = std::str::from_utf8(s).ok()?;
    let l: Vec<&str> = t.split('\n').collect();
    if l.len() != 4 {
        return None;
    }
    let sc: Vec<&str> = l[2].splitn(4, '/').collect();
    if sc.len() != 4 {
        return None;
    }
    Some(Sts {
        alg: l[0].to_string(),
        ts: l[1].to_string(),
        date: sc[0].to_string(),
        region: sc[1].to_string(),
        product: sc[2].to_string(),
        terminator: sc[3].to_string(),
        hash: l[3].to_string(),
    })
}

fn prefix(alg: &str, ts: &str, date: &str, region: &str, product: &str, term: &str) -> Vec<u8> {
    format!("{alg}\n{ts}\n{date}/{region}/{product}/{term}\n").into_bytes()
}

fn shift_day(date: &str, d: i64) -> Option<String> {
    let t = crate::clock::parse_time(&format!("{date}T000000Z"))?;
    Some(crate::clock::iso_basic(t + d * 86400)[..8].to_string())
}

/// A variant of the signing: the key's scope and the scope line of the string to sign.
struct V4Variant {
    what: String,
    field: &'static str,
    secret: usize,
    key: (String, String, String),
    sts: Vec<u8>,
}

fn v4_variants(
    dl: &'static crate::sign::v4::Dialect,
    st: &Sts,
    nsecrets: usize,
    host_region: Option<&str>,
) -> Vec<V4Variant> {
    let base = (st.date.clone(), st.region.clone(), st.product.clone());
    let p0 = prefix(
        &st.alg,
        &st.ts,
        &st.date,
        &st.region,
        &st.product,
        &st.terminator,
    );
    let mut out = vec![];
    // the secret variants, same scope
    for k in 0..nsecrets {
        out.push(V4Variant {
            what: String::new(),
            field: "",
            secret: k,
            key: base.clone(),
            sts: p0.clone(),
        });
    }
    let mut regions: Vec<String> = vec![format!("oss-{}", st.region)];
    if let Some(r) = st.region.strip_prefix("oss-") {
        regions.push(r.to_string());
    }
    if let Some(h) = host_region {
        regions.push(h.to_string());
    }
    regions.extend(edits::REGIONS.iter().map(|r| r.to_string()));
    regions.push(String::new());
    regions.retain(|r| *r != st.region);
    regions.dedup();
    let mut dates = vec![];
    for dd in [-1i64, 1] {
        if let Some(d) = shift_day(&st.date, dd) {
            dates.push((d, dd));
        }
    }
    let products: Vec<&str> = ["oss", "OSS", "oss-cloudbox", "osstables", "s3", ""]
        .into_iter()
        .filter(|p| *p != st.product)
        .collect();
    // (key scope, sts scope) pairs: the client signed with a scope different from the
    // server's in its string to sign and its key ("sts"), or only in its key ("key").
    let mut push = |what: String, field: &'static str, key: (String, String, String)| {
        let sts = prefix(&st.alg, &st.ts, &key.0, &key.1, &key.2, &st.terminator);
        out.push(V4Variant {
            what: format!("{what} in its string to sign and signing key"),
            field,
            secret: 0,
            key: key.clone(),
            sts,
        });
        out.push(V4Variant {
            what: format!(
                "{what} in its signing key only (the string to sign has the server's scope)"
            ),
            field,
            secret: 0,
            key,
            sts: p0.clone(),
        });
    };
    for r in &regions {
        push(
            format!("used the region '{r}' instead of '{}'", st.region),
            "scope.region",
            (st.date.clone(), r.clone(), st.product.clone()),
        );
    }
    for (d, dd) in &dates {
        push(
            format!(
                "used the scope date {d} ({dd:+} day) instead of {}",
                st.date
            ),
            "scope.date",
            (d.clone(), st.region.clone(), st.product.clone()),
        );
    }
    for p in &products {
        push(
            format!("used the product '{p}' instead of '{}'", st.product),
            dl.scope_third,
            (st.date.clone(), st.region.clone(), p.to_string()),
        );
    }
    // the timestamp line: the client read the clock twice
    if let Some(t) = crate::clock::parse_time(&st.ts) {
        for dt in (-900i64..=900).filter(|d| *d != 0) {
            let ts = crate::clock::iso_basic(t + dt);
            out.push(V4Variant {
                what: format!(
                    "signed the timestamp {ts} ({dt:+} s), not the {} it sent in {}",
                    st.ts, dl.date_header
                ),
                field: "timestamp",
                secret: 0,
                key: base.clone(),
                sts: prefix(
                    &st.alg,
                    &ts,
                    &st.date,
                    &st.region,
                    &st.product,
                    &st.terminator,
                ),
            });
        }
    }
    out
}

/// Verify and search a V4-layout diagnosis in the dialect `dl` (the scheme supplies it).
pub(crate) fn v4(
    dl: &'static crate::sign::v4::Dialect,
    d: &mut Diagnosis,
    req: Option<&Request>,
    secret: &Secret,
    opts: &SearchOptions,
) {
    let (Some(s), Some(p)) = (
        d.server_string.clone(),
        d.error.as_ref().and_then(|e| e.signature_provided.clone()),
    ) else {
        return;
    };
    let Some(st) = parse_sts(&s) else {
        return;
    };
    let ak = access_key_label(d);
    let p = p.trim().to_ascii_lowercase();
    let key0 = hmac::v4_signing_key(
        dl.key_prefix.as_bytes(),
        dl.terminator.as_bytes(),
        secret.expose(),
        st.date.as_bytes(),
        st.region.as_bytes(),
        st.product.as_bytes(),
    );
    let sig_s = hex::encode(Sha256Key::new(&key0).mac(&s));
    if sig_s == p {
        d.hints.push(other_secret(&ak, "OSS's own string to sign"));
        return;
    }
    if let Some(r) = req.and_then(request_signature) {
        if !r.is_empty() && r.to_ascii_lowercase() != p {
            d.notes.push("the captured request carries another signature than the error's SignatureProvided: they come from different attempts".into());
        }
    }
    if let Some(c) = d.client_string.clone() {
        if c != s && hex::encode(Sha256Key::new(&key0).mac(&c)) == p {
            d.hints.push(hint(
                "secret-signs-client-string",
                d.culprits.first().map(String::as_str),
                "with the secret given, the client's string to sign signs to SignatureProvided: it is exactly what the client signed, so the fields that differ above are the cause".into(),
                None,
                Severity::Info,
            ));
            return;
        }
    }
    let target: [u8; 32] = match hex::decode(&p).ok().and_then(|b| b.try_into().ok()) {
        Some(t) => t,
        None => {
            d.notes.push("SignatureProvided is not a hex HMAC-SHA256 (masked or cut): the secret cannot be checked against it".into());
            return;
        }
    };
    let started = search::Started::now();
    let secrets = secret_variants(secret.expose());
    let host_region = req.and_then(|r| crate::request::classify_host(r.host_name().as_deref()).2);
    let variants = v4_variants(dl, &st, secrets.len(), host_region.as_deref());
    let keys: Vec<[u8; 32]> = variants
        .iter()
        .map(|v| {
            hmac::v4_signing_key(
                dl.key_prefix.as_bytes(),
                dl.terminator.as_bytes(),
                &secrets[v.secret].1,
                v.key.0.as_bytes(),
                v.key.1.as_bytes(),
                v.key.2.as_bytes(),
            )
        })
        .collect();
    // Variants alone (no canonical request needed): the hash stays the server's.
    let mut found_variant = None;
    for (i, v) in variants.iter().enumerate().skip(1) {
        let mut m = v.sts.clone();
        m.extend_from_slice(st.hash.as_bytes());
        if Sha256Key::new(&keys[i]).mac(&m) == target {
            found_variant = Some(i);
            break;
        }
    }
    let mut tried = variants.len() as u64;
    let mut outcome = None;
    let cr = d.server_canonical_request.clone();
    if found_variant.is_none() {
        if let Some(cr) = &cr {
            let x = extra_of(req, d);
            let (ed, globals) = edits::v4(dl, cr, &x, Some(&st.ts));
            let space = Space::new(cr.clone(), ed, globals);
            // main check first, then every variant (secret, scope, timestamp) with one edit
            let mut checks = vec![V4Check::new(&keys[0], variants[0].sts.clone(), target)];
            for (i, v) in variants.iter().enumerate().skip(1) {
                checks.push(V4Check::new(&keys[i], v.sts.clone(), target));
            }
            let o = search::run(&space, &checks, opts.limit);
            tried += o.tried;
            outcome = Some((o, space));
        }
    }
    {
        let (truncated, hit) = match &outcome {
            Some((o, _)) => (o.truncated, o.found.is_some()),
            None => (false, false),
        };
        let all = Outcome {
            found: None,
            tried,
            total: tried,
            truncated,
            stages: vec![],
        };
        d.search = Some(search::SearchStats::of(
            &all,
            found_variant.is_some() || hit,
            started,
        ));
    }
    let (client_cr, client_sts, what, field, check_idx) = match (found_variant, &outcome) {
        (Some(i), _) => {
            let mut m = variants[i].sts.clone();
            m.extend_from_slice(st.hash.as_bytes());
            (
                cr.clone(),
                m,
                variant_words(&variants[i], &secrets[variants[i].secret].0),
                variants[i].field.to_string(),
                i,
            )
        }
        (
            None,
            Some((
                Outcome {
                    found: Some((pick, found)),
                    ..
                },
                space,
            )),
        ) => {
            let (pick, found) = (pick.clone(), found.clone());
            let v = &variants[pick.check];
            let mut m = v.sts.clone();
            m.extend_from_slice(hex::encode(hmac::sha256(&found)).as_bytes());
            let (w, fs) = words(space, &pick, "");
            let vw = variant_words(v, &secrets[v.secret].0);
            let all = [vw, w]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join("; and it ");
            let f = fs.first().cloned().unwrap_or_else(|| v.field.to_string());
            (Some(found), m, all, f, pick.check)
        }
        (None, o) => {
            let o = o.as_ref().map(|(o, _)| o.clone()).unwrap_or(Outcome {
                found: None,
                tried,
                total: tried,
                truncated: false,
                stages: vec![],
            });
            let mut o = o;
            o.tried = tried;
            let what = if cr.is_some() {
                "the server's canonical request with one or two classic V4 mistakes, other scopes and timestamps, and the secret with whitespace around it"
            } else {
                "other scopes, timestamps, and the secret with whitespace around it; without a <CanonicalRequest> the canonical request itself cannot be searched"
            };
            d.hints.push(exhausted(&o, opts, what));
            return;
        }
    };
    // Replace the client side: the V4 hints of the old comparison go, the new one's come.
    let host_region = req.and_then(|r| crate::request::classify_host(r.host_name().as_deref()).2);
    let old_cr = d.client_canonical_request.clone();
    let stale = hints::v4(
        &d.rows,
        &hints::Ctx4 {
            server_cr: cr.as_deref(),
            client_cr: old_cr.as_deref(),
            source: d.client_source,
            req,
            host_region: host_region.clone(),
            compared: true,
        },
    );
    d.hints
        .retain(|h| !stale.contains(h) && h.id != "secret-differs");
    d.client_source = Some(ClientSource::SecretSearch);
    let mut sf = split_sts(dl, &s);
    let mut cf = split_sts(dl, &client_sts);
    if let (Some(scr), Some(ccr)) = (&cr, &client_cr) {
        sf.extend(split_cr(dl, scr));
        cf.extend(split_cr(dl, ccr));
    }
    d.rows = align::align(&sf, &cf);
    d.client_canonical_request = client_cr.clone();
    let same = client_sts == s;
    d.client_string = Some(client_sts);
    if same {
        d.verdict = Verdict::Identical;
        d.culprits.clear();
    } else {
        d.verdict = Verdict::Mismatch;
        d.culprits = diagnose::culprits(&d.rows);
        if d.culprits.is_empty() && !field.is_empty() {
            d.culprits = vec![field.clone()];
        }
        let mut h = hints::v4(
            &d.rows,
            &hints::Ctx4 {
                server_cr: cr.as_deref(),
                client_cr: client_cr.as_deref(),
                source: d.client_source,
                req,
                host_region,
                compared: true,
            },
        );
        d.hints.append(&mut h);
    }
    let id = if check_idx > 0 && check_idx < secrets.len() && variants[check_idx].what.is_empty() {
        "secret-whitespace"
    } else {
        "secret-search-found"
    };
    d.hints.insert(
        0,
        hint(
            id,
            d.culprits.first().map(String::as_str).or(Some(field.as_str()).filter(|f| !f.is_empty())),
            format!("with the secret given, ossdiag found exactly what the client signed (its HMAC-SHA256 equals SignatureProvided): the client {what}"),
            Some("build the canonical request and scope from the request exactly as it is sent (see the fields above)"),
            Severity::Error,
        ),
    );
}

fn variant_words(v: &V4Variant, secret_label: &str) -> String {
    if !v.what.is_empty() {
        v.what.clone()
    } else if !secret_label.is_empty() {
        format!("signed with {secret_label}")
    } else {
        String::new()
    }
}

// ------------------------------------------------------------------ V4 without the secret

/// V4 errors with a StringToSign but no CanonicalRequest: search variants of the client's
/// (rebuilt or pasted) canonical request for one whose SHA-256 is the server's hash.
/// The fields that had to change are the culprits.
pub fn apply_without_secret(ds: &mut [Diagnosis], ev: &Evidence, opts: &SearchOptions) {
    for d in ds.iter_mut() {
        let req = request_of(d, ev);
        if let Some(s) = d.version.and_then(crate::scheme::by_id) {
            s.without_secret(d, req, opts);
        }
    }
}

/// The V4 hash search of one diagnosis (see [`apply_without_secret`]).
pub(crate) fn hash_search(
    dl: &'static crate::sign::v4::Dialect,
    d: &mut Diagnosis,
    req: Option<&Request>,
    opts: &SearchOptions,
) {
    {
        if d.server_canonical_request.is_some() {
            return;
        }
        let (Some(s), Some(ccr)) = (d.server_string.clone(), d.client_canonical_request.clone())
        else {
            return;
        };
        let Some(st) = parse_sts(&s) else { return };
        let Some(target) = hex::decode(st.hash.trim())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
        else {
            return;
        };
        if hmac::sha256(&ccr) == target {
            return;
        }
        let x = extra_of(req, d);
        let (ed, globals) = edits::v4(dl, &ccr, &x, Some(&st.ts));
        let space = Space::new(ccr.clone(), ed, globals);
        let started = search::Started::now();
        let o = search::run(&space, &[HashCheck { target }], opts.limit);
        d.search = Some(search::SearchStats::of(&o, o.found.is_some(), started));
        let Some((_, server_cr)) = o.found else {
            let mut m = format!("the canonical request OSS hashed is none of {} variants of the {} (headers dropped or added, Content-Type, path and query encodings, payload hash)", o.tried, who(d));
            if o.truncated {
                m.push_str(&format!(
                    "; the search stopped at --search-limit {} of {}",
                    opts.limit, o.total
                ));
            }
            d.notes.push(m);
            return;
        };
        d.server_canonical_request = Some(server_cr.clone());
        let mut sf = split_sts(dl, &s);
        sf.extend(split_cr(dl, &server_cr));
        let mut cf = d
            .client_string
            .as_deref()
            .map(|c| split_sts(dl, c))
            .unwrap_or_default();
        cf.extend(split_cr(dl, &ccr));
        d.rows = align::align(&sf, &cf);
        if d.client_string.as_deref() != Some(&s[..]) {
            d.verdict = Verdict::Mismatch;
        }
        d.culprits = diagnose::culprits(&d.rows);
        let changes: Vec<String> = d
            .rows
            .iter()
            .filter(|r| r.differs() && !matches!(r.name.as_str(), "canonical-request-hash"))
            .filter(|r| {
                !r.name.starts_with("scope") && r.name != "timestamp" && r.name != "algorithm"
            })
            .map(|r| match (&r.server, &r.client) {
                (Some(sv), Some(cv)) => format!(
                    "{}: OSS has '{}' where the {} has '{}'",
                    r.name,
                    visible(sv),
                    who(d),
                    visible(cv)
                ),
                (Some(sv), None) => format!(
                    "{}: OSS has '{}', which the {} does not sign",
                    r.name,
                    visible(sv),
                    who(d)
                ),
                (None, Some(cv)) => format!(
                    "{}: the {} signs '{}', which OSS did not have",
                    r.name,
                    who(d),
                    visible(cv)
                ),
                (None, None) => r.name.clone(),
            })
            .collect();
        d.hints.insert(
            0,
            hint(
                "v4-canonical-request-recovered",
                d.culprits.first().map(String::as_str),
                format!(
                    "the error has no <CanonicalRequest>, but ossdiag found the canonical request OSS hashed (its SHA-256 is the hash in <StringToSign>, after {} candidates). It differs from the {} in {}",
                    o.tried,
                    who(d),
                    changes.join("; ")
                ),
                Some(if d.client_source == Some(ClientSource::CapturedRequest) {
                    "something between the client and OSS changed this field (proxy, CDN, HTTP library): stop it, or sign what OSS receives"
                } else {
                    "sign the request exactly as it is sent"
                }),
                Severity::Error,
            ),
        );
    }
}

fn who(d: &Diagnosis) -> &'static str {
    if d.client_source == Some(ClientSource::CapturedRequest) {
        "captured request's canonical request"
    } else {
        "client's canonical request"
    }
}

// ------------------------------------------------------------------ for the benchmark

/// The V1 search alone (what `apply` runs), for benchmarks: the server's string, the
/// secret, the raw SignatureProvided.
pub fn search_v1(server: &[u8], secret: &[u8], target: [u8; 20], limit: u64) -> Outcome {
    let (ed, globals) = edits::v1(server, &Extra::default());
    let space = Space::new(server.to_vec(), ed, globals);
    let checks: Vec<V1Check> = secret_variants(secret)
        .iter()
        .map(|(_, k)| V1Check::new(k, target))
        .collect();
    search::run(&space, &checks, limit)
}

/// The V4 search over a canonical request with the main scope only, for benchmarks.
pub fn search_v4(sts: &[u8], cr: &[u8], secret: &[u8], target: [u8; 32], limit: u64) -> Outcome {
    let dl = &crate::sign::v4::OSS4;
    let Some(st) = parse_sts(sts) else {
        return Outcome::empty();
    };
    let key = hmac::v4_signing_key(
        dl.key_prefix.as_bytes(),
        dl.terminator.as_bytes(),
        secret,
        st.date.as_bytes(),
        st.region.as_bytes(),
        st.product.as_bytes(),
    );
    let (ed, globals) = edits::v4(dl, cr, &Extra::default(), Some(&st.ts));
    let space = Space::new(cr.to_vec(), ed, globals);
    let p = prefix(
        &st.alg,
        &st.ts,
        &st.date,
        &st.region,
        &st.product,
        &st.terminator,
    );
    search::run(&space, &[V4Check::new(&key, p, target)], limit)
}
