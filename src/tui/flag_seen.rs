//! Which flag the operator has seen on a row. A flag key carries it (`ops::note::Edit::seen_flag`), so a
//! flag that changed elsewhere is shown to the operator instead of overwritten. A change that arrives from
//! elsewhere (a teammate's write, a refresh, a fresh read of the order) is on screen only after the next
//! draw, and a key typed just before that draw, or within a reaction time after it, was meant for the flag
//! shown before. So for `REACT` after such a change a key is taken over the flag the row showed before
//! it: if the new flag differs, the operator sees both before anything is sent.

use crate::domain::OrderRow;
use crate::ops::note::SeenFlag;
use jiff::{SignedDuration, Timestamp};
use std::collections::HashMap;

/// How long after a change from elsewhere a key is still taken as meant for the flag before it: longer
/// than a keystroke already in flight plus a person's reaction to what changed on screen (about 0.25 s),
/// with the tick's granularity (0.25 s) on top.
pub const REACT: SignedDuration = SignedDuration::from_secs(1);

/// The flag and note fingerprint of rows changed from elsewhere within `REACT`, as they were before.
#[derive(Debug, Clone, Default)]
pub struct FlagSeen {
    before: HashMap<String, Shown>,
}

#[derive(Debug, Clone)]
struct Shown {
    flag: SeenFlag,
    fingerprint: u64,
    at: Timestamp,
}

impl FlagSeen {
    /// `row` (as shown until now) is about to change from elsewhere at `now`. Within a burst the first
    /// copy is kept: that is the one on screen.
    pub fn changing(&mut self, row: &OrderRow, now: Timestamp) {
        let fresh = |s: &Shown| now.duration_since(s.at) < REACT;
        match self.before.get(row.order_sn.as_str()) {
            Some(s) if fresh(s) => {}
            _ => {
                self.before.insert(
                    row.order_sn.to_string(),
                    Shown {
                        flag: SeenFlag::of(row),
                        fingerprint: row.remark_fingerprint(),
                        at: now,
                    },
                );
            }
        }
    }

    /// The flag and note fingerprint a key pressed at `now` over `row` was meant for.
    pub fn seen(&self, row: &OrderRow, now: Timestamp) -> (SeenFlag, u64) {
        match self.before.get(row.order_sn.as_str()) {
            Some(s) if now.duration_since(s.at) < REACT => (s.flag.clone(), s.fingerprint),
            _ => (SeenFlag::of(row), row.remark_fingerprint()),
        }
    }

    /// Forgets what is past `REACT` (each tick).
    pub fn expire(&mut self, now: Timestamp) {
        if !self.before.is_empty() {
            self.before.retain(|_, s| now.duration_since(s.at) < REACT);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.before.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Flag;

    fn row(sn: &str, flag: Option<Flag>) -> OrderRow {
        let order = crate::tui::testdata::orders().remove(0);
        let mut r = OrderRow::new(&order, &mut Default::default());
        r.order_sn = sn.into();
        r.remark_tag = flag;
        r.remark_tag_name = Default::default();
        r
    }

    fn at(ms: i64) -> Timestamp {
        Timestamp::UNIX_EPOCH + SignedDuration::from_millis(1_700_000_000_000 + ms)
    }

    #[test]
    fn a_key_within_the_reaction_time_is_taken_over_the_flag_before_the_change() {
        let mut seen = FlagSeen::default();
        let red = row("a", Some(Flag::Red));
        let blue = row("a", Some(Flag::Blue));
        seen.changing(&red, at(0));
        // A second change in the same burst keeps the copy that was on screen.
        seen.changing(&blue, at(300));
        let yellow = row("a", Some(Flag::Yellow));
        assert_eq!(seen.seen(&yellow, at(900)).0.flag, Some(Flag::Red));
        // Past the reaction time, the row as it is now.
        assert_eq!(seen.seen(&yellow, at(1_000)).0.flag, Some(Flag::Yellow));
        // Another order is not affected.
        let other = row("b", None);
        assert_eq!(seen.seen(&other, at(100)).0.flag, None);
        seen.expire(at(999));
        assert!(!seen.is_empty());
        seen.expire(at(1_000));
        assert!(seen.is_empty());
        // After it expired, a new change starts a new window from the row shown then.
        seen.changing(&yellow, at(5_000));
        assert_eq!(seen.seen(&red, at(5_500)).0.flag, Some(Flag::Yellow));
    }
}
