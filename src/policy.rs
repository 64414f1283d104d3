//! PostObject policy documents: decode the base64 `policy` form field, read its JSON into
//! typed conditions (with a clear error, on the field at fault, for a document OSS would
//! refuse as `InvalidPolicyDocument`), and evaluate every condition against a form.
//!
//! Field names (`../shared/DESIGN.md`): `policy` (the document as a whole),
//! `policy.expiration`, `policy.condition:<n>` (counted from 0).
//!
//! OSS's rules, as its PostObject appendix and EC pages state them: `conditions` is an
//! array of maps (`{"bucket": "b"}`, exactly one property) or lists (`["eq", "$key", v]`,
//! `["starts-with", "$key", p]`, `["in", "$content-type", [..]]`, `["not-in", .., [..]]`,
//! `["content-length-range", min, max]`); `$` names are case-insensitive (form field names
//! are); `in`/`not-in` need a list (EC 0006-00000224); the range needs integers with
//! `min <= max` (0006-00000220); a condition that is neither map nor list is refused
//! (0006-00000222).

use crate::request::Form;
use serde_json::Value;

/// A decoded, well-typed policy document.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub expiration: Option<String>,
    pub conditions: Vec<Condition>,
    /// Each condition's JSON as written (to match a condition quoted in an error message).
    pub raw_conditions: Vec<Value>,
}

/// One condition. `field` is the form field it tests, lower-cased, without `$`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `{"bucket": "b"}`, `{"x-oss-meta-a": "v"}`: the field equals the value.
    Exact {
        field: String,
        value: String,
    },
    Eq {
        field: String,
        value: String,
    },
    StartsWith {
        field: String,
        prefix: String,
    },
    In {
        field: String,
        values: Vec<String>,
    },
    NotIn {
        field: String,
        values: Vec<String>,
    },
    /// The file's size in bytes, inclusive.
    LengthRange {
        min: u64,
        max: u64,
    },
}

impl Condition {
    /// The form field the condition reads (None for the length range).
    pub fn field(&self) -> Option<&str> {
        match self {
            Condition::Exact { field, .. }
            | Condition::Eq { field, .. }
            | Condition::StartsWith { field, .. }
            | Condition::In { field, .. }
            | Condition::NotIn { field, .. } => Some(field),
            Condition::LengthRange { .. } => None,
        }
    }
}

/// What is wrong with a document, on the field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// `policy`, `policy.expiration` or `policy.condition:<n>`.
    pub field: String,
    pub message: String,
}

fn err(field: impl Into<String>, message: impl Into<String>) -> PolicyError {
    PolicyError {
        field: field.into(),
        message: message.into(),
    }
}

pub fn condition_field(n: usize) -> String {
    format!("policy.condition:{n}")
}

/// The base64 policy as sent → the JSON bytes. A damaged base64 (wrapped into lines, a
/// space where a `+` was, URL-encoded) is read as `sign::post::decode_lenient` reads it:
/// the reading is for the conditions, not the signature.
pub fn decode(text: &[u8]) -> Result<Vec<u8>, PolicyError> {
    if text.trim_ascii().is_empty() {
        return Err(err("policy", "the policy form field is empty"));
    }
    crate::sign::post::decode_lenient(text).ok_or_else(|| {
        err(
            "policy",
            "the policy form field is not base64 (OSS answers InvalidPolicyDocument): send base64(JSON text) of the policy",
        )
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

/// `$Content-Type` → `content-type`.
fn field_name(s: &str) -> String {
    s.strip_prefix('$').unwrap_or(s).to_ascii_lowercase()
}

fn int(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Every fault of a document, not only the first: the expiration's, then the
/// conditions' (each checked with the fault before it set aside). Empty when it parses.
pub fn problems(json: &[u8]) -> Vec<PolicyError> {
    let first = match parse(json) {
        Ok(_) => return Vec::new(),
        Err(e) => e,
    };
    let mut out = vec![first.clone()];
    if first.field != "policy.expiration" {
        return out;
    }
    // Set a valid expiration in place of the faulty one, and look again.
    let Ok(Value::Object(mut top)) = serde_json::from_slice::<Value>(json) else {
        return out;
    };
    top.insert(
        "expiration".into(),
        Value::String("2000-01-01T00:00:00.000Z".into()),
    );
    if let Ok(text) = serde_json::to_vec(&Value::Object(top)) {
        if let Err(e) = parse(&text) {
            out.push(e);
        }
    }
    out
}

/// Read the JSON document into typed conditions.
pub fn parse(json: &[u8]) -> Result<Policy, PolicyError> {
    let v: Value = serde_json::from_slice(json).map_err(|e| {
        err(
            "policy",
            format!(
                "the decoded policy is not valid JSON ({e}): OSS answers InvalidPolicyDocument 'Invalid Policy: Invalid JSON'"
            ),
        )
    })?;
    let Value::Object(top) = &v else {
        return Err(err(
            "policy",
            format!(
                "the decoded policy is {}, not a JSON object with expiration and conditions",
                kind(&v)
            ),
        ));
    };
    let expiration = match top.get("expiration") {
        None => {
            return Err(err(
                "policy.expiration",
                "the policy has no expiration: OSS requires one (ISO 8601 UTC, e.g. 2026-01-01T12:00:00.000Z)",
            ))
        }
        Some(Value::String(s)) => {
            if crate::clock::parse_time(s).is_none() || !s.contains('T') {
                return Err(err(
                    "policy.expiration",
                    format!("the expiration '{s}' is not an ISO 8601 UTC time like 2026-01-01T12:00:00.000Z"),
                ));
            }
            Some(s.clone())
        }
        Some(x) => {
            return Err(err(
                "policy.expiration",
                format!("the expiration is {}, not an ISO 8601 string", kind(x)),
            ))
        }
    };
    let raw = match top.get("conditions") {
        None => {
            return Err(err(
                "policy",
                "the policy has no conditions: OSS requires a conditions list",
            ))
        }
        Some(Value::Array(a)) => a.clone(),
        Some(x) => {
            return Err(err(
                "policy",
                format!("conditions is {}, not a list", kind(x)),
            ))
        }
    };
    let mut conditions = Vec::with_capacity(raw.len());
    for (n, c) in raw.iter().enumerate() {
        conditions.push(parse_condition(n, c)?);
    }
    Ok(Policy {
        expiration,
        conditions,
        raw_conditions: raw,
    })
}

fn parse_condition(n: usize, c: &Value) -> Result<Condition, PolicyError> {
    let at = condition_field(n);
    let text = |v: &Value| v.to_string();
    match c {
        Value::Object(m) => {
            if m.len() != 1 {
                return Err(err(at, format!("the map condition {} has {} properties: OSS wants exactly one ('Invalid Simple-Condition: Simple-Conditions must have exactly one property specified')", text(c), m.len())));
            }
            let Some((k, v)) = m.iter().next() else {
                return Err(err(at, "empty map condition"));
            };
            let Value::String(s) = v else {
                return Err(err(
                    at,
                    format!(
                        "the value of '{k}' in {} is {}, not a string",
                        text(c),
                        kind(v)
                    ),
                ));
            };
            Ok(Condition::Exact {
                field: field_name(k),
                value: s.clone(),
            })
        }
        Value::Array(a) => {
            let op = a
                .first()
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase);
            let Some(op) = op else {
                return Err(err(
                    at,
                    format!(
                        "the condition {} does not start with an operator name",
                        text(c)
                    ),
                ));
            };
            if a.len() != 3 {
                return Err(err(
                    at,
                    format!(
                        "the condition {} has {} items: '{op}' takes an operator and two values",
                        text(c),
                        a.len()
                    ),
                ));
            }
            if op == "content-length-range" {
                let (Some(min), Some(max)) = (int(&a[1]), int(&a[2])) else {
                    return Err(err(at, format!("content-length-range {} needs two non-negative integers (EC 0006-00000220)", text(c))));
                };
                if min > max {
                    return Err(err(at, format!("content-length-range {}: the minimum {min} is above the maximum {max} (EC 0006-00000220)", text(c))));
                }
                return Ok(Condition::LengthRange { min, max });
            }
            let Some(name) = a[1].as_str() else {
                return Err(err(
                    at,
                    format!(
                        "the field of {} is {}, not a string like \"$key\"",
                        text(c),
                        kind(&a[1])
                    ),
                ));
            };
            let field = field_name(name);
            let list = |v: &Value| -> Result<Vec<String>, PolicyError> {
                let Value::Array(xs) = v else {
                    return Err(err(
                        condition_field(n),
                        format!(
                            "'{op}' in {} needs a list of values, not {} (EC 0006-00000224)",
                            text(c),
                            kind(v)
                        ),
                    ));
                };
                xs.iter()
                    .map(|x| {
                        x.as_str().map(str::to_string).ok_or_else(|| {
                            err(
                                condition_field(n),
                                format!("the list of {} holds {}, not strings", text(c), kind(x)),
                            )
                        })
                    })
                    .collect()
            };
            let string = |v: &Value| -> Result<String, PolicyError> {
                v.as_str().map(str::to_string).ok_or_else(|| {
                    err(
                        condition_field(n),
                        format!(
                            "'{op}' in {} needs a string value, not {} (EC 0006-00000224)",
                            text(c),
                            kind(v)
                        ),
                    )
                })
            };
            match op.as_str() {
                "eq" => Ok(Condition::Eq { field, value: string(&a[2])? }),
                "starts-with" => Ok(Condition::StartsWith { field, prefix: string(&a[2])? }),
                "in" => Ok(Condition::In { field, values: list(&a[2])? }),
                "not-in" => Ok(Condition::NotIn { field, values: list(&a[2])? }),
                _ => Err(err(at, format!("unknown operator '{op}' in {}: OSS knows eq, starts-with, in, not-in and content-length-range", text(c)))),
            }
        }
        x => Err(err(
            at,
            format!(
                "condition {n} is {} ({}), not a map or a list (EC 0006-00000222)",
                kind(x),
                text(x)
            ),
        )),
    }
}

/// Decode and parse the `policy` field as sent.
pub fn read(text: &[u8]) -> Result<Policy, PolicyError> {
    parse(&decode(text)?)
}

/// What a condition's test gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail,
    /// The capture does not hold what the test needs (the file's size, the bucket, a time).
    Unknown,
}

/// One test: the field it is reported on, and what the form had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// `policy.expiration` or `policy.condition:<n>`.
    pub field: String,
    pub outcome: Outcome,
    pub message: String,
}

/// What the evaluation needs beside the form.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The bucket the request went to (from its host).
    pub bucket: Option<&'a str>,
    /// When OSS received it, Unix seconds (the request's or response's Date).
    pub now: Option<i64>,
}

/// The form's value of a field, as OSS compares it: `key` with `${filename}` replaced by
/// the file's name, `bucket` from the request.
fn value_of(form: &Form, field: &str, ctx: &Context) -> Option<String> {
    if field == "bucket" {
        if let Some(b) = ctx.bucket {
            return Some(b.to_string());
        }
    }
    let v = form.get_str(field)?.into_owned();
    if field == "key" && v.contains("${filename}") {
        if let Some(name) = form.file.as_ref().and_then(|f| f.filename.as_deref()) {
            return Some(v.replace("${filename}", name));
        }
    }
    Some(v)
}

fn show(list: &[String]) -> String {
    let q: Vec<String> = list.iter().map(|s| format!("'{s}'")).collect();
    format!("[{}]", q.join(", "))
}

/// Evaluate the expiration and every condition against the form.
pub fn evaluate(p: &Policy, form: &Form, ctx: &Context) -> Vec<Check> {
    let mut out = Vec::new();
    if let Some(x) = &p.expiration {
        let t = crate::clock::parse_time(x);
        let (outcome, message) = match (t, ctx.now) {
            (Some(t), Some(now)) if now > t => (
                Outcome::Fail,
                format!(
                    "the policy expired at {x}, {} before the request ({})",
                    crate::diagnose::other::span(now - t),
                    crate::clock::rfc1123(now)
                ),
            ),
            (Some(_), Some(_)) => (
                Outcome::Pass,
                format!("the policy expires at {x}, after the request"),
            ),
            _ => (
                Outcome::Unknown,
                format!("the policy expires at {x}; the capture has no request time to compare"),
            ),
        };
        out.push(Check {
            field: "policy.expiration".into(),
            outcome,
            message,
        });
    }
    for (n, c) in p.conditions.iter().enumerate() {
        let field = condition_field(n);
        let raw = p
            .raw_conditions
            .get(n)
            .map(Value::to_string)
            .unwrap_or_default();
        let (outcome, message) = match c {
            Condition::LengthRange { min, max } => match form.file.as_ref().and_then(|f| f.size) {
                Some(s) if s < *min || s > *max => (
                    Outcome::Fail,
                    format!("{raw}: the file is {s} bytes, outside {min}..={max}"),
                ),
                Some(s) => (Outcome::Pass, format!("{raw}: the file is {s} bytes")),
                None => (
                    Outcome::Unknown,
                    format!("{raw}: the capture does not show the file's size"),
                ),
            },
            _ => {
                let f = c.field().unwrap_or("");
                match value_of(form, f, ctx) {
                    None if f == "bucket" => (
                        Outcome::Unknown,
                        format!("{raw}: the bucket is not in the captured host"),
                    ),
                    None if matches!(c, Condition::NotIn { .. }) => {
                        (Outcome::Pass, format!("{raw}: the form has no '{f}' field"))
                    }
                    None => (Outcome::Fail, format!("{raw}: the form has no '{f}' field")),
                    Some(v) => {
                        let ok = match c {
                            Condition::Exact { value, .. } | Condition::Eq { value, .. } => {
                                &v == value
                            }
                            Condition::StartsWith { prefix, .. } => v.starts_with(prefix.as_str()),
                            Condition::In { values, .. } => values.contains(&v),
                            Condition::NotIn { values, .. } => !values.contains(&v),
                            Condition::LengthRange { .. } => true,
                        };
                        let want = match c {
                            Condition::Exact { value, .. } | Condition::Eq { value, .. } => {
                                format!("must equal '{value}'")
                            }
                            Condition::StartsWith { prefix, .. } => {
                                format!("must start with '{prefix}'")
                            }
                            Condition::In { values, .. } => {
                                format!("must be one of {}", show(values))
                            }
                            Condition::NotIn { values, .. } => {
                                format!("must not be one of {}", show(values))
                            }
                            Condition::LengthRange { .. } => String::new(),
                        };
                        if ok {
                            (Outcome::Pass, format!("{raw}: '{f}' is '{v}'"))
                        } else {
                            (
                                Outcome::Fail,
                                format!("{raw}: the form's '{f}' is '{v}', which {want}"),
                            )
                        }
                    }
                }
            }
        };
        out.push(Check {
            field,
            outcome,
            message,
        });
    }
    out
}

/// The condition an error message quotes (`Policy Condition failed: ["starts-with", "$key",
/// "user/eric/"]`, also with typographic quotes), as JSON.
pub fn quoted_condition(message: &str) -> Option<Value> {
    let lower = message.to_ascii_lowercase();
    let at = lower.find("condition failed")?;
    let rest = message.get(at..)?;
    let start = rest.find(['[', '{'])?;
    let t: String = rest[start..]
        .chars()
        .map(|c| match c {
            '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}' => '"',
            c => c,
        })
        .collect();
    // The longest prefix that parses: the message may go on after the condition.
    let mut de = serde_json::Deserializer::from_str(&t).into_iter::<Value>();
    de.next().and_then(Result::ok)
}

/// The form field a quoted condition tests, lower-cased: `["eq", "$acl", v]` → `acl`,
/// `{"bucket": "b"}` → `bucket`; None for the length range.
pub fn condition_target(c: &Value) -> Option<String> {
    match c {
        Value::Array(a) => a
            .get(1)?
            .as_str()?
            .strip_prefix('$')
            .map(str::to_ascii_lowercase),
        Value::Object(m) if m.len() == 1 => m.keys().next().map(|k| k.to_ascii_lowercase()),
        _ => None,
    }
}

/// `Invalid according to Policy: Extra input fields: name` → `name` (S3's refusal of a
/// field no condition names).
fn extra_field(message: &str) -> Option<String> {
    let lower = message.to_ascii_lowercase();
    let at = lower.find("extra input fields:")? + "extra input fields:".len();
    let name = message.get(at..)?.trim().split([',', ' ', '<']).next()?;
    (!name.is_empty()).then(|| name.to_ascii_lowercase())
}

/// The index of the policy condition equal to a quoted one (names compared case-insensitively).
pub fn find_condition(p: &Policy, quoted: &Value) -> Option<usize> {
    let norm = |v: &Value| v.to_string().to_ascii_lowercase().replace(' ', "");
    let q = norm(quoted);
    p.raw_conditions.iter().position(|c| norm(c) == q)
}

/// The PostObject version a form signs with (`sign::post::auth_of`'s reading).
pub fn form_version(form: &Form) -> crate::diagnose::SigVersion {
    if crate::sign::post::auth_of(form).is_some_and(|a| a.v4) {
        crate::diagnose::SigVersion::PostV4
    } else {
        crate::diagnose::SigVersion::PostV1
    }
}

/// When OSS received the request, from what the capture shows: the Date header, the
/// form's `x-oss-date`, the error body's `ServerTime`.
fn request_time(
    req: Option<&crate::request::Request>,
    e: &crate::diagnose::ErrorInfo,
) -> Option<i64> {
    let parse = crate::clock::parse_time;
    req.and_then(|r| r.header("date").and_then(parse))
        .or_else(|| req.and_then(|r| r.header("x-oss-date").and_then(parse)))
        .or_else(|| {
            req.and_then(|r| r.form.as_ref())
                .and_then(|f| f.get_str("x-oss-date").and_then(|d| parse(&d)))
        })
        .or_else(|| {
            e.other
                .iter()
                .find(|(k, _)| k == "ServerTime")
                .and_then(|(_, v)| parse(v))
        })
}

/// Explain a refused policy (`AccessDenied` "Invalid according to Policy: …",
/// `InvalidPolicyDocument`, the policy ECs 0006-000002xx): every condition is evaluated
/// against the captured form, so the failing one is named even when the message does not
/// quote it. Returns false when the error is not about a policy.
pub fn explain(d: &mut crate::diagnose::Diagnosis, req: Option<&crate::request::Request>) -> bool {
    use crate::diagnose::{AuthKind, Hint, Severity};
    let Some(e) = d.error.clone() else {
        return false;
    };
    let code = e.code.clone().unwrap_or_default();
    let msg = e.message.clone().unwrap_or_default();
    // A pretty-printed body puts the message on its own, indented line.
    let msg = msg.trim().to_string();
    let lower = msg.to_ascii_lowercase();
    let ec = e.ec.as_deref().map(str::trim).unwrap_or("");
    let invalid_doc = code == "InvalidPolicyDocument" || ec.starts_with("0006-000002");
    let refused = code == "AccessDenied" && lower.contains("invalid according to policy");
    if !invalid_doc && !refused {
        return false;
    }
    let form = req.and_then(|r| r.form.as_ref());
    if let Some(f) = form {
        d.version = Some(form_version(f));
        d.auth = Some(AuthKind::Form);
        if crate::sign::post::auth_of(f).is_some_and(|a| a.dialect.s3) {
            d.dialect = Some("S3-style");
        }
    }
    let mut hints: Vec<Hint> = Vec::new();
    let hint =
        |id: &'static str, field: Option<String>, message: String, fix: &str, severity| Hint {
            id,
            field,
            message,
            fix: Some(fix.to_string()),
            severity,
        };
    const FIX_DOC: &str = "build the policy as a JSON object {\"expiration\": \"<ISO 8601 UTC>\", \"conditions\": [...]} with maps of one property or lists [op, \"$field\", value], then base64 it";
    const FIX_COND: &str = "make the form satisfy the condition (the field's value, the file's size), or sign a policy whose condition allows it";
    let who = if d.dialect.is_some() {
        "the server"
    } else {
        "OSS"
    };
    let said = if msg.is_empty() {
        String::new()
    } else {
        format!(" ({who}: '{msg}')")
    };
    let policy = form.and_then(|f| f.get("policy")).map(read);
    match policy {
        Some(Err(pe)) => hints.push(hint("policy-invalid", Some(pe.field), format!("{}{said}", pe.message), FIX_DOC, Severity::Error)),
        None if invalid_doc => hints.push(hint("policy-invalid", Some("policy".into()), format!("OSS refused the policy document{said}; paste the form (HAR, multipart request or curl -F) to see which part"), FIX_DOC, Severity::Error)),
        None => {
            let quoted = quoted_condition(&msg);
            if lower.contains("policy expired") {
                hints.push(hint("policy-expired", Some("policy.expiration".into()), format!("the policy's expiration is before the time OSS received the upload{said}"), "sign the policy with an expiration in the future, in UTC (toISOString()), and check the app server's clock", Severity::Error));
            } else if let Some(extra) = extra_field(&msg) {
                // S3 (and S3-compatible stores) refuse a form field no condition names.
                hints.push(hint("policy-condition-failed", Some(format!("form:{extra}")), format!("the form sends the field '{extra}', which no condition of the policy names: every form field except file, policy and the signature fields must be allowed by a condition{said}"), "drop the field from the form (an uploader library's extra parameter), or add a condition for it ([\"starts-with\", \"$name\", \"\"]) to the policy before signing", Severity::Error));
            } else {
                let what = quoted.as_ref().map(|q| format!(": {q}")).unwrap_or_default();
                // Without the policy the condition cannot be numbered: name the form field it tests.
                let target = quoted.as_ref().and_then(condition_target);
                // The request's length is no form field: only content-length-range tests it.
                let never = if target.as_deref() == Some("content-length") { " A condition on $Content-Length never holds: the length is not a form field; limit the size with [\"content-length-range\", min, max] instead." } else { "" };
                let field = target.map(|n| format!("form:{n}"));
                hints.push(hint("policy-condition-failed", field, format!("a policy condition refused the form{what}{said}.{never} Paste the form (HAR, multipart request or curl -F) to name it and the value that failed"), FIX_COND, Severity::Error));
            }
        }
        Some(Ok(p)) => {
            let bucket = req.and_then(|r| crate::request::classify_host(r.host_name().as_deref()).1);
            let ctx = Context { bucket: bucket.as_deref(), now: request_time(req, &e) };
            let checks = form.map(|f| evaluate(&p, f, &ctx)).unwrap_or_default();
            let failing: Vec<&Check> = checks.iter().filter(|c| c.outcome == Outcome::Fail).collect();
            // What OSS named, when it did.
            let named = if lower.contains("policy expired") {
                Some("policy.expiration".to_string())
            } else {
                quoted_condition(&msg).and_then(|q| find_condition(&p, &q)).map(condition_field)
            };
            let main = named.or_else(|| failing.first().map(|c| c.field.clone()));
            match main {
                Some(field) => {
                    let check = checks.iter().find(|c| c.field == field);
                    let id = if field == "policy.expiration" { "policy-expired" } else { "policy-condition-failed" };
                    let body = check.map(|c| c.message.clone()).unwrap_or_else(|| format!("OSS names {field}"));
                    let fix = if id == "policy-expired" { "sign the policy with an expiration in the future, in UTC (toISOString()), and check the app server's clock" } else { FIX_COND };
                    hints.push(hint(id, Some(field.clone()), format!("{body}{said}"), fix, Severity::Error));
                    for c in failing.iter().filter(|c| c.field != field) {
                        hints.push(hint("policy-condition-failed", Some(c.field.clone()), format!("also failing: {}", c.message), FIX_COND, Severity::Warning));
                    }
                }
                None if invalid_doc => hints.push(hint("policy-invalid", Some("policy".into()), format!("OSS refused the policy document, though it reads as valid JSON here{said}"), FIX_DOC, Severity::Error)),
                None => {
                    let unknown: Vec<&str> = checks.iter().filter(|c| c.outcome == Outcome::Unknown).map(|c| c.field.as_str()).collect();
                    hints.push(hint("policy-condition-failed", unknown.first().map(|s| s.to_string()), format!("no condition fails on the captured form{}{said}", if unknown.is_empty() { String::new() } else { format!("; not checkable from the capture: {}", unknown.join(", ")) }), FIX_COND, Severity::Error));
                }
            }
        }
    }
    d.hints.extend(hints);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::FilePart;
    use base64::Engine as _;

    fn b64(s: &str) -> Vec<u8> {
        base64::engine::general_purpose::STANDARD
            .encode(s)
            .into_bytes()
    }

    fn form(fields: &[(&str, &str)], size: Option<u64>) -> Form {
        Form {
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
                .collect(),
            file: Some(FilePart {
                filename: Some("cat.png".into()),
                content_type: Some("image/png".into()),
                size,
            }),
        }
    }

    const DOC: &str = r#"{"expiration":"2026-01-01T12:00:00.000Z","conditions":[{"bucket":"examplebucket"},["starts-with","$key","user/eric/"],["content-length-range",1,1024],["in","$Content-Type",["image/jpeg","image/png"]],["not-in","$cache-control",["no-cache"]],["eq","$success_action_status","201"],{"x-oss-meta-uid":"42"}]}"#;

    #[test]
    fn parses_every_operator() {
        let p = read(&b64(DOC)).unwrap();
        assert_eq!(p.expiration.as_deref(), Some("2026-01-01T12:00:00.000Z"));
        assert_eq!(p.conditions.len(), 7);
        assert_eq!(
            p.conditions[3],
            Condition::In {
                field: "content-type".into(),
                values: vec!["image/jpeg".into(), "image/png".into()]
            }
        );
        assert_eq!(
            p.conditions[2],
            Condition::LengthRange { min: 1, max: 1024 }
        );
    }

    #[test]
    fn a_consistent_form_passes_and_each_fault_names_its_condition() {
        let p = read(&b64(DOC)).unwrap();
        let ctx = Context {
            bucket: Some("examplebucket"),
            now: crate::clock::parse_time("2025-12-31T00:00:00Z"),
        };
        let good = [
            ("key", "user/eric/${filename}"),
            ("Content-Type", "image/png"),
            ("success_action_status", "201"),
            ("x-oss-meta-uid", "42"),
        ];
        let checks = evaluate(&p, &form(&good, Some(10)), &ctx);
        assert!(
            checks.iter().all(|c| c.outcome == Outcome::Pass),
            "{checks:?}"
        );
        let fails = |f: &Form, ctx: &Context| -> Vec<String> {
            evaluate(&p, f, ctx)
                .into_iter()
                .filter(|c| c.outcome == Outcome::Fail)
                .map(|c| c.field)
                .collect()
        };
        let mut bad = good;
        bad[0] = ("key", "user/bob/cat.png");
        assert_eq!(fails(&form(&bad, Some(10)), &ctx), ["policy.condition:1"]);
        assert_eq!(
            fails(&form(&good, Some(2048)), &ctx),
            ["policy.condition:2"]
        );
        let mut bad = good;
        bad[1] = ("content-type", "image/gif");
        assert_eq!(fails(&form(&bad, Some(10)), &ctx), ["policy.condition:3"]);
        let mut with_cache = good.to_vec();
        with_cache.push(("Cache-Control", "no-cache"));
        assert_eq!(
            fails(&form(&with_cache, Some(10)), &ctx),
            ["policy.condition:4"]
        );
        assert_eq!(
            fails(&form(&good[..3], Some(10)), &ctx),
            ["policy.condition:6"]
        );
        let late = Context {
            now: crate::clock::parse_time("2026-01-01T12:00:01Z"),
            ..ctx
        };
        assert_eq!(fails(&form(&good, Some(10)), &late), ["policy.expiration"]);
        let other = Context {
            bucket: Some("other"),
            ..ctx
        };
        assert_eq!(
            fails(&form(&good, Some(10)), &other),
            ["policy.condition:0"]
        );
        // unknown size: the range cannot be checked, and is not blamed
        let c = evaluate(&p, &form(&good, None), &ctx);
        assert_eq!(c[3].outcome, Outcome::Unknown);
    }

    #[test]
    fn bad_documents_say_where() {
        let cases = [
            ("not json", "policy"),
            ("[1]", "policy"),
            (r#"{"conditions":[]}"#, "policy.expiration"),
            (
                r#"{"expiration":"tomorrow","conditions":[]}"#,
                "policy.expiration",
            ),
            (r#"{"expiration":"2026-01-01T00:00:00.000Z"}"#, "policy"),
            (
                r#"{"expiration":"2026-01-01T00:00:00.000Z","conditions":[123]}"#,
                "policy.condition:0",
            ),
            (
                r#"{"expiration":"2026-01-01T00:00:00.000Z","conditions":[["eq","$key","a"],["not-in","$cache-control","no-cache"]]}"#,
                "policy.condition:1",
            ),
            (
                r#"{"expiration":"2026-01-01T00:00:00.000Z","conditions":[["content-length-range","test",10]]}"#,
                "policy.condition:0",
            ),
            (
                r#"{"expiration":"2026-01-01T00:00:00.000Z","conditions":[["content-length-range",10,1]]}"#,
                "policy.condition:0",
            ),
            (
                r#"{"expiration":"2026-01-01T00:00:00.000Z","conditions":[{"bucket":"a","key":"b"}]}"#,
                "policy.condition:0",
            ),
            (
                r#"{"expiration":"2026-01-01T00:00:00.000Z","conditions":[["matches","$key","a"]]}"#,
                "policy.condition:0",
            ),
        ];
        for (doc, field) in cases {
            let e = read(&b64(doc)).unwrap_err();
            assert_eq!(e.field, field, "{doc}: {}", e.message);
        }
        assert_eq!(read(b"%%%").unwrap_err().field, "policy");
        // a space where a '+' was, and a wrapped base64, still decode
        let enc = String::from_utf8(b64(DOC)).unwrap();
        let wrapped = format!("{}\n{}", &enc[..40], &enc[40..]);
        assert!(read(wrapped.as_bytes()).is_ok());
    }

    #[test]
    fn quoted_conditions_are_found() {
        let p = read(&b64(DOC)).unwrap();
        let q = quoted_condition("Invalid according to Policy: Policy Condition failed: [\u{201c}starts-with\u{201d}, \u{201c}$key\u{201d}, \u{201c}user/eric/\u{201d}]").unwrap();
        assert_eq!(find_condition(&p, &q), Some(1));
        let q = quoted_condition(r#"Invalid according to Policy: Policy Condition failed: ["in", "$content-type", ["image/jpeg", "image/png"]] more"#).unwrap();
        assert_eq!(find_condition(&p, &q), Some(3));
        assert!(quoted_condition("Invalid according to Policy: Policy expired.").is_none());
        let q = quoted_condition(
            "Policy Condition failed: [\"starts-with\"\n, \"$Content-Length\", \"\"]",
        )
        .unwrap();
        assert_eq!(condition_target(&q).as_deref(), Some("content-length"));
        assert_eq!(
            extra_field("Invalid according to Policy: Extra input fields: x-requested-with")
                .as_deref(),
            Some("x-requested-with")
        );
    }
}
