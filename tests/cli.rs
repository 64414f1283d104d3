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
    // The value, as oss2's ProviderAuthV4._sign_url gives it for this request and time.
    assert!(
        out.contains("&x-oss-additional-headers=host&x-oss-signature=be5fa084098f77ad7e821fb3f96bb737f7876e4535a51ca661697ac0c5a59c7d"),
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

#[test]
fn sign_aws_v4_reproduces_the_published_s3_examples() {
    // AWS S3 SigV4 documentation: "Example: GET Object" (header) and the presigned-URL
    // example, both for examplebucket/test.txt at 20130524T000000Z.
    let env = [("K", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")];
    let common = [
        "--region",
        "us-east-1",
        "--time",
        "20130524T000000Z",
        "--access-key-id",
        "AKIAIOSFODNN7EXAMPLE",
        "--secret-env",
        "K",
    ];
    let mut args = vec![
        "sign",
        "--scheme",
        "aws-v4",
        "https://examplebucket.s3.amazonaws.com/test.txt",
        "-H",
        "Range: bytes=0-9",
        "-H",
        "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "--additional-headers",
        "range",
    ];
    args.extend(common);
    let (code, out, err) = ossdiag(&args, None, &env);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"), "{out}");
    let mut args = vec![
        "sign",
        "--scheme",
        "aws-v4",
        "https://examplebucket.s3.amazonaws.com/test.txt",
        "--expires",
        "86400",
    ];
    args.extend(common);
    let (code, out, err) = ossdiag(&args, None, &env);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"), "{out}");
}

#[test]
fn sign_oss2_and_aws_v2_match_the_official_signers() {
    // oss2.AuthV2._sign_request (oss2 2.19.1) with utils.http_date fixed to this Date.
    let date = "Thu, 17 Nov 2005 18:49:58 GMT";
    let (code, out, err) = ossdiag(
        &[
            "sign",
            "--scheme",
            "v2",
            "-X",
            "PUT",
            "https://b.oss-cn-hangzhou.aliyuncs.com/a%20b/c.txt?acl&x-oss-process=image%2Fresize%2Cw_10",
            "-H",
            "Content-Type: text/plain",
            "-H",
            "x-oss-meta-a: 1",
            "-H",
            "Range: bytes=0-1",
            "--additional-headers",
            "range",
            "--date",
            date,
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
        out.contains("%2Fb%2Fa%20b%2Fc.txt?acl&x-oss-process=image%2Fresize%2Cw_10"),
        "{out}"
    );
    assert!(out.contains("Authorization: OSS2 AccessKeyId:ak,AdditionalHeaders:range,Signature:JBdO1F0TCJFtLUUhtOH7NW8dVGSS4y5fysXn0eS/mn0="), "{out}");
    // botocore HmacV1Auth (1.43.11), auth_path /b/a%20b/c.txt, _get_date fixed to this Date.
    let (code, out, err) = ossdiag(
        &[
            "sign",
            "--scheme",
            "aws-v2",
            "-X",
            "PUT",
            "https://b.s3.amazonaws.com/a%20b/c.txt?acl",
            "-H",
            "Content-Type: text/plain",
            "-H",
            "x-amz-meta-a: 1",
            "--date",
            date,
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
        out.contains("Authorization: AWS ak:N/ea1mK/0rQaqqCDkMRLvYvZaOg="),
        "{out}"
    );
}

#[test]
fn sign_post_policies_as_ali_oss_does() {
    // ali-oss 6.23.0: calculatePostSignature(policy) and signPostObjectPolicyV4(policy,
    // 2024-01-01T08:09:10Z) with this key pair, region oss-cn-hangzhou (see sign/post.rs).
    let dir = std::env::temp_dir().join(format!("ossdiag-post-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p1 = dir.join("p1.json");
    // Pretty-printed as a person writes it: signed compact, as policy2Str does.
    std::fs::write(&p1, "{\n  \"expiration\": \"2024-01-02T00:00:00.000Z\",\n  \"conditions\": [\n    [\"content-length-range\", 0, 1048576000],\n    {\"bucket\": \"examplebucket\"}\n  ]\n}\n").unwrap();
    let p4 = dir.join("p4.json");
    std::fs::write(&p4, r#"{"expiration":"2024-01-02T00:00:00.000Z","conditions":[{"bucket":"examplebucket"},{"x-oss-signature-version":"OSS4-HMAC-SHA256"},{"x-oss-credential":"LTAI5tExampleAK/20240101/cn-hangzhou/oss/aliyun_v4_request"},{"x-oss-date":"20240101T080910Z"}]}"#).unwrap();
    let env = [("POST_SECRET", "ExampleSecretKey1234567890abcd")];
    let (code, out, err) = ossdiag(
        &[
            "sign",
            "--scheme",
            "post-v1",
            "--policy",
            p1.to_str().unwrap(),
            "--access-key-id",
            "LTAI5tExampleAK",
            "--secret-env",
            "POST_SECRET",
        ],
        None,
        &env,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  policy: eyJleHBpcmF0aW9uIjoiMjAyNC0wMS0wMlQwMDowMDowMC4wMDBaIiwiY29uZGl0aW9ucyI6W1siY29udGVudC1sZW5ndGgtcmFuZ2UiLDAsMTA0ODU3NjAwMF0seyJidWNrZXQiOiJleGFtcGxlYnVja2V0In1dfQ==\n"), "{out}");
    assert!(
        out.contains("  Signature: GSrt6s6VWnl4zY9tt3U5LLQsYaM=\n"),
        "{out}"
    );
    assert!(out.contains("  OSSAccessKeyId: LTAI5tExampleAK\n"), "{out}");
    let (code, out, err) = ossdiag(
        &[
            "sign",
            "https://examplebucket.oss-cn-hangzhou.aliyuncs.com",
            "--scheme",
            "post-v4",
            "--policy",
            p4.to_str().unwrap(),
            "--time",
            "20240101T080910Z",
            "--access-key-id",
            "LTAI5tExampleAK",
            "--secret-env",
            "POST_SECRET",
        ],
        None,
        &env,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "  x-oss-signature: 9410120bfca858593c83ecfdaca440f8a470d43d1dd03d68b4d5b12ba2a4d5bb\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "  x-oss-credential: LTAI5tExampleAK/20240101/cn-hangzhou/oss/aliyun_v4_request\n"
        ),
        "{out}"
    );
    assert!(!out.contains("warning"), "{out}");
    assert!(
        !out.contains("ExampleSecretKey1234567890abcd"),
        "secret printed"
    );
    // V4 without a time, or a file that is not a policy: exit 2, one line.
    let (code, _, err) = ossdiag(
        &[
            "sign",
            "--scheme",
            "post-v4",
            "--policy",
            p4.to_str().unwrap(),
        ],
        None,
        &[],
    );
    assert_eq!((code, err.trim().lines().count()), (2, 1), "{err}");
    std::fs::write(dir.join("bad.json"), "[1]").unwrap();
    let (code, _, err) = ossdiag(
        &["sign", "--policy", dir.join("bad.json").to_str().unwrap()],
        None,
        &[],
    );
    assert_eq!((code, err.trim().lines().count()), (2, 1), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
