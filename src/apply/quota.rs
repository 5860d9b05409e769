//! wabactl's own count of templates created per rolling hour, so that a large apply stops (or
//! waits) at Meta's creation quota instead of running into it.

use std::collections::VecDeque;
use std::time::Duration;

use std::time::Instant;

/// Meta's window for the creation quota.
pub const WINDOW: Duration = Duration::from_secs(3600);

/// Creation slots taken in the last hour. A slot is taken before a create starts (creates run
/// side by side) and given back when the create was refused without effect.
#[derive(Debug, Clone)]
pub struct CreateQuota {
    per_window: u32,
    window: Duration,
    taken: VecDeque<Instant>,
}

impl CreateQuota {
    /// `per_window` creates per rolling `window` (Meta's: an hour); 0 means no limit.
    pub fn new(per_window: u32, window: Duration) -> Self {
        Self {
            per_window,
            window,
            taken: VecDeque::new(),
        }
    }

    /// Takes a slot at `now`, or says when the next one frees up.
    pub fn try_take(&mut self, now: Instant) -> Result<Instant, Instant> {
        if self.per_window == 0 {
            return Ok(now);
        }
        while self.taken.front().is_some_and(|t| *t + self.window <= now) {
            self.taken.pop_front();
        }
        if self.taken.len() < self.per_window as usize {
            self.taken.push_back(now);
            Ok(now)
        } else {
            Err(self.taken.front().copied().unwrap_or(now) + self.window)
        }
    }

    /// Gives back the slot taken at `at` (the create did not happen).
    pub fn give_back(&mut self, at: Instant) {
        if let Some(pos) = self.taken.iter().rposition(|t| *t == at) {
            self.taken.remove(pos);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_unlimited() {
        let mut quota = CreateQuota::new(0, WINDOW);
        let now = Instant::now();
        for _ in 0..1000 {
            assert!(quota.try_take(now).is_ok());
        }
    }

    #[test]
    fn slots_free_up_an_hour_after_they_were_taken() {
        let mut quota = CreateQuota::new(2, WINDOW);
        let start = Instant::now();
        let first = quota.try_take(start).unwrap();
        quota.try_take(start + Duration::from_secs(10)).unwrap();
        let next = quota.try_take(start + Duration::from_secs(20)).unwrap_err();
        assert_eq!(next, first + WINDOW);
        assert!(quota.try_take(start + WINDOW).is_ok());
        assert!(quota.try_take(start + WINDOW).is_err());
    }

    #[test]
    fn a_refused_create_gives_its_slot_back() {
        let mut quota = CreateQuota::new(1, WINDOW);
        let now = Instant::now();
        let slot = quota.try_take(now).unwrap();
        assert!(quota.try_take(now).is_err());
        quota.give_back(slot);
        assert!(quota.try_take(now).is_ok());
    }
}
