import CredentialKit
import CredentialVerifier
import Foundation

/// What a verifier would find in one published status list — a file in a destination directory,
/// or the document at the list's URL — compared with what the registry says the list must hold.
public struct PublishedListState: Sendable {
    /// How the published list stands.
    public enum Condition: String, Sendable, Hashable, CaseIterable {
        /// Signed by the issuer, holds exactly the registry's bits, valid for more than a day.
        case current
        /// Signed and valid, but its bits differ from the registry's: it misses a revocation,
        /// a suspension or the lifting of one.
        case stale
        /// Holds the right bits but its `validUntil` is less than a day away.
        case expiring
        /// Its `validUntil` has passed: verifiers answer STATUS UNKNOWN.
        case expired
        /// There is no file (or nothing at the URL).
        case missing
        /// The URL could not be fetched (no answer, a timeout, a server error).
        case unreachable
        /// Its proof does not verify with the issuer's keys, or another issuer signed it.
        case badlySigned = "badly-signed"
        /// Not a status list credential for this list at all.
        case unreadable
    }

    /// The registry's list this file should publish.
    public var list: StatusListRecord
    /// Where it was read: a file path or a URL.
    public var location: String
    public var condition: Condition
    /// What was found, in plain words.
    public var detail: String
    /// The published list's `validUntil`, when it could be read.
    public var validUntil: Date?
    /// Indices the registry has set that the published list lacks (revocations or suspensions a
    /// verifier does not see yet).
    public var missingIndices: [Int]
    /// Indices the published list has set that the registry does not (for a revocation list: a
    /// revocation the registry has lost; for a suspension list: a lifted suspension not yet published).
    public var extraIndices: [Int]
    /// The published bits as decoded, even when the proof does not verify.
    public var publishedBits: StatusBitstring?

    /// True when a verifier reading this list gets the registry's answer for more than a day.
    public var isCurrent: Bool { condition == .current }

    /// True when the file is this list, signed by the issuer (whatever its bits and dates): its
    /// revocations are the issuer's word, which publishing must never take back.
    public var isIssuersList: Bool { [.current, .stale, .expiring, .expired].contains(condition) }
}

/// Reads published status lists and compares them with the registry: the one place that decides
/// whether a list needs publishing (``StatusListPublisher``) and whether a destination is sound
/// (`laurel status check`). Nothing is trusted that a verifier would not trust: the proof is
/// checked with the issuer's own keys, the issuer and list URL must match, and the dates count.
public struct StatusListInspector: Sendable {
    /// The issuer whose lists these are.
    public var issuerID: String
    /// The issuer's public keys by verification method URL.
    public var keys: [String: PublicKey]
    /// A list whose `validUntil` is closer than this is ``PublishedListState/Condition/expiring``.
    public var expiringWithin: TimeInterval

    /// The largest list file read, in bytes.
    public static let maxFileBytes = 16 << 20

    public init(issuerID: String, keys: [String: PublicKey], expiringWithin: TimeInterval = 86_400) {
        self.issuerID = issuerID
        self.keys = keys
        self.expiringWithin = expiringWithin
    }

    /// Compares one published list with the bits the registry holds for it.
    ///
    /// - Parameters:
    ///   - bytes: the published file's contents; nil when there is none.
    ///   - list: the registry's list.
    ///   - expected: the registry's bits for `list`.
    ///   - location: a file path or URL, for messages.
    ///   - now: the time a verifier would check at.
    public func inspect(_ bytes: [UInt8]?, of list: StatusListRecord, expected: StatusBitstring, location: String,
                        now: Date = Date()) -> PublishedListState {
        var state = PublishedListState(list: list, location: location, condition: .missing,
                                       detail: "no list is published there", validUntil: nil,
                                       missingIndices: [], extraIndices: [], publishedBits: nil)
        guard let bytes else { return state }
        func unreadable(_ detail: String) -> PublishedListState {
            state.condition = .unreadable
            state.detail = detail
            return state
        }
        guard bytes.count <= Self.maxFileBytes else {
            return unreadable("it is \(bytes.count) bytes, larger than any status list Laurel writes")
        }
        let input: CredentialInput
        do { input = try CredentialInput(bytes: bytes) } catch {
            return unreadable("it is not a status list credential (\(error))")
        }
        let credential = input.credential
        let types = credential["type"]?.asArray.compactMap(\.stringValue) ?? []
        guard types.contains("BitstringStatusListCredential") else {
            return unreadable("it is not a BitstringStatusListCredential")
        }
        let subject: BitstringStatusListSubject
        let bits: StatusBitstring
        do {
            subject = try BitstringStatusListSubject(json: credential["credentialSubject"] ?? .null)
            bits = try subject.bitstring()
        } catch {
            return unreadable("its list cannot be read (\(error))")
        }
        guard subject.statusPurposes.contains(list.purpose.rawValue) else {
            return unreadable("it is a \(subject.statusPurposes.joined(separator: "/")) list, not a \(list.purpose.rawValue) list")
        }
        state.publishedBits = bits
        guard credential["id"]?.stringValue == list.url else {
            return unreadable("it is the list \(credential["id"]?.stringValue ?? "(no id)"), not \(list.url)")
        }
        guard bits.bitCount == list.size else {
            return unreadable("it has \(bits.bitCount) entries; the registry's list has \(list.size)")
        }
        let until = (credential["validUntil"] ?? credential["expirationDate"])?.stringValue.flatMap(XSDDateTime.date(from:))
        state.validUntil = until

        let published = Set(bits.setIndices)
        let registered = Set(expected.setIndices)
        state.missingIndices = registered.subtracting(published).sorted()
        state.extraIndices = published.subtracting(registered).sorted()

        if let problem = signatureProblem(input) {
            state.condition = .badlySigned
            state.detail = problem
            return state
        }
        if !state.missingIndices.isEmpty || !state.extraIndices.isEmpty {
            state.condition = .stale
            var parts: [String] = []
            let verb = list.purpose == .revocation ? "revoked" : "suspended"
            if !state.missingIndices.isEmpty {
                parts.append("\(state.missingIndices.count) \(verb) in the registry but not in this list")
            }
            if !state.extraIndices.isEmpty {
                parts.append(list.purpose == .revocation
                    ? "\(state.extraIndices.count) revoked in this list but not in the registry (the registry may have lost revocations)"
                    : "\(state.extraIndices.count) suspended in this list but no longer in the registry")
            }
            state.detail = parts.joined(separator: "; ")
            return state
        }
        guard let until else {
            state.condition = .current
            state.detail = "holds the registry's \(registered.count) set entries; it has no end date"
            return state
        }
        let stamp = XSDDateTime.string(from: until)
        if until <= now {
            state.condition = .expired
            state.detail = "expired at \(stamp); verifiers cannot rely on it"
        } else if until.timeIntervalSince(now) < expiringWithin {
            state.condition = .expiring
            state.detail = "expires at \(stamp), within \(Self.describe(expiringWithin))"
        } else {
            state.condition = .current
            state.detail = "holds the registry's \(registered.count) set \(registered.count == 1 ? "entry" : "entries"), valid until \(stamp)"
        }
        return state
    }

    /// Compares the list file at `file` (which may be absent) with the registry's bits; a file that
    /// cannot be read is ``PublishedListState/Condition/unreadable``.
    public func inspect(file: URL, of list: StatusListRecord, expected: StatusBitstring, now: Date = Date()) -> PublishedListState {
        let bytes: [UInt8]?
        do {
            bytes = FileManager.default.fileExists(atPath: file.path) ? try Workspace.readFile(file, limit: Self.maxFileBytes) : nil
        } catch {
            var state = inspect(nil, of: list, expected: expected, location: file.path, now: now)
            state.condition = .unreadable
            state.detail = "it cannot be read: \((error as? IssuerError)?.reason ?? "\(error)")"
            return state
        }
        return inspect(bytes, of: list, expected: expected, location: file.path, now: now)
    }

    /// Why the list's proof does not stand, or nil when it verifies with one of the issuer's keys.
    func signatureProblem(_ input: CredentialInput) -> String? {
        guard let listIssuer = VCJWT.issuerID(of: input.credential), listIssuer == issuerID else {
            return "it was issued by \(VCJWT.issuerID(of: input.credential) ?? "nobody named"), not by \(issuerID)"
        }
        do {
            switch input.format {
            case .jwt:
                guard let token = input.token, let kid = token.keyID else { return "its JWT names no key (kid)" }
                guard let key = keys[kid] else { return "it is signed with \(kid), which is not one of the issuer's keys" }
                return try VCJWT.verifySignature(of: token, key: key) ? nil : "its JWT signature does not verify"
            case .dataIntegrity:
                let proof = try DataIntegrity.describeProof(of: input.credential)
                guard let key = keys[proof.verificationMethod] else {
                    return "it is signed with \(proof.verificationMethod), which is not one of the issuer's keys"
                }
                return try DataIntegrity.verify(input.credential, key: key) ? nil : "its proof does not verify: it was changed after signing"
            }
        } catch {
            return "its proof cannot be checked (\(error))"
        }
    }

    static func describe(_ interval: TimeInterval) -> String {
        interval >= 86_400 && interval.truncatingRemainder(dividingBy: 86_400) == 0
            ? "\(Int(interval / 86_400)) day\(interval == 86_400 ? "" : "s")"
            : "\(Int(interval / 3_600)) hours"
    }
}
