// Clientele's service worker: the app shell works offline after the first visit.
// This is a template: scripts/postbuild.mjs (a Trunk post_build hook) writes dist/sw.js from
// it with this build's version and the list of its files. Customer data is in localStorage,
// so caching the shell (index.html, the hashed .wasm and .txt files, the manifest and icons) is all
// offline needs.
'use strict';

const VERSION = '__BUILD_VERSION__';
const PRECACHE = self.__PRECACHE__;

// One cache per build, named after the scope too, so two copies of the app under different
// paths of one origin never delete each other's caches.
const SCOPE = self.registration.scope;
const PREFIX = `clientele:${SCOPE}:`;
const CACHE = PREFIX + VERSION;
const SHELL = new URL('index.html', SCOPE).href;
const URLS = new Set(PRECACHE.map((path) => new URL(path, SCOPE).href));

// A name that carries its file's hash (Trunk's, or scripts/postbuild.mjs's for the app, its
// chunks and the languages) names this build's file whichever cache holds it.
const HASHED = /-[0-9a-f]{16}(?:_bg)?\.[a-z]+$/;

self.addEventListener('install', (event) => {
  // A hashed file is taken from the HTTP cache when it is there (`force-cache`, no
  // revalidation): on a first visit the page has just downloaded the app, and fetching it
  // again would double the visit's transfer. The other files (index.html, the manifest, the
  // icons) skip the HTTP cache (`reload`): they must be this build's.
  const request = (url) => new Request(url, { cache: HASHED.test(new URL(url).pathname) ? 'force-cache' : 'reload' });
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...URLS].map(request))));
  // No skipWaiting() here: a new build waits until the page's "Reload" button asks for it
  // (SKIP_WAITING below), so an open page never mixes the files of two builds.
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      // The first install controls the open page at once, so it works offline from now on.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

async function fromCache(key, request) {
  const cached = await caches.match(key, { cacheName: CACHE });
  return cached ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Every page of the app is the same shell; the router shows the route. Cache first.
    if (url.href.startsWith(SCOPE)) event.respondWith(fromCache(SHELL, request));
    return;
  }
  // This build's files, cache first (their names carry their hash); anything else from the network.
  const key = url.origin + url.pathname;
  if (URLS.has(key)) event.respondWith(fromCache(key, request));
});
