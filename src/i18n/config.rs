//! Texts of the config file's errors and warnings, in both languages. Each names the file, and where it
//! can, the line, the profile and the key; a secret never reaches them (masked where the error is made).

use super::Lang;
use crate::config::{ConfigError, ConfigWarning, UrlPart};
use std::fmt::{self, Display};
use std::path::Path;

/// The text of `lang` among its two translations.
fn pick<T>(lang: Lang, zh: T, en: T) -> T {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Where in the file a key is wrong: `file:line: profile [section]: `, in the language's punctuation.
fn at(lang: Lang, file: &Path, line: impl Display, section: &str) -> String {
    let file = file.display();
    pick(
        lang,
        format!("{file}:{line}:店铺配置 [{section}]:"),
        format!("{file}:{line}: profile [{section}]: "),
    )
}

pub fn config_warning(w: &ConfigWarning, lang: Lang) -> String {
    match w {
        ConfigWarning::Insecure { file } => {
            let file = file.display();
            pick(
                lang,
                format!(
                    "{file}:含有密钥,且同组或其他用户可读;请运行 `chmod 600 {file}` 或改用 secret_env"
                ),
                format!(
                    "{file}: holds a secret and is readable by group or others; run `chmod 600 {file}` or use secret_env"
                ),
            )
        }
    }
}

/// `key`, with what stands in for it: the default URL used when it is absent, or its `_env` twin.
fn key(lang: Lang, key: &str, default: Option<&str>, or_env: bool) -> String {
    match default {
        Some(url) => pick(
            lang,
            format!("{key}(默认 {url})"),
            format!("{key} (default {url})"),
        ),
        None if or_env => pick(
            lang,
            format!("{key}(或 {key}_env)"),
            format!("{key} (or {key}_env)"),
        ),
        None => key.to_string(),
    }
}

/// A part a URL must not hold, as (Chinese, English).
fn part(lang: Lang, p: UrlPart) -> &'static str {
    let (zh, en) = match p {
        UrlPart::Credentials => (
            "用户名或密码(user:pass@)",
            "a user name or password (user:pass@)",
        ),
        UrlPart::Query => ("查询参数(?…)", "a query (?…)"),
        UrlPart::Fragment => ("片段(#…)", "a fragment (#…)"),
    };
    pick(lang, zh, en)
}

/// One line that says what is wrong with the config file and where.
pub fn config_error(e: &ConfigError, lang: Lang) -> String {
    match e {
        ConfigError::Io { file, message } => {
            let file = file.display();
            pick(
                lang,
                format!("{file}:无法读取:{message}"),
                format!("{file}: cannot read: {message}"),
            )
        }
        ConfigError::Parse { file, message } => {
            let file = file.display();
            pick(
                lang,
                format!("{file}:格式错误:{message}"),
                format!("{file}: {message}"),
            )
        }
        ConfigError::Missing {
            file,
            line,
            profile,
            key: k,
            or_env,
        } => {
            let (file, k) = (file.display(), key(lang, k, None, *or_env));
            pick(
                lang,
                format!("{file}:{line}:店铺配置 [profiles.{profile}] 缺少 `{k}`"),
                format!("{file}:{line}: profile [profiles.{profile}] lacks `{k}`"),
            )
        }
        ConfigError::EnvMissing {
            file,
            line,
            profile,
            key,
            var,
        } => {
            let what = pick(
                lang,
                format!("`{key}` 指定的环境变量 {var} 未设置"),
                format!("`{key}` names the environment variable {var}, which is not set"),
            );
            at(lang, file, line, &format!("profiles.{profile}")) + &what
        }
        ConfigError::Both {
            file,
            line,
            profile,
            key,
        } => {
            let what = pick(
                lang,
                format!("`{key}` 和 `{key}_env` 同时给出,只保留一个"),
                format!("`{key}` and `{key}_env` both given; keep one"),
            );
            at(lang, file, line, &format!("profiles.{profile}")) + &what
        }
        ConfigError::NoProfile { file, name, have } => {
            let file = file.display();
            pick(
                lang,
                format!("{file}:没有名为 {name:?} 的店铺配置(现有:{have})"),
                format!("{file}: no profile named {name:?} (have: {have})"),
            )
        }
        ConfigError::Ambiguous { file } => {
            let file = file.display();
            pick(
                lang,
                format!("{file}:有多个店铺配置但没有 default_profile;请用 --profile 选择一个"),
                format!("{file}: several profiles and no default_profile; pick one with --profile"),
            )
        }
        ConfigError::Insecure { file } => {
            let file = file.display();
            pick(
                lang,
                format!(
                    "{file}:含有密钥,且同组或其他用户可读;请运行 `chmod 600 {file}` 或改用 secret_env\
                     (或加 --allow-insecure-config)"
                ),
                format!(
                    "{file}: holds a secret and is readable by group or others; run `chmod 600 {file}` or use secret_env \
                     (or pass --allow-insecure-config)"
                ),
            )
        }
        ConfigError::PlainHttp {
            file,
            line,
            section,
            key: k,
            default,
            url,
        } => {
            let k = key(lang, k, *default, false);
            let what = pick(
                lang,
                format!(
                    "`{k}` = {url:?} 是明文 http,且主机不是本机;请用 https://,或在 [{section}] 中设置 `allow_http = true`"
                ),
                format!(
                    "`{k}` = {url:?} is plain http to a host that is not loopback; use https:// or set `allow_http = true` in [{section}]"
                ),
            );
            at(lang, file, line, section) + &what
        }
        ConfigError::UrlParts {
            file,
            line,
            section,
            key: k,
            default,
            part: p,
        } => {
            let (k, p) = (key(lang, k, *default, false), part(lang, *p));
            let what = pick(
                lang,
                format!("`{k}` 不能包含{p};只写协议、主机、端口和路径"),
                format!("`{k}` must not hold {p}; give scheme, host, port and path only"),
            );
            at(lang, file, line, section) + &what
        }
        ConfigError::BadUrl {
            file,
            line,
            section,
            key: k,
            default,
            url,
        } => {
            let k = key(lang, k, *default, false);
            let what = pick(
                lang,
                format!("`{k}` = {url:?} 不是 http(s) 网址"),
                format!("`{k}` = {url:?} is not an http(s) URL"),
            );
            at(lang, file, line, section) + &what
        }
    }
}

/// The English text, for logs and for callers that have no language (tests, `?` into other errors).
impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&config_error(self, Lang::En))
    }
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&config_warning(self, Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::load;
    use std::io::Write;
    use std::path::PathBuf;

    fn file() -> PathBuf {
        PathBuf::from("/home/op/.config/pddtui/config.toml")
    }

    fn is_chinese(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// One error of each kind, with the English text it has always had.
    fn cases() -> Vec<(ConfigError, &'static str)> {
        let f = file;
        vec![
            (
                ConfigError::Io {
                    file: f(),
                    message: "No such file or directory (os error 2)".into(),
                },
                "/home/op/.config/pddtui/config.toml: cannot read: No such file or directory (os error 2)",
            ),
            (
                ConfigError::Missing {
                    file: f(),
                    line: 3,
                    profile: "main".into(),
                    key: "seller_nick".into(),
                    or_env: false,
                },
                "/home/op/.config/pddtui/config.toml:3: profile [profiles.main] lacks `seller_nick`",
            ),
            (
                ConfigError::Missing {
                    file: f(),
                    line: 3,
                    profile: "main".into(),
                    key: "secret".into(),
                    or_env: true,
                },
                "/home/op/.config/pddtui/config.toml:3: profile [profiles.main] lacks `secret (or secret_env)`",
            ),
            (
                ConfigError::EnvMissing {
                    file: f(),
                    line: 3,
                    profile: "main".into(),
                    key: "secret_env".into(),
                    var: "SHOP_SECRET".into(),
                },
                "/home/op/.config/pddtui/config.toml:3: profile [profiles.main]: `secret_env` names the environment variable SHOP_SECRET, which is not set",
            ),
            (
                ConfigError::Both {
                    file: f(),
                    line: 3,
                    profile: "main".into(),
                    key: "secret".into(),
                },
                "/home/op/.config/pddtui/config.toml:3: profile [profiles.main]: `secret` and `secret_env` both given; keep one",
            ),
            (
                ConfigError::NoProfile {
                    file: f(),
                    name: "gift".into(),
                    have: "main, shop2".into(),
                },
                "/home/op/.config/pddtui/config.toml: no profile named \"gift\" (have: main, shop2)",
            ),
            (
                ConfigError::Ambiguous { file: f() },
                "/home/op/.config/pddtui/config.toml: several profiles and no default_profile; pick one with --profile",
            ),
            (
                ConfigError::Insecure { file: f() },
                "/home/op/.config/pddtui/config.toml: holds a secret and is readable by group or others; run `chmod 600 /home/op/.config/pddtui/config.toml` or use secret_env (or pass --allow-insecure-config)",
            ),
            (
                ConfigError::PlainHttp {
                    file: f(),
                    line: 8,
                    section: "profiles.main.waybill".into(),
                    key: "base_url".into(),
                    default: Some("http://pdd.pddshuju.com"),
                    url: "http://pdd.pddshuju.com".into(),
                },
                "/home/op/.config/pddtui/config.toml:8: profile [profiles.main.waybill]: `base_url (default http://pdd.pddshuju.com)` = \"http://pdd.pddshuju.com\" is plain http to a host that is not loopback; use https:// or set `allow_http = true` in [profiles.main.waybill]",
            ),
            (
                ConfigError::UrlParts {
                    file: f(),
                    line: 6,
                    section: "profiles.main".into(),
                    key: "base_url".into(),
                    default: None,
                    part: UrlPart::Credentials,
                },
                "/home/op/.config/pddtui/config.toml:6: profile [profiles.main]: `base_url` must not hold a user name or password (user:pass@); give scheme, host, port and path only",
            ),
            (
                ConfigError::BadUrl {
                    file: f(),
                    line: 6,
                    section: "profiles.main".into(),
                    key: "base_url".into(),
                    default: None,
                    url: "ftp://x".into(),
                },
                "/home/op/.config/pddtui/config.toml:6: profile [profiles.main]: `base_url` = \"ftp://x\" is not an http(s) URL",
            ),
        ]
    }

    #[test]
    fn english_texts_are_unchanged_and_display_is_english() {
        for (e, text) in cases() {
            assert_eq!(config_error(&e, Lang::En), text);
            assert_eq!(e.to_string(), text);
        }
    }

    #[test]
    fn chinese_texts_name_the_same_file_line_and_key() {
        for (e, _) in cases() {
            let zh = config_error(&e, Lang::Zh);
            assert!(is_chinese(&zh), "{zh}");
            assert!(
                zh.starts_with("/home/op/.config/pddtui/config.toml:"),
                "{zh}"
            );
            let line = match &e {
                ConfigError::Missing { line, .. }
                | ConfigError::EnvMissing { line, .. }
                | ConfigError::Both { line, .. }
                | ConfigError::PlainHttp { line, .. }
                | ConfigError::UrlParts { line, .. }
                | ConfigError::BadUrl { line, .. } => Some(*line),
                _ => None,
            };
            if let Some(line) = line {
                assert!(zh.contains(&format!("config.toml:{line}:")), "{zh}");
            }
            let key = match &e {
                ConfigError::Missing { key, .. }
                | ConfigError::EnvMissing { key, .. }
                | ConfigError::Both { key, .. }
                | ConfigError::PlainHttp { key, .. }
                | ConfigError::UrlParts { key, .. }
                | ConfigError::BadUrl { key, .. } => Some(key.as_str()),
                _ => None,
            };
            if let Some(key) = key {
                assert!(zh.contains(&format!("`{key}")), "{zh}");
            }
        }
        let missing = &cases()[2].0;
        assert!(config_error(missing, Lang::Zh).contains("`secret(或 secret_env)`"));
        let insecure = config_error(&ConfigError::Insecure { file: file() }, Lang::Zh);
        assert!(insecure.contains("chmod 600") && insecure.contains("secret_env"));
        let warning = ConfigWarning::Insecure { file: file() };
        assert!(config_warning(&warning, Lang::Zh).contains("同组或其他用户可读"));
        assert_eq!(
            warning.to_string(),
            "/home/op/.config/pddtui/config.toml: holds a secret and is readable by group or others; run `chmod 600 /home/op/.config/pddtui/config.toml` or use secret_env"
        );
    }

    #[test]
    fn a_secret_in_a_broken_file_is_masked_in_both_languages() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(b"[profiles.a]\ngateway = \"fw199\"\nsecret = \"hunter2-very-secret\n")
            .unwrap();
        let e = load(f.path(), false).unwrap_err();
        for lang in [Lang::Zh, Lang::En] {
            let text = config_error(&e, lang);
            assert!(!text.contains("hunter2"), "{text}");
            assert!(
                text.contains("line 3") && text.contains("secret = \"***\""),
                "{text}"
            );
        }
    }

    #[test]
    fn a_url_with_credentials_is_refused_without_its_value_in_both_languages() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(
            b"[profiles.a]\ngateway = \"fw199\"\nappid = \"x\"\nseller_nick = \"n\"\n\
              secret_env = \"S\"\nbase_url = \"https://u:hunter2pw@open.fw199.com\"\n",
        )
        .unwrap();
        let (cfg, _) = load(f.path(), false).unwrap();
        let env = |_: &str| Some("s".to_string());
        let e = crate::config::resolve_profile(f.path(), &cfg, None, &env).unwrap_err();
        for (lang, part) in [
            (Lang::Zh, "用户名或密码"),
            (Lang::En, "user name or password"),
        ] {
            let text = config_error(&e, lang);
            assert!(!text.contains("hunter2pw"), "{text}");
            assert!(text.contains(":6:") && text.contains(part), "{text}");
        }
    }
}
