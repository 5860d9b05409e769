//! The configured Graph API version: `plan` warns in every format when Meta stops serving it
//! within 90 days, and refuses once it has ended. Which case a version is in depends on
//! today's date, so each version is checked against the same pure decision wabactl makes.

use wabactl::reconcile::api_version::{Support, support, today_utc};

use crate::support::Test;

#[test]
fn plan_warns_or_refuses_as_the_version_nears_or_passes_its_end() {
    let test = Test::new()
        .project()
        .template("order_update", "Your order has shipped.")
        .sandbox(&[]);
    let today = today_utc();
    let mut seen = Vec::new();
    for version in [
        "v19.0", "v21.0", "v22.0", "v23.0", "v24.0", "v25.0", "v26.0",
    ] {
        let expected = support(version, today);
        let run = |format: &str| {
            test.wabactl(["plan", "--format", format])
                .env("WABACTL_API_VERSION", version)
                .any_exit()
                .run()
        };
        let json = run("json");
        match &expected {
            Support::Ended { ended } => {
                assert_eq!(json.code, 1, "{version}: {}", json.stderr);
                assert!(
                    json.stderr
                        .contains(&format!("Graph API {version} ended on {ended}")),
                    "{version}: {}",
                    json.stderr
                );
                assert!(json.stderr.contains("api_version"), "{}", json.stderr);
            }
            Support::EndingSoon { ends, days_left } => {
                assert_eq!(json.code, 0, "{version}: {}", json.stderr);
                let warning = &json.json()["api_version_warning"];
                assert_eq!(warning["version"], *version);
                assert_eq!(warning["ends_on"], ends.to_string());
                assert_eq!(warning["days_left"], *days_left);
                let sentence = format!("Graph API {version} ends on {ends}");
                let human = run("human");
                assert!(human.stdout.contains(&sentence), "{}", human.stdout);
                assert!(human.stdout.contains("warning:"), "{}", human.stdout);
                let markdown = run("markdown");
                assert!(
                    markdown
                        .stdout
                        .contains(&format!("> [!WARNING]\n> {sentence}")),
                    "{}",
                    markdown.stdout
                );
            }
            Support::Until { .. } | Support::Open => {
                assert_eq!(json.code, 0, "{version}: {}", json.stderr);
                assert!(json.json().get("api_version_warning").is_none());
                let human = run("human");
                assert!(!human.stdout.contains("ends on"), "{}", human.stdout);
            }
        }
        seen.push(std::mem::discriminant(&expected));
    }
    // v19.0 has ended whatever the day, and v26.0 has no end yet: both sides are exercised.
    assert!(seen.contains(&std::mem::discriminant(&Support::Open)));
    assert!(
        seen.iter()
            .any(|d| { *d == std::mem::discriminant(&Support::Ended { ended: today }) })
    );
}

#[test]
fn the_default_version_is_v26() {
    let test = Test::new()
        .project()
        .template("order_update", "Your order has shipped.")
        .sandbox(&[]);
    let plan = test.wabactl(["plan", "--format", "json"]).run();
    assert_eq!(plan.json()["api_version"], "v26.0");
}
