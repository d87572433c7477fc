//! Notes and flags through the journal, read-compare-write: the order's note is read fresh before anything
//! is written, a flag change sends that note back byte for byte, and an edit over a changed note or flag
//! is stopped.

use super::error::{OpError, failed};
use super::outcome::write_outcome;
use super::policy::{ShipPolicy, with_retries};
use crate::api::{ApiError, Gateway};
use crate::domain::note::{Note, fingerprint};
use crate::domain::{Flag, NoteRequest, OrderRow, ValidationError, validate};
use crate::store::{Duplicates, Journal, NewOp, OpKind, OpOutcome};

/// What the operator asks of an order's flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagEdit {
    /// Leave the flag (and its name) as the gateway holds it now.
    Keep,
    /// This colour (or none), named as the gateway names it when the colour is unchanged, else by the colour.
    Colour(Option<Flag>),
    /// This colour with this name, as typed.
    Named(Flag, String),
}

/// A change to one order's note and flag, as the operator asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The operator's text; `None` keeps the gateway's current note byte for byte.
    pub text: Option<String>,
    pub tag: TagEdit,
    /// `fingerprint` of the raw note the operator saw: a new text over a note that has changed since is a
    /// conflict, shown before anything is sent. `None` (the CLI) writes over whatever is there.
    pub seen: Option<u64>,
    /// The flag the operator saw: a new flag over a flag that has changed since (to another than the one
    /// asked) is a conflict, shown before anything is sent. `None` (the CLI) writes over whatever is there.
    pub seen_flag: Option<SeenFlag>,
}

impl Edit {
    /// A flag set over whatever flag the gateway holds now; the note stays as it is now.
    pub fn flag(flag: Option<Flag>) -> Edit {
        Edit {
            text: None,
            tag: TagEdit::Colour(flag),
            seen: None,
            seen_flag: None,
        }
    }

    /// A flag key over the flag and note (`note::fingerprint`) the operator saw: the note stays as it is
    /// now, whatever the queue showed, but a flag that changed since stops the write
    /// (`Outcome::FlagChanged`).
    pub fn flag_over(flag: Option<Flag>, seen: SeenFlag, note_fingerprint: u64) -> Edit {
        Edit {
            seen: Some(note_fingerprint),
            seen_flag: Some(seen),
            ..Edit::flag(flag)
        }
    }

    /// A flag key over the row on screen.
    pub fn flag_over_row(flag: Option<Flag>, shown: &OrderRow) -> Edit {
        Edit::flag_over(flag, SeenFlag::of(shown), shown.remark_fingerprint())
    }
}

/// A flag as the operator saw it: its colour (`None`: no flag) and the name shown beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenFlag {
    pub flag: Option<Flag>,
    pub name: String,
}

impl SeenFlag {
    pub fn of(row: &OrderRow) -> SeenFlag {
        SeenFlag {
            flag: row.remark_tag,
            name: row.remark_tag_name.to_string(),
        }
    }

    /// The flag a note holds.
    pub fn of_note(n: &Note) -> SeenFlag {
        SeenFlag {
            flag: n.tag,
            name: n.tag_name.clone(),
        }
    }

    /// The name as a list or dialog says it: the shop's name, else the colour's own.
    pub fn name(&self) -> Option<&str> {
        self.flag.map(|f| match self.name.trim() {
            "" => f.name_zh(),
            n => n,
        })
    }

    /// The same flag: the same colour and the same name (an empty name is the colour's own), so that a
    /// gateway that leaves the name out does not look like another operator's change.
    pub fn same(&self, other: &SeenFlag) -> bool {
        self.flag == other.flag && self.name() == other.name()
    }
}

/// The flag of an order changed since the operator saw it, to another than the one they asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagChange {
    /// The note and flag the gateway holds now.
    pub now: Note,
    /// The flag the operator saw.
    pub seen: SeenFlag,
    /// The flag they asked for (`None`: no flag), named as it would have been sent.
    pub asked: Option<(Flag, String)>,
    /// The note changed too (it is kept byte for byte by a flag write; shown so nothing surprises).
    pub note_changed: bool,
}

/// What a read-compare-write came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// This request was (or is to be) sent; its `note` is raw, as the gateway will hold it.
    Send(NoteRequest),
    /// Nothing to send: the gateway already holds this note and flag.
    Unchanged(Note),
    /// The note changed since the operator saw it: nothing was sent; here is the current one.
    Conflict(Note),
    /// The flag changed since the operator saw it, to another than the one asked: nothing was sent.
    FlagChanged(Box<FlagChange>),
}

/// The rule, without I/O: what to send for `edit` given the note the gateway holds now.
pub fn plan(order_sn: &str, current: &Note, edit: &Edit) -> Result<Outcome, ValidationError> {
    let sn = validate::order_sn(order_sn)?;
    if let (Some(text), Some(seen)) = (&edit.text, edit.seen)
        && *text != current.raw
        && seen != fingerprint(&current.raw)
    {
        return Ok(Outcome::Conflict(current.clone()));
    }
    let name_of = |f: Flag| {
        if current.tag == Some(f) {
            validate::tag_name(&current.tag_name).unwrap_or_else(|_| f.name_zh().to_string())
        } else {
            f.name_zh().to_string()
        }
    };
    let tag = match &edit.tag {
        TagEdit::Keep => current.tag.map(|f| (f, name_of(f))),
        TagEdit::Colour(flag) => flag.map(|f| (f, name_of(f))),
        TagEdit::Named(f, name) => Some((*f, validate::tag_name(name)?)),
    };
    let req = match &edit.text {
        // The operator's own text is checked like any input.
        Some(text) => {
            let (code, name) = match &tag {
                Some((f, n)) => (Some(i64::from(f.code())), Some(n.as_str())),
                None => (None, None),
            };
            validate::note(sn, text, code, name)?
        }
        // The gateway's own note goes back as it is, however long and whatever it holds.
        None => NoteRequest {
            order_sn: sn.to_string(),
            note: current.raw.clone(),
            tag,
        },
    };
    let now = current
        .tag
        .map(|f| (f, current.tag_name.trim().to_string()));
    // The flag asked is the one it holds now: the colour asked (under whatever name), or the same name.
    let asked_now = match &edit.tag {
        TagEdit::Keep => true,
        TagEdit::Colour(flag) => *flag == current.tag,
        TagEdit::Named(..) => req.tag == now,
    };
    if req.note == current.raw && (req.tag == now || asked_now) {
        return Ok(Outcome::Unchanged(current.clone()));
    }
    // A new flag over a flag someone else set since: theirs is not overwritten unseen. Asking for the
    // flag it holds now is no conflict (sent only if the text changed), nor is keeping it.
    if let Some(seen) = &edit.seen_flag
        && !asked_now
        && !seen.same(&SeenFlag::of_note(current))
    {
        return Ok(Outcome::FlagChanged(Box::new(FlagChange {
            now: current.clone(),
            seen: seen.clone(),
            asked: req.tag,
            note_changed: edit.seen.is_some_and(|s| s != fingerprint(&current.raw)),
        })));
    }
    Ok(Outcome::Send(req))
}

/// The order's note and flag as the gateway holds them now. A gateway that cannot read one order cannot
/// say what a write would overwrite, so nothing is written through it.
pub async fn read_current(gw: &Gateway, order_sn: &str) -> Result<Note, ApiError> {
    if !gw.capabilities().detail {
        return Err(ApiError::Unsupported {
            gateway: gw.kind().name(),
            operation: "read an order's note",
        });
    }
    gw.order_detail(order_sn).await.map(|o| Note::of(&o))
}

/// Reads the current note, plans `edit` over it and sends what the plan says, journalled.
pub async fn write_checked(
    gw: &Gateway,
    journal: &Journal,
    order_sn: &str,
    edit: &Edit,
) -> Result<Outcome, OpError> {
    if !gw.capabilities().note {
        return Err(OpError::Api(ApiError::Unsupported {
            gateway: gw.kind().name(),
            operation: "update notes",
        }));
    }
    let current = read_current(gw, order_sn).await?;
    let out = plan(order_sn, &current, edit)?;
    if let Outcome::Send(req) = &out {
        note_with(gw, journal, req, &ShipPolicy::default()).await?;
    }
    Ok(out)
}

/// Updates a note (and its flag), journalled, with the workstation's policy.
pub async fn update_note_journaled(
    gw: &Gateway,
    journal: &Journal,
    req: &NoteRequest,
) -> Result<(), OpError> {
    note_with(gw, journal, req, &ShipPolicy::default()).await
}

pub async fn note_with(
    gw: &Gateway,
    journal: &Journal,
    req: &NoteRequest,
    policy: &ShipPolicy,
) -> Result<(), OpError> {
    if !gw.capabilities().note {
        // Refused without a request (the gateway has no note call): nothing to journal.
        return Err(gw
            .update_note(req)
            .await
            .err()
            .unwrap_or(ApiError::Unsupported {
                gateway: gw.kind().name(),
                operation: "update a note",
            })
            .into());
    }
    let (tag, tag_name) = match &req.tag {
        Some((flag, name)) => (Some(flag.code()), Some(name.clone())),
        None => (None, None),
    };
    let op = NewOp {
        kind: OpKind::Note,
        order_sn: req.order_sn.clone(),
        logistics_id: None,
        number: None,
        params: serde_json::json!({ "note": req.note, "tag": tag, "tag_name": tag_name }),
    };
    let id = journal.begin(&op, Duplicates::Allow)?;
    if let Err(e) = with_retries(policy, || {}, || gw.update_note(req)).await {
        return Err(failed(journal, id, e).await);
    }
    // Applied: the outcome waits for a journal that dropped the connection or restarted; one that stays
    // away leaves the intent pending, and `journal --reconcile` reads the note back (never resends it).
    write_outcome(journal, || journal.finish(id, OpOutcome::DONE))
        .await
        .map_err(|e| {
            tracing::error!(order_sn = %req.order_sn, id, error = %e, "the outcome of a note sent cannot be journalled");
            OpError::Unrecorded {
                order_sn: req.order_sn.clone(),
                kind: OpKind::Note,
                number: None,
                cause: e.to_string(),
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SN: &str = "210317-001532562392221";

    fn note(raw: &str, tag: Option<Flag>, name: &str) -> Note {
        Note {
            raw: raw.into(),
            tag,
            tag_name: name.into(),
        }
    }

    fn sent(out: Outcome) -> NoteRequest {
        match out {
            Outcome::Send(r) => r,
            other => panic!("expected a request, got {other:?}"),
        }
    }

    #[test]
    fn a_flag_keeps_the_raw_note_and_the_colours_own_name() {
        let raw = format!("a\nb\tc\x1b[2J{}", "长".repeat(1200));
        let cur = note(&raw, Some(Flag::Red), "急");
        let r = sent(plan(SN, &cur, &Edit::flag(Some(Flag::Green))).unwrap());
        assert_eq!(r.note, raw);
        assert_eq!(r.tag, Some((Flag::Green, "绿色".into())));
        // The same colour keeps the name the shop gave it; clearing sends no tag.
        let same = plan(SN, &cur, &Edit::flag(Some(Flag::Red))).unwrap();
        assert_eq!(same, Outcome::Unchanged(cur.clone()));
        let cleared = sent(plan(SN, &cur, &Edit::flag(None)).unwrap());
        assert_eq!((cleared.note.as_str(), cleared.tag), (raw.as_str(), None));
    }

    #[test]
    fn a_new_text_over_a_changed_note_is_a_conflict() {
        let seen = fingerprint("old");
        let cur = note("backend wrote this", Some(Flag::Blue), "蓝色");
        let edit = Edit {
            text: Some("mine".into()),
            tag: TagEdit::Keep,
            seen: Some(seen),
            seen_flag: None,
        };
        assert_eq!(
            plan(SN, &cur, &edit).unwrap(),
            Outcome::Conflict(cur.clone())
        );
        // Sending anyway (the operator has now seen it) keeps the flag the gateway holds.
        let anyway = Edit {
            seen: Some(fingerprint(&cur.raw)),
            ..edit.clone()
        };
        let r = sent(plan(SN, &cur, &anyway).unwrap());
        assert_eq!(r.note, "mine");
        assert_eq!(r.tag, Some((Flag::Blue, "蓝色".into())));
        // Typing exactly what is there now is no conflict, and nothing to send.
        let same = Edit {
            text: Some(cur.raw.clone()),
            ..edit
        };
        assert_eq!(plan(SN, &cur, &same).unwrap(), Outcome::Unchanged(cur));
    }

    fn seen(flag: Option<Flag>, name: &str) -> Option<SeenFlag> {
        Some(SeenFlag {
            flag,
            name: name.into(),
        })
    }

    #[test]
    fn a_flag_over_a_flag_changed_since_it_was_shown_is_a_conflict() {
        // The queue showed red over "old"; since then the backend set blue and wrote a new note.
        let cur = note("backend\nnote", Some(Flag::Blue), "蓝色");
        let edit = Edit {
            seen: Some(fingerprint("old")),
            seen_flag: seen(Some(Flag::Red), "急"),
            ..Edit::flag(Some(Flag::Yellow))
        };
        let conflict = FlagChange {
            now: cur.clone(),
            seen: seen(Some(Flag::Red), "急").unwrap(),
            asked: Some((Flag::Yellow, "黄色".into())),
            note_changed: true,
        };
        assert_eq!(
            plan(SN, &cur, &edit).unwrap(),
            Outcome::FlagChanged(Box::new(conflict))
        );
        // Clearing it is a change of flag too.
        let clear = Edit {
            tag: TagEdit::Colour(None),
            ..edit.clone()
        };
        assert!(
            matches!(plan(SN, &cur, &clear).unwrap(), Outcome::FlagChanged(c) if c.asked.is_none())
        );
        // Asking for the colour it holds now: nothing to send, nothing to ask.
        let blue = Edit {
            tag: TagEdit::Colour(Some(Flag::Blue)),
            ..edit.clone()
        };
        assert_eq!(
            plan(SN, &cur, &blue).unwrap(),
            Outcome::Unchanged(cur.clone())
        );
        // The CLI (nothing seen) writes over it, the note kept byte for byte.
        let r = sent(plan(SN, &cur, &Edit::flag(Some(Flag::Yellow))).unwrap());
        assert_eq!(
            (r.note.as_str(), r.tag),
            ("backend\nnote", Some((Flag::Yellow, "黄色".into())))
        );
        // Having now seen blue, the operator's yellow goes out.
        let anyway = Edit {
            seen_flag: Some(SeenFlag::of_note(&cur)),
            ..edit
        };
        assert_eq!(sent(plan(SN, &cur, &anyway).unwrap()).note, "backend\nnote");
    }

    #[test]
    fn a_note_changed_under_an_unchanged_flag_is_kept_and_no_conflict() {
        let cur = note("written since", Some(Flag::Red), "");
        let edit = Edit {
            seen: Some(fingerprint("before")),
            // The queue showed red named as its colour; the gateway leaves the name out: the same flag.
            seen_flag: seen(Some(Flag::Red), "红色"),
            ..Edit::flag(Some(Flag::Green))
        };
        let r = sent(plan(SN, &cur, &edit).unwrap());
        assert_eq!(r.note, "written since");
        assert_eq!(r.tag, Some((Flag::Green, "绿色".into())));
    }

    #[test]
    fn a_flag_renamed_since_it_was_shown_is_another_flag() {
        let cur = note("", Some(Flag::Red), "退款");
        let edit = Edit {
            seen_flag: seen(Some(Flag::Red), "急"),
            ..Edit::flag(Some(Flag::Purple))
        };
        assert!(matches!(
            plan(SN, &cur, &edit).unwrap(),
            Outcome::FlagChanged(c) if !c.note_changed && c.seen.name == "急"
        ));
        // A flag where none was shown is a change too.
        let none_seen = Edit {
            seen_flag: seen(None, ""),
            ..edit
        };
        assert!(matches!(
            plan(SN, &cur, &none_seen).unwrap(),
            Outcome::FlagChanged(_)
        ));
    }

    #[test]
    fn the_operators_text_is_checked_the_gateways_is_not() {
        let cur = note(&"x".repeat(500), None, "");
        let long = Edit {
            text: Some("y".repeat(500)),
            tag: TagEdit::Keep,
            seen: Some(fingerprint(&cur.raw)),
            seen_flag: None,
        };
        assert!(matches!(
            plan(SN, &cur, &long),
            Err(ValidationError::NoteTooLong(500))
        ));
        let named = Edit {
            text: None,
            tag: TagEdit::Named(Flag::Red, "四个字符".into()),
            seen: None,
            seen_flag: None,
        };
        assert!(plan(SN, &cur, &named).is_err());
        assert!(sent(plan(SN, &cur, &Edit::flag(Some(Flag::Red))).unwrap()).note == cur.raw);
    }

    proptest! {
        /// Whatever the note holds and whatever the queue showed, a flag write sends the current raw note.
        #[test]
        fn a_flag_write_always_sends_the_raw_current_note(
            raw in any::<String>(),
            was in 0i64..6,
            to in 0i64..6,
            name in "\\PC{0,4}",
            seen in any::<Option<u64>>(),
        ) {
            let cur = note(&raw, Flag::from_code(was), &name);
            let edit = Edit { seen, ..Edit::flag(Flag::from_code(to)) };
            match plan(SN, &cur, &edit).unwrap() {
                Outcome::Send(r) => {
                    prop_assert_eq!(&r.note, &raw);
                    prop_assert_eq!(r.tag.map(|t| t.0), Flag::from_code(to));
                }
                Outcome::Unchanged(n) => {
                    prop_assert_eq!(n, cur);
                    prop_assert_eq!(Flag::from_code(was), Flag::from_code(to));
                }
                other => prop_assert!(false, "a flag over nothing seen never conflicts: {other:?}"),
            }
        }

        /// An edited text is sent only when the note is still the one the operator saw (or equals theirs).
        #[test]
        fn an_edit_is_sent_only_over_the_note_seen(
            seen_raw in "\\PC{0,20}",
            now_raw in "\\PC{0,20}",
            mine in "\\PC{0,20}",
        ) {
            let cur = note(&now_raw, None, "");
            let edit = Edit {
                text: Some(mine.clone()),
                tag: TagEdit::Keep,
                seen: Some(fingerprint(&seen_raw)),
                seen_flag: None,
            };
            let out = plan(SN, &cur, &edit).unwrap();
            match out {
                Outcome::Send(r) => {
                    prop_assert_eq!(&seen_raw, &now_raw);
                    prop_assert_eq!(r.note, mine);
                }
                Outcome::Unchanged(_) => prop_assert_eq!(&mine, &now_raw),
                Outcome::Conflict(n) => {
                    prop_assert_ne!(&seen_raw, &now_raw);
                    prop_assert_eq!(n.raw, now_raw);
                }
                Outcome::FlagChanged(c) => prop_assert!(false, "the flag was kept: {c:?}"),
            }
        }

        /// A flag key is sent only over the flag the operator saw, or when the order already holds the
        /// colour asked (then nothing is sent); whatever the note did, it is sent back raw.
        #[test]
        fn a_flag_is_sent_only_over_the_flag_seen(
            raw in "\\PC{0,8}",
            seen_code in 0i64..6,
            now_code in 0i64..6,
            to in 0i64..6,
            seen_name in prop::sample::select(vec!["", "急", "红色"]),
            now_name in prop::sample::select(vec!["", "急", "红色"]),
            note_changed: bool,
        ) {
            let cur = note(&raw, Flag::from_code(now_code), now_name);
            let seen = SeenFlag { flag: Flag::from_code(seen_code), name: seen_name.into() };
            let seen_raw = if note_changed { format!("{raw}+") } else { raw.clone() };
            let edit = Edit {
                seen: Some(fingerprint(&seen_raw)),
                seen_flag: Some(seen.clone()),
                ..Edit::flag(Flag::from_code(to))
            };
            let same = seen.same(&SeenFlag::of_note(&cur));
            match plan(SN, &cur, &edit).unwrap() {
                Outcome::Send(r) => {
                    prop_assert!(same, "sent over a flag not seen");
                    prop_assert_eq!(&r.note, &raw);
                    prop_assert_eq!(r.tag.map(|t| t.0), Flag::from_code(to));
                }
                Outcome::Unchanged(n) => {
                    prop_assert_eq!(n, cur);
                    prop_assert_eq!(Flag::from_code(now_code), Flag::from_code(to));
                }
                Outcome::FlagChanged(c) => {
                    prop_assert!(!same);
                    prop_assert_ne!(Flag::from_code(now_code), Flag::from_code(to));
                    prop_assert_eq!(c.now, cur);
                    prop_assert_eq!(c.seen, seen);
                    prop_assert_eq!(c.asked.map(|t| t.0), Flag::from_code(to));
                    prop_assert_eq!(c.note_changed, note_changed);
                }
                Outcome::Conflict(n) => prop_assert!(false, "a flag alone never conflicts on the note: {n:?}"),
            }
        }
    }
}
