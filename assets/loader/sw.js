// The service worker that lets the app start without a network once it has
// started with one. `cargo xtask pack` writes it, minified, next to
// index.html as `sw.js`; the loader (boot.mjs) registers it once the app is
// up, for the package's folder only, so it sees nothing of the LMS around
// the package.
//
// Packed files are named by their content, so a cached one is always right:
// they come from the cache first. The page is asked of the network first and
// from the cache only when the network fails, so a new build shows on the
// next load; its manifest then says which packed files are still used, and
// the others are dropped. What the loader fetched before this worker
// controlled the page, it put in the same cache itself.

const scope = self.registration.scope;

// One cache per package folder: several activities may share an origin.
// The loader computes the same name (boot.mjs).
const CACHE = `clusterlab ${scope}`;

// Moodle puts each revision of a package in a folder of its own
// (`.../mod_scorm/content/<revision>/`): the caches of this activity's
// other revisions are dead once this one is installed.
const REVISIONS = /^(clusterlab .*\/content\/)\d+\/$/;

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const activity = REVISIONS.exec(CACHE)?.[1];
      if (activity !== undefined) {
        for (const name of await caches.keys()) {
          if (name !== CACHE && REVISIONS.exec(name)?.[1] === activity) await caches.delete(name);
        }
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
  } else if (new URL(request.url).pathname.endsWith('.bin')) {
    event.respondWith(packed(request));
  }
});

/** The page from the network, kept for offline starts; else the kept one. */
async function page(request) {
  const cache = await caches.open(CACHE);
  const key = pageKey(request.url);
  try {
    const response = await fetch(request);
    if (response.ok) {
      const html = await response.clone().text();
      await cache.put(key, response.clone());
      await dropUnused(cache, html);
    }
    return response;
  } catch (error) {
    const kept = await cache.match(key);
    if (kept === undefined) throw error;
    return kept;
  }
}

/** A packed file from the cache, or from the network into the cache. */
async function packed(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept !== undefined) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** The page's URL without query or fragment: `?sco=` launches share it. */
function pageKey(url) {
  const key = new URL(url);
  key.search = '';
  key.hash = '';
  return key.href;
}

/** Drops the packed files that the page's manifest no longer names. */
async function dropUnused(cache, html) {
  const manifest = /<script type="application\/json" id="cl-pack">(.*?)<\/script>/s.exec(html);
  if (manifest === null) return;
  const used = new Set(
    Object.values(JSON.parse(manifest[1]).files).map((file) => new URL(file, scope).href),
  );
  for (const request of await cache.keys()) {
    if (request.url.endsWith('.bin') && !used.has(request.url)) await cache.delete(request);
  }
}
