//! Meta's Graph API: the wire shapes, the client, and its errors.

pub mod analytics;
pub mod client;
pub mod endpoint;
pub mod error;
pub mod listing;
pub mod retry;
pub mod status;
pub mod token;
pub mod usage;
pub mod wire;

pub use client::{ClientConfig, GraphClient};
pub use error::{ErrorClass, GraphError};
pub use status::RemoteStatus;
