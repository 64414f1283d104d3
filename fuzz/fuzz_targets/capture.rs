//! Captured requests: curl -v, raw HTTP, curl command lines, URLs, --trace-ascii.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ossdiag::input::capture;

fuzz_target!(|data: &[u8]| {
    let t = String::from_utf8_lossy(data);
    let lines: Vec<&str> = t.split('\n').collect();
    let _ = capture::curl_verbose(&lines);
    let _ = capture::raw_http(&lines, &|_| false);
    let _ = capture::curl_commands(&lines);
    let _ = capture::urls(&t);
    let _ = capture::parse_curl(&t);
    let _ = capture::remove_dot_segments(&t);
    if let Some((x, _)) = capture::trace_ascii(&t) {
        let l: Vec<&str> = x.split('\n').collect();
        let _ = capture::curl_verbose(&l);
    }
});
