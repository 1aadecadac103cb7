//! Latencies as the benchmarks report them: p50, p99 and the slowest, in milliseconds,
//! with how many were timed (a p99 of 50 samples is its second slowest).

use std::time::{Duration, Instant};

/// Milliseconds, fractional.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The value below which a fraction `p` of `sorted` falls (nearest rank).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// `p50 …, p99 …, max … (n = …)`.
pub fn spread(times: &[Duration]) -> String {
    if times.is_empty() {
        return "none timed".into();
    }
    let mut sorted = times.to_vec();
    sorted.sort();
    format!(
        "p50 {:.3} ms, p99 {:.3} ms, max {:.2} ms (n = {})",
        ms(percentile(&sorted, 0.5)),
        ms(percentile(&sorted, 0.99)),
        ms(*sorted.last().expect("not empty")),
        sorted.len()
    )
}

/// The p99 of `times`, in milliseconds.
pub fn p99_ms(times: &[Duration]) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort();
    ms(percentile(&sorted, 0.99))
}

/// Runs `f` `n` times, timing each run.
pub fn timed<T>(n: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect()
}
