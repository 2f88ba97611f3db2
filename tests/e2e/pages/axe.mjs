// Accessibility checks on a page or frame of the app: axe-core's WCAG 2.1
// A and AA rules, and what the checks axe cannot make read from the page:
// the names charts take from their labels, the marks CSS adds beside a
// colour, and what still moves when the learner asks for reduced motion.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The rule tags of WCAG 2.1 level AA. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core's violations of WCAG 2.1 AA in the document of `root` (a page or
 * a frame), as `{id, impact, help, nodes: [{target, summary}]}`.
 */
export async function axeViolations(root) {
  if (!(await root.evaluate(() => 'axe' in window))) {
    await root.addScriptTag({ content: AXE_SOURCE });
  }
  return root.evaluate(async (tags) => {
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({
        target: node.target.join(' '),
        summary: node.failureSummary,
      })),
    }));
  }, WCAG_21_AA);
}

/** The violations in words: each rule's id and help, then each node it found. */
export function describeViolations(violations) {
  return violations
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help}\n` +
        violation.nodes
          .map((node) => `    ${node.target}\n      ${node.summary.replace(/\n/g, '\n      ')}`)
          .join('\n'),
    )
    .join('\n');
}

/** Fails when axe-core finds any WCAG 2.1 AA violation in `root`; `state` names what is shown. */
export async function assertAccessible(root, state) {
  const violations = await axeViolations(root);
  assert.equal(
    violations.length,
    0,
    `${state}: ${violations.length} WCAG 2.1 AA violation(s)\n${describeViolations(violations)}`,
  );
}

/**
 * The accessible name an element (such as a chart's `<svg role="img">`)
 * takes from `aria-labelledby` or `aria-label`, white space collapsed.
 */
export async function labelOf(locator) {
  return locator.evaluate((element) => {
    const ids = element.getAttribute('aria-labelledby');
    const text = ids
      ? ids
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ')
      : (element.getAttribute('aria-label') ?? '');
    return text.replace(/\s+/g, ' ').trim();
  });
}

/**
 * The text an element shows with what its `::before` and `::after` add
 * (marks such as ✓ that CSS puts beside a colour), white space collapsed.
 */
export async function shownText(locator) {
  return locator.evaluate((element) => {
    const added = (pseudo) => {
      const content = getComputedStyle(element, pseudo).content;
      return content === 'none' || content === 'normal' ? '' : content.replace(/^"|"$/g, '');
    };
    return `${added('::before')}${element.textContent}${added('::after')}`.replace(/\s+/g, ' ').trim();
  });
}

/**
 * What moves in the document of `root` for longer than 0.01 s: each element
 * (or its `::before` or `::after`) with such an animation or transition,
 * smooth scrolling, and every animation running, one line each.
 */
export async function lastingMotion(root) {
  return root.evaluate(() => {
    const longest = (durations) =>
      Math.max(
        ...durations
          .split(',')
          .map((duration) => parseFloat(duration) * (duration.trim().endsWith('ms') ? 0.001 : 1)),
      );
    const name = (element, pseudo) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${[
        ...element.classList,
      ]
        .map((c) => `.${c}`)
        .join('')}${pseudo ?? ''}`;
    const found = [];
    for (const element of document.querySelectorAll('*')) {
      for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(element, pseudo);
        if (style.animationName !== 'none' && longest(style.animationDuration) > 0.01) {
          const animation = `${style.animationName} ${style.animationDuration}`;
          found.push(`${name(element, pseudo)}: animation ${animation}`);
        }
        if (longest(style.transitionDuration) > 0.01) {
          found.push(
            `${name(element, pseudo)}: transition ${style.transitionProperty} ${style.transitionDuration}`,
          );
        }
      }
    }
    if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth') {
      found.push('html: smooth scrolling');
    }
    for (const animation of document.getAnimations()) {
      if (animation.playState === 'running') {
        found.push(`running: ${animation.animationName ?? animation.transitionProperty ?? 'animation'}`);
      }
    }
    return found;
  });
}

/** Fails when anything in `root` moves for longer than 0.01 s (see `lastingMotion`). */
export async function assertStill(root, state) {
  const moving = await lastingMotion(root);
  assert.deepEqual(moving, [], `${state}: nothing moves under reduced motion:\n${moving.join('\n')}`);
}
