//! Puts the handles the uploads returned in place of the `file:` entries of the bodies a plan
//! sends.

use std::collections::HashMap;

use crate::reconcile::Plan;
use crate::reconcile::plan::Action;
use crate::template::sample::reference::headers_mut;

/// Replaces each change's `file:` entries with the handle uploaded for its file (`handles`:
/// file → handle).
pub fn swap_handles(plan: &mut Plan, handles: &HashMap<String, String>) {
    for change in &mut plan.changes {
        let by_entry: HashMap<&str, &str> = change
            .uploads
            .iter()
            .filter_map(|u| Some((u.reference.as_str(), handles.get(&u.file)?.as_str())))
            .collect();
        let components = match &mut change.action {
            Action::Create { request, .. } => &mut request.components,
            Action::Update { request, .. } => match request.components.as_mut() {
                Some(components) => components,
                None => continue,
            },
            _ => continue,
        };
        for header in headers_mut(components) {
            let Some(entries) = header
                .example
                .as_mut()
                .and_then(|e| e.header_handle.as_mut())
            else {
                continue;
            };
            for entry in entries {
                if let Some(handle) = by_entry.get(entry.as_str()) {
                    *entry = (*handle).to_owned();
                }
            }
        }
    }
}
