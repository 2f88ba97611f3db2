// Shared steps and checks for end-to-end journeys of the cluster development
// plan builder in the Moodle-like LMS host (plan-lms.test.mjs): a learner's
// plan written from the content and the English catalog (fields, rows,
// ratings), typed with `fill`, read back from the page, and what the LMS must
// get for it: one interaction per section worked on, as the engine words it
// (engine/src/exercises/cluster_plan/report.rs, engine/src/scorm.rs), the
// score, and a resume state that holds the plan whole or not at all.
//
// The learner's prose is made of the words of the English worked examples
// (`cluster-plan.section.*.example`), drawn by a seeded generator into
// sentences and paragraphs: varied like real writing, so that it compresses
// as a learner's text would, never as a run of one character.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

import { eventually } from '../../support/eventually.mjs';
import { interactionsOf, LmsHost, SCORM } from './lms-host.mjs';
import { PlanPage, planContent, SCO } from './plan-page.mjs';
import { dbName, decimal, openBrowser } from './quiz-journeys.mjs';

export { planContent, SCO };

const LOCALE_FILE = new URL('../../../assets/locales/en.json', import.meta.url);
const STRINGS = JSON.parse(readFileSync(LOCALE_FILE, 'utf8')).strings;

/** The sections in plan order, the action plan last. */
export const SECTIONS = planContent.sections;

/** The action plan's rules: default window, rows, currencies, example rows. */
const RULES = planContent.actionPlan;

/** The highest rubric points: every criterion at the top level. */
export const MAX_POINTS = planContent.criteria.length * planContent.topLevel;

/**
 * A watched browser for one test (see `openBrowser`) with the plan builder's
 * SCO (`sco=cluster-plan`) open in the LMS host's player, in an iframe:
 * `hostOptions` are the `LmsHost`'s, `db` by default the test's own record.
 * Returns the browser's `{context, page, assertNoProblems}` with the
 * record's `db`, the `host`, the package's `frame` and the `plan` page in it,
 * once the plan builder is shown.
 */
export async function openPlan(t, server, { db = dbName(t), ...hostOptions }) {
  const browser = await openBrowser(t, server);
  const opened = await launchPlan(browser.page, server, { db, ...hostOptions });
  return { ...browser, db, ...opened };
}

/** Opens the plan builder's SCO in the host's player on `page`: `{host, frame, plan}`. */
export async function launchPlan(page, server, hostOptions) {
  const host = new LmsHost(page, server, { sco: SCO, ...hostOptions });
  const frame = await host.open();
  const plan = new PlanPage(frame);
  await plan.section().waitFor({ timeout: 30_000 });
  return { host, frame, plan };
}

// ---- The learner's prose --------------------------------------------------

/** The words of the English worked examples, in catalog order. */
const EXAMPLE_WORDS = Object.entries(STRINGS)
  .filter(([key]) => /^cluster-plan\.section\.[a-z-]+\.example$/.test(key))
  .flatMap(([, text]) => text.split(/\s+/))
  .map((word) => word.replace(/^[-"“(]+/, '').replace(/[-")”:;,.]+$/, ''))
  .filter((word) => /[a-z]/i.test(word));

/** A 32-bit hash of `text` (FNV-1a), to seed a field's prose from its name. */
function hash(text) {
  let h = 0x811c9dc5;
  for (const c of text) {
    h = Math.imul(h ^ c.codePointAt(0), 0x01000193) >>> 0;
  }
  return h;
}

/** A seeded generator of numbers in [0, 1) (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Text in the learner's own words, seeded by `seed` (a string). */
export class Prose {
  constructor(seed) {
    this.next = random(hash(seed));
  }

  /** A whole number from `min` to `max`. */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /**
   * `n` words of the examples: short runs of one to five words that follow
   * each other there, each run from anywhere, an occasional comma between.
   */
  words(n) {
    const words = [];
    while (words.length < n) {
      const run = Math.min(this.int(1, 5), n - words.length);
      const at = this.int(0, EXAMPLE_WORDS.length - run);
      words.push(...EXAMPLE_WORDS.slice(at, at + run));
      if (words.length < n && this.next() < 0.15) {
        words[words.length - 1] += ',';
      }
    }
    return words.join(' ');
  }

  /** A sentence of 5 to 14 words, at most `max` characters. */
  sentence(max = Infinity) {
    let words = this.words(this.int(5, 14)).split(' ');
    const done = () => `${words.join(' ').replace(/,$/, '')}.`;
    while (words.length > 1 && done().length > max) {
      words = words.slice(0, -1);
    }
    const text = done();
    return text[0].toUpperCase() + text.slice(1);
  }

  /**
   * Sentences up to `length` characters (never more), in paragraphs of two
   * to four sentences when `paragraphs`.
   */
  text(length, { paragraphs = false } = {}) {
    let text = this.sentence(length);
    let inParagraph = 1;
    for (;;) {
      const breakHere = paragraphs && inParagraph >= this.int(2, 4);
      const gap = breakHere ? '\n\n' : ' ';
      const room = length - text.length - gap.length;
      if (room < 20) {
        return text;
      }
      text += gap + this.sentence(room);
      inParagraph = breakHere ? 1 : inParagraph + 1;
    }
  }

  /** `n` items, one a line, in `length` characters at most. */
  lines(n, length) {
    const each = Math.floor((length - (n - 1)) / n);
    return Array.from({ length: n }, () => this.text(each)).join('\n');
  }

  /**
   * `n` SMART objectives, one a line, in `length` characters at most: each
   * with a date (a month and a year) and a target that is not a year.
   */
  objectives(n, length, year) {
    const each = Math.floor((length - (n - 1)) / n);
    return Array.from({ length: n }, (_, k) => {
      const by = `By ${['June', 'December'][k % 2]} ${year + 1 + k}, at least ${this.int(5, 95)} `;
      return `${by}${this.text(each - by.length).replace(/^./, (c) => c.toLowerCase())}`;
    }).join('\n');
  }
}

/**
 * A field's value in a learner's words, about `length` characters long
 * (never more than the field takes): a number field gets a number, a lines
 * field `items` lines within its range (SMART objectives with a target and a
 * date), long text paragraphs.
 */
export function fieldValue(field, { length, items, year, prose = new Prose(field.id) }) {
  switch (field.kind) {
    case 'number':
      return prose.int(2, Math.min(field.max, 5_000));
    case 'text':
      return prose.text(Math.min(length, field.max_chars));
    case 'long-text':
      return prose.text(Math.min(length, field.max_chars), { paragraphs: true });
    case 'lines': {
      const { min, max } = field.items;
      const n = Math.min(Math.max(items ?? min, min), max);
      if (field.check === 'smart') {
        // Room for a date, a target and a few words in each objective.
        return prose.objectives(n, Math.min(Math.max(length, n * 90), field.max_chars), year);
      }
      return prose.lines(n, Math.min(length, field.max_chars));
    }
    default:
      throw new Error(`unknown field kind ${field.kind}`);
  }
}

/** How many characters a plan's values and rows hold. */
export function planLength(written) {
  const values = Object.values(written.values).filter((value) => typeof value === 'string');
  const cells = written.rows.flatMap((row) => [row.activity, row.responsible, row.indicator]);
  return [...values, ...cells].reduce((sum, text) => sum + [...(text ?? '')].length, 0);
}

/** Optional fields the complete plan fills; the others stay empty. */
const OPTIONAL_WRITTEN = [
  'workers',
  'vision-agreed',
  'market-evidence',
  'competitors',
  'value-added',
  'anchor',
  'branding',
];

/** The section the complete plan writes in a few words. */
export const BRIEF_SECTION = 'technology';

/**
 * A complete plan that SCORM 1.2's suspend_data can hold: every required
 * field and a few optional ones in a sentence or two (lines fields with two
 * items, SMART objectives with a target and a date; the technology section
 * in a few words, short enough for SCORM 1.2 to get it uncut), five rows from
 * the content's example (one left blank, two in other currencies), and the
 * rubric rated to `points`.
 */
export function completePlan(year, { seed, points }) {
  const values = {};
  for (const field of planContent.fields) {
    if (field.required || OPTIONAL_WRITTEN.includes(field.id)) {
      const prose = new Prose(`${seed}:${field.id}`);
      const length = field.section === BRIEF_SECTION ? prose.int(25, 45) : prose.int(40, 140);
      values[field.id] = fieldValue(field, { length, items: 2, year, prose });
    }
  }
  return {
    values,
    rows: [
      exampleRow('e1', year),
      exampleRow('e3', year, { currency: 'THB' }),
      BLANK_ROW,
      exampleRow('e4', year),
      exampleRow('e7', year, { currency: 'LAK' }),
    ],
    ratings: ratingsFor(points),
  };
}

// ---- Rows ---------------------------------------------------------------

/** The default window in `year`: the content's month-days, June 1 to November 30. */
export function defaultWindow(year) {
  return { start: `${year}-${RULES.window.start}`, end: `${year}-${RULES.window.end}` };
}

/**
 * The content's example row `id` as a learner copies it into `year`'s plan:
 * its activity, responsible party and indicator in English, its dates in
 * that year, its budget in `currency` (the example's by default).
 */
export function exampleRow(id, year, { currency } = {}) {
  const example = RULES.example.find((row) => row.id === id);
  assert.ok(example, `the content has example row ${id}`);
  const text = (cell) => planContent.text(`cluster-plan.example.${id}.${cell}`);
  return {
    activity: text('activity'),
    responsible: text('responsible'),
    start: `${year}-${example.start}`,
    end: `${year}-${example.end}`,
    amount: example.budget,
    currency: currency ?? example.currency,
    indicator: text('indicator'),
  };
}

/** A row's controls, in form order. */
const ROW_CELLS = ['activity', 'responsible', 'start', 'end', 'amount', 'currency', 'indicator'];

/** A row the learner added and left empty. */
export const BLANK_ROW = Object.freeze({});

/** Whether a row has nothing in it: checks and the LMS's text skip it. */
function isBlank(row) {
  return (
    ['activity', 'responsible', 'indicator'].every((cell) => (row[cell] ?? '').trim() === '') &&
    ['start', 'end', 'amount', 'currency'].every((cell) => row[cell] === undefined)
  );
}

// ---- Writing and reading the plan -----------------------------------------

/**
 * Writes `written` (`{values, rows, ratings}`) with the mouse and `fill`,
 * section by section in plan order: each field given a value, left at once
 * (so that it is reported), then one row per entry of `rows` (added, then
 * each cell filled and left), then the ratings. `afterField(id)` runs after
 * each field and row with its step: the field's id, or `row-<n>` from 1.
 * With `complete`, every section written must pass its checks.
 */
export async function writePlan(plan, written, options = {}) {
  const { afterField = async () => {}, complete = false } = options;
  for (const section of SECTIONS) {
    const fields = (section.fields ?? []).filter((field) => field.id in written.values);
    if (section.action_plan ? written.rows.length === 0 : fields.length === 0) {
      continue;
    }
    await plan.open(section.id);
    for (const field of fields) {
      await plan.field(field.id).fill(String(written.values[field.id]));
      await plan.field(field.id).blur();
      await afterField(field.id);
    }
    if (section.action_plan) {
      for (const [n, row] of written.rows.entries()) {
        await addRow(plan, row);
        await afterField(`row-${n + 1}`);
      }
    }
    if (complete) {
      await eventually(async () =>
        assert.equal(await plan.sectionState(section.id), 'passed', `${section.id} passes`),
      );
    }
  }
  if (written.ratings !== undefined) {
    await rate(plan, written.ratings);
  }
}

/** Adds a row at the end and fills its cells. Returns its id. */
async function addRow(plan, row) {
  const before = await plan.rowIds();
  await plan.addRowButton().click();
  const id = await eventually(async () => {
    const ids = await plan.rowIds();
    assert.equal(ids.length, before.length + 1, 'a row is added');
    return ids.at(-1);
  });
  for (const cell of ['activity', 'responsible', 'start', 'end', 'amount', 'indicator']) {
    if (row[cell] !== undefined) {
      await plan.cell(id, cell).fill(String(row[cell]));
      await plan.cell(id, cell).blur();
    }
  }
  if (row.currency !== undefined) {
    await plan.cell(id, 'currency').selectOption(row.currency);
  }
  return id;
}

/** Rates each criterion of `ratings` (`{criterion: level}`) in the self-assessment. */
export async function rate(plan, ratings) {
  await plan.open('rubric');
  for (const [criterion, level] of Object.entries(ratings)) {
    await plan.level(criterion, level).check();
  }
}

/**
 * Every field and row the page shows, as `written` holds them: each field of
 * the content (a field left out is empty), the rows in order with ids from
 * 1, each cell as typed (a blank row empty).
 */
export async function assertPlanShown(plan, written, { what = 'the plan' } = {}) {
  const wrong = [];
  const compare = (where, shown, want) => {
    if (shown !== want) {
      const preview = (text) => `${JSON.stringify(text.slice(0, 40))} (${text.length} characters)`;
      wrong.push(`${where}: ${preview(shown)} instead of ${preview(want)}`);
    }
  };
  for (const section of SECTIONS) {
    await plan.open(section.id);
    for (const field of section.fields ?? []) {
      const want = written.values[field.id];
      const shown = await plan.field(field.id).inputValue();
      compare(`the field ${field.id}`, shown, want === undefined ? '' : String(want));
    }
  }
  assert.ok(SECTIONS.at(-1).action_plan, 'the action plan comes last');
  const ids = await plan.rowIds();
  const wantIds = written.rows.map((_, n) => n + 1);
  compare('the rows\' ids', ids.join(', '), wantIds.join(', '));
  for (const [n, row] of written.rows.entries()) {
    if (ids[n] !== wantIds[n]) {
      continue;
    }
    for (const cell of ROW_CELLS) {
      const shown = await plan.cell(ids[n], cell).inputValue();
      compare(`row ${n + 1} ${cell}`, shown, row[cell] === undefined ? '' : String(row[cell]));
    }
  }
  assert.deepEqual(wrong, [], `${what}: every field and row as written`);
}

// ---- What the LMS gets ------------------------------------------------------

/**
 * Long learner text as the LMS gets it (`summary` in engine/src/scorm.rs):
 * one line, runs of white space as one space, a leading `{` after a space,
 * and when longer than `maxUnits` UTF-16 units, cut on a character boundary
 * with `…` at the end, within the limit.
 */
export function lmsSummary(text, maxUnits) {
  let line = text.split(/\s+/).filter(Boolean).join(' ');
  if (line.startsWith('{')) {
    line = ` ${line}`;
  }
  if (line.length <= maxUnits) {
    return line;
  }
  let cut = '';
  for (const c of line) {
    if (cut.length + c.length + '…'.length > maxUnits) {
      break;
    }
    cut += c;
  }
  return `${cut}…`;
}

/** The items of a lines field: its non-blank lines, trimmed. */
function items(text) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A row as one line: its number, then each cell that is filled, `; ` between. */
function rowText(number, row) {
  const dates =
    row.start === undefined && row.end === undefined ? '' : `${row.start ?? ''}..${row.end ?? ''}`;
  const budget =
    row.amount === undefined
      ? ''
      : row.currency === undefined
        ? String(row.amount)
        : `${row.amount} ${row.currency}`;
  const [activity, responsible, indicator] = [row.activity, row.responsible, row.indicator].map(
    (text) => text?.trim(),
  );
  const cells = [activity, responsible, dates, budget, indicator];
  return `${number}. ${cells.filter((cell) => cell).join('; ')}`;
}

/**
 * A section's text for the LMS, before the version's limit: each field with
 * a value as `id: text` in form order (a number as written, a lines field's
 * items joined with `; `), or each row of the action plan that is not blank,
 * numbered from 1; all joined with spaces.
 */
export function sectionText(section, written) {
  if (section.action_plan) {
    return written.rows
      .filter((row) => !isBlank(row))
      .map((row, n) => rowText(n + 1, row))
      .join(' ');
  }
  return section.fields
    .filter((field) => written.values[field.id] !== undefined && written.values[field.id] !== '')
    .map((field) => {
      const value = written.values[field.id];
      const text = field.kind === 'lines' ? items(value).join('; ') : String(value);
      return `${field.id}: ${text}`;
    })
    .join(' ');
}

/** The sections `written` puts something in, in plan order. */
export function sectionsWritten(written) {
  return SECTIONS.filter((section) =>
    section.action_plan
      ? written.rows.length > 0
      : section.fields.some((field) => field.id in written.values),
  );
}

/**
 * The interactions a plan reports: one per section worked on, in the order
 * first worked on, `cp-<section>`, a `long-fill-in` (SCORM 1.2: a
 * `fill-in`) whose response is the section's text (1.2: its summary in 250
 * characters; 2004: up to 4,000), neutral, weight 0, described (2004) by the
 * section's title.
 */
export function expectedInteractions(version, written, sections = sectionsWritten(written)) {
  return sections.map((section) => ({
    id: `cp-${section.id}`,
    type: version === '1.2' ? 'fill-in' : 'long-fill-in',
    response: lmsSummary(sectionText(section, written), version === '1.2' ? 250 : 4_000),
    description: planContent.sectionTitle(section.id),
  }));
}

/**
 * The stored interactions are exactly `expected` (see
 * `expectedInteractions`), in order, with no correct response, no latency,
 * and a well-formed time.
 */
export function assertPlanInteractions(flat, version, expected, { what = 'the plan' } = {}) {
  const v = SCORM[version];
  const interactions = interactionsOf(flat, version);
  assert.deepEqual(
    interactions.map((interaction) => interaction.id),
    expected.map((want) => want.id),
    `${what}: one interaction per section worked on, in order`,
  );
  expected.forEach((want, n) => {
    const interaction = interactions[n];
    const at = `${what}: interaction ${n} (${want.id})`;
    assert.equal(interaction.type, want.type, `${at}: type`);
    assert.equal(interaction.response, want.response, `${at}: ${v.response}`);
    assert.equal(interaction.hasCorrectResponses, false, `${at}: no correct response`);
    assert.equal(interaction.result, 'neutral', `${at}: result`);
    assert.equal(interaction.weighting, '0', `${at}: weighting`);
    assert.equal(interaction.latency ?? '', '', `${at}: no latency`);
    assert.match(interaction.time ?? '', v.timeFormat, `${at}: ${v.time}`);
    if (version === '2004') {
      assert.equal(interaction.description, want.description, `${at}: description`);
    } else {
      assert.ok(want.response.length <= 250, `${at}: 1.2 keeps 250 characters`);
    }
  });
}

/**
 * The score of a complete plan from its `ratings`: the completeness weight
 * (every section passes), plus the rubric weight times the share of points,
 * to two decimals, as `PlanSession::score` computes it.
 */
export function expectedScore(ratings) {
  const { completeness, rubric } = planContent.plan.scoring;
  const points = Object.values(ratings).reduce((sum, level) => sum + level, 0);
  const sections = SECTIONS.length;
  // In the engine's order of operations, so that the rounding is the same.
  const score = (completeness * sections) / sections + (rubric * points) / MAX_POINTS;
  return Math.round(score * 100) / 100;
}

/** A score as the page shows it: whole when whole, else to one decimal. */
export function scoreShown(score) {
  return Math.abs(score % 1) < 0.05 ? score.toFixed(0) : score.toFixed(1);
}

/** The progress line of a complete plan with `score` (passed or not). */
export function completeProgress(score) {
  const total = SECTIONS.length;
  const sections = planContent.word('progress', { passed: total, total });
  const shown = scoreShown(score);
  const standing =
    score >= planContent.passMark
      ? planContent.word('result-passed', { score: shown })
      : planContent.word('result-not-passed', { score: shown, pass: planContent.passMark });
  return `${sections} ${standing}`;
}

/** The score in a progress line ("… Score: 62.5 out of 100 …"), as a number. */
export function progressScore(text) {
  const match = /Score(?: so far)?: (\d+(?:\.\d)?) out of 100/.exec(text);
  assert.ok(match, `a score in "${text}"`);
  return Number(match[1]);
}

/**
 * `ratings` for `points` in all, as even as they go: every criterion one
 * level up in rubric order, round after round, until the points are given.
 */
export function ratingsFor(points) {
  assert.ok(points >= 0 && points <= MAX_POINTS, `${points} points are possible`);
  const n = planContent.criteria.length;
  return Object.fromEntries(
    planContent.criteria.map(({ id }, k) => [
      id,
      Math.floor(points / n) + (k < points % n ? 1 : 0),
    ]),
  );
}

/**
 * The status commits put the final status before the score: every commit
 * that carries `score.raw` carries no status element, and the last status
 * written went out in an earlier commit than the last score. `commits` as
 * `commitsOf` gives them.
 */
export function assertStatusBeforeScore(commits, version) {
  const v = SCORM[version];
  const statusElements = version === '1.2' ? [v.status] : [v.status, v.success];
  const raw = `${v.score}.raw`;
  const carries = (commit, elements) => commit.sets.some(([element]) => elements.includes(element));
  const scoreCommits = commits.flatMap((commit, n) => (carries(commit, [raw]) ? [n] : []));
  const statusCommits = commits.flatMap((commit, n) =>
    carries(commit, statusElements) ? [n] : [],
  );
  assert.ok(scoreCommits.length > 0, 'the score is committed');
  for (const n of scoreCommits) {
    const at = `commit ${n}`;
    assert.ok(!carries(commits[n], statusElements), `${at}: the score goes out without a status`);
    assert.equal(commits[n].finish, false, `${at}: the score is committed, not left to Finish`);
  }
  assert.ok(
    statusCommits.at(-1) < scoreCommits.at(-1),
    `the last status (commit ${statusCommits.at(-1)}) goes out ` +
      `before the last score (commit ${scoreCommits.at(-1)})`,
  );
}

/** `score.raw`, `min`, `max` (2004: `scaled`) of `score`, 0–100. */
export function assertPlanScore(flat, version, score) {
  const prefix = SCORM[version].score;
  assert.equal(flat[`${prefix}.raw`], decimal(score), `${prefix}.raw`);
  assert.equal(flat[`${prefix}.min`], '0', `${prefix}.min`);
  assert.equal(flat[`${prefix}.max`], '100', `${prefix}.max`);
  if (version === '2004') {
    assert.equal(flat[`${prefix}.scaled`], decimal(score / 100), `${prefix}.scaled`);
  }
}

// ---- The resume state -------------------------------------------------------

/**
 * The bytes a saved place holds (`ResumeState::encode`: a format character,
 * then base64url of deflated postcard bytes, where each text is its UTF-8
 * bytes whole).
 */
export function resumeBytes(encoded) {
  assert.equal(encoded[0], '3', 'resume format 3');
  return inflateRawSync(Buffer.from(encoded.slice(1), 'base64url'));
}

/** Whether the decoded resume state `bytes` holds `text` whole. */
export function holdsText(bytes, text) {
  return bytes.includes(Buffer.from(text, 'utf8'));
}

/**
 * The texts of a plan: each text value and each non-empty text cell of a
 * row, with `where` it is and the `step` of `writePlan` that wrote it (the
 * field's id, or `row-<n>`).
 */
export function textsOf(written) {
  return [
    ...Object.entries(written.values)
      .filter(([, value]) => typeof value === 'string')
      .map(([field, text]) => ({ where: field, step: field, text })),
    ...written.rows.flatMap((row, n) =>
      ['activity', 'responsible', 'indicator']
        .filter((cell) => row[cell])
        .map((cell) => ({ where: `row ${n + 1} ${cell}`, step: `row-${n + 1}`, text: row[cell] })),
    ),
  ];
}
