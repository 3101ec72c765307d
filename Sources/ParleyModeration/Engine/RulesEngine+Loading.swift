import ParleyCore

extension RulesEngine {
    /// The engine for the ruleset in force: the newest stored version, or the built-in default
    /// when none was ever applied. A stored version that no longer compiles is an error, never
    /// a silent "approve everything".
    public static func load(from repository: any RulesetRepository) async throws -> RulesEngine {
        guard let stored = try await repository.current() else {
            return RulesEngine(ruleset: DefaultRuleset.compiled, version: nil)
        }
        return RulesEngine(ruleset: try compileStored(stored), version: stored.version)
    }

    /// Brings the engine up to the newest stored version; true when it changed.
    @discardableResult
    public func refresh(from repository: any RulesetRepository) async throws -> Bool {
        guard let stored = try await repository.current() else { return false }
        if let version = active.version, version >= stored.version { return false }
        return replace(with: try Self.compileStored(stored), version: stored.version)
    }

    static func compileStored(_ stored: StoredRuleset) throws -> CompiledRuleset {
        do {
            return try CompiledRuleset.compile(stored.source)
        } catch {
            throw ParleyError(.internalFailure, code: "ruleset_broken",
                              "The ruleset in force (version \(stored.version)) does not compile with this parley: \(error.problems.first?.description ?? "")")
        }
    }
}
