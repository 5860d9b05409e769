//! A saved plan (`plan --out FILE`): reading it back, and whether it may still be applied,
//! intact, to the same account, in the same state.

use std::path::Path;

use super::plan::{Action, FORMAT_VERSION, Kind, Plan};
use super::plan_set::{PlanSet, SET_FORMAT_VERSION, SET_KIND};

/// Reads a saved plan, refusing other format versions.
pub fn parse(text: &str) -> Result<Plan, PlanFileError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(PlanFileError::Json)?;
    let version = value
        .get("format_version")
        .and_then(serde_json::Value::as_u64);
    if version != Some(u64::from(FORMAT_VERSION)) {
        return Err(PlanFileError::Version(version));
    }
    serde_json::from_value(value).map_err(PlanFileError::Json)
}

/// Reads saved plans of several accounts, refusing other format versions.
pub fn parse_set(text: &str) -> Result<PlanSet, PlanFileError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(PlanFileError::Json)?;
    let version = value
        .get("format_version")
        .and_then(serde_json::Value::as_u64);
    if version != Some(u64::from(SET_FORMAT_VERSION)) {
        return Err(PlanFileError::Version(version));
    }
    let set: PlanSet = serde_json::from_value(value).map_err(PlanFileError::Json)?;
    for plan in set.plans() {
        if plan.format_version != FORMAT_VERSION {
            return Err(PlanFileError::Version(Some(u64::from(plan.format_version))));
        }
    }
    Ok(set)
}

/// Whether a JSON document holds the plans of several accounts (`"kind": "accounts"`).
pub fn is_set(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .is_ok_and(|v| v.get("kind").and_then(serde_json::Value::as_str) == Some(SET_KIND))
}

/// Whether a JSON document looks like a saved plan: one account's (the plan's `format_version`
/// and `fingerprint` keys, which template files cannot have), or several accounts'.
pub fn looks_like_plan(text: &str) -> bool {
    is_set(text)
        || serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|v| v.get("format_version").is_some() && v.get("fingerprint").is_some())
}

#[derive(Debug, thiserror::Error)]
pub enum PlanFileError {
    #[error("not a plan file: {0}")]
    Json(serde_json::Error),
    #[error(
        "plan format version {} is not supported (this wabactl reads version {}): run `wabactl plan --out` again",
        .0.map_or_else(|| "(none)".to_owned(), |v| v.to_string()),
        FORMAT_VERSION
    )]
    Version(Option<u64>),
}

/// Why a saved plan may not be applied here. Each says that nothing was changed.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SavedPlanRefusal {
    #[error(
        "the plan in {file} was changed after `wabactl plan --out` wrote it (its plan_digest does \
         not match its content): refusing to apply an edited plan. Make a new one with `wabactl \
         plan --out` and review that. Nothing was changed"
    )]
    Edited { file: String },
    #[error(
        "the plan in {file} was made for account {planned}, but this is account {here}: refusing \
         to apply it here. Choose the account with --account (or WHATSAPP_BUSINESS_ACCOUNT_ID), \
         or make a plan for this account. Nothing was changed"
    )]
    OtherAccount {
        file: String,
        planned: String,
        here: String,
    },
    #[error(
        "the plan in {file} does not say which account it was made for: run `wabactl plan --out` \
         again. Nothing was changed"
    )]
    NoAccount { file: String },
    #[error(
        "stale plan: the account changed since the plan was made; run `wabactl plan --out` again \
         (and review it). Nothing was changed"
    )]
    Stale,
    #[error(
        "the plan in {file} is not what the files here plan against the account now: {difference}. \
         Only a reviewed plan is carried out: run `wabactl plan --out` on these files, review \
         that plan, and apply it. Nothing was changed"
    )]
    Differs { file: String, difference: String },
}

/// A saved plan from `file` may be applied to account `waba_id` only if nobody edited it and
/// it was made for that account.
pub fn check_origin(plan: &Plan, file: &Path, waba_id: &str) -> Result<(), SavedPlanRefusal> {
    let file = file.display().to_string();
    if !plan.is_intact() {
        return Err(SavedPlanRefusal::Edited { file });
    }
    match plan.account.as_deref() {
        Some(account) if account == waba_id => Ok(()),
        Some(account) => Err(SavedPlanRefusal::OtherAccount {
            file,
            planned: account.to_owned(),
            here: waba_id.to_owned(),
        }),
        None => Err(SavedPlanRefusal::NoAccount { file }),
    }
}

/// A saved plan is the approval of what a plan made now would write: the same creates,
/// updates, deletes, archives and unarchives of the same templates, with the same request
/// bodies and media uploads. `Err` names the first difference.
/// Checked in the order that gives the most useful refusal: what was planned (the paths and
/// flags), then the account (stale), then the writes.
pub fn check_approves(saved: &Plan, fresh: &Plan, file: &Path) -> Result<(), SavedPlanRefusal> {
    let same_inputs = match (&saved.inputs, &fresh.inputs) {
        (Some(made), Some(now)) => made == now,
        _ => true,
    };
    let groups_read = |p: &Plan| p.groups.as_ref().map(|g| g.fingerprint.clone());
    if same_inputs
        && (saved.fingerprint != fresh.fingerprint || groups_read(saved) != groups_read(fresh))
    {
        return Err(SavedPlanRefusal::Stale);
    }
    match first_difference(saved, fresh) {
        None => Ok(()),
        Some(difference) => Err(SavedPlanRefusal::Differs {
            file: file.display().to_string(),
            difference,
        }),
    }
}

/// The first way the two plans' writes differ, in words; `None` when they do not.
fn first_difference(saved: &Plan, fresh: &Plan) -> Option<String> {
    if let (Some(made), Some(now)) = (&saved.inputs, &fresh.inputs)
        && made != now
    {
        return Some(format!(
            "it was made from `{made}`, and this run plans `{now}` (give apply the same paths \
             and flags as plan)"
        ));
    }
    if let Some(name) =
        super::groups::first_difference(saved.groups.as_ref(), fresh.groups.as_ref())
    {
        return Some(format!(
            "template group `{name}`: the saved plan and a plan made now change it differently"
        ));
    }
    let saved = writes(saved);
    let fresh = writes(fresh);
    let (mut s, mut f) = (saved.iter().peekable(), fresh.iter().peekable());
    loop {
        match (s.peek(), f.peek()) {
            (None, None) => return None,
            (Some(a), Some(b)) if a.key == b.key => {
                if a.kind != b.kind {
                    return Some(format!(
                        "{}: the saved plan would {} it, a plan made now would {} it",
                        a.label(),
                        a.kind.label(),
                        b.kind.label()
                    ));
                }
                if let Some(path) = first_json_difference(&a.body, &b.body, String::new()) {
                    return Some(format!(
                        "{} {}: the request differs at `{}`",
                        a.kind.label(),
                        a.label(),
                        if path.is_empty() {
                            "(the whole body)"
                        } else {
                            &path
                        }
                    ));
                }
                s.next();
                f.next();
            }
            (Some(a), b) if b.is_none_or(|b| a.key < b.key) => {
                return Some(format!(
                    "the saved plan would {} {}, a plan made now would not",
                    a.kind.label(),
                    a.label()
                ));
            }
            (_, Some(b)) => {
                return Some(format!(
                    "a plan made now would {} {}, the saved plan would not",
                    b.kind.label(),
                    b.label()
                ));
            }
            (Some(_), None) => unreachable!("handled above"),
        }
    }
}

/// One write a plan makes: which template, what kind, and everything sent for it.
struct Write {
    key: (String, String),
    kind: Kind,
    body: serde_json::Value,
}

impl Write {
    fn label(&self) -> String {
        format!("{} ({})", self.key.0, self.key.1)
    }
}

/// The plan's writes, sorted by (name, language).
fn writes(plan: &Plan) -> Vec<Write> {
    let mut writes: Vec<Write> = plan
        .changes
        .iter()
        .filter_map(|change| {
            let sent = match &change.action {
                Action::Create { request, .. } => serde_json::json!({ "request": request }),
                Action::Update { request, .. } => serde_json::json!({ "request": request }),
                Action::Delete { request, .. } => serde_json::json!({ "request": request }),
                Action::Archive { request } => serde_json::json!({ "request": request }),
                Action::Unarchive { request, edit, .. } => {
                    serde_json::json!({ "request": request, "edit": edit })
                }
                _ => return None,
            };
            let mut body = sent;
            // The template an update or unarchive acts on (deletes and archives name it in
            // their request).
            body["id"] =
                serde_json::to_value(change.remote.as_ref().map(|r| &r.id)).expect("plain data");
            body["upsert"] = serde_json::to_value(&change.upsert).expect("plain data");
            body["uploads"] = serde_json::to_value(&change.uploads).expect("plain data");
            Some(Write {
                key: (change.name.clone(), change.language.clone()),
                kind: change.kind(),
                body,
            })
        })
        .collect();
    writes.sort_by(|a, b| a.key.cmp(&b.key));
    writes
}

/// Where two JSON values first differ, as a path like `request.components[0].text`.
fn first_json_difference(
    a: &serde_json::Value,
    b: &serde_json::Value,
    at: String,
) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|key| {
                let path = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                match (x.get(key), y.get(key)) {
                    (Some(x), Some(y)) => first_json_difference(x, y, path),
                    _ => Some(path),
                }
            })
        }
        (Value::Array(x), Value::Array(y)) => {
            let shared =
                x.iter().zip(y).enumerate().find_map(|(index, (x, y))| {
                    first_json_difference(x, y, format!("{at}[{index}]"))
                });
            shared
                .or_else(|| (x.len() != y.len()).then(|| format!("{at}[{}]", x.len().min(y.len()))))
        }
        _ => (a != b).then_some(at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::wire::RemoteTemplate;
    use crate::reconcile::plan::PlanInputs;
    use crate::reconcile::test_support::remote_list;
    use crate::reconcile::{PlanOptions, plan};

    const LIST: &str = "sdk_java_ptbr_get_list_transactional_prev.json";

    fn saved(account: Option<&str>) -> (Plan, Vec<RemoteTemplate>) {
        let remote = remote_list(LIST);
        let options = PlanOptions {
            account: account.map(str::to_owned),
            ..PlanOptions::default()
        };
        (plan(&[], &remote, &options).sealed(), remote)
    }

    #[test]
    fn a_plan_applies_only_to_its_own_account_and_unedited() {
        let file = Path::new("plan.json");
        let (plan, _) = saved(Some("111"));
        assert_eq!(check_origin(&plan, file, "111"), Ok(()));
        assert!(matches!(
            check_origin(&plan, file, "222"),
            Err(SavedPlanRefusal::OtherAccount { planned, here, .. }) if planned == "111" && here == "222"
        ));
        let (anonymous, _) = saved(None);
        assert!(matches!(
            check_origin(&anonymous, file, "111"),
            Err(SavedPlanRefusal::NoAccount { .. })
        ));
        let mut edited = plan.clone();
        edited.has_changes = !edited.has_changes;
        assert!(matches!(
            check_origin(&edited, file, "111"),
            Err(SavedPlanRefusal::Edited { .. })
        ));
    }

    #[test]
    fn a_plan_is_stale_once_the_account_changed() {
        let file = Path::new("plan.json");
        let (plan, mut remote) = saved(Some("111"));
        assert_eq!(check_approves(&plan, &plan, file), Ok(()));
        remote.pop();
        let options = PlanOptions {
            account: Some("111".to_owned()),
            ..PlanOptions::default()
        };
        let now = crate::reconcile::plan(&[], &remote, &options);
        assert_eq!(
            check_approves(&plan, &now, file),
            Err(SavedPlanRefusal::Stale)
        );
    }

    #[test]
    fn the_first_difference_in_writes_is_named() {
        let a = |body: serde_json::Value| serde_json::json!({"request": body});
        assert_eq!(
            first_json_difference(
                &a(serde_json::json!({"components": [{"text": "x"}, {"text": "y"}]})),
                &a(serde_json::json!({"components": [{"text": "x"}, {"text": "z"}]})),
                String::new()
            ),
            Some("request.components[1].text".to_owned())
        );
        assert_eq!(
            first_json_difference(
                &a(serde_json::json!({"components": [{"text": "x"}]})),
                &a(serde_json::json!({"components": [{"text": "x"}, {"text": "z"}]})),
                String::new()
            ),
            Some("request.components[1]".to_owned())
        );
        let same = a(serde_json::json!({"name": "n"}));
        assert_eq!(first_json_difference(&same, &same, String::new()), None);
    }

    #[test]
    fn other_paths_or_flags_are_named_before_anything_else() {
        let file = Path::new("plan.json");
        let (mut made, _) = saved(Some("111"));
        made.inputs = Some(PlanInputs {
            paths: vec!["templates".into()],
            languages: vec!["pt_BR".into()],
            ..PlanInputs::default()
        });
        let mut now = made.clone();
        now.inputs = Some(PlanInputs {
            paths: vec!["templates".into()],
            ..PlanInputs::default()
        });
        now.fingerprint = "sha256:other".into();
        let refusal = check_approves(&made, &now, file).unwrap_err().to_string();
        assert!(
            refusal.contains("it was made from `templates --language pt_BR no prune`, and this run plans `templates no prune`"),
            "{refusal}"
        );
    }

    #[test]
    fn a_saved_plan_reads_back_and_other_versions_are_refused() {
        let (plan, _) = saved(Some("111"));
        let text = serde_json::to_string(&plan).unwrap();
        assert!(looks_like_plan(&text));
        assert_eq!(parse(&text).unwrap(), plan);
        let current = format!("\"format_version\":{FORMAT_VERSION}");
        assert!(text.contains(&current), "{text}");
        for other in [1, 99] {
            let saved = text.replace(&current, &format!("\"format_version\":{other}"));
            assert!(matches!(
                parse(&saved),
                Err(PlanFileError::Version(Some(v))) if v == other
            ));
        }
        assert!(!looks_like_plan("{\"name\": \"welcome\"}"));
    }
}
