//! Fault injection: per-request latency, transient 5xx, throttling and dropped connections,
//! decided by a seeded PRNG so that a run with the same seed and the same request sequence
//! meets the same faults.

use std::sync::Mutex;
use std::time::Duration;

/// The faults to inject; rates are probabilities per request (0.0 to 1.0, summing to at most 1).
#[derive(Debug, Clone, PartialEq)]
pub struct FaultConfig {
    /// Added to every Graph request.
    pub latency_ms: u64,
    /// HTTP 500, code 2, `is_transient: true`; nothing is changed.
    pub fail_rate_5xx: f64,
    /// HTTP 429, code 80008, with `X-Business-Use-Case-Usage`; nothing is changed.
    pub throttle_rate: f64,
    /// The connection is closed without an answer; a write may or may not have been applied.
    pub drop_rate: f64,
    pub seed: u64,
}

impl Default for FaultConfig {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            fail_rate_5xx: 0.0,
            throttle_rate: 0.0,
            drop_rate: 0.0,
            seed: 1,
        }
    }
}

impl FaultConfig {
    /// Checks the rates; the message names the bad setting.
    pub fn check(&self) -> Result<(), String> {
        for (name, rate) in [
            ("--fail-rate-5xx", self.fail_rate_5xx),
            ("--throttle-rate", self.throttle_rate),
            ("--drop-rate", self.drop_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1, not {rate}"));
            }
        }
        let total = self.fail_rate_5xx + self.throttle_rate + self.drop_rate;
        if total > 1.0 + f64::EPSILON {
            return Err(format!(
                "--fail-rate-5xx, --throttle-rate and --drop-rate add up to {total}; at most 1 is possible"
            ));
        }
        Ok(())
    }

    pub fn any(&self) -> bool {
        self.latency_ms > 0
            || self.fail_rate_5xx > 0.0
            || self.throttle_rate > 0.0
            || self.drop_rate > 0.0
    }
}

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    ServerError,
    Throttle,
    /// Close the connection before doing anything.
    DropBefore,
    /// Apply the request, then close the connection without answering.
    DropAfter,
}

/// The fault plan of a running sandbox.
#[derive(Debug)]
pub struct Faults {
    config: FaultConfig,
    rng: Mutex<fastrand::Rng>,
}

impl Faults {
    pub fn new(config: FaultConfig) -> Self {
        let rng = Mutex::new(fastrand::Rng::with_seed(config.seed));
        Self { config, rng }
    }

    pub fn latency(&self) -> Option<Duration> {
        (self.config.latency_ms > 0).then(|| Duration::from_millis(self.config.latency_ms))
    }

    /// Decides the fault for the next request. Always draws two numbers, so the sequence of
    /// decisions depends only on the seed and the order of requests.
    pub fn decide(&self, is_write: bool) -> Fault {
        let (roll, after) = {
            let mut rng = self.rng.lock().unwrap_or_else(|e| e.into_inner());
            (rng.f64(), rng.bool())
        };
        let c = &self.config;
        if roll < c.fail_rate_5xx {
            Fault::ServerError
        } else if roll < c.fail_rate_5xx + c.throttle_rate {
            Fault::Throttle
        } else if roll < c.fail_rate_5xx + c.throttle_rate + c.drop_rate {
            if is_write && after {
                Fault::DropAfter
            } else {
                Fault::DropBefore
            }
        } else {
            Fault::None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(seed: u64) -> Vec<Fault> {
        let faults = Faults::new(FaultConfig {
            fail_rate_5xx: 0.2,
            throttle_rate: 0.2,
            drop_rate: 0.2,
            seed,
            ..FaultConfig::default()
        });
        (0..200).map(|i| faults.decide(i % 2 == 0)).collect()
    }

    #[test]
    fn same_seed_same_faults() {
        assert_eq!(plan(7), plan(7));
        assert_ne!(plan(7), plan(8));
        let p = plan(7);
        for kind in [
            Fault::None,
            Fault::ServerError,
            Fault::Throttle,
            Fault::DropBefore,
            Fault::DropAfter,
        ] {
            assert!(p.contains(&kind), "{kind:?} never drawn");
        }
    }

    #[test]
    fn rejects_impossible_rates() {
        let bad = FaultConfig {
            fail_rate_5xx: 0.7,
            drop_rate: 0.7,
            ..FaultConfig::default()
        };
        assert!(bad.check().is_err());
        let negative = FaultConfig {
            throttle_rate: -0.1,
            ..FaultConfig::default()
        };
        assert!(negative.check().is_err());
        assert!(FaultConfig::default().check().is_ok());
    }
}
