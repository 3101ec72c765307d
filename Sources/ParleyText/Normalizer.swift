/// The scalar steps of normalization: original UTF-8 → normalized units (one per normalized code
/// point, each knowing which original bytes produced it), fed to a `ViewBuilder`.
///
/// ASCII takes a table-driven fast path; other code points are decoded by hand and looked up in
/// the `ScalarMap` for the options, which is fetched only when the text has non-ASCII content.
enum Normalizer {
    static func views(of text: String, options: NormalizationOptions) -> ViewBuilder {
        precondition(text.utf8.count < Int(Int32.max), "texts of 2 GB or more are not supported")
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { views(of: $0, options: options) }!
    }

    private static func views(of bytes: UnsafeBufferPointer<UInt8>, options: NormalizationOptions) -> ViewBuilder {
        var builder = ViewBuilder(capacity: bytes.count + 8, options: options)
        let fold: UInt8 = options.caseFolding ? 0x20 : 0
        let tables = AsciiTables.shared
        let asciiKinds = options.leet ? tables.kindsWithLeet : tables.kinds
        let isLetter = tables.isLetter
        var map: ScalarMap?
        var classes: ScalarClassTable?
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if isLetter[Int(byte)] {
                index = builder.pushASCIILetters(bytes, from: index, fold: fold, isLetter: isLetter)
                continue
            }
            if byte < 0x80 {
                let offset = Int32(truncatingIfNeeded: index)
                builder.push(TextUnit(scalar: UInt32(byte), start: offset, end: offset &+ 1, kind: asciiKinds[Int(byte)]))
                index &+= 1
                continue
            }
            let (scalar, length) = decode(bytes, at: index)
            let start = Int32(truncatingIfNeeded: index), end = Int32(truncatingIfNeeded: index + length)
            index &+= length
            if map == nil {
                map = ScalarMap.forOptions(options)
                classes = ScalarClass.table
            }
            let classTable = classes.unsafelyUnwrapped
            let slot = map.unsafelyUnwrapped.slot(scalar)
            if slot == 0 {
                let kind = UnitKind.of(nonASCII: scalar, classes: classTable)
                builder.push(TextUnit(scalar: scalar, start: start, end: end, kind: kind))
                continue
            }
            let outputCount = Int(slot & 0x1F)
            if outputCount == 0 {
                if classTable[scalar] == .mark { builder.extendLast(from: start, to: end) }
                continue
            }
            let pool = map.unsafelyUnwrapped.pool
            for offset in Int(slot >> 6)..<Int(slot >> 6) + outputCount {
                let output = pool[offset]
                let kind = output < 0x80 ? asciiKinds[Int(output)] : UnitKind.of(nonASCII: output, classes: classTable)
                builder.push(TextUnit(scalar: output, start: start, end: end, kind: kind))
            }
        }
        builder.finish()
        return builder
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
