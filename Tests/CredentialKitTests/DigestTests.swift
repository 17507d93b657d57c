import Testing
@testable import CredentialKit

@Suite("Digest")
struct DigestTests {
    @Test("SHA-256 and SHA-384 of 'abc' match FIPS 180-2")
    func knownAnswers() {
        #expect(Hex.encode(Digest.sha256.hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(Digest.sha384.hash("abc")) == "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")
        #expect(Hex.encode(Digest.sha256.hash("abd")) != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
