//! The access token: where it comes from (environment or file, never a flag), how it is held
//! (redacted in `Debug`, sensitive in headers) and how it is kept out of error text.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

/// The environment variable read when an account names no other.
pub const DEFAULT_TOKEN_ENV: &str = "WHATSAPP_ACCESS_TOKEN";

/// The shortest token taken (see [`AccessToken::new`]).
pub const MIN_TOKEN_LEN: usize = 12;

/// Whether `c` may be part of a token: Meta's are letters and digits, test ones add `-`, `_`
/// and `.`.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// What replaces the token wherever it would otherwise appear in text.
pub const REDACTED: &str = "[redacted]";

/// A Graph API access token. `Debug` never shows it and there is no `Display`.
#[derive(Clone)]
pub struct AccessToken(Arc<SecretString>);

impl AccessToken {
    /// Checks and wraps a token. Surrounding whitespace (a trailing newline in a file) is dropped.
    pub fn new(raw: &str) -> Result<Self, TokenError> {
        let token = raw.trim();
        if token.is_empty() {
            return Err(TokenError::Empty);
        }
        // A token goes into an HTTP header: anything outside visible ASCII cannot be sent and
        // usually means a pasted file with stray bytes.
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(TokenError::BadCharacters);
        }
        // Meta's tokens run to hundreds of characters. A few characters are a mistake (a
        // variable's name, a placeholder), and would make redaction cut words out of text.
        if token.len() < MIN_TOKEN_LEN {
            return Err(TokenError::TooShort(token.len()));
        }
        Ok(Self(Arc::new(SecretString::from(token.to_owned()))))
    }

    /// `Authorization: Bearer ...`, marked sensitive so header dumps show no value.
    pub(crate) fn bearer_header(&self) -> HeaderValue {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.0.expose_secret()))
            .expect("checked in AccessToken::new: visible ASCII only");
        value.set_sensitive(true);
        value
    }

    /// `Authorization: OAuth ...`: the Resumable Upload API's own scheme (templates-api.md
    /// §2.8), marked sensitive like the Bearer header.
    pub(crate) fn oauth_header(&self) -> HeaderValue {
        let mut value = HeaderValue::from_str(&format!("OAuth {}", self.0.expose_secret()))
            .expect("checked in AccessToken::new: visible ASCII only");
        value.set_sensitive(true);
        value
    }

    /// `text` with every occurrence of the token replaced by `[redacted]`.
    ///
    /// The token is never put into URLs or bodies, so this is a second line of defence for
    /// text that came from elsewhere (a server's error message, a `paging.next` URL).
    ///
    /// Only whole occurrences count: the characters either side must not be ones a token is
    /// made of, so a token that happens to be part of a longer word leaves the word whole.
    pub fn scrub(&self, text: &str) -> String {
        let secret: &str = self.0.expose_secret();
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        let mut previous: Option<char> = None;
        while let Some(at) = rest.find(secret) {
            let before = rest[..at].chars().next_back().or(previous);
            let after = rest[at + secret.len()..].chars().next();
            let whole = !before.is_some_and(is_token_char) && !after.is_some_and(is_token_char);
            let end = if whole { at + secret.len() } else { at + 1 };
            let end = (end..=rest.len())
                .find(|&i| rest.is_char_boundary(i))
                .unwrap_or(rest.len());
            out.push_str(&rest[..at]);
            out.push_str(if whole { REDACTED } else { &rest[at..end] });
            previous = rest[..end].chars().next_back();
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// Whether `text` is the token itself.
    pub(crate) fn is(&self, text: &str) -> bool {
        text == self.0.expose_secret()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccessToken({REDACTED})")
    }
}

/// Where a token is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// An environment variable, by name.
    Env(String),
    /// A file holding only the token.
    File(PathBuf),
    /// Standard input (`token_file: -`): a pipe from a secret manager, read once.
    Stdin,
}

impl Default for TokenSource {
    fn default() -> Self {
        Self::Env(DEFAULT_TOKEN_ENV.to_owned())
    }
}

impl fmt::Display for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Env(name) => write!(f, "the environment variable {name}"),
            Self::File(path) => write!(f, "the token file {}", path.display()),
            Self::Stdin => write!(f, "standard input (token_file: -)"),
        }
    }
}

impl TokenSource {
    /// Reads the token. `env` looks a variable up (the process environment in the binary).
    pub fn load(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<AccessToken, TokenError> {
        let token = match self {
            Self::Env(name) => {
                let value =
                    env(name).ok_or_else(|| TokenError::EnvMissing { name: name.clone() })?;
                AccessToken::new(&value)
            }
            Self::File(path) => {
                warn_if_shared(path);
                // Through the guarded reader: a device, a named pipe or a huge file named
                // here is refused at once instead of read until memory runs out or forever.
                let text =
                    crate::input_file::read_text(path, TOKEN_FILE_LIMIT).map_err(|source| {
                        TokenError::File {
                            path: path.clone(),
                            source,
                        }
                    })?;
                AccessToken::new(&text)
            }
            Self::Stdin => {
                let text = read_stdin(TOKEN_FILE_LIMIT).map_err(|source| TokenError::File {
                    path: PathBuf::from("-"),
                    source,
                })?;
                AccessToken::new(&text)
            }
        };
        token.map_err(|err| err.located(self))
    }
}

/// A token file holds one token: Meta's are a few hundred characters.
const TOKEN_FILE_LIMIT: u64 = 64 * 1024;

/// Standard input, up to `limit` bytes: past that it is not a token.
// A pipe from a secret manager, which the project file asked for; no person is asked.
#[allow(clippy::disallowed_methods)]
fn read_stdin(limit: u64) -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("more than {limit} bytes arrived, which is not a token"),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// Tokens are credentials: say so when the file is readable by others (Unix only).
fn warn_if_shared(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.is_file()
            && meta.permissions().mode() & 0o077 != 0
        {
            tracing::warn!(
                "the token file {} is readable by other users: restrict it with `chmod 600`",
                path.display()
            );
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Why no token could be read. None of these messages ever holds the token.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error(
        "no access token: {name} is not set. Export it with a token that has the \
         whatsapp_business_management permission, or set `token_file` for the account in \
         wabactl.yaml; to try wabactl without a Meta account, add --sandbox (a local sandbox \
         account, no token needed)"
    )]
    EnvMissing { name: String },
    #[error(
        "cannot read the token file {}: {source}. Check the path and its permissions (to pipe \
         the token in, set `token_file: -`)",
        path.display()
    )]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the access token is empty")]
    Empty,
    #[error(
        "the access token is only {0} characters long; Meta's tokens are far longer (at \
         least {MIN_TOKEN_LEN} are taken): check that the whole token was copied"
    )]
    TooShort(usize),
    #[error("the access token contains spaces or characters that cannot be sent in an HTTP header")]
    BadCharacters,
    #[error("{problem} (read from {origin}): set it to the token alone")]
    Located {
        problem: Box<TokenError>,
        origin: String,
    },
}

impl TokenError {
    fn located(self, source: &TokenSource) -> Self {
        match self {
            Self::Empty | Self::BadCharacters | Self::TooShort(_) => Self::Located {
                problem: Box::new(self),
                origin: source.to_string(),
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "EAAG-test-7f3a9c";

    #[test]
    fn debug_never_shows_the_token() {
        let token = AccessToken::new(TOKEN).unwrap();
        let shown = format!("{token:?} {:?}", Some(token.clone()));
        assert!(!shown.contains(TOKEN));
        assert!(shown.contains(REDACTED));
    }

    #[test]
    fn the_header_is_bearer_and_sensitive() {
        let header = AccessToken::new(TOKEN).unwrap().bearer_header();
        assert!(header.is_sensitive());
        assert_eq!(header.to_str().unwrap(), format!("Bearer {TOKEN}"));
        assert!(!format!("{header:?}").contains(TOKEN));
    }

    #[test]
    fn scrub_replaces_every_occurrence() {
        let token = AccessToken::new(TOKEN).unwrap();
        let text = format!("bad token {TOKEN}; again {TOKEN}");
        assert_eq!(token.scrub(&text), "bad token [redacted]; again [redacted]");
        assert_eq!(token.scrub("nothing here"), "nothing here");
    }

    #[test]
    fn scrub_replaces_whole_tokens_only() {
        let token = AccessToken::new("abcdefghijkl").unwrap();
        assert_eq!(
            token.scrub("x abcdefghijkl, xabcdefghijkl abcdefghijklm (abcdefghijkl)"),
            "x [redacted], xabcdefghijkl abcdefghijklm ([redacted])"
        );
        assert_eq!(
            token.scrub("é abcdefghijklabcdefghijkl ü"),
            "é abcdefghijklabcdefghijkl ü"
        );
        assert_eq!(
            token.scrub("token=abcdefghijkl&after=X"),
            "token=[redacted]&after=X"
        );
    }

    #[test]
    fn too_short_tokens_are_refused() {
        let err = AccessToken::new("abc").unwrap_err().to_string();
        assert!(err.contains("only 3 characters"), "{err}");
        assert!(AccessToken::new("abcdefghijkl").is_ok());
    }

    #[test]
    fn whitespace_is_trimmed_and_inner_spaces_refused() {
        assert!(AccessToken::new(&format!("  {TOKEN}\n")).is_ok());
        assert!(matches!(AccessToken::new(" \n"), Err(TokenError::Empty)));
        assert!(matches!(
            AccessToken::new("two words"),
            Err(TokenError::BadCharacters)
        ));
    }

    #[test]
    fn env_source_names_the_variable_when_missing() {
        let source = TokenSource::Env("MY_TOKEN".into());
        let err = source.load(&|_| None).unwrap_err().to_string();
        assert!(err.contains("MY_TOKEN is not set"), "{err}");
        let token = source.load(&|name| (name == "MY_TOKEN").then(|| TOKEN.to_owned()));
        assert!(token.is_ok());
    }

    #[test]
    fn file_source_reads_and_trims() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        std::fs::write(&path, format!("{TOKEN}\n")).unwrap();
        let token = TokenSource::File(path.clone()).load(&|_| None).unwrap();
        assert!(token.is(TOKEN));

        std::fs::write(&path, "\n").unwrap();
        let err = TokenSource::File(path)
            .load(&|_| None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("empty") && err.contains("token file"), "{err}");

        let huge = dir.path().join("huge");
        std::fs::File::create(&huge)
            .unwrap()
            .set_len(3 * 1024 * 1024 * 1024)
            .unwrap();
        let err = TokenSource::File(huge)
            .load(&|_| None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("above the limit"), "{err}");

        let missing = TokenSource::File(dir.path().join("absent"));
        let err = missing.load(&|_| None).unwrap_err().to_string();
        assert!(err.contains("cannot read the token file"), "{err}");
    }
}
