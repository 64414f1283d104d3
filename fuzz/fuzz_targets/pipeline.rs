//! The whole pipeline: gather, diagnose, every renderer.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ossdiag::render::{render, Format, Style};

fuzz_target!(|data: &[u8]| {
    let ev = ossdiag::input::gather(&[("-".to_string(), data.to_vec())]);
    let ds = ossdiag::diagnose::diagnose(&ev);
    for f in [Format::Text, Format::Json, Format::Markdown] {
        let _ = render(&ds, f, Style { color: true, show_sensitive: false });
    }
});
