// What the app shows for a route it does not know.

import { AppPage } from './app-page.mjs';

export class NotFoundPage extends AppPage {
  notFoundHeading() {
    return this.page.getByRole('heading', { name: 'Page not found', exact: true });
  }
}
