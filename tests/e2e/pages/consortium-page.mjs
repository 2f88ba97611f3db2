// The export-consortium formation simulation on its exercise page
// (`#/consortium-sim`), in English: the firm pool with its category filter
// and the statutes (forming), the quarters with their plan, the decisions
// events raise, the chart and the timeline, and the debrief with its
// factors and the risk view of 1,000 runs.
//
// Works on a whole page or on one frame (the package inside an LMS player's
// iframe), and comes with the exercise's content, read from the same files
// the app is built from, so that a test can tell what the form, the scope
// line, a decision or a score should say without the app's own numbers.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { eventually } from '../../support/eventually.mjs';
import { keyboardFocus } from './keyboard.mjs';
import { fill, normalize, PackageFrame } from './package-frame.mjs';

const CONTENT_FILE = new URL(
  '../../../assets/content/exercises/consortium-sim.json',
  import.meta.url,
);
const LOCALE_FILE = new URL('../../../assets/locales/en.json', import.meta.url);

/** The catalog prefix of the exercise's strings. */
const PREFIX = 'consortium-sim';

/** The English catalog. */
const STRINGS = JSON.parse(readFileSync(LOCALE_FILE, 'utf8')).strings;

/** The consortium types, in the order the form lists them (the engine's `ConsortiumType::ALL`). */
export const TYPE_CODES = ['promotional', 'sales'];

/** The lead-sharing rules, in form order (`LeadRule::ALL`). */
export const LEAD_RULES = ['rotation', 'specialisation', 'buyer-chooses'];

/** The decision rules, in form order (`DecisionRule::ALL`). */
export const DECISION_RULES = ['consensus', 'majority'];

/** The funding schemes, in form order (`Funding::ALL`). */
export const FUNDINGS = ['none', 'declining', 'cliff'];

/** The firm categories, in the filter's order (`Category::ALL`). */
export const CATEGORY_CODES = ['fur', 'dec', 'srv', 'food', 'trd', 'ups'];

/** Each kind of decision with its answers, in the prompt's order (`DecisionKind::responses`). */
export const DECISION_RESPONSES = {
  complaint: ['replace', 'supplier-fixes', 'ignore'],
  'free-rider': ['warn', 'expel', 'tolerate'],
};

/** The statuses a run can end in (`Status::ALL`). */
export const STATUS_CODES = ['self-sustaining', 'subsidy-dependent', 'dissolved'];

/** The selectors of the simulation's parts, shared with the journeys of every browser engine. */
export const CONSORTIUM = {
  section: 'section.cl-consortium',
  /** The box that adds the firm `id` to the consortium. */
  firmBox: (id) => `article[data-firm="${id}"] [data-testid="firm-choose"]`,
  /** The input of `value` in one of the choice groups (`type`, …, `plan`, `decision`). */
  choice: (group, value) => `input[name="cl-consortium-${group}"][value="${value}"]`,
  /** The statute box `charter` or `sanctions`. */
  statute: (word) => `[data-testid="statute-${word}"]`,
  found: '[data-testid="consortium-found"]',
  quarter: '[data-testid="consortium-quarter"]',
  plan: '[data-testid="consortium-plan"]',
  play: '[data-testid="consortium-play"]',
  decision: '[data-testid="consortium-decision"]',
  decide: '[data-testid="consortium-decide"]',
  score: '[data-testid="consortium-score"]',
  /** Quarter `n` in the timeline. */
  timelineQuarter: (n) => `[data-testid="consortium-timeline"] section[data-quarter="${n}"]`,
};

/** What tells the simulation's screens apart (strings only, for the page). */
export const SCREEN_MARKS = {
  section: CONSORTIUM.section,
  score: CONSORTIUM.score,
  decision: CONSORTIUM.decision,
  plan: CONSORTIUM.plan,
  found: CONSORTIUM.found,
};

/**
 * Which screen of the simulation is up: `forming`, `planning`, `deciding`,
 * `debrief` or `none`. Runs in the page, given `SCREEN_MARKS`.
 */
export function consortiumScreen(selectors) {
  const section = document.querySelector(selectors.section);
  if (section === null) return 'none';
  if (section.querySelector(selectors.score)) return 'debrief';
  if (section.querySelector(selectors.decision)) return 'deciding';
  if (section.querySelector(selectors.plan)) return 'planning';
  if (section.querySelector(selectors.found)) return 'forming';
  return 'none';
}

/** "Quarter n of total", the quarter being played. */
export const QUARTER_POSITION = /^Quarter (\d+) of (\d+)$/;

/** The segments that count as one buyer theme with the modal one (brief §D3, coherence). */
const SAME_THEME = {
  home: ['home', 'home-gift'],
  gift: ['gift', 'gift-home'],
  food: ['food'],
};

/** A regular expression that matches `template` filled in, each `{name}` captured by name. */
function templatePattern(template) {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  const seen = new Set();
  const source = escaped.replace(/\{([a-z-]+)\}/g, (_whole, name) => {
    const group = name.replace(/-/g, '_');
    if (seen.has(group)) {
      return `\\k<${group}>`;
    }
    seen.add(group);
    return `(?<${group}>.+?)`;
  });
  return new RegExp(`^${source}$`);
}

/** A whole number of USD as the page writes it: `12,400`, `−1,300`. */
export function usdAmount(value) {
  const rounded = Math.round(value);
  const grouped = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `−${grouped}` : grouped;
}

/** The number in a USD amount as the page writes it (`−1,300 USD` is -1300). */
export function parseUsd(text) {
  const match = /^(−|-)?([\d,]+)(?: USD)?$/.exec(normalize(text));
  assert.ok(match, `an amount of USD: "${text}"`);
  const value = Number(match[2].replace(/,/g, ''));
  return match[1] === undefined ? value : -value;
}

/**
 * The exercise's content: the firm pool with its English names, the fees
 * and coordinators on offer, the rubric, the literature's good formation
 * with its plans, and the interface words.
 */
export class ConsortiumContent {
  constructor() {
    const { consortium } = JSON.parse(readFileSync(CONTENT_FILE, 'utf8'));
    this.quarters = consortium.quarters;
    this.members = consortium.members;
    this.entryFees = consortium.entry_fees;
    this.quarterlyFees = consortium.quarterly_fees;
    /** @type {{id: string, province: string, category: string, line: string,
     *   producer: boolean, segment: string, name: string}[]} */
    this.firms = consortium.firms.map((firm) => ({
      id: firm.id,
      province: firm.province,
      category: firm.category,
      line: firm.line,
      producer: firm.capacity !== null,
      segment: firm.segment,
      name: this.text(`firm.${firm.id}.name`),
    }));
    for (const firm of this.firms) {
      assert.ok(CATEGORY_CODES.includes(firm.category), `${firm.id}: a known category`);
    }
    /** The coordinator options' ids, in the form's order. */
    this.coordinators = consortium.coordinators.map((option) => option.id);
    const rubric = consortium.rubric;
    this.passMark = rubric.pass_mark;
    this.outcomePoints = rubric.outcome_points;
    /** The success factors in the rubric's order, with their points and names. */
    this.factors = rubric.factors.map(({ factor, points }) => ({
      factor,
      points,
      name: this.text(`factor.${factor}.name`),
    }));
    /** The literature's good formation (Lao Home Collection) and its plans, quarter by quarter. */
    this.good = {
      id: consortium.reference.good.id,
      formation: consortium.reference.good.formation,
      plans: consortium.reference.good.plans,
    };
  }

  /** The English text of `consortium-sim.<key>`, filled with `args`. */
  text(key, args) {
    const full = `${PREFIX}.${key}`;
    assert.ok(full in STRINGS, `en.json has ${full}`);
    return fill(STRINGS[full], args);
  }

  /** An interface word of the exercise's views (`consortium-sim.ui.<word>`). */
  ui(word, args) {
    return this.text(`ui.${word}`, args);
  }

  /** The firm with this id. */
  firm(id) {
    const found = this.firms.find((firm) => firm.id === id);
    assert.ok(found, `the pool has a firm "${id}"`);
    return found;
  }

  /** The firm ids in pool order. */
  firmIds() {
    return this.firms.map((firm) => firm.id);
  }

  /** `ids` in pool order, as the engine keeps a formation's members. */
  inPoolOrder(ids) {
    const order = this.firmIds();
    return [...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }

  /**
   * What the members make of a consortium (brief §D2–§D3): how many,
   * multi-sector when food producers join home-and-living ones,
   * inter-regional when the members come from more than two provinces (the
   * capital and the province around it are within reach), and theme
   * coherence and complementarity as whole percentages.
   */
  scope(members) {
    const firms = members.map((id) => this.firm(id));
    const producers = firms.filter((firm) => firm.producer);
    const sectors = new Set(producers.map((firm) => firm.category === 'food'));
    const provinces = new Set(firms.map((firm) => firm.province));
    const modal = Math.max(
      0,
      ...Object.values(SAME_THEME).map(
        (segments) => producers.filter((firm) => segments.includes(firm.segment)).length,
      ),
    );
    const lines = new Set(producers.map((firm) => firm.line));
    const helpers = firms.length - producers.length;
    return {
      size: firms.length,
      multiSector: sectors.size > 1,
      interRegional: provinces.size > 2,
      coherence: producers.length === 0 ? 0 : Math.round((100 * modal) / producers.length),
      complementarity:
        firms.length === 0
          ? 0
          : Math.round(100 * Math.min(1, (lines.size + 0.5 * helpers) / firms.length)),
    };
  }

  /** The scope section's two lines of figures for `members`, as the page writes them. */
  scopeLines(members) {
    const scope = this.scope(members);
    return [
      `${this.ui('chosen')}: ${scope.size} · ${this.ui(
        scope.multiSector ? 'multi-sector' : 'single-sector',
      )} · ${this.ui(scope.interRegional ? 'inter-regional' : 'regional')}`,
      `${this.ui('coherence')}: ${scope.coherence} % · ${this.ui('complementarity')}: ${
        scope.complementarity
      } %`,
    ];
  }

  /**
   * Why a formation cannot be founded, in the learner's words and the
   * engine's order: too few or too many members, a sales consortium
   * without two producers. (The form offers only fees and coordinators of
   * the content, so the other reasons cannot arise from it.)
   */
  problems(formation) {
    const problems = [];
    if (formation.members.length < this.members.min) {
      problems.push(this.text('problem.too-few', { min: this.members.min }));
    }
    if (formation.members.length > this.members.max) {
      problems.push(this.text('problem.too-many', { max: this.members.max }));
    }
    const producers = formation.members.filter((id) => this.firm(id).producer).length;
    if (formation.type === 'sales' && producers < 2) {
      problems.push(this.text('problem.sales-producers'));
    }
    return problems;
  }

  /** The decision a prompt asks, from its words: `{kind, firm}`. */
  decisionAsked(prompt) {
    const found = [];
    for (const kind of Object.keys(DECISION_RESPONSES)) {
      for (const firm of this.firms) {
        if (normalize(this.text(`decision.${kind}.prompt`, { firm: firm.name })) === prompt) {
          found.push({ kind, firm: firm.id });
        }
      }
    }
    assert.equal(found.length, 1, `the prompt is one decision about one firm: "${prompt}"`);
    return found[0];
  }

  /** What the timeline says a decision did. */
  decisionEffect(kind, response, firm) {
    return this.text(`decision.${kind}.${response}.effect`, { firm: this.firm(firm).name });
  }

  /** The answer a `kind` decision offers as its label. */
  responseLabel(kind, response) {
    return this.text(`decision.${kind}.${response}`);
  }

  /**
   * The score a finished run can have when the factors `held` (their
   * codes) held: their points, plus at most the outcome's points.
   */
  scoreRange(held) {
    const points = this.factors
      .filter(({ factor }) => held.includes(factor))
      .reduce((sum, { points }) => sum + points, 0);
    return { min: points, max: points + this.outcomePoints };
  }

  /** "Score: 64 out of 100" read back: the whole score shown. */
  scoreShown(text) {
    const match = templatePattern(this.ui('score')).exec(normalize(text));
    assert.ok(match, `the score reads "${this.ui('score')}": "${text}"`);
    return Number(match.groups.score);
  }

  /** The risk summary read back: `{yours, good}`, the shares that ended self-sustaining, in %. */
  riskShares(text) {
    const match = templatePattern(this.ui('risk-summary')).exec(normalize(text));
    assert.ok(match, `the risk summary reads "${this.ui('risk-summary')}": "${text}"`);
    return { yours: Number(match.groups.yours), good: Number(match.groups.good) };
  }

  /** The chart's summary of the figures `{trust, reputation, sales}`. */
  chartSummary({ trust, reputation, sales }) {
    return this.ui('chart-summary', { trust, reputation, sales: usdAmount(sales) });
  }
}

export class ConsortiumPage extends PackageFrame {
  /** The exercise's section on its page. */
  section() {
    return this.root.locator(CONSORTIUM.section);
  }

  // ---- Forming -------------------------------------------------------------

  filter() {
    return this.section().getByTestId('firm-filter');
  }

  /** The filter's options as `{value, label}`, in order. */
  async filterOptions() {
    return this.filter()
      .locator('option')
      .evaluateAll((options) =>
        options.map((option) => ({ value: option.value, label: option.textContent.trim() })),
      );
  }

  firmCard(id) {
    return this.section().locator(`article[data-firm="${id}"]`);
  }

  /** The box that adds the firm to the consortium. */
  firmBox(id) {
    return this.root.locator(CONSORTIUM.firmBox(id));
  }

  /** The ids of the firm cards shown now (the filter hides the others), in page order. */
  async shownFirms() {
    return this.section()
      .locator('article[data-firm]')
      .evaluateAll((cards) =>
        cards.filter((card) => card.checkVisibility()).map((card) => card.dataset.firm),
      );
  }

  /** The ids of the firms whose box is ticked, in page order. */
  async chosenFirms() {
    return this.section()
      .locator('article[data-firm]')
      .evaluateAll((cards) =>
        cards
          .filter((card) => card.querySelector('[data-testid="firm-choose"]').checked)
          .map((card) => card.dataset.firm),
      );
  }

  /**
   * The inputs of one of the screen's choice groups: radio buttons (`type`,
   * `entry-fee`, …, `decision`) or checkboxes (`plan`).
   */
  choices(group) {
    return this.section().locator(`input[name="cl-consortium-${group}"]`);
  }

  choice(group, value) {
    return this.section().locator(CONSORTIUM.choice(group, value));
  }

  /** The values of a group's inputs, in page order. */
  async groupValues(group) {
    return this.choices(group).evaluateAll((inputs) => inputs.map((input) => input.value));
  }

  /** The checked values of a group, in page order. */
  async checkedValues(group) {
    return this.choices(group).evaluateAll((inputs) =>
      inputs.filter((input) => input.checked).map((input) => input.value),
    );
  }

  /** The statute box `charter` or `sanctions`. */
  statute(word) {
    return this.section().locator(CONSORTIUM.statute(word));
  }

  scope() {
    return this.section().getByTestId('consortium-scope');
  }

  /** The scope section's lines of figures (after its heading and the size hint). */
  async scopeLines() {
    const lines = (await this.scope().locator('p').allInnerTexts()).map(normalize);
    return lines.slice(1);
  }

  /** The scope's size hint. */
  async scopeHint() {
    return normalize(await this.scope().locator('p').first().innerText());
  }

  problems() {
    return this.section().getByTestId('consortium-problems');
  }

  /** The reasons shown after a refused "Found", one per item. */
  async problemItems() {
    return (await this.problems().locator('li').allInnerTexts()).map(normalize);
  }

  foundButton() {
    return this.section().locator(CONSORTIUM.found);
  }

  /**
   * The formation the form shows: `{members, type, entry_fee, quarterly_fee,
   * charter, sanctions, leads, decisions, coordinator, funding}`, in the
   * content's terms (members in page order).
   */
  async formShown() {
    const one = async (group) => {
      const checked = await this.checkedValues(group);
      assert.equal(checked.length, 1, `one ${group} is chosen: ${checked}`);
      return checked[0];
    };
    return {
      members: await this.chosenFirms(),
      type: await one('type'),
      entry_fee: Number(await one('entry-fee')),
      quarterly_fee: Number(await one('quarterly-fee')),
      charter: await this.statute('charter').isChecked(),
      sanctions: await this.statute('sanctions').isChecked(),
      leads: await one('leads'),
      decisions: await one('decisions'),
      coordinator: await one('coordinator'),
      funding: await one('funding'),
    };
  }

  /** Fills the form with `formation` by mouse (members ticked in the order given). */
  async fillForm(formation) {
    for (const id of (await this.chosenFirms()).filter((id) => !formation.members.includes(id))) {
      await this.firmBox(id).uncheck();
    }
    for (const id of formation.members) {
      await this.firmBox(id).check();
    }
    await this.choice('type', formation.type).check();
    await this.choice('entry-fee', formation.entry_fee).check();
    await this.choice('quarterly-fee', formation.quarterly_fee).check();
    await this.statute('charter').setChecked(formation.charter);
    await this.statute('sanctions').setChecked(formation.sanctions);
    await this.choice('leads', formation.leads).check();
    await this.choice('decisions', formation.decisions).check();
    await this.choice('coordinator', formation.coordinator).check();
    await this.choice('funding', formation.funding).check();
  }

  /** Founds the consortium on the form as it stands; waits for the first quarter. */
  async found() {
    await this.foundButton().click();
    await this.quarterHeading().waitFor();
  }

  // ---- Quarters --------------------------------------------------------------

  quarterHeading() {
    return this.section().locator(CONSORTIUM.quarter);
  }

  /** The quarter being planned or decided, as `{n, total}` from "Quarter n of total". */
  async position() {
    const text = normalize(await this.quarterHeading().innerText());
    const match = QUARTER_POSITION.exec(text);
    assert.ok(match, `the heading reads "Quarter n of total": "${text}"`);
    return { n: Number(match[1]), total: Number(match[2]) };
  }

  /** Cash, trust, reputation, knowledge, sales and members now, as numbers. */
  async stateFigures() {
    const text = async (metric) =>
      normalize(await this.section().locator(`dd[data-metric="${metric}"]`).innerText());
    return {
      budget: parseUsd(await text('budget')),
      trust: Number(await text('trust')),
      reputation: Number(await text('reputation')),
      knowledge: Number(await text('knowledge')),
      sales: parseUsd(await text('sales')),
      members: Number(await text('members')),
    };
  }

  plan() {
    return this.section().locator(CONSORTIUM.plan);
  }

  planCost() {
    return this.section().getByTestId('consortium-plan-cost');
  }

  playButton() {
    return this.section().locator(CONSORTIUM.play);
  }

  decision() {
    return this.section().locator(CONSORTIUM.decision);
  }

  /** The question of the decision that waits. */
  async decisionPrompt() {
    return normalize(await this.decision().locator('legend').innerText());
  }

  decideButton() {
    return this.section().locator(CONSORTIUM.decide);
  }

  /** Which screen is up: `forming`, `planning`, `deciding` or `debrief`. */
  async screen() {
    return this.root.evaluate(consortiumScreen, SCREEN_MARKS);
  }

  /**
   * Plays the quarter shown with `plan` (activity codes) by mouse; waits
   * for the quarter in the timeline. Returns the screen that follows.
   */
  async playQuarter(plan) {
    const { n } = await this.position();
    for (const kind of plan) {
      await this.choice('plan', kind).check();
    }
    await this.playButton().click();
    await this.timelineQuarter(n).waitFor();
    return this.screen();
  }

  /** Answers the decision that waits with `response` by mouse; waits for its effect. */
  async decide(response) {
    const effects = await this.effectCount();
    await this.choice('decision', response).check();
    await this.decideButton().click();
    await eventually(async () => assert.equal(await this.effectCount(), effects + 1));
    return this.screen();
  }

  chart() {
    return this.section().getByTestId('consortium-chart');
  }

  /** The chart's summary in words, after its caption's title. */
  async chartSummary() {
    const caption = normalize(await this.chart().locator('figcaption').innerText());
    const title = `${STRINGS[`${PREFIX}.ui.chart`]}. `;
    assert.ok(caption.startsWith(title), `the caption starts with the chart's title: "${caption}"`);
    return caption.slice(title.length);
  }

  /** The chart's accessible name (its summary, for screen readers). */
  async chartLabel() {
    return normalize((await this.chart().locator('svg').getAttribute('aria-label')) ?? '');
  }

  /** How many points each line of the chart has, by its class. */
  async chartPoints() {
    return this.chart()
      .locator('polyline')
      .evaluateAll((lines) =>
        Object.fromEntries(
          lines.map((line) => {
            const series = [...line.classList].find((name) => name.startsWith('cl-linechart__line--'));
            const points = (line.getAttribute('points') ?? '').trim();
            return [series.split('--')[1], points === '' ? 0 : points.split(/\s+/).length];
          }),
        ),
      );
  }

  timeline() {
    return this.section().getByTestId('consortium-timeline');
  }

  timelineQuarter(n) {
    return this.root.locator(CONSORTIUM.timelineQuarter(n));
  }

  /** The quarters of the timeline, in page order. */
  async timelineQuarters() {
    return this.timeline()
      .locator('section[data-quarter]')
      .evaluateAll((sections) => sections.map((section) => Number(section.dataset.quarter)));
  }

  /** Everything the timeline says, quarter by quarter, newest first. */
  async timelineText() {
    return normalize(await this.timeline().innerText());
  }

  /** What happened in quarter `n`: `[{code, text}]` in order. */
  async happenings(n) {
    return this.timelineQuarter(n)
      .locator('li.cl-event')
      .evaluateAll((items) =>
        items.map((item) => ({
          code: item.dataset.happening,
          text: item.innerText.replace(/\s+/g, ' ').trim(),
        })),
      );
  }

  /** How many decision effects the timeline shows. */
  async effectCount() {
    return this.timeline().locator('li.cl-event[data-happening="effect"]').count();
  }

  // ---- Debrief ---------------------------------------------------------------

  score() {
    return this.section().locator(CONSORTIUM.score);
  }

  status() {
    return this.section().getByTestId('consortium-status');
  }

  async statusCode() {
    return this.status().getAttribute('data-status');
  }

  /** The factors in page order: `{factor, held, text}`. */
  async factors() {
    return this.section()
      .getByTestId('consortium-factors')
      .locator('li[data-factor]')
      .evaluateAll((items) =>
        items.map((item) => ({
          factor: item.dataset.factor,
          held: item.dataset.held,
          text: item.innerText.replace(/\s+/g, ' ').trim(),
        })),
      );
  }

  risk() {
    return this.section().getByTestId('consortium-risk');
  }

  riskSummary() {
    return this.section().getByTestId('consortium-risk-summary');
  }

  replayButton() {
    return this.section().getByTestId('consortium-replay');
  }

  anotherButton() {
    return this.section().getByTestId('consortium-another');
  }

  // ---- Keyboard ----------------------------------------------------------------

  /** Tabs until an element matching `selector` has the focus (see `keyboardFocus`). */
  async keyboardFocus(selector, what) {
    await keyboardFocus(this.page, this.root, selector, what);
  }

  /** Tabs to the element with this test id and presses `key` (Space by default). */
  async pressByKeyboard(testId, key = 'Space') {
    await this.keyboardFocus(`[data-testid="${testId}"]`, `[data-testid=${testId}]`);
    await this.page.keyboard.press(key);
  }

  /** Tabs to the category filter and moves it to `value` with the arrow keys. */
  async filterByKeyboard(value) {
    await this.keyboardFocus('[data-testid="firm-filter"]', 'the category filter');
    const order = (await this.filterOptions()).map((option) => option.value);
    const want = order.indexOf(value);
    assert.ok(want >= 0, `the filter offers "${value}"`);
    for (let presses = 0; presses <= order.length; presses += 1) {
      const at = order.indexOf(await this.filter().inputValue());
      if (at === want) {
        return;
      }
      await this.page.keyboard.press(at < want ? 'ArrowDown' : 'ArrowUp');
    }
    assert.fail(`the arrow keys never set the filter to "${value}"`);
  }

  /** Tabs to the box matching `selector` and presses Space if it is not yet `on`. */
  async setBoxByKeyboard(selector, on, what) {
    await this.keyboardFocus(selector, what);
    const checked = await this.root.evaluate(() => document.activeElement.checked);
    if (checked !== on) {
      await this.page.keyboard.press('Space');
    }
    await eventually(async () =>
      assert.equal(
        await this.root.locator(selector).isChecked(),
        on,
        `${what} is ${on ? '' : 'un'}ticked`,
      ),
    );
  }

  /**
   * Checks `value` in the radio group `group` by keyboard: Tab into the
   * group, arrow keys to the option (which checks it), Space if it is
   * still unchecked (an untouched group's first option takes the focus
   * unchecked).
   */
  async checkRadioByKeyboard(group, value) {
    const selector = `input[name="cl-consortium-${group}"]`;
    await this.keyboardFocus(selector, `the ${group} options`);
    const order = await this.groupValues(group);
    const want = order.indexOf(String(value));
    assert.ok(want >= 0, `the ${group} options offer "${value}"`);
    for (let presses = 0; presses <= order.length; presses += 1) {
      const focused = await this.root.evaluate((sel) => {
        const element = document.activeElement;
        return element?.matches(sel) ? { value: element.value, checked: element.checked } : null;
      }, selector);
      assert.ok(focused !== null, `the arrow keys keep the focus in the ${group} options`);
      const at = order.indexOf(focused.value);
      if (at === want) {
        if (!focused.checked) {
          await this.page.keyboard.press('Space');
        }
        await eventually(async () => assert.equal(await this.choice(group, value).isChecked(), true));
        return;
      }
      await this.page.keyboard.press(at < want ? 'ArrowDown' : 'ArrowUp');
    }
    assert.fail(`the arrow keys never reached ${group} "${value}"`);
  }

  /**
   * The element with the focus: `{tag, testId, name, value, text}`, or null
   * when nothing in the package has it.
   */
  async focused() {
    return this.root.evaluate(() => {
      const element = document.activeElement;
      if (element === null || element === document.body) {
        return null;
      }
      return {
        tag: element.tagName.toLowerCase(),
        testId: element.dataset.testid ?? null,
        name: element.getAttribute('name'),
        value: element.value ?? null,
        text: element.innerText?.replace(/\s+/g, ' ').trim() ?? '',
      };
    });
  }
}
