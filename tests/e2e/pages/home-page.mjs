// The home page (`#/`): the list of exercises, and the profile form on a
// first visit.

import { AppPage } from './app-page.mjs';
import { ProfileForm } from './profile-form.mjs';

/** Routes that the navigation links to and that are not exercises. */
const OTHER_ROUTES = ['#/', '#/profile'];

export class HomePage extends AppPage {
  constructor(page, appUrl) {
    super(page, appUrl);
    this.profileForm = new ProfileForm(page);
  }

  /** Loads the app's start page, as a learner opening the package does. */
  async open() {
    await this.page.goto(this.appUrl);
    await this.heading().waitFor();
  }

  /** The links to exercises, as `{name, href}` in the order shown. */
  async exerciseLinks() {
    return this.page.locator('a[href^="#/"]').evaluateAll(
      (links, otherRoutes) =>
        links
          .map((link) => ({ name: link.textContent.trim(), href: link.getAttribute('href') }))
          .filter((link) => !otherRoutes.includes(link.href)),
      OTHER_ROUTES,
    );
  }

  /** The link to one exercise, found by its accessible name. */
  exerciseLink(title) {
    return this.page.getByRole('link', { name: title, exact: true });
  }

  /**
   * The text of the card of the exercise at `href`: the largest element
   * around its link that holds no other exercise's link.
   */
  async exerciseCardText(href) {
    return this.page.locator(`a[href="${href}"]`).evaluate((link, otherRoutes) => {
      const exerciseLinksIn = (element) =>
        [...element.querySelectorAll('a[href^="#/"]')].filter(
          (a) => !otherRoutes.includes(a.getAttribute('href')),
        );
      let card = link;
      while (card.parentElement && exerciseLinksIn(card.parentElement).length === 1) {
        card = card.parentElement;
      }
      return card.innerText;
    }, OTHER_ROUTES);
  }

  /** The "Your results" panel: download of all results and import of a file. */
  resultsPanel() {
    return this.page.locator('section.cl-results');
  }

  downloadAllButton() {
    return this.resultsPanel().getByRole('button', { name: 'Download all results', exact: true });
  }

  /** The file input of "Import a results file". */
  importInput() {
    return this.resultsPanel().locator('input[type="file"]');
  }

  /** How the last import went: a status when restored, an alert when refused. */
  importStatus() {
    return this.resultsPanel().getByRole('status');
  }

  importAlert() {
    return this.resultsPanel().getByRole('alert');
  }

  /** The greeting shown once the learner has a profile. */
  welcome(name) {
    return this.page.getByText(`Welcome, ${name}.`, { exact: true });
  }
}
