//! Meta's Graph API: the wire shapes, the client, and its errors.

pub mod wire;
