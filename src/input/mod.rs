//! Input stage: read whatever the user gave (files, stdin) and pull out the evidence —
//! error bodies (the server side), captured requests, and strings the client signed.

pub mod capture;
pub mod errorbody;
pub mod form;
pub mod har;
pub mod sdklog;
pub mod ticket;
pub mod unwrap;

use crate::error::{Error, Result};
use crate::request::Request;
use base64::Engine as _;
pub use errorbody::{decode_hex, ErrorBody, HexDecoded};

/// Inputs larger than this are refused rather than read whole.
pub const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// At most this many error bodies are diagnosed from one run (a ticket holds a few; a
/// text with thousands is a log of a loop, and the first ones say it all).
pub const MAX_BODIES: usize = 200;

/// A captured request and where it was found.
#[derive(Debug, Clone)]
pub struct Captured {
    pub request: Request,
    pub input: usize,
    /// Byte offset of its first line in that input.
    pub offset: usize,
}

/// The exact string the client signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientString {
    pub bytes: Vec<u8>,
    /// Where it came from (file name, log line).
    pub origin: String,
    /// It was given with literal `\n` escapes, which were turned into newlines.
    pub unescaped: bool,
}

/// Everything found in the inputs.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub errors: Vec<ErrorBody>,
    pub requests: Vec<Captured>,
    pub client_strings: Vec<ClientString>,
    /// PostObject: what the application server signed for the browser (its signature
    /// response), in input order.
    pub app_signed: Vec<form::AppSigned>,
    /// A public key given with `--pub-key` (PEM bytes), to verify a callback request.
    pub public_key: Option<Vec<u8>>,
}

impl Evidence {
    /// The captured request a diagnosis was made from, found again.
    pub fn request_of(&self, d: &crate::diagnose::Diagnosis) -> Option<&Request> {
        let ri = d.request.as_ref()?;
        self.requests
            .iter()
            .map(|c| &c.request)
            .find(|r| r.target == ri.target && r.method == ri.method && r.host_name() == ri.host)
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
            && self.requests.is_empty()
            && self.client_strings.is_empty()
            && self.app_signed.is_empty()
    }
}

/// Read a named input (a path, or `-` for stdin), refusing anything over `MAX_INPUT`.
pub fn read_input(name: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    let limit = MAX_INPUT + 1;
    let n = if name == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut buf)
            .map_err(|e| Error::Io(format!("cannot read standard input: {e}")))?
    } else {
        let f =
            std::fs::File::open(name).map_err(|e| Error::Io(format!("cannot read {name}: {e}")))?;
        f.take(limit)
            .read_to_end(&mut buf)
            .map_err(|e| Error::Io(format!("cannot read {name}: {e}")))?
    };
    if n as u64 > MAX_INPUT {
        return Err(Error::Input(format!(
            "{} is larger than 64 MiB; pass only the error body and the request, or find every error in a log with `ossdiag scan`",
            if name == "-" { "standard input" } else { name }
        )));
    }
    Ok(buf)
}

/// Pull evidence out of every input. `inputs` are (name, bytes).
pub fn gather(inputs: &[(String, Vec<u8>)]) -> Evidence {
    let mut ev = Evidence::default();
    for (idx, (_name, bytes)) in inputs.iter().enumerate() {
        let text = String::from_utf8_lossy(bytes);
        if har::gather(&text, idx, &mut ev) {
            continue;
        }
        let (n_err, n_req) = (ev.errors.len(), ev.requests.len());
        let mut notes = Vec::new();
        let traced = capture::trace_ascii(&text);
        let text = match &traced {
            Some((t, lossy)) => {
                notes.push(if *lossy {
                    "read from a curl --trace-ascii dump, which prints each newline inside the body as '.'".to_string()
                } else {
                    "read from a curl --trace dump (hex decoded)".to_string()
                });
                std::borrow::Cow::Borrowed(t.as_str())
            }
            None => text,
        };
        let prepared = unwrap::prepare(&text);
        let text = match &prepared {
            Some(p) => {
                notes.extend(p.notes.iter().cloned());
                p.text.as_str()
            }
            None => &text,
        };
        gather_text(text, idx, &mut ev);
        for e in ev.errors.iter_mut().skip(n_err) {
            e.notes.extend(notes.iter().cloned());
            if traced.as_ref().is_some_and(|t| t.1) {
                trace_lossy_text(e);
            }
        }
        for r in ev.requests.iter_mut().skip(n_req) {
            if traced.is_some() && r.request.kind == crate::request::CaptureKind::CurlVerbose {
                r.request.kind = crate::request::CaptureKind::CurlTrace;
            }
        }
    }
    let errors = std::mem::take(&mut ev.errors);
    ev.errors = unwrap::merge(errors);
    if ev.errors.len() > MAX_BODIES {
        let n = ev.errors.len();
        ev.errors.truncate(MAX_BODIES);
        if let Some(first) = ev.errors.first_mut() {
            first.notes.push(format!(
                "the input holds {n} error bodies; only the first {MAX_BODIES} are diagnosed"
            ));
        }
    }
    for e in &mut ev.errors {
        unwrap::repair(e);
    }
    compare_client_strings(&mut ev);
    ev
}

/// Several pasted client strings (before and after a fix, text and bytes): say on each
/// error body which of them equals what OSS signed. The diagnosis compares the first.
fn compare_client_strings(ev: &mut Evidence) {
    if ev.client_strings.len() < 2 {
        return;
    }
    for e in &mut ev.errors {
        let signed: Vec<Vec<u8>> = [
            ("StringToSignBytes", "StringToSign"),
            ("CanonicalRequestBytes", "CanonicalRequest"),
        ]
        .iter()
        .filter_map(|(b, t)| {
            let h = e.get(b).map(decode_hex);
            match h {
                Some(h) if h.problem.is_none() && !h.bytes.is_empty() => Some(h.bytes),
                _ => e.get(t).map(|t| unescape_literal(t.as_bytes()).0),
            }
        })
        .collect();
        if signed.is_empty() {
            continue;
        }
        for (n, c) in ev.client_strings.iter().enumerate() {
            let same = signed.contains(&c.bytes);
            e.notes.push(format!(
                "client string {} ({}) {} what OSS signed",
                n + 1,
                c.origin,
                if same { "equals" } else { "differs from" }
            ));
        }
    }
}

/// In a --trace-ascii dump a newline in the body shows as '.': the <StringToSign> text
/// is then not the server's string; the bytes are, when usable.
fn trace_lossy_text(e: &mut ErrorBody) {
    let usable = e
        .get("StringToSignBytes")
        .map(decode_hex)
        .is_some_and(|h| h.problem.is_none() && !h.bytes.is_empty());
    if usable && e.get("StringToSign").is_some() {
        e.elements.retain(|(k, _)| k != "StringToSign");
        e.notes.push("the <StringToSign> text of a --trace-ascii dump has '.' for each newline: it was set aside and the <StringToSignBytes> used".into());
    }
}

/// The lines of `text` (split on `\n`) and the byte offset where each starts.
pub fn lines_with_starts(text: &str) -> (Vec<&str>, Vec<usize>) {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut starts = Vec::with_capacity(lines.len());
    let mut off = 0;
    for l in &lines {
        starts.push(off);
        off += l.len() + 1;
    }
    (lines, starts)
}

fn gather_text(text: &str, idx: usize, ev: &mut Evidence) {
    let (lines, starts) = lines_with_starts(text);
    let mut used = vec![false; lines.len()];
    let mut found = capture::curl_verbose(&lines);
    for f in &found {
        for i in f.lines.clone() {
            used[i] = true;
        }
        // HEAD responses carry the error as base64 XML in `x-oss-err`.
        for (k, v) in &f.response_headers {
            if k == "x-oss-err" {
                if let Ok(xml) = base64::engine::general_purpose::STANDARD.decode(v.trim()) {
                    let xml = String::from_utf8_lossy(&xml);
                    for mut b in errorbody::find(&xml, idx) {
                        b.offset = starts[f.first_line];
                        b.notes
                            .push("read from the x-oss-err response header (base64 XML)".into());
                        ev.errors.push(b);
                    }
                }
            }
        }
    }
    let cmds = capture::curl_commands(&lines);
    for f in &cmds {
        for i in f.lines.clone() {
            used[i] = true;
        }
    }
    found.extend(cmds);
    let raw = capture::raw_http(&lines, &|i| used[i]);
    for f in &raw {
        for i in f.lines.clone() {
            used[i] = true;
        }
    }
    found.extend(raw);
    for (first, end, m) in form::bare_multipart(&lines, &|i| used[i]) {
        for u in used.iter_mut().take(end).skip(first) {
            *u = true;
        }
        let mut r = Request::new(crate::request::CaptureKind::Form);
        r.method = Some("POST".into());
        r.body = Some(lines[first..end].join("\n").into_bytes());
        r.form = Some(m.form);
        r.notes.push(
            "a multipart form body without its request head: the host and headers are unknown"
                .into(),
        );
        r.notes.extend(m.notes);
        found.push(capture::Found {
            request: r,
            first_line: first,
            lines: first..end,
            response_headers: Vec::new(),
            response_body: None,
        });
    }
    for f in found {
        ev.requests.push(Captured {
            request: f.request,
            input: idx,
            offset: starts[f.first_line],
        });
    }
    for (pos, r) in capture::urls(text) {
        let line = starts.partition_point(|&s| s <= pos).saturating_sub(1);
        if used.get(line).copied().unwrap_or(false) {
            continue;
        }
        ev.requests.push(Captured {
            request: r,
            input: idx,
            offset: pos,
        });
    }
    for (pos, r) in sdklog::requests(text) {
        ev.requests.push(Captured {
            request: r,
            input: idx,
            offset: pos,
        });
    }
    ev.requests.sort_by_key(|c| (c.input, c.offset));
    ev.client_strings
        .extend(sdklog::client_strings(text).into_iter().map(|(_, c)| c));
    for (_, _, c) in ticket::client_strings(&lines, &mut used) {
        if !ev.client_strings.iter().any(|x| x.bytes == c.bytes) {
            ev.client_strings.push(c);
        }
    }
    ev.app_signed.extend(form::app_server(text, idx));
    ev.errors.extend(errorbody::find(text, idx));
    ev.errors.extend(unwrap::structured(text, idx));
    ev.errors.sort_by_key(|e| (e.input, e.offset));
}

/// Read a client string as given: one final newline is ignored; a string with no
/// newline but literal `\n` escapes is unescaped (and the report says so).
pub fn client_string(mut bytes: Vec<u8>, origin: &str) -> ClientString {
    if bytes.ends_with(b"\r\n") && !bytes[..bytes.len() - 2].contains(&b'\n') {
        bytes.truncate(bytes.len() - 2);
    } else if bytes.ends_with(b"\n") {
        bytes.pop();
    }
    let (bytes, unescaped) = unescape_literal(&bytes);
    ClientString {
        bytes,
        origin: origin.to_string(),
        unescaped,
    }
}

/// `PUT\n\n…` written with backslash escapes (docs, logs, JSON) → real bytes, when the
/// text has no real newline and does have a literal `\n`.
pub fn unescape_literal(b: &[u8]) -> (Vec<u8>, bool) {
    if b.contains(&b'\n') || !b.windows(2).any(|w| w == b"\\n") {
        return (b.to_vec(), false);
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            let r = match b[i + 1] {
                b'n' => Some(b'\n'),
                b'r' => Some(b'\r'),
                b't' => Some(b'\t'),
                b'\\' => Some(b'\\'),
                _ => None,
            };
            if let Some(c) = r {
                out.push(c);
                i += 2;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    (out, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_strings() {
        let c = client_string(b"GET\n\n\n1\n/b/k\n".to_vec(), "f");
        assert_eq!(c.bytes, b"GET\n\n\n1\n/b/k");
        assert!(!c.unescaped);
        let c = client_string(b"GET\\n\\n\\n1\\n/b/k\n".to_vec(), "f");
        assert_eq!(c.bytes, b"GET\n\n\n1\n/b/k");
        assert!(c.unescaped);
    }

    #[test]
    fn two_client_strings_are_each_compared() {
        let t = "before:\n```\nPUT\n\n\n1\n/b/\n```\nafter:\n```\nPUT\n\n\n1\n/b/?acl\n```\n<Error><Code>SignatureDoesNotMatch</Code><StringToSign>PUT\n\n\n1\n/b/?acl</StringToSign></Error>";
        let ev = gather(&[("-".into(), t.as_bytes().to_vec())]);
        assert_eq!(ev.client_strings.len(), 2);
        let notes = ev.errors[0].notes.join("\n");
        assert!(
            notes.contains("client string 1 (") && notes.contains("differs from"),
            "{notes}"
        );
        assert!(
            notes.contains("client string 2 (") && notes.contains("equals"),
            "{notes}"
        );
    }

    #[test]
    fn gathers_request_and_body() {
        let t = "PUT /k HTTP/1.1\nHost: b.oss-cn-hangzhou.aliyuncs.com\nDate: x\n\n<Error><Code>SignatureDoesNotMatch</Code></Error>\nhttps://b.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=a&Expires=1&Signature=s\n";
        let ev = gather(&[("-".into(), t.as_bytes().to_vec())]);
        assert_eq!(ev.errors.len(), 1);
        assert_eq!(ev.requests.len(), 2);
        assert_eq!(ev.requests[0].request.method.as_deref(), Some("PUT"));
    }
}
