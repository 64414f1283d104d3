//! `ossdiag scan`: every OSS error in logs of any size, in one streaming pass.
//!
//! A regular file is cut into fixed-size chunks that the worker threads read themselves
//! (`pread`, no reader thread copying for them); a stream (stdin, a pipe) is read
//! sequentially by one reader into chunks. Either way each chunk travels with a margin of
//! the bytes before and after it (read again, not scanned), so the lines around a hit near
//! its edge are there. Workers run the literal prefilter ([`prefilter`]) over their chunk, cut a
//! bounded window of lines around each hit (windows that touch are merged into one
//! region), and give each region to the library pipeline `diagnose` runs. A body found
//! by two regions (a chunk edge, a region cut for size) sits on the same line with the
//! same identity and is kept once; an error repeated with the same request id is
//! reported once, with its count ([`summary`]).
//!
//! Memory: one chunk buffer per worker for files, at most `2 × threads + 2` for a stream,
//! plus the reports kept (at most
//! [`MAX_KEPT`] distinct errors; beyond that errors are counted, not reported one by one).

pub mod prefilter;
pub mod summary;

use crate::diagnose::Diagnosis;
use crate::error::{Error, Result};
use prefilter::Prefilter;
use std::io::Read;
use std::sync::mpsc;
use std::sync::Mutex;

/// Bytes of input each worker job owns (hits are looked for in it).
pub const CHUNK: usize = 1 << 20;
/// Context before a hit: at most this many lines, and bytes.
const BEFORE_LINES: usize = 40;
const BEFORE_BYTES: usize = 24 << 10;
/// Context after a hit (a pretty body, an exception's lines, a multi-line string to sign).
const AFTER_LINES: usize = 48;
const AFTER_BYTES: usize = 24 << 10;
/// The margin read on each side of a chunk: more than any context.
const MARGIN: usize = 32 << 10;
/// A region (merged windows) is closed at this many hits or bytes of hits.
const REGION_HITS: usize = 64;
const REGION_BYTES: usize = 128 << 10;
/// A body is reported only when a marker is on its first line or on one of this many
/// lines after it (a body in the context of another hit, with no marker of its own, is
/// not: what is found must not depend on what is near it).
const ANCHOR_LINES: i64 = 40;
/// Distinct errors kept with their full report.
pub const MAX_KEPT: usize = 20_000;

/// How to scan.
#[derive(Debug, Clone)]
pub struct Options {
    /// Bytes per job (tests use small ones to put bodies across chunk edges).
    pub chunk: usize,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// A progress line on stderr.
    pub progress: bool,
    /// Read files as streams too (one reader thread), as stdin is read.
    pub stream: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            chunk: CHUNK,
            threads: 0,
            progress: false,
            stream: false,
        }
    }
}

/// Where one occurrence is: input, the byte offset of its line's start, and for the
/// final line number the chunk it was counted from and its line relative to that chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occ {
    pub input: usize,
    pub pos: u64,
    chunk: u64,
    rel_line: i64,
}

/// One error body found, diagnosed.
pub struct Found {
    pub occ: Occ,
    pub diag: Diagnosis,
}

struct Job {
    input: usize,
    chunk: u64,
    /// Absolute offset of `buf[0]`.
    base: u64,
    /// `buf[own.0..own.1]` is the chunk proper.
    own: (usize, usize),
    buf: Vec<u8>,
}

/// What a worker reports for one chunk.
struct Done {
    input: usize,
    chunk: u64,
    /// Bytes of the chunk proper, its end offset and last byte.
    bytes: u64,
    end: u64,
    last: Option<u8>,
    newlines: u64,
    found: Vec<Found>,
}

enum Msg {
    Chunk(Done),
    Failed(Error),
}

/// Run [`scan_job`] and wrap the result.
fn done(pf: &Prefilter, name: &str, job: &Job) -> Done {
    let (newlines, found) = scan_job(pf, name, job);
    let (os, oe) = job.own;
    Done {
        input: job.input,
        chunk: job.chunk,
        bytes: (oe - os) as u64,
        end: job.base + oe as u64,
        last: job.buf.get(oe.wrapping_sub(1)).copied().filter(|_| oe > os),
        newlines,
        found,
    }
}

/// The library pipeline `diagnose` runs (`gather` → `diagnose` → the no-secret search),
/// on one region of a log: requests and client strings from the whole region, error
/// bodies from each record (`records`, byte ranges of `text`) on its own, so labels of
/// neighbouring log lines (another request's `x-oss-request-id`) do not join a body.
/// Returns each body's offset in `text`, with its diagnosis. Kept in one place so a
/// change of the pipeline's API is one edit here.
fn pipeline(name: &str, text: &str, records: &[(usize, usize)]) -> Vec<(usize, Diagnosis)> {
    let one = |t: &str| crate::input::gather(&[(name.to_string(), t.as_bytes().to_vec())]);
    let mut errors = Vec::new();
    for &(a, b) in records {
        let Some(t) = text.get(a..b) else { continue };
        for mut e in one(t).errors {
            e.offset += a;
            errors.push(e);
        }
    }
    if errors.is_empty() {
        return Vec::new();
    }
    let mut ev = one(text);
    ev.errors = errors;
    let ds = crate::pipeline::run_found(&ev, None, &crate::secret::SearchOptions::default());
    ev.errors.iter().map(|e| e.offset).zip(ds).collect()
}

/// Does this line start a log record (a timestamp, a level, a JSON object)? Lines that
/// do not (exception lines, a pretty body, `[ErrorCode]: …`) continue the one before.
fn starts_record(l: &[u8]) -> bool {
    let l = l.strip_prefix(b"[").unwrap_or(l);
    let date = l.len() >= 5 && l[..4].iter().all(u8::is_ascii_digit) && matches!(l[4], b'-' | b'/');
    let time = l.len() >= 8 && l[..2].iter().all(u8::is_ascii_digit) && l[2] == b':';
    let level = ["ERROR", "WARN", "INFO", "DEBUG", "TRACE", "FATAL"]
        .iter()
        .any(|w| l.starts_with(w.as_bytes()) && matches!(l.get(w.len()), Some(b' ' | b':' | b']')));
    date || time || level || l.starts_with(b"{\"")
}

/// Split `text` into records; keep those holding a hit line. Without record starts the
/// whole text is one record (a curl transcript, a pasted dump).
fn records(text: &str, hit_lines: &[i64]) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut starts: Vec<(usize, i64)> = Vec::new();
    let (mut at, mut line) = (0usize, 0i64);
    loop {
        if at == 0 || starts_record(&b[at..]) {
            starts.push((at, line));
        }
        match memchr::memchr(b'\n', &b[at..]) {
            Some(i) => {
                at += i + 1;
                line += 1;
                if at >= b.len() {
                    break;
                }
            }
            None => break,
        }
    }
    let mut out = Vec::new();
    for (k, &(s, l)) in starts.iter().enumerate() {
        let (e, next_l) = starts
            .get(k + 1)
            .map_or((b.len(), i64::MAX), |&(e, nl)| (e, nl));
        if hit_lines.iter().any(|&h| h >= l && h < next_l) {
            out.push((s, e));
        }
    }
    out
}

/// Newlines in `b`: 64 byte counters, each taking at most 255 steps before they are
/// summed, so the compiler vectorizes the inner loop.
fn count_nl(b: &[u8]) -> usize {
    const LANES: usize = 64;
    let mut total = 0usize;
    let mut blocks = b.chunks_exact(LANES * 255);
    for block in &mut blocks {
        let mut acc = [0u8; LANES];
        for c in block.chunks_exact(LANES) {
            for (a, &x) in acc.iter_mut().zip(c) {
                *a += (x == b'\n') as u8;
            }
        }
        total += acc.iter().map(|&x| x as usize).sum::<usize>();
    }
    total + blocks.remainder().iter().filter(|&&x| x == b'\n').count()
}

/// Start of the context window before `p`: back over `BEFORE_LINES` line starts, within
/// `BEFORE_BYTES` (and `lo`).
fn window_start(buf: &[u8], p: usize, lo: usize) -> usize {
    let floor = p.saturating_sub(BEFORE_BYTES).max(lo);
    let mut n = 0;
    for i in memchr::memrchr_iter(b'\n', &buf[floor..p]) {
        n += 1;
        if n > BEFORE_LINES {
            return floor + i + 1;
        }
    }
    floor
}

/// End of the context window after `p` (exclusive, after a newline when one is near).
fn window_end(buf: &[u8], p: usize) -> usize {
    let ceil = (p + AFTER_BYTES).min(buf.len());
    let mut n = 0;
    for i in memchr::memchr_iter(b'\n', &buf[p..ceil]) {
        n += 1;
        if n > AFTER_LINES {
            return p + i + 1;
        }
    }
    ceil
}

/// JSON-escaped markup (`\u003cCode\u003e`, Go's encoding/json) read as markup; the
/// lines stay where they are.
fn unescape_json_markup(t: &str) -> Option<String> {
    if !t.contains("\\u003c") && !t.contains("\\u003C") {
        return None;
    }
    Some(
        t.replace("\\u003c", "<")
            .replace("\\u003C", "<")
            .replace("\\u003e", ">")
            .replace("\\u003E", ">")
            .replace("\\u0026", "&"),
    )
}

/// Diagnose one region `buf[rs..re]` (whose hits sit on `hit_lines`, counted from `rs`).
/// Returns (line in region, byte offset of that line in region, diagnosis).
fn region(name: &str, bytes: &[u8], hit_lines: &[i64]) -> Vec<(i64, usize, Diagnosis)> {
    let lossy = String::from_utf8_lossy(bytes);
    let mut text: std::borrow::Cow<str> = lossy;
    if let Some(t) = unescape_json_markup(&text) {
        text = t.into();
    }
    // Log prefixes and colour codes are removed here (not inside gather) so that the
    // offsets of the bodies count lines of the text given.
    let prepared = crate::input::unwrap::prepare(&text);
    let (text, notes) = match prepared {
        Some(p) => (std::borrow::Cow::Owned(p.text), p.notes),
        None => (text, Vec::new()),
    };
    let mut out = Vec::new();
    let recs = records(&text, hit_lines);
    for (off, mut d) in pipeline(name, &text, &recs) {
        let off = off.min(text.len());
        let line = count_nl(&text.as_bytes()[..off]) as i64;
        let anchored = hit_lines
            .iter()
            .any(|&h| h >= line && h <= line + ANCHOR_LINES);
        if !anchored {
            continue;
        }
        let line_off = if line == 0 {
            0
        } else {
            memchr::memchr_iter(b'\n', bytes)
                .nth(line as usize - 1)
                .map_or(bytes.len(), |i| i + 1)
        };
        if let Some(e) = d.error.as_mut() {
            for n in &notes {
                if !e.notes.contains(n) {
                    e.notes.push(n.clone());
                }
            }
        }
        out.push((line, line_off, d));
    }
    out
}

/// Scan one job: newline count of the chunk proper, and every body anchored in it.
fn scan_job(pf: &Prefilter, name: &str, job: &Job) -> (u64, Vec<Found>) {
    let buf = &job.buf;
    let (os, oe) = job.own;
    let newlines = count_nl(&buf[os..oe]) as u64;
    let mut hits = Vec::new();
    let search_end = (oe + pf.max_len).min(buf.len());
    pf.hits(&buf[os..search_end], oe - os, &mut hits);
    let mut found = Vec::new();
    if hits.is_empty() {
        return (newlines, found);
    }
    // Merge hit windows into regions: (start, end, hits).
    let mut regions: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    let mut skip_until = 0usize;
    for h in hits.into_iter().map(|h| h + os) {
        if h < skip_until {
            // another hit on a line already covered
            if let Some(r) = regions.last_mut() {
                r.2.push(h);
            }
            continue;
        }
        let ws = window_start(buf, h, 0);
        let we = window_end(buf, h);
        skip_until = memchr::memchr(b'\n', &buf[h..we]).map_or(h, |i| h + i);
        match regions.last_mut() {
            Some(r) if ws <= r.1 && r.2.len() < REGION_HITS && h - r.2[0] < REGION_BYTES => {
                r.1 = r.1.max(we);
                r.2.push(h);
            }
            _ => regions.push((ws, we, vec![h])),
        }
    }
    // Lines relative to the chunk's own start, counted incrementally.
    let (mut cur, mut cur_line) = (os, 0i64);
    for (rs, re, hs) in regions {
        let rel = if rs >= cur {
            cur_line += count_nl(&buf[cur..rs]) as i64;
            cur = rs;
            cur_line
        } else {
            cur_line - count_nl(&buf[rs..cur]) as i64
        };
        let mut hit_lines = Vec::with_capacity(hs.len());
        let (mut hp, mut hl) = (rs, 0i64);
        for h in hs {
            hl += count_nl(&buf[hp..h]) as i64;
            hp = h;
            hit_lines.push(hl);
        }
        for (line, line_off, diag) in region(name, &buf[rs..re], &hit_lines) {
            found.push(Found {
                occ: Occ {
                    input: job.input,
                    pos: job.base + (rs + line_off) as u64,
                    chunk: job.chunk,
                    rel_line: rel + line,
                },
                diag,
            });
        }
    }
    (newlines, found)
}

/// Read up to `want` bytes into `buf` from `start` on (the vector is only grown, never
/// zeroed again once allocated) and truncate it to what was read; false at the end of
/// the input.
fn fill(r: &mut dyn Read, buf: &mut Vec<u8>, start: usize, want: usize) -> std::io::Result<bool> {
    let target = start + want;
    let mut tmp_len = start;
    if buf.len() < target {
        buf.resize(target, 0);
    }
    while tmp_len < target {
        match r.read(&mut buf[tmp_len..target]) {
            Ok(0) => {
                buf.truncate(tmp_len);
                return Ok(false);
            }
            Ok(n) => tmp_len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                buf.truncate(tmp_len);
                return Err(e);
            }
        }
    }
    buf.truncate(target);
    Ok(true)
}

/// What a scan saw, before rendering.
pub struct Scan {
    pub names: Vec<String>,
    pub bytes: u64,
    pub lines: u64,
    pub summary: summary::Summary,
}

/// One input: a regular file (read at offsets, in parallel) or a stream.
enum Source {
    File(std::fs::File, u64),
    Stream(Box<dyn Read + Send>),
}

/// Read `want` bytes at `off` into `buf` (fewer at the end of the file); grows `buf` only.
#[cfg(any(unix, windows))]
fn read_at(f: &std::fs::File, buf: &mut Vec<u8>, off: u64, want: usize) -> std::io::Result<()> {
    #[cfg(unix)]
    use std::os::unix::fs::FileExt;
    #[cfg(windows)]
    use std::os::windows::fs::FileExt;
    if buf.len() < want {
        buf.resize(want, 0);
    }
    let mut got = 0;
    while got < want {
        #[cfg(unix)]
        let r = f.read_at(&mut buf[got..want], off + got as u64);
        #[cfg(windows)]
        let r = f.seek_read(&mut buf[got..want], off + got as u64);
        match r {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    buf.truncate(got);
    Ok(())
}

#[cfg(any(unix, windows))]
/// Where the chunks are (read at offsets by every worker): the files' chunks in one
/// numbering, `first[i]` the first global chunk of file `i`.
struct FileChunks<'a> {
    files: Vec<(usize, &'a std::fs::File, u64)>,
    first: Vec<u64>,
    total: u64,
}

#[cfg(any(unix, windows))]
impl<'a> FileChunks<'a> {
    fn new(files: Vec<(usize, &'a std::fs::File, u64)>, chunk: usize) -> Self {
        let mut first = Vec::with_capacity(files.len());
        let mut total = 0u64;
        for &(_, _, len) in &files {
            first.push(total);
            total += len.div_ceil(chunk as u64);
        }
        FileChunks {
            files,
            first,
            total,
        }
    }

    /// File (index in `files`) and chunk within it of global chunk `g`.
    fn locate(&self, g: u64) -> (usize, u64) {
        let i = self.first.partition_point(|&f| f <= g) - 1;
        (i, g - self.first[i])
    }
}

/// A worker on files: claims chunks, reads each with its margins, scans it.
#[cfg(any(unix, windows))]
fn file_worker(
    fc: &FileChunks,
    next: &std::sync::atomic::AtomicU64,
    stop: &std::sync::atomic::AtomicBool,
    chunk: usize,
    pf: &Prefilter,
    display: &[String],
    tx: mpsc::Sender<Msg>,
) {
    use std::sync::atomic::Ordering;
    let mut buf = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let g = next.fetch_add(1, Ordering::Relaxed);
        if g >= fc.total {
            return;
        }
        let (i, idx) = fc.locate(g);
        let (input, f, len) = fc.files[i];
        let start = idx * chunk as u64;
        let from = start.saturating_sub(MARGIN as u64);
        let to = (start + (chunk + MARGIN) as u64).min(len);
        if let Err(e) = read_at(f, &mut buf, from, (to - from) as usize) {
            let _ = tx.send(Msg::Failed(Error::Io(format!(
                "cannot read {}: {e}",
                display[input]
            ))));
            return;
        }
        let os = ((start - from) as usize).min(buf.len());
        let oe = (os + chunk)
            .min(buf.len())
            .min((len - from) as usize)
            .max(os);
        let job = Job {
            input,
            chunk: idx,
            base: from,
            own: (os, oe),
            buf: std::mem::take(&mut buf),
        };
        let d = done(pf, &display[input], &job);
        buf = job.buf;
        if tx.send(Msg::Chunk(d)).is_err() {
            return;
        }
    }
}

/// Read a stream into chunks (each with its margins) for the worker pool; the reader
/// is the calling thread. `absorb` receives what the workers report, and a read error.
fn scan_stream(
    input: usize,
    r: &mut dyn Read,
    chunk: usize,
    threads: usize,
    pf: &Prefilter,
    display: &[String],
    absorb: &mut dyn FnMut(Msg),
) {
    let pool: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(threads);
    let job_rx = Mutex::new(job_rx);
    let (res_tx, res_rx) = mpsc::channel::<Msg>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (pool, job_rx, res_tx) = (&pool, &job_rx, res_tx.clone());
            s.spawn(move || loop {
                let job = {
                    let Ok(rx) = job_rx.lock() else { return };
                    match rx.recv() {
                        Ok(j) => j,
                        Err(_) => return,
                    }
                };
                let d = done(pf, &display[job.input], &job);
                let _ = res_tx.send(Msg::Chunk(d));
                if let Ok(mut p) = pool.lock() {
                    p.push(job.buf);
                }
            });
        }
        drop(res_tx);
        let mut pre: Vec<u8> = Vec::new();
        let mut carry: Vec<u8> = Vec::new();
        let mut more = true;
        let mut pos = 0u64;
        let mut idx = 0u64;
        loop {
            let mut buf = pool
                .lock()
                .ok()
                .and_then(|mut p| p.pop())
                .unwrap_or_default();
            let have = carry.len();
            let start = pre.len() + have;
            if buf.len() < start {
                buf.resize(start, 0);
            }
            buf[..pre.len()].copy_from_slice(&pre);
            buf[pre.len()..start].copy_from_slice(&carry);
            if !more || have >= chunk + MARGIN {
                buf.truncate(start);
            } else {
                match fill(r, &mut buf, start, chunk + MARGIN - have) {
                    Ok(m) => more = m,
                    Err(e) => {
                        absorb(Msg::Failed(Error::Io(format!(
                            "cannot read {}: {e}",
                            display[input]
                        ))));
                        break;
                    }
                }
            }
            let avail = buf.len() - pre.len();
            if avail == 0 {
                break;
            }
            let cur = avail.min(chunk);
            let (os, oe) = (pre.len(), pre.len() + cur);
            let keep_from = oe.saturating_sub(MARGIN);
            pre.clear();
            pre.extend_from_slice(&buf[keep_from..oe]);
            carry.clear();
            carry.extend_from_slice(&buf[oe..]);
            let job = Job {
                input,
                chunk: idx,
                base: pos - os as u64,
                own: (os, oe),
                buf,
            };
            pos += cur as u64;
            idx += 1;
            if job_tx.send(job).is_err() {
                break;
            }
            while let Ok(m) = res_rx.try_recv() {
                absorb(m);
            }
        }
        drop(job_tx);
        for m in res_rx.iter() {
            absorb(m);
        }
    });
}

/// Scan the named inputs (`-` is stdin).
pub fn scan(names: &[String], opts: &Options) -> Result<Scan> {
    // Open everything first: an unusable input is an error before any work.
    let mut sources: Vec<Source> = Vec::new();
    for n in names {
        if n == "-" {
            sources.push(Source::Stream(Box::new(std::io::stdin())));
        } else {
            let f =
                std::fs::File::open(n).map_err(|e| Error::Io(format!("cannot read {n}: {e}")))?;
            let meta = f
                .metadata()
                .map_err(|e| Error::Io(format!("cannot read {n}: {e}")))?;
            if meta.is_dir() {
                return Err(Error::Io(format!("cannot read {n}: it is a directory")));
            }
            if meta.is_file() && cfg!(any(unix, windows)) && !opts.stream {
                sources.push(Source::File(f, meta.len()));
            } else {
                sources.push(Source::Stream(Box::new(f)));
            }
        }
    }
    let display: Vec<String> = names
        .iter()
        .map(|n| {
            if n == "-" {
                "<stdin>".to_string()
            } else {
                n.clone()
            }
        })
        .collect();
    scan_sources(sources, display, opts)
}

fn scan_sources(sources: Vec<Source>, display: Vec<String>, opts: &Options) -> Result<Scan> {
    let chunk = opts.chunk.max(1);
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        opts.threads
    };
    let total: u64 = sources
        .iter()
        .map(|s| match s {
            Source::File(_, n) => *n,
            Source::Stream(_) => 0,
        })
        .sum();
    let pf = Prefilter::new();
    let n_inputs = sources.len();
    let mut collector = summary::Collector::default();
    let mut newlines: Vec<Vec<u64>> = vec![Vec::new(); n_inputs];
    // per input: the end offset and last byte of the furthest chunk
    let mut last_byte: Vec<(u64, Option<u8>)> = vec![(0, None); n_inputs];
    let mut bytes_read = 0u64;
    let failed: std::cell::RefCell<Option<Error>> = std::cell::RefCell::new(None);
    let mut last_progress = std::time::Instant::now();
    let mut absorb = |m: Msg| {
        let d = match m {
            Msg::Chunk(d) => d,
            Msg::Failed(e) => {
                failed.borrow_mut().get_or_insert(e);
                return;
            }
        };
        let v = &mut newlines[d.input];
        if v.len() <= d.chunk as usize {
            v.resize(d.chunk as usize + 1, 0);
        }
        v[d.chunk as usize] = d.newlines;
        bytes_read += d.bytes;
        if d.bytes > 0 && d.end >= last_byte[d.input].0 {
            last_byte[d.input] = (d.end, d.last);
        }
        for f in d.found {
            collector.add(f);
        }
        if opts.progress && last_progress.elapsed().as_millis() >= 200 {
            last_progress = std::time::Instant::now();
            progress(bytes_read, total, collector.occurrences());
        }
    };
    // Files first, all workers reading their own chunks; then the streams in order.
    let files: Vec<(usize, &std::fs::File, u64)> = sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Source::File(f, n) => Some((i, f, *n)),
            Source::Stream(_) => None,
        })
        .collect();
    #[cfg(any(unix, windows))]
    if !files.is_empty() {
        let fc = FileChunks::new(files, chunk);
        let next = std::sync::atomic::AtomicU64::new(0);
        let stop = std::sync::atomic::AtomicBool::new(false);
        let (tx, rx) = mpsc::channel::<Msg>();
        std::thread::scope(|s| {
            for _ in 0..threads.min(fc.total.max(1) as usize) {
                let (fc, next, stop, pf, display, tx) =
                    (&fc, &next, &stop, &pf, &display, tx.clone());
                s.spawn(move || file_worker(fc, next, stop, chunk, pf, display, tx));
            }
            drop(tx);
            for m in rx.iter() {
                if matches!(m, Msg::Failed(_)) {
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                absorb(m);
            }
        });
    }
    #[cfg(not(any(unix, windows)))]
    drop(files);
    for (input, s) in sources.into_iter().enumerate() {
        let Source::Stream(mut r) = s else { continue };
        if failed.borrow().is_some() {
            break;
        }
        scan_stream(input, &mut *r, chunk, threads, &pf, &display, &mut absorb);
    }
    if opts.progress {
        eprint!("\r\x1b[2K");
    }
    if let Some(e) = failed.into_inner() {
        return Err(e);
    }
    let lines: u64 = newlines.iter().flatten().sum::<u64>()
        + last_byte
            .iter()
            .filter(|b| b.1.is_some_and(|b| b != b'\n'))
            .count() as u64;
    let prefix: Vec<Vec<u64>> = newlines
        .iter()
        .map(|v| {
            let mut acc = 0;
            v.iter()
                .map(|n| {
                    let p = acc;
                    acc += n;
                    p
                })
                .collect()
        })
        .collect();
    let line_of = |o: &Occ| -> u64 {
        let before = prefix
            .get(o.input)
            .and_then(|v| v.get(o.chunk as usize))
            .copied()
            .unwrap_or(0) as i64;
        (1 + before + o.rel_line).max(1) as u64
    };
    Ok(Scan {
        names: display,
        bytes: bytes_read,
        lines,
        summary: collector.finish(&line_of),
    })
}

fn progress(done: u64, total: u64, errors: u64) {
    let mib = |b: u64| b as f64 / (1u64 << 20) as f64;
    if total > 0 {
        let pct = (done as f64 / total as f64 * 100.0).min(100.0);
        let bar = (pct / 5.0) as usize;
        eprint!(
            "\r[{:<20}] {:5.1}%  {:.0}/{:.0} MiB  {} errors",
            "#".repeat(bar),
            pct,
            mib(done),
            mib(total),
            errors
        );
    } else {
        eprint!("\r{:.0} MiB  {} errors", mib(done), errors);
    }
}
