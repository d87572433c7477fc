//! Serde helpers for gateway fields whose JSON type is not reliable (`"500"` vs `500`, `null` vs absent).
//! The vendors' PHP backends switch between numbers and strings; a type flip must not fail a whole page.

use serde::{Deserialize, Deserializer};

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
