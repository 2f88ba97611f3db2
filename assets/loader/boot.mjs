// Starts the app from the files `cargo xtask pack` precompressed with LZMA.
// Moodle sends package files as stored, so the app arrives small only if it
// is stored small; this loader decodes what it fetches, and takes a body
// that already arrived decoded as it is, so the app runs whether or not a
// server or proxy compresses.
//
// `cargo xtask pack` bundles this file with lzma.mjs (esbuild) and inlines
// the result into index.html as one module script.

import { decodeLzma } from './lzma.mjs';

// Written by `cargo xtask pack`: `files` maps each built file's path to the
// packed file that holds it; `styles`, `glue` and `wasm` name the built files
// that start the app.
const pack = JSON.parse(document.getElementById('cl-pack').textContent);

// xz writes the properties byte 0x5D and a dictionary size whose low byte
// is 0. A text file never starts with `]` and a NUL, and wasm starts with a
// NUL, so a body that starts otherwise arrived decoded.
const isPacked = (bytes) => bytes.length >= 13 && bytes[0] === 0x5d && bytes[1] === 0;

// The cache the service worker (sw.js) starts the app from without a
// network, one per package folder; sw.js names it the same way.
const folder = new URL('./', location.href).href;
const offlineCache = globalThis.caches?.open(`clusterlab ${folder}`);
offlineCache?.catch(() => {});

// Fetches a file and keeps it for the next start without a network. Once
// the worker controls the page it keeps what passes through it; what was
// asked before that (the first visit, up to the moment the worker takes
// over) the page keeps. A file not kept only means the next start needs the
// network, so a failure to keep it is no reason to fail the load.
async function fetchAndKeep(url) {
  const viaWorker = Boolean(navigator.serviceWorker?.controller);
  const response = await fetch(url);
  if (response.ok && !viaWorker && offlineCache !== undefined) {
    const copy = response.clone();
    offlineCache.then((cache) => cache.put(url, copy)).catch(() => {});
  }
  return response;
}

// The bytes of a built file, by its path in the build (such as
// `locales/th.json`). Relative URLs, so the app runs under any base path.
async function load(path) {
  try {
    if (!Object.hasOwn(pack.files, path)) throw new Error('not in the package');
    const response = await fetchAndKeep(new URL(pack.files[path], location.href).href);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return isPacked(bytes) ? decodeLzma(bytes) : bytes;
  } catch (error) {
    throw new Error(`cannot load ${path}: ${error.message}`, { cause: error });
  }
}

// The exercise the first page shows, as the app's routes name it: the hash
// (`#/aec-quiz`) or else a one-exercise SCO's launch (`?sco=aec-quiz`).
function firstExercise() {
  const routed = /^#\/([a-z-]+)$/.exec(location.hash)?.[1];
  return routed ?? new URLSearchParams(location.search).get('sco');
}

// The strings of the first page in the course's language, fetched beside the
// wasm instead of after it: on a slow link that saves a round trip. A learner
// who chose another language pays a few kilobytes for nothing.
const early = new Map();
for (const part of ['frame', firstExercise()]) {
  const path = `locales/${pack.locale}/${part}.bin`;
  if (Object.hasOwn(pack.files, path)) {
    const fetched = load(path);
    // The app may never ask (another language), so a failure here is only
    // the app's to report when it does.
    fetched.catch(() => {});
    early.set(path, fetched);
  }
}

// The app fetches its other files, such as catalogs, through this.
globalThis.clusterlabLoad = (path) => {
  const fetched = early.get(path);
  early.delete(path);
  return fetched ?? load(path);
};

async function start() {
  // All at once: on a slow link the round trips cost more than the bytes.
  // The styles go in as soon as they arrive, so the loading bar shows while
  // the rest downloads.
  const styled = Promise.all(pack.styles.map(load)).then((styles) => {
    for (const css of styles) {
      const style = document.createElement('style');
      style.textContent = new TextDecoder().decode(css);
      document.head.append(style);
    }
  });
  const glue = load(pack.glue).then(async (bytes) => {
    const url = URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }));
    try {
      return await import(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  });
  const [, { default: init }, wasm] = await Promise.all([styled, glue, load(pack.wasm)]);
  await init({ module_or_path: wasm });
}

// Once the app is up, so that registering takes nothing from its start: the
// worker serves this package folder and nothing around it (an LMS's pages
// stay its own). The page itself is kept too, under its address without the
// query, as the worker keeps it. Without a worker (a browser or an LMS page
// that refuses it) the app runs as before, only not offline: a warning, not
// an error.
async function workOffline() {
  if (!('serviceWorker' in navigator) || offlineCache === undefined) return;
  try {
    if (!navigator.serviceWorker.controller) {
      const page = new URL(location.href);
      page.search = '';
      page.hash = '';
      await (await offlineCache).add(page.href);
    }
    await navigator.serviceWorker.register('sw.js', { scope: './' });
  } catch (error) {
    console.warn('This page will need the network next time:', error);
  }
}

// What a learner sees when the app cannot start, in place of the loading
// bar: the loader calls it when its own files do not arrive, the app when its
// first strings do not (the app keeps asking for them, and the page appears
// once they come).
function showFailure(error) {
  console.error(error);
  const indicator = document.getElementById('cl-boot');
  if (indicator === null) return;
  // The loading bar's class would squeeze the message into a thin stripe.
  indicator.removeAttribute('class');
  indicator.removeAttribute('aria-hidden');
  indicator.setAttribute('role', 'alert');
  indicator.textContent = 'This page could not load. Check your connection and reload.';
  document.body.removeAttribute('aria-busy');
}

globalThis.clusterlabFailed = showFailure;

start().then(workOffline, showFailure);
