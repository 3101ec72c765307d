import Foundation
import ParleyCore

/// `parley queue review`: one queued comment at a time, decided with single keys.
/// The keyboard and screen come in as closures, so the loop is the same on a real
/// terminal and under a test's pseudo-terminal.
final class ReviewSession {
    struct IO {
        var readKey: () -> UInt8?
        var readLine: (String) -> String?
        var write: (String) -> Void
    }

    struct Undo {
        var id: Int64
        var previous: CommentState
        var version: Int
        var action: String
    }

    let desk: ModerationDesk
    let filter: QueueFilter
    let moderator: String
    let renderer: QueueRenderer
    let io: IO
    let thread: (String) async throws -> String

    private var items: [QueueItem] = []
    private var index = 0
    private var cursor: QueueCursor?
    private var exhausted = false
    private var total = 0
    private var done = 0
    private var history: [Undo] = []
    private var notice: String?

    init(desk: ModerationDesk, filter: QueueFilter, moderator: String, renderer: QueueRenderer, io: IO,
         thread: @escaping (String) async throws -> String) {
        self.desk = desk
        self.filter = filter
        self.moderator = moderator
        self.renderer = renderer
        self.io = io
        self.thread = thread
    }

    static let keys = "a approve · r reject · s spam · k skip · b ban author · t thread · u undo · q quit"

    func run() async throws {
        try await refill()
        total = (try? await desk.repository.count(filter)) ?? items.count
        while true {
            if index >= items.count {
                try await refill()
                if index >= items.count {
                    io.write(screen("Nothing left to review. \(done) decided.") + "\n")
                    return
                }
            }
            let item = items[index]
            io.write(screen(renderer.render(item, position: "\(max(total - done, 0)) left")))
            guard let key = io.readKey() else { return }
            switch key {
            case UInt8(ascii: "a"): try await decide(.approve, item)
            case UInt8(ascii: "s"): try await decide(.spam, item)
            case UInt8(ascii: "r"):
                guard let reason = io.readLine("Reason (Enter for none, Esc to cancel): ") else { continue }
                try await decide(.reject, item, reason: reason.isEmpty ? nil : reason)
            case UInt8(ascii: "k"), UInt8(ascii: " "), UInt8(ascii: "j"):
                done += 1
                index += 1
            case UInt8(ascii: "b"): try await ban(item)
            case UInt8(ascii: "t"):
                io.write(screen((try? await thread(item.article.key)) ?? "The thread could not be read.") + "\n" + renderer.style.dim("Any key returns.") + "\n")
                _ = io.readKey()
            case UInt8(ascii: "u"): try await undo()
            case UInt8(ascii: "q"), 3, 4: // q, Ctrl-C, Ctrl-D
                io.write("\n\(done) decided or skipped; \(max(total - done, 0)) left.\n")
                return
            default:
                notice = "Keys: " + Self.keys
            }
        }
    }

    private func screen(_ body: String) -> String {
        var text = renderer.style.enabled ? "\u{1B}[H\u{1B}[2J" : "\n"
        text += renderer.style.dim(Self.keys) + "\n\n" + body
        if let notice {
            text += "\n" + renderer.style.yellow(notice) + "\n"
            self.notice = nil
        }
        return text
    }

    private func decide(_ action: ModeratorAction, _ item: QueueItem, reason: String? = nil) async throws {
        do {
            let report = try await desk.decide(action, target: .ids([item.comment.id], seenVersions: [item.comment.id: item.version]),
                                               reason: reason, moderator: moderator)
            if let applied = report.applied.first {
                history.append(Undo(id: applied.id, previous: applied.from, version: item.version + 1, action: action.rawValue))
                notice = "#\(applied.id) \(applied.to.rawValue)." + (report.promoted.isEmpty ? "" : " \(report.promoted.joined(separator: ", ")) is now regular.")
            } else if let refused = report.refused.first {
                notice = "#\(refused.id) was left as it is: \(refused.reason)."
            }
        } catch let error as ParleyError {
            notice = error.message
            return
        }
        done += 1
        index += 1
    }

    private func ban(_ item: QueueItem) async throws {
        guard let duration = io.readLine("Ban \(item.author.name) for (e.g. 24h, 7d; Enter for good, Esc to cancel): ") else { return }
        var until = Date.distantFuture
        if !duration.isEmpty {
            guard let seconds = DurationParsing.seconds(duration), seconds > 0 else {
                notice = "\"\(duration)\" is not a duration such as 24h or 7d; nobody was banned."
                return
            }
            until = Date().addingTimeInterval(Double(seconds))
        }
        guard let reason = io.readLine("Reason (shown to the author; Esc to cancel): ") else { return }
        let purge = io.readLine("Also reject their pending comments? [y/N] ")?.lowercased().hasPrefix("y") ?? false
        do {
            let (author, purged) = try await desk.ban(author: item.author.name, until: until, reason: reason.isEmpty ? nil : reason,
                                                      moderator: moderator, purge: purge)
            notice = "Banned \(author.name)." + (purge ? " Rejected \(purged) pending." : " Decide this comment too.")
            if purge {
                items = try await reloadItems()
            }
        } catch let error as ParleyError {
            notice = error.message
        }
    }

    private func undo() async throws {
        guard let last = history.popLast() else {
            notice = "Nothing to undo."
            return
        }
        do {
            try await desk.undo(commentID: last.id, to: last.previous, expectedVersion: last.version, moderator: moderator)
            if let item = try await desk.repository.item(id: last.id) {
                items.insert(item, at: index)
            }
            done = max(0, done - 1)
            notice = "Undid \(last.action) of #\(last.id): back to \(last.previous.rawValue)."
        } catch let error as ParleyError {
            notice = error.message
        }
    }

    /// The remaining items, re-read (after a purge decided some of them).
    private func reloadItems() async throws -> [QueueItem] {
        var fresh: [QueueItem] = Array(items[..<index])
        for item in items[index...] {
            if let current = try await desk.repository.item(id: item.comment.id), filter.view.states.contains(current.comment.state) {
                fresh.append(current)
            } else {
                done += 1
            }
        }
        return fresh
    }

    private func refill() async throws {
        guard !exhausted else { return }
        let page = try await desk.queue(filter, after: cursor, limit: 50)
        items.removeFirst(index)
        index = 0
        items += page.items
        cursor = page.nextCursor ?? page.items.last.map { QueueCursor(createdAt: $0.comment.createdAt, id: $0.comment.id) } ?? cursor
        if page.nextCursor == nil { exhausted = true }
    }
}
