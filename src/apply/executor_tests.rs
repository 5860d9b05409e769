//! The executor against an in-process sandbox: waiting for the quota, stopping on interrupt,
//! and deleting every language of a name at once only when they are all being deleted.

use std::time::Duration;

use super::*;
use crate::graph::token::AccessToken;
use crate::graph::{ClientConfig, GraphClient};
use crate::reconcile::plan::status_of;
use crate::reconcile::prune::PruneScope;
use crate::reconcile::{Desired, PlanOptions, plan};
use crate::sandbox::{self, Sandbox, SandboxConfig};
use crate::template::model::Template;

/// An account with no templates (a new one holds `hello_world`).
const EMPTY_ACCOUNT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/empty_account.json"
);

fn template(name: &str, language: &str) -> Template {
    serde_json::from_value(serde_json::json!({
        "name": name,
        "language": language,
        "category": "UTILITY",
        "components": [{"type": "BODY", "text": format!("Your parcel {name} has shipped.")}],
    }))
    .unwrap()
}

/// An empty account with a creation quota of `quota` per hour, and a client of it.
async fn start(quota: u32) -> (Sandbox, GraphClient) {
    start_with(SandboxConfig {
        create_quota_per_hour: quota,
        seed_path: Some(EMPTY_ACCOUNT.into()),
        ..SandboxConfig::default()
    })
    .await
}

/// The sandbox `config` describes, and a client of it.
async fn start_with(config: SandboxConfig) -> (Sandbox, GraphClient) {
    let sandbox = Sandbox::start(config).await.unwrap();
    let client = GraphClient::new(
        &ClientConfig {
            api_base: sandbox.base_url().to_owned(),
            ..ClientConfig::default()
        },
        AccessToken::new(sandbox::DEFAULT_TOKEN).unwrap(),
        "the sandbox token",
    )
    .unwrap();
    (sandbox, client)
}

async fn plan_for(client: &GraphClient, desired: &[Template], options: &PlanOptions) -> Plan {
    let remote = client
        .list_templates(sandbox::DEFAULT_WABA_ID)
        .await
        .unwrap();
    let desired: Vec<Desired> = desired.iter().cloned().map(Desired::from).collect();
    plan(&desired, &remote, options)
}

fn names(report: &Report, pick: impl Fn(&ChangeOutcome) -> bool) -> Vec<String> {
    report
        .changes
        .iter()
        .filter(|c| pick(c))
        .map(|c| format!("{} ({})", c.name, c.language))
        .collect()
}

#[tokio::test]
async fn waits_for_its_own_quota_and_goes_on() {
    let (sandbox, client) = start(0).await;
    let desired: Vec<Template> = (0..5).map(|i| template(&format!("q_{i}"), "en")).collect();
    let plan = plan_for(&client, &desired, &PlanOptions::default()).await;
    let executor = Executor::new(
        client,
        sandbox::DEFAULT_WABA_ID,
        ApplyOptions::new(
            Pacing {
                create_quota: 2,
                quota_window: Duration::from_millis(300),
                wait_for_quota: true,
                ..Pacing::default()
            },
            PruneScope::default(),
        ),
    );
    let mut waits = 0;
    let report = executor
        .run(&plan, std::future::pending(), |event| {
            if let Event::Waiting { reason, .. } = event {
                assert!(reason.contains("creation quota"), "{reason}");
                waits += 1;
            }
        })
        .await;
    assert!(report.complete, "{report:#?}");
    assert_eq!(report.counts.created, 5);
    assert!(report.quota.is_none());
    assert!(waits >= 2, "{waits}");
    sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_interrupt_lets_started_changes_finish_and_starts_no_more() {
    let (sandbox, client) = start(0).await;
    let desired: Vec<Template> = (0..3).map(|i| template(&format!("i_{i}"), "en")).collect();
    let plan = plan_for(&client, &desired, &PlanOptions::default()).await;
    let executor = Executor::new(
        client,
        sandbox::DEFAULT_WABA_ID,
        ApplyOptions::new(
            Pacing {
                parallelism: 1,
                ..Pacing::default()
            },
            PruneScope::default(),
        ),
    );
    let report = executor.run(&plan, async {}, |_| {}).await;
    assert!(report.interrupted);
    assert!(!report.complete);
    assert_eq!(names(&report, ChangeOutcome::is_done), ["i_0 (en)"]);
    assert_eq!(
        names(&report, |c| matches!(
            c.outcome,
            Outcome::Skipped {
                reason: SkipReason::Interrupted,
                ..
            }
        )),
        ["i_1 (en)", "i_2 (en)"]
    );
    sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_change_still_running_when_the_grace_ends_is_reported_as_unknown() {
    let (sandbox, client) = start_with(SandboxConfig {
        faults: crate::sandbox::FaultConfig {
            latency_ms: 2_000,
            ..Default::default()
        },
        ..SandboxConfig::default()
    })
    .await;
    let desired: Vec<Template> = (0..3).map(|i| template(&format!("g_{i}"), "en")).collect();
    let plan = plan_for(&client, &desired, &PlanOptions::default()).await;
    let executor = Executor::new(
        client,
        sandbox::DEFAULT_WABA_ID,
        ApplyOptions::new(
            Pacing {
                parallelism: 1,
                interrupt_grace: Duration::from_millis(100),
                ..Pacing::default()
            },
            PruneScope::default(),
        ),
    );
    // The interrupt comes while the first create waits on the sandbox's latency.
    let interrupt = tokio::time::sleep(Duration::from_millis(300));
    let report = executor.run(&plan, interrupt, |_| {}).await;
    assert!(report.interrupted);
    let failed: Vec<_> = report.changes.iter().filter(|c| c.is_failed()).collect();
    assert_eq!(failed.len(), 1, "{:?}", report.changes);
    let Outcome::Failed { message } = &failed[0].outcome else {
        unreachable!()
    };
    assert!(
        message.contains("may or may not have taken effect"),
        "{message}"
    );
    assert_eq!(report.counts.not_started, 2);
    sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn deletes_by_name_only_when_every_language_goes() {
    let (sandbox, client) = start(0).await;
    let waba = sandbox::DEFAULT_WABA_ID;
    let all = [
        template("gone", "en"),
        template("gone", "de"),
        template("split", "en"),
        template("split", "de"),
        template("split", "fr"),
    ];
    for t in &all {
        client
            .create_template(waba, &serde_json::to_value(t).unwrap())
            .await
            .unwrap();
    }
    // The files keep `split (fr)` only: every language of `gone` goes, two of `split`.
    let options = PlanOptions {
        prune: PruneScope::every(),
        ..PlanOptions::default()
    };
    let plan = plan_for(&client, &[template("split", "fr")], &options).await;
    assert_eq!(plan.counts.delete, 4, "{plan:#?}");
    let executor = Executor::new(
        client.clone(),
        waba,
        ApplyOptions::new(Pacing::default(), PruneScope::every()),
    );
    let report = executor.run(&plan, std::future::pending(), |_| {}).await;
    assert!(report.complete, "{report:#?}");
    assert_eq!(report.counts.deleted, 4);
    let left: Vec<(String, String)> = client
        .list_templates(waba)
        .await
        .unwrap()
        .into_iter()
        // Deleted approved copies stay listed (as DELETED) while their names are locked.
        .filter(|t| !status_of(t).is_gone())
        .map(|t| (t.name, t.language))
        .collect();
    assert_eq!(left, [("split".to_owned(), "fr".to_owned())]);
    sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn deletes_need_prune_and_its_scope() {
    let (sandbox, client) = start(0).await;
    let waba = sandbox::DEFAULT_WABA_ID;
    for name in ["in_scope", "out_of_scope"] {
        client
            .create_template(waba, &serde_json::to_value(template(name, "en")).unwrap())
            .await
            .unwrap();
    }
    let options = PlanOptions {
        prune: PruneScope::every(),
        ..PlanOptions::default()
    };
    let plan = plan_for(&client, &[], &options).await;
    let run = |scope: PruneScope| {
        let executor = Executor::new(
            client.clone(),
            waba,
            ApplyOptions::new(Pacing::default(), scope),
        );
        let plan = plan.clone();
        async move { executor.run(&plan, std::future::pending(), |_| {}).await }
    };
    let off = run(PruneScope::Off).await;
    assert_eq!(off.counts.deleted, 0);
    assert_eq!(off.counts.not_started, 2);
    let narrow = run(PruneScope::Names(vec!["in_*".into()])).await;
    assert_eq!(names(&narrow, ChangeOutcome::is_done), ["in_scope (en)"]);
    assert_eq!(
        names(&narrow, |c| matches!(
            c.outcome,
            Outcome::Skipped {
                reason: SkipReason::PruneOff,
                ..
            }
        )),
        ["out_of_scope (en)"]
    );
    sandbox.shutdown().await.unwrap();
}
