//! What the ship dialog shows of its orders above the form: for one order its time left, goods, buyer
//! memo and seller note with its flag; for a batch one line per order. Fitted to the rows the screen has.

use crate::domain::text::{pad, truncate, width};
use crate::domain::{Order, OrderRow};
use crate::i18n::group as group_tr;
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::App;
use crate::tui::queue::groups::group_of;
use crate::tui::queue::rows;
use crate::tui::view::style::Palette;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Most rows a text of one order takes (memo, note, goods).
const MOST_ROWS: usize = 3;

/// One labelled text: its head (label, flag) and the body after it, further rows indented to the body column.
struct Section {
    head: Vec<Span<'static>>,
    body: String,
    style: Style,
    /// The body's rows when it is cut (the rest are dropped first), at most.
    most: usize,
}

/// The lines about `targets`, at most `rows` of them (none when `rows` is 0), `cols` wide.
pub fn lines(
    app: &App,
    targets: &[String],
    cols: usize,
    rows: usize,
    pal: Palette,
) -> Vec<Line<'static>> {
    match targets {
        [one] => match app.orders.find(one) {
            Some(row) => fit(one_order(app, row, pal), cols, rows, label_cols(app)),
            None => Vec::new(),
        },
        // A few orders are enough to see what a batch asks for; the rest are counted.
        many => batch(app, many, cols, rows.min(8), pal),
    }
}

/// The row's deadline where the gateway sends deadlines; none (shown "—") where it does not (pddshuju).
fn known(app: &App, row: &OrderRow) -> Option<(jiff::Timestamp, bool)> {
    row.deadline().filter(|_| app.settings.caps.deadlines)
}

/// The label column: every label padded to the widest one.
fn label_cols(app: &App) -> usize {
    let lang = app.lang();
    [T::ShipGoods, T::BuyerMemo, T::SellerNote]
        .iter()
        .map(|t| width(tr::t(lang, *t)))
        .max()
        .unwrap_or(8)
        + 1
}

fn one_order(app: &App, row: &OrderRow, pal: Palette) -> Vec<Section> {
    let lang = app.lang();
    let lab = label_cols(app);
    let label = |t: T| Span::styled(pad(tr::t(lang, t), lab), pal.dim());
    let detail = app.details.get(&row.order_sn);
    let mut out = Vec::new();
    // Time left (not for a shipped order: its deadline is past and means nothing now), then the goods.
    let mut head = Vec::new();
    if !row.is_shipped() {
        let clock = rows::clock(app);
        let left = rows::time_left_text(known(app, row), clock);
        head.push(Span::styled(
            format!("{} ", tr::t(lang, T::ShipTimeLeft)),
            pal.dim(),
        ));
        head.push(Span::styled(
            left,
            pal.urgency(rows::urgency(known(app, row), clock)),
        ));
        head.push(Span::styled(
            format!("  {} ", tr::t(lang, T::ShipGoods)),
            pal.dim(),
        ));
    } else {
        head.push(label(T::ShipGoods));
    }
    out.push(Section {
        head,
        body: goods(detail, row, app),
        style: Style::default(),
        most: MOST_ROWS,
    });
    // The merge group it is in: its other orders may leave in the same parcel.
    let groups = app.orders.groups();
    if let Some((n, count)) = group_of(&app.orders, &groups, row) {
        out.push(Section {
            head: Vec::new(),
            body: group_tr::named(lang, n, count),
            style: pal.title(),
            most: 1,
        });
    }
    if row.buyer_memo {
        let body = match detail {
            Some(o) => o.buyer_memo.clone(),
            None if app.pending.detail.is_some() => tr::t(lang, T::ShipMemoReading).to_string(),
            None => tr::t(lang, T::ShipMemoUnread).to_string(),
        };
        out.push(Section {
            head: vec![label(T::BuyerMemo)],
            body,
            style: pal.warn(),
            most: MOST_ROWS,
        });
    }
    if !row.remark.is_empty() || row.remark_tag.is_some() {
        let mut head = vec![label(T::SellerNote)];
        if let Some(f) = row.remark_tag {
            let name = if row.remark_tag_name.is_empty() {
                rows::flag_name(f, lang).to_string()
            } else {
                row.remark_tag_name.to_string()
            };
            head.push(Span::styled(
                format!("[{} {}] ", f.letter(), truncate(&name, 12)),
                pal.flag(f),
            ));
        }
        out.push(Section {
            head,
            body: row.remark.to_string(),
            style: pal.warn(),
            most: MOST_ROWS,
        });
    }
    out
}

/// Every item as `name spec ×count`, when the whole order is read; else the row's summary.
fn goods(detail: Option<&Order>, row: &OrderRow, app: &App) -> String {
    match detail {
        Some(o) if !o.item_list.is_empty() => o
            .item_list
            .iter()
            .map(|i| {
                let spec = if i.goods_spec.is_empty() {
                    String::new()
                } else {
                    format!(" {}", i.goods_spec)
                };
                format!("{}{spec} ×{}", i.goods_name, i.goods_count)
            })
            .collect::<Vec<_>>()
            .join(" | "),
        _ => rows::goods_summary(row, app.lang()),
    }
}

/// Each section gets its first row (in their order) while rows last, then its further rows; a body
/// cut short ends with `…`. Further rows start at column `indent`.
fn fit(sections: Vec<Section>, cols: usize, rows: usize, indent: usize) -> Vec<Line<'static>> {
    let rest_w = cols.saturating_sub(indent).max(8);
    let first_w = |s: &Section| {
        let head_w: usize = s.head.iter().map(|h| width(&h.content)).sum();
        cols.saturating_sub(head_w).max(8)
    };
    let wrapped: Vec<Vec<String>> = sections
        .iter()
        .map(|s| wrap(&s.body, first_w(s), rest_w))
        .collect();
    let mut give: Vec<usize> = vec![0; sections.len()];
    let mut left = rows;
    for g in give.iter_mut() {
        if left > 0 {
            *g = 1;
            left -= 1;
        }
    }
    for (i, s) in sections.iter().enumerate() {
        let more = wrapped[i]
            .len()
            .min(s.most)
            .saturating_sub(give[i])
            .min(left);
        if give[i] > 0 {
            give[i] += more;
            left -= more;
        }
    }
    let mut out = Vec::new();
    for ((s, parts), n) in sections.into_iter().zip(wrapped).zip(give) {
        if n == 0 {
            continue;
        }
        let mut shown: Vec<String> = parts.iter().take(n).cloned().collect();
        if parts.len() > n
            && let Some(last) = shown.last_mut()
        {
            let w = if n == 1 { first_w(&s) } else { rest_w };
            *last = truncate(&parts[n - 1..].concat(), w);
        }
        for (k, text) in shown.into_iter().enumerate() {
            let mut spans = if k == 0 {
                s.head.clone()
            } else {
                vec![Span::raw(" ".repeat(indent))]
            };
            spans.push(Span::styled(text, s.style));
            out.push(Line::from(spans));
        }
    }
    out
}

/// `text` cut into rows: the first at most `first` columns wide, the others `rest` (wide characters whole).
fn wrap(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in text.chars() {
        let mut buf = [0; 4];
        let cw = width(c.encode_utf8(&mut buf));
        let limit = if out.len() == 1 { first } else { rest };
        if out.last().is_some_and(|l| width(l) + cw > limit.max(2)) {
            out.push(String::new());
        }
        if let Some(l) = out.last_mut() {
            l.push(c);
        }
    }
    out
}

/// One line per order: the end of its number, time left, flag, goods and what its memo and note say.
fn batch(
    app: &App,
    targets: &[String],
    cols: usize,
    rows: usize,
    pal: Palette,
) -> Vec<Line<'static>> {
    let lang = app.lang();
    let clock = rows::clock(app);
    let fits = if targets.len() > rows {
        rows.saturating_sub(1)
    } else {
        targets.len()
    };
    let groups = app.orders.groups();
    let mut out = Vec::new();
    for sn in targets.iter().take(fits) {
        let Some(row) = app.orders.find(sn) else {
            continue;
        };
        let tail: String = {
            let mut end: Vec<char> = sn.chars().rev().take(6).collect();
            end.reverse();
            end.into_iter().collect()
        };
        let mut spans = vec![Span::styled(format!("…{tail} "), pal.dim())];
        if let Some(n) = groups.number(row) {
            spans.push(Span::styled(
                format!("[{}] ", group_tr::mark(lang, n)),
                pal.title(),
            ));
        }
        if !row.is_shipped() {
            spans.push(Span::styled(
                format!("{} ", pad(&rows::time_left_text(known(app, row), clock), 7)),
                pal.urgency(rows::urgency(known(app, row), clock)),
            ));
        }
        spans.push(Span::raw(format!(
            "{} ",
            pad(&rows::goods_summary(row, lang), 18)
        )));
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        let mut said = Vec::new();
        if row.buyer_memo {
            let reading = app.pending.memos.values().any(|s| s == sn);
            let memo = match app.details.get(sn) {
                Some(o) => o.buyer_memo.clone(),
                None if reading => tr::t(lang, T::ShipMemoReading).to_string(),
                None => "…".to_string(),
            };
            said.push(format!("{}:{memo}", tr::t(lang, T::BadgeMemo)));
        }
        if let Some(f) = row.remark_tag {
            spans.push(Span::styled(format!("[{}] ", f.letter()), pal.flag(f)));
        }
        if !row.remark.is_empty() {
            said.push(row.remark.to_string());
        }
        let flag_w = usize::from(row.remark_tag.is_some()) * 4;
        spans.push(Span::styled(
            truncate(&said.join(" / "), cols.saturating_sub(used + flag_w)),
            pal.warn(),
        ));
        out.push(Line::from(spans));
    }
    if fits < targets.len() && rows > 0 {
        out.push(Line::styled(
            format!(
                "{} {}",
                tr::t(lang, T::ShipMoreOrders),
                tr::n_orders(lang, targets.len() - fits)
            ),
            pal.dim(),
        ));
    }
    out
}
