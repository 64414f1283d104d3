//! SDK debug logs: client strings and requests.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let t = String::from_utf8_lossy(data);
    let _ = ossdiag::input::sdklog::client_strings(&t);
    let _ = ossdiag::input::sdklog::requests(&t);
});
