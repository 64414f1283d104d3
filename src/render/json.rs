//! `--format json`: one object, keys per the contract in `../shared/DESIGN.md`. The
//! wire names of every core value are written here, and only here: renaming a core
//! variant cannot change the contract.

use crate::bytes::Value;
use crate::diagnose::{
    AuthKind, ClientSource, Diagnosis, Hint, ServerFrom, Severity, SigVersion, Status, Verdict,
};
use serde_json::{json, Map, Value as J};

pub fn version_name(v: SigVersion) -> &'static str {
    match v {
        SigVersion::V1 => "v1",
        SigVersion::V2 => "v2",
        SigVersion::V4 => "v4",
        SigVersion::AwsV2 => "aws-v2",
        SigVersion::AwsV4 => "aws-v4",
        SigVersion::PostV1 => "post-v1",
        SigVersion::PostV4 => "post-v4",
        SigVersion::Callback => "callback",
    }
}

fn auth_name(a: AuthKind) -> &'static str {
    match a {
        AuthKind::Header => "header",
        AuthKind::Query => "query",
        AuthKind::Form => "form",
        AuthKind::Callback => "callback",
    }
}

fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Mismatch => "mismatch",
        Verdict::Identical => "identical",
        Verdict::ServerOnly => "server-only",
        Verdict::OtherError => "other-error",
        Verdict::ClientOnly => "client-only",
    }
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Match => "match",
        Status::Differs => "differs",
        Status::ServerOnly => "server-only",
        Status::ClientOnly => "client-only",
    }
}

fn source_name(s: ClientSource) -> &'static str {
    match s {
        ClientSource::ClientString | ClientSource::AppServer => "client-string",
        ClientSource::CapturedRequest => "captured-request",
        ClientSource::SecretSearch => "secret-search",
    }
}

fn from_name(f: ServerFrom) -> &'static str {
    match f {
        ServerFrom::Bytes => "bytes",
        ServerFrom::Text => "text",
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn hint(h: &Hint) -> J {
    let mut m = Map::new();
    m.insert("id".into(), json!(h.id));
    if let Some(f) = &h.field {
        m.insert("field".into(), json!(f));
    }
    m.insert("message".into(), json!(h.message));
    if let Some(f) = &h.fix {
        m.insert("fix".into(), json!(f));
    }
    m.insert("severity".into(), json!(severity_name(h.severity)));
    J::Object(m)
}

fn val(b: &Option<Vec<u8>>) -> J {
    match b {
        Some(b) => serde_json::to_value(Value::of(b)).unwrap_or(J::Null),
        None => J::Null,
    }
}

pub fn one(d: &Diagnosis) -> J {
    let fields: Vec<J> = d
        .rows
        .iter()
        .map(|r| {
            let mut m = Map::new();
            m.insert("name".into(), json!(r.name));
            m.insert("status".into(), json!(status_name(r.status)));
            m.insert("server".into(), val(&r.server));
            m.insert("client".into(), val(&r.client));
            if r.status == Status::Differs {
                m.insert("first_diff".into(), json!(r.first_diff));
            }
            J::Object(m)
        })
        .collect();
    let error = d.error.as_ref().map(|e| {
        let mut m = Map::new();
        m.insert("code".into(), json!(e.code));
        m.insert("message".into(), json!(e.message));
        m.insert("request_id".into(), json!(e.request_id));
        m.insert("host_id".into(), json!(e.host_id));
        m.insert("ec".into(), json!(e.ec));
        m.insert("access_key_id".into(), json!(e.access_key_id));
        m.insert("signature_provided".into(), json!(e.signature_provided));
        for (k, v) in &e.other {
            m.insert(k.clone(), json!(v));
        }
        if !e.notes.is_empty() {
            m.insert("notes".into(), json!(e.notes));
        }
        J::Object(m)
    });
    let request = d.request.as_ref().map(|r| {
        json!({
            "kind": r.kind,
            "method": r.method,
            "host": r.host,
            "target": r.target,
            "notes": r.notes,
        })
    });
    let mut o = json!({
        "signature_version": d.version.map(version_name),
        "auth": d.auth.map(auth_name),
        "verdict": verdict_name(d.verdict),
        "culprits": d.culprits,
        "fields": fields,
        "client": {
            "source": d.client_source.map(source_name),
            "string_to_sign": val(&d.client_string),
            "canonical_request": val(&d.client_canonical_request),
        },
        "server": {
            "string_to_sign": val(&d.server_string),
            "canonical_request": val(&d.server_canonical_request),
            "from": d.server_from.map(from_name),
        },
        "error": error,
        "request": request,
        "hints": d.hints.iter().map(hint).collect::<Vec<J>>(),
        "notes": d.notes,
        "exit_code": d.exit().code(),
    });
    // Only when the label alone does not say it (S3-style PostObject).
    if let Some(dl) = d.dialect {
        o["dialect"] = json!(dl);
    }
    if let (Some(st), J::Object(m)) = (&d.search, &mut o) {
        m.insert(
            "search".into(),
            json!({
                "candidates": st.candidates,
                "seconds": st.seconds,
                "found": st.found,
                "limit_reached": st.limit_reached,
            }),
        );
    }
    o
}

pub fn render(ds: &[Diagnosis]) -> String {
    let mut top = match ds.first() {
        Some(d) => one(d),
        None => json!({}),
    };
    if ds.len() > 1 {
        if let J::Object(m) = &mut top {
            m.insert("others".into(), J::Array(ds[1..].iter().map(one).collect()));
        }
    }
    let mut s = serde_json::to_string_pretty(&top).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
