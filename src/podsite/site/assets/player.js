/* podsite player: one <audio> per visit, in a mini-player on <body> (outside what Material's instant navigation
   swaps) so playback survives page changes. Each .podsite-player (a native <audio> without this script) gets
   controls bound to it. No framework, no network: positions and speed stay in localStorage. */
(() => {
  "use strict";
  const RATES = [0.75, 1, 1.25, 1.5, 1.75, 2];
  const ICON = { play: '<path d="M8 5v14l11-7z"/>', pause: '<path d="M6 5h4v14H6zm8 0h4v14h-4z"/>' };
  const svg = (name) => `<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">${ICON[name]}</svg>`;
  let audio, mini, live, cur = null, page = null, ui = [], closed = false, lastSave = 0;
  let marks = [[], []], marked = [null, null];

  // Words from the page (#podsite-i18n), else English; times in Latin digits, as pages write them.
  let words = {}, locale = "en";
  const tr = (m, v = {}) => (words[m] || m).replace(/\{(\w+)\}/g, (a, k) => v[k] ?? a);
  const esc = (v) => String(v).replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const pad = (n) => String(n).padStart(2, "0");
  const fmt = (s) => {
    s = Math.max(0, Math.floor(s || 0));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
  };
  // "754", "12:34" or "1:02:03" in seconds; null when it is none of these.
  const parseT = (v) => (/^(\d+:){0,2}\d+(\.\d+)?$/.test(v || "")
    ? v.split(":").reduce((a, b) => a * 60 + Number(b), 0) : null);
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
  const deep = () => parseT((location.hash.match(/^#t=([\d:.]+)$/) || [])[1] ||
    new URLSearchParams(location.search).get("t"));

  function controls(isMini) {
    const c = document.createElement("div");
    c.className = "podsite-controls";
    // Outside template literals, where Babel's extractor would miss them.
    const L = [tr("Back 15 seconds"), tr("Play"), tr("Forward 30 seconds"), tr("Seek"), tr("Playback speed"),
      tr("Close the player"), tr("Share at current time")].map(esc);
    c.innerHTML =
      `<button type="button" data-act="back" aria-label="${L[0]}">−15</button>` +
      `<button type="button" data-act="play" class="podsite-play" aria-label="${L[1]}">${svg("play")}</button>` +
      `<button type="button" data-act="fwd" aria-label="${L[2]}">+30</button>` +
      '<span class="podsite-time" data-el="elapsed">0:00</span>' +
      `<input type="range" data-act="seek" min="0" max="0" step="1" value="0" aria-label="${L[3]}">` +
      '<span class="podsite-time" data-el="remaining">-0:00</span>' +
      `<select data-act="rate" aria-label="${L[4]}" title="${L[4]}">` +
      RATES.map((r) => `<option value="${r}">${r.toLocaleString(locale)}×</option>`).join("") + "</select>" +
      (isMini ? `<button type="button" data-act="close" aria-label="${L[5]}">✕</button>`
        : `<button type="button" data-act="share" class="podsite-share">${L[6]}</button>`);
    const q = (s) => c.querySelector(s);
    return { c, mini: isMini, play: q(".podsite-play"), seek: q("input"), rate: q("select"),
      el: q('[data-el="elapsed"]'), rem: q('[data-el="remaining"]'), start: 0, on: null };
  }

  // Load `ep` into the one <audio> (at `t`, or where the listener left it) without starting it.
  function load(ep, t) {
    closed = false;
    if (!cur || cur.src !== ep.src) {
      save();
      cur = ep;
      audio.src = ep.src;
      audio.defaultPlaybackRate = audio.playbackRate = rate;
      audio.currentTime = t ?? saved(ep);  // before metadata: becomes the start position
    } else if (t != null) {
      audio.currentTime = Math.max(0, Math.min(t, audio.duration || Infinity));
    }
    paint();
  }

  function play(ep, t) {
    load(ep, t);
    audio.play().catch(() => paint());  // autoplay may be refused before the listener clicks: stay ready
  }

  function save() {
    if (!cur) return;
    const t = now();
    if (t > 0 && !audio.ended) store("pos:" + cur.src, t.toFixed(1));
    lastSave = t;
  }

  function paint() {
    for (const u of ui) {
      if (u.mini) u.ep = cur;
      if (!u.ep) continue;
      const mine = cur && u.ep.src === cur.src;
      const t = mine ? now() : u.start;
      const d = mine && audio.duration > 0 && isFinite(audio.duration) ? Math.round(audio.duration) : u.ep.dur;
      const on = Boolean(mine && !audio.paused);
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
    }
    mini.hidden = !cur || closed || Boolean(page && page.ep.src === cur.src);
    document.body.classList.toggle("podsite-with-mini", !mini.hidden);
    if (cur) {
      const link = mini.querySelector("a");
      link.href = cur.page;
      link.textContent = cur.title;
    }
  }

  // Highlight the chapter and the transcript cue being heard on this page.
  function mark() {
    const on = page && cur && page.ep.src === cur.src && (now() > 0 || !audio.paused);
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
    });
  }

  async function copy(textToCopy, done) {
    try {
      await navigator.clipboard.writeText(textToCopy);
      say(done);
    } catch (e) {
      say(tr("Copy this link: {url}", { url: textToCopy }));
    }
  }

  function act(target) {
    if (target.matches(".podsite-copy")) return copy(target.dataset.copy, tr("Feed URL copied"));
    const u = ui.find((x) => x.c.contains(target));
    if (!u || !u.ep) return null;
    const mine = cur && u.ep.src === cur.src;
    const t = mine ? now() : u.start;
    switch (target.dataset.act) {
      case "play": return mine && !audio.paused ? audio.pause() : play(u.ep);
      case "back": return load(u.ep, Math.max(0, t - 15));
      case "fwd": return load(u.ep, t + 30);
      case "seek": return load(u.ep, Number(target.value));
      case "rate":
        rate = Number(target.value);
        audio.defaultPlaybackRate = audio.playbackRate = rate;
        store("rate", rate);
        return paint();
      case "close": closed = true; audio.pause(); return paint();
      case "share": return copy(`${u.ep.share}#t=${fmt(t)}`, tr("Link to {time} copied", { time: fmt(t) }));
      default: return null;
    }
  }

  function bind() {
    ui = ui.filter((u) => u.mini);
    page = null;
    const box = document.querySelector(".podsite-player");
    const native = box && box.querySelector("audio");
    if (native) {
      native.hidden = true;  // the script's controls replace the native ones
      const u = controls(false);
      u.ep = { src: native.src, title: box.dataset.title, share: box.dataset.share,
        dur: Number(box.dataset.duration), page: (box.querySelector(".podsite-page") || location).href };
      const t = deep();
      u.start = t ?? saved(u.ep);
      box.insertBefore(u.c, native);
      page = u;
      ui.push(u);
      if (t != null) play(u.ep, t);
    }
    marks = [".podsite-chapters li[data-start]", ".podsite-cue[data-start]"]
      .map((s) => Array.from(document.querySelectorAll(s)));
    marked = [null, null];
    document.querySelectorAll(".podsite-copy").forEach((b) => { b.hidden = !navigator.clipboard; });
    paint();
    mark();
  }

  function init() {
    try {
      ({ messages: words = {}, locale = "en" } = JSON.parse(document.getElementById("podsite-i18n").textContent));
    } catch (e) { /* none: English */ }
    mini = document.createElement("div");
    mini.className = "podsite-mini";
    mini.hidden = true;
    mini.setAttribute("role", "region");
    mini.setAttribute("aria-label", tr("Now playing"));
    mini.innerHTML = '<a class="podsite-mini-title" href="#"></a><div class="podsite-sr" aria-live="polite"></div>';
    audio = document.createElement("audio");
    audio.preload = "none";
    live = mini.querySelector("[aria-live]");
    const m = controls(true);
    mini.append(m.c, audio);
    document.body.append(mini);
    ui.push(m);
    ["play", "pause", "durationchange", "ratechange", "seeked", "loadedmetadata"].forEach((e) =>
      audio.addEventListener(e, () => { paint(); mark(); }));
    audio.addEventListener("pause", save);
    audio.addEventListener("timeupdate", () => {
      if (Math.abs(now() - lastSave) >= 1) save();
      paint();
      mark();
    });
    audio.addEventListener("ended", () => { store("pos:" + cur.src, null); paint(); });
    document.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-act], .podsite-copy");
      if (b) return act(b);
      const seek = e.target.closest("a.podsite-seek, .podsite-cue");
      if (!seek || !page || (seek.matches(".podsite-cue") && e.target.closest("a")) ||
        (!seek.matches("a") && String(getSelection()))) return null;
      e.preventDefault();
      e.stopPropagation();  // a time link seeks here; it is not a page change for instant navigation
      return play(page.ep, seek.matches("a") ? parseT(seek.hash.slice(3)) : Number(seek.dataset.start));
    }, true);
    document.addEventListener("input", (e) => { if (e.target.matches("input[data-act]")) act(e.target); });
    document.addEventListener("change", (e) => { if (e.target.matches("select[data-act]")) act(e.target); });
    window.addEventListener("hashchange", () => { const t = deep(); if (t != null && page) play(page.ep, t); });
    window.addEventListener("pagehide", save);
    if (window.document$) window.document$.subscribe(bind); else bind();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
