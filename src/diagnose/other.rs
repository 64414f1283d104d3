//! Errors next to SignatureDoesNotMatch (clock skew, expiry, unknown keys, tokens,
//! V4 credential errors): each gets its own explanation instead of a signature diff.
//! The offline EC table (`crate::ec`) lets an EC alone explain itself.

use super::{Diagnosis, ErrorInfo, Hint, Severity};
pub use crate::clock::parse_time;

pub use crate::ec::{ec_code, ec_info, Ec, EC_TABLE};

/// `8 h 0 min 2 s`.
pub fn span(secs: i64) -> String {
    let a = secs.unsigned_abs();
    let (d, h, m, s) = (a / 86400, a % 86400 / 3600, a % 3600 / 60, a % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d} d"));
    }
    if h > 0 || d > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 || h > 0 || d > 0 {
        parts.push(format!("{m} min"));
    }
    parts.push(format!("{s} s"));
    parts.join(" ")
}

fn other_el<'a>(e: &'a ErrorInfo, name: &str) -> Option<&'a str> {
    e.other
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn skew_text(e: &ErrorInfo) -> Option<String> {
    let rt = other_el(e, "RequestTime")?;
    let st = other_el(e, "ServerTime")?;
    let (r, s) = (parse_time(rt)?, parse_time(st)?);
    let d = r - s;
    let whole_hours = d != 0 && d % 3600 == 0 || (d.abs() % 3600 < 120 && d.abs() >= 3600);
    let mut m = format!(
        "the request time {rt} is {} {} OSS's time {st}",
        span(d),
        if d < 0 { "behind" } else { "ahead of" }
    );
    if let Some(max) =
        other_el(e, "MaxAllowedSkewMilliseconds").and_then(|x| x.trim().parse::<i64>().ok())
    {
        m.push_str(&format!(" (at most {} allowed)", span(max / 1000)));
    }
    if r < 86400 * 365 {
        m.push_str("; a request time in 1970 means the device clock was not set (or the Date was built from 0)");
    } else if whole_hours {
        m.push_str(&format!(
            "; a skew of about {} whole hour(s) is a time-zone mistake: the Date was written in local time but labelled GMT",
            d.abs() / 3600
        ));
    }
    Some(m)
}

fn expiry_text(e: &ErrorInfo) -> Option<String> {
    let st = other_el(e, "ServerTime")?;
    let s = parse_time(st)?;
    if let Some(x) = other_el(e, "Expires") {
        let t = parse_time(x)?;
        return Some(format!(
            "it expired at {x}, {} before OSS's time {st}",
            span(s - t)
        ));
    }
    let date = other_el(e, "x-oss-date").or_else(|| other_el(e, "XOssDate"))?;
    let dur: i64 = other_el(e, "x-oss-expires")?.trim().parse().ok()?;
    let t = parse_time(date)? + dur;
    Some(format!(
        "x-oss-date {date} + x-oss-expires {dur} s ended {} before OSS's time {st}",
        span(s - t)
    ))
}

fn akid_text(e: &ErrorInfo) -> (String, &'static str) {
    let id = e.access_key_id.clone().unwrap_or_default();
    let shown = if id.len() > 8 {
        format!("{}****", id.chars().take(8).collect::<String>())
    } else {
        id.clone()
    };
    if id.is_empty() {
        return (
            "OSS does not know the AccessKeyId".into(),
            "check for surrounding spaces, a deleted or disabled key, an STS key used without its token, or a key of another cloud",
        );
    }
    if id != id.trim() {
        return (
            format!("the AccessKeyId '{shown}' has leading or trailing spaces: OSS looks it up with them"),
            "trim the AccessKeyId (and the secret) where they are read from config or the environment",
        );
    }
    if id.starts_with("STS.") {
        return (
            format!("OSS does not know the STS AccessKeyId '{shown}': an STS key is only valid with its security token, and only until it expires"),
            "send x-oss-security-token (header) or security-token (URL) with the STS AccessKeyId; get fresh credentials if they expired",
        );
    }
    if id.starts_with("AKIA") || id.starts_with("ASIA") || id.starts_with("GOOG") {
        return (
            format!("the AccessKeyId '{shown}' looks like a key of another cloud (AWS/GCS), not an Alibaba Cloud one"),
            "use an Alibaba Cloud AccessKey (LTAI…) for OSS endpoints",
        );
    }
    if id.len() < 16 || !id.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'.') {
        return (
            format!("the AccessKeyId '{shown}' is not an AccessKey id at all (too short or with odd characters): a placeholder or the wrong config field"),
            "put the real AccessKeyId (LTAI…, or STS.… with its token) in the client's configuration",
        );
    }
    (
        format!("OSS does not know the AccessKeyId '{shown}'"),
        "check that the key exists and is enabled in RAM, belongs to this account, and is not an STS key used without its token",
    )
}

/// An explanation that reads the captured request (a PostObject policy against its form, a
/// callback parameter): each feature module offers one. It returns false when the error
/// is not its own.
pub type Explainer = fn(&mut Diagnosis, Option<&crate::request::Request>) -> bool;

const EXPLAINERS: &[Explainer] = &[crate::policy::explain, crate::callback::explain];

/// Explain an error that is not a signature mismatch: the first explainer that takes it,
/// else its code and EC.
pub fn explain_error(d: &mut Diagnosis, req: Option<&crate::request::Request>) {
    if !EXPLAINERS.iter().any(|x| x(d, req)) {
        explain(d);
    }
}

/// Errors next to SignatureDoesNotMatch: say what they mean.
pub fn explain(d: &mut Diagnosis) {
    let Some(e) = &d.error else { return };
    let code = e.code.clone().unwrap_or_default();
    let msg = e.message.clone().unwrap_or_default();
    let ecd = e.ec.as_deref().and_then(ec_info);
    let lower = msg.to_ascii_lowercase();
    let all_text = || {
        let mut t = lower.clone();
        for (k, v) in &e.other {
            t.push(' ');
            t.push_str(&k.to_ascii_lowercase());
            t.push(' ');
            t.push_str(&v.to_ascii_lowercase());
        }
        t
    };
    let chunked = matches!(code.as_str(), "NotImplemented" | "InvalidArgument") && {
        let t = all_text();
        t.contains("aws-chunked")
            || t.contains("chunkedencoding")
            || t.contains("streaming-")
            || t.contains("x-amz-decoded-content-length")
    };
    let (id, mut message, fix): (&'static str, String, String) = match code.as_str() {
        _ if chunked => (
            "chunked-upload-unsupported",
            format!("OSS does not support the S3 chunked upload (aws-chunked / STREAMING-… payload signing, x-amz-decoded-content-length){}", if msg.is_empty() { String::new() } else { format!(": {msg}") }),
            "turn off chunked encoding and payload signing in the S3 client (AWS SDK Java v2: chunkedEncodingEnabled(false); Go v2: RequestChecksumCalculationWhenRequired / UnsignedPayload; boto3: request_checksum_calculation='when_required'), or use the OSS SDK".into(),
        ),
        "AccessDenied" if lower.contains("bucket acl") || lower.contains("no right to access") => (
            "bucket-acl",
            format!("not a signature error: the bucket's ACL (or a bucket/RAM policy) does not let this AccessKey do this{}", if msg.is_empty() { String::new() } else { format!(" ({msg})") }),
            "grant the RAM user the action on this bucket (RAM or bucket policy), or make the bucket/object readable; the signature itself was accepted".into(),
        ),
        "AccessDenied" if lower.contains("specified endpoint") || other_el(e, "Endpoint").is_some() => (
            "wrong-endpoint",
            format!(
                "the request went to another region's endpoint than the bucket's{}",
                other_el(e, "Endpoint").map(|x| format!(": send it to {x}")).unwrap_or_default()
            ),
            "use the endpoint of the bucket's region (and for V4 the same region in the signing scope)".into(),
        ),
        "MethodNotAllowed" if other_el(e, "Method").is_some_and(|m| m.trim() == "POST") || lower.contains("post") => (
            "post-content-type",
            "OSS did not take this POST as a form upload (PostObject): its Content-Type must be multipart/form-data with a boundary, and the file field must come last".into(),
            "send the form as multipart/form-data (let the browser/FormData set the Content-Type and boundary; do not set application/json or x-www-form-urlencoded)".into(),
        ),
        "RequestTimeTooSkewed" => (
            "request-time-skewed",
            skew_text(e).unwrap_or_else(|| {
                "the request time differs from OSS's clock by more than 15 minutes".into()
            }),
            "sync the client clock (NTP) and sign with the current time in GMT".into(),
        ),
        "AccessDenied"
            if lower.contains("expired")
                || e.ec.as_deref().is_some_and(|x| x.ends_with("00000069") || x.ends_with("00000236")) =>
        (
            "url-expired",
            format!(
                "the signed URL or request has expired{}",
                expiry_text(e).map(|t| format!(": {t}")).unwrap_or_default()
            ),
            "generate a new URL; Expires is absolute Unix seconds (V1), x-oss-expires a duration in seconds from x-oss-date (V4); check the clock of the machine that signs".into(),
        ),
        "AccessDenied" if lower.contains("valid date") || e.ec.as_deref().is_some_and(|x| x.ends_with("00000503") || x.ends_with("00000502")) => (
            "date-missing",
            "OSS found no valid Date (or x-oss-date) on the request".into(),
            "send a Date header in GMT (browsers forbid setting Date: sign and send x-oss-date instead); check that a proxy does not drop it".into(),
        ),
        "InvalidAccessKeyId" => {
            let (m, f) = akid_text(e);
            ("access-key-id-invalid", m, f.into())
        }
        "SecurityTokenExpired" => (
            "security-token-expired",
            "the STS security token has expired".into(),
            "get fresh STS credentials before Expiration (STS tokens live 15 min to a few hours)".into(),
        ),
        "InvalidSecurityToken" => (
            "security-token-invalid",
            "the STS security token is invalid or was not issued with this AccessKeyId".into(),
            "send the token that came with this temporary AccessKeyId/secret, whole and unchanged".into(),
        ),
        "InvalidArgument"
            if lower.contains("region")
                || e.ec.as_deref().is_some_and(|x| x.ends_with("00000226") || x.ends_with("00000228")) =>
        (
            "v4-region-invalid",
            format!("the V4 signing region is wrong{}", if msg.is_empty() { String::new() } else { format!(" ({msg})") }),
            "set the region to the bare id of the bucket's region (cn-hangzhou): no 'oss-' prefix, no '-internal' suffix, and the bucket's own region".into(),
        ),
        "InvalidArgument"
            if lower.contains("product") || e.ec.as_deref().is_some_and(|x| x.ends_with("00000227")) =>
        (
            "v4-product-invalid",
            format!("the V4 signing product is wrong{}", if msg.is_empty() { String::new() } else { format!(" ({msg})") }),
            "the credential scope must be <date>/<region>/oss/aliyun_v4_request".into(),
        ),
        "InvalidArgument" if lower.contains("credential") || lower.contains("authorization") => (
            "authorization-invalid",
            format!("OSS could not read the Authorization/credential: {msg}"),
            "check the Authorization header's format (V1 'OSS ak:sig'; V4 'OSS4-HMAC-SHA256 Credential=…,Signature=…')".into(),
        ),
        _ => (
            "other-error",
            format!(
                "OSS answered {}{}",
                if code.is_empty() { "an error" } else { code.as_str() },
                if msg.is_empty() { String::new() } else { format!(": {msg}") }
            ),
            String::new(),
        ),
    };
    let fix = match (fix.is_empty(), ecd) {
        (true, Some(x)) => x.fix.to_string(),
        _ => fix,
    };
    if let Some(x) = ecd {
        message.push_str(&format!(" — EC {}: {}", x.ec, x.meaning));
    } else if let Some(x) = &e.ec {
        message.push_str(&format!(
            " — EC {x} (see https://api.aliyun.com/troubleshoot?q={x})"
        ));
    }
    d.hints.push(Hint {
        id,
        field: None,
        message,
        fix: if fix.is_empty() { None } else { Some(fix) },
        severity: Severity::Error,
    });
}

/// Every hint id this module gives (neighbouring errors, fragment hints, next step).
pub const CATALOG: &[(&str, &str)] = &[
    (
        "request-time-skewed",
        "the request time is more than 15 minutes from OSS's",
    ),
    ("url-expired", "the signed URL or request has expired"),
    ("date-missing", "no valid Date / x-oss-date"),
    ("access-key-id-invalid", "OSS does not know the AccessKeyId"),
    ("security-token-expired", "the STS token has expired"),
    ("security-token-invalid", "the STS token is invalid"),
    ("v4-region-invalid", "the V4 signing region is wrong"),
    ("v4-product-invalid", "the V4 signing product is wrong"),
    (
        "authorization-invalid",
        "the Authorization header cannot be read",
    ),
    (
        "chunked-upload-unsupported",
        "S3 chunked upload (aws-chunked, STREAMING-…) is not supported",
    ),
    (
        "bucket-acl",
        "AccessDenied by the bucket ACL or a policy, not a signature error",
    ),
    (
        "wrong-endpoint",
        "the request went to another region's endpoint",
    ),
    (
        "post-content-type",
        "a form POST without multipart/form-data",
    ),
    (
        "other-error",
        "another OSS error, explained by its code and EC",
    ),
    (
        "expires-milliseconds",
        "Expires in milliseconds (13 digits) in the server's string",
    ),
    (
        "bucket-doubled",
        "the bucket twice in the server's resource",
    ),
    (
        "signature-plus-as-space",
        "a space in SignatureProvided: a '+' lost on the way",
    ),
    (
        "aws-v2-scheme",
        "the S3-style scheme (AWSAccessKeyId) was used",
    ),
    ("next-step", "only one side is there: what to paste next"),
    (
        "policy-condition-failed",
        "a PostObject policy condition refused the form",
    ),
    ("policy-expired", "the PostObject policy had expired"),
    (
        "policy-invalid",
        "the PostObject policy document is invalid",
    ),
];

use crate::diagnose::hints::hint_with as info;

/// What a fragment of the server side says on its own, when no client side is there to
/// compare with: a 13-digit Expires, a space in SignatureProvided, the bucket twice in
/// the resource, the S3-style `AWSAccessKeyId`.
pub fn fragment_hints(d: &mut Diagnosis) {
    if d.verdict != super::Verdict::ServerOnly || d.client_source.is_some() || d.request.is_some() {
        return;
    }
    let has = |d: &Diagnosis, id: &str| d.hints.iter().any(|h| h.id == id);
    let mut add = Vec::new();
    if let Some(s) = &d.server_string {
        let lines: Vec<&[u8]> = s.split(|&c| c == b'\n').collect();
        let v1 = !super::fields::is_v4_layout(s) && lines.len() >= 4;
        if v1 {
            let t = lines[3];
            if t.len() == 13 && t.iter().all(u8::is_ascii_digit) && !has(d, "expires-milliseconds")
            {
                add.push(info("expires-milliseconds", Some("expires"), format!("Expires is '{}': 13 digits are milliseconds; OSS reads Unix seconds, so the URL expires in the far future and its signature was computed over another value", String::from_utf8_lossy(t)), "write Expires in seconds (Math.floor(Date.now() / 1000) + ttl), and sign that same value", Severity::Error));
            }
            let res = String::from_utf8_lossy(lines[lines.len() - 1]).into_owned();
            let segs: Vec<&str> = res.trim_start_matches('/').split(['/', '?']).collect();
            if segs.len() >= 3
                && !segs[0].is_empty()
                && segs[0] == segs[1]
                && !has(d, "bucket-doubled")
            {
                add.push(info("bucket-doubled", Some("resource"), format!("the resource OSS signed, '{res}', starts with the bucket twice: unless the key really begins with the bucket's name, the client put the bucket into the key (or the path) as well as into the host"), "pass the object key without the bucket; with a virtual-hosted endpoint the bucket is in the host only", Severity::Warning));
            }
        }
    }
    if let Some(e) = &d.error {
        if let Some(sp) = e.signature_provided.as_deref() {
            let t = sp.trim();
            if t.contains(' ') && !t.contains("  ") && !has(d, "signature-plus-as-space") {
                add.push(info("signature-plus-as-space", None, format!("SignatureProvided '{sp}' holds a space: a '+' of the base64 signature was not URL-encoded on the way and OSS decoded it as a space (it fails only for some signatures, hence 'sometimes')"), "URL-encode the Signature value (+ → %2B); use the SDK's presign call, which does", Severity::Error));
            }
        }
        let aws = e.other.iter().any(|(k, _)| k == "AWSAccessKeyId")
            || (e.access_key_id.is_some()
                && e.ec.as_deref().is_some_and(|x| {
                    matches!(
                        x.trim(),
                        "0002-00000307" | "0002-00000429" | "0002-00000430" | "0002-00000431"
                    )
                }));
        if aws && !has(d, "aws-v2-scheme") {
            add.push(info("aws-v2-scheme", None, "the request was signed with the S3-compatible scheme (an AWS-style signature, <AWSAccessKeyId> in the error): OSS rebuilt the string the S3 way".into(), "in the S3 client use the bucket's OSS endpoint, path-style or virtual-host style as OSS expects, and the OSS AccessKey; or sign with the OSS scheme (OSSAccessKeyId)", Severity::Info));
        }
    }
    d.hints.extend(add);
}

/// When one side is missing, say exactly what to paste next for the user's setup.
pub fn next_step(d: &mut Diagnosis) {
    if d.client_source.is_some() || d.request.is_some() {
        return;
    }
    let Some(e) = &d.error else { return };
    let signature = e
        .code
        .as_deref()
        .is_none_or(|c| c == "SignatureDoesNotMatch")
        || e.ec.as_deref().and_then(ec_code) == Some("SignatureDoesNotMatch");
    if !signature || d.verdict != super::Verdict::ServerOnly {
        return;
    }
    let notes = e.notes.join(" ").to_ascii_lowercase();
    let presigned = d.server_string.as_ref().is_some_and(|s| {
        let l: Vec<&[u8]> = s.split(|&c| c == b'\n').collect();
        l.len() >= 4 && !l[3].is_empty() && l[3].iter().all(u8::is_ascii_digit)
    });
    let setup = if d.auth == Some(super::AuthKind::Form) {
        "for a browser form upload: the form as the browser sent it (DevTools → Network → right-click the request → Copy as HAR, or Copy as cURL) and the application server's signature response (the JSON with policy and signature); with the secret, --secret-env checks the signature and searches what was signed"
    } else if presigned {
        "for a presigned URL: run it with curl -v and paste the whole output (curl -sv \"$URL\" -o /dev/null 2>&1 | ossdiag); for a browser upload, DevTools → Network → right-click the request → Copy as HAR"
    } else if notes.contains("go sdk") {
        "Go SDK: set the log level to debug (oss.SetLogLevel(oss.Debug) / v2: WithLogLevel(oss.LogDebug)) and paste the signStr / string-to-sign line"
    } else if notes.contains("java") {
        "Java/Android SDK: enable the SDK log (OSSLog.enableLog() / log4j DEBUG for com.aliyun.oss) and paste the string to sign, or capture the request with curl -v"
    } else if notes.contains("python") {
        "oss2: logging.basicConfig(level=logging.DEBUG) (oss2.set_stream_logger()) and paste the 'string to be signed' line"
    } else if notes.contains("js ") || notes.contains("node") {
        "ali-oss: set localStorage.debug = 'ali-oss' (browser) or DEBUG=ali-oss (Node) and paste the stringToSign it prints"
    } else {
        "the string your code signed (oss2: DEBUG logging; ali-oss: localStorage.debug = 'ali-oss'; Go SDK: the debug log level; botocore/aws cli: --debug), or the request as curl -v prints it; for a browser upload, DevTools → Network → Copy as HAR"
    };
    let have_server = d.server_string.is_some();
    let setup = if have_server {
        setup.to_string()
    } else {
        format!("the XML error body (it holds <StringToSign>; SDKs keep it in the exception's raw response), and {setup}")
    };
    let message = if have_server {
        let who = if d.dialect.is_some() {
            "the server's"
        } else {
            "OSS's"
        };
        format!("only the server's side is here: {who} string to sign, nothing to compare it with. Paste next: {setup}")
    } else {
        format!("only the error code is here (no <StringToSign>): the verdict needs the error body and one client side. Paste next: {setup}")
    };
    d.hints.push(info(
        "next-step",
        None,
        message,
        "with the AccessKeySecret at hand, run ossdiag --secret-env VAR on the error body (the secret is read from that variable, never printed): it checks the signature and searches the usual client mistakes",
        Severity::Info,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_time("1970-01-01T00:00:10.000Z"), Some(10));
        assert_eq!(
            parse_time("20251023T171529Z"),
            parse_time("2025-10-23T17:15:29Z")
        );
        assert_eq!(parse_time("Thu, 01 Jan 1970 00:01:00 GMT"), Some(60));
        assert_eq!(parse_time("1716190000"), Some(1716190000));
        assert_eq!(parse_time("garbage"), None);
        assert_eq!(span(-28800), "8 h 0 min 0 s");
    }

    fn diag(code: &str, other: &[(&str, &str)], ec: Option<&str>, ak: Option<&str>) -> Diagnosis {
        let mut d = Diagnosis::new(super::super::Verdict::OtherError);
        d.error = Some(ErrorInfo {
            code: Some(code.into()),
            ec: ec.map(str::to_string),
            access_key_id: ak.map(str::to_string),
            other: other
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            ..Default::default()
        });
        explain(&mut d);
        d
    }

    #[test]
    fn skew_and_expiry() {
        // PicGo issue 759: exactly 8 h
        let d = diag(
            "RequestTimeTooSkewed",
            &[
                ("MaxAllowedSkewMilliseconds", "900000"),
                ("RequestTime", "2021-10-10T17:51:03.000Z"),
                ("ServerTime", "2021-10-11T01:51:03.000Z"),
            ],
            None,
            None,
        );
        assert!(
            d.hints[0].message.contains("8 h 0 min 0 s behind"),
            "{}",
            d.hints[0].message
        );
        assert!(d.hints[0].message.contains("time-zone"));
        // johnlui/AliyunOSS issue 20
        let mut d = Diagnosis::new(super::super::Verdict::OtherError);
        d.error = Some(ErrorInfo {
            code: Some("AccessDenied".into()),
            message: Some("Request has expired.".into()),
            other: vec![
                ("Expires".into(), "2017-02-07T01:30:29.000Z".into()),
                ("ServerTime".into(), "2017-02-08T01:55:28.000Z".into()),
            ],
            ..Default::default()
        });
        explain(&mut d);
        assert_eq!(d.hints[0].id, "url-expired");
        assert!(
            d.hints[0].message.contains("1 d 0 h 24 min 59 s"),
            "{}",
            d.hints[0].message
        );
    }

    #[test]
    fn access_key_kinds() {
        let d = diag(
            "InvalidAccessKeyId",
            &[],
            None,
            Some(" LTAI4FrVZeAmBjCadkLDZyj1"),
        );
        assert!(d.hints[0].message.contains("spaces"));
        let d = diag(
            "InvalidAccessKeyId",
            &[],
            Some("0002-00000003"),
            Some("STS.NUQrpkhEPr98RDscmwTiUMKdc"),
        );
        assert!(d.hints[0].message.contains("token"));
        assert!(!d.hints[0].message.contains("NUQrpkhEPr98"));
        let d = diag("InvalidAccessKeyId", &[], None, Some("1"));
        assert!(d.hints[0].message.contains("not an AccessKey id"));
    }

    fn server_only(body: &str) -> Vec<Diagnosis> {
        let ev = crate::input::gather(&[("t".into(), body.as_bytes().to_vec())]);
        super::super::diagnose(&ev)
    }

    #[test]
    fn neighbouring_errors_name_their_cause() {
        let cases = [
            ("An error occurred (InvalidArgument) when calling the PutObject operation: aws-chunked encoding is not supported with the specified x-amz-content-sha256 value.", "chunked-upload-unsupported"),
            ("<Error><Code>NotImplemented</Code><Message>Aws MultiChunkedEncoding is not supported.</Message></Error>", "chunked-upload-unsupported"),
            ("<Error><Code>AccessDenied</Code><Message>You have no right to access this object because of bucket acl.</Message></Error>", "bucket-acl"),
            ("<Error><Code>AccessDenied</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message><Endpoint>oss-cn-shanghai.aliyuncs.com</Endpoint></Error>", "wrong-endpoint"),
            ("<Error><Code>MethodNotAllowed</Code><Message>The specified method is not allowed against this resource.</Message><Method>POST</Method></Error>", "post-content-type"),
        ];
        for (text, id) in cases {
            let ds = server_only(text);
            assert_eq!(ds.len(), 1, "{text}");
            let ids: Vec<&str> = ds[0].hints.iter().map(|h| h.id).collect();
            assert!(ids.contains(&id), "{text}: {ids:?}");
            assert!(
                ids.iter().all(|i| CATALOG.iter().any(|(c, _)| c == i)),
                "{ids:?}"
            );
        }
        let ds = server_only("<Error><Code>AccessDenied</Code><Message>You have no right to access this object because of bucket acl.</Message></Error>");
        assert!(ds[0].hints[0].message.contains("ACL"));
        let ds = server_only("<Error><Code>AccessDenied</Code><Message>x specified endpoint</Message><Endpoint>oss-cn-shanghai.aliyuncs.com</Endpoint></Error>");
        assert!(ds[0].hints[0]
            .message
            .contains("oss-cn-shanghai.aliyuncs.com"));
    }

    #[test]
    fn fragments_and_next_step() {
        // a 13-digit Expires, a space in the signature, the bucket twice
        let ds = server_only("<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>6jyvZH mGD80nDscjtdZPnjhHm0=</SignatureProvided><StringToSign>GET\n\n\n1716190000000\n/b/b/k.jpg</StringToSign></Error>");
        let ids: Vec<&str> = ds[0].hints.iter().map(|h| h.id).collect();
        for id in [
            "expires-milliseconds",
            "signature-plus-as-space",
            "bucket-doubled",
            "next-step",
        ] {
            assert!(ids.contains(&id), "{id}: {ids:?}");
        }
        let n = ds[0].hints.iter().find(|h| h.id == "next-step").unwrap();
        assert!(n.message.contains("curl -sv"), "{}", n.message);
        // a code alone: the error body is asked for, in the setup's words
        let ds = server_only("oss: service returned error: StatusCode=403, ErrorCode=SignatureDoesNotMatch, ErrorMessage=\"x\", RequestId=66D6421175B8B63731166AD6");
        let n = ds[0].hints.iter().find(|h| h.id == "next-step").unwrap();
        assert!(
            n.message.contains("no <StringToSign>") && n.message.contains("Go SDK"),
            "{}",
            n.message
        );
        // nothing to ask for when the client side is there
        let ds = server_only("<Error><Code>SignatureDoesNotMatch</Code><StringToSign>GET\n\n\n1\n/b/k</StringToSign></Error>\nmy StringToSign:\n```\nGET\n\n\n1\n/b/k2\n```\n");
        assert!(ds[0].hints.iter().all(|h| h.id != "next-step"));
    }

    #[test]
    fn ec_alone_explains() {
        let mut d = Diagnosis::new(super::super::Verdict::OtherError);
        d.error = Some(ErrorInfo {
            ec: Some("0002-00000704".into()),
            ..Default::default()
        });
        explain(&mut d);
        assert!(d.hints[0].message.contains("PostObject"));
        assert!(d.hints[0].fix.is_some());
    }
}
