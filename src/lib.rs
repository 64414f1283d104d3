//! ossdiag: explains Alibaba Cloud OSS `SignatureDoesNotMatch` errors.
//!
//! The pipeline runs one way: [`input`] finds evidence in messy text, [`sign`]
//! canonicalizes requests per signature version, [`diagnose`] aligns and explains,
//! [`render`] prints. [`cli`] wires the command line to it; `main.rs` only maps the
//! result to an exit code.

pub mod bytes;
pub mod callback;
pub mod cli;
pub mod clock;
pub mod diagnose;
pub mod ec;
pub mod error;
pub mod exit;
pub mod input;
pub mod page;
pub mod pipeline;
pub mod policy;
pub mod render;
pub mod request;
pub mod scan;
pub mod scheme;
pub mod secret;
pub mod sign;
pub mod signcmd;

pub use error::{Error, Result};
