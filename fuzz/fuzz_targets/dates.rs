#![no_main]
// The `dates` target of crates/fuzz: see its documentation.
libfuzzer_sys::fuzz_target!(|data: &[u8]| whosaid_fuzz::dates(data));
