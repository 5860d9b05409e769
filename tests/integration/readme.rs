//! The README's rule table is generated from the rule table in the code, so the two cannot
//! drift apart. `WABACTL_UPDATE_README=1 cargo test readme` rewrites it.

use wabactl::template::rules::table::RULES;

use crate::support::REPO;

const BEGIN: &str = "<!-- rules:begin -->\n";
const END: &str = "<!-- rules:end -->";

fn rule_table() -> String {
    let mut table = String::from("| Rule | Severity | What it checks |\n|---|---|---|\n");
    for rule in RULES {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.id,
            rule.severity.as_str(),
            rule.summary.replace('|', "\\|")
        ));
    }
    table
}

#[test]
fn readme_lists_every_rule() {
    let path = format!("{REPO}/README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme.find(BEGIN).expect("README has a rules:begin marker") + BEGIN.len();
    let end = readme.find(END).expect("README has a rules:end marker");
    let expected = rule_table();
    if readme[start..end] != expected {
        if std::env::var_os("WABACTL_UPDATE_README").is_some() {
            let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!(
                "the README's rule table is stale: run `WABACTL_UPDATE_README=1 cargo test readme`"
            );
        }
    }
}
