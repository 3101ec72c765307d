import Foundation

/// Which comments an export carries.
public enum ExportSelection: Sendable, Equatable {
    /// What readers see: visible comments, plus tombstones (hidden or deleted comments that
    /// still have visible replies), whose body and author are left out.
    case readers
    /// Comments in these states, deleted ones included, in full.
    case states(Set<CommentState>)
}

/// What an import will add (or, for a dry run, would add) and what was already there.
public struct ImportSummary: Sendable, Equatable, Codable {
    public var articlesAdded = 0
    public var authorsAdded = 0
    public var commentsAdded = 0
    public var commentsSkipped = 0
    public var otherRecordsAdded = 0
    public var otherRecordsSkipped = 0
    /// Replies whose parent is not in the file, imported as top-level comments.
    public var orphansRooted = 0

    public init() {}
}

/// Storage behind export and import: full records streamed out in a stable order, and
/// records written back in one transaction.
public protocol ExchangeRepository: Sendable {
    /// Articles by key (all when nil), ordered by id; refuses unknown keys.
    func articles(keys: [String]?) async throws -> [ArticleRecord]
    func countComments(articleIDs: [Int64]?, selection: ExportSelection) async throws -> Int
    /// Comments of the articles (all when nil) in thread order (article, then path), each
    /// with `true` when it is a tombstone in the readers' view. Runs `handle` on a storage
    /// thread as rows arrive.
    func streamComments(articleIDs: [Int64]?, selection: ExportSelection,
                        _ handle: @escaping @Sendable (CommentRecord, Bool) throws -> Void) async throws

    /// Every row the archive of these articles (all when nil) holds, in one snapshot: rulesets,
    /// articles, authors, comments, edits, votes, reports, then moderation events, each in
    /// id order. Runs `handle` on a storage thread as rows arrive.
    func streamArchive(articleIDs: [Int64]?, _ handle: @escaping @Sendable (ArchiveRecord) throws -> Void) async throws

    /// Writes an archive's records, ids kept, in one transaction: `feed` appends them (on a
    /// storage thread) and they are merged when it returns. Rows already stored are skipped;
    /// a row whose id is taken by a different one refuses the whole import. With `dryRun`,
    /// everything is rolled back and only the summary is kept.
    func importArchive(dryRun: Bool, _ feed: @escaping @Sendable (any ArchiveSink) throws -> Void) async throws -> ImportSummary

    /// Writes comments read from another system in one transaction: articles matched by
    /// source id then key, authors by name, comments already imported (same source id)
    /// skipped; parents always before replies. `progress` hears how many comments are done.
    func importForeign(_ discussion: ForeignDiscussion, dryRun: Bool,
                       progress: @escaping @Sendable (Int) -> Void) async throws -> ImportSummary
}

/// Where an archive import's records go as they are read; `line` is for error messages.
public protocol ArchiveSink: AnyObject {
    func append(_ record: ArchiveRecord, line: Int) throws
}

/// One line of the parley archive.
public enum ArchiveRecord: Sendable, Equatable {
    case ruleset(RulesetRecord)
    case article(ArticleRecord)
    case author(AuthorRecord)
    case comment(CommentRecord)
    case edit(EditRecord)
    case vote(VoteRecord)
    case report(ReportRecord)
    case event(EventRecord)
}
