//! Property tests of every response decoder: arbitrary bytes and mutated seed-003 answers never panic,
//! and whatever decodes into an order carries no terminal control characters once admitted.

use pddtui::api::fw199::model::{ListPage, NoteResult};
use pddtui::api::http::decode;
use pddtui::api::merge::admit;
use pddtui::api::pddshuju::model::{SendResult, SyncOrder};
use pddtui::api::waybill::model::{Reply, SaveTradeData, TokenData};
use pddtui::api::{fw199, pddshuju};
use pddtui::domain::Order;
use pddtui::domain::text::{MAX_CHARS, placeholder};
use proptest::prelude::*;

const SEED_003: &str = include_str!("fixtures/fw199_order_detail_seed003.json");

/// Runs a body through every decoder the clients use; none may panic.
fn decode_everything(body: &str) {
    if let Ok(data) = fw199::open_envelope(body) {
        if let Ok(page) = ListPage::from_data(data.clone()) {
            page.order_list.into_iter().map(admit).for_each(assert_safe);
        }
        if let Ok(o) = serde_json::from_value::<Order>(data.clone()) {
            assert_safe(admit(o));
        }
        if let Ok(n) = serde_json::from_value::<NoteResult>(data) {
            let _ = fw199::inner_failure(&n).to_string();
        }
    }
    if let Ok(data) = pddshuju::open_reply(body) {
        if let Ok(list) = serde_json::from_value::<Vec<SyncOrder>>(data.clone()) {
            for o in list {
                if let Ok(o) = o.into_order() {
                    assert_safe(admit(o));
                }
            }
        }
        let _ = serde_json::from_value::<Vec<SendResult>>(data);
    }
    let _ = decode::<Reply<TokenData>>(body);
    let _ = decode::<Reply<SaveTradeData>>(body);
    if let Err(e) = decode::<serde_json::Value>(body) {
        assert_clean_text(&e.to_string());
    }
}

fn assert_clean_text(s: &str) {
    assert!(
        s.chars().all(|c| placeholder(c).is_none()),
        "unsafe character in {s:?}"
    );
}

/// Every text field of an admitted order is safe to draw and capped.
fn assert_safe(o: Order) {
    let mut texts = vec![
        o.order_sn,
        o.buyer_memo,
        o.remark,
        o.remark_tag_name,
        o.address_mask,
        o.receiver_name_mask,
        o.receiver_phone_mask,
        o.receiver_address_mask,
        o.province,
        o.city,
        o.town,
        o.tracking_number,
    ];
    for i in o.item_list {
        texts.extend([i.goods_name, i.goods_spec, i.outer_id]);
    }
    for t in texts {
        assert_clean_text(&t);
        assert!(t.chars().count() <= MAX_CHARS + 1);
    }
}

/// Hostile strings: controls, escapes, bidi, separators, CJK and emoji.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\u{1b}]0;title\u{7}".to_string()),
        Just("\u{1b}]52;c;ZXZpbA==\u{7}".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\u{9b}31m".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{2066}\u{2069}\u{200e}\u{2028}".to_string()),
        Just("拼多多🎉".to_string()),
        any::<char>().prop_map(String::from),
        "[\\x00-\\x1f\\x7f-\\u{9f}]{1,4}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        decode_everything(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn truncated_and_mutated_seed_003_never_panics(
        cut in 0..SEED_003.len(),
        at in 0..SEED_003.len(),
        junk in proptest::collection::vec(any::<u8>(), 0..16),
    ) {
        let bytes = SEED_003.as_bytes();
        decode_everything(&String::from_utf8_lossy(&bytes[..cut]));
        let mut mutated = bytes.to_vec();
        let end = (at + junk.len()).min(mutated.len());
        mutated.splice(at..end, junk.iter().copied());
        decode_everything(&String::from_utf8_lossy(&mutated));
    }

    #[test]
    fn hostile_fields_are_admitted_safe(text in hostile_text(), field in 0usize..6) {
        let mut v: serde_json::Value = serde_json::from_str(SEED_003).unwrap();
        let data = &mut v["data"];
        match field {
            0 => data["buyer_memo"] = text.clone().into(),
            1 => data["remark"] = text.clone().into(),
            2 => data["item_list"][0]["goods_name"] = text.clone().into(),
            3 => data["item_list"][0]["goods_spec"] = text.clone().into(),
            4 => data["receiver_name_mask"] = text.clone().into(),
            _ => data["message"] = text.clone().into(),
        }
        v["message"] = text.into();
        let body = v.to_string();
        decode_everything(&body);
        // The same order as a list page, an array page and a pddshuju answer.
        let list = serde_json::json!({"code": 0, "message": "ok",
            "data": {"order_list": [v["data"].clone()], "has_next": false}});
        decode_everything(&list.to_string());
        let bare = serde_json::json!({"code": 0, "data": [v["data"].clone()]});
        decode_everything(&bare.to_string());
        let failure = serde_json::json!({"code": 7, "message": v["message"].clone()});
        if let Err(e) = fw199::open_envelope(&failure.to_string()) {
            assert_clean_text(&e.to_string());
        }
        let shuju = serde_json::json!({"code": 500, "msg": v["message"].clone()});
        if let Err(e) = pddshuju::open_reply(&shuju.to_string()) {
            assert_clean_text(&e.to_string());
        }
    }

    #[test]
    fn the_other_seed_answers_mutated_never_panic(
        which in 0usize..4,
        cut in 0usize..2000,
        at in 0usize..2000,
        junk in proptest::collection::vec(any::<u8>(), 0..8),
    ) {
        let seed = [
            include_str!("fixtures/fw199_noteupdate_response_seed002.json"),
            include_str!("fixtures/fw199_ship_response_seed001.json"),
            include_str!("fixtures/pddshuju_error_response_seed000.json"),
            include_str!("fixtures/waybill_save_trade_response_seed000.json"),
        ][which].as_bytes();
        decode_everything(&String::from_utf8_lossy(&seed[..cut.min(seed.len())]));
        let mut mutated = seed.to_vec();
        let at = at.min(mutated.len());
        let end = (at + junk.len()).min(mutated.len());
        mutated.splice(at..end, junk.iter().copied());
        decode_everything(&String::from_utf8_lossy(&mutated));
    }
}
