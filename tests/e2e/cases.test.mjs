// End-to-end tests of the cluster-type identification exercise on its own
// (`#/cluster-types`, no LMS), in headless Chromium against the release
// build in dist/, served under Moodle's deep package path: each case sorted
// by a mouse drag, a finger on a touch screen, or the keyboard alone, with
// the feedback, the results, the confusion matrix and the stage round; and a
// drop outside every target, which changes nothing.
//
// Each attempt draws its cases at random, so the tests read which case is
// shown from the page and look its answer up in the content. Every test
// fails on any console error, uncaught exception, failed request or HTTP
// error response.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { eventually } from '../support/eventually.mjs';
import { serveBuiltApp } from '../support/server.mjs';
import {
  assertResults,
  casesContent,
  N_CASES,
  playStageRound,
  SCO,
  sortAllCases,
  sortCases,
} from './pages/cases-journeys.mjs';
import { CasesPage, STAGE_CODES, TYPE_CODES } from './pages/cases-page.mjs';
import { openExercise } from './pages/exercise-page.mjs';
import { assertFocusOn } from './pages/keyboard.mjs';
import { deviceStorage } from './pages/quiz-journeys.mjs';
import { normalize, SAVE_MESSAGES } from './pages/package-frame.mjs';

// Eight cases, each dragged with checks on the way; generous for a busy
// two-core CI machine.
const TEST_OPTIONS = { timeout: 180_000 };

const server = serveBuiltApp();

/** A fresh browser on the exercise's page (see `openExercise`), as `{page, cases, problems}`. */
async function openCases(t, options) {
  const { page, exercise: cases, problems } = await openExercise(t, server, SCO, CasesPage, options);
  return { page, cases, problems };
}

/** The right type of a case. */
const rightType = (vignette) => vignette.structure;

/**
 * The scripted mix-ups: every hub-and-spoke case put on satellite platform,
 * every Marshallian district on hub-and-spoke, and the state-anchored case
 * (there is one, so it is in every draw) on satellite platform, a misreading
 * the case explains in its own words; the others right.
 */
const MIX_UPS = {
  'hub-and-spoke': 'satellite-platform',
  marshallian: 'hub-and-spoke',
  'state-anchored': 'satellite-platform',
};

describe('cluster-type identification without an LMS', () => {
  it('is completed by dragging every case with the mouse, all right', TEST_OPTIONS, async (t) => {
    const { cases, problems } = await openCases(t);
    assert.equal(normalize(await cases.rule().innerText()), normalize(casesContent.rule));

    const sorted = await sortAllCases(cases, { choose: rightType, how: 'mouse' });

    assert.equal(new Set(sorted.map(({ id }) => id)).size, N_CASES, 'eight different cases');
    assert.deepEqual(
      [...new Set(sorted.map(({ id }) => casesContent.case(id).structure))].sort(),
      [...TYPE_CODES].sort(),
      'every type is drawn at least once',
    );
    for (const type of TYPE_CODES) {
      const drawn = sorted.filter(({ id }) => casesContent.case(id).structure === type).length;
      assert.ok(drawn <= casesContent.maxPerType, `${drawn} ${type} cases, at most the cap`);
    }
    assert.ok(sorted.every(({ correct }) => correct));
    const result = await assertResults(cases, sorted);
    assert.deepEqual([result.shown, result.percent, result.passed], [100, 100, true]);
    await cases.waitForSaveState(SAVE_MESSAGES.standalone);
    problems.assertNone();
  });

  it('is completed by touch, and the results show the mix-ups', TEST_OPTIONS, async (t) => {
    const { cases, problems } = await openCases(t, { hasTouch: true });
    assert.equal(
      await cases.page.evaluate(() => navigator.maxTouchPoints > 0),
      true,
      'the browser has a touch screen',
    );
    // The kind of every press on a case card.
    await cases.page.evaluate(() => {
      window.cardPresses = [];
      document.addEventListener(
        'pointerdown',
        (event) => event.target.closest('article.cl-case') && cardPresses.push(event.pointerType),
        true,
      );
    });

    const sorted = await sortAllCases(cases, {
      choose: (vignette) => MIX_UPS[vignette.structure] ?? vignette.structure,
      how: 'touch',
      nextBy: 'tap',
    });
    assert.deepEqual(
      await cases.page.evaluate(() => window.cardPresses),
      Array(N_CASES).fill('touch'),
      'each case was dragged by a finger: one touch press per card',
    );

    // The state-anchored case's own explanation of the misreading was shown.
    const typeOf = (id) => casesContent.case(id).structure;
    const stateAnchored = sorted.filter(({ id }) => typeOf(id) === 'state-anchored');
    assert.equal(stateAnchored.length, 1, 'the one state-anchored case is drawn');
    assert.ok(casesContent.hasOwnMisread(stateAnchored[0].id, 'satellite-platform'));
    assert.equal(
      stateAnchored[0].misread,
      normalize(casesContent.case(stateAnchored[0].id).misreads['satellite-platform']),
      'the case explains this misreading in its own words',
    );
    for (const { id, chosen, misread } of sorted.filter(({ correct }) => !correct)) {
      const own = casesContent.hasOwnMisread(id, chosen);
      assert.equal(
        misread,
        normalize(own ? casesContent.case(id).misreads[chosen] : casesContent.type(chosen).test),
        `${id} put on ${chosen}: ${own ? 'its own words' : "the type's telling question"}`,
      );
    }

    await assertResults(cases, sorted);
    const count = (type) => sorted.filter(({ id }) => typeOf(id) === type).length;
    const cells = new Map(
      (await cases.confusionCells()).map((cell) => [`${cell.actual}|${cell.chosen}`, cell.text]),
    );
    for (const [actual, chosen] of Object.entries(MIX_UPS)) {
      assert.ok(count(actual) >= 1, `a ${actual} case is drawn`);
      assert.equal(
        cells.get(`${actual}|${chosen}`),
        String(count(actual)),
        `${actual} taken for ${chosen}`,
      );
      assert.equal(cells.get(`${actual}|${actual}`), '0', `no ${actual} case is right`);
    }
    for (const type of ['satellite-platform', 'not-a-cluster']) {
      assert.equal(cells.get(`${type}|${type}`), String(count(type)), `every ${type} case is right`);
    }
    // The most frequent mix-up is told of first, in words that name both types.
    const [top] = casesContent.mixUps(sorted);
    const [first] = (await cases.confusionWords()).map((sentence) => sentence.toLowerCase());
    assert.ok(top.actual in MIX_UPS && MIX_UPS[top.actual] === top.chosen, 'a scripted mix-up');
    for (const code of [top.actual, top.chosen]) {
      assert.ok(first.includes(casesContent.type(code).name.toLowerCase()), `the words name ${code}`);
    }
    await cases.waitForSaveState(SAVE_MESSAGES.standalone);
    problems.assertNone();
  });

  it('can be completed with the keyboard alone, stage round included', TEST_OPTIONS, async (t) => {
    const { page, cases, problems } = await openCases(t);
    // Counts every press of a mouse, pen or finger in the document.
    await page.evaluate(() => {
      window.pointerPresses = 0;
      document.addEventListener('pointerdown', () => (window.pointerPresses += 1), true);
    });

    await cases.pressByKeyboard('cases-begin');
    await cases.caseArticle().waitFor();
    // The button went away with the introduction; the first case has the focus.
    await assertFocusOn(page, '[data-testid="case-card"]', 'the first case');

    // A type's definition, opened and closed from the keyboard.
    const type = casesContent.type('state-anchored');
    await cases.keyboardFocus(`button.cl-type__info[data-type="${type.code}"]`, 'the info button');
    assert.equal(await cases.infoOpensPopover(type.code), true, 'the info button opens it');
    assert.equal(await cases.isPopoverOpen(type.code), false);
    await page.keyboard.press('Enter');
    await eventually(async () => assert.equal(await cases.isPopoverOpen(type.code), true));
    const popover = normalize(await cases.popover(type.code).innerText());
    assert.ok(popover.includes(type.name), `the pop-over names the type: "${popover}"`);
    assert.ok(popover.includes(normalize(type.definition)), 'the pop-over defines the type');
    await page.keyboard.press('Escape');
    await eventually(async () => assert.equal(await cases.isPopoverOpen(type.code), false));

    // Every way through the targets: Left and Right, Up and Down, Home and
    // End, Enter and Space; the third case wrong.
    const sorted = await sortCases(cases, N_CASES, {
      choose: (vignette, index) =>
        index === 2 ? casesContent.wrongType(vignette.id) : vignette.structure,
      how: 'keyboard',
      nextBy: 'keyboard',
      keyOptions: (index) => ({
        key: index % 2 === 0 ? 'Enter' : 'Space',
        axis: index % 4 < 2 ? 'horizontal' : 'vertical',
        homeEnd: index % 3 !== 0,
      }),
    });
    await assertResults(cases, sorted);

    await cases.pressByKeyboard('discussion-show');
    await eventually(async () =>
      assert.ok(
        normalize(await cases.discussion().innerText()).includes(
          normalize(casesContent.discussion.discussion),
        ),
        'the discussion of both readings is shown',
      ),
    );
    const readings = casesContent.discussion.defensible.map(
      (code) => casesContent.types.find((type) => type.code === code).name,
    );
    assert.ok(
      normalize(await cases.discussion().innerText()).includes(
        `Readings you can defend: ${readings.join(' / ')}.`,
      ),
      'the readings the content calls defensible are named',
    );

    // The stage round: the second case's stage wrong, the others right.
    const staged = await playStageRound(
      cases,
      sorted,
      (vignette, index) =>
        index === 1
          ? STAGE_CODES.find((stage) => !vignette.stages.includes(stage))
          : vignette.stages[0],
      { keyboard: true },
    );
    assert.equal(staged.filter(({ correct }) => !correct).length, 1);

    assert.equal(await page.evaluate(() => window.pointerPresses), 0, 'no pointer was used');
    await cases.waitForSaveState(SAVE_MESSAGES.standalone);
    problems.assertNone();
  });

  it('changes nothing when a case is dropped outside every target', TEST_OPTIONS, async (t) => {
    const { page, cases, problems } = await openCases(t, { hasTouch: true });
    await cases.begin();
    const shown = await cases.currentCase();
    const stored = await deviceStorage(page);
    const unchanged = async (what) => {
      assert.equal(await cases.feedback().count(), 0, `${what}: no feedback`);
      assert.deepEqual(await cases.currentCase(), shown, `${what}: the same case, still first`);
      assert.equal(await cases.card().count(), 1, `${what}: still the drag source`);
      assert.equal(await cases.isDragging(), false, `${what}: no longer dragged`);
      assert.deepEqual(await cases.clueMarks(), [], `${what}: no clue marked`);
      for (const state of await cases.targetStates()) {
        assert.deepEqual(
          [state.disabled, state.over, state.chosen, state.right],
          [false, false, false, false],
          `${what}: the target ${state.type} waits, unmarked`,
        );
      }
      assert.deepEqual(await deviceStorage(page), stored, `${what}: nothing saved`);
    };

    // Over a target on the way, then released away from every target.
    const right = casesContent.case(shown.id).structure;
    const other = TYPE_CODES.find((type) => type !== right);
    await cases.bringIntoView();
    await cases.drag(await cases.pointOffTargets(), { via: other, over: null });
    await unchanged('after a mouse drop outside');
    await cases.bringIntoView();
    await cases.drag(await cases.pointOffTargets(), { touch: true, via: other, over: null });
    await unchanged('after a touch drop outside');

    // The case can still be placed, and counts as placed once.
    const [placed] = await sortCases(cases, 1, { choose: (v) => v.structure, how: 'mouse' });
    assert.deepEqual([placed.id, placed.correct], [shown.id, true]);
    await cases.waitForPosition(2);
    problems.assertNone();
  });
});
