//! Masks the values of secret keys in what a config error shows: toml quotes the offending line of the
//! file, and that line may be `secret = "…` itself, malformed or not. Works on the text, not on a parse.

/// What is shown in place of a secret value.
pub const MASK: &str = "\"***\"";

/// True for a key whose value the config treats as secret: `secret`, `client_secret`, any `*_secret`,
/// and the usual other names (password, token), so that a future key is covered by its name. Not the
/// `*_env` keys, which name a variable.
pub fn is_secret_key(key: &str) -> bool {
    let k = key
        .rsplit('.')
        .next()
        .unwrap_or(key)
        .trim()
        .trim_matches(['"', '\''])
        .to_ascii_lowercase();
    if k.ends_with("_env") {
        return false;
    }
    k == "secret"
        || k.ends_with("_secret")
        || k.contains("password")
        || k.contains("passwd")
        || k == "token"
        || k.ends_with("_token")
        || k.ends_with("_key")
}

/// The file's text with every secret value replaced by `MASK`, line for line (a multi-line string
/// value keeps its line count, each of its lines masked), and the secret values found.
fn masked_lines(text: &str) -> (Vec<String>, Vec<String>) {
    let mut out = Vec::new();
    let mut secrets = Vec::new();
    // Inside a multi-line string that is a secret: its closing delimiter.
    let mut open: Option<&str> = None;
    for line in text.lines() {
        if let Some(close) = open {
            if let Some(end) = line.find(close) {
                secrets.push(line[..end].to_string());
                out.push(format!("{MASK}{}", &line[end + close.len()..]));
                open = None;
            } else {
                secrets.push(line.to_string());
                out.push(MASK.to_string());
            }
            continue;
        }
        let (masked, found, unclosed) = mask_line(line);
        let (masked, userinfo) = mask_userinfo(&masked);
        secrets.extend(found);
        secrets.extend(userinfo);
        open = unclosed;
        out.push(masked);
    }
    (out, secrets)
}

/// Masks every `secret_key = value` on one line (also inside an inline table). Returns the line, the
/// values and, when a multi-line string starts and does not end here, its closing delimiter.
fn mask_line(line: &str) -> (String, Vec<String>, Option<&'static str>) {
    let mut out = String::new();
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(eq) = find_unquoted(rest, '=') {
        let (before, after) = (&rest[..eq], &rest[eq + 1..]);
        let key = before
            .rsplit(['{', ',', ' ', '\t'])
            .find(|s| !s.is_empty())
            .unwrap_or("");
        out.push_str(before);
        out.push('=');
        if !is_secret_key(key) {
            // Skip past this value so a `=` inside it is not taken for the next key; an inline table
            // or array is entered, as it may hold a secret key.
            let end = match after.trim_start().chars().next() {
                Some('{' | '[') => after.len() - after.trim_start().len() + 1,
                _ => value_end(after),
            };
            out.push_str(&after[..end]);
            rest = &after[end..];
            continue;
        }
        let lead = after.len() - after.trim_start().len();
        let value = after.trim_start();
        for delim in ["\"\"\"", "'''"] {
            if let Some(body) = value.strip_prefix(delim)
                && !body.contains(delim)
            {
                found.push(body.to_string());
                out.push_str(&after[..lead]);
                out.push_str(MASK);
                return (out, found, Some(delim));
            }
        }
        // A bare (malformed) secret may hold `#`: only a `,` or `}` can end it.
        let end = if value.starts_with(['"', '\'']) {
            quoted_end(value)
        } else {
            value.find([',', '}']).unwrap_or(value.len())
        };
        found.push(value[..end].trim().trim_matches(['"', '\'']).to_string());
        out.push_str(&after[..lead]);
        out.push_str(MASK);
        rest = &value[end..];
    }
    out.push_str(rest);
    (out, found, None)
}

/// Credentials in a URL anywhere on the line (`scheme://user:pass@host`) become `***`: a base_url with a
/// password is refused, but a TOML error on its line would quote it first.
fn mask_userinfo(line: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("://") {
        let start = at + 3;
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let authority_end = tail
            .find(['/', '?', '#', '"', '\'', ' '])
            .unwrap_or(tail.len());
        match tail[..authority_end].rfind('@') {
            Some(userinfo_end) => {
                found.push(tail[..userinfo_end].to_string());
                out.push_str("***");
                rest = &tail[userinfo_end..];
            }
            None => rest = tail,
        }
    }
    out.push_str(rest);
    (out, found)
}

/// Where a value ends: at a `,` or `}` outside quotes, at a comment, or at the end of the line (an
/// unterminated string runs to the end of the line).
fn value_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                ',' | '}' | '#' => return i,
                _ => {}
            },
        }
    }
    s.len()
}

/// Just past the closing quote of the string `s` starts with; the end of the line if it has none.
fn quoted_end(s: &str) -> usize {
    let mut chars = s.char_indices();
    let Some((_, q)) = chars.next() else {
        return 0;
    };
    let mut escaped = false;
    for (i, c) in chars {
        if escaped {
            escaped = false;
        } else if c == '\\' && q == '"' {
            escaped = true;
        } else if c == q {
            return i + c.len_utf8();
        }
    }
    s.len()
}

fn find_unquoted(s: &str, want: char) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return None,
            None if c == want => return Some(i),
            None => {}
        }
    }
    None
}

/// toml's error message with the secrets of `source` masked: each quoted line of the file (`N | text`)
/// is shown from the masked file, and any secret value of four characters or more left elsewhere in the
/// message (a type error quotes the value) is replaced too.
pub fn mask_error(message: &str, source: &str) -> String {
    let (lines, secrets) = masked_lines(source);
    let mut out: Vec<String> = message
        .lines()
        .map(|l| match excerpt_line(l) {
            Some((n, prefix)) => match lines.get(n.wrapping_sub(1)) {
                Some(masked) => format!("{prefix}{masked}"),
                None => l.to_string(),
            },
            None => l.to_string(),
        })
        .collect();
    for s in secrets.iter().filter(|s| s.trim().chars().count() >= 4) {
        for line in &mut out {
            if line.contains(s.as_str()) {
                *line = line.replace(s.as_str(), "***");
            }
        }
    }
    out.join("\n")
}

/// `5 | text` (toml's excerpt of line 5): the line number and the prefix up to the text.
fn excerpt_line(l: &str) -> Option<(usize, &str)> {
    let bar = l.find(" | ").or_else(|| l.find(" |"))?;
    let n: usize = l[..bar].trim().parse().ok()?;
    let start = (bar + 3).min(l.len());
    Some((n, &l[..start]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_of_secret_keys() {
        for k in [
            "secret",
            "client_secret",
            "app_secret",
            "\"secret\"",
            "waybill.client_secret",
            "password",
            "token",
            "access_token",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "secret_env",
            "client_secret_env",
            "appid",
            "state",
            "base_url",
        ] {
            assert!(!is_secret_key(k), "{k}");
        }
    }

    #[test]
    fn lines_inline_tables_and_multi_line_strings() {
        let (l, s) = masked_lines(
            "appid = \"a=b\"\nsecret = \"s3cr3t\" # c\nw = { client_secret = 'x,y', id = 1 }\n\
             token = \"\"\"one\ntwo\"\"\"\nsecret = \"open",
        );
        assert_eq!(l[0], "appid = \"a=b\"");
        assert_eq!(l[1], format!("secret = {MASK} # c"));
        assert_eq!(l[2], format!("w = {{ client_secret = {MASK}, id = 1 }}"));
        assert_eq!(l[3], format!("token = {MASK}"));
        assert_eq!(l[4], MASK);
        assert_eq!(l[5], format!("secret = {MASK}"));
        assert_eq!(s, ["s3cr3t", "x,y", "one", "two", "open"]);
    }

    #[test]
    fn credentials_in_a_url_are_masked_on_any_line() {
        let (l, s) = masked_lines("base_url = \"https://u:pw-1234@h/x\" \\q\nx = \"ftp://a@b\"");
        assert_eq!(l[0], "base_url = \"https://***@h/x\" \\q");
        assert_eq!(l[1], "x = \"ftp://***@b\"");
        assert_eq!(s, ["u:pw-1234", "a"]);
        let e = parse_error("[profiles.a]\nbase_url = \"https://u:pw-1234@h/\\u\"\n");
        assert!(!e.contains("pw-1234") && e.contains("https://***@h"), "{e}");
    }

    fn parse_error(text: &str) -> String {
        let e = toml::from_str::<crate::config::ConfigFile>(text).unwrap_err();
        mask_error(&e.to_string(), text)
    }

    #[test]
    fn toml_excerpts_keep_the_place_and_lose_the_secret() {
        let text = "[profiles.a]\ngateway = \"fw199\"\nsecret = \"hunter2-very-secret\n";
        let raw = toml::from_str::<crate::config::ConfigFile>(text)
            .unwrap_err()
            .to_string();
        assert!(raw.contains("hunter2"), "the reproduction: {raw}");
        let e = parse_error(text);
        assert!(!e.contains("hunter2"), "{e}");
        assert!(
            e.contains("line 3") && e.contains("secret = \"***\""),
            "{e}"
        );
        let e = parse_error("[profiles.a]\ngateway = \"fw199\"\nsecret = 12345678\n");
        assert!(!e.contains("12345678"), "{e}");
    }

    proptest! {
        /// Whatever the secret and however the line is broken, no error shows the secret.
        #[test]
        fn no_error_shows_a_secret(
            secret in "[A-Za-z0-9+/=_!@$%^&*-]{4,40}",
            key in prop::sample::select(vec!["secret", "client_secret"]),
            form in 0usize..6,
        ) {
            let line = match form {
                0 => format!("{key} = \"{secret}"),
                1 => format!("{key} = '{secret}"),
                2 => format!("{key} = {secret}"),
                3 => format!("{key} = \"{secret}\" junk"),
                4 => format!("{key} = \"\"\"{secret}"),
                _ => format!("{key} = \"{secret}\"\nbad line here"),
            };
            let section = if key == "secret" { "[profiles.a]" } else { "[profiles.a.waybill]" };
            let text = format!("{section}\n{line}\n");
            if let Err(e) = toml::from_str::<crate::config::ConfigFile>(&text) {
                let shown = mask_error(&e.to_string(), &text);
                prop_assert!(!shown.contains(&secret), "{}", shown);
            }
        }
    }
}
