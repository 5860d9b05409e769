//! The Graph API client over real HTTP on loopback: every call against the sandbox, faults
//! injected by the sandbox (seeded), and the few broken answers only a raw socket can give.

use std::time::Duration;

use wabactl::graph::error::{ErrorClass, GraphError, TransportKind};
use wabactl::graph::retry::RetryPolicy;
use wabactl::graph::token::AccessToken;
use wabactl::graph::{ClientConfig, GraphClient};

use crate::raw_http::{RawServer, Reply};

const TOKEN: &str = "client-test-token-5d1e";

/// A client with millisecond backoff, so retries cost nothing in test time.
fn client_with(base: &str, token: &str, attempts: u32, request_timeout: Duration) -> GraphClient {
    let config = ClientConfig {
        api_base: base.into(),
        request_timeout,
        retry: RetryPolicy {
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            total: Duration::from_secs(20),
            max_attempts: attempts,
        },
        ..ClientConfig::default()
    };
    GraphClient::new(
        &config,
        AccessToken::new(token).unwrap(),
        "the environment variable WHATSAPP_ACCESS_TOKEN",
    )
    .unwrap()
}

fn client(base: &str) -> GraphClient {
    client_with(base, TOKEN, 4, Duration::from_secs(10))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn page(ids: &[&str], next: Option<String>) -> String {
    let data: Vec<_> = ids
        .iter()
        .map(|id| serde_json::json!({"id": id, "name": format!("t{id}"), "language": "en"}))
        .collect();
    let mut body = serde_json::json!({ "data": data });
    if let Some(next) = next {
        body["paging"] = serde_json::json!({ "next": next });
    }
    body.to_string()
}

// ---------------------------------------------------------------------------------------------
// Raw responder: answers the sandbox never gives.

#[test]
fn an_unreadable_body_is_retried_on_reads_then_reported() {
    let server = RawServer::start(|_, _| Reply::Answer(200, r#"{"data": [ {"id": "1""#.into()));
    let err = runtime()
        .block_on(client(&server.base).get_template("1"))
        .unwrap_err();
    assert_eq!(
        server.seen().len(),
        4,
        "a read is retried up to max_attempts"
    );
    let text = err.to_string();
    assert!(
        matches!(err, GraphError::GaveUp { attempts: 4, .. }),
        "{text}"
    );
    assert!(text.contains("not what the Graph API sends"), "{text}");
    assert!(text.contains("api_base"), "{text}");
}

#[test]
fn an_unreadable_answer_to_a_create_is_ambiguous_and_not_repeated() {
    let server = RawServer::start(|_, _| Reply::Answer(200, "<html>ok</html>".into()));
    let body = serde_json::json!({"name": "order_update", "language": "en", "category": "UTILITY"});
    let err = runtime()
        .block_on(client(&server.base).create_template("1", &body))
        .unwrap_err();
    assert_eq!(server.seen().len(), 1, "a create is sent once");
    assert!(err.is_ambiguous(), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("create template order_update (en) may or may not have been carried out"),
        "{text}"
    );
    assert!(
        text.contains("run `wabactl plan` to re-read the account"),
        "{text}"
    );
}

#[test]
fn a_server_error_without_a_graph_body_on_a_write_is_ambiguous() {
    let server = RawServer::start(|_, _| Reply::Answer(502, "<html>Bad Gateway</html>".into()));
    let err = runtime()
        .block_on(client(&server.base).edit_template("77", &serde_json::json!({"components": []})))
        .unwrap_err();
    assert_eq!(server.seen().len(), 1);
    assert!(err.is_ambiguous(), "{err}");
    assert!(err.to_string().contains("HTTP 502"), "{err}");
}

#[test]
fn a_graph_error_with_a_success_status_is_that_error_and_not_retried() {
    let server = RawServer::start(|_, _| {
        Reply::Answer(
            200,
            r#"{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,"fbtrace_id":"A1"}}"#.into(),
        )
    });
    let err = runtime()
        .block_on(client(&server.base).get_template("1"))
        .unwrap_err();
    assert_eq!(server.seen().len(), 1, "a validation error is not retried");
    let GraphError::Api(api) = &err else {
        panic!("not classified as a Graph error: {err}");
    };
    assert_eq!(api.body.code, 100);
    assert!(!err.to_string().contains("missing field"), "{err}");
}

#[test]
fn the_retry_budget_is_a_deadline_that_no_attempt_runs_past() {
    // Each attempt may wait 30 s for its answer; the whole call may take 1 s.
    let server = RawServer::start(|_, _| Reply::Hang);
    let config = ClientConfig {
        api_base: server.base.clone(),
        request_timeout: Duration::from_secs(30),
        retry: RetryPolicy {
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            total: Duration::from_secs(1),
            max_attempts: 6,
        },
        ..ClientConfig::default()
    };
    let client = GraphClient::new(&config, AccessToken::new(TOKEN).unwrap(), "env").unwrap();
    let err = runtime().block_on(client.get_template("1")).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("time budget of 1 s") && text.contains("ran out"),
        "{text}"
    );
    assert_eq!(
        server.seen().len(),
        1,
        "no attempt starts past the deadline"
    );
}

#[test]
fn a_cursor_loop_is_stopped() {
    // Page 1 points at page 2, page 2 points at page 2 again (same cursor).
    let server = RawServer::start(|seen, base| {
        let next = format!("{base}/v25.0/1/message_templates?limit=100&after=CUR2");
        let ids: &[&str] = if seen.line.contains("after=CUR2") {
            &["2"]
        } else {
            &["1"]
        };
        Reply::Answer(200, page(ids, Some(next)))
    });
    let err = runtime()
        .block_on(client(&server.base).list_templates("1"))
        .unwrap_err();
    assert!(matches!(err, GraphError::Pagination(_)), "{err}");
    assert!(err.to_string().contains("cursor loop"), "{err}");
    assert_eq!(server.seen().len(), 2, "stopped as soon as a page repeats");
}

#[test]
fn a_loop_through_different_urls_with_the_same_cursor_is_stopped() {
    let server = RawServer::start(|seen, base| {
        // Each next link differs (a counter), but the cursor never moves.
        let n = seen.line.len();
        let next = format!("{base}/v25.0/1/message_templates?after=SAME&n={n}");
        Reply::Answer(200, page(&["1"], Some(next)))
    });
    let err = runtime()
        .block_on(client(&server.base).list_templates("1"))
        .unwrap_err();
    assert!(err.to_string().contains("cursor loop"), "{err}");
    assert!(server.seen().len() <= 3);
}

#[test]
fn next_links_to_another_host_are_refused_and_tokens_in_them_dropped() {
    let elsewhere = RawServer::start(|_, _| Reply::Answer(200, page(&[], None)));
    let foreign = format!("{}/v25.0/1/message_templates?after=X", elsewhere.base);
    let server = RawServer::start(move |seen, base| {
        if seen.line.contains("after=P2") {
            Reply::Answer(200, page(&["2"], Some(foreign.clone())))
        } else {
            // Meta's own next links can carry an access_token; it must not be sent back in a URL.
            let next = format!("{base}/v25.0/1/message_templates?access_token={TOKEN}&after=P2");
            Reply::Answer(200, page(&["1"], Some(next)))
        }
    });
    let err = runtime()
        .block_on(client(&server.base).list_templates("1"))
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("refusing to send the token there"), "{text}");
    assert!(
        elsewhere.seen().is_empty(),
        "the foreign host was never called"
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert!(!seen[1].line.contains(TOKEN), "{}", seen[1].line);
    assert!(!text.contains(TOKEN));
}

#[test]
fn a_cursor_that_happens_to_contain_the_token_is_kept() {
    // Redaction replaces the token only where it stands whole: inside a base64 cursor it is
    // part of another word, and cutting it out would break the cursor.
    const SHORT: &str = "QQQQQQQQQQQQ"; // the shortest token taken, 12 characters
    let server = RawServer::start(|seen, base| {
        if seen.line.contains("after=xQQQQQQQQQQQQx") {
            Reply::Answer(200, page(&["2"], None))
        } else {
            let next = format!(
                "{base}/v25.0/1/message_templates?access_token={SHORT}&after=xQQQQQQQQQQQQx"
            );
            Reply::Answer(200, page(&["1"], Some(next)))
        }
    });
    let client = client_with(&server.base, SHORT, 2, Duration::from_secs(10));
    let templates = runtime().block_on(client.list_templates("1")).unwrap();
    assert_eq!(templates.len(), 2);
    let seen = server.seen();
    assert!(
        seen[1].line.contains("after=xQQQQQQQQQQQQx"),
        "{}",
        seen[1].line
    );
    assert!(!seen[1].line.contains("access_token"), "{}", seen[1].line);
}

#[test]
fn pages_are_followed_and_requests_are_well_formed() {
    let server = RawServer::start(|seen, base| {
        let (ids, next): (&[&str], _) = if seen.line.contains("after=B") {
            (&["3"], None)
        } else if seen.line.contains("after=A") {
            // An empty page with a next link is not the end.
            (
                &[],
                Some(format!("{base}/v25.0/9/message_templates?after=B")),
            )
        } else {
            (
                &["1", "2"],
                Some(format!("{base}/v25.0/9/message_templates?after=A")),
            )
        };
        Reply::Answer(200, page(ids, next))
    });
    let templates = runtime()
        .block_on(client(&server.base).list_templates("9"))
        .unwrap();
    let ids: Vec<_> = templates.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    let first = &server.seen()[0];
    assert!(
        first
            .line
            .starts_with("GET /v26.0/9/message_templates?fields=id%2Cname%2Clanguage%2Cstatus"),
        "{}",
        first.line
    );
    assert!(
        first.line.contains("&limit=250&summary=total_count "),
        "{}",
        first.line
    );
    let header = |name: &str| {
        first
            .headers
            .iter()
            .find(|h| h.to_ascii_lowercase().starts_with(name))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        header("authorization:"),
        format!("authorization: Bearer {TOKEN}")
    );
    assert!(header("user-agent:").contains("wabactl/"), "{first:?}");
}

#[test]
fn a_request_without_an_answer_times_out_reads_retried_writes_ambiguous() {
    let server = RawServer::start(|_, _| Reply::Hang);
    let client = client_with(&server.base, TOKEN, 2, Duration::from_millis(300));
    let rt = runtime();
    let err = rt.block_on(client.get_template("1")).unwrap_err();
    let GraphError::GaveUp {
        last, attempts: 2, ..
    } = &err
    else {
        panic!("{err}")
    };
    assert!(
        matches!(
            **last,
            GraphError::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{last}"
    );
    assert_eq!(server.seen().len(), 2);

    let err = rt
        .block_on(client.send_template("5", &serde_json::json!({"template": {"name": "x"}})))
        .unwrap_err();
    assert!(err.is_ambiguous(), "{err}");
    assert_eq!(server.seen().len(), 3, "the send went out once");
    let text = err.to_string();
    assert!(text.contains("no answer from 127.0.0.1"), "{text}");
    assert!(text.contains("check whether the message arrived"), "{text}");
}

#[test]
fn connection_refused_is_retried_even_for_writes_then_reported() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let err = runtime()
        .block_on(client(&base).create_template("1", &serde_json::json!({"name": "a"})))
        .unwrap_err();
    // Never sent, so retrying was safe; after the attempts the cause is plain.
    let GraphError::GaveUp {
        last, attempts: 4, ..
    } = &err
    else {
        panic!("{err}")
    };
    assert!(
        matches!(
            **last,
            GraphError::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{last}"
    );
    assert!(
        err.to_string().contains("cannot connect to 127.0.0.1"),
        "{err}"
    );
}

#[test]
fn meta_error_bodies_become_classified_errors() {
    let server = RawServer::start(|seen, _| {
        let body = if seen.line.contains("/dup") {
            r#"{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"error_subcode":2388024,"is_transient":false,"error_user_title":"Content in This Language Already Exists","error_user_msg":"There is already English content for this template.","fbtrace_id":"AbC"}}"#
        } else {
            r#"{"error":{"message":"Error validating access token","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"XyZ"}}"#
        };
        Reply::Answer(400, body.into())
    });
    let rt = runtime();
    let c = client(&server.base);
    let err = rt
        .block_on(c.create_template("dup", &serde_json::json!({"name": "a", "language": "en"})))
        .unwrap_err();
    assert_eq!(err.class(), Some(ErrorClass::Duplicate));
    let err = rt.block_on(c.list_templates("1")).unwrap_err();
    assert_eq!(err.class(), Some(ErrorClass::Auth));
    assert!(
        err.to_string()
            .contains("the access token was refused (code 190/463): check the environment variable WHATSAPP_ACCESS_TOKEN"),
        "{err}"
    );
    assert_eq!(server.seen().len(), 2, "neither is retried");
}

#[test]
fn a_refused_page_size_falls_back_once_and_is_remembered() {
    let server = RawServer::start(|seen, base| {
        if seen.line.contains("limit=250") {
            let refusal = r#"{"error":{"message":"(#100) Param limit must be at most 100","type":"OAuthException","code":100,"fbtrace_id":"Lim"}}"#;
            Reply::Answer(400, refusal.into())
        } else if seen.line.contains("after=A") {
            Reply::Answer(200, page(&["2"], None))
        } else {
            let next = format!("{base}/v25.0/9/message_templates?limit=100&after=A");
            Reply::Answer(200, page(&["1"], Some(next)))
        }
    });
    let rt = runtime();
    let c = client(&server.base);
    let templates = rt.block_on(c.list_templates("9")).unwrap();
    assert_eq!(templates.len(), 2);
    let lines: Vec<String> = server.seen().iter().map(|s| s.line.clone()).collect();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(lines[0].contains("limit=250"), "{}", lines[0]);
    assert!(lines[1].contains("limit=100"), "{}", lines[1]);
    assert_eq!(c.requests().count, 3);

    // The smaller size holds for the rest of the run: no second refusal.
    rt.block_on(c.list_templates("9")).unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 5);
    assert!(seen[3].line.contains("limit=100"), "{}", seen[3].line);

    // A refusal at the smaller size is an error, not a loop.
    let server = RawServer::start(|_, _| {
        let refusal = r#"{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100}}"#;
        Reply::Answer(400, refusal.into())
    });
    let c = client(&server.base);
    let err = rt.block_on(c.list_templates("9")).unwrap_err();
    assert_eq!(err.class(), Some(ErrorClass::Invalid));
    assert_eq!(server.seen().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Against the sandbox: every call, and its injected faults (seeded, so runs repeat).

mod against_the_sandbox {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};
    use wabactl::graph::error::{ErrorClass, GraphError};
    use wabactl::graph::{ClientConfig, GraphClient};
    use wabactl::sandbox::{FaultConfig, Sandbox, SandboxConfig};

    use super::{TOKEN, client_with};

    /// An account with no templates (as one whose `hello_world` was deleted).
    async fn start(faults: FaultConfig, create_quota_per_hour: u32) -> Sandbox {
        Sandbox::start(SandboxConfig {
            token: TOKEN.into(),
            faults,
            create_quota_per_hour,
            seed_path: Some(crate::support::EMPTY_ACCOUNT.into()),
            ..SandboxConfig::default()
        })
        .await
        .unwrap()
    }

    fn client(sandbox: &Sandbox, attempts: u32) -> GraphClient {
        client_with(
            sandbox.base_url(),
            TOKEN,
            attempts,
            std::time::Duration::from_secs(10),
        )
    }

    fn template(name: &str, language: &str, text: &str) -> Value {
        json!({"name": name, "language": language, "category": "UTILITY",
               "components": [{"type": "BODY", "text": text}]})
    }

    /// How many templates each name has on the account, read past any faults.
    async fn names_on_account(sandbox: &Sandbox) -> BTreeMap<String, usize> {
        let state: Value = reqwest::Client::builder()
            .no_proxy()
            .build()
            .unwrap()
            .get(format!("{}/__sandbox/state", sandbox.base_url()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut names = BTreeMap::new();
        for t in state["account"]["templates"].as_array().unwrap() {
            let name = t["name"].as_str().or(t["fields"]["name"].as_str());
            *names.entry(name.unwrap_or("?").to_owned()).or_default() += 1;
        }
        names
    }

    #[tokio::test]
    async fn every_call_works_against_the_sandbox() {
        let sandbox = start(FaultConfig::default(), 0).await;
        let waba = sandbox.waba_id().to_owned();
        // Two per page, so seven templates take four pages.
        let config = ClientConfig {
            api_base: sandbox.base_url().into(),
            page_size: 2,
            ..ClientConfig::default()
        };
        let c = GraphClient::new(
            &config,
            wabactl::graph::token::AccessToken::new(TOKEN).unwrap(),
            "env",
        )
        .unwrap();

        let mut ids = Vec::new();
        for i in 0..5 {
            let created = c
                .create_template(
                    &waba,
                    &template(&format!("page_{i}"), "en_US", "Your order has shipped."),
                )
                .await
                .unwrap();
            ids.push(created.id);
        }
        for language in ["en_US", "pt_BR"] {
            c.create_template(
                &waba,
                &template("two_languages", language, "Your order has shipped."),
            )
            .await
            .unwrap();
        }
        let listed = c.list_templates(&waba).await.unwrap();
        assert_eq!(listed.len(), 7, "{listed:?}");
        for id in &ids {
            assert_eq!(listed.iter().filter(|t| &t.id == id).count(), 1);
        }

        let one = c.get_template(&ids[0]).await.unwrap();
        assert_eq!(
            (one.name.as_str(), one.language.as_str()),
            ("page_0", "en_US")
        );
        assert_eq!(one.status, Some("APPROVED".into()));

        let edited = c
            .edit_template(
                &ids[0],
                &json!({"components": [{"type": "BODY", "text": "Your order is on its way."}]}),
            )
            .await
            .unwrap();
        assert!(edited.success);
        let one = c.get_template(&ids[0]).await.unwrap();
        assert_eq!(
            one.components.values()[0]["text"],
            "Your order is on its way."
        );

        c.delete_template_by_id(&waba, &ids[1], "page_1")
            .await
            .unwrap();
        c.delete_template_by_name(&waba, "two_languages")
            .await
            .unwrap();
        let names: Vec<String> = c
            .list_templates(&waba)
            .await
            .unwrap()
            .into_iter()
            .filter(|t| !t.status.as_ref().is_some_and(|s| s.is_gone()))
            .map(|t| t.name)
            .collect();
        assert_eq!(names.len(), 4, "{names:?}");
        assert!(!names.iter().any(|n| n == "page_1" || n == "two_languages"));

        let sent = c
            .send_template(
                sandbox.phone_number_id(),
                &json!({"messaging_product": "whatsapp", "to": "+1 555 123 4567",
                        "type": "template",
                        "template": {"name": "page_2", "language": {"code": "en_US"}}}),
            )
            .await
            .unwrap();
        assert!(sent.messages[0].id.starts_with("wamid."), "{sent:?}");
        assert_eq!(sent.contacts[0].wa_id.as_deref(), Some("15551234567"));
    }

    #[tokio::test]
    async fn meta_refusals_are_classified_and_not_retried() {
        let sandbox = start(FaultConfig::default(), 0).await;
        let waba = sandbox.waba_id().to_owned();
        let c = client(&sandbox, 4);
        let body = template("twice", "en_US", "Your order has shipped.");
        c.create_template(&waba, &body).await.unwrap();
        let err = c.create_template(&waba, &body).await.unwrap_err();
        assert_eq!(err.class(), Some(ErrorClass::Duplicate), "{err}");
        assert!(err.to_string().contains("change it with an edit"), "{err}");

        let err = c.get_template("999999999").await.unwrap_err();
        assert_eq!(err.class(), Some(ErrorClass::NotFound), "{err}");

        let err = c
            .create_template(&waba, &template("Bad Name", "en_US", "Hello."))
            .await
            .unwrap_err();
        assert_eq!(err.class(), Some(ErrorClass::Invalid), "{err}");
        assert_eq!(names_on_account(&sandbox).await.get("twice"), Some(&1));
    }

    #[tokio::test]
    async fn a_wrong_token_is_refused_with_advice_and_never_shown() {
        let sandbox = start(FaultConfig::default(), 0).await;
        let wrong = "wrong-token-3c9d0e";
        let c = client_with(
            sandbox.base_url(),
            wrong,
            4,
            std::time::Duration::from_secs(10),
        );
        let err = c.list_templates(sandbox.waba_id()).await.unwrap_err();
        assert_eq!(err.class(), Some(ErrorClass::Auth));
        let text = err.to_string();
        assert!(
            text.contains("the access token was refused (code 190): check the environment variable WHATSAPP_ACCESS_TOKEN"),
            "{text}"
        );
        assert!(!text.contains(wrong), "{text}");
        assert!(!format!("{err:?}").contains(wrong));
    }

    #[tokio::test]
    async fn throttling_is_waited_out_for_reads_and_writes() {
        let sandbox = start(
            FaultConfig {
                throttle_rate: 0.5,
                seed: 3,
                ..FaultConfig::default()
            },
            0,
        )
        .await;
        let waba = sandbox.waba_id().to_owned();
        let c = client(&sandbox, 10);
        for i in 0..8 {
            // A throttled request was not carried out, so even a create is retried.
            c.create_template(
                &waba,
                &template(&format!("busy_{i}"), "en_US", "Shipped today."),
            )
            .await
            .unwrap();
        }
        assert_eq!(c.list_templates(&waba).await.unwrap().len(), 8);
        let names = names_on_account(&sandbox).await;
        assert_eq!(names.len(), 8);
        assert!(names.values().all(|n| *n == 1), "created twice: {names:?}");
    }

    #[tokio::test]
    async fn a_throttle_longer_than_the_budget_says_when_to_come_back() {
        // One create per hour: the second is throttled with 60 minutes to regain access.
        let sandbox = start(FaultConfig::default(), 1).await;
        let waba = sandbox.waba_id().to_owned();
        let c = client(&sandbox, 4);
        c.create_template(&waba, &template("first", "en_US", "Shipped today."))
            .await
            .unwrap();
        let err = c
            .create_template(&waba, &template("second", "en_US", "Shipped today."))
            .await
            .unwrap_err();
        assert!(matches!(err, GraphError::ThrottledTooLong { .. }), "{err}");
        assert_eq!(err.class(), Some(ErrorClass::Throttled));
        let text = err.to_string();
        assert!(
            text.contains("run again after") && text.contains("UTC"),
            "{text}"
        );
        assert!(text.contains("code 80008"), "{text}");
        assert_eq!(names_on_account(&sandbox).await.len(), 1);
    }

    #[tokio::test]
    async fn server_errors_are_retried_on_reads_and_ambiguous_on_writes() {
        let sandbox = start(
            FaultConfig {
                fail_rate_5xx: 0.4,
                seed: 5,
                ..FaultConfig::default()
            },
            0,
        )
        .await;
        let waba = sandbox.waba_id().to_owned();
        let c = client(&sandbox, 10);
        let (mut created, mut ambiguous) = (Vec::new(), 0);
        for i in 0..12 {
            let name = format!("flaky_{i}");
            match c
                .create_template(&waba, &template(&name, "en_US", "Shipped today."))
                .await
            {
                Ok(_) => created.push(name),
                Err(err) => {
                    assert!(err.is_ambiguous(), "{err}");
                    assert!(err.to_string().contains("HTTP 500, code 2"), "{err}");
                    ambiguous += 1;
                }
            }
        }
        assert!(ambiguous > 0 && !created.is_empty(), "the seed gives both");
        // Reads ride out the same fault rate.
        let listed = c.list_templates(&waba).await.unwrap();
        let names = names_on_account(&sandbox).await;
        assert_eq!(listed.len(), names.len());
        assert!(names.values().all(|n| *n == 1), "created twice: {names:?}");
        for name in &created {
            assert!(
                names.contains_key(name),
                "{name} answered OK but is missing"
            );
        }
    }

    #[tokio::test]
    async fn dropped_connections_are_retried_on_reads_and_ambiguous_on_writes() {
        let sandbox = start(
            FaultConfig {
                drop_rate: 0.4,
                seed: 9,
                ..FaultConfig::default()
            },
            0,
        )
        .await;
        let waba = sandbox.waba_id().to_owned();
        let c = client(&sandbox, 10);
        let (mut created, mut ambiguous) = (Vec::new(), Vec::new());
        for i in 0..12 {
            let name = format!("dropped_{i}");
            match c
                .create_template(&waba, &template(&name, "en_US", "Shipped today."))
                .await
            {
                Ok(_) => created.push(name),
                Err(err) => {
                    assert!(err.is_ambiguous(), "{err}");
                    assert!(err.to_string().contains("wabactl plan"), "{err}");
                    ambiguous.push(name);
                }
            }
        }
        assert!(
            !ambiguous.is_empty() && !created.is_empty(),
            "the seed gives both"
        );
        let listed = c.list_templates(&waba).await.unwrap();
        let names = names_on_account(&sandbox).await;
        assert_eq!(listed.len(), names.len());
        assert!(names.values().all(|n| *n == 1), "created twice: {names:?}");
        for name in &created {
            assert!(
                names.contains_key(name),
                "{name} answered OK but is missing"
            );
        }
        // Some dropped creates were carried out before the connection broke: retrying those
        // blindly would have created them twice.
        assert!(
            ambiguous.iter().any(|n| names.contains_key(n)),
            "the seed drops a create after applying it"
        );
        // After an ambiguous create, re-reading the account tells what happened; a retry of
        // the same create is then either unnecessary or a plain create.
        for name in ambiguous {
            if !names.contains_key(&name) {
                let again = c
                    .create_template(&waba, &template(&name, "en_US", "Shipped today."))
                    .await;
                assert!(again.is_ok() || again.as_ref().is_err_and(GraphError::is_ambiguous));
            }
        }
        let names = names_on_account(&sandbox).await;
        assert!(names.values().all(|n| *n == 1), "created twice: {names:?}");
    }
}

/// `--sandbox=STATE` as the account commands see it: an in-process sandbox whose account
/// lives on in the state file (its folder made on the way), from one run to the next.
#[test]
fn the_sandbox_flag_connects_to_a_local_account_kept_in_a_file() {
    let test = crate::support::Test::new()
        .project()
        .template("kept", "Your order has shipped.");
    let sandbox = "--sandbox=nested/sandbox.json";
    test.wabactl(["apply", sandbox, "--auto-approve"])
        .stdout_contains("Applied: 1 created")
        .run();
    assert!(test.join("nested/sandbox.json").is_file());
    // A new run, a new server on a new port: the account is the one the file kept.
    test.wabactl(["plan", sandbox, "--exit-code"])
        .stdout_contains("1 template in sync")
        .run();
}
