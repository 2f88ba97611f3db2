//! The risk view's cost: 1,000 runs of 12 quarters of the good formation,
//! as the consortium simulation computes them in the browser, where they
//! must take 100 ms at most. Natively they should take well under that.
//!
//! `cargo bench -p engine --bench montecarlo` (add `-- --quick` for a
//! short run).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use engine::content::{bundled_structure, validate_structure};
use engine::exercises::consortium::montecarlo::{self, Policy};

fn distribution(c: &mut Criterion) {
    // Only the structure is validated: the bench needs no catalog.
    let course = validate_structure(&bundled_structure()).expect("the shipped content is valid");
    let content = course.consortium();
    let good = content.good();
    c.bench_function("montecarlo_1000_runs_good_formation", |b| {
        b.iter(|| {
            let distribution = montecarlo::distribution(
                black_box(content),
                black_box(good),
                Policy::recommended(),
            );
            assert_eq!(distribution.runs(), montecarlo::RUNS);
            distribution
        })
    });
}

criterion_group! {
    name = benches;
    // A run takes tens of milliseconds: fewer samples keep the bench short.
    config = Criterion::default().sample_size(20);
    targets = distribution
}
criterion_main!(benches);
