import Foundation
import ParleyCore

/// A file that cannot be imported, and where: "line 12, column 7" or "<post> #37".
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var position: String?

    public init(_ message: String, at position: String? = nil) {
        self.message = message
        self.position = position
    }

    public var description: String { position.map { "\($0): \(message)" } ?? message }
}

/// Reads another system's export into a `ForeignDiscussion`, refusing malformed input with
/// its position. Nothing is stored by an importer.
public protocol ForeignImporter: Sendable {
    func read(file path: String) throws(ImportError) -> ForeignDiscussion
}
