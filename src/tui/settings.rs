//! Fixed facts of this run (from `Context`), kept apart from the changing state.

use crate::api::Capabilities;
use crate::i18n::Lang;
use jiff::SignedDuration;

/// Fixed facts of this run (from `Context`), kept apart from the changing state.
#[derive(Debug, Clone)]
pub struct Settings {
    pub lang: Lang,
    pub caps: Capabilities,
    pub gateway: &'static str,
    pub demo: bool,
    pub shop_name: String,
    pub has_waybill: bool,
    /// The courier (logistics id) of the waybill template: Ctrl-T takes numbers only for it.
    pub waybill_courier: Option<i64>,
    pub no_color: bool,
    pub refresh_every: SignedDuration,
    /// `--read-only`: nothing that changes the shop (ship, note, flag) is offered.
    pub read_only: bool,
}

impl Settings {
    /// Whether the key bar and help offer `command`: notes and flags only where the gateway keeps them
    /// (pddshuju has no note endpoint, so their keys would only ever answer "not supported"); merge groups
    /// only where orders carry the buyer's address id.
    pub fn offers(&self, command: crate::tui::keys::command::Command) -> bool {
        use crate::tui::keys::command::Command as C;
        let note = matches!(command, C::Note | C::FlagPrev | C::FlagNext | C::TakeTheirs)
            || C::FLAGS.contains(&command);
        let group = matches!(command, C::SelectGroup | C::OneParcel);
        (!note || self.caps.note) && (!group || self.caps.addresses)
    }
}
