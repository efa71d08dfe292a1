"""bench/server_bench.py: the server part of scripts/bench. lantern-search serve under wrk (2 threads)
at 16 and 64 connections, cycling through the query mix (facet ranks resolved for the index) as
/api/search requests: snippets, facets and safety cards, as the search page gets them."""
import re
import subprocess
import time
import urllib.parse

from measure import BenchError

CONNECTIONS = (16, 64)
# The server's default keeps answers for 30 s (docs/http.md): the cycle of 600 requests repeats
# within that time, so "on" measures answers from memory after the first pass. "off" measures
# searching itself.
CACHE_SETTINGS = (("on", []), ("off", ["--cache-seconds", "0"]))


def _requests_file(mix_path, out_path):
    """One query string per line: q=...&filter=... (URL-encoded), for scripts/bench-wrk.lua."""
    lines = []
    for line in mix_path.read_text().splitlines():
        cols = line.split("\t")
        params = [("q", cols[1])]
        if len(cols) > 2 and cols[2]:
            params += [tuple(p.split("=", 1)) for p in cols[2].split("&")]
        lines.append(urllib.parse.urlencode(params, quote_via=urllib.parse.quote))
    out_path.write_text("\n".join(lines) + "\n")
    return len(lines)


def run(ctx, corpus, ldb, mix_path):
    work = ctx.work / corpus.key
    requests = work / "requests.txt"
    count = _requests_file(mix_path, requests)
    rows = []
    for cache, extra in CACHE_SETTINGS:
        rows += _serve_and_load(ctx, corpus, ldb, work, requests, cache, extra)
    return {"key": corpus.key, "label": corpus.label, "files": corpus.files, "queries": count,
            "seconds": ctx.seconds, "rows": rows}


def _serve_and_load(ctx, corpus, ldb, work, requests, cache, extra):
    """One server (a response-cache setting) under wrk at each connection count."""
    out = open(work / "server.out", "w")
    server = subprocess.Popen([str(ctx.lantern_search), "serve", "--db", str(ldb), "--listen", "127.0.0.1:0",
                               "--max-concurrent", "256"] + extra, stdout=out, stderr=subprocess.DEVNULL)
    rows = []
    try:
        url = None
        for _ in range(100):
            m = re.search(r"http://[0-9.:]+/", (work / "server.out").read_text())
            if m:
                url = m.group(0)
                break
            if server.poll() is not None:
                break
            time.sleep(0.1)
        if url is None:
            raise BenchError(f"lantern-search serve did not start; see {work / 'server.out'}")
        for c in CONNECTIONS:
            print(f"bench: server {corpus.label}: response cache {cache}, {c} connections, {ctx.seconds} s", flush=True)
            res = subprocess.run(["wrk", "-t2", f"-c{c}", f"-d{ctx.seconds}s", "-s", str(ctx.root / "scripts/bench-wrk.lua"), url],
                                 stdout=subprocess.PIPE, text=True, env={"LANTERN_QUERIES": str(requests), "PATH": "/usr/bin:/bin"})
            line = next((x for x in res.stdout.splitlines() if x.startswith("RESULT")), None)
            if line is None:
                raise BenchError(f"wrk printed no RESULT line:\n{res.stdout}")
            fields = dict(kv.split("=") for kv in line.split()[1:])
            rows.append({"connections": c, "cache": cache, **{k: float(v) for k, v in fields.items()}})
    finally:
        server.terminate()
        server.wait()
        out.close()
    return rows
