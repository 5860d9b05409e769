//! The rule table of `docs/templates.md` is generated from the rule table in the code, so the
//! two cannot drift apart. `WABACTL_UPDATE_DOCS=1 cargo test rule_table` rewrites it.

use wabactl::template::rules::table;

use crate::support::REPO;

const BEGIN: &str = "<!-- rules:begin -->\n";
const END: &str = "<!-- rules:end -->";

#[test]
fn docs_list_every_rule() {
    let path = format!("{REPO}/docs/templates.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let start = doc
        .find(BEGIN)
        .expect("docs/templates.md has a rules:begin marker")
        + BEGIN.len();
    let end = doc
        .find(END)
        .expect("docs/templates.md has a rules:end marker");
    let expected = table::markdown();
    if doc[start..end] != expected {
        if std::env::var_os("WABACTL_UPDATE_DOCS").is_some() {
            let updated = format!("{}{expected}{}", &doc[..start], &doc[end..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!(
                "the rule table of docs/templates.md is stale: run `WABACTL_UPDATE_DOCS=1 cargo test rule_table`"
            );
        }
    }
}
