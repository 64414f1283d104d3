//! The EC codes around signing: plain data (spec §6.3). An EC alone explains itself
//! from this table (`RecommendDoc` is `https://api.aliyun.com/troubleshoot?q=<EC>`).
//! The input readers use it to name the `<Code>` of a bare EC, the diagnosis to explain it.

/// One EC: the `<Code>` that goes with it when a source shows it, what it means, the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ec {
    pub ec: &'static str,
    pub code: Option<&'static str>,
    pub meaning: &'static str,
    pub fix: &'static str,
}

const fn ec(
    ec: &'static str,
    code: Option<&'static str>,
    meaning: &'static str,
    fix: &'static str,
) -> Ec {
    Ec {
        ec,
        code,
        meaning,
        fix,
    }
}

const SDM: Option<&str> = Some("SignatureDoesNotMatch");
const AD: Option<&str> = Some("AccessDenied");
const IA: Option<&str> = Some("InvalidArgument");

/// The EC codes around signing (spec §6.3). `code` is given only where a source shows it.
pub const EC_TABLE: &[Ec] = &[
    ec("0002-00000003", Some("InvalidAccessKeyId"), "the AccessKeyId is unknown; for an STS AccessKeyId (STS.…) the security token may be missing", "send x-oss-security-token (or security-token in a URL) with an STS AccessKeyId, or use a permanent key"),
    ec("0002-00000006", Some("InvalidSecurityToken"), "the security token is invalid", "send the token that came with this temporary AccessKeyId, unchanged (no truncation, no URL-decoding of '+')"),
    ec("0002-00000007", Some("SecurityTokenExpired"), "the STS security token has expired", "get fresh STS credentials before they expire (refresh ahead of Expiration)"),
    ec("0002-00000008", Some("InvalidSecurityToken"), "the security token was not issued with this AccessKeyId", "send the AccessKeyId, secret and token of one and the same STS response"),
    ec("0002-00000040", SDM, "Signature V1: the signature does not match the string OSS computed", "compare the StringToSign in the error body with the string your client signed"),
    ec("0002-00000063", IA, "the Authorization header is malformed", "send 'Authorization: OSS <AccessKeyId>:<Signature>' (V1) or a complete OSS4-HMAC-SHA256 header"),
    ec("0002-00000064", None, "the AccessKeyId in the URL holds invalid characters", "check OSSAccessKeyId for spaces, quotes or line breaks"),
    ec("0002-00000066", None, "unknown x-oss-signature-version value", "use x-oss-signature-version=OSS4-HMAC-SHA256"),
    ec("0002-00000067", AD, "signed URL: Expires is missing", "a V1 signed URL needs OSSAccessKeyId, Expires and Signature"),
    ec("0002-00000068", AD, "signed URL: Expires is empty", "Expires is the expiry time in Unix seconds"),
    ec("0002-00000069", AD, "signed URL: the request came after Expires", "generate a new URL; Expires is an absolute time in Unix seconds (not milliseconds, not a duration)"),
    ec("0002-00000070", AD, "signed URL: Expires is not a valid time", "Expires is an integer number of Unix seconds"),
    ec("0002-00000073", None, "the AccessKeyId holds invalid characters", "check the AccessKeyId for spaces, quotes or line breaks"),
    ec("0002-00000076", None, "x-oss-additional-headers is empty in the URL", "leave the parameter out, or list header names"),
    ec("0002-00000077", None, "a header named in x-oss-additional-headers is missing from the request", "send every header the signature lists"),
    ec("0002-00000078", None, "x-oss-additional-headers is malformed (e.g. ' ;host', or a name with '_')", "lowercase names separated by ';', no spaces, no underscores"),
    ec("0002-00000108", None, "V2 header: Signature is missing", "send a complete Authorization header"),
    ec("0002-00000109", None, "V2 header: Signature is empty", "send a complete Authorization header"),
    ec("0002-00000110", None, "V2 header: AdditionalHeaders is empty", "leave AdditionalHeaders out, or list header names"),
    ec("0002-00000112", None, "V2 header: a header named in AdditionalHeaders is missing or malformed", "send every header the signature lists"),
    ec("0002-00000201", SDM, "Signature V4: the signature does not match", "compare the CanonicalRequest and StringToSign in the error body with your client's"),
    ec("0002-00000202", None, "V4: the Authorization header is malformed", "send 'OSS4-HMAC-SHA256 Credential=…,AdditionalHeaders=…,Signature=…'"),
    ec("0002-00000203", None, "V4: Credential has no '='", "write Credential=<AccessKeyId>/<date>/<region>/oss/aliyun_v4_request"),
    ec("0002-00000206", None, "V4: the AccessKeyId in Credential holds invalid characters", "check the AccessKeyId for spaces, quotes or line breaks"),
    ec("0002-00000208", None, "V4: Signature is empty", "send the hex signature"),
    ec("0002-00000212", None, "V4: the date in Credential is not YYYYMMDD", "use the UTC date of x-oss-date, as YYYYMMDD"),
    ec("0002-00000213", None, "V4: the Credential does not end in aliyun_v4_request", "the scope ends in /oss/aliyun_v4_request"),
    ec("0002-00000214", None, "V4: x-oss-content-sha256 is not UNSIGNED-PAYLOAD", "send x-oss-content-sha256: UNSIGNED-PAYLOAD"),
    ec("0002-00000215", None, "V4 URL: x-oss-expires is missing", "a V4 signed URL needs x-oss-expires (a duration in seconds)"),
    ec("0002-00000216", None, "V4 URL: x-oss-expires is empty", "x-oss-expires is a duration in seconds from x-oss-date"),
    ec("0002-00000217", None, "V4 URL: x-oss-credential is missing", "a V4 signed URL needs x-oss-credential"),
    ec("0002-00000219", None, "V4 URL: x-oss-signature is missing", "a V4 signed URL needs x-oss-signature"),
    ec("0002-00000220", None, "V4 URL: x-oss-signature is empty", "send the hex signature"),
    ec("0002-00000223", None, "V4 URL: the date in x-oss-credential is not YYYYMMDD", "use the UTC date of x-oss-date, as YYYYMMDD"),
    ec("0002-00000225", SDM, "V4 mismatch on a request with IP-restriction parameters (x-oss-ac-subnet-mask …)", "sign the IP-restriction parameters exactly as sent"),
    ec("0002-00000226", IA, "V4: the signing region in Credential is invalid (e.g. 'oss-cn-hangzhou' or 'cn-beijing-internal' instead of 'cn-hangzhou'/'cn-beijing')", "set the SDK region to the bare region id of the bucket (cn-hangzhou), without 'oss-' and without '-internal'"),
    ec("0002-00000227", IA, "V4: the signing product in Credential is invalid (it must be 'oss')", "the scope is <date>/<region>/oss/aliyun_v4_request; for a local/edge region check the SDK's product setting"),
    ec("0002-00000228", None, "V4: the signing region is not the bucket's region, or differs from the Host's region", "sign with the region of the bucket's endpoint"),
    ec("0002-00000236", None, "V4 signed URL: expired (x-oss-date + x-oss-expires is past)", "generate a new URL; x-oss-expires is a duration in seconds from x-oss-date"),
    ec("0002-00000307", SDM, "S3-compatible Signature V2 mismatch", "check the S3 client's signer (AWSAccessKeyId) and endpoint"),
    ec("0002-00000429", SDM, "S3-compatible Signature V4 mismatch", "use region and endpoint of the bucket in the S3 client; check path-style vs virtual-host style"),
    ec("0002-00000430", SDM, "S3-compatible Signature V4 mismatch (chunked upload)", "disable chunked/streaming signing or payload signing in the S3 client"),
    ec("0002-00000431", SDM, "S3-compatible V4: an x-amz-* header is not signed", "sign every x-amz-* header the request carries"),
    ec("0002-00000501", Some("RequestTimeTooSkewed"), "S3-compatible: the request time is more than 15 minutes from OSS's time", "sync the client clock (NTP)"),
    ec("0002-00000502", AD, "the Date header (GMT) or x-oss-date (ISO 8601) is not in the right format", "Date: 'Tue, 23 May 2023 15:24:55 GMT'; x-oss-date: '20230523T152455Z'"),
    ec("0002-00000503", AD, "the request carries no valid Date (nor x-oss-date)", "send a Date header (a browser cannot set it: use x-oss-date and sign that instead)"),
    ec("0002-00000504", Some("RequestTimeTooSkewed"), "the request time is more than 15 minutes from OSS's time", "sync the client clock (NTP) and sign with the current time"),
    ec("0002-00000602", SDM, "V4 mismatch: the client IP is outside the signed IP range", "send from an IP inside the signed range, or sign without IP restriction"),
    ec("0002-00000702", None, "PostObject: the policy field is missing", "send the policy form field"),
    ec("0002-00000703", None, "PostObject: the signature field is missing", "send Signature (V1) or x-oss-signature (V4)"),
    ec("0002-00000704", None, "PostObject: the signature field is empty", "send the signature of the base64 policy"),
    ec("0002-00000705", SDM, "PostObject: the signature does not match (or is in the field of the other version)", "sign the base64 policy text exactly as sent, with the matching version's field"),
    ec("0002-00000708", None, "PostObject V4: the AccessKeyId in x-oss-credential is invalid", "check x-oss-credential"),
    ec("0002-00000709", None, "PostObject V4: the date in x-oss-credential is invalid or too far from now", "use today's UTC date (YYYYMMDD)"),
    ec("0002-00000710", None, "PostObject V4: the credential terminator is invalid", "end the credential with /oss/aliyun_v4_request"),
    ec("0002-00000901", None, "the AccessKeyId in the Authorization header holds invalid characters", "check the AccessKeyId for spaces, quotes or line breaks"),
    ec("0002-00000902", Some("InvalidAccessKeyId"), "the AccessKeyId does not exist", "check for surrounding spaces, a deleted key, an STS key used without its token, or a key of another cloud"),
    ec("0002-00000904", None, "the AccessKeyId is disabled, or restricted to other IPs", "enable the key in RAM, or call from an allowed IP"),
];

/// Look an EC up in the table.
pub fn ec_info(ec: &str) -> Option<&'static Ec> {
    let ec = ec.trim();
    EC_TABLE.iter().find(|e| e.ec == ec)
}

/// The `<Code>` an EC implies, where a source shows one.
pub fn ec_code(ec: &str) -> Option<&'static str> {
    ec_info(ec).and_then(|e| e.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ec_table_is_sorted_and_unique() {
        for w in EC_TABLE.windows(2) {
            assert!(w[0].ec < w[1].ec, "{} before {}", w[0].ec, w[1].ec);
        }
        assert_eq!(ec_code("0002-00000040"), Some("SignatureDoesNotMatch"));
        assert_eq!(ec_code(" 0002-00000504 "), Some("RequestTimeTooSkewed"));
        assert!(ec_info("0002-00000704").is_some());
    }
}
