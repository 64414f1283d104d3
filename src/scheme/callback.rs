//! The upload-callback request OSS sends to the application server (`signature_version`
//! `callback`, auth `callback`): RSA PKCS#1 v1.5 / MD5 over
//! `url_decode(path) + query + "\n" + body` (`callback::request`).
//!
//! The "server" side is what OSS signed, rebuilt from the request as the application
//! logged it; the client side is what the application verified (`--client-string`). With
//! `--pub-key` the signature is verified offline; without it the tool still checks
//! `Content-MD5` against the body and that `x-oss-pub-key-url` is OSS's key host.

use super::{Detect, Scheme};
use crate::callback::request::{self as cb, Parts, BODY, PATH, QUERY};
use crate::diagnose::{
    finish, request_info, AuthKind, ClientSource, Diagnosis, Hint, Severity, SigVersion, Status,
    Verdict,
};
use crate::input::{ClientString, ErrorBody};
use crate::request::Request;
use crate::secret::{SearchOptions, Secret};

pub struct Callback;

pub static CALLBACK: Callback = Callback;

use crate::diagnose::hints::hint_with as hint;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The same JSON value, or the same form pairs, written differently.
fn same_data(a: &[u8], b: &[u8]) -> Option<&'static str> {
    if let (Ok(x), Ok(y)) = (
        serde_json::from_slice::<serde_json::Value>(a),
        serde_json::from_slice::<serde_json::Value>(b),
    ) {
        return (x == y).then_some("JSON");
    }
    let pairs = |s: &[u8]| -> Vec<(Vec<u8>, Option<Vec<u8>>)> {
        let mut v: Vec<_> = crate::request::split_query(&text(s))
            .into_iter()
            .map(|(k, v)| {
                (
                    crate::request::query_decode(k),
                    v.map(crate::request::query_decode),
                )
            })
            .collect();
        v.sort();
        v
    };
    let (pa, pb) = (pairs(a), pairs(b));
    (!pa.is_empty() && pa == pb).then_some("form-urlencoded")
}

/// Name the application's mistake in each differing field.
fn mistakes(d: &Diagnosis, raw_path: &str, server: &Parts) -> Vec<Hint> {
    let mut out = Vec::new();
    for r in d.rows.iter().filter(|r| r.status == Status::Differs) {
        let (s, c) = (
            r.server.clone().unwrap_or_default(),
            r.client.clone().unwrap_or_default(),
        );
        let h = match r.name.as_str() {
            PATH if c == raw_path.as_bytes() => hint("callback-path-not-decoded", Some(PATH), format!("the application verified the path as sent ('{raw_path}'); OSS signs it URL-decoded ('{}')", text(&s)), "URL-decode the path (not the query) before building the string: urllib.parse.unquote(path)", Severity::Error),
            PATH => hint("callback-path-differs", Some(PATH), format!("the application's path '{}' is not the one OSS signed, '{}' (a mount prefix or rewrite by a proxy or framework?)", text(&c), text(&s)), "use the request path exactly as received, URL-decoded (the raw request URI, not the route)", Severity::Error),
            QUERY if c.is_empty() => hint("callback-query-dropped", Some(QUERY), format!("the application left out the query '{}': OSS signs it, with its '?'", text(&s)), "append the raw query string with its '?' after the decoded path", Severity::Error),
            QUERY if !c.starts_with(b"?") && s.get(1..) == Some(&c[..]) => hint("callback-query-no-mark", Some(QUERY), "the application's query has no leading '?': OSS signs path + '?' + query".into(), "append '?' + the raw query", Severity::Error),
            QUERY if crate::request::percent_decode(&text(&s)) == c || crate::request::query_decode(&text(&s)) == c => hint("callback-query-decoded", Some(QUERY), format!("the application URL-decoded the query ('{}'); OSS signs it raw ('{}')", text(&c), text(&s)), "take the query from the raw request URI, not from a parsed parameter map", Severity::Error),
            QUERY => hint("callback-query-differs", Some(QUERY), format!("the application's query '{}' is not the one OSS signed, '{}' (re-ordered or rebuilt from parsed parameters?)", text(&c), text(&s)), "append the raw query string as received", Severity::Error),
            BODY if !c.starts_with(b"\n") && c == server.body => hint("callback-newline-missing", Some(BODY), "the application joined path and query to the body without the '\\n' between them".into(), "build path + query + \"\\n\" + body", Severity::Error),
            BODY => {
                let cb = c.strip_prefix(b"\n").unwrap_or(&c);
                match same_data(cb, &server.body) {
                    Some(kind) => hint("callback-body-reencoded", Some(BODY), format!("the application verified a re-encoded body: the same {kind} data as OSS sent, written differently ('{}' instead of '{}'): a framework parsed the body and serialized it again", text(cb), text(&server.body)), "verify over the raw request body bytes, read before any body parser (express.raw, request.get_data(), io.ReadAll(r.Body))", Severity::Error),
                    None => hint("callback-body-differs", Some(BODY), format!("the application's body '{}' is not the body OSS sent, '{}'", text(cb), text(&server.body)), "verify over the raw request body bytes, exactly as received", Severity::Error),
                }
            }
            _ => continue,
        };
        out.push(h);
    }
    out
}

impl Scheme for Callback {
    fn id(&self) -> SigVersion {
        SigVersion::Callback
    }
    fn claims_server(&self, d: &Detect) -> bool {
        d.server.is_none() && d.request.is_some_and(|r| self.claims_request(r))
    }
    fn claims_request(&self, r: &Request) -> bool {
        r.header("x-oss-pub-key-url").is_some()
    }
    fn claims_client(&self, _c: &[u8]) -> bool {
        false
    }
    fn diagnose(
        &self,
        d: &mut Diagnosis,
        _e: Option<&ErrorBody>,
        req: Option<&Request>,
        c: Option<&ClientString>,
    ) {
        d.auth = Some(AuthKind::Callback);
        let Some(r) = req else { return };
        d.request = Some(request_info(r, d.auth));
        let parts = Parts::of(r);
        d.server_string = Some(parts.string());
        let sf = parts.fields();
        let (cf, client, source) = match c {
            Some(c) => (
                cb::split_client(&c.bytes, &parts),
                Some(c.bytes.clone()),
                Some(ClientSource::ClientString),
            ),
            None => (Vec::new(), None, None),
        };
        finish(d, &sf, &cf, source, client);
        // Rows in signing order (path, query, body), and the culprits in that order.
        d.rows
            .sort_by_key(|row| sf.iter().position(|f| f.name == row.name));
        if d.verdict == Verdict::Mismatch {
            d.culprits = crate::diagnose::culprits(&d.rows);
        }
        let mut hints = mistakes(d, r.raw_path(), &parts);
        const FORGED: &str = "accept callbacks only when x-oss-pub-key-url decodes to http(s)://gosspublic.alicdn.com/…, and verify the signature with that key";
        match cb::key_url(r) {
            Some((url, true)) => d.notes.push(format!("x-oss-pub-key-url decodes to {url}: OSS's key host")),
            Some((url, false)) => hints.push(hint("callback-key-url-foreign", Some("header:x-oss-pub-key-url"), format!("x-oss-pub-key-url decodes to '{url}', which is not on {}: the request may not come from OSS (never fetch a key from it)", cb::KEY_HOST), FORGED, Severity::Error)),
            None => hints.push(hint("callback-key-url-missing", Some("header:x-oss-pub-key-url"), "the request has no x-oss-pub-key-url header: OSS always sends it".into(), FORGED, Severity::Warning)),
        }
        if let Some((sent, computed)) = cb::content_md5(r) {
            if sent != computed {
                hints.push(hint("callback-body-md5", Some(BODY), format!("Content-MD5 is '{sent}', but the body as logged hashes to '{computed}': the body was changed after OSS sent it (a proxy, or the logger re-serialized it), so the signature cannot verify over it"), "log and verify the raw body bytes as received; make proxies pass the body through unchanged", Severity::Error));
            } else {
                d.notes
                    .push("Content-MD5 matches the body: the body is the one OSS sent".into());
            }
        }
        match cb::signature(r) {
            Some(Err(m)) => hints.push(hint(
                "callback-authorization-invalid",
                Some("header:authorization"),
                m,
                "read the Authorization header as sent and base64-decode it",
                Severity::Error,
            )),
            None => hints.push(hint(
                "callback-authorization-invalid",
                Some("header:authorization"),
                "the request has no Authorization header: OSS signs every callback request".into(),
                "log the request's headers whole",
                Severity::Warning,
            )),
            Some(Ok(_)) => {}
        }
        if d.verdict == Verdict::Identical {
            hints.push(hint("callback-identical", None, "the application verified exactly the string OSS signed: if verification still fails, the key or the signature bytes are at fault (the Authorization header base64-decoded, the key from x-oss-pub-key-url, MD5 as the hash)".into(), "verify with RSA PKCS#1 v1.5 and MD5 (MD5withRSA, crypto.createVerify('RSA-MD5'))", Severity::Info));
        }
        d.hints.append(&mut hints);
    }
    fn with_secret(
        &self,
        _d: &mut Diagnosis,
        _req: Option<&Request>,
        _secret: &Secret,
        _opts: &SearchOptions,
    ) {
    }
    fn with_public_key(&self, d: &mut Diagnosis, req: Option<&Request>, pem: &[u8]) {
        let (Some(r), Some(signed)) = (req, d.server_string.clone()) else {
            return;
        };
        let Some(Ok(sig)) = cb::signature(r) else {
            return;
        };
        let key = match cb::parse_public_key(pem) {
            Ok(k) => k,
            Err(m) => {
                d.hints.push(hint(
                    "callback-signature-invalid",
                    None,
                    format!("the --pub-key file cannot be used: {m}"),
                    "give OSS's public key as PEM",
                    Severity::Warning,
                ));
                return;
            }
        };
        if cb::verify(&key, &signed, &sig) {
            d.hints.push(hint("callback-signature-valid", None, "the signature verifies with the given public key over the string rebuilt from the logged request: OSS signed exactly this request".into(), "build the same string in the application: url_decode(path) + raw query with '?' + \"\\n\" + raw body", Severity::Info));
            return;
        }
        let client_ok = d
            .client_string
            .as_ref()
            .is_some_and(|c| cb::verify(&key, c, &sig));
        let body_changed = d.hints.iter().any(|h| h.id == "callback-body-md5");
        let (field, why) = if client_ok {
            (
                None,
                "; the application's string does verify: the log is not the request as sent",
            )
        } else if body_changed {
            (
                Some(BODY),
                ": the body was changed on the way (Content-MD5)",
            )
        } else {
            (None, ": the request was changed after OSS signed it, it does not come from OSS, or the key is not the one OSS signed with")
        };
        d.hints.push(hint("callback-signature-invalid", field, format!("the signature does not verify with the given public key over the string rebuilt from the logged request{why}"), "log the request line, headers and raw body as received; fetch the key from the x-oss-pub-key-url URL (on gosspublic.alicdn.com)", Severity::Error));
    }
}

/// Every hint id this scheme gives.
pub const CATALOG: &[(&str, &str)] = &[
    (
        "callback-path-not-decoded",
        "the application verified the path undecoded",
    ),
    (
        "callback-path-differs",
        "the application verified another path",
    ),
    (
        "callback-query-dropped",
        "the application left the query out",
    ),
    (
        "callback-query-no-mark",
        "the application left the query's '?' out",
    ),
    (
        "callback-query-decoded",
        "the application URL-decoded the query",
    ),
    (
        "callback-query-differs",
        "the application verified another query",
    ),
    (
        "callback-newline-missing",
        "the application left the newline out",
    ),
    ("callback-body-reencoded", "a framework re-encoded the body"),
    (
        "callback-body-differs",
        "the application verified another body",
    ),
    (
        "callback-key-url-foreign",
        "x-oss-pub-key-url is not OSS's key host",
    ),
    ("callback-key-url-missing", "no x-oss-pub-key-url"),
    ("callback-body-md5", "Content-MD5 does not match the body"),
    (
        "callback-authorization-invalid",
        "the Authorization header is missing or not base64",
    ),
    (
        "callback-identical",
        "the application verified the right string",
    ),
    (
        "callback-signature-valid",
        "the signature verifies with the public key",
    ),
    (
        "callback-signature-invalid",
        "the signature does not verify",
    ),
];

#[cfg(test)]
mod tests {
    use crate::input::{client_string, gather};

    /// A logged callback request, what the application verified → (verdict, culprits, hint ids).
    fn run(req: &str, client: Option<&[u8]>) -> (String, Vec<String>, Vec<&'static str>) {
        let mut ev = gather(&[("-".into(), req.as_bytes().to_vec())]);
        if let Some(c) = client {
            ev.client_strings.insert(0, client_string(c.to_vec(), "c"));
        }
        let ds = crate::diagnose::diagnose(&ev);
        let d = &ds[0];
        assert_eq!(d.version, Some(crate::diagnose::SigVersion::Callback));
        for h in &d.hints {
            assert!(
                super::CATALOG.iter().any(|(id, _)| *id == h.id),
                "{} not catalogued",
                h.id
            );
        }
        (
            format!("{:?}", d.verdict),
            d.culprits.clone(),
            d.hints.iter().map(|h| h.id).collect(),
        )
    }

    const REQ: &str = "POST /cb/%E4%B8%AD?uid=a%2Bb HTTP/1.1\r\nHost: app.example.com\r\nContent-Type: application/json\r\nContent-Length: 27\r\nContent-MD5: w6w8+4Z1Fr7Mj3+xr/KJAg==\r\nauthorization: AAAA\r\nx-oss-pub-key-url: aHR0cHM6Ly9nb3NzcHVibGljLmFsaWNkbi5jb20vY2FsbGJhY2tfcHViX2tleV92MS5wZW0=\r\n\r\n{\"object\":\"a.png\",\"size\":5}";

    #[test]
    fn each_application_mistake_is_named() {
        let body = "{\"object\":\"a.png\",\"size\":5}";
        let good = format!("/cb/中?uid=a%2Bb\n{body}");
        let cases: &[(String, &str, &str)] = &[
            (
                format!("/cb/%E4%B8%AD?uid=a%2Bb\n{body}"),
                "callback-request.path",
                "callback-path-not-decoded",
            ),
            (
                format!("/cb/中\n{body}"),
                "callback-request.query",
                "callback-query-dropped",
            ),
            (
                format!("/cb/中?uid=a+b\n{body}"),
                "callback-request.query",
                "callback-query-decoded",
            ),
            (
                format!("/cb/中?uid=a%2Bb{body}"),
                "callback-request.body",
                "callback-newline-missing",
            ),
            (
                "/cb/中?uid=a%2Bb\n{\"object\": \"a.png\", \"size\": 5}".to_string(),
                "callback-request.body",
                "callback-body-reencoded",
            ),
        ];
        let (v, c, ids) = run(REQ, Some(good.as_bytes()));
        assert_eq!((v.as_str(), c.len()), ("Identical", 0), "{ids:?}");
        for (client, culprit, id) in cases {
            let (v, c, ids) = run(REQ, Some(client.as_bytes()));
            assert_eq!(v, "Mismatch", "{client}");
            assert_eq!(c.first().map(String::as_str), Some(*culprit), "{client}");
            assert!(ids.contains(id), "{client}: {ids:?}");
        }
        // no client side: the string OSS signed, the checks, nothing blamed
        let (v, _, ids) = run(REQ, None);
        assert_eq!(v, "ServerOnly");
        assert!(ids.is_empty(), "{ids:?}");
        // a body changed on the way, a key URL that is not OSS's
        let (_, _, ids) = run(&REQ.replace("\"size\":5", "\"size\":6"), None);
        assert!(ids.contains(&"callback-body-md5"), "{ids:?}");
        let (_, _, ids) = run(
            &REQ.replace(
                "aHR0cHM6Ly9nb3NzcHVibGljLmFsaWNkbi5jb20vY2FsbGJhY2tfcHViX2tleV92MS5wZW0=",
                "aHR0cHM6Ly9ldmlsLmV4YW1wbGUvay5wZW0=",
            ),
            None,
        );
        assert!(ids.contains(&"callback-key-url-foreign"), "{ids:?}");
    }
}
