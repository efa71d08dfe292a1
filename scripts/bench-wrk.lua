-- wrk script for scripts/bench: cycles through the requests in LANTERN_QUERIES (one URL-encoded
-- query string per line: q=...&topic=..., bench/server_bench.py writes it from the query mix)
-- against /api/search, and prints one machine-readable result line at the end.
local queries = {}
for line in io.lines(os.getenv("LANTERN_QUERIES")) do queries[#queries + 1] = line end
local n = 0

request = function()
  n = n + 1
  return wrk.format("GET", "/api/search?limit=10&" .. queries[(n % #queries) + 1])
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors, summary.errors.status))
end
