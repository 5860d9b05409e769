//! `plan`: the plan computed from real payloads of the corpus and rendered in all three
//! formats (snapshots), the Markdown size cap, and the plan file round trip.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use wabactl::graph::wire::{ListPage, RemoteTemplate};
use wabactl::reconcile::convert::to_document;
use wabactl::reconcile::filter::Selection;
use wabactl::reconcile::plan::{Kind, Source};
use wabactl::reconcile::plan_file;
use wabactl::reconcile::prune::PruneScope;
use wabactl::reconcile::{Desired, Plan, PlanOptions, plan};
use wabactl::render::plan::{human, json as plan_json, markdown};
use wabactl::template::diagnostic::SourceFile;
use wabactl::template::load::{Loaded, load_source};
use wabactl::template::model::{Component, Template};

use crate::support::{CORPUS, Output, Test};

/// The GET list responses of the corpus.
const LIST_RESPONSES: [&str; 8] = [
    "docs_get_all_templates_named_and_positional.json",
    "postman_get_all_templates.json",
    "postman_get_by_name_rejected.json",
    "sdk_java_ptbr_get_list_paging_next.json",
    "sdk_java_ptbr_get_list_transactional_prev.json",
    "docs_direct_send_get_auto_generated.json",
    "docs_get_fields_name_category_status_id.json",
    "docs_get_status_filter_approved_rejected.json",
];

const TOKEN: &str = "plan-test-token";
const WABA_ID: &str = "102290129340398";

fn remote_list(file: &str) -> Vec<RemoteTemplate> {
    let text = std::fs::read_to_string(format!("{CORPUS}/responses/{file}")).unwrap();
    serde_json::from_str::<ListPage<RemoteTemplate>>(&text)
        .unwrap()
        .data
}

fn document(file: &str) -> Template {
    let path = format!("{CORPUS}/templates/{file}");
    let mut loaded = Loaded::default();
    load_source(
        Arc::new(SourceFile {
            path: path.clone().into(),
            text: std::fs::read_to_string(&path).unwrap(),
        }),
        &mut loaded,
    );
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.documents.remove(0).template
}

fn converted(remote: &RemoteTemplate) -> Template {
    to_document(remote).unwrap().template
}

fn declared(template: Template, file: &str) -> Desired {
    Desired {
        template,
        source: Some(Source {
            file: format!("templates/{file}"),
            line: 1,
        }),
        errors: Vec::new(),
        languages: None,
    }
}

fn set_body(template: &mut Template, text: &str) {
    for component in &mut template.components {
        if let Component::Body(body) = component {
            body.text = Some(text.to_owned());
        }
    }
}

/// An account and files that together produce every kind of change.
fn every_kind() -> Plan {
    let docs = remote_list("docs_get_all_templates_named_and_positional.json");
    let postman = remote_list("postman_get_all_templates.json");
    let java = remote_list("sdk_java_ptbr_get_list_transactional_prev.json");
    let pick = |list: &[RemoteTemplate], name: &str| {
        list.iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let mut promo_pending = pick(&postman, "2023_april_promo");
    promo_pending.status = Some("PENDING".into());
    let mut reservation = pick(&docs, "reservation_confirmation");
    reservation.quality_score = Some(wabactl::graph::wire::QualityScore {
        score: "GREEN".into(),
        date: Some(1_758_754_645),
    });
    let account = vec![
        reservation.clone(),
        pick(&docs, "coupon_expiration_reminder_number_vars"),
        pick(&postman, "hello_world"),
        promo_pending.clone(),
        pick(&java, "welcome_template3"),
        pick(&java, "welcome_template2"),
        pick(&java, "schedule_confirmation3"),
        pick(&java, "schedule_confirmation5"),
        pick(&java, "confirmacao_horario"),
        pick(&java, "number_confirmation"),
    ];

    // Update: new wording and a shorter time-to-live.
    let mut update = converted(&reservation);
    set_body(
        &mut update,
        "*You're all set!*\n\nYour table for {{number_of_guests}} at Lucky Shrub Eatery on {{day}}, {{date}}, at {{time}}, is booked. See you soon!",
    );
    update.message_send_ttl_seconds = Some(3_600);
    // Needs a new template: an approved template's category cannot change.
    let mut recategorised = converted(&pick(&java, "confirmacao_horario"));
    recategorised.category = "MARKETING".into();
    // Blocked: in review.
    let mut blocked = converted(&promo_pending);
    set_body(
        &mut blocked,
        "Hi {{1}}, our Fall Sale is on! Use promo code {{2}} to get an extra 30% off every order above $350!",
    );
    let desired = vec![
        declared(update, "reservation_confirmation.yaml"),
        declared(
            converted(&pick(&docs, "coupon_expiration_reminder_number_vars")),
            "coupon.yaml",
        ),
        declared(recategorised, "confirmacao_horario.yaml"),
        declared(blocked, "promo.yaml"),
        declared(converted(&pick(&java, "welcome_template2")), "welcome.yaml"),
        // Drift: posted as TRANSACTIONAL, now UTILITY.
        declared(
            document("sdk_java_ptbr_schedule_confirmation3.json"),
            "schedule.yaml",
        ),
        // Create.
        declared(
            document("docs_components_seasonal_promotion.json"),
            "seasonal.yaml",
        ),
    ];
    let options = PlanOptions {
        prune: PruneScope::Names(vec!["welcome_*".into()]),
        account: Some("102290129340398".into()),
        api_version: Some("v26.0".into()),
        ..PlanOptions::default()
    };
    plan(&desired, &account, &options)
}

#[test]
fn a_plan_holds_every_kind_of_change() {
    let plan = every_kind();
    for kind in [
        Kind::Create,
        Kind::Update,
        Kind::Delete,
        Kind::NeedsNewTemplate,
        Kind::Blocked,
        Kind::Drift,
        Kind::Unmanaged,
        Kind::InSync,
    ] {
        assert!(
            plan.changes.iter().any(|c| c.kind() == kind),
            "no {kind:?}: {:#?}",
            plan.changes
        );
    }
    assert!(plan.has_changes);
    // The one delete is more than 30% of the few templates `welcome_*` covers.
    assert!(plan.needs_force);
}

#[test]
fn human_output() {
    let plan = every_kind();
    let text = human::render(&plan, human::Options::default());
    assert!(text.ends_with(
        "Plan: 1 to create, 1 to update, 1 to delete; 3 unmanaged; 1 blocked; 1 need a new template; 1 drifted\n"
    ));
    insta::assert_snapshot!("human", text);
    let verbose = human::render(
        &plan,
        human::Options {
            colored: false,
            verbose: true,
            width: None,
        },
    );
    assert!(verbose.contains("= coupon_expiration_reminder_number_vars (en)  in sync"));
}

#[test]
fn human_output_in_colour_marks_words_without_brackets() {
    let plan = every_kind();
    let colored = human::render(
        &plan,
        human::Options {
            colored: true,
            verbose: false,
            width: None,
        },
    );
    assert!(colored.contains("\u{1b}["));
    assert!(!colored.contains("{+"));
    let plain = human::render(&plan, human::Options::default());
    assert!(!plain.contains("\u{1b}["));
    assert!(plain.contains("[-reservation-]") && plain.contains("{+table+}"));
}

#[test]
fn markdown_output() {
    let text = markdown::render(&every_kind(), &Default::default());
    assert!(text.starts_with("<!-- wabactl-plan -->\n"));
    insta::assert_snapshot!("markdown", text);
}

#[test]
fn json_output_round_trips() {
    let plan = every_kind().sealed();
    let text = plan_json::render(&plan);
    insta::assert_snapshot!("json", text);
    let back = plan_file::parse(&text).unwrap();
    assert!(back.is_intact(), "written sealed");
    assert_eq!(back, plan);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["format_version"], 2);
    assert_eq!(value["account"], "102290129340398");
    assert!(
        value["fingerprint"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    let future = text.replacen("\"format_version\": 2", "\"format_version\": 3", 1);
    let err = plan_file::parse(&future).unwrap_err();
    assert!(err.to_string().contains("version 3"), "{err}");
}

#[test]
fn markdown_stays_under_the_comment_limit() {
    // 3,000 edited copies of one real template: far more than one comment holds.
    let base = remote_list("docs_get_all_templates_named_and_positional.json")[1].clone();
    let mut account = Vec::new();
    let mut desired = Vec::new();
    for i in 0..3_000 {
        let mut remote = base.clone();
        remote.name = format!("coupon_{i:04}");
        remote.id = format!("{}", 1_000_000 + i);
        let mut template = converted(&remote);
        set_body(
            &mut template,
            &format!("Just a reminder—code {{{{1}}}} expires in {{{{2}}}} days. Edit {i}."),
        );
        account.push(remote);
        desired.push(Desired::from(template));
    }
    for i in 0..500 {
        let mut remote = base.clone();
        remote.name = format!("other_{i:04}");
        remote.id = format!("{}", 2_000_000 + i);
        account.push(remote);
    }
    let plan = plan(&desired, &account, &PlanOptions::default());
    assert_eq!(plan.counts.update, 3_000);
    let text = markdown::render(&plan, &Default::default());
    assert!(text.len() <= markdown::DEFAULT_LIMIT, "{}", text.len());
    assert!(text.starts_with(markdown::MARKER));
    let shown = text.matches("<details><summary><code>~</code>").count();
    assert!(shown > 10, "{shown}");
    let notice = format!("{} changes omitted", 3_000 - shown);
    assert!(text.contains(&notice), "missing `{notice}`");
    assert!(text.contains("unmanaged templates not listed"));
    assert!(text.contains("Run `wabactl plan` locally for the full plan."));
    // A small limit still yields the marker, the summary and the notice.
    let tiny = markdown::render_with_limit(&plan, 2_000, &Default::default());
    assert!(tiny.len() <= 2_000, "{}", tiny.len());
    assert!(
        tiny.contains("changes omitted") && tiny.contains("wabactl plan"),
        "{tiny}"
    );
}

#[test]
fn filters_narrow_the_plan() {
    let account = remote_list("sdk_java_ptbr_get_list_transactional_prev.json");
    let options = PlanOptions {
        selection: Selection {
            names: vec!["welcome_*".into()],
            languages: vec![],
        },
        ..PlanOptions::default()
    };
    let plan = plan(&[], &account, &options);
    let names: Vec<&str> = plan.changes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["welcome_template2", "welcome_template3"]);
    assert!(!plan.has_changes);
}

/// Replaces every media header sample of `body` by a handle the sandbox's upload API issued
/// for a file of the header's type.
async fn uploaded_samples(
    http: &reqwest::Client,
    sandbox: &wabactl::sandbox::Sandbox,
    body: &mut serde_json::Value,
) {
    let mut headers = Vec::new();
    collect_media_headers(body, &mut headers);
    for header in headers {
        let mime = match header["format"]
            .as_str()
            .unwrap_or_default()
            .to_ascii_uppercase()
            .as_str()
        {
            "VIDEO" => "video/mp4",
            "DOCUMENT" => "application/pdf",
            _ => "image/png",
        };
        let open: serde_json::Value = http
            .post(format!(
                "{}/v25.0/{}/uploads?file_name=sample&file_length=8&file_type={mime}",
                sandbox.base_url(),
                sandbox.app_id()
            ))
            .bearer_auth(wabactl::sandbox::DEFAULT_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let done: serde_json::Value = http
            .post(format!(
                "{}/v25.0/{}",
                sandbox.base_url(),
                open["id"].as_str().unwrap()
            ))
            .header(
                "Authorization",
                format!("OAuth {}", wabactl::sandbox::DEFAULT_TOKEN),
            )
            .header("file_offset", "0")
            .body(b"8 bytes!".to_vec())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let handles = header["example"]["header_handle"].as_array_mut().unwrap();
        for handle in handles {
            *handle = done["h"].clone();
        }
    }
}

fn collect_media_headers<'a>(
    value: &'a mut serde_json::Value,
    out: &mut Vec<&'a mut serde_json::Value>,
) {
    match value {
        serde_json::Value::Object(map)
            if map
                .get("example")
                .and_then(|e| e.get("header_handle"))
                .is_some() =>
        {
            out.push(value);
        }
        serde_json::Value::Object(map) => {
            map.values_mut().for_each(|v| collect_media_headers(v, out))
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(|v| collect_media_headers(v, out))
        }
        _ => {}
    }
}

/// What `apply` then `plan` goes through: every valid create body of the corpus is posted to a
/// sandbox (which stores it the way Meta does), the account is listed, and the plan against
/// the same documents shows nothing to do.
#[tokio::test]
async fn created_templates_plan_in_sync() {
    use wabactl::sandbox::{Sandbox, SandboxConfig};
    let expected = std::fs::read_to_string(format!("{CORPUS}/EXPECTED.tsv")).unwrap();
    let files: Vec<&str> = expected
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            (cols[1] == "create" && cols[2] == "valid")
                .then(|| cols[0].strip_prefix("templates/").unwrap())
        })
        .collect();
    assert!(files.len() > 20, "{}", files.len());

    let sandbox = Sandbox::start(SandboxConfig {
        seed_path: Some(crate::support::EMPTY_ACCOUNT.into()),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let base = format!(
        "{}/v25.0/{}/message_templates",
        sandbox.base_url(),
        sandbox.waba_id()
    );
    let mut desired = Vec::new();
    for file in &files {
        let template = document(file);
        if desired
            .iter()
            .any(|d: &Desired| d.template.key() == template.key())
        {
            continue; // two corpus pages show the same (name, language)
        }
        let mut body =
            serde_json::to_value(wabactl::reconcile::normalize::canonical(&template)).unwrap();
        // Meta's pages show placeholder handles, which Meta (and the sandbox) refuse: each
        // sample is uploaded first, as apply does.
        uploaded_samples(&http, &sandbox, &mut body).await;
        let answer = http
            .post(&base)
            .bearer_auth(wabactl::sandbox::DEFAULT_TOKEN)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(
            answer.status().is_success(),
            "{file}: {}",
            answer.text().await.unwrap()
        );
        desired.push(declared(template, file));
    }
    let mut account = Vec::new();
    let mut url = format!(
        "{base}?limit=250&fields={}",
        wabactl::graph::wire::TEMPLATE_FIELDS
    );
    loop {
        let page: ListPage<RemoteTemplate> = http
            .get(&url)
            .bearer_auth(wabactl::sandbox::DEFAULT_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        account.extend(page.data);
        match page.paging.and_then(|p| p.next) {
            Some(next) => url = next,
            None => break,
        }
    }
    sandbox.shutdown().await.unwrap();

    assert_eq!(account.len(), desired.len());
    let plan = plan(&desired, &account, &PlanOptions::default());
    for change in &plan.changes {
        assert!(
            matches!(change.kind(), Kind::InSync | Kind::Drift),
            "{}",
            human::render(&plan, human::Options::default())
        );
    }
    assert!(plan.counts.in_sync >= 20, "{:?}", plan.counts);
}

/// A project on a sandbox account seeded from `seed`.
fn seeded(seed: &Path) -> Test {
    Test::new()
        .token(TOKEN)
        .waba_id(WABA_ID)
        .sandbox(&["--seed", seed.to_str().unwrap()])
}

/// `wabactl plan ARGS` in the project, reading its sandbox's account; any exit code.
fn plan_run(test: &Test, args: &[&str]) -> Output {
    test.wabactl(["plan"]).args(args).any_exit().run()
}

/// The account's templates written as template files (what `import` does), one per template.
fn write_documents(dir: &Path, remote: &[RemoteTemplate]) -> usize {
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let mut written = 0;
    for template in remote {
        let Ok(converted) = to_document(template) else {
            continue; // listed without `fields=language,components`
        };
        let yaml = serde_saphyr::to_string(&converted.template).unwrap();
        let file = format!("{}_{}.yaml", template.name, template.language);
        std::fs::write(templates.join(file), yaml).unwrap();
        written += 1;
    }
    written
}

fn seed_path(file: &str) -> PathBuf {
    PathBuf::from(format!("{CORPUS}/responses/{file}"))
}

#[test]
fn every_list_response_seeded_plans_no_change() {
    for file in LIST_RESPONSES {
        let test = seeded(&seed_path(file));
        let remote = remote_list(file);
        let written = write_documents(test.path(), &remote);
        let output = plan_run(&test, &["templates", "--exit-code"]);
        let text = &output.stdout;
        // Declared templates that cannot be sent need attention, and --exit-code says so.
        let unsendable = remote.iter().any(|t| {
            matches!(
                t.status
                    .as_ref()
                    .map(|s| s.as_str().to_uppercase())
                    .as_deref(),
                Some("REJECTED" | "PAUSED" | "DISABLED" | "IN_APPEAL" | "LIMIT_EXCEEDED")
            )
        }) && written == remote.len();
        let expected = if unsendable { 2 } else { 0 };
        assert_eq!(output.code, expected, "{file}:\n{text}\n{}", output.stderr);
        assert_eq!(
            unsendable,
            text.contains("need attention") || text.contains("needs attention"),
            "{file}:\n{text}"
        );
        assert!(
            text.contains("Plan: 0 to create, 0 to update, 0 to delete;"),
            "{file}:\n{text}"
        );
        if written == remote.len() {
            assert!(text.contains("; 0 unmanaged; 0 blocked"), "{file}:\n{text}");
            assert!(
                text.contains(&format!("{written} template")),
                "{file}:\n{text}"
            );
        }
    }
}

#[test]
fn exit_codes_formats_and_the_saved_plan() {
    let file = "docs_get_all_templates_named_and_positional.json";
    let test = seeded(&seed_path(file));
    write_documents(test.path(), &remote_list(file));

    // No change: 0 with or without --exit-code.
    assert_eq!(plan_run(&test, &["--exit-code"]).code, 0);

    // Edit a text: 2 with --exit-code, 0 without; every format says so.
    let path = test.join("templates/coupon_expiration_reminder_number_vars_en.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, yaml.replace("Happy shopping!", "Happy planting!")).unwrap();
    let changed = plan_run(&test, &["templates", "--exit-code"]);
    assert_eq!(changed.code, 2, "{}", changed.stderr);
    let text = &changed.stdout;
    assert!(
        text.contains("~ coupon_expiration_reminder_number_vars (en)  update"),
        "{text}"
    );
    assert!(
        text.contains("[-shopping!-]") && text.contains("{+planting!+}"),
        "{text}"
    );
    assert!(
        text.ends_with("Plan: 0 to create, 1 to update, 0 to delete; 0 unmanaged; 0 blocked\n")
    );
    assert_eq!(plan_run(&test, &[]).code, 0);

    let markdown = plan_run(&test, &["--format", "markdown"]);
    let marker = markdown.stdout.lines().next().unwrap();
    assert!(
        marker.starts_with("<!-- wabactl-plan accounts=") && marker.ends_with(" -->"),
        "{marker}"
    );

    let saved = plan_run(&test, &["--format", "json", "--out", "plan.json"]);
    assert_eq!(saved.code, 0);
    let printed = plan_file::parse(&saved.stdout).unwrap();
    let file_plan = plan_file::parse(&test.read("plan.json")).unwrap();
    assert_eq!(printed, file_plan);
    assert_eq!(file_plan.account.as_deref(), Some(WABA_ID));
    assert_eq!(file_plan.api_version.as_deref(), Some("v26.0"));
    assert_eq!(file_plan.counts.update, 1);
    let raw = test.read("plan.json");
    assert!(!raw.contains(TOKEN));

    // Filters and prune from the command line.
    let filtered = plan_run(&test, &["--name", "reservation_*", "--exit-code"]);
    assert_eq!(filtered.code, 0, "{}", filtered.stdout);
    std::fs::remove_file(&path).unwrap();
    let pruned = plan_run(&test, &["--prune", "--prune-scope", "coupon_*"]);
    assert!(
        pruned
            .stdout
            .contains("- coupon_expiration_reminder_number_vars (en)  delete"),
        "{}",
        pruned.stdout
    );
    let unmanaged = plan_run(&test, &["--exit-code"]);
    assert_eq!(unmanaged.code, 0, "unmanaged alone is no change");

    // A file that cannot be read: 1, with the place named.
    test.write("templates/broken.yaml", "name: [oops\n");
    let broken = plan_run(&test, &["--exit-code"]);
    assert_eq!(broken.code, 1);
    assert!(broken.stderr.contains("broken.yaml:"), "{}", broken.stderr);
}

#[test]
fn an_unreachable_account_is_an_error() {
    let err = Test::new()
        .dir("templates")
        .wabactl(["plan", "templates"])
        .env("WABACTL_API_BASE", "http://127.0.0.1:9")
        .env("WABACTL_RETRY_ATTEMPTS", "1")
        .env("WHATSAPP_ACCESS_TOKEN", TOKEN)
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA_ID)
        .expect_exit(1)
        .run()
        .stderr;
    assert!(err.contains("cannot list the templates"), "{err}");
    assert!(!err.contains(TOKEN));
}
