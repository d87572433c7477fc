//! What the queue shows, derived from the loaded orders: which rows in which order, the header's counts,
//! the orders-per-hour series, and the short texts of a row (time left, goods summary).

use crate::domain::{Flag, OrderRow};
use crate::i18n::{Lang, tui as tr};
use crate::tui::app::App;
use crate::tui::queue::memo::{RowsKey, Summary};
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

/// Indices into `app.orders` of the rows the queue shows, in display order. A small queue (up to
/// `RowsWork::inline_up_to` orders) computes them here when the orders, the filter, the sort, the shipped
/// toggle or the clock's minute changed; a big one shows the rows computed last until a worker's result for
/// the new key arrives (`update::recompute`): every action acts on these, the rows on screen.
pub fn visible(app: &App) -> Arc<[usize]> {
    let memo = app.orders.memo();
    if !inline(app)
        && let Some(rows) = memo.last_rows()
    {
        return rows;
    }
    memo.rows(key(app), || compute_visible(app))
}

/// What the visible rows depend on besides the orders, as they are now.
pub fn key(app: &App) -> RowsKey {
    RowsKey {
        filter: app.queue.filter.value().to_string(),
        sort: app.queue.sort,
        shipped: app.queue.show_shipped,
        minute: minute(app.now),
    }
}

/// The queue is small enough to filter and sort on the UI thread, inside the key that changed it.
pub fn inline(app: &App) -> bool {
    app.orders.len() <= app.pending.rows.inline_up_to
}

/// The rows or the counts on screen are not yet those of the filter, sort and orders as they are: a worker
/// computes them (the view marks it).
pub fn updating(app: &App) -> bool {
    if inline(app) {
        return false;
    }
    let memo = app.orders.memo();
    let k = key(app);
    let minute = k.minute;
    !memo.rows_current(&k) || !memo.summary_current(minute)
}

/// The header's counts and orders per hour, computed again only when the orders or the clock's minute
/// changed; over a big queue those computed last until the worker's arrive, as `visible`.
pub fn summary(app: &App) -> Arc<Summary> {
    let memo = app.orders.memo();
    if !inline(app)
        && let Some(s) = memo.last_summary()
    {
        return s;
    }
    let m = minute(app.now);
    memo.summary(m, || compute_summary(&app.orders, m))
}

pub fn minute(t: Timestamp) -> i64 {
    t.as_second().div_euclid(60)
}

/// The time the queue shows everything at: the start of the clock's minute. Rows, counts and filters move
/// together at each minute (when the tick redraws), never one of them in between because a key drew a frame.
pub fn clock(app: &App) -> Timestamp {
    Timestamp::from_second(minute(app.now).saturating_mul(60)).unwrap_or(app.now)
}

pub use crate::tui::queue::derive::{compute, compute_summary, per_hour, stats};

/// Filters and sorts every order: what `visible` does when its memo is stale.
pub fn compute_visible(app: &App) -> Vec<usize> {
    compute(&app.orders, &key(app), app.settings.caps)
}

/// The order under the cursor.
pub fn current(app: &App) -> Option<&OrderRow> {
    let rows = visible(app);
    rows.get(app.queue.cursor).map(|&i| &app.orders[i])
}

/// The orders an action applies to: the selected ones, else the one under the cursor.
pub fn targets(app: &App) -> Vec<String> {
    if let crate::tui::app::Screen::Detail { order_sn, .. } = &app.screen {
        return vec![order_sn.clone()];
    }
    if !app.queue.selected.is_empty() {
        return visible(app)
            .iter()
            .map(|&i| app.orders[i].order_sn.to_string())
            .filter(|sn| app.queue.selected.contains(sn))
            .collect();
    }
    current(app)
        .map(|o| vec![o.order_sn.to_string()])
        .unwrap_or_default()
}

/// Selected orders that are loaded but hidden by the filter (or by hiding shipped orders): an action on the
/// selection does not reach them.
pub fn hidden_selected(app: &App) -> usize {
    if !matches!(app.screen, crate::tui::app::Screen::Queue) || app.queue.selected.is_empty() {
        return 0;
    }
    let visible = visible(app);
    let shown: std::collections::HashSet<&str> = visible
        .iter()
        .map(|&i| app.orders[i].order_sn.as_str())
        .collect();
    app.queue
        .selected
        .iter()
        .filter(|sn| !shown.contains(sn.as_str()) && app.orders.find(sn).is_some())
        .count()
}

/// `5h20m`, `-2h05m`, `3d04h`; `~` in front when the deadline is estimated.
pub fn time_left_text(deadline: Option<(Timestamp, bool)>, now: Timestamp) -> String {
    let Some((deadline, estimated)) = deadline else {
        return "—".into();
    };
    let d = deadline.duration_since(now);
    let sign = if d.is_negative() { "-" } else { "" };
    let mins = d.as_secs().unsigned_abs() / 60;
    let (h, m) = (mins / 60, mins % 60);
    let body = if h >= 100 {
        format!("{}d{:02}h", h / 24, h % 24)
    } else {
        format!("{h}h{m:02}m")
    };
    let est = if estimated { "~" } else { "" };
    format!("{est}{sign}{body}")
}

/// The deadline a countdown is shown for: none once the order has left the unshipped state (a shipped
/// order is never "overdue", whatever its old deadline).
pub fn countdown(o: &OrderRow) -> Option<(Timestamp, bool)> {
    if o.is_unshipped() { o.deadline() } else { None }
}

/// The countdown as this gateway can know it: none where it sends no deadlines (pddshuju), rather than
/// an estimate that would colour orders overdue on a guess.
pub fn known_countdown(app: &App, o: &OrderRow) -> Option<(Timestamp, bool)> {
    countdown(o).filter(|_| app.settings.caps.deadlines)
}

/// How urgent a row is, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Overdue,
    Soon,
    Normal,
}

pub fn urgency(deadline: Option<(Timestamp, bool)>, now: Timestamp) -> Urgency {
    match deadline.map(|(d, _)| d.duration_since(now)) {
        Some(d) if d.is_negative() => Urgency::Overdue,
        Some(d) if d < SignedDuration::from_hours(6) => Urgency::Soon,
        _ => Urgency::Normal,
    }
}

/// First item × count, and `等N件` (`domain::goods`, as in the CLI).
pub fn goods_summary(o: &OrderRow, lang: Lang) -> String {
    let lines = usize::try_from(o.items).unwrap_or(usize::MAX);
    crate::domain::goods::summary(o.goods_name(), i64::from(o.goods_count), lines, lang)
}

/// The badges of an order, in their fixed order, each with the text key of its glyph.
pub fn badges(o: &OrderRow) -> [(bool, tr::T); 6] {
    [
        (o.buyer_memo, tr::T::BadgeMemo),
        (o.urged, tr::T::BadgeUrged),
        (o.in_refund(), tr::T::BadgeRefund),
        (o.risk_review, tr::T::BadgeRisk),
        (o.pre_sale, tr::T::BadgePreSale),
        (o.stock_out, tr::T::BadgeStockOut),
    ]
}

/// The flag's name in the operator's language.
pub fn flag_name(f: Flag, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => f.name_zh(),
        Lang::En => f.name_en(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testdata::{now, orders};

    #[test]
    fn texts_and_counts() {
        let os = crate::tui::queue::order_list::OrderList::new(&orders());
        let n = now();
        assert_eq!(time_left_text(os[0].deadline(), n), "7h16m");
        assert_eq!(time_left_text(os[1].deadline(), n), "-2h00m");
        assert_eq!(time_left_text(os[6].deadline(), n), "~21h00m");
        assert_eq!(urgency(os[1].deadline(), n), Urgency::Overdue);
        assert_eq!(urgency(os[2].deadline(), n), Urgency::Soon);
        let s = stats(&os, n);
        assert_eq!(s.unshipped, 7);
        assert_eq!(s.overdue, 1);
        assert_eq!(s.due_6h, 1);
        assert_eq!(s.flags, [1, 1, 1, 1, 1]);
        assert_eq!(
            goods_summary(&os[2], Lang::En),
            "A4白纸一张十圆不支持退货,不要乱拍!×1 +2 more"
        );
        let ph = per_hour(&os, n);
        assert_eq!(ph.len(), 48);
        assert_eq!(ph.iter().sum::<u64>(), 7);
    }

    /// A frame drawn by a key in the middle of a minute shows rows, counts and filter results of one
    /// instant: an order that crosses the six-hour mark does so everywhere at once.
    #[test]
    fn rows_counts_and_filters_share_the_minutes_clock() {
        let mut a = crate::tui::testdata::app(Lang::En);
        let start = clock(&a);
        let deadline = start
            .checked_add(SignedDuration::from_hours(6) + SignedDuration::from_secs(30))
            .unwrap();
        let mut o = crate::tui::testdata::orders().remove(3);
        o.order_sn = "210318-001532562392299".into();
        o.last_ship_time = Some(deadline);
        crate::tui::testdata::load(&mut a, vec![o]);
        let before = summary(&a).stats.due_6h;
        for secs in [0, 20, 45, 59] {
            a.now = start.checked_add(SignedDuration::from_secs(secs)).unwrap();
            let text = time_left_text(Some((deadline, false)), clock(&a));
            assert_eq!(text, "6h00m", "{secs}s into the minute");
            assert_eq!(summary(&a).stats.due_6h, before, "{secs}s into the minute");
        }
        a.now = start.checked_add(SignedDuration::from_secs(61)).unwrap();
        assert_eq!(time_left_text(Some((deadline, false)), clock(&a)), "5h59m");
        assert_eq!(summary(&a).stats.due_6h, before + 1);
    }
}
