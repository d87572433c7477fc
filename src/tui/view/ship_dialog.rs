//! The ship dialog as drawn: what the orders ask for (`info.rs`), courier filter and list, one number field
//! per order with its shape warning (one for all of a merge group's parcel), the IMEI field, and a status line (error, confirmation, sending, the
//! interception's one countdown).

mod blocked;
mod info;

use super::style::{Palette, SPINNER};
use super::widgets::{field_text, fit, place_cursor, popup};
use crate::domain::text::{pad, truncate, width};
use crate::i18n::dialog as dialog_tr;
use crate::i18n::group as group_tr;
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::App;
use crate::tui::dialog::ship::{Field, ShipDialog, Stage, matching, title};
use crate::tui::keys::command::Command;
use crate::tui::keys::hints::{Hints, Keys::One};
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const LABEL: usize = 14;
const LIST_ROWS: usize = 5;

pub fn draw(frame: &mut Frame, app: &App, d: &ShipDialog, pal: Palette) {
    let lang = app.lang();
    let area = frame.area();
    let w = usize::from(area.width.min(78).saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(u16, u16)> = None;
    let keys = Hints::new(&app.keymap, Section::Ship, tr::t(lang, T::Or));

    if blocked::draw(frame, app, d, pal) {
        return;
    }
    lines.extend(blocked::left_out(app, d, w, pal));
    if d.restored {
        lines.push(Line::styled(
            truncate(&format!("✎ {}", tr::t(lang, T::DraftRestored)), w),
            pal.warn(),
        ));
    }
    // An earlier shipment with an unknown outcome is checked by `ship_durably` before this one is sent.
    for sn in &d.targets {
        if let Some(n) = app.unconfirmed.get(sn) {
            let text = tr::unknown_earlier(lang, n);
            let text = if d.targets.len() > 1 {
                format!("{sn}: {text}")
            } else {
                text
            };
            lines.push(Line::styled(truncate(&text, w), pal.warn()));
        }
    }

    // A selection matters only where typing goes: while editing.
    let sel = d.selected && d.stage == Stage::Editing;

    // Courier: the picked one, the filter field and the matching list.
    let picked = d
        .courier
        .and_then(|id| app.couriers.iter().find(|c| c.id == id))
        .map(|c| format!("{} {} {}", c.name, c.code, c.id))
        .unwrap_or_else(|| "—".into());
    let focus_c = d.field == Field::Courier;
    let field_w = 20;
    let (ftext, fcur) = field_text(&d.courier_filter, field_w);
    let courier_row = u16::try_from(lines.len()).unwrap_or(0);
    lines.push(Line::from(vec![
        Span::raw(if focus_c { "▶" } else { " " }),
        Span::raw(pad(tr::t(lang, T::Courier), LABEL - 1)),
        field_span(ftext, pal.field(focus_c), focus_c && sel),
        Span::raw("  "),
        Span::styled(picked, pal.title()),
    ]));
    if focus_c {
        cursor = Some((u16::try_from(LABEL).unwrap_or(0), courier_row));
    }
    let list = matching(&app.couriers, d.courier_filter.value());
    if focus_c {
        if app.couriers.is_empty() {
            lines.push(Line::styled(
                format!("  {}", tr::t(lang, T::CouriersLoading)),
                pal.dim(),
            ));
        } else if list.is_empty() {
            lines.push(Line::styled(
                format!("  {}", tr::t(lang, T::NoCourier)),
                pal.dim(),
            ));
        }
        let offset = (d.courier_cursor + 1).saturating_sub(LIST_ROWS);
        for (i, c) in list.iter().enumerate().skip(offset).take(LIST_ROWS) {
            let on = i == d.courier_cursor;
            let text = format!(
                "{}{} {} {}",
                if on { " ▶ " } else { "   " },
                pad(&c.name, 14),
                pad(&c.code, 6),
                c.id
            );
            let line = Line::raw(pad(&text, w.min(40)));
            lines.push(if on { line.style(pal.cursor()) } else { line });
        }
    } else {
        lines.push(Line::styled(
            format!("  {}", tr::t(lang, T::CourierFilter)),
            pal.dim(),
        ));
    }
    lines.push(Line::raw(""));

    // Number fields: one per order, a window around the focused one.
    let courier = d
        .courier
        .and_then(|id| app.couriers.iter().find(|c| c.id == id));
    let focus_n = match d.field {
        Field::Number(i) => i,
        _ => 0,
    };
    let shown = 6usize;
    let offset = (focus_n + 1).saturating_sub(shown);
    // One parcel: one field, the number of them all.
    let batch = d.targets.len() > 1 && !d.parcel;
    let fields = if d.parcel { 1 } else { d.numbers.len() };
    let num_w = 22;
    for (i, (sn, n)) in d
        .targets
        .iter()
        .zip(&d.numbers)
        .take(fields)
        .enumerate()
        .skip(offset)
        .take(shown)
    {
        let focused = d.field == Field::Number(i);
        let label = if batch {
            truncate(&sn[sn.len().saturating_sub(LABEL - 2)..], LABEL - 1)
        } else {
            tr::t(lang, T::TrackingNumber).to_string()
        };
        let (text, cur) = field_text(n, num_w);
        let mut spans = vec![
            Span::raw(if focused { "▶" } else { " " }),
            Span::raw(pad(&label, LABEL - 1)),
            field_span(text, pal.field(focused), focused && sel),
        ];
        let v = n.value().trim();
        if d.taking.values().any(|t| t == sn) {
            spans.push(Span::styled(
                format!(" {}", tr::t(lang, T::Taking)),
                pal.dim(),
            ));
        } else if !v.is_empty() && courier.is_some_and(|c| !c.fits_shape(v)) {
            spans.push(Span::styled(
                format!(" ⚠ {}", tr::t(lang, T::ShapeWarning)),
                pal.warn(),
            ));
        }
        if focused {
            cursor = Some((
                u16::try_from(LABEL).unwrap_or(0) + cur,
                u16::try_from(lines.len()).unwrap_or(0),
            ));
        }
        lines.push(Line::from(spans));
    }
    let parcel_key = keys.key(Command::OneParcel);
    if d.parcel {
        let text = group_tr::one_number(lang, d.targets.len(), parcel_key.as_deref());
        lines.push(Line::styled(
            format!(" {}", truncate(&text, w.saturating_sub(1))),
            pal.dim(),
        ));
    } else if let (true, Some(k)) = (d.group, parcel_key.as_deref()) {
        let text = group_tr::may_share(lang, k);
        lines.push(Line::styled(
            format!(" {}", truncate(&text, w.saturating_sub(1))),
            pal.dim(),
        ));
    }
    // Only where the gateway can send them (pddshuju cannot): a field that is never sent is not offered.
    if d.extras {
        let focus_i = d.field == Field::Imei;
        let (itext, icur) = field_text(&d.imei, 30);
        if focus_i {
            cursor = Some((
                u16::try_from(LABEL).unwrap_or(0) + icur,
                u16::try_from(lines.len()).unwrap_or(0),
            ));
        }
        lines.push(Line::from(vec![
            Span::raw(if focus_i { "▶" } else { " " }),
            Span::raw(pad(tr::t(lang, T::ImeiField), LABEL - 1)),
            field_span(itext, pal.field(focus_i), focus_i && sel),
        ]));
        let focus_r = d.field == Field::RefundAddress;
        let (rtext, rcur) = field_text(&d.refund_address, 30);
        if focus_r {
            cursor = Some((
                u16::try_from(LABEL).unwrap_or(0) + rcur,
                u16::try_from(lines.len()).unwrap_or(0),
            ));
        }
        lines.push(Line::from(vec![
            Span::raw(if focus_r { "▶" } else { " " }),
            Span::raw(pad(tr::t(lang, T::RefundAddress), LABEL - 1)),
            field_span(rtext, pal.field(focus_r), focus_r && sel),
            Span::styled(format!(" {}", tr::t(lang, T::Optional)), pal.dim()),
        ]));
    }
    lines.push(Line::raw(""));

    // Status: what happens next.
    match &d.stage {
        Stage::Editing => {
            // Wrapped, not cut: a refusal names orders and couriers, and all of it must be read.
            if let Some(e) = &d.error {
                for part in e.lines().flat_map(|l| wrap(l, w)) {
                    lines.push(Line::styled(part, pal.error()));
                }
            }
            // Said in words too, so that the selection reads without colour or reverse video.
            if sel {
                lines.push(Line::styled(
                    truncate(&dialog_tr::replaces_selected(lang, &edit_keys()), w),
                    pal.dim(),
                ));
            }
        }
        Stage::Confirm => {
            let name = courier.map(|c| c.name.clone()).unwrap_or_default();
            let orders = match d.targets.as_slice() {
                [one] => one.clone(),
                many => tr::n_orders(lang, many.len()),
            };
            let fields = if d.parcel { 1 } else { d.numbers.len() };
            let numbers: Vec<&str> = d
                .numbers
                .iter()
                .take(fields)
                .map(|n| n.value().trim())
                .collect();
            lines.push(Line::styled(
                tr::confirm_ship(lang, &orders, &name, &numbers.join(",")),
                pal.title(),
            ));
            lines.push(Line::styled(
                keys.line(&[(One(Command::Confirm), tr::t(lang, T::ConfirmHint))]),
                pal.dim(),
            ));
        }
        // Drawn by `blocked` before the form.
        Stage::Rest => {}
        Stage::Sending(_) => lines.push(Line::raw(format!(
            "{} {}",
            SPINNER[app.spinner % SPINNER.len()],
            tr::t(lang, T::Sending)
        ))),
        Stage::Intercepted { auto, .. } => {
            // A batch's tally; the countdown alone says what the interception means.
            if let Some(e) = &d.error {
                lines.push(Line::styled(truncate(e, w), pal.error()));
            }
            match d.wait_left(app.now) {
                Some(s) if s > 0 || *auto => lines.push(Line::styled(
                    truncate(&tr::intercepted(lang, s, *auto), w),
                    pal.warn(),
                )),
                _ => {
                    let retry = keys
                        .key(Command::Submit)
                        .or_else(|| keys.key(Command::Confirm));
                    lines.push(Line::styled(
                        tr::retry_now(lang, retry.as_deref()),
                        pal.success(),
                    ));
                }
            }
        }
    }
    // What the orders ask for goes on top, in the rows the screen has left: the form never moves off it,
    // and the header and key bar stay visible.
    let rows = usize::from(area.height).saturating_sub(lines.len() + 7);
    let mut info = info::lines(app, &d.targets, w, rows, pal);
    let shift = if info.is_empty() {
        0
    } else {
        info.push(Line::raw(""));
        info.len()
    };
    info.extend(lines);
    let lines = info;
    let cursor = cursor.map(|(x, y)| (x, y + u16::try_from(shift).unwrap_or(0)));
    // Sized to the content (plus a blank line, the hint and the frame), so the queue stays visible.
    let height = u16::try_from(lines.len() + 4).unwrap_or(u16::MAX);
    let inner = popup(frame, 78, height, &title(d, lang), pal.title());
    let hint_y = inner.height.saturating_sub(1);
    frame.render_widget(Paragraph::new(fit(lines, inner.width)), inner);
    let hint = match d.stage {
        // Only Esc acts during the wait: it cancels the retry.
        Stage::Intercepted { .. } => keys.line(&[(One(Command::Back), tr::t(lang, T::WordCancel))]),
        _ => keys.line(&[
            (One(Command::NextField), tr::t(lang, T::WordField)),
            (One(Command::Submit), tr::t(lang, T::WordNext)),
            (One(Command::TakeNumber), tr::t(lang, T::WordTakeNumber)),
            (One(Command::Back), tr::t(lang, T::WordCancel)),
        ]),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(truncate(&hint, w), pal.dim())),
        Rect {
            y: inner.y + hint_y,
            height: 1,
            ..inner
        },
    );
    if let (Some((x, y)), Stage::Editing) = (cursor, &d.stage) {
        let x = if focus_c { x + fcur } else { x };
        place_cursor(frame, inner.x, inner.y + y, x, inner);
    }
}

/// A field's text; a selected value is drawn in reverse video, which needs no colour to be seen.
fn field_span(text: String, style: Style, selected: bool) -> Span<'static> {
    if selected {
        Span::styled(text, style.add_modifier(Modifier::REVERSED))
    } else {
        Span::styled(text, style)
    }
}

/// `text` cut into lines of at most `cols` columns (wide characters kept whole).
fn wrap(text: &str, cols: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in text.chars() {
        let mut buf = [0; 4];
        let cw = width(c.encode_utf8(&mut buf));
        if out.last().is_some_and(|l| width(l) + cw > cols.max(2)) {
            out.push(String::new());
        }
        if let Some(l) = out.last_mut() {
            l.push(c);
        }
    }
    out
}

/// The text field's own editing keys (`edit.rs`; not in the keymap), as keys are drawn everywhere.
fn edit_keys() -> String {
    [
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::Backspace,
    ]
    .map(|c| Key::plain(c).to_string())
    .join(" ")
}
