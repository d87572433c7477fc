//! Operator-facing texts of failures, in both languages: the gateway's (`ApiError`), an operation's
//! (`OpError`: refusals, conflicts, the journal) and the store's (`StoreError`). Each matches on the type.

use super::Lang;
use super::journal::conflict;
use crate::api::ApiError;
use crate::domain::ValidationError;
use crate::domain::validate::{
    MAX_NOTE_CHARS, MAX_REFUND_ADDRESS_LEN, MAX_TAG_NAME_CHARS, MAX_TRACKING_LEN,
};
use crate::ops::OpError;
use crate::store::{OpKind, Refusal, StoreError, identity};

/// One line that says what went wrong, for a toast, a dialog or stderr.
pub fn api_error(e: &ApiError, lang: Lang) -> String {
    if lang == Lang::En {
        return match e {
            ApiError::Validation(v) => validation_error(v, lang),
            ApiError::ConnectionLost(m) => {
                format!("connection lost before an answer: {}", peel(m, LOST))
            }
            ApiError::Http { status, snippet } => http_line("HTTP", *status, snippet, ": "),
            ApiError::Gateway { code, message } => {
                format!("gateway error {code}: {}", peel(message, GATEWAY))
            }
            ApiError::Unauthorized(m) => format!("authorization: {}", peel(m, AUTH)),
            ApiError::BadSignature(m) => format!("signature rejected: {}", peel(m, SIGN)),
            ApiError::RateLimited(m) => format!("rate limited: {}", peel(m, RATE)),
            _ => e.to_string(),
        };
    }
    match e {
        ApiError::Connect { url, detail } => format!("无法连接 {url}(请求未发出):{detail}"),
        ApiError::Timeout(d) => format!("{} 秒内无应答,结果未知", d.as_secs()),
        ApiError::ConnectionLost(m) => format!("连接在应答前断开,结果未知:{}", peel(m, LOST)),
        ApiError::Http { status, snippet } => http_line("HTTP 状态", *status, snippet, ":"),
        ApiError::Decode { reason, snippet } => format!("无法解析应答({reason}):{snippet}"),
        ApiError::Gateway { code, message } => {
            format!("网关错误 {code}:{}", peel(message, GATEWAY))
        }
        ApiError::Unauthorized(m) => format!(
            "授权问题(店铺未绑定或授权过期,请重新授权):{}",
            peel(m, AUTH)
        ),
        ApiError::BadSignature(m) => format!("签名被拒绝(检查 secret):{}", peel(m, SIGN)),
        ApiError::RateLimited(m) => format!("调用过于频繁,请稍后再试:{}", peel(m, RATE)),
        ApiError::Intercepted {
            retry_after_secs, ..
        } => {
            format!("拼多多拦截了这次发货(接口超时),请 {retry_after_secs} 秒后重试")
        }
        ApiError::Validation(v) => validation_error(v, lang),
        ApiError::BeyondReach {
            start,
            end,
            total,
            reach,
        } => {
            let (start, end) = (
                crate::api::error::beijing(*start),
                crate::api::error::beijing(*end),
            );
            let total = total.map_or("?".to_string(), |t| t.to_string());
            format!(
                "{start} 至 {end} 之间的订单({total})超出网关可分页的范围(至多 {reach}),无法全部列出"
            )
        }
        ApiError::Unsupported { gateway, operation } => {
            format!("{gateway} 网关不支持此操作({operation})")
        }
    }
}

// The words before a message, in both languages: what `peel` takes off a message that already has them.
const GATEWAY: &[&str] = &["网关错误", "gateway error"];
const AUTH: &[&str] = &[
    "授权问题(店铺未绑定或授权过期,请重新授权)",
    "授权问题",
    "authorization",
];
const SIGN: &[&str] = &[
    "签名被拒绝(检查 secret)",
    "签名被拒绝",
    "signature rejected",
];
const RATE: &[&str] = &["调用过于频繁,请稍后再试", "rate limited"];
const LOST: &[&str] = &[
    "连接在应答前断开,结果未知",
    "connection lost before an answer",
];

/// A message without the prefix its own line puts before it: a gateway behind a relay, or a text that was
/// rendered once already, says `网关错误 20004:订单售后中`, and the line must not read
/// `网关错误 20004:网关错误 20004:订单售后中`. Any depth, either language, any code, ASCII or full-width colon.
fn peel<'a>(message: &'a str, words: &[&str]) -> &'a str {
    let mut m = message.trim_start();
    loop {
        let Some(rest) = words.iter().find_map(|w| strip_word(m, w)) else {
            return m;
        };
        // An optional code after the word, then the colon; without a colon it is the message's own text.
        let rest = rest.trim_start();
        let rest = rest.strip_prefix('-').unwrap_or(rest);
        let rest = rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start();
        match rest.strip_prefix([':', '\u{ff1a}']) {
            Some(r) => m = r.trim_start(),
            None => return m,
        }
    }
}

/// `s` after a leading `word`, compared without regard to ASCII case.
fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let head = s.get(..word.len())?;
    head.eq_ignore_ascii_case(word).then(|| &s[word.len()..])
}

/// `HTTP 502 Bad Gateway` and, when the body said something worth reading (a JSON error, a page's title),
/// that after a colon. The body itself was summarised where it entered (`api::error::body_summary`).
fn http_line(word: &str, status: u16, summary: &str, colon: &str) -> String {
    let reason = crate::api::error::reason_phrase(status);
    let head = format!("{word} {status} {reason}");
    let head = head.trim_end();
    if summary.is_empty() {
        head.to_string()
    } else {
        format!("{head}{colon}{summary}")
    }
}

/// One line for an operation's failure, naming the order.
pub fn op_error(e: &OpError, lang: Lang) -> String {
    match (e, lang) {
        (OpError::Api(e), _) => api_error(e, lang),
        (OpError::Refused(r), _) => refusal(r, lang),
        (OpError::AlreadyShipped { order_sn, shipped }, Lang::Zh) => {
            format!(
                "订单 {order_sn} 已用 {shipped} 发货(上次应答丢失,已核对);如需更改请用 --modify"
            )
        }
        (
            OpError::Conflict {
                order_sn,
                ours,
                found,
            },
            _,
        ) => conflict(lang, order_sn, ours, found),
        (
            OpError::Unchecked {
                order_sn, number, ..
            },
            Lang::Zh,
        ) => format!(
            "订单 {order_sn} 上次发货({number})结果未知,现在无法核对:未再次发送,稍后用 pddtui journal --reconcile 核对"
        ),
        (OpError::Unrecorded { .. }, _) => unrecorded(e, lang),
        (OpError::Journal(m), Lang::Zh) => journal_failed(m, lang),
        (e, Lang::En) => e.to_string(),
    }
}

/// Sent, but its outcome could not be journalled: what stays pending and how it is checked, by kind.
fn unrecorded(e: &OpError, lang: Lang) -> String {
    let OpError::Unrecorded {
        order_sn,
        kind,
        number,
        cause,
    } = e
    else {
        return e.to_string();
    };
    match (kind, number, lang) {
        (OpKind::Note, _, Lang::Zh) => format!(
            "订单 {order_sn} 的备注已发送,但结果无法写入日志({cause}):该记录保持待核对,pddtui journal --reconcile 会读回订单备注核对,不会再次发送"
        ),
        (OpKind::Note, _, Lang::En) => format!(
            "the note of order {order_sn} was sent, but its outcome could not be journalled ({cause}): it stays pending; pddtui journal --reconcile reads the order's note back instead of sending it again"
        ),
        (OpKind::Waybill, Some(n), Lang::Zh) => format!(
            "订单 {order_sn} 已取得面单号 {n},但无法写入日志({cause}):该记录保持待核对,日志恢复前请勿使用;再次取号(pddtui waybill {order_sn})会得到同一个号码"
        ),
        (OpKind::Waybill, Some(n), Lang::En) => format!(
            "waybill number {n} was taken for order {order_sn}, but it could not be journalled ({cause}): it stays pending, do not use it yet; taking it again (pddtui waybill {order_sn}) gives the same number"
        ),
        (_, _, Lang::Zh) => format!(
            "订单 {order_sn} 已发送,但结果无法写入日志({cause}):该记录保持待核对,再次发送前会先核对(pddtui journal --reconcile)"
        ),
        (_, _, Lang::En) => e.to_string(),
    }
}

/// The journal's own failure: a refusal (order in progress, number used twice) or its database.
pub fn store_error(e: &StoreError, lang: Lang) -> String {
    match e {
        StoreError::Refused(r) => refusal(r, lang),
        StoreError::Db(m) | StoreError::Busy(m) => journal_failed(m, lang),
        StoreError::Unreachable(m) => match lang {
            Lang::Zh => format!("团队数据库无法连接({m}):未发送,连接恢复后再试"),
            Lang::En => {
                format!("team database unreachable ({m}): nothing sent; try again once it is back")
            }
        },
    }
}

fn journal_failed(m: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("日志数据库出错:{m}"),
        Lang::En => format!("journal database: {m}"),
    }
}

pub fn refusal(r: &Refusal, lang: Lang) -> String {
    match (r, lang) {
        // The host is named when it is another: two operators of a team may share a name.
        (Refusal::InProgress(c), Lang::Zh) if c.host != identity::host() => format!(
            "订单 {} 正在由 {}(主机 {},进程 {})发货,未发送",
            c.order_sn, c.user, c.host, c.pid
        ),
        (Refusal::InProgress(c), Lang::Zh) => {
            format!(
                "订单 {} 正在由 {} 发货(进程 {}),未发送",
                c.order_sn, c.user, c.pid
            )
        }
        (Refusal::InProgress(c), Lang::En) if c.host != identity::host() => format!(
            "order {} is in progress by {} on host {} (pid {}): not sent",
            c.order_sn, c.user, c.host, c.pid
        ),
        (Refusal::InProgress(c), Lang::En) => format!(
            "order {} is in progress by {} (pid {}): not sent",
            c.order_sn, c.user, c.pid
        ),
        (
            Refusal::DuplicateNumber {
                order_sn,
                number,
                other_order,
            },
            Lang::Zh,
        ) => format!(
            "订单 {order_sn}:运单号 {number} 已用于订单 {other_order},未发送(确认无误请加 --allow-duplicate-number)"
        ),
        (
            Refusal::DuplicateNumber {
                order_sn,
                number,
                other_order,
            },
            Lang::En,
        ) => format!(
            "order {order_sn}: tracking number {number} was already used for order {other_order}: not sent (--allow-duplicate-number to ship anyway)"
        ),
    }
}

pub fn validation_error(e: &ValidationError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ValidationError::OrderSn(s) => format!("订单号 {s:?} 格式不对,应为 YYMMDD-15位数字"),
        ValidationError::CourierUnknown(id) => format!("快递公司编号 {id} 不在快递公司列表中"),
        ValidationError::CourierUnavailable { id, name } => {
            format!("快递公司 {name}({id})目前不可用")
        }
        ValidationError::TrackingEmpty => "快递单号为空".to_string(),
        ValidationError::TrackingChars(s) => format!("快递单号 {s:?} 只能包含字母、数字和 -"),
        ValidationError::TrackingTooLong(n) => {
            format!("快递单号长 {n} 位,最多 {MAX_TRACKING_LEN} 位")
        }
        ValidationError::Tag(t) => format!("旗帜 {t} 不在 1-5 之间"),
        ValidationError::TagNameEmpty => "旗帜名称为空".to_string(),
        ValidationError::TagNameTooLong(s) => {
            format!("旗帜名称 {s:?} 超过 {MAX_TAG_NAME_CHARS} 个字")
        }
        ValidationError::TagNameChars(s) => format!("旗帜名称 {s:?} 含控制字符或不可见字符"),
        ValidationError::TagWithoutName => "设置旗帜时需要旗帜名称".to_string(),
        ValidationError::NameWithoutTag => "有旗帜名称时需要旗帜".to_string(),
        ValidationError::NoteTooLong(n) => format!("备注长 {n} 字,最多 {MAX_NOTE_CHARS} 字"),
        ValidationError::Imei(s) => format!("IMEI {s:?} 应为 14-16 位数字"),
        ValidationError::DeviceSn(s) => format!("设备序列号 {s:?} 只能包含字母、数字、- 和 _"),
        ValidationError::RefundAddress(s) => {
            format!("退货地址编号 {s:?} 应为 1-{MAX_REFUND_ADDRESS_LEN} 位字母、数字、- 或 _")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Claim;

    fn is_chinese(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn refusals_made_here_read_as_refusals_in_the_operators_language() {
        let dup = OpError::Refused(Refusal::DuplicateNumber {
            order_sn: "210317-000000000000001".into(),
            number: "YT1".into(),
            other_order: "210317-000000000000002".into(),
        });
        let zh = op_error(&dup, Lang::Zh);
        assert!(
            zh.contains("210317-000000000000002") && !zh.contains("网关错误") && is_chinese(&zh),
            "{zh}"
        );
        let en = op_error(&dup, Lang::En);
        assert!(en.contains("YT1") && !en.contains("gateway error"), "{en}");
        let busy = StoreError::Refused(Refusal::InProgress(Claim {
            order_sn: "210317-000000000000001".into(),
            user: "bob".into(),
            host: "h".into(),
            pid: 7,
            expires_at: 0,
        }));
        assert_eq!(
            store_error(&busy, Lang::En),
            op_error(&OpError::from(busy.clone()), Lang::En)
        );
        assert!(store_error(&busy, Lang::Zh).contains("bob"));
    }

    #[test]
    fn an_order_in_progress_names_the_other_host_and_not_this_one() {
        let held = |host: String| {
            Refusal::InProgress(Claim {
                order_sn: "210317-000000000000001".into(),
                user: "bob".into(),
                host,
                pid: 7,
                expires_at: 0,
            })
        };
        let there = held("jump-2".into());
        assert_eq!(
            refusal(&there, Lang::En),
            "order 210317-000000000000001 is in progress by bob on host jump-2 (pid 7): not sent"
        );
        let zh = refusal(&there, Lang::Zh);
        assert!(zh.contains("bob") && zh.contains("主机 jump-2"), "{zh}");
        let here = held(identity::host());
        assert_eq!(
            refusal(&here, Lang::En),
            "order 210317-000000000000001 is in progress by bob (pid 7): not sent"
        );
        assert!(!refusal(&here, Lang::Zh).contains("主机"));
    }

    #[test]
    fn a_note_or_waybill_not_journalled_says_how_it_is_checked() {
        let sn = "210317-000000000000001";
        let note = OpError::Unrecorded {
            order_sn: sn.into(),
            kind: OpKind::Note,
            number: None,
            cause: "db:5432/team: no answer in time".into(),
        };
        let en = op_error(&note, Lang::En);
        assert!(
            en.contains("note of order 210317-000000000000001 was sent")
                && en.contains("reads the order's note back"),
            "{en}"
        );
        let zh = op_error(&note, Lang::Zh);
        assert!(
            zh.contains("备注已发送") && zh.contains("不会再次发送") && is_chinese(&zh),
            "{zh}"
        );
        let wb = OpError::Unrecorded {
            order_sn: sn.into(),
            kind: OpKind::Waybill,
            number: Some("YT1234567890123".into()),
            cause: "db:5432/team: no answer in time".into(),
        };
        let en = op_error(&wb, Lang::En);
        assert!(
            en.contains("waybill number YT1234567890123 was taken")
                && en.contains("gives the same number"),
            "{en}"
        );
        let zh = op_error(&wb, Lang::Zh);
        assert!(
            zh.contains("YT1234567890123") && zh.contains("同一个号码") && is_chinese(&zh),
            "{zh}"
        );
        assert!(note.outcome_unknown() && wb.outcome_unknown());
    }

    #[test]
    fn an_outcome_not_journalled_says_it_was_sent_and_stays_pending() {
        let e = OpError::Unrecorded {
            order_sn: "210317-000000000000001".into(),
            kind: OpKind::Ship,
            number: None,
            cause: "db:5432/team: no answer in time".into(),
        };
        let zh = op_error(&e, Lang::Zh);
        assert!(
            zh.contains("210317-000000000000001") && zh.contains("已发送") && is_chinese(&zh),
            "{zh}"
        );
        let en = op_error(&e, Lang::En);
        assert!(
            en.contains("was sent") && en.contains("journal --reconcile"),
            "{en}"
        );
        assert!(
            e.outcome_unknown(),
            "it must be checked, never resent blindly"
        );
    }

    #[test]
    fn journal_failures_and_conflicts_are_worded_not_numbered() {
        let db = OpError::Journal("disk I/O error".into());
        assert_eq!(op_error(&db, Lang::Zh), "日志数据库出错:disk I/O error");
        assert_eq!(op_error(&db, Lang::En), "journal: disk I/O error");
        let lost = StoreError::Db("disk I/O error".into());
        assert_eq!(
            store_error(&lost, Lang::En),
            "journal database: disk I/O error"
        );
        let conflict = OpError::Conflict {
            order_sn: "210317-000000000000001".into(),
            ours: "YT1".into(),
            found: "SF2".into(),
        };
        for lang in [Lang::Zh, Lang::En] {
            let text = op_error(&conflict, lang);
            assert!(text.contains("YT1") && text.contains("SF2"), "{text}");
            assert!(!text.contains("-2"), "{text}");
        }
        // A gateway's own refusal keeps its code: it is the gateway's number, not a kind of failure.
        let gw = OpError::Api(ApiError::Gateway {
            code: 7,
            message: "订单已发货".into(),
        });
        assert_eq!(op_error(&gw, Lang::Zh), "网关错误 7:订单已发货");
    }

    /// A message that carries its own line's prefix already (a relay before the gateway, a text rendered
    /// once) is shown once: the prefix and code never repeat, whatever the nesting or language.
    #[test]
    fn a_gateway_error_is_shown_once() {
        let gw = |message: &str| ApiError::Gateway {
            code: 20004,
            message: message.into(),
        };
        let plain = gw("订单售后中,不能发货");
        for nested in [
            "网关错误 20004:订单售后中,不能发货",
            "网关错误 20004:网关错误 20004:订单售后中,不能发货",
            "gateway error 20004: 网关错误 20004\u{ff1a}订单售后中,不能发货",
            "  Gateway Error 500: 订单售后中,不能发货",
        ] {
            for lang in [Lang::Zh, Lang::En] {
                let text = api_error(&gw(nested), lang);
                assert_eq!(text, api_error(&plain, lang), "{nested}");
                assert_eq!(text.matches("20004").count(), 1, "{text}");
            }
        }
        assert_eq!(
            api_error(&plain, Lang::Zh),
            "网关错误 20004:订单售后中,不能发货"
        );
        assert_eq!(
            api_error(&plain, Lang::En),
            "gateway error 20004: 订单售后中,不能发货"
        );
        // Words of the message itself stay: no colon after them, no prefix.
        assert_eq!(
            api_error(&gw("网关错误较多,请稍后"), Lang::Zh),
            "网关错误 20004:网关错误较多,请稍后"
        );
        // The other kinds with a message follow the same rule.
        let cases = [
            ApiError::Unauthorized("授权问题:authorization: 授权已过期".into()),
            ApiError::BadSignature("签名被拒绝(检查 secret):signature rejected: 签名错误".into()),
            ApiError::RateLimited("rate limited: 调用过于频繁,请稍后再试:频率超限".into()),
            ApiError::ConnectionLost("connection lost before an answer: reset".into()),
        ];
        for e in cases {
            for lang in [Lang::Zh, Lang::En] {
                let text = api_error(&e, lang);
                let head: String = text.chars().take(6).collect();
                assert_eq!(text.matches(head.as_str()).count(), 1, "{text}");
            }
        }
        // Through an operation's error too, and with the order named once on the command line.
        let op = OpError::Api(gw("网关错误 20004:订单售后中,不能发货"));
        assert_eq!(
            op_error(&op, Lang::Zh),
            "网关错误 20004:订单售后中,不能发货"
        );
        let sn = "210317-000000000000001";
        let busy = OpError::Refused(Refusal::InProgress(Claim {
            order_sn: sn.into(),
            user: "bob".into(),
            host: "h".into(),
            pid: 7,
            expires_at: 0,
        }));
        for lang in [Lang::Zh, Lang::En] {
            let line = crate::i18n::cli::order_failed(lang, sn, &op_error(&busy, lang));
            assert_eq!(line.matches(sn).count(), 1, "{line}");
            let line = crate::i18n::cli::order_failed(lang, sn, &op_error(&op, lang));
            assert_eq!(line.matches(sn).count(), 1, "{line}");
            assert_eq!(line.matches("20004").count(), 1, "{line}");
        }
    }

    #[test]
    fn an_error_page_reads_as_its_status() {
        let e = ApiError::Http {
            status: 502,
            snippet: String::new(),
        };
        assert_eq!(api_error(&e, Lang::Zh), "HTTP 状态 502 Bad Gateway");
        assert_eq!(api_error(&e, Lang::En), "HTTP 502 Bad Gateway");
        let e = ApiError::Http {
            status: 503,
            snippet: "系统繁忙".into(),
        };
        assert_eq!(
            api_error(&e, Lang::Zh),
            "HTTP 状态 503 Service Unavailable:系统繁忙"
        );
    }

    #[test]
    fn interception_and_validation_read_in_both_languages() {
        let e = ApiError::Intercepted {
            retry_after_secs: 30,
            message: "接口超时,30秒后重试".into(),
        };
        assert!(api_error(&e, Lang::Zh).contains("30 秒后重试"));
        assert!(api_error(&e, Lang::En).contains("30 s"));
        let v = ApiError::Validation(ValidationError::TrackingEmpty);
        assert_eq!(api_error(&v, Lang::Zh), "快递单号为空");
        assert_eq!(api_error(&v, Lang::En), "tracking number is empty");
    }
}
