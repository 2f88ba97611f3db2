// End-to-end tests of results leaving the app, in headless Chromium against
// the release build in dist/: the downloaded record files and their JSON
// Schema (assets/schema/record-v1.schema.json), their import on another
// device, and the `postMessage` to an embedding page.
//
// Every test fails on any console error, uncaught exception, failed request
// or HTTP error response.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';

import { launchBrowser, PageProblems } from '../support/browser.mjs';
import { eventually } from '../support/eventually.mjs';
import { serveBuiltApp } from '../support/server.mjs';
import { ExercisePage } from './pages/exercise-page.mjs';
import { HomePage } from './pages/home-page.mjs';
import { QuizContent, QuizPage } from './pages/quiz-page.mjs';

const SCHEMA = JSON.parse(
  readFileSync(new URL('../../assets/schema/record-v1.schema.json', import.meta.url), 'utf8'),
);

const content = new QuizContent();

const EXERCISES = ['aec-quiz', 'cluster-types', 'consortium-sim', 'cluster-plan'];

/** The id of a quiz item, as an interaction id: dimension and item number. */
const ITEM_ID = /^aec-d[1-7]-q\d\d$/;

/** The key under which the app keeps the learner's progress on the device. */
const PROGRESS_KEY = 'clusterlab.progress';

/** The messages the results panel shows after an import. */
const IMPORT_MESSAGES = {
  restored: (count) => `Results restored: ${count}.`,
  notJson:
    'This file could not be imported: it is not a results file. Nothing was changed.',
  notARecord:
    'This file could not be imported: it is not a clusterlab results file. Nothing was changed.',
  invalid: 'This file could not be imported: it is damaged. Nothing was changed.',
};

// Each test starts a browser (or two) and loads the wasm at least once;
// generous for a busy two-core CI machine.
const TEST_OPTIONS = { timeout: 120_000 };

const server = serveBuiltApp();
let downloadDir;

before(async () => {
  downloadDir = await mkdtemp(join(tmpdir(), 'clusterlab-downloads-'));
});

after(async () => {
  if (downloadDir !== undefined) {
    await rm(downloadDir, { recursive: true, force: true });
  }
});

// ---- A JSON Schema validator for the keywords the record schema uses ------

/** Keywords that only annotate or hold definitions. */
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$defs']);

function jsonType(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function hasType(value, type) {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return jsonType(value) === type;
  }
}

/**
 * The ways `value` breaks `schema` (draft 2020-12, restricted to the
 * keywords of record-v1.schema.json), as messages with a JSON path; empty
 * when it is valid. An unknown keyword throws, so that a schema that grows
 * one is not silently half-checked.
 */
function schemaErrors(value, schema, path = '$', root = schema) {
  const errors = [];
  const isObject = jsonType(value) === 'object';
  for (const [keyword, argument] of Object.entries(schema)) {
    switch (keyword) {
      case '$ref': {
        assert.match(argument, /^#\/\$defs\/[\w-]+$/, `a local $ref: ${argument}`);
        const target = root.$defs[argument.slice('#/$defs/'.length)];
        assert.ok(target, `${argument} is defined`);
        errors.push(...schemaErrors(value, target, path, root));
        break;
      }
      case 'oneOf': {
        const results = argument.map((sub) => schemaErrors(value, sub, path, root));
        const matching = results.filter((result) => result.length === 0).length;
        if (matching !== 1) {
          errors.push(
            `${path}: matches ${matching} of the oneOf alternatives, not exactly one` +
              (matching === 0 ? ` (${results.map((r) => r.slice(0, 3).join('; ')).join(' | ')})` : ''),
          );
        }
        break;
      }
      case 'type': {
        const types = Array.isArray(argument) ? argument : [argument];
        if (!types.some((type) => hasType(value, type))) {
          errors.push(`${path}: ${JSON.stringify(value)} is not of type ${types.join(' or ')}`);
        }
        break;
      }
      case 'const':
        if (!isDeepStrictEqual(value, argument)) {
          errors.push(`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(argument)}`);
        }
        break;
      case 'enum':
        if (!argument.some((allowed) => isDeepStrictEqual(value, allowed))) {
          errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(argument)}`);
        }
        break;
      case 'required':
        if (isObject) {
          for (const key of argument) {
            if (!Object.hasOwn(value, key)) {
              errors.push(`${path}: "${key}" is missing`);
            }
          }
        }
        break;
      case 'properties':
        if (isObject) {
          for (const [key, sub] of Object.entries(argument)) {
            if (Object.hasOwn(value, key)) {
              errors.push(...schemaErrors(value[key], sub, `${path}.${key}`, root));
            }
          }
        }
        break;
      case 'additionalProperties':
        assert.equal(argument, false, 'only `additionalProperties: false` is supported');
        if (isObject) {
          for (const key of Object.keys(value)) {
            if (!Object.hasOwn(schema.properties ?? {}, key)) {
              errors.push(`${path}: "${key}" is not allowed`);
            }
          }
        }
        break;
      case 'items':
        if (Array.isArray(value)) {
          value.forEach((item, index) =>
            errors.push(...schemaErrors(item, argument, `${path}[${index}]`, root)),
          );
        }
        break;
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(argument, 'u').test(value)) {
          errors.push(`${path}: ${JSON.stringify(value)} does not match /${argument}/`);
        }
        break;
      case 'minimum':
        if (typeof value === 'number' && value < argument) {
          errors.push(`${path}: ${value} is below ${argument}`);
        }
        break;
      case 'maximum':
        if (typeof value === 'number' && value > argument) {
          errors.push(`${path}: ${value} is above ${argument}`);
        }
        break;
      default:
        assert.ok(ANNOTATIONS.has(keyword), `the test's validator does not know "${keyword}"`);
    }
  }
  return errors;
}

/** Fails with every way `json` breaks the record schema. */
function assertValidAgainstSchema(json, what) {
  const errors = schemaErrors(json, SCHEMA);
  if (errors.length > 0) {
    // Every error, against the alternative the file claims to be.
    const claimed = json?.schema === 'clusterlab.records' ? 'bundle' : 'record';
    errors.push(...schemaErrors(json, SCHEMA.$defs[claimed], '$', SCHEMA));
  }
  assert.deepEqual(errors, [], `${what} is valid against record-v1.schema.json`);
}

// ---- Browsers, downloads and the quiz --------------------------------------

/**
 * A fresh browser (new profile: a new device) for one test, closed when the
 * test ends, watched for problems. Call `problems.assertNone()` at the end.
 */
async function openBrowser(t, { packageUrl = server.rootUrl, alsoAllowed = [] } = {}) {
  const browser = await launchBrowser();
  t.after(() => browser.close());
  return {
    context: browser.context,
    page: browser.page,
    problems: new PageProblems(browser.page, { packageUrl, alsoAllowed }),
  };
}

/**
 * Clicks through `click()` and returns the file it downloads: its suggested
 * name, where it is kept for the rest of the run, its text.
 */
async function downloadFrom(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  assert.equal(await download.failure(), null, 'the download completes');
  const name = download.suggestedFilename();
  const file = join(await mkdtemp(join(downloadDir, 'file-')), name);
  await download.saveAs(file);
  return { name, file, text: await readFile(file, 'utf8') };
}

/** Parses a downloaded file, failing with its start if it is not JSON. */
function parseJson(downloaded) {
  try {
    return JSON.parse(downloaded.text);
  } catch (error) {
    assert.fail(`${downloaded.name} is not JSON (${error.message}): ${downloaded.text.slice(0, 200)}`);
  }
}

/**
 * Answers `choices.length` items of a started quiz, the n-th correctly when
 * `choices[n]`; returns `{item, ids, correct}` in the order asked.
 */
async function answerItems(quiz, choices) {
  const answered = [];
  for (const correct of choices) {
    const shown = await quiz.currentItem();
    const item = content.itemByStem(shown.stem);
    const ids = correct ? item.key : content.wrongAnswer(item);
    await quiz.answer(ids);
    answered.push({ item, ids, correct });
  }
  return answered;
}

/** Which items the download test answers: right, wrong, right. */
const DOWNLOAD_CHOICES = [true, false, true];

/**
 * Standalone at `/index.html#/aec-quiz` in `page`: starts the quiz as an SME,
 * answers items, and downloads "this result". Returns the answered items and
 * the downloaded file.
 */
async function answerAndDownloadOne(page) {
  const exercise = new ExercisePage(page, `${server.rootUrl}index.html`);
  await exercise.open('aec-quiz');
  const quiz = new QuizPage(page);
  await quiz.start('sme');
  const answered = await answerItems(quiz, DOWNLOAD_CHOICES);
  await exercise.downloadButton().waitFor();
  assert.equal(
    (await exercise.downloadButton().innerText()).trim(),
    'Download this result',
    'the button says what it does',
  );
  const downloaded = await downloadFrom(page, () => exercise.downloadButton().click());
  return { exercise, quiz, answered, downloaded };
}

/** The single-record file of the download test, for the import tests. */
let singleRecordFile;

/**
 * A downloaded single-record file of the quiz: the download test's, or, when
 * that one did not get so far, one made now in a browser of its own.
 */
async function quizRecordFile() {
  if (singleRecordFile === undefined) {
    const browser = await launchBrowser();
    try {
      singleRecordFile = (await answerAndDownloadOne(browser.page)).downloaded.file;
    } finally {
      await browser.close();
    }
  }
  return singleRecordFile;
}

/** The status shown on each exercise's card on the home page, by slug. */
async function cardStatuses(home) {
  const statuses = {};
  for (const slug of EXERCISES) {
    const text = await home.exerciseCardText(`#/${slug}`);
    const match = /Not started|In progress|Completed/.exec(text);
    assert.ok(match, `the card of ${slug} shows a status: "${text}"`);
    statuses[slug] = match[0];
  }
  return statuses;
}

const NONE_STARTED = Object.fromEntries(EXERCISES.map((slug) => [slug, 'Not started']));

/** `clusterlab.progress` in the page's localStorage (null if absent). */
async function storedProgress(page) {
  return page.evaluate((key) => localStorage.getItem(key), PROGRESS_KEY);
}


/** The package's frame in an embedding page, once the app in it has started. */
async function packageFrame(page) {
  const frame = await eventually(async () => {
    const handle = await page.locator('iframe#scorm_object').elementHandle();
    const found = await handle?.contentFrame();
    assert.ok(found, 'the page has the package frame');
    assert.match(found.url(), /\/pluginfile\.php\/42\/mod_scorm\/content\/3\/index\.html\?/);
    return found;
  });
  await frame.getByTestId('save-state').waitFor({ timeout: 30_000 });
  return frame;
}

// ---- The tests -------------------------------------------------------------

describe('downloading results', () => {
  it('downloads one exercise, then all results, as valid version-1 records', TEST_OPTIONS, async (t) => {
    const { page, problems } = await openBrowser(t);

    const { exercise, answered, downloaded } = await answerAndDownloadOne(page);

    assert.equal(downloaded.name, 'clusterlab-aec-quiz.json');
    const record = parseJson(downloaded);
    assert.equal(record.schema, 'clusterlab.record');
    assert.equal(record.schema_version, 1);
    assert.equal(record.exercise, 'aec-quiz');
    assert.equal(record.completion_status, 'incomplete');
    assert.equal(record.finished_at, null, 'an unfinished attempt has no finish time');
    assert.equal(record.learner.id, null, 'no LMS, no learner id');
    assert.equal(record.attempt, 1);
    assert.equal(record.interactions.length, answered.length, 'one interaction per answered item');
    record.interactions.forEach((interaction, n) => {
      const { item, ids, correct } = answered[n];
      const at = `interaction ${n}`;
      assert.match(interaction.id, ITEM_ID, `${at}: id`);
      assert.equal(interaction.id, item.id, `${at}: item number ${n + 1} as asked`);
      assert.equal(interaction.type, 'choice', `${at}: type`);
      assert.deepEqual([...interaction.learner_response].sort(), [...ids].sort(), `${at}: response`);
      assert.deepEqual(
        interaction.correct_responses.map((pattern) => [...pattern].sort()),
        [[...item.key].sort()],
        `${at}: correct responses`,
      );
      assert.equal(interaction.result, correct ? 'correct' : 'incorrect', `${at}: result`);
    });
    assert.deepEqual(
      record.objectives.map((objective) => objective.id),
      content.dimensions.map((dimension) => dimension.id),
      'one objective per readiness dimension',
    );
    assertValidAgainstSchema(record, downloaded.name);
    singleRecordFile = downloaded.file;

    await exercise.backLink().click();
    const home = new HomePage(page, `${server.rootUrl}index.html`);
    await eventually(async () => assert.equal(await home.headingText(), 'Exercises'));
    await eventually(async () =>
      assert.equal(await home.downloadAllButton().isEnabled(), true, '"Download all results" is enabled'),
    );
    const all = await downloadFrom(page, () => home.downloadAllButton().click());

    const bundle = parseJson(all);
    assert.equal(
      all.name,
      'clusterlab-results.json',
      `"Download all results" names its file clusterlab-results.json (got ${all.name}, ` +
        `schema ${JSON.stringify(bundle.schema)})`,
    );
    assert.equal(bundle.schema, 'clusterlab.records');
    assert.equal(bundle.schema_version, 1);
    assert.equal(bundle.records?.length, 1, 'one record: only the quiz has a result');
    assert.equal(bundle.records[0].exercise, 'aec-quiz');
    assert.deepEqual(
      bundle.records[0].interactions.map((interaction) => interaction.id),
      answered.map(({ item }) => item.id),
    );
    assertValidAgainstSchema(bundle, all.name);
    problems.assertNone();
  });
});

describe('importing results', () => {
  it('restores a downloaded record on another device', TEST_OPTIONS, async (t) => {
    const file = await quizRecordFile();
    const { page, problems } = await openBrowser(t);
    const home = new HomePage(page, `${server.rootUrl}index.html`);
    await home.open();
    await eventually(async () => assert.deepEqual(await cardStatuses(home), NONE_STARTED));

    await home.importInput().setInputFiles(file);

    await eventually(async () =>
      assert.equal((await home.importStatus().innerText()).trim(), IMPORT_MESSAGES.restored(1)),
    );
    assert.equal(await home.importAlert().count(), 0, 'no alert');
    await eventually(async () =>
      assert.deepEqual(await cardStatuses(home), { ...NONE_STARTED, 'aec-quiz': 'In progress' }),
    );

    // The restored status is kept on the device.
    await home.reload();
    await home.heading().waitFor();
    await eventually(async () =>
      assert.deepEqual(await cardStatuses(home), { ...NONE_STARTED, 'aec-quiz': 'In progress' }),
    );
    problems.assertNone();
  });

  it('refuses a file that is not a valid record and changes nothing', TEST_OPTIONS, async (t) => {
    const { page, problems } = await openBrowser(t);
    const home = new HomePage(page, `${server.rootUrl}index.html`);
    await home.open();
    await eventually(async () => assert.deepEqual(await cardStatuses(home), NONE_STARTED));
    const progressBefore = await storedProgress(page);

    const damaged = {
      schema: 'clusterlab.record',
      schema_version: 1,
      learner: { id: null, name: '' },
      exercise: 'aec-quiz',
      attempt: 1,
      started_at: '2025-01-01T00:00:00Z',
      finished_at: null,
      session_time: 'PT1M',
      completion_status: 'incomplete',
      success_status: 'unknown',
      score: null,
      objectives: [],
      interactions: [],
      artifacts: {},
      resume: null,
    };
    assertValidAgainstSchema(damaged, 'the record before it is damaged');
    damaged.completion_status = 'finished';

    const files = [
      {
        what: 'JSON that is no record',
        file: { name: 'hello.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') },
        message: IMPORT_MESSAGES.notARecord,
      },
      {
        what: 'a text file',
        file: {
          name: 'notes.txt',
          mimeType: 'text/plain',
          buffer: Buffer.from('My results: question 1 right, question 2 wrong.\n'),
        },
        message: IMPORT_MESSAGES.notJson,
      },
      {
        what: 'a record with an unknown completion status',
        file: {
          name: 'clusterlab-aec-quiz.json',
          mimeType: 'application/json',
          buffer: Buffer.from(JSON.stringify(damaged)),
        },
        message: IMPORT_MESSAGES.invalid,
      },
    ];
    for (const { what, file, message } of files) {
      await home.importInput().setInputFiles(file);

      const alert = await eventually(async () => {
        const text = (await home.importAlert().innerText()).trim();
        assert.equal(text, message, `the alert on ${what}`);
        return text;
      });
      assert.ok(alert.includes('Nothing was changed.'), `the alert on ${what} says nothing changed`);
      assert.equal(await home.importStatus().count(), 0, `no "restored" status after ${what}`);
      assert.deepEqual(await cardStatuses(home), NONE_STARTED, `the statuses after ${what}`);
      assert.equal(
        await storedProgress(page),
        progressBefore,
        `${PROGRESS_KEY} is unchanged after ${what}`,
      );
    }

    await home.reload();
    await home.heading().waitFor();
    await eventually(async () => assert.deepEqual(await cardStatuses(home), NONE_STARTED));
    problems.assertNone();
  });
});

describe('posting results to the embedding page', () => {
  const hostOptions = () => ({ packageUrl: server.baseUrl, alsoAllowed: [server.hostUrl] });

  it('posts the record to an allowed origin after an answered item', TEST_OPTIONS, async (t) => {
    const { page, problems } = await openBrowser(t, hostOptions());
    await page.goto(new URL('embed.html', server.hostUrl).href);
    const frame = await packageFrame(page);
    assert.equal(
      new URL(frame.url()).searchParams.get('origin'),
      server.origin,
      'the package is launched with the host page origin',
    );
    const quiz = new QuizPage(frame);
    await quiz.start('sme');
    const [answered] = await answerItems(quiz, [true]);

    const received = await eventually(async () => {
      const all = await page.evaluate(() => window.received);
      const records = all.filter((message) => message.data?.type === 'clusterlab.record');
      const withAnswer = records.filter((message) =>
        message.data.record?.interactions?.some((interaction) => interaction.id === answered.item.id),
      );
      assert.ok(withAnswer.length >= 1, `a record with the answer arrived: ${JSON.stringify(all)}`);
      return { all, last: withAnswer.at(-1) };
    });
    for (const message of received.all) {
      assert.equal(message.origin, server.origin, 'every message comes from the package');
      assert.equal(message.data?.type, 'clusterlab.record', 'every message is a record');
      assert.deepEqual(Object.keys(message.data).sort(), ['record', 'type']);
    }
    const { record } = received.last.data;
    assert.equal(record.exercise, 'aec-quiz');
    assert.equal(record.schema, 'clusterlab.record');
    assert.deepEqual(
      record.interactions.map((interaction) => interaction.id),
      [answered.item.id],
    );
    assertValidAgainstSchema(record, 'the posted record');
    problems.assertNone();
  });

  it('posts nothing when the embedding page is not an allowed origin', TEST_OPTIONS, async (t) => {
    const { page, problems } = await openBrowser(t, hostOptions());
    const host = new URL('embed.html', server.hostUrl);
    host.searchParams.set('origin', 'https://elsewhere.example');
    await page.goto(host.href);
    const frame = await packageFrame(page);
    assert.equal(new URL(frame.url()).searchParams.get('origin'), 'https://elsewhere.example');
    const quiz = new QuizPage(frame);
    await quiz.start('sme');
    await answerItems(quiz, [true]);

    // Long enough for a message to arrive, had one been sent.
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 2_500));
    assert.deepEqual(await page.evaluate(() => window.received), [], 'no message arrived');
    problems.assertNone();
  });
});
