//! Snapshots of the rendered reports (text without colour, JSON, markdown) on fixed
//! fixtures. Review changes with `cargo insta review` (or INSTA_UPDATE=always).

mod common;
use common::*;

fn snap(case: &str, args: &[&str]) -> String {
    let run = run_case(&fixtures_dir().join(case), args);
    assert!(
        run.code == 0 || run.code == 1,
        "{case}: exit {} {}",
        run.code,
        run.stderr
    );
    run.stdout
}

const CASES: &[&str] = &[
    "seed-004-doc-example",
    "gen-v1-004-transit-header-xoss-header-added",
    "gen-v1-005-clientstr-header-content-type-omitted",
    "gen-v1-003-consistent-header",
    "gen-v4-py-002-transit-query-browser-ct",
    "gen-v4-py-007-clientstr-query-uri-double-encoded",
];

#[test]
fn text_reports() {
    for c in CASES {
        insta::assert_snapshot!(format!("text-{c}"), snap(c, &["--color", "never"]));
    }
}

#[test]
fn json_reports() {
    for c in CASES {
        let v: serde_json::Value =
            serde_json::from_str(&snap(c, &["--format", "json"])).expect("JSON");
        insta::assert_json_snapshot!(format!("json-{c}"), v);
    }
}

#[test]
fn markdown_reports() {
    for c in CASES {
        insta::assert_snapshot!(format!("markdown-{c}"), snap(c, &["--format", "markdown"]));
    }
}

#[test]
fn color_always_marks_differences() {
    let out = snap(CASES[1], &["--color", "always"]);
    assert!(
        out.contains("\u{1b}["),
        "no ANSI colour in --color always output"
    );
    let out = snap(CASES[1], &["--color", "auto"]);
    assert!(
        !out.contains("\u{1b}["),
        "colour when stdout is not a terminal"
    );
}
