//! `pddtui team init` creates or migrates the schema of the `[team]` database; `pddtui team status`
//! shows the workstations online, the sync leader of each shop and the claims in force.

use super::args::TeamCommand;
use super::exit::Failure;
use super::session::Session;
use super::table::{Align, render};
use crate::domain::time::format_beijing;
use crate::i18n::{Lang, team as t};
use crate::store::team::{TeamDb, migrate, status};

pub async fn run(s: &Session, c: &TeamCommand) -> Result<String, Failure> {
    let lang = s.lang;
    let Some(config) = &s.team else {
        return Err(Failure::Usage(t::no_team(lang).to_string()));
    };
    let failed = |e: crate::store::StoreError| Failure::Failed(t::failed(lang, &e.to_string()));
    let db = TeamDb::new(config).map_err(failed)?;
    match c {
        TeamCommand::Init => {
            let applied = migrate::migrate_async(db.clone()).await.map_err(failed)?;
            tracing::info!(?applied, "team schema migrated");
            Ok(t::initialised(
                lang,
                db.where_(),
                &applied,
                migrate::latest(),
            ))
        }
        TeamCommand::Status { json } => {
            let st = status::status_async(db).await.map_err(failed)?;
            if *json {
                serde_json::to_string_pretty(&st)
                    .map_err(|e| Failure::Failed(t::failed(lang, &e.to_string())))
            } else {
                Ok(table(&st, lang))
            }
        }
    }
}

fn when(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(format_beijing)
        .unwrap_or_else(|_| secs.to_string())
}

fn table(st: &status::TeamStatus, lang: Lang) -> String {
    let h = t::heads(lang);
    let mut out = format!(
        "{}: {}  {}: {}\n",
        h.database, st.database, h.schema, st.schema_version
    );
    let mut section = |title: &str, head: &[&str], rows: Vec<Vec<String>>| {
        out.push_str(&format!("\n{title}\n"));
        if rows.is_empty() {
            out.push_str(h.none);
            out.push('\n');
        } else {
            let aligns = vec![Align::Left; head.len()];
            out.push_str(&render(head, &aligns, &rows));
            out.push('\n');
        }
    };
    section(
        h.workstations,
        &[h.operator, h.host, h.shop, h.since, h.last_seen],
        st.workstations
            .iter()
            .map(|w| {
                vec![
                    w.operator.clone(),
                    format!("{} (pid {})", w.host, w.pid),
                    w.profile.clone(),
                    when(w.since),
                    when(w.last_seen),
                ]
            })
            .collect(),
    );
    section(
        h.leaders,
        &[h.shop, h.operator, h.host, h.until],
        st.leaders
            .iter()
            .map(|l| {
                vec![
                    l.profile.clone(),
                    l.operator.clone(),
                    format!("{} (pid {})", l.host, l.pid),
                    when(l.expires_at),
                ]
            })
            .collect(),
    );
    section(
        h.claims,
        &[h.order, h.operator, h.host, h.until, h.fence],
        st.claims
            .iter()
            .map(|c| {
                vec![
                    c.order_sn.clone(),
                    c.operator.clone(),
                    format!("{} (pid {})", c.host, c.pid),
                    when(c.expires_at),
                    c.fence.to_string(),
                ]
            })
            .collect(),
    );
    out
}
