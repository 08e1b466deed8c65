use super::*;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut encoder, bytes).unwrap();
    encoder.finish().unwrap()
}

fn read(bytes: Vec<u8>, name_format: Option<Format>) -> Vec<Result<Record, Skip>> {
    let reader = Box::new(io::Cursor::new(bytes));
    open_reader(
        reader,
        "in".to_owned(),
        name_format,
        &ReadOptions::default(),
    )
    .collect()
}

#[test]
fn a_damaged_first_member_does_not_hide_the_format_or_the_rest() {
    let line = |n: usize| format!("{{\"text\": \"Line {n}.\"}}\n");
    let mut first = gzip(line(1).as_bytes());
    // Block type 3, which does not exist: the member fails before any output.
    first[10] = 0xff;
    let mut bytes = first;
    bytes.extend(gzip(line(2).as_bytes()));
    bytes.extend(gzip(line(3).as_bytes()));
    let records = read(bytes, None);
    assert_eq!(records.len(), 3, "{records:?}");
    let skip = records[0].as_ref().unwrap_err();
    assert_eq!(skip.reason, SkipReason::Malformed);
    assert!(skip.detail.contains("compressed byte 0"), "{}", skip.detail);
    assert!(
        skip.detail.contains("invalid block type"),
        "{}",
        skip.detail
    );
    // The damage is where the first line would be.
    assert_eq!(skip.id, "in:1");
    assert_eq!(records[1].as_ref().unwrap().id, "in:2");
    assert_eq!(records[2].as_ref().unwrap().id, "in:3");
}

#[test]
fn a_damaged_member_in_json_lines_costs_only_its_lines() {
    let lines = |from: usize| -> String {
        (from..from + 3)
            .map(|n| format!("{{\"text\": \"Line {n}.\"}}\n"))
            .collect()
    };
    let mut bytes = gzip(lines(0).as_bytes());
    let cut = gzip(lines(3).as_bytes());
    bytes.extend_from_slice(&cut[..cut.len() / 2]);
    bytes.extend(gzip(lines(6).as_bytes()));
    let records = read(bytes, Some(Format::Jsonl));
    let texts: Vec<String> = records
        .iter()
        .filter_map(|r| match &r.as_ref().ok()?.payload {
            Payload::Decoded(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    for n in [0, 1, 2, 6, 7, 8] {
        assert!(texts.contains(&format!("Line {n}.")), "{n}: {records:?}");
    }
    let skips: Vec<&Skip> = records.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(!skips.is_empty());
    assert!(
        skips.iter().any(|s| s.detail.contains("gzip member")),
        "{skips:?}"
    );
}

#[test]
fn an_input_over_the_limit_says_so_plainly() {
    let options = ReadOptions {
        max_bytes: 1024,
        format: Some(Format::Text),
        ..ReadOptions::default()
    };
    let reader = Box::new(io::Cursor::new(gzip(&[b'a'; 2000])));
    let records: Vec<_> = open_reader(reader, "in".to_owned(), None, &options).collect();
    let skip = records[0].as_ref().unwrap_err();
    assert_eq!(skip.reason, SkipReason::TooLarge);
    assert_eq!(skip.detail, "over the --max-bytes limit of 1 KiB, skipped");
}

/// Ten WARC records, each its own gzip member, and where each member ends.
fn warc_members() -> (Vec<u8>, Vec<usize>) {
    let mut bytes = Vec::new();
    let mut ends = Vec::new();
    for n in 0..10 {
        let block = format!("Record {n} says hello, and then some more words.\n").repeat(n + 1);
        let record = format!(
            "WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\n\
             Content-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        );
        bytes.extend(gzip(record.as_bytes()));
        ends.push(bytes.len());
    }
    (bytes, ends)
}

#[test]
fn damaged_gzip_warcs_lose_at_most_the_damaged_record_and_never_panic() {
    let (intact, ends) = warc_members();
    assert_eq!(read(intact.clone(), None).len(), 10);
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut random = move |below: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % below as u64) as usize
    };
    for round in 0..400 {
        let mut bytes = intact.clone();
        let at = random(bytes.len());
        // Records whose members end before `at` are untouched.
        let before = ends.iter().filter(|&&end| end <= at).count();
        let at_least = match round % 3 {
            0 => {
                bytes[at] ^= 1 << random(8);
                9
            }
            1 => {
                // A stream is told to be gzip by its first bytes (see `is_gzip`).
                let at = at.max(16);
                let noise: Vec<u8> = (0..random(64) + 1).map(|_| random(256) as u8).collect();
                bytes.splice(at..at, noise);
                9
            }
            _ => {
                bytes.truncate(at);
                before
            }
        };
        let records = read(bytes, None);
        let read = records.iter().filter(|record| record.is_ok()).count();
        assert!(
            read >= at_least,
            "round {round} at {at}: {read} records read, {at_least} expected: {records:?}"
        );
    }
}

#[test]
fn gzip_is_told_by_its_start_even_when_its_first_header_is_damaged() {
    let member = gzip(b"hello");
    assert!(is_gzip(&member));
    // The first member's header is damaged; the second member's is not.
    let mut damaged = [&member[..], &member[..]].concat();
    damaged[0] ^= 1;
    assert!(is_gzip(&damaged));
    // A plain WARC holding a gzip-encoded HTTP body is not gzip.
    let mut warc = b"WARC/1.0\r\nContent-Length: 30\r\n\r\n".to_vec();
    warc.extend(&member);
    assert!(!is_gzip(&warc));
}
