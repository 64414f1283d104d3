//! A captured HTTP request, kept as the raw bytes that were on the wire, and the
//! OSS-specific reading of it (bucket, key, query parameters, auth parameters).
//!
//! Nothing here normalizes the path or query: the raw request target is stored as
//! captured, and every derived value (decoded key, decoded query pairs) is computed
//! from it on demand.

/// Where a captured request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureKind {
    CurlVerbose,
    CurlTrace,
    RawHttp,
    CurlCommand,
    Url,
    Har,
    Form,
    Described,
}

impl CaptureKind {
    pub fn label(self) -> &'static str {
        match self {
            CaptureKind::CurlVerbose => "curl -v transcript",
            CaptureKind::CurlTrace => "curl --trace-ascii",
            CaptureKind::RawHttp => "raw HTTP request",
            CaptureKind::CurlCommand => "curl command line",
            CaptureKind::Url => "presigned URL",
            CaptureKind::Har => "HAR entry",
            CaptureKind::Form => "PostObject form",
            CaptureKind::Described => "request description",
        }
    }
}

/// A request as captured. `target` is the origin-form request target (`/path?query`)
/// exactly as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub kind: CaptureKind,
    /// None when the capture does not say (a bare URL).
    pub method: Option<String>,
    pub host: Option<String>,
    pub target: String,
    /// Header names as captured, values with surrounding HTTP whitespace removed.
    pub headers: Vec<(String, String)>,
    /// Things the parser had to assume or repair, said to the user.
    pub notes: Vec<String>,
    /// The response status, when the capture shows it.
    pub status: Option<u16>,
    /// The response's `x-oss-request-id`, when the capture shows it (pairs the request
    /// with its error body in a ticket).
    pub response_request_id: Option<String>,
    /// The request body as captured (raw HTTP with a body, curl `--data*`, HAR
    /// `postData.text`), byte for byte; None when the capture has none.
    pub body: Option<Vec<u8>>,
    /// The PostObject form, when the request is a browser upload (multipart body, HAR
    /// `postData.params`, `curl -F`).
    pub form: Option<Form>,
}

/// A PostObject form as the browser sent it: the text fields in wire order, then the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    /// (name as sent, value bytes as received).
    pub fields: Vec<(String, Vec<u8>)>,
    /// The file part, when the capture shows it.
    pub file: Option<FilePart>,
}

/// The `file` part of a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    pub filename: Option<String>,
    pub content_type: Option<String>,
    /// Its size in bytes, when the capture has the content (or says it).
    pub size: Option<u64>,
}

impl Form {
    /// The first field with this name (form field names are case-insensitive to OSS).
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// The field as text (lossy for non-UTF-8 bytes).
    pub fn get_str(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.get(name).map(String::from_utf8_lossy)
    }
}

impl Request {
    pub fn new(kind: CaptureKind) -> Request {
        Request {
            kind,
            method: None,
            host: None,
            target: "/".into(),
            headers: Vec::new(),
            notes: Vec::new(),
            status: None,
            response_request_id: None,
            body: None,
            form: None,
        }
    }

    /// Add `Host: <captured host>` when the capture has a host but no Host header (every
    /// HTTP client sends one; V4 may sign it).
    pub fn ensure_host_header(&mut self) {
        if self.header("host").is_none() {
            if let Some(h) = self.host.clone() {
                self.headers.insert(0, ("Host".into(), h));
            }
        }
    }

    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The host, from the Host header or the captured host, without port, lower-cased.
    pub fn host_name(&self) -> Option<String> {
        let h = self.header("host").or(self.host.as_deref())?;
        let h = h.trim();
        let h = if let Some(rest) = h.strip_prefix('[') {
            rest.split(']').next().unwrap_or(rest)
        } else {
            h.rsplit_once(':')
                .filter(|(_, p)| p.chars().all(|c| c.is_ascii_digit()))
                .map(|(a, _)| a)
                .unwrap_or(h)
        };
        Some(h.to_ascii_lowercase())
    }

    pub fn raw_path(&self) -> &str {
        match self.target.find('?') {
            Some(i) => &self.target[..i],
            None => &self.target,
        }
    }

    pub fn raw_query(&self) -> Option<&str> {
        self.target.find('?').map(|i| &self.target[i + 1..])
    }

    /// Query pairs, raw (still percent-encoded), in wire order. A pair without `=`
    /// has value `None`.
    pub fn raw_query_pairs(&self) -> Vec<(&str, Option<&str>)> {
        match self.raw_query() {
            None => Vec::new(),
            Some(q) => split_query(q),
        }
    }

    /// Query pairs decoded the way OSS reads them (`%XX` and `+` as space).
    pub fn query_pairs(&self) -> Vec<(Vec<u8>, Option<Vec<u8>>)> {
        self.raw_query_pairs()
            .into_iter()
            .map(|(k, v)| (query_decode(k), v.map(query_decode)))
            .collect()
    }

    /// The first decoded value of a query parameter (exact name).
    pub fn query_value(&self, name: &str) -> Option<Vec<u8>> {
        self.query_pairs()
            .into_iter()
            .find(|(k, _)| k == name.as_bytes())
            .map(|(_, v)| v.unwrap_or_default())
    }

    pub fn has_query(&self, name: &str) -> bool {
        self.query_pairs().iter().any(|(k, _)| k == name.as_bytes())
    }
}

/// Split a raw query string on `&`, then each part on its first `=`.
pub fn split_query(q: &str) -> Vec<(&str, Option<&str>)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (p, None),
        })
        .collect()
}

/// Percent-decode (`%XX`), leaving malformed escapes as they are. `+` is kept.
pub fn percent_decode(s: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(s).collect()
}

/// Decode a query component as OSS does: `+` is a space, then `%XX`.
pub fn query_decode(s: &str) -> Vec<u8> {
    if s.contains('+') {
        percent_decode(&s.replace('+', " "))
    } else {
        percent_decode(s)
    }
}

/// How a host names the bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostStyle {
    /// `bucket.oss-cn-hangzhou.aliyuncs.com`
    VirtualHosted,
    /// `oss-cn-hangzhou.aliyuncs.com/bucket/key`
    PathStyle,
    /// A custom domain or unknown host: the bucket is not in the request.
    Custom,
}

/// Where the bucket and key of a request are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub style: HostStyle,
    pub bucket: Option<String>,
    /// The decoded object key (may be empty: bucket-level request).
    pub key: Vec<u8>,
    /// The region named by the host (`cn-hangzhou` for `oss-cn-hangzhou.aliyuncs.com`).
    pub host_region: Option<String>,
}

/// Read bucket, key and region from host and raw path. `bucket_hint` is used for a
/// custom-domain host (e.g. the bucket the server's string names).
pub fn locate(host: Option<&str>, raw_path: &str, bucket_hint: Option<&str>) -> Location {
    let path = raw_path.strip_prefix('/').unwrap_or(raw_path);
    let (style, host_bucket, host_region) = classify_host(host);
    match style {
        HostStyle::VirtualHosted => Location {
            style,
            bucket: host_bucket,
            key: percent_decode(path),
            host_region,
        },
        HostStyle::PathStyle => {
            let (b, k) = match path.split_once('/') {
                Some((b, k)) => (b, k),
                None => (path, ""),
            };
            let bucket = String::from_utf8_lossy(&percent_decode(b)).into_owned();
            Location {
                style,
                bucket: if bucket.is_empty() {
                    None
                } else {
                    Some(bucket)
                },
                key: percent_decode(k),
                host_region,
            }
        }
        HostStyle::Custom => Location {
            style,
            bucket: bucket_hint.map(str::to_string),
            key: percent_decode(path),
            host_region,
        },
    }
}

/// Classify an OSS host name. Returns the style, the bucket in the host (if any)
/// and the region the endpoint names.
pub fn classify_host(host: Option<&str>) -> (HostStyle, Option<String>, Option<String>) {
    let Some(host) = host else {
        return (HostStyle::PathStyle, None, None);
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let is_ip = host.parse::<std::net::IpAddr>().is_ok() || host == "localhost";
    if is_ip {
        return (HostStyle::PathStyle, None, None);
    }
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    if host.ends_with(".amazonaws.com") {
        return classify_s3_host(&labels);
    }
    let in_aliyun = host.ends_with(".aliyuncs.com") || host.ends_with(".aliyun-inc.com");
    if !in_aliyun || n < 3 {
        return (HostStyle::Custom, None, None);
    }
    // Count from the right: the label before `aliyuncs.com` names the endpoint.
    let endpoint = labels[n - 3];
    let bucket_of = |labels: &[&str]| {
        if labels.is_empty() {
            None
        } else {
            Some(labels.join("."))
        }
    };
    let (bucket, region) = match endpoint {
        // [bucket.]cb-id.region.oss-cloudbox.aliyuncs.com; the signing region is the box id.
        "oss-cloudbox" if n >= 5 => (bucket_of(&labels[..n - 5]), Some(labels[n - 5].to_string())),
        // Dual-stack: [bucket.]region.oss.aliyuncs.com
        "oss" if n >= 4 => (bucket_of(&labels[..n - 4]), Some(labels[n - 4].to_string())),
        e if e.starts_with("oss-") => (bucket_of(&labels[..n - 3]), region_of_label(e)),
        _ => return (HostStyle::Custom, None, None),
    };
    match bucket {
        Some(b) => (HostStyle::VirtualHosted, Some(b), region),
        None => (HostStyle::PathStyle, None, region),
    }
}

/// An S3 host: `[bucket.]s3[.dualstack][.region].amazonaws.com` or `[bucket.]s3-region.amazonaws.com`.
fn classify_s3_host(labels: &[&str]) -> (HostStyle, Option<String>, Option<String>) {
    let Some(i) = labels
        .iter()
        .position(|l| *l == "s3" || l.starts_with("s3-"))
    else {
        return (HostStyle::Custom, None, None);
    };
    let region = match labels[i].strip_prefix("s3-") {
        Some(r) => Some(r.to_string()),
        None => labels[i + 1..]
            .iter()
            .find(|l| !matches!(**l, "dualstack" | "amazonaws" | "com" | "s3-accelerate"))
            .map(|r| r.to_string()),
    };
    if i == 0 {
        (HostStyle::PathStyle, None, region)
    } else {
        (
            HostStyle::VirtualHosted,
            Some(labels[..i].join(".")),
            region,
        )
    }
}

/// `oss-cn-hangzhou` → `cn-hangzhou`; `oss-cn-hangzhou-internal` → `cn-hangzhou`.
fn region_of_label(label: &str) -> Option<String> {
    let r = label.strip_prefix("oss-")?;
    let r = r.strip_suffix("-internal").unwrap_or(r);
    if r == "accelerate" || r == "accelerate-overseas" || r.is_empty() {
        return None;
    }
    Some(r.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let l = locate(
            Some("examplebucket.oss-cn-hangzhou.aliyuncs.com"),
            "/a%20b/c+d",
            None,
        );
        assert_eq!(l.bucket.as_deref(), Some("examplebucket"));
        assert_eq!(l.key, b"a b/c+d");
        assert_eq!(l.host_region.as_deref(), Some("cn-hangzhou"));
        let l = locate(
            Some("oss-cn-shanghai-internal.aliyuncs.com"),
            "/bkt/k",
            None,
        );
        assert_eq!(l.style, HostStyle::PathStyle);
        assert_eq!(l.bucket.as_deref(), Some("bkt"));
        assert_eq!(l.key, b"k");
        assert_eq!(l.host_region.as_deref(), Some("cn-shanghai"));
        let l = locate(
            Some("bucket.cb-123.cn-hangzhou.oss-cloudbox.aliyuncs.com"),
            "/k",
            None,
        );
        assert_eq!(l.bucket.as_deref(), Some("bucket"));
        assert_eq!(l.host_region.as_deref(), Some("cb-123"));
        let l = locate(Some("my.bucket.s3.us-west-2.amazonaws.com"), "/k%2Fx", None);
        assert_eq!(l.bucket.as_deref(), Some("my.bucket"));
        assert_eq!(l.host_region.as_deref(), Some("us-west-2"));
        let l = locate(Some("s3.amazonaws.com"), "/b/k", None);
        assert_eq!(
            (l.style.clone(), l.bucket.as_deref()),
            (HostStyle::PathStyle, Some("b"))
        );
        assert_eq!(l.host_region, None);
        let l = locate(Some("b.s3-eu-west-1.amazonaws.com"), "/k", None);
        assert_eq!(l.host_region.as_deref(), Some("eu-west-1"));
        let l = locate(Some("img.example.com"), "/k", Some("b"));
        assert_eq!(l.style, HostStyle::Custom);
        assert_eq!(l.bucket.as_deref(), Some("b"));
    }

    #[test]
    fn query_decoding_reads_plus_as_space() {
        let mut r = Request::new(CaptureKind::RawHttp);
        r.target = "/k?acl&a=x+y%2Bz&b=".into();
        let p = r.query_pairs();
        assert_eq!(p[0], (b"acl".to_vec(), None));
        assert_eq!(p[1], (b"a".to_vec(), Some(b"x y+z".to_vec())));
        assert_eq!(p[2], (b"b".to_vec(), Some(b"".to_vec())));
    }
}
