//! color-eyre as the reporter of panics and errors. A panic's report goes to the log and to stderr, where a
//! write that fails (a terminal gone with its SSH connection) is ignored instead of panicking again. Any secret
//! the process holds is blanked out of the report (`api::secret::redact`).

use std::io::Write;

/// Installs the reporters for the whole process: no colours (the report also goes to the log file), no
/// environment section. The workstation's own hook, set later, restores the terminal and then calls this one.
pub fn install() {
    let (panic_hook, eyre_hook) = color_eyre::config::HookBuilder::blank()
        .theme(color_eyre::config::Theme::new())
        .display_env_section(false)
        .into_hooks();
    if let Err(e) = eyre_hook.install() {
        tracing::debug!("error reporter already installed: {e}");
    }
    std::panic::set_hook(Box::new(move |info| {
        // A secret quoted by the panic's message (a URL, a request) is blanked before it is written anywhere.
        let report =
            crate::api::secret::redact(&panic_hook.panic_report(info).to_string()).into_owned();
        tracing::error!("{report}");
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{report}").and_then(|()| err.flush());
    }));
}
