//! Signature V1 of OSS and the S3-style V2 it was modelled on: one line model
//! (verb, content-md5, content-type, date|expires, signed headers, resource), two
//! dialects (`sign::v1::OSS`, `sign::v1::AWS`).

use super::{Detect, Scheme};
use crate::diagnose::hints::Words;
use crate::diagnose::{
    align, fields, finish, hints, host_id_bucket, request_info, resource, AuthKind, ClientSource,
    Diagnosis, SigVersion, Verdict,
};
use crate::input::{ClientString, ErrorBody};
use crate::request::{locate, Request};
use crate::secret::{SearchOptions, Secret};
use crate::sign::v1;

pub struct V1Family {
    id: SigVersion,
    dialect: &'static v1::Dialect,
}

/// OSS Signature V1 (`Authorization: OSS AK:sig`, `OSSAccessKeyId` URLs).
pub static OSS_V1: V1Family = V1Family {
    id: SigVersion::V1,
    dialect: &v1::OSS,
};

/// S3-style V2 (`Authorization: AWS AK:sig`, `AWSAccessKeyId` URLs).
pub static AWS_V2: V1Family = V1Family {
    id: SigVersion::AwsV2,
    dialect: &v1::AWS,
};

impl Scheme for V1Family {
    fn id(&self) -> SigVersion {
        self.id
    }
    fn claims_server(&self, d: &Detect) -> bool {
        if self.id == SigVersion::V1 {
            // The classic line model: whatever no other scheme claimed.
            return true;
        }
        d.error.is_some_and(|e| e.get("AWSAccessKeyId").is_some())
            || d.request.is_some_and(|r| self.claims_request(r))
    }
    fn claims_request(&self, r: &Request) -> bool {
        v1::auth_of_with(self.dialect, r).is_some()
    }
    fn claims_client(&self, _c: &[u8]) -> bool {
        self.id == SigVersion::V1
    }
    fn diagnose(
        &self,
        d: &mut Diagnosis,
        _e: Option<&ErrorBody>,
        req: Option<&Request>,
        c: Option<&ClientString>,
    ) {
        let server = d.server_string.clone();
        case(self.dialect, d, server.as_deref(), req, c);
        if server.is_none() && req.is_none() && c.is_none() {
            // Nothing in the input shows which signature version was used.
            d.version = None;
        }
    }
    fn with_secret(
        &self,
        d: &mut Diagnosis,
        req: Option<&Request>,
        secret: &Secret,
        opts: &SearchOptions,
    ) {
        // Both dialects are base64(HMAC-SHA1) over the same line model; only the signed
        // header family differs.
        let l = crate::secret::verify::LineScheme {
            lines: crate::secret::edits::Lines {
                header_prefix: self.dialect.header_prefix,
                ..crate::secret::edits::V1_LINES
            },
            mac: crate::secret::verify::Mac::Sha1,
            split: fields::split_v1,
        };
        crate::secret::verify::lines(&l, d, req, secret, opts);
    }
    fn words(&self) -> Words {
        let names = Words {
            header_prefix: self.dialect.header_prefix,
            date_header: self.dialect.date_header,
            akid_param: self.dialect.akid_param,
            ..Words::OSS
        };
        if self.dialect.date_header_wins {
            names
        } else {
            // S3-style V2: the server is OSS's S3-compatible API or S3.
            Words {
                server: "the server",
                ..names
            }
        }
    }
}

fn case(
    dialect: &'static v1::Dialect,
    d: &mut Diagnosis,
    server: Option<&[u8]>,
    req: Option<&Request>,
    c: Option<&ClientString>,
) {
    let server_fields = server.map(fields::split_v1).unwrap_or_default();
    let server_res = server_fields
        .iter()
        .find(|f| f.name == "resource")
        .map(|f| f.bytes.clone());
    let auth = match (server, req.and_then(|r| v1::auth_of_with(dialect, r))) {
        (Some(s), _) => Some(if fields::v1_is_query(s) {
            v1::Auth::Query
        } else {
            v1::Auth::Header
        }),
        (None, a) => a,
    };
    d.auth = auth.map(|a| match a {
        v1::Auth::Header => AuthKind::Header,
        v1::Auth::Query => AuthKind::Query,
    });
    // Rebuild from the captured request.
    let host_bucket = host_id_bucket(d);
    let rebuilt = req.map(|r| {
        rebuild_v1(
            dialect,
            r,
            auth.unwrap_or(v1::Auth::Header),
            server_res.as_deref(),
            host_bucket.as_deref(),
        )
    });
    if let Some(r) = req {
        d.request = Some(request_info(r, d.auth));
    }
    // No error body, but a request and the client's string (an SDK debug log): the
    // string OSS computes from the request stands in for the server's.
    let stand_in = match (server, &rebuilt, c, &d.error) {
        (None, Some(rb), Some(_), None) => {
            d.notes.push("no error body: the string OSS computes from the captured request stands in for the server's, and is compared with the client's".into());
            d.server_string = Some(rb.clone());
            Some(rb.clone())
        }
        _ => None,
    };
    let (server, server_fields) = match &stand_in {
        Some(s) => (Some(s.as_slice()), fields::split_v1(s)),
        None => (server, server_fields),
    };
    let (client, source) = match (c, &rebuilt) {
        (Some(c), _) => {
            if c.unescaped {
                d.notes.push(format!(
                    "the client string ({}) was given with literal \\n escapes; they were read as newlines",
                    c.origin
                ));
            }
            (Some(c.bytes.clone()), Some(ClientSource::ClientString))
        }
        (None, Some(b)) => (Some(b.clone()), Some(ClientSource::CapturedRequest)),
        (None, None) => (None, None),
    };
    let client_fields = client.as_deref().map(fields::split_v1).unwrap_or_default();
    finish(d, &server_fields, &client_fields, source, client);
    let ctx = hints::Ctx {
        server,
        client: d.client_string.as_deref(),
        source: d.client_source,
        req,
        rebuilt: rebuilt.as_deref(),
    };
    let mut h = hints::v1(&d.rows, &ctx);
    d.hints.append(&mut h);
    if d.verdict == Verdict::Identical {
        d.hints
            .push(hints::identical(d.client_source, d.error.as_ref()));
    }
    if let Some(r) = req {
        d.hints.extend(hints::request_checks(r, d.error.as_ref()));
    }
    // With a client string and a request, also say whether the request arrived as sent.
    if let (Some(_), Some(rb), Some(s), None) = (c, &rebuilt, server, &stand_in) {
        let rows = align::align(&fields::split_v1(s), &fields::split_v1(rb));
        let changed: Vec<String> = rows
            .iter()
            .filter(|r| r.differs())
            .map(|r| r.name.clone())
            .collect();
        if changed.is_empty() {
            d.notes.push("the captured request rebuilds to exactly the server's string: it arrived as sent, so the client's signer made the difference".into());
        } else {
            d.hints.push(hints::changed_in_transit(&changed));
        }
    }
}

/// Rebuild the V1 string of a captured request. `server_resource` settles which
/// parameters are sub-resources and, for a custom domain, which bucket is meant.
pub fn rebuild_v1(
    dialect: &v1::Dialect,
    r: &Request,
    auth: v1::Auth,
    server_resource: Option<&[u8]>,
    host_bucket: Option<&str>,
) -> Vec<u8> {
    let parsed = server_resource.map(resource::parse);
    let bucket_hint = parsed
        .as_ref()
        .and_then(|p| p.bucket.clone())
        .or_else(|| host_bucket.map(str::to_string));
    let loc = locate(
        r.host_name().as_deref(),
        r.raw_path(),
        bucket_hint.as_deref(),
    );
    let names: Option<Vec<Vec<u8>>> =
        parsed.map(|p| p.subresources.iter().map(|(k, _)| k.clone()).collect());
    let hints = v1::Hints {
        server_subresources: names.as_deref(),
    };
    v1::string_to_sign(&v1::input_with(dialect, r, &loc, auth, &hints))
}
