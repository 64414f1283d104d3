//! Byte strings as the user should see them: every invisible or ambiguous byte made
//! visible, and a JSON value that is text when the bytes are UTF-8 and base64 otherwise.

use base64::Engine as _;
use serde::Serialize;

/// A value in the JSON report: `{"text": ...}` when valid UTF-8, else `{"bytes": "<base64>"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Text { text: String },
    Bytes { bytes: String },
}

impl Value {
    pub fn of(b: &[u8]) -> Value {
        match std::str::from_utf8(b) {
            Ok(s) => Value::Text {
                text: s.to_string(),
            },
            Err(_) => Value::Bytes {
                bytes: base64::engine::general_purpose::STANDARD.encode(b),
            },
        }
    }
}

/// One piece of a visible rendering: plain text, or a token standing for an invisible
/// or non-ASCII character (renderers may colour tokens).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Plain(String),
    Token(String),
}

/// Split `b` into visible pieces. ASCII printable bytes stay as they are; `\n`, `\r`,
/// `\t` and other control bytes become escapes; trailing (and leading) spaces become `␠`;
/// non-ASCII characters become `<U+XXXX>`; bytes that are not UTF-8 become `<0xHH>`.
pub fn pieces(b: &[u8]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let push_plain = |out: &mut Vec<Piece>, s: &str| {
        if let Some(Piece::Plain(p)) = out.last_mut() {
            p.push_str(s);
        } else {
            out.push(Piece::Plain(s.to_string()));
        }
    };
    // Spaces at either end of the value are shown, since they are the usual culprit.
    let lead = b.iter().take_while(|&&c| c == b' ').count();
    let trail = if lead == b.len() {
        0
    } else {
        b.iter().rev().take_while(|&&c| c == b' ').count()
    };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b' ' && (i < lead || i >= b.len() - trail) {
            out.push(Piece::Token("␠".into()));
            i += 1;
            continue;
        }
        if c.is_ascii() {
            match c {
                b'\n' => out.push(Piece::Token("\\n".into())),
                b'\r' => out.push(Piece::Token("\\r".into())),
                b'\t' => out.push(Piece::Token("\\t".into())),
                0x20..=0x7e => push_plain(&mut out, std::str::from_utf8(&[c]).unwrap_or("?")),
                _ => out.push(Piece::Token(format!("\\x{c:02X}"))),
            }
            i += 1;
            continue;
        }
        // Non-ASCII: decode one UTF-8 character if possible.
        let end = (i + 4).min(b.len());
        let mut decoded = None;
        for j in (i + 2..=end).rev() {
            if let Ok(s) = std::str::from_utf8(&b[i..j]) {
                if s.chars().count() == 1 {
                    decoded = Some((s.chars().next().unwrap_or('?'), j));
                    break;
                }
            }
        }
        match decoded {
            Some((ch, j)) => {
                out.push(Piece::Token(format!("<U+{:04X}>", ch as u32)));
                i = j;
            }
            None => {
                out.push(Piece::Token(format!("<0x{c:02X}>")));
                i += 1;
            }
        }
    }
    out
}

/// The visible rendering as one string.
pub fn visible(b: &[u8]) -> String {
    pieces(b)
        .into_iter()
        .map(|p| match p {
            Piece::Plain(s) | Piece::Token(s) => s,
        })
        .collect()
}

/// Length of the common prefix of two byte strings.
pub fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_marks_invisible_characters() {
        assert_eq!(visible(b"a\r\n\tb"), "a\\r\\n\\tb");
        assert_eq!(visible(b" text/html  "), "␠text/html␠␠");
        assert_eq!(visible("a\u{a0}b".as_bytes()), "a<U+00A0>b");
        assert_eq!(visible("中".as_bytes()), "<U+4E2D>");
        assert_eq!(visible(b"a\xffb"), "a<0xFF>b");
        assert_eq!(visible(b"in side"), "in side");
    }

    #[test]
    fn value_is_text_or_base64() {
        assert_eq!(Value::of(b"x"), Value::Text { text: "x".into() });
        assert_eq!(
            Value::of(b"\xff"),
            Value::Bytes {
                bytes: "/w==".into()
            }
        );
    }
}
