//! Times as PDD writes them: `Y-m-d H:i:s` in Beijing time (Asia/Shanghai), whatever the host's zone.
//! The tz data is bundled into the binary, so a host without zoneinfo still gets it right.

use jiff::{Timestamp, civil::DateTime, tz::TimeZone};
use serde::{Deserialize, Deserializer, Serializer};

/// The format PDD uses for every time field.
pub const PDD_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// Asia/Shanghai from the bundled database; UTC+8 fixed (China has no DST since 1991) if it were ever missing.
pub fn beijing() -> TimeZone {
    // Looked up once: every order's every time goes through here (a page of 100 orders, about 800 times).
    static ZONE: std::sync::OnceLock<TimeZone> = std::sync::OnceLock::new();
    ZONE.get_or_init(|| {
        TimeZone::get("Asia/Shanghai").unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(8)))
    })
    .clone()
}

/// Parses `2021-03-17 19:16:30` as Beijing time. Empty text is `None`, not an error.
pub fn parse_beijing(s: &str) -> Result<Option<Timestamp>, String> {
    let s = s.trim();
    if s.is_empty() || s.starts_with("0000-00-00") {
        return Ok(None);
    }
    let dt = DateTime::strptime(PDD_FORMAT, s).map_err(|e| format!("bad time {s:?}: {e}"))?;
    let zoned = dt
        .to_zoned(beijing())
        .map_err(|e| format!("bad time {s:?}: {e}"))?;
    Ok(Some(zoned.timestamp()))
}

/// Formats a timestamp as Beijing time in PDD's format.
pub fn format_beijing(ts: Timestamp) -> String {
    ts.to_zoned(beijing()).strftime(PDD_FORMAT).to_string()
}

/// Serde adapter for optional PDD time strings (`""` ⇄ `None`).
pub mod opt_beijing {
    use super::*;

    pub fn serialize<S: Serializer>(v: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(ts) => s.serialize_str(&format_beijing(*ts)),
            None => s.serialize_str(""),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        let v: Option<String> = Option::deserialize(d)?;
        match v {
            None => Ok(None),
            Some(s) => parse_beijing(&s).map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_is_utc_plus_8() {
        let ts = parse_beijing("2021-03-17 19:16:30").unwrap().unwrap();
        assert_eq!(ts.as_second(), 1_615_979_790);
        assert_eq!(format_beijing(ts), "2021-03-17 19:16:30");
        assert_eq!(parse_beijing("").unwrap(), None);
        assert!(parse_beijing("17/03/2021").is_err());
    }
}

/// A short, language-neutral duration for tables: `2d03h`, `5h07m`, `12m`, `-1h30m` when overdue.
pub fn short_duration(d: jiff::SignedDuration) -> String {
    let secs = d.as_secs();
    let sign = if secs < 0 { "-" } else { "" };
    let mins = secs.unsigned_abs() / 60;
    let (days, hours, m) = (mins / 1440, (mins / 60) % 24, mins % 60);
    if days > 0 {
        format!("{sign}{days}d{hours:02}h")
    } else if hours > 0 {
        format!("{sign}{hours}h{m:02}m")
    } else {
        format!("{sign}{m}m")
    }
}

#[cfg(test)]
mod duration_tests {
    use super::short_duration;
    use jiff::SignedDuration;

    #[test]
    fn short_durations() {
        assert_eq!(short_duration(SignedDuration::from_mins(12)), "12m");
        assert_eq!(short_duration(SignedDuration::from_mins(307)), "5h07m");
        assert_eq!(short_duration(SignedDuration::from_hours(51)), "2d03h");
        assert_eq!(short_duration(SignedDuration::from_mins(-90)), "-1h30m");
    }
}
