//! Embeds the bundled example article for `whosaid bench` when the workspace has it, so that a
//! checkout without it (or before it lands) still builds; `bench` then says it is missing.

use std::path::Path;

const EXAMPLE: &str = "../../examples/nato-foreign-ministers.txt";

fn main() {
    println!("cargo::rustc-check-cfg=cfg(bundled_example)");
    println!("cargo::rerun-if-changed={EXAMPLE}");
    if Path::new(EXAMPLE).is_file() {
        println!("cargo::rustc-cfg=bundled_example");
    }
}
