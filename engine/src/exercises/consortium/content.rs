//! The validated structure of the export-consortium simulation (`consortium`
//! in `content/exercises/consortium-sim.json`): the firm pool, the options a
//! formation picks from, the calendar of external events, the reference
//! formations and the rubric. Every string is a catalog key derived from an
//! id or a code; the model's rules live in `model.rs`.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::formation::{FormationProblem, Played};
use super::raw::{RawConsortium, RawFirm, RawPlayed};
use crate::exercises::retry::RetryPolicy;
use crate::source::{Located, Report, check_new_id, is_content_id};

/// The catalog prefix of every string of this exercise.
pub(crate) const PREFIX: &str = "consortium-sim";

coded! {
    /// Where a firm is; members in more provinces meet less easily.
    Province {
        /// Vientiane Capital.
        Vientiane => "vte",
        /// Vientiane Province.
        VientianeProvince => "vtp",
        /// Luang Prabang.
        LuangPrabang => "lpb",
        /// Savannakhet.
        Savannakhet => "svk",
        /// Champasak.
        Champasak => "cps",
    }
}

coded! {
    /// What a firm makes or does.
    Category {
        /// Furniture.
        Furniture => "fur",
        /// Décor and crafts.
        Decor => "dec",
        /// A service to the other members.
        Service => "srv",
        /// Food.
        Food => "food",
        /// A trader, not a producer.
        Trader => "trd",
        /// An upstream supplier.
        Upstream => "ups",
    }
}

coded! {
    /// The buyers a firm mainly sells to.
    Segment {
        /// Home and lifestyle retail.
        Home => "home",
        /// Gift and handicraft.
        Gift => "gift",
        /// Home first, gift too.
        HomeGift => "home-gift",
        /// Gift first, home too.
        GiftHome => "gift-home",
        /// Food retail.
        Food => "food",
        /// A service provider, with no buyer segment of its own.
        None => "none",
    }
}

coded! {
    /// A certificate or paper a firm holds, or lacks.
    Certificate {
        /// FSC chain of custody: wood sells to the EU.
        FscCoc => "fsc-coc",
        /// ISO 9001, in progress.
        Iso9001InProgress => "iso-9001-in-progress",
        /// Member of a fair-trade network.
        FairTrade => "fair-trade",
        /// ISPM-15 treatment of wooden packaging.
        Ispm15 => "ispm-15",
        /// Organic certification.
        Organic => "organic",
        /// Timber legality papers, still incomplete.
        LegalityIncomplete => "legality-incomplete",
    }
}

coded! {
    /// What the consortium can spend a quarter on.
    ActivityKind {
        /// A study of one target market.
        MarketStudy => "market-study",
        /// A catalogue and website, refreshed yearly.
        Catalogue => "catalogue",
        /// A year's listing on a B2B platform.
        B2bListing => "b2b-listing",
        /// A regional trade fair.
        RegionalFair => "regional-fair",
        /// A distant trade fair (EU or Japan).
        DistantFair => "distant-fair",
        /// An inward mission of invited buyers.
        BuyerMission => "buyer-mission",
        /// Quality and design training for the weaker members.
        QualityTraining => "quality-training",
        /// Group FSC chain-of-custody certification for the wood makers.
        GroupCertification => "group-certification",
        /// A trust-building joint action.
        TrustAction => "trust-action",
    }
}

coded! {
    /// An event from outside the consortium, scheduled or by chance.
    EventKind {
        /// A baht/kip swing cuts regional orders for a quarter.
        FxSwing => "fx-swing",
        /// The EU Timber Regulation applies from this quarter on.
        Eutr => "eutr",
        /// A Japanese buyer asks for samples at short notice.
        UrgentSample => "urgent-sample",
        /// A flood halves capacity for a quarter.
        Flood => "flood",
        /// Regional buyers look for suppliers before the AEC starts.
        AecCountdown => "aec-countdown",
        /// ATIGA tariff cuts help regional sales from this quarter on.
        AtigaCuts => "atiga-cuts",
    }
}

coded! {
    /// A success factor from the literature that the debrief judges.
    Factor {
        /// Complementary products, not competitors.
        Complementarity => "complementarity",
        /// One buyer theme the members share.
        Coherence => "coherence",
        /// No member holds most of the capacity.
        NoDominance => "no-dominance",
        /// A competent and neutral coordinator.
        NeutralCoordinator => "neutral-coordinator",
        /// Members pay fees from the start.
        MembersPay => "members-pay",
        /// Start promotional and prepare before distant fairs.
        Gradual => "gradual",
        /// A quality charter with inspection.
        QualityRules => "quality-rules",
        /// Sanctions for non-payment and bypassing.
        Enforcement => "enforcement",
        /// Public support that declines rather than stops.
        DecliningSupport => "declining-support",
        /// Members close enough to meet regularly.
        Proximity => "proximity",
    }
}

impl Factor {
    fn key(self, part: &str) -> String {
        format!("{PREFIX}.factor.{}.{part}", self.code())
    }

    /// The catalog key of its name.
    pub fn name_key(self) -> String {
        self.key("name")
    }

    /// The catalog key of what happened when it held.
    pub fn held_key(self) -> String {
        self.key("held")
    }

    /// The catalog key of what happened when it failed.
    pub fn failed_key(self) -> String {
        self.key("failed")
    }
}

/// A firm of the pool, as its card shows it, plus its hidden opportunism.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Firm {
    id: String,
    province: Province,
    category: Category,
    line: String,
    employees: u32,
    sales: u32,
    export_experience: u8,
    capacity: Option<u8>,
    quality: u8,
    certificates: Vec<Certificate>,
    segment: Segment,
    reputation: u8,
    commitment: u8,
    digital: u8,
    opportunism: u8,
    wood: bool,
}

impl Firm {
    /// Its id, e.g. `f01`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Its province.
    pub fn province(&self) -> Province {
        self.province
    }

    /// What it makes or does.
    pub fn category(&self) -> Category {
        self.category
    }

    /// Its fine-grained product line; producers of the same line compete.
    pub fn line(&self) -> &str {
        &self.line
    }

    /// Its employees (without homeworkers).
    pub fn employees(&self) -> u32 {
        self.employees
    }

    /// Its sales, USD a year.
    pub fn sales(&self) -> u32 {
        self.sales
    }

    /// Its export experience: 0 none, 1 through traders, 2 occasional, 3 regular.
    pub fn export_experience(&self) -> u8 {
        self.export_experience
    }

    /// Its capacity level 1–5; `None` for a firm that produces nothing.
    pub fn capacity(&self) -> Option<u8> {
        self.capacity
    }

    /// Whether it produces goods the consortium sells.
    pub fn is_producer(&self) -> bool {
        self.capacity.is_some()
    }

    /// Its product quality and consistency, 1–5.
    pub fn quality(&self) -> u8 {
        self.quality
    }

    /// The certificates and papers it holds (or lacks).
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }

    /// Its main buyer segment.
    pub fn segment(&self) -> Segment {
        self.segment
    }

    /// Its reputation among peers, 1–5.
    pub fn reputation(&self) -> u8 {
        self.reputation
    }

    /// Its willingness to pay, attend and share, 1–5.
    pub fn commitment(&self) -> u8 {
        self.commitment
    }

    /// Its English and digital capability, 0–3.
    pub fn digital(&self) -> u8 {
        self.digital
    }

    /// Its hidden opportunism, 0–100; the learner meets it only through events.
    pub fn opportunism(&self) -> u8 {
        self.opportunism
    }

    /// Whether its products are wood that the EU Timber Regulation covers.
    pub fn wood(&self) -> bool {
        self.wood
    }

    fn key(&self, part: &str) -> String {
        format!("{PREFIX}.firm.{}.{part}", self.id)
    }

    /// The catalog key of its name.
    pub fn name_key(&self) -> String {
        self.key("name")
    }

    /// The catalog key of its products.
    pub fn product_key(&self) -> String {
        self.key("product")
    }
}

/// A coordinator option: competence and neutrality in percent, its cost a quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coordinator {
    id: String,
    competence: u8,
    neutrality: u8,
    cost: u32,
    max_activities: Option<u8>,
    from_largest_member: bool,
}

impl Coordinator {
    /// Its id, e.g. `professional`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Export know-how and follow-up, 0–100.
    pub fn competence(&self) -> u8 {
        self.competence
    }

    /// Fairness between members, 0–100.
    pub fn neutrality(&self) -> u8 {
        self.neutrality
    }

    /// What the consortium pays for it each quarter, USD.
    pub fn cost(&self) -> u32 {
        self.cost
    }

    /// How many activities it can run in a quarter; `None` for no limit.
    pub fn max_activities(&self) -> Option<u8> {
        self.max_activities
    }

    /// Whether it is staff of the member with the largest capacity.
    pub fn from_largest_member(&self) -> bool {
        self.from_largest_member
    }

    /// The catalog key of its name.
    pub fn name_key(&self) -> String {
        format!("{PREFIX}.coordinator.{}.name", self.id)
    }

    /// The catalog key of what it brings and costs.
    pub fn note_key(&self) -> String {
        format!("{PREFIX}.coordinator.{}.note", self.id)
    }
}

/// An activity's price list entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ActivityCost {
    kind: ActivityKind,
    cost: u32,
}

/// An external event and when it comes: in one quarter, or by chance each quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventTiming {
    /// In this quarter (from 1).
    Quarter(u8),
    /// With this chance in percent, each quarter.
    Chance(u8),
}

/// How public support is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubsidyRules {
    declining_percent: Vec<u8>,
    yearly_cap: u32,
    cliff_quarters: u8,
}

impl SubsidyRules {
    /// The share of activity costs a declining subsidy pays in `year` (from 1).
    pub fn declining_percent(&self, year: usize) -> u8 {
        self.declining_percent.get(year - 1).copied().unwrap_or(0)
    }

    /// The most a subsidy pays in one year, USD.
    pub fn yearly_cap(&self) -> u32 {
        self.yearly_cap
    }

    /// How many quarters a cliff subsidy pays everything.
    pub fn cliff_quarters(&self) -> u8 {
        self.cliff_quarters
    }
}

/// How the score is made: points for each success factor that held, and
/// up to `outcome_points` for the consortium's health at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rubric {
    pass_mark: u8,
    sales_target: u32,
    outcome_points: u8,
    factors: Vec<(Factor, u8)>,
}

impl Rubric {
    /// The score, 0–100, at or above which a run passes.
    pub fn pass_mark(&self) -> u8 {
        self.pass_mark
    }

    /// The consortium-linked sales, USD, at which the health score's sales part is full.
    pub fn sales_target(&self) -> u32 {
        self.sales_target
    }

    /// The points the health score is worth.
    pub fn outcome_points(&self) -> u8 {
        self.outcome_points
    }

    /// The points each factor is worth when it holds, in debrief order.
    pub fn factors(&self) -> &[(Factor, u8)] {
        &self.factors
    }
}

/// The export-consortium simulation's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsortiumContent {
    quarters: u8,
    members: [u8; 4],
    entry_fees: Vec<u32>,
    quarterly_fees: Vec<u32>,
    subsidy: SubsidyRules,
    firms: Vec<Firm>,
    coordinators: Vec<Coordinator>,
    activities: Vec<ActivityCost>,
    events: Vec<(EventKind, EventTiming)>,
    good: Played,
    poor: Vec<Played>,
    rubric: Rubric,
    retry: RetryPolicy,
}

impl ConsortiumContent {
    /// How many quarters a run lasts.
    pub fn quarters(&self) -> u8 {
        self.quarters
    }

    /// The fewest and most members a formation may have.
    pub fn member_range(&self) -> std::ops::RangeInclusive<usize> {
        usize::from(self.members[0])..=usize::from(self.members[1])
    }

    /// The member count the hint recommends at start-up.
    pub fn member_hint(&self) -> std::ops::RangeInclusive<usize> {
        usize::from(self.members[2])..=usize::from(self.members[3])
    }

    /// The entry fees a formation may set, USD.
    pub fn entry_fees(&self) -> &[u32] {
        &self.entry_fees
    }

    /// The quarterly fees a formation may set, USD per member.
    pub fn quarterly_fees(&self) -> &[u32] {
        &self.quarterly_fees
    }

    /// How public support is paid.
    pub fn subsidy(&self) -> &SubsidyRules {
        &self.subsidy
    }

    /// The firm pool, in card order.
    pub fn firms(&self) -> &[Firm] {
        &self.firms
    }

    /// The firm with this id.
    pub fn firm(&self, id: &str) -> Option<&Firm> {
        self.firms.iter().find(|firm| firm.id == id)
    }

    /// The coordinator options.
    pub fn coordinators(&self) -> &[Coordinator] {
        &self.coordinators
    }

    /// The coordinator option with this id.
    pub fn coordinator(&self, id: &str) -> Option<&Coordinator> {
        self.coordinators.iter().find(|coordinator| coordinator.id == id)
    }

    /// The activities on offer, in menu order.
    pub fn activities(&self) -> impl Iterator<Item = ActivityKind> + '_ {
        self.activities.iter().map(|activity| activity.kind)
    }

    /// What one run of `kind` costs, USD (per member concerned for training
    /// and certification).
    pub fn cost(&self, kind: ActivityKind) -> u32 {
        self.activities
            .iter()
            .find(|activity| activity.kind == kind)
            .map_or(0, |activity| activity.cost)
    }

    /// The external events and when they come.
    pub fn events(&self) -> &[(EventKind, EventTiming)] {
        &self.events
    }

    /// The quarter in which `kind` is scheduled, if it is.
    pub fn scheduled(&self, kind: EventKind) -> Option<u8> {
        self.events.iter().find_map(|(event, timing)| match timing {
            EventTiming::Quarter(quarter) if *event == kind => Some(*quarter),
            _ => None,
        })
    }

    /// The literature's good formation, played as the brief suggests.
    pub fn good(&self) -> &Played {
        &self.good
    }

    /// The poor formations the debrief contrasts.
    pub fn poor(&self) -> &[Played] {
        &self.poor
    }

    /// How the score is made.
    pub fn rubric(&self) -> &Rubric {
        &self.rubric
    }

    /// When a learner may run another consortium for the LMS.
    pub fn retry(&self) -> RetryPolicy {
        self.retry
    }

    /// The catalog key of the scenario text.
    pub fn scenario_key(&self) -> String {
        format!("{PREFIX}.scenario")
    }

    /// Every catalog key the exercise needs in every language.
    pub(crate) fn required_keys(&self) -> Vec<String> {
        let mut keys = vec![self.scenario_key()];
        keys.extend(self.firms.iter().flat_map(|firm| [firm.name_key(), firm.product_key()]));
        keys.extend(
            self.coordinators.iter().flat_map(|option| [option.name_key(), option.note_key()]),
        );
        keys.extend(super::keys::every_key());
        keys.extend(self.poor.iter().chain([&self.good]).map(Played::name_key));
        keys
    }
}

/// Validates the `consortium` section; `None` after reporting any error.
pub(crate) fn check_consortium(
    raw: RawConsortium,
    located: &Located<'_>,
    report: &mut Report,
) -> Option<ConsortiumContent> {
    let errors_before = report.errors.len();
    let at = |field: &str| format!("/consortium/{field}");
    let mut within = |field: &str, value: u32, range: std::ops::RangeInclusive<u32>| {
        located.within(report, &at(field), value, range);
    };
    within("quarters", raw.quarters, 4..=16);
    within("members/min", raw.members.min, 2..=raw.members.max.max(2));
    within("members/max", raw.members.max, raw.members.min..=raw.firms.len() as u32);
    within("members/hint_min", raw.members.hint_min, raw.members.min..=raw.members.max);
    within("members/hint_max", raw.members.hint_max, raw.members.hint_min..=raw.members.max);
    within("rubric/pass_mark", raw.rubric.pass_mark, 0..=100);
    within("rubric/sales_target", raw.rubric.sales_target, 1..=100_000_000);
    within("subsidy/cliff_quarters", raw.subsidy.cliff_quarters, 0..=raw.quarters);
    for (idx, percent) in raw.subsidy.declining_percent.iter().enumerate() {
        within(&format!("subsidy/declining_percent/{idx}"), *percent, 0..=100);
    }
    let retry = RetryPolicy::check(&raw.retry, &at("retry"), located, report);

    let mut ids = BTreeSet::new();
    let firms: Vec<Firm> = raw
        .firms
        .into_iter()
        .enumerate()
        .map(|(idx, firm)| {
            check_firm(firm, &at(&format!("firms/{idx}")), &mut ids, located, report)
        })
        .collect();
    let mut coordinators = Vec::new();
    for (idx, option) in raw.coordinators.into_iter().enumerate() {
        let pointer = at(&format!("coordinators/{idx}"));
        check_new_id(&option.id, &format!("{pointer}/id"), &mut ids, located, report);
        for (field, value) in [("competence", option.competence), ("neutrality", option.neutrality)]
        {
            if value > 100 {
                located.error(report, &format!("{pointer}/{field}"), "a percentage is 0..=100");
            }
        }
        coordinators.push(Coordinator {
            id: option.id,
            competence: percent(option.competence),
            neutrality: percent(option.neutrality),
            cost: option.cost,
            max_activities: option.max_activities.map(|max| max.min(9) as u8),
            from_largest_member: option.from_largest_member,
        });
    }
    if coordinators.is_empty() {
        located.error(report, &at("coordinators"), "a formation needs a coordinator to choose");
    }
    let mut activities: Vec<ActivityCost> = Vec::new();
    for (idx, activity) in raw.activities.iter().enumerate() {
        if activities.iter().any(|seen| seen.kind == activity.kind) {
            located.error(report, &at(&format!("activities/{idx}")), "activity listed twice");
        }
        activities.push(ActivityCost { kind: activity.kind, cost: activity.cost });
    }
    for kind in ActivityKind::ALL {
        if !activities.iter().any(|activity| activity.kind == *kind) {
            located.error(report, &at("activities"), format!("no price for `{}`", kind.code()));
        }
    }
    let mut events = Vec::new();
    for (idx, event) in raw.events.iter().enumerate() {
        let pointer = at(&format!("events/{idx}"));
        let timing = match (event.quarter, event.chance_percent) {
            (Some(quarter), None) if (1..=raw.quarters).contains(&quarter) => {
                EventTiming::Quarter(quarter as u8)
            }
            (None, Some(chance)) if chance <= 100 => EventTiming::Chance(chance as u8),
            _ => {
                located.error(
                    report,
                    &pointer,
                    "an event has either a quarter within the run or a chance_percent 0..=100",
                );
                continue;
            }
        };
        if events.iter().any(|(kind, _)| *kind == event.kind) {
            located.error(report, &pointer, "event listed twice");
        }
        events.push((event.kind, timing));
    }

    let mut factors = Vec::new();
    let mut points = raw.rubric.outcome_points;
    for (idx, entry) in raw.rubric.factors.iter().enumerate() {
        if factors.iter().any(|(factor, _)| *factor == entry.factor) {
            located.error(report, &at(&format!("rubric/factors/{idx}")), "factor listed twice");
        }
        points += entry.points;
        factors.push((entry.factor, entry.points.min(100) as u8));
    }
    if points != 100 {
        located.error(
            report,
            &at("rubric"),
            format!("outcome_points and the factors' points add up to {points}, not 100"),
        );
    }

    let content = ConsortiumContent {
        quarters: raw.quarters.min(16) as u8,
        members: [raw.members.min, raw.members.max, raw.members.hint_min, raw.members.hint_max]
            .map(|count| count.min(255) as u8),
        entry_fees: raw.entry_fees,
        quarterly_fees: raw.quarterly_fees,
        subsidy: SubsidyRules {
            declining_percent: raw.subsidy.declining_percent.iter().map(|p| percent(*p)).collect(),
            yearly_cap: raw.subsidy.yearly_cap,
            cliff_quarters: raw.subsidy.cliff_quarters.min(16) as u8,
        },
        firms,
        coordinators,
        activities,
        events,
        good: played(raw.reference.good),
        poor: raw.reference.poor.into_iter().map(played).collect(),
        rubric: Rubric {
            pass_mark: percent(raw.rubric.pass_mark),
            sales_target: raw.rubric.sales_target,
            outcome_points: raw.rubric.outcome_points.min(100) as u8,
            factors,
        },
        retry,
    };
    if report.errors.len() != errors_before {
        return None;
    }
    let mut played_ids = BTreeSet::new();
    let references = std::iter::once((at("reference/good"), &content.good)).chain(
        content
            .poor
            .iter()
            .enumerate()
            .map(|(idx, played)| (at(&format!("reference/poor/{idx}")), played)),
    );
    for (pointer, played) in references {
        check_new_id(&played.id, &format!("{pointer}/id"), &mut played_ids, located, report);
        for problem in played.formation.problems(&content) {
            located.error(report, &format!("{pointer}/formation"), problem_text(&problem));
        }
        if played.plans.len() != usize::from(content.quarters) {
            located.error(
                report,
                &format!("{pointer}/plans"),
                format!("{} plans for {} quarters", played.plans.len(), content.quarters),
            );
        }
    }
    (report.errors.len() == errors_before).then_some(content)
}

fn played(raw: RawPlayed) -> Played {
    Played { id: raw.id, formation: raw.formation, plans: raw.plans }
}

fn percent(value: u32) -> u8 {
    value.min(100) as u8
}

fn problem_text(problem: &FormationProblem) -> String {
    format!("a learner could not found this formation: {problem}")
}

fn check_firm(
    raw: RawFirm,
    pointer: &str,
    ids: &mut BTreeSet<String>,
    located: &Located<'_>,
    report: &mut Report,
) -> Firm {
    check_new_id(&raw.id, &format!("{pointer}/id"), ids, located, report);
    let mut within = |field: &str, value: u32, range: std::ops::RangeInclusive<u32>| {
        let top = *range.end();
        located.within(report, &format!("{pointer}/{field}"), value, range);
        value.min(top) as u8
    };
    let export_experience = within("export_experience", raw.export_experience, 0..=3);
    let capacity = raw.capacity.map(|capacity| within("capacity", capacity, 1..=5));
    let quality = within("quality", raw.quality, 1..=5);
    let reputation = within("reputation", raw.reputation, 1..=5);
    let commitment = within("commitment", raw.commitment, 1..=5);
    let digital = within("digital", raw.digital, 0..=3);
    let opportunism = within("opportunism", raw.opportunism, 0..=100);
    let produces = !matches!(raw.category, Category::Service | Category::Trader);
    if produces != raw.capacity.is_some() {
        located.error(
            report,
            &format!("{pointer}/capacity"),
            "producers have a capacity and services and traders have none",
        );
    }
    if !is_content_id(&raw.line) {
        located.error(
            report,
            &format!("{pointer}/line"),
            format!("`{}` is not a valid id", raw.line),
        );
    }
    Firm {
        id: raw.id,
        province: raw.province,
        category: raw.category,
        line: raw.line,
        employees: raw.employees,
        sales: raw.sales,
        export_experience,
        capacity,
        quality,
        certificates: raw.certificates,
        segment: raw.segment,
        reputation,
        commitment,
        digital,
        opportunism,
        wood: raw.wood,
    }
}

/// Validates a bare section, for tests that need small hand-made content.
#[cfg(test)]
pub(crate) fn consortium_from_json(text: &str) -> ConsortiumContent {
    crate::source::section_from_json::<RawConsortium, _>(text, check_consortium)
}
