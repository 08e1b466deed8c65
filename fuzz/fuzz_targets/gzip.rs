#![no_main]
// The `gzip` target of crates/fuzz: see its documentation.
libfuzzer_sys::fuzz_target!(|data: &[u8]| whosaid_fuzz::gzip(data));
