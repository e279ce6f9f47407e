//! Timing runs and summing them up: the one place every benchmark takes its medians from, so
//! all tables mean the same thing by "median of k runs".

use std::future::Future;
use std::time::{Duration, Instant};

use firstgoal_core::CoreError;

/// The median, fastest and slowest of a set of timed runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// The middle run; of an even number of runs, the slower of the two middle ones.
    pub median: Duration,
    pub min: Duration,
    pub max: Duration,
    pub runs: usize,
}

/// Sums up `samples` (all zero when there are none).
pub fn summarize(mut samples: Vec<Duration>) -> Summary {
    samples.sort_unstable();
    Summary {
        median: samples.get(samples.len() / 2).copied().unwrap_or_default(),
        min: samples.first().copied().unwrap_or_default(),
        max: samples.last().copied().unwrap_or_default(),
        runs: samples.len(),
    }
}

/// The median of `samples` (zero when there are none).
pub fn median(samples: Vec<Duration>) -> Duration {
    summarize(samples).median
}

/// Runs `f` `runs` times (at least once); returns the median time and the last run's value.
pub fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut samples = Vec::with_capacity(runs.max(1));
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        last = Some(f());
        samples.push(start.elapsed());
    }
    (median(samples), last.expect("at least one run"))
}

/// Awaits `f()` `runs` times (at least once), stopping at the first error; returns the median
/// time and the last run's value.
pub async fn time_async<T, F, Fut>(runs: usize, mut f: F) -> Result<(Duration, T), CoreError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, CoreError>>,
{
    let mut samples = Vec::with_capacity(runs.max(1));
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        last = Some(f().await?);
        samples.push(start.elapsed());
    }
    Ok((median(samples), last.expect("at least one run")))
}

/// Milliseconds, for printing and comparing with targets.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(values: &[u64]) -> Vec<Duration> {
        values.iter().copied().map(Duration::from_millis).collect()
    }

    #[test]
    fn the_median_is_the_middle_run_whatever_the_order() {
        let s = summarize(millis(&[9, 1, 5, 7, 3]));
        assert_eq!(s.median, Duration::from_millis(5));
        assert_eq!(
            (s.min, s.max, s.runs),
            (millis(&[1])[0], millis(&[9])[0], 5)
        );
    }

    #[test]
    fn of_an_even_number_of_runs_the_slower_middle_one_counts() {
        assert_eq!(median(millis(&[4, 1, 3, 2])), Duration::from_millis(3));
    }

    #[test]
    fn no_runs_sum_up_to_zero() {
        assert_eq!(summarize(Vec::new()), Summary::default());
    }

    #[test]
    fn time_runs_at_least_once_and_returns_the_last_value() {
        let mut calls = 0;
        let (_, last) = time(0, || {
            calls += 1;
            calls
        });
        assert_eq!((calls, last), (1, 1));
        let (_, last) = time(4, || {
            calls += 1;
            calls
        });
        assert_eq!((calls, last), (5, 5));
    }

    #[tokio::test]
    async fn time_async_stops_at_the_first_error() {
        let mut calls = 0;
        let result = time_async(5, || {
            calls += 1;
            let fail = calls == 2;
            async move {
                if fail {
                    Err(CoreError::NotFound {
                        entity: "project",
                        id: 1,
                    })
                } else {
                    Ok(())
                }
            }
        })
        .await;
        assert!(matches!(result, Err(CoreError::NotFound { .. })));
        assert_eq!(calls, 2);
    }
}
