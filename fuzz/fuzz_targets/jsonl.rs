#![no_main]
// The `jsonl` target of crates/fuzz: see its documentation.
libfuzzer_sys::fuzz_target!(|data: &[u8]| whosaid_fuzz::jsonl(data));
