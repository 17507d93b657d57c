/// The JSON Schema drafts ``JSONSchemaValidator`` implements.
///
/// They differ in how arrays are described (`prefixItems`/`items` against
/// `items`/`additionalItems`) and in dynamic references (`$dynamicRef` against
/// `$recursiveRef`).
enum SchemaDraft: Sendable, Hashable {
    case draft2019_09
    case draft2020_12

    /// The draft whose metaschema URI is `uri` (an empty trailing fragment is allowed).
    init?(metaschema uri: String) {
        let trimmed = uri.hasSuffix("#") ? String(uri.dropLast()) : uri
        switch trimmed {
        case "https://json-schema.org/draft/2020-12/schema": self = .draft2020_12
        case "https://json-schema.org/draft/2019-09/schema": self = .draft2019_09
        default: return nil
        }
    }
}
