-- wrk script: a fixed arrival rate of signed, never-repeated webhooks, with latency measured the way an open model
-- (Gatling, wrk2) measures it: from the moment each request was due, so a stall also counts against the requests it
-- held back (no coordinated omission).
-- Each wrk thread owns one connection (run wrk with -t N -c N) and sends every N/RATE seconds, the threads' schedules
-- offset evenly, so arrivals are spaced 1/RATE apart overall. A request goes out on time unless the connection is
-- still waiting for the previous answer.
-- A second line tells the generator's own part: the latency from when each request was actually sent, and the requests
-- that went out late although their connection was free (the wrk thread woke late: CPU the generator did not get);
-- their lateness is in the latency from due time too.
-- Input: REQUESTS, a file made by make-signed-requests.py (one line per request: id, timestamp, signature, body,
-- tab-separated); RATE (requests/s over all threads); THREADS (the -t given to wrk).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } timespec_t;
int clock_gettime(int clock, timespec_t *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("timespec_t")
local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

local START_DELAY_US = 200000 -- all threads start their schedules this long after wrk starts
local threads = {}
local next_index = 0
function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
  table.insert(threads, thread)
end

local interval_us, first_due_us, sent, due_us, sent_us
local last_answer_us = 0
local lines = {}
latencies = {}   -- from due time, microseconds
from_send = {}   -- from when it was sent, microseconds
late_sends = {}  -- how late a request went out while its connection was free, microseconds
statuses = {}

function init(args)
  local rate = tonumber(os.getenv("RATE") or error("RATE is not set"))
  local nthreads = tonumber(os.getenv("THREADS") or error("THREADS is not set"))
  interval_us = nthreads * 1e6 / rate
  local file = assert(io.open(os.getenv("REQUESTS") or error("REQUESTS is not set"), "r"))
  local n = 0
  for line in file:lines() do
    if n % nthreads == index then
      table.insert(lines, line)
    end
    n = n + 1
  end
  file:close()
  first_due_us = now_us() + START_DELAY_US + index * 1e6 / rate
  sent = 0
end

function delay()
  local wait_ms = (first_due_us + sent * interval_us - now_us()) / 1000
  if wait_ms <= 0 then
    return 0
  end
  -- wrk's timers count whole milliseconds: a request may go out up to a millisecond early (its latency then counts
  -- from when it was sent), never late on account of the timer.
  return math.floor(wait_ms)
end

function request()
  sent = sent + 1
  due_us = first_due_us + (sent - 1) * interval_us
  local line = lines[sent] or error("REQUESTS ran out: make more lines than RATE x seconds")
  local id, timestamp, signature, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
  sent_us = now_us()
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["webhook-id"] = id,
    ["webhook-timestamp"] = timestamp,
    ["webhook-signature"] = signature,
  }, body)
end

function response(status, headers, body)
  local done_us = now_us()
  -- Sent late (the connection was busy): from the due time; sent early (see delay()): from when it was sent.
  table.insert(latencies, done_us - math.min(due_us, sent_us))
  table.insert(from_send, done_us - sent_us)
  if sent_us > due_us and last_answer_us <= due_us then
    table.insert(late_sends, sent_us - due_us)
  end
  last_answer_us = done_us
  statuses[status] = (statuses[status] or 0) + 1
end

local function gathered(name)
  local all = {}
  for _, thread in ipairs(threads) do
    for _, v in ipairs(thread:get(name)) do
      table.insert(all, v)
    end
  end
  table.sort(all)
  return all
end

local function percentile_ms(sorted, p)
  if #sorted == 0 then return 0 end
  return sorted[math.max(1, math.ceil(#sorted * p / 100))] / 1000
end

function done(summary, latency, requests)
  local all = gathered("latencies")
  local codes = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do
      codes[code] = (codes[code] or 0) + count
    end
  end
  local function pct(p)
    return percentile_ms(all, p)
  end
  local answered = {}
  for code, count in pairs(codes) do
    table.insert(answered, code .. "=" .. count)
  end
  table.sort(answered)
  local sending_s = (summary.duration - START_DELAY_US) / 1e6
  io.write(string.format("answers %d (%s) in %.1f s: %.0f/s; latency from due time (ms): p50 %.2f p90 %.2f p99 %.2f "
    .. "p99.9 %.2f max %.2f\n", #all, table.concat(answered, " "), sending_s, #all / sending_s,
    pct(50), pct(90), pct(99), pct(99.9), pct(100)))
  local sent, late = gathered("from_send"), gathered("late_sends")
  io.write(string.format("generator: latency from sending (ms) p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f; %d sent late "
    .. "with their connection free (p50 %.2f p99 %.2f max %.2f ms late)\n", percentile_ms(sent, 50),
    percentile_ms(sent, 90), percentile_ms(sent, 99), percentile_ms(sent, 99.9), #late, percentile_ms(late, 50),
    percentile_ms(late, 99), percentile_ms(late, 100)))
end
