import Foundation

/// The checks every importer makes before parsing, so a missing, unreadable or empty file
/// gets a sentence instead of a parser's complaint.
enum ImportFile {
    static func check(_ path: String) throws(ImportError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportError("\(path): no such file.")
        }
        guard !isDirectory.boolValue else { throw ImportError("\(path) is a directory, not a file.") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ImportError("\(path) cannot be read (permission denied).")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size > 0 else { throw ImportError("\(path) is empty: there is nothing to import.") }
    }
}
