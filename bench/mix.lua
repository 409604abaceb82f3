-- wrk script: a mix of stored queries (as SPARQL results) and resource pages (HTML and Turtle).
local requests = {
  {"/query/resolutions", "application/sparql-results+json"},
  {"/query/obligations", "text/csv"},
  {"/query/groups", "application/sparql-results+json"},
  {"/query/topics", "text/csv"},
  {"/doc/resolution/unsc/2016/2331", "text/html"},
  {"/doc/resolution/unsc/2017/2388", "text/turtle"},
  {"/doc/group/isil", "text/html"},
  {"/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%3Fs%20a%20%3Fo%7D%20LIMIT%2020", "application/sparql-results+json"},
}
local i = 0
request = function()
  i = i % #requests + 1
  return wrk.format("GET", requests[i][1], {["Accept"] = requests[i][2]})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx3xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect, e.read, e.write, e.timeout))
end
