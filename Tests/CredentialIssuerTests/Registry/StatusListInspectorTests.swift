import CredentialKit
import Foundation
import Testing
@testable import CredentialIssuer

@Suite("StatusListInspector")
struct StatusListInspectorTests {
    let fixture: RegistryFixture
    let list: StatusListRecord
    let records: [CredentialRecord]
    let t0 = Date(timeIntervalSince1970: 1_760_000_000)

    init() throws {
        fixture = try RegistryFixture()
        records = try fixture.issue(4)
        _ = try fixture.registry.changeStatus(.revoke, credentialIDs: [records[0].id], reason: nil, actor: "r")
        list = try #require(try fixture.registry.statusLists().first { $0.purpose == .revocation })
    }

    func signed(_ bits: StatusBitstring, validUntil: Date, key: PrivateKey = RegistryFixture.listKey,
                issuer: String = RegistryFixture.issuerID, url: String? = nil) throws -> [UInt8] {
        var record = list
        if let url { record.url = url }
        let credential = try StatusListPublisher.listCredential(for: record, bitstring: bits, issuerID: issuer,
                                                                validFrom: t0, validUntil: validUntil)
        let options = DataIntegrity.ProofOptions(cryptosuite: .eddsaJcs2022, verificationMethod: RegistryFixture.listKeyMethod, created: t0)
        return JSONValue.object(try DataIntegrity.sign(credential, options: options, key: key)).serializedBytes()
    }

    func inspect(_ bytes: [UInt8]?, at now: Date? = nil) throws -> PublishedListState {
        RegistryFixture.inspector.inspect(bytes, of: list, expected: try fixture.registry.bitstring(listID: list.id),
                                          location: "test", now: now ?? t0.addingTimeInterval(60))
    }

    @Test("each condition a verifier could meet is named")
    func conditions() throws {
        let bits = try fixture.registry.bitstring(listID: list.id)
        let week = t0.addingTimeInterval(7 * 86_400)
        #expect(try inspect(signed(bits, validUntil: week)).condition == .current)
        #expect(try inspect(nil).condition == .missing)
        #expect(try inspect(Array("{}".utf8)).condition == .unreadable)
        #expect(try inspect(signed(bits, validUntil: week, url: "https://example.edu/status/revocation-2.json")).condition == .unreadable)
        #expect(try inspect(signed(bits, validUntil: week, key: PrivateKey.generate(.ed25519))).condition == .badlySigned)
        #expect(try inspect(signed(bits, validUntil: week, issuer: "https://evil.example/")).condition == .badlySigned)
        #expect(try inspect(signed(bits, validUntil: week), at: week.addingTimeInterval(1)).condition == .expired)
        #expect(try inspect(signed(bits, validUntil: week), at: week.addingTimeInterval(-3_600)).condition == .expiring)
    }

    @Test("stale lists name the indices they miss and the ones the registry does not have")
    func staleness() throws {
        var bits = StatusBitstring(bitCount: list.size)
        bits[records[2].revocation.index] = true
        let state = try inspect(signed(bits, validUntil: t0.addingTimeInterval(86_400 * 7)))
        #expect(state.condition == .stale)
        #expect(state.missingIndices == [records[0].revocation.index])
        #expect(state.extraIndices == [records[2].revocation.index])
        #expect(try fixture.registry.credentialIDs(at: state.missingIndices, of: list) == [records[0].revocation.index: records[0].id])
    }

    @Test("a proof over other bits is badly signed, and its bits are still read for the un-revoke guard")
    func tamperedBits() throws {
        let bits = try fixture.registry.bitstring(listID: list.id)
        var json = try JSONParser.parse(try signed(bits, validUntil: t0.addingTimeInterval(86_400 * 7))).objectValue ?? [:]
        var subject = json["credentialSubject"]?.objectValue ?? [:]
        subject["encodedList"] = .string(try StatusBitstring(bitCount: list.size).encodedList())
        json["credentialSubject"] = .object(subject)
        let state = try inspect(JSONValue.object(json).serializedBytes())
        #expect(state.condition == .badlySigned)
        #expect(state.publishedBits?.setIndices == [])
    }
}
