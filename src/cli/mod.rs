//! The command line: `pddtui` opens the workstation; subcommands run headless for scripts and tests. STUB.

use std::process::ExitCode;

pub fn main() -> ExitCode {
    ExitCode::SUCCESS
}
