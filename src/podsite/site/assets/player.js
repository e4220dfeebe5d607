/* podsite player: one <audio> for the whole visit, in a player bar on <body> (outside what Material's instant
   navigation swaps), so playback survives page changes. The bar is on screen whenever an episode is loaded,
   except while the page's own large player for that episode is in view. Each .podsite-player (a native
   <audio> without this script) and each listing's play button carry the episode in data- attributes.
   No framework, no network: the episode, positions, speed and volume stay in localStorage. */
(() => {
  "use strict";
  const RATES = [0.75, 1, 1.25, 1.5, 1.75, 2];
  const BACK = 15, FORWARD = 30;
  const ICON = { play: '<path d="M8 5v14l11-7z"/>', pause: '<path d="M6 5h4v14H6zm8 0h4v14h-4z"/>' };
  const svg = (name) => `<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">${ICON[name]}</svg>`;
  // Words from the page (#podsite-i18n), else English; times in Latin digits, as pages write them. Messages are
  // tr("...") calls outside template literals, where Babel's extractor finds them (site/messages.py).
  let words = {}, locale = "en";
  const tr = (m, v = {}) => (words[m] || m).replace(/\{(\w+)\}/g, (a, k) => v[k] ?? a);
  const esc = (v) => String(v).replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const keyList = () => [["Space / K", tr("Play or pause")], ["J / ←", tr("Back 15 seconds")],
    ["L / →", tr("Forward 30 seconds")], ["Shift + .", tr("Faster")], ["Shift + ,", tr("Slower")],
    ["M", tr("Mute")], ["?", tr("Keyboard shortcuts")]];
  let closed = false;
  let audio, bar, live, cur = null, page = null, ui = [], lastSave = 0, clipEnd = null, pageInView = false;
  let marks = [[], []], marked = [null, null], follow = true, followBtn = null, observer = null, keysDialog;

  const pad = (n) => String(n).padStart(2, "0");
  const fmt = (s) => {
    s = Math.max(0, Math.floor(s || 0));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
  };
  // A moment as a media fragment gives it: "90", "1:30", "1:02:03", "1m30s", "1h2m3s" (seconds); else null.
  const parseT = (v) => {
    v = String(v || "").trim();
    if (/^(\d+:){0,2}\d+(\.\d+)?$/.test(v)) return v.split(":").reduce((a, b) => a * 60 + Number(b), 0);
    const m = v.match(/^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/);
    return m && v ? Number(m[1] || 0) * 3600 + Number(m[2] || 0) * 60 + Number(m[3] || 0) : null;
  };
  // `#t=90` or `#t=5,20` (a clip), or `?t=90`: [start, end or null], or null.
  const deep = () => {
    const m = location.hash.match(/^#t=([^,&]*)(?:,([^&]*))?/);
    let start = parseT(m ? m[1] : new URLSearchParams(location.search).get("t"));
    if (start == null) return null;
    // A transcript cue's own anchor (`#t=0:40`, from search or a shared line): start where the cue starts (0:40.66).
    const cue = m && !m[2] && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const exact = cue && cue.closest(".podsite-cue") && Number(cue.closest(".podsite-cue").dataset.start);
    if (exact && Math.abs(exact - start) < 1) start = exact;
    const end = m && m[2] ? parseT(m[2]) : null;
    return [start, end != null && end > start ? end : null];
  };
  const store = (k, v) => {
    try {
      if (v === undefined) return localStorage.getItem("podsite:" + k);
      if (v === null) localStorage.removeItem("podsite:" + k); else localStorage.setItem("podsite:" + k, v);
    } catch (e) { /* storage disabled: nothing to remember */ }
    return null;
  };
  const saved = (ep) => Number(store("pos:" + ep.src)) || 0;
  let rate = Number(store("rate")) || 1;
  const say = (msg) => { live.textContent = ""; setTimeout(() => { live.textContent = msg; }, 60); };
  const now = () => audio.currentTime;
  const abs = (u) => (u ? new URL(u, location.href).href : "");
  const show = () => (document.querySelector('meta[property="og:site_name"]') || {}).content || document.title;

  // The episode an element describes (absolute URLs: the bar shows it on other pages, and after a reload).
  function episodeOf(el) {
    const d = el.dataset;
    let chapters = [];
    try { chapters = JSON.parse(d.chapters || "[]"); } catch (e) { /* none */ }
    return { src: abs(d.src), title: d.title || "", page: abs(d.page), art: abs(d.art), share: d.share || abs(d.page),
      dur: Number(d.duration) || 0, chapters };
  }
  const chapterAt = (ep, t) => {
    let hit = null;
    for (const c of ep.chapters || []) { if (c[0] <= t) hit = c; else break; }
    return hit;
  };
  const mine = (ep) => Boolean(cur && ep && ep.src === cur.src);

  function controls(isBar) {
    const c = document.createElement("div");
    c.className = "podsite-controls";
    const L = [tr("Back 15 seconds"), tr("Play"), tr("Forward 30 seconds"), tr("Seek"), tr("Playback speed"),
      tr("Volume"), tr("Close the player"), tr("Share")].map(esc);
    c.innerHTML =
      `<button type="button" data-act="back" aria-label="${L[0]}">−${BACK}</button>` +
      `<button type="button" data-act="play" class="podsite-play" aria-label="${L[1]}">${svg("play")}</button>` +
      `<button type="button" data-act="fwd" aria-label="${L[2]}">+${FORWARD}</button>` +
      '<span class="podsite-time" data-el="elapsed">0:00</span>' +
      '<span class="podsite-seekbar"><input type="range" data-act="seek" min="0" max="0" step="1" value="0" ' +
      `aria-label="${L[3]}"><span class="podsite-marks" aria-hidden="true"></span></span>` +
      '<span class="podsite-time" data-el="remaining">-0:00</span>' +
      `<select data-act="rate" aria-label="${L[4]}" title="${L[4]}">` +
      RATES.map((r) => `<option value="${r}">${r.toLocaleString(locale)}×</option>`).join("") + "</select>" +
      (isBar ? '<input type="range" data-act="volume" class="podsite-volume" min="0" max="1" step="0.05" ' +
          `aria-label="${L[5]}"><button type="button" data-act="close" aria-label="${L[6]}">✕</button>`
        : `<button type="button" data-act="share" class="podsite-share" aria-expanded="false">${L[7]}</button>`);
    const q = (s) => c.querySelector(s);
    return { c, bar: isBar, play: q(".podsite-play"), seek: q("[data-act=seek]"), rate: q("select"),
      el: q('[data-el="elapsed"]'), rem: q('[data-el="remaining"]'), marks: q(".podsite-marks"),
      volume: q("[data-act=volume]"), start: 0, on: null, drawn: "" };
  }

  // Load `ep` into the one <audio> (at `t`, or where the listener left it) without starting it.
  function load(ep, t) {
    if (closed) { closed = false; store("closed", null); }
    if (!mine(ep)) {
      save();
      cur = ep;
      clipEnd = null;
      store("now", JSON.stringify(ep));
      audio.src = ep.src;
      audio.defaultPlaybackRate = audio.playbackRate = rate;
      audio.currentTime = t ?? saved(ep);  // before metadata: becomes the start position
      session();
    } else if (t != null) {
      audio.currentTime = Math.max(0, Math.min(t, audio.duration || Infinity));
    }
    paint();
  }

  function play(ep, t, end) {
    load(ep, t);
    clipEnd = end ?? null;
    audio.play().catch(() => paint());  // autoplay may be refused before the listener clicks: stay ready
  }

  function save() {
    if (!cur) return;
    const t = now();
    if (t > 0 && !audio.ended) store("pos:" + cur.src, t.toFixed(1));
    lastSave = t;
  }

  const duration = (ep) => (mine(ep) && audio.duration > 0 && isFinite(audio.duration)
    ? Math.round(audio.duration) : ep.dur);

  function paint() {
    for (const u of ui) {
      if (u.bar) u.ep = cur;
      if (!u.ep) continue;
      const playing = mine(u.ep);
      const t = playing ? now() : u.start;
      const d = duration(u.ep);
      const on = Boolean(playing && !audio.paused);
      if (u.on !== on) {
        u.on = on;
        u.play.innerHTML = svg(on ? "pause" : "play");
        u.play.setAttribute("aria-label", on ? tr("Pause") : tr("Play"));
      }
      u.seek.max = d;
      u.seek.value = Math.floor(t);
      u.seek.setAttribute("aria-valuetext", tr("{elapsed} of {total}", { elapsed: fmt(t), total: fmt(d) }));
      u.el.textContent = fmt(t);
      u.rem.textContent = "-" + fmt(d - t);
      u.rate.value = String(rate);
      if (u.volume) u.volume.value = String(audio.muted ? 0 : audio.volume);
      const key = `${u.ep.src} ${d}`;
      if (u.drawn !== key && d > 0) {  // chapter marks on the seek bar, once the length is known
        u.drawn = key;
        u.marks.innerHTML = (u.ep.chapters || []).filter((c) => c[0] > 0 && c[0] < d)
          .map((c) => `<i style="inset-inline-start:${(100 * c[0] / d).toFixed(2)}%"></i>`).join("");
      }
    }
    document.querySelectorAll(".podsite-listen").forEach((b) => {
      const on = mine(episodeOf(b)) && !audio.paused;
      b.setAttribute("aria-pressed", String(on));
      b.querySelector("span").textContent = on ? tr("Pause") : tr("Play");
    });
    bar.hidden = !cur || closed || Boolean(page && mine(page.ep) && pageInView);
    document.body.classList.toggle("podsite-with-bar", !bar.hidden);
    if (cur) {
      const link = bar.querySelector(".podsite-mini-title");
      link.href = cur.page;
      link.textContent = cur.title;
      const img = bar.querySelector("img");
      img.hidden = !cur.art;
      if (cur.art && img.getAttribute("src") !== cur.art) img.src = cur.art;
      const chapter = chapterAt(cur, now());
      bar.querySelector(".podsite-mini-chapter").textContent = chapter ? chapter[1] : "";
    }
  }

  // The phone's lock screen and headset buttons: title, show, artwork, chapter; play, pause, seek, chapters.
  function session() {
    const ms = navigator.mediaSession;
    if (!ms || !cur || typeof MediaMetadata === "undefined") return;
    const chapter = chapterAt(cur, now());
    ms.metadata = new MediaMetadata({ title: cur.title, artist: chapter ? chapter[1] : show(), album: show(),
      artwork: cur.art ? [{ src: cur.art }] : [] });
  }
  function position() {
    const ms = navigator.mediaSession;
    if (!ms || !cur) return;
    ms.playbackState = audio.paused ? "paused" : "playing";
    const d = audio.duration;
    if (ms.setPositionState && d > 0 && isFinite(d)) {
      try { ms.setPositionState({ duration: d, position: Math.min(now(), d), playbackRate: audio.playbackRate }); }
      catch (e) { /* a moment outside the duration while seeking: the next update sets it */ }
    }
  }
  function chapterJump(step) {
    const list = (cur && cur.chapters) || [];
    const t = now();
    let i = list.findIndex((c, k) => k + 1 === list.length || list[k + 1][0] > t);
    if (step < 0 && i >= 0 && t - list[i][0] < 3) i -= 1;  // "previous" near a chapter's start: the one before
    else if (step > 0) i += 1;
    if (i >= 0 && i < list.length) load(cur, list[i][0]);
  }
  function sessionActions() {
    const ms = navigator.mediaSession;
    if (!ms) return;
    const on = (name, fn) => { try { ms.setActionHandler(name, fn); } catch (e) { /* not supported here */ } };
    on("play", () => cur && audio.play());
    on("pause", () => audio.pause());
    on("seekbackward", (d) => cur && load(cur, Math.max(0, now() - (d.seekOffset || BACK))));
    on("seekforward", (d) => cur && load(cur, now() + (d.seekOffset || FORWARD)));
    on("seekto", (d) => cur && load(cur, d.seekTime));
    on("previoustrack", () => chapterJump(-1));
    on("nexttrack", () => chapterJump(1));
  }

  // Highlight the chapter and the transcript cue being heard on this page; the transcript follows the voice.
  function mark() {
    const on = page && mine(page.ep) && (now() > 0 || !audio.paused);
    const t = now();
    marks.forEach((list, k) => {
      let hit = null;
      if (on) {
        for (const item of list) {
          if (Number(item.dataset.start) > t) break;
          hit = item;
        }
        if (hit && hit.dataset.end && t >= Number(hit.dataset.end) && k === 1) hit = null;
      }
      if (hit === marked[k]) return;
      if (marked[k]) { marked[k].classList.remove("podsite-current"); marked[k].removeAttribute("aria-current"); }
      if (hit) { hit.classList.add("podsite-current"); hit.setAttribute("aria-current", "true"); }
      marked[k] = hit;
      if (k === 1 && hit && follow && !audio.paused) scrollToCue(hit);
      if (k === 0) session();
    });
    if (followBtn) followBtn.hidden = follow || !marked[1] || audio.paused;
  }
  let scrolledByUs = 0;
  function scrollToCue(cue) {
    const r = cue.getBoundingClientRect(), room = window.innerHeight - bar.offsetHeight;
    if (r.top >= 80 && r.bottom <= room - 40) return;  // in view: leave the page still
    scrolledByUs = Date.now();
    cue.scrollIntoView({ block: "center", behavior: "smooth" });
  }
  function stopFollowing() {
    if (!marks[1].length || Date.now() - scrolledByUs < 800) return;
    if (follow && !audio.paused && page && mine(page.ep)) { follow = false; mark(); }
  }

  async function copy(textToCopy, done) {
    try {
      await navigator.clipboard.writeText(textToCopy);
      say(done);
    } catch (e) {
      say(tr("Copy this link: {url}", { url: textToCopy }));
    }
  }
  async function share(url, title, done) {
    if (navigator.share && matchMedia("(pointer: coarse)").matches) {
      try { await navigator.share({ title, url }); return; } catch (e) { if (e.name === "AbortError") return; }
    }
    copy(url, done);
  }

  // The page player's share panel: a link to this moment, or a clip from here.
  function sharePanel(u, button) {
    let panel = u.c.nextElementSibling;
    if (!panel || !panel.matches(".podsite-share-panel")) {
      panel = document.createElement("div");
      panel.className = "podsite-share-panel";
      panel.hidden = true;
      const L = [tr("Clip from"), tr("to"), tr("Share the clip")].map(esc);
      panel.innerHTML = '<button type="button" data-act="share-at"></button> ' +
        `<label>${L[0]} <input data-el="from" size="7" inputmode="numeric"></label> ` +
        `<label>${L[1]} <input data-el="to" size="7" inputmode="numeric"></label> ` +
        `<button type="button" data-act="share-clip">${L[2]}</button>`;
      u.c.after(panel);
    }
    const t = Math.floor(mine(u.ep) ? now() : u.start);
    panel.hidden = !panel.hidden;
    button.setAttribute("aria-expanded", String(!panel.hidden));
    panel.querySelector("[data-act=share-at]").textContent = tr("Share at {time}", { time: fmt(t) });
    panel.querySelector("[data-el=from]").value = fmt(t);
    panel.querySelector("[data-el=to]").value = fmt(Math.min(t + 30, duration(u.ep)));
    if (!panel.hidden) panel.querySelector("button").focus();
  }

  function act(target) {
    if (target.matches(".podsite-copy")) return copy(target.dataset.copy, tr("Feed URL copied"));
    if (target.matches(".podsite-listen")) {
      const ep = episodeOf(target);
      return mine(ep) && !audio.paused ? audio.pause() : play(ep);
    }
    if (target.dataset.act === "follow") { follow = true; if (marked[1]) scrollToCue(marked[1]); return mark(); }
    const u = ui.find((x) => x.c.contains(target) || (x.bar && bar.contains(target))
      || (x.c.nextElementSibling || x.c).contains(target));
    if (!u || !u.ep) return null;
    const t = mine(u.ep) ? now() : u.start;
    switch (target.dataset.act) {
      case "play": return mine(u.ep) && !audio.paused ? audio.pause() : play(u.ep);
      case "back": return load(u.ep, Math.max(0, t - BACK));
      case "fwd": return load(u.ep, t + FORWARD);
      case "seek": return load(u.ep, Number(target.value));
      case "rate": return speed(Number(target.value));
      case "volume": audio.muted = false; audio.volume = Number(target.value); store("volume", audio.volume);
        return paint();
      case "close": closed = true; store("closed", "1"); audio.pause(); return paint();
      case "share": return sharePanel(u, target);
      case "share-at":
        return share(`${u.ep.share}#t=${fmt(t)}`, u.ep.title, tr("Link to {time} copied", { time: fmt(t) }));
      case "share-clip": {
        const panel = target.closest(".podsite-share-panel");
        const from = parseT(panel.querySelector("[data-el=from]").value);
        const to = parseT(panel.querySelector("[data-el=to]").value);
        if (from == null || to == null || to <= from) {
          return say(tr("Give the clip a start and a later end, like 1:30"));
        }
        return share(`${u.ep.share}#t=${fmt(from)},${fmt(to)}`, u.ep.title,
          tr("Link to the clip {start}–{end} copied", { start: fmt(from), end: fmt(to) }));
      }
      default: return null;
    }
  }
  function speed(r) {
    rate = r;
    audio.defaultPlaybackRate = audio.playbackRate = rate;
    store("rate", rate);
    paint();
  }

  // Keyboard: never while typing, never with Ctrl/Alt/Cmd (the browser's and Material's own shortcuts).
  function key(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const el = e.target;
    if (el.closest && el.closest("input, textarea, select, [contenteditable=''], [contenteditable=true]")) return;
    if (e.key === "?") { e.preventDefault(); keysDialog.showModal(); return; }
    const ep = cur || (page && page.ep);
    if (!ep) return;
    const onButton = el.closest && el.closest("button, a, summary");
    const t = mine(ep) ? now() : (page ? page.start : 0);
    const keys = {
      k: () => (mine(ep) && !audio.paused ? audio.pause() : play(ep)),
      " ": () => (onButton ? null : keys.k()),
      j: () => load(ep, Math.max(0, t - BACK)), ArrowLeft: () => keys.j(),
      l: () => load(ep, t + FORWARD), ArrowRight: () => keys.l(),
      ">": () => speed(RATES[Math.min(RATES.length - 1, RATES.indexOf(rate) + 1)] || 1),
      "<": () => speed(RATES[Math.max(0, RATES.indexOf(rate) - 1)] || 1),
      m: () => { audio.muted = !audio.muted; say(audio.muted ? tr("Muted") : tr("Sound on")); paint(); },
    };
    const fn = keys[e.key.length === 1 && e.key !== " " ? e.key.toLowerCase() : e.key];
    if (!fn || (e.key === " " && onButton)) return;
    e.preventDefault();
    fn();
  }

  function bind() {
    ui = ui.filter((u) => u.bar);
    page = null;
    pageInView = false;
    if (observer) observer.disconnect();
    const box = document.querySelector(".podsite-player[data-src]");
    if (box) {
      const native = box.querySelector("audio");
      if (native) native.remove();  // one <audio> on the page: the bar's
      const u = controls(false);
      u.ep = episodeOf(box);
      const d = deep();
      u.start = d ? d[0] : saved(u.ep);
      box.querySelector(".podsite-download").before(u.c);
      page = u;
      ui.push(u);
      if (d) play(u.ep, d[0], d[1]);
      if (window.IntersectionObserver) {
        observer = new IntersectionObserver((seen) => { pageInView = seen[0].isIntersecting; paint(); },
          { rootMargin: "-56px 0px 0px 0px" });  // under Material's fixed header is out of view
        observer.observe(u.c);
        pageInView = true;
      }
    }
    marks = [".podsite-chapters li[data-start]", ".podsite-cue[data-start]"]
      .map((s) => Array.from(document.querySelectorAll(s)));
    marked = [null, null];
    follow = true;
    followBtn = null;
    const transcript = document.querySelector(".podsite-transcript");
    if (transcript) findBox(transcript);
    document.querySelectorAll(".podsite-copy").forEach((b) => { b.hidden = !navigator.clipboard; });
    document.querySelectorAll(".podsite-listen").forEach((b) => { b.hidden = false; });
    const target = location.hash.length > 1 && !location.hash.startsWith("#t=")
      && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.matches(".podsite-cue")) target.classList.add("podsite-found");
    paint();
    mark();
  }

  // The transcript page: a find box (Enter goes to the next line holding the words) and "follow along".
  function findBox(transcript) {
    const box = document.createElement("div");
    box.className = "podsite-find";
    const find = esc(tr("Find in the transcript"));
    box.innerHTML = `<label>${find} <input type="search" data-el="find"></label> ` +
      '<span data-el="found" aria-live="polite"></span>';
    transcript.before(box);
    followBtn = document.createElement("button");
    followBtn.type = "button";
    followBtn.className = "md-button podsite-follow";
    followBtn.dataset.act = "follow";
    followBtn.textContent = tr("Follow along");
    followBtn.hidden = true;
    transcript.after(followBtn);
    const input = box.querySelector("input"), count = box.querySelector("[data-el=found]");
    let hits = [], at = -1;
    input.addEventListener("input", () => {
      const wanted = input.value.trim().toLowerCase();
      marks[1].forEach((c) => c.classList.remove("podsite-found"));
      hits = wanted ? marks[1].filter((c) => c.textContent.toLowerCase().includes(wanted)) : [];
      hits.forEach((c) => c.classList.add("podsite-found"));
      at = -1;
      count.textContent = wanted ? tr("Lines found: {count}", { count: hits.length }) : "";
    });
    input.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" || !hits.length) return;
      e.preventDefault();
      at = (at + (e.shiftKey ? hits.length - 1 : 1)) % hits.length;
      follow = false;
      hits[at].scrollIntoView({ block: "center" });
      count.textContent = tr("{index} of {count}", { index: at + 1, count: hits.length });
    });
  }

  function init() {
    try {
      ({ messages: words = {}, locale = "en" } = JSON.parse(document.getElementById("podsite-i18n").textContent));
    } catch (e) { /* none: English */ }
    bar = document.createElement("div");
    bar.className = "podsite-mini";
    bar.hidden = true;
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", tr("Now playing"));
    bar.innerHTML = '<img class="podsite-mini-art" alt="" width="48" height="48" hidden>' +
      '<div class="podsite-mini-text"><a class="podsite-mini-title" href="#"></a>' +
      '<span class="podsite-mini-chapter"></span></div><div class="podsite-sr" aria-live="polite"></div>';
    audio = document.createElement("audio");
    audio.preload = "none";
    audio.volume = Number(store("volume") ?? 1);
    live = bar.querySelector("[aria-live]");
    const m = controls(true);
    // Play and close sit beside the title, so a phone shows the bar in two rows (podsite.css orders them).
    bar.append(m.play, m.c.querySelector("[data-act=close]"), m.c, audio);
    keysDialog = document.createElement("dialog");
    keysDialog.className = "podsite-keys";
    const title = esc(tr("Keyboard shortcuts")), close = esc(tr("Close"));
    keysDialog.setAttribute("aria-label", tr("Keyboard shortcuts"));
    keysDialog.innerHTML = `<h2>${title}</h2><dl>` +
      keyList().map(([k, what]) => `<dt><kbd>${esc(k)}</kbd></dt><dd>${esc(what)}</dd>`).join("") +
      `</dl><form method="dialog"><button class="md-button">${close}</button></form>`;
    document.body.append(bar, keysDialog);
    ui.push(m);
    // The page keeps room for the bar, whatever its height on this screen.
    if (window.ResizeObserver) {
      new ResizeObserver(() => document.body.style.setProperty("--podsite-bar", `${bar.offsetHeight}px`))
        .observe(bar);
    }
    ["play", "pause", "durationchange", "ratechange", "seeked", "loadedmetadata", "volumechange"].forEach((e) =>
      audio.addEventListener(e, () => { paint(); mark(); position(); }));
    audio.addEventListener("pause", save);
    audio.addEventListener("timeupdate", () => {
      if (clipEnd != null && now() >= clipEnd) { clipEnd = null; audio.pause(); }
      if (Math.abs(now() - lastSave) >= 1) { save(); position(); }
      paint();
      mark();
    });
    audio.addEventListener("ended", () => { store("pos:" + cur.src, null); paint(); });
    sessionActions();
    document.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-act], .podsite-copy, .podsite-listen");
      if (b) return act(b);
      const seek = e.target.closest("a.podsite-seek, .podsite-cue");
      if (!seek || !page || (seek.matches(".podsite-cue") && e.target.closest("a")) ||
        (!seek.matches("a") && String(getSelection()))) return null;
      e.preventDefault();
      e.stopPropagation();  // a time link seeks here; it is not a page change for instant navigation
      follow = true;
      return play(page.ep, seek.matches("a") ? parseT(seek.hash.slice(3)) : Number(seek.dataset.start));
    }, true);
    document.addEventListener("input", (e) => { if (e.target.matches("input[data-act]")) act(e.target); });
    document.addEventListener("change", (e) => { if (e.target.matches("select[data-act]")) act(e.target); });
    document.addEventListener("keydown", key);
    ["wheel", "touchmove"].forEach((e) => window.addEventListener(e, stopFollowing, { passive: true }));
    window.addEventListener("hashchange", () => {
      const d = deep();
      if (d && page) play(page.ep, d[0], d[1]);
    });
    window.addEventListener("pagehide", save);
    // Continue listening: the last episode, paused where it was left, on whatever page the visit starts.
    let last = null;
    try { last = JSON.parse(store("now") || "null"); } catch (e) { /* none */ }
    closed = store("closed") === "1";
    if (last && last.src && !closed) {
      cur = last;
      audio.src = last.src;
      audio.defaultPlaybackRate = audio.playbackRate = rate;
      audio.currentTime = saved(last);
      session();
    }
    if (window.document$) window.document$.subscribe(bind); else bind();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
