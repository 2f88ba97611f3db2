// End-to-end tests of the app shell: home, exercise pages, routing, language
// and profile, in headless Chromium against the release build in dist/.
//
// The whole suite runs twice: at the server's root, and under the deep path
// from which Moodle serves a SCORM package, where every asset URL must still
// resolve and hash routing must still work. Every test fails on any console
// error, uncaught exception, failed request or HTTP error response.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { launchBrowser, PageProblems } from '../support/browser.mjs';
import { eventually } from '../support/eventually.mjs';
import { serveBuiltApp } from '../support/server.mjs';
import { ExercisePage } from './pages/exercise-page.mjs';
import { HomePage } from './pages/home-page.mjs';
import { NotFoundPage } from './pages/not-found-page.mjs';
import { ProfilePage } from './pages/profile-page.mjs';

const EXERCISES = [
  { slug: 'aec-quiz', title: 'AEC readiness quiz' },
  { slug: 'cluster-types', title: 'Cluster-type identification' },
  { slug: 'consortium-sim', title: 'Export-consortium formation simulation' },
  { slug: 'cluster-plan', title: 'Cluster development plan builder' },
];

/** Where the package is served: `packageUrl(server)` is its folder. */
const MOUNTS = [
  { name: 'at /index.html', packageUrl: (server) => server.rootUrl },
  { name: 'under a Moodle package path', packageUrl: (server) => server.baseUrl },
];

// Each test starts a browser and loads the wasm at least once; generous for a
// busy two-core CI machine.
const TEST_OPTIONS = { timeout: 90_000 };

const server = serveBuiltApp();

/**
 * A fresh browser for one test, closed when the test ends, and the URL of the
 * app in the package. Call `problems.assertNone()` at the end of the test.
 */
async function openApp(t, mount) {
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const packageUrl = mount.packageUrl(server);
  return {
    page: browser.page,
    appUrl: `${packageUrl}index.html`,
    problems: new PageProblems(browser.page, { packageUrl }),
  };
}

for (const mount of MOUNTS) {
  describe(`app shell ${mount.name}`, () => {
    it('lists the four exercises on the home page, none started', TEST_OPTIONS, async (t) => {
      const { page, appUrl, problems } = await openApp(t, mount);
      const home = new HomePage(page, appUrl);

      await home.open();

      assert.equal(await home.headingText(), 'Exercises');
      const links = await eventually(async () => {
        const links = await home.exerciseLinks();
        assert.equal(links.length, EXERCISES.length, JSON.stringify(links));
        return links;
      });
      assert.deepEqual(
        links,
        EXERCISES.map(({ slug, title }) => ({ name: title, href: `#/${slug}` })),
      );
      for (const { slug, title } of EXERCISES) {
        assert.ok(await home.exerciseLink(title).isVisible(), `link "${title}" is visible`);
        assert.match(await home.exerciseCardText(`#/${slug}`), /Not started/, `card of ${slug}`);
      }
      problems.assertNone();
    });

    it('opens every exercise from the home page and comes back', TEST_OPTIONS, async (t) => {
      const { page, appUrl, problems } = await openApp(t, mount);
      const home = new HomePage(page, appUrl);
      const exercise = new ExercisePage(page, appUrl);

      await home.open();
      for (const { slug, title } of EXERCISES) {
        await home.exerciseLink(title).click();

        await eventually(async () => assert.equal(await exercise.headingText(), title));
        assert.equal(await exercise.hash(), `#/${slug}`);
        await exercise.objectivesHeading().waitFor();
        assert.ok((await exercise.objectives().count()) >= 1, `${slug} lists its objectives`);
        await exercise.introductionHeading().waitFor();
        assert.equal(await exercise.backLink().getAttribute('href'), '#/');

        await exercise.backLink().click();
        await eventually(async () => assert.equal(await home.headingText(), 'Exercises'));
      }
      problems.assertNone();
    });

    it('shows the same exercise after reloading a deep link', TEST_OPTIONS, async (t) => {
      const { page, appUrl, problems } = await openApp(t, mount);
      const exercise = new ExercisePage(page, appUrl);

      await exercise.open('cluster-plan');
      assert.equal(await exercise.headingText(), 'Cluster development plan builder');

      await exercise.reload();

      await eventually(async () =>
        assert.equal(await exercise.headingText(), 'Cluster development plan builder'),
      );
      assert.equal(await exercise.hash(), '#/cluster-plan');
      await exercise.objectivesHeading().waitFor();
      problems.assertNone();
    });

    it('says so when a route does not exist', TEST_OPTIONS, async (t) => {
      const { page, appUrl, problems } = await openApp(t, mount);
      const notFound = new NotFoundPage(page, appUrl);

      await notFound.gotoHash('#/nowhere');

      await notFound.notFoundHeading().waitFor();
      problems.assertNone();
    });

    it('switches language at once and keeps it after a reload', TEST_OPTIONS, async (t) => {
      const { page, appUrl, problems } = await openApp(t, mount);
      const home = new HomePage(page, appUrl);

      await home.open();
      assert.equal(await home.headingText(), 'Exercises');
      assert.equal(await home.documentLanguage(), 'en');
      assert.equal(
        await page.getByLabel('Language', { exact: true }).evaluate((element) => element.tagName),
        'SELECT',
      );
      assert.deepEqual(await home.languageOptions(), [
        { value: 'en', label: 'English' },
        { value: 'th', label: 'ไทย' },
      ]);

      await home.chooseLanguage('th');
      await eventually(async () => {
        assert.equal(await home.documentLanguage(), 'th');
        assert.equal(await home.headingText(), 'แบบฝึกหัด');
      });

      await home.reload();
      await eventually(async () => {
        assert.equal(await home.documentLanguage(), 'th');
        assert.equal(await home.headingText(), 'แบบฝึกหัด');
      });
      assert.equal(await home.languageSelect().inputValue(), 'th');

      await home.chooseLanguage('en');
      await eventually(async () => {
        assert.equal(await home.documentLanguage(), 'en');
        assert.equal(await home.headingText(), 'Exercises');
      });
      problems.assertNone();
    });

    it('asks for a profile on the first visit and keeps a valid one', TEST_OPTIONS, async (t) => {
      const { page, appUrl, problems } = await openApp(t, mount);
      const home = new HomePage(page, appUrl);
      const form = home.profileForm;

      await home.open();
      await form.waitUntilShown();
      const countries = (await form.countryValues()).filter((value) => value !== '');
      assert.deepEqual(countries, ['KH', 'CN', 'LA', 'MM', 'TH', 'VN', 'other']);
      assert.deepEqual(await form.roleValues(), {
        sme: 'sme',
        'support-institution': 'support-institution',
      });

      // Everything but the name, so the name is the only thing missing.
      await form.fill({ organisation: 'Mekong Weavers', country: 'KH', role: 'sme' });
      await form.save();
      await page.getByText('Please enter your name.', { exact: true }).waitFor();
      assert.equal(await home.welcome('Dara').count(), 0);

      await home.reload();
      await form.waitUntilShown();
      assert.equal(await page.getByText(/^Welcome,/).count(), 0, 'nothing was saved');
      assert.equal((await form.values()).name, '');
      assert.equal((await form.values()).organisation, '');

      const profile = {
        name: 'Dara',
        organisation: 'Mekong Weavers',
        country: 'KH',
        role: 'sme',
      };
      await form.fill(profile);
      await form.save();
      await home.welcome('Dara').waitFor();
      await form.saveButton.waitFor({ state: 'hidden' });

      await home.reload();
      await home.welcome('Dara').waitFor();
      assert.equal(await form.isShown(), false, 'the form is gone once a profile exists');

      assert.equal(await home.profileLink().getAttribute('href'), '#/profile');
      await home.profileLink().click();
      const profilePage = new ProfilePage(page, appUrl);
      await eventually(async () => assert.equal(await profilePage.hash(), '#/profile'));
      await profilePage.form.waitUntilShown();
      assert.deepEqual(await profilePage.form.values(), profile);
      problems.assertNone();
    });
  });
}
