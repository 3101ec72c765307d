import ArgumentParser
import ParleyCore
import ParleyPostgres

struct SSOList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the active sign-in keys (never a secret).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let keys = try await context.database.signInKeys.active()
            if output.json || output.jsonl {
                try JSONOutput.printList(keys.map {
                    ["id": String($0.id), "name": $0.name, "algorithm": $0.algorithm.rawValue, "audience": $0.audience ?? "",
                     "created_at": ParleyJSON.rfc3339($0.createdAt), "created_by": $0.createdBy ?? ""]
                }, lines: output.jsonl)
                return
            }
            if keys.isEmpty {
                print("No sign-in keys; add one with `parley sso add NAME --secret-file FILE` or `--public-key-file FILE`.")
                return
            }
            print(TextTable(columns: ["ID", "NAME", "ALGORITHM", "AUDIENCE", "ADDED", "BY"]).render(keys.map {
                [String($0.id), $0.name, $0.algorithm.rawValue, $0.audience ?? "-", ParleyJSON.rfc3339($0.createdAt), $0.createdBy ?? ""]
            }, width: Terminal.standardOutput.width))
        }
    }
}
