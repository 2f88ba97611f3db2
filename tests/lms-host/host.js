// A stand-in for Moodle's SCORM player, for end-to-end tests.
//
// Like Moodle 4.x, the player is the top window: it installs the real
// scorm-again run-time as `window.API` (SCORM 1.2) or `window.API_1484_11`
// (SCORM 2004) and loads the package from the same origin, at the deep
// `pluginfile.php` path, in `iframe#scorm_object` 1000×500 px (Moodle's
// default height), or in a new window opened from a click ("Display package:
// new window"), where the content must find the API through `opener`.
//
// It also plays the LMS's database, in this origin's localStorage under
// `lms-host:<db>`: what the run-time holds at every successful Commit and
// Finish is stored there (Moodle persists nothing else), and the next launch
// with the same `db` gets it back the way Moodle hands it over: the tracked
// elements, with `entry` = `resume` after an exit of `suspend`. SCORM 2004
// data is handed over only after a suspend (Moodle's loaddatamodel.php).
//
// Query parameters:
//   sco      the package's `sco` launch parameter (default `aec-quiz`)
//   origin   passed on to the package as its `origin` parameter
//   display  `iframe` (default) or `window`
//   db       the name of the LMS record (default `default`)
//   faults   JSON array of faults to inject from the start (see `setFaults`)
//   package  the package folder (default Moodle's `/pluginfile.php/42/mod_scorm/content/3/`)
//
// Tests drive and read it through `window.lmsHost` (see the end of this file).

(() => {
  'use strict';

  const version = document.documentElement.dataset.scormVersion; // '1.2', '2004' or 'none'
  const params = new URLSearchParams(location.search);
  const sco = params.get('sco') ?? 'aec-quiz';
  const display = params.get('display') ?? 'iframe';
  const dbName = params.get('db') ?? 'default';
  const packagePath = params.get('package') ?? '/pluginfile.php/42/mod_scorm/content/3/';
  const dbKey = `lms-host:${dbName}`;

  /** Each API function under a version-independent name. */
  const METHODS = {
    '1.2': {
      Initialize: 'LMSInitialize',
      Finish: 'LMSFinish',
      GetValue: 'LMSGetValue',
      SetValue: 'LMSSetValue',
      Commit: 'LMSCommit',
      GetLastError: 'LMSGetLastError',
      GetErrorString: 'LMSGetErrorString',
      GetDiagnostic: 'LMSGetDiagnostic',
    },
    2004: {
      Initialize: 'Initialize',
      Finish: 'Terminate',
      GetValue: 'GetValue',
      SetValue: 'SetValue',
      Commit: 'Commit',
      GetLastError: 'GetLastError',
      GetErrorString: 'GetErrorString',
      GetDiagnostic: 'GetDiagnostic',
    },
  };
  const ERROR_METHODS = ['GetLastError', 'GetErrorString', 'GetDiagnostic'];

  // ---- The LMS database ---------------------------------------------------

  function readDb() {
    try {
      return JSON.parse(localStorage.getItem(dbKey) ?? 'null') ?? { sessions: [] };
    } catch {
      return { sessions: [] };
    }
  }

  function writeDb(db) {
    localStorage.setItem(dbKey, JSON.stringify(db));
  }

  /** `{a: {b: 'x'}, list: [{c: 'y'}]}` → `{'cmi.a.b': 'x', 'cmi.list.0.c': 'y'}`, values only. */
  function flatten(value, prefix, out = {}) {
    if (value === null || value === undefined) {
      return out;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => flatten(item, `${prefix}.${index}`, out));
    } else if (typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        // `_children`, `_count`, `_version`: the data model's own metadata.
        if (!key.startsWith('_')) {
          flatten(item, `${prefix}.${key}`, out);
        }
      }
    } else {
      out[prefix] = String(value);
    }
    return out;
  }

  /** The run-time's data now, as `{cmi: {...}}` and flattened. */
  function snapshot(api) {
    const json = api.renderCMIToJSONObject();
    return { json, flat: flatten(json.cmi, 'cmi') };
  }

  /**
   * What Moodle hands a new session from the stored one: the tracked
   * elements (not the session's own time, exit, entry or the read-only
   * metadata), with `entry` derived from the stored exit.
   */
  function carryOver(stored) {
    if (stored === undefined) {
      return { entry: 'ab-initio', flat: {} };
    }
    const exitElement = version === '1.2' ? 'cmi.core.exit' : 'cmi.exit';
    const exit = stored[exitElement] ?? '';
    if (version === '2004' && exit !== 'suspend') {
      // A new attempt: Moodle reloads SCORM 2004 data only after a suspend.
      return { entry: 'ab-initio', flat: {} };
    }
    const skipped =
      version === '1.2'
        ? /^cmi\.core\.(entry|exit|session_time|total_time|credit|lesson_mode|student_id|student_name)$|^cmi\.(launch_data|comments_from_lms)$|^cmi\.student_data\.|^cmi\.student_preference\./
        : /^cmi\.(entry|exit|session_time|total_time|credit|mode|learner_id|learner_name|launch_data|completion_threshold|scaled_passing_score|time_limit_action|max_time_allowed)$|^cmi\.learner_preference\.|^cmi\.comments_from_lms\./;
    const flat = {};
    for (const [element, value] of Object.entries(stored)) {
      if (!skipped.test(element) && value !== '') {
        flat[element] = value;
      }
    }
    return { entry: exit === 'suspend' ? 'resume' : '', flat };
  }

  // ---- The run-time -------------------------------------------------------

  const calls = [];
  const logMessages = [];
  const messages = [];
  let faults = JSON.parse(params.get('faults') ?? '[]');
  let faultCode = null;
  let api = null;
  let sessionIndex = -1;
  let finished = false;

  window.addEventListener('message', (event) => {
    messages.push({ origin: event.origin, data: event.data });
  });

  function createApi() {
    const settings = {
      autocommit: false,
      // scorm-again's own messages go to the host's log, never to the console:
      // a test fails on any console error, and the LMS's complaints are the
      // test's business, not the page's.
      logLevel: 1,
      onLogMessage: (level, message) => logMessages.push({ level, message }),
    };
    return version === '1.2' ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
  }

  /** The fault that applies to a call of `name` now, if any; counts it down. */
  function takeFault(name) {
    const fault = faults.find((candidate) => candidate.method === name && (candidate.times ?? 1) > 0);
    if (fault === undefined) {
      return undefined;
    }
    if (fault.times !== undefined) {
      fault.times -= 1;
    }
    return fault;
  }

  /**
   * Keeps this page's API calls next to the LMS record, so that a test can
   * read them after the page is closed.
   */
  function saveCalls() {
    localStorage.setItem(`${dbKey}:calls:${sessionIndex}`, JSON.stringify(calls));
  }

  /** Persists the run-time's data, as a real LMS does on Commit and Finish. */
  function persist(method) {
    const db = readDb();
    const { flat } = snapshot(api);
    db.version = version;
    db.stored = flat;
    db.sessions[sessionIndex] = {
      ...db.sessions[sessionIndex],
      commits: (db.sessions[sessionIndex]?.commits ?? 0) + (method === 'Commit' ? 1 : 0),
      finished: db.sessions[sessionIndex]?.finished || method === 'Finish',
    };
    writeDb(db);
  }

  /** Wraps every API function: records the call, injects faults, persists. */
  function instrument(target) {
    const realLastError = target[METHODS[version].GetLastError].bind(target);
    for (const [name, real] of Object.entries(METHODS[version])) {
      const original = target[real].bind(target);
      target[real] = (...args) => {
        const call = { session: sessionIndex, method: name, args, at: Date.now() };
        calls.push(call);
        if (ERROR_METHODS.includes(name)) {
          if (faultCode !== null) {
            call.result = name === 'GetLastError' ? faultCode : `Injected fault ${faultCode}`;
          } else {
            call.result = original(...args);
          }
          return call.result;
        }
        faultCode = null;
        const fault = takeFault(name);
        if (fault !== undefined) {
          // The LMS did nothing with the call; it answers as the fault says.
          faultCode = fault.code ?? '101';
          call.result = fault.mode === 'true-with-error' ? 'true' : 'false';
          call.fault = fault.mode;
          if (name === 'Commit' || name === 'Finish' || finished) {
            saveCalls();
          }
          return call.result;
        }
        call.result = original(...args);
        call.error = String(realLastError());
        if ((name === 'Commit' || name === 'Finish') && call.result === 'true' && call.error === '0') {
          persist(name);
        }
        if (name === 'Finish' && call.result === 'true') {
          finished = true;
        }
        if (name === 'Commit' || name === 'Finish' || finished) {
          saveCalls();
        }
        return call.result;
      };
    }
  }

  function startSession() {
    if (version === 'none') {
      return;
    }
    const db = readDb();
    sessionIndex = db.sessions.length;
    const handover = carryOver(db.stored);
    db.sessions.push({ entry: handover.entry, commits: 0, finished: false });
    writeDb(db);
    api = createApi();
    const entryElement = version === '1.2' ? 'cmi.core.entry' : 'cmi.entry';
    api.loadFromFlattenedJSON({
      ...handover.flat,
      [version === '1.2' ? 'cmi.core.student_id' : 'cmi.learner_id']: 'learner-7',
      [version === '1.2' ? 'cmi.core.student_name' : 'cmi.learner_name']: 'Chan, Dara',
    });
    setEntry(api, entryElement, handover.entry);
    instrument(api);
    window[version === '1.2' ? 'API' : 'API_1484_11'] = api;
  }

  /** Sets the read-only entry element, as only the LMS may. */
  function setEntry(target, element, entry) {
    if (version === '1.2') {
      target.cmi.core.entry = entry;
    } else {
      target.cmi.entry = entry;
    }
    const read = version === '1.2' ? target.cmi.core.entry : target.cmi.entry;
    if (read !== entry) {
      throw new Error(`the host could not set ${element} to "${entry}" (it reads "${read}")`);
    }
  }

  // ---- The player ---------------------------------------------------------

  function contentUrl() {
    const url = new URL(`${packagePath}index.html`, location.href);
    url.searchParams.set('sco', sco);
    if (params.has('origin')) {
      url.searchParams.set('origin', params.get('origin'));
    }
    return url.href;
  }

  function launch() {
    const status = document.getElementById('lms-status');
    status.textContent =
      version === 'none'
        ? 'No LMS run-time on this page.'
        : `SCORM ${version} run-time, session ${sessionIndex + 1}, entry "${readDb().sessions[sessionIndex].entry}".`;
    if (display === 'window') {
      const button = document.getElementById('lms-launch');
      button.hidden = false;
      button.addEventListener('click', () => {
        window.open(contentUrl(), 'scorm_content', 'width=1000,height=500');
      });
      return;
    }
    const frame = document.createElement('iframe');
    frame.id = 'scorm_object';
    frame.name = 'scorm_object';
    frame.title = 'Course content';
    frame.width = '1000';
    frame.height = '500';
    frame.src = contentUrl();
    document.getElementById('lms-content').append(frame);
  }

  startSession();

  window.lmsHost = {
    version,
    db: dbName,
    /** The run-time's data now, as `renderCMIToJSONObject()` gives it. */
    cmi: () => (api === null ? null : api.renderCMIToJSONObject()),
    /** The run-time's data now, flattened to `{element: value}`. */
    flatCmi: () => (api === null ? null : snapshot(api).flat),
    /** What the LMS has stored (flattened), and what it knows of each session. */
    stored: () => readDb(),
    /** The API calls of session `n` (from 0) as last saved, also after its page is gone. */
    savedCalls: (n) => JSON.parse(localStorage.getItem(`${dbKey}:calls:${n}`) ?? '[]'),
    /** Every API call so far in this page: method, args, result, fault. */
    calls: () => calls,
    /** scorm-again's own log messages. */
    log: () => logMessages,
    /** Messages posted to this window. */
    messages: () => messages,
    /**
     * Replaces the faults: `[{method, mode, code, times}]`, where `method` is
     * one of Initialize, GetValue, SetValue, Commit, Finish (both versions);
     * `mode` `false` (the call does nothing and returns "false") or
     * `true-with-error` (it does nothing and returns "true"); the next
     * GetLastError returns `code` (default 101); `times` limits how many
     * calls fail (default: all).
     */
    setFaults: (list) => {
      faults = list;
    },
    clearFaults: () => {
      faults = [];
    },
  };

  launch();
})();
