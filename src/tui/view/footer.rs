//! The two footer lines: the filter being typed or the newest toast, and the keys of the current screen
//! as bound in the live keymap (the filter's own keys while it is typed; the journal has its own filter).

use super::style::Palette;
use super::widgets::{field_text, place_cursor};
use crate::domain::text::{truncate, width};
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::{App, Level, Overlay, Screen};
use crate::tui::keys::command::Command;
use crate::tui::keys::hints::{Hints, Keys};
use crate::tui::keys::keymap::{Section, description};
use crate::tui::queue::rows;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const QUEUE_HINTS: [Command; 9] = [
    Command::Open,
    Command::Ship,
    Command::Note,
    Command::FlagRed,
    Command::Filter,
    Command::ToggleSelect,
    Command::Refresh,
    Command::Help,
    Command::Quit,
];
/// Named after the others where the whole hint fits (a wide terminal), never cut and never pushing help
/// or quit off a narrow bar.
const QUEUE_MORE: [Command; 10] = [
    Command::Open,
    Command::Ship,
    Command::Note,
    Command::FlagRed,
    Command::Filter,
    Command::ToggleSelect,
    Command::Refresh,
    Command::Help,
    Command::Quit,
    Command::SelectGroup,
];
const DETAIL_HINTS: [Command; 6] = [
    Command::Back,
    Command::Ship,
    Command::Note,
    Command::Copy,
    Command::MoveDown,
    Command::Help,
];

const JOURNAL_HINTS: [Command; 5] = [
    Command::Open,
    Command::Reconcile,
    Command::Filter,
    Command::Back,
    Command::Help,
];

const FILTER_HINTS: [Command; 2] = [Command::Submit, Command::Back];

/// The key bar of `section`: each command's key as bound there, with the command's description.
fn hints(app: &App, section: Section, cmds: &[Command]) -> String {
    let lang = app.lang();
    let words: Vec<(Command, String)> = cmds
        .iter()
        .filter(|&&c| app.settings.offers(c))
        .filter_map(|&c| Some((c, description(app.keymap.hint_binding(section, c)?, lang))))
        .collect();
    let items: Vec<(Keys, &str)> = words
        .iter()
        .map(|(c, w)| (Keys::One(*c), w.as_str()))
        .collect();
    Hints::new(&app.keymap, section, tr::t(lang, T::Or)).line(&items)
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, pal: Palette) {
    let lang = app.lang();
    let w = usize::from(area.width);
    let first = Rect { height: 1, ..area };
    let second = Rect {
        y: area.y + 1,
        height: 1,
        ..area
    };
    // The journal screen has a filter of its own.
    let input = match app.screen {
        Screen::Journal => &app.journal.filter,
        _ => &app.queue.filter,
    };
    let filter = input.value();
    let typing = matches!(app.overlay, Overlay::Filter);
    // A result must be seen even while a filter is in force: the toast wins unless the filter is being typed.
    match app.toasts.last() {
        Some(t) if !typing => {
            let style = match t.level {
                Level::Info => pal.dim(),
                Level::Success => pal.success(),
                Level::Error => pal.error(),
            };
            frame.render_widget(
                Paragraph::new(Span::styled(truncate(&t.text, w), style)),
                first,
            );
        }
        _ if typing || !filter.is_empty() => {
            let label = format!("/{} ", tr::t(lang, T::FilterPrompt));
            let lw = width(&label);
            // How many orders the filter leaves, after the text (nothing to count while it is empty).
            let count = match app.screen {
                _ if filter.is_empty() => String::new(),
                Screen::Journal => {
                    format!(" {}", tr::journal_matches(lang, app.journal.shown.len()))
                }
                _ => {
                    // The count of the rows on screen, "…" while a worker computes the filter's.
                    let more = if rows::updating(app) { "…" } else { "" };
                    format!(
                        " {}{more}",
                        tr::filter_matches(lang, rows::visible(app).len())
                    )
                }
            };
            let cw = width(&count);
            let (text, cur) = field_text(input, w.saturating_sub(lw + cw + 1));
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(label, pal.title()),
                    Span::styled(text, pal.field(true)),
                    Span::styled(count, pal.dim()),
                ])),
                first,
            );
            if typing {
                let lw = u16::try_from(lw).unwrap_or(0);
                place_cursor(frame, area.x + lw, area.y, cur, area);
            }
        }
        _ => {}
    }
    let keys = match app.screen {
        // Characters are the filter's text while it is typed: only its own keys are named.
        _ if typing => hints(app, Section::Filter, &FILTER_HINTS),
        Screen::Queue => {
            let more = hints(app, Section::Queue, &QUEUE_MORE);
            if width(&more) <= w {
                more
            } else {
                hints(app, Section::Queue, &QUEUE_HINTS)
            }
        }
        Screen::Detail { .. } => hints(app, Section::Detail, &DETAIL_HINTS),
        Screen::Journal => hints(app, Section::Journal, &JOURNAL_HINTS),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(truncate(&keys, w), pal.dim())),
        second,
    );
}
