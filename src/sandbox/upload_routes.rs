//! The HTTP side of uploads: the Resumable Upload API's three calls, which take
//! `Authorization: OAuth <token>` (a Bearer header is refused there, as Meta's page says the
//! OAuth header is required), and `GET /media/{ID}.{EXT}`, the sandbox's CDN: public, no token.

use axum::Json;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::errors::{self, ErrorReply};
use super::uploads::MediaStore;

type GraphResult = Result<Response, ErrorReply>;

/// `POST /{version}/{APP_ID}/uploads`.
pub fn open_session(media: &MediaStore, app_id: &str, query: &[(String, String)]) -> GraphResult {
    Ok(Json(media.open(app_id, query)?).into_response())
}

/// `GET /{version}/upload:{SESSION}`.
pub fn status(media: &MediaStore, session: &str, headers: &HeaderMap) -> GraphResult {
    require_oauth(headers)?;
    Ok(Json(media.status(session)?).into_response())
}

/// `POST /{version}/upload:{SESSION}` with `file_offset` and the bytes.
pub fn receive(
    media: &MediaStore,
    session: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> GraphResult {
    require_oauth(headers)?;
    let offset = headers
        .get("file_offset")
        .ok_or_else(|| errors::missing_parameter("file_offset"))?
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .ok_or_else(|| {
            errors::invalid_parameter("Invalid parameter", "file_offset must be a byte offset")
        })?;
    Ok(Json(media.receive(session, offset, body)?).into_response())
}

/// `GET /media/{ID}.{EXT}`: an uploaded sample's bytes.
pub fn serve_media(media: &MediaStore, name: &str) -> Response {
    match media.file(name) {
        Some((bytes, content_type)) => {
            ([(header::CONTENT_TYPE, content_type)], bytes).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn require_oauth(headers: &HeaderMap) -> Result<(), ErrorReply> {
    let scheme_is_oauth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("OAuth "));
    if scheme_is_oauth {
        Ok(())
    } else {
        Err(errors::invalid_token().with_message(
            190,
            "Upload requests need the header `Authorization: OAuth <token>` (not Bearer)",
        ))
    }
}
