"""The Lua scripts the Redis Streams hub runs on the server: each does in one round trip, and
atomically, what would otherwise take several (publish with duplicate ids dropped, take a batch
with the per-partition order guard, look at other consumers' pending entries)."""

# KEYS: the stream, then an id key per envelope. ARGV: seconds an id is kept, the stream's
# maximum length, the envelopes' types and partition keys (a JSON array of pairs), and their
# bodies one a line (JSON text has no raw newline): a few long arguments cost the client far
# less to send than three short ones per envelope.
PUBLISH = """
local heads, bodies, at, new = cjson.decode(ARGV[3]), ARGV[4], 1, 0
for i = 2, #KEYS do
  local stop = string.find(bodies, '\\n', at, true) or #bodies + 1
  if redis.call('SET', KEYS[i], '1', 'NX', 'EX', ARGV[1]) then
    local head = heads[i - 1]
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*',
      'type', head[1], 'key', head[2], 'body', string.sub(bodies, at, stop - 1))
    new = new + 1
  end
  at = stop + 1
end
return new
"""

# KEYS: the stream. ARGV: the group, this consumer, how many, then where from: '0' (the
# consumer's own pending entries), '>' (new ones) or 'claim' (other consumers' entries idle
# for ARGV[5] ms, from cursor ARGV[6]); then the wanted types. Acknowledges entries of other
# types (and pending ones trimmed away) and returns one flat array, cursor, entries read, then
# id, body, id, body...: the client gets two strings an entry instead of a reply array each.
TAKE = """
local group, consumer, count, from = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local entries, cursor = {}, '0-0'
if from == 'claim' then
  local reply = redis.call('XAUTOCLAIM', KEYS[1], group, consumer, ARGV[5], ARGV[6],
    'COUNT', count)
  cursor, entries = reply[1], reply[2]
else
  local reply = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', count,
    'STREAMS', KEYS[1], from)
  if reply then entries = reply[1][2] end
end
local wanted = {}
for i = 7, #ARGV do wanted[ARGV[i]] = true end
local taken, skipped = {cursor, #entries}, {}
for _, entry in ipairs(entries) do
  local fields, kind, body = entry[2], nil, nil
  if fields then
    for f = 1, #fields, 2 do
      if fields[f] == 'type' then kind = fields[f + 1] end
      if fields[f] == 'body' then body = fields[f + 1] end
    end
  end
  if body and wanted[kind] then
    taken[#taken + 1] = entry[1]
    taken[#taken + 1] = body
  else
    skipped[#skipped + 1] = entry[1]
  end
end
for i = 1, #skipped, 500 do
  redis.call('XACK', KEYS[1], group, unpack(skipped, i, math.min(i + 499, #skipped)))
end
return taken
"""

# KEYS: the stream. ARGV: the group, this consumer, the newest entry id of interest, how many
# pending entries to scan at most, then partition keys. Returns the pending entries of other
# consumers (up to that id) of those partition keys as id, key, id, key...; first the last id
# scanned when the scan stopped short of the newest id, else ''.
OTHERS_PENDING = """
local wanted = {}
for i = 5, #ARGV do wanted[ARGV[i]] = true end
local most = tonumber(ARGV[4])
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], '-', ARGV[3], most)
local found = {''}
for _, p in ipairs(pending) do
  if p[2] ~= ARGV[2] then
    local entry = redis.call('XRANGE', KEYS[1], p[1], p[1])[1]
    if entry then
      local fields = entry[2]
      for f = 1, #fields, 2 do
        if fields[f] == 'key' and wanted[fields[f + 1]] then
          found[#found + 1] = p[1]
          found[#found + 1] = fields[f + 1]
        end
      end
    end
  end
end
if #pending == most then found[1] = pending[most][1] end
return found
"""
