import CLibPQ
import Foundation

/// One row of a binary COPY: its fields' bytes, typed by the caller (COPY sends no types).
public struct CopyRow {
    let bytes: UnsafeRawBufferPointer
    let starts: [Int]
    let lengths: [Int32]

    public var count: Int { starts.count }

    public func value(_ index: Int, type: UInt32) -> PostgresValue? {
        guard lengths[index] >= 0 else { return nil }
        return PostgresValue(bytes: UnsafeRawBufferPointer(rebasing: bytes[starts[index]..<(starts[index] + Int(lengths[index]))]), type: type)
    }

    public func reader() -> CopyRowReader { CopyRowReader(row: self) }
}

/// Reads a COPY row's fields left to right, each with the type the SELECT list gives it.
public struct CopyRowReader {
    let row: CopyRow
    var index = 0

    public mutating func next<T: PostgresDecodable>(_ type: UInt32, as _: T.Type = T.self) throws -> T {
        guard let value = try optional(type, as: T.self) else {
            throw PostgresError(kind: .decoding, message: "COPY field \(index - 1) is NULL where \(T.self) was expected")
        }
        return value
    }

    public mutating func optional<T: PostgresDecodable>(_ type: UInt32, as _: T.Type = T.self) throws -> T? {
        defer { index += 1 }
        guard index < row.count else { throw PostgresError(kind: .decoding, message: "COPY row has no field \(index)") }
        return try row.value(index, type: type).map { try T.decode($0) }
    }
}

extension PostgresConnection {
    /// Runs `COPY (query) TO STDOUT WITH (FORMAT binary)` and hands each row to `handle` as
    /// it arrives: PostgreSQL's fastest way out, no result object per row, memory flat.
    /// COPY takes no bound parameters; callers pass values with `set_config` beforehand.
    public func copyOut(_ query: String, _ handle: (CopyRow) throws -> Void) throws {
        let connection = try rawHandle()
        let started = PQexec(connection, "COPY (\(query)) TO STDOUT WITH (FORMAT binary)")
        guard let started, PQresultStatus(started) == PGRES_COPY_OUT else {
            _ = try checkedResult(started)
            throw PostgresError(kind: .server, message: "COPY did not start")
        }
        PQclear(started)
        var headerRead = false
        var failure: (any Error)?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(connection, &buffer, 0)
            if length == -1 { break }
            if length < -1 { throw PostgresError(kind: .connection, message: Self.firstLine(String(cString: PQerrorMessage(connection)))) }
            defer { PQfreemem(buffer) }
            guard failure == nil, let buffer else { continue }
            var bytes = UnsafeRawBufferPointer(start: buffer, count: Int(length))
            if !headerRead {
                // "PGCOPY\n\u{FF}\r\n\0", flags, then a header extension of the given length.
                let extensionLength = Int(Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: 15, as: Int32.self)))
                bytes = UnsafeRawBufferPointer(rebasing: bytes[(19 + extensionLength)...])
                headerRead = true
                if bytes.isEmpty { continue }
            }
            let fields = Int(Int16(bigEndian: bytes.loadUnaligned(as: Int16.self)))
            if fields < 0 { continue }   // the trailer
            var starts: [Int] = []
            var lengths: [Int32] = []
            starts.reserveCapacity(fields)
            lengths.reserveCapacity(fields)
            var offset = 2
            for _ in 0..<fields {
                let fieldLength = Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
                offset += 4
                starts.append(offset)
                lengths.append(fieldLength)
                if fieldLength > 0 { offset += Int(fieldLength) }
            }
            do {
                try handle(CopyRow(bytes: bytes, starts: starts, lengths: lengths))
            } catch {
                failure = error
                PQrequestCancel(connection)
            }
        }
        while let result = PQgetResult(connection) {
            if failure == nil { _ = try checkedResult(result) } else { PQclear(result) }
        }
        if let failure { throw failure }
    }
}

/// Rows sent to `COPY … FROM STDIN` in text format, buffered into large messages.
public final class CopyInStream {
    let owner: PostgresConnection
    let connection: OpaquePointer
    var buffer: [UInt8] = []
    var finished = false
    public private(set) var rows = 0

    init(owner: PostgresConnection, connection: OpaquePointer) {
        self.owner = owner
        self.connection = connection
        buffer.reserveCapacity(1 << 17)
    }

    /// Appends one row; nil fields are NULL. Text is escaped as COPY's text format wants.
    public func row(_ fields: [String?]) throws {
        Self.encode(fields, into: &buffer)
        rows += 1
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// One inout access for the whole row: appending byte by byte to the stored property
    /// paid an exclusivity check per byte.
    private static func encode(_ fields: [String?], into buffer: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(0x09) }
            guard let field else {
                buffer.append(0x5C)
                buffer.append(UInt8(ascii: "N"))
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case 0x5C: buffer.append(0x5C); buffer.append(0x5C)
                case 0x0A: buffer.append(0x5C); buffer.append(UInt8(ascii: "n"))
                case 0x0D: buffer.append(0x5C); buffer.append(UInt8(ascii: "r"))
                case 0x09: buffer.append(0x5C); buffer.append(UInt8(ascii: "t"))
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(0x0A)
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        let sent = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1 else {
            throw PostgresError(kind: .connection, message: PostgresConnection.firstLine(String(cString: PQerrorMessage(connection))))
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension CopyInStream {
    /// Sends what is buffered and ends the COPY, reporting PostgreSQL's verdict on the rows.
    public func finish() throws {
        precondition(!finished, "COPY already ended")
        finished = true
        do {
            try flush()
            guard PQputCopyEnd(connection, nil) == 1 else {
                throw PostgresError(kind: .connection, message: PostgresConnection.firstLine(String(cString: PQerrorMessage(connection))))
            }
        } catch {
            drainResults()
            throw error
        }
        var failure: (any Error)?
        while let result = PQgetResult(connection) {
            if failure == nil {
                do { _ = try owner.checkedResult(result) } catch { failure = error }
            } else {
                PQclear(result)
            }
        }
        if let failure { throw failure }
    }

    /// Ends the COPY with an error so PostgreSQL discards the rows.
    public func abort() {
        guard !finished else { return }
        finished = true
        _ = PQputCopyEnd(connection, "aborted by parley")
        drainResults()
    }

    private func drainResults() {
        while let result = PQgetResult(connection) { PQclear(result) }
    }
}

extension PostgresConnection {
    /// Starts `COPY table (columns) FROM STDIN` (text format); send rows, then `finish()`.
    public func beginCopyIn(_ statement: String) throws -> CopyInStream {
        let connection = try rawHandle()
        let started = PQexec(connection, statement)
        guard let started, PQresultStatus(started) == PGRES_COPY_IN else {
            _ = try checkedResult(started)
            throw PostgresError(kind: .server, message: "COPY did not start")
        }
        PQclear(started)
        return CopyInStream(owner: self, connection: connection)
    }
}
