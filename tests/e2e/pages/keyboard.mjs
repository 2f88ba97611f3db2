// Moving the keyboard focus as a learner does: Tab and Shift+Tab only, so
// that an element the keyboard cannot reach fails the test; and where the
// focus lands after a change of screen. Shared by the exercises' page
// objects and journeys.

import assert from 'node:assert/strict';

import { eventually } from '../../support/eventually.mjs';

/**
 * Presses Tab (on `page`) until an element matching `selector` inside
 * `root` has the focus, or Shift+Tab when the focus is already past every
 * such element; fails after `maxPresses`.
 */
export async function keyboardFocus(page, root, selector, what, { maxPresses = 120 } = {}) {
  for (let presses = 0; presses <= maxPresses; presses += 1) {
    const where = await root.evaluate((sel) => {
      const active = document.activeElement;
      if (active !== null && active.matches(sel)) {
        return 'there';
      }
      const reachable = [...document.querySelectorAll(sel)].filter(
        (element) => element.tabIndex >= 0 && !element.disabled && element.checkVisibility(),
      );
      if (reachable.length === 0) {
        return 'nowhere';
      }
      if (active === null || active === document.body) {
        return 'before';
      }
      const last = reachable.at(-1);
      // Past the last one: go back; otherwise on.
      return active.compareDocumentPosition(last) & Node.DOCUMENT_POSITION_PRECEDING
        ? 'after'
        : 'before';
    }, selector);
    if (where === 'there') {
      return;
    }
    assert.notEqual(where, 'nowhere', `${what} can take the focus`);
    await page.keyboard.press(where === 'before' ? 'Tab' : 'Shift+Tab');
  }
  assert.fail(`Tab never reached ${what} in ${maxPresses} presses`);
}

/**
 * Waits until the focus in the document of `root` (a page or frame) is on
 * an element matching `selector`: after a change of screen, the focus must
 * not be left on the body or on a control that went away.
 */
export async function assertFocusOn(root, selector, what) {
  await eventually(async () => {
    const focused = await root.evaluate((sel) => {
      const active = document.activeElement;
      return {
        there: active !== null && active.matches(sel),
        tag: active?.tagName.toLowerCase() ?? 'nothing',
        text: (active?.innerText ?? '').replace(/\s+/g, ' ').trim().slice(0, 60),
      };
    }, selector);
    assert.ok(
      focused.there,
      `${what}: the focus is on ${selector}, not on ${focused.tag} "${focused.text}"`,
    );
  });
}
