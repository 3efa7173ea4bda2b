-- wrk script: GET a member's monthly summary, members m0001..m<MEMBERS> in turn.
local members = tonumber(os.getenv("MEMBERS") or "300")
local token = os.getenv("TOKEN")
local month = os.getenv("MONTH") or "2023-06"
local counter = 0

function request()
  counter = counter + 1
  local path = string.format("/v1/members/m%04d/summary?month=%s", (counter % members) + 1, month)
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("requests: %d in %.1f s, %.0f/s, non-2xx %d, socket errors %d\n",
    summary.requests, seconds, summary.requests / seconds, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency p%s: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
