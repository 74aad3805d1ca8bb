-- Replays the requests listed in the file named by $REQUESTS, one per line:
--   METHOD <tab> PATH <tab> TOKEN (may be empty) <tab> BODY (may be empty)
-- Each wrk thread starts at a different line and cycles through the file. At the end it
-- prints one JSON line (prefixed "RESULT ") that bench/run.py reads. With $COUNT_STATUSES
-- set it also counts the answers per status (a callback per response: a little slower).

local lines = {}
local position = 0
local threads = {}
statuses = {}  -- global: done() reads each thread's copy

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

if os.getenv("COUNT_STATUSES") then
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end
end

local function status_counts()
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do
      total[status] = (total[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(total) do
    parts[#parts + 1] = string.format('"%d": %d', status, count)
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "connect_errors": %d, "read_errors": %d, '
      .. '"write_errors": %d, "timeouts": %d, "non_2xx": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "statuses": %s}\n',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write,
    errors.timeout, errors.status, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, status_counts()))
end
