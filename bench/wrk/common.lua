-- Shared by the bench/wrk scripts (loaded with dofile by each of them; see bench/load.py).
--
-- Environment (set by bench/load.py):
--   BIOREG_BENCH_DATA  directory holding token.txt, accessions.txt, lists.txt, fragments.txt
--   BIOREG_BENCH_SEED  a number that differs between runs (registrations stay unique)
--
-- Every script gets: a per-thread random seed, the submitter's bearer token, the data lists, a
-- response() that counts statuses (and keeps the first body of each non-2xx status), and a done()
-- that prints one line `WRK_JSON {...}` with requests, duration, errors, latency percentiles and
-- the status counts of all threads.

local common = {}
local data_dir = os.getenv("BIOREG_BENCH_DATA") or "."
local run_seed = tonumber(os.getenv("BIOREG_BENCH_SEED") or "0") or 0

local function read_lines(name)
  local lines = {}
  local f = io.open(data_dir .. "/" .. name, "r")
  if f == nil then return lines end
  for line in f:lines() do
    if line ~= "" then lines[#lines + 1] = line end
  end
  f:close()
  return lines
end
common.read_lines = read_lines

-- The request headers: the bearer token of token.txt (none when it is empty: anonymous), and more.
function common.headers(extra)
  local headers = {}
  local token = read_lines("token.txt")[1]
  if token ~= nil and token ~= "" then headers["Authorization"] = "Bearer " .. token end
  for k, v in pairs(extra or {}) do headers[k] = v end
  return headers
end

function common.pick(list)
  return list[math.random(#list)]
end

local bases = { "A", "C", "G", "T" }
function common.random_dna(n)
  local t = {}
  for i = 1, n do t[i] = bases[math.random(4)] end
  return table.concat(t)
end

-- main state: one entry per thread, for done()
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  threads[#threads + 1] = thread
end

-- thread state
statuses = {}
samples = {}

function common.init_thread()
  math.randomseed(run_seed * 1000 + (tid or 0) * 7919 + os.time())
  -- LuaJIT's first numbers after seeding are poorly mixed
  for _ = 1, 10 do math.random() end
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if (status < 200 or status > 299) and samples[key] == nil then
    samples[key] = string.sub(body or "", 1, 400)
  end
end

local function json_string(s)
  s = string.gsub(s, '[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    return string.format("\\u%04x", string.byte(c))
  end)
  return '"' .. s .. '"'
end

local function json_map(map)
  local parts = {}
  for k, v in pairs(map) do
    if type(v) == "number" then
      parts[#parts + 1] = json_string(k) .. ":" .. string.format("%d", v)
    else
      parts[#parts + 1] = json_string(k) .. ":" .. json_string(tostring(v))
    end
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local all_statuses, all_samples = {}, {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses") or {}
    for k, v in pairs(s) do all_statuses[k] = (all_statuses[k] or 0) + v end
    local b = thread:get("samples") or {}
    for k, v in pairs(b) do
      if all_samples[k] == nil then all_samples[k] = v end
    end
  end
  local e = summary.errors
  local pct = {}
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    pct[#pct + 1] = string.format('"%s":%d', tostring(p), latency:percentile(p))
  end
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"mean":%.1f,"max":%d,"percentiles":{%s}},"statuses":%s,"samples":%s}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.max, table.concat(pct, ","),
    json_map(all_statuses), json_map(all_samples)))
end

return common
