//! Form bodies read by hand, so signatures are checked against the raw values received,
//! with typed accessors that answer fw199's 10003 on a missing or bad parameter.

use super::errors::{self, GwError};
use std::collections::BTreeMap;

/// The received form fields, sorted by key in byte order (what both signatures need).
#[derive(Debug, Clone, Default)]
pub struct Params(pub BTreeMap<String, String>);

impl Params {
    pub fn parse(body: &[u8]) -> Self {
        Params(url::form_urlencoded::parse(body).into_owned().collect())
    }

    /// The value, or "" when absent.
    pub fn get(&self, k: &str) -> &str {
        self.0.get(k).map(String::as_str).unwrap_or("")
    }

    /// A required, non-empty value.
    pub fn req(&self, k: &str) -> Result<&str, GwError> {
        match self.0.get(k) {
            Some(v) if !v.trim().is_empty() => Ok(v),
            _ => Err(errors::bad_param(k, "不能为空")),
        }
    }

    /// A required integer within `lo..=hi`.
    pub fn int(&self, k: &str, lo: i64, hi: i64) -> Result<i64, GwError> {
        let v = self.req(k)?;
        match v.trim().parse::<i64>() {
            Ok(n) if (lo..=hi).contains(&n) => Ok(n),
            Ok(_) => Err(errors::bad_param(k, &format!("必须在{lo}到{hi}之间"))),
            Err(_) => Err(errors::bad_param(k, "必须是整数")),
        }
    }

    /// A required integer that must be one of `allowed`.
    pub fn one_of(&self, k: &str, allowed: &[i64]) -> Result<i64, GwError> {
        let n = self.int(k, i64::MIN, i64::MAX)?;
        if allowed.contains(&n) {
            Ok(n)
        } else {
            Err(errors::bad_param(k, "取值无效"))
        }
    }
}
