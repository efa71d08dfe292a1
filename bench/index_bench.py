"""bench/index_bench.py: the indexing part of scripts/bench. Lantern and omindex on the same files in
the same run, alternating (Lantern full build, Lantern unchanged re-run, omindex full build, omindex
unchanged re-run; repeated), then each database's size as built and after compaction (of a copy)."""
import shutil
import subprocess
import time

import corpora
from measure import BenchError, du_kib, median, timed


def _lantern_pass(ctx, corpus, db, log):
    shutil.rmtree(db, ignore_errors=True)
    cmd = corpora.lantern_build_cmd(ctx.root, ctx.lantern_index, corpus, db)
    full = timed(cmd, log, ok_codes=(0, 1))   # 1: finished, some files failed (counted, reported)
    rerun = timed(cmd, log, ok_codes=(0, 1))
    return full, rerun


def _omindex_pass(corpus, db, log):
    shutil.rmtree(db, ignore_errors=True)
    cmd = corpora.omindex_cmd(corpus, db)
    return timed(cmd, log), timed(cmd, log)


def _lantern_compacted(ctx, db, work):
    """Compacts a copy (lantern-index compact writes a new release and switches to it) and returns
    (KiB of the compacted live release, seconds)."""
    copy = work / "lantern-compact"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(db, copy, symlinks=True)
    start = time.perf_counter()
    subprocess.run([ctx.lantern_index, "compact", "--db", str(copy), "--keep-releases", "0"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    size = du_kib(corpora.live_paths(copy))
    shutil.rmtree(copy)
    return size, seconds


def _omindex_compacted(db, work):
    out = work / "omindex-compact"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(["xapian-compact", str(db), str(out)], check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    size = du_kib([out])
    shutil.rmtree(out)
    return size, seconds


def _summary(runs_full, runs_rerun, docs, size_kib, compact):
    return {"docs": docs, "full": [r.as_dict() for r in runs_full], "rerun": [r.as_dict() for r in runs_rerun],
            "size_kib": size_kib, "compact_kib": compact[0], "compact_s": compact[1]}


def _shown(ctx, cmd):
    """A command as the tables show it: paths relative to the checkout."""
    return " ".join(str(c) for c in cmd).replace(str(ctx.root) + "/", "")


def run(ctx, corpus):
    """Measures one corpus; returns the data the report writes (bench/report.py)."""
    work = ctx.work / corpus.key
    work.mkdir(parents=True, exist_ok=True)
    log = work / "index.log"
    log.write_text("")
    ldb, odb = work / "lantern", work / "omindex"
    with_omindex = corpus.files <= ctx.omindex_max_docs
    lf, lr, of, orr = [], [], [], []
    for i in range(ctx.runs):
        print(f"bench: index {corpus.label}: run {i + 1} of {ctx.runs}: lantern-index", flush=True)
        full, rerun = _lantern_pass(ctx, corpus, ldb, log)
        lf.append(full)
        lr.append(rerun)
        if with_omindex:
            print(f"bench: index {corpus.label}: run {i + 1} of {ctx.runs}: omindex", flush=True)
            full, rerun = _omindex_pass(corpus, odb, log)
            of.append(full)
            orr.append(rerun)
    print(f"bench: index {corpus.label}: compaction", flush=True)
    data = {"key": corpus.key, "label": corpus.label, "files": corpus.files, "input_bytes": corpus.input_bytes,
            "runs": ctx.runs, "threads": ctx.cores,
            "lantern_cmd": _shown(ctx, corpora.lantern_build_cmd(ctx.root, "lantern-index", corpus, "DB")),
            "omindex_cmd": _shown(ctx, corpora.omindex_cmd(corpus, "DB")),
            "lantern": _summary(lf, lr, corpora.lantern_documents(ctx.lantern_index, ldb),
                                du_kib(corpora.live_paths(ldb)), _lantern_compacted(ctx, ldb, work))}
    if with_omindex:
        data["omindex"] = _summary(of, orr, corpora.xapian_documents(odb), du_kib([odb]), _omindex_compacted(odb, work))
    else:
        shutil.rmtree(odb, ignore_errors=True)
        data["omindex_note"] = (f"omindex not run: {corpus.files:,} files is over --omindex-max-docs "
                                f"{ctx.omindex_max_docs:,} (see the 100,000-article row for the comparison)")
    return data


def ensure_databases(ctx, corpus, need_omindex):
    """For --only queries/server: build the databases (untimed) unless the last index part left
    them, and the Lantern one is newer than lantern-index."""
    work = ctx.work / corpus.key
    work.mkdir(parents=True, exist_ok=True)
    log = work / "prepare.log"
    ldb, odb = work / "lantern", work / "omindex"
    current = ldb / "current"
    if not current.exists() or current.stat().st_mtime < ctx.lantern_index.stat().st_mtime:
        print(f"bench: building the Lantern index of {corpus.label} (untimed)", flush=True)
        shutil.rmtree(ldb, ignore_errors=True)
        timed(corpora.lantern_build_cmd(ctx.root, ctx.lantern_index, corpus, ldb), log, ok_codes=(0, 1))
    if need_omindex and corpus.files <= ctx.omindex_max_docs and not (odb / "iamglass").exists():
        print(f"bench: building the omindex database of {corpus.label} (untimed)", flush=True)
        timed(corpora.omindex_cmd(corpus, odb), log)
    if not current.exists():
        raise BenchError(f"no Lantern index at {ldb}; see {log}")
    return ldb, (odb if (odb / "iamglass").exists() else None)


def ratio(a, b):
    return a / b if a is not None and b else None


def medians(side):
    """Medians of one tool's runs, as the tables show them."""
    full, rerun = side["full"], side["rerun"]
    return {"full_wall": median([r["wall_s"] for r in full]), "full_cpu": median([r["cpu_s"] for r in full]),
            "full_rss": median([r["rss_kib"] for r in full]), "rerun_wall": median([r["wall_s"] for r in rerun]),
            "rerun_cpu": median([r["cpu_s"] for r in rerun]), "rerun_rss": median([r["rss_kib"] for r in rerun])}
