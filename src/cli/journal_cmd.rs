//! `pddtui journal`: the audit trail of shipments, notes and waybill numbers (table, JSON or CSV), and
//! `--reconcile`, which first checks what is pending against the gateway. Exit 1 while any stays open.

use super::args::JournalArgs;
use super::exit::Failure;
use super::session::Session;
use super::table::{Align, render};
use super::write::open_journal;
use crate::domain::time::{beijing, format_beijing};
use crate::i18n::{Lang, errors::op_error, journal as tj};
use crate::ops::{Reconciled, reconcile_all};
use crate::store::{Filter, Journal, OpEntry, OpKind, ShipState, Unwritable};
use jiff::Timestamp;
use std::sync::Arc;

pub async fn run(s: &Session, a: &JournalArgs) -> Result<String, Failure> {
    let lang = s.lang;
    let filter = Filter {
        since: match &a.since {
            Some(text) => {
                Some(parse_since(text).ok_or_else(|| Failure::Usage(tj::bad_since(lang, text)))?)
            }
            None => None,
        },
        order_sn: a.order.clone(),
    };
    // A data dir that cannot be written still shows its trail; only --reconcile writes.
    let journal = match open_journal(s) {
        Ok(j) => j,
        Err(Failure::Failed(reason)) if !a.reconcile => {
            super::out::warn(&reason);
            Journal::with_backend(Arc::new(Unwritable::new(reason, &s.data_dir)))
        }
        Err(e) => return Err(e),
    };
    let db = |e: crate::store::StoreError| Failure::Failed(op_error(&e.into(), lang));
    let mut open_items = None;
    if a.reconcile {
        let found = reconcile_all(&s.gateway, &journal)
            .await
            .map_err(|e| Failure::Failed(op_error(&e, lang)))?;
        let mut lines = Vec::new();
        for (entry, outcome) in &found {
            lines.push(match (entry.kind, outcome) {
                // The waybill service cannot be asked: taking the number again is the check.
                (OpKind::Waybill, Reconciled::Unknown) => {
                    tj::waybill_take_again(lang, &entry.order_sn)
                }
                _ => tj::reconciled(lang, &entry.order_sn, &number_of(entry), outcome),
            });
        }
        let conflicts = journal.conflicts().map_err(db)?.len();
        // An order another process is shipping right now is in flight, not unknown.
        let busy: Vec<String> = journal
            .claims()
            .map_err(db)?
            .into_iter()
            .map(|c| c.order_sn)
            .collect();
        let unknown = journal
            .pending_ops()
            .map_err(db)?
            .iter()
            .filter(|e| !busy.contains(&e.order_sn))
            .count();
        lines.push(tj::reconcile_summary(lang, found.len(), conflicts, unknown));
        // Findings go to stderr when stdout is meant for a program.
        let text = lines.join("\n");
        if a.json || a.csv {
            super::out::warn(&text);
        } else {
            super::out::say(&format!("{text}\n"))?;
        }
        if conflicts + unknown > 0 {
            open_items = Some(tj::reconcile_summary(lang, found.len(), conflicts, unknown));
        }
    }
    if a.json {
        stream_json(&journal, &filter)?;
        return match open_items {
            Some(summary) => Err(Failure::Failed(summary)),
            None => Ok(String::new()),
        };
    }
    let entries = journal.entries(&filter).map_err(db)?;
    let out = if a.csv {
        csv(&entries, lang)?
    } else if entries.is_empty() {
        tj::empty(lang).to_string()
    } else {
        table(&entries, lang)
    };
    match open_items {
        // Exit 1, with the trail still printed for the operator.
        Some(summary) => {
            super::out::say(out.trim_end())?;
            Err(Failure::Failed(summary))
        }
        None => Ok(out),
    }
}

/// A day (from its midnight) or a time, in Beijing.
fn parse_since(text: &str) -> Option<i64> {
    let t = text.trim();
    let dt = jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S", t)
        .or_else(|_| jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M", t))
        .or_else(|_| {
            jiff::civil::Date::strptime("%Y-%m-%d", t)
                .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
        })
        .ok()?;
    dt.to_zoned(beijing())
        .ok()
        .map(|z| z.timestamp().as_second())
}

fn time(secs: i64) -> String {
    Timestamp::from_second(secs)
        .map(format_beijing)
        .unwrap_or_default()
}

/// The courier and number of a shipment (a conflict shows both numbers), the number a waybill call
/// took, the text of a note.
fn number_of(e: &OpEntry) -> String {
    match e.kind {
        OpKind::Ship | OpKind::Modify => {
            let n = e.number.clone().unwrap_or_default();
            let base = match e.logistics_id {
                Some(id) => format!("{id}/{n}"),
                None => n,
            };
            match (&e.result, e.state) {
                (Some(found), ShipState::Conflict) => format!("{base} ≠ {found}"),
                _ => base,
            }
        }
        OpKind::Waybill => e.result.clone().unwrap_or_default(),
        OpKind::Note => e.note_start(30),
    }
}

/// A journalled text (a note, a user name, an error) as one safe cell: the one sanitiser.
fn one_line(s: &str) -> String {
    crate::domain::text::sanitize(s)
}

fn cells(e: &OpEntry, lang: Lang) -> Vec<String> {
    vec![
        time(e.at),
        one_line(&e.user),
        one_line(&e.profile),
        tj::kind(lang, e.kind).to_string(),
        e.order_sn.clone(),
        one_line(&number_of(e)),
        tj::state(lang, e.state).to_string(),
        one_line(e.error.as_deref().unwrap_or("")),
    ]
}

fn table(entries: &[OpEntry], lang: Lang) -> String {
    let rows: Vec<Vec<String>> = entries.iter().map(|e| cells(e, lang)).collect();
    render(&tj::headers(lang), &[Align::Left; 8], &rows)
}

fn json(e: &OpEntry) -> Result<serde_json::Value, serde_json::Error> {
    let mut v = serde_json::to_value(e)?;
    if let Some(obj) = v.as_object_mut() {
        obj.insert("time".into(), time(e.at).into());
        obj.insert("state".into(), e.state.code().into());
        obj.insert("kind".into(), e.kind.code().into());
    }
    Ok(v)
}

/// Prints the trail as one JSON array (as `to_string_pretty` would), each entry as it is read: 100,000
/// entries held 520 MB when gathered first. A reader that goes away ends it quietly.
fn stream_json(journal: &crate::store::Journal, filter: &Filter) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut first = true;
    // Why the walk was stopped: Ok for a reader gone (quiet), Err for a failure.
    let mut stopped: Option<Result<(), Failure>> = None;
    let walked = journal.each_entry(filter, &mut |e| {
        let mut stop = |why: Result<(), Failure>| {
            stopped = Some(why);
            crate::store::StoreError::Db("stopped".into())
        };
        let text = json(&e)
            .and_then(|v| serde_json::to_string_pretty(&v))
            .map_err(|e| stop(Err(Failure::Failed(e.to_string()))))?;
        let mut chunk = String::from(if first { "[\n" } else { ",\n" });
        first = false;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                chunk.push('\n');
            }
            chunk.push_str("  ");
            chunk.push_str(&super::out::terminal_safe(line, true));
        }
        out.write_all(chunk.as_bytes())
            .map_err(|e| stop(super::out::quiet_on_pipe(Err(e))))
    });
    match (stopped, walked) {
        (Some(why), _) => return why,
        (None, Err(e)) => return Err(Failure::Failed(e.to_string())),
        (None, Ok(())) => {}
    }
    let end = if first { "[]\n" } else { "\n]\n" };
    super::out::quiet_on_pipe(out.write_all(end.as_bytes()).and_then(|()| out.flush()))
}

/// A spreadsheet must not run a cell as a formula: one starting with `=`, `+`, `-` or `@` gets a `'`.
fn neutral(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn csv(entries: &[OpEntry], lang: Lang) -> Result<String, Failure> {
    let fail = |e: &dyn std::fmt::Display| Failure::Failed(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(tj::headers(lang)).map_err(|e| fail(&e))?;
    for e in entries {
        let row: Vec<String> = cells(e, lang).iter().map(|c| neutral(c)).collect();
        w.write_record(&row).map_err(|e| fail(&e))?;
    }
    let bytes = w.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutral("=1+1"), "'=1+1");
        assert_eq!(neutral("@SUM"), "'@SUM");
        assert_eq!(neutral("-2"), "'-2");
        assert_eq!(neutral("+86"), "'+86");
        assert_eq!(neutral("YT1"), "YT1");
    }

    #[test]
    fn since_is_beijing() {
        // 2026-11-22 00:00 in Beijing is 2026-11-21 16:00 UTC.
        assert_eq!(parse_since("2026-11-22"), Some(1_795_276_800));
        assert!(parse_since("2026-11-22 08:00:00").is_some());
        assert!(parse_since("yesterday").is_none());
    }
}
