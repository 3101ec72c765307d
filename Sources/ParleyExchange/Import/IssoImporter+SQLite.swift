import CSQLite
import Foundation

extension IssoImporter {
    /// A database opened read-only through SQLite's C API; closed when it goes away.
    struct Database: ~Copyable {
        private let handle: OpaquePointer
        let path: String

        init(path: String) throws(ImportError) {
            var handle: OpaquePointer?
            let status = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil)
            guard status == SQLITE_OK, let handle else {
                let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
                sqlite3_close_v2(handle)
                throw ImportError("\(path) cannot be opened as an SQLite database: \(message).")
            }
            self.handle = handle
            self.path = path
            sqlite3_busy_timeout(handle, 2000)
        }

        deinit { sqlite3_close_v2(handle) }

        /// Runs a query and hands each row to `body`.
        func each(_ sql: String, _ body: (Row) throws(ImportError) -> Void) throws(ImportError) {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
                throw failure()
            }
            defer { sqlite3_finalize(statement) }
            while true {
                switch sqlite3_step(statement) {
                case SQLITE_ROW: try body(Row(statement: statement))
                case SQLITE_DONE: return
                default: throw failure()
                }
            }
        }

        private func failure() -> ImportError {
            let code = sqlite3_errcode(handle)
            let message = String(cString: sqlite3_errmsg(handle))
            if code == SQLITE_NOTADB {
                return ImportError("\(path) is not an SQLite database (SQLite says: \(message)); Isso's comments.db is expected.")
            }
            return ImportError("\(path) could not be read: \(message).")
        }
    }

    /// The current row of a statement; columns by index, NULL as nil.
    struct Row {
        let statement: OpaquePointer

        func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

        func text(_ column: Int32) -> String? {
            guard !isNull(column), let bytes = sqlite3_column_text(statement, column) else { return nil }
            let count = Int(sqlite3_column_bytes(statement, column))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }

        func double(_ column: Int32) -> Double? { isNull(column) ? nil : sqlite3_column_double(statement, column) }

        func integer(_ column: Int32) -> Int64? { isNull(column) ? nil : sqlite3_column_int64(statement, column) }
    }
}
