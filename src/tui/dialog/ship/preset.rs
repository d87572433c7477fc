//! Which courier the orders' notes name (`已联系买家,改发中通`): the ship dialog presets that one instead
//! of the last courier used, and none when the notes name several or say which one not to use.

use crate::domain::Courier;
use crate::tui::dialog::Ctx;

/// What a set of notes says about the courier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// No courier is named: the last one used may be preset.
    Nothing,
    /// One courier (by its id) is named, and nothing refuses it.
    One(i64),
    /// Several are named, or a name comes with a refusal (`不要中通`): the operator picks.
    Unclear,
}

/// Words that turn a courier's name into a refusal: a note naming one with these presets nothing.
const REFUSALS: [&str; 10] = [
    "不要", "别发", "别用", "勿", "不发", "不用", "禁止", "拒收", "don't", "not ",
];

/// Name endings a note often leaves out: `中通快递` is written `中通`.
const SUFFIXES: [&str; 7] = ["快递", "速递", "速运", "快运", "物流", "配送", "包裹"];

/// The couriers the notes name, by name (`中通快递`, `中通`) or code (`ZTO`, a whole word).
pub fn named(notes: &[String], couriers: &[Courier]) -> Named {
    let mut ids: Vec<i64> = Vec::new();
    let mut refused = false;
    for note in notes {
        let lower = note.to_lowercase();
        let mut here = false;
        for c in couriers {
            if names(&lower, c) {
                here = true;
                if !ids.contains(&c.id) {
                    ids.push(c.id);
                }
            }
        }
        refused |= here && REFUSALS.iter().any(|r| lower.contains(r));
    }
    match ids.as_slice() {
        [] => Named::Nothing,
        [one] if !refused => Named::One(*one),
        _ => Named::Unclear,
    }
}

/// Whether a lower-cased note names courier `c`.
fn names(note: &str, c: &Courier) -> bool {
    // "其他" (other) is a courier in the list and a common word: it is never taken as named.
    if c.code.eq_ignore_ascii_case("SELF") {
        return false;
    }
    let name = c.name.to_lowercase();
    let mut stem = name.as_str();
    while let Some(s) = SUFFIXES.iter().find_map(|x| stem.strip_suffix(x)) {
        stem = s;
    }
    let by_name = [name.as_str(), stem]
        .iter()
        .any(|n| n.chars().count() >= 2 && note.contains(n));
    by_name || (!c.code.is_empty() && has_word(note, &c.code.to_lowercase()))
}

/// `word` in `text` with no ASCII letter or digit on either side (`zto` in `改发zto` but not in `ztox`).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// The notes of `targets` as far as they are read: each seller note, and each buyer memo. `None` while
/// an order has a buyer memo whose text is not read yet (only whole orders carry it).
pub fn notes(ctx: &Ctx, targets: &[String]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for sn in targets {
        let Some(row) = ctx.orders.find(sn) else {
            continue;
        };
        if !row.remark.is_empty() {
            out.push(row.remark.to_string());
        }
        if row.buyer_memo {
            let memo = ctx.details.get(sn)?.buyer_memo.clone();
            out.push(memo);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::courier::reference_list;

    fn says(notes: &[&str]) -> Named {
        let notes: Vec<String> = notes.iter().map(|s| s.to_string()).collect();
        named(&notes, &reference_list())
    }

    #[test]
    fn a_note_names_a_courier_by_name_short_name_or_code() {
        assert_eq!(says(&["已联系买家,改发中通"]), Named::One(115));
        assert_eq!(says(&["请发中通快递"]), Named::One(115));
        assert_eq!(says(&["buyer asked: ZTO please"]), Named::One(115));
        assert_eq!(says(&["改发zto"]), Named::One(115));
        assert_eq!(says(&["京东能到吗"]), Named::One(120));
        assert_eq!(says(&["", "尽快发货"]), Named::Nothing);
        // Codes are whole words only, and "其他" is a word before it is a courier.
        assert_eq!(
            says(&["photo of the box", "其他颜色也可以"]),
            Named::Nothing
        );
    }

    #[test]
    fn several_couriers_or_a_refusal_preset_none() {
        assert_eq!(says(&["发顺丰", "改发中通"]), Named::Unclear);
        assert_eq!(says(&["不要中通"]), Named::Unclear);
        assert_eq!(says(&["don't use YTO"]), Named::Unclear);
        assert_eq!(says(&["顺丰", "顺丰到付"]), Named::One(44));
    }
}
