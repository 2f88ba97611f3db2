// What a page's layout must give a learner on a phone or in an LMS frame,
// measured in the page (or the package's frame): nothing wider than the
// viewport, touch targets large enough to hit (WCAG 2.5.8), and controls
// inside the visible area.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';

/** Where screenshots for review go (under the workspace's `target/`, never committed). */
export const SCREENSHOT_DIR = new URL('../../../target/e2e-screenshots/', import.meta.url);

/** The smallest target WCAG 2.5.8 (AA) allows, in CSS pixels. */
export const MIN_TARGET = 24;

/** Saves a screenshot of `page` as `<name>.png` for review. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOT_DIR).pathname, fullPage: true });
}

/**
 * The layout of the document shown in `root` (a page or a frame): its
 * viewport's width, how wide it scrolls and the elements that stick out on
 * the right; and the shown, enabled pointer targets smaller than 24 × 24 px
 * that no WCAG 2.5.8 exception covers, as `tag.class W×H`. A control's label
 * is part of its target when the label holds it (or when the control itself
 * is hidden behind it, as a styled file input is). The exceptions: a link
 * in a line of text, and a small target whose 24 px circle meets no other
 * target.
 */
export async function measureLayout(root) {
  return root.evaluate((min) => {
    const describe = (element) =>
      element.tagName.toLowerCase() +
      (element.id ? `#${element.id}` : '') +
      (typeof element.className === 'string' && element.className.trim() !== ''
        ? `.${element.className.trim().split(/\s+/).join('.')}`
        : '') +
      (element.dataset?.testid ? `[data-testid=${element.dataset.testid}]` : '');

    const width = document.documentElement.clientWidth;
    const sticking = [...document.body.querySelectorAll('*')]
      .map((element) => ({ element, right: element.getBoundingClientRect().right }))
      .filter(({ right }) => right > width + 0.5)
      .slice(0, 10)
      .map(({ element, right }) => `${describe(element)} ends at ${Math.round(right)} px`);

    const selector =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, ' +
      '[role="button"], [role="radio"], [role="checkbox"], [tabindex]:not([tabindex="-1"])';
    const targets = [...document.querySelectorAll(selector)]
      .filter((element) => element.checkVisibility() && !element.matches(':disabled'))
      .map((element) => {
        const label = element.labels?.[0];
        const own = element.getBoundingClientRect();
        const byLabel = label !== undefined && (label.contains(element) || own.width * own.height <= 1);
        return { element, rect: byLabel ? label.getBoundingClientRect() : own };
      })
      .filter(({ rect }) => rect.width * rect.height > 1);
    const inText = (element) =>
      element.tagName === 'A' &&
      [...element.parentElement.childNodes].some(
        (node) => node !== element && node.nodeType === Node.TEXT_NODE && node.textContent.trim() !== '',
      );
    const centre = ({ left, top, width: w, height: h }) => ({ x: left + w / 2, y: top + h / 2 });
    const distance = (point, rect) =>
      Math.hypot(
        Math.max(rect.left - point.x, 0, point.x - rect.right),
        Math.max(rect.top - point.y, 0, point.y - rect.bottom),
      );
    const undersized = targets.filter(({ rect }) => rect.width < min - 0.5 || rect.height < min - 0.5);
    const related = (a, b) => a === b || a.contains(b) || b.contains(a);
    const crowded = ({ element, rect }) => {
      const point = centre(rect);
      return targets.some(
        (other) =>
          !related(other.element, element) &&
          (undersized.includes(other)
            ? Math.hypot(point.x - centre(other.rect).x, point.y - centre(other.rect).y) < min
            : distance(point, other.rect) < min / 2),
      );
    };
    const small = undersized
      .filter((target) => !inText(target.element) && crowded(target))
      .map(({ element, rect }) => `${describe(element)} ${Math.round(rect.width)}×${Math.round(rect.height)}`);

    return { innerWidth: window.innerWidth, scrollWidth: document.scrollingElement.scrollWidth, sticking, small };
  }, MIN_TARGET);
}

/** Nothing scrolls sideways at `width` px, and every pointer target is large enough. */
export async function assertLayout(root, where, width) {
  const layout = await measureLayout(root);
  assert.equal(layout.innerWidth, width, `the viewport is ${width} px wide`);
  assert.ok(
    layout.scrollWidth <= width,
    `${where} scrolls sideways at ${width} px: scrollWidth ${layout.scrollWidth}; ` +
      `wider elements: ${layout.sticking.join(', ') || 'none found'}`,
  );
  assert.deepEqual(layout.small, [], `${where}: pointer targets under ${MIN_TARGET} × ${MIN_TARGET} px`);
}

/**
 * Where `locator` is against its window, as the app left the scroll:
 * `{top, bottom, viewport, onTop}`, `onTop` when nothing covers its centre.
 */
export async function placeInWindow(locator) {
  return locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    return {
      top: Math.round(rect.top),
      bottom: Math.round(rect.bottom),
      viewport: window.innerHeight,
      onTop: hit !== null && (hit === element || element.contains(hit) || hit.contains(element)),
    };
  });
}

/** `locator` is wholly inside its window and nothing covers it, without scrolling. */
export async function assertShownWithoutScrolling(locator, what) {
  const place = await placeInWindow(locator);
  assert.ok(
    place.top >= 0 && place.bottom <= place.viewport && place.onTop,
    `${what} is in view and uncovered, without scrolling: ${JSON.stringify(place)}`,
  );
}
