//! What `import` did with the account's template groups, in words.

use std::fmt::Write;

use crate::ops::groups::ImportedGroups;

pub fn text(imported: &ImportedGroups) -> String {
    let mut out = String::new();
    if let Some(why) = &imported.unreadable {
        let _ = writeln!(
            out,
            "\nwarning: the account's template groups were not read: {why}"
        );
        return out;
    }
    for group in &imported.groups {
        for name in &group.partial {
            let _ = writeln!(
                out,
                "\nwarning: template group \"{}\" holds some languages of {name} only; in \
                 wabactl.yaml the name covers every language, so `plan` will add the others",
                group.name
            );
        }
    }
    let n = imported.groups.len();
    if n == 0 {
        return out;
    }
    let groups = if n == 1 {
        "1 template group".to_owned()
    } else {
        format!("{n} template groups")
    };
    match &imported.written_to {
        Some(file) => {
            let _ = writeln!(
                out,
                "\nadded {groups} to `template_groups` in {}",
                file.display()
            );
        }
        None => {
            let _ = writeln!(
                out,
                "\n{groups} on the account, not in wabactl.yaml: add {} under its \
                 `template_groups` to manage {} as code:\n\n{}",
                if n == 1 { "it" } else { "them" },
                if n == 1 { "it" } else { "them" },
                crate::ops::groups::yaml(&imported.groups)
            );
        }
    }
    out
}
