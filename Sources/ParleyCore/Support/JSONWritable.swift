/// A value that writes its own JSON through `JSONWriter`, byte for byte what
/// `ParleyJSON.encoder()` makes of it (keys sorted, the same `null`s and omissions), without
/// building a `Codable` tree first.
public protocol JSONWritable {
    func write(to json: inout JSONWriter)
}

extension JSONWritable {
    /// The value's JSON, in a buffer of about `capacity` bytes to start with.
    public func jsonBytes(capacity: Int = 1024) -> [UInt8] {
        var json = JSONWriter(capacity: capacity)
        write(to: &json)
        return json.bytes
    }
}

extension JSONWriter {
    public mutating func value(_ value: some JSONWritable) {
        value.write(to: &self)
    }

    public mutating func value(_ value: (some JSONWritable)?) {
        if let value { value.write(to: &self) } else { null() }
    }

    public mutating func array(_ values: [some JSONWritable]) {
        bytes.append(UInt8(ascii: "["))
        // By index, so each element is written in place rather than copied out first.
        for index in values.indices {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            values[index].write(to: &self)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
