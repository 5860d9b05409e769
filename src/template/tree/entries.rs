//! A mapping's entries while it is read: file order kept, duplicates found in linear time, and
//! YAML merge keys (`<<`) applied.

use std::collections::HashMap;

use super::{Located, Node};

/// A mapping's entries in file order, with a key index once the mapping grows large, so that
/// the duplicate check stays linear however many keys a mapping has.
#[derive(Default)]
pub(super) struct Entries {
    pub(super) list: Vec<(Located<String>, Located<Node>)>,
    index: Option<HashMap<String, usize>>,
}

/// Below this many keys a scan is faster than hashing.
const INDEX_FROM: usize = 16;

impl Entries {
    pub(super) fn position(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self.list.iter().position(|(k, _)| k.value == name),
        }
    }

    pub(super) fn push(&mut self, key: Located<String>, value: Located<Node>) {
        if let Some(index) = &mut self.index {
            index.insert(key.value.clone(), self.list.len());
        } else if self.list.len() >= INDEX_FROM {
            let mut index: HashMap<String, usize> = self
                .list
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.value.clone(), i))
                .collect();
            index.insert(key.value.clone(), self.list.len());
            self.index = Some(index);
        }
        self.list.push((key, value));
    }
}

/// YAML merge keys (`<<: *defaults`): entries not already present are taken over.
pub(super) fn merge(entries: &mut Entries, source: Located<Node>) {
    match source.value {
        Node::Map(more) => {
            for (key, value) in more {
                if entries.position(&key.value).is_none() {
                    entries.push(key, value);
                }
            }
        }
        Node::Seq(maps) => maps.into_iter().for_each(|m| merge(entries, m)),
        _ => {}
    }
}
