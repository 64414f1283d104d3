//! The web page's entry (`src/page.rs`) prints what the `ossdiag` binary prints, on every
//! fixture: the text report as `--color always` colours it on a terminal, the JSON and the
//! markdown report, and the exit code.

mod common;

use std::path::Path;
use std::process::Command;

fn cli(dir: &Path, extra: &[&str]) -> (String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ossdiag"));
    cmd.args(common::case_args(dir)).args(extra);
    if let Some(s) = common::fixture_secret(dir) {
        cmd.env("OSSDIAG_TEST_SECRET", s);
        cmd.arg("--secret-env").arg("OSSDIAG_TEST_SECRET");
    }
    let o = cmd.output().expect("binary runs");
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        o.status.code().unwrap_or(-1),
    )
}

/// `s` with the secret search's candidate count (which varies with the threads) as `N`.
fn counts(s: &str) -> String {
    // The search's wall-clock time, and how many candidates the parallel search tried
    // before one lane found the match, differ between two runs.
    let mut timed = s.to_string();
    for key in ["\"seconds\": ", "\"candidates\": "] {
        let mut out = String::new();
        let mut rest = timed.as_str();
        while let Some(i) = rest.find(key) {
            out.push_str(&rest[..i + key.len()]);
            rest =
                rest[i + key.len()..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            out.push('T');
        }
        out.push_str(rest);
        timed = out;
    }
    let s = timed.as_str();
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("after ") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let d = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if d > 0 && rest[d..].starts_with(" candidates") {
            out.push('N');
            rest = &rest[d..];
        }
    }
    out.push_str(rest);
    out
}

/// One test function: the text renderer's colour switch is global to the process.
#[test]
fn page_reports_equal_the_cli_on_every_fixture() {
    let mut checked = 0;
    let mut coloured = 0;
    for dir in common::cases() {
        // Flags the page has no control for (e.g. --show-sensitive).
        if dir.join("args.txt").is_file() {
            continue;
        }
        let args = common::case_args(&dir);
        let inputs: Vec<(String, Vec<u8>)> = args[1..]
            .iter()
            .take_while(|a| *a != "--client-string")
            .map(|p| (p.clone(), std::fs::read(p).unwrap()))
            .collect();
        let cs = dir.join("client-string.txt");
        // Named as the CLI names it (the page's own box has its own name).
        let cs = cs.is_file().then(|| {
            (
                "--client-string client-string.txt".to_string(),
                std::fs::read(&cs).unwrap(),
            )
        });
        let secret = common::fixture_secret(&dir).map(|s| ossdiag::secret::Secret::new(s.into()));
        let page = ossdiag::page::run(&inputs, cs, secret.as_ref());
        let (always, code) = cli(&dir, &["--color", "always"]);
        let name = dir.display();
        match page {
            Err(e) => {
                assert_eq!(code, 2, "{name}: page says {e}, the CLI exits {code}");
                continue;
            }
            Ok(r) => {
                assert_eq!(r.code, code, "{name}: exit code");
                assert_eq!(counts(&r.text), counts(&always), "{name}: coloured text");
                if r.text.contains("\u{1b}[") {
                    coloured += 1;
                }
                let (json, _) = cli(&dir, &["--format", "json"]);
                assert_eq!(counts(&r.json), counts(&json), "{name}: json");
                let (md, _) = cli(&dir, &["--format", "markdown"]);
                assert_eq!(counts(&r.markdown), counts(&md), "{name}: markdown");
            }
        }
        checked += 1;
    }
    assert!(checked > 200, "only {checked} fixtures checked");
    assert_eq!(coloured, checked, "every text report has colour");
}

#[test]
fn page_refuses_text_with_nothing_to_diagnose() {
    let r = ossdiag::page::run(&[("paste".into(), b"hello\n".to_vec())], None, None);
    assert_eq!(
        r.map_err(|e| e.to_string()).unwrap_err(),
        "no OSS error body or request found: expected an error XML (with <Code>/<StringToSign>), a curl -v transcript, a raw HTTP request, a curl command line or a presigned URL"
    );
}
