//! Operator-facing texts of gateway and validation errors, in both languages.

use super::Lang;
use crate::api::ApiError;
use crate::domain::ValidationError;
use crate::domain::validate::{
    MAX_NOTE_CHARS, MAX_REFUND_ADDRESS_LEN, MAX_TAG_NAME_CHARS, MAX_TRACKING_LEN,
};

/// One line that says what went wrong, for a toast, a dialog or stderr.
pub fn api_error(e: &ApiError, lang: Lang) -> String {
    if lang == Lang::En {
        return match e {
            ApiError::Validation(v) => validation_error(v, lang),
            ApiError::Gateway { code, message } if *code < 0 => message.clone(),
            _ => e.to_string(),
        };
    }
    match e {
        ApiError::Connect { url, detail } => format!("无法连接 {url}(请求未发出):{detail}"),
        ApiError::Timeout(d) => format!("{} 秒内无应答,结果未知", d.as_secs()),
        ApiError::ConnectionLost(m) => format!("连接在应答前断开,结果未知:{m}"),
        ApiError::Http { status, snippet } => format!("HTTP 状态 {status}:{snippet}"),
        ApiError::Decode { reason, snippet } => format!("无法解析应答({reason}):{snippet}"),
        // Negative codes are refusals made by this program (journal, claims), already in words.
        ApiError::Gateway { code, message } if *code < 0 => message.clone(),
        ApiError::Gateway { code, message } => format!("网关错误 {code}:{message}"),
        ApiError::Unauthorized(m) => format!("授权问题(店铺未绑定或授权过期,请重新授权):{m}"),
        ApiError::BadSignature(m) => format!("签名被拒绝(检查 secret):{m}"),
        ApiError::RateLimited(m) => format!("调用过于频繁,请稍后再试:{m}"),
        ApiError::Intercepted {
            retry_after_secs, ..
        } => {
            format!("拼多多拦截了这次发货(接口超时),请 {retry_after_secs} 秒后重试")
        }
        ApiError::Validation(v) => validation_error(v, lang),
        ApiError::Unsupported { gateway, operation } => {
            format!("{gateway} 网关不支持此操作({operation})")
        }
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
