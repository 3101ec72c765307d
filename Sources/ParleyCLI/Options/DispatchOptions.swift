import ArgumentParser
import Foundation
import ParleyCore

/// How webhooks are sent, for `parley serve` and `parley dispatch`: flags, else PARLEY_WEBHOOK_*
/// variables, else the defaults of `DispatcherSettings`.
struct DispatchOptions: ParsableArguments {
    @Option(name: .customLong("webhook-timeout"), help: "Seconds a receiver has to answer a webhook (PARLEY_WEBHOOK_TIMEOUT; default 10).")
    var timeout: Double?
    @Option(name: .customLong("webhook-retry-hours"), help: "Hours a failing delivery is retried before it is marked failed (PARLEY_WEBHOOK_RETRY_HOURS; default 24).")
    var retryHours: Double?
    @Option(name: .customLong("webhook-concurrency"), help: "(endpoint, article) streams sent to at once (PARLEY_WEBHOOK_CONCURRENCY; default 64).")
    var concurrency: Int?

    /// The settings, or a one-sentence refusal. PARLEY_WEBHOOK_FIRST_RETRY, _LONGEST_RETRY,
    /// _LEASE and _POLL (seconds) tune the rest (tests shorten them).
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DispatcherSettings {
        var settings = DispatcherSettings()
        func seconds(_ name: String) throws -> Duration? {
            guard let text = environment[name] else { return nil }
            guard let value = Double(text), value > 0, value.isFinite else {
                throw ParleyError.invalid("\(name) must be a positive number of seconds.", code: "invalid_config")
            }
            return .milliseconds(Int64(value * 1000))
        }
        if let value = try timeout.map({ try positive($0, "--webhook-timeout") }) ?? (try seconds("PARLEY_WEBHOOK_TIMEOUT")) {
            settings.requestTimeout = value
            settings.lease = max(settings.lease, value * 2 + .seconds(5))
        }
        let hours = try retryHours.map { try positive($0, "--webhook-retry-hours") * 3600 }
            ?? (try seconds("PARLEY_WEBHOOK_RETRY_HOURS")).map { $0 * 3600 }
        if let hours { settings.retry.window = hours }
        if let value = try seconds("PARLEY_WEBHOOK_FIRST_RETRY") { settings.retry.firstDelay = value }
        if let value = try seconds("PARLEY_WEBHOOK_LONGEST_RETRY") { settings.retry.longestDelay = value }
        if let value = try seconds("PARLEY_WEBHOOK_LEASE") { settings.lease = value }
        if let value = try seconds("PARLEY_WEBHOOK_POLL") { settings.pollInterval = value }
        if let value = concurrency ?? environment["PARLEY_WEBHOOK_CONCURRENCY"].flatMap(Int.init) {
            guard (1...10_000).contains(value) else {
                throw ParleyError.invalid("--webhook-concurrency is 1 to 10000.", code: "invalid_config")
            }
            settings.maximumRuns = value
        }
        if settings.retry.longestDelay < settings.retry.firstDelay { settings.retry.longestDelay = settings.retry.firstDelay }
        guard settings.isValid else {
            throw ParleyError.invalid("The webhook lease must be at least the timeout plus one second.", code: "invalid_config")
        }
        return settings
    }

    private func positive(_ value: Double, _ flag: String) throws -> Duration {
        guard value > 0, value.isFinite, value <= 1_000_000 else {
            throw ParleyError.invalid("\(flag) must be a positive number.", code: "invalid_config")
        }
        return .milliseconds(Int64(value * 1000))
    }
}
