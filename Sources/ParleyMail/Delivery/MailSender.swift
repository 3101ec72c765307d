/// A message ready for the relay: the envelope and the bytes.
public struct OutgoingMail: Sendable, Equatable {
    public var envelopeFrom: String
    public var recipients: [String]
    public var data: [UInt8]

    public init(envelopeFrom: String, recipients: [String], data: [UInt8]) {
        self.envelopeFrom = envelopeFrom
        self.recipients = recipients
        self.data = data
    }
}

/// Why a message did not go.
public enum MailDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Worth trying again later (the relay is down, busy, or said 4xx).
    case temporary(String)
    /// Trying again will not help (the relay refused the address or the message).
    case permanent(String)

    public var description: String {
        switch self {
        case .temporary(let message): "temporary: \(message)"
        case .permanent(let message): "permanent: \(message)"
        }
    }
}

/// Hands messages to a relay. `MsmtpSender` is the one parley uses; tests may use others.
public protocol MailSender: Sendable {
    /// Returns when the relay accepted the message; throws `MailDeliveryError` otherwise.
    func send(_ mail: OutgoingMail) async throws
}
