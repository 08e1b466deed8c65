//! Loading and saving models: the shipped model, round trips, and bad bytes.

use std::time::Instant;

use whosaid_tagger::{ModelErrorKind, Tagger};

#[test]
fn tagger_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Tagger>();
    assert_send_sync::<&'static Tagger>();
}

#[test]
fn shipped_model_loads_quickly_and_round_trips() {
    let bytes = Tagger::load_default().unwrap().to_bytes();
    let start = Instant::now();
    let tagger = Tagger::from_bytes(&bytes).unwrap();
    let elapsed = start.elapsed();
    println!("loaded {} bytes in {elapsed:?}", bytes.len());
    // Well under 100 ms in release builds; generous here for unoptimised test builds.
    assert!(elapsed.as_millis() < 1000, "loading took {elapsed:?}");
    assert_eq!(tagger.to_bytes(), bytes);
    assert!(
        bytes.len() <= 6 * 1024 * 1024,
        "model is {} bytes",
        bytes.len()
    );
    assert!(tagger.n_features() > 10_000);
    let embedded = include_bytes!("../models/en-ewt-xpos.bin");
    assert_eq!(&bytes[..], &embedded[..]);
}

#[test]
fn garbage_and_damaged_bytes_are_errors_not_panics() {
    for foreign in [&b""[..], b"this is not a model at all"] {
        let e = Tagger::from_bytes(foreign).unwrap_err();
        assert!(matches!(e.kind(), ModelErrorKind::BadMagic), "{e:?}");
        assert_eq!(e.to_string(), "not a whosaid tagger model (bad signature)");
    }
    let bytes = Tagger::load_default().unwrap().to_bytes();

    // Every truncation point is an error.
    for len in (0..bytes.len())
        .step_by(bytes.len() / 97 + 1)
        .chain([bytes.len() - 1])
    {
        assert!(
            Tagger::from_bytes(&bytes[..len]).is_err(),
            "truncated to {len}"
        );
    }
    let e = Tagger::from_bytes(&bytes[..bytes.len() - 10]).unwrap_err();
    assert!(
        matches!(e.kind(), ModelErrorKind::Truncated { .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("truncated"), "{e}");

    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(
        Tagger::from_bytes(&longer).unwrap_err().kind(),
        ModelErrorKind::TrailingBytes { .. }
    ));

    // A flipped byte in the weights is caught by the checksum.
    let mut flipped = bytes.clone();
    let i = bytes.len() / 2;
    flipped[i] ^= 0x40;
    assert!(matches!(
        Tagger::from_bytes(&flipped).unwrap_err().kind(),
        ModelErrorKind::ChecksumMismatch
    ));

    // Damaged header fields.
    let mut version = bytes.clone();
    version[8] = 99;
    assert!(matches!(
        Tagger::from_bytes(&version).unwrap_err().kind(),
        ModelErrorKind::UnsupportedVersion { found: 99, .. }
    ));
    let mut counts = bytes.clone();
    // The tag-set string length sits at byte 16; the counts follow the string.
    let tagset_len = u32::from_le_bytes(bytes[16..20].try_into().unwrap()) as usize;
    let n_at = 20 + tagset_len;
    counts[n_at..n_at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(Tagger::from_bytes(&counts).is_err());

    // Pseudo-random garbage behind a valid signature.
    let mut state = 0x1234_5678_u64;
    for len in [12usize, 40, 100, 1000, 100_000] {
        let mut garbage = b"WSDTAGGR".to_vec();
        while garbage.len() < len {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            garbage.push((state >> 56) as u8);
        }
        assert!(
            Tagger::from_bytes(&garbage).is_err(),
            "garbage of {len} bytes"
        );
    }
}

#[test]
fn model_files_load_and_bad_files_are_errors_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("whosaid-tagger-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bytes = Tagger::load_default().unwrap().to_bytes();
    let good = dir.join(Tagger::FILE_NAME);
    std::fs::write(&good, &bytes).unwrap();
    let loaded = Tagger::from_file(&good).unwrap();
    assert_eq!(loaded.to_bytes(), bytes);

    let missing = dir.join("missing.bin");
    let e = Tagger::from_file(&missing).unwrap_err();
    assert!(matches!(e.kind(), ModelErrorKind::Io(_)), "{e:?}");
    assert!(
        e.to_string().starts_with(&format!(
            "{}: cannot read the tagger model",
            missing.display()
        )),
        "{e}"
    );

    let cut = dir.join("cut.bin");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let e = Tagger::from_file(&cut).unwrap_err();
    assert!(
        matches!(e.kind(), ModelErrorKind::Truncated { .. }),
        "{e:?}"
    );
    assert_eq!(e.path(), Some(cut.as_path()));
    assert!(e.to_string().contains("tagger model is truncated"), "{e}");

    // The labeller's model is a model file of another kind.
    let foreign = dir.join("foreign.bin");
    std::fs::write(&foreign, b"WSDATTRB\x02\0\0\0").unwrap();
    let e = Tagger::from_file(&foreign).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: not a whosaid tagger model (bad signature)",
            foreign.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
