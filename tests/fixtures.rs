//! Every fixture in fixtures/ must give its expected report (a subset match).
//!
//! `fixtures/KNOWN-GAPS.txt` lists cases the tool does not get right yet (one name a
//! line, `#` comments). They are held strictly: a listed case that starts passing fails
//! the test too, so the list only shrinks.

mod common;
use common::*;
use std::path::Path;

fn known_gaps() -> Vec<String> {
    std::fs::read_to_string(fixtures_dir().join("KNOWN-GAPS.txt"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Check one case; Err says what is wrong.
fn check(dir: &Path) -> Result<(), String> {
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
            .map_err(|e| format!("bad expected.json: {e}"))?;
    let run = run_case(dir, &["--format", "json"]);
    if run.stderr.contains("panicked") {
        return Err(format!("panicked: {}", run.stderr));
    }
    if let Some(code) = expected.get("exit_code") {
        if code.as_i64() != Some(run.code as i64) {
            return Err(format!(
                "exit code {} (expected {code}); stderr: {}",
                run.code,
                run.stderr.trim()
            ));
        }
    }
    if run.code == 2 {
        return if expected.get("exit_code").and_then(|c| c.as_i64()) == Some(2) {
            Ok(())
        } else {
            Err(format!("exit 2: {}", run.stderr.trim()))
        };
    }
    let actual: serde_json::Value =
        serde_json::from_str(&run.stdout).map_err(|e| format!("output is not JSON ({e})"))?;
    subset(&expected, &actual, "")
}

#[test]
fn every_fixture_gives_its_expected_report() {
    let cases = cases();
    assert!(!cases.is_empty(), "no fixtures found");
    let gaps = known_gaps();
    let mut failures = Vec::new();
    let mut fixed = Vec::new();
    for dir in &cases {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        match (check(dir), gaps.contains(&name)) {
            (Err(e), false) => failures.push(format!("{name}: {e}")),
            (Ok(()), true) => fixed.push(name),
            _ => {}
        }
    }
    for g in &gaps {
        assert!(
            cases.iter().any(|c| c.ends_with(g)),
            "KNOWN-GAPS.txt names {g}, which is not a fixture"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "these cases pass now; remove them from fixtures/KNOWN-GAPS.txt: {}",
        fixed.join(", ")
    );
}
