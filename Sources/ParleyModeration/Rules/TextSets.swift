import ParleyText
import Yams

/// Every `words` and `phrases` list of a ruleset, merged into one automaton per kind and
/// normalization: a comment is read once for all of them, and each match says which lists
/// (conditions) its entry belongs to.
struct TextSets {
    enum Kind: Hashable {
        case words
        case phrases
    }

    struct GroupKey: Hashable {
        var kind: Kind
        var options: NormalizationOptions
    }

    struct Group {
        var key: GroupKey
        var entries: [String] = []
        var entryIndex: [String: Int] = [:]
        /// For each entry, the sets (conditions) it belongs to.
        var owners: [[Int32]] = []
        var marks: [String: Mark] = [:]
        var origin: Mark?
    }

    private(set) var groups: [Group] = []
    private var groupIndex: [GroupKey: Int] = [:]
    /// For each set, its group.
    private(set) var setGroups: [Int] = []

    /// Registers a list; returns its set id.
    mutating func add(_ entries: [String], kind: Kind, options: NormalizationOptions, marks: [String: Mark], origin: Mark?) -> Int {
        let key = GroupKey(kind: kind, options: options)
        let group: Int
        if let existing = groupIndex[key] {
            group = existing
        } else {
            groups.append(Group(key: key, origin: origin))
            group = groups.count - 1
            groupIndex[key] = group
        }
        let set = setGroups.count
        setGroups.append(group)
        for entry in entries {
            if let index = groups[group].entryIndex[entry] {
                if !groups[group].owners[index].contains(Int32(set)) { groups[group].owners[index].append(Int32(set)) }
            } else {
                groups[group].entryIndex[entry] = groups[group].entries.count
                groups[group].entries.append(entry)
                groups[group].owners.append([Int32(set)])
                groups[group].marks[entry] = marks[entry]
            }
        }
        return set
    }
}

/// The compiled form: one matcher per group.
struct CompiledTextSets: Sendable {
    enum Matcher: Sendable {
        case words(WordListMatcher)
        case phrases(PhraseMatcher)

        var options: NormalizationOptions {
            switch self {
            case .words(let matcher): matcher.options
            case .phrases(let matcher): matcher.options
            }
        }

        func matches(in text: PreparedText) -> [TextMatch] {
            switch self {
            case .words(let matcher): matcher.matches(in: text)
            case .phrases(let matcher): matcher.matches(in: text)
            }
        }

        var memoryFootprint: Int {
            switch self {
            case .words(let matcher): matcher.memoryFootprint
            case .phrases(let matcher): matcher.memoryFootprint
            }
        }
    }

    let matchers: [Matcher]
    let owners: [[[Int32]]]
    let setGroups: [Int]

    static let empty = CompiledTextSets(matchers: [], owners: [], setGroups: [])

    /// Builds the automata; a bad entry is reported where it was written.
    static func compile(_ sets: TextSets, report: (Mark?, String) -> Void) -> CompiledTextSets {
        var matchers: [Matcher] = []
        for group in sets.groups {
            do {
                switch group.key.kind {
                case .words: matchers.append(.words(try WordListMatcher(entries: group.entries, options: group.key.options)))
                case .phrases: matchers.append(.phrases(try PhraseMatcher(entries: group.entries, options: group.key.options)))
                }
            } catch let error as TextPatternError {
                report(group.marks[error.entry] ?? group.origin, "bad entry `\(error.entry)`: \(error.message)")
                return .empty
            } catch {
                report(group.origin, "bad word list: \(error)")
                return .empty
            }
        }
        return CompiledTextSets(matchers: matchers, owners: sets.groups.map(\.owners), setGroups: sets.setGroups)
    }
}
