//! A reference V4 canonical request, written from the spec rules with plain string code
//! (no call into `ossdiag`): the known answer the V4 property tests compare with.
#![allow(dead_code)]

/// RFC 3986 unreserved bytes stay; every other byte is `%XX` (upper-case hex).
pub fn enc(s: &[u8], keep_slash: bool) -> String {
    let mut out = String::new();
    for &c in s {
        let unreserved = c.is_ascii_alphanumeric() || b"-_.~".contains(&c);
        if unreserved || (keep_slash && c == b'/') {
            out.push(c as char);
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    out
}

/// What a canonical request is made of, as the request was sent.
pub struct Parts<'a> {
    /// AWS4 (S3) rules, else OSS4.
    pub aws: bool,
    pub method: &'a str,
    /// The decoded path the URI is made of: OSS4 `/bucket/key` whatever the host; AWS4 the
    /// request path (with the bucket only for a path-style host).
    pub path: &'a [u8],
    /// Decoded query pairs; `None` is a bare name.
    pub query: &'a [(String, Option<String>)],
    /// Every header sent, Host included.
    pub headers: &'a [(String, String)],
    /// The names the Authorization lists (lower-case).
    pub listed: &'a [&'a str],
    pub payload: &'a str,
}

/// The canonical request, from the rules:
/// - verb;
/// - URI: the path, encoded once with '/' kept;
/// - query: every parameter but the signature, names and values encoded ('/' too), sorted
///   by encoded name then value; an empty value is the bare name (OSS4) or `name=` (AWS4);
/// - headers: OSS4 signs Content-Type, Content-MD5, every x-oss-* header and the listed
///   ones; AWS4 exactly the listed ones. Lower-cased names, trimmed values (AWS4 also
///   folds inner runs of spaces), sorted by name, each line ending in '\n', then a blank line;
/// - the list line: OSS4 the listed names that are not signed by default; AWS4 all;
/// - the payload hash.
pub fn canonical_request(p: &Parts) -> String {
    let aws = p.aws;
    let uri = enc(p.path, true);
    let mut q: Vec<(String, String)> = p
        .query
        .iter()
        .map(|(k, v)| {
            (
                enc(k.as_bytes(), false),
                enc(v.as_deref().unwrap_or("").as_bytes(), false),
            )
        })
        .collect();
    q.sort();
    let query: Vec<String> = q
        .iter()
        .map(|(k, v)| {
            if v.is_empty() && !aws {
                k.clone()
            } else {
                format!("{k}={v}")
            }
        })
        .collect();
    let by_default = |lk: &str| {
        !aws && (lk == "content-type" || lk == "content-md5" || lk.starts_with("x-oss-"))
    };
    let mut hs: Vec<(String, String)> = Vec::new();
    for (k, v) in p.headers {
        let lk = k.to_lowercase();
        if by_default(&lk) || p.listed.contains(&lk.as_str()) {
            let v = if aws {
                v.split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                v.trim().to_string()
            };
            hs.push((lk, v));
        }
    }
    hs.sort();
    let mut list: Vec<&str> = p
        .listed
        .iter()
        .copied()
        .filter(|h| !by_default(h))
        .collect();
    list.sort();
    let mut out = format!("{}\n{uri}\n{}\n", p.method, query.join("&"));
    for (k, v) in &hs {
        out.push_str(&format!("{k}:{v}\n"));
    }
    out.push('\n');
    out.push_str(&list.join(";"));
    out.push('\n');
    out.push_str(p.payload);
    out
}
