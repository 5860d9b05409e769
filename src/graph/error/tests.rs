//! Meta's error answers, from the corpus and by hand: reading, classification and the text
//! shown.

use super::*;

fn corpus(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/responses/{name}",
        crate::reconcile::test_support::CORPUS
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn api(status: u16, body: GraphErrorBody) -> ApiError {
    ApiError {
        operation: "create template order_update (en_US)".into(),
        status,
        class: body.classify(status),
        body,
        token_origin: "the environment variable WHATSAPP_ACCESS_TOKEN".into(),
        sandbox_state: None,
    }
}

fn body(code: i64, subcode: Option<i64>) -> GraphErrorBody {
    GraphErrorBody {
        message: "(#x) something".into(),
        code,
        error_subcode: subcode,
        ..Default::default()
    }
}

#[test]
fn real_invalid_parameter_body() {
    let body = GraphErrorBody::parse(&corpus("error_docs_100_invalid_parameter.json")).unwrap();
    assert_eq!(body.code, 100);
    assert_eq!(body.error_subcode, None);
    assert_eq!(body.kind.as_deref(), Some("OAuthException"));
    assert_eq!(body.fbtrace_id.as_deref(), Some("Ak6nxJSySLEJz32Ps-QiZ1t"));
    assert_eq!(
        body.details().as_deref(),
        Some("Message must be a template message.")
    );
    assert_eq!(body.classify(400), ErrorClass::Invalid);
    let text = api(400, body).to_string();
    assert!(
        text.contains("Meta refused the request (code 100)"),
        "{text}"
    );
    assert!(
        text.contains("Message must be a template message."),
        "{text}"
    );
    assert!(
        text.contains("fbtrace_id Ak6nxJSySLEJz32Ps-QiZ1t"),
        "{text}"
    );
}

#[test]
fn real_rate_limit_body_is_throttled() {
    let body = GraphErrorBody::parse(&corpus("error_docs_130429_rate_limit.json")).unwrap();
    assert_eq!((body.code, body.error_subcode), (130429, Some(2494055)));
    assert_eq!(body.classify(400), ErrorClass::Throttled);
    assert!(api(400, body).to_string().contains("rate limit"));
}

#[test]
fn real_unknown_object_is_not_found() {
    let body = GraphErrorBody::parse(&corpus("error_sdk_java_100_33_unknown_object.json")).unwrap();
    assert_eq!(body.kind.as_deref(), Some("GraphMethodException"));
    assert_eq!(body.classify(400), ErrorClass::NotFound);
}

#[test]
fn real_bare_inner_object_is_read() {
    let body = GraphErrorBody::parse(&corpus("error_issue_send_132001_inner_object.json")).unwrap();
    assert_eq!(body.code, 132001);
    assert_eq!(
        body.details().as_deref(),
        Some("template name (cg_quest_text) does not exist in en_US")
    );
    assert_eq!(body.classify(400), ErrorClass::Invalid);
}

#[test]
fn real_send_parameter_error_keeps_details() {
    let body =
        GraphErrorBody::parse(&corpus("error_issue_send_100_call_button_param.json")).unwrap();
    let text = api(400, body).to_string();
    assert!(text.contains("does not support parameters"), "{text}");
}

#[test]
fn template_codes_are_found_in_code_or_subcode() {
    for (code, sub, class) in [
        (100, Some(2388024), ErrorClass::Duplicate),
        (2388024, None, ErrorClass::Duplicate),
        (100, Some(2388023), ErrorClass::NameLocked),
        (2388023, None, ErrorClass::NameLocked),
        (100, Some(2388019), ErrorClass::TemplateLimit),
        (2388019, None, ErrorClass::TemplateLimit),
        (100, Some(2388039), ErrorClass::EditNotAllowed),
        (80012, None, ErrorClass::EditQuota),
        (100, Some(2388040), ErrorClass::Invalid),
    ] {
        assert_eq!(body(code, sub).classify(400), class, "{code}/{sub:?}");
    }
}

#[test]
fn auth_throttle_and_transient_codes() {
    for code in [190, 102, 10, 200, 299] {
        assert_eq!(body(code, None).classify(400), ErrorClass::Auth, "{code}");
    }
    for code in THROTTLE_CODES {
        assert_eq!(
            body(code, None).classify(400),
            ErrorClass::Throttled,
            "{code}"
        );
    }
    assert_eq!(body(999, None).classify(429), ErrorClass::Throttled);
    for code in [1, 2] {
        assert_eq!(body(code, None).classify(500), ErrorClass::Transient);
        assert_eq!(body(code, None).classify(400), ErrorClass::Transient);
    }
    let mut flagged = body(131000, None);
    flagged.is_transient = Some(true);
    assert_eq!(flagged.classify(400), ErrorClass::Transient);
    assert_eq!(body(131000, None).classify(503), ErrorClass::Transient);
    // 100 stays a validation error even on a 5xx: branch on the code, not the status.
    assert_eq!(body(100, None).classify(500), ErrorClass::Invalid);
    assert_eq!(body(368, None).classify(400), ErrorClass::Invalid);
}

#[test]
fn auth_message_says_what_to_check() {
    let text = api(401, body(190, Some(463))).to_string();
    assert!(
        text.contains("the access token was refused (code 190/463): check the environment variable WHATSAPP_ACCESS_TOKEN"),
        "{text}"
    );
}

#[test]
fn user_facing_text_is_preferred() {
    let mut b = body(100, Some(2388024));
    b.error_user_title = Some("Content in This Language Already Exists".into());
    b.error_user_msg = Some("There is already English (US) content for this template.".into());
    let text = api(400, b).to_string();
    assert!(text.contains("already exists (code 100/2388024)"), "{text}");
    assert!(
        text.contains("Content in This Language Already Exists: There is already"),
        "{text}"
    );
}

#[test]
fn non_graph_bodies_are_not_errors() {
    assert!(GraphErrorBody::parse(b"<html>502 Bad Gateway</html>").is_none());
    assert!(GraphErrorBody::parse(br#"{"data": []}"#).is_none());
    assert!(GraphErrorBody::parse(br#"{"error": "nope"}"#).is_none());
}

#[test]
fn error_data_as_json_string() {
    let b = GraphErrorBody::parse(
        br#"{"error":{"message":"m","code":100,"error_data":"{\"details\":\"inner\"}"}}"#,
    )
    .unwrap();
    assert_eq!(b.details().as_deref(), Some("inner"));
}

#[test]
fn scrubbing_reaches_every_text_field() {
    let mut b = body(190, None);
    b.message = "bad token SECRET".into();
    b.error_user_msg = Some("SECRET".into());
    b.error_data = Some(serde_json::json!({ "details": "was SECRET" }));
    let b = b.scrubbed(|t| t.replace("SECRET", "[redacted]"));
    let text = api(401, b).to_string();
    assert!(!text.contains("SECRET"), "{text}");
    assert!(text.contains("[redacted]"), "{text}");
}

#[test]
fn durations_read_naturally() {
    assert_eq!(human_duration(Duration::from_millis(250)), "250 ms");
    assert_eq!(human_duration(Duration::from_secs(45)), "45 s");
    assert_eq!(human_duration(Duration::from_secs(61 * 60)), "61 min");
    assert_eq!(
        human_duration(Duration::from_secs(3 * 3600 + 120)),
        "3 h 2 min"
    );
}
