// Every exercise on a 360 × 640 phone and in a Moodle player's 500 px-high
// frame, through each state a learner meets (tests/e2e/pages/exercise-states.mjs):
// nothing scrolls sideways, every pointer target is at least 24 × 24 px or
// spaced as WCAG 2.5.8 allows, and in the frame a compact header leaves the
// first question and the control that answers it in view once the exercise
// starts, without scrolling. Each state is saved as a screenshot for review
// under target/e2e-screenshots/.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { eventually } from '../support/eventually.mjs';
import { serveBuiltApp } from '../support/server.mjs';
import { EXERCISE_WALKS } from './pages/exercise-states.mjs';
import { ExercisePage } from './pages/exercise-page.mjs';
import { HomePage } from './pages/home-page.mjs';
import { assertLayout, assertShownWithoutScrolling, screenshot } from './pages/layout.mjs';
import { LmsHost } from './pages/lms-host.mjs';
import { content, dbName, openBrowser } from './pages/quiz-journeys.mjs';
import { QuizPage } from './pages/quiz-page.mjs';

// A walk sorts every case, plays every quarter or answers every item.
const TEST_OPTIONS = { timeout: 300_000 };

/** The phone the layout must fit. */
const PHONE = { width: 360, height: 640 };

/** Moodle's default player frame height. */
const FRAME_HEIGHT = 500;

/** The most of the frame's height the compact header may take. */
const COMPACT_HEADER_MAX = 48;

const server = serveBuiltApp();

describe('on a 360 × 640 phone', () => {
  it('shows the home and profile pages without sideways scrolling or small targets', TEST_OPTIONS, async (t) => {
    const { page, assertNoProblems } = await openBrowser(t, server);
    await page.setViewportSize(PHONE);
    const home = new HomePage(page, `${server.baseUrl}index.html`);
    await home.open();
    await home.profileForm.waitUntilShown();
    await home.resultsPanel().waitFor();
    await assertLayout(page, 'the home page', PHONE.width);
    await screenshot(page, 'phone-home');

    await home.gotoHash('#/profile');
    await eventually(async () => assert.equal(await home.hash(), '#/profile'));
    await home.profileForm.waitUntilShown();
    await assertLayout(page, 'the profile page', PHONE.width);
    await screenshot(page, 'phone-profile');
    assertNoProblems();
  });

  for (const { slug, states } of EXERCISE_WALKS) {
    it(`fits ${slug} in every state`, TEST_OPTIONS, async (t) => {
      const { page, assertNoProblems } = await openBrowser(t, server);
      await page.setViewportSize(PHONE);
      await new ExercisePage(page, `${server.baseUrl}index.html`).open(slug);
      const seen = [];
      for await (const state of states(page)) {
        await assertLayout(page, `${slug} at its ${state.name}`, PHONE.width);
        await screenshot(page, `phone-${slug}-${state.name}`);
        seen.push(state.name);
      }
      assert.deepEqual(seen.slice(0, 3), ['start', 'question', 'feedback'], 'the walk went through');
      assert.equal(seen.at(-1), 'result', 'the walk ended at the result');
      assertNoProblems();
    });
  }
});

describe(`in a ${FRAME_HEIGHT} px-high LMS frame`, () => {
  for (const { slug, states } of EXERCISE_WALKS) {
    it(`shows ${slug}'s first question and its answer without scrolling, under a compact header`, TEST_OPTIONS, async (t) => {
      const { page, assertNoProblems } = await openBrowser(t, server);
      const host = new LmsHost(page, server, { version: '1.2', sco: slug, db: dbName(t) });
      const frame = await host.open();
      const frameWidth = Math.round((await page.locator('iframe#scorm_object').boundingBox()).width);
      for await (const state of states(frame)) {
        assert.equal(await frame.evaluate(() => window.innerHeight), FRAME_HEIGHT, 'the app sees the frame');
        if (state.name === 'start') {
          const header = await frame.locator('header.cl-header').boundingBox();
          assert.ok(
            header.height <= COMPACT_HEADER_MAX,
            `the header takes at most ${COMPACT_HEADER_MAX} px of the frame: ${header.height}`,
          );
        }
        if (state.name === 'question') {
          await assertShownWithoutScrolling(state.question, `${slug}: the first question`);
          await assertShownWithoutScrolling(state.answer, `${slug}: the first control that answers it`);
        }
        await assertLayout(frame, `${slug} at its ${state.name} in the frame`, frameWidth);
        await screenshot(page, `frame-${slug}-${state.name}`);
      }
      assertNoProblems();
    });
  }

  it('keeps the full header outside a frame', TEST_OPTIONS, async (t) => {
    const { page, assertNoProblems } = await openBrowser(t, server);
    await new ExercisePage(page, `${server.baseUrl}index.html`).open('aec-quiz');
    assert.equal(await page.locator('header.cl-header--framed').count(), 0, 'no compact header');
    await page.locator('.cl-header__tagline').waitFor();
    assertNoProblems();
  });

  it('lets the learner reach "Check my answer" by scrolling inside the frame', TEST_OPTIONS, async (t) => {
    const { page, assertNoProblems } = await openBrowser(t, server);
    const host = new LmsHost(page, server, { version: '1.2', db: dbName(t) });
    const frame = await host.open();
    const quiz = new QuizPage(frame);
    await quiz.start('sme');
    const item = content.itemByStem(await quiz.stem());
    await quiz.choose(item.key);
    const button = quiz.checkButton();
    await button.scrollIntoViewIfNeeded();
    await assertShownWithoutScrolling(button, '"Check my answer" once scrolled to');
    assert.equal(
      await page.evaluate(() => document.scrollingElement.scrollTop),
      0,
      'the player page itself did not have to scroll',
    );
    await button.click();
    await quiz.feedback().waitFor();
    assert.ok((await quiz.feedbackText()).startsWith('Correct.'), 'the answer was checked');
    assertNoProblems();
  });
});
