//! `--format markdown`: a report a support engineer can paste into a ticket reply.

use super::headline;
use crate::bytes::visible;
use crate::diagnose::{Diagnosis, Status};
use std::fmt::Write as _;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('`', "'")
}

pub fn render(ds: &[Diagnosis]) -> String {
    let mut out = String::new();
    for d in ds {
        one(&mut out, d);
    }
    out
}

fn one(out: &mut String, d: &Diagnosis) {
    let _ = writeln!(out, "### OSS signature diagnosis\n");
    let _ = writeln!(out, "**{}**\n", headline(d));
    if let Some(e) = &d.error {
        let _ = writeln!(
            out,
            "- Error: `{}`{}{}",
            e.code.as_deref().unwrap_or("?"),
            e.ec.as_deref()
                .map(|x| format!(", EC `{x}`"))
                .unwrap_or_default(),
            e.request_id
                .as_deref()
                .map(|x| format!(", RequestId `{x}`"))
                .unwrap_or_default()
        );
    }
    if let Some(r) = &d.request {
        let _ = writeln!(
            out,
            "- Request ({}): `{} {}`",
            r.kind,
            r.method.as_deref().unwrap_or("?"),
            cell(&r.target)
        );
    }
    if !d.rows.is_empty() {
        let _ = writeln!(
            out,
            "\n| field | status | OSS signed | client signed |\n|---|---|---|---|"
        );
        for r in &d.rows {
            let v = |b: &Option<Vec<u8>>| {
                b.as_deref()
                    .map(|b| format!("`{}`", cell(&visible(b))))
                    .unwrap_or_else(|| "—".into())
            };
            let st = match r.status {
                Status::Match => "match",
                Status::Differs => "**differs**",
                Status::ServerOnly => "**server only**",
                Status::ClientOnly => "**client only**",
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                r.name,
                st,
                v(&r.server),
                v(&r.client)
            );
        }
    }
    let diffs: Vec<_> = d.rows.iter().filter(|r| r.differs()).collect();
    if !diffs.is_empty() {
        let _ = writeln!(out, "\n```diff");
        for r in diffs {
            if let Some(s) = &r.server {
                let _ = writeln!(out, "- {}: {}", r.name, visible(s));
            }
            if let Some(c) = &r.client {
                let _ = writeln!(out, "+ {}: {}", r.name, visible(c));
            }
        }
        let _ = writeln!(out, "```");
    }
    if !d.hints.is_empty() {
        let _ = writeln!(out, "\n**Likely cause and fix**\n");
        for h in &d.hints {
            let _ = writeln!(out, "- {} (`{}`)", h.message, h.id);
            if let Some(f) = &h.fix {
                let _ = writeln!(out, "  - Fix: {f}");
            }
        }
    }
    for n in &d.notes {
        let _ = writeln!(out, "\n> {n}");
    }
    out.push('\n');
}
