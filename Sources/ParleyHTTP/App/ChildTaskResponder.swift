import Hummingbird

/// Runs each request's middleware and route in a child task of the connection's task.
///
/// A Swift task keeps the stack slabs its deepest call needed until the task ends, and
/// Hummingbird runs every connection in one task for its whole life. Answering a request
/// through the middleware, the router and a database call takes some 20 slabs of about a
/// kilobyte, which an idle keep-alive connection or an open event stream then held for
/// hours (measured: 24 kB of 36 kB per SSE subscriber). In a child task those slabs go back
/// to the allocator as soon as the response is made; the connection's task only writes
/// the response, which is shallow. The cost is one task creation per request.
public struct ChildTaskResponder<Base: HTTPResponder>: HTTPResponder where Base.Context: Sendable {
    public typealias Context = Base.Context
    let base: Base

    public init(_ base: Base) {
        self.base = base
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        try await withThrowingTaskGroup(of: Response.self) { group in
            group.addTask { try await base.respond(to: request, context: context) }
            return try await group.next()!
        }
    }
}
