// End-to-end tests of the LMS contract for the cluster-type identification
// exercise: its own SCO (`sco=cluster-types`) in the Moodle-like player
// (tests/lms-host/) with the real scorm-again run-time, SCORM 1.2 and 2004.
// The exact interactions, objectives, score and statuses a scripted run
// stores, and a learner who leaves after three cases and comes back on
// another device to the fourth, with the three answers kept once.
//
// What the LMS "stores" is what the run-time held at the last successful
// Commit or Finish; the tests read it after the page is closed, as a
// gradebook would. Every test fails on any console error, uncaught
// exception, failed request or HTTP error response, in the player or the
// package.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { serveBuiltApp } from '../support/server.mjs';
import {
  assertResults,
  casesContent,
  expectedInteractions,
  expectedObjectives,
  N_CASES,
  openCases,
  playStageRound,
  SCO,
  sortAllCases,
  sortCases,
} from './pages/cases-journeys.mjs';
import { CasesPage, STAGE_CODES } from './pages/cases-page.mjs';
import {
  gradebookOf,
  interactionsOf,
  LmsHost,
  readLmsRecord,
  SCORM,
  seedLmsRecord,
} from './pages/lms-host.mjs';
import { SAVE_MESSAGES } from './pages/package-frame.mjs';
import {
  assertInteractionList,
  assertNoScore,
  assertObjectiveList,
  assertScore,
  assertSessionEnded,
  assertSuspendData,
  closePage,
  eventuallyStored,
  finishedStatuses,
  openBrowser,
  statusesOf,
} from './pages/quiz-journeys.mjs';

const VERSIONS = ['1.2', '2004'];

// A run sorts eight cases and stages seven, each reported to the LMS at once;
// generous for a busy two-core CI machine.
const TEST_OPTIONS = { timeout: 240_000 };

const server = serveBuiltApp();

/** A stage the case does not accept. */
function wrongStage(vignette) {
  return STAGE_CODES.find((stage) => !vignette.stages.includes(stage));
}

for (const version of VERSIONS) {
  const v = SCORM[version];

  describe(`cluster-type identification in a SCORM ${version} player`, () => {
    it('reports exact values after wrong answers and the stage round', TEST_OPTIONS, async (t) => {
      const opened = await openCases(t, server, { version });
      const { db, page, context, assertNoProblems, host, cases } = opened;
      await cases.waitForSaveState(SAVE_MESSAGES.saved);
      assert.equal((await host.liveCmi())[v.status], 'incomplete', 'a first launch is incomplete');

      // The second, fifth and seventh cases wrong.
      const sorted = await sortAllCases(cases, {
        choose: (vignette, index) =>
          [1, 4, 6].includes(index) ? casesContent.wrongType(vignette.id) : vignette.structure,
      });
      const result = await assertResults(cases, sorted);
      await cases.waitForSaveState(SAVE_MESSAGES.saved);
      assert.deepEqual(
        statusesOf(await host.liveCmi(), version),
        finishedStatuses(version, result.passed),
      );

      // The stage round after the results: the first case's stage wrong.
      const staged = await playStageRound(cases, sorted, (vignette, index) =>
        index === 0 ? wrongStage(vignette) : vignette.stages[0],
      );
      await cases.waitForSaveState(SAVE_MESSAGES.saved);

      await closePage(page);
      const record = await readLmsRecord(await context.newPage(), server, db);
      const stored = record.stored;
      assert.deepEqual(statusesOf(stored, version), finishedStatuses(version, result.passed));
      assertScore(stored, version, result.percent);
      assert.equal(gradebookOf(record).grade, result.percent, "Moodle's grade is the percentage");
      assertInteractionList(stored, version, expectedInteractions(version, sorted, staged), {
        what: 'the attempt',
      });
      assertObjectiveList(stored, version, expectedObjectives(sorted));
      assertSuspendData(stored);
      assertSessionEnded(record, version, 0, v.exitWhenDone);
      assertNoProblems();
    });

    it('reports a failed attempt when every case is wrong', TEST_OPTIONS, async (t) => {
      const { db, page, context, assertNoProblems, cases } = await openCases(t, server, { version });
      const sorted = await sortAllCases(cases, {
        choose: (vignette) => casesContent.wrongType(vignette.id),
      });
      const result = await assertResults(cases, sorted);
      assert.deepEqual([result.shown, result.passed], [0, false]);
      await cases.retryButton().waitFor();
      await cases.waitForSaveState(SAVE_MESSAGES.saved);

      await closePage(page);
      const record = await readLmsRecord(await context.newPage(), server, db);
      const stored = record.stored;
      assert.deepEqual(statusesOf(stored, version), finishedStatuses(version, false));
      assertScore(stored, version, 0);
      assertInteractionList(stored, version, expectedInteractions(version, sorted), { what: 'the attempt' });
      const objectives = expectedObjectives(sorted);
      assert.ok(objectives.every(({ percent, success }) => percent === 0 && success === 'failed'));
      assertObjectiveList(stored, version, objectives);
      assertSuspendData(stored);
      assertSessionEnded(record, version, 0, v.exitWhenDone);
      assertNoProblems();
    });

    it('resumes at the fourth case after the page is closed after three', TEST_OPTIONS, async (t) => {
      const first = await openCases(t, server, { version });
      const { db, cases } = first;
      await cases.waitForSaveState(SAVE_MESSAGES.saved);
      await cases.begin();
      assert.deepEqual(await cases.position(), { n: 1, total: N_CASES });
      // The second case wrong.
      const choose = (vignette, index) =>
        index === 1 ? casesContent.wrongType(vignette.id) : vignette.structure;
      const answered = await sortCases(cases, 3, { choose });
      const fourth = await cases.currentCase();
      assert.equal(fourth.n, 4);
      await cases.waitForSaveState(SAVE_MESSAGES.saved);

      // Committed as the learner goes, before any exit.
      const committed = (await readLmsRecord(first.page, server, db)).stored;
      assertInteractionList(committed, version, expectedInteractions(version, answered), {
        what: 'three cases',
      });
      assertObjectiveList(committed, version, expectedObjectives(answered, { finished: false }));
      assert.equal(committed[v.status], 'incomplete');
      assertSuspendData(committed);

      await closePage(first.page);
      const reader = await first.context.newPage();
      const record = await readLmsRecord(reader, server, db);
      assertSessionEnded(record, version, 0, 'suspend');
      assert.equal(record.stored[v.status], 'incomplete', 'an unfinished attempt stays incomplete');
      assertNoScore(record.stored, version);
      assertSuspendData(record.stored);
      const before = interactionsOf(record.stored, version);
      first.assertNoProblems();

      // Another device: only the LMS knows where the learner was.
      const second = await openBrowser(t, server);
      await seedLmsRecord(second.page, server, db, record.stored);
      const relaunched = new LmsHost(second.page, server, { version, db, sco: SCO });
      const resumed = new CasesPage(await relaunched.open());
      const lms = await readLmsRecord(second.page, server, db);
      assert.equal(lms.sessions.at(-1).entry, 'resume', 'the LMS hands over a suspended session');
      await resumed.caseArticle().waitFor();
      const shown = await resumed.currentCase();
      assert.deepEqual(
        { n: shown.n, total: shown.total, id: shown.id },
        { n: 4, total: N_CASES, id: fourth.id },
        'Case 4 of 8: the same case, after the same three',
      );
      assert.equal(await resumed.feedback().count(), 0, 'the fourth case waits to be sorted');
      assert.equal(await resumed.card().count(), 1);
      await resumed.waitForSaveState(SAVE_MESSAGES.saved);
      const calls = await relaunched.calls();
      assert.equal(
        calls.filter((call) => call.method === 'SetValue' && call.args[0] === v.status).length,
        0,
        'a resumed session does not restart the status',
      );

      // The rest of the attempt continues the record where it stopped.
      const rest = await sortCases(resumed, N_CASES - 3, { choose: (vignette) => vignette.structure });
      const sorted = [...answered, ...rest];
      assert.deepEqual(
        await resumed.reviewIds(),
        sorted.map(({ id }) => id),
        'the review lists the three cases sorted before, then the rest',
      );
      assert.equal(sorted[3].id, fourth.id);
      const result = await assertResults(resumed, sorted);
      await resumed.waitForSaveState(SAVE_MESSAGES.saved);
      const finished = await eventuallyStored(second.page, server, db, (stored) =>
        assert.deepEqual(
          statusesOf(stored.stored, version),
          finishedStatuses(version, result.passed),
        ),
      );
      const interactions = interactionsOf(finished.stored, version);
      assert.equal(
        new Set(interactions.map((interaction) => interaction.id)).size,
        interactions.length,
        'no interaction is reported twice',
      );
      assert.deepEqual(interactions.slice(0, 3), before, 'the first three answers are kept as before');
      assertInteractionList(finished.stored, version, expectedInteractions(version, sorted), {
        what: 'the attempt',
      });
      assertObjectiveList(finished.stored, version, expectedObjectives(sorted));
      assertScore(finished.stored, version, result.percent);
      second.assertNoProblems();
    });
  });
}
