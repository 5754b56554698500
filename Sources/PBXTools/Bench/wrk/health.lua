-- GET /health: the baseline, the server with no work to do.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
done = function(summary, latency, requests) bench_report(summary, latency) end
