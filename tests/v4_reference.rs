//! Known answers for V4 canonical requests, not built with the code under test.
//!
//! A property: for generated requests, the OSS4 and AWS4 canonical requests that
//! `sign::v4` rebuilds equal a reference written here, line by line from the spec rules
//! (`../shared/spec/oss-signing.md` §4; AWS SigV4 for S3), with plain string code.
//! And AWS's published S3 examples keep their published signatures.

use ossdiag::request::{locate, CaptureKind, Request};
use ossdiag::sign::v4::{self, Dialect, AWS4, OSS4};
use proptest::prelude::*;

#[path = "common/v4ref.rs"]
mod v4ref;
use v4ref::enc;

// ----------------------------------------------------------------- the reference

#[derive(Debug, Clone)]
struct Req {
    method: &'static str,
    bucket: String,
    key: Vec<u8>,
    path_style: bool,
    /// Decoded query pairs; `None` is a bare name.
    query: Vec<(String, Option<String>)>,
    /// Headers as sent (name, value), Host excluded.
    headers: Vec<(String, String)>,
}

impl Req {
    fn host(&self, dl: &Dialect) -> String {
        let base = if std::ptr::eq(dl, &AWS4) {
            "s3.oss-cn-hangzhou.aliyuncs.com"
        } else {
            "oss-cn-hangzhou.aliyuncs.com"
        };
        if self.path_style {
            base.to_string()
        } else {
            format!("{}.{base}", self.bucket)
        }
    }
    /// The path as sent: the key (and for path-style the bucket) encoded once.
    fn raw_path(&self) -> String {
        let mut p = b"/".to_vec();
        if self.path_style {
            p.extend_from_slice(self.bucket.as_bytes());
            p.push(b'/');
        }
        p.extend_from_slice(&self.key);
        enc(&p, true)
    }
}

/// The reference canonical request of `r` (see `v4ref::canonical_request`).
fn reference(dl: &Dialect, r: &Req, listed: &[&str], payload: &str) -> String {
    let aws = std::ptr::eq(dl, &AWS4);
    let mut path = b"/".to_vec();
    if r.path_style || !aws {
        path.extend_from_slice(r.bucket.as_bytes());
        path.push(b'/');
    }
    path.extend_from_slice(&r.key);
    let mut headers = r.headers.clone();
    headers.push(("Host".into(), r.host(dl)));
    v4ref::canonical_request(&v4ref::Parts {
        aws,
        method: r.method,
        path: &path,
        query: &r.query,
        headers: &headers,
        listed,
        payload,
    })
}

// ----------------------------------------------------------------- generated requests

fn key() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9_.-]{1,4}".prop_map(String::into_bytes),
            Just(b"/".to_vec()),
            Just(b" ".to_vec()),
            Just(b"+".to_vec()),
            Just(b"~".to_vec()),
            Just(b"%".to_vec()),
            Just(b"!*'()".to_vec()),
            Just("中文".as_bytes().to_vec()),
        ],
        1..8,
    )
    .prop_map(|v| v.concat())
}

fn req() -> impl Strategy<Value = (Req, bool)> {
    (
        prop_oneof![Just("GET"), Just("PUT"), Just("HEAD"), Just("DELETE")],
        "[a-z][a-z0-9-]{2,8}",
        key(),
        any::<bool>(),
        proptest::collection::vec(
            (
                prop_oneof![
                    Just("acl".to_string()),
                    Just("uploadId".to_string()),
                    Just("response-content-type".to_string()),
                    Just("x-oss-process".to_string()),
                    Just("prefix".to_string()),
                    Just("a b".to_string()),
                ],
                proptest::option::of("[a-zA-Z0-9 /+=,~*-]{0,8}"),
            ),
            0..4,
        ),
        proptest::collection::vec(
            (
                prop_oneof![
                    Just("Content-Type"),
                    Just("Content-MD5"),
                    Just("Range"),
                    Just("X-Meta-Owner"),
                    Just("Cache-Control"),
                ],
                "[a-zA-Z0-9=/;-]{1,6}( {1,3}[a-z]{1,3})?",
            ),
            0..3,
        ),
        any::<bool>(),
    )
        .prop_map(|(method, bucket, key, path_style, mut query, hdrs, aws)| {
            // One value per name: a repeated name has no single spec order to check.
            query.sort_by(|a, b| a.0.cmp(&b.0));
            query.dedup_by(|a, b| a.0 == b.0);
            let fam = if aws { "x-amz-meta-" } else { "x-oss-meta-" };
            let mut headers: Vec<(String, String)> = Vec::new();
            for (k, v) in hdrs {
                let k = if k == "X-Meta-Owner" {
                    format!("{fam}owner")
                } else {
                    k.to_string()
                };
                if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(&k)) {
                    headers.push((k, format!(" {v} ")));
                }
            }
            (
                Req {
                    method,
                    bucket,
                    key,
                    path_style,
                    query,
                    headers,
                },
                aws,
            )
        })
}

/// The request as the code under test sees it: a raw target, headers, Authorization.
fn to_request(dl: &Dialect, r: &Req, listed: &[&str], payload: &str) -> Request {
    let q: Vec<String> = r
        .query
        .iter()
        .map(|(k, v)| match v {
            Some(v) => format!("{}={}", enc(k.as_bytes(), false), enc(v.as_bytes(), false)),
            None => enc(k.as_bytes(), false),
        })
        .collect();
    let mut target = r.raw_path();
    if !q.is_empty() {
        target.push('?');
        target.push_str(&q.join("&"));
    }
    let mut req = Request::new(CaptureKind::RawHttp);
    req.method = Some(r.method.to_string());
    req.target = target;
    req.headers = r.headers.clone();
    req.headers.push(("Host".into(), r.host(dl)));
    req.headers
        .push((dl.date_header.into(), "20260101T000000Z".into()));
    req.headers.push((dl.payload_header.into(), payload.into()));
    req.headers.push((
        "Authorization".into(),
        format!(
            "{} Credential=ak/20260101/cn-hangzhou/{}/{},{}={},Signature=00",
            dl.algorithm,
            if std::ptr::eq(dl, &AWS4) { "s3" } else { "oss" },
            dl.terminator,
            dl.list_key,
            listed.join(";")
        ),
    ));
    req
}

fn rebuilt(dl: &Dialect, r: &Request) -> String {
    let (auth, params) = v4::auth_of_with(dl, r).expect("a V4 request");
    let loc = locate(r.host_name().as_deref(), r.raw_path(), None);
    let cr = v4::canonical_request(&v4::input_with(dl, r, &loc, auth, &params));
    String::from_utf8_lossy(&cr).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn v4_canonical_requests_follow_the_rules((r, aws) in req()) {
        let dl: &Dialect = if aws { &AWS4 } else { &OSS4 };
        let (payload, listed): (&str, Vec<String>) = if aws {
            // AWS4 lists every signed header: host, the date and payload headers, the rest.
            let mut l: Vec<String> = vec!["host".into(), dl.date_header.into(), dl.payload_header.into()];
            l.extend(r.headers.iter().map(|(k, _)| k.to_lowercase()).filter(|k| k != "cache-control"));
            ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", l)
        } else {
            ("UNSIGNED-PAYLOAD", vec!["host".into()])
        };
        let mut listed_sorted = listed.clone();
        listed_sorted.sort();
        listed_sorted.dedup();
        let listed: Vec<&str> = listed_sorted.iter().map(String::as_str).collect();
        let mut with_date = r.clone();
        with_date.headers.push((dl.date_header.into(), "20260101T000000Z".into()));
        with_date.headers.push((dl.payload_header.into(), payload.into()));
        let want = reference(dl, &with_date, &listed, payload);
        let got = rebuilt(dl, &to_request(dl, &r, &listed, payload));
        prop_assert_eq!(got, want);
    }
}

// ----------------------------------------------------------------- AWS's published examples

/// method, target, extra headers, payload hash, SignedHeaders.
type Example = (
    &'static str,
    &'static str,
    Vec<(&'static str, &'static str)>,
    &'static str,
    &'static str,
);

/// AWS S3 API reference, "Signature Calculations for the Authorization Header" examples
/// (examplebucket, 20130524T000000Z, us-east-1): the published signatures.
#[test]
fn aws_published_examples_keep_their_signatures() {
    let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    let put_body = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    let cases: [Example; 4] = [
        (
            "GET",
            "/test.txt",
            vec![("Range", "bytes=0-9")],
            empty,
            "host;range;x-amz-content-sha256;x-amz-date",
        ),
        (
            "PUT",
            "/test%24file.text",
            vec![
                ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
                ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ],
            put_body,
            "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
        ),
        (
            "GET",
            "/?lifecycle",
            vec![],
            empty,
            "host;x-amz-content-sha256;x-amz-date",
        ),
        (
            "GET",
            "/?max-keys=2&prefix=J",
            vec![],
            empty,
            "host;x-amz-content-sha256;x-amz-date",
        ),
    ];
    let published = [
        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
        "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
        "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
        "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
    ];
    for ((method, target, extra, payload, signed), want) in cases.into_iter().zip(published) {
        let mut r = Request::new(CaptureKind::RawHttp);
        r.method = Some(method.into());
        r.target = target.into();
        r.headers
            .push(("Host".into(), "examplebucket.s3.amazonaws.com".into()));
        for (k, v) in extra {
            r.headers.push((k.into(), v.into()));
        }
        r.headers
            .push(("x-amz-content-sha256".into(), payload.into()));
        r.headers
            .push(("x-amz-date".into(), "20130524T000000Z".into()));
        r.headers.push((
            "Authorization".into(),
            format!("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders={signed},Signature={want}"),
        ));
        let (auth, p) = v4::auth_of_with(&AWS4, &r).expect("AWS4 request");
        let loc = locate(r.host_name().as_deref(), r.raw_path(), None);
        let i = v4::input_with(&AWS4, &r, &loc, auth, &p);
        let cr = v4::canonical_request(&i);
        let sts = v4::string_to_sign_with(&AWS4, &i.timestamp, &i.credential.scope(), &cr);
        let k = v4::signing_key_with(
            &AWS4,
            b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "20130524",
            "us-east-1",
            "s3",
        );
        assert_eq!(v4::signature(&k, &sts), want, "{method} {target}");
    }
}
