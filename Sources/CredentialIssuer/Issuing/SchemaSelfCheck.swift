import CredentialKit
import Foundation
import Synchronization

/// The OB 3.0 schema check every credential gets before it is signed, each achievement checked
/// once rather than once per learner.
///
/// The credential schema takes the achievement by `"$ref": "achievement.schema.json"`, and no
/// schema here uses `unevaluatedProperties` or `unevaluatedItems`, which are the only keywords
/// that could make the outcome at `credentialSubject.achievement` depend on its surroundings.
/// So a credential is valid exactly when its achievement is valid against the achievement
/// schema and the credential is valid with the achievement replaced by any other valid one. The
/// achievement — most of a credential's bytes and most of the checking time — is checked against
/// its schema the first time it is met; each credential is then checked with a small stand-in.
final class SchemaSelfCheck: Sendable {
    /// The check every issuing service shares (achievements are remembered by content).
    static let shared = Result { try SchemaSelfCheck() }
    /// How many achievements are remembered before the memory starts again.
    static let rememberedAchievements = 256

    private let credentialSchema: JSONSchemaValidator
    private let achievementSchema: JSONSchemaValidator
    /// A minimal achievement that passes the achievement schema (checked in `init`).
    private let standIn: JSONValue
    /// What each achievement met so far violates (usually nothing).
    private let checked = Mutex<[JSONValue: [SchemaViolation]]>([:])

    init() throws {
        credentialSchema = try LaurelSchema.openBadgeCredential.validator
        achievementSchema = try LaurelSchema.achievement.validator
        standIn = ["id": "urn:uuid:00000000-0000-4000-8000-000000000000", "type": ["Achievement"],
                   "name": "Stand-in", "description": "Stands in for a checked achievement.",
                   "criteria": ["narrative": "None."]]
        guard achievementSchema.validate(standIn).isEmpty else {
            throw IssuerError(.invalidRequest, "internal: the schema check's stand-in achievement does not pass the achievement schema")
        }
    }

    /// Every violation of the OB 3.0 credential schema in `document`.
    func violations(in document: JSONObject) -> [SchemaViolation] {
        guard case .object(var subject)? = document["credentialSubject"], let achievement = subject["achievement"] else {
            return credentialSchema.validate(.object(document))
        }
        let inAchievement: [SchemaViolation]
        if let known = checked.withLock({ $0[achievement] }) {
            inAchievement = known
        } else {
            inAchievement = achievementSchema.validate(achievement).map { violation in
                var moved = violation
                moved.instancePath = "/credentialSubject/achievement" + violation.instancePath
                return moved
            }
            checked.withLock { known in
                if known.count >= Self.rememberedAchievements { known.removeAll() }
                known[achievement] = inAchievement
            }
        }
        var rest = document
        subject["achievement"] = standIn
        rest["credentialSubject"] = .object(subject)
        return inAchievement + credentialSchema.validate(.object(rest))
    }
}
