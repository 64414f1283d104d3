//! PostObject forms, as people capture them, read into [`Form`]; and the application
//! server's signature response (what the app server signed for the browser).
//!
//! The readers, all pure functions over the captured bytes:
//! - [`parse_multipart`]: a `multipart/form-data` body (CRLF parts as on the wire, or an
//!   LF-only paste); the `file` part is last, with its size when the content is there.
//! - [`from_har_post_data`]: a HAR `postData` (`params`, or the multipart `text`).
//! - [`from_curl_form`]: the `-F` / `--form` / `--form-string` arguments of a curl command.
//! - [`ansi_c_unquote`]: bash `$'…'` strings as Chrome's "Copy as cURL" writes a multipart
//!   body (`--data-raw $'------WebKitFormBoundary…\r\n…'`).
//! - [`app_server`]: the JSON an application server returns to the browser (`accessid`,
//!   `host`, `policy`, `signature`, `expire`, `callback`, `dir`; V4: `x-oss-credential`,
//!   `x-oss-date`, `x-oss-signature-version`, `security_token`), as an [`AppSigned`].
//!
//! Values are kept byte for byte as received: a policy with a trailing newline or a
//! `+` turned into a space stays that way, for the diagnosis to name.

use crate::request::{FilePart, Form};
use serde_json::Value;

/// A multipart body read into a form, with what the reader noticed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Multipart {
    pub form: Form,
    /// Things said to the user (LF-only paste, fields after the file, a cut body).
    pub notes: Vec<String>,
}

/// Read a `multipart/form-data` body. `boundary` is the Content-Type's (without the
/// leading `--`); without it the first `--…` line of the body is taken as the delimiter.
/// Returns None when the body holds no form-data part.
pub fn parse_multipart(body: &[u8], boundary: Option<&str>) -> Option<Form> {
    read_multipart(body, boundary).map(|m| m.form)
}

/// [`parse_multipart`], with the reader's notes.
pub fn read_multipart(body: &[u8], boundary: Option<&str>) -> Option<Multipart> {
    let boundary = match boundary.filter(|b| !b.is_empty() && !b.contains(' ')) {
        Some(b) => b.as_bytes().to_vec(),
        None => sniff_boundary(body)?,
    };
    let mut delim = b"--".to_vec();
    delim.extend_from_slice(&boundary);
    // Delimiter lines: the delimiter at the start of a line.
    let starts: Vec<usize> = memchr::memmem::find_iter(body, &delim)
        .filter(|&p| p == 0 || body[p - 1] == b'\n')
        .collect();
    if starts.is_empty() {
        return None;
    }
    let mut out = Multipart::default();
    let mut closed = false;
    let mut after_file: Vec<String> = Vec::new();
    for (k, &p) in starts.iter().enumerate() {
        let after = p + delim.len();
        if body[after..].starts_with(b"--") {
            closed = true;
            break;
        }
        // The rest of the delimiter line (transport padding, then the line end).
        let Some(nl) = memchr::memchr(b'\n', &body[after..]) else {
            break;
        };
        let part_start = after + nl + 1;
        let (part_end, cut) = match starts.get(k + 1) {
            Some(&next) => (strip_line_end(body, part_start, next), false),
            None => (body.len(), true),
        };
        let part = &body[part_start..part_end.max(part_start)];
        let Some((headers, content)) = split_part(part) else {
            continue;
        };
        let disp = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-disposition"))
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        let Some(name) = disposition_param(disp, "name") else {
            continue;
        };
        let filename = disposition_param(disp, "filename");
        if out.form.file.is_some() {
            after_file.push(name);
            continue;
        }
        if filename.is_some() || name.eq_ignore_ascii_case("file") {
            let content = if cut {
                trim_final_line_end(content)
            } else {
                content
            };
            out.form.file = Some(FilePart {
                filename,
                content_type: headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                    .map(|(_, v)| v.clone()),
                // Devtools and copied commands leave the file's bytes out: no size then.
                size: (!content.is_empty() && !cut).then_some(content.len() as u64),
            });
        } else {
            let value = if cut {
                trim_final_line_end(content)
            } else {
                content
            };
            out.form.fields.push((name, value.to_vec()));
        }
    }
    if out.form.fields.is_empty() && out.form.file.is_none() {
        return None;
    }
    if !body.contains(&b'\r') {
        out.notes.push("the multipart body has LF line ends only (a paste): each part was read as if its lines ended in CRLF on the wire".into());
    }
    if !after_file.is_empty() {
        out.notes.push(format!(
            "the form has fields after the file part ({}): OSS reads only the fields before 'file', so they were not sent as far as OSS is concerned",
            after_file.join(", ")
        ));
    }
    if !closed {
        out.notes.push(
            "the multipart body ends without its closing boundary: it was cut, the last part may be incomplete".into(),
        );
    }
    Some(out)
}

/// The first `--boundary` line of a body (the body's first non-blank line).
fn sniff_boundary(body: &[u8]) -> Option<Vec<u8>> {
    let line = body
        .split(|&c| c == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .find(|l| !l.trim_ascii().is_empty())?;
    let b = line.trim_ascii_end().strip_prefix(b"--")?;
    (!b.is_empty() && !b.contains(&b' ')).then(|| b.to_vec())
}

/// The end of a part: the line end before the next delimiter belongs to the delimiter.
fn strip_line_end(body: &[u8], start: usize, next: usize) -> usize {
    let mut e = next;
    if e > start && body[e - 1] == b'\n' {
        e -= 1;
        if e > start && body[e - 1] == b'\r' {
            e -= 1;
        }
    }
    e
}

fn trim_final_line_end(b: &[u8]) -> &[u8] {
    let b = b.strip_suffix(b"\n").unwrap_or(b);
    b.strip_suffix(b"\r").unwrap_or(b)
}

/// A part's header lines.
type PartHeaders = Vec<(String, String)>;

/// Split a part into its header lines and its content (after the first blank line).
fn split_part(part: &[u8]) -> Option<(PartHeaders, &[u8])> {
    let mut headers = Vec::new();
    let mut i = 0;
    loop {
        let nl = memchr::memchr(b'\n', &part[i..]).map(|n| i + n);
        let end = nl.unwrap_or(part.len());
        let line = &part[i..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            let content = nl.map(|n| &part[n + 1..]).unwrap_or(&[]);
            return (!headers.is_empty()).then_some((headers, content));
        }
        let l = String::from_utf8_lossy(line);
        let header = l.split_once(':').filter(|(k, _)| {
            !k.is_empty() && k.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        });
        let Some((k, v)) = header else {
            // Documents print a part without its blank line: the content starts here.
            return (!headers.is_empty()).then_some((headers, &part[i..]));
        };
        headers.push((k.trim().to_string(), v.trim().to_string()));
        match nl {
            Some(n) => i = n + 1,
            None => return (!headers.is_empty()).then_some((headers, &[])),
        }
    }
}

/// A parameter of a Content-Disposition value: `name="key"`, `filename="a.png"`
/// (quoted with `\"` escapes, or bare).
pub fn disposition_param(v: &str, param: &str) -> Option<String> {
    let mut rest = v;
    while let Some(p) = rest.find(';') {
        rest = rest[p + 1..].trim_start();
        let Some((k, after)) = rest.split_once('=') else {
            continue;
        };
        if !k.trim().eq_ignore_ascii_case(param) {
            continue;
        }
        let after = after.trim_start();
        if let Some(q) = after.strip_prefix('"') {
            let mut out = String::new();
            let mut chars = q.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            out.push(n);
                        }
                    }
                    '"' => return Some(out),
                    c => out.push(c),
                }
            }
            return Some(out);
        }
        return Some(after.split(';').next().unwrap_or("").trim().to_string());
    }
    None
}

/// A HAR `postData`: the multipart `text` (with the boundary of `mimeType`), else the
/// `params` list (`fileName` marks the file part, whose size a HAR does not keep).
pub fn from_har_post_data(pd: &Value, content_type: Option<&str>) -> Option<Multipart> {
    let mime = pd
        .get("mimeType")
        .and_then(Value::as_str)
        .or(content_type)
        .unwrap_or("");
    let boundary = crate::input::capture::multipart_boundary(mime);
    if let Some(text) = pd.get("text").and_then(Value::as_str) {
        if let Some(m) = read_multipart(text.as_bytes(), boundary.as_deref()) {
            return Some(m);
        }
    }
    let params = pd.get("params").and_then(Value::as_array)?;
    let mut form = Form::default();
    let mut after_file = Vec::new();
    for p in params {
        let Some(name) = p.get("name").and_then(Value::as_str) else {
            continue;
        };
        let file_name = p.get("fileName").and_then(Value::as_str);
        if form.file.is_some() {
            after_file.push(name.to_string());
            continue;
        }
        if file_name.is_some() || name.eq_ignore_ascii_case("file") {
            form.file = Some(FilePart {
                filename: file_name.map(str::to_string),
                content_type: p
                    .get("contentType")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                size: None,
            });
        } else {
            let v = p.get("value").and_then(Value::as_str).unwrap_or("");
            form.fields.push((name.to_string(), v.as_bytes().to_vec()));
        }
    }
    if form.fields.is_empty() && form.file.is_none() {
        return None;
    }
    let mut notes = Vec::new();
    if !after_file.is_empty() {
        notes.push(format!(
            "the form has fields after the file part ({}): OSS reads only the fields before 'file'",
            after_file.join(", ")
        ));
    }
    Some(Multipart { form, notes })
}

/// One `-F`/`--form`/`--form-string` argument of a curl command, as (flag, value).
/// `name=value` is a text field; `name=@path` (and `name=<path` for the file part) a
/// file of unknown size; `;type=` names the part's type. `--form-string` takes the value
/// literally.
pub fn from_curl_form(args: &[(String, String)]) -> Option<Multipart> {
    let mut form = Form::default();
    let mut after_file = Vec::new();
    for (flag, arg) in args {
        let Some((name, value)) = arg.split_once('=') else {
            continue;
        };
        let literal = flag == "--form-string";
        if form.file.is_some() {
            after_file.push(name.to_string());
            continue;
        }
        if !literal && (value.starts_with('@') || value.starts_with('<')) {
            let mut parts = value[1..].split(';');
            let path = parts.next().unwrap_or("");
            let mut ctype = None;
            let mut fname = None;
            for p in parts {
                if let Some(t) = p.trim().strip_prefix("type=") {
                    ctype = Some(t.to_string());
                } else if let Some(f) = p.trim().strip_prefix("filename=") {
                    fname = Some(f.trim_matches('"').to_string());
                }
            }
            let is_file = value.starts_with('@') || name.eq_ignore_ascii_case("file");
            if is_file {
                let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
                form.file = Some(FilePart {
                    filename: fname.or_else(|| Some(base.to_string())),
                    content_type: ctype,
                    size: None,
                });
            }
            // `name=<path` for a text field: its value is in a file the capture lacks.
            continue;
        }
        let v = if literal {
            value.to_string()
        } else {
            curl_form_value(value)
        };
        form.fields.push((name.to_string(), v.into_bytes()));
    }
    if form.fields.is_empty() && form.file.is_none() {
        return None;
    }
    let mut notes = Vec::new();
    if !after_file.is_empty() {
        notes.push(format!(
            "curl -F puts the parts in the order given: the fields after the file part ({}) come after 'file', and OSS does not read them",
            after_file.join(", ")
        ));
    }
    Some(Multipart { form, notes })
}

/// A `-F` text value: `"quoted"` loses its quotes; a `;type=…`/`;filename=…`/
/// `;headers=…` suffix is curl's, not the value's.
fn curl_form_value(v: &str) -> String {
    if let Some(q) = v.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = q.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                }
                '"' => break,
                c => out.push(c),
            }
        }
        return out;
    }
    for key in [";type=", ";filename=", ";headers=", ";encoder="] {
        if let Some(p) = v.find(key) {
            return v[..p].to_string();
        }
    }
    v.to_string()
}

/// Rewrite bash ANSI-C quoted words (`$'…\r\n…'`) as plain single-quoted words with the
/// escapes decoded, so a POSIX word splitter reads them. Text outside `$'…'` is copied.
pub fn ansi_c_unquote(cmd: &str) -> String {
    let b = cmd.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    let (mut single, mut double) = (false, false);
    while i < b.len() {
        let c = b[i];
        if single {
            out.push(c);
            single = c != b'\'';
            i += 1;
            continue;
        }
        if c == b'\\' && i + 1 < b.len() {
            out.extend_from_slice(&b[i..i + 2]);
            i += 2;
            continue;
        }
        if double {
            out.push(c);
            double = c != b'"';
            i += 1;
            continue;
        }
        match c {
            b'\'' => {
                single = true;
                out.push(c);
                i += 1;
            }
            b'"' => {
                double = true;
                out.push(c);
                i += 1;
            }
            b'$' if b.get(i + 1) == Some(&b'\'') => {
                let (decoded, next) = decode_ansi_c(b, i + 2);
                out.push(b'\'');
                for &d in &decoded {
                    if d == b'\'' {
                        out.extend_from_slice(b"'\\''");
                    } else {
                        out.push(d);
                    }
                }
                out.push(b'\'');
                i = next;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decode the body of `$'…'` from `b[i..]` up to its closing quote; returns the bytes and
/// the index after the quote.
fn decode_ansi_c(b: &[u8], mut i: usize) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let hex = |s: &[u8]| -> Option<u32> {
        let s = std::str::from_utf8(s).ok()?;
        u32::from_str_radix(s, 16).ok()
    };
    while i < b.len() {
        let c = b[i];
        if c == b'\'' {
            return (out, i + 1);
        }
        if c != b'\\' || i + 1 >= b.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let e = b[i + 1];
        i += 2;
        let simple = match e {
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'a' => Some(7),
            b'b' => Some(8),
            b'e' | b'E' => Some(27),
            b'f' => Some(12),
            b'v' => Some(11),
            b'\\' => Some(b'\\'),
            b'\'' => Some(b'\''),
            b'"' => Some(b'"'),
            b'?' => Some(b'?'),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            continue;
        }
        let run = |from: usize, max: usize, ok: fn(&u8) -> bool| -> usize {
            b[from..].iter().take(max).take_while(|c| ok(c)).count()
        };
        match e {
            b'x' => {
                let n = run(i, 2, u8::is_ascii_hexdigit);
                match hex(&b[i..i + n]) {
                    Some(v) if n > 0 => out.push(v as u8),
                    _ => out.extend_from_slice(b"\\x"),
                }
                i += n;
            }
            b'u' | b'U' => {
                let max = if e == b'u' { 4 } else { 8 };
                let n = run(i, max, u8::is_ascii_hexdigit);
                match hex(&b[i..i + n]).and_then(char::from_u32) {
                    Some(ch) if n > 0 => {
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                    }
                    _ => {
                        out.push(b'\\');
                        out.push(e);
                    }
                }
                i += n;
            }
            b'0'..=b'7' => {
                let start = i - 1;
                let n = run(start, 3, |c| (b'0'..=b'7').contains(c));
                let v = b[start..start + n]
                    .iter()
                    .fold(0u32, |a, d| a * 8 + u32::from(d - b'0'));
                out.push((v & 0xff) as u8);
                i = start + n;
            }
            b'c' if i < b.len() => {
                out.push(b[i] & 0x1f);
                i += 1;
            }
            _ => {
                out.push(b'\\');
                out.push(e);
            }
        }
    }
    (out, b.len())
}

/// What the application server signed for the browser: its signature response mapped to
/// the form fields the browser is meant to send (`policy`, `OSSAccessKeyId`, `Signature`,
/// or V4 `x-oss-credential`, `x-oss-date`, `x-oss-signature-version`, `x-oss-signature`,
/// `x-oss-security-token`, `callback`), plus the response's `host`, `dir`, `expire`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppSigned {
    pub form: Form,
    pub host: Option<String>,
    pub dir: Option<String>,
    pub expire: Option<String>,
    /// The JSON keys as the app server wrote them, with their values.
    pub keys: Vec<(String, String)>,
    pub input: usize,
    /// Byte offset of the JSON object in its input.
    pub offset: usize,
}

impl AppSigned {
    /// Is it a V4 response (credential or OSS4 version given)?
    pub fn is_v4(&self) -> bool {
        self.form.get("x-oss-credential").is_some()
            || self
                .form
                .get("x-oss-signature-version")
                .is_some_and(|v| v.starts_with(b"OSS4"))
    }
}

/// Application-server signature responses in a text: every JSON object (also nested, as
/// in `{"code":0,"data":{…}}`) that has a `policy` string and a signature.
pub fn app_server(text: &str, input: usize) -> Vec<AppSigned> {
    let mut out = Vec::new();
    if !text.contains("olicy") {
        return out;
    }
    let b = text.as_bytes();
    let mut i = 0;
    // A log full of JSON that mentions policies is read only so far.
    let mut attempts = 0;
    while let Some(rel) = memchr::memchr(b'{', &b[i..]) {
        let p = i + rel;
        i = p + 1;

        // Only objects that mention a policy nearby are worth parsing.
        let window = &b[p..b.len().min(p + 16384)];
        if memchr::memmem::find(window, b"olicy").is_none() {
            continue;
        }
        attempts += 1;
        if attempts > 4000 {
            break;
        }
        let mut it = serde_json::Deserializer::from_str(&text[p..]).into_iter::<Value>();
        let (v, end) = match it.next() {
            Some(Ok(v)) => (v, p + it.byte_offset()),
            _ => match js_object(&text[p..]) {
                Some((v, n)) => (v, p + n),
                None => continue,
            },
        };
        let before = out.len();
        collect_app(&v, input, p, &mut out);
        if out.len() > before {
            i = end.max(p + 1);
        }
    }
    out
}

/// A JavaScript object literal as `console.log` or source code shows it (`{accessid:
/// 'LTAI…', policy: "eyJ…", expire: 1700000000}`): bare keys and single quotes are
/// rewritten to JSON. Returns the value and the length of text it took.
fn js_object(t: &str) -> Option<(Value, usize)> {
    let b = t.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    let (mut i, mut depth) = (0, 0i32);
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'-';
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' | b'\'' => {
                let q = c;
                let mut j = i + 1;
                out.push(b'"');
                while j < b.len() && b[j] != q {
                    if b[j] == b'\\' && j + 1 < b.len() {
                        out.extend_from_slice(&b[j..j + 2]);
                        j += 2;
                        continue;
                    }
                    if b[j] == b'"' {
                        out.extend_from_slice(b"\\\"");
                    } else {
                        out.push(b[j]);
                    }
                    j += 1;
                }
                out.push(b'"');
                i = j + 1;
            }
            b'{' | b'[' => {
                depth += 1;
                out.push(c);
                i += 1;
            }
            b'}' | b']' => {
                depth -= 1;
                out.push(c);
                i += 1;
                if depth <= 0 {
                    // a trailing comma before a closing bracket is JavaScript's, not JSON's
                    let fixed = String::from_utf8_lossy(&out)
                        .replace(",}", "}")
                        .replace(",]", "]");
                    return serde_json::from_str(&fixed).ok().map(|v| (v, i));
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'$' => {
                let j = b[i..]
                    .iter()
                    .position(|&x| !word(x))
                    .map_or(b.len(), |n| i + n);
                let w = &b[i..j];
                let rest = &b[j..];
                let colon = rest.iter().find(|x| !x.is_ascii_whitespace()) == Some(&b':');
                if colon && !matches!(w, b"true" | b"false" | b"null") {
                    out.push(b'"');
                    out.extend_from_slice(w);
                    out.push(b'"');
                } else {
                    out.extend_from_slice(w);
                }
                i = j;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                out.push(c);
                i += 1;
            }
        }
        if out.len() > 65536 {
            return None;
        }
    }
    None
}

/// A parsed JSON value (a HAR response body, say) read as signature responses.
pub fn app_server_value(v: &Value, input: usize, offset: usize) -> Vec<AppSigned> {
    let mut out = Vec::new();
    collect_app(v, input, offset, &mut out);
    out
}

fn collect_app(v: &Value, input: usize, offset: usize, out: &mut Vec<AppSigned>) {
    match v {
        Value::Object(m) => {
            if let Some(a) = app_of(m, input, offset) {
                out.push(a);
                return;
            }
            for x in m.values() {
                collect_app(x, input, offset, out);
            }
        }
        Value::Array(a) => {
            for x in a {
                collect_app(x, input, offset, out);
            }
        }
        // A body that is itself a JSON string holding the JSON.
        Value::String(s) if s.trim_start().starts_with('{') && s.contains("olicy") => {
            if let Ok(inner) = serde_json::from_str::<Value>(s) {
                collect_app(&inner, input, offset, out);
            }
        }
        _ => {}
    }
}

/// Normalize a JSON key for matching: lower case, no `-`/`_`.
fn norm(k: &str) -> String {
    k.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

fn app_of(m: &serde_json::Map<String, Value>, input: usize, offset: usize) -> Option<AppSigned> {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let find = |names: &[&str]| -> Option<String> {
        m.iter()
            .find(|(k, _)| names.contains(&norm(k).as_str()))
            .and_then(|(_, v)| text(v))
    };
    let policy = find(&["policy"])?;
    let signature = find(&["signature", "xosssignature"]);
    let credential = find(&["xosscredential", "credential"]);
    let version = find(&["xosssignatureversion", "signatureversion", "version"]);
    let v4 = credential.is_some() || version.as_deref().is_some_and(|v| v.starts_with("OSS4"));
    if signature.is_none() && !v4 {
        return None;
    }
    let mut form = Form::default();
    let mut push = |name: &str, v: Option<String>| {
        if let Some(v) = v {
            form.fields.push((name.to_string(), v.into_bytes()));
        }
    };
    if !v4 {
        push(
            "OSSAccessKeyId",
            find(&["accessid", "ossaccesskeyid", "accesskeyid", "accesskey"]),
        );
    }
    push("policy", Some(policy));
    if v4 {
        push("x-oss-signature-version", version);
        push("x-oss-credential", credential);
        push("x-oss-date", find(&["xossdate", "date"]));
        push("x-oss-signature", signature);
    } else {
        push("Signature", signature);
    }
    push(
        "x-oss-security-token",
        find(&["securitytoken", "xosssecuritytoken", "ststoken"]),
    );
    push("callback", find(&["callback"]));
    let keys = m
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), text(v)?)))
        .collect();
    Some(AppSigned {
        form,
        host: find(&["host"]),
        dir: find(&["dir"]),
        expire: find(&["expire", "expiration"]),
        keys,
        input,
        offset,
    })
}

/// A multipart body pasted on its own (devtools "view source" of a form payload): the
/// first `--boundary` line followed by a `Content-Disposition: form-data` header, up to
/// the closing boundary. Returns (first line, one past the last line, the parse).
pub fn bare_multipart(
    lines: &[&str],
    used: &dyn Fn(usize) -> bool,
) -> Vec<(usize, usize, Multipart)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        let l = lines[i].trim_end_matches('\r');
        let next = lines[i + 1].trim_start();
        let is_start = !used(i)
            && l.starts_with("--")
            && l.len() > 4
            && !l.contains(' ')
            && next
                .as_bytes()
                .get(..20)
                .is_some_and(|h| h.eq_ignore_ascii_case(b"content-disposition:"));
        if !is_start {
            i += 1;
            continue;
        }
        let delim = l.trim_end().to_string();
        let close = format!("{delim}--");
        let mut j = i + 1;
        while j < lines.len() && !used(j) {
            let t = lines[j].trim_end_matches('\r').trim_end();
            j += 1;
            if t == close {
                break;
            }
        }
        let body = lines[i..j].join("\n");
        if let Some(m) = read_multipart(body.as_bytes(), delim.strip_prefix("--")) {
            out.push((i, j, m));
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRLF: &str = "------WebKitFormBoundaryAb\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nuser/a.png\r\n------WebKitFormBoundaryAb\r\nContent-Disposition: form-data; name=\"policy\"\r\n\r\neyJh+IjoxfQ==\n\r\n------WebKitFormBoundaryAb\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x7fPNG\r\n\r\n------WebKitFormBoundaryAb--\r\n";

    #[test]
    fn crlf_parts_keep_values_byte_for_byte() {
        let m = read_multipart(CRLF.as_bytes(), Some("----WebKitFormBoundaryAb")).unwrap();
        assert_eq!(m.form.get("key"), Some(&b"user/a.png"[..]));
        // The trailing newline inside the policy value stays.
        assert_eq!(m.form.get("Policy"), Some(&b"eyJh+IjoxfQ==\n"[..]));
        let f = m.form.file.as_ref().unwrap();
        assert_eq!(f.filename.as_deref(), Some("a.png"));
        assert_eq!(f.content_type.as_deref(), Some("image/png"));
        assert_eq!(f.size, Some(6));
        assert!(m.notes.is_empty(), "{:?}", m.notes);
        // Without the boundary the first line gives it.
        assert_eq!(parse_multipart(CRLF.as_bytes(), None), Some(m.form));
    }

    #[test]
    fn lf_only_paste_and_fields_after_file() {
        let t = "--XX\nContent-Disposition: form-data; name=\"policy\"\n\nabc\n--XX\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\n\n\n--XX\nContent-Disposition: form-data; name=\"submit\"\n\nUpload\n--XX--\n";
        let m = read_multipart(t.as_bytes(), None).unwrap();
        assert_eq!(m.form.fields, vec![("policy".to_string(), b"abc".to_vec())]);
        assert_eq!(m.form.file.as_ref().unwrap().size, None);
        assert!(m.notes.iter().any(|n| n.contains("LF line ends")));
        assert!(m.notes.iter().any(|n| n.contains("submit")));
        assert_eq!(parse_multipart(b"no form here", None), None);
        assert_eq!(parse_multipart(b"--a\r\n", Some("a")), None);
    }

    #[test]
    fn ansi_c_quoted_chrome_body() {
        let cmd = r#"curl 'https://b.oss-cn-hangzhou.aliyuncs.com/' --data-raw $'--XX\r\nContent-Disposition: form-data; name="key"\r\n\r\nit\'s \u0021\x41\101\r\n--XX--\r\n'"#;
        let w = shell_words::split(&ansi_c_unquote(cmd)).unwrap();
        assert_eq!(w.len(), 4);
        let f = parse_multipart(w[3].as_bytes(), Some("XX")).unwrap();
        assert_eq!(f.get("key"), Some(&b"it's !AA"[..]));
        // Quotes elsewhere are left alone.
        assert_eq!(ansi_c_unquote("a '$x' \"$'y'\""), "a '$x' \"$'y'\"");
        // Unterminated: no panic.
        let _ = ansi_c_unquote("$'\\x");
        let _ = ansi_c_unquote("$'\\u12");
    }

    #[test]
    fn curl_form_arguments() {
        let a = |f: &str, v: &str| (f.to_string(), v.to_string());
        let m = from_curl_form(&[
            a("-F", "key=dir/${filename}"),
            a("-F", "policy=\"eyJ;x\""),
            a("--form-string", "Signature=@notafile"),
            a("-F", "success_action_status=200;type=text/plain"),
            a("-F", "file=@/tmp/a b.png;type=image/png"),
            a("-F", "x=1"),
        ])
        .unwrap();
        assert_eq!(m.form.get("key"), Some(&b"dir/${filename}"[..]));
        assert_eq!(m.form.get("policy"), Some(&b"eyJ;x"[..]));
        assert_eq!(m.form.get("Signature"), Some(&b"@notafile"[..]));
        assert_eq!(m.form.get("success_action_status"), Some(&b"200"[..]));
        let f = m.form.file.unwrap();
        assert_eq!(
            (f.filename.as_deref(), f.content_type.as_deref(), f.size),
            (Some("a b.png"), Some("image/png"), None)
        );
        assert!(m.notes[0].contains('x'));
    }

    #[test]
    fn har_post_data() {
        let pd: Value = serde_json::json!({"mimeType": "multipart/form-data; boundary=XX",
            "params": [{"name": "policy", "value": "p"}, {"name": "file", "fileName": "a.txt", "contentType": "text/plain"}]});
        let m = from_har_post_data(&pd, None).unwrap();
        assert_eq!(m.form.get("policy"), Some(&b"p"[..]));
        assert_eq!(m.form.file.unwrap().filename.as_deref(), Some("a.txt"));
        let pd: Value = serde_json::json!({"mimeType": "multipart/form-data; boundary=XX",
            "text": "--XX\r\nContent-Disposition: form-data; name=\"policy\"\r\n\r\nq\r\n--XX--\r\n"});
        assert_eq!(
            from_har_post_data(&pd, None).unwrap().form.get("policy"),
            Some(&b"q"[..])
        );
    }

    #[test]
    fn app_server_responses() {
        let t = r#"GET /sign -> {"code":0,"data":{"accessid":"LTAI5tXX","host":"https://b.oss-cn-hangzhou.aliyuncs.com","policy":"eyJ9","signature":"abc+def=","expire":1700000000,"dir":"user/","callback":"eyJjIjoxfQ=="}} and
        {"policy": "eyJ4", "x-oss-signature-version": "OSS4-HMAC-SHA256", "x-oss-credential": "AK/20240101/cn-hangzhou/oss/aliyun_v4_request", "x-oss-date": "20240101T000000Z", "signature": "ff00", "security_token": "CAIS"}"#;
        let a = app_server(t, 3);
        assert_eq!(a.len(), 2);
        assert!(!a[0].is_v4());
        assert_eq!(a[0].form.get("OSSAccessKeyId"), Some(&b"LTAI5tXX"[..]));
        assert_eq!(a[0].form.get("Signature"), Some(&b"abc+def="[..]));
        assert_eq!(a[0].expire.as_deref(), Some("1700000000"));
        assert_eq!(a[0].dir.as_deref(), Some("user/"));
        assert_eq!(a[0].input, 3);
        assert!(a[1].is_v4());
        assert_eq!(a[1].form.get("x-oss-signature"), Some(&b"ff00"[..]));
        assert_eq!(a[1].form.get("x-oss-security-token"), Some(&b"CAIS"[..]));
        // A JavaScript object literal, as source code or console.log shows it.
        let js = "const oss_sign = {\n  message: \"success\",\n  accessid: 'LTAIZ',\n  policy: \"eyJleHA=\",\n  signature: \"63h/mN=\",\n  expire: 1537426365,\n  dir: \"tuan/pic/\",\n};";
        let a = app_server(js, 0);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].form.get("OSSAccessKeyId"), Some(&b"LTAIZ"[..]));
        assert_eq!(a[0].dir.as_deref(), Some("tuan/pic/"));
        assert!(app_server("{\"policy\": 1}", 0).is_empty());
        assert!(app_server("{\"policy\": \"x\"", 0).is_empty());
    }

    #[test]
    fn parts_printed_without_their_blank_line() {
        // As the PostObject document prints its sample request.
        let t = "--9431149156168\nContent-Disposition: form-data; name=\"key\"\nkey\n--9431149156168\nContent-Disposition: form-data; name=\"Content-Disposition\"\nattachment;filename=oss_download.jpg\n--9431149156168--\n";
        let f = parse_multipart(t.as_bytes(), Some("9431149156168")).unwrap();
        assert_eq!(f.get("key"), Some(&b"key"[..]));
        assert_eq!(
            f.get("content-disposition"),
            Some(&b"attachment;filename=oss_download.jpg"[..])
        );
    }

    proptest::proptest! {
        /// Whatever fields a browser writes (CRLF or an LF-only paste) read back byte for
        /// byte, the file part last; and no input makes a reader panic.
        #[test]
        fn multipart_round_trips(
            fields in proptest::collection::vec(("[a-zA-Z][a-zA-Z0-9_-]{0,12}", "[ -~]{0,40}"), 1..6),
            lf in proptest::bool::ANY,
            junk in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
        ) {
            let eol = if lf { "\n" } else { "\r\n" };
            let mut body = String::new();
            let fields: Vec<(String, String)> = fields.into_iter().filter(|(k, _)| !k.eq_ignore_ascii_case("file")).collect();
            for (k, v) in &fields {
                body.push_str(&format!("--B0uNd{eol}Content-Disposition: form-data; name=\"{k}\"{eol}{eol}{v}{eol}"));
            }
            body.push_str(&format!("--B0uNd{eol}Content-Disposition: form-data; name=\"file\"; filename=\"f\"{eol}{eol}xyz{eol}--B0uNd--{eol}"));
            let f = parse_multipart(body.as_bytes(), Some("B0uNd")).unwrap();
            let got: Vec<(String, String)> = f.fields.iter().map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned())).collect();
            proptest::prop_assert_eq!(got, fields);
            proptest::prop_assert_eq!(f.file.and_then(|x| x.size), Some(3));
            let _ = parse_multipart(&junk, None);
            let _ = parse_multipart(&junk, Some("B0uNd"));
            let t = String::from_utf8_lossy(&junk);
            let _ = ansi_c_unquote(&t);
            let _ = app_server(&t, 0);
            let _ = js_object(&t);
        }
    }

    #[test]
    fn bare_body_in_text() {
        let t = "payload:\n------WebKitFormBoundaryZ\nContent-Disposition: form-data; name=\"policy\"\n\neyJ\n------WebKitFormBoundaryZ--\nafter";
        let lines: Vec<&str> = t.split('\n').collect();
        let f = bare_multipart(&lines, &|_| false);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].0, f[0].1), (1, 6));
        assert_eq!(f[0].2.form.get("policy"), Some(&b"eyJ"[..]));
    }
}
