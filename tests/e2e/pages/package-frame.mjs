// What every exercise's page object shares, inside the package whatever the
// exercise: the page or frame it works on, the saving status line in the
// header, and the exercise's status on its page.

import assert from 'node:assert/strict';

import { eventually } from '../../support/eventually.mjs';

export const SAVE_MESSAGES = {
  saved: 'Saved to your course',
  retrying:
    'Not yet saved to your course. Your work is kept on this device, and saving is retried.',
  offline:
    'You are offline. Your work is kept on this device and goes to your course as soon as the connection returns.',
  standalone: 'Saved on this device',
  refused: 'Saved to your course, except some values it refused. They are kept on this device.',
  review: 'Review: this is the result your course recorded. Nothing you do now changes it.',
  noCredit: 'This attempt does not count towards your grade (no credit).',
};

/** `template` with each `{name}` replaced by `args[name]`. */
export function fill(template, args = {}) {
  return template.replace(/\{([a-z-]+)\}/g, (whole, name) =>
    name in args ? String(args[name]) : whole,
  );
}

/** Collapses runs of white space, as the page shows text. */
export function normalize(text) {
  return text.replace(/\s+/g, ' ').trim();
}

export class PackageFrame {
  /**
   * @param {import('playwright-core').Page | import('playwright-core').Frame} root the
   *   page, or the frame the app runs in
   */
  constructor(root) {
    this.root = root;
    /** The page, for the keyboard, the mouse and the touch screen. */
    this.page = typeof root.mainFrame === 'function' ? root : root.page();
  }

  /** The app's saving status line in the header. */
  saveState() {
    return this.root.getByTestId('save-state');
  }

  async saveStateText() {
    return normalize(await this.saveState().innerText());
  }

  /** The line under the saving status that says the launch has no credit. */
  noCredit() {
    return this.root.getByTestId('no-credit');
  }

  /** The exercise's status after "Your status:" on its page ("Not started", …). */
  yourStatus() {
    return this.root.locator('.cl-exercise__status .cl-status');
  }

  async yourStatusText() {
    return normalize(await this.yourStatus().innerText());
  }

  /** Waits until the saving status line says `text`. */
  async waitForSaveState(text, { timeout = 10_000 } = {}) {
    await eventually(async () => assert.equal(await this.saveStateText(), text), { timeout });
  }
}
