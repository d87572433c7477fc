//! The 16-colour palette, and its NO_COLOR twin: every meaning carried by colour is also carried by a glyph
//! or letter (▶ cursor, ● selection, flag letters), so the screen reads without colour.

use crate::domain::Flag;
use crate::tui::queue::rows::Urgency;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub no_color: bool,
}

impl Palette {
    fn fg(self, c: Color) -> Style {
        if self.no_color {
            Style::default()
        } else {
            Style::default().fg(c)
        }
    }

    pub fn flag(self, f: Flag) -> Style {
        self.fg(match f {
            Flag::Red => Color::Red,
            Flag::Yellow => Color::Yellow,
            Flag::Green => Color::Green,
            Flag::Blue => Color::Blue,
            Flag::Purple => Color::Magenta,
        })
        .add_modifier(Modifier::BOLD)
    }

    pub fn urgency(self, u: Urgency) -> Style {
        match u {
            Urgency::Overdue => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Urgency::Soon => self.fg(Color::Yellow),
            Urgency::Normal => Style::default(),
        }
    }

    /// The row under the cursor; reverse video works without colour too, next to the ▶ marker.
    pub fn cursor(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.no_color {
            Style::default()
        } else {
            Style::default().fg(Color::DarkGray)
        }
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn warn(self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn success(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn badge(self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn field(self, focused: bool) -> Style {
        let s = Style::default().add_modifier(Modifier::UNDERLINED);
        if focused {
            s.add_modifier(Modifier::BOLD)
        } else {
            s
        }
    }
}

pub const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
