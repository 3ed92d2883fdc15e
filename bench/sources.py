"""Reading the site's files for `make bench`: the check's content digests of a site with photos, every file
read (as each build did before haoren.sourcedigests) against the digests kept by each file's status.

The synthetic site has no photos; a real archive has gigabytes. Both runs are in one process, on the
same copy of the site with photos added, the photos in memory for both (the best case of reading).

    python -m bench.sources SITE WORK MEGABYTES   SITE's content copied into WORK with MEGABYTES of
                                                  photos; prints `BENCH {json}`
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import time
from pathlib import Path

from haoren import sourcedigests
from haoren.sourcedigests import SourceDigests
from haoren.validate.checkcache import CONTENT_FOLDERS, content_digests

PHOTO_MB = 3  # a phone photo as editors upload it


def measure(site: Path, work: Path, megabytes: int) -> dict[str, float]:
    """Wall and CPU seconds of the content digests with every file read, and with the kept digests."""
    shutil.rmtree(work, ignore_errors=True)
    for folder in CONTENT_FOLDERS:
        if (site / folder).is_dir():
            shutil.copytree(site / folder, work / folder, symlinks=True)
    photos = work / "content" / "images" / "bench-photos"
    photos.mkdir(parents=True, exist_ok=True)
    rng = random.Random(0)
    count = max(1, megabytes // PHOTO_MB)
    for number in range(count):
        (photos / f"photo-{number:04d}.jpg").write_bytes(rng.randbytes(PHOTO_MB << 20))
    # Files written within RECENT_NS are read again next time (a second write could hide in the tick).
    time.sleep(sourcedigests.RECENT_NS / 1e9 + 0.5)
    started, cpu = time.perf_counter(), time.process_time()
    read = SourceDigests()
    every = content_digests(work, read)
    read_s, read_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    kept = content_digests(work, SourceDigests(read.used))
    kept_s, kept_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    if kept != every:
        raise SystemExit("bench.sources: the kept digests differ from the files' own")
    return {"files": len(every), "photos": count, "photo_mb": count * PHOTO_MB, "read_s": read_s,
            "read_cpu_s": read_cpu_s, "kept_s": kept_s, "kept_cpu_s": kept_cpu_s}


def main(argv: list[str]) -> int:
    site, work, megabytes = Path(argv[0]), Path(argv[1]), int(argv[2])
    figures = measure(site, work, megabytes)
    shutil.rmtree(work, ignore_errors=True)
    print("BENCH " + json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
