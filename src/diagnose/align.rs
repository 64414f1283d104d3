//! Aligning two field lists by name and diffing each pair byte by byte.

use super::fields::{rank, Field};
use similar::{capture_diff_slices, Algorithm, DiffTag};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Match,
    Differs,
    ServerOnly,
    ClientOnly,
}

/// One piece of a byte-level diff, from the server's value to the client's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Same(Vec<u8>),
    /// In the server's value only.
    Server(Vec<u8>),
    /// In the client's value only.
    Client(Vec<u8>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub status: Status,
    pub server: Option<Vec<u8>>,
    pub client: Option<Vec<u8>>,
    /// Byte offset of the first difference (differs only).
    pub first_diff: Option<usize>,
    pub ops: Vec<Op>,
}

impl Row {
    pub fn differs(&self) -> bool {
        self.status != Status::Match
    }
}

/// Byte diff of two values.
pub fn diff(server: &[u8], client: &[u8]) -> Vec<Op> {
    let mut out: Vec<Op> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, server, client) {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => out.push(Op::Same(server[o].to_vec())),
            DiffTag::Delete => out.push(Op::Server(server[o].to_vec())),
            DiffTag::Insert => out.push(Op::Client(client[n].to_vec())),
            DiffTag::Replace => {
                out.push(Op::Server(server[o].to_vec()));
                out.push(Op::Client(client[n].to_vec()));
            }
        }
    }
    out
}

/// Align server and client fields by name, in string order.
pub fn align(server: &[Field], client: &[Field]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for s in server {
        let c = client.iter().find(|c| c.name == s.name);
        rows.push(row(&s.name, Some(&s.bytes), c.map(|c| c.bytes.as_slice())));
    }
    for c in client {
        if !server.iter().any(|s| s.name == c.name) {
            rows.push(row(&c.name, None, Some(&c.bytes)));
        }
    }
    // Stable order: by field position, then by name within headers and queries; the
    // server's order breaks ties.
    let order: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
    rows.sort_by(|a, b| {
        rank(&a.name).cmp(&rank(&b.name)).then_with(|| {
            let pa = order.iter().position(|n| *n == a.name);
            let pb = order.iter().position(|n| *n == b.name);
            pa.cmp(&pb)
        })
    });
    rows
}

pub fn row(name: &str, server: Option<&[u8]>, client: Option<&[u8]>) -> Row {
    let (status, first_diff, ops) = match (server, client) {
        (Some(s), Some(c)) if s == c => (Status::Match, None, Vec::new()),
        (Some(s), Some(c)) => (
            Status::Differs,
            Some(crate::bytes::common_prefix(s, c)),
            diff(s, c),
        ),
        (Some(_), None) => (Status::ServerOnly, None, Vec::new()),
        (None, _) => (Status::ClientOnly, None, Vec::new()),
    };
    Row {
        name: name.to_string(),
        status,
        server: server.map(<[u8]>::to_vec),
        client: client.map(<[u8]>::to_vec),
        first_diff,
        ops,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::fields::split_v1;

    #[test]
    fn aligns_by_name() {
        let s = split_v1(b"PUT\n\ntext/plain\nD\nx-oss-a:1\n/b/k");
        let c = split_v1(b"PUT\n\n\nD\nx-oss-b:2\n/b/k");
        let rows = align(&s, &c);
        let st: Vec<(&str, Status)> = rows.iter().map(|r| (r.name.as_str(), r.status)).collect();
        assert_eq!(
            st,
            [
                ("verb", Status::Match),
                ("content-md5", Status::Match),
                ("content-type", Status::Differs),
                ("date", Status::Match),
                ("header:x-oss-a", Status::ServerOnly),
                ("header:x-oss-b", Status::ClientOnly),
                ("resource", Status::Match),
            ]
        );
        assert_eq!(rows[2].first_diff, Some(0));
    }

    #[test]
    fn byte_diff() {
        let ops = diff(b"text/html", b"text/html; charset=utf-8");
        assert_eq!(
            ops,
            vec![
                Op::Same(b"text/html".to_vec()),
                Op::Client(b"; charset=utf-8".to_vec())
            ]
        );
    }
}
