//! No input can make ossdiag panic: arbitrary bytes, and arbitrary mixes of the pieces
//! real pastes are made of (XML tags, wrappers, escapes, log prefixes, curl traces, HAR
//! JSON), go through `input::gather` → `diagnose::diagnose` → every renderer.
//!
//! `cargo test --release --test robustness -- --ignored` runs the long soak (set
//! `OSSDIAG_SOAK_CASES`, default 200 000) and prints how many inputs ran clean.

use ossdiag::diagnose::diagnose;
use ossdiag::input::{self, gather, MAX_INPUT};
use ossdiag::render::{render, Format, Style};
use proptest::prelude::*;

/// The whole pipeline on one input, every format, masked and not.
fn pipeline(bytes: &[u8]) {
    let ev = gather(&[("-".to_string(), bytes.to_vec())]);
    let ds = diagnose(&ev);
    for f in [Format::Text, Format::Json, Format::Markdown] {
        for (color, show) in [(false, false), (true, true)] {
            let out = render(
                &ds,
                f,
                Style {
                    color,
                    show_sensitive: show,
                },
            );
            if f == Format::Json {
                assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
            }
        }
    }
    // the pieces on their own, too
    let text = String::from_utf8_lossy(bytes);
    let _ = input::errorbody::find(&text, 0);
    let _ = input::unwrap::structured(&text, 0);
    let _ = input::unwrap::prepare(&text);
    let _ = input::sdklog::client_strings(&text);
    let _ = input::sdklog::requests(&text);
    let _ = input::capture::trace_ascii(&text);
    let _ = input::capture::parse_curl(&text);
    let _ = input::client_string(bytes.to_vec(), "fuzz");
    let mut ev = input::Evidence::default();
    let _ = input::har::gather(&text, 0, &mut ev);
}

/// Fragments real pastes are made of.
const PIECES: &[&str] = &[
    "<Error>", "</Error>", "</Error", "<Code>", "</Code>", "SignatureDoesNotMatch", "InvalidAccessKeyId",
    "RequestTimeTooSkewed", "AccessDenied", "<StringToSign>", "</StringToSign>",
    "<StringToSignBytes>", "</StringToSignBytes>", "50 55 54 0A", "0A 0a 2F", "ZZ ", "4",
    "<CanonicalRequest>", "</CanonicalRequest>", "<RequestId>", "</RequestId>", "<EC>",
    "0002-00000040", "0002-00000226", "<ServerTime>", "2019-03-30T13:18:53.000Z",
    "<RequestTime>", "1970-01-01T12:52:35.000Z", "<Expires>", "&lt;", "&gt;", "&amp;", "&#10;",
    "&#x", "\\n", "\\\"", "\\", "\n", "\r\n", " ", "'", "\"", "‘", "{", "}", "[", "]", ":", "=",
    ", ", "oss: service returned error: StatusCode=403, ErrorCode=", "ErrorMessage=\"",
    "RequestId=", "Ec=", "Error returned by Service.\n", "Http Status Code: 403.\n",
    "Error Code: ", "Request Id: ", "EC: ", "[ErrorCode]: ", "[RequestId]: ",
    "{'status': 403, 'details': {'Code': '", "'StringToSign': '", "'StringToSignBytes': '",
    "code: '", "x-oss-request-id: ", "x-oss-ec: ", "x-oss-err: ", "PD94bWwg", "I/flutter ( 3569): ",
    "2024-05-20 11:32:08.417 12345-12398/com.x E/Tag: ", "\u{1b}[36;1m", "\u{1b}[0m",
    "> PUT /k HTTP/1.1\n", "> Host: b.oss-cn-hangzhou.aliyuncs.com\n", "> \n", "< HTTP/1.1 403\n",
    "<\n", "* Connected to ", "PUT /a%20b?acl HTTP/1.1\n", "Host: ", "Date: ", "Authorization: OSS a:b\n",
    "curl -sI ", "curl -X PUT -T f -H 'Date: x' ", "https://b.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=a&Expires=1&Signature=s",
    "?x-oss-credential=LTAI%2F20250214%2Fcn-shanghai%2Foss%2Faliyun_v4_request&x-oss-signature=ab",
    "=> Send header, 245 bytes (0xf5)\n", "0000: ", "0040: ", "<= Recv header, 24 bytes (0x18)\n",
    "<= Recv data, 9 bytes (0x9)\n", "== Info: ", "string to be signed = b'", "signStr:",
    "authorization stringToSign: ", "----------- sign string start -----------\n",
    "----------- sign string end -----------\n", "-------- HttpRequest Start: --------\n",
    "method: PUT\n", "path: /k\n", "headers:\n", "Host : b\n", "Send request, method: GET, url: http://b.oss-cn-hangzhou.aliyuncs.com/k, params: {}, headers: {'date': '",
    "request PUT http://b.oss-cn-hangzhou.aliyuncs.com/k, with headers {\"Content-Type\":\"",
    "{\"log\":{\"entries\":[{\"request\":{\"method\":\"PUT\",\"url\":\"https://b.oss-cn-hangzhou.aliyuncs.com/k\",\"headers\":[]},\"response\":{\"status\":403,\"content\":{\"text\":\"",
    "\"}}}]}}", "OSS4-HMAC-SHA256", "20251023T171529Z", "20251023/cn-shanghai/oss/aliyun_v4_request",
    "UNSIGNED-PAYLOAD", "é", "中文", "\u{0}", "\u{feff}", "****", "....",
];

fn mixed() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(|s| s.as_bytes().to_vec()),
            1 => prop::collection::vec(any::<u8>(), 0..8),
            1 => "[a-zA-Z0-9 /.:=&%+-]{0,12}".prop_map(|s| s.into_bytes()),
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        pipeline(&bytes);
    }

    #[test]
    fn mixed_wrapper_pieces_never_panic(bytes in mixed()) {
        pipeline(&bytes);
    }
}

/// Cut every real fixture at every 97th byte and run the prefix: pastes are cut anywhere.
#[test]
fn every_fixture_cut_anywhere_never_panics() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path().join("input.txt");
        let Ok(b) = std::fs::read(&p) else { continue };
        let mut i = 0;
        while i < b.len() {
            pipeline(&b[..i]);
            pipeline(&b[i..]);
            i += 97;
        }
        pipeline(&b);
    }
}

#[test]
fn input_over_64_mib_is_refused() {
    let path = std::env::temp_dir().join(format!("ossdiag-big-{}.txt", std::process::id()));
    {
        let f = std::fs::File::create(&path).expect("temp file");
        f.set_len(MAX_INPUT + 1).expect("sparse file");
    }
    let r = input::read_input(&path.display().to_string());
    let _ = std::fs::remove_file(&path);
    let e = r.expect_err("a file over 64 MiB must be refused");
    assert!(e.to_string().contains("64 MiB"), "{e}");
    // exactly 64 MiB is fine
    let path = std::env::temp_dir().join(format!("ossdiag-max-{}.txt", std::process::id()));
    {
        let f = std::fs::File::create(&path).expect("temp file");
        f.set_len(MAX_INPUT).expect("sparse file");
    }
    let r = input::read_input(&path.display().to_string());
    let _ = std::fs::remove_file(&path);
    assert_eq!(r.map(|b| b.len() as u64), Ok(MAX_INPUT));
}

/// The binary says why, on one line, and exits 2.
#[test]
fn binary_refuses_big_input_with_exit_2() {
    let path = std::env::temp_dir().join(format!("ossdiag-bigbin-{}.txt", std::process::id()));
    {
        let f = std::fs::File::create(&path).expect("temp file");
        f.set_len(MAX_INPUT + 10).expect("sparse file");
    }
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ossdiag"))
        .arg(&path)
        .output()
        .expect("binary runs");
    let _ = std::fs::remove_file(&path);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("larger than 64 MiB"), "{err}");
    assert_eq!(err.trim().lines().count(), 1);
}

/// Long soak: `cargo test --release --test robustness -- --ignored --nocapture`.
#[test]
#[ignore]
fn soak() {
    use proptest::test_runner::{Config, TestRunner};
    let cases: u32 = std::env::var("OSSDIAG_SOAK_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let n = std::sync::atomic::AtomicU64::new(0);
    runner
        .run(&mixed(), |b| {
            pipeline(&b);
            n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        })
        .expect("no panic");
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(any::<u8>(), 0..4096), |b| {
            pipeline(&b);
            n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        })
        .expect("no panic");
    println!(
        "soak: {} inputs ran clean",
        n.load(std::sync::atomic::Ordering::Relaxed)
    );
}
