//! Answers too large to be a Graph API answer: an endless chunked body and an announced
//! Content-Length past the limit. The binary stops reading, fails with exit 1 naming the path
//! (never the token), and asks once: a flood is not worth asking for again.

use crate::raw_http::{RawServer, Reply};
use crate::support::{Output, Test};

const TOKEN: &str = "limits-test-token-93b1";
const WABA_ID: &str = "4440001";

fn plan_against(server: &RawServer) -> Output {
    Test::new()
        .dir("templates")
        .wabactl(["plan", "templates"])
        .env("WABACTL_API_BASE", &server.base)
        .env("WHATSAPP_ACCESS_TOKEN", TOKEN)
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA_ID)
        .env("WABACTL_RETRY_BASE_DELAY", "0.01")
        .env("WABACTL_RETRY_MAX_DELAY", "0.05")
        .expect_exit(1)
        .run()
}

fn assert_refused_once(server: &RawServer, output: &Output) {
    let err = &output.stderr;
    assert_eq!(output.code, 1, "{err}");
    assert!(
        err.contains(&format!("/v26.0/{WABA_ID}/message_templates")),
        "names the path: {err}"
    );
    assert!(err.contains("larger than 16 MiB"), "{err}");
    assert!(err.contains("did not retry"), "{err}");
    assert!(!err.contains(TOKEN), "{err}");
    assert_eq!(
        server.seen().len(),
        1,
        "an oversized answer is not asked for again"
    );
}

#[test]
fn an_endless_chunked_answer_stops_at_the_limit() {
    let server = RawServer::start(|_, _| Reply::Endless);
    let output = plan_against(&server);
    assert_refused_once(&server, &output);
}

#[test]
fn an_announced_length_past_the_limit_is_not_read() {
    let server = RawServer::start(|_, _| Reply::Announced(300 * 1024 * 1024));
    let output = plan_against(&server);
    assert_refused_once(&server, &output);
}
