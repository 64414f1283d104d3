//! Wrapped text: prefixes/ANSI, non-XML error strings, merge and repair.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ossdiag::input::unwrap;

fuzz_target!(|data: &[u8]| {
    let t = String::from_utf8_lossy(data);
    let _ = unwrap::prepare(&t);
    let _ = unwrap::strip_ansi(&t);
    let _ = unwrap::lenient_base64(&t);
    let mut v = unwrap::merge(unwrap::structured(&t, 0));
    for b in &mut v {
        unwrap::repair(b);
    }
});
