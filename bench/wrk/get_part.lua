-- GET /api/v1/parts/{accession}, a random accession of accessions.txt, with the token of token.txt
-- (the owner: new parts are drafts, visible to their organisation) or anonymously when it is empty.
local common = dofile((string.match(debug.getinfo(1, "S").source, "^@(.*/)") or "./") .. "common.lua")
local accessions, auth

function init(args)
  common.init_thread()
  accessions = common.read_lines("accessions.txt")
  auth = common.headers()
end

request = function()
  return wrk.format("GET", "/api/v1/parts/" .. common.pick(accessions), auth)
end
