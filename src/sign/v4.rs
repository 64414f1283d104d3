//! Signature V4 (`OSS4-HMAC-SHA256`, Authorization header and presigned URL): canonical
//! request, string to sign and the `aliyun_v4` signing-key chain, rebuilt from a request.
//! Rules and sources: `../shared/spec/oss-signing.md` §4.

use crate::request::{Location, Request};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub const ALGORITHM: &str = "OSS4-HMAC-SHA256";
pub const TERMINATOR: &str = "aliyun_v4_request";
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    Header,
    Query,
}

/// The V4 credential: `AK/yyyymmdd/region/product/aliyun_v4_request`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Credential {
    pub access_key_id: String,
    pub date: String,
    pub region: String,
    pub product: String,
    pub terminator: String,
}

impl Credential {
    pub fn parse(s: &str) -> Credential {
        let p: Vec<&str> = s.trim().splitn(5, '/').collect();
        let g = |i: usize| p.get(i).map(|x| x.to_string()).unwrap_or_default();
        Credential {
            access_key_id: g(0),
            date: g(1),
            region: g(2),
            product: g(3),
            terminator: g(4),
        }
    }
    pub fn scope(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.date, self.region, self.product, self.terminator
        )
    }
}

/// The parts of an `Authorization: OSS4-HMAC-SHA256 …` header, or of the presign query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthParams {
    pub credential: Credential,
    /// Lower-cased names as given (not re-sorted).
    pub additional_headers: Vec<String>,
    pub signature: Option<String>,
}

/// Parse `OSS4-HMAC-SHA256 Credential=…,AdditionalHeaders=…,Signature=…`, accepting
/// `,` or `, ` and any key order.
pub fn parse_authorization(v: &str) -> Option<AuthParams> {
    let rest = v.trim().strip_prefix(ALGORITHM)?;
    let mut p = AuthParams::default();
    for part in rest.split(',') {
        let part = part.trim();
        let Some((k, val)) = part.split_once('=') else {
            continue;
        };
        match k.trim() {
            "Credential" => p.credential = Credential::parse(val),
            "AdditionalHeaders" => {
                p.additional_headers = val
                    .split(';')
                    .map(|h| h.trim().to_ascii_lowercase())
                    .filter(|h| !h.is_empty())
                    .collect()
            }
            "Signature" => p.signature = Some(val.trim().to_string()),
            _ => {}
        }
    }
    Some(p)
}

/// How a request authenticates with V4, if it does, and its parameters.
pub fn auth_of(req: &Request) -> Option<(Auth, AuthParams)> {
    if let Some(a) = req.header("authorization") {
        if let Some(p) = parse_authorization(a) {
            return Some((Auth::Header, p));
        }
    }
    if req.has_query("x-oss-credential")
        || req
            .query_value("x-oss-signature-version")
            .is_some_and(|v| v == ALGORITHM.as_bytes())
    {
        let s =
            |n: &str| String::from_utf8_lossy(&req.query_value(n).unwrap_or_default()).into_owned();
        let p = AuthParams {
            credential: Credential::parse(&s("x-oss-credential")),
            additional_headers: s("x-oss-additional-headers")
                .split(';')
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect(),
            signature: req
                .query_value("x-oss-signature")
                .map(|v| String::from_utf8_lossy(&v).into_owned()),
        };
        return Some((Auth::Query, p));
    }
    None
}

/// UriEncode: keep `A-Z a-z 0-9 - _ . ~` (and `/` when `keep_slash`), `%XX` upper-case
/// for every other byte.
pub fn uri_encode(b: &[u8], keep_slash: bool) -> String {
    let mut out = String::with_capacity(b.len() * 3);
    for &c in b {
        if c.is_ascii_alphanumeric()
            || matches!(c, b'-' | b'_' | b'.' | b'~')
            || (keep_slash && c == b'/')
        {
            out.push(c as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[(c >> 4) as usize]));
            out.push(char::from(b"0123456789ABCDEF"[(c & 15) as usize]));
        }
    }
    out
}

/// `/bucket/key` encoded, `/` kept; `/bucket/` without key, `/` without bucket.
pub fn canonical_uri(bucket: Option<&str>, key: &[u8]) -> String {
    match bucket {
        None => "/".into(),
        Some(b) => {
            let mut raw = Vec::with_capacity(b.len() + key.len() + 2);
            raw.push(b'/');
            raw.extend_from_slice(b.as_bytes());
            raw.push(b'/');
            raw.extend_from_slice(key);
            uri_encode(&raw, true)
        }
    }
}

/// Decoded pairs → `k=v&k2` (encoded, `/` encoded too, sorted by encoded name then value).
pub fn canonical_query(pairs: &[(Vec<u8>, Option<Vec<u8>>)]) -> String {
    let mut enc: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != b"x-oss-signature")
        .map(|(k, v)| {
            (
                uri_encode(k, false),
                v.as_deref()
                    .map(|v| uri_encode(v, false))
                    .unwrap_or_default(),
            )
        })
        .collect();
    enc.sort();
    enc.iter()
        .map(|(k, v)| {
            if v.is_empty() {
                k.clone()
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Is this header signed without being declared?
pub fn default_signed(lname: &str) -> bool {
    lname == "content-type" || lname == "content-md5" || lname.starts_with("x-oss-")
}

/// Everything of a canonical request, read out of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct V4Input {
    pub verb: String,
    pub uri: String,
    pub query: String,
    /// (lower-cased name, trimmed value), sorted by name; duplicates joined with ','.
    pub headers: Vec<(String, String)>,
    /// The additional-headers line: declared names that are not default-signed, sorted.
    pub additional: Vec<String>,
    pub payload_hash: String,
    pub timestamp: String,
    pub credential: Credential,
}

/// Read the canonical-request inputs of a V4 request.
pub fn input(req: &Request, loc: &Location, auth: Auth, params: &AuthParams) -> V4Input {
    let mut additional: Vec<String> = params
        .additional_headers
        .iter()
        .filter(|h| !default_signed(h))
        .cloned()
        .collect();
    additional.sort();
    additional.dedup();
    let mut headers: Vec<(String, String)> = Vec::new();
    for (k, v) in &req.headers {
        let lk = k.trim().to_ascii_lowercase();
        if default_signed(&lk) || additional.contains(&lk) {
            let v = v.trim().to_string();
            if let Some(e) = headers.iter_mut().find(|(n, _)| *n == lk) {
                e.1.push(',');
                e.1.push_str(&v);
            } else {
                headers.push((lk, v));
            }
        }
    }
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let payload_hash = req
        .header("x-oss-content-sha256")
        .unwrap_or(UNSIGNED_PAYLOAD)
        .trim()
        .to_string();
    let timestamp = match auth {
        Auth::Header => req
            .header("x-oss-date")
            .or_else(|| req.header("date"))
            .unwrap_or("")
            .trim()
            .to_string(),
        Auth::Query => {
            String::from_utf8_lossy(&req.query_value("x-oss-date").unwrap_or_default()).into_owned()
        }
    };
    V4Input {
        verb: req.method.clone().unwrap_or_else(|| "GET".into()),
        uri: canonical_uri(loc.bucket.as_deref(), &loc.key),
        query: canonical_query(&req.query_pairs()),
        headers,
        additional,
        payload_hash,
        timestamp,
        credential: params.credential.clone(),
    }
}

pub fn canonical_request(i: &V4Input) -> Vec<u8> {
    let mut s = String::with_capacity(256);
    s.push_str(&i.verb);
    s.push('\n');
    s.push_str(&i.uri);
    s.push('\n');
    s.push_str(&i.query);
    s.push('\n');
    for (k, v) in &i.headers {
        s.push_str(k);
        s.push(':');
        s.push_str(v);
        s.push('\n');
    }
    s.push('\n');
    s.push_str(&i.additional.join(";"));
    s.push('\n');
    s.push_str(&i.payload_hash);
    s.into_bytes()
}

pub fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

pub fn string_to_sign(timestamp: &str, scope: &str, canonical_request: &[u8]) -> Vec<u8> {
    format!(
        "{ALGORITHM}\n{timestamp}\n{scope}\n{}",
        sha256_hex(canonical_request)
    )
    .into_bytes()
}

fn hmac256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(msg);
    m.finalize().into_bytes().into()
}

/// kSigning = HMAC chain over date, region, product, terminator, keyed by `aliyun_v4`+secret.
pub fn signing_key(secret: &[u8], date: &str, region: &str, product: &str) -> [u8; 32] {
    let mut k = b"aliyun_v4".to_vec();
    k.extend_from_slice(secret);
    let d = hmac256(&k, date.as_bytes());
    let r = hmac256(&d, region.as_bytes());
    let p = hmac256(&r, product.as_bytes());
    hmac256(&p, TERMINATOR.as_bytes())
}

pub fn signature(signing_key: &[u8; 32], string_to_sign: &[u8]) -> String {
    hex::encode(hmac256(signing_key, string_to_sign))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_sdk_vector() {
        // vectors/c-sdk_test_oss_sign.json test_sign_v4_object_full
        let cr = "PUT\n/oss-bucket-test/test-sign-V4/-%21%40%23%24%25%5E%26%2A%28%29/abcdefjhijklmnoqprstuvwxyz/123456789\n%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&param1=value1&param2\ncontent-type:application/octet-stream\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20221016T040719Z\nx-oss-head1:value\n\n\nUNSIGNED-PAYLOAD";
        assert_eq!(
            canonical_uri(Some("oss-bucket-test"), b"test-sign-V4/-!@#$%^&*()/abcdefjhijklmnoqprstuvwxyz/123456789"),
            "/oss-bucket-test/test-sign-V4/-%21%40%23%24%25%5E%26%2A%28%29/abcdefjhijklmnoqprstuvwxyz/123456789"
        );
        let q: Vec<(Vec<u8>, Option<Vec<u8>>)> = [
            ("param1", "value1"),
            ("|param1", "value4"),
            ("+param1", "value3"),
            ("+param2", ""),
            ("|param2", ""),
            ("param2", ""),
        ]
        .iter()
        .map(|(k, v)| (k.as_bytes().to_vec(), Some(v.as_bytes().to_vec())))
        .collect();
        assert_eq!(
            canonical_query(&q),
            "%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&param1=value1&param2"
        );
        let sts = string_to_sign(
            "20221016T040719Z",
            "20221016/cn-hangzhou/oss/aliyun_v4_request",
            cr.as_bytes(),
        );
        assert!(sts.ends_with(b"37e4a372b75e657a341809b6f325d286877841d732c6622e836d2eae3255a2cc"));
        let k = signing_key(b"sk", "20221016", "cn-hangzhou", "oss");
        assert_eq!(
            signature(&k, &sts),
            "16e58322c5aafb55edd82813b02d6521caab8194882c786bf0e77b7987a63979"
        );
    }

    #[test]
    fn authorization_forms() {
        let a = parse_authorization("OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request, Signature=abc, AdditionalHeaders=host;ZAbc").unwrap();
        assert_eq!(a.credential.region, "cn-hangzhou");
        assert_eq!(a.additional_headers, ["host", "zabc"]);
        assert_eq!(a.signature.as_deref(), Some("abc"));
    }
}
