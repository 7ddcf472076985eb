-- wrk script: POST a valid order webhook of ~240 KB (just under the default MAX_BODY_BYTES of 256 KiB) whose data
-- holds an array of 120,000 numbers: the most work per byte for intake's parse and checks. No dedup header.
wrk.method = "POST"
wrk.body = '{"type":"order","orderId":"123","data":{"amount":100,"items":[' .. string.rep("1,", 119999) .. '1]}}'
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  io.write(string.format("p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
