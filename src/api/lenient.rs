//! Serde helpers for gateway fields whose JSON type is not reliable (`"500"` vs `500`, `null` vs absent),
//! and per-order decoding: one order a PHP backend mangled must not fail a whole page.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

/// A JSON body with every lone UTF-16 surrogate escape (`\udc80`, or a high one without its low half)
/// replaced by `\ufffd`. PHP's `json_encode` of a cut multi-byte string sends these; serde_json rejects
/// the whole body for one, so one buyer's goods name would hide every order of the page. Escaped
/// backslashes (`\\udc80` is text) are skipped; a valid pair is kept.
pub fn repair_surrogates(body: String) -> String {
    let b = body.as_bytes();
    let lone = |i: usize| -> bool {
        // Only bodies that hold a `\uD…` escape at all are walked.
        b.get(i + 2).is_some_and(|c| c.eq_ignore_ascii_case(&b'd'))
    };
    if !(0..b.len()).any(|i| b[i] == b'\\' && b.get(i + 1) == Some(&b'u') && lone(i)) {
        return body;
    }
    let unit = |i: usize| -> Option<u16> {
        if b.get(i) != Some(&b'\\') || b.get(i + 1) != Some(&b'u') {
            return None;
        }
        let hex = std::str::from_utf8(b.get(i + 2..i + 6)?).ok()?;
        u16::from_str_radix(hex, 16).ok()
    };
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        match unit(i) {
            Some(hi @ 0xD800..=0xDBFF) if matches!(unit(i + 6), Some(0xDC00..=0xDFFF)) => {
                let _ = hi;
                out.extend_from_slice(&b[i..i + 12]);
                i += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.extend_from_slice(b"\\ufffd");
                i += 6;
            }
            // Any other escape, `\\` included, is copied whole so its second byte is never read as one.
            _ => {
                out.extend_from_slice(&b[i..(i + 2).min(b.len())]);
                i += 2;
            }
        }
    }
    // Only ASCII escapes were replaced by ASCII: the bytes are still UTF-8.
    String::from_utf8(out).unwrap_or(body)
}

/// Decodes the elements of a JSON array one by one: those that decode are kept, each one that does not
/// is skipped, logged and named (its `order_sn` where it has one, else its place) for the caller to report.
pub fn decode_each<T: DeserializeOwned>(
    items: Vec<serde_json::Value>,
    what: &str,
) -> (Vec<T>, Vec<String>) {
    let mut kept = Vec::with_capacity(items.len());
    let mut skipped = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let name = name_of(&item, i);
        match serde_json::from_value(item) {
            Ok(t) => kept.push(t),
            Err(e) => {
                let reason = crate::domain::text::sanitize(&e.to_string());
                tracing::warn!("{what}: skipped {name}, which cannot be decoded: {reason}");
                skipped.push(name);
            }
        }
    }
    (kept, skipped)
}

/// How an undecodable order is named: its order number (network text, sanitised), else `#n` on its page.
pub fn name_of(item: &serde_json::Value, i: usize) -> String {
    match item.get("order_sn") {
        Some(serde_json::Value::String(sn)) if !sn.trim().is_empty() => {
            crate::domain::text::sanitize(sn.trim())
        }
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("#{}", i + 1),
    }
}

/// An integer sent as a number, a numeric string, a bool, or null/empty (0).
pub fn i64_any<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    match &v {
        serde_json::Value::Null => Ok(0),
        serde_json::Value::Bool(b) => Ok(i64::from(*b)),
        serde_json::Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f as i64))
            .ok_or_else(|| serde::de::Error::custom(format!("not an integer: {n}"))),
        serde_json::Value::String(s) if s.trim().is_empty() => Ok(0),
        serde_json::Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("not an integer: {s:?}"))),
        other => Err(serde::de::Error::custom(format!("not an integer: {other}"))),
    }
}

/// Like `i64_any`, keeping "absent or null" apart from a real value.
pub fn opt_i64_any<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    if v.is_null() {
        return Ok(None);
    }
    i64_any(v).map(Some).map_err(serde::de::Error::custom)
}

/// Text sent as a string, a number, or null (empty).
pub fn string_any<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "i64_any")]
        a: i64,
        #[serde(default, deserialize_with = "opt_i64_any")]
        b: Option<i64>,
        #[serde(default, deserialize_with = "string_any")]
        c: String,
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let repaired = |s: &str| repair_surrogates(s.to_string());
        let body =
            r#"{"a":"x\udc80y","b":"\ud83c\udf89","c":"\ud800","d":"\\udc80","e":"\uD800\u0041"}"#;
        let v: serde_json::Value = serde_json::from_str(&repaired(body)).unwrap();
        assert_eq!(v["a"], "x\u{fffd}y");
        assert_eq!(v["b"], "🎉", "a valid pair is kept");
        assert_eq!(v["c"], "\u{fffd}");
        assert_eq!(v["d"], "\\udc80", "an escaped backslash is text");
        assert_eq!(v["e"], "\u{fffd}A");
        let plain = r#"{"a":"\u62fc\u591a\u591a"}"#;
        assert_eq!(repaired(plain), plain);
    }

    proptest::proptest! {
        /// Any sequence of escapes and text: the repaired body parses wherever the original's only fault
        /// was a lone surrogate, and a body that parsed already is left as it was.
        #[test]
        fn repaired_strings_always_parse(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "\\udc80", "\\ud83c", "\\udf89", "\\ud83c\\udf89", "\\\\", "\\\\udc80", "a", "拼",
                "\\u0041", "\\n", "\\\"", "\\uDBFF", "\\uDFFF",
            ]), 0..20)
        ) {
            let body = format!("[\"{}\"]", parts.concat());
            let fixed = repair_surrogates(body.clone());
            proptest::prop_assert!(serde_json::from_str::<serde_json::Value>(&fixed).is_ok(), "{}", fixed);
            if serde_json::from_str::<serde_json::Value>(&body).is_ok() {
                proptest::prop_assert_eq!(fixed, body);
            }
        }
    }

    #[test]
    fn each_item_decodes_on_its_own() {
        let items = vec![
            serde_json::json!({"a": 1}),
            serde_json::json!({"a": "x", "order_sn": "261122-1"}),
            serde_json::json!({"a": [1]}),
            serde_json::json!({"a": 2}),
        ];
        let (kept, skipped) = decode_each::<T>(items, "test");
        assert_eq!(kept.iter().map(|t| t.a).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(skipped, vec!["261122-1".to_string(), "#3".to_string()]);
    }

    #[test]
    fn accepts_numbers_and_strings() {
        let t: T = serde_json::from_str(r#"{"a":"500","b":7,"c":85}"#).unwrap();
        assert_eq!((t.a, t.b, t.c.as_str()), (500, Some(7), "85"));
        let t: T = serde_json::from_str(r#"{"a":null,"b":null,"c":null}"#).unwrap();
        assert_eq!((t.a, t.b, t.c.as_str()), (0, None, ""));
        let t: T = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!((t.a, t.b), (0, None));
        assert!(serde_json::from_str::<T>(r#"{"a":"x"}"#).is_err());
    }
}
