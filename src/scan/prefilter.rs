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

/// Short literals of which every marker holds one (a marker none of them covers becomes
/// its own anchor, see [`anchors`]). The first pass looks only for these: few patterns
/// keep Teddy's buckets apart, and none starts like a common log word (`x-oss-` starts
/// every request id header, so `ss-e` stands for `x-oss-err` / `x-oss-ec`).
const ANCHORS: &[&str] = &[
    "Code",
    "Error",
    "ToSign",
    "ss-e",
    "returned error",
    "we calc",
    "Invalid",
    "NoSuch",
    "Missing",
    "Denied",
    "Forbidden",
    "DoesNot",
    "TooSkewed",
    "xpired",
    "NotAllowed",
    "NotImpl",
];

/// The anchors for `markers`: [`ANCHORS`], plus each marker no anchor is part of.
pub fn anchors(markers: &[&'static str]) -> Vec<&'static str> {
    let mut a: Vec<&'static str> = ANCHORS.to_vec();
    for m in markers {
        if !a.iter().any(|x| m.contains(x)) {
            a.push(m);
        }
    }
    a
}

/// Two passes: a packed (Teddy, SIMD) search for the anchors over all the bytes, then
/// the full automaton over [`markers`] only in a short window around each anchor.
pub struct Prefilter {
    full: AhoCorasick,
    /// `None` where Teddy is not available (no SSSE3, other targets): the full
    /// automaton runs over everything.
    anchors: Option<aho_corasick::packed::Searcher>,
    /// The longest marker, in bytes (a hit may start this close to a chunk's end).
    pub max_len: usize,
    /// A window reaching this far on both sides of an anchor holds every marker that
    /// holds it, or that holds an anchor occurrence the leftmost search skipped because
    /// this one overlaps it.
    reach: usize,
}

impl Prefilter {
    pub fn new() -> Prefilter {
        let m = markers();
        let max_len = m.iter().map(|s| s.len()).max().unwrap_or(1);
        let full = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&m)
            .expect("a few literal patterns always build");
        let a = anchors(&m);
        let max_anchor = a.iter().map(|s| s.len()).max().unwrap_or(1);
        let anchors = {
            use aho_corasick::packed;
            let mut cfg = packed::Config::new();
            cfg.match_kind(packed::MatchKind::LeftmostFirst)
                .only_teddy(true);
            let mut b = cfg.builder();
            b.extend(a.iter());
            b.build()
        };
        Prefilter {
            full,
            anchors,
            max_len,
            reach: max_len + max_anchor,
        }
    }

    /// Start offsets of the hits in `hay` that begin before `limit`, in order.
    pub fn hits(&self, hay: &[u8], limit: usize, out: &mut Vec<usize>) {
        let Some(anchors) = &self.anchors else {
            return self.full_hits(hay, 0, hay.len(), limit, out);
        };
        // Windows around the anchors, merged where they touch; the full automaton in each.
        let mut cur: Option<(usize, usize)> = None;
        for m in anchors.find_iter(hay) {
            // an anchor inside a marker may start up to `max_len` after the marker
            if m.start() >= limit.saturating_add(self.max_len) {
                break;
            }
            let (a, b) = (
                m.start().saturating_sub(self.reach),
                (m.end() + self.reach).min(hay.len()),
            );
            cur = match cur {
                Some((s, e)) if a <= e => Some((s, e.max(b))),
                Some((s, e)) => {
                    self.full_hits(hay, s, e, limit, out);
                    Some((a, b))
                }
                None => Some((a, b)),
            };
        }
        if let Some((s, e)) = cur {
            self.full_hits(hay, s, e, limit, out);
        }
    }

    fn full_hits(&self, hay: &[u8], from: usize, to: usize, limit: usize, out: &mut Vec<usize>) {
        let Some(win) = hay.get(from..to) else { return };
        for m in self.full.find_iter(win) {
            if from + m.start() >= limit {
                break;
            }
            out.push(from + m.start());
        }
    }

    /// The same hits by the full automaton alone (what the two passes must equal).
    #[cfg(test)]
    fn hits_full(&self, hay: &[u8], limit: usize) -> Vec<usize> {
        let mut out = Vec::new();
        self.full_hits(hay, 0, hay.len(), limit, &mut out);
        out
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

    #[test]
    fn few_anchors_cover_every_marker() {
        let m = markers();
        let a = anchors(&m);
        // more anchors share Teddy's 8 buckets and slow the first pass down (17: the 16
        // of ANCHORS plus CallbackFailed, which shares no 4-byte literal with another code)
        assert!(a.len() <= 17, "{} anchors: {a:?}", a.len());
        for x in &m {
            assert!(a.iter().any(|y| x.contains(y)), "{x} has no anchor");
        }
        assert!(a.iter().all(|y| y.len() >= 4), "Teddy masks 4 bytes");
    }

    proptest::proptest! {
        /// The two passes find what the full automaton finds, markers packed closely,
        /// overlapping and cut at the ends included.
        #[test]
        fn two_passes_equal_the_full_automaton(
            parts in proptest::collection::vec((0usize..40, 0usize..60), 0..30),
            cut in 0usize..64,
        ) {
            let p = Prefilter::new();
            let m = markers();
            let filler = b"xoss-ErrorCod <Cod ss-x Invali \\u003c &lt;Co ".as_slice();
            let mut hay = Vec::new();
            for (k, f) in parts {
                hay.extend_from_slice(&filler[..f.min(filler.len())]);
                hay.extend_from_slice(m[k % m.len()].as_bytes());
            }
            let limit = hay.len().saturating_sub(cut);
            let mut got = Vec::new();
            p.hits(&hay, limit, &mut got);
            proptest::prop_assert_eq!(got, p.hits_full(&hay, limit));
        }
    }
}
