//! The words of a flag that changed since the operator saw it (another operator, the merchant backend): the
//! conflict dialog of the flag keys, its choices, and the toasts after it.

use super::Lang;
use crate::domain::Flag;

/// A flag as a list says it: its colour, and the shop's name when it is not the colour's own; `无` / `none`.
pub fn label(lang: Lang, flag: Option<Flag>, name: &str) -> String {
    let Some(f) = flag else {
        return match lang {
            Lang::Zh => "无旗帜".into(),
            Lang::En => "no flag".into(),
        };
    };
    let colour = match lang {
        Lang::Zh => f.name_zh(),
        Lang::En => f.name_en(),
    };
    match name.trim() {
        "" => colour.to_string(),
        n if n == f.name_zh() => colour.to_string(),
        n => format!("{colour} “{n}”"),
    }
}

/// The dialog's title.
pub fn title(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "旗帜已被改动",
        Lang::En => "Flag changed meanwhile",
    }
}

/// Over the list: how many were left out, and how many of the same key press went through.
pub fn head(lang: Lang, left_out: usize, done: usize) -> String {
    match (lang, left_out, done) {
        (Lang::Zh, n, 0) => format!("{n} 单的旗帜在你看到之后被改了,未发送:"),
        (Lang::Zh, n, d) => format!("{n} 单的旗帜在你看到之后被改了,未发送(其余 {d} 单已更新):"),
        (Lang::En, 1, 0) => "its flag changed since you saw it: nothing sent".into(),
        (Lang::En, n, 0) => format!("{n} flags changed since you saw them: nothing sent to them"),
        (Lang::En, n, d) => {
            let others = match d {
                1 => "1 other done".to_string(),
                d => format!("{d} others done"),
            };
            match n {
                1 => format!("1 flag changed since you saw it: not sent ({others})"),
                n => format!("{n} flags changed since you saw them: not sent ({others})"),
            }
        }
    }
}

/// The labels of one order's lines: the flag seen, the flag now, the flag asked, the note now.
pub fn seen(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "你看到的",
        Lang::En => "you saw",
    }
}

pub fn now(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "现在",
        Lang::En => "now",
    }
}

pub fn mine(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "你要的",
        Lang::En => "yours",
    }
}

pub fn note_now(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "现在备注",
        Lang::En => "note now",
    }
}

/// Beside the note when it changed too (a flag write keeps it byte for byte).
pub fn note_changed(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "(也被改了,会原样保留)",
        Lang::En => "(changed too; kept as it is)",
    }
}

/// An empty note.
pub fn no_note(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "(无)",
        Lang::En => "(none)",
    }
}

/// The choices, said beside their keys.
pub fn apply_mine(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "仍用你的旗帜",
        Lang::En => "apply mine anyway",
    }
}

pub fn keep_theirs(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "保留现在的",
        Lang::En => "keep theirs",
    }
}

/// The toast after keeping theirs.
pub fn kept(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "已保留现在的旗帜,未发送",
        Lang::En => "kept the flags as they are now: nothing sent",
    }
}

/// The toast when another dialog is open: which orders were left out (the queue shows their flag now).
pub fn left_out(lang: Lang, orders: &[&str]) -> String {
    let list = orders.join(", ");
    match lang {
        Lang::Zh => format!("旗帜在你看到之后被改了,未发送: {list}"),
        Lang::En => format!("flag changed since you saw it, not sent: {list}"),
    }
}
