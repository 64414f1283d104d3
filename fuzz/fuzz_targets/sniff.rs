//! The sniffer: `input::gather` over arbitrary bytes (every reader runs on them).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ossdiag::input::gather(&[("-".to_string(), data.to_vec())]);
});
