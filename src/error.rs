//! Errors are values. Every failure the user can cause maps to exit code 2 with
//! one line on stderr (see `main.rs`).

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum Error {
    /// The command line asks for something impossible.
    #[error("{0}")]
    Usage(String),
    /// The input holds nothing we can use.
    #[error("{0}")]
    Input(String),
    /// Reading a file or stream failed.
    #[error("{0}")]
    Io(String),
}

pub type Result<T> = std::result::Result<T, Error>;
