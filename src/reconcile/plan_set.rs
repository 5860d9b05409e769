//! The plans of several accounts in one document: what `plan --format json` prints (and
//! `plan --out` saves) for a run of several accounts, and what `apply --plan` reads back.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::plan::Plan;

/// The version of the document; bumped on any incompatible change.
pub const SET_FORMAT_VERSION: u32 = 1;
/// The document's `kind`, which a single account's plan does not have.
pub const SET_KIND: &str = "accounts";

/// A plan per account, in the run's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "wabactl plans of several accounts")]
pub struct PlanSet {
    pub format_version: u32,
    /// Always `accounts`.
    pub kind: String,
    /// Some account's plan has changes.
    pub has_changes: bool,
    /// Accounts that could not be planned.
    pub failed: usize,
    /// Declared templates that cannot be sent, over every account: the sum of each plan's
    /// `counts.attention`, the count every format shows.
    #[serde(default)]
    pub attention: usize,
    pub accounts: Vec<AccountPlan>,
}

/// One account's plan, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AccountPlan {
    /// The account's name in wabactl.yaml (or its WABA id).
    pub account: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    /// Why the account could not be planned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl PlanSet {
    /// The set of `(account, plan or error)`.
    pub fn new(accounts: impl IntoIterator<Item = (String, Result<Plan, String>)>) -> Self {
        let accounts: Vec<AccountPlan> = accounts
            .into_iter()
            .map(|(account, outcome)| match outcome {
                Ok(plan) => AccountPlan {
                    account,
                    plan: Some(plan),
                    error: None,
                },
                Err(error) => AccountPlan {
                    account,
                    plan: None,
                    error: Some(error),
                },
            })
            .collect();
        PlanSet {
            format_version: SET_FORMAT_VERSION,
            kind: SET_KIND.to_owned(),
            has_changes: accounts
                .iter()
                .any(|a| a.plan.as_ref().is_some_and(|p| p.has_changes)),
            failed: accounts.iter().filter(|a| a.error.is_some()).count(),
            attention: accounts
                .iter()
                .filter_map(|a| a.plan.as_ref())
                .map(|p| p.counts.attention)
                .sum(),
            accounts,
        }
    }

    /// The plans that were made.
    pub fn plans(&self) -> impl Iterator<Item = &Plan> {
        self.accounts.iter().filter_map(|a| a.plan.as_ref())
    }
}

/// What a plan run made: one account's plan (the shape `plan` always had), or the plans of
/// several accounts.
#[derive(Debug, Clone, PartialEq)]
pub enum Planned {
    One(Box<Plan>),
    Accounts(PlanSet),
}

impl Planned {
    /// Every plan sealed (`plan_digest`), as a plan written out must be: working the digest out
    /// reads the whole plan, which a plan only shown does not need.
    pub fn sealed(self) -> Self {
        match self {
            Planned::One(plan) => Planned::One(Box::new(plan.sealed())),
            Planned::Accounts(mut set) => {
                for account in &mut set.accounts {
                    account.plan = account.plan.take().map(Plan::sealed);
                }
                Planned::Accounts(set)
            }
        }
    }

    pub fn has_changes(&self) -> bool {
        match self {
            Planned::One(plan) => plan.has_changes,
            Planned::Accounts(set) => set.has_changes,
        }
    }

    /// Whether `plan --exit-code` exits 2: changes, or templates needing attention, anywhere.
    pub fn exits_with_changes(&self) -> bool {
        self.plans().any(Plan::exits_with_changes)
    }

    /// Accounts that could not be planned.
    pub fn failed(&self) -> usize {
        match self {
            Planned::One(_) => 0,
            Planned::Accounts(set) => set.failed,
        }
    }

    /// Every plan made.
    pub fn plans(&self) -> Box<dyn Iterator<Item = &Plan> + '_> {
        match self {
            Planned::One(plan) => Box::new(std::iter::once(plan.as_ref())),
            Planned::Accounts(set) => Box::new(set.plans()),
        }
    }
}
