// The learner's profile form, which appears on the home page on a first
// visit and on the profile page.

const ROLE_LABELS = {
  sme: 'An SME owner or manager',
  'support-institution': 'A support institution (ministry, trade promotion agency, chamber or association)',
};

export class ProfileForm {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.name = page.getByRole('textbox', { name: 'Name', exact: true });
    this.organisation = page.getByRole('textbox', { name: 'Organisation', exact: true });
    this.country = page.getByRole('combobox', { name: 'Country', exact: true });
    this.saveButton = page.getByRole('button', { name: 'Save profile', exact: true });
  }

  /** The radio button for a role value (`sme` or `support-institution`). */
  role(value) {
    return this.page.getByRole('radio', { name: ROLE_LABELS[value], exact: true });
  }

  async isShown() {
    return this.saveButton.isVisible();
  }

  async waitUntilShown() {
    await this.saveButton.waitFor({ state: 'visible' });
  }

  /** Fills in the fields given; the others stay as they are. */
  async fill({ name, organisation, country, role }) {
    if (name !== undefined) await this.name.fill(name);
    if (organisation !== undefined) await this.organisation.fill(organisation);
    if (country !== undefined) await this.country.selectOption(country);
    if (role !== undefined) await this.role(role).check();
  }

  async save() {
    await this.saveButton.click();
  }

  /** The option values of the country select, in order. */
  async countryValues() {
    return this.country.locator('option').evaluateAll((options) => options.map((option) => option.value));
  }

  /** The role values offered, with each radio button's value attribute. */
  async roleValues() {
    const values = {};
    for (const value of Object.keys(ROLE_LABELS)) {
      values[value] = await this.role(value).getAttribute('value');
    }
    return values;
  }

  /** What the form shows now, to compare with what was saved. */
  async values() {
    let role = null;
    for (const value of Object.keys(ROLE_LABELS)) {
      if (await this.role(value).isChecked()) role = value;
    }
    return {
      name: await this.name.inputValue(),
      organisation: await this.organisation.inputValue(),
      country: await this.country.inputValue(),
      role,
    };
  }
}
