import Foundation
import ParleyCore

extension ExportSelection {
    /// `--states` / `?states=`: state names, comma-separated or repeated, plus the groups
    /// `all`, `visible` (published, flagged) and `held` (pending, reported).
    public static func parse(_ values: [String]) throws -> ExportSelection {
        var states = Set<CommentState>()
        for name in values.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces).lowercased() })
        where !name.isEmpty {
            switch name {
            case "all": states.formUnion(CommentState.allCases)
            case "visible": states.formUnion([.published, .flagged])
            case "held": states.formUnion([.pending, .reported])
            default:
                guard let state = CommentState(rawValue: name) else {
                    let known = (CommentState.allCases.map(\.rawValue) + ["all", "visible", "held"]).joined(separator: ", ")
                    throw ParleyError.invalid("Unknown comment state \"\(name)\"; use \(known).", code: "invalid_state")
                }
                states.insert(state)
            }
        }
        guard !states.isEmpty else { throw ParleyError.invalid("--states needs at least one state.", code: "invalid_state") }
        return .states(states)
    }
}
