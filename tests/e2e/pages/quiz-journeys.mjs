// Shared steps and checks for end-to-end journeys of the AEC readiness quiz
// in the Moodle-like LMS host (lms.test.mjs, moodle.test.mjs): a watched
// browser per test, answering items, whole runs, the exact values a finished
// run reports, how a session ends, and ways to read and copy the LMS host's
// record.

import assert from 'node:assert/strict';

import { launchBrowser, PageProblems } from '../../support/browser.mjs';
import { eventually } from '../../support/eventually.mjs';
import { interactionsOf, LmsHost, objectivesOf, readLmsRecord, SCORM } from './lms-host.mjs';
import { normalize, QuizContent, QuizPage } from './quiz-page.mjs';

export const content = new QuizContent();
export const N_ITEMS = content.itemsPerAttempt;
export const N_STATEMENTS = content.statements.sme.length;

/** Suspend data must fit SCORM 1.2's limit and be plain printable ASCII. */
export const SUSPEND_DATA_LIMIT = 4096;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** The calls that only ask about the last error. */
export const ERROR_CALLS = ['GetLastError', 'GetErrorString', 'GetDiagnostic'];

/** The verdict sentences of the results step. */
export const verdict = {
  passed: (mark) => `You passed. The pass mark is ${mark}.`,
  failed: (mark) => `You have not reached the pass mark of ${mark} yet.`,
};

/**
 * A fresh browser (new profile: a new device), for `server`'s package in its
 * LMS host. Every page it opens, popups included, is watched for problems:
 * `problems()` lists them, `assertNoProblems()` fails on any. `alsoAllowed`
 * lists more URL prefixes of the server that pages may request besides the
 * package and the LMS host (another activity's package folder);
 * `mayFailOffline` the prefixes whose requests may fail while the test has
 * the network off (see `PageProblems`). The caller closes it with `close()`.
 */
export async function launchWatchedBrowser(server, { alsoAllowed = [], mayFailOffline = [] } = {}) {
  const browser = await launchBrowser();
  const watched = [];
  const watch = (page) =>
    watched.push(
      new PageProblems(page, {
        packageUrl: server.baseUrl,
        alsoAllowed: [server.hostUrl, ...alsoAllowed],
        mayFailOffline,
      }),
    );
  watch(browser.page);
  browser.context.on('page', watch);
  return {
    context: browser.context,
    page: browser.page,
    close: () => browser.close(),
    problems: () => watched.flatMap((problems) => problems.problems),
    assertNoProblems: () => {
      for (const problems of watched) {
        problems.assertNone();
      }
    },
  };
}

/**
 * A watched browser (see `launchWatchedBrowser`) for one test, closed when
 * the test ends; call `assertNoProblems()` at the end of the test.
 */
export async function openBrowser(t, server, options) {
  const browser = await launchWatchedBrowser(server, options);
  t.after(() => browser.close());
  return browser;
}

/** A name for an LMS record that no other test uses. */
export function dbName(t, suffix = '') {
  return `${t.fullName.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}${suffix}`;
}

/**
 * A watched browser for one test (see `openBrowser`) with the package opened
 * in the LMS host's player, in an iframe: `hostOptions` are the `LmsHost`'s,
 * `db` by default the test's own record, `browserOptions` those of
 * `launchWatchedBrowser`. Returns the browser's `{context,
 * page, assertNoProblems}` with the record's `db`, the `host`, the package's
 * `frame` and the `quiz` in it.
 */
export async function openQuiz(t, server, { db = dbName(t), browserOptions, ...hostOptions }) {
  const browser = await openBrowser(t, server, browserOptions);
  const host = new LmsHost(browser.page, server, { db, ...hostOptions });
  const frame = await host.open();
  return { ...browser, db, host, frame, quiz: new QuizPage(frame) };
}

/** Closes `page` as a learner closing the tab does: `pagehide` runs. */
export async function closePage(page) {
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
}

/** The option ids that answer `item` correctly, or wrongly. */
export function answerFor(item, correct) {
  return correct ? item.key : content.wrongAnswer(item);
}

/** The feedback: verdict, then the key's text, then why. */
export function assertFeedback(feedback, item, correct) {
  assert.ok(
    feedback.startsWith(correct ? 'Correct.' : 'Not correct.'),
    `the feedback on ${item.id} starts with the verdict: "${feedback}"`,
  );
  const keyHeading = item.key.length === 1 ? 'The correct answer is:' : 'The correct answers are:';
  assert.ok(feedback.includes(keyHeading), `"${keyHeading}" in "${feedback}"`);
  for (const option of item.key) {
    assert.ok(
      feedback.includes(normalize(item.optionTexts[option])),
      `the key ${option} in "${feedback}"`,
    );
  }
  assert.ok(feedback.includes('Why'), `"Why" in "${feedback}"`);
  assert.ok(feedback.includes(normalize(item.why)), `the explanation in "${feedback}"`);
}

/**
 * Answers `count` items from the one shown, each with `choose(item, index)`
 * option ids, checking each item's options and feedback on the way. Returns
 * what was shown and answered, in order.
 */
export async function answerItems(quiz, count, choose) {
  const answered = [];
  for (let index = 0; index < count; index += 1) {
    const shown = await quiz.currentItem();
    const item = content.itemByStem(shown.stem);
    assert.deepEqual(
      shown.options.map((option) => option.value).sort(),
      [...item.options].sort(),
      `the options of ${item.id}`,
    );
    const type = item.kind === 'single' ? 'radio' : 'checkbox';
    for (const option of shown.options) {
      assert.equal(option.type, type, `${item.id} option ${option.value} is a ${type}`);
      assert.equal(
        option.label,
        normalize(item.optionTexts[option.value]),
        `${item.id} option ${option.value}`,
      );
    }
    if (item.kind === 'multiple') {
      assert.match(await quiz.itemFieldset().innerText(), /Choose all answers that apply\./);
    }
    const ids = choose(item, index);
    const { feedback } = await quiz.answer(ids);
    const correct = [...ids].sort().join() === [...item.key].sort().join();
    assertFeedback(feedback, item, correct);
    answered.push({ ...shown, item, ids, correct });
  }
  return answered;
}

/**
 * At the self-assessment of a try as an SME: every statement, each shown
 * once, rated `rating`, and the try finished. Returns the statements in the
 * order they were shown and rated.
 */
export async function rateAllStatements(quiz, rating) {
  await quiz.selfAssessmentHeading().waitFor();
  const statements = (await quiz.statementTexts()).map((text) =>
    content.statementByText('sme', text),
  );
  assert.deepEqual(
    statements.map((statement) => statement.id).sort(),
    content.statements.sme.map((statement) => statement.id).sort(),
    'every SME statement is shown once',
  );
  await quiz.rateAllAndFinish(rating);
  return statements;
}

/**
 * A whole try as an SME from its first item: every item answered (correctly
 * when `correct(index)`), every statement rated `rating`. Returns the
 * answered items and the statements in the order they were shown and rated,
 * and the rating.
 */
export async function fullRun(quiz, { correct, rating }) {
  await quiz.knowledgeHeading().waitFor();
  const answered = await answerItems(quiz, N_ITEMS, (item, index) =>
    answerFor(item, correct(index)),
  );
  const statements = await rateAllStatements(quiz, rating);
  return { answered, statements, rating };
}

/** The first `n` characters of `text`, counting characters, not UTF-16 units. */
export function firstChars(text, n) {
  return [...text].slice(0, n).join('');
}

/** A number as SCORM's CMIDecimal in the app's format: `100`, `0.5`. */
export function decimal(value) {
  return String(Math.round(value * 10_000) / 10_000);
}

/** The graded knowledge score of `right` correct items out of all (weights are 1), 2 decimals. */
export function knowledgePercent(right, total = N_ITEMS) {
  const weights = [...content.items.values()].map((item) => item.weight);
  assert.ok(
    weights.every((weight) => weight === 1),
    'every item weighs 1, so the score is the share of right answers',
  );
  return Math.round((right / total) * 100 * 100) / 100;
}

/** The score elements: raw as the percentage, min 0, max 100 (2004: scaled too). */
export function assertScore(flat, version, percent, prefix = SCORM[version].score) {
  assert.equal(flat[`${prefix}.raw`], decimal(percent), `${prefix}.raw`);
  assert.equal(flat[`${prefix}.min`], '0', `${prefix}.min`);
  assert.equal(flat[`${prefix}.max`], '100', `${prefix}.max`);
  if (version === '2004') {
    assert.equal(flat[`${prefix}.scaled`], decimal(percent / 100), `${prefix}.scaled`);
  }
}

/** No score element is stored at all. */
export function assertNoScore(flat, version) {
  const prefix = `${SCORM[version].score}.`;
  assert.deepEqual(
    Object.keys(flat).filter((element) => element.startsWith(prefix)),
    [],
    'no score is stored',
  );
}

/**
 * The stored status elements, exactly: 1.2 `{lesson_status}`, 2004
 * `{completion_status, success_status}` (undefined when not stored).
 */
export function statusesOf(flat, version) {
  return version === '1.2'
    ? { 'cmi.core.lesson_status': flat['cmi.core.lesson_status'] }
    : {
        'cmi.completion_status': flat['cmi.completion_status'],
        'cmi.success_status': flat['cmi.success_status'],
      };
}

/** The statuses of a finished try that passed or failed, in each version's words. */
export function finishedStatuses(version, passed) {
  return version === '1.2'
    ? { 'cmi.core.lesson_status': passed ? 'passed' : 'failed' }
    : { 'cmi.completion_status': 'completed', 'cmi.success_status': passed ? 'passed' : 'failed' };
}

/**
 * Asserts that the interactions from index `first` are exactly `expected`,
 * in order, each `{id, type, response, pattern, result, weighting,
 * description}`: `response` and `pattern` as lists of ids (`pattern`
 * undefined when the interaction states no correct response), `result`
 * `correct`, `incorrect` (SCORM 1.2 says `wrong`) or `neutral`, `description`
 * the full text (SCORM 2004 keeps its first 250 characters; 1.2 has none).
 * Latency and time must be well-formed. `what` names the run in messages.
 */
export function assertInteractionList(flat, version, expected, { first = 0, what = 'a run' } = {}) {
  const v = SCORM[version];
  const interactions = interactionsOf(flat, version).slice(first);
  assert.equal(
    interactions.length,
    expected.length,
    `one interaction per answer of ${what}, from index ${first}`,
  );
  expected.forEach((want, n) => {
    const interaction = interactions[n];
    const at = `interaction ${first + n} (${want.id}, ${what})`;
    assert.equal(interaction.id, want.id, `${at}: id`);
    assert.equal(interaction.type, want.type, `${at}: type`);
    assert.equal(interaction.response, want.response.join(v.separator), `${at}: response`);
    if (want.pattern === undefined) {
      assert.equal(interaction.hasCorrectResponses, false, `${at}: no correct responses`);
    } else {
      assert.equal(interaction.pattern, want.pattern.join(v.separator), `${at}: correct pattern`);
    }
    const result = want.result === 'incorrect' ? v.wrong : want.result;
    assert.equal(interaction.result, result, `${at}: result`);
    assert.equal(interaction.weighting, decimal(want.weighting), `${at}: weighting`);
    assert.match(interaction.latency, v.latencyFormat, `${at}: latency`);
    assert.match(interaction.time, v.timeFormat, `${at}: ${v.time}`);
    if (version === '2004') {
      const description = firstChars(want.description, 250);
      assert.equal(interaction.description, description, `${at}: description`);
    }
  });
}

/**
 * Asserts the interactions of one finished or partial try, from index
 * `first`: the items in asking order, then the statements in rating order,
 * with exact ids (`-t<n>` from the second try), types, responses, patterns,
 * results, weights and (2004) descriptions, and well-formed times.
 */
export function assertInteractions(
  flat,
  version,
  { answered, statements = [], rating, first = 0, attempt = 1 },
) {
  const suffix = attempt <= 1 ? '' : `-t${attempt}`;
  assertInteractionList(
    flat,
    version,
    [
      ...answered.map(({ item, correct }) => ({
        id: `${item.id}${suffix}`,
        type: 'choice',
        response: answerFor(item, correct),
        pattern: item.key,
        result: correct ? 'correct' : 'incorrect',
        weighting: item.weight,
        description: item.stem,
      })),
      ...statements.map((statement) => ({
        id: `${statement.id}${suffix}`,
        type: 'likert',
        response: [String(rating)],
        pattern: undefined,
        result: 'neutral',
        weighting: 0,
        description: statement.text,
      })),
    ],
    { first, what: `try ${attempt}` },
  );
  if (version === '1.2') {
    const interactions = interactionsOf(flat, version).slice(first);
    answered.forEach(({ item }, n) => {
      assert.match(
        interactions[n].response,
        /^[0-9a-z](,[0-9a-z])*$/,
        `interaction ${first + n} (${item.id}, try ${attempt}): 1.2 choice format`,
      );
    });
  }
}

/**
 * Asserts that the objectives from index `first` are exactly `expected`, in
 * order, each `{id, percent, success, completion, description}`: `percent`
 * the score 0–100 (undefined: no score stored), `success` `passed`, `failed`
 * or `unknown`, `completion` `completed`, `incomplete` or `not attempted`
 * (SCORM 1.2 folds both into one status), `description` (2004 only).
 */
export function assertObjectiveList(flat, version, expected, { first = 0 } = {}) {
  const objectives = objectivesOf(flat).slice(first);
  assert.deepEqual(
    objectives.map((objective) => objective.id),
    expected.map((want) => want.id),
    `the objectives from index ${first}, in order`,
  );
  expected.forEach((want, n) => {
    const objective = objectives[n];
    const at = `objective ${want.id}`;
    if (want.percent === undefined) {
      assert.deepEqual(
        Object.keys(objective).filter((field) => field.startsWith('score.')),
        [],
        `${at}: no score`,
      );
    } else {
      assert.equal(objective['score.raw'], decimal(want.percent), `${at}: score.raw`);
      assert.equal(objective['score.min'], '0', `${at}: score.min`);
      assert.equal(objective['score.max'], '100', `${at}: score.max`);
      if (version === '2004') {
        assert.equal(objective['score.scaled'], decimal(want.percent / 100), `${at}: score.scaled`);
      }
    }
    if (version === '1.2') {
      const status = want.success === 'unknown' ? want.completion : want.success;
      assert.equal(objective.status, status, `${at}: status`);
    } else {
      assert.equal(objective.success_status, want.success, `${at}: success_status`);
      assert.equal(objective.completion_status, want.completion, `${at}: completion_status`);
      assert.equal(objective.description, firstChars(want.description, 250), `${at}: description`);
    }
  });
}

/**
 * Asserts one objective per dimension, `aec-d1`…`aec-d7` from index
 * `first`, with the readiness the profile table of the counted try showed
 * (`rows`; each `expectedReadiness` when given) and the status its band
 * gives (met from Ready, 70).
 */
export function assertDimensionObjectives(flat, version, rows, { first = 0, expectedReadiness } = {}) {
  assert.deepEqual(
    rows.map((row) => row.dimension),
    content.dimensions.map((dimension) => dimension.name),
    'the profile table lists the dimensions in content order',
  );
  const expected = content.dimensions.map((dimension, d) => {
    const readiness = rows[d].readiness;
    if (expectedReadiness !== undefined) {
      assert.equal(readiness, expectedReadiness, `the table's readiness of ${dimension.id}`);
    }
    return {
      id: dimension.id,
      percent: readiness,
      success: readiness >= 70 ? 'passed' : 'failed',
      completion: 'completed',
      description: dimension.name,
    };
  });
  assertObjectiveList(flat, version, expected, { first });
}

/** Suspend data is there, ASCII and within SCORM 1.2's 4,096 characters. */
export function assertSuspendData(flat) {
  const data = flat['cmi.suspend_data'] ?? '';
  assert.ok(data.length > 0, 'suspend_data is written');
  assert.ok(data.length <= SUSPEND_DATA_LIMIT, `suspend_data has ${data.length} characters`);
  assert.match(data, PRINTABLE_ASCII, 'suspend_data is printable ASCII');
}

/**
 * Session `session` of `record` (from `readLmsRecord`) ended: it finished,
 * with one Initialize and one Finish, and the stored session time is
 * well-formed and the exit `exit`.
 */
export function assertSessionEnded(record, version, session, exit, what = `session ${session}`) {
  const v = SCORM[version];
  assert.equal(record.sessions[session]?.finished, true, `${what}: finished`);
  assert.equal(record.stored[v.exit], exit, `${what}: ${v.exit}`);
  assert.match(record.stored[v.sessionTime], v.sessionTimeFormat, `${what}: ${v.sessionTime}`);
  const calls = record.calls[session];
  assert.equal(calls.filter((call) => call.method === 'Initialize').length, 1, `${what}: one Initialize`);
  assert.equal(calls.filter((call) => call.method === 'Finish').length, 1, `${what}: one Finish`);
}

/** `flat` without the elements that change with every session (session time). */
export function withoutSessionTime(flat, version) {
  const { [SCORM[version].sessionTime]: _time, ...rest } = flat;
  return rest;
}

/** The gradebook's grade and completion, and each evaluation's trigger and outcome. */
export function gradebookSummary(gradebook) {
  return {
    grade: gradebook?.grade ?? null,
    completed: gradebook?.completed ?? false,
    evaluations: (gradebook?.evaluations ?? []).map(
      ({ element, value, statuses, grade, completed }) => ({
        element,
        value,
        statuses,
        grade,
        completed,
      }),
    ),
  };
}

/**
 * The commits of a session's calls, in order: the successful SetValue calls
 * since the previous commit, as `[element, value]`, for each Commit (and the
 * final Finish, as `finish: true`).
 */
export function commitsOf(calls) {
  const commits = [];
  let sets = [];
  for (const call of calls) {
    if (call.method === 'SetValue' && call.result === 'true' && call.fault === undefined) {
      sets.push([call.args[0], call.args[1]]);
    } else if (call.method === 'Commit' || call.method === 'Finish') {
      commits.push({ sets, finish: call.method === 'Finish', result: call.result });
      sets = [];
    }
  }
  return commits;
}

/** The last value the app tried to set for each element, faulted tries included. */
export function attemptedWrites(calls) {
  const writes = new Map();
  for (const call of calls) {
    if (call.method === 'SetValue') {
      writes.set(call.args[0], call.args[1]);
    }
  }
  return writes;
}

/** The API methods a session called, error queries left out, each once, in first-call order. */
export function methodsOf(calls) {
  return [...new Set(calls.map((call) => call.method).filter((m) => !ERROR_CALLS.includes(m)))];
}

/** Waits until the host's record `db` satisfies `check`, and returns it. */
export async function eventuallyStored(page, server, db, check) {
  return eventually(async () => {
    const record = await readLmsRecord(page, server, db);
    check(record);
    return record;
  });
}

/**
 * Writes a whole LMS host record (as `readLmsRecord` gives it: stored,
 * attempt, attempts, gradebook, sessions and each session's calls) into the
 * origin's localStorage of `page`'s browser as record `db`: the same LMS
 * record, reached from another device.
 */
export async function restoreLmsRecord(page, server, db, record) {
  if (!page.url().startsWith(server.hostUrl)) {
    await page.goto(new URL('index.html', server.hostUrl).href);
  }
  await page.evaluate(
    ({ name, copy }) => {
      const { calls, ...rest } = copy;
      localStorage.setItem(`lms-host:${name}`, JSON.stringify(rest));
      calls.forEach((list, n) =>
        localStorage.setItem(`lms-host:${name}:calls:${n}`, JSON.stringify(list)),
      );
    },
    { name: db, copy: record },
  );
}

/**
 * Everything the app keeps in the origin's localStorage of `root` (a page or
 * frame of the server's origin; with `server`, a page elsewhere is taken
 * there first), the LMS host's own keys left out.
 */
export async function deviceStorage(root, server) {
  if (server !== undefined && typeof root.goto === 'function' && !root.url().startsWith(server.origin)) {
    await root.goto(new URL('index.html', server.hostUrl).href);
  }
  return root.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((key) => !key.startsWith('lms-host:'))
        .sort()
        .map((key) => [key, localStorage.getItem(key)]),
    ),
  );
}
