//! The words for the plan's reasons and notes (`reconcile::reason`): one function per kind
//! of reason, used by every plan format, and the plan JSON's form of each (the words beside
//! the `reason_code` and the data).

use serde::ser::{Error as _, SerializeMap};
use serde::{Serialize, Serializer};

use crate::reconcile::attention::{Attention, Unsendable};
use crate::reconcile::name_lock::NAME_LOCK_SECS;
use crate::reconcile::placeholder::APP_PLACEHOLDER_PACKAGE;
use crate::reconcile::plan::{Break, Breaks, Drift, DriftCause, TopField};
use crate::reconcile::reason::{
    BlockReason, Explained, HoldReason, NewTemplateReason, Note, Notes, WordFields,
};
use crate::utc;

/// Said wherever an approved template is deleted (templates-api.md §2.5).
const NAME_LOCK_NOTE: &str = "the template is approved: once deleted, Meta locks its name \
    (in this language) for 30 days, so it cannot be created again under that name meanwhile";

/// What archiving does, said wherever a template is archived.
pub const ARCHIVE_NOTE: &str =
    "no longer sendable; unarchive within 28 days to restore it; no name lock";

/// Said wherever an update edits an APPROVED template (templates-api.md §2.4).
pub const APPROVED_EDIT_NOTE: &str = "uses one of this approved template's edits (Meta allows 1 \
    per 24 hours and 10 per 30 days; the template goes back to review)";

/// Why a change is blocked, and when or how it may unblock.
pub fn blocked(reason: &BlockReason) -> (String, String) {
    let new_name = |name: &str| format!("declare it under a new name such as `{name}`");
    match reason {
        BlockReason::InvalidFile { errors } => (
            format!("the file breaks Meta's rules: {}", errors.join("; ")),
            "fix the file (`wabactl validate` shows where)".into(),
        ),
        BlockReason::AppPlaceholder => (
            format!(
                "`supported_apps` still holds the placeholder app `{APP_PLACEHOLDER_PACKAGE}` that \
                 `import` wrote, because Meta does not return the app list"
            ),
            "put the real Android app's package_name and signature_hash in `supported_apps`".into(),
        ),
        BlockReason::UnreadableAccountCopy { error } => (
            format!("the account's copy cannot be read: {error}"),
            "when wabactl understands this template's shape; compare it by hand in WhatsApp \
             Manager meanwhile"
                .into(),
        ),
        BlockReason::InReview => (
            "the template is in review (up to 24 hours) and cannot be edited meanwhile".into(),
            "when review finishes: run plan again".into(),
        ),
        BlockReason::InAppeal => (
            "an appeal is in progress".into(),
            "when the appeal is decided".into(),
        ),
        BlockReason::Disabled { suggested_name } => (
            "the template is disabled (repeated quality issues); the API does not edit it".into(),
            format!(
                "appeal in WhatsApp Manager, or {}",
                new_name(suggested_name)
            ),
        ),
        BlockReason::LimitExceeded => (
            "the account is at its template limit".into(),
            "when templates are removed or the limit is raised".into(),
        ),
        BlockReason::Locked => (
            "Meta has locked the template against edits".into(),
            "when Meta unlocks it".into(),
        ),
        BlockReason::StatusNotEditable { status } => (
            format!("status {status} is not one Meta allows edits in (APPROVED, REJECTED, PAUSED)"),
            "when the status becomes APPROVED, REJECTED or PAUSED".into(),
        ),
        BlockReason::NotArchivable { status } => (
            format!("Meta archives only APPROVED and REJECTED templates; this one is {status}"),
            "when its status is APPROVED or REJECTED; or prune it with `--prune-mode delete` \
             (deleting an approved template locks its name for 30 days)"
                .into(),
        ),
        BlockReason::DisabledNotDeletable => (
            "Meta does not delete DISABLED templates".into(),
            "appeal in WhatsApp Manager, or leave it out of the prune scope".into(),
        ),
        BlockReason::NameLocked {
            frees_at,
            suggested_name,
        } => (
            format!(
                "the account's copy was deleted on {} while approved: Meta holds its name and \
                 language for 30 days, and a create fails meanwhile (error 2388023)",
                utc::minute(frees_at - NAME_LOCK_SECS)
            ),
            format!(
                "the name frees up on {}; or {}",
                utc::minute(*frees_at),
                new_name(suggested_name)
            ),
        ),
        BlockReason::BeingDeleted {
            frees_at,
            suggested_name,
        } => (
            "Meta is still deleting the account's copy (undelivered messages are retried for up \
             to 30 days) and refuses a new one with the same name and language meanwhile"
                .into(),
            match frees_at {
                Some(at) => format!(
                    "the name frees up on {}; or {}",
                    utc::minute(*at),
                    new_name(suggested_name)
                ),
                None => format!(
                    "when the deletion completes (up to 30 days); or {}",
                    new_name(suggested_name)
                ),
            },
        ),
    }
}

/// Why a change needs a new template.
pub fn needs_new_template(reason: &NewTemplateReason) -> String {
    match reason {
        NewTemplateReason::FrozenFields { frozen, .. } => {
            let fields: Vec<String> = frozen.iter().map(|p| format!("`{p}`")).collect();
            let approved = frozen.iter().any(|p| p.top() == TopField::Category);
            format!(
                "{} cannot change on an existing template{}: declare the changed template under a \
                 new name, switch senders to it, then remove the old one (deleting first would \
                 lock the old name for 30 days)",
                fields.join(" and "),
                if approved { " once it is approved" } else { "" }
            )
        }
    }
}

/// Why a promoted change waits.
pub fn held(reason: &HoldReason) -> String {
    match reason {
        HoldReason::NotPlannedThere { from } => {
            format!("not planned on `{from}`: it does not receive this template")
        }
        HoldReason::NotThereYet { from } => format!("not on `{from}` yet: create it there first"),
        HoldReason::OtherVersionThere { from, .. } => {
            format!("`{from}` holds another version: apply the files there first")
        }
        HoldReason::NotApprovedThere { from, from_status } => {
            format!("not approved on `{from}` yet ({from_status})")
        }
    }
}

/// What Meta did to a template's category.
pub fn drift(drift: &Drift) -> String {
    let (file, remote) = (&drift.file_category, &drift.remote_category);
    match (drift.cause, &drift.correct_category) {
        (DriftCause::CategoryMoving, Some(correct)) => format!(
            "Meta is moving this template from {remote} to {correct}; set `category: {correct}` \
             in the file to accept it"
        ),
        _ => format!(
            "Meta re-categorised this template from {file} to {remote}; the category of an \
             approved template cannot be changed back: set `category: {remote}` in the file to \
             accept it"
        ),
    }
}

/// Why a declared template cannot be sent, and what to do.
pub fn attention(item: &Attention) -> (String, String) {
    let name = &item.name;
    match item.cause {
        Unsendable::Rejected => (
            match &item.rejected_reason {
                Some(why) => format!("Meta rejected it ({why}); the file is what was rejected"),
                None => "Meta rejected it; the file is what was rejected".to_owned(),
            },
            "edit the file to address the reason and apply (a rejected template can be \
             edited), or appeal in WhatsApp Manager"
                .to_owned(),
        ),
        Unsendable::Paused => (
            "Meta paused it for low quality (user feedback); sends fail until the pause lifts"
                .to_owned(),
            format!(
                "review the feedback in WhatsApp Manager; the pause lifts on its own (3 h, then \
                 6 h), or `wabactl unpause {name}` lifts it once Meta allows; a third pause \
                 disables the template"
            ),
        ),
        Unsendable::Disabled => (
            "Meta disabled it after repeated quality issues; it cannot be sent".to_owned(),
            "appeal in WhatsApp Manager, or declare it under a new name".to_owned(),
        ),
        Unsendable::InAppeal => (
            "an appeal is in progress; it cannot be sent meanwhile".to_owned(),
            "wait for the appeal's decision".to_owned(),
        ),
        Unsendable::LimitExceeded => (
            "the account is over its template limit; it cannot be sent".to_owned(),
            "remove unused templates or ask Meta to raise the limit".to_owned(),
        ),
    }
}

/// One way an update breaks current senders.
pub fn send_break(what: &Break) -> String {
    match what {
        Break::CardCount { before, after } => format!(
            "the carousel goes from {before} to {after} cards: a send must carry exactly as many \
             cards as the template has"
        ),
        Break::ParameterChanged {
            key,
            before_kind,
            before_place,
            after_kind,
            after_place,
        } => format!(
            "`{key}` changes from {before_kind} ({before_place}) to {after_kind} ({after_place})"
        ),
        Break::ParameterMoved {
            key,
            before_place,
            after_place,
        } => format!("`{key}` moves from {before_place} to {after_place}"),
        Break::ParameterGone { key, kind, place } => format!(
            "`{key}` ({kind}, {place}) is no longer a parameter: senders that give it are refused"
        ),
        Break::ParameterNew { key, kind, place } => {
            format!("`{key}` ({kind}, {place}) is new and required: current senders do not give it")
        }
    }
}

/// The words of each way an update breaks senders, in order.
pub fn send_breaks(breaks: &Breaks) -> Vec<String> {
    breaks.list.iter().map(send_break).collect()
}

/// A note on a change.
pub fn note(note: &Note) -> String {
    match note {
        Note::DeletedNameMayBeHeld {
            name,
            suggested_name,
        } => format!(
            "a deleted template named `{name}` is on the account: if it was approved, Meta holds \
             the name for up to 30 days and the create fails (error 2388023); then declare it \
             under a new name such as `{suggested_name}`"
        ),
        Note::ApprovedDeleteLocksName => NAME_LOCK_NOTE.to_owned(),
        Note::RestNeedsNewTemplate { then } => format!(
            "after the unarchive, the rest needs a new template: {}",
            needs_new_template(then)
        ),
        Note::RestBlocked { then } => format!(
            "after the unarchive, the rest is blocked: {}",
            blocked(then).0
        ),
    }
}

/// The words of a change's notes, in order.
pub fn notes(notes: &Notes) -> Vec<String> {
    notes.list.iter().map(note).collect()
}

/// The words of one reason as the plan JSON writes them, in the order of its
/// [`WordFields::WORDS`] (`reason`, then `unblock` for a block; `message` for drift).
pub trait Words: WordFields {
    fn words(&self) -> Vec<String>;
}

impl Words for BlockReason {
    fn words(&self) -> Vec<String> {
        let (reason, unblock) = blocked(self);
        vec![reason, unblock]
    }
}

impl Words for NewTemplateReason {
    fn words(&self) -> Vec<String> {
        vec![needs_new_template(self)]
    }
}

impl Words for HoldReason {
    fn words(&self) -> Vec<String> {
        vec![held(self)]
    }
}

impl Words for Attention {
    fn words(&self) -> Vec<String> {
        let (reason, action) = attention(self);
        vec![reason, action]
    }
}

impl Words for Drift {
    fn words(&self) -> Vec<String> {
        vec![drift(self)]
    }
}

/// The data's fields (`reason_code` excepted), then the first word field, `reason_code` and
/// the other word fields: the words sit where the plan JSON has always had them.
impl<T: Serialize + Words> Serialize for Explained<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let data = serde_json::to_value(&self.0).map_err(S::Error::custom)?;
        let serde_json::Value::Object(data) = data else {
            return Err(S::Error::custom("a reason is written as an object"));
        };
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in data.iter().filter(|(key, _)| *key != "reason_code") {
            map.serialize_entry(key, value)?;
        }
        for (index, ((field, _), words)) in T::WORDS.iter().zip(self.0.words()).enumerate() {
            map.serialize_entry(field, &words)?;
            if index == 0 {
                map.serialize_entry("reason_code", &data["reason_code"])?;
            }
        }
        map.end()
    }
}

/// `reasons` (the words, always written) and `breaks` (the data, left out when empty).
impl Serialize for Breaks {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("reasons", &send_breaks(self))?;
        if !self.list.is_empty() {
            map.serialize_entry("breaks", &self.list)?;
        }
        map.end()
    }
}

/// `notes` (the words) and `note_reasons` (the data), both left out when there are none.
impl Serialize for Notes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if !self.list.is_empty() {
            let words: Vec<String> = self.list.iter().map(note).collect();
            map.serialize_entry("notes", &words)?;
            map.serialize_entry("note_reasons", &self.list)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::graph::RemoteStatus;
    use crate::reconcile::plan::{Action, DeleteRequest, FieldPath, Kind};
    use crate::reconcile::reason::ReasonCode;

    const FROZEN: fn() -> NewTemplateReason = || NewTemplateReason::FrozenFields {
        frozen: vec![FieldPath::from("category")],
        suggested_name: "promo_v2".into(),
    };

    fn block_reasons() -> Vec<BlockReason> {
        vec![
            BlockReason::InvalidFile {
                errors: vec!["body-length: too long".into(), "name-format: bad".into()],
            },
            BlockReason::AppPlaceholder,
            BlockReason::UnreadableAccountCopy {
                error: "unknown component".into(),
            },
            BlockReason::InReview,
            BlockReason::InAppeal,
            BlockReason::Disabled {
                suggested_name: "promo_v2".into(),
            },
            BlockReason::LimitExceeded,
            BlockReason::Locked,
            BlockReason::StatusNotEditable {
                status: RemoteStatus::Other("FLAGGED".into()),
            },
            BlockReason::NotArchivable {
                status: RemoteStatus::Pending,
            },
            BlockReason::DisabledNotDeletable,
            BlockReason::NameLocked {
                frees_at: 1_796_079_472 + NAME_LOCK_SECS,
                suggested_name: "promo_v2".into(),
            },
            BlockReason::BeingDeleted {
                frees_at: None,
                suggested_name: "promo_v2".into(),
            },
        ]
    }

    fn hold_reasons() -> Vec<HoldReason> {
        let from = || "staging".to_owned();
        vec![
            HoldReason::NotPlannedThere { from: from() },
            HoldReason::NotThereYet { from: from() },
            HoldReason::OtherVersionThere {
                from: from(),
                from_status: RemoteStatus::Approved,
            },
            HoldReason::NotApprovedThere {
                from: from(),
                from_status: RemoteStatus::Pending,
            },
        ]
    }

    fn notes() -> Vec<Note> {
        vec![
            Note::DeletedNameMayBeHeld {
                name: "promo".into(),
                suggested_name: "promo_v2".into(),
            },
            Note::ApprovedDeleteLocksName,
            Note::RestNeedsNewTemplate { then: FROZEN() },
            Note::RestBlocked {
                then: BlockReason::InReview,
            },
        ]
    }

    /// One action for every reason and note.
    fn actions() -> Vec<Action> {
        let mut actions: Vec<Action> = block_reasons()
            .into_iter()
            .map(|reason| Action::Blocked {
                wanted: Kind::Update,
                why: Explained(reason),
                fields: Vec::new(),
            })
            .collect();
        actions.extend(hold_reasons().into_iter().map(|reason| Action::Held {
            wanted: Kind::Create,
            why: Explained(reason),
        }));
        actions.push(Action::NeedsNewTemplate {
            fields: Vec::new(),
            why: Explained(FROZEN()),
        });
        for (cause, correct) in [
            (DriftCause::CategoryMoving, Some("UTILITY".to_owned())),
            (DriftCause::Recategorised, None),
        ] {
            actions.push(Action::Drift {
                drift: Explained(Drift {
                    file_category: "UTILITY".into(),
                    remote_category: "MARKETING".into(),
                    previous_category: None,
                    correct_category: correct,
                    cause,
                }),
            });
        }
        actions.push(Action::Delete {
            request: DeleteRequest {
                hsm_id: "1".into(),
                name: "promo".into(),
            },
            notes: notes().into(),
        });
        actions
    }

    fn attentions() -> Vec<Explained<Attention>> {
        [
            (Unsendable::Rejected, RemoteStatus::Rejected),
            (Unsendable::Paused, RemoteStatus::Paused),
            (Unsendable::Disabled, RemoteStatus::Disabled),
            (Unsendable::InAppeal, RemoteStatus::InAppeal),
            (Unsendable::LimitExceeded, RemoteStatus::LimitExceeded),
        ]
        .into_iter()
        .map(|(cause, status)| {
            Explained(Attention {
                name: "promo".into(),
                language: "en".into(),
                rejected_reason: (status == RemoteStatus::Rejected).then(|| "PROMOTIONAL".into()),
                status,
                cause,
            })
        })
        .collect()
    }

    fn breaks() -> Breaks {
        let key = || "body.1".to_owned();
        let place = || "body".to_owned();
        vec![
            Break::CardCount {
                before: 2,
                after: 3,
            },
            Break::ParameterChanged {
                key: key(),
                before_kind: "text".into(),
                before_place: place(),
                after_kind: "image".into(),
                after_place: "header".into(),
            },
            Break::ParameterMoved {
                key: key(),
                before_place: place(),
                after_place: "footer".into(),
            },
            Break::ParameterGone {
                key: key(),
                kind: "text".into(),
                place: place(),
            },
            Break::ParameterNew {
                key: key(),
                kind: "text".into(),
                place: place(),
            },
        ]
        .into()
    }

    fn codes_of(action: &Action) -> Vec<ReasonCode> {
        match action {
            Action::Blocked { why, .. } => vec![why.code()],
            Action::Held { why, .. } => vec![why.code()],
            Action::NeedsNewTemplate { why, .. } => vec![why.code()],
            Action::Drift { drift } => vec![drift.code()],
            Action::Delete { notes, .. } => notes.list.iter().map(Note::code).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn reasons_are_worded_as_the_plan_has_always_said_them() {
        assert_eq!(
            blocked(&BlockReason::InReview),
            (
                "the template is in review (up to 24 hours) and cannot be edited meanwhile".into(),
                "when review finishes: run plan again".into()
            )
        );
        let (reason, unblock) = blocked(&block_reasons()[11]);
        assert_eq!(
            reason,
            "the account's copy was deleted on 2026-11-30 22:57 UTC while approved: Meta holds \
             its name and language for 30 days, and a create fails meanwhile (error 2388023)"
        );
        assert_eq!(
            unblock,
            "the name frees up on 2026-12-30 22:57 UTC; or declare it under a new name such as \
             `promo_v2`"
        );
        assert_eq!(
            blocked(&block_reasons()[0]).0,
            "the file breaks Meta's rules: body-length: too long; name-format: bad"
        );
        assert_eq!(
            blocked(&block_reasons()[8]).0,
            "status FLAGGED is not one Meta allows edits in (APPROVED, REJECTED, PAUSED)"
        );
        assert_eq!(
            needs_new_template(&FROZEN()),
            "`category` cannot change on an existing template once it is approved: declare the \
             changed template under a new name, switch senders to it, then remove the old one \
             (deleting first would lock the old name for 30 days)"
        );
        let two = NewTemplateReason::FrozenFields {
            frozen: vec!["parameter_format".into(), "sub_category".into()],
            suggested_name: "x".into(),
        };
        assert!(needs_new_template(&two).starts_with(
            "`parameter_format` and `sub_category` cannot change on an existing template: "
        ));
        assert_eq!(
            held(&hold_reasons()[3]),
            "not approved on `staging` yet (PENDING)"
        );
        assert_eq!(
            note(&notes()[3]),
            "after the unarchive, the rest is blocked: the template is in review (up to 24 hours) \
             and cannot be edited meanwhile"
        );
        assert_eq!(note(&notes()[1]), NAME_LOCK_NOTE);
        let drifts: Vec<String> = actions()
            .iter()
            .filter_map(|a| match a {
                Action::Drift { drift: d } => Some(drift(d)),
                _ => None,
            })
            .collect();
        assert_eq!(
            drifts,
            [
                "Meta is moving this template from MARKETING to UTILITY; set `category: UTILITY` \
                 in the file to accept it",
                "Meta re-categorised this template from UTILITY to MARKETING; the category of an \
                 approved template cannot be changed back: set `category: MARKETING` in the file \
                 to accept it"
            ]
        );
    }

    #[test]
    fn the_json_holds_words_code_and_data_and_reads_back() {
        for action in actions() {
            let json = serde_json::to_value(&action).unwrap();
            let back: Action = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(back, action, "{json}");
            match &action {
                Action::Blocked { why, .. } => {
                    let (reason, unblock) = blocked(why);
                    assert_eq!(json["reason"], reason);
                    assert_eq!(json["unblock"], unblock);
                    assert_eq!(json["reason_code"], why.code().as_str());
                }
                Action::Held { why, .. } => {
                    assert_eq!(json["reason"], held(why));
                    assert_eq!(json["reason_code"], why.code().as_str());
                    assert_eq!(json["from"], "staging");
                }
                Action::NeedsNewTemplate { why, .. } => {
                    assert_eq!(json["reason"], needs_new_template(why));
                    assert_eq!(json["reason_code"], "frozen_fields");
                    assert_eq!(json["frozen"], serde_json::json!(["category"]));
                }
                Action::Drift { drift: d } => {
                    assert_eq!(json["drift"]["message"], drift(d));
                    assert_eq!(json["drift"]["reason_code"], d.code().as_str());
                }
                Action::Delete { notes, .. } => {
                    let words: Vec<String> = notes.list.iter().map(note).collect();
                    assert_eq!(json["notes"], serde_json::json!(words));
                    let codes: Vec<&str> = notes.list.iter().map(|n| n.code().as_str()).collect();
                    let written: Vec<&str> = json["note_reasons"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|n| n["reason_code"].as_str().unwrap())
                        .collect();
                    assert_eq!(written, codes);
                }
                other => panic!("no reason in {other:?}"),
            }
        }
        for item in attentions() {
            let json = serde_json::to_value(&item).unwrap();
            let (reason, action) = attention(&item);
            assert_eq!(json["reason"], reason);
            assert_eq!(json["action"], action);
            assert_eq!(json["reason_code"], item.code().as_str());
            let back: Explained<Attention> = serde_json::from_value(json).unwrap();
            assert_eq!(back, item);
        }
        assert_eq!(
            attention(&attentions()[0]).0,
            "Meta rejected it (PROMOTIONAL); the file is what was rejected"
        );
        let json = serde_json::to_value(breaks()).unwrap();
        assert_eq!(json["reasons"], serde_json::json!(send_breaks(&breaks())));
        assert_eq!(json["breaks"][1]["reason_code"], "parameter_changed");
        assert_eq!(
            serde_json::from_value::<Breaks>(json).unwrap(),
            breaks(),
            "breaks read back"
        );
        let none = serde_json::to_value(Breaks::default()).unwrap();
        assert_eq!(
            none,
            serde_json::json!({"reasons": []}),
            "as before: an empty list"
        );
        assert_eq!(
            send_break(&breaks().list[1]),
            "`body.1` changes from text (body) to image (header)"
        );
        // No notes: neither field is written.
        let bare = Action::Delete {
            request: DeleteRequest {
                hsm_id: "1".into(),
                name: "promo".into(),
            },
            notes: Notes::default(),
        };
        let json = serde_json::to_value(&bare).unwrap();
        assert!(json.get("notes").is_none() && json.get("note_reasons").is_none());
    }

    #[test]
    fn every_code_is_produced_and_documented() {
        let mut produced: HashSet<ReasonCode> = actions().iter().flat_map(codes_of).collect();
        produced.extend(attentions().iter().map(|a| a.code()));
        produced.extend(breaks().list.iter().map(Break::code));
        let all: HashSet<ReasonCode> = ReasonCode::ALL.iter().copied().collect();
        assert_eq!(produced, all);
        let codes: HashSet<&str> = ReasonCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(codes.len(), ReasonCode::ALL.len(), "codes are unique");

        let doc =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/plan-reasons.md"))
                .unwrap();
        let rows: Vec<&str> = doc
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|rest| rest.split('`').next())
            .collect();
        let documented: HashSet<&str> = rows.iter().copied().collect();
        assert_eq!(documented, codes, "docs/plan-reasons.md lists every code");
        assert_eq!(
            rows.len(),
            codes.len(),
            "docs/plan-reasons.md lists each code once"
        );
    }
}
