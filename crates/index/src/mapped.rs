//! A hash map from `u32` to `u32` kept in a file mapped into memory.
//!
//! This is for the table of LSH band keys of an index writer's quote groups ([`crate::quotes`]):
//! every new quote looks up and inserts 64 band keys at random, so the table must answer at the
//! speed of memory, yet it grows with the corpus and rebuilding it from the documents whenever
//! a writer opens costs time in the size of the index. Kept in a file beside the index, it
//! opens in constant time and the kernel pages in only what a batch touches.
//!
//! The file says whether it can be trusted. Its header holds a clean flag and a stamp: the
//! writer marks the map dirty before its first change and clean, with the stamp of the commit
//! it then matches (tantivy's opstamp), when it is done: writing the pages out at every commit
//! would cost time in the size of the table, not of the batch. A map that opens clean with
//! the stamp of the index's last commit describes it; any other (dirty because a writer died
//! while changing it, another stamp, a damaged file) is rebuilt by the caller. That is why
//! [`MappedMap::open`] answers `None` rather than an error for anything but a failure to read.
//!
//! The table is open addressing with linear probing: a lookup reads one or two neighbouring
//! slots, mostly in one page, where chaining or a tree would follow pointers across pages of
//! a file that may not be in memory. Deletion shifts the entries that follow back into the
//! hole (no tombstones), so the table never fills with the dead and a lookup of an absent key
//! stops at the first empty slot. The table doubles when it would be more than half full,
//! which keeps probe sequences short and costs amortised constant time per insert.

use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, RandomState};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use memmap2::{MmapMut, MmapOptions};

/// The file's first bytes.
const MAGIC: [u8; 8] = *b"WSMAPPED";
/// The file format's version: a change of the layout or of [`slot_of`] must change it.
const VERSION: u32 = 1;
/// Bytes of the header, before the slots.
///
/// Layout, little-endian: magic (8 bytes), version (u32), state (u32, [`CLEAN`] or
/// [`DIRTY`]), capacity (u64, slots), len (u64, entries), stamp (u64), seed (u64), then zeros.
const HEADER: usize = 64;
/// Bytes of a slot: the key, then the value plus one, both `u32`. A slot whose second word is
/// 0 is empty, so that zeroed memory is an empty table whatever keys it will hold.
const SLOT: usize = 8;
/// Slots of a new map: small enough that an empty index costs little, large enough that the
/// first batch does not double it many times.
const INITIAL_CAPACITY: usize = 1024;
/// A header state: the slots may differ from what was last marked clean.
const DIRTY: u32 = 0;
/// A header state: the slots are those the stamp describes.
const CLEAN: u32 = 1;
/// The one value a map cannot hold, since slots store `value + 1`.
pub(crate) const RESERVED_VALUE: u32 = u32::MAX;

/// A hash map from `u32` to `u32` in fixed-size slots of a file mapped into memory (or of
/// anonymous memory), with a header that says whether the file matches a commit.
///
/// Keys may be any `u32`; values any but [`RESERVED_VALUE`]. The file must be private to one
/// writer: nothing else may change it while it is mapped. A change to a map that is clean
/// (opened, or marked clean, and not marked dirty since) is a bug, which debug builds catch:
/// the file would claim a commit it no longer matches.
pub(crate) struct MappedMap {
    map: MmapMut,
    /// The file, or none for anonymous memory.
    path: Option<PathBuf>,
    /// Slots, a power of two.
    capacity: usize,
    /// Entries, at most half of `capacity`.
    len: usize,
    /// Mixed into every key's slot, so that which keys collide differs between files and cannot
    /// be chosen by whoever writes the articles the band keys come from.
    seed: u64,
    /// Whether the header on disk is known to say dirty: only then may slots change.
    dirty: bool,
}

/// Where a probe for a key ended.
enum Probe {
    /// At the key's slot, with its value.
    Found(usize, u32),
    /// At the empty slot that ends the key's probe sequence.
    Vacant(usize),
    /// Nowhere: no slot is empty. Only a damaged file gets there.
    Full,
}

impl MappedMap {
    /// An empty map in anonymous memory (no file), for tests and indexes held in RAM.
    ///
    /// # Panics
    ///
    /// If the system has no memory for it, as an allocation would.
    pub fn in_memory() -> MappedMap {
        MappedMap::new(None, INITIAL_CAPACITY).expect("memory for an empty map")
    }

    /// An empty map in a new file at `path` (replacing any file there). The map is dirty until
    /// [`MappedMap::mark_clean`].
    pub fn create(path: &Path) -> io::Result<MappedMap> {
        MappedMap::new(Some(path), INITIAL_CAPACITY)
    }

    /// The map saved at `path` by an earlier `create` + `mark_clean`, with the stamp it was
    /// marked clean with; `Ok(None)` if the file is missing, too short, has a wrong magic or
    /// version, a size that does not match its header, or is marked dirty (a writer died while
    /// changing it). The map opens clean: call [`MappedMap::mark_dirty`] before changing it.
    ///
    /// This takes constant time, so it cannot check the slots: every header field is checked
    /// against the file's length, and lookups in slots damaged behind a valid header give wrong
    /// answers but neither panic nor hang.
    pub fn open(path: &Path) -> io::Result<Option<(MappedMap, u64)>> {
        let file = match OpenOptions::new().read(true).write(true).open(path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err),
        };
        let Ok(size) = usize::try_from(file.metadata()?.len()) else {
            return Ok(None);
        };
        if size < HEADER {
            return Ok(None);
        }
        // SAFETY: the file is private to the index writer, which holds tantivy's writer lock,
        // so nothing else changes or truncates it while it is mapped.
        let map = unsafe { MmapOptions::new().len(size).map_mut(&file)? };
        let Some(header) = Header::read(&map) else {
            return Ok(None);
        };
        if header.state != CLEAN {
            return Ok(None);
        }
        let Ok(capacity) = usize::try_from(header.capacity) else {
            return Ok(None);
        };
        // A power of two, since slots are found by masking, and exactly what the file holds,
        // since every slot index is trusted from here on.
        if !capacity.is_power_of_two() || mapping_size(capacity) != Some(size) {
            return Ok(None);
        }
        let Ok(len) = usize::try_from(header.len) else {
            return Ok(None);
        };
        if len > capacity / 2 {
            return Ok(None);
        }
        let map = MappedMap {
            map,
            path: Some(path.to_path_buf()),
            capacity,
            len,
            seed: header.seed,
            dirty: false,
        };
        Ok(Some((map, header.stamp)))
    }

    /// The value of `key`, if it has one.
    pub fn get(&self, key: u32) -> Option<u32> {
        match self.probe(key) {
            Probe::Found(_, value) => Some(value),
            Probe::Vacant(_) | Probe::Full => None,
        }
    }

    /// Inserts or replaces; returns the previous value. Fails with
    /// [`io::ErrorKind::InvalidInput`] for [`RESERVED_VALUE`], and with the error of growing
    /// the file (a full disk) otherwise; the map is unchanged then.
    pub fn insert(&mut self, key: u32, value: u32) -> io::Result<Option<u32>> {
        if value == RESERVED_VALUE {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a mapped map cannot hold the value u32::MAX",
            ));
        }
        debug_assert!(self.dirty, "a clean map changed without mark_dirty");
        // At most twice round: growing leaves the table at most half full, with room for one
        // more entry, unless the file was damaged, and growing again then settles that.
        loop {
            match self.probe(key) {
                Probe::Found(slot, previous) => {
                    self.write_slot(slot, key, value);
                    return Ok(Some(previous));
                }
                Probe::Vacant(slot) if self.len < self.capacity / 2 => {
                    self.write_slot(slot, key, value);
                    self.len += 1;
                    return Ok(None);
                }
                Probe::Vacant(_) | Probe::Full => self.grow()?,
            }
        }
    }

    /// Removes `key`; returns its value, if it had one.
    pub fn remove(&mut self, key: u32) -> Option<u32> {
        debug_assert!(self.dirty, "a clean map changed without mark_dirty");
        let Probe::Found(mut hole, value) = self.probe(key) else {
            return None;
        };
        let mask = self.capacity - 1;
        let mut next = hole;
        // Bounded for a damaged file with no empty slot; a table this module wrote stops at
        // the empty slot that ends the cluster.
        for _ in 1..self.capacity {
            next = (next + 1) & mask;
            let Some((moved, _)) = self.read_slot(next) else {
                break;
            };
            // An entry may fill the hole only if the hole lies on its probe path, between its
            // home slot and where it is: any earlier and lookups would start past it.
            let home = slot_of(moved, self.seed, mask);
            if next.wrapping_sub(home) & mask >= next.wrapping_sub(hole) & mask {
                let from = HEADER + next * SLOT;
                self.map
                    .copy_within(from..from + SLOT, HEADER + hole * SLOT);
                hole = next;
            }
        }
        let at = HEADER + hole * SLOT;
        self.map[at..at + SLOT].fill(0);
        // Saturating for a damaged file whose header counts fewer entries than its slots hold.
        self.len = self.len.saturating_sub(1);
        Some(value)
    }

    /// Entries in the map.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Marks the file as being changed (writes and flushes the header's dirty flag); call
    /// before the first change after a clean point. Cheap if already dirty.
    pub fn mark_dirty(&mut self) -> io::Result<()> {
        if self.dirty {
            return Ok(());
        }
        self.write_header(DIRTY, 0);
        // Only once the dirty header is on disk may slots change: the kernel writes pages
        // back in any order, and a clean header on disk over changed slots would be believed.
        self.flush(0, HEADER)?;
        self.dirty = true;
        Ok(())
    }

    /// Flushes all slots to disk, then writes the header with `stamp` and the clean flag and
    /// flushes it.
    pub fn mark_clean(&mut self, stamp: u64) -> io::Result<()> {
        // The slots must be on disk before a header that vouches for them.
        self.flush(0, self.map.len())?;
        self.write_header(CLEAN, stamp);
        // The kernel may write the clean header out from now on, whether or not the flush
        // below succeeds, so a change must mark the map dirty again first.
        self.dirty = false;
        self.flush(0, HEADER)
    }

    /// An empty map of `capacity` slots, in a new file at `path` or in anonymous memory.
    fn new(path: Option<&Path>, capacity: usize) -> io::Result<MappedMap> {
        let seed = RandomState::new().hash_one(0u64);
        let map = new_mapping(path, capacity, seed)?;
        Ok(MappedMap {
            map,
            path: path.map(Path::to_path_buf),
            capacity,
            len: 0,
            seed,
            dirty: true,
        })
    }

    /// Doubles the table. A file is rebuilt beside the old one and renamed over it, so that
    /// the old file stays whole until the new one is: a failure (a full disk) leaves the map
    /// as it was.
    fn grow(&mut self) -> io::Result<()> {
        let capacity = self
            .capacity
            .checked_mul(2)
            .ok_or_else(|| io::Error::new(io::ErrorKind::OutOfMemory, "a mapped map too large"))?;
        let grow_path = self.path.as_deref().map(|path| {
            let mut name = path.as_os_str().to_owned();
            name.push(".grow");
            PathBuf::from(name)
        });
        let grown = self
            .rehashed(grow_path.as_deref(), capacity)
            .and_then(|grown| {
                if let (Some(from), Some(to)) = (&grow_path, &self.path) {
                    // No flush before or directory sync after: the new file's header says dirty,
                    // so whether a crash leaves the old file or the new one, in whatever state,
                    // `open` refuses it, and `mark_clean` flushes all of it later.
                    fs::rename(from, to)?;
                }
                Ok(grown)
            });
        match grown {
            Ok(grown) => {
                *self = grown;
                Ok(())
            }
            Err(err) => {
                if let Some(grow_path) = grow_path {
                    // Best effort: a leftover is replaced by the next growth anyway.
                    let _ = fs::remove_file(grow_path);
                }
                Err(err)
            }
        }
    }

    /// A copy of the map with `capacity` slots, in a new file at `path` or in anonymous
    /// memory.
    fn rehashed(&self, path: Option<&Path>, capacity: usize) -> io::Result<MappedMap> {
        let mut grown = MappedMap {
            map: new_mapping(path, capacity, self.seed)?,
            path: self.path.clone(),
            capacity,
            len: 0,
            seed: self.seed,
            dirty: self.dirty,
        };
        for slot in self.map[HEADER..].chunks_exact(SLOT) {
            if read_u32(slot, 4) == 0 {
                continue;
            }
            // Probed rather than placed, since a damaged file may hold a key twice; counted
            // afresh, since its header may not count what its slots hold.
            match grown.probe(read_u32(slot, 0)) {
                Probe::Found(at, _) => grown.copy_slot_in(at, slot),
                Probe::Vacant(at) => {
                    grown.copy_slot_in(at, slot);
                    grown.len += 1;
                }
                Probe::Full => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "a mapped map with more entries than slots",
                    ))
                }
            }
        }
        Ok(grown)
    }

    /// Where the probe sequence for `key` ends.
    fn probe(&self, key: u32) -> Probe {
        let mask = self.capacity - 1;
        let mut slot = slot_of(key, self.seed, mask);
        // Bounded for a damaged file with no empty slot; a table this module wrote is at
        // most half full, and its probe sequences end at an empty slot after a few steps.
        for _ in 0..self.capacity {
            match self.read_slot(slot) {
                None => return Probe::Vacant(slot),
                Some((found, value)) if found == key => return Probe::Found(slot, value),
                Some(_) => slot = (slot + 1) & mask,
            }
        }
        Probe::Full
    }

    /// The entry in slot `slot`, if it holds one.
    fn read_slot(&self, slot: usize) -> Option<(u32, u32)> {
        let at = HEADER + slot * SLOT;
        let bytes = &self.map[at..at + SLOT];
        let stored = read_u32(bytes, 4);
        (stored != 0).then(|| (read_u32(bytes, 0), stored - 1))
    }

    /// Puts an entry in slot `slot`; `value` is not [`RESERVED_VALUE`].
    fn write_slot(&mut self, slot: usize, key: u32, value: u32) {
        let at = HEADER + slot * SLOT;
        self.map[at..at + 4].copy_from_slice(&key.to_le_bytes());
        self.map[at + 4..at + SLOT].copy_from_slice(&(value + 1).to_le_bytes());
    }

    /// Copies the bytes of a slot of another table into slot `slot`.
    fn copy_slot_in(&mut self, slot: usize, bytes: &[u8]) {
        let at = HEADER + slot * SLOT;
        self.map[at..at + SLOT].copy_from_slice(bytes);
    }

    fn write_header(&mut self, state: u32, stamp: u64) {
        Header {
            state,
            capacity: self.capacity as u64,
            len: self.len as u64,
            stamp,
            seed: self.seed,
        }
        .write(&mut self.map);
    }

    /// Flushes a byte range of a file's mapping to disk; nothing for anonymous memory.
    fn flush(&self, offset: usize, len: usize) -> io::Result<()> {
        match self.path {
            Some(_) => self.map.flush_range(offset, len),
            None => Ok(()),
        }
    }
}

/// The header's fields after the magic and version.
struct Header {
    state: u32,
    capacity: u64,
    len: u64,
    stamp: u64,
    seed: u64,
}

impl Header {
    /// The header at the start of `bytes`, if it has this module's magic and version; the
    /// other fields are the caller's to check.
    fn read(bytes: &[u8]) -> Option<Header> {
        let bytes = bytes.get(..HEADER)?;
        if bytes[..8] != MAGIC || read_u32(bytes, 8) != VERSION {
            return None;
        }
        Some(Header {
            state: read_u32(bytes, 12),
            capacity: read_u64(bytes, 16),
            len: read_u64(bytes, 24),
            stamp: read_u64(bytes, 32),
            seed: read_u64(bytes, 40),
        })
    }

    fn write(&self, bytes: &mut [u8]) {
        let header = &mut bytes[..HEADER];
        header[..8].copy_from_slice(&MAGIC);
        header[8..12].copy_from_slice(&VERSION.to_le_bytes());
        header[12..16].copy_from_slice(&self.state.to_le_bytes());
        header[16..24].copy_from_slice(&self.capacity.to_le_bytes());
        header[24..32].copy_from_slice(&self.len.to_le_bytes());
        header[32..40].copy_from_slice(&self.stamp.to_le_bytes());
        header[40..48].copy_from_slice(&self.seed.to_le_bytes());
        header[48..].fill(0);
    }
}

/// A zeroed mapping for `capacity` slots with a dirty header, over a new file at `path`
/// (replacing any there) or in anonymous memory.
fn new_mapping(path: Option<&Path>, capacity: usize, seed: u64) -> io::Result<MmapMut> {
    let size = mapping_size(capacity)
        .ok_or_else(|| io::Error::new(io::ErrorKind::OutOfMemory, "a mapped map too large"))?;
    let mut map = match path {
        None => MmapMut::map_anon(size)?,
        Some(path) => {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(true)
                .open(path)?;
            write_zeros(&mut file, size)?;
            // SAFETY: the file is private to the index writer, which holds tantivy's writer
            // lock, so nothing else changes or truncates it while it is mapped.
            unsafe { MmapOptions::new().len(size).map_mut(&file)? }
        }
    };
    Header {
        state: DIRTY,
        capacity: capacity as u64,
        len: 0,
        stamp: 0,
        seed,
    }
    .write(&mut map);
    Ok(map)
}

/// Fills a new file with `size` zero bytes.
///
/// A file made with `set_len` alone is sparse: its blocks are allocated only when the kernel
/// writes back the pages stored into through the mapping, and on a full disk that shows as a
/// SIGBUS at some later store into the map, killing the process. Writing the zeros has the
/// filesystem allocate the blocks now, so a full disk is an error here, at `create` or when
/// growing, that the writer can report. (A copy-on-write filesystem allocates again on every
/// write back; there this only makes the failure less likely.)
fn write_zeros(file: &mut File, size: usize) -> io::Result<()> {
    let zeros = vec![0u8; size.min(1 << 16)];
    let mut left = size;
    while left > 0 {
        let chunk = left.min(zeros.len());
        file.write_all(&zeros[..chunk])?;
        left -= chunk;
    }
    Ok(())
}

/// Bytes of a mapping with `capacity` slots, if that fits in memory.
fn mapping_size(capacity: usize) -> Option<usize> {
    capacity.checked_mul(SLOT)?.checked_add(HEADER)
}

/// The home slot of `key`, under a mask of the capacity.
///
/// The SplitMix64 finaliser: band keys are hashes already, but keys in general may be
/// clustered (consecutive, or sharing their low bits), and linear probing turns clusters of
/// home slots into long probe sequences.
fn slot_of(key: u32, seed: u64, mask: usize) -> usize {
    let mut z = (u64::from(key) ^ seed).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    // Truncating is fine: only the bits under the mask count.
    (z ^ (z >> 31)) as usize & mask
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn read_u64(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// SplitMix64: deterministic, and enough for choosing operations.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }

        fn below(&mut self, bound: u64) -> u64 {
            self.next() % bound
        }

        /// Any value a map can hold.
        fn value(&mut self) -> u32 {
            (self.next() % u64::from(RESERVED_VALUE)) as u32
        }
    }

    /// Draws a key.
    type KeyOf = fn(&mut Rng) -> u32;

    fn assert_same(map: &MappedMap, oracle: &HashMap<u32, u32>) {
        assert_eq!(map.len(), oracle.len());
        for (&key, &value) in oracle {
            assert_eq!(map.get(key), Some(value), "key {key}");
        }
    }

    /// Random inserts, replacements, removals and lookups, checked against a `HashMap`:
    /// keys from a small range (most operations hit present keys, clusters form and shift),
    /// keys sharing their low bits, and keys from the whole range.
    fn exercise(map: &mut MappedMap, oracle: &mut HashMap<u32, u32>, seed: u64) {
        let mut rng = Rng(seed);
        let ranges: [(&str, KeyOf); 3] = [
            ("small", |rng| rng.below(3000) as u32),
            ("low bits shared", |rng| (rng.below(4096) as u32) << 20),
            ("full", |rng| rng.next() as u32),
        ];
        for (name, key_of) in ranges {
            for op in 0..100_000 {
                let key = key_of(&mut rng);
                match rng.below(8) {
                    0..=3 => {
                        let value = rng.value();
                        let previous = map.insert(key, value).unwrap();
                        assert_eq!(previous, oracle.insert(key, value), "{name}: insert {key}");
                    }
                    4..=5 => assert_eq!(map.remove(key), oracle.remove(&key), "{name}: {key}"),
                    _ => assert_eq!(map.get(key), oracle.get(&key).copied(), "{name}: {key}"),
                }
                assert_eq!(map.len(), oracle.len());
                assert!(map.len() <= map.capacity / 2);
                if op % 20_000 == 0 {
                    assert_same(map, oracle);
                }
            }
            assert_same(map, oracle);
        }
        // Many removals in a row, down to a few: backward shifts through long runs.
        let keys: Vec<u32> = oracle.keys().copied().collect();
        for &key in &keys[..keys.len() - 100] {
            assert_eq!(map.remove(key), oracle.remove(&key));
            assert_eq!(map.get(key), None);
        }
        assert_same(map, oracle);
    }

    #[test]
    fn mapped_in_memory_matches_a_hash_map() {
        let mut map = MappedMap::in_memory();
        let mut oracle = HashMap::new();
        exercise(&mut map, &mut oracle, 1);
        // From 1024 slots, doubling at least five times.
        assert!(map.capacity >= INITIAL_CAPACITY << 5, "{}", map.capacity);
    }

    #[test]
    fn mapped_file_matches_a_hash_map_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bands");
        let mut map = MappedMap::create(&path).unwrap();
        let mut oracle = HashMap::new();
        exercise(&mut map, &mut oracle, 2);
        assert!(map.capacity >= INITIAL_CAPACITY << 5, "{}", map.capacity);
        map.mark_clean(42).unwrap();
        drop(map);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no .grow file left"
        );

        let (mut map, stamp) = MappedMap::open(&path).unwrap().unwrap();
        assert_eq!(stamp, 42);
        assert_same(&map, &oracle);
        map.mark_dirty().unwrap();
        exercise(&mut map, &mut oracle, 3);
        map.mark_clean(43).unwrap();
        drop(map);
        let (map, stamp) = MappedMap::open(&path).unwrap().unwrap();
        assert_eq!(stamp, 43);
        assert_same(&map, &oracle);
    }

    #[test]
    fn mapped_keys_zero_and_max() {
        let mut map = MappedMap::in_memory();
        for key in [0, u32::MAX] {
            assert_eq!(map.get(key), None);
            assert_eq!(map.insert(key, 0).unwrap(), None);
            assert_eq!(map.get(key), Some(0));
            assert_eq!(map.insert(key, u32::MAX - 1).unwrap(), Some(0));
            assert_eq!(map.get(key), Some(u32::MAX - 1));
        }
        assert_eq!(map.len(), 2);
        let err = map.insert(0, RESERVED_VALUE).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(map.get(0), Some(u32::MAX - 1));
        assert_eq!(map.remove(0), Some(u32::MAX - 1));
        assert_eq!(map.remove(0), None);
        assert_eq!(map.get(0), None);
        assert_eq!(map.get(u32::MAX), Some(u32::MAX - 1));
        assert_eq!(map.len(), 1);
    }

    #[test]
    fn mapped_is_send_and_sync() {
        fn send_and_sync<T: Send + Sync>() {}
        send_and_sync::<MappedMap>();
    }

    /// A file marked clean with stamp 7 holding 500 entries, and the entries.
    fn saved(path: &Path) -> HashMap<u32, u32> {
        let mut map = MappedMap::create(path).unwrap();
        let entries: HashMap<u32, u32> = (0..500).map(|n| (n * 7919, n)).collect();
        for (&key, &value) in &entries {
            map.insert(key, value).unwrap();
        }
        map.mark_clean(7).unwrap();
        entries
    }

    #[test]
    fn mapped_opens_clean_and_refuses_dirty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bands");
        assert!(MappedMap::open(&path).unwrap().is_none(), "missing");

        let entries = saved(&path);
        let (mut map, stamp) = MappedMap::open(&path).unwrap().unwrap();
        assert_eq!(stamp, 7);
        assert_same(&map, &entries);
        // A writer that dies after marking the map dirty, whether or not it changed it.
        map.mark_dirty().unwrap();
        drop(map);
        assert!(MappedMap::open(&path).unwrap().is_none(), "dirty");

        saved(&path);
        let (mut map, _) = MappedMap::open(&path).unwrap().unwrap();
        map.mark_dirty().unwrap();
        map.insert(1, 1).unwrap();
        drop(map);
        assert!(MappedMap::open(&path).unwrap().is_none(), "changed");

        // Never marked clean.
        let mut map = MappedMap::create(&path).unwrap();
        map.insert(1, 1).unwrap();
        drop(map);
        assert!(MappedMap::open(&path).unwrap().is_none(), "new");
    }

    #[test]
    fn mapped_refuses_damaged_files_without_panicking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bands");
        saved(&path);
        let good = fs::read(&path).unwrap();
        let opens = |bytes: &[u8]| {
            fs::write(&path, bytes).unwrap();
            MappedMap::open(&path).unwrap()
        };
        assert!(opens(&good).is_some());

        for len in [
            0,
            1,
            8,
            HEADER - 1,
            HEADER,
            HEADER + 8,
            good.len() - 8,
            good.len() - 1,
        ] {
            assert!(opens(&good[..len]).is_none(), "truncated to {len}");
        }
        for extra in [1, 8, SLOT * INITIAL_CAPACITY] {
            let mut longer = good.clone();
            longer.resize(good.len() + extra, 0);
            assert!(opens(&longer).is_none(), "{extra} bytes longer");
        }

        let mut rng = Rng(4);
        for _ in 0..100 {
            let mut bytes = good.clone();
            bytes[..HEADER].fill_with(|| rng.next() as u8);
            assert!(opens(&bytes).is_none(), "garbage header");
            let len = rng.below(3 * HEADER as u64) as usize;
            let garbage: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            assert!(opens(&garbage).is_none(), "garbage of {len} bytes");
        }

        // Every header byte damaged: up to the stamp, each is refused but one; the stamp, seed
        // and reserved bytes are not checked, and the map opens, answering without panicking.
        for at in 0..HEADER {
            let mut bytes = good.clone();
            bytes[at] ^= 0xff;
            match opens(&bytes) {
                // The len's low byte flipped (500 to 267) still fits the capacity.
                None => assert!(at < 32 && at != 24, "byte {at}"),
                Some((mut map, stamp)) => {
                    assert!(at >= 32 || at == 24, "byte {at}");
                    assert_eq!(stamp == 7, !(32..40).contains(&at), "byte {at}");
                    map.mark_dirty().unwrap();
                    for key in 0..2000 {
                        map.get(key);
                        map.insert(key, key).unwrap();
                        map.remove(key / 2);
                    }
                }
            }
        }

        // Headers that are well formed but do not fit the file.
        let header = |state, capacity, len| {
            let mut bytes = good.clone();
            Header {
                state,
                capacity,
                len,
                stamp: 7,
                seed: 0,
            }
            .write(&mut bytes);
            bytes
        };
        let capacity = INITIAL_CAPACITY as u64;
        assert!(opens(&header(CLEAN, capacity, 500)).is_some());
        assert!(opens(&header(CLEAN, capacity, capacity / 2)).is_some());
        assert!(opens(&header(CLEAN, capacity, capacity / 2 + 1)).is_none());
        assert!(opens(&header(CLEAN, capacity, u64::MAX)).is_none());
        assert!(opens(&header(DIRTY, capacity, 500)).is_none());
        assert!(opens(&header(2, capacity, 500)).is_none());
        for capacity in [0, 1, 512, 2048, 1023, 1 << 61, u64::MAX, u64::MAX / 8 + 1] {
            assert!(opens(&header(CLEAN, capacity, 0)).is_none(), "{capacity}");
        }
        let mut other_version = good.clone();
        other_version[8..12].copy_from_slice(&(VERSION + 1).to_le_bytes());
        assert!(opens(&other_version).is_none());
        // A capacity that is not a power of two, with a length that fits it.
        let mut odd = header(CLEAN, 1000, 0);
        odd.truncate(HEADER + 1000 * SLOT);
        assert!(opens(&odd).is_none());
    }

    #[test]
    fn mapped_survives_damaged_slots() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bands");
        saved(&path);
        let good = fs::read(&path).unwrap();
        // Every slot full (no empty slot ends a probe), then random slots: the header cannot
        // show either, and the map must neither hang nor panic.
        let mut rng = Rng(5);
        for fill in 0..3 {
            let mut bytes = good.clone();
            match fill {
                0 => bytes[HEADER..].fill(0xab),
                1 => bytes[HEADER..].fill_with(|| rng.next() as u8),
                _ => {
                    for slot in bytes[HEADER..].chunks_exact_mut(SLOT) {
                        slot.copy_from_slice(&[1, 0, 0, 0, 1, 0, 0, 0]);
                    }
                }
            }
            fs::write(&path, &bytes).unwrap();
            let (mut map, _) = MappedMap::open(&path).unwrap().unwrap();
            map.mark_dirty().unwrap();
            for _ in 0..3000 {
                let key = rng.next() as u32;
                map.get(key);
                map.insert(key, 1).unwrap();
                assert_eq!(map.get(key), Some(1));
                map.remove(rng.next() as u32);
            }
            map.mark_clean(8).unwrap();
        }
    }

    #[test]
    fn mapped_grows_in_place_of_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bands");
        let mut map = MappedMap::create(&path).unwrap();
        for key in 0..5000 {
            map.insert(key, key).unwrap();
        }
        assert_eq!(map.capacity, 16384);
        let size = fs::metadata(&path).unwrap().len();
        assert_eq!(size, (HEADER + 16384 * SLOT) as u64);
        drop(map);
        // Grown but never marked clean.
        assert!(MappedMap::open(&path).unwrap().is_none());
    }
}
