//! Tests of [`super`]: the gzip module's behaviour on hand-made input.

use super::*;
use std::io::Write;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Member `i` holds `line i` and its line break, repeated a little.
fn member(i: usize) -> Vec<u8> {
    gzip(
        format!("line {i} of the stream, with some words in it\n")
            .repeat(3)
            .as_bytes(),
    )
}

/// What a reader over `bytes` gives: the text read, and each damage as its message.
fn read_all(bytes: Vec<u8>) -> (String, Vec<(io::ErrorKind, String)>) {
    let mut reader = GzipReader::new(io::Cursor::new(bytes));
    let mut text = Vec::new();
    let mut damages = Vec::new();
    let mut buf = [0; 1000];
    for _ in 0..10_000 {
        match reader.read(&mut buf) {
            Ok(0) => return (String::from_utf8_lossy(&text).into_owned(), damages),
            Ok(n) => text.extend_from_slice(&buf[..n]),
            Err(err) => {
                assert!(is_damage(&err), "{err}");
                damages.push((err.kind(), err.to_string()));
            }
        }
    }
    panic!("the reader does not end");
}

fn lines_of(text: &str, i: usize) -> usize {
    text.matches(&format!("line {i} of")).count()
}

#[test]
fn intact_members_read_as_one_stream() {
    let bytes: Vec<u8> = (0..5).flat_map(member).collect();
    let (text, damages) = read_all(bytes);
    assert!(damages.is_empty(), "{damages:?}");
    assert!((0..5).all(|i| lines_of(&text, i) == 3), "{text}");
}

#[test]
fn a_member_cut_in_half_costs_only_itself() {
    let members: Vec<Vec<u8>> = (0..6).map(member).collect();
    let mut bytes = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let m = if i == 2 { &m[..m.len() / 2] } else { &m[..] };
        bytes.extend_from_slice(m);
    }
    let damaged_at: usize = members[..2].iter().map(Vec::len).sum();
    let (text, damages) = read_all(bytes);
    assert_eq!(damages.len(), 1, "{damages:?}");
    assert!(
        damages[0]
            .1
            .contains(&format!("at compressed byte {damaged_at}")),
        "{damages:?}"
    );
    assert!(
        damages[0].1.contains("reading resumes at the next member"),
        "{damages:?}"
    );
    for i in [0, 1, 3, 4, 5] {
        assert_eq!(lines_of(&text, i), 3, "{i} in {text}");
    }
}

#[test]
fn garbage_between_members_and_a_missing_trailer_are_named_once() {
    let mut bytes = member(0);
    bytes.extend_from_slice(b"random bytes, not gzip at all");
    bytes.extend(member(1));
    let without_trailer = member(2);
    bytes.extend_from_slice(&without_trailer[..without_trailer.len() - 8]);
    bytes.extend(member(3));
    let (text, damages) = read_all(bytes);
    assert!((0..4).all(|i| lines_of(&text, i) == 3), "{text}");
    assert_eq!(damages.len(), 2, "{damages:?}");
    assert!(damages[0].1.contains("not gzip data"), "{damages:?}");
    assert!(
        damages[0].1.contains("29 compressed bytes skipped"),
        "{damages:?}"
    );
    assert!(damages[1].1.contains("has no trailer"), "{damages:?}");
    assert!(damages
        .iter()
        .all(|(kind, _)| *kind == io::ErrorKind::InvalidData));
}

#[test]
fn a_cut_end_is_a_truncation_and_trailing_garbage_is_named() {
    let mut bytes = member(0);
    let last = member(1);
    bytes.extend_from_slice(&last[..last.len() - 3]);
    let (text, damages) = read_all(bytes);
    assert_eq!(lines_of(&text, 0), 3);
    assert_eq!(damages.len(), 1, "{damages:?}");
    assert_eq!(damages[0].0, io::ErrorKind::UnexpectedEof);
    assert!(damages[0].1.contains("input ends inside"), "{damages:?}");

    let mut bytes = member(0);
    bytes.extend_from_slice(&[0; 100]);
    let (text, damages) = read_all(bytes);
    assert_eq!(lines_of(&text, 0), 3);
    assert_eq!(damages.len(), 1, "{damages:?}");
    assert!(
        damages[0].1.contains("no gzip member follows"),
        "{damages:?}"
    );
}

#[test]
fn corrupt_data_and_bad_headers_are_passed() {
    let mut bytes = member(0);
    let mut flipped = member(1);
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    bytes.extend(flipped);
    let mut bad_header = member(2);
    bad_header[3] = 0xff;
    bytes.extend(bad_header);
    bytes.extend(member(3));
    let (text, damages) = read_all(bytes);
    assert_eq!(lines_of(&text, 0), 3);
    assert_eq!(lines_of(&text, 3), 3);
    assert!(!damages.is_empty() && damages.len() <= 2, "{damages:?}");
}

#[test]
fn headers_with_names_comments_and_checksums_parse() {
    let mut header = vec![
        0x1f,
        0x8b,
        8,
        FNAME | FCOMMENT | FEXTRA | FHCRC,
        0,
        0,
        0,
        0,
        0,
        3,
    ];
    header.extend_from_slice(&[3, 0, b'a', b'b', b'c']);
    header.extend_from_slice(b"name.warc\0a comment\0");
    let mut crc = Crc::new();
    crc.update(&header);
    header.extend_from_slice(&(crc.sum() as u16).to_le_bytes());
    assert_eq!(parse_header(&header), Ok(header.len()));
    let mut wrong = header.clone();
    *wrong.last_mut().unwrap() ^= 1;
    assert!(matches!(parse_header(&wrong), Err(HeaderError::Invalid(_))));
    assert_eq!(
        parse_header(&header[..header.len() - 1]),
        Err(HeaderError::Short)
    );
    assert_eq!(parse_header(b"PK\x03\x04"), Err(HeaderError::NotGzip));
    let long_name = [&[0x1f, 0x8b, 8, FNAME, 0, 0, 0, 0, 0, 3][..], &[b'x'; 2000]].concat();
    assert!(matches!(
        parse_header(&long_name),
        Err(HeaderError::Invalid(_))
    ));
}

#[test]
fn hostile_bytes_end_without_panic() {
    // Headers that look right, over and over, each with data that fails.
    let fake: Vec<u8> = [0x1f, 0x8b, 8, FNAME, 0, 0, 0, 0, 0, 3, b'n', 0, 0xff, 0xff].repeat(5000);
    let (text, damages) = read_all(fake);
    assert!(text.is_empty());
    assert_eq!(damages.len(), 1, "{damages:?}");
    for bytes in [
        vec![0x1f, 0x8b],
        vec![0x1f, 0x8b, 8],
        vec![0x1f],
        MAGIC.repeat(30),
    ] {
        let (_, damages) = read_all(bytes);
        assert!(!damages.is_empty());
    }
}
