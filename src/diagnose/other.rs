//! Errors next to SignatureDoesNotMatch (clock skew, expiry, unknown keys, tokens,
//! V4 credential errors): each gets its own explanation instead of a signature diff.

use super::{Diagnosis, Hint, Severity};

/// Errors next to SignatureDoesNotMatch: say what they mean.
pub fn explain(d: &mut Diagnosis) {
    let Some(e) = &d.error else { return };
    let code = e.code.clone().unwrap_or_default();
    let (id, message, fix) = match code.as_str() {
        "RequestTimeTooSkewed" => (
            "request-time-skewed",
            "the request time differs from OSS's clock by more than 15 minutes".to_string(),
            "sync the client clock (NTP) and sign with the current time",
        ),
        "AccessDenied" if e.message.as_deref().is_some_and(|m| m.contains("expired")) => (
            "url-expired",
            "the signed URL or request has expired".to_string(),
            "generate a new URL; Expires is absolute Unix seconds (V1), x-oss-expires a duration in seconds from x-oss-date (V4)",
        ),
        "InvalidAccessKeyId" => (
            "access-key-id-invalid",
            format!("OSS does not know the AccessKeyId '{}'", e.access_key_id.clone().unwrap_or_default()),
            "check for surrounding spaces, a deleted or disabled key, an STS key used without its token, or a key of another cloud",
        ),
        "SecurityTokenExpired" => ("security-token-expired", "the STS security token has expired".to_string(), "get fresh STS credentials"),
        "InvalidSecurityToken" => (
            "security-token-invalid",
            "the STS security token is invalid or not issued for this AccessKeyId".to_string(),
            "send the token that came with this temporary AccessKeyId/secret",
        ),
        _ => (
            "other-error",
            format!("OSS answered {}{}", code, e.message.as_deref().map(|m| format!(": {m}")).unwrap_or_default()),
            "",
        ),
    };
    d.hints.push(Hint {
        id,
        field: None,
        message,
        fix: if fix.is_empty() {
            None
        } else {
            Some(fix.to_string())
        },
        severity: Severity::Error,
    });
}
