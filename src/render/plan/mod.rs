//! The plan, in the three shapes it is read in: on a terminal (`human`), as a pull-request
//! comment (`markdown`), and as the versioned JSON document `plan --out` saves (`json`); the
//! plans of several accounts in each shape (`set`).

pub mod comment;
pub mod file_link;
mod groups;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;
pub mod set;
pub mod uploads;

use crate::reconcile::plan_set::Planned;

/// One account's plan or several, for a terminal.
pub fn human_of(planned: &Planned, options: human::Options) -> String {
    match planned {
        Planned::One(plan) => human::render(plan, options),
        Planned::Accounts(set) => set::human(set, options),
    }
}

/// One account's plan or several, as one pull-request comment, its file links pointing
/// where `links` says.
pub fn markdown_of(
    planned: &Planned,
    identity: &comment::Identity,
    links: &file_link::FileLinks,
) -> String {
    let text = match planned {
        Planned::One(plan) => markdown::render(plan, links),
        Planned::Accounts(set) => set::markdown(set, links),
    };
    // The renderers start with the bare marker; this comment's own takes its place.
    match text.strip_prefix(markdown::MARKER) {
        Some(rest) => format!("{}{rest}", comment::marker(identity, planned)),
        None => text,
    }
}

/// One account's plan or several, as the JSON document `plan --out` saves.
pub fn json_of(planned: &Planned) -> String {
    match planned {
        Planned::One(plan) => json::render(plan),
        Planned::Accounts(set) => set::json(set),
    }
}
