// End-to-end tests of the LMS contract against a real SCORM run-time: the
// AEC readiness quiz in a Moodle-like player (tests/lms-host/) that installs
// scorm-again as `window.API` (SCORM 1.2) or `window.API_1484_11` (SCORM
// 2004) and loads the package in an iframe from Moodle's deep
// `pluginfile.php` path.
//
// What the LMS "stores" is what the run-time held at the last successful
// Commit or Finish; a relaunch gets it back as Moodle hands it over. The
// tests read the stored data after the page is closed, as a gradebook would.
//
// Every test fails on any console error, uncaught exception, failed request
// or HTTP error response, in the player, the package or any window it opens.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { eventually } from '../support/eventually.mjs';
import { serveBuiltApp } from '../support/server.mjs';
import {
  interactionsOf,
  LmsHost,
  objectivesOf,
  pendingKey,
  pendingWrites,
  readLmsRecord,
  SCORM,
  seedLmsRecord,
} from './pages/lms-host.mjs';
import {
  answerItems,
  assertDimensionObjectives,
  assertFeedback,
  assertInteractions,
  assertNoScore,
  assertScore,
  assertSessionEnded,
  assertSuspendData,
  attemptedWrites,
  closePage,
  content,
  dbName,
  ERROR_CALLS,
  eventuallyStored,
  finishedStatuses,
  fullRun,
  N_ITEMS,
  N_STATEMENTS,
  openBrowser,
  openQuiz,
  statusesOf,
  verdict,
} from './pages/quiz-journeys.mjs';
import { assertFocusOn } from './pages/keyboard.mjs';
import { AUDIENCE_LABELS, normalize, QuizPage, SAVE_MESSAGES } from './pages/quiz-page.mjs';

const VERSIONS = ['1.2', '2004'];

// A full run answers 28 items and rates 11 statements, each reported to the
// LMS at once; generous for a busy two-core CI machine.
const TEST_OPTIONS = { timeout: 300_000 };

const server = serveBuiltApp();

/** SCORM 1.2 timespans as hundredths, since the run-time drops trailing zeros. */
function comparable(value) {
  const timespan = /^(\d{2,4}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value ?? '');
  if (timespan) {
    const [, hours, minutes, seconds] = timespan;
    return `timespan ${Math.round((Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds)) * 100)}`;
  }
  return value;
}

/** Every value the app tried to write, faulted or not, is what the LMS stored. */
function assertEveryWriteArrived(stored, calls) {
  const writes = attemptedWrites(calls);
  assert.ok(writes.size > 0, 'the app wrote something');
  for (const [element, value] of writes) {
    assert.equal(comparable(stored[element]), comparable(value), `the LMS stored ${element}`);
  }
}

for (const version of VERSIONS) {
  const v = SCORM[version];

  describe(`the quiz in a SCORM ${version} player`, () => {
    it('resumes at the same item after the page is closed mid-quiz', TEST_OPTIONS, async (t) => {
      const first = await openQuiz(t, server, { version });
      const { db, host, quiz } = first;
      await quiz.waitForSaveState(SAVE_MESSAGES.saved);

      const live = await host.liveCmi();
      assert.equal(live[v.status], 'incomplete', 'a first launch marks the SCO incomplete');

      await quiz.start('sme');
      assert.deepEqual(await quiz.position(), { n: 1, total: N_ITEMS });
      const answered = await answerItems(quiz, 3, (item) => item.key);
      const fourth = await quiz.currentItem();
      assert.equal(fourth.n, 4);
      await quiz.waitForSaveState(SAVE_MESSAGES.saved);

      // Committed as the learner goes, before any exit.
      const committed = (await readLmsRecord(first.page, server, db)).stored;
      assert.deepEqual(
        interactionsOf(committed, version).map((interaction) => interaction.id),
        answered.map((a) => a.item.id),
        'each answered item is committed at once',
      );
      assert.equal(committed[v.status], 'incomplete');
      assertSuspendData(committed);
      if (version === '1.2') {
        assert.deepEqual(
          objectivesOf(committed).map((objective) => [objective.id, objective.status]),
          content.dimensions.map((dimension) => [dimension.id, 'incomplete']),
          'SCORM 1.2 objectives stay incomplete until the quiz is finished',
        );
      }

      await closePage(first.page);
      const reader = await first.context.newPage();
      const record = await readLmsRecord(reader, server, db);
      assertSessionEnded(record, version, 0, 'suspend');
      assert.equal(record.stored[v.status], 'incomplete', 'an unfinished quiz stays incomplete');
      assertNoScore(record.stored, version);
      assertSuspendData(record.stored);
      first.assertNoProblems();

      // Another device: only the LMS knows where the learner was.
      const second = await openBrowser(t, server);
      await seedLmsRecord(second.page, server, db, record.stored);
      const relaunched = new LmsHost(second.page, server, { version, db });
      const resumed = new QuizPage(await relaunched.open());
      const lms = await readLmsRecord(second.page, server, db);
      assert.equal(lms.sessions.at(-1).entry, 'resume', 'the LMS hands over a suspended session');
      await resumed.itemFieldset().waitFor();
      const shown = await resumed.currentItem();
      assert.deepEqual(
        { n: shown.n, total: shown.total, stem: shown.stem },
        { n: 4, total: N_ITEMS, stem: fourth.stem },
        'the same item, after the same three',
      );
      assert.deepEqual(
        shown.options.map((option) => option.value),
        fourth.options.map((option) => option.value),
        'the same option order',
      );
      await resumed.waitForSaveState(SAVE_MESSAGES.saved);
      const calls = await relaunched.calls();
      assert.equal(
        calls.filter((call) => call.method === 'SetValue' && call.args[0] === v.status).length,
        0,
        'a resumed session does not restart the status',
      );

      // The next answer continues the record where it stopped.
      const [next] = await answerItems(resumed, 1, (item) => item.key);
      await resumed.waitForSaveState(SAVE_MESSAGES.saved);
      const continued = await eventuallyStored(second.page, server, db, (record) =>
        assert.equal(interactionsOf(record.stored, version).length, 4),
      );
      assert.deepEqual(
        interactionsOf(continued.stored, version).map((interaction) => interaction.id),
        [...answered, next].map((a) => a.item.id),
      );
      second.assertNoProblems();
    });

    it('ends the session once on pagehide and calls nothing after', TEST_OPTIONS, async (t) => {
      const { db, page, context, assertNoProblems, host, quiz } = await openQuiz(t, server, { version });
      await quiz.start('sme');
      await answerItems(quiz, 1, (item) => item.key);
      await quiz.waitForSaveState(SAVE_MESSAGES.saved);

      await closePage(page);
      const record = await readLmsRecord(await context.newPage(), server, db);
      assertSessionEnded(record, version, 0, 'suspend');
      const calls = record.calls[0].map((call) => call.method);
      assert.equal(calls[0], 'Initialize', 'the first call is Initialize');
      const finish = calls.indexOf('Finish');
      const afterFinish = calls
        .slice(finish + 1)
        .filter((method) => !ERROR_CALLS.includes(method));
      assert.deepEqual(afterFinish, [], `no call after ${version === '1.2' ? 'LMSFinish' : 'Terminate'}`);
      assertNoProblems();
    });

    it('reports exact values when every answer is right', TEST_OPTIONS, async (t) => {
      const { db, page, context, assertNoProblems, host, quiz } = await openQuiz(t, server, { version });
      await quiz.start('sme');
      const run = await fullRun(quiz, { correct: () => true, rating: 5 });

      assert.equal(await quiz.scoreValue(), 100);
      assert.equal((await quiz.verdict().innerText()).trim(), verdict.passed(content.passMark));
      await quiz.chart().waitFor();
      await quiz.reviewHeading().waitFor();
      const rows = await quiz.profileRows();
      await quiz.waitForSaveState(SAVE_MESSAGES.saved);
      const live = await host.liveCmi();
      assert.deepEqual(statusesOf(live, version), finishedStatuses(version, true));

      await closePage(page);
      const record = await readLmsRecord(await context.newPage(), server, db);
      const stored = record.stored;
      assert.deepEqual(statusesOf(stored, version), finishedStatuses(version, true));
      assertScore(stored, version, 100);
      assertInteractions(stored, version, { ...run, rating: 5 });
      assertDimensionObjectives(stored, version, rows, { expectedReadiness: 100 });
      assertSuspendData(stored);
      assertSessionEnded(record, version, 0, v.exitWhenDone);
      assertNoProblems();

      if (version === '1.2') {
        // Moodle hands a finished SCORM 1.2 attempt back in full: the
        // learner sees the profile again, and the result stays as it was.
        const again = await openBrowser(t, server);
        await seedLmsRecord(again.page, server, db, stored);
        const relaunched = new LmsHost(again.page, server, { version, db });
        const review = new QuizPage(await relaunched.open());
        const lms = await readLmsRecord(again.page, server, db);
        assert.equal(lms.sessions.at(-1).entry, '', 'entry after a logout');
        await review.resultsHeading().waitFor();
        assert.equal(await review.scoreValue(), 100);
        await review.waitForSaveState(SAVE_MESSAGES.review);
        await closePage(again.page);
        const afterReview = await readLmsRecord(await again.context.newPage(), server, db);
        assert.deepEqual(statusesOf(afterReview.stored, version), finishedStatuses(version, true));
        assertScore(afterReview.stored, version, 100);
        assert.equal(interactionsOf(afterReview.stored, version).length, N_ITEMS + N_STATEMENTS);
        again.assertNoProblems();
        assert.equal(afterReview.stored['cmi.core.exit'], 'logout', 'the quiz is still finished');
      }
    });

    it('reports exact values when every answer is wrong', TEST_OPTIONS, async (t) => {
      const { db, page, context, assertNoProblems, host, quiz } = await openQuiz(t, server, { version });
      await quiz.start('sme');
      const run = await fullRun(quiz, { correct: () => false, rating: 1 });

      assert.equal(await quiz.scoreValue(), 0);
      assert.equal((await quiz.verdict().innerText()).trim(), verdict.failed(content.passMark));
      await quiz.retryButton().waitFor();
      const rows = await quiz.profileRows();
      await quiz.waitForSaveState(SAVE_MESSAGES.saved);

      await closePage(page);
      const record = await readLmsRecord(await context.newPage(), server, db);
      const stored = record.stored;
      assert.deepEqual(statusesOf(stored, version), finishedStatuses(version, false));
      assertScore(stored, version, 0);
      assertInteractions(stored, version, { ...run, rating: 1 });
      assertDimensionObjectives(stored, version, rows, { expectedReadiness: 0 });
      assertSuspendData(stored);
      assertSessionEnded(record, version, 0, v.exitWhenDone);
      assertNoProblems();
    });

    for (const fault of [
      {
        name: 'SetValue returns "false"',
        // 101 is a general failure, worth retrying; data-model refusals are
        // skipped instead (see moodle.test.mjs).
        faults: [{ method: 'SetValue', mode: 'false', code: '101' }],
      },
      {
        name: 'Commit returns "true" with a non-zero error',
        faults: [
          { method: 'Commit', mode: 'true-with-error', code: version === '1.2' ? '101' : '391' },
        ],
      },
    ]) {
      it(`loses nothing while ${fault.name}, and says so`, TEST_OPTIONS, async (t) => {
        const { db, page, assertNoProblems, host, frame, quiz } = await openQuiz(t, server, { version });
        await quiz.start('sme');
        const answered = await answerItems(quiz, 1, (item) => item.key);
        await quiz.waitForSaveState(SAVE_MESSAGES.saved);

        await host.setFaults(fault.faults);
        const failedFrom = Date.now();
        answered.push(...(await answerItems(quiz, 2, (item) => item.key)));
        await quiz.waitForSaveState(SAVE_MESSAGES.retrying);
        assert.equal(await quiz.saveState().getAttribute('role'), 'status');
        const pending = await pendingWrites(frame, 'aec-quiz', { version });
        for (const n of [1, 2]) {
          assert.ok(
            pending.some(
              (write) =>
                write.element === `cmi.interactions.${n}.id` && write.value === answered[n].item.id,
            ),
            `the write of interaction ${n} waits in localStorage under ${pendingKey('aec-quiz', { version })}`,
          );
        }
        const before = (await readLmsRecord(page, server, db)).stored;
        assert.equal(
          interactionsOf(before, version).length,
          1,
          'the LMS has not stored the answers given while it failed',
        );

        // The learner does nothing more; the app keeps trying on its own,
        // without hammering the LMS.
        const quietFrom = Date.now();
        const tries = await eventually(
          async () => {
            const at = (await host.calls())
              .filter((call) => call.fault !== undefined && call.at > quietFrom)
              .map((call) => call.at);
            assert.ok(at.length >= 2, `two failed retries after the last answer: ${at}`);
            return at;
          },
          { timeout: 30_000, interval: 250 },
        );
        assert.ok(
          tries[1] - tries[0] >= 900 && tries[1] - tries[0] <= 60_000,
          `a retry waits between 1 s and 60 s after the previous one: ${tries[1] - tries[0]} ms`,
        );
        assert.ok(failedFrom < quietFrom);
        await quiz.waitForSaveState(SAVE_MESSAGES.retrying);

        await host.clearFaults();
        await quiz.waitForSaveState(SAVE_MESSAGES.saved, { timeout: 70_000 });
        assert.deepEqual(await pendingWrites(frame, 'aec-quiz', { version }), [], 'nothing is left pending');
        const stored = (await readLmsRecord(page, server, db)).stored;
        assert.deepEqual(
          interactionsOf(stored, version).map((interaction) => interaction.id),
          answered.map((a) => a.item.id),
        );
        assertEveryWriteArrived(stored, await host.calls());
        assertNoProblems();
      });
    }

    it('delivers on the next launch what a failing LMS missed at close', TEST_OPTIONS, async (t) => {
      const { db, page, context, assertNoProblems, host, quiz } = await openQuiz(t, server, { version });
      await quiz.start('sme');
      const answered = await answerItems(quiz, 1, (item) => item.key);
      await quiz.waitForSaveState(SAVE_MESSAGES.saved);

      await host.setFaults([
        { method: 'SetValue', mode: 'false', code: '101' },
        { method: 'Commit', mode: 'false', code: version === '1.2' ? '101' : '391' },
        { method: 'Finish', mode: 'false', code: version === '1.2' ? '101' : '111' },
      ]);
      answered.push(...(await answerItems(quiz, 2, (item) => item.key)));
      const fourth = await quiz.currentItem();
      await quiz.waitForSaveState(SAVE_MESSAGES.retrying);
      const attempted = attemptedWrites(await host.calls());

      await closePage(page);
      const reader = await context.newPage();
      const missed = (await readLmsRecord(reader, server, db)).stored;
      assert.equal(interactionsOf(missed, version).length, 1, 'the LMS missed two answers');
      const pending = await pendingWrites(reader, 'aec-quiz', { version });
      const pendingElements = new Map(pending.map((write) => [write.element, write.value]));
      for (const n of [1, 2]) {
        assert.equal(pendingElements.get(`cmi.interactions.${n}.id`), answered[n].item.id);
      }
      assert.equal(pendingElements.get(v.exit), 'suspend', 'the exit waits too');
      assert.match(pendingElements.get(v.sessionTime) ?? '', v.sessionTimeFormat);

      // The LMS works again at the next launch, on the same device.
      const relaunched = new LmsHost(reader, server, { version, db });
      const resumed = new QuizPage(await relaunched.open());
      await resumed.waitForSaveState(SAVE_MESSAGES.saved, { timeout: 30_000 });
      await resumed.itemFieldset().waitFor();
      const shown = await resumed.currentItem();
      assert.deepEqual([shown.n, shown.stem], [4, fourth.stem], 'the learner is where they were');
      assert.deepEqual(await pendingWrites(reader, 'aec-quiz', { version }), [], 'nothing is left pending');
      const stored = (await readLmsRecord(reader, server, db)).stored;
      assert.deepEqual(
        interactionsOf(stored, version).map((interaction) => interaction.id),
        answered.map((a) => a.item.id),
        'the answers given while the LMS failed arrived',
      );
      for (const [element, value] of attempted) {
        if (/^cmi\.interactions\.[12]\./.test(element)) {
          assert.equal(comparable(stored[element]), comparable(value), `the LMS stored ${element}`);
        }
      }
      assertSuspendData(stored);
      assertNoProblems();
    });

    it('finds the API in the window that opened the package', TEST_OPTIONS, async (t) => {
      const db = dbName(t);
      const { page, assertNoProblems } = await openBrowser(t, server);
      const host = new LmsHost(page, server, { version, db, display: 'window' });
      await host.open();
      const popup = await host.enter();
      const quiz = new QuizPage(popup);
      await quiz.saveState().waitFor({ timeout: 30_000 });
      await quiz.waitForSaveState(SAVE_MESSAGES.saved);
      assert.equal(
        await popup.evaluate(() => window.opener !== null && window.parent === window),
        true,
        'the package runs in a top-level window with an opener',
      );
      await quiz.start('sme');
      const answered = await answerItems(quiz, 1, (item) => item.key);
      await quiz.waitForSaveState(SAVE_MESSAGES.saved);
      const stored = (await readLmsRecord(page, server, db)).stored;
      assert.deepEqual(
        interactionsOf(stored, version).map((interaction) => interaction.id),
        [answered[0].item.id],
      );

      await closePage(popup);
      const record = await readLmsRecord(page, server, db);
      assertSessionEnded(record, version, 0, 'suspend');
      assertNoProblems();
    });
  });
}

describe('the quiz with SCORM 2004 and all exercises in one SCO', () => {
  it('reports the quiz as one objective and stays incomplete', TEST_OPTIONS, async (t) => {
    const version = '2004';
    const { db, page, context, assertNoProblems, frame, quiz } = await openQuiz(t, server, {
      version,
      sco: 'all',
    });
    await frame.getByRole('link', { name: content.title, exact: true }).click();
    await quiz.start('sme');
    // The first half right: 14 of 28, a knowledge score of 50.
    const run = await fullRun(quiz, { correct: (index) => index < N_ITEMS / 2, rating: 3 });
    assert.equal(await quiz.scoreValue(), 50);
    const rows = await quiz.profileRows();
    await quiz.waitForSaveState(SAVE_MESSAGES.saved);

    await closePage(page);
    const record = await readLmsRecord(await context.newPage(), server, db);
    const stored = record.stored;
    const [quizObjective] = objectivesOf(stored);
    assert.equal(quizObjective.id, 'aec-quiz', 'the exercise objective comes first');
    assert.equal(quizObjective['score.raw'], '50');
    assert.equal(quizObjective['score.min'], '0');
    assert.equal(quizObjective['score.max'], '100');
    assert.equal(quizObjective['score.scaled'], '0.5');
    assert.equal(quizObjective.completion_status, 'completed');
    assert.equal(quizObjective.success_status, 'failed');
    assert.equal(quizObjective.description, content.title);
    assertDimensionObjectives(stored, version, rows, { first: 1 });
    assertInteractions(stored, version, { ...run, rating: 3 });
    assert.equal(stored['cmi.completion_status'], 'incomplete', 'three exercises remain');
    assert.equal(stored['cmi.success_status'], undefined, 'not judged while exercises remain');
    assertScore(stored, version, 50);
    assertSuspendData(stored);
    assertSessionEnded(record, version, 0, 'suspend');
    assertNoProblems();
  });
});

describe('the quiz without an LMS', () => {
  it('shows band ranges, recommendations under their dimension and why each answer is right', TEST_OPTIONS, async (t) => {
    const { assertNoProblems, quiz } = await openQuiz(t, server, { version: 'none' });
    await quiz.start('sme');
    // Every statement rated 3, above the threshold: the lowest-rated ones
    // are recommended all the same.
    const run = await fullRun(quiz, { correct: (index) => index % 2 === 0, rating: 3 });

    assert.deepEqual(
      await quiz.bandLines(),
      content.bands.map((band) => normalize(`${band.name} (${band.min}–${band.max}): ${band.meaning}`)),
      'each band with its range and meaning',
    );
    const recommendations = await quiz.recommendationLines();
    assert.ok(recommendations.length > 0, 'something to act on even without a low rating');
    const names = content.dimensions.map((dimension) => dimension.name);
    for (const line of recommendations) {
      assert.ok(
        names.some((name) => line.startsWith(`${normalize(name)}:`)),
        `"${line}" is labelled with its dimension`,
      );
    }
    assert.deepEqual(
      await quiz.reviewWhys(),
      run.answered.map(({ item }) => normalize(item.why)),
      'the review explains every answer',
    );
    assertNoProblems();
  });

  it('keeps progress on the device and says so', TEST_OPTIONS, async (t) => {
    const { page, assertNoProblems, host, frame, quiz } = await openQuiz(t, server, { version: 'none' });
    await quiz.waitForSaveState(SAVE_MESSAGES.standalone);
    await quiz.start('sme');
    await answerItems(quiz, 3, (item) => item.key);
    const fourth = await quiz.currentItem();
    await quiz.waitForSaveState(SAVE_MESSAGES.standalone);
    assert.deepEqual(
      await pendingWrites(frame, 'aec-quiz', { version: 'none' }),
      [],
      'nothing waits for an LMS',
    );

    await page.reload();
    const reloaded = new QuizPage(await host.appFrame());
    await reloaded.itemFieldset().waitFor();
    const shown = await reloaded.currentItem();
    assert.deepEqual([shown.n, shown.stem], [4, fourth.stem]);
    assert.deepEqual(
      shown.options.map((option) => option.value),
      fourth.options.map((option) => option.value),
    );
    await reloaded.waitForSaveState(SAVE_MESSAGES.standalone);
    assertNoProblems();
  });
});

describe('the quiz by keyboard alone', () => {
  it('can be completed with Tab, arrows, Space and Enter', TEST_OPTIONS, async (t) => {
    const version = '1.2';
    const { assertNoProblems, frame, host, quiz } = await openQuiz(t, server, { version });
    // Counts every press of a mouse, pen or finger in the package's document.
    await frame.evaluate(() => {
      window.pointerPresses = 0;
      document.addEventListener('pointerdown', () => (window.pointerPresses += 1), true);
    });
    // Each new screen's heading takes the focus, so that it is read out and
    // Tab leads on into it.
    const heading = 'section.cl-quiz h2';

    await quiz.checkRadioByKeyboard({ label: AUDIENCE_LABELS.sme }, 'Who are you answering for?');
    await quiz.pressButton('Start the quiz');
    await assertFocusOn(frame, heading, 'the first question');
    for (let index = 0; index < N_ITEMS; index += 1) {
      const shown = await quiz.currentItem();
      assert.equal(shown.n, index + 1);
      const item = content.itemByStem(shown.stem);
      if (item.kind === 'single') {
        await quiz.checkRadioByKeyboard({ value: item.key[0] });
      } else {
        // In the order shown, so that Tab only ever goes forward.
        const order = shown.options.map((option) => option.value);
        for (const id of [...item.key].sort((a, b) => order.indexOf(a) - order.indexOf(b))) {
          await quiz.checkCheckboxByKeyboard(id);
        }
      }
      await quiz.pressButton('Check my answer');
      await quiz.feedback().waitFor();
      assertFeedback(await quiz.feedbackText(), item, true);
      const last = index === N_ITEMS - 1;
      // The button that checked is the one that goes on: the focus stays there.
      await assertFocusOn(frame, 'section.cl-quiz button', `the feedback on question ${index + 1}`);
      await quiz.pressButton(last ? 'Go to the self-assessment' : 'Next question');
      if (last) {
        await quiz.selfAssessmentHeading().waitFor();
      } else {
        await quiz.waitForPosition(index + 2);
      }
      await assertFocusOn(frame, heading, last ? 'the self-assessment' : `question ${index + 2}`);
    }
    for (const text of await quiz.statementTexts()) {
      await quiz.checkRadioByKeyboard({ value: '5' }, text);
    }
    await quiz.pressButton('Finish and see my profile');
    await quiz.resultsHeading().waitFor();
    await assertFocusOn(frame, heading, 'the readiness profile');
    assert.equal(await frame.evaluate(() => window.pointerPresses), 0, 'no pointer was used');
    assert.equal(await quiz.scoreValue(), 100);
    await quiz.waitForSaveState(SAVE_MESSAGES.saved);
    const live = await host.liveCmi();
    assert.equal(live['cmi.core.lesson_status'], 'passed');
    assert.equal(live['cmi.core.score.raw'], '100');
    assert.equal(interactionsOf(live, version).length, N_ITEMS + N_STATEMENTS);
    assertNoProblems();
  });
});
