//! Likely causes and fixes. Each hint has a stable id (tests and JSON use it), the
//! field it is about, a message that says what happened, and a fix.

use super::align::{Row, Status};
use super::resource;
use super::{ClientSource, ErrorInfo};
use crate::bytes::visible;
use crate::request::{percent_decode, Request};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// A cause of the failure.
    Error,
    /// Something wrong that may not be the cause.
    Warning,
    /// Context.
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub id: &'static str,
    pub field: Option<String>,
    pub message: String,
    pub fix: Option<String>,
    pub severity: Severity,
}

/// A hint on an optional field, with a fix and a severity.
pub(crate) fn hint_with(
    id: &'static str,
    field: Option<&str>,
    message: String,
    fix: &str,
    severity: Severity,
) -> Hint {
    Hint {
        id,
        field: field.map(str::to_string),
        message,
        fix: Some(fix.to_string()),
        severity,
    }
}

fn hint(id: &'static str, field: &str, message: String, fix: &str) -> Hint {
    Hint {
        id,
        field: Some(field.to_string()),
        message,
        fix: if fix.is_empty() {
            None
        } else {
            Some(fix.to_string())
        },
        severity: Severity::Error,
    }
}

fn s(b: &[u8]) -> String {
    visible(b)
}

/// The words a hint uses that differ between dialects (OSS's own schemes and the
/// S3-style ones): header family, parameter and header names, who computed the server
/// side, and the rules that read differently. Hint texts name them as `{OSS}`,
/// `{x-oss-}`, `{x-oss-date}`… and [`speak`] puts the dialect's words in: one text per
/// hint, never a copy per scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    /// Who computed the server side: `OSS`, or `the server` (OSS's S3-compatible API or S3).
    pub server: &'static str,
    pub header_prefix: &'static str,
    pub date_header: &'static str,
    pub payload_header: &'static str,
    /// The Authorization key that lists headers (V4): `AdditionalHeaders`, `SignedHeaders`.
    pub list_key: &'static str,
    pub q_signature: &'static str,
    pub akid_param: &'static str,
    pub terminator: &'static str,
    /// The third part of a V4 scope: `oss` (the product) or `s3` (the service).
    pub service: &'static str,
    /// What the third scope part must be.
    pub service_rule: &'static str,
    /// How the region is written in the scope.
    pub region_rule: &'static str,
    /// What the payload-hash line is.
    pub payload_rule: &'static str,
    /// What the header list of a V4 Authorization must hold.
    pub list_rule: &'static str,
    /// What the canonical URI is.
    pub uri_rule: &'static str,
    /// How an empty query value is written in the canonical query.
    pub empty_value: &'static str,
}

impl Words {
    /// OSS's own schemes (V1, OSS2, OSS4).
    pub const OSS: Words = Words {
        server: "OSS",
        header_prefix: "x-oss-",
        date_header: "x-oss-date",
        payload_header: "x-oss-content-sha256",
        list_key: "AdditionalHeaders",
        q_signature: "x-oss-signature",
        akid_param: "OSSAccessKeyId",
        terminator: "aliyun_v4_request",
        service: "oss",
        service_rule: "the product is 'oss' ('oss-cloudbox' for cloud box, with the box id as region)",
        region_rule: "sign with region=cn-hangzhou, not oss-cn-hangzhou (ali-oss and the v2 SDKs strip the prefix; set region explicitly in others)",
        payload_rule: "use UNSIGNED-PAYLOAD (and send x-oss-content-sha256: UNSIGNED-PAYLOAD in header auth)",
        list_rule: "every non-default header you sign (host, content-length…) must be listed in AdditionalHeaders, and every listed header signed; x-oss-*, content-type and content-md5 are signed without being listed",
        uri_rule: "the canonical URI is /bucket/key (bucket included even for virtual-hosted hosts), the decoded key encoded once with '/' kept",
        empty_value: "write a bare name for an empty value",
    };
}

/// Put the dialect's words into the hints' texts.
pub fn speak(hints: &mut [Hint], w: &Words) {
    let subst = |t: &str| -> String {
        if !t.contains('{') {
            return t.to_string();
        }
        t.replace("{OSS}", w.server)
            .replace("{x-oss-}", w.header_prefix)
            .replace("{x-oss-date}", w.date_header)
            .replace("{x-oss-content-sha256}", w.payload_header)
            .replace("{AdditionalHeaders}", w.list_key)
            .replace("{x-oss-signature}", w.q_signature)
            .replace("{OSSAccessKeyId}", w.akid_param)
            .replace("{aliyun_v4_request}", w.terminator)
            .replace("{oss}", w.service)
            .replace("{service-rule}", w.service_rule)
            .replace("{region-rule}", w.region_rule)
            .replace("{payload-rule}", w.payload_rule)
            .replace("{list-rule}", w.list_rule)
            .replace("{uri-rule}", w.uri_rule)
            .replace("{empty-value}", w.empty_value)
    };
    for h in hints.iter_mut() {
        h.message = subst(&h.message);
        h.fix = h.fix.as_deref().map(subst);
    }
}

/// What the V1 rules look at besides the rows.
pub struct Ctx<'a> {
    pub server: Option<&'a [u8]>,
    pub client: Option<&'a [u8]>,
    pub source: Option<ClientSource>,
    pub req: Option<&'a Request>,
    pub rebuilt: Option<&'a [u8]>,
}

impl Ctx<'_> {
    fn is_request(&self) -> bool {
        self.source == Some(ClientSource::CapturedRequest)
    }
    fn who(&self) -> &'static str {
        if self.is_request() {
            "the captured request"
        } else {
            "your client"
        }
    }
}

/// Hints for the rows of a V1 comparison.
pub fn v1(rows: &[Row], ctx: &Ctx) -> Vec<Hint> {
    let mut out = Vec::new();
    let (Some(server), Some(client)) = (ctx.server, ctx.client) else {
        return out;
    };
    if server == client {
        return out;
    }
    // Whole-string shapes first: they explain many rows at once.
    let crlf = client.windows(2).filter(|w| w == b"\r\n").count();
    if crlf >= 2 && !server.windows(2).any(|w| w == b"\r\n") {
        out.push(hint(
            "crlf-line-endings",
            "verb",
            format!("the client string has CRLF line ends ({crlf} of them); {{OSS}} joins the lines with \\n only"),
            "build the string with \"\\n\" (LF), not \"\\r\\n\" or the platform's line separator",
        ));
    }
    for r in rows.iter().filter(|r| r.differs()) {
        let sv = r.server.as_deref();
        let cv = r.client.as_deref();
        match r.name.as_str() {
            "verb" => verb(&mut out, sv, cv, ctx),
            "content-type" => content_type(&mut out, sv, cv, ctx),
            "content-md5" => out.push(hint(
                "content-md5-differs",
                "content-md5",
                format!(
                    "Content-MD5 differs: {{OSS}} used '{}', {} '{}'",
                    s(sv.unwrap_or_default()),
                    if ctx.is_request() { "the captured request has" } else { "your client signed" },
                    s(cv.unwrap_or_default())
                ),
                "sign the Content-MD5 header exactly as sent (base64 of the 16-byte MD5), or leave the line empty when the header is not sent",
            )),
            "date" => date(&mut out, server, sv, cv, ctx),
            "expires" => expires(&mut out, sv, cv),
            "resource" => resource_hints(&mut out, sv.unwrap_or_default(), cv.unwrap_or_default(), ctx),
            n if n.starts_with("header:") => header(&mut out, r, ctx),
            _ => {}
        }
    }
    // Same fields, different order.
    if rows.iter().all(|r| !r.differs()) {
        let sh: Vec<&str> = rows
            .iter()
            .filter(|r| r.name.starts_with("header:"))
            .map(|r| r.name.as_str())
            .collect();
        let ch = client_header_order(client);
        if ch.len() == sh.len() && ch != sh.iter().map(|s| s.to_string()).collect::<Vec<_>>() {
            out.push(hint(
                "headers-not-sorted",
                sh.first().copied().unwrap_or("header:"),
                "the {x-oss-}* header lines are the same but not in the same order".into(),
                "sort the {x-oss-}* lines by lower-cased name (byte order) before joining them",
            ));
        }
    }
    out
}

fn client_header_order(client: &[u8]) -> Vec<String> {
    super::fields::split_v1(client)
        .into_iter()
        .filter(|f| f.name.starts_with("header:"))
        .map(|f| f.name)
        .collect()
}

fn verb(out: &mut Vec<Hint>, sv: Option<&[u8]>, cv: Option<&[u8]>, ctx: &Ctx) {
    let (sv, cv) = (sv.unwrap_or_default(), cv.unwrap_or_default());
    if sv.eq_ignore_ascii_case(cv) {
        out.push(hint(
            "verb-case",
            "verb",
            format!(
                "the method is '{}' in the client string but {{OSS}} signs '{}'",
                s(cv),
                s(sv)
            ),
            "put the HTTP method in upper case",
        ));
    } else if ctx.is_request() {
        out.push(hint(
            "verb-changed",
            "verb",
            format!(
                "the request was sent as {} but {{OSS}} received {}: something on the way changed the method (a CDN turning HEAD into GET, a redirect turning PUT into GET)",
                s(cv),
                s(sv)
            ),
            "sign the method {OSS} receives, or stop the proxy/CDN from rewriting it (send GET instead of HEAD through a CDN)",
        ));
    } else {
        out.push(hint(
            "verb-changed",
            "verb",
            format!("your client signed {} but the request reached {{OSS}} as {}", s(cv), s(sv)),
            "sign the same method the request is sent with (a presigned URL is only valid for the method it was signed for)",
        ));
    }
}

fn strip_charset(v: &[u8]) -> &[u8] {
    match v.iter().position(|&c| c == b';') {
        Some(p) => {
            let mut e = p;
            while e > 0 && v[e - 1] == b' ' {
                e -= 1;
            }
            &v[..e]
        }
        None => v,
    }
}

fn content_type(out: &mut Vec<Hint>, sv: Option<&[u8]>, cv: Option<&[u8]>, ctx: &Ctx) {
    let (sv, cv) = (sv.unwrap_or_default(), cv.unwrap_or_default());
    let lower = |b: &[u8]| b.to_ascii_lowercase();
    if !sv.is_empty() && cv.is_empty() {
        let (msg, fix) = if ctx.is_request() {
            (
                format!("{{OSS}} received 'Content-Type: {}' but the captured request has none: something between the capture and {{OSS}} (a proxy, gateway, CDN or the HTTP stack below the capture) added it", s(sv)),
                "sign the Content-Type that will be sent (for a presigned PUT, pass the same Content-Type when generating the URL), or make the client send none",
            )
        } else {
            (
                format!("the request carried 'Content-Type: {}' but your client signed an empty Content-Type line: the HTTP library (or browser) added the header after signing", s(sv)),
                "set the Content-Type explicitly before signing and sign that value; for a presigned URL, pass the Content-Type when generating it",
            )
        };
        out.push(hint("content-type-not-signed", "content-type", msg, fix));
    } else if sv.is_empty() && !cv.is_empty() {
        out.push(hint(
            "content-type-not-sent",
            "content-type",
            format!(
                "{} signed 'Content-Type: {}' but {{OSS}} received no Content-Type header",
                if ctx.is_request() {
                    "the request"
                } else {
                    "your client"
                },
                s(cv)
            ),
            "send the Content-Type header you signed, or sign an empty line when none is sent",
        ));
    } else if lower(strip_charset(sv)) == lower(strip_charset(cv)) && sv != cv {
        let (with, without) = if sv.len() > cv.len() {
            ("{OSS} received", "signed")
        } else {
            ("signed", "{OSS} received")
        };
        out.push(hint(
            "content-type-charset",
            "content-type",
            format!("the Content-Type differs only in its parameters: '{}' ({with}) vs '{}' ({without}); libraries often append '; charset=UTF-8'", s(sv.max(cv)), s(sv.min(cv))),
            "sign the Content-Type byte for byte as the library sends it, or stop the library from appending a charset",
        ));
    } else {
        out.push(hint(
            "content-type-differs",
            "content-type",
            format!(
                "the Content-Type {{OSS}} received is '{}' but '{}' was signed",
                s(sv),
                s(cv)
            ),
            "sign the exact Content-Type header value that is sent",
        ));
    }
}

fn date(out: &mut Vec<Hint>, server: &[u8], sv: Option<&[u8]>, cv: Option<&[u8]>, ctx: &Ctx) {
    let (sv, cv) = (sv.unwrap_or_default(), cv.unwrap_or_default());
    let x_oss_date = super::fields::split_v1(server)
        .into_iter()
        .find(|f| f.name == "header:x-oss-date")
        .map(|f| f.bytes[f.bytes.iter().position(|&c| c == b':').map_or(0, |p| p + 1)..].to_vec());
    let req_date = ctx
        .req
        .and_then(|r| r.header("date"))
        .map(|d| d.as_bytes().to_vec());
    if x_oss_date.as_deref() == Some(sv)
        || req_date.as_deref() == Some(cv) && ctx.req.and_then(|r| r.header("x-oss-date")).is_some()
    {
        out.push(hint(
            "date-vs-x-oss-date",
            "date",
            format!("the request has an {{x-oss-date}} header, and {{OSS}} signs its value ('{}') on the Date line instead of the Date header; '{}' was signed", s(sv), s(cv)),
            "when you send {x-oss-date}, put its value on the Date line ({x-oss-date} wins over Date)",
        ));
    } else {
        out.push(hint(
            "date-differs",
            "date",
            format!("the Date line differs: {{OSS}} used '{}', {} '{}'", s(sv), if ctx.is_request() { "the captured request has" } else { "your client signed" }, s(cv)),
            "sign the Date header value exactly as sent (RFC 1123, GMT, e.g. 'Sun, 22 Nov 2015 08:16:38 GMT'); a proxy that rewrites Date breaks the signature",
        ));
    }
}

fn expires(out: &mut Vec<Hint>, sv: Option<&[u8]>, cv: Option<&[u8]>) {
    let parse = |b: Option<&[u8]>| {
        std::str::from_utf8(b.unwrap_or_default())
            .ok()
            .and_then(|x| x.trim().parse::<u64>().ok())
    };
    let (se, ce) = (parse(sv), parse(cv));
    match (se, ce) {
        (Some(a), Some(b)) if b == a.saturating_mul(1000) || (b > 100_000_000_000 && b / 1000 == a) => out.push(hint(
            "expires-milliseconds",
            "expires",
            format!("Expires was signed in milliseconds ({b}) but the URL carries seconds ({a})"),
            "Expires is a Unix time in seconds; sign the same number the URL carries",
        )),
        (Some(a), Some(b)) if a > 100_000_000_000 && b == a / 1000 => out.push(hint(
            "expires-milliseconds",
            "expires",
            format!("the URL carries Expires in milliseconds ({a}); the signed value is {b} seconds"),
            "Expires is a Unix time in seconds, in the URL and in the string",
        )),
        _ => out.push(hint(
            "expires-differs",
            "expires",
            format!("the Expires line differs: {{OSS}} used '{}', '{}' was signed", s(sv.unwrap_or_default()), s(cv.unwrap_or_default())),
            "sign the Expires value exactly as it appears in the URL (Unix seconds, an absolute time, not a duration)",
        )),
    }
}

fn header(out: &mut Vec<Hint>, r: &Row, ctx: &Ctx) {
    let name = r.name.trim_start_matches("header:");
    match r.status {
        Status::ServerOnly => {
            if ctx.is_request() {
                out.push(hint(
                    "x-oss-header-added-in-transit",
                    &r.name,
                    format!(
                        "{{OSS}} received '{}', which is not in the captured request: something between the client and {{OSS}} added it{}",
                        s(r.server.as_deref().unwrap_or_default()),
                        if name == "x-oss-range-behavior" { " (CDNs add x-oss-range-behavior when going back to origin)" } else { " (a proxy or CDN)" }
                    ),
                    "every {x-oss-}* header is signed: stop the proxy/CDN from adding it, or add it before signing",
                ));
            } else {
                out.push(hint(
                    "x-oss-header-not-signed",
                    &r.name,
                    format!("the request carried '{}' but your client's string has no line for it: {{OSS}} signs every {{x-oss-}}* header", s(r.server.as_deref().unwrap_or_default())),
                    "add every {x-oss-}* header the request sends (lower-cased name, sorted) to the string before signing — or stop sending it",
                ));
            }
        }
        Status::ClientOnly => out.push(hint(
            "x-oss-header-not-sent",
            &r.name,
            format!("'{}' was signed but {{OSS}} did not receive that header (not sent, or removed on the way)", s(r.client.as_deref().unwrap_or_default())),
            "send every {x-oss-}* header you sign, with the same value",
        )),
        Status::Differs => {
            let sv = r.server.as_deref().unwrap_or_default();
            let cv = r.client.as_deref().unwrap_or_default();
            let cname_end = cv.iter().position(|&c| c == b':').unwrap_or(cv.len());
            let cname = &cv[..cname_end];
            let cval = cv.get(cname_end + 1..).unwrap_or_default();
            if cname.trim_ascii() != cname || cval.trim_ascii() != cval {
                out.push(hint(
                    "header-whitespace",
                    &r.name,
                    format!("'{}' has spaces around ':' or around the value; {{OSS}} signs '{}'", s(cv), s(sv)),
                    "write each header line as name:value with no spaces around ':' and the value trimmed",
                ));
            } else if cname.iter().any(u8::is_ascii_uppercase) {
                out.push(hint(
                    "header-name-case",
                    &r.name,
                    format!("the header name is not lower-cased: '{}' ({{OSS}} signs '{}')", s(cv), s(sv)),
                    "lower-case {x-oss-}* header names in the string to sign",
                ));
            } else {
                out.push(hint(
                    "header-value-differs",
                    &r.name,
                    format!("the value of {name} differs: {{OSS}} used '{}', {} '{}'", s(sv), if ctx.is_request() { "the captured request has" } else { "your client signed" }, s(cv)),
                    "sign the header value exactly as it is sent",
                ));
            }
        }
        Status::Match => {}
    }
}

fn resource_hints(out: &mut Vec<Hint>, sv: &[u8], cv: &[u8], ctx: &Ctx) {
    let sp = resource::parse(sv);
    let cp = resource::parse_like(cv, &sp.path);
    let mut said = false;
    if cv.ends_with(b"\n") && !sv.ends_with(b"\n") {
        out.push(hint(
            "trailing-newline",
            "resource",
            "the client string ends with a newline after the resource; {OSS}'s does not".into(),
            "do not end the string to sign with \\n: the resource is the last line",
        ));
        return;
    }
    // Key percent-encoded in the client's resource.
    let cdec = percent_decode(&String::from_utf8_lossy(&cp.path));
    if cdec != cp.path && cdec == sp.path {
        out.push(hint(
            "key-url-encoded",
            "resource",
            format!("the key is URL-encoded in the signed resource ('{}'); {{OSS}} signs the decoded key ('{}')", s(&cp.path), s(&sp.path)),
            "put the raw (decoded, UTF-8) object key in CanonicalizedResource; encode it only in the URL",
        ));
        said = true;
    }
    if !said && sp.path != cp.path {
        if let Some(b) = &sp.bucket {
            let doubled = format!("/{b}/{b}/");
            let server_path = String::from_utf8_lossy(&sp.path);
            if cp.path.starts_with(doubled.as_bytes()) && !server_path.starts_with(&doubled) {
                out.push(hint(
                    "bucket-doubled",
                    "resource",
                    format!("the bucket appears twice in the signed resource ('{}'); {{OSS}} signs '{}'", s(&cp.path), s(&sp.path)),
                    "with a virtual-hosted URL (bucket.endpoint/key) the resource is still /bucket/key — add the bucket once, not again from the path",
                ));
                said = true;
            } else if cp.bucket.as_deref() != Some(b.as_str()) && sp.path.ends_with(&cp.path)
                || sp.path.get(b.len() + 1..) == Some(cp.path.as_slice())
            {
                out.push(hint(
                    "bucket-missing",
                    "resource",
                    format!(
                        "the signed resource '{}' lacks the bucket; {{OSS}} signs '{}'",
                        s(&cp.path),
                        s(&sp.path)
                    ),
                    "CanonicalizedResource is /bucket/key even when the bucket is in the host name",
                ));
                said = true;
            } else if cp.bucket != sp.bucket {
                out.push(hint(
                    "bucket-differs",
                    "resource",
                    format!("the bucket differs: {{OSS}} signs '{}', {} '{}'", b, ctx.who(), cp.bucket.as_deref().unwrap_or("")),
                    "sign the bucket {OSS} serves the request from (for a custom domain/CNAME, the bucket bound to it)",
                ));
                said = true;
            }
        }
        if !said {
            if let Some(h) = path_shape("resource", &sp.path, &cp.path, false) {
                out.push(h);
                said = true;
            }
        }
        if !said {
            let (id, msg, fix) = if ctx.is_request() {
                (
                    "resource-changed-in-transit",
                    format!("the path {{OSS}} received decodes to '{}' but the captured request's to '{}': a proxy or library rewrote the path (dot segments, double slashes, re-encoding)", s(&sp.path), s(&cp.path)),
                    "send the path exactly as signed; encode '.', '..', '//' and '?', '#' in keys so nothing normalizes them",
                )
            } else {
                (
                    "key-differs",
                    format!("the signed key '{}' differs from the key {{OSS}} received '{}'", s(&cp.path), s(&sp.path)),
                    "sign the decoded object key exactly as the URL path carries it (same spelling, slashes and Unicode form)",
                )
            };
            out.push(hint(id, "resource", msg, fix));
        }
    }
    // Sub-resources.
    let names = |p: &resource::Resource| {
        p.subresources
            .iter()
            .map(|(k, _)| k.clone())
            .collect::<Vec<_>>()
    };
    let (sn, cn) = (names(&sp), names(&cp));
    for k in sn.iter().filter(|k| !cn.contains(k)) {
        if k == b"security-token" {
            out.push(hint(
                "security-token-not-signed",
                "resource",
                "the URL carries security-token (an STS token) but the signed resource lacks it: {OSS} signs security-token as a sub-resource of a V1 URL".into(),
                "sign the URL with the STS credentials (oss2.StsAuth, the SDK's STS credentials provider) so the token goes into the resource, or add security-token=<token> to the resource, sorted with the other sub-resources",
            ));
            continue;
        }
        out.push(hint(
            "subresource-missing",
            "resource",
            format!("{{OSS}} signs the sub-resource '{}' but {} string lacks it", s(k), if ctx.is_request() { "the rebuilt" } else { "your client's" }),
            "add every sub-resource the URL carries (acl, uploadId, partNumber, versionId, response-*, x-oss-process, security-token…) to the resource, sorted, with decoded values",
        ));
    }
    for k in cn.iter().filter(|k| !sn.contains(k)) {
        out.push(hint(
            "subresource-extra",
            "resource",
            format!("'{}' is signed as a sub-resource but {{OSS}} does not sign it (or the request did not carry it)", s(k)),
            "only the query parameters {OSS} treats as sub-resources go into the resource; ordinary parameters (prefix, max-keys…) and {OSSAccessKeyId}/Expires/Signature do not",
        ));
    }
    if sn == cn {
        for ((k, a), (_, b)) in sp.subresources.iter().zip(&cp.subresources) {
            if a != b {
                let dec = |v: &Option<Vec<u8>>| {
                    v.as_deref()
                        .map(|v| percent_decode(&String::from_utf8_lossy(v)))
                };
                let bd = dec(b);
                let encoded = bd.is_some() && bd.as_deref() == a.as_deref();
                // Values with characters that need encoding (x-oss-process's '/' and ',',
                // a response-content-type's '/'): encoded on one side only.
                let processing = k == b"x-oss-process" || k.starts_with(b"response-");
                if processing
                    && (encoded || dec(a).is_some_and(|ad| Some(ad.as_slice()) == b.as_deref()))
                {
                    let (sv, cv) = (
                        s(a.as_deref().unwrap_or_default()),
                        s(b.as_deref().unwrap_or_default()),
                    );
                    out.push(hint(
                        "subresource-value-encoding",
                        "resource",
                        if encoded {
                            format!("the value of '{}' was signed still URL-encoded ('{cv}'); {{OSS}} signs it decoded ('{sv}')", s(k))
                        } else {
                            format!("{{OSS}} received the value of '{}' encoded twice (it decodes once and signs '{sv}'); '{cv}' was signed", s(k))
                        },
                        "sign x-oss-process and response-* values decoded; in the URL encode them exactly once ('/' → %2F, ',' → %2C, ' ' → %20)",
                    ));
                    continue;
                }
                out.push(hint(
                    "subresource-value-differs",
                    "resource",
                    format!(
                        "the value of sub-resource '{}' differs: {{OSS}} signs '{}', {} '{}'{}",
                        s(k),
                        s(a.as_deref().unwrap_or_default()),
                        ctx.who(),
                        s(b.as_deref().unwrap_or_default()),
                        if encoded { " — the signed value is still URL-encoded" } else { "" }
                    ),
                    "sign sub-resource values decoded, and write a bare name (?acl, not ?acl=) when the value is empty",
                ));
            }
        }
    } else if !sn.is_empty() && sn.len() == cn.len() {
        let mut a = sn.clone();
        let mut b = cn.clone();
        a.sort();
        b.sort();
        if a == b {
            out.push(hint(
                "subresource-not-sorted",
                "resource",
                "the sub-resources are the same but not sorted".into(),
                "sort sub-resources by name",
            ));
        }
    }
}

/// A V1 comparison came out identical.
pub fn identical(source: Option<ClientSource>, e: Option<&ErrorInfo>) -> Hint {
    let ak = e
        .and_then(|e| e.access_key_id.clone())
        .unwrap_or_else(|| "the AccessKeyId".into());
    let what = if source == Some(ClientSource::CapturedRequest) {
        "the captured request rebuilds to exactly the string {OSS} signed: the request arrived as sent"
    } else {
        "the client signed exactly the string {OSS} signed"
    };
    Hint {
        id: "secret-differs",
        field: None,
        message: format!(
            "{what}. So the signature was computed with a different secret than the one {{OSS}} holds for {ak}, or your code signs a different string than it logs"
        ),
        fix: Some("check that the AccessKeySecret belongs to this AccessKeyId (no rotation, no mix-up between RAM users), has no surrounding spaces or newline, and that the signature is base64 of HMAC-SHA1 over these exact bytes; with --secret-env ossdiag can check it".into()),
        severity: Severity::Error,
    }
}

/// With a client string and a request: the request itself changed on the way.
pub fn changed_in_transit(fields: &[String]) -> Hint {
    Hint {
        id: "request-changed-in-transit",
        field: fields.first().cloned(),
        message: format!(
            "the captured request does not rebuild to the server's string either ({} differ): something between the capture and {{OSS}} changed the request",
            fields.join(", ")
        ),
        fix: Some("look for a proxy, CDN, browser or HTTP library that adds headers or rewrites the method or path".into()),
        severity: Severity::Warning,
    }
}

/// Checks on the captured request alone.
pub fn request_checks(r: &Request, e: Option<&ErrorInfo>) -> Vec<Hint> {
    let mut out = Vec::new();
    for (k, v) in r.raw_query_pairs() {
        if k == "Signature" {
            if let Some(v) = v.filter(|v| v.contains('+')) {
                let _ = v;
                out.push(Hint {
                    id: "signature-plus-as-space",
                    field: None,
                    message: "the URL's Signature holds a literal '+': {OSS} decodes '+' in a query as a space, so the signature it compares is not the one computed".into(),
                    fix: Some("URL-encode the Signature value (+ → %2B, / → %2F, = → %3D)".into()),
                    severity: Severity::Error,
                });
            }
        }
    }
    if out.is_empty() {
        if let Some(sp) = e.and_then(|e| e.signature_provided.as_deref()) {
            if sp.contains(' ') && !sp.trim().contains("  ") && sp.trim().contains(' ') {
                out.push(Hint {
                    id: "signature-plus-as-space",
                    field: None,
                    message: format!("SignatureProvided '{sp}' holds a space: a '+' in the signature arrived unencoded and {{OSS}} decoded it as a space"),
                    fix: Some("URL-encode the Signature value (+ → %2B)".into()),
                    severity: Severity::Error,
                });
            }
        }
    }
    out
}

/// The server's text and bytes disagree.
pub fn text_bytes_disagree(text_el: &str, bytes: &[u8], text: &[u8]) -> Hint {
    let split = if text_el == "CanonicalRequest" {
        super::fields::split_v4_cr
    } else if super::fields::is_v4_layout(bytes) {
        super::fields::split_v4_sts
    } else {
        super::fields::split_v1
    };
    let (sf, tf) = (split(bytes), split(text));
    let rows = super::align::align(&sf, &tf);
    let detail: Vec<String> = rows
        .iter()
        .filter(|r| r.differs())
        .map(|r| {
            format!(
                "{}: bytes say '{}', text says '{}'",
                r.name,
                s(r.server.as_deref().unwrap_or_default()),
                s(r.client.as_deref().unwrap_or_default())
            )
        })
        .collect();
    Hint {
        id: "text-bytes-disagree",
        field: rows.iter().find(|r| r.differs()).map(|r| r.name.clone()),
        message: format!(
            "the <{text_el}> text and its bytes disagree ({}); the bytes are the truth — the text was masked, edited or reformatted",
            if detail.is_empty() { "whitespace".to_string() } else { detail.join("; ") }
        ),
        fix: Some("compare with the bytes (ossdiag does); do not copy the string from the text".into()),
        severity: Severity::Warning,
    }
}

/// What the V4 rules look at besides the rows.
pub struct Ctx4<'a> {
    pub server_cr: Option<&'a [u8]>,
    pub client_cr: Option<&'a [u8]>,
    pub source: Option<ClientSource>,
    pub req: Option<&'a Request>,
    /// The region the request's host names (`cn-hangzhou`; a cloud box id).
    pub host_region: Option<String>,
    /// Both sides are known: the rows are a comparison, not one side listed.
    pub compared: bool,
}

/// Hints for a V4 comparison.
pub fn v4(rows: &[Row], ctx: &Ctx4) -> Vec<Hint> {
    let mut out = Vec::new();
    // The header-list line: additional headers (OSS4) or signed headers (AWS4).
    let list = if rows.iter().any(|r| r.name == "signed-headers") {
        "signed-headers"
    } else {
        "additional-headers"
    };
    let from_request = ctx.source == Some(ClientSource::CapturedRequest);
    let get = |name: &str, server: bool| {
        rows.iter().find(|r| r.name == name).and_then(|r| {
            if server {
                r.server.clone()
            } else {
                r.client.clone()
            }
        })
    };
    for r in rows.iter().filter(|r| ctx.compared && r.differs()) {
        let sv = r.server.as_deref().unwrap_or_default();
        let cv = r.client.as_deref().unwrap_or_default();
        match r.name.as_str() {
            "scope.region" => {
                if cv.starts_with(b"oss-") && &cv[4..] == sv {
                    out.push(hint("v4-region-oss-prefix", &r.name, format!("the scope region is '{}': V4 wants the region id '{}', without the 'oss-' endpoint prefix", s(cv), s(sv)), "{region-rule}"));
                } else {
                    out.push(hint("v4-region-mismatch", &r.name, format!("the scope region differs: {{OSS}} used '{}', '{}' was signed", s(sv), s(cv)), "sign with the region of the bucket's endpoint (for a cloud box, the box id)"));
                }
            }
            "scope.date" => out.push(hint("v4-scope-date-mismatch", &r.name, format!("the scope date differs: {{OSS}} used '{}', '{}' was signed; the scope date must be the UTC day of {{x-oss-date}}", s(sv), s(cv)), "derive the scope date from the same UTC timestamp as {x-oss-date} (beware local time around midnight)")),
            "scope.product" | "scope.service" => out.push(hint("v4-product", &r.name, format!("the scope names '{}' where {{OSS}} used '{}'", s(cv), s(sv)), "{service-rule}")),
            "scope.terminator" => out.push(hint("v4-terminator", &r.name, format!("the scope ends with '{}'; it must be '{{aliyun_v4_request}}'", s(cv)), "end the credential scope with {aliyun_v4_request}")),
            "timestamp" => out.push(hint("v4-timestamp-differs", &r.name, format!("the timestamp differs: {{OSS}} used '{}', '{}' was signed", s(sv), s(cv)), "sign the exact {x-oss-date} value that is sent (yyyymmddTHHMMSSZ, UTC)")),
            "payload-hash" => payload_hint(&mut out, sv, cv),
            "additional-headers" | "signed-headers" | "header:host"
                if !out.iter().any(|h| h.id == "v4-host-not-declared" || h.id == "v4-additional-headers-differs") =>
            {
                {
                    let names = |b: Option<Vec<u8>>| b.unwrap_or_default().split(|&c| c == b';').any(|n| n == b"host");
                    let host = r.name == "header:host" || names(get(list, true)) != names(get(list, false));
                    out.push(hint(
                        if host { "v4-host-not-declared" } else { "v4-additional-headers-differs" },
                        &r.name,
                        format!("the signed headers and the {{AdditionalHeaders}} list disagree ({{OSS}}: '{}'{}; client: '{}')", s(&get(list, true).unwrap_or_default()), if host { ", host" } else { "" }, s(&get(list, false).unwrap_or_default())),
                        "{list-rule}",
                    ));
                }
            }
            "uri" => uri_hint(&mut out, sv, cv, rows.iter().any(|r| r.name == "scope.service")),
            "canonical-request-hash" if ctx.server_cr.is_none() || ctx.client_cr.is_none() => {
                {
                    out.push(hint("canonical-request-hash-differs", &r.name, if ctx.server_cr.is_some() { "the canonical requests differ (their SHA-256 hashes do); only {OSS}'s canonical request is known (shown in the report): compare yours with it line by line".to_string() } else { "the canonical requests differ (their SHA-256 hashes do); the error has no CanonicalRequest to say which line".to_string() }, "compare your canonical request line by line with the rules (URI encoding, sorted query, signed headers, additional headers, UNSIGNED-PAYLOAD); with the captured request ossdiag searches for the line"));
                }
            }
            n if n.starts_with("header:") => {
                let lname = &n[7..];
                if lname == "content-type" && r.status == Status::ServerOnly {
                    out.push(hint("content-type-not-signed", n, format!("{{OSS}} received '{}' but {} signed no Content-Type: a browser or HTTP library added it (browsers always add one to a PUT)", s(sv), if from_request { "the captured request" } else { "your client" }), "pass the Content-Type when generating the presigned URL (or signing), and send exactly that value"));
                } else if r.status == Status::ServerOnly {
                    out.push(hint(if from_request { "x-oss-header-added-in-transit" } else { "x-oss-header-not-signed" }, n, format!("{{OSS}} signed '{}', which {} lacks", s(sv), if from_request { "the captured request" } else { "the client's canonical request" }), "sign every {x-oss-}* header that is sent (and every header {AdditionalHeaders} lists), or stop sending it"));
                } else if r.status == Status::ClientOnly {
                    out.push(hint("x-oss-header-not-sent", n, format!("'{}' was signed but {{OSS}} did not receive it", s(cv)), "send every header you sign"));
                } else {
                    out.push(hint("header-value-differs", n, format!("header {lname} differs: {{OSS}} used '{}', '{}' was signed", s(sv), s(cv)), "sign header values trimmed, exactly as sent"));
                }
            }
            n if n.starts_with("query:") && !out.iter().any(|h| h.id == "v4-query-differs" || h.id == "v4-query-not-sorted") => {
                {
                    let sq = query_line(ctx.server_cr);
                    let cq = query_line(ctx.client_cr);
                    let sorted = |q: &[u8]| {
                        let mut p: Vec<&[u8]> = q.split(|&c| c == b'&').collect();
                        p.sort();
                        p.join(&b'&')
                    };
                    if !sq.is_empty() && sorted(&sq) == sorted(&cq) {
                        out.push(hint("v4-query-not-sorted", n, "the query parameters are the same but not sorted".into(), "sort the canonical query by encoded name"));
                    } else {
                        out.push(hint("v4-query-differs", n, format!("the canonical query differs at {n}: {{OSS}} used '{}', '{}' was signed", s(sv), s(cv)), "every query parameter is signed ({x-oss-signature} excepted): decode, then encode names and values with %XX (upper-case, '/' as %2F, space as %20), sort, and {empty-value}"));
                    }
                }
            }
            _ => {}
        }
    }
    // Same lines, other order.
    if ctx.compared
        && rows
            .iter()
            .all(|r| !r.differs() || r.name == "canonical-request-hash")
    {
        if let (Some(sc), Some(cc)) = (ctx.server_cr, ctx.client_cr) {
            if sc != cc && query_line(Some(sc)) != query_line(Some(cc)) {
                out.push(hint(
                    "v4-query-not-sorted",
                    "canonical-request-hash",
                    "the canonical query has the same parameters as {OSS}'s but in another order"
                        .into(),
                    "sort the canonical query by encoded parameter name (byte order)",
                ));
            } else if sc != cc {
                out.push(hint(
                    "v4-headers-not-sorted",
                    "canonical-request-hash",
                    "the canonical headers are the same as {OSS}'s but in another order".into(),
                    "sort the canonical headers by lower-cased name (byte order)",
                ));
            }
        }
    }
    // Checks on the server's own values and the request.
    if let Some(region) = get("scope.region", true) {
        if let Some(hr) = &ctx.host_region {
            if region != hr.as_bytes()
                && !region.starts_with(b"oss-")
                && !out.iter().any(|h| h.id.starts_with("v4-region"))
            {
                out.push(Hint {
                    severity: Severity::Warning,
                    ..hint(
                        "v4-region-mismatch",
                        "scope.region",
                        format!(
                            "the scope region '{}' is not the region of the host ({hr})",
                            s(&region)
                        ),
                        "sign with the region of the endpoint the request goes to",
                    )
                });
            }
        }
        if region.starts_with(b"oss-") && !out.iter().any(|h| h.id == "v4-region-oss-prefix") {
            // S3-style V4: the server signed with this region itself, so it is a doubt, not a cause.
            let s3_style = rows.iter().any(|r| r.name == "scope.service");
            out.push(Hint {
                severity: if s3_style {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                ..hint(
                    "v4-region-oss-prefix",
                    "scope.region",
                    format!(
                    "the scope region is '{}': V4 wants the region id without the 'oss-' prefix",
                    s(&region)
                ),
                    "{region-rule}",
                )
            });
        }
    }
    if let (Some(d), Some(t)) = (get("scope.date", true), get("timestamp", true)) {
        if t.len() >= 8 && d != t[..8] && !out.iter().any(|h| h.id == "v4-scope-date-mismatch") {
            out.push(hint(
                "v4-scope-date-mismatch",
                "scope.date",
                format!(
                    "the scope date '{}' is not the day of the timestamp '{}'",
                    s(&d),
                    s(&t)
                ),
                "derive both from the same UTC time",
            ));
        }
    }
    if let Some(r) = ctx.req {
        if let Some(e) = r.query_value("x-oss-expires") {
            let n = std::str::from_utf8(&e)
                .ok()
                .and_then(|x| x.parse::<i64>().ok());
            if !matches!(n, Some(1..=604_800)) {
                out.push(hint("v4-expires-range", "query:x-oss-expires", format!("x-oss-expires is '{}': it is a duration in seconds from {{x-oss-date}}, 1 to 604800 (7 days)", s(&e)), "pass a validity in seconds (not an absolute time, not milliseconds), at most 7 days"));
            }
        }
    }
    out
}

/// Checks on a V4 request of either dialect: a chunked upload, and headers of the signed
/// family sent but not listed. `payload_header` is the dialect's payload-hash header;
/// `signed_list` the headers its Authorization lists when the dialect signs exactly
/// those (AWS4's SignedHeaders), `None` when it signs its family by default (OSS4).
pub fn v4_request(
    r: &Request,
    payload_header: &str,
    signed_list: Option<&[String]>,
    already: &[Hint],
) -> Vec<Hint> {
    let mut out = Vec::new();
    if let Some(v) = r.header(payload_header) {
        if v.trim().starts_with("STREAMING-")
            && !already.iter().any(|h| h.id == "payload-streaming")
        {
            out.push(streaming(v.trim()));
        }
    }
    if let Some(listed) = signed_list {
        let fam: String = payload_header.split_inclusive('-').take(2).collect();
        for (k, _) in &r.headers {
            let lk = k.trim().to_ascii_lowercase();
            if !fam.is_empty() && lk.starts_with(&fam) && !listed.contains(&lk) {
                out.push(Hint {
                    severity: Severity::Warning,
                    ..hint(
                        "signed-family-header-unlisted",
                        &format!("header:{lk}"),
                        format!("the request sends '{k}' but {{AdditionalHeaders}} does not list it: a header added after signing (a proxy, an SDK middleware); {{OSS}} may reject it (OSS's S3-compatible API: EC 0002-00000431) or ignore it"),
                        "sign every {x-oss-}* header the request carries (list it in {AdditionalHeaders}), or stop adding it after signing",
                    )
                });
            }
        }
    }
    out
}

fn streaming(v: &str) -> Hint {
    if v.contains("TRAILER") {
        // AWS SDKs since the 2025 data-integrity change (boto3 1.36, AWS CLI 2.23, Java 2.30,
        // JS v3 3.729) send uploads aws-chunked with a CRC trailer by default.
        return hint(
            "payload-checksum-trailer",
            "payload-hash",
            format!("the payload hash is '{v}': the AWS SDK sent the body aws-chunked with a checksum trailer (x-amz-trailer, x-amz-sdk-checksum-algorithm), its default since the 2025 data-integrity change; OSS does not support chunked uploads"),
            "make the SDK compute checksums only when required: request_checksum_calculation = when_required in ~/.aws/config (env AWS_REQUEST_CHECKSUM_CALCULATION=when_required; boto3 Config(request_checksum_calculation='when_required'), JS v3 requestChecksumCalculation: 'WHEN_REQUIRED')",
        );
    }
    hint(
        "payload-streaming",
        "payload-hash",
        format!("the payload hash is '{v}': a chunked (aws-chunked) upload, whose body carries a signature per chunk; OSS does not support chunked signing (it answers SignatureDoesNotMatch, InvalidArgument or NotImplemented)"),
        "turn chunked encoding / payload signing off in the S3 client (AWS SDK for Java: chunkedEncodingEnabled(false); boto3: signature_version='s3' or payload signing off), so the payload hash is UNSIGNED-PAYLOAD or the body's SHA-256",
    )
}

fn payload_hint(out: &mut Vec<Hint>, sv: &[u8], cv: &[u8]) {
    let hex = |b: &[u8]| b.len() == 64 && b.iter().all(u8::is_ascii_hexdigit);
    let unsigned = |b: &[u8]| b == b"UNSIGNED-PAYLOAD";
    if sv.starts_with(b"STREAMING-") || cv.starts_with(b"STREAMING-") {
        let v = if sv.starts_with(b"STREAMING-") {
            sv
        } else {
            cv
        };
        out.push(streaming(&s(v)));
    } else if hex(sv) && unsigned(cv) {
        // The server took a body hash (S3-style V4 allows one): the client did not sign it.
        out.push(hint(
            "payload-hash-unsigned-vs-body",
            "payload-hash",
            format!("the request sent the body's SHA-256 in {{x-oss-content-sha256}} ('{}', {{OSS}} used it) but UNSIGNED-PAYLOAD was signed: the payload line must be the header value the request sends", s(sv)),
            "{payload-rule}",
        ));
    } else {
        out.push(hint(
            "v4-payload-hash",
            "payload-hash",
            format!(
                "the payload hash line is '{}'; {{OSS}} used '{}'",
                s(cv),
                s(sv)
            ),
            "{payload-rule}",
        ));
    }
}

/// `/a//b` → `/a/b`.
fn collapse_slashes(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    for &c in b {
        if !(c == b'/' && out.last() == Some(&b'/')) {
            out.push(c);
        }
    }
    out
}

/// `%2F` / `%2f` → `/`.
fn slashes_decoded(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && b.get(i + 1) == Some(&b'2') && matches!(b.get(i + 2), Some(b'F' | b'f'))
        {
            out.push(b'/');
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// Path shapes common to the URI (V4) and the resource path (V1): a collapsed `//`, an
/// encoded `/`, the bucket in the path on one side only (path-style vs virtual-hosted).
/// `bucket_style`: the path is the request path (S3-style V4), so a bucket on one side
/// only is the addressing style; elsewhere the bucket is always signed.
fn path_shape(field: &str, sv: &[u8], cv: &[u8], bucket_style: bool) -> Option<Hint> {
    if sv == cv {
        return None;
    }
    if collapse_slashes(sv) == collapse_slashes(cv) {
        // The server's side kept the '//': the signer collapsed it; else something on the way did.
        let server_kept = sv.windows(2).any(|w| w == b"//");
        return Some(hint(
            "path-double-slash",
            field,
            format!("the paths differ only in a '//' ('{}' vs '{}', {{OSS}}'s first): a key that starts with '/' or holds '//' was collapsed to one '/' on one side (by a proxy, an HTTP library or the signer's URL normalization)", s(sv), s(cv)),
            if server_kept {
                "sign the path exactly as it is sent, '//' included (or avoid keys that start with '/' or hold '//')"
            } else {
                "send the path exactly as signed: stop the proxy or HTTP library from normalizing '//' (or avoid keys that start with '/' or hold '//')"
            },
        ));
    }
    if slashes_decoded(sv) == slashes_decoded(cv) {
        return Some(hint(
            "path-encoded-slash",
            field,
            format!("the paths differ only in '/' written as '%2F' ('{}' vs '{}', {{OSS}}'s first): one side encoded the key's '/' (or a proxy decoded it)", s(sv), s(cv)),
            "encode the key with '/' kept as '/' in the URL and in the signed path; do not send '%2F' for a '/' the signer wrote plain (or the reverse)",
        ));
    }
    if !bucket_style {
        return None;
    }
    // The bucket as the first segment on one side only.
    let (long, short, server_has) = if sv.len() > cv.len() {
        (sv, cv, true)
    } else {
        (cv, sv, false)
    };
    if let Some(head) = long.strip_suffix(short) {
        let bucket = head.strip_prefix(b"/").unwrap_or(head);
        let seg_ok = !bucket.is_empty() && !bucket.contains(&b'/') && short.starts_with(b"/");
        if seg_ok {
            let b = s(bucket);
            return Some(hint(
                "path-style-mismatch",
                field,
                if server_has {
                    format!("{{OSS}} has the bucket '{b}' in the path ('{}') but the signed path has not ('{}'): the request went out path-style (host without the bucket) while the signer assumed a virtual-hosted host", s(sv), s(cv))
                } else {
                    format!("the signed path has the bucket '{b}' ('{}') but {{OSS}}'s has not ('{}'): the request went out virtual-hosted ({b}.host) while the signer assumed path-style", s(cv), s(sv))
                },
                "use one addressing style for signing and sending (boto3: Config(s3={'addressing_style': 'virtual'}), Java: pathStyleAccessEnabled); OSS's S3-compatible endpoints want virtual-hosted requests",
            ));
        }
    }
    None
}

fn query_line(cr: Option<&[u8]>) -> Vec<u8> {
    cr.and_then(|c| c.split(|&b| b == b'\n').nth(2))
        .unwrap_or_default()
        .to_vec()
}

fn uri_hint(out: &mut Vec<Hint>, sv: &[u8], cv: &[u8], s3_style: bool) {
    if let Some(h) = path_shape("uri", sv, cv, s3_style) {
        out.push(h);
        return;
    }
    let dec = |b: &[u8]| percent_decode(&String::from_utf8_lossy(b));
    let enc = |b: &[u8]| crate::sign::v4::uri_encode(b, true).into_bytes();
    let plus = |b: &[u8]| String::from_utf8_lossy(b).replace('+', "%2B").into_bytes();
    let (id, msg, fix) = if cv.contains(&b'+') && plus(cv) == sv {
        ("v4-plus-in-key", format!("the key holds '+', signed as '+' ('{}'); {{OSS}} encodes it as %2B ('{}')", s(cv), s(sv)), "encode '+' in the key as %2B in the canonical URI (and in the URL, or it may be read as a space)")
    } else if dec(cv) == sv || (dec(cv) != cv && enc(&dec(&dec(cv))) == sv) {
        (
            "v4-uri-double-encoded",
            format!(
                "the URI was encoded twice ('{}'); {{OSS}} encodes the decoded key once ('{}')",
                s(cv),
                s(sv)
            ),
            "encode the decoded object key once, keeping '/'",
        )
    } else if enc(cv) == sv || enc(&dec(cv)) == sv {
        ("v4-uri-not-encoded", format!("the URI is not (fully) encoded: '{}'; {{OSS}} signs '{}'", s(cv), s(sv)), "UriEncode the key: keep A-Z a-z 0-9 - _ . ~ and '/', %XX (upper-case) for every other byte")
    } else {
        (
            "v4-uri-differs",
            format!(
                "the canonical URI differs: {{OSS}} used '{}', '{}' was signed",
                s(sv),
                s(cv)
            ),
            "{uri-rule}",
        )
    };
    out.push(hint(id, "uri", msg, fix));
}

/// Every hint id the signature comparison can give (V1 and V4), with what it means.
/// Neighbouring errors (`other.rs`) and the secret stage have catalogues of their own.
pub const CATALOG: &[(&str, &str)] = &[
    ("crlf-line-endings", "the client joined lines with CRLF"),
    ("verb-case", "the method is not upper-case"),
    (
        "verb-changed",
        "the method changed between signing and OSS (HEAD→GET by a CDN)",
    ),
    ("content-md5-differs", "Content-MD5 line differs"),
    (
        "content-type-not-signed",
        "a Content-Type was sent (added by a browser/library) but not signed",
    ),
    (
        "content-type-not-sent",
        "a Content-Type was signed but not sent",
    ),
    (
        "content-type-charset",
        "Content-Type differs only by '; charset=…'",
    ),
    ("content-type-differs", "Content-Type differs"),
    (
        "date-vs-x-oss-date",
        "Date signed although x-oss-date was sent (x-oss-date wins)",
    ),
    ("date-differs", "the Date line differs"),
    ("expires-milliseconds", "Expires in milliseconds"),
    ("expires-differs", "the Expires line differs"),
    (
        "x-oss-header-added-in-transit",
        "a proxy/CDN added an x-oss-* header",
    ),
    (
        "x-oss-header-not-signed",
        "an x-oss-* header was sent but not signed",
    ),
    (
        "x-oss-header-not-sent",
        "an x-oss-* header was signed but not sent",
    ),
    ("header-whitespace", "spaces around ':' or around the value"),
    ("header-name-case", "header name not lower-cased"),
    ("header-value-differs", "a header value differs"),
    ("headers-not-sorted", "x-oss-* lines not sorted"),
    ("trailing-newline", "the string ends with a newline"),
    ("key-url-encoded", "the key is URL-encoded in the resource"),
    ("bucket-doubled", "the bucket appears twice in the resource"),
    ("bucket-missing", "the bucket is missing from the resource"),
    ("bucket-differs", "another bucket was signed"),
    (
        "resource-changed-in-transit",
        "the path was rewritten between capture and OSS",
    ),
    ("key-differs", "another key was signed"),
    ("subresource-missing", "a sub-resource OSS signs is missing"),
    (
        "subresource-extra",
        "a parameter was signed that OSS does not sign",
    ),
    (
        "subresource-value-differs",
        "a sub-resource value differs (e.g. still URL-encoded)",
    ),
    ("subresource-not-sorted", "sub-resources not sorted"),
    (
        "secret-differs",
        "the strings are identical: the secret (or the AccessKeyId pair) differs",
    ),
    (
        "request-changed-in-transit",
        "the captured request does not rebuild to the server's string either",
    ),
    (
        "signature-plus-as-space",
        "a '+' in the URL signature arrived as a space",
    ),
    (
        "text-bytes-disagree",
        "the error's text and bytes disagree (masked or edited text)",
    ),
    (
        "v4-region-oss-prefix",
        "scope region written with the 'oss-' endpoint prefix",
    ),
    (
        "v4-region-mismatch",
        "scope region is not OSS's / the host's",
    ),
    (
        "v4-scope-date-mismatch",
        "scope date is not the day of x-oss-date",
    ),
    ("v4-product", "scope product is not oss / oss-cloudbox"),
    ("v4-terminator", "scope does not end with aliyun_v4_request"),
    ("v4-timestamp-differs", "the V4 timestamp differs"),
    ("v4-payload-hash", "payload hash is not UNSIGNED-PAYLOAD"),
    (
        "v4-host-not-declared",
        "host signed but not declared in AdditionalHeaders, or the reverse",
    ),
    (
        "v4-additional-headers-differs",
        "AdditionalHeaders and the signed headers disagree",
    ),
    (
        "v4-uri-double-encoded",
        "the canonical URI was encoded twice",
    ),
    ("v4-plus-in-key", "a '+' in the key was not encoded as %2B"),
    (
        "v4-uri-not-encoded",
        "the canonical URI was not (fully) encoded",
    ),
    ("v4-uri-differs", "the canonical URI differs"),
    (
        "canonical-request-hash-differs",
        "only the hashes can be compared, and they differ",
    ),
    ("v4-query-differs", "the canonical query differs"),
    ("v4-query-not-sorted", "the canonical query is not sorted"),
    (
        "v4-headers-not-sorted",
        "the canonical headers are not sorted",
    ),
    (
        "v4-expires-range",
        "x-oss-expires outside 1..604800 seconds",
    ),
    (
        "security-token-not-signed",
        "a V1 URL carries security-token but the signed resource lacks it",
    ),
    (
        "subresource-value-encoding",
        "an x-oss-process/response-* value encoded on one side only",
    ),
    (
        "path-double-slash",
        "a '//' in the path was collapsed on one side",
    ),
    (
        "path-encoded-slash",
        "a '/' of the key was sent or signed as %2F",
    ),
    (
        "path-style-mismatch",
        "path-style vs virtual-hosted: the bucket is in one path only",
    ),
    (
        "payload-streaming",
        "a chunked (STREAMING-…) payload, which OSS does not support",
    ),
    (
        "payload-checksum-trailer",
        "an AWS SDK's default aws-chunked upload with a checksum trailer",
    ),
    (
        "payload-hash-unsigned-vs-body",
        "the body hash was sent, UNSIGNED-PAYLOAD signed",
    ),
    (
        "signed-family-header-unlisted",
        "an x-amz-*/x-oss-* header sent but not in the signed-header list",
    ),
];
