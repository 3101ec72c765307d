/// The scalar steps of normalization: original UTF-8 → `TextUnit`s (one per normalized code
/// point), each knowing which original bytes produced it.
///
/// ASCII takes a table-driven fast path; other code points are decoded by hand and looked up in
/// the `ScalarMap` for the options, which is fetched only when the text has non-ASCII content.
enum Normalizer {
    static func units(of text: String, options: NormalizationOptions) -> [TextUnit] {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { units(of: $0, options: options) } ?? []
    }

    static func units(of bytes: UnsafeBufferPointer<UInt8>, options: NormalizationOptions) -> [TextUnit] {
        var units = [TextUnit]()
        units.reserveCapacity(bytes.count)
        let fold = options.caseFolding
        let asciiKinds = options.leet ? UnitKind.asciiLeet : UnitKind.ascii
        var map: ScalarMap?
        let classes = ScalarClass.table
        asciiKinds.withUnsafeBufferPointer { asciiKinds in
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte < 0x80 {
                    var scalar = UInt32(byte)
                    if fold && byte &- 0x41 < 26 { scalar |= 0x20 }
                    units.append(TextUnit(
                        scalar: scalar, start: Int32(index), end: Int32(index + 1), kind: asciiKinds[Int(byte)]))
                    index += 1
                    continue
                }
                let (scalar, length) = decode(bytes, at: index)
                let start = Int32(index), end = Int32(index + length)
                index += length
                if map == nil { map = ScalarMap.forOptions(options) }
                let slot = map.unsafelyUnwrapped.slot(scalar)
                if slot == 0 {
                    units.append(TextUnit(
                        scalar: scalar, start: start, end: end, kind: UnitKind.of(nonASCII: scalar, classes: classes)))
                    continue
                }
                let outputCount = Int(slot & 0x1F)
                if outputCount == 0 {
                    // A dropped combining mark belongs to the letter before it (for masking).
                    if classes[scalar] == .mark, let last = units.indices.last, units[last].end == start {
                        units[last].end = end
                    }
                    continue
                }
                let pool = map.unsafelyUnwrapped.pool
                for offset in Int(slot >> 6)..<Int(slot >> 6) + outputCount {
                    let output = pool[offset]
                    let kind = output < 0x80
                        ? asciiKinds[Int(output)] : UnitKind.of(nonASCII: output, classes: classes)
                    units.append(TextUnit(scalar: output, start: start, end: end, kind: kind))
                }
            }
        }
        return units
    }

    /// Decodes the (valid: Swift strings always are) UTF-8 sequence at a non-ASCII lead byte.
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[index])
        if lead < 0xE0 {
            return ((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
        }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        let value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
            | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
        return (value, 4)
    }
}
