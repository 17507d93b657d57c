/// The JSON Schemas Laurel publishes in `schemas/` and carries in the binary.
///
/// Their validators check `format` (`date-time`, `date`, `time`, `uri`) and resolve
/// references between the three schemas from the embedded copies.
///
/// ```swift
/// let violations = try LaurelSchema.openBadgeCredential.validator.validate(credential)
/// ```
package enum LaurelSchema: String, CaseIterable, Sendable {
    /// An OB 3.0 `OpenBadgeCredential` as Laurel issues it.
    case openBadgeCredential = "openbadge-credential"
    /// An achievement file of a workspace's `achievements/` catalog.
    case achievement
    /// A workspace's `laurel.json`.
    case workspaceConfig = "workspace-config"

    /// The schema's file name in `schemas/`, e.g. `achievement.schema.json`.
    package var fileName: String { rawValue + ".schema.json" }

    /// The schema's JSON text, byte for byte as in `schemas/`.
    package var text: String {
        // The generator writes one entry per schema file; the test suite checks every case has one.
        EmbeddedSchemas.byFileName[fileName] ?? ""
    }

    /// The schema as a JSON value.
    /// - Throws: ``CredentialKitError`` if the embedded text is not JSON (a build defect).
    package var json: JSONValue {
        get throws { try JSONParser.parse(text) }
    }

    /// A validator for this schema, built once and shared.
    /// - Throws: ``CredentialKitError`` `.invalidSchema` if the embedded schema cannot be used (a build defect).
    package var validator: JSONSchemaValidator {
        get throws { try Self.validators[self, default: .failure(Self.missing(self))].get() }
    }

    /// Every embedded schema that parses, by its `$id`: what a validator for a part of one
    /// (`{"$ref": "<$id>#/$defs/…"}`) is given to resolve references.
    package static let registry: [String: JSONValue] = {
        var registry: [String: JSONValue] = [:]
        for schema in allCases {
            if let json = try? schema.json, let id = json["$id"]?.stringValue { registry[id] = json }
        }
        return registry
    }()

    /// The schema's `$id`.
    package var id: String {
        get throws {
            guard let id = try json["$id"]?.stringValue else { throw CredentialKitError(.invalidSchema, "\(fileName) has no $id") }
            return id
        }
    }

    private static let validators: [LaurelSchema: Result<JSONSchemaValidator, CredentialKitError>] = {
        let parsed = allCases.map { schema in (schema, Result { try schema.json }.mapError(asKitError)) }
        var validators: [LaurelSchema: Result<JSONSchemaValidator, CredentialKitError>] = [:]
        for (schema, json) in parsed {
            validators[schema] = json.flatMap { json in
                Result { try JSONSchemaValidator(schema: json, registry: registry, assertsFormat: true) }.mapError(asKitError)
            }
        }
        return validators
    }()

    private static func asKitError(_ error: any Error) -> CredentialKitError {
        error as? CredentialKitError ?? CredentialKitError(.invalidSchema, "\(error)")
    }

    private static func missing(_ schema: LaurelSchema) -> CredentialKitError {
        CredentialKitError(.invalidSchema, "the schema \(schema.fileName) is not embedded; run Scripts/embed-schemas.sh")
    }
}
