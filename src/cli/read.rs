//! The reading commands: `orders`, `show`, `couriers`, in a width-aligned table or as JSON.

use super::args::StatusArg;
use super::exit::Failure;
use super::session::Session;
use super::table::{Align, render};
use crate::api::{Capabilities, StatusFilter};
use crate::domain::Order;
use crate::domain::order::{is_ciphertext, sort_by_urgency};
use crate::domain::text::truncate;
use crate::domain::time::{format_beijing, short_duration};
use crate::i18n::{Lang, cli as t, errors::api_error};
use crate::ops::queue_read::{self, TeamError};
use crate::ops::team_sync::TeamSync;
use jiff::{SignedDuration, Timestamp};

/// How many days back `--status shipped|all` look without `--days`.
const DAYS: u32 = 7;

fn failed(s: &Session) -> impl Fn(crate::api::ApiError) -> Failure + '_ {
    |e| Failure::Failed(api_error(&e, s.lang))
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(v).map_err(|e| Failure::Failed(e.to_string()))
}

/// Orders confirmed in the last `days` days; unshipped ones most urgent first. Unshipped orders without
/// `--days` are the workstation's queue: refreshed on its cache, or listed in full (`full`, no cache, a
/// cache older than a day; `ops::queue_read`).
pub async fn orders(
    s: &Session,
    status: StatusArg,
    days: Option<u32>,
    full: bool,
    as_json: bool,
) -> Result<String, Failure> {
    let now = Timestamp::now();
    let filter = match status {
        StatusArg::Unshipped => StatusFilter::Unshipped,
        StatusArg::Shipped => StatusFilter::Shipped,
        StatusArg::All => StatusFilter::All,
    };
    let (mut list, skipped) = match (filter, days) {
        (StatusFilter::Unshipped, None) => match team_sync(s) {
            Some(team) => {
                let read = queue_read::unshipped_team(
                    &s.gateway,
                    &s.data_dir,
                    &s.shop_name,
                    &team,
                    full,
                    now,
                )
                .await
                .map_err(|e| match e {
                    TeamError::Api(e) => failed(s)(e),
                    TeamError::Leads(h) => Failure::Usage(
                        crate::i18n::team::full_while_another_leads(s.lang, &h.operator, &h.host),
                    ),
                })?;
                tracing::info!(from = ?read.from, orders = read.orders.len(), "team queue read");
                super::out::warn(&crate::i18n::team::orders_from(s.lang, &read.from));
                (read.orders, read.skipped)
            }
            None => {
                let read = queue_read::unshipped(&s.gateway, &s.data_dir, &s.shop_name, full, now)
                    .await
                    .map_err(failed(s))?;
                tracing::info!(how = ?read.how, orders = read.orders.len(), "queue read");
                (read.orders, read.skipped)
            }
        },
        _ if full => return Err(Failure::Usage(t::full_only_unshipped(s.lang).to_string())),
        _ => {
            let days = days.unwrap_or(DAYS);
            let start = now
                .checked_sub(SignedDuration::from_hours(24 * i64::from(days)))
                .map_err(|e| Failure::Usage(e.to_string()))?;
            s.gateway
                .list_orders_named(filter, start, now)
                .await
                .map_err(failed(s))?
        }
    };
    // One order the gateway mangled never hides the others: it is named, the rest listed.
    for name in &skipped {
        super::out::warn(&t::order_skipped(s.lang, name));
    }
    sort_by_urgency(&mut list);
    if as_json {
        return orders_json(s, &list);
    }
    let caps = s.gateway.capabilities();
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|o| order_row(o, now, s.lang, caps))
        .collect();
    let aligns = [
        Align::Right,
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Left,
    ];
    let mut out = render(&t::order_headers(s.lang), &aligns, &rows);
    out.push_str(&t::count_line(s.lang, list.len()));
    Ok(out)
}

/// `[team]`: this command's part in the shop's one sync (`ops::team_sync`), as the workstation's; none
/// for one host, or when the team's database cannot even be described (said, then read as on one host).
fn team_sync(s: &Session) -> Option<TeamSync> {
    let config = s.team.as_ref()?;
    let operator = crate::store::identity::os_user();
    TeamSync::new(config, &s.shop_name, &operator, s.refresh_every)
        .map_err(|e| super::out::warn(&crate::i18n::team::no_database(s.lang, &e)))
        .ok()
}

/// Orders as JSON, with what the gateway does not send as `null`.
fn orders_json(s: &Session, list: &[Order]) -> Result<String, Failure> {
    let values = list
        .iter()
        .map(|o| s.gateway.order_json(o))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure::Failed(e.to_string()))?;
    json(&values)
}

/// A table row; what the gateway does not send (deadline, flag, amount) is `-`, not a guess.
fn order_row(o: &Order, now: Timestamp, lang: Lang, caps: Capabilities) -> Vec<String> {
    let left = match (o.is_unshipped() && caps.deadlines, o.deadline()) {
        (true, Some((d, est))) => {
            format!(
                "{}{}",
                if est { "~" } else { "" },
                short_duration(d.duration_since(now))
            )
        }
        _ => "-".to_string(),
    };
    let flag = match o.remark_tag {
        _ if !caps.statuses => "-".to_string(),
        Some(f) => f.letter().to_string(),
        None => String::new(),
    };
    vec![
        left,
        flag,
        o.order_sn.clone(),
        t::status_word(lang, o.order_status).to_string(),
        goods_summary(o, lang),
        if caps.amounts {
            o.pay_amount.yuan_string()
        } else {
            "-".to_string()
        },
        t::badges(lang, o),
    ]
}

/// "first item × count" and `等N件` (`domain::goods`, as in the workstation).
pub fn goods_summary(o: &Order, lang: Lang) -> String {
    let Some(first) = o.item_list.first() else {
        return String::new();
    };
    crate::domain::goods::summary(
        &truncate(&first.goods_name, 24),
        first.goods_count,
        o.item_list.len(),
        lang,
    )
}

/// Finds one order: the detail where the gateway has it, else the unshipped list of the last two days.
pub async fn find_order(s: &Session, order_sn: &str) -> Result<Order, Failure> {
    if s.gateway.capabilities().detail {
        return s.gateway.order_detail(order_sn).await.map_err(|e| {
            Failure::Failed(t::order_failed(s.lang, order_sn, &api_error(&e, s.lang)))
        });
    }
    let now = Timestamp::now();
    let start = now
        .checked_sub(SignedDuration::from_hours(48))
        .unwrap_or(now);
    let list = s
        .gateway
        .list_orders(StatusFilter::Unshipped, start, now)
        .await
        .map_err(failed(s))?;
    list.into_iter()
        .find(|o| o.order_sn == order_sn)
        .ok_or_else(|| Failure::Failed(t::not_found(s.lang, order_sn)))
}

pub async fn show(s: &Session, order_sn: &str, as_json: bool) -> Result<String, Failure> {
    let sn = crate::domain::validate::order_sn(order_sn)
        .map_err(|e| Failure::Usage(crate::i18n::errors::validation_error(&e, s.lang)))?;
    let o = find_order(s, sn).await?;
    if as_json {
        return json(
            &s.gateway
                .order_json(&o)
                .map_err(|e| Failure::Failed(e.to_string()))?,
        );
    }
    Ok(detail_text(&o, Timestamp::now(), s.lang))
}

fn shown(text: &str) -> &str {
    if is_ciphertext(text) { "" } else { text }
}

fn detail_text(o: &Order, now: Timestamp, lang: Lang) -> String {
    let l = t::detail_labels(lang);
    let time = |t: Option<Timestamp>| t.map(format_beijing).unwrap_or_default();
    let (deadline, left) = match o.deadline() {
        Some((d, est)) => (
            format!(
                "{}{}",
                format_beijing(d),
                if est { t::estimated(lang) } else { "" }
            ),
            short_duration(d.duration_since(now)),
        ),
        None => (String::new(), String::new()),
    };
    let flag = o
        .remark_tag
        .map(|f| {
            if lang == Lang::Zh {
                f.name_zh()
            } else {
                f.name_en()
            }
            .to_string()
        })
        .unwrap_or_default();
    let goods: Vec<String> = o
        .item_list
        .iter()
        .map(|i| {
            format!(
                "{} [{}] ({}) ×{} {}",
                i.goods_name, i.goods_spec, i.outer_id, i.goods_count, i.goods_price
            )
        })
        .collect();
    let address = format!(
        "{}{}{} {}",
        o.province,
        o.city,
        o.town,
        shown(&o.receiver_address_mask)
    );
    let tracking = if o.tracking_number.is_empty() {
        String::new()
    } else {
        format!("{} / {}", o.logistics_id, o.tracking_number)
    };
    // PDD's discount_amount is already the total (platform + seller + group leader).
    let discounts = o.discount_amount;
    let amount = t::amount_line(lang, o.pay_amount, o.goods_amount, discounts, o.postage);
    let rows: [(&str, String); 15] = [
        (l[0], o.order_sn.clone()),
        (
            l[1],
            format!(
                "{} {}",
                t::status_word(lang, o.order_status),
                t::badges(lang, o)
            ),
        ),
        (l[2], t::refund_word(lang, o.refund_status).to_string()),
        (l[3], time(o.confirm_time)),
        (l[4], deadline),
        (l[5], left),
        (l[6], o.buyer_memo.clone()),
        (l[7], o.remark.clone()),
        (l[8], flag),
        (l[9], shown(&o.receiver_name_mask).to_string()),
        (l[10], shown(&o.receiver_phone_mask).to_string()),
        (l[11], address),
        (l[12], goods.join("; ")),
        (l[13], tracking),
        (l[14], amount),
    ];
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(k, v)| vec![k.to_string(), v])
        .collect();
    let mut out = render(&["", ""], &[Align::Left, Align::Left], &rows);
    // The header row of an untitled two-column table is blank: drop it.
    out = out
        .split_once('\n')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or(out);
    out
}

pub async fn couriers(s: &Session, as_json: bool) -> Result<String, Failure> {
    let list = s.gateway.couriers().await.map_err(failed(s))?;
    if as_json {
        return json(&list);
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.code.clone(),
                c.name.clone(),
                t::yes_no(s.lang, c.is_available()).to_string(),
            ]
        })
        .collect();
    Ok(render(
        &t::courier_headers(s.lang),
        &[Align::Right, Align::Left, Align::Left, Align::Left],
        &rows,
    ))
}
