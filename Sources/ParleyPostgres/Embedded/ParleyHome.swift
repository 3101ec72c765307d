import Foundation

/// parley's own folder: `.parley/` in the working directory, or `PARLEY_HOME`.
public struct ParleyHome: Sendable, Equatable {
    /// Absolute path.
    public let path: String

    public init(path: String) {
        self.path = URL(fileURLWithPath: path).standardizedFileURL.path
    }

    public static func resolve(environment: [String: String], workingDirectory: String = FileManager.default.currentDirectoryPath) -> ParleyHome {
        if let home = environment["PARLEY_HOME"], !home.isEmpty {
            let absolute = home.hasPrefix("/") ? home : workingDirectory + "/" + home
            return ParleyHome(path: absolute)
        }
        return ParleyHome(path: workingDirectory + "/.parley")
    }

    public func appending(_ component: String) -> String {
        path + "/" + component
    }
}
