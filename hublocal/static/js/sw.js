// Hub Local's service worker, served at /sw.js by hublocal/core/offline_views.py, which puts
// `const HUB = {...}` (this deployment's static URLs, offline pages, sign-out URLs) above it.
//
// What it keeps on the device:
// - static files (STATIC cache): hashed URLs never change, so they are served from the cache;
// - the "Sin conexión" page in each language, fetched without cookies so it holds nothing private;
// - private pages that mark themselves with HUB.privateHeader (diagnosis sections of open
//   participations), only for the signed-in person, in the PRIVATE cache. Signing out empties it
//   (here, in offline.js and through the Clear-Site-Data header of the sign-out response).
// Every other page and the API always go to the network; public pages fall back to "Sin conexión".
/* global HUB */
"use strict";

var STATIC = "hub-static-" + HUB.version;
var PRIVATE = "hub-private";
var CACHED_AT = "X-Hub-Cached-At";
var HASHED = /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/; // ManifestStaticFilesStorage names
var DB = "hub-offline";
var STORE = "pending";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC).then(function (cache) {
      var pages = Object.keys(HUB.offline).map(function (lang) {
        var url = HUB.offline[lang];
        return fetch(url, { credentials: "omit" }).then(function (res) {
          if (res.ok) { return cache.put(url, res); }
        });
      });
      return Promise.all([cache.addAll(HUB.precache)].concat(pages));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("hub-static-") === 0 && name !== STATIC;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); }).then(refreshPrivate)
  );
});

// Kept pages name the static files of the version they were drawn with, and the old files are
// gone with the old cache: draw them again (the worker activates while online).
function refreshPrivate() {
  return caches.has(PRIVATE).then(function (kept) {
    return kept ? caches.open(PRIVATE) : null;
  }).then(function (cache) {
    if (!cache) { return null; }
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (request) {
        var url = new URL(request.url);
        return fetch(url.href, { credentials: "same-origin" }).then(function (res) {
          return remember(pageKey(url), res);
        }).catch(function () {});
      }));
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method !== "GET") {
    if (request.method === "POST" && HUB.logout.indexOf(url.pathname) !== -1) {
      // Signing out: forget this person's pages and unsent answers on this device.
      event.waitUntil(clearPrivate());
    }
    return;
  }
  if (url.pathname.indexOf(HUB.staticPrefix) === 0) {
    event.respondWith(fromStatic(event, request));
  } else if (url.pathname.indexOf("/api/") !== 0 && !request.headers.get("HX-Request") &&
             (request.mode === "navigate" || (request.headers.get("Accept") || "").indexOf("text/html") !== -1)) {
    event.respondWith(page(event, request, url));
  }
});

function fromStatic(event, request) {
  return caches.open(STATIC).then(function (cache) {
    function fresh() {
      return fetch(request).then(function (res) {
        if (res.ok) { return cache.put(request, res.clone()).then(function () { return res; }); }
        return res;
      });
    }
    return cache.match(request, { ignoreVary: true }).then(function (hit) {
      if (!hit) { return fresh(); }
      // Unhashed names (development) may change: refresh the copy for next time.
      if (!HASHED.test(new URL(request.url).pathname)) { event.waitUntil(fresh().catch(function () {})); }
      return hit;
    });
  });
}

function pageKey(url) { return url.origin + url.pathname; }

function page(event, request, url) {
  return fetch(request).then(function (res) {
    event.waitUntil(remember(pageKey(url), res.clone()));
    return res;
  }).catch(function () {
    return cachedPrivate(pageKey(url)).then(function (hit) {
      return hit || offlinePage(url);
    });
  });
}

// Keep a private page the server marked, and drop a copy the server no longer gives (signed
// out, session over, participation closed): a stale private copy is never kept.
// caches.open() creates the cache it names: only a private page opens PRIVATE, so a public
// page drawn after signing out does not bring back the (empty) private cache.
function remember(key, res) {
  if (res.ok && res.type === "basic" && res.headers.get(HUB.privateHeader) === "private") {
    return caches.open(PRIVATE).then(function (cache) {
      return res.blob().then(function (body) {
        var headers = new Headers(res.headers);
        headers.set(CACHED_AT, String(Date.now()));
        return cache.put(key, new Response(body, { status: res.status, statusText: res.statusText, headers: headers }));
      });
    });
  }
  return caches.has(PRIVATE).then(function (kept) {
    return kept ? caches.open(PRIVATE).then(function (cache) { return cache.delete(key); }) : false;
  });
}

function cachedPrivate(key) {
  return caches.has(PRIVATE).then(function (kept) {
    if (!kept) { return null; }
    return caches.open(PRIVATE).then(function (cache) {
      return cache.match(key).then(function (hit) {
        if (!hit) { return null; }
        var age = (Date.now() - Number(hit.headers.get(CACHED_AT) || 0)) / 1000;
        if (age > HUB.privateMaxAgeSeconds) { return cache.delete(key).then(function () { return null; }); }
        return hit;
      });
    });
  });
}

function offlinePage(url) {
  var lang = url.pathname.split("/")[1];
  var target = HUB.offline[lang] || HUB.offline.es;
  return caches.match(target, { ignoreVary: true, cacheName: STATIC }).then(function (hit) {
    return hit || new Response("Sin conexión / Offline", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  });
}

function clearPrivate() {
  return Promise.all([caches.delete(PRIVATE), withStore("readwrite", function (store) { store.clear(); })]);
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "hub-clear") {
    event.waitUntil(clearPrivate());
  } else if (data.type === "hub-cache-page" && typeof data.url === "string") {
    // A section opened before this worker controlled the page: keep it now.
    var url = new URL(data.url, self.location.origin);
    if (url.origin !== self.location.origin) { return; }
    event.waitUntil(fetch(url.href, { credentials: "same-origin" }).then(function (res) {
      return remember(pageKey(url), res);
    }).catch(function () {}));
  }
});

// Background Sync: the browser wakes the worker when the connection returns. An open page
// sends (it can show conflicts); with none open, answers that go through are sent here and
// anything refused waits for the page.
self.addEventListener("sync", function (event) {
  if (event.tag !== "hub-answers") { return; }
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (clients) {
    if (clients.length) {
      clients.forEach(function (client) { client.postMessage({ type: "hub-sync" }); });
      return null;
    }
    return sendWaiting();
  }));
});

function sendWaiting() {
  return withStore("readonly", function (store) { return store.getAll(); }).then(function (records) {
    var groups = {};
    (records || []).forEach(function (r) {
      if (r.state !== "waiting") { return; }
      (groups[r.answersUrl] = groups[r.answersUrl] || []).push(r);
    });
    return Promise.all(Object.keys(groups).map(function (target) {
      var batch = groups[target];
      var answers = {};
      batch.forEach(function (r) { answers[r.question] = { value: r.value, version: r.version }; });
      return fetch(target, {
        method: "PATCH",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": batch[0].csrf },
        body: JSON.stringify({ answers: answers })
      }).then(function (res) {
        if (!res.ok) { return null; }
        return withStore("readwrite", function (store) {
          batch.forEach(function (r) { store.delete(r.key); });
        });
      });
    }));
  });
}

function withStore(mode, work) {
  return new Promise(function (resolve, reject) {
    var open = indexedDB.open(DB, 1);
    open.onupgradeneeded = function () { open.result.createObjectStore(STORE, { keyPath: "key" }); };
    open.onerror = function () { reject(open.error); };
    open.onsuccess = function () {
      var db = open.result;
      var tx = db.transaction(STORE, mode);
      var request = work(tx.objectStore(STORE));
      tx.oncomplete = function () { db.close(); resolve(request && request.result); };
      tx.onerror = function () { db.close(); reject(tx.error); };
    };
  });
}
