import Foundation
import Testing
import ParleyCore
import ParleySignIn
import ParleyTestSupport

@Suite struct ReaderTokenVerifierTests {
    func key(_ signer: TestSigner, name: String = "site", id: Int64 = 1, audience: String? = nil) -> SignInKey {
        SignInKey(id: id, name: name, algorithm: signer.algorithm, material: signer.material, audience: audience, createdAt: Date())
    }

    func expectInvalid(_ verifier: ReaderTokenVerifier, _ token: String, _ what: String) async {
        do {
            let identity = try await verifier.verify(token)
            Issue.record("verified \(identity) — \(what)")
        } catch let error as ParleyError {
            #expect(error.code == "invalid_reader_token", "\(what)")
            #expect(error.kind == .unauthorized, "\(what)")
        } catch {
            Issue.record("unexpected \(error) — \(what)")
        }
    }

    @Test func eachAlgorithmVerifiesItsOwnTokens() async throws {
        for signer in [await TestSigner.hs256(), try await TestSigner.rs256(), try await TestSigner.es256()] {
            let verifier = try await ReaderTokenVerifier(keys: [key(signer)])
            let identity = try await verifier.verify(try await signer.token(email: "olena@example.org"))
            #expect(identity == ReaderIdentity(site: "site", subject: "reader-1", name: "Olena", email: "olena@example.org"),
                    "\(signer.algorithm)")
            #expect(identity.key == "sso:site:reader-1")
        }
    }

    @Test func everyBadTokenIsRefused() async throws {
        let hs = await TestSigner.hs256()
        let other = await TestSigner.hs256()
        let es = try await TestSigner.es256()
        let verifier = try await ReaderTokenVerifier(keys: [key(hs)])
        let good = try await hs.token()
        await expectInvalid(verifier, TestSigner.unsigned(), "alg none")
        await expectInvalid(verifier, TestSigner.unsigned(alg: "NONE"), "alg NONE")
        await expectInvalid(verifier, TestSigner.unsigned(alg: "HS512"), "an algorithm parley does not accept")
        await expectInvalid(verifier, TestSigner.unsigned(alg: "HS256"), "HS256 without a signature")
        await expectInvalid(verifier, TestSigner.tampered(good), "payload changed after signing")
        await expectInvalid(verifier, try await other.token(), "signed with another secret")
        await expectInvalid(verifier, try await es.token(), "ES256 while only an HS256 key is configured")
        await expectInvalid(verifier, try await hs.token(expires: Date().addingTimeInterval(-1)), "expired")
        await expectInvalid(verifier, try await hs.token(expires: nil), "no exp")
        await expectInvalid(verifier, try await hs.token(sub: nil), "no sub")
        await expectInvalid(verifier, try await hs.token(sub: ""), "empty sub")
        await expectInvalid(verifier, try await hs.token(name: nil), "no name")
        await expectInvalid(verifier, try await hs.token(name: "  "), "blank name")
        for malformed in ["", "abc", "a.b", "a.b.c", "...", good + ".x", String(good.dropLast(3)), "Zm9v.YmFy.YmF6",
                          String(repeating: "a", count: 9000) + ".b.c"] {
            await expectInvalid(verifier, malformed, "malformed: \(malformed.prefix(40))")
        }
    }

    @Test func rsaAndEcKeysRefuseEachOthersTokensAndHMACConfusion() async throws {
        let rs = try await TestSigner.rs256()
        let es = try await TestSigner.es256()
        let verifier = try await ReaderTokenVerifier(keys: [key(rs, name: "rsa"), key(es, name: "ec", id: 2)])
        #expect(try await verifier.verify(try await rs.token()).site == "rsa")
        #expect(try await verifier.verify(try await es.token()).site == "ec")
        // The classic confusion: HS256 signed with the public key's PEM as the secret.
        let confused = await TestSigner.hs256(secret: String(decoding: rs.material, as: UTF8.self))
        await expectInvalid(verifier, try await confused.token(), "HS256 signed with the RSA public key")
        await expectInvalid(verifier, TestSigner.tampered(try await rs.token()), "tampered RS256")
    }

    @Test func rotationTriesEveryActiveKeyAndKidPicksOne() async throws {
        let old = await TestSigner.hs256(), new = await TestSigner.hs256()
        let verifier = try await ReaderTokenVerifier(keys: [key(old, id: 1), key(new, id: 2)])
        #expect(try await verifier.verify(try await old.token()).site == "site")
        #expect(try await verifier.verify(try await new.token()).site == "site")
        #expect(try await verifier.verify(try await new.token(kid: "site")).site == "site", "kid naming the key's name")
        #expect(try await verifier.verify(try await new.token(kid: "unknown")).subject == "reader-1", "an unknown kid tries every key")

        let two = try await ReaderTokenVerifier(keys: [key(old, name: "a", id: 1), key(new, name: "b", id: 2)])
        #expect(try await two.verify(try await new.token()).site == "b")
        await expectInvalid(two, try await new.token(kid: "a"), "kid names a key that did not sign it")
        let removed = try await ReaderTokenVerifier(keys: [key(new, id: 2)])
        await expectInvalid(removed, try await old.token(), "the old key was removed")
        let none = try await ReaderTokenVerifier(keys: [])
        await expectInvalid(none, try await new.token(), "no key configured")
    }

    @Test func audienceIsRequiredWhenTheKeyHasOne() async throws {
        let signer = await TestSigner.hs256()
        let verifier = try await ReaderTokenVerifier(keys: [key(signer, audience: "comments.example.org")])
        #expect(try await verifier.verify(try await signer.token(audience: ["comments.example.org"])).name == "Olena")
        #expect(try await verifier.verify(try await signer.token(audience: ["other", "comments.example.org"])).name == "Olena")
        await expectInvalid(verifier, try await signer.token(), "no aud")
        await expectInvalid(verifier, try await signer.token(audience: ["shop.example.org"]), "wrong aud")
        let open = try await ReaderTokenVerifier(keys: [key(signer)])
        #expect(try await open.verify(try await signer.token(audience: ["anything"])).name == "Olena", "aud ignored without one configured")
    }

    @Test func keyFilesAreReadAsTheCLIPromises() async throws {
        let secret = Array("0123456789abcdef0123456789abcdef".utf8)
        #expect(try SignInKeyMaterial.secret(fromFile: secret + [10]) == secret, "one final newline dropped")
        #expect(try SignInKeyMaterial.secret(fromFile: secret + [10, 10]) == secret + [10], "only one")
        #expect(throws: ParleyError.self) { try SignInKeyMaterial.secret(fromFile: [10]) }
        #expect(throws: ParleyError.self) { try SignInKeyMaterial.secret(fromFile: Array("short".utf8)) }
        #expect(try SignInKeyMaterial.algorithm(ofPublicKeyPEM: try await TestSigner.rs256().material) == .rs256)
        #expect(try SignInKeyMaterial.algorithm(ofPublicKeyPEM: try await TestSigner.es256().material) == .es256)
        #expect(throws: ParleyError.self) { try SignInKeyMaterial.algorithm(ofPublicKeyPEM: Array("not a key".utf8)) }
        #expect(throws: ParleyError.self) {
            try SignInKeyMaterial.algorithm(ofPublicKeyPEM: Array("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".utf8))
        }
    }
}
