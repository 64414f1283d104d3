//! The command line (contract in `../shared/DESIGN.md`).

use crate::diagnose::{self, Options};
use crate::error::{Error, Result};
use crate::input::{self, capture};
use crate::render::{self, Format, Style};
use crate::request::{locate, CaptureKind, Request};
use crate::sign::v1;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "ossdiag",
    version,
    about = "Explains Alibaba Cloud OSS SignatureDoesNotMatch errors: which field, which byte, and why",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub diagnose: DiagnoseArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Diagnose an error body (the default command).
    Diagnose(DiagnoseArgs),
    /// Print the string to sign for a request (and, with a secret, the signature).
    Sign(SignArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args, Default)]
pub struct DiagnoseArgs {
    /// Files holding the error body, the request, logs…; `-` or nothing reads stdin.
    pub inputs: Vec<String>,
    /// The exact string the client signed (one final newline is ignored).
    #[arg(long, value_name = "FILE")]
    pub client_string: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Option<Format>,
    /// Colour: auto honours NO_COLOR and whether stdout is a terminal.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Option<ColorChoice>,
    /// Read the AccessKeySecret from this environment variable (opt-in).
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
    /// Keep security tokens and URL signatures in the report instead of masking them.
    #[arg(long)]
    pub show_sensitive: bool,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// The request URL (virtual-hosted or path-style), exactly as it will be sent.
    pub url: String,
    /// HTTP method.
    #[arg(short = 'X', long = "request", default_value = "GET")]
    pub method: String,
    /// A request header, `Name: value` (repeatable).
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,
    /// The Date header value (header auth).
    #[arg(long, conflicts_with = "expires")]
    pub date: Option<String>,
    /// Expires, in Unix seconds: sign a presigned URL instead of a header.
    #[arg(long)]
    pub expires: Option<String>,
    /// AccessKeyId to put in the Authorization header or URL.
    #[arg(long, default_value = "<AccessKeyId>")]
    pub access_key_id: String,
    /// Read the AccessKeySecret from this environment variable.
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
}

/// What the binary prints and the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub code: i32,
}

/// The environment the command runs in (so tests can give their own).
pub struct Env<'a> {
    pub var: &'a dyn Fn(&str) -> Option<String>,
    pub stdout_is_terminal: bool,
    pub stdin_is_terminal: bool,
}

pub fn run(cli: Cli, env: &Env) -> Result<Output> {
    match cli.command {
        Some(Command::Sign(a)) => sign(a, env),
        Some(Command::Diagnose(a)) => diagnose_cmd(a, env),
        None => diagnose_cmd(cli.diagnose, env),
    }
}

fn secret(var: &Option<String>, env: &Env) -> Result<Option<Vec<u8>>> {
    match var {
        None => Ok(None),
        Some(v) => match (env.var)(v) {
            Some(s) if !s.is_empty() => Ok(Some(s.into_bytes())),
            _ => Err(Error::Usage(format!(
                "--secret-env {v}: that environment variable is not set or empty"
            ))),
        },
    }
}

fn diagnose_cmd(a: DiagnoseArgs, env: &Env) -> Result<Output> {
    let names: Vec<String> = if a.inputs.is_empty() {
        vec!["-".into()]
    } else {
        a.inputs.clone()
    };
    if names.iter().any(|n| n == "-") && env.stdin_is_terminal {
        return Err(Error::Usage(
            "no input: give a file holding the OSS error body, or pipe it in (e.g. curl -sv … 2>&1 | ossdiag)".into(),
        ));
    }
    let mut inputs = Vec::new();
    for n in &names {
        inputs.push((n.clone(), input::read_input(n)?));
    }
    let mut ev = input::gather(&inputs);
    if let Some(p) = &a.client_string {
        let name = p.display().to_string();
        let b = input::read_input(&name)?;
        ev.client_strings.insert(0, input::client_string(b, &name));
    }
    let _secret = secret(&a.secret_env, env)?;
    if ev.is_empty() {
        return Err(Error::Input(
            "no OSS error body or request found: expected an error XML (with <Code>/<StringToSign>), a curl -v transcript, a raw HTTP request, a curl command line or a presigned URL".into(),
        ));
    }
    let ds = diagnose::diagnose(&ev, &Options::default());
    if ds.is_empty() {
        return Err(Error::Input("nothing to diagnose in the input".into()));
    }
    let color = match a.color.unwrap_or(ColorChoice::Auto) {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            env.stdout_is_terminal && (env.var)("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let format = a.format.unwrap_or(Format::Text);
    let stdout = render::render(
        &ds,
        format,
        Style {
            color: color && format == Format::Text,
            show_sensitive: a.show_sensitive,
        },
    );
    let code = ds.iter().map(|d| d.exit_code()).max().unwrap_or(0);
    Ok(Output { stdout, code })
}

fn sign(a: SignArgs, env: &Env) -> Result<Output> {
    let url = if a.url.contains("://") {
        a.url.clone()
    } else {
        format!("https://{}", a.url)
    };
    let parts =
        capture::split_url(&url).ok_or_else(|| Error::Usage(format!("not a URL: {}", a.url)))?;
    let mut req = Request::new(CaptureKind::Described);
    req.method = Some(a.method.to_ascii_uppercase());
    req.host = Some(parts.authority.clone());
    req.target = parts.target.clone();
    for h in &a.headers {
        let (k, v) = h
            .split_once(':')
            .ok_or_else(|| Error::Usage(format!("-H '{h}': a header is 'Name: value'")))?;
        req.headers
            .push((k.trim().to_string(), v.trim().to_string()));
    }
    let auth = if a.expires.is_some() {
        v1::Auth::Query
    } else {
        v1::Auth::Header
    };
    if let Some(d) = &a.date {
        req.headers.push(("Date".into(), d.clone()));
    }
    if let Some(e) = &a.expires {
        if !e.chars().all(|c| c.is_ascii_digit()) || e.is_empty() {
            return Err(Error::Usage(format!(
                "--expires {e}: Expires is a Unix time in seconds"
            )));
        }
        let sep = if req.target.contains('?') { '&' } else { '?' };
        req.target = format!("{}{sep}Expires={e}", req.target);
    }
    if auth == v1::Auth::Header
        && req.header("date").is_none()
        && req.header("x-oss-date").is_none()
    {
        return Err(Error::Usage("give --date (or an x-oss-date header) for header auth, or --expires for a presigned URL".into()));
    }
    let loc = locate(req.host_name().as_deref(), req.raw_path(), None);
    let sts = v1::string_to_sign(&v1::input(&req, &loc, auth, &v1::Hints::default()));
    let mut out = String::from("string to sign (V1):\n");
    for line in sts.split(|&c| c == b'\n') {
        out.push_str("  ");
        out.push_str(&crate::bytes::visible(line));
        out.push('\n');
    }
    if let Some(secret) = secret(&a.secret_env, env)? {
        let sig = v1::signature(&secret, &sts);
        out.push_str(&format!("signature: {sig}\n"));
        match auth {
            v1::Auth::Header => {
                out.push_str(&format!("Authorization: OSS {}:{sig}\n", a.access_key_id))
            }
            v1::Auth::Query => {
                let enc = |s: &str| {
                    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
                        .to_string()
                };
                out.push_str(&format!(
                    "url: {}://{}{}&OSSAccessKeyId={}&Signature={}\n",
                    parts.scheme,
                    parts.authority,
                    req.target,
                    enc(&a.access_key_id),
                    enc(&sig)
                ));
            }
        }
    }
    Ok(Output {
        stdout: out,
        code: 0,
    })
}
