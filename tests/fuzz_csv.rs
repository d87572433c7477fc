//! Property tests of the batch-file reader: arbitrary bytes and mangled rows never panic, every problem
//! names a line that exists, and whatever is accepted is a valid shipment.

use pddtui::domain::courier::reference_list;
use pddtui::domain::csv_rows::parse;
use pddtui::domain::validate;
use proptest::prelude::*;

const GOOD: &str = "order_sn,courier,tracking_number,imei\n\
    261119-866801121045679,85,YT1234567890123,\n\
    261119-318518982708228,圆通快递,YT1234567890124,860000000000001\n";

fn check(bytes: &[u8]) {
    let Ok(parsed) = parse(bytes, &reference_list()) else {
        return;
    };
    let lines = bytes.split(|b| *b == b'\n').count() as u64 + 1;
    for e in &parsed.errors {
        assert!(e.line >= 1 && e.line <= lines, "line {} of {lines}", e.line);
    }
    for row in &parsed.rows {
        assert!(
            validate::order_sn(&row.request.order_sn).is_ok(),
            "{:?}",
            row.request
        );
        assert!(
            validate::tracking_number(&row.request.tracking_number).is_ok(),
            "{:?}",
            row.request
        );
        assert!(
            reference_list()
                .iter()
                .any(|c| c.id == row.request.logistics_id && c.is_available())
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn mangled_rows_never_panic(
        cut in 0usize..GOOD.len(),
        insert in "[\\PC\"',;\\r\\n\\x00-\\x1f]{0,40}",
    ) {
        let mut text = GOOD.to_string();
        let at = (0..=cut).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        text.insert_str(at, &insert);
        check(text.as_bytes());
    }

    #[test]
    fn a_bom_or_gbk_changes_nothing(extra_rows in 0usize..5) {
        let mut text = GOOD.to_string();
        for i in 0..extra_rows {
            text.push_str(&format!("261120-{:015},85,YT{:013},\n", i, i));
        }
        let plain = parse(text.as_bytes(), &reference_list()).map(|p| p.rows.len()).ok();
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        prop_assert_eq!(plain, Some(2 + extra_rows));
        prop_assert_eq!(parse(&bom, &reference_list()).map(|p| p.rows.len()).ok(), plain);
        prop_assert_eq!(parse(&gbk, &reference_list()).map(|p| p.rows.len()).ok(), plain);
    }
}
