//! Every user-visible string, in Chinese (default) and English.

pub mod cli;
pub mod config;
pub mod csv;
pub mod dialog;
pub mod errors;
pub mod exits;
pub mod flag;
pub mod group;
pub mod journal;
pub mod os;
pub mod refusal;
pub mod team;
pub mod tui;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" => Some(Lang::Zh),
            "en" | "en-us" | "en_us" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}
