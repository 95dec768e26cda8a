// Answering a diagnosis section without a connection (loaded by diagnosis/section.html).
//
// Every answer changed on the page is first written to this device (IndexedDB, through
// offline.js) with the version of the answer it was based on, and removed once the server has
// it. Without a connection the form is not sent; the answers wait, the page says how many, and
// they go through the answers API when the link returns (the `online` event, the next visit,
// the "Enviar ahora" button, or Background Sync through the service worker).
// If a colleague saved a different answer meanwhile, the API refuses it (409) and saves
// nothing: both answers are shown side by side until the person chooses. Answers refused for
// another reason (diagnosis submitted, deadline over) stay shown so they can be copied.
// Without JavaScript none of this runs and the form posts as always.
(function () {
  "use strict";
  var panel = document.getElementById("offline-panel");
  var status = document.getElementById("offline-status");
  var waitingBox = document.getElementById("offline-waiting");
  var H = window.HubOffline;
  if (!panel || !status || !waitingBox || !H || !window.indexedDB || !window.fetch) { return; }

  var pk = panel.getAttribute("data-participation");
  var answersUrl = panel.getAttribute("data-answers-url");
  var sendButton = document.getElementById("offline-send");
  var problems = document.getElementById("offline-problems");
  var baseline = {};
  var syncing = false;
  var note = "";
  var shownProblems = "";
  var queued = 0;  // answers given without a connection, still waiting
  var again = false;

  function t(name) { return panel.getAttribute("data-t-" + name) || ""; }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function form() { return document.getElementById("section-form"); }
  function keyOf(qid) { return H.user + ":" + pk + ":" + qid; }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  // Submitted, or not answerable by this person: answers kept here are only shown, never put in the form.
  function readOnly() {
    return !(form() && form().querySelector("[name^=q_]:not(:disabled)"));
  }
  function fieldsetOf(qid) {
    var f = form();
    return f && f.querySelector('fieldset[data-question="' + (window.CSS ? CSS.escape(qid) : qid) + '"]');
  }

  // ---------------------------------------------------------------- the form's values
  function inputsOf(fs) { return fs.querySelectorAll('[name="q_' + fs.getAttribute("data-question") + '"]'); }

  function readValue(fs) {
    var inputs = inputsOf(fs);
    if (!inputs.length) { return ""; }
    if (inputs[0].type === "checkbox") {
      return Array.prototype.filter.call(inputs, function (i) { return i.checked; }).map(function (i) { return i.value; });
    }
    if (inputs[0].type === "radio") {
      var chosen = Array.prototype.filter.call(inputs, function (i) { return i.checked; })[0];
      return chosen ? chosen.value : "";
    }
    return inputs[0].value;
  }

  function writeValue(fs, value) {
    each(inputsOf(fs), function (input) {
      if (input.type === "checkbox") { input.checked = Array.isArray(value) && value.indexOf(input.value) !== -1; }
      else if (input.type === "radio") { input.checked = input.value === value; }
      else { input.value = value; }
    });
  }

  function setVersion(fs, version) {
    fs.setAttribute("data-version", String(version));
    var hidden = fs.querySelector('[name="v_' + fs.getAttribute("data-question") + '"]');
    if (hidden) { hidden.value = String(version); }
  }

  // A saved answer (API JSON) as the form holds it.
  function formValue(type, value) {
    if (value === null || value === undefined) { return type === "multiple" ? [] : ""; }
    if (value === true) { return "si"; }
    if (value === false) { return "no"; }
    if (Array.isArray(value)) { return value.map(String); }
    return String(value);
  }

  function labelsOf(fs) {
    var labels = {};
    each(fs.querySelectorAll("input[type=radio], input[type=checkbox]"), function (input) {
      var label = input.closest("label");
      if (label) { labels[input.value] = label.textContent.replace(/\s+/g, " ").trim(); }
    });
    return labels;
  }

  function shown(record, value) {
    if (value === "" || (Array.isArray(value) && !value.length)) { return t("empty"); }
    var values = Array.isArray(value) ? value : [value];
    return values.map(function (v) { return record.labels[v] || v; }).join(", ");
  }

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var field = document.querySelector("#section-form [name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // ---------------------------------------------------------------- stored answers
  function mine() {
    return H.allPending().then(function (rows) {
      return rows.filter(function (r) { return r.user === H.user && String(r.participation) === pk; });
    });
  }
  function put(record) { return H.withStore("readwrite", function (store) { store.put(record); }); }
  function drop(key) { return H.withStore("readwrite", function (store) { store.delete(key); }); }
  function get(key) { return H.withStore("readonly", function (store) { return store.get(key); }); }

  function remember(fs) {
    note = "";
    var qid = fs.getAttribute("data-question");
    var value = readValue(fs);
    return get(keyOf(qid)).then(function (old) {
      if (same(value, baseline[qid]) && !(old && old.state === "conflict")) { return drop(keyOf(qid)); }
      var record = old && old.state === "conflict" ? old : {
        key: keyOf(qid), user: H.user, participation: pk, question: qid, answersUrl: answersUrl,
        url: location.pathname, version: Number(fs.getAttribute("data-version")) || 0, state: "waiting"
      };
      record.value = value;
      record.offline = Boolean(record.offline) || !navigator.onLine;
      record.type = fs.getAttribute("data-type");
      record.text = (fs.querySelector(".q-text") || fs).textContent.replace(/\s+/g, " ").trim();
      record.labels = labelsOf(fs);
      record.savedAt = new Date().toISOString();
      record.csrf = csrf();
      if (!navigator.onLine) { askForSync(); }
      return put(record);
    }).then(refresh);
  }

  // ---------------------------------------------------------------- sending
  function askForSync() {
    if (!navigator.serviceWorker || !("SyncManager" in window)) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.sync.register("hub-answers");
    }).catch(function () { /* no Background Sync: the online event, the button and the next visit send */ });
  }

  function send(rows) {
    var answers = {};
    rows.forEach(function (r) { answers[r.question] = { value: r.value, version: r.version }; });
    return fetch(answersUrl, {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ answers: answers })
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        return handle(res.status, body, rows);
      });
    });
  }

  function handle(code, body, rows) {
    if (code === 200) { return saved(rows, body.answers || {}); }
    if (code === 409 || code === 412) {
      // Nothing was saved: the answers a colleague changed wait for a choice, the rest go again.
      var conflicts = body.conflicts || {};
      var clean = rows.filter(function (r) { return !conflicts[r.question]; });
      return Promise.all(rows.filter(function (r) { return conflicts[r.question]; }).map(function (r) {
        r.state = "conflict";
        r.theirs = conflicts[r.question];
        return put(r);
      })).then(function () { return clean.length ? send(clean) : null; });
    }
    if (code === 401 || code === 403) { note = t("session"); return null; }
    var message = body.detail || t("failed");
    return Promise.all(rows.map(function (r) {
      r.state = "refused";
      r.message = (body.errors && body.errors[r.question] && body.errors[r.question].join(" ")) || message;
      return put(r);
    }));
  }

  function saved(rows, answers) {
    return Promise.all(rows.map(function (r) {
      var now = answers[r.question];
      var version = now ? now.version : 0;
      var fs = fieldsetOf(r.question);
      if (fs) {
        setVersion(fs, version);
        baseline[r.question] = formValue(r.type, now ? now.value : null);
      }
      return get(r.key).then(function (current) {
        if (!current || same(current.value, r.value)) { return drop(r.key); }
        // Changed again while this was being sent: that newer answer now builds on this one.
        current.version = version;
        return put(current);
      });
    })).then(function () {
      note = t("sent");
      // The copy kept for offline use must carry the new versions.
      var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
      if (worker) { worker.postMessage({ type: "hub-cache-page", url: location.pathname }); }
    });
  }

  function sync() {
    if (syncing) { again = true; return Promise.resolve(); }
    return mine().then(function (rows) {
      var waiting = rows.filter(function (r) { return r.state === "waiting"; });
      if (!waiting.length) { return null; }
      if (!navigator.onLine) { note = t("failed"); return null; }
      syncing = true;
      status.textContent = t("sending");
      return send(waiting).catch(function () { note = t("failed"); }).then(function () { syncing = false; });
    }).then(refresh).then(function () {
      if (again) { again = false; return sync(); }
      return null;
    });
  }

  function choose(record, keepMine) {
    var fs = fieldsetOf(record.question);
    if (keepMine) {
      // Knowingly replace the colleague's answer: based on the version now saved.
      record.version = record.theirs.version;
      record.state = "waiting";
      delete record.theirs;
      return put(record).then(function () {
        if (fs) { setVersion(fs, record.version); }
        return sync();
      });
    }
    if (fs) {
      writeValue(fs, formValue(record.type, record.theirs.value));
      setVersion(fs, record.theirs.version);
      baseline[record.question] = readValue(fs);
    }
    return drop(record.key).then(refresh);
  }

  // ---------------------------------------------------------------- what the page shows
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function when(iso) {
    if (!iso) { return "—"; }
    try {
      return new Date(iso).toLocaleString(document.documentElement.lang || "es-CL", {
        dateStyle: "short", timeStyle: "short", timeZone: "America/Santiago"
      });
    } catch (e) { return iso; }
  }

  function conflictBlock(r, i) {
    var id = "offline-c-" + i;
    var block = el("section", { "class": "offline-conflict", "aria-labelledby": id });
    block.appendChild(el("h3", { id: id }, r.text));
    var pair = el("div", { "class": "offline-pair" });
    var a = el("div", { "class": "offline-answer" });
    a.appendChild(el("p", { "class": "offline-who" }, t("mine")));
    a.appendChild(el("p", { "class": "offline-value" }, shown(r, r.value)));
    var b = el("div", { "class": "offline-answer" });
    var who = t("theirs").replace("%(who)s", r.theirs.updated_by || "—").replace("%(when)s", when(r.theirs.updated_at));
    b.appendChild(el("p", { "class": "offline-who" }, who));
    b.appendChild(el("p", { "class": "offline-value" }, shown(r, formValue(r.type, r.theirs.value))));
    pair.appendChild(a);
    pair.appendChild(b);
    block.appendChild(pair);
    var actions = el("p", { "class": "actions" });
    var keepMine = el("button", { type: "button", "class": "button" }, t("keep-mine"));
    var keepTheirs = el("button", { type: "button", "class": "button secondary" }, t("keep-theirs"));
    keepMine.addEventListener("click", function () { choose(r, true).then(focusNext); });
    keepTheirs.addEventListener("click", function () { choose(r, false).then(focusNext); });
    actions.appendChild(keepMine);
    actions.appendChild(keepTheirs);
    block.appendChild(actions);
    return block;
  }

  function refusedBlock(rows) {
    var block = el("div", { "class": "offline-refused", role: "alert" });
    block.appendChild(el("h3", {}, t("closed")));
    block.appendChild(el("p", {}, rows[0].message + " " + t("copy")));
    var list = el("dl", { "class": "offline-copy" });
    rows.forEach(function (r) {
      list.appendChild(el("dt", {}, r.text));
      list.appendChild(el("dd", {}, shown(r, r.value)));
    });
    block.appendChild(list);
    var discard = el("button", { type: "button", "class": "button secondary" }, t("discard"));
    discard.addEventListener("click", function () {
      Promise.all(rows.map(function (r) { return drop(r.key); })).then(refresh);
    });
    block.appendChild(discard);
    return block;
  }

  function focusNext() {
    var next = problems.querySelector("button") || (waitingBox.hidden ? null : sendButton);
    if (next) { next.focus(); }
  }

  function refresh() {
    return mine().then(function (rows) {
      var waiting = rows.filter(function (r) { return r.state === "waiting"; });
      var conflicts = rows.filter(function (r) { return r.state === "conflict"; });
      var refused = rows.filter(function (r) { return r.state === "refused"; });
      var parts = [];
      if (waiting.length) { parts.push(waiting.length === 1 ? t("one") : t("many").replace("%(n)s", waiting.length)); }
      if (!navigator.onLine) { parts.push(t("offline")); } else if (note && !conflicts.length) { parts.push(note); }
      if (conflicts.length) { parts.push(t("conflicts")); }
      if (refused.length) { parts.push(t("closed")); }
      var text = parts.join(". ").replace(/\.\./g, ".");
      if (status.textContent !== text) { status.textContent = text; }
      queued = waiting.filter(function (r) { return r.offline; }).length;
      waitingBox.hidden = !waiting.length;
      panel.hidden = !(waiting.length || conflicts.length || refused.length);
      var drawn = JSON.stringify([conflicts, refused]);
      if (drawn !== shownProblems) {
        // Redrawn only when they change, so focus stays on the button the person is on.
        shownProblems = drawn;
        problems.textContent = "";
        if (conflicts.length) {
          var intro = el("p", { "class": "offline-intro" });
          intro.appendChild(el("strong", {}, t("conflicts")));
          intro.appendChild(document.createTextNode(" " + t("conflicts-intro")));
          problems.appendChild(intro);
        }
        conflicts.forEach(function (r, i) { problems.appendChild(conflictBlock(r, i)); });
        if (refused.length) { problems.appendChild(refusedBlock(refused)); }
      }
      each(form() ? form().querySelectorAll("fieldset[data-question]") : [], function (fs) {
        var q = fs.getAttribute("data-question");
        fs.classList.toggle("has-conflict", conflicts.some(function (r) { return r.question === q; }));
      });
    });
  }

  // ---------------------------------------------------------------- wiring
  function init() {
    baseline = {};
    each(form() ? form().querySelectorAll("fieldset[data-question]") : [], function (fs) {
      baseline[fs.getAttribute("data-question")] = readValue(fs);
    });
    return mine().then(function (rows) {
      return Promise.all(rows.map(function (r) {
        var fs = fieldsetOf(r.question);
        if (r.state === "refused") { r.state = "waiting"; }  // try again on every visit
        if (fs && r.state === "waiting" && same(r.value, baseline[r.question])) { return drop(r.key); }
        if (fs && !readOnly()) {
          // The page shows the person's own answer, with the version it was based on, so that
          // saving the form (with or without JavaScript) cannot overwrite a colleague silently.
          writeValue(fs, r.value);
          setVersion(fs, r.version);
        }
        return put(r);
      }));
    }).then(refresh);
  }

  document.addEventListener("change", function (event) {
    var fs = event.target.closest && event.target.closest("#section-form fieldset[data-question]");
    if (fs) { remember(fs); }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.target !== form()) { return; }
    // No connection: the answers are already on the device; nothing to send yet.
    if (!navigator.onLine) { event.preventDefault(); refresh(); return; }
    // Answers given offline go first, through the API with the versions they were based on;
    // the autosave (which sends the whole form) waits until they are through.
    if (queued) { event.preventDefault(); sync(); }
  });
  document.addEventListener("htmx:sendError", refresh);
  // A colleague's answer refused the autosave (409): the answers kept here show the choice.
  document.addEventListener("htmx:responseError", function () { sync(); });
  // The form came back from the server (autosave): its answers and versions are the saved ones.
  document.addEventListener("htmx:load", function (event) { if (event.target === form()) { init(); } });
  document.addEventListener("submit", function (event) {
    if (event.target !== form() || navigator.onLine) { return; }
    event.preventDefault();
    Promise.all(Array.prototype.map.call(form().querySelectorAll("fieldset[data-question]"), remember));
  });
  sendButton.addEventListener("click", function () { sync().then(focusNext); });
  window.addEventListener("online", function () { sync(); });
  window.addEventListener("offline", refresh);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "hub-sync") { sync(); }
    });
    navigator.serviceWorker.ready.then(function (registration) {
      // Keep this section for offline use even if it was opened before the worker took over.
      if (!navigator.serviceWorker.controller && registration.active && navigator.onLine) {
        registration.active.postMessage({ type: "hub-cache-page", url: location.pathname });
      }
    });
  }
  init().then(function () { if (navigator.onLine) { sync(); } });
})();
