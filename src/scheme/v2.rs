//! Signature V2 of OSS (`OSS2`, HMAC-SHA256). The V1 line model plus an
//! additional-headers line, a resource encoded whole and every query parameter signed
//! (`sign::v2`). Fields: the V1 names plus `additional-headers`.

use super::{Detect, Scheme};
use crate::diagnose::fields::{header_name, unique_name, Field};
use crate::diagnose::{
    finish, hints, host_id_bucket, request_info, AuthKind, ClientSource, Diagnosis, Hint, Severity,
    SigVersion, Verdict,
};
use crate::input::{ClientString, ErrorBody};
use crate::request::{locate, Request};
use crate::secret::{SearchOptions, Secret};
use crate::sign::v2;

pub struct Oss2;

pub static OSS2: Oss2 = Oss2;

/// verb, content-md5, content-type, date|expires, header:<name>…, additional-headers,
/// resource: the last line is the resource (encoded, so it holds no newline), the one
/// before it the additional-headers list.
pub fn split(s: &[u8]) -> Vec<Field> {
    let l: Vec<&[u8]> = s.split(|&c| c == b'\n').collect();
    let f = |name: &str, b: &[u8]| Field {
        name: name.to_string(),
        bytes: b.to_vec(),
    };
    let query = l
        .get(3)
        .is_some_and(|d| !d.is_empty() && d.iter().all(u8::is_ascii_digit));
    let fixed = [
        "verb",
        "content-md5",
        "content-type",
        if query { "expires" } else { "date" },
    ];
    let mut out: Vec<Field> = fixed.iter().zip(&l).map(|(n, b)| f(n, b)).collect();
    if l.len() < 6 {
        if l.len() == 5 {
            out.push(f("resource", l[4]));
        }
        return out;
    }
    // A line with a ':' before the resource is a header: the additional-headers line is
    // missing (a client that followed the V1 layout).
    let has_list = !l[l.len() - 2].contains(&b':');
    let headers_end = if has_list { l.len() - 2 } else { l.len() - 1 };
    let mut seen: Vec<String> = Vec::new();
    for h in &l[4..headers_end] {
        let name = unique_name(&mut seen, format!("header:{}", header_name(h)));
        out.push(f(&name, h));
    }
    if has_list {
        out.push(f("additional-headers", l[l.len() - 2]));
    }
    out.push(f("resource", l[l.len() - 1]));
    out
}

impl Scheme for Oss2 {
    fn id(&self) -> SigVersion {
        SigVersion::V2
    }
    fn claims_server(&self, d: &Detect) -> bool {
        if d.request.is_some_and(|r| self.claims_request(r)) {
            return true;
        }
        let Some(s) = d.server else { return false };
        let l: Vec<&[u8]> = s.split(|&c| c == b'\n').collect();
        l.len() >= 6 && l[l.len() - 1].starts_with(b"%2F") && !l[l.len() - 2].contains(&b':')
    }
    fn claims_request(&self, r: &Request) -> bool {
        v2::auth_of(r).is_some()
    }
    fn claims_client(&self, c: &[u8]) -> bool {
        let l: Vec<&[u8]> = c.split(|&c| c == b'\n').collect();
        l.len() >= 6 && l[l.len() - 1].starts_with(b"%2F")
    }
    fn diagnose(
        &self,
        d: &mut Diagnosis,
        _e: Option<&ErrorBody>,
        req: Option<&Request>,
        c: Option<&ClientString>,
    ) {
        let auth = req.and_then(v2::auth_of);
        d.auth = match (&auth, d.server_string.as_deref()) {
            (Some((v2::Auth::Query, _)), _) => Some(AuthKind::Query),
            (Some((v2::Auth::Header, _)), _) => Some(AuthKind::Header),
            (None, Some(s)) => Some(if split(s).iter().any(|f| f.name == "expires") {
                AuthKind::Query
            } else {
                AuthKind::Header
            }),
            (None, None) => None,
        };
        let bucket = host_id_bucket(d);
        let rebuilt = req.zip(auth.as_ref()).map(|(r, (a, p))| {
            let loc = locate(r.host_name().as_deref(), r.raw_path(), bucket.as_deref());
            v2::string_to_sign(r, &loc, *a, p)
        });
        if let Some(r) = req {
            d.request = Some(request_info(r, d.auth));
        }
        let (client, source) = match (c, &rebuilt) {
            (Some(c), _) => (Some(c.bytes.clone()), Some(ClientSource::ClientString)),
            (None, Some(b)) => (Some(b.clone()), Some(ClientSource::CapturedRequest)),
            (None, None) => (None, None),
        };
        let sf = d.server_string.as_deref().map(split).unwrap_or_default();
        let cf = client.as_deref().map(split).unwrap_or_default();
        finish(d, &sf, &cf, source, client);
        let ctx = hints::Ctx {
            server: d.server_string.as_deref(),
            client: d.client_string.as_deref(),
            source: d.client_source,
            req,
            rebuilt: rebuilt.as_deref(),
        };
        // The V1 rules hold for the lines the schemes share; the resource is OSS2's own.
        let mut h: Vec<Hint> = hints::v1(&d.rows, &ctx)
            .into_iter()
            .filter(|h| h.field.as_deref() != Some("resource"))
            .collect();
        h.extend(resource_hints(d));
        d.hints.append(&mut h);
        if d.verdict == Verdict::Identical {
            d.hints
                .push(hints::identical(d.client_source, d.error.as_ref()));
        }
    }
    fn with_secret(
        &self,
        d: &mut Diagnosis,
        req: Option<&Request>,
        secret: &Secret,
        opts: &SearchOptions,
    ) {
        // OSS2: the V1 line model with an additional-headers line and a resource encoded
        // whole, signed with HMAC-SHA256.
        let l = crate::secret::verify::LineScheme {
            lines: crate::secret::edits::Lines {
                header_prefix: "x-oss-",
                additional_line: true,
                encoded_resource: true,
            },
            mac: crate::secret::verify::Mac::Sha256,
            split,
        };
        crate::secret::verify::lines(&l, d, req, secret, opts);
    }
}

fn resource_hints(d: &Diagnosis) -> Vec<Hint> {
    let mut out = Vec::new();
    for r in d.rows.iter().filter(|r| r.differs()) {
        let (Some(sv), Some(cv)) = (&r.server, &r.client) else {
            continue;
        };
        if r.name == "resource" && cv.first() == Some(&b'/') {
            out.push(Hint {
                id: "v2-resource-not-encoded",
                field: Some("resource".into()),
                message: format!(
                    "the client's resource starts with a raw '/' ('{}'): OSS2 encodes the whole resource, '/' included, as '{}'",
                    String::from_utf8_lossy(cv),
                    String::from_utf8_lossy(sv)
                ),
                fix: Some("encode '/bucket/key' whole with the RFC 3986 unreserved set (every '/' as %2F), then append every query parameter, sorted".into()),
                severity: Severity::Error,
            });
        } else if r.name == "resource" {
            let q = |b: &[u8]| b.iter().position(|&c| c == b'?').map(|p| b[p..].to_vec());
            if q(sv) != q(cv) {
                out.push(Hint {
                    id: "v2-query-differs",
                    field: Some("resource".into()),
                    message: format!(
                        "the signed query parameters differ: OSS signed '{}', the client '{}'. OSS2 signs every query parameter, not only sub-resources",
                        String::from_utf8_lossy(&q(sv).unwrap_or_default()),
                        String::from_utf8_lossy(&q(cv).unwrap_or_default())
                    ),
                    fix: Some("sign every parameter that is sent (sorted by encoded name), and send every parameter that is signed".into()),
                    severity: Severity::Error,
                });
            }
        } else if r.name == "additional-headers" {
            out.push(Hint {
                id: "v2-additional-headers",
                field: Some("additional-headers".into()),
                message: format!(
                    "the additional-headers line differs: OSS has '{}', the client '{}'. OSS signs only the listed headers that the request carries",
                    String::from_utf8_lossy(sv),
                    String::from_utf8_lossy(cv)
                ),
                fix: Some("list in AdditionalHeaders only headers that are sent, lower-cased and sorted, and sign each of them".into()),
                severity: Severity::Error,
            });
        }
    }
    out
}
