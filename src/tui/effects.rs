//! Every network call of the workstation, one async fn per effect kind. Each result goes back to the loop
//! as a `Msg` carrying its request id. Shipping goes through the durable journal (`ops`), and waybill
//! numbers through the waybill book, so a lost answer is checked and a number is never taken twice.

use super::journal::{JournalRow, Kind, RowState};
use super::msg::{Msg, ReqId};
use crate::api::{ApiError, Gateway, StatusFilter, waybill};
use crate::domain::{Courier, NoteRequest, Order, ShipRequest};
use crate::ops::csv_rows::{self, FileError};
use crate::ops::{
    OpError, ShipPolicy, reconcile_pending, ship_with, take_waybill, update_note_journaled,
};
use crate::store::{Journal, OpEntry, OpKind, ShipState, WaybillBook, identity};
use jiff::Timestamp;
use tokio::sync::mpsc::UnboundedSender;

/// What the tasks need: the clients and the way back to the loop.
#[derive(Clone)]
pub struct Runner {
    pub gateway: Gateway,
    pub waybill: Option<waybill::Client>,
    pub journal: Journal,
    pub waybills: WaybillBook,
    pub tx: UnboundedSender<Msg>,
    /// For the texts of refusals made here (claims, duplicate numbers, conflicts), not by the gateway.
    pub lang: crate::i18n::Lang,
}

impl Runner {
    fn send(&self, msg: Msg) {
        // The loop is gone only when the workstation is closing; nothing is left to tell.
        let _ = self.tx.send(msg);
    }

    pub async fn fetch_orders(
        self,
        id: ReqId,
        status: StatusFilter,
        start: Timestamp,
        end: Timestamp,
    ) {
        let result = self.gateway.list_orders(status, start, end).await;
        self.send(Msg::Orders { id, result });
    }

    pub async fn fetch_detail(self, id: ReqId, order_sn: String) {
        let result = Box::new(self.gateway.order_detail(&order_sn).await);
        self.send(Msg::Detail { id, result });
    }

    pub async fn fetch_couriers(self, id: ReqId) {
        let result = self.gateway.couriers().await;
        self.send(Msg::Couriers { id, result });
    }

    /// One durable shipment after the other: each is journalled, and a lost answer is read back.
    pub async fn ship(self, id: ReqId, requests: Vec<ShipRequest>) {
        let mut outcomes = Vec::with_capacity(requests.len());
        for r in &requests {
            let res = ship_with(&self.gateway, &self.journal, r, &ShipPolicy::default())
                .await
                .map(|_| ())
                .map_err(|e| local_refusal(e, self.lang));
            outcomes.push((r.order_sn.clone(), res));
        }
        self.send(Msg::Shipped {
            id,
            result: Ok(outcomes),
        });
    }

    /// Checks what an earlier run left pending; runs beside the first fetches, never before them.
    pub async fn reconcile(self, id: ReqId) {
        let result = reconcile_pending(&self.gateway, &self.journal).await;
        self.send(Msg::Reconciled { id, result });
    }

    /// The journal's items that need attention, read off the async threads (the store is blocking I/O).
    pub async fn load_journal(self, id: ReqId) {
        let journal = self.journal.clone();
        let read = move || -> Result<Vec<OpEntry>, crate::store::StoreError> {
            let mut all = journal.pending_ops()?;
            all.extend(journal.conflicts()?);
            Ok(all)
        };
        let result = match tokio::task::spawn_blocking(read).await {
            Ok(Ok(entries)) => Ok(entries.iter().map(journal_row).collect()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        self.send(Msg::JournalLoaded { id, result });
    }

    /// Reads and checks the import dialog's file off the async threads; `~/` is the operator's home.
    pub async fn read_csv(self, id: ReqId, path: std::path::PathBuf, couriers: Vec<Courier>) {
        let path = match (path.strip_prefix("~"), std::env::var_os("HOME")) {
            (Ok(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
            _ => path,
        };
        let p = path.clone();
        let result = tokio::task::spawn_blocking(move || csv_rows::read_file(&p, &couriers))
            .await
            .unwrap_or_else(|e| Err(FileError::Io(std::io::Error::other(e.to_string()))));
        self.send(Msg::CsvRead { id, path, result });
    }

    /// Orders other processes are shipping now (this process's own claims left out), with their user.
    pub async fn load_claims(self, id: ReqId) {
        let journal = self.journal.clone();
        let read = move || {
            let (host, pid) = (identity::host(), identity::pid());
            journal.claims().map(|list| {
                list.into_iter()
                    .filter(|c| !(c.host == host && c.pid == pid))
                    .map(|c| (c.order_sn, c.user))
                    .collect::<Vec<_>>()
            })
        };
        let result = match tokio::task::spawn_blocking(read).await {
            Ok(Ok(list)) => Ok(list),
            Ok(Err(e)) => {
                tracing::warn!("cannot read claims: {e}");
                Err(e.to_string())
            }
            Err(e) => Err(e.to_string()),
        };
        self.send(Msg::Claims { id, result });
    }

    pub async fn update_notes(self, id: ReqId, requests: Vec<NoteRequest>) {
        let mut results = Vec::with_capacity(requests.len());
        for r in requests {
            // Journalled like a shipment: an unknown outcome is read back at the next reconciliation.
            let res = update_note_journaled(&self.gateway, &self.journal, &r).await;
            results.push((r, res));
        }
        self.send(Msg::Noted { id, results });
    }

    pub async fn take_number(self, id: ReqId, order: Box<Order>) {
        let result = match &self.waybill {
            Some(w) => take_waybill(w, &self.waybills, &order).await,
            None => Err(ApiError::Unsupported {
                gateway: "waybill",
                operation: "take a number (not configured)",
            }),
        };
        self.send(Msg::Number {
            id,
            order_sn: order.order_sn.clone(),
            result,
        });
    }
}

/// A journal item that needs attention, as the journal screen shows it.
fn journal_row(e: &OpEntry) -> JournalRow {
    JournalRow {
        at: e.at,
        order_sn: e.order_sn.clone(),
        kind: match e.kind {
            OpKind::Ship => Kind::Ship,
            OpKind::Modify => Kind::Modify,
            OpKind::Note => Kind::Note,
            OpKind::Waybill => Kind::Waybill,
        },
        number: e.number.clone().unwrap_or_default(),
        user: e.user.clone(),
        state: match e.state {
            ShipState::Unknown => RowState::Unknown,
            ShipState::Conflict => RowState::Conflict {
                theirs: e.result.clone().unwrap_or_default(),
            },
            _ => RowState::Pending,
        },
    }
}

/// The dialog speaks `ApiError`; a refusal made here (not by the gateway) keeps its variant but carries the
/// operator's language.
fn local_refusal(e: OpError, lang: crate::i18n::Lang) -> ApiError {
    let text = crate::i18n::journal::op_error(&e, lang);
    match ApiError::from(e) {
        ApiError::Gateway { code, .. } => ApiError::Gateway {
            code,
            message: text,
        },
        ApiError::ConnectionLost(_) => ApiError::ConnectionLost(text),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, errors::api_error};
    use crate::store::Refusal;

    #[test]
    fn local_refusals_read_in_the_operators_language() {
        let dup = || {
            OpError::Refused(Refusal::DuplicateNumber {
                order_sn: "210317-000000000000001".into(),
                number: "YT1".into(),
                other_order: "210317-000000000000002".into(),
            })
        };
        let zh = api_error(&local_refusal(dup(), Lang::Zh), Lang::Zh);
        assert!(
            zh.contains("210317-000000000000002") && !zh.contains("网关错误"),
            "{zh}"
        );
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{zh}"
        );
        let en = api_error(&local_refusal(dup(), Lang::En), Lang::En);
        assert!(en.contains("YT1") && !en.contains("gateway error"), "{en}");
    }
}
