//! The import dialog through `update`: the path typed, the file read as an effect, rows and problems
//! reviewed (claimed orders held back), the confirmation, one batch shipment, and its outcome per order.

use crate::api::ApiError;
use crate::domain::csv_rows::{self, FileError};
use crate::i18n::Lang;
use crate::tui::app::{App, Overlay};
use crate::tui::dialog::import::{Held, ImportDialog, Stage};
use crate::tui::msg::{Effect, Msg, ReqId};
use crate::tui::testdata::{app, spend_held_key};
use crate::tui::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const SN1: &str = "210318-001532562392201";
const SN2: &str = "210318-001532562392202";
const SN3: &str = "210318-001532562392203";

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typ(a: &mut App, text: &str) {
    for c in text.chars() {
        press(a, KeyCode::Char(c));
    }
}

fn dialog(a: &App) -> &ImportDialog {
    match &a.overlay {
        Overlay::Import(d) => d,
        other => panic!("no import dialog: {other:?}"),
    }
}

/// Opens the dialog, types a path and answers the read with `file`.
fn read(a: &mut App, file: &str) -> ReqId {
    press(a, KeyCode::Char('I'));
    typ(a, "~/today.csv");
    let fx = press(a, KeyCode::Enter);
    let (id, couriers) = match fx.as_slice() {
        [Effect::ReadCsv { id, path, couriers }] => {
            assert_eq!(path.to_str(), Some("~/today.csv"));
            (*id, couriers.clone())
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(dialog(a).stage, Stage::Reading(id));
    let result = csv_rows::parse(file.as_bytes(), &couriers);
    update(
        a,
        Msg::CsvRead {
            id,
            path: "/home/op/today.csv".into(),
            result,
        },
    );
    spend_held_key(a);
    id
}

fn file() -> String {
    format!(
        "order_sn,courier,tracking_number\n{SN1},85,YT9990001112223\n{SN2},圆通快递,YT9990001112224\n{SN3},nope,YT9990001112225\n"
    )
}

#[test]
fn a_file_is_reviewed_confirmed_and_shipped_in_one_batch() {
    let mut a = app(Lang::En);
    read(&mut a, &file());
    let d = dialog(&a);
    assert_eq!(d.stage, Stage::Review { confirm: false });
    assert_eq!(d.sendable().len(), 2);
    assert_eq!(d.parsed.as_ref().map(|p| p.invalid_lines()), Some(vec![4]));
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert_eq!(dialog(&a).stage, Stage::Review { confirm: true });
    let fx = press(&mut a, KeyCode::Char('y'));
    let (id, requests) = match fx.as_slice() {
        [Effect::Ship { id, requests }] => (*id, requests.clone()),
        other => panic!("{other:?}"),
    };
    let sns: Vec<&str> = requests.iter().map(|r| r.order_sn.as_str()).collect();
    assert_eq!(sns, [SN1, SN2]);
    assert!(a.pending.ships.contains(&id));
    // Quitting now asks first; any other key keeps waiting.
    assert!(press(&mut a, KeyCode::Char('q')).is_empty());
    assert!(a.asking_quit());
    press(&mut a, KeyCode::Char('n'));
    assert!(!a.asking_quit() && !a.quit);
    let lost = ApiError::ConnectionLost("reset".into());
    let fx = update(
        &mut a,
        Msg::Shipped {
            id,
            result: Ok(vec![(SN1.into(), Ok(())), (SN2.into(), Err(lost.into()))]),
        },
    );
    assert!(
        matches!(fx.as_slice(), [Effect::LoadJournal { .. }]),
        "{fx:?}"
    );
    let Stage::Done(outcomes) = &dialog(&a).stage else {
        panic!("not done")
    };
    assert!(outcomes[0].1.is_none() && outcomes[1].1.is_some());
    assert!(a.order(SN1).is_some_and(|o| o.is_shipped()));
    assert_eq!(
        a.order(SN1).map(|o| o.tracking_number()),
        Some("YT9990001112223")
    );
    assert_eq!(
        a.unconfirmed.get(SN2).map(String::as_str),
        Some("YT9990001112224")
    );
    assert!(a.pending.ships.is_empty());
    spend_held_key(&mut a);
    press(&mut a, KeyCode::Enter);
    assert!(matches!(a.overlay, Overlay::None));
}

#[test]
fn an_order_another_process_ships_is_held_back() {
    let mut a = app(Lang::Zh);
    a.claims.by_order.insert(SN2.into(), "bob".into());
    read(&mut a, &file());
    let d = dialog(&a);
    assert_eq!(
        d.held,
        vec![(3, SN2.to_string(), Held::InProgress("bob".to_string()))]
    );
    assert_eq!(d.sendable().len(), 1);
    press(&mut a, KeyCode::Enter);
    let fx = press(&mut a, KeyCode::Char('y'));
    assert!(matches!(&fx[..], [Effect::Ship { requests, .. }] if requests.len() == 1));
}

#[test]
fn an_unreadable_file_is_explained_and_the_path_can_be_fixed() {
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Char('I'));
    typ(&mut a, "/nope.csv");
    let fx = press(&mut a, KeyCode::Enter);
    let [Effect::ReadCsv { id, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let id = *id;
    // A stale answer is dropped.
    update(
        &mut a,
        Msg::CsvRead {
            id: ReqId(id.0 + 9),
            path: "/nope.csv".into(),
            result: Err(FileError::Empty),
        },
    );
    assert_eq!(dialog(&a).stage, Stage::Reading(id));
    let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
    update(
        &mut a,
        Msg::CsvRead {
            id,
            path: "/nope.csv".into(),
            result: Err(FileError::Io(missing)),
        },
    );
    spend_held_key(&mut a);
    let d = dialog(&a);
    assert_eq!(d.stage, Stage::Path);
    assert!(d.error.as_deref().is_some_and(|e| e.contains("/nope.csv")));
    assert_eq!(d.path.value(), "/nope.csv");
    // The unreadable path is selected: a new one typed replaces it; Backspace would mend it instead.
    assert!(d.path_selected);
    typ(&mut a, "/ok.csv");
    assert_eq!(dialog(&a).path.value(), "/ok.csv");
    // Nothing valid: Enter does not ask to ship.
    let only_bad = format!("order_sn,courier,tracking_number\n{SN3},nope,YT9990001112225\n");
    a.overlay = Overlay::None;
    read(&mut a, &only_bad);
    press(&mut a, KeyCode::Enter);
    assert_eq!(dialog(&a).stage, Stage::Review { confirm: false });
    // Esc goes back to the path; Esc again closes.
    press(&mut a, KeyCode::Esc);
    assert_eq!(dialog(&a).stage, Stage::Path);
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.overlay, Overlay::None));
}

#[test]
fn read_only_refuses_the_import() {
    let mut a = app(Lang::Zh);
    a.settings.read_only = true;
    assert!(press(&mut a, KeyCode::Char('I')).is_empty());
    assert!(matches!(a.overlay, Overlay::None));
    assert!(!a.toasts.is_empty());
}

#[test]
fn a_hostile_file_name_and_os_error_are_shown_inert() {
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Char('I'));
    typ(&mut a, "x.csv");
    let fx = press(&mut a, KeyCode::Enter);
    let [Effect::ReadCsv { id, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let id = *id;
    let path = "/tmp/\u{202e}vsc.exe\u{1b}]0;T\u{7}❤\u{fe0f}.csv";
    let os = std::io::Error::other("denied \u{1b}[2J\u{61c}by\u{9b}policy");
    update(
        &mut a,
        Msg::CsvRead {
            id,
            path: path.into(),
            result: Err(FileError::Io(os)),
        },
    );
    let error = dialog(&a).error.clone().unwrap_or_default();
    assert!(error.contains("vsc.exe␛]0;T␇❤.csv"), "{error}");
    assert!(error.contains("denied ␛[2J�by�policy"), "{error}");
    assert!(
        !error.contains([
            '\u{1b}', '\u{7}', '\u{202e}', '\u{61c}', '\u{9b}', '\u{fe0f}'
        ]),
        "{error}"
    );
}

#[test]
fn the_dialog_alone_says_what_its_keys_ask_for() {
    use crate::tui::dialog::import::Outcome;
    use crate::tui::keys::key::Key;
    let a = app(Lang::En);
    let ctx = a.ctx();
    let mut d = ImportDialog::new();
    let key = |d: &mut ImportDialog, code: KeyCode| {
        let ev = KeyEvent::new(code, KeyModifiers::NONE);
        d.on_key(&ctx, Key::from_event(&ev), &ev)
    };
    // An empty path reads nothing; a typed one asks for the read, and the dialog waits for its id.
    assert_eq!(key(&mut d, KeyCode::Enter), Outcome::None);
    for c in " a.csv ".chars() {
        assert_eq!(key(&mut d, KeyCode::Char(c)), Outcome::None);
    }
    assert_eq!(
        key(&mut d, KeyCode::Enter),
        Outcome::ReadCsv("a.csv".into())
    );
    assert_eq!(d.stage, Stage::Path);
    d.reading(ReqId(7));
    assert_eq!(d.stage, Stage::Reading(ReqId(7)));
    assert!(!d.owns(ReqId(7)));
    d.sending(ReqId(8));
    assert!(d.owns(ReqId(8)));
    assert_eq!(key(&mut d, KeyCode::Char('q')), Outcome::AskQuit);
    assert_eq!(key(&mut d, KeyCode::Esc), Outcome::None);
}

/// Issue 12: the preview checks what `pddtui ship --csv` checks, so an order in after-sale, under risk
/// review, already shipped, or not among the queue's orders is not "ready to ship": each row names why.
#[test]
fn rows_the_cli_would_refuse_are_held_back_with_their_reason() {
    use crate::domain::order::ShipBlock;
    use crate::domain::ship_check::Refusal;
    let mut a = app(Lang::En);
    let file = format!(
        "order_sn,courier,tracking_number\n\
         {SN1},85,YT9990001112223\n\
         {SN3},85,YT9990001112224\n\
         210318-001532562392204,85,YT9990001112225\n\
         210318-001532562392207,85,YT9990001112226\n\
         210318-009999999999999,85,YT9990001112227\n"
    );
    read(&mut a, &file);
    let d = dialog(&a);
    let ready: Vec<&str> = d
        .sendable()
        .iter()
        .map(|r| r.request.order_sn.as_str())
        .collect();
    assert_eq!(ready, [SN1]);
    let why: Vec<(u64, &Held)> = d.held.iter().map(|(l, _, w)| (*l, w)).collect();
    assert_eq!(
        why,
        vec![
            (3, &Held::Refused(Refusal::Blocked(ShipBlock::Refund(3)))),
            (4, &Held::Refused(Refusal::Blocked(ShipBlock::RiskReview))),
            (
                5,
                &Held::Refused(Refusal::Shipped {
                    logistics_id: 85,
                    tracking_number: "YT1234567890123".into()
                })
            ),
            (6, &Held::NotInQueue),
        ]
    );
    press(&mut a, KeyCode::Enter);
    let fx = press(&mut a, KeyCode::Char('y'));
    let [Effect::Ship { requests, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let sent: Vec<&str> = requests.iter().map(|r| r.order_sn.as_str()).collect();
    assert_eq!(sent, [SN1]);
}
