//! The three header lines: shop and sync state, the queue's counts (per urgency and per flag), and a
//! sparkline of orders per hour over the last 48 hours.

use super::style::{Palette, SPINNER};
use crate::domain::Flag;
use crate::domain::text::width;
use crate::domain::time::beijing;
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::App;
use crate::tui::queue::rows;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};

pub fn draw(frame: &mut Frame, app: &App, area: Rect, pal: Palette) {
    let lang = app.lang();
    let s = &app.settings;
    let mut top = vec![
        Span::styled(tr::t(lang, T::AppTitle), pal.title()),
        Span::raw(" │ "),
        // From the config file: text like any other, through the one sanitiser.
        Span::raw(crate::domain::text::sanitize(&s.shop_name)),
    ];
    if s.demo {
        top.push(Span::styled(
            format!(" [{}]", tr::t(lang, T::DemoShop)),
            pal.warn(),
        ));
    }
    if s.read_only {
        top.push(Span::styled(
            format!(" [{}]", tr::t(lang, T::ReadOnly)),
            pal.warn(),
        ));
    }
    if app.team.on {
        let style = if app.team.live { pal.dim() } else { pal.warn() };
        top.push(Span::raw(" │ "));
        top.push(Span::styled(
            crate::i18n::team::live(lang, app.team.live),
            style,
        ));
    }
    top.push(Span::raw(format!(" │ {} │ ", s.gateway)));
    if let Some(f) = &app.sync_failure {
        // Never silent: that syncs fail and since when, and how old the queue shown is (why: third line).
        let since = f.since.to_zoned(beijing()).strftime("%H:%M").to_string();
        top.push(Span::styled(tr::sync_failing(lang, &since), pal.error()));
        if let Some(at) = app.last_sync {
            let mins = app.now.duration_since(at).as_secs().max(0) / 60;
            top.push(Span::styled(
                format!(" {}", tr::data_age(lang, mins)),
                pal.warn(),
            ));
        }
    }
    let sync = match (app.cached_at, app.last_sync) {
        _ if app.sync_failure.is_some() => String::new(),
        (Some(at), _) => {
            let mins = app.now.duration_since(at).as_secs().max(0) / 60;
            top.push(Span::styled(tr::cached_ago(lang, mins), pal.warn()));
            String::new()
        }
        (None, Some(t)) => format!(
            "{} {}",
            tr::t(lang, T::LastSync),
            t.to_zoned(beijing()).strftime("%H:%M:%S")
        ),
        (None, None) => tr::t(lang, T::NeverSynced).to_string(),
    };
    top.push(Span::styled(sync, pal.dim()));
    let attention = app.journal.attention();
    if attention > 0 {
        top.push(Span::styled(
            format!(" │ {}", tr::journal_attention(lang, attention)),
            pal.error(),
        ));
    }
    let skipped = app.orders.skipped();
    if !skipped.is_empty() {
        top.push(Span::styled(
            format!(" │ {}", tr::orders_skipped(lang, skipped.len())),
            pal.error(),
        ));
    }
    if app.pending.busy() {
        top.push(Span::raw(format!(
            " {}",
            SPINNER[app.spinner % SPINNER.len()]
        )));
    }
    if app.sync_partial && app.pending.orders.is_none() {
        top.push(Span::styled(
            format!(" {}", tr::t(lang, T::Incomplete)),
            pal.warn(),
        ));
    }
    if app.pending.orders.is_some() && app.sync_progress > 0 {
        let text = if app.sync_partial {
            // The queue shows what a first sync has brought so far: not yet every order.
            tr::syncing_incomplete(lang, app.sync_progress)
        } else {
            tr::syncing(lang, app.sync_progress)
        };
        let style = if app.sync_partial {
            pal.warn()
        } else {
            pal.dim()
        };
        top.push(Span::styled(format!(" {text}"), style));
    }

    let summary = rows::summary(app);
    let st = &summary.stats;
    let mut counts = vec![
        Span::raw(format!("{} {}  ", tr::t(lang, T::Unshipped), st.unshipped)),
        Span::styled(
            format!("{} {}", tr::t(lang, T::Overdue), st.overdue),
            if st.overdue > 0 {
                pal.urgency(rows::Urgency::Overdue)
            } else {
                pal.dim()
            },
        ),
        Span::raw("  "),
        Span::styled(
            format!("{} {}", tr::t(lang, T::Due6h), st.due_6h),
            if st.due_6h > 0 {
                pal.urgency(rows::Urgency::Soon)
            } else {
                pal.dim()
            },
        ),
        Span::raw(" │"),
    ];
    if !s.caps.deadlines {
        // No deadlines from the gateway: how many are overdue is not known, and not guessed.
        counts.truncate(1);
        counts.push(Span::styled(
            format!("{} {}", tr::t(lang, T::Overdue), tr::t(lang, T::Unknown)),
            pal.dim(),
        ));
        counts.push(Span::raw(" │"));
    }
    if s.caps.statuses {
        for (f, n) in Flag::ALL.iter().zip(st.flags) {
            counts.push(Span::raw(" "));
            counts.push(Span::styled(format!("{}{n}", f.letter()), pal.flag(*f)));
        }
    } else {
        counts.push(Span::styled(
            format!(" {}", tr::t(lang, T::StatusesUnknown)),
            pal.dim(),
        ));
    }
    let sort = match app.queue.sort.effective(s.caps) {
        crate::tui::app::SortKey::Deadline => T::SortDeadline,
        crate::tui::app::SortKey::Confirm => T::SortConfirm,
        crate::tui::app::SortKey::Amount => T::SortAmount,
    };
    counts.push(Span::styled(format!(" │ {}", tr::t(lang, sort)), pal.dim()));
    if app.queue.show_shipped {
        counts.push(Span::styled(
            format!(" {}", tr::t(lang, T::ShowingShipped)),
            pal.warn(),
        ));
    }
    // A worker is filtering, sorting or counting a big queue: the rows and counts shown are the last ones.
    if rows::updating(app) {
        counts.push(Span::styled(" …", pal.dim()));
    }
    if !app.queue.selected.is_empty() {
        counts.push(Span::styled(
            format!(" │ {}", tr::selected(lang, app.queue.selected.len())),
            pal.title(),
        ));
    }

    let line_area = |y: u16| Rect {
        y: area.y + y,
        height: 1,
        ..area
    };
    if area.height >= 1 {
        frame.render_widget(Paragraph::new(Line::from(top)), line_area(0));
    }
    if area.height >= 2 {
        frame.render_widget(Paragraph::new(Line::from(counts)), line_area(1));
    }
    if area.height >= 3
        && let Some(f) = &app.sync_failure
    {
        // The reason, in full width, in place of the sparkline while syncs fail.
        let reason = crate::i18n::errors::api_error(&f.error, lang);
        let why = tr::sync_failing_why(lang, &crate::domain::text::sanitize(&reason));
        frame.render_widget(Paragraph::new(Span::styled(why, pal.error())), line_area(2));
    } else if area.height >= 3 {
        let label = format!("{} ", tr::t(lang, T::Last48h));
        let lw = u16::try_from(width(&label)).unwrap_or(10);
        let row = line_area(2);
        frame.render_widget(Paragraph::new(Span::styled(label, pal.dim())), row);
        let data = &summary.per_hour;
        let w = row.width.saturating_sub(lw).min(48);
        // On a narrow screen the most recent hours matter most.
        let start = data.len().saturating_sub(usize::from(w));
        let spark = Sparkline::default().data(&data[start..]).style(pal.badge());
        frame.render_widget(
            spark,
            Rect {
                x: row.x + lw,
                width: w,
                ..row
            },
        );
    }
}
