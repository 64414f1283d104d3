//! The search engine: candidates are a base string with one or two [`Edit`]s (and
//! optionally a whole-string [`Global`] transform), checked in parallel (rayon) until
//! one matches. Stages go from the simplest explanation to combinations of two, so the
//! first match found is also the most plausible one.
//!
//! A [`Check`] decides whether a candidate is the one; it keeps SHA midstates at every
//! 64-byte block of a string, so a candidate is hashed only from the block holding its
//! first changed byte. For a pair of edits the midstates of the string with the first
//! edit applied are computed once and reused for every second edit.

use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

/// Replace `base[start..end]` with `repl`. `field` is the field name it changes and
/// `what` says, in words, what the client did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub repl: Vec<u8>,
    pub field: String,
    pub what: String,
    /// How likely the mistake is, 1 (rare) to 9 (common); 0 = from [`WEIGHTS`] by field.
    pub weight: u8,
}

/// How likely each kind of mistake is, by the field it changes (first matching prefix):
/// (field prefix, weight 1–9, where the weight comes from). Singles are tried in this
/// order, pairs by the weight of their likelier edit, triples only among the likeliest.
pub const WEIGHTS: &[(&str, u8, &str)] = &[
    // Real reports (fixtures/real-*, 68 public cases) name Content-Type most often (2 of
    // the 6 with a culprit); browser/SDK-added types are the top SignatureDoesNotMatch
    // cause in OSS's own troubleshooting page (spec §0 [doc-v1hdr] FAQ).
    ("content-type", 9, "fixtures/real-* culprits (2/6); OSS FAQ"),
    ("header:content-type", 9, "as content-type, V4 header line"),
    // The resource: key encoding and sub-resource lists (spec §1.5: SDK lists differ;
    // real-* culprit 1/6), and their V4 counterparts.
    (
        "resource",
        9,
        "fixtures/real-* culprits (1/6); spec §1.5, §8.3",
    ),
    ("uri", 9, "V4 counterpart of the resource (spec §4.3, §8.9)"),
    (
        "query",
        8,
        "V4 canonical query (spec §8.9: wire vs re-encoded)",
    ),
    // Signed headers: unsigned, untrimmed, added by a proxy (real-* culprit 1/6; spec §8.2, §8.5).
    (
        "header:",
        7,
        "fixtures/real-* culprits (1/6); spec §8.2, §8.5",
    ),
    // Times: local time as GMT, the Date/x-oss-date split (real-* culprit 1/6; spec §8.1, §8.8).
    ("date", 6, "fixtures/real-* culprits (1/6); spec §8.1"),
    ("expires", 6, "spec §2 (presigned Expires)"),
    ("timestamp", 6, "spec §8.8"),
    ("scope.", 6, "spec §4.8 region naming (oss- prefix)"),
    ("payload-hash", 5, "spec §4.3 (UNSIGNED-PAYLOAD)"),
    ("additional-headers", 5, "spec §4.4, §8.7"),
    ("signed-headers", 5, "as additional-headers (AWS4)"),
    ("content-md5", 4, "spec §1.2"),
    ("verb", 3, "rare in reports: the method is seldom wrong"),
];

impl Edit {
    /// The weight of this edit: its own, else the table's for its field.
    pub fn likelihood(&self) -> u8 {
        if self.weight > 0 {
            return self.weight;
        }
        WEIGHTS
            .iter()
            .find(|(p, _, _)| self.field.starts_with(p))
            .map(|x| x.1)
            .unwrap_or(4)
    }
}

/// A transform of the whole candidate string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    /// Lines joined with `\r\n` instead of `\n`.
    Crlf,
    /// One `\n` too many at the end.
    TrailingLf,
}

impl Global {
    pub fn what(self) -> &'static str {
        match self {
            Global::Crlf => "joined the lines with CRLF (\\r\\n) instead of \\n",
            Global::TrailingLf => "ended the string with a newline OSS does not have",
        }
    }
    /// Apply to `src` into `out`; returns the offset of the first changed byte.
    fn apply(self, src: &[u8], out: &mut Vec<u8>) -> usize {
        out.clear();
        match self {
            Global::Crlf => {
                let first = src.iter().position(|&c| c == b'\n').unwrap_or(src.len());
                for &c in src {
                    if c == b'\n' {
                        out.push(b'\r');
                    }
                    out.push(c);
                }
                first
            }
            Global::TrailingLf => {
                out.extend_from_slice(src);
                out.push(b'\n');
                src.len()
            }
        }
    }
}

/// A thread's reusable state for [`Check::push`]: at least a scratch buffer.
pub trait Scratch: Default + Send {
    fn scratch(&mut self) -> &mut Vec<u8>;
}

impl Scratch for Vec<u8> {
    fn scratch(&mut self) -> &mut Vec<u8> {
        self
    }
}

/// Decides whether a candidate string is the one.
pub trait Check: Sync {
    type M: Copy + Send + Sync;
    /// What one thread reuses from candidate to candidate (lanes, buffers).
    type Batch: Scratch;
    /// Midstates of `msg` at every whole 64-byte block (index k = after k blocks).
    fn mids(&self, msg: &[u8], out: &mut Vec<Self::M>);
    /// Is `msg` the one? Bytes before `first` equal those `mids` were made from.
    fn check(&self, mids: &[Self::M], msg: &[u8], first: usize) -> bool;
    /// Queue the candidate `parts` concatenated (bytes before `first` equal those `mids`
    /// were made from), tagged `tag`; returns the tag of a queued candidate that is the
    /// one, if any finished. A check may hash several candidates in lockstep; this one
    /// checks at once.
    fn push(
        &self,
        b: &mut Self::Batch,
        mids: &[Self::M],
        parts: [&[u8]; 3],
        first: usize,
        tag: usize,
    ) -> Option<usize> {
        let buf = b.scratch();
        buf.clear();
        for p in parts {
            buf.extend_from_slice(p);
        }
        self.check(mids, buf, first).then_some(tag)
    }
    /// Finish the queued candidates; the tag of one that is the one.
    fn drain(&self, _b: &mut Self::Batch) -> Option<usize> {
        None
    }
}

/// What was applied to the base to get the match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    /// Index of the check (0 = the main one; others are variants such as the secret
    /// with a trailing newline).
    pub check: usize,
    pub edits: Vec<usize>,
    pub global: Option<Global>,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub found: Option<(Pick, Vec<u8>)>,
    pub tried: u64,
    /// Candidates in the whole space.
    pub total: u64,
    /// The space was cut at the limit.
    pub truncated: bool,
    /// What was searched: (stage, candidates tried, candidates in the stage).
    pub stages: Vec<(&'static str, u64, u64)>,
}

impl Outcome {
    /// An outcome with nothing searched.
    pub fn empty() -> Outcome {
        Outcome {
            found: None,
            tried: 0,
            total: 0,
            truncated: false,
            stages: vec![],
        }
    }

    /// In words: what was searched and what was not.
    pub fn searched(&self) -> String {
        let parts: Vec<String> = self
            .stages
            .iter()
            .map(|(st, t, n)| {
                if t >= n {
                    format!("{st}: all {n}")
                } else {
                    format!("{st}: {t} of {n} (the rest not searched)")
                }
            })
            .collect();
        parts.join("; ")
    }
}

/// What a search did, for the report (`search` in the JSON report).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchStats {
    /// Candidate strings tried.
    pub candidates: u64,
    /// Wall-clock time of the search, seconds.
    pub seconds: f64,
    pub found: bool,
    /// The search stopped at `--search-limit` before the space was exhausted.
    pub limit_reached: bool,
}

/// When a search started. WebAssembly in the browser has no clock for `std` (reading it
/// traps), so there the time is not measured and reads 0.
#[derive(Debug, Clone, Copy)]
pub struct Started(#[cfg(not(target_arch = "wasm32"))] std::time::Instant);

impl Started {
    pub fn now() -> Started {
        Started(
            #[cfg(not(target_arch = "wasm32"))]
            std::time::Instant::now(),
        )
    }
    pub fn seconds(&self) -> f64 {
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.elapsed().as_secs_f64();
        #[cfg(target_arch = "wasm32")]
        return 0.0;
    }
}

impl SearchStats {
    pub fn of(o: &Outcome, found: bool, started: Started) -> SearchStats {
        SearchStats {
            candidates: o.tried,
            seconds: (started.seconds() * 1000.0).round() / 1000.0,
            found,
            limit_reached: o.truncated,
        }
    }
}

/// The candidate space: a base, its edits (sorted by `start` by [`Space::new`]), the
/// global transforms to try.
pub struct Space {
    pub base: Vec<u8>,
    pub edits: Vec<Edit>,
    pub globals: Vec<Global>,
    /// Edit indexes, likeliest first (stable within a weight).
    pub order: Vec<usize>,
}

impl Space {
    pub fn new(base: Vec<u8>, mut edits: Vec<Edit>, globals: Vec<Global>) -> Space {
        edits.retain(|e| e.start <= e.end && e.end <= base.len());
        edits.sort_by_key(|e| (e.start, e.end));
        // An edit that changes nothing is no candidate.
        edits.retain(|e| base[e.start..e.end] != e.repl[..]);
        edits.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.repl == b.repl);
        let mut order: Vec<usize> = (0..edits.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(edits[i].likelihood()));
        Space {
            base,
            edits,
            globals,
            order,
        }
    }

    /// First index j (in sorted order) whose edit can follow edit i.
    fn after(&self, i: usize) -> usize {
        let end = self.edits[i].end;
        let j0 = self.edits.partition_point(|e| e.start < end);
        j0.max(i + 1)
    }

    /// The `n` likeliest edits, as indexes sorted by position.
    pub fn likeliest(&self, n: usize) -> Vec<usize> {
        let mut v: Vec<usize> = self.order.iter().copied().take(n).collect();
        v.sort_unstable();
        v
    }

    /// Non-overlapping triples of the edits `idx` whose first edit is `idx[a]`.
    fn triples_from(&self, idx: &[usize], a: usize) -> u64 {
        let i = idx[a];
        let mut t = 0;
        for (b, &j) in idx.iter().enumerate().skip(a + 1) {
            if self.edits[j].start < self.edits[i].end {
                continue;
            }
            t += idx[b + 1..]
                .iter()
                .filter(|&&k| self.edits[k].start >= self.edits[j].end)
                .count() as u64;
        }
        t
    }

    /// Non-overlapping triples of the edits `idx`.
    pub fn triples_of(&self, idx: &[usize]) -> u64 {
        (0..idx.len()).map(|a| self.triples_from(idx, a)).sum()
    }

    pub fn singles(&self) -> u64 {
        (self.edits.len() + self.globals.len()) as u64
    }

    pub fn pairs(&self) -> u64 {
        let n = self.edits.len();
        let mut t = (self.globals.len() * n) as u64;
        for i in 0..n {
            t += (n - self.after(i).min(n)) as u64;
        }
        t
    }

    /// Apply edits (sorted, non-overlapping) to the base into `out`.
    pub fn apply(&self, idx: &[usize], out: &mut Vec<u8>) {
        out.clear();
        let mut at = 0;
        for &i in idx {
            let e = &self.edits[i];
            out.extend_from_slice(&self.base[at..e.start]);
            out.extend_from_slice(&e.repl);
            at = e.end;
        }
        out.extend_from_slice(&self.base[at..]);
    }

    /// The string a pick stands for.
    pub fn build(&self, p: &Pick) -> Vec<u8> {
        let mut b = Vec::new();
        self.apply(&p.edits, &mut b);
        if let Some(g) = p.global {
            let mut o = Vec::new();
            g.apply(&b, &mut o);
            return o;
        }
        b
    }
}

struct Found {
    stop: AtomicBool,
    pick: Mutex<Option<Pick>>,
    tried: AtomicU64,
}

impl Found {
    fn set(&self, p: Pick) {
        if let Ok(mut g) = self.pick.lock() {
            if g.is_none() {
                *g = Some(p);
            }
        }
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Search `space` with `checks[0]` over singles then pairs, and with the other checks
/// (variants) over the base and singles. At most `limit` candidates are tried.
pub fn run<C: Check>(space: &Space, checks: &[C], limit: u64) -> Outcome {
    let singles = space.singles();
    let pairs = space.pairs();
    let nv = checks.len().saturating_sub(1) as u64;
    let likely = space.likeliest(TRIPLE_EDITS);
    let triples = space.triples_of(&likely);
    let total = 1 + singles + nv * (1 + singles) + pairs + triples;
    let mut stages: Vec<(&'static str, u64, u64)> = Vec::new();
    let f = Found {
        stop: AtomicBool::new(false),
        pick: Mutex::new(None),
        tried: AtomicU64::new(0),
    };
    let mut budget = limit;
    let mut truncated = false;
    let mut take = |n: u64| -> u64 {
        let t = n.min(budget);
        budget -= t;
        if t < n {
            truncated = true;
        }
        t
    };
    // Stage 1: the base and single mistakes with the main check.
    let mut note = |st: &'static str, f: &Found, before: u64, n: u64| {
        stages.push((st, f.tried.load(Ordering::Relaxed) - before, n));
    };
    if let Some(c) = checks.first() {
        let n = take(1 + singles);
        stage_singles(space, c, 0, n, &f);
        note("the string and one mistake", &f, 0, 1 + singles);
    }
    // Stage 2: variants (e.g. the secret with whitespace) alone and with one mistake.
    let before = f.tried.load(Ordering::Relaxed);
    for (k, c) in checks.iter().enumerate().skip(1) {
        if f.stop.load(Ordering::Relaxed) {
            break;
        }
        let n = take(1 + singles);
        stage_singles(space, c, k, n, &f);
    }
    if nv > 0 {
        note(
            "the secret with whitespace, alone and with one mistake",
            &f,
            before,
            nv * (1 + singles),
        );
    }
    // Stage 3: two mistakes with the main check.
    if let Some(c) = checks.first() {
        if !f.stop.load(Ordering::Relaxed) {
            let before = f.tried.load(Ordering::Relaxed);
            let n = take(pairs);
            stage_pairs(space, c, n, &f);
            note("two mistakes", &f, before, pairs);
        }
    }
    // Stage 4: three mistakes among the likeliest edits, within what is left.
    if let Some(c) = checks.first() {
        if !f.stop.load(Ordering::Relaxed) && triples > 0 {
            let before = f.tried.load(Ordering::Relaxed);
            let n = take(triples);
            stage_triples(space, c, &likely, n, &f);
            note(
                "three mistakes among the likeliest edits",
                &f,
                before,
                triples,
            );
        }
    }
    let pick = f.pick.into_inner().ok().flatten();
    let found = pick.map(|p| {
        let s = space.build(&p);
        (p, s)
    });
    Outcome {
        found,
        tried: f.tried.load(Ordering::Relaxed),
        total,
        truncated,
        stages,
    }
}

/// How many of the likeliest edits the triples stage combines.
const TRIPLE_EDITS: usize = 48;

/// Triples (i < j < k, non-overlapping) of the edits `idx` (sorted by position); only the
/// first `n`, in the order of i. The candidate is hashed from the block of its first change.
fn stage_triples<C: Check>(space: &Space, c: &C, idx: &[usize], n: u64, f: &Found) {
    let mut mids = Vec::new();
    c.mids(&space.base, &mut mids);
    let mut rows = 0;
    let mut count = 0u64;
    while rows < idx.len() {
        let r = space.triples_from(idx, rows);
        if count + r > n {
            break;
        }
        count += r;
        rows += 1;
    }
    let _ = (0..rows).into_par_iter().try_for_each_init(
        || {
            (
                C::Batch::default(),
                Vec::with_capacity(space.base.len() + 256),
            )
        },
        |(batch, buf), a| {
            if f.stop.load(Ordering::Relaxed) {
                return Err(());
            }
            let i = idx[a];
            let mut tried = 0u64;
            let mut hit = None;
            let mut picks: Vec<[usize; 3]> = Vec::new();
            'outer: for (b, &j) in idx.iter().enumerate().skip(a + 1) {
                if space.edits[j].start < space.edits[i].end {
                    continue;
                }
                for &k in &idx[b + 1..] {
                    if space.edits[k].start < space.edits[j].end {
                        continue;
                    }
                    space.apply(&[i, j, k], buf);
                    picks.push([i, j, k]);
                    tried += 1;
                    let t = picks.len() - 1;
                    if let Some(h) = c.push(batch, &mids, [buf, &[], &[]], space.edits[i].start, t)
                    {
                        hit = Some(h);
                        break 'outer;
                    }
                }
            }
            if let Some(h) = c.drain(batch) {
                hit.get_or_insert(h);
            }
            f.tried.fetch_add(tried, Ordering::Relaxed);
            match hit.and_then(|h| picks.get(h)) {
                Some(p) => {
                    f.set(Pick {
                        check: 0,
                        edits: p.to_vec(),
                        global: None,
                    });
                    Err(())
                }
                None => Ok(()),
            }
        },
    );
}

/// Candidates go to the check in chunks of this many; the stop flag is read between
/// chunks.
const CHUNK: usize = 256;

/// Candidates 0 = the base, 1..=edits = one edit, then globals; only the first `n`.
fn stage_singles<C: Check>(space: &Space, c: &C, k: usize, n: u64, f: &Found) {
    if n == 0 {
        return;
    }
    let mut mids = Vec::new();
    c.mids(&space.base, &mut mids);
    let ne = space.edits.len();
    let n = n as usize;
    let chunks = n.div_ceil(CHUNK);
    let pick = |idx: usize| -> Pick {
        if idx == 0 {
            Pick {
                check: k,
                edits: vec![],
                global: None,
            }
        } else if idx <= ne {
            Pick {
                check: k,
                edits: vec![space.order[idx - 1]],
                global: None,
            }
        } else {
            Pick {
                check: k,
                edits: vec![],
                global: Some(space.globals[idx - 1 - ne]),
            }
        }
    };
    let _ = (0..chunks).into_par_iter().try_for_each_init(
        || (C::Batch::default(), Vec::new()),
        |(batch, gbuf), ch| {
            if f.stop.load(Ordering::Relaxed) {
                return Err(());
            }
            let lo = ch * CHUNK;
            let hi = (lo + CHUNK).min(n);
            let mut hit = None;
            for idx in lo..hi {
                let h = if idx == 0 {
                    let b = &space.base[..];
                    c.push(batch, &mids, [b, &[], &[]], b.len(), idx)
                } else if idx <= ne {
                    let e = &space.edits[space.order[idx - 1]];
                    let b = &space.base;
                    c.push(
                        batch,
                        &mids,
                        [&b[..e.start], &e.repl, &b[e.end..]],
                        e.start,
                        idx,
                    )
                } else {
                    let g = space.globals[idx - 1 - ne];
                    let first = g.apply(&space.base, gbuf);
                    c.push(batch, &mids, [gbuf, &[], &[]], first, idx)
                };
                if hit.is_none() {
                    hit = h;
                }
            }
            if let Some(h) = c.drain(batch) {
                hit.get_or_insert(h);
            }
            f.tried.fetch_add((hi - lo) as u64, Ordering::Relaxed);
            match hit {
                Some(idx) => {
                    f.set(pick(idx));
                    Err(())
                }
                None => Ok(()),
            }
        },
    );
}

/// Pairs (i, j) of non-overlapping edits, then (global, edit); only the first `n`.
fn stage_pairs<C: Check>(space: &Space, c: &C, n: u64, f: &Found) {
    let ne = space.edits.len();
    // Cut the outer range so that the pairs of the kept rows fit in n.
    let mut rows = 0;
    let mut count = 0u64;
    while rows < ne {
        let r = (ne - space.after(space.order[rows]).min(ne)) as u64;
        if count + r > n {
            break;
        }
        count += r;
        rows += 1;
    }
    // Rows go to the threads in groups of about GROUP candidates, and the lanes are drained
    // once per group (not per row), so that short rows keep every lane busy.
    const GROUP: u64 = 2048;
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut g0, mut gn) = (0, 0u64);
    for row in 0..rows {
        gn += (ne - space.after(space.order[row]).min(ne)) as u64;
        if gn >= GROUP {
            groups.push(g0..row + 1);
            g0 = row + 1;
            gn = 0;
        }
    }
    if g0 < rows {
        groups.push(g0..rows);
    }
    let _ = groups.into_par_iter().try_for_each_init(
        || {
            (
                Vec::with_capacity(space.base.len() + 256),
                C::Batch::default(),
                Vec::new(),
            )
        },
        |(one, batch, mids), group| {
            let mut hit = None;
            let mut tried = 0u64;
            'rows: for row in group {
                if f.stop.load(Ordering::Relaxed) {
                    break;
                }
                let i = space.order[row];
                let ei = &space.edits[i];
                space.apply(&[i], one);
                c.mids(one, mids);
                let delta = ei.repl.len() as isize - (ei.end - ei.start) as isize;
                for j in space.after(i)..ne {
                    let ej = &space.edits[j];
                    // The pair string = `one` with ej applied at its shifted position.
                    let s = (ej.start as isize + delta) as usize;
                    let e = (ej.end as isize + delta) as usize;
                    tried += 1;
                    // the tag names the pair (i, j)
                    if let Some(t) =
                        c.push(batch, mids, [&one[..s], &ej.repl, &one[e..]], s, i * ne + j)
                    {
                        hit = Some(t);
                        break 'rows;
                    }
                }
            }
            if let Some(t) = c.drain(batch) {
                hit.get_or_insert(t);
            }
            f.tried.fetch_add(tried, Ordering::Relaxed);
            match hit {
                Some(t) => {
                    f.set(Pick {
                        check: 0,
                        edits: vec![t / ne, t % ne],
                        global: None,
                    });
                    Err(())
                }
                None => Ok(()),
            }
        },
    );
    if f.stop.load(Ordering::Relaxed) || count >= n {
        return;
    }
    // A global transform on top of one edit.
    let left = n - count;
    let gn = (space.globals.len() as u64 * ne as u64).min(left);
    let mut mids = Vec::new();
    c.mids(&space.base, &mut mids);
    let _ = (0..gn as usize)
        .into_par_iter()
        .with_min_len(64)
        .try_for_each_init(
            || (Vec::new(), Vec::new()),
            |(buf, gbuf), idx| {
                if f.stop.load(Ordering::Relaxed) {
                    return Err(());
                }
                f.tried.fetch_add(1, Ordering::Relaxed);
                let g = space.globals[idx / ne];
                let i = idx % ne;
                space.apply(&[i], buf);
                let first = g.apply(buf, gbuf).min(space.edits[i].start);
                if c.check(&mids, gbuf, first) {
                    f.set(Pick {
                        check: 0,
                        edits: vec![i],
                        global: Some(g),
                    });
                    return Err(());
                }
                Ok(())
            },
        );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A check that matches one exact string (no hashing).
    struct Eq(Vec<u8>);
    impl Check for Eq {
        type M = ();
        type Batch = Vec<u8>;
        fn mids(&self, _: &[u8], _: &mut Vec<()>) {}
        fn check(&self, _: &[()], msg: &[u8], _: usize) -> bool {
            msg == self.0
        }
    }

    fn edit(s: usize, e: usize, r: &str) -> Edit {
        Edit {
            start: s,
            end: e,
            repl: r.as_bytes().to_vec(),
            field: "f".into(),
            what: "w".into(),
            weight: 0,
        }
    }

    fn space() -> Space {
        Space::new(
            b"abcdef".to_vec(),
            vec![
                edit(0, 1, "A"),
                edit(2, 3, "C"),
                edit(0, 2, "xy"),
                edit(5, 6, ""),
            ],
            vec![Global::TrailingLf],
        )
    }

    #[test]
    fn finds_singles_pairs_and_globals() {
        let s = space();
        let o = run(&s, &[Eq(b"abCdef".to_vec())], 1000);
        assert_eq!(o.found.unwrap().1, b"abCdef");
        let o = run(&s, &[Eq(b"xyCdef".to_vec())], 1000);
        let (p, b) = o.found.unwrap();
        assert_eq!(b, b"xyCdef");
        assert_eq!(p.edits.len(), 2);
        let o = run(&s, &[Eq(b"Abcdef\n".to_vec())], 1000);
        assert_eq!(o.found.unwrap().0.global, Some(Global::TrailingLf));
        // Overlapping edits never combine.
        let o = run(&s, &[Eq(b"Aycdef".to_vec())], 1000);
        assert!(o.found.is_none());
        assert!(!o.truncated);
        assert_eq!(o.tried, o.total);
    }

    #[test]
    fn variants_and_the_limit() {
        let s = space();
        let o = run(&s, &[Eq(b"zzz".to_vec()), Eq(b"abcde".to_vec())], 1000);
        assert_eq!(o.found.unwrap().0.check, 1);
        let o = run(&s, &[Eq(b"xyCdef".to_vec())], 3);
        assert!(o.found.is_none());
        assert!(o.truncated);
        assert!(o.tried <= 3);
    }
}
