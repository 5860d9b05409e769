//! The plan, in the three shapes it is read in: on a terminal (`human`), as a pull-request
//! comment (`markdown`), and as the versioned JSON document `plan --out` saves (`json`).

pub mod human;
pub mod json;
pub mod markdown;
pub mod uploads;
