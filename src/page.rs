//! What the web page (`web/`) calls: the command line's `diagnose` pipeline on the text
//! the page holds (the paste area, dropped files, the client-string box, the secret field),
//! rendered in every format at once, so that the page switches format, or copies the
//! markdown report, without diagnosing again. `web/build.sh` compiles the library to
//! WebAssembly; the export is [`diagnose`] (wasm32 only). `tests/page.rs` checks that
//! [`run`] prints what `ossdiag` prints.

use crate::error::Result;
use crate::render::{self, Format, Style};
use crate::{input, secret};

/// The reports of one diagnosis.
#[cfg_attr(
    target_arch = "wasm32",
    wasm_bindgen::prelude::wasm_bindgen(getter_with_clone)
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reports {
    /// The text report with the CLI's colours (`--color always`): ANSI escapes.
    pub text: String,
    pub json: String,
    pub markdown: String,
    /// The CLI's exit code: 0 nothing wrong found, 1 a problem diagnosed.
    pub code: i32,
}

/// Diagnose `inputs` (name, bytes) as `ossdiag INPUT… [--client-string NAME]
/// [--secret-…]` does, with the default search limit. Errors are the CLI's (exit 2).
pub fn run(
    inputs: &[(String, Vec<u8>)],
    client_string: Option<(String, Vec<u8>)>,
    secret: Option<&secret::Secret>,
) -> Result<Reports> {
    let mut ev = input::gather(inputs);
    if let Some((name, b)) = client_string {
        ev.client_strings.insert(0, input::client_string(b, &name));
    }
    let ds = crate::pipeline::run(&ev, secret, &secret::SearchOptions::default())?;
    let style = |color| Style {
        color,
        show_sensitive: false,
    };
    Ok(Reports {
        text: render::render(&ds, Format::Text, style(true)),
        json: render::render(&ds, Format::Json, style(false)),
        markdown: render::render(&ds, Format::Markdown, style(false)),
        code: ds
            .iter()
            .map(|d| d.exit())
            .max()
            .unwrap_or(crate::exit::Exit::Clean)
            .code(),
    })
}

/// The page's entry: `texts[i]` named `names[i]` (the paste area, dropped files); an
/// empty `client_string` or `secret` is none. The secret lives only in this call and is
/// zeroed when it ends.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn diagnose(
    names: Vec<String>,
    texts: Vec<String>,
    client_string: String,
    secret: String,
) -> std::result::Result<Reports, wasm_bindgen::JsError> {
    let inputs: Vec<(String, Vec<u8>)> = names
        .into_iter()
        .zip(texts)
        .map(|(n, t)| (n, t.into_bytes()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let cs = (!client_string.is_empty()).then(|| {
        (
            "the client-string box".to_string(),
            client_string.into_bytes(),
        )
    });
    let secret = secret::Secret::new(secret.into_bytes());
    let secret = (!secret.expose().is_empty()).then_some(&secret);
    run(&inputs, cs, secret).map_err(|e| wasm_bindgen::JsError::new(&e.to_string()))
}
