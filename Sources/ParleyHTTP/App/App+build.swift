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

    let operations = OperationsRoutes(services: services)
    router.get("/healthz", use: operations.health)
    router.get("/readyz", use: operations.ready)
    router.get("/metrics", use: operations.metrics)
    router.get("/openapi.json", use: operations.openAPI)

    EmbedAssets.preload()
    let embed = EmbedRoutes(services: services)
    router.get("/embed.js", use: embed.script)
    router.get("/embed.css", use: embed.style)
    router.get("/demo.css", use: embed.demoStyle)
    router.get("/demo/{key}", use: embed.demo)

    let api = router.group("/api").add(middleware: RateLimitMiddleware(services: services))
    let reads = ReaderReads(services: services)
    let writes = ReaderWrites(services: services)
    api.get("/articles/{key}/comments", use: reads.thread)
    api.post("/articles/{key}/comments", use: writes.post)
    api.patch("/comments/{id}", use: writes.edit)
    api.delete("/comments/{id}", use: writes.delete)
    api.post("/comments/{id}/reports", use: writes.report)
    api.post("/comments/{id}/votes", use: writes.vote)
    api.get("/counts", use: reads.counts)
    api.get("/articles/{key}/events", use: LiveRoutes(services: services).events)
    api.post("/preview", use: PreviewRoute(services: services).preview)

    let moderation = ModeratorRoutes(services: services)
    let moderators = api.group("/admin").add(middleware: TokenAuthMiddleware(services: services, role: .moderator))
    moderators.get("/queue", use: moderation.queue)
    moderators.post("/comments/{id}/decision", use: moderation.decide)
    moderators.post("/authors/{name}/ban", use: moderation.ban)
    moderators.delete("/authors/{name}/ban", use: moderation.unban)
    moderators.get("/log", use: moderation.log)
    moderators.get("/rules", use: moderation.rules)
    moderators.get("/articles/{key}/export", use: ExportRoutes(services: services).export)
    let admins = api.group("/admin").add(middleware: TokenAuthMiddleware(services: services, role: .admin))
    admins.put("/rules", use: moderation.putRules)
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
