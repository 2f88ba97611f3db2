use engine::exercises::consortium::{ConsortiumSession, Judgement, RunOutcome, keys};
use leptos::prelude::*;

use super::chart::MetricsChart;
use super::quarters::{Timeline, played_quarters};
use super::risk::RiskView;
use super::{ConsortiumHandle, ui, usd};
use crate::context::{Locale, Tracker};

/// The end of the run: the score, the status and metrics, each success
/// factor with the quarters that showed it, the risk view, the chart and
/// timeline, and replay or another formation when the policy allows.
#[component]
pub(super) fn DebriefStep(consortium: ConsortiumHandle) -> impl IntoView {
    let locale = Locale::expect();
    let Some(result) = consortium.with_untracked(ConsortiumSession::result) else {
        return ().into_any();
    };
    let content = consortium.with_untracked(|session| session.content().clone());
    let quarters = consortium.with_untracked(played_quarters);
    let played = consortium.with_untracked(ConsortiumSession::played);
    // A review shows the recorded result; nothing done there would be recorded.
    let read_only = Tracker::expect().terms_untracked().review;
    let can_retry = consortium.with_untracked(ConsortiumSession::can_retry) && !read_only;
    let score = result.score.to_string();
    let status = result.outcome.status;
    let heading = NodeRef::new();
    super::focus_heading_if_lost(heading);
    let retry = move |same_seed: bool| {
        let seed = consortium.seed();
        // Refused only when retrying is no longer allowed, when the
        // buttons are not shown.
        _ = consortium.act(|session, now_ms| session.retry(seed, same_seed, now_ms));
    };
    view! {
        <h2 tabindex="-1" node_ref=heading>{ui(locale, "debrief")}</h2>
        <p class="cl-consortium__score" data-testid="consortium-score">
            {move || locale.t_with(&keys::ui("score"), &[("score", &score)])}
        </p>
        <p data-testid="consortium-status" data-status=status.code()>
            <strong>{locale.text(keys::status(status))}</strong>
            ". "
            {locale.text(keys::status_text(status))}
        </p>
        <OutcomeFigures outcome=result.outcome />
        <ul class="cl-consortium__factors" data-testid="consortium-factors">
            {result.judgements.into_iter().map(|judgement| view! { <FactorVerdict judgement /> }).collect_view()}
        </ul>
        {played.map(|(yours, policy)| view! { <RiskView content=content.clone() yours policy /> })}
        <MetricsChart quarters=Signal::stored(quarters.clone()) />
        <Timeline content quarters=Signal::stored(quarters) />
        {can_retry
            .then(|| {
                // The same seed shows what other choices would have changed;
                // a new one, what luck alone changes.
                let buttons = [("replay", true), ("another", false)]
                    .map(|(word, same_seed)| {
                        view! {
                            <button
                                type="button"
                                class="cl-button"
                                data-testid=format!("consortium-{word}")
                                on:click=move |_| retry(same_seed)
                            >
                                {ui(locale, word)}
                            </button>
                        }
                    });
                view! { <div class="cl-consortium__actions">{buttons.into_iter().collect_view()}</div> }
            })}
    }
        .into_any()
}

/// The end-screen metrics in words and figures.
#[component]
fn OutcomeFigures(outcome: RunOutcome) -> impl IntoView {
    let locale = Locale::expect();
    let figure = move |word: &'static str, value: String| {
        view! {
            <div>
                <dt>{ui(locale, word)}</dt>
                <dd data-metric=word>{value}</dd>
            </div>
        }
    };
    view! {
        <h3>{ui(locale, "outcome")}</h3>
        <dl class="cl-consortium__state">
            {figure("sales", usd(locale, outcome.sales))}
            {figure("spillover", usd(locale, outcome.spillover))}
            {figure("retention", format!("{:.0} %", outcome.retention * 100.0))}
            {figure("trust", outcome.trust.round().to_string())}
            {figure("reputation", outcome.reputation.round().to_string())}
            {figure("satisfaction", format!("{:.1}", f64::from(outcome.satisfaction) / 10.0))}
        </dl>
    }
}

/// One success factor: held or failed, why, and the quarters that showed it.
#[component]
fn FactorVerdict(judgement: Judgement) -> impl IntoView {
    let locale = Locale::expect();
    let factor = judgement.factor;
    // A factor that held was still put to the test by the quarters' events;
    // one that failed showed there.
    let (verdict, text, seen) = if judgement.held {
        ("held", factor.held_key(), "tested")
    } else {
        ("failed", factor.failed_key(), "quarters")
    };
    let quarters = (!judgement.quarters.is_empty()).then(|| {
        let list = judgement.quarters.iter().map(|q| format!("Q{q}")).collect::<Vec<_>>().join(", ");
        view! { <p class="cl-factor__quarters">{move || locale.t_with(&keys::ui(seen), &[("quarters", &list)])}</p> }
    });
    view! {
        <li class="cl-factor" class:cl-factor--held=judgement.held data-factor=factor.code() data-held=judgement.held.to_string()>
            <p class="cl-factor__name">
                <strong>{locale.text(factor.name_key())}</strong>
                " — "
                {ui(locale, verdict)}
            </p>
            <p>{locale.text(text)}</p>
            {quarters}
        </li>
    }
}
