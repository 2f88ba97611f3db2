// End-to-end tests of the export-consortium formation simulation on its own
// (`#/consortium-sim`, no LMS), in headless Chromium against the release
// build in dist/, served under Moodle's deep package path: a whole run with
// the keyboard alone, from the filtered firm pool to the risk view;
// formations that cannot be founded, with their reasons, and the scope
// line as members join; and a run's timeline and chart quarter by quarter,
// replayed with the same luck to the same story, then edited anew.
//
// Each attempt draws its own seed, so the tests read what happened from the
// page (the decision asked, the timeline) and check it against the content
// and the page's own figures. Every test fails on any console error,
// uncaught exception, failed request or HTTP error response.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { eventually } from '../support/eventually.mjs';
import { serveBuiltApp } from '../support/server.mjs';
import {
  assertDebrief,
  assertFocusOnForm,
  assertFocusOnQuarter,
  assertQuartersShown,
  consortiumContent,
  playRun,
  SCO,
} from './pages/consortium-journeys.mjs';
import { CATEGORY_CODES, ConsortiumPage, DECISION_RESPONSES } from './pages/consortium-page.mjs';
import { openExercise } from './pages/exercise-page.mjs';
import { normalize, SAVE_MESSAGES } from './pages/package-frame.mjs';

// Up to twelve quarters with checks after each, and 2 × 1,000 runs of the
// risk view; twice for the replay. Generous for a busy two-core CI machine.
const TEST_OPTIONS = { timeout: 240_000 };

const server = serveBuiltApp();

/** A fresh browser on the exercise's page (see `openExercise`), its form shown. */
async function openConsortium(t) {
  const opened = await openExercise(t, server, SCO, ConsortiumPage);
  await opened.exercise.foundButton().waitFor({ timeout: 30_000 });
  return { page: opened.page, consortium: opened.exercise, problems: opened.problems };
}

/** The literature's good formation (the content's Lao Home Collection) and its plans. */
const good = consortiumContent.good;

/** Quarter `n`'s plan in the literature's good run; none past its last. */
const goodPlan = (n) => good.plans[n - 1] ?? [];

describe('export-consortium simulation without an LMS', () => {
  const keyboardOnly = 'can be played with the keyboard alone, from the firm pool to the risk view';
  it(keyboardOnly, TEST_OPTIONS, async (t) => {
    const { page, consortium, problems } = await openConsortium(t);
    // Counts every press of a mouse, pen or finger in the document.
    await page.evaluate(() => {
      window.pointerPresses = 0;
      document.addEventListener('pointerdown', () => (window.pointerPresses += 1), true);
    });

    // The filter offers every category, and shows only the firms of the one chosen.
    assert.deepEqual(
      (await consortium.filterOptions()).map(({ value, label }) => [value, label]),
      [
        ['', consortiumContent.ui('filter-all')],
        ...CATEGORY_CODES.map((code) => [code, consortiumContent.text(`category.${code}`)]),
      ],
      'the filter: all firms, then each category',
    );
    const categoryOf = (id) => consortiumContent.firm(id).category;
    const categories = [...new Set(good.formation.members.map(categoryOf))];
    assert.ok(categories.length > 1, 'the good formation draws on several categories');
    for (const category of categories) {
      await consortium.filterByKeyboard(category);
      await eventually(async () =>
        assert.deepEqual(
          await consortium.shownFirms(),
          consortiumContent.firms.filter((firm) => firm.category === category).map(({ id }) => id),
          `only the ${category} firms are shown`,
        ),
      );
      for (const id of good.formation.members.filter((member) => categoryOf(member) === category)) {
        await consortium.setBoxByKeyboard(
          `article[data-firm="${id}"] [data-testid="firm-choose"]`,
          true,
          `the box of ${id}`,
        );
      }
    }
    // Chosen firms stay chosen while the filter hides them.
    await consortium.filterByKeyboard('');
    assert.deepEqual(await consortium.shownFirms(), consortiumContent.firmIds(), 'all firms again');
    assert.deepEqual(
      await consortium.chosenFirms(),
      consortiumContent.inPoolOrder(good.formation.members),
      'the members chosen under each filter',
    );
    assert.deepEqual(
      await consortium.scopeLines(),
      consortiumContent.scopeLines(good.formation.members),
      'the scope of the good formation',
    );

    // The statutes: arrow keys in each group of options, Space on the boxes.
    const statutes = good.formation;
    for (const [group, value] of [
      ['type', statutes.type],
      ['entry-fee', statutes.entry_fee],
      ['quarterly-fee', statutes.quarterly_fee],
      ['leads', statutes.leads],
      ['decisions', statutes.decisions],
      ['coordinator', statutes.coordinator],
      ['funding', statutes.funding],
    ]) {
      await consortium.checkRadioByKeyboard(group, value);
    }
    for (const word of ['charter', 'sanctions']) {
      await consortium.setBoxByKeyboard(`[data-testid="statute-${word}"]`, statutes[word], word);
    }
    assert.deepEqual(
      await consortium.formShown(),
      { ...good.formation, members: consortiumContent.inPoolOrder(good.formation.members) },
      'the form holds the good formation',
    );

    // Founding replaces the form; its heading takes the focus.
    await consortium.pressByKeyboard('consortium-found');
    await consortium.quarterHeading().waitFor();
    assert.deepEqual(await consortium.position(), { n: 1, total: consortiumContent.quarters });
    await assertFocusOnQuarter(consortium, 'after founding');

    // The literature's plans; a complaint put right by the supplier (an
    // arrow key away), a free-rider warned (the first answer, Space).
    const run = await playRun(consortium, {
      keyboard: true,
      plan: goodPlan,
      respond: ({ kind }) => (kind === 'complaint' ? 'supplier-fixes' : DECISION_RESPONSES[kind][0]),
    });
    assert.ok(run.plans.some((plan) => plan.length > 0), 'activities were planned');

    const debrief = await assertDebrief(consortium, run);
    assert.equal((await consortium.factors()).length, 10, 'ten success factors');
    assert.ok(debrief.held.length > 0, 'the good formation honours some factors');
    assert.equal(await page.evaluate(() => window.pointerPresses), 0, 'no pointer was used');
    await consortium.waitForSaveState(SAVE_MESSAGES.standalone);
    problems.assertNone();
  });

  it('keeps a formation that cannot be founded on the form, with why', TEST_OPTIONS, async (t) => {
    const { consortium, problems } = await openConsortium(t);
    const hint = consortiumContent.members;
    assert.equal(
      await consortium.scopeHint(),
      normalize(consortiumContent.ui('hint', { min: hint.hint_min, max: hint.hint_max })),
      'the size the literature recommends',
    );
    const assertScope = async (members, what) =>
      eventually(async () =>
        assert.deepEqual(await consortium.scopeLines(), consortiumContent.scopeLines(members), what),
      );
    await assertScope([], 'no member yet');
    const assertRefused = async (formation, what) => {
      await consortium.foundButton().click();
      await eventually(async () =>
        assert.deepEqual(
          await consortium.problemItems(),
          consortiumContent.problems(formation).map(normalize),
          `${what}: its reasons`,
        ),
      );
      const introduced = normalize(await consortium.problems().innerText());
      assert.ok(
        introduced.startsWith(consortiumContent.ui('problems')),
        `${what}: the reasons are introduced`,
      );
      assert.equal(await consortium.quarterHeading().count(), 0, `${what}: no quarter starts`);
      assert.equal(await consortium.screen(), 'forming', `${what}: still on the form`);
      assert.deepEqual(
        await consortium.chosenFirms(),
        formation.members,
        `${what}: the members stay chosen`,
      );
    };

    // Two members: too few.
    const pair = ['f01', 'f03'];
    for (const id of pair) {
      await consortium.firmBox(id).check();
    }
    await assertScope(pair, 'two home-and-living members from one province');
    const twoMembers = { ...(await consortium.formShown()) };
    assert.ok(consortiumContent.problems(twoMembers).length > 0, 'two members are too few');
    await assertRefused(twoMembers, 'two members');

    // A coffee roaster joins: two sectors.
    const coffee = consortiumContent.firms.find((firm) => firm.category === 'food');
    await consortium.firmBox(coffee.id).check();
    await assertScope([...pair, coffee.id], 'with the coffee roaster');
    const withCoffee = consortiumContent.scope([...pair, coffee.id]);
    assert.equal(withCoffee.multiSector, true, 'the scope turns multi-sector');
    await consortium.firmBox(coffee.id).uncheck();
    await assertScope(pair, 'without the coffee roaster');

    // Members from the capital, the province around it and Luang Prabang: inter-regional.
    const far = ['f07', 'f10'];
    for (const id of far) {
      await consortium.firmBox(id).check();
    }
    const spread = consortiumContent.inPoolOrder([...pair, ...far]);
    assert.equal(
      new Set(spread.map((id) => consortiumContent.firm(id).province)).size,
      3,
      'three provinces',
    );
    const interRegional = consortiumContent.scope(spread).interRegional;
    assert.equal(interRegional, true, 'the scope turns inter-regional');
    await assertScope(spread, 'members from three provinces');

    // A sales consortium of services and a trader, which make nothing to sell.
    for (const id of spread) {
      await consortium.firmBox(id).uncheck();
    }
    const noProducers = consortiumContent.firms.filter((firm) => !firm.producer).map(({ id }) => id);
    assert.ok(noProducers.length >= consortiumContent.members.min, 'enough firms without producers');
    for (const id of noProducers) {
      await consortium.firmBox(id).check();
    }
    await consortium.choice('type', 'sales').check();
    const salesOfServices = await consortium.formShown();
    assert.deepEqual(
      consortiumContent.problems(salesOfServices),
      [consortiumContent.text('problem.sales-producers')],
      'a sales consortium needs producers',
    );
    await assertRefused(salesOfServices, 'a sales consortium without producers');

    // As a promotional consortium the same members can be founded.
    await consortium.choice('type', 'promotional').check();
    await consortium.found();
    assert.deepEqual(await consortium.position(), { n: 1, total: consortiumContent.quarters });
    problems.assertNone();
  });

  const replayed = 'tells the same story when replayed with the same luck, then edits the formation';
  it(replayed, TEST_OPTIONS, async (t) => {
    const { consortium, problems } = await openConsortium(t);
    await consortium.fillForm(good.formation);
    await consortium.found();
    await assertFocusOnQuarter(consortium, 'after founding');
    assert.deepEqual(await consortium.timelineQuarters(), [], 'nothing played yet');

    // Every answer in turn, so that the replay has several to repeat.
    const first = await playRun(consortium, {
      plan: goodPlan,
      respond: ({ quarter, kind }) => DECISION_RESPONSES[kind][quarter % 3],
    });
    const firstDebrief = await assertDebrief(consortium, first);
    const story = await consortium.timelineText();
    await assertQuartersShown(consortium, first.quarters);

    // Same luck: the form comes back with the formation to found again.
    await consortium.replayButton().click();
    await consortium.foundButton().waitFor();
    await assertFocusOnForm(consortium, 'after "replay"');
    const formation = {
      ...good.formation,
      members: consortiumContent.inPoolOrder(good.formation.members),
    };
    assert.deepEqual(await consortium.formShown(), formation, 'the formation is kept to found again');
    await consortium.found();

    // The same plans and answers meet the same events.
    const asked = [...first.decisions];
    const second = await playRun(consortium, {
      plan: (n) => first.plans[n - 1],
      respond: ({ quarter, kind, firm }) => {
        const before = asked.shift();
        assert.deepEqual(
          { quarter, kind, firm },
          { quarter: before.quarter, kind: before.kind, firm: before.firm },
          'the same decision as in the first run',
        );
        return before.response;
      },
    });
    assert.equal(asked.length, 0, 'every decision of the first run is asked again');
    assert.equal(second.quarters, first.quarters, 'as many quarters');
    assert.equal(await consortium.timelineText(), story, 'the same timeline, word for word');
    const secondDebrief = await assertDebrief(consortium, second);
    assert.deepEqual(
      { shown: secondDebrief.shown, status: secondDebrief.status, held: secondDebrief.held },
      { shown: firstDebrief.shown, status: firstDebrief.status, held: firstDebrief.held },
      'the same debrief',
    );

    // Another formation: the form again, with the last formation to edit.
    await consortium.anotherButton().click();
    await consortium.foundButton().waitFor();
    await assertFocusOnForm(consortium, 'after "try another formation"');
    assert.deepEqual(await consortium.formShown(), formation, 'the last formation, to edit');
    assert.deepEqual(
      await consortium.scopeLines(),
      consortiumContent.scopeLines(formation.members),
      'its scope',
    );
    await consortium.waitForSaveState(SAVE_MESSAGES.standalone);
    problems.assertNone();
  });
});
