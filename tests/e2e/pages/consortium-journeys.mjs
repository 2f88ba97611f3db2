// Shared steps and checks for end-to-end journeys of the export-consortium
// simulation (consortium.test.mjs standalone, consortium-lms.test.mjs in the
// Moodle-like LMS host): playing quarters and answering decisions by mouse
// or keyboard with checks on the way, the debrief, and the exact
// interactions and score a run reports.
//
// Each attempt draws its own seed, so what happens in a run is read from the
// page (the decision asked, the timeline); the checks compare it with what
// the content and the page's own figures say it must be.

import assert from 'node:assert/strict';

import { eventually } from '../../support/eventually.mjs';
import {
  ConsortiumContent,
  ConsortiumPage,
  DECISION_RESPONSES,
  DECISION_RULES,
  FUNDINGS,
  LEAD_RULES,
  parseUsd,
  STATUS_CODES,
  TYPE_CODES,
  usdAmount,
} from './consortium-page.mjs';
import { LmsHost, SCORM } from './lms-host.mjs';
import { normalize, SAVE_MESSAGES } from './package-frame.mjs';
import {
  assertInteractionList,
  assertScore,
  dbName,
  openBrowser,
} from './quiz-journeys.mjs';

export const consortiumContent = new ConsortiumContent();

/** The SCO id and route slug of the exercise. */
export const SCO = 'consortium-sim';

/** How long the risk view's 2 × 1,000 runs may take on a busy two-core CI machine. */
const RISK_TIMEOUT_MS = 60_000;

/**
 * A watched browser for one test (see `openBrowser`) with the exercise's SCO
 * (`sco=consortium-sim`) opened in the LMS host's player, in an iframe:
 * `hostOptions` are the `LmsHost`'s, `db` by default the test's own record.
 * Returns the browser's `{context, page, assertNoProblems}` with the
 * record's `db`, the `host`, the package's `frame` and the `consortium` page
 * in it, once its form is shown.
 */
export async function openConsortium(t, server, { db = dbName(t), ...hostOptions }) {
  const browser = await openBrowser(t, server);
  const host = new LmsHost(browser.page, server, { db, sco: SCO, ...hostOptions });
  const frame = await host.open();
  const consortium = new ConsortiumPage(frame);
  await consortium.section().waitFor({ timeout: 30_000 });
  return { ...browser, db, host, frame, consortium };
}

/** The trust, reputation and sales the page shows beside the chart (state line or outcome). */
async function chartedFigures(consortium) {
  const text = async (metric) =>
    normalize(await consortium.section().locator(`dd[data-metric="${metric}"]`).innerText());
  return {
    trust: Number(await text('trust')),
    reputation: Number(await text('reputation')),
    sales: parseUsd(await text('sales')),
  };
}

/**
 * After `n` quarters: the timeline has one section per quarter, newest
 * first; the chart has a point per quarter on each line; and its summary in
 * words (caption and accessible name) gives the figures the page shows.
 */
export async function assertQuartersShown(consortium, n) {
  assert.deepEqual(
    await consortium.timelineQuarters(),
    Array.from({ length: n }, (_, k) => n - k),
    `after ${n} quarters, one timeline section each, newest first`,
  );
  assert.deepEqual(
    await consortium.chartPoints(),
    { trust: n, reputation: n, sales: n },
    `after ${n} quarters, a point per quarter on each line`,
  );
  const summary = consortiumContent.chartSummary(await chartedFigures(consortium));
  assert.equal(await consortium.chartSummary(), summary, `quarter ${n}: the chart's words`);
  assert.equal(await consortium.chartLabel(), summary, `quarter ${n}: the chart's accessible name`);
}

/** Waits until the focus is on the element described by `want` (a subset of `focused()`). */
async function assertFocusOn(consortium, want, what) {
  await eventually(async () => {
    const focused = await consortium.focused();
    assert.ok(focused !== null, `${what}: something has the focus`);
    for (const [key, value] of Object.entries(want)) {
      assert.equal(focused[key], value, `${what}: the focus is on ${JSON.stringify(want)}`);
    }
  });
}

/** The focus is on the quarter's heading. */
export function assertFocusOnQuarter(consortium, what) {
  return assertFocusOn(consortium, { tag: 'h2', testId: 'consortium-quarter' }, what);
}

/** The focus is on the debrief's heading. */
export function assertFocusOnDebrief(consortium, what) {
  return assertFocusOn(consortium, { tag: 'h2', text: consortiumContent.ui('debrief') }, what);
}

/** The focus is on the formation form's heading. */
export function assertFocusOnForm(consortium, what) {
  return assertFocusOn(consortium, { tag: 'h2', text: consortiumContent.ui('pool') }, what);
}

/**
 * Plays the run from the screen shown until the debrief (or, with `until`,
 * until quarter `until` waits to be planned): each quarter with
 * `plan(quarter)` (activity codes), each decision answered
 * `respond({quarter, kind, firm})` (a response code, or a promise of one), by mouse or, with
 * `keyboard`, by Tab, arrows and Space alone (then the focus is checked
 * after each change of screen). On the way: the decision's answers and
 * what it did, the timeline, the chart, and (by keyboard) the plan's cost.
 * Returns `{plans, decisions, quarters}`: the plans played, the decisions
 * as `{quarter, kind, firm, response}` in order, the quarters played.
 */
export async function playRun(consortium, { plan, respond, keyboard = false, until }) {
  const plans = [];
  const decisions = [];
  let quarters = (await consortium.timelineQuarters())[0] ?? 0;
  for (;;) {
    const screen = await consortium.screen();
    if (screen === 'debrief') {
      break;
    }
    if (screen === 'planning') {
      const { n, total } = await consortium.position();
      assert.equal(total, consortiumContent.quarters, 'the run lasts the content\'s quarters');
      assert.equal(n, quarters + 1, 'the quarter after the last one played');
      if (n === until) {
        break;
      }
      const activities = plan(n);
      if (keyboard) {
        for (const kind of activities) {
          await consortium.setBoxByKeyboard(
            `input[name="cl-consortium-plan"][value="${kind}"]`,
            true,
            `the activity ${kind}`,
          );
        }
        await assertPlanCost(consortium);
        await consortium.pressByKeyboard('consortium-play');
        await consortium.timelineQuarter(n).waitFor();
      } else {
        await consortium.playQuarter(activities);
      }
      plans.push(activities);
      quarters = n;
      const next = await consortium.screen();
      if (next !== 'debrief') {
        await assertQuartersShown(consortium, n);
      }
      if (keyboard) {
        // The plan stays under the focused button when nothing needs deciding;
        // a decision or the debrief replaces it, and its heading takes the focus.
        if (next === 'planning') {
          const play = { testId: 'consortium-play' };
          await assertFocusOn(consortium, play, `after playing quarter ${n}`);
        } else if (next === 'deciding') {
          await assertFocusOnQuarter(consortium, `a decision after quarter ${n}`);
        } else {
          await assertFocusOnDebrief(consortium, `the debrief after quarter ${n}`);
        }
      }
      continue;
    }
    assert.equal(screen, 'deciding', 'a quarter to plan, a decision or the debrief');
    const { n: quarter } = await consortium.position();
    assert.equal(quarter, quarters, 'a decision belongs to the quarter just played');
    const asked = consortiumContent.decisionAsked(await consortium.decisionPrompt());
    const offered = DECISION_RESPONSES[asked.kind];
    assert.deepEqual(
      await consortium.groupValues('decision'),
      offered,
      `the answers to a ${asked.kind}`,
    );
    assert.deepEqual(
      (await consortium.decision().locator('label').allInnerTexts()).map(normalize),
      offered.map((response) => consortiumContent.responseLabel(asked.kind, response)),
      `the answers to a ${asked.kind}, in words`,
    );
    assert.equal(await consortium.decideButton().isDisabled(), true, 'no decision before an answer');
    const response = await respond({ quarter, ...asked });
    const effects = await consortium.effectCount();
    if (keyboard) {
      await consortium.checkRadioByKeyboard('decision', response);
      await consortium.pressByKeyboard('consortium-decide');
      await eventually(async () => assert.equal(await consortium.effectCount(), effects + 1));
    } else {
      await consortium.decide(response);
    }
    const happened = await consortium.happenings(quarter);
    const effect = happened.filter(({ code }) => code === 'effect').at(-1);
    assert.equal(
      effect?.text,
      normalize(consortiumContent.decisionEffect(asked.kind, response, asked.firm)),
      `quarter ${quarter}: the timeline tells what the answer did`,
    );
    decisions.push({ quarter, ...asked, response });
    const next = await consortium.screen();
    if (next !== 'debrief') {
      // The answer moved the figures; the chart follows.
      await assertQuartersShown(consortium, quarter);
    }
    if (keyboard) {
      if (next === 'debrief') {
        await assertFocusOnDebrief(consortium, `the debrief after a decision in quarter ${quarter}`);
      } else {
        await assertFocusOnQuarter(consortium, `after a decision in quarter ${quarter}`);
      }
    }
  }
  return { plans, decisions, quarters };
}

/** The plan's cost is the sum of the costs its ticked activities show. */
async function assertPlanCost(consortium) {
  const costs = await consortium
    .plan()
    .locator('label')
    .evaluateAll((labels) =>
      labels
        .filter((label) => label.querySelector('input').checked)
        .map((label) => /\(([\d,]+) USD\)$/.exec(label.innerText.trim())?.[1] ?? 'none'),
    );
  assert.ok(costs.every((cost) => cost !== 'none'), `each activity shows its cost: ${costs}`);
  const total = costs.reduce((sum, cost) => sum + Number(cost.replace(/,/g, '')), 0);
  assert.equal(
    normalize(await consortium.planCost().innerText()),
    consortiumContent.ui('plan-cost', { amount: usdAmount(total) }),
    'the plan costs what its activities cost',
  );
}

/**
 * The debrief of a run of `quarters` quarters: the score (a whole number
 * within what the factors that held allow), one of the three statuses in
 * words (dissolved exactly when the timeline says the consortium dissolved,
 * which is how a run ends early), every factor of the rubric in order,
 * held or failed, and the risk view: progress, then the summary and both
 * histograms. Returns `{shown, status, held, risk}`.
 */
export async function assertDebrief(consortium, { quarters }) {
  await consortium.score().waitFor();
  const shown = consortiumContent.scoreShown(await consortium.score().innerText());
  assert.ok(Number.isInteger(shown) && shown >= 0 && shown <= 100, `a score from 0 to 100: ${shown}`);

  const status = await consortium.statusCode();
  assert.ok(STATUS_CODES.includes(status), `one of the three statuses: ${status}`);
  const [name, meaning] = [`status.${status}`, `status.${status}.text`].map((key) =>
    consortiumContent.text(key),
  );
  assert.equal(
    normalize(await consortium.status().innerText()),
    normalize(`${name}. ${meaning}`),
    'the status in words',
  );
  const dissolvedIn = [];
  for (const quarter of await consortium.timelineQuarters()) {
    if ((await consortium.happenings(quarter)).some(({ code }) => code === 'dissolved')) {
      dissolvedIn.push(quarter);
    }
  }
  assert.equal(status === 'dissolved', dissolvedIn.length > 0, 'dissolved when the timeline says so');
  if (quarters < consortiumContent.quarters) {
    assert.deepEqual(dissolvedIn, [quarters], 'a run ends early only when it dissolves');
  }

  const factors = await consortium.factors();
  assert.deepEqual(
    factors.map(({ factor }) => factor),
    consortiumContent.factors.map(({ factor }) => factor),
    'every factor of the rubric, in its order',
  );
  for (const { factor, held, text } of factors) {
    assert.ok(['true', 'false'].includes(held), `${factor}: held or failed`);
    const verdict = held === 'true' ? 'held' : 'failed';
    const name = consortiumContent.text(`factor.${factor}.name`);
    assert.ok(
      text.startsWith(`${name} — ${consortiumContent.ui(verdict)}`),
      `${factor}: its name and verdict: "${text}"`,
    );
    assert.ok(
      text.includes(normalize(consortiumContent.text(`factor.${factor}.${verdict}`))),
      `${factor}: why it ${verdict}`,
    );
  }
  const held = factors.filter((factor) => factor.held === 'true').map(({ factor }) => factor);
  const range = consortiumContent.scoreRange(held);
  assert.ok(
    shown >= Math.floor(range.min) && shown <= Math.ceil(range.max),
    `the score ${shown} is the held factors' ${range.min} points, plus at most ${
      range.max - range.min
    } for the outcome`,
  );

  // The risk view shows its progress, then the shares and the histograms.
  await consortium.risk().waitFor();
  await consortium.riskSummary().waitFor({ timeout: RISK_TIMEOUT_MS });
  const risk = consortiumContent.riskShares(await consortium.riskSummary().innerText());
  for (const share of [risk.yours, risk.good]) {
    assert.ok(share >= 0 && share <= 100, `a share of runs from 0 to 100 %: ${share}`);
  }
  assert.equal(await consortium.risk().locator('progress').count(), 0, 'no progress once done');
  // Each histogram counts every run of its formation, bar by bar, as its
  // heading promises ("… 1,000 times?").
  const runs = Number(/\d[\d,]*/.exec(consortiumContent.ui('risk'))[0].replace(/,/g, ''));
  for (const testId of ['risk-yours', 'risk-good']) {
    const histogram = consortium.section().getByTestId(testId);
    const name = consortiumContent.ui(testId);
    const caption = normalize(await histogram.locator('figcaption').innerText());
    assert.equal(caption, name, `${testId}: its caption`);
    const label = normalize((await histogram.locator('svg').getAttribute('aria-label')) ?? '');
    assert.ok(label.startsWith(`${name}: `), `${testId}: named, with its counts: "${label}"`);
    const counts = label.slice(name.length + 2).split(' · ').map(Number);
    const bars = await histogram.locator('svg rect').count();
    assert.equal(bars, counts.length, `${testId}: a bar per count`);
    assert.equal(counts.reduce((sum, count) => sum + count, 0), runs, `${testId}: every run counted`);
  }
  return { shown, status, held, risk };
}

// ---- What the LMS gets --------------------------------------------------

/** The values of a choice in a `version` LMS: SCORM 1.2 names each by its position's letter. */
function choiceValues(version, choices) {
  return (ids) =>
    ids.map((id) => {
      const at = choices.indexOf(id);
      assert.ok(at >= 0, `"${id}" is one of ${choices}`);
      return version === '1.2' ? 'abcdefghijklmnopqrstuvwxyz0123456789'[at] : id;
    });
}

/**
 * The ten interactions a founded `formation` reports (see
 * `assertInteractionList`), in form order: one ungraded `choice` per
 * choice, the members in pool order, fees as `usd-<n>`, yes/no boxes,
 * each described by its label in the form.
 */
export function formationInteractions(version, formation) {
  const fee = (usd) => `usd-${usd}`;
  const yesNo = (on) => (on ? 'yes' : 'no');
  const choices = [
    ['chosen', consortiumContent.inPoolOrder(formation.members), consortiumContent.firmIds()],
    ['type', [formation.type], TYPE_CODES],
    ['entry-fee', [fee(formation.entry_fee)], consortiumContent.entryFees.map(fee)],
    ['quarterly-fee', [fee(formation.quarterly_fee)], consortiumContent.quarterlyFees.map(fee)],
    ['charter', [yesNo(formation.charter)], ['yes', 'no']],
    ['sanctions', [yesNo(formation.sanctions)], ['yes', 'no']],
    ['leads', [formation.leads], LEAD_RULES],
    ['decisions', [formation.decisions], DECISION_RULES],
    ['coordinator', [formation.coordinator], consortiumContent.coordinators],
    ['funding', [formation.funding], FUNDINGS],
  ];
  return choices.map(([word, response, all]) => ({
    id: `cs-${word}`,
    type: 'choice',
    response: choiceValues(version, all)(response),
    pattern: undefined,
    result: 'neutral',
    weighting: 0,
    description: consortiumContent.ui(word),
  }));
}

/**
 * The interaction each decision reports, in the order taken: `cs-qNN-<kind>`
 * (the quarter that raised it, two digits), an ungraded `choice` of the
 * kind's answers.
 */
export function decisionInteractions(version, decisions) {
  return decisions.map(({ quarter, kind, response }) => ({
    id: `cs-q${String(quarter).padStart(2, '0')}-${kind}`,
    type: 'choice',
    response: choiceValues(version, DECISION_RESPONSES[kind])([response]),
    pattern: undefined,
    result: 'neutral',
    weighting: 0,
    description: consortiumContent.text(`decision.${kind}.name`),
  }));
}

/**
 * The interactions of a founded `formation` and its `decisions`, exactly,
 * descriptions included: the ten of the formation, then one per decision.
 */
export function assertReported(flat, version, formation, decisions, { what = 'the attempt' } = {}) {
  const expected = [
    ...formationInteractions(version, formation),
    ...decisionInteractions(version, decisions),
  ];
  assertInteractionList(flat, version, expected, { what });
}

/** The SetValue calls a session's run-time refused. */
export function refusedWrites(calls) {
  return calls.filter((call) => call.method === 'SetValue' && call.result === 'false');
}

/** The LMS refused none of the writes in `calls`. */
export function assertNothingRefused(calls) {
  assert.deepEqual(refusedWrites(calls), [], 'the LMS refused nothing');
}

/** Waits until the app says the course has everything. */
export async function waitForCourseSave(consortium) {
  await consortium.waitForSaveState(SAVE_MESSAGES.saved);
}

/**
 * The score stored as `score.raw` is the debrief's (`shown`, which the page
 * rounds to a whole number; the rubric scores to a tenth), with min 0, max
 * 100 and (2004) scaled. Returns the stored score.
 */
export function assertReportedScore(flat, version, shown) {
  const raw = flat[`${SCORM[version].score}.raw`];
  assert.match(raw ?? '', /^\d{1,3}(\.\d)?$/, 'score.raw, to a tenth at most');
  const score = Number(raw);
  assert.ok(Math.abs(score - shown) <= 0.5, `score.raw ${score} is the debrief's ${shown}`);
  assertScore(flat, version, score);
  return score;
}
