// Repeat visits, in headless Chromium against the release build in dist/: a
// learner who opens the package again in the same browser gets every file
// but the page from the service worker's cache (assets/loader/sw.js), and
// the page, which the worker asks of the network first so that a new build
// shows, as a 304. A worker that missed a file, or a loader that asked for
// its files under new URLs each time, would send the whole app again.
//
// Runs against both serving modes, since a compressing server sends other
// representations (and ETags) of the same files.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { launchBrowser, PageProblems } from '../support/browser.mjs';
import { DIST_DIR, SERVING_MODES, startServer } from '../support/server.mjs';
import { QuizPage } from './pages/quiz-page.mjs';

// A browser and two loads of the app; generous for a busy two-core CI machine.
const TEST_OPTIONS = { timeout: 90_000 };

/**
 * Every request the page makes over HTTP, from the browser's side (CDP's
 * Network domain): status, whether the HTTP cache or the service worker
 * answered it, and the bytes that came over the network, headers included.
 */
async function watchTransfers(context, page) {
  const cdp = await context.newCDPSession(page);
  const byId = new Map();
  const entry = (requestId) => {
    if (!byId.has(requestId)) byId.set(requestId, { cached: false, bytes: 0 });
    return byId.get(requestId);
  };
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
    entry(requestId).url = request.url;
  });
  cdp.on('Network.requestServedFromCache', ({ requestId }) => {
    entry(requestId).cached = true;
  });
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const transfer = entry(requestId);
    transfer.status = response.status;
    transfer.cached ||= response.fromDiskCache || response.fromPrefetchCache;
    transfer.worker = response.fromServiceWorker;
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    entry(requestId).bytes = encodedDataLength;
  });
  await cdp.send('Network.enable');
  return {
    /** The HTTP requests so far, forgotten once taken. */
    take() {
      const taken = [...byId.values()].filter((transfer) => transfer.url?.startsWith('http'));
      byId.clear();
      return taken;
    },
  };
}

/** Opens the quiz and waits until its first answer can be chosen. */
async function untilUsable(page, open) {
  const quiz = new QuizPage(page);
  await open();
  await quiz.audienceRadio('sme').check();
  // Whatever the app still fetches on its own has finished.
  await page.waitForLoadState('networkidle');
}

const sum = (transfers) => transfers.reduce((total, { bytes }) => total + bytes, 0);

for (const serving of SERVING_MODES) {
  describe(`a repeat visit, served ${serving}`, () => {
    let server;
    before(async () => {
      assert.ok(existsSync(join(DIST_DIR, 'index.html')), `build ${DIST_DIR} first`);
      server = await startServer({ serving });
    });
    after(() => server?.close());

    it('transfers nothing but the page, unchanged (304)', TEST_OPTIONS, async (t) => {
      const browser = await launchBrowser();
      t.after(() => browser.close());
      const { page } = browser;
      const problems = new PageProblems(page, { packageUrl: server.baseUrl });
      const transfers = await watchTransfers(browser.context, page);
      const appUrl = `${server.baseUrl}index.html#/aec-quiz`;
      const pageUrl = `${server.baseUrl}index.html`;
      const workerUrl = `${server.baseUrl}sw.js`;
      const files = (taken) => taken.filter(({ url }) => url !== pageUrl && url !== workerUrl);

      await untilUsable(page, () => page.goto(appUrl));
      // The worker serves the next visit once it controls the page.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      const first = transfers.take();
      const sentFirst = server.sent.splice(0);

      // The first visit fetched the app over the network: the bytes the
      // browser counted for the page hold every body the server sent it (the
      // worker's script is the browser's own request).
      assert.ok(files(first).length > 1, JSON.stringify(first));
      assert.ok(first.every((transfer) => !transfer.cached && transfer.status === 200));
      const sentToPage = sentFirst.filter(({ path }) => path !== new URL(workerUrl).pathname);
      assert.ok(sum(first) >= sum(sentToPage), `${sum(first)} < ${sum(sentToPage)}`);

      await untilUsable(page, () => page.reload());
      const second = transfers.take();

      const worker = new URL(workerUrl).pathname;
      assert.deepEqual(
        server.sent
          .filter(({ path }) => path !== worker)
          .map(({ path, status }) => ({ path, status })),
        [{ path: new URL(pageUrl).pathname, status: 304 }],
        'only the page goes to the server, and comes back unchanged',
      );
      // The browser may check the worker's script for an update after a
      // navigation; if it does, the script is unchanged too.
      for (const { path, status } of server.sent.filter(({ path }) => path === worker)) {
        assert.equal(status, 304, path);
      }
      assert.ok(
        files(second).every((transfer) => transfer.worker),
        `every file comes from the worker: ${JSON.stringify(files(second))}`,
      );
      assert.deepEqual(
        files(second).map(({ url }) => url).sort(),
        files(first).map(({ url }) => url).sort(),
        'the second visit loads the same files as the first',
      );
      problems.assertNone();
    });
  });
}
