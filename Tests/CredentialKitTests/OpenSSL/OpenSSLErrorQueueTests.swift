import Testing
@testable import CredentialKit

@Suite("OpenSSLErrorQueue")
struct OpenSSLErrorQueueTests {
    @Test("a failure drains OpenSSL's queue into the error's reason and leaves it empty")
    func failureDrainsQueue() throws {
        _ = OpenSSLErrorQueue.drain()
        let offCurve = [0x04] + [UInt8](repeating: 1, count: 64)
        let error = #expect(throws: CredentialKitError.self) { try EVPKey.ec(.p256, publicPoint: offCurve) }
        #expect(error?.code == .invalidKey)
        #expect(error?.reason.contains("OpenSSL: error:") == true, "\(error?.reason ?? "")")
        #expect(OpenSSLErrorQueue.drain().isEmpty)
    }

    @Test("a signature that does not verify leaves no errors behind for the next caller")
    func failedVerificationLeavesQueueEmpty() throws {
        let key = try PrivateKey.generate(.p256)
        #expect(!key.publicKey.isValidSignature([UInt8](repeating: 1, count: 64), for: [1]))
        #expect(OpenSSLErrorQueue.drain().isEmpty)
        #expect(throws: CredentialKitError.self) { try PrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n") }
        #expect(OpenSSLErrorQueue.drain().isEmpty)
    }
}
