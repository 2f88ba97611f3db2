// What every page of the app shares: its URL, the language picker and the
// navigation. Page objects for single pages extend this class.

import { launchBrowser, PageProblems } from '../../support/browser.mjs';
import { eventually } from '../../support/eventually.mjs';

/**
 * A fresh browser for one test (with a touch screen when `hasTouch`),
 * closed when the test ends, its page watched for problems; `appUrl` is the
 * app's index.html under `server`'s Moodle package path. Call
 * `problems.assertNone()` at the end of the test.
 */
export async function openApp(t, server, { hasTouch = false } = {}) {
  const browser = await launchBrowser({ hasTouch });
  t.after(() => browser.close());
  const problems = new PageProblems(browser.page, { packageUrl: server.baseUrl });
  return { page: browser.page, appUrl: `${server.baseUrl}index.html`, problems };
}

export class AppPage {
  /**
   * @param {import('playwright-core').Page} page
   * @param {string} appUrl the URL of the app's index.html, without a hash
   */
  constructor(page, appUrl) {
    this.page = page;
    this.appUrl = appUrl;
  }

  /** Loads the app at `hash` (such as `#/aec-quiz`), as a bookmark would. */
  async gotoHash(hash) {
    await this.page.goto(`${this.appUrl}${hash}`);
  }

  async reload() {
    await this.page.reload();
  }

  /** The current route, such as `#/aec-quiz`. */
  async hash() {
    return this.page.evaluate(() => location.hash);
  }

  /** The page's main heading. */
  heading() {
    return this.page.getByRole('heading', { level: 1 });
  }

  /** The text of the main heading, once the app has rendered one. */
  async headingText() {
    return eventually(async () => (await this.heading().innerText()).trim());
  }

  /** The language `<select>`; found by its options, since its label is translated. */
  languageSelect() {
    return this.page.locator('select').filter({ has: this.page.locator('option[value="th"]') });
  }

  /** The language options as `{value, label}`, in order. */
  async languageOptions() {
    return this.languageSelect()
      .locator('option')
      .evaluateAll((options) =>
        options.map((option) => ({ value: option.value, label: option.textContent.trim() })),
      );
  }

  /** Switches the app to the language with this code, such as `th`. */
  async chooseLanguage(code) {
    await this.languageSelect().selectOption(code);
  }

  /** The `lang` attribute of the document, which screen readers follow. */
  async documentLanguage() {
    return this.page.evaluate(() => document.documentElement.lang);
  }

  /** The navigation link to the learner's profile. */
  profileLink() {
    return this.page.getByRole('link', { name: 'Your profile', exact: true });
  }
}
