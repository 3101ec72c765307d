import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationCompat
import ParleyCore
import ParleyHTTP
import ParleyModeration
import ParleyPostgres
import ParleyTestSupport

/// A router over a fresh database, with tokens for a moderator and an admin.
struct Harness {
    let test: TestDatabase
    let services: ParleyServices
    let moderatorToken: String
    let adminToken: String

    static func make(configure: (inout ServerConfiguration) -> Void = { _ in }, rules: String? = nil) async throws -> Harness {
        let test = try await TestDatabase.make(connections: 8)
        var configuration = ServerConfiguration()
        configuration.cacheSeconds = 0
        configuration.writesPerMinutePerIP = 0
        configuration.readsPerMinutePerIP = 0
        configuration.commentsPerMinutePerAuthor = 0
        configure(&configuration)
        let ruleset = try CompiledRuleset.compile(rules ?? "version: 1\nrules:\n  - {name: insults, when: {body: {words: [idiot]}}, action: hold, reason: Possible personal attack}\n  - {name: threats, when: {body: {words: [\"kill you\"]}}, action: reject, reason: Threats of violence are not allowed}\n")
        let services = ParleyServices(configuration: configuration, database: test.database,
                                      engine: RulesEngine(ruleset: ruleset, version: nil), logger: Logger(label: "test"))
        let moderator = Secret.generate(prefix: "pk_"), admin = Secret.generate(prefix: "pk_")
        _ = try await test.database.tokens.create(name: "mod", role: .moderator, tokenHash: Secret.hash(moderator), createdBy: "test")
        _ = try await test.database.tokens.create(name: "boss", role: .admin, tokenHash: Secret.hash(admin), createdBy: "test")
        try await test.article("story")
        return Harness(test: test, services: services, moderatorToken: moderator, adminToken: admin)
    }

    var application: some ApplicationProtocol {
        Application(router: buildRouter(services: services))
    }

    func close() async {
        await test.close()
    }
}

extension TestResponse {
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(buffer: body)) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    var text: String { String(buffer: body) }
}

enum Body {
    static func json(_ object: Any) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }
}

extension HTTPFields {
    static let json: HTTPFields = [.contentType: "application/json"]

    static func bearer(_ token: String, json: Bool = true) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(token)"]
        if json { fields[.contentType] = "application/json" }
        return fields
    }
}
