//! The detail screen: items, amounts, times, statuses in words, memo and note with its flag, the masked
//! receiver (ciphertext is never drawn as text), order tags and tracking data. Scrolls.

use super::style::Palette;
use crate::domain::order::is_ciphertext;
use crate::domain::row::Interner;
use crate::domain::time::format_beijing;
use crate::domain::{Order, OrderRow, courier};
use crate::i18n::Lang;
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::App;
use crate::tui::queue::rows;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

fn masked(s: &str, lang: Lang) -> String {
    if is_ciphertext(s) {
        tr::t(lang, T::Encrypted).to_string()
    } else {
        s.to_string()
    }
}

fn time(t: Option<jiff::Timestamp>) -> String {
    t.map(format_beijing).unwrap_or_else(|| "—".into())
}

fn section(title: &str, pal: Palette) -> Line<'static> {
    Line::styled(format!("─ {title} ─"), pal.title())
}

fn statuses(o: &OrderRow, lang: Lang, known: bool) -> String {
    let status = match o.order_status {
        2 => T::StatusShipped,
        3 => T::StatusReceived,
        _ => T::StatusAwaiting,
    };
    if !known {
        // The gateway sends no refund, risk, pre-sale or stock-out status: unknown, not "none".
        return format!(
            "{} · {}",
            tr::t(lang, status),
            tr::t(lang, T::StatusesUnknown)
        );
    }
    let refund = match o.refund_status {
        2 => T::RefundAfterSale,
        3 => T::RefundRefunding,
        4 => T::RefundRefunded,
        _ => T::RefundNone,
    };
    let mut parts = vec![tr::t(lang, status), tr::t(lang, refund)];
    if o.risk_review {
        parts.push(tr::t(lang, T::RiskReview));
    }
    if o.pre_sale {
        parts.push(tr::t(lang, T::PreSale));
    }
    if o.stock_out {
        parts.push(tr::t(lang, T::StockOut));
    }
    parts.join(" · ")
}

/// The title, the statuses and an unknown earlier shipment: what the row alone tells.
fn head(app: &App, r: &OrderRow, pal: Palette) -> Vec<Line<'static>> {
    let lang = app.lang();
    let l = |k| tr::t(lang, k);
    let mut out = vec![
        Line::from(vec![
            Span::styled(format!("{} ", l(T::DetailTitle)), pal.title()),
            Span::raw(r.order_sn.clone()),
        ]),
        Line::raw(format!(
            "{}: {}",
            l(T::Statuses),
            statuses(r, lang, app.settings.caps.statuses)
        )),
    ];
    if let Some(t) = r
        .unlisted_since()
        .get()
        .and_then(|t| jiff::Timestamp::from_second(t).ok())
    {
        out.push(Line::styled(
            tr::unlisted_since(lang, &format_beijing(t)),
            pal.warn(),
        ));
    }
    let groups = app.orders.groups();
    if let Some((n, count)) = crate::tui::queue::groups::group_of(&app.orders, &groups, r) {
        out.push(Line::styled(
            crate::i18n::group::named(lang, n, count),
            pal.title(),
        ));
    }
    if let Some(n) = app.unconfirmed.get(r.order_sn.as_str()) {
        out.push(Line::styled(
            format!("? {} · {}", l(T::Unconfirmed), tr::unknown_earlier(lang, n)),
            pal.warn(),
        ));
    }
    out
}

/// The order's deadline in words, coloured by urgency; a shipped order's without a countdown.
fn deadline_line(app: &App, r: &OrderRow, pal: Palette) -> Line<'static> {
    let l = |k| tr::t(app.lang(), k);
    let deadline = match r.deadline() {
        // The gateway sends none: an estimate would be a guess shown as a fact.
        Some(_) if !app.settings.caps.deadlines => l(T::Unknown).to_string(),
        Some((t, est)) => {
            let countdown = match rows::countdown(r) {
                Some(_) => format!(
                    " ({})",
                    rows::time_left_text(rows::countdown(r), rows::clock(app))
                ),
                None => String::new(),
            };
            format!(
                "{}{}{countdown}",
                format_beijing(t),
                if est {
                    format!(" {}", l(T::Estimated))
                } else {
                    String::new()
                },
            )
        }
        None => "—".into(),
    };
    Line::styled(
        format!("  {} {deadline}", l(T::ShipBy)),
        pal.urgency(rows::urgency(
            rows::known_countdown(app, r),
            rows::clock(app),
        )),
    )
}

/// While the whole order is being read (or cannot be): what the queue's row knows.
pub fn row_lines(app: &App, r: &OrderRow, pal: Palette) -> Vec<Line<'static>> {
    let lang = app.lang();
    let mut out = head(app, r, pal);
    out.push(Line::raw(format!("  {}", rows::goods_summary(r, lang))));
    out.push(deadline_line(app, r, pal));
    let wait = if app.pending.detail.is_some() {
        T::DetailReading
    } else {
        T::DetailUnavailable
    };
    out.push(Line::styled(tr::t(lang, wait).to_string(), pal.dim()));
    out
}

pub fn lines(app: &App, o: &Order, pal: Palette) -> Vec<Line<'static>> {
    let lang = app.lang();
    let amounts = app.settings.caps.amounts;
    let l = |k| tr::t(lang, k);
    let mut row = OrderRow::new(o, &mut Interner::default());
    // What the queue knows beyond the order: that the gateway stopped listing it.
    row.set_unlisted_since(
        app.order(&o.order_sn)
            .map_or(Default::default(), |r| r.unlisted_since()),
    );
    let mut out = head(app, &row, pal);
    out.push(section(l(T::Items), pal));
    for i in &o.item_list {
        out.push(Line::raw(format!(
            "  {} ×{}  {} {}  {} {}  {} {}",
            i.goods_name,
            i.goods_count,
            l(T::Spec),
            if i.goods_spec.is_empty() {
                "—"
            } else {
                &i.goods_spec
            },
            l(T::OuterId),
            if i.outer_id.is_empty() {
                "—"
            } else {
                &i.outer_id
            },
            l(T::Price),
            if amounts {
                i.goods_price.to_string()
            } else {
                "—".to_string()
            }
        )));
    }
    out.push(section(l(T::Amounts), pal));
    if !amounts {
        // A gateway without amounts (pddshuju): unknown, never a row of ¥0.00.
        out.push(Line::raw(format!("  {}", l(T::Unknown))));
    } else {
        out.push(Line::raw(format!(
            "  {} {}  {} {}  {} {}  {} {}",
            l(T::GoodsAmount),
            o.goods_amount,
            l(T::Discount),
            o.discount_amount,
            l(T::Postage),
            o.postage,
            l(T::Paid),
            o.pay_amount
        )));
    }
    out.push(section(l(T::Times), pal));
    out.push(Line::raw(format!(
        "  {} {}",
        l(T::Confirmed),
        time(o.confirm_time)
    )));
    out.push(deadline_line(app, &row, pal));
    out.push(Line::raw(format!(
        "  {} {}",
        l(T::Urged),
        if app.settings.caps.statuses {
            time(o.urge_shipping_time)
        } else {
            l(T::Unknown).to_string()
        }
    )));
    out.push(Line::raw(format!(
        "  {} {}",
        l(T::Shipped),
        time(o.shipping_time)
    )));
    out.push(section(l(T::BuyerMemo), pal));
    out.push(Line::raw(format!(
        "  {}",
        if o.buyer_memo.is_empty() {
            l(T::None)
        } else {
            &o.buyer_memo
        }
    )));
    out.push(section(l(T::SellerNote), pal));
    let mut note = vec![Span::raw("  ")];
    if let Some(f) = o.remark_tag {
        let name = if o.remark_tag_name.is_empty() {
            rows::flag_name(f, lang).to_string()
        } else {
            o.remark_tag_name.clone()
        };
        note.push(Span::styled(
            format!("[{} {name}] ", f.letter()),
            pal.flag(f),
        ));
    }
    note.push(Span::raw(if o.remark.is_empty() {
        l(T::None).to_string()
    } else {
        o.remark.clone()
    }));
    out.push(Line::from(note));
    out.push(section(l(T::Receiver), pal));
    let address = if o.receiver_address_mask.is_empty() {
        &o.address_mask
    } else {
        &o.receiver_address_mask
    };
    out.push(Line::raw(format!(
        "  {}  {}  {} {} {} {}",
        masked(&o.receiver_name_mask, lang),
        masked(&o.receiver_phone_mask, lang),
        o.province,
        o.city,
        o.town,
        masked(address, lang)
    )));
    let tags: Vec<&str> = o
        .order_tag_list
        .iter()
        .filter(|t| t.value != 0)
        .map(|t| t.name.as_str())
        .collect();
    out.push(Line::raw(format!(
        "{}: {}",
        l(T::OrderTags),
        if tags.is_empty() {
            l(T::None).to_string()
        } else {
            tags.join(", ")
        }
    )));
    if o.is_shipped() || !o.tracking_number.is_empty() {
        let name = app
            .couriers
            .iter()
            .cloned()
            .chain(courier::reference_list())
            .find(|c| c.id == o.logistics_id)
            .map(|c| c.name)
            .unwrap_or_else(|| o.logistics_id.to_string());
        out.push(Line::raw(format!(
            "{}: {name} {}",
            l(T::Tracking),
            o.tracking_number
        )));
    }
    out
}

fn paragraph(app: &App, sn: &str, pal: Palette) -> Option<Paragraph<'static>> {
    let text = match (app.detail(sn), app.order(sn)) {
        (Some(o), _) => lines(app, o, pal),
        (None, Some(r)) => row_lines(app, r, pal),
        (None, None) => return None,
    };
    Some(
        Paragraph::new(text)
            .block(Block::default().borders(Borders::TOP))
            .wrap(Wrap { trim: false }),
    )
}

/// How far the detail of `sn` scrolls at the app's size: its last line at the bottom of the screen, no
/// further (header 3 lines, footer 2, the top border 1).
pub fn max_scroll(app: &App, sn: &str) -> u16 {
    let Some(p) = paragraph(app, sn, Palette { no_color: true }) else {
        return 0;
    };
    let (w, h) = app.size;
    let shown = usize::from(h.saturating_sub(5));
    let total = p.line_count(w.max(1));
    u16::try_from(total.saturating_sub(shown)).unwrap_or(u16::MAX)
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, sn: &str, scroll: u16, pal: Palette) {
    let Some(p) = paragraph(app, sn, pal) else {
        return;
    };
    frame.render_widget(p.scroll((scroll, 0)), area);
}
