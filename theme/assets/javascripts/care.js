/* The 大字版 (care mode) switch in the header: a real toggle button (aria-pressed), remembered on
   this device in localStorage. The head script applies a stored choice before the first paint;
   this only shows the switch and keeps the page, the button and the storage in step. */
(function () {
  "use strict";

  var KEY = "haoren-care";
  var page = document.documentElement;

  function remember(on) {
    try {
      localStorage.setItem(KEY, on ? "on" : "off");
    } catch (e) {
      /* private mode: the choice lasts for this page only */
    }
  }

  [].forEach.call(document.querySelectorAll(".hr-care-switch"), function (button) {
    button.setAttribute("aria-pressed", String(page.hasAttribute("data-hr-care")));
    button.hidden = false;
    button.addEventListener("click", function () {
      var on = !page.hasAttribute("data-hr-care");
      page.toggleAttribute("data-hr-care", on);
      button.setAttribute("aria-pressed", String(on));
      remember(on);
    });
  });
})();
