/* podsite search: the header's search box over the Pagefind index in pagefind/ (podsite/site/search.py).
   Nothing of the index is downloaded until the listener types: then Pagefind fetches only the chunks the query
   needs, and a fragment per result shown. A hit in a transcript links to its cue (`#t=12:34`), where the page
   scrolls to it and the player starts from there (player.js). Keyboard: `/` focuses the box, arrow keys move
   through the results, Escape closes them. No framework, no third-party request. */
(() => {
  "use strict";
  const PAGE = 5;  // results fetched (one fragment each) per batch
  const WORDS = 24;  // excerpt length, in words
  const base = new URL("../../", document.currentScript.src);  // this file is assets/podsite/search.js
  let box, input, panel, status, list, more, fields, found = [], shown = 0, turn = 0, timer = 0, pagefind = null;
  // podsite's words in the site's language, from the page (#podsite-i18n, as the player reads them); messages
  // are tr("...") calls, which the catalog's extractor finds (site/player.py).
  let words = {};
  const tr = (m, v = {}) => (words[m] || m).replace(/\{(\w+)\}/g, (a, k) => v[k] ?? a);

  const load = () => {
    pagefind ??= import(new URL("pagefind/pagefind.js", base).href).then(async (pf) => {
      await pf.options({ baseUrl: base.pathname, excerptLength: WORDS });
      return pf;
    });
    pagefind.catch(() => { pagefind = null; });  // try again on the next keystroke
    return pagefind;
  };

  const count = (n) => (n === 0 ? box.dataset.none : n === 1 ? box.dataset.one
    : box.dataset.other.replace("#", String(n)));

  function open(on) {
    panel.hidden = !on;
    box.classList.toggle("podsite-search--open", on);
  }

  function chosen() {
    const filters = {};
    fields.querySelectorAll("select").forEach((s) => { if (s.value) filters[s.name] = s.value; });
    return filters;
  }

  async function run() {
    const mine = ++turn;
    const query = input.value.trim();
    const filters = chosen();
    if (!query && !Object.keys(filters).length) {
      list.textContent = "";
      status.textContent = "";
      more.hidden = true;
      return;
    }
    open(true);
    let pf;
    try {
      pf = await load();
    } catch (e) {
      status.textContent = tr("Search is not available: the site's search index is missing.");
      return;
    }
    const search = await pf.search(query || null, { filters });
    if (mine !== turn) return;  // a newer keystroke has its own search under way
    found = search.results;
    shown = 0;
    list.textContent = "";
    await next(mine);
  }

  async function next(mine) {
    const batch = await Promise.all(found.slice(shown, shown + PAGE).map((r) => r.data()));
    if (mine !== turn) return;
    batch.forEach((data) => list.append(item(data)));
    shown += batch.length;
    status.textContent = count(found.length);
    more.hidden = shown >= found.length;
  }

  // Where Pagefind's excerpt of a page starts (in words): the densest stretch of matched words, weighed as
  // Pagefind weighs them (its calculate_excerpt_region, so the link and the excerpt agree).
  function region(weighted) {
    const words = [];
    for (const w of weighted) words[w.location] = (words[w.location] || 0) + w.balanced_score;
    if (words.length <= WORDS) return 0;
    let sum = words.slice(0, WORDS).reduce((a, b) => a + (b || 0), 0), best = sum, at = [0];
    for (let i = 0; i < words.length; i++) {
      sum += (words[i + WORDS] ?? 0) - (words[i] ?? 0);
      if (sum > best) { best = sum; at = [i]; } else if (sum === best && at[at.length - 1] === i - 1) at.push(i);
    }
    return at[Math.floor(at.length / 2)];
  }

  // The transcript cue a hit lands on: the last cue anchor (`t=…`, on each cue's seek link) at or before the
  // first matched word the excerpt shows. None when that word comes before the first cue (the page's title).
  function cue(data) {
    const cues = (data.anchors || []).filter((a) => /^t=[\d:]+$/.test(a.id || ""));
    if (!cues.length || !(data.locations || []).length) return null;
    const start = region(data.weighted_locations || []);
    const word = data.locations.find((l) => l >= start) ?? data.locations[0];
    let hit = null;
    for (const anchor of cues) {
      if (anchor.location > word) break;
      hit = anchor;
    }
    return hit;
  }

  // Pagefind's excerpt is page text with `<`/`>` escaped and the matched words in <mark>: built as nodes here,
  // never as HTML, so nothing in a transcript can become markup.
  function excerpt(html) {
    const out = document.createElement("span");
    out.className = "podsite-search__excerpt";
    const plain = (t) => document.createTextNode(t.replace(/&lt;/g, "<").replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&"));
    html.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
      if (part.startsWith("<mark>")) {
        const mark = document.createElement("mark");
        mark.append(plain(part.slice(6, -7)));
        out.append(mark);
      } else if (part) {
        out.append(plain(part));
      }
    });
    return out;
  }

  function item(data) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    const title = document.createElement("span");
    const at = cue(data);
    a.className = "podsite-search__hit";
    a.href = at ? `${data.url}#${at.id}` : data.url;
    title.className = "podsite-search__title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    a.append(title);
    if (at) {
      const time = document.createElement("span");
      time.className = "podsite-search__at";
      time.textContent = tr("at {time}", { time: at.id.slice(2) });
      a.append(" ", time);
    }
    a.append(excerpt(data.excerpt || ""));
    li.append(a);
    return li;
  }

  async function showFilters() {
    if (fields.childElementCount || !box.querySelector("details").open) return;
    let values;
    try {
      values = await (await load()).filters();
    } catch (e) {
      return;
    }
    const names = { season: [tr("Season"), tr("Any season")], person: [tr("Person"), tr("Anyone")],
      tag: [tr("Tag"), tr("Any tag")] };
    for (const [name, [label, any]] of Object.entries(names)) {
      const options = Object.keys(values[name] || {}).sort((x, y) => x.localeCompare(y, undefined, { numeric: true }));
      if (!options.length) continue;
      const select = document.createElement("select");
      select.name = name;
      select.setAttribute("aria-label", label);
      select.append(new Option(any, ""));
      options.forEach((value) => select.append(new Option(`${value} (${values[name][value]})`, value)));
      fields.append(select);
    }
  }

  function results() {
    return Array.from(list.querySelectorAll("a"));
  }

  function keys(e) {
    const links = results();
    const here = links.indexOf(document.activeElement);
    if (e.key === "Escape") {
      if (!panel.hidden) { open(false); input.focus(); } else { input.value = ""; run(); }
      e.preventDefault();
    } else if (e.key === "ArrowDown" && links.length && (e.target === input || here >= 0)) {
      links[Math.min(here + 1, links.length - 1)].focus();
      e.preventDefault();
    } else if (e.key === "ArrowUp" && here >= 0) {
      (here === 0 ? input : links[here - 1]).focus();
      e.preventDefault();
    } else if (e.key === "Enter" && e.target === input && links.length) {
      links[0].click();
      e.preventDefault();
    }
  }

  function init() {
    box = document.querySelector(".podsite-search");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    input = box.querySelector("input");
    panel = box.querySelector(".podsite-search__panel");
    status = box.querySelector(".podsite-search__status");
    list = box.querySelector(".podsite-search__results");
    more = box.querySelector(".podsite-search__more");
    fields = box.querySelector(".podsite-search__fields");
    try {
      ({ messages: words = {} } = JSON.parse(document.getElementById("podsite-i18n").textContent));
    } catch (e) { /* none: English */ }
    box.querySelector("summary").textContent = tr("Filter by season, person or tag");
    list.setAttribute("aria-label", tr("Search results"));
    more.textContent = tr("More results");
    box.hidden = false;
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 150); });
    input.addEventListener("focus", () => { if (list.childElementCount || status.textContent) open(true); });
    box.addEventListener("keydown", keys);
    box.querySelector("details").addEventListener("toggle", showFilters);
    fields.addEventListener("change", run);
    more.addEventListener("click", () => next(turn));
    list.addEventListener("click", (e) => { if (e.target.closest("a")) open(false); });
    document.addEventListener("click", (e) => { if (!box.contains(e.target)) open(false); });
    document.addEventListener("keydown", (e) => {
      const typing = e.target.closest && e.target.closest("input, textarea, select, [contenteditable]");
      if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        input.focus();
        e.preventDefault();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
