//! The space of classic client mistakes, as edits of the server's string (V1) or
//! canonical request (V4). Each edit names the field it changes and says in words what
//! the client did. Lists: issue 5 and `../shared/spec/oss-signing.md` §1, §4, §8.

use super::search::{Edit, Global};
use crate::bytes::visible;

/// What the captured request adds to the guesses (header names as sent, raw values…).
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// Request headers as captured (name as sent, value as sent).
    pub headers: Vec<(String, String)>,
    /// Raw query pairs as sent.
    pub query: Vec<(String, Option<String>)>,
    /// The Host the request went to.
    pub host: Option<String>,
}

pub const MIME: &[&str] = &[
    "application/octet-stream",
    "text/plain",
    "text/plain; charset=utf-8",
    "text/plain;charset=UTF-8",
    "application/json",
    "application/json; charset=utf-8",
    "application/xml",
    "text/xml",
    "text/html",
    "text/html; charset=utf-8",
    "text/css",
    "text/csv",
    "application/javascript",
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/svg+xml",
    "video/mp4",
    "audio/mpeg",
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "multipart/form-data",
    "binary/octet-stream",
];

/// Headers that CDNs and proxies are known to add on the way to OSS.
const INJECTED: &[(&str, &str)] = &[
    ("x-oss-range-behavior", "standard"),
    ("x-oss-request-payer", "requester"),
    ("x-oss-traffic-limit", "819200"),
];

/// An injected header's name in another header family (`x-oss-` → `x-amz-`).
fn injected_name(k: &str, prefix: &str) -> String {
    match k.strip_prefix("x-oss-") {
        Some(rest) => format!("{prefix}{rest}"),
        None => k.to_string(),
    }
}

const VERBS: &[&str] = &["GET", "PUT", "POST", "HEAD", "DELETE", "OPTIONS"];

/// Sub-resources a client adds by mistake (or an SDK signs that the server does not).
const SUBRES: &[&str] = &[
    "acl",
    "uploads",
    "append",
    "tagging",
    "versioning",
    "versions",
    "symlink",
    "restore",
    "cors",
    "lifecycle",
    "referer",
    "website",
    "logging",
    "location",
    "bucketInfo",
    "stat",
    "objectMeta",
    "delete",
    "policy",
    "encryption",
];

/// Alibaba Cloud region ids (for a V4 scope signed with another region).
pub const REGIONS: &[&str] = &[
    "cn-hangzhou",
    "cn-shanghai",
    "cn-qingdao",
    "cn-beijing",
    "cn-zhangjiakou",
    "cn-huhehaote",
    "cn-wulanchabu",
    "cn-shenzhen",
    "cn-heyuan",
    "cn-guangzhou",
    "cn-chengdu",
    "cn-nanjing",
    "cn-fuzhou",
    "cn-wuhan-lr",
    "cn-hongkong",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-south-1",
    "us-west-1",
    "us-east-1",
    // S3's own, for AWS4 scopes
    "us-east-2",
    "us-west-2",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "ap-east-1",
    "eu-central-1",
    "eu-west-1",
    "me-east-1",
    "me-central-1",
    "rg-china-mainland",
];

fn e(start: usize, end: usize, repl: impl Into<Vec<u8>>, field: &str, what: String) -> Edit {
    Edit {
        start,
        end,
        repl: repl.into(),
        field: field.to_string(),
        what,
        weight: 0,
    }
}

fn v(b: &[u8]) -> String {
    visible(b)
}

/// (start, end) of every line (without its `\n`).
fn line_spans(s: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for (i, &c) in s.iter().enumerate() {
        if c == b'\n' {
            out.push((at, i));
            at = i + 1;
        }
    }
    out.push((at, s.len()));
    out
}

// ---------------------------------------------------------------- dates

use crate::clock::{iso_basic, parse_time, parts, rfc1123, DAYS, MONTHS};

fn date_forms(t: i64) -> Vec<(String, &'static str)> {
    let (y, m, d, hh, mm, ss, wd) = parts(t);
    let mon = MONTHS[(m - 1) as usize];
    let long = [
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
    ][wd];
    vec![
        (rfc1123(t), "RFC 1123"),
        (
            format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z"),
            "ISO 8601",
        ),
        (
            format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.000Z"),
            "ISO 8601 with milliseconds",
        ),
        (
            format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}+00:00"),
            "ISO 8601 with +00:00",
        ),
        (iso_basic(t), "ISO 8601 basic"),
        (
            format!(
                "{}, {d:02} {mon} {y} {hh:02}:{mm:02}:{ss:02} +0000",
                DAYS[wd]
            ),
            "RFC 2822 (+0000 instead of GMT)",
        ),
        (
            format!("{}, {d:02} {mon} {y} {hh:02}:{mm:02}:{ss:02} UTC", DAYS[wd]),
            "UTC instead of GMT",
        ),
        (
            format!("{}, {d} {mon} {y} {hh:02}:{mm:02}:{ss:02} GMT", DAYS[wd]),
            "a one-digit day",
        ),
        (
            format!(
                "{long}, {d:02}-{mon}-{:02} {hh:02}:{mm:02}:{ss:02} GMT",
                y % 100
            ),
            "RFC 850",
        ),
        (
            format!("{} {mon} {d:>2} {hh:02}:{mm:02}:{ss:02} {y}", DAYS[wd]),
            "C asctime",
        ),
        (t.to_string(), "Unix seconds"),
        (format!("{}", t.saturating_mul(1000)), "Unix milliseconds"),
    ]
}

/// Whole-hour offsets of a local clock sent as GMT (UTC+8 first, then -12..+14).
pub fn hour_offsets() -> Vec<i64> {
    let mut out = vec![8, -8];
    out.extend((-14..=14).filter(|h| !matches!(h, 0 | 8 | -8)));
    out
}

/// Durations a client adds to "now" for Expires (s): the timeout added twice, or Expires
/// computed from another base.
const TIMEOUTS: &[i64] = &[
    60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800,
];

fn shift_words(dt: i64) -> String {
    match dt {
        0 => String::new(),
        d if d > 0 => format!(" and {d} s later"),
        d => format!(" and {} s earlier", -d),
    }
}

// ---------------------------------------------------------------- encodings

/// A percent-encoder as a library writes it: what it leaves alone besides the RFC 3986
/// unreserved set, '+' for a space, lower-case hex, '~' encoded.
pub struct Encoder {
    pub name: &'static str,
    pub safe: &'static [u8],
    pub plus: bool,
    pub lower: bool,
    pub tilde: bool,
    /// Whether the library has a '/'-kept and a '/'-encoded form (false: '/' is in `safe`).
    pub slash_choice: bool,
}

const fn encoder(name: &'static str, safe: &'static [u8], plus: bool) -> Encoder {
    Encoder {
        name,
        safe,
        plus,
        lower: false,
        tilde: false,
        slash_choice: true,
    }
}

/// The encoders client code uses for keys, query and sub-resource values.
pub const ENCODERS: &[Encoder] = &[
    encoder(
        "RFC 3986 (.NET Uri.EscapeDataString, Python quote)",
        b"",
        false,
    ),
    encoder("JavaScript encodeURIComponent", b"!*'()", false),
    Encoder {
        slash_choice: false,
        ..encoder("JavaScript encodeURI", b";,/?:@&=+$!*'()#", false)
    },
    Encoder {
        tilde: true,
        ..encoder("Java URLEncoder", b"*", true)
    },
    encoder("Go url.PathEscape", b"!$&'()*+,;=:@", false),
    encoder("Go url.QueryEscape (Python quote_plus)", b"", true),
    Encoder {
        lower: true,
        ..encoder("lower-case hex", b"", false)
    },
];

fn enc_with(b: &[u8], e: &Encoder, keep_slash: bool) -> Vec<u8> {
    let hex: &[u8; 16] = if e.lower {
        b"0123456789abcdef"
    } else {
        b"0123456789ABCDEF"
    };
    let mut out = Vec::with_capacity(b.len() * 3);
    for &c in b {
        let keep = (c.is_ascii_alphanumeric() || b"-_.".contains(&c))
            || (c == b'~' && !e.tilde)
            || e.safe.contains(&c)
            || (keep_slash && c == b'/');
        if keep {
            out.push(c);
        } else if e.plus && c == b' ' {
            out.push(b'+');
        } else {
            out.push(b'%');
            out.push(hex[(c >> 4) as usize]);
            out.push(hex[(c & 15) as usize]);
        }
    }
    out
}

/// Every way the encoders write `raw` (once or twice, '/' kept or encoded), with words;
/// `raw` itself is left out, duplicates too.
pub fn encodings(raw: &[u8]) -> Vec<(Vec<u8>, String)> {
    let mut out: Vec<(Vec<u8>, String)> = Vec::new();
    for e in ENCODERS {
        let slashes: &[bool] = if e.slash_choice && raw.contains(&b'/') {
            &[true, false]
        } else {
            &[true]
        };
        for &keep in slashes {
            let once = enc_with(raw, e, keep);
            let twice = enc_with(&once, e, keep);
            let sl = if !e.slash_choice || !raw.contains(&b'/') {
                ""
            } else if keep {
                ", '/' kept"
            } else {
                ", '/' encoded"
            };
            for (c, n) in [(once, "once"), (twice, "twice")] {
                if c != raw && !out.iter().any(|(x, _)| *x == c) {
                    out.push((c, format!("encoded {n} as {}{sl}", e.name)));
                }
            }
        }
    }
    out
}

fn enc(b: &[u8], keep: &[u8], lower: bool, plus_space: bool) -> Vec<u8> {
    let hex: &[u8; 16] = if lower {
        b"0123456789abcdef"
    } else {
        b"0123456789ABCDEF"
    };
    let mut out = Vec::with_capacity(b.len() * 3);
    for &c in b {
        if c.is_ascii_alphanumeric() || b"-_.~".contains(&c) || keep.contains(&c) {
            out.push(c);
        } else if plus_space && c == b' ' {
            out.push(b'+');
        } else {
            out.push(b'%');
            out.push(hex[(c >> 4) as usize]);
            out.push(hex[(c & 15) as usize]);
        }
    }
    out
}

/// Text case as a library may write it: every letter after a non-letter upper-cased.
fn word_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = false;
    for c in s.chars() {
        out.push(if prev {
            c.to_ascii_lowercase()
        } else {
            c.to_ascii_uppercase()
        });
        prev = c.is_ascii_alphabetic();
    }
    out
}

/// UTF-8 text as Latin-1 bytes (None when a character is beyond U+00FF or it is ASCII).
fn latin1(b: &[u8]) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(b).ok()?;
    if s.is_ascii() {
        return None;
    }
    s.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

/// Percent-decode bytes (`%XX`; anything else kept).
fn pct_decode(b: &[u8]) -> Vec<u8> {
    percent_encoding::percent_decode(b).collect()
}

fn title_case(name: &str) -> String {
    name.split('-')
        .map(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

// ---------------------------------------------------------------- V1

/// What the search of a classic-line-model scheme (verb, Content-MD5, Content-Type,
/// date, signed headers, resource) needs to know of it. The scheme supplies it.
#[derive(Debug, Clone, Copy)]
pub struct Lines {
    /// The signed header family (`x-oss-`, `x-amz-`).
    pub header_prefix: &'static str,
    /// A line naming the additional headers comes before the resource (OSS2).
    pub additional_line: bool,
    /// The resource is percent-encoded whole, '/' included (OSS2).
    pub encoded_resource: bool,
}

/// OSS V1's line model.
pub const V1_LINES: Lines = Lines {
    header_prefix: "x-oss-",
    additional_line: false,
    encoded_resource: false,
};

/// Edits of a V1 string to sign (the server's), and the global transforms.
pub fn v1(s: &[u8], x: &Extra) -> (Vec<Edit>, Vec<Global>) {
    lines(&V1_LINES, s, x)
}

/// Edits of a string to sign of the line model `l` (the server's), and the global
/// transforms.
pub fn lines(l: &Lines, s: &[u8], x: &Extra) -> (Vec<Edit>, Vec<Global>) {
    let mut out = Vec::new();
    let spans = line_spans(s);
    if spans.len() < 5 {
        return (out, vec![Global::Crlf, Global::TrailingLf]);
    }
    // verb
    let (vs, ve) = spans[0];
    let verb = &s[vs..ve];
    let vstr = String::from_utf8_lossy(verb).into_owned();
    for cand in [
        vstr.to_ascii_lowercase(),
        title_case(&vstr.to_ascii_lowercase()),
    ] {
        out.push(e(vs, ve, cand.clone(), "verb", format!("signed the method as '{cand}' instead of '{vstr}' (OSS signs the method in upper case, as sent)")));
    }
    for w in VERBS {
        out.push(e(
            vs,
            ve,
            *w,
            "verb",
            format!("signed the method {w}, but the request was sent as {vstr}"),
        ));
    }
    // content-md5
    let (ms, me) = spans[1];
    if me > ms {
        out.push(e(ms, me, "", "content-md5", format!("left Content-MD5 out of the string (an empty line) although the request sends 'Content-MD5: {}'", v(&s[ms..me]))));
    }
    // content-type
    let (cs, ce) = spans[2];
    let ct = &s[cs..ce];
    let ctstr = String::from_utf8_lossy(ct).into_owned();
    if !ct.is_empty() {
        out.push(e(cs, ce, "", "content-type", format!("signed an empty Content-Type line, but the request was sent with 'Content-Type: {ctstr}' (a library or browser added it, or the signer skipped it)")));
        for suf in ["; charset=utf-8", "; charset=UTF-8", ";charset=utf-8"] {
            let c = format!("{ctstr}{suf}");
            out.push(e(
                cs,
                ce,
                c.clone(),
                "content-type",
                format!("signed Content-Type '{c}', but the request was sent with '{ctstr}'"),
            ));
        }
        if let Some(p) = ctstr.find(';') {
            let c = ctstr[..p].trim_end().to_string();
            out.push(e(cs, ce, c.clone(), "content-type", format!("signed Content-Type '{c}', without the parameters the request sent ('{ctstr}')")));
        }
        for c in [
            ctstr.to_ascii_lowercase(),
            ctstr.to_ascii_uppercase(),
            word_case(&ctstr),
        ] {
            out.push(e(
                cs,
                ce,
                c.clone(),
                "content-type",
                format!("signed Content-Type '{c}' (case changed), the request sent '{ctstr}'"),
            ));
        }
    }
    for m in MIME {
        let what = if ct.is_empty() {
            format!("signed 'Content-Type: {m}', but the request was sent without a Content-Type")
        } else {
            format!("signed Content-Type '{m}', but the request was sent with '{ctstr}'")
        };
        out.push(e(cs, ce, *m, "content-type", what));
    }
    for (k, val) in &x.headers {
        if k.eq_ignore_ascii_case("content-type") && val.as_bytes() != ct {
            out.push(e(cs, ce, val.clone(), "content-type", format!("signed Content-Type '{val}' (the captured request's), but OSS received '{ctstr}'")));
        }
    }
    // date / expires
    let (ds, de) = spans[3];
    let dline = String::from_utf8_lossy(&s[ds..de]).into_owned();
    let is_expires = !dline.is_empty() && dline.bytes().all(|c| c.is_ascii_digit());
    if is_expires {
        if let Ok(t) = dline.parse::<i64>() {
            let ms = format!("{}", t.saturating_mul(1000));
            out.push(e(
                ds,
                de,
                ms.clone(),
                "expires",
                format!("signed Expires in milliseconds ({ms}) instead of Unix seconds ({dline})"),
            ));
            for dt in (-900..=900i64).filter(|d| *d != 0) {
                let c = (t + dt).to_string();
                out.push(e(ds, de, c.clone(), "expires", format!("signed Expires {c}, not the {dline} the URL carries ({dt:+} s): the time was computed twice")));
            }
            for &dur in TIMEOUTS {
                for c in [t + dur, t - dur] {
                    if (-900..=900).contains(&dur) {
                        continue;
                    }
                    out.push(e(ds, de, c.to_string(), "expires", format!("signed Expires {c} ({:+} s), not the {dline} the URL carries: the timeout was added twice, or Expires came from another base", c - t)));
                }
            }
            for h in hour_offsets() {
                let c = t + h * 3600;
                if h.abs() > 1 {
                    out.push(e(ds, de, c.to_string(), "expires", format!("signed Expires {c} ({h:+} h), not {dline}: a local time taken for UTC on one side")));
                }
            }
            for &dur in TIMEOUTS {
                out.push(e(ds, de, dur.to_string(), "expires", format!("signed the validity period ({dur} s) instead of the absolute Expires time {dline}")));
            }
            let d = rfc1123(t);
            out.push(e(
                ds,
                de,
                d.clone(),
                "expires",
                format!(
                    "signed a Date ('{d}') where a presigned URL needs the Expires value {dline}"
                ),
            ));
        }
    } else if let Some(t) = parse_time(&dline) {
        // the date in another format
        for (form, label) in date_forms(t) {
            if form != dline {
                let what = format!(
                    "signed the date as '{form}' ({label}), not the '{dline}' the request sent"
                );
                out.push(e(ds, de, form, "date", what));
            }
        }
        // a local clock sent as GMT
        for h in hour_offsets() {
            let form = rfc1123(t + h * 3600);
            out.push(e(ds, de, form.clone(), "date", format!("signed the date '{form}' ({h:+} h): a local time (UTC{h:+}) written as GMT on one side")));
        }
        // the clock read twice
        for dt in (-900..=900i64).filter(|d| *d != 0) {
            let form = rfc1123(t + dt);
            let what = format!("signed the date '{form}' (RFC 1123{}), not the '{dline}' OSS used: the date was read twice, or the Date and x-oss-date headers differ", shift_words(dt));
            // a second or two is the common case (the clock read twice); minutes are rare
            let mut x = e(ds, de, form, "date", what);
            x.weight = if dt.abs() <= 5 {
                6
            } else if dt.abs() <= 60 {
                3
            } else {
                1
            };
            out.push(x);
        }
    }
    // x-oss-* header lines
    let mut hdr: Vec<(usize, usize)> = Vec::new();
    let mut res_line = 4;
    if l.additional_line {
        // headers, the additional-headers line, the resource (the last line)
        res_line = spans.len() - 1;
        hdr.extend(
            spans[4..spans.len().saturating_sub(2).max(4)]
                .iter()
                .copied(),
        );
        if spans.len() >= 6 {
            additional_edits(s, spans[spans.len() - 2], &mut out);
        }
    } else {
        for (i, &(a, b)) in spans.iter().enumerate().skip(4) {
            let line = &s[a..b];
            if line.first() == Some(&b'/') || !line.contains(&b':') || i == spans.len() - 1 {
                res_line = i;
                break;
            }
            hdr.push((a, b));
        }
    }
    for (hi, &(a, b)) in hdr.iter().enumerate() {
        let line = &s[a..b];
        let colon = a + line.iter().position(|&c| c == b':').unwrap_or(0);
        let name = String::from_utf8_lossy(&s[a..colon]).into_owned();
        let val = String::from_utf8_lossy(&s[colon + 1..b]).into_owned();
        let field = format!("header:{}", name.to_ascii_lowercase());
        out.push(e(a, b + 1, "", &field, format!("did not sign the header '{name}:{val}' that the request sends (OSS signs every x-oss-* header)")));
        let mut names = vec![title_case(&name), name.to_ascii_uppercase()];
        for (k, _) in &x.headers {
            if k.eq_ignore_ascii_case(&name) {
                names.push(k.clone());
            }
        }
        for n in names {
            if n != name {
                out.push(e(
                    a,
                    colon,
                    n.clone(),
                    &field,
                    format!("signed the header name as '{n}', not lower-cased ('{name}')"),
                ));
            }
        }
        for (sep, words) in [
            (": ", "a space after the ':'"),
            (" : ", "spaces around the ':'"),
            (" :", "a space before the ':'"),
        ] {
            out.push(e(colon, colon + 1, sep, &field, format!("wrote the header line '{name}' with {words} (OSS joins name:value with no spaces)")));
        }
        for (ws, words) in [
            (" ", "a trailing space"),
            ("  ", "two trailing spaces"),
            ("\t", "a trailing tab"),
            ("\r", "a trailing \\r"),
        ] {
            out.push(e(
                b,
                b,
                ws,
                &field,
                format!("signed the value of '{name}' untrimmed, with {words} (OSS trims it)"),
            ));
        }
        for (ws, words) in [(" ", "a leading space"), ("\t", "a leading tab")] {
            out.push(e(
                colon + 1,
                colon + 1,
                ws,
                &field,
                format!("signed the value of '{name}' untrimmed, with {words} (OSS trims it)"),
            ));
        }
        for (k, raw) in &x.headers {
            if k.eq_ignore_ascii_case(&name) && raw.as_str() != val {
                out.push(e(
                    colon + 1,
                    b,
                    raw.clone(),
                    &field,
                    format!(
                        "signed the value of '{name}' as '{}' (as captured), not '{val}'",
                        v(raw.as_bytes())
                    ),
                ));
            }
        }
        if let Some(&(a2, b2)) = hdr.get(hi + 1) {
            let mut r = s[a2..b2].to_vec();
            r.push(b'\n');
            r.extend_from_slice(&s[a..b]);
            let n2 = String::from_utf8_lossy(
                &s[a2..a2 + s[a2..b2].iter().position(|&c| c == b':').unwrap_or(0)],
            )
            .into_owned();
            out.push(e(
                a,
                b2,
                r,
                &field,
                format!("did not sort the x-oss-* headers: '{n2}' came before '{name}'"),
            ));
        }
    }
    // Subsets: every x-oss-* header left out.
    if let (Some(&(a, _)), Some(&(_, b))) = (hdr.first(), hdr.last()) {
        if hdr.len() >= 2 {
            let n0 = String::from_utf8_lossy(
                &s[a..a + s[a..b].iter().position(|&c| c == b':').unwrap_or(0)],
            )
            .to_ascii_lowercase();
            out.push(e(
                a,
                b + 1,
                "",
                &format!("header:{n0}"),
                format!(
                    "signed none of the {} x-oss-* headers the request sends",
                    hdr.len()
                ),
            ));
        }
    }
    for &(a, b) in &hdr {
        let line = &s[a..b];
        let colon = a + line.iter().position(|&c| c == b':').unwrap_or(0);
        let name = String::from_utf8_lossy(&s[a..colon]).to_ascii_lowercase();
        let val = &s[colon + 1..b];
        if let Some(sp) = val.iter().position(|&c| c == b' ') {
            let p = colon + 1 + sp;
            out.push(e(
                p,
                p,
                " ",
                &format!("header:{name}"),
                format!("doubled a space inside the value of '{name}'"),
            ));
        }
        if let Some(l) = latin1(val) {
            out.push(e(
                colon + 1,
                b,
                l,
                &format!("header:{name}"),
                format!("signed the value of '{name}' as Latin-1 bytes; OSS signs its UTF-8 bytes"),
            ));
        }
    }
    // A header the request sent that OSS did not see (or the client added).
    let hstart = spans[res_line].0;
    let mut known: Vec<(String, String)> = x.headers.clone();
    known.extend(INJECTED.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    for (k, val) in &known {
        let lk = k.to_ascii_lowercase();
        let lk = injected_name(&lk, l.header_prefix);
        if lk.starts_with(l.header_prefix)
            && !hdr.iter().any(|&(a, b)| {
                s[a..b]
                    .to_ascii_lowercase()
                    .starts_with(format!("{lk}:").as_bytes())
            })
        {
            let line = format!("{lk}:{}", val.trim());
            let pos = hdr
                .iter()
                .find(|&&(a, b)| s[a..b].to_ascii_lowercase() > line.as_bytes().to_vec())
                .map(|&(a, _)| a)
                .unwrap_or(hstart);
            out.push(e(
                pos,
                pos,
                format!("{line}\n"),
                &format!("header:{lk}"),
                format!("signed the header '{line}', which OSS did not receive"),
            ));
        }
    }
    // resource
    let rs = spans[res_line].0;
    let res = &s[rs..];
    if l.encoded_resource {
        encoded_resource_edits(rs, res, &mut out);
    } else {
        resource_edits(s, rs, res, x, &mut out);
    }
    (out, vec![Global::Crlf, Global::TrailingLf])
}

/// The additional-headers line (OSS2): left out, emptied, unsorted, upper case.
fn additional_edits(s: &[u8], (a, b): (usize, usize), out: &mut Vec<Edit>) {
    let line = &s[a..b];
    let f = "additional-headers";
    out.push(e(
        a,
        b + 1,
        "",
        f,
        "left out the additional-headers line".into(),
    ));
    if !line.is_empty() {
        out.push(e(
            a,
            b,
            "",
            f,
            format!(
                "left the additional-headers line empty; the server has '{}'",
                v(line)
            ),
        ));
        let mut names: Vec<&[u8]> = line.split(|&c| c == b';').collect();
        if names.len() >= 2 {
            names.reverse();
            out.push(e(
                a,
                b,
                names.join(&b';'),
                f,
                "did not sort the additional headers".into(),
            ));
        }
        let t = String::from_utf8_lossy(line);
        out.push(e(
            a,
            b,
            title_case(&t),
            f,
            "listed the additional headers not lower-cased".into(),
        ));
    }
}

/// The resource of OSS2: `/bucket/key` percent-encoded whole, then `?` and every query
/// parameter encoded (name and value).
fn encoded_resource_edits(rs: usize, res: &[u8], out: &mut Vec<Edit>) {
    let q = res.iter().position(|&c| c == b'?').unwrap_or(res.len());
    let path = &res[..q];
    let raw = pct_decode(path);
    let f = "resource";
    out.push(e(
        rs,
        rs + q,
        raw.clone(),
        f,
        format!(
            "signed the resource unencoded ('{}'); OSS2 encodes it whole",
            v(&raw)
        ),
    ));
    for (c, words) in encodings(&raw) {
        out.push(e(
            rs,
            rs + q,
            c.clone(),
            f,
            format!(
                "signed the resource {words} ('{}'); OSS2 encodes it with RFC 3986, '/' included",
                v(&c)
            ),
        ));
    }
    if let Some(l) = latin1(&raw) {
        let c = enc_with(&l, &ENCODERS[0], false);
        out.push(e(
            rs,
            rs + q,
            c,
            f,
            "signed the key's Latin-1 bytes; OSS2 encodes its UTF-8 bytes".into(),
        ));
    }
    // without the bucket: /key
    if let Some(p) = raw[1.min(raw.len())..].iter().position(|&c| c == b'/') {
        let c = enc_with(&raw[p + 1..], &ENCODERS[0], false);
        out.push(e(
            rs,
            rs + q,
            c,
            f,
            "left the bucket out of the resource".into(),
        ));
    }
    if q >= res.len() {
        return;
    }
    let qs = rs + q;
    out.push(e(
        qs,
        rs + res.len(),
        "",
        f,
        "signed the resource without its query parameters (OSS2 signs every one)".into(),
    ));
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut at = q + 1;
    for p in res[q + 1..].split(|&c| c == b'&') {
        parts.push((rs + at, rs + at + p.len()));
        at += p.len() + 1;
    }
    for (i, &(a, b)) in parts.iter().enumerate() {
        let (da, db) = if parts.len() == 1 {
            (qs, b)
        } else if i == 0 {
            (a, b + 1)
        } else {
            (a - 1, b)
        };
        let item = &res[a - rs..b - rs];
        let name = item.split(|&c| c == b'=').next().unwrap_or_default();
        out.push(e(
            da,
            db,
            "",
            f,
            format!("did not sign the query parameter '{}'", v(name)),
        ));
        if let Some(eq) = item.iter().position(|&c| c == b'=') {
            let val = pct_decode(&item[eq + 1..]);
            if item[eq + 1..].is_empty() {
                out.push(e(a + eq, b, "", f, format!("signed '{}' bare", v(name))));
            }
            out.push(e(
                a + eq + 1,
                b,
                val.clone(),
                f,
                format!("signed the value of '{}' unencoded", v(name)),
            ));
            for (c, words) in encodings(&val) {
                out.push(e(
                    a + eq + 1,
                    b,
                    c.clone(),
                    f,
                    format!("signed the value of '{}' {words}", v(name)),
                ));
            }
        } else {
            out.push(e(
                b,
                b,
                "=",
                f,
                format!("signed '{}=' with an '='", v(name)),
            ));
        }
    }
    if parts.len() >= 2 {
        let mut rev: Vec<&[u8]> = parts.iter().map(|&(a, b)| &res[a - rs..b - rs]).collect();
        rev.reverse();
        out.push(e(
            qs + 1,
            rs + res.len(),
            rev.join(&b'&'),
            f,
            "did not sort the query parameters".into(),
        ));
    }
}

fn resource_edits(_s: &[u8], rs: usize, res: &[u8], x: &Extra, out: &mut Vec<Edit>) {
    let q = res.iter().position(|&c| c == b'?').unwrap_or(res.len());
    let path = &res[..q];
    if path.first() != Some(&b'/') {
        return;
    }
    // /bucket/key
    let bend = path[1..]
        .iter()
        .position(|&c| c == b'/')
        .map(|p| p + 1)
        .unwrap_or(path.len());
    let bucket = &path[1..bend];
    let key_start = (bend + 1).min(path.len());
    let key = &path[key_start..];
    let bstr = String::from_utf8_lossy(bucket).into_owned();
    let kstr = v(key);
    if !bucket.is_empty() {
        out.push(e(
            rs + 1,
            rs + bend + 1.min(path.len() - bend),
            "",
            "resource",
            format!(
                "left the bucket out of the resource: signed '/{kstr}' instead of '/{bstr}/{kstr}'"
            ),
        ));
        let mut dbl = bucket.to_vec();
        dbl.push(b'/');
        out.push(e(rs + 1, rs + 1, dbl, "resource", format!("put the bucket twice in the resource ('/{bstr}/{bstr}/…'), as with a bucket endpoint plus the bucket in the path")));
        if bend == path.len() {
            out.push(e(
                rs + bend,
                rs + bend,
                "/",
                "resource",
                format!("signed '/{bstr}/' with a trailing slash"),
            ));
        }
    }
    if !key.is_empty() {
        let ks = rs + key_start;
        let ke = rs + path.len();
        for (c, words) in encodings(key) {
            out.push(e(
                ks,
                ke,
                c.clone(),
                "resource",
                format!(
                    "signed the object key {words}: '{}' — OSS signs the decoded key '{kstr}'",
                    v(&c)
                ),
            ));
        }
        if let Some(l) = latin1(key) {
            out.push(e(
                ks,
                ke,
                l,
                "resource",
                format!(
                    "signed the object key '{kstr}' as Latin-1 bytes; OSS signs its UTF-8 bytes"
                ),
            ));
        }
        let dec = pct_decode(key);
        if dec != key {
            out.push(e(
                ks,
                ke,
                dec.clone(),
                "resource",
                format!(
                    "signed the key decoded ('{}'), but OSS's key is '{kstr}'",
                    v(&dec)
                ),
            ));
        }
        out.push(e(
            ks,
            ks,
            "/",
            "resource",
            format!("signed the key with a leading '/' ('/{bstr}//{kstr}')"),
        ));
    }
    // sub-resources
    let qs = rs + q;
    let mut subs: Vec<(usize, usize, String)> = Vec::new();
    if q < res.len() {
        let mut at = q + 1;
        for part in res[q + 1..].split(|&c| c == b'&') {
            let name = part.split(|&c| c == b'=').next().unwrap_or_default();
            subs.push((
                rs + at,
                rs + at + part.len(),
                String::from_utf8_lossy(name).into_owned(),
            ));
            at += part.len() + 1;
        }
    }
    for (i, (a, b, name)) in subs.iter().enumerate() {
        // drop this one (with its separator)
        let (da, db) = if subs.len() == 1 {
            (qs, *b)
        } else if i == 0 {
            (*a, b + 1)
        } else {
            (a - 1, *b)
        };
        out.push(e(da, db, "", "resource", format!("did not sign the sub-resource '{name}' (OSS signs it: it is in the server's resource)")));
        let part = &res[a - rs..b - rs];
        if let Some(p) = part.iter().position(|&c| c == b'=') {
            let val = &part[p + 1..];
            for (c, words) in encodings(val) {
                {
                    out.push(e(a + p + 1, *b, c.clone(), "resource", format!("signed the value of '{name}' {words} ('{}'); OSS signs it decoded ('{}')", v(&c), v(val))));
                }
            }
            if val.is_empty() {
                out.push(e(
                    a + p,
                    *b,
                    "",
                    "resource",
                    format!("signed '{name}' bare; OSS signs '{name}='"),
                ));
            }
        } else {
            out.push(e(*b, *b, "=", "resource", format!("signed '{name}=' with an '='; OSS signs a sub-resource without a value as a bare '{name}'")));
        }
    }
    if subs.len() >= 2 {
        out.push(e(
            qs,
            rs + res.len(),
            "",
            "resource",
            format!(
                "signed the resource without its sub-resources ('{}')",
                v(path)
            ),
        ));
        let mut rev: Vec<&[u8]> = subs.iter().map(|(a, b, _)| &res[a - rs..b - rs]).collect();
        rev.reverse();
        out.push(e(
            qs + 1,
            rs + res.len(),
            rev.join(&b'&'),
            "resource",
            "did not sort the sub-resources by name".into(),
        ));
    }
    // extra sub-resources
    let mut extra: Vec<(String, Option<String>)> =
        SUBRES.iter().map(|n| (n.to_string(), None)).collect();
    for (k, val) in &x.query {
        if matches!(k.as_str(), "OSSAccessKeyId" | "Expires" | "Signature") {
            continue;
        }
        let dk = String::from_utf8_lossy(&pct_decode(k.as_bytes())).into_owned();
        let dv = val
            .as_ref()
            .map(|v| String::from_utf8_lossy(&crate::request::query_decode(v)).into_owned());
        extra.push((dk, dv.clone()));
        if let Some(rv) = val {
            if Some(rv) != dv.as_ref() {
                extra.push((k.clone(), Some(rv.clone())));
            }
        }
    }
    for (name, val) in extra {
        if subs.iter().any(|(_, _, n)| *n == name) {
            continue;
        }
        let item = match &val {
            Some(v) if !v.is_empty() => format!("{name}={v}"),
            _ => name.clone(),
        };
        // insert in sorted position
        let pos = subs.iter().find(|(_, _, n)| n.as_str() > name.as_str());
        let (at, repl) = match (pos, subs.is_empty()) {
            (_, true) => (rs + res.len(), format!("?{item}")),
            (Some((a, _, _)), false) => (*a, format!("{item}&")),
            (None, false) => (rs + res.len(), format!("&{item}")),
        };
        out.push(e(at, at, repl, "resource", format!("signed the sub-resource '{}', which OSS does not treat as signed (or which was not sent)", v(item.as_bytes()))));
    }
}

// ---------------------------------------------------------------- V4

/// The lines of a canonical request: verb, uri, query, headers, additional, payload.
pub struct Cr {
    pub spans: Vec<(usize, usize)>,
    /// Index range of the header lines.
    pub headers: std::ops::Range<usize>,
    pub additional: usize,
    pub payload: usize,
}

pub fn cr_layout(s: &[u8]) -> Option<Cr> {
    let spans = line_spans(s);
    if spans.len() < 6 {
        return None;
    }
    let mut i = 3;
    while i < spans.len() && spans[i].1 > spans[i].0 {
        i += 1;
    }
    if i + 2 >= spans.len() {
        return None;
    }
    Some(Cr {
        spans: spans.clone(),
        headers: 3..i,
        additional: i + 1,
        payload: i + 2,
    })
}

const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Edits of a V4 canonical request in the dialect `dl` (its header family, date and
/// payload headers, header-list rule). `ts` is the server's timestamp (for the date header).
pub fn v4(
    dl: &crate::sign::v4::Dialect,
    s: &[u8],
    x: &Extra,
    ts: Option<&str>,
) -> (Vec<Edit>, Vec<Global>) {
    let mut out = Vec::new();
    let Some(cr) = cr_layout(s) else {
        return (out, vec![Global::Crlf, Global::TrailingLf]);
    };
    let sp = &cr.spans;
    // verb
    let (vs, ve) = sp[0];
    let vstr = String::from_utf8_lossy(&s[vs..ve]).into_owned();
    out.push(e(
        vs,
        ve,
        vstr.to_ascii_lowercase(),
        "verb",
        format!(
            "signed the method in lower case ('{}')",
            vstr.to_ascii_lowercase()
        ),
    ));
    let tc = title_case(&vstr.to_ascii_lowercase());
    out.push(e(
        vs,
        ve,
        tc.clone(),
        "verb",
        format!("signed the method as '{tc}'; V4 signs it upper case"),
    ));
    for w in VERBS {
        out.push(e(
            vs,
            ve,
            *w,
            "verb",
            format!("signed the method {w}, but OSS received {vstr}"),
        ));
    }
    // uri
    let (us, ue) = sp[1];
    let uri = &s[us..ue];
    let dec = pct_decode(uri);
    let ustr = v(uri);
    if dec != uri {
        out.push(e(
            us,
            ue,
            dec.clone(),
            "uri",
            format!(
                "signed the path without encoding it ('{}'); OSS signs it URI-encoded ('{ustr}')",
                v(&dec)
            ),
        ));
        let lower: Vec<u8> = {
            let mut o = uri.to_vec();
            let mut i = 0;
            while i < o.len() {
                if o[i] == b'%' && i + 2 < o.len() {
                    o[i + 1] = o[i + 1].to_ascii_lowercase();
                    o[i + 2] = o[i + 2].to_ascii_lowercase();
                    i += 3;
                } else {
                    i += 1;
                }
            }
            o
        };
        out.push(e(
            us,
            ue,
            lower,
            "uri",
            "encoded the path with lower-case hex (OSS uses upper case)".into(),
        ));
        let plus = enc(&dec, b"/", false, true);
        out.push(e(
            us,
            ue,
            plus.clone(),
            "uri",
            format!("form-encoded the path ('{}', '+' for spaces)", v(&plus)),
        ));
    }
    // the key as the encoders write it (the bucket part kept)
    if let Some(p) = dec.get(1..).and_then(|d| d.iter().position(|&c| c == b'/')) {
        let (pre, key) = dec.split_at(p + 2);
        for (c, words) in encodings(key) {
            let mut u = pre.to_vec();
            u.extend_from_slice(&c);
            out.push(e(us, ue, u.clone(), "uri", format!("signed the path with the key {words} ('{}'); OSS signs it RFC 3986-encoded once, '/' kept ('{ustr}')", v(&u))));
        }
        if let Some(l) = latin1(key) {
            let mut u = pre.to_vec();
            u.extend_from_slice(&enc(&l, b"/", false, false));
            out.push(e(
                us,
                ue,
                u,
                "uri",
                "encoded the key's Latin-1 bytes, not its UTF-8 bytes".into(),
            ));
        }
    }
    // a proxy that turned %20 into '+' (OSS reads '+' in a path as a plus sign)
    if uri.windows(3).any(|w| w == b"%20") {
        let p: Vec<u8> = String::from_utf8_lossy(uri)
            .replace("%20", "%2B")
            .into_bytes();
        out.push(e(us, ue, p.clone(), "uri", format!("the path's %20 became '+' on the way (a proxy or library form-encoded it), so OSS read a '+' ('{}')", v(&p))));
    }
    let dbl = enc(uri, b"/", false, false);
    if dbl != uri {
        out.push(e(
            us,
            ue,
            dbl.clone(),
            "uri",
            format!("encoded the path twice ('{}')", v(&dbl)),
        ));
    }
    if uri.len() > 1 {
        let mut sl = b"/".to_vec();
        sl.extend_from_slice(&enc(&dec[1..], b"", false, false));
        out.push(e(
            us,
            ue,
            sl.clone(),
            "uri",
            format!("encoded the '/' of the path as %2F ('{}')", v(&sl)),
        ));
        // bucket missing / doubled
        if let Some(p) = uri[1..].iter().position(|&c| c == b'/') {
            let bucket = &uri[1..p + 1];
            out.push(e(
                us + 1,
                us + p + 2,
                "",
                "uri",
                format!(
                    "left the bucket out of the canonical URI ('/{}')",
                    v(&uri[p + 2..])
                ),
            ));
            let mut d = bucket.to_vec();
            d.push(b'/');
            out.push(e(
                us + 1,
                us + 1,
                d,
                "uri",
                "put the bucket twice in the canonical URI".into(),
            ));
        }
    }
    // query
    let (qs, qe) = sp[2];
    let query = &s[qs..qe];
    let parts: Vec<&[u8]> = if query.is_empty() {
        vec![]
    } else {
        query.split(|&c| c == b'&').collect()
    };
    let mut at = qs;
    let mut spans_q = Vec::new();
    for p in &parts {
        spans_q.push((at, at + p.len()));
        at += p.len() + 1;
    }
    for (i, &(a, b)) in spans_q.iter().enumerate() {
        let p = &s[a..b];
        let name = String::from_utf8_lossy(p.split(|&c| c == b'=').next().unwrap_or_default())
            .into_owned();
        let field = format!("query:{name}");
        let (da, db) = if spans_q.len() == 1 {
            (a, b)
        } else if i == 0 {
            (a, b + 1)
        } else {
            (a - 1, b)
        };
        out.push(e(
            da,
            db,
            "",
            &field,
            format!("did not sign the query parameter '{name}' (V4 signs every parameter)"),
        ));
        let d = pct_decode(p);
        if d != p {
            out.push(e(
                a,
                b,
                d.clone(),
                &field,
                format!(
                    "signed the query parameter raw ('{}'), not URI-encoded ('{}')",
                    v(&d),
                    v(p)
                ),
            ));
            let plus: Vec<u8> = String::from_utf8_lossy(p).replace("%20", "+").into_bytes();
            if plus != p {
                out.push(e(
                    a,
                    b,
                    plus.clone(),
                    &field,
                    format!(
                        "signed '{}' with '+' for spaces; V4 encodes a space as %20",
                        v(&plus)
                    ),
                ));
            }
            let slash: Vec<u8> = String::from_utf8_lossy(p).replace("%2F", "/").into_bytes();
            if slash != p {
                out.push(e(
                    a,
                    b,
                    slash.clone(),
                    &field,
                    format!("left '/' unencoded in '{}'", v(&slash)),
                ));
            }
        }
        if let Some(eq) = p.iter().position(|&c| c == b'=') {
            let raw = pct_decode(&p[eq + 1..]);
            for (c, words) in encodings(&raw) {
                out.push(e(a + eq + 1, b, c.clone(), &field, format!("signed the value of '{name}' {words} ('{}'); V4 signs it RFC 3986-encoded once", v(&c))));
            }
        }
        // JavaScript turning a missing value into the text 'null' / 'undefined'.
        if let Some(eq) = p.iter().position(|&c| c == b'=') {
            for lost in ["null", "undefined"] {
                if &p[eq + 1..] != lost.as_bytes() {
                    out.push(e(
                        a + eq + 1,
                        b,
                        lost,
                        &field,
                        format!("the value of '{name}' is '{lost}' on one side: a JavaScript null/undefined was turned into text"),
                    ));
                }
            }
        }
        if !p.contains(&b'=') {
            out.push(e(b, b, "=", &field, format!("signed '{name}=' with an '='; V4 signs a parameter without a value as a bare '{name}'")));
        } else if p.ends_with(b"=") {
            out.push(e(
                b - 1,
                b,
                "",
                &field,
                format!("signed '{name}' bare, OSS signs '{name}='"),
            ));
        }
    }
    if parts.len() >= 2 {
        let mut rev = parts.clone();
        rev.reverse();
        out.push(e(
            qs,
            qe,
            rev.join(&b'&'),
            "query",
            "did not sort the query parameters".into(),
        ));
    }
    if !x.query.is_empty() {
        let raw: Vec<String> = x
            .query
            .iter()
            .filter(|(k, _)| !k.eq_ignore_ascii_case(dl.q_signature))
            .map(|(k, v)| match v {
                Some(v) if !v.is_empty() => format!("{k}={v}"),
                _ => k.clone(),
            })
            .collect();
        let r = raw.join("&");
        if r.as_bytes() != query {
            out.push(e(
                qs,
                qe,
                r.clone(),
                "query",
                format!(
                    "signed the query as sent ('{}'), not sorted and re-encoded",
                    v(r.as_bytes())
                ),
            ));
        }
    }
    // header lines
    let hl: Vec<(usize, usize)> = cr.headers.clone().map(|i| sp[i]).collect();
    let (als, ale) = sp[cr.additional];
    let additional = String::from_utf8_lossy(&s[als..ale]).into_owned();
    for (hi, &(a, b)) in hl.iter().enumerate() {
        let line = &s[a..b];
        let colon = a + line.iter().position(|&c| c == b':').unwrap_or(0);
        let name = String::from_utf8_lossy(&s[a..colon]).into_owned();
        let val = String::from_utf8_lossy(&s[colon + 1..b]).into_owned();
        let field = format!("header:{name}");
        if additional.split(';').any(|h| h == name) {
            // drop the line and the name from additional-headers: one edit spanning both
            let rest: Vec<&str> = additional.split(';').filter(|h| *h != name).collect();
            let mut r = s[b + 1..als].to_vec();
            r.extend_from_slice(rest.join(";").as_bytes());
            out.push(e(a, ale, r, &field, format!("did not sign the header '{name}' (it is in the additional headers OSS received)")));
            out.push(e(a, b + 1, "", &field, format!("did not sign the header line '{name}:{val}', though it lists '{name}' in the additional headers")));
        } else {
            out.push(e(
                a,
                b + 1,
                "",
                &field,
                format!("did not sign the header '{name}:{val}' that OSS received"),
            ));
        }
        out.push(e(
            a,
            colon,
            title_case(&name),
            &field,
            format!(
                "signed the header name '{}' not lower-cased",
                title_case(&name)
            ),
        ));
        for (ws, words) in [(" ", "a trailing space"), ("\t", "a trailing tab")] {
            out.push(e(
                b,
                b,
                ws,
                &field,
                format!("signed the value of '{name}' untrimmed, with {words}"),
            ));
        }
        out.push(e(
            colon + 1,
            colon + 1,
            " ",
            &field,
            format!("signed the value of '{name}' with a leading space"),
        ));
        if name == "content-type" {
            for c in [
                val.to_ascii_lowercase(),
                val.to_ascii_uppercase(),
                word_case(&val),
            ] {
                out.push(e(
                    colon + 1,
                    b,
                    c.clone(),
                    &field,
                    format!("signed Content-Type '{c}' (case changed), OSS received '{val}'"),
                ));
            }
            for m in MIME {
                out.push(e(
                    colon + 1,
                    b,
                    *m,
                    &field,
                    format!("signed Content-Type '{m}', but OSS received '{val}'"),
                ));
            }
            for suf in [
                "; charset=utf-8",
                "; charset=UTF-8",
                ";charset=utf-8",
                ";charset=UTF-8",
            ] {
                out.push(e(
                    b,
                    b,
                    suf,
                    &field,
                    format!("signed Content-Type '{val}{suf}', but OSS received '{val}'"),
                ));
            }
        }
        if name == dl.date_header {
            if let Some(t) = ts.filter(|t| *t != val) {
                out.push(e(
                    colon + 1,
                    b,
                    t,
                    &field,
                    format!("{name} is '{t}' where the server received '{val}'"),
                ));
            }
        }
        if name == dl.payload_header {
            for alt in [
                super::edits::EMPTY_SHA256,
                "UNSIGNED-PAYLOAD",
                "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            ] {
                out.push(e(
                    colon + 1,
                    b,
                    alt,
                    &field,
                    format!("signed {name} '{alt}', the server received '{val}'"),
                ));
            }
        }
        if let Some(&(a2, b2)) = hl.get(hi + 1) {
            let mut r = s[a2..b2].to_vec();
            r.push(b'\n');
            r.extend_from_slice(&s[a..b]);
            out.push(e(
                a,
                b2,
                r,
                &field,
                "did not sort the canonical headers by name".into(),
            ));
        }
    }
    // headers to add: content-type (if absent), host, the captured request's others
    let hend = sp[cr.headers.end].0;
    let insert_at = |line: &str| -> usize {
        hl.iter()
            .find(|&&(a, b)| s[a..b] > *line.as_bytes())
            .map(|&(a, _)| a)
            .unwrap_or(hend)
    };
    let has = |n: &str| {
        hl.iter()
            .any(|&(a, b)| s[a..b].starts_with(format!("{n}:").as_bytes()))
    };
    if !has("content-type") {
        for m in MIME {
            let line = format!("content-type:{m}");
            let p = insert_at(&line);
            out.push(e(
                p,
                p,
                format!("{line}\n"),
                "header:content-type",
                format!("signed 'Content-Type: {m}', which OSS did not receive"),
            ));
        }
    }
    let mut add: Vec<(String, String)> = Vec::new();
    for (k, val) in &x.headers {
        let lk = k.to_ascii_lowercase();
        if !has(&lk) && lk != "authorization" {
            add.push((lk, val.trim().to_string()));
        }
    }
    for (k, val) in INJECTED {
        let k = injected_name(k, dl.header_prefix);
        if !has(&k) {
            add.push((k, val.to_string()));
        }
    }
    if !has("host") {
        if let Some(h) = &x.host {
            add.push(("host".into(), h.clone()));
        }
    }
    add.sort();
    add.dedup_by(|a, b| a.0 == b.0);
    for (lk, val) in add {
        let line = format!("{lk}:{val}");
        let p = insert_at(&line);
        let signed_by_default = !dl.explicit_list
            && (lk.starts_with(dl.header_prefix) || lk == "content-type" || lk == "content-md5");
        if signed_by_default {
            out.push(e(
                p,
                p,
                format!("{line}\n"),
                &format!("header:{lk}"),
                format!("signed the header '{line}', which OSS did not receive"),
            ));
        } else {
            // also named in additional-headers: one edit from the insertion to the end of that line
            let mut names: Vec<&str> = additional.split(';').filter(|h| !h.is_empty()).collect();
            names.push(&lk);
            names.sort();
            let mut r = format!("{line}\n").into_bytes();
            r.extend_from_slice(&s[p..als]);
            r.extend_from_slice(names.join(";").as_bytes());
            out.push(e(
                p,
                ale,
                r,
                &format!("header:{lk}"),
                format!("signed '{lk}' as an additional header ('{line}')"),
            ));
        }
    }
    // additional-headers line alone
    if !additional.is_empty() {
        out.push(e(
            als,
            ale,
            "",
            "additional-headers",
            format!("left the additional-headers line empty; OSS has '{additional}'"),
        ));
    }
    // payload
    let (ps, pe) = sp[cr.payload];
    let pay = String::from_utf8_lossy(&s[ps..pe]).into_owned();
    for alt in [
        EMPTY_SHA256,
        "UNSIGNED-PAYLOAD",
        "",
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    ] {
        if alt != pay {
            out.push(e(
                ps,
                pe,
                alt,
                "payload-hash",
                format!("signed the payload hash '{alt}', OSS used '{pay}'"),
            ));
        }
    }
    // structure: the blank line after the headers missing, or doubled
    let (bs, _) = sp[cr.headers.end];
    if bs > 0 {
        out.push(e(
            bs - 1,
            bs,
            "",
            "additional-headers",
            "left out the empty line that ends the canonical headers".into(),
        ));
        out.push(e(
            bs,
            bs,
            "\n",
            "additional-headers",
            "put an extra empty line after the canonical headers".into(),
        ));
    }
    (out, vec![Global::Crlf, Global::TrailingLf])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_edits_are_in_range_and_named() {
        let s = b"PUT\n\ntext/plain\nTue, 23 May 2023 15:24:55 GMT\nx-oss-meta-a:1\n/b/k k?acl&uploadId=1";
        let (ed, _) = v1(s, &Extra::default());
        assert!(ed.len() > 1000);
        for x in &ed {
            assert!(x.start <= x.end && x.end <= s.len(), "{x:?}");
        }
        assert!(ed.iter().any(|x| x.field == "header:x-oss-meta-a"));
        assert!(ed.iter().any(|x| x.field == "resource"));
        // odd inputs give no panic
        for bad in [
            &b""[..],
            b"\n\n\n\n",
            b"GET\n\n\n\n/",
            b"a\nb\nc\nd\n:\n?&=\n",
        ] {
            let _ = v1(bad, &Extra::default());
            let _ = v4(&crate::sign::v4::OSS4, bad, &Extra::default(), None);
        }
    }

    fn has(list: &[(Vec<u8>, String)], want: &str) -> bool {
        list.iter().any(|(c, _)| c == want.as_bytes())
    }

    #[test]
    fn encoders_write_what_the_libraries_write() {
        // Known answers: JS encodeURIComponent('a b/c*(~') = 'a%20b%2Fc*(~';
        // encodeURI('x?y&z w/v') = 'x?y&z%20w/v'; Java URLEncoder.encode("a b~*") = "a+b%7E*";
        // Go url.PathEscape("a b/c:@") = "a%20b%2Fc:@"; url.QueryEscape("a b/c") = "a+b%2Fc".
        let e = encodings(b"a b/c*(~");
        assert!(has(&e, "a%20b%2Fc*(~"), "{e:?}");
        assert!(has(&e, "a%20b/c%2A%28~"));
        assert!(has(&e, "a%2520b%252Fc%252A%2528~"));
        assert!(has(&encodings(b"x?y&z w/v"), "x?y&z%20w/v"));
        assert!(has(&encodings(b"a b~*"), "a+b%7E*"));
        assert!(has(&encodings(b"a b/c:@"), "a%20b%2Fc:@"));
        assert!(has(&encodings(b"a b/c"), "a+b%2Fc"));
        assert!(has(&encodings(b"\xc3\xa4"), "%c3%a4"));
        // the input itself is never a candidate
        assert!(!has(&encodings(b"plain"), "plain"));
    }

    #[test]
    fn date_families() {
        // RFC 7231 section 7.1.1.1's example instant in its three formats.
        let t = 784111777; // Sun, 06 Nov 1994 08:49:37 GMT
        let f: Vec<String> = date_forms(t).into_iter().map(|(s, _)| s).collect();
        assert!(f.contains(&"Sun, 06 Nov 1994 08:49:37 GMT".to_string()));
        assert!(f.contains(&"Sunday, 06-Nov-94 08:49:37 GMT".to_string()));
        assert!(f.contains(&"Sun Nov  6 08:49:37 1994".to_string()));
        assert!(f.contains(&"Sun, 6 Nov 1994 08:49:37 GMT".to_string()));
        let h = hour_offsets();
        assert_eq!(&h[..2], &[8, -8]);
        assert!(h.contains(&-12) && h.contains(&14) && !h.contains(&0));
        // a local time (UTC+8) sent as GMT is among the V1 date edits
        let s = b"GET\n\n\nSun, 06 Nov 1994 08:49:37 GMT\n/b/k";
        let (ed, _) = v1(s, &Extra::default());
        assert!(ed
            .iter()
            .any(|x| x.field == "date" && x.repl == b"Sun, 06 Nov 1994 16:49:37 GMT"));
        assert!(ed
            .iter()
            .any(|x| x.field == "date" && x.repl == b"Sun Nov  6 08:49:37 1994"));
    }

    #[test]
    fn text_and_charset_families() {
        assert_eq!(word_case("application/json"), "Application/Json");
        assert_eq!(latin1("ä".as_bytes()), Some(vec![0xE4]));
        assert_eq!(latin1(b"abc"), None);
        assert_eq!(latin1("猫".as_bytes()), None);
    }

    #[test]
    fn v4_edits_are_in_range() {
        let s = b"PUT\n/b/a%20b\nx=1&y\ncontent-type:text/plain\nhost:h\nx-oss-date:20230523T152455Z\n\nhost\nUNSIGNED-PAYLOAD";
        let (ed, _) = v4(
            &crate::sign::v4::OSS4,
            s,
            &Extra::default(),
            Some("20230523T152456Z"),
        );
        for x in &ed {
            assert!(x.start <= x.end && x.end <= s.len(), "{x:?}");
        }
        assert!(ed.iter().any(|x| x.field == "header:host"));
    }
}
