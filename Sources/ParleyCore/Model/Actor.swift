/// Who did something, for the audit log.
public struct Actor: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case rules
        case moderator
        case author
        case reader
        case system
    }

    public var kind: Kind
    public var name: String

    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }
}
