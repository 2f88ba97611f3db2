// The cluster-type identification exercise on its exercise page
// (`#/cluster-types`), in English: introduction, cases sorted onto the five
// type targets (by mouse, touch, keyboard or click) with feedback that marks
// the clues, results with the confusion matrix, and the optional stage round.
//
// Works on a whole page or on one frame (the package inside an LMS player's
// iframe), and comes with the exercise's content, read from the same files
// the app is built from, so that a test can tell which case is shown (from
// its `data-case`) and what its right type is.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { eventually } from '../../support/eventually.mjs';
import { keyboardFocus } from './keyboard.mjs';
import { normalize, PackageFrame } from './package-frame.mjs';

const CONTENT_FILE = new URL(
  '../../../assets/content/exercises/cluster-types.json',
  import.meta.url,
);
const LOCALE_FILE = new URL('../../../assets/locales/en.json', import.meta.url);

/** The type codes, in the order the targets show them (the engine's `ClusterType::ALL`). */
export const TYPE_CODES = [
  'marshallian',
  'hub-and-spoke',
  'satellite-platform',
  'state-anchored',
  'not-a-cluster',
];

/** The capability stages' codes, in the order the stage round offers them. */
export const STAGE_CODES = ['informal', 'organised', 'innovative', 'tnc-led'];

/** The selectors of the exercise's parts, shared with the journeys of every browser engine. */
export const CASES = {
  section: 'section.cl-cases',
  begin: '[data-testid="cases-begin"]',
  progress: 'p.cl-cases__progress',
  case: 'article.cl-case',
  target: 'button.cl-type__target',
  feedback: '[data-testid="case-feedback"]',
  next: '[data-testid="case-next"]',
  score: '[data-testid="cases-score"]',
};

/** "Case n of total", the case's position. */
export const CASE_POSITION = /^Case (\d+) of (\d+)$/;

/** How far a pointer must move, in CSS pixels, before a press on the card becomes a drag. */
export const DRAG_THRESHOLD = 8;

/**
 * A case's text cut into passages, each marked whether it is a clue, as the
 * engine's `clue_passages` does: every clue found in the text, in text
 * order; a clue that does not occur, or overlaps an earlier one, is left
 * unmarked. Returns the marked passages, in text order.
 */
export function cluePassages(text, clues) {
  const found = clues
    .filter((clue) => clue !== '')
    .map((clue) => [text.indexOf(clue), clue])
    .filter(([start]) => start >= 0)
    .map(([start, clue]) => [start, start + clue.length])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const marked = [];
  let at = 0;
  for (const [start, end] of found) {
    if (start < at) {
      continue;
    }
    marked.push(text.slice(start, end));
    at = end;
  }
  return marked;
}

/**
 * The exercise's content: the cases with their right types, stages,
 * difficulties and English texts, the types and stages with their names,
 * and the rules of drawing, scoring and retrying.
 */
export class CasesContent {
  constructor() {
    const { cases } = JSON.parse(readFileSync(CONTENT_FILE, 'utf8'));
    const { strings } = JSON.parse(readFileSync(LOCALE_FILE, 'utf8'));
    const text = (key) => {
      assert.ok(key in strings, `en.json has ${key}`);
      return strings[key];
    };
    this.title = text('cluster-types.title');
    this.rule = text('cluster-types.rule');
    this.perAttempt = cases.draw.per_attempt;
    this.maxPerType = cases.draw.max_per_type;
    this.passMark = cases.scoring.pass_mark;
    /** Points by difficulty: `{easy, medium, hard}`. */
    this.weights = cases.scoring.weights;
    this.maxAttempts = cases.retry.max_attempts;
    this.retryAfterPass = cases.retry.after_pass;
    this.stageRound = cases.stage_round;
    /** @type {{code: string, objectiveId: string, name: string, definition: string,
     *   signals: string, test: string, support: string}[]} */
    this.types = TYPE_CODES.map((code) => {
      const prefix = `cluster-types.type.${code}`;
      return {
        code,
        objectiveId: `ct-${code}`,
        name: text(`${prefix}.name`),
        definition: text(`${prefix}.definition`),
        signals: text(`${prefix}.signals`),
        test: text(`${prefix}.test`),
        support: text(`${prefix}.support`),
      };
    });
    this.stages = STAGE_CODES.map((code) => ({
      code,
      name: text(`cluster-types.stage.${code}.name`),
      definition: text(`cluster-types.stage.${code}.definition`),
    }));
    /** @type {Map<string, {id: string, difficulty: string, weight: number, structure: string,
     *   stages: string[], title: string, text: string, clues: string[], why: string,
     *   misreads: Record<string, string>, stageWhy: string | undefined}>} */
    this.cases = new Map();
    for (const vignette of cases.vignettes) {
      assert.ok(TYPE_CODES.includes(vignette.structure), `${vignette.id}: a known type`);
      for (const stage of vignette.stages) {
        assert.ok(STAGE_CODES.includes(stage), `${vignette.id}: a known stage ${stage}`);
      }
      const prefix = `cluster-types.case.${vignette.id}`;
      this.cases.set(vignette.id, {
        id: vignette.id,
        difficulty: vignette.difficulty,
        weight: this.weights[vignette.difficulty],
        structure: vignette.structure,
        stages: vignette.stages,
        title: text(`${prefix}.title`),
        text: text(`${prefix}.text`),
        clues: Array.from({ length: vignette.clues }, (_, n) => text(`${prefix}.clue.${n + 1}`)),
        why: text(`${prefix}.why`),
        misreads: Object.fromEntries(
          (vignette.misreads ?? []).map((type) => [type, text(`${prefix}.misread.${type}`)]),
        ),
        stageWhy: vignette.stages.length > 0 ? text(`${prefix}.stage-why`) : undefined,
      });
    }
    const discussion = cases.discussion;
    const prefix = `cluster-types.case.${discussion.id}`;
    this.discussion = {
      id: discussion.id,
      defensible: discussion.defensible,
      title: text(`${prefix}.title`),
      text: text(`${prefix}.text`),
      discussion: text(`${prefix}.discussion`),
    };
  }

  /** The case with this id, as the page's `data-case` names it. */
  case(id) {
    const found = this.cases.get(id);
    assert.ok(found, `the content has a case "${id}"`);
    return found;
  }

  /** The type with this code. */
  type(code) {
    const found = this.types.find((type) => type.code === code);
    assert.ok(found, `the content has a type "${code}"`);
    return found;
  }

  /** The case with this title (titles are unique). */
  caseByTitle(title) {
    const found = [...this.cases.values()].filter(
      (vignette) => normalize(vignette.title) === normalize(title),
    );
    assert.equal(found.length, 1, `exactly one case is titled "${title}"`);
    return found[0];
  }

  /** The stage with this code. */
  stage(code) {
    const found = this.stages.find((stage) => stage.code === code);
    assert.ok(found, `the content has a stage "${code}"`);
    return found;
  }

  /** Whether the case explains, in its own words, why `chosen` misreads it. */
  hasOwnMisread(id, chosen) {
    return chosen in this.case(id).misreads;
  }

  /**
   * Why `chosen` does not fit the case: the case's own explanation of that
   * misreading, else the chosen type's telling question; null when right.
   */
  misreadText(id, chosen) {
    const found = this.case(id);
    if (chosen === found.structure) {
      return null;
    }
    return found.misreads[chosen] ?? this.type(chosen).test;
  }

  /** The clue phrases the feedback marks in the case's text, in text order. */
  clueMarks(id) {
    const found = this.case(id);
    return cluePassages(found.text, found.clues);
  }

  /** A wrong type for the case: its first own misreading, else the next type in order. */
  wrongType(id) {
    const found = this.case(id);
    const own = Object.keys(found.misreads);
    if (own.length > 0) {
      return own[0];
    }
    return TYPE_CODES[(TYPE_CODES.indexOf(found.structure) + 1) % TYPE_CODES.length];
  }

  /**
   * The result of sorted cases (`[{id, chosen}]`, every case of an attempt):
   * `points` and `max` (each right case weighted by its difficulty),
   * `percent` as the LMS gets it (two decimals), `shown` as the page shows it
   * (a whole number) and `passed` (at the pass mark or above).
   */
  result(sorted) {
    const points = sorted
      .filter(({ id, chosen }) => this.case(id).structure === chosen)
      .reduce((sum, { id }) => sum + this.case(id).weight, 0);
    const max = sorted.reduce((sum, { id }) => sum + this.case(id).weight, 0);
    const scaled = max === 0 ? 0 : points / max;
    return {
      points,
      max,
      percent: Math.round(scaled * 10_000) / 100,
      shown: Math.round(scaled * 100),
      passed: scaled * 100 >= this.passMark - 1e-9,
    };
  }

  /** How many of the sorted cases of type `actual` were put on `chosen`. */
  confusionCount(sorted, actual, chosen) {
    return sorted.filter(
      (answer) => this.case(answer.id).structure === actual && answer.chosen === chosen,
    ).length;
  }

  /**
   * The wrong answers as `{actual, chosen, count}`, the most frequent first,
   * ties in type order (right type, then the type taken for it), as the
   * engine's `Confusion::mix_ups` orders them.
   */
  mixUps(sorted) {
    const mixUps = [];
    for (const actual of TYPE_CODES) {
      for (const chosen of TYPE_CODES) {
        const count = this.confusionCount(sorted, actual, chosen);
        if (actual !== chosen && count > 0) {
          mixUps.push({ actual, chosen, count });
        }
      }
    }
    // Array.prototype.sort is stable, so ties keep type order.
    return mixUps.sort((a, b) => b.count - a.count);
  }

  /**
   * Each type's objective after the attempt (`sorted`: every case), in type
   * order: `{id, code, answered, right, percent, met}`, `percent` the share
   * of that type's cases sorted right (two decimals), met at the pass mark.
   */
  typeResults(sorted) {
    return this.types.map((type) => {
      const answered = sorted.filter(({ id }) => this.case(id).structure === type.code).length;
      const right = this.confusionCount(sorted, type.code, type.code);
      const percent = answered === 0 ? undefined : Math.round((right / answered) * 10_000) / 100;
      return {
        id: type.objectiveId,
        code: type.code,
        name: type.name,
        answered,
        right,
        percent,
        met: percent !== undefined && percent >= this.passMark,
      };
    });
  }
}

export class CasesPage extends PackageFrame {
  /** The exercise's section on its page. */
  section() {
    return this.root.locator(CASES.section);
  }

  // ---- Introduction ------------------------------------------------------

  /** The cluster test rule, stated before the first case. */
  rule() {
    return this.section().locator('p.cl-cases__rule');
  }

  beginButton() {
    return this.section().locator(CASES.begin);
  }

  /** Starts the first case; waits for it. */
  async begin() {
    await this.beginButton().click();
    await this.caseArticle().waitFor();
  }

  // ---- A case ------------------------------------------------------------

  progress() {
    return this.section().locator(CASES.progress);
  }

  /** The case's position, as `{n, total}` from "Case n of total". */
  async position() {
    const text = normalize(await this.progress().innerText());
    const match = CASE_POSITION.exec(text);
    assert.ok(match, `the progress line reads "Case n of total": "${text}"`);
    return { n: Number(match[1]), total: Number(match[2]) };
  }

  /** Waits until the case at position `n` is shown. */
  async waitForPosition(n) {
    await eventually(async () => assert.equal((await this.position()).n, n));
  }

  /** The case shown, in either round. */
  caseArticle() {
    return this.section().locator(CASES.case);
  }

  /** The case while it waits to be sorted: the drag source. */
  card() {
    return this.section().locator('article.cl-case[data-testid="case-card"]');
  }

  async caseId() {
    return this.caseArticle().getAttribute('data-case');
  }

  /** What is shown now: position, case id, title and text. */
  async currentCase() {
    await this.caseArticle().waitFor();
    return {
      ...(await this.position()),
      id: await this.caseId(),
      title: normalize(await this.caseArticle().locator('h3.cl-case__title').innerText()),
      text: normalize(await this.caseArticle().locator('p.cl-case__text').innerText()),
    };
  }

  /** The clue phrases marked in the case's text, in text order. */
  async clueMarks() {
    return (await this.caseArticle().locator('p.cl-case__text mark.cl-clue').allInnerTexts()).map(
      normalize,
    );
  }

  /** Whether the card has the class it has while it is dragged. */
  async isDragging() {
    return this.caseArticle().evaluate((card) => card.classList.contains('cl-case--dragging'));
  }

  // ---- The type targets ----------------------------------------------------

  typeGroup() {
    return this.section().locator('div.cl-cases__types[role="group"]');
  }

  targets() {
    return this.typeGroup().locator(CASES.target);
  }

  target(type) {
    return this.typeGroup().locator(`button.cl-type__target[data-type="${type}"]`);
  }

  /** The button that opens the type's definition. */
  info(type) {
    return this.typeGroup().locator(`button.cl-type__info[data-type="${type}"]`);
  }

  /** The pop-over of the type's definition, beside its target. */
  popover(type) {
    return this.typeGroup().locator(
      `div.cl-type:has(> button.cl-type__target[data-type="${type}"]) > div.cl-type__popover`,
    );
  }

  /** Whether the type's info button opens its pop-over (`popovertarget`). */
  async infoOpensPopover(type) {
    const [id, popoverId] = await Promise.all([
      this.info(type).getAttribute('popovertarget'),
      this.popover(type).getAttribute('id'),
    ]);
    return id !== null && id === popoverId;
  }

  async isPopoverOpen(type) {
    return this.popover(type).evaluate((popover) => popover.matches(':popover-open'));
  }

  /**
   * Every target in order: `{type, disabled, tabIndex, over, chosen, right}`,
   * the last three from its classes.
   */
  async targetStates() {
    return this.targets().evaluateAll((buttons) =>
      buttons.map((button) => ({
        type: button.dataset.type,
        disabled: button.disabled,
        tabIndex: button.tabIndex,
        over: button.classList.contains('cl-type__target--over'),
        chosen: button.classList.contains('cl-type__target--chosen'),
        right: button.classList.contains('cl-type__target--right'),
      })),
    );
  }

  /** The types a drag is over now, by their class. */
  async typesOver() {
    return (await this.targetStates()).filter((state) => state.over).map((state) => state.type);
  }

  /** The polite live region that says what happened. */
  live() {
    return this.section().locator('p.cl-cases__live[aria-live="polite"]');
  }

  // ---- Placing a case ------------------------------------------------------

  /** Places the case by clicking a target; waits for the feedback. */
  async clickTarget(type) {
    await this.target(type).click();
    await this.feedback().waitFor();
  }

  /** Places the case by tapping a target on a touch screen; waits for the feedback. */
  async tapTarget(type) {
    await this.target(type).tap();
    await this.feedback().waitFor();
  }

  /**
   * Drags the case onto `type`'s target and drops it there, with the mouse
   * or (`touch`) a finger, checking on the way that a move shorter than the
   * threshold does not start a drag, that a longer one does, and that the
   * target under the pointer is marked; waits for the feedback.
   */
  async dragCaseTo(type, { touch = false } = {}) {
    await this.bringIntoView();
    await this.drag(await this.centreOf(this.target(type)), { touch, over: type });
    await this.feedback().waitFor();
  }

  /** Scrolls the card and the targets into view, for a drag from one to the other. */
  async bringIntoView() {
    await this.card().scrollIntoViewIfNeeded();
    await this.typeGroup().scrollIntoViewIfNeeded();
  }

  /**
   * Presses on the card, drags to the point `to` (viewport coordinates of
   * the page), passing over `via`'s target first when given, and releases.
   * `over` is the type whose target must be marked at `to` (null: none).
   * Call `bringIntoView` first.
   */
  async drag(to, { touch = false, via, over = null } = {}) {
    const from = await this.pressPoint();
    const pointer = touch ? await this.touchPointer() : this.mousePointer();
    try {
      await pointer.down(from);
      // Within the threshold: still a press, not a drag.
      await pointer.move({ x: from.x + DRAG_THRESHOLD / 2, y: from.y });
      assert.equal(await this.isDragging(), false, `a move of ${DRAG_THRESHOLD / 2} px is no drag yet`);
      const path = [];
      if (via !== undefined) {
        path.push({ point: await this.centreOf(this.target(via)), over: via });
      }
      path.push({ point: to, over });
      let at = { x: from.x + DRAG_THRESHOLD / 2, y: from.y };
      for (const step of path) {
        await pointer.moveInSteps(at, step.point, 8);
        at = step.point;
        await eventually(async () => {
          assert.equal(await this.isDragging(), true, 'the card is being dragged');
          assert.deepEqual(
            await this.typesOver(),
            step.over === null ? [] : [step.over],
            'the target under the pointer is marked, and only it',
          );
        });
      }
      await pointer.up(at);
    } finally {
      await pointer.close();
    }
  }

  /**
   * A point on screen, away from the press point, that is on no target:
   * the middle of the progress line, the case's text or its title,
   * whichever is on screen first. Call `bringIntoView` first.
   */
  async pointOffTargets() {
    const viewport = await this.viewport();
    const from = await this.pressPoint();
    const targets = await Promise.all(
      TYPE_CODES.map((type) => this.target(type).boundingBox()),
    );
    const inside = (point, box) =>
      box !== null &&
      point.x >= box.x &&
      point.x <= box.x + box.width &&
      point.y >= box.y &&
      point.y <= box.y + box.height;
    for (const candidate of [
      this.progress(),
      this.caseArticle().locator('p.cl-case__text'),
      this.caseArticle().locator('h3.cl-case__title'),
    ]) {
      const box = await candidate.boundingBox();
      if (box === null) {
        continue;
      }
      const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      const onScreen =
        point.x > 0 && point.x < viewport.width && point.y > 0 && point.y < viewport.height;
      const far = Math.hypot(point.x - from.x, point.y - from.y) > 3 * DRAG_THRESHOLD;
      if (onScreen && far && !targets.some((target) => inside(point, target))) {
        return point;
      }
    }
    // The far corner of the card's title, then.
    const title = await this.caseArticle().locator('h3.cl-case__title').boundingBox();
    const point = { x: title.x + title.width - 2, y: title.y + title.height / 2 };
    assert.ok(Math.abs(point.x - from.x) > 2 * DRAG_THRESHOLD, 'a point off the targets, far enough');
    return point;
  }

  /** A point on the card to press: the middle of its title, which is on screen. */
  async pressPoint() {
    const box = await this.caseArticle().locator('h3.cl-case__title').boundingBox();
    assert.ok(box, 'the card is shown');
    const viewport = await this.viewport();
    const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    assert.ok(
      point.y > 0 && point.y < viewport.height,
      `the card's title is on screen to press it: ${JSON.stringify(point)}`,
    );
    return point;
  }

  /** The middle of `locator`'s box, in the page's viewport, checked to be on screen. */
  async centreOf(locator) {
    const box = await locator.boundingBox();
    assert.ok(box, 'the element is shown');
    const viewport = await this.viewport();
    const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    assert.ok(
      point.x > 0 && point.x < viewport.width && point.y > 0 && point.y < viewport.height,
      `the element is on screen: ${JSON.stringify(point)} in ${JSON.stringify(viewport)}`,
    );
    return point;
  }

  async viewport() {
    return (
      this.page.viewportSize() ??
      (await this.page.evaluate(() => ({ width: innerWidth, height: innerHeight })))
    );
  }

  /** The mouse as a pointer for `drag`. */
  mousePointer() {
    const mouse = this.page.mouse;
    return {
      down: async ({ x, y }) => {
        await mouse.move(x, y);
        await mouse.down();
      },
      move: async ({ x, y }) => mouse.move(x, y),
      moveInSteps: async (_from, { x, y }, steps) => mouse.move(x, y, { steps }),
      up: async () => mouse.up(),
      close: async () => {},
    };
  }

  /**
   * A finger as a pointer for `drag`: touch events through the DevTools
   * protocol, which Chromium turns into pointer events of type `touch`
   * (the browser needs a touch screen: `launchBrowser({hasTouch: true})`).
   *
   * Chromium judges a finger's speed from the events' times, so each event
   * comes one frame (60 Hz) after the last, on a clock that starts a second
   * back so that it never runs ahead of the page's own; and the finger rests
   * on the drop point for ten frames before it lifts, as a finger placing a
   * card does. Lifted while moving, it would start a fling, and Chromium
   * would take the next tap for one that stops the fling, not for a click.
   */
  async touchPointer() {
    const cdp = await this.page.context().newCDPSession(this.page);
    let timestamp = Date.now() / 1000 - 1;
    const touch = (type, touchPoints) => {
      timestamp += 1 / 60;
      return cdp.send('Input.dispatchTouchEvent', { type, touchPoints, timestamp });
    };
    const finger = ({ x, y }) => [{ x: Math.round(x), y: Math.round(y), id: 1 }];
    return {
      down: async (point) => touch('touchStart', finger(point)),
      move: async (point) => touch('touchMove', finger(point)),
      moveInSteps: async (from, to, steps) => {
        for (let step = 1; step <= steps; step += 1) {
          await touch(
            'touchMove',
            finger({
              x: from.x + ((to.x - from.x) * step) / steps,
              y: from.y + ((to.y - from.y) * step) / steps,
            }),
          );
        }
      },
      up: async (point) => {
        for (let frame = 0; frame < 10; frame += 1) {
          await touch('touchMove', finger(point));
        }
        await touch('touchEnd', []);
      },
      close: async () => cdp.detach(),
    };
  }

  /**
   * Places the case on `type` with the keyboard alone: Tab (or Shift+Tab)
   * to the targets' one Tab stop, arrow keys (`axis` horizontal: Left and
   * Right; vertical: Up and Down) or Home and End to the type, then `key`
   * (Enter or Space); waits for the feedback.
   */
  async placeByKeyboard(type, { key = 'Enter', axis = 'horizontal', homeEnd = true } = {}) {
    await this.keyboardFocus(CASES.target, 'the type targets');
    const order = await this.targets().evaluateAll((buttons) => buttons.map((b) => b.dataset.type));
    const want = order.indexOf(type);
    assert.ok(want >= 0, `a target for ${type}`);
    const [back, forward] =
      axis === 'horizontal' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
    for (let presses = 0; presses <= order.length; presses += 1) {
      const focused = await this.focusedTarget();
      assert.ok(focused !== null, 'the arrow keys keep the focus on the targets');
      const at = order.indexOf(focused);
      if (at === want) {
        await this.page.keyboard.press(key);
        await this.feedback().waitFor();
        return;
      }
      if (homeEnd && want === 0) {
        await this.page.keyboard.press('Home');
      } else if (homeEnd && want === order.length - 1) {
        await this.page.keyboard.press('End');
      } else {
        await this.page.keyboard.press(at < want ? forward : back);
      }
    }
    assert.fail(`the keys never reached the target ${type}`);
  }

  /** The type of the focused target, or null when the focus is elsewhere. */
  async focusedTarget() {
    return this.root.evaluate(() => {
      const element = document.activeElement;
      return element?.matches('section.cl-cases button.cl-type__target')
        ? element.dataset.type
        : null;
    });
  }

  /** Tabs until an element matching `selector` has the focus (see `keyboardFocus`). */
  async keyboardFocus(selector, what) {
    await keyboardFocus(this.page, this.root, selector, what);
  }

  /** Tabs to the element with this test id and presses `key` (Enter by default). */
  async pressByKeyboard(testId, key = 'Enter') {
    await this.keyboardFocus(`[data-testid="${testId}"]`, `[data-testid=${testId}]`);
    await this.page.keyboard.press(key);
  }

  // ---- Feedback ------------------------------------------------------------

  feedback() {
    return this.section().locator(CASES.feedback);
  }

  /** The feedback's parts: `{right, verdict, why, misread}` (misread null when absent). */
  async feedbackParts() {
    const feedback = this.feedback();
    await feedback.waitFor();
    const misread = feedback.locator('p.cl-case-feedback__misread');
    return {
      right: await feedback.evaluate((element) =>
        element.classList.contains('cl-case-feedback--right'),
      ),
      verdict: normalize(await feedback.locator('p.cl-case-feedback__verdict').innerText()),
      why: normalize(await feedback.locator('p.cl-case-feedback__why').innerText()),
      misread: (await misread.count()) === 0 ? null : normalize(await misread.innerText()),
    };
  }

  /** "Next case", or "See results" after the last case. */
  nextButton() {
    return this.section().locator(CASES.next);
  }

  /**
   * Goes on from the feedback: to the next case, or to the results after
   * the last; `by` a `click`, a `tap` or the `keyboard` (Tab, Enter).
   */
  async next({ by = 'click' } = {}) {
    const { n, total } = await this.position();
    if (by === 'keyboard') {
      await this.pressByKeyboard('case-next');
    } else if (by === 'tap') {
      await this.nextButton().tap();
    } else {
      await this.nextButton().click();
    }
    if (n < total) {
      await this.waitForPosition(n + 1);
    } else {
      await this.score().waitFor();
    }
  }

  // ---- Results -------------------------------------------------------------

  score() {
    return this.section().locator(CASES.score);
  }

  /** The score shown, a whole percentage. */
  async scoreValue() {
    const text = normalize(await this.score().innerText());
    const match = /(\d+) %/.exec(text);
    assert.ok(match, `the score reads "<n> %": "${text}"`);
    return Number(match[1]);
  }

  verdict() {
    return this.section().getByTestId('cases-verdict');
  }

  confusionTable() {
    return this.section().locator('table.cl-confusion');
  }

  /** The confusion matrix's cells: `{actual, chosen, text}`. */
  async confusionCells() {
    return this.confusionTable()
      .locator('td[data-actual][data-chosen]')
      .evaluateAll((cells) =>
        cells.map((cell) => ({
          actual: cell.dataset.actual,
          chosen: cell.dataset.chosen,
          text: cell.innerText.replace(/\s+/g, ' ').trim(),
        })),
      );
  }

  /** The sentences about the most frequent mix-ups. */
  async confusionWords() {
    return (await this.section().locator('ul.cl-confusion__words > li').allInnerTexts()).map(
      normalize,
    );
  }

  /** The case ids of the review, in order. */
  async reviewIds() {
    return this.section()
      .locator('ol.cl-cases__review > li[data-case]')
      .evaluateAll((items) => items.map((item) => item.dataset.case));
  }

  discussion() {
    return this.section().locator('section.cl-discussion');
  }

  discussionShowButton() {
    return this.discussion().getByTestId('discussion-show');
  }

  stagesBeginButton() {
    return this.section().getByTestId('stages-begin');
  }

  retryButton() {
    return this.section().getByTestId('cases-retry');
  }

  // ---- Stage round ---------------------------------------------------------

  stageRadios() {
    return this.section().locator('input[name="cl-stage"]');
  }

  stageRadio(code) {
    return this.section().locator(`input[name="cl-stage"][value="${code}"]`);
  }

  /** "Check", then "Next" or "See results". */
  stageSubmit() {
    return this.section().getByTestId('stage-submit');
  }

  stageFeedback() {
    return this.section().getByTestId('stage-feedback');
  }

  stageTally() {
    return this.section().getByTestId('stage-tally');
  }

  /** Starts the stage round; waits for its first case. */
  async beginStages() {
    await this.stagesBeginButton().click();
    await this.stageRadios().first().waitFor();
    await this.waitForPosition(1);
  }

  /**
   * Answers the case shown with the stage `code`, checks it and returns the
   * feedback's text; then goes on (`next`) to the next case or the tally.
   */
  async answerStage(code, { next = true } = {}) {
    const { n, total } = await this.position();
    await this.stageRadio(code).check();
    await this.stageSubmit().click();
    await this.stageFeedback().waitFor();
    const feedback = normalize(await this.stageFeedback().innerText());
    if (next) {
      await this.stageSubmit().click();
      if (n < total) {
        await this.waitForPosition(n + 1);
      } else {
        await this.stageTally().waitFor();
      }
    }
    return feedback;
  }

  /**
   * Checks the stage `code` by keyboard: Tab to the radio group, arrow keys
   * to the option (which checks it), Space if it is still unchecked.
   */
  async checkStageByKeyboard(code) {
    await this.keyboardFocus('input[name="cl-stage"]', 'the stage options');
    const order = await this.stageRadios().evaluateAll((inputs) => inputs.map((i) => i.value));
    const want = order.indexOf(code);
    assert.ok(want >= 0, `an option for the stage ${code}`);
    for (let presses = 0; presses <= order.length; presses += 1) {
      const focused = await this.root.evaluate(() => {
        const element = document.activeElement;
        return element?.matches('input[name="cl-stage"]')
          ? { value: element.value, checked: element.checked }
          : null;
      });
      assert.ok(focused !== null, 'the arrow keys keep the focus in the stage options');
      const at = order.indexOf(focused.value);
      if (at === want) {
        if (!focused.checked) {
          await this.page.keyboard.press('Space');
        }
        await eventually(async () => assert.equal(await this.stageRadio(code).isChecked(), true));
        return;
      }
      await this.page.keyboard.press(at < want ? 'ArrowDown' : 'ArrowUp');
    }
    assert.fail(`the arrow keys never reached the stage ${code}`);
  }
}
