//! Signature V1 (`Authorization: OSS ak:sig`, and presigned URLs with
//! `OSSAccessKeyId/Expires/Signature`): the string to sign, rebuilt from a request.
//! Rules and sources: `../shared/spec/oss-signing.md` §1 and §2.

use super::subres::{self, Class};
use crate::request::{Location, Request};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    Header,
    Query,
}

/// What differs between the OSS V1 scheme and the S3-style V2 scheme it was copied
/// from: constants and two rules, as values (the line model is the same).
#[derive(Debug)]
pub struct Dialect {
    /// `OSS ` or `AWS ` before `AccessKeyId:Signature` in the Authorization header.
    pub auth_prefix: &'static str,
    /// The signed header family: `x-oss-` or `x-amz-`.
    pub header_prefix: &'static str,
    /// The AccessKeyId query parameter of a presigned URL.
    pub akid_param: &'static str,
    /// The date header that stands in for Date.
    pub date_header: &'static str,
    /// OSS: the date header wins over Date. S3: the Date line is Date, empty when only
    /// the date header is sent (it is signed as an x-amz-* line).
    pub date_header_wins: bool,
    /// S3 signs the path as sent (still percent-encoded); OSS signs the decoded key.
    pub raw_path: bool,
    /// Which query parameters are sub-resources.
    pub subresource: fn(&[u8]) -> Class,
    /// botocore keeps `acl=` as sent; OSS signs an empty value as the bare name.
    pub keep_empty_eq: bool,
}

/// Signature V1 of OSS (spec §1–§2).
pub static OSS: Dialect = Dialect {
    auth_prefix: "OSS ",
    header_prefix: "x-oss-",
    akid_param: "OSSAccessKeyId",
    date_header: "x-oss-date",
    date_header_wins: true,
    raw_path: false,
    subresource: subres::class,
    keep_empty_eq: false,
};

/// S3-style V2 (`Authorization: AWS AK:sig`), as OSS's S3-compatible API and S3 take it:
/// botocore `HmacV1Auth` / `HmacV1QueryAuth`.
pub static AWS: Dialect = Dialect {
    auth_prefix: "AWS ",
    header_prefix: "x-amz-",
    akid_param: "AWSAccessKeyId",
    date_header: "x-amz-date",
    date_header_wins: false,
    raw_path: true,
    subresource: subres::class_s3,
    keep_empty_eq: true,
};

/// Parameters the server names in its own resource, when known: these settle the
/// sub-resource status of every parameter the SDK lists disagree on.
#[derive(Debug, Clone, Default)]
pub struct Hints<'a> {
    pub server_subresources: Option<&'a [Vec<u8>]>,
}

/// Everything needed to build a V1 string, already read out of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct V1Input {
    pub verb: Vec<u8>,
    pub content_md5: Vec<u8>,
    pub content_type: Vec<u8>,
    /// Date (header auth: x-oss-date wins over Date) or Expires (URL auth).
    pub date: Vec<u8>,
    /// (lower-cased name, value) of every x-oss-* header, in capture order.
    pub oss_headers: Vec<(Vec<u8>, Vec<u8>)>,
    pub bucket: Option<Vec<u8>>,
    pub key: Vec<u8>,
    /// Decoded (name, value) sub-resources, in capture order.
    pub subresources: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    /// Sign `name=` for a sent empty value (S3), rather than the bare name (OSS).
    pub keep_empty_eq: bool,
}

/// How a request authenticates with V1 (OSS dialect), if it does.
pub fn auth_of(req: &Request) -> Option<Auth> {
    auth_of_with(&OSS, req)
}

/// How a request authenticates with this dialect, if it does.
pub fn auth_of_with(d: &Dialect, req: &Request) -> Option<Auth> {
    if let Some(a) = req.header("authorization") {
        if a.trim_start().starts_with(d.auth_prefix) {
            return Some(Auth::Header);
        }
    }
    if req.has_query(d.akid_param)
        || (d.akid_param == OSS.akid_param
            && req.has_query("Signature")
            && req.has_query("Expires")
            && !req.has_query(AWS.akid_param))
    {
        return Some(Auth::Query);
    }
    None
}

/// Read the V1 inputs out of a request (OSS dialect).
pub fn input(req: &Request, loc: &Location, auth: Auth, hints: &Hints) -> V1Input {
    input_with(&OSS, req, loc, auth, hints)
}

/// Read the V1 inputs out of a request, in a dialect.
pub fn input_with(
    d: &Dialect,
    req: &Request,
    loc: &Location,
    auth: Auth,
    hints: &Hints,
) -> V1Input {
    let get = |n: &str| {
        req.header(n)
            .map(|v| v.as_bytes().to_vec())
            .unwrap_or_default()
    };
    let date = match auth {
        Auth::Header if d.date_header_wins => req
            .header(d.date_header)
            .or_else(|| req.header("date"))
            .map(|v| v.as_bytes().to_vec())
            .unwrap_or_default(),
        Auth::Header => get("date"),
        Auth::Query => req.query_value("Expires").unwrap_or_default(),
    };
    let mut oss_headers: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for (k, v) in &req.headers {
        let lk = k.trim().to_ascii_lowercase();
        if lk.starts_with(d.header_prefix) {
            if let Some(e) = oss_headers.iter_mut().find(|(n, _)| n == lk.as_bytes()) {
                // Duplicates are joined with ',' (go2-v1; RFC 7230 §3.2.2).
                e.1.push(b',');
                e.1.extend_from_slice(v.trim().as_bytes());
            } else {
                oss_headers.push((lk.into_bytes(), v.trim().as_bytes().to_vec()));
            }
        }
    }
    let server = hints.server_subresources;
    let mut subresources: Vec<(Vec<u8>, Option<Vec<u8>>)> = Vec::new();
    for (k, v) in req.query_pairs() {
        let take = match (d.subresource)(&k) {
            Class::Known => true,
            Class::Uncertain => server.is_none_or(|s| s.contains(&k)),
            Class::No => server.is_some_and(|s| s.contains(&k)) && !is_auth_param(&k),
        };
        if take && !subresources.iter().any(|(n, _)| *n == k) {
            subresources.push((k, v));
        }
    }
    let key = if d.raw_path {
        raw_key(req.raw_path(), loc)
    } else {
        loc.key.clone()
    };
    V1Input {
        verb: req
            .method
            .clone()
            .unwrap_or_else(|| "GET".into())
            .into_bytes(),
        content_md5: get("content-md5"),
        content_type: get("content-type"),
        date,
        oss_headers,
        bucket: loc.bucket.as_ref().map(|b| b.as_bytes().to_vec()),
        key,
        subresources,
        keep_empty_eq: d.keep_empty_eq,
    }
}

/// The key as it was on the wire (still encoded): the raw path less the leading `/`
/// and, path-style, the bucket segment.
fn raw_key(raw_path: &str, loc: &Location) -> Vec<u8> {
    let p = raw_path.strip_prefix('/').unwrap_or(raw_path);
    match loc.style {
        crate::request::HostStyle::PathStyle => p.split_once('/').map_or("", |(_, k)| k),
        _ => p,
    }
    .as_bytes()
    .to_vec()
}

fn is_auth_param(k: &[u8]) -> bool {
    matches!(
        k,
        b"OSSAccessKeyId" | b"AWSAccessKeyId" | b"Expires" | b"Signature"
    )
}

/// The canonicalized resource: `/bucket/key?sub&res=v` with everything decoded.
pub fn resource(
    bucket: Option<&[u8]>,
    key: &[u8],
    subresources: &[(Vec<u8>, Option<Vec<u8>>)],
) -> Vec<u8> {
    resource_with(bucket, key, subresources, false)
}

/// The canonicalized resource; `keep_empty_eq` writes a sent empty value as `name=`.
pub fn resource_with(
    bucket: Option<&[u8]>,
    key: &[u8],
    subresources: &[(Vec<u8>, Option<Vec<u8>>)],
    keep_empty_eq: bool,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(key.len() + 32);
    out.push(b'/');
    if let Some(b) = bucket {
        out.extend_from_slice(b);
        out.push(b'/');
        out.extend_from_slice(key);
    }
    let mut subs: Vec<&(Vec<u8>, Option<Vec<u8>>)> = subresources.iter().collect();
    subs.sort_by(|a, b| a.0.cmp(&b.0));
    for (i, (k, v)) in subs.iter().enumerate() {
        out.push(if i == 0 { b'?' } else { b'&' });
        out.extend_from_slice(k);
        if let Some(v) = v.as_ref().filter(|v| keep_empty_eq || !v.is_empty()) {
            out.push(b'=');
            out.extend_from_slice(v);
        }
    }
    out
}

/// The string to sign for V1 inputs.
pub fn string_to_sign(i: &V1Input) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    for line in [&i.verb, &i.content_md5, &i.content_type, &i.date] {
        out.extend_from_slice(line);
        out.push(b'\n');
    }
    let mut hs: Vec<&(Vec<u8>, Vec<u8>)> = i.oss_headers.iter().collect();
    hs.sort_by(|a, b| a.0.cmp(&b.0));
    for (k, v) in hs {
        out.extend_from_slice(k);
        out.push(b':');
        out.extend_from_slice(v);
        out.push(b'\n');
    }
    out.extend_from_slice(&resource_with(
        i.bucket.as_deref(),
        &i.key,
        &i.subresources,
        i.keep_empty_eq,
    ));
    out
}

/// base64(HMAC-SHA1(secret, string)).
pub fn signature(secret: &[u8], string_to_sign: &[u8]) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(string_to_sign);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{locate, CaptureKind};

    #[test]
    fn doc_example() {
        // doc-v1hdr example, secret and expected signature from the doc.
        let s = "PUT\nODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=\ntext/html\nThu, 17 Nov 2005 18:49:58 GMT\nx-oss-magic:abracadabra\nx-oss-meta-author:foo@bar.com\n/oss-example/nelson";
        assert_eq!(
            signature(b"OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV", s.as_bytes()),
            "26NBxoKdsyly4EDv6inkoDft/yA="
        );
    }

    #[test]
    fn rebuild_from_request() {
        let mut r = Request::new(CaptureKind::RawHttp);
        r.method = Some("PUT".into());
        r.target = "/nelson?acl&uploadId=x%20y&prefix=a".into();
        r.headers = vec![
            (
                "Host".into(),
                "oss-example.oss-cn-hangzhou.aliyuncs.com".into(),
            ),
            ("Content-Type".into(), "text/html".into()),
            ("Date".into(), "Thu, 17 Nov 2005 18:49:58 GMT".into()),
            ("X-OSS-Meta-Author".into(), "foo@bar.com".into()),
            ("X-OSS-Magic".into(), " abracadabra ".into()),
        ];
        let loc = locate(r.host_name().as_deref(), r.raw_path(), None);
        let i = input(&r, &loc, Auth::Header, &Hints::default());
        assert_eq!(
            String::from_utf8(string_to_sign(&i)).unwrap(),
            "PUT\n\ntext/html\nThu, 17 Nov 2005 18:49:58 GMT\nx-oss-magic:abracadabra\nx-oss-meta-author:foo@bar.com\n/oss-example/nelson?acl&uploadId=x y"
        );
    }
}
