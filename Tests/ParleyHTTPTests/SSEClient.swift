import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small Server-Sent Events reader over a plain socket, for tests of a live server: one
/// GET, then the chunked body parsed into events as they arrive.
final class SSEClient {
    struct Event: Equatable, CustomStringConvertible {
        var id: String?
        var name: String
        var data: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:] }
        var description: String { "\(id ?? "-") \(name) \(data)" }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    private let socket: Int32
    private var raw: [UInt8] = []
    private var body: [UInt8] = []
    private(set) var status = 0
    private(set) var headers: [String: String] = [:]
    private(set) var comments: [String] = []
    private(set) var retry: Int?
    private(set) var serverClosed = false
    private var pending: [Event] = []

    init(port: Int, path: String, headers extra: [String: String] = [:]) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { Glibc.close(socket); throw Failure(description: "connect failed: \(errno)") }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n"
        for (name, value) in extra { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        guard send(socket, bytes, bytes.count, 0) == bytes.count else { throw Failure(description: "send failed") }
    }

    deinit { close() }

    private var closed = false
    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(socket)
    }

    /// Reads until the head arrived.
    func readHead(timeout: Double = 5) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while status == 0 {
            guard try fill(until: deadline) else { throw Failure(description: "no response head") }
        }
    }

    /// The next event within `timeout` seconds; nil if none came.
    func next(timeout: Double = 1) throws -> Event? {
        let deadline = Date().addingTimeInterval(timeout)
        while pending.isEmpty {
            guard try fill(until: deadline) else { return nil }
        }
        return pending.removeFirst()
    }

    /// Events arriving within `timeout` seconds.
    func events(for timeout: Double) throws -> [Event] {
        var events: [Event] = []
        let deadline = Date().addingTimeInterval(timeout)
        while let event = try next(timeout: max(0, deadline.timeIntervalSinceNow)) { events.append(event) }
        return events
    }

    /// Reads once more; false at the deadline or when the server closed.
    private func fill(until deadline: Date) throws -> Bool {
        let wait = deadline.timeIntervalSinceNow
        guard wait > 0, !serverClosed else { return false }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(wait * 1000)) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(socket, &buffer, buffer.count, 0)
        if count <= 0 { serverClosed = true; return false }
        raw += buffer[0..<count]
        parse()
        return true
    }

    private func parse() {
        if status == 0 {
            guard let end = find([13, 10, 13, 10], in: raw) else { return }
            let head = String(decoding: raw[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
            status = Int(head[0].split(separator: " ")[1]) ?? -1
            for line in head.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            raw.removeFirst(end + 4)
        }
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            while let lineEnd = find([13, 10], in: raw),
                  let size = Int(String(decoding: raw[0..<lineEnd], as: UTF8.self), radix: 16),
                  raw.count >= lineEnd + 2 + size + 2 {
                body += raw[(lineEnd + 2)..<(lineEnd + 2 + size)]
                raw.removeFirst(lineEnd + 2 + size + 2)
                if size == 0 { serverClosed = true }
            }
        } else {
            body += raw
            raw = []
        }
        while let end = find([10, 10], in: body) {
            let block = String(decoding: body[0..<end], as: UTF8.self)
            body.removeFirst(end + 2)
            var event = Event(id: nil, name: "message", data: "")
            var hasData = false
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(":") {
                    comments.append(line.dropFirst().trimmingCharacters(in: .whitespaces))
                } else if line.hasPrefix("id: ") {
                    event.id = String(line.dropFirst(4))
                } else if line.hasPrefix("event: ") {
                    event.name = String(line.dropFirst(7))
                } else if line.hasPrefix("data: ") {
                    event.data += (hasData ? "\n" : "") + line.dropFirst(6)
                    hasData = true
                } else if line.hasPrefix("retry: ") {
                    retry = Int(line.dropFirst(7))
                }
            }
            if hasData { pending.append(event) }
        }
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }
}
