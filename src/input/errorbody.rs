//! Finding OSS error bodies in text: well-formed XML, fragments without a declaration
//! or `<Error>` root, HTML-escaped copies, and bodies cut short. A tolerant tag scanner,
//! not an XML parser: pasted bodies are rarely well-formed.

use serde::Serialize;

/// One error body as found in the input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorBody {
    /// Every simple element found, name → text (entity-decoded), in order.
    pub elements: Vec<(String, String)>,
    /// Byte offset of the body in the input it came from (for pairing with requests).
    pub offset: usize,
    /// Index of the input it came from.
    pub input: usize,
    /// What the reader had to repair or could not use.
    pub notes: Vec<String>,
    /// The body ended before `</Error>`.
    pub truncated: bool,
}

impl ErrorBody {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.elements
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn code(&self) -> Option<&str> {
        self.get("Code")
    }
    pub fn access_key_id(&self) -> Option<&str> {
        self.get("OSSAccessKeyId")
            .or_else(|| self.get("AWSAccessKeyId"))
    }
    /// Is this body worth a diagnosis (an error code, or a string to sign)?
    pub fn is_useful(&self) -> bool {
        self.get("Code").is_some()
            || self.get("StringToSign").is_some()
            || self.get("StringToSignBytes").is_some()
            || self.get("EC").is_some()
    }
}

/// Result of decoding a `...Bytes` element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HexDecoded {
    pub bytes: Vec<u8>,
    /// Why (part of) the element could not be used, if so.
    pub problem: Option<String>,
}

/// Decode `50 55 54 0A …` (either case, spaces/newlines optional). Stops at the first
/// unusable character and says where; a final odd digit is reported as a cut.
pub fn decode_hex(s: &str) -> HexDecoded {
    let mut bytes = Vec::with_capacity(s.len() / 3 + 1);
    let mut pending: Option<u8> = None;
    let mut problem = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() || c == ',' {
            if pending.is_some() {
                // single digit group like "A " — treat "0A"
                bytes.push(pending.take().unwrap_or(0));
            }
            continue;
        }
        match c.to_digit(16) {
            Some(d) => match pending.take() {
                None => pending = Some(d as u8),
                Some(h) => bytes.push(h * 16 + d as u8),
            },
            None => {
                let shown: String = s[i..].chars().take(12).collect();
                problem = Some(format!(
                    "not hex from character {} on (`{}`): masked or edited; {} byte(s) before it are used",
                    s[..i].chars().count() + 1,
                    shown.trim(),
                    bytes.len()
                ));
                pending = None;
                break;
            }
        }
    }
    if let Some(h) = pending {
        let _ = h;
        problem.get_or_insert_with(|| "ends with half a byte: the hex was cut short".to_string());
    }
    HexDecoded { bytes, problem }
}

/// Element names we read. Others inside a body are kept too, but these decide that
/// a fragment is an OSS error body.
const KNOWN: &[&str] = &[
    "Code",
    "Message",
    "RequestId",
    "HostId",
    "OSSAccessKeyId",
    "AWSAccessKeyId",
    "SignatureProvided",
    "StringToSign",
    "StringToSignBytes",
    "CanonicalRequest",
    "CanonicalRequestBytes",
    "EC",
    "RecommendDoc",
    "ServerTime",
    "RequestTime",
    "MaxAllowedSkewMilliseconds",
    "Expires",
    "ServerTimeTag",
    "AccessKeyId",
    "SecurityToken",
];

/// How far past an opening tag its value is looked for (the longest real values, a
/// CanonicalRequestBytes of a long key, are a few KiB).
const ELEMENT_WINDOW: usize = 1 << 20;

/// Bodies found in one text before the scan stops (diagnosis keeps fewer still).
const SCAN_LIMIT: usize = 10_000;

/// Find every error body in `text`.
pub fn find(text: &str, input: usize) -> Vec<ErrorBody> {
    let mut out = Vec::new();
    // HTML-escaped bodies: decode a copy and scan that too.
    if text.contains("&lt;Code&gt;")
        || text.contains("&lt;StringToSign&gt;")
        || text.contains("&lt;Error&gt;")
    {
        let un = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");
        for mut b in scan(&un, input) {
            b.notes
                .push("the body was HTML-escaped (&lt;…&gt;); read after unescaping".into());
            out.push(b);
        }
        if !out.is_empty() {
            return out;
        }
    }
    scan(text, input)
}

/// Find tags `<Name>` … `</Name>` and group them into bodies.
fn scan(text: &str, input: usize) -> Vec<ErrorBody> {
    let mut bodies: Vec<ErrorBody> = Vec::new();
    let mut cur: Option<ErrorBody> = None;
    let mut i = 0;
    let bytes = text.as_bytes();
    // `i` may step past the end when input is cut inside a tag: slice with a check.
    while let Some(rel) = text.get(i..).and_then(|t| t.find('<')) {
        if bodies.len() >= SCAN_LIMIT {
            // A text of thousands of bodies is a log of a loop; the rest add nothing.
            break;
        }
        let start = i + rel;
        let Some(name_end) = tag_name_end(bytes, start + 1) else {
            i = start + 1;
            continue;
        };
        let name = &text[start + 1..name_end];
        if name == "Error" && bytes.get(name_end) == Some(&b'>') {
            if let Some(b) = cur.take() {
                if b.is_useful() {
                    bodies.push(b);
                }
            }
            cur = Some(ErrorBody {
                offset: start,
                input,
                ..Default::default()
            });
            i = name_end + 1;
            continue;
        }
        if name == "/Error" {
            if let Some(b) = cur.take() {
                if b.is_useful() {
                    bodies.push(b);
                }
            }
            // not name_end + 1: `</Error` may be followed by a multi-byte character
            i = name_end;
            continue;
        }
        if bytes.get(name_end) != Some(&b'>') || name.starts_with('/') || name.is_empty() {
            i = start + 1;
            continue;
        }
        let content_start = name_end + 1;
        let known = KNOWN.contains(&name);
        if !known && cur.is_none() {
            // Not part of an error body (HTML, log markup): skip before any search, so a
            // long text with many tags stays linear.
            i = content_start;
            continue;
        }
        // An element's value is searched for within a bounded window: a value longer than
        // that is no OSS error element, and an unbounded search per tag would be quadratic.
        let mut end = (content_start + ELEMENT_WINDOW).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let window = &text[content_start..end];
        let close = format!("</{name}>");
        // Walk from '<' to '<': the value ends at its close tag, or is cut at a known tag
        // that opens (or `</Error>`) first — linear in the distance walked.
        let (raw, next, cut) = match value_end(window, &close) {
            (e, true) => (&window[..e], content_start + e + close.len(), false),
            (e, false) => (&window[..e], content_start + e, true),
        };
        if known && cut && in_prose(text, start, raw) {
            // `the <Code> element says…`: a tag named in a sentence, not an element. Read
            // on from inside it, so the real body below is not shadowed.
            i = content_start;
            continue;
        }
        if raw.contains('<') && !known {
            // A container element (not a simple value): step inside.
            i = content_start;
            continue;
        }
        let body = cur.get_or_insert_with(|| ErrorBody {
            offset: start,
            input,
            ..Default::default()
        });
        if body.get(name).is_some() && known {
            // A second Code/StringToSign without </Error> between: a new body.
            let done = std::mem::replace(
                body,
                ErrorBody {
                    offset: start,
                    input,
                    ..Default::default()
                },
            );
            if done.is_useful() {
                bodies.push(done);
            }
        }
        let body = cur.as_mut().expect("set above");
        let mut value = unescape(raw);
        if cut {
            // The line end after a cut element is the paste's, not the server's.
            value.truncate(value.trim_end_matches(['\r', '\n']).len());
            body.truncated = true;
            body.notes
                .push(format!("<{name}> is cut short: the body was truncated"));
        }
        body.elements.push((name.to_string(), value));
        i = next;
    }
    if let Some(mut b) = cur.take() {
        if b.is_useful() {
            if !b.truncated
                && text[b.offset..].contains("<Error>")
                && !text[b.offset..].contains("</Error>")
            {
                b.truncated = true;
                b.notes.push("the body ends before </Error>".into());
            }
            bodies.push(b);
        }
    }
    bodies
}

/// Where the value starting at `s[0]` ends: `(i, true)` at its close tag `close`, else
/// `(i, false)` at the first known opening tag or `</Error>` (the body was cut), or at the
/// end of `s`.
fn value_end(s: &str, close: &str) -> (usize, bool) {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(rel) = s.get(from..).and_then(|t| t.find('<')) {
        let at = from + rel;
        let rest = &s[at..];
        if rest.starts_with(close) {
            return (at, true);
        }
        if rest.starts_with("</Error>") || rest.starts_with("<Error>") {
            return (at, false);
        }
        if let Some(ne) = tag_name_end(b, at + 1) {
            if b.get(ne) == Some(&b'>') && KNOWN.contains(&&s[at + 1..ne]) {
                return (at, false);
            }
        }
        from = at + 1;
    }
    (s.len(), false)
}

/// A known tag at `start` whose value was cut is a name in prose when it stands in
/// backticks or quotes, or after a space with a one-line value that reads as a sentence
/// (words separated by spaces, running into another tag on the same line).
fn in_prose(text: &str, start: usize, raw: &str) -> bool {
    let prev = text.get(..start).and_then(|t| t.chars().next_back());
    if matches!(prev, Some('`' | '"' | '\'' | '“' | '「')) {
        return true;
    }
    let one_line = !raw.contains('\n');
    let words = raw.split_whitespace().count();
    prev.is_some_and(char::is_whitespace) && one_line && words >= 3
}

fn tag_name_end(b: &[u8], from: usize) -> Option<usize> {
    let mut j = from;
    if b.get(j) == Some(&b'/') {
        j += 1;
    }
    let s = j;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b'_') {
        j += 1;
    }
    if j == s {
        return None;
    }
    Some(j)
}

/// Decode XML entities (`&amp;`, `&#10;`, `&#x0A;` …). Unknown entities stay as they are.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    match quick_xml::escape::unescape(s) {
        Ok(c) => c.into_owned(),
        Err(_) => {
            // Partial: decode what we can, piece by piece.
            let mut out = String::with_capacity(s.len());
            let mut rest = s;
            while let Some(p) = rest.find('&') {
                out.push_str(&rest[..p]);
                let tail = &rest[p..];
                match tail.find(';').filter(|&e| e <= 10) {
                    Some(e) => match quick_xml::escape::unescape(&tail[..=e]) {
                        Ok(c) => {
                            out.push_str(&c);
                            rest = &tail[e + 1..];
                        }
                        Err(_) => {
                            out.push('&');
                            rest = &tail[1..];
                        }
                    },
                    None => {
                        out.push('&');
                        rest = &tail[1..];
                    }
                }
            }
            out.push_str(rest);
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n<Code>SignatureDoesNotMatch</Code>\n<RequestId>646DCB189AE2D1333018****</RequestId>\n<StringToSign>PUT\\n\\n\\nTue, 23 May 2023 15:24:55 GMT\\n/bucket/?acl</StringToSign>\n<StringToSignBytes>50 55 54 0A 0A 0A 2F 3F 61 63 6C </StringToSignBytes>\n<EC>0002-00000040</EC>\n</Error>";

    #[test]
    fn reads_doc_body() {
        let b = find(DOC, 0);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].code(), Some("SignatureDoesNotMatch"));
        assert_eq!(b[0].get("EC"), Some("0002-00000040"));
        let h = decode_hex(b[0].get("StringToSignBytes").unwrap());
        assert_eq!(h.bytes, b"PUT\n\n\n/?acl");
        assert!(h.problem.is_none());
    }

    #[test]
    fn hex_variants() {
        assert_eq!(decode_hex("505554").bytes, b"PUT");
        assert_eq!(decode_hex("50 55 54 0a").bytes, b"PUT\n");
        let h = decode_hex("50 55 ** 54");
        assert_eq!(h.bytes, b"PU");
        assert!(h.problem.unwrap().contains("masked"));
        let h = decode_hex("50 55 5");
        assert_eq!(h.bytes, b"PU");
        assert!(h.problem.is_some());
    }

    #[test]
    fn truncated_and_escaped() {
        let b = find(
            "<Error><Code>SignatureDoesNotMatch</Code><StringToSign>GET&#10;&#10;&#10;1&amp;2",
            0,
        );
        assert_eq!(b.len(), 1);
        assert!(b[0].truncated);
        assert_eq!(b[0].get("StringToSign"), Some("GET\n\n\n1&2"));
        let b = find(
            "&lt;Error&gt;&lt;Code&gt;AccessDenied&lt;/Code&gt;&lt;/Error&gt;",
            0,
        );
        assert_eq!(b[0].code(), Some("AccessDenied"));
    }

    #[test]
    fn cut_close_tag_before_multibyte_char() {
        // found by cargo fuzz (pipeline): `</Error` followed by a 3-byte character
        let b = find("<Error><Code>A</Code></Error件<Code>B</Code>", 0);
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn tags_named_in_prose_do_not_shadow_the_body() {
        let t = "The `<StringToSign>` in the response shows the date, and the <Code> element says it is wrong, see <OSSAccessKeyId> too.\n<Error><Code>SignatureDoesNotMatch</Code><EC>0002-00000040</EC></Error>";
        let b = find(t, 0);
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!(b[0].code(), Some("SignatureDoesNotMatch"));
        assert!(!b[0].truncated);
        // an element cut at the end of a real body is still read
        let b = find(
            "<Error>\n  <Code>SignatureDoesNotMatch</Code>\n  <StringToSign>GET\n\n",
            0,
        );
        assert_eq!(b[0].get("StringToSign"), Some("GET"));
    }

    #[test]
    fn no_root_and_two_bodies() {
        let b = find(
            "<Code>A</Code><RequestId>1</RequestId> text <Code>B</Code>",
            0,
        );
        assert_eq!(b.len(), 2);
        assert_eq!(b[1].code(), Some("B"));
    }
}
