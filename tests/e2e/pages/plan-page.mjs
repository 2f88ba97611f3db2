// The cluster development plan builder on its exercise page
// (`#/cluster-plan`), in English: the section list with each section's
// state, a section's fields with their notes and checks, the action plan's
// period, suggestions, rows and Gantt chart, the self-assessment, and the
// whole plan as a document with its exports, import and print.
//
// Works on a whole page or on one frame (the package inside an LMS player's
// iframe), and comes with the exercise's content, read from the same files
// the app is built from, so that a test knows every field, its kind and
// limits, and the words the page should show.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { eventually } from '../../support/eventually.mjs';
import { normalize, PackageFrame } from './package-frame.mjs';

const CONTENT_FILE = new URL('../../../assets/content/exercises/cluster-plan.json', import.meta.url);
const LOCALE_FILE = new URL('../../../assets/locales/en.json', import.meta.url);

/** The catalog prefix of the exercise's strings. */
const PREFIX = 'cluster-plan';

/** The English catalog. */
const STRINGS = JSON.parse(readFileSync(LOCALE_FILE, 'utf8')).strings;

/** The exercise's id in the course and its SCO. */
export const SCO = 'cluster-plan';

/** `template` with each `{name}` replaced by `args[name]`. */
export function fill(template, args = {}) {
  return template.replace(/\{([a-z-]+)\}/g, (whole, name) =>
    name in args ? String(args[name]) : whole,
  );
}

/** The plan's content and its English words, as the app is built from them. */
export class PlanContent {
  constructor() {
    this.plan = JSON.parse(readFileSync(CONTENT_FILE, 'utf8')).plan;
  }

  /** The sections in plan order, the action plan last. */
  get sections() {
    return this.plan.sections;
  }

  /** Every field with its section: `{ section, id, kind, required, check, items, max_chars }`. */
  get fields() {
    return this.sections.flatMap((section) =>
      (section.fields ?? []).map((field) => ({ section: section.id, ...field })),
    );
  }

  /** The rubric's criteria in order. */
  get criteria() {
    return this.plan.rubric.criteria;
  }

  /** The highest level of the rubric (levels run from 0). */
  get topLevel() {
    return this.plan.rubric.levels - 1;
  }

  get actionPlan() {
    return this.plan.action_plan;
  }

  get passMark() {
    return this.plan.scoring.pass_mark;
  }

  /** The English text of a catalog key. */
  text(key) {
    const text = STRINGS[key];
    assert.ok(text !== undefined, `the catalog has ${key}`);
    return text;
  }

  /** An interface word of the exercise, filled with `args`. */
  word(name, args) {
    return fill(this.text(`${PREFIX}.ui.${name}`), args);
  }

  /** A finding's text, filled with `args`. */
  finding(code, args) {
    return fill(this.text(`${PREFIX}.finding.${code}`), args);
  }

  sectionTitle(id) {
    return this.text(`${PREFIX}.section.${id}.title`);
  }

  fieldLabel(id) {
    return this.text(`${PREFIX}.field.${id}.label`);
  }
}

export const planContent = new PlanContent();

export class PlanPage extends PackageFrame {
  /** The exercise's section on its page. */
  section() {
    return this.root.locator('section.cl-plan');
  }

  // ---- Where the plan stands ----------------------------------------------

  /** "3 of 10 sections complete. Score so far: …". */
  async progressText() {
    return normalize(await this.root.getByTestId('plan-progress').innerText());
  }

  /** "Saving…" while an edit waits, then "All changes saved.". */
  async savingText() {
    return normalize(await this.root.getByTestId('plan-saving').innerText());
  }

  async waitForAllSaved() {
    const saved = planContent.word('all-saved');
    await eventually(async () => assert.equal(await this.savingText(), saved));
  }

  /** The warning that the plan is too long for the LMS to keep the place. */
  lmsFullWarning() {
    return this.root.getByTestId('plan-lms-full');
  }

  // ---- The section list ---------------------------------------------------

  /** The button that opens a section (by id), `rubric` or `document`. */
  navButton(target) {
    return this.root.getByTestId(`plan-nav-${target}`);
  }

  /** A section's state in the list: `empty`, `started` or `passed`. */
  async sectionState(id) {
    const status = await this.navButton(id).locator('[data-status]').getAttribute('data-status');
    return status.replace('status.', '');
  }

  /** Opens a section (by id), `rubric` or `document` with the mouse. */
  async open(target) {
    await this.navButton(target).click();
    await eventually(async () =>
      assert.equal(await this.navButton(target).getAttribute('aria-current'), 'step'),
    );
  }

  /** The heading of the panel shown now. */
  panelHeading() {
    return this.root.getByTestId('plan-panel').locator('h2');
  }

  async panelHeadingText() {
    return normalize(await this.panelHeading().innerText());
  }

  // ---- A section ----------------------------------------------------------

  /** The input or text area of a field. */
  field(id) {
    return this.root.locator(`#cl-plan-field-${id}`);
  }

  /** The note under a field: why it was refused, or what its checks say. */
  async fieldNote(id) {
    return normalize(
      await this.root.locator(`[data-field="${id}"] [data-testid=plan-field-note]`).innerText(),
    );
  }

  /** Writes `text` into a field (replacing what was there) and leaves it. */
  async write(id, text) {
    await this.field(id).fill(text);
    await this.field(id).blur();
  }

  exampleToggle() {
    return this.root.getByTestId('plan-example-toggle');
  }

  example() {
    return this.root.getByTestId('plan-example');
  }

  /** What the section still needs, as shown under "Checks" (empty once it passes). */
  async neededItems() {
    return this.root
      .locator('[data-testid=plan-needed] li')
      .evaluateAll((items) => items.map((item) => item.textContent.replace(/\s+/g, ' ').trim()));
  }

  /** The tips under the checks. */
  async tipItems() {
    return this.root
      .locator('[data-testid=plan-tips] li')
      .evaluateAll((items) => items.map((item) => item.textContent.replace(/\s+/g, ' ').trim()));
  }

  nextSectionButton() {
    return this.root.getByTestId('plan-next-section');
  }

  // ---- The action plan ----------------------------------------------------

  windowStart() {
    return this.root.getByTestId('plan-window-start');
  }

  windowEnd() {
    return this.root.getByTestId('plan-window-end');
  }

  addRowButton() {
    return this.root.getByTestId('plan-add-row');
  }

  /** The rows' ids, in plan order. */
  async rowIds() {
    return this.root
      .locator('[data-testid=plan-rows] > li')
      .evaluateAll((rows) => rows.map((row) => Number(row.dataset.row)));
  }

  /** The row with this id. */
  row(id) {
    return this.root.locator(`[data-testid=plan-rows] > li[data-row="${id}"]`);
  }

  /** A row's control: `activity`, `responsible`, `start`, `end`, `amount`, `currency`, `indicator`. */
  cell(id, name) {
    return this.row(id).locator(`[data-cell=${name}]`);
  }

  /** A row's button: `up`, `down` or `remove`. */
  rowButton(id, action) {
    return this.row(id).locator(`[data-action=${action}]`);
  }

  /** The notes under a row: its findings. */
  async rowNotes(id) {
    return this.row(id)
      .locator('[data-testid=plan-row-notes] li')
      .evaluateAll((items) => items.map((item) => item.textContent.replace(/\s+/g, ' ').trim()));
  }

  /**
   * Fills a row with the mouse: `{ activity, responsible, start, end,
   * amount, currency, indicator }`, dates as `YYYY-MM-DD`; any may be left out.
   */
  async fillRow(id, row) {
    for (const name of ['activity', 'responsible', 'start', 'end', 'amount', 'indicator']) {
      if (row[name] !== undefined) {
        await this.cell(id, name).fill(String(row[name]));
        await this.cell(id, name).blur();
      }
    }
    if (row.currency !== undefined) {
      await this.cell(id, 'currency').selectOption(row.currency);
    }
  }

  suggestions() {
    return this.root.locator('[data-testid=plan-suggestions] li[data-suggestion]');
  }

  /** The Gantt chart in the action plan's panel. */
  gantt() {
    return this.root.getByTestId('plan-panel').getByTestId('plan-gantt');
  }

  /** The row ids with a bar in the panel's Gantt chart, and whether each falls outside the period. */
  async ganttBars() {
    return this.gantt()
      .locator('.cl-gantt__bar')
      .evaluateAll((bars) =>
        bars.map((bar) => ({
          row: Number(bar.dataset.row),
          outside: bar.classList.contains('cl-gantt__bar--outside'),
        })),
      );
  }

  async budgetTotal() {
    return normalize(await this.root.getByTestId('plan-budget-total').innerText());
  }

  // ---- The self-assessment ------------------------------------------------

  /** The radio button of `level` for a criterion. */
  level(criterion, level) {
    return this.root.locator(`input[name="cl-plan-level-${criterion}"][value="${level}"]`);
  }

  async rubricTotalText() {
    return normalize(await this.root.getByTestId('plan-rubric-total').innerText());
  }

  // ---- The whole plan -----------------------------------------------------

  /** The document: on screen in "Your plan", and what prints. */
  document() {
    return this.root.getByTestId('plan-document');
  }

  /** The document's copy of a field's text. */
  documentField(id) {
    return this.document().locator(`[data-field="${id}"]`);
  }

  exportMarkdownButton() {
    return this.root.getByTestId('plan-export-markdown');
  }

  exportJsonButton() {
    return this.root.getByTestId('plan-export-json');
  }

  printButton() {
    return this.root.getByTestId('plan-print');
  }

  importInput() {
    return this.root.getByTestId('plan-import');
  }

  async fileMessage() {
    return normalize(await this.root.getByTestId('plan-file-message').innerText());
  }

  retryButton() {
    return this.root.getByTestId('plan-retry');
  }
}
