// Tests of the test LMS itself (tests/lms-host/), without the app: a probe
// SCO (tests/lms-host/probe/) calls the run-time exactly as told, so that
// each Moodle 4.3 rule the host models (shared/scorm-checklist.md, b.3, b.6,
// b.7) is checked on its own: relaunch and review, attempts, when grade and
// completion are re-evaluated, the mastery score, limits and refusals, and
// a commit that cannot reach the server.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { launchBrowser, PageProblems } from '../support/browser.mjs';
import { MOODLE_BASE_PATH, serveBuiltApp } from '../support/server.mjs';
import { gradebookOf, LmsHost, readLmsRecord, SCORM, seedLmsRecord } from './pages/lms-host.mjs';

const VERSIONS = ['1.2', '2004'];
const PROBE_PATH = '/lms-host/probe/';

/** Elements of each version by role, for steps written once for both. */
const E = {
  '1.2': {
    ...SCORM['1.2'],
    mode: 'cmi.core.lesson_mode',
    credit: 'cmi.core.credit',
    raw: 'cmi.core.score.raw',
    location: 'cmi.core.lesson_location',
    learnerId: 'cmi.core.student_id',
    learnerName: 'cmi.core.student_name',
    mastery: 'cmi.student_data.mastery_score',
    // Each call's error after the finish: Moodle's 1.2 API is simply not initialised again.
    afterFinish: { GetValue: '301', SetValue: '301', Commit: '301', Finish: '301' },
  },
  2004: {
    ...SCORM['2004'],
    mode: 'cmi.mode',
    credit: 'cmi.credit',
    raw: 'cmi.score.raw',
    scaled: 'cmi.score.scaled',
    location: 'cmi.location',
    learnerId: 'cmi.learner_id',
    learnerName: 'cmi.learner_name',
    mastery: 'cmi.scaled_passing_score',
    afterFinish: { GetValue: '123', SetValue: '133', Commit: '143', Finish: '113' },
  },
};

const server = serveBuiltApp();

/**
 * A fresh browser for one test, closed when it ends; its page is watched for
 * problems (`problemOptions` as `PageProblems` takes them).
 */
async function openBrowser(t, problemOptions) {
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const problems = new PageProblems(browser.page, problemOptions);
  return {
    context: browser.context,
    page: browser.page,
    assertNoProblems: () => problems.assertNone(),
  };
}

/** A name for an LMS record that no other test uses. */
function dbName(t) {
  return `host-${t.fullName.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}`;
}

/**
 * Opens the player with the probe SCO in `page` (a launch, or a relaunch of
 * the same record); returns the host, the probe's frame and ways to call it.
 */
async function launchProbe(page, options) {
  const host = new LmsHost(page, server, { sco: 'probe', packagePath: PROBE_PATH, ...options });
  await page.goto(host.url());
  const frame = await host.contentFrame();
  await frame.waitForFunction(() => window.probe?.api != null);
  return {
    host,
    frame,
    /** Runs `[method, ...args]` steps; returns each `{result, error}`. */
    run: (steps) => frame.evaluate((list) => window.probe.run(list), steps),
    /** GetValue of each element, as `{element: value}`. */
    read: (elements) => frame.evaluate((list) => window.probe.read(list), elements),
  };
}

/** Runs steps that must all succeed. */
async function succeed(probe, steps) {
  const results = await probe.run(steps);
  results.forEach(({ result, error }, n) => {
    assert.equal(error, '0', `step ${n} ${JSON.stringify(steps[n])}: error`);
    assert.notEqual(result, 'false', `step ${n} ${JSON.stringify(steps[n])}: result`);
  });
}

/** SetValue steps from `{element: value}`, in its order. */
function sets(values) {
  return Object.entries(values).map(([element, value]) => ['SetValue', element, value]);
}

/**
 * In a session already initialised: SetValue of each of `writes`, then `end`
 * ('Commit' or 'Finish'); every step must succeed.
 */
function write(probe, writes, end) {
  return succeed(probe, [...sets(writes), [end, '']]);
}

/**
 * Starts a test of the host in SCORM `version`: a fresh browser and an LMS
 * record of the test's own, with ways to launch the probe on that record
 * (each launch after the first is a relaunch) and to read the record.
 */
async function startTest(t, version, problemOptions) {
  const { context, page, assertNoProblems } = await openBrowser(t, problemOptions);
  const db = dbName(t);
  const launch = (options) => launchProbe(page, { version, db, ...options });
  return {
    context,
    page,
    db,
    assertNoProblems,
    launch,
    /**
     * Launches the probe and runs a whole session that must succeed:
     * Initialize, the `writes`, then `end` ('Commit' or 'Finish'). Returns the probe.
     */
    launchSession: async (writes, end, options) => {
      const probe = await launch(options);
      await succeed(probe, [['Initialize', ''], ...sets(writes), [end, '']]);
      return probe;
    },
    /** Launches the probe, initialises it and reads `elements`: `{probe, values}`. */
    launchAndRead: async (elements, options) => {
      const probe = await launch(options);
      await succeed(probe, [['Initialize', '']]);
      return { probe, values: await probe.read(elements) };
    },
    /** The whole LMS record now. */
    readRecord: () => readLmsRecord(page, server, db),
  };
}

for (const version of VERSIONS) {
  const v = E[version];

  describe(`the LMS host, SCORM ${version}`, () => {
    it('re-evaluates on a score stored before the status that changed in the same commit', async (t) => {
      const { launchSession, readRecord, assertNoProblems } = await startTest(t, version);
      const probe = await launchSession({ [v.status]: 'incomplete' }, 'Commit');
      const done = version === '1.2' ? 'passed' : 'completed';
      // Set in the other order: Moodle stores a commit in its own order.
      await write(probe, { [v.status]: done, [v.raw]: '100' }, 'Commit');

      const record = await readRecord();
      assert.equal(record.stored[v.status], done, 'the status is stored all the same');
      const gradebook = gradebookOf(record);
      assert.equal(gradebook.grade, 100);
      assert.equal(gradebook.completed, false, 'the score was evaluated with the old status');
      assert.deepEqual(
        gradebook.evaluations.map(({ element, value, statuses }) => ({ element, value, statuses })),
        [
          {
            element: v.raw,
            value: '100',
            statuses:
              version === '1.2'
                ? { [v.status]: 'incomplete' }
                : { [v.status]: 'incomplete', [v.success]: null },
          },
        ],
        'only the score re-evaluated; the changed status did not',
      );
      assertNoProblems();
    });

    it('completes when the final status is committed before the score', async (t) => {
      const { launchSession, readRecord, assertNoProblems } = await startTest(t, version);
      const probe = await launchSession({ [v.status]: 'incomplete' }, 'Commit');
      const done = version === '1.2' ? 'passed' : 'completed';
      await write(probe, { [v.status]: done }, 'Commit');
      assert.deepEqual(
        gradebookOf(await readRecord()).evaluations,
        [],
        'a status that changes is not evaluated',
      );
      await write(probe, { [v.raw]: '100' }, 'Commit');

      const gradebook = gradebookOf(await readRecord());
      assert.deepEqual(
        { grade: gradebook.grade, completed: gradebook.completed },
        { grade: 100, completed: true },
      );
      assert.equal(gradebook.evaluations.length, 1);
      assert.equal(gradebook.evaluations[0].element, v.raw);
      assert.equal(gradebook.evaluations[0].statuses[v.status], done);
      assertNoProblems();
    });

    it('re-evaluates when a status is first inserted as completed or passed', async (t) => {
      const { launchSession, readRecord, assertNoProblems } = await startTest(t, version);
      const status = version === '1.2' ? v.status : v.success;
      await launchSession({ [status]: 'passed', [v.raw]: '90' }, 'Commit');

      const gradebook = gradebookOf(await readRecord());
      assert.deepEqual(
        gradebook.evaluations.map(({ element, completed }) => ({ element, completed })),
        [
          { element: v.raw, completed: false },
          { element: status, completed: true },
        ],
        'the score first, with no status yet; then the first insert of the status',
      );
      assert.deepEqual(
        { grade: gradebook.grade, completed: gradebook.completed },
        { grade: 90, completed: true },
      );
      assertNoProblems();
    });

    it('stores only the elements the SCO changed', async (t) => {
      const { launchAndRead, readRecord, assertNoProblems } = await startTest(t, version);
      const { probe, values } = await launchAndRead([v.learnerId, v.learnerName], {
        learner: 'u-1',
        learnerName: 'Lee, Ann',
      });
      assert.deepEqual(values, { [v.learnerId]: 'u-1', [v.learnerName]: 'Lee, Ann' });
      // scorm-again's 1.2 score.max is 100 before any write; Moodle's is "".
      const written = { [v.location]: 'p3', [`${v.score}.max`]: '100' };
      await write(probe, written, 'Commit');

      const record = await readRecord();
      assert.deepEqual(
        record.stored,
        version === '1.2'
          ? // Moodle's player shows `not attempted` for a status it was not handed.
            { ...written, [v.status]: 'not attempted' }
          : written,
      );
      assert.equal(record.sessions[0].learner, 'u-1');
      assertNoProblems();
    });

    it('relaunches after a new attempt with empty data, and keeps the old one', async (t) => {
      const { launchSession, launchAndRead, readRecord, assertNoProblems } = await startTest(
        t,
        version,
      );
      const done =
        version === '1.2'
          ? { [v.status]: 'passed' }
          : { [v.status]: 'completed', [v.success]: 'passed' };
      await launchSession(
        { ...done, [v.raw]: '80', 'cmi.suspend_data': 'first', [v.exit]: 'suspend' },
        'Finish',
      );

      const { probe: second, values } = await launchAndRead(
        [v.entry, v.mode, v.credit, v.status, v.raw, 'cmi.suspend_data'],
        { attempt: 'new' },
      );
      assert.deepEqual(values, {
        [v.entry]: 'ab-initio',
        [v.mode]: 'normal',
        [v.credit]: 'credit',
        [v.status]: version === '1.2' ? 'not attempted' : 'unknown',
        [v.raw]: '',
        'cmi.suspend_data': '',
      });
      let record = await readRecord();
      assert.equal(record.attempt, 2);
      assert.deepEqual(record.stored, {}, 'the new attempt has no tracks yet');
      assert.equal(record.attempts.length, 1);
      assert.equal(record.attempts[0].attempt, 1);
      assert.equal(record.attempts[0].stored['cmi.suspend_data'], 'first');
      assert.equal(record.attempts[0].stored[v.raw], '80');
      assert.deepEqual(
        [record.sessions[1].attempt, record.sessions[1].entry, record.sessions[1].mode],
        [2, 'ab-initio', 'normal'],
      );

      await write(second, { [v.status]: 'incomplete', [v.raw]: '60' }, 'Commit');
      record = await readRecord();
      assert.equal(record.stored[v.raw], '60');
      const gradebook = gradebookOf(record);
      assert.equal(gradebook.grade, 80, "Moodle's default grade is the highest attempt's");
      assert.equal(gradebook.completed, true, 'completion, once met, stays');
      assertNoProblems();
    });

    it('overrides the status with the mastery score at finish, not at commit', async (t) => {
      const { launchAndRead, readRecord, assertNoProblems } = await startTest(t, version);
      const { probe, values } = await launchAndRead([v.mastery], { mastery: 80 });
      assert.equal(
        values[v.mastery],
        version === '1.2' ? '80' : '0.8',
        'the SCO can read the mastery score',
      );
      const status = version === '1.2' ? v.status : v.success;
      const wrote = version === '1.2' ? 'incomplete' : 'failed';
      await write(
        probe,
        { [status]: wrote, [v.raw]: '85', ...(version === '2004' && { [v.scaled]: '0.85' }) },
        'Commit',
      );
      assert.equal((await readRecord()).stored[status], wrote);

      await succeed(probe, [['Finish', '']]);
      assert.equal(
        (await readRecord()).stored[status],
        'passed',
        `the score at or above the mastery score overwrote "${wrote}"`,
      );
      assertNoProblems();
    });

    it('fails a score below the mastery score at finish, whatever the SCO sent', async (t) => {
      const { launchSession, readRecord, assertNoProblems } = await startTest(t, version);
      const status = version === '1.2' ? v.status : v.success;
      await launchSession(
        { [status]: 'passed', [v.raw]: '79', ...(version === '2004' && { [v.scaled]: '0.79' }) },
        'Finish',
        { mastery: 80 },
      );
      assert.equal((await readRecord()).stored[status], 'failed');
      assertNoProblems();
    });

    it('fails SetValue only on the elements a fault names', async (t) => {
      const { launch, readRecord, assertNoProblems } = await startTest(t, version);
      const interaction = version === '1.2' ? 'student_response' : 'learner_response';
      const probe = await launch({
        faults: [
          { element: 'cmi.suspend_data', code: '405', times: 1 },
          { element: `/^cmi\\.interactions\\.\\d+\\.${interaction}$/`, code: '406' },
        ],
      });
      const results = await probe.run([
        ['Initialize', ''],
        ['SetValue', 'cmi.suspend_data', 'a'],
        ['SetValue', 'cmi.suspend_data', 'b'],
        ['SetValue', v.location, 'p1'],
        ['SetValue', 'cmi.interactions.0.id', 'q1'],
        ['SetValue', 'cmi.interactions.0.type', 'choice'],
        ['SetValue', `cmi.interactions.0.${interaction}`, 'a'],
        ['Commit', ''],
      ]);
      assert.deepEqual(
        results.map(({ result, error }) => [result, error]),
        [
          ['true', '0'],
          ['false', '405'],
          ['true', '0'],
          ['true', '0'],
          ['true', '0'],
          ['true', '0'],
          ['false', '406'],
          ['true', '0'],
        ],
      );
      const record = await readRecord();
      assert.equal(record.stored['cmi.suspend_data'], 'b');
      assert.equal(record.stored['cmi.interactions.0.id'], 'q1');
      assert.equal(record.stored[`cmi.interactions.0.${interaction}`], undefined);

      await probe.host.setFaults([{ element: v.location, code: '351' }]);
      assert.deepEqual(
        await probe.run([
          ['SetValue', v.location, 'p2'],
          ['SetValue', v.raw, '5'],
        ]),
        [
          { result: 'false', error: '351' },
          { result: 'true', error: '0' },
        ],
      );
      const faulted = (await probe.host.calls()).filter((call) => call.fault !== undefined);
      assert.deepEqual(
        faulted.map((call) => call.args[0]),
        ['cmi.suspend_data', `cmi.interactions.0.${interaction}`, v.location],
      );
      assertNoProblems();
    });

    it('refuses every call after the finish and stores nothing more', async (t) => {
      const { launchSession, readRecord, assertNoProblems } = await startTest(t, version);
      const probe = await launchSession({ [v.location]: 'before' }, 'Finish');
      const before = await readRecord();

      const results = await probe.run([
        ['SetValue', v.location, 'after'],
        ['Commit', ''],
        ['GetValue', v.location],
        ['Finish', ''],
      ]);
      assert.deepEqual(results, [
        { result: 'false', error: v.afterFinish.SetValue },
        { result: 'false', error: v.afterFinish.Commit },
        { result: '', error: v.afterFinish.GetValue },
        { result: 'false', error: v.afterFinish.Finish },
      ]);
      const after = await readRecord();
      assert.deepEqual(after.stored, before.stored);
      assert.equal(after.stored[v.location], 'before');
      assert.deepEqual(after.sessions, before.sessions);
      assert.equal(
        after.calls[0].filter((call) => call.refused).length,
        4,
        'the refused calls are kept with the session',
      );
      assertNoProblems();
    });

    it('with network=post, fails a commit it cannot post with 101 and stores nothing', async (t) => {
      const commitUrl = new URL('/lms-host/commit', server.origin).href;
      const { context, launchSession, readRecord, assertNoProblems } = await startTest(t, version, {
        mayFailOffline: [commitUrl],
      });
      server.sent.splice(0);
      const probe = await launchSession({ [v.location]: 'online' }, 'Commit', { network: 'post' });
      const posted = () =>
        server.sent
          .filter(({ path }) => path === new URL(commitUrl).pathname)
          .map(({ body }) => JSON.parse(body));
      assert.deepEqual(posted(), [{ db: dbName(t), session: 0, method: 'Commit' }], 'posted');
      const before = await readRecord();

      await context.setOffline(true);
      const offline = await probe.run([
        ['SetValue', v.location, 'offline'],
        ['Commit', ''],
        ['Finish', ''],
      ]);
      assert.deepEqual(offline, [
        { result: 'true', error: '0' },
        { result: 'false', error: '101' },
        { result: 'false', error: '101' },
      ]);
      const after = await readRecord();
      assert.deepEqual(after.stored, before.stored);
      assert.equal(after.stored[v.location], 'online');
      assert.deepEqual(after.sessions, before.sessions, 'no commit counted, not finished');

      // The value stayed in the page, and goes with the next commit that posts.
      await context.setOffline(false);
      await write(probe, {}, 'Commit');
      assert.equal((await readRecord()).stored[v.location], 'offline');
      assert.equal(posted().length, 2, 'only the posts that reached the server');
      assertNoProblems();
    });

    it('starts a new session when the SCO initialises again after the finish', async (t) => {
      const { launchSession, readRecord, assertNoProblems } = await startTest(t, version);
      const apiName = version === '1.2' ? 'API' : 'API_1484_11';
      const probe = await launchSession(
        { [v.status]: 'incomplete', 'cmi.suspend_data': 'kept', [v.exit]: 'suspend' },
        'Finish',
      );

      await succeed(probe, [['Initialize', '']]);
      assert.equal(
        await probe.frame.evaluate((name) => window.probe.api === window.parent[name], apiName),
        true,
        'the SCO still holds the object on the player window',
      );
      assert.deepEqual(await probe.read([v.entry, v.mode, 'cmi.suspend_data', v.status]), {
        [v.entry]: 'resume',
        [v.mode]: 'normal',
        'cmi.suspend_data': 'kept',
        [v.status]: 'incomplete',
      });
      assert.equal((await probe.host.session()).index, 1);

      await probe.host.setFaults([{ method: 'Commit', code: version === '1.2' ? '101' : '391' }]);
      assert.deepEqual(
        await probe.run([
          ['SetValue', v.location, 'x'],
          ['Commit', ''],
        ]),
        [
          { result: 'true', error: '0' },
          { result: 'false', error: version === '1.2' ? '101' : '391' },
        ],
      );
      await probe.host.clearFaults();
      const done = version === '1.2' ? 'passed' : 'completed';
      await write(probe, { [v.status]: done }, 'Finish');

      const record = await readRecord();
      assert.deepEqual(
        record.sessions.map(({ entry, finished }) => ({ entry, finished })),
        [
          { entry: 'ab-initio', finished: true },
          { entry: 'resume', finished: true },
        ],
      );
      assert.equal(record.stored[v.location], 'x');
      assert.equal(record.stored[v.status], done);
      assert.deepEqual(
        [...new Set((await probe.host.calls()).map((call) => call.session))],
        [0, 1],
        'the calls of both sessions are recorded',
      );
      assert.equal(record.calls[1].filter((call) => call.method === 'Initialize').length, 1);

      // Once finished, the attempt is reviewed on the next Initialize.
      await succeed(probe, [['Initialize', '']]);
      assert.deepEqual(await probe.read([v.mode, v.credit]), {
        [v.mode]: 'review',
        [v.credit]: 'no-credit',
      });
      assertNoProblems();
    });

    it('takes a relaunch from a seeded record', async (t) => {
      const { page, db, launchAndRead, readRecord, assertNoProblems } = await startTest(
        t,
        version,
      );
      await seedLmsRecord(page, server, db, {
        [v.status]: 'incomplete',
        [v.exit]: 'suspend',
        [v.location]: 'p9',
      });
      const { values } = await launchAndRead([v.entry, v.location]);
      assert.deepEqual(values, { [v.entry]: 'resume', [v.location]: 'p9' });
      assert.equal((await readRecord()).sessions.at(-1).entry, 'resume');
      assertNoProblems();
    });
  });
}

describe('the LMS host, SCORM 1.2 only', () => {
  const v = E['1.2'];

  it('reviews a failed attempt and still stores what the review writes', async (t) => {
    const { launchSession, launchAndRead, readRecord, assertNoProblems } = await startTest(
      t,
      '1.2',
    );
    await launchSession(
      { [v.status]: 'failed', [v.raw]: '40', 'cmi.suspend_data': 's1', [v.exit]: '' },
      'Finish',
    );

    const { probe: review, values } = await launchAndRead([
      v.entry,
      v.mode,
      v.credit,
      v.status,
      v.raw,
      'cmi.suspend_data',
    ]);
    assert.deepEqual(values, {
      [v.entry]: '',
      [v.mode]: 'review',
      [v.credit]: 'no-credit',
      [v.status]: 'failed',
      [v.raw]: '40',
      'cmi.suspend_data': 's1',
    });
    await write(review, { [v.status]: 'incomplete' }, 'Commit');

    const record = await readRecord();
    assert.equal(record.stored[v.status], 'incomplete', 'Moodle stores a write in review mode');
    assert.deepEqual(
      [record.sessions[1].mode, record.sessions[1].credit, record.sessions[1].entry],
      ['review', 'no-credit', ''],
    );
    assertNoProblems();
  });

  it('stores completed when the SCO finishes without a status', async (t) => {
    const { launchSession, readRecord, assertNoProblems } = await startTest(t, '1.2');
    await launchSession({}, 'Finish');
    const record = await readRecord();
    assert.equal(record.stored[v.status], 'completed');
    assert.equal(gradebookOf(record).completed, true, 'a first insert of completed');
    assertNoProblems();
  });

  it('refuses suspend_data over 4,096 characters', async (t) => {
    const { launch, readRecord, assertNoProblems } = await startTest(t, '1.2');
    const probe = await launch();
    const results = await probe.run([
      ['Initialize', ''],
      ['SetValue', 'cmi.suspend_data', 'x'.repeat(4096)],
      ['SetValue', 'cmi.suspend_data', 'y'.repeat(4097)],
      ['Commit', ''],
    ]);
    assert.deepEqual(
      results.map(({ result, error }) => [result, error]),
      [
        ['true', '0'],
        ['true', '0'],
        ['false', '405'],
        ['true', '0'],
      ],
    );
    assert.equal(
      await probe.frame.evaluate(() => window.probe.api.LMSGetErrorString('405')),
      'Incorrect Data Type',
    );
    const stored = (await readRecord()).stored;
    assert.equal(stored['cmi.suspend_data'], 'x'.repeat(4096), 'the longer value was not stored');
    assertNoProblems();
  });

  it('relaunches a finished attempt in review even after a suspend', async (t) => {
    const { launchSession, launchAndRead, assertNoProblems } = await startTest(t, '1.2');
    await launchSession({ [v.status]: 'passed', [v.exit]: 'suspend' }, 'Finish');
    const { values } = await launchAndRead([v.entry, v.mode, v.credit]);
    assert.deepEqual(values, {
      [v.entry]: 'resume',
      [v.mode]: 'review',
      [v.credit]: 'no-credit',
    });
    assertNoProblems();
  });
});

describe('the LMS host, SCORM 2004 only', () => {
  const finished = {
    'cmi.completion_status': 'completed',
    'cmi.success_status': 'passed',
    'cmi.score.raw': '90',
    'cmi.score.scaled': '0.9',
    'cmi.suspend_data': 'state-1',
    'cmi.location': 'end',
  };

  it('relaunches after exit=normal ab-initio, unknown, without data, in review', async (t) => {
    const { launchSession, launchAndRead, readRecord, assertNoProblems } = await startTest(
      t,
      '2004',
    );
    await launchSession({ ...finished, 'cmi.exit': 'normal' }, 'Finish');

    const { probe: again, values } = await launchAndRead([
      'cmi.entry',
      'cmi.completion_status',
      'cmi.success_status',
      'cmi.score.raw',
      'cmi.suspend_data',
      'cmi.location',
      'cmi.mode',
      'cmi.credit',
    ]);
    assert.deepEqual(values, {
      'cmi.entry': 'ab-initio',
      'cmi.completion_status': 'unknown',
      'cmi.success_status': 'unknown',
      'cmi.score.raw': '',
      'cmi.suspend_data': '',
      'cmi.location': '',
      'cmi.mode': 'review',
      'cmi.credit': 'no-credit',
    });
    let record = await readRecord();
    for (const [element, value] of Object.entries(finished)) {
      assert.equal(record.stored[element], value, `the track ${element} stays in the database`);
    }

    await write(again, { 'cmi.completion_status': 'incomplete', 'cmi.exit': 'suspend' }, 'Commit');
    record = await readRecord();
    assert.equal(
      record.stored['cmi.completion_status'],
      'incomplete',
      'the write replaced completed',
    );
    assert.equal(record.stored['cmi.exit'], 'suspend');
    assert.equal(record.stored['cmi.suspend_data'], 'state-1', 'tracks not written stay');
    assert.equal(record.stored['cmi.success_status'], 'passed');
    assertNoProblems();
  });

  it('relaunches a completed attempt after exit=suspend with its data, in review', async (t) => {
    const { launchSession, launchAndRead, readRecord, assertNoProblems } = await startTest(
      t,
      '2004',
    );
    await launchSession({ ...finished, 'cmi.exit': 'suspend' }, 'Finish');

    const { values } = await launchAndRead([
      'cmi.entry',
      'cmi.mode',
      'cmi.credit',
      ...Object.keys(finished),
    ]);
    assert.deepEqual(values, {
      'cmi.entry': 'resume',
      'cmi.mode': 'review',
      'cmi.credit': 'no-credit',
      ...finished,
    });
    const session = (await readRecord()).sessions[1];
    assert.deepEqual(
      [session.entry, session.mode, session.credit],
      ['resume', 'review', 'no-credit'],
    );
    assertNoProblems();
  });

  it('relaunches an incomplete attempt after exit=normal ab-initio in normal mode', async (t) => {
    const { launchSession, launchAndRead, assertNoProblems } = await startTest(t, '2004');
    await launchSession({ 'cmi.completion_status': 'incomplete', 'cmi.exit': 'normal' }, 'Finish');
    const { values } = await launchAndRead(['cmi.entry', 'cmi.mode', 'cmi.credit']);
    assert.deepEqual(values, {
      'cmi.entry': 'ab-initio',
      'cmi.mode': 'normal',
      'cmi.credit': 'credit',
    });
    assertNoProblems();
  });

  it('keeps suspend_data up to 64,000 characters', async (t) => {
    const { launchSession, readRecord, assertNoProblems } = await startTest(t, '2004');
    await launchSession({ 'cmi.suspend_data': 'z'.repeat(64_000) }, 'Commit');
    assert.equal((await readRecord()).stored['cmi.suspend_data'].length, 64_000);
    assertNoProblems();
  });
});

describe('the test server', () => {
  it("serves the app under any Moodle activity's package path", async () => {
    const expected = await (
      await fetch(new URL(`${MOODLE_BASE_PATH}index.html`, server.origin))
    ).text();
    for (const path of [
      '/pluginfile.php/77/mod_scorm/content/9/',
      '/pluginfile.php/5/mod_scorm/content/12/',
    ]) {
      const response = await fetch(new URL(`${path}index.html`, server.origin));
      assert.equal(response.status, 200, path);
      assert.equal(await response.text(), expected, path);
    }
    const outside = await fetch(
      new URL('/pluginfile.php/x/mod_scorm/content/1/index.html', server.origin),
    );
    assert.equal(outside.status, 404);
  });
});
