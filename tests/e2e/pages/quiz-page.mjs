// The AEC readiness quiz on its exercise page (`#/aec-quiz`), in English:
// audience, knowledge items with feedback, self-assessment, readiness profile.
//
// Works on a whole page or on one frame (the package inside an LMS player's
// iframe), and comes with the quiz's content, read from the same files the
// app is built from, so that a test can tell which item is shown and answer it
// by option id.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { eventually } from '../../support/eventually.mjs';
import { normalize, PackageFrame } from './package-frame.mjs';

export { normalize, SAVE_MESSAGES } from './package-frame.mjs';

const CONTENT_FILE = new URL('../../../assets/content/exercises/aec-quiz.json', import.meta.url);
const LOCALE_FILE = new URL('../../../assets/locales/en.json', import.meta.url);

/** The labels of the audience radio buttons, by role code. */
export const AUDIENCE_LABELS = {
  sme: 'My enterprise (an SME)',
  'support-institution':
    'My organisation, which supports SMEs (ministry, trade promotion agency, chamber or association)',
};

/** The selectors of the quiz's parts, shared with the journeys of every browser engine. */
export const QUIZ = {
  section: 'section.cl-quiz',
  audience: 'input[name="cl-quiz-audience"]',
  item: 'fieldset.cl-quiz__item',
  feedback: '.cl-quiz__feedback',
  statement: 'fieldset.cl-quiz__statement',
};

/** The quiz's buttons, by their English names. */
export const QUIZ_BUTTONS = {
  start: 'Start the quiz',
  check: 'Check my answer',
  next: 'Next question',
  toSelfAssessment: 'Go to the self-assessment',
  finish: 'Finish and see my profile',
};

/** "Question n of total", the item's position. */
export const QUIZ_POSITION = /Question (\d+) of (\d+)/;

/** The heading of the readiness profile, the quiz's result. */
export const QUIZ_RESULTS_HEADING = 'Your readiness profile';

/** The labels of the rating scale, for ratings 1 to 5. */
export const LIKERT_LABELS = ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'];

/**
 * The quiz's content: items with keys and English texts, statements, and
 * dimension names.
 */
export class QuizContent {
  constructor() {
    const content = JSON.parse(readFileSync(CONTENT_FILE, 'utf8'));
    const { strings } = JSON.parse(readFileSync(LOCALE_FILE, 'utf8'));
    const text = (key) => {
      assert.ok(key in strings, `en.json has ${key}`);
      return strings[key];
    };
    const quiz = content.quiz;
    this.passMark = quiz.scoring.pass_mark;
    this.itemsPerDimension = quiz.draw.items_per_dimension;
    this.dimensions = quiz.dimensions.map((dimension) => ({
      id: dimension.id,
      name: text(`aec-quiz.dimension.${dimension.id}`),
    }));
    this.title = text('aec-quiz.title');
    this.bands = quiz.bands.map((band, n) => ({
      id: band.id,
      name: text(`aec-quiz.band.${band.id}`),
      meaning: text(`aec-quiz.band.${band.id}.meaning`),
      min: band.min,
      max: n + 1 < quiz.bands.length ? quiz.bands[n + 1].min - 1 : 100,
    }));
    /** @type {Map<string, {id: string, dimension: string, kind: string, options: string[],
     *   key: string[], weight: number, stem: string, optionTexts: Record<string, string>,
     *   why: string}>} */
    this.items = new Map();
    for (const dimension of quiz.dimensions) {
      for (const item of dimension.items) {
        const prefix = `aec-quiz.item.${item.id}`;
        this.items.set(item.id, {
          id: item.id,
          dimension: dimension.id,
          kind: item.kind,
          options: item.options,
          key: item.key,
          weight: item.weight ?? 1,
          stem: text(`${prefix}.stem`),
          optionTexts: Object.fromEntries(
            item.options.map((option) => [option, text(`${prefix}.option.${option}`)]),
          ),
          why: text(`${prefix}.why`),
        });
      }
    }
    /** Statements by audience, in content order, with their texts. */
    this.statements = Object.fromEntries(
      Object.entries(quiz.statements).map(([audience, list]) => [
        audience,
        list.map((statement) => ({
          id: statement.id,
          dimensions: statement.dimensions,
          text: text(`aec-quiz.statement.${statement.id}.text`),
        })),
      ]),
    );
  }

  /** The number of items in one attempt. */
  get itemsPerAttempt() {
    return this.itemsPerDimension * this.dimensions.length;
  }

  /** The item whose stem a page shows (the stem may be followed by notes). */
  itemByStem(shown) {
    const stem = normalize(shown);
    const matches = [...this.items.values()].filter(
      (item) => stem === normalize(item.stem) || stem.startsWith(normalize(item.stem)),
    );
    assert.equal(matches.length, 1, `exactly one item has the stem "${shown}"`);
    return matches[0];
  }

  /** The statement of `audience` with this text. */
  statementByText(audience, shown) {
    const matches = this.statements[audience].filter(
      (statement) => normalize(statement.text) === normalize(shown),
    );
    assert.equal(matches.length, 1, `exactly one ${audience} statement reads "${shown}"`);
    return matches[0];
  }

  /** The option ids of a wrong answer: every option outside the key. */
  wrongAnswer(item) {
    const wrong = item.options.filter((option) => !item.key.includes(option));
    return item.kind === 'single' ? wrong.slice(0, 1) : wrong;
  }
}

export class QuizPage extends PackageFrame {
  /** The quiz's section on the exercise page. */
  section() {
    return this.root.locator(QUIZ.section);
  }

  // ---- Audience step -----------------------------------------------------

  audienceGroup() {
    return this.section().getByRole('group', { name: 'Who are you answering for?', exact: true });
  }

  audienceRadio(audience) {
    return this.audienceGroup().getByRole('radio', { name: AUDIENCE_LABELS[audience], exact: true });
  }

  startButton() {
    return this.section().getByRole('button', { name: QUIZ_BUTTONS.start, exact: true });
  }

  /** Chooses the audience and starts; waits for the first item. */
  async start(audience = 'sme') {
    await this.audienceRadio(audience).check();
    await this.startButton().click();
    await this.itemFieldset().waitFor();
  }

  // ---- Item step ---------------------------------------------------------

  knowledgeHeading() {
    return this.section().getByRole('heading', { name: 'Part 1: Knowledge check', exact: true });
  }

  progress() {
    return this.section().getByText(QUIZ_POSITION);
  }

  /** The item's position, as `{n, total}` from "Question n of total". */
  async position() {
    const text = await this.progress().innerText();
    const match = QUIZ_POSITION.exec(text);
    assert.ok(match, `the progress line reads "Question n of total": "${text}"`);
    return { n: Number(match[1]), total: Number(match[2]) };
  }

  /** Waits until the item at position `n` is shown. */
  async waitForPosition(n) {
    await eventually(async () => assert.equal((await this.position()).n, n));
  }

  itemFieldset() {
    return this.section().locator(QUIZ.item);
  }

  /** The stem: the item fieldset's legend. */
  async stem() {
    return normalize(await this.itemFieldset().locator('legend').innerText());
  }

  /** The options as shown: `{value, type, label, checked, disabled}` in order. */
  async options() {
    return this.itemFieldset()
      .locator('input')
      .evaluateAll((inputs) =>
        inputs.map((input) => ({
          value: input.value,
          type: input.type,
          label: (input.labels?.[0]?.innerText ?? '').replace(/\s+/g, ' ').trim(),
          checked: input.checked,
          disabled: input.disabled,
        })),
      );
  }

  /** The input of the option with this id (its value). */
  option(id) {
    return this.itemFieldset().locator(`input[value="${id}"]`);
  }

  /** What is shown now: position, stem, options. */
  async currentItem() {
    await this.itemFieldset().waitFor();
    return { ...(await this.position()), stem: await this.stem(), options: await this.options() };
  }

  /** Selects the options with these ids. */
  async choose(ids) {
    for (const id of ids) {
      await this.option(id).check();
    }
  }

  checkButton() {
    return this.section().getByRole('button', { name: QUIZ_BUTTONS.check, exact: true });
  }

  nextButton() {
    return this.section().getByRole('button', { name: QUIZ_BUTTONS.next, exact: true });
  }

  toSelfAssessmentButton() {
    return this.section().getByRole('button', { name: QUIZ_BUTTONS.toSelfAssessment, exact: true });
  }

  /** The feedback after a check, announced as a status. */
  feedback() {
    return this.section().locator(QUIZ.feedback);
  }

  async feedbackText() {
    return normalize(await this.feedback().innerText());
  }

  /** Checks the chosen answer and returns the feedback's text. */
  async checkAnswer() {
    await this.checkButton().click();
    await this.feedback().waitFor();
    assert.equal(await this.feedback().getAttribute('role'), 'status');
    return this.feedbackText();
  }

  /** Goes on from the feedback: to the next item, or to the self-assessment after the last. */
  async next() {
    await this.nextButton().or(this.toSelfAssessmentButton()).click();
  }

  /**
   * Answers the item shown with `ids`, checks it and goes on. Returns the
   * item as it was shown and the feedback's text.
   */
  async answer(ids) {
    const shown = await this.currentItem();
    await this.choose(ids);
    const feedback = await this.checkAnswer();
    await this.next();
    if (shown.n < shown.total) {
      await this.waitForPosition(shown.n + 1);
    } else {
      await this.selfAssessmentHeading().waitFor();
    }
    return { ...shown, feedback };
  }

  // ---- Self-assessment step ----------------------------------------------

  selfAssessmentHeading() {
    return this.section().getByRole('heading', { name: 'Part 2: Self-assessment', exact: true });
  }

  /** The statements' fieldsets, in the order shown. */
  statements() {
    return this.section().locator(QUIZ.statement);
  }

  /** The statements' texts (their legends), in the order shown. */
  async statementTexts() {
    return (await this.statements().locator('legend').allInnerTexts()).map(normalize);
  }

  /** The radio button for `rating` (1–5) of the statement at `index`. */
  ratingRadio(index, rating) {
    return this.statements()
      .nth(index)
      .getByRole('radio', { name: LIKERT_LABELS[rating - 1], exact: true });
  }

  async rate(index, rating) {
    await this.ratingRadio(index, rating).check();
  }

  finishButton() {
    return this.section().getByRole('button', { name: QUIZ_BUTTONS.finish, exact: true });
  }

  /** Rates every statement with `rating(index)` and finishes. */
  async rateAllAndFinish(rating) {
    const count = await this.statements().count();
    for (let index = 0; index < count; index += 1) {
      await this.rate(index, typeof rating === 'function' ? rating(index) : rating);
    }
    await this.finishButton().click();
    await this.resultsHeading().waitFor();
  }

  // ---- Results -----------------------------------------------------------

  resultsHeading() {
    return this.section().getByRole('heading', { name: QUIZ_RESULTS_HEADING, exact: true });
  }

  score() {
    return this.section().getByText(/^Knowledge score: \d+ of 100$/);
  }

  /** The knowledge score shown, as a number. */
  async scoreValue() {
    const text = normalize(await this.score().innerText());
    return Number(/^Knowledge score: (\d+) of 100$/.exec(text)[1]);
  }

  verdict() {
    return this.section().getByText(/^(You passed\.|You have not reached the pass mark)/);
  }

  chart() {
    return this.section().getByRole('img');
  }

  profileTable() {
    return this.section().getByRole('table', { name: 'Scores by dimension, from 0 to 100' });
  }

  /** The profile table's rows: `{dimension, knowledge, selfAssessment, readiness, band}`. */
  async profileRows() {
    return this.profileTable()
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => {
          const cells = [...row.querySelectorAll('th, td')].map((cell) =>
            cell.innerText.replace(/\s+/g, ' ').trim(),
          );
          return {
            dimension: cells[0],
            knowledge: Number(cells[1]),
            selfAssessment: Number(cells[2]),
            readiness: Number(cells[3]),
            band: cells[4],
          };
        }),
      );
  }

  addNeedsButton() {
    return this.section().getByRole('button', { name: 'Add these needs to my plan', exact: true });
  }

  /** The band legend, one normalised line per band. */
  async bandLines() {
    return (await this.section().locator('.cl-quiz__bands li').allInnerTexts()).map(normalize);
  }

  /** The recommendations shown, one normalised line each. */
  async recommendationLines() {
    return (await this.section().locator('.cl-quiz__recommendations li').allInnerTexts()).map(
      normalize,
    );
  }

  /** The "why" of every reviewed answer, in asking order. */
  async reviewWhys() {
    return (await this.section().locator('.cl-quiz__review-why').allInnerTexts()).map(normalize);
  }

  reviewHeading() {
    return this.section().getByRole('heading', { name: 'Review your answers', exact: true });
  }

  retryButton() {
    return this.section().getByRole('button', { name: 'Try again with new questions', exact: true });
  }

  // ---- Keyboard ----------------------------------------------------------

  /** A description of the focused element in the app's document. */
  async focused() {
    return this.root.evaluate(() => {
      const element = document.activeElement;
      if (element === null || element === document.body) {
        return { tag: 'body' };
      }
      return {
        tag: element.tagName.toLowerCase(),
        type: element.getAttribute('type') ?? '',
        value: 'value' in element ? element.value : '',
        checked: element.checked === true,
        text: (element.innerText ?? '').replace(/\s+/g, ' ').trim(),
        label: (element.labels?.[0]?.innerText ?? '').replace(/\s+/g, ' ').trim(),
        group: (element.closest('fieldset')?.querySelector('legend')?.innerText ?? '')
          .replace(/\s+/g, ' ')
          .trim(),
        inQuiz: element.closest('section.cl-quiz') !== null,
      };
    });
  }

  /**
   * Presses Tab until the focused element satisfies `matches`, and returns
   * it; fails after `maxPresses`, so an element the keyboard cannot reach
   * fails the test.
   */
  async tabTo(matches, what, { maxPresses = 80 } = {}) {
    for (let presses = 0; presses <= maxPresses; presses += 1) {
      const focused = await this.focused();
      if (matches(focused)) {
        return focused;
      }
      await this.page.keyboard.press('Tab');
    }
    assert.fail(`Tab never reached ${what} in ${maxPresses} presses`);
  }

  /** Tabs to the button with this text and presses Enter. */
  async pressButton(text) {
    await this.tabTo((f) => f.tag === 'button' && f.text === text, `the button "${text}"`);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Checks a radio button by keyboard: Tab into its group (the fieldset whose
   * legend is `group`; without `group`, any group in the quiz), arrow keys to
   * the option (`{value}` or `{label}`), Space if it is still unchecked.
   */
  async checkRadioByKeyboard(option, group) {
    const inGroup = (f) =>
      f.tag === 'input' && f.type === 'radio' && f.inQuiz && (group === undefined || f.group === group);
    const isOption = (f) =>
      option.value !== undefined ? f.value === option.value : f.label === option.label;
    await this.tabTo(inGroup, `a radio button of "${group ?? 'the quiz'}"`);
    for (let presses = 0; presses < 12; presses += 1) {
      const focused = await this.focused();
      assert.ok(inGroup(focused), `the arrow keys keep the focus in the group: ${JSON.stringify(focused)}`);
      if (isOption(focused)) {
        if (!focused.checked) {
          await this.page.keyboard.press('Space');
        }
        await eventually(async () => assert.equal((await this.focused()).checked, true));
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    assert.fail(`the arrow keys never reached ${JSON.stringify(option)} in "${group}"`);
  }

  /** Checks the checkbox with `value` in the item by keyboard: Tab to it, Space. */
  async checkCheckboxByKeyboard(value) {
    const focused = await this.tabTo(
      (f) => f.tag === 'input' && f.type === 'checkbox' && f.value === value,
      `the checkbox "${value}"`,
    );
    if (!focused.checked) {
      await this.page.keyboard.press('Space');
    }
  }
}
