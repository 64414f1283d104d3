//! The callback request OSS sends to the application server.
