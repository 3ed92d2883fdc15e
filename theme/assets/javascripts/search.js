/* The search page (/search/?q=…&kind=…&district=…&year=…): reads the address, asks Pagefind (its
   files are under /pagefind/ on this host), and lists the results in our own markup: title as a
   link, then kind, district and date, then the excerpt with the words marked. Only this page
   loads Pagefind; the first query fetches the entry, the WASM, the index chunks of its words and
   one fragment per shown result. */
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

  if (!query) {
    status.textContent = "请输入要搜索的姓名、事迹或地点。";
    return;
  }
  document.title = query + " - " + document.title;
  status.textContent = "正在搜索……";

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

  // Pagefind's excerpt is HTML with <mark> around the words found; keep only text and <mark>.
  function excerpt(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var out = element("p", "hr-result__excerpt");
    [].forEach.call(holder.content.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        out.appendChild(element("mark", "", node.textContent));
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
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
    item.appendChild(excerpt(data.excerpt || ""));
    return item;
  }

  function showMore(results, from) {
    var shown = results.slice(from, from + PAGE_SIZE);
    return Promise.all(shown.map(function (r) { return r.data(); })).then(function (all) {
      all.forEach(function (data) { list.appendChild(show(data)); });
      var old = root.querySelector(".hr-search__more");
      if (old) {
        old.remove();
      }
      if (from + PAGE_SIZE < results.length) {
        var more = element("button", "hr-search__more", "显示更多结果");
        more.type = "button";
        more.addEventListener("click", function () {
          var next = list.children.length;
          showMore(results, from + PAGE_SIZE).then(function () {
            var link = list.children[next] && list.children[next].querySelector("a");
            if (link) {
              link.focus();
            }
          });
        });
        list.after(more);
      }
    });
  }

  import(root.getAttribute("data-pagefind"))
    .then(function (pagefind) {
      return pagefind.options({ baseUrl: root.getAttribute("data-base"), excerptLength: 40 })
        .then(function () { return pagefind.search(query, { filters: filters }); });
    })
    .then(function (search) {
      var results = search.results;
      // The status is announced once the first results are on the page.
      return showMore(results, 0).then(function () {
        status.textContent = results.length
          ? "找到 " + results.length + " 条与“" + query + "”有关的结果。"
          : "没有找到与“" + query + "”有关的内容。换个词试试，或去掉筛选条件。";
      });
    })
    .catch(function (error) {
      if (window.console) {
        console.error("search:", error);
      }
      status.textContent = "搜索暂时不可用，请稍后再试。";
    });
})();
