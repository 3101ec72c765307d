import ParleyCore

/// The 201 answer to a post (also kept as its Idempotency-Key answer) through `JSONWriter`:
/// what `Posted.encode(to:)` makes of it, keys sorted, `reason` null when published.
extension ReaderWrites.Posted: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.append(UInt8(ascii: "{"))
        json.key("comment", first: true)
        json.value(comment)
        json.key("edit_token")
        json.string(editToken)
        json.key("reason")
        json.string(reason)
        json.key("state")
        json.string(state)
        json.append(UInt8(ascii: "}"))
    }
}
