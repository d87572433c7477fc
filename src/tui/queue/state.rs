//! Where the operator is in the queue: cursor, selection, filter, sort, and the first row on screen.

use crate::api::Capabilities;
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
    fn after(self) -> SortKey {
        match self {
            SortKey::Deadline => SortKey::Confirm,
            SortKey::Confirm => SortKey::Amount,
            SortKey::Amount => SortKey::Deadline,
        }
    }

    /// Whether the gateway sends what this sort needs: deadlines and amounts only where they are known
    /// (pddshuju sends neither); every order has its confirm time.
    pub fn offered(self, caps: Capabilities) -> bool {
        match self {
            SortKey::Deadline => caps.deadlines,
            SortKey::Confirm => true,
            SortKey::Amount => caps.amounts,
        }
    }

    /// The sort in effect: this one where the gateway supports it, else by confirm time.
    pub fn effective(self, caps: Capabilities) -> SortKey {
        if self.offered(caps) {
            self
        } else {
            SortKey::Confirm
        }
    }

    /// The next sort the gateway supports, after the one in effect.
    pub fn next(self, caps: Capabilities) -> SortKey {
        let mut s = self.effective(caps).after();
        while !s.offered(caps) {
            s = s.after();
        }
        s
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
