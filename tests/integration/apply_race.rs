//! Two applies racing on one account: the loser's duplicate refusals are reported as
//! `already_on_account` (created by another run), not as created, so the two reports add up
//! to what the account holds.

use crate::support::{identities, numbered, racing_applies, write_templates};

#[test]
fn racing_applies_report_what_each_created() {
    let templates = numbered("race", 40);
    let (test, outputs) = racing_applies(&templates, 100);
    let mut created = 0;
    let mut already = 0;
    for output in &outputs {
        let report = output.json();
        let counts = &report["counts"];
        let planned_creates = report["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["change"] == "create")
            .count();
        let this_created = counts["created"].as_u64().unwrap() as usize;
        let this_already = counts["already_on_account"].as_u64().unwrap() as usize;
        assert_eq!(counts["failed"], 0, "{report}");
        assert_eq!(this_created + this_already, planned_creates, "{report}");
        for change in report["changes"].as_array().unwrap() {
            if change["result"] == "already_on_account" {
                assert!(change["id"].is_string(), "{change}");
                assert!(
                    change["note"]
                        .as_str()
                        .unwrap()
                        .contains("created by another run"),
                    "{change}"
                );
            }
        }
        created += this_created;
        already += this_already;
    }
    let identities = identities(&test);
    assert_eq!(identities.len(), 40);
    assert!(identities.values().all(|n| *n == 1), "{identities:?}");
    assert_eq!(
        created, 40,
        "the two reports' creates add up to the account"
    );
    assert!(
        already > 0,
        "the runs did not overlap; the race was not exercised"
    );

    // The human reports name them too, and their summaries add up.
    let mut more = templates.clone();
    more.extend(numbered("race_more", 20));
    write_templates(&test, &more);
    let args = ["apply", "--auto-approve", "--create-quota", "0"];
    let first = test.wabactl(args).spawn();
    let second = test.wabactl(args).spawn();
    let outputs = [first.wait(), second.wait()];
    let mut created = 0;
    for output in &outputs {
        let out = &output.stdout;
        let summary = out
            .lines()
            .find(|l| l.starts_with("Applied: "))
            .unwrap_or_else(|| panic!("{out}"));
        let n: usize = summary["Applied: ".len()..]
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        created += n;
    }
    assert_eq!(created, 20);
    let all = format!("{}{}", outputs[0].stdout, outputs[1].stdout);
    assert!(
        all.contains("= already on the account race_more_")
            && all.contains("already on the account (created by another run)"),
        "{all}"
    );
}
