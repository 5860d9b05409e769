//! Fetching a template's media sample for `import`: only over https (or plain http to this
//! machine), never with the access token (the sample sits on a CDN, not the Graph API host),
//! bounded in size, and only a type Meta allows.

use std::time::Duration;

use anyhow::{Context, bail};
use reqwest::Url;

use crate::graph::client::is_loopback;
use crate::template::sample::kind::{LARGEST, MediaType};

/// A downloaded sample.
#[derive(Debug, Clone)]
pub struct Sample {
    pub bytes: Vec<u8>,
    pub media_type: MediaType,
}

/// The client for one download: no token, redirects followed only where a download may go,
/// and no proxy for this machine (a local sandbox).
fn client(url: &Url, timeout: Duration) -> anyhow::Result<reqwest::Client> {
    let redirects = reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() < 5 && allowed_url(attempt.url().as_str()).is_ok() {
            attempt.follow()
        } else {
            attempt.stop()
        }
    });
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .user_agent(concat!("wabactl/", env!("CARGO_PKG_VERSION")))
        .redirect(redirects);
    if is_loopback(url) {
        builder = builder.no_proxy();
    }
    builder
        .build()
        .context("cannot set up the HTTP client for media downloads")
}

/// Whether wabactl fetches from `url`: https anywhere, http only to this machine.
pub fn allowed_url(url: &str) -> anyhow::Result<Url> {
    let parsed = Url::parse(url).with_context(|| format!("`{url}` is not a URL"))?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if is_loopback(&parsed) => Ok(parsed),
        _ => bail!("media samples are downloaded only over https (or http from this machine)"),
    }
}

/// Downloads the sample at `url`, at most [`LARGEST`] bytes, of a type Meta allows.
pub async fn fetch(url: &str, timeout: Duration) -> anyhow::Result<Sample> {
    let url = allowed_url(url)?;
    let mut response = client(&url, timeout)?
        .get(url)
        .send()
        .await
        .context("the download failed")?;
    let status = response.status();
    if !status.is_success() {
        bail!("the server answered HTTP {}", status.as_u16());
    }
    if response.content_length().is_some_and(|n| n > LARGEST) {
        bail!("the sample is larger than {LARGEST} bytes");
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.context("the download broke off")? {
        if (bytes.len() + chunk.len()) as u64 > LARGEST {
            bail!("the sample is larger than {LARGEST} bytes");
        }
        bytes.extend_from_slice(&chunk);
    }
    let media_type =
        MediaType::sniff(&bytes).context("the sample is not a JPEG, PNG, MP4 or PDF file")?;
    Ok(Sample { bytes, media_type })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_local_http() {
        assert!(allowed_url("https://scontent.whatsapp.net/v/x.jpg").is_ok());
        assert!(allowed_url("http://127.0.0.1:8089/media/1.jpg").is_ok());
        assert!(allowed_url("http://localhost:8089/media/1.jpg").is_ok());
        assert!(allowed_url("http://cdn.example.com/x.jpg").is_err());
        assert!(allowed_url("file:///etc/passwd").is_err());
        assert!(allowed_url("not a url").is_err());
    }
}
