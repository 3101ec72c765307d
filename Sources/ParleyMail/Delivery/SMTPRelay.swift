import Foundation

/// The relay PARLEY_SMTP_URL names, as msmtp arguments.
///
/// - `smtp://host:port`: plain SMTP (port 25 unless given), as to a local relay;
///   `smtp://host:587?tls=starttls` upgrades with STARTTLS;
/// - `smtps://host:port`: TLS from the first byte (port 465 unless given);
/// - `smtp://user@host:port`: authenticates as user, with the password in
///   PARLEY_SMTP_PASSWORD (read by msmtp's passwordeval, never put on a command line).
public struct SMTPRelay: Sendable, Equatable {
    public enum Security: String, Sendable { case none, starttls, tls }

    public var host: String
    public var port: Int
    public var security: Security
    public var user: String?

    public init(host: String, port: Int, security: Security = .none, user: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.user = user
    }

    public init(url text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              ["smtp", "smtps"].contains(scheme), let host = components.host, !host.isEmpty
        else { throw MailSettingsError("PARLEY_SMTP_URL is smtp://host:port or smtps://host:port, not \(text)") }
        guard components.password == nil else {
            throw MailSettingsError("PARLEY_SMTP_URL holds no password; put it in PARLEY_SMTP_PASSWORD.")
        }
        var security: Security = scheme == "smtps" ? .tls : .none
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("tls", "starttls"?) where scheme == "smtp": security = .starttls
            default: throw MailSettingsError("PARLEY_SMTP_URL: unknown setting \(item.name) (smtp://host:port?tls=starttls is the one known).")
            }
        }
        let port = components.port ?? (scheme == "smtps" ? 465 : 25)
        guard (1...65535).contains(port) else { throw MailSettingsError("PARLEY_SMTP_URL: no port \(port).") }
        self.init(host: host, port: port, security: security, user: components.user.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// msmtp's options for this relay: `--host` makes msmtp read no configuration file, so
    /// what is here is all it does. The recipients follow `--`.
    public func msmtpArguments(envelopeFrom: String, heloDomain: String, timeout: Int) -> [String] {
        var arguments = ["--host=\(host)", "--port=\(port)", "--from=\(envelopeFrom)", "--domain=\(heloDomain)",
                         "--timeout=\(timeout)"]
        switch security {
        case .none: arguments.append("--tls=off")
        case .starttls: arguments += ["--tls=on", "--tls-starttls=on"]
        case .tls: arguments += ["--tls=on", "--tls-starttls=off"]
        }
        if let user {
            arguments += ["--auth=on", "--user=\(user)", "--passwordeval=printf '%s' \"$PARLEY_SMTP_PASSWORD\""]
        } else {
            arguments.append("--auth=off")
        }
        return arguments
    }

    public var description: String {
        "\(security == .tls ? "smtps" : "smtp")://\(user.map { "\($0)@" } ?? "")\(host):\(port)\(security == .starttls ? "?tls=starttls" : "")"
    }
}
