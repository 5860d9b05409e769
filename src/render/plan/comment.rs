//! Which pull-request comment a Markdown plan is: its first line, a hidden marker that names
//! what the comment is about (the comment key, the accounts, the shard), so that every job
//! of a shard matrix and every workflow keeps and updates a comment of its own.

use sha2::Digest;

use crate::reconcile::plan_set::Planned;

/// Beyond this many characters of account names the marker names their digest instead.
const MAX_ACCOUNTS_LEN: usize = 400;

/// What a comment is about: `--comment-key`, the accounts planned and `--shard`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// Chosen by the user (`--comment-key`): unique per workflow and job.
    pub key: Option<String>,
    /// `I/N`.
    pub shard: Option<String>,
}

/// Characters a comment key may hold: nothing that could end the HTML comment or split the
/// marker into words.
pub fn check_key(key: &str) -> Result<String, String> {
    let fine = |c: char| c.is_ascii_alphanumeric() || "._/:@+-".contains(c);
    if key.is_empty() || key.len() > 100 || !key.chars().all(fine) {
        return Err(format!(
            "`{key}` is not a comment key: use 1 to 100 letters, digits and . _ / : @ + - \
             (e.g. the workflow and job name)"
        ));
    }
    Ok(key.to_owned())
}

/// The marker line: `<!-- wabactl-plan key=K accounts=A,B shard=I/N -->`, with the key first
/// so a workflow can find its comment by the prefix `<!-- wabactl-plan key=K ` alone.
pub fn marker(identity: &Identity, planned: &Planned) -> String {
    let mut line = String::from("<!-- wabactl-plan");
    if let Some(key) = &identity.key {
        line.push_str(&format!(" key={key}"));
    }
    let accounts: Vec<String> = match planned {
        Planned::One(plan) => plan.account.iter().cloned().collect(),
        Planned::Accounts(set) => set.accounts.iter().map(|a| a.account.clone()).collect(),
    };
    let accounts: Vec<String> = accounts.iter().map(|a| safe(a)).collect();
    let mut listed = accounts.join(",");
    if listed.len() > MAX_ACCOUNTS_LEN {
        // Many accounts: their digest keeps the marker short and still tells sets apart.
        let digest = sha2::Sha256::digest(listed.as_bytes());
        let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        listed = format!("{}-accounts-{hex}", accounts.len());
    }
    if !listed.is_empty() {
        line.push_str(&format!(" accounts={listed}"));
    }
    if let Some(shard) = &identity.shard {
        line.push_str(&format!(" shard={shard}"));
    }
    line.push_str(" -->");
    line
}

/// An account name as it may stand in the marker (names come from wabactl.yaml).
fn safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._:@+-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_could_end_the_comment_are_refused() {
        assert_eq!(check_key("templates/plan"), Ok("templates/plan".to_owned()));
        for bad in ["", "a b", "x-->", "<b>", "a,b", "k=v"] {
            assert!(check_key(bad).is_err(), "{bad}");
        }
        assert_eq!(safe("prod eu-->x"), "prod_eu--_x");
    }
}
