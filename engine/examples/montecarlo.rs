//! Prints how long the risk view's 1,000 runs of the good formation take
//! natively, as `cargo xtask bench` reports it: the median of five, in a
//! release build. The criterion bench (`benches/montecarlo.rs`) gives the
//! full statistics.

use std::time::Instant;

use engine::content::{bundled_structure, validate_structure};
use engine::exercises::consortium::montecarlo::{self, Policy};

/// Enough runs for a stable median on a shared two-core machine.
const REPEATS: usize = 5;

#[allow(
    clippy::disallowed_methods,
    clippy::print_stdout,
    reason = "a native benchmark: Instant::now works, and its line is its output"
)]
fn main() {
    let course = validate_structure(&bundled_structure()).expect("the shipped content is valid");
    let consortium = course.consortium();
    let mut times: Vec<f64> = (0..REPEATS)
        .map(|_| {
            let started = Instant::now();
            let distribution =
                montecarlo::distribution(consortium, consortium.good(), Policy::recommended());
            let elapsed = started.elapsed().as_secs_f64() * 1000.0;
            assert_eq!(distribution.runs(), montecarlo::RUNS);
            elapsed
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!("sim.montecarlo_1000.native {:.1} ms", times[REPEATS / 2]);
}
