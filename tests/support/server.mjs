// A tiny static file server for the built app (dist/), for end-to-end tests
// and the benchmark.
//
// It serves the same files at `/`, under a deep base path such as Moodle's
// `/pluginfile.php/<context>/mod_scorm/content/<revision>/`, and under any
// other path of that form (two Moodle activities have different context
// ids), so that tests prove the app works from any base URL with relative
// asset paths. Files go out uncompressed, the worst case: a default Apache in
// front of Moodle does not compress wasm.

import assert from 'node:assert/strict';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

/** The base path under which Moodle serves an unpacked SCORM package. */
export const MOODLE_BASE_PATH = '/pluginfile.php/42/mod_scorm/content/3/';

/** Any activity's package path in Moodle: `/pluginfile.php/<context>/mod_scorm/content/<n>/`. */
export const MOODLE_PACKAGE_PATH = /^\/pluginfile\.php\/\d+\/mod_scorm\/content\/\d+\//;

/** The built app, relative to this file. */
export const DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

/** Where the LMS host pages are served. */
export const LMS_HOST_PATH = '/lms-host/';

/**
 * Folders served at fixed paths besides the app, longest path first: the LMS
 * host pages and the scorm-again bundles they load.
 */
export const LMS_HOST_MOUNTS = [
  {
    path: `${LMS_HOST_PATH}vendor/scorm-again/`,
    dir: fileURLToPath(new URL('../node_modules/scorm-again/dist/', import.meta.url)),
  },
  { path: LMS_HOST_PATH, dir: fileURLToPath(new URL('../lms-host/', import.meta.url)) },
];

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  // Browsers compile wasm while it downloads only when it has this type.
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsd': 'application/xml; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Starts serving `root` on 127.0.0.1 at an ephemeral port.
 *
 * @param {object} [options]
 * @param {string} [options.root] directory to serve (default: the repository's dist/)
 * @param {string} [options.basePath] second mount point, starting and ending with `/`;
 *   the app is also served under every other path that `MOODLE_PACKAGE_PATH` matches
 * @param {{path: string, dir: string}[]} [options.mounts] more folders, each served
 *   at its own path (starting and ending with `/`); the first that matches wins
 * @returns {Promise<{origin: string, rootUrl: string, baseUrl: string,
 *   hostUrl: string, notFound: string[], close: () => Promise<void>}>} `rootUrl`,
 *   `baseUrl` and `hostUrl` (the LMS host pages) end with `/`; `notFound` lists
 *   every path answered with 404
 */
export async function startServer({
  root = DIST_DIR,
  basePath = MOODLE_BASE_PATH,
  mounts = LMS_HOST_MOUNTS,
} = {}) {
  for (const path of [basePath, ...mounts.map((mount) => mount.path)]) {
    if (!path.startsWith('/') || !path.endsWith('/')) {
      throw new Error(`mount paths must start and end with "/": ${path}`);
    }
  }
  const rootDir = resolve(root);
  const mountDirs = mounts.map((mount) => ({ path: mount.path, dir: resolve(mount.dir) }));
  const notFound = [];
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    const mount = mountDirs.find((candidate) => path.startsWith(candidate.path));
    const appBase = path.startsWith(basePath)
      ? basePath
      : (MOODLE_PACKAGE_PATH.exec(path)?.[0] ?? basePath);
    const file =
      mount === undefined
        ? await findFile(rootDir, path, appBase)
        : await findFile(mount.dir, path, mount.path);
    if (file === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) {
      notFound.push(path);
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
      return;
    }
    const headers = {
      'content-type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      // Every test and benchmark run measures a cold load.
      'cache-control': 'no-store',
    };
    response.writeHead(200, headers);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file).pipe(response);
  });
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolveListen);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    rootUrl: `${origin}/`,
    baseUrl: `${origin}${basePath}`,
    hostUrl: `${origin}${LMS_HOST_PATH}`,
    notFound,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

/**
 * The file for a request path under `basePath` or, failing that, at the root
 * of `rootDir`; undefined if there is none.
 */
async function findFile(rootDir, urlPath, basePath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const relative = path.startsWith(basePath) ? path.slice(basePath.length) : path.replace(/^\/+/, '');
  const candidate = resolve(rootDir, relative === '' ? 'index.html' : relative);
  // `resolve` has collapsed any `..`, so a path outside the root is an attack.
  if (candidate !== rootDir && !candidate.startsWith(rootDir + sep)) {
    return undefined;
  }
  try {
    const info = await stat(candidate);
    if (info.isFile()) {
      return candidate;
    }
    if (info.isDirectory()) {
      const index = resolve(candidate, 'index.html');
      return (await stat(index)).isFile() ? index : undefined;
    }
  } catch {
    // A missing file is the ordinary 404.
  }
  return undefined;
}

/**
 * Serves the built app for the tests of the calling file: starts the server
 * before them (failing clearly when dist/ was not built) and stops it after.
 * The returned object gets the server's fields once the tests start.
 */
export function serveBuiltApp() {
  const served = {};
  before(async () => {
    assert.ok(
      existsSync(join(DIST_DIR, 'index.html')),
      `${DIST_DIR}index.html is missing: build the app first with \`trunk build --release\``,
    );
    Object.assign(served, await startServer());
  });
  after(async () => {
    await served.close?.();
  });
  return served;
}
