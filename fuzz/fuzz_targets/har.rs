//! HAR files.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let t = String::from_utf8_lossy(data);
    let mut ev = ossdiag::input::Evidence::default();
    let _ = ossdiag::input::har::gather(&t, 0, &mut ev);
});
