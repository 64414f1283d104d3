//! Diagnose stage: pair each error body with its request and client string, rebuild
//! what should have been signed, align field by field, and explain the differences.

pub mod align;
pub mod fields;
pub mod hints;
pub mod other;
pub mod resource;

use crate::input::{self, Captured, ClientString, ErrorBody, Evidence};
use crate::request::Request;
pub use align::{Row, Status};
use fields::Field;
pub use hints::{Hint, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigVersion {
    V1,
    V4,
    V2,
    AwsV2,
    AwsV4,
    PostV1,
    PostV4,
    /// The upload-callback request OSS sends to the application server (RSA/MD5).
    Callback,
}

impl SigVersion {
    pub fn label(self) -> &'static str {
        match self {
            SigVersion::V1 => "Signature V1 (OSS)",
            SigVersion::V4 => "Signature V4 (OSS4-HMAC-SHA256)",
            SigVersion::V2 => "Signature V2 (OSS2, HMAC-SHA256)",
            SigVersion::AwsV2 => "S3-style Signature V2 (AWS)",
            SigVersion::AwsV4 => "S3-style Signature V4 (AWS4-HMAC-SHA256)",
            SigVersion::PostV1 => "PostObject policy, V1",
            SigVersion::PostV4 => "PostObject policy, V4",
            SigVersion::Callback => "Upload callback (RSA/MD5)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    Header,
    Query,
    Form,
    Callback,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The strings differ; `culprits` names the fields.
    Mismatch,
    /// The strings are the same byte for byte.
    Identical,
    /// Only the server's side is known.
    ServerOnly,
    /// The error is not a signature mismatch.
    OtherError,
    /// Only a request or client string, no error body.
    ClientOnly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientSource {
    ClientString,
    CapturedRequest,
    SecretSearch,
    /// PostObject: the policy an application server signed (its signature response). The
    /// JSON report names it `client-string`: it is what the signing side signed.
    AppServer,
}

/// Where the server's string was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerFrom {
    Bytes,
    Text,
}

/// The error as OSS returned it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorInfo {
    pub code: Option<String>,
    pub message: Option<String>,
    pub request_id: Option<String>,
    pub host_id: Option<String>,
    pub ec: Option<String>,
    pub access_key_id: Option<String>,
    pub signature_provided: Option<String>,
    pub other: Vec<(String, String)>,
    pub notes: Vec<String>,
}

/// The captured request, as shown in reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInfo {
    pub kind: &'static str,
    pub method: Option<String>,
    pub host: Option<String>,
    pub target: String,
    pub auth: Option<AuthKind>,
    pub notes: Vec<String>,
}

/// One diagnosis: the plain data every renderer reads.
#[derive(Debug, Clone)]
pub struct Diagnosis {
    pub version: Option<SigVersion>,
    pub auth: Option<AuthKind>,
    pub verdict: Verdict,
    pub culprits: Vec<String>,
    pub rows: Vec<Row>,
    pub client_source: Option<ClientSource>,
    /// Where a pasted client string came from (`--client-string f.txt`, the ticket, an SDK log).
    pub client_origin: Option<String>,
    pub client_string: Option<Vec<u8>>,
    pub server_string: Option<Vec<u8>>,
    pub server_from: Option<ServerFrom>,
    /// V4: the canonical requests, when known.
    pub server_canonical_request: Option<Vec<u8>>,
    pub client_canonical_request: Option<Vec<u8>>,
    pub error: Option<ErrorInfo>,
    pub request: Option<RequestInfo>,
    pub hints: Vec<Hint>,
    pub notes: Vec<String>,
    /// Values to mask in reports unless asked not to (tokens, URL signatures).
    pub sensitive: Vec<String>,
    /// With a secret (or a V4 hash search): what the search did.
    pub search: Option<crate::secret::search::SearchStats>,
    /// The dialect, when the scheme's label does not say it (`S3-style` PostObject).
    pub dialect: Option<&'static str>,
}

impl Diagnosis {
    fn new(verdict: Verdict) -> Diagnosis {
        Diagnosis {
            version: None,
            auth: None,
            verdict,
            culprits: Vec::new(),
            rows: Vec::new(),
            client_source: None,
            client_origin: None,
            client_string: None,
            server_string: None,
            server_from: None,
            server_canonical_request: None,
            client_canonical_request: None,
            error: None,
            request: None,
            hints: Vec::new(),
            notes: Vec::new(),
            sensitive: Vec::new(),
            search: None,
            dialect: None,
        }
    }

    /// The exit code per the contract: a problem when one was diagnosed.
    pub fn exit(&self) -> crate::exit::Exit {
        use crate::exit::Exit;
        let signature_error = self
            .error
            .as_ref()
            .and_then(|e| e.code.as_deref())
            .is_some_and(|c| c == "SignatureDoesNotMatch");
        match self.verdict {
            Verdict::Mismatch | Verdict::OtherError => Exit::Problem,
            Verdict::ServerOnly
                if signature_error || self.hints.iter().any(|h| h.severity == Severity::Error) =>
            {
                Exit::Problem
            }
            _ => {
                if self
                    .hints
                    .iter()
                    .any(|h| h.severity == Severity::Error && h.id != "secret-differs")
                {
                    Exit::Problem
                } else {
                    Exit::Clean
                }
            }
        }
    }
}

pub fn diagnose(ev: &Evidence) -> Vec<Diagnosis> {
    let mut ds = diagnose_all(ev);
    for d in &mut ds {
        other::fragment_hints(d);
        other::next_step(d);
    }
    for d in &mut ds {
        speak(d);
        // Causes first, then warnings, then context; stable within each.
        d.hints.sort_by_key(|h| match h.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        });
    }
    ds
}

fn diagnose_all(ev: &Evidence) -> Vec<Diagnosis> {
    let errors: Vec<&ErrorBody> = ev.errors.iter().collect();
    let client = ev.client_strings.first();
    let mut out = Vec::new();
    if errors.is_empty() {
        if let Some(r) = ev.requests.first() {
            out.push(one(None, Some(r), client, ev));
        } else if client.is_some() || !ev.app_signed.is_empty() {
            out.push(one(None, None, client, ev));
        }
        return out;
    }
    let pairs = pair(&errors, &ev.requests);
    for (i, (e, r)) in pairs.into_iter().enumerate() {
        out.push(one(Some(e), r, if i == 0 { client } else { None }, ev));
    }
    out
}

/// Pair each error body with its request, for tickets that paste several of each.
/// Every request is scored against the error: the bucket host (`HostId`), the path and
/// the verb and date/expires the server signed, and the request's place in the text (the
/// nearest one before the error in the same input, as in a curl -v transcript). The best
/// positive score wins; a request already taken by an earlier error counts a little less
/// (retries repeat one request, tickets usually pair one to one). With one error or one
/// request and nothing against it, they are paired as before.
fn pair<'a>(
    errors: &[&'a ErrorBody],
    requests: &'a [Captured],
) -> Vec<(&'a ErrorBody, Option<&'a Captured>)> {
    /// What the server signed, split into lines (V1 string to sign, else V4 canonical request).
    fn signed_lines(e: &ErrorBody) -> (Vec<String>, bool) {
        let pick = |bytes: &str, text: &str| -> Option<Vec<u8>> {
            let h = e.get(bytes).map(input::decode_hex);
            match h {
                Some(h) if h.problem.is_none() && !h.bytes.is_empty() => Some(h.bytes),
                _ => e.get(text).map(|t| input::unescape_literal(t.as_bytes()).0),
            }
        };
        if let Some(cr) = pick("CanonicalRequestBytes", "CanonicalRequest") {
            let l = String::from_utf8_lossy(&cr)
                .split('\n')
                .map(str::to_string)
                .collect();
            return (l, true);
        }
        match pick("StringToSignBytes", "StringToSign") {
            Some(s) if !fields::is_v4_layout(&s) => (
                String::from_utf8_lossy(&s)
                    .split('\n')
                    .map(str::to_string)
                    .collect(),
                false,
            ),
            _ => (Vec::new(), false),
        }
    }
    fn score(e: &ErrorBody, lines: &(Vec<String>, bool), c: &Captured) -> i32 {
        let r = &c.request;
        let mut s = 0;
        // The response's request id names its error body outright.
        if let (Some(a), Some(b)) = (e.get("RequestId"), r.response_request_id.as_deref()) {
            let (a, b) = (a.trim(), b.trim());
            if !a.contains('*') && !a.is_empty() {
                s += if a == b { 20 } else { -6 };
            }
        }
        let host = r.host_name().map(|h| h.to_ascii_lowercase());
        if let (Some(hid), Some(h)) = (e.get("HostId"), &host) {
            let hid = hid.trim().to_ascii_lowercase();
            if !hid.is_empty() && !hid.contains('*') {
                if &hid == h {
                    s += 4;
                } else if hid.contains('.') && h.contains('.') && !h.ends_with(&hid) {
                    s -= 4;
                }
            }
        }
        let path =
            String::from_utf8_lossy(&crate::request::percent_decode(r.raw_path())).into_owned();
        let (l, v4) = lines;
        if *v4 {
            if let Some(uri) = l.get(1) {
                let uri =
                    String::from_utf8_lossy(&crate::request::percent_decode(uri)).into_owned();
                if uri == path || uri.ends_with(&path) && path.len() > 1 {
                    s += 3;
                }
            }
            if l.first()
                .is_some_and(|m| Some(m.as_str()) == r.method.as_deref())
            {
                s += 1;
            }
        } else if !l.is_empty() {
            let res = l
                .last()
                .map(|x| x.split('?').next().unwrap_or(""))
                .unwrap_or("");
            if path.len() > 1 && res.ends_with(&path) {
                s += 3;
            } else if path.len() > 1 && !res.is_empty() && !res.contains('*') {
                s -= 1;
            }
            match (l.first(), r.method.as_deref()) {
                (Some(m), Some(rm)) if m == rm => s += 1,
                (Some(_), Some(_)) => s -= 1,
                _ => {}
            }
            if let Some(t) = l.get(3) {
                let date = r.header("date").or_else(|| r.header("x-oss-date"));
                let expires = r
                    .query_value("Expires")
                    .map(|v| String::from_utf8_lossy(&v).into_owned());
                if !t.is_empty()
                    && (date == Some(t.as_str()) || expires.as_deref() == Some(t.as_str()))
                {
                    s += 2;
                }
            }
        }
        s
    }
    let mut used = vec![0i32; requests.len()];
    errors
        .iter()
        .map(|e| {
            let lines = signed_lines(e);
            let nearest_before = requests
                .iter()
                .rposition(|r| r.input == e.input && r.offset <= e.offset);
            let mut best: Option<(i32, usize)> = None;
            for (k, c) in requests.iter().enumerate() {
                let mut sc = score(e, &lines, c) - used[k];
                if Some(k) == nearest_before {
                    sc += 3;
                } else if c.input == e.input && c.offset <= e.offset {
                    sc += 1;
                }
                if best.is_none_or(|(b, _)| sc > b) {
                    best = Some((sc, k));
                }
            }
            let pick = match best {
                Some((sc, k)) if sc > 0 => Some(k),
                Some((sc, k)) if sc > -3 && (requests.len() == 1 || errors.len() == 1) => Some(k),
                _ => None,
            };
            if let Some(k) = pick {
                if let Some(u) = used.get_mut(k) {
                    *u += 1;
                }
            }
            (*e, pick.and_then(|k| requests.get(k)))
        })
        .collect()
}

fn error_info(e: &ErrorBody) -> ErrorInfo {
    let known = [
        "Code",
        "Message",
        "RequestId",
        "HostId",
        "EC",
        "OSSAccessKeyId",
        "AWSAccessKeyId",
        "SignatureProvided",
        "StringToSign",
        "StringToSignBytes",
        "CanonicalRequest",
        "CanonicalRequestBytes",
    ];
    ErrorInfo {
        code: e.code().map(str::to_string),
        message: e.get("Message").map(str::to_string),
        request_id: e.get("RequestId").map(str::to_string),
        host_id: e.get("HostId").map(str::to_string),
        ec: e.get("EC").map(str::to_string),
        access_key_id: e.access_key_id().map(str::to_string),
        signature_provided: e.get("SignatureProvided").map(str::to_string),
        other: e
            .elements
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .cloned()
            .collect(),
        notes: e.notes.clone(),
    }
}

/// The server's string: the bytes when usable, else the text. Returns the string,
/// where it came from, and hints about text/bytes disagreement.
pub(crate) fn server_string(
    e: &ErrorBody,
    bytes_el: &str,
    text_el: &str,
    hints: &mut Vec<Hint>,
    notes: &mut Vec<String>,
) -> Option<(Vec<u8>, ServerFrom)> {
    let text = e.get(text_el).map(|t| {
        let (u, esc) = input::unescape_literal(t.as_bytes());
        if esc {
            notes.push(format!("<{text_el}> shows newlines as literal \\n (as documents print it); read as newlines"));
        }
        u
    });
    let hex = e.get(bytes_el).map(input::decode_hex);
    match (hex, text) {
        (Some(h), text) if h.problem.is_none() && !h.bytes.is_empty() => {
            if let Some(mut t) = text {
                // A pasted file with CRLF line ends puts \r into the text, not the bytes.
                if !h.bytes.contains(&b'\r') && t.contains(&b'\r') {
                    t = String::from_utf8_lossy(&t)
                        .replace("\r\n", "\n")
                        .into_bytes();
                }
                if t != h.bytes {
                    hints.push(hints::text_bytes_disagree(text_el, &h.bytes, &t));
                }
            }
            Some((h.bytes, ServerFrom::Bytes))
        }
        (Some(h), Some(t)) => {
            notes.push(format!(
                "<{bytes_el}> is unusable ({}); the <{text_el}> text is used instead",
                h.problem.unwrap_or_else(|| "empty".into())
            ));
            Some((t, ServerFrom::Text))
        }
        (Some(h), None) => {
            let p = h.problem.unwrap_or_else(|| "empty".into());
            if h.bytes.is_empty() {
                notes.push(format!(
                    "<{bytes_el}> is unusable ({p}) and there is no <{text_el}>"
                ));
                None
            } else {
                notes.push(format!(
                    "<{bytes_el}> is incomplete ({p}); the fields after the cut are unknown"
                ));
                Some((h.bytes, ServerFrom::Bytes))
            }
        }
        (None, Some(t)) => {
            notes.push(format!(
                "no <{bytes_el}> in the body: the <{text_el}> text is taken as the server's string"
            ));
            Some((t, ServerFrom::Text))
        }
        (None, None) => None,
    }
}

pub(crate) fn request_info(r: &Request, auth: Option<AuthKind>) -> RequestInfo {
    RequestInfo {
        kind: r.kind.label(),
        method: r.method.clone(),
        host: r.host_name(),
        target: r.target.clone(),
        auth,
        notes: r.notes.clone(),
    }
}

/// Values in a request that reports mask by default.
fn sensitive_of(r: &Request) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in r.raw_query_pairs() {
        if matches!(
            k,
            "Signature" | "x-oss-signature" | "security-token" | "x-oss-security-token"
        ) {
            if let Some(v) = v.filter(|v| v.len() >= 8) {
                out.push(v.to_string());
                out.push(String::from_utf8_lossy(&crate::request::query_decode(v)).into_owned());
            }
        }
    }
    for (k, v) in &r.headers {
        if k.eq_ignore_ascii_case("x-oss-security-token") && v.len() >= 8 {
            out.push(v.clone());
        }
    }
    out
}

fn one(
    e: Option<&ErrorBody>,
    r: Option<&Captured>,
    c: Option<&ClientString>,
    ev: &Evidence,
) -> Diagnosis {
    let mut d = Diagnosis::new(Verdict::ServerOnly);
    let mut hints = Vec::new();
    let mut notes = Vec::new();
    let server = e.and_then(|e| {
        server_string(
            e,
            "StringToSignBytes",
            "StringToSign",
            &mut hints,
            &mut notes,
        )
    });
    if let Some(e) = e {
        d.error = Some(error_info(e));
    }
    let req = r.map(|c| &c.request);
    if let Some(req) = req {
        d.sensitive.extend(sensitive_of(req));
    }
    let code = d.error.as_ref().and_then(|e| e.code.clone());
    // PostObject answers a bad policy signature with `AccessDenied` and a message that
    // starts "SignatureDoesNotMatch" (Alibaba KB 42976, PostObject common errors).
    let sdm_message = d
        .error
        .as_ref()
        .and_then(|e| e.message.as_deref())
        .is_some_and(|m| m.trim_start().starts_with("SignatureDoesNotMatch"));
    let signature_error =
        code.as_deref().is_none_or(|c| c == "SignatureDoesNotMatch") || sdm_message;
    if !signature_error && server.is_none() {
        d.verdict = Verdict::OtherError;
        other::explain_error(&mut d, req);
        if let Some(req) = req {
            d.request = Some(request_info(req, d.auth));
        }
        return d;
    }
    let scheme = crate::scheme::detect(&crate::scheme::Detect {
        server: server.as_ref().map(|(s, _)| s.as_slice()),
        error: e,
        request: req,
        // With nothing else, what an application server signed says the scheme.
        client: c.map(|c| c.bytes.as_slice()).or_else(|| {
            ev.app_signed
                .first()
                .and_then(|a| a.form.get("policy"))
                .filter(|_| server.is_none() && req.is_none())
        }),
    });
    d.version = Some(scheme.id());
    d.hints.append(&mut hints);
    d.notes.append(&mut notes);
    if let Some((s, from)) = server {
        d.server_string = Some(s);
        d.server_from = Some(from);
    }
    scheme.diagnose_in(&mut d, e, req, c, ev);
    if d.client_source == Some(ClientSource::ClientString) {
        d.client_origin = c.map(|c| c.origin.clone());
    }
    d
}

/// Put the words of the diagnosis's scheme into its hints (`{x-oss-}` → `x-amz-`…).
pub fn speak(d: &mut Diagnosis) {
    let w = d
        .version
        .and_then(crate::scheme::by_id)
        .map_or(hints::Words::OSS, |s| s.words());
    hints::speak(&mut d.hints, &w);
}

/// The bucket named by the error body's HostId (`bucket.oss-cn-hangzhou.aliyuncs.com`).
pub(crate) fn host_id_bucket(d: &Diagnosis) -> Option<String> {
    let h = d.error.as_ref()?.host_id.as_deref()?;
    crate::request::classify_host(Some(h)).1
}

/// Align, decide the verdict and the culprits.
pub(crate) fn finish(
    d: &mut Diagnosis,
    server: &[Field],
    client: &[Field],
    source: Option<ClientSource>,
    client_string: Option<Vec<u8>>,
) {
    d.rows = align::align(server, client);
    d.client_source = source;
    d.client_string = client_string;
    d.verdict = match (&d.server_string, &d.client_string) {
        (None, None) => Verdict::ServerOnly,
        (None, Some(_)) if d.error.is_none() => Verdict::ClientOnly,
        (None, Some(_)) => Verdict::ServerOnly,
        (Some(_), None) => Verdict::ServerOnly,
        (Some(s), Some(c)) if s == c => Verdict::Identical,
        (Some(_), Some(_)) => Verdict::Mismatch,
    };
    if d.verdict == Verdict::Mismatch {
        d.culprits = culprits(&d.rows);
        if d.culprits.is_empty() {
            // Same fields, different string: order or line structure.
            d.culprits = d
                .rows
                .iter()
                .filter(|r| r.name.starts_with("header:"))
                .map(|r| r.name.clone())
                .take(1)
                .collect();
        }
    }
}

/// The differing fields, most likely cause first: a time field that differs beside
/// other fields is usually a consequence of pasting strings from two attempts, so it
/// goes last; a hash that differs beside canonical-request fields is a consequence.
pub fn culprits(rows: &[Row]) -> Vec<String> {
    let diff: Vec<&Row> = rows.iter().filter(|r| r.differs()).collect();
    let cr_fields = diff.iter().any(|r| {
        r.name == "verb"
            || r.name == "uri"
            || r.name.starts_with("query:")
            || r.name.starts_with("header:")
            || r.name == "additional-headers"
            || r.name == "signed-headers"
            || r.name == "payload-hash"
    });
    let mut out: Vec<(u8, &str)> = diff
        .iter()
        .filter(|r| !(cr_fields && r.name == "canonical-request-hash"))
        .map(|r| {
            let late = matches!(r.name.as_str(), "date" | "expires" | "timestamp");
            (u8::from(late && diff.len() > 1), r.name.as_str())
        })
        .collect();
    out.sort_by_key(|(late, _)| *late);
    out.into_iter().map(|(_, n)| n.to_string()).collect()
}
