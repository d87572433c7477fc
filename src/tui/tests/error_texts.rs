//! Error texts in the workstation (issue 12): a gateway error whose message carries the prefix already
//! reads once in the ship dialog, and a proxy's 502 page is a toast with its status, never its markup.

use crate::api::ApiError;
use crate::api::error::http_summary;
use crate::i18n::Lang;
use crate::tui::app::{App, Overlay};
use crate::tui::msg::{Effect, Msg};
use crate::tui::testdata::app;
use crate::tui::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typ(a: &mut App, text: &str) {
    for c in text.chars() {
        press(a, KeyCode::Char(c));
    }
}

const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
                         <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
                         </body>\r\n</html>\r\n";

#[test]
fn a_refusal_that_carries_its_prefix_reads_once_in_the_ship_dialog() {
    for lang in [Lang::Zh, Lang::En] {
        let mut a = app(lang);
        press(&mut a, KeyCode::Char('s'));
        if matches!(&a.overlay, Overlay::Ship(d) if d.courier.is_none()) {
            typ(&mut a, "yto");
            press(&mut a, KeyCode::Enter);
        }
        typ(&mut a, "YT5000000000001");
        press(&mut a, KeyCode::Enter);
        let fx = press(&mut a, KeyCode::Char('y'));
        let Some(Effect::Ship { id, requests }) = fx.first() else {
            panic!("no shipment: {fx:?}")
        };
        let sn = requests[0].order_sn.clone();
        let err = ApiError::Gateway {
            code: 20004,
            message: "网关错误 20004:网关错误 20004:订单售后中,不能发货".into(),
        };
        update(
            &mut a,
            Msg::Shipped {
                id: *id,
                result: Ok(vec![(sn, Err(err.into()))]),
            },
        );
        let Overlay::Ship(d) = &a.overlay else {
            panic!("the dialog closed")
        };
        let text = d.error.clone().unwrap_or_default();
        assert_eq!(text.matches("20004").count(), 1, "{text}");
        assert!(text.ends_with("订单售后中,不能发货"), "{text}");
    }
}

#[test]
fn a_502_page_is_a_toast_with_its_status_not_its_markup() {
    for (lang, want) in [
        (Lang::Zh, "加载订单失败: HTTP 状态 502 Bad Gateway"),
        (Lang::En, "loading orders failed: HTTP 502 Bad Gateway"),
    ] {
        let mut a = app(lang);
        let fx = press(&mut a, KeyCode::Char('r'));
        let Some(Effect::FetchOrders { id, .. }) = fx.first() else {
            panic!("no fetch: {fx:?}")
        };
        let err = ApiError::Http {
            status: 502,
            snippet: http_summary(502, NGINX_502),
        };
        update(
            &mut a,
            Msg::Orders {
                id: *id,
                result: Err(err),
            },
        );
        let toast = a.toasts.last().map(|t| t.text.clone()).unwrap_or_default();
        assert_eq!(toast, want);
    }
}
