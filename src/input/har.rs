//! HAR files (browser devtools "Save all as HAR", or one entry copied from it): each
//! entry that failed (status ≥ 400) gives its request (method, URL, headers) and its
//! response body (or the `x-oss-err` / `x-oss-ec` headers of a body-less response).

use super::errorbody::{self, ErrorBody};
use super::{unwrap, Captured, Evidence};
use crate::request::{CaptureKind, Request};
use base64::Engine as _;
use serde_json::Value;

/// Read `text` as a HAR (a whole file, `{"log":{"entries":[…]}}`; one entry; or an
/// array of entries). Returns false when it is not one, and leaves `ev` alone then.
pub fn gather(text: &str, input: usize, ev: &mut Evidence) -> bool {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) || !text.contains("\"request\"") {
        return false;
    }
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    let entries: Vec<&Value> = match &v {
        Value::Object(m) if m.contains_key("log") => m
            .get("log")
            .and_then(|l| l.get("entries"))
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        Value::Object(m) if m.contains_key("request") => vec![&v],
        Value::Array(a) => a.iter().filter(|e| e.get("request").is_some()).collect(),
        _ => return false,
    };
    if entries.is_empty() {
        return false;
    }
    // The application server's signature response is an entry of its own (status 200).
    ev.app_signed
        .extend(super::form::app_server_value(&v, input, 0));
    let failed: Vec<&Value> = entries
        .iter()
        .copied()
        // 203: OSS's CallbackFailed (the object is stored, the callback was not answered).
        .filter(|e| status(e).is_some_and(|s| s >= 400 || s == 203))
        .collect();
    let chosen = if failed.is_empty() {
        entries
            .iter()
            .copied()
            .filter(|e| request_of(e).is_some_and(|r| is_oss_signed(&r)))
            .collect()
    } else {
        failed
    };
    for (k, e) in chosen.iter().enumerate() {
        let base = k * 2;
        if let Some(mut r) = request_of(e) {
            r.status = status(e);
            r.response_request_id = headers_of(e.get("response").and_then(|x| x.get("headers")))
                .into_iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("x-oss-request-id"))
                .map(|(_, v)| v);
            ev.requests.push(Captured {
                request: r,
                input,
                offset: base,
            });
        }
        for mut b in bodies_of(e, input) {
            b.offset = base + 1;
            ev.errors.push(b);
        }
    }
    true
}

fn status(e: &Value) -> Option<u16> {
    e.get("response")?
        .get("status")?
        .as_u64()
        .and_then(|s| u16::try_from(s).ok())
}

fn headers_of(v: Option<&Value>) -> Vec<(String, String)> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|h| {
                    Some((
                        h.get("name")?.as_str()?.to_string(),
                        h.get("value")?.as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn request_of(e: &Value) -> Option<Request> {
    let rq = e.get("request")?;
    let url = rq.get("url")?.as_str()?;
    let mut r = super::capture::from_url(url, CaptureKind::Har)?;
    r.method = rq.get("method").and_then(Value::as_str).map(str::to_string);
    let all = headers_of(rq.get("headers"));
    let authority = all
        .iter()
        .find(|(k, _)| k == ":authority")
        .map(|(_, v)| v.clone());
    let headers: Vec<(String, String)> = all
        .into_iter()
        .filter(|(k, _)| !k.starts_with(':'))
        .collect();
    // HTTP/2's `:authority` is the Host the request carried.
    if authority.is_some() {
        r.host = authority;
    }
    r.headers = headers;
    r.ensure_host_header();
    if let Some(pd) = rq.get("postData") {
        if let Some(t) = pd.get("text").and_then(Value::as_str) {
            r.body = Some(t.as_bytes().to_vec());
        }
        if let Some(m) = super::form::from_har_post_data(pd, r.header("content-type")) {
            r.form = Some(m.form);
            r.notes.extend(m.notes);
        }
    }
    r.notes.push("read from a HAR entry (browser devtools): the browser adds Origin, Referer, User-Agent and Accept itself; only Content-Type, Content-MD5, Date and x-oss-* are signed".into());
    Some(r)
}

/// Is the request signed with a scheme ossdiag knows?
fn is_oss_signed(r: &Request) -> bool {
    crate::scheme::of_request(r).is_some()
}

fn bodies_of(e: &Value, input: usize) -> Vec<ErrorBody> {
    let Some(rs) = e.get("response") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(c) = rs.get("content") {
        let text = c.get("text").and_then(Value::as_str).unwrap_or("");
        let decoded = if c.get("encoding").and_then(Value::as_str) == Some("base64") {
            base64::engine::general_purpose::STANDARD
                .decode(text.trim())
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        } else {
            None
        };
        let body = decoded.as_deref().unwrap_or(text);
        for mut b in errorbody::find(body, input) {
            b.notes
                .push("read from the response body of a HAR entry".into());
            out.push(b);
        }
    }
    let hs = headers_of(rs.get("headers"));
    let h = |n: &str| {
        hs.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.clone())
    };
    if out.is_empty() {
        if let Some(x) = h("x-oss-err").and_then(|v| unwrap::lenient_base64(&v)) {
            for mut b in errorbody::find(&String::from_utf8_lossy(&x), input) {
                b.notes.push(
                    "read from the x-oss-err response header of a HAR entry (base64 XML)".into(),
                );
                out.push(b);
            }
        }
    }
    if out.is_empty() {
        if let Some(ec) = h("x-oss-ec") {
            let mut b = ErrorBody {
                input,
                ..Default::default()
            };
            b.elements.push(("EC".into(), ec));
            if let Some(id) = h("x-oss-request-id") {
                b.elements.push(("RequestId".into(), id));
            }
            b.notes.push("the HAR entry has no response body: only its x-oss-ec and x-oss-request-id headers are known".into());
            out.push(b);
        }
    }
    // the response's x-oss-ec fills in a body without <EC>
    if let Some(ec) = h("x-oss-ec") {
        for b in &mut out {
            if b.get("EC").is_none() {
                b.elements.push(("EC".into(), ec.clone()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_entry() {
        let t = r#"{"request": {"method": "PUT", "url": "https://b.oss-cn-hangzhou.aliyuncs.com/a.png?OSSAccessKeyId=LTAI5t&Expires=1716181200&Signature=dW5z%3D",
          "headers": [{"name": ":authority", "value": "b.oss-cn-hangzhou.aliyuncs.com"}, {"name": "content-type", "value": "image/png"}]},
          "response": {"status": 403, "headers": [{"name": "x-oss-ec", "value": "0002-00000040"}],
          "content": {"text": "<?xml version=\"1.0\"?>\n<Error>\n  <Code>SignatureDoesNotMatch</Code>\n  <StringToSign>PUT\n\nimage/png\n1716181200\n/b/a.png</StringToSign>\n</Error>"}}}"#;
        let mut ev = Evidence::default();
        assert!(gather(t, 0, &mut ev));
        assert_eq!(ev.requests.len(), 1);
        let r = &ev.requests[0].request;
        assert_eq!(r.method.as_deref(), Some("PUT"));
        assert_eq!(r.header("host"), Some("b.oss-cn-hangzhou.aliyuncs.com"));
        assert_eq!(r.header("content-type"), Some("image/png"));
        assert_eq!(ev.errors.len(), 1);
        assert_eq!(ev.errors[0].get("EC"), Some("0002-00000040"));
        assert!(ev.errors[0].offset > ev.requests[0].offset);
    }

    #[test]
    fn not_har() {
        let mut ev = Evidence::default();
        assert!(!gather("{\"a\": 1}", 0, &mut ev));
        assert!(!gather("<Error></Error>", 0, &mut ev));
        assert!(!gather("{\"request\": ", 0, &mut ev));
    }
}
