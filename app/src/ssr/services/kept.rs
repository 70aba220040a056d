//! What a page computes from a whole round (the progress counts, the ranking) is kept for a
//! moment and reused, so that many readers and a stream of judges' saves cost one computation
//! every few seconds instead of one per view.
//!
//! A kept value is reused while it is younger than `fresh_for` and the committee changed
//! nothing in this process since it was made ([`changed`]): the committee sees its own changes
//! at once, judges' saves and another instance's writes show within `fresh_for`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Bumped by every committee write that changes what a round's pages compute.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Says that the committee changed assignments, conflicts, sheets or decisions of a round:
/// nothing kept before now is reused.
pub fn changed() {
    GENERATION.fetch_add(1, Ordering::SeqCst);
}

/// Per round: a value, when and in which generation it was made.
type Values<T> = Mutex<HashMap<Uuid, (Instant, u64, Arc<T>)>>;

/// Values computed per round.
pub(crate) struct Kept<T> {
    fresh_for: Duration,
    values: OnceLock<Values<T>>,
    /// Held while a value is computed, so that readers arriving together wait for the one
    /// computation instead of each starting their own.
    computing: tokio::sync::Mutex<()>,
}

impl<T> Kept<T> {
    /// The most rounds kept at once; beyond it the stale ones are dropped.
    const ROUNDS: usize = 32;

    pub const fn new(fresh_for: Duration) -> Self {
        Kept {
            fresh_for,
            values: OnceLock::new(),
            computing: tokio::sync::Mutex::const_new(()),
        }
    }

    /// The round's kept value while fresh, else `compute`d (once for all readers waiting at
    /// that moment) and kept. `afresh` asks for a value made after this call began: one a
    /// reader who waited alongside computed will do, an older one will not.
    pub async fn get_or<E, F>(&self, round: Uuid, afresh: bool, compute: F) -> Result<Arc<T>, E>
    where
        F: AsyncFnOnce() -> Result<T, E>,
    {
        let asked = Instant::now();
        if !afresh && let Some(found) = self.get(round) {
            return Ok(found);
        }
        let _one = self.computing.lock().await;
        let generation = GENERATION.load(Ordering::SeqCst);
        let found = self
            .values()
            .lock()
            .ok()
            .and_then(|m| m.get(&round).cloned());
        if let Some((made, made_in, value)) = found
            && made.elapsed() < self.fresh_for
            && made_in == generation
            && (!afresh || made >= asked)
        {
            return Ok(value);
        }
        let value = Arc::new(compute().await?);
        self.keep(round, generation, value.clone());
        Ok(value)
    }

    /// Like [`Kept::get_or`], but a value that is only old (the committee changed nothing
    /// since, and it is younger than `stale_for`) is answered at once while one refresh runs
    /// in the background: under a stream of judges' saves no reader waits for the round to be
    /// computed, and each reader sees a value at most one computation old.
    pub async fn get_or_refresh<E, F, Fut>(
        &'static self,
        round: Uuid,
        afresh: bool,
        stale_for: Duration,
        compute: F,
    ) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
        E: std::fmt::Display + Send + 'static,
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
    {
        if !afresh {
            if let Some(found) = self.get(round) {
                return Ok(found);
            }
            if let Some(stale) = self.stale(round, stale_for) {
                if let Ok(one) = self.computing.try_lock() {
                    let generation = GENERATION.load(Ordering::SeqCst);
                    tokio::spawn(async move {
                        let _one = one;
                        match compute().await {
                            Ok(value) => self.keep(round, generation, Arc::new(value)),
                            Err(e) => tracing::warn!(error = %e, "refreshing a kept round failed"),
                        }
                    });
                }
                return Ok(stale);
            }
        }
        self.get_or(round, afresh, async move || compute().await)
            .await
    }

    /// The round's kept value when the committee changed nothing since it was made and it is
    /// younger than `stale_for`.
    fn stale(&self, round: Uuid, stale_for: Duration) -> Option<Arc<T>> {
        let generation = GENERATION.load(Ordering::SeqCst);
        let (made, made_in, value) = self.values().lock().ok()?.get(&round).cloned()?;
        (made.elapsed() < stale_for && made_in == generation).then_some(value)
    }

    fn values(&self) -> &Values<T> {
        self.values.get_or_init(Default::default)
    }

    /// The round's kept value while fresh.
    fn get(&self, round: Uuid) -> Option<Arc<T>> {
        self.stale(round, self.fresh_for)
    }

    /// Keeps a value computed in `generation`.
    fn keep(&self, round: Uuid, generation: u64, value: Arc<T>) {
        if let Ok(mut m) = self.values().lock() {
            if m.len() >= Self::ROUNDS {
                m.retain(|_, (made, _, _)| made.elapsed() < self.fresh_for);
            }
            m.insert(round, (Instant::now(), generation, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test at a time: `changed` in one would make another's kept value stale.
    static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

    #[tokio::test]
    async fn a_value_is_reused_until_the_committee_changes_something() {
        let _one = ONE_AT_A_TIME.lock().await;
        static KEPT: Kept<u32> = Kept::new(Duration::from_secs(60));
        let round = Uuid::now_v7();
        let first = KEPT.get_or(round, false, async || Ok::<_, ()>(1)).await;
        assert_eq!(first.as_deref(), Ok(&1));
        let kept = KEPT.get_or(round, false, async || Ok::<_, ()>(2)).await;
        assert_eq!(kept.as_deref(), Ok(&1));
        changed();
        let after = KEPT.get_or(round, false, async || Ok::<_, ()>(3)).await;
        assert_eq!(after.as_deref(), Ok(&3));
    }

    #[tokio::test]
    async fn a_value_is_not_reused_once_stale() {
        let _one = ONE_AT_A_TIME.lock().await;
        static KEPT: Kept<u32> = Kept::new(Duration::ZERO);
        let round = Uuid::now_v7();
        let first = KEPT.get_or(round, false, async || Ok::<_, ()>(1)).await;
        assert_eq!(first.as_deref(), Ok(&1));
        let again = KEPT.get_or(round, false, async || Ok::<_, ()>(2)).await;
        assert_eq!(again.as_deref(), Ok(&2));
    }

    #[tokio::test]
    async fn readers_arriving_together_share_one_computation() {
        let _one = ONE_AT_A_TIME.lock().await;
        static KEPT: Kept<u32> = Kept::new(Duration::from_secs(60));
        static RUNS: AtomicU64 = AtomicU64::new(0);
        let round = Uuid::now_v7();
        let read = || {
            KEPT.get_or(round, false, async || {
                RUNS.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok::<_, ()>(7)
            })
        };
        let answers = futures_util::future::join_all((0..8).map(|_| read())).await;
        assert!(answers.iter().all(|a| a.as_deref() == Ok(&7)));
        assert_eq!(RUNS.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn an_old_value_is_answered_at_once_while_it_is_refreshed_behind() {
        let _one = ONE_AT_A_TIME.lock().await;
        static KEPT: Kept<u32> = Kept::new(Duration::from_millis(50));
        let round = Uuid::now_v7();
        let stale_for = Duration::from_secs(60);
        let first = KEPT
            .get_or_refresh(round, false, stale_for, || async { Ok::<_, String>(1) })
            .await;
        assert_eq!(first.as_deref(), Ok(&1));
        tokio::time::sleep(Duration::from_millis(60)).await;
        // Old: answered as it was, and computed again behind.
        let old = KEPT
            .get_or_refresh(round, false, stale_for, || async { Ok::<_, String>(2) })
            .await;
        assert_eq!(old.as_deref(), Ok(&1));
        for _ in 0..100 {
            tokio::time::sleep(Duration::from_millis(5)).await;
            if KEPT.get(round).as_deref() == Some(&2) {
                break;
            }
        }
        assert_eq!(KEPT.get(round).as_deref(), Some(&2));
        // After the committee's change nothing old is answered.
        changed();
        let after = KEPT
            .get_or_refresh(round, false, stale_for, || async { Ok::<_, String>(3) })
            .await;
        assert_eq!(after.as_deref(), Ok(&3));
    }

    #[tokio::test]
    async fn a_reader_asking_afresh_gets_a_value_made_after_they_asked() {
        let _one = ONE_AT_A_TIME.lock().await;
        static KEPT: Kept<u32> = Kept::new(Duration::from_secs(60));
        let round = Uuid::now_v7();
        let first = KEPT.get_or(round, false, async || Ok::<_, ()>(1)).await;
        assert_eq!(first.as_deref(), Ok(&1));
        let kept = KEPT.get_or(round, false, async || Ok::<_, ()>(2)).await;
        assert_eq!(kept.as_deref(), Ok(&1));
        let fresh = KEPT.get_or(round, true, async || Ok::<_, ()>(3)).await;
        assert_eq!(fresh.as_deref(), Ok(&3));
    }
}
