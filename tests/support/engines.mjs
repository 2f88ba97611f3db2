// The three browser engines learners use, behind one small driver: Chromium
// (Chrome on Android) through playwright-core, Firefox ESR (Firefox on
// shared PCs) through puppeteer-core over WebDriver BiDi, and WebKitGTK's
// MiniBrowser (Safari on iPhones) through WebKitWebDriver's W3C WebDriver
// HTTP protocol, in a virtual X display. Each driver offers the few verbs a
// smoke journey needs and records the page's uncaught errors and console
// errors, so that a journey can fail on any of them in any engine.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';

import puppeteer from 'puppeteer-core';

import { CHROMIUM_PATH, launchBrowser, PageProblems } from './browser.mjs';
import { eventually } from './eventually.mjs';

/** The engines, by the name tests use. */
export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** Debian's Firefox ESR. */
const FIREFOX_PATH = '/usr/bin/firefox-esr';

/** Debian's WebDriver server for WebKitGTK, and the browser it drives. */
const WEBKIT_DRIVER_PATH = '/usr/bin/WebKitWebDriver';
const MINIBROWSER_PATH = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** The X server WebKitGTK draws into: MiniBrowser has no headless mode that WebDriver can drive. */
const XVFB_PATH = '/usr/bin/Xvfb';

/** How long a verb waits for what it needs on the page. */
const TIMEOUT = 15_000;

/**
 * The first element matching `selector` that is rendered and, with `text`,
 * whose text (white space collapsed) is `text`; null if there is none.
 * With `exists`, only whether there is one. Runs in the page.
 */
function findElement([selector, text, exists]) {
  const normal = (value) => value.replace(/\s+/g, ' ').trim();
  const found =
    [...document.querySelectorAll(selector)].find(
      (element) =>
        element.checkVisibility() && (text === null || normal(element.textContent) === text),
    ) ?? null;
  return exists ? found !== null : found;
}

/**
 * What every engine's driver shares: waiting, built on `evaluate`; the
 * engine-specific verbs are `goto`, `reload`, `click`, `fill`, `press`,
 * `evaluate`, `problems` and `close`. `keyboard.press` and `evaluate` make
 * a driver usable as both the `page` and the `root` of `keyboardFocus`.
 */
class Driver {
  constructor(name) {
    this.name = name;
    this.keyboard = { press: (key) => this.press(key) };
  }

  /** Waits until an element matching `selector` (with `text`, that text) is rendered. */
  async waitFor(selector, { text, timeout = TIMEOUT } = {}) {
    await eventually(
      async () => {
        if (!(await this.evaluate(findElement, [selector, text ?? null, true]))) {
          const reading = text === undefined ? '' : ` reading "${text}"`;
          throw new Error(`${this.name}: no ${selector}${reading} on the page`);
        }
      },
      { timeout },
    );
  }

  /**
   * Waits for `selector` (see `waitFor`), then for the page to draw two
   * frames: a new screen brings its start to the top of the window on the
   * frame after it renders, and a click aimed before that would land where
   * the element was.
   */
  async waitForSettled(selector, options) {
    await this.waitFor(selector, options);
    await this.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
  }

  /** The text of the first rendered element matching `selector`, white space collapsed. */
  async text(selector) {
    return eventually(
      async () => {
        const text = await this.evaluate(
          (sel) =>
            [...document.querySelectorAll(sel)]
              .find((element) => element.checkVisibility())
              ?.innerText.replace(/\s+/g, ' ')
              .trim() ?? null,
          selector,
        );
        if (text === null) {
          throw new Error(`${this.name}: no ${selector} on the page`);
        }
        return text;
      },
      { timeout: TIMEOUT },
    );
  }

  /** Fails with every problem recorded so far. */
  async assertNoProblems() {
    const problems = await this.problems();
    if (problems.length > 0) {
      throw new Error(`${this.name}: the page had problems:\n${problems.join('\n')}`);
    }
  }
}

// ---- Chromium, through playwright-core ---------------------------------------

class ChromiumDriver extends Driver {
  static async launch() {
    const driver = new ChromiumDriver('chromium');
    driver.browser = await launchBrowser();
    driver.pw = driver.browser.page;
    driver.recorded = new PageProblems(driver.pw);
    return driver;
  }

  async goto(url) {
    await this.pw.goto(url);
  }

  async reload() {
    await this.pw.reload();
  }

  async click(selector, { text } = {}) {
    await this.waitForSettled(selector, { text });
    const handle = await this.pw.evaluateHandle(findElement, [selector, text ?? null, false]);
    await handle.asElement().click();
    await handle.dispose();
  }

  async fill(selector, value) {
    await this.waitForSettled(selector);
    await this.pw.locator(selector).first().fill(value);
  }

  async press(key) {
    await this.pw.keyboard.press(key);
  }

  async evaluate(fn, arg) {
    return this.pw.evaluate(fn, arg);
  }

  async problems() {
    return this.recorded.problems;
  }

  async close() {
    await this.browser.close();
  }
}

// ---- Firefox, through puppeteer-core over WebDriver BiDi ---------------------

/** Key names as Playwright writes them, for Puppeteer's keyboard. */
const PUPPETEER_KEYS = { Space: ' ' };

class FirefoxDriver extends Driver {
  static async launch() {
    const driver = new FirefoxDriver('firefox');
    driver.browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: FIREFOX_PATH,
      headless: true,
    });
    try {
      // The tab Firefox starts with never gets the focus (no focus events,
      // and Enter or Space on a button does not click it); a tab opened over
      // WebDriver BiDi does.
      const [first] = await driver.browser.pages();
      driver.pp = await driver.browser.newPage();
      await first?.close();
    } catch (error) {
      await driver.close();
      throw error;
    }
    driver.recorded = [];
    driver.pp.on('console', (message) => {
      if (message.type() === 'error') {
        const { url, lineNumber } = message.location();
        driver.recorded.push(`console error: ${message.text()} (${url}:${lineNumber})`);
      }
    });
    driver.pp.on('pageerror', (error) => {
      driver.recorded.push(`page error: ${error.stack ?? error}`);
    });
    return driver;
  }

  async goto(url) {
    await this.pp.goto(url);
  }

  async reload() {
    await this.pp.reload();
  }

  async click(selector, { text } = {}) {
    await this.waitForSettled(selector, { text });
    const handle = await this.pp.evaluateHandle(findElement, [selector, text ?? null, false]);
    await handle.asElement().click();
    await handle.dispose();
  }

  async fill(selector, value) {
    await this.waitForSettled(selector);
    await this.pp.locator(selector).fill(value);
  }

  async press(key) {
    const keys = key.split('+').map((part) => PUPPETEER_KEYS[part] ?? part);
    for (const part of keys.slice(0, -1)) {
      await this.pp.keyboard.down(part);
    }
    await this.pp.keyboard.press(keys.at(-1));
    for (const part of keys.slice(0, -1).reverse()) {
      await this.pp.keyboard.up(part);
    }
  }

  async evaluate(fn, arg) {
    return this.pp.evaluate(fn, arg);
  }

  async problems() {
    return this.recorded;
  }

  async close() {
    await this.browser.close();
  }
}

// ---- WebKit, through WebKitWebDriver (W3C WebDriver over HTTP) --------------

/** The WebDriver key codes of the keys journeys press. */
const WEBDRIVER_KEYS = {
  Enter: '\uE007',
  Tab: '\uE004',
  Shift: '\uE008',
  Space: ' ',
  Home: '\uE011',
  End: '\uE010',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
};

/** How WebDriver names an element in JSON. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/**
 * Installed as a page's first script when WebKit drives it: classic
 * WebDriver has no console or error events (WebKitWebDriver 2.50 refuses a
 * BiDi session: `webSocketUrl: true` fails to match capabilities), so the
 * page records its own uncaught errors, rejections and console errors.
 */
const RECORDER = `<script>(() => {
  const problems = [];
  Object.defineProperty(window, '__clusterlabProblems', { value: problems });
  // WebKit's stacks leave out the message, so it comes first.
  addEventListener('error', (event) => problems.push('page error: ' + event.message
    + ' (' + event.filename + ':' + event.lineno + ')\\n' + (event.error?.stack ?? '')));
  addEventListener('unhandledrejection', (event) => problems.push('page error: unhandled rejection: '
    + String(event.reason) + '\\n' + (event.reason?.stack ?? '')));
  const error = console.error;
  console.error = (...args) => {
    problems.push('console error: ' + args.map(String).join(' '));
    error.apply(console, args);
  };
})();</script>`;

/**
 * A proxy in front of `origin` that puts `RECORDER` at the top of every
 * page's `<head>` and passes everything else through unchanged (it asks
 * for no compression, so that it can read pages).
 */
async function startRecordingProxy(origin) {
  const upstream = new URL(origin);
  const proxy = createServer((incoming, outgoing) => {
    const headers = { ...incoming.headers, host: upstream.host };
    delete headers['accept-encoding'];
    const { hostname, port } = upstream;
    const { url: path, method } = incoming;
    const forwarded = httpRequest(
      { host: hostname, port, path, method, headers },
      (answer) => {
        const type = answer.headers['content-type'] ?? '';
        if (!type.startsWith('text/html') || answer.statusCode !== 200) {
          outgoing.writeHead(answer.statusCode, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        const chunks = [];
        answer.on('data', (chunk) => chunks.push(chunk));
        answer.on('end', () => {
          const page = Buffer.concat(chunks).toString('utf8');
          const body = Buffer.from(page.replace('<head>', `<head>${RECORDER}`), 'utf8');
          const length = { 'content-length': body.length };
          outgoing.writeHead(answer.statusCode, { ...answer.headers, ...length });
          outgoing.end(body);
        });
      },
    );
    forwarded.on('error', (error) => outgoing.destroy(error));
    incoming.pipe(forwarded);
  });
  await new Promise((resolveListen) => proxy.listen(0, '127.0.0.1', resolveListen));
  return {
    origin: `http://127.0.0.1:${proxy.address().port}`,
    close: () => new Promise((resolveClose) => proxy.close(resolveClose)),
  };
}

/** A TCP port nobody listens on now. */
async function freePort() {
  const probe = createServer();
  await new Promise((resolveListen) => probe.listen(0, '127.0.0.1', resolveListen));
  const { port } = probe.address();
  await new Promise((resolveClose) => probe.close(resolveClose));
  return port;
}

/** Starts Xvfb on a display it picks itself; resolves with `{display, process}`. */
function startXvfb() {
  return new Promise((resolveStart, rejectStart) => {
    // `-displayfd`: Xvfb takes the first free display and writes its number
    // on fd 3, so that runs side by side never collide.
    const args = ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'];
    const xvfb = spawn(XVFB_PATH, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    xvfb.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    xvfb.stdio[3].on('data', (chunk) => {
      const number = chunk.toString().trim();
      if (number !== '') {
        resolveStart({ display: `:${number}`, process: xvfb });
      }
    });
    xvfb.on('error', rejectStart);
    xvfb.on('exit', (code) => rejectStart(new Error(`Xvfb exited (${code}): ${stderr}`)));
  });
}

/** Ends `child` and waits until it has gone. */
async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const gone = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGTERM');
  await gone;
}

class WebKitDriver extends Driver {
  static async launch() {
    const driver = new WebKitDriver('webkit');
    driver.children = [];
    driver.proxies = new Map();
    try {
      const xvfb = await startXvfb();
      driver.children.push(xvfb.process);
      const port = await freePort();
      const server = spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`], {
        env: { ...process.env, DISPLAY: xvfb.display },
        stdio: 'ignore',
      });
      driver.children.push(server);
      driver.base = `http://127.0.0.1:${port}`;
      await eventually(
        async () => {
          const status = await fetch(`${driver.base}/status`);
          if (!status.ok) throw new Error(`WebKitWebDriver is not ready: HTTP ${status.status}`);
        },
        { timeout: TIMEOUT },
      );
      const session = await driver.command('POST', '/session', {
        capabilities: {
          alwaysMatch: {
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] },
          },
        },
      });
      driver.session = `/session/${session.sessionId}`;
      // A script that answers a whole quiz in the page may outlast the
      // default 30 s on a busy machine.
      await driver.sessionCommand('POST', '/timeouts', { script: 120_000 });
      return driver;
    } catch (error) {
      await driver.close();
      throw error;
    }
  }

  /** Sends one WebDriver command; returns its `value` or throws its error. */
  async command(method, path, body) {
    const answer = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const { value } = await answer.json();
    if (!answer.ok) {
      throw new Error(`webkit: ${method} ${path}: ${value.error}: ${value.message}`);
    }
    return value;
  }

  /** A session command. */
  async sessionCommand(method, path, body) {
    return this.command(method, `${this.session}${path}`, body);
  }

  /** `url` with its origin replaced by the recording proxy's in front of it. */
  async recorded(url) {
    const target = new URL(url);
    if (!this.proxies.has(target.origin)) {
      this.proxies.set(target.origin, await startRecordingProxy(target.origin));
    }
    const proxy = this.proxies.get(target.origin);
    return `${proxy.origin}${target.pathname}${target.search}${target.hash}`;
  }

  async goto(url) {
    await this.keepProblems();
    await this.sessionCommand('POST', '/url', { url: await this.recorded(url) });
  }

  async reload() {
    await this.keepProblems();
    await this.sessionCommand('POST', '/refresh', {});
  }

  async click(selector, { text } = {}) {
    await this.waitForSettled(selector, { text });
    const element = await this.evaluate(findElement, [selector, text ?? null, false]);
    await this.sessionCommand('POST', `/element/${element[ELEMENT_KEY]}/click`, {});
  }

  async fill(selector, value) {
    await this.waitForSettled(selector);
    const element = (await this.evaluate(findElement, [selector, null, false]))[ELEMENT_KEY];
    await this.sessionCommand('POST', `/element/${element}/clear`, {});
    await this.sessionCommand('POST', `/element/${element}/value`, { text: value });
  }

  async press(key) {
    const keys = key.split('+').map((part) => {
      const code = WEBDRIVER_KEYS[part] ?? (part.length === 1 ? part : undefined);
      if (code === undefined) throw new Error(`webkit: no WebDriver code for the key ${part}`);
      return code;
    });
    const actions = [
      ...keys.map((value) => ({ type: 'keyDown', value })),
      ...[...keys].reverse().map((value) => ({ type: 'keyUp', value })),
    ];
    await this.sessionCommand('POST', '/actions', {
      actions: [{ type: 'key', id: 'keyboard', actions }],
    });
  }

  /** Runs `fn(arg)` in the page and waits for what it returns (a promise too). */
  async evaluate(fn, arg) {
    const result = await this.sessionCommand('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1];
        Promise.resolve().then(() => (${fn})(arguments[0])).then(
          (value) => done({ value: value === undefined ? null : value }),
          (error) => done({ error: String(error) + '\\n' + (error?.stack ?? '') }));`,
      args: [arg === undefined ? null : arg],
    });
    if (result.error !== undefined) {
      throw new Error(`webkit: the script failed: ${result.error}`);
    }
    return result.value;
  }

  /** Moves what the page recorded here before the page goes away. */
  async keepProblems() {
    this.kept ??= [];
    const current = await this.pageProblems();
    this.kept.push(...current);
  }

  async pageProblems() {
    if (this.session === undefined) return [];
    const url = await this.sessionCommand('GET', '/url');
    if (!url.startsWith('http')) return [];
    return this.evaluate(() => [...(window.__clusterlabProblems ?? ['the page has no recorder'])]);
  }

  async problems() {
    return [...(this.kept ?? []), ...(await this.pageProblems())];
  }

  async close() {
    try {
      if (this.session !== undefined) {
        await this.sessionCommand('DELETE', '');
      }
    } finally {
      for (const proxy of this.proxies.values()) {
        await proxy.close();
      }
      for (const child of this.children.reverse()) {
        await stop(child);
      }
    }
  }
}

const LAUNCHERS = { chromium: ChromiumDriver, firefox: FirefoxDriver, webkit: WebKitDriver };

/** What each engine needs on the machine, with the Debian package that brings it. */
const NEEDS = {
  chromium: [[CHROMIUM_PATH, 'chromium']],
  firefox: [[FIREFOX_PATH, 'firefox-esr']],
  webkit: [
    [WEBKIT_DRIVER_PATH, 'webkit2gtk-driver'],
    [MINIBROWSER_PATH, 'webkit2gtk-driver'],
    [XVFB_PATH, 'xvfb'],
  ],
};

/**
 * Starts `engine` (one of `ENGINES`) with a fresh profile and returns its
 * driver; the caller closes it.
 */
export async function launchEngine(engine) {
  const launcher = LAUNCHERS[engine];
  if (launcher === undefined) {
    throw new Error(`no engine "${engine}"; the engines are ${ENGINES.join(', ')}`);
  }
  for (const [path, debianPackage] of NEEDS[engine]) {
    if (!existsSync(path)) {
      throw new Error(
        `${engine}: ${path} is missing; \`cargo xtask test\` installs it ` +
          `(apt-get install ${debianPackage})`,
      );
    }
  }
  return launcher.launch();
}
