// Retries an assertion until it passes, for checks on a page that is still
// rendering (playwright-core has no `expect` with auto-waiting).

/**
 * Calls `check` until it stops throwing, and returns what it returned.
 * After `timeout` ms, throws the last error, so the failure says what was
 * expected and what the page showed.
 *
 * @template T
 * @param {() => Promise<T> | T} check
 * @param {{timeout?: number, interval?: number}} [options]
 * @returns {Promise<T>}
 */
export async function eventually(check, { timeout = 10_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) {
        throw error;
      }
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, interval));
  }
}
