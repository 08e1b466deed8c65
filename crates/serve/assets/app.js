// whosaid's web page. Views live in the URL's hash (#/search?q=…, #/speaker/ID, #/quote/ID,
// #/sources?group=…&by=…),
// so every view can be linked and reloaded. Everything shown comes from web pages, so the DOM
// is built from text nodes only (nothing is ever parsed as HTML), and links go only to
// http(s) URLs. Statements are what people said: thoughts ("she believes") and findings ("a
// study found") are shown only when asked for, with the act=all toggle.
"use strict";

const view = document.getElementById("view");
const form = document.getElementById("search-form");
const FIELDS = ["q", "speaker", "from", "to", "outlet", "kind", "medium", "addressee", "gender", "category", "anonymous"];
const PAGE = 20;
const allActs = document.getElementById("all-acts");
// How a medium reads after "to X ·" when the article gives no words for it.
const MEDIUM_WORDS = {
  statement: "in a statement", interview: "in an interview", social_media: "on social media",
  letter: "in a letter", press_conference: "at a press conference", testimony: "in testimony",
  court_filing: "in a court filing", broadcast: "on air", publication: "in a publication",
};

function el(tag, attributes, ...children) {
  return filled(document.createElement(tag), attributes, children);
}

// The same for the SVG elements of the charts.
function svgEl(tag, attributes, ...children) {
  return filled(document.createElementNS("http://www.w3.org/2000/svg", tag), attributes, children);
}

function filled(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function safeUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

function hashLink(text, hash) {
  return el("a", { href: "#" + hash }, text);
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function show(...children) {
  view.replaceChildren(...children);
}

function showError(error) {
  view.className = "single";
  show(el("p", { class: "error", role: "alert" }, error.message || String(error)));
}

function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "speaker" && parts[1]) return speakerView(parts[1], params);
  if (parts[0] === "quote" && parts[1]) return quoteView(parts[1]);
  if (parts[0] === "sources") return sourcesView(params);
  return searchView(params);
}

// The API's parameters for a view's: only speech unless the view says act=all (every act) or
// names acts itself (a facet's act=thought).
function apiParams(params) {
  const query = new URLSearchParams(params);
  const act = query.get("act");
  if (!act) query.set("act", "speech");
  else if (act === "all") query.delete("act");
  return query;
}

function onlySpeech(params) {
  const act = params.get("act");
  return !act || act === "speech";
}

function searchHash(params) {
  const kept = new URLSearchParams();
  for (const [name, value] of params) if (value) kept.set(name, value);
  return "/search?" + kept.toString();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = new URLSearchParams();
  for (const name of FIELDS) params.set(name, document.getElementById(name).value.trim());
  if (allActs.checked) params.set("act", "all");
  location.hash = searchHash(params);
});

// The toggle searches at once: it changes what the page shows, like a facet.
allActs.addEventListener("change", () => form.requestSubmit());

function articleMeta(hit) {
  const article = hit.article;
  const meta = el("div", { class: "meta" });
  if (hit.speaker) meta.append(hashLink(hit.speaker.name, "/speaker/" + encodeURIComponent(hit.speaker.id)));
  else if (hit.statement.source) meta.append(el("span", {}, hit.statement.source + "?"));
  meta.append(el("span", {}, hit.statement.kind));
  if (hit.statement.act !== "speech") meta.append(el("span", { class: "act" }, hit.statement.act));
  if (hit.statement.anonymous) meta.append(el("span", { class: "anonymous" }, "anonymous source"));
  const delivery = [];
  if (hit.statement.addressee) delivery.push("to " + hit.statement.addressee);
  const medium = hit.statement.medium_text || MEDIUM_WORDS[hit.statement.medium];
  if (medium) delivery.push(medium);
  if (delivery.length) meta.append(el("span", { class: "delivery" }, delivery.join(" · ")));
  if (article.date) meta.append(el("time", { datetime: article.date }, article.date.slice(0, 10)));
  const title = article.title || article.url || article.id;
  const url = safeUrl(article.url);
  meta.append(url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, article.outlet || title)
                  : el("span", {}, article.outlet || title));
  meta.append(hashLink("provenance", "/quote/" + encodeURIComponent(hit.statement.quote)));
  return meta;
}

function resultItem(hit) {
  const quote = el("blockquote", {});
  for (const part of hit.highlight) quote.append(part.match ? el("mark", {}, part.text) : document.createTextNode(part.text));
  return el("article", { class: "result" }, quote, articleMeta(hit));
}

function facetList(title, facets, name, params, label) {
  const list = el("ul", {});
  for (const facet of facets) {
    const next = new URLSearchParams(params);
    next.set(name, facet.value);
    next.delete("offset");
    list.append(el("li", {}, el("a", { href: "#" + searchHash(next) },
      el("span", {}, facet.label || (label ? label(facet.value) : facet.value)),
      el("span", { class: "count" }, facet.count))));
  }
  return facets.length ? [el("h3", {}, title), list] : [];
}

async function searchView(params) {
  for (const name of FIELDS) document.getElementById(name).value = params.get(name) || "";
  allActs.checked = !onlySpeech(params);
  view.className = "";
  show(el("p", { class: "note" }, "Searching…"));
  const query = apiParams(params);
  query.set("limit", PAGE);
  try {
    const data = await api("/api/search?" + query.toString());
    const offset = Number(params.get("offset") || 0);
    const results = el("section", { id: "results" },
      el("p", { class: "total" }, `${data.total} statement${data.total === 1 ? "" : "s"}` +
        (onlySpeech(params) ? " (speech only)" : "")),
      ...data.results.map(resultItem));
    const pager = el("nav", { class: "pager" });
    if (offset > 0) {
      const previous = new URLSearchParams(params);
      previous.set("offset", Math.max(0, offset - PAGE));
      pager.append(hashLink("← newer", searchHash(previous)));
    }
    if (offset + PAGE < data.total) {
      const next = new URLSearchParams(params);
      next.set("offset", offset + PAGE);
      pager.append(hashLink("more →", searchHash(next)));
    }
    results.append(pager);
    const facets = el("aside", { id: "facets" },
      ...facetList("Speakers", data.facets.speaker, "speaker", params),
      ...facetList("Outlets", data.facets.outlet, "outlet", params),
      ...facetList("Kinds", data.facets.kind, "kind", params),
      ...facetList("Acts", data.facets.act, "act", params),
      ...facetList("Media", data.facets.medium, "medium", params, (value) => value.replace(/_/g, " ")),
      ...facetList("Kinds of speaker", data.facets.category, "category", params, (value) => value.replace(/_/g, " ")),
      ...facetList("Speakers' gender", data.facets.gender, "gender", params),
      ...facetList("Sources", data.facets.anonymous, "anonymous", params,
        (value) => (value === "true" ? "anonymous" : "named")));
    show(facets, results);
  } catch (error) {
    showError(error);
  }
}

function timelineChart(timeline) {
  const buckets = timeline.buckets;
  const width = 600, height = 180, bottom = 20;
  const svg = svgEl("svg", {
    id: "timeline", role: "img", "aria-label": "Statements per " + timeline.interval,
    viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none",
  });
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const step = width / Math.max(1, buckets.length);
  buckets.forEach((bucket, i) => {
    const barHeight = ((height - bottom - 10) * bucket.count) / max;
    svg.append(svgEl("rect", {
      x: i * step + step * 0.1, y: height - bottom - barHeight, width: step * 0.8, height: barHeight,
    }, svgEl("title", {}, `${bucket.start}: ${bucket.count}`)));
    // At most eight labels, so that they never run into each other; a month is YYYY-MM.
    if (buckets.length <= 8 || i % Math.ceil(buckets.length / 8) === 0) {
      svg.append(svgEl("text", { x: i * step + step / 2, y: height - 5, "text-anchor": "middle" },
        timeline.interval === "month" ? bucket.start.slice(0, 7) : bucket.start));
    }
  });
  return svg;
}

// A speaker's gender as the articles state it, with the counts it rests on.
function genderLine(gender) {
  const articles = (n) => `${n} article${n === 1 ? "" : "s"}`;
  const evidence = [];
  if (gender.female_articles) evidence.push(`${articles(gender.female_articles)} say she`);
  if (gender.male_articles) evidence.push(`${articles(gender.male_articles)} say he`);
  if (!evidence.length) return "Gender: unknown (no article states it)";
  return `Gender: ${gender.gender} (${evidence.join(", ")}; from pronouns, honorifics and ` +
    "gendered nouns in the articles, never from the name)";
}

async function speakerView(id, params) {
  view.className = "single";
  show(el("p", { class: "note" }, "Loading…"));
  const interval = params.get("interval") || "month";
  try {
    const encoded = encodeURIComponent(id);
    const query = apiParams(params);
    query.delete("interval");
    query.set("speaker", id);
    query.set("limit", 50);
    const [speaker, timeline, statements] = await Promise.all([
      api(`/api/speakers/${encoded}`),
      api(`/api/speakers/${encoded}/timeline?interval=${encodeURIComponent(interval)}`),
      api("/api/search?" + query.toString()),
    ]);
    const speakerHash = (next) => `/speaker/${encoded}?` + new URLSearchParams(next).toString();
    const intervals = el("nav", { class: "pager" }, ...["day", "week", "month"].map((name) =>
      name === interval ? el("strong", {}, name)
        : hashLink(name, speakerHash({ interval: name, act: params.get("act") || "speech" }))));
    const acts = onlySpeech(params)
      ? hashLink("include thoughts and other findings", speakerHash({ interval, act: "all" }))
      : hashLink("speech only", speakerHash({ interval, act: "speech" }));
    const spokeTo = speaker.addressees.length ? el("p", {}, "Spoke to: ", ...speaker.addressees.flatMap((a, i) => {
      const search = new URLSearchParams({ speaker: id, addressee: a.name, act: "all" });
      return [i ? ", " : "", hashLink(a.name, searchHash(search)), ` (${a.count})`];
    })) : null;
    // A role seen only in undated articles has no dates to show.
    const roles = speaker.roles.map((r) => {
      const first = (r.first_seen || "").slice(0, 10);
      const last = (r.last_seen || "").slice(0, 10);
      if (!first && !last) return r.role;
      if (!first || !last || first === last) return `${r.role} (${first || last})`;
      return `${r.role} (${first} – ${last})`;
    });
    show(el("section", { id: "speaker" },
      el("h1", {}, speaker.name),
      el("p", { class: "note" }, `${speaker.statements} statement${speaker.statements === 1 ? "" : "s"}` +
        (speaker.first_seen ? `, ${speaker.first_seen.slice(0, 10)} to ${speaker.last_seen.slice(0, 10)}` : "")),
      roles.length ? el("p", {}, "Roles: " + roles.join("; ")) : null,
      el("p", { id: "gender" }, genderLine(speaker.gender)),
      speaker.categories.length ? el("p", {}, "Quoted as: " + speaker.categories.map((c) =>
        `${c.name.replace(/_/g, " ")} (${c.count})`).join(", ")) : null,
      el("p", {}, "Named as: " + speaker.aliases.map((a) => `${a.name} (${a.count})`).join(", ")),
      spokeTo,
      el("h2", {}, "Statements over time"), intervals, timelineChart(timeline),
      timeline.undated ? el("p", { class: "note" }, `${timeline.undated} undated`) : null,
      el("h2", {}, "Statements"),
      el("p", { class: "note" }, onlySpeech(params) ? "Speech only · " : "Every act · ", acts),
      el("div", { id: "results" }, ...statements.results.map(resultItem))));
  } catch (error) {
    showError(error);
  }
}

// When a statement was made, and how the page knows: the article's own words ("on Tuesday")
// or, when it gives none, its date.
function saidNote(said) {
  if (!said || said.basis !== "text") return "";
  const range = said.start && said.end && said.start !== said.end ? `${said.start} – ${said.end}` : said.date;
  return ` · said ${range} (the article says “${said.text}”)`;
}

async function quoteView(id) {
  view.className = "single";
  show(el("p", { class: "note" }, "Loading…"));
  const page = (offset) => api(`/api/quotes/${encodeURIComponent(id)}?offset=${offset}&limit=100`);
  const row = (hit) => {
    const url = safeUrl(hit.article.url);
    const where = hit.article.outlet || hit.article.title || hit.article.id;
    const said = hit.statement.said;
    return el("tr", {},
      el("td", {}, (hit.article.date || "undated").slice(0, 10),
        said && said.basis === "text" ? el("div", { class: "note" }, `said ${said.date} (“${said.text}”)`) : null),
      el("td", {}, url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, where) : where),
      el("td", {}, hit.speaker ? hit.speaker.name : ""),
      el("td", {}, hit.statement.content));
  };
  const variant = (variant) => {
    const line = el("p", { class: "diff" });
    for (const part of variant.diff) {
      const tag = part.op === "removed" ? "del" : part.op === "added" ? "ins" : "span";
      line.append(el(tag, {}, part.text), " ");
    }
    return el("div", {}, el("p", { class: "note" }, variant.statement), line);
  };
  try {
    const group = await page(0);
    const rows = el("tbody", {}, ...group.carriers.map(row));
    const variants = el("div", { id: "variants" }, ...group.variants.map(variant));
    const shown = el("span", {}, String(group.carriers.length));
    const changed = el("span", {}, String(group.variants.length));
    // The carriers come a page at a time: a quote carried by thousands of outlets opens as
    // fast as one carried by three.
    const more = el("button", { type: "button", id: "more-carriers" }, "More carriers");
    let loaded = group.carriers.length;
    let altered = group.variants.length;
    more.hidden = loaded >= group.total;
    more.addEventListener("click", async () => {
      more.disabled = true;
      try {
        const next = await page(loaded);
        rows.append(...next.carriers.map(row));
        variants.append(...next.variants.map(variant));
        loaded += next.carriers.length;
        altered += next.variants.length;
        shown.textContent = String(loaded);
        changed.textContent = String(altered);
        more.hidden = loaded >= next.total || next.carriers.length === 0;
      } catch (error) {
        showError(error);
      } finally {
        more.disabled = false;
      }
    });
    show(el("section", { id: "quote" },
      el("h1", {}, "Quote provenance"),
      el("blockquote", {}, group.earliest.statement.content),
      el("p", { class: "note", id: "earliest" }, "First carried by ",
        group.earliest.article.outlet || group.earliest.article.id,
        group.earliest.article.date ? " on " + group.earliest.article.date.slice(0, 10) : "",
        saidNote(group.earliest.statement.said)),
      el("h2", {}, `Carried by ${group.total}`),
      el("p", { class: "note" }, "Showing the earliest ", shown, ", earliest first"),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "Date"), el("th", {}, "Article"),
        el("th", {}, "Speaker"), el("th", {}, "Wording"))), rows),
      more,
      el("h2", {}, "Altered wordings among those shown: ", changed),
      variants));
  } catch (error) {
    showError(error);
  }
}

// The Sources page: who gets a voice, per month or outlet, as stacked bars whose every
// segment links to the statements behind it.
const GROUPS = { gender: "Gender", category: "Kind of speaker", anonymous: "Anonymous sources" };
const COLOURS = ["#0b57d0", "#d93025", "#188038", "#f29900", "#8430ce", "#12a4af", "#e52592",
  "#5f6368", "#a142f4", "#b06000", "#9aa0a6", "#1a73e8"];
const UNSAID = "#c4c7c5";
const VOICE_NOTE = "Every figure comes from what the articles themselves say: a gender only from " +
  "pronouns, honorifics (Mr, Ms) and gendered nouns (spokeswoman) the article uses for the " +
  "speaker, never from a name; unknown when the article says nothing.";

function groupLabel(group, value) {
  if (group === "anonymous") return value === "true" ? "anonymous" : "named";
  return value.replace(/_/g, " ");
}

// The search a bar's segment stands for: the page's filters, the segment's value, and its
// outlet or month.
function segmentSearch(params, group, by, key, value) {
  const next = new URLSearchParams();
  for (const name of FIELDS) if (params.get(name)) next.set(name, params.get(name));
  if (params.get("act")) next.set("act", params.get("act"));
  next.set(group, value);
  if (by === "outlet" && key) next.set("outlet", key);
  if (by === "month" && key) {
    const [year, month] = key.split("-").map(Number);
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    next.set("from", `${key}-01`);
    next.set("to", `${key}-${String(last).padStart(2, "0")}`);
  }
  return searchHash(next);
}

// One bar segment: the statements of one value of the group in one bucket, a link to them,
// with their count and share as its tooltip.
function segment(stats, params, colours, bucket, count, box) {
  const tip = `${bucket.key}: ${groupLabel(stats.group, count.value)} ${count.statements} ` +
    `(${Math.round((100 * count.statements) / bucket.statements)} %), ${count.speakers} speakers`;
  const href = "#" + segmentSearch(params, stats.group, stats.by, bucket.key, count.value);
  return svgEl("a", { href },
    svgEl("rect", { ...box, fill: colours.get(count.value) }, svgEl("title", {}, tip)));
}

function stackedBars(stats, params, colours) {
  const buckets = stats.buckets;
  const width = 720, height = 220, bottom = 24;
  const svg = svgEl("svg", {
    id: "voices", role: "img", "aria-label": `Statements by ${stats.group} per ${stats.by}`,
    viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none",
  });
  const max = Math.max(1, ...buckets.map((b) => b.statements));
  const step = width / Math.max(1, buckets.length);
  buckets.forEach((bucket, i) => {
    let y = height - bottom;
    for (const count of bucket.groups) {
      const barHeight = ((height - bottom - 10) * count.statements) / max;
      y -= barHeight;
      svg.append(segment(stats, params, colours, bucket, count,
        { x: i * step + step * 0.1, y, width: step * 0.8, height: barHeight }));
    }
    if (buckets.length <= 12 || i % Math.ceil(buckets.length / 12) === 0) {
      // The first and last labels are anchored inside the chart, so that none is cut.
      const anchor = i === 0 ? "start" : i === buckets.length - 1 ? "end" : "middle";
      const x = anchor === "start" ? i * step : anchor === "end" ? (i + 1) * step : i * step + step / 2;
      svg.append(svgEl("text", { x, y: height - 6, "text-anchor": anchor },
        (bucket.key || "").slice(0, 16)));
    }
  });
  return svg;
}

// Outlets as rows of 100 % bars, so that shares compare across outlets of any size; the
// outlets with the most statements first.
const OUTLET_ROWS = 25;

function shareBars(stats, params, colours) {
  const buckets = stats.buckets.slice(0, OUTLET_ROWS);
  const width = 720, row = 20, labels = 200;
  const height = row * Math.max(1, buckets.length);
  const svg = svgEl("svg", {
    id: "voices", class: "rows", role: "img",
    "aria-label": `Share of statements by ${stats.group} per outlet`,
    viewBox: `0 0 ${width} ${height}`,
  });
  svg.style.height = `${height}px`;
  buckets.forEach((bucket, i) => {
    const name = bucket.key || "";
    svg.append(svgEl("text", { x: labels - 8, y: i * row + row * 0.7, "text-anchor": "end" },
      `${name.length > 28 ? name.slice(0, 27) + "…" : name} (${bucket.statements})`));
    let x = labels;
    for (const count of bucket.groups) {
      const barWidth = ((width - labels) * count.statements) / Math.max(1, bucket.statements);
      svg.append(segment(stats, params, colours, bucket, count,
        { x, y: i * row + 2, width: barWidth, height: row - 4 }));
      x += barWidth;
    }
  });
  return svg;
}

async function sourcesView(params) {
  view.className = "single";
  show(el("p", { class: "note" }, "Counting…"));
  const group = GROUPS[params.get("group")] ? params.get("group") : "gender";
  const by = params.get("by") === "outlet" ? "outlet" : "month";
  const sourcesHash = (changes) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) next.set(name, value);
    return "/sources?" + next.toString();
  };
  try {
    const query = apiParams(params);
    query.delete("group");
    query.delete("by");
    const filters = query.toString();
    const [split, whole] = await Promise.all([
      api(`/api/stats?group=${group}&by=${by}&${filters}`),
      api(`/api/stats?group=${group}&${filters}`),
    ]);
    // What the articles do not say (unknown, none) last and grey; female before male.
    const rank = (value) => (value === "unknown" || value === "none" ? 2 : value === "female" ? 0 : 1);
    const counts = whole.buckets.length ? [...whole.buckets[0].groups] : [];
    counts.sort((a, b) => rank(a.value) - rank(b.value) || b.statements - a.statements);
    const values = counts.map((g) => g.value);
    const colours = new Map(values.map((value, i) => [value,
      rank(value) === 2 ? UNSAID : COLOURS[i % COLOURS.length]]));
    for (const bucket of split.buckets) bucket.groups.sort((a, b) => values.indexOf(a.value) - values.indexOf(b.value));
    // The top speakers of each value: a search's speaker facet.
    const tops = await Promise.all(values.map((value) => {
      const search = new URLSearchParams(query);
      search.set(group, value);
      search.set("limit", "1");
      return api("/api/search?" + search.toString()).then((data) => data.facets.speaker);
    }));
    const choose = (name, options, current) => el("nav", { class: "pager" }, name + ": ",
      ...options.flatMap(([value, label], i) => [i ? " · " : "",
        value === current ? el("strong", {}, label) : hashLink(label, sourcesHash({ [name.toLowerCase()]: value }))]));
    const legend = el("ul", { class: "legend" }, ...values.map((value, i) => {
      const count = counts[i];
      const share = whole.statements ? Math.round((100 * count.statements) / whole.statements) : 0;
      // A colour set through the style object, not a style attribute: the page's content
      // security policy allows no inline styles.
      const swatch = el("span", { class: "swatch" });
      swatch.style.backgroundColor = colours.get(value);
      return el("li", {}, swatch,
        hashLink(groupLabel(group, value), segmentSearch(params, group, null, null, value)),
        el("span", { class: "count" }, ` ${count.statements} statements (${share} %), ${count.speakers} speakers`));
    }));
    const topLists = el("div", { class: "tops" }, ...values.map((value, i) => el("div", {},
      el("h3", {}, groupLabel(group, value)),
      el("ol", {}, ...tops[i].map((speaker) => el("li", {},
        hashLink(speaker.label || speaker.value, "/speaker/" + encodeURIComponent(speaker.value)),
        el("span", { class: "count" }, " " + speaker.count)))))));
    const filtered = FIELDS.filter((name) => params.get(name)).map((name) => `${name}: ${params.get(name)}`);
    show(el("section", { id: "sources" },
      el("h1", {}, "Who gets a voice"),
      el("p", { class: "note" }, `${whole.statements} statement${whole.statements === 1 ? "" : "s"}` +
        (onlySpeech(params) ? " (speech only)" : "") + (filtered.length ? " · " + filtered.join(" · ") : "")),
      choose("Group", Object.entries(GROUPS), group),
      choose("By", [["month", "month"], ["outlet", "outlet"]], by),
      legend,
      by === "outlet" ? shareBars(split, params, colours) : stackedBars(split, params, colours),
      by === "outlet" && split.buckets.length > OUTLET_ROWS
        ? el("p", { class: "note" }, `The ${OUTLET_ROWS} outlets with the most statements of ${split.buckets.length}`) : null,
      el("p", { class: "note voice-note" }, VOICE_NOTE),
      split.unbucketed ? el("p", { class: "note" }, `${split.unbucketed} statements with no ${by} are not in the bars`) : null,
      el("h2", {}, "Most quoted in each"),
      topLists,
      el("p", { class: "note voice-note" }, VOICE_NOTE)));
  } catch (error) {
    showError(error);
  }
}

window.addEventListener("hashchange", route);
route();
