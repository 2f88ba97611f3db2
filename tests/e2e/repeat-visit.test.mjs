// Repeat visits, in headless Chromium against the release build in dist/: a
// learner who opens the package again in the same browser gets every file
// but the page from the browser's cache, as Moodle's caching headers allow
// (tests/support/server.mjs), and the page as a 304. A server that forbade
// caching, or a loader that asked for its files under new URLs each time,
// would send the whole app again.
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
 * Network domain): status, whether the HTTP cache answered it, and the
 * bytes that came over the network, headers included.
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

      await untilUsable(page, () => page.goto(appUrl));
      const first = transfers.take();
      const sentFirst = server.sent.splice(0);

      // The first visit fetched the app over the network: the bytes the
      // browser counted hold every body the server sent.
      assert.ok(first.length > 1, JSON.stringify(first));
      assert.ok(first.every((transfer) => !transfer.cached && transfer.status === 200));
      assert.ok(sum(first) >= sum(sentFirst), `${sum(first)} < ${sum(sentFirst)}`);

      await untilUsable(page, () => page.reload());
      const second = transfers.take();

      // Chromium reports a revalidated response with the cached copy's
      // status, 200; the server's log tells it was a 304.
      const fromNetwork = second.filter((transfer) => !transfer.cached);
      assert.deepEqual(
        fromNetwork.map(({ url }) => url),
        [pageUrl],
        'only the page goes to the server',
      );
      assert.deepEqual(
        server.sent.map(({ path, status }) => ({ path, status })),
        [{ path: new URL(pageUrl).pathname, status: 304 }],
        'and comes back unchanged',
      );
      const pageBody = sentFirst.find(({ path }) => path === new URL(pageUrl).pathname).bytes;
      assert.ok(fromNetwork[0].bytes < pageBody, 'the page\'s headers came, not its body');
      const fromCache = second.filter((transfer) => transfer.cached);
      assert.equal(sum(fromCache), 0, 'files from the cache cross no network');
      assert.deepEqual(
        fromCache.map(({ url }) => url).sort(),
        first.filter(({ url }) => url !== pageUrl).map(({ url }) => url).sort(),
        'the second visit loads the same files as the first',
      );
      problems.assertNone();
    });
  });
}
