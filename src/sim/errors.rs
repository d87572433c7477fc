//! The fw199 gateway's error codes and messages (CONTRACT.md table), in one place so every
//! service of the simulator, pddshuju's per-order results included, words them the same.

/// One gateway failure: outer `code` and `message`.
#[derive(Debug, Clone, PartialEq)]
pub struct GwError {
    pub code: i64,
    pub message: String,
}

fn e(code: i64, message: impl Into<String>) -> GwError {
    GwError {
        code,
        message: message.into(),
    }
}

pub fn bad_sign() -> GwError {
    e(10001, "签名错误")
}
pub fn stale_timestamp() -> GwError {
    e(10002, "时间戳无效,与服务器时间相差超过10分钟")
}
pub fn bad_param(param: &str, why: &str) -> GwError {
    e(10003, format!("参数错误: {param} {why}"))
}
pub fn window_24h() -> GwError {
    e(10004, "时间范围超过24小时")
}
pub fn window_30min() -> GwError {
    e(10004, "时间范围超过30分钟")
}
pub fn unauthorized() -> GwError {
    e(10005, "店铺未授权")
}
pub fn auth_expired() -> GwError {
    e(10006, "授权已过期,请重新授权")
}
pub fn rate_limited() -> GwError {
    e(10007, "调用频率超限")
}
/// A page beyond the paging reach (CONTRACT.md "Paging reach").
pub fn beyond_reach(reach: u64) -> GwError {
    e(
        10003,
        format!("参数错误: page 超出可查询范围,page×page_size不能超过{reach},请缩小时间范围"),
    )
}
pub fn no_order() -> GwError {
    e(20001, "订单不存在")
}
pub fn already_shipped() -> GwError {
    e(20002, "订单已发货,首次发货请改用修改发货")
}
pub fn not_shipped() -> GwError {
    e(20003, "订单未发货,不能修改发货")
}
pub fn in_after_sale() -> GwError {
    e(20004, "订单售后中,不能发货")
}
pub fn in_risk_review() -> GwError {
    e(20005, "订单风控审核中,不能发货")
}
pub fn courier_unavailable() -> GwError {
    e(20006, "快递公司不可用")
}
pub fn courier_unknown() -> GwError {
    e(20007, "快递公司不存在")
}
pub fn intercepted(secs: u64) -> GwError {
    e(20008, format!("接口超时,{secs}秒后重试"))
}
