//! `--format json`: one object, keys per the contract in `../shared/DESIGN.md`.

use crate::bytes::Value;
use crate::diagnose::{Diagnosis, Status};
use serde_json::{json, Map, Value as J};

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
            m.insert(
                "status".into(),
                serde_json::to_value(r.status).unwrap_or(J::Null),
            );
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
        "signature_version": d.version,
        "auth": d.auth,
        "verdict": d.verdict,
        "culprits": d.culprits,
        "fields": fields,
        "client": {
            "source": d.client_source,
            "string_to_sign": val(&d.client_string),
            "canonical_request": val(&d.client_canonical_request),
        },
        "server": {
            "string_to_sign": val(&d.server_string),
            "canonical_request": val(&d.server_canonical_request),
            "from": d.server_from,
        },
        "error": error,
        "request": request,
        "hints": d.hints,
        "notes": d.notes,
        "exit_code": d.exit_code(),
    });
    if let (Some(st), J::Object(m)) = (&d.search, &mut o) {
        m.insert("search".into(), json!(st));
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
