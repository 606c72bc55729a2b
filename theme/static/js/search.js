// The archive's search page. Pagefind's files are fetched only when the reader searches.
//
// Words: the index holds the articles' text cut into words by plugins/archive/search_words.py
// (Japanese and Chinese words, figures), and a query is cut here the same way (queryText), so
// each word of a query starts a word of the index: `ビットコインETF` is `ビットコイン ETF`, and
// `$90,000`, `90,000` and `90000` are all the figure 90000. Pagefind itself cuts nothing.
//
// Your language first: results in the reader's language (the page's, or the one the query's
// script says) come first, with one click to every language ranked together.
//
// Cross-language topics: each article page indexes its topics' keywords in every language
// (plugins/archive/topics.py), and a query that is exactly a topic keyword also returns every
// article with that topic, through the tag filter.
//
// Names: a query that is an author's or a source's name (search/names.json) gives exactly that
// author's or source's articles, the name matched as a phrase.
//
// Download size: a Pagefind search without words (filters only) loads every chunk of the word
// index, because the empty word is a prefix of them all: 470 files, 12 MB, at 10,000 articles.
// Every tagged article also indexes its tag's name (those keywords start with it), so the
// articles of a tag are searched as their tag's name, filtered to the tag: the same articles,
// from the chunk that holds the name. Only a search with neither words nor a topic loads it all.
// An empty search loads nothing: the page lists the latest articles itself.
"use strict";

(() => {
  const form = document.getElementById("search");
  if (!form) return;
  const { ui, topics } = JSON.parse(document.getElementById("search-data").textContent);
  const root = new URL(form.dataset.root, document.baseURI);
  const input = form.elements.q;
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const range = document.getElementById("search-range");
  const latest = document.getElementById("search-latest");
  const suggest = document.getElementById("search-suggest");
  const languageLine = document.getElementById("search-languages");
  const FILTERS = ["tag", "source", "language", "year"];
  const PAGE_SIZE = 20;
  const pageLang = document.documentElement.lang;
  const archiveLanguages = new Set([...form.elements.language.options].map((option) => option.value).filter(Boolean));
  let names = null;
  let terms = null;
  let current = null; // the result stream being shown
  let generation = 0; // a newer search makes older ones stop rendering
  let timer = 0;
  let readerLang = pageLang; // the `hl` parameter: the language of the page the reader searched from
  let allLanguages = false; // the `all` parameter: every language ranked together

  // Every lookup keyed by page data (a language, a source, a tag) goes through Object.hasOwn or a
  // Map: on a plain object, `lang="constructor"` or a tag named "__proto__" finds what every
  // object inherits ("function Object() { [native code] }") instead of nothing.
  const own = (object, key) => (object && Object.hasOwn(object, key) ? object[key] : undefined);
  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, key) => own(values, key) ?? m);
  const normalise = (text) => text.normalize("NFKC").trim().toLowerCase();

  const topicOf = new Map();
  for (const [tag, words] of Object.entries(topics)) {
    for (const word of [tag, ...words]) topicOf.set(normalise(word), tag);
  }

  // --- Words, as plugins/archive/search_words.py cuts the indexed text ---------------------------
  const CJK = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u3005\\u3006";
  // A run of one script: katakana; kanji with hiragana (a kanji after hiragana starts a new one:
  // の価格 is の 価格); anything else up to a space or a Japanese or Chinese character.
  const PIECES = new RegExp(
    `[\\u30a0-\\u30ff]+|[\\u3040-\\u309f]+(?=[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff])|` +
      `[\\u3040-\\u309f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u3005\\u3006]+|[^\\s${CJK}]+`,
    "gu",
  );
  const GROUPED = /(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,]*\d)/g; // 90 000: one figure
  const CURRENCY = /\p{Sc}/gu; // $90,000: the figure 90,000
  const ELISION = /(?<![\p{L}\p{M}])([\p{L}\p{M}]{1,4}['’])(?=[\p{L}\p{M}]{2})/gu; // d’approvisionnement

  function queryText(text) {
    const normal = text.normalize("NFKC").replace(/\u0e4d\u0e32/g, "\u0e33"); // Thai ำ as the index has it
    const figures = normal.replace(GROUPED, (m) => m.replace(/ /g, ",")).replace(CURRENCY, " ").replace(ELISION, "$1 ");
    return (figures.match(PIECES) || []).join(" ");
  }

  // The same words with each run of three kanji or more (or four Thai letters) cut by the
  // browser's dictionary: the index has a compound whole and its words, so `投資者情緒` inside
  // `鏈上數據透露投資者情緒` is found as `投資者 情緒`. Searched beside the words as typed
  // (measured on 400 generated articles, 461 Japanese and Chinese queries: recall 0.88 alone,
  // 0.96 with it; README "Search").
  const DICTIONARY_CUT = [
    [/^[\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006]{3,}$/u, (words) => (/[\u3040-\u30ff]/.test(words) ? "ja" : "zh")],
    [/^[\u0e00-\u0e7f]{4,}$/u, () => "th"],
  ];
  function dictionaryWords(words) {
    if (typeof Intl.Segmenter !== "function") return words;
    const cut = (piece) => {
      const rule = DICTIONARY_CUT.find(([pattern]) => pattern.test(piece));
      if (!rule) return [piece];
      const segmenter = new Intl.Segmenter(rule[1](words), { granularity: "word" });
      return [...segmenter.segment(piece)].filter((part) => part.isWordLike).map((part) => part.segment);
    };
    return words.split(" ").flatMap(cut).join(" ");
  }

  // What the index inserted is marked with U+2060 (search_words.py): removed from what is shown,
  // also when Pagefind's <mark> comes between the mark and what it marks.
  const shown = (text) =>
    text.replace(/\u2060((?:<\/?mark>)*)([ ',]?)/g, (m, tags, inserted) => (inserted === "," ? "\u00a0" : "") + tags);

  // --- The reader's language ---------------------------------------------------------------------
  // The query's script says it where it can (kana is Japanese, Hangul Korean); Han alone is
  // Japanese or Chinese by the page's language, Cyrillic Russian or Ukrainian; any other script
  // (Latin, figures) is the page's language. Only languages the archive has count.
  function readerLanguages(query) {
    const page = readerLang;
    let wanted = [page];
    if (/[\u3040-\u30ff]/.test(query)) wanted = ["ja"];
    else if (/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(query)) wanted = ["ko"];
    else if (/\p{Script=Han}/u.test(query)) wanted = ["ja", "zh-CN", "zh-TW"].includes(page) ? [page] : ["zh-CN", "zh-TW"];
    else if (/\p{Script=Cyrillic}/u.test(query)) wanted = ["ru", "uk"].includes(page) ? [page] : ["ru", "uk"];
    else if (/\p{Script=Thai}/u.test(query)) wanted = ["th"];
    else if (/\p{Script=Arabic}/u.test(query)) wanted = ["ar"];
    return wanted.filter((lang) => archiveLanguages.has(lang));
  }

  // Languages by their own names (search/names.json), else as the interface names them.
  let ownNames = {};
  const languageName = (lang) => own(ownNames, lang) || own(ui.languages, lang) || lang;

  // --- The index: one Pagefind bundle per year (plugins/archive/search_shards.py) ----------------
  // pagefind/shards.json lists the bundles newest first, with each one's newest date. One Pagefind
  // instance holds them: the newest bundle is opened with the first search and the others are
  // merged into it (Pagefind's mergeIndex) when a search needs them, so Pagefind's script, worker
  // and wasm are fetched once. Each bundle is merged with a filter of its own (`shard`, Pagefind's
  // mergeFilter), so one bundle can be asked at a time and each result is known by its bundle and
  // its id (an id is unique in its bundle only).
  // - By relevance every bundle is searched and the results are merged by Pagefind's score, as
  //   Pagefind's own search of merged bundles does (a year filter searches that year's alone).
  // - By date each bundle gives its results newest first and they are merged on each result's date
  //   (ByDate): a bundle is searched only once the results merged so far reach its newest date, so
  //   a page of results often comes from the newest year alone; the total is then "at least".
  // Pagefind orders equal dates arbitrarily, and differently in a bundle of some pages than in one
  // of all of them: the index gives each page a date value of its own (search_index.date_order:
  // its date, then its address), so equal dates (an article's translations) come in one order
  // however the archive is cut into bundles, and `before` merges them in that order.
  let index = null;

  // Pagefind cuts a query into words itself when the page is in Japanese, Chinese or Thai (with
  // the browser's dictionary, not the index's): it is loaded as if the page had no language.
  function loadIndex() {
    if (!index) {
      index = (async () => {
        const response = await fetch(new URL("pagefind/shards.json", root), { cache: "no-cache" });
        if (!response.ok) throw new Error(`pagefind/shards.json: ${response.status}`);
        const shards = ((await response.json()).shards || [])
          .filter((shard) => /^[\w-]+$/.test(shard.name))
          .map((shard) => ({
            name: shard.name,
            years: Array.isArray(shard.years) ? shard.years.map(String) : [],
            newest: typeof shard.newest === "number" ? shard.newest : null,
            path: new URL(`pagefind/${shard.name}/`, root).pathname,
            opened: null,
          }));
        return new ShardedIndex(shards, shards.length ? await openNewest(shards[0]) : null);
      })();
      index.catch(() => {
        index = null;
      });
    }
    return index;
  }

  async function openNewest(shard) {
    const module = await import(new URL("pagefind/pagefind.js", root).href);
    const html = document.documentElement;
    html.setAttribute("lang", "und");
    let engine;
    try {
      engine = module.createInstance({ basePath: shard.path, baseUrl: root.pathname, mergeFilter: { shard: shard.name } });
    } finally {
      html.setAttribute("lang", pageLang);
    }
    shard.opened = engine.init();
    await shard.opened;
    return engine;
  }

  class ShardedIndex {
    constructor(shards, engine) {
      this.shards = shards;
      this.engine = engine;
    }

    open(shard) {
      shard.opened ||= this.engine.mergeIndex(shard.path, {
        mergeFilter: { shard: shard.name },
        baseUrl: root.pathname,
        language: "und",
      });
      return shard.opened;
    }

    // The bundles a search can find anything in: those of the year a year filter names.
    within(filters) {
      const year = filters.year;
      return typeof year === "string" ? this.shards.filter((shard) => shard.years.includes(year)) : this.shards;
    }

    // One bundle's results in Pagefind's order, each known by its bundle and its id, and whether
    // they are `exact`: whether the bundle has the words searched (see matchesEvery).
    async searchOne(shard, term, options, plain) {
      await this.open(shard);
      const found = await this.engine.search(term, { ...options, filters: { ...options.filters, shard: shard.name } });
      const items = found.results.map((result) => ({ result, plain, key: `${shard.name}/${result.id}` }));
      const phrase = term && /^\s*".+"\s*$/.test(term); // Pagefind matches a phrase's words exactly
      const exact = items.length > 0 && (!term || phrase || (await loaded(items[0]), matchesEvery(items[0], term)));
      return { items, exact, totalFilters: found.totalFilters || {} };
    }

    // A search across the bundles, by relevance or (options.sort) by date. `plain`: the results
    // show each page's opening as excerpt (a tag search).
    async search(term, options, plain = false) {
      const shards = this.within(options.filters);
      const found = options.sort ? new ByDate(this, shards, term, options, plain) : new ByScore(this, shards, term, options, plain);
      await found.started;
      return found;
    }
  }

  const stamp = (item) => Number(item.loaded.meta.timestamp || 0);
  // Code points in order: the order of UTF-8 bytes, in which Pagefind sorts text.
  function textOrder(a, b) {
    if (a === b) return 0;
    const [x, y] = [[...a], [...b]];
    for (let at = 0; at < Math.min(x.length, y.length); at++) {
      if (x[at] !== y[at]) return x[at].codePointAt(0) - y[at].codePointAt(0);
    }
    return x.length - y.length;
  }
  // Whether `a` comes before `b` by date: newer first, and of one date the greater address first,
  // as Pagefind sorts the index's date values (search_index.date_order).
  const before = (a, b) => stamp(a) > stamp(b) || (stamp(a) === stamp(b) && textOrder(a.loaded.raw_url || "", b.loaded.raw_url || "") > 0);
  const loaded = async (item) => (item.loaded ||= await (item.loading ||= load(item.result, item.plain)));

  // Filter counts of several searches: the largest count of each value (each search of one bundle
  // already counts every bundle merged so far).
  function addFilters(into, more) {
    for (const [name, values] of Object.entries(more)) {
      const counts = (into[name] ||= {});
      for (const [value, count] of Object.entries(values)) counts[value] = Math.max(counts[value] || 0, count);
    }
  }

  // What Pagefind compares of a word: no case, accents, punctuation or the index's marks.
  const bare = (word) => word.normalize("NFKD").replace(/[\p{M}\p{P}\p{S}\u2060]/gu, "").toLowerCase();

  // Whether a bundle's first result matches each word of `term` as Pagefind extends a word: a word
  // of the page (or of its metadata) starts with it or, a compound, holds it. Pagefind matches a
  // word that no word of its bundle starts with by the longest word of the bundle that starts it
  // (`90000` by `900`, `prices` by `price`); in one index of everything the word is there, and
  // those pages are no result. So a bundle's results count only if the bundle has every word, or if
  // no bundle has them all (as one index without the word would match them too).
  // The places matched are the result's own (`words`): the page's data is shared by the searches
  // that find it, and its `locations` are those of whichever asked last.
  function matchesEvery(item, term) {
    const content = (item.loaded.content || "").split(/\s+/);
    const places = item.result.words || [];
    const found = [...places.map((at) => content[at] || ""), ...Object.values(item.loaded.meta || {}).join(" ").split(/\s+/)]
      .map(bare);
    return term.split(/\s+/).map(bare).filter(Boolean).every((word) => found.some((seen) => seen.includes(word)));
  }

  // One search over the bundles, searched one at a time, newest first, as the results shown need
  // them (ByScore, ByDate say when). Only the bundles that have every word count, if any has (see
  // matchesEvery): until one is found, the bundles that lack a word wait and the next is searched;
  // if none has, they all count.
  class AcrossShards {
    constructor(index, shards, term, options, plain) {
      Object.assign(this, { index, term, options, plain });
      const newest = (shard) => (shard.newest === null ? -Infinity : shard.newest);
      this.waiting = [...shards].sort((a, b) => newest(b) - newest(a) || 0);
      this.lists = [];
      this.totalFilters = {};
      this.started = this.searchNext();
    }

    get complete() {
      return !this.waiting.length;
    }

    // The lists of the bundles searched whose results count (see above).
    get counted() {
      const exact = this.lists.filter((list) => list.exact);
      return exact.length ? exact : this.complete ? this.lists : [];
    }

    keys() {
      return this.counted.flatMap((list) => list.items.map((item) => item.key));
    }

    async searchNext() {
      const shard = this.waiting.shift();
      if (!shard) return;
      const found = await this.index.searchOne(shard, this.term, this.options, this.plain);
      addFilters(this.totalFilters, found.totalFilters);
      this.lists.push({ items: found.items, exact: found.exact, at: 0 });
    }
  }

  // By relevance: the results of the bundles searched so far, merged by Pagefind's score (ties: the
  // newer bundle first). The next bundle is searched when those cannot fill the page (`reach`), so
  // the first page of a common word comes from the newest year alone, and results of an older year
  // join the ranking from the page that needed it on. Once every bundle is searched (a rare word,
  // or pages enough) it is the merge of all of them.
  class ByScore extends AcrossShards {
    // The results of the bundles that count, best first (those shown too: the callers skip them).
    remaining() {
      if (this.ranked?.lists !== this.lists.length) {
        const items = this.counted.flatMap((list) => list.items);
        this.ranked = { lists: this.lists.length, items: items.sort((a, b) => b.result.score - a.result.score) };
      }
      return this.ranked.items; // sorted stably: of one score, the newer bundle first
    }

    // Search older bundles until `count` results not in `keys` are at hand, or none is left.
    async reach(count, keys) {
      while (!this.complete && this.remaining().filter((item) => !keys.has(item.key)).length < count) {
        await this.searchNext();
      }
    }

    async head(seen) {
      for (;;) {
        const item = this.remaining().find((one) => !seen.has(one.key));
        if (item) return (await loaded(item), item);
        if (this.complete) return null;
        await this.searchNext();
      }
    }
  }

  // By date: each bundle's results newest first (Pagefind's sort), merged by `before`; the next
  // bundle (newest first) is searched when nothing in the bundles searched so far is newer than
  // its newest date. A bundle without dates (`undated`) comes last.
  class ByDate extends AcrossShards {
    async head(seen) {
      for (;;) {
        let best = null;
        for (const list of this.counted) {
          while (list.at < list.items.length && seen.has(list.items[list.at].key)) list.at++;
          const item = list.items[list.at];
          if (!item) continue;
          await loaded(item);
          if (!best || before(item, best)) best = item;
        }
        const next = this.waiting[0];
        if (!next || (best && (next.newest === null || next.newest < stamp(best)))) return best;
        await this.searchNext();
      }
    }

    // The pages of the next results, fetched at once: `count` from the bundle whose result comes
    // next (the page is mostly there), the next one of each other bundle searched (`head` compares
    // them); the others as the merge reaches them.
    prefetch(count, seen) {
      const next = (list) => list.items.slice(list.at).filter((item) => !seen.has(item.key));
      const lists = this.counted.map(next).filter((items) => items.length);
      const known = lists.filter((items) => items[0].loaded);
      const leading = known.length ? known.reduce((best, items) => (before(items[0], best[0]) ? items : best)) : lists[0];
      for (const items of lists) {
        for (const item of items.slice(0, items === leading ? count : 1)) item.loading ||= load(item.result, item.plain);
      }
    }
  }

  // search/names.json (authors, sources, languages' names), fetched with the first search, and
  // search/terms.json (topics, title words), only when a search finds nothing
  // (plugins/archive/search_terms.py).
  const fetchJson = (name) =>
    fetch(new URL(`search/${name}`, root))
      .then((response) => (response.ok ? response.json() : {}))
      .catch(() => ({}));

  function loadNames() {
    if (!names) {
      names = fetchJson("names.json").then((known) => {
        ownNames = own(known, "languages") || {};
        return known;
      });
    }
    return names;
  }

  function loadTerms() {
    if (!terms) terms = Promise.all([loadNames(), fetchJson("terms.json")]).then(([known, more]) => ({ ...known, ...more }));
    return terms;
  }

  const EXCERPT_WORDS = 30; // Pagefind's default excerpt length

  // The opening words of a page, as Pagefind's excerpt for a search without words: a tag search
  // matches the hidden keyword list at the end of the page, which is no passage to show.
  function opening(data) {
    const words = (data.raw_content || "").split(/[\r\n\s]+/g);
    return shown(words.slice(0, EXCERPT_WORDS).join(" ")).trim();
  }

  // Text as HTML, for excerptNode: Pagefind's excerpts are HTML, the page's opening is text
  // (a `<b>` or `<mark>` written in an article must show as written).
  const asHtml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

  // What a result shows, copied when loaded: Pagefind shares one object per page between searches
  // and rewrites its excerpt on every data() call.
  // A page found only by its topics' keywords (the hidden list, weighted below the text: see
  // article.html) shows its opening too.
  async function load(result, plain) {
    const data = { ...(await result.data()) };
    const places = data.weighted_locations || [];
    if (plain || (places.length && places.every((place) => place.weight < 1))) data.excerpt = asHtml(opening(data));
    return data;
  }

  // Results of one or more searches (ByScore, ByDate), without duplicates, loaded a page at a
  // time. By relevance the searches follow each other; by date they are merged by `before`. A tag
  // search's results show each page's opening as excerpt.
  class ResultStream {
    constructor(searches, byDate) {
      this.searches = searches;
      this.byDate = byDate;
      this.seen = new Set();
    }

    // The results known so far: all of them once every search has searched every bundle.
    get total() {
      return new Set(this.searches.flatMap((search) => search.keys())).size;
    }

    get complete() {
      return this.searches.every((search) => search.complete);
    }

    // The pages of the next `count` results are fetched at once, not one after another (by
    // relevance those are known without them; by date, the next `count` of each bundle searched).
    prefetch(count) {
      if (this.byDate) {
        for (const search of this.searches) search.prefetch(count, this.seen);
        return;
      }
      const keys = new Set(this.seen);
      for (const item of this.searches.flatMap((search) => search.remaining())) {
        if (keys.size >= this.seen.size + count) break;
        if (keys.has(item.key)) continue;
        keys.add(item.key);
        item.loading ||= load(item.result, item.plain);
      }
    }

    // One at a time and in search order: a page in several searches is shown as the first has it
    // (the text search's, with the matches marked in its excerpt).
    async next() {
      let pick = null;
      for (const search of this.searches) {
        const head = await search.head(this.seen);
        if (!head) continue;
        if (!this.byDate) {
          pick = head;
          break;
        }
        if (!pick || before(head, pick)) pick = head;
      }
      if (!pick) return null;
      this.seen.add(pick.key);
      return pick.loaded;
    }

    // By relevance, each search in turn searches older bundles until it has the results of the
    // page it gives (the searches before it give the others).
    async reach(count) {
      const keys = new Set(this.seen);
      for (const search of this.searches) {
        if (keys.size >= this.seen.size + count) return;
        await search.reach(this.seen.size + count - keys.size, keys);
        for (const item of search.remaining()) {
          if (keys.size >= this.seen.size + count) break;
          keys.add(item.key);
        }
      }
    }

    async take(count) {
      if (!this.byDate) await this.reach(count);
      this.prefetch(count);
      const taken = [];
      while (taken.length < count) {
        const item = await this.next();
        if (!item) break;
        taken.push(item);
      }
      return taken;
    }
  }

  function chosenFilters() {
    const filters = {};
    for (const name of FILTERS) {
      const value = form.elements[name].value;
      if (value) filters[name] = value;
    }
    return filters;
  }

  function remember(query, filters, sort) {
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    for (const [name, value] of Object.entries(filters)) params.set(name, value);
    if (sort) params.set("sort", sort);
    if (readerLang !== pageLang) params.set("hl", readerLang);
    if (allLanguages) params.set("all", "1");
    const search = params.toString();
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
  }

  function restore() {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    for (const name of [...FILTERS, "sort"]) {
      const select = form.elements[name];
      const value = params.get(name) || "";
      if ([...select.options].some((option) => option.value === value)) select.value = value;
    }
    const hl = params.get("hl") || "";
    if (archiveLanguages.has(hl)) readerLang = hl;
    allLanguages = params.get("all") === "1";
  }

  // A name in <bdi>: a right-to-left source name cannot reorder the date printed after it.
  function isolated(name) {
    if (!name) return null;
    const element = document.createElement("bdi");
    element.textContent = name;
    return element;
  }

  // Pagefind's excerpt is HTML with <mark> around the matches; only text and <mark> are kept.
  // Pagefind marks a word with the punctuation around it (“Reserve,): the mark is the word's.
  const EDGES = /^([\p{P}\p{S}\s]*)(.*?)([\p{P}\p{S}\s]*)$/su;
  function excerptNode(html, lang) {
    const paragraph = document.createElement("p");
    paragraph.className = "excerpt";
    if (lang) paragraph.lang = lang;
    const parsed = new DOMParser().parseFromString(shown(html), "text/html");
    for (const node of parsed.body.childNodes) {
      const [, before, word, after] = node.textContent.match(EDGES);
      if (node.nodeName === "MARK" && word) {
        const mark = document.createElement("mark");
        mark.textContent = word;
        paragraph.append(before, mark, after);
      } else {
        paragraph.append(node.textContent);
      }
    }
    return paragraph;
  }

  function resultNode(data) {
    const lang = (own(data.filters, "language") || [])[0];
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    if (lang) link.lang = lang;
    const heading = document.createElement("h2");
    heading.append(link);
    const meta = document.createElement("p");
    meta.className = "meta";
    let named = null;
    if (lang) {
      named = document.createElement("span");
      named.lang = lang;
      named.textContent = languageName(lang);
    }
    const parts = [isolated((own(data.filters, "source") || [])[0]), own(data.meta, "date"), named];
    meta.append(...parts.filter(Boolean).flatMap((part, index) => (index ? [" · ", part] : [part])));
    item.append(heading, meta, excerptNode(data.excerpt || "", lang));
    const tags = own(data.filters, "tag") || [];
    if (tags.length) {
      const tagLine = document.createElement("p");
      tagLine.className = "result-tags";
      tagLine.textContent = tags.join(" · ");
      item.append(tagLine);
    }
    return item;
  }

  // The next page of results, and the count: exact once every bundle has been searched, else
  // "at least" (a search by date leaves the older years unsearched while the newer fill the page).
  async function showMore(stream, run) {
    const page = await stream.take(PAGE_SIZE);
    if (run !== generation) return;
    list.append(...page.map(resultNode));
    const shownCount = list.children.length;
    const { total, complete } = stream;
    const counted = !complete ? fill(ui.search_results_at_least, { count: total })
      : total === 1 ? ui.search_result_one : total ? fill(ui.search_results, { count: total }) : ui.search_no_results;
    if (status.textContent !== counted) status.textContent = counted;
    more.hidden = complete && shownCount >= total;
    range.hidden = !shownCount;
    range.textContent = fill(complete ? ui.search_range : ui.search_range_at_least, { first: 1, last: shownCount, total });
  }

  // The articles of options.filters.tag (and the other filters), by the tag's name: see the top.
  // The name finds the tag's articles when, the other filters aside, it finds any of them
  // (totalFilters); else (a tag added by hand whose name Pagefind cuts differently) the search
  // without words still does, at the price of the whole word index.
  async function tagSearch(index, tag, options) {
    const found = await index.search(tag, options, true);
    if ((await found.head(new Set())) || own(own(found.totalFilters, "tag"), tag)) return found;
    return index.search(null, options);
  }

  // Filters without words: through the tag when there is one, else every article, filtered.
  function withoutWords(index, options) {
    const tag = options.filters.tag;
    return tag ? tagSearch(index, tag, options) : index.search(null, options);
  }

  // ---- Filter-only views (issue 24): the static listing, not a search ------------------------
  // One filter and no words is a list the site already has, newest first: the topic's, source's,
  // year's or language's listing (each option's data-listing, written when the site is built). It
  // costs what one page costs, where Pagefind without words loads its whole word index. A shared
  // address (/search/?source=X) is replaced by the listing; a Search press opens it; a filter chosen
  // while the box is empty offers it as a link (choosing a setting does not move the reader away).
  // Several filters without words are still searched.
  function listingFor(query, filters) {
    const names = Object.keys(filters);
    if (query || names.length !== 1) return null;
    const option = form.elements[names[0]].selectedOptions[0];
    const path = option && option.dataset.listing;
    return path ? { url: new URL(path, root).href, name: option.textContent } : null;
  }

  // Not kept in the address: Back from the listing must not land on an address that opens it again.
  function offerListing(listing) {
    remember("", {}, "");
    const link = document.createElement("a");
    link.href = listing.url;
    link.textContent = fill(ui.search_listing, { name: listing.name });
    list.replaceChildren();
    list.setAttribute("aria-busy", "false");
    hideExtras();
    if (latest) latest.hidden = true;
    status.replaceChildren(link);
  }

  // Registered before the search's own submit handler, which it stops.
  function openListingOnSubmit(event) {
    const listing = listingFor(input.value.trim(), chosenFilters());
    if (!listing) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    location.assign(listing.url);
  }
  // ---- end of filter-only views ----------------------------------------------------------------

  // The author or source whose name the query is, as [kind, name], or null.
  function nameIn(query, known) {
    const wanted = normalise(query);
    for (const kind of ["author", "source"]) {
      const entry = (own(known, `${kind}s`) || []).find(([name]) => normalise(name) === wanted);
      if (entry) return [kind, entry[0]];
    }
    return null;
  }

  // The searches for words: the query (and its topic), in the reader's languages first.
  function wordSearches(index, query, filters, sort, prefer) {
    const options = sort ? { filters, sort: { date: "desc" } } : { filters };
    const words = queryText(query);
    const topic = topicOf.get(normalise(query));
    const cut = topic ? words : dictionaryWords(words); // a topic's keyword finds its topic already
    // The query that is the tag's name finds the tagged articles itself (and the tag filter's
    // 64 KB at 10,000 articles stay unloaded).
    const named = topic && normalise(topic) === normalise(query);
    const withTopic = topic && !named && (!filters.tag || filters.tag === topic);
    const searches = (scope) => {
      const scoped = { ...options, filters: { ...filters, ...scope } };
      const made = [index.search(words, scoped)];
      if (cut !== words) made.push(index.search(cut, scoped));
      if (withTopic) made.push(tagSearch(index, topic, { ...scoped, filters: { ...scoped.filters, tag: topic } }));
      return made;
    };
    const first = prefer.length ? searches({ language: prefer.length === 1 ? prefer[0] : { any: prefer } }) : [];
    return { first, all: searches({}), topic: Boolean(withTopic) };
  }

  function hideExtras() {
    for (const element of [range, languageLine, suggest]) element.hidden = true;
    more.hidden = true;
  }

  async function search() {
    const run = ++generation;
    const query = input.value.trim();
    const filters = chosenFilters();
    const sort = form.elements.sort.value;
    const listing = listingFor(query, filters); // filter-only: see above
    if (listing) return offerListing(listing);
    remember(query, filters, sort);
    hideExtras();
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      list.setAttribute("aria-busy", "false");
      status.textContent = "";
      if (latest) latest.hidden = false;
      return;
    }
    if (latest) latest.hidden = true;
    status.textContent = ui.search_loading;
    list.setAttribute("aria-busy", "true");
    try {
      const [index, known] = await Promise.all([loadIndex(), loadNames()]);
      const options = sort ? { filters, sort: { date: "desc" } } : { filters };
      const name = query && nameIn(query, known);
      let lists;
      let first = []; // the searches in the reader's languages
      let prefer = [];
      let strong = true;
      if (!query) {
        lists = [await withoutWords(index, options)];
      } else if (name) {
        const [kind, value] = name;
        const phrase = `"${queryText(value).replace(/"/g, " ")}"`;
        lists = [await index.search(phrase, { ...options, filters: { ...filters, [kind]: value } })];
      } else {
        prefer = filters.language || sort || allLanguages ? [] : readerLanguages(query);
        const made = wordSearches(index, query, filters, sort, prefer);
        first = await Promise.all(made.first);
        const all = await Promise.all(made.all);
        lists = [...first, ...all];
        if (!made.topic) strong = await matchesWell(await firstResult(all), query);
      }
      const stream = new ResultStream(strong ? lists : [], Boolean(sort));
      if (run !== generation) return;
      current = stream;
      list.replaceChildren();
      await showMore(stream, run);
      if (run !== generation) return;
      // Counted once the first page is taken: the years it searched are those counted.
      const firstCount = new Set(first.flatMap((found) => found.keys())).size;
      showLanguages(query, filters, sort, prefer, firstCount, stream.total);
      if (!stream.total && query) await showSuggestions(query, run);
    } catch (error) {
      if (run === generation) status.textContent = ui.search_failed;
      console.warn(error);
    } finally {
      if (run === generation) list.setAttribute("aria-busy", "false");
    }
  }

  form.addEventListener("submit", openListingOnSubmit); // filter-only: see above
  // --- Your language first, or all languages -----------------------------------------------------
  function showLanguages(query, filters, sort, prefer, firstCount, total) {
    const wanted = readerLanguages(query);
    const names = wanted.map(languageName).join(" / ");
    const [text, button] = languageLine.children;
    if (allLanguages && !filters.language && !sort && wanted.length && total) {
      text.textContent = ui.search_all_languages;
      button.textContent = fill(ui.search_language_first, { language: names });
      languageLine.hidden = false;
    } else if (prefer.length && firstCount && firstCount < total) {
      text.textContent = fill(ui.search_language_first, { language: names });
      button.textContent = ui.search_all_languages;
      languageLine.hidden = false;
    }
  }

  // --- When nothing is found ---------------------------------------------------------------------
  // Pagefind matches a word it does not have by the longest word it has that starts it (xyzzy by
  // x): such results are no match. A query matches well when the best result has, for each of
  // its words, the start of that word (half of it at least; two characters of Japanese or Chinese).
  async function firstResult(searches) {
    for (const search of searches) {
      const head = await search.head(new Set());
      if (head) return head;
    }
    return null;
  }

  // The places matched are the result's own (`words`; see matchesEvery).
  async function matchesWell(item, query) {
    if (!item) return true;
    const data = item.loaded;
    const content = (data.content || "").split(/\s+/);
    const metas = Object.values(data.meta || {}).join(" ").split(/\s+/);
    const matched = [...(item.result.words || []).map((at) => content[at] || ""), ...metas]
      .map((word) => normalise(shown(word)).replace(/[\p{P}\p{S}]/gu, ""));
    return queryText(query).split(" ").filter(Boolean).every((word) => {
      const term = normalise(word).replace(/[\p{P}\p{S}]/gu, "");
      if (!term) return true;
      const least = new RegExp(`[${CJK}]`, "u").test(term) ? Math.min(2, term.length) : Math.ceil(term.length / 2);
      for (let length = term.length; length >= least; length--) {
        if (matched.some((seen) => seen.includes(term.slice(0, length)))) return true;
      }
      return false;
    });
  }

  // Edit distance (with transpositions), given up past `most`.
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let least = i;
      for (let j = 1; j <= b.length; j++) {
        let cost = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cost = Math.min(cost, before[j - 2] + 1);
        row.push(cost);
        least = Math.min(least, cost);
      }
      if (least > most) return most + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  const allowed = (word) => (word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3);

  // The spellings nearest to the query, from the title words, topic keywords and names.
  function nearestSpellings(query, known) {
    const wanted = normalise(query);
    const candidates = new Map();
    const offer = (word, weight) => {
      const key = normalise(word);
      if (key && key !== wanted) candidates.set(key, Math.max(candidates.get(key) || 0, weight));
    };
    (own(known, "words") || []).forEach((word, rank) => offer(word, 1 / (rank + 2)));
    for (const [topic, words] of Object.entries(topics)) [topic, ...words].forEach((word) => offer(word, 1));
    for (const kind of ["authors", "sources"]) (own(known, kind) || []).forEach(([name]) => offer(name, 1));
    const most = allowed(wanted);
    return [...candidates]
      .map(([word, weight]) => ({ word, weight, away: distance(wanted, word, most) }))
      .filter((entry) => entry.away <= most)
      .sort((a, b) => a.away - b.away || b.weight - a.weight || a.word.localeCompare(b.word))
      .slice(0, 5)
      .map((entry) => entry.word);
  }

  // The topics nearest to the query (a keyword within reach of it, or starting with it), else the largest.
  function nearestTopics(query, known) {
    const wanted = normalise(query);
    const present = own(known, "topics") || [];
    const near = present.filter(([topic]) => {
      const words = [topic, ...(own(topics, topic) || [])].map(normalise);
      return words.some((word) => word.startsWith(wanted) || distance(wanted, word, allowed(wanted)) <= allowed(wanted));
    });
    return near.length ? { label: ui.search_topics_near, topics: near.slice(0, 6) } : { label: ui.search_topics_popular, topics: present.slice(0, 6) };
  }

  function linkLine(label, links) {
    const line = document.createElement("p");
    line.append(`${label}: `);
    links.forEach((link, index) => line.append(...(index ? [" · ", link] : [link])));
    return line;
  }

  async function showSuggestions(query, run) {
    const known = await loadTerms();
    if (run !== generation) return;
    const lines = [];
    const spellings = nearestSpellings(query, known).map((word) => {
      const link = document.createElement("a");
      const target = new URL(location.pathname, location.href);
      target.searchParams.set("q", word);
      link.href = target.href;
      link.textContent = word;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        input.value = word;
        search();
      });
      return link;
    });
    if (spellings.length) lines.push(linkLine(ui.search_did_you_mean, spellings));
    const { label, topics: offered } = nearestTopics(query, known);
    const here = (url) => {
      const target = new URL(url, root);
      return target.origin === root.origin ? target : null; // an address on this site, never another scheme
    };
    const topicLinks = offered.filter(([, url]) => here(url)).map(([topic, url, count]) => {
      const link = document.createElement("a");
      link.href = here(url).href;
      link.textContent = `${topic} (${count})`;
      return link;
    });
    if (topicLinks.length) lines.push(linkLine(label, topicLinks));
    suggest.replaceChildren(...lines);
    suggest.hidden = !lines.length;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  form.addEventListener("change", (event) => event.target !== input && search());
  more.addEventListener("click", () => current && showMore(current, generation));
  languageLine.querySelector("button").addEventListener("click", () => {
    allLanguages = !allLanguages;
    search();
  });

  form.querySelector(".filters").hidden = false;
  restore();
  const shared = location.search && listingFor(input.value.trim(), chosenFilters()); // filter-only
  if (shared) location.replace(shared.url);
  else if (location.search) search();
})();
