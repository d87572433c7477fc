//! The business parameters of fw199's writing calls, built from checked requests and checked again here:
//! a request that reaches this point malformed is refused before anything is sent (defence in depth).

use crate::api::ApiError;
use crate::domain::validate::{self, ValidationError};
use crate::domain::{NoteRequest, ShipRequest};

pub type Params = Vec<(&'static str, String)>;

/// `onlinesend`: absent optional parameters go as empty strings, as the vendor's sample sends them,
/// and are signed like any other.
pub fn ship(req: &ShipRequest) -> Result<Params, ApiError> {
    let sn = validate::order_sn(&req.order_sn)?;
    let tracking = validate::tracking_number(&req.tracking_number)?;
    if req.logistics_id <= 0 {
        return Err(ValidationError::CourierUnknown(req.logistics_id).into());
    }
    let feature = match req.feature.as_deref() {
        Some(f) => validate::imei_feature(f)?.unwrap_or_default(),
        None => String::new(),
    };
    let refund_address_id =
        validate::refund_address(req.refund_address_id.as_deref().unwrap_or(""))?
            .unwrap_or_default();
    Ok(vec![
        ("order_sn", sn.to_string()),
        ("logistics_id", req.logistics_id.to_string()),
        ("tracking_number", tracking),
        ("feature", feature),
        ("refund_address_id", refund_address_id),
        ("redelivery_type", req.redelivery.code().to_string()),
    ])
}

/// `noteupdate`: `tag` and `tag_name` together or not at all (an empty `tag=` would be "sent").
pub fn note(req: &NoteRequest) -> Result<Params, ApiError> {
    let sn = validate::order_sn(&req.order_sn)?;
    // No length check here: a flag change sends back the note the gateway already holds, however long;
    // the operator's own text is checked where it is typed (`validate::note`).
    let mut params = vec![("order_sn", sn.to_string()), ("note", req.note.clone())];
    if let Some((flag, name)) = &req.tag {
        let name = validate::tag_name(name)?;
        params.push(("tag", flag.code().to_string()));
        params.push(("tag_name", name));
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Flag, Redelivery};

    const SN: &str = "200807-059090043922507";

    fn ship_req() -> ShipRequest {
        ShipRequest::unchecked(SN, 121, "4307495240153", Redelivery::First)
    }

    fn keys(p: &Params) -> Vec<&str> {
        p.iter().map(|(k, _)| *k).collect()
    }

    #[test]
    fn ship_sends_empty_optionals_like_the_sample() {
        let p = ship(&ship_req()).unwrap();
        assert_eq!(
            keys(&p),
            [
                "order_sn",
                "logistics_id",
                "tracking_number",
                "feature",
                "refund_address_id",
                "redelivery_type"
            ]
        );
        assert_eq!(p[3].1, "");
        assert_eq!(p[4].1, "");
        assert_eq!(p[5].1, "1");
        // With the common parameters of the worked example, these sign to the documented value.
        let mut all: Vec<(&str, &str)> = vec![
            ("appid", "uwkahf@jfs92"),
            ("timestamp", "1700000000"),
            ("seller_nick", "kingdo"),
        ];
        all.extend(p.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(
            crate::api::sign::fw199(&all, "app-secret-123"),
            "c6f5352f95c3148ec9f48a0d0c4e1eda"
        );
    }

    #[test]
    fn ship_modify_with_imei_and_refund_address() {
        let mut r = ship_req();
        r.redelivery = Redelivery::Modify;
        r.feature = Some("imei=860000000000001,860000000000002;".into());
        r.refund_address_id = Some(" 77 ".into());
        let p = ship(&r).unwrap();
        assert_eq!(p[3].1, "imei=860000000000001,860000000000002;");
        assert_eq!(p[4].1, "77");
        assert_eq!(p[5].1, "2");
    }

    #[test]
    fn ship_refuses_malformed_requests() {
        let with = |change: fn(&mut ShipRequest)| {
            let mut r = ship_req();
            change(&mut r);
            r
        };
        for bad in [
            with(|r| r.order_sn = "12345".into()),
            with(|r| r.tracking_number = "YT 12\n3".into()),
            with(|r| r.logistics_id = 0),
            with(|r| r.feature = Some("imei=12;".into())),
        ] {
            assert!(
                matches!(ship(&bad), Err(ApiError::Validation(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn note_omits_tag_when_none() {
        let p = note(&NoteRequest {
            order_sn: SN.into(),
            note: "晚点发".into(),
            tag: None,
        })
        .unwrap();
        assert_eq!(keys(&p), ["order_sn", "note"]);
        let p = note(&NoteRequest {
            order_sn: SN.into(),
            note: String::new(),
            tag: Some((Flag::Yellow, "黄色".into())),
        })
        .unwrap();
        assert_eq!(keys(&p), ["order_sn", "note", "tag", "tag_name"]);
        assert_eq!((p[2].1.as_str(), p[3].1.as_str()), ("2", "黄色"));
    }

    #[test]
    fn note_refuses_bad_tag_names_and_keeps_long_notes() {
        let base = NoteRequest {
            order_sn: SN.into(),
            note: "x".into(),
            tag: Some((Flag::Red, "四个字符".into())),
        };
        assert!(matches!(note(&base), Err(ApiError::Validation(_))));
        let empty_name = NoteRequest {
            tag: Some((Flag::Red, " ".into())),
            ..base.clone()
        };
        assert!(matches!(note(&empty_name), Err(ApiError::Validation(_))));
        // The gateway's own long note goes back whole when only the flag changes.
        let long = NoteRequest {
            note: "长\n".repeat(700),
            tag: None,
            ..base
        };
        assert_eq!(note(&long).unwrap()[1].1, "长\n".repeat(700));
    }
}
