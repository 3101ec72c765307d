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

/// A byte buffer that writers fill and that hands itself to the sink when large enough. Its
/// bytes are a `JSONWriter`'s (with the export's escaping), so JSON members go through the
/// same writer as the API's hot responses.
struct OutputBuffer {
    static let chunkSize = 1 << 16

    let sink: any ExportSink
    var json: JSONWriter

    init(sink: any ExportSink) {
        self.sink = sink
        json = JSONWriter(escaping: .separators, capacity: Self.chunkSize + 4096)
    }

    var bytes: [UInt8] { json.bytes }

    mutating func append(_ byte: UInt8) {
        json.append(byte)
    }

    mutating func append(_ text: StaticString) {
        json.append(text)
    }

    mutating func append(_ text: String) {
        json.append(raw: text)
    }

    mutating func append(_ time: UTCTime) {
        time.write(into: &json.bytes)
    }

    mutating func append(integer: Int64) {
        json.append(integer: integer)
    }

    mutating func append(integer: Int) {
        json.append(integer: Int64(integer))
    }

    /// Hands the buffer to the sink once it holds a chunk.
    mutating func flushIfFull() throws {
        if json.bytes.count >= Self.chunkSize { try flush() }
    }

    mutating func flush() throws {
        guard !json.bytes.isEmpty else { return }
        try sink.write(json.bytes)
        json.bytes.removeAll(keepingCapacity: true)
    }
}
