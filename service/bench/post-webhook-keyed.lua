-- wrk script: POST a valid order webhook with a unique Standard Webhooks `webhook-id` per request (unsigned), so
-- every request also claims a dedup key. Use: SCRIPT=post-webhook-keyed.lua service/bench/run-wrk.sh
-- FILLER_BYTES (environment, default 0): that many bytes of filler text in the payload's data, to model bigger
-- deliveries (a Stripe event is ~2-5 KB, a GitHub push ~7-25 KB).
local n = 0
prefix = "" -- a global: thread:set() below replaces it in each thread
local threads = 0
local filler = string.rep("x", tonumber(os.getenv("FILLER_BYTES") or "0"))
local data = filler == "" and '{"amount":100}' or '{"amount":100,"note":"' .. filler .. '"}'
-- Ids must be unique across wrk runs too (the warm-up run and the measured one): seeded with the clock.
math.randomseed(os.time())
setup = function(thread)
  threads = threads + 1
  thread:set("prefix", os.time() .. "_" .. math.random(1, 1e9) .. "_" .. threads)
end
request = function()
  n = n + 1
  local body = '{"type":"order","orderId":"' .. n .. '","data":' .. data .. '}'
  return wrk.format("POST", "/webhook", {["Content-Type"] = "application/json", ["webhook-id"] = "msg_" .. prefix .. "_" .. n}, body)
end

done = function(summary, latency, requests)
  io.write(string.format("p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
