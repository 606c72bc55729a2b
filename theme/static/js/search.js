// The archive's search page. Pagefind's files are fetched only when the reader searches.
//
// Cross-language topics: each article page indexes its topics' keywords in every language
// (plugins/archive/topics.py). Pagefind segments some Japanese words differently when indexing
// and when searching (ビットコイン is indexed as ビット + コイン), so a query that is exactly a
// topic keyword also returns every article with that topic, through the tag filter.
//
// Download size: a Pagefind search without words (filters only) loads every chunk of the word
// index, because the empty word is a prefix of them all: 470 files, 12 MB, at 10,000 articles.
// Every tagged article also indexes its tag's name (those keywords start with it), so the
// articles of a tag are searched as their tag's name, filtered to the tag: the same articles,
// from the chunk that holds the name. Only a search with neither words nor a topic loads it all.
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
  const FILTERS = ["tag", "source", "language", "year"];
  const PAGE_SIZE = 10;
  let pagefind = null;
  let current = null; // the result stream being shown
  let generation = 0; // a newer search makes older ones stop rendering
  let timer = 0;

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

  async function loadPagefind() {
    if (!pagefind) {
      const module = await import(new URL("pagefind/pagefind.js", root).href);
      await module.options({ baseUrl: root.pathname });
      await module.init();
      pagefind = module;
    }
    return pagefind;
  }

  const stamp = (result) => Number(result.loaded.meta.timestamp || 0);
  const EXCERPT_WORDS = 30; // Pagefind's default excerpt length

  // The opening words of a page, as Pagefind's excerpt for a search without words: a tag search
  // matches the hidden keyword list at the end of the page, which is no passage to show.
  function opening(data) {
    const content = data.raw_content || "";
    const spaced = !content.includes("\u200B"); // Pagefind joins CJK words with zero-width spaces
    const words = spaced ? content.split(/[\r\n\s]+/g) : content.split("\u200B");
    return words.slice(0, EXCERPT_WORDS).join(spaced ? " " : "").trim();
  }

  // Text as HTML, for excerptNode: Pagefind's excerpts are HTML, the page's opening is text
  // (a `<b>` or `<mark>` written in an article must show as written).
  const asHtml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

  // What a result shows, copied when loaded: Pagefind shares one object per page between searches
  // and rewrites its excerpt on every data() call.
  async function load(result, plain) {
    const data = { ...(await result.data()) };
    if (plain) data.excerpt = asHtml(opening(data));
    return data;
  }

  // Results of one or more Pagefind searches, without duplicates, loaded a page at a time.
  // By relevance the lists follow each other; by date they are merged on each page's timestamp.
  // A list from a tag search ({ results, plain: true }) shows each page's opening as excerpt.
  class ResultStream {
    constructor(lists, byDate) {
      this.lists = lists.map((search) => search.results.map((result) => ({ result, plain: search.plain })));
      this.byDate = byDate;
      const ids = new Set(this.lists.flat().map((item) => item.result.id));
      this.total = ids.size;
      this.seen = new Set();
    }

    async head(list) {
      while (list.length && this.seen.has(list[0].result.id)) list.shift();
      if (!list.length) return null;
      if (!list[0].loaded) list[0].loaded = await load(list[0].result, list[0].plain);
      return list[0];
    }

    // One at a time and in list order: a page in several lists is shown as the first list has it
    // (the text search's, with the matches marked in its excerpt).
    async next() {
      let pick = null;
      for (const list of this.lists) {
        const head = await this.head(list);
        if (!head) continue;
        if (!this.byDate) {
          pick = head;
          break;
        }
        if (!pick || stamp(head) > stamp(pick)) pick = head;
      }
      if (!pick) return null;
      this.seen.add(pick.result.id);
      return pick.loaded;
    }

    async take(count) {
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
  }

  // A name in <bdi>: a right-to-left source name cannot reorder the date printed after it.
  function isolated(name) {
    if (!name) return null;
    const element = document.createElement("bdi");
    element.textContent = name;
    return element;
  }

  // Pagefind's excerpt is HTML with <mark> around the matches; only text and <mark> are kept.
  function excerptNode(html, lang) {
    const paragraph = document.createElement("p");
    paragraph.className = "excerpt";
    if (lang) paragraph.lang = lang;
    const parsed = new DOMParser().parseFromString(html, "text/html");
    for (const node of parsed.body.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
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
    const languageName = (lang && own(ui.languages, lang)) || lang;
    const parts = [isolated((own(data.filters, "source") || [])[0]), own(data.meta, "date"), languageName];
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

  async function showMore(stream, run) {
    const page = await stream.take(PAGE_SIZE);
    if (run !== generation) return;
    list.append(...page.map(resultNode));
    more.hidden = list.children.length >= stream.total;
  }

  // The articles of options.filters.tag (and the other filters), by the tag's name: see the top.
  // The name finds the tag's articles when, the other filters aside, it finds any of them
  // (totalFilters); else (a tag added by hand whose name Pagefind cuts differently) the search
  // without words still does, at the price of the whole word index.
  async function tagSearch(engine, tag, options) {
    const found = await engine.search(tag, options);
    if (found.results.length || own(own(found.totalFilters, "tag"), tag)) {
      return { results: found.results, plain: true };
    }
    return engine.search(null, options);
  }

  // Filters without words: through the tag when there is one, else every article, filtered.
  function withoutWords(engine, options) {
    const tag = options.filters.tag;
    return tag ? tagSearch(engine, tag, options) : engine.search(null, options);
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
    more.hidden = true;
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

  async function search() {
    const run = ++generation;
    const query = input.value.trim();
    const filters = chosenFilters();
    const sort = form.elements.sort.value;
    const listing = listingFor(query, filters); // filter-only: see above
    if (listing) return offerListing(listing);
    remember(query, filters, sort);
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      list.setAttribute("aria-busy", "false");
      status.textContent = "";
      more.hidden = true;
      return;
    }
    status.textContent = ui.search_loading;
    list.setAttribute("aria-busy", "true");
    try {
      const engine = await loadPagefind();
      const options = sort ? { filters, sort: { date: "desc" } } : { filters };
      const searches = [query ? engine.search(query, options) : withoutWords(engine, options)];
      const topic = query && topicOf.get(normalise(query));
      // The query that is the tag's name finds the tagged articles itself (and the tag filter's
      // 64 KB at 10,000 articles stay unloaded).
      const named = topic && normalise(topic) === normalise(query);
      if (topic && !named && (!filters.tag || filters.tag === topic)) {
        searches.push(tagSearch(engine, topic, { ...options, filters: { ...filters, tag: topic } }));
      }
      const stream = new ResultStream(await Promise.all(searches), Boolean(sort));
      if (run !== generation) return;
      current = stream;
      list.replaceChildren();
      const counted = stream.total === 1 ? ui.search_result_one : fill(ui.search_results, { count: stream.total });
      status.textContent = stream.total ? counted : ui.search_no_results;
      await showMore(stream, run);
    } catch (error) {
      if (run === generation) status.textContent = ui.search_failed;
      console.warn(error);
    } finally {
      if (run === generation) list.setAttribute("aria-busy", "false");
    }
  }

  form.addEventListener("submit", openListingOnSubmit); // filter-only: see above
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

  form.querySelector(".filters").hidden = false;
  restore();
  const shared = location.search && listingFor(input.value.trim(), chosenFilters()); // filter-only
  if (shared) location.replace(shared.url);
  else if (location.search) search();
})();
