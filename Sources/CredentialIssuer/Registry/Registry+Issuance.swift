import CredentialKit
import Foundation
import GRDB

extension Registry {
    /// Records one credential: allocates its revocation and suspension indices, has `sign` build
    /// and sign it with those entries, and stores it with an audit row — all in one transaction.
    ///
    /// If anything throws (`sign` included) nothing is kept: no index is consumed and no row
    /// is written. Write the credential's file only after this returns.
    ///
    /// - Parameters:
    ///   - request: what to record; `credentialID` must be new to the registry.
    ///   - actor: who is issuing, for the audit log.
    ///   - now: the issue time recorded.
    ///   - sign: builds the credential with `allocation.credentialStatus` and signs it; runs while
    ///     the registry's write lock is held, so keep it to building and signing.
    /// - Returns: the record as stored.
    /// - Throws: ``IssuerError`` `.duplicateCredential` when the id is already recorded,
    ///   `.invalidRequest` for an empty id, dates out of order or a signed credential with another
    ///   id, `.registry`/`.registryBusy` for database failures; whatever `sign` throws.
    public func recordIssuance(_ request: IssuanceRecord, actor: String, now: Date = Date(),
                               sign: (StatusAllocation) throws -> SignedCredential) throws -> CredentialRecord {
        let records = try recordIssuances([request], actor: actor, now: now) { _, allocation in try sign(allocation) }
        guard let record = records.first else {
            throw IssuerError(.registry, "the registry returned no record for \(request.credentialID)")
        }
        return record
    }

    /// Records many credentials in one transaction, as ``recordIssuance(_:actor:now:sign:)`` does
    /// one: all are kept, or — when any request fails — none.
    ///
    /// - Parameter sign: called once per request, in order, with that request's allocation.
    public func recordIssuances(_ requests: [IssuanceRecord], actor: String, now: Date = Date(),
                                sign: (IssuanceRecord, StatusAllocation) throws -> SignedCredential) throws -> [CredentialRecord] {
        try recordIssuances(requests, actor: actor, now: now) { allocated in
            try allocated.map { try sign($0.0, $0.1) }
        }
    }

    /// Records many credentials in one transaction: every request's status entries are allocated
    /// first, then `signAll` signs them all (it may sign them in parallel), then all are kept —
    /// or, when anything fails, none.
    ///
    /// - Parameter signAll: given each request with its allocation, in order; returns the signed
    ///   credentials in the same order.
    public func recordIssuances(_ requests: [IssuanceRecord], actor: String, now: Date = Date(),
                                signAll: ([(IssuanceRecord, StatusAllocation)]) throws -> [SignedCredential]) throws -> [CredentialRecord] {
        let now = RegistryTime.normalised(now)
        return try write { db in
            var allocator = StatusIndexAllocator(issuerID: issuerID, statusBaseURL: statusBaseURL, listSize: listSize)
            var allocated: [(IssuanceRecord, StatusAllocation, revocation: StatusPosition, suspension: StatusPosition)] = []
            allocated.reserveCapacity(requests.count)
            var ids = Set<String>()
            for request in requests {
                try Self.validate(request)
                if try Self.credentialExists(request.credentialID, in: db) || !ids.insert(request.credentialID).inserted {
                    throw IssuerError(.duplicateCredential,
                        "the credential \(request.credentialID) is already in the registry; it was not issued again")
                }
                let revocation = try allocator.allocate(.revocation, in: db, now: now)
                let suspension = try allocator.allocate(.suspension, in: db, now: now)
                allocated.append((request, StatusAllocation(revocation: Self.entry(.revocation, revocation),
                                                            suspension: Self.entry(.suspension, suspension)), revocation, suspension))
            }
            let signed = try signAll(allocated.map { ($0.0, $0.1) })
            guard signed.count == allocated.count else {
                throw IssuerError(.invalidRequest, "\(signed.count) credentials were signed for \(allocated.count) requests")
            }
            var records: [CredentialRecord] = []
            records.reserveCapacity(requests.count)
            for (item, signed) in zip(allocated, signed) {
                let (request, allocation) = (item.0, item.1)
                guard signed.id == request.credentialID else {
                    throw IssuerError(.invalidRequest,
                        "the signed credential's id \(signed.id) is not the id requested, \(request.credentialID)")
                }
                let record = CredentialRecord(
                    id: request.credentialID, issuerID: issuerID, achievementID: request.achievementID,
                    recipientIdentifier: request.recipientIdentifier, batchID: request.batchID,
                    proofFormat: signed.format.rawValue, revocation: item.revocation, suspension: item.suspension,
                    validFrom: RegistryTime.normalised(request.validFrom),
                    validUntil: request.validUntil.map(RegistryTime.normalised), issuedAt: now,
                    digest: Hex.encode(Digest.sha256.hash(signed.contents)), contents: signed.contents,
                    requestDigest: request.requestDigest)
                try Self.insert(record, in: db)
                try Self.appendAudit(in: db, at: now, actor: actor, action: "issue", credentialID: record.id, details: [
                    "achievement": .string(record.achievementID),
                    "batch": record.batchID.map(JSONValue.string) ?? .null,
                    "format": .string(record.proofFormat),
                    "digest": .string(record.digest),
                    "revocation": .string(allocation.revocation.id ?? ""),
                    "suspension": .string(allocation.suspension.id ?? ""),
                ])
                records.append(record)
            }
            try allocator.finish(in: db)
            return records
        }
    }

    /// A `credentialStatus` entry for `position`, with id `<list URL>#<index>`.
    static func entry(_ purpose: StatusPurpose, _ position: StatusPosition) -> BitstringStatusListEntry {
        BitstringStatusListEntry(id: position.listURL + "#" + String(position.index), statusPurpose: purpose.rawValue,
                                 statusListIndex: position.index, statusListCredential: position.listURL)
    }

    private static func validate(_ request: IssuanceRecord) throws {
        guard !request.credentialID.isEmpty else {
            throw IssuerError(.invalidRequest, "the credential id is empty")
        }
        if let until = request.validUntil, until <= request.validFrom {
            throw IssuerError(.invalidRequest,
                "\(request.credentialID): validUntil \(XSDDateTime.string(from: until)) is not after validFrom \(XSDDateTime.string(from: request.validFrom))")
        }
    }

    static func credentialExists(_ id: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM credential WHERE id = ?)"),
                          arguments: [id]) ?? false
    }

    private static func insert(_ record: CredentialRecord, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO credential (id, issuer, achievementID, recipientIdentifier, batchID, proofFormat,
                revocationListID, revocationIndex, suspensionListID, suspensionIndex,
                validFrom, validUntil, issuedAt, digest, contents, requestDigest)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                record.id, record.issuerID, record.achievementID, record.recipientIdentifier, record.batchID,
                record.proofFormat, record.revocation.listID, record.revocation.index, record.suspension.listID,
                record.suspension.index, RegistryTime.milliseconds(record.validFrom), record.validUntil.map(RegistryTime.milliseconds),
                RegistryTime.milliseconds(record.issuedAt), record.digest,
                Data(record.contents), record.requestDigest,
            ])
    }
}
