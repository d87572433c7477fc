//! The command line: `pddtui` opens the workstation; subcommands run headless for scripts and tests.
//! Exit 0 on success, 1 when the operation failed, 2 for usage or validation errors.

mod args;
mod completions;
mod csv_results;
mod csv_row;
mod csv_ship;
mod exit;
mod journal_cmd;
mod logging;
mod out;
mod read;
mod report;
mod session;
mod sim_cmd;
pub mod table;
mod team_cmd;
mod write;

pub use args::Cli;
use args::Command;
use clap::Parser;
use exit::Failure;
use std::process::ExitCode;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli
        .lang
        .as_deref()
        .and_then(crate::i18n::Lang::parse)
        .unwrap_or_default();
    let _log = logging::init(&session::data_dir(&cli), lang);
    report::install();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let reason = crate::i18n::os::io_error(lang, &e);
            return Failure::Failed(crate::i18n::cli::cannot_start_runtime(lang, &reason)).report();
        }
    };
    let result = runtime.block_on(run(cli));
    // Don't wait for tasks still blocked on a terminal or a socket: exit promptly.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Failed(m)) => Failure::Failed(terminal_safe(&m, false)).report(),
        Err(Failure::Usage(m)) => Failure::Usage(terminal_safe(&m, false)).report(),
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    match &cli.command {
        Some(Command::Sim(a)) => return sim_cmd::run(a).await,
        Some(Command::Keys) => return keys(&cli),
        Some(Command::Completions { shell }) => return completions::script(*shell),
        Some(Command::Man { command, out_dir }) => {
            let lang = session::lang_of(&cli, None)?;
            return completions::man(lang, command.as_deref(), out_dir.as_deref());
        }
        _ => {}
    }
    let s = session::open(&cli).await?;
    if cli.read_only
        && let Some(name) = cli.command.as_ref().and_then(changes_the_shop)
    {
        return Err(Failure::Usage(crate::i18n::cli::read_only_refused(
            s.lang, name,
        )));
    }
    if s.demo.is_some() && cli.command.is_some() {
        out::warn(crate::i18n::cli::demo_notice(s.lang));
    }
    let out = match &cli.command {
        None => return workstation(s, cli.read_only).await,
        Some(Command::Orders {
            status,
            days,
            full,
            json,
        }) => read::orders(&s, *status, *days, *full, *json).await?,
        Some(Command::Show { order_sn, json }) => read::show(&s, order_sn, *json).await?,
        Some(Command::Couriers { json }) => read::couriers(&s, *json).await?,
        Some(Command::Ship(a)) if a.csv.is_some() => csv_ship::run(&s, a).await?,
        Some(Command::Ship(a)) => write::ship(&s, a).await?,
        Some(Command::Journal(a)) => journal_cmd::run(&s, a).await?,
        Some(Command::Team(c)) => team_cmd::run(&s, c).await?,
        Some(Command::Note {
            order_sn,
            text,
            tag,
            tag_name,
        }) => write::note(&s, order_sn, text.as_deref(), *tag, tag_name.as_deref()).await?,
        Some(Command::Waybill { order_sn }) => write::waybill(&s, order_sn).await?,
        Some(
            Command::Keys | Command::Sim(_) | Command::Completions { .. } | Command::Man { .. },
        ) => String::new(),
    };
    // A command that printed as it went (`journal --json`) returns nothing more.
    if out.is_empty() {
        return Ok(());
    }
    out::print_safe(&terminal_safe(out.trim_end(), prints_json(&cli.command)))
}

/// Every line printed passes here: what came from the network was sanitized where it entered, and this
/// catches anything else (echoed arguments, the journal's records) before it reaches a terminal.
use out::terminal_safe;

fn prints_json(c: &Option<Command>) -> bool {
    match c {
        Some(
            Command::Orders { json, .. } | Command::Show { json, .. } | Command::Couriers { json },
        ) => *json,
        Some(Command::Journal(a)) => a.json,
        Some(Command::Team(args::TeamCommand::Status { json })) => *json,
        _ => false,
    }
}

/// The name of a command that writes to the shop (refused by `--read-only`); `None` for a reading one.
/// Listed exhaustively so that a new command must be placed on one side.
fn changes_the_shop(c: &Command) -> Option<&'static str> {
    match c {
        Command::Ship(a) if a.csv.is_some() => Some("ship --csv"),
        Command::Ship(_) => Some("ship"),
        Command::Note { .. } => Some("note"),
        Command::Waybill { .. } => Some("waybill"),
        Command::Orders { .. }
        | Command::Show { .. }
        | Command::Couriers { .. }
        | Command::Journal(_)
        | Command::Team(_)
        | Command::Keys
        | Command::Completions { .. }
        | Command::Man { .. }
        | Command::Sim(_) => None,
    }
}

fn keys(cli: &Cli) -> Result<(), Failure> {
    let lang = session::lang_of(cli, None)?;
    let user = crate::config::user_keymap_path().filter(|p| p.exists());
    let (text, warnings) = crate::tui::describe_keymap(user.as_deref(), lang);
    // A keymap file is someone else's text: its descriptions and the names it holds are sanitised.
    for w in warnings {
        out::warn(&w);
    }
    out::say(text.trim_end())
}

async fn workstation(s: session::Session, read_only: bool) -> Result<(), Failure> {
    let ctx = crate::tui::Context {
        gateway: s.gateway.clone(),
        waybill: s.waybill.clone(),
        lang: s.lang,
        demo: s.demo.is_some(),
        shop_name: s.shop_name.clone(),
        data_dir: s.data_dir.clone(),
        refresh_every: s.refresh_every,
        claim_lease: s.claim_lease,
        team: s.team.clone(),
        user_keymap: crate::config::user_keymap_path().filter(|p| p.exists()),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        read_only,
    };
    crate::tui::run(ctx)
        .await
        .map_err(|e| Failure::Failed(format!("{e:#}")))
}
