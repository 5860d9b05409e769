//! Digests: the account's fingerprint (has it changed since the plan?) and a plan's seal
//! (was the saved plan edited?).

use sha2::{Digest, Sha256};

use super::plan::Plan;
use crate::graph::wire::RemoteTemplate;

/// `sha256:<hex>` over the account's templates sorted by id, each written as compact JSON with
/// object keys sorted.
///
/// It covers everything `apply` acts on (status, category, components, TTL, ...) and leaves
/// out the quality score, which moves on its own and changes nothing `apply` does.
pub fn fingerprint(remote: &[RemoteTemplate]) -> String {
    let mut templates: Vec<&RemoteTemplate> = remote.iter().collect();
    templates.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.name.cmp(&b.name)));
    let mut hasher = Sha256::new();
    for t in templates {
        let fields = (
            &t.id,
            &t.name,
            &t.language,
            &t.status,
            &t.category,
            &t.previous_category,
            &t.correct_category,
            &t.sub_category,
            &t.parameter_format,
            &t.message_send_ttl_seconds,
            &t.rejected_reason,
            &t.library_template_name,
            &t.cta_url_link_tracking_opted_out,
        );
        serde_json::to_writer(HashWriter(&mut hasher), &fields).expect("plain data");
        for component in &t.components.values() {
            hash_canonical(component, None, &mut hasher);
        }
        hasher.update(b"\n");
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// `sha256:<hex>` over the whole plan document except `plan_digest`, keys sorted: it seals
/// every planned change and request body, so an edited saved plan is told from a made one.
/// (It detects edits, not forgery: anyone who can run `wabactl plan` can make a valid plan.)
pub fn plan_digest(plan: &Plan) -> String {
    document_digest(&serde_json::to_value(plan).expect("a plan is plain data"))
}

fn document_digest(document: &serde_json::Value) -> String {
    let mut hasher = Sha256::new();
    hash_canonical(document, Some("plan_digest"), &mut hasher);
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{hex}")
}

impl Plan {
    /// Sets `plan_digest` from the rest of the plan.
    pub fn sealed(mut self) -> Self {
        self.plan_digest = plan_digest(&self);
        self
    }

    /// Whether `plan_digest` matches the rest of the plan.
    pub fn is_intact(&self) -> bool {
        !self.plan_digest.is_empty() && self.plan_digest == plan_digest(self)
    }
}

/// Feeds JSON into the hash with object keys sorted, so the same data always hashes the same;
/// `skip` is a key of the outermost object left out.
fn hash_canonical(value: &serde_json::Value, skip: Option<&str>, hasher: &mut Sha256) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().filter(|k| Some(k.as_str()) != skip).collect();
            keys.sort();
            hasher.update(b"{");
            for key in keys {
                serde_json::to_writer(HashWriter(hasher), key).expect("a string");
                hasher.update(b":");
                hash_canonical(&map[key.as_str()], None, hasher);
                hasher.update(b",");
            }
            hasher.update(b"}");
        }
        Value::Array(items) => {
            hasher.update(b"[");
            for item in items {
                hash_canonical(item, None, hasher);
                hasher.update(b",");
            }
            hasher.update(b"]");
        }
        other => serde_json::to_writer(HashWriter(hasher), other).expect("a scalar"),
    }
}

/// Lets serde_json write straight into the hash.
struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote(json: serde_json::Value) -> RemoteTemplate {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn fingerprint_ignores_order_and_key_order_but_not_status() {
        let a = remote(serde_json::json!({"id": "1", "name": "a", "language": "en",
            "status": "APPROVED", "components": [{"type": "BODY", "text": "x"}]}));
        let b = remote(serde_json::json!({"id": "2", "name": "b", "language": "en",
            "status": "APPROVED", "components": [{"text": "y", "type": "BODY"}]}));
        let b_reordered = remote(serde_json::json!({"id": "2", "name": "b", "language": "en",
            "status": "APPROVED", "components": [{"type": "BODY", "text": "y"}]}));
        assert_eq!(
            fingerprint(&[a.clone(), b.clone()]),
            fingerprint(&[b_reordered, a.clone()])
        );
        let mut paused = b.clone();
        paused.status = Some("PAUSED".into());
        assert_ne!(fingerprint(&[a.clone(), b]), fingerprint(&[a, paused]));
        assert!(fingerprint(&[]).starts_with("sha256:"));
    }

    #[test]
    fn a_written_plan_reads_back_intact_and_an_edited_one_does_not() {
        let remote = vec![remote(
            serde_json::json!({"id": "1", "name": "a", "language": "en",
            "status": "APPROVED", "category": "UTILITY",
            "components": [{"type": "BODY", "text": "x"}]}),
        )];
        let plan = crate::reconcile::plan(&[], &remote, &crate::reconcile::PlanOptions::default());
        assert!(plan.plan_digest.is_empty(), "sealed only when written");
        let document = serde_json::to_value(plan.sealed()).unwrap();
        let read: Plan = serde_json::from_value(document.clone()).unwrap();
        assert!(read.is_intact());
        let mut edited = document;
        edited["counts"]["unmanaged"] = 2.into();
        let edited: Plan = serde_json::from_value(edited).unwrap();
        assert!(!edited.is_intact());
    }
}
