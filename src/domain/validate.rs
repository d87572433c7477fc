//! Checks on operator input before anything reaches the wire. Each error names what was wrong;
//! the faces translate it (see `i18n::errors`). Only these functions build `ShipRequest`/`NoteRequest`.

use super::courier::Courier;
use super::flag::Flag;
use super::request::{Checked, NoteRequest, Redelivery, ShipRequest};
use super::text;
use std::fmt;

/// Longest tracking number we accept; PDD's own limit is not documented, real ones are ≤ 20.
pub const MAX_TRACKING_LEN: usize = 40;
/// Longest note we send; PDD documents none, the merchant backend stops at 300.
pub const MAX_NOTE_CHARS: usize = 300;
/// Longest refund address id we send; PDD's ids are numbers of about a dozen digits.
pub const MAX_REFUND_ADDRESS_LEN: usize = 32;
/// `tag_name` limit from seed 002.
pub const MAX_TAG_NAME_CHARS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidationError {
    /// Not `YYMMDD-` + 15 digits.
    OrderSn(String),
    /// No courier with that id in the list.
    CourierUnknown(i64),
    /// The courier's `available` is 0.
    CourierUnavailable {
        id: i64,
        name: String,
    },
    TrackingEmpty,
    /// A character outside `[A-Za-z0-9-]`.
    TrackingChars(String),
    TrackingTooLong(usize),
    /// Tag must be 1–5.
    Tag(i64),
    TagNameEmpty,
    TagNameTooLong(String),
    /// A control or invisible formatting character in a flag name.
    TagNameChars(String),
    /// tag and tag_name go together.
    TagWithoutName,
    NameWithoutTag,
    NoteTooLong(usize),
    /// An IMEI that is not 14–16 digits, or an empty list.
    Imei(String),
    /// A device serial with characters outside `[A-Za-z0-9-_]`.
    DeviceSn(String),
    /// A refund address id that is not 1–`MAX_REFUND_ADDRESS_LEN` of `[A-Za-z0-9-_]` (its start only).
    RefundAddress(String),
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OrderSn(s) => write!(
                f,
                "order number {s:?} is not of the form YYMMDD-123456789012345"
            ),
            Self::CourierUnknown(id) => write!(f, "courier id {id} is not in the courier list"),
            Self::CourierUnavailable { id, name } => {
                write!(f, "courier {name} ({id}) is not available for shipping")
            }
            Self::TrackingEmpty => write!(f, "tracking number is empty"),
            Self::TrackingChars(s) => write!(
                f,
                "tracking number {s:?} may only hold letters, digits and '-'"
            ),
            Self::TrackingTooLong(n) => write!(
                f,
                "tracking number is {n} characters long (at most {MAX_TRACKING_LEN})"
            ),
            Self::Tag(t) => write!(f, "flag {t} is not 1-5"),
            Self::TagNameEmpty => write!(f, "flag name is empty"),
            Self::TagNameTooLong(s) => write!(
                f,
                "flag name {s:?} is longer than {MAX_TAG_NAME_CHARS} characters"
            ),
            Self::TagNameChars(s) => {
                write!(f, "flag name {s:?} holds a control or invisible character")
            }
            Self::TagWithoutName => write!(f, "a flag needs a flag name"),
            Self::NameWithoutTag => write!(f, "a flag name needs a flag"),
            Self::NoteTooLong(n) => {
                write!(f, "note is {n} characters long (at most {MAX_NOTE_CHARS})")
            }
            Self::Imei(s) => write!(f, "IMEI {s:?} must be 14-16 digits"),
            Self::DeviceSn(s) => write!(
                f,
                "device serial {s:?} may only hold letters, digits, '-' and '_'"
            ),
            Self::RefundAddress(s) => write!(
                f,
                "refund address id {s:?} must be 1-{MAX_REFUND_ADDRESS_LEN} letters, digits, '-' or '_'"
            ),
        }
    }
}

impl std::error::Error for ValidationError {}

/// `210317-001532562392221`: six date digits, a dash, fifteen digits.
pub fn order_sn(sn: &str) -> Result<&str, ValidationError> {
    let sn_trim = sn.trim();
    let ok = sn_trim.len() == 22
        && sn_trim.as_bytes()[6] == b'-'
        && sn_trim
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 6 || b.is_ascii_digit());
    if ok {
        Ok(sn_trim)
    } else {
        Err(ValidationError::OrderSn(sn.to_string()))
    }
}

/// The courier with this id, if it is in the list and available.
pub fn courier(id: i64, list: &[Courier]) -> Result<&Courier, ValidationError> {
    let c = list
        .iter()
        .find(|c| c.id == id)
        .ok_or(ValidationError::CourierUnknown(id))?;
    if !c.is_available() {
        return Err(ValidationError::CourierUnavailable {
            id,
            name: c.name.clone(),
        });
    }
    Ok(c)
}

/// Full-width forms (what a Chinese input method types: `ＹＴ１２３`, the ideographic space) as their
/// ASCII letters; every other character as it is.
fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The form in which tracking numbers are compared, wherever they come from (operator, CSV, journal,
/// gateway, waybill service): width folded, blanks removed, upper case. `yt 930…` and `ＹＴ930…` are
/// the same number as `YT930…`.
pub fn number_key(s: &str) -> String {
    fold_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether two tracking numbers are the same number (see `number_key`).
pub fn same_number(a: &str, b: &str) -> bool {
    number_key(a) == number_key(b)
}

/// Non-empty, `[A-Za-z0-9-]`, at most `MAX_TRACKING_LEN`. Surrounding blanks are trimmed and full-width
/// letters and digits are taken as their ASCII forms; the case is kept as entered.
pub fn tracking_number(s: &str) -> Result<String, ValidationError> {
    let folded = fold_width(s);
    let t = folded.trim();
    if t.is_empty() {
        return Err(ValidationError::TrackingEmpty);
    }
    if !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(ValidationError::TrackingChars(t.to_string()));
    }
    if t.len() > MAX_TRACKING_LEN {
        return Err(ValidationError::TrackingTooLong(t.len()));
    }
    Ok(t.to_string())
}

/// Builds the `feature` field from a list of IMEIs (`860…,861…` or the wire form `imei=860…,861…;`).
pub fn imei_feature(input: &str) -> Result<Option<String>, ValidationError> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Some(rest) = t.strip_prefix("deviceSn=") {
        let sns: Vec<&str> = rest
            .trim_end_matches(';')
            .split(',')
            .map(str::trim)
            .collect();
        for sn in &sns {
            if sn.is_empty()
                || !sn
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(ValidationError::DeviceSn(sn.to_string()));
            }
        }
        return Ok(Some(format!("deviceSn={};", sns.join(","))));
    }
    let body = t.strip_prefix("imei=").unwrap_or(t).trim_end_matches(';');
    let imeis: Vec<&str> = body
        .split(|c: char| c == ',' || c == '，' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    if imeis.is_empty() {
        return Err(ValidationError::Imei(t.to_string()));
    }
    for imei in &imeis {
        if !(14..=16).contains(&imei.len()) || !imei.chars().all(|c| c.is_ascii_digit()) {
            return Err(ValidationError::Imei(imei.to_string()));
        }
    }
    Ok(Some(format!("imei={};", imeis.join(","))))
}

/// The optional refund address id: empty means the shop's default address; otherwise 1 to
/// `MAX_REFUND_ADDRESS_LEN` of `[A-Za-z0-9-_]`. A refused value is named by its first characters only.
pub fn refund_address(s: &str) -> Result<Option<String>, ValidationError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let ok = t.len() <= MAX_REFUND_ADDRESS_LEN
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(Some(t.to_string()))
    } else {
        Err(ValidationError::RefundAddress(shortened(t)))
    }
}

/// The start of a refused value, enough to recognise it; the error text stays one line.
fn shortened(s: &str) -> String {
    text::truncate(s, 25)
}

/// Everything a shipment needs, checked. Returns the request and, separately, whether the number's shape
/// fits the courier (a warning only).
pub struct ShipInput<'a> {
    pub order_sn: &'a str,
    pub courier_id: i64,
    pub tracking: &'a str,
    pub imei: &'a str,
    pub refund_address_id: Option<&'a str>,
    pub modify: bool,
}

pub struct CheckedShip {
    pub request: ShipRequest,
    /// The number does not have the courier's usual shape.
    pub shape_warning: bool,
}

pub fn ship(input: &ShipInput<'_>, couriers: &[Courier]) -> Result<CheckedShip, ValidationError> {
    let sn = order_sn(input.order_sn)?;
    let c = courier(input.courier_id, couriers)?;
    let number = tracking_number(input.tracking)?;
    let feature = imei_feature(input.imei)?;
    let shape_warning = !c.fits_shape(&number);
    Ok(CheckedShip {
        request: ShipRequest {
            order_sn: sn.to_string(),
            logistics_id: c.id,
            tracking_number: number,
            feature,
            refund_address_id: refund_address(input.refund_address_id.unwrap_or(""))?,
            redelivery: if input.modify {
                Redelivery::Modify
            } else {
                Redelivery::First
            },
            checked: Checked,
        },
        shape_warning,
    })
}

/// Checks a flag code (1–5).
pub fn tag(code: i64) -> Result<Flag, ValidationError> {
    Flag::from_code(code).ok_or(ValidationError::Tag(code))
}

/// Checks a `tag_name` (1–3 characters, counted as characters, not bytes).
pub fn tag_name(name: &str) -> Result<String, ValidationError> {
    let n = name.trim();
    if n.is_empty() {
        return Err(ValidationError::TagNameEmpty);
    }
    if n.chars().count() > MAX_TAG_NAME_CHARS {
        return Err(ValidationError::TagNameTooLong(shortened(n)));
    }
    // Shown to every colleague in the merchant backend and in their terminals.
    if n.chars()
        .any(|c| c.is_control() || text::is_bidi(c) || text::dropped(c))
    {
        return Err(ValidationError::TagNameChars(n.to_string()));
    }
    Ok(n.to_string())
}

/// A note update: `tag` and `tag_name` both or neither.
pub fn note(
    sn: &str,
    text: &str,
    tag_code: Option<i64>,
    name: Option<&str>,
) -> Result<NoteRequest, ValidationError> {
    let sn = order_sn(sn)?;
    let chars = text.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(ValidationError::NoteTooLong(chars));
    }
    let tag = match (tag_code, name.map(str::trim).filter(|s| !s.is_empty())) {
        (None, None) => None,
        (Some(_), None) => return Err(ValidationError::TagWithoutName),
        (None, Some(_)) => return Err(ValidationError::NameWithoutTag),
        (Some(code), Some(n)) => Some((tag(code)?, tag_name(n)?)),
    };
    Ok(NoteRequest {
        order_sn: sn.to_string(),
        note: text.to_string(),
        tag,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::courier::reference_list;

    const SN: &str = "210317-001532562392221";

    #[test]
    fn order_sn_table() {
        for (input, ok) in [
            (SN, true),
            (" 210317-001532562392221 ", true),
            ("210317001532562392221", false),
            ("210317-00153256239222", false),
            ("21031x-001532562392221", false),
            ("210317-0015325623922211", false),
            ("", false),
            ("２１0317-001532562392221", false),
        ] {
            assert_eq!(order_sn(input).is_ok(), ok, "{input:?}");
        }
    }

    #[test]
    fn tracking_table() {
        assert_eq!(
            tracking_number(" YT1234567890123 ").unwrap(),
            "YT1234567890123"
        );
        assert_eq!(tracking_number("AB-12").unwrap(), "AB-12");
        assert_eq!(tracking_number("  "), Err(ValidationError::TrackingEmpty));
        assert!(matches!(
            tracking_number("YT 123"),
            Err(ValidationError::TrackingChars(_))
        ));
        assert!(matches!(
            tracking_number("单号123"),
            Err(ValidationError::TrackingChars(_))
        ));
        assert!(matches!(
            tracking_number(&"1".repeat(41)),
            Err(ValidationError::TrackingTooLong(41))
        ));
    }

    #[test]
    fn courier_known_and_available() {
        let list = reference_list();
        assert_eq!(courier(85, &list).unwrap().code, "YTO");
        assert_eq!(
            courier(999, &list),
            Err(ValidationError::CourierUnknown(999))
        );
        assert!(matches!(
            courier(384, &list),
            Err(ValidationError::CourierUnavailable { id: 384, .. })
        ));
    }

    #[test]
    fn imei_table() {
        assert_eq!(imei_feature("").unwrap(), None);
        assert_eq!(
            imei_feature("860000000000001, 860000000000002")
                .unwrap()
                .as_deref(),
            Some("imei=860000000000001,860000000000002;")
        );
        assert_eq!(
            imei_feature("imei=860000000000001;").unwrap().as_deref(),
            Some("imei=860000000000001;")
        );
        assert_eq!(
            imei_feature("deviceSn=AB-12_3;").unwrap().as_deref(),
            Some("deviceSn=AB-12_3;")
        );
        assert!(matches!(
            imei_feature("11,22,3333"),
            Err(ValidationError::Imei(_))
        ));
        assert!(matches!(
            imei_feature("86000000000000x"),
            Err(ValidationError::Imei(_))
        ));
        assert!(matches!(
            imei_feature("imei=;"),
            Err(ValidationError::Imei(_))
        ));
        assert!(matches!(
            imei_feature("deviceSn=a b;"),
            Err(ValidationError::DeviceSn(_))
        ));
    }

    #[test]
    fn ship_checks_all_and_warns_on_shape() {
        let list = reference_list();
        let input = ShipInput {
            order_sn: SN,
            courier_id: 85,
            tracking: "4307495240153",
            imei: "",
            refund_address_id: Some(""),
            modify: false,
        };
        let checked = ship(&input, &list).unwrap();
        assert!(
            checked.shape_warning,
            "a YUNDA-shaped number under YTO is a warning"
        );
        assert_eq!(checked.request.redelivery, Redelivery::First);
        assert_eq!(checked.request.refund_address_id, None);
        let ok = ship(
            &ShipInput {
                tracking: "YT1234567890123",
                modify: true,
                ..input
            },
            &list,
        )
        .unwrap();
        assert!(!ok.shape_warning);
        assert_eq!(ok.request.redelivery, Redelivery::Modify);
        assert!(
            ship(
                &ShipInput {
                    order_sn: "bad",
                    ..input
                },
                &list
            )
            .is_err()
        );
    }

    #[test]
    fn note_tag_rules() {
        assert!(note(SN, "hi", None, None).unwrap().tag.is_none());
        let n = note(SN, "我是备注", Some(2), Some("黄色")).unwrap();
        assert_eq!(n.tag, Some((Flag::Yellow, "黄色".to_string())));
        assert_eq!(
            note(SN, "x", Some(2), None),
            Err(ValidationError::TagWithoutName)
        );
        assert_eq!(
            note(SN, "x", None, Some("红")),
            Err(ValidationError::NameWithoutTag)
        );
        assert_eq!(
            note(SN, "x", Some(6), Some("红")),
            Err(ValidationError::Tag(6))
        );
        assert_eq!(
            note(SN, "x", Some(0), Some("红")),
            Err(ValidationError::Tag(0))
        );
        assert!(note(SN, "x", Some(1), Some("红色的")).is_ok());
        assert!(matches!(
            note(SN, "x", Some(1), Some("红色的旗")),
            Err(ValidationError::TagNameTooLong(_))
        ));
        assert!(matches!(
            note(SN, &"字".repeat(301), None, None),
            Err(ValidationError::NoteTooLong(301))
        ));
    }

    #[test]
    fn numbers_compare_folded_and_are_sent_in_ascii() {
        assert_eq!(number_key(" yt 93\u{3000}01 "), "YT9301");
        assert_eq!(number_key("ＹＴ９３０１"), "YT9301");
        assert!(same_number("Yt-1", "ｙＴ－１"));
        assert!(!same_number("YT1", "YT10"));
        assert_eq!(tracking_number("ＹＴ９３０１").unwrap(), "YT9301");
        // The case the operator typed is what is sent.
        assert_eq!(tracking_number("yt9301").unwrap(), "yt9301");
        assert!(matches!(
            tracking_number("YT 9301"),
            Err(ValidationError::TrackingChars(_))
        ));
    }

    #[test]
    fn refund_addresses_and_flag_names_are_checked_and_named_briefly() {
        assert_eq!(refund_address("  ").unwrap(), None);
        assert_eq!(
            refund_address(" RA-77_1 ").unwrap().as_deref(),
            Some("RA-77_1")
        );
        let long = format!("{}\u{1b}[2J", "7".repeat(500));
        match refund_address(&long) {
            Err(ValidationError::RefundAddress(shown)) => {
                assert!(
                    shown.chars().count() <= 25 && !shown.contains('\u{1b}'),
                    "{shown:?}"
                )
            }
            other => panic!("{other:?}"),
        }
        for bad in ["a b", "地址", "1\u{202e}2", &"1".repeat(33)] {
            assert!(refund_address(bad).is_err(), "{bad:?}");
        }
        for bad in ["红\u{1b}", "\u{200f}红", "a\u{9b}b"] {
            assert!(
                matches!(tag_name(bad), Err(ValidationError::TagNameChars(_))),
                "{bad:?}"
            );
        }
    }

    proptest::proptest! {
        /// Any number, in any case, full width or with blanks, is the same number; the ASCII digits and
        /// letters of one that is accepted are sent unchanged.
        #[test]
        fn number_forms_fold_to_one(n in "[A-Za-z0-9-]{1,40}", blanks in proptest::collection::vec(0usize..40, 0..4)) {
            let wide: String = n.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect();
            let mut spaced = n.to_lowercase();
            for b in blanks {
                let at = spaced.char_indices().nth(b % (spaced.chars().count() + 1)).map_or(spaced.len(), |(i, _)| i);
                spaced.insert(at, ' ');
            }
            proptest::prop_assert!(same_number(&n, &wide));
            proptest::prop_assert!(same_number(&n, &spaced));
            proptest::prop_assert_eq!(tracking_number(&wide).unwrap(), n.clone());
            proptest::prop_assert_eq!(tracking_number(&format!(" {n}\u{3000}")).unwrap(), n);
        }
    }
}
