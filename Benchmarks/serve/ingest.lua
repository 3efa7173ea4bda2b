-- wrk script: POST /v1/readings, each request a new batch of 10,000 quarter-hour readings of
-- one meter (meters m0001..m<METERS>, periods that never overlap), as text/csv.
-- Environment: TOKEN (operator token), METERS (default 1000), THREAD offsets keep threads apart.
local meters = tonumber(os.getenv("METERS") or "1000")
local token = os.getenv("TOKEN")
local counter = 0
local threads = {}

-- Each thread gets its own number (a global in the thread's Lua state: no local may shadow it),
-- so the threads' batches never repeat one another's.
function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

local function iso(t)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", t)
end

-- 10,000 quarter hours = 104 days + 4 hours; a batch slot is 105 days.
-- The window's 10,000 "time,value" tails are made once and shared by its batches (one per
-- meter), so that wrk spends its CPU sending, not formatting dates.
local window, tails = -1, nil

function request()
  local n = counter * 2 + (thread_id or 0)
  counter = counter + 1
  local meter = string.format("m%04d", (n % meters) + 1)
  local w = math.floor(n / meters)
  if w ~= window then
    window, tails = w, {}
    local start = 946684800 + w * 105 * 86400  -- 2000-01-01T00:00:00Z: years of windows before "now"
    for k = 0, 9999 do tails[k + 1] = "," .. iso(start + k * 900) .. "," .. tostring(1000 + (k % 97)) end
  end
  local lines = {"meter_id,interval_start,energy_wh"}
  for k = 1, 10000 do lines[k + 1] = meter .. tails[k] end
  local body = table.concat(lines, "\n") .. "\n"
  return wrk.format("POST", "/v1/readings",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "text/csv"}, body)
end

local errors = 0
function response(status, headers, body)
  if status ~= 201 then
    errors = errors + 1
    if errors <= 3 then io.stderr:write("status " .. status .. ": " .. body:sub(1, 300) .. "\n") end
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("batches: %d in %.1f s, %.0f readings/s, non-2xx %d, errors %d\n",
    summary.requests, seconds, summary.requests * 10000 / seconds,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("latency p%d: %.1f ms\n", p, latency:percentile(p) / 1000))
  end
end
