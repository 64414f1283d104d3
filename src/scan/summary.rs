//! Counting and grouping what a scan found, and the three reports: text (summary, then
//! the top groups in detail), JSON Lines (one report per error, then `{"summary": …}`)
//! and markdown (the summary table for a ticket).

use super::{Found, Occ, Scan, MAX_KEPT};
use crate::diagnose::{Diagnosis, Severity};
use crate::render::{self, Format, Style};
use serde_json::{json, Value as J};
use std::collections::{HashMap, HashSet};

/// Distinct keys kept per grouping; the rest are counted under `(other)`.
const MAX_GROUPS: usize = 10_000;

/// What the summary needs of one error.
#[derive(Debug, Clone, Default)]
pub struct Info {
    pub code: String,
    pub ec: Option<String>,
    pub request_id: Option<String>,
    pub access_key_id: Option<String>,
    pub bucket: Option<String>,
    pub scheme: String,
    pub cause: Option<String>,
}

fn info(d: &Diagnosis) -> Info {
    let e = d.error.as_ref();
    let s = |v: Option<&Option<String>>| v.and_then(|x| x.clone()).filter(|x| !x.is_empty());
    let scheme = d
        .version
        .map(crate::render::json::version_name)
        .unwrap_or("unknown")
        .to_string();
    let cause = d
        .hints
        .iter()
        .find(|h| h.severity == Severity::Error)
        .or(d.hints.first())
        .map(|h| h.id.to_string());
    Info {
        code: s(e.map(|e| &e.code)).unwrap_or_else(|| "(no code)".into()),
        ec: s(e.map(|e| &e.ec)),
        request_id: s(e.map(|e| &e.request_id)),
        access_key_id: s(e.map(|e| &e.access_key_id)),
        bucket: bucket(d),
        scheme,
        cause,
    }
}

/// The bucket: the first segment of the V1 resource or V4 URI the server signed, else the
/// first label of the HostId or of the request's host.
fn bucket(d: &Diagnosis) -> Option<String> {
    for r in &d.rows {
        if r.name == "resource" || r.name == "uri" {
            if let Some(s) = &r.server {
                let t = String::from_utf8_lossy(s);
                let b: String = t
                    .trim_start_matches('/')
                    .split(['/', '?'])
                    .next()
                    .unwrap_or("")
                    .to_string();
                if !b.is_empty() {
                    return Some(b);
                }
            }
        }
    }
    let host = d
        .error
        .as_ref()
        .and_then(|e| e.host_id.clone())
        .or_else(|| d.request.as_ref().and_then(|r| r.host.clone()))?;
    let host = host.trim().to_ascii_lowercase();
    let (first, rest) = host.split_once('.')?;
    (rest.starts_with("oss-") || rest.contains(".oss-")).then(|| first.to_string())
}

#[derive(Debug, Clone)]
struct Acc {
    count: u64,
    first: Occ,
    last: Occ,
    /// The entry of the first occurrence, when it is kept.
    entry: Option<usize>,
}

#[derive(Default)]
struct Groups(HashMap<String, Acc>);

fn before(a: &Occ, b: &Occ) -> bool {
    (a.input, a.pos) < (b.input, b.pos)
}

impl Groups {
    fn add(&mut self, key: &str, o: Occ, entry: Option<usize>) {
        let key = if self.0.len() >= MAX_GROUPS && !self.0.contains_key(key) {
            "(other)"
        } else {
            key
        };
        match self.0.get_mut(key) {
            Some(a) => {
                a.count += 1;
                if before(&o, &a.first) {
                    a.first = o;
                    a.entry = entry;
                }
                if before(&a.last, &o) {
                    a.last = o;
                }
            }
            None => {
                self.0.insert(
                    key.to_string(),
                    Acc {
                        count: 1,
                        first: o,
                        last: o,
                        entry,
                    },
                );
            }
        }
    }
}

struct Entry {
    first: Occ,
    last: Occ,
    count: u64,
    diag: Diagnosis,
    info: Info,
}

/// Receives every finding (in any order) and keeps counts and the kept reports.
#[derive(Default)]
pub struct Collector {
    seen: HashSet<(usize, u64, String)>,
    by_id: HashMap<String, usize>,
    entries: Vec<Entry>,
    occurrences: u64,
    not_kept: u64,
    by_code: Groups,
    by_ec: Groups,
    cause: Groups,
    akid: Groups,
    bucket: Groups,
    scheme: Groups,
    detail: Groups,
}

impl Collector {
    pub fn occurrences(&self) -> u64 {
        self.occurrences
    }

    pub fn add(&mut self, f: Found) {
        let inf = info(&f.diag);
        let identity = format!(
            "{}\0{}\0{}",
            inf.code,
            inf.request_id.as_deref().unwrap_or(""),
            inf.ec.as_deref().unwrap_or("")
        );
        // The same body seen by two regions: same line, same identity.
        if self.seen.len() < 4 * MAX_KEPT
            && !self.seen.insert((f.occ.input, f.occ.pos, identity.clone()))
        {
            return;
        }
        self.occurrences += 1;
        let o = f.occ;
        // An error repeated with the same request id (masked ids say nothing) is one.
        let id_key = inf
            .request_id
            .as_ref()
            .filter(|r| !r.contains('*'))
            .map(|r| format!("{}\0{r}", inf.code));
        let entry = match id_key.as_ref().and_then(|k| self.by_id.get(k)).copied() {
            Some(i) => {
                let e = &mut self.entries[i];
                e.count += 1;
                if before(&o, &e.first) {
                    e.first = o;
                    e.diag = f.diag;
                    e.info = inf.clone();
                }
                if before(&e.last, &o) {
                    e.last = o;
                }
                Some(i)
            }
            None if self.entries.len() < MAX_KEPT => {
                let i = self.entries.len();
                self.entries.push(Entry {
                    first: o,
                    last: o,
                    count: 1,
                    diag: f.diag,
                    info: inf.clone(),
                });
                if let Some(k) = id_key {
                    self.by_id.insert(k, i);
                }
                Some(i)
            }
            None => {
                self.not_kept += 1;
                None
            }
        };
        self.by_code.add(&inf.code, o, entry);
        if let Some(ec) = &inf.ec {
            self.by_ec.add(ec, o, entry);
        }
        let cause = inf.cause.as_deref().unwrap_or("(no hint)");
        self.detail
            .add(&format!("{}\0{}", inf.code, cause), o, entry);
        if inf.code == "SignatureDoesNotMatch" {
            self.cause.add(cause, o, entry);
            self.akid
                .add(inf.access_key_id.as_deref().unwrap_or("(none)"), o, entry);
            self.bucket
                .add(inf.bucket.as_deref().unwrap_or("(unknown)"), o, entry);
            self.scheme.add(&inf.scheme, o, entry);
        }
    }

    pub fn finish(self, line_of: &dyn Fn(&Occ) -> u64) -> Summary {
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by_key(|&i| (self.entries[i].first.input, self.entries[i].first.pos));
        let mut rank = vec![0usize; self.entries.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        let mut slots: Vec<Option<Entry>> = self.entries.into_iter().map(Some).collect();
        let errors: Vec<Reported> = order
            .iter()
            .filter_map(|&i| slots[i].take())
            .map(|e| Reported {
                file: e.first.input,
                line: line_of(&e.first),
                last_line: line_of(&e.last),
                count: e.count,
                diag: e.diag,
                info: e.info,
            })
            .collect();
        let groups = |g: Groups| -> Vec<Group> {
            let mut v: Vec<Group> =
                g.0.into_iter()
                    .map(|(key, a)| Group {
                        key,
                        count: a.count,
                        first: (a.first.input, line_of(&a.first)),
                        last: (a.last.input, line_of(&a.last)),
                        example: a.entry.map(|i| rank[i]),
                    })
                    .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then(a.first.cmp(&b.first)));
            v
        };
        Summary {
            occurrences: self.occurrences,
            not_kept: self.not_kept,
            by_code: groups(self.by_code),
            by_ec: groups(self.by_ec),
            cause: groups(self.cause),
            akid: groups(self.akid),
            bucket: groups(self.bucket),
            scheme: groups(self.scheme),
            detail: groups(self.detail),
            errors,
        }
    }
}

/// One distinct error, as reported.
pub struct Reported {
    pub file: usize,
    /// 1-based line of its first occurrence, and of its last.
    pub line: u64,
    pub last_line: u64,
    /// Occurrences (the same request id repeated).
    pub count: u64,
    pub diag: Diagnosis,
    pub info: Info,
}

/// A group of occurrences: count, first and last (file, line), example error.
pub struct Group {
    pub key: String,
    pub count: u64,
    pub first: (usize, u64),
    pub last: (usize, u64),
    /// Index in `Summary::errors` of the first occurrence's error.
    pub example: Option<usize>,
}

pub struct Summary {
    /// Errors found (a body seen twice at one place counted once).
    pub occurrences: u64,
    /// Errors counted but not kept one by one (over `MAX_KEPT` distinct).
    pub not_kept: u64,
    pub by_code: Vec<Group>,
    pub by_ec: Vec<Group>,
    /// SignatureDoesNotMatch only: by cause (hint id), AccessKeyId, bucket, scheme.
    pub cause: Vec<Group>,
    pub akid: Vec<Group>,
    pub bucket: Vec<Group>,
    pub scheme: Vec<Group>,
    /// Every error by code and cause: the groups shown in detail.
    pub detail: Vec<Group>,
    /// Distinct errors in input order.
    pub errors: Vec<Reported>,
}

fn style(show_sensitive: bool) -> Style {
    Style {
        color: false,
        show_sensitive,
    }
}

fn where_(s: &Scan, at: (usize, u64)) -> String {
    if s.names.len() > 1 {
        format!("{}:{}", s.names.get(at.0).map_or("?", |n| n.as_str()), at.1)
    } else {
        at.1.to_string()
    }
}

fn example_id(s: &Scan, g: &Group) -> String {
    g.example
        .and_then(|i| s.summary.errors.get(i))
        .and_then(|e| e.info.request_id.clone())
        .unwrap_or_else(|| "-".into())
}

fn mask_akid(k: &str, show: bool) -> String {
    if show || k.starts_with('(') || k.len() < 8 {
        k.to_string()
    } else {
        render::mask(k)
    }
}

fn size(b: u64) -> String {
    if b >= 1 << 30 {
        format!("{:.2} GiB", b as f64 / (1u64 << 30) as f64)
    } else if b >= 1 << 20 {
        format!("{:.1} MiB", b as f64 / (1u64 << 20) as f64)
    } else {
        format!("{b} bytes")
    }
}

fn headline(s: &Scan) -> String {
    let sum = &s.summary;
    let mut h = format!(
        "{} — {}, {} lines: {} errors ({} distinct)",
        if s.names.len() == 1 {
            s.names[0].clone()
        } else {
            format!("{} inputs", s.names.len())
        },
        size(s.bytes),
        s.lines,
        sum.occurrences,
        sum.errors.len() as u64 + sum.not_kept
    );
    if sum.not_kept > 0 {
        h.push_str(&format!(
            "; {} beyond the first {MAX_KEPT} distinct are counted only",
            sum.not_kept
        ));
    }
    h
}

fn text_table(out: &mut String, s: &Scan, title: &str, gs: &[Group], akid: bool, show: bool) {
    if gs.is_empty() {
        return;
    }
    out.push_str(&format!(
        "\n{title}\n  {:>7}  {:>10}  {:>10}  {:<40}  example request id\n",
        "count", "first line", "last line", "key"
    ));
    for g in gs.iter().take(20) {
        let key = if akid {
            mask_akid(&g.key, show)
        } else {
            g.key.clone()
        };
        out.push_str(&format!(
            "  {:>7}  {:>10}  {:>10}  {:<40}  {}\n",
            g.count,
            where_(s, g.first),
            where_(s, g.last),
            key,
            example_id(s, g)
        ));
    }
    if gs.len() > 20 {
        out.push_str(&format!("  … and {} more\n", gs.len() - 20));
    }
}

/// Text: the summary, then the `top` largest groups (by code and cause) in detail.
pub fn text(s: &Scan, top: usize, show_sensitive: bool) -> String {
    let sum = &s.summary;
    let mut out = format!("{}\n", headline(s));
    if sum.occurrences == 0 {
        out.push_str("no OSS error found\n");
        return out;
    }
    text_table(&mut out, s, "errors by code", &sum.by_code, false, true);
    text_table(&mut out, s, "errors by EC", &sum.by_ec, false, true);
    text_table(
        &mut out,
        s,
        "SignatureDoesNotMatch by cause (hint id)",
        &sum.cause,
        false,
        true,
    );
    text_table(
        &mut out,
        s,
        "SignatureDoesNotMatch by AccessKeyId",
        &sum.akid,
        false,
        true,
    );
    text_table(
        &mut out,
        s,
        "SignatureDoesNotMatch by bucket",
        &sum.bucket,
        false,
        true,
    );
    text_table(
        &mut out,
        s,
        "SignatureDoesNotMatch by scheme",
        &sum.scheme,
        false,
        true,
    );
    for (n, g) in sum.detail.iter().take(top).enumerate() {
        let (code, cause) = g.key.split_once('\0').unwrap_or((&g.key, ""));
        out.push_str(&format!(
            "\n── group {} of {}: {code}, cause {cause} — {} errors, lines {}–{}\n",
            n + 1,
            sum.detail.len().min(top),
            g.count,
            where_(s, g.first),
            where_(s, g.last)
        ));
        if let Some(e) = g.example.and_then(|i| sum.errors.get(i)) {
            out.push_str(&format!(
                "example at line {}{}:\n",
                where_(s, (e.file, e.line)),
                if e.count > 1 {
                    format!(" (seen {} times)", e.count)
                } else {
                    String::new()
                }
            ));
            out.push_str(&render::render(
                std::slice::from_ref(&e.diag),
                Format::Text,
                style(show_sensitive),
            ));
        }
    }
    out
}

fn json_groups(s: &Scan, gs: &[Group], akid: bool, show: bool) -> J {
    J::Array(
        gs.iter()
            .map(|g| {
                let ex = g.example.and_then(|i| s.summary.errors.get(i));
                json!({
                    "key": if akid { mask_akid(&g.key, show) } else { g.key.clone() },
                    "count": g.count,
                    "first_line": g.first.1,
                    "last_line": g.last.1,
                    "file": s.names.get(g.first.0),
                    "example": ex.map(|e| json!({
                        "line": e.line,
                        "request_id": e.info.request_id,
                    })),
                })
            })
            .collect(),
    )
}

/// The `{"summary": …}` object.
pub fn summary_json(s: &Scan) -> J {
    let sum = &s.summary;
    let counts = |gs: &[Group], name: &str| -> J {
        J::Array(
            gs.iter()
                .map(|g| json!({ name: g.key, "count": g.count, "first_line": g.first.1, "last_line": g.last.1 }))
                .collect(),
        )
    };
    json!({
        "files": s.names,
        "bytes": s.bytes,
        "lines": s.lines,
        "errors": sum.occurrences,
        "distinct": sum.errors.len() as u64 + sum.not_kept,
        "not_reported": sum.not_kept,
        "by_code": counts(&sum.by_code, "code"),
        "by_ec": counts(&sum.by_ec, "ec"),
        "signature_does_not_match": {
            "by_cause": json_groups(s, &sum.cause, false, true),
            "by_access_key_id": json_groups(s, &sum.akid, false, true),
            "by_bucket": json_groups(s, &sum.bucket, false, true),
            "by_scheme": json_groups(s, &sum.scheme, false, true),
        },
    })
}

/// JSON Lines: one line per distinct error, the report `diagnose --format json` gives
/// plus `line`, `file`, `count` and `last_line`; then `{"summary": …}`.
pub fn json_lines(s: &Scan, show_sensitive: bool) -> String {
    let mut out = String::new();
    for e in &s.summary.errors {
        let one = render::render(
            std::slice::from_ref(&e.diag),
            Format::Json,
            style(show_sensitive),
        );
        let mut v: J = serde_json::from_str(&one).unwrap_or_else(|_| json!({}));
        if let J::Object(m) = &mut v {
            m.insert("line".into(), json!(e.line));
            m.insert("file".into(), json!(s.names.get(e.file)));
            m.insert("count".into(), json!(e.count));
            m.insert("last_line".into(), json!(e.last_line));
        }
        out.push_str(&serde_json::to_string(&v).unwrap_or_else(|_| "{}".into()));
        out.push('\n');
    }
    out.push_str(
        &serde_json::to_string(&json!({ "summary": summary_json(s) })).unwrap_or_default(),
    );
    out.push('\n');
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn md_table(out: &mut String, s: &Scan, title: &str, gs: &[Group], akid: bool, show: bool) {
    if gs.is_empty() {
        return;
    }
    out.push_str(&format!(
        "\n**{title}**\n\n| count | first line | last line | {} | example request id |\n|---:|---:|---:|---|---|\n",
        if akid { "AccessKeyId" } else { "key" }
    ));
    for g in gs.iter().take(20) {
        let key = if akid {
            mask_akid(&g.key, show)
        } else {
            g.key.clone()
        };
        out.push_str(&format!(
            "| {} | {} | {} | `{}` | `{}` |\n",
            g.count,
            where_(s, g.first),
            where_(s, g.last),
            md_cell(&key),
            md_cell(&example_id(s, g))
        ));
    }
    if gs.len() > 20 {
        out.push_str(&format!("\n… and {} more\n", gs.len() - 20));
    }
}

/// Markdown: the summary tables, to paste into a ticket (AccessKey ids masked unless
/// `show_sensitive`).
pub fn markdown(s: &Scan, show_sensitive: bool) -> String {
    let sum = &s.summary;
    let mut out = format!("### OSS errors in the log\n\n{}\n", md_cell(&headline(s)));
    md_table(&mut out, s, "Errors by code", &sum.by_code, false, true);
    md_table(&mut out, s, "Errors by EC", &sum.by_ec, false, true);
    md_table(
        &mut out,
        s,
        "SignatureDoesNotMatch by cause",
        &sum.cause,
        false,
        true,
    );
    md_table(
        &mut out,
        s,
        "SignatureDoesNotMatch by AccessKeyId",
        &sum.akid,
        true,
        show_sensitive,
    );
    md_table(
        &mut out,
        s,
        "SignatureDoesNotMatch by bucket",
        &sum.bucket,
        false,
        true,
    );
    md_table(
        &mut out,
        s,
        "SignatureDoesNotMatch by scheme",
        &sum.scheme,
        false,
        true,
    );
    out
}
