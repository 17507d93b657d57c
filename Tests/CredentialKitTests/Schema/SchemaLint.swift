@testable import CredentialKit

/// A structural check of a draft 2020-12 schema, standing in for the official metaschema
/// (which the shared suite does not include): every keyword is one 2020-12 defines, and
/// every keyword's value has the shape the specification gives it.
enum SchemaLint {
    static let typeNames: Set<String> = ["null", "boolean", "object", "array", "number", "string", "integer"]
    static let schemaKeywords: Set<String> = ["additionalProperties", "propertyNames", "contains", "not", "if", "then",
                                              "else", "unevaluatedProperties", "unevaluatedItems", "items", "contentSchema"]
    static let schemaArrayKeywords: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems"]
    static let schemaMapKeywords: Set<String> = ["$defs", "properties", "patternProperties", "dependentSchemas"]
    static let countKeywords: Set<String> = ["minLength", "maxLength", "minItems", "maxItems", "minContains",
                                             "maxContains", "minProperties", "maxProperties"]
    static let numberKeywords: Set<String> = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]
    static let stringKeywords: Set<String> = ["$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor",
                                              "$comment", "title", "description", "pattern", "format",
                                              "contentEncoding", "contentMediaType"]
    static let anyValueKeywords: Set<String> = ["const", "default", "examples", "enum", "required", "type",
                                                "uniqueItems", "deprecated", "readOnly", "writeOnly",
                                                "dependentRequired", "$vocabulary"]

    /// Every structural problem in `schema`, as `pointer: problem`.
    static func problems(in schema: JSONValue, at pointer: String = "") -> [String] {
        if case .bool = schema { return [] }
        guard case .object(let keywords) = schema else { return ["\(pointer): a schema must be an object or a boolean"] }
        var problems: [String] = []
        for (keyword, value) in keywords {
            let here = pointer + "/" + JSONPointer.escape(keyword)
            if schemaKeywords.contains(keyword) {
                problems += Self.problems(in: value, at: here)
            } else if schemaArrayKeywords.contains(keyword) {
                guard let items = value.arrayValue, !items.isEmpty else { problems.append("\(here): expected a non-empty array of schemas"); continue }
                for (offset, item) in items.enumerated() { problems += Self.problems(in: item, at: "\(here)/\(offset)") }
            } else if schemaMapKeywords.contains(keyword) {
                guard let members = value.objectValue else { problems.append("\(here): expected an object of schemas"); continue }
                for (name, member) in members { problems += Self.problems(in: member, at: "\(here)/\(JSONPointer.escape(name))") }
            } else if countKeywords.contains(keyword) {
                if !(value.doubleValue.map { $0 >= 0 && SchemaText.isInteger($0) } ?? false) {
                    problems.append("\(here): expected a non-negative integer")
                }
            } else if numberKeywords.contains(keyword) {
                if value.doubleValue == nil { problems.append("\(here): expected a number") }
            } else if stringKeywords.contains(keyword) {
                if value.stringValue == nil { problems.append("\(here): expected a string") }
            } else if anyValueKeywords.contains(keyword) {
                problems += valueProblems(keyword, value, here)
            } else {
                problems.append("\(here): \"\(keyword)\" is not a draft 2020-12 keyword")
            }
        }
        return problems
    }

    private static func valueProblems(_ keyword: String, _ value: JSONValue, _ here: String) -> [String] {
        switch keyword {
        case "type":
            let names = value.asArray
            let valid = names.allSatisfy { $0.stringValue.map(typeNames.contains) ?? false } && Set(names).count == names.count
            return valid ? [] : ["\(here): expected a type name or an array of distinct type names"]
        case "required":
            let names = value.arrayValue ?? [.null]
            return names.allSatisfy({ $0.stringValue != nil }) && Set(names).count == names.count
                ? [] : ["\(here): expected an array of distinct strings"]
        case "enum":
            return value.arrayValue == nil ? ["\(here): expected an array"] : []
        case "uniqueItems", "deprecated", "readOnly", "writeOnly":
            return value.boolValue == nil ? ["\(here): expected a boolean"] : []
        case "dependentRequired":
            let lists = value.objectValue.map { $0.map(\.value) } ?? [.null]
            return lists.allSatisfy({ $0.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false })
                ? [] : ["\(here): expected an object of string arrays"]
        default:
            return []
        }
    }
}
