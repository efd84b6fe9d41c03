-- GET /api/v1/parts?<filters>&limit=50: a random line of lists.txt (role and tag filters that
-- select part of the loaded library), as the library's owner.
local common = dofile((string.match(debug.getinfo(1, "S").source, "^@(.*/)") or "./") .. "common.lua")
local queries, auth

function init(args)
  common.init_thread()
  queries = common.read_lines("lists.txt")
  auth = common.headers()
end

request = function()
  return wrk.format("GET", "/api/v1/parts?" .. common.pick(queries), auth)
end
