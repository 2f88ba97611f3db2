use leptos::prelude::*;

use crate::context::Locale;

/// Readiness per dimension as horizontal bars, 0–100. The numbers are also in
/// the table beside it, so the chart is one labelled image to screen readers.
#[component]
pub(crate) fn ReadinessChart(
    /// (dimension name key, readiness 0–100) in content order.
    bars: Vec<(String, u8)>,
) -> impl IntoView {
    let locale = Locale::expect();
    const ROW: usize = 28;
    const LABEL_WIDTH: usize = 220;
    const BAR_WIDTH: usize = 300;
    let height = bars.len() * ROW + 8;
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(row, (name_key, readiness))| {
            let y = row * ROW + 4;
            let width = usize::from(readiness) * BAR_WIDTH / 100;
            view! {
                <g>
                    <text x="0" y=y + 18 class="cl-chart__label">
                        {locale.text(name_key.clone())}
                    </text>
                    <rect x=LABEL_WIDTH y=y width=BAR_WIDTH height="20" class="cl-chart__track" />
                    <rect x=LABEL_WIDTH y=y width=width height="20" class="cl-chart__bar" />
                    <text x=LABEL_WIDTH + BAR_WIDTH + 8 y=y + 16 class="cl-chart__value">
                        {readiness.to_string()}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg
            class="cl-chart"
            role="img"
            viewBox=format!("0 0 {} {height}", LABEL_WIDTH + BAR_WIDTH + 40)
            aria-label=move || locale.t("ui.quiz.chart.title")
        >
            <desc>{locale.text("ui.quiz.chart.description")}</desc>
            {rows}
        </svg>
    }
}
