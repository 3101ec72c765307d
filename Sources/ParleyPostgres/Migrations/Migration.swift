import Crypto
import Foundation
import ParleyCore

/// One versioned schema file of `sql/`, e.g. `0003_create_comments.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    /// SHA-256 of the file's exact bytes, hex.
    public let checksum: String

    public init(name: String, bytes: Data) throws {
        guard let match = name.wholeMatch(of: /(\d{4})_[A-Za-z0-9_]+\.sql/), let version = Int(match.1), version > 0 else {
            throw ParleyError.invalid("The migration file name \"\(name)\" does not have the form 0001_description.sql.", code: "migration_name")
        }
        guard let sql = String(data: bytes, encoding: .utf8) else {
            throw ParleyError.invalid("The migration file \(name) is not valid UTF-8.", code: "migration_encoding")
        }
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = Hex.string(SHA256.hash(data: bytes))
    }

    /// The migrations compiled into this binary from `sql/` at build time.
    public static func embedded() throws -> [Migration] {
        try ordered(EmbeddedMigrations.files.map { file in
            guard let bytes = Data(base64Encoded: file.base64) else {
                throw ParleyError.internalFailure("The embedded migration \(file.name) is damaged.")
            }
            return try Migration(name: file.name, bytes: bytes)
        })
    }

    /// The `*.sql` files of a folder (for `--migrations DIR`).
    public static func load(directory: String) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }
        } catch {
            throw ParleyError.invalid("Cannot read the migrations folder \(directory).", code: "migration_folder")
        }
        return try ordered(names.map { name in
            guard let bytes = FileManager.default.contents(atPath: directory + "/" + name) else {
                throw ParleyError.invalid("Cannot read the migration file \(directory)/\(name).", code: "migration_folder")
            }
            return try Migration(name: name, bytes: bytes)
        })
    }

    static func ordered(_ migrations: [Migration]) throws -> [Migration] {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.version == next.version {
            throw ParleyError.invalid("Two migration files share version \(next.version): \(previous.name) and \(next.name).", code: "migration_duplicate")
        }
        return sorted
    }
}
