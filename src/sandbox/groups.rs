//! Template groups as Meta's Template groups page describes them: create with
//! `{name, description, whatsapp_business_templates: [ids]}` answering `{"id"}`, and
//! `GET /{GROUP_ID}` with the group's templates; names unique (at most 256 characters),
//! descriptions at most 512, a template in one group at most.
//!
//! The page shows no list, update or delete call. The sandbox serves the Graph API's usual
//! shapes for them (`GET /{WABA_ID}/template_groups`, `POST /{GROUP_ID}` with the create fields,
//! the template list replacing the group's, `DELETE /{GROUP_ID}` answering
//! `{"success": true}`): the sandbox's own assumptions, listed in docs/meta-api.md. Refusals
//! use the error shape of the rest of the sandbox (code 100, an invalid parameter).

use serde_json::{Map, Value, json};

use super::errors::{self, ErrorReply};
use super::state::{AccountState, StoredGroup};

const NAME_MAX: usize = 256;
const DESCRIPTION_MAX: usize = 512;

pub fn find<'a>(account: &'a AccountState, id: &str) -> Option<&'a StoredGroup> {
    account.template_groups.iter().find(|g| g.id == id)
}

/// `POST /{WABA_ID}/template_groups`.
pub fn create(account: &mut AccountState, body: &Value) -> Result<Value, ErrorReply> {
    let name = name_of(body)?.ok_or_else(|| errors::missing_parameter("name"))?;
    let description = description_of(body)?.unwrap_or_default();
    let ids = templates_of(body)?
        .ok_or_else(|| errors::missing_parameter("whatsapp_business_templates"))?;
    check_name_free(account, &name, None)?;
    check_templates(account, &ids, None)?;
    let now = account.now_ms();
    let id = new_group_id(account);
    account.template_groups.push(StoredGroup {
        id: id.clone(),
        name,
        description,
        template_ids: ids,
        created_ms: now,
        updated_ms: now,
    });
    Ok(json!({ "id": id }))
}

/// `POST /{GROUP_ID}` (the sandbox's assumption): the fields given replace the group's.
pub fn update(account: &mut AccountState, id: &str, body: &Value) -> Result<Value, ErrorReply> {
    if find(account, id).is_none() {
        return Err(errors::unknown_object("post", id));
    }
    let name = name_of(body)?;
    let description = description_of(body)?;
    let ids = templates_of(body)?;
    if let Some(name) = &name {
        check_name_free(account, name, Some(id))?;
    }
    if let Some(ids) = &ids {
        check_templates(account, ids, Some(id))?;
    }
    let now = account.now_ms();
    let group = account
        .template_groups
        .iter_mut()
        .find(|g| g.id == id)
        .expect("found above");
    if let Some(name) = name {
        group.name = name;
    }
    if let Some(description) = description {
        group.description = description;
    }
    if let Some(ids) = ids {
        group.template_ids = ids;
    }
    group.updated_ms = now;
    Ok(json!({ "success": true }))
}

/// `DELETE /{GROUP_ID}` (the sandbox's assumption). Its templates stay.
pub fn delete(account: &mut AccountState, id: &str) -> Result<Value, ErrorReply> {
    let before = account.template_groups.len();
    account.template_groups.retain(|g| g.id != id);
    if account.template_groups.len() == before {
        return Err(errors::unknown_object("delete", id));
    }
    Ok(json!({ "success": true }))
}

/// `GET /{WABA_ID}/template_groups` (the sandbox's assumption): every group, one page.
pub fn list(account: &AccountState, waba_id: &str) -> Value {
    let data: Vec<Value> = account
        .template_groups
        .iter()
        .map(|g| node(account, g, waba_id, false))
        .collect();
    json!({ "data": data })
}

/// `GET /{GROUP_ID}` as Meta's page shows it: the group with its (live) templates.
pub fn get(account: &AccountState, group: &StoredGroup, waba_id: &str) -> Value {
    node(account, group, waba_id, true)
}

fn node(account: &AccountState, group: &StoredGroup, waba_id: &str, templates: bool) -> Value {
    let mut node = Map::new();
    node.insert("name".into(), json!(group.name));
    node.insert("description".into(), json!(group.description));
    node.insert("creation_time".into(), json!(time(group.created_ms)));
    node.insert("update_time".into(), json!(time(group.updated_ms)));
    node.insert("whatsapp_business_account".into(), json!({ "id": waba_id }));
    if templates {
        // One pass over the account, not one per member (the account mutex is held).
        let wanted: std::collections::HashSet<&str> =
            group.template_ids.iter().map(String::as_str).collect();
        let data: Vec<Value> = account
            .templates
            .iter()
            .filter(|t| wanted.contains(t.id()) && !t.is_deleted())
            .map(|t| json!({"id": t.id(), "name": t.name(), "language": t.language()}))
            .collect();
        node.insert(
            "whatsapp_business_templates".into(),
            json!({ "data": data, "paging": { "cursors": { "before": "MAZDZD", "after": "MAZDZD" } } }),
        );
    }
    node.insert("id".into(), json!(group.id));
    Value::Object(node)
}

/// Seconds since the epoch, as Graph timestamps often are.
fn time(ms: i64) -> i64 {
    ms / 1000
}

fn new_group_id(account: &mut AccountState) -> String {
    loop {
        let id = account.new_id();
        if !account.template_groups.iter().any(|g| g.id == id) {
            return id;
        }
    }
}

fn name_of(body: &Value) -> Result<Option<String>, ErrorReply> {
    match body.get("name") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(name)) => {
            let chars = name.chars().count();
            if name.trim().is_empty() {
                Err(errors::missing_parameter("name"))
            } else if chars > NAME_MAX {
                Err(errors::too_long("name", NAME_MAX, chars))
            } else {
                Ok(Some(name.clone()))
            }
        }
        Some(_) => Err(errors::invalid_parameter(
            "Invalid parameter",
            "name must be a string.",
        )),
    }
}

fn description_of(body: &Value) -> Result<Option<String>, ErrorReply> {
    match body.get("description") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => {
            let chars = text.chars().count();
            if chars > DESCRIPTION_MAX {
                Err(errors::too_long("description", DESCRIPTION_MAX, chars))
            } else {
                Ok(Some(text.clone()))
            }
        }
        Some(_) => Err(errors::invalid_parameter(
            "Invalid parameter",
            "description must be a string.",
        )),
    }
}

/// The template ids: an array of integers, as Meta's page types them (digit strings taken).
fn templates_of(body: &Value) -> Result<Option<Vec<String>>, ErrorReply> {
    let Some(value) = body.get("whatsapp_business_templates") else {
        return Ok(None);
    };
    let bad = || {
        errors::invalid_parameter(
            "Invalid parameter",
            "whatsapp_business_templates must be an array of template IDs.",
        )
    };
    let items = value.as_array().ok_or_else(bad)?;
    let mut ids = Vec::with_capacity(items.len());
    for item in items {
        let id = match item {
            Value::Number(n) if n.is_u64() => n.to_string(),
            Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.clone(),
            _ => return Err(bad()),
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(Some(ids))
}

fn check_name_free(
    account: &AccountState,
    name: &str,
    except: Option<&str>,
) -> Result<(), ErrorReply> {
    if account
        .template_groups
        .iter()
        .any(|g| g.name == name && Some(g.id.as_str()) != except)
    {
        return Err(errors::invalid_parameter(
            "Template group name already in use",
            format!(
                "A template group named \"{name}\" already exists. Group names must be unique."
            ),
        ));
    }
    Ok(())
}

/// Each id is a live template of the account, in no other group.
fn check_templates(
    account: &AccountState,
    ids: &[String],
    except: Option<&str>,
) -> Result<(), ErrorReply> {
    let live: std::collections::HashSet<&str> = account
        .templates
        .iter()
        .filter(|t| !t.is_deleted())
        .map(|t| t.id())
        .collect();
    for id in ids {
        if !live.contains(id.as_str()) {
            return Err(errors::invalid_parameter(
                "Template not found",
                format!("No message template with ID {id} exists on this account."),
            ));
        }
        if let Some(other) = account
            .template_groups
            .iter()
            .find(|g| Some(g.id.as_str()) != except && g.template_ids.contains(id))
        {
            return Err(errors::invalid_parameter(
                "Template already in a group",
                format!(
                    "Message template {id} is already in template group \"{}\". A template can \
                     only be part of one template group at a time.",
                    other.name
                ),
            ));
        }
    }
    Ok(())
}
