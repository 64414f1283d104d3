//! Shared by the integration tests: run the binary on a fixture directory.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every fixture directory with an expected.json, sorted.
pub fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    v.sort();
    v
}

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// The arguments fixtures/README.md gives a case, secret aside: `diagnose`, the input
/// files (input.txt first), `--client-string`, and the lines of args.txt.
pub fn case_args(dir: &Path) -> Vec<String> {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("input") && n.ends_with(".txt")
        })
        .collect();
    inputs.sort_by_key(|p| {
        let n = p.file_name().unwrap().to_string_lossy().to_string();
        (n != "input.txt", n)
    });
    let mut args = vec!["diagnose".to_string()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    if dir.join("client-string.txt").is_file() {
        args.push("--client-string".into());
        args.push(dir.join("client-string.txt").display().to_string());
    }
    if let Ok(a) = std::fs::read_to_string(dir.join("args.txt")) {
        // A line naming a file of the case (`--pub-key` then `pub.pem`) is relative to it.
        args.extend(a.lines().filter(|l| !l.trim().is_empty()).map(|l| {
            let f = dir.join(l);
            if !l.starts_with('-') && f.is_file() {
                f.display().to_string()
            } else {
                l.to_string()
            }
        }));
    }
    args
}

/// The fixture's secret.txt, one final newline removed.
pub fn fixture_secret(dir: &Path) -> Option<String> {
    std::fs::read_to_string(dir.join("secret.txt"))
        .ok()
        .map(|s| s.strip_suffix('\n').unwrap_or(&s).to_string())
}

/// Run `ossdiag diagnose` on a fixture the way fixtures/README.md says, plus `extra` args.
pub fn run_case(dir: &Path, extra: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ossdiag"));
    cmd.args(case_args(dir));
    if let Some(s) = fixture_secret(dir) {
        cmd.env("OSSDIAG_TEST_SECRET", s);
        cmd.arg("--secret-env").arg("OSSDIAG_TEST_SECRET");
    }
    cmd.args(extra);
    cmd.env_remove("NO_COLOR");
    let o = cmd.output().expect("binary runs");
    Run {
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        code: o.status.code().unwrap_or(-1),
    }
}

/// Subset match per fixtures/README.md. Returns the first mismatch as a path + reason.
pub fn subset(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                if k.starts_with('_') || (path.is_empty() && k == "exit_code") {
                    continue;
                }
                let av = a.get(k).unwrap_or(&Value::Null);
                subset(ev, av, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.iter().all(|x| !x.is_object()) {
                if e == a {
                    Ok(())
                } else {
                    Err(format!("{path}: expected {expected}, got {actual}"))
                }
            } else {
                for (i, ev) in e.iter().enumerate() {
                    if !a.iter().any(|av| subset(ev, av, "").is_ok()) {
                        return Err(format!(
                            "{path}[{i}]: no element matches {ev}; got {actual}"
                        ));
                    }
                }
                Ok(())
            }
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{path}: expected {expected}, got {actual}")),
    }
}
