//! Notes and flags through the journal, read-compare-write: the order's note is read fresh before anything
//! is written, a flag change sends that note back byte for byte, and an edit over a changed note is stopped.

use super::error::{OpError, failed};
use super::policy::{ShipPolicy, with_retries};
use crate::api::{ApiError, Gateway};
use crate::domain::note::{Note, fingerprint};
use crate::domain::{Flag, NoteRequest, ValidationError, validate};
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
}

impl Edit {
    /// A flag key: the note stays as it is now, whatever the queue showed.
    pub fn flag(flag: Option<Flag>) -> Edit {
        Edit {
            text: None,
            tag: TagEdit::Colour(flag),
            seen: None,
        }
    }
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
    if req.note == current.raw && req.tag == now {
        return Ok(Outcome::Unchanged(current.clone()));
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
    match with_retries(policy, || {}, || gw.update_note(req)).await {
        Ok(()) => {
            journal.finish(id, OpOutcome::DONE)?;
            Ok(())
        }
        Err(e) => Err(failed(journal, id, e)),
    }
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

    #[test]
    fn the_operators_text_is_checked_the_gateways_is_not() {
        let cur = note(&"x".repeat(500), None, "");
        let long = Edit {
            text: Some("y".repeat(500)),
            tag: TagEdit::Keep,
            seen: Some(fingerprint(&cur.raw)),
        };
        assert!(matches!(
            plan(SN, &cur, &long),
            Err(ValidationError::NoteTooLong(500))
        ));
        let named = Edit {
            text: None,
            tag: TagEdit::Named(Flag::Red, "四个字符".into()),
            seen: None,
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
                Outcome::Conflict(_) => prop_assert!(false, "a flag alone never conflicts"),
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
            let edit = Edit { text: Some(mine.clone()), tag: TagEdit::Keep, seen: Some(fingerprint(&seen_raw)) };
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
            }
        }
    }
}
