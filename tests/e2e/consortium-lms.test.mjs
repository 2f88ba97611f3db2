// End-to-end tests of the LMS contract for the export-consortium
// simulation: its own SCO (`sco=consortium-sim`) in the Moodle-like player
// (tests/lms-host/) with the real scorm-again run-time, SCORM 1.2 and 2004.
// The exact interactions, score and statuses a whole run stores, and a
// learner who leaves at quarter 3 and comes back on another device to the
// same quarter 3, the same story so far, with every answer reported once.
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
  assertDebrief,
  assertNothingRefused,
  assertReported,
  assertReportedScore,
  consortiumContent,
  openConsortium,
  playRun,
  SCO,
  waitForCourseSave,
} from './pages/consortium-journeys.mjs';
import { ConsortiumPage, DECISION_RESPONSES } from './pages/consortium-page.mjs';
import { SAVE_MESSAGES } from './pages/package-frame.mjs';
import {
  gradebookOf,
  interactionsOf,
  LmsHost,
  readLmsRecord,
  SCORM,
  seedLmsRecord,
} from './pages/lms-host.mjs';
import {
  assertNoScore,
  assertSessionEnded,
  assertSuspendData,
  closePage,
  eventuallyStored,
  finishedStatuses,
  openBrowser,
  statusesOf,
} from './pages/quiz-journeys.mjs';

const VERSIONS = ['1.2', '2004'];

// Up to twelve quarters, each committed to the LMS as it is played, and the
// risk view's 2 × 1,000 runs; generous for a busy two-core CI machine.
const TEST_OPTIONS = { timeout: 240_000 };

const server = serveBuiltApp();

const good = consortiumContent.good;

/**
 * A formation far from the good one, so that every choice reports another
 * option than the first: a sales consortium of rival furniture makers and a
 * coffee roaster, the highest fees, a charter without sanctions, the buyer
 * choosing, majority votes, the chamber's officer (at most two activities a
 * quarter) and a subsidy that stops at once. Ticked out of pool order.
 */
const MIXED = {
  members: ['f12', 'f09', 'f02', 'f10', 'f04'],
  type: 'sales',
  entry_fee: consortiumContent.entryFees.at(-1),
  quarterly_fee: consortiumContent.quarterlyFees.at(-1),
  charter: true,
  sanctions: false,
  leads: 'buyer-chooses',
  decisions: 'majority',
  coordinator: 'chamber',
  funding: 'cliff',
};

/** Two activities at most, for the chamber's officer: a fair, then a study and a joint action. */
const mixedPlan = (n) => (n % 2 === 1 ? ['regional-fair'] : ['market-study', 'trust-action']);

/** The literature's plans, quarter by quarter. */
const goodPlan = (n) => good.plans[n - 1] ?? [];

for (const version of VERSIONS) {
  const v = SCORM[version];

  describe(`export-consortium simulation in a SCORM ${version} player`, () => {
    it('reports exact values after a whole run', TEST_OPTIONS, async (t) => {
      const opened = await openConsortium(t, server, { version });
      const { db, page, context, assertNoProblems, host, consortium } = opened;
      await consortium.waitForSaveState(SAVE_MESSAGES.saved);
      assert.equal((await host.liveCmi())[v.status], 'incomplete', 'a first launch is incomplete');
      assert.deepEqual(interactionsOf(await host.liveCmi(), version), [], 'nothing to report yet');

      await consortium.fillForm(MIXED);
      assert.deepEqual(await consortium.problemItems(), [], 'no reason shown before "Found"');
      assert.deepEqual(consortiumContent.problems(MIXED), [], 'the formation can be founded');
      await consortium.found();
      // The last answer of every decision, so that no response is the first option.
      const run = await playRun(consortium, {
        plan: mixedPlan,
        respond: ({ kind }) => DECISION_RESPONSES[kind].at(-1),
      });
      const debrief = await assertDebrief(consortium, run);
      await waitForCourseSave(consortium);
      const live = await host.liveCmi();
      const score = assertReportedScore(live, version, debrief.shown);
      const passed = score >= consortiumContent.passMark;
      assert.deepEqual(statusesOf(live, version), finishedStatuses(version, passed));

      await closePage(page);
      const record = await readLmsRecord(await context.newPage(), server, db);
      const stored = record.stored;
      assert.deepEqual(statusesOf(stored, version), finishedStatuses(version, passed));
      assert.equal(assertReportedScore(stored, version, debrief.shown), score);
      assert.equal(gradebookOf(record).grade, score, "Moodle's grade is the score");
      assertReported(stored, version, MIXED, run.decisions);
      assertSuspendData(stored);
      assertSessionEnded(record, version, 0, v.exitWhenDone);
      assertNothingRefused(record.calls[0]);
      assertNoProblems();
    });

    it('resumes at quarter 3 after the page is closed there', TEST_OPTIONS, async (t) => {
      const first = await openConsortium(t, server, { version });
      const { db, host, consortium } = first;
      await consortium.fillForm(good.formation);
      await consortium.found();
      // The recommended answers: put right at the consortium's cost, warn.
      const respond = ({ kind }) => DECISION_RESPONSES[kind][0];
      const before = await playRun(consortium, { plan: goodPlan, respond, until: 3 });
      assert.equal(before.quarters, 2, 'two quarters played');
      assert.deepEqual(await consortium.position(), { n: 3, total: consortiumContent.quarters });
      assert.equal(await consortium.screen(), 'planning', 'quarter 3 waits to be planned');
      const story = await consortium.timelineText();
      const figures = await consortium.stateFigures();
      await waitForCourseSave(consortium);

      // Committed as the learner goes, before any exit.
      const committed = (await readLmsRecord(first.page, server, db)).stored;
      assertReported(committed, version, good.formation, before.decisions, { what: 'two quarters' });
      assert.equal(committed[v.status], 'incomplete');
      assertNoScore(committed, version);
      assertSuspendData(committed);

      await closePage(first.page);
      const reader = await first.context.newPage();
      const record = await readLmsRecord(reader, server, db);
      assertSessionEnded(record, version, 0, 'suspend');
      assert.equal(record.stored[v.status], 'incomplete', 'an unfinished attempt stays incomplete');
      assertNoScore(record.stored, version);
      assertSuspendData(record.stored);
      assertNothingRefused(record.calls[0]);
      const reported = interactionsOf(record.stored, version);
      first.assertNoProblems();

      // Another device: only the LMS knows where the learner was.
      const second = await openBrowser(t, server);
      await seedLmsRecord(second.page, server, db, record.stored);
      const relaunched = new LmsHost(second.page, server, { version, db, sco: SCO });
      const resumed = new ConsortiumPage(await relaunched.open());
      const lms = await readLmsRecord(second.page, server, db);
      assert.equal(lms.sessions.at(-1).entry, 'resume', 'the LMS hands over a suspended session');
      await resumed.quarterHeading().waitFor();
      assert.deepEqual(
        await resumed.position(),
        { n: 3, total: consortiumContent.quarters },
        'Quarter 3 of 12',
      );
      assert.equal(await resumed.screen(), 'planning', 'quarter 3 waits to be planned');
      assert.equal(await resumed.timelineText(), story, 'the same two quarters, word for word');
      assert.deepEqual(await resumed.stateFigures(), figures, 'the same figures');
      await waitForCourseSave(resumed, relaunched);
      const calls = await relaunched.calls();
      assert.equal(
        calls.filter((call) => call.method === 'SetValue' && call.args[0] === v.status).length,
        0,
        'a resumed session does not restart the status',
      );

      // The rest of the run continues the record where it stopped.
      const after = await playRun(resumed, { plan: goodPlan, respond });
      const decisions = [...before.decisions, ...after.decisions];
      const debrief = await assertDebrief(resumed, { quarters: after.quarters });
      await waitForCourseSave(resumed, relaunched);
      const passed = (score) => score >= consortiumContent.passMark;
      const finished = await eventuallyStored(second.page, server, db, (stored) => {
        const score = assertReportedScore(stored.stored, version, debrief.shown);
        const statuses = finishedStatuses(version, passed(score));
        assert.deepEqual(statusesOf(stored.stored, version), statuses);
      });
      const interactions = interactionsOf(finished.stored, version);
      assert.equal(
        new Set(interactions.map((interaction) => interaction.id)).size,
        interactions.length,
        'no interaction is reported twice',
      );
      assert.deepEqual(
        interactions.slice(0, reported.length),
        reported,
        'the formation and the first answers are kept as before',
      );
      assertReported(finished.stored, version, good.formation, decisions);
      assertSuspendData(finished.stored);
      assertNothingRefused(await relaunched.calls());
      second.assertNoProblems();
    });

  });
}
