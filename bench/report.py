"""bench/report.py: the tables of scripts/bench and docs/BENCHMARKS.md. Each measured (part, corpus)
is one subsection holding its table, the machine, the date and the exact command, with its figures
kept in an HTML comment (<!-- bench-data {...} -->) so a later run of another part or corpus
replaces only its own subsections, and the Targets table is worked out from whatever is there."""
import json
import re

import documents_bench
import index_bench
from measure import median

INTRO = ("# Benchmarks\n\nFigures from `scripts/bench` (see its header for the options), each with the machine, the "
         "date and the exact command. Absolute times on a shared 2-core machine are noisy: compare rows "
         "measured in the same run, and read ratios and medians rather than single figures. The targets are "
         "issue 8's. Sections below are rewritten by the script; add notes only under other headings.\n")
TARGETS = "## Targets (issue 8)"
SECTIONS = {  # part -> (heading, what the section measures)
    "index": ("## Indexing: Lantern and omindex",
              "Full build into an empty database, then the same command again on that database with no file "
              "changed (unchanged re-run), for `lantern-index build` and for Omega's `omindex` "
              "(`omindex -i -S --db DB --url / -Mxml:text/html DIR`: robots exclusions ignored as with Lantern's "
              "`--ignore-robots`, spelling data on as Lantern keeps it, `.xml` read as HTML), on the same "
              "HTML and XML files, alternating Lantern and omindex runs; medians. CPU is user + sys; peak RSS "
              "from `/usr/bin/time -f %M`; input MB/s counts the bytes of the files read; sizes are `du -sk` "
              "of the live database, as built and after `lantern-index compact` / `xapian-compact` "
              "(of a copy)."),
    "queries": ("## Queries: latency of the query mix",
                "The 600 queries of `bench/queries.tsv` (120 each: plain, phrase, misspelled, synonym/slang, "
                "filtered; made by `bench/make-queries` from the bundled corpus and corpus/thesaurus), limit 10. "
                "Filters name facet values by rank (`topic=@3`), resolved for each index, so they match on "
                "every corpus. In-process: `lantern-bench-queries` opens the index once and runs each query "
                "with snippets, facets and safety cards as the server does, one thread, after a warm-up pass. "
                "One process per query: wall time from starting the program to its exit, after 100 "
                "unmeasured queries. quest and omega search omindex's database of the same files; they can "
                "filter by folder (omindex's P terms) but have no topic, audience or review-date fields, so "
                "of the filtered kind they run only the queries whose filters are all `source`."),
    "server": ("## Server: lantern-search serve under wrk",
               "`lantern-search serve --max-concurrent 256` under wrk (2 threads) at 16 and 64 connections, with its "
               "response cache on (the default, 30 s: the 600-request cycle repeats within that, so after the first pass "
               "these are answers from memory) and off (`--cache-seconds 0`: every request searches), "
               "cycling through the query mix (filters as URL parameters) against `/api/search?limit=10` "
               "(snippets, facets, safety cards), Release build, wrk on the same machine (so it competes "
               "with the server for the cores)."),
    "documents": ("## Documents: PDF and DOCX beside HTML",
                  "The pages of `corpus/site` (print copies aside) as they are, as PDFs typeset by groff (A4, an outline "
                  "entry a section) and as DOCX written by pandoc, each article 10 times under its own name "
                  "(`scripts/make-documents bench`): a full build of each format's folder by `lantern-index build` "
                  "(extraction on every core, thesaurus and safety panel left out) and by `omindex -S` (one thread; "
                  "PDF through `pdftotext`, DOCX through `unzip`), alternating; medians. Pages/s counts PDF pages "
                  "(`pdfinfo`); MB/s the input files' bytes; peak RSS from `/usr/bin/time -f %M`. The machine is "
                  "shared with other work and was loaded (its load average is in each subsection): compare the "
                  "rows of one run, not absolute times."),
    "synthetic": ("## Synthetic corpora: scripts/gen-corpus",
                  "Time to generate the synthetic corpora (`scripts/gen-corpus OUTDIR COUNT --seed N`, one "
                  "worker per core). A corpus already generated with the same seed and count is reused."),
}
ORDER = ("index", "queries", "server", "documents", "synthetic")
DATA_RE = re.compile(r"<!-- bench-data (\{.*\}) -->")


def _f(x, digits=1):
    return "n/a" if x is None else f"{x:,.{digits}f}"


def _pct(x):
    return "n/a" if x is None else f"{100 * x:.2f}%"


def _sort_key(key):
    m = re.match(r"synthetic-(\d+)", key)
    return (2, int(m.group(1))) if m else ((0, 0) if key == "bundled" else (1, 0))


# ---- tables -------------------------------------------------------------------------------------

def index_table(d):
    lt = index_bench.medians(d["lantern"])
    ot = index_bench.medians(d["omindex"]) if "omindex" in d else None
    mb = d["input_bytes"] / 1e6

    def row(name, lv, ov, fmt=_f, show_ratio=True):
        r = index_bench.ratio(lv, ov) if show_ratio else None
        return f"| {name} | {fmt(lv)} | {fmt(ov) if ot else 'not run'} | {_f(r, 2) if r is not None else ''} |"
    o = d.get("omindex")
    runs = "1 run" if d["runs"] == 1 else f"median of {d['runs']} runs"
    rows = [f"| {runs} | Lantern | omindex | Lantern / omindex |", "|---|---:|---:|---:|",
            row("full build: wall s", lt["full_wall"], ot and ot["full_wall"]),
            row("full build: CPU s (user+sys)", lt["full_cpu"], ot and ot["full_cpu"]),
            row("full build: peak RSS MiB", lt["full_rss"] / 1024, ot and ot["full_rss"] / 1024),
            row("full build: documents/s", d["lantern"]["docs"] / lt["full_wall"], ot and o["docs"] / ot["full_wall"], lambda x: _f(x, 0)),
            row("full build: input MB/s", mb / lt["full_wall"], ot and mb / ot["full_wall"], lambda x: _f(x, 2)),
            row("unchanged re-run: wall s", lt["rerun_wall"], ot and ot["rerun_wall"], lambda x: _f(x, 2)),
            row("unchanged re-run: CPU s", lt["rerun_cpu"], ot and ot["rerun_cpu"], lambda x: _f(x, 2)),
            row("unchanged re-run: peak RSS MiB", lt["rerun_rss"] / 1024, ot and ot["rerun_rss"] / 1024),
            row("unchanged re-run / full build (wall)", lt["rerun_wall"] / lt["full_wall"],
                ot and ot["rerun_wall"] / ot["full_wall"], _pct, False),
            row("index size MiB, as built", d["lantern"]["size_kib"] / 1024, o and o["size_kib"] / 1024),
            row("index size MiB, compacted", d["lantern"]["compact_kib"] / 1024, o and o["compact_kib"] / 1024),
            row("compaction s", d["lantern"]["compact_s"], o and o["compact_s"], lambda x: _f(x, 1), False),
            row("documents in the index", d["lantern"]["docs"], o and o["docs"], lambda x: _f(x, 0), False)]
    walls = "; ".join(f"{name} {side} " + ", ".join(f"{r['wall_s']:.1f}" for r in d[tool][side])
                      for tool, name in (("lantern", "Lantern"), ("omindex", "omindex")) if tool in d
                      for side in ("full", "rerun"))
    text = "\n".join(rows) + f"\n\nEvery run's wall seconds: {walls}.\n"
    text += f"\nLantern: `{d['lantern_cmd']}`  \nomindex: `{d['omindex_cmd']}`\n"
    if "omindex_note" in d:
        text += f"\n{d['omindex_note']}.\n"
    return text


def queries_table(d):
    ip = d["in_process"]
    rows = ["In-process (`lantern-bench-queries`, %d warm-up + %d measured passes):" % (ip["warmup_passes"], ip["passes"]), "",
            "| kind | queries | p50 ms | p95 ms | p99 ms | max ms | mean ms | queries/s | mean matches | no results |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for kind, s in list(sorted(ip["kinds"].items())) + [("**all**", ip["all"])]:
        rows.append(f"| {kind} | {s['queries']} | {_f(s['p50_ms'], 2)} | {_f(s['p95_ms'], 2)} | {_f(s['p99_ms'], 2)} | "
                    f"{_f(s['max_ms'], 2)} | {_f(s['mean_ms'], 2)} | {_f(s['queries_per_s'], 0)} | "
                    f"{_f(s['mean_matches'], 0)} | {s['without_hits']} |")
    if ip.get("rank_filters_dropped"):
        rows.append(f"\n{ip['rank_filters_dropped']} facet-rank filters had no value in this index and were left out "
                    "(the query ran with its other filters, or none).")
    rows += ["", "One process per query (process start included):", "",
             "| runner | run | with results | p50 ms | p95 ms | p99 ms | mean ms | queries/s | p50 / p99 ms by kind: plain, phrase, misspelled, synonym, filtered |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in d["per_process"]:
        a = r["all"] or {}
        kinds = ", ".join((f"{_f(r['kinds'][k].get('p50_ms'), 0)} / {_f(r['kinds'][k].get('p99_ms'), 0)}"
                           if r["kinds"].get(k, {}).get("run") else "n/a") for k in
                          ("plain", "phrase", "misspelled", "synonym", "filtered"))
        rows.append(f"| {r['runner']} | {r['run']} of {r['queries']} | {r['with_results']} | {_f(a.get('p50_ms'), 1)} | "
                    f"{_f(a.get('p95_ms'), 1)} | {_f(a.get('p99_ms'), 1)} | {_f(a.get('mean_ms'), 1)} | "
                    f"{_f(a.get('queries_per_s'), 1)} | {kinds} |")
    if "omindex_note" in d:
        rows.append(f"\n{d['omindex_note']}.")
    return "\n".join(rows) + "\n"


def server_table(d):
    rows = ["| response cache | connections | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors (non-2xx) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in d["rows"]:
        rows.append(f"| {r.get('cache', 'none')} | {r['connections']} | {_f(r['rps'], 0)} | {_f(r['p50_ms'], 2)} | {_f(r['p90_ms'], 2)} | "
                    f"{_f(r['p99_ms'], 2)} | {_f(r['max_ms'], 2)} | {int(r['errors'])} ({int(r['non2xx'])}) |")
    return "\n".join(rows) + f"\n\n{d['queries']} requests in the cycle, {d['seconds']} s per row.\n"


def synthetic_table(d):
    return ("| articles | seed | bytes | wall s | CPU s | articles/s | peak RSS MiB |\n|---:|---:|---:|---:|---:|---:|---:|\n"
            f"| {d['count']:,} | {d['seed']} | {d['bytes']:,} | {_f(d['wall_s'])} | {_f(d['cpu_s'])} | "
            f"{_f(d['count'] / d['wall_s'], 0)} | {_f(d['rss_kib'] / 1024)} |\n")


def documents_table(d):
    rows = [f"| median of {d['runs']} runs | files | PDF pages | MB | tool | documents | wall s | CPU s | pages/s | documents/s | MB/s | peak RSS MiB |",
            "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in d["rows"]:
        mb = r["bytes"] / 1e6
        for tool, name in (("lantern", "Lantern"), ("omindex", "omindex")):
            m = documents_bench.medians(r[tool])
            pages = r["pages"]
            rows.append(f"| {r['format'].upper()} | {r['files']:,} | {'' if pages is None else f'{pages:,}'} | {_f(mb, 1)} | {name} | "
                        f"{r[tool + '_docs']:,} | {_f(m['wall_s'], 2)} | {_f(m['cpu_s'], 2)} | "
                        f"{'' if pages is None else _f(pages / m['wall_s'], 0)} | {_f(r['files'] / m['wall_s'], 0)} | "
                        f"{_f(mb / m['wall_s'], 2)} | {_f(m['rss_kib'] / 1024)} |")
    return "\n".join(rows) + f"\n\nLantern: `{d['lantern_cmd']}`  \nomindex: `{d['omindex_cmd']}`\n"


TABLES = {"index": index_table, "queries": queries_table, "server": server_table, "documents": documents_table,
          "synthetic": synthetic_table}


def subsection(part, data, stamp):
    """The Markdown of one (part, corpus): heading, when/where/how, table, stored figures."""
    data = dict(data, stamp=stamp)
    files = f", {data['files']:,} files" if "files" in data else ""
    source = f", {stamp['source']}" if stamp.get("source") else ""
    return (f"### {data['label']}\n\nMeasured {stamp['date']} on {stamp['machine']}{files}{source}, with "
            f"`{stamp['command']}`.\n\n"
            + TABLES[part](data) + f"\n<!-- bench-data {json.dumps(data, sort_keys=True)} -->\n")


# ---- the document ---------------------------------------------------------------------------------

def load(path):
    """(stored data by part and key, the document's other sections as text in order)."""
    text = path.read_text() if path.exists() else ""
    stored, others = {p: {} for p in ORDER}, []
    headings = {h: p for p, (h, _) in SECTIONS.items()}
    for chunk in re.split(r"(?m)^(?=## )", text):
        if not chunk.startswith("## "):
            continue  # the intro: rewritten
        heading = chunk.splitlines()[0].strip()
        if heading == TARGETS:
            continue
        part = headings.get(heading)
        if part is None:
            others.append(chunk.rstrip() + "\n")
            continue
        for m in DATA_RE.finditer(chunk):
            d = json.loads(m.group(1))
            stored[part][d["key"]] = d
    return stored, others


def render(stored, others):
    out = [INTRO, targets_section(stored)]
    for part in ORDER:
        if not stored[part]:
            continue
        heading, about = SECTIONS[part]
        out.append(f"{heading}\n\n{about}\n")
        for key in sorted(stored[part], key=_sort_key):
            d = stored[part][key]
            out.append(subsection(part, {k: v for k, v in d.items() if k != "stamp"}, d["stamp"]))
    return "\n".join(out + others)


def update(path, part, data, stamp):
    """Stores one (part, corpus) result in docs/BENCHMARKS.md and rewrites the Targets table."""
    stored, others = load(path)
    stored[part][data["key"]] = dict(data, stamp=stamp)
    path.write_text(render(stored, others))
    return stored


# ---- targets --------------------------------------------------------------------------------------

def target_rows(stored):
    """(target, measured, pass/fail/not measured, where from) for issue 8's targets."""
    rows = []
    ix = stored["index"].get("shared")
    if ix and "omindex" in ix:
        lt, ot = index_bench.medians(ix["lantern"]), index_bench.medians(ix["omindex"])
        r = lt["full_wall"] / ot["full_wall"]
        rows.append(("full build of ../shared/corpora <= 0.5x omindex's wall time", f"{r:.2f}x ({lt['full_wall']:.1f} s vs {ot['full_wall']:.1f} s)", r <= 0.5, ix))
        rows.append(("... with peak RSS <= omindex's", f"{lt['full_rss'] / 1024:.0f} MiB vs {ot['full_rss'] / 1024:.0f} MiB", lt["full_rss"] <= ot["full_rss"], ix))
        r = ix["lantern"]["compact_kib"] / ix["omindex"]["compact_kib"]
        rows.append(("index size <= 1.5x omindex's after compaction (../shared/corpora)", f"{r:.2f}x ({ix['lantern']['compact_kib'] / 1024:.0f} MiB vs {ix['omindex']['compact_kib'] / 1024:.0f} MiB)", r <= 1.5, ix))
    else:
        rows += [("full build of ../shared/corpora <= 0.5x omindex's wall time, peak RSS <= omindex's, size <= 1.5x compacted", "", None, None)]
    if ix:
        lt = index_bench.medians(ix["lantern"])
        r = lt["rerun_wall"] / lt["full_wall"]
        rows.append(("unchanged re-run < 2% of a full build (../shared/corpora)", f"{100 * r:.2f}% ({lt['rerun_wall']:.2f} s)", r < 0.02, ix))
    q = stored["queries"].get("shared")
    rows.append(("in-process p99 < 10 ms on ../shared/corpora", f"{q['in_process']['all']['p99_ms']:.2f} ms" if q else "",
                 q["in_process"]["all"]["p99_ms"] < 10 if q else None, q))
    big = stored["queries"].get("synthetic-1000000")
    rows.append(("in-process p99 < 50 ms at 1,000,000 documents", f"{big['in_process']['all']['p99_ms']:.2f} ms" if big else "",
                 big["in_process"]["all"]["p99_ms"] < 50 if big else None, big))
    s = stored["server"].get("shared")
    for cache, how in (("on", "response cache on (the default; the mix repeats, so mostly answers from memory)"),
                       ("off", "--cache-seconds 0 (every request searches)")):
        r64 = next((r for r in s["rows"] if r["connections"] == 64 and r.get("cache", "off") == cache), None) if s else None
        rows.append((f"server >= 2,000 requests/s at 64 connections on ../shared/corpora, {how}", f"{r64['rps']:.0f}/s" if r64 else "",
                     r64["rps"] >= 2000 if r64 else None, s))
        rows.append(("... with p99 < 50 ms", f"{r64['p99_ms']:.1f} ms" if r64 else "", r64["p99_ms"] < 50 if r64 else None, s))
        rows.append(("... and zero errors", f"{int(r64['errors'])}" if r64 else "", r64["errors"] == 0 if r64 else None, s))
    b = stored["index"].get("synthetic-1000000")
    rss = median([r["rss_kib"] for r in b["lantern"]["full"]]) if b else None
    rows.append(("1,000,000-document build: peak RSS < 2 GiB", f"{rss / 1024:.0f} MiB" if b else "", rss < 2 * 1024 * 1024 if b else None, b))
    return rows


def targets_section(stored):
    lines = [TARGETS, "", "Worked out by `scripts/bench` from the figures stored below (each row names the run it "
             "comes from); the machine has 2 cores shared with other work.", "",
             "| target | measured | result | measured on |", "|---|---|---|---|"]
    for name, measured, ok, src in target_rows(stored):
        verdict = "not measured yet" if ok is None else ("**pass**" if ok else "**FAIL**")
        when = f"{src['stamp']['date']}, {src['stamp'].get('source', '')}".rstrip(", ") if src else ""
        lines.append(f"| {name} | {measured} | {verdict} | {when} |")
    return "\n".join(lines) + "\n"


def print_targets(stored):
    for name, measured, ok, _ in target_rows(stored):
        verdict = "not measured" if ok is None else ("PASS" if ok else "FAIL")
        print(f"  {verdict:12} {name}: {measured}")
