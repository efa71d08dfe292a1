"""bench/documents_bench.py: the documents part of scripts/bench. The bundled corpus's HTML pages,
and the same articles as PDF and as DOCX (made by `scripts/make-documents bench`, once, into the
data folder), each format a folder of its own; a full build of each folder by lantern-index and by
omindex (which reads PDF through pdftotext), alternating, --runs times; medians of wall, CPU and
peak RSS, and pages/s, documents/s and input MB/s."""
import os
import shutil
import subprocess

import corpora
from measure import BenchError, median, timed

FORMATS = ("html", "pdf", "docx")
COPIES = 10   # each article this many times (its own file name), so a run lasts seconds, not a blink


def prepare(ctx, data_dir):
    """The folders, made once and reused while their stamp matches scripts/make-documents."""
    out = data_dir / "documents"
    stamp = out.parent / "documents.stamp"
    script = ctx.root / "scripts" / "make-documents"
    want = f"copies={COPIES} script={script.stat().st_mtime_ns}"
    if not (stamp.exists() and stamp.read_text() == want and all((out / f).is_dir() for f in FORMATS)):
        shutil.rmtree(out, ignore_errors=True)
        print(f"bench: making the document corpus into {out} (once; reused later)", flush=True)
        subprocess.run([str(script), "bench", str(out), str(COPIES)], check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, LANTERN_INDEX=str(ctx.lantern_index)))
        stamp.write_text(want)
    return out


def pdf_pages(folder):
    pages = 0
    for f in sorted(folder.glob("*.pdf")):
        info = subprocess.run(["pdfinfo", str(f)], stdout=subprocess.PIPE, text=True, check=True).stdout
        pages += next(int(line.split()[1]) for line in info.splitlines() if line.startswith("Pages:"))
    return pages


def run(ctx, data_dir):
    """Measures each format; returns the data the report writes (bench/report.py)."""
    base = prepare(ctx, data_dir)
    work = ctx.work / "documents"
    work.mkdir(parents=True, exist_ok=True)
    log = work / "documents.log"
    log.write_text("")
    rows = []
    for fmt in FORMATS:
        folder = base / fmt
        files = sorted(folder.iterdir())
        row = {"format": fmt, "files": len(files), "bytes": sum(f.stat().st_size for f in files),
               "pages": pdf_pages(folder) if fmt == "pdf" else None, "lantern": [], "omindex": []}
        ldb, odb = work / f"lantern-{fmt}", work / f"omindex-{fmt}"
        lantern = [ctx.lantern_index, "build", "--db", str(ldb), "--full", "--quiet", "--no-thesaurus", "--no-safety-panel",
                   str(folder)]
        omindex = ["omindex", "-S", "--db", str(odb), "--url", "/", str(folder)]
        for i in range(ctx.runs):
            print(f"bench: documents {fmt}: run {i + 1} of {ctx.runs}", flush=True)
            shutil.rmtree(ldb, ignore_errors=True)
            row["lantern"].append(timed(lantern, log, ok_codes=(0, 1)).as_dict())
            shutil.rmtree(odb, ignore_errors=True)
            row["omindex"].append(timed(omindex, log).as_dict())
        row["lantern_docs"] = corpora.lantern_documents(ctx.lantern_index, ldb)
        row["omindex_docs"] = corpora.xapian_documents(odb)
        if row["lantern_docs"] == 0:
            raise BenchError(f"lantern-index indexed no {fmt} file; see {log}")
        rows.append(row)
    return {"key": "documents", "label": f"bundled articles as HTML, PDF and DOCX ({COPIES} copies each)", "runs": ctx.runs,
            "rows": rows, "lantern_cmd": "lantern-index build --db DB --full --quiet --no-thesaurus --no-safety-panel DIR",
            "omindex_cmd": "omindex -S --db DB --url / DIR"}


def medians(runs):
    return {k: median([r[k] for r in runs]) for k in ("wall_s", "cpu_s", "rss_kib")}
