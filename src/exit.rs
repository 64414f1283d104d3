//! The exit codes of the contract, in one place.

/// What the process exits with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Nothing wrong found.
    Clean = 0,
    /// A problem was diagnosed.
    Problem = 1,
    /// Bad usage or unusable input (with a one-line reason on stderr).
    Usage = 2,
}

impl Exit {
    pub fn code(self) -> i32 {
        self as i32
    }
}
