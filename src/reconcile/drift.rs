//! Categories Meta changed on its own: reported as drift, not fought.

use super::plan::Drift;
use crate::graph::wire::RemoteTemplate;

/// Meta moved the template to another category (or will), in a direction it decides on its
/// own: the file's category is the previous one, the pending `correct_category`, or UTILITY
/// approved as MARKETING (since April 2025 Meta approves such templates as MARKETING).
pub(super) fn detect_drift(file_category: &str, remote: &RemoteTemplate) -> Option<Drift> {
    let upper = |s: &Option<String>| {
        s.as_deref()
            .map(|s| s.trim().to_uppercase())
            .filter(|s| !s.is_empty())
    };
    let remote_category = upper(&remote.category)?;
    let previous = upper(&remote.previous_category);
    let correct = upper(&remote.correct_category).filter(|c| *c != remote_category);
    let message = if let Some(correct) = &correct {
        if file_category != remote_category && file_category != correct {
            return None;
        }
        format!(
            "Meta is moving this template from {remote_category} to {correct}; set `category: \
             {correct}` in the file to accept it"
        )
    } else if file_category == remote_category {
        return None;
    } else if previous.as_deref() == Some(file_category)
        || (file_category == "UTILITY" && remote_category == "MARKETING")
    {
        format!(
            "Meta re-categorised this template from {file_category} to {remote_category}; the \
             category of an approved template cannot be changed back: set `category: \
             {remote_category}` in the file to accept it"
        )
    } else {
        return None;
    };
    Some(Drift {
        file_category: file_category.to_owned(),
        remote_category,
        previous_category: previous,
        correct_category: correct,
        message,
    })
}
