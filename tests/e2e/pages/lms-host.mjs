// The test LMS of tests/lms-host/: a Moodle-like player page that installs
// the real scorm-again run-time and loads the package in an iframe (or a new
// window), and the LMS "database" it keeps in the origin's localStorage.

import assert from 'node:assert/strict';

import { eventually } from '../../support/eventually.mjs';
import { MOODLE_BASE_PATH } from '../../support/server.mjs';

/** Element names and vocabularies that differ between the versions. */
export const SCORM = {
  '1.2': {
    page: 'scorm12.html',
    status: 'cmi.core.lesson_status',
    exit: 'cmi.core.exit',
    entry: 'cmi.core.entry',
    sessionTime: 'cmi.core.session_time',
    score: 'cmi.core.score',
    response: 'student_response',
    time: 'time',
    wrong: 'wrong',
    separator: ',',
    exitWhenDone: 'logout',
    // CMITimespan as Moodle accepts it: 2–4 hour digits.
    sessionTimeFormat: /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/,
    latencyFormat: /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/,
    // CMITime: a time of day.
    timeFormat: /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/,
  },
  2004: {
    page: 'scorm2004.html',
    status: 'cmi.completion_status',
    success: 'cmi.success_status',
    exit: 'cmi.exit',
    entry: 'cmi.entry',
    sessionTime: 'cmi.session_time',
    score: 'cmi.score',
    response: 'learner_response',
    time: 'timestamp',
    wrong: 'incorrect',
    separator: '[,]',
    // Always suspend: Moodle hands 2004 data back only after a suspend.
    exitWhenDone: 'suspend',
    // ISO 8601 duration with at most two decimals of a second.
    sessionTimeFormat:
      /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/,
    latencyFormat: /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/,
    // ISO 8601 date-time, optional fraction and zone.
    timeFormat: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})?$/,
  },
};

/** The key under which the app keeps writes the LMS has not taken yet. */
export function pendingKey(sco, { version, learner = 'learner-7', packagePath } = {}) {
  return `${devicePrefix({ version, learner, packagePath })}clusterlab.lms.pending.${sco}`;
}

/**
 * The prefix of everything the app keeps on the device for one learner in
 * one activity: the SCORM version, the package folder without its revision
 * (Moodle's activity), and the LMS's learner id.
 */
export function devicePrefix({ version, learner = 'learner-7', packagePath = MOODLE_BASE_PATH }) {
  if (version === 'none') {
    // Without an LMS the learner is this device's own.
    return '';
  }
  const activity = packagePath.replace(/\/$/, '').split('/content/')[0];
  const name = version === '1.2' ? 'scorm12' : 'scorm2004';
  return `clusterlab.lms[${name}|${activity}|${learner}].`;
}

export class LmsHost {
  /**
   * @param {import('playwright-core').Page} page
   * @param {{hostUrl: string}} server
   * @param {object} options
   * @param {'1.2' | '2004' | 'none'} options.version the run-time, or none at all
   * @param {string} [options.sco] the package's `sco` launch parameter
   * @param {string} options.db the name of the LMS record to use and keep
   * @param {'iframe' | 'window'} [options.display] how the player shows the package
   * @param {object[]} [options.faults] faults to inject from the start
   * @param {'new'} [options.attempt] `new`: Moodle's "Start a new attempt"
   * @param {number} [options.mastery] the SCO's mastery score, 0–100
   * @param {string} [options.learner] the learner's id (the host's default: `learner-7`)
   * @param {string} [options.learnerName] the learner's name (the host's default: `Chan, Dara`)
   * @param {string} [options.packagePath] the package's folder on the server
   *   (default Moodle's `MOODLE_BASE_PATH`)
   * @param {'post'} [options.network] `post`: Commit and Finish post to the
   *   server first, and fail with error 101 when it cannot be reached
   */
  constructor(
    page,
    server,
    {
      version,
      sco = 'aec-quiz',
      db,
      display = 'iframe',
      faults,
      attempt,
      mastery,
      learner,
      learnerName,
      packagePath = MOODLE_BASE_PATH,
      network,
    },
  ) {
    this.page = page;
    this.server = server;
    this.version = version;
    this.sco = sco;
    this.db = db;
    this.display = display;
    this.faults = faults;
    this.attempt = attempt;
    this.mastery = mastery;
    this.learner = learner;
    this.learnerName = learnerName;
    this.packagePath = packagePath;
    this.network = network;
  }

  /** The player page's URL. */
  url() {
    const page = this.version === 'none' ? 'no-api.html' : SCORM[this.version].page;
    const url = new URL(page, this.server.hostUrl);
    url.searchParams.set('sco', this.sco);
    url.searchParams.set('db', this.db);
    url.searchParams.set('display', this.display);
    if (this.faults !== undefined) {
      url.searchParams.set('faults', JSON.stringify(this.faults));
    }
    for (const [name, value] of [
      ['attempt', this.attempt],
      ['mastery', this.mastery],
      ['learner', this.learner],
      ['learnername', this.learnerName],
      ['network', this.network],
    ]) {
      if (value !== undefined) {
        url.searchParams.set(name, String(value));
      }
    }
    if (this.packagePath !== MOODLE_BASE_PATH) {
      url.searchParams.set('package', this.packagePath);
    }
    return url.href;
  }

  /**
   * Opens the player. In an iframe, returns the package's frame once the app
   * shows its saving status; in a new window, returns nothing (see `enter`).
   */
  async open() {
    await this.page.goto(this.url());
    if (this.display === 'window') {
      return undefined;
    }
    return this.appFrame();
  }

  /** The package's frame, once it has loaded the package's page. */
  async contentFrame() {
    return eventually(async () => {
      const handle = await this.page.locator('iframe#scorm_object').elementHandle();
      const found = await handle?.contentFrame();
      assert.ok(found, 'the player has a content frame');
      assert.equal(new URL(found.url()).pathname, `${this.packagePath}index.html`);
      return found;
    });
  }

  /** The package's frame, once the app in it has started. */
  async appFrame() {
    const frame = await this.contentFrame();
    await frame.getByTestId('save-state').waitFor({ timeout: 30_000 });
    return frame;
  }

  /** Clicks "Enter" in a new-window player, and returns the package's window. */
  async enter() {
    const [popup] = await Promise.all([
      this.page.waitForEvent('popup'),
      this.page.getByRole('button', { name: 'Enter', exact: true }).click(),
    ]);
    return popup;
  }

  /** The run-time's data now, as `renderCMIToJSONObject()` gives it. */
  async cmi() {
    return this.page.evaluate(() => window.lmsHost.cmi());
  }

  /** The run-time's data now, flattened to `{element: value}`. */
  async liveCmi() {
    return this.page.evaluate(() => window.lmsHost.flatCmi());
  }

  /**
   * Every API call this player has seen: `{session, method, args, result,
   * error, fault, refused}`.
   */
  async calls() {
    return this.page.evaluate(() => window.lmsHost.calls());
  }

  /** The current session: `{index, attempt, entry, mode, credit, learner, commits, finished}`. */
  async session() {
    return this.page.evaluate(() => window.lmsHost.session());
  }

  /** Replaces the injected faults (see tests/lms-host/host.js). */
  async setFaults(faults) {
    await this.page.evaluate((list) => window.lmsHost.setFaults(list), faults);
  }

  async clearFaults() {
    await this.page.evaluate(() => window.lmsHost.clearFaults());
  }
}

/**
 * The LMS's record `db`, read in `page` (any page of the server's origin; it
 * is taken there if it is elsewhere): `{stored, attempt, attempts, gradebook,
 * sessions, calls}`, where `stored` is the current attempt's tracks as Moodle
 * keeps them, flattened: every element the SCO changed, as of the last
 * successful Commit or Finish; `attempt` the current attempt's number, from
 * 1; `attempts` the earlier ones, `[{attempt, stored}]`; `gradebook` what
 * Moodle last evaluated (see `gradebookOf`); `sessions` what it knows of each
 * launch (attempt, entry, mode, credit, learner, commits, finished);
 * `calls[n]` the API calls of launch `n` as last saved.
 */
export async function readLmsRecord(page, server, db) {
  if (!page.url().startsWith(server.hostUrl)) {
    await page.goto(new URL('index.html', server.hostUrl).href);
  }
  return page.evaluate((name) => {
    const record = JSON.parse(localStorage.getItem(`lms-host:${name}`) ?? 'null') ?? {
      sessions: [],
    };
    const calls = record.sessions.map((_, n) =>
      JSON.parse(localStorage.getItem(`lms-host:${name}:calls:${n}`) ?? '[]'),
    );
    return {
      stored: record.stored ?? {},
      attempt: record.attempt ?? 1,
      attempts: record.attempts ?? [],
      gradebook: record.gradebook,
      sessions: record.sessions,
      calls,
    };
  }, db);
}

/**
 * The gradebook of a record from `readLmsRecord`: `{grade, completed,
 * evaluations}`, where `grade` is the highest attempt's score.raw as a number
 * (null if none), `completed` the activity completion ("passed or
 * completed"), both as Moodle last re-evaluated them, and `evaluations` every
 * re-evaluation: `{session, method, element, value, attempt, statuses, grade,
 * completed}`, `statuses` being the stored status elements at that moment.
 */
export function gradebookOf(record) {
  return record.gradebook ?? { grade: null, completed: false, evaluations: [] };
}

/**
 * Makes the LMS's record `db` hold `stored` (flattened CMI data), as if a
 * previous session had left it, in the origin's localStorage of `page`'s
 * browser: how a relaunch on another device finds the LMS's data.
 */
export async function seedLmsRecord(page, server, db, stored) {
  if (!page.url().startsWith(server.hostUrl)) {
    await page.goto(new URL('index.html', server.hostUrl).href);
  }
  await page.evaluate(
    ({ name, data }) =>
      localStorage.setItem(
        `lms-host:${name}`,
        JSON.stringify({ sessions: [{ entry: 'seeded' }], stored: data }),
      ),
    { name: db, data: stored },
  );
}

/**
 * The app's pending LMS writes in the origin's localStorage of `root` (a page
 * or frame of the server's origin), as `[{element, value}]`; empty if none.
 */
export async function pendingWrites(root, sco, options) {
  const saved = await root.evaluate(
    (key) => JSON.parse(localStorage.getItem(key) ?? '[]'),
    pendingKey(sco, options),
  );
  return saved.map(({ element, value }) => ({ element, value }));
}

/**
 * The interactions in flattened CMI data, by index: `{id, type, response,
 * pattern, result, weighting, latency, time, description}` (fields absent
 * from the data are `undefined`). Fails if the indexes have a gap.
 */
export function interactionsOf(flat, version) {
  return indexed(flat, 'cmi.interactions').map((fields) => ({
    id: fields.id,
    type: fields.type,
    response: fields[SCORM[version].response],
    pattern: fields['correct_responses.0.pattern'],
    hasCorrectResponses: Object.keys(fields).some((field) => field.startsWith('correct_responses.')),
    result: fields.result,
    weighting: fields.weighting,
    latency: fields.latency,
    time: fields[SCORM[version].time],
    description: fields.description,
  }));
}

/** The objectives in flattened CMI data, by index, as their fields (`score.raw`, …). */
export function objectivesOf(flat) {
  return indexed(flat, 'cmi.objectives');
}

/** The elements `prefix.n.*` of flattened data, as one object of fields per index. */
function indexed(flat, prefix) {
  const byIndex = [];
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)\\.(.+)$`);
  for (const [element, value] of Object.entries(flat)) {
    const match = pattern.exec(element);
    if (match) {
      const index = Number(match[1]);
      byIndex[index] ??= {};
      byIndex[index][match[2]] = value;
    }
  }
  for (let index = 0; index < byIndex.length; index += 1) {
    assert.ok(byIndex[index], `${prefix}.${index} exists (no gap in the indexes)`);
  }
  return byIndex;
}
