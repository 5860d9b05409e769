//! Builds located trees straight from the YAML parser's events, with anchors, aliases and
//! merge keys resolved, duplicate keys refused, and alias expansion and nesting bounded.

use std::collections::{HashMap, HashSet};

use super::bounds::{AliasBudget, DEPTH_HELP, Extent, MAX_DEPTH};
use super::entries::{Entries, merge};
use super::scalar::scalar_node;
use super::{Located, Node, Span, SyntaxError};

/// Parses every document of a YAML stream into located trees. Empty documents are skipped.
///
/// Built straight from the parser's events rather than through serde: serde's `Spanned`
/// wrapper costs more than the parse itself, and every value needs its span.
pub fn parse_documents(text: &str) -> Result<Vec<Located<Node>>, SyntaxError> {
    let mut options = granit_parser::Options::default();
    options.flow_nesting_limit = MAX_DEPTH;
    options.block_nesting_limit = MAX_DEPTH;
    let mut builder = Builder {
        budget: AliasBudget::new(text.len()),
        ..Builder::default()
    };
    for event in granit_parser::Parser::new_from_str_with_options(text, options) {
        let (event, span) = event.map_err(|err| {
            let span = marker_span(err.marker(), err.marker());
            match err.kind() {
                granit_parser::ErrorKind::RecursionLimitExceeded => SyntaxError::limit(
                    format!("collections nest deeper than {MAX_DEPTH} levels"),
                    span,
                    DEPTH_HELP,
                ),
                _ => SyntaxError::syntax(err.info(), span),
            }
        })?;
        builder.event(event, marker_span(&span.start, &span.end))?;
    }
    Ok(builder.documents)
}

fn marker_span(start: &granit_parser::Marker, end: &granit_parser::Marker) -> Span {
    let offset = start.byte_offset().unwrap_or(0);
    Span {
        line: start.line() as u32,
        column: start.col() as u32 + 1,
        offset,
        len: end.byte_offset().unwrap_or(offset).saturating_sub(offset),
    }
}

/// An open collection while its children are being read.
enum Open {
    Seq {
        items: Located<Vec<Located<Node>>>,
        anchor: usize,
        extent: Extent,
    },
    Map {
        entries: Located<Entries>,
        anchor: usize,
        /// The key read, waiting for its value; with the slot of a merged entry it overrides.
        key: Option<(Located<String>, Option<usize>)>,
        /// Keys taken over by a merge (`<<`): an explicit key may override them.
        merged: HashSet<String>,
        extent: Extent,
    },
}

impl Open {
    fn extent_mut(&mut self) -> &mut Extent {
        match self {
            Open::Seq { extent, .. } | Open::Map { extent, .. } => extent,
        }
    }
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    anchors: HashMap<usize, (Located<Node>, Extent)>,
    documents: Vec<Located<Node>>,
    budget: AliasBudget,
}

impl Builder {
    fn event(&mut self, event: granit_parser::Event<'_>, span: Span) -> Result<(), SyntaxError> {
        use granit_parser::Event;
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.budget.count_written();
                let extent = Extent::scalar(&text);
                let node = Located {
                    value: scalar_node(&text, style, tag.as_deref()),
                    span,
                };
                self.remember(anchor, &node, extent);
                self.push(node, extent)
            }
            Event::SequenceStart(_, anchor, _) => {
                self.budget.count_written();
                self.stack.push(Open::Seq {
                    items: Located {
                        value: Vec::new(),
                        span,
                    },
                    anchor,
                    extent: Extent::COLLECTION,
                });
                Ok(())
            }
            Event::MappingStart(_, anchor, _) => {
                self.budget.count_written();
                self.stack.push(Open::Map {
                    entries: Located {
                        value: Entries::default(),
                        span,
                    },
                    anchor,
                    key: None,
                    merged: HashSet::new(),
                    extent: Extent::COLLECTION,
                });
                Ok(())
            }
            Event::SequenceEnd => match self.stack.pop() {
                Some(Open::Seq {
                    items,
                    anchor,
                    extent,
                }) => {
                    let node = Located {
                        value: Node::Seq(items.value),
                        span: items.span,
                    };
                    self.remember(anchor, &node, extent);
                    self.push(node, extent)
                }
                _ => Err(SyntaxError::syntax("unbalanced sequence", span)),
            },
            Event::MappingEnd => match self.stack.pop() {
                Some(Open::Map {
                    entries,
                    anchor,
                    extent,
                    ..
                }) => {
                    let node = Located {
                        value: Node::Map(entries.value.list),
                        span: entries.span,
                    };
                    self.remember(anchor, &node, extent);
                    self.push(node, extent)
                }
                _ => Err(SyntaxError::syntax("unbalanced mapping", span)),
            },
            Event::Alias(id) => {
                let Some((node, extent)) = self.anchors.get(&id) else {
                    return Err(SyntaxError::syntax("unknown alias", span));
                };
                let extent = *extent;
                // Checked before copying anything: the copy is what could exhaust memory.
                self.budget.charge(extent, self.stack.len(), span)?;
                let node = Located {
                    value: node.value.clone(),
                    span,
                };
                self.push(node, extent)
            }
            Event::UnresolvedAlias(name) => Err(SyntaxError::syntax(
                format!("unknown alias `*{name}`"),
                span,
            )),
            _ => Ok(()),
        }
    }

    fn remember(&mut self, anchor: usize, node: &Located<Node>, extent: Extent) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), extent));
        }
    }

    /// Places a finished node: as a document, a list item, a map key or a map value.
    fn push(&mut self, node: Located<Node>, extent: Extent) -> Result<(), SyntaxError> {
        if let Some(open) = self.stack.last_mut() {
            open.extent_mut().add_child(extent);
        }
        match self.stack.last_mut() {
            None => {
                if !matches!(node.value, Node::Null) {
                    self.documents.push(node);
                }
                Ok(())
            }
            Some(Open::Seq { items, .. }) => {
                items.value.push(node);
                Ok(())
            }
            Some(Open::Map {
                entries,
                key,
                merged,
                ..
            }) => match key.take() {
                None => {
                    let name = match node.value {
                        Node::Str(s) => s,
                        Node::Int(i) => i.to_string(),
                        Node::Bool(b) => b.to_string(),
                        Node::Float(f) => f.to_string(),
                        Node::Null => String::new(),
                        Node::Seq(_) | Node::Map(_) => {
                            return Err(SyntaxError::syntax(
                                "a mapping key must be a plain value",
                                node.span,
                            ));
                        }
                    };
                    let mut slot = None;
                    if merged.remove(&name) {
                        slot = entries.value.position(&name);
                    } else if name != "<<" && entries.value.position(&name).is_some() {
                        return Err(SyntaxError::syntax(
                            format!("duplicate key `{name}`"),
                            node.span,
                        ));
                    }
                    *key = Some((
                        Located {
                            value: name,
                            span: node.span,
                        },
                        slot,
                    ));
                    Ok(())
                }
                Some((key, _)) if key.value == "<<" => {
                    let before = entries.value.list.len();
                    merge(&mut entries.value, node);
                    merged.extend(
                        entries.value.list[before..]
                            .iter()
                            .map(|(k, _)| k.value.clone()),
                    );
                    Ok(())
                }
                // An explicit key overrides the merged entry in its place.
                Some((key, Some(slot))) => {
                    entries.value.list[slot] = (key, node);
                    Ok(())
                }
                Some((key, None)) => {
                    entries.value.push(key, node);
                    Ok(())
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::to_json;
    use super::*;

    #[test]
    fn anchors_aliases_and_merge_keys_are_resolved() {
        let yaml =
            "base: &b {text: Stop, type: QUICK_REPLY}\nitem: *b\nmerged:\n  <<: *b\n  text: Go\n";
        let json = to_json(&parse_documents(yaml).unwrap().remove(0));
        assert_eq!(json["item"]["text"], "Stop");
        assert_eq!(json["merged"]["text"], "Go");
        assert_eq!(json["merged"]["type"], "QUICK_REPLY");
    }

    #[test]
    fn duplicate_keys_and_bad_syntax_are_located_errors() {
        let err = parse_documents("name: a\nlanguage: en\nname: b\n").unwrap_err();
        assert!(err.message.contains("duplicate key `name`"));
        assert_eq!((err.span.line, err.span.column), (3, 1));
        let err = parse_documents("name: [a\nlanguage: en\n").unwrap_err();
        assert!(err.span.line >= 1 && !err.message.is_empty());
    }

    #[test]
    fn large_mappings_find_duplicates_and_merge_overrides_in_place() {
        let keys: String = (0..40).map(|i| format!("  k{i}: {i}\n")).collect();
        let yaml = format!("base: &b\n{keys}item:\n  <<: *b\n  k30: thirty\n  extra: 1\n");
        let json = to_json(&parse_documents(&yaml).unwrap().remove(0));
        let item = json["item"].as_object().unwrap();
        assert_eq!(item.len(), 41);
        assert_eq!(item["k30"], "thirty");
        assert_eq!(
            item.keys().nth(30).unwrap(),
            "k30",
            "the override keeps its place"
        );
        let err =
            parse_documents(&format!("{keys}  k25: again\n").replace("  k", "k")).unwrap_err();
        assert_eq!(err.message, "duplicate key `k25`");
        assert_eq!((err.span.line, err.span.column), (41, 1));
    }

    #[test]
    fn alias_expansion_and_nesting_are_bounded() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..8 {
            let aliases = vec![format!("*a{}", level - 1); 9].join(", ");
            bomb.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
        }
        let err = parse_documents(&bomb).unwrap_err();
        assert!(err.limit_help.is_some());
        assert_eq!((err.span.line, err.span.column), (5, 10));
        let err = parse_documents(&"[".repeat(100_000)).unwrap_err();
        assert!(err.limit_help.is_some() && err.message.contains("64 levels"));
        // Few values, but each a long text: bounded by bytes as well as by values.
        let mut long = format!("a0: &a0 [{}]\n", "x".repeat(40_000));
        for level in 1..8 {
            let aliases = vec![format!("*a{}", level - 1); 4].join(", ");
            long.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
        }
        let err = parse_documents(&long).unwrap_err();
        assert!(err.message.contains("bytes of text"), "{}", err.message);
        assert_eq!((err.span.line, err.span.column), (4, 10));
        // Reuse well within the allowance is fine.
        let reuse = "b: &b {type: QUICK_REPLY, text: Stop}\nlist: [*b, *b, *b, *b]\n";
        assert_eq!(
            to_json(&parse_documents(reuse).unwrap().remove(0))["list"][3]["text"],
            "Stop"
        );
    }

    #[test]
    fn several_documents_and_empty_ones() {
        let docs = parse_documents("---\na: 1\n---\n---\nb: 2\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].span.line, 5);
    }
}
