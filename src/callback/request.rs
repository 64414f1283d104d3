//! The callback request OSS sends to the application server, as the application logged
//! it: what OSS signed, and the checks an application can make offline.
//!
//! OSS signs `url_decode(path) + query + "\n" + body` (the query raw, with its `?`) with
//! RSA PKCS#1 v1.5 over MD5, puts the base64 signature in `Authorization` and the base64
//! URL of its public key in `x-oss-pub-key-url` (which must be on
//! `gosspublic.alicdn.com`). Fields: `callback-request.path`, `callback-request.query`,
//! `callback-request.body` (the body field starts with the joining newline, so the three
//! fields are the signed string, and a missing newline shows in the body).

use crate::diagnose::fields::Field;
use crate::request::{percent_decode, Request};
use base64::Engine as _;
use md5::{Digest as _, Md5};
use rsa::pkcs1::DecodeRsaPublicKey as _;
use rsa::pkcs8::DecodePublicKey as _;
use rsa::{Pkcs1v15Sign, RsaPublicKey};

pub const PATH: &str = "callback-request.path";
pub const QUERY: &str = "callback-request.query";
pub const BODY: &str = "callback-request.body";

/// The host OSS serves its callback public keys from.
pub const KEY_HOST: &str = "gosspublic.alicdn.com";

/// The three signed parts of a callback request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// The path, percent-decoded (`+` stays `+`).
    pub path: Vec<u8>,
    /// The raw query with its `?`, or empty.
    pub query: Vec<u8>,
    pub body: Vec<u8>,
}

impl Parts {
    pub fn of(r: &Request) -> Parts {
        Parts {
            path: percent_decode(r.raw_path()),
            query: r
                .target
                .find('?')
                .map(|i| r.target.as_bytes()[i..].to_vec())
                .unwrap_or_default(),
            body: r.body.clone().unwrap_or_default(),
        }
    }

    /// What OSS signed: path + query + `\n` + body.
    pub fn string(&self) -> Vec<u8> {
        let mut s = self.path.clone();
        s.extend_from_slice(&self.query);
        s.push(b'\n');
        s.extend_from_slice(&self.body);
        s
    }

    pub fn fields(&self) -> Vec<Field> {
        let mut body = vec![b'\n'];
        body.extend_from_slice(&self.body);
        vec![
            field(PATH, &self.path),
            field(QUERY, &self.query),
            field(BODY, &body),
        ]
    }
}

fn field(name: &str, b: &[u8]) -> Field {
    Field {
        name: name.to_string(),
        bytes: b.to_vec(),
    }
}

/// Split the string an application verified into the same three fields. The body starts
/// at the first newline; without one, at the end of OSS's path and query when the string
/// starts with them (the newline was left out), else the whole string is the path.
pub fn split_client(c: &[u8], server: &Parts) -> Vec<Field> {
    let (head, body): (&[u8], Vec<u8>) = match c.iter().position(|&b| b == b'\n') {
        Some(i) => (&c[..i], c[i..].to_vec()),
        None => {
            let mut sq = server.path.clone();
            sq.extend_from_slice(&server.query);
            if c.starts_with(&sq) && !sq.is_empty() {
                (&c[..sq.len()], c[sq.len()..].to_vec())
            } else {
                (c, Vec::new())
            }
        }
    };
    let (path, query) = match head.iter().position(|&b| b == b'?') {
        Some(i) => (&head[..i], &head[i..]),
        None => (head, &head[head.len()..]),
    };
    vec![field(PATH, path), field(QUERY, query), field(BODY, &body)]
}

/// Read a public key: PEM `PUBLIC KEY` (SPKI, as OSS serves it), PEM `RSA PUBLIC KEY`
/// (PKCS#1), or the base64 of an SPKI without the PEM lines.
pub fn parse_public_key(text: &[u8]) -> Result<RsaPublicKey, String> {
    let t = String::from_utf8_lossy(text);
    let t = t.trim();
    if t.contains("BEGIN RSA PUBLIC KEY") {
        return RsaPublicKey::from_pkcs1_pem(t)
            .map_err(|e| format!("not a PKCS#1 RSA public key ({e})"));
    }
    if t.contains("BEGIN PUBLIC KEY") {
        return RsaPublicKey::from_public_key_pem(t)
            .map_err(|e| format!("not an RSA public key ({e})"));
    }
    if t.contains("PRIVATE KEY") {
        return Err(
            "this is a private key: give the public key (OSS's, from the x-oss-pub-key-url URL)"
                .into(),
        );
    }
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .map_err(|_| "not a PEM public key (-----BEGIN PUBLIC KEY-----)".to_string())?;
    RsaPublicKey::from_public_key_der(&der).map_err(|e| format!("not an RSA public key ({e})"))
}

/// RSA PKCS#1 v1.5 with MD5: does `sig` sign `msg` under `key`?
pub fn verify(key: &RsaPublicKey, msg: &[u8], sig: &[u8]) -> bool {
    // DigestInfo prefix of MD5 (RFC 8017 §9.2, note 1).
    const MD5_PREFIX: [u8; 18] = [
        0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05,
        0x00, 0x04, 0x10,
    ];
    let scheme = Pkcs1v15Sign {
        hash_len: Some(16),
        prefix: Box::new(MD5_PREFIX),
    };
    key.verify(scheme, &Md5::digest(msg), sig).is_ok()
}

/// The `Authorization` header decoded: the signature bytes, or why not.
pub fn signature(r: &Request) -> Option<Result<Vec<u8>, String>> {
    let a = r.header("authorization")?;
    Some(
        base64::engine::general_purpose::STANDARD
            .decode(a.trim())
            .map_err(|_| format!("the Authorization header '{a}' is not base64: it should be OSS's base64 RSA signature")),
    )
}

/// `x-oss-pub-key-url` decoded, and whether it is on OSS's key host.
pub fn key_url(r: &Request) -> Option<(String, bool)> {
    let v = r.header("x-oss-pub-key-url")?;
    let url = base64::engine::general_purpose::STANDARD
        .decode(v.trim())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_else(|_| v.to_string());
    let lower = url.to_ascii_lowercase();
    let ok = [
        format!("http://{KEY_HOST}/"),
        format!("https://{KEY_HOST}/"),
    ]
    .iter()
    .any(|p| lower.starts_with(p.as_str()));
    Some((url, ok))
}

/// `Content-MD5` against the body: (sent, computed), when the header is there.
pub fn content_md5(r: &Request) -> Option<(String, String)> {
    let sent = r.header("content-md5")?.trim().to_string();
    let body = r.body.clone().unwrap_or_default();
    let computed = base64::engine::general_purpose::STANDARD.encode(Md5::digest(&body));
    Some((sent, computed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::CaptureKind;

    /// OSS's callback public key (gosspublic.alicdn.com/callback_pub_key_v1.pem) and the
    /// signed example request of OSS's Callback reference: a real known answer.
    pub const OSS_KEY: &str = "-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKs/JBGzwUB2aVht4crBx3oIPBLNsjGs\nC0fTXv+nvlmklvkcolvpvXLTjaxUHR3W9LXxQ2EHXAJfCB+6H2YF1k8CAwEAAQ==\n-----END PUBLIC KEY-----\n";
    const DOC_SIG: &str =
        "kKQeGTRccDKyHB3H9vF+xYMSrmhMZjzzl2/kdD1ktNVgbWEfYTQG0G2SU/RaHBovRCE8OkQDjC3uG33esH2txA==";

    fn doc_request() -> Request {
        let mut r = Request::new(CaptureKind::RawHttp);
        r.method = Some("POST".into());
        r.target = "/index.php?id=1&index=2".into();
        r.headers.push(("authorization".into(), DOC_SIG.into()));
        r.headers.push((
            "x-oss-pub-key-url".into(),
            "aHR0cDovL2dvc3NwdWJsaWMuYWxpY2RuLmNvbS9jYWxsYmFja19wdWJfa2V5X3YxLnBlbQ==".into(),
        ));
        r.body = Some(b"bucket=yonghu-test".to_vec());
        r
    }

    #[test]
    fn the_documented_example_verifies_with_oss_key() {
        let r = doc_request();
        let p = Parts::of(&r);
        assert_eq!(p.string(), b"/index.php?id=1&index=2\nbucket=yonghu-test");
        let key = parse_public_key(OSS_KEY.as_bytes()).unwrap();
        let sig = signature(&r).unwrap().unwrap();
        assert!(verify(&key, &p.string(), &sig));
        assert!(!verify(
            &key,
            b"/index.php?id=1&index=2bucket=yonghu-test",
            &sig
        ));
        assert_eq!(
            key_url(&r),
            Some((
                "http://gosspublic.alicdn.com/callback_pub_key_v1.pem".into(),
                true
            ))
        );
        // the same key without its PEM lines
        let bare: String = OSS_KEY
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        assert!(parse_public_key(bare.as_bytes()).is_ok());
        assert!(
            parse_public_key(b"-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----").is_err()
        );
    }

    /// Signatures made by Python `cryptography` (tools/gen_callback.py --vectors), not by
    /// the `rsa` crate: the string OSS signs and the verification, checked apart.
    #[test]
    fn independent_vectors_verify() {
        let v: serde_json::Value =
            serde_json::from_str(include_str!("../../vectors/callback.json")).unwrap();
        let key = parse_public_key(v["public_key"].as_str().unwrap().as_bytes()).unwrap();
        let cases = v["cases"].as_array().unwrap();
        assert!(cases.len() >= 4);
        for c in cases {
            let mut r = Request::new(CaptureKind::RawHttp);
            r.target = c["target"].as_str().unwrap().into();
            r.body = Some(c["body"].as_str().unwrap().as_bytes().to_vec());
            r.headers.push((
                "Authorization".into(),
                c["authorization"].as_str().unwrap().into(),
            ));
            let p = Parts::of(&r);
            assert_eq!(
                p.string(),
                c["string_to_sign"].as_str().unwrap().as_bytes(),
                "{c}"
            );
            let sig = signature(&r).unwrap().unwrap();
            assert!(verify(&key, &p.string(), &sig), "{c}");
            let mut other = p.string();
            other.push(b' ');
            assert!(!verify(&key, &other, &sig));
        }
    }

    #[test]
    fn the_path_is_decoded_the_query_kept_raw() {
        let mut r = doc_request();
        r.target = "/cb/%E4%B8%AD+x?a=%20b&c".into();
        let p = Parts::of(&r);
        assert_eq!(p.path, "/cb/中+x".as_bytes());
        assert_eq!(p.query, b"?a=%20b&c");
    }

    #[test]
    fn client_strings_split_into_the_same_fields() {
        let p = Parts::of(&doc_request());
        let names = |c: &[u8]| -> Vec<Vec<u8>> {
            split_client(c, &p).into_iter().map(|f| f.bytes).collect()
        };
        assert_eq!(
            names(&p.string()),
            p.fields().into_iter().map(|f| f.bytes).collect::<Vec<_>>()
        );
        // newline left out: the body field lacks it
        assert_eq!(
            names(b"/index.php?id=1&index=2bucket=yonghu-test"),
            vec![
                b"/index.php".to_vec(),
                b"?id=1&index=2".to_vec(),
                b"bucket=yonghu-test".to_vec()
            ]
        );
        // query dropped
        assert_eq!(names(b"/index.php\nbucket=yonghu-test")[1], b"");
    }
}
