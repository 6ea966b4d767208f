-- wrk script for scripts/bench-votes.sh: each thread sends its share of the prepared votes
-- (lines of `entry id`, `Cookie` header, solved challenge), each once, then stops.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  nthreads = tonumber(os.getenv("WRK_THREADS") or "2")
  votes = {}
  local i = 0
  for line in io.lines(os.getenv("VOTES_FILE")) do
    if i % nthreads == id then
      local entry, cookie, pow = line:match("^(%d+)\t([^\t]+)\t([^\t]+)$")
      votes[#votes + 1] = wrk.format("POST", "/api/v1/entries/" .. entry .. "/vote",
        { ["Cookie"] = cookie, ["Content-Type"] = "application/json", ["User-Agent"] = "bench/" .. (i % 50) },
        '{"pow":"' .. pow .. '"}')
    end
    i = i + 1
  end
  next_vote = 0
end

function request()
  next_vote = next_vote + 1
  if next_vote > #votes then
    -- Every prepared vote is sent: what follows is a cheap page until wrk stops.
    return wrk.format("GET", "/healthz")
  end
  return votes[next_vote]
end
