"""bench/query_bench.py: the query part of scripts/bench. The mix of bench/queries.tsv (facet ranks
resolved for the index at hand) timed four ways: in-process with the core Searcher
(lantern-bench-queries), and one process per query with lantern-search, Xapian's quest and the omega
CGI on omindex's database of the same files."""
import json
import os
import re
import subprocess
from pathlib import Path

from measure import BenchError, summarize, wall_clock

KINDS = ("plain", "phrase", "misspelled", "synonym", "filtered")
WARMUP = 100   # queries run unmeasured before each one-process-per-query runner (fills the page cache)


def load_mix(ctx, db, path):
    """The mix with facet ranks resolved for this index: [(kind, query, [(key, value)])]."""
    out = subprocess.run([str(ctx.bench_queries), "--db", str(db), "--queries", str(ctx.queries), "--print-mix"],
                         stdout=subprocess.PIPE, text=True)
    if out.returncode != 0:
        raise BenchError("lantern-bench-queries --print-mix failed")
    path.write_text(out.stdout)
    mix = []
    for line in out.stdout.splitlines():
        cols = line.split("\t")
        pairs = [tuple(p.split("=", 1)) for p in cols[2].split("&")] if len(cols) > 2 and cols[2] else []
        mix.append((cols[0], cols[1], pairs))
    return mix


def in_process(ctx, db):
    out = subprocess.run([str(ctx.bench_queries), "--db", str(db), "--queries", str(ctx.queries), "--json",
                          "--passes", str(ctx.query_passes)], stdout=subprocess.PIPE, text=True)
    if out.returncode != 0:
        raise BenchError("lantern-bench-queries failed")
    return json.loads(out.stdout)


def _per_process(name, mix, make_cmd, count_matches, env=None, cwd=None):
    """Runs each query as its own process, after WARMUP unmeasured ones. make_cmd returns the
    command, or None when this runner has no equivalent for the query's filter."""
    runnable = [(kind, make_cmd(q, f)) for kind, q, f in mix]
    runnable = [(kind, cmd) for kind, cmd in runnable if cmd is not None]
    for _, cmd in runnable[:WARMUP]:
        wall_clock(cmd, env=env, cwd=cwd)
    by_kind, matched, failed = {k: [] for k in KINDS}, {k: 0 for k in KINDS}, 0
    for kind, cmd in runnable:
        ms, rc, text = wall_clock(cmd, env=env, cwd=cwd)
        if rc != 0:
            failed += 1
            continue
        by_kind.setdefault(kind, []).append(ms)
        if count_matches(text) > 0:
            matched[kind] = matched.get(kind, 0) + 1
    all_ms = [m for v in by_kind.values() for m in v]
    result = {"runner": name, "queries": len(mix), "run": len(runnable), "failed": failed,
              "with_results": sum(matched.values()), "all": summarize(all_ms),
              "kinds": {k: dict(summarize(v) or {}, run=len(v), with_results=matched.get(k, 0))
                        for k, v in by_kind.items()}}
    print(f"bench:   {name}: {len(runnable)} queries run, {result['with_results']} returned results, "
          f"{failed} failed", flush=True)
    return result


def _lantern_matches(text):
    if "No results for" in text:
        return 0
    m = re.search(r"of about (\d+)", text)
    return int(m.group(1)) if m else 0


def _quest_matches(text):
    m = re.search(r"^(?:Exactly|About) (\d+) match|best estimate is (\d+)", text, re.M)
    return int(next(g for g in m.groups() if g)) if m else 0


def _omega_matches(text):
    text = " ".join(re.sub(r"<[^>]*>", " ", text).replace("&nbsp;", " ").split())
    m = re.search(r"of (?:about |exactly )?([\d,]+) match|All ([\d,]+) match|\b(1) match", text)
    return int(next(g for g in m.groups() if g).replace(",", "")) if m else 0


def _source_only(filters):
    """quest and omega can filter by folder (omindex's P terms), not by topic, audience or date."""
    return all(k == "source" for k, _ in filters)


def _path_terms(corpus, filters):
    """omindex's path terms for source filters. A staged corpus has one folder per source
    (stage/<source>/: term P/<source>); an unstaged one is a single source, the whole database."""
    if str(corpus.omindex_dir) not in corpus.dirs:
        return [f"P/{v}" for _, v in filters]
    return []


def lantern_cli(ctx, db, mix):
    flags = {"topic": "--topic", "audience": "--audience", "source": "--source", "lang": "--lang",
             "since": "--since", "until": "--until"}

    def cmd(query, filters):
        c = [str(ctx.lantern_search), "--db", str(db), "--limit", "10"]
        for k, v in filters:
            c += [flags[k], v]
        return c + ["--", query]
    return _per_process("lantern-search (CLI)", mix, cmd, _lantern_matches)


def quest(corpus, db, mix):
    def cmd(query, filters):
        if not _source_only(filters):
            return None
        terms = _path_terms(corpus, filters)
        if terms:  # quest's boolean prefix "source:" maps "source:/x" to the term P/x
            return ["quest", "-d", str(db), "-m", "10", "-b", "source:P",
                    query + "".join(" source:" + t[1:] for t in terms)]
        return ["quest", "-d", str(db), "-m", "10", query]
    return _per_process("quest (omindex db)", mix, cmd, _quest_matches)


def omega(ctx, corpus, db, mix, work):
    """The omega CGI run as a command: NAME=VALUE arguments stand for the CGI parameters, and
    OMEGA_CONFIG_FILE points it at a database folder holding this database."""
    data = work / "omega" / "data"
    data.mkdir(parents=True, exist_ok=True)
    link = data / "bench"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(Path(db).resolve())
    conf = work / "omega" / "omega.conf"
    (work / "omega" / "log").mkdir(exist_ok=True)
    conf.write_text(f"database_dir {data}\ntemplate_dir /usr/share/xapian-omega/templates\n"
                    f"log_dir {work / 'omega' / 'log'}\ncdb_dir {work / 'omega' / 'cdb'}\n")
    env = dict(os.environ, OMEGA_CONFIG_FILE=str(conf))
    env.pop("REQUEST_METHOD", None)
    env.pop("QUERY_STRING", None)

    def cmd(query, filters):
        if not _source_only(filters):
            return None
        return [ctx.omega, "DB=bench", f"P={query}"] + [f"B={t}" for t in _path_terms(corpus, filters)]
    return _per_process("omega CGI (omindex db)", mix, cmd, _omega_matches, env=env, cwd=str(work / "omega"))


def run(ctx, corpus, ldb, odb):
    work = ctx.work / corpus.key
    print(f"bench: queries {corpus.label}: in-process", flush=True)
    mix = load_mix(ctx, ldb, work / "mix.tsv")
    data = {"key": corpus.key, "label": corpus.label, "files": corpus.files, "queries": len(mix),
            "in_process": in_process(ctx, ldb), "per_process": []}
    print(f"bench: queries {corpus.label}: one process per query", flush=True)
    data["per_process"].append(lantern_cli(ctx, ldb, mix))
    if odb is not None:
        data["per_process"].append(quest(corpus, odb, mix))
        data["per_process"].append(omega(ctx, corpus, odb, mix, work))
    else:
        data["omindex_note"] = "quest and omega not run: no omindex database for this corpus (--omindex-max-docs)"
    return data
