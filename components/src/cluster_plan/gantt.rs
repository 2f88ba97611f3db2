use chrono::{Datelike, NaiveDate};
use engine::exercises::cluster_plan::{Row, Window, keys};
use leptos::prelude::*;

use super::{PlanHandle, date_text, ui};
use crate::context::Locale;

/// Width of the drawing, in its own units; it scales to the page.
const WIDTH: f64 = 720.0;
/// Where the bars start, after the rows' numbers.
const BARS_LEFT: f64 = 36.0;
/// Height of the month axis.
const AXIS: f64 = 26.0;
/// Height of one row.
const ROW: f64 = 22.0;

/// The action plan across its period: a bar per dated activity, the months
/// as columns. Each bar names its activity and dates; rows outside the
/// period are dashed and marked "!", so colour is never the only sign. The
/// rows' own fields are the chart's text equivalent, which its description
/// says.
#[component]
pub(super) fn Gantt(
    plan: PlanHandle,
    /// Names the chart's ids apart from another copy on the page.
    name: &'static str,
) -> impl IntoView {
    let locale = Locale::expect();
    let (title_id, desc_id) = (format!("cl-gantt-{name}-title"), format!("cl-gantt-{name}-desc"));
    let drawing =
        Memo::new(move |_| plan.with(|session| (session.window(), session.rows().to_vec())));
    let summary = move || {
        let (window, rows) = drawing.get();
        let dated = rows.iter().filter(|row| row.start().is_some() && row.end().is_some()).count();
        locale.t_with(
            &keys::ui("gantt-summary"),
            &[
                ("count", &dated.to_string()),
                ("start", &date_text(locale, window.start())),
                ("end", &date_text(locale, window.end())),
            ],
        )
    };
    let chart = move || {
        let labelled_by = format!("{title_id} {desc_id}");
        let (title_id, desc_id) = (title_id.clone(), desc_id.clone());
        let (window, rows) = drawing.get();
        let height = AXIS + ROW * rows.len().max(1) as f64 + 4.0;
        let months = window
            .months()
            .into_iter()
            .map(|month| {
                let x = x_of(&window, month.max(window.start()));
                let label = month_label(locale, month, month == window.months()[0]);
                view! {
                    <g class="cl-gantt__month">
                        <line x1=x y1="0" x2=x y2=height />
                        <text x=x + 4.0 y="16">{label}</text>
                    </g>
                }
            })
            .collect_view();
        let bars =
            rows.iter().enumerate().map(|(at, row)| bar(locale, &window, at, row)).collect_view();
        view! {
            <svg
                class="cl-gantt"
                viewBox=format!("0 0 {WIDTH} {height}")
                role="img"
                aria-labelledby=labelled_by
                data-testid="plan-gantt"
            >
                <title id=title_id>{ui(locale, "gantt")}</title>
                <desc id=desc_id>{summary}</desc>
                {months}
                {bars}
            </svg>
        }
    };
    view! {
        <figure class="cl-plan__gantt">
            <figcaption>
                <strong>{ui(locale, "gantt")}</strong>
                " "
                {summary}
            </figcaption>
            {chart}
        </figure>
    }
}

/// One row's bar, clamped to the period; none without both dates or with
/// the end before the start.
fn bar(locale: Locale, window: &Window, at: usize, row: &Row) -> impl IntoView + use<> {
    let y = AXIS + ROW * at as f64;
    let number =
        view! { <text class="cl-gantt__number" x="4" y=y + 15.0>{(at + 1).to_string()}</text> };
    let dated = row.start().zip(row.end()).filter(|(start, end)| start <= end);
    let shape = dated.map(|(start, end)| {
        let outside = !window.contains(start) || !window.contains(end);
        let from = x_of(window, start.clamp(window.start(), window.end()));
        let to = x_of(window, end.clamp(window.start(), window.end()) + chrono::Days::new(1));
        let title = format!(
            "{}: {} – {}",
            row.activity(),
            date_text(locale, start),
            date_text(locale, end)
        );
        view! {
            <g class="cl-gantt__bar" class:cl-gantt__bar--outside=outside data-row=row.id().to_string()>
                <title>{title}</title>
                <rect x=from y=y + 4.0 width=(to - from).max(3.0) height=ROW - 8.0 rx="3" />
                {outside.then(|| view! { <text class="cl-gantt__flag" x=to.min(WIDTH - 10.0) + 2.0 y=y + 15.0>"!"</text> })}
            </g>
        }
    });
    view! {
        {number}
        {shape}
    }
}

/// The horizontal position of the start of `date` in the drawing.
fn x_of(window: &Window, date: NaiveDate) -> f64 {
    let share = window.offset(date) as f64 / window.days().max(1) as f64;
    BARS_LEFT + share.clamp(0.0, 1.0) * (WIDTH - BARS_LEFT - 8.0)
}

/// A month's short name, with the year on the first month and in January.
fn month_label(locale: Locale, month: NaiveDate, first: bool) -> String {
    let name = locale.t(&keys::ui(&format!("month-{}", month.month())));
    if first || month.month() == 1 { format!("{name} {}", month.year()) } else { name }
}
