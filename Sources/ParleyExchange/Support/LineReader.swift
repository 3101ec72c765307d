import Foundation

/// Reads a file line by line in large blocks, so a file of any size streams through in
/// constant memory. Lines end at LF; a CR before it is dropped.
final class LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private(set) var bytesRead = 0
    private(set) var lineNumber = 0
    let size: Int

    init(path: String) throws(ImportError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError("cannot open \(path) for reading")
        }
        self.handle = handle
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }

    deinit {
        try? handle.close()
    }

    /// The next line's bytes, or nil at the end of the file.
    func next() throws(ImportError) -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                var line = buffer[start..<newline]
                start = newline + 1
                if line.last == 0x0D { line = line.dropLast() }
                lineNumber += 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                return line
            }
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                throw ImportError("cannot read the file: \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else {
                atEnd = true
                continue
            }
            bytesRead += chunk.count
            buffer.append(contentsOf: chunk)
        }
    }
}
