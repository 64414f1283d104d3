//! `ossdiag scan`: planted errors in generated logs are found once each, with their
//! request id and line, whatever the chunk size; repeats are counted; binary input, NUL
//! bytes and a long line without newline are scanned without panic.

use ossdiag::scan::{scan, Options};
use std::path::PathBuf;

fn tmp(name: &str, bytes: &[u8]) -> String {
    let p: PathBuf =
        std::env::temp_dir().join(format!("ossdiag-scan-{}-{name}", std::process::id()));
    std::fs::write(&p, bytes).expect("write temp file");
    p.display().to_string()
}

fn opts(chunk: usize) -> Options {
    Options {
        chunk,
        threads: 2,
        ..Options::default()
    }
}

/// Files are read at offsets by each worker; `stream` reads them as stdin is read.
fn stream_opts(chunk: usize) -> Options {
    Options {
        stream: true,
        ..opts(chunk)
    }
}

fn v1_xml(rid: &str) -> String {
    let sts = "GET\n\n\n1700000000\n/acme/photo.jpg";
    let hex: Vec<String> = sts.bytes().map(|b| format!("{b:02X}")).collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message><RequestId>{rid}</RequestId><HostId>acme.oss-cn-hangzhou.aliyuncs.com</HostId><OSSAccessKeyId>LTAI5tTestKey0001</OSSAccessKeyId><SignatureProvided>abc=</SignatureProvided><StringToSign>{}</StringToSign><StringToSignBytes>{}</StringToSignBytes><EC>0002-00000040</EC></Error>",
        sts.replace('\n', "&#10;"),
        hex.join(" ")
    )
}

fn noise(i: usize) -> String {
    format!(
        "2025-08-13T01:{:02}:{:02}.000Z INFO [worker-{}] PUT https://acme.oss-cn-hangzhou.aliyuncs.com/k{i} 200 x-oss-request-id: 64F0A1B2C3D4E5F6A7B8{:04}\n",
        i % 60,
        i % 59,
        i % 7,
        i % 10000
    )
}

/// A log with planted errors; returns it and (request id, code, first line) per error.
fn log() -> (String, Vec<(String, &'static str, u64)>) {
    let mut s = String::new();
    let mut line = 1u64;
    let mut planted = Vec::new();
    let push = |s: &mut String, line: &mut u64, text: String| {
        *line += text.matches('\n').count() as u64;
        s.push_str(&text);
    };
    for k in 0..12 {
        for i in 0..(37 + k * 11) {
            push(&mut s, &mut line, noise(i));
        }
        let rid = format!("5B6E4ECE431E9C63A724B{k:03}");
        match k % 4 {
            0 => {
                planted.push((rid.clone(), "SignatureDoesNotMatch", line));
                push(
                    &mut s,
                    &mut line,
                    format!("2025-08-13T02:00:00Z ERROR oss said: {}\n", v1_xml(&rid)),
                );
            }
            1 => {
                // a JSON log line, the body escaped the way Go's encoding/json writes it
                planted.push((rid.clone(), "SignatureDoesNotMatch", line));
                let body = serde_json::to_string(&v1_xml(&rid))
                    .unwrap()
                    .replace('<', "\\u003c")
                    .replace('>', "\\u003e")
                    .replace('&', "\\u0026");
                push(
                    &mut s,
                    &mut line,
                    format!("{{\"level\":\"error\",\"body\":{body}}}\n"),
                );
            }
            2 => {
                planted.push((rid.clone(), "RequestTimeTooSkewed", line + 2));
                push(
                    &mut s,
                    &mut line,
                    format!("2025-08-13T02:00:00Z ERROR upload failed\ncom.aliyun.oss.OSSException: The difference between the request time and the current time is too large.\n[ErrorCode]: RequestTimeTooSkewed\n[RequestId]: {rid}\n[HostId]: acme.oss-cn-hangzhou.aliyuncs.com\n\tat com.acme.Up.put(Up.java:42)\n"),
                );
            }
            _ => {
                planted.push((rid.clone(), "InvalidAccessKeyId", line));
                push(
                    &mut s,
                    &mut line,
                    format!("2025-08-13T02:00:00Z level=error err=\"oss: service returned error: StatusCode=403, ErrorCode=InvalidAccessKeyId, ErrorMessage=\\\"The OSS Access Key Id you provided does not exist in our records.\\\", RequestId={rid}, Ec=0002-00000002\"\n"),
                );
            }
        }
    }
    (s, planted)
}

fn found(names: &[String], chunk: usize) -> Vec<(String, String, u64, u64)> {
    let got = found_with(names, &opts(chunk));
    assert_eq!(
        got,
        found_with(names, &stream_opts(chunk)),
        "file and stream reads differ"
    );
    got
}

fn found_with(names: &[String], o: &Options) -> Vec<(String, String, u64, u64)> {
    let s = scan(names, o).expect("scan");
    s.summary
        .errors
        .iter()
        .map(|e| {
            (
                e.info.request_id.clone().unwrap_or_default(),
                e.info.code.clone(),
                e.line,
                e.count,
            )
        })
        .collect()
}

#[test]
fn planted_errors_once_each_at_any_chunk_size() {
    let (text, planted) = log();
    let f = tmp("planted.log", text.as_bytes());
    let want: Vec<(String, String, u64, u64)> = planted
        .iter()
        .map(|(r, c, l)| (r.clone(), c.to_string(), *l, 1))
        .collect();
    // 97 bytes: every body lies across several chunk edges
    for chunk in [97, 1000, 4096, 1 << 20] {
        assert_eq!(
            found(std::slice::from_ref(&f), chunk),
            want,
            "chunk {chunk}"
        );
    }
    for o in [
        opts(4096),
        stream_opts(4096),
        opts(1 << 20),
        stream_opts(1 << 20),
    ] {
        let s = scan(std::slice::from_ref(&f), &o).unwrap();
        assert_eq!(s.bytes, text.len() as u64);
        assert_eq!(s.lines, text.matches('\n').count() as u64);
    }
    let s = scan(std::slice::from_ref(&f), &opts(4096)).unwrap();
    assert_eq!(s.summary.occurrences, 12);
    let sdm = s
        .summary
        .by_code
        .iter()
        .find(|g| g.key == "SignatureDoesNotMatch")
        .unwrap();
    assert_eq!((sdm.count, sdm.first.1), (6, planted[0].2));
    let akid = &s.summary.akid;
    assert_eq!(
        (akid[0].key.as_str(), akid[0].count),
        ("LTAI5tTestKey0001", 6)
    );
    assert_eq!(s.summary.bucket[0].key, "acme");
    assert_eq!(s.summary.scheme[0].key, "v1");
}

#[test]
fn repeats_of_one_request_id_are_one_error_with_its_count() {
    let mut t = String::new();
    for i in 0..50 {
        t.push_str(&noise(i));
        if i % 10 == 3 {
            t.push_str(&format!(
                "2025-08-13T02:00:00Z ERROR {}\n",
                v1_xml("AAAABBBBCCCCDDDDEEEE0001")
            ));
        }
    }
    let f = tmp("repeat.log", t.as_bytes());
    let got = found(&[f], 300);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "AAAABBBBCCCCDDDDEEEE0001");
    assert_eq!(got[0].2, 5); // noise lines 1..4, then the first error
    assert_eq!(got[0].3, 5);
}

#[test]
fn binary_nul_and_a_long_line_without_newline() {
    // pseudo-random bytes with NULs, an error body in the middle, no newline at all
    let mut b = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..300_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let c = (x >> 16) as u8;
        b.push(if c == b'\n' || c == b'<' { 0 } else { c });
    }
    b.extend_from_slice(v1_xml("FFFF0000FFFF0000FFFF0001").as_bytes());
    b.extend(std::iter::repeat_n(0u8, 200_000));
    let f = tmp("binary.bin", &b);
    for chunk in [4096, 1 << 20] {
        let got = found(std::slice::from_ref(&f), chunk);
        assert_eq!(got.len(), 1, "chunk {chunk}: {got:?}");
        assert_eq!(
            (got[0].0.as_str(), got[0].2),
            ("FFFF0000FFFF0000FFFF0001", 1)
        );
    }
    // only noise: nothing found, no panic
    let f = tmp("noise.bin", &b[..300_000]);
    assert!(found(&[f], 4096).is_empty());
}

fn run(args: &[&str]) -> ossdiag::Result<ossdiag::cli::Output> {
    use clap::Parser;
    let cli = ossdiag::cli::Cli::try_parse_from(args).expect("parse");
    let var = |_: &str| None;
    let env = ossdiag::cli::Env {
        var: &var,
        stdout_is_terminal: false,
        stdin_is_terminal: false,
    };
    ossdiag::cli::run(cli, &env)
}

#[test]
fn command_line_formats_and_exit_codes() {
    let (text, planted) = log();
    let f = tmp("cli.log", text.as_bytes());
    let out = run(&["ossdiag", "scan", &f, "--format", "json"]).unwrap();
    assert_eq!(out.code, 1);
    let lines: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), planted.len() + 1);
    for (v, (rid, code, line)) in lines.iter().zip(&planted) {
        assert_eq!(v["error"]["request_id"], *rid);
        assert_eq!(v["error"]["code"], *code);
        assert_eq!(v["line"], *line);
        assert_eq!(v["file"], f.as_str());
        assert!(v["verdict"].is_string());
    }
    let sum = &lines.last().unwrap()["summary"];
    assert_eq!(sum["errors"], 12);
    assert_eq!(sum["lines"], text.matches('\n').count() as u64);

    let out = run(&["ossdiag", "scan", &f]).unwrap();
    assert!(out.stdout.contains("errors by code"), "{}", out.stdout);
    assert!(out.stdout.contains("SignatureDoesNotMatch by AccessKeyId"));
    assert!(out.stdout.contains("group 1 of"));

    let out = run(&["ossdiag", "scan", &f, "--format", "markdown"]).unwrap();
    assert!(
        out.stdout.contains("| count | first line |"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("LTAI5tTestKey0001"),
        "AccessKey ids masked in markdown"
    );

    let quiet = tmp("quiet.log", noise(1).as_bytes());
    assert_eq!(run(&["ossdiag", "scan", &quiet]).unwrap().code, 0);
    let e = run(&["ossdiag", "scan", "/nonexistent/ossdiag-scan.log"]).unwrap_err();
    assert!(e.to_string().contains("cannot read"), "{e}");
}

/// A short log with one error of each wrapper (one-line XML, Go-escaped JSON, a Java
/// exception over several lines, a Go SDK string), `lead` bytes of noise first so the
/// chunk edges fall everywhere; returns it and (request id, code, line) per error, and
/// the byte offset of each error's first line.
fn small_log(lead: usize) -> (String, Vec<(String, String, u64)>, Vec<usize>) {
    let mut s = "x".repeat(lead);
    s.push('\n');
    let mut planted = Vec::new();
    let mut starts = Vec::new();
    for k in 0..4 {
        for i in 0..3 {
            s.push_str(&noise(i + 10 * k));
        }
        let rid = format!("0A1B2C3D4E5F60718293A{k:03}");
        let line = s.matches('\n').count() as u64 + 1;
        starts.push(s.len());
        match k {
            0 => {
                planted.push((rid.clone(), "SignatureDoesNotMatch".into(), line));
                s.push_str(&format!(
                    "2025-08-13T02:00:00Z ERROR oss said: {}\n",
                    v1_xml(&rid)
                ));
            }
            1 => {
                planted.push((rid.clone(), "SignatureDoesNotMatch".into(), line));
                let body = serde_json::to_string(&v1_xml(&rid))
                    .unwrap()
                    .replace('<', "\\u003c")
                    .replace('>', "\\u003e")
                    .replace('&', "\\u0026");
                s.push_str(&format!("{{\"level\":\"error\",\"body\":{body}}}\n"));
            }
            2 => {
                planted.push((rid.clone(), "RequestTimeTooSkewed".into(), line + 2));
                s.push_str(&format!("2025-08-13T02:00:00Z ERROR upload failed\ncom.aliyun.oss.OSSException: The difference between the request time and the current time is too large.\n[ErrorCode]: RequestTimeTooSkewed\n[RequestId]: {rid}\n[HostId]: acme.oss-cn-hangzhou.aliyuncs.com\n\tat com.acme.Up.put(Up.java:42)\n"));
            }
            _ => {
                planted.push((rid.clone(), "InvalidAccessKeyId".into(), line));
                s.push_str(&format!("2025-08-13T02:00:00Z level=error err=\"oss: service returned error: StatusCode=403, ErrorCode=InvalidAccessKeyId, ErrorMessage=\\\"The OSS Access Key Id you provided does not exist in our records.\\\", RequestId={rid}, Ec=0002-00000002\"\n"));
            }
        }
    }
    s.push_str(&noise(99));
    (s, planted, starts)
}

fn found_once(f: &str, o: &Options) -> Vec<(String, String, u64)> {
    let s = scan(&[f.to_string()], o).expect("scan");
    assert_eq!(s.summary.occurrences, s.summary.errors.len() as u64);
    s.summary
        .errors
        .iter()
        .inspect(|e| {
            assert_eq!(
                e.count, 1,
                "{:?} counted {} times",
                e.info.request_id, e.count
            )
        })
        .map(|e| {
            (
                e.info.request_id.clone().unwrap_or_default(),
                e.info.code.clone(),
                e.line,
            )
        })
        .collect()
}

/// A chunk edge on every byte of a body's first line, its marker included: each body is
/// found once, at its line, whether the file is read at offsets or as a stream.
#[test]
fn a_body_across_a_chunk_edge_is_found_once() {
    let (text, planted, starts) = small_log(0);
    let f = tmp("edge.log", text.as_bytes());
    let at = text.find("<Code>").unwrap();
    // edges at `chunk`, `2 chunk`, …: one falls at each offset of the first body's marker
    for chunk in (at - 8..at + 10).chain(starts[1] + 1..starts[1] + 40) {
        for o in [opts(chunk), stream_opts(chunk)] {
            assert_eq!(
                found_once(&f, &o),
                planted,
                "chunk {chunk}, stream {}",
                o.stream
            );
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]
    /// Any chunk size, any shift of the edges, one or more workers, file or stream: every
    /// planted error exactly once, with its request id and line.
    #[test]
    fn any_chunking_finds_each_error_once(
        chunk in 1usize..3000,
        lead in 0usize..400,
        threads in 1usize..4,
        stream: bool,
    ) {
        let (text, planted, _) = small_log(lead);
        let f = tmp(&format!("prop-{chunk}-{lead}.log"), text.as_bytes());
        let o = Options { chunk, threads, stream, ..Options::default() };
        let got = found_once(&f, &o);
        let s = scan(std::slice::from_ref(&f), &o).expect("scan");
        let _ = std::fs::remove_file(&f);
        proptest::prop_assert_eq!(got, planted);
        proptest::prop_assert_eq!(s.bytes, text.len() as u64);
        proptest::prop_assert_eq!(s.lines, text.matches('\n').count() as u64);
    }
}
