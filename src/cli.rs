//! The command line (contract in `../shared/DESIGN.md`).

use crate::error::{Error, Result};
use crate::input;
use crate::render::{self, Format, Style};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "ossdiag",
    version,
    about = "Explains Alibaba Cloud OSS SignatureDoesNotMatch errors: which field, which byte, and why",
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  curl -sv -X PUT -T photo.jpg \"$URL\" 2>&1 | ossdiag\n  ossdiag error.xml request.txt\n  ossdiag error.xml --client-string signed.txt --format json\n  OSS_SECRET=... ossdiag error.xml --secret-env OSS_SECRET\n\nExit codes: 0 nothing wrong found, 1 a problem diagnosed, 2 bad usage or unusable input."
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
    Sign(Box<SignArgs>),
    /// Find every OSS error in logs of any size: a grouped summary, then the top groups.
    Scan(ScanArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Log files of any size; `-` or nothing reads stdin.
    pub inputs: Vec<String>,
    /// Output: text (summary, then the top groups), json (JSON Lines: one report per
    /// error, then a `{"summary": …}` line), markdown (the summary table).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Text: show this many groups (by code and cause) in detail.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub top: usize,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Keep security tokens, URL signatures and AccessKey ids unmasked.
    #[arg(long)]
    pub show_sensitive: bool,
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
    /// Read the AccessKeySecret from this file (one final newline is ignored).
    #[arg(long, value_name = "PATH", conflicts_with = "secret_env")]
    pub secret_file: Option<PathBuf>,
    /// Ask for the AccessKeySecret on the terminal, without echo.
    #[arg(long, conflicts_with_all = ["secret_env", "secret_file"])]
    pub secret_prompt: bool,
    /// With a secret: try at most this many candidate strings per error.
    #[arg(long, value_name = "N", default_value_t = crate::secret::DEFAULT_LIMIT)]
    pub search_limit: u64,
    /// Keep security tokens and URL signatures in the report instead of masking them.
    #[arg(long)]
    pub show_sensitive: bool,
    /// A PEM public key, to verify an upload-callback request offline (OSS's key is at the
    /// URL the request's x-oss-pub-key-url names; the tool never fetches it).
    #[arg(long, value_name = "FILE")]
    pub pub_key: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// The request URL (virtual-hosted or path-style), exactly as it will be sent. For
    /// post-v1/post-v4, optional: the bucket's URL the form is posted to.
    pub url: Option<String>,
    /// HTTP method.
    #[arg(short = 'X', long = "request", default_value = "GET")]
    pub method: String,
    /// A request header, `Name: value` (repeatable).
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,
    /// V1: the Date header value (header auth).
    #[arg(long, conflicts_with = "expires")]
    pub date: Option<String>,
    /// Sign a presigned URL instead of a header. V1: Expires, a Unix time in seconds;
    /// V4: x-oss-expires, a validity in seconds (1..604800).
    #[arg(long)]
    pub expires: Option<String>,
    /// Sign with V4 (OSS4-HMAC-SHA256) instead of V1 (the same as `--scheme v4`).
    #[arg(long, conflicts_with = "scheme")]
    pub v4: bool,
    /// The signing scheme: v1 (OSS), v2 (OSS2), v4 (OSS4-HMAC-SHA256), aws-v2 (S3-style
    /// `AWS AK:sig`), aws-v4 (AWS4-HMAC-SHA256), post-v1/post-v4 (a PostObject policy,
    /// with --policy).
    #[arg(long, value_parser = ["v1", "v2", "v4", "aws-v2", "aws-v4", "post-v1", "post-v4"])]
    pub scheme: Option<String>,
    /// PostObject: the policy JSON file to sign (as the console's PostObject tab does);
    /// prints the form fields to send. Without --scheme, post-v1.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<std::path::PathBuf>,
    /// V4: the region (cn-hangzhou; a cloud box id for cloud box). Default: from the host.
    #[arg(long)]
    pub region: Option<String>,
    /// V4: the product (aws-v4: the service; default s3 there).
    #[arg(long)]
    pub product: Option<String>,
    /// V4: the signing time, yyyymmddTHHMMSSZ (the x-oss-date value).
    #[arg(long)]
    pub time: Option<String>,
    /// V2/V4: headers to sign besides the default ones, `host;content-length`.
    #[arg(long, value_name = "H1;H2")]
    pub additional_headers: Option<String>,
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
        Some(Command::Sign(a)) => sign(*a, env),
        Some(Command::Diagnose(a)) => diagnose_cmd(a, env),
        Some(Command::Scan(a)) => scan_cmd(a, env),
        None => diagnose_cmd(cli.diagnose, env),
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "ossdiag", &mut out);
            Ok(Output {
                stdout: String::from_utf8_lossy(&out).into_owned(),
                code: 0,
            })
        }
        Some(Command::Man) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| Error::Io(format!("cannot render the man page: {e}")))?;
            Ok(Output {
                stdout: String::from_utf8_lossy(&out).into_owned(),
                code: 0,
            })
        }
    }
}

fn secret(var: &Option<String>, env: &Env) -> Result<Option<Vec<u8>>> {
    match var {
        None => Ok(None),
        Some(v) => crate::secret::read(
            &crate::secret::SecretFrom::Env(v.clone()),
            env.var,
            env.stdin_is_terminal,
        )
        .map(|s| Some(s.expose().to_vec())),
    }
}

/// The secret for `diagnose`, from --secret-env, --secret-file or --secret-prompt.
fn diagnose_secret(a: &DiagnoseArgs, env: &Env) -> Result<Option<crate::secret::Secret>> {
    use crate::secret::SecretFrom;
    let from = match (&a.secret_env, &a.secret_file, a.secret_prompt) {
        (Some(v), _, _) => SecretFrom::Env(v.clone()),
        (None, Some(p), _) => SecretFrom::File(p.clone()),
        (None, None, true) => SecretFrom::Prompt,
        (None, None, false) => return Ok(None),
    };
    crate::secret::read(&from, env.var, env.stdin_is_terminal).map(Some)
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
        let file = p
            .file_name()
            .map_or(name.clone(), |f| f.to_string_lossy().into_owned());
        ev.client_strings.insert(
            0,
            input::client_string(b, &format!("--client-string {file}")),
        );
    }
    if let Some(p) = &a.pub_key {
        let name = p.display().to_string();
        let pem = input::read_input(&name)?;
        crate::callback::request::parse_public_key(&pem)
            .map_err(|m| Error::Usage(format!("--pub-key {name}: {m}")))?;
        ev.public_key = Some(pem);
    }
    let secret = diagnose_secret(&a, env)?;
    let search = crate::secret::SearchOptions {
        limit: a.search_limit,
    };
    let ds = crate::pipeline::run(&ev, secret.as_ref(), &search)?;
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
    let code = ds
        .iter()
        .map(|d| d.exit())
        .max()
        .unwrap_or(crate::exit::Exit::Clean)
        .code();
    Ok(Output { stdout, code })
}

fn sign(a: SignArgs, env: &Env) -> Result<Output> {
    let stdout = crate::signcmd::run(&a, secret(&a.secret_env, env)?)?;
    Ok(Output {
        stdout,
        code: crate::exit::Exit::Clean.code(),
    })
}

fn scan_cmd(a: ScanArgs, env: &Env) -> Result<Output> {
    use std::io::IsTerminal;
    let names = if a.inputs.is_empty() {
        vec!["-".to_string()]
    } else {
        a.inputs.clone()
    };
    if names.iter().any(|n| n == "-") && env.stdin_is_terminal {
        return Err(Error::Usage(
            "no input: give log files, or pipe a log in (e.g. zcat app.log.gz | ossdiag scan)"
                .into(),
        ));
    }
    let opts = crate::scan::Options {
        threads: a.threads,
        progress: std::io::stderr().is_terminal(),
        ..Default::default()
    };
    let s = crate::scan::scan(&names, &opts)?;
    let stdout = match a.format {
        Format::Text => crate::scan::summary::text(&s, a.top, a.show_sensitive),
        Format::Json => crate::scan::summary::json_lines(&s, a.show_sensitive),
        Format::Markdown => crate::scan::summary::markdown(&s, a.show_sensitive),
    };
    let code = if s.summary.occurrences > 0 { 1 } else { 0 };
    Ok(Output { stdout, code })
}
