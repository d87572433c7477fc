//! The fixed search texts of a queue's rows (order number, buyer memo, masked receiver's name and phone:
//! lower-cased, one field per line) in one contiguous arena, so that a filter word is one `memmem` pass over all of them;
//! their masked addresses, which many rows repeat, numbered beside them (`RowTexts`).

use super::Order;
pub use super::arena::SearchTexts;
use super::numbered::NumberedTexts;
use super::row::{Interner, search_text};
use std::sync::Arc;

/// What a filter word is searched in for each row besides its goods and note: its fixed text
/// (`row::search_text`) in an arena, and its masked address (`row::address_text`) as a number into the
/// distinct ones: a province, city, district and street repeat over many rows (about 45 bytes a row
/// kept once instead). Both hold every row, in row order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowTexts {
    pub fixed: SearchTexts,
    pub addresses: NumberedTexts,
}

/// A row's texts in a list made again (sorted, merged): row `i`'s of the texts it is made from, or given.
#[derive(Debug, Clone, Copy)]
pub enum RowText<'a> {
    Kept(usize),
    New(&'a str, &'a Arc<str>),
}

impl RowTexts {
    pub fn len(&self) -> usize {
        self.fixed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fixed.is_empty()
    }

    /// Adds the next row's texts (the address a shared copy, `row::Interner::text`).
    pub fn push(&mut self, fixed: &str, address: &Arc<str>) {
        self.fixed.push(fixed);
        self.addresses.push(address);
    }

    /// Replaces the texts of row `i` (an order read again).
    pub fn set(&mut self, i: usize, fixed: &str, address: &Arc<str>) {
        self.fixed.set(i, fixed);
        self.addresses.set(i, address);
    }

    /// Adds the texts of order `o` as the next row (its address shared through `interner`).
    pub fn push_order(&mut self, o: &Order, interner: &mut Interner) {
        self.push(&search_text(o), &interner.address(o));
    }

    /// Replaces the texts of row `i` with those of order `o` (read again).
    pub fn set_order(&mut self, i: usize, o: &Order, interner: &mut Interner) {
        self.set(i, &search_text(o), &interner.address(o));
    }

    /// The texts of the rows `rows`, in that order: kept ones from these (their address keeps its number),
    /// new ones given.
    pub fn remade<'a, I>(&'a self, rows: I) -> RowTexts
    where
        I: IntoIterator<Item = RowText<'a>>,
        I::IntoIter: Clone,
    {
        let rows = rows.into_iter();
        let fixed = self.fixed.reordered(rows.clone().map(|r| match r {
            RowText::Kept(i) => self.fixed.get(i),
            RowText::New(t, _) => t,
        }));
        let mut addresses = self.addresses.emptied(fixed.len());
        for r in rows {
            match r {
                RowText::Kept(i) => addresses.push_row_of(&self.addresses, i),
                RowText::New(_, a) => addresses.push(a),
            }
        }
        RowTexts { fixed, addresses }
    }

    /// These texts for `rows` rows: a row past the end is searched by `fallback(i)` alone (its order
    /// number), with no address.
    pub fn fitted(mut self, rows: usize, fallback: impl Fn(usize) -> String) -> RowTexts {
        if self.fixed.len() != rows {
            let extra: Vec<String> = (self.fixed.len()..rows).map(fallback).collect();
            self.fixed = self.fixed.reordered(
                (0..self.fixed.len().min(rows))
                    .map(|i| self.fixed.get(i))
                    .chain(extra.iter().map(String::as_str)),
            );
        }
        self.addresses.fit(rows);
        self
    }

    /// The heap bytes held, for the benchmarks: the fixed texts' arena, the addresses' table.
    pub fn heap_bytes(&self) -> (usize, usize) {
        (self.fixed.heap_bytes(), self.addresses.heap_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Rows made again in any order, kept and new ones mixed, and fitted to any length, keep each row's
        /// fixed text and address (the addresses' numbers carried over, not looked up again).
        #[test]
        fn remade_rows_keep_their_texts(
            rows in prop::collection::vec(("[ab\n]{0,4}", 0usize..3), 0..30),
            picks in prop::collection::vec((0usize..35, "[ab]{0,3}", 0usize..3, any::<bool>()), 0..40),
            fit in 0usize..45,
        ) {
            let places: Vec<Arc<str>> = ["上海市", "北京市", ""].into_iter().map(Arc::from).collect();
            let mut t = RowTexts::default();
            for (fixed, a) in &rows {
                t.push(fixed, &places[*a]);
            }
            let wanted: Vec<(String, &str)> = picks
                .iter()
                .map(|(i, fixed, a, kept)| match rows.get(*i) {
                    Some((f, k)) if *kept => (f.clone(), &*places[*k]),
                    _ => (fixed.clone(), &*places[*a]),
                })
                .collect();
            let remade = t.remade(picks.iter().map(|(i, fixed, a, kept)| {
                if *kept && *i < rows.len() {
                    RowText::Kept(*i)
                } else {
                    RowText::New(fixed, &places[*a])
                }
            }));
            prop_assert_eq!(remade.len(), wanted.len());
            prop_assert_eq!(remade.addresses.len(), wanted.len());
            prop_assert!(remade.addresses.texts().len() <= places.len());
            for (i, (f, a)) in wanted.iter().enumerate() {
                prop_assert_eq!(remade.fixed.get(i), f.as_str());
                prop_assert_eq!(remade.addresses.get(i), *a);
            }
            let fitted = remade.clone().fitted(fit, |i| format!("{i}\n"));
            prop_assert_eq!((fitted.fixed.len(), fitted.addresses.len()), (fit, fit));
            for i in 0..fit {
                let (f, a) = match wanted.get(i) {
                    Some((f, a)) => (f.clone(), *a),
                    None => (format!("{i}\n"), ""),
                };
                prop_assert_eq!(fitted.fixed.get(i), f.as_str());
                prop_assert_eq!(fitted.addresses.get(i), a);
            }
        }
    }
}
