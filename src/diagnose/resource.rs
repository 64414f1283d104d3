//! Reading a V1 CanonicalizedResource (`/bucket/key?sub&res=v`) back into parts.
//! A key may itself hold `?`, so the split point is the first `?` after which every
//! name is a sub-resource (or, failing that, the first `?` followed by `name=`/`name&`
//! that looks like one).

use crate::sign::subres::{self, Class};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub bucket: Option<String>,
    pub key: Vec<u8>,
    /// (name, value) as written (already decoded in a V1 string).
    pub subresources: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    /// The `/bucket/key` part.
    pub path: Vec<u8>,
}

fn parse_subs(q: &[u8]) -> Vec<(Vec<u8>, Option<Vec<u8>>)> {
    q.split(|&c| c == b'&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.iter().position(|&c| c == b'=') {
            Some(i) => (p[..i].to_vec(), Some(p[i + 1..].to_vec())),
            None => (p.to_vec(), None),
        })
        .collect()
}

/// Parse `res`, splitting after `path` when `res` is `path?…` (the other side's path
/// settles an ambiguous `?`).
pub fn parse_like(res: &[u8], path: &[u8]) -> Resource {
    if res.len() > path.len() && res.starts_with(path) && res[path.len()] == b'?' {
        let mut r = parse(path);
        r.subresources = parse_subs(&res[path.len() + 1..]);
        return r;
    }
    parse(res)
}

pub fn parse(res: &[u8]) -> Resource {
    let qs: Vec<usize> = res
        .iter()
        .enumerate()
        .filter(|(_, &c)| c == b'?')
        .map(|(i, _)| i)
        .collect();
    let split = qs
        .iter()
        .copied()
        .find(|&i| {
            let subs = parse_subs(&res[i + 1..]);
            // Every name looks like a parameter and at least one is a sub-resource
            // (a client may sign ordinary parameters too: that is what we must show).
            let param_like = |k: &[u8]| !k.is_empty() && !k.contains(&b'/');
            !subs.is_empty()
                && subs.iter().all(|(k, _)| param_like(k))
                && subs.iter().any(|(k, _)| subres::class(k) != Class::No)
        })
        .or_else(|| {
            // Only when the part after it does not look like more key.
            qs.last()
                .copied()
                .filter(|&i| !res[i + 1..].contains(&b'/'))
        });
    let (path, subs) = match split {
        Some(i) => (&res[..i], parse_subs(&res[i + 1..])),
        None => (res, Vec::new()),
    };
    let inner = path.strip_prefix(b"/").unwrap_or(path);
    let (bucket, key) = match inner.iter().position(|&c| c == b'/') {
        Some(p) => (
            Some(String::from_utf8_lossy(&inner[..p]).into_owned()),
            inner[p + 1..].to_vec(),
        ),
        None if inner.is_empty() => (None, Vec::new()),
        None => (
            Some(String::from_utf8_lossy(inner).into_owned()),
            Vec::new(),
        ),
    };
    Resource {
        bucket,
        key,
        subresources: subs,
        path: path.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let r = parse(b"/b/a?b/c?acl&uploadId=1");
        assert_eq!(r.bucket.as_deref(), Some("b"));
        assert_eq!(r.key, b"a?b/c");
        assert_eq!(r.subresources.len(), 2);
        let r = parse(b"/b/k?Expires=1&acl&security-token=a/b+c==");
        assert_eq!(r.key, b"k");
        assert_eq!(r.subresources.len(), 3);
        let r = parse_like(b"/b/?prefix=a/&max-keys=1", b"/b/");
        assert_eq!(r.subresources.len(), 2);
        let r = parse(b"/b/what?x");
        assert_eq!(r.key, b"what");
        let r = parse(b"/");
        assert_eq!(r.bucket, None);
        let r = parse(b"/b/");
        assert_eq!(r.bucket.as_deref(), Some("b"));
        assert_eq!(r.key, b"");
    }
}
