//! Upload callbacks: the `callback` parameter an upload carries (a PostObject form field,
//! an `x-oss-callback` header or a `callback` query parameter) and its variables (`x:`
//! form fields, `x-oss-callback-var` / `callback-var`), decoded and checked the way OSS
//! checks them; and the explanation of `InvalidArgument` about them and of
//! `CallbackFailed` (HTTP 203, EC `0007-…`), with the callback field at fault.
//!
//! Field names (`../shared/DESIGN.md`): `callback.url`, `callback.host`, `callback.body`,
//! `callback.body-type`, `callback-var:<name>`; the parameter itself by where it was sent
//! (`form:callback`, `header:x-oss-callback`, `query:callback`).
//!
//! The rules, from OSS's Callback reference: base64 of a JSON object; `callbackUrl`
//! required, at most 5 URLs separated by `;`, a valid port, no IPv6, and (OSS calls from
//! the internet) no private or loopback address; `callbackBody` required, its variables
//! written `${name}`: system variables or `${x:name}` custom ones, lower case;
//! `callbackBodyType` `application/x-www-form-urlencoded` (default) or `application/json`;
//! a parameter of at most 5 KB; one place only (form, header or query).

pub mod request;

use crate::diagnose::{AuthKind, Diagnosis, Hint, Severity, SigVersion};
use crate::request::Request;
use base64::Engine as _;
use serde_json::Value;

/// OSS's system variables for `callbackBody`.
pub const SYSTEM_VARIABLES: &[&str] = &[
    "bucket",
    "object",
    "etag",
    "size",
    "mimeType",
    "imageInfo.height",
    "imageInfo.width",
    "imageInfo.format",
    "crc64",
    "contentMd5",
    "vpcId",
    "clientIp",
    "reqId",
    "operation",
];

/// The callback parameter as found: where, and its raw (still base64) value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// `form:callback`, `header:x-oss-callback` or `query:callback`.
    pub field: String,
    pub raw: Vec<u8>,
}

/// The decoded callback parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Callback {
    pub url: Option<String>,
    pub host: Option<String>,
    pub body: Option<String>,
    pub body_type: Option<String>,
    /// `callbackSNI` as written (OSS wants a JSON boolean).
    pub sni: Option<Value>,
}

impl Callback {
    pub fn urls(&self) -> Vec<&str> {
        self.url
            .as_deref()
            .unwrap_or("")
            .split(';')
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .collect()
    }
    fn sends_sni(&self) -> bool {
        self.sni == Some(Value::Bool(true))
    }
    fn https(&self) -> bool {
        self.urls()
            .iter()
            .any(|u| u.to_ascii_lowercase().starts_with("https://"))
    }
}

/// One thing wrong with the parameter, on its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub id: &'static str,
    pub field: String,
    pub message: String,
    pub fix: &'static str,
}

fn finding(id: &'static str, field: &str, message: String, fix: &'static str) -> Finding {
    Finding {
        id,
        field: field.to_string(),
        message,
        fix,
    }
}

/// Every place the upload request carries the callback parameter.
pub fn locate(r: &Request) -> Vec<Located> {
    let mut out = Vec::new();
    if let Some(v) = r.form.as_ref().and_then(|f| f.get("callback")) {
        out.push(Located {
            field: "form:callback".into(),
            raw: v.to_vec(),
        });
    }
    if let Some(v) = r.header("x-oss-callback") {
        out.push(Located {
            field: "header:x-oss-callback".into(),
            raw: v.as_bytes().to_vec(),
        });
    }
    if let Some(v) = r.query_value("callback") {
        out.push(Located {
            field: "query:callback".into(),
            raw: v,
        });
    }
    out
}

/// The custom variables the request defines: (name as sent, value). `x:` form fields, or
/// the decoded `x-oss-callback-var` / `callback-var` map; problems with the map itself
/// are findings.
pub fn variables(r: &Request) -> (Vec<(String, String)>, Vec<Finding>) {
    let mut vars = Vec::new();
    let mut problems = Vec::new();
    if let Some(f) = &r.form {
        for (k, v) in &f.fields {
            if k.len() > 2 && k.as_bytes()[..2].eq_ignore_ascii_case(b"x:") {
                vars.push((k.clone(), String::from_utf8_lossy(v).into_owned()));
            }
        }
    }
    let coded = r
        .header("x-oss-callback-var")
        .map(|v| ("header:x-oss-callback-var", v.as_bytes().to_vec()))
        .or_else(|| {
            r.query_value("callback-var")
                .map(|v| ("query:callback-var", v))
        });
    if let Some((field, raw)) = coded {
        match decode_json(&raw) {
            Ok(Value::Object(m)) => {
                for (k, v) in m {
                    let v = match v {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    vars.push((k, v));
                }
            }
            Ok(_) => problems.push(finding("callback-param-invalid", field, "the callback-var parameter is not a JSON map {\"x:var1\":\"value1\", …}: OSS answers InvalidArgument".into(), "send base64 of a JSON object whose keys start with x: and are lower case")),
            Err(m) => problems.push(finding("callback-param-invalid", field, format!("the callback-var parameter {m}: OSS answers InvalidArgument"), "send base64 of a JSON object whose keys start with x: and are lower case")),
        }
    }
    (vars, problems)
}

fn decode_json(raw: &[u8]) -> Result<Value, String> {
    let t: Vec<u8> = raw
        .iter()
        .copied()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let b = base64::engine::general_purpose::STANDARD
        .decode(&t)
        .or_else(|_| {
            let fixed: Vec<u8> = t.iter().copied().filter(|c| *c != b'=').collect();
            base64::engine::general_purpose::STANDARD_NO_PAD.decode(fixed)
        })
        .map_err(|_| {
            if raw.trim_ascii_start().starts_with(b"{") {
                "is JSON text, not base64 of it".to_string()
            } else {
                "is not base64".to_string()
            }
        })?;
    serde_json::from_slice(&b).map_err(|e| format!("decodes to text that is not valid JSON ({e})"))
}

fn string_of(m: &serde_json::Map<String, Value>, k: &str) -> Option<String> {
    m.get(k).map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// Decode the parameter.
pub fn decode(l: &Located) -> Result<Callback, Finding> {
    const FIX: &str = "send base64(JSON.stringify({callbackUrl, callbackBody, callbackBodyType}))";
    match decode_json(&l.raw) {
        Ok(Value::Object(m)) => Ok(Callback {
            url: string_of(&m, "callbackUrl"),
            host: string_of(&m, "callbackHost"),
            body: string_of(&m, "callbackBody"),
            body_type: string_of(&m, "callbackBodyType"),
            sni: m.get("callbackSNI").cloned(),
        }),
        Ok(v) => Err(finding(
            "callback-param-invalid",
            &l.field,
            format!("the callback parameter decodes to {v}, not a JSON object"),
            FIX,
        )),
        Err(m) => Err(finding(
            "callback-param-invalid",
            &l.field,
            format!("the callback parameter {m}"),
            FIX,
        )),
    }
}

/// Why OSS cannot or will not call a URL, if it can say so offline.
fn url_problem(u: &str) -> Option<(&'static str, String)> {
    let lower = u.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    if rest.contains("://") {
        return Some((
            "callback-url-invalid",
            format!("'{u}' is not an http or https URL"),
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.starts_with('[') {
        return Some((
            "callback-url-invalid",
            format!("'{u}' is an IPv6 address: OSS does not call IPv6 callback URLs"),
        ));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    if let Some(p) = port {
        if p.parse::<u16>().ok().filter(|p| *p > 0).is_none() {
            return Some((
                "callback-url-invalid",
                format!("'{u}' has the port '{p}', which is not a number from 1 to 65535"),
            ));
        }
    }
    if host.is_empty() {
        return Some(("callback-url-invalid", format!("'{u}' has no host")));
    }
    if host == "localhost" || host.ends_with(".localhost") {
        return Some(("callback-url-private", format!("'{u}' is this machine (localhost): OSS calls the URL from the internet, and refuses loopback and private addresses")));
    }
    if let Ok(ip) = host.parse::<std::net::Ipv4Addr>() {
        let o = ip.octets();
        let private = ip.is_loopback()
            || ip.is_private()
            || ip.is_link_local()
            || ip.is_unspecified()
            || (o[0] == 100 && (64..128).contains(&o[1]));
        if private {
            return Some(("callback-url-private", format!("'{u}' is a private or loopback address ({ip}): OSS calls the URL from the internet and refuses such addresses")));
        }
    }
    None
}

/// Where a `${…}` variable of the body is, and whether it sits inside a JSON string.
fn body_variables(body: &str) -> Result<Vec<(String, bool)>, String> {
    let mut out = Vec::new();
    let b = body.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'"' => in_string = !in_string,
            b'$' if b.get(i + 1) == Some(&b'{') => {
                let Some(end) = body[i + 2..].find('}') else {
                    return Err(format!(
                        "'{}' opens a variable that is never closed",
                        &body[i..]
                    ));
                };
                let name = body[i + 2..i + 2 + end].to_string();
                if name.is_empty() || name.contains(['$', '{']) {
                    return Err(format!("'${{{name}}}' is not a variable"));
                }
                out.push((name, in_string));
                i += end + 2;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(out)
}

/// Check the decoded parameter against the request's variables.
pub fn check(cb: &Callback, vars: &[(String, String)]) -> Vec<Finding> {
    let mut out = Vec::new();
    const URL_FIX: &str = "set callbackUrl to a public http(s) URL of the application server (at most 5, separated by ';'), reachable from the internet";
    let urls = cb.urls();
    if urls.is_empty() {
        out.push(finding("callback-url-missing", "callback.url", "the callback parameter has no callbackUrl (or an empty one): OSS needs the URL it calls after the upload".into(), URL_FIX));
    } else if urls.len() > 5 {
        out.push(finding(
            "callback-url-invalid",
            "callback.url",
            format!("callbackUrl lists {} URLs: OSS takes at most 5", urls.len()),
            URL_FIX,
        ));
    }
    for u in &urls {
        if let Some((id, m)) = url_problem(u) {
            out.push(finding(id, "callback.url", m, URL_FIX));
        }
    }
    if let Some(h) = cb.host.as_deref().filter(|h| !h.is_empty()) {
        if h.contains(['/', ' ']) || h.contains("://") {
            out.push(finding("callback-host-invalid", "callback.host", format!("callbackHost '{h}' is not a host name: it is the Host header OSS sends, e.g. app.example.com"), "set callbackHost to a bare host name, or leave it out (OSS takes the host of callbackUrl)"));
        }
    }
    if let Some(v) = cb.sni.as_ref().filter(|v| !v.is_boolean()) {
        out.push(finding("callback-sni-invalid", "callback.sni", format!("callbackSNI is {v}, not a JSON boolean: OSS answers InvalidArgument 'The callback sni is invalid'"), "write callbackSNI as true or false without quotes (a Map<String, Object> with a Boolean, not a String)"));
    }
    const BODY_FIX: &str = "write callbackBody with ${bucket}, ${object}, ${etag}, ${size}, ${mimeType}, ${imageInfo.height|width|format}, ${crc64}, ${contentMd5}, ${vpcId}, ${clientIp}, ${reqId}, ${operation}, or ${x:name} variables that the upload defines";
    let body = cb.body.clone().unwrap_or_default();
    if body.trim().is_empty() {
        out.push(finding("callback-body-empty", "callback.body", "the callback parameter has no callbackBody (or an empty one): OSS refuses it (EC 0007-00000011)".into(), BODY_FIX));
    }
    let found = match body_variables(&body) {
        Ok(v) => v,
        Err(m) => {
            out.push(finding(
                "callback-body-variable",
                "callback.body",
                format!("callbackBody: {m}; variables are written ${{name}}"),
                BODY_FIX,
            ));
            Vec::new()
        }
    };
    for (name, _) in &found {
        if let Some(x) = name.strip_prefix("x:").or_else(|| name.strip_prefix("X:")) {
            let defined = vars.iter().find(|(k, _)| k.eq_ignore_ascii_case(name));
            if name.chars().any(|c| c.is_ascii_uppercase()) {
                let field = format!(
                    "callback-var:{}",
                    defined.map(|d| d.0.as_str()).unwrap_or(name)
                );
                out.push(finding("callback-var-case", &field, format!("the custom variable '{name}' has upper-case letters: OSS wants custom variables lower case (x:{})", x.to_ascii_lowercase()), "name custom variables x:<lower case> in callbackBody and in the form fields / callback-var"));
            } else if defined.is_none() {
                out.push(finding("callback-var-undefined", &format!("callback-var:{name}"), format!("callbackBody uses ${{{name}}}, but the upload defines no '{name}' (a form field for PostObject, callback-var for PutObject): the callback gets it empty"), "send the variable with the upload: a form field x:… for PostObject, the x-oss-callback-var header for PutObject"));
            }
        } else if !SYSTEM_VARIABLES.contains(&name.as_str()) {
            let near = SYSTEM_VARIABLES
                .iter()
                .find(|s| s.eq_ignore_ascii_case(name))
                .map(|s| format!(" (did you mean ${{{s}}}? the names are case-sensitive)"))
                .unwrap_or_default();
            out.push(finding("callback-body-variable", "callback.body", format!("callbackBody uses ${{{name}}}, which is not an OSS system variable{near}; custom variables are ${{x:name}}"), BODY_FIX));
        }
    }
    for (k, _) in vars {
        if k.chars().any(|c| c.is_ascii_uppercase())
            && !out.iter().any(|f| f.field == format!("callback-var:{k}"))
        {
            out.push(finding("callback-var-case", &format!("callback-var:{k}"), format!("the custom variable '{k}' has upper-case letters: OSS wants custom variable names lower case"), "name custom variables x:<lower case> in callbackBody and in the form fields / callback-var"));
        }
    }
    let body_type = cb
        .body_type
        .as_deref()
        .map(|t| t.trim().to_ascii_lowercase());
    match body_type.as_deref() {
        None | Some("application/x-www-form-urlencoded") => {}
        Some("application/json") => {
            // OSS puts each value in as a JSON string; inside quotes, as the bare text.
            let mut filled = String::new();
            let mut rest = body.as_str();
            for (name, quoted) in &found {
                let pat = format!("${{{name}}}");
                if let Some(p) = rest.find(&pat) {
                    filled.push_str(&rest[..p]);
                    filled.push_str(if *quoted { "v" } else { "\"v\"" });
                    rest = &rest[p + pat.len()..];
                }
            }
            filled.push_str(rest);
            if !body.trim().is_empty() && serde_json::from_str::<Value>(&filled).is_err() {
                out.push(finding("callback-body-not-json", "callback.body", format!("callbackBodyType is application/json, but callbackBody '{body}' is not JSON once its variables are filled in"), "write callbackBody as a JSON object ({\"object\":${object},\"size\":${size}}), or set callbackBodyType to application/x-www-form-urlencoded"));
            }
        }
        Some(t) => out.push(finding("callback-body-type-invalid", "callback.body-type", format!("callbackBodyType '{t}' is neither application/x-www-form-urlencoded nor application/json"), "set callbackBodyType to application/x-www-form-urlencoded (the default) or application/json")),
    }
    out
}

/// Everything wrong with the request's callback parameter: where it is, its decoding, its
/// content and variables. Returns the decoded parameter when it decodes.
pub fn inspect(r: &Request) -> (Option<Callback>, Vec<Finding>) {
    let places = locate(r);
    let mut out = Vec::new();
    let (vars, mut var_problems) = variables(r);
    let Some(first) = places.first() else {
        return (None, var_problems);
    };
    if places.len() > 1 {
        let names: Vec<&str> = places.iter().map(|p| p.field.as_str()).collect();
        out.push(finding("callback-param-invalid", &places[1].field, format!("the callback parameter is sent in more than one place ({}): OSS answers InvalidArgument", names.join(", ")), "send the callback in one place only: the form field for PostObject, the x-oss-callback header (or the callback query parameter) otherwise"));
    }
    if first.raw.len() > 5 * 1024 {
        out.push(finding(
            "callback-param-invalid",
            &first.field,
            format!(
                "the callback parameter is {} bytes: OSS takes at most 5 KB",
                first.raw.len()
            ),
            "shorten callbackBody; pass long values as custom variables",
        ));
    }
    let cb = match decode(first) {
        Ok(cb) => cb,
        Err(f) => {
            out.push(f);
            out.append(&mut var_problems);
            return (None, out);
        }
    };
    out.extend(check(&cb, &vars));
    out.append(&mut var_problems);
    (Some(cb), out)
}

/// The scheme and auth of the upload that carried the callback.
fn upload_scheme(r: &Request) -> (Option<SigVersion>, Option<AuthKind>) {
    if let Some(f) = &r.form {
        return (Some(crate::policy::form_version(f)), Some(AuthKind::Form));
    }
    let Some(s) = crate::scheme::of_request(r) else {
        return (None, None);
    };
    let auth = if r.header("authorization").is_some() {
        AuthKind::Header
    } else {
        AuthKind::Query
    };
    (Some(s.id()), Some(auth))
}

/// The field an InvalidArgument message or EC names, if any.
fn named_field(lower: &str, ec: &str) -> Option<&'static str> {
    if lower.contains("callbackbodytype") || lower.contains("body type") {
        Some("callback.body-type")
    } else if lower.contains("callbackbody") || ec == "0007-00000011" {
        Some("callback.body")
    } else if lower.contains("callbackurl")
        || lower.contains("callback url")
        || ec == "0007-00000004"
    {
        Some("callback.url")
    } else if lower.contains("callbackhost") {
        Some("callback.host")
    } else if lower.contains("sni") {
        Some("callback.sni")
    } else {
        None
    }
}

/// Explain `InvalidArgument` about the callback and `CallbackFailed`. Returns false when
/// the error is not about a callback.
pub fn explain(d: &mut Diagnosis, req: Option<&Request>) -> bool {
    let Some(e) = d.error.clone() else {
        return false;
    };
    let code = e.code.clone().unwrap_or_default();
    let msg = e.message.clone().unwrap_or_default();
    let lower = msg.to_ascii_lowercase();
    let ec = e.ec.as_deref().map(str::trim).unwrap_or("").to_string();
    let (mut cb, mut findings) = req.map(inspect).unwrap_or_default();
    if cb.is_none() && findings.is_empty() {
        // OSS may echo the decoded parameter: <ArgumentName>callback</ArgumentName><ArgumentValue>{…}
        let el = |n: &str| e.other.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        if el("ArgumentName").is_some_and(|n| n.trim().eq_ignore_ascii_case("callback")) {
            if let Some(v) = el("ArgumentValue") {
                let l = Located {
                    field: "callback".into(),
                    raw: base64::engine::general_purpose::STANDARD
                        .encode(v.trim())
                        .into_bytes(),
                };
                if let Ok(c) = decode(&l) {
                    findings = check(&c, &[])
                        .into_iter()
                        .filter(|f| !f.field.starts_with("callback-var:"))
                        .collect();
                    cb = Some(c);
                }
            }
        }
    }
    let carries = req.is_some_and(|r| !locate(r).is_empty());
    let failed = code == "CallbackFailed";
    let invalid = code == "InvalidArgument"
        && (lower.contains("callback")
            || ec.starts_with("0007-")
            || (carries && !findings.is_empty()));
    if !failed && !invalid {
        return false;
    }
    if let Some(r) = req {
        let (v, a) = upload_scheme(r);
        d.version = v;
        d.auth = a;
    }
    let said = if msg.is_empty() {
        String::new()
    } else {
        format!(" (OSS: '{msg}')")
    };
    let to_hint = |f: &Finding, severity| Hint {
        id: f.id,
        field: Some(f.field.clone()),
        message: format!("{}{said}", f.message),
        fix: Some(f.fix.to_string()),
        severity,
    };
    let mut hints = Vec::new();
    if invalid {
        let named = named_field(&lower, &ec);
        let mut order: Vec<&Finding> = findings.iter().collect();
        if let Some(n) = named {
            order.sort_by_key(|f| f.field != n);
        }
        match order.first() {
            Some(first) => {
                hints.push(to_hint(first, Severity::Error));
                hints.extend(order[1..].iter().map(|f| to_hint(f, Severity::Warning)));
            }
            None => hints.push(Hint {
                id: "callback-param-invalid",
                field: named.map(str::to_string),
                message: format!("OSS refused the callback parameter{said}{}", if carries { "; it reads as valid here" } else { "; paste the upload request (with its callback form field, x-oss-callback header or callback query) to check it" }),
                fix: Some("send base64 of a JSON object with a public callbackUrl, a callbackBody of ${…} variables and, optionally, callbackBodyType".into()),
                severity: Severity::Error,
            }),
        }
    } else {
        hints.push(failed_hint(&lower, cb.as_ref(), &findings, &said));
        hints.extend(findings.iter().map(|f| to_hint(f, Severity::Warning)));
    }
    d.hints.extend(hints);
    true
}

/// `CallbackFailed`: the upload is stored, the callback did not get a good answer.
fn failed_hint(lower: &str, cb: Option<&Callback>, findings: &[Finding], said: &str) -> Hint {
    let https = cb.is_some_and(Callback::https);
    let url_finding = findings.iter().find(|f| f.field == "callback.url");
    let host_mismatch = cb.and_then(|c| {
        let h = c.host.as_deref().filter(|h| !h.is_empty())?;
        let u = c.urls().first().map(|u| u.to_ascii_lowercase())?;
        let rest = u.split("://").nth(1).unwrap_or(&u).to_string();
        let uh = rest.split(['/', ':', '?']).next().unwrap_or("").to_string();
        (!uh.is_empty() && !h.eq_ignore_ascii_case(&uh)).then(|| (h.to_string(), uh))
    });
    let status: Option<i32> = lower
        .find("status")
        .and_then(|p| lower.get(p + 6..))
        .map(|r| r.trim_start_matches([' ', ':']))
        .and_then(|r| {
            let n: String = r
                .chars()
                .take_while(|c| *c == '-' || c.is_ascii_digit())
                .collect();
            n.parse().ok()
        });
    let sni = if cb.is_some_and(Callback::sends_sni) {
        " The callback URL is https.".to_string()
    } else {
        " An https callbackUrl on a server that needs SNI (a CDN such as Cloudflare, a load balancer with several certificates) fails this way: OSS sends SNI only with callbackSNI: true.".to_string()
    };
    let (id, field, message, fix): (&'static str, Option<&str>, String, &str) = if lower
        .contains("connect")
        || status == Some(-1)
    {
        let why = url_finding
            .map(|f| format!(": {}", f.message))
            .unwrap_or_default();
        ("callback-unreachable", Some("callback.url"), format!("OSS could not connect to the callback URL{why}.{}", if https { sni.as_str() } else { " Check that the host resolves publicly, the port is open to the internet and a firewall lets OSS in" }), "make callbackUrl a public address OSS can reach; for an https server that needs SNI set callbackSNI to true (a JSON boolean)")
    } else if lower.contains("too long time")
        || lower.contains("timeout")
        || lower.contains("timed out")
    {
        ("callback-timeout", Some("callback.url"), "the application server took longer than 5 seconds to answer the callback (the limit is fixed)".into(), "answer OSS at once and do the slow work (database, thumbnails) asynchronously")
    } else if lower.contains("json") {
        ("callback-response-not-json", Some("callback.url"), "the application server answered the callback with a body that is not JSON: OSS wants HTTP 200 with a JSON body (e.g. {\"Status\":\"OK\"})".into(), "reply 200 with Content-Type application/json and a JSON body, with a Content-Length")
    } else if lower.contains("content-length") {
        (
            "callback-response-length",
            Some("callback.url"),
            "the application server's answer has no valid Content-Length, or a body over 1 MB"
                .into(),
            "reply with a Content-Length header and a small JSON body",
        )
    } else if lower.contains("image info") {
        ("callback-image-info", Some("callback.body"), "callbackBody asks for ${imageInfo.*}, and OSS could not read image information of the object (not an image, or deleted)".into(), "use ${imageInfo.*} only for image uploads")
    } else if lower.contains("too many") {
        (
            "callback-throttled",
            None,
            "OSS has too many callback requests under way".into(),
            "retry later; spread uploads out",
        )
    } else if let Some(s) = status {
        let (field, extra) = if let Some((h, uh)) = host_mismatch.filter(|_| s == 404 || s >= 500) {
            ("callback.host", format!(" callbackHost '{h}' differs from the URL's host '{uh}': OSS sends Host: {h}, which a reverse proxy or virtual host may route elsewhere."))
        } else if s >= 500 && https {
            ("callback.url", sni.clone())
        } else if s == 400 && findings.iter().any(|f| f.field == "callback.body") {
            (
                "callback.body",
                " callbackBody has a problem (below) that may make the application reject it."
                    .to_string(),
            )
        } else if s == 404 {
            ("callback.url", " 404: the URL's path is not a route of the application server (a prefix, a trailing slash, POST not allowed).".to_string())
        } else if s == 401 || s == 403 || s == 400 {
            ("callback.url", " The application refused it; if it verifies OSS's signature, check its string with ossdiag on the request it logged (--pub-key).".to_string())
        } else {
            ("callback.url", " The application server (or a proxy in front of it) failed on the callback request.".to_string())
        };
        ("callback-status", Some(field), format!("the application server answered the callback with HTTP {s}; OSS wants 200 with a JSON body.{extra}"), "make the callback URL answer POST with 200 and a JSON body; look at the application server's log for this request")
    } else {
        (
            "callback-failed",
            Some("callback.url"),
            "the callback did not get a good answer (HTTP 200 with a JSON body)".into(),
            "check the application server's log for the callback request",
        )
    };
    Hint {
        id,
        field: field.map(str::to_string),
        message: format!("the object is stored, but the upload callback failed: {message}{said}"),
        fix: Some(fix.to_string()),
        severity: Severity::Error,
    }
}

/// Every hint id this module gives.
pub const CATALOG: &[(&str, &str)] = &[
    (
        "callback-param-invalid",
        "the callback parameter cannot be read",
    ),
    ("callback-url-missing", "callbackUrl is missing"),
    (
        "callback-url-invalid",
        "callbackUrl is malformed or lists too many URLs",
    ),
    (
        "callback-url-private",
        "callbackUrl is a private or loopback address",
    ),
    ("callback-host-invalid", "callbackHost is not a host name"),
    ("callback-body-empty", "callbackBody is missing"),
    ("callback-sni-invalid", "callbackSNI is not a boolean"),
    (
        "callback-body-variable",
        "callbackBody has an unknown or malformed variable",
    ),
    (
        "callback-var-undefined",
        "a custom variable of callbackBody is not sent",
    ),
    (
        "callback-var-case",
        "a custom variable has upper-case letters",
    ),
    (
        "callback-body-type-invalid",
        "callbackBodyType is not a supported type",
    ),
    ("callback-body-not-json", "a JSON callbackBody is not JSON"),
    (
        "callback-unreachable",
        "CallbackFailed: OSS could not connect",
    ),
    (
        "callback-timeout",
        "CallbackFailed: the application took over 5 s",
    ),
    (
        "callback-response-not-json",
        "CallbackFailed: the answer is not JSON",
    ),
    (
        "callback-response-length",
        "CallbackFailed: the answer's length is bad",
    ),
    (
        "callback-image-info",
        "CallbackFailed: no image information",
    ),
    ("callback-throttled", "CallbackFailed: too many callbacks"),
    (
        "callback-status",
        "CallbackFailed: the application answered non-200",
    ),
    ("callback-failed", "CallbackFailed"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{CaptureKind, Form};

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(s)
    }

    fn put(cb: &str, var: Option<&str>) -> Request {
        let mut r = Request::new(CaptureKind::RawHttp);
        r.method = Some("PUT".into());
        r.headers.push(("x-oss-callback".into(), b64(cb)));
        if let Some(v) = var {
            r.headers.push(("x-oss-callback-var".into(), b64(v)));
        }
        r
    }

    fn fields(r: &Request) -> Vec<String> {
        let found = inspect(r).1;
        for f in &found {
            assert!(
                CATALOG.iter().any(|(id, _)| *id == f.id),
                "{} not catalogued",
                f.id
            );
        }
        found.into_iter().map(|f| f.field).collect()
    }

    #[test]
    fn a_good_parameter_has_no_finding() {
        let r = put(
            r#"{"callbackUrl":"https://app.example.com/cb","callbackBody":"bucket=${bucket}&object=${object}&uid=${x:uid}","callbackBodyType":"application/x-www-form-urlencoded"}"#,
            Some(r#"{"x:uid":"42"}"#),
        );
        assert_eq!(fields(&r), Vec::<String>::new());
        let r = put(
            r#"{"callbackUrl":"121.43.113.8:23456/index.html","callbackBody":"{\"mimeType\":${mimeType},\"size\":${size},\"o\":\"${object}\"}","callbackBodyType":"application/json"}"#,
            None,
        );
        assert_eq!(fields(&r), Vec::<String>::new());
    }

    #[test]
    fn each_fault_names_its_field() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            (r#"{"callbackBody":"a=${bucket}"}"#, None, "callback.url"),
            (
                r#"{"callbackUrl":"http://127.0.0.1:8080/cb","callbackBody":"a=${bucket}"}"#,
                None,
                "callback.url",
            ),
            (
                r#"{"callbackUrl":"http://192.168.1.10/cb","callbackBody":"a=${bucket}"}"#,
                None,
                "callback.url",
            ),
            (
                r#"{"callbackUrl":"http://172.20.0.1/cb","callbackBody":"a=${bucket}"}"#,
                None,
                "callback.url",
            ),
            (
                r#"{"callbackUrl":"http://localhost/cb","callbackBody":"a=${bucket}"}"#,
                None,
                "callback.url",
            ),
            (
                r#"{"callbackUrl":"10.101.166.30:test","callbackBody":"a=${bucket}"}"#,
                None,
                "callback.url",
            ),
            (
                r#"{"callbackUrl":"a.com;b.com;c.com;d.com;e.com;f.com","callbackBody":"a=${bucket}"}"#,
                None,
                "callback.url",
            ),
            (
                r#"{"callbackUrl":"https://a.com/cb","callbackBody":""}"#,
                None,
                "callback.body",
            ),
            (
                r#"{"callbackUrl":"https://a.com/cb","callbackBody":"a=${filename}"}"#,
                None,
                "callback.body",
            ),
            (
                r#"{"callbackUrl":"https://a.com/cb","callbackBody":"a=${mimetype}"}"#,
                None,
                "callback.body",
            ),
            (
                r#"{"callbackUrl":"https://a.com/cb","callbackBody":"a=${bucket"}"#,
                None,
                "callback.body",
            ),
            (
                r#"{"callbackUrl":"https://a.com/cb","callbackBody":"a=${x:uid}"}"#,
                None,
                "callback-var:x:uid",
            ),
            (
                r#"{"callbackUrl":"https://a.com/cb","callbackBody":"a=${x:userId}"}"#,
                Some(r#"{"x:userId":"1"}"#),
                "callback-var:x:userId",
            ),
            (
                r#"{"callbackUrl":"https://a.com/cb","callbackBody":"a=${bucket}","callbackBodyType":"text/plain"}"#,
                None,
                "callback.body-type",
            ),
            (
                r#"{"callbackUrl":"https://a.com/cb","callbackBody":"bucket=${bucket}&object=${object}","callbackBodyType":"application/json"}"#,
                None,
                "callback.body",
            ),
            (
                r#"{"callbackUrl":"https://a.com/cb","callbackHost":"https://a.com/","callbackBody":"a=${bucket}"}"#,
                None,
                "callback.host",
            ),
        ];
        let sni = put(
            r#"{"callbackUrl":"https://a.com/cb","callbackBody":"a=${bucket}","callbackSNI":"true"}"#,
            None,
        );
        assert_eq!(fields(&sni), ["callback.sni"]);
        let sni = put(
            r#"{"callbackUrl":"https://a.com/cb","callbackBody":"a=${bucket}","callbackSNI":true}"#,
            None,
        );
        assert_eq!(fields(&sni), Vec::<String>::new());
        for (cb, var, want) in cases {
            let got = fields(&put(cb, *var));
            assert_eq!(
                got.first().map(String::as_str),
                Some(*want),
                "{cb}: {got:?}"
            );
        }
        let mut r = put("{}", None);
        r.headers[0].1 = "not base64!".into();
        assert_eq!(fields(&r), ["header:x-oss-callback"]);
        r.headers[0].1 = b64("{not json");
        assert_eq!(fields(&r), ["header:x-oss-callback"]);
    }

    #[test]
    fn form_fields_carry_the_parameter_and_variables() {
        let mut r = Request::new(CaptureKind::RawHttp);
        r.form = Some(Form {
            fields: vec![
                (
                    "callback".into(),
                    b64(r#"{"callbackUrl":"https://a.com/cb","callbackBody":"u=${x:uid}"}"#)
                        .into_bytes(),
                ),
                ("x:uid".into(), b"7".to_vec()),
            ],
            file: None,
        });
        assert_eq!(fields(&r), Vec::<String>::new());
        r.headers.push(("x-oss-callback".into(), "e30=".into()));
        assert_eq!(
            fields(&r).first().map(String::as_str),
            Some("header:x-oss-callback")
        );
    }
}
