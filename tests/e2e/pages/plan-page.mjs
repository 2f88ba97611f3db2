// The cluster development plan builder on its exercise page
// (`#/cluster-plan`), in English: the section list with each section's
// state, a section's fields with their notes and checks, the action plan's
// period, suggestions, rows and Gantt chart, the self-assessment, and the
// whole plan as a document with its exports, import and print.
//
// Works on a whole page or on one frame (the package inside an LMS player's
// iframe), and comes with the exercise's content, read from the same files
// the app is built from, so that a test knows every field, its kind and
// limits, and the words the page should show; with the score's rule, a
// date and an amount as the page writes them, and the Markdown escaping
// of the exports, so that a test can tell what the page and the files
// should hold without the app's own numbers. The `…ByKeyboard` methods
// reach every control with Tab and Shift+Tab alone.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { eventually } from '../../support/eventually.mjs';
import { keyboardFocus } from './keyboard.mjs';
import { fill, normalize, PackageFrame } from './package-frame.mjs';

const CONTENT_FILE = new URL(
  '../../../assets/content/exercises/cluster-plan.json',
  import.meta.url,
);
const LOCALE_FILE = new URL('../../../assets/locales/en.json', import.meta.url);

/** The catalog prefix of the exercise's strings. */
const PREFIX = 'cluster-plan';

/** The English catalog. */
const STRINGS = JSON.parse(readFileSync(LOCALE_FILE, 'utf8')).strings;

/** The exercise's id in the course and its SCO. */
export const SCO = 'cluster-plan';

/** A whole amount as the page writes it: `45,000`. */
export function grouped(amount) {
  return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A score or mark as the page writes it: whole when whole, else to one decimal. */
export function scoreText(value) {
  return Math.abs(value % 1) < 0.05 ? value.toFixed(0) : value.toFixed(1);
}

/** An ISO date (`2026-06-10`) as the digits typed into a date field in en-US: `06102026`. */
export function dateKeys(iso) {
  const [year, month, day] = iso.split('-');
  return `${month}${day}${year}`;
}

/**
 * The Markdown export's escaping (the engine's `export.rs`), so that a test
 * can tell how learner text must appear in the file.
 */
export const markdown = {
  /** Characters that open inline structure, each escaped with a backslash. */
  inline(text) {
    return text.replace(/[\\`*_[\]<>|~^&$]/g, (c) => `\\${c}`);
  },

  /** A heading's text: one line, inline, and `#` escaped. */
  heading(text) {
    return markdown.inline(text.split(/\s+/).filter(Boolean).join(' ')).replace(/#/g, '\\#');
  },

  /** A table cell: one line, inline. */
  cell(text) {
    return markdown.inline(text.split(/\s+/).filter(Boolean).join(' '));
  },

  /** One line at the start of a block: block markers escaped too. */
  line(text) {
    const trimmed = text.trim();
    let out = markdown.inline(trimmed);
    if (/^[#\-+=:]/.test(trimmed)) {
      out = `\\${out}`;
    }
    const digits = /^\d+/.exec(out)?.[0].length ?? 0;
    if (digits > 0 && /^[.)]/.test(out.slice(digits))) {
      out = `${out.slice(0, digits)}\\${out.slice(digits)}`;
    }
    return out;
  },

  /** Paragraphs: blank lines part them, each line break within one a hard break. */
  paragraphs(text) {
    const paragraphs = [[]];
    for (const raw of text.split(/\r?\n/)) {
      if (raw.trim() === '') {
        if (paragraphs.at(-1).length > 0) {
          paragraphs.push([]);
        }
      } else {
        paragraphs.at(-1).push(markdown.line(raw));
      }
    }
    return paragraphs
      .filter((lines) => lines.length > 0)
      .map((lines) => lines.join('\\\n'))
      .join('\n\n');
  },
};

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

  /** The exercise's title, the Markdown file's first heading. */
  get title() {
    return this.text(`${PREFIX}.title`);
  }

  /** A section by id. */
  section(id) {
    const section = this.sections.find((candidate) => candidate.id === id);
    assert.ok(section, `the content has section ${id}`);
    return section;
  }

  /** The sections with fields, in plan order (all but the action plan). */
  get writtenSections() {
    return this.sections.filter((section) => !section.action_plan);
  }

  /** The action plan's section. */
  get actionPlanSection() {
    const section = this.sections.find((candidate) => candidate.action_plan);
    assert.ok(section, 'the content has an action plan section');
    return section;
  }

  /** A rubric criterion's English name. */
  criterionName(id) {
    return this.text(`${PREFIX}.rubric.${id}.name`);
  }

  /** A rubric level's English words. */
  levelName(level) {
    return this.text(`${PREFIX}.rubric.level.${level}`);
  }

  /** The most rubric points: every criterion at the top level. */
  get maxPoints() {
    return this.criteria.length * this.topLevel;
  }

  /** The band of `points`: the last whose minimum they reach. */
  band(points) {
    const reached = this.plan.rubric.bands.filter((band) => points >= band.min);
    const band = reached.at(-1);
    return {
      id: band.id,
      name: this.text(`${PREFIX}.band.${band.id}.name`),
      advice: this.text(`${PREFIX}.band.${band.id}.advice`),
    };
  }

  /**
   * The score of a plan with `passed` sections passing their checks and
   * `points` rubric points: the completeness weight times the share of
   * sections that pass, plus the rubric weight times the share of points,
   * to two decimals.
   */
  score(passed, points) {
    const { completeness, rubric } = this.plan.scoring;
    const sections = (completeness * passed) / this.sections.length;
    const assessed = (rubric * Math.min(points, this.maxPoints)) / Math.max(this.maxPoints, 1);
    return Math.round((sections + assessed) * 100) / 100;
  }

  /** The progress line: sections complete, then the score so far or the result. */
  progress(passed, points) {
    const total = this.sections.length;
    const score = scoreText(this.score(passed, points));
    const sections = this.word('progress', { passed, total });
    if (passed < total) {
      return `${sections} ${this.word('score-so-far', { score, pass: this.passMark })}`;
    }
    return this.score(passed, points) >= this.passMark
      ? `${sections} ${this.word('result-passed', { score })}`
      : `${sections} ${this.word('result-not-passed', { score, pass: this.passMark })}`;
  }

  /** The default action-plan period in `year`: the content's month-days, as ISO dates. */
  defaultWindow(year) {
    const { start, end } = this.actionPlan.window;
    return { start: `${year}-${start}`, end: `${year}-${end}` };
  }

  /** An ISO date as the page writes it: `10 Jun 2026`. */
  date(iso) {
    const [year, month, day] = iso.split('-').map(Number);
    return this.word('date', { day, month: this.word(`month-${month}`), year });
  }

  /** The budget totals per currency in the content's currency order: `1,500 USD · 45,000 THB`. */
  budgetTotals(rows) {
    return this.actionPlan.currencies
      .map((code) => {
        const amounts = rows.filter((row) => row.currency === code).map((row) => row.amount);
        return amounts.length === 0
          ? null
          : `${grouped(amounts.reduce((sum, amount) => sum + amount, 0))} ${code}`;
      })
      .filter((total) => total !== null)
      .join(' · ');
  }
}

export const planContent = new PlanContent();

/** The selectors of the plan builder's parts, shared with the journeys of every browser engine. */
export const PLAN = {
  section: 'section.cl-plan',
  saving: '[data-testid="plan-saving"]',
  /** The button that opens a section (by id), `rubric` or `document`. */
  nav: (target) => `[data-testid="plan-nav-${target}"]`,
  /** The input or text area of a field. */
  field: (id) => `#cl-plan-field-${id}`,
  document: '[data-testid="plan-document"]',
  /** The document's copy of a field's text. */
  documentField: (id) => `[data-testid="plan-document"] [data-field="${id}"]`,
  rubricTotal: '[data-testid="plan-rubric-total"]',
};

export class PlanPage extends PackageFrame {
  /** The exercise's section on its page. */
  section() {
    return this.root.locator(PLAN.section);
  }

  // ---- Where the plan stands ----------------------------------------------

  /** "3 of 10 sections complete. Score so far: …". */
  async progressText() {
    return normalize(await this.root.getByTestId('plan-progress').innerText());
  }

  /** "Saving…" while an edit waits, then "All changes saved.". */
  async savingText() {
    return normalize(await this.root.locator(PLAN.saving).innerText());
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
    return this.root.locator(PLAN.nav(target));
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
    return this.root.locator(PLAN.field(id));
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

  /**
   * A row's control: `activity`, `responsible`, `start`, `end`, `amount`,
   * `currency` or `indicator`.
   */
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

  /**
   * The row ids with a bar in the panel's Gantt chart, and whether each
   * falls outside the period.
   */
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

  /** The budget totals under the action plan's rows (the document repeats them). */
  async budgetTotal() {
    const panel = this.root.getByTestId('plan-panel');
    return normalize(await panel.getByTestId('plan-budget-total').innerText());
  }

  // ---- The self-assessment ------------------------------------------------

  /** The radio button of `level` for a criterion. */
  level(criterion, level) {
    return this.root.locator(`input[name="cl-plan-level-${criterion}"][value="${level}"]`);
  }

  async rubricTotalText() {
    return normalize(await this.root.locator(PLAN.rubricTotal).innerText());
  }

  // ---- The whole plan -----------------------------------------------------

  /** The document: on screen in "Your plan", and what prints. */
  document() {
    return this.root.locator(PLAN.document);
  }

  /** The document's copy of a field's text. */
  documentField(id) {
    return this.root.locator(PLAN.documentField(id));
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

  /** The texts of the paragraphs or items the document shows for a field. */
  async documentTexts(id) {
    return this.documentField(id)
      .locator('p, li')
      .evaluateAll((items) => items.map((item) => item.textContent));
  }

  /** The document's action-plan table: each row's cells' texts. */
  async documentRows() {
    return this.document()
      .locator('tr[data-row]')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
      );
  }

  // ---- The keyboard -------------------------------------------------------

  /** Tabs until an element matching `selector` has the focus (see `keyboardFocus`). */
  async keyboardFocus(selector, what = selector) {
    await keyboardFocus(this.page, this.root, selector, what);
  }

  /** Tabs to the element matching `selector` and presses `key` (Enter by default). */
  async pressByKeyboard(selector, key = 'Enter') {
    await this.keyboardFocus(selector);
    await this.page.keyboard.press(key);
  }

  /**
   * Tabs to the control matching `selector` and types `text` into it, key by
   * key; a line break is the Enter key, which only a text area takes.
   */
  async typeByKeyboard(selector, text) {
    await this.keyboardFocus(selector);
    await this.page.keyboard.type(text);
    assert.equal(
      await this.root.locator(selector).inputValue(),
      text,
      `${selector} holds the text`,
    );
  }

  /**
   * Tabs forward to a date field (so the month takes the focus first) and
   * types the date's digits in en-US order: month, day, year.
   */
  async typeDateByKeyboard(selector, iso) {
    await this.keyboardFocus(selector);
    await this.page.keyboard.type(dateKeys(iso));
    assert.equal(await this.root.locator(selector).inputValue(), iso, `${selector} holds ${iso}`);
  }

  /** Tabs to a `<select>` and moves it to `value` with the arrow keys. */
  async selectByKeyboard(selector, value) {
    await this.keyboardFocus(selector);
    const control = this.root.locator(selector);
    const order = await control
      .locator('option')
      .evaluateAll((options) => options.map((option) => option.value));
    const want = order.indexOf(value);
    assert.ok(want >= 0, `${selector} offers "${value}"`);
    for (let presses = 0; presses <= order.length; presses += 1) {
      const at = order.indexOf(await control.inputValue());
      if (at === want) {
        return;
      }
      await this.page.keyboard.press(at < want ? 'ArrowDown' : 'ArrowUp');
    }
    assert.fail(`the arrow keys never set ${selector} to "${value}"`);
  }

  /**
   * Rates a rubric criterion by keyboard: Tab into its radio group, arrow
   * keys to the level (which checks it), Space if it is still unchecked
   * (an unrated criterion's first level takes the focus unchecked).
   */
  async rateByKeyboard(criterion, level) {
    const selector = `input[name="cl-plan-level-${criterion}"]`;
    await this.keyboardFocus(selector, `the levels of ${criterion}`);
    for (let presses = 0; presses <= planContent.topLevel + 1; presses += 1) {
      const focused = await this.root.evaluate((sel) => {
        const element = document.activeElement;
        return element?.matches(sel)
          ? { value: Number(element.value), checked: element.checked }
          : null;
      }, selector);
      assert.ok(focused !== null, `the arrow keys keep the focus in the levels of ${criterion}`);
      if (focused.value === level) {
        if (!focused.checked) {
          await this.page.keyboard.press('Space');
        }
        await eventually(async () =>
          assert.equal(await this.level(criterion, level).isChecked(), true),
        );
        return;
      }
      await this.page.keyboard.press(focused.value < level ? 'ArrowDown' : 'ArrowUp');
    }
    assert.fail(`the arrow keys never reached level ${level} of ${criterion}`);
  }

  /**
   * The element with the focus: its tag, test id, text, and for a row's
   * control the row, cell and action; null when nothing has it.
   */
  async focused() {
    return this.root.evaluate(() => {
      const element = document.activeElement;
      if (element === null || element === document.body) {
        return null;
      }
      return {
        tag: element.tagName.toLowerCase(),
        testId: element.dataset.testid ?? null,
        text: element.textContent.replace(/\s+/g, ' ').trim(),
        inPanel: element.closest('[data-testid=plan-panel]') !== null,
        inDocument: element.closest('.cl-plan-doc') !== null,
        row: element.closest('[data-row]')
          ? Number(element.closest('[data-row]').dataset.row)
          : null,
        cell: element.dataset.cell ?? null,
        action: element.dataset.action ?? null,
      };
    });
  }
}
