//! Signature V4 (`OSS4-HMAC-SHA256`, Authorization header and presigned URL): canonical
//! request, string to sign and the `aliyun_v4` signing-key chain, rebuilt from a request.
//! Rules and sources: `../shared/spec/oss-signing.md` §4.

use crate::request::{Location, Request};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub const ALGORITHM: &str = "OSS4-HMAC-SHA256";
pub const TERMINATOR: &str = "aliyun_v4_request";
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// What differs between `OSS4-HMAC-SHA256` and `AWS4-HMAC-SHA256`: constants and two
/// rules, as values. The layout of both strings is the same.
#[derive(Debug)]
pub struct Dialect {
    pub algorithm: &'static str,
    /// Prefixed to the secret to key the chain: `aliyun_v4` or `AWS4`.
    pub key_prefix: &'static str,
    pub terminator: &'static str,
    /// The header family signed by default (OSS) and the date/payload headers' prefix.
    pub header_prefix: &'static str,
    pub date_header: &'static str,
    pub payload_header: &'static str,
    /// Presigned-URL parameter names: credential, date, signature, header list.
    pub q_credential: &'static str,
    pub q_date: &'static str,
    pub q_signature: &'static str,
    pub q_headers: &'static str,
    /// The marker that a URL is presigned with this dialect (`x-oss-signature-version`,
    /// `X-Amz-Algorithm`), whose value is the algorithm.
    pub q_algorithm: &'static str,
    /// The Authorization key that lists headers: `AdditionalHeaders` or `SignedHeaders`.
    pub list_key: &'static str,
    /// AWS signs exactly the listed headers and the list line names all of them; OSS signs
    /// Content-Type, Content-MD5 and every x-oss-* header by default and lists the others.
    pub explicit_list: bool,
    /// AWS writes an empty query value as `name=`; OSS writes the bare name.
    pub empty_value_eq: bool,
    /// AWS (S3): the canonical URI is the request path; OSS: `/bucket/key`.
    pub uri_is_path: bool,
    /// The field names of the third scope part and the header-list line.
    pub scope_third: &'static str,
    pub list_field: &'static str,
}

/// OSS Signature V4 (spec §4).
pub static OSS4: Dialect = Dialect {
    algorithm: ALGORITHM,
    key_prefix: "aliyun_v4",
    terminator: TERMINATOR,
    header_prefix: "x-oss-",
    date_header: "x-oss-date",
    payload_header: "x-oss-content-sha256",
    q_credential: "x-oss-credential",
    q_date: "x-oss-date",
    q_signature: "x-oss-signature",
    q_headers: "x-oss-additional-headers",
    q_algorithm: "x-oss-signature-version",
    list_key: "AdditionalHeaders",
    explicit_list: false,
    empty_value_eq: false,
    uri_is_path: false,
    scope_third: "scope.product",
    list_field: "additional-headers",
};

/// AWS Signature V4 for S3 (botocore `S3SigV4Auth`, `S3SigV4QueryAuth`), as S3 and OSS's
/// S3-compatible API take it.
pub static AWS4: Dialect = Dialect {
    algorithm: "AWS4-HMAC-SHA256",
    key_prefix: "AWS4",
    terminator: "aws4_request",
    header_prefix: "x-amz-",
    date_header: "x-amz-date",
    payload_header: "x-amz-content-sha256",
    q_credential: "X-Amz-Credential",
    q_date: "X-Amz-Date",
    q_signature: "X-Amz-Signature",
    q_headers: "X-Amz-SignedHeaders",
    q_algorithm: "X-Amz-Algorithm",
    list_key: "SignedHeaders",
    explicit_list: true,
    empty_value_eq: true,
    uri_is_path: true,
    scope_third: "scope.service",
    list_field: "signed-headers",
};

/// Is this a string to sign of the V4 layout, whatever its dialect (`OSS4-HMAC-SHA256`,
/// `AWS4-HMAC-SHA256`)? Its first line is the algorithm, `<vendor>4-HMAC-SHA256`.
pub fn is_v4_layout(s: &[u8]) -> bool {
    let first = s
        .split(|&c| c == b'\n' || c == b' ')
        .next()
        .unwrap_or_default();
    first.len() > 13
        && first.ends_with(b"4-HMAC-SHA256")
        && first.iter().all(|c| c.is_ascii_graphic())
}

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
    parse_authorization_with(&OSS4, v)
}

/// Parse an Authorization header of this dialect.
pub fn parse_authorization_with(d: &Dialect, v: &str) -> Option<AuthParams> {
    let rest = v.trim().strip_prefix(d.algorithm)?;
    let mut p = AuthParams::default();
    for part in rest.split(',') {
        let part = part.trim();
        let Some((k, val)) = part.split_once('=') else {
            continue;
        };
        match k.trim() {
            "Credential" => p.credential = Credential::parse(val),
            k if k == d.list_key => {
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
    auth_of_with(&OSS4, req)
}

/// How a request authenticates with this dialect, if it does, and its parameters.
pub fn auth_of_with(d: &Dialect, req: &Request) -> Option<(Auth, AuthParams)> {
    if let Some(a) = req.header("authorization") {
        if let Some(p) = parse_authorization_with(d, a) {
            return Some((Auth::Header, p));
        }
    }
    if req.has_query(d.q_credential)
        || req
            .query_value(d.q_algorithm)
            .is_some_and(|v| v == d.algorithm.as_bytes())
    {
        let s =
            |n: &str| String::from_utf8_lossy(&req.query_value(n).unwrap_or_default()).into_owned();
        let p = AuthParams {
            credential: Credential::parse(&s(d.q_credential)),
            additional_headers: s(d.q_headers)
                .split(';')
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect(),
            signature: req
                .query_value(d.q_signature)
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
    canonical_query_with(&OSS4, pairs)
}

/// The canonical query of a dialect: its signature parameter left out, empty values as
/// the bare name (OSS) or `name=` (AWS).
pub fn canonical_query_with(d: &Dialect, pairs: &[(Vec<u8>, Option<Vec<u8>>)]) -> String {
    let mut enc: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != d.q_signature.as_bytes())
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
            if v.is_empty() && !d.empty_value_eq {
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
    input_with(&OSS4, req, loc, auth, params)
}

/// Read the canonical-request inputs of a request signed in this dialect.
pub fn input_with(
    d: &Dialect,
    req: &Request,
    loc: &Location,
    auth: Auth,
    params: &AuthParams,
) -> V4Input {
    let mut additional: Vec<String> = params
        .additional_headers
        .iter()
        .filter(|h| d.explicit_list || !default_signed(h))
        .cloned()
        .collect();
    additional.sort();
    additional.dedup();
    let mut headers: Vec<(String, String)> = Vec::new();
    for (k, v) in &req.headers {
        let lk = k.trim().to_ascii_lowercase();
        let signed = if d.explicit_list {
            additional.contains(&lk)
        } else {
            default_signed(&lk) || additional.contains(&lk)
        };
        if signed {
            // AWS folds runs of spaces inside a value to one (SigV4 canonical headers).
            let v = if d.explicit_list {
                v.split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                v.trim().to_string()
            };
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
        .header(d.payload_header)
        .unwrap_or(UNSIGNED_PAYLOAD)
        .trim()
        .to_string();
    let timestamp = match auth {
        Auth::Header => req
            .header(d.date_header)
            .or_else(|| req.header("date"))
            .unwrap_or("")
            .trim()
            .to_string(),
        Auth::Query => {
            String::from_utf8_lossy(&req.query_value(d.q_date).unwrap_or_default()).into_owned()
        }
    };
    let uri = if d.uri_is_path {
        let p = crate::request::percent_decode(req.raw_path());
        let u = uri_encode(&p, true);
        if u.is_empty() {
            "/".into()
        } else {
            u
        }
    } else {
        canonical_uri(loc.bucket.as_deref(), &loc.key)
    };
    V4Input {
        verb: req.method.clone().unwrap_or_else(|| "GET".into()),
        uri,
        query: canonical_query_with(d, &req.query_pairs()),
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
    string_to_sign_with(&OSS4, timestamp, scope, canonical_request)
}

pub fn string_to_sign_with(
    d: &Dialect,
    timestamp: &str,
    scope: &str,
    canonical_request: &[u8],
) -> Vec<u8> {
    format!(
        "{}\n{timestamp}\n{scope}\n{}",
        d.algorithm,
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
    signing_key_with(&OSS4, secret, date, region, product)
}

/// The signing key of a dialect: keyed by its prefix + secret, ending in its terminator.
pub fn signing_key_with(
    d: &Dialect,
    secret: &[u8],
    date: &str,
    region: &str,
    service: &str,
) -> [u8; 32] {
    let mut k = d.key_prefix.as_bytes().to_vec();
    k.extend_from_slice(secret);
    let dk = hmac256(&k, date.as_bytes());
    zeroize::Zeroize::zeroize(&mut k);
    let r = hmac256(&dk, region.as_bytes());
    let p = hmac256(&r, service.as_bytes());
    hmac256(&p, d.terminator.as_bytes())
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
    fn aws_s3_get_object_example() {
        // AWS S3 SigV4 documentation, "Example: GET Object" (Authenticating Requests:
        // Using the Authorization Header): the published canonical request hash and signature.
        let mut r = Request::new(crate::request::CaptureKind::RawHttp);
        r.method = Some("GET".into());
        r.target = "/test.txt".into();
        r.headers = vec![
            ("Host".into(), "examplebucket.s3.amazonaws.com".into()),
            ("Range".into(), "bytes=0-9".into()),
            ("x-amz-content-sha256".into(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".into()),
            ("x-amz-date".into(), "20130524T000000Z".into()),
            ("Authorization".into(), "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41".into()),
        ];
        let (auth, p) = auth_of_with(&AWS4, &r).unwrap();
        assert_eq!(auth, Auth::Header);
        let loc = crate::request::locate(r.host_name().as_deref(), r.raw_path(), None);
        let i = input_with(&AWS4, &r, &loc, auth, &p);
        let cr = canonical_request(&i);
        assert_eq!(
            sha256_hex(&cr),
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"
        );
        let sts = string_to_sign_with(&AWS4, &i.timestamp, &i.credential.scope(), &cr);
        let k = signing_key_with(
            &AWS4,
            b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "20130524",
            "us-east-1",
            "s3",
        );
        assert_eq!(
            signature(&k, &sts),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
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
