import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ParleyCore
import ParleyModeration
import ParleyPostgres

/// /healthz, /readyz, /metrics, /openapi.json.
struct OperationsRoutes {
    let services: ParleyServices
    /// Rendered once: it follows the settings, which do not change while serving.
    let document: ByteBuffer

    init(services: ParleyServices) {
        self.services = services
        document = ByteBuffer(bytes: OpenAPIDocument.render(APIConstraints(settings: services.settings)))
    }

    func health(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try JSONBody.response(["status": "ok"])
    }

    func ready(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        do {
            let plan = try await services.database.migrator(migrations: try Migration.embedded()).plan()
            guard plan.isCurrent else {
                throw APIError(.serviceUnavailable, code: "migrations_pending",
                               "The database lacks \(plan.pending.count) migration(s); run `parley migrate`.", headers: APIError.retryAfter(30))
            }
            var answer: [String: AnyEncodable] = ["status": AnyEncodable("ready"), "migrations": AnyEncodable(plan.applied.count),
                                                  "ruleset": AnyEncodable(services.engine.active.label)]
            if let replica = services.database.replica { answer["read_database"] = AnyEncodable(Self.describe(replica)) }
            return try JSONBody.response(answer)
        } catch let error as APIError {
            throw error
        } catch {
            var failure = APIError.from(error)
            if failure.status != .serviceUnavailable {
                failure = APIError(.serviceUnavailable, code: "not_ready", "The database is not ready.", headers: APIError.retryAfter(5))
            }
            throw failure
        }
    }

    /// The read database as /readyz shows it: serving reads or not, and why not.
    static func describe(_ replica: ReadReplica) -> [String: AnyEncodable] {
        var description: [String: AnyEncodable] = ["serving": AnyEncodable(replica.serving),
                                                   "max_lag_seconds": AnyEncodable(replica.maximumLag)]
        guard let lag = replica.lag else {
            description["message"] = AnyEncodable("The read database cannot be reached; the primary serves reads.")
            return description
        }
        description["server"] = AnyEncodable(lag.server)
        description["lag_seconds"] = AnyEncodable(lag.seconds)
        description["lag_bytes"] = AnyEncodable(lag.bytes)
        if !replica.serving {
            description["message"] = AnyEncodable(
                "The standby at \(lag.server) is \(Int(lag.seconds.rounded())) s behind (limit \(replica.maximumLag) s); the primary serves reads until it catches up.")
        }
        return description
    }

    func metrics(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let depth = (try? await services.database.desk.count(QueueFilter(view: .all))) ?? 0
        services.metrics.update(queueDepth: depth, pool: services.database.pool.usage, liveSubscribers: services.live.hub.subscriberCount,
                                groupCommit: await services.discussion.committer.statistics)
        if let replica = services.database.replica { services.metrics.update(replica: replica) }
        if let outbox = try? await services.database.outbox.statistics() { services.metrics.update(outbox: outbox) }
        if let mail = try? await services.database.mail.counts() { services.metrics.update(mail: mail) }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: services.metrics.text())))
    }

    func openAPI(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: document))
    }
}
