//! The commands that change an order: `ship` (durable, checked first), `note`, `waybill`.

use super::args::ShipArgs;
use super::exit::Failure;
use super::read::find_order;
use super::session::Session;
use crate::domain::csv_rows::resolve_courier;
use crate::domain::group::{Address, may_share_number};
use crate::domain::validate;
use crate::i18n::{
    cli as t,
    errors::{api_error, op_error, validation_error},
    journal as tj,
};
use crate::ops::note::{Edit, Outcome, TagEdit};
use crate::ops::{OnWait, ShipPolicy, ShipReport, ship_with, take_waybill, write_checked};
use crate::store::{Duplicates, Journal};

pub async fn ship(s: &Session, a: &ShipArgs) -> Result<String, Failure> {
    let lang = s.lang;
    // clap requires all three unless --csv, which takes another path.
    let (Some(order_sn), Some(courier), Some(tracking)) = (&a.order_sn, &a.courier, &a.tracking)
    else {
        return Err(Failure::Usage(
            "ship: ORDER_SN, --courier and --tracking are required".into(),
        ));
    };
    let usage = |e: validate::ValidationError| {
        Failure::Usage(t::order_failed(lang, order_sn, &validation_error(&e, lang)))
    };
    let sn = validate::order_sn(order_sn).map_err(usage)?;
    let fail =
        |e: crate::api::ApiError| Failure::Failed(t::order_failed(lang, sn, &api_error(&e, lang)));
    let couriers = s.gateway.couriers().await.map_err(fail)?;
    // The same reading as the CSV's courier column: id, code or name, one courier or a usage error.
    let courier_id = resolve_courier(courier, &couriers)
        .map_err(|p| Failure::Usage(t::order_failed(lang, sn, &t::courier_arg(lang, &p))))?
        .id;
    let checked = validate::ship(
        &validate::ShipInput {
            order_sn: sn,
            courier_id,
            tracking,
            imei: &a.imei,
            refund_address_id: a.refund_address.as_deref(),
            modify: a.modify,
        },
        &couriers,
    )
    .map_err(usage)?;
    let journal = open_journal(s)?;
    // The buyer's address, where the order is read: a number its merge group shares may be its too.
    let mut address = None;
    // Read the order first where the gateway can: a refund or risk hold must stop the shipment here,
    // with our words, before the gateway is asked.
    if s.gateway.capabilities().detail {
        let order = find_order(s, sn).await?;
        address.clone_from(&order.open_address_id);
        if let Some(block) = order.ship_block() {
            return Err(Failure::Failed(t::ship_block(lang, sn, block)));
        }
        if order.is_shipped() && !a.modify {
            let same =
                validate::same_number(&order.tracking_number, &checked.request.tracking_number)
                    && order.logistics_id == checked.request.logistics_id;
            if !same {
                return Err(Failure::Failed(t::needs_modify(lang, sn)));
            }
            // Shipped with this very number (an earlier run whose answer was lost): nothing to send.
            // A pending journal entry is still settled below, so the journal ends up saying ok.
            let pending = journal
                .pending_ship(sn)
                .map_err(|e| Failure::Failed(op_error(&e.into(), lang)))?;
            if pending.is_none() {
                return Ok(tj::already_done(lang, sn, &order.tracking_number));
            }
        }
        if !order.is_shipped() && a.modify {
            return Err(Failure::Failed(t::not_shipped_yet(lang, sn)));
        }
    }
    let courier = couriers
        .iter()
        .find(|c| c.id == checked.request.logistics_id);
    let courier_name = courier.map(|c| c.name.clone()).unwrap_or_default();
    if checked.shape_warning {
        super::out::warn(&t::shape_warning(
            lang,
            &checked.request.tracking_number,
            &courier_name,
            courier.and_then(|c| c.example_number()),
        ));
    }
    let duplicates = if a.allow_duplicate_number {
        Duplicates::Allow
    } else {
        within_address(
            s,
            &journal,
            sn,
            address.as_deref(),
            &checked.request.tracking_number,
        )
        .await
    };
    let policy = ShipPolicy {
        duplicates,
        on_wait: Some(OnWait(std::sync::Arc::new(move |secs| {
            super::out::warn(&tj::intercept_wait(lang, secs));
        }))),
        ..ShipPolicy::cli()
    };
    let report = ship_with(&s.gateway, &journal, &checked.request, &policy)
        .await
        .map_err(|e| Failure::Failed(op_error(&e, lang)))?;
    Ok(t::shipped(
        lang,
        sn,
        &courier_name,
        &checked.request.tracking_number,
        report == ShipReport::FoundApplied,
    ))
}

/// A number other orders used already is this order's too only when every one of them goes to its buyer's
/// address (one parcel of a merge group, `domain::group`), their whole `open_address_id`s read from the
/// gateway; otherwise, or when one cannot be read, the journal refuses it as it always did.
async fn within_address(
    s: &Session,
    journal: &Journal,
    sn: &str,
    address: Option<&str>,
    number: &str,
) -> Duplicates {
    let users = match journal.number_users(number, sn) {
        Ok(users) if !users.is_empty() && address.is_some() => users,
        _ => return Duplicates::Refuse,
    };
    let mut ids = Vec::with_capacity(users.len());
    for u in &users {
        match s.gateway.order_detail(u).await {
            Ok(o) => ids.push(o.open_address_id),
            Err(_) => return Duplicates::Refuse,
        }
    }
    let this = Address::known(address, None);
    if may_share_number(
        this,
        ids.iter().map(|id| Address::known(id.as_deref(), None)),
    ) {
        Duplicates::SharedWith(users.into())
    } else {
        Duplicates::Refuse
    }
}

/// `pddtui note`: the order's note is read first, like in the workstation. Without `--text` the note is
/// sent back byte for byte (a flag change); without `--tag` the flag stays; an unchanged note sends nothing.
pub async fn note(
    s: &Session,
    sn: &str,
    text: Option<&str>,
    tag: Option<i64>,
    tag_name: Option<&str>,
) -> Result<String, Failure> {
    let lang = s.lang;
    let usage = |e: validate::ValidationError| {
        Failure::Usage(t::order_failed(lang, sn, &validation_error(&e, lang)))
    };
    let sn = validate::order_sn(sn).map_err(usage)?;
    let tag = match (tag, tag_name) {
        (None, None) => TagEdit::Keep,
        (Some(0), None) => TagEdit::Colour(None),
        (Some(0), Some(_)) | (None, Some(_)) => {
            return Err(usage(validate::ValidationError::NameWithoutTag));
        }
        (Some(_), None) => return Err(usage(validate::ValidationError::TagWithoutName)),
        (Some(code), Some(name)) => {
            let flag = validate::tag(code).map_err(usage)?;
            TagEdit::Named(flag, validate::tag_name(name).map_err(usage)?)
        }
    };
    // The operator's own text is checked before anything is read or sent.
    if let Some(text) = text {
        validate::note(sn, text, None, None).map_err(usage)?;
    }
    let edit = Edit {
        text: text.map(str::to_string),
        tag,
        seen: None,
        seen_flag: None,
    };
    let journal = open_journal(s)?;
    let out = write_checked(&s.gateway, &journal, sn, &edit)
        .await
        .map_err(|e| Failure::Failed(t::order_failed(lang, sn, &op_error(&e, lang))))?;
    Ok(match out {
        Outcome::Send(req) => t::note_saved(lang, &req.order_sn),
        // Without `seen` there is no conflict: the CLI writes over what it has just read.
        Outcome::Unchanged(_) | Outcome::Conflict(_) | Outcome::FlagChanged(_) => {
            t::note_unchanged(lang, sn)
        }
    })
}

pub async fn waybill(s: &Session, sn: &str) -> Result<String, Failure> {
    let lang = s.lang;
    let sn = validate::order_sn(sn)
        .map_err(|e| Failure::Usage(t::order_failed(lang, sn, &validation_error(&e, lang))))?;
    let Some(client) = &s.waybill else {
        return Err(Failure::Usage(t::no_waybill(lang).to_string()));
    };
    let order = find_order(s, sn).await?;
    let journal = open_journal(s)?;
    take_waybill(client, &journal, &order)
        .await
        .map_err(|e| Failure::Failed(t::order_failed(lang, sn, &op_error(&e, lang))))
}

/// The journal of the data dir, recording this session's profile.
pub fn open_journal(s: &Session) -> Result<Journal, Failure> {
    Journal::open_for(&s.data_dir, s.team.as_ref())
        .map(|j| j.with_profile(&s.profile).with_lease(s.claim_lease))
        .map_err(|e| {
            Failure::Failed(tj::cannot_open(
                s.lang,
                &s.data_dir.display().to_string(),
                &e.to_string(),
            ))
        })
}
