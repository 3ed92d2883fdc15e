/* The share bar (haoren/share.py: share_bar_html): show the copy-link button, copy the page
   link, close the WeChat QR popover with Esc (focus back on its summary) or a tap elsewhere.
   Works across Material's instant navigation. No network requests. */
(function () {
  "use strict";

  function copyText(text, fallbackInput) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Older WeChat and QQ browsers: select the visible URL field and use execCommand.
    if (fallbackInput) {
      fallbackInput.hidden = false;
      fallbackInput.select();
      try {
        if (document.execCommand("copy")) {
          return Promise.resolve();
        }
      } catch (e) {
        /* fall through: the URL stays selected for a manual copy */
      }
    }
    return Promise.reject(new Error("copy unavailable"));
  }

  var traditional = /^zh-(Hant|TW|HK)/i.test(document.documentElement.lang);
  var COPIED = traditional ? "連結已複製" : "链接已复制";
  var COPY_BY_HAND = traditional ? "請長按連結複製" : "请长按链接复制";

  function closePopovers(except) {
    document.querySelectorAll("details.share-bar__wechat[open]").forEach(function (open) {
      if (open !== except) {
        open.removeAttribute("open");
      }
    });
  }

  function revealCopyButtons() {
    document.querySelectorAll(".share-bar__copy").forEach(function (button) {
      button.hidden = false;
    });
  }

  // Material's instant navigation swaps the page without a new DOMContentLoaded; its document$
  // observable emits for every page shown, the first one included.
  function watchPages() {
    revealCopyButtons();
    var pages = window.document$;
    if (pages && typeof pages.subscribe === "function") {
      pages.subscribe(revealCopyButtons);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watchPages);
  } else {
    watchPages();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".share-bar__copy");
    if (button) {
      var bar = button.closest(".share-bar");
      var input = bar && bar.querySelector(".share-bar__url");
      var status = bar && bar.querySelector(".share-bar__status");
      copyText(button.getAttribute("data-url") || location.href, input).then(
        function () {
          if (status) {
            status.textContent = COPIED;
          }
        },
        function () {
          if (status) {
            status.textContent = COPY_BY_HAND;
          }
        }
      );
      return;
    }
    closePopovers(event.target.closest("details.share-bar__wechat"));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = document.querySelector("details.share-bar__wechat[open]");
    if (!open) {
      return;
    }
    var focused = document.activeElement;
    // Keyboard users continue from the control that opened the popover; focus elsewhere stays put.
    var returnFocus = !focused || focused === document.body || open.contains(focused);
    closePopovers(null);
    if (returnFocus) {
      open.querySelector("summary").focus();
    }
  });
})();
