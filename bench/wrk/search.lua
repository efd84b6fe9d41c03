-- POST /api/v1/search/sequence, exact mode: a random 30-100 bp fragment of a loaded part
-- (fragments.txt; half of them reverse-complemented), as the library's owner.
local common = dofile((string.match(debug.getinfo(1, "S").source, "^@(.*/)") or "./") .. "common.lua")
local fragments, headers

function init(args)
  common.init_thread()
  fragments = common.read_lines("fragments.txt")
  headers = common.headers({ ["Content-Type"] = "application/json" })
end

request = function()
  local body = '{"sequence":"' .. common.pick(fragments) .. '","limit":10}'
  return wrk.format("POST", "/api/v1/search/sequence", headers, body)
end
