// Every exercise walked through the states a learner meets, the same way
// whatever a test checks there (layout, screenshots): its start, its first
// question with the control that answers it, feedback on an answer, and its
// result. Each walk drives the exercise's own page object, by mouse, from a
// fresh exercise page.

import { casesContent, placeCase, sortCases } from './cases-journeys.mjs';
import { CasesPage } from './cases-page.mjs';
import { consortiumContent, playRun } from './consortium-journeys.mjs';
import { ConsortiumPage, DECISION_RESPONSES } from './consortium-page.mjs';
import { exampleRow, SECTIONS, writePlan } from './plan-journeys.mjs';
import { PlanPage } from './plan-page.mjs';
import { answerFor, answerItems, content as quizContent, N_ITEMS, rateAllStatements } from './quiz-journeys.mjs';
import { QuizPage } from './quiz-page.mjs';

/**
 * What a walk stops at: `name` (`start`, `question`, `feedback`, `result`
 * or another result screen), and at the question, `question` (its text)
 * and `answer` (the first control that answers it), both locators.
 * @typedef {{name: string, question?: import('playwright-core').Locator,
 *   answer?: import('playwright-core').Locator}} State
 */

/** The quiz: audience, first item, its feedback, the readiness profile. */
async function* quizStates(root) {
  const quiz = new QuizPage(root);
  await quiz.startButton().waitFor({ timeout: 30_000 });
  yield { name: 'start' };
  await quiz.start('sme');
  const fieldset = quiz.itemFieldset();
  yield { name: 'question', question: fieldset.locator('legend'), answer: fieldset.locator('input').first() };
  const first = quizContent.itemByStem(await quiz.stem());
  await quiz.choose(answerFor(first, false));
  await quiz.checkAnswer();
  yield { name: 'feedback' };
  await quiz.next();
  await answerItems(quiz, N_ITEMS - 1, (item) => answerFor(item, true));
  await rateAllStatements(quiz, 3);
  yield { name: 'result' };
}

/** The cluster-type cases: the rule, the first case, its feedback, the confusion summary. */
async function* casesStates(root) {
  const cases = new CasesPage(root);
  await cases.beginButton().waitFor({ timeout: 30_000 });
  yield { name: 'start' };
  await cases.begin();
  yield { name: 'question', question: cases.caseArticle().locator('h3, h2').first(), answer: cases.targets().first() };
  await placeCase(cases, casesContent.wrongType(await cases.caseId()), 'click');
  await cases.nextButton().waitFor();
  yield { name: 'feedback' };
  await cases.next();
  await sortCases(cases, casesContent.perAttempt - 1, { choose: (vignette) => vignette.structure });
  yield { name: 'result' };
}

/** The consortium: the firm pool, a played quarter, a decision when one comes, the debrief. */
async function* consortiumStates(root) {
  const consortium = new ConsortiumPage(root);
  await consortium.foundButton().waitFor({ timeout: 30_000 });
  yield { name: 'start' };
  const { formation, plans } = consortiumContent.good;
  yield { name: 'question', question: consortium.firmCard(formation.members[0]).locator('h3'), answer: consortium.firmBox(formation.members[0]) };
  await consortium.fillForm(formation);
  await consortium.found();
  const run = { plan: (n) => plans[n - 1] ?? [], respond: ({ kind }) => DECISION_RESPONSES[kind][0] };
  await playRun(consortium, { ...run, until: 2 });
  yield { name: 'feedback' };
  await playRun(consortium, run);
  yield { name: 'result' };
}

/** The plan builder: the first section opened, a field's notes, the action plan, the self-assessment, the plan as a document. */
async function* planStates(root) {
  const plan = new PlanPage(root);
  await plan.section().waitFor({ timeout: 30_000 });
  yield { name: 'start' };
  const first = SECTIONS[0];
  const field = first.fields[0];
  await plan.open(first.id);
  yield { name: 'question', question: plan.panelHeading(), answer: plan.field(field.id) };
  await plan.field(field.id).fill('x');
  await plan.field(field.id).blur();
  yield { name: 'feedback' };
  const year = new Date().getFullYear();
  await writePlan(plan, { values: {}, rows: [exampleRow('e1', year), exampleRow('e2', year)] });
  yield { name: 'action-plan' };
  await plan.open('rubric');
  yield { name: 'self-assessment' };
  await plan.open('document');
  yield { name: 'result' };
}

/** Each exercise's slug with its walk. */
export const EXERCISE_WALKS = [
  { slug: 'aec-quiz', states: quizStates },
  { slug: 'cluster-types', states: casesStates },
  { slug: 'consortium-sim', states: consortiumStates },
  { slug: 'cluster-plan', states: planStates },
];
