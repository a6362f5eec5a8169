-- wrk script for the sandbox inbound API (run by sandbox.sh, which prepares the bot and the cookie):
--   COOKIE='imposter_session=...' RUN=r1 wrk -t2 -c128 -d20s --latency -s load-tests/wrk/sandbox-inbound.lua http://127.0.0.1:5080
-- Each request posts one contact message to the bot BOT (default load-bot). Message ids are unique per
-- wrk thread and per RUN, so every request is a new message (202 once archived); a repeated RUN would
-- only measure replays. CORRESPONDENTS (default 100) contacts write in turn. TARGET_PATH posts the same
-- bodies elsewhere (the anchors scenario's bare Kestrel app: /inbound). When it ends, one line
-- "anchors-summary key=value ..." gives the figures wrk's report rounds or leaves out (p95, exact counts).
local cookie = os.getenv("COOKIE") or ""
local bot = os.getenv("BOT") or "load-bot"
local run = os.getenv("RUN") or "run"
local correspondents = tonumber(os.getenv("CORRESPONDENTS") or "100")
local target = os.getenv("TARGET_PATH") or ("/api/external/users/" .. bot .. "/sandbox/inbound")
local threads = 0
local counter = 0

function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"message_id":"%s-t%d-%d","correspondent_id":"4477%08d@s.whatsapp.net","display_name":"Contact %d","text":"Message %d: are we still on for tomorrow?"}',
    run, thread_index, counter, counter % correspondents, counter % correspondents, counter)
  return wrk.format("POST", target,
    { ["Content-Type"] = "application/json", ["Cookie"] = cookie }, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    "anchors-summary requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p90_us=%d p95_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max))
end
