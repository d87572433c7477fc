//! Dialogs over the screens: ship, note (and the result of a note write), flags that changed meanwhile,
//! CSV import, the quit confirmation and help. A dialog owns its state and its keys: `on_key` reads the world through a `Ctx` and changes only
//! the dialog, returning what `update` must do to the rest of the `App`.

pub mod confirm;
pub mod flag_conflict;
pub mod help;
pub mod import;
pub mod note;
pub mod note_result;
pub mod ship;

use crate::domain::Courier;
use crate::tui::keys::keymap::Keymap;
use crate::tui::persist::drafts::Persisted;
use crate::tui::queue::details::Details;
use crate::tui::queue::order_list::OrderList;
use crate::tui::settings::Settings;
use jiff::Timestamp;
use std::collections::BTreeMap;

/// What a dialog may read of the workstation while it handles a key or a result: never change.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub settings: &'a Settings,
    pub keymap: &'a Keymap,
    pub now: Timestamp,
    pub orders: &'a OrderList,
    /// Whole orders read this run.
    pub details: &'a Details,
    pub couriers: &'a [Courier],
    /// Orders other processes are shipping right now: order number → user.
    pub claimed: &'a BTreeMap<String, String>,
    /// Drafts and the last courier.
    pub persisted: &'a Persisted,
}

impl Ctx<'_> {
    pub fn lang(&self) -> crate::i18n::Lang {
        self.settings.lang
    }
}
