//! How a model crate uses this one: declare a [`Format`], write a file with its header, body
//! and checksum, read it back field by field, and get a clear error from a damaged copy.
//!
//! ```text
//! cargo run -p whosaid-modelfile --example roundtrip
//! ```

use whosaid_modelfile::{Format, ModelError};

/// A toy model: a version of its features and a list of weights.
static FORMAT: Format = Format {
    model: "toy",
    magic: *b"WSDTOYMD",
    version: 1,
    checksum: whosaid_modelfile::checksum,
};
const FEATURE_VERSION: u32 = 1;

fn write(weights: &[i16]) -> Vec<u8> {
    let mut w = FORMAT.writer(FEATURE_VERSION);
    w.u32(weights.len() as u32);
    for &x in weights {
        w.i16(x);
    }
    w.finish()
}

fn read(bytes: &[u8]) -> Result<Vec<i16>, ModelError> {
    let mut r = FORMAT.reader(bytes, FEATURE_VERSION)?;
    r.verify_checksum()?;
    let n = r.u32()? as usize;
    let weights = r
        .take(n.saturating_mul(2))?
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    r.finish()?;
    Ok(weights)
}

fn main() -> Result<(), ModelError> {
    let dir =
        std::env::temp_dir().join(format!("whosaid-modelfile-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let path = dir.join("toy.bin");
    std::fs::write(&path, write(&[3, -1, 4])).expect("write the model");

    let bytes = FORMAT.read_file(&path)?;
    println!("{} bytes read back as {:?}", bytes.len(), read(&bytes)?);

    let mut damaged = bytes.clone();
    damaged[17] ^= 1;
    std::fs::write(&path, &damaged).expect("write the damaged copy");
    let bytes = FORMAT.read_file(&path)?;
    let error = read(&bytes).map_err(|e| e.with_path(&path)).unwrap_err();
    println!("a damaged copy: {error}");
    std::fs::remove_dir_all(&dir).expect("clean up");
    Ok(())
}
