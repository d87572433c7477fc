//! The queue's fetches in team mode: what a whole sync does (read the shared queue, catch up from the
//! shared mark, or list as the leader) and how what was read reaches the loop (`Msg::Orders`/`Changed`).

use crate::api::{ApiError, Gateway};
use crate::domain::Order;
use crate::ops::sync::Refresh;
use crate::ops::team_sync::{Full, Got, TeamSync};
use crate::store::DetailStore;
use crate::tui::msg::{Msg, ReqId};
use crate::tui::queue::order_list::Builder;
use jiff::Timestamp;
use tokio::sync::mpsc::UnboundedSender;

/// What a whole sync of a team's workstation does.
pub enum Plan {
    /// Answered from the shared queue (or failed): nothing more to do.
    Done(Result<Got, ApiError>),
    /// This workstation leads: list the shop from the gateway, writing every page under this fence.
    List(i64),
}

/// Decides a whole sync: a follower reads the shared queue; a leader joining a fresh one catches up from
/// its mark; otherwise the leader lists. A follower that finds the shared queue never synced (its leader's
/// first list still running) does not take the rows so far for the queue: it hands them to `waiting`
/// (shown as an incomplete sync) and reads again every `FOLLOWER_POLL` until the leader has finished —
/// or until it leads itself, the leader gone.
pub async fn plan(
    team: &TeamSync,
    gateway: &Gateway,
    now: Timestamp,
    waiting: &(dyn Fn(Vec<Order>) + Send + Sync),
) -> Plan {
    loop {
        match team.plan_full().await {
            Err(e) => return Plan::Done(Err(team.api_error(e))),
            Ok(Full::Read) => match team.read_whole().await {
                Err(e) => return Plan::Done(Err(team.api_error(e))),
                Ok((got, marks)) if marks.mark.is_some() => return Plan::Done(Ok(got)),
                Ok((got, _)) => {
                    if let Got::Whole { orders } = got {
                        waiting(orders);
                    }
                    tokio::time::sleep(crate::ops::team_sync::FOLLOWER_POLL).await;
                }
            },
            Ok(Full::CatchUp { fence, mark }) => {
                return match team.catch_up(gateway, fence, mark, now).await {
                    Ok(Got::TooOld) => Plan::List(fence),
                    other => Plan::Done(other),
                };
            }
            Ok(Full::List { fence }) => return Plan::List(fence),
        }
    }
}

/// Sends what was read to the loop, the whole orders first to the detail store (as a gateway sync does).
/// `whole`: the request was a whole sync (its failure is told as one).
pub async fn deliver(
    tx: &UnboundedSender<Msg>,
    details: Option<&DetailStore>,
    id: ReqId,
    got: Result<Got, ApiError>,
    whole: bool,
) {
    let msg = match got {
        Ok(Got::Changes { orders, mark }) => {
            store(details, &orders).await;
            Msg::Changed {
                id,
                result: Ok(Refresh::Changed { orders, mark }),
            }
        }
        Ok(Got::Whole { orders }) => {
            store(details, &orders).await;
            let mut rows = Builder::default();
            rows.add(&orders);
            Msg::Orders {
                id,
                result: Ok(Box::new(rows.finish())),
            }
        }
        Ok(Got::TooOld) => Msg::Changed {
            id,
            result: Ok(Refresh::TooOld),
        },
        Err(e) if whole => Msg::Orders { id, result: Err(e) },
        Err(e) => Msg::Changed { id, result: Err(e) },
    };
    // The loop is gone only when the workstation is closing.
    let _ = tx.send(msg);
}

async fn store(details: Option<&DetailStore>, orders: &[Order]) {
    let Some(store) = details.filter(|_| !orders.is_empty()) else {
        return;
    };
    let (store, orders) = (store.clone(), orders.to_vec());
    let put = move || store.put(&orders);
    if let Ok(Err(e)) = tokio::task::spawn_blocking(put).await {
        tracing::warn!("cannot store order details: {e}");
    }
}
