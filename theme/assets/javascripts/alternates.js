/* Material's alternate-language integration (integrations/alternate in its bundle) looks once, when the
   document has loaded, at every <link rel="alternate"> and fetches sitemap.xml beside each href: for our
   hreflang links and feed links that is a request to /zh-hant/stories/…/sitemap.xml (404) or /sitemap.xml
   on every page view, for a language menu this site does not have (the 简/繁 switch links straight to the
   twin page). Loaded before the bundle, so this listener runs before Material's: the links step out of
   that one look and are back as they were in the next task. Crawlers read them in the HTML as written. */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var links = [].slice.call(document.querySelectorAll("link[rel=alternate]"));
    links.forEach(function (link) {
      link.removeAttribute("rel");
    });
    setTimeout(function () {
      links.forEach(function (link) {
        link.setAttribute("rel", "alternate");
      });
    });
  }, { once: true });
})();
