// A smoke journey of every exercise in each browser engine learners use:
// Chromium (Chrome on Android), Firefox ESR (Firefox on shared PCs) and
// WebKitGTK (Safari on iPhones), through the engine-neutral driver of
// support/engines.mjs, against the release build in dist/ on its own (no
// LMS). Each journey starts the exercise, answers through the real
// interface, reaches the result, and reloads the page on the way and at the
// end, as a learner on a shared PC does, to find the same place again from
// what the device kept. Every journey fails on any uncaught error or
// console error in its engine.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ENGINES, launchEngine } from '../support/engines.mjs';
import { eventually } from '../support/eventually.mjs';
import { serveBuiltApp } from '../support/server.mjs';
import { casesContent, N_CASES } from './pages/cases-journeys.mjs';
import { CASE_POSITION, CASES } from './pages/cases-page.mjs';
import { consortiumContent } from './pages/consortium-journeys.mjs';
import {
  CONSORTIUM,
  consortiumScreen,
  QUARTER_POSITION,
  SCREEN_MARKS,
} from './pages/consortium-page.mjs';
import { keyboardFocus } from './pages/keyboard.mjs';
import { planContent, PLAN } from './pages/plan-page.mjs';
import {
  answerFor,
  assertFeedback,
  content as quizContent,
  N_ITEMS,
} from './pages/quiz-journeys.mjs';
import { QUIZ, QUIZ_BUTTONS, QUIZ_POSITION, QUIZ_RESULTS_HEADING } from './pages/quiz-page.mjs';

// A browser start and a whole exercise, in an engine slower than Chromium on
// a busy two-core CI machine.
const TEST_OPTIONS = { timeout: 240_000 };

const server = serveBuiltApp();

/** `{n, total}` from the first match of `pattern` in the text of `selector`. */
async function positionIn(driver, selector, pattern) {
  const text = await driver.text(selector);
  const match = pattern.exec(text);
  assert.ok(match, `${driver.name}: "${text}" shows a position`);
  return { n: Number(match[1]), total: Number(match[2]) };
}

// ---- AEC readiness quiz -------------------------------------------------------

const QUIZ_BUTTON = `${QUIZ.section} button`;

/** Where the quiz stands: the item's position and stem. */
async function quizPlace(driver) {
  return {
    ...(await positionIn(driver, QUIZ.section, QUIZ_POSITION)),
    stem: await driver.text(`${QUIZ.item} legend`),
  };
}

/** Answers the item shown (right or wrong) by clicks, checks it, reads the feedback, goes on. */
async function answerQuizItem(driver, correct) {
  const place = await quizPlace(driver);
  const item = quizContent.itemByStem(place.stem);
  for (const id of answerFor(item, correct)) {
    await driver.click(`${QUIZ.item} input[value="${id}"]`);
  }
  await driver.click(QUIZ_BUTTON, { text: QUIZ_BUTTONS.check });
  assertFeedback(await driver.text(QUIZ.feedback), item, correct);
  await driver.click(QUIZ_BUTTON, { text: QUIZ_BUTTONS.next });
  await eventually(async () => assert.equal((await quizPlace(driver)).n, place.n + 1));
}

/**
 * Answers every item left with its first option, by clicks in the page
 * (each waits for its feedback and the next item), up to the
 * self-assessment. Runs in the page.
 */
async function answerRestInPage({ selectors, buttons }) {
  const settled = async (ready) => {
    for (let tries = 0; tries < 400; tries += 1) {
      const value = ready();
      if (value) return value;
      await new Promise((resolveDelay) => setTimeout(resolveDelay, 25));
    }
    throw new Error('the quiz did not move on');
  };
  const button = (name) =>
    [...document.querySelectorAll(`${selectors.section} button`)].find(
      (element) => element.textContent.trim() === name && !element.disabled,
    );
  let answered = 0;
  while (document.querySelector(selectors.item) !== null) {
    document.querySelector(`${selectors.item} input`).click();
    (await settled(() => button(buttons.check))).click();
    await settled(() => document.querySelector(selectors.feedback));
    (await settled(() => button(buttons.next) ?? button(buttons.toSelfAssessment))).click();
    await settled(() => document.querySelector(selectors.feedback) === null);
    answered += 1;
  }
  return answered;
}

async function quizJourney(driver) {
  await driver.goto(`${server.rootUrl}#/aec-quiz`);
  await driver.click(`${QUIZ.audience}[value="sme"]`);
  await driver.click(QUIZ_BUTTON, { text: QUIZ_BUTTONS.start });
  assert.equal((await quizPlace(driver)).n, 1, 'the first item');
  await answerQuizItem(driver, true);
  await answerQuizItem(driver, false);

  const before = await quizPlace(driver);
  await driver.reload();
  assert.deepEqual(await quizPlace(driver), before, 'after a reload, the same item again');
  assert.equal(before.total, N_ITEMS);

  const answered = await driver.evaluate(answerRestInPage, {
    selectors: { section: QUIZ.section, item: QUIZ.item, feedback: QUIZ.feedback },
    buttons: QUIZ_BUTTONS,
  });
  assert.equal(answered, N_ITEMS - 2, 'every item left was answered');
  await driver.waitFor(QUIZ.statement);
  await driver.evaluate((statement) => {
    for (const fieldset of document.querySelectorAll(statement)) {
      // "Agree", the fourth of five.
      fieldset.querySelectorAll('input[type="radio"]')[3].click();
    }
  }, QUIZ.statement);
  await driver.click(QUIZ_BUTTON, { text: QUIZ_BUTTONS.finish });
  const result = `${QUIZ.section} h2`;
  await driver.waitFor(result, { text: QUIZ_RESULTS_HEADING });
  const profile = await driver.text(QUIZ.section);
  assert.match(profile, /Knowledge score: \d+ of 100/);
  await driver.reload();
  await driver.waitFor(result, { text: QUIZ_RESULTS_HEADING });
  assert.equal(await driver.text(QUIZ.section), profile, 'after a reload, the same profile');
}

// ---- Cluster-type identification ----------------------------------------------

/** The position and id of the case shown. */
async function casePlace(driver) {
  return {
    ...(await positionIn(driver, CASES.progress, CASE_POSITION)),
    id: await driver.evaluate((sel) => document.querySelector(sel).dataset.case, CASES.case),
  };
}

/** The types of the targets in order, and the type of the focused one (or null). */
async function targetFocus(driver) {
  return driver.evaluate((target) => {
    const targets = [...document.querySelectorAll(target)];
    const active = document.activeElement;
    return {
      order: targets.map((button) => button.dataset.type),
      focused: targets.includes(active) ? active.dataset.type : null,
    };
  }, CASES.target);
}

/** Sorts the case shown onto `type` by keyboard: Tab to the targets' one stop, arrows, Enter. */
async function placeByKeyboard(driver, type) {
  await keyboardFocus(driver, driver, CASES.target, 'the type targets');
  for (let presses = 0; presses <= 5; presses += 1) {
    const { order, focused } = await targetFocus(driver);
    assert.notEqual(focused, null, `${driver.name}: the arrow keys keep the focus on the targets`);
    if (focused === type) {
      await driver.press('Enter');
      return;
    }
    await driver.press(order.indexOf(focused) < order.indexOf(type) ? 'ArrowRight' : 'ArrowLeft');
  }
  assert.fail(`${driver.name}: the arrow keys never reached ${type}`);
}

/** Sees the case's feedback say it was sorted right, then goes on. */
async function rightAndNext(driver, place) {
  await driver.waitFor(CASES.feedback);
  assert.equal(
    await driver.evaluate(
      (sel) => document.querySelector(sel).classList.contains('cl-case-feedback--right'),
      CASES.feedback,
    ),
    true,
    `${driver.name}: case ${place.id} was sorted right`,
  );
  await driver.click(CASES.next);
  if (place.n < place.total) {
    await eventually(async () => {
      assert.equal((await casePlace(driver)).n, place.n + 1);
      const feedback = await driver.evaluate((sel) => document.querySelector(sel), CASES.feedback);
      assert.equal(feedback, null, 'the next case has no feedback yet');
    });
  }
}

async function casesJourney(driver) {
  await driver.goto(`${server.rootUrl}#/cluster-types`);
  await driver.click(CASES.begin);
  await driver.waitFor(CASES.case);
  const first = await casePlace(driver);
  assert.equal(first.n, 1);
  assert.equal(first.total, N_CASES);
  await placeByKeyboard(driver, casesContent.case(first.id).structure);
  await rightAndNext(driver, first);

  const before = await casePlace(driver);
  await driver.reload();
  await driver.waitFor(CASES.case);
  assert.deepEqual(await casePlace(driver), before, 'after a reload, the same case again');

  for (let n = before.n; n < before.total; n += 1) {
    const place = await casePlace(driver);
    const right = casesContent.case(place.id).structure;
    await driver.click(`${CASES.target}[data-type="${right}"]:enabled`);
    await rightAndNext(driver, place);
  }
  // The last case, and "See results" at once, before the next frame: the
  // case's step goes while what it asked of that frame is still to come.
  const last = await casePlace(driver);
  await driver.evaluate(
    async ({ target, next }) => {
      document.querySelector(target).click();
      await new Promise((resolveTask) => setTimeout(resolveTask));
      document.querySelector(next).click();
    },
    {
      target: `${CASES.target}[data-type="${casesContent.case(last.id).structure}"]`,
      next: CASES.next,
    },
  );
  const score = await driver.text(CASES.score);
  assert.match(score, /100 %/, 'every case right');
  await driver.reload();
  assert.equal(await driver.text(CASES.score), score, 'after a reload, the same result');
}

// ---- Export-consortium simulation ---------------------------------------------

/** Ticks or unticks the box matching `selector` by a click, as it needs. */
async function setBox(driver, selector, on) {
  await driver.waitFor(selector);
  if ((await driver.evaluate((sel) => document.querySelector(sel).checked, selector)) !== on) {
    await driver.click(selector);
  }
}

/** How many decision effects the timeline shows. */
async function effectCount(driver) {
  return driver.evaluate(
    () => document.querySelectorAll('li.cl-event[data-happening="effect"]').length,
  );
}

async function consortiumJourney(driver) {
  await driver.goto(`${server.rootUrl}#/consortium-sim`);
  const { formation, plans } = consortiumContent.good;
  for (const id of formation.members) {
    await setBox(driver, CONSORTIUM.firmBox(id), true);
  }
  const groups = ['type', 'entry-fee', 'quarterly-fee', 'leads', 'decisions', 'coordinator', 'funding'];
  for (const group of groups) {
    await driver.click(CONSORTIUM.choice(group, formation[group.replace('-', '_')]));
  }
  await setBox(driver, CONSORTIUM.statute('charter'), formation.charter);
  await setBox(driver, CONSORTIUM.statute('sanctions'), formation.sanctions);
  await driver.click(CONSORTIUM.found);
  await driver.waitFor(CONSORTIUM.quarter);

  let resumed = false;
  for (;;) {
    const screen = await driver.evaluate(consortiumScreen, SCREEN_MARKS);
    if (screen === 'debrief') {
      break;
    }
    const { n, total } = await positionIn(driver, CONSORTIUM.quarter, QUARTER_POSITION);
    if (screen === 'deciding') {
      const effects = await effectCount(driver);
      await driver.click(`${CONSORTIUM.decision} input`);
      await driver.click(CONSORTIUM.decide);
      await eventually(async () => assert.equal(await effectCount(driver), effects + 1));
      continue;
    }
    assert.equal(screen, 'planning', `${driver.name}: a quarter, a decision or the debrief`);
    assert.equal(total, consortiumContent.quarters);
    if (n === 3 && !resumed) {
      await driver.reload();
      await driver.waitFor(CONSORTIUM.plan);
      assert.deepEqual(
        await positionIn(driver, CONSORTIUM.quarter, QUARTER_POSITION),
        { n, total },
        'after a reload, the same quarter again',
      );
      await driver.waitFor(CONSORTIUM.timelineQuarter(n - 1));
      resumed = true;
    }
    for (const kind of plans[n - 1]) {
      await setBox(driver, CONSORTIUM.choice('plan', kind), true);
    }
    await driver.click(CONSORTIUM.play);
    await driver.waitFor(CONSORTIUM.timelineQuarter(n));
  }
  assert.ok(resumed, 'the run was resumed at quarter 3');
  const score = await driver.text(CONSORTIUM.score);
  assert.equal(consortiumContent.scoreShown(score) >= consortiumContent.passMark, true, score);
  await driver.reload();
  assert.equal(await driver.text(CONSORTIUM.score), score, 'after a reload, the same debrief');
}

// ---- Cluster development plan builder ------------------------------------------

async function planJourney(driver) {
  await driver.goto(`${server.rootUrl}#/cluster-plan`);
  const written = 'Luang Prabang weaving villages, Laos';
  await driver.fill(PLAN.field('location'), written);
  // Leaving the field reports the edit at once.
  await driver.press('Tab');
  await driver.waitFor(PLAN.saving, { text: planContent.word('all-saved') });
  await driver.reload();
  await driver.waitFor(PLAN.field('location'));
  await eventually(async () =>
    assert.equal(
      await driver.evaluate((sel) => document.querySelector(sel).value, PLAN.field('location')),
      written,
      'after a reload, the field keeps what was written',
    ),
  );
  await driver.click(PLAN.nav('document'));
  assert.equal(await driver.text(PLAN.documentField('location')), written, 'the plan shows it');
  await driver.click(PLAN.nav('rubric'));
  await driver.waitFor(PLAN.rubricTotal);
}

const JOURNEYS = {
  'aec-quiz': quizJourney,
  'cluster-types': casesJourney,
  'consortium-sim': consortiumJourney,
  'cluster-plan': planJourney,
};

for (const engine of ENGINES) {
  describe(`in ${engine}`, () => {
    it('a page error or a console error fails the journey', TEST_OPTIONS, async (t) => {
      const driver = await launchEngine(engine);
      t.after(() => driver.close());
      await driver.goto(`${server.rootUrl}#/`);
      await driver.waitFor('h1');
      await driver.evaluate(() => {
        console.error('a console error');
        setTimeout(() => {
          throw new Error('an uncaught error');
        });
      });
      await eventually(async () => {
        const problems = (await driver.problems()).join('\n');
        assert.match(problems, /console error: a console error/);
        assert.match(problems, /page error: .*an uncaught error/);
      });
      await assert.rejects(driver.assertNoProblems(), /an uncaught error/);
    });

    for (const [slug, journey] of Object.entries(JOURNEYS)) {
      const name = `${slug}: start, answer, result, and the same place after a reload`;
      it(name, TEST_OPTIONS, async (t) => {
        const driver = await launchEngine(engine);
        t.after(() => driver.close());
        await journey(driver);
        await driver.assertNoProblems();
      });
    }
  });
}
