//! Splitting a time range into the windows a gateway accepts (fw199: 24 h for the list, 30 min for the
//! increment). Pure, so its edges are tested without a network.

use jiff::{SignedDuration, Timestamp};

/// The longest range of one order-list call.
pub const LIST_WINDOW: SignedDuration = SignedDuration::from_hours(24);
/// The longest range of one incremental-list call.
pub const INCREMENT_WINDOW: SignedDuration = SignedDuration::from_mins(30);

/// `[start, end)` cut into adjacent half-open windows of at most `max`, as Unix seconds (what the gateway takes).
/// The start is rounded down and the end up to whole seconds, so no order between them is lost.
/// Empty when `end <= start` or `max` is under one second.
pub fn split(start: Timestamp, end: Timestamp, max: SignedDuration) -> Vec<(i64, i64)> {
    let s = start.as_second();
    let e = end.as_second() + i64::from(end.subsec_nanosecond() > 0);
    let step = max.as_secs();
    let mut out = Vec::new();
    if step <= 0 || e <= s {
        return out;
    }
    let mut from = s;
    while from < e {
        let to = from.saturating_add(step).min(e);
        out.push((from, to));
        from = to;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: i64) -> Timestamp {
        Timestamp::from_second(s).unwrap()
    }

    const T0: i64 = 1_700_000_000;
    const DAY: i64 = 86_400;

    #[test]
    fn three_days_in_24h_windows() {
        let w = split(ts(T0), ts(T0 + 3 * DAY), LIST_WINDOW);
        assert_eq!(
            w,
            vec![
                (T0, T0 + DAY),
                (T0 + DAY, T0 + 2 * DAY),
                (T0 + 2 * DAY, T0 + 3 * DAY)
            ]
        );
        // One second more opens a fourth, one-second window.
        let w = split(ts(T0), ts(T0 + 3 * DAY + 1), LIST_WINDOW);
        assert_eq!(w.len(), 4);
        assert_eq!(w[3], (T0 + 3 * DAY, T0 + 3 * DAY + 1));
    }

    #[test]
    fn two_hours_in_30min_windows() {
        let w = split(ts(T0), ts(T0 + 7200), INCREMENT_WINDOW);
        assert_eq!(w.len(), 4);
        assert!(w.iter().all(|(a, b)| b - a == 1800));
        // Adjacent: each window starts where the last ended, so nothing falls between or twice.
        assert!(w.windows(2).all(|p| p[0].1 == p[1].0));
        assert_eq!((w[0].0, w[3].1), (T0, T0 + 7200));
    }

    #[test]
    fn edges() {
        assert!(split(ts(T0), ts(T0), LIST_WINDOW).is_empty());
        assert!(split(ts(T0 + 5), ts(T0), LIST_WINDOW).is_empty());
        assert_eq!(split(ts(T0), ts(T0 + 1), LIST_WINDOW), vec![(T0, T0 + 1)]);
        assert_eq!(
            split(ts(T0), ts(T0 + DAY), LIST_WINDOW),
            vec![(T0, T0 + DAY)]
        );
        // Sub-second ends round outward.
        let end = ts(T0 + 10)
            .checked_add(SignedDuration::from_millis(300))
            .unwrap();
        let start = ts(T0)
            .checked_add(SignedDuration::from_millis(700))
            .unwrap();
        assert_eq!(split(start, end, LIST_WINDOW), vec![(T0, T0 + 11)]);
        assert!(split(ts(T0), ts(T0 + 5), SignedDuration::from_millis(10)).is_empty());
    }
}
