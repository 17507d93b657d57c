import CredentialIssuer
import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// Changing any single value of a signed credential must make it fail verification.
@Suite("Tamper walk")
struct TamperTests {
    /// Every leaf of a JSON value, as a path of keys and indices.
    enum Step: Hashable, CustomStringConvertible {
        case key(String), index(Int)
        var description: String {
            switch self {
            case .key(let key): key
            case .index(let index): "[\(index)]"
            }
        }
    }

    static func leaves(_ value: JSONValue, _ path: [Step] = []) -> [[Step]] {
        switch value {
        case .object(let object): object.flatMap { leaves($0.value, path + [.key($0.key)]) }
        case .array(let array): array.enumerated().flatMap { leaves($0.element, path + [.index($0.offset)]) }
        default: [path]
        }
    }

    /// A different value of the same kind: a changed character, a number plus one, a flipped boolean.
    static func mutated(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            guard var last = text.unicodeScalars.last else { return "x" }
            last = last == "a" ? "b" : "a"
            return .string(String(text.unicodeScalars.dropLast()) + String(last))
        case .number(let number): return .number(number + 1)
        case .bool(let flag): return .bool(!flag)
        case .null: return "null"
        default: return value
        }
    }

    static func value(of value: JSONValue, at path: [Step]) -> JSONValue? {
        path.reduce(Optional(value)) { value, step in
            switch step {
            case .key(let key): value?[key]
            case .index(let index): value?.arrayValue.flatMap { index < $0.count ? $0[index] : nil }
            }
        }
    }

    static func replacing(_ value: JSONValue, at path: ArraySlice<Step>, with transform: (JSONValue) -> JSONValue) -> JSONValue {
        guard let step = path.first else { return transform(value) }
        switch (value, step) {
        case (.object(var object), .key(let key)):
            object[key] = replacing(object[key] ?? .null, at: path.dropFirst(), with: transform)
            return .object(object)
        case (.array(var array), .index(let index)):
            array[index] = replacing(array[index], at: path.dropFirst(), with: transform)
            return .array(array)
        default:
            return value
        }
    }

    /// Proof members whose change leaves a proof Laurel cannot interpret at all (an unknown
    /// proof type or cryptosuite): those are reported UNSUPPORTED, which is still not verified.
    static let unsupportedWhenChanged: Set<String> = ["proof.type", "proof.cryptosuite"]

    @Test("every leaf of a signed JSON-LD credential", arguments: [ProofFormat.eddsaJcs2022, .ecdsaJcs2019, .eddsaRdfc2022, .ecdsaRdfc2019])
    func dataIntegrity(_ format: ProofFormat) async throws {
        let fixture = try Fixture(format.keyAlgorithms.contains(.ed25519) ? .ed25519 : .p256)
        let issued = try fixture.issue(format)
        let document = try JSONParser.parse(issued.contents)
        let paths = Self.leaves(document)
        #expect(paths.count > 40)
        for path in paths {
            let changed = Self.replacing(document, at: path[...], with: Self.mutated)
            let report = await Verifier().verify(try CredentialInput(bytes: changed.serializedBytes(pretty: false)))
            let name = path.map(\.description).joined(separator: ".")
            #expect(!report.verified, "changing \(name) still verified")
            if Self.unsupportedWhenChanged.contains(name) {
                #expect(report.verdict == .unsupported, "changing \(name) gave \(report.verdict)")
            } else if name.hasPrefix("@context"), report.verdict == .unsupported {
                // A context Laurel has not pinned: it could not check, and says which context.
                let changedContext = Self.value(of: changed, at: path)?.stringValue ?? "?"
                #expect(report.result(of: .proof)?.message.contains(changedContext) == true, "\(report.checks)")
            } else {
                #expect(report.verdict == .tampered || report.verdict == .malformed,
                        "changing \(name) gave \(report.verdict): \(report.checks)")
            }
        }
    }

    @Test("every claim of a signed VC-JWT, and every character of its signature")
    func jwt() async throws {
        let fixture = try Fixture(.p256)
        let issued = try fixture.issue(.jwt)
        let token = String(decoding: issued.contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = token.split(separator: ".").map(String.init)
        let payload = try JSONParser.parse(try Base64URL.decode(parts[1]))
        for path in Self.leaves(payload) {
            let changed = Self.replacing(payload, at: path[...], with: Self.mutated)
            let forged = parts[0] + "." + Base64URL.encode(changed.serializedBytes(pretty: false)) + "." + parts[2]
            let verdict = await Verifier().verify(try CredentialInput(bytes: Array(forged.utf8))).verdict
            let name = path.map(\.description).joined(separator: ".")
            #expect(verdict == .tampered || verdict == .malformed, "changing \(name) gave \(verdict)")
        }
        var signature = Array(parts[2])
        for index in stride(from: 0, to: signature.count - 1, by: 7) {
            let original = signature[index]
            signature[index] = original == "A" ? "B" : "A"
            let forged = parts[0] + "." + parts[1] + "." + String(signature)
            let report = await Verifier().verify(try CredentialInput(bytes: Array(forged.utf8)))
            #expect(report.verdict == .tampered)
            signature[index] = original
        }
    }
}
