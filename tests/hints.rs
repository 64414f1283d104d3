//! One case per hint in `hints::CATALOG`: the smallest evidence that must produce it.

use ossdiag::diagnose::{diagnose, hints::CATALOG};
use ossdiag::input::{client_string, gather};

/// An OSS error body whose server string is `sts` (bytes as hex) and, optionally, the
/// V4 canonical request `cr`.
fn body(sts: &str, cr: Option<&str>) -> String {
    let hex = |s: &str| s.bytes().map(|b| format!("{b:02X} ")).collect::<String>();
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>SignatureDoesNotMatch</Code>\n  <RequestId>5C3D9A7B1E2F3A4B5C6D7E8F</RequestId>\n  <SignatureProvided>c2lnbmF0dXJlIGZyb20gY2xpZW50</SignatureProvided>\n  <StringToSignBytes>{}</StringToSignBytes>\n",
        hex(sts)
    );
    if let Some(cr) = cr {
        x.push_str(&format!(
            "  <CanonicalRequestBytes>{}</CanonicalRequestBytes>\n",
            hex(cr)
        ));
    }
    x.push_str("  <EC>0002-00000040</EC>\n</Error>\n");
    x
}

/// Hint ids for: the error body (+ extra text such as a captured request) and a client string.
fn ids(text: &str, client: Option<&str>) -> Vec<String> {
    let mut ev = gather(&[("t".into(), text.as_bytes().to_vec())]);
    if let Some(c) = client {
        ev.client_strings
            .push(client_string(c.as_bytes().to_vec(), "test"));
    }
    let ds = diagnose(&ev);
    // Every hint speaks its scheme's words: no `{OSS}`/`{x-oss-}`… placeholder is left.
    for h in ds.iter().flat_map(|d| d.hints.iter()) {
        for t in [&h.message, h.fix.as_ref().unwrap_or(&String::new())] {
            assert!(
                !(t.contains("{OSS}")
                    || t.contains("{x-oss-")
                    || t.contains("-rule}")
                    || t.contains("{AdditionalHeaders}")),
                "{}: placeholder left in {t:?}",
                h.id
            );
        }
    }
    ds.iter()
        .flat_map(|d| d.hints.iter().map(|h| h.id.to_string()))
        .collect()
}

#[test]
fn s3_style_hints_name_the_s3_header_family() {
    let text = aws_body()
        + "PUT /k%2Bx HTTP/1.1\nHost: b.s3.us-east-1.amazonaws.com\nx-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date: 20231216T162057Z\nx-amz-meta-via: proxy-01\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20231216/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=00\n";
    let ev = gather(&[("t".into(), text.into_bytes())]);
    let d = &diagnose(&ev)[0];
    let h = d
        .hints
        .iter()
        .find(|h| h.id == "signed-family-header-unlisted")
        .expect("the unlisted x-amz header is named");
    assert!(h.message.contains("SignedHeaders"), "{}", h.message);
    let fix = h.fix.as_deref().unwrap_or_default();
    assert!(fix.contains("x-amz-*") && !fix.contains("x-oss"), "{fix}");
}

const D: &str = "Wed, 24 May 2023 02:12:30 GMT";

fn v1(lines: &[&str]) -> String {
    lines.join("\n")
}

const CR: &str = "PUT\n/b/k%2Bx\nacl&x-oss-expires=60\ncontent-type:text/plain\nhost:b.oss-cn-hangzhou.aliyuncs.com\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20231216T162057Z\n\nhost\nUNSIGNED-PAYLOAD";

fn v4_sts(date: &str, region: &str, product: &str, term: &str, hash: &str) -> String {
    format!("OSS4-HMAC-SHA256\n{date}T162057Z\n{date}/{region}/{product}/{term}\n{hash}")
}

fn v4_case(client_cr: &str) -> (String, String) {
    let h = ossdiag::sign::v4::sha256_hex(CR.as_bytes());
    (
        body(
            &v4_sts("20231216", "cn-hangzhou", "oss", "aliyun_v4_request", &h),
            Some(CR),
        ),
        client_cr.to_string(),
    )
}

/// An S3-style V4 canonical request (virtual-hosted, body hash sent) and its error body.
const ACR: &str = "PUT\n/k%2Bx\n\nhost:b.s3.us-east-1.amazonaws.com\nx-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:20231216T162057Z\n\nhost;x-amz-content-sha256;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn aws_body() -> String {
    let h = ossdiag::sign::v4::sha256_hex(ACR.as_bytes());
    body(
        &format!("AWS4-HMAC-SHA256\n20231216T162057Z\n20231216/us-east-1/s3/aws4_request\n{h}"),
        Some(ACR),
    )
}

/// (hint id, evidence text, client string)
fn cases() -> Vec<(&'static str, String, Option<String>)> {
    let s = |x: &str| Some(x.to_string());
    let base = v1(&["PUT", "", "text/plain", D, "x-oss-meta-a:1", "/b/k"]);
    let with = |f: &dyn Fn(&mut Vec<String>)| {
        let mut l: Vec<String> = base.split('\n').map(str::to_string).collect();
        f(&mut l);
        l.join("\n")
    };
    let req = |extra: &str| {
        format!("PUT /k HTTP/1.1\nHost: b.oss-cn-hangzhou.aliyuncs.com\nContent-Type: text/plain\nDate: {D}\nx-oss-meta-a: 1\n{extra}\n")
    };
    let b = body(&base, None);
    let h = ossdiag::sign::v4::sha256_hex(CR.as_bytes());
    let sts = |d: &str, r: &str, p: &str, t: &str| v4_sts(d, r, p, t, &h);
    let v4b = body(
        &sts("20231216", "cn-hangzhou", "oss", "aliyun_v4_request"),
        Some(CR),
    );
    let cr_with = |from: &str, to: &str| CR.replacen(from, to, 1);
    let v4req = "PUT /k%2Bx?acl&x-oss-expires=9999999 HTTP/1.1\nHost: b.oss-cn-hangzhou.aliyuncs.com\nContent-Type: text/plain\nx-oss-date: 20231216T162057Z\nx-oss-content-sha256: UNSIGNED-PAYLOAD\nAuthorization: OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=host,Signature=00\n";
    vec![
        ("crlf-line-endings", b.clone(), s(&base.replace('\n', "\r\n"))),
        ("verb-case", b.clone(), s(&with(&|l| l[0] = "put".into()))),
        ("verb-changed", b.clone(), s(&with(&|l| l[0] = "GET".into()))),
        ("content-md5-differs", b.clone(), s(&with(&|l| l[1] = "eB5eJF1ptWaXm4bijSPyxw==".into()))),
        ("content-type-not-signed", b.clone(), s(&with(&|l| l[2] = String::new()))),
        ("content-type-not-sent", body(&with(&|l| l[2] = String::new()), None), s(&base)),
        ("content-type-charset", b.clone(), s(&with(&|l| l[2] = "text/plain; charset=UTF-8".into()))),
        ("content-type-differs", b.clone(), s(&with(&|l| l[2] = "text/html".into()))),
        ("date-vs-x-oss-date", body(&v1(&["PUT", "", "", "Thu, 25 May 2023 02:12:30 GMT", "x-oss-date:Thu, 25 May 2023 02:12:30 GMT", "/b/k"]), None), s(&v1(&["PUT", "", "", D, "x-oss-date:Thu, 25 May 2023 02:12:30 GMT", "/b/k"]))),
        ("date-differs", b.clone(), s(&with(&|l| l[3] = "Thu, 25 May 2023 02:12:30 GMT".into()))),
        ("expires-milliseconds", body(&v1(&["GET", "", "", "1700000000", "/b/k"]), None), s(&v1(&["GET", "", "", "1700000000000", "/b/k"]))),
        ("expires-differs", body(&v1(&["GET", "", "", "1700000000", "/b/k"]), None), s(&v1(&["GET", "", "", "1700000900", "/b/k"]))),
        ("x-oss-header-added-in-transit", body(&v1(&["PUT", "", "text/plain", D, "x-oss-meta-a:1", "x-oss-range-behavior:standard", "/b/k"]), None) + &req(""), None),
        ("x-oss-header-not-signed", b.clone(), s(&v1(&["PUT", "", "text/plain", D, "/b/k"]))),
        ("x-oss-header-not-sent", b.clone(), s(&v1(&["PUT", "", "text/plain", D, "x-oss-meta-a:1", "x-oss-meta-b:2", "/b/k"]))),
        ("header-whitespace", b.clone(), s(&with(&|l| l[4] = "x-oss-meta-a: 1".into()))),
        ("header-name-case", b.clone(), s(&with(&|l| l[4] = "X-OSS-Meta-A:1".into()))),
        ("header-value-differs", b.clone(), s(&with(&|l| l[4] = "x-oss-meta-a:2".into()))),
        ("headers-not-sorted", body(&v1(&["PUT", "", "", D, "x-oss-a:1", "x-oss-b:2", "/b/k"]), None), s(&v1(&["PUT", "", "", D, "x-oss-b:2", "x-oss-a:1", "/b/k"]))),
        ("trailing-newline", b.clone(), s(&format!("{base}\n\n"))),
        ("key-url-encoded", body(&with(&|l| l[5] = "/b/my key.txt".into()), None), s(&with(&|l| l[5] = "/b/my%20key.txt".into()))),
        ("bucket-doubled", b.clone(), s(&with(&|l| l[5] = "/b/b/k".into()))),
        ("bucket-missing", b.clone(), s(&with(&|l| l[5] = "/k".into()))),
        ("bucket-differs", b.clone(), s(&with(&|l| l[5] = "/other/k".into()))),
        ("resource-changed-in-transit", body(&with(&|l| l[5] = "/b/x/k".into()), None) + "PUT /x/../k HTTP/1.1\nHost: b.oss-cn-hangzhou.aliyuncs.com\nContent-Type: text/plain\nDate: Wed, 24 May 2023 02:12:30 GMT\nx-oss-meta-a: 1\n", None),
        ("key-differs", b.clone(), s(&with(&|l| l[5] = "/b/K".into()))),
        ("subresource-missing", body(&with(&|l| l[5] = "/b/k?acl".into()), None), s(&base)),
        ("subresource-extra", b.clone(), s(&with(&|l| l[5] = "/b/k?prefix=a".into()))),
        ("subresource-value-differs", body(&with(&|l| l[5] = "/b/k?versionId=a b".into()), None), s(&with(&|l| l[5] = "/b/k?versionId=a%20b".into()))),
        ("subresource-not-sorted", body(&with(&|l| l[5] = "/b/k?acl&uploadId=1".into()), None), s(&with(&|l| l[5] = "/b/k?uploadId=1&acl".into()))),
        ("secret-differs", b.clone(), s(&base)),
        ("request-changed-in-transit", b.clone() + &req("X-Oss-Meta-B: 2"), s(&base)),
        ("signature-plus-as-space", body(&v1(&["GET", "", "", "1700000000", "/b/k"]), None) + "https://b.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=ak&Expires=1700000000&Signature=ab+cd%3D\n", None),
        ("text-bytes-disagree", b.replace("<StringToSignBytes>", "<StringToSign>PUT\n\ntext/plain\nWed, 24 May 2023 02:12:30 GMT\nx-oss-meta-a:1\n/bucket/k</StringToSign>\n<StringToSignBytes>"), None),
        ("v4-region-oss-prefix", v4b.clone(), s(&sts("20231216", "oss-cn-hangzhou", "oss", "aliyun_v4_request"))),
        ("v4-region-mismatch", v4b.clone(), s(&sts("20231216", "cn-shanghai", "oss", "aliyun_v4_request"))),
        ("v4-scope-date-mismatch", v4b.clone(), s(&sts("20231217", "cn-hangzhou", "oss", "aliyun_v4_request"))),
        ("v4-product", v4b.clone(), s(&sts("20231216", "cn-hangzhou", "s3", "aliyun_v4_request"))),
        ("v4-terminator", v4b.clone(), s(&sts("20231216", "cn-hangzhou", "oss", "aws4_request"))),
        ("v4-timestamp-differs", v4b.clone(), s(&sts("20231216", "cn-hangzhou", "oss", "aliyun_v4_request").replace("T162057Z", "T162058Z"))),
        ("v4-payload-hash", v4_case(&cr_with("\nUNSIGNED-PAYLOAD", "\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").replace("x-oss-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "x-oss-content-sha256:UNSIGNED-PAYLOAD")).0, s(&cr_with("\n\nhost\nUNSIGNED-PAYLOAD", "\n\nhost\nabc"))),
        ("v4-host-not-declared", v4b.clone(), s(&cr_with("\n\nhost\n", "\n\n\n"))),
        ("v4-additional-headers-differs", v4b.clone(), s(&cr_with("\n\nhost\n", "\n\nhost;range\n"))),
        ("v4-uri-double-encoded", v4b.clone(), s(&cr_with("/b/k%2Bx", "/b/k%252Bx"))),
        ("v4-plus-in-key", v4b.clone(), s(&cr_with("/b/k%2Bx", "/b/k+x"))),
        ("v4-uri-not-encoded", v4_case(&CR.replace("/b/k%2Bx", "/b/k%20x")).0.replace(&h, &ossdiag::sign::v4::sha256_hex(CR.replace("/b/k%2Bx", "/b/k%20x").as_bytes())).replace(&hexs(CR), &hexs(&CR.replace("/b/k%2Bx", "/b/k%20x"))), s(&cr_with("/b/k%2Bx", "/b/k x"))),
        ("v4-uri-differs", v4b.clone(), s(&cr_with("/b/k%2Bx", "/k%2Bx"))),
        ("canonical-request-hash-differs", body(&sts("20231216", "cn-hangzhou", "oss", "aliyun_v4_request"), None), s(&sts("20231216", "cn-hangzhou", "oss", "aliyun_v4_request").replace(&h[..4], "ffff"))),
        ("v4-query-differs", v4b.clone(), s(&cr_with("acl&x-oss-expires=60", "acl=&x-oss-expires=60"))),
        ("v4-query-not-sorted", v4b.clone(), s(&cr_with("acl&x-oss-expires=60", "x-oss-expires=60&acl"))),
        ("v4-headers-not-sorted", v4b.clone(), s(&cr_with("content-type:text/plain\nhost:b.oss-cn-hangzhou.aliyuncs.com\n", "host:b.oss-cn-hangzhou.aliyuncs.com\ncontent-type:text/plain\n"))),
        ("v4-expires-range", v4b.clone() + v4req, None),
        ("security-token-not-signed", body(&with(&|l| l[5] = "/b/k?security-token=CAISExampleToken".into()), None), s(&base)),
        ("subresource-value-encoding", body(&with(&|l| l[5] = "/b/k?x-oss-process=image/resize,w_100".into()), None), s(&with(&|l| l[5] = "/b/k?x-oss-process=image%2Fresize%2Cw_100".into()))),
        ("path-double-slash", v4b.clone(), s(&cr_with("/b/k%2Bx", "/b//k%2Bx"))),
        ("path-encoded-slash", v4b.clone(), s(&cr_with("/b/k%2Bx", "/b%2Fk%2Bx"))),
        ("path-style-mismatch", aws_body(), s(&ACR.replacen("/k%2Bx", "/b/k%2Bx", 1))),
        ("payload-streaming", aws_body(), s(&format!("{}STREAMING-AWS4-HMAC-SHA256-PAYLOAD", &ACR[..ACR.len() - 64]))),
        ("payload-checksum-trailer", aws_body(), s(&format!("{}STREAMING-UNSIGNED-PAYLOAD-TRAILER", &ACR[..ACR.len() - 64]))),
        ("payload-hash-unsigned-vs-body", aws_body(), s(&format!("{}UNSIGNED-PAYLOAD", &ACR[..ACR.len() - 64]))),
        ("signed-family-header-unlisted", aws_body() + "PUT /k%2Bx HTTP/1.1\nHost: b.s3.us-east-1.amazonaws.com\nx-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date: 20231216T162057Z\nx-amz-meta-via: proxy-01\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20231216/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=00\n", None),
    ]
}

fn hexs(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02X} ")).collect()
}

#[test]
fn every_hint_has_a_case_that_gives_it() {
    let cases = cases();
    let mut failures = Vec::new();
    for (id, text, client) in &cases {
        let got = ids(text, client.as_deref());
        if !got.iter().any(|g| g == id) {
            failures.push(format!("{id}: got {got:?}"));
        }
    }
    for (id, _) in CATALOG {
        assert!(
            cases.iter().any(|(c, _, _)| c == id),
            "no test case for hint {id}"
        );
    }
    assert!(
        failures.is_empty(),
        "{} hints not given:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_given_hint_is_in_the_catalog() {
    for (_, text, client) in cases() {
        for id in ids(&text, client.as_deref()) {
            assert!(
                CATALOG.iter().any(|(c, _)| *c == id)
                    || ossdiag::diagnose::other::CATALOG
                        .iter()
                        .any(|(c, _)| *c == id),
                "hint {id} is not in hints::CATALOG nor other::CATALOG"
            );
        }
    }
}
