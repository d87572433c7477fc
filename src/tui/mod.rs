//! The workstation: order queue, detail, ship dialog, note editor and help over one event loop.
//! `update` changes state and returns effects; `effects` does the network; `view` draws; `runtime` ties them.

pub mod app;
pub mod attention;
pub mod claims;
pub mod dialog;
pub mod edit;
pub mod effects;
pub mod flag_seen;
pub mod keys;
pub mod msg;
pub mod pass;
pub mod persist;
pub mod queue;
pub mod req;
pub mod runtime;
pub mod settings;
pub mod team;
pub mod team_fetch;
pub mod term;
#[doc(hidden)]
pub mod testdata;
pub mod toast;
pub mod update;
pub mod view;

#[cfg(test)]
mod tests;

pub use app::{App, Settings};
pub use msg::{Effect, Msg};
pub use update::update;

/// What the CLI hands over to open the workstation.
pub struct Context {
    pub gateway: crate::api::Gateway,
    pub waybill: Option<crate::api::waybill::Client>,
    pub lang: crate::i18n::Lang,
    /// The header says "演示店铺"/"demo shop".
    pub demo: bool,
    /// Profile / seller nick shown in the header.
    pub shop_name: String,
    /// Where drafts etc. may be written.
    pub data_dir: std::path::PathBuf,
    /// Automatic refresh, default 5 min.
    pub refresh_every: std::time::Duration,
    /// How long a claim on an order holds without renewal.
    pub claim_lease: std::time::Duration,
    /// `[team]`: the team's shared database (journal, claims); none for one host.
    pub team: Option<crate::store::team::Config>,
    /// `$XDG_CONFIG_HOME/pddtui/keymap.toml` if it exists.
    pub user_keymap: Option<std::path::PathBuf>,
    /// `NO_COLOR` is set.
    pub no_color: bool,
    /// `--read-only`: a viewer; nothing that changes the shop (ship, note, flag, waybill) may be sent.
    pub read_only: bool,
}

/// Runs the workstation until the operator quits or the terminal goes away.
pub async fn run(ctx: Context) -> color_eyre::Result<()> {
    runtime::run(ctx).await
}

/// For `pddtui keys`: the keymap in effect, as text lines, plus any keymap warnings.
pub fn describe_keymap(
    user_keymap: Option<&std::path::Path>,
    lang: crate::i18n::Lang,
) -> (String, Vec<String>) {
    let (km, warnings) = keys::keymap::load(user_keymap, lang);
    (keys::keymap::describe(&km, lang), warnings)
}
