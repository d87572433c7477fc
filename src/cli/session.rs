//! Opens what a command works on: the profile's gateway and waybill clients, or, with no config file at
//! all, an in-process simulator ("demo shop"); the data dir and the log file.

use super::args::Cli;
use super::exit::Failure;
use crate::api::{Gateway, HttpOptions, Secret, fw199, pddshuju, waybill};
use crate::config::{self, GatewayConfig};
use crate::i18n::{Lang, config as t};
use crate::sim;
use std::path::PathBuf;
use std::time::Duration;

pub struct Session {
    pub gateway: Gateway,
    pub waybill: Option<waybill::Client>,
    pub lang: Lang,
    pub data_dir: PathBuf,
    /// The config profile, recorded in the journal with every operation.
    pub profile: String,
    pub shop_name: String,
    pub refresh_every: Duration,
    /// How long a claim on an order holds without renewal.
    pub claim_lease: Duration,
    /// `[team]`: the team's shared database; none for one host.
    pub team: Option<crate::store::team::Config>,
    /// The in-process simulator of the demo shop; dropped with the session.
    pub demo: Option<sim::Running>,
}

/// The language: `--lang`, else the config's `lang`, else Chinese.
pub fn lang_of(cli: &Cli, from_config: Option<Lang>) -> Result<Lang, Failure> {
    match &cli.lang {
        Some(s) => {
            Lang::parse(s).ok_or_else(|| Failure::Usage(format!("--lang {s:?}: expected zh or en")))
        }
        None => Ok(from_config.unwrap_or_default()),
    }
}

pub fn data_dir(cli: &Cli) -> PathBuf {
    cli.data_dir
        .clone()
        .unwrap_or_else(config::default_data_dir)
}

pub async fn open(cli: &Cli) -> Result<Session, Failure> {
    let data_dir = data_dir(cli);
    let path = match &cli.config {
        Some(p) => Some(p.clone()),
        None => config::default_config_path().filter(|p| p.exists()),
    };
    let Some(path) = path else {
        return open_demo(cli, data_dir).await;
    };
    // Before the file is read, only `--lang` can choose the language of what is wrong with it.
    let given = cli.lang.as_deref().and_then(Lang::parse);
    let (file, warnings) = config::load(&path, cli.allow_insecure_config)
        .map_err(|e| config_failure(&e, given.unwrap_or_default()))?;
    let told = given.or(file.lang).unwrap_or_default();
    for w in warnings {
        super::out::warn(&t::config_warning(&w, told));
        tracing::warn!("{w}");
    }
    let env = |k: &str| std::env::var(k).ok();
    let profile = config::resolve_profile(&path, &file, cli.profile.as_deref(), &env)
        .map_err(|e| config_failure(&e, told))?;
    let lang = lang_of(cli, file.lang)?;
    let (gateway, shop_name) = match profile.gateway {
        GatewayConfig::Fw199(c) => {
            let nick = c.seller_nick.clone();
            (
                Gateway::Fw199(
                    fw199::Client::new(c, profile.http)
                        .map_err(api_failure(lang))?
                        .with_rate_limit(profile.requests_per_second)
                        .with_rate_limits(profile.rate_limits),
                ),
                nick,
            )
        }
        GatewayConfig::Pddshuju(c) => (
            Gateway::Pddshuju(pddshuju::Client::new(c, profile.http).map_err(api_failure(lang))?),
            profile.name.clone(),
        ),
    };
    let waybill = match profile.waybill {
        Some(w) => Some(waybill::Client::new(w, profile.http).map_err(api_failure(lang))?),
        None => None,
    };
    tracing::info!(profile = %profile.name, gateway = gateway.kind().name(), "profile opened");
    Ok(Session {
        gateway,
        waybill,
        lang,
        data_dir,
        profile: profile.name.clone(),
        shop_name,
        refresh_every: profile.refresh_every,
        claim_lease: profile.claim_lease,
        team: profile.team,
        demo: None,
    })
}

/// A config that cannot be used is a usage error (exit 2), told in the operator's language.
fn config_failure(e: &config::ConfigError, lang: Lang) -> Failure {
    Failure::Usage(t::config_error(e, lang))
}

fn api_failure(lang: Lang) -> impl Fn(crate::api::ApiError) -> Failure {
    move |e| Failure::Failed(crate::i18n::errors::api_error(&e, lang))
}

async fn open_demo(cli: &Cli, data_dir: PathBuf) -> Result<Session, Failure> {
    let lang = lang_of(cli, None)?;
    let listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let running = sim::start(listen, sim::Options::default())
        .await
        .map_err(|e| {
            let reason = crate::i18n::os::io_error(lang, &e);
            Failure::Failed(crate::i18n::cli::cannot_start_demo(lang, &reason))
        })?;
    let base_url = running.base_url();
    tracing::info!(%base_url, "demo shop on the in-process simulator");
    let http = HttpOptions::default();
    let gateway = Gateway::Fw199(
        fw199::Client::new(
            fw199::Config {
                base_url: base_url.clone(),
                appid: sim::DEMO_FW199_APPID.to_string(),
                seller_nick: sim::DEMO_FW199_SELLER_NICK.to_string(),
                secret: Secret::new(sim::DEMO_FW199_SECRET),
            },
            http,
        )
        .map_err(api_failure(lang))?,
    );
    let waybill = waybill::Client::new(
        waybill::Config {
            base_url,
            client_id: sim::DEMO_WAYBILL_CLIENT_ID.to_string(),
            client_secret: Secret::new(sim::DEMO_WAYBILL_CLIENT_SECRET),
            ptemp_id: "1696".to_string(),
            // The simulator's waybill service issues YTO numbers.
            courier_id: Some(85),
            sender: waybill::Sender {
                name: "演示仓".to_string(),
                mobile: "13800000000".to_string(),
                province: "上海市".to_string(),
                city: "上海市".to_string(),
                district: "青浦区".to_string(),
                address: "1号仓库".to_string(),
            },
        },
        http,
    )
    .map_err(api_failure(lang))?;
    // The demo's journal and waybill book stay apart from a real shop's.
    let data_dir = data_dir.join("demo");
    // Each run's simulator makes its shop anew: a queue cached by an earlier run is of another shop
    // (its shipments and notes are not in this one), so it is never read as this one's.
    crate::store::cache::forget(&data_dir);
    Ok(Session {
        gateway,
        waybill: Some(waybill),
        lang,
        data_dir,
        profile: "demo".to_string(),
        shop_name: sim::DEMO_FW199_SELLER_NICK.to_string(),
        refresh_every: Duration::from_secs(60),
        claim_lease: Duration::from_secs(crate::store::CLAIM_SECS.unsigned_abs()),
        team: None,
        demo: Some(running),
    })
}
