// How long the export-consortium simulation's risk view takes in the
// browser: "What if we ran this consortium 1,000 times?" runs the learner's
// formation 1,000 times and the literature's good one 1,000 times, in
// slices of the main thread, before it shows its summary.
// Usage: node tests/bench/montecarlo.mjs [--runs N] [--dist DIR]
//
// The app (`--dist`, by default the course build in dist/) opens at
// `#/consortium-sim`; the bench founds the content's good formation and
// plays every quarter with one joint trust-building action, answering each
// decision with its first option, until the debrief. Each run is the wall
// time, in the page's own clock, from the risk view appearing with its
// progress bar until its summary appears, so that no Playwright round trip
// counts. The first run is the debrief reached by playing; each further run
// reloads the page, which restores the debrief from the device's storage
// and computes the risk view anew. The median goes to stdout as one
// `name value unit` line, the format of `cargo xtask bench`; each run's time
// and progress go to stderr.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import {
  ConsortiumContent,
  ConsortiumPage,
  DECISION_RESPONSES,
} from '../e2e/pages/consortium-page.mjs';
import { launchBrowser } from '../support/browser.mjs';
import { DIST_DIR, startServer } from '../support/server.mjs';

/** The exercise's route in the course. */
const ROUTE = 'index.html#/consortium-sim';

/** A simple plan for every quarter: one joint trust-building action. */
const PLAN = ['trust-action'];

// The first load compiles the wasm; a busy machine may take a while for
// 2 × 1,000 runs.
const TIMEOUT_MS = 120_000;

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, dist: { type: 'string', default: DIST_DIR } },
});
const runs = Number.parseInt(values.runs, 10);
if (!(runs > 0)) {
  throw new Error(`--runs needs a positive number, not ${values.runs}`);
}

const content = new ConsortiumContent();
const server = await startServer({ root: resolve(values.dist) });
const { page, close } = await launchBrowser();
try {
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.addInitScript(watchRiskView);
  await page.goto(`${server.baseUrl}${ROUTE}`);
  const consortium = new ConsortiumPage(page);
  await consortium.foundButton().waitFor();
  await consortium.fillForm(content.good.formation);
  await consortium.found();
  const played = await playToDebrief(consortium);
  console.error(`montecarlo: played ${played} quarters, status ${await consortium.statusCode()}`);

  const times = [];
  for (let run = 1; run <= runs; run += 1) {
    if (run > 1) {
      await page.reload();
    }
    const ms = await riskViewTime(page);
    console.error(`montecarlo run ${run}/${runs}: ${ms.toFixed(1)} ms`);
    times.push(ms);
  }
  console.log(`sim.montecarlo_1000.browser ${median(times).toFixed(1)} ms`);
} finally {
  await close();
  await server.close();
}

/**
 * Plays every quarter with `PLAN`, each decision answered with its first
 * option, until the debrief. Returns the number of quarters played.
 */
async function playToDebrief(consortium) {
  let played = 0;
  for (;;) {
    const screen = await consortium.screen();
    if (screen === 'debrief') {
      return played;
    }
    if (screen === 'deciding') {
      const { kind } = content.decisionAsked(await consortium.decisionPrompt());
      await consortium.decide(DECISION_RESPONSES[kind][0]);
    } else if (screen === 'planning') {
      await consortium.playQuarter(PLAN);
      played += 1;
    } else {
      throw new Error(`the simulation shows no quarter, decision or debrief (${screen})`);
    }
  }
}

/**
 * Milliseconds, in the page's clock, from the risk view's progress showing
 * to its summary showing, once the summary has shown.
 */
async function riskViewTime(page) {
  const marks = await page.waitForFunction(
    () => window.__riskMarks?.summaryAt !== undefined && window.__riskMarks,
    undefined,
    { timeout: TIMEOUT_MS },
  );
  const { progressAt, summaryAt } = await marks.jsonValue();
  if (progressAt === undefined) {
    throw new Error('the risk view showed its summary without its progress first');
  }
  return summaryAt - progressAt;
}

/**
 * Runs in the page before the app: records, in milliseconds since
 * navigation started, when the risk view first shows with its progress bar
 * and when its summary first shows. A mutation observer runs right after
 * the render that changed the page, before the view's next slice of runs.
 */
function watchRiskView() {
  const marks = {};
  window.__riskMarks = marks;
  const observer = new MutationObserver(() => {
    const now = performance.now();
    const shown = (selector) => document.querySelector(selector) !== null;
    if (marks.progressAt === undefined && shown('[data-testid="consortium-risk"] progress')) {
      marks.progressAt = now;
    }
    if (marks.summaryAt === undefined && shown('[data-testid="consortium-risk-summary"]')) {
      marks.summaryAt = now;
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** The median of `values`; of two middle values, their mean. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
