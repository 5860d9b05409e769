//! The sandbox account over real HTTP on loopback: in-process (`Sandbox::start`) for the rules,
//! and the real binary (`wabactl sandbox serve --port 0`) for the command line.

use std::path::{Path, PathBuf};

use reqwest::StatusCode;
use serde_json::{Value, json};
use wabactl::sandbox::{Assumption, Assumptions, FaultConfig, ReviewRules, Sandbox, SandboxConfig};

use crate::support::{EMPTY_ACCOUNT, Served};

const TOKEN: &str = "sandbox-token";

/// A client for one sandbox, speaking the Graph paths.
struct Api {
    base: String,
    waba: String,
    phone: String,
    http: reqwest::Client,
}

struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Answer {
    fn code(&self) -> i64 {
        self.body["error"]["code"].as_i64().unwrap_or(0)
    }
    fn subcode(&self) -> i64 {
        self.body["error"]["error_subcode"].as_i64().unwrap_or(0)
    }
    fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    }
}

impl Api {
    fn new(base: &str, waba: &str, phone: &str) -> Self {
        Self {
            base: base.to_owned(),
            waba: waba.to_owned(),
            phone: phone.to_owned(),
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
        }
    }

    fn of(sandbox: &Sandbox) -> Self {
        Self::new(
            sandbox.base_url(),
            sandbox.waba_id(),
            sandbox.phone_number_id(),
        )
    }

    fn templates(&self) -> String {
        format!("/v25.0/{}/message_templates", self.waba)
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        }
    }

    async fn call(&self, request: reqwest::RequestBuilder) -> Result<Answer, reqwest::Error> {
        let response = request.bearer_auth(TOKEN).send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.json().await?;
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    async fn get(&self, path: &str) -> Answer {
        self.call(self.http.get(self.url(path))).await.unwrap()
    }

    async fn post(&self, path: &str, body: &Value) -> Answer {
        self.try_post(path, body).await.unwrap()
    }

    async fn try_post(&self, path: &str, body: &Value) -> Result<Answer, reqwest::Error> {
        self.call(self.http.post(self.url(path)).json(body)).await
    }

    async fn delete(&self, path: &str) -> Answer {
        self.call(self.http.delete(self.url(path))).await.unwrap()
    }

    async fn create(&self, body: &Value) -> Answer {
        self.post(&self.templates(), body).await
    }

    /// Uploads `bytes` as `mime` through the Resumable Upload API; the handle it returns.
    async fn upload(&self, mime: &str, bytes: &[u8]) -> String {
        let open = self
            .post(
                &format!(
                    "/v25.0/{}/uploads?file_name=sample&file_length={}&file_type={mime}",
                    wabactl::sandbox::DEFAULT_APP_ID,
                    bytes.len()
                ),
                &json!({}),
            )
            .await;
        let session = open.body["id"].as_str().unwrap().to_owned();
        let done: Value = self
            .http
            .post(self.url(&format!("/v25.0/{session}")))
            .header("Authorization", format!("OAuth {TOKEN}"))
            .header("file_offset", "0")
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        done["h"].as_str().unwrap().to_owned()
    }

    async fn template(&self, id: &str) -> Value {
        self.get(&format!("/v25.0/{id}")).await.body
    }

    async fn debug_state(&self) -> Value {
        let response = self
            .http
            .get(self.url("/__sandbox/state"))
            .send()
            .await
            .unwrap();
        response.json().await.unwrap()
    }

    async fn advance(&self, seconds: i64) {
        let url = self.url(&format!("/__sandbox/clock?advance_seconds={seconds}"));
        let response = self.http.post(url).send().await.unwrap();
        assert!(response.status().is_success());
    }
}

fn body_template(name: &str, language: &str, category: &str, text: &str) -> Value {
    json!({"name": name, "language": language, "category": category,
           "components": [{"type": "BODY", "text": text}]})
}

/// A sandbox holding no template unless `config` seeds or keeps one (a new account's
/// `hello_world` is tested on its own).
async fn start(mut config: SandboxConfig) -> (Sandbox, Api) {
    if config.seed_path.is_none() && config.state_path.is_none() {
        config.seed_path = Some(EMPTY_ACCOUNT.into());
    }
    let sandbox = Sandbox::start(config).await.unwrap();
    let api = Api::of(&sandbox);
    (sandbox, api)
}

/// `t_{i}`: a UTILITY template in en_US.
fn numbered_template(i: usize) -> Value {
    body_template(&format!("t_{i}"), "en_US", "UTILITY", "Shipped.")
}

/// Creates `t_0` to `t_{count - 1}`, each accepted, and answers the create of one more.
async fn fill(api: &Api, count: usize) -> Answer {
    for i in 0..count {
        let ok = api.create(&numbered_template(i)).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    }
    api.create(&numbered_template(count)).await
}

async fn start_default() -> (Sandbox, Api) {
    start(SandboxConfig::default()).await
}

/// Creates a template and lets review approve it.
async fn create_approved(api: &Api, name: &str, language: &str) -> String {
    let created = api
        .create(&body_template(
            name,
            language,
            "UTILITY",
            "Your order has shipped.",
        ))
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(api.template(&id).await["status"], "APPROVED");
    id
}

fn seed_file(dir: &Path, data: Value) -> PathBuf {
    let path = dir.join("seed.json");
    std::fs::write(&path, json!({ "data": data }).to_string()).unwrap();
    path
}

fn corpus(dir: &str) -> PathBuf {
    PathBuf::from(crate::support::CORPUS).join(dir)
}

/// What Meta takes and refuses, through raw HTTP against the real binary with no assumption:
/// the upper-case spelling of `call_permission_request` (pywa's, and the sandbox's own
/// listing's), taken back as listed; the legacy one-tap fields, a made-up `header_handle`, a
/// URL for one, and a Flow the account does not have, refused with 100.
#[tokio::test]
async fn metas_spellings_are_taken_and_what_meta_refuses_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let served = Served::start(&["--state", state.to_str().unwrap()]);
    let api = Api::new(&served.base_url, "102290129340398", "106540352242922");
    let read = |file: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(corpus("templates").join(file)).unwrap())
            .unwrap()
    };

    let mut upper = read("docs_utility_call_permission_request_named.json");
    upper["components"][1]["type"] = json!("CALL_PERMISSION_REQUEST");
    let created = api.create(&upper).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let listed = api.template(created.body["id"].as_str().unwrap()).await;
    assert_eq!(listed["components"][1]["type"], "CALL_PERMISSION_REQUEST");
    // What it lists, it takes back: the listed components, as an edit and as a new template.
    let edit = api
        .post(
            &format!("/v25.0/{}", created.body["id"].as_str().unwrap()),
            &json!({"components": listed["components"]}),
        )
        .await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.body);
    let mut copy = upper.clone();
    copy["name"] = json!("order_support_call_copy");
    copy["components"] = listed["components"].clone();
    let copied = api.create(&copy).await;
    assert_eq!(copied.status, StatusCode::OK, "{}", copied.body);

    let legacy = api
        .create(&read("postman_auth_one_tap_legacy_package_fields.json"))
        .await;
    assert_eq!(legacy.code(), 100, "{}", legacy.body);
    assert!(
        legacy.body["error"]["error_user_msg"]
            .as_str()
            .unwrap()
            .contains("supported_apps"),
        "{}",
        legacy.body
    );

    let image = |handle: &str| {
        json!({"name": "spring_sale", "language": "en_US", "category": "MARKETING",
               "components": [
                 {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": [handle]}},
                 {"type": "BODY", "text": "Our spring sale starts today."}]})
    };
    for handle in [
        "garbage",
        "https://example.com/spring.jpg",
        "4::aW1hZ2UvanBlZw==:ARb",
    ] {
        let refused = api.create(&image(handle)).await;
        assert_eq!(refused.code(), 100, "{handle}: {}", refused.body);
        assert!(
            refused.body["error"]["error_user_msg"]
                .as_str()
                .unwrap()
                .contains("is not a handle this account's uploads issued"),
            "{}",
            refused.body
        );
    }
    let handle = api.upload("image/jpeg", b"\xFF\xD8\xFF\xE0 spring").await;
    let taken = api.create(&image(&handle)).await;
    assert_eq!(taken.status, StatusCode::OK, "{}", taken.body);

    let flow = |reference: Value| {
        let mut button = json!({"type": "FLOW", "text": "Book", "flow_action": "navigate",
                                "navigate_screen": "PICK_DATE"});
        button
            .as_object_mut()
            .unwrap()
            .extend(reference.as_object().unwrap().clone());
        json!({"name": "cupping", "language": "en_US", "category": "UTILITY",
               "components": [{"type": "BODY", "text": "Pick a date for your cupping."},
                              {"type": "BUTTONS", "buttons": [button]}]})
    };
    let unknown = api.create(&flow(json!({"flow_id": "404404404"}))).await;
    assert_eq!(unknown.code(), 100, "{}", unknown.body);
    let known = api
        .create(&flow(json!({"flow_name": "cupping_booking_v2"})))
        .await;
    assert_eq!(known.status, StatusCode::OK, "{}", known.body);

    // Text and autofill_text in an upsert: Meta's Bulk management page refuses them.
    let upsert = api
        .post(
            "/v25.0/102290129340398/upsert_message_templates",
            &json!({"name": "login_code", "languages": ["en_US", "fr"], "category": "AUTHENTICATION",
                    "components": [{"type": "BODY", "add_security_recommendation": true},
                      {"type": "BUTTONS", "buttons": [
                        {"type": "OTP", "otp_type": "COPY_CODE", "text": "Copy code"}]}]}),
        )
        .await;
    assert_eq!(upsert.code(), 100, "{}", upsert.body);
    assert!(served.terminate().success());
}

#[tokio::test]
async fn binary_prints_its_url_first_then_the_settings_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let served = Served::start(&["--state", state.to_str().unwrap(), "--create-quota", "7"]);
    let port: u16 = served
        .base_url
        .strip_prefix("http://127.0.0.1:")
        .expect("first line is the base URL")
        .parse()
        .unwrap();
    assert_ne!(port, 0);
    let banner = served.banner.join("\n");
    assert!(banner.contains("token:            sandbox-token (set WHATSAPP_ACCESS_TOKEN to this)"));
    assert!(banner.contains("create quota:     7 per hour"), "{banner}");
    assert!(
        banner.contains("waba id:          102290129340398"),
        "{banner}"
    );

    assert!(
        banner.contains("assumptions:      none (only documented behaviour)"),
        "{banner}"
    );

    // A new account holds Meta's sample template, approved, and sends it.
    let api = Api::new(&served.base_url, "102290129340398", "106540352242922");
    let listed = api.get(&api.templates()).await;
    assert_eq!(listed.status, StatusCode::OK);
    let names: Vec<(&str, &str, &str)> = listed.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap(),
                t["language"].as_str().unwrap(),
                t["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(names, [("hello_world", "en_US", "APPROVED")]);
    let sent = api
        .post(
            &format!("/v25.0/{}/messages", api.phone),
            &json!({"messaging_product": "whatsapp", "to": "16505551234", "type": "template",
                    "template": {"name": "hello_world", "language": {"code": "en_US"}}}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert!(sent.body["messages"][0]["id"].is_string(), "{}", sent.body);
    assert!(served.terminate().success());
    assert!(state.exists());
}

#[tokio::test]
async fn binary_hides_a_custom_token() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let served = Served::start(&[
        "--state",
        state.to_str().unwrap(),
        "--token",
        "my-own-secret",
    ]);
    let banner = served.banner.join("\n");
    assert!(!banner.contains("my-own-secret"), "{banner}");
    assert!(banner.contains("as given with --token"));
}

#[tokio::test]
async fn missing_or_wrong_token_is_190_with_http_401() {
    let (_sandbox, api) = start_default().await;
    let url = api.url(&api.templates());
    for request in [api.http.get(&url), api.http.get(&url).bearer_auth("wrong")] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], 190);
        assert_eq!(body["error"]["type"], "OAuthException");
        assert!(body["error"]["fbtrace_id"].is_string());
    }
}

#[tokio::test]
async fn unknown_ids_paths_and_versions_answer_like_graph() {
    let (_sandbox, api) = start_default().await;
    for (path, method) in [
        ("/v25.0/123456".to_owned(), "get"),
        ("/v25.0/999/message_templates".to_owned(), "get"),
    ] {
        let answer = api.get(&path).await;
        assert_eq!((answer.code(), answer.subcode()), (100, 33), "{path}");
        let message = answer.body["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(&format!("Unsupported {method} request. Object with ID")));
        assert_eq!(answer.body["error"]["type"], "GraphMethodException");
    }
    let send = api.post("/v25.0/999/messages", &json!({})).await;
    assert_eq!((send.code(), send.subcode()), (100, 33));
    let bad_version = api
        .get(&format!("/v25.1/{}/message_templates", api.waba))
        .await;
    assert_eq!(bad_version.code(), 2500);
    // An ended version is served (Meta sends it to the oldest usable one); one Meta has not
    // published is an unknown path.
    for version in ["v19.0", "v26.0"] {
        let answer = api
            .get(&format!("/{version}/{}/message_templates", api.waba))
            .await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.header("facebook-api-version"), version);
    }
    let unpublished = api
        .get(&format!("/v99.0/{}/message_templates", api.waba))
        .await;
    assert_eq!(unpublished.code(), 2500, "{}", unpublished.body);
    // A query string it cannot read is refused in Graph's error shape, not a bare 400.
    let unreadable = api
        .delete(&format!("{}?name=a&name=b", api.templates()))
        .await;
    assert_eq!(unreadable.status, StatusCode::BAD_REQUEST);
    assert_eq!(unreadable.code(), 100, "{}", unreadable.body);
    assert!(unreadable.body["error"]["fbtrace_id"].is_string());
    // A node read with `fields` answers those fields and its id, as the namespace read does
    // in Meta's Postman collection.
    let namespace = api
        .get(&format!(
            "/v25.0/{}?fields=message_template_namespace",
            api.waba
        ))
        .await;
    assert_eq!(
        namespace.body,
        json!({"id": api.waba, "message_template_namespace": "sandbox_namespace"})
    );
}

#[tokio::test]
async fn list_pages_with_absolute_next_links_back_to_the_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let data: Vec<Value> = (0..60)
        .map(|i| {
            json!({"name": format!("seeded_{i:02}"), "language": "en_US", "category": "UTILITY",
                        "components": [{"type": "BODY", "text": format!("Message {i}.")}]})
        })
        .collect();
    let (_sandbox, api) = start(SandboxConfig {
        seed_path: Some(seed_file(dir.path(), json!(data))),
        ..SandboxConfig::default()
    })
    .await;
    let mut url = format!("{}?limit=25&fields=name,status", api.templates());
    let mut ids = std::collections::BTreeSet::new();
    let mut pages = 0;
    loop {
        let page = api.get(&url).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        pages += 1;
        for item in page.body["data"].as_array().unwrap() {
            assert!(ids.insert(item["id"].as_str().unwrap().to_owned()));
        }
        match page.body["paging"]["next"].as_str() {
            Some(next) => {
                assert!(next.starts_with(&format!(
                    "{}/v25.0/{}/message_templates?",
                    api.base, api.waba
                )));
                assert!(next.contains("fields=name%2Cstatus"), "{next}");
                url = next.to_owned();
            }
            None => break,
        }
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(pages, 3);
    assert_eq!(ids.len(), 60);

    let first = api.get(&api.templates()).await;
    assert_eq!(
        first.body["data"].as_array().unwrap().len(),
        25,
        "default limit"
    );
    let big = api.get(&format!("{}?limit=100000", api.templates())).await;
    assert_eq!(big.body["data"].as_array().unwrap().len(), 60);
    let bad_cursor = api
        .get(&format!("{}?after=nonsense!", api.templates()))
        .await;
    assert_eq!(bad_cursor.code(), 100);
}

#[tokio::test]
async fn fields_filters_and_summary() {
    let (_sandbox, api) = start_default().await;
    let id = create_approved(&api, "order_update", "en_US").await;
    create_approved(&api, "order_update", "pt_BR").await;
    create_approved(&api, "welcome", "en_US").await;

    let selected = api
        .get(&format!("{}?fields=status,name", api.templates()))
        .await;
    let keys: Vec<&String> = selected.body["data"][0]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys, ["status", "name", "id"]);

    let default = api.template(&id).await;
    let keys: Vec<&String> = default.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "name",
            "parameter_format",
            "components",
            "language",
            "status",
            "category",
            "id"
        ]
    );
    let one = api.get(&format!("/v25.0/{id}?fields=status")).await;
    assert_eq!(one.body, json!({"status": "APPROVED", "id": id}));
    let computed = api
        .get(&format!("/v25.0/{id}?fields=rejected_reason,quality_score"))
        .await;
    assert_eq!(computed.body["rejected_reason"], "NONE");
    assert_eq!(computed.body["quality_score"]["score"], "UNKNOWN");
    let unknown_field = api.get(&format!("/v25.0/{id}?fields=nonsense")).await;
    assert_eq!(unknown_field.code(), 100);

    let names = |answer: &Answer| -> Vec<String> {
        answer.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                format!(
                    "{}/{}",
                    t["name"].as_str().unwrap(),
                    t["language"].as_str().unwrap()
                )
            })
            .collect()
    };
    let by_name = api.get(&format!("{}?name=order", api.templates())).await;
    assert_eq!(
        names(&by_name),
        ["order_update/en_US", "order_update/pt_BR"]
    );
    let by_language = api
        .get(&format!("{}?language=pt_BR", api.templates()))
        .await;
    assert_eq!(names(&by_language), ["order_update/pt_BR"]);
    let by_status = api
        .get(&format!("{}?status=approved,paused", api.templates()))
        .await;
    assert_eq!(names(&by_status).len(), 3);
    let by_category = api
        .get(&format!("{}?category=MARKETING", api.templates()))
        .await;
    assert_eq!(names(&by_category).len(), 0);

    let summary = api
        .get(&format!(
            "{}?name=welcome&summary=total_count,message_template_count,message_template_limit,are_translations_complete",
            api.templates()
        ))
        .await;
    assert_eq!(
        summary.body["summary"],
        json!({"total_count": 1, "message_template_count": 3, "message_template_limit": 6000,
               "are_translations_complete": true})
    );
    let no_summary = api.get(&api.templates()).await;
    assert!(no_summary.body.get("summary").is_none());
}

#[tokio::test]
async fn create_answers_and_refuses_duplicates_and_invalid_bodies() {
    let (_sandbox, api) = start_default().await;
    let created = api
        .create(&body_template(
            "order_update",
            "en_US",
            "utility",
            "Your order has shipped.",
        ))
        .await;
    assert_eq!(created.status, StatusCode::OK);
    let keys: Vec<&String> = created.body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "status", "category"]);
    assert_eq!(created.body["status"], "PENDING");
    assert_eq!(created.body["category"], "UTILITY");
    assert!(
        created
            .header("x-business-use-case-usage")
            .contains("estimated_time_to_regain_access")
    );

    let again = api
        .create(&body_template(
            "order_update",
            "en_US",
            "UTILITY",
            "Other text.",
        ))
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!((again.code(), again.subcode()), (100, 2_388_024));
    assert_eq!(
        again.body["error"]["error_user_title"],
        "Content in This Language Already Exists"
    );
    let other_language = api
        .create(&body_template(
            "order_update",
            "en",
            "UTILITY",
            "Your order has shipped.",
        ))
        .await;
    assert_eq!(
        other_language.status,
        StatusCode::OK,
        "en and en_US are different templates"
    );

    let invalid = [
        body_template("Order Update", "en_US", "UTILITY", "x"),
        body_template("ok_name", "english", "UTILITY", "x"),
        body_template("ok_name", "en_US", "PROMOTION", "x"),
        json!({"name": "ok_name", "language": "en_US", "category": "UTILITY", "components": [
            {"type": "BODY", "text": "a"}, {"type": "BODY", "text": "b"}]}),
        json!({"name": "ok_name", "language": "en_US", "category": "UTILITY"}),
        body_template("ok_name", "en_US", "UTILITY", &"x".repeat(1025)),
    ];
    for body in invalid {
        let answer = api.create(&body).await;
        assert_eq!(answer.code(), 100, "{body} -> {}", answer.body);
        for key in [
            "message",
            "type",
            "is_transient",
            "error_user_title",
            "error_user_msg",
            "fbtrace_id",
        ] {
            assert!(answer.body["error"].get(key).is_some(), "{key} missing");
        }
    }
    let state = api.debug_state().await;
    assert_eq!(state["account"]["templates"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_locked_name_is_refused_with_a_bare_100_unless_the_subcode_is_assumed() {
    let (_sandbox, api) = start_default().await;
    create_approved(&api, "spring_promo", "en_US").await;
    api.delete(&format!("{}?name=spring_promo", api.templates()))
        .await;
    // Meta documents the 30-day hold, not its error, nor that the deleted copy is listed.
    let listed = api.get(&api.templates()).await;
    assert_eq!(listed.body["data"], json!([]), "{}", listed.body);
    let again = api
        .create(&body_template(
            "spring_promo",
            "en_US",
            "UTILITY",
            "Shipped.",
        ))
        .await;
    assert_eq!((again.code(), again.subcode()), (100, 0), "{}", again.body);
    assert!(
        !again.body.to_string().contains("2388023"),
        "{}",
        again.body
    );
}

#[tokio::test]
async fn deleting_an_approved_template_locks_its_name_and_language_for_30_days() {
    let (_sandbox, api) = start(SandboxConfig {
        assume: Assumptions::new([Assumption::NameLockSubcode]),
        ..SandboxConfig::default()
    })
    .await;
    create_approved(&api, "spring_promo", "en_US").await;
    let deleted = api
        .delete(&format!("{}?name=spring_promo", api.templates()))
        .await;
    assert_eq!(deleted.body, json!({"success": true}));
    let again = api
        .create(&body_template(
            "spring_promo",
            "en_US",
            "UTILITY",
            "Your order has shipped.",
        ))
        .await;
    assert_eq!((again.code(), again.subcode()), (100, 2_388_023));
    api.advance(29 * 86_400).await;
    let still = api
        .create(&body_template(
            "spring_promo",
            "en_US",
            "UTILITY",
            "Your order has shipped.",
        ))
        .await;
    assert_eq!(still.subcode(), 2_388_023);
    api.advance(2 * 86_400).await;
    let later = api
        .create(&body_template(
            "spring_promo",
            "en_US",
            "UTILITY",
            "Your order has shipped.",
        ))
        .await;
    assert_eq!(later.status, StatusCode::OK, "{}", later.body);

    // A template deleted before approval leaves no lock.
    let rejected = api
        .create(&body_template("bad_one", "en_US", "UTILITY", "Hello {{1}}"))
        .await;
    let id = rejected.body["id"].as_str().unwrap();
    assert_eq!(api.template(id).await["status"], "REJECTED");
    api.delete(&format!("{}?name=bad_one", api.templates()))
        .await;
    let reused = api
        .create(&body_template(
            "bad_one",
            "en_US",
            "UTILITY",
            "Hello there.",
        ))
        .await;
    assert_eq!(reused.status, StatusCode::OK);
}

#[tokio::test]
async fn edit_rules_for_approved_rejected_and_pending_templates() {
    let (_sandbox, api) = start(SandboxConfig {
        review: ReviewRules {
            delay_ms: 60_000,
            ..ReviewRules::default()
        },
        ..SandboxConfig::default()
    })
    .await;
    let created = api
        .create(&body_template(
            "order_update",
            "en_US",
            "UTILITY",
            "Your order has shipped.",
        ))
        .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let path = format!("/v25.0/{id}");
    let components = |text: &str| json!({"components": [{"type": "BODY", "text": text}]});

    let pending = api.post(&path, &components("Shipped.")).await;
    assert_eq!(pending.code(), 100, "PENDING is not editable");
    api.advance(61).await;
    assert_eq!(api.template(&id).await["status"], "APPROVED");

    let edited = api
        .post(&path, &components("Your parcel has shipped."))
        .await;
    assert_eq!(edited.body["success"], true, "{}", edited.body);
    let after = api.template(&id).await;
    assert_eq!(after["status"], "PENDING");
    assert_eq!(after["components"][0]["text"], "Your parcel has shipped.");
    api.advance(61).await;
    assert_eq!(api.template(&id).await["status"], "APPROVED");

    let too_soon = api.post(&path, &components("Again.")).await;
    assert_eq!(too_soon.code(), 80012, "{}", too_soon.body);
    assert_eq!(
        too_soon.body["error"]["error_user_title"],
        "Template Edit Limit Reached"
    );
    // The next edit is possible 24 hours after the last one, and the answer says when.
    let details = too_soon.body["error"]["error_data"]["details"]
        .as_str()
        .unwrap()
        .to_owned();
    let next = wabactl::utc::find_rfc3339(&details).expect("a time in the details");
    let state = api.debug_state().await;
    let now = state["now_ms"].as_i64().unwrap() / 1000;
    assert!(
        (24 * 3600 - 70..=24 * 3600).contains(&(next - now)),
        "next edit {next}, now {now}: {details}"
    );
    let category = api.post(&path, &json!({"category": "MARKETING"})).await;
    assert_eq!(
        category.body["error"]["error_user_title"],
        "Category Cannot Be Changed"
    );
    let renamed = api
        .post(
            &path,
            &json!({"name": "other_name", "components": [{"type": "BODY", "text": "x."}]}),
        )
        .await;
    assert_eq!(
        renamed.body["error"]["error_user_title"],
        "Field Cannot Be Edited"
    );

    // Nine more edits, a day apart, use up the 10 per 30 days; the eleventh is refused.
    for day in 0..9 {
        api.advance(25 * 3600).await;
        let ok = api
            .post(&path, &components(&format!("Edit number {day}.")))
            .await;
        assert_eq!(ok.body["success"], true, "edit {day}: {}", ok.body);
        api.advance(61).await;
    }
    api.advance(25 * 3600).await;
    let eleventh = api.post(&path, &components("One too many.")).await;
    assert!(
        eleventh.body["error"]["error_user_msg"]
            .as_str()
            .unwrap()
            .contains("30 days"),
        "{}",
        eleventh.body
    );

    // A rejected template can be edited without limit, category included.
    let bad = api
        .create(&body_template("bad_body", "en_US", "UTILITY", "Hi {{1}}"))
        .await;
    let bad_id = bad.body["id"].as_str().unwrap().to_owned();
    api.advance(61).await;
    assert_eq!(api.template(&bad_id).await["status"], "REJECTED");
    for _ in 0..3 {
        let fixed = api
            .post(&format!("/v25.0/{bad_id}"), &json!({"category": "MARKETING",
                "components": [{"type": "BODY", "text": "Hi {{1}}", "example": {"body_text": [["Ann"]]}}]}))
            .await;
        assert_eq!(fixed.body["success"], true, "{}", fixed.body);
        api.advance(61).await;
        assert_eq!(api.template(&bad_id).await["status"], "REJECTED");
    }
    let unknown = api.post("/v25.0/777777", &components("x.")).await;
    assert_eq!((unknown.code(), unknown.subcode()), (100, 33));
}

#[tokio::test]
async fn delete_by_name_removes_every_language_and_by_hsm_id_only_one() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seed_file(
        dir.path(),
        json!([{"name": "blocked", "language": "en_US", "status": "DISABLED", "category": "MARKETING",
                "components": [{"type": "BODY", "text": "Old."}]}]),
    );
    // The listing of a deleted copy is an assumption (`--assume deleted-listing`).
    let (_sandbox, api) = start(SandboxConfig {
        seed_path: Some(seed),
        assume: Assumptions::new([Assumption::DeletedListing]),
        ..SandboxConfig::default()
    })
    .await;
    let en = create_approved(&api, "greeting", "en_US").await;
    let fr = create_approved(&api, "greeting", "fr").await;
    let de = create_approved(&api, "greeting", "de").await;

    let one = api
        .delete(&format!("{}?name=greeting&hsm_id={fr}", api.templates()))
        .await;
    assert_eq!(one.body, json!({"success": true}));
    let left = api.get(&format!("{}?name=greeting", api.templates())).await;
    let statuses: Vec<(&str, &str)> = left.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["language"].as_str().unwrap(),
                t["status"].as_str().unwrap(),
            )
        })
        .collect();
    // An approved template deleted stays listed as DELETED while its name is locked, with
    // the time of its deletion.
    assert_eq!(
        statuses,
        [("en_US", "APPROVED"), ("fr", "DELETED"), ("de", "APPROVED")],
        "{}",
        left.body
    );
    assert!(
        left.body["data"][1]["deleted_time"].is_i64(),
        "{}",
        left.body
    );
    let again = api
        .delete(&format!("{}?name=greeting&hsm_id={fr}", api.templates()))
        .await;
    assert_eq!(again.code(), 100, "a deleted copy cannot be deleted again");

    let mismatch = api
        .delete(&format!("{}?name=other&hsm_id={en}", api.templates()))
        .await;
    assert_eq!(mismatch.code(), 100);
    let all = api
        .delete(&format!("{}?name=greeting", api.templates()))
        .await;
    assert_eq!(all.body, json!({"success": true}));
    assert_eq!(api.template(&de).await["status"], "DELETED");

    let missing = api
        .delete(&format!("{}?name=greeting", api.templates()))
        .await;
    assert_eq!(missing.code(), 100);
    let no_name = api.delete(&api.templates()).await;
    assert_eq!(no_name.code(), 100);
    let disabled = api
        .delete(&format!("{}?name=blocked", api.templates()))
        .await;
    assert_eq!(
        disabled.body["error"]["error_user_title"],
        "Template Cannot Be Deleted"
    );

    // Bulk delete by ids is all or nothing.
    let a = create_approved(&api, "bulk_a", "en_US").await;
    let b = create_approved(&api, "bulk_b", "en_US").await;
    let with_unknown = api
        .delete(&format!("{}?hsm_ids=[\"{a}\",\"424242\"]", api.templates()))
        .await;
    assert_eq!(with_unknown.code(), 100);
    assert_eq!(
        api.template(&a).await["status"],
        "APPROVED",
        "nothing was deleted"
    );
    let combined = api
        .delete(&format!(
            "{}?hsm_ids=[\"{a}\"]&name=bulk_a",
            api.templates()
        ))
        .await;
    assert_eq!(combined.code(), 100);
    let bulk = api
        .delete(&format!("{}?hsm_ids=[\"{a}\",\"{b}\"]", api.templates()))
        .await;
    assert_eq!(bulk.body, json!({"success": true}));
    assert_eq!(api.template(&b).await["status"], "DELETED");
    // Thirty days on, the deleted copies are gone for good.
    api.advance(30 * 24 * 3600 + 1).await;
    assert_eq!(api.template(&b).await["error"]["error_subcode"], 33);
    let listed = api.get(&api.templates()).await;
    assert!(
        listed.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"] != "DELETED"),
        "{}",
        listed.body
    );
}

#[tokio::test]
async fn creation_quota_throttles_with_time_to_regain_access() {
    let (_sandbox, api) = start(SandboxConfig {
        create_quota_per_hour: 3,
        ..SandboxConfig::default()
    })
    .await;
    let over = fill(&api, 3).await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(over.code(), 80008);
    let usage: Value = serde_json::from_str(&over.header("x-business-use-case-usage")).unwrap();
    let regain = usage[&api.waba][0]["estimated_time_to_regain_access"]
        .as_u64()
        .unwrap();
    assert!((1..=60).contains(&regain), "{usage}");
    api.advance(3601).await;
    let later = api.create(&numbered_template(3)).await;
    assert_eq!(later.status, StatusCode::OK);
}

#[tokio::test]
async fn unlimited_quota_and_template_limit() {
    let (_sandbox, api) = start(SandboxConfig {
        create_quota_per_hour: 0,
        template_limit: 4,
        ..SandboxConfig::default()
    })
    .await;
    let full = fill(&api, 4).await;
    assert_eq!((full.code(), full.subcode()), (100, 2_388_019));
}

#[tokio::test]
async fn review_approves_after_the_delay_rejects_rule_breakers_and_recategorises() {
    let (_sandbox, api) = start(SandboxConfig {
        review: ReviewRules {
            delay_ms: 10 * 60_000,
            ..ReviewRules::default()
        },
        ..SandboxConfig::default()
    })
    .await;
    let create = |name: &str, text: &str| {
        json!({"name": name, "language": "en_US", "category": "UTILITY",
               "components": [{"type": "BODY", "text": text, "example": {"body_text": [["x", "y"]]}}]})
    };
    let good = api
        .create(&create("good", "Hi {{1}}, your order is ready."))
        .await;
    let ends = api.create(&create("ends", "Your code is {{1}}")).await;
    let starts = api.create(&create("starts", "{{1}} is your code.")).await;
    let adjacent = api
        .create(&create("adjacent", "Hi {{1}}{{2}} there."))
        .await;
    let trigger = api
        .create(&create("trigger", "Please REJECT_ME now."))
        .await;
    let sale = api
        .create(&create("sale", "Our summer sale starts {{1}}, see you."))
        .await;
    assert_eq!(sale.body["category"], "MARKETING", "re-categorised at once");

    let id = |a: &Answer| a.body["id"].as_str().unwrap().to_owned();
    assert_eq!(api.template(&id(&good)).await["status"], "PENDING");
    api.advance(9 * 60).await;
    assert_eq!(api.template(&id(&good)).await["status"], "PENDING");
    api.advance(2 * 60).await;

    let fields = "?fields=status,rejected_reason,category,previous_category";
    let get = |a: &Answer| {
        let path = format!("/v25.0/{}{fields}", id(a));
        let api = &api;
        async move { api.get(&path).await }
    };
    let approved = get(&good).await.body;
    assert_eq!(approved["status"], "APPROVED");
    assert_eq!(approved["rejected_reason"], "NONE");
    for rejected in [&ends, &starts, &adjacent] {
        let body = get(rejected).await.body;
        assert_eq!(body["status"], "REJECTED");
        assert_eq!(body["rejected_reason"], "INVALID_FORMAT");
    }
    assert_eq!(
        get(&trigger).await.body["rejected_reason"],
        "ABUSIVE_CONTENT"
    );
    let moved = get(&sale).await.body;
    assert_eq!(moved["status"], "APPROVED");
    assert_eq!(moved["category"], "MARKETING");
    assert_eq!(moved["previous_category"], "UTILITY");
}

#[tokio::test]
async fn get_returns_what_meta_returns_not_what_was_posted() {
    let (_sandbox, api) = start_default().await;
    let handle = api.upload("image/jpeg", b"\xFF\xD8\xFF\xE0 a sample").await;
    let marketing = api
        .create(&json!({
            "name": "summer_offer", "language": "en_US", "category": "marketing", "parameter_format": "named",
            "components": [
                {"type": "header", "format": "image", "example": {"header_handle": [handle]}},
                {"type": "body", "text": "Hi {{first_name}}, new arrivals are here.",
                 "example": {"body_text_named_params": [{"param_name": "first_name", "example": "Ann"}]}},
                {"type": "buttons", "buttons": [
                    {"type": "phone_number", "text": "Call us", "phone_number": "15550051310"},
                    {"type": "url", "text": "Shop", "url": "https://shop.example/{{1}}", "example": "https://shop.example/x"},
                    {"type": "quick_reply", "text": "Stop"}]}]
        }))
        .await;
    let got = api.template(marketing.body["id"].as_str().unwrap()).await;
    assert_eq!(got["category"], "MARKETING");
    assert_eq!(got["parameter_format"], "NAMED");
    assert_eq!(got["sub_category"], "CUSTOM");
    let c = &got["components"];
    assert_eq!(c[0]["type"], "HEADER");
    assert_eq!(c[0]["format"], "IMAGE");
    // The uploaded sample comes back as a URL that serves it, as Meta's CDN URL does.
    let url = c[0]["example"]["header_handle"][0].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/media/", api.base)) && url.ends_with(".jpg"),
        "{url}"
    );
    assert_eq!(c[1]["type"], "BODY");
    let buttons = &c[2]["buttons"];
    assert_eq!(buttons[0]["type"], "PHONE_NUMBER");
    assert_eq!(buttons[0]["phone_number"], "+15550051310");
    assert_eq!(buttons[1]["type"], "URL");
    assert_eq!(buttons[1]["example"], json!(["https://shop.example/x"]));
    assert_eq!(buttons[2]["type"], "QUICK_REPLY");

    let auth = api
        .create(&json!({
            "name": "login_code", "language": "en_US", "category": "authentication",
            "components": [
                {"type": "body", "add_security_recommendation": true},
                {"type": "footer", "code_expiration_minutes": 10},
                {"type": "buttons", "buttons": [{"type": "otp", "otp_type": "copy_code", "text": "Copy code"}]}]
        }))
        .await;
    let got = api.template(auth.body["id"].as_str().unwrap()).await;
    assert_eq!(got["parameter_format"], "POSITIONAL");
    assert_eq!(got["message_send_ttl_seconds"], 600);
    let c = &got["components"];
    assert_eq!(
        c[0]["text"],
        "*{{1}}* is your verification code. For your security, do not share this code."
    );
    assert_eq!(c[0]["example"]["body_text"], json!([["123456"]]));
    assert_eq!(c[1]["text"], "This code expires in 10 minutes.");
    let otp = &c[2]["buttons"][0];
    assert_eq!(otp["type"], "URL");
    assert_eq!(
        otp["url"],
        "https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=10&code=otp{{1}}"
    );
    assert!(
        otp["example"][0]
            .as_str()
            .unwrap()
            .ends_with("code=otp123456")
    );

    let single = api
        .create(&json!({"name": "one_var", "language": "en", "category": "UTILITY",
            "components": [{"type": "BODY", "text": "Hi {{1}}, done.", "example": {"body_text": "Ann"}}]}))
        .await;
    let got = api.template(single.body["id"].as_str().unwrap()).await;
    assert_eq!(
        got["components"][0]["example"]["body_text"],
        json!([["Ann"]])
    );
}

#[tokio::test]
async fn send_accepts_approved_templates_and_refuses_the_rest() {
    let (_sandbox, api) = start_default().await;
    api.create(
        &json!({"name": "order_ready", "language": "en_US", "category": "UTILITY",
        "components": [{"type": "BODY", "text": "Hi {{1}}, order {{2}} is ready.",
                        "example": {"body_text": [["Ann", "42"]]}}]}),
    )
    .await;
    let send_path = format!("/v25.0/{}/messages", api.phone);
    let message = |language: &str, params: Vec<&str>| {
        let parameters: Vec<Value> = params
            .iter()
            .map(|p| json!({"type": "text", "text": p}))
            .collect();
        json!({"messaging_product": "whatsapp", "to": "+1 555 123 4567", "type": "template",
               "template": {"name": "order_ready", "language": {"code": language},
                            "components": [{"type": "body", "parameters": parameters}]}})
    };
    let sent = api
        .post(&send_path, &message("en_US", vec!["Ann", "42"]))
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert_eq!(sent.body["messaging_product"], "whatsapp");
    assert_eq!(
        sent.body["contacts"][0],
        json!({"input": "+1 555 123 4567", "wa_id": "15551234567"})
    );
    assert!(
        sent.body["messages"][0]["id"]
            .as_str()
            .unwrap()
            .starts_with("wamid.")
    );
    assert_eq!(sent.body["messages"][0]["message_status"], "accepted");

    let wrong_language = api
        .post(&send_path, &message("pt_BR", vec!["Ann", "42"]))
        .await;
    assert_eq!(wrong_language.code(), 132001);
    assert_eq!(
        wrong_language.body["error"]["error_data"]["details"],
        "template name (order_ready) does not exist in pt_BR"
    );
    let too_few = api.post(&send_path, &message("en_US", vec!["Ann"])).await;
    assert_eq!(too_few.code(), 132000);
    let not_whatsapp = api
        .post(
            &send_path,
            &json!({"messaging_product": "sms", "to": "1", "type": "template"}),
        )
        .await;
    assert_eq!(not_whatsapp.code(), 100);

    let pending = {
        let (_other, other_api) = start(SandboxConfig {
            review: ReviewRules {
                delay_ms: 60_000,
                ..ReviewRules::default()
            },
            ..SandboxConfig::default()
        })
        .await;
        other_api
            .create(
                &json!({"name": "order_ready", "language": "en_US", "category": "UTILITY",
                "components": [{"type": "BODY", "text": "Hi {{1}}, order {{2}} is ready.",
                                "example": {"body_text": [["Ann", "42"]]}}]}),
            )
            .await;
        other_api
            .post(&send_path, &message("en_US", vec!["Ann", "42"]))
            .await
    };
    assert_eq!(pending.code(), 132001, "a PENDING template cannot be sent");
}

/// The status of each of `n` creates (or "dropped"), against a fresh sandbox with `faults`.
async fn fault_run(faults: FaultConfig, n: usize) -> (Vec<String>, usize) {
    let (_sandbox, api) = start(SandboxConfig {
        faults,
        create_quota_per_hour: 0,
        ..SandboxConfig::default()
    })
    .await;
    let mut outcomes = Vec::new();
    for i in 0..n {
        let body = body_template(&format!("t_{i}"), "en_US", "UTILITY", "Shipped.");
        outcomes.push(match api.try_post(&api.templates(), &body).await {
            Ok(answer) => format!("{} {}", answer.status.as_u16(), answer.code()),
            Err(_) => "dropped".to_owned(),
        });
    }
    let created = api.debug_state().await["account"]["templates"]
        .as_array()
        .unwrap()
        .len();
    (outcomes, created)
}

#[tokio::test]
async fn faults_are_reproducible_with_a_seed_and_5xx_or_throttling_change_nothing() {
    let faults = |seed| FaultConfig {
        fail_rate_5xx: 0.25,
        throttle_rate: 0.25,
        drop_rate: 0.25,
        seed,
        ..FaultConfig::default()
    };
    let (first, created_first) = fault_run(faults(11), 40).await;
    let (second, created_second) = fault_run(faults(11), 40).await;
    assert_eq!(first, second);
    assert_eq!(created_first, created_second);
    let (other, _) = fault_run(faults(12), 40).await;
    assert_ne!(first, other);
    for kind in ["200 0", "500 2", "429 80008", "dropped"] {
        assert!(
            first.iter().any(|o| o == kind),
            "{kind} never happened: {first:?}"
        );
    }
    let answered_ok = first.iter().filter(|o| *o == "200 0").count();
    let dropped = first.iter().filter(|o| *o == "dropped").count();
    // Dropped writes are sometimes applied before the connection closes, sometimes not.
    assert!(created_first > answered_ok, "no dropped write was applied");
    assert!(
        created_first < answered_ok + dropped,
        "every dropped write was applied"
    );

    let (all_5xx, created) = fault_run(
        FaultConfig {
            fail_rate_5xx: 1.0,
            ..FaultConfig::default()
        },
        3,
    )
    .await;
    assert_eq!(all_5xx, ["500 2"; 3]);
    assert_eq!(created, 0);
    let (all_throttled, created) = fault_run(
        FaultConfig {
            throttle_rate: 1.0,
            ..FaultConfig::default()
        },
        3,
    )
    .await;
    assert_eq!(all_throttled, ["429 80008"; 3]);
    assert_eq!(created, 0);
}

#[tokio::test]
async fn transient_and_throttle_answers_carry_what_a_client_needs() {
    let (_sandbox, api) = start(SandboxConfig {
        faults: FaultConfig {
            fail_rate_5xx: 0.5,
            throttle_rate: 0.5,
            latency_ms: 1,
            ..FaultConfig::default()
        },
        ..SandboxConfig::default()
    })
    .await;
    let mut seen = (false, false);
    for _ in 0..20 {
        let answer = api.get(&api.templates()).await;
        match answer.status {
            StatusCode::INTERNAL_SERVER_ERROR => {
                assert_eq!(answer.body["error"]["is_transient"], true);
                seen.0 = true;
            }
            StatusCode::TOO_MANY_REQUESTS => {
                let usage: Value =
                    serde_json::from_str(&answer.header("x-business-use-case-usage")).unwrap();
                assert!(
                    usage[&api.waba][0]
                        .get("estimated_time_to_regain_access")
                        .is_some()
                );
                seen.1 = true;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(seen, (true, true));
    let state = api.debug_state().await;
    assert_eq!(
        state["waba_id"],
        api.waba.as_str(),
        "the debug endpoint is never faulted"
    );
}

#[tokio::test]
async fn state_is_saved_after_each_change_and_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("account/state.json");
    let config = || SandboxConfig {
        state_path: Some(path.clone()),
        ..SandboxConfig::default()
    };
    let (sandbox, api) = start(config()).await;
    let id = create_approved(&api, "kept", "en_US").await;
    api.create(&body_template("gone", "en_US", "UTILITY", "Bye."))
        .await;
    api.delete(&format!("{}?name=gone", api.templates())).await;
    // Each answered change is on disk: appended to the journal beside the state file (the
    // deleted template removed, its name lock kept).
    let journal = std::fs::read_to_string(path.with_file_name("state.json.journal")).unwrap();
    assert!(journal.lines().count() >= 3, "{journal}");
    let last = journal.lines().last().unwrap();
    assert!(
        last.contains("\"remove\"") && last.contains("\"name\":\"gone\""),
        "{journal}"
    );
    sandbox.shutdown().await.unwrap();
    let leftovers: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        leftovers.iter().all(|name| !name.contains("wabactl-tmp")),
        "no temporary file left behind: {leftovers:?}"
    );

    let (_again, api) = start(config()).await;
    assert_eq!(api.template(&id).await["name"], "kept");
    let listed = api
        .get(&format!("{}?status=APPROVED", api.templates()))
        .await;
    // `kept`, and the new account's `hello_world`.
    assert_eq!(listed.body["data"].as_array().unwrap().len(), 2);
    let next = api
        .create(&body_template("new_one", "en_US", "UTILITY", "Hi."))
        .await;
    assert_ne!(
        next.body["id"],
        id.as_str(),
        "ids are not reused after a restart"
    );
}

#[tokio::test]
async fn every_list_response_in_the_corpus_seeds_an_account() {
    let mut seeded = 0;
    for entry in std::fs::read_dir(corpus("responses")).unwrap() {
        let path = entry.unwrap().path();
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let Some(data) = value.get("data").and_then(Value::as_array) else {
            continue;
        };
        let (_sandbox, api) = start(SandboxConfig {
            seed_path: Some(path.clone()),
            ..SandboxConfig::default()
        })
        .await;
        let listed = api.get(&format!("{}?limit=100", api.templates())).await;
        let items = listed.body["data"].as_array().unwrap();
        assert_eq!(items.len(), data.len(), "{}", path.display());
        for (seed, item) in data.iter().zip(items) {
            if let Some(id) = seed.get("id") {
                assert_eq!(&item["id"], id, "{}", path.display());
            }
            let expected_status = seed.get("status").cloned().unwrap_or(json!("APPROVED"));
            assert_eq!(item["status"], expected_status, "{}", path.display());
            assert!(item["name"].is_string() && item["language"].is_string());
        }
        seeded += 1;
    }
    assert!(seeded >= 8, "only {seeded} list responses found");
}

#[tokio::test]
async fn seeding_refuses_a_file_that_is_not_a_list_response() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.json");
    std::fs::write(&path, r#"{"id": "1", "status": "APPROVED"}"#).unwrap();
    let err = Sandbox::start(SandboxConfig {
        seed_path: Some(path.clone()),
        ..SandboxConfig::default()
    })
    .await
    .err()
    .unwrap();
    assert!(err.to_string().contains("data"), "{err}");
    assert!(err.to_string().contains(path.to_str().unwrap()), "{err}");
}

/// Group commit: concurrent changes are saved together, and each is on disk before it is
/// answered, so a sandbox killed right after the answers (no shutdown, no final save) comes
/// back with every one of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_answered_change_survives_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let served = Served::start(&[
        "--state",
        state.to_str().unwrap(),
        "--create-quota",
        "0",
        "--latency-ms",
        "5",
    ]);
    let api = std::sync::Arc::new(Api::new(
        &served.base_url,
        "102290129340398",
        "106540352242922",
    ));
    let mut creates = tokio::task::JoinSet::new();
    for i in 0..48 {
        let api = api.clone();
        creates.spawn(async move {
            let body = body_template(&format!("batch_{i}"), "en_US", "UTILITY", "Saved at once.");
            api.create(&body).await.status
        });
    }
    while let Some(status) = creates.join_next().await {
        assert_eq!(status.unwrap(), StatusCode::OK);
    }
    drop(served); // SIGKILL: nothing is saved on the way out
    let again = Served::start(&["--state", state.to_str().unwrap()]);
    let api = Api::new(&again.base_url, "102290129340398", "106540352242922");
    let listed = api
        .get(&format!("{}?limit=250&fields=name", api.templates()))
        .await;
    let names: std::collections::HashSet<&str> = listed.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    for i in 0..48 {
        assert!(
            names.contains(format!("batch_{i}").as_str()),
            "batch_{i} not saved"
        );
    }
}

fn origin_card(handle: &str) -> Value {
    json!({"components": [
        {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": [handle]}},
        {"type": "BODY", "text": "A washed coffee."},
        {"type": "BUTTONS", "buttons": [
            {"type": "URL", "text": "Shop", "url": "https://example.com/{{1}}",
             "example": ["https://example.com/x"]}]}]})
}

/// Sends whose parameters do not fit the template are refused with Meta's codes; complete ones
/// are accepted (the three commerce kinds, a carousel and button types).
#[tokio::test]
async fn send_parameters_are_checked_against_the_template() {
    let (_sandbox, api) = start_default().await;
    let card = api.upload("image/png", b"\x89PNG\r\n\x1a\n a card").await;
    let templates = [
        json!({"name": "cart_reminder", "language": "en_US", "category": "MARKETING",
               "components": [
                 {"type": "HEADER", "format": "TEXT", "text": "Forget something, {{1}}?",
                  "example": {"header_text": ["Ana"]}},
                 {"type": "BODY", "text": "Use code {{1}} within 48 hours.",
                  "example": {"body_text": [["CART10"]]}},
                 {"type": "BUTTONS", "buttons": [{"type": "MPM", "text": "View items"}]}]}),
        json!({"name": "featured_bean", "language": "en_US", "category": "MARKETING",
               "components": [
                 {"type": "HEADER", "format": "PRODUCT"},
                 {"type": "BODY", "text": "Use code {{1}} to save {{2}}.",
                  "example": {"body_text": [["BEAN15", "15%"]]}},
                 {"type": "BUTTONS", "buttons": [{"type": "SPM", "text": "View"}]}]}),
        json!({"name": "catalog_browse", "language": "en_US", "category": "MARKETING",
               "components": [
                 {"type": "BODY", "text": "Get {{1}} off your first order over {{2}}.",
                  "example": {"body_text": [["$5", "$30"]]}},
                 {"type": "BUTTONS", "buttons": [{"type": "CATALOG", "text": "View catalog"}]}]}),
        json!({"name": "origins", "language": "en_US", "category": "MARKETING",
               "components": [
                 {"type": "BODY", "text": "Hi {{1}}, meet our origins.",
                  "example": {"body_text": [["Ana"]]}},
                 {"type": "CAROUSEL", "cards": [origin_card(&card), origin_card(&card)]}]}),
    ];
    for template in &templates {
        let created = api.create(template).await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    }
    let send_path = format!("/v25.0/{}/messages", api.phone);
    let send = |name: &str, components: Value| {
        json!({"messaging_product": "whatsapp", "to": "+16505551234", "type": "template",
               "template": {"name": name, "language": {"code": "en_US"}, "components": components}})
    };
    let text = |t: &str| json!({"type": "text", "text": t});
    let mpm_action = json!({"type": "action", "action": {
        "thumbnail_product_retailer_id": "b1",
        "sections": [{"title": "Beans", "product_items": [{"product_retailer_id": "b1"}]}]}});
    let cart = |button: Option<Value>| {
        let mut components = vec![
            json!({"type": "header", "parameters": [text("Ana")]}),
            json!({"type": "body", "parameters": [text("CART10")]}),
        ];
        components.extend(button);
        send("cart_reminder", Value::Array(components))
    };

    // The three incomplete sends, and what Meta answers.
    let no_sections = api
        .post(
            &send_path,
            &cart(Some(
                json!({"type": "button", "sub_type": "mpm", "index": 0, "parameters": [
                {"type": "action", "action": {"thumbnail_product_retailer_id": "b1"}}]}),
            )),
        )
        .await;
    assert_eq!(no_sections.code(), 131008, "{}", no_sections.body);
    assert!(
        no_sections.body["error"]["error_data"]["details"]
            .as_str()
            .unwrap()
            .contains("action.sections is required"),
        "{}",
        no_sections.body
    );
    let no_button = api.post(&send_path, &cart(None)).await;
    assert_eq!(no_button.code(), 132000, "{}", no_button.body);

    let bean_body = json!({"type": "body", "parameters": [text("BEAN15"), text("15%")]});
    let no_product = api
        .post(&send_path, &send("featured_bean", json!([bean_body])))
        .await;
    assert_eq!(no_product.code(), 132000, "{}", no_product.body);
    assert_eq!(
        no_product.body["error"]["message"],
        "(#132000) Number of parameters does not match the expected number of params"
    );
    let half_product = api
        .post(
            &send_path,
            &send("featured_bean", json!([
                {"type": "header", "parameters": [{"type": "product", "product": {"catalog_id": "1"}}]},
                bean_body])),
        )
        .await;
    assert_eq!(half_product.code(), 131008, "{}", half_product.body);

    let catalog_body = json!({"type": "body", "parameters": [text("$5"), text("$30")]});
    let no_action = api
        .post(&send_path, &send("catalog_browse", json!([catalog_body])))
        .await;
    assert_eq!(no_action.code(), 132000, "{}", no_action.body);

    // Complete sends are accepted.
    let complete = [
        cart(Some(
            json!({"type": "button", "sub_type": "mpm", "index": "0", "parameters": [mpm_action]}),
        )),
        send(
            "featured_bean",
            json!([
            {"type": "header", "parameters": [{"type": "product", "product":
                {"catalog_id": "194836987003835", "product_retailer_id": "b1"}}]},
            bean_body]),
        ),
        send(
            "catalog_browse",
            json!([catalog_body,
            {"type": "button", "sub_type": "CATALOG", "index": 0, "parameters": [
                {"type": "action", "action": {"thumbnail_product_retailer_id": "b1"}}]}]),
        ),
    ];
    for body in &complete {
        let sent = api.post(&send_path, body).await;
        assert_eq!(sent.status, StatusCode::OK, "{body}: {}", sent.body);
    }

    // Carousel: card count, media type, and button parameters per card.
    let card = |i: usize, kind: &str| {
        json!({"card_index": i, "components": [
            {"type": "header", "parameters": [{"type": kind, kind: {"id": format!("{i}")}}]},
            {"type": "button", "sub_type": "url", "index": "0", "parameters": [text("x")]}]})
    };
    let carousel = |cards: Vec<Value>| {
        send(
            "origins",
            json!([
            {"type": "body", "parameters": [text("Ana")]},
            {"type": "carousel", "cards": cards}]),
        )
    };
    let sent = api
        .post(
            &send_path,
            &carousel(vec![card(0, "image"), card(1, "image")]),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let one_card = api
        .post(&send_path, &carousel(vec![card(0, "image")]))
        .await;
    assert_eq!(one_card.code(), 132000, "{}", one_card.body);
    let video = api
        .post(
            &send_path,
            &carousel(vec![card(0, "image"), card(1, "video")]),
        )
        .await;
    assert_eq!(video.code(), 132012, "{}", video.body);
    assert_eq!(
        video.body["error"]["message"],
        "(#132012) Parameter format does not match format in the created template"
    );

    // A button parameter of the wrong kind, and one body parameter too many.
    let extra = api
        .post(
            &send_path,
            &send(
                "catalog_browse",
                json!([catalog_body,
                {"type": "button", "sub_type": "quick_reply", "index": 0,
                 "parameters": [{"type": "payload", "payload": "x"}]}]),
            ),
        )
        .await;
    assert_eq!(extra.code(), 132012, "{}", extra.body);
    let too_many = api
        .post(
            &send_path,
            &send(
                "catalog_browse",
                json!([
                {"type": "body", "parameters": [text("$5"), text("$30"), text("x")]}]),
            ),
        )
        .await;
    assert_eq!(too_many.code(), 132000, "{}", too_many.body);

    // A parameter for a button that takes none: Meta's answer, as captured in the corpus
    // (whose `**` emphasis was added by the person who pasted it).
    api.create(
        &json!({"name": "call_us", "language": "en_US", "category": "UTILITY",
        "components": [{"type": "BODY", "text": "Questions? Call us."},
            {"type": "BUTTONS", "buttons": [
                {"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+15550051310"}]}]}),
    )
    .await;
    let call = api
        .post(
            &send_path,
            &send(
                "call_us",
                json!([
            {"type": "button", "sub_type": "url", "index": 0, "parameters": [text("x")]}]),
            ),
        )
        .await;
    let captured: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/responses/error_issue_send_100_call_button_param.json",
            crate::support::CORPUS
        ))
        .unwrap(),
    )
    .unwrap();
    for field in ["message", "type", "code"] {
        assert_eq!(
            call.body["error"][field], captured["error"][field],
            "{field}"
        );
    }
    assert_eq!(
        call.body["error"]["error_data"]["details"],
        captured["error"]["error_data"]["details"]
            .as_str()
            .unwrap()
            .replace("**", "")
    );
    assert_eq!(
        call.body["error"]["error_data"]["messaging_product"],
        "whatsapp"
    );

    // The Marketing Messages API takes MARKETING templates only, checked the same way.
    api.create(&body_template(
        "shipped",
        "en_US",
        "UTILITY",
        "Your order has shipped.",
    ))
    .await;
    let marketing_path = format!("/v25.0/{}/marketing_messages", api.phone);
    let utility = api.post(&marketing_path, &send("shipped", json!([]))).await;
    assert_eq!(utility.code(), 100, "{}", utility.body);
    let catalog = send(
        "catalog_browse",
        json!([catalog_body,
        {"type": "button", "sub_type": "catalog", "index": 0, "parameters": [
            {"type": "action", "action": {"thumbnail_product_retailer_id": "b1"}}]}]),
    );
    let sent = api.post(&marketing_path, &catalog).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let incomplete = api
        .post(
            &marketing_path,
            &send("catalog_browse", json!([catalog_body])),
        )
        .await;
    assert_eq!(incomplete.code(), 132000, "{}", incomplete.body);
    let text = json!({"messaging_product": "whatsapp", "to": "+16505551234", "type": "text",
                      "text": {"body": "hi"}});
    let not_template = api.post(&marketing_path, &text).await;
    assert_eq!(
        not_template.body["error"]["error_data"]["details"],
        "Message must be a template message."
    );
}
