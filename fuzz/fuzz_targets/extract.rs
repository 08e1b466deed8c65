#![no_main]
// The `extract` target of crates/fuzz: see its documentation.
libfuzzer_sys::fuzz_target!(|data: &[u8]| whosaid_fuzz::extract(data));
