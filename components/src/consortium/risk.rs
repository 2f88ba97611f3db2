use engine::exercises::consortium::montecarlo::{self, BINS, Distribution, MonteCarlo, Policy};
use engine::exercises::consortium::{ConsortiumContent, Played, Status, keys};
use leptos::prelude::*;

use super::ui;
use crate::context::{Clock, Locale};

/// Runs made between two looks at the clock.
const RUNS_PER_STEP: u32 = 20;
/// The longest stretch of work, in milliseconds, before the page gets the
/// main thread back: input stays responsive even on a slow phone.
const SLICE_MS: i64 = 12;

/// "What if we ran this consortium 1,000 times?": the learner's formation
/// and the literature's good one, each over the same 1,000 seeds, as
/// histograms of the health score and the share that ends self-sustaining.
#[component]
pub(super) fn RiskView(content: ConsortiumContent, yours: Played, policy: Policy) -> impl IntoView {
    let locale = Locale::expect();
    let good = content.good().clone();
    let computations = StoredValue::new((
        MonteCarlo::new(yours, policy),
        MonteCarlo::new(good, Policy::recommended()),
    ));
    let progress = RwSignal::new(0u32);
    let results = RwSignal::new(None::<(Distribution, Distribution)>);
    let content = StoredValue::new(content);
    let clock = Clock::expect();
    // Slices of at most SLICE_MS, each followed by a zero timeout, until
    // both are done: the page never freezes and the view shows progress.
    fn slice(
        clock: Clock,
        computations: StoredValue<(MonteCarlo, MonteCarlo)>,
        content: StoredValue<ConsortiumContent>,
        progress: RwSignal<u32>,
        results: RwSignal<Option<(Distribution, Distribution)>>,
    ) {
        let started = clock.now_ms();
        let done = computations.try_update_value(|(yours, good)| {
            content.with_value(|content| {
                loop {
                    let yours_done = yours.advance(content, RUNS_PER_STEP);
                    let good_done = good.advance(content, RUNS_PER_STEP);
                    if yours_done && good_done {
                        return Some((yours.distribution().clone(), good.distribution().clone()));
                    }
                    if clock.now_ms() - started >= SLICE_MS {
                        progress.set(yours.done().min(good.done()));
                        return None;
                    }
                }
            })
        });
        match done {
            Some(Some(both)) => results.set(Some(both)),
            Some(None) => set_timeout(
                move || slice(clock, computations, content, progress, results),
                std::time::Duration::ZERO,
            ),
            // The view was left; nothing to finish.
            None => {}
        }
    }
    set_timeout(
        move || slice(clock, computations, content, progress, results),
        std::time::Duration::ZERO,
    );
    let total = montecarlo::RUNS.to_string();
    view! {
        <section class="cl-consortium__risk" data-testid="consortium-risk">
            <h3>{ui(locale, "risk")}</h3>
            {move || match results.get() {
                None => {
                    let done = progress.get().to_string();
                    view! {
                        <p role="status">
                            {locale.t_with(&keys::ui("risk-progress"), &[("done", &done), ("total", &total)])}
                        </p>
                        <progress max=total.clone() value=done.clone()></progress>
                    }
                        .into_any()
                }
                Some((yours, good)) => {
                    let percent = |distribution: &Distribution| {
                        format!("{:.0}", distribution.share(Status::SelfSustaining) * 100.0)
                    };
                    let summary = locale.t_with(
                        &keys::ui("risk-summary"),
                        &[("yours", &percent(&yours)), ("good", &percent(&good))],
                    );
                    view! {
                        <p role="status" data-testid="consortium-risk-summary">{summary}</p>
                        <p class="cl-histogram__axis">{ui(locale, "health-axis")}</p>
                        <Histogram label=ui(locale, "risk-yours") distribution=yours testid="risk-yours" />
                        <Histogram label=ui(locale, "risk-good") distribution=good testid="risk-good" />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// The runs of one formation by health score, as bars from 0 to 1, with
/// each bar's count as text.
#[component]
fn Histogram(
    label: Signal<String>,
    distribution: Distribution,
    testid: &'static str,
) -> impl IntoView {
    let highest = distribution.health.iter().copied().max().unwrap_or(0).max(1);
    let bars = distribution
        .health
        .iter()
        .enumerate()
        .map(|(bin, count)| {
            let height = 60.0 * f64::from(*count) / f64::from(highest);
            let x = bin as f64 * 12.0;
            let y = 60.0 - height;
            let range = format!(
                "{:.1}–{:.1}: {count}",
                bin as f64 / BINS as f64,
                (bin + 1) as f64 / BINS as f64
            );
            view! {
                <rect class="cl-histogram__bar" x=x y=y width="10" height=height>
                    <title>{range}</title>
                </rect>
            }
        })
        .collect_view();
    let counts = distribution.health.map(|count| count.to_string()).join(" · ");
    view! {
        <figure class="cl-histogram" data-testid=testid>
            <svg viewBox=format!("0 0 {} 60", BINS * 12) role="img" aria-label=move || format!("{}: {counts}", label.get())>
                {bars}
            </svg>
            <figcaption>{label}</figcaption>
        </figure>
    }
}
