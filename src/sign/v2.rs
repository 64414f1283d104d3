//! Signature V2 (`OSS2`, HMAC-SHA256): header `Authorization: OSS2 AccessKeyId:…,
//! AdditionalHeaders:…,Signature:…` and URLs with `x-oss-signature-version=OSS2`.
//! Rules as oss2's `ProviderAuthV2` applies them (`__get_bytes_to_sign`,
//! `__get_resource_string`, `v2_uri_encode`):
//! - the V1 lines, then every `x-oss-*` and additional header as `name:value\n` (names
//!   lower-cased, sorted, values as sent), then the additional header names joined with `;` on a line;
//! - the resource is `/bucket/key` encoded whole (`/` too: `%2Fbucket%2Fkey`), followed by
//!   every query parameter (names and values encoded, sorted, `name` alone when empty);
//! - URL auth: the date line is `x-oss-expires`, and the signature parameter is left out.

use crate::request::{Location, Request};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const PREFIX: &str = "OSS2 ";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    Header,
    Query,
}

/// `OSS2 AccessKeyId:ak,AdditionalHeaders:a;b,Signature:sig` (any order, spaces allowed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthParams {
    pub access_key_id: String,
    pub additional_headers: Vec<String>,
    pub signature: Option<String>,
}

fn names(v: &str) -> Vec<String> {
    v.split(';')
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect()
}

pub fn parse_authorization(v: &str) -> Option<AuthParams> {
    let rest = v.trim_start().strip_prefix(PREFIX)?;
    let mut p = AuthParams::default();
    for part in rest.split(',') {
        let Some((k, val)) = part.split_once(':') else {
            continue;
        };
        match k.trim() {
            "AccessKeyId" => p.access_key_id = val.trim().to_string(),
            "AdditionalHeaders" => p.additional_headers = names(val),
            "Signature" => p.signature = Some(val.trim().to_string()),
            _ => {}
        }
    }
    Some(p)
}

/// How a request authenticates with OSS2, if it does.
pub fn auth_of(req: &Request) -> Option<(Auth, AuthParams)> {
    if let Some(p) = req.header("authorization").and_then(parse_authorization) {
        return Some((Auth::Header, p));
    }
    if req
        .query_value("x-oss-signature-version")
        .is_some_and(|v| v == b"OSS2")
    {
        let s =
            |n: &str| String::from_utf8_lossy(&req.query_value(n).unwrap_or_default()).into_owned();
        return Some((
            Auth::Query,
            AuthParams {
                access_key_id: s("x-oss-access-key-id"),
                additional_headers: names(&s("x-oss-additional-headers")),
                signature: req
                    .query_value("x-oss-signature")
                    .map(|v| String::from_utf8_lossy(&v).into_owned()),
            },
        ));
    }
    None
}

/// Every byte but `A-Z a-z 0-9 _ - ~ .` as `%XX` (oss2 `v2_uri_encode`).
pub fn encode(b: &[u8]) -> String {
    super::v4::uri_encode(b, false)
}

/// The string to sign of a request.
pub fn string_to_sign(req: &Request, loc: &Location, auth: Auth, p: &AuthParams) -> Vec<u8> {
    let get = |n: &str| req.header(n).unwrap_or("").to_string();
    let date = match auth {
        Auth::Header => get("date"),
        Auth::Query => {
            String::from_utf8_lossy(&req.query_value("x-oss-expires").unwrap_or_default())
                .into_owned()
        }
    };
    let mut additional: Vec<String> = p
        .additional_headers
        .iter()
        .filter(|h| req.header(h).is_some())
        .cloned()
        .collect();
    additional.sort();
    additional.dedup();
    let mut headers: Vec<(String, String)> = Vec::new();
    for (k, v) in &req.headers {
        let lk = k.trim().to_ascii_lowercase();
        if lk.starts_with("x-oss-") || additional.contains(&lk) {
            // oss2 signs the value as is: no trimming, no folding.
            headers.push((lk, v.to_string()));
        }
    }
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let mut s = String::with_capacity(256);
    for line in [
        req.method.clone().unwrap_or_else(|| "GET".into()),
        get("content-md5"),
        get("content-type"),
        date,
    ] {
        s.push_str(&line);
        s.push('\n');
    }
    for (k, v) in &headers {
        s.push_str(k);
        s.push(':');
        s.push_str(v);
        s.push('\n');
    }
    s.push_str(&additional.join(";"));
    s.push('\n');
    let mut out = s.into_bytes();
    out.extend_from_slice(&resource(loc, &req.query_pairs()));
    out
}

/// `%2Fbucket%2Fkey?a=1&b` with every query parameter but the signature.
pub fn resource(loc: &Location, query: &[(Vec<u8>, Option<Vec<u8>>)]) -> Vec<u8> {
    let mut raw = b"/".to_vec();
    if let Some(b) = &loc.bucket {
        raw.extend_from_slice(b.as_bytes());
        raw.push(b'/');
        raw.extend_from_slice(&loc.key);
    }
    let mut out = encode(&raw);
    let mut q: Vec<(String, String)> = query
        .iter()
        .filter(|(k, _)| k != b"x-oss-signature")
        .map(|(k, v)| (encode(k), v.as_deref().map(encode).unwrap_or_default()))
        .collect();
    q.sort();
    q.dedup_by(|a, b| a.0 == b.0);
    for (i, (k, v)) in q.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(k);
        if !v.is_empty() {
            out.push('=');
            out.push_str(v);
        }
    }
    out.into_bytes()
}

/// base64(HMAC-SHA256(secret, string)).
pub fn signature(secret: &[u8], string_to_sign: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(string_to_sign);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{locate, CaptureKind};

    #[test]
    fn resource_is_encoded_whole_and_signs_every_parameter() {
        let mut r = Request::new(CaptureKind::RawHttp);
        r.method = Some("GET".into());
        r.target = "/a%20b/c.txt?x-oss-process=image%2Fresize&acl".into();
        r.headers = vec![
            ("Host".into(), "bkt.oss-cn-hangzhou.aliyuncs.com".into()),
            ("Date".into(), "Thu, 17 Nov 2005 18:49:58 GMT".into()),
            ("Range".into(), "bytes=0-1".into()),
            ("X-Oss-Meta-A".into(), "1".into()),
            (
                "Authorization".into(),
                "OSS2 AccessKeyId:ak,AdditionalHeaders:range,Signature:x".into(),
            ),
        ];
        let (auth, p) = auth_of(&r).unwrap();
        assert_eq!((auth, p.access_key_id.as_str()), (Auth::Header, "ak"));
        let loc = locate(r.host_name().as_deref(), r.raw_path(), None);
        let s = String::from_utf8(string_to_sign(&r, &loc, auth, &p)).unwrap();
        assert_eq!(
            s,
            "GET\n\n\nThu, 17 Nov 2005 18:49:58 GMT\nrange:bytes=0-1\nx-oss-meta-a:1\nrange\n%2Fbkt%2Fa%20b%2Fc.txt?acl&x-oss-process=image%2Fresize"
        );
    }
}
