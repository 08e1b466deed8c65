//! Gzip streams read member by member, so that a damaged member costs only what is in it.
//!
//! A gzip file is a series of members, each a header, deflate data and a trailer (CRC-32 and
//! size). Common Crawl writes every WARC record as its own member, and a damaged archive is
//! mostly intact members around a damaged one: a member cut short by a failed write, a
//! flipped bit, bytes of something else in between. flate2's `MultiGzDecoder` stops at the
//! first error, losing every record after it. This reader decodes one member at a time with
//! flate2's raw inflater and, when a member is damaged or something that is not a member
//! stands where one should start, scans forward for the next member header (`1f 8b 08` and
//! valid flags), confirms it by decoding the start of its data, and resumes there, the way
//! the WARC reader resynchronises on the next `WARC/1.0` line.
//!
//! Damage is never silent. It comes out of [`GzipReader::read`] once, as an [`io::Error`]
//! carrying a [`Damage`] that says what happened and where (the compressed byte offset of
//! the damaged member, how many compressed bytes were skipped), after every byte decoded
//! before it; the next read serves the next member. Readers on top tell it from an error
//! that ends the input with [`is_damage`]: they skip the record being read and carry on.
//! Its kind is [`io::ErrorKind::UnexpectedEof`] when the input ends inside a member
//! (a truncated record), else [`io::ErrorKind::InvalidData`] (a malformed one). Errors of
//! the underlying input pass through as they are, and end reading.
//!
//! Offsets in the decompressed stream (the `path@OFFSET` of WARC records) count the bytes
//! actually decoded: what a damaged member would have held is unknown, so offsets after
//! damage are smaller than in the intact file.
//!
//! Memory is bounded whatever the input: the scan is a linear pass that keeps at most
//! [`LOOKBACK`] bytes behind the point where damage was found, plus one read ahead.

use std::fmt;
use std::io::{self, Read};

use flate2::{Crc, Decompress, FlushDecompress, Status};
use memchr::memmem;

/// How much compressed input is read at a time.
const CHUNK: usize = 256 * 1024;

/// How far back the scan for the next member may start, from the point where damage shows.
/// A member cut short runs into the next member's bytes, which the inflater reads as more
/// deflate data until they make no sense: a few bytes as a rule, and at most the rest of a
/// stored block (64 KiB) when the cut falls in incompressible data, so the next member's
/// header is well within this. It is also the member size up to which the whole damaged
/// member is searched. It bounds the work too: hostile bytes can make each candidate the
/// scan finds decode this far again before it fails.
const LOOKBACK: usize = 256 * 1024;

/// Longest file name or comment accepted in a member header. File names are at most 255
/// bytes on common file systems; the cap keeps a scan through hostile bytes that look like
/// headers from searching far for each one's end.
const MAX_FIELD: usize = 1024;

/// Longest member header: the fixed part, the extra field (at most 65535 bytes and its
/// length), a name and a comment with their NULs, and the header CRC.
const MAX_HEADER: usize = 10 + 2 + 65535 + 2 * (MAX_FIELD + 1) + 2;

/// A candidate member found by the scan is confirmed when this much of its deflate data
/// (or all of it, if shorter) decodes without error. Random bytes fail as deflate data
/// within a few symbols (a distance that reaches before the start of the output, a code
/// that does not exist, a block type that does not exist), so a few hundred bytes leave
/// no doubt, and they keep the scan cheap however many candidates hostile bytes hold.
const PROBE_INPUT: usize = 256;

/// Output limit of the confirming decode, so that highly compressed data confirms fast too.
const PROBE_OUTPUT: usize = 4096;

const MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];
const FHCRC: u8 = 1 << 1;
const FEXTRA: u8 = 1 << 2;
const FNAME: u8 = 1 << 3;
const FCOMMENT: u8 = 1 << 4;
const RESERVED: u8 = 0xe0;

/// True for an error that a [`GzipReader`] returned for damage it has read past: reading
/// may go on, with the next member.
pub(crate) fn is_damage(err: &io::Error) -> bool {
    err.get_ref().is_some_and(|inner| inner.is::<Damage>())
}

/// What was wrong with a stretch of a gzip stream, where, and what was skipped.
#[derive(Debug)]
pub(crate) struct Damage {
    problem: Problem,
    /// Compressed byte offset of the damaged member, or of the first byte that is not one.
    at: u64,
    /// Compressed bytes passed over, from the start of the damage to where reading resumed
    /// (or to the end of the input).
    skipped: u64,
    /// Where reading resumed: the next member's offset, if one follows.
    resumed: Option<u64>,
}

#[derive(Debug)]
enum Problem {
    /// Bytes that are not a gzip member where one should start.
    NotGzip,
    /// A member header that does not parse.
    BadHeader(String),
    /// Deflate data that does not decode.
    Corrupt(String),
    /// A member whose data decoded but whose trailer does not match it.
    BadTrailer(&'static str),
    /// The next member starts where a member's trailer should be.
    NoTrailer,
    /// The input ends inside a member, or the member ends before its data does.
    Cut,
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.at;
        match &self.problem {
            Problem::NotGzip => write!(f, "bytes that are not gzip data at compressed byte {at}")?,
            Problem::BadHeader(why) => {
                write!(f, "bad gzip member header at compressed byte {at} ({why})")?
            }
            Problem::Corrupt(why) => write!(
                f,
                "corrupt gzip member at compressed byte {at} (deflate data: {why})"
            )?,
            Problem::BadTrailer(what) => write!(
                f,
                "gzip member at compressed byte {at} fails its check ({what}), so its data may be \
                 wrong"
            )?,
            Problem::NoTrailer => write!(
                f,
                "gzip member at compressed byte {at} has no trailer (another member starts where \
                 its checksum should be)"
            )?,
            Problem::Cut if self.resumed.is_some() => {
                write!(f, "gzip member at compressed byte {at} is cut short")?
            }
            Problem::Cut => write!(
                f,
                "the input ends inside the gzip member at compressed byte {at}"
            )?,
        }
        match self.resumed {
            // What is skipped is the garbage; a damaged member is lost whole anyway.
            Some(next) if matches!(self.problem, Problem::NotGzip) => write!(
                f,
                "; {} compressed bytes skipped to the next member at byte {next}",
                self.skipped
            ),
            Some(next) => write!(f, "; reading resumes at the next member, at byte {next}"),
            None if matches!(self.problem, Problem::Cut) => Ok(()),
            None => write!(
                f,
                "; no gzip member follows ({} compressed bytes skipped to the end)",
                self.skipped
            ),
        }
    }
}

impl std::error::Error for Damage {}

/// Where a [`GzipReader`] is in the current member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Header,
    Data,
    Trailer,
    Done,
}

/// The decompressed bytes of a gzip stream of any number of members, read past damage (see
/// the module documentation).
pub(crate) struct GzipReader<R> {
    window: Window<R>,
    /// Compressed offset of the next byte to decode.
    pos: u64,
    /// Compressed offset of the current member's header.
    member: u64,
    state: State,
    inflater: Decompress,
    crc: Crc,
    /// The inflater that confirms a member the scan found; made when first needed.
    probe: Option<Decompress>,
    magic: memmem::Finder<'static>,
}

impl<R: Read> GzipReader<R> {
    pub(crate) fn new(input: R) -> GzipReader<R> {
        GzipReader {
            window: Window::new(input),
            pos: 0,
            member: 0,
            state: State::Header,
            inflater: Decompress::new(false),
            crc: Crc::new(),
            probe: None,
            magic: memmem::Finder::new(&MAGIC),
        }
    }

    /// Reads the header of the member at `pos`, or finds that the input is over.
    fn start_member(&mut self) -> io::Result<()> {
        self.member = self.pos;
        let (bytes, _) = self.window.get(self.pos, MAX_HEADER, self.pos)?;
        if bytes.is_empty() {
            self.state = State::Done;
            return Ok(());
        }
        match parse_header(bytes) {
            Ok(length) => {
                self.pos += length as u64;
                self.inflater.reset(false);
                self.crc.reset();
                self.state = State::Data;
                Ok(())
            }
            Err(HeaderError::NotGzip) => Err(self.damage(Problem::NotGzip, self.pos, self.pos + 1)),
            Err(HeaderError::Short) => Err(self.damage(Problem::Cut, self.pos, self.pos + 1)),
            Err(HeaderError::Invalid(why)) => {
                Err(self.damage(Problem::BadHeader(why), self.pos, self.pos + 1))
            }
        }
    }

    /// Decodes member data into `out`; `None` when the member's data ended without output.
    fn inflate(&mut self, out: &mut [u8]) -> io::Result<Option<usize>> {
        let keep = self.member.max(self.pos.saturating_sub(LOOKBACK as u64));
        let mut want = 1;
        loop {
            let (input, ends) = self.window.get(self.pos, want, keep)?;
            let available = input.len();
            let (in_before, out_before) = (self.inflater.total_in(), self.inflater.total_out());
            let result = self.inflater.decompress(input, out, FlushDecompress::None);
            let consumed = (self.inflater.total_in() - in_before) as usize;
            let produced = (self.inflater.total_out() - out_before) as usize;
            self.pos += consumed as u64;
            match result {
                Err(err) => {
                    let why = err.message().unwrap_or("invalid data").to_owned();
                    return Err(self.damage(Problem::Corrupt(why), self.member, self.member + 1));
                }
                Ok(status) => {
                    self.crc.update(&out[..produced]);
                    if status == Status::StreamEnd {
                        self.state = State::Trailer;
                        return Ok((produced > 0).then_some(produced));
                    }
                    if produced > 0 {
                        return Ok(Some(produced));
                    }
                    if consumed > 0 {
                        want = 1;
                        continue;
                    }
                }
            }
            // No progress: the inflater needs more input than there is in memory.
            if ends {
                return Err(self.damage(Problem::Cut, self.member, self.member + 1));
            }
            if available >= LOOKBACK {
                // Cannot happen with a working inflater; never buffer without bound.
                let why = "the decoder makes no progress".to_owned();
                return Err(self.damage(Problem::Corrupt(why), self.member, self.member + 1));
            }
            want = available + 1;
        }
    }

    /// Checks the member's CRC-32 and size against what was decoded.
    fn check_trailer(&mut self) -> io::Result<()> {
        let (bytes, _) = self.window.get(self.pos, 8, self.member)?;
        if bytes.len() < 8 {
            return Err(self.damage(Problem::Cut, self.member, self.pos));
        }
        let crc = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        let size = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
        let problem = if bytes.starts_with(&MAGIC) && crc != self.crc.sum() {
            Problem::NoTrailer
        } else if crc != self.crc.sum() {
            Problem::BadTrailer("CRC-32 mismatch")
        } else if size != self.inflater.total_out() as u32 {
            Problem::BadTrailer("size mismatch")
        } else {
            self.pos += 8;
            self.state = State::Header;
            return Ok(());
        };
        // A member without its trailer ends where the next one starts. Otherwise the data that
        // decoded may have run on into the next members: a member cut short reads the bytes
        // after the cut as more deflate data until they happen to end a stream, and the CRC
        // shows it only then. So the next member is looked for from this one's start.
        let scan_from = match problem {
            Problem::NoTrailer => self.pos,
            _ => self.member + 1,
        };
        Err(self.damage(problem, self.pos, scan_from))
    }

    /// Scans from `scan_from` for the next member, moves there (or to the end), and returns
    /// the error that reports the damage; an I/O error of the input instead, if one occurs.
    fn damage(&mut self, problem: Problem, skip_from: u64, scan_from: u64) -> io::Error {
        let at = match problem {
            Problem::NotGzip => skip_from,
            _ => self.member,
        };
        let next = match self.scan(scan_from.max(self.window.base)) {
            Ok(next) => next,
            Err(err) => {
                self.state = State::Done;
                return err;
            }
        };
        let end = match next {
            Some(next) => {
                self.pos = next;
                self.state = State::Header;
                next
            }
            None => {
                self.pos = self.window.end();
                self.state = State::Done;
                self.pos
            }
        };
        let kind = match problem {
            Problem::Cut => io::ErrorKind::UnexpectedEof,
            _ => io::ErrorKind::InvalidData,
        };
        let damage = Damage {
            problem,
            at,
            skipped: end.saturating_sub(skip_from),
            resumed: next,
        };
        io::Error::new(kind, damage)
    }

    /// The offset of the first member at or after `from` that is confirmed by decoding, or
    /// `None` if the input ends first. Every byte is looked at as a candidate at most once
    /// per call, and calls never overlap (each starts past the member the last one found).
    fn scan(&mut self, from: u64) -> io::Result<Option<u64>> {
        let mut at = from;
        loop {
            let (bytes, ends) = self.window.get(at, MAGIC.len(), at)?;
            match self.magic.find(bytes) {
                Some(i) => {
                    let candidate = at + i as u64;
                    if self.confirm(candidate)? {
                        return Ok(Some(candidate));
                    }
                    at = candidate + 1;
                }
                None if ends => return Ok(None),
                // The last bytes may be the start of a header that continues.
                None => at += (bytes.len() - (MAGIC.len() - 1)) as u64,
            }
        }
    }

    /// Whether a member starts at `at`: its header parses and its data starts to decode.
    fn confirm(&mut self, at: u64) -> io::Result<bool> {
        let (bytes, _) = self.window.get(at, MAX_HEADER, at)?;
        let Ok(header) = parse_header(bytes) else {
            return Ok(false);
        };
        let data = at + header as u64;
        let (input, _) = self.window.get(data, PROBE_INPUT, at)?;
        let input = &input[..input.len().min(PROBE_INPUT)];
        let probe = self.probe.get_or_insert_with(|| Decompress::new(false));
        probe.reset(false);
        let mut scratch = [0; PROBE_OUTPUT];
        Ok(probe
            .decompress(input, &mut scratch, FlushDecompress::None)
            .is_ok())
    }
}

impl<R: Read> Read for GzipReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            match self.state {
                State::Done => return Ok(0),
                State::Header => self.start_member()?,
                State::Data => {
                    if let Some(produced) = self.inflate(out)? {
                        return Ok(produced);
                    }
                }
                State::Trailer => self.check_trailer()?,
            }
        }
    }
}

/// Why bytes are not a member header.
#[derive(Debug, PartialEq, Eq)]
enum HeaderError {
    /// Not even the magic number.
    NotGzip,
    /// The bytes end inside the header.
    Short,
    Invalid(String),
}

/// The length of the member header at the start of `bytes` (RFC 1952, section 2.3).
/// `bytes` holds at least [`MAX_HEADER`] bytes unless the input ends sooner.
fn parse_header(bytes: &[u8]) -> Result<usize, HeaderError> {
    if bytes.first().is_some_and(|&b| b != MAGIC[0]) || bytes.get(1).is_some_and(|&b| b != MAGIC[1])
    {
        return Err(HeaderError::NotGzip);
    }
    if bytes.len() < 10 {
        return Err(HeaderError::Short);
    }
    if bytes[2] != MAGIC[2] {
        let method = bytes[2];
        return Err(HeaderError::Invalid(format!(
            "compression method {method}, not deflate"
        )));
    }
    let flags = bytes[3];
    if flags & RESERVED != 0 {
        return Err(HeaderError::Invalid("reserved flags set".to_owned()));
    }
    let mut length = 10;
    if flags & FEXTRA != 0 {
        let size = bytes.get(length..length + 2).ok_or(HeaderError::Short)?;
        length += 2 + usize::from(u16::from_le_bytes([size[0], size[1]]));
    }
    for (flag, what) in [(FNAME, "file name"), (FCOMMENT, "comment")] {
        if flags & flag != 0 {
            let field = bytes.get(length..).ok_or(HeaderError::Short)?;
            let field = &field[..field.len().min(MAX_FIELD + 1)];
            match memchr::memchr(0, field) {
                Some(nul) => length += nul + 1,
                None if field.len() > MAX_FIELD => {
                    let why = format!("{what} longer than {MAX_FIELD} bytes");
                    return Err(HeaderError::Invalid(why));
                }
                None => return Err(HeaderError::Short),
            }
        }
    }
    if flags & FHCRC != 0 {
        let stored = bytes.get(length..length + 2).ok_or(HeaderError::Short)?;
        let stored = u16::from_le_bytes([stored[0], stored[1]]);
        let mut crc = Crc::new();
        crc.update(&bytes[..length]);
        if crc.sum() as u16 != stored {
            return Err(HeaderError::Invalid("header CRC mismatch".to_owned()));
        }
        length += 2;
    }
    if length > bytes.len() {
        return Err(HeaderError::Short);
    }
    Ok(length)
}

/// The compressed input, read in chunks, with what was read kept until the reader says it
/// is no longer needed (the scan after damage goes back to the damaged member's start).
struct Window<R> {
    input: R,
    /// `buf[..filled]` holds the input from offset `base` on.
    buf: Vec<u8>,
    filled: usize,
    base: u64,
    /// The input has ended: nothing follows `buf[..filled]`.
    ended: bool,
}

impl<R: Read> Window<R> {
    fn new(input: R) -> Window<R> {
        Window {
            input,
            buf: Vec::new(),
            filled: 0,
            base: 0,
            ended: false,
        }
    }

    /// Offset just past the bytes in memory.
    fn end(&self) -> u64 {
        self.base + self.filled as u64
    }

    /// The bytes in memory from offset `at` on, reading until there are at least `want` of
    /// them or the input ends; and whether it has ended (nothing follows them). Bytes
    /// before `keep` may be dropped. `keep <= at`, and `at` was not dropped before.
    fn get(&mut self, at: u64, want: usize, keep: u64) -> io::Result<(&[u8], bool)> {
        debug_assert!(keep <= at && self.base <= at && at <= self.end());
        let keep = keep.clamp(self.base, at);
        loop {
            let start = (at - self.base) as usize;
            if self.filled - start >= want || self.ended {
                return Ok((&self.buf[start..self.filled], self.ended));
            }
            self.read_more(keep)?;
        }
    }

    /// Reads one chunk of input (or finds its end), dropping bytes before `keep` to make
    /// room when that frees at least half of what is held, so that bytes are moved a
    /// bounded number of times.
    fn read_more(&mut self, keep: u64) -> io::Result<()> {
        if self.buf.len() - self.filled < CHUNK {
            let drop = (keep - self.base) as usize;
            if drop > 0 && drop >= self.filled / 2 {
                self.buf.copy_within(drop..self.filled, 0);
                self.filled -= drop;
                self.base = keep;
            }
            if self.buf.len() - self.filled < CHUNK {
                self.buf.resize(self.filled + CHUNK, 0);
            }
        }
        loop {
            match self.input.read(&mut self.buf[self.filled..]) {
                Ok(0) => {
                    self.ended = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.filled += n;
                    return Ok(());
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
    }
}

#[cfg(test)]
mod tests {
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
        let fake: Vec<u8> =
            [0x1f, 0x8b, 8, FNAME, 0, 0, 0, 0, 0, 3, b'n', 0, 0xff, 0xff].repeat(5000);
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
}
