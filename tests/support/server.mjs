// A tiny static file server for the built app (dist/), for end-to-end tests
// and the benchmark.
//
// It serves the same files at `/`, under a deep base path such as Moodle's
// `/pluginfile.php/<context>/mod_scorm/content/<revision>/`, and under any
// other path of that form (two Moodle activities have different context
// ids), so that tests prove the app works from any base URL with relative
// asset paths.
//
// It sends files in one of two ways (`CLUSTERLAB_SERVE`, default `stored`):
// `stored`, as Moodle's pluginfile.php does, with Moodle's content types and
// no compression, the worst case and the usual one; or `compressed`, with
// brotli or gzip for every file, as a well-configured server does. Either
// way it answers repeat visits as Moodle does: an ETag and a Last-Modified
// date, 304 to a matching If-None-Match or If-Modified-Since, and a day's
// max-age for every file but pages. Cold loads come from a fresh browser
// profile or a disabled cache, never from the server refusing caches.
//
// It also answers a POST to `/lms-host/commit` with 200, the server side of
// the LMS host's `network=post` (tests/lms-host/host.js): what Moodle's
// player posts at every commit, which fails when the network is off.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';

/** The base path under which Moodle serves an unpacked SCORM package. */
export const MOODLE_BASE_PATH = '/pluginfile.php/42/mod_scorm/content/3/';

/** Any activity's package path in Moodle: `/pluginfile.php/<context>/mod_scorm/content/<n>/`. */
export const MOODLE_PACKAGE_PATH = /^\/pluginfile\.php\/\d+\/mod_scorm\/content\/\d+\//;

/** The built app, relative to this file. */
export const DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

/**
 * The manifest that `cargo xtask pack` wrote into a build's index.html:
 * `{files, styles, glue, wasm, locale}`, `files` mapping each built path to
 * its packed file.
 */
export function packManifest(dir = DIST_DIR) {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const json = /<script type="application\/json" id="cl-pack">(.*?)<\/script>/s.exec(html);
  assert.ok(json, `${dir}index.html holds the manifest of a packed build`);
  return JSON.parse(json[1]);
}

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

/** The ways the server can send files; see the top of this file. */
export const SERVING_MODES = ['stored', 'compressed'];

/** The serving mode that `CLUSTERLAB_SERVE` asks for, `stored` if unset. */
export function servingFromEnv() {
  const serving = process.env.CLUSTERLAB_SERVE ?? 'stored';
  if (!SERVING_MODES.includes(serving)) {
    const modes = SERVING_MODES.join(', ');
    throw new Error(`CLUSTERLAB_SERVE must be one of ${modes}, not "${serving}"`);
  }
  return serving;
}

/** Content types as Moodle's pluginfile.php sends them. */
const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  // Moodle knows no `.wasm`, which keeps browsers from compiling it while it
  // downloads and servers that compress by type from compressing it.
  '.wasm': 'document/unknown',
  '.bin': 'application/octet-stream',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
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

/** The encodings of `compressed` mode, preferred first, as a server applies them. */
const ENCODINGS = {
  br: promisify((bytes, done) =>
    brotliCompress(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }, done),
  ),
  gzip: promisify((bytes, done) => gzip(bytes, { level: 9 }, done)),
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
 * @param {'stored' | 'compressed'} [options.serving] how files are sent (default:
 *   `CLUSTERLAB_SERVE`, else `stored`)
 * @returns {Promise<{origin: string, rootUrl: string, baseUrl: string,
 *   hostUrl: string, serving: string, notFound: string[],
 *   sent: {path: string, status: number, encoding: string, bytes: number}[],
 *   close: () => Promise<void>}>} `rootUrl`, `baseUrl` and `hostUrl` (the LMS
 *   host pages) end with `/`; `notFound` lists every path answered with 404;
 *   `sent` every other answer, with the bytes of its body (and a commit's
 *   posted `body`)
 */
export async function startServer({
  root = DIST_DIR,
  basePath = MOODLE_BASE_PATH,
  mounts = LMS_HOST_MOUNTS,
  serving = servingFromEnv(),
} = {}) {
  if (!SERVING_MODES.includes(serving)) {
    throw new Error(`serving must be one of ${SERVING_MODES.join(', ')}, not "${serving}"`);
  }
  for (const path of [basePath, ...mounts.map((mount) => mount.path)]) {
    if (!path.startsWith('/') || !path.endsWith('/')) {
      throw new Error(`mount paths must start and end with "/": ${path}`);
    }
  }
  const rootDir = resolve(root);
  const mountDirs = mounts.map((mount) => ({ path: mount.path, dir: resolve(mount.dir) }));
  const notFound = [];
  const sent = [];
  // Each file read, hashed and compressed once per content and encoding.
  const representations = new Map();
  const representation = async (file, encoding) => {
    const { mtime, size } = await stat(file);
    const key = `${file}\n${mtime.getTime()}\n${size}\n${encoding}`;
    if (!representations.has(key)) {
      representations.set(key, encode(file, encoding, mtime));
    }
    return representations.get(key);
  };
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    if (request.method === 'POST' && path === `${LMS_HOST_PATH}commit`) {
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      const body = Buffer.concat(chunks).toString();
      sent.push({ path, status: 200, encoding: 'identity', bytes: 0, body });
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('true');
      return;
    }
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
    const encoding =
      serving === 'compressed' ? negotiate(request.headers['accept-encoding']) : 'identity';
    const { body, etag, modified } = await representation(file, encoding);
    const headers = {
      'content-type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      // Pages are checked on every visit, as Moodle's are; the files they
      // load may be kept for a day, as Moodle's pluginfile.php allows.
      'cache-control': extname(file) === '.html' ? 'no-cache' : 'max-age=86400',
      etag,
      'last-modified': modified.toUTCString(),
      ...(serving === 'compressed' ? { vary: 'Accept-Encoding' } : {}),
    };
    if (isFresh(request.headers, etag, modified)) {
      sent.push({ path, status: 304, encoding, bytes: 0 });
      response.writeHead(304, headers);
      response.end();
      return;
    }
    if (encoding !== 'identity') {
      headers['content-encoding'] = encoding;
    }
    headers['content-length'] = body.length;
    sent.push({ path, status: 200, encoding, bytes: request.method === 'HEAD' ? 0 : body.length });
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
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
    serving,
    notFound,
    sent,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

/**
 * The encoding `compressed` mode sends for an Accept-Encoding header: the
 * first of ours the browser accepts, else none.
 */
function negotiate(acceptEncoding = '') {
  const accepted = new Map(
    acceptEncoding.split(',').map((part) => {
      const [name, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return [name, q === undefined ? 1 : Number(q)];
    }),
  );
  const accepts = (name) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return Object.keys(ENCODINGS).find(accepts) ?? 'identity';
}

/** A file's body in `encoding`, with its validators. */
async function encode(file, encoding, mtime) {
  const bytes = await readFile(file);
  const body = encoding === 'identity' ? bytes : await ENCODINGS[encoding](bytes);
  // Moodle's ETag is the content's SHA-1; each encoding is its own representation.
  const hash = createHash('sha1').update(bytes).digest('hex');
  const etag = encoding === 'identity' ? `"${hash}"` : `"${hash}-${encoding}"`;
  // HTTP dates have whole seconds.
  const modified = new Date(Math.floor(mtime.getTime() / 1000) * 1000);
  return { body, etag, modified };
}

/** Whether the browser's copy is current: If-None-Match, else If-Modified-Since. */
function isFresh(headers, etag, modified) {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => ['*', etag, `W/${etag}`].includes(tag.trim()));
  }
  const since = Date.parse(headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && modified.getTime() <= since;
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
