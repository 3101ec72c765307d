import Foundation
import ParleyCore

/// Reads the parley archive line by line, refusing anything that is not a record it knows,
/// with the line where it is.
struct ArchiveReader {
    let path: String

    /// Hands each record, with its line number, to `handle`, in file order; `progress` hears
    /// bytes read. Lines are decoded in batches on all cores: JSON decoding is most of an
    /// import's client time, and the database works on another core meanwhile.
    func read(_ handle: (ArchiveRecord, Int) throws -> Void, progress: (Int) -> Void = { _ in }) throws {
        let lines = try LineReader(path: path)
        guard let first = try lines.next() else { throw ImportError("the file is empty, not a parley archive") }
        guard let header = try? Self.makeDecoder().decode(ArchiveHeader.self, from: Data(first)),
              header.type == "parley-archive" else {
            throw ImportError("this is not a parley archive (its first line should be \(ArchiveWriter.header))", at: "line 1")
        }
        guard header.version == 1 else {
            throw ImportError("archive version \(header.version) is newer than this parley reads (1)", at: "line 1")
        }
        let decoders = (0..<max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))).map { _ in Self.makeDecoder() }
        var batch: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        batch.reserveCapacity(Self.batchSize)
        func drain() throws {
            let records = Self.decode(batch, with: decoders)
            for (index, record) in records.enumerated() { try handle(try record.get(), batch[index].number) }
            batch.removeAll(keepingCapacity: true)
            progress(lines.bytesRead)
        }
        while let line = try lines.next() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            batch.append((lines.lineNumber, line))
            if batch.count == Self.batchSize { try drain() }
        }
        try drain()
    }

    static let batchSize = 4096

    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not an RFC 3339 timestamp")
            }
            return date
        }
        return decoder
    }

    /// Decodes a batch in contiguous slices, one per decoder, each on its own thread.
    static func decode(_ batch: [(number: Int, bytes: ArraySlice<UInt8>)],
                       with decoders: [JSONDecoder]) -> [Result<ArchiveRecord, ImportError>] {
        let placeholder = Result<ArchiveRecord, ImportError>.failure(ImportError("not decoded"))
        var results = [Result<ArchiveRecord, ImportError>](repeating: placeholder, count: batch.count)
        let slice = (batch.count + decoders.count - 1) / max(decoders.count, 1)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each worker writes only its own slice of the buffer.
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: decoders.count) { worker in
                let range = min(worker * slice, batch.count)..<min((worker + 1) * slice, batch.count)
                for index in range {
                    output[index] = decodeLine(batch[index].bytes, number: batch[index].number, with: decoders[worker])
                }
            }
        }
        return results
    }

    static func decodeLine(_ bytes: ArraySlice<UInt8>, number: Int, with decoder: JSONDecoder) -> Result<ArchiveRecord, ImportError> {
        do {
            return .success(try decoder.decode(ArchiveLine.self, from: Data(bytes)).record)
        } catch let error as DecodingError {
            return .failure(ImportError(describe(error), at: "line \(number)"))
        } catch let error as ImportError {
            return .failure(ImportError(error.message, at: "line \(number)"))
        } catch {
            return .failure(ImportError("the line cannot be read", at: "line \(number)"))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue.snakeCased).filter { !$0.isEmpty }
            return keys.isEmpty ? "" : " at \"\(keys.joined(separator: "."))\""
        }
        switch error {
        case .keyNotFound(let key, _):
            return "the record has no \"\(key.stringValue.snakeCased)\""
        case .typeMismatch(_, let context):
            return "a value has the wrong type\(path(context))"
        case .valueNotFound(_, let context):
            return "a required value is null\(path(context))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the line is not valid JSON" }
            return context.debugDescription + path(context)
        @unknown default:
            return "the line cannot be read"
        }
    }
}

struct ArchiveHeader: Decodable {
    var type: String
    var version: Int
}

/// One line: its `type` says which record the rest of it is.
struct ArchiveLine: Decodable {
    var record: ArchiveRecord

    enum Keys: String, CodingKey { case type }

    init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .type)
        switch type {
        case "ruleset": record = .ruleset(try RulesetRecord(from: decoder))
        case "article": record = .article(try ArticleRecord(from: decoder))
        case "author": record = .author(try AuthorRecord(from: decoder))
        case "comment": record = .comment(try CommentRecord(from: decoder))
        case "edit": record = .edit(try EditRecord(from: decoder))
        case "vote": record = .vote(try VoteRecord(from: decoder))
        case "report": record = .report(try ReportRecord(from: decoder))
        case "event": record = .event(try EventRecord(from: decoder))
        default: throw ImportError("unknown record type \"\(type)\"")
        }
    }
}
