// Shared steps and checks for end-to-end journeys of the cluster-type
// identification exercise (cases.test.mjs standalone, cases-lms.test.mjs in
// the Moodle-like LMS host): sorting cases in any of the four ways a learner
// can, the feedback on each, the results, the stage round, and the exact
// interactions and objectives a run reports.

import assert from 'node:assert/strict';

import { LmsHost } from './lms-host.mjs';
import { CasesContent, CasesPage, STAGE_CODES, TYPE_CODES } from './cases-page.mjs';
import { normalize } from './package-frame.mjs';
import { dbName, openBrowser } from './quiz-journeys.mjs';

export const casesContent = new CasesContent();
export const N_CASES = casesContent.perAttempt;

/** The SCO id and route slug of the exercise. */
export const SCO = 'cluster-types';

/**
 * A watched browser for one test (see `openBrowser`) with the exercise's SCO
 * (`sco=cluster-types`) opened in the LMS host's player, in an iframe:
 * `hostOptions` are the `LmsHost`'s, `db` by default the test's own record.
 * Returns the browser's `{context, page, assertNoProblems}` with the record's
 * `db`, the `host`, the package's `frame` and the `cases` page in it.
 */
export async function openCases(t, server, { db = dbName(t), ...hostOptions }) {
  const browser = await openBrowser(t, server);
  const host = new LmsHost(browser.page, server, { db, sco: SCO, ...hostOptions });
  const frame = await host.open();
  return { ...browser, db, host, frame, cases: new CasesPage(frame) };
}

/**
 * Places the case shown on `type`: `how` is `click` or `tap` (on the
 * target), `mouse` or `touch` (a drag from the card), or `keyboard` (Tab,
 * arrows, Enter; `keyOptions` are `placeByKeyboard`'s).
 */
export async function placeCase(cases, type, how, keyOptions) {
  switch (how) {
    case 'click':
      return cases.clickTarget(type);
    case 'tap':
      return cases.tapTarget(type);
    case 'mouse':
      return cases.dragCaseTo(type);
    case 'touch':
      return cases.dragCaseTo(type, { touch: true });
    case 'keyboard':
      return cases.placeByKeyboard(type, keyOptions);
    default:
      throw new Error(`no way to place a case by "${how}"`);
  }
}

/**
 * The feedback on case `id` placed on `chosen`: the targets are disabled,
 * the chosen and the right one marked, the clue phrases marked in the text,
 * the verdict, why the right type fits and, when wrong, why the chosen one
 * does not (the case's own words for that misreading, else the chosen
 * type's telling question); the live region says where the case went.
 */
export async function assertCaseFeedback(cases, id, chosen) {
  const vignette = casesContent.case(id);
  const right = vignette.structure;
  const correct = chosen === right;
  const states = await cases.targetStates();
  assert.deepEqual(
    states.map((state) => state.type),
    TYPE_CODES,
    'one target per type, in type order',
  );
  for (const state of states) {
    const at = `${id}: the target ${state.type}`;
    assert.equal(state.disabled, true, `${at} is disabled after placing`);
    assert.equal(state.chosen, state.type === chosen, `${at}: chosen`);
    assert.equal(state.right, state.type === right, `${at}: right`);
    assert.equal(state.over, false, `${at}: no drag is over it`);
  }
  assert.deepEqual(await cases.clueMarks(), casesContent.clueMarks(id), `${id}: the clues are marked`);
  const parts = await cases.feedbackParts();
  assert.equal(parts.right, correct, `${id}: the feedback is marked ${correct ? 'right' : 'wrong'}`);
  assert.notEqual(parts.verdict, '', `${id}: a verdict`);
  assert.equal(parts.why, normalize(vignette.why), `${id}: why ${right} fits`);
  const misread = casesContent.misreadText(id, chosen);
  assert.equal(parts.misread, misread === null ? null : normalize(misread), `${id}: why not ${chosen}`);
  const live = normalize(await cases.live().innerText());
  assert.ok(
    live.toLowerCase().includes(casesContent.type(chosen).name.toLowerCase()),
    `${id}: the live region says the case went to ${casesContent.type(chosen).name}: "${live}"`,
  );
  return { correct, ...parts };
}

/**
 * Sorts `count` cases from the one shown, each onto `choose(case, index)`
 * (a type code), placed `how` (see `placeCase`; a function of the index
 * for a mix), checking each case's texts, its one Tab stop and its feedback
 * on the way, and going on after each (`nextBy`: see `CasesPage.next`).
 * Returns the sorted cases in order: `{id, chosen, correct, n, misread}`,
 * `misread` the text shown for a wrong answer (null when right).
 */
export async function sortCases(
  cases,
  count,
  { choose, how = 'click', nextBy = 'click', keyOptions },
) {
  const sorted = [];
  for (let index = 0; index < count; index += 1) {
    const shown = await cases.currentCase();
    const vignette = casesContent.case(shown.id);
    assert.equal(shown.title, normalize(vignette.title), `${shown.id}: title`);
    assert.equal(shown.text, normalize(vignette.text), `${shown.id}: text`);
    assert.equal(await cases.card().count(), 1, `${shown.id}: the unsorted case is the drag source`);
    assert.deepEqual(await cases.clueMarks(), [], `${shown.id}: no clue is marked before placing`);
    const states = await cases.targetStates();
    assert.ok(
      states.every((state) => !state.disabled && !state.chosen && !state.right && !state.over),
      `${shown.id}: the targets wait, none marked: ${JSON.stringify(states)}`,
    );
    assert.equal(
      states.filter((state) => state.tabIndex === 0).length,
      1,
      `${shown.id}: the targets are one Tab stop`,
    );
    const chosen = choose(vignette, index);
    const method = typeof how === 'function' ? how(index) : how;
    const options = typeof keyOptions === 'function' ? keyOptions(index) : keyOptions;
    await placeCase(cases, chosen, method, options);
    const { correct, misread } = await assertCaseFeedback(cases, shown.id, chosen);
    assert.equal(
      normalize(await cases.nextButton().innerText()),
      shown.n < shown.total ? 'Next case' : 'See results',
      `${shown.id}: the button after case ${shown.n} of ${shown.total}`,
    );
    await cases.next({ by: nextBy });
    sorted.push({ id: shown.id, chosen, correct, n: shown.n, misread });
  }
  return sorted;
}

/** Sorts every case of the attempt from the introduction (see `sortCases`). */
export async function sortAllCases(cases, options) {
  await cases.begin();
  assert.deepEqual(await cases.position(), { n: 1, total: N_CASES });
  return sortCases(cases, N_CASES, options);
}

/** The sentence of the confusion words when no type was taken for another. */
export const NO_MIX_UPS = 'You told every type apart.';

/** The verdict sentences of the results. */
export const casesVerdict = {
  passed: (mark) => `Passed: the pass mark is ${mark} %.`,
  failed: (mark) => `Not passed yet: the pass mark is ${mark} %.`,
};

/**
 * The results of an attempt whose cases were `sorted` (every case, in
 * order): the score as a whole percentage, the verdict, every cell of the
 * confusion matrix, sentences on the mix-ups (the most frequent first), the
 * review in case order, the discussion, the stage round on offer, and a
 * retry only when the content allows one. Returns the expected result.
 */
export async function assertResults(cases, sorted, { attempt = 1 } = {}) {
  const result = casesContent.result(sorted);
  assert.equal(await cases.scoreValue(), result.shown, 'the score shown');
  assert.equal(
    normalize(await cases.verdict().innerText()),
    casesVerdict[result.passed ? 'passed' : 'failed'](casesContent.passMark),
    'the verdict',
  );
  const cells = await cases.confusionCells();
  assert.deepEqual(
    cells.map(({ actual, chosen }) => `${actual}|${chosen}`).sort(),
    TYPE_CODES.flatMap((actual) => TYPE_CODES.map((chosen) => `${actual}|${chosen}`)).sort(),
    'one confusion cell per right type and type chosen',
  );
  for (const { actual, chosen, text } of cells) {
    assert.equal(
      text,
      String(casesContent.confusionCount(sorted, actual, chosen)),
      `the confusion cell of ${actual} taken for ${chosen}`,
    );
  }
  const mixUps = casesContent.mixUps(sorted);
  const words = await cases.confusionWords();
  if (mixUps.length === 0) {
    assert.deepEqual(words, [NO_MIX_UPS], 'no mix-up to tell of');
  } else {
    assert.ok(words.length > 0, 'sentences on the mix-ups');
    assert.ok(words.length <= mixUps.length, 'no more sentences than mix-ups');
    words.forEach((sentence, k) => {
      const { actual, chosen } = mixUps[k];
      for (const type of [actual, chosen]) {
        assert.ok(
          sentence.toLowerCase().includes(casesContent.type(type).name.toLowerCase()),
          `mix-up sentence ${k + 1} names ${type} (${actual} taken for ${chosen}): "${sentence}"`,
        );
      }
    });
  }
  assert.deepEqual(await cases.reviewIds(), sorted.map(({ id }) => id), 'the review, in case order');
  await cases.discussionShowButton().waitFor();
  assert.equal(
    await cases.stagesBeginButton().count(),
    casesContent.stageRound ? 1 : 0,
    'the stage round is on offer',
  );
  const retryAllowed =
    attempt < casesContent.maxAttempts && (!result.passed || casesContent.retryAfterPass);
  assert.equal(await cases.retryButton().count(), retryAllowed ? 1 : 0, 'a retry only when allowed');
  return result;
}

/** The cases of the attempt that the stage round asks about, in case order. */
export function stagedCases(sorted) {
  return sorted.filter(({ id }) => casesContent.case(id).stages.length > 0);
}

/**
 * Plays the stage round after the results of `sorted`: each case with a
 * stage, in case order, answered `choose(case, index)` (a stage code) by
 * mouse, or by keyboard when `keyboard`; the feedback names why, and the
 * tally counts the accepted answers. Returns the staged cases in answering
 * order: `{id, chosen, correct}`.
 */
export async function playStageRound(cases, sorted, choose, { keyboard = false } = {}) {
  const expected = stagedCases(sorted);
  if (keyboard) {
    await cases.pressByKeyboard('stages-begin');
    await cases.stageRadios().first().waitFor();
  } else {
    await cases.beginStages();
  }
  const staged = [];
  for (let index = 0; index < expected.length; index += 1) {
    const shown = await cases.currentCase();
    // The stage round's card names its case by its title alone (no `data-case`).
    const vignette = casesContent.caseByTitle(shown.title);
    assert.deepEqual(
      { n: shown.n, total: shown.total, id: vignette.id },
      { n: index + 1, total: expected.length, id: expected[index].id },
      'the stage round asks about the cases with a stage, in case order',
    );
    assert.equal(shown.text, normalize(vignette.text), `${vignette.id}: text`);
    assert.deepEqual(
      await cases.stageRadios().evaluateAll((inputs) => inputs.map((input) => input.value)),
      casesContent.stages.map((stage) => stage.code),
      `${vignette.id}: one option per stage`,
    );
    const chosen = choose(vignette, index);
    let feedback;
    if (keyboard) {
      await cases.checkStageByKeyboard(chosen);
      await cases.pressByKeyboard('stage-submit');
      await cases.stageFeedback().waitFor();
      feedback = normalize(await cases.stageFeedback().innerText());
      await cases.pressByKeyboard('stage-submit');
      if (index + 1 < expected.length) {
        await cases.waitForPosition(index + 2);
      } else {
        await cases.stageTally().waitFor();
      }
    } else {
      feedback = await cases.answerStage(chosen);
    }
    assert.ok(
      feedback.includes(normalize(vignette.stageWhy)),
      `${vignette.id}: the stage feedback says why: "${feedback}"`,
    );
    staged.push({ id: vignette.id, chosen, correct: vignette.stages.includes(chosen) });
  }
  const right = staged.filter((answer) => answer.correct).length;
  const tally = normalize(await cases.stageTally().innerText());
  assert.match(
    tally,
    new RegExp(`\\b${right}\\b.*\\b${staged.length}\\b`),
    `the tally counts ${right} of ${staged.length}`,
  );
  assert.equal(await cases.stagesBeginButton().count(), 0, 'the stage round is played once');
  return staged;
}

/**
 * The interactions a run reports to a `version` LMS (see
 * `assertInteractionList`): one `choice` per sorted case (its id, the type
 * chosen, the right type as the pattern, weighted by difficulty), then one
 * per staged case (`<id>-stage`, weight 0, a pattern only when one stage
 * alone is right). SCORM 1.2 takes only single-character choices, so there
 * each type or stage is the letter of its position (`a` for the first).
 */
export function expectedInteractions(version, sorted, staged = []) {
  const inVersion = (codes) => (ids) =>
    version === '1.2' ? ids.map((id) => String.fromCharCode(97 + codes.indexOf(id))) : ids;
  const types = inVersion(TYPE_CODES);
  const stages = inVersion(STAGE_CODES);
  return [
    ...sorted.map(({ id, chosen }) => {
      const vignette = casesContent.case(id);
      return {
        id,
        type: 'choice',
        response: types([chosen]),
        pattern: types([vignette.structure]),
        result: chosen === vignette.structure ? 'correct' : 'incorrect',
        weighting: vignette.weight,
        description: vignette.title,
      };
    }),
    ...staged.map(({ id, chosen }) => {
      const vignette = casesContent.case(id);
      return {
        id: `${id}-stage`,
        type: 'choice',
        response: stages([chosen]),
        pattern: vignette.stages.length === 1 ? stages(vignette.stages) : undefined,
        result: vignette.stages.includes(chosen) ? 'correct' : 'incorrect',
        weighting: 0,
        description: vignette.title,
      };
    }),
  ];
}

/**
 * The objectives a run reports (see `assertObjectiveList`), one per type in
 * type order: once the attempt is `finished`, the share of that type's
 * cases sorted right, met at the pass mark; before, no score, incomplete.
 */
export function expectedObjectives(sorted, { finished = true } = {}) {
  return casesContent.typeResults(sorted).map((type) => ({
    id: type.id,
    percent: finished ? type.percent : undefined,
    success: finished ? (type.met ? 'passed' : 'failed') : 'unknown',
    completion: finished ? 'completed' : 'incomplete',
    description: type.name,
  }));
}
