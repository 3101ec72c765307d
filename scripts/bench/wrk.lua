-- wrk script of scripts/bench-http: one file for every workload, chosen by environment variables
-- (wrk passes script arguments only to init(), after it has decided whether requests are static).
--
--   BENCH_MODE   get          GET the URL as given (static request; the default)
--                parley-post  POST /api/articles/{key}/comments to parley, a new author and text each time
--                parley-post-keyed  the same, each request with its own Idempotency-Key
--                isso-post    POST /new?uri=... to Isso, a new author and text each time
--                isso-count   POST /count to Isso with BENCH_BODY (a JSON list of uris)
--   BENCH_TAG    a number unique to the run: seeds the text generator, goes into author names
--   BENCH_BODY   the request body of isso-count
--
-- done() prints one machine-readable line, read by scripts/bench-http:
--   BENCH requests=.. seconds=.. rps=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. non2xx=.. connect=.. read=.. write=.. timeout=..
-- and, for the POST modes (which look at every response), the status codes seen and the first non-2xx answer:
--   BENCH_STATUS 201=12345 422=3
--   BENCH_SAMPLE 422 {"error": ...}

local mode = os.getenv("BENCH_MODE") or "get"
local tag = tonumber(os.getenv("BENCH_TAG") or "0") or 0

-- The vocabulary of parley's SampleText (bench seed uses it too): news-discussion words,
-- about one word in ten non-ASCII.
local ascii = { "the", "missiles", "range", "Kursk", "decision", "officials", "said", "Ukraine", "Russia", "war",
    "days", "front", "people", "would", "should", "think", "because", "reported", "weapons", "air",
    "defence", "strike", "article", "I", "we", "they", "not", "is", "was", "it", "that", "this",
    "escalation", "policy", "army", "winter", "city", "night", "sirens", "news", "point", "fair",
    "question", "answer", "numbers", "1,000", "$138", "million", "more", "less", "again", "never" }
local other = { "Харків", "війна", "ракети", "Straße", "Entscheidung", "déjà", "écoute", "naïve", "😔", "🇺🇦", "Київ", "mañana" }

-- A comment of at least `length` bytes, sentences of random words (no quotes or backslashes: JSON-safe as is).
local function comment(length)
    local words = {}
    local size = 0
    local sentence_start = true
    while size < length do
        local word
        if math.random(10) == 1 then word = other[math.random(#other)] else word = ascii[math.random(#ascii)] end
        if sentence_start then word = word:sub(1, 1):upper() .. word:sub(2) end
        sentence_start = math.random(12) == 1
        if sentence_start then word = word .. "." end
        words[#words + 1] = word
        size = size + #word + 1
    end
    return table.concat(words, " ")
end

-- setup() runs in the main state once per thread: number the threads and keep them for done().
local threads = {}
local thread_count = 0
function setup(thread)
    thread_count = thread_count + 1
    thread:set("thread_id", thread_count)
    threads[#threads + 1] = thread
end

-- thread_id is set by setup() before init() runs in the thread's own state.
function init(args)
    math.randomseed(tag * 1000 + (thread_id or 0))
    counter = 0
    statuses = {}
    sample = nil
end

local json_headers = { ["Content-Type"] = "application/json" }

if mode == "isso-count" then
    wrk.method = "POST"
    wrk.body = os.getenv("BENCH_BODY") or "[]"
    wrk.headers["Content-Type"] = "application/json"
elseif mode == "parley-post" or mode == "parley-post-keyed" or mode == "isso-post" then
    request = function()
        counter = counter + 1
        local author = string.format("reader-%d-%d-%d", tag, thread_id or 0, counter)
        local text = comment(math.random(100, 300))
        local body
        if mode == "parley-post-keyed" then
            body = string.format('{"author": {"name": "%s"}, "body": "%s"}', author, text)
            local headers = { ["Content-Type"] = "application/json", ["Idempotency-Key"] = author }
            return wrk.format("POST", nil, headers, body)
        elseif mode == "parley-post" then
            body = string.format('{"author": {"name": "%s"}, "body": "%s"}', author, text)
        else
            body = string.format('{"author": "%s", "text": "%s", "parent": null, "title": "Posting benchmark"}', author, text)
        end
        return wrk.format("POST", nil, json_headers, body)
    end

    response = function(status, headers, body)
        local key = tostring(status)
        statuses[key] = (statuses[key] or 0) + 1
        if (status < 200 or status > 299) and sample == nil then
            sample = key .. " " .. (body or ""):sub(1, 400):gsub("[\r\n]", " ")
        end
    end
end

function done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d seconds=%.3f rps=%.2f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
        summary.requests, seconds, summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
        e.status, e.connect, e.read, e.write, e.timeout))
    if mode == "parley-post" or mode == "parley-post-keyed" or mode == "isso-post" then
        local total = {}
        local first_sample = nil
        for _, thread in ipairs(threads) do
            local seen = thread:get("statuses")
            if type(seen) == "table" then
                for code, n in pairs(seen) do total[code] = (total[code] or 0) + n end
            end
            first_sample = first_sample or thread:get("sample")
        end
        local codes = {}
        for code, n in pairs(total) do codes[#codes + 1] = code .. "=" .. n end
        table.sort(codes)
        io.write("BENCH_STATUS " .. table.concat(codes, " ") .. "\n")
        if first_sample then io.write("BENCH_SAMPLE " .. first_sample .. "\n") end
    end
end
