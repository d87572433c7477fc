//! Where the operator is in the queue: cursor, selection, filter, sort, and the first row on screen.

use std::collections::BTreeSet;
use tui_input::Input;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Deadline,
    Confirm,
    Amount,
}

impl SortKey {
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Deadline => SortKey::Confirm,
            SortKey::Confirm => SortKey::Amount,
            SortKey::Amount => SortKey::Deadline,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct QueueState {
    /// Index into the visible rows.
    pub cursor: usize,
    /// Selected orders by number, so a refresh keeps them.
    pub selected: BTreeSet<String>,
    /// Where `v` extends a range from: the last row toggled.
    pub anchor: Option<String>,
    pub filter: Input,
    pub sort: SortKey,
    pub show_shipped: bool,
    /// The first row on screen, kept by the view (which alone knows the table's height): the table scrolls
    /// only when the cursor would leave it, so moving inside it never moves the rows.
    pub offset: std::cell::Cell<usize>,
}
