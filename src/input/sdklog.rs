//! SDK debug logs. Several SDKs print the exact string they signed, and the request
//! they sent; each string becomes a client string, each request a captured request:
//!
//! - oss2 (Python): `Make signature: string to be signed = b'GET\n…'` (Python 3 bytes
//!   repr), or the raw multi-line string (Python 2, and V4); `canonical_request = b'…'`;
//!   `Send request, method: GET, url: …, params: {…}, headers: {…}` (dict repr);
//! - Go SDK v1 and ossutil.log: `[Req:0x…]signStr:PUT\n\n…` (newlines written as `\n`);
//! - ali-oss (Node): `authorization stringToSign: PUT…` (raw, multi-line, maybe with the
//!   `debug` module's prefix on every line), and
//!   `request PUT http://…, with headers {…JSON…}`;
//! - aliyun-sdk-js: `----------- sign string start -----------` … `end`, and
//!   `-------- HttpRequest Start: --------` blocks (`method:`, `path:`, `Name : value`).

use super::unwrap::read_literal;
use super::ClientString;
use crate::request::{CaptureKind, Request};

/// A client string found in a log, and its byte offset in the text.
pub fn client_strings(text: &str) -> Vec<(usize, ClientString)> {
    let mut out = Vec::new();
    let (lines, starts) = super::lines_with_starts(text);
    let mut canonical: Vec<(usize, ClientString)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i].strip_suffix('\r').unwrap_or(lines[i]);
        let at = starts.get(i).copied().unwrap_or(0);
        // oss2
        for (marker, is_cr) in [
            ("string to be signed = ", false),
            ("canonical_request = ", true),
        ] {
            if let Some(p) = l.find(marker) {
                let rest = l.get(p + marker.len()..).unwrap_or("");
                let got = if let Some(lit) = rest
                    .strip_prefix("b'")
                    .or_else(|| rest.strip_prefix("b\""))
                    .or_else(|| rest.strip_prefix('\''))
                {
                    let q = if rest.starts_with("b\"") { '"' } else { '\'' };
                    let (v, _cut) = read_literal(lit, 0, q);
                    Some(v.into_bytes())
                } else {
                    let (s, used) = multi_line(rest, &lines, i, None);
                    i += used;
                    Some(s.into_bytes())
                };
                if let Some(b) = got {
                    let cs = ClientString {
                        bytes: b,
                        origin: format!("oss2 debug log ({})", marker.trim_end_matches([' ', '='])),
                        unescaped: false,
                    };
                    if is_cr {
                        canonical.push((at, cs));
                    } else {
                        out.push((at, cs));
                    }
                }
            }
        }
        // Go SDK v1 / ossutil.log
        if let Some(p) = l.find("signStr:") {
            let rest = l.get(p + 8..).unwrap_or("").trim_end();
            if !rest.is_empty() {
                let (b, esc) = super::unescape_literal(rest.as_bytes());
                out.push((
                    at,
                    ClientString {
                        bytes: b,
                        origin: "Go SDK / ossutil debug log (signStr)".into(),
                        unescaped: esc,
                    },
                ));
            }
        }
        // ali-oss
        if let Some(p) = l.find("authorization stringToSign: ") {
            let prefix = debug_prefix(l, p);
            let rest = l.get(p + 28..).unwrap_or("");
            // In a terminal `debug` repeats its prefix on every line; in a file it does not.
            let (mut s, mut used) = multi_line(rest, &lines, i, prefix.as_deref());
            if used == 0 && prefix.is_some() {
                (s, used) = multi_line(rest, &lines, i, None);
            }
            i += used;
            out.push((
                at,
                ClientString {
                    bytes: strip_debug_suffix(&s).into_bytes(),
                    origin: "ali-oss debug log (authorization stringToSign)".into(),
                    unescaped: false,
                },
            ));
        }
        // botocore (`aws --debug`, boto3 logging at DEBUG): `… botocore.auth … CanonicalRequest:`
        // or `StringToSign:` ends the record's line; the string follows raw, up to the next record.
        if l.contains("botocore") {
            let t = l.trim_end();
            let is_cr = t.ends_with("CanonicalRequest:");
            if is_cr || t.ends_with("StringToSign:") {
                let mut j = i + 1;
                let mut body: Vec<&str> = Vec::new();
                while j < lines.len() && body.len() < 256 {
                    let x = lines[j].strip_suffix('\r').unwrap_or(lines[j]);
                    if looks_like_log_record(x) {
                        break;
                    }
                    body.push(x);
                    j += 1;
                }
                while body.last().is_some_and(|x| x.trim().is_empty()) {
                    body.pop();
                }
                if !body.is_empty() {
                    let cs = ClientString {
                        bytes: body.join("\n").into_bytes(),
                        origin: format!(
                            "botocore debug log ({})",
                            if is_cr {
                                "CanonicalRequest"
                            } else {
                                "StringToSign"
                            }
                        ),
                        unescaped: false,
                    };
                    if is_cr {
                        canonical.push((at, cs));
                    } else {
                        out.push((at, cs));
                    }
                    i = j;
                    continue;
                }
            }
        }
        // aws-sdk-go (v1) `LogSigning`: `---[ CANONICAL STRING  ]---…` / `---[ STRING TO SIGN ]---…`
        // blocks, each closed by a line of dashes.
        if l.starts_with("---[ CANONICAL STRING") || l.starts_with("---[ STRING TO SIGN") {
            let is_cr = l.contains("CANONICAL");
            let mut j = i + 1;
            let mut body: Vec<&str> = Vec::new();
            let mut ended = false;
            while j < lines.len() && body.len() < 256 {
                let x = lines[j].strip_suffix('\r').unwrap_or(lines[j]);
                // Closed by a line of dashes, or by the next block's header.
                if (x.len() >= 8 && x.bytes().all(|c| c == b'-')) || x.starts_with("---[ ") {
                    ended = true;
                    break;
                }
                body.push(x);
                j += 1;
            }
            if ended {
                let cs = ClientString {
                    bytes: body.join("\n").into_bytes(),
                    origin: format!(
                        "aws-sdk-go debug log ({})",
                        if is_cr {
                            "CANONICAL STRING"
                        } else {
                            "STRING TO SIGN"
                        }
                    ),
                    unescaped: false,
                };
                if is_cr {
                    canonical.push((at, cs));
                } else {
                    out.push((at, cs));
                }
                let next_block = lines.get(j).is_some_and(|x| x.starts_with("---[ "));
                i = if next_block { j } else { j + 1 };
                continue;
            }
        }
        // aliyun-sdk-js
        if l.contains("sign string start") && l.trim_start().starts_with("---") {
            let mut j = i + 1;
            let mut body = Vec::new();
            let mut ended = false;
            while j < lines.len() {
                let x = lines[j].strip_suffix('\r').unwrap_or(lines[j]);
                if x.contains("sign string end") {
                    ended = true;
                    break;
                }
                body.push(x);
                j += 1;
            }
            if ended {
                out.push((
                    at,
                    ClientString {
                        bytes: body.join("\n").into_bytes(),
                        origin: "aliyun-sdk-js debug log (sign string)".into(),
                        unescaped: false,
                    },
                ));
                i = j;
            }
        }
        i += 1;
    }
    // A V4 canonical request says more than its string to sign: it goes first.
    if !canonical.is_empty()
        && out
            .iter()
            .all(|(_, c)| crate::scheme::v4::is_string_to_sign(&c.bytes))
    {
        canonical.append(&mut out);
        return canonical;
    }
    out
}

/// The `debug` module's per-line prefix (`  ali-oss `) when the marker is behind it.
fn debug_prefix(l: &str, p: usize) -> Option<String> {
    let pre = l.get(..p)?;
    let t = pre.trim_start();
    if t.is_empty() {
        return None;
    }
    // e.g. "  ali-oss " or "2024-05-20T03:40:02.000Z ali-oss "
    let name = t.split_whitespace().last()?;
    Some(format!("  {name} "))
}

fn strip_debug_suffix(s: &str) -> String {
    // `debug` appends ` +12ms` to the last line in a terminal.
    if let Some(p) = s.rfind(" +") {
        let tail = s.get(p + 2..).unwrap_or("");
        if tail.ends_with("ms") && tail.len() <= 10 && !tail.contains('\n') {
            return s.get(..p).unwrap_or(s).to_string();
        }
    }
    s.to_string()
}

/// A string printed raw over several lines: a V4 string to sign has 4 lines; a V1 string
/// ends with its resource line (the first line starting with `/` after the 4 fixed ones).
/// Returns the string and how many extra lines it used.
fn multi_line(first: &str, lines: &[&str], i: usize, prefix: Option<&str>) -> (String, usize) {
    let mut got = vec![first.to_string()];
    let v4 = first.starts_with("OSS4-HMAC-SHA256");
    let mut used = 0;
    let mut j = i + 1;
    let done = |got: &Vec<String>| {
        if v4 {
            got.len() >= 4
        } else {
            got.len() >= 5 && got.last().is_some_and(|l| l.starts_with('/'))
        }
    };
    while !done(&got) && j < lines.len() && got.len() < 64 {
        let x = lines[j].strip_suffix('\r').unwrap_or(lines[j]);
        let x = match prefix {
            Some(p) => match x.strip_prefix(p) {
                Some(r) => r,
                None => match x.strip_prefix(p.trim_end()) {
                    Some(r) if r.is_empty() => r,
                    _ => break,
                },
            },
            None => x,
        };
        if looks_like_log_record(x) {
            break;
        }
        got.push(x.to_string());
        used += 1;
        j += 1;
    }
    if !done(&got) {
        // not a multi-line string after all: keep only the first line
        return (first.to_string(), 0);
    }
    (got.join("\n"), used)
}

/// A line that starts a new log record (`2024-05-20 11:40:02`, `[2020-12-18T…`).
fn looks_like_log_record(l: &str) -> bool {
    let b = l.as_bytes();
    let date = |b: &[u8]| {
        b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && (b[4] == b'-' || b[4] == b'/')
            && b[5..7].iter().all(u8::is_ascii_digit)
    };
    date(b) || (b.first() == Some(&b'[') && date(b.get(1..).unwrap_or(&[])))
}

/// Requests printed by SDK debug logs.
pub fn requests(text: &str) -> Vec<(usize, Request)> {
    let mut out = Vec::new();
    let (lines, starts) = super::lines_with_starts(text);
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i].strip_suffix('\r').unwrap_or(lines[i]);
        let at = starts.get(i).copied().unwrap_or(0);
        if let Some(r) = oss2_send(l).or_else(|| alioss_request(l)) {
            out.push((at, r));
        } else if l.contains("HttpRequest Start:") {
            if let Some((r, used)) = sdkjs_block(&lines, i) {
                out.push((at, r));
                i += used;
            }
        }
        i += 1;
    }
    out
}

/// oss2: `Send request, method: GET, url: http://…, params: {…}, headers: {…}`.
fn oss2_send(l: &str) -> Option<Request> {
    let p = l.find("Send request, method: ")?;
    let rest = l.get(p + 22..)?;
    let (method, rest) = rest.split_once(", url: ")?;
    let (url, rest) = rest.split_once(", params: ")?;
    let mut req = super::capture::from_url(url.trim(), CaptureKind::Described)?;
    req.method = Some(method.trim().to_string());
    // params: a dict; query parameters the SDK adds to the URL
    let (params, rest) = rest.split_once(", headers: ")?;
    let params = py_dict(params);
    if !params.is_empty() {
        let q: Vec<String> = params
            .iter()
            .map(|(k, v)| match v {
                Some(v) if !v.is_empty() => format!("{k}={v}"),
                _ => k.clone(),
            })
            .collect();
        let sep = if req.target.contains('?') { '&' } else { '?' };
        req.target = format!("{}{sep}{}", req.target, q.join("&"));
    }
    let headers = py_dict(rest);
    for (k, v) in headers {
        if let Some(v) = v {
            req.headers.push((k, v));
        }
    }
    req.ensure_host_header();
    if rest.trim_end().ends_with('}') {
        req.notes
            .push("read from the oss2 debug log (Send request …)".into());
    } else {
        req.notes.push(
            "read from the oss2 debug log (Send request …); the headers dict is cut short".into(),
        );
    }
    Some(req)
}

/// `{'k': 'v', 'n': None}` → pairs (None for Python None / other values).
fn py_dict(s: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let s = s.trim();
    let Some(inner) = s.strip_prefix('{') else {
        return out;
    };
    let mut rest = inner;
    loop {
        rest = rest.trim_start_matches([' ', ',']);
        let Some(q) = rest.chars().next() else { break };
        if q != '\'' && q != '"' {
            break;
        }
        let (k, cut) = read_literal(rest, 1, q);
        if cut {
            break;
        }
        // skip past the key's closing quote
        let Some(after) = rest.get(1..).and_then(|r| find_close(r, q)) else {
            break;
        };
        rest = rest.get(1 + after + 1..).unwrap_or("");
        rest = rest.trim_start();
        let Some(r) = rest.strip_prefix(':') else {
            break;
        };
        rest = r.trim_start();
        match rest.chars().next() {
            Some(vq @ ('\'' | '"')) => {
                let (v, cut) = read_literal(rest, 1, vq);
                if cut {
                    break;
                }
                out.push((k, Some(v)));
                let Some(after) = rest.get(1..).and_then(|r| find_close(r, vq)) else {
                    break;
                };
                rest = rest.get(1 + after + 1..).unwrap_or("");
            }
            Some(_) => {
                let end = rest.find([',', '}']).unwrap_or(rest.len());
                out.push((k, None));
                rest = rest.get(end..).unwrap_or("");
            }
            None => break,
        }
        if rest.trim_start().starts_with('}') {
            break;
        }
    }
    out
}

/// Byte index of the closing quote (skipping backslash escapes).
fn find_close(s: &str, q: char) -> Option<usize> {
    let mut esc = false;
    for (i, c) in s.char_indices() {
        if esc {
            esc = false;
            continue;
        }
        if c == '\\' {
            esc = true;
        } else if c == q {
            return Some(i);
        }
    }
    None
}

/// ali-oss: `request PUT http://b.oss-cn-hangzhou.aliyuncs.com/k, with headers {…}`.
fn alioss_request(l: &str) -> Option<Request> {
    let p = l.find("request ")?;
    let rest = l.get(p + 8..)?;
    let (method, rest) = rest.split_once(' ')?;
    if !matches!(
        method,
        "GET" | "PUT" | "POST" | "HEAD" | "DELETE" | "OPTIONS"
    ) {
        return None;
    }
    let (url, rest) = rest.split_once(", with headers ")?;
    let mut req = super::capture::from_url(url.trim(), CaptureKind::Described)?;
    req.method = Some(method.to_string());
    let start = rest.find('{')?;
    let end = rest.get(start..)?.find('}')? + start;
    let json: serde_json::Value = serde_json::from_str(rest.get(start..=end)?).ok()?;
    if let serde_json::Value::Object(m) = json {
        for (k, v) in m {
            let v = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Number(n) => n.to_string(),
                _ => continue,
            };
            req.headers.push((k, v));
        }
    }
    req.ensure_host_header();
    req.notes
        .push("read from the ali-oss debug log (request … with headers)".into());
    Some(req)
}

/// aliyun-sdk-js `-------- HttpRequest Start: --------` block.
fn sdkjs_block(lines: &[&str], i: usize) -> Option<(Request, usize)> {
    let mut method = None;
    let mut path = None;
    let mut headers = Vec::new();
    let mut j = i + 1;
    let mut in_headers = false;
    while j < lines.len() && j < i + 64 {
        let x = lines[j].strip_suffix('\r').unwrap_or(lines[j]);
        if let Some(m) = x.strip_prefix("method: ") {
            method = Some(m.trim().to_string());
        } else if let Some(p) = x.strip_prefix("path: ") {
            path = Some(p.trim().to_string());
        } else if x.trim() == "headers:" {
            in_headers = true;
        } else if in_headers {
            match x.split_once(" : ") {
                Some((k, v)) => headers.push((k.trim().to_string(), v.trim().to_string())),
                None => break,
            }
        } else if x.contains("HttpRequest End") {
            break;
        }
        j += 1;
    }
    let mut req = Request::new(CaptureKind::Described);
    req.method = Some(method?);
    req.target = path?;
    req.host = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.clone());
    req.headers = headers;
    req.notes
        .push("read from the aliyun-sdk-js debug log (HttpRequest Start)".into());
    Some((req, j.saturating_sub(i + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oss2_bytes_repr() {
        let t = "2026-11-22 07:10:38,958 oss2.auth [DEBUG] 140105499007872 : Make signature: string to be signed = b'GET\\n\\n\\nSun, 22 Nov 2026 07:10:38 GMT\\n/media-prod-hz/video/2024/intro.mp4'\n";
        let c = client_strings(t);
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].1.bytes,
            b"GET\n\n\nSun, 22 Nov 2026 07:10:38 GMT\n/media-prod-hz/video/2024/intro.mp4"
        );
    }

    #[test]
    fn oss2_v4_multiline_and_canonical_request() {
        let t = "2026-11-22 07:14:16,181 oss2.auth [DEBUG] 1 : Make signature: canonical_request = b'PUT\\n/b/k\\n\\ncontent-type:text/csv\\n\\n\\nUNSIGNED-PAYLOAD'\n2026-11-22 07:14:16,183 oss2.auth [DEBUG] 1 : Make signature: string to be signed = OSS4-HMAC-SHA256\n20261122T071416Z\n20261122/cn-hangzhou/oss/aliyun_v4_request\nb5966213e505b619bc267e72deb63137622b33f809a63d80db0796ee25c8e391\n2026-11-22 07:14:16,183 oss2.http [DEBUG] 1 : Send request\n";
        let c = client_strings(t);
        assert_eq!(c.len(), 2);
        assert!(c[0].1.bytes.starts_with(b"PUT\n/b/k"));
        assert_eq!(c[1].1.bytes.split(|&b| b == b'\n').count(), 4);
    }

    #[test]
    fn botocore_and_aws_sdk_go_logs() {
        // botocore.auth's own log lines (`logger.debug('CanonicalRequest:\n%s', …)`), as
        // `aws --debug` prints them.
        let t = "2024-05-01 12:00:00,001 - MainThread - botocore.auth - DEBUG - CanonicalRequest:\nGET\n/k\n\nhost:b.s3.amazonaws.com\nx-amz-date:20240501T120000Z\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD\n2024-05-01 12:00:00,001 - MainThread - botocore.auth - DEBUG - StringToSign:\nAWS4-HMAC-SHA256\n20240501T120000Z\n20240501/us-east-1/s3/aws4_request\nab12\n2024-05-01 12:00:00,002 - MainThread - botocore.auth - DEBUG - Signature:\nff\n";
        let c = client_strings(t);
        assert_eq!(c.len(), 2);
        assert!(c[0].1.bytes.starts_with(b"GET\n/k\n\nhost:"));
        assert!(c[0].1.bytes.ends_with(b"\nUNSIGNED-PAYLOAD"));
        assert_eq!(
            c[1].1.bytes,
            b"AWS4-HMAC-SHA256\n20240501T120000Z\n20240501/us-east-1/s3/aws4_request\nab12"
        );
        let g = "---[ CANONICAL STRING  ]-----------------------------\nPUT\n/k\n\nhost:b\n\nhost\nUNSIGNED-PAYLOAD\n-----------------------------------------------------\n---[ STRING TO SIGN ]--------------------------------\nAWS4-HMAC-SHA256\n20240501T120000Z\n20240501/us-east-1/s3/aws4_request\nab12\n-----------------------------------------------------\n";
        let c = client_strings(g);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].1.bytes, b"PUT\n/k\n\nhost:b\n\nhost\nUNSIGNED-PAYLOAD");
        assert!(c[0].1.origin.contains("aws-sdk-go"));
    }

    #[test]
    fn go_signstr() {
        let t = "2024/05/20 11:40:02 [debug][Req:0xc0001b4000]signStr:PUT\\n\\napplication/x-gzip\\nMon, 20 May 2024 03:40:02 GMT\\nx-oss-date:Mon, 20 May 2024 03:39:58 GMT\\n/acme-backup/db.sql.gz\n";
        let c = client_strings(t);
        assert_eq!(c.len(), 1);
        assert!(c[0].1.unescaped);
        assert!(c[0].1.bytes.ends_with(b"GMT\n/acme-backup/db.sql.gz"));
    }

    #[test]
    fn alioss_debug() {
        let t = "  ali-oss authorization stringToSign: PUT\n  ali-oss \n  ali-oss text/plain\n  ali-oss Sun, 22 Nov 2026 07:10:53 GMT\n  ali-oss /media-prod-hz/notes/readme.txt +0ms\n";
        let c = client_strings(t);
        assert_eq!(
            c[0].1.bytes,
            b"PUT\n\ntext/plain\nSun, 22 Nov 2026 07:10:53 GMT\n/media-prod-hz/notes/readme.txt"
        );
        // without a terminal: the prefix is on the first line only
        let t = "2024-05-22T08:30:12.101Z ali-oss authorization stringToSign: PUT\n\ntext/plain\nWed, 22 May 2024 08:30:12 GMT\n/b/k\n2024-05-22T08:30:12.102Z ali-oss request PUT\n";
        assert_eq!(
            client_strings(t)[0].1.bytes,
            b"PUT\n\ntext/plain\nWed, 22 May 2024 08:30:12 GMT\n/b/k"
        );
        let r = requests("  ali-oss request PUT http://media-prod-hz.oss-cn-hangzhou.aliyuncs.com/notes/readme.txt, with headers {\"x-oss-date\":\"Sun, 22 Nov 2026 07:10:53 GMT\",\"Content-Type\":\"text/plain\",\"Content-Length\":\"6\"}, !!stream: false +0ms");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].1.header("content-type"), Some("text/plain"));
        assert_eq!(r[0].1.target, "/notes/readme.txt");
    }

    #[test]
    fn aliyun_sdk_js_blocks() {
        // aliyun-UED/aliyun-sdk-js issue (sign string vs Host)
        let t = "emit sign\n----------- sign string start -----------\nPUT\n\napplication/octet-stream\nFri, 07 Aug 2015 14:16:37 GMT\n/zm-chat-lessons/x/events.json\n----------- sign string end -----------\nemit send\n-------- HttpRequest Start: --------\nmethod: PUT\npath: /x/events.json\nheaders:\nContent-Type : application/octet-stream\nHost : zm-chat-slides.oss-cn-hangzhou-internal.aliyuncs.com\nDate : Fri, 07 Aug 2015 14:16:37 GMT\nemit httpUploadProgress\n";
        let c = client_strings(t);
        assert_eq!(c.len(), 1);
        assert!(c[0].1.bytes.ends_with(b"/zm-chat-lessons/x/events.json"));
        let r = requests(t);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].1.method.as_deref(), Some("PUT"));
        assert_eq!(
            r[0].1.host.as_deref(),
            Some("zm-chat-slides.oss-cn-hangzhou-internal.aliyuncs.com")
        );
    }

    #[test]
    fn oss2_send_request() {
        let r = requests("2026-11-22 07:10:38,958 oss2.http [DEBUG] 1 : Send request, method: GET, url: http://b.oss-cn-hangzhou.aliyuncs.com/video%2Fa.mp4, params: {}, headers: {'range': 'bytes=0-1', 'Accept-Encoding': None, 'date': 'Sun, 22 Nov 2026 07:10:38 GMT', 'authorization': 'OSS LTAI5tQp8LkDy2N");
        assert_eq!(r.len(), 1);
        let q = &r[0].1;
        assert_eq!(q.header("date"), Some("Sun, 22 Nov 2026 07:10:38 GMT"));
        assert_eq!(q.target, "/video%2Fa.mp4");
        assert!(q.header("accept-encoding").is_none());
        assert!(q.notes[0].contains("cut"));
    }
}
