//! `pddtui completions SHELL` and `pddtui man`: the shell completion script and the manual pages, both
//! generated from the command line's own definition (`args.rs`), so they never drift from it.

use super::args::Cli;
use super::exit::Failure;
use super::out::quiet_on_pipe;
use crate::i18n::{Lang, cli as t, os::io_error};
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;

/// The completion script for `shell`, on stdout.
pub fn script(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut buf = Vec::new();
    // Into memory first: the generator panics on a failed write, and stdout may be a closed pipe.
    clap_complete::generate(shell, &mut Cli::command(), "pddtui", &mut buf);
    write_out(&buf)
}

/// The main page, or one subcommand's (`pddtui-ship`), on stdout; with `out_dir`, every page written
/// there and their paths printed.
pub fn man(lang: Lang, command: Option<&str>, out_dir: Option<&Path>) -> Result<(), Failure> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    // Built once so that each subcommand knows its full name (`pddtui-ship`, `pddtui ship`).
    cmd.build();
    if let Some(dir) = out_dir {
        return write_pages(lang, &cmd, dir);
    }
    let page = match command {
        None => cmd,
        Some(name) => cmd
            .find_subcommand(name)
            .cloned()
            .ok_or_else(|| Failure::Usage(t::no_such_command(lang, name)))?,
    };
    write_out(&render(page))
}

fn render(cmd: clap::Command) -> Vec<u8> {
    let mut buf = Vec::new();
    // Writing into memory cannot fail.
    let _ = clap_mangen::Man::new(cmd)
        .source(format!("pddtui {}", env!("CARGO_PKG_VERSION")))
        .render(&mut buf);
    buf
}

fn write_pages(lang: Lang, cmd: &clap::Command, dir: &Path) -> Result<(), Failure> {
    let failed = |path: &Path, e: std::io::Error| {
        Failure::Failed(t::man_unwritten(lang, path, &io_error(lang, &e)))
    };
    std::fs::create_dir_all(dir).map_err(|e| failed(dir, e))?;
    let pages = std::iter::once(cmd).chain(cmd.get_subcommands().filter(|s| !s.is_hide_set()));
    let mut written = Vec::new();
    for page in pages {
        let name = page.get_display_name().unwrap_or_else(|| page.get_name());
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, render(page.clone())).map_err(|e| failed(&path, e))?;
        written.push(path.display().to_string());
    }
    super::out::say(&written.join("\n"))
}

/// Our own generated text, not untrusted: written as it is (the sanitiser would turn tabs into spaces).
fn write_out(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    quiet_on_pipe(out.write_all(bytes).and_then(|()| out.flush()))
}
