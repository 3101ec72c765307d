import Foundation
import ParleyCore

/// Streams articles' discussions from storage into a format, never holding them in memory.
public struct Exporter: Sendable {
    public let repository: any ExchangeRepository

    public init(repository: any ExchangeRepository) {
        self.repository = repository
    }

    /// Exports the articles with these keys (all when nil) and returns how many comments
    /// were written. Unknown keys are refused before anything is written.
    @discardableResult
    public func export(keys: [String]?, format: ExportFormat, selection: ExportSelection, to sink: any ExportSink,
                       progress: (any ProgressReporter)? = nil) async throws -> Int {
        let articles = try await repository.articles(keys: keys.map(Self.unique))
        let articleIDs = keys == nil ? nil : articles.map(\.id)
        if format == .parley {
            if case .states = selection {
                throw ParleyError.invalid("The parley archive always holds every comment; --states does not apply to it.")
            }
            return try await exportArchive(articleIDs: articleIDs, sink: sink, progress: progress)
        }
        let total = progress?.wantsTotal == true ? try await repository.countComments(articleIDs: articleIDs, selection: selection) : nil
        progress?.start("exporting", total: total, unit: .comments)
        let context = ExportContext(articles: articles, selection: selection)
        let writer = Handoff(Self.writer(format, context: context, sink: sink))
        let written = Handoff(0)
        try writer.value.begin()
        try await repository.streamComments(articleIDs: articleIDs, selection: selection) { record, tombstone in
            try writer.value.write(record, tombstone: tombstone)
            written.value += 1
            if written.value % 2048 == 0 { progress?.update(written.value) }
        }
        try writer.value.finish()
        progress?.update(written.value)
        progress?.finish()
        return written.value
    }

    private func exportArchive(articleIDs: [Int64]?, sink: any ExportSink, progress: (any ProgressReporter)?) async throws -> Int {
        let total = progress?.wantsTotal == true ? try await repository.countComments(articleIDs: articleIDs, selection: .states(Set(CommentState.allCases))) : nil
        progress?.start("archiving", total: total, unit: .comments)
        let writer = Handoff(ArchiveWriter(sink: sink))
        try writer.value.begin()
        try await repository.streamArchive(articleIDs: articleIDs) { record in
            try writer.value.write(record)
            if case .comment = record, writer.value.comments % 2048 == 0 { progress?.update(writer.value.comments) }
        }
        try writer.value.finish()
        progress?.update(writer.value.comments)
        progress?.finish()
        return writer.value.comments
    }

    static func writer(_ format: ExportFormat, context: ExportContext, sink: any ExportSink) -> any ThreadWriter {
        switch format {
        case .json: NestedJSONWriter(context: context, sink: sink)
        case .jsonl: JSONLinesWriter(context: context, sink: sink)
        case .csv: CSVWriter(context: context, sink: sink)
        case .markdown: MarkdownWriter(context: context, sink: sink)
        case .html: HTMLPageWriter(context: context, sink: sink)
        case .parley: preconditionFailure("the archive has its own writer")
        }
    }

    static func unique(_ keys: [String]) -> [String] {
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }
}
