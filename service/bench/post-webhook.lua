-- wrk script: POST a valid order webhook (no dedup header, so every request is a new execution).
wrk.method = "POST"
wrk.body = '{"type":"order","orderId":"123","data":{"amount":100}}'
wrk.headers["Content-Type"] = "application/json"

local codes = {}
response = function(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
