//! Which API bases the client accepts: https, plain http only to this machine, no
//! credentials, query or fragment; and `v26.0`-style versions.

use std::net::IpAddr;

use reqwest::Url;

use crate::graph::error::GraphError;

/// Meta's Graph API host.
pub const DEFAULT_API_BASE: &str = "https://graph.facebook.com";
/// The Graph API version used unless configured otherwise.
pub const DEFAULT_API_VERSION: &str = "v26.0";

/// `host:port` (or the host alone), for messages.
pub(super) fn host_label(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => url.to_string(),
    }
}

/// Whether the URL's host is this machine: 127.0.0.0/8, ::1 or `localhost`.
pub fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    // IPv6 hosts come bracketed; the url crate has already normalised IPv4 forms.
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Parses and checks an API base: http(s) only, plain http only to loopback, no credentials,
/// query or fragment (they would end up in logs).
pub fn check_api_base(api_base: &str) -> Result<Url, GraphError> {
    let bad = |why: &str| {
        GraphError::Config(format!(
            "api_base `{}` {why}; use e.g. {DEFAULT_API_BASE} or http://127.0.0.1:8089 \
             (set in the account in wabactl.yaml or WABACTL_API_BASE)",
            crate::redact::without_credentials(api_base)
        ))
    };
    let url = Url::parse(api_base.trim()).map_err(|e| bad(&format!("is not a URL ({e})")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(bad(
                "uses plain http to a host other than this machine, which would send the \
                 token unencrypted; use https",
            ));
        }
        _ => return Err(bad("must start with https:// (or http:// for 127.0.0.1)")),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not contain credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a query or fragment"));
    }
    Ok(url)
}

/// `v26.0`-style versions only: the version is a path segment.
pub fn check_api_version(version: &str) -> Result<(), GraphError> {
    let valid = version
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| {
            !major.is_empty()
                && !minor.is_empty()
                && major.bytes().all(|b| b.is_ascii_digit())
                && minor.bytes().all(|b| b.is_ascii_digit())
        });
    if valid {
        Ok(())
    } else {
        Err(GraphError::Config(format!(
            "api_version `{version}` is not a Graph API version: use the form {DEFAULT_API_VERSION} \
             (set in the account in wabactl.yaml or WABACTL_API_VERSION)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_never_reach_a_message() {
        for bad in [
            "https://user:s3cret@graph.example.com:x/",
            "https://user:s3cret@graph.example.com/",
            "http://s3cret@10.0.0.1",
        ] {
            let err = check_api_base(bad).unwrap_err().to_string();
            assert!(!err.contains("s3cret"), "{err}");
            assert!(err.contains("[redacted]@"), "{err}");
        }
    }

    #[test]
    fn plain_http_only_to_loopback() {
        for ok in [
            "http://127.0.0.1:8089",
            "http://127.1.2.3",
            "http://[::1]:9000",
            "http://localhost:1",
            "https://graph.facebook.com",
        ] {
            assert!(check_api_base(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://graph.facebook.com",
            "http://10.0.0.1",
            "http://127.0.0.1.example.com",
            "ftp://127.0.0.1",
            "https://user:pw@graph.facebook.com",
            "https://graph.facebook.com/?x=1",
            "graph.facebook.com",
        ] {
            let err = check_api_base(bad).unwrap_err().to_string();
            assert!(err.contains("api_base"), "{bad}: {err}");
        }
        let err = check_api_base("http://example.com")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unencrypted") && err.contains("WABACTL_API_BASE"),
            "{err}"
        );
    }

    #[test]
    fn versions_must_look_like_graph_versions() {
        assert!(check_api_version("v25.0").is_ok());
        assert!(check_api_version("v9.10").is_ok());
        for bad in ["25.0", "v25", "v25.", "latest", "v25.0/x", ""] {
            assert!(check_api_version(bad).is_err(), "{bad}");
        }
    }
}
