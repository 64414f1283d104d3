//! The default report: one screen, a field table, byte diffs, causes and fixes.

use super::headline;
use crate::bytes::{pieces, visible, Piece};
use crate::diagnose::align::Op;
use crate::diagnose::{Diagnosis, Severity, Status};
use std::fmt::Write as _;

const COL: usize = 38;

/// A value for a table cell: visible, `(empty)` when empty, cut to `n` characters.
fn cell(b: &[u8], n: usize) -> String {
    if b.is_empty() {
        "(empty)".into()
    } else {
        cut(&visible(b), n)
    }
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// ANSI SGR codes, written by hand: colour is the caller's choice (a value), never the
/// terminal library's global state.
const BOLD: &str = "1";
const CYAN: &str = "36";
const BOLD_GREEN: &str = "1;32";
const BOLD_RED: &str = "1;31";
const BOLD_YELLOW: &str = "1;33";

fn paint(s: &str, sgr: &str) -> String {
    format!("\x1b[{sgr}m{s}\x1b[0m")
}

fn paint_visible(b: &[u8], color: bool, f: fn(&str) -> String) -> String {
    pieces(b)
        .into_iter()
        .map(|p| match p {
            Piece::Plain(s) => f(&s),
            Piece::Token(t) if color => paint(&t, CYAN),
            Piece::Token(t) => t,
        })
        .collect()
}

fn status_label(s: Status, color: bool) -> String {
    let (t, c) = match s {
        Status::Match => ("match", BOLD_GREEN),
        Status::Differs => ("DIFFERS", BOLD_RED),
        Status::ServerOnly => ("server-only", BOLD_YELLOW),
        Status::ClientOnly => ("client-only", BOLD_YELLOW),
    };
    let padded = format!("{t:<12}");
    if color {
        paint(&padded, c)
    } else {
        padded
    }
}

pub fn render(ds: &[Diagnosis], color: bool) -> String {
    let mut out = String::new();
    for (i, d) in ds.iter().enumerate() {
        if i > 0 {
            out.push_str("\n────────────────────────────────────────\n\n");
        }
        one(&mut out, d, color);
    }
    out
}

fn one(out: &mut String, d: &Diagnosis, color: bool) {
    let head = headline(d);
    let _ = writeln!(out, "{}", if color { paint(&head, BOLD) } else { head });
    if let Some(e) = &d.error {
        let mut parts = Vec::new();
        if let Some(c) = &e.code {
            parts.push(c.clone());
        }
        if let Some(ec) = &e.ec {
            parts.push(format!("EC {ec}"));
        }
        if let Some(r) = &e.request_id {
            parts.push(format!("RequestId {r}"));
        }
        if let Some(a) = &e.access_key_id {
            parts.push(format!("AccessKeyId {a}"));
        }
        let _ = writeln!(out, "error:   {}", parts.join("  "));
        for n in &e.notes {
            let _ = writeln!(out, "         note: {n}");
        }
    }
    if let Some(from) = d.server_from {
        let what = match from {
            crate::diagnose::ServerFrom::Bytes => "from <StringToSignBytes>",
            crate::diagnose::ServerFrom::Text => "from the <StringToSign> text (no usable bytes)",
        };
        let _ = writeln!(out, "server:  {what}");
    }
    if let Some(src) = d.client_source {
        let what = match src {
            crate::diagnose::ClientSource::ClientString => {
                "the string the client signed (--client-string)".to_string()
            }
            crate::diagnose::ClientSource::CapturedRequest => format!(
                "rebuilt from the captured request ({})",
                d.request.as_ref().map(|r| r.kind).unwrap_or("request")
            ),
            crate::diagnose::ClientSource::SecretSearch => "found by the secret search".to_string(),
            crate::diagnose::ClientSource::AppServer => {
                "the policy the application server signed (its signature response)".to_string()
            }
        };
        let _ = writeln!(out, "client:  {what}");
    }
    if let Some(r) = &d.request {
        let _ = writeln!(
            out,
            "request: {} {}{}",
            r.method.as_deref().unwrap_or("(method not captured)"),
            r.host
                .as_deref()
                .map(|h| format!("{h} "))
                .unwrap_or_default(),
            r.target
        );
        for n in &r.notes {
            let _ = writeln!(out, "         note: {n}");
        }
    }
    let one_side = d.client_string.is_none() || d.server_string.is_none();
    if one_side && !d.rows.is_empty() {
        let side = if d.server_string.is_some() {
            "what OSS signed"
        } else {
            "what the request signs"
        };
        out.push('\n');
        let _ = writeln!(out, "  {:<28} {side}", "field");
        for r in &d.rows {
            let v = r
                .server
                .as_deref()
                .or(r.client.as_deref())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<28} {}",
                cut(&r.name, 28),
                if v.is_empty() {
                    "(empty)".to_string()
                } else {
                    paint_visible(v, color, |s| s.to_string())
                }
            );
        }
    }
    if !one_side && !d.rows.is_empty() {
        out.push('\n');
        let _ = writeln!(
            out,
            "  {:<28} {:<12} {:<COL$} client",
            "field", "status", "server"
        );
        for r in &d.rows {
            let sv = r
                .server
                .as_deref()
                .map(|b| cell(b, COL))
                .unwrap_or_else(|| "—".into());
            let cv = r
                .client
                .as_deref()
                .map(|b| cell(b, COL))
                .unwrap_or_else(|| "—".into());
            let _ = writeln!(
                out,
                "  {:<28} {} {:<COL$} {}",
                cut(&r.name, 28),
                status_label(r.status, color),
                sv,
                if r.status == Status::Match {
                    "=".to_string()
                } else {
                    cv
                }
            );
        }
    }
    for r in d
        .rows
        .iter()
        .filter(|r| r.status == Status::Differs && r.name == "canonical-request-hash")
    {
        let v = |b: &Option<Vec<u8>>| visible(b.as_deref().unwrap_or_default());
        let _ = writeln!(
            out,
            "\n{}: the canonical requests differ\n  server: {}\n  client: {}",
            r.name,
            v(&r.server),
            v(&r.client)
        );
    }
    for r in d
        .rows
        .iter()
        .filter(|r| r.status == Status::Differs && r.name != "canonical-request-hash")
    {
        out.push('\n');
        let at = r.first_diff.unwrap_or(0);
        let _ = writeln!(out, "{}: first difference at byte {at}", r.name);
        let mut srv = String::new();
        let mut cli = String::new();
        for op in &r.ops {
            match op {
                Op::Same(b) => {
                    let v = visible(b);
                    srv.push_str(&v);
                    cli.push_str(&v);
                }
                Op::Server(b) => srv.push_str(&mark(b, color, true)),
                Op::Client(b) => cli.push_str(&mark(b, color, false)),
            }
        }
        let _ = writeln!(out, "  server: {srv}");
        let _ = writeln!(out, "  client: {cli}");
        if !color {
            let _ = writeln!(
                out,
                "          {}^",
                " ".repeat(
                    visible(
                        &r.server.as_deref().unwrap_or_default()
                            [..at.min(r.server.as_ref().map_or(0, Vec::len))]
                    )
                    .chars()
                    .count()
                )
            );
        }
    }
    for r in d
        .rows
        .iter()
        .filter(|r| !one_side && matches!(r.status, Status::ServerOnly | Status::ClientOnly))
    {
        let (side, v) = if r.status == Status::ServerOnly {
            ("only OSS signed", &r.server)
        } else {
            ("only the client signed", &r.client)
        };
        let _ = writeln!(
            out,
            "\n{}: {side}: {}",
            r.name,
            paint_visible(v.as_deref().unwrap_or_default(), color, |s| s.to_string())
        );
    }
    // V4: when only one side has a canonical request, show it whole to compare by eye.
    for (who, cr) in [
        (
            "OSS's canonical request",
            d.server_canonical_request
                .as_ref()
                .filter(|_| d.client_canonical_request.is_none()),
        ),
        (
            "the client's canonical request",
            d.client_canonical_request
                .as_ref()
                .filter(|_| d.server_canonical_request.is_none()),
        ),
    ] {
        if let Some(cr) = cr {
            let _ = writeln!(out, "\n{who}:");
            for line in cr.split(|&c| c == b'\n') {
                let _ = writeln!(out, "  {}", visible(line));
            }
        }
    }
    if !d.hints.is_empty() {
        out.push('\n');
    }
    for h in &d.hints {
        let tag = match h.severity {
            Severity::Error => "cause",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        let tag = if color {
            paint(tag, BOLD_YELLOW)
        } else {
            tag.to_string()
        };
        let _ = writeln!(out, "{tag} [{}]: {}", h.id, h.message);
        if let Some(f) = &h.fix {
            let _ = writeln!(out, "  fix: {f}");
        }
    }
    if !d.notes.is_empty() {
        out.push('\n');
        for n in &d.notes {
            let _ = writeln!(out, "note: {n}");
        }
    }
}

/// A diff piece only one side has: coloured when colour is on, else bracketed.
fn mark(b: &[u8], color: bool, server: bool) -> String {
    let v = visible(b);
    if color {
        if server {
            paint(&v, "37;41")
        } else {
            paint(&v, "30;42")
        }
    } else {
        format!("[{v}]")
    }
}
