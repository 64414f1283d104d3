//! The stage order, in one place: evidence → diagnoses → the V4 hash search (no secret
//! needed) → verify and search with the secret. The command line, the page and `scan`
//! all run it.

use crate::diagnose::{self, Diagnosis};
use crate::error::{Error, Result};
use crate::input::Evidence;
use crate::secret::{self, SearchOptions, Secret};

const NOTHING_FOUND: &str = "no OSS error body or request found: expected an error XML (with <Code>/<StringToSign>), a curl -v transcript, a raw HTTP request, a curl command line or a presigned URL";

/// Diagnose the evidence; an input with nothing to diagnose is an error (exit 2).
pub fn run(ev: &Evidence, secret: Option<&Secret>, opts: &SearchOptions) -> Result<Vec<Diagnosis>> {
    if ev.is_empty() {
        return Err(Error::Input(NOTHING_FOUND.into()));
    }
    let ds = run_found(ev, secret, opts);
    if ds.is_empty() {
        return Err(Error::Input("nothing to diagnose in the input".into()));
    }
    Ok(ds)
}

/// The stages on evidence known to hold something (what `scan` runs per window).
pub fn run_found(ev: &Evidence, secret: Option<&Secret>, opts: &SearchOptions) -> Vec<Diagnosis> {
    let mut ds = diagnose::diagnose(ev);
    if let Some(key) = &ev.public_key {
        for d in ds.iter_mut() {
            let req = ev.request_of(d);
            if let Some(s) = d.version.and_then(crate::scheme::by_id) {
                s.with_public_key(d, req, key);
            }
        }
    }
    secret::apply_without_secret(&mut ds, ev, opts);
    if let Some(s) = secret {
        secret::apply(&mut ds, ev, s, opts);
    }
    ds.iter_mut().for_each(diagnose::speak);
    ds
}
