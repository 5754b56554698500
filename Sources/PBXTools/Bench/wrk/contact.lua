-- POST cmd=contact for random callers: known contacts and unknown numbers, in the formats people
-- and PBXs write them (one form-encoded phone per line of $BENCH_PHONES).
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local token = os.getenv("BENCH_TOKEN")
local phones = {}
for line in io.lines(os.getenv("BENCH_PHONES")) do phones[#phones + 1] = line end
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

request = function()
  counter = counter + 1
  local phone = phones[math.random(#phones)]
  return wrk.format(nil, nil, nil, "cmd=contact&phone=" .. phone .. "&callid=bench-" .. counter .. "&crm_token=" .. token)
end

done = function(summary, latency, requests) bench_report(summary, latency) end
