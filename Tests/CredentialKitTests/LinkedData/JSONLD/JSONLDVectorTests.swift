import Foundation
import Testing
@testable import CredentialKit

/// Published Data Integrity inputs, through JSON-LD toRdf and RDFC-1.0, give the published canonical N-Quads byte for byte.
@Suite("JSON-LD published vectors", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
struct JSONLDVectorTests {
    @Test("toRdf + RDFC-1.0 of Data Integrity inputs is the published canonical N-Quads, byte for byte", arguments: [
        ("vectors/1edtech-ob30-eddsa-rdfc-2022/unsignedCredential.json", "vectors/1edtech-ob30-eddsa-rdfc-2022/documentCanon.nq"),
        ("vectors/1edtech-ob30-eddsa-rdfc-2022/proofConfig.json", "vectors/1edtech-ob30-eddsa-rdfc-2022/proofCanon.nq"),
        ("vectors/w3c-vc-di-eddsa/unsigned.json", "vectors/w3c-vc-di-eddsa/eddsa-rdfc-2022/canonDocDataInt.txt"),
        ("vectors/w3c-vc-di-eddsa/eddsa-rdfc-2022/proofConfigDataInt.json", "vectors/w3c-vc-di-eddsa/eddsa-rdfc-2022/proofCanonDataInt.txt"),
    ])
    func publishedVector(input: String, expected: String) throws {
        var document = try JSONParser.parse(Shared.text(input))
        if case .object(var object) = document, object["@context"] == nil {
            // A proof configuration without @context takes the credential's (Data Integrity § 4.2 step 3).
            let credential = try JSONParser.parse(Shared.text("vectors/1edtech-ob30-eddsa-rdfc-2022/unsignedCredential.json"))
            object["@context"] = credential["@context"]
            document = .object(object)
        }
        let dataset = try JSONLDProcessor(options: .init(safeMode: true)).toRDF(document)
        let canonical = try RDFCanonicalizer().canonicalize(dataset)
        #expect(canonical.nquads == (try Shared.text(expected)), "\(input):\n\(canonical.nquads)")
    }

    @Test("A changed value changes the dataset")
    func sensitivity() throws {
        var document = try JSONParser.parse(Shared.text("vectors/1edtech-ob30-eddsa-rdfc-2022/unsignedCredential.json"))
        let original = nQuadsLines(try JSONLDProcessor().toRDF(document))
        guard case .object(var object) = document else { Issue.record("not an object"); return }
        object["name"] = "Teamwork Badge (edited)"
        document = .object(object)
        #expect(nQuadsLines(try JSONLDProcessor().toRDF(document)) != original)
    }
}
