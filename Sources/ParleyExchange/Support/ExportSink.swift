import ParleyCore

/// Where export bytes go: a file, standard output, an HTTP response. Writers hand over
/// chunks of about 64 KiB; a sink may block until the chunk is taken (back-pressure).
public protocol ExportSink: AnyObject {
    func write(_ bytes: [UInt8]) throws
}

/// Collects bytes in memory, for tests and small exports.
public final class MemorySink: ExportSink {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public func write(_ chunk: [UInt8]) throws {
        bytes.append(contentsOf: chunk)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// A byte buffer that writers fill and that hands itself to the sink when large enough.
struct OutputBuffer {
    static let chunkSize = 1 << 16

    let sink: any ExportSink
    private(set) var bytes: [UInt8] = []

    init(sink: any ExportSink) {
        self.sink = sink
        bytes.reserveCapacity(Self.chunkSize + 4096)
    }

    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ time: UTCTime) {
        time.write(into: &bytes)
    }

    mutating func append(integer: Int64) {
        if integer < 0 {
            bytes.append(UInt8(ascii: "-"))
        }
        var magnitude = integer.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    mutating func append(integer: Int) {
        append(integer: Int64(integer))
    }

    /// Hands the buffer to the sink once it holds a chunk.
    mutating func flushIfFull() throws {
        if bytes.count >= Self.chunkSize { try flush() }
    }

    mutating func flush() throws {
        guard !bytes.isEmpty else { return }
        try sink.write(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
