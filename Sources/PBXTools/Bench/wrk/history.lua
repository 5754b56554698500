-- POST cmd=history with a callid no request used before ($BENCH_RUN keeps runs apart), so every
-- acknowledged request must leave exactly one stored call.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local token = os.getenv("BENCH_TOKEN")
local run = os.getenv("BENCH_RUN")
local managers = tonumber(os.getenv("BENCH_MANAGERS"))
local threads = 0
local counter = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

request = function()
  counter = counter + 1
  local manager = "m" .. ((counter % managers) + 1)
  return wrk.format(nil, nil, nil,
    "cmd=history&type=in&status=Success&user=" .. manager .. "&phone=7916" .. string.format("%07d", counter % 10000000) ..
    "&duration=" .. (counter % 600) .. "&start=20261201T081502Z&callid=" .. run .. "-" .. (thread_id or 1) .. "-" .. counter ..
    "&link=https%3A%2F%2Frecords.example%2F" .. counter .. ".mp3&crm_token=" .. token)
end

done = function(summary, latency, requests) bench_report(summary, latency) end
