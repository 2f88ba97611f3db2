// What a learner downloads before the AEC quiz responds, and how long that
// takes, in headless Chromium, from a server that compresses and from one
// that sends files as stored (Moodle's pluginfile.php), on a fast link and
// on a slow one with a slow CPU.
// Usage: node tests/bench/tti.mjs [--runs N] [--dist DIR]
//
// The quiz opens as a one-exercise package opens it
// (`index.html?sco=aec-quiz#/aec-quiz`). Time to interactive runs from
// navigation start until the first answer option of its first step (the
// audience radio button) is visible and clicking it leaves it checked; the
// bytes are every response's encoded length (headers included) that
// finished by then. Each run uses a fresh profile with the HTTP cache
// disabled, so every run is a first visit. Results go to stdout as
// `name value unit` lines, the format of `cargo xtask bench`, with the
// budget and `ok` or `over` after the budgeted ones; progress goes to stderr.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { launchBrowser } from '../support/browser.mjs';
import { eventually } from '../support/eventually.mjs';
import { DIST_DIR, SERVING_MODES, startServer } from '../support/server.mjs';

/** A slow mobile or rural link of the kind remote participants have, on a low-end phone. */
const SLOW = {
  network: {
    offline: false,
    latency: 400,
    downloadThroughput: 400_000 / 8,
    uploadThroughput: 400_000 / 8,
  },
  cpuSlowdown: 4,
};

/** The launch URL of the quiz's own SCO, relative to the package. */
const QUIZ_LAUNCH = 'index.html?sco=aec-quiz#/aec-quiz';

/** The quiz's first answer option: the first audience radio button. */
const FIRST_CONTROL = 'section.cl-quiz input[type="radio"]';

/** The budgets: 150 KB on the wire, interactive within 4 s on the slow link. */
const BYTES_BUDGET = 153_600;
const SLOW_TTI_BUDGET_MS = 4_000;

// Waiting for the whole slow-link download of a large build.
const TIMEOUT_MS = 300_000;

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, dist: { type: 'string', default: DIST_DIR } },
});
const runs = Number.parseInt(values.runs, 10);
if (!(runs > 0)) {
  throw new Error(`--runs needs a positive number, not ${values.runs}`);
}

for (const serving of SERVING_MODES) {
  const server = await startServer({ root: resolve(values.dist), serving });
  try {
    const bytes = [];
    for (const [name, conditions] of [
      ['unthrottled', undefined],
      ['throttled', SLOW],
    ]) {
      const times = [];
      for (let run = 1; run <= runs; run += 1) {
        const load = await coldLoad(`${server.baseUrl}${QUIZ_LAUNCH}`, conditions);
        console.error(`quiz ${serving} ${name} run ${run}/${runs}: ${load.ms} ms, ${load.bytes} B`);
        times.push(load.ms);
        bytes.push(load.bytes);
      }
      const prefix = `quiz_${serving}_tti_${name}`;
      const budget = name === 'throttled' ? SLOW_TTI_BUDGET_MS : undefined;
      console.log(line(`${prefix}_median`, median(times), 'ms', budget));
      console.log(line(`${prefix}_min`, Math.min(...times), 'ms'));
      console.log(line(`${prefix}_max`, Math.max(...times), 'ms'));
    }
    console.log(line(`quiz_${serving}_bytes`, median(bytes), 'B', BYTES_BUDGET));
  } finally {
    await server.close();
  }
}

/** `name value unit`, then `budget <budget> <unit> ok|over` if there is a budget. */
function line(name, value, unit, budget) {
  const measured = `${name} ${value} ${unit}`;
  if (budget === undefined) return measured;
  return `${measured} budget ${budget} ${unit} ${value <= budget ? 'ok' : 'over'}`;
}

/**
 * One cold load of the app at `url`: milliseconds to interactive and bytes
 * transferred by then. `conditions` as `SLOW`, or undefined for none.
 */
async function coldLoad(url, conditions) {
  const { context, page, close } = await launchBrowser();
  try {
    const cdp = await context.newCDPSession(page);
    const network = watchNetwork(cdp);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (conditions !== undefined) {
      await cdp.send('Network.emulateNetworkConditions', conditions.network);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: conditions.cpuSlowdown });
    }
    await page.addInitScript(watchInteractivity, FIRST_CONTROL);

    await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    await page.locator(FIRST_CONTROL).first().click({ timeout: TIMEOUT_MS });
    const marks = await page.waitForFunction(
      () => window.__benchMarks?.respondedAt !== undefined && window.__benchMarks,
      undefined,
      { timeout: TIMEOUT_MS },
    );
    const { visibleAt, clickedAt, respondedAt, timeOrigin } = await marks.jsonValue();
    return {
      // Playwright clicks some time after the control appears; only the
      // app's own delay in responding counts.
      ms: Math.round(visibleAt + (respondedAt - clickedAt)),
      bytes: await network.bytesUntil(timeOrigin + respondedAt),
    };
  } finally {
    await close();
  }
}

/**
 * Follows every request of the page through CDP's Network domain; call
 * before `Network.enable`. `bytesUntil(wallMs)` sums the encoded bytes of the
 * responses that finished by then, once every request begun by then is over.
 */
function watchNetwork(cdp) {
  const requests = new Map();
  // CDP stamps network events with a monotonic clock; the page's clock is
  // the wall clock. The first request carries both.
  let wallMinusMonotonicMs;
  cdp.on('Network.requestWillBeSent', ({ requestId, timestamp, wallTime }) => {
    wallMinusMonotonicMs ??= wallTime * 1000 - timestamp * 1000;
    requests.set(requestId, { startedMs: timestamp * 1000 });
  });
  const end = ({ requestId, timestamp, encodedDataLength = 0 }) => {
    Object.assign(requests.get(requestId) ?? {}, { endedMs: timestamp * 1000, encodedDataLength });
  };
  cdp.on('Network.loadingFinished', end);
  cdp.on('Network.loadingFailed', end);
  return {
    async bytesUntil(wallMs) {
      const until = wallMs - wallMinusMonotonicMs;
      const begun = () => [...requests.values()].filter((request) => request.startedMs <= until);
      await eventually(() => {
        if (begun().some((request) => request.endedMs === undefined)) {
          throw new Error('a request begun before the app responded is still open');
        }
      });
      return begun()
        .filter((request) => request.endedMs <= until)
        .reduce((total, request) => total + request.encodedDataLength, 0);
    },
  };
}

/**
 * Runs in the page before the app: records, in milliseconds since navigation
 * started, when the control became visible, when it was clicked, and the
 * first frame after the click in which it was checked.
 */
function watchInteractivity(control) {
  const marks = { timeOrigin: performance.timeOrigin };
  window.__benchMarks = marks;
  const isVisible = (element) => {
    const box = element.getBoundingClientRect();
    return element.checkVisibility({ visibilityProperty: true }) && box.width > 0 && box.height > 0;
  };
  const watchControl = () => {
    const element = document.querySelector(control);
    if (element !== null && isVisible(element)) {
      marks.visibleAt = performance.now();
    } else {
      requestAnimationFrame(watchControl);
    }
  };
  requestAnimationFrame(watchControl);
  document.addEventListener(
    'click',
    (event) => {
      const element = document.querySelector(control);
      if (event.target !== element) return;
      marks.clickedAt = event.timeStamp;
      // A click can only come after the control showed, even between two frames.
      marks.visibleAt ??= marks.clickedAt;
      const watchResponse = () => {
        if (element.checked) {
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

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}
