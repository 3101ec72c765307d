import Foundation

/// Edits of libpq connection strings (URLs or keyword/value form) without losing settings.
public enum ConnectionString {
    /// The same server and settings, another database.
    public static func withDatabase(_ conninfo: String, _ database: String) -> String {
        let trimmed = conninfo.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://"),
           var components = URLComponents(string: trimmed) {
            components.percentEncodedPath = "/" + (database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? database)
            return components.string ?? trimmed
        }
        // Keyword/value form (or empty: PG* variables): a later keyword wins.
        let quoted = "'" + database.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        return trimmed.isEmpty ? "dbname=\(quoted)" : "\(trimmed) dbname=\(quoted)"
    }
}
