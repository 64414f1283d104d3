//! Splitting a signed string into named fields (names in `../shared/DESIGN.md`).
//! Both sides go through the same splitter, so alignment is by name.

/// One named field of a signed string. `bytes` is the line without its `\n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub bytes: Vec<u8>,
}

fn field(name: impl Into<String>, bytes: &[u8]) -> Field {
    Field {
        name: name.into(),
        bytes: bytes.to_vec(),
    }
}

/// Lines of `s` split on `\n` (the last one may be empty).
fn lines(s: &[u8]) -> Vec<&[u8]> {
    s.split(|&c| c == b'\n').collect()
}

/// `base`, or `base#2`, `base#3`… when the same name came before (repeated headers or
/// query parameters); `seen` holds the names so far.
pub fn unique_name(seen: &mut Vec<String>, base: String) -> String {
    let n = seen.iter().filter(|x| **x == base).count();
    seen.push(base.clone());
    if n == 0 {
        base
    } else {
        format!("{base}#{}", n + 1)
    }
}

/// The lower-cased, trimmed name of a header line `Name:value` (or the whole line).
pub fn header_name(line: &[u8]) -> String {
    let name = match line.iter().position(|&c| c == b':') {
        Some(p) => &line[..p],
        None => line,
    };
    String::from_utf8_lossy(name).trim().to_ascii_lowercase()
}

/// Is the fourth line of a V1 string an Expires (all digits) rather than a Date?
pub fn v1_is_query(s: &[u8]) -> bool {
    let l = lines(s);
    l.get(3)
        .is_some_and(|d| !d.is_empty() && d.iter().all(u8::is_ascii_digit))
}

/// V1: verb, content-md5, content-type, date|expires, header:<name>…, resource.
/// Lines after the fourth that do not start with `/` and hold a `:` are header lines;
/// everything from the first other line on (newlines included) is the resource.
pub fn split_v1(s: &[u8]) -> Vec<Field> {
    let mut out = Vec::new();
    let mut rest = s;
    let fixed = ["verb", "content-md5", "content-type", ""];
    let date_name = if v1_is_query(s) { "expires" } else { "date" };
    for (i, name) in fixed.iter().enumerate() {
        let name = if i == 3 { date_name } else { name };
        match rest.iter().position(|&c| c == b'\n') {
            Some(p) => {
                out.push(field(name, &rest[..p]));
                rest = &rest[p + 1..];
            }
            None => {
                // Too few lines: what is left is this field; the rest are missing.
                out.push(field(name, rest));
                return out;
            }
        }
    }
    let mut seen: Vec<String> = Vec::new();
    while let Some(p) = rest.iter().position(|&c| c == b'\n') {
        let line = &rest[..p];
        if line.first() == Some(&b'/') || !line.contains(&b':') {
            break;
        }
        let name = unique_name(&mut seen, format!("header:{}", header_name(line)));
        out.push(field(name, line));
        rest = &rest[p + 1..];
    }
    out.push(field("resource", rest));
    out
}

pub const V4_ALGORITHM: &[u8] = b"OSS4-HMAC-SHA256";

pub use crate::sign::v4::is_v4_layout;

/// V4 string to sign: algorithm, timestamp, scope.date/region/product/terminator,
/// canonical-request-hash.
pub fn split_v4_sts(s: &[u8]) -> Vec<Field> {
    let l = lines(s);
    let mut out = Vec::new();
    let names = ["algorithm", "timestamp"];
    for (i, n) in names.iter().enumerate() {
        if let Some(v) = l.get(i) {
            out.push(field(*n, v));
        }
    }
    if let Some(scope) = l.get(2) {
        let parts: Vec<&[u8]> = scope.splitn(4, |&c| c == b'/').collect();
        for (i, n) in [
            "scope.date",
            "scope.region",
            "scope.product",
            "scope.terminator",
        ]
        .iter()
        .enumerate()
        {
            out.push(field(*n, parts.get(i).copied().unwrap_or(b"")));
        }
    }
    if l.len() > 3 {
        out.push(field("canonical-request-hash", &l[3..].join(&b'\n')));
    }
    out
}

/// V4 canonical request: verb, uri, query:<name>…, header:<name>…,
/// additional-headers, payload-hash. The query fields are named by the parameter name
/// as it appears (encoded); an empty query gives no query field.
pub fn split_v4_cr(s: &[u8]) -> Vec<Field> {
    let l = lines(s);
    let mut out = Vec::new();
    if let Some(v) = l.first() {
        out.push(field("verb", v));
    }
    if let Some(v) = l.get(1) {
        out.push(field("uri", v));
    }
    if let Some(q) = l.get(2) {
        let mut seen: Vec<String> = Vec::new();
        for part in q.split(|&c| c == b'&').filter(|p| !p.is_empty()) {
            let name = match part.iter().position(|&c| c == b'=') {
                Some(p) => &part[..p],
                None => part,
            };
            let fname = unique_name(
                &mut seen,
                format!("query:{}", String::from_utf8_lossy(name)),
            );
            out.push(field(fname, part));
        }
    }
    // Headers: lines from index 3 until the empty line that ends the block.
    let mut i = 3;
    let mut seen: Vec<String> = Vec::new();
    while i < l.len() && !l[i].is_empty() {
        // The last two lines are additional-headers and payload-hash even when the
        // blank line is missing (a damaged copy).
        if i + 2 >= l.len() {
            break;
        }
        let fname = unique_name(&mut seen, format!("header:{}", header_name(l[i])));
        out.push(field(fname, l[i]));
        i += 1;
    }
    if i < l.len() && l[i].is_empty() {
        i += 1;
    }
    if l.len() >= 2 && i + 1 < l.len() {
        out.push(field("additional-headers", l[i]));
        out.push(field("payload-hash", &l[i + 1..].join(&b'\n')));
    } else if i < l.len() {
        out.push(field("payload-hash", &l[i..].join(&b'\n')));
    }
    out
}

/// Sort position of a field name in the string (for ordering merged lists).
pub fn rank(name: &str) -> (u8, String) {
    let fixed: &[&str] = &[
        "algorithm",
        "timestamp",
        "scope.date",
        "scope.region",
        "scope.product",
        "scope.service",
        "scope.terminator",
        "canonical-request-hash",
        "verb",
        "uri",
        "content-md5",
        "content-type",
        "date",
        "expires",
    ];
    if let Some(p) = fixed.iter().position(|f| *f == name) {
        return (p as u8, String::new());
    }
    if let Some(q) = name.strip_prefix("query:") {
        return (20, q.to_string());
    }
    if let Some(h) = name.strip_prefix("header:") {
        return (21, h.to_string());
    }
    match name {
        "additional-headers" | "signed-headers" => (22, String::new()),
        "payload-hash" => (23, String::new()),
        "resource" => (24, String::new()),
        "policy" => (25, String::new()),
        _ => (26, name.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(f: &[Field]) -> Vec<&str> {
        f.iter().map(|f| f.name.as_str()).collect()
    }

    #[test]
    fn v1_fields() {
        let f = split_v1(b"PUT\n\ntext/html\nDate\nx-oss-a:1\nX-OSS-B : 2\n/b/k?acl");
        assert_eq!(
            names(&f),
            [
                "verb",
                "content-md5",
                "content-type",
                "date",
                "header:x-oss-a",
                "header:x-oss-b",
                "resource"
            ]
        );
        assert_eq!(f[5].bytes, b"X-OSS-B : 2");
        let f = split_v1(b"GET\n\n\n1700000000\n/b/k\n");
        assert_eq!(f[3].name, "expires");
        assert_eq!(f[4].bytes, b"/b/k\n");
        let f = split_v1(b"GET\n\n");
        assert_eq!(names(&f), ["verb", "content-md5", "content-type"]);
    }

    #[test]
    fn v4_fields() {
        let f = split_v4_sts(
            b"OSS4-HMAC-SHA256\n20231216T162057Z\n20231216/cn-hangzhou/oss/aliyun_v4_request\nabc",
        );
        assert_eq!(f[3].bytes, b"cn-hangzhou");
        assert_eq!(f[6].name, "canonical-request-hash");
        let f = split_v4_cr(
            b"PUT\n/b/k\na=1&b\ncontent-type:t\nx-oss-date:d\n\nhost\nUNSIGNED-PAYLOAD",
        );
        assert_eq!(
            names(&f),
            [
                "verb",
                "uri",
                "query:a",
                "query:b",
                "header:content-type",
                "header:x-oss-date",
                "additional-headers",
                "payload-hash"
            ]
        );
        let f = split_v4_cr(b"GET\n/b/k\n\n\n\nUNSIGNED-PAYLOAD");
        assert_eq!(
            names(&f),
            ["verb", "uri", "additional-headers", "payload-hash"]
        );
    }
}

/// Does `value` match `pattern`, where each `...` in the pattern stands for any bytes
/// (a value elided by whoever pasted it)?
pub fn elided_match(pattern: &[u8], value: &[u8]) -> bool {
    let parts: Vec<&[u8]> = split_on(pattern, b"...");
    if parts.len() == 1 {
        return pattern == value;
    }
    let mut pos = 0;
    for (i, p) in parts.iter().enumerate() {
        if i == 0 {
            if !value.starts_with(p) {
                return false;
            }
            pos = p.len();
        } else if i == parts.len() - 1 {
            return value.len() >= pos + p.len() && value.ends_with(p);
        } else {
            match value[pos..].windows(p.len().max(1)).position(|w| w == *p) {
                Some(at) => pos += at + p.len(),
                None => return false,
            }
        }
    }
    true
}

fn split_on<'a>(s: &'a [u8], sep: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + sep.len() <= s.len() {
        if &s[i..i + sep.len()] == sep {
            out.push(&s[start..i]);
            i += sep.len();
            start = i;
        } else {
            i += 1;
        }
    }
    out.push(&s[start..]);
    out
}

#[cfg(test)]
mod elision_tests {
    use super::*;

    #[test]
    fn elision() {
        assert!(elided_match(
            b"x-oss-date=...",
            b"x-oss-date=20251023T171529Z"
        ));
        assert!(elided_match(b"a...c...e", b"abcde"));
        assert!(!elided_match(b"x-oss-date=...", b"x-oss-expires=1"));
        assert!(elided_match(b"abc", b"abc"));
    }
}
