//! Signature V4 of OSS (`OSS4-HMAC-SHA256`) and of S3 (`AWS4-HMAC-SHA256`): one layout
//! (canonical request, string to sign, HMAC key chain), two dialects
//! (`sign::v4::OSS4`, `sign::v4::AWS4`).

use super::{Detect, Scheme};
use crate::diagnose::fields::{self, Field};
use crate::diagnose::hints::Words;
use crate::diagnose::{
    culprits, finish, hints, host_id_bucket, request_info, server_string, AuthKind, ClientSource,
    Diagnosis, SigVersion, Status, Verdict,
};
use crate::input::{ClientString, ErrorBody};
use crate::request::{locate, Request};
use crate::secret::{SearchOptions, Secret};
use crate::sign::v4;

pub struct V4Family {
    id: SigVersion,
    dialect: &'static v4::Dialect,
}

pub static OSS4_SCHEME: V4Family = V4Family {
    id: SigVersion::V4,
    dialect: &v4::OSS4,
};

pub static AWS4_SCHEME: V4Family = V4Family {
    id: SigVersion::AwsV4,
    dialect: &v4::AWS4,
};

/// Does this look like a string to sign of one of the V4 dialects?
pub fn is_string_to_sign(b: &[u8]) -> bool {
    [&v4::OSS4, &v4::AWS4]
        .iter()
        .any(|d| b.starts_with(d.algorithm.as_bytes()))
}

/// The string to sign split into fields, named in the dialect.
pub fn split_sts(dl: &v4::Dialect, s: &[u8]) -> Vec<Field> {
    rename(fields::split_v4_sts(s), "scope.product", dl.scope_third)
}

/// The canonical request split into fields, named in the dialect.
pub fn split_cr(dl: &v4::Dialect, s: &[u8]) -> Vec<Field> {
    rename(fields::split_v4_cr(s), "additional-headers", dl.list_field)
}

fn rename(mut f: Vec<Field>, from: &str, to: &str) -> Vec<Field> {
    if from != to {
        for x in f.iter_mut().filter(|x| x.name == from) {
            x.name = to.to_string();
        }
    }
    f
}

impl Scheme for V4Family {
    fn id(&self) -> SigVersion {
        self.id
    }
    fn claims_server(&self, d: &Detect) -> bool {
        d.server
            .is_some_and(|s| s.starts_with(self.dialect.algorithm.as_bytes()))
    }
    fn claims_request(&self, r: &Request) -> bool {
        v4::auth_of_with(self.dialect, r).is_some()
    }
    fn claims_client(&self, c: &[u8]) -> bool {
        c.starts_with(self.dialect.algorithm.as_bytes())
    }
    fn diagnose(
        &self,
        d: &mut Diagnosis,
        e: Option<&ErrorBody>,
        req: Option<&Request>,
        c: Option<&ClientString>,
    ) {
        case(self.dialect, d, e, req, c);
    }
    fn with_secret(
        &self,
        d: &mut Diagnosis,
        req: Option<&Request>,
        secret: &Secret,
        opts: &SearchOptions,
    ) {
        crate::secret::verify::v4(self.dialect, d, req, secret, opts);
    }
    fn without_secret(&self, d: &mut Diagnosis, req: Option<&Request>, opts: &SearchOptions) {
        crate::secret::verify::hash_search(self.dialect, d, req, opts);
    }
    fn words(&self) -> Words {
        words(self.dialect)
    }
}

/// The hint words of a dialect: its names, and the rules that read differently for
/// S3-style signing (OSS's S3-compatible API, S3).
pub fn words(dl: &v4::Dialect) -> Words {
    let names = Words {
        header_prefix: dl.header_prefix,
        date_header: dl.date_header,
        payload_header: dl.payload_header,
        list_key: dl.list_key,
        q_signature: dl.q_signature,
        terminator: dl.terminator,
        ..Words::OSS
    };
    if !dl.explicit_list {
        return names;
    }
    Words {
        server: "the server",
        akid_param: "X-Amz-Credential",
        service: "s3",
        service_rule: "the service in the scope is 's3' (also against OSS's S3-compatible endpoints); create the client for 's3', not 'oss'",
        region_rule: "set the S3 client's region to the region the endpoint serves: for s3.oss-cn-hangzhou.aliyuncs.com that is 'cn-hangzhou' (no 'oss-' prefix); for AWS, the bucket's region (us-east-1 is only right for buckets there)",
        payload_rule: "the last line is the x-amz-content-sha256 value as sent: the body's SHA-256 hex, or UNSIGNED-PAYLOAD; STREAMING-AWS4-HMAC-SHA256-PAYLOAD (aws-chunked) is not supported by OSS: turn chunked encoding / payload signing off in the S3 client",
        list_rule: "SignedHeaders lists exactly the headers of the canonical headers block (host, x-amz-content-sha256, x-amz-date and every other x-amz-* header sent), lower-cased and sorted",
        uri_rule: "the canonical URI is the request path as sent, each segment encoded once: no bucket for a virtual-hosted host (bucket.s3…), /bucket/key for a path-style one",
        empty_value: "write 'name=' for an empty value",
        ..names
    }
}

/// A V4 timestamp and scope out of a string to sign.
fn sts_time_scope(s: &[u8]) -> (String, String) {
    let l: Vec<&[u8]> = s.split(|&c| c == b'\n').collect();
    let g = |i: usize| String::from_utf8_lossy(l.get(i).copied().unwrap_or_default()).into_owned();
    (g(1), g(2))
}

fn case(
    dl: &'static v4::Dialect,
    d: &mut Diagnosis,
    e: Option<&ErrorBody>,
    req: Option<&Request>,
    c: Option<&ClientString>,
) {
    let mut notes = Vec::new();
    let mut hs = Vec::new();
    let server_cr = e
        .and_then(|e| {
            server_string(
                e,
                "CanonicalRequestBytes",
                "CanonicalRequest",
                &mut hs,
                &mut notes,
            )
        })
        .map(|(b, _)| b);
    if let Some(cr) = &server_cr {
        if cr.windows(3).any(|w| w == b"...") {
            d.notes.push("the <CanonicalRequest> has values elided as '...': those parts match anything, and its hash cannot be checked".into());
        }
    }
    d.hints.append(&mut hs);
    d.notes.append(&mut notes);

    if let (Some(cr), Some(sts)) = (&server_cr, &d.server_string) {
        if !sts.ends_with(v4::sha256_hex(cr).as_bytes()) {
            d.notes.push("the <CanonicalRequest> does not hash to the hash in <StringToSign>: its text was reformatted or elided, so its fields are only indicative".into());
        }
    }
    d.server_canonical_request = server_cr.clone();
    d.auth = req
        .and_then(|r| v4::auth_of_with(dl, r))
        .map(|(a, _)| match a {
            v4::Auth::Header => AuthKind::Header,
            v4::Auth::Query => AuthKind::Query,
        });
    // Rebuild from the request; the bucket of a custom domain comes from the server's URI or HostId.
    let bucket_hint = server_cr
        .as_deref()
        .and_then(|cr| cr.split(|&c| c == b'\n').nth(1))
        .and_then(|uri| uri.strip_prefix(b"/"))
        .and_then(|u| u.split(|&c| c == b'/').next())
        .filter(|b| !b.is_empty())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .or_else(|| host_id_bucket(d));
    let rebuilt = req.and_then(|r| {
        let (auth, params) = v4::auth_of_with(dl, r)?;
        let loc = locate(
            r.host_name().as_deref(),
            r.raw_path(),
            bucket_hint.as_deref(),
        );
        let i = v4::input_with(dl, r, &loc, auth, &params);
        let cr = v4::canonical_request(&i);
        let sts = v4::string_to_sign_with(dl, &i.timestamp, &i.credential.scope(), &cr);
        Some((cr, sts, (i.timestamp.clone(), i.credential.scope())))
    });
    if let Some(r) = req {
        d.request = Some(request_info(r, d.auth));
    }
    // The client side: a pasted string (string to sign or canonical request), else the rebuild.
    let (client_cr, client_sts, source) = match (c, &rebuilt) {
        (Some(c), _) if c.bytes.starts_with(dl.algorithm.as_bytes()) => (
            None,
            Some(c.bytes.clone()),
            Some(ClientSource::ClientString),
        ),
        (Some(c), rb) => {
            // A canonical request: hash it with the request's (else the server's) time and scope.
            let (ts, scope) = match (rb, &d.server_string) {
                (Some((_, _, t)), _) => t.clone(),
                (None, Some(s)) => sts_time_scope(s),
                (None, None) => (String::new(), String::new()),
            };
            let sts = v4::string_to_sign_with(dl, &ts, &scope, &c.bytes);
            (
                Some(c.bytes.clone()),
                Some(sts),
                Some(ClientSource::ClientString),
            )
        }
        (None, Some((cr, sts, _))) => (
            Some(cr.clone()),
            Some(sts.clone()),
            Some(ClientSource::CapturedRequest),
        ),
        (None, None) => (None, None, None),
    };
    if let Some(c) = c.filter(|c| c.unescaped) {
        d.notes.push(format!(
            "the client string ({}) was given with literal \\n escapes; they were read as newlines",
            c.origin
        ));
    }
    // No CanonicalRequest in the body, but the captured request's canonical request
    // hashes to the server's hash: then it *is* the server's canonical request.
    if d.server_canonical_request.is_none() {
        if let (Some((cr, _, _)), Some(sts)) = (&rebuilt, &d.server_string) {
            if sts.ends_with(v4::sha256_hex(cr).as_bytes()) {
                d.server_canonical_request = Some(cr.clone());
                d.notes.push("the server's canonical request is known: the captured request's canonical request hashes to the hash in <StringToSign>".into());
            }
        }
    }
    if e.is_some() && d.server_canonical_request.is_none() && d.server_string.is_some() {
        d.notes.push("the error body has no <CanonicalRequest>: only the time, the scope and the canonical request's hash can be compared".into());
    }
    let server_cr = d.server_canonical_request.clone();
    let mut sf = d
        .server_string
        .as_deref()
        .map(|s| split_sts(dl, s))
        .unwrap_or_default();
    let mut cf = client_sts
        .as_deref()
        .map(|s| split_sts(dl, s))
        .unwrap_or_default();
    if let (Some(s), Some(cc)) = (&server_cr, &client_cr) {
        sf.extend(split_cr(dl, s));
        cf.extend(split_cr(dl, cc));
    }
    if d.auth.is_none() {
        // No request: a presigned URL shows in the canonical query.
        let cr = server_cr.as_deref().or(client_cr.as_deref());
        d.auth = cr.map(|cr| {
            let q = cr.split(|&c| c == b'\n').nth(2).unwrap_or_default();
            let cred = dl.q_credential.as_bytes();
            if q.windows(cred.len()).any(|w| w == cred) {
                AuthKind::Query
            } else {
                AuthKind::Header
            }
        });
    }
    d.client_canonical_request = client_cr;
    finish(d, &sf, &cf, source, client_sts);
    // Values the paster elided ('...') match whatever the client has there.
    let mut relaxed = false;
    for r in d.rows.iter_mut().filter(|r| r.status == Status::Differs) {
        if let (Some(sv), Some(cv)) = (&r.server, &r.client) {
            if sv.windows(3).any(|w| w == b"...") && fields::elided_match(sv, cv) {
                r.status = Status::Match;
                r.first_diff = None;
                r.ops.clear();
                relaxed = true;
            }
        }
    }
    if relaxed && d.verdict == Verdict::Mismatch {
        d.culprits = culprits(&d.rows);
    }
    // Every line matches by name but the strings differ: an ordering mistake. The first
    // client name out of the server's order is the culprit.
    if d.verdict == Verdict::Mismatch && d.culprits.iter().all(|c| c == "canonical-request-hash") {
        if let (Some(s), Some(c)) = (&d.server_canonical_request, &d.client_canonical_request) {
            let order = |b: &[u8]| -> Vec<String> {
                split_cr(dl, b)
                    .into_iter()
                    .map(|f| f.name)
                    .filter(|n| n.starts_with("query:") || n.starts_with("header:"))
                    .collect()
            };
            let (so, co) = (order(s), order(c));
            if let Some((_, cn)) = so.iter().zip(&co).find(|(a, b)| a != b) {
                d.culprits = vec![cn.clone()];
            }
        }
    }
    let ctx = hints::Ctx4 {
        server_cr: d.server_canonical_request.as_deref(),
        client_cr: d.client_canonical_request.as_deref(),
        source: d.client_source,
        req,
        host_region: req.and_then(|r| crate::request::classify_host(r.host_name().as_deref()).2),
        compared: d.server_string.is_some() && d.client_string.is_some(),
    };
    let mut h = hints::v4(&d.rows, &ctx);
    if let Some(r) = req {
        let listed = v4::auth_of_with(dl, r)
            .filter(|_| dl.explicit_list)
            .map(|(_, p)| p.additional_headers);
        let more = hints::v4_request(r, dl.payload_header, listed.as_deref(), &h);
        h.extend(more);
    }
    d.hints.append(&mut h);
    if d.verdict == Verdict::Identical {
        d.hints
            .push(hints::identical(d.client_source, d.error.as_ref()));
    }
}
