// A stand-in for Moodle's SCORM player, for end-to-end tests.
//
// Like Moodle 4.x, the player is the top window: it installs the real
// scorm-again run-time as `window.API` (SCORM 1.2) or `window.API_1484_11`
// (SCORM 2004) and loads the package from the same origin, at the deep
// `pluginfile.php` path, in `iframe#scorm_object` 1000×500 px (Moodle's
// default height), or in a new window opened from a click ("Display package:
// new window"), where the content must find the API through `opener`.
//
// scorm-again is lenient and knows nothing of attempts, so the host adds what
// a real Moodle 4.3 does (shared/scorm-checklist.md, b.3, b.6 and b.7):
// relaunch rules, review mode, attempts, the order in which Moodle stores a
// commit and when it re-evaluates grade and completion, the mastery score,
// SCORM 1.2's 4,096-character suspend_data and refusals after the finish.
//
// The LMS's database lives in this origin's localStorage under `lms-host:<db>`:
//   version    '1.2' or '2004'
//   attempt    the number of the current attempt, from 1
//   stored     the current attempt's tracks, flattened (`{element: value}`):
//              only the elements Moodle's player posted as changed, each
//              overwritten by the next post of it, as Moodle's tracks table
//              holds them
//   attempts   earlier attempts, oldest first: `[{attempt, stored}]`
//   gradebook  `{grade, completed, evaluations}`, as Moodle last evaluated them
//   sessions   one per launch, or per Initialize after a Finish: `{attempt,
//              entry, mode, credit, learner, commits, finished}`
// and the API calls of session n under `lms-host:<db>:calls:<n>`.
//
// Query parameters:
//   sco          the package's `sco` launch parameter (default `aec-quiz`)
//   origin       passed on to the package as its `origin` parameter
//   display      `iframe` (default) or `window`
//   db           the name of the LMS record (default `default`)
//   faults       JSON array of faults to inject from the start (see `setFaults`)
//   package      the package folder (default Moodle's `/pluginfile.php/42/mod_scorm/content/3/`)
//   attempt      `new`: Moodle's "Start a new attempt", on every load of the page
//   mastery      the SCO's mastery score, 0–100 (default: none)
//   learner      the learner's id (default `learner-7`)
//   learnername  the learner's name (default `Chan, Dara`)
//   network      `post`: Commit and Finish first post to the server
//                (`/lms-host/commit`, tests/support/server.mjs) in a
//                synchronous request, as Moodle's player does; when the post
//                fails (the network is off), the call returns "false", error
//                101, and nothing is stored, as in Moodle. By default nothing
//                leaves the page.
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
  const learner = {
    id: params.get('learner') ?? 'learner-7',
    name: params.get('learnername') ?? 'Chan, Dara',
  };
  const mastery = params.has('mastery') ? Number(params.get('mastery')) : null;
  if (mastery !== null && !(mastery >= 0 && mastery <= 100)) {
    throw new Error(`mastery must be a number from 0 to 100, not "${params.get('mastery')}"`);
  }
  const dbKey = `lms-host:${dbName}`;
  const postsCommits = params.get('network') === 'post';

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

  /** The elements the host's rules read or set, and the ones it treats apart. */
  const ELEMENTS = {
    '1.2': {
      entry: 'cmi.core.entry',
      exit: 'cmi.core.exit',
      mode: 'cmi.core.lesson_mode',
      credit: 'cmi.core.credit',
      learnerId: 'cmi.core.student_id',
      learnerName: 'cmi.core.student_name',
      masteryScore: 'cmi.student_data.mastery_score',
      scoreRaw: 'cmi.core.score.raw',
      // In the order Moodle stores them within a commit.
      statuses: ['cmi.core.lesson_status'],
      // Only the LMS sets these: Moodle's player never posts them as tracks.
      readOnly:
        /^cmi\.core\.(student_id|student_name|credit|entry|total_time|lesson_mode)$|^cmi\.(launch_data|comments_from_lms)$|^cmi\.student_data\./,
      // Moodle's values for what it does not hand back; '' for the others.
      defaults: {
        'cmi.student_preference.audio': '0',
        'cmi.student_preference.speed': '0',
        'cmi.student_preference.text': '0',
      },
      // Handed back but not loaded into scorm-again: write-only elements, and
      // the preferences, because scorm-again's loader rejects some values.
      notLoaded: /^cmi\.core\.(exit|session_time)$|^cmi\.student_preference\./,
    },
    2004: {
      entry: 'cmi.entry',
      exit: 'cmi.exit',
      mode: 'cmi.mode',
      credit: 'cmi.credit',
      learnerId: 'cmi.learner_id',
      learnerName: 'cmi.learner_name',
      masteryScore: 'cmi.scaled_passing_score',
      scoreRaw: 'cmi.score.raw',
      statuses: ['cmi.completion_status', 'cmi.success_status'],
      readOnly:
        /^cmi\.(learner_id|learner_name|credit|entry|mode|total_time|launch_data|completion_threshold|scaled_passing_score|time_limit_action|max_time_allowed)$|^cmi\.comments_from_lms\./,
      defaults: {
        'cmi.completion_status': 'unknown',
        'cmi.success_status': 'unknown',
        'cmi.learner_preference.audio_level': '1',
        'cmi.learner_preference.audio_captioning': '0',
      },
      notLoaded: /^cmi\.(exit|session_time)$|^cmi\.learner_preference\./,
    },
  }[version];

  /**
   * Error codes for calls after the session finished. Moodle's SCORM 1.2 API
   * is simply not initialised again after LMSFinish (301); SCORM 2004 has a
   * code for each call after termination.
   */
  const AFTER_FINISH = {
    '1.2': { GetValue: '301', SetValue: '301', Commit: '301', Finish: '301' },
    2004: { GetValue: '123', SetValue: '133', Commit: '143', Finish: '113' },
  }[version];

  /**
   * SCORM 1.2's CMIString4096, which Moodle's standards mode enforces and
   * scorm-again does not (it accepts 64,000). Moodle counts UTF-16 units.
   */
  const SUSPEND_DATA_LIMIT_12 = 4096;

  /** Values of a status element that make Moodle re-evaluate on its first insert. */
  const COMPLETE_VALUES = ['completed', 'passed'];

  // ---- The LMS database ---------------------------------------------------

  function readDb() {
    let db = null;
    try {
      db = JSON.parse(localStorage.getItem(dbKey) ?? 'null');
    } catch {
      // An unreadable record is an empty one.
    }
    // A record seeded by a test may carry only `stored` and `sessions`.
    return {
      attempt: 1,
      stored: {},
      attempts: [],
      sessions: [],
      ...db,
      gradebook: { grade: null, completed: false, evaluations: [], ...db?.gradebook },
    };
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

  /** The run-time's data now, flattened. */
  function flatCmiOf(target) {
    return flatten(target.renderCMIToJSONObject().cmi, 'cmi');
  }

  /** The elements of the run-time's data that Moodle would keep as tracks. */
  function tracksOf(target) {
    return Object.fromEntries(
      Object.entries(flatCmiOf(target)).filter(([element]) => !ELEMENTS.readOnly.test(element)),
    );
  }

  /**
   * How Moodle relaunches the current attempt from its tracks: the entry,
   * whether it is a review, and the tracks handed back.
   *
   * SCORM 1.2 always gets the attempt's tracks back, with entry `ab-initio`
   * while no status is stored, then `resume` after a suspend and ""
   * otherwise. SCORM 2004 gets them back only after a suspend, with entry
   * `resume` (loaddatamodel.php, RTE 4.2.8); otherwise it starts `ab-initio`
   * with nothing, though the tracks stay in the database. Either way a
   * finished attempt is relaunched in review mode without credit.
   */
  function relaunchOf(stored) {
    const suspended = stored[ELEMENTS.exit] === 'suspend';
    if (version === '1.2') {
      const status = stored['cmi.core.lesson_status'] ?? '';
      return {
        entry: status === '' ? 'ab-initio' : suspended ? 'resume' : '',
        review: ['completed', 'passed', 'failed'].includes(status),
        handedBack: stored,
      };
    }
    return {
      entry: suspended ? 'resume' : 'ab-initio',
      review: stored['cmi.completion_status'] === 'completed',
      handedBack: suspended ? stored : {},
    };
  }

  /** Moodle's "passed or completed" activity completion rule. */
  function isComplete(stored) {
    return version === '1.2'
      ? COMPLETE_VALUES.includes(stored['cmi.core.lesson_status'])
      : stored['cmi.completion_status'] === 'completed' ||
          stored['cmi.success_status'] === 'passed';
  }

  /**
   * Re-evaluates grade and completion from the tracks as stored at this
   * moment, as Moodle's scorm_insert_track does. The grade is Moodle's
   * default, the highest attempt's score.raw; completion holds once any
   * attempt has met the rule.
   */
  function evaluate(db, trigger) {
    const attempts = [...db.attempts.map((attempt) => attempt.stored), db.stored];
    const scores = attempts
      .map((stored) => stored[ELEMENTS.scoreRaw])
      .filter((raw) => raw !== undefined && raw !== '' && Number.isFinite(Number(raw)))
      .map(Number);
    db.gradebook.grade = scores.length === 0 ? null : Math.max(...scores);
    db.gradebook.completed = attempts.some(isComplete);
    db.gradebook.evaluations.push({
      ...trigger,
      attempt: db.attempt,
      statuses: Object.fromEntries(
        ELEMENTS.statuses.map((element) => [element, db.stored[element] ?? null]),
      ),
      grade: db.gradebook.grade,
      completed: db.gradebook.completed,
    });
  }

  /**
   * The order in which Moodle stores the elements of one commit: its player
   * walks its data model object, where the score comes before the statuses
   * (1.2: lesson_status; 2004: completion_status, then success_status). The
   * host puts every other element first; none of them triggers an evaluation.
   */
  function storingRank(element) {
    const status = ELEMENTS.statuses.indexOf(element);
    if (status >= 0) {
      return 2 + status;
    }
    return /^cmi\.(core\.)?score\./.test(element) ? 1 : 0;
  }

  // ---- The run-time -------------------------------------------------------

  const calls = [];
  const logMessages = [];
  const messages = [];
  let faults = JSON.parse(params.get('faults') ?? '[]');
  /** The error the host answered the last call with, instead of the run-time. */
  let hostError = null;
  /** The scorm-again instance of the current session. */
  let runtime = null;
  /**
   * The current session: its index, whether it is a review, whether it
   * finished; `taken`, the values Moodle's player last handed over or
   * posted; `shown`, what its page holds for an element the SCO leaves
   * alone; the run-time's `initial` tracks; and the elements the SCO has set.
   */
  let session = null;

  window.addEventListener('message', (event) => {
    messages.push({ origin: event.origin, data: event.data });
  });

  /**
   * Sets an element only the LMS may set, on scorm-again's internal field
   * (its API refuses read-only elements), and checks that it took.
   */
  function setInternal(target, element, value) {
    const path = element.split('.').slice(1);
    const owner = path.slice(0, -1).reduce((object, key) => object[key], target.cmi);
    owner[path.at(-1)] = value;
    const read = owner[path.at(-1)];
    if (read !== value) {
      throw new Error(`the host could not set ${element} to "${value}" (it reads "${read}")`);
    }
  }

  function createRuntime(relaunch) {
    const settings = {
      autocommit: false,
      // The host applies the mastery score as Moodle does, for both versions
      // (see `applyFinishRules`); scorm-again 1.2 would apply its own as well.
      mastery_override: false,
      // scorm-again's own messages go to the host's log, never to the console:
      // a test fails on any console error, and the LMS's complaints are the
      // test's business, not the page's.
      logLevel: 1,
      onLogMessage: (level, message) => logMessages.push({ level, message }),
    };
    const target =
      version === '1.2' ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    const loaded = Object.entries(relaunch.handedBack).filter(
      ([element, value]) => !ELEMENTS.notLoaded.test(element) && value !== '',
    );
    target.loadFromFlattenedJSON({
      ...Object.fromEntries(loaded),
      [ELEMENTS.learnerId]: learner.id,
      [ELEMENTS.learnerName]: learner.name,
    });
    setInternal(target, ELEMENTS.entry, relaunch.entry);
    setInternal(target, ELEMENTS.mode, relaunch.review ? 'review' : 'normal');
    setInternal(target, ELEMENTS.credit, relaunch.review ? 'no-credit' : 'credit');
    if (mastery !== null) {
      setInternal(
        target,
        ELEMENTS.masteryScore,
        version === '1.2' ? String(mastery) : String(mastery / 100),
      );
    }
    return target;
  }

  /** Moodle's "Start a new attempt": the stored attempt is kept aside, the next starts empty. */
  function startNewAttempt() {
    const db = readDb();
    if (Object.keys(db.stored).length === 0) {
      return;
    }
    db.attempts.push({ attempt: db.attempt, stored: db.stored });
    db.attempt += 1;
    db.stored = {};
    writeDb(db);
  }

  /** A launch: a new session of the current attempt, relaunched from the database. */
  function startSession() {
    const db = readDb();
    const relaunch = relaunchOf(db.stored);
    runtime = createRuntime(relaunch);
    const taken = { ...ELEMENTS.defaults, ...relaunch.handedBack };
    const shown = { ...taken };
    if (version === '1.2' && !taken['cmi.core.lesson_status']) {
      // Moodle's player shows a status it was not handed as `not attempted`;
      // as that differs from what was handed over, it goes with the first commit.
      shown['cmi.core.lesson_status'] = 'not attempted';
    }
    session = {
      index: db.sessions.length,
      review: relaunch.review,
      finished: false,
      taken,
      shown,
      initial: tracksOf(runtime),
      setBySco: new Set(),
    };
    db.sessions.push({
      attempt: db.attempt,
      entry: relaunch.entry,
      mode: relaunch.review ? 'review' : 'normal',
      credit: relaunch.review ? 'no-credit' : 'credit',
      learner: learner.id,
      commits: 0,
      finished: false,
    });
    writeDb(db);
  }

  /**
   * What Moodle's player does to the data at finish, before storing it. A
   * SCORM 1.2 SCO still `not attempted` is stored `completed` (scorm-again's
   * own `autoCompleteLessonStatus` never applies: it takes the default `not
   * attempted` for a status the SCO set). Then "Mastery score overrides
   * status" (on by default): in normal mode with credit, a set score decides
   * passed or failed over whatever status the SCO sent. scorm-again 2004
   * applies the same rule to success_status at Terminate by itself; setting
   * it here first keeps one rule for both versions.
   */
  function applyFinishRules() {
    if (!runtime.isInitialized()) {
      return;
    }
    if (version === '1.2' && runtime.cmi.core.lesson_status === 'not attempted') {
      setInternal(runtime, 'cmi.core.lesson_status', 'completed');
    }
    if (mastery === null || session.review) {
      return;
    }
    if (version === '1.2') {
      const raw = runtime.cmi.core.score.raw;
      if (raw !== '') {
        setInternal(
          runtime,
          'cmi.core.lesson_status',
          parseFloat(raw) >= mastery ? 'passed' : 'failed',
        );
      }
    } else {
      const scaled = runtime.cmi.score.scaled;
      if (scaled !== '') {
        const passing = parseFloat(runtime.cmi.scaled_passing_score);
        setInternal(
          runtime,
          'cmi.success_status',
          parseFloat(scaled) >= passing ? 'passed' : 'failed',
        );
      }
    }
  }

  /**
   * Persists a successful Commit or Finish as Moodle does: the elements that
   * changed since the LMS last took the session's data, one by one in
   * Moodle's order, each overwriting or inserting its track. Grade and
   * completion are re-evaluated only when score.raw is stored, or when a
   * status is inserted for the first time as completed or passed: a status
   * that changes, even to passed, is not looked at (b.7).
   */
  function persist(method) {
    const db = readDb();
    const now = tracksOf(runtime);
    // Moodle's player posts what differs from what it last handed over or
    // posted. An element that neither the SCO nor a finish rule touched
    // holds Moodle's value, not scorm-again's (whose 1.2 score.max is 100).
    const changed = [];
    for (const element of new Set([...Object.keys(now), ...Object.keys(session.shown)])) {
      const touched =
        session.setBySco.has(element) ||
        (element in session.initial && now[element] !== session.initial[element]);
      const value = touched ? now[element] : session.shown[element];
      if (value !== undefined && value !== (session.taken[element] ?? '')) {
        changed.push([element, value]);
      }
    }
    changed.sort(([a], [b]) => storingRank(a) - storingRank(b));
    for (const [element, value] of changed) {
      const inserted = !(element in db.stored);
      db.stored[element] = value;
      if (
        element === ELEMENTS.scoreRaw ||
        (ELEMENTS.statuses.includes(element) && inserted && COMPLETE_VALUES.includes(value))
      ) {
        evaluate(db, { session: session.index, method, element, value });
      }
    }
    Object.assign(session.taken, Object.fromEntries(changed));
    db.version = version;
    const record = db.sessions[session.index];
    record.commits += method === 'Commit' ? 1 : 0;
    record.finished ||= method === 'Finish';
    writeDb(db);
  }

  /** A fault's `element`: the exact name, or a `/regex/flags` string. */
  function matchesElement(pattern, element) {
    const regex = /^\/(.*)\/([a-z]*)$/.exec(pattern);
    return regex === null ? pattern === element : new RegExp(regex[1], regex[2]).test(element);
  }

  /** The fault that applies to a call of `name` now, if any; counts it down. */
  function takeFault(name, element) {
    const fault = faults.find(
      (candidate) =>
        (candidate.element === undefined
          ? candidate.method === name
          : name === 'SetValue' && matchesElement(candidate.element, element)) &&
        (candidate.times ?? 1) > 0,
    );
    if (fault === undefined) {
      return undefined;
    }
    if (fault.times !== undefined) {
      fault.times -= 1;
    }
    return fault;
  }

  /**
   * Whether a Commit or Finish reaches the server, as Moodle's synchronous
   * XHR to its `datamodel.php` must before anything is stored.
   */
  function reachesServer(method) {
    const request = new XMLHttpRequest();
    request.open('POST', new URL('commit', location.href), false);
    try {
      request.send(JSON.stringify({ db: dbName, session: session.index, method }));
    } catch {
      return false;
    }
    return request.status === 200;
  }

  /** The error code with which Moodle refuses this call, or null. */
  function refusal(name, args) {
    if (session.finished && name in AFTER_FINISH) {
      return AFTER_FINISH[name];
    }
    if (
      version === '1.2' &&
      name === 'SetValue' &&
      args[0] === 'cmi.suspend_data' &&
      String(args[1]).length > SUSPEND_DATA_LIMIT_12
    ) {
      return '405';
    }
    return null;
  }

  /**
   * Keeps the session's API calls next to the LMS record, so that a test can
   * read them after the page is closed.
   */
  function saveCalls(index) {
    localStorage.setItem(
      `${dbKey}:calls:${index}`,
      JSON.stringify(calls.filter((call) => call.session === index)),
    );
  }

  /** Answers GetLastError, GetErrorString or GetDiagnostic. */
  function answerError(name, args) {
    const real = METHODS[version][name];
    if (hostError === null) {
      return runtime[real](...args);
    }
    if (name === 'GetLastError') {
      return hostError.code;
    }
    if (hostError.injected) {
      return `Injected fault ${hostError.code}`;
    }
    return runtime[real](args[0] === undefined || args[0] === '' ? hostError.code : args[0]);
  }

  /** One API call: recorded, faulted, refused, or passed on to the session's run-time. */
  function handle(name, args) {
    const call = { session: session.index, method: name, args, at: Date.now() };
    calls.push(call);
    if (ERROR_METHODS.includes(name)) {
      call.result = answerError(name, args);
      return call.result;
    }
    hostError = null;
    const fault = takeFault(name, args[0]);
    const refused = fault === undefined ? refusal(name, args) : null;
    if (fault !== undefined) {
      // The LMS did nothing with the call; it answers as the fault says.
      hostError = { code: fault.code ?? '101', injected: true };
      call.result = fault.mode === 'true-with-error' ? 'true' : 'false';
      call.fault = fault.mode ?? 'false';
    } else if (refused !== null) {
      hostError = { code: refused, injected: false };
      call.result = name === 'GetValue' ? '' : 'false';
      call.error = refused;
      call.refused = true;
    } else if ((name === 'Commit' || name === 'Finish') && postsCommits && !reachesServer(name)) {
      // Moodle's player answers a post that fails with a general error and
      // keeps the values in the page, to be posted with the next commit.
      hostError = { code: '101', injected: false };
      call.result = 'false';
      call.error = '101';
      call.unreachable = true;
    } else {
      if (name === 'Initialize' && session.finished) {
        // A page back from the back/forward cache initialises again: a relaunch.
        startSession();
        call.session = session.index;
      }
      if (name === 'Finish') {
        applyFinishRules();
      }
      call.result = runtime[METHODS[version][name]](...args);
      call.error = String(runtime[METHODS[version].GetLastError]());
      if (name === 'SetValue' && call.result === 'true') {
        session.setBySco.add(args[0]);
      }
      if (
        (name === 'Commit' || name === 'Finish') &&
        call.result === 'true' &&
        call.error === '0'
      ) {
        persist(name);
      }
      if (name === 'Finish' && call.result === 'true') {
        session.finished = true;
      }
    }
    if (name === 'Commit' || name === 'Finish' || session.finished) {
      saveCalls(call.session);
    }
    return call.result;
  }

  /**
   * The object the SCO finds. It stays the same across sessions, so that an
   * Initialize after a Finish reaches the new session's run-time.
   */
  function createFacade() {
    return Object.fromEntries(
      Object.entries(METHODS[version]).map(([name, real]) => [
        real,
        (...args) => handle(name, args),
      ]),
    );
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
    if (version === 'none') {
      status.textContent = 'No LMS run-time on this page.';
    } else {
      const { attempt, entry, mode } = readDb().sessions[session.index];
      status.textContent = `SCORM ${version} run-time, attempt ${attempt}, session ${session.index + 1}, entry "${entry}", ${mode} mode.`;
    }
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

  if (version !== 'none') {
    if (params.get('attempt') === 'new') {
      startNewAttempt();
    }
    startSession();
    window[version === '1.2' ? 'API' : 'API_1484_11'] = createFacade();
  }

  window.lmsHost = {
    version,
    db: dbName,
    /** The current session's run-time data now, as `renderCMIToJSONObject()` gives it. */
    cmi: () => (runtime === null ? null : runtime.renderCMIToJSONObject()),
    /** The current session's run-time data now, flattened to `{element: value}`. */
    flatCmi: () => (runtime === null ? null : flatCmiOf(runtime)),
    /** The whole LMS record: `{version, attempt, stored, attempts, gradebook, sessions}`. */
    stored: () => readDb(),
    /** What Moodle last evaluated: `{grade, completed, evaluations}`. */
    gradebook: () => readDb().gradebook,
    /** The current session: `{index, attempt, entry, mode, credit, learner, commits, finished}`. */
    session: () =>
      session === null ? null : { index: session.index, ...readDb().sessions[session.index] },
    /** The API calls of session `n` (from 0) as last saved, also after its page is gone. */
    savedCalls: (n) => JSON.parse(localStorage.getItem(`${dbKey}:calls:${n}`) ?? '[]'),
    /**
     * Every API call so far in this page: session, method, args, result,
     * error, fault, refused, unreachable (the post to the server failed).
     */
    calls: () => calls,
    /** scorm-again's own log messages. */
    log: () => logMessages,
    /** Messages posted to this window. */
    messages: () => messages,
    /**
     * Replaces the faults: `[{method, element, mode, code, times}]`, where
     * `method` is one of Initialize, GetValue, SetValue, Commit, Finish (both
     * versions); `element`, instead of `method`, limits the fault to
     * SetValue calls on that element (an exact name or a `/regex/` string);
     * `mode` `false` (default: the call does nothing and returns "false") or
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
