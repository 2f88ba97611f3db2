// The profile page (`#/profile`), where the learner changes their details.

import { AppPage } from './app-page.mjs';
import { ProfileForm } from './profile-form.mjs';

export class ProfilePage extends AppPage {
  constructor(page, appUrl) {
    super(page, appUrl);
    this.form = new ProfileForm(page);
  }
}
