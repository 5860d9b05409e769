//! Which host an account's requests (and its access token) go to: Meta's Graph API, a local
//! server on this machine (the sandbox), or another host named by `api_base`.
//!
//! A pull request that edits `wabactl.yaml` could point `api_base` at a host of its choosing;
//! every plan therefore names the host, and `apply` sends the token to a host other than Meta's
//! or this machine only when the account opts in with `allow_custom_api_base: true`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::client::{DEFAULT_API_BASE, is_loopback};

/// The kind of host behind an API base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HostKind {
    /// Meta's Graph API (`https://graph.facebook.com`).
    Meta,
    /// A server on this machine: the sandbox (`--sandbox`, `wabactl sandbox serve`).
    Local,
    /// Any other host: a proxy, or a place the token should not go.
    Other,
}

/// Where a plan's account was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Endpoint {
    pub kind: HostKind,
    /// The Graph API base URL the requests went to.
    pub api_base: String,
    /// The account's name in `wabactl.yaml`, when one was used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
}

impl Endpoint {
    pub fn new(api_base: &str, account_name: Option<String>) -> Self {
        Endpoint {
            kind: host_kind(api_base),
            api_base: api_base.trim_end_matches('/').to_owned(),
            account_name,
        }
    }

    /// The warning every plan format shows for a host that is neither Meta's nor local.
    pub fn warning(&self) -> Option<String> {
        (self.kind == HostKind::Other).then(|| {
            format!(
                "api_base {} is not Meta's Graph API ({DEFAULT_API_BASE}): the access token \
                 is sent there. `apply` refuses it unless the account in wabactl.yaml sets \
                 `allow_custom_api_base: true`.",
                self.api_base
            )
        })
    }
}

/// `apply`'s gate: the token goes to Meta or this machine, or to another host only when the
/// account opts in.
pub fn check_apply_host(endpoint: &Endpoint, allow_custom_api_base: bool) -> Result<(), String> {
    if endpoint.kind != HostKind::Other || allow_custom_api_base {
        return Ok(());
    }
    Err(format!(
        "refusing to apply through api_base {}: it is neither Meta's Graph API \
         ({DEFAULT_API_BASE}) nor this machine, and the access token would be sent there. If \
         that host is yours (a proxy), set `allow_custom_api_base: true` on the account in \
         wabactl.yaml; otherwise remove `api_base` (or WABACTL_API_BASE). Nothing was changed",
        endpoint.api_base
    ))
}

/// Classifies an API base (already checked by `check_api_base`).
pub fn host_kind(api_base: &str) -> HostKind {
    let Ok(url) = reqwest::Url::parse(api_base.trim()) else {
        return HostKind::Other;
    };
    let meta = reqwest::Url::parse(DEFAULT_API_BASE).expect("a valid default");
    if url.scheme() == "https"
        && url.host_str() == meta.host_str()
        && url.port_or_known_default() == Some(443)
    {
        HostKind::Meta
    } else if is_loopback(&url) {
        HostKind::Local
    } else {
        HostKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_kind_of_host() {
        assert_eq!(host_kind("https://graph.facebook.com"), HostKind::Meta);
        assert_eq!(host_kind("https://graph.facebook.com/"), HostKind::Meta);
        assert_eq!(host_kind("https://GRAPH.facebook.com"), HostKind::Meta);
        assert_eq!(
            host_kind("https://graph.facebook.com:8443"),
            HostKind::Other
        );
        assert_eq!(
            host_kind("https://graph.facebook.com.evil.example"),
            HostKind::Other
        );
        assert_eq!(host_kind("http://127.0.0.1:8089"), HostKind::Local);
        assert_eq!(host_kind("http://[::1]:8089"), HostKind::Local);
        assert_eq!(host_kind("https://proxy.example.com"), HostKind::Other);
    }

    #[test]
    fn apply_needs_the_opt_in_for_other_hosts_only() {
        let meta = Endpoint::new("https://graph.facebook.com", None);
        let local = Endpoint::new("http://127.0.0.1:8089", None);
        let other = Endpoint::new("https://proxy.example.com", None);
        assert!(check_apply_host(&meta, false).is_ok());
        assert!(check_apply_host(&local, false).is_ok());
        assert!(check_apply_host(&other, true).is_ok());
        let refusal = check_apply_host(&other, false).unwrap_err();
        assert!(refusal.contains("allow_custom_api_base: true"), "{refusal}");
    }

    #[test]
    fn warns_only_for_other_hosts() {
        assert!(
            Endpoint::new("https://graph.facebook.com", None)
                .warning()
                .is_none()
        );
        assert!(
            Endpoint::new("http://127.0.0.1:1", None)
                .warning()
                .is_none()
        );
        let warning = Endpoint::new("https://proxy.example.com/", None)
            .warning()
            .unwrap();
        assert!(warning.contains("https://proxy.example.com is not Meta's"));
    }
}
