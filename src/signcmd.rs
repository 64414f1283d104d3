//! `ossdiag sign`: the canonicalizer exposed. Given a request described curl-style, print
//! the string to sign (V1) or canonical request and string to sign (V4) with invisible
//! characters shown; with a secret, the signature and the Authorization header or URL.

use crate::bytes::visible;
use crate::cli::SignArgs;
use crate::error::{Error, Result};
use crate::input::capture;
use crate::request::{locate, CaptureKind, Request};
use crate::sign::{post, v1, v2, v4};

fn show(title: &str, b: &[u8], out: &mut String) {
    out.push_str(title);
    out.push_str(":\n");
    for line in b.split(|&c| c == b'\n') {
        out.push_str("  ");
        out.push_str(&visible(line));
        out.push('\n');
    }
}

/// RFC 3986 encoding for a query value we add.
fn enc(s: &str) -> String {
    v4::uri_encode(s.as_bytes(), false)
}

fn push_query(req: &mut Request, k: &str, v: &str) {
    let sep = if req.target.contains('?') { '&' } else { '?' };
    req.target = format!("{}{sep}{}={}", req.target, enc(k), enc(v));
}

pub fn run(a: &SignArgs, secret: Option<Vec<u8>>) -> Result<String> {
    let scheme = if a.v4 {
        "v4"
    } else {
        a.scheme
            .as_deref()
            .unwrap_or(if a.policy.is_some() { "post-v1" } else { "v1" })
    };
    if let Some(s) = scheme.strip_prefix("post-") {
        return sign_policy(a, s == "v4", secret);
    }
    if a.policy.is_some() {
        return Err(Error::Usage(
            "--policy signs a PostObject policy: use it with --scheme post-v1 or post-v4".into(),
        ));
    }
    let Some(given) = a.url.as_deref() else {
        return Err(Error::Usage("give the request URL to sign".into()));
    };
    let url = if given.contains("://") {
        given.to_string()
    } else {
        format!("https://{given}")
    };
    let parts =
        capture::split_url(&url).ok_or_else(|| Error::Usage(format!("not a URL: {given}")))?;
    let mut req = Request::new(CaptureKind::Described);
    req.method = Some(a.method.to_ascii_uppercase());
    req.host = Some(parts.authority.clone());
    req.target = parts.target.clone();
    req.headers.push(("Host".into(), parts.authority.clone()));
    for h in &a.headers {
        let (k, v) = h
            .split_once(':')
            .ok_or_else(|| Error::Usage(format!("-H '{h}': a header is 'Name: value'")))?;
        req.headers
            .push((k.trim().to_string(), v.trim().to_string()));
    }
    let mut out = String::new();
    match scheme {
        "v4" => sign_v4(&v4::OSS4, a, req, &parts, secret, &mut out)?,
        "aws-v4" => sign_v4(&v4::AWS4, a, req, &parts, secret, &mut out)?,
        "aws-v2" => sign_v1(&v1::AWS, a, req, &parts, secret, &mut out)?,
        "v2" => sign_v2(a, req, &parts, secret, &mut out)?,
        _ => sign_v1(&v1::OSS, a, req, &parts, secret, &mut out)?,
    }
    Ok(out)
}

/// `--scheme post-v1|post-v4 --policy FILE`: the policy as the SDKs send it (its JSON
/// with the whitespace between tokens dropped, then base64), its signature, and the form
/// fields to send before the file part.
fn sign_policy(a: &SignArgs, is_v4: bool, secret: Option<Vec<u8>>) -> Result<String> {
    let Some(path) = &a.policy else {
        return Err(Error::Usage(
            "--scheme post-v1/post-v4 signs a policy: give it with --policy FILE".into(),
        ));
    };
    let raw = std::fs::read(path)
        .map_err(|e| Error::Io(format!("cannot read {}: {}", path.display(), e.kind())))?;
    if serde_json::from_slice::<serde_json::Value>(&raw)
        .map(|v| !v.is_object())
        .unwrap_or(true)
    {
        return Err(Error::Input(format!(
            "{}: the policy is not a JSON object",
            path.display()
        )));
    }
    let json = post::compact_json(&raw).unwrap_or(raw);
    let host = a.url.as_deref().map(|u| {
        let u = if u.contains("://") {
            u.to_string()
        } else {
            format!("https://{u}")
        };
        capture::split_url(&u)
            .map(|p| p.authority)
            .unwrap_or_default()
    });
    let scope = if is_v4 {
        let time = a.time.clone().ok_or_else(|| {
            Error::Usage("post-v4: give the signing time with --time yyyymmddTHHMMSSZ (the form's x-oss-date)".into())
        })?;
        if time.len() != 16 || crate::clock::parse_time(&time).is_none() {
            return Err(Error::Usage(format!(
                "--time {time}: the x-oss-date is yyyymmddTHHMMSSZ (UTC)"
            )));
        }
        let region = a
            .region
            .clone()
            .or_else(|| crate::request::classify_host(host.as_deref()).2)
            .ok_or_else(|| Error::Usage("post-v4: give --region (or the bucket's URL)".into()))?;
        Some((time, region))
    } else {
        None
    };
    let mut out = String::new();
    show("policy (JSON, as signed)", &json, &mut out);
    let b64 = post::encode(&json);
    out.push_str(&format!("policy (base64, the string to sign):\n  {b64}\n"));
    if let (Some((time, region)), Some(p)) = (&scope, post::Policy::parse(&json)) {
        let date = time.get(..8).unwrap_or(time);
        let cred = post::credential(&a.access_key_id, date, region);
        for (k, want) in [
            ("x-oss-signature-version", v4::ALGORITHM),
            ("x-oss-credential", cred.as_str()),
            ("x-oss-date", time.as_str()),
        ] {
            match p.fixed(k) {
                Some(v) if v == want => {}
                Some(v) => out.push_str(&format!("warning: the policy's {k} condition is '{v}', the form sends '{want}': OSS requires them equal\n")),
                None => out.push_str(&format!("warning: the policy has no {{\"{k}\": \"{want}\"}} condition; a V4 form's policy repeats it\n")),
            }
        }
    }
    let Some(secret) = secret else {
        out.push_str("(give --secret-env VAR to get the signature and the form fields)\n");
        return Ok(out);
    };
    let fields = post::form_fields(
        &json,
        &a.access_key_id,
        &secret,
        scope.as_ref().map(|(t, r)| (t.as_str(), r.as_str())),
    );
    if let Some((_, sig)) = fields.last() {
        out.push_str(&format!("signature: {sig}\n"));
    }
    out.push_str(&format!(
        "form fields ({}; send them before the file part{}):\n",
        if is_v4 { "post-v4" } else { "post-v1" },
        host.map(|h| format!(", POST to https://{h}/"))
            .unwrap_or_default()
    ));
    for (k, v) in fields {
        out.push_str(&format!("  {k}: {v}\n"));
    }
    Ok(out)
}

fn expires_epoch(e: &str) -> Result<()> {
    if e.is_empty() || !e.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::Usage(format!(
            "--expires {e}: for this scheme, Expires is a Unix time in seconds"
        )));
    }
    Ok(())
}

/// The `--additional-headers` names (lower-cased, sorted, once each) that the request
/// carries and that `keep` accepts.
fn listed_headers(a: &SignArgs, req: &Request, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = a
        .additional_headers
        .as_deref()
        .unwrap_or("")
        .split(';')
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty() && keep(h) && req.header(h).is_some())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn sign_v2(
    a: &SignArgs,
    mut req: Request,
    parts: &capture::UrlParts,
    secret: Option<Vec<u8>>,
    out: &mut String,
) -> Result<()> {
    let additional = listed_headers(a, &req, |_| true);
    if let Some(d) = &a.date {
        req.headers.push(("Date".into(), d.clone()));
    }
    let auth = match &a.expires {
        Some(e) => {
            expires_epoch(e)?;
            push_query(&mut req, "x-oss-signature-version", "OSS2");
            push_query(&mut req, "x-oss-expires", e);
            push_query(&mut req, "x-oss-access-key-id", &a.access_key_id);
            if !additional.is_empty() {
                push_query(&mut req, "x-oss-additional-headers", &additional.join(";"));
            }
            v2::Auth::Query
        }
        None if req.header("date").is_none() => {
            return Err(Error::Usage(
                "give --date for header auth, or --expires for a presigned URL".into(),
            ))
        }
        None => v2::Auth::Header,
    };
    let params = v2::AuthParams {
        access_key_id: a.access_key_id.clone(),
        additional_headers: additional.clone(),
        signature: None,
    };
    let loc = locate(req.host_name().as_deref(), req.raw_path(), None);
    let sts = v2::string_to_sign(&req, &loc, auth, &params);
    show("string to sign (OSS2)", &sts, out);
    if let Some(secret) = secret {
        let sig = v2::signature(&secret, &sts);
        out.push_str(&format!("signature: {sig}\n"));
        match auth {
            v2::Auth::Header => {
                let add = if additional.is_empty() {
                    String::new()
                } else {
                    format!(",AdditionalHeaders:{}", additional.join(";"))
                };
                out.push_str(&format!(
                    "Authorization: OSS2 AccessKeyId:{}{add},Signature:{sig}\n",
                    a.access_key_id
                ));
            }
            v2::Auth::Query => {
                push_query(&mut req, "x-oss-signature", &sig);
                out.push_str(&format!(
                    "url: {}://{}{}\n",
                    parts.scheme, parts.authority, req.target
                ));
            }
        }
    }
    Ok(())
}

fn sign_v1(
    d: &v1::Dialect,
    a: &SignArgs,
    mut req: Request,
    parts: &capture::UrlParts,
    secret: Option<Vec<u8>>,
    out: &mut String,
) -> Result<()> {
    let auth = if a.expires.is_some() {
        v1::Auth::Query
    } else {
        v1::Auth::Header
    };
    if let Some(d) = &a.date {
        req.headers.push(("Date".into(), d.clone()));
    }
    if let Some(e) = &a.expires {
        expires_epoch(e)?;
        push_query(&mut req, "Expires", e);
    }
    if auth == v1::Auth::Header
        && req.header("date").is_none()
        && req.header(d.date_header).is_none()
    {
        return Err(Error::Usage(format!(
            "give --date (or an {} header) for header auth, or --expires for a presigned URL",
            d.date_header
        )));
    }
    let loc = locate(req.host_name().as_deref(), req.raw_path(), None);
    let sts = v1::string_to_sign(&v1::input_with(d, &req, &loc, auth, &v1::Hints::default()));
    show(
        if d.auth_prefix == v1::OSS.auth_prefix {
            "string to sign (V1)"
        } else {
            "string to sign (S3-style V2)"
        },
        &sts,
        out,
    );
    if let Some(secret) = secret {
        let sig = v1::signature(&secret, &sts);
        out.push_str(&format!("signature: {sig}\n"));
        match auth {
            v1::Auth::Header => out.push_str(&format!(
                "Authorization: {}{}:{sig}\n",
                d.auth_prefix, a.access_key_id
            )),
            v1::Auth::Query => {
                push_query(&mut req, d.akid_param, &a.access_key_id);
                push_query(&mut req, "Signature", &sig);
                out.push_str(&format!(
                    "url: {}://{}{}\n",
                    parts.scheme, parts.authority, req.target
                ));
            }
        }
    }
    Ok(())
}

fn sign_v4(
    dl: &v4::Dialect,
    a: &SignArgs,
    mut req: Request,
    parts: &capture::UrlParts,
    secret: Option<Vec<u8>>,
    out: &mut String,
) -> Result<()> {
    let loc0 = locate(req.host_name().as_deref(), req.raw_path(), None);
    let region = a
        .region
        .clone()
        .or(loc0.host_region.clone())
        .ok_or_else(|| {
            Error::Usage("give --region (e.g. cn-hangzhou): the host does not name one".into())
        })?;
    let time = a
        .time
        .clone()
        .or_else(|| req.header(dl.date_header).map(str::to_string))
        .ok_or_else(|| {
            Error::Usage(format!(
                "give --time yyyymmddTHHMMSSZ (the {} to sign with)",
                dl.date_header
            ))
        })?;
    if time.len() != 16 || !time.ends_with('Z') || time.as_bytes().get(8) != Some(&b'T') {
        return Err(Error::Usage(format!(
            "--time {time}: V4 time is yyyymmddTHHMMSSZ in UTC, e.g. 20231216T162057Z"
        )));
    }
    let credential = v4::Credential {
        access_key_id: a.access_key_id.clone(),
        date: time[..8].to_string(),
        region: region.clone(),
        product: a
            .product
            .clone()
            .unwrap_or_else(|| if dl.explicit_list { "s3" } else { "oss" }.into()),
        terminator: dl.terminator.into(),
    };
    let presign = a.expires.is_some();
    if !presign {
        if req.header(dl.date_header).is_none() {
            req.headers.push((dl.date_header.into(), time.clone()));
        }
        if req.header(dl.payload_header).is_none() {
            req.headers
                .push((dl.payload_header.into(), v4::UNSIGNED_PAYLOAD.into()));
        }
    }
    let mut additional = listed_headers(a, &req, |h| dl.explicit_list || !v4::default_signed(h));
    if dl.explicit_list {
        // AWS lists every signed header: host, and (header auth) the x-amz-* and
        // Content-Type/Content-MD5 it sends, as botocore does.
        additional.push("host".into());
        for (k, _) in &req.headers {
            let lk = k.to_ascii_lowercase();
            if !presign
                && (lk.starts_with(dl.header_prefix) || lk == "content-type" || lk == "content-md5")
            {
                additional.push(lk);
            }
        }
    }
    additional.sort();
    additional.dedup();
    let cred = format!("{}/{}", credential.access_key_id, credential.scope());
    if let Some(e) = &a.expires {
        match e.parse::<u32>() {
            Ok(1..=604_800) => {}
            _ => {
                return Err(Error::Usage(format!(
                    "--expires {e}: for V4, x-oss-expires is a validity in seconds, 1 to 604800"
                )))
            }
        }
        push_query(&mut req, dl.q_algorithm, dl.algorithm);
        push_query(&mut req, dl.q_credential, &cred);
        push_query(&mut req, dl.q_date, &time);
        push_query(
            &mut req,
            if dl.explicit_list {
                "X-Amz-Expires"
            } else {
                "x-oss-expires"
            },
            e,
        );
        if !additional.is_empty() {
            push_query(&mut req, dl.q_headers, &additional.join(";"));
        }
    }
    let params = v4::AuthParams {
        credential: credential.clone(),
        additional_headers: additional.clone(),
        signature: None,
    };
    let auth = if presign {
        v4::Auth::Query
    } else {
        v4::Auth::Header
    };
    let loc = locate(req.host_name().as_deref(), req.raw_path(), None);
    let i = v4::input_with(dl, &req, &loc, auth, &params);
    let cr = v4::canonical_request(&i);
    let sts = v4::string_to_sign_with(dl, &time, &credential.scope(), &cr);
    show(&format!("canonical request ({})", dl.algorithm), &cr, out);
    show(&format!("string to sign ({})", dl.algorithm), &sts, out);
    if let Some(secret) = secret {
        let key = v4::signing_key_with(
            dl,
            &secret,
            &credential.date,
            &credential.region,
            &credential.product,
        );
        let sig = v4::signature(&key, &sts);
        out.push_str(&format!("signature: {sig}\n"));
        if presign {
            push_query(&mut req, dl.q_signature, &sig);
            out.push_str(&format!(
                "url: {}://{}{}\n",
                parts.scheme, parts.authority, req.target
            ));
        } else {
            for (k, v) in req
                .headers
                .iter()
                .filter(|(k, _)| k.to_ascii_lowercase().starts_with(dl.header_prefix))
            {
                out.push_str(&format!("{k}: {v}\n"));
            }
            let add = if additional.is_empty() {
                String::new()
            } else {
                format!(",{}={}", dl.list_key, i.additional.join(";"))
            };
            out.push_str(&format!(
                "Authorization: {} Credential={cred}{add},Signature={sig}\n",
                dl.algorithm
            ));
        }
    }
    Ok(())
}
