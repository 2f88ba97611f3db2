// End-to-end tests of the LMS contract for the cluster development plan
// builder: its own SCO (`sco=cluster-plan`) in the Moodle-like player
// (tests/lms-host/) with the real scorm-again run-time, SCORM 1.2 and 2004.
// The exact interactions, score and statuses a complete, self-assessed plan
// stores; a plan of about 3,000 characters that fits SCORM 1.2's
// suspend_data and comes back whole on another device; and a plan too long
// for SCORM 1.2, where the learner is told, the LMS keeps the last place
// that fit (never a cut one), and this device and the JSON download keep
// the whole plan.
//
// What the LMS "stores" is what the run-time held at the last successful
// Commit or Finish; the tests read it after the page is closed, as a
// gradebook would. Every expected value is derived from what the learner
// typed and from the content, never read from the app. Every test fails on
// any console error, uncaught exception, failed request or HTTP error
// response, in the player or the package.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

import { eventually } from '../support/eventually.mjs';
import { serveBuiltApp } from '../support/server.mjs';
import {
  devicePrefix,
  gradebookOf,
  interactionsOf,
  readLmsRecord,
  SCORM,
  seedLmsRecord,
} from './pages/lms-host.mjs';
import { normalize, SAVE_MESSAGES } from './pages/package-frame.mjs';
import {
  assertPlanInteractions,
  assertPlanScore,
  assertPlanShown,
  assertStatusBeforeScore,
  BRIEF_SECTION,
  completePlan,
  completeProgress,
  defaultWindow,
  exampleRow,
  expectedInteractions,
  expectedScore,
  fieldValue,
  holdsText,
  launchPlan,
  openPlan,
  planContent,
  planLength,
  progressScore,
  Prose,
  resumeBytes,
  SCO,
  SECTIONS,
  sectionsWritten,
  textsOf,
  writePlan,
} from './pages/plan-journeys.mjs';
import {
  assertNoScore,
  assertSessionEnded,
  assertSuspendData,
  closePage,
  commitsOf,
  decimal,
  deviceStorage,
  finishedStatuses,
  openBrowser,
  statusesOf,
  SUSPEND_DATA_LIMIT,
} from './pages/quiz-journeys.mjs';

const VERSIONS = ['1.2', '2004'];

// A plan of some fifty fields, each reported to the LMS as it is left;
// generous for a busy two-core CI machine.
const TEST_OPTIONS = { timeout: 240_000 };

const server = serveBuiltApp();

/** What the header's save line says when the place is kept on this device only. */
const PLACE_KEPT_LOCALLY = planContent.text('ui.save.place-local');

/** The rubric points each version's learner gives: a pass in 1.2, short of it in 2004. */
const POINTS = { '1.2': 18, 2004: 9 };

/** The learner's year, as the app reads it: the browser's local date. */
function learnersYear(plan) {
  return plan.root.evaluate(() => new Date().getFullYear());
}

/**
 * A plan of about `total` characters in the required fields of `sections`
 * and `rows`: what the rows do not take is shared among the text fields in
 * proportion to what each may hold.
 */
function planOfLength(year, { seed, sections, total, rows }) {
  const fields = planContent.fields.filter(
    (field) => sections.includes(field.section) && field.required,
  );
  const texts = fields.filter((field) => field.kind !== 'number');
  const room = texts.reduce((sum, field) => sum + field.max_chars, 0);
  const rowChars = planLength({ values: {}, rows });
  const share = (total - rowChars) / room;
  const values = Object.fromEntries(
    fields.map((field) => {
      const prose = new Prose(`${seed}:${field.id}`);
      const length = Math.round((field.max_chars ?? 0) * share);
      return [field.id, fieldValue(field, { length, items: 3, year, prose })];
    }),
  );
  return { values, rows };
}

/**
 * A plan far longer than SCORM 1.2's suspend_data can hold once deflated:
 * every field of every section, text near its limit (lines fields with
 * their most items), then two rows in long words, so that the action plan
 * still needs a third and the plan stays unfinished.
 */
function longPlan(year) {
  const values = {};
  for (const field of planContent.fields) {
    const prose = new Prose(`long:${field.id}`);
    const length = Math.floor((field.max_chars ?? 0) * 0.92);
    values[field.id] = fieldValue(field, { length, items: field.items?.max, year, prose });
  }
  const prose = new Prose('long:rows');
  const max = planContent.actionPlan.text_max_chars;
  const row = (id) => ({
    ...exampleRow(id, year),
    activity: prose.text(max - 30),
    responsible: prose.text(120),
    indicator: `At least ${prose.int(10, 90)} ${prose.text(max - 60)}`,
  });
  return { values, rows: [row('e1'), row('e2')] };
}

/** The record's whole plan (`artifacts.plan`) holds `written`'s values and rows exactly. */
function assertArtifactPlan(artifact, written) {
  assert.equal(artifact?.schema, 'clusterlab.plan', 'artifacts.plan is a plan');
  assert.deepEqual(
    artifact.sections.map((section) => section.id),
    SECTIONS.map((section) => section.id),
    'artifacts.plan: every section in plan order',
  );
  for (const section of SECTIONS) {
    const fields = (section.fields ?? [])
      .filter((field) => field.id in written.values)
      .map((field) => [field.id, written.values[field.id]]);
    const saved = artifact.sections.find((candidate) => candidate.id === section.id);
    assert.deepEqual(saved.fields, Object.fromEntries(fields), `artifacts.plan: ${section.id}`);
  }
  assert.deepEqual(
    artifact.rows,
    written.rows.map((row, n) => ({
      id: n + 1,
      suggestion: null,
      activity: row.activity ?? '',
      responsible: row.responsible ?? '',
      start: row.start ?? null,
      end: row.end ?? null,
      amount: row.amount ?? null,
      currency: row.currency ?? null,
      indicator: row.indicator ?? '',
    })),
    'artifacts.plan: every row, whole',
  );
}

/** The SetValue calls a session's run-time refused. */
function refusedWrites(calls) {
  return calls.filter((call) => call.method === 'SetValue' && call.result === 'false');
}

for (const version of VERSIONS) {
  const v = SCORM[version];

  describe(`cluster development plan builder in a SCORM ${version} player`, () => {
    it('reports exact values for a complete, self-assessed plan', TEST_OPTIONS, async (t) => {
      const opened = await openPlan(t, server, { version });
      const { db, page, context, assertNoProblems, host, plan } = opened;
      await plan.waitForSaveState(SAVE_MESSAGES.saved);
      assert.equal((await host.liveCmi())[v.status], 'incomplete', 'a first launch is incomplete');
      assert.deepEqual(interactionsOf(await host.liveCmi(), version), [], 'nothing to report yet');

      const year = await learnersYear(plan);
      await plan.open('action-plan');
      assert.deepEqual(
        { start: await plan.windowStart().inputValue(), end: await plan.windowEnd().inputValue() },
        defaultWindow(year),
        "the default window: June 1 to November 30 of the learner's year",
      );

      const written = completePlan(year, { seed: `exact-${version}`, points: POINTS[version] });
      await writePlan(plan, written, { complete: true });
      const score = expectedScore(written.ratings);
      const passed = score >= planContent.passMark;
      assert.equal(passed, version === '1.2', `${score}: a pass in 1.2, short of it in 2004`);
      await eventually(async () =>
        assert.equal(await plan.progressText(), completeProgress(score)),
      );
      const shown = progressScore(await plan.progressText());
      assert.equal(shown, score, 'the page shows the score whole');
      await plan.waitForAllSaved();
      await plan.waitForSaveState(SAVE_MESSAGES.saved);
      const expected = expectedInteractions(version, written);
      assert.deepEqual(
        expected.map((interaction) => interaction.id),
        SECTIONS.map((section) => `cp-${section.id}`),
        'every section was worked on',
      );
      if (version === '1.2') {
        // Both of the summary's cases: cut with "…", and whole.
        const cut = expected.filter(({ response }) => response.endsWith('…'));
        assert.deepEqual(
          expected.filter((interaction) => !cut.includes(interaction)).map(({ id }) => id),
          [`cp-${BRIEF_SECTION}`],
          'every section but the brief one is summarised in 250 characters',
        );
      }
      await eventually(async () => {
        const live = await host.liveCmi();
        assertPlanScore(live, version, shown);
        assert.deepEqual(statusesOf(live, version), finishedStatuses(version, passed));
        assertPlanInteractions(live, version, expected, { what: 'live' });
      });

      await closePage(page);
      const record = await readLmsRecord(await context.newPage(), server, db);
      const stored = record.stored;
      assert.deepEqual(statusesOf(stored, version), finishedStatuses(version, passed));
      assertPlanScore(stored, version, shown);
      assertPlanInteractions(stored, version, expected, { what: 'stored' });
      assertSuspendData(stored);
      t.diagnostic(
        `SCORM ${version}: a complete plan of ${planLength(written)} characters → ` +
          `suspend_data of ${stored['cmi.suspend_data'].length} characters`,
      );
      assertSessionEnded(record, version, 0, v.exitWhenDone);
      assert.deepEqual(refusedWrites(record.calls[0]), [], 'the LMS refused nothing');

      // Moodle: the final status went out before the score, so the grade's
      // evaluation saw it; the grade is the score.
      assertStatusBeforeScore(commitsOf(record.calls[0]), version);
      const gradebook = gradebookOf(record);
      assert.equal(gradebook.grade, score, "Moodle's grade is the score");
      // Completion is "passed or completed": a 1.2 "failed" is neither.
      assert.equal(gradebook.completed, version === '2004' || passed, 'activity completion');
      const last = gradebook.evaluations.at(-1);
      assert.deepEqual(
        { element: last?.element, value: last?.value, statuses: last?.statuses },
        {
          element: `${v.score}.raw`,
          value: decimal(score),
          statuses: finishedStatuses(version, passed),
        },
        'the last evaluation: the final score, with the final status already stored',
      );
      assertNoProblems();
    });

    it('keeps a 3,000-character plan and resumes it on another device', TEST_OPTIONS, async (t) => {
      const first = await openPlan(t, server, { version });
      const { db, plan, host } = first;
      await plan.waitForSaveState(SAVE_MESSAGES.saved);
      const year = await learnersYear(plan);
      const written = planOfLength(year, {
        seed: `resume-${version}`,
        sections: ['diagnosis', 'vision', 'markets'],
        total: 3_150,
        rows: [exampleRow('e1', year), exampleRow('e2', year), exampleRow('e7', year)],
      });
      const length = planLength(written);
      assert.ok(length >= 2_900 && length <= 3_200, `about 3,000 characters of plan: ${length}`);
      await writePlan(plan, written);
      await plan.waitForAllSaved();
      await plan.waitForSaveState(SAVE_MESSAGES.saved);
      assert.equal(await plan.lmsFullWarning().count(), 0, 'no warning: the place fits');

      const expected = expectedInteractions(version, written);
      const live = await eventually(async () => {
        const flat = await host.liveCmi();
        assertPlanInteractions(flat, version, expected, { what: 'live' });
        return flat;
      });
      const place = live['cmi.suspend_data'];
      assertSuspendData(live);
      t.diagnostic(
        `SCORM ${version}: ${length} characters of plan → ` +
          `suspend_data of ${place.length} characters`,
      );
      const bytes = resumeBytes(place);
      for (const { where, text } of textsOf(written)) {
        assert.ok(holdsText(bytes, text), `suspend_data holds ${where} whole`);
      }

      await closePage(first.page);
      const record = await readLmsRecord(await first.context.newPage(), server, db);
      assertSessionEnded(record, version, 0, 'suspend');
      assert.equal(record.stored[v.status], 'incomplete', 'an unfinished plan stays incomplete');
      assertNoScore(record.stored, version);
      assert.equal(record.stored['cmi.suspend_data'], place, 'the LMS keeps the place saved');
      assertPlanInteractions(record.stored, version, expected, { what: 'stored' });
      assert.deepEqual(refusedWrites(record.calls[0]), [], 'the LMS refused nothing');
      first.assertNoProblems();

      // Another device: only the LMS knows the plan.
      const second = await openBrowser(t, server);
      await seedLmsRecord(second.page, server, db, record.stored);
      assert.deepEqual(await deviceStorage(second.page, server), {}, 'the device keeps nothing');
      const relaunched = await launchPlan(second.page, server, { version, db });
      const lms = await readLmsRecord(second.page, server, db);
      assert.equal(lms.sessions.at(-1).entry, 'resume', 'the LMS hands over a suspended session');
      await assertPlanShown(relaunched.plan, written, { what: 'on another device' });
      await relaunched.plan.waitForSaveState(SAVE_MESSAGES.saved);
      assert.equal(await relaunched.plan.lmsFullWarning().count(), 0, 'no warning');
      second.assertNoProblems();
    });
  });
}

describe('a plan too long for SCORM 1.2', () => {
  const version = '1.2';
  const v = SCORM[version];

  const name = 'tells the learner before anything is lost, and this device keeps it all';
  it(name, TEST_OPTIONS, async (t) => {
    const opened = await openPlan(t, server, { version });
    const { db, page, context, assertNoProblems, host, plan } = opened;
    await plan.waitForSaveState(SAVE_MESSAGES.saved);
    const year = await learnersYear(plan);
    const written = longPlan(year);

    // Each field and row as it is left: is the warning shown yet?
    const order = [];
    const warned = [];
    await writePlan(plan, written, {
      afterField: async (where) => {
        await plan.waitForAllSaved();
        order.push(where);
        warned.push(await plan.lmsFullWarning().isVisible());
      },
    });
    const overflow = warned.indexOf(true);
    t.diagnostic(
      `${planLength(written)} characters of plan; ` +
        `the place stopped fitting at ${order[overflow]}, ` +
        `field or row ${overflow + 1} of ${order.length}`,
    );
    assert.ok(overflow > 0, `the first fields fit, then one did not: ${order[overflow]}`);
    assert.ok(warned.slice(overflow).every(Boolean), 'once shown, the warning stays');

    // The learner is told, in the plan and in the header.
    const warning = plan.lmsFullWarning();
    assert.equal(await warning.getAttribute('role'), 'alert', 'the warning is announced');
    assert.equal(
      normalize(await warning.locator('p').innerText()),
      planContent.word('lms-full'),
      'the warning in words',
    );
    await plan.waitForSaveState(PLACE_KEPT_LOCALLY);

    // The LMS gets every section, and the last place that fit, whole.
    const expected = expectedInteractions(version, written);
    assert.deepEqual(
      expected.map((interaction) => interaction.id),
      sectionsWritten(written).map((section) => `cp-${section.id}`),
    );
    const live = await eventually(async () => {
      const flat = await host.liveCmi();
      assertPlanInteractions(flat, version, expected, { what: 'live' });
      return flat;
    });
    assert.equal(live[v.status], 'incomplete', 'the action plan still needs a row');
    assert.equal(live[`${v.score}.raw`], '', 'no score for an unfinished plan');
    const places = (await host.calls()).filter(
      (call) => call.method === 'SetValue' && call.args[0] === 'cmi.suspend_data',
    );
    for (const call of places) {
      assert.ok(call.args[1].length <= SUSPEND_DATA_LIMIT, 'never a place longer than the limit');
      assert.equal(call.result, 'true', 'every place sent is taken');
    }
    const lastFit = places.at(-1).args[1];
    assert.equal(live['cmi.suspend_data'], lastFit, 'the LMS holds the last place sent');
    assertSuspendData(live);
    t.diagnostic(`SCORM 1.2: the last place that fit has ${lastFit.length} characters`);
    const texts = textsOf(written);
    const before = new Set(order.slice(0, overflow));
    const held = resumeBytes(lastFit);
    for (const { where, step, text } of texts) {
      assert.equal(
        holdsText(held, text),
        before.has(step),
        `the LMS's place holds ${where} whole exactly when it was written before the overflow`,
      );
    }

    // This device keeps the whole plan.
    const device = await deviceStorage(opened.frame);
    const kept = device[`${devicePrefix({ version })}clusterlab.resume.${SCO}`];
    assert.ok(kept, 'this device keeps the place');
    t.diagnostic(`SCORM 1.2: this device keeps a place of ${kept.length} characters`);
    assert.ok(kept.length > SUSPEND_DATA_LIMIT, 'a place the LMS could not keep');
    const whole = resumeBytes(kept);
    for (const { where, text } of texts) {
      assert.ok(holdsText(whole, text), `this device's place holds ${where} whole`);
    }

    // "Download as JSON" in the warning offers the whole plan.
    const button = warning.getByRole('button', { name: planContent.word('export-json') });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    assert.equal(await download.failure(), null, 'the download completes');
    assert.match(download.suggestedFilename(), /\.json$/, 'a JSON file');
    const downloaded = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(downloaded.exercise, SCO, 'the record of the plan builder');
    assertArtifactPlan(downloaded.artifacts?.plan, written);

    await closePage(page);
    const record = await readLmsRecord(await context.newPage(), server, db);
    assertSessionEnded(record, version, 0, 'suspend');
    assert.equal(record.stored[v.status], 'incomplete');
    assertNoScore(record.stored, version);
    assert.equal(
      record.stored['cmi.suspend_data'],
      lastFit,
      'the LMS keeps the last place that fit',
    );
    assertSuspendData(record.stored);
    assertPlanInteractions(record.stored, version, expected, { what: 'stored' });
    assert.deepEqual(refusedWrites(record.calls[0]), [], 'the LMS refused nothing');

    // Back on the same device: the whole plan, from this device's copy.
    const again = await launchPlan(await context.newPage(), server, { version, db });
    const lms = await readLmsRecord(again.host.page, server, db);
    assert.equal(lms.sessions.at(-1).entry, 'resume', 'the LMS hands over a suspended session');
    await assertPlanShown(again.plan, written, { what: 'relaunched on this device' });
    // The place still does not fit: the learner is told again, and this
    // device still keeps it all.
    await again.plan.lmsFullWarning().waitFor();
    await again.plan.waitForSaveState(PLACE_KEPT_LOCALLY);
    await again.plan.waitForAllSaved();
    const keptAgain = (await deviceStorage(again.frame))[
      `${devicePrefix({ version })}clusterlab.resume.${SCO}`
    ];
    assert.ok(keptAgain, 'this device still keeps the place');
    const wholeAgain = resumeBytes(keptAgain);
    for (const { where, text } of texts) {
      assert.ok(holdsText(wholeAgain, text), `after the relaunch, this device keeps ${where}`);
    }
    assertNoProblems();
  });
});
