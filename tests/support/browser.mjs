// Launches Debian's Chromium through playwright-core, with a fresh profile
// each time, and records everything that went wrong on a page.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

/** Debian's Chromium; Playwright must never download a browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  // Chromium's sandbox cannot start as root, which CI runs as.
  '--no-sandbox',
  '--disable-gpu',
  // Without these, Chromium keeps trying to reach Google's services, which a
  // closed CI network refuses, many times per start.
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How Chromium fails a request while the network is off. */
const OFFLINE_ERROR = 'net::ERR_INTERNET_DISCONNECTED';

/**
 * Starts Chromium with a new, empty profile: no storage, no cache, no
 * service worker left over from another test. With `hasTouch`, the pages
 * have a touch screen, as a phone or tablet does. With `serviceWorkers:
 * 'block'`, pages cannot register the app's service worker, for tests whose
 * `page.route` must see every request the page makes (a worker's requests
 * bypass it).
 *
 * @param {{hasTouch?: boolean, serviceWorkers?: 'allow' | 'block'}} [options]
 * @returns {Promise<{context: import('playwright-core').BrowserContext,
 *   page: import('playwright-core').Page, close: () => Promise<void>}>}
 */
export async function launchBrowser({ hasTouch = false, serviceWorkers = 'allow' } = {}) {
  const profileDir = await mkdtemp(join(tmpdir(), 'clusterlab-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    hasTouch,
    serviceWorkers,
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * Records console errors, uncaught page errors, failed requests and HTTP
 * error responses on `page`, from now on.
 *
 * With `packageUrl`, a request to that server outside it is a problem too:
 * an LMS serves nothing else there, so an absolute asset path would break.
 * `alsoAllowed` lists URL prefixes on that server that are not the package's
 * but may be requested all the same: the LMS's own pages around it.
 * `mayFailOffline` lists URL prefixes whose requests may fail while a test
 * has the network off (Chromium's offline emulation): those failures, and
 * the console's report of them, are what the test expects.
 */
export class PageProblems {
  /**
   * @param {import('playwright-core').Page} page
   * @param {{packageUrl?: string, alsoAllowed?: string[], mayFailOffline?: string[]}} [options]
   */
  constructor(page, { packageUrl, alsoAllowed = [], mayFailOffline = [] } = {}) {
    /** @type {string[]} */
    this.problems = [];
    const offlineFailure = (url, error) =>
      error === OFFLINE_ERROR && mayFailOffline.some((prefix) => url.startsWith(prefix));
    page.on('console', (message) => {
      if (message.type() === 'error') {
        const { url, lineNumber } = message.location();
        // The console's report of a failed load names no URL; the failed
        // request, which does, is checked below.
        const reportsOfflineFailure =
          mayFailOffline.length > 0 && message.text() === `Failed to load resource: ${OFFLINE_ERROR}`;
        if (reportsOfflineFailure) return;
        this.problems.push(`console error: ${message.text()} (${url}:${lineNumber})`);
      }
    });
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.stack ?? error}`));
    if (packageUrl !== undefined) {
      const origin = new URL(packageUrl).origin;
      page.on('request', (request) => {
        const url = request.url();
        if (
          url.startsWith(origin) &&
          !url.startsWith(packageUrl) &&
          !alsoAllowed.some((prefix) => url.startsWith(prefix))
        ) {
          this.problems.push(`request outside the package at ${packageUrl}: ${url}`);
        }
      });
    }
    page.on('requestfailed', (request) => {
      const error = request.failure()?.errorText ?? '';
      if (!offlineFailure(request.url(), error)) {
        this.problems.push(`request failed: ${request.url()} (${error})`);
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400) {
        this.problems.push(`HTTP ${response.status()}: ${response.url()}`);
      }
    });
  }

  /** Fails with every recorded problem, if there were any. */
  assertNone() {
    assert.equal(this.problems.length, 0, `the page had problems:\n${this.problems.join('\n')}`);
  }
}
