import CredentialKit
import Foundation
import Synchronization

/// The OB 3.0 schema check every credential gets before it is signed, with the parts credentials
/// share — the achievement, the issuer's profile, the `@context` — checked once, not once per learner.
///
/// The credential schema checks each top-level member with its own subschema (`properties`, no
/// combinators at the top), takes the achievement by `"$ref": "achievement.schema.json"`, and no
/// schema here uses `unevaluatedProperties` or `unevaluatedItems`, the only keywords that could
/// make the outcome at one of these places depend on its surroundings. So a credential is valid
/// exactly when each shared part is valid against its own subschema and the credential is valid
/// with each part replaced by any other valid value. Each part is checked the first time it is met
/// (and remembered by content); every credential is then checked with small stand-ins in their
/// places. `SchemaSelfCheckTests` shows the violations found are the same as a whole check's.
final class SchemaSelfCheck: Sendable {
    /// The check every issuing service shares (parts are remembered by content).
    static let shared = Result { try SchemaSelfCheck() }
    /// How many parts are remembered before the memory starts again.
    static let rememberedParts = 256

    /// A place in the credential whose value many credentials share.
    struct SharedPart: Sendable {
        /// Member names from the credential down to the part.
        var path: [String]
        /// The subschema the credential schema applies there.
        var validator: JSONSchemaValidator
        /// A small value that passes that subschema (checked when the check is made).
        var standIn: JSONValue
        /// The JSON Pointer of the place, for violations found inside the part.
        var pointer: String { path.map { "/" + $0 }.joined() }
    }

    private let credentialSchema: JSONSchemaValidator
    private let parts: [SharedPart]
    /// What each part value met so far violates (usually nothing), by part and value.
    private let checked = Mutex<[PartKey: [SchemaViolation]]>([:])

    private struct PartKey: Hashable {
        var part: Int
        var value: JSONValue
    }

    init() throws {
        credentialSchema = try LaurelSchema.openBadgeCredential.validator
        let achievementSchema = try LaurelSchema.achievement.id
        let credentialSchemaID = try LaurelSchema.openBadgeCredential.id
        func subschema(_ uri: String) throws -> JSONSchemaValidator {
            try JSONSchemaValidator(schema: ["$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": .string(uri)],
                                    registry: LaurelSchema.registry, assertsFormat: true)
        }
        parts = [
            SharedPart(path: ["credentialSubject", "achievement"], validator: try subschema(achievementSchema),
                       standIn: ["id": "urn:uuid:00000000-0000-4000-8000-000000000000", "type": ["Achievement"],
                                 "name": "Stand-in", "description": "Stands in for a checked achievement.",
                                 "criteria": ["narrative": "None."]]),
            SharedPart(path: ["issuer"], validator: try subschema(achievementSchema + "#/$defs/Profile"),
                       standIn: ["id": "https://issuer.invalid/", "type": ["Profile"], "name": "Stand-in"]),
            SharedPart(path: ["@context"], validator: try subschema(credentialSchemaID + "#/properties/@context"),
                       standIn: [.string(JSONLDContexts.credentialsV2), .string(JSONLDContexts.openBadgesV3p0_3)]),
        ]
        for part in parts where !part.validator.validate(part.standIn).isEmpty {
            throw IssuerError(.invalidRequest, "internal: the schema check's stand-in at \(part.pointer) does not pass its schema")
        }
    }

    /// Every violation of the OB 3.0 credential schema in `document`.
    func violations(in document: JSONObject) -> [SchemaViolation] {
        var rest = JSONValue.object(document)
        var found: [SchemaViolation] = []
        for (index, part) in parts.enumerated() {
            guard let value = Self.value(at: part.path, in: rest) else { continue }
            found += check(value, part: index)
            rest = Self.replacing(part.path, in: rest, with: part.standIn)
        }
        return found + credentialSchema.validate(rest)
    }

    /// The violations inside one shared part's value, remembered.
    private func check(_ value: JSONValue, part index: Int) -> [SchemaViolation] {
        let key = PartKey(part: index, value: value)
        if let known = checked.withLock({ $0[key] }) { return known }
        let pointer = parts[index].pointer
        let violations = parts[index].validator.validate(value).map { violation in
            var moved = violation
            moved.instancePath = pointer + violation.instancePath
            return moved
        }
        checked.withLock { known in
            if known.count >= Self.rememberedParts { known.removeAll() }
            known[key] = violations
        }
        return violations
    }

    /// The value at `path` when every step is an object member; nil otherwise.
    static func value(at path: [String], in value: JSONValue) -> JSONValue? {
        var current = value
        for name in path {
            guard case .object(let object) = current, let next = object[name] else { return nil }
            current = next
        }
        return current
    }

    /// `value` with the member at `path` (which exists) replaced by `new`.
    static func replacing(_ path: [String], in value: JSONValue, with new: JSONValue) -> JSONValue {
        guard let first = path.first, case .object(var object) = value else { return new }
        object[first] = replacing(Array(path.dropFirst()), in: object[first] ?? .null, with: new)
        return .object(object)
    }
}
