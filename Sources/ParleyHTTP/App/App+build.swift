import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import ParleyCore
import ParleyPostgres

/// The router with every route of API.md, its middleware, and nothing else: tests run it
/// in-process, `parley serve` runs it on a socket.
public func buildRouter(services: ParleyServices) -> Router<ParleyRequestContext> {
    let router = Router(context: ParleyRequestContext.self)
    // CORS outermost: error answers (422 rejected, 401, 404, 429) carry it too, or a page on a
    // newsroom's origin could not read why its request failed.
    router.add(middleware: CORSAllowListMiddleware(origins: Set(services.configuration.corsOrigins)))
    router.add(middleware: APIErrorMiddleware())
    router.add(middleware: MetricsMiddleware())
    // The rules of the OpenAPI document, checked after the rate limit (a refused request still
    // counts) and after a moderator's token, before any route.
    let rules = RequestRulesMiddleware(constraints: APIConstraints(settings: services.settings), bodyLimit: services.configuration.bodyLimit)

    let site = router.group().add(middleware: rules)
    let operations = OperationsRoutes(services: services)
    site.get("/healthz", use: operations.health)
    site.get("/readyz", use: operations.ready)
    site.get("/metrics", use: operations.metrics)
    site.get("/openapi.json", use: operations.openAPI)

    EmbedAssets.preload()
    let embed = EmbedRoutes(services: services)
    site.get("/embed.js", use: embed.script)
    site.get("/embed.css", use: embed.style)
    site.get("/demo.css", use: embed.demoStyle)
    site.get("/demo/{key}", use: embed.demo)

    // Unsubscribe links of parley's emails (RFC 8058 one-click): no token, limited like the API.
    let unsubscribe = UnsubscribeRoutes(services: services)
    let email = router.group("/email").add(middleware: RateLimitMiddleware(services: services)).add(middleware: rules)
    email.get("/unsubscribe/{token}", use: unsubscribe.ask)
    email.post("/unsubscribe/{token}", use: unsubscribe.unsubscribe)

    let api = router.group("/api").add(middleware: RateLimitMiddleware(services: services))
        .add(middleware: ReadPositionMiddleware(services: services))
    let readers = api.group().add(middleware: rules)
    let reads = ReaderReads(services: services)
    let writes = ReaderWrites(services: services)
    readers.get("/articles/{key}/comments", use: reads.thread)
    readers.post("/articles/{key}/comments", use: writes.post)
    readers.patch("/comments/{id}", use: writes.edit)
    readers.delete("/comments/{id}", use: writes.delete)
    readers.post("/comments/{id}/reports", use: writes.report)
    readers.post("/comments/{id}/votes", use: writes.vote)
    readers.get("/counts", use: reads.counts)
    readers.get("/articles/{key}/events", use: LiveRoutes(services: services).events)
    readers.post("/preview", use: PreviewRoute(services: services).preview)

    let moderation = ModeratorRoutes(services: services)
    let moderators = api.group("/admin").add(middleware: TokenAuthMiddleware(services: services, role: .moderator)).add(middleware: rules)
    moderators.get("/queue", use: moderation.queue)
    moderators.post("/comments/{id}/decision", use: moderation.decide)
    moderators.post("/authors/{name}/ban", use: moderation.ban)
    moderators.delete("/authors/{name}/ban", use: moderation.unban)
    moderators.get("/log", use: moderation.log)
    moderators.get("/rules", use: moderation.rules)
    moderators.get("/articles/{key}/export", use: ExportRoutes(services: services).export)
    let admins = api.group("/admin").add(middleware: TokenAuthMiddleware(services: services, role: .admin)).add(middleware: rules)
    admins.put("/rules", use: moderation.putRules)
    // Last, so it wraps only the not-found answer: a known path with another method is a 405.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

/// The application `parley serve` runs: the router on a socket, graceful shutdown on SIGTERM.
/// `address` overrides the configured host and port (tests bind port 0).
public func buildApplication(services: ParleyServices, logger: Logger, address: BindAddress? = nil) -> some ApplicationProtocol {
    Application(
        responder: ChildTaskResponder(buildRouter(services: services).buildResponder()),
        server: .leanHTTP1(initial: services.configuration.receiveBufferInitial, maximum: services.configuration.receiveBufferMaximum),
        configuration: .init(address: address ?? .hostname(services.configuration.host, port: services.configuration.port), serverName: "parley"),
        logger: logger)
}
