//! Dialog bodies at 80×24, in Chinese and English, with texts too long for their line: each such line ends
//! with `…` instead of being clipped silently (issue 12), and a gateway error reads once.

mod screen_support;

use screen_support::{key, keys, render};

use crossterm::event::KeyCode;
use pddtui::api::ApiError;
use pddtui::i18n::Lang;
use pddtui::ops::OpError;
use pddtui::tui::msg::{Effect, Msg};
use pddtui::tui::{App, testdata, update};

/// Renders `scene` at 80×24 in both languages; every row of a dialog stays inside the screen.
fn snap(name: &str, scene: impl Fn(&mut App)) {
    for lang in [Lang::Zh, Lang::En] {
        let mut a = testdata::app(lang);
        a.size = (80, 24);
        scene(&mut a);
        let l = if lang == Lang::Zh { "zh" } else { "en" };
        let screen = render(&a, a.size.0, a.size.1);
        insta::assert_snapshot!(format!("{name}_{l}_80x24"), screen);
    }
}

/// A refusal longer than the dialog, worded by a relay that already put the code before it.
const LONG_REFUSAL: &str = "网关错误 20004:订单售后中,不能发货:买家已申请退款,请先在商家后台处理完售后单再发货,\
                            如有疑问请联系平台客服(工单 8842-2211-0931-7765)";

/// The last row holding `needle` (the dialog is drawn below the queue's rows).
fn cut_line<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .rev()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no {needle:?} in\n{screen}"))
}

#[test]
fn a_refused_note_shows_its_error_once_and_cut() {
    snap("cut_note_refused", |a| {
        keys(a, "n");
        keys(a, ",明天发");
        let fx = key(a, KeyCode::Enter);
        let Some(Effect::WriteNotes { id, edits }) = fx.first() else {
            panic!("no note write: {fx:?}")
        };
        let sn = edits[0].0.clone();
        let err = OpError::Api(ApiError::Gateway {
            code: 20004,
            message: LONG_REFUSAL.into(),
        });
        update(
            a,
            Msg::Noted {
                id: *id,
                results: vec![(sn, Err(err))],
            },
        );
        let screen = render(a, a.size.0, a.size.1);
        let line = cut_line(&screen, "20004");
        assert_eq!(screen.matches("20004").count(), 1, "{screen}");
        assert!(
            line.trim_end_matches('│').trim_end().ends_with('…'),
            "{line}"
        );
    });
}

#[test]
fn a_ship_dialog_blocked_by_a_long_claim_is_cut() {
    snap("cut_ship_claimed", |a| {
        let fx = pddtui::tui::update::claims::poll(a);
        let Some(Effect::LoadClaims { id }) = fx.first() else {
            panic!("no claims read: {fx:?}")
        };
        let user = "warehouse-east-3-night-shift-operator-with-a-very-long-account-name@example";
        update(
            a,
            Msg::Claims {
                id: *id,
                result: Ok(vec![("210318-001532562392201".into(), user.into())]),
            },
        );
        keys(a, "s");
        let screen = render(a, a.size.0, a.size.1);
        let line = cut_line(&screen, "warehouse-east-3");
        assert!(
            line.trim_end_matches('│').trim_end().ends_with('…'),
            "{line}"
        );
    });
}

#[test]
fn a_batch_confirmation_longer_than_its_line_is_cut() {
    snap("cut_ship_batch_confirm", |a| {
        keys(a, "   ");
        keys(a, "s");
        keys(a, "yto");
        key(a, KeyCode::Enter);
        for n in [
            "YT99900011122230001",
            "YT99900011122230002",
            "YT99900011122230003",
        ] {
            keys(a, n);
            key(a, KeyCode::Enter);
        }
        let screen = render(a, a.size.0, a.size.1);
        let line = cut_line(&screen, "YT99900011122230001");
        assert!(
            line.trim_end_matches('│').trim_end().ends_with('…'),
            "{line}\n{screen}"
        );
    });
}
