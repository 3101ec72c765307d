import Foundation

/// What `parley db start` decided when it created the private cluster, kept in
/// `cluster.json` in parley's home so every later command finds the same server.
public struct LocalClusterConfiguration: Codable, Sendable, Equatable {
    public var dataDirectory: String
    public var socketDirectory: String
    public var logFile: String
    public var port: Int
    public var superuser: String
    public var database: String
    /// Password for TCP connections on 127.0.0.1; the unix socket is owner-only and trusted.
    public var password: String
    /// false only for throwaway clusters (tests, benchmarks that say so): fsync off.
    public var durable: Bool

    static let fileName = "cluster.json"

    static func load(from home: ParleyHome) -> LocalClusterConfiguration? {
        guard let data = FileManager.default.contents(atPath: home.appending(fileName)) else { return nil }
        return try? JSONDecoder().decode(LocalClusterConfiguration.self, from: data)
    }

    func save(to home: ParleyHome) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let path = home.appending(Self.fileName)
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        chmod(path, 0o600)
    }

    /// libpq keyword/value connection string over the unix socket.
    public var conninfoString: String { conninfo }

    var conninfo: String {
        "host=\(Self.quoted(socketDirectory)) port=\(port) user=\(Self.quoted(superuser)) dbname=\(Self.quoted(database))"
    }

    /// A postgresql:// URL over the unix socket (no password needed there).
    public var socketURL: String {
        "postgresql://\(Self.encoded(superuser))@/\(Self.encoded(database))?host=\(Self.encoded(socketDirectory))&port=\(port)"
    }

    /// A postgresql:// URL over loopback TCP, with the password.
    public var tcpURL: String {
        "postgresql://\(Self.encoded(superuser)):\(Self.encoded(password))@127.0.0.1:\(port)/\(Self.encoded(database))"
    }

    static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    static func encoded(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
