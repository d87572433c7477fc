//! Many short texts in one contiguous arena, each found again by its number (a row's, a distinct text's):
//! a word is one `memmem` pass over all of them, each hit mapped back to its number. The rows' fixed search
//! texts (`search::RowTexts`), their notes and the distinct goods and addresses (`numbered`) are kept so.

use memchr::memmem::Finder;
use std::collections::HashMap;
use std::ops::Range;

/// Row `i`'s text is `bytes[ends[i - 1]..ends[i]]`, unless it was replaced since (`moved`). Five bytes a
/// row beside the text itself, instead of a boxed string (16 bytes, an allocation) per row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchTexts {
    bytes: String,
    ends: Vec<u32>,
    /// Rows whose text changed after it entered `bytes`: their span there is dead (a tombstone, skipped
    /// by searches) until `compact` drops it.
    moved: HashMap<u32, Box<str>>,
}

impl SearchTexts {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The arena's size in bytes (text, ends, replaced texts), for the benchmarks.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
            + self.ends.capacity() * 4
            + self.moved.values().map(|t| t.len() + 32).sum::<usize>()
    }

    /// Gives back the room grown past what the texts need.
    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// Adds the text of the next row.
    pub fn push(&mut self, text: &str) {
        let row = self.ends.len() as u32;
        match u32::try_from(self.bytes.len() + text.len()) {
            Ok(end) => {
                self.bytes.push_str(text);
                self.ends.push(end);
            }
            // Past 4 GB of text (never in practice): kept apart rather than lost.
            Err(_) => {
                self.ends.push(self.ends.last().copied().unwrap_or(0));
                self.moved.insert(row, text.into());
            }
        }
    }

    /// The text of row `i` (empty past the end).
    pub fn get(&self, i: usize) -> &str {
        if let Some(t) = self.moved.get(&(i as u32)) {
            return t;
        }
        self.span(i)
            .and_then(|(a, b)| self.bytes.get(a..b))
            .unwrap_or("")
    }

    fn span(&self, i: usize) -> Option<(usize, usize)> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => *self.ends.get(i - 1)? as usize,
        };
        Some((start, end))
    }

    /// Replaces the text of row `i` (an order read again); the old span becomes a tombstone, and the arena
    /// is compacted once a sixteenth of it is dead.
    pub fn set(&mut self, i: usize, text: &str) {
        if i >= self.ends.len() || self.get(i) == text {
            return;
        }
        self.moved.insert(i as u32, text.into());
        if self.moved.len() > 64 + self.ends.len() / 16 {
            *self = self.reordered((0..self.ends.len()).map(|i| self.get(i)));
        }
    }

    /// A new arena of the given texts, in that order (rows sorted or merged).
    pub fn reordered<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> SearchTexts {
        let mut out = SearchTexts {
            bytes: String::with_capacity(self.bytes.len()),
            ..SearchTexts::default()
        };
        for t in texts {
            out.push(t);
        }
        out.bytes.shrink_to_fit();
        out
    }

    /// Calls `hit` once for each row whose text contains `needle`, in no particular order: one pass over
    /// the arena, each hit mapped back to its row (and the search goes on after that row's text).
    pub fn find_rows(&self, needle: &str, hit: impl FnMut(usize)) {
        self.find_rows_in(0..self.ends.len(), needle, hit);
    }

    /// `find_rows` over the rows `rows` only: the part of a scan split over threads.
    pub fn find_rows_in(&self, rows: Range<usize>, needle: &str, mut hit: impl FnMut(usize)) {
        let last = rows.end.min(self.ends.len());
        let first = rows.start.min(last);
        if needle.is_empty() || first == last {
            (first..last).for_each(hit);
            return;
        }
        let start = self.span(first).map_or(0, |(a, _)| a);
        let stop = match last {
            0 => 0,
            _ => self.ends.get(last - 1).map_or(0, |&e| e as usize),
        };
        let finder = Finder::new(needle.as_bytes());
        let hay = self.bytes.as_bytes().get(..stop).unwrap_or_default();
        let mut pos = start;
        let mut row = first;
        while let Some(off) = hay.get(pos..).and_then(|h| finder.find(h)) {
            let at = pos + off;
            row = self.row_at(at, row);
            let Some(&end) = self.ends.get(row) else {
                break;
            };
            let end = end as usize;
            // A hit across the end of a row's text is none (texts end in a newline, words have none).
            if at + needle.len() <= end && !self.moved.contains_key(&(row as u32)) {
                hit(row);
            }
            pos = end.max(at + 1);
        }
        for (&row, text) in &self.moved {
            if (first..last).contains(&(row as usize)) && text.contains(needle) {
                hit(row as usize);
            }
        }
    }

    /// The row whose span holds byte `at`, looked for from row `from` on (hits come in order): a gallop,
    /// then a binary search.
    fn row_at(&self, at: usize, from: usize) -> usize {
        let before = |&e: &u32| (e as usize) <= at;
        let mut step = 1;
        let mut lo = from;
        while let Some(e) = self.ends.get(lo + step - 1) {
            if !before(e) {
                break;
            }
            lo += step;
            step *= 2;
        }
        let hi = (lo + step).min(self.ends.len());
        lo + self
            .ends
            .get(lo..hi)
            .map_or(0, |s| s.partition_point(before))
    }
}

impl<'a> FromIterator<&'a str> for SearchTexts {
    fn from_iter<I: IntoIterator<Item = &'a str>>(texts: I) -> SearchTexts {
        SearchTexts::default().reordered(texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn found(t: &SearchTexts, needle: &str) -> Vec<usize> {
        let mut v = Vec::new();
        t.find_rows(needle, |r| v.push(r));
        v.sort_unstable();
        v
    }

    fn direct(texts: &[String], needle: &str) -> Vec<usize> {
        (0..texts.len())
            .filter(|&i| texts[i].contains(needle))
            .collect()
    }

    #[test]
    fn each_row_is_found_once_and_replaced_texts_count_not_their_old_words() {
        let mut t: SearchTexts = ["ab\nab\n", "", "xab\n", "b\n"].into_iter().collect();
        assert_eq!(found(&t, "ab"), [0, 2]);
        // Across two rows' texts is no hit.
        assert_eq!(found(&t, "b\nx"), Vec::<usize>::new());
        t.set(0, "zz\n");
        assert_eq!(found(&t, "ab"), [2]);
        assert_eq!(found(&t, "zz"), [0]);
        assert_eq!((t.get(0), t.get(2), t.get(9)), ("zz\n", "xab\n", ""));
        t.push("ab\n");
        assert_eq!(found(&t, "ab"), [2, 4]);
        assert_eq!(found(&t, ""), [0, 1, 2, 3, 4]);
    }

    proptest! {
        /// Whatever the texts and edits, a search finds exactly the rows whose text contains the word.
        #[test]
        fn finds_what_contains_finds(
            texts in prop::collection::vec("[abé\n]{0,6}", 0..40),
            edits in prop::collection::vec((0usize..40, "[abé\n]{0,6}"), 0..200),
            needle in "[abé\n]{1,3}",
            cut in 0usize..45,
        ) {
            let mut want = texts.clone();
            let mut t: SearchTexts = texts.iter().map(String::as_str).collect();
            for (i, text) in edits {
                if i < want.len() {
                    want[i] = text.clone();
                    t.set(i, &text);
                }
            }
            for (i, w) in want.iter().enumerate() {
                prop_assert_eq!(t.get(i), w.as_str());
            }
            // Texts here need not end in a newline: a hit must then lie inside one row.
            let direct = direct(&want, &needle);
            let got = found(&t, &needle);
            prop_assert_eq!(&got, &direct);
            // Split in two at any row, the halves find the same rows.
            let cut = cut.min(want.len());
            let mut halves = Vec::new();
            t.find_rows_in(0..cut, &needle, |r| halves.push(r));
            t.find_rows_in(cut..want.len() + 3, &needle, |r| halves.push(r));
            halves.sort_unstable();
            prop_assert_eq!(halves, direct);
        }
    }
}
