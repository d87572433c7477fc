//! Reads the config file and turns one profile into ready client settings, with secrets taken from the
//! file or from the environment. Every error names the file, the line and the key.

use super::file::{ConfigFile, GatewayName, WaybillFile};
use crate::api::{HttpOptions, Secret, fw199, pddshuju, waybill};
use crate::i18n::Lang;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const FW199_URL: &str = "https://open.fw199.com";
pub const PDDSHUJU_URL: &str = "http://pdd.pddshuju.com";
pub const WAYBILL_URL: &str = "http://pdd.pddshuju.com";

/// Why the config file cannot be used. Each names the file, and where it can, the line, the profile and
/// the key; its texts, in both languages, are in `i18n::config` (`Display` is the English one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    Io {
        file: PathBuf,
        message: String,
    },
    /// A TOML or schema error; toml's message carries the line, the column and the key (secrets masked).
    Parse {
        file: PathBuf,
        message: String,
    },
    /// A required key is absent or empty; `or_env` when `{key}_env` would do as well.
    Missing {
        file: PathBuf,
        line: usize,
        profile: String,
        key: String,
        or_env: bool,
    },
    /// `key` (a `…_env` key) names an environment variable that is not set.
    EnvMissing {
        file: PathBuf,
        line: usize,
        profile: String,
        key: String,
        var: String,
    },
    /// `key` and `{key}_env` both given.
    Both {
        file: PathBuf,
        line: usize,
        profile: String,
        key: String,
    },
    NoProfile {
        file: PathBuf,
        name: String,
        have: String,
    },
    /// Several profiles, no `default_profile`, no `--profile`.
    Ambiguous {
        file: PathBuf,
    },
    /// The file holds a secret and group or others can read it.
    Insecure {
        file: PathBuf,
    },
    /// Plain http to a host that is not loopback, without `allow_http`. `default` is the URL used when
    /// `key` is absent from the file.
    PlainHttp {
        file: PathBuf,
        line: usize,
        section: String,
        key: String,
        default: Option<&'static str>,
        url: String,
    },
    /// Credentials, a query or a fragment in a base URL: they would be sent, logged and echoed; the value
    /// is never shown, it may hold a password.
    UrlParts {
        file: PathBuf,
        line: usize,
        section: String,
        key: String,
        default: Option<&'static str>,
        part: UrlPart,
    },
    BadUrl {
        file: PathBuf,
        line: usize,
        section: String,
        key: String,
        default: Option<&'static str>,
        url: String,
    },
}

impl std::error::Error for ConfigError {}

/// What a base URL must not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlPart {
    /// `user:pass@`
    Credentials,
    /// `?…`
    Query,
    /// `#…`
    Fragment,
}

/// A config that can be used, but should not be as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigWarning {
    /// Like `ConfigError::Insecure`, allowed by `--allow-insecure-config`.
    Insecure { file: PathBuf },
}

/// The gateway settings of one shop.
#[derive(Debug, Clone)]
pub enum GatewayConfig {
    Fw199(fw199::Config),
    Pddshuju(pddshuju::Config),
}

/// One shop, resolved: what the faces need to build clients.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub gateway: GatewayConfig,
    pub waybill: Option<waybill::Config>,
    pub http: HttpOptions,
    pub lang: Lang,
    pub refresh_every: Duration,
    /// How long a claim on an order holds without renewal.
    pub claim_lease: Duration,
    /// Gateway requests a second; 0 for no limit.
    pub requests_per_second: u32,
    /// Requests a minute per endpoint (`[rate_limits]`, PDD's by default).
    pub rate_limits: crate::api::rate::RateLimits,
    /// `[team]`: the shared database of a team; none for one host (SQLite in the data dir).
    pub team: Option<crate::store::team::Config>,
}

/// Reads and checks the file. A file holding a secret that group or others can read is refused, unless
/// `allow_insecure` (`--allow-insecure-config`): then it is a warning. Returns the config and warnings.
pub fn load(
    path: &Path,
    allow_insecure: bool,
) -> Result<(ConfigFile, Vec<ConfigWarning>), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Io {
        file: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let cfg: ConfigFile = toml::from_str(&text).map_err(|e| ConfigError::Parse {
        file: path.to_path_buf(),
        message: super::mask::mask_error(e.to_string().trim_end(), &text),
    })?;
    let mut warnings = Vec::new();
    if cfg.holds_secret() && readable_by_others(path) {
        if !allow_insecure {
            return Err(ConfigError::Insecure {
                file: path.to_path_buf(),
            });
        }
        warnings.push(ConfigWarning::Insecure {
            file: path.to_path_buf(),
        });
    }
    Ok((cfg, warnings))
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> bool {
    false
}

/// The line of `[profiles.NAME]` (or of `[profiles.NAME.waybill]`) in the file, for messages; 1 if not found.
fn section_line(path: &Path, section: &str) -> usize {
    let header = format!("[{section}]");
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| {
            t.lines()
                .position(|l| l.trim().replace(' ', "") == header)
                .map(|i| i + 1)
        })
        .unwrap_or(1)
}

/// The line of `key = …` inside `[section]`, for messages; the section's line if not found.
fn key_line(path: &Path, section: &str, key: &str) -> usize {
    let start = section_line(path, section);
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| {
            t.lines()
                .enumerate()
                .skip(start)
                .take_while(|(_, l)| !l.trim_start().starts_with('['))
                .find(|(_, l)| {
                    l.trim_start()
                        .strip_prefix(key)
                        .is_some_and(|r| r.trim_start().starts_with('='))
                })
                .map(|(i, _)| i + 1)
        })
        .unwrap_or(start)
}

/// What a base URL must not hold: user and password, a query, a fragment. An unparsable value with `@`,
/// `?` or `#` is refused the same way, so that its text is never echoed.
fn forbidden_part(raw: &str, parsed: Option<&url::Url>) -> Option<UrlPart> {
    match parsed {
        Some(u) if !u.username().is_empty() || u.password().is_some() => Some(UrlPart::Credentials),
        Some(u) if u.query().is_some() => Some(UrlPart::Query),
        Some(u) if u.fragment().is_some() => Some(UrlPart::Fragment),
        Some(_) => None,
        None if raw.contains('@') => Some(UrlPart::Credentials),
        None if raw.contains('?') => Some(UrlPart::Query),
        None if raw.contains('#') => Some(UrlPart::Fragment),
        None => None,
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Picks the profile (`--profile`, else `default_profile`, else the only one) and resolves its secrets
/// with `env` (the process environment in production, a map in tests).
pub fn resolve_profile(
    path: &Path,
    cfg: &ConfigFile,
    name: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Profile, ConfigError> {
    let file = path.to_path_buf();
    let name = match name.or(cfg.default_profile.as_deref()) {
        Some(n) => n.to_string(),
        None if cfg.profiles.len() == 1 => cfg.profiles.keys().next().cloned().unwrap_or_default(),
        None => return Err(ConfigError::Ambiguous { file }),
    };
    let p = cfg
        .profiles
        .get(&name)
        .ok_or_else(|| ConfigError::NoProfile {
            file: file.clone(),
            name: name.clone(),
            have: cfg.profiles.keys().cloned().collect::<Vec<_>>().join(", "),
        })?;
    let section = format!("profiles.{name}");
    let ctx = Ctx {
        path,
        section: &section,
        profile: &name,
        env,
    };
    let gateway = match p.gateway {
        GatewayName::Fw199 => GatewayConfig::Fw199(fw199::Config {
            base_url: ctx.url(p.base_url.as_deref(), FW199_URL, p.allow_http)?,
            appid: ctx.required(p.appid.as_ref(), "appid")?,
            seller_nick: ctx.required(p.seller_nick.as_ref(), "seller_nick")?,
            secret: ctx.secret(p.secret.as_ref(), p.secret_env.as_ref(), "secret")?,
        }),
        GatewayName::Pddshuju => GatewayConfig::Pddshuju(pddshuju::Config {
            base_url: ctx.url(p.base_url.as_deref(), PDDSHUJU_URL, p.allow_http)?,
            ownuser: ctx.required(p.ownuser.as_ref(), "ownuser")?,
            state: ctx.required(p.state.as_ref(), "state")?,
            secret: ctx.secret(p.secret.as_ref(), p.secret_env.as_ref(), "secret")?,
        }),
    };
    let waybill = match &p.waybill {
        None => None,
        Some(w) => {
            let wsection = format!("profiles.{name}.waybill");
            let wctx = Ctx {
                section: &wsection,
                ..ctx
            };
            Some(waybill_config(w, &wctx)?)
        }
    };
    let team = match &cfg.team {
        None => None,
        Some(t) => {
            let tctx = Ctx {
                section: "team",
                ..ctx
            };
            Some(crate::store::team::Config {
                url: tctx.secret(
                    t.database_url.as_ref(),
                    t.database_url_env.as_ref(),
                    "database_url",
                )?,
                sync_lease: Duration::from_secs(
                    t.sync_lease_secs
                        .unwrap_or(crate::store::team::SYNC_LEASE_SECS)
                        .max(3),
                ),
            })
        }
    };
    let secs = |v: Option<u64>, d: u64| Duration::from_secs(v.unwrap_or(d).max(1));
    Ok(Profile {
        name: name.clone(),
        gateway,
        waybill,
        http: HttpOptions {
            connect_timeout: secs(cfg.connect_timeout_secs, 5),
            request_timeout: secs(cfg.request_timeout_secs, 15),
        },
        lang: cfg.lang.unwrap_or_default(),
        refresh_every: secs(cfg.refresh_secs, 60),
        claim_lease: secs(cfg.claim_secs, crate::store::CLAIM_SECS.unsigned_abs()),
        requests_per_second: cfg.requests_per_second.unwrap_or(0),
        rate_limits: cfg.rate_limits.unwrap_or_default().resolve(),
        team,
    })
}

fn waybill_config(w: &WaybillFile, ctx: &Ctx<'_>) -> Result<waybill::Config, ConfigError> {
    Ok(waybill::Config {
        base_url: ctx.url(w.base_url.as_deref(), WAYBILL_URL, w.allow_http)?,
        client_id: w.client_id.clone(),
        client_secret: ctx.secret(
            w.client_secret.as_ref(),
            w.client_secret_env.as_ref(),
            "client_secret",
        )?,
        ptemp_id: w.ptemp_id.clone(),
        courier_id: w.courier_id,
        sender: waybill::Sender {
            name: w.sender_name.clone(),
            mobile: w.sender_mobile.clone(),
            province: w.sender_province.clone(),
            city: w.sender_city.clone(),
            district: w.sender_district.clone(),
            address: w.sender_address.clone(),
        },
    })
}

#[derive(Clone, Copy)]
struct Ctx<'a> {
    path: &'a Path,
    section: &'a str,
    profile: &'a str,
    env: &'a dyn Fn(&str) -> Option<String>,
}

impl Ctx<'_> {
    fn line(&self) -> usize {
        section_line(self.path, self.section)
    }

    /// The base_url (or its default), checked: https, or http to loopback, or http with `allow_http`.
    /// Signed shop traffic and partner tokens must not cross a network in the clear by accident.
    fn url(
        &self,
        given: Option<&str>,
        default: &'static str,
        allow_http: bool,
    ) -> Result<String, ConfigError> {
        let url = given.unwrap_or(default).trim().to_string();
        let line = if given.is_some() {
            key_line(self.path, self.section, "base_url")
        } else {
            self.line()
        };
        let key = "base_url".to_string();
        let default = given.is_none().then_some(default);
        let parsed = url::Url::parse(&url).ok();
        if let Some(part) = forbidden_part(&url, parsed.as_ref()) {
            return Err(ConfigError::UrlParts {
                file: self.path.to_path_buf(),
                line,
                section: self.section.to_string(),
                key,
                default,
                part,
            });
        }
        let scheme = parsed.as_ref().map(|u| u.scheme().to_string());
        match scheme.as_deref() {
            Some("https") => Ok(url),
            Some("http") if allow_http || parsed.as_ref().is_some_and(is_loopback) => Ok(url),
            Some("http") => Err(ConfigError::PlainHttp {
                file: self.path.to_path_buf(),
                line,
                section: self.section.to_string(),
                key,
                default,
                url,
            }),
            _ => Err(ConfigError::BadUrl {
                file: self.path.to_path_buf(),
                line,
                section: self.section.to_string(),
                key,
                default,
                url,
            }),
        }
    }

    fn required(&self, v: Option<&String>, key: &str) -> Result<String, ConfigError> {
        match v.map(|s| s.trim()).filter(|s| !s.is_empty()) {
            Some(s) => Ok(s.to_string()),
            None => Err(ConfigError::Missing {
                file: self.path.to_path_buf(),
                line: self.line(),
                profile: self.profile.to_string(),
                key: key.to_string(),
                or_env: false,
            }),
        }
    }

    fn secret(
        &self,
        inline: Option<&Secret>,
        env_name: Option<&String>,
        key: &str,
    ) -> Result<Secret, ConfigError> {
        match (inline, env_name) {
            (Some(_), Some(_)) => Err(ConfigError::Both {
                file: self.path.to_path_buf(),
                line: self.line(),
                profile: self.profile.to_string(),
                key: key.to_string(),
            }),
            (Some(s), None) if !s.is_empty() => Ok(s.clone()),
            (None, Some(var)) => match (self.env)(var).filter(|v| !v.is_empty()) {
                Some(v) => Ok(Secret::new(v)),
                None => Err(ConfigError::EnvMissing {
                    file: self.path.to_path_buf(),
                    line: self.line(),
                    profile: self.profile.to_string(),
                    key: format!("{key}_env"),
                    var: var.clone(),
                }),
            },
            _ => Err(ConfigError::Missing {
                file: self.path.to_path_buf(),
                line: self.line(),
                profile: self.profile.to_string(),
                key: key.to_string(),
                or_env: true,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    const GOOD: &str = r#"
default_profile = "main"
lang = "en"
request_timeout_secs = 20
requests_per_second = 20

[profiles.main]
gateway = "fw199"
appid = "app"
seller_nick = "nick"
secret_env = "MAIN_SECRET"

[profiles.main.waybill]
client_id = "cid"
allow_http = true
client_secret = "wsecret"
ptemp_id = "1696"
sender_name = "胖大熊"

[profiles.gift]
gateway = "pddshuju"
ownuser = "own"
state = "st"
allow_http = true
secret = "gsecret"
"#;

    #[test]
    fn resolves_profiles_and_secrets() {
        let f = write(GOOD);
        let (cfg, _) = load(f.path(), false).unwrap();
        let env = |k: &str| (k == "MAIN_SECRET").then(|| "from-env".to_string());
        let p = resolve_profile(f.path(), &cfg, None, &env).unwrap();
        assert_eq!(p.name, "main");
        assert_eq!(p.lang, Lang::En);
        assert_eq!(p.http.request_timeout, Duration::from_secs(20));
        assert_eq!(p.requests_per_second, 20);
        assert_eq!(p.http.connect_timeout, Duration::from_secs(5));
        match &p.gateway {
            GatewayConfig::Fw199(c) => {
                assert_eq!(c.secret.expose(), "from-env");
                assert_eq!(c.base_url, FW199_URL);
            }
            other => panic!("{other:?}"),
        }
        let w = p.waybill.unwrap();
        assert_eq!(w.client_secret.expose(), "wsecret");
        assert_eq!(w.sender.name, "胖大熊");
        let g = resolve_profile(f.path(), &cfg, Some("gift"), &no_env).unwrap();
        assert!(matches!(g.gateway, GatewayConfig::Pddshuju(ref c) if c.ownuser == "own"));
    }

    #[test]
    fn rate_limits_default_to_pdds_and_take_each_key() {
        let f = write(GOOD);
        let (cfg, _) = load(f.path(), false).unwrap();
        let env = |_: &str| Some("s".to_string());
        let p = resolve_profile(f.path(), &cfg, None, &env).unwrap();
        assert_eq!(p.rate_limits, crate::api::rate::RateLimits::PDD);
        assert_eq!(
            (p.rate_limits.list, p.rate_limits.increment),
            (6_000, 3_000)
        );
        let f = write(&format!("{GOOD}\n[rate_limits]\nlist = 1200\nship = 0\n"));
        let (cfg, _) = load(f.path(), false).unwrap();
        let p = resolve_profile(f.path(), &cfg, None, &env).unwrap();
        assert_eq!(p.rate_limits.list, 1_200);
        assert_eq!(p.rate_limits.ship, 0, "0 is no limit");
        assert_eq!(p.rate_limits.increment, 3_000, "absent keys keep PDD's");
    }

    #[test]
    fn a_bad_rate_limit_names_line_and_key() {
        let text = format!("{GOOD}\n[rate_limits]\nlist = 100\nincrment = 5\n");
        let line = text.lines().count();
        let f = write(&text);
        let err = load(f.path(), false).unwrap_err();
        let en = crate::i18n::config::config_error(&err, Lang::En);
        assert!(
            en.contains(&format!("line {line}")) && en.contains("incrment"),
            "{en}"
        );
        let zh = crate::i18n::config::config_error(&err, Lang::Zh);
        assert!(zh.contains("格式错误") && zh.contains("incrment"), "{zh}");
        let f = write(&format!("{GOOD}\n[rate_limits]\nlist = -1\n"));
        let err = load(f.path(), false).unwrap_err().to_string();
        assert!(
            err.contains("list") && err.contains(&format!("line {}", GOOD.lines().count() + 3)),
            "{err}"
        );
    }

    #[test]
    fn debug_never_shows_secrets() {
        let f = write(GOOD);
        let (cfg, _) = load(f.path(), false).unwrap();
        let env = |_: &str| Some("from-env".to_string());
        let p = resolve_profile(f.path(), &cfg, None, &env).unwrap();
        let dbg = format!("{p:?} {cfg:?}");
        assert!(!dbg.contains("from-env"), "{dbg}");
        assert!(!dbg.contains("wsecret"));
        assert!(!dbg.contains("gsecret"));
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let f = write("[profiles.a]\ngateway = \"fw199\"\nappid = \"x\"\nsellr_nick = \"typo\"\n");
        let err = load(f.path(), false).unwrap_err().to_string();
        assert!(err.contains("line 4"), "{err}");
        assert!(err.contains("sellr_nick"), "{err}");
        assert!(err.contains(&f.path().display().to_string()), "{err}");
    }

    #[test]
    fn bad_value_names_line() {
        let f = write("[profiles.a]\ngateway = \"taobao\"\n");
        let err = load(f.path(), false).unwrap_err().to_string();
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("taobao"), "{err}");
    }

    #[test]
    fn missing_values_and_env() {
        let f =
            write("\n[profiles.a]\ngateway = \"fw199\"\nappid = \"x\"\nsecret_env = \"NOPE\"\n");
        let (cfg, _) = load(f.path(), false).unwrap();
        let err = resolve_profile(f.path(), &cfg, None, &no_env).unwrap_err();
        assert!(
            matches!(&err, ConfigError::Missing { key, line: 2, .. } if key == "seller_nick"),
            "{err}"
        );
        let f = write(
            "[profiles.a]\ngateway = \"fw199\"\nappid = \"x\"\nseller_nick = \"n\"\nsecret_env = \"NOPE\"\n",
        );
        let (cfg, _) = load(f.path(), false).unwrap();
        let err = resolve_profile(f.path(), &cfg, None, &no_env).unwrap_err();
        assert!(err.to_string().contains("NOPE"), "{err}");
        let err = resolve_profile(f.path(), &cfg, Some("b"), &no_env).unwrap_err();
        assert!(matches!(err, ConfigError::NoProfile { .. }));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_secret_readable_by_others_unless_allowed() {
        use std::os::unix::fs::PermissionsExt;
        let f = write(GOOD);
        std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = load(f.path(), false).unwrap_err().to_string();
        assert!(
            err.contains("chmod 600") && err.contains("secret_env"),
            "{err}"
        );
        let (_, warnings) = load(f.path(), true).unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].to_string().contains("chmod 600"));
        std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        let (_, warnings) = load(f.path(), false).unwrap();
        assert!(warnings.is_empty());
    }

    proptest::proptest! {
        /// Credentials, a query or a fragment in any base URL, of the gateway or the waybill service, are
        /// refused by the key's name; the value is never shown.
        #[test]
        fn a_base_url_never_carries_or_echoes_credentials(
            value in "[A-Za-z0-9_~-]{6,24}",
            host in proptest::sample::select(vec!["open.fw199.com", "127.0.0.1:8080", "[::1]", "pdd.pddshuju.com"]),
            form in 0usize..5,
            waybill in proptest::bool::ANY,
        ) {
            let url = match form {
                0 => format!("https://u:{value}@{host}"),
                1 => format!("https://{value}@{host}/x"),
                2 => format!("https://{host}/p?k={value}"),
                3 => format!("https://{host}/#{value}"),
                _ => format!("ht tp://u:{value}@{host}"),
            };
            let (profile_url, waybill_section) = if waybill {
                (String::new(), format!(
                    "[profiles.a.waybill]\nclient_id = \"c\"\nclient_secret_env = \"S\"\nbase_url = \"{url}\"\n"
                ))
            } else {
                (format!("base_url = \"{url}\"\n"), String::new())
            };
            let f = write(&format!(
                "[profiles.a]\ngateway = \"fw199\"\nappid = \"x\"\nseller_nick = \"n\"\n\
                 secret_env = \"S\"\n{profile_url}{waybill_section}"
            ));
            let (cfg, _) = load(f.path(), false).unwrap();
            let env = |_: &str| Some("s".to_string());
            let e = resolve_profile(f.path(), &cfg, None, &env).unwrap_err().to_string();
            proptest::prop_assert!(e.contains("`base_url`"), "{}", e);
            proptest::prop_assert!(!e.contains(&value), "{}", e);
        }
    }

    #[test]
    fn plain_http_only_to_loopback_or_when_allowed() {
        let env = |_: &str| Some("s".to_string());
        let text = |url: &str, allow: bool| {
            format!(
                "[profiles.a]\ngateway = \"fw199\"\nappid = \"x\"\nseller_nick = \"n\"\nsecret_env = \"S\"\n\
                 base_url = \"{url}\"\nallow_http = {allow}\n"
            )
        };
        for (url, allow, ok) in [
            ("https://open.fw199.com", false, true),
            ("http://127.0.0.1:8080", false, true),
            ("http://[::1]:8080", false, true),
            ("http://localhost:8080", false, true),
            ("http://open.fw199.com", false, false),
            ("http://open.fw199.com", true, true),
        ] {
            let f = write(&text(url, allow));
            let (cfg, _) = load(f.path(), false).unwrap();
            let got = resolve_profile(f.path(), &cfg, None, &env);
            assert_eq!(got.is_ok(), ok, "{url} {allow}");
            if let Err(e) = got {
                let e = e.to_string();
                assert!(
                    e.contains(":6:") && e.contains("base_url") && e.contains("allow_http"),
                    "{e}"
                );
            }
        }
        let f = write(
            "[profiles.a]\ngateway = \"pddshuju\"\nownuser = \"o\"\nstate = \"s\"\nsecret_env = \"S\"\n",
        );
        let (cfg, _) = load(f.path(), false).unwrap();
        let e = resolve_profile(f.path(), &cfg, None, &env)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("base_url (default http://pdd.pddshuju.com)"),
            "{e}"
        );
        for (url, part) in [
            ("https://user:hunter2pw@open.fw199.com", "password"),
            ("http://:hunter2pw@127.0.0.1:8080", "password"),
            ("https://hunter2pw@open.fw199.com", "user name"),
            ("https://open.fw199.com/?token=hunter2pw", "query"),
            ("https://open.fw199.com/#hunter2pw", "fragment"),
            ("ht!tp://u:hunter2pw@x", "password"),
        ] {
            let f = write(&text(url, true));
            let (cfg, _) = load(f.path(), false).unwrap();
            let e = resolve_profile(f.path(), &cfg, None, &env)
                .unwrap_err()
                .to_string();
            assert!(
                e.contains(":6:") && e.contains("`base_url`") && e.contains(part),
                "{url}: {e}"
            );
            assert!(!e.contains("hunter2pw"), "{e}");
        }
        let f = write(&text("ftp://x", false));
        let (cfg, _) = load(f.path(), false).unwrap();
        assert!(matches!(
            resolve_profile(f.path(), &cfg, None, &env),
            Err(ConfigError::BadUrl { .. })
        ));
    }
}
