import Foundation
import ParleyCore

/// Brings discussions into parley: the lossless archive, or another system's export read by
/// its `ForeignImporter`. Every import is one transaction, additive and idempotent.
public struct Importer: Sendable {
    public let repository: any ExchangeRepository
    /// The rules `--moderate` passes imported comments through.
    public let moderation: (any ModerationPolicy)?

    public init(repository: any ExchangeRepository, moderation: (any ModerationPolicy)? = nil) {
        self.repository = repository
        self.moderation = moderation
    }

    public func importFile(_ path: String, format: ImportFormat, dryRun: Bool = false, moderate: Bool = false,
                           progress: (any ProgressReporter)? = nil) async throws -> ImportSummary {
        do {
            return try await read(path, format: format, dryRun: dryRun, moderate: moderate, progress: progress)
        } catch let error as ImportError {
            progress?.finish()
            var details = ["file": path]
            details["position"] = error.position
            throw ParleyError.invalid("Cannot import \(URL(fileURLWithPath: path).lastPathComponent): \(error); nothing was stored.",
                                      code: "import_invalid", details: details)
        }
    }

    private func read(_ path: String, format: ImportFormat, dryRun: Bool, moderate: Bool,
                      progress: (any ProgressReporter)?) async throws -> ImportSummary {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ImportError("cannot read \(path): no such file, or no permission")
        }
        guard let importer = format.foreignImporter else {
            if moderate {
                throw ParleyError.invalid("--moderate is for imports from other systems; a parley archive keeps its own moderation.")
            }
            return try await importArchive(path, dryRun: dryRun, progress: progress)
        }
        let read = try importer.read(file: path)
        var discussion = try ForeignImportPlanner().plan(read)
        if moderate {
            guard let moderation else { throw ParleyError.invalid("No ruleset is available to moderate the import with.") }
            discussion = try await ImportModeration(policy: moderation).apply(to: discussion)
        }
        progress?.start(dryRun ? "checking" : "importing", total: discussion.comments.count, unit: .comments)
        defer { progress?.finish() }
        return try await repository.importForeign(discussion, dryRun: dryRun) { done in progress?.update(done) }
    }

    private func importArchive(_ path: String, dryRun: Bool, progress: (any ProgressReporter)?) async throws -> ImportSummary {
        let reader = ArchiveReader(path: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        progress?.start(dryRun ? "checking" : "importing", total: size, unit: .bytes)
        defer { progress?.finish() }
        return try await repository.importArchive(dryRun: dryRun) { sink in
            try reader.read({ record, line in try sink.append(record, line: line) }, progress: { progress?.update($0) })
        }
    }
}

/// `--moderate`: each imported comment through today's rules, keeping the stricter of its
/// original state and the rules' verdict. Only what a comment says is judged: rate and
/// duplicate rules need the history around a comment as it was posted, which an export lacks.
struct ImportModeration {
    let policy: any ModerationPolicy

    func apply(to discussion: ForeignDiscussion) async throws -> ForeignDiscussion {
        var result = discussion
        let articles = Dictionary(discussion.articles.map { ($0.sourceID, $0) }, uniquingKeysWith: { first, _ in first })
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for index in result.comments.indices {
            let comment = result.comments[index]
            guard !comment.deleted, let foreign = articles[comment.articleSourceID] else { continue }
            let article = Article(id: 0, key: foreign.key, title: foreign.title, url: foreign.url,
                                  publishedAt: foreign.publishedAt, createdAt: foreign.publishedAt ?? comment.createdAt)
            let decision = try await policy.decide(ModerationInput(
                body: comment.body, article: article, author: nil, authorName: comment.authorName, email: comment.email,
                ip: comment.ip, now: comment.createdAt))
            let state = comment.state.stricter(than: decision.state)
            result.comments[index].state = state
            result.comments[index].censoredBody = decision.censoredBody
            result.comments[index].decidedBy = decision.decidedBy
            let record = ImportDecision(action: decision.action.rawValue, decidedBy: decision.decidedBy, reason: decision.reason,
                                        rules: decision.firedRules, importedFrom: discussion.source)
            result.comments[index].moderation = String(decoding: try encoder.encode(record), as: UTF8.self)
        }
        return result
    }
}

/// The moderation record of an imported comment: a post's, plus where it came from.
struct ImportDecision: Encodable {
    var action: String
    var decidedBy: String
    var reason: String?
    var rules: [FiredRule]
    var importedFrom: String
}
