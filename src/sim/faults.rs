//! The fault set of the simulator (CONTRACT.md "Faults"): what can go wrong on purpose, set at
//! start from `Options` and replaced whole at run time by `POST /__sim/faults`.

use serde::{Deserialize, Serialize};

/// Absent fields are 0/false; `intercept_secs` 0 means the documented 30 s.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    pub latency_ms: u64,
    pub fail_rate: f64,
    pub malformed_rate: f64,
    pub intercept_rate: f64,
    pub auth_expired: bool,
    pub hang: bool,
    pub drop_after_commit: bool,
    pub intercept_secs: u64,
    /// Requests a minute each fw199 path serves before answering 10007 调用频率超限; 0 = no limit.
    pub rate_limit_per_min: u32,
}

impl Faults {
    /// The wait announced by an interception (`接口超时,NN秒后重试`).
    pub fn intercept_wait(&self) -> u64 {
        if self.intercept_secs == 0 {
            30
        } else {
            self.intercept_secs
        }
    }
}
