import CLibPQ

/// The rows of one statement, read in binary format. Owns its PGresult.
public final class QueryResult {
    let handle: OpaquePointer

    init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQclear(handle)
    }

    public var count: Int { Int(PQntuples(handle)) }
    public var columnCount: Int { Int(PQnfields(handle)) }
    /// For INSERT/UPDATE/DELETE: how many rows the statement touched.
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    public var rows: [Row] { (0..<count).map { Row(result: self, index: Int32($0)) } }

    public var first: Row? { count > 0 ? Row(result: self, index: 0) : nil }

    public func row(_ index: Int) -> Row { Row(result: self, index: Int32(index)) }
}

/// One row of a `QueryResult`; columns are read by position, in SELECT-list order.
public struct Row {
    let result: QueryResult
    let index: Int32

    public func isNull(_ column: Int) -> Bool {
        PQgetisnull(result.handle, index, Int32(column)) == 1
    }

    public func decode<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws -> T {
        guard let value = try optional(column, as: type) else {
            throw PostgresError(kind: .decoding, message: "column \(column) is NULL where \(T.self) was expected")
        }
        return value
    }

    public func optional<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws -> T? {
        let column = Int32(column)
        guard column < PQnfields(result.handle) else {
            throw PostgresError(kind: .decoding, message: "the result has no column \(column)")
        }
        if PQgetisnull(result.handle, index, column) == 1 { return nil }
        let length = Int(PQgetlength(result.handle, index, column))
        let pointer = UnsafeRawPointer(PQgetvalue(result.handle, index, column)!)
        let value = PostgresValue(bytes: UnsafeRawBufferPointer(start: pointer, count: length),
                                  type: PQftype(result.handle, column))
        return try T.decode(value)
    }

    /// Reads the row's columns left to right.
    public func reader() -> RowReader { RowReader(row: self) }
}

/// Sequential access to a row's columns, so decoding code mirrors the SELECT list.
public struct RowReader {
    let row: Row
    var column = 0

    public mutating func next<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        defer { column += 1 }
        return try row.decode(column, as: type)
    }

    public mutating func optional<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T? {
        defer { column += 1 }
        return try row.optional(column, as: type)
    }

    public var isNextNull: Bool { row.isNull(column) }

    public mutating func skip(_ count: Int) { column += count }
}
