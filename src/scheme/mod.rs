//! The signing schemes: ossdiag's one extension point.
//!
//! Each scheme says how it is recognised (from the server's string and error body, from a
//! captured request, from a pasted client string), how a diagnosis of it is built
//! (canonicalize the request, split both sides into named fields, align, hint), and how it
//! verifies and searches with the secret. The core (`diagnose`, `secret`, `render`) only
//! goes through [`all`] and [`by_id`]: it never names a scheme. A new scheme is a new
//! module here plus one line in [`all`]; schemes that differ only in constants (OSS V1 and
//! S3-style V2, OSS4 and AWS4) are one module with a dialect value each.

pub mod callback;
pub mod post;
pub mod v1;
pub mod v2;
pub mod v4;

use crate::diagnose::hints::Words;
use crate::diagnose::{Diagnosis, SigVersion};
use crate::input::{ClientString, ErrorBody, Evidence};
use crate::request::Request;
use crate::secret::{SearchOptions, Secret};

/// What a scheme is shown to recognise itself by.
pub struct Detect<'a> {
    /// The server's string to sign (bytes when usable, else text).
    pub server: Option<&'a [u8]>,
    pub error: Option<&'a ErrorBody>,
    pub request: Option<&'a Request>,
    pub client: Option<&'a [u8]>,
}

pub trait Scheme: Sync {
    fn id(&self) -> SigVersion;
    /// Is the server's string (with its error body, and the request when there is one) of
    /// this scheme? Asked in registry order; the first yes wins.
    fn claims_server(&self, d: &Detect) -> bool;
    /// Does the captured request authenticate with this scheme?
    fn claims_request(&self, r: &Request) -> bool;
    /// Is a pasted client string (with nothing else to go by) of this scheme?
    fn claims_client(&self, c: &[u8]) -> bool;
    /// Build the diagnosis: rebuild the request, split both sides, align, hint.
    fn diagnose(
        &self,
        d: &mut Diagnosis,
        e: Option<&ErrorBody>,
        req: Option<&Request>,
        c: Option<&ClientString>,
    );
    /// [`Scheme::diagnose`] with the whole evidence at hand, for a scheme that reads more
    /// than the paired error, request and client string (PostObject: the application
    /// server's signature response).
    fn diagnose_in(
        &self,
        d: &mut Diagnosis,
        e: Option<&ErrorBody>,
        req: Option<&Request>,
        c: Option<&ClientString>,
        _ev: &Evidence,
    ) {
        self.diagnose(d, e, req, c);
    }
    /// With the secret: verify the signatures and search for what the client signed.
    fn with_secret(
        &self,
        d: &mut Diagnosis,
        req: Option<&Request>,
        secret: &Secret,
        opts: &SearchOptions,
    );
    /// Without the secret: what can still be searched (the V4 canonical-request hash).
    fn without_secret(&self, _d: &mut Diagnosis, _req: Option<&Request>, _opts: &SearchOptions) {}
    /// The words its hints use (header family, names, rules): OSS's unless the scheme
    /// says otherwise.
    fn words(&self) -> Words {
        Words::OSS
    }
    /// With a public key (`--pub-key`, PEM): verify what only a key can verify.
    fn with_public_key(&self, _d: &mut Diagnosis, _req: Option<&Request>, _pem: &[u8]) {}
}

/// The registry, in the order detection asks: specific shapes first, OSS V1 last (it
/// takes any string to sign of the classic line model).
pub fn all() -> &'static [&'static dyn Scheme] {
    REGISTRY
}

static REGISTRY: &[&dyn Scheme] = &[
    &callback::CALLBACK,
    &post::POST_V4,
    &post::POST_V1,
    &v4::OSS4_SCHEME,
    &v4::AWS4_SCHEME,
    &v2::OSS2,
    &v1::AWS_V2,
    &v1::OSS_V1,
];

pub fn by_id(id: SigVersion) -> Option<&'static dyn Scheme> {
    all().iter().copied().find(|s| s.id() == id)
}

/// The scheme of one case: the server's string decides, else the request, else the
/// pasted client string; with none of them, OSS V1 (the diagnosis then says nothing of
/// the version).
pub fn detect(d: &Detect) -> &'static dyn Scheme {
    let found = if d.server.is_some() {
        all().iter().find(|s| s.claims_server(d))
    } else if let Some(r) = d.request {
        all().iter().find(|s| s.claims_request(r))
    } else if let Some(c) = d.client {
        all().iter().find(|s| s.claims_client(c))
    } else {
        None
    };
    found.copied().unwrap_or(&v1::OSS_V1)
}

/// The scheme a captured request signs with, if any (for readers and pairing).
pub fn of_request(r: &Request) -> Option<&'static dyn Scheme> {
    all().iter().copied().find(|s| s.claims_request(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::CaptureKind;

    fn req(auth: &str, target: &str) -> Request {
        let mut r = Request::new(CaptureKind::RawHttp);
        r.method = Some("GET".into());
        r.target = target.into();
        if !auth.is_empty() {
            r.headers.push(("Authorization".into(), auth.into()));
        }
        r
    }

    #[test]
    fn requests_are_claimed_by_one_scheme_each() {
        let cases = [
            ("OSS ak:sig", "/k", SigVersion::V1),
            ("AWS ak:sig", "/k", SigVersion::AwsV2),
            ("OSS2 AccessKeyId:ak,Signature:x", "/k", SigVersion::V2),
            ("OSS4-HMAC-SHA256 Credential=ak/20240101/cn-hangzhou/oss/aliyun_v4_request,Signature=x", "/k", SigVersion::V4),
            ("AWS4-HMAC-SHA256 Credential=ak/20240101/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=x", "/k", SigVersion::AwsV4),
            ("", "/k?OSSAccessKeyId=a&Expires=1&Signature=s", SigVersion::V1),
            ("", "/k?AWSAccessKeyId=a&Expires=1&Signature=s", SigVersion::AwsV2),
            ("", "/k?x-oss-signature-version=OSS2&x-oss-access-key-id=a&x-oss-expires=1&x-oss-signature=s", SigVersion::V2),
            ("", "/k?x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential=a", SigVersion::V4),
            ("", "/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a", SigVersion::AwsV4),
        ];
        for (auth, target, want) in cases {
            let r = req(auth, target);
            let got: Vec<SigVersion> = all()
                .iter()
                .filter(|s| s.claims_request(&r))
                .map(|s| s.id())
                .collect();
            assert_eq!(got, vec![want], "{auth} {target}");
        }
        assert!(of_request(&req("", "/k?a=b")).is_none());
    }

    #[test]
    fn server_strings_pick_their_scheme() {
        let pick = |s: &[u8]| {
            detect(&Detect {
                server: Some(s),
                error: None,
                request: None,
                client: None,
            })
            .id()
        };
        assert_eq!(pick(b"OSS4-HMAC-SHA256\n20240101T000000Z\n20240101/cn-hangzhou/oss/aliyun_v4_request\nab"), SigVersion::V4);
        assert_eq!(
            pick(b"AWS4-HMAC-SHA256\n20240101T000000Z\n20240101/us-east-1/s3/aws4_request\nab"),
            SigVersion::AwsV4
        );
        assert_eq!(
            pick(b"GET\n\n\nThu, 17 Nov 2005 18:49:58 GMT\nx-oss-meta-a:b\n\n%2Fbucket%2Fkey"),
            SigVersion::V2
        );
        assert_eq!(
            pick(b"GET\n\n\nThu, 17 Nov 2005 18:49:58 GMT\nx-oss-meta-a:b\n/bucket/key"),
            SigVersion::V1
        );
    }
}
