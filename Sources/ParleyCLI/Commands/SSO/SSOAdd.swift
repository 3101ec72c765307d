import ArgumentParser
import ParleyCore
import ParleyPostgres
import ParleySignIn

struct SSOAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a key that signs readers' tokens: an HS256 secret, or an RS256/ES256 public key.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var moderator: ModeratorOptions
    @Argument(help: "The signing site's name (readers are known by this name and their sub; a kid header may name it).")
    var name: String
    @Option(name: .customLong("secret-file"), help: "A file holding the HS256 shared secret (its bytes; one final newline dropped).")
    var secretFile: String?
    @Option(name: .customLong("public-key-file"), help: "A PEM file with the site's RSA or P-256 public key (RS256 or ES256).")
    var publicKeyFile: String?
    @Option(help: "Tokens must name this audience in aud.") var audience: String?

    func validate() throws {
        guard (secretFile == nil) != (publicKeyFile == nil) else {
            throw ValidationError("Give exactly one of --secret-file and --public-key-file.")
        }
    }

    func run() async throws {
        let algorithm: SignInAlgorithm
        let material: [UInt8]
        if let secretFile {
            algorithm = .hs256
            material = try SignInKeyMaterial.secret(fromFile: try SSOCommand.read(secretFile, what: "secret"))
        } else {
            material = try SSOCommand.read(publicKeyFile ?? "", what: "public key")
            algorithm = try SignInKeyMaterial.algorithm(ofPublicKeyPEM: material)
        }
        try await CommandContext.with(global, connections: 1) { context in
            let key = try await context.database.signInKeys.add(name: name, algorithm: algorithm, material: material,
                                                               audience: audience, createdBy: context.operatorName(moderator.moderator))
            let others = try await context.database.signInKeys.active().filter { $0.name == key.name && $0.id != key.id }.count
            print("Added the \(key.algorithm.rawValue) key \(key.id) for \"\(key.name)\"" +
                  (key.audience.map { ", audience \"\($0)\"" } ?? "") +
                  (others > 0 ? "; \(others + 1) keys of this name are active." : "."))
        }
    }
}
