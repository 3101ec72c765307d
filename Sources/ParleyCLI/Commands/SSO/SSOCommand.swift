import ArgumentParser
import Foundation
import ParleyCore

struct SSOCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sso",
        abstract: "Reader sign-in: the keys that sign readers' tokens (add, list, remove).",
        discussion: """
            The newsroom's login signs a JWT for each reader (claims sub, name, exp; email, iat and aud \
            optional) and the page hands it to parley. A NAME may hold several keys at once, to rotate \
            them; readers are known by (NAME, sub).
            """,
        subcommands: [SSOAdd.self, SSOList.self, SSORemove.self]
    )

    /// A key file's bytes, or a one-sentence error.
    static func read(_ path: String, what: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParleyError.invalid("Cannot read the \(what) file \(path).", code: "unreadable_file")
        }
        return Array(data)
    }
}
