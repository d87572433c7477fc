//! A text field whose whole value can be selected, as scanner-friendly forms do: a value the operator did not
//! just type (restored, failed, pre-filled, taken) is selected, so the next entry replaces it instead of joining it.
//! Also the plain helpers every text field uses: a key or a paste into a `tui_input::Input`.

use crossterm::event::{Event, KeyEvent};
use tui_input::{Input, InputRequest, backend::crossterm::to_input_request};

/// Feeds a key to a field; true when the field took it. With the value selected, a character replaces the
/// whole value, and any other editing key (cursor keys, Backspace) drops the selection and edits in place.
pub fn key(input: &mut Input, selected: &mut bool, ev: &KeyEvent) -> bool {
    let Some(req) = to_input_request(&Event::Key(*ev)) else {
        return false;
    };
    if std::mem::take(selected) && matches!(req, InputRequest::InsertChar(_)) {
        input.reset();
    }
    input.handle(req).is_some()
}

/// Pasted text: it replaces a selected value, and is inserted at the cursor otherwise.
pub fn paste(input: &mut Input, selected: &mut bool, text: &str) {
    if text.is_empty() {
        return;
    }
    if std::mem::take(selected) {
        input.reset();
    }
    paste_into(input, text);
}

/// Feeds a key to a text field; true when the field took it.
pub fn edit(input: &mut Input, ev: &KeyEvent) -> bool {
    match to_input_request(&Event::Key(*ev)) {
        Some(req) => input.handle(req).is_some(),
        None => false,
    }
}

/// Types pasted text into a field, one character at a time (newlines become spaces).
pub fn paste_into(input: &mut Input, text: &str) {
    for c in text.chars() {
        let c = if c.is_control() { ' ' } else { c };
        input.handle(InputRequest::InsertChar(c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn ev(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn a_character_or_a_paste_replaces_a_selected_value() {
        let mut i = Input::new("YT1".into());
        let mut sel = true;
        assert!(key(&mut i, &mut sel, &ev(KeyCode::Char('Z'))));
        assert_eq!((i.value(), sel), ("Z", false));
        assert!(key(&mut i, &mut sel, &ev(KeyCode::Char('9'))));
        assert_eq!(i.value(), "Z9");
        sel = true;
        paste(&mut i, &mut sel, "SF2");
        assert_eq!((i.value(), sel), ("SF2", false));
        paste(&mut i, &mut sel, "3");
        assert_eq!(i.value(), "SF23");
    }

    #[test]
    fn cursor_keys_and_backspace_edit_a_selected_value_in_place() {
        let mut i = Input::new("YT12".into());
        let mut sel = true;
        key(&mut i, &mut sel, &ev(KeyCode::Backspace));
        assert_eq!((i.value(), sel), ("YT1", false));
        sel = true;
        key(&mut i, &mut sel, &ev(KeyCode::Home));
        assert!(!sel);
        key(&mut i, &mut sel, &ev(KeyCode::Char('X')));
        assert_eq!(i.value(), "XYT1");
        sel = true;
        key(&mut i, &mut sel, &ev(KeyCode::End));
        key(&mut i, &mut sel, &ev(KeyCode::Left));
        key(&mut i, &mut sel, &ev(KeyCode::Char('5')));
        assert_eq!(i.value(), "XYT51");
        // A key that is no edit (F5) leaves the selection as it is.
        sel = true;
        assert!(!key(&mut i, &mut sel, &ev(KeyCode::F(5))));
        assert!(sel);
    }
}
