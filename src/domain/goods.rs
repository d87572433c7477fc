//! The one-line summary of an order's goods, the same in the workstation and the CLI: the first item and
//! its count, then `等N件` where N counts every item line of the order (the first included).

use crate::i18n::{Lang, tui as tr};

/// `name×count`, then ` 等N件` / ` +M more` when the order has `lines` > 1 item lines.
pub fn summary(first_name: &str, first_count: i64, lines: usize, lang: Lang) -> String {
    if lines == 0 {
        return String::new();
    }
    let mut s = format!("{first_name}×{first_count}");
    if lines > 1 {
        s.push_str(&tr::more_items(lang, lines));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn n_counts_every_item_line() {
        assert_eq!(summary("纸", 2, 3, Lang::Zh), "纸×2 等3件");
        assert_eq!(summary("paper", 2, 3, Lang::En), "paper×2 +2 more");
        assert_eq!(summary("纸", 1, 1, Lang::Zh), "纸×1");
        assert_eq!(summary("纸", 1, 0, Lang::Zh), "");
    }
}
