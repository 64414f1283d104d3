//! The literal prefilter: every marker any wrapper `diagnose` reads puts in or next to an
//! error. One Aho-Corasick automaton (Teddy/SIMD for this few patterns) over the bytes;
//! only the lines around a hit are parsed.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Markers besides the bare OSS error codes (`input::unwrap::KNOWN_CODES`).
const MARKERS: &[&str] = &[
    // XML, raw, HTML-escaped, JSON-escaped (Go's encoding/json writes `<` as \u003c)
    "<Code>",
    "<Error>",
    "&lt;Code&gt;",
    "&lt;Error&gt;",
    "\\u003cCode\\u003e",
    "\\u003cError\\u003e",
    "<StringToSign>",
    // labels of non-XML errors (Go, Java, SDK v2 blocks, dict/JSON keys, headers)
    "ErrorCode",
    "Error Code",
    "\"Code\"",
    "'Code'",
    "x-oss-err",
    "x-oss-ec",
    "service returned error",
    "Error returned by Service",
    "The request signature we calculated",
];

/// Every marker the scanner looks for.
pub fn markers() -> Vec<&'static str> {
    let mut m: Vec<&'static str> = MARKERS.to_vec();
    m.extend(crate::input::unwrap::KNOWN_CODES.iter().copied());
    m
}

/// The automaton over [`markers`].
pub struct Prefilter {
    ac: AhoCorasick,
    /// The longest marker, in bytes (a hit may start this close to a chunk's end).
    pub max_len: usize,
}

impl Prefilter {
    pub fn new() -> Prefilter {
        let m = markers();
        let max_len = m.iter().map(|s| s.len()).max().unwrap_or(1);
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&m)
            .expect("a few literal patterns always build");
        Prefilter { ac, max_len }
    }

    /// Start offsets of the hits in `hay` that begin before `limit`.
    pub fn hits(&self, hay: &[u8], limit: usize, out: &mut Vec<usize>) {
        for m in self.ac.find_iter(hay) {
            if m.start() >= limit {
                break;
            }
            out.push(m.start());
        }
    }
}

impl Default for Prefilter {
    fn default() -> Self {
        Prefilter::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_markers_of_each_wrapper() {
        let p = Prefilter::new();
        for (text, want) in [
            ("x <Code>A</Code>", 2usize),
            ("{\"m\":\"\\u003cError\\u003e\"}", 6),
            ("[ErrorCode]: X", 1),
            ("plain text, nothing here", usize::MAX),
            ("oss: service returned error: StatusCode=403", 5),
        ] {
            let mut h = Vec::new();
            p.hits(text.as_bytes(), text.len(), &mut h);
            assert_eq!(h.first().copied().unwrap_or(usize::MAX), want, "{text}");
        }
    }
}
