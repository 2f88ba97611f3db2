// The app without a network, in headless Chromium against the release build
// in dist/ and Chromium's offline emulation: after one visit the service
// worker (sw.js) starts the app with the network off, in each language the
// learner used; inside the Moodle-like player an answer given offline is
// kept on the device, the LMS record unchanged, and reaches the LMS as soon
// as the network returns; the worker serves the package's folder and
// nothing around it; and a new build is picked up on the next load.
//
// The server's log proves the network was off: nothing reaches it while it is.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { launchBrowser, PageProblems } from '../support/browser.mjs';
import { eventually } from '../support/eventually.mjs';
import { DIST_DIR, packManifest, startServer } from '../support/server.mjs';
import { ExercisePage } from './pages/exercise-page.mjs';
import { interactionsOf, pendingWrites, readLmsRecord } from './pages/lms-host.mjs';
import { answerItems, attemptedWrites, openQuiz } from './pages/quiz-journeys.mjs';
import { QuizPage, SAVE_MESSAGES } from './pages/quiz-page.mjs';

// Two or three loads of the app and a quiz; generous for a busy two-core CI machine.
const TEST_OPTIONS = { timeout: 120_000 };

const catalog = async (code) =>
  JSON.parse(await readFile(new URL(`../../assets/locales/${code}.json`, import.meta.url), 'utf8'));
const TITLE = {
  en: (await catalog('en')).strings['aec-quiz.title'],
  th: (await catalog('th')).strings['aec-quiz.title'],
};

/** The URLs of the built files `paths` in the package at `baseUrl`, packed as in `dir`. */
function packedUrls(baseUrl, paths, dir = DIST_DIR) {
  const { files } = packManifest(dir);
  return paths.map((path) => new URL(files[path], baseUrl).href);
}

/** The built files that start the app (styles, glue, wasm) and the catalog parts named. */
function startFiles(parts, dir = DIST_DIR) {
  const { styles, glue, wasm } = packManifest(dir);
  return [...styles, glue, wasm, ...parts.map((part) => `locales/${part}.bin`)];
}

/** What the package folder's cache holds, seen from a page or frame of that folder. */
function cachedUrls(root) {
  return root.evaluate(async () => {
    const cache = await caches.open(`clusterlab ${new URL('./', location.href).href}`);
    return (await cache.keys()).map((request) => request.url);
  });
}

/**
 * Waits until the worker controls `root` (a page or frame of the package)
 * and its cache holds the page and every URL of `urls`.
 */
async function untilKeptOffline(root, pageUrl, urls) {
  await eventually(
    async () => {
      assert.ok(await root.evaluate(() => navigator.serviceWorker.controller !== null));
      const cached = await cachedUrls(root);
      for (const url of [pageUrl, ...urls]) assert.ok(cached.includes(url), `${url} is cached`);
    },
    { timeout: 20_000 },
  );
}

/** A fresh browser for one test, on `server`, closed when the test ends. */
async function openApp(t, server) {
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const problems = new PageProblems(browser.page, { packageUrl: server.baseUrl });
  const pageUrl = `${server.baseUrl}index.html`;
  return { ...browser, problems, pageUrl, exercise: new ExercisePage(browser.page, pageUrl) };
}

describe('offline', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.close());

  it('starts after one visit with the network off, in each language used', TEST_OPTIONS, async (t) => {
    const { context, page, problems, pageUrl, exercise } = await openApp(t, server);
    await exercise.open('aec-quiz');
    assert.equal(await exercise.headingText(), TITLE.en);
    await exercise.chooseLanguage('th');
    await eventually(async () => assert.equal(await exercise.headingText(), TITLE.th));
    const used = startFiles(['en/frame', 'en/aec-quiz', 'th/frame', 'th/aec-quiz']);
    await untilKeptOffline(page, pageUrl, packedUrls(server.baseUrl, used));
    // Not asked for, so not kept: what the promise covers is what was used.
    const cached = await cachedUrls(page);
    for (const unused of packedUrls(server.baseUrl, ['locales/th/consortium-sim.bin'])) {
      assert.ok(!cached.includes(unused), `${unused} was never used`);
    }

    server.sent.splice(0);
    await context.setOffline(true);
    await exercise.reload();
    await eventually(async () => assert.equal(await exercise.headingText(), TITLE.th));
    assert.equal(await exercise.documentLanguage(), 'th');
    await exercise.chooseLanguage('en');
    await eventually(async () => assert.equal(await exercise.headingText(), TITLE.en));
    const quiz = new QuizPage(page);
    await quiz.start('sme');
    // Checks the options and the feedback of the answer.
    await answerItems(quiz, 1, (item) => item.key);
    assert.equal(await quiz.saveStateText(), SAVE_MESSAGES.standalone);
    assert.deepEqual(server.sent, [], 'nothing reached the server while offline');
    problems.assertNone();
  });

  it("serves the package's folder and nothing around it", TEST_OPTIONS, async (t) => {
    const { page, frame, assertNoProblems } = await openQuiz(t, server, { version: '1.2' });
    const pageUrl = `${server.baseUrl}index.html`;
    await untilKeptOffline(frame, pageUrl, []);
    const inFrame = () =>
      frame.evaluate(async () => ({
        script: navigator.serviceWorker.controller?.scriptURL,
        scope: (await navigator.serviceWorker.getRegistration())?.scope,
      }));
    assert.deepEqual(await inFrame(), { script: `${server.baseUrl}sw.js`, scope: server.baseUrl });

    const otherActivity = new URL('/pluginfile.php/43/mod_scorm/content/1/index.html', server.origin);
    const fromHost = () =>
      page.evaluate(async (urls) => {
        const scopes = await Promise.all(
          urls.map(async (url) => (await navigator.serviceWorker.getRegistration(url))?.scope ?? null),
        );
        return { controlled: navigator.serviceWorker.controller !== null, scopes };
      }, [page.url(), otherActivity.href, pageUrl]);
    const expected = { controlled: false, scopes: [null, null, server.baseUrl] };
    assert.deepEqual(await fromHost(), expected, 'the player page is no client of the worker');
    await page.reload();
    assert.deepEqual(await fromHost(), expected, 'nor after a reload');
    assertNoProblems();
  });

  for (const version of ['1.2', '2004']) {
    it(`keeps an answer given offline in the LMS player and sends it when the network returns, SCORM ${version}`, TEST_OPTIONS, async (t) => {
      const commitUrl = `${server.hostUrl}commit`;
      const { context, db, page, frame, host, quiz, assertNoProblems } = await openQuiz(t, server, {
        version,
        network: 'post',
        browserOptions: { mayFailOffline: [commitUrl] },
      });
      await quiz.start('sme');
      const answered = await answerItems(quiz, 1, (item) => item.key);
      await quiz.waitForSaveState(SAVE_MESSAGES.saved);
      const before = (await readLmsRecord(page, server, db)).stored;
      assert.deepEqual(
        interactionsOf(before, version).map((interaction) => interaction.id),
        [answered[0].item.id],
      );

      await context.setOffline(true);
      const offlineFrom = Date.now();
      answered.push(...(await answerItems(quiz, 1, (item) => item.key)));
      await quiz.waitForSaveState(SAVE_MESSAGES.offline);
      const pending = await pendingWrites(frame, 'aec-quiz', { version });
      assert.ok(
        pending.some(
          (write) => write.element === 'cmi.interactions.1.id' && write.value === answered[1].item.id,
        ),
        `the answer waits on the device: ${JSON.stringify(pending)}`,
      );
      assert.deepEqual((await readLmsRecord(page, server, db)).stored, before, 'the LMS record is unchanged');

      // The app retries with a doubling wait. Once two failed tries are 4 s
      // apart, the next one is 8 s away: an answer that arrives within 3 s
      // of the network's return was sent because it returned.
      const unreachable = async () =>
        (await host.calls()).filter((call) => call.unreachable && call.at >= offlineFrom);
      await eventually(
        async () => {
          const at = (await unreachable()).map((call) => call.at);
          assert.ok(at.length >= 2 && at.at(-1) - at.at(-2) >= 3_500, `failed tries at ${at}`);
        },
        { timeout: 20_000, interval: 100 },
      );
      assert.ok((await unreachable()).every((call) => call.result === 'false' && call.error === '101'));
      assert.deepEqual((await readLmsRecord(page, server, db)).stored, before, 'still unchanged');

      await context.setOffline(false);
      const stored = await eventually(
        async () => {
          const now = (await readLmsRecord(page, server, db)).stored;
          assert.equal(now['cmi.interactions.1.id'], answered[1].item.id);
          return now;
        },
        { timeout: 3_000, interval: 100 },
      );
      // Exactly what the app wrote for the answer, though every commit of it
      // failed (times left out: the run-time rewrites their format).
      const written = [...attemptedWrites(await host.calls())].filter(([element]) =>
        /^cmi\.interactions\.1\.(id|type|result|student_response|learner_response)$/.test(element),
      );
      assert.equal(written.length, 4, JSON.stringify(written));
      for (const [element, value] of written) {
        assert.equal(stored[element], value, element);
      }
      await quiz.waitForSaveState(SAVE_MESSAGES.saved);
      assert.deepEqual(await pendingWrites(frame, 'aec-quiz', { version }), []);
      assertNoProblems();
    });
  }
});

describe('a new build', () => {
  let build;
  let server;
  before(async () => {
    build = await mkdtemp(join(tmpdir(), 'clusterlab-build-'));
    await cp(DIST_DIR, build, { recursive: true });
    server = await startServer({ root: build });
  });
  after(async () => {
    await server?.close();
    await rm(build, { recursive: true, force: true });
  });

  it('is picked up on the next load, and the old files are dropped', TEST_OPTIONS, async (t) => {
    const { context, page, problems, pageUrl, exercise } = await openApp(t, server);
    await exercise.open('aec-quiz');
    const [oldStyle] = packManifest(build).styles;
    const [oldUrl] = packedUrls(server.baseUrl, [oldStyle], build);
    await untilKeptOffline(page, pageUrl, [oldUrl]);

    // The next build: a file under a new name, as new content gets one, and
    // a page that says which build it is.
    const oldPacked = packManifest(build).files[oldStyle];
    const newPacked = oldPacked.replace(/-[0-9a-f]{16}\.bin$/, '-00000000000000ff.bin');
    await rename(join(build, oldPacked), join(build, newPacked));
    const html = await readFile(join(build, 'index.html'), 'utf8');
    await writeFile(
      join(build, 'index.html'),
      html.replace(oldPacked, newPacked).replace('<head>', '<head><meta name="cl-build" content="2">'),
    );
    const [newUrl] = packedUrls(server.baseUrl, [oldStyle], build);
    const buildOf = () => page.evaluate(() => document.querySelector('meta[name=cl-build]')?.content);

    server.sent.splice(0);
    await exercise.reload();
    await exercise.heading().waitFor();
    assert.equal(await buildOf(), '2');
    assert.ok(server.sent.some(({ path, status }) => path === new URL(newUrl).pathname && status === 200));
    await eventually(async () => {
      const cached = await cachedUrls(page);
      assert.ok(cached.includes(newUrl), 'the new file is kept');
      assert.ok(!cached.includes(oldUrl), 'the old one is dropped');
    });

    await context.setOffline(true);
    await exercise.reload();
    await exercise.heading().waitFor();
    assert.equal(await buildOf(), '2', 'offline, the new build starts');
    problems.assertNone();
  });
});
