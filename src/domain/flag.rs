//! The seller's five note flags (`remark_tag` / `tag`): 1 red, 2 yellow, 3 green, 4 blue, 5 purple.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Flag {
    Red = 1,
    Yellow = 2,
    Green = 3,
    Blue = 4,
    Purple = 5,
}

impl Flag {
    pub const ALL: [Flag; 5] = [
        Flag::Red,
        Flag::Yellow,
        Flag::Green,
        Flag::Blue,
        Flag::Purple,
    ];

    pub fn from_code(code: i64) -> Option<Flag> {
        match code {
            1 => Some(Flag::Red),
            2 => Some(Flag::Yellow),
            3 => Some(Flag::Green),
            4 => Some(Flag::Blue),
            5 => Some(Flag::Purple),
            _ => None,
        }
    }

    pub fn code(self) -> u8 {
        self as u8
    }

    /// The colour's Chinese name, which is also the default `tag_name` (2 characters, within the limit of 3).
    pub fn name_zh(self) -> &'static str {
        match self {
            Flag::Red => "红色",
            Flag::Yellow => "黄色",
            Flag::Green => "绿色",
            Flag::Blue => "蓝色",
            Flag::Purple => "紫色",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Flag::Red => "red",
            Flag::Yellow => "yellow",
            Flag::Green => "green",
            Flag::Blue => "blue",
            Flag::Purple => "purple",
        }
    }

    /// A letter that reads without colour.
    pub fn letter(self) -> char {
        match self {
            Flag::Red => 'R',
            Flag::Yellow => 'Y',
            Flag::Green => 'G',
            Flag::Blue => 'B',
            Flag::Purple => 'P',
        }
    }

    /// Accepts `red`, `R`, `1`, `红`, `红色` (for filters and the CLI).
    pub fn parse(s: &str) -> Option<Flag> {
        let s = s.trim().to_lowercase();
        Flag::ALL.into_iter().find(|f| {
            s == f.name_en()
                || s == f.name_zh()
                || f.name_zh().starts_with(&s) && !s.is_empty()
                || s == f.letter().to_ascii_lowercase().to_string()
                || s == f.code().to_string()
        })
    }
}

impl From<Flag> for u8 {
    fn from(f: Flag) -> u8 {
        f.code()
    }
}

impl TryFrom<u8> for Flag {
    type Error = String;
    fn try_from(v: u8) -> Result<Self, String> {
        Flag::from_code(i64::from(v)).ok_or_else(|| format!("flag must be 1-5, got {v}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_letters_and_codes() {
        assert_eq!(Flag::parse("red"), Some(Flag::Red));
        assert_eq!(Flag::parse("紫"), Some(Flag::Purple));
        assert_eq!(Flag::parse("G"), Some(Flag::Green));
        assert_eq!(Flag::parse("4"), Some(Flag::Blue));
        assert_eq!(Flag::parse("pink"), None);
        assert_eq!(Flag::from_code(0), None);
    }
}
