-- The soak mix of bench/load.py: mostly GETs by accession and filtered lists, some sequence
-- searches and registrations. Weights from BIOREG_BENCH_MIX ("get=70,list=20,search=9,register=1",
-- the default).
local common = dofile((string.match(debug.getinfo(1, "S").source, "^@(.*/)") or "./") .. "common.lua")
local accessions, queries, fragments, auth, json_headers
local cumulative, total, count = {}, 0, 0

function init(args)
  common.init_thread()
  accessions = common.read_lines("accessions.txt")
  queries = common.read_lines("lists.txt")
  fragments = common.read_lines("fragments.txt")
  auth = common.headers()
  json_headers = common.headers({ ["Content-Type"] = "application/json" })
  local mix = os.getenv("BIOREG_BENCH_MIX") or "get=70,list=20,search=9,register=1"
  for kind, weight in string.gmatch(mix, "(%a+)=(%d+)") do
    total = total + tonumber(weight)
    cumulative[#cumulative + 1] = { kind, total }
  end
end

local function choose()
  local r = math.random(total)
  for _, entry in ipairs(cumulative) do
    if r <= entry[2] then return entry[1] end
  end
  return "get"
end

request = function()
  local kind = choose()
  if kind == "list" then
    return wrk.format("GET", "/api/v1/parts?" .. common.pick(queries), auth)
  elseif kind == "search" then
    local body = '{"sequence":"' .. common.pick(fragments) .. '","limit":10}'
    return wrk.format("POST", "/api/v1/search/sequence", json_headers, body)
  elseif kind == "register" then
    count = count + 1
    local body = string.format(
      '{"name":"soak-%d-%d-%d","role":"engineered_region","tags":["soak"],"sequence":"%s"}',
      tonumber(os.getenv("BIOREG_BENCH_SEED") or "0") or 0, tid or 0, count, common.random_dna(1000))
    return wrk.format("POST", "/api/v1/parts", json_headers, body)
  end
  return wrk.format("GET", "/api/v1/parts/" .. common.pick(accessions), auth)
end
