-- ask.lua — wrk script: POST /api/v1/ask with real questions, in rotation.
--
-- usage: wrk ... -s bench/ask.lua URL -- bench/results/questions.lua
-- The questions file (made by bench/questions.py) returns a Lua table of
-- ready JSON bodies.  Requests are formatted once in init(), so wrk spends
-- its time sending them, not building them.  Each wrk thread starts at a
-- different point of the list.

local reqs = {}
local i = 0
local threads = 0

function setup(thread)
   thread:set("id", threads)
   threads = threads + 1
end

function init(args)
   local bodies = dofile(args[1])
   local headers = { ["Content-Type"] = "application/json" }
   for k, body in ipairs(bodies) do
      reqs[k] = wrk.format("POST", "/api/v1/ask", headers, body)
   end
   i = ((id or 0) * 101) % #reqs
end

function request()
   i = i % #reqs + 1
   return reqs[i]
end
