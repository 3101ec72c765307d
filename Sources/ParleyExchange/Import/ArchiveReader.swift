import Foundation
import ParleyCore

/// Reads the parley archive line by line, refusing anything that is not a record it knows,
/// with the line where it is.
struct ArchiveReader {
    let path: String

    /// Hands each record, with its line number, to `handle`; `progress` hears bytes read.
    func read(_ handle: (ArchiveRecord, Int) throws -> Void, progress: (Int) -> Void = { _ in }) throws {
        let lines = try LineReader(path: path)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not an RFC 3339 timestamp")
            }
            return date
        }
        guard let first = try lines.next() else { throw ImportError("the file is empty, not a parley archive") }
        guard let header = try? decoder.decode(ArchiveHeader.self, from: Data(first)), header.type == "parley-archive" else {
            throw ImportError("this is not a parley archive (its first line should be \(ArchiveWriter.header))", at: "line 1")
        }
        guard header.version == 1 else {
            throw ImportError("archive version \(header.version) is newer than this parley reads (1)", at: "line 1")
        }
        var count = 0
        while let line = try lines.next() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let record: ArchiveRecord
            do {
                record = try decoder.decode(ArchiveLine.self, from: Data(line)).record
            } catch let error as DecodingError {
                throw ImportError(Self.describe(error), at: "line \(lines.lineNumber)")
            } catch let error as ImportError {
                throw ImportError(error.message, at: "line \(lines.lineNumber)")
            }
            try handle(record, lines.lineNumber)
            count += 1
            if count % 4096 == 0 { progress(lines.bytesRead) }
        }
        progress(lines.bytesRead)
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

extension String {
    /// `articleId` → `article_id`, for messages about archive fields.
    var snakeCased: String {
        var result = ""
        for character in self {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
