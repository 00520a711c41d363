-- ask_tail.lua — bench/ask.lua, and at the end the tail of the latencies:
-- p99.9, max and how many requests took over 50 ms (bench/reload.sh).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "ask.lua")

function done(summary, latency, requests)
   local n = summary.requests
   -- the share of requests over 50 ms: the first percentile past 50,000 us
   local over = 0
   if latency.max > 50000 then
      local lo, hi = 0.0, 100.0
      for _ = 1, 40 do
         local mid = (lo + hi) / 2
         if latency:percentile(mid) > 50000 then hi = mid else lo = mid end
      end
      over = math.floor(n * (100 - hi) / 100 + 0.5)
   end
   io.write(string.format("tail: p99.9 %.2f ms, max %.2f ms, over 50 ms %d of %d\n",
                          latency:percentile(99.9) / 1000, latency.max / 1000, over, n))
end
