//! Pre-processing of wrapped text, and error bodies that are not XML.
//!
//! People paste the error the way their tool printed it: behind ANSI colours and log
//! prefixes (Android logcat, Flutter), as a Go error string
//! (`oss: service returned error: StatusCode=403, ErrorCode=…, RequestId=…, Ec=…`), as the
//! Go/Python SDK v2 multi-line `Error returned by Service.` block, as a Java
//! `OSSException` (`[ErrorCode]: … [RequestId]: …`), as a Python dict repr
//! (`{'Code': '…', 'StringToSign': 'PUT\n…'}`), a JS error object (`code: '…'`), or in
//! prose (`Code: SignatureDoesNotMatch`, `InvalidArgument: … RequestId: …`). This module
//! finds those, turns them into [`ErrorBody`] values, and merges the copies of one error
//! (the same error is often pasted twice: as a string and as XML).
//!
//! Everything here works on `&str` with checked slicing only: no input can panic it.

use super::errorbody::{self, ErrorBody};
use base64::Engine as _;

/// Text after pre-processing, and what was done to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub text: String,
    pub notes: Vec<String>,
}

/// Remove what stands between the user's text and a scanner: ANSI colour escapes and a
/// per-line log prefix repeated on most lines (logcat, Flutter `I/flutter ( 123): `).
/// `None` when nothing had to be done.
pub fn prepare(text: &str) -> Option<Prepared> {
    let mut notes = Vec::new();
    let mut cur: Option<String> = None;
    if text.contains('\u{1b}') {
        cur = Some(strip_ansi(text));
        notes.push("ANSI colour codes were removed".to_string());
    }
    if let Some((t, n)) = strip_quote_blocks(cur.as_deref().unwrap_or(text)) {
        notes.push(format!(
            "e-mail/Markdown quote markers ('> ') were removed from {n} lines before reading"
        ));
        cur = Some(t);
    }
    let base = cur.as_deref().unwrap_or(text);
    if let Some((t, what)) = strip_line_prefixes(base) {
        notes.push(format!(
            "a {what} prefix on every line was removed before reading"
        ));
        cur = Some(t);
    }
    cur.map(|text| Prepared { text, notes })
}

/// How many quote markers (`>`, each with one optional space after it) start `l`, and
/// the byte length they take.
fn quote_depth(l: &str) -> (usize, usize) {
    let b = l.as_bytes();
    let (mut depth, mut i) = (0, 0);
    while b.get(i) == Some(&b'>') {
        depth += 1;
        i += 1;
        if b.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    (depth, i)
}

/// `l` without its first `levels` quote markers.
fn strip_quote(l: &str, levels: usize) -> &str {
    let b = l.as_bytes();
    let mut i = 0;
    for _ in 0..levels {
        if b.get(i) != Some(&b'>') {
            break;
        }
        i += 1;
        if b.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    l.get(i..).unwrap_or(l)
}

/// Does a line belong to a curl -v transcript (its `< ` response and `* ` info lines)?
fn curl_marker(l: &str) -> bool {
    l.starts_with("< ")
        || l.starts_with("* ")
        || l == "<"
        || l.starts_with("{ [")
        || l.starts_with("} [")
}

/// Strip e-mail/Markdown quoting (`> `, nested `> > `) from quoted lines, so an error
/// body or a request quoted line by line reads with its own bytes. A run of lines at one
/// depth loses that many markers; an empty quoted line (`>`, `> >`) is an empty line of
/// the run it sits in. The `> ` request lines of a curl -v transcript are not quotes:
/// next to curl's `< `/`* ` lines a run keeps one marker.
/// Returns the text and how many lines changed, `None` when none did.
pub fn strip_quote_blocks(text: &str) -> Option<(String, usize)> {
    if !text.starts_with('>') && !text.contains("\n>") {
        return None;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    fn body(l: &str) -> &str {
        l.trim_end_matches('\r')
    }
    let blank = |l: &str| body(l).trim_start_matches(['>', ' ']).is_empty();
    // The depth of each line; empty quoted lines take the depth of the line before them.
    let mut depth: Vec<usize> = lines.iter().map(|l| quote_depth(body(l)).0).collect();
    let mut last = 0;
    for (i, l) in lines.iter().enumerate() {
        if depth[i] > 0 && blank(l) {
            depth[i] = if last > 0 { last } else { depth[i] };
        }
        last = depth[i];
    }
    // Runs of one depth, and the level each strips.
    let mut level = vec![0usize; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let d = depth[i];
        let start = i;
        while i < lines.len() && depth[i] == d {
            i += 1;
        }
        if d == 0 {
            continue;
        }
        let around = |j: usize| strip_quote(body(lines[j]), depth[j].min(d.saturating_sub(1)));
        let near_curl = (start > 0 && curl_marker(around(start - 1)))
            || (i < lines.len() && curl_marker(around(i)));
        let l = if near_curl { d - 1 } else { d };
        for v in level.iter_mut().take(i).skip(start) {
            *v = l;
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = 0;
    for (i, l) in lines.iter().enumerate() {
        if level[i] == 0 {
            push_line(&mut out, i, l);
            continue;
        }
        changed += 1;
        let rest = strip_quote(l, level[i]);
        if body(rest).trim().is_empty() {
            push_line(&mut out, i, if l.ends_with('\r') { "\r" } else { "" });
        } else {
            push_line(&mut out, i, rest);
        }
    }
    (changed > 0).then_some((out, changed))
}

fn push_line(out: &mut String, i: usize, l: &str) {
    if i > 0 {
        out.push('\n');
    }
    out.push_str(l);
}

/// Remove `ESC [ … letter` sequences (and a lone ESC).
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        if it.peek() == Some(&'[') {
            it.next();
            while let Some(&n) = it.peek() {
                it.next();
                if n.is_ascii_alphabetic() || n == '~' {
                    break;
                }
            }
        }
    }
    out
}

/// The length of a log prefix at the start of `l`, and what kind it is.
fn line_prefix(l: &str) -> Option<(usize, &'static str)> {
    // Flutter / logcat "brief": `I/flutter ( 3569): `, `D/OSS-Android-SDK(1234): `.
    let b = l.as_bytes();
    if b.len() > 3 && matches!(b[0], b'V' | b'D' | b'I' | b'W' | b'E' | b'F') && b[1] == b'/' {
        if let Some(p) = l.find("): ") {
            if l[..p].contains('(') && p < 80 {
                return Some((p + 3, "logcat/Flutter"));
            }
        }
        if let Some(p) = l.find("):") {
            if l[..p].contains('(') && p < 80 && l.len() == p + 2 {
                return Some((p + 2, "logcat/Flutter"));
            }
        }
    }
    // Android Studio logcat: `2024-05-20 11:32:08.417 12345-12398/com.x E/Tag: `
    // and `threadtime`: `05-20 11:32:08.417  1234  5678 E Tag    : `.
    let digits_start = b.first().is_some_and(|c| c.is_ascii_digit());
    if digits_start && l.len() > 20 {
        let head: &str = l.get(..l.len().min(160)).unwrap_or("");
        if let Some(p) = head.find(": ") {
            let pre = &head[..p];
            let time_like = pre.contains(':') && pre.contains(' ');
            let tag_like = pre.contains("/") || pre.split_whitespace().count() >= 5;
            let level = pre
                .split(['/', ' '])
                .any(|w| matches!(w, "V" | "D" | "I" | "W" | "E" | "F"))
                || pre.contains(" E/")
                || pre.contains(" D/")
                || pre.contains(" I/")
                || pre.contains(" W/")
                || pre.contains(" V/");
            if time_like && tag_like && level {
                return Some((p + 2, "logcat"));
            }
        }
        if let Some(p) = head.find(':') {
            // `…E/Tag:` with nothing after it (an empty logged line).
            if head.len() == p + 1 && head.contains('/') {
                return Some((p + 1, "logcat"));
            }
        }
    }
    None
}

/// Strip a prefix that is on at least 60% of the non-empty lines (and on 3 or more).
fn strip_line_prefixes(text: &str) -> Option<(String, &'static str)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let nonempty = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let mut with = 0;
    let mut kind = "log";
    for l in &lines {
        if let Some((_, k)) = line_prefix(l) {
            with += 1;
            kind = k;
        }
    }
    if with < 3 || with * 10 < nonempty * 6 {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match line_prefix(l) {
            Some((n, _)) => out.push_str(l.get(n..).unwrap_or("")),
            None => out.push_str(l),
        }
    }
    Some((out, kind))
}

/// OSS error codes that can be recognised without a label.
pub const KNOWN_CODES: &[&str] = &[
    "SignatureDoesNotMatch",
    "AccessDenied",
    "InvalidAccessKeyId",
    "RequestTimeTooSkewed",
    "SecurityTokenExpired",
    "InvalidSecurityToken",
    "InvalidArgument",
    "InvalidAuthorization",
    "MissingSecurityHeader",
    "AccessForbidden",
    "InvalidPolicyDocument",
    "NoSuchBucket",
    "NoSuchKey",
    "InvalidBucketName",
    "InvalidObjectName",
    "InvalidDigest",
    "MissingContentLength",
    "MethodNotAllowed",
    "InvalidRequest",
    "RequestExpired",
    "NotImplemented",
    "CallbackFailed",
];

/// One value found in text: an element name, its value, where.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hit {
    offset: usize,
    name: &'static str,
    value: String,
    /// the value ran into the end of the text or line without its closing quote
    cut: bool,
    /// the label or key as written (a repeat of the same label starts a new error)
    label: &'static str,
}

/// Elements that tell one error from another (free text such as Message does not).
const IDENTITY: &[&str] = &[
    "Code",
    "RequestId",
    "EC",
    "HostId",
    "OSSAccessKeyId",
    "SignatureProvided",
    "StringToSign",
    "StringToSignBytes",
    "CanonicalRequest",
    "CanonicalRequestBytes",
];

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn looks_like_code(v: &str) -> bool {
    KNOWN_CODES.contains(&v)
        || (v.len() >= 6
            && v.len() <= 48
            && v.as_bytes().first().is_some_and(|c| c.is_ascii_uppercase())
            && v.bytes().all(|c| c.is_ascii_alphanumeric())
            && v.bytes().skip(1).any(|c| c.is_ascii_uppercase())
            && v.bytes().any(|c| c.is_ascii_lowercase()))
}

fn looks_like_ec(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 13
        && b.get(4) == Some(&b'-')
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
}

fn looks_like_request_id(v: &str) -> bool {
    v.len() >= 12
        && v.len() <= 64
        && v.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'*' || c == b'-')
        && v.bytes()
            .any(|c| c.is_ascii_digit() || c == b'*' || c == b'x')
}

/// Skip spaces, quotes, backticks, `**`, and literal `\n` escapes.
fn skip_value_lead(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    loop {
        match b.get(i) {
            Some(b' ' | b'\t' | b'\'' | b'"' | b'`' | b'*' | b'[') => i += 1,
            Some(b'\\') if matches!(b.get(i + 1), Some(b'n' | b'r' | b't')) => i += 2,
            _ => return i,
        }
    }
}

fn token_at(s: &str, i: usize) -> &str {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b'*') {
        j += 1;
    }
    s.get(i..j).unwrap_or("")
}

/// Labels in prose, logs and exception strings: `ErrorCode=X`, `Error Code: X.`,
/// `[ErrorCode]: X`, `Code: **X`, `RequestId=X`, `Request Id: X.`, `Ec=X`, `EC: X`,
/// `ossEc=X`, `x-oss-ec: X`, `ecCode: 'X'` …
const LABELS: &[(&str, &str)] = &[
    ("ErrorCode", "Code"),
    ("Error Code", "Code"),
    ("OSS Code", "Code"),
    ("ossCode", "Code"),
    ("Code", "Code"),
    ("code", "Code"),
    ("RequestId", "RequestId"),
    ("Request Id", "RequestId"),
    ("RequestID", "RequestId"),
    ("Requestid", "RequestId"),
    ("requestId", "RequestId"),
    ("request_id", "RequestId"),
    ("ossRequestId", "RequestId"),
    ("x-oss-request-id", "RequestId"),
    ("EC", "EC"),
    ("Ec", "EC"),
    ("ecCode", "EC"),
    ("OSS EC", "EC"),
    ("ossEc", "EC"),
    ("x-oss-ec", "EC"),
    ("HostId", "HostId"),
    ("hostId", "HostId"),
    ("ErrorMessage", "Message"),
    ("Message", "Message"),
];

fn labeled(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    for &(label, name) in LABELS {
        let mut from = 0;
        while let Some(rel) = text.get(from..).and_then(|t| t.find(label)) {
            let at = from + rel;
            from = at + label.len();
            // word boundary before and after
            if at > 0 && b.get(at - 1).is_some_and(|&c| is_word_byte(c)) {
                continue;
            }
            let mut i = at + label.len();
            if b.get(i).is_some_and(|&c| is_word_byte(c)) {
                continue;
            }
            // optional closing quote / bracket, spaces, then ':' or '='
            while matches!(b.get(i), Some(b'\'' | b'"' | b']' | b' ' | b'*')) {
                i += 1;
            }
            if !matches!(b.get(i), Some(b':' | b'=')) {
                continue;
            }
            i += 1;
            let v_at = skip_value_lead(text, i);
            let value = if name == "Message" {
                let (v, end) = message_value(text, i);
                // A message is not read again from inside itself: a label repeated in
                // one long line costs its length once, not once per repeat.
                from = from.max(end);
                v
            } else if name == "HostId" {
                let t: String = text
                    .get(v_at..)
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '*' | '_'))
                    .collect();
                t.trim_end_matches(['.', '-']).to_string()
            } else {
                let t = token_at(text, v_at).trim_end_matches(['.', '-']);
                t.to_string()
            };
            let ok = match name {
                "Code" => looks_like_code(&value),
                "EC" => looks_like_ec(&value),
                "RequestId" => looks_like_request_id(&value),
                "HostId" => value.contains('.') || value.len() > 3,
                _ => !value.trim().is_empty(),
            };
            if ok {
                out.push(Hit {
                    offset: at,
                    name,
                    value,
                    cut: false,
                    label,
                });
            }
        }
    }
    out
}

/// A free-text message after its label: quoted (up to the closing quote), or up to
/// `, Key=` / the end of the line; the `..` of Go SDK v2 blocks loses one dot.
fn message_value(text: &str, i: usize) -> (String, usize) {
    let rest = text.get(i..).unwrap_or("");
    let rest = rest.trim_start_matches([' ', '\t']);
    let line = clip(rest.split('\n').next().unwrap_or("")).trim_end_matches('\r');
    let end = text.len() - rest.len() + line.len();
    let v = if let Some(q) = line.strip_prefix('"') {
        q.split('"').next().unwrap_or(q)
    } else if let Some(q) = line.strip_prefix('\'') {
        q.split('\'').next().unwrap_or(q)
    } else {
        let mut end = line.len();
        for stop in [", RequestId=", ", Ec=", ", [", ", RequestID="] {
            if let Some(p) = line.find(stop) {
                end = end.min(p);
            }
        }
        line.get(..end).unwrap_or(line)
    };
    let v = v.trim();
    let v = v
        .strip_suffix("..")
        .map(|s| format!("{s}."))
        .unwrap_or(v.to_string());
    (v.trim_matches('*').trim().to_string(), end)
}

/// The longest free-text message read (the rest of a line can be a 400 KB minified
/// script or base64 blob: a message is never that long).
const MAX_FREE_TEXT: usize = 2048;

/// `line` cut to [`MAX_FREE_TEXT`] bytes, on a char boundary.
fn clip(line: &str) -> &str {
    line.get(..floor_boundary(line, MAX_FREE_TEXT))
        .unwrap_or(line)
}

/// Quoted keys mapped to element names: Python dict repr, JSON, JS objects.
const KEYS: &[(&str, &str)] = &[
    ("Code", "Code"),
    ("code", "Code"),
    ("Message", "Message"),
    ("message", "Message"),
    ("RequestId", "RequestId"),
    ("requestId", "RequestId"),
    ("x-oss-request-id", "RequestId"),
    ("HostId", "HostId"),
    ("hostId", "HostId"),
    ("EC", "EC"),
    ("ecCode", "EC"),
    ("x-oss-ec", "EC"),
    ("OSSAccessKeyId", "OSSAccessKeyId"),
    ("AWSAccessKeyId", "AWSAccessKeyId"),
    ("SignatureProvided", "SignatureProvided"),
    ("StringToSign", "StringToSign"),
    ("StringToSignBytes", "StringToSignBytes"),
    ("CanonicalRequest", "CanonicalRequest"),
    ("CanonicalRequestBytes", "CanonicalRequestBytes"),
    ("ServerTime", "ServerTime"),
    ("RequestTime", "RequestTime"),
    ("MaxAllowedSkewMilliseconds", "MaxAllowedSkewMilliseconds"),
    ("Expires", "Expires"),
    ("SecurityToken", "SecurityToken"),
    ("AccessKeyId", "AccessKeyId"),
    ("ArgumentName", "ArgumentName"),
    ("ArgumentValue", "ArgumentValue"),
];

/// `'Key': 'value'`, `"Key": "value"`, `Key: 'value'` (JS inspect) with the value's
/// escapes decoded.
fn quoted_kv(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    for &(key, name) in KEYS {
        let mut from = 0;
        while let Some(rel) = text.get(from..).and_then(|t| t.find(key)) {
            let at = from + rel;
            from = at + key.len();
            let before = if at > 0 { b.get(at - 1).copied() } else { None };
            let after = b.get(at + key.len()).copied();
            let (quoted, mut i) = match (before, after) {
                (Some(q @ (b'\'' | b'"')), Some(q2)) if q == q2 => (true, at + key.len() + 1),
                (bf, Some(b':')) if bf.is_none_or(|c| c == b' ' || c == b'{' || c == b'\n') => {
                    (false, at + key.len())
                }
                _ => continue,
            };
            let _ = quoted;
            while b.get(i) == Some(&b' ') {
                i += 1;
            }
            if b.get(i) != Some(&b':') {
                continue;
            }
            i += 1;
            while b.get(i) == Some(&b' ') {
                i += 1;
            }
            let Some(&q) = b.get(i) else { continue };
            if q != b'\'' && q != b'"' {
                continue;
            }
            let (value, cut) = read_literal(text, i + 1, q as char);
            let v = value.trim();
            let ok = match name {
                "Code" => looks_like_code(v),
                "EC" => looks_like_ec(v),
                "RequestId" => looks_like_request_id(v),
                _ => true,
            };
            if !ok {
                continue;
            }
            let value = if matches!(name, "Code" | "EC" | "RequestId" | "HostId") {
                v.to_string()
            } else {
                value
            };
            out.push(Hit {
                offset: at,
                name,
                value,
                cut,
                label: key,
            });
        }
    }
    out
}

/// Read a string literal body from `i` (just after the opening quote) up to the closing
/// `quote`, decoding `\n`, `\t`, `\\`, `\'`, `\"`, `\xNN`, `\uXXXX`. A typographic quote
/// (‘ ’ “ ”) also closes it. Returns the value and whether it was cut (no closing quote
/// before the end of the line).
pub(crate) fn read_literal(text: &str, i: usize, quote: char) -> (String, bool) {
    let rest = text.get(i..).unwrap_or("");
    let mut out = String::new();
    let mut it = rest.chars().peekable();
    while let Some(c) = it.next() {
        if c == quote || matches!(c, '‘' | '’' | '“' | '”') {
            return (out, false);
        }
        if c == '\n' || c == '\r' {
            return (out, true);
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('x') => {
                let h: String = it.by_ref().take(2).collect();
                match u32::from_str_radix(&h, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => {
                        out.push_str("\\x");
                        out.push_str(&h);
                    }
                }
            }
            Some('u') => {
                let h: String = it.by_ref().take(4).collect();
                match u32::from_str_radix(&h, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => {
                        out.push_str("\\u");
                        out.push_str(&h);
                    }
                }
            }
            Some(o) => out.push(o),
            None => return (out, true),
        }
    }
    (out, true)
}

/// `SignatureDoesNotMatch: message`, `SignatureDoesNotMatchError: …` (JS),
/// `oss2.exceptions.SignatureDoesNotMatch: {…}`, `[SignatureDoesNotMatch: …]`.
fn bare_codes(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    // Where the request id was last searched, and what it found: a line of many quoted
    // codes is searched once.
    let mut rid_cache: Option<(usize, Option<Hit>)> = None;
    for &code in KNOWN_CODES {
        let mut from = 0;
        while let Some(rel) = text.get(from..).and_then(|t| t.find(code)) {
            let at = from + rel;
            from = at + code.len();
            if at > 0 && b.get(at - 1).is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            let mut i = at + code.len();
            if text.get(i..).is_some_and(|t| t.starts_with("Error")) {
                i += 5;
            } else if text.get(i..).is_some_and(|t| t.starts_with("Exception")) {
                i += 9;
            }
            let next = b.get(i).copied();
            let prev = at.checked_sub(1).and_then(|p| b.get(p)).copied();
            // `An error occurred (Code) when calling …` (botocore), a UI's `… (Code)`,
            // an access log's `"Code"` field.
            let enclosed = matches!(
                (prev, next),
                (Some(b'('), Some(b')')) | (Some(b'"'), Some(b'"'))
            );
            if enclosed && i == at + code.len() {
                out.push(Hit {
                    offset: at,
                    name: "Code",
                    value: code.to_string(),
                    cut: false,
                    label: "bare",
                });
                if prev == Some(b'"') {
                    out.extend(quoted_request_id(text, at, &mut rid_cache));
                } else {
                    // botocore: `(Code) when calling the PutObject operation: message`
                    let hi = floor_boundary(text, i.saturating_add(300));
                    let rest = text.get(i + 1..hi).unwrap_or("");
                    let line = rest.split('\n').next().unwrap_or("");
                    if let Some(p) = line.find("operation: ") {
                        let h = rest_of_line(text, i + 1 + p + "operation: ".len());
                        skip_past(&mut from, h.as_ref());
                        out.extend(h);
                    } else if let Some(m) = message_before(text, at - 1) {
                        // a UI's `message (Code)`: the message is the line before it
                        out.push(m);
                    }
                }
                continue;
            }
            let after_tick =
                next == Some(b'`') && text.get(i + 1..).is_some_and(|t| t.starts_with(" /"));
            if next == Some(b':') || after_tick {
                out.push(Hit {
                    offset: at,
                    name: "Code",
                    value: code.to_string(),
                    cut: false,
                    label: "bare",
                });
                if next == Some(b':') && b.get(i + 1) == Some(&b' ') {
                    let h = rest_of_line(text, i + 2);
                    skip_past(&mut from, h.as_ref());
                    out.extend(h);
                }
            }
        }
    }
    out
}

/// Continue a scan after a message just read: codes inside it are part of it, so a line
/// of one repeated fragment is read in time and memory linear in its length.
fn skip_past(from: &mut usize, h: Option<&Hit>) {
    if let Some(h) = h {
        *from = (*from).max(h.offset + h.value.len());
    }
}

/// The text of the line before `open` (the `(` of a UI's `message (Code)`), as Message.
fn message_before(text: &str, open: usize) -> Option<Hit> {
    let head = text.get(..open)?;
    // Only the last few hundred bytes can hold the message (it is at most 300 long): a
    // long line of repeated codes costs linear time.
    let mut lo = open.saturating_sub(400);
    while !head.is_char_boundary(lo) {
        lo += 1;
    }
    let start = head[lo..].rfind('\n').map_or(0, |p| lo + p + 1);
    if start == 0 && lo > 0 {
        return None;
    }
    let v = head[start..]
        .trim()
        .trim_start_matches(['>', '-', '*', ' '])
        .trim();
    if v.is_empty() || v.len() > 300 {
        return None;
    }
    Some(Hit {
        offset: start,
        name: "Message",
        value: v.to_string(),
        cut: false,
        label: "bare",
    })
}

/// The free text from `at` to the end of its line (a message after `Code: `), without a
/// closing quote or bracket; `None` when it is empty or looks like a structure.
fn rest_of_line(text: &str, at: usize) -> Option<Hit> {
    let rest = text.get(at..)?;
    let line = clip(rest.split('\n').next().unwrap_or(""));
    let v = line
        .trim()
        .trim_end_matches(['"', '\'', ']', '}', ','])
        .trim();
    if v.len() < 8 || v.starts_with(['{', '<', '[']) || !v.contains(' ') {
        return None;
    }
    Some(Hit {
        offset: at,
        name: "Message",
        value: v.to_string(),
        cut: false,
        label: "bare",
    })
}

/// On the line of an access log's quoted `"Code"` field: a quoted 24-hex-digit field is the
/// request id (OSS request ids are 24 upper-case hex digits).
fn quoted_request_id(
    text: &str,
    at: usize,
    cache: &mut Option<(usize, Option<Hit>)>,
) -> Option<Hit> {
    // Within its line, and at most 4 KiB either side (a log of one huge line stays linear).
    let lo = floor_boundary(text, at.saturating_sub(4096));
    let hi = floor_boundary(text, at.saturating_add(4096).min(text.len()));
    let start = text.get(lo..at)?.rfind('\n').map_or(lo, |p| lo + p + 1);
    // The previous search was on this line (no newline since): its answer stands.
    if let Some((prev, h)) = cache.as_mut() {
        if *prev <= at && text.get(*prev..at).is_some_and(|t| !t.contains('\n')) {
            *prev = at;
            return h.clone();
        }
    }
    let found = quoted_request_id_in(text, start, at, hi);
    *cache = Some((at, found.clone()));
    found
}

fn quoted_request_id_in(text: &str, start: usize, at: usize, hi: usize) -> Option<Hit> {
    let end = text.get(at..hi)?.find('\n').map_or(hi, |p| at + p);
    let line = text.get(start..end)?;
    let mut from = 0;
    while let Some(rel) = line.get(from..).and_then(|t| t.find('"')) {
        let q = from + rel;
        let v = line.get(q + 1..q + 25);
        if let Some(v) = v {
            if line.as_bytes().get(q + 25) == Some(&b'"')
                && v.bytes()
                    .all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(&c))
            {
                return Some(Hit {
                    offset: start + q + 1,
                    name: "RequestId",
                    value: v.to_string(),
                    cut: false,
                    label: "bare",
                });
            }
        }
        from = q + 1;
    }
    None
}

const SDM_MESSAGE: &str =
    "The request signature we calculated does not match the signature you provided";

/// `x-oss-err: <base64 XML>` (HEAD responses carry the error there) in a raw response
/// head, a curl -v transcript, a JSON/dict of headers.
fn x_oss_err(text: &str, input: usize) -> Vec<ErrorBody> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = text.get(from..).and_then(|t| t.find("x-oss-err")) {
        let at = from + rel;
        from = at + 9;
        let rest = text.get(at + 9..).unwrap_or("");
        let rest = rest.trim_start_matches(['\'', '"', ' ', ':']);
        let tok: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
            .collect();
        if tok.len() < 16 {
            continue;
        }
        let Some(xml) = lenient_base64(&tok) else {
            continue;
        };
        let xml = String::from_utf8_lossy(&xml);
        for mut b in errorbody::find(&xml, input) {
            b.offset = at;
            b.notes
                .push("read from the x-oss-err response header (base64 XML)".into());
            out.push(b);
        }
    }
    out
}

/// Base64 that may be cut short or lack its padding.
pub fn lenient_base64(s: &str) -> Option<Vec<u8>> {
    let t = s.trim().trim_end_matches('=');
    let keep = t.len() - t.len() % 4;
    let body = t.get(..keep)?;
    let tail = t.get(keep..).unwrap_or("");
    let e = &base64::engine::general_purpose::STANDARD_NO_PAD;
    let mut out = e.decode(body).ok()?;
    if tail.len() >= 2 {
        if let Ok(mut more) = e.decode(tail) {
            out.append(&mut more);
        }
    }
    Some(out)
}

/// Error bodies written as something other than XML. Each gets a note saying where it
/// was read from.
pub fn structured(text: &str, input: usize) -> Vec<ErrorBody> {
    let mut hits = labeled(text);
    hits.extend(quoted_kv(text));
    hits.extend(bare_codes(text));
    hits.sort_by_key(|h| h.offset);
    let mut out = group(&hits, text, input);
    out.extend(x_oss_err(text, input));
    if out.is_empty() && text.contains(SDM_MESSAGE) && !text.contains("<Code>") {
        let at = text.find(SDM_MESSAGE).unwrap_or(0);
        out.push(ErrorBody {
            elements: vec![("Code".into(), "SignatureDoesNotMatch".into())],
            offset: at,
            input,
            notes: vec!["no error code in the text: SignatureDoesNotMatch is inferred from its message (\"The request signature we calculated does not match…\")".into()],
            truncated: false,
        });
    }
    // A PostObject refusal quoted as prose: its message is the server's own words.
    if out.is_empty() && !text.contains("<Code>") {
        if let Some(at) = text.find(POLICY_MESSAGE) {
            let line = text.get(at..).unwrap_or("").lines().next().unwrap_or("");
            out.push(ErrorBody {
                elements: vec![
                    ("Code".into(), "AccessDenied".into()),
                    ("Message".into(), line.trim_end().to_string()),
                ],
                offset: at,
                input,
                notes: vec!["no error code in the text: AccessDenied is inferred from its message (\"Invalid according to Policy: …\")".into()],
                truncated: false,
            });
        }
    }
    out
}

/// The message S3 and OSS give a PostObject form its policy refuses.
const POLICY_MESSAGE: &str = "Invalid according to Policy: ";

/// The largest char boundary of `s` at or below `i`.
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn describe(text: &str, at: usize) -> &'static str {
    let from = floor_boundary(text, at.saturating_sub(400));
    let to = floor_boundary(text, at.saturating_add(200));
    let win = text.get(from..to).unwrap_or("");
    let near = |s: &str| win.contains(s);
    if near("service returned error") {
        "a Go SDK error string (oss: service returned error: …)"
    } else if near("Error returned by Service") {
        "an OSS SDK v2 ServiceError block (Error returned by Service.)"
    } else if near("[ErrorCode]") || near("[Code]") {
        "a Java/Android OSSException message ([ErrorCode]: …)"
    } else if near("'details'") || near("{'status'") {
        "a Python oss2 exception (dict repr)"
    } else {
        "labelled values in the text (Code:, RequestId=, x-oss-ec: …)"
    }
}

/// Group hits into bodies: a new body starts when an identity element comes back with
/// another value, or after a long gap.
fn group(hits: &[Hit], text: &str, input: usize) -> Vec<ErrorBody> {
    let mut bodies: Vec<ErrorBody> = Vec::new();
    let mut cur: Option<ErrorBody> = None;
    let mut last = 0usize;
    let mut labels: Vec<(&'static str, &'static str)> = Vec::new();
    let mut prev: Option<&Hit> = None;
    for h in hits {
        // the label scanner and the key scanner may both see one value
        if prev.is_some_and(|p| p.name == h.name && p.value == h.value && h.offset <= p.offset + 2)
        {
            continue;
        }
        prev = Some(h);
        let split = match &cur {
            None => false,
            Some(b) => {
                h.offset.saturating_sub(last) > 1500
                    || (IDENTITY.contains(&h.name)
                        && b.get(h.name)
                            .is_some_and(|v| !same_value(h.name, v, &h.value)))
                    || (IDENTITY.contains(&h.name) && labels.contains(&(h.name, h.label)))
            }
        };
        if split {
            labels.clear();
            if let Some(b) = cur.take() {
                bodies.push(b);
            }
        }
        let b = cur.get_or_insert_with(|| ErrorBody {
            offset: h.offset,
            input,
            notes: vec![format!("{STRUCT_NOTE}{}", describe(text, h.offset))],
            ..Default::default()
        });
        last = h.offset;
        labels.push((h.name, h.label));
        match b.elements.iter_mut().find(|(k, _)| k == h.name) {
            Some((_, v)) => {
                if h.value.len() > v.len() && h.value.starts_with(v.as_str()) {
                    *v = h.value.clone();
                }
            }
            None => {
                if h.cut {
                    b.truncated = true;
                    b.notes.push(format!("'{}' is cut short", h.name));
                }
                b.elements.push((h.name.to_string(), h.value.clone()));
            }
        }
    }
    if let Some(b) = cur.take() {
        bodies.push(b);
    }
    bodies
        .into_iter()
        .filter(|b| b.get("Code").is_some() || b.get("EC").is_some())
        .collect()
}

fn norm_hex(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_hexdigit())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Two values of one element are the same error's (equal, or one cut short of the other).
fn same_value(name: &str, a: &str, b: &str) -> bool {
    let (a, b) = if name.ends_with("Bytes") {
        (norm_hex(a), norm_hex(b))
    } else {
        (a.trim().to_string(), b.trim().to_string())
    };
    a.is_empty() || b.is_empty() || a == b || a.starts_with(&b) || b.starts_with(&a)
}

fn compatible(a: &ErrorBody, b: &ErrorBody) -> bool {
    if a.input != b.input
        && !(a.get("RequestId").is_some() && a.get("RequestId") == b.get("RequestId"))
    {
        return false;
    }
    IDENTITY.iter().all(|k| match (a.get(k), b.get(k)) {
        (Some(x), Some(y)) => same_value(k, x, y),
        _ => true,
    })
}

/// Merge the copies of one error (same request id, or nothing that disagrees) into one
/// body: the complete copy wins, the others fill in what it lacks. Order by first offset.
pub fn merge(bodies: Vec<ErrorBody>) -> Vec<ErrorBody> {
    let mut out: Vec<ErrorBody> = Vec::new();
    for b in bodies {
        match out.iter_mut().find(|o| compatible(o, &b)) {
            Some(o) => merge_into(o, b),
            None => out.push(b),
        }
    }
    out.sort_by_key(|e| (e.input, e.offset));
    out
}

/// The first note of a body read from something other than XML.
const STRUCT_NOTE: &str = "not an XML body: read from ";

fn is_xml(b: &ErrorBody) -> bool {
    !b.notes.iter().any(|n| n.starts_with(STRUCT_NOTE))
}

fn merge_into(o: &mut ErrorBody, b: ErrorBody) {
    // The base: a complete XML body over a cut one or a string.
    let take_b = (o.truncated && !b.truncated) || (!is_xml(o) && is_xml(&b) && !b.truncated);
    let (mut base, other) = if take_b {
        (b, std::mem::take(o))
    } else {
        (std::mem::take(o), b)
    };
    base.offset = base.offset.min(other.offset);
    base.input = base.input.min(other.input);
    for (k, v) in other.elements {
        match base.elements.iter_mut().find(|(bk, _)| *bk == k) {
            Some((_, bv)) => {
                if base.truncated && v.len() > bv.len() && same_value(&k, bv, &v) {
                    *bv = v;
                }
            }
            None => base.elements.push((k, v)),
        }
    }
    let base_xml = is_xml(&base);
    if !base.truncated {
        // a cut copy's notes about its cut do not apply to the whole
        for n in other.notes {
            if base_xml && n.starts_with(STRUCT_NOTE) {
                continue;
            }
            if !n.contains("cut short") && !n.contains("truncated") && !base.notes.contains(&n) {
                base.notes.push(n);
            }
        }
    } else {
        for n in other.notes {
            if !base.notes.contains(&n) {
                base.notes.push(n);
            }
        }
    }
    *o = base;
}

/// A V4 string to sign whose newlines were collapsed to spaces (browsers, Markdown):
/// `OSS4-HMAC-SHA256 20251023T171529Z 20251023/…/aliyun_v4_request 8e00…` → four lines.
pub fn reflow_v4_sts(s: &[u8]) -> Option<Vec<u8>> {
    if s.contains(&b'\n') || !crate::sign::v4::is_v4_layout(s) {
        return None;
    }
    let t: Vec<&[u8]> = s
        .split(|c| c.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    (t.len() == 4).then(|| t.join(&b'\n'))
}

/// A V4 canonical request whose newlines were collapsed to spaces. The empty lines are
/// lost, so the lines are put back by their shape: verb, URI, a query (holds `=` or `&`,
/// no `:`), `name:value` headers, an additional-headers list, and the payload hash last.
pub fn reflow_v4_cr(s: &[u8]) -> Option<Vec<u8>> {
    if s.contains(&b'\n') {
        return None;
    }
    let t: Vec<&[u8]> = s
        .split(|c| c.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    if t.len() < 3 || !t[1].starts_with(b"/") {
        return None;
    }
    let (verb, uri, payload) = (t[0], t[1], t[t.len() - 1]);
    let mut rest = &t[2..t.len() - 1];
    let query: &[u8] = match rest.first() {
        Some(q) if !q.contains(&b':') && (q.contains(&b'=') || q.contains(&b'&')) => {
            rest = &rest[1..];
            q
        }
        _ => b"",
    };
    let headers: Vec<&[u8]> = rest.iter().copied().filter(|h| h.contains(&b':')).collect();
    let additional = rest
        .iter()
        .copied()
        .rfind(|h| !h.contains(&b':'))
        .unwrap_or(b"");
    let mut out = Vec::new();
    for part in [verb, uri, query] {
        out.extend_from_slice(part);
        out.push(b'\n');
    }
    for h in headers {
        out.extend_from_slice(h);
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(additional);
    out.push(b'\n');
    out.extend_from_slice(payload);
    Some(out)
}

/// A V1 string to sign whose newlines were collapsed to spaces, with no bytes to fall back
/// on. Empty lines are lost, so the lines are put back by their shape: the verb, a base64
/// Content-MD5, a media type, the RFC 1123 date or the Expires number, `x-oss-*:` header
/// lines (a value may hold spaces), and the resource from the first token starting with `/`.
pub fn reflow_v1(s: &str) -> Option<String> {
    if s.contains('\n') || s.starts_with("OSS4") {
        return None;
    }
    let t: Vec<&str> = s.split_whitespace().collect();
    let verb = *t.first()?;
    if !verb.bytes().all(|c| c.is_ascii_uppercase()) || t.len() < 2 {
        return None;
    }
    let mut i = 1;
    let is_md5 = |x: &str| x.len() == 24 && x.ends_with("==");
    let md5 = if t.get(i).is_some_and(|x| is_md5(x)) {
        i += 1;
        t[i - 1]
    } else {
        ""
    };
    let mut ctype = String::new();
    if t.get(i)
        .is_some_and(|x| x.contains('/') && !x.starts_with('/') && !x.contains(':'))
    {
        ctype.push_str(t[i]);
        i += 1;
        while ctype.ends_with(';') && t.get(i).is_some_and(|x| x.contains('=')) {
            ctype.push(' ');
            ctype.push_str(t[i]);
            i += 1;
        }
    }
    // The date: `Tue, 23 May 2023 15:24:55 GMT` (six tokens) or Expires seconds.
    let date = match t.get(i) {
        Some(x) if x.len() >= 9 && x.bytes().all(|c| c.is_ascii_digit()) => {
            i += 1;
            x.to_string()
        }
        Some(x) if x.ends_with(',') && t.get(i + 5) == Some(&"GMT") => {
            i += 6;
            t[i - 6..i].join(" ")
        }
        _ => return None,
    };
    let mut lines = vec![verb.to_string(), md5.to_string(), ctype, date];
    while i < t.len() && !t[i].starts_with('/') {
        if t[i].to_ascii_lowercase().starts_with("x-oss-") && t[i].contains(':') {
            lines.push(t[i].to_string());
        } else if lines.len() > 4 {
            // A header value with spaces (`x-oss-date:Wed, 28 Dec 2022 …`).
            let last = lines.last_mut()?;
            last.push(' ');
            last.push_str(t[i]);
        } else {
            return None;
        }
        i += 1;
    }
    if i >= t.len() {
        return None;
    }
    lines.push(t[i..].join(" "));
    Some(lines.join("\n"))
}

/// Repairs on a found body: identity values trimmed (`'\n0002-00000007'`), the code
/// inferred from the EC when missing, a V4 string to sign whose newlines were collapsed
/// into spaces rebuilt, masked values named.
pub fn repair(b: &mut ErrorBody) {
    for (k, v) in b.elements.iter_mut() {
        if matches!(k.as_str(), "Code" | "RequestId" | "EC" | "HostId") {
            let t = v
                .trim()
                .trim_start_matches("\\n")
                .trim_end_matches("\\n")
                .trim()
                .to_string();
            *v = t;
        }
    }
    if b.get("Code").is_none() {
        if let Some(code) = b.get("EC").and_then(crate::ec::ec_code) {
            b.elements.insert(0, ("Code".into(), code.to_string()));
            b.notes.push(format!(
                "no <Code>: {code} is inferred from the EC {}",
                b.get("EC").unwrap_or("")
            ));
        }
    }
    // V4 strings whose newlines were collapsed into spaces (browser, Markdown): put the
    // lines back, unless usable bytes make the text irrelevant.
    let usable = |b: &ErrorBody, el: &str| {
        b.get(el)
            .map(errorbody::decode_hex)
            .is_some_and(|h| h.problem.is_none() && !h.bytes.is_empty())
    };
    let bytes_ok = usable(b, "StringToSignBytes");
    let cr_bytes_ok = usable(b, "CanonicalRequestBytes");
    for (el, ok, reflow, note) in [
        (
            "StringToSign",
            bytes_ok,
            reflow_v4_sts as fn(&[u8]) -> Option<Vec<u8>>,
            "the V4 <StringToSign> had its newlines collapsed into spaces (the text was reflowed); its four lines were rebuilt at the spaces",
        ),
        (
            "CanonicalRequest",
            cr_bytes_ok,
            reflow_v4_cr,
            "the <CanonicalRequest> had its newlines collapsed into spaces (the text was reflowed); its lines were put back by their shape, and its empty lines are a best guess",
        ),
    ] {
        if ok {
            continue;
        }
        if let Some((_, v)) = b.elements.iter_mut().find(|(k, _)| k == el) {
            if v.contains("\\n") {
                continue;
            }
            if let Some(r) = reflow(v.as_bytes()) {
                *v = String::from_utf8_lossy(&r).into_owned();
                b.notes.push(note.into());
            }
        }
    }
    if let Some((_, v)) = b.elements.iter_mut().find(|(k, _)| k == "StringToSign") {
        // A PostObject policy is one line of base64: nothing was reflowed.
        if !v.starts_with("OSS4")
            && v.len() > 20
            && !v.contains('\n')
            && !v.contains("\\n")
            && !crate::sign::post::is_policy(v.trim().as_bytes())
        {
            let note = if bytes_ok {
                "the <StringToSign> text has no newlines (reflowed): the <StringToSignBytes> are relied on"
            } else if let Some(r) = reflow_v1(v) {
                *v = r;
                "the <StringToSign> text had its newlines collapsed into spaces (reflowed) and there are no usable <StringToSignBytes>: its lines were put back by their shape (empty lines and spaces in values are a best guess)"
            } else {
                "the <StringToSign> text has no newlines (reflowed) and there are no usable <StringToSignBytes>: its lines could not be told apart"
            };
            b.notes.push(note.into());
        }
    }
    let masked: Vec<String> = b
        .elements
        .iter()
        .filter(|(k, v)| {
            !k.ends_with("Bytes") && (v.contains("****") || v.contains("***") || v.contains("...."))
        })
        .map(|(k, _)| k.clone())
        .collect();
    if !masked.is_empty() {
        b.notes.push(format!(
            "masked values ({}): compared as given; a masked part cannot be checked",
            masked.join(", ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(t: &str) -> ErrorBody {
        let mut v = merge(structured(t, 0));
        assert_eq!(v.len(), 1, "{v:?}");
        let mut b = v.remove(0);
        repair(&mut b);
        b
    }

    #[test]
    fn go_legacy_error_string() {
        // github.com/aliyun/aliyun-oss-go-sdk/issues/450
        let b = one("PutObjectFromFile:oss: service returned error: StatusCode=403, ErrorCode=SignatureDoesNotMatch, ErrorMessage=\"The request signature we calculated does not match the signature you provided. Check your key and signing method.\", RequestId=684B7C7CFA385DCF5B413661\n");
        assert_eq!(b.code(), Some("SignatureDoesNotMatch"));
        assert_eq!(b.get("RequestId"), Some("684B7C7CFA385DCF5B413661"));
        assert!(b
            .get("Message")
            .unwrap()
            .starts_with("The request signature"));
        assert!(b.notes[0].contains("Go SDK"));
        // ossutil issue 27: old unquoted format ending in '!'
        let b = one("Error: oss: service returned error: StatusCode=403, ErrorCode=RequestTimeTooSkewed, ErrorMessage=The difference between the request time and the current time is too large., RequestId=598338A88CEE3190462CAA94!");
        assert_eq!(b.code(), Some("RequestTimeTooSkewed"));
        assert_eq!(b.get("RequestId"), Some("598338A88CEE3190462CAA94"));
        // 115-sdk-go issue 1: with Ec
        let b = one("oss: service returned error: StatusCode=403, ErrorCode=InvalidSecurityToken, ErrorMessage=\"The security token you provided is invalid.\", RequestId=681819F168CDBA34300CAFCE, Ec=0002-00000006");
        assert_eq!(b.get("EC"), Some("0002-00000006"));
    }

    #[test]
    fn go_v2_block() {
        // alibabacloud-oss-go-sdk-v2 issue 29
        let t = "panic: operation error ListObjects: Error returned by Service. \nHttp Status Code: 400. \nError Code: InvalidArgument. \nRequest Id: 66B5E7110AD071373715AB36. \nMessage: Invalid signing region in Authorization header..\nEC: 0002-00000226.\nTimestamp: 2024-08-09 09:53:21 +0000 UTC.\n";
        let b = one(t);
        assert_eq!(b.code(), Some("InvalidArgument"));
        assert_eq!(b.get("RequestId"), Some("66B5E7110AD071373715AB36"));
        assert_eq!(b.get("EC"), Some("0002-00000226"));
        assert_eq!(
            b.get("Message"),
            Some("Invalid signing region in Authorization header.")
        );
        assert!(b.notes[0].contains("v2"));
    }

    #[test]
    fn java_ossexception() {
        let b = one("com.aliyun.oss.OSSException: The request signature we calculated does not match the signature you provided. Check your key and signing method.\n[ErrorCode]: SignatureDoesNotMatch\n[RequestId]: 5C9F6CBDB007B7575C5395BA\n[HostId]: xxx.oss-cn-shanghai.aliyuncs.com\n");
        assert_eq!(b.code(), Some("SignatureDoesNotMatch"));
        assert_eq!(b.get("RequestId"), Some("5C9F6CBDB007B7575C5395BA"));
        assert!(b.notes[0].contains("Java"));
    }

    #[test]
    fn python_dict_repr() {
        // aliyun-oss-python-sdk issue 186 (masked text, typographic closing quote)
        let t = "oss2.exceptions.SignatureDoesNotMatch: {'status': 403, 'x-oss-request-id': '5D031A3CA4DF8D178D3D499B', 'details': {'Code': 'SignatureDoesNotMatch', 'Message': 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 'RequestId': '5D031A3CA4DF8D178D3D499B', 'HostId': '', 'OSSAccessKeyId': 'LTAIpgksvlLgcdSE', 'SignatureProvided': 'sJEE6UN2s5CfTEQVmW97SV71UX8=', 'StringToSign': 'PUT\\n\\napplication/json\\nFri, 14 Jun 2019 03:53:30 GMT\\n/*****/locations.json', 'StringToSignBytes': '50 55 54 0A 0A 2F 6C ‘}}";
        let b = one(t);
        assert_eq!(b.code(), Some("SignatureDoesNotMatch"));
        assert_eq!(
            b.get("StringToSign"),
            Some("PUT\n\napplication/json\nFri, 14 Jun 2019 03:53:30 GMT\n/*****/locations.json")
        );
        assert_eq!(b.get("StringToSignBytes"), Some("50 55 54 0A 0A 2F 6C "));
        assert!(b.notes.iter().any(|n| n.contains("masked")));
        // MoviePilot issue 6295: EC with a leading \n, cut line
        let b = one("{'status': 403, 'x-oss-request-id': '6A7D67BB6CC4843538EAEA6A', 'details': {'Code': 'SecurityTokenExpired', 'EC': '\\n0002-00000007', 'SecurityToken': 'CAIS4AJ1q6Ft5B2y");
        assert_eq!(b.get("EC"), Some("0002-00000007"));
        assert!(b.truncated);
    }

    #[test]
    fn js_objects_and_prose() {
        // aliyun-sdk-js (node util.inspect)
        let b = one("error: { [SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.]\n  code: 'SignatureDoesNotMatch',\n  headers: \n   { 'x-oss-request-id': '566F9B013A7B8CC20D7424DB' },\n  statusCode: 403 }");
        assert_eq!(b.get("RequestId"), Some("566F9B013A7B8CC20D7424DB"));
        // aliyungo (Markdown bold)
        let b = one("Aliyun API Error: RequestId: 5AB3BEB300261B4583E490A5 Status Code: 403 Code: **SignatureDoesNotMatch Message: The request signature we calculated does not match**.");
        assert_eq!(b.code(), Some("SignatureDoesNotMatch"));
        assert_eq!(b.get("RequestId"), Some("5AB3BEB300261B4583E490A5"));
        // oss-browser one-liner
        let b = one("SignatureDoesNotMatch:The request signature we calculated does not match the signature you provided. Check your key and signing method.");
        assert_eq!(b.code(), Some("SignatureDoesNotMatch"));
        // PHP
        let b = one("InvalidArgument: Invalid signing region in Authorization header. RequestId: 67B442CABC153D6FD51426A9");
        assert_eq!(b.get("RequestId"), Some("67B442CABC153D6FD51426A9"));
        // message only
        let b = one("<Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>");
        assert_eq!(b.code(), Some("SignatureDoesNotMatch"));
    }

    #[test]
    fn ec_alone_gives_code() {
        let b = one("HTTP/1.1 403 Forbidden\nx-oss-request-id: 664AE2CA5D83B13834A0F7E9\nx-oss-ec: 0002-00000040\n");
        assert_eq!(b.code(), Some("SignatureDoesNotMatch"));
        assert_eq!(b.get("RequestId"), Some("664AE2CA5D83B13834A0F7E9"));
        // a 200 response with only a request id is no error
        assert!(structured(
            "HTTP/1.1 200 OK\nx-oss-request-id: 664AE2CA5D83B13834A0F7E9\n",
            0
        )
        .is_empty());
    }

    #[test]
    fn two_errors_stay_apart_copies_merge() {
        let t = "oss: service returned error: StatusCode=403, ErrorCode=SignatureDoesNotMatch, ErrorMessage=\"x\", RequestId=665549773CCB45303175A0B2\n\noss: service returned error: StatusCode=403, ErrorCode=SignatureDoesNotMatch, ErrorMessage=\"x\", RequestId=6xxxxxCCB45xxxxxxxx2\n";
        let v = merge(structured(t, 0));
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].get("RequestId"), Some("665549773CCB45303175A0B2"));
        let t = "e: oss: service returned error: StatusCode=400, ErrorCode=InvalidArgument, ErrorMessage=\"Authorization header is invalid.\", RequestId=64F19A1505F71F3231507AF2, Ec=0002-00000063\nagain: oss: service returned error: StatusCode=400, ErrorCode=InvalidArgument, ErrorMessage=\"Authorization header is invalid.\", RequestId=64F19A1505F71F3231507AF2, Ec=0002-00000063";
        assert_eq!(merge(structured(t, 0)).len(), 1);
    }

    #[test]
    fn prefixes_and_ansi() {
        // lucky1213/aliyun_oss issue 19
        let t = "I/flutter ( 3569): <Error>\nI/flutter ( 3569):   <Code>InvalidAccessKeyId</Code>\nI/flutter ( 3569):   <RequestId>64DCFBB694C77F3830309BB0</RequestId>\nI/flutter ( 3569): </Error>\n";
        let p = prepare(t).unwrap();
        assert!(p.text.starts_with("<Error>\n  <Code>"));
        assert!(p.notes[0].contains("Flutter"));
        let t = "2024-05-20 11:32:08.417 12345-12398/com.example.photos E/UploadWorker:   <StringToSign>PUT\n2024-05-20 11:32:08.417 12345-12398/com.example.photos E/UploadWorker: \n2024-05-20 11:32:08.417 12345-12398/com.example.photos E/UploadWorker: image/jpeg\n";
        let p = prepare(t).unwrap();
        assert_eq!(p.text, "  <StringToSign>PUT\n\nimage/jpeg\n");
        assert_eq!(
            strip_ansi("\u{1b}[36;1mali-oss \u{1b}[0mrequest"),
            "ali-oss request"
        );
        assert!(prepare("plain text\nno prefixes\n").is_none());
    }

    #[test]
    fn reflows_collapsed_v4() {
        let s = reflow_v4_sts(
            b"OSS4-HMAC-SHA256 20251023T171529Z 20251023/cn-shanghai/oss/aliyun_v4_request 8e00",
        )
        .unwrap();
        assert_eq!(
            s,
            b"OSS4-HMAC-SHA256\n20251023T171529Z\n20251023/cn-shanghai/oss/aliyun_v4_request\n8e00"
        );
        let c =
            reflow_v4_cr(b"GET /b/k x-oss-credential=...&x-oss-date=... UNSIGNED-PAYLOAD").unwrap();
        assert_eq!(
            c,
            b"GET\n/b/k\nx-oss-credential=...&x-oss-date=...\n\n\nUNSIGNED-PAYLOAD"
        );
        let c =
            reflow_v4_cr(b"PUT /b/k  content-type:text/plain x-oss-date:1 host UNSIGNED-PAYLOAD")
                .unwrap();
        assert_eq!(
            c,
            b"PUT\n/b/k\n\ncontent-type:text/plain\nx-oss-date:1\n\nhost\nUNSIGNED-PAYLOAD"
        );
    }

    #[test]
    fn reflows_collapsed_v1() {
        assert_eq!(
            reflow_v1("GET 1596699696 /yulinfeipai/facedata/Phot").as_deref(),
            Some("GET\n\n\n1596699696\n/yulinfeipai/facedata/Phot")
        );
        assert_eq!(
            reflow_v1("PUT eB5eJF1ptWaXm4bijSPyxw== text/plain; charset=utf-8 Wed, 28 Dec 2022 10:27:41 GMT x-oss-date:Wed, 28 Dec 2022 10:27:41 GMT x-oss-meta-a:1 /b/my key").as_deref(),
            Some("PUT\neB5eJF1ptWaXm4bijSPyxw==\ntext/plain; charset=utf-8\nWed, 28 Dec 2022 10:27:41 GMT\nx-oss-date:Wed, 28 Dec 2022 10:27:41 GMT\nx-oss-meta-a:1\n/b/my key")
        );
        assert_eq!(reflow_v1("the quick brown fox jumps"), None);
    }

    #[test]
    fn reflowed_v4_string() {
        let mut b = ErrorBody {
            elements: vec![
                ("Code".into(), "SignatureDoesNotMatch".into()),
                ("StringToSign".into(), "OSS4-HMAC-SHA256 20251023T171529Z 20251023/cn-shanghai/oss/aliyun_v4_request 8e00".into()),
            ],
            ..Default::default()
        };
        repair(&mut b);
        assert_eq!(
            b.get("StringToSign"),
            Some("OSS4-HMAC-SHA256\n20251023T171529Z\n20251023/cn-shanghai/oss/aliyun_v4_request\n8e00")
        );
        assert!(b.notes[0].contains("reflowed"));
    }

    #[test]
    fn base64_lenient() {
        assert_eq!(lenient_base64("UFVU").unwrap(), b"PUT");
        assert_eq!(lenient_base64("UFVUCg").unwrap(), b"PUT\n");
        assert_eq!(lenient_base64("UFVUC").unwrap(), b"PUT");
    }

    /// A 400 KB line of one repeated fragment once cost a copy of the rest of the line per
    /// repeat (6 GB for `SignatureDoesNotMatch: x ` × 16000). The values read out of a
    /// text must stay linear in its length, whatever repeats in it.
    #[test]
    fn repeated_fragments_cost_linear_work() {
        let lines = [
            "SignatureDoesNotMatch: x ".repeat(16_000),
            "(SignatureDoesNotMatch) when calling the PutObject operation: The request "
                .repeat(5_000),
            "Message: Code: SignatureDoesNotMatch ".repeat(10_000),
            "\"SignatureDoesNotMatch\" ".repeat(16_000),
            "var a=function(){return 1};<Code>SignatureDoesNotMatch</Code>".repeat(6_000),
        ];
        for text in &lines {
            let mut hits = labeled(text);
            hits.extend(quoted_kv(text));
            hits.extend(bare_codes(text));
            let read: usize = hits.iter().map(|h| h.value.len()).sum();
            assert!(
                read <= 2 * text.len(),
                "{} bytes of values read out of {} bytes ({:?}…)",
                read,
                text.len(),
                text.get(..30)
            );
            let bodies = structured(text, 0);
            let kept: usize = bodies
                .iter()
                .flat_map(|b| b.elements.iter().map(|(_, v)| v.len()))
                .sum();
            assert!(kept <= 2 * text.len(), "{kept} bytes kept");
        }
    }

    #[test]
    fn quotes_are_stripped_per_run() {
        let t = "intro\n> reply:\n>\n> > <StringToSign>PUT\n> >\n> > text/plain\n>\n> > /b/k</StringToSign>\n> tail\nend";
        let (s, n) = strip_quote_blocks(t).unwrap();
        assert_eq!(
            s,
            "intro\nreply:\n\n<StringToSign>PUT\n\ntext/plain\n\n/b/k</StringToSign>\ntail\nend"
        );
        assert_eq!(n, 8);
        // curl -v: the request lines keep their marker, bare or quoted.
        let curl = "* Connected to b.oss-cn-hangzhou.aliyuncs.com\n> PUT /k HTTP/1.1\n> Host: b\n>\n< HTTP/1.1 403 Forbidden\n< x-oss-ec: 0002-00000040";
        assert!(strip_quote_blocks(curl).is_none());
        let quoted: String = curl
            .split('\n')
            .map(|l| format!("> {l}"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(strip_quote_blocks(&quoted).unwrap().0, curl);
    }

    #[test]
    fn reflows_collapsed_aws4_string_to_sign() {
        let s = b"AWS4-HMAC-SHA256 20260101T000000Z 20260101/us-east-1/s3/aws4_request 0f1e";
        assert_eq!(
            reflow_v4_sts(s).unwrap(),
            b"AWS4-HMAC-SHA256\n20260101T000000Z\n20260101/us-east-1/s3/aws4_request\n0f1e"
        );
        assert!(reflow_v4_sts(b"GET /k 20260101 x").is_none());
    }
}
