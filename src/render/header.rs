//! The one line that says which account a command read or changed, in every format: the
//! account's name in `wabactl.yaml` (when one was used), the WABA id, the Graph API version,
//! and where the requests went: Meta, **a local sandbox**, or another host.

use crate::graph::endpoint::{Endpoint, HostKind};

/// `Account prod · WABA 102290129340398 · Graph API v25.0 · Meta's Graph API`, or
/// `... · local sandbox at http://127.0.0.1:PORT, not Meta`.
pub fn account_line(
    waba_id: &str,
    api_version: Option<&str>,
    endpoint: Option<&Endpoint>,
) -> String {
    let mut parts = Vec::new();
    match endpoint.and_then(|e| e.account_name.as_deref()) {
        Some(name) => {
            parts.push(format!("Account {name}"));
            parts.push(format!("WABA {waba_id}"));
        }
        None => parts.push(format!("Account {waba_id}")),
    }
    if let Some(version) = api_version {
        parts.push(format!("Graph API {version}"));
    }
    if let Some(endpoint) = endpoint {
        parts.push(place(endpoint));
    }
    parts.join(" · ")
}

/// Where the requests went.
pub fn place(endpoint: &Endpoint) -> String {
    match endpoint.kind {
        HostKind::Meta => "Meta's Graph API".to_owned(),
        HostKind::Local => format!("local sandbox at {}, not Meta", endpoint.api_base),
        HostKind::Other => format!("{}, not Meta's Graph API", endpoint.api_base),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_account_and_the_place() {
        let sandbox = Endpoint::new("http://127.0.0.1:9", Some("staging".into()));
        assert_eq!(
            account_line("42", Some("v25.0"), Some(&sandbox)),
            "Account staging · WABA 42 · Graph API v25.0 · local sandbox at http://127.0.0.1:9, not Meta"
        );
        let meta = Endpoint::new("https://graph.facebook.com", None);
        assert_eq!(
            account_line("42", None, Some(&meta)),
            "Account 42 · Meta's Graph API"
        );
    }
}
