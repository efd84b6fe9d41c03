-- POST /api/v1/parts: a new part with a unique random 1 kbp sequence, as a submitter.
local common = dofile((string.match(debug.getinfo(1, "S").source, "^@(.*/)") or "./") .. "common.lua")
local headers, count = nil, 0

function init(args)
  common.init_thread()
  headers = common.headers({ ["Content-Type"] = "application/json" })
end

request = function()
  count = count + 1
  local body = string.format(
    '{"name":"wrk-%d-%d-%d","role":"engineered_region","tags":["wrk"],"sequence":"%s"}',
    tonumber(os.getenv("BIOREG_BENCH_SEED") or "0") or 0, tid or 0, count, common.random_dna(1000))
  return wrk.format("POST", "/api/v1/parts", headers, body)
end
