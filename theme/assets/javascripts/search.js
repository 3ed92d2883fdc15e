/* The search page of an edition (/search/?q=…&kind=…&district=…&year=…, /zh-hant/search/?q=…): reads
   the address, asks that edition's Pagefind index (under its own /pagefind/ on this host), and lists
   the results in our own markup: title as a link, then kind, district and date, then the excerpt
   with the words marked. Only this page loads Pagefind; the first query fetches the entry, the WASM,
   the index chunks of its words and the fragment of each result it checks.

   Pagefind also returns pages that only match part of a Chinese word (高淑芬 → pages with 高密), so
   a result is shown only when its title or text contains every word of the query; results come in
   Pagefind's order, checked ten at a time, and a batch with no page containing the words ends the
   list (what follows is ranked lower still). On the 繁體 page a query typed in Simplified is
   converted character by character (data-query-map), asked whole and then by its characters, and
   last as typed. The texts shown come from the page (data-text-*), so each edition shows its own.

   A large site's index is in shards (data-shards: the list, the undated shard first, then the
   honorees' and the stories', newest first). They are asked only while the page of results is not
   full: "more results" goes on into the next one; a year or kind filter skips the shards without it.
   After two shards in a row with no hit the next AHEAD are asked together (a rare word, or none, may
   need them all: one round trip for several, not one each; a name often has no hit in the small
   undated shard alone, and the next shard then usually fills the page). From then on, the shards whose
   records lack a character of the query are skipped (shard-characters.json, beside the list): a word on
   no page is answered without opening the rest. Pagefind's script is loaded once and opens an
   instance per shard. */
(function () {
  "use strict";

  var root = document.querySelector(".hr-search[data-pagefind]");
  if (!root) {
    return;
  }
  var PAGE_SIZE = 10;
  var form = root.querySelector(".hr-search__form");
  var status = root.querySelector(".hr-search__status");
  var list = root.querySelector(".hr-search__results");
  var params = new URLSearchParams(location.search);
  var query = (params.get("q") || "").trim();
  var filters = {};

  ["kind", "district", "year"].forEach(function (name) {
    var value = params.get(name) || "";
    var select = form.elements[name];
    if (value && select && [].some.call(select.options, function (o) { return o.value === value; })) {
      select.value = value;
      filters[name] = value;
    }
  });
  form.elements.q.value = query;
  // Changing a filter searches again at once, as the address shows it.
  [].forEach.call(form.querySelectorAll("select"), function (select) {
    select.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
  });

  // A text of the page (data-text-NAME) with the count and the query filled in.
  function say(name, n) {
    return (root.getAttribute("data-text-" + name) || "").replace("{n}", String(n))
      .replace("{q}", function () { return query; });
  }

  if (!query) {
    status.textContent = say("empty");
    return;
  }
  document.title = query + " - " + document.title;
  status.textContent = say("busy");

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // Pagefind ends each block of a page (the title, the lead, a date) with ". " where the block has no
  // full stop of its own; after Chinese text that reads as a stray English full stop: "力量. 市文明办".
  var CHINESE = "\\u3400-\\u9fff\\uff01-\\uff5e”’）」』";
  var BLOCK_END = new RegExp("([" + CHINESE + "])\\u200b*\\.\\u200b*\\s+", "g");
  var LEADING_END = /^\u200b*\.\u200b*\s+/;  // after a <mark> that ends the block
  var ENDS_CHINESE = new RegExp("[" + CHINESE + "]$");

  // The excerpt's text split into [text, mark, text, …] around each of `terms` (a zero-width space
  // may sit between a term's characters), for an excerpt Pagefind marked nothing in.
  function markTerms(text, terms) {
    var escape = function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); };
    var patterns = terms.filter(Boolean).map(function (term) {
      return Array.from(term).map(escape).join("\u200b*");
    });
    return patterns.length ? text.split(new RegExp("(" + patterns.join("|") + ")", "i")) : [text];
  }

  // Pagefind's excerpt is HTML with <mark> around the words found; keep only text and <mark>, and
  // a Chinese block's end as "。". A result found by the query's characters (the 繁體 page's 志 願)
  // comes without marks: then the words of the query are marked where the excerpt has them.
  function excerpt(html, terms) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var parts = [].map.call(holder.content.childNodes, function (node) {
      return { text: node.textContent, mark: node.nodeName === "MARK" };
    });
    if (!parts.some(function (part) { return part.mark; })) {
      parts = markTerms(holder.content.textContent, terms).map(function (text, i) {
        return { text: text, mark: i % 2 === 1 };
      });
    }
    var out = element("p", "hr-result__excerpt");
    var before = "";
    parts.forEach(function (part) {
      var text = part.text;
      if (part.mark) {
        out.appendChild(element("mark", "", text));
      } else {
        if (ENDS_CHINESE.test(before)) {
          text = text.replace(LEADING_END, "。");
        }
        out.appendChild(document.createTextNode(text.replace(BLOCK_END, "$1。")));
      }
      before = text || before;
    });
    return out;
  }

  function show(data) {
    var item = element("li", "hr-result");
    var heading = element("h2", "hr-result__title");
    var link = element("a", "", (data.meta && data.meta.title) || data.url);
    link.href = data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var facts = element("p", "hr-result__meta");
    [["kind", "hr-result__kind"], ["district", "hr-result__district"], ["date", "hr-result__date"]]
      .forEach(function (pair) {
        if (data.meta && data.meta[pair[0]]) {
          facts.appendChild(element("span", pair[1], data.meta[pair[0]]));
        }
      });
    item.appendChild(facts);
    item.appendChild(excerpt(data.excerpt || "", data.terms || []));
    return item;
  }

  // Every word of the query, lower case: a page must contain each (spaces in the page's text do not count).
  function words(q) {
    return q.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function contains(data, terms) {
    var haystack = (((data.meta && data.meta.title) || "") + " " + (data.content || ""))
      .replace(/[\u200b\s]+/g, "").toLowerCase();
    return terms.every(function (term) { return haystack.indexOf(term) !== -1; });
  }

  var BATCH = 10;
  var AHEAD = 3;  // after two indexes in a row with no hit, this many of the next are asked together
  var sources = [];  // the indexes not asked yet: one (a small site) or the shards, in the list's order
  var ahead = [];  // the searches of the next indexes, already asked, in the list's order
  var candidates = [];  // {result, terms} of the index being read, in Pagefind's order, the converted query's first
  var checked = 0;
  var hitsHere = -1;  // results the index being read gave (-1: none asked yet)
  var misses = 0;  // indexes in a row, up to the one being read, that gave no result
  var found = [];
  var shown = 0;
  var done = false;

  function left() {
    return sources.length + ahead.length;
  }

  // Check candidates a batch at a time until `wanted` results are found or no index is left. An index
  // is over when its candidates are or a batch has none; the next one is asked only when needed, and
  // after two indexes in a row without a hit the next AHEAD at once.
  function check(wanted) {
    if (done || found.length >= wanted) {
      return Promise.resolve();
    }
    if (checked >= candidates.length) {
      if (!left()) {
        done = true;
        return Promise.resolve();
      }
      misses = hitsHere === 0 ? misses + 1 : 0;
      return (misses >= 2 ? skipShardsWithoutTheWords() : Promise.resolve()).then(function () {
        if (!left()) {
          done = true;
          return undefined;
        }
        while (sources.length && ahead.length < (misses >= 2 ? AHEAD : 1)) {
          var next = ask(sources.shift());
          next.catch(function () {});  // a search asked ahead and never read fails quietly; read, it says why
          ahead.push(next);
        }
        return ahead.shift().then(function (list) {
          candidates = list;
          checked = 0;
          hitsHere = 0;
          return check(wanted);
        });
      });
    }
    var batch = candidates.slice(checked, checked + BATCH);
    checked += batch.length;
    return Promise.all(batch.map(function (c) { return c.result.data(); })).then(function (all) {
      var hits = 0;
      all.forEach(function (data, i) {
        if (contains(data, batch[i].terms)) {
          found.push(Object.assign({ terms: batch[i].terms }, data));
          hits += 1;
        }
      });
      hitsHere += hits;
      if (checked >= candidates.length || hits === 0) {
        checked = candidates.length;
        done = !left();
      }
      return check(wanted);
    });
  }

  // The shards not asked yet, less those whose records lack a character of every query: no result of
  // theirs could contain the words. Only CJK ideographs count (they have no case; the list holds the
  // ideographs of each shard's records). Fetched once, after two shards without a hit; without the
  // list (an older index, a failed fetch) every shard is still asked.
  var IDEOGRAPH = /[\u3400-\u4dbf\u4e00-\u9fff\u{20000}-\u{323af}]/u;
  var skipping = null;

  function skipShardsWithoutTheWords() {
    var url = root.getAttribute("data-shards");
    if (!skipping) {
      var list = url && new URL("shard-characters.json", new URL(url, location.href));
      skipping = !list ? Promise.resolve() : fetch(list)
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (listed) {
          if (listed) {
            var holds = holder(listed, list);
            sources = sources.filter(holds);
          }
        })
        .catch(function () {});
    }
    return skipping;
  }

  // Whether the shard at `path` holds every ideograph of one of the queries (a shard the list does not
  // name may hold anything). A shard's bits: its own of the list's characters, the first in the high bit.
  function holder(listed, list) {
    var position = {};
    Array.from(listed.characters).forEach(function (c, i) { position[c] = i; });
    var bits = {};
    Object.keys(listed.shards).forEach(function (name) {
      bits[new URL(name, list).pathname] = atob(listed.shards[name]);
    });
    return function (path) {
      var held = bits[path];
      return held === undefined || asked.some(function (q) {
        return q.terms.every(function (term) {
          return Array.from(term).every(function (c) {
            var i = position[c];
            return !IDEOGRAPH.test(c) || (i !== undefined && (held.charCodeAt(i >> 3) & (0x80 >> (i & 7))) !== 0);
          });
        });
      });
    };
  }

  function failed(error) {
    if (window.console) {
      console.error("search:", error);
    }
    status.textContent = say("failed");
  }

  function showMore() {
    return check(shown + PAGE_SIZE).then(function () {
      found.slice(shown, shown + PAGE_SIZE).forEach(function (data) { list.appendChild(show(data)); });
      shown = Math.min(found.length, shown + PAGE_SIZE);
      var old = root.querySelector(".hr-search__more");
      if (old) {
        old.remove();
      }
      if (shown < found.length || !done) {
        var more = element("button", "hr-search__more", say("more"));
        more.type = "button";
        more.addEventListener("click", function () {
          var next = list.children.length;
          showMore().then(function () {
            var link = list.children[next] && list.children[next].querySelector("a");
            if (link) {
              link.focus();
            }
          }).catch(failed);
        });
        list.after(more);
      }
      status.textContent = !found.length ? say("none")
        : (done ? say("found", found.length) : say("found-more", found.length));
    });
  }

  // The queries to ask, each with the words a result must contain: on the 繁體 page the query converted
  // to its characters first, then its characters one by one, then the query as typed. Pagefind cuts
  // Traditional text with a Simplified dictionary, so 志願服務 is one word of its index and 志願 does not
  // find it; asked as 志 願 it does, and a result must still contain 志願. (A query typed in Simplified
  // finds pages of other words first, and a batch without a hit ends the list: so as typed comes last.)
  function queries() {
    var url = root.getAttribute("data-query-map");
    if (!url) {
      return Promise.resolve([{ text: query, terms: words(query) }]);
    }
    return fetch(url).then(function (response) { return response.ok ? response.json() : {}; })
      .catch(function () { return {}; })
      .then(function (map) {
        var converted = Array.from(query).map(function (c) { return map[c] || c; }).join("");
        var asked = [{ text: converted, terms: words(converted) }];
        var spaced = Array.from(converted).join(" ").replace(/\s+/g, " ").trim();
        if (/[\u3400-\u9fff]{2}/.test(converted)) {
          asked.push({ text: spaced, terms: words(converted) });
        }
        if (query !== converted) {
          asked.push({ text: query, terms: words(query) });
        }
        return asked;
      });
  }

  // The shards to ask (data-shards: a large site's list, /pagefind/shards.json), in the list's order,
  // less those without the year or kind filtered on; null: the one index of a small site.
  function shards() {
    var url = root.getAttribute("data-shards");
    if (!url) {
      return Promise.resolve([null]);
    }
    var list = new URL(url, location.href);
    return fetch(list).then(function (response) {
      if (!response.ok) {
        throw new Error(list + ": " + response.status);
      }
      return response.json();
    }).then(function (all) {
      return all.filter(function (shard) {
        return (!filters.year || shard.years.indexOf(filters.year) !== -1)
          && (!filters.kind || shard.kinds.indexOf(filters.kind) !== -1);
      }).map(function (shard) { return new URL(shard.path, list).pathname; });
    });
  }

  var pagefind;
  var asked;
  // noWorker: Pagefind searches on this page's thread. Its web worker is a second copy of
  // pagefind.js's search code (one more download of its size on the first query), worth it for
  // search-as-you-type; this page asks one query per load.
  var OPTIONS = { baseUrl: root.getAttribute("data-base"), excerptLength: 40, noWorker: true };

  // Search one index (a shard's folder, or null: the module's own index) for every query: its results,
  // the candidates to check. Each shard is its own Pagefind instance of the one script.
  function ask(base) {
    var index = base ? pagefind.createInstance(Object.assign({ basePath: base }, OPTIONS))
      : pagefind.options(OPTIONS).then(function () { return pagefind; });
    return Promise.resolve(index).then(function (instance) {
      return Promise.all(asked.map(function (q) { return instance.search(q.text, { filters: filters }); }));
    }).then(function (searches) {
      var seen = {};
      var list = [];
      searches.forEach(function (search, i) {
        var terms = asked[i].terms;
        (search ? search.results : []).forEach(function (result) {
          if (!seen[result.id]) {
            seen[result.id] = true;
            list.push({ result: result, terms: terms });
          }
        });
      });
      return list;
    });
  }

  Promise.all([import(root.getAttribute("data-pagefind")), queries(), shards()])
    .then(function (loaded) {
      pagefind = loaded[0];
      asked = loaded[1];
      sources = loaded[2];
      done = !sources.length;
    })
    .then(showMore)
    .catch(failed);
})();
