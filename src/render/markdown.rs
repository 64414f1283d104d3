//! `--format markdown`: a report a support engineer can paste into a ticket reply:
//! summary, a table of what is known, the field table, the diff, the cause and the fix,
//! then what the reader had to repair. AccessKey ids are masked here (besides the tokens
//! and URL signatures every renderer masks) unless `--show-sensitive` is given.

use super::{headline, mask};
use crate::bytes::visible;
use crate::diagnose::{Diagnosis, Severity, Status, Verdict};
use std::fmt::Write as _;

/// Text for a table cell or an inline code span.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
        .replace('`', "'")
        .replace(['\n', '\r'], " ")
}

/// Text inside a fenced block: no fence can close it early.
fn fenced(s: &str) -> String {
    s.replace("```", "'''")
}

pub fn render(ds: &[Diagnosis], show_sensitive: bool) -> String {
    let mut out = String::new();
    let many = ds.len() > 1;
    if many {
        let _ = writeln!(
            out,
            "## OSS diagnosis: {} errors in this ticket\n",
            ds.len()
        );
    }
    for (i, d) in ds.iter().enumerate() {
        one(&mut out, d, if many { Some(i + 1) } else { None });
    }
    if show_sensitive {
        out
    } else {
        let mut ids = access_key_ids(ds);
        ids.sort_by_key(|s| std::cmp::Reverse(s.len()));
        ids.dedup();
        let mut s = out;
        for id in ids {
            s = s.replace(id.as_str(), &mask(&id));
        }
        s
    }
}

/// AccessKey ids named anywhere in the diagnoses (error body, URL, Authorization).
fn access_key_ids(ds: &[Diagnosis]) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |v: &str| {
        let v = v.trim();
        if v.len() >= 8 && !v.contains("****") {
            out.push(v.to_string());
        }
    };
    for d in ds {
        if let Some(id) = d.error.as_ref().and_then(|e| e.access_key_id.as_deref()) {
            add(id);
        }
        if let Some(r) = &d.request {
            let q = r.target.split_once('?').map(|x| x.1).unwrap_or("");
            for (k, v) in crate::request::split_query(q) {
                let v = v.unwrap_or("");
                match k {
                    "OSSAccessKeyId" => {
                        add(v);
                        add(&String::from_utf8_lossy(&crate::request::query_decode(v)));
                    }
                    "x-oss-credential" => {
                        let dec =
                            String::from_utf8_lossy(&crate::request::query_decode(v)).into_owned();
                        if let Some(id) = dec.split('/').next() {
                            add(id);
                        }
                        if let Some(id) = v.split("%2F").next() {
                            add(id);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

fn verdict_sentence(d: &Diagnosis) -> String {
    let code = d
        .error
        .as_ref()
        .and_then(|e| e.code.clone())
        .unwrap_or_else(|| "an error".into());
    let lead = d
        .hints
        .iter()
        .find(|h| h.severity == Severity::Error)
        .or_else(|| d.hints.first());
    let why = lead.map(|h| {
        let m = h.message.trim_end_matches('.');
        let mut c = m.chars();
        let first: String = c
            .next()
            .map(|f| f.to_uppercase().collect())
            .unwrap_or_default();
        format!(" {first}{}.", c.as_str())
    });
    let who = super::server_name(d);
    let mut w = who.chars();
    let who_cap: String = w
        .next()
        .map(|f| f.to_uppercase().chain(w).collect())
        .unwrap_or_default();
    match d.verdict {
        Verdict::Mismatch => format!(
            "{who_cap} and the client signed different strings; they differ in **{}**.{}",
            d.culprits.join(", "),
            why.unwrap_or_default()
        ),
        Verdict::Identical => format!(
            "The string the client signed is byte for byte the one {who} computed, so the signature itself (the AccessKeySecret, or how the HMAC was encoded) is what differs.{}",
            why.unwrap_or_default()
        ),
        Verdict::ServerOnly => format!(
            "{who_cap} answered {code}; only the server's side is known, so there is nothing to compare it with yet.{} To name the field, send the string your client signed (SDK debug log) or the request as sent (curl -v, HAR).",
            why.unwrap_or_default()
        ),
        Verdict::OtherError => format!(
            "{who_cap} answered **{code}**, which is not a signature mismatch.{}",
            why.unwrap_or_default()
        ),
        Verdict::ClientOnly => "No error body was given: below is the string this request signs.".into(),
    }
}

fn one(out: &mut String, d: &Diagnosis, n: Option<usize>) {
    match n {
        Some(i) => {
            let _ = writeln!(out, "### {i}. {}\n", headline(d));
        }
        None => {
            let _ = writeln!(out, "### OSS signature diagnosis\n");
            let _ = writeln!(out, "**{}**\n", headline(d));
        }
    }
    let _ = writeln!(out, "**Summary.** {}\n", verdict_sentence(d));

    // What is known.
    let mut facts: Vec<(&str, String)> = Vec::new();
    if let Some(e) = &d.error {
        if let Some(c) = &e.code {
            facts.push(("Error", format!("`{}`", cell(c))));
        }
        if let Some(x) = &e.ec {
            facts.push(("EC", format!("`{}`", cell(x))));
        }
        if let Some(x) = &e.request_id {
            facts.push(("RequestId", format!("`{}`", cell(x))));
        }
        if let Some(x) = &e.host_id {
            if !x.is_empty() {
                facts.push(("HostId", format!("`{}`", cell(x))));
            }
        }
        if let Some(x) = &e.access_key_id {
            facts.push(("AccessKeyId", format!("`{}`", cell(x))));
        }
        if let Some(m) = &e.message {
            facts.push(("Message", cell(m)));
        }
    }
    if let Some(v) = d.version {
        let dialect = d.dialect.map(|x| format!("{x} ")).unwrap_or_default();
        facts.push(("Signature", format!("{dialect}{}", v.label())));
    }
    if let Some(r) = &d.request {
        facts.push((
            "Request",
            format!(
                "`{} {}`{} ({})",
                r.method.as_deref().unwrap_or("?"),
                cell(&r.target),
                r.host
                    .as_deref()
                    .map(|h| format!(" on `{}`", cell(h)))
                    .unwrap_or_default(),
                r.kind
            ),
        ));
    }
    if let Some(s) = d.client_source {
        let what = match s {
            crate::diagnose::ClientSource::ClientString => match &d.client_origin {
                Some(o) => format!("the string the client signed ({})", cell(o)),
                None => "the string the client signed".to_string(),
            },
            crate::diagnose::ClientSource::CapturedRequest => {
                "rebuilt from the captured request".to_string()
            }
            crate::diagnose::ClientSource::SecretSearch => {
                "found by the secret search (its HMAC equals SignatureProvided)".to_string()
            }
            crate::diagnose::ClientSource::AppServer => {
                "the policy the application server signed (its signature response)".to_string()
            }
        };
        facts.push(("Compared with", what));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "| | |\n|---|---|");
        for (k, v) in facts {
            let _ = writeln!(out, "| {k} | {v} |");
        }
        out.push('\n');
    }

    if !d.rows.is_empty() {
        let _ = writeln!(
            out,
            "#### Fields\n\n| field | status | {} signed | client signed |\n|---|---|---|---|",
            super::server_name(d)
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
                cell(&r.name),
                st,
                v(&r.server),
                v(&r.client)
            );
        }
        out.push('\n');
    }
    let diffs: Vec<_> = d.rows.iter().filter(|r| r.differs()).collect();
    if !diffs.is_empty() {
        let _ = writeln!(
            out,
            "#### Diff (- {} signed, + client signed)\n\n```diff",
            super::server_name(d)
        );
        for r in diffs {
            if let Some(s) = &r.server {
                let _ = writeln!(out, "- {}: {}", r.name, fenced(&visible(s)));
            }
            if let Some(c) = &r.client {
                let _ = writeln!(out, "+ {}: {}", r.name, fenced(&visible(c)));
            }
        }
        let _ = writeln!(out, "```\n");
    }
    let causes: Vec<_> = d
        .hints
        .iter()
        .filter(|h| h.severity != Severity::Info)
        .collect();
    let context: Vec<_> = d
        .hints
        .iter()
        .filter(|h| h.severity == Severity::Info)
        .collect();
    if !causes.is_empty() {
        let _ = writeln!(out, "#### Cause\n");
        for h in &causes {
            let f = h
                .field
                .as_deref()
                .map(|f| format!(" [{}]", cell(f)))
                .unwrap_or_default();
            let _ = writeln!(out, "- {}{f} (`{}`)", h.message, h.id);
        }
        out.push('\n');
    }
    let fixes: Vec<&str> = d.hints.iter().filter_map(|h| h.fix.as_deref()).collect();
    if !fixes.is_empty() {
        let _ = writeln!(out, "#### Fix\n");
        let mut seen = Vec::new();
        for f in fixes {
            if !seen.contains(&f) {
                let _ = writeln!(out, "- {f}");
                seen.push(f);
            }
        }
        out.push('\n');
    }
    let mut notes: Vec<String> = context.iter().map(|h| h.message.clone()).collect();
    notes.extend(d.notes.iter().cloned());
    if let Some(e) = &d.error {
        notes.extend(e.notes.iter().cloned());
    }
    if let Some(r) = &d.request {
        notes.extend(r.notes.iter().cloned());
    }
    notes.dedup();
    if !notes.is_empty() {
        let _ = writeln!(out, "#### Notes\n");
        for n in notes {
            let _ = writeln!(out, "> {}", n.replace('\n', " "));
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::diagnose;
    use crate::input::gather;

    fn md(t: &str, show: bool) -> String {
        let ev = gather(&[("-".into(), t.as_bytes().to_vec())]);
        let ds = diagnose(&ev);
        crate::render::render(
            &ds,
            crate::render::Format::Markdown,
            crate::render::Style {
                color: false,
                show_sensitive: show,
            },
        )
    }

    const BODY: &str = "<Error><Code>SignatureDoesNotMatch</Code><RequestId>5D031A3CA4DF8D178D3D499B</RequestId><OSSAccessKeyId>LTAI5tQp8LkDy2Nxv7Rw3Zsb</OSSAccessKeyId><StringToSign>PUT\n\n\n1716181200\n/b/k</StringToSign></Error>\nhttps://b.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=LTAI5tQp8LkDy2Nxv7Rw3Zsb&Expires=1716181200&Signature=dW5zaWduZWRDb250ZW50VHlwZT0%3D&security-token=CAIS4AJ1q6Ft5B2yfSjIr5nEEo\n";

    #[test]
    fn masks_ids_tokens_signatures_by_default() {
        let m = md(BODY, false);
        assert!(m.contains("**Summary.**"));
        assert!(m.contains("| RequestId | `5D031A3CA4DF8D178D3D499B` |"));
        assert!(!m.contains("LTAI5tQp8LkDy2Nxv7Rw3Zsb"), "{m}");
        assert!(m.contains("LTAI****"));
        assert!(!m.contains("dW5zaWduZWRDb250ZW50VHlwZT0"));
        assert!(!m.contains("CAIS4AJ1q6Ft5B2yfSjIr5nEEo"));
        let m = md(BODY, true);
        assert!(m.contains("LTAI5tQp8LkDy2Nxv7Rw3Zsb"));
        assert!(m.contains("CAIS4AJ1q6Ft5B2yfSjIr5nEEo"));
    }

    #[test]
    fn other_error_report_has_cause_and_fix() {
        let m = md("oss: service returned error: StatusCode=403, ErrorCode=InvalidSecurityToken, ErrorMessage=\"The security token you provided is invalid.\", RequestId=681819F168CDBA34300CAFCE, Ec=0002-00000006", false);
        assert!(m.contains("#### Cause"));
        assert!(m.contains("#### Fix"));
        assert!(m.contains("security-token-invalid"));
        assert!(m.contains("`0002-00000006`"));
    }

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b`c\nd"), "a\\|b'c d");
        assert_eq!(fenced("x```y"), "x'''y");
    }
}
