// An exercise's page (`#/<slug>`): title, learning objectives, introduction.

import { AppPage, openApp } from './app-page.mjs';

/**
 * `openApp` on the page of the exercise `slug`, with `Page` (the exercise's
 * page object class) on it once its section shows: `{page, appUrl,
 * problems, exercise}`.
 */
export async function openExercise(t, server, slug, Page, options) {
  const opened = await openApp(t, server, options);
  await new ExercisePage(opened.page, opened.appUrl).open(slug);
  const exercise = new Page(opened.page);
  await exercise.section().waitFor({ timeout: 30_000 });
  return { ...opened, exercise };
}

export class ExercisePage extends AppPage {
  /** Loads an exercise directly, as from a bookmark or an LMS deep link. */
  async open(slug) {
    await this.gotoHash(`#/${slug}`);
    await this.heading().waitFor();
  }

  objectivesHeading() {
    return this.page.getByRole('heading', { name: 'What you will learn', exact: true });
  }

  /** The learning objectives: the items of the first list after their heading. */
  objectives() {
    return this.objectivesHeading().locator('xpath=following::*[self::ul or self::ol][1]/li');
  }

  introductionHeading() {
    return this.page.getByRole('heading', { name: 'Introduction', exact: true });
  }

  backLink() {
    return this.page.getByRole('link', { name: 'Back to all exercises', exact: true });
  }

  /** "Download this result", shown once the exercise has a result. */
  downloadButton() {
    return this.page.locator('button.cl-exercise__download');
  }
}
