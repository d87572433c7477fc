//! What a key asks the workstation to do: the `run` names of keymap.toml as a closed enum.
//! Serde maps the names once while the keymap loads; nothing dispatches on strings at run time.

use crate::i18n::tui::T;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// `run = "none"`: unbinds the keys of the entry.
    None,
    Quit,
    Back,
    Help,
    Redraw,
    MoveDown,
    MoveUp,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Open,
    Ship,
    Note,
    FlagRed,
    FlagYellow,
    FlagGreen,
    FlagBlue,
    FlagPurple,
    FlagClear,
    Filter,
    ToggleSelect,
    SelectRange,
    ClearSelection,
    Refresh,
    /// List every order again, not only what changed since the last sync.
    FullRefresh,
    Copy,
    Sort,
    ToggleShipped,
    NextField,
    PrevField,
    Submit,
    Confirm,
    TakeNumber,
    /// The journal screen: shipments and notes that need attention.
    Journal,
    /// Check the journal's pending shipments against the gateway.
    Reconcile,
    /// Ship a CSV file of orders, numbers and couriers (the twin of `ship --csv`).
    Import,
    /// The note editor's flag row: the previous colour.
    FlagPrev,
    /// The note editor's flag row: the next colour.
    FlagNext,
    /// The note conflict view: take the backend's note into the editor.
    TakeTheirs,
    /// The queue: select every order of the highlighted order's merge group.
    SelectGroup,
    /// The ship dialog of a merge group: one number for all (one parcel), or one number each.
    OneParcel,
}

impl Command {
    /// The flag commands in the order of the flags' codes (0 clears, 1-5 the colours): a row of keys.
    pub const FLAGS: [Command; 6] = [
        Command::FlagClear,
        Command::FlagRed,
        Command::FlagYellow,
        Command::FlagGreen,
        Command::FlagBlue,
        Command::FlagPurple,
    ];

    /// The built-in description, used by help when an entry brings none of its own.
    pub fn text(self) -> T {
        match self {
            Command::None => T::CmdNone,
            Command::Quit => T::CmdQuit,
            Command::Back => T::CmdBack,
            Command::Help => T::CmdHelp,
            Command::Redraw => T::CmdRedraw,
            Command::MoveDown => T::CmdMoveDown,
            Command::MoveUp => T::CmdMoveUp,
            Command::Top => T::CmdTop,
            Command::Bottom => T::CmdBottom,
            Command::PageDown => T::CmdPageDown,
            Command::PageUp => T::CmdPageUp,
            Command::Open => T::CmdOpen,
            Command::Ship => T::CmdShip,
            Command::Note => T::CmdNote,
            Command::FlagRed => T::CmdFlagRed,
            Command::FlagYellow => T::CmdFlagYellow,
            Command::FlagGreen => T::CmdFlagGreen,
            Command::FlagBlue => T::CmdFlagBlue,
            Command::FlagPurple => T::CmdFlagPurple,
            Command::FlagClear => T::CmdFlagClear,
            Command::Filter => T::CmdFilter,
            Command::ToggleSelect => T::CmdToggleSelect,
            Command::SelectRange => T::CmdSelectRange,
            Command::ClearSelection => T::CmdClearSelection,
            Command::Refresh => T::CmdRefresh,
            Command::FullRefresh => T::CmdFullRefresh,
            Command::Copy => T::CmdCopy,
            Command::Sort => T::CmdSort,
            Command::ToggleShipped => T::CmdToggleShipped,
            Command::NextField => T::CmdNextField,
            Command::PrevField => T::CmdPrevField,
            Command::Submit => T::CmdSubmit,
            Command::Confirm => T::CmdConfirm,
            Command::TakeNumber => T::CmdTakeNumber,
            Command::Journal => T::CmdJournal,
            Command::Reconcile => T::CmdReconcile,
            Command::Import => T::CmdImport,
            Command::FlagPrev => T::CmdFlagPrev,
            Command::FlagNext => T::CmdFlagNext,
            Command::TakeTheirs => T::CmdTakeTheirs,
            Command::SelectGroup => T::CmdSelectGroup,
            Command::OneParcel => T::CmdOneParcel,
        }
    }

    /// The `run` name of keymap.toml, taken from the same serde names the keymap is read with.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The flag a flag command sets: `Some(None)` clears, `None` is not a flag command.
    pub fn flag(self) -> Option<Option<crate::domain::Flag>> {
        use crate::domain::Flag;
        match self {
            Command::FlagRed => Some(Some(Flag::Red)),
            Command::FlagYellow => Some(Some(Flag::Yellow)),
            Command::FlagGreen => Some(Some(Flag::Green)),
            Command::FlagBlue => Some(Some(Flag::Blue)),
            Command::FlagPurple => Some(Some(Flag::Purple)),
            Command::FlagClear => Some(None),
            _ => None,
        }
    }
}
