import Foundation
import ParleyCore

/// Writes an export to a file atomically: into a temporary file beside it, renamed over the
/// target only by `commit()`. A failure (or `discard()`) leaves no half-written file.
public final class AtomicFileSink: ExportSink {
    public let path: String
    /// Where the export is written until `commit()` renames it to `path`.
    public let temporaryPath: String
    private var descriptor: Int32

    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var template = Array((directory + "/." + url.lastPathComponent + ".partial-XXXXXX").utf8CString)
        descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw ParleyError.invalid("Cannot write to \(path): \(String(cString: strerror(errno))).", code: "output_unwritable")
        }
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        fchmod(descriptor, 0o644)
    }

    deinit {
        discard()
    }

    public func write(_ bytes: [UInt8]) throws {
        try FileDescriptorWriting.writeAll(bytes, to: descriptor, name: path)
    }

    /// Flushes to disk and puts the file in place.
    public func commit() throws {
        guard descriptor >= 0 else { return }
        defer { descriptor = -1 }
        guard fsync(descriptor) == 0, close(descriptor) == 0, rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw ParleyError.invalid("Cannot write to \(path): \(reason).", code: "output_unwritable")
        }
    }

    public func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        unlink(temporaryPath)
        descriptor = -1
    }
}

/// Writes an export to standard output (or any open descriptor).
public final class DescriptorSink: ExportSink {
    let descriptor: Int32

    public init(descriptor: Int32 = STDOUT_FILENO) {
        self.descriptor = descriptor
    }

    public func write(_ bytes: [UInt8]) throws {
        try FileDescriptorWriting.writeAll(bytes, to: descriptor, name: "standard output")
    }
}

enum FileDescriptorWriting {
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32, name: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw ParleyError.invalid("Cannot write to \(name): \(String(cString: strerror(errno))).", code: "output_unwritable")
            }
            offset += written
        }
    }
}
