use engine::exercises::consortium::{QuarterReport, keys};
use leptos::prelude::*;

use super::{ui, usd_amount};
use crate::context::Locale;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 160.0;
const PAD: f64 = 8.0;

/// Trust and reputation (0–100) and cumulative sales (scaled to their
/// highest value) by quarter, as lines told apart by dash pattern as well
/// as colour, with the end values in words for screen readers and print
/// (before the first quarter, its title).
#[component]
pub(super) fn MetricsChart(quarters: Signal<Vec<QuarterReport>>) -> impl IntoView {
    let locale = Locale::expect();
    let series = move || {
        let quarters = quarters.get();
        let top_sales = quarters.iter().map(|q| q.metrics.sales).max().unwrap_or(0).max(1);
        let line = |value: &dyn Fn(&QuarterReport) -> f64| {
            let n = quarters.len().max(2) - 1;
            quarters
                .iter()
                .enumerate()
                .map(|(idx, quarter)| {
                    let x = PAD + (WIDTH - 2.0 * PAD) * idx as f64 / n as f64;
                    let y = HEIGHT - PAD - (HEIGHT - 2.0 * PAD) * value(quarter).clamp(0.0, 1.0);
                    format!("{x:.1},{y:.1}")
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        (
            line(&|q| f64::from(q.metrics.trust) / 100.0),
            line(&|q| f64::from(q.metrics.reputation) / 100.0),
            line(&|q| f64::from(q.metrics.sales) / f64::from(top_sales)),
        )
    };
    let summary = move || {
        quarters.with(|quarters| {
            quarters.last().map(|last| {
                locale.t_with(
                    &keys::ui("chart-summary"),
                    &[
                        ("trust", &last.metrics.trust.to_string()),
                        ("reputation", &last.metrics.reputation.to_string()),
                        ("sales", &usd_amount(f64::from(last.metrics.sales))),
                    ],
                )
            })
        })
    };
    view! {
        <figure class="cl-linechart" data-testid="consortium-chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-label=move || summary().unwrap_or_else(|| ui(locale, "chart").get())
                class="cl-linechart__plot"
            >
                <polyline class="cl-linechart__line cl-linechart__line--trust" points=move || series().0 />
                <polyline class="cl-linechart__line cl-linechart__line--reputation" points=move || series().1 />
                <polyline class="cl-linechart__line cl-linechart__line--sales" points=move || series().2 />
            </svg>
            <ul class="cl-linechart__legend">
                <li class="cl-linechart__key cl-linechart__key--trust">{ui(locale, "trust")}</li>
                <li class="cl-linechart__key cl-linechart__key--reputation">{ui(locale, "reputation")}</li>
                <li class="cl-linechart__key cl-linechart__key--sales">{ui(locale, "sales")}</li>
            </ul>
            <figcaption>{ui(locale, "chart")} ". " {summary}</figcaption>
        </figure>
    }
}
