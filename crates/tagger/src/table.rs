//! A small open-addressing hash table from already-hashed `u64` keys to copyable values.

/// Maps well-mixed, non-zero `u64` keys to values. Built once, then read-only.
#[derive(Clone, Debug)]
pub(crate) struct KeyTable<V> {
    /// `(key, value)` slots; key 0 marks an empty slot. Length is a power of two.
    slots: Vec<(u64, V)>,
    mask: usize,
}

impl<V: Copy + Default> KeyTable<V> {
    /// A table holding `pairs`, whose keys must be distinct and non-zero.
    pub fn new(pairs: &[(u64, V)]) -> KeyTable<V> {
        let cap = (pairs.len() * 2 + 1).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![(0u64, V::default()); cap];
        for &(key, value) in pairs {
            let mut i = key as usize & mask;
            while slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (key, value);
        }
        KeyTable { slots, mask }
    }

    /// Asks the CPU to start loading the slot where the search for `key` starts.
    #[inline(always)]
    pub fn prefetch(&self, key: u64) {
        whosaid_modelfile::prefetch(self.slots.as_ptr().wrapping_add(key as usize & self.mask));
    }

    /// The value of `key`, if it is in the table.
    #[inline]
    pub fn get(&self, key: u64) -> Option<V> {
        let mut i = key as usize & self.mask;
        loop {
            let (k, v) = self.slots[i];
            if k == key {
                return Some(v);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

impl<V: Copy + Default> Default for KeyTable<V> {
    fn default() -> KeyTable<V> {
        KeyTable::new(&[])
    }
}
