import ParleyCore

/// A compiled condition of RULES.md. Text conditions refer to matchers the ruleset owns,
/// so each matcher runs at most once per comment whatever number of rules use it.
indirect enum Condition: Sendable {
    case all([Condition])
    case any([Condition])
    case not(Condition)

    // body
    case words(set: Int)
    case phrases(set: Int)
    case regex(patterns: [Int])
    case links(Comparison)
    case linkDomains(DomainSet)
    case length(Comparison)
    case capsRatio(Comparison)
    case repeatedCharacters(Comparison)
    case duplicate(window: Int)

    // author
    case trust(Set<String>)
    case approvedComments(Comparison)
    case rejectedComments(Comparison)
    case accountAge(Comparison)
    case commentsIn(window: Int, count: Comparison)
    case nameWords(set: Int)
    case namePhrases(set: Int)
    case nameRegex([CompiledRegex])
    case emailDomain(DomainSet)

    // article
    case tags(Set<String>)
    case articleAge(Comparison)
    case articleMode(ModerationMode)

    // request
    case ipAddress([AddressRange])
    case commentsFromIPIn(window: Int, count: Comparison)
}

/// A rule ready to run.
struct CompiledRule: Sendable {
    let name: String
    let action: ModerationAction
    let reason: String?
    let enabled: Bool
    let when: Condition
    let unless: Condition?
}
