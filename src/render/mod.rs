//! Render stage: text (optionally coloured), JSON and markdown, all from the same
//! `Diagnosis` values. Redaction of sensitive values happens here, on the way out.

pub mod json;
pub mod markdown;
pub mod text;

use crate::diagnose::Diagnosis;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub show_sensitive: bool,
}

pub fn render(ds: &[Diagnosis], format: Format, style: Style) -> String {
    let out = match format {
        Format::Text => text::render(ds, style.color),
        Format::Json => json::render(ds),
        Format::Markdown => markdown::render(ds, style.show_sensitive),
    };
    if style.show_sensitive {
        out
    } else {
        let mut all: Vec<String> = ds
            .iter()
            .flat_map(|d| d.sensitive.iter().cloned())
            .collect();
        all.sort_by_key(|s| std::cmp::Reverse(s.len()));
        all.dedup();
        if format == Format::Json {
            redact_json(&out, &all)
        } else {
            redact(&out, &all)
        }
    }
}

/// `redact` for JSON text: match each value as JSON writes it (a value ending in `\`
/// must not eat half of an escape) and write its mask escaped too.
fn redact_json(out: &str, sensitive: &[String]) -> String {
    let esc = |v: &str| {
        let q = serde_json::to_string(v).unwrap_or_default();
        q.get(1..q.len().saturating_sub(1))
            .unwrap_or("")
            .to_string()
    };
    let mut s = out.to_string();
    for v in sensitive.iter().filter(|v| v.len() >= 8) {
        let e = esc(v);
        if !e.is_empty() && s.contains(e.as_str()) {
            s = s.replace(e.as_str(), &esc(&mask(v)));
        }
    }
    s
}

/// Who computed the server side, in the words of the diagnosis's scheme: `OSS`, or
/// `the server` (OSS's S3-compatible API or S3).
pub fn server_name(d: &Diagnosis) -> &'static str {
    if d.dialect.is_some() {
        // A dialect the label names (S3-style PostObject): S3 or OSS's S3-compatible API.
        return "the server";
    }
    d.version
        .and_then(crate::scheme::by_id)
        .map_or("OSS", |s| s.words().server)
}

/// `abcdefghij` → `abcd****`.
pub fn mask(v: &str) -> String {
    let keep: String = v.chars().take(4).collect();
    format!("{keep}****")
}

/// Replace every sensitive value (longest first) with its mask.
pub fn redact(out: &str, sensitive: &[String]) -> String {
    let mut s = out.to_string();
    for v in sensitive.iter().filter(|v| v.len() >= 8) {
        if s.contains(v.as_str()) {
            s = s.replace(v.as_str(), &mask(v));
        }
    }
    s
}

/// Summary line parts shared by the renderers.
pub fn headline(d: &Diagnosis) -> String {
    use crate::diagnose::Verdict::*;
    let what = match (d.version, d.verdict) {
        (Some(v), _) => match d.dialect {
            Some(dl) => format!("{dl} {}", v.label()),
            None => v.label().to_string(),
        },
        (None, OtherError) => "OSS error".to_string(),
        (None, _) => "unknown signature version".to_string(),
    };
    let auth = match d.auth {
        Some(crate::diagnose::AuthKind::Header) => ", Authorization header",
        Some(crate::diagnose::AuthKind::Query) => ", presigned URL",
        Some(crate::diagnose::AuthKind::Form) => ", PostObject form",
        Some(crate::diagnose::AuthKind::Callback) => ", callback request",
        None => "",
    };
    let verdict = match d.verdict {
        Mismatch => format!("MISMATCH in {}", d.culprits.join(", ")),
        Identical => "strings IDENTICAL".to_string(),
        ServerOnly => "server side only (nothing to compare with)".to_string(),
        OtherError => format!(
            "not a signature mismatch: {}",
            d.error
                .as_ref()
                .and_then(|e| e.code.clone())
                .unwrap_or_default()
        ),
        ClientOnly => "no error body: the string this request signs".to_string(),
    };
    format!("{what}{auth} — {verdict}")
}
