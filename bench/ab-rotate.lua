-- wrk script of bench/ab.sh: each request carries the next line of the file AB_CREDENTIALS, round and round,
-- as AB_STYLE says: "body" (the line is the JSON body), "bearer" (Authorization: Bearer <line>) or
-- "session" (X-Session-ID: <line>). Requests are formatted once, in init, so wrk spends nothing per request.
wrk.method = os.getenv("AB_METHOD") or "GET"
local requests, at = {}, 0

function init(args)
  local style = os.getenv("AB_STYLE")
  for line in io.lines(os.getenv("AB_CREDENTIALS")) do
    local headers, body = {}, nil
    if style == "body" then
      headers["Content-Type"] = "application/json"
      body = line
    elseif style == "bearer" then
      headers["Authorization"] = "Bearer " .. line
    elseif style == "session" then
      headers["X-Session-ID"] = line
    else
      error("AB_STYLE must be body, bearer or session")
    end
    requests[#requests + 1] = wrk.format(nil, nil, headers, body)
  end
end

function request()
  at = at % #requests + 1
  return requests[at]
end
