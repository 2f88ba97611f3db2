// End-to-end tests of the loader that `cargo xtask pack` inlines into
// index.html (assets/loader/), in headless Chromium against the packed
// release build in dist/: what `clusterlabLoad` returns and refuses, bodies
// that arrive already decoded, and what a learner sees when a file does not
// arrive.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';

import { launchBrowser, PageProblems } from '../support/browser.mjs';
import { DIST_DIR, packManifest, serveBuiltApp } from '../support/server.mjs';
import { QuizPage } from './pages/quiz-page.mjs';

// A browser and a load of the app; generous for a busy two-core CI machine.
const TEST_OPTIONS = { timeout: 90_000 };

/** What the loader shows in place of the loading bar when the app cannot start. */
const FAILURE_MESSAGE = 'This page could not load. Check your connection and reload.';

const server = serveBuiltApp();

/** A packed file as `xz` decodes it, independently of the loader. */
function unpacked(packedPath) {
  return execFileSync('xz', ['--decompress', '--format=lzma', '--stdout'], {
    input: readFileSync(join(DIST_DIR, packedPath)),
    maxBuffer: 1 << 28,
  });
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * A fresh browser on the app, closed when the test ends. These tests watch
 * and alter what the loader fetches with `page.route`, which does not see
 * what the service worker answers or fetches, so the worker is kept out.
 */
async function openBrowser(t) {
  const browser = await launchBrowser({ serviceWorkers: 'block' });
  t.after(() => browser.close());
  return browser.page;
}

/** Calls `clusterlabLoad(path)` in the page: the SHA-256 of its bytes, or its error. */
function loadInPage(page, path) {
  return page.evaluate(async (path) => {
    try {
      const bytes = await globalThis.clusterlabLoad(path);
      const digest = await crypto.subtle.digest('SHA-256', bytes);
      const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0'));
      return { sha256: hex.join(''), isUint8Array: bytes instanceof Uint8Array };
    } catch (error) {
      return { error: `${error.constructor.name}: ${error.message}` };
    }
  }, path);
}

describe('the loader', () => {
  it('comes with a build that holds nothing but the page, its worker and packed files', () => {
    const { files } = packManifest();
    const built = readdirSync(DIST_DIR, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(DIST_DIR, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .filter((path) => !path.startsWith('packages/'));
    assert.deepEqual(built.sort(), ['index.html', 'sw.js', ...Object.values(files)].sort());
    for (const packed of Object.values(files)) {
      assert.match(packed, /-[0-9a-f]{16}\.bin$/, packed);
    }
  });

  it('hands the app every built file, as xz decodes it', TEST_OPTIONS, async (t) => {
    const page = await openBrowser(t);
    const problems = new PageProblems(page, { packageUrl: server.baseUrl });
    const { files } = packManifest();
    await page.goto(`${server.baseUrl}index.html#/aec-quiz`);
    await new QuizPage(page).audienceRadio('sme').waitFor();

    for (const [original, packed] of Object.entries(files)) {
      assert.deepEqual(
        await loadInPage(page, original),
        { sha256: sha256(unpacked(packed)), isUint8Array: true },
        original,
      );
    }
    problems.assertNone();
  });

  it("fetches the first page's strings beside the wasm, once", TEST_OPTIONS, async (t) => {
    const page = await openBrowser(t);
    const problems = new PageProblems(page, { packageUrl: server.baseUrl });
    const { files, wasm, locale } = packManifest();
    const asked = [];
    const askedBeforeTheWasmArrived = [];
    let wasmArrived = false;
    page.on('request', (request) => {
      asked.push(request.url());
      if (!wasmArrived) askedBeforeTheWasmArrived.push(request.url());
    });
    page.on('requestfinished', (request) => {
      if (request.url().endsWith(`/${files[wasm]}`)) wasmArrived = true;
    });
    await page.goto(`${server.baseUrl}index.html#/aec-quiz`);
    await new QuizPage(page).audienceRadio('sme').waitFor();

    for (const part of [`locales/${locale}/frame.bin`, `locales/${locale}/aec-quiz.bin`]) {
      const isPart = (url) => url.endsWith(`/${files[part]}`);
      assert.equal(asked.filter(isPart).length, 1, `${part} is fetched once`);
      assert.ok(askedBeforeTheWasmArrived.some(isPart), `${part} is asked for before the wasm arrives`);
    }
    assert.ok(
      !asked.some((url) => url.includes('/locales/') && url.includes('/cluster-types-')),
      'no other exercise\'s strings',
    );
    problems.assertNone();
  });

  it('rejects with an Error that names the path', TEST_OPTIONS, async (t) => {
    const page = await openBrowser(t);
    const { files } = packManifest();
    const [missing, damaged] = Object.keys(files).filter((path) => path.startsWith('locales/'));
    await page.route(`**/${files[missing]}`, (route) => route.fulfill({ status: 404 }));
    await page.route(`**/${files[damaged]}`, async (route) => {
      const body = readFileSync(join(DIST_DIR, files[damaged]));
      await route.fulfill({ status: 200, body: body.subarray(0, body.length >> 1) });
    });
    await page.goto(`${server.baseUrl}index.html#/aec-quiz`);
    await page.waitForFunction(() => typeof globalThis.clusterlabLoad === 'function');

    assert.deepEqual(await loadInPage(page, 'no/such/file.bin'), {
      error: 'Error: cannot load no/such/file.bin: not in the package',
    });
    assert.deepEqual(await loadInPage(page, missing), {
      error: `Error: cannot load ${missing}: HTTP 404`,
    });
    assert.deepEqual(await loadInPage(page, damaged), {
      error: `Error: cannot load ${damaged}: lzma: truncated`,
    });
  });

  it('starts the app from bodies that arrived decoded', TEST_OPTIONS, async (t) => {
    // A proxy or server may hand over a file decoded; the loader must take
    // it as it is rather than decode it again.
    const page = await openBrowser(t);
    const problems = new PageProblems(page, { packageUrl: server.baseUrl });
    const { files, glue, wasm, styles } = packManifest();
    const decoded = [];
    for (const packed of Object.values(files)) {
      await page.route(`**/${packed}`, async (route) => {
        decoded.push(packed);
        await route.fulfill({ status: 200, body: unpacked(packed) });
      });
    }
    await page.goto(`${server.baseUrl}index.html#/aec-quiz`);

    await new QuizPage(page).audienceRadio('sme').check();
    for (const original of [glue, wasm, ...styles]) {
      assert.ok(decoded.includes(files[original]), `${original} came decoded`);
    }
    problems.assertNone();
  });

  it('says so when the first strings do not arrive, and starts once they do', TEST_OPTIONS, async (t) => {
    const page = await openBrowser(t);
    const { files, locale } = packManifest();
    const frame = files[`locales/${locale}/frame.bin`];
    let refused = 0;
    const askedAt = [];
    await page.route(`**/${frame}`, async (route) => {
      askedAt.push(Date.now());
      if (refused < 2) {
        refused += 1;
        await route.fulfill({ status: 503 });
      } else {
        await route.continue();
      }
    });
    await page.goto(`${server.baseUrl}index.html#/aec-quiz`);

    await page.getByRole('alert').filter({ hasText: FAILURE_MESSAGE }).waitFor();
    await new QuizPage(page).audienceRadio('sme').waitFor({ timeout: 30_000 });
    assert.equal(refused, 2);
    // Asked for again after a pause, not in a loop that floods the server.
    assert.equal(askedAt.length, 3, 'asked for twice more after the first failure');
    for (let ask = 1; ask < askedAt.length; ask += 1) {
      assert.ok(askedAt[ask] - askedAt[ask - 1] >= 2_000, `ask ${ask} waited: ${askedAt}`);
    }
    assert.equal(await page.locator('#cl-boot').count(), 0, 'the message goes with the loading bar');
    assert.equal(await page.locator('body').getAttribute('aria-busy'), null);
  });

  it('says so in place of the loading bar when a file does not arrive', TEST_OPTIONS, async (t) => {
    const page = await openBrowser(t);
    const errors = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    const { files, wasm } = packManifest();
    await page.route(`**/${files[wasm]}`, (route) => route.abort('connectionreset'));
    await page.goto(`${server.baseUrl}index.html#/aec-quiz`);

    const boot = page.locator('#cl-boot');
    await page.getByRole('alert').filter({ hasText: FAILURE_MESSAGE }).waitFor();
    assert.equal(await boot.innerText(), FAILURE_MESSAGE);
    assert.equal(await page.locator('body').getAttribute('aria-busy'), null);
    assert.ok(
      errors.some((error) => error.includes(`cannot load ${wasm}`)),
      `the console names the file: ${JSON.stringify(errors)}`,
    );
  });
});
