//! Byte offsets to char offsets.
//!
//! whosaid works on byte offsets internally (they slice `&str` for free) but reports char
//! offsets, the convention of PolNeAR and Citron. Storing a char offset per byte would cost four
//! times the text, so this keeps one count per block of bytes and counts the rest on demand.

/// Converts byte offsets of one text into char offsets.
#[derive(Clone, Debug)]
pub struct CharIndex<'a> {
    text: &'a str,
    /// `chars_before_block[k]` is the number of chars in `text[..k * BLOCK]`, where every block
    /// start is moved back to the nearest char boundary.
    chars_before_block: Vec<usize>,
    block_starts: Vec<usize>,
}

const BLOCK: usize = 256;

impl<'a> CharIndex<'a> {
    /// The index of `text`, built in one pass.
    pub fn new(text: &'a str) -> CharIndex<'a> {
        let blocks = text.len() / BLOCK + 1;
        let mut chars_before_block = Vec::with_capacity(blocks);
        let mut block_starts = Vec::with_capacity(blocks);
        let mut chars = 0;
        let mut previous = 0;
        for k in 0..blocks {
            let mut start = (k * BLOCK).min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            chars += text[previous..start].chars().count();
            chars_before_block.push(chars);
            block_starts.push(start);
            previous = start;
        }
        CharIndex {
            text,
            chars_before_block,
            block_starts,
        }
    }

    /// The char offset of `byte`, which must lie on a char boundary of the text (or at its end).
    pub fn char_offset(&self, byte: usize) -> usize {
        debug_assert!(self.text.is_char_boundary(byte));
        let mut k = byte / BLOCK;
        while self.block_starts[k] > byte {
            k -= 1;
        }
        self.chars_before_block[k] + self.text[self.block_starts[k]..byte].chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_bytes() {
        let index = CharIndex::new("hello world");
        assert_eq!(index.char_offset(0), 0);
        assert_eq!(index.char_offset(6), 6);
        assert_eq!(index.char_offset(11), 11);
    }

    #[test]
    fn multibyte_offsets_count_chars() {
        let text = "“Ruß” 😀 é";
        let index = CharIndex::new(text);
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_offset(byte), chars);
        }
        assert_eq!(index.char_offset(text.len()), text.chars().count());
    }

    #[test]
    fn offsets_across_many_blocks() {
        let text = "ab€😀\u{301}".repeat(500);
        let index = CharIndex::new(&text);
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_offset(byte), chars);
        }
        assert_eq!(index.char_offset(text.len()), text.chars().count());
    }
}
