-- GET /health, anonymous: the baseline of bench/load.py.
local common = dofile((string.match(debug.getinfo(1, "S").source, "^@(.*/)") or "./") .. "common.lua")

function init(args)
  common.init_thread()
end

request = function()
  return wrk.format("GET", "/health")
end
