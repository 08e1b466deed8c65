//! Reading lines whose length nobody promised: a JSON line or a WARC header line can be a
//! gigabyte long in a damaged file, and must not be held in memory whole. Also the `Read`
//! side of the readers that are `BufRead` first.

use std::io::{self, BufRead, Read};

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The input is over; nothing was read.
    End,
    /// A line, with its `\n` if it had one (the last line of an input may not), is in the
    /// buffer; it took this many bytes.
    Read(u64),
    /// The line was longer than the limit: it took this many bytes, all consumed and dropped.
    TooLong(u64),
}

/// Reads one line into `line` (cleared first), keeping at most `max` bytes of it.
pub fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    line.clear();
    let mut taken: u64 = 0;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            break;
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(at) => (&available[..=at], true),
            None => (available, false),
        };
        if !too_long {
            if line.len() + chunk.len() > max {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = chunk.len();
        reader.consume(used);
        taken += used as u64;
        if done {
            break;
        }
    }
    Ok(match (taken, too_long) {
        (0, _) => Line::End,
        (_, true) => Line::TooLong(taken),
        (_, false) => Line::Read(taken),
    })
}

/// Reads and drops `count` bytes; returns how many there were before the input ended.
pub fn skip<R: BufRead>(reader: &mut R, count: u64) -> io::Result<u64> {
    io::copy(
        &mut <&mut R as io::Read>::take(reader, count),
        &mut io::sink(),
    )
}

/// Reads all of `reader` if it holds at most `max` bytes, else `None` (having read `max + 1`).
/// Memory grows with what is read, by doubling, and never past `max + 1` bytes: a 4 KiB gzip
/// body that inflates to gigabytes, or a record under a generous limit, costs only what it
/// holds.
pub fn read_at_most(reader: &mut impl Read, max: u64) -> io::Result<Option<Vec<u8>>> {
    let limit = usize::try_from(max).unwrap_or(usize::MAX).saturating_add(1);
    let mut reader = reader.take(limit as u64);
    let mut bytes = Vec::new();
    loop {
        let room = bytes.capacity().max(8 * 1024).min(limit - bytes.len());
        if room == 0 {
            break;
        }
        bytes.reserve_exact(room);
        let room = bytes.capacity() - bytes.len();
        // Fills the room reserved, and stops there (or where the input ends).
        let read = (&mut reader).take(room as u64).read_to_end(&mut bytes)?;
        if read < room {
            break;
        }
    }
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// `Read::read` for a reader whose `BufRead` side is the real one: copies what `fill_buf`
/// has into `out` and consumes it, so the two sides never disagree about what was read.
pub(crate) fn read_buffered(reader: &mut impl BufRead, out: &mut [u8]) -> io::Result<usize> {
    let available = reader.fill_buf()?;
    let n = available.len().min(out.len());
    out[..n].copy_from_slice(&available[..n]);
    reader.consume(n);
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_and_long_ones_dropped() {
        let mut input = io::Cursor::new(b"short\nthis one is too long\nend".to_vec());
        let mut reader = io::BufReader::with_capacity(4, &mut input);
        let mut line = Vec::new();
        assert_eq!(
            read_line(&mut reader, &mut line, 10).unwrap(),
            Line::Read(6)
        );
        assert_eq!(line, b"short\n");
        assert_eq!(
            read_line(&mut reader, &mut line, 10).unwrap(),
            Line::TooLong(21)
        );
        assert!(line.is_empty());
        assert_eq!(
            read_line(&mut reader, &mut line, 10).unwrap(),
            Line::Read(3)
        );
        assert_eq!(line, b"end");
        assert_eq!(read_line(&mut reader, &mut line, 10).unwrap(), Line::End);
    }

    #[test]
    fn reading_stops_past_the_limit() {
        let bytes = vec![7u8; 100_000];
        let read = read_at_most(&mut &bytes[..], 100_000).unwrap().unwrap();
        assert_eq!(read.len(), 100_000);
        assert!(read.capacity() <= 100_001);
        assert_eq!(read_at_most(&mut &bytes[..], 99_999).unwrap(), None);
        assert_eq!(read_at_most(&mut &b""[..], 0).unwrap(), Some(Vec::new()));
        assert_eq!(read_at_most(&mut &b"x"[..], 0).unwrap(), None);
    }
}
