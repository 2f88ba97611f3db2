// Accessibility (WCAG 2.1 AA) of every page and every state that matters,
// in headless Chromium against the release build in dist/: axe-core's WCAG
// 2.1 A and AA rules on the home page with the profile form, the profile
// page and an unknown route; each exercise's start, an item, the feedback
// after a check (wrong and right), and its results; a state of each
// exercise in Thai; and the quiz inside the Moodle-like host's frame. Any
// violation fails the test, with each rule's id, help and the nodes found.
// On the way, what axe cannot check: each chart has a text equivalent, a
// colour never signals alone (a word or mark goes with it), the focus lands
// on the new screen when the control that had it goes away; and, with
// reduced motion asked for, nothing moves.
//
// Every test fails on any console error, uncaught exception, failed request
// or HTTP error response.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { eventually } from '../support/eventually.mjs';
import { serveBuiltApp } from '../support/server.mjs';
import { AppPage, openApp } from './pages/app-page.mjs';
import { assertAccessible, assertStill, labelOf, shownText } from './pages/axe.mjs';
import { casesContent, placeCase, sortCases, SCO as CASES } from './pages/cases-journeys.mjs';
import { CasesPage, TYPE_CODES } from './pages/cases-page.mjs';
import {
  assertDebrief,
  consortiumContent,
  playRun,
  SCO as CONSORTIUM,
} from './pages/consortium-journeys.mjs';
import { ConsortiumPage, DECISION_RESPONSES } from './pages/consortium-page.mjs';
import { ExercisePage, openExercise } from './pages/exercise-page.mjs';
import { HomePage } from './pages/home-page.mjs';
import { assertFocusOn } from './pages/keyboard.mjs';
import { NotFoundPage } from './pages/not-found-page.mjs';
import { completePlan, SCO as PLAN, SECTIONS, writePlan } from './pages/plan-journeys.mjs';
import { PlanPage, planContent } from './pages/plan-page.mjs';
import { ProfilePage } from './pages/profile-page.mjs';
import {
  answerFor,
  answerItems,
  content as quizContent,
  N_ITEMS,
  openQuiz,
} from './pages/quiz-journeys.mjs';
import { normalize } from './pages/package-frame.mjs';
import { QuizPage } from './pages/quiz-page.mjs';

// Whole runs of each exercise with an axe pass at each state; generous for
// a busy two-core CI machine.
const TEST_OPTIONS = { timeout: 300_000 };

const server = serveBuiltApp();

/** Switches the app on `page` to Thai and waits until the document says so. */
async function toThai(page) {
  const app = new AppPage(page);
  await app.chooseLanguage('th');
  await app.page.waitForFunction(() => document.documentElement.lang === 'th');
  await app.heading().waitFor();
}

/** Switches the app on `page` back to English. */
async function toEnglish(page) {
  await new AppPage(page).chooseLanguage('en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
}

/** The words of each exercise status, by the modifier its badge's colour comes from. */
const STATUS_WORDS = {
  'not-started': planContent.text('ui.status.not-started'),
  'in-progress': planContent.text('ui.status.in-progress'),
  completed: planContent.text('ui.status.completed'),
};

/**
 * Every status badge on the page says its status in words, the ones its
 * colour stands for; `expected` lists the statuses that must be among them.
 */
async function assertStatusesInWords(page, expected) {
  const badges = await page.locator('.cl-status').evaluateAll((spans) =>
    spans.map((span) => ({
      status: [...span.classList].find((name) => name.startsWith('cl-status--'))?.slice(11),
      text: span.textContent.replace(/\s+/g, ' ').trim(),
    })),
  );
  for (const { status, text } of badges) {
    assert.ok(status in STATUS_WORDS, `a badge coloured as a known status: ${status}`);
    assert.ok(text.startsWith(STATUS_WORDS[status]), `a ${status} badge says so: "${text}"`);
  }
  for (const status of expected) {
    assert.ok(badges.some((badge) => badge.status === status), `a ${status} badge is shown`);
  }
}

describe('the app meets WCAG 2.1 AA (axe-core), with what axe cannot check', () => {
  it('on the home page, the profile form and page, and an unknown route', TEST_OPTIONS, async (t) => {
    const { page, appUrl, problems } = await openApp(t, server);
    const home = new HomePage(page, appUrl);
    await home.open();
    await home.profileForm.waitUntilShown();
    await assertAccessible(page, 'the home page with the profile form');
    await assertStatusesInWords(page, ['not-started']);
    await home.profileForm.fill({ organisation: 'Lao Crafts', country: 'LA', role: 'sme' });
    await home.profileForm.save();
    await page.getByText('Please enter your name.', { exact: true }).waitFor();
    await assertAccessible(page, 'the profile form with a field refused');
    await home.profileForm.fill({ name: 'Dara' });
    await home.profileForm.save();
    await home.welcome('Dara').waitFor();
    // The form and its button went away; the greeting that replaced them has the focus.
    await assertFocusOn(page, '.cl-home__welcome', 'after the profile is saved');
    await assertAccessible(page, 'the home page with a profile');

    const profile = new ProfilePage(page, appUrl);
    await profile.gotoHash('#/profile');
    await profile.form.waitUntilShown();
    await assertAccessible(page, 'the profile page');

    const notFound = new NotFoundPage(page, appUrl);
    await notFound.gotoHash('#/no-such-page');
    await notFound.notFoundHeading().waitFor();
    await assertAccessible(page, 'the page of an unknown route');

    await home.open();
    await toThai(page);
    await assertAccessible(page, 'the home page in Thai');
    problems.assertNone();
  });

  it('through the quiz: start, item, feedback, self-assessment, results', TEST_OPTIONS, async (t) => {
    const opened = await openExercise(t, server, 'aec-quiz', QuizPage);
    const { page, exercise: quiz, problems } = opened;
    const heading = 'section.cl-quiz h2';
    await quiz.startButton().waitFor();
    await assertAccessible(page, 'the quiz before it starts');
    await quiz.start('sme');
    await assertFocusOn(page, heading, 'after the start button went away');
    await assertAccessible(page, 'a quiz item');
    await assertStatusesInWords(page, ['in-progress']);
    const verdicts = [];
    for (const correct of [false, true]) {
      const item = quizContent.itemByStem((await quiz.currentItem()).stem);
      await quiz.choose(answerFor(item, correct));
      await quiz.checkAnswer();
      await assertAccessible(page, `the feedback on a ${correct ? 'right' : 'wrong'} answer`);
      verdicts.push(normalize(await quiz.feedback().locator('.cl-quiz__verdict').innerText()));
      await assertFocusOn(page, 'section.cl-quiz button', 'after the check');
      const { n } = await quiz.position();
      await quiz.next();
      await quiz.waitForPosition(n + 1);
      await assertFocusOn(page, heading, `question ${n + 1}`);
    }
    // The feedback's colour comes with its verdict in words.
    assert.deepEqual(verdicts, ['Not correct.', 'Correct.'], 'wrong and right say so');
    await answerItems(quiz, N_ITEMS - 2, (item) => item.key);
    await quiz.selfAssessmentHeading().waitFor();
    await assertFocusOn(page, heading, 'the self-assessment');
    await assertAccessible(page, 'the self-assessment');
    await quiz.rateAllAndFinish(4);
    await assertFocusOn(page, heading, 'the readiness profile');
    await assertAccessible(page, 'the readiness profile with its chart');

    // The chart is one image named by its title, described, with the table
    // beside it giving the same numbers.
    const chart = quiz.chart();
    assert.equal(await labelOf(chart), planContent.text('ui.quiz.chart.title'), "the chart's name");
    assert.equal(
      normalize(await chart.locator('desc').textContent()),
      planContent.text('ui.quiz.chart.description'),
      "the chart's description",
    );
    const rows = await quiz.profileRows();
    assert.deepEqual(
      (await chart.locator('.cl-chart__label').allTextContents()).map(normalize),
      rows.map((row) => row.dimension),
      'the chart and the table name the same dimensions',
    );
    assert.deepEqual(
      (await chart.locator('.cl-chart__value').allTextContents()).map(Number),
      rows.map((row) => row.readiness),
      'the table gives the readiness the chart draws',
    );
    await toThai(page);
    await assertAccessible(page, 'the readiness profile in Thai');
    problems.assertNone();
  });

  it('through the cases: start, a case, feedback, results, stages', TEST_OPTIONS, async (t) => {
    const opened = await openExercise(t, server, CASES, CasesPage);
    const { page, exercise: cases, problems } = opened;
    await cases.beginButton().waitFor();
    await assertAccessible(page, 'the cases before they begin');
    await cases.begin();
    await assertFocusOn(page, '[data-testid="case-card"]', 'the first case, once begun');
    await assertAccessible(page, 'a case to sort');
    for (const correct of [false, true]) {
      const { id } = await cases.currentCase();
      const right = casesContent.case(id).structure;
      const chosen = correct ? right : casesContent.wrongType(id);
      await placeCase(cases, chosen, 'click');
      await cases.feedback().waitFor();
      await assertAccessible(page, `the feedback on a ${correct ? 'right' : 'wrong'} type`);
      // The targets' colours come with a mark: ✓ on the right type, ✗ on a wrong choice.
      for (const type of TYPE_CODES) {
        const mark = type === right ? '✓' : type === chosen ? '✗' : '';
        const text = await shownText(cases.target(type));
        const shown = ['✓', '✗'].find((sign) => text.startsWith(sign)) ?? '';
        assert.equal(shown, mark, `${type}: "${text}"`);
      }
      await cases.next();
    }
    await toThai(page);
    await assertAccessible(page, 'a case in Thai');
    await toEnglish(page);
    const { n, total } = await cases.position();
    await sortCases(cases, total - n + 1, { choose: (vignette) => vignette.structure });
    await cases.confusionTable().waitFor();
    await assertFocusOn(page, 'section.cl-cases h2', 'the results');
    await assertAccessible(page, 'the results with the confusion matrix');
    // The matrix's colours come with a mark: ✓ on the diagonal, ✗ on a mix-up.
    for (const [kind, mark] of [['right', '✓'], ['wrong', '✗']]) {
      const cells = cases.confusionTable().locator(`td.cl-confusion__${kind}`);
      assert.ok((await cells.count()) > 0, `a ${kind} cell`);
      for (const cell of await cells.all()) {
        assert.match(await shownText(cell), new RegExp(`^\\d+ ${mark}$`), `a ${kind} cell's mark`);
      }
    }
    await cases.beginStages();
    await assertAccessible(page, 'the stage round');
    problems.assertNone();
  });

  it('through the consortium: form, quarters, a decision, debrief, risk', TEST_OPTIONS, async (t) => {
    const opened = await openExercise(t, server, CONSORTIUM, ConsortiumPage);
    const { page, exercise: consortium, problems } = opened;
    await consortium.foundButton().waitFor();
    await assertAccessible(page, 'the formation form');
    await consortium.fillForm(consortiumContent.good.formation);
    await consortium.found();
    await assertAccessible(page, 'the first quarter to plan');
    // Before any quarter the chart has nothing to sum up: its title names it.
    assert.equal(
      await labelOf(consortium.chart().locator('svg')),
      consortiumContent.ui('chart'),
      'the empty chart is named',
    );
    // Its lines differ by dash as well as by colour.
    const dashes = await consortium
      .chart()
      .locator('polyline')
      .evaluateAll((lines) => lines.map((line) => getComputedStyle(line).strokeDasharray));
    assert.equal(new Set(dashes).size, 3, `three dash patterns: ${dashes}`);

    const plan = (n) => consortiumContent.good.plans[n - 1] ?? [];
    // Checks the first decision asked, and answers each with its first response.
    let decisions = 0;
    const respond = async ({ kind }) => {
      if (decisions === 0) {
        await assertAccessible(page, `a decision (${kind})`);
      }
      decisions += 1;
      return DECISION_RESPONSES[kind][0];
    };
    await playRun(consortium, { plan, respond, until: 3 });
    await assertAccessible(page, 'a quarter after two played, with the timeline and chart');
    await toThai(page);
    await assertAccessible(page, 'a quarter in Thai');
    await toEnglish(page);
    // Decisions come by chance: another run with new luck until one is asked.
    for (let run = 1; ; run += 1) {
      const played = await playRun(consortium, { plan, respond });
      await assertDebrief(consortium, played);
      await assertAccessible(page, 'the debrief with the risk view');
      if (decisions > 0) {
        break;
      }
      assert.ok(run < 3, 'three runs ask at least one decision');
      await consortium.anotherButton().click();
      await consortium.found();
    }
    // Each factor's colour comes with "Held" or "Failed".
    const factors = await consortium.factors();
    for (const { factor, held } of factors) {
      const name = consortium.section().locator(`li[data-factor="${factor}"] .cl-factor__name`);
      const word = consortiumContent.ui(held === 'true' ? 'held' : 'failed');
      assert.ok(normalize(await name.innerText()).endsWith(word), `${factor}: "${word}"`);
    }
    await assertStatusesInWords(page, ['completed']);
    problems.assertNone();
  });

  const planStates = 'through the plan: a section, its checks, the action plan, the rubric, the plan';
  it(planStates, TEST_OPTIONS, async (t) => {
    const opened = await openExercise(t, server, PLAN, PlanPage);
    const { page, exercise: plan, problems } = opened;
    const first = planContent.sections[0];
    await plan.field(first.fields[0].id).waitFor();
    await assertAccessible(page, 'the first section');
    const year = await page.evaluate(() => new Date().getFullYear());
    // A required field written, then emptied: its note says what is missing.
    const field = first.fields.find((candidate) => candidate.required);
    await plan.write(field.id, 'x');
    await plan.write(field.id, '');
    await eventually(async () => assert.notEqual(await plan.fieldNote(field.id), ''));
    await assertAccessible(page, 'a section with a field refused by its checks');
    await assertSectionMarks(plan);

    const written = completePlan(year, { seed: 'a11y', points: 18 });
    await writePlan(plan, written, { complete: true });
    await assertSectionMarks(plan);
    await plan.open(planContent.actionPlanSection.id);
    await plan.gantt().waitFor();
    await assertAccessible(page, 'the action plan with its Gantt chart');
    await plan.open('rubric');
    await assertAccessible(page, 'the self-assessment, rated');
    await plan.open('document');
    await plan.document().waitFor();
    await assertAccessible(page, 'the whole plan');
    await toThai(page);
    await assertAccessible(page, 'the whole plan in Thai');
    await toEnglish(page);

    // The Gantt chart is named by its title and a summary in words; each bar
    // by its activity and dates; a bar outside the period is marked "!".
    await plan.open(planContent.actionPlanSection.id);
    const before = await plan.rowIds();
    await plan.addRowButton().click();
    const late = await eventually(async () => {
      const ids = await plan.rowIds();
      assert.equal(ids.length, before.length + 1, 'a row is added');
      return ids.at(-1);
    });
    await plan.fillRow(late, {
      activity: 'Trade fair after the period',
      responsible: 'Cluster coordinator',
      start: `${year + 1}-02-01`,
      end: `${year + 1}-02-10`,
    });
    const gantt = plan.gantt();
    const name = await labelOf(gantt);
    assert.ok(name.startsWith(planContent.word('gantt')), `the chart's name: "${name}"`);
    assert.ok(name.length > planContent.word('gantt').length + 10, `and its summary: "${name}"`);
    const bars = await gantt.locator('.cl-gantt__bar').evaluateAll((groups) =>
      groups.map((group) => ({
        outside: group.classList.contains('cl-gantt__bar--outside'),
        title: group.querySelector('title')?.textContent ?? '',
        flag: group.querySelector('.cl-gantt__flag')?.textContent ?? '',
      })),
    );
    const activities = written.rows.filter((row) => row.activity !== undefined);
    assert.equal(bars.length, activities.length + 1, 'a bar per dated row');
    for (const row of activities) {
      const named = bars.some((bar) => bar.title.startsWith(`${row.activity}: `));
      assert.ok(named, `a bar named ${row.activity}`);
    }
    assert.deepEqual(
      bars.filter((bar) => bar.outside).map(({ title, flag }) => [title.split(':')[0], flag]),
      [['Trade fair after the period', '!']],
      'the bar outside the period, marked',
    );
    problems.assertNone();
  });
});

/** Each section's state in the list comes with its mark and word, as its colour does. */
async function assertSectionMarks(plan) {
  const marks = { empty: '○', started: '◐', passed: '✓' };
  for (const section of SECTIONS) {
    const state = plan.navButton(section.id).locator('[data-status]');
    const status = (await state.getAttribute('data-status')).replace('status.', '');
    const text = normalize(await state.innerText());
    assert.equal(text.slice(0, 1), marks[status], `${section.id} (${status}): its mark in "${text}"`);
    assert.equal(text.slice(1).trim(), planContent.word(`status.${status}`), `${section.id}: its word`);
  }
}

describe('the app with reduced motion asked for', () => {
  it('moves nothing, from the loading bar to a case being dragged', TEST_OPTIONS, async (t) => {
    const { page, appUrl, problems } = await openApp(t, server);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    // Holding the app's code back keeps the loading bar on the page.
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    await page.route(/_bg-[0-9a-f]+\.bin$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(appUrl, { waitUntil: 'domcontentloaded' });
    await page.locator('#cl-boot').waitFor();
    await assertStill(page, 'while the app loads');
    release();

    const home = new HomePage(page, appUrl);
    await home.heading().waitFor();
    await assertStill(page, 'the home page');
    const exercise = new ExercisePage(page, appUrl);
    for (const slug of ['aec-quiz', CONSORTIUM, PLAN]) {
      await exercise.open(slug);
      await assertStill(page, `the page of ${slug}`);
    }
    await exercise.open(CASES);
    const cases = new CasesPage(page);
    await cases.begin();
    // A case held by the mouse, mid-drag.
    const from = await cases.centreOf(cases.card());
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + 40, { steps: 4 });
    await eventually(async () => assert.equal(await cases.isDragging(), true));
    await assertStill(page, 'a case being dragged');
    await page.mouse.up();
    problems.assertNone();
  });
});

describe('the app in an LMS frame meets WCAG 2.1 AA (axe-core)', () => {
  it('the quiz in the Moodle-like player', TEST_OPTIONS, async (t) => {
    const { frame, quiz, assertNoProblems } = await openQuiz(t, server, { version: '2004' });
    await quiz.startButton().waitFor();
    await assertAccessible(frame, 'the quiz in the LMS frame');
    await quiz.start('sme');
    await assertAccessible(frame, 'a quiz item in the LMS frame');
    assertNoProblems();
  });
});
