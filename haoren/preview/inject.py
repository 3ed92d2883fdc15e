"""What only the preview adds to a page: the problems banner and the few lines that reload the page.

Added to the HTTP answer, never to a file: `build` cannot publish them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from haoren.problems import Problem

CHANGES_PATH = "/__preview__/changes"
BANNER_ID = "haoren-preview-problems"

# A status region at the top of every page; wraps long paths at 390 px; no outside files.
_STYLE = (
    f"#{BANNER_ID}{{position:relative;z-index:10;margin:0;padding:12px 16px;background:#fff4e5;color:#3d2600;"
    "border-bottom:3px solid #b45309;font:16px/1.5 system-ui,sans-serif;overflow-wrap:anywhere}"
    f"#{BANNER_ID} h2{{margin:0 0 4px;font-size:17px;color:inherit}}"
    f"#{BANNER_ID} ul{{margin:0;padding-left:20px}}"
    f"#{BANNER_ID} code{{font:15px/1.5 ui-monospace,monospace;white-space:pre-wrap;color:inherit;background:none}}"
)

# Ask the server (a long poll) whether anything changed since this page was made; reload only then.
_SCRIPT = """<script>
(function () {
  var version = %d;
  function ask() {
    fetch("%s?since=" + version, {cache: "no-store"})
      .then(function (answer) { return answer.json(); })
      .then(function (state) { if (state.version !== version) { location.reload(); } else { ask(); } })
      .catch(function () { setTimeout(ask, 2000); });
  }
  ask();
})();
</script>"""


def banner_html(problems: Sequence[Problem]) -> str:
    """The problems of the last save, one `path:line: field: message` each, in a status region."""
    if not problems:
        return ""
    count = f"{len(problems)} 个问题" if len(problems) > 1 else "1 个问题"
    items = "".join(f"<li><code>{html.escape(str(problem))}</code></li>" for problem in problems)
    return (f'<style>{_STYLE}</style><section id="{BANNER_ID}" role="alert" aria-labelledby="{BANNER_ID}-title">'
            f'<h2 id="{BANNER_ID}-title">预览：刚保存的内容有 {count}，页面显示的是上一次没有问题的版本</h2>'
            f"<ul>{items}</ul></section>")


def preview_page(page_html: str, problems: Sequence[Problem], version: int) -> str:
    """The page with the banner first in <body> and the reload script last."""
    banner = banner_html(problems)
    if banner:
        start = page_html.find("<body")
        end = page_html.find(">", start) + 1 if start >= 0 else 0
        page_html = page_html[:end] + banner + page_html[end:]
    script = _SCRIPT % (version, CHANGES_PATH)
    at = page_html.rfind("</body>")
    return page_html[:at] + script + page_html[at:] if at >= 0 else page_html + script
