import CredentialKit
import Foundation
import Synchronization
@testable import CredentialIssuer

/// A registry in a fresh temporary directory, with cheap stand-ins for signing: the registry is
/// under test here, not cryptography.
struct RegistryFixture {
    static let issuerID = "https://example.edu/issuer"
    static let baseURL = "https://example.edu/status/"

    let temp: TemporaryDirectory
    let registry: Registry

    /// - Parameter listSize: nil for the real minimum; a smaller size only for rollover tests.
    init(listSize: Int? = nil) throws {
        temp = try TemporaryDirectory()
        registry = try Self.open(temp.url, listSize: listSize)
    }

    /// Another `Registry` (its own SQLite connections) on the same file, as another process would have.
    static func open(_ directory: URL, listSize: Int? = nil) throws -> Registry {
        if let listSize {
            return try Registry(directory: directory, issuerID: issuerID, statusBaseURL: baseURL,
                                belowMinimumListSize: listSize)
        }
        return try Registry(directory: directory, issuerID: issuerID, statusBaseURL: baseURL)
    }

    static func request(_ n: Int, batch: String? = nil, prefix: String = "urn:example:") -> IssuanceRecord {
        IssuanceRecord(credentialID: "\(prefix)\(n)", achievementID: "cc-core",
                       recipientIdentifier: "sha256$\(String(repeating: "a", count: 60))\(n)",
                       batchID: batch, validFrom: Date(timeIntervalSince1970: 1_750_000_000))
    }

    /// A stand-in signer: JSON holding the id and both status entries, written by string
    /// interpolation so that 100,000 of them cost little (ids and URLs here need no escaping).
    static func fakeSign(_ request: IssuanceRecord, _ allocation: StatusAllocation) -> SignedCredential {
        func entry(_ e: BitstringStatusListEntry) -> String {
            #"{"id":"\#(e.id ?? "")","type":"BitstringStatusListEntry","statusPurpose":"\#(e.statusPurpose)","#
                + #""statusListIndex":"\#(e.statusListIndex)","statusListCredential":"\#(e.statusListCredential)"}"#
        }
        let json = #"{"id":"\#(request.credentialID)","credentialStatus":["#
            + entry(allocation.revocation) + "," + entry(allocation.suspension) + "]}"
        return SignedCredential(id: request.credentialID, format: .eddsaJcs2022, contents: Array(json.utf8))
    }

    /// Issues `count` credentials numbered from `first`, `batchSize` to a transaction.
    @discardableResult
    func issue(_ count: Int, from first: Int = 0, batchSize: Int = 1_000, batch: String? = nil) throws -> [CredentialRecord] {
        var records: [CredentialRecord] = []
        var next = first
        while next < first + count {
            let requests = (next..<min(next + batchSize, first + count)).map { Self.request($0, batch: batch) }
            records += try registry.recordIssuances(requests, actor: "test", sign: Self.fakeSign)
            next += requests.count
        }
        return records
    }

    /// The issuer's list-signing key (eddsa-jcs-2022: quick, and a real proof the inspector checks);
    /// the same in every process, so lists a child test process published verify in the parent.
    static let listKey = try! PrivateKey(ed25519Seed: Array(repeating: 7, count: 32))
    static let listKeyMethod = issuerID + "#list-key"

    /// Reads published lists as the publisher does, trusting ``listKey``.
    static var inspector: StatusListInspector {
        StatusListInspector(issuerID: issuerID, keys: [listKeyMethod: listKey.publicKey])
    }

    /// Signs a list credential with ``listKey``.
    static func signList(_ credential: JSONObject, created: Date = Date()) throws -> [UInt8] {
        let options = DataIntegrity.ProofOptions(cryptosuite: .eddsaJcs2022, verificationMethod: listKeyMethod,
                                                 created: Date(timeIntervalSince1970: created.timeIntervalSince1970.rounded(.down)))
        return JSONValue.object(try DataIntegrity.sign(credential, options: options, key: listKey)).serializedBytes(pretty: true)
    }

    /// Publishes into `status/` (or `destinations`), signing with ``listKey``.
    @discardableResult
    func publish(all: Bool = false, now: Date = Date(), validity: TimeInterval = StatusListPublisher.defaultValidity,
                 to destinations: [URL]? = nil) throws -> PublishReport {
        try StatusListPublisher.publish(registry: registry, to: destinations ?? [temp.path("status")], inspector: Self.inspector,
                                        validity: validity, all: all, actor: "test", now: now) { try Self.signList($0, created: now) }
    }

    /// Reads a published list file back to its bitstring, as a verifier would.
    func publishedBits(_ fileName: String, in directory: String = "status") throws -> StatusBitstring {
        let json = try JSONParser.parse(Array(try Data(contentsOf: temp.path(directory).appendingPathComponent(fileName))))
        let subject = try BitstringStatusListSubject(json: json["credentialSubject"] ?? .null)
        return try subject.bitstring()
    }
}

/// Runs `body(0..<count)` on `count` threads at once and rethrows the first error.
func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
    let firstError = Mutex<(any Error)?>(nil)
    let group = DispatchGroup()
    for n in 0..<count {
        group.enter()
        let thread = Thread {
            defer { group.leave() }
            do {
                try body(n)
            } catch {
                firstError.withLock { if $0 == nil { $0 = error } }
            }
        }
        thread.start()
    }
    group.wait()
    if let error = firstError.withLock({ $0 }) { throw error }
}

/// The error a signer throws in tests.
struct SignerFailure: Error {}
