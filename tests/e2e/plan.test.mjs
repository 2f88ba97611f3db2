// End-to-end tests of the cluster development plan builder on its own
// (`#/cluster-plan`, no LMS), in headless Chromium against the release
// build in dist/, served under Moodle's deep package path: a whole plan
// written with the keyboard alone, every section, the action plan's rows
// and the self-assessment, then exported as Markdown and JSON and printed;
// HTML, script and Markdown typed into every text field and row cell,
// which stay inert text on the page at a desktop's and a phone's width and
// in both exports; a plan continued on another device from its JSON, and
// files that are not a plan or are damaged, which change nothing; and
// checks that help without nagging: notes only on fields left or written,
// objectives that are not SMART, rows with their findings and their bars,
// rows moved and removed from the keyboard with the focus kept.
//
// What the page and the files should hold is derived from the exercise's
// content and English catalog (required fields, items per list, the SMART
// rule, the fewest rows, the score's weights), never read from the app's
// own figures. The action plan's period is the content's default in the
// browser's current year. Every test fails on any console error, uncaught
// exception, failed request or HTTP error response.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

import { eventually } from '../support/eventually.mjs';
import { serveBuiltApp } from '../support/server.mjs';
import { openExercise } from './pages/exercise-page.mjs';
import { normalize, SAVE_MESSAGES } from './pages/package-frame.mjs';
import { grouped, markdown, PlanPage, planContent, SCO, scoreText } from './pages/plan-page.mjs';

// A whole plan typed key by key, with checks after every section, on a busy
// two-core CI machine: generous.
const TEST_OPTIONS = { timeout: 240_000 };

const server = serveBuiltApp();

/**
 * A fresh browser (a device of its own) for one test, closed when the test
 * ends, on the exercise's page under Moodle's package path, its first
 * section shown. `period` is the action plan's default period in the
 * browser's current year. Call `problems.assertNone()` at the end.
 */
async function openPlan(t) {
  const { page, exercise: plan, problems } = await openExercise(t, server, SCO, PlanPage);
  await plan.field(planContent.sections[0].fields[0].id).waitFor();
  const year = await page.evaluate(() => new Date().getFullYear());
  return { page, plan, problems, year, period: planContent.defaultWindow(year) };
}

/** Presses what `start` presses and returns the file it downloads: its suggested name and text. */
async function downloadFrom(page, start) {
  const [download] = await Promise.all([page.waitForEvent('download'), start()]);
  assert.equal(await download.failure(), null, 'the download completes');
  return {
    name: download.suggestedFilename(),
    text: await readFile(await download.path(), 'utf8'),
  };
}

/** `iso` moved by `days`. */
function addDays(iso, days) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Days from `from` to `to`. */
function daysBetween(from, to) {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** Whether an ISO date falls in the period, both ends included. */
const within = (period, iso) => period.start <= iso && iso <= period.end;

/**
 * What the learner writes into a field: short; a long text on two lines;
 * a list with the fewest items its check allows (at least two); SMART
 * objectives with a number and a year.
 */
function valueFor(field, year) {
  switch (field.kind) {
    case 'number':
      return String(Math.min(field.max, 140));
    case 'text':
      return `Keyboard ${field.id}`;
    case 'long-text':
      return `First line on ${field.id}\nSecond line on ${field.id}`;
    case 'lines': {
      const { min, max } = field.items;
      const count = Math.min(max, Math.max(min, 2));
      return Array.from({ length: count }, (_, at) =>
        field.check === 'smart'
          ? `Objective ${at + 1}: ${(at + 2) * 10} more buyers by ${year + 1}`
          : `${field.id} item ${at + 1}`,
      ).join('\n');
    }
    default:
      return assert.fail(`a field of kind ${field.kind}`);
  }
}

/** A field's value as the exported JSON holds it. */
const jsonValue = (field, value) => (field.kind === 'number' ? Number(value) : value);

/** The texts the document shows for a field holding `value` (undefined: not written). */
function documentTextsOf(field, value) {
  if (value === undefined) {
    return [planContent.word('not-written')];
  }
  if (field.kind === 'number') {
    return [grouped(Number(value))];
  }
  return value
    .split('\n')
    .map((line) => (field.kind === 'lines' ? line.trim() : line))
    .filter((line) => field.kind !== 'lines' || line !== '');
}

/** A written field's block in the Markdown export: its label as a heading, then its value. */
function markdownOf(field, value) {
  const heading = `### ${markdown.heading(planContent.fieldLabel(field.id))}\n\n`;
  switch (field.kind) {
    case 'number':
      return `${heading}${value}\n\n`;
    case 'lines':
      return `${heading}${value
        .split('\n')
        .filter((item) => item.trim() !== '')
        .map((item) => `- ${markdown.line(item)}\n`)
        .join('')}\n`;
    default:
      return `${heading}${markdown.paragraphs(value)}\n\n`;
  }
}

/**
 * The action plan's rows, at least the content's fewest: each in its own
 * stretch of the period (the first early, the last at its end), with a
 * responsible party, a budget in one of two of the content's currencies
 * and an indicator with a number.
 */
function rowsIn(period) {
  const templates = [
    ['Train 25 weavers in natural dyeing', 'Ms Keo, Lao Weavers Association', 1200, 0],
    ['Meet buyers at the Bangkok fair', 'Mr Somchai, provincial chamber', 45000, 2],
    ['Report on the plan indicators', 'Cluster coordinator, LWA', 300, 0],
  ];
  const indicators = ['25 weavers trained', '12 buyer meetings held', '1 report to 40 members'];
  const count = Math.max(planContent.actionPlan.rows.min, templates.length);
  const span = daysBetween(period.start, period.end);
  return Array.from({ length: count }, (_, at) => {
    const [activity, responsible, amount, currency] = templates[at % templates.length];
    return {
      activity: at < templates.length ? activity : `${activity} (${at + 1})`,
      responsible,
      start: addDays(period.start, Math.floor((at * span) / count) + 3),
      end: addDays(period.start, Math.floor(((at + 1) * span) / count) - 3),
      amount,
      currency: planContent.actionPlan.currencies[currency],
      indicator: indicators[at % indicators.length],
    };
  });
}

/** A row as the exported JSON holds it. */
const jsonRow = (row) => ({
  activity: row.activity,
  responsible: row.responsible,
  start: row.start ?? null,
  end: row.end ?? null,
  amount: row.amount ?? null,
  currency: row.currency ?? null,
  indicator: row.indicator,
});

/** Waits until the focus is on the shown panel's heading, `title`. */
async function assertFocusOnHeading(plan, title, what) {
  await eventually(async () => {
    const focused = await plan.focused();
    assert.deepEqual(
      focused && { tag: focused.tag, inPanel: focused.inPanel, text: focused.text },
      { tag: 'h2', inPanel: true, text: title },
      `${what}: the focus is on the panel's heading`,
    );
  });
}

/** The state every section shows in the list. */
async function sectionStates(plan) {
  const states = {};
  for (const section of planContent.sections) {
    states[section.id] = await plan.sectionState(section.id);
  }
  return states;
}

/** The notes under every field of the panel shown. */
async function panelNotes(plan) {
  return plan.root
    .getByTestId('plan-panel')
    .locator('[data-testid=plan-field-note]')
    .evaluateAll((notes) => notes.map((note) => note.textContent));
}

// HTML that would run script, a link that would, and Markdown that would
// open structure: each must stay the learner's literal text.
const PAYLOADS = [
  '<img src=x onerror="window.__owned=1">',
  '<script>window.__owned=2</script>',
  '"><svg onload=window.__owned=3>',
  'javascript:alert(1)',
  '| # * _ [x](y)',
  '# not a heading',
  '1. not a list',
];
const ONE_LINE = PAYLOADS.join(' ');
const LINES = PAYLOADS.join('\n');

describe('cluster development plan builder without an LMS', () => {
  const keyboardOnly = 'is written whole with the keyboard alone, then exported and printed';
  it(keyboardOnly, TEST_OPTIONS, async (t) => {
    const { page, plan, problems, year, period } = await openPlan(t);
    // Counts every press of a mouse, pen or finger in the document.
    await page.evaluate(() => {
      window.pointerPresses = 0;
      document.addEventListener('pointerdown', () => (window.pointerPresses += 1), true);
    });
    const total = planContent.sections.length;
    assert.equal(await plan.progressText(), planContent.progress(0, 0), 'nothing written yet');

    // Every required field of every section, each section opened from the
    // list or by "Next: …" from the one before, in turn.
    const written = new Map();
    const sections = planContent.writtenSections;
    for (const [index, section] of sections.entries()) {
      const title = planContent.sectionTitle(section.id);
      if (index % 2 === 0) {
        await plan.pressByKeyboard(`[data-testid="plan-nav-${section.id}"]`);
        await assertFocusOnHeading(plan, title, `after opening ${section.id} from the list`);
      } else {
        assert.equal(
          normalize(await plan.nextSectionButton().innerText()),
          planContent.word('next-section', { section: title }),
          `the way on to ${section.id}`,
        );
        await plan.pressByKeyboard('[data-testid="plan-next-section"]');
        await assertFocusOnHeading(plan, title, `after "Next: ${title}"`);
      }
      assert.equal(await plan.navButton(section.id).getAttribute('aria-current'), 'step');
      const required = section.fields.filter((field) => field.required);
      assert.ok(required.length > 0, `${section.id} has required fields`);
      for (const field of required) {
        const value = valueFor(field, year);
        assert.ok(field.kind === 'number' || value.length <= field.max_chars, `${field.id} fits`);
        await plan.typeByKeyboard(`#cl-plan-field-${field.id}`, value);
        written.set(field.id, value);
      }
      await eventually(async () =>
        assert.equal(await plan.sectionState(section.id), 'passed', `${section.id} passes`),
      );
      await plan.root.getByTestId('plan-section-passed').waitFor();
      assert.deepEqual(await plan.tipItems(), [], `${section.id}: no advice`);
      assert.deepEqual(
        await panelNotes(plan),
        section.fields.map(() => ''),
        `${section.id}: no field has a note`,
      );
      assert.equal(await plan.progressText(), planContent.progress(index + 1, 0));
    }

    // The action plan, by "Next: …" from the last section.
    const actionPlan = planContent.actionPlanSection;
    await plan.pressByKeyboard('[data-testid="plan-next-section"]');
    await assertFocusOnHeading(plan, planContent.sectionTitle(actionPlan.id), 'the action plan');
    assert.equal(await plan.windowStart().inputValue(), period.start, 'the default first day');
    assert.equal(await plan.windowEnd().inputValue(), period.end, 'the default last day');
    const rows = rowsIn(period);
    assert.ok(rows.length >= planContent.actionPlan.rows.min, 'at least the fewest rows');
    const ids = [];
    for (const row of rows) {
      assert.ok(within(period, row.start) && within(period, row.end), 'a row inside the period');
      await plan.pressByKeyboard('[data-testid="plan-add-row"]');
      const id = await eventually(async () => {
        const focused = await plan.focused();
        assert.equal(focused?.cell, 'activity', "the new row's activity takes the focus");
        assert.ok(!ids.includes(focused.row), 'a new row');
        return focused.row;
      });
      ids.push(id);
      await page.keyboard.type(row.activity);
      const inRow = (cell) => `[data-row="${id}"] [data-cell=${cell}]`;
      assert.equal(await plan.cell(id, 'activity').inputValue(), row.activity);
      await plan.typeByKeyboard(inRow('responsible'), row.responsible);
      await plan.typeDateByKeyboard(inRow('start'), row.start);
      await plan.typeDateByKeyboard(inRow('end'), row.end);
      await plan.typeByKeyboard(inRow('amount'), String(row.amount));
      await plan.selectByKeyboard(inRow('currency'), row.currency);
      await plan.typeByKeyboard(inRow('indicator'), row.indicator);
      await page.keyboard.press('Tab');
      await eventually(async () =>
        assert.deepEqual(await plan.rowNotes(id), [], `row ${id}: no note`),
      );
    }
    assert.deepEqual(await plan.rowIds(), ids, 'the rows in the order added');
    await eventually(async () =>
      assert.deepEqual(
        await plan.ganttBars(),
        ids.map((row) => ({ row, outside: false })),
        'one bar per row, each inside the period',
      ),
    );
    assert.equal(
      await plan.budgetTotal(),
      `${planContent.word('total-budget')} ${planContent.budgetTotals(rows)}`,
    );
    await plan.root.getByTestId('plan-section-passed').waitFor();
    assert.deepEqual(await plan.tipItems(), [], 'an early start and a late end: no advice');
    assert.equal(await plan.sectionState(actionPlan.id), 'passed');
    assert.equal(await plan.progressText(), planContent.progress(total, 0));

    // The self-assessment: the first criterion at the lowest level (Space),
    // the second one up, the others at the top (arrow keys).
    await plan.pressByKeyboard('[data-testid="plan-nav-rubric"]');
    await assertFocusOnHeading(plan, planContent.word('rubric'), 'the self-assessment');
    const levels = planContent.criteria.map((_, at) => [0, 1][at] ?? planContent.topLevel);
    for (const [at, criterion] of planContent.criteria.entries()) {
      await plan.rateByKeyboard(criterion.id, levels[at]);
    }
    const points = levels.reduce((sum, level) => sum + level, 0);
    const band = planContent.band(points);
    const pointsText = planContent.word('rubric-points', { points, max: planContent.maxPoints });
    const standing = `${pointsText} — ${band.name} ${band.advice}`;
    assert.equal(
      await plan.rubricTotalText(),
      normalize(`${planContent.word('rubric-total')} ${standing}`),
    );
    const score = planContent.score(total, points);
    assert.ok(score >= planContent.passMark, 'the plan passes');
    assert.deepEqual(
      await sectionStates(plan),
      Object.fromEntries(planContent.sections.map(({ id }) => [id, 'passed'])),
      'every section complete',
    );
    assert.equal(await plan.progressText(), planContent.progress(total, points));
    assert.ok(
      (await plan.progressText()).startsWith(
        planContent.word('progress', { passed: total, total }),
      ),
      'all sections complete',
    );

    // The whole plan.
    await plan.pressByKeyboard('[data-testid="plan-nav-document"]');
    await eventually(async () => {
      const focused = await plan.focused();
      assert.deepEqual(
        focused && { tag: focused.tag, inDocument: focused.inDocument, text: focused.text },
        { tag: 'h2', inDocument: true, text: planContent.word('your-plan') },
        'the focus is on the heading of the plan',
      );
    });
    for (const section of sections) {
      for (const field of section.fields) {
        assert.deepEqual(
          await plan.documentTexts(field.id),
          documentTextsOf(field, written.get(field.id)),
          `the document's ${field.id}`,
        );
      }
    }
    assert.deepEqual(
      await plan.documentRows(),
      rows.map((row, at) => [
        String(at + 1),
        row.activity,
        row.responsible,
        planContent.date(row.start),
        planContent.date(row.end),
        `${grouped(row.amount)} ${row.currency}`,
        row.indicator,
      ]),
      "the document's action plan",
    );
    assert.equal(await plan.document().locator('.cl-gantt__bar').count(), rows.length);
    await plan.waitForAllSaved();

    // Markdown: every section's title and every typed text.
    const md = await downloadFrom(page, () =>
      plan.pressByKeyboard('[data-testid="plan-export-markdown"]'),
    );
    assert.equal(md.name, 'cluster-plan.md');
    assert.ok(
      md.text.startsWith(`# ${markdown.heading(planContent.title)}\n\n`),
      md.text.slice(0, 80),
    );
    for (const section of planContent.sections) {
      const heading = `\n## ${markdown.heading(planContent.sectionTitle(section.id))}\n\n`;
      assert.ok(md.text.includes(heading), `the Markdown has ${heading.trim()}`);
    }
    for (const field of planContent.fields.filter((one) => written.has(one.id))) {
      const block = markdownOf(field, written.get(field.id));
      assert.ok(md.text.includes(block), `the Markdown has ${field.id}:\n${block}`);
    }
    const span = `${period.start} – ${period.end}`;
    const windowLine = `${markdown.inline(planContent.word('window'))}: ${span}\n`;
    assert.ok(md.text.includes(windowLine), 'the Markdown has the period');
    for (const [at, row] of rows.entries()) {
      const cells = [
        at + 1,
        markdown.cell(row.activity),
        markdown.cell(row.responsible),
        row.start,
        row.end,
        `${row.amount} ${row.currency}`,
        markdown.cell(row.indicator),
      ];
      assert.ok(md.text.includes(`\n| ${cells.join(' | ')} |\n`), `the Markdown has row ${at + 1}`);
    }
    for (const [at, criterion] of planContent.criteria.entries()) {
      const name = markdown.cell(planContent.criterionName(criterion.id));
      const line = `\n| ${name} | ${levels[at]} / ${planContent.topLevel} |\n`;
      assert.ok(md.text.includes(line), `the Markdown has the level of ${criterion.id}`);
    }
    assert.ok(md.text.endsWith(`${markdown.inline(planContent.word('score'))}: ${score} / 100\n`));

    // JSON: the result record, the plan among its artifacts.
    const json = await downloadFrom(page, () =>
      plan.pressByKeyboard('[data-testid="plan-export-json"]'),
    );
    assert.equal(json.name, `clusterlab-${SCO}.json`);
    const record = JSON.parse(json.text);
    const exported = record.artifacts.plan;
    assert.deepEqual(
      [exported.complete, exported.score, exported.rubric_points, exported.band],
      [true, score, points, band.id],
    );
    assert.ok(
      (await plan.progressText()).endsWith(
        planContent.word('result-passed', { score: scoreText(exported.score) }),
      ),
      'the file has the score shown',
    );
    assert.deepEqual(
      [record.completion_status, record.success_status, record.score.raw],
      ['completed', 'passed', score],
    );
    assert.deepEqual(exported.window, period);
    assert.deepEqual(
      exported.sections.map(({ id, status, fields }) => ({ id, status, fields })),
      planContent.sections.map((section) => ({
        id: section.id,
        status: 'passed',
        fields: Object.fromEntries(
          (section.fields ?? [])
            .filter((field) => written.has(field.id))
            .map((field) => [field.id, jsonValue(field, written.get(field.id))]),
        ),
      })),
      'the typed values, section by section',
    );
    assert.deepEqual(
      exported.rows.map(({ id, suggestion, ...row }) => row),
      rows.map(jsonRow),
      'the rows',
    );
    assert.deepEqual(
      exported.ratings,
      planContent.criteria
        .map((criterion, at) => ({ criterion: criterion.id, level: levels[at] }))
        .sort((a, b) => (a.criterion < b.criterion ? -1 : 1)),
      'the ratings',
    );

    // Print: the browser's dialog is asked for once.
    await page.evaluate(() => {
      window.printCalls = 0;
      window.print = () => (window.printCalls += 1);
    });
    await plan.pressByKeyboard('[data-testid="plan-print"]');
    await eventually(async () => assert.equal(await page.evaluate(() => window.printCalls), 1));

    // From a section's panel too, what prints is the document alone.
    const first = sections[0];
    await plan.pressByKeyboard(`[data-testid="plan-nav-${first.id}"]`);
    await assertFocusOnHeading(
      plan,
      planContent.sectionTitle(first.id),
      'back to the first section',
    );
    assert.equal(await plan.document().isVisible(), false, 'on screen, only in "Your plan"');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await plan.document().isVisible(), true, 'the document prints');
    assert.ok((await plan.document().innerText()).includes(written.get(first.fields[0].id)));
    for (const [selector, what] of [
      ['.cl-header', 'the header'],
      ['.cl-plan__nav', 'the section list'],
      ['[data-testid=plan-panel]', 'the panel'],
      [`#cl-plan-field-${first.fields[0].id}`, 'an editor'],
      ['[data-testid=plan-progress]', 'the progress line'],
      ['[data-testid=plan-export-markdown]', 'the document tools'],
    ]) {
      assert.equal(await page.locator(selector).isVisible(), false, `${what} does not print`);
    }
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await plan.field(first.fields[0].id).isVisible(), true, 'the editors are back');

    assert.equal(await page.evaluate(() => window.pointerPresses), 0, 'no pointer was used');
    await plan.waitForAllSaved();
    await plan.waitForSaveState(SAVE_MESSAGES.standalone);
    problems.assertNone();
  });

  const inert = 'keeps HTML, script and Markdown inert in every field, row and export';
  it(inert, TEST_OPTIONS, async (t) => {
    const { page, plan, problems, period } = await openPlan(t);
    const dialogs = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss().catch(() => {});
    });
    // Nothing ran, and no element came of the payloads: inside the plan,
    // only the app's own Gantt drawings; nowhere a handler attribute.
    const assertInert = async (what) => {
      const seen = await page.evaluate(() => ({
        owned: window.__owned ?? null,
        elements: [...document.querySelectorAll('section.cl-plan :is(img, script, iframe, object)')]
          .length,
        foreignSvgs: [...document.querySelectorAll('section.cl-plan svg')].filter(
          (svg) => !svg.classList.contains('cl-gantt'),
        ).length,
        handlers: document.querySelectorAll('[onerror], [onload], [href^="javascript:" i]').length,
      }));
      assert.deepEqual(
        seen,
        { owned: null, elements: 0, foreignSvgs: 0, handlers: 0 },
        `${what}: nothing ran, nothing was made of the text`,
      );
      assert.deepEqual(dialogs, [], `${what}: no dialog`);
    };

    const typed = new Map();
    for (const section of planContent.writtenSections) {
      await plan.open(section.id);
      for (const field of section.fields.filter(({ kind }) => kind !== 'number')) {
        const value = field.kind === 'text' ? ONE_LINE : LINES;
        assert.ok(value.length <= field.max_chars, `the payloads fit ${field.id}`);
        await plan.write(field.id, value);
        assert.equal(await plan.field(field.id).inputValue(), value);
        typed.set(field.id, value);
      }
      await assertInert(section.id);
    }
    await plan.open(planContent.actionPlanSection.id);
    assert.ok(ONE_LINE.length <= planContent.actionPlan.text_max_chars, 'the payloads fit a cell');
    const rows = rowsIn(period).map((row) => ({
      activity: ONE_LINE,
      responsible: ONE_LINE,
      start: row.start,
      end: row.end,
      indicator: ONE_LINE,
    }));
    const ids = [];
    for (const row of rows) {
      await plan.addRowButton().click();
      const id = await eventually(async () => {
        const all = await plan.rowIds();
        assert.equal(all.length, ids.length + 1, 'a row is added');
        return all.at(-1);
      });
      ids.push(id);
      await plan.fillRow(id, row);
      for (const cell of ['activity', 'responsible', 'indicator']) {
        assert.equal(await plan.cell(id, cell).inputValue(), ONE_LINE);
      }
    }
    await eventually(async () => assert.equal((await plan.ganttBars()).length, rows.length));
    await assertInert('the action plan');
    await plan.waitForAllSaved();

    // The document shows each payload as the learner's literal text.
    await plan.open('document');
    for (const field of planContent.fields.filter(({ id }) => typed.has(id))) {
      assert.deepEqual(
        await plan.documentTexts(field.id),
        documentTextsOf(field, typed.get(field.id)),
        `the document's ${field.id} is the text typed`,
      );
    }
    assert.deepEqual(
      await plan.documentRows(),
      rows.map((row, at) => [
        String(at + 1),
        ONE_LINE,
        ONE_LINE,
        planContent.date(row.start),
        planContent.date(row.end),
        '',
        ONE_LINE,
      ]),
    );
    const barTitle = await plan.document().locator('.cl-gantt__bar title').first().textContent();
    assert.equal(
      barTitle,
      `${ONE_LINE}: ${planContent.date(rows[0].start)} – ${planContent.date(rows[0].end)}`,
    );
    await assertInert('the document');

    // Nothing wider than the window, on a desktop and on a phone.
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      for (const target of [
        'document',
        planContent.sections[0].id,
        planContent.actionPlanSection.id,
      ]) {
        await plan.open(target);
        await eventually(async () => {
          const { scrollWidth, innerWidth } = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
          }));
          assert.ok(
            scrollWidth <= innerWidth,
            `${target} at ${width} px: ${scrollWidth} px wide in a ${innerWidth} px window`,
          );
        });
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await plan.open('document');

    // Markdown: every payload escaped, so that none opens structure.
    const md = await downloadFrom(page, () => plan.exportMarkdownButton().click());
    assert.equal(md.name, 'cluster-plan.md');
    assert.ok(
      md.text.includes('- \\<img src=x onerror="window.\\_\\_owned=1"\\>\n'),
      'an image tag is a list item of text',
    );
    assert.ok(md.text.includes('- \\# not a heading\n'), 'a heading marker is text');
    assert.ok(md.text.includes('- 1\\. not a list\n'), 'a numbered-list marker is text');
    assert.doesNotMatch(md.text, /(?<!\\)</, 'no unescaped "<" anywhere');
    for (const field of planContent.fields.filter(({ id }) => typed.has(id))) {
      const block = markdownOf(field, typed.get(field.id));
      assert.ok(md.text.includes(block), `the Markdown has ${field.id} escaped:\n${block}`);
    }
    for (const [at, row] of rows.entries()) {
      const cell = markdown.cell(ONE_LINE);
      const dates = `${row.start} | ${row.end}`;
      const line = `\n| ${at + 1} | ${cell} | ${cell} | ${dates} |  | ${cell} |\n`;
      assert.ok(md.text.includes(line), `the Markdown has row ${at + 1} escaped:\n${line}`);
    }

    // JSON: each payload as the exact string typed.
    const json = await downloadFrom(page, () => plan.exportJsonButton().click());
    assert.equal(json.name, `clusterlab-${SCO}.json`);
    const exported = JSON.parse(json.text).artifacts.plan;
    for (const section of exported.sections) {
      const expected = Object.fromEntries(
        (planContent.section(section.id).fields ?? [])
          .filter(({ id }) => typed.has(id))
          .map(({ id }) => [id, typed.get(id)]),
      );
      assert.deepEqual(section.fields, expected, `the JSON's ${section.id}`);
    }
    assert.deepEqual(
      exported.rows.map(({ id, suggestion, ...row }) => row),
      rows.map(jsonRow),
      "the JSON's rows",
    );
    await assertInert('after the exports');
    await plan.waitForSaveState(SAVE_MESSAGES.standalone);
    problems.assertNone();
  });

  const imported = 'continues on another device from its JSON; other files change nothing';
  it(imported, TEST_OPTIONS, async (t) => {
    // One device: the diagnosis, the objectives, a row and a rating.
    const first = await openPlan(t);
    const diagnosis = planContent.sections[0];
    const vision = planContent.section('vision');
    const objectives = vision.fields.find((field) => field.check === 'smart');
    const written = new Map();
    for (const field of [...diagnosis.fields.filter(({ required }) => required), objectives]) {
      written.set(field.id, valueFor(field, first.year));
    }
    await first.plan.open(diagnosis.id);
    for (const field of diagnosis.fields.filter(({ id }) => written.has(id))) {
      await first.plan.write(field.id, written.get(field.id));
    }
    await first.plan.open(vision.id);
    await first.plan.write(objectives.id, written.get(objectives.id));
    await first.plan.open(planContent.actionPlanSection.id);
    await first.plan.addRowButton().click();
    const [rowId] = await eventually(async () => {
      const ids = await first.plan.rowIds();
      assert.equal(ids.length, 1);
      return ids;
    });
    const [row] = rowsIn(first.period);
    await first.plan.fillRow(rowId, row);
    await eventually(async () => assert.deepEqual(await first.plan.rowNotes(rowId), []));
    const criterion = planContent.criteria[0].id;
    await first.plan.open('rubric');
    await first.plan.level(criterion, planContent.topLevel).check();
    const states = await sectionStates(first.plan);
    assert.deepEqual(
      [states[diagnosis.id], states[vision.id], states[planContent.actionPlanSection.id]],
      ['passed', 'started', 'started'],
    );
    const progress = await first.plan.progressText();
    assert.equal(progress, planContent.progress(1, planContent.topLevel));
    await first.plan.open('document');
    await first.plan.waitForAllSaved();
    const exported = await downloadFrom(first.page, () => first.plan.exportJsonButton().click());
    assert.equal(exported.name, `clusterlab-${SCO}.json`);
    first.problems.assertNone();

    // Another device, which has never seen the plan.
    const other = await openPlan(t);
    assert.deepEqual(
      await sectionStates(other.plan),
      Object.fromEntries(planContent.sections.map(({ id }) => [id, 'empty'])),
      'nothing here yet',
    );
    await other.plan.open('document');
    await other.plan.importInput().setInputFiles({
      name: exported.name,
      mimeType: 'application/json',
      buffer: Buffer.from(exported.text),
    });
    await eventually(async () =>
      assert.equal(await other.plan.fileMessage(), planContent.word('import-done')),
    );
    assert.deepEqual(await sectionStates(other.plan), states, 'the same states');
    assert.equal(await other.plan.progressText(), progress, 'the same progress and score');
    for (const field of [...diagnosis.fields, objectives]) {
      assert.deepEqual(
        await other.plan.documentTexts(field.id),
        documentTextsOf(field, written.get(field.id)),
        `the document's ${field.id}`,
      );
    }
    await other.plan.open(diagnosis.id);
    for (const field of diagnosis.fields) {
      assert.equal(
        await other.plan.field(field.id).inputValue(),
        written.get(field.id) ?? '',
        `${field.id} in its field`,
      );
    }
    await other.plan.open(planContent.actionPlanSection.id);
    assert.deepEqual(await other.plan.rowIds(), [rowId]);
    for (const cell of [
      'activity',
      'responsible',
      'start',
      'end',
      'amount',
      'indicator',
      'currency',
    ]) {
      assert.equal(await other.plan.cell(rowId, cell).inputValue(), String(row[cell]), cell);
    }
    await other.plan.open('rubric');
    assert.equal(await other.plan.level(criterion, planContent.topLevel).isChecked(), true);

    // The plan goes on here: the vision completes its section.
    const visionField = vision.fields.find((field) => field.required && field !== objectives);
    const visionText = valueFor(visionField, other.year);
    await other.plan.open(vision.id);
    await other.plan.write(visionField.id, visionText);
    await eventually(async () => assert.equal(await other.plan.sectionState(vision.id), 'passed'));
    assert.equal(await other.plan.progressText(), planContent.progress(2, planContent.topLevel));
    await other.plan.waitForAllSaved();

    // Files that are not a plan, or a damaged one, change nothing.
    await other.plan.open('document');
    const before = {
      document: await other.plan.document().innerText(),
      states: await sectionStates(other.plan),
      progress: await other.plan.progressText(),
    };
    assert.ok(before.document.includes(visionText.split('\n')[0]), 'the vision is in the plan');
    const damaged = JSON.parse(exported.text);
    damaged.artifacts.plan.rows[0].start = `${other.year}-02-30`;
    for (const [name, text, message] of [
      ['hello.json', JSON.stringify({ hello: 1 }), 'import-not-a-plan'],
      ['damaged.json', JSON.stringify(damaged), 'import-damaged'],
    ]) {
      await other.plan.importInput().setInputFiles({
        name,
        mimeType: 'application/json',
        buffer: Buffer.from(text),
      });
      await eventually(async () =>
        assert.equal(await other.plan.fileMessage(), planContent.word(message), name),
      );
      assert.deepEqual(
        {
          document: await other.plan.document().innerText(),
          states: await sectionStates(other.plan),
          progress: await other.plan.progressText(),
        },
        before,
        `${name} changes nothing`,
      );
    }
    await other.plan.open(vision.id);
    assert.equal(await other.plan.field(visionField.id).inputValue(), visionText);
    await other.plan.waitForSaveState(SAVE_MESSAGES.standalone);
    other.problems.assertNone();
  });

  const checks = 'checks help without nagging; rows move and go by keyboard, the focus kept';
  it(checks, TEST_OPTIONS, async (t) => {
    const { page, plan, problems, year, period } = await openPlan(t);
    const diagnosis = planContent.sections[0];

    // Untouched: no field has a note.
    assert.deepEqual(
      await panelNotes(plan),
      diagnosis.fields.map(() => ''),
      'no note yet',
    );
    for (const field of diagnosis.fields) {
      assert.equal(await plan.field(field.id).getAttribute('aria-invalid'), 'false', field.id);
    }
    // A required field left empty says so; the others stay quiet.
    const [required] = diagnosis.fields.filter((field) => field.required && field.kind === 'text');
    await plan.field(required.id).focus();
    await page.keyboard.press('Tab');
    await eventually(async () =>
      assert.equal(await plan.fieldNote(required.id), planContent.finding('missing')),
    );
    assert.equal(await plan.field(required.id).getAttribute('aria-invalid'), 'true');
    assert.deepEqual(
      await panelNotes(plan),
      diagnosis.fields.map((field) => (field === required ? planContent.finding('missing') : '')),
      'only the field left empty has a note',
    );
    // An optional field left empty says nothing.
    const optional = diagnosis.fields.find((field) => !field.required);
    await plan.field(optional.id).focus();
    await page.keyboard.press('Tab');
    assert.equal(await plan.fieldNote(optional.id), '', 'an optional field left empty');
    // Written, the note goes.
    await plan.field(required.id).focus();
    await page.keyboard.type(valueFor(required, year));
    await eventually(async () => assert.equal(await plan.fieldNote(required.id), ''));
    assert.equal(await plan.field(required.id).getAttribute('aria-invalid'), 'false');

    // Objectives: too few, then without a number, a date or both.
    await plan.open('vision');
    const objectives = planContent
      .section('vision')
      .fields.find((field) => field.check === 'smart');
    const { min, max } = objectives.items;
    assert.ok(min >= 2 && min <= 3 && max >= 3, 'three objectives are enough, one fewer too few');
    const smart = (at) => `Objective ${at + 1}: ${(at + 2) * 10} more buyers by ${year + 1}`;
    await plan.write(
      objectives.id,
      Array.from({ length: min - 1 }, (_, at) => smart(at)).join('\n'),
    );
    await eventually(async () =>
      assert.equal(
        await plan.fieldNote(objectives.id),
        planContent.finding('too-few-items', { min }),
      ),
    );
    const lacking = [
      'Train weavers in dyeing',
      'Raise sales by 20%',
      `By ${year + 1}, better quality`,
    ];
    await plan.write(objectives.id, lacking.join('\n'));
    await eventually(async () =>
      assert.equal(
        await plan.fieldNote(objectives.id),
        [
          planContent.finding('not-smart.both', { item: 1 }),
          planContent.finding('not-smart.date', { item: 2 }),
          planContent.finding('not-smart.number', { item: 3 }),
        ].join(' '),
      ),
    );
    await plan.write(objectives.id, lacking.map((_, at) => smart(at)).join('\n'));
    await eventually(async () => assert.equal(await plan.fieldNote(objectives.id), ''));

    // Rows: a blank one says nothing; then one ending before it starts, one
    // outside the period, one without a responsible party.
    await plan.open(planContent.actionPlanSection.id);
    const fewest = planContent.actionPlan.rows.min;
    await plan.addRowButton().click();
    const [blank] = await eventually(async () => {
      const ids = await plan.rowIds();
      assert.equal(ids.length, 1);
      return ids;
    });
    assert.deepEqual(await plan.rowNotes(blank), [], 'a blank row is not a fault');
    assert.deepEqual(await plan.neededItems(), [
      planContent.finding('too-few-rows', { min: fewest }),
    ]);
    const currency = planContent.actionPlan.currencies[0];
    const base = { amount: 500, currency, indicator: '20 firms visited' };
    const endBeforeStart = {
      ...base,
      activity: 'Visit member workshops',
      responsible: 'Ms Keo, LWA',
      start: addDays(period.start, 40),
      end: addDays(period.start, 31),
    };
    const outside = {
      ...base,
      activity: 'Survey the members',
      responsible: 'Mr Bounmy, LWA',
      start: addDays(period.start, -12),
      end: addDays(period.start, 9),
    };
    const noResponsible = {
      ...base,
      activity: 'Report to the members',
      start: addDays(period.end, -20),
      end: addDays(period.end, -2),
    };
    assert.ok(!within(period, outside.start) && within(period, noResponsible.end));
    const ids = [blank];
    await plan.fillRow(blank, endBeforeStart);
    for (const row of [outside, noResponsible]) {
      await plan.addRowButton().click();
      ids.push(
        await eventually(async () => {
          const all = await plan.rowIds();
          assert.equal(all.length, ids.length + 1);
          return all.at(-1);
        }),
      );
      await plan.fillRow(ids.at(-1), row);
    }
    const [early, away, nobody] = ids;
    const expectedNotes = {
      [early]: [planContent.finding('end-before-start')],
      [away]: [planContent.finding('outside-window')],
      [nobody]: [planContent.finding('no-responsible')],
    };
    for (const id of ids) {
      await eventually(async () => assert.deepEqual(await plan.rowNotes(id), expectedNotes[id]));
    }
    assert.ok(ids.length >= fewest, 'enough rows, so only the rows are faulted');
    assert.deepEqual(
      await plan.neededItems(),
      ids.map(
        (id, at) => `${planContent.word('row-heading', { n: at + 1 })}: ${expectedNotes[id][0]}`,
      ),
      'what the action plan still needs, row by row',
    );
    // No bar for the row that ends first; a dashed one outside the period.
    await eventually(async () =>
      assert.deepEqual(await plan.ganttBars(), [
        { row: away, outside: true },
        { row: nobody, outside: false },
      ]),
    );
    const dashes = await plan
      .gantt()
      .locator('.cl-gantt__bar rect')
      .evaluateAll((rects) => rects.map((rect) => getComputedStyle(rect).strokeDasharray));
    assert.notEqual(dashes[0], 'none', 'the bar outside the period is dashed');
    assert.equal(dashes[1], 'none', 'a bar inside it is not');
    assert.equal(
      await plan.gantt().locator('.cl-gantt__bar--outside .cl-gantt__flag').textContent(),
      '!',
      'and flagged, so colour is not the only sign',
    );

    // Moving by keyboard keeps the focus on the moved row's button, on its
    // other one at an edge, where the way it went is closed.
    const assertOrder = async (order, focus, what) => {
      await eventually(async () => {
        assert.deepEqual(await plan.rowIds(), order, `${what}: the order`);
        const focused = await plan.focused();
        assert.deepEqual(
          focused && { row: focused.row, action: focused.action },
          focus,
          `${what}: the focus`,
        );
      });
      for (const [at, id] of order.entries()) {
        assert.equal(
          normalize(await plan.row(id).locator('legend').innerText()),
          planContent.word('row-heading', { n: at + 1 }),
        );
      }
      const dated = order.filter((id) => id !== early);
      assert.deepEqual(
        (await plan.ganttBars()).map(({ row }) => row),
        dated,
        `${what}: the bars follow`,
      );
    };
    await plan.pressByKeyboard(`[data-row="${nobody}"] [data-action=up]`);
    await assertOrder([early, nobody, away], { row: nobody, action: 'up' }, 'the last row up');
    await page.keyboard.press('Enter');
    await assertOrder([nobody, early, away], { row: nobody, action: 'down' }, 'up to the top');
    await page.keyboard.press('Enter');
    await assertOrder([early, nobody, away], { row: nobody, action: 'down' }, 'down again');
    await page.keyboard.press('Space');
    await assertOrder([early, away, nobody], { row: nobody, action: 'up' }, 'down to the end');

    // Removing a row hands the focus to the next row's activity.
    await plan.pressByKeyboard(`[data-row="${early}"] [data-action=remove]`);
    await eventually(async () => {
      assert.deepEqual(await plan.rowIds(), [away, nobody]);
      const focused = await plan.focused();
      assert.deepEqual(
        focused && { row: focused.row, cell: focused.cell },
        { row: away, cell: 'activity' },
        "the next row's activity has the focus",
      );
    });
    assert.equal(await plan.cell(away, 'activity').inputValue(), outside.activity);
    await plan.waitForAllSaved();
    await plan.waitForSaveState(SAVE_MESSAGES.standalone);
    problems.assertNone();
  });
});
