//! Template groups declared in `wabactl.yaml`: which groups an account holds, which declared
//! templates each covers, and the checks `validate` and `plan` make of them.

pub mod declared;
pub mod findings;
