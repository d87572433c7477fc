//! The `pddtui` binary: parses the command line and hands over to the CLI, the simulator or the workstation.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

fn main() -> std::process::ExitCode {
    pddtui::cli::main()
}
