//! With the AccessKeySecret: verify the signatures, and search the space of classic
//! client mistakes for the exact string whose signature equals `SignatureProvided`.
//! Without it, a V4 error still gives the canonical request's hash away
//! ([`apply_without_secret`]).
//!
//! The secret is read from an environment variable, a file, or a prompt without echo —
//! never from a flag value — and is never printed, logged, or put in an error message:
//! [`Secret`] has no `Display`, its `Debug` is redacted, and its bytes are zeroed on drop.
//! Runs after `diagnose::diagnose`, on its output.

pub mod edits;
pub mod hmac;
pub mod search;
pub mod sha1x4;
pub(crate) mod verify;

use crate::error::{Error, Result};
use crate::input::Evidence;
use std::path::Path;
use zeroize::Zeroizing;

pub use verify::{apply, apply_without_secret, search_v1, search_v4};

/// The AccessKeySecret. Never printed.
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Secret {
        Secret(Zeroizing::new(bytes))
    }
    /// The bytes, for signing only.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Where the secret comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretFrom {
    Env(String),
    File(std::path::PathBuf),
    Prompt,
}

/// Read the secret. Errors name the variable or file, never the value.
pub fn read(
    from: &SecretFrom,
    var: &dyn Fn(&str) -> Option<String>,
    stdin_is_terminal: bool,
) -> Result<Secret> {
    let s = match from {
        SecretFrom::Env(v) => match var(v) {
            Some(s) if !s.is_empty() => Zeroizing::new(s.into_bytes()),
            _ => {
                return Err(Error::Usage(format!(
                    "--secret-env {v}: that environment variable is not set or empty"
                )))
            }
        },
        SecretFrom::File(p) => read_file(p)?,
        SecretFrom::Prompt => {
            if !stdin_is_terminal {
                return Err(Error::Usage(
                    "--secret-prompt needs a terminal on standard input; use --secret-env VAR or --secret-file PATH".into(),
                ));
            }
            match rpassword::prompt_password("AccessKeySecret (not echoed): ") {
                Ok(s) => Zeroizing::new(s.into_bytes()),
                Err(e) => {
                    return Err(Error::Io(format!(
                        "cannot read the secret from the terminal: {}",
                        e.kind()
                    )))
                }
            }
        }
    };
    if s.is_empty() {
        return Err(Error::Usage("the AccessKeySecret given is empty".into()));
    }
    Ok(Secret(s))
}

/// A secret file: its content, less one final newline (`\n` or `\r\n`).
fn read_file(p: &Path) -> Result<Zeroizing<Vec<u8>>> {
    let meta = std::fs::metadata(p).map_err(|e| {
        Error::Io(format!(
            "--secret-file {}: cannot read it ({})",
            p.display(),
            e.kind()
        ))
    })?;
    if meta.len() > 4096 {
        return Err(Error::Usage(format!(
            "--secret-file {}: larger than 4 KiB, which is not an AccessKeySecret",
            p.display()
        )));
    }
    let mut b = Zeroizing::new(std::fs::read(p).map_err(|e| {
        Error::Io(format!(
            "--secret-file {}: cannot read it ({})",
            p.display(),
            e.kind()
        ))
    })?);
    if b.ends_with(b"\r\n") {
        let n = b.len() - 2;
        b.truncate(n);
    } else if b.ends_with(b"\n") {
        let n = b.len() - 1;
        b.truncate(n);
    }
    Ok(b)
}

/// How far the search may go.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Most candidate strings to try per diagnosis.
    pub limit: u64,
}

/// About a second of searching on two cores (5 M candidates at the measured rate of 3–5 M/s);
/// a typical error's whole space (10^5–10^6 candidates) is far below it.
pub const DEFAULT_LIMIT: u64 = 5_000_000;

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: DEFAULT_LIMIT,
        }
    }
}

/// The captured request a diagnosis was made from, found again in the evidence.
fn request_of<'a>(
    d: &crate::diagnose::Diagnosis,
    ev: &'a Evidence,
) -> Option<&'a crate::request::Request> {
    ev.request_of(d)
}
