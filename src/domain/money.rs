//! Money as integer fen (1/100 yuan). PDD sends yuan as JSON numbers or strings; we never keep floats.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An amount in fen. `Fen(1250)` is ¥12.50.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub i64);

impl Fen {
    /// Parses a yuan amount written as text (`"12.5"`, `"12.50"`, `"-3"`), exactly, without floats.
    pub fn parse_yuan(s: &str) -> Option<Fen> {
        let s = s.trim();
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let whole: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
        let mut cents: i64 = 0;
        for (i, c) in frac.chars().take(2).enumerate() {
            let d = i64::from(c.to_digit(10)?);
            cents += if i == 0 { d * 10 } else { d };
        }
        // A third decimal rounds half up; PDD never sends one, but a float-printed value might.
        if let Some(c) = frac.chars().nth(2)
            && c.to_digit(10)? >= 5
        {
            cents += 1;
        }
        let total = whole.checked_mul(100)?.checked_add(cents)?;
        Some(Fen(if neg { -total } else { total }))
    }

    /// The amount as yuan text with two decimals, e.g. `12.50`.
    pub fn yuan_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "¥{}", self.yuan_string())
    }
}

impl std::ops::Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0.saturating_add(o.0))
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen(0), |a, b| a + b)
    }
}

/// On the wire: a JSON number of yuan (`15`, `12.5`); strings are accepted too.
/// Below this many fen an amount divides exactly into the nearest f64 of its yuan text.
const EXACT_FEN: u64 = 1 << 53;

impl Serialize for Fen {
    /// A JSON number of yuan (`15.0`, `12.34`), as PDD sends it.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.unsigned_abs() < EXACT_FEN {
            // Both exact, and IEEE division rounds once: the same f64 as parsing `yuan_string`, without it.
            return s.serialize_f64(self.0 as f64 / 100.0);
        }
        let n: serde_json::Number = self
            .yuan_string()
            .parse()
            .map_err(serde::ser::Error::custom)?;
        n.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Fen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        let text = match &v {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) if s.trim().is_empty() => return Ok(Fen(0)),
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => return Ok(Fen(0)),
            other => return Err(serde::de::Error::custom(format!("not an amount: {other}"))),
        };
        // serde_json prints large/small floats with exponents; go through f64 only for those.
        if let Some(f) = Fen::parse_yuan(&text) {
            return Ok(f);
        }
        match v.as_f64() {
            Some(y) if y.is_finite() => Ok(Fen((y * 100.0).round() as i64)),
            _ => Err(serde::de::Error::custom(format!("not an amount: {text}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number written is the one `yuan_string` would parse to, for every amount tried.
    #[test]
    fn serialises_as_the_yuan_text_would() {
        let old = |f: Fen| {
            let n: serde_json::Number = f.yuan_string().parse().unwrap();
            serde_json::to_string(&n).unwrap()
        };
        let mut amounts: Vec<i64> = vec![
            0,
            1,
            5,
            7,
            10,
            99,
            100,
            101,
            1500,
            1234,
            1205,
            123_456_789,
            -310,
            -1,
        ];
        amounts.extend((0..2000).map(|k| k * 7919 % 1_000_003 - 500_000));
        amounts.extend([
            (1 << 53) - 1,
            -(1 << 53) + 1,
            1 << 53,
            i64::MAX,
            i64::MIN + 1,
        ]);
        for a in amounts {
            assert_eq!(serde_json::to_string(&Fen(a)).unwrap(), old(Fen(a)), "{a}");
        }
    }

    #[test]
    fn parses_yuan_exactly() {
        assert_eq!(Fen::parse_yuan("15"), Some(Fen(1500)));
        assert_eq!(Fen::parse_yuan("12.5"), Some(Fen(1250)));
        assert_eq!(Fen::parse_yuan("0.07"), Some(Fen(7)));
        assert_eq!(Fen::parse_yuan("-3.10"), Some(Fen(-310)));
        assert_eq!(Fen::parse_yuan("1.005"), Some(Fen(101)));
        assert_eq!(Fen::parse_yuan("abc"), None);
        assert_eq!(Fen::parse_yuan(""), None);
    }

    #[test]
    fn json_round_trip_in_yuan() {
        let f: Fen = serde_json::from_str("19.9").unwrap();
        assert_eq!(f, Fen(1990));
        assert_eq!(serde_json::to_string(&f).unwrap(), "19.9");
        assert_eq!(serde_json::to_string(&Fen(1500)).unwrap(), "15.0");
        let f: Fen = serde_json::from_str("\"8.8\"").unwrap();
        assert_eq!(f, Fen(880));
        assert_eq!(Fen(1990).to_string(), "¥19.90");
    }
}
