// Time to interactive of the home page, in headless Chromium, on a fast and
// on a slow link. Usage: node tests/bench/tti.mjs [--runs N]
//
// Time to interactive runs from navigation start until the first exercise's
// link is visible and clicking it makes the app render that exercise. Each
// run uses a fresh profile with the HTTP cache disabled, so every run is a
// first visit. Results go to stdout as `name value unit` lines, the format of
// `cargo xtask bench`; progress goes to stderr.

import { parseArgs } from 'node:util';

import { launchBrowser } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';

/** A slow mobile or rural link of the kind remote participants have. */
const SLOW_LINK = {
  offline: false,
  latency: 400,
  downloadThroughput: 400_000 / 8,
  uploadThroughput: 400_000 / 8,
};

const FIRST_EXERCISE_LINK = 'a[href="#/aec-quiz"]';

// Waiting for the whole slow-link download of a large build.
const TIMEOUT_MS = 300_000;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number.parseInt(values.runs, 10);
if (!(runs > 0)) {
  throw new Error(`--runs needs a positive number, not ${values.runs}`);
}

const server = await startServer();
try {
  for (const [name, network] of [
    ['unthrottled', undefined],
    ['throttled', SLOW_LINK],
  ]) {
    const times = [];
    for (let run = 1; run <= runs; run += 1) {
      const ms = await timeToInteractive(`${server.rootUrl}index.html`, network);
      console.error(`tti ${name} run ${run}/${runs}: ${ms} ms`);
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    console.log(`tti_${name}_median ${median(times)} ms`);
    console.log(`tti_${name}_min ${times[0]} ms`);
    console.log(`tti_${name}_max ${times[times.length - 1]} ms`);
  }
} finally {
  await server.close();
}

/** One cold load of the app; `network` as for `Network.emulateNetworkConditions`. */
async function timeToInteractive(appUrl, network) {
  const { context, page, close } = await launchBrowser();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (network !== undefined) {
      await cdp.send('Network.emulateNetworkConditions', network);
    }
    await page.addInitScript(watchInteractivity, FIRST_EXERCISE_LINK);

    await page.goto(appUrl, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    await page.locator(FIRST_EXERCISE_LINK).click({ timeout: TIMEOUT_MS });
    const marks = await page.waitForFunction(
      () => window.__benchMarks?.respondedAt !== undefined && window.__benchMarks,
      undefined,
      { timeout: TIMEOUT_MS },
    );
    const { visibleAt, clickedAt, respondedAt } = await marks.jsonValue();
    // Playwright clicks some time after the link appears; only the app's own
    // delay in responding counts.
    return Math.round(visibleAt + (respondedAt - clickedAt));
  } finally {
    await close();
  }
}

/**
 * Runs in the page before the app: records, in milliseconds since navigation
 * started, when the link became visible, when it was clicked, and when the
 * app rendered another page in response (its heading changed; the browser
 * alone would only change the URL's hash).
 */
function watchInteractivity(link) {
  const marks = {};
  window.__benchMarks = marks;
  const heading = () => document.querySelector('h1')?.textContent ?? '';
  const isVisible = (element) => {
    const box = element.getBoundingClientRect();
    return element.checkVisibility({ visibilityProperty: true }) && box.width > 0 && box.height > 0;
  };
  const watchLink = () => {
    const element = document.querySelector(link);
    if (element !== null && isVisible(element)) {
      marks.visibleAt = performance.now();
    } else {
      requestAnimationFrame(watchLink);
    }
  };
  requestAnimationFrame(watchLink);
  document.addEventListener(
    'click',
    (event) => {
      if (!(event.target instanceof Element && event.target.closest(link))) return;
      marks.clickedAt = event.timeStamp;
      // A click can only come after the link showed, even between two frames.
      marks.visibleAt ??= marks.clickedAt;
      const headingAtClick = heading();
      const watchResponse = () => {
        if (location.hash === new URL(event.target.closest(link).href).hash && heading() !== headingAtClick) {
          marks.respondedAt = performance.now();
        } else {
          requestAnimationFrame(watchResponse);
        }
      };
      requestAnimationFrame(watchResponse);
    },
    { capture: true },
  );
}

function median(sorted) {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}
