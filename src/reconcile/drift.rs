//! Categories Meta changed on its own: reported as drift, not fought.

use super::plan::{Drift, DriftCause};
use super::reason::Explained;
use crate::graph::wire::RemoteTemplate;

/// Meta moved the template to another category (or will), in a direction it decides on its
/// own: the file's category is the previous one, the pending `correct_category`, or UTILITY
/// approved as MARKETING (since April 2025 Meta approves such templates as MARKETING).
pub(super) fn detect_drift(
    file_category: &str,
    remote: &RemoteTemplate,
) -> Option<Explained<Drift>> {
    let upper = |s: &Option<String>| {
        s.as_deref()
            .map(|s| s.trim().to_uppercase())
            .filter(|s| !s.is_empty())
    };
    let remote_category = upper(&remote.category)?;
    let previous = upper(&remote.previous_category);
    let correct = upper(&remote.correct_category).filter(|c| *c != remote_category);
    let cause = if let Some(correct) = &correct {
        if file_category != remote_category && file_category != correct {
            return None;
        }
        DriftCause::CategoryMoving
    } else if file_category == remote_category {
        return None;
    } else if previous.as_deref() == Some(file_category)
        || (file_category == "UTILITY" && remote_category == "MARKETING")
    {
        DriftCause::Recategorised
    } else {
        return None;
    };
    Some(Explained(Drift {
        file_category: file_category.to_owned(),
        remote_category,
        previous_category: previous,
        correct_category: correct,
        cause,
    }))
}
