//! Texts many rows repeat (goods, masked addresses), kept once and numbered: four bytes a row instead of a
//! copy per row, and a filter word is looked for once per distinct text instead of once per row.

use super::arena::SearchTexts;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// The number of no text: numbers are read with `get`, and no table has this many texts.
const NONE: u32 = u32::MAX;

/// Which of a few distinct texts each row has. The texts are shared copies (`row::Interner`), numbered by
/// their address: the same copy is one number, and equal texts from two interners at worst two.
#[derive(Debug, Clone, Default)]
pub struct NumberedTexts {
    of_row: Vec<u32>,
    texts: Vec<Arc<str>>,
    /// The same texts one after another in one arena, in number order: a word is looked for in all of them
    /// in one pass (`find_texts_in`). Measured at a million orders (63,000 distinct goods texts, 12 MB): one
    /// search per text 12.5 ms on one core, one pass over the arena 1.3 ms. Shared by the table's clones
    /// until one numbers a new text.
    joined: Arc<SearchTexts>,
    /// Number of each text, by its address (the table holds the text, so no other takes that address).
    index: HashMap<usize, u32>,
}

impl NumberedTexts {
    /// The number of `t`, given one if new.
    fn number(&mut self, t: &Arc<str>) -> u32 {
        let key = Arc::as_ptr(t) as *const u8 as usize;
        if let Some(&n) = self.index.get(&key) {
            return n;
        }
        let n = self.texts.len() as u32;
        self.texts.push(Arc::clone(t));
        Arc::make_mut(&mut self.joined).push(t);
        self.index.insert(key, n);
        n
    }

    /// Adds the next row, of text `t`.
    pub fn push(&mut self, t: &Arc<str>) {
        let n = self.number(t);
        self.of_row.push(n);
    }

    /// Gives row `i` the text `t` (nothing past the end).
    pub fn set(&mut self, i: usize, t: &Arc<str>) {
        let n = self.number(t);
        if let Some(slot) = self.of_row.get_mut(i) {
            *slot = n;
        }
    }

    /// The same texts with no rows yet: rows made again from these keep their numbers (`push_row_of`).
    pub fn emptied(&self, rows: usize) -> NumberedTexts {
        NumberedTexts {
            of_row: Vec::with_capacity(rows),
            texts: self.texts.clone(),
            joined: Arc::clone(&self.joined),
            index: self.index.clone(),
        }
    }

    /// Adds the next row with the text row `i` of `from` has; `from` is this table or the one it was
    /// `emptied` from, so the numbers agree. No text when `from` has no row `i`.
    pub fn push_row_of(&mut self, from: &NumberedTexts, i: usize) {
        self.of_row
            .push(from.of_row.get(i).copied().unwrap_or(NONE));
    }

    /// Gives back the room grown past what the rows and texts need (a list made in one go).
    pub fn shrink_to_fit(&mut self) {
        self.of_row.shrink_to_fit();
        self.texts.shrink_to_fit();
        Arc::make_mut(&mut self.joined).shrink_to_fit();
    }

    /// Exactly `rows` rows: those past them dropped, missing ones added with no text.
    pub fn fit(&mut self, rows: usize) {
        self.of_row.resize(rows, NONE);
    }

    /// The text of row `i` (empty past the end).
    pub fn get(&self, i: usize) -> &str {
        self.of_row
            .get(i)
            .and_then(|&n| self.texts.get(n as usize))
            .map_or("", |t| t)
    }

    pub fn len(&self) -> usize {
        self.of_row.len()
    }

    pub fn is_empty(&self) -> bool {
        self.of_row.is_empty()
    }

    /// The distinct texts.
    pub fn texts(&self) -> &[Arc<str>] {
        &self.texts
    }

    /// Calls `hit` once with the number of each text numbered in `numbers` that contains `needle` (a
    /// filter word, no newline), in no particular order: one pass over those texts' arena.
    pub fn find_texts_in(&self, numbers: Range<usize>, needle: &str, hit: impl FnMut(usize)) {
        self.joined.find_rows_in(numbers, needle, hit);
    }

    /// Which of `texts` each row has.
    pub fn of_rows(&self) -> &[u32] {
        &self.of_row
    }

    /// The heap bytes held (numbers, texts with their counts, the index by its entries), for the
    /// benchmarks.
    pub fn heap_bytes(&self) -> usize {
        self.of_row.capacity() * 4
            + self.texts.iter().map(|t| t.len() + 16).sum::<usize>()
            + self.texts.capacity() * 16
            + self.joined.heap_bytes()
            + self.index.len() * 16
    }
}

/// Equal when every row has the same text, however numbered.
impl PartialEq for NumberedTexts {
    fn eq(&self, o: &NumberedTexts) -> bool {
        self.len() == o.len() && (0..self.len()).all(|i| self.get(i) == o.get(i))
    }
}

impl Eq for NumberedTexts {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_one_copy_share_its_number_and_read_it_back() {
        let (a, b): (Arc<str>, Arc<str>) = ("上海市浦东新区".into(), "北京市".into());
        let mut t = NumberedTexts::default();
        for x in [&a, &b, &a, &a] {
            t.push(x);
        }
        assert_eq!(t.texts().len(), 2);
        assert_eq!(t.of_rows(), [0, 1, 0, 0]);
        assert_eq!(
            (t.get(1), t.get(2), t.get(9)),
            ("北京市", "上海市浦东新区", "")
        );
        t.set(0, &b);
        t.set(7, &b);
        assert_eq!((t.get(0), t.len()), ("北京市", 4));
        // Rows made again in another order keep their numbers; equal rows compare equal.
        let mut again = t.emptied(4);
        for i in [3, 2, 1, 0] {
            again.push_row_of(&t, i);
        }
        assert_eq!(again.of_rows(), [0, 0, 1, 1]);
        let mut other = NumberedTexts::default();
        for x in ["上海市浦东新区", "上海市浦东新区", "北京市", "北京市"] {
            other.push(&Arc::from(x));
        }
        assert_eq!(again, other, "equal texts, other copies");
        assert_ne!(t, other);
        // A row with no text reads as empty.
        again.push_row_of(&t, 9);
        again.fit(6);
        assert_eq!((again.get(4), again.get(5), again.len()), ("", "", 6));
        again.fit(2);
        assert_eq!(again.of_rows(), [0, 0]);
    }

    /// A word is found in the distinct texts that hold it, never across two of them, and only among the
    /// numbers asked for; a text numbered after a clone is found in the clone that numbered it alone.
    #[test]
    fn a_word_is_found_in_each_text_that_holds_it() {
        let texts: Vec<Arc<str>> = ["抽纸 三包\n", "", "纸巾\n", "湿巾\n抽纸\n", "包纸\n"]
            .into_iter()
            .map(Arc::from)
            .collect();
        let mut t = NumberedTexts::default();
        for x in texts.iter().chain(&texts) {
            t.push(x);
        }
        let found = |t: &NumberedTexts, range: Range<usize>, w: &str| {
            let mut v = Vec::new();
            t.find_texts_in(range, w, |k| v.push(k));
            v.sort();
            v
        };
        assert_eq!(found(&t, 0..5, "抽纸"), [0, 3]);
        assert_eq!(found(&t, 0..5, "纸"), [0, 2, 3, 4]);
        assert_eq!(found(&t, 1..4, "纸"), [2, 3]);
        // Texts side by side in the arena: a word across the end of one and the start of the next is in
        // neither.
        let mut halves = NumberedTexts::default();
        for x in ["白抽", "纸巾", "抽纸"] {
            halves.push(&Arc::from(x));
        }
        assert_eq!(found(&halves, 0..3, "抽纸"), [2]);
        assert_eq!(found(&halves, 0..2, "抽纸"), Vec::<usize>::new());
        assert_eq!(found(&t, 0..5, "包"), [0, 4]);
        let mut clone = t.clone();
        let new: Arc<str> = "抽纸巾\n".into();
        clone.push(&new);
        assert_eq!(found(&clone, 0..6, "抽纸"), [0, 3, 5]);
        assert_eq!(found(&t, 0..6, "抽纸"), [0, 3]);
    }
}
