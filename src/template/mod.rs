//! The desired state: template documents, how they are read, and Meta's rules for them. Every
//! command reads template files through `read`.

pub mod diagnostic;
pub mod document;
pub mod languages_list;
pub mod load;
pub mod model;
pub mod read;
pub mod rule_id;
pub mod rules;
pub mod sample;
pub mod tree;
pub mod variables;
