//! Canonicalization per signature version: pure functions, no I/O.

pub mod post;
pub mod subres;
pub mod v1;
pub mod v2;
pub mod v4;
