//! `pddtui ship --csv FILE`: check every row first (exit 2, nothing sent, unless --skip-invalid), then
//! ship a few rows at a time with a progress bar, a result line per row and `FILE.results.csv`.

use super::args::ShipArgs;
use super::csv_results::{self, ResultLine};
use super::csv_row::{Ctx, Outcome, ship_row};
use super::exit::Failure;
use super::session::Session;
use super::write::open_journal;
use crate::api::{ApiError, Gateway};
use crate::domain::Courier;
use crate::domain::csv_rows::{self, CsvRow, Parsed, RowProblem};
use crate::domain::group::Address;
use crate::i18n::{
    Lang, cli as t_cli, csv as t,
    errors::{api_error, op_error},
    journal as tj,
};
use crate::ops::{OnWait, ShipPolicy};
use crate::store::{Filter, Journal, OpKind, ShipState, StoreError};
use futures::StreamExt;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

/// Rows in flight at once: fast enough for a thousand rows, gentle on the gateway's rate limit.
const CONCURRENCY: usize = 4;

pub async fn run(s: &Session, a: &ShipArgs) -> Result<String, Failure> {
    let lang = s.lang;
    let Some(path) = a.csv.as_deref() else {
        return Err(Failure::Usage("ship --csv FILE".into()));
    };
    let couriers = couriers(&s.gateway)
        .await
        .map_err(|e| Failure::Failed(api_error(&e, lang)))?;
    let mut parsed = csv_rows::read_file(path, &couriers)
        .map_err(|e| Failure::Usage(t::file_error(lang, path, &e)))?;
    let journal = open_journal(s)?;
    let journal_failed = |e: StoreError| Failure::Failed(op_error(&e.into(), lang));
    // Rows of one buyer address may share a number (a merge group's parcel), with each other and with
    // orders the journal saw; every other number used before is refused before anything is sent.
    parsed.used = used_numbers(&journal, &parsed).map_err(journal_failed)?;
    let addresses = addresses(s, &parsed).await;
    let address = |sn: &str| Address::known(addresses.get(sn).and_then(|a| a.as_deref()), None);
    parsed.share_within_address(&couriers, address);
    parsed.refuse_used(address);
    report_problems(lang, &parsed, &couriers);
    let bad = parsed.invalid_lines().len();
    if bad > 0 && !a.skip_invalid {
        return Err(Failure::Usage(t::invalid_stop(lang, bad)));
    }
    if bad > 0 {
        super::out::warn(&t::invalid_skipped(lang, bad));
    }
    let (done, pending) = journal_state(&journal).map_err(journal_failed)?;
    let bar = progress(parsed.rows.len(), lang);
    let announce = bar.clone();
    let policy = ShipPolicy {
        on_wait: Some(OnWait(Arc::new(move |secs| {
            announce.suspend(|| super::out::warn(&tj::intercept_wait(lang, secs)));
        }))),
        ..ShipPolicy::cli()
    };
    let ctx = Ctx {
        gateway: &s.gateway,
        journal: &journal,
        lang,
        done,
        pending,
        policy,
    };
    let outcomes = ship_all(&ctx, &parsed.rows, &bar).await;
    finish(lang, path, &parsed, &outcomes)
}

/// The orders the journal saw use each line's number, by line (lines whose number nobody else used left
/// out): `Parsed::refuse_used` refuses them up front, as the journal would at send, one row at a time.
fn used_numbers(journal: &Journal, parsed: &Parsed) -> Result<Vec<(u64, Vec<String>)>, StoreError> {
    let mut used = Vec::new();
    for (line, sn, number) in parsed.numbers() {
        let users = journal.number_users(&number, &sn)?;
        if !users.is_empty() {
            used.push((line, users));
        }
    }
    Ok(used)
}

/// The buyer address (`open_address_id`) of every order that may share a number: of lines that share
/// one within the file, and of lines whose number the journal saw, with the orders that used it. Read
/// from the gateway; an order that cannot be read has no known address (it shares with nobody).
async fn addresses(s: &Session, parsed: &Parsed) -> HashMap<String, Option<String>> {
    let mut wanted: Vec<String> = parsed
        .errors
        .iter()
        .filter(|e| matches!(e.problem, RowProblem::DuplicateNumber { .. }))
        .map(|e| e.raw.order_sn.trim().to_string())
        .collect();
    for (line, users) in &parsed.used {
        if let Some((_, sn, _)) = parsed.numbers().into_iter().find(|(l, _, _)| l == line) {
            wanted.push(sn);
        }
        wanted.extend(users.iter().cloned());
    }
    let mut out = HashMap::new();
    for sn in wanted {
        if out.contains_key(&sn) {
            continue;
        }
        let id = s
            .gateway
            .order_detail(&sn)
            .await
            .ok()
            .and_then(|o| o.open_address_id);
        out.insert(sn, id);
    }
    out
}

/// What the journal knew when the run started: (order, number) whose last shipment is confirmed, and
/// orders whose last shipment is pending.
#[allow(clippy::type_complexity)]
fn journal_state(
    journal: &Journal,
) -> Result<(HashSet<(String, i64, String)>, HashSet<String>), StoreError> {
    let mut last: HashMap<String, (ShipState, i64, String)> = HashMap::new();
    for e in journal.entries(&Filter::default())? {
        if matches!(e.kind, OpKind::Ship | OpKind::Modify) {
            let courier = e.logistics_id.unwrap_or_default();
            last.insert(e.order_sn, (e.state, courier, e.number.unwrap_or_default()));
        }
    }
    let done = last
        .iter()
        .filter(|(_, (state, _, _))| *state == ShipState::Done)
        .map(|(sn, (_, courier, number))| (sn.clone(), *courier, number.clone()))
        .collect();
    let pending = last
        .into_iter()
        .filter(|(_, (state, _, _))| state.is_pending())
        .map(|(sn, _)| sn)
        .collect();
    Ok((done, pending))
}

/// The courier list is read before anything else; a transient failure is asked again.
async fn couriers(gw: &Gateway) -> Result<Vec<Courier>, ApiError> {
    let mut attempt = 1;
    loop {
        match gw.couriers().await {
            Err(e)
                if (e.outcome_unknown() || matches!(e, ApiError::Connect { .. }))
                    && attempt < 3 =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Problems and shape warnings go to stderr before anything is sent.
fn report_problems(lang: Lang, parsed: &Parsed, couriers: &[Courier]) {
    for e in &parsed.errors {
        super::out::warn(&t::invalid_line(
            lang,
            e.line,
            &t::row_problem(lang, &e.problem),
        ));
    }
    for row in parsed.rows.iter().filter(|r| r.shape_warning) {
        let example = couriers
            .iter()
            .find(|c| c.id == row.request.logistics_id)
            .and_then(Courier::example_number);
        let warning = t_cli::shape_warning(
            lang,
            &row.request.tracking_number,
            &row.courier_name,
            example,
        );
        super::out::warn(&t::invalid_line(lang, row.line, &warning));
    }
}

fn progress(len: usize, lang: Lang) -> ProgressBar {
    // Only a person watching needs a bar; logs and pipes get the result lines alone.
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(len as u64), target);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(t::progress_message(lang));
    bar
}

/// Ships the rows, `CONCURRENCY` at a time, printing each result as it comes. Keyed by line.
async fn ship_all(ctx: &Ctx<'_>, rows: &[CsvRow], bar: &ProgressBar) -> BTreeMap<u64, Outcome> {
    let mut results = futures::stream::iter(rows)
        .map(|row| async move { (row, ship_row(ctx, row).await) })
        .buffer_unordered(CONCURRENCY);
    let mut out = BTreeMap::new();
    while let Some((row, outcome)) = results.next().await {
        bar.suspend(|| {
            // A reader gone from stdout stops no shipment: the journal keeps every outcome.
            let _ = super::out::say(&t::row_line(
                ctx.lang,
                row.line,
                &row.request.order_sn,
                outcome.message(),
            ));
        });
        bar.inc(1);
        out.insert(row.line, outcome);
    }
    bar.finish_and_clear();
    out
}

fn finish(
    lang: Lang,
    path: &Path,
    parsed: &Parsed,
    outcomes: &BTreeMap<u64, Outcome>,
) -> Result<String, Failure> {
    let mut tally = t::Tally::default();
    for o in outcomes.values() {
        match o {
            Outcome::ShippedNow(_) => tally.shipped_now += 1,
            Outcome::ShippedBefore(_) => tally.shipped_before += 1,
            Outcome::Failed(_) => tally.failed += 1,
            Outcome::Unknown(_) => tally.unknown += 1,
        }
    }
    let mut lines: Vec<ResultLine> = parsed
        .rows
        .iter()
        .filter_map(|row| {
            let o = outcomes.get(&row.line)?;
            Some(ResultLine {
                line: row.line,
                order_sn: row.request.order_sn.clone(),
                courier: row.courier_name.clone(),
                tracking_number: row.request.tracking_number.clone(),
                result: o.result(),
                message: o.message().to_string(),
            })
        })
        .collect();
    let invalid = invalid_lines(lang, parsed);
    tally.invalid = invalid.len();
    lines.extend(invalid);
    lines.sort_by_key(|l| l.line);
    let results_path = csv_results::path_for(path);
    csv_results::write(&results_path, &lines)
        .map_err(|e| Failure::Failed(t::results_unwritten(lang, &results_path, &e)))?;
    let summary = t::summary(lang, &tally, &results_path);
    // Invalid rows the operator chose to skip do not fail the run: re-running would not change them.
    if tally.failed + tally.unknown > 0 {
        return Err(Failure::Failed(format!(
            "{summary}\n{}",
            t::rerun_hint(lang)
        )));
    }
    Ok(summary)
}

/// One results line per invalid line, its problems joined (errors come sorted by line).
fn invalid_lines(lang: Lang, parsed: &Parsed) -> Vec<ResultLine> {
    let mut out: Vec<ResultLine> = Vec::new();
    for e in &parsed.errors {
        let text = t::row_problem(lang, &e.problem);
        match out.last_mut() {
            Some(last) if last.line == e.line => {
                last.message.push_str("; ");
                last.message.push_str(&text);
            }
            _ => out.push(ResultLine {
                line: e.line,
                order_sn: e.raw.order_sn.clone(),
                courier: e.raw.courier.clone(),
                tracking_number: e.raw.tracking_number.clone(),
                result: csv_results::INVALID,
                message: text,
            }),
        }
    }
    out
}
