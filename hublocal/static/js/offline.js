// Installable web app, on every page: registers the service worker (/sw.js) and keeps what it
// stores on this device private. Nothing here is needed for the site to work without JavaScript.
//
// Private data kept offline: diagnosis sections (cache "hub-private") and unsent answers
// (IndexedDB "hub-offline"). They are cleared when the person signs out (also by the
// Clear-Site-Data header of the sign-out response, for browsers that honour it) and when
// another person, or nobody, is signed in on this device.
(function () {
  "use strict";
  var link = document.getElementById("hub-offline");
  if (!link) { return; }
  var PRIVATE = "hub-private";
  var DB = "hub-offline";
  var STORE = "pending";
  var OWNER = "hub-offline-user";
  var user = link.getAttribute("data-user") || "";

  function withStore(mode, work) {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { resolve(null); return; }
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

  function allPending() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (rows) {
      return rows || [];
    });
  }

  function clearPrivatePages() {
    return window.caches ? caches.delete(PRIVATE) : Promise.resolve();
  }

  function clearAll() {
    var work = [clearPrivatePages(), withStore("readwrite", function (store) { store.clear(); })];
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "hub-clear" });
    }
    try { localStorage.removeItem(OWNER); } catch (e) { /* storage disabled: nothing kept */ }
    return Promise.all(work);
  }

  // The "Sin conexión" page is drawn for nobody: it says nothing about who uses the device.
  if (!document.querySelector("[data-offline-fallback]") && navigator.onLine) {
    var previous = null;
    try { previous = localStorage.getItem(OWNER); } catch (e) { previous = null; }
    if (previous !== null && previous !== user) {
      // Signed out (session over) or someone else signed in: no private page stays cached,
      // and another person's unsent answers are not left for this one.
      clearPrivatePages();
      if (user) {
        withStore("readwrite", function (store) {
          var cursor = store.openCursor();
          cursor.onsuccess = function () {
            var row = cursor.result;
            if (!row) { return; }
            if (row.value.user !== user) { row.delete(); }
            row.continue();
          };
        });
      }
    }
    try { localStorage.setItem(OWNER, user); } catch (e) { /* storage disabled */ }
  }

  // Signing out: confirm when answers would be lost, then clear before the form is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || form.getAttribute("action") !== link.getAttribute("data-logout")) { return; }
    event.preventDefault();
    allPending().catch(function () { return []; }).then(function (rows) {
      var mine = rows.filter(function (r) { return r.user === user; }).length;
      var question = (link.getAttribute("data-confirm-logout") || "").replace("%(n)s", mine);
      if (mine && !window.confirm(question)) { return; }
      var timeout = new Promise(function (resolve) { setTimeout(resolve, 2000); });
      Promise.race([clearAll().catch(function () {}), timeout]).then(function () { form.submit(); });
    });
  });

  window.HubOffline = { user: user, withStore: withStore, allPending: allPending };

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(link.getAttribute("data-sw"), { scope: "/" }).catch(function () {
      // No worker (private browsing, old browser): the site works as before, online only.
    });
  }
})();
