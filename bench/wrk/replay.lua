-- Replays the requests listed in the file named by $REQUESTS, one per line:
--   METHOD <tab> PATH <tab> TOKEN (may be empty) <tab> BODY (may be empty)
-- Each wrk thread starts at a different line and cycles through the file. At the end it
-- prints one JSON line (prefixed "RESULT ") that bench/run.py reads.

local lines = {}
local position = 0
local threads = {}

function setup(thread)
  thread:set("number", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("REQUESTS"), "r"))
  for line in file:lines() do
    local method, path, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
    local headers = { ["Content-Type"] = "application/json" }
    if token ~= "" then headers["Authorization"] = "Token " .. token end
    if body == "" then body = nil end
    lines[#lines + 1] = wrk.format(method, path, headers, body)
  end
  file:close()
  position = (tonumber(wrk.thread:get("number")) or 0) * math.floor(#lines / 7)
end

function request()
  position = position % #lines + 1
  return lines[position]
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "connect_errors": %d, "read_errors": %d, '
      .. '"write_errors": %d, "timeouts": %d, "non_2xx": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write,
    errors.timeout, errors.status, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
