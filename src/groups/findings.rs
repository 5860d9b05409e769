//! The checks of declared groups, as findings located in `wabactl.yaml`: Meta's limits on
//! names and descriptions, a pattern that matches no declared template, and a template that
//! two groups of one account cover.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use super::declared::{DESCRIPTION_MAX_CHARS, DeclaredGroup, NAME_MAX_CHARS};
use crate::config::Project;
use crate::template::diagnostic::{Diagnostic, Location, SourceFile};
use crate::template::rule_id::RuleId;
use crate::template::tree::{Located, Node, Span, parse_documents};

/// Every finding about the groups of `project`, given the declared template names.
pub fn check(project: &Project, groups: &[DeclaredGroup], names: &[&str]) -> Vec<Diagnostic> {
    let file = Arc::new(SourceFile {
        path: project.resolve_path(&project.file),
        text: crate::redact::without_credentials(&project.text).into_owned(),
    });
    let root = parse_documents(&project.text)
        .ok()
        .and_then(|roots| roots.into_iter().next());
    let at = |keys: &[&str], index: Option<usize>| Location {
        file: file.clone(),
        span: root
            .as_ref()
            .map(|root| locate(root, keys, index))
            .unwrap_or_default(),
    };
    let mut findings = Vec::new();
    for group in groups {
        let keys = group.keys();
        findings.extend(limits(group, &keys, &at));
        for (i, pattern) in group.patterns.iter().enumerate() {
            if !names.iter().any(|n| super::declared::matches(pattern, n)) {
                let mut templates = keys.clone();
                templates.push("templates");
                findings.push(
                    Diagnostic::error(
                        RuleId::GroupPatternUnmatched,
                        format!(
                            "`{pattern}` in template group `{}` matches no declared template",
                            group.name
                        ),
                        at(&templates, Some(i)),
                    )
                    .with_help("correct the name or glob, or declare the template it is meant for"),
                );
            }
        }
    }
    findings.extend(overlaps(groups, names, &at));
    findings
}

fn limits(
    group: &DeclaredGroup,
    keys: &[&str],
    at: &impl Fn(&[&str], Option<usize>) -> Location,
) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let chars = group.name.chars().count();
    if group.name.trim().is_empty() || chars > NAME_MAX_CHARS {
        findings.push(
            Diagnostic::error(
                RuleId::GroupName,
                format!(
                    "template group name has {chars} characters; Meta allows 1 to \
                     {NAME_MAX_CHARS}"
                ),
                at(keys, None),
            )
            .with_help("shorten the group's name"),
        );
    }
    if let Some(description) = &group.description {
        let chars = description.chars().count();
        if chars > DESCRIPTION_MAX_CHARS {
            let mut path = keys.to_vec();
            path.push("description");
            findings.push(
                Diagnostic::error(
                    RuleId::GroupDescriptionLength,
                    format!(
                        "the description of template group `{}` has {chars} characters; Meta \
                         allows {DESCRIPTION_MAX_CHARS}",
                        group.name
                    ),
                    at(&path, None),
                )
                .with_help("shorten the description"),
            );
        }
    }
    if group.patterns.is_empty() {
        findings.push(
            Diagnostic::error(
                RuleId::GroupNoTemplates,
                format!("template group `{}` lists no templates", group.name),
                at(keys, None),
            )
            .with_help("add `templates: [NAME or GLOB, ...]`, or remove the group"),
        );
    }
    findings
}

/// A template two groups of one account cover, and a group name one account declares twice
/// (top level and its own). Groups of two different accounts never meet. Each name is
/// matched against each group once: linear in names times groups.
fn overlaps(
    groups: &[DeclaredGroup],
    names: &[&str],
    at: &impl Fn(&[&str], Option<usize>) -> Location,
) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let meet = |a: &DeclaredGroup, b: &DeclaredGroup| {
        a.account.is_none() || b.account.is_none() || a.account == b.account
    };
    for (i, a) in groups.iter().enumerate() {
        for b in groups[i + 1..]
            .iter()
            .filter(|b| meet(a, b) && a.name == b.name)
        {
            findings.push(
                Diagnostic::error(
                    RuleId::GroupName,
                    format!(
                        "template group `{}` is declared at the top level and for account \
                         `{}`; Meta's group names are unique per account",
                        b.name,
                        b.account.as_deref().unwrap_or_default()
                    ),
                    at(&b.keys(), None),
                )
                .with_related(at(&a.keys(), None), "declared here too")
                .with_help("rename one of them or remove one"),
            );
        }
    }
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    let mut reported = HashSet::new();
    for name in unique {
        let covering: Vec<&DeclaredGroup> = groups.iter().filter(|g| g.covers(name)).collect();
        for (i, a) in covering.iter().enumerate() {
            for b in covering[i + 1..]
                .iter()
                .filter(|b| meet(a, b) && a.name != b.name)
            {
                if !reported.insert((a.keys().join("."), b.keys().join("."), name)) {
                    continue;
                }
                let (ia, ib) = (first_match(a, name), first_match(b, name));
                let mut ka = a.keys();
                ka.push("templates");
                let mut kb = b.keys();
                kb.push("templates");
                findings.push(
                    Diagnostic::error(
                        RuleId::GroupOverlap,
                        format!(
                            "template `{name}` falls in groups `{}` and `{}`; Meta puts a \
                             template in one group at most",
                            a.name, b.name
                        ),
                        at(&kb, ib),
                    )
                    .with_related(at(&ka, ia), format!("`{name}` matched here too"))
                    .with_help("narrow one of the two patterns so that one group holds it"),
                );
            }
        }
    }
    findings
}

fn first_match(group: &DeclaredGroup, name: &str) -> Option<usize> {
    group
        .patterns
        .iter()
        .position(|p| super::declared::matches(p, name))
}

/// The span of the value under `keys` (then item `index` of it), else of its nearest ancestor.
/// Keys are matched whole, so a group name may hold dots or brackets.
fn locate(root: &Located<Node>, keys: &[&str], index: Option<usize>) -> Span {
    let mut node = root;
    let mut key_span = None;
    for key in keys {
        let Node::Map(entries) = &node.value else {
            return node.span;
        };
        match entries.iter().find(|(k, _)| k.value == *key) {
            Some((k, value)) => {
                key_span = Some(k.span);
                node = value;
            }
            None => return node.span,
        }
    }
    match (index, &node.value) {
        (Some(i), Node::Seq(items)) => items.get(i).map_or(node.span, |item| item.span),
        // A whole group is pointed at by its name.
        (None, Node::Map(_)) => key_span.unwrap_or(node.span),
        _ => node.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_dots_are_located() {
        let text = "template_groups:\n  \"Sale v1.2\":\n    templates:\n      - a\n      - b\n";
        let root = parse_documents(text).unwrap().remove(0);
        let span = locate(
            &root,
            &["template_groups", "Sale v1.2", "templates"],
            Some(1),
        );
        assert_eq!((span.line, span.column), (5, 9));
        let span = locate(&root, &["template_groups", "Sale v1.2"], None);
        assert_eq!(span.line, 2);
    }
}
