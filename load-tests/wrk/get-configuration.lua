-- wrk script for the GET path of the configurations scenario:
--   USERS=8 wrk -t2 -c8 -d15s --latency -s load-tests/wrk/get-configuration.lua http://127.0.0.1:5080
-- Each request reads /api/external/users/load-user-{n}, n cycling over 0..USERS-1 (default 8). Those
-- configurations must exist: run the harness with --url against the same host first, with --users of at
-- least USERS. A missing one answers 404, which wrk reports as "Non-2xx or 3xx responses".
local users = tonumber(os.getenv("USERS") or "8")
local next_user = 0

request = function()
  local path = "/api/external/users/load-user-" .. next_user
  next_user = (next_user + 1) % users
  return wrk.format("GET", path)
end
