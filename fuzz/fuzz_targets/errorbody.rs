//! The XML error-body scanner and the hex decoder.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let t = String::from_utf8_lossy(data);
    for b in ossdiag::input::errorbody::find(&t, 0) {
        for (_, v) in &b.elements {
            let _ = ossdiag::input::decode_hex(v);
        }
    }
    let _ = ossdiag::input::errorbody::unescape(&t);
});
