//! Issue 5: the secret never shows in any output; verify and search work end to end.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

const CANARY: &str = "OssdiagCanarySecret-7fQ2xZ9pLk";

fn run(dir: &Path, secret: &str, format: &str, extra: &[&str]) -> (String, String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ossdiag"));
    cmd.args(case_args(dir))
        .env("OSSDIAG_TEST_SECRET", secret)
        .args(["--secret-env", "OSSDIAG_TEST_SECRET", "--format", format])
        .args(extra)
        .env_remove("NO_COLOR");
    let o = cmd.output().expect("binary runs");
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        o.status.code().unwrap_or(-1),
    )
}

/// Run the CLI in-process (no spawn) on a fixture: (stdout, error message).
fn run_lib(dir: &Path, secret: &str, format: &str, limit: &str) -> (String, String) {
    use clap::Parser;
    let mut args: Vec<String> = vec!["ossdiag".into()];
    args.extend(case_args(dir));
    for a in [
        "--secret-env",
        "OSSDIAG_TEST_SECRET",
        "--format",
        format,
        "--search-limit",
        limit,
    ] {
        args.push(a.into());
    }
    let cli = match ossdiag::cli::Cli::try_parse_from(&args) {
        Ok(c) => c,
        Err(e) => return (String::new(), e.to_string()),
    };
    let var = |k: &str| (k == "OSSDIAG_TEST_SECRET").then(|| secret.to_string());
    let env = ossdiag::cli::Env {
        var: &var,
        stdout_is_terminal: false,
        stdin_is_terminal: false,
    };
    match ossdiag::cli::run(cli, &env) {
        Ok(o) => (o.stdout, String::new()),
        Err(e) => (String::new(), e.to_string()),
    }
}

#[test]
fn the_secret_is_in_no_output_of_any_fixture_in_any_format() {
    // Every fixture with a canary secret (the search runs and finds nothing), and every
    // fixture that has a secret.txt with its own secret (the search finds the string).
    let cases = cases();
    let leaks = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|sc| {
        for _ in 0..3 {
            sc.spawn(|| {
                while let Some(dir) =
                    cases.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                {
                    let name = dir.file_name().unwrap().to_string_lossy().to_string();
                    let mut runs = vec![(CANARY.to_string(), "2000")];
                    if let Some(s) = fixture_secret(dir) {
                        runs.push((s, "500000"));
                    }
                    for (secret, limit) in &runs {
                        for format in ["text", "json", "markdown"] {
                            let (out, err) = run_lib(dir, secret, format, limit);
                            for (what, text) in [("stdout", &out), ("error", &err)] {
                                if text.contains(secret.as_str()) {
                                    leaks
                                        .lock()
                                        .unwrap()
                                        .push(format!("{name} {format} {what}"));
                                }
                            }
                        }
                    }
                }
            });
        }
    });
    let leaks = leaks.into_inner().unwrap();
    assert!(leaks.is_empty(), "the secret leaked into: {leaks:?}");
}

#[test]
fn secret_errors_name_the_source_not_the_value() {
    let dir = fixtures_dir().join("secret-v1-006-header-space-colon");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ossdiag"));
    let o = cmd
        .arg(dir.join("input.txt"))
        .args(["--secret-file", "/nonexistent/secret-file"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--secret-file"), "{err}");
    // An unset variable is a usage error.
    let o = Command::new(env!("CARGO_BIN_EXE_ossdiag"))
        .arg(dir.join("input.txt"))
        .args(["--secret-env", "OSSDIAG_SURELY_UNSET_VAR"])
        .env_remove("OSSDIAG_SURELY_UNSET_VAR")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    // --secret-prompt without a terminal is refused, not hung.
    let o = Command::new(env!("CARGO_BIN_EXE_ossdiag"))
        .arg(dir.join("input.txt"))
        .arg("--secret-prompt")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn secret_file_works_like_secret_env() {
    let dir = fixtures_dir().join("secret-v1-006-header-space-colon");
    let secret = fixture_secret(&dir).unwrap();
    let tmp = std::env::temp_dir().join(format!("ossdiag-secret-test-{}", std::process::id()));
    std::fs::write(&tmp, format!("{secret}\n")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_ossdiag"))
        .arg(dir.join("input.txt"))
        .arg("--secret-file")
        .arg(&tmp)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&tmp);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["client"]["source"], "secret-search");
    assert!(!String::from_utf8_lossy(&o.stdout).contains(&secret));
}

#[test]
fn server_string_signing_to_signature_provided_means_another_secret() {
    // gen-v1 consistent cases: the client signed OSS's string with the secret given.
    let dir = fixtures_dir().join("gen-v1-024-consistent-header");
    let secret = fixture_secret(&dir).unwrap();
    let (out, _, _) = run(&dir, &secret, "json", &[]);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hints = r["hints"].as_array().unwrap();
    assert!(
        hints
            .iter()
            .any(|h| h["id"] == "secret-signs-server-string"),
        "{hints:?}"
    );
}

#[test]
fn a_wrong_secret_exhausts_the_search_and_says_so() {
    let dir = fixtures_dir().join("secret-v1-006-header-space-colon");
    let (out, _, _) = run(&dir, CANARY, "json", &["--search-limit", "5000"]);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let h = r["hints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "secret-search-no-match")
        .expect("no-match hint");
    assert!(h["message"].as_str().unwrap().contains("--search-limit"));
    assert_ne!(r["client"]["source"], "secret-search");
}

#[test]
fn a_client_string_that_verifies_is_confirmed() {
    // gen-v1 client-string cases: the pasted string is what the client signed.
    let dir = fixtures_dir().join("gen-v1-005-clientstr-header-content-type-omitted");
    let secret = fixture_secret(&dir).unwrap();
    let (out, _, _) = run(&dir, &secret, "json", &[]);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["client"]["source"], "client-string");
    assert!(r["hints"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["id"] == "secret-signs-client-string"));
}
