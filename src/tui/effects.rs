//! Every network call of the workstation, one async fn per effect kind. Each result goes back to the loop
//! as a `Msg` carrying its request id. Shipping goes through the durable journal (`ops`), and waybill
//! numbers through the waybill book, so a lost answer is checked and a number is never taken twice.

use crate::api::{ApiError, Gateway, StatusFilter, waybill};
use crate::domain::csv_rows::{self, FileError};
use crate::domain::{Courier, Order, ShipRequest};
use crate::ops::note::Edit as NoteEdit;
use crate::ops::sync::{self, Refresh};
use crate::ops::team_sync::TeamSync;
use crate::ops::{OpError, ShipPolicy, reconcile_pending, ship_with, take_waybill, write_checked};
use crate::store::{
    DetailStore, Duplicates, Journal, OpEntry, OpKind, ShipState, StoreError, WaybillBook, identity,
};
use crate::tui::attention::{HISTORY_LIMIT, JournalPage, JournalRow, Kind, RowState};
use crate::tui::msg::{Msg, ReqId};
use crate::tui::queue::order_list::Builder;
use crate::tui::team_fetch;
use jiff::Timestamp;
use std::collections::BTreeMap;
use tokio::sync::mpsc::UnboundedSender;

/// How often a sync tells how far it got: each report redraws the header.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// When a first sync first shows the orders it has received (then at doubling intervals).
const PARTIAL_FIRST: std::time::Duration = std::time::Duration::from_millis(500);

/// Pages of whole orders a sync may hold waiting for the detail store.
const PAGES_QUEUED: usize = 32;

/// What the tasks need: the clients and the way back to the loop.
#[derive(Clone)]
pub struct Runner {
    pub gateway: Gateway,
    pub waybill: Option<waybill::Client>,
    pub journal: Journal,
    pub waybills: WaybillBook,
    /// Whole orders on disk (None when the store cannot be opened: details are then read from the gateway).
    pub details: Option<DetailStore>,
    /// `[team]`: the shop's one sync, shared through the team's database (None for one host).
    pub team: Option<TeamSync>,
    pub tx: UnboundedSender<Msg>,
}

impl Runner {
    fn send(&self, msg: Msg) {
        // The loop is gone only when the workstation is closing; nothing is left to tell.
        let _ = self.tx.send(msg);
    }

    /// A whole sync. Each page becomes queue rows here, off the UI thread, and goes whole to the detail
    /// store on a thread of its own; no more than a few pages of whole orders are ever held at once.
    pub async fn fetch_orders(
        self,
        id: ReqId,
        status: StatusFilter,
        start: Timestamp,
        end: Timestamp,
        partial: bool,
    ) {
        // A team's workstation lists the unshipped queue only while it leads the shop's sync; its pages
        // then go to the team's database too.
        let mut lead = None;
        if let (Some(team), StatusFilter::Unshipped) = (&self.team, status) {
            let progress = self.tx.clone();
            // The rows of a leader's first list so far, shown as an incomplete sync (never as the queue).
            let waiting = move |orders: Vec<Order>| {
                let mut rows = Builder::default();
                rows.add(&orders);
                let _ = progress.send(Msg::SyncProgress {
                    id,
                    orders: orders.len(),
                    partial: Some(Box::new(rows.finish())),
                });
            };
            match team_fetch::plan(team, &self.gateway, end, &waiting).await {
                team_fetch::Plan::Done(got) => {
                    team_fetch::deliver(&self.tx, self.details.as_ref(), id, got, true).await;
                    return;
                }
                team_fetch::Plan::List(fence) => lead = self.team.clone().map(|t| (t, fence)),
            }
        }
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Order>>(PAGES_QUEUED);
        let (store, shared) = (self.details.clone(), lead.clone());
        let lost_page = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let lost = lost_page.clone();
        let writer = (store.is_some() || shared.is_some()).then(|| {
            std::thread::spawn(move || {
                for page in rx {
                    if let Some(store) = &store
                        && let Err(e) = store.put(&page)
                    {
                        tracing::warn!("cannot store order details: {e}");
                    }
                    if let Some((team, fence)) = &shared {
                        let batch = crate::store::team::orders::Batch {
                            orders: page,
                            ..Default::default()
                        };
                        if let Err(e) = team.write_blocking(*fence, batch) {
                            tracing::warn!("cannot write the team's queue: {e}");
                            lost.store(true, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                }
                store
            })
        });
        let mut rows = Builder::default();
        let sent = &tx;
        let (mut received, mut told) = (0usize, std::time::Instant::now());
        // The rows so far are copied at doubling intervals: a long sync copies them a few times only.
        let (mut shown, mut show_every) = (std::time::Instant::now(), PARTIAL_FIRST);
        let progress = self.tx.clone();
        let listed = self
            .gateway
            .list_orders_each(status, start, end, &mut |page| {
                rows.add(&page);
                received += page.len();
                if told.elapsed() >= PROGRESS_EVERY {
                    told = std::time::Instant::now();
                    let partial = (partial && shown.elapsed() >= show_every).then(|| {
                        shown = std::time::Instant::now();
                        show_every = show_every.saturating_mul(2);
                        Box::new(rows.snapshot())
                    });
                    let _ = progress.send(Msg::SyncProgress {
                        id,
                        orders: received,
                        partial,
                    });
                }
                if writer.is_some() {
                    // Waits only when the store is PAGES_QUEUED pages behind: memory stays bounded.
                    let _ = sent.send(page);
                }
            })
            .await;
        drop(tx);
        let result = listed.map(|skipped| {
            let mut list = rows.finish();
            list.set_skipped(skipped);
            Box::new(list)
        });
        // Once every page is stored, what this sync did not see is gone from the shop's open orders.
        // Not where the listing holds only recent orders: the queue keeps those it no longer lists, and
        // their details with them (`keep_details`, once the queue is merged).
        let seen: Option<Vec<String>> = match &result {
            Ok(list) if writer.is_some() && !self.gateway.capabilities().recent_only => {
                Some(list.iter().map(|r| r.order_sn.to_string()).collect())
            }
            _ => None,
        };
        let listed = result.is_ok();
        self.send(Msg::Orders { id, result });
        let shared_seen = lead.as_ref().and(seen.clone());
        if let Some(w) = writer {
            let prune = move || {
                if let (Ok(Some(store)), Some(seen)) = (w.join(), seen)
                    && let Err(e) = store.keep_only(&seen)
                {
                    tracing::warn!("cannot prune order details: {e}");
                }
            };
            let _ = tokio::task::spawn_blocking(prune).await;
        }
        // Every page is written: the orders not listed have left the shared queue, and its mark is when
        // this list started. Not when a page is missing: the mark stays, so the shop is listed again.
        let whole = listed && !lost_page.load(std::sync::atomic::Ordering::Relaxed);
        if let (Some((team, fence)), true) = (lead, whole)
            && let Err(e) = team.finish_list(fence, shared_seen, end).await
        {
            tracing::warn!("cannot finish the team's queue: {e}");
        }
    }

    /// An incremental refresh: the orders changed since `mark` (`ops::sync`), their whole copies put in
    /// the detail store before the queue hears of them, as a full sync does.
    pub async fn fetch_changes(self, id: ReqId, mark: Timestamp) {
        if let Some(team) = &self.team {
            // The leader asks the gateway from the shared mark; every workstation reads the shared rows.
            let got = team.refresh(&self.gateway, Timestamp::now()).await;
            team_fetch::deliver(&self.tx, self.details.as_ref(), id, got, false).await;
            return;
        }
        let result =
            sync::changes_to_now(&self.gateway, mark, Timestamp::now(), sync::OVERLAP).await;
        if let (Ok(Refresh::Changed { orders, .. }), Some(store)) = (&result, &self.details)
            && !orders.is_empty()
        {
            let (store, orders) = (store.clone(), orders.clone());
            let put = move || sync::store_changes(&store, &orders);
            if let Ok(Err(e)) = tokio::task::spawn_blocking(put).await {
                tracing::warn!("cannot store order details: {e}");
            }
        }
        self.send(Msg::Changed { id, result });
    }

    /// Drops the stored whole orders of every order but these (the queue's rows): where the listing holds
    /// only recent orders, the details of those it stopped listing stay as long as their rows do.
    pub async fn keep_details(self, order_sns: Vec<String>) {
        if let Some(store) = self.details.clone() {
            let prune = move || {
                if let Err(e) = store.keep_only(&order_sns) {
                    tracing::warn!("cannot prune order details: {e}");
                }
            };
            let _ = tokio::task::spawn_blocking(prune).await;
        }
    }

    /// The whole order: at once from the detail store when it is there, then fresh from the gateway when
    /// the gateway can read one order.
    pub async fn fetch_detail(self, id: ReqId, order_sn: String) {
        let can_read = self.gateway.capabilities().detail;
        let stored = self.stored_detail(&order_sn).await;
        let had = stored.is_some();
        if let Some(o) = stored {
            self.send(Msg::Detail {
                id,
                result: Box::new(Ok(o)),
                fresh: false,
                last: !can_read,
            });
        }
        if can_read {
            let result = self.gateway.order_detail(&order_sn).await;
            if let (Ok(o), Some(store)) = (&result, &self.details) {
                let (store, o) = (store.clone(), o.clone());
                let put = move || store.put(&[o]);
                if let Ok(Err(e)) = tokio::task::spawn_blocking(put).await {
                    tracing::warn!("cannot store the order detail: {e}");
                }
            }
            self.send(Msg::Detail {
                id,
                result: Box::new(result),
                fresh: true,
                last: true,
            });
        } else if !had {
            self.send(Msg::Detail {
                id,
                result: Box::new(Err(self.no_detail())),
                fresh: false,
                last: true,
            });
        }
    }

    /// The whole order as the detail store has it, read off the async threads.
    async fn stored_detail(&self, order_sn: &str) -> Option<Order> {
        let store = self.details.clone()?;
        let sn = order_sn.to_string();
        match tokio::task::spawn_blocking(move || store.get(&sn)).await {
            Ok(Ok(o)) => o,
            Ok(Err(e)) => {
                tracing::warn!("cannot read the order detail store: {e}");
                None
            }
            Err(_) => None,
        }
    }

    fn no_detail(&self) -> ApiError {
        ApiError::Unsupported {
            gateway: self.gateway.kind().name(),
            operation: "read an order's detail",
        }
    }

    pub async fn fetch_couriers(self, id: ReqId) {
        let result = self.gateway.couriers().await;
        self.send(Msg::Couriers { id, result });
    }

    /// One durable shipment after the other: each is journalled, and a lost answer is read back. An
    /// order's number may be one that its `mates` (orders of its buyer address, one parcel) use too.
    pub async fn ship(
        self,
        id: ReqId,
        requests: Vec<ShipRequest>,
        mates: BTreeMap<String, Vec<String>>,
    ) {
        let mut outcomes = Vec::with_capacity(requests.len());
        for r in &requests {
            let policy = match mates.get(&r.order_sn) {
                Some(m) => ShipPolicy {
                    duplicates: Duplicates::SharedWith(m.clone().into()),
                    ..ShipPolicy::default()
                },
                None => ShipPolicy::default(),
            };
            let res = ship_with(&self.gateway, &self.journal, r, &policy)
                .await
                .map(|_| ());
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

    /// The journal's history (what needs the operator, then the newest `HISTORY_LIMIT` others), read off
    /// the async threads (the store is blocking I/O).
    pub async fn load_journal(self, id: ReqId) {
        let journal = self.journal.clone();
        let read = move || journal.history(HISTORY_LIMIT);
        let result = match tokio::task::spawn_blocking(read).await {
            Ok(Ok(h)) => Ok(JournalPage {
                rows: h
                    .entries
                    .iter()
                    .enumerate()
                    .map(|(i, e)| journal_row(e, i < h.open))
                    .collect(),
                total: h.total,
            }),
            Ok(Err(e)) => Err(e),
            Err(e) => Err(StoreError::Db(e.to_string())),
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
        let journal = self.journal.clone();
        // Numbers the journal saw are looked up here, as the CLI does up front: the dialog refuses
        // them, or lets a merge group's orders share them, with the addresses it knows.
        let read = move || -> Result<csv_rows::Parsed, FileError> {
            let mut parsed = csv_rows::read_file(&p, &couriers)?;
            for (line, sn, number) in parsed.numbers() {
                match journal.number_users(&number, &sn) {
                    Ok(users) if !users.is_empty() => parsed.used.push((line, users)),
                    Ok(_) => {}
                    Err(e) => tracing::warn!("cannot read the journal's numbers: {e}"),
                }
            }
            Ok(parsed)
        };
        let result = tokio::task::spawn_blocking(read)
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
                Err(e)
            }
            Err(e) => Err(StoreError::Db(e.to_string())),
        };
        self.send(Msg::Claims { id, result });
    }

    /// The team journal's entries of one order, or those begun since `since`, for the live updates.
    pub async fn read_team_ops(self, order_sn: Option<String>, since: Option<i64>) {
        let journal = self.journal.clone();
        let read = move || journal.entries(&crate::store::Filter { since, order_sn });
        let result = match tokio::task::spawn_blocking(read).await {
            Ok(r) => r,
            Err(e) => Err(StoreError::Db(e.to_string())),
        };
        self.send(Msg::TeamOps { result });
    }

    /// Each order's note read fresh, then the edit written over it (or not: unchanged, conflict), journalled
    /// like a shipment so that an unknown outcome is read back at the next reconciliation.
    pub async fn write_notes(self, id: ReqId, edits: Vec<(String, NoteEdit)>) {
        let mut results = Vec::with_capacity(edits.len());
        for (sn, edit) in edits {
            let res = write_checked(&self.gateway, &self.journal, &sn, &edit).await;
            results.push((sn, res));
        }
        self.send(Msg::Noted { id, results });
    }

    /// A waybill number for the order, whose whole detail (receiver, items) the service needs: the one
    /// passed, else the stored one, else read from the gateway.
    pub async fn take_number(self, id: ReqId, order_sn: String, order: Option<Box<Order>>) {
        let result = match &self.waybill {
            Some(w) => match self.whole_order(&order_sn, order).await {
                Ok(o) => take_waybill(w, &self.waybills, &o).await,
                Err(e) => Err(e.into()),
            },
            None => Err(OpError::Api(ApiError::Unsupported {
                gateway: "waybill",
                operation: "take a number (not configured)",
            })),
        };
        self.send(Msg::Number {
            id,
            order_sn,
            result,
        });
    }

    async fn whole_order(&self, sn: &str, given: Option<Box<Order>>) -> Result<Order, ApiError> {
        if let Some(o) = given {
            return Ok(*o);
        }
        if let Some(o) = self.stored_detail(sn).await {
            return Ok(o);
        }
        if self.gateway.capabilities().detail {
            return self.gateway.order_detail(sn).await;
        }
        Err(self.no_detail())
    }
}

/// A journal item as the journal screen shows it; `open`: it needs the operator.
fn journal_row(e: &OpEntry, open: bool) -> JournalRow {
    // The journal's texts were typed or received elsewhere: sanitised like network text.
    let clean = crate::domain::text::sanitize;
    let number = match e.kind {
        OpKind::Ship | OpKind::Modify => e.number.clone().unwrap_or_default(),
        OpKind::Waybill => e.result.clone().unwrap_or_default(),
        OpKind::Note => e.note_start(30),
    };
    JournalRow {
        id: e.id,
        at: e.at,
        order_sn: clean(&e.order_sn),
        kind: match e.kind {
            OpKind::Ship => Kind::Ship,
            OpKind::Modify => Kind::Modify,
            OpKind::Note => Kind::Note,
            OpKind::Waybill => Kind::Waybill,
        },
        number: clean(&number),
        user: clean(&e.user),
        state: match e.state {
            ShipState::Intent => RowState::Pending,
            ShipState::Unknown => RowState::Unknown,
            ShipState::Conflict => RowState::Conflict {
                theirs: clean(e.result.as_deref().unwrap_or_default()),
            },
            ShipState::Done => RowState::Done,
            ShipState::Failed => RowState::Failed,
        },
        open,
        detail: clean(e.error.as_deref().unwrap_or_default()),
    }
}
