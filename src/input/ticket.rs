//! Strings the client signed, pasted into a ticket: in a code fence, or under a line that
//! names them (`my StringToSign:`, `CanonicalRequest:`, `错误的格式：`, `加密前的字段为:`).
//! One pass over the lines; each line is claimed by at most one candidate, and a
//! candidate is kept only when its shape is a V1 string to sign, a V4 string to sign or
//! a V4 canonical request.

use super::ClientString;

const VERBS: &[&str] = &["GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS", "PATCH"];

/// Words that, on a line ending in ':', announce a client string below.
const LABELS: &[&str] = &[
    "stringtosign",
    "string to sign",
    "string-to-sign",
    "string_to_sign",
    "canonicalrequest",
    "canonical request",
    "canonical_request",
    "signstr",
    "签名字符串",
    "待签名",
    "加密前",
    "错误的格式",
    "正确的格式",
    "签名串",
];

/// What a candidate looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    V1StringToSign,
    V4StringToSign,
    V4CanonicalRequest,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::V1StringToSign => "a V1 string to sign",
            Kind::V4StringToSign => "a V4 string to sign",
            Kind::V4CanonicalRequest => "a V4 canonical request",
        }
    }
}

/// Markdown quote markers (`> `, `>> `) in front of a pasted line.
fn unquote(l: &str) -> &str {
    let mut l = l.strip_suffix('\r').unwrap_or(l);
    while let Some(r) = l.strip_prefix('>') {
        l = r.strip_prefix(' ').unwrap_or(r);
    }
    l
}

fn is_label(l: &str) -> bool {
    let t = l.trim().trim_end_matches(['*', '`', ' ']);
    if !(t.ends_with(':') || t.ends_with('：')) || t.len() > 120 {
        return false;
    }
    let low = t.to_lowercase();
    LABELS.iter().any(|w| low.contains(w))
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|c| c.is_ascii_hexdigit())
}

/// The kind of `lines`, if they have the shape of a signed string. Under a label that
/// names it, a V1 string of three lines (verb, date, resource: the blank lines lost) is
/// taken too; unlabelled it needs the four newlines of a real one.
pub fn classify(lines: &[&str], labelled: bool) -> Option<Kind> {
    let first = lines.first()?.trim_end();
    if first == "OSS4-HMAC-SHA256" && lines.len() >= 4 {
        return Some(Kind::V4StringToSign);
    }
    if !VERBS.contains(&first) {
        return None;
    }
    if lines.len() >= 6 && lines.get(1).is_some_and(|l| l.starts_with('/')) {
        let last = lines.last()?.trim_end();
        if last == "UNSIGNED-PAYLOAD" || is_hex64(last) {
            return Some(Kind::V4CanonicalRequest);
        }
    }
    let last = lines.last()?;
    let min = if labelled { 3 } else { 4 };
    if (min..=40).contains(&lines.len())
        && last.starts_with('/')
        && !lines.iter().any(|l| l.starts_with('<'))
    {
        return Some(Kind::V1StringToSign);
    }
    None
}

/// Every client string in `lines` not claimed already (`used`), with the range of lines
/// it took. Claims the lines it keeps.
pub fn client_strings(
    lines: &[&str],
    used: &mut [bool],
) -> Vec<(std::ops::Range<usize>, Kind, ClientString)> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut labelled = false;
    while i < lines.len() {
        if used.get(i).copied().unwrap_or(true) {
            i += 1;
            continue;
        }
        let l = unquote(lines[i]);
        let t = l.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            let fence = &t[..3];
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && !unquote(lines[end]).trim_start().starts_with(fence) {
                end += 1;
            }
            let body: Vec<&str> = lines[start..end.min(lines.len())]
                .iter()
                .map(|l| unquote(l))
                .collect();
            if let Some(k) = classify(&body, labelled) {
                if (start..end).all(|j| !used.get(j).copied().unwrap_or(true)) {
                    push(&mut out, used, start..end, k, &body, labelled);
                }
            }
            labelled = false;
            i = end + 1;
            continue;
        }
        if is_label(l) {
            labelled = true;
            // Unfenced lines right below the label: a verb line, then up to the resource.
            let start = i + 1;
            if start < lines.len() && VERBS.contains(&unquote(lines[start]).trim_end()) {
                let mut end = start + 1;
                while end < lines.len() && end - start < 40 {
                    let u = unquote(lines[end]);
                    end += 1;
                    if u.starts_with('/') {
                        break;
                    }
                }
                let body: Vec<&str> = lines[start..end].iter().map(|l| unquote(l)).collect();
                if let Some(k) = classify(&body, true) {
                    if (start..end).all(|j| !used.get(j).copied().unwrap_or(true)) {
                        push(&mut out, used, start..end, k, &body, true);
                        labelled = false;
                        i = end;
                        continue;
                    }
                }
            }
            i += 1;
            continue;
        }
        if !l.trim().is_empty() {
            labelled = false;
        }
        i += 1;
    }
    out
}

fn push(
    out: &mut Vec<(std::ops::Range<usize>, Kind, ClientString)>,
    used: &mut [bool],
    r: std::ops::Range<usize>,
    k: Kind,
    body: &[&str],
    labelled: bool,
) {
    for j in r.clone() {
        if let Some(u) = used.get_mut(j) {
            *u = true;
        }
    }
    let text = body.join("\n");
    let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
    out.push((
        r.clone(),
        k,
        ClientString {
            bytes: text.into_bytes(),
            origin: format!(
                "{} pasted in the ticket{} (line {})",
                k.label(),
                if labelled {
                    " under its label"
                } else {
                    " in a code fence"
                },
                r.start + 1
            ),
            unescaped: false,
        },
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str) -> Vec<(Kind, Vec<u8>)> {
        let lines: Vec<&str> = t.split('\n').collect();
        let mut used = vec![false; lines.len()];
        client_strings(&lines, &mut used)
            .into_iter()
            .map(|(_, k, c)| (k, c.bytes))
            .collect()
    }

    #[test]
    fn fenced_and_labelled() {
        let t = "my StringToSign:\n```\nPUT\n\n\nTue, 23 May 2023 15:24:55 GMT\n/b/?acl\n```\n错误的格式：\nPUT\nTue, 23 May 2023 15:24:55 GMT\n/b/\nmore prose\n";
        let got = run(t);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1, b"PUT\n\n\nTue, 23 May 2023 15:24:55 GMT\n/b/?acl");
        assert_eq!(got[1].1, b"PUT\nTue, 23 May 2023 15:24:55 GMT\n/b/");
    }

    #[test]
    fn canonical_request_and_v4_sts_in_quotes() {
        let t = "> CanonicalRequest:\n> ```\n> GET\n> /b/k\n> \n> host:b.oss-cn-hangzhou.aliyuncs.com\n> \n> host\n> UNSIGNED-PAYLOAD\n> ```\n```\nOSS4-HMAC-SHA256\n20250101T000000Z\n20250101/cn-hangzhou/oss/aliyun_v4_request\n0000000000000000000000000000000000000000000000000000000000000000\n```\n";
        let got = run(t);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, Kind::V4CanonicalRequest);
        assert!(got[0].1.ends_with(b"\nUNSIGNED-PAYLOAD"));
        assert_eq!(got[1].0, Kind::V4StringToSign);
    }

    #[test]
    fn code_and_requests_are_not_client_strings() {
        assert!(run("```\nPUT /b/k HTTP/1.1\nHost: x\n```\n").is_empty());
        assert!(run("```python\nbucket.put_object(k, d)\n```\n").is_empty());
        assert!(run("<StringToSign>PUT\n\n\n1\n/b/k</StringToSign>\n").is_empty());
    }
}
