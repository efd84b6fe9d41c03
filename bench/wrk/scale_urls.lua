-- GET a random line of urls.txt (a path with its query, e.g. /api/v1/parts?role=CDS&tag=t5pct) with the
-- token of token.txt, or anonymously when it is empty. bench/scale.py writes one directory per scenario
-- (GET by accession, list shapes of parts and strains) and points BIOREG_BENCH_DATA at it.
local common = dofile((string.match(debug.getinfo(1, "S").source, "^@(.*/)") or "./") .. "common.lua")
local urls, auth

function init(args)
  common.init_thread()
  urls = common.read_lines("urls.txt")
  auth = common.headers()
end

request = function()
  return wrk.format("GET", common.pick(urls), auth)
end
