import Foundation

/// Type OIDs parley reads in binary result format.
enum PostgresType {
    static let bool: UInt32 = 16
    static let bytea: UInt32 = 17
    static let name: UInt32 = 19
    static let int8: UInt32 = 20
    static let int2: UInt32 = 21
    static let int4: UInt32 = 23
    static let text: UInt32 = 25
    static let json: UInt32 = 114
    static let float4: UInt32 = 700
    static let float8: UInt32 = 701
    static let bpchar: UInt32 = 1042
    static let varchar: UInt32 = 1043
    static let date: UInt32 = 1082
    static let timestamp: UInt32 = 1114
    static let timestamptz: UInt32 = 1184
    static let jsonb: UInt32 = 3802
    static let int4Array: UInt32 = 1007
    static let textArray: UInt32 = 1009
    static let varcharArray: UInt32 = 1015
    static let int8Array: UInt32 = 1016

    static let textual: Set<UInt32> = [text, varchar, name, bpchar, json]
}

/// One non-null column value of a result row, in binary format.
public struct PostgresValue {
    public let bytes: UnsafeRawBufferPointer
    public let type: UInt32

    func integer<T: FixedWidthInteger>(_: T.Type, at offset: Int = 0) -> T {
        T(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    func mismatch(_ swiftType: Any.Type) -> PostgresError {
        PostgresError(kind: .decoding, message: "cannot decode a value of type oid \(type) as \(swiftType)")
    }
}

/// A Swift type that can be read from a binary result column.
public protocol PostgresDecodable {
    static func decode(_ value: PostgresValue) throws -> Self
}

extension Int64: PostgresDecodable {
    public static func decode(_ value: PostgresValue) throws -> Int64 {
        switch value.type {
        case PostgresType.int8: return value.integer(Int64.self)
        case PostgresType.int4: return Int64(value.integer(Int32.self))
        case PostgresType.int2: return Int64(value.integer(Int16.self))
        default: throw value.mismatch(Int64.self)
        }
    }
}

extension Int: PostgresDecodable {
    public static func decode(_ value: PostgresValue) throws -> Int { Int(try Int64.decode(value)) }
}

extension Int32: PostgresDecodable {
    public static func decode(_ value: PostgresValue) throws -> Int32 {
        let wide = try Int64.decode(value)
        guard let narrow = Int32(exactly: wide) else { throw value.mismatch(Int32.self) }
        return narrow
    }
}

extension Bool: PostgresDecodable {
    public static func decode(_ value: PostgresValue) throws -> Bool {
        guard value.type == PostgresType.bool, value.bytes.count == 1 else { throw value.mismatch(Bool.self) }
        return value.bytes[0] != 0
    }
}

extension Double: PostgresDecodable {
    public static func decode(_ value: PostgresValue) throws -> Double {
        switch value.type {
        case PostgresType.float8: return Double(bitPattern: value.integer(UInt64.self))
        case PostgresType.float4: return Double(Float(bitPattern: value.integer(UInt32.self)))
        case PostgresType.int8, PostgresType.int4, PostgresType.int2: return Double(try Int64.decode(value))
        default: throw value.mismatch(Double.self)
        }
    }
}

extension String: PostgresDecodable {
    public static func decode(_ value: PostgresValue) throws -> String {
        if PostgresType.textual.contains(value.type) {
            return String(decoding: value.bytes, as: UTF8.self)
        }
        if value.type == PostgresType.jsonb, value.bytes.count >= 1, value.bytes[0] == 1 {
            return String(decoding: UnsafeRawBufferPointer(rebasing: value.bytes[1...]), as: UTF8.self)
        }
        throw value.mismatch(String.self)
    }
}

extension Data: PostgresDecodable {
    public static func decode(_ value: PostgresValue) throws -> Data {
        guard value.type == PostgresType.bytea else { throw value.mismatch(Data.self) }
        return Data(value.bytes)
    }
}

extension Date: PostgresDecodable {
    public static func decode(_ value: PostgresValue) throws -> Date {
        switch value.type {
        case PostgresType.timestamptz, PostgresType.timestamp:
            let micros = value.integer(Int64.self)
            if micros == Int64.max { return .distantFuture }
            if micros == Int64.min { return .distantPast }
            return PostgresTime.date(fromPostgresMicroseconds: micros)
        case PostgresType.date:
            let days = value.integer(Int32.self)
            return PostgresTime.date(fromPostgresMicroseconds: Int64(days) * 86_400_000_000)
        default:
            throw value.mismatch(Date.self)
        }
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    /// One-dimensional arrays in PostgreSQL's binary array format; NULL elements are refused.
    public static func decode(_ value: PostgresValue) throws -> [Element] {
        let bytes = value.bytes
        guard bytes.count >= 12 else { throw value.mismatch([Element].self) }
        let dimensions = value.integer(Int32.self, at: 0)
        let elementType = value.integer(UInt32.self, at: 8)
        if dimensions == 0 { return [] }
        guard dimensions == 1, bytes.count >= 20 else { throw value.mismatch([Element].self) }
        let count = Int(value.integer(Int32.self, at: 12))
        var offset = 20
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count {
            guard offset + 4 <= bytes.count else { throw value.mismatch([Element].self) }
            let length = Int(value.integer(Int32.self, at: offset))
            offset += 4
            guard length >= 0, offset + length <= bytes.count else { throw value.mismatch([Element].self) }
            let element = PostgresValue(
                bytes: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]), type: elementType)
            elements.append(try Element.decode(element))
            offset += length
        }
        return elements
    }
}
