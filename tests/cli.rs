//! The command line contract: exit codes, one-line errors, stdin, and `sign`.

use std::io::Write;
use std::process::{Command, Stdio};

fn ossdiag(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ossdiag"));
    c.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        c.env(k, v);
    }
    let mut child = c.spawn().expect("runs");
    {
        let mut si = child.stdin.take().unwrap();
        let _ = si.write_all(stdin.unwrap_or_default());
    }
    let o = child.wait_with_output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/seed-004-doc-example/input.txt"
);

#[test]
fn unusable_input_is_exit_2_with_one_line() {
    for input in [&b"hello, nothing here\n"[..], b"", b"\x00\xff\xfe<Error"] {
        let (code, out, err) = ossdiag(&[], Some(input), &[]);
        assert_eq!(code, 2, "stdout {out}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(err.contains("expected"), "says what was expected: {err}");
        assert!(!err.contains("panicked"));
    }
    let (code, _, err) = ossdiag(&["/no/such/file"], None, &[]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("ossdiag: cannot read /no/such/file"),
        "{err}"
    );
    let (code, _, _) = ossdiag(&["--format", "yaml", SEED], None, &[]);
    assert_eq!(code, 2);
    let (code, _, err) = ossdiag(&["--secret-env", "OSSDIAG_UNSET_VAR", SEED], None, &[]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn file_stdin_and_subcommand_agree() {
    let body = std::fs::read(SEED).unwrap();
    let a = ossdiag(&["--format", "json", SEED], None, &[]);
    let b = ossdiag(&["diagnose", "--format", "json", "-"], Some(&body), &[]);
    let c = ossdiag(&["--format", "json"], Some(&body), &[]);
    assert_eq!(a.0, 1);
    assert_eq!(a.1, b.1);
    assert_eq!(a.1, c.1);
}

#[test]
fn sign_v1_reproduces_the_documented_signature() {
    // doc-v1hdr example: secret and signature from the Alibaba Cloud document.
    let (code, out, _) = ossdiag(
        &[
            "sign",
            "-X",
            "PUT",
            "http://oss-example.oss-cn-hangzhou.aliyuncs.com/nelson",
            "-H",
            "Content-MD5: ODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=",
            "-H",
            "Content-Type: text/html",
            "-H",
            "X-OSS-Meta-Author: foo@bar.com",
            "-H",
            "X-OSS-Magic: abracadabra",
            "--date",
            "Thu, 17 Nov 2005 18:49:58 GMT",
            "--access-key-id",
            "44CF9590006BF252F707",
            "--secret-env",
            "DOC_SECRET",
        ],
        None,
        &[("DOC_SECRET", "OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV")],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "  x-oss-magic:abracadabra\n  x-oss-meta-author:foo@bar.com\n  /oss-example/nelson\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("Authorization: OSS 44CF9590006BF252F707:26NBxoKdsyly4EDv6inkoDft/yA="),
        "{out}"
    );
    assert!(
        !out.contains("OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV"),
        "secret printed"
    );
}

#[test]
fn sign_v4_header_and_url() {
    // c-sdk test_sign_v4_object_full (vectors/c-sdk_test_oss_sign.json).
    let url = "https://oss-bucket-test.oss-cn-hangzhou.aliyuncs.com/test-sign-V4/-%21%40%23%24%25%5E%26%2A%28%29/abcdefjhijklmnoqprstuvwxyz/123456789?param1=value1&%7Cparam1=value4&%2Bparam1=value3&%2Bparam2&%7Cparam2&param2";
    let (code, out, err) = ossdiag(
        &[
            "sign",
            "--v4",
            "-X",
            "PUT",
            url,
            "-H",
            "x-oss-head1: value",
            "-H",
            "abc: value",
            "-H",
            "Content-Type: application/octet-stream",
            "--time",
            "20221016T040719Z",
            "--access-key-id",
            "ak",
            "--secret-env",
            "K",
        ],
        None,
        &[("K", "sk")],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Signature=16e58322c5aafb55edd82813b02d6521caab8194882c786bf0e77b7987a63979"),
        "{out}"
    );
    // Presigned: the URL carries the auth parameters and is signed over them.
    let (code, out, _) = ossdiag(
        &[
            "sign",
            "--v4",
            "https://b.oss-cn-hangzhou.aliyuncs.com/a%20b.txt",
            "--expires",
            "600",
            "--time",
            "20231217T025437Z",
            "--additional-headers",
            "host",
            "--access-key-id",
            "ak",
            "--secret-env",
            "K",
        ],
        None,
        &[("K", "sk")],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("x-oss-credential=ak%2F20231217%2Fcn-hangzhou%2Foss%2Faliyun_v4_request"),
        "{out}"
    );
    assert!(
        out.contains("&x-oss-additional-headers=host&x-oss-signature="),
        "{out}"
    );
    // A validity over 7 days is not a V4 presigned URL.
    let (code, _, err) = ossdiag(
        &[
            "sign",
            "--v4",
            "https://b.oss-cn-hangzhou.aliyuncs.com/k",
            "--expires",
            "999999",
        ],
        None,
        &[],
    );
    assert_eq!(code, 2, "x-oss-expires over 7 days is refused: {err}");
}
