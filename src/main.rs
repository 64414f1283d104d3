use clap::Parser;
use ossdiag::exit::Exit;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match ossdiag::cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::Usage
            } else {
                Exit::Clean
            };
            let _ = e.print();
            return ExitCode::from(code.code() as u8);
        }
    };
    let var = |k: &str| std::env::var(k).ok();
    let env = ossdiag::cli::Env {
        var: &var,
        stdout_is_terminal: std::io::stdout().is_terminal(),
        stdin_is_terminal: std::io::stdin().is_terminal(),
    };
    match ossdiag::cli::run(cli, &env) {
        Ok(out) => {
            let mut so = std::io::stdout().lock();
            let _ = so.write_all(out.stdout.as_bytes());
            let _ = so.flush();
            ExitCode::from(out.code as u8)
        }
        Err(e) => {
            eprintln!("ossdiag: {e}");
            ExitCode::from(Exit::Usage.code() as u8)
        }
    }
}
