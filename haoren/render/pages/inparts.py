"""Page generation on two cores: the page jobs dealt between this process and a forked one, whose side effects come back.

Once the model is frozen, pages are independent, but making one has effects besides the page:
the share cards and posters it asks for (Drawings), the texts it refuses (Renderer.problems), the Markdown it
renders late (Renderer.rendered), what the page memo keeps of it or gives back (Renderer.kept_jobs,
Renderer.reused_jobs) and the related stories it ranks (Site.related, kept for the next build). The
forked part records them and sends them back with its pages; this process applies them, so
the result equals one process doing every job.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import traceback
from collections.abc import Callable, Iterable, Sequence
from multiprocessing.connection import Connection

from haoren.forking import can_fork
from haoren.problems import Problem
from haoren.render.pages import GeneratedPage
from haoren.render.pages.render import Renderer

PageJob = Callable[[Renderer], Iterable[GeneratedPage]]
# Jobs (a story page is one): below this, forking (and sending the pages back) costs more than it saves.
PARALLEL_FROM = 400


@dataclasses.dataclass(frozen=True)
class PartResult:
    """What the forked part made: its pages, and the effects of making them."""

    pages: list[GeneratedPage]
    drawings: dict[str, object]  # Drawings.asked() made there
    problems: list[Problem]
    markdown: dict[str, object]  # texts rendered there that were not prepared
    kept_jobs: dict[bytes, object]  # page-memo entries made there (Renderer.kept_jobs)
    reused_jobs: set[bytes]  # and the keys of those given back there (Renderer.reused_jobs)
    rankings: dict[str, tuple[str, ...]]  # related stories ranked there (Site.related.ranked)


class PartFailed(Exception):
    """The forked part raised, or ended without its pages: one line; its traceback is the cause."""


class ForkedTraceback(Exception):
    """The forked part's traceback as text, shown where a traceback is (HAOREN_DEBUG=1)."""

    def __str__(self) -> str:
        return str(self.args[0])


def run_jobs(r: Renderer, jobs: Sequence[PageJob], started: Callable[[], None] | None = None,
             work: int | None = None) -> list[GeneratedPage]:
    """Every job's pages: on two cores when there is much `work` and forking is safe, else here one by one.

    `started` is called once the other part is forked (at once when there is none): a thread it
    starts leaves that part be, where a thread started before would keep the jobs on one core.
    `work` weighs the jobs in story pages; by default as the site's items, for lists.
    """
    # A list's job grows with the site: at 10,000 stories the few left when the page memo gave
    # back every story's page are still seconds of work.
    work = max(len(jobs), len(r.site.stories) + len(r.site.honorees)) if work is None else work
    if work < PARALLEL_FROM or r.context.workers < 2 or not can_fork():
        if started is not None:
            started()
        return [page for job in jobs for page in job(r)]
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    other = context.Process(target=_run_part, args=(r, jobs[1::2], sender, receiver), daemon=True)
    other.start()
    sender.close()
    try:
        if started is not None:
            started()
        pages = [page for job in jobs[0::2] for page in job(r)]
        try:
            result: PartResult | str | None = receiver.recv()
        except EOFError:  # it died without a word (killed, out of memory)
            result = None
    finally:
        receiver.close()
        other.join()
    if result is None:
        raise PartFailed(f"the process making half the pages ended without them (exit code {other.exitcode})")
    if isinstance(result, str):
        raise PartFailed(result.strip().splitlines()[-1]) from ForkedTraceback(result)
    _apply(r, result)
    return pages + result.pages


def _run_part(r: Renderer, jobs: Sequence[PageJob], sender: Connection, receiver: Connection) -> None:
    """In the forked process: make the pages and send them with their effects, or send the traceback."""
    # The fork copied the parent's reading end. Closed here, a parent that stops listening (it failed,
    # or was killed) breaks the pipe, and this process ends instead of blocking on a full pipe.
    receiver.close()
    try:
        sender.send(_made(r, jobs))
    except BaseException:  # noqa: BLE001  anything, even a bug or a page that cannot be pickled, is told
        with contextlib.suppress(OSError):  # unless the parent stopped listening: it failed itself
            sender.send(traceback.format_exc())
    finally:
        sender.close()


def _made(r: Renderer, jobs: Sequence[PageJob]) -> PartResult:
    """The jobs' pages, with what making them asked of the drawings and the Markdown."""
    drawings_before = set(r.context.drawings.asked()) if r.context.drawings else set()
    markdown_before = set(r.rendered)
    problems_before = len(r.problems)
    kept_before = set(r.kept_jobs)
    reused_before = set(r.reused_jobs)
    ranked_before = r.site.related.ranked().keys()
    pages = [page for job in jobs for page in job(r)]
    drawn = r.context.drawings.asked() if r.context.drawings else {}
    return PartResult(
        pages=pages,
        drawings={name: job for name, job in drawn.items() if name not in drawings_before},
        problems=r.problems[problems_before:],
        markdown={text: html for text, html in r.rendered.items() if text not in markdown_before},
        kept_jobs={key: entry for key, entry in r.kept_jobs.items() if key not in kept_before},
        reused_jobs=r.reused_jobs - reused_before,
        rankings={slug: best for slug, best in r.site.related.ranked().items() if slug not in ranked_before},
    )


def _apply(r: Renderer, result: PartResult) -> None:
    """The forked part's effects, made here: as if this process had made its pages."""
    if r.context.drawings is not None:
        r.context.drawings.take(result.drawings)
    r.problems.extend(result.problems)
    r.rendered.update(result.markdown)
    r.kept_jobs.update(result.kept_jobs)
    r.reused_jobs.update(result.reused_jobs)
    r.site.related.take(result.rankings)
