//! `ossdiag completions SHELL` and `ossdiag man`: generated from the clap definition, so
//! they name every option; the bash script parses.

use std::process::Command;

fn run(args: &[&str]) -> (String, i32) {
    let o = Command::new(env!("CARGO_BIN_EXE_ossdiag"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        o.status.code().unwrap_or(-1),
    )
}

#[test]
fn completion_scripts_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _ossdiag"),
        ("zsh", "#compdef ossdiag"),
        ("fish", "complete -c ossdiag"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (out, code) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(out.contains(marker), "{shell}: no {marker:?}");
        for opt in [
            "client-string",
            "secret-env",
            "show-sensitive",
            "additional-headers",
        ] {
            assert!(out.contains(opt), "{shell}: no {opt}");
        }
    }
    let (_, code) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
}

#[test]
fn bash_completion_parses_and_completes() {
    let (script, _) = run(&["completions", "bash"]);
    let dir = std::env::temp_dir().join(format!("ossdiag-compl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("ossdiag.bash");
    std::fs::write(&f, script).unwrap();
    // Load it, complete `ossdiag --secret-` and print the candidates.
    let probe = format!(
        "source {}; COMP_WORDS=(ossdiag --secret-); COMP_CWORD=1; _ossdiag ossdiag --secret- ossdiag; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        f.display()
    );
    let o = Command::new("bash").arg("-c").arg(&probe).output();
    let _ = std::fs::remove_dir_all(&dir);
    let Ok(o) = o else { return }; // no bash on this machine
    let out = String::from_utf8_lossy(&o.stdout);
    let mut got: Vec<&str> = out.lines().collect();
    got.sort();
    assert_eq!(
        got,
        ["--secret-env", "--secret-file", "--secret-prompt"],
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn man_page_from_the_clap_definition() {
    let (out, code) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(out.contains(".TH ossdiag 1"), "{out}");
    assert!(out.contains(".SH SYNOPSIS"));
    for opt in [r"\-\-client\-string", r"\-\-secret\-env", r"\-\-format"] {
        assert!(out.contains(opt), "no {opt}");
    }
    for sub in [
        "ossdiag\\-diagnose",
        "ossdiag\\-sign",
        "ossdiag\\-completions",
    ] {
        assert!(out.contains(sub), "no subcommand {sub}");
    }
}
