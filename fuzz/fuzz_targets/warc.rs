#![no_main]
// The `warc` target of crates/fuzz: see its documentation.
libfuzzer_sys::fuzz_target!(|data: &[u8]| whosaid_fuzz::warc(data));
