//! Query strings as the Graph API reads them: one it cannot read is refused with a Graph error
//! (code 100) in Meta's error shape, never a bare HTTP 400.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::errors::{self, ErrorReply};

/// A query string, read as `T`.
pub struct GraphQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for GraphQuery<T> {
    type Rejection = ErrorReply;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(query)) => Ok(GraphQuery(query)),
            Err(rejection) => Err(errors::invalid_parameter(
                "Invalid parameter",
                format!(
                    "The query string cannot be read: {}.",
                    rejection.body_text()
                ),
            )),
        }
    }
}

/// A node's answer narrowed to `fields` (and `id`, which Graph always sends), as Graph reads a
/// node; without `fields`, the whole default answer.
pub fn node_fields(node: serde_json::Value, fields: Option<&str>) -> serde_json::Value {
    let (Some(fields), serde_json::Value::Object(map)) = (fields, &node) else {
        return node;
    };
    let wanted: Vec<&str> = fields.split(',').map(str::trim).collect();
    serde_json::Value::Object(
        map.iter()
            .filter(|(key, _)| key.as_str() == "id" || wanted.contains(&key.as_str()))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::node_fields;

    #[test]
    fn fields_narrow_a_node_and_keep_its_id() {
        let node = json!({"id": "1", "name": "acct", "message_template_namespace": "ns"});
        assert_eq!(
            node_fields(node.clone(), Some("message_template_namespace")),
            json!({"id": "1", "message_template_namespace": "ns"})
        );
        assert_eq!(node_fields(node.clone(), None), node);
    }
}
