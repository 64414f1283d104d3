//! Snapshots of every renderer (text, JSON, markdown) on hand-built `Diagnosis` values:
//! a V1 mismatch, a V4 mismatch, an S3-style V4 case and a neighbouring error. The values
//! are written out here, not produced by the pipeline, so a change in reading or
//! diagnosing does not churn these snapshots, and a change in rendering shows in them.

use ossdiag::diagnose::align::Op;
use ossdiag::diagnose::{
    AuthKind, ClientSource, Diagnosis, ErrorInfo, Hint, RequestInfo, Row, ServerFrom, Severity,
    SigVersion, Status, Verdict,
};
use ossdiag::render::{render, Format, Style};

fn b(s: &str) -> Option<Vec<u8>> {
    Some(s.as_bytes().to_vec())
}

fn same(name: &str, v: &str) -> Row {
    Row {
        name: name.into(),
        status: Status::Match,
        server: b(v),
        client: b(v),
        first_diff: None,
        ops: vec![Op::Same(v.as_bytes().to_vec())],
    }
}

/// A differing row: the common prefix, what only the server and only the client have,
/// the common rest.
fn differs(name: &str, prefix: &str, server: &str, client: &str, rest: &str) -> Row {
    let mut ops = Vec::new();
    if !prefix.is_empty() {
        ops.push(Op::Same(prefix.as_bytes().to_vec()));
    }
    if !server.is_empty() {
        ops.push(Op::Server(server.as_bytes().to_vec()));
    }
    if !client.is_empty() {
        ops.push(Op::Client(client.as_bytes().to_vec()));
    }
    if !rest.is_empty() {
        ops.push(Op::Same(rest.as_bytes().to_vec()));
    }
    Row {
        name: name.into(),
        status: Status::Differs,
        server: b(&format!("{prefix}{server}{rest}")),
        client: b(&format!("{prefix}{client}{rest}")),
        first_diff: Some(prefix.len()),
        ops,
    }
}

fn only(name: &str, v: &str, server: bool) -> Row {
    Row {
        name: name.into(),
        status: if server {
            Status::ServerOnly
        } else {
            Status::ClientOnly
        },
        server: if server { b(v) } else { None },
        client: if server { None } else { b(v) },
        first_diff: None,
        ops: vec![if server {
            Op::Server(v.as_bytes().to_vec())
        } else {
            Op::Client(v.as_bytes().to_vec())
        }],
    }
}

fn hint(id: &'static str, field: &str, message: &str, fix: &str, severity: Severity) -> Hint {
    Hint {
        id,
        field: Some(field.into()),
        message: message.into(),
        fix: Some(fix.into()),
        severity,
    }
}

fn error(code: &str, ec: &str, ak: &str) -> ErrorInfo {
    ErrorInfo {
        code: Some(code.into()),
        message: Some("The request signature we calculated does not match the signature you provided. Check your key and signing method.".into()),
        request_id: Some("65F1A2B3C4D5E6F708192A3B".into()),
        host_id: Some("examplebucket.oss-cn-hangzhou.aliyuncs.com".into()),
        ec: Some(ec.into()),
        access_key_id: Some(ak.into()),
        signature_provided: Some("pa+4CdYoBvB1HMxto0OAAbCMyLw=".into()),
        other: Vec::new(),
        notes: Vec::new(),
    }
}

fn blank(version: SigVersion, verdict: Verdict) -> Diagnosis {
    Diagnosis {
        version: Some(version),
        auth: Some(AuthKind::Header),
        verdict,
        culprits: Vec::new(),
        rows: Vec::new(),
        client_source: None,
        client_origin: None,
        client_string: None,
        server_string: None,
        server_from: None,
        server_canonical_request: None,
        client_canonical_request: None,
        error: None,
        request: None,
        hints: Vec::new(),
        notes: Vec::new(),
        sensitive: Vec::new(),
        search: None,
        dialect: None,
    }
}

/// V1, header auth: the client signed no Content-Type; its string came from a ticket.
fn v1_mismatch() -> Diagnosis {
    let server =
        "PUT\n\ntext/plain\nThu, 20 Aug 2026 14:33:35 GMT\nx-oss-meta-owner:Bob\n/acme/a.txt";
    let client = "PUT\n\n\nThu, 20 Aug 2026 14:33:35 GMT\nx-oss-meta-owner:Bob\n/acme/a.txt";
    let mut d = blank(SigVersion::V1, Verdict::Mismatch);
    d.culprits = vec!["content-type".into()];
    d.rows = vec![
        same("verb", "PUT"),
        same("content-md5", ""),
        differs("content-type", "", "text/plain", "", ""),
        same("date", "Thu, 20 Aug 2026 14:33:35 GMT"),
        same("header:x-oss-meta-owner", "x-oss-meta-owner:Bob"),
        same("resource", "/acme/a.txt"),
    ];
    d.client_source = Some(ClientSource::ClientString);
    d.client_origin =
        Some("a V1 string to sign pasted in the ticket under its label (line 26)".into());
    d.client_string = b(client);
    d.server_string = b(server);
    d.server_from = Some(ServerFrom::Bytes);
    d.error = Some(error(
        "SignatureDoesNotMatch",
        "0002-00000040",
        "LTAI5tExampleAK",
    ));
    d.hints = vec![hint(
        "content-type-not-signed",
        "content-type",
        "the request carried 'Content-Type: text/plain' but your client signed an empty Content-Type line",
        "set the Content-Type explicitly before signing and sign that value",
        Severity::Error,
    )];
    d.notes = vec![
        "e-mail/Markdown quote markers ('> ') were removed from 20 lines before reading".into(),
    ];
    d
}

/// OSS4, presigned URL rebuilt from a captured request: the key was encoded twice.
fn v4_mismatch() -> Diagnosis {
    let scr = "GET\n/examplebucket/a%20b.txt\nx-oss-credential=LTAI5tExampleAK%2F20260101%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-date=20260101T000000Z&x-oss-expires=60&x-oss-signature-version=OSS4-HMAC-SHA256\n\n\nUNSIGNED-PAYLOAD";
    let ccr = "GET\n/examplebucket/a%2520b.txt\nx-oss-credential=LTAI5tExampleAK%2F20260101%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-date=20260101T000000Z&x-oss-expires=60&x-oss-signature-version=OSS4-HMAC-SHA256\n\n\nUNSIGNED-PAYLOAD";
    let mut d = blank(SigVersion::V4, Verdict::Mismatch);
    d.auth = Some(AuthKind::Query);
    d.culprits = vec!["uri".into()];
    d.rows = vec![
        same("algorithm", "OSS4-HMAC-SHA256"),
        same("timestamp", "20260101T000000Z"),
        same("scope.date", "20260101"),
        same("scope.region", "cn-hangzhou"),
        same("scope.product", "oss"),
        same("scope.terminator", "aliyun_v4_request"),
        differs("canonical-request-hash", "", "5f0c", "9a1e", ""),
        same("verb", "GET"),
        differs("uri", "/examplebucket/a%", "", "25", "20b.txt"),
        same("payload-hash", "UNSIGNED-PAYLOAD"),
    ];
    d.client_source = Some(ClientSource::CapturedRequest);
    d.server_canonical_request = b(scr);
    d.client_canonical_request = b(ccr);
    d.server_string =
        b("OSS4-HMAC-SHA256\n20260101T000000Z\n20260101/cn-hangzhou/oss/aliyun_v4_request\n5f0c");
    d.client_string =
        b("OSS4-HMAC-SHA256\n20260101T000000Z\n20260101/cn-hangzhou/oss/aliyun_v4_request\n9a1e");
    d.server_from = Some(ServerFrom::Bytes);
    d.error = Some(error(
        "SignatureDoesNotMatch",
        "0002-00000201",
        "LTAI5tExampleAK",
    ));
    d.request = Some(RequestInfo {
        kind: "presigned URL",
        method: Some("GET".into()),
        host: Some("examplebucket.oss-cn-hangzhou.aliyuncs.com".into()),
        target:
            "/a%2520b.txt?x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-signature=0123456789abcdef"
                .into(),
        auth: Some(AuthKind::Query),
        notes: Vec::new(),
    });
    d.hints = vec![hint(
        "v4-uri-double-encoded",
        "uri",
        "the URI was encoded twice ('/examplebucket/a%2520b.txt'); OSS encodes the decoded key once ('/examplebucket/a%20b.txt')",
        "encode the decoded object key once, keeping '/'",
        Severity::Error,
    )];
    d.sensitive = vec!["0123456789abcdef".into()];
    d
}

/// AWS4 against OSS's S3-compatible endpoint: a chunked upload, a botocore debug log.
fn aws_v4() -> Diagnosis {
    let mut d = blank(SigVersion::AwsV4, Verdict::Mismatch);
    d.culprits = vec!["payload-hash".into()];
    d.rows = vec![
        same("algorithm", "AWS4-HMAC-SHA256"),
        same("timestamp", "20260101T000000Z"),
        same("scope.region", "cn-hangzhou"),
        same("scope.service", "s3"),
        same("signed-headers", "host;x-amz-content-sha256;x-amz-date"),
        differs(
            "payload-hash",
            "",
            "UNSIGNED-PAYLOAD",
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            "",
        ),
        only(
            "header:x-amz-decoded-content-length",
            "x-amz-decoded-content-length:12",
            false,
        ),
    ];
    d.client_source = Some(ClientSource::ClientString);
    d.client_origin = Some("botocore debug log (CanonicalRequest)".into());
    d.server_string =
        b("AWS4-HMAC-SHA256\n20260101T000000Z\n20260101/cn-hangzhou/s3/aws4_request\n1111");
    d.client_string =
        b("AWS4-HMAC-SHA256\n20260101T000000Z\n20260101/cn-hangzhou/s3/aws4_request\n2222");
    d.server_from = Some(ServerFrom::Text);
    d.error = Some(error(
        "SignatureDoesNotMatch",
        "0002-00000430",
        "AKIAOSSDIAGEXAMPLE01",
    ));
    d.hints = vec![
        hint(
            "payload-streaming",
            "payload-hash",
            "the payload hash is 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': a chunked (aws-chunked) upload; OSS does not support chunked signing",
            "turn chunked encoding / payload signing off in the S3 client",
            Severity::Error,
        ),
        hint(
            "signed-family-header-unlisted",
            "header:x-amz-meta-trace-id",
            "the request sends 'x-amz-meta-trace-id' but SignedHeaders does not list it",
            "sign every x-amz-* header the request carries",
            Severity::Warning,
        ),
    ];
    d
}

/// Not a signature error: the clock is off.
fn other_error() -> Diagnosis {
    let mut d = blank(SigVersion::V1, Verdict::OtherError);
    d.version = None;
    d.auth = None;
    let mut e = error("RequestTimeTooSkewed", "0002-00000504", "LTAI5tExampleAK");
    e.message =
        Some("The difference between the request time and the current time is too large.".into());
    e.other = vec![
        ("RequestTime".into(), "2026-01-01T08:00:02Z".into()),
        ("ServerTime".into(), "2026-01-01T00:00:00Z".into()),
    ];
    d.error = Some(e);
    d.hints = vec![Hint {
        id: "clock-skew",
        field: None,
        message: "the request time is 8 h 0 min 2 s ahead of OSS's time (more than 15 minutes)".into(),
        fix: Some("sync the client clock (NTP); a time zone sent as GMT is the usual cause of whole hours".into()),
        severity: Severity::Error,
    }];
    d.notes = vec!["no string to sign: the error is not a signature mismatch".into()];
    d
}

fn cases() -> Vec<(&'static str, Diagnosis)> {
    vec![
        ("v1-mismatch", v1_mismatch()),
        ("v4-mismatch", v4_mismatch()),
        ("aws-v4", aws_v4()),
        ("other-error", other_error()),
    ]
}

const PLAIN: Style = Style {
    color: false,
    show_sensitive: false,
};

#[test]
fn text_on_hand_built_diagnoses() {
    for (name, d) in cases() {
        insta::assert_snapshot!(
            format!("hand-text-{name}"),
            render(&[d], Format::Text, PLAIN)
        );
    }
}

#[test]
fn json_on_hand_built_diagnoses() {
    for (name, d) in cases() {
        let v: serde_json::Value =
            serde_json::from_str(&render(&[d], Format::Json, PLAIN)).expect("JSON");
        insta::assert_json_snapshot!(format!("hand-json-{name}"), v);
    }
}

#[test]
fn markdown_on_hand_built_diagnoses() {
    for (name, d) in cases() {
        insta::assert_snapshot!(
            format!("hand-markdown-{name}"),
            render(&[d], Format::Markdown, PLAIN)
        );
    }
}

#[test]
fn a_pasted_client_string_is_named_by_where_it_came_from() {
    let out = render(&[v1_mismatch()], Format::Text, PLAIN);
    assert!(
        out.contains("pasted in the ticket under its label (line 26)"),
        "{out}"
    );
    assert!(!out.contains("(--client-string)"), "{out}");
    let md = render(&[aws_v4()], Format::Markdown, PLAIN);
    assert!(md.contains("botocore debug log"), "{md}");
}

#[test]
fn presigned_signatures_are_masked_by_default() {
    let out = render(&[v4_mismatch()], Format::Text, PLAIN);
    assert!(!out.contains("0123456789abcdef"), "{out}");
}
