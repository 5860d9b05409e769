//! Listing a large account through the binary against the sandbox: every template exactly
//! once, whatever the language mix and whatever changes while the pages are read, in the
//! number of Graph calls the listing strategy promises; scoped runs filtered by the server.

use std::collections::HashSet;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::{TOKEN, Test, WABA_ID};

/// `count` templates per language, the languages interleaved (as teams create them), then
/// `late` templates in `de` created after all the others.
fn account(languages: &[&str], count: usize, late: usize) -> Value {
    let mut data = Vec::new();
    for i in 0..count {
        for language in languages {
            data.push(template(&format!("notice_{i}"), language));
        }
    }
    for i in 0..late {
        data.push(template(&format!("late_{i}"), "de"));
    }
    json!({ "data": data })
}

fn template(name: &str, language: &str) -> Value {
    json!({
        "name": name, "language": language, "category": "UTILITY", "status": "APPROVED",
        "components": [{"type": "BODY", "text": format!("Notice {name}.")}],
    })
}

/// A project (`templates/`, empty) on a sandbox seeded with `seed`, started with `extra`.
fn serve(seed: &Value, extra: &[&str]) -> Test {
    let mut args = vec!["--seed", "seed.json"];
    args.extend_from_slice(extra);
    Test::new()
        .dir("templates")
        .file("seed.json", seed.to_string())
        .sandbox(&args)
}

/// `status --format json`: the (name, language) rows, checked to be distinct, and the number
/// of Graph calls made.
fn status(test: &Test, extra: &[&str]) -> (HashSet<(String, String)>, u64) {
    let report = test
        .wabactl(["status", "--format", "json", "templates"])
        .args(extra)
        .run()
        .json();
    let rows = report["rows"].as_array().unwrap();
    let keys: HashSet<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_owned(),
                r["language"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(keys.len(), rows.len(), "a template was listed twice");
    (keys, report["requests"]["count"].as_u64().unwrap())
}

#[test]
fn an_even_language_mix_is_read_through_one_cursor_per_language() {
    let test = serve(&account(&["en_US", "pt_BR", "es"], 700, 0), &[]);
    let (keys, requests) = status(&test, &[]);
    assert_eq!(keys.len(), 2100);
    // The first page (with the total), then 3 pages of 250 for each 700-template language.
    assert_eq!(requests, 1 + 3 * 3);

    // Every plan format reports the calls.
    test.wabactl(["plan"])
        .any_exit()
        .stdout_contains("Read the account with 10 Graph API requests (account usage: ")
        .run();
    test.wabactl(["plan", "--format", "markdown"])
        .any_exit()
        .stdout_contains("· 10 Graph API requests")
        .run();
    let json = test
        .wabactl(["plan", "--format", "json"])
        .any_exit()
        .run()
        .json();
    assert_eq!(json["requests"]["count"], 10);
    assert_eq!(json["counts"]["unmanaged"], 2100);
}

#[test]
fn a_language_missing_from_the_first_page_falls_back_to_the_cursor() {
    // 2,000 in en_US and pt_BR, then 300 in de: the first page shows no de template, so the
    // partitions add up to 2,000 of 2,300 and the first cursor is read to its end.
    let test = serve(&account(&["en_US", "pt_BR"], 1000, 300), &[]);
    let (keys, requests) = status(&test, &[]);
    assert_eq!(keys.len(), 2300);
    assert_eq!(keys.iter().filter(|(_, l)| l == "de").count(), 300);
    // First page, 4 + 4 partition pages, then pages 2 to 10 of the cursor.
    assert_eq!(requests, 1 + 4 + 4 + 9);
}

#[test]
fn templates_that_change_while_pages_are_read_are_each_listed_once() {
    let test = serve(
        &account(&["en_US", "pt_BR", "es"], 700, 0),
        &["--latency-ms", "15"],
    );
    // Meanwhile, edits put templates back into review (status APPROVED → PENDING) and change
    // their text: what moves between pages is status and content, never the language.
    let base = test.served().base_url.clone();
    let editor = std::thread::spawn(move || {
        let ids = list_ids(&base);
        let mut edited = 0;
        for id in ids.iter().step_by(7).take(150) {
            let body = json!({"components": [{"type": "BODY", "text": "Edited while listed."}]});
            if post(&format!("{base}/v25.0/{id}"), &body) {
                edited += 1;
            }
        }
        edited
    });
    let (keys, _) = status(&test, &[]);
    let edited = editor.join().unwrap();
    assert!(edited > 0, "no edit went through");
    assert_eq!(keys.len(), 2100);
}

/// The ids of the account, read with a plain HTTP client of the test's own.
fn list_ids(base: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut url = format!("{base}/v25.0/{WABA_ID}/message_templates?fields=id&limit=250");
    loop {
        let page: Value = get(&url);
        ids.extend(
            page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_str().unwrap().to_owned()),
        );
        match page["paging"]["next"].as_str() {
            Some(next) => url = next.to_owned(),
            None => return ids,
        }
    }
}

fn get(url: &str) -> Value {
    let output = Command::new("curl")
        .args(["-sf", "-H", &format!("Authorization: Bearer {TOKEN}"), url])
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

fn post(url: &str, body: &Value) -> bool {
    Command::new("curl")
        .args([
            "-sf",
            "-X",
            "POST",
            "-H",
            &format!("Authorization: Bearer {TOKEN}"),
            "-H",
            "Content-Type: application/json",
            "--data",
            &body.to_string(),
            url,
        ])
        .output()
        .unwrap()
        .status
        .success()
}

#[test]
fn scoped_runs_ask_the_server_for_the_language_or_the_name() {
    let test = serve(&account(&["en_US", "pt_BR", "es"], 700, 0), &[]);
    let (keys, requests) = status(&test, &["--language", "pt_BR"]);
    assert_eq!(keys.len(), 700);
    assert!(keys.iter().all(|(_, l)| l == "pt_BR"));
    assert_eq!(requests, 3, "700 templates in pages of 250");

    // Meta's name filter may match parts of names: the server's answer for `notice_1` holds
    // notice_1, notice_10 to notice_19 and notice_100 to notice_199 (333 templates, 2 pages);
    // only the exact name is kept.
    let (keys, requests) = status(&test, &["--name", "notice_1"]);
    assert_eq!(requests, 2);
    let expected: HashSet<(String, String)> = ["en_US", "pt_BR", "es"]
        .iter()
        .map(|l| ("notice_1".to_owned(), (*l).to_owned()))
        .collect();
    assert_eq!(keys, expected);
}

#[test]
fn a_saved_scoped_plan_is_checked_against_the_same_scope() {
    let test = serve(&account(&["en_US", "pt_BR"], 10, 0), &[]);
    let plan = test.join("plan.json");
    test.wabactl(["plan", "--language", "pt_BR", "--out"])
        .args([&plan])
        .run();
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    assert_eq!(saved["listing"], json!({"languages": ["pt_BR"]}));
    test.wabactl(["apply", "--language", "pt_BR", "--plan"])
        .args([&plan])
        .run();
}

#[test]
fn the_report_warns_when_the_account_nears_its_call_budget() {
    let test = serve(&account(&["en_US"], 3, 0), &["--calls-per-hour", "4"]);
    let first = test.wabactl(["plan"]).any_exit().run();
    assert!(!first.stdout.contains("warning:"));
    let _ = test.wabactl(["plan"]).any_exit().run();
    test.wabactl(["plan"])
        .any_exit()
        .stdout_contains("warning: the account has used 75% of its Graph API call budget")
        .run();
}
