//! The bounds that keep a hostile file from exhausting memory or the stack: how deeply values
//! nest, and how much aliases may copy.

use super::{Span, SyntaxError};

/// How deeply collections may nest, aliases included. A template is about eight levels deep
/// (`components[].cards[].components[].buttons[].example[]`); the bound keeps every recursive
/// walk of the tree (conversion, deserialization, drop) far from the stack's end.
pub const MAX_DEPTH: usize = 64;

/// The nodes aliases may add to a file beyond those it writes out itself. Together with the
/// nodes written out (at most one per byte or two) this bounds the tree to about twice what
/// the file would take without aliases, so an "alias bomb" (nested anchors that each repeat
/// the previous one) stops with an error instead of expanding to billions of nodes.
pub const ALIAS_NODE_ALLOWANCE: usize = 10_000;

/// The bytes of text aliases may copy beyond the size of the file itself: a few nodes that
/// each repeat a long scalar would pass the node count but copy megabytes each time.
pub const ALIAS_BYTE_ALLOWANCE: usize = 1024 * 1024;

const ALIAS_HELP: &str = "write the repeated values out rather than through aliases of aliases";

pub(super) const DEPTH_HELP: &str =
    "flatten the structure: a template nests about eight levels deep";

/// How big a finished value is: its node count, the bytes of its scalars (keys included),
/// and how many levels it nests below itself.
#[derive(Clone, Copy, Default)]
pub(super) struct Extent {
    nodes: usize,
    bytes: usize,
    height: usize,
}

impl Extent {
    pub(super) const COLLECTION: Extent = Extent {
        nodes: 1,
        bytes: 0,
        height: 0,
    };

    pub(super) fn scalar(text: &str) -> Extent {
        Extent {
            nodes: 1,
            bytes: text.len(),
            height: 0,
        }
    }

    /// Grows a collection's extent by one finished child.
    pub(super) fn add_child(&mut self, child: Extent) {
        self.nodes += child.nodes;
        self.bytes += child.bytes;
        self.height = self.height.max(child.height + 1);
    }
}

/// What aliases have added so far, against what the file writes out itself.
#[derive(Default)]
pub(super) struct AliasBudget {
    /// Nodes the file writes out, and nodes and bytes of text its aliases have added.
    written: usize,
    aliased: usize,
    aliased_bytes: usize,
    /// The size of the file: aliases may copy as much text again, and a little more.
    text_len: usize,
}

impl AliasBudget {
    pub(super) fn new(text_len: usize) -> Self {
        AliasBudget {
            text_len,
            ..AliasBudget::default()
        }
    }

    /// One node written out in the file.
    pub(super) fn count_written(&mut self) {
        self.written += 1;
    }

    /// Charges an alias that copies a value of `extent` at nesting `depth`, or refuses it.
    pub(super) fn charge(
        &mut self,
        extent: Extent,
        depth: usize,
        span: Span,
    ) -> Result<(), SyntaxError> {
        self.aliased += extent.nodes;
        if self.aliased > ALIAS_NODE_ALLOWANCE + self.written {
            return Err(SyntaxError::limit(
                format!(
                    "aliases expand to more than {ALIAS_NODE_ALLOWANCE} values beyond \
                     the {} the file writes out",
                    self.written
                ),
                span,
                ALIAS_HELP,
            ));
        }
        self.aliased_bytes += extent.bytes;
        if self.aliased_bytes > ALIAS_BYTE_ALLOWANCE + self.text_len {
            return Err(SyntaxError::limit(
                format!(
                    "aliases copy more than {ALIAS_BYTE_ALLOWANCE} bytes of text beyond \
                     the {} bytes of the file",
                    self.text_len
                ),
                span,
                ALIAS_HELP,
            ));
        }
        if depth + extent.height > MAX_DEPTH {
            return Err(SyntaxError::limit(
                format!("with this alias, collections nest deeper than {MAX_DEPTH} levels"),
                span,
                DEPTH_HELP,
            ));
        }
        Ok(())
    }
}
