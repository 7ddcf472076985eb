-- wrk script: POST a valid order webhook of ~240 KB (just under the default MAX_BODY_BYTES of 256 KiB) whose data
-- holds one array. SHAPE=numbers (the default): 120,000 numbers, the most work per byte for intake's parse and checks.
-- SHAPE=objects: 80,000 empty objects, the most heap per byte once parsed (a node and a map for every three
-- characters, ~43 bytes of heap per byte of body). No dedup header.
local shape = os.getenv("SHAPE") or "numbers"
local items
if shape == "numbers" then
  items = string.rep("1,", 119999) .. "1"
elseif shape == "objects" then
  items = string.rep("{},", 79999) .. "{}"
else
  error("SHAPE must be numbers or objects, was " .. shape)
end
wrk.method = "POST"
wrk.body = '{"type":"order","orderId":"123","data":{"amount":100,"items":[' .. items .. ']}}'
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  io.write(string.format("p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
