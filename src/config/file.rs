//! The shape of `config.toml`, as serde reads it: unknown keys are errors, every secret is a `Secret`.

use crate::api::Secret;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    /// `zh` (default) or `en`.
    pub lang: Option<crate::i18n::Lang>,
    /// Seconds between automatic refreshes of the queue (default 300).
    pub refresh_secs: Option<u64>,
    /// Connect timeout in seconds (default 5).
    pub connect_timeout_secs: Option<u64>,
    /// Whole-request timeout in seconds (default 15).
    pub request_timeout_secs: Option<u64>,
    /// At most this many gateway requests a second (default: no limit beyond 8 in flight).
    pub requests_per_second: Option<u32>,
    /// Seconds a claim on an order being shipped holds without renewal (default 120; renewed while the
    /// request is in flight, so this only matters for a process that stopped).
    pub claim_secs: Option<u64>,
    /// Requests a minute per gateway endpoint, shared by every request of the process (default: PDD's).
    pub rate_limits: Option<RateLimitsFile>,
    /// `[team]`: the PostgreSQL database a team of workstations shares (journal, claims, sync).
    pub team: Option<TeamFile>,
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileFile>,
}

/// `[rate_limits]`: requests a minute per endpoint; absent keys take PDD's limits, 0 means no limit.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitsFile {
    pub list: Option<u32>,
    pub increment: Option<u32>,
    pub detail: Option<u32>,
    pub ship: Option<u32>,
    pub note: Option<u32>,
    pub couriers: Option<u32>,
}

impl RateLimitsFile {
    /// The limits in force: each given key, else PDD's.
    pub fn resolve(&self) -> crate::api::rate::RateLimits {
        let d = crate::api::rate::RateLimits::PDD;
        crate::api::rate::RateLimits {
            list: self.list.unwrap_or(d.list),
            increment: self.increment.unwrap_or(d.increment),
            detail: self.detail.unwrap_or(d.detail),
            ship: self.ship.unwrap_or(d.ship),
            note: self.note.unwrap_or(d.note),
            couriers: self.couriers.unwrap_or(d.couriers),
        }
    }
}

/// `[team]`: `database_url` (it may hold a password: a secret) or `database_url_env`, the variable that
/// holds it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamFile {
    #[serde(default, deserialize_with = "opt_secret")]
    pub database_url: Option<Secret>,
    pub database_url_env: Option<String>,
    /// How long a shop's sync leader holds its lease without renewing it (default 30 s).
    pub sync_lease_secs: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GatewayName {
    Fw199,
    Pddshuju,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    pub gateway: GatewayName,
    pub base_url: Option<String>,
    pub appid: Option<String>,
    pub seller_nick: Option<String>,
    pub ownuser: Option<String>,
    pub state: Option<String>,
    #[serde(default, deserialize_with = "opt_secret")]
    pub secret: Option<Secret>,
    pub secret_env: Option<String>,
    /// Permits a plain `http://` base_url to a host other than loopback (the pddshuju documents use http).
    #[serde(default)]
    pub allow_http: bool,
    pub waybill: Option<WaybillFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaybillFile {
    pub base_url: Option<String>,
    pub client_id: String,
    #[serde(default, deserialize_with = "opt_secret")]
    pub client_secret: Option<Secret>,
    pub client_secret_env: Option<String>,
    /// As in the profile: the waybill service's documents use http.
    #[serde(default)]
    pub allow_http: bool,
    #[serde(default)]
    pub ptemp_id: String,
    /// The courier (PDD logistics id) of the `ptemp_id` template: the workstation takes numbers only for it.
    pub courier_id: Option<i64>,
    #[serde(default)]
    pub sender_name: String,
    #[serde(default)]
    pub sender_mobile: String,
    #[serde(default)]
    pub sender_province: String,
    #[serde(default)]
    pub sender_city: String,
    #[serde(default)]
    pub sender_district: String,
    #[serde(default)]
    pub sender_address: String,
}

fn opt_secret<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Secret>, D::Error> {
    Option::<String>::deserialize(d).map(|o| o.map(Secret::new))
}

impl ConfigFile {
    /// True when the file itself holds a secret (not only the name of a variable).
    pub fn holds_secret(&self) -> bool {
        self.team.as_ref().is_some_and(|t| t.database_url.is_some())
            || self.profiles.values().any(|p| {
                p.secret.is_some()
                    || p.waybill
                        .as_ref()
                        .is_some_and(|w| w.client_secret.is_some())
            })
    }
}
