//! Media header samples kept as local files (`file:PATH` in `header_handle`): `validate`
//! checks them, `plan` shows the upload, `apply` uploads through the sandbox's Resumable
//! Upload API (resuming a cut transfer), `plan` after `apply` shows nothing, and `import`
//! fetches the sample back into a file, so adoption round-trips.

use serde_json::{Value, json};

use crate::support::{TOKEN, Test};

/// The sandbox's app id (the default of `sandbox serve --app-id`).
const APP_ID: &str = "584544743160774";

/// A PNG as far as its first bytes tell, `len` bytes long.
fn png(len: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0..len - bytes.len()).map(|i| (i % 251) as u8));
    bytes
}

fn promo(sample: &str) -> String {
    format!(
        "name: promo\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - type: HEADER\n    \
         format: IMAGE\n    example:\n      header_handle: ['{sample}']\n  - type: BODY\n    \
         text: Fresh beans from Huila are in.\n"
    )
}

/// Blocking HTTP for the checks made beside the binary.
fn http<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// The stored template `name` on the sandbox.
fn stored(test: &Test, name: &str) -> Value {
    let state = test.served().state();
    state["account"]["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["fields"]["name"] == name)
        .unwrap_or_else(|| panic!("{name} not on the sandbox: {state}"))["fields"]
        .clone()
}

/// The bytes the sandbox serves for the header sample of `name`.
fn served_sample(test: &Test, name: &str) -> Vec<u8> {
    let fields = stored(test, name);
    let path = fields["components"][0]["example"]["header_handle"][0]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(path.starts_with("/media/"), "{fields}");
    let url = format!("{}{path}", test.served().base_url);
    http(async {
        client()
            .get(url)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .to_vec()
    })
}

#[test]
fn validate_checks_each_sample_file_at_its_entry() {
    let test = Test::new()
        .project()
        .file("templates/media/ok.png", png(300))
        .file("templates/media/fake.jpg", b"%PDF-1.7\n not an image")
        .file("templates/media/huge.png", png(5_000_001))
        .file("templates/ok.yaml", promo("file:media/ok.png"))
        .file(
            "templates/fake.yaml",
            promo("file:media/fake.jpg").replace("promo", "fake"),
        )
        .file(
            "templates/huge.yaml",
            promo("file:media/huge.png").replace("promo", "huge"),
        )
        .file(
            "templates/gone.yaml",
            promo("file:media/gone.png").replace("promo", "gone"),
        );
    let out = test
        .wabactl(["validate"])
        .expect_exit(1)
        .stdout_contains("templates/fake.yaml:8:23: error[media-type]")
        .stdout_contains("templates/media/fake.jpg is application/pdf")
        .stdout_contains("templates/huge.yaml:8:23: error[media-size]")
        .stdout_contains("holds 5000001 bytes; a sample of this IMAGE header may hold 5000000")
        .stdout_contains("templates/gone.yaml:8:23: error[media-file]")
        .run();
    assert!(!out.stdout.contains("ok.yaml:"), "{}", out.stdout);
    assert!(
        out.stdout.contains("4 templates, 3 errors"),
        "{}",
        out.stdout
    );
}

#[test]
fn apply_uploads_the_sample_and_plan_then_shows_nothing() {
    let sample = png(20_000);
    let test = Test::new()
        .project()
        .file("templates/media/promo.png", &sample)
        .file("templates/promo.yaml", promo("file:media/promo.png"))
        .sandbox(&[]);

    // Without an app id, a plan that needs an upload stops before anything is sent.
    test.wabactl(["plan"])
        .env_remove("WHATSAPP_APP_ID")
        .expect_exit(1)
        .stderr_contains("WHATSAPP_APP_ID")
        .stderr_contains("`app_id`")
        .run();

    let run = |args: &[&str]| test.wabactl(args).env("WHATSAPP_APP_ID", APP_ID);
    run(&["plan"])
        .stdout_contains("+ promo (en_US)")
        .stdout_contains(
            "↑ upload templates/media/promo.png (20,000 bytes, image/png) for file:media/promo.png",
        )
        .run();
    run(&["plan", "--format", "markdown"])
        .stdout_contains("Uploads templates/media/promo.png (20,000 bytes, image/png)")
        .run();
    let plan = run(&["plan", "--format", "json"]).run().json();
    assert_eq!(
        plan["changes"][0]["uploads"],
        json!([{"reference": "file:media/promo.png", "file": "templates/media/promo.png",
                "size": 20000, "media_type": "image/png"}])
    );
    // The body to send still names the file; apply puts the handle in its place.
    assert_eq!(
        plan["changes"][0]["request"]["components"][0]["example"]["header_handle"],
        json!(["file:media/promo.png"])
    );

    let applied = run(&["apply", "--auto-approve", "--format", "json"])
        .stderr_contains("↑ uploaded templates/media/promo.png (20,000 bytes, image/png)")
        .run();
    let report = applied.json();
    assert_eq!(report["counts"]["created"], 1, "{report}");
    // list + session + bytes + create.
    assert_eq!(report["requests"]["count"], 4, "{report}");
    assert_eq!(served_sample(&test, "promo"), sample);

    run(&["plan", "--exit-code"])
        .stdout_contains("Plan: 0 to create, 0 to update, 0 to delete")
        .run();

    // A new file under the same name: the plan does not compare samples (Meta returns a URL),
    // so pushing it is asked for by name.
    let new_sample = png(21_000);
    test.write("templates/media/promo.png", &new_sample);
    run(&["plan", "--exit-code"]).run();
    run(&["plan", "--reupload", "promo", "--exit-code"])
        .expect_exit(2)
        .stdout_contains("~ promo (en_US)")
        .stdout_contains("components.HEADER.example.header_handle")
        .stdout_contains("↑ upload templates/media/promo.png (21,000 bytes, image/png)")
        .run();
    run(&["apply", "--reupload", "promo", "--auto-approve"])
        .stdout_contains("updated promo (en_US)")
        .run();
    assert_eq!(served_sample(&test, "promo"), new_sample);
    run(&["plan", "--exit-code"]).run();
}

#[test]
fn a_cut_upload_resumes_from_the_sessions_offset() {
    let sample = png(50_000);
    let test = Test::new()
        .project()
        .file("templates/media/promo.png", &sample)
        .file("templates/promo.yaml", promo("file:media/promo.png"))
        .sandbox(&["--upload-cut-after", "12345"]);
    test.wabactl(["-v", "apply", "--auto-approve"])
        .env("WHATSAPP_APP_ID", APP_ID)
        .stderr_contains("upload interrupted; resuming")
        .stderr_contains("offset=12345")
        .stdout_contains("created promo (en_US)")
        .run();
    assert_eq!(served_sample(&test, "promo"), sample);
}

#[test]
fn import_fetches_the_sample_into_a_file_and_round_trips() {
    let sample = png(4_096);
    let test = Test::new()
        .project()
        .file("templates/media/promo.png", &sample)
        .file("templates/promo.yaml", promo("file:media/promo.png"))
        .env("WHATSAPP_APP_ID", APP_ID)
        .sandbox(&[]);
    test.wabactl(["apply", "--auto-approve"]).run();
    std::fs::remove_dir_all(test.join("templates")).unwrap();

    let imported = test
        .wabactl(["import"])
        .stdout_contains("wrote media sample templates/media/promo_en_US.png")
        .run();
    // The document names a file, so no warning about a URL is left.
    assert!(
        !imported.stdout.contains("header-handle-format") && !imported.stdout.contains("URL"),
        "{}",
        imported.stdout
    );
    let text = test.read("templates/promo.yaml");
    assert!(
        text.contains("- file:media/promo_en_US.png"),
        "the document names the fetched file:\n{text}"
    );
    assert!(!text.contains("http"), "{text}");
    assert_eq!(
        std::fs::read(test.join("templates/media/promo_en_US.png")).unwrap(),
        sample
    );
    test.wabactl(["validate"]).run();
    test.wabactl(["plan", "--exit-code"])
        .stdout_contains("Plan: 0 to create, 0 to update, 0 to delete")
        .run();
}

#[test]
fn the_sandbox_models_sessions_offsets_and_the_oauth_header() {
    let test = Test::new().sandbox(&[]);
    let base = format!("{}/v25.0", test.served().base_url);
    let bytes = png(1_000);
    http(async {
        let c = client();
        let open: Value = c
            .post(format!(
                "{base}/{APP_ID}/uploads?file_name=a.png&file_length=1000&file_type=image/png"
            ))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = open["id"].as_str().unwrap().to_owned();
        assert!(session.starts_with("upload:"), "{open}");
        let url = format!("{base}/{session}");
        let oauth = format!("OAuth {TOKEN}");

        // Bearer is refused on the upload itself.
        let bearer = c.post(&url).bearer_auth(TOKEN).header("file_offset", "0");
        let refused = bearer.body(bytes.clone()).send().await.unwrap();
        assert_eq!(refused.status(), 401);
        let refused: Value = refused.json().await.unwrap();
        assert_eq!(refused["error"]["code"], 190, "{refused}");

        // Part of the file arrives; the session says where to go on from.
        let part = c
            .post(&url)
            .header("authorization", &oauth)
            .header("file_offset", "0")
            .body(bytes[..400].to_vec())
            .send()
            .await
            .unwrap();
        assert!(part.status().is_server_error());
        let status: Value = c
            .get(&url)
            .header("authorization", &oauth)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        // A string, as in Meta's "Upload a file" example.
        assert_eq!(status["file_offset"], "400", "{status}");

        // A wrong offset is refused; the right one finishes the file.
        let wrong = c
            .post(&url)
            .header("authorization", &oauth)
            .header("file_offset", "0")
            .body(bytes[400..].to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 400);
        let done: Value = c
            .post(&url)
            .header("authorization", &oauth)
            .header("file_offset", "400")
            .body(bytes[400..].to_vec())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(done["h"].as_str().unwrap().starts_with("4::"), "{done}");

        // Types outside Meta's list are refused when the session opens.
        let gif = c
            .post(format!(
                "{base}/{APP_ID}/uploads?file_name=a.gif&file_length=10&file_type=image/gif"
            ))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(gif.status(), 400);

        // A local reference is not a handle.
        let create = c
            .post(format!(
                "{base}/{}/message_templates",
                crate::support::WABA_ID
            ))
            .bearer_auth(TOKEN)
            .json(
                &json!({"name": "x", "language": "en_US", "category": "MARKETING",
                "components": [{"type": "HEADER", "format": "IMAGE",
                    "example": {"header_handle": ["file:a.png"]}},
                    {"type": "BODY", "text": "Hello there."}]}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(create.status(), 400);
        // A handle for a PNG does not fit a VIDEO header.
        let video = c
            .post(format!(
                "{base}/{}/message_templates",
                crate::support::WABA_ID
            ))
            .bearer_auth(TOKEN)
            .json(
                &json!({"name": "y", "language": "en_US", "category": "MARKETING",
                "components": [{"type": "HEADER", "format": "VIDEO",
                    "example": {"header_handle": [done["h"]]}},
                    {"type": "BODY", "text": "Hello there."}]}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(video.status(), 400);
    });
}

#[test]
fn carousel_cards_and_saved_plans_carry_their_samples() {
    let card = |n: u32| {
        format!(
            "      - components:\n          - type: HEADER\n            format: IMAGE\n            \
             example: {{header_handle: ['file:media/card{n}.png']}}\n          - type: BUTTONS\n            \
             buttons: [{{type: QUICK_REPLY, text: Tell me more}}]\n"
        )
    };
    let carousel = format!(
        "name: beans\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - type: BODY\n    \
         text: Two new beans this week.\n  - type: CAROUSEL\n    cards:\n{}{}",
        card(1),
        card(2)
    );
    let (one, two) = (png(3_000), png(3_500));
    let test = Test::new()
        .project()
        .file("templates/media/card1.png", &one)
        .file("templates/media/card2.png", &two)
        .file("templates/beans.yaml", carousel)
        .env("WHATSAPP_APP_ID", APP_ID)
        .sandbox(&[]);
    test.wabactl(["validate"]).run();
    test.wabactl(["plan", "--out", "plan.json"])
        .stdout_contains("↑ upload templates/media/card1.png (3,000 bytes, image/png)")
        .stdout_contains("↑ upload templates/media/card2.png (3,500 bytes, image/png)")
        .run();
    test.wabactl(["apply", "--plan", "plan.json"])
        .stdout_contains("created beans (en_US)")
        .run();
    test.wabactl(["plan", "--exit-code"]).run();

    std::fs::remove_dir_all(test.join("templates")).unwrap();
    test.wabactl(["import"]).run();
    let text = test.read("templates/beans.yaml");
    assert!(text.contains("file:media/beans_en_US_1.png"), "{text}");
    assert!(text.contains("file:media/beans_en_US_2.png"), "{text}");
    assert_eq!(
        std::fs::read(test.join("templates/media/beans_en_US_1.png")).unwrap(),
        one
    );
    assert_eq!(
        std::fs::read(test.join("templates/media/beans_en_US_2.png")).unwrap(),
        two
    );
    test.wabactl(["plan", "--exit-code"]).run();
}
