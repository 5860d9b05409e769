//! Request bodies spell enum values as Meta's documentation writes them: the call permission
//! request seed document (`examples/templates/call_permission.yaml`) is created with exactly
//! the body below, seen on the wire by a plain loopback socket; and the sandbox takes what
//! Meta's examples send.

use crate::raw_http::{RawServer, Reply};
use crate::support::{EXAMPLES, Test, WABA_ID};

/// The create body for `examples/templates/call_permission.yaml`, byte for byte: Meta's
/// documented shape (templates-api.md §2.9), `call_permission_request` in lower case.
const CPR_CREATE_BODY: &str = r#"{"name":"sample_cpr_template","language":"en","category":"MARKETING","components":[{"type":"BODY","text":"We would like to call you to help support your order."},{"type":"call_permission_request"}]}"#;

#[test]
fn the_call_permission_request_is_created_with_metas_spelling() {
    let server = RawServer::start(|seen, _| {
        if seen.line.starts_with("GET ") {
            Reply::Answer(200, r#"{"data": []}"#.into())
        } else {
            Reply::Answer(
                200,
                r#"{"id": "1", "status": "PENDING", "category": "MARKETING"}"#.into(),
            )
        }
    });
    let test = Test::new()
        .project()
        .file(
            "templates/call_permission.yaml",
            std::fs::read(format!("{EXAMPLES}/templates/call_permission.yaml")).unwrap(),
        )
        .env("WABACTL_API_BASE", &server.base)
        .env("WHATSAPP_ACCESS_TOKEN", "spelling-test-token")
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA_ID);
    test.wabactl(["apply", "--auto-approve"])
        .stdout_contains("1 created")
        .run();
    let posts: Vec<String> = server
        .seen()
        .into_iter()
        .filter(|s| s.line.starts_with("POST "))
        .map(|s| {
            assert!(
                s.line
                    .starts_with(&format!("POST /v26.0/{WABA_ID}/message_templates")),
                "{}",
                s.line
            );
            s.body
        })
        .collect();
    assert_eq!(posts, [CPR_CREATE_BODY]);
}

#[test]
fn the_sandbox_takes_metas_spellings_of_every_example() {
    // The seed documents write `call_permission_request`, `LIMITED_TIME_OFFER` and
    // `VOICE_CALL`; wabactl sends Meta's spellings, the sandbox takes them, and the plan after
    // apply is empty.
    let test = Test::new()
        .project()
        .copy_dir(format!("{EXAMPLES}/templates"), "templates")
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    test.wabactl(["plan", "--exit-code"])
        .stdout_contains("0 to create, 0 to update")
        .run();
}
