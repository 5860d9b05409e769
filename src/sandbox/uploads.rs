//! Meta's Resumable Upload API as the sandbox models it: upload sessions on the app
//! (`POST /{APP_ID}/uploads`), bytes received at an offset (`POST /upload:{SESSION}` with
//! `file_offset`, a part at a time when a transfer is cut), the offset to resume from
//! (`GET /upload:{SESSION}`), and a handle once the file is whole. Finished files are kept
//! (beside the state file, or in memory) and served as Meta's CDN serves samples, under
//! `/media/{ID}.{EXT}`; templates that name a handle this sandbox issued get that URL back.
//!
//! Types and sizes are this model's own reading of Meta's pages: an upload session takes
//! application/pdf, image/jpeg, image/jpg, image/png and video/mp4; a header sample is at most
//! 5 MB for IMAGE (JPEG, PNG), 16 MB for VIDEO (MP4) and 100 MB for DOCUMENT (PDF).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use serde_json::{Map, Value, json};

use super::b64;
use super::errors::{self, ErrorReply};

const MB: u64 = 1_000_000;
const SESSION_TYPES: &[&str] = &[
    "application/pdf",
    "image/jpeg",
    "image/jpg",
    "image/png",
    "video/mp4",
];
/// Where the stored form of a sample this sandbox holds starts; read answers put the base URL
/// in front.
pub const MEDIA_PATH: &str = "/media/";

struct Session {
    file_type: String,
    length: u64,
    bytes: Vec<u8>,
    /// Requests that sent bytes so far (for the cut fault: only the first is cut).
    sends: u32,
}

/// Sessions in progress and finished files.
pub struct MediaStore {
    pub app_id: String,
    /// Where finished files are kept; `None` keeps them in memory.
    dir: Option<PathBuf>,
    /// The first byte-carrying request of each session keeps only this many bytes and fails
    /// as a cut connection would (a fault for testing resumption).
    cut_after: Option<u64>,
    sessions: Mutex<HashMap<String, Session>>,
    memory: Mutex<HashMap<String, Vec<u8>>>,
}

impl MediaStore {
    pub fn new(app_id: String, dir: Option<PathBuf>, cut_after: Option<u64>) -> Self {
        Self {
            app_id,
            dir,
            cut_after,
            sessions: Mutex::default(),
            memory: Mutex::default(),
        }
    }

    /// `POST /{APP_ID}/uploads?file_name=&file_length=&file_type=`.
    pub fn open(&self, app_id: &str, query: &[(String, String)]) -> Result<Value, ErrorReply> {
        if app_id != self.app_id {
            return Err(errors::unknown_object("post", app_id));
        }
        let param = |key: &str| {
            query
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        param("file_name").ok_or_else(|| errors::missing_parameter("file_name"))?;
        let length = param("file_length")
            .ok_or_else(|| errors::missing_parameter("file_length"))?
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=100 * MB).contains(n))
            .ok_or_else(|| invalid("file_length must be a size in bytes, 1 to 100 MB"))?;
        let file_type = param("file_type").ok_or_else(|| errors::missing_parameter("file_type"))?;
        if !SESSION_TYPES.contains(&file_type) {
            return Err(invalid(format!(
                "file_type {file_type} is not supported; use one of {}",
                SESSION_TYPES.join(", ")
            )));
        }
        let id = format!("{:016x}", fastrand::u64(..));
        self.lock_sessions().insert(
            id.clone(),
            Session {
                file_type: file_type.replace("image/jpg", "image/jpeg"),
                length,
                bytes: Vec::new(),
                sends: 0,
            },
        );
        Ok(json!({"id": format!("upload:{id}")}))
    }

    /// `GET /upload:{SESSION}`: the offset to resume from.
    pub fn status(&self, session: &str) -> Result<Value, ErrorReply> {
        let sessions = self.lock_sessions();
        let found = sessions
            .get(session)
            .ok_or_else(|| errors::unknown_object("get", &format!("upload:{session}")))?;
        Ok(json!({"id": format!("upload:{session}"), "file_offset": found.bytes.len().to_string()}))
    }

    /// `POST /upload:{SESSION}` with `file_offset` and bytes: appends them, and answers the
    /// handle once the file is whole.
    pub fn receive(&self, session: &str, offset: u64, body: &[u8]) -> Result<Value, ErrorReply> {
        let mut sessions = self.lock_sessions();
        let found = sessions
            .get_mut(session)
            .ok_or_else(|| errors::unknown_object("post", &format!("upload:{session}")))?;
        let held = found.bytes.len() as u64;
        if offset != held {
            return Err(invalid(format!(
                "file_offset {offset} does not match the {held} bytes received; resume from \
                 the file_offset GET /upload:{session} gives"
            )));
        }
        if held + body.len() as u64 > found.length {
            return Err(invalid(format!(
                "more bytes than the {} the session was opened for",
                found.length
            )));
        }
        found.sends += 1;
        let cut = self
            .cut_after
            .filter(|_| found.sends == 1)
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX).min(body.len()));
        found
            .bytes
            .extend_from_slice(&body[..cut.unwrap_or(body.len())]);
        if cut.is_some_and(|n| n < body.len()) {
            return Err(errors::transient());
        }
        if (found.bytes.len() as u64) < found.length {
            // The transfer ended early: what arrived is kept for a resume.
            return Err(errors::transient());
        }
        let Session {
            file_type, bytes, ..
        } = sessions.remove(session).expect("found above");
        let id = format!("{:016x}", fastrand::u64(..));
        self.keep(&id, &bytes)?;
        Ok(json!({"h": format!("4::{}:{id}", b64::encode(file_type.as_bytes()))}))
    }

    /// The file stored under `name` (`{ID}.{EXT}`) and its content type.
    pub fn file(&self, name: &str) -> Option<(Vec<u8>, &'static str)> {
        let (id, ext) = name.split_once('.')?;
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let bytes = self.load(id)?;
        Some((bytes, content_type(ext)?))
    }

    /// Rewrites the samples of a posted body: a handle this sandbox issued becomes the path of
    /// its file (after the checks Meta makes of a sample); anything else (a local reference
    /// `file:`, a bare session id, a URL, made-up text) is refused, as Meta refuses what is
    /// not a handle.
    pub fn resolve_handles(&self, body: &mut Value) -> Result<(), ErrorReply> {
        let Some(components) = body.get_mut("components").and_then(Value::as_array_mut) else {
            return Ok(());
        };
        for component in components {
            let Some(c) = component.as_object_mut() else {
                continue;
            };
            if let Some(cards) = c.get_mut("cards").and_then(Value::as_array_mut) {
                for card in cards {
                    self.resolve_handles(card)?;
                }
            }
            self.resolve_header(c)?;
        }
        Ok(())
    }

    fn resolve_header(&self, c: &mut Map<String, Value>) -> Result<(), ErrorReply> {
        let format = c
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_uppercase();
        let Some(handles) = c
            .get_mut("example")
            .and_then(|e| e.get_mut("header_handle"))
            .and_then(Value::as_array_mut)
        else {
            return Ok(());
        };
        for handle in handles {
            let Some(text) = handle.as_str() else {
                continue;
            };
            if text.starts_with("file:") || text.starts_with("upload:") {
                return Err(invalid(format!(
                    "header_handle `{text}` is not a file handle: upload the file with the \
                     Resumable Upload API and use the handle it returns"
                )));
            }
            // Meta takes a handle its upload API issued, nothing else (a media id, a URL,
            // made-up text): so does the sandbox.
            match self.sample_path(text, &format)? {
                Some(path) => *handle = Value::String(path),
                None => {
                    return Err(invalid(format!(
                        "header_handle `{}` is not a handle this account's uploads issued: \
                         upload the file with the Resumable Upload API (POST /{{APP_ID}}/uploads) \
                         and use the handle (`4::...`) it returns",
                        shorten(text)
                    )));
                }
            }
        }
        Ok(())
    }

    /// For a handle this sandbox issued: checks the sample suits the header, and gives the
    /// path it is served under.
    fn sample_path(&self, handle: &str, format: &str) -> Result<Option<String>, ErrorReply> {
        let Some((mime, id)) = handle
            .strip_prefix("4::")
            .and_then(|rest| rest.split_once(':'))
            .and_then(|(mime, id)| Some((String::from_utf8(b64::decode(mime)?).ok()?, id)))
        else {
            return Ok(None);
        };
        let Some(bytes) = self.load(id) else {
            return Ok(None);
        };
        let (types, limit): (&[&str], u64) = match format {
            "IMAGE" => (&["image/jpeg", "image/png"], 5 * MB),
            "VIDEO" => (&["video/mp4"], 16 * MB),
            "DOCUMENT" => (&["application/pdf"], 100 * MB),
            _ => return Err(invalid(format!("a {format} header takes no header_handle"))),
        };
        if !types.contains(&mime.as_str()) {
            return Err(invalid(format!("a {format} header does not take {mime}")));
        }
        if bytes.len() as u64 > limit {
            return Err(invalid(format!(
                "the {format} sample holds {} bytes; at most {limit} are allowed",
                bytes.len()
            )));
        }
        let ext = match mime.as_str() {
            "image/png" => "png",
            "video/mp4" => "mp4",
            "application/pdf" => "pdf",
            _ => "jpg",
        };
        Ok(Some(format!("{MEDIA_PATH}{id}.{ext}")))
    }

    fn keep(&self, id: &str, bytes: &[u8]) -> Result<(), ErrorReply> {
        match &self.dir {
            Some(dir) => std::fs::create_dir_all(dir)
                .and_then(|()| crate::atomic_file::write(&dir.join(id), bytes))
                .map_err(|_| errors::transient()),
            None => {
                self.memory
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(id.to_owned(), bytes.to_vec());
                Ok(())
            }
        }
    }

    fn load(&self, id: &str) -> Option<Vec<u8>> {
        if !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        match &self.dir {
            // The largest upload a session takes (a DOCUMENT) is the most a stored one holds.
            Some(dir) => crate::input_file::read_bytes(&dir.join(id), 100 * MB).ok(),
            None => self
                .memory
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(id)
                .cloned(),
        }
    }

    fn lock_sessions(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Whether a read answer holds a sample path (see [`absolute_urls`]).
pub fn has_sample_path(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, v)| match (key.as_str(), v) {
            ("header_handle", Value::Array(items)) => items
                .iter()
                .any(|item| item.as_str().is_some_and(|s| s.starts_with(MEDIA_PATH))),
            _ => has_sample_path(v),
        }),
        Value::Array(items) => items.iter().any(has_sample_path),
        _ => false,
    }
}

/// Puts `base_url` in front of every sample path in a read answer.
pub fn absolute_urls(value: &mut Value, base_url: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "header_handle"
                    && let Value::Array(items) = v
                {
                    for item in items {
                        if let Value::String(s) = item
                            && s.starts_with(MEDIA_PATH)
                        {
                            *s = format!("{base_url}{s}");
                        }
                    }
                } else {
                    absolute_urls(v, base_url);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| absolute_urls(v, base_url)),
        _ => {}
    }
}

fn content_type(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "jpg" => "image/jpeg",
        "png" => "image/png",
        "mp4" => "video/mp4",
        "pdf" => "application/pdf",
        _ => return None,
    })
}

/// At most 60 characters of a posted value, for a message.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

fn invalid(user_msg: impl Into<String>) -> ErrorReply {
    errors::invalid_parameter("Invalid parameter", user_msg)
}
