import CredentialIssuer
import CredentialKit
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The admin API for program staff, behind bearer tokens (`laurel token create`):
///
/// - `POST /api/admin/credentials` — issue one credential (a JSON object) or several
///   (`{"credentials": [...]}`, at most ``maxBatch``); every request is checked first, and nothing is
///   issued when one is bad.
/// - `POST /api/admin/credentials/{id}/revoke|suspend|unsuspend` — with `{"reason": "…"}`; the status
///   lists are re-signed and published at once.
/// - `GET /api/admin/credentials?limit=N` — the most recent credentials and where each stands.
///
/// Without a valid token: 401 and nothing changes. Every call is in the audit log under
/// `token:<name>`. `?issuer=HANDLE` (or `"issuer"` in a request) acts for a partner issuer.
struct AdminAPI: Sendable {
    var hosted: HostedDocuments
    /// The most credentials one call issues.
    static let maxBatch = 100
    /// The largest admin request body.
    static let maxBodyBytes = 1 << 20

    var workspace: Workspace { hosted.workspace }

    func add(to router: Router<BasicRequestContext>) {
        let api = self
        router.post("/api/admin/credentials") { request, _ in
            try await api.authorized(request) { token, request in try await api.issue(request, token: token) }
        }
        router.get("/api/admin/credentials") { request, _ in
            try await api.authorized(request) { token, request in try api.recent(request, token: token) }
        }
        for action in StatusAction.allCases {
            router.post("/api/admin/credentials/:id/\(action.rawValue)") { request, context in
                let id = try context.parameters.require("id")
                return try await api.authorized(request) { token, request in
                    try await api.changeStatus(action, id: id, request, token: token)
                }
            }
        }
    }

    // MARK: Authentication

    /// Runs `body` for a request with a valid token; 401 otherwise, before anything is read or changed.
    func authorized(_ request: Request, _ body: (String, Request) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            return try Self.unauthorized("this needs a token: send \"Authorization: Bearer <token>\" (`laurel token create` makes one)")
        }
        let presented = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        let registry: Registry
        do {
            registry = try workspace.requireRegistry()
        } catch let error as IssuerError {
            return try LaurelServer.problem(.serviceUnavailable, error.reason)
        }
        guard let token = try registry.authenticate(token: presented) else {
            return try Self.unauthorized("the token is not valid: unknown, revoked or expired")
        }
        return try await body(token.name, request)
    }

    static func unauthorized(_ message: String) throws -> Response {
        var response = try LaurelServer.problem(.unauthorized, message)
        response.headers[.wwwAuthenticate] = "Bearer realm=\"laurel\""
        return response
    }

    // MARK: Issuing

    func issue(_ request: Request, token: String) async throws -> Response {
        let body = try await Self.jsonBody(request)
        let items: [JSONValue]
        if case .object(let object) = body, let list = object["credentials"] {
            guard case .array(let array) = list, !array.isEmpty else {
                return try LaurelServer.problem(.badRequest, "\"credentials\" must be a non-empty array of credential requests")
            }
            items = array
        } else {
            items = [body]
        }
        guard items.count <= Self.maxBatch else {
            return try LaurelServer.problem(.badRequest, "\(items.count) credentials in one call; at most \(Self.maxBatch) (use `laurel batch` for a roster)")
        }
        // Every request checked before anything is issued.
        var prepared: [(issuer: WorkspaceIssuer, request: IssueRequest)] = []
        var errors: [JSONValue] = []
        for (index, item) in items.enumerated() {
            do {
                let (handle, request) = try Self.issueRequest(from: item)
                let issuer = WorkspaceIssuer(workspace: try workspace.forIssuer(handle),
                                             passphrase: hosted.passphrase, allowDemoKey: hosted.allowDemoKey, actor: "token:" + token)
                try issuer.validate(request)
                prepared.append((issuer, request))
            } catch let error as IssuerError {
                errors.append(["index": .number(Double(index)), "error": .string(error.reason)])
            } catch let error as AdminRequestError {
                errors.append(["index": .number(Double(index)), "error": .string(error.message)])
            }
        }
        guard errors.isEmpty else {
            // A refused call is in the audit log too, with what was wrong.
            try? workspace.requireRegistry().recordAudit(action: "issue-refused", actor: "token:" + token,
                                                         details: ["requests": .number(Double(items.count)), "errors": .array(errors)])
            return try LaurelServer.json(["error": .string("nothing was issued: \(errors.count) of \(items.count) requests are not valid"),
                                          "errors": .array(errors)], status: .badRequest, cacheControl: "no-store")
        }
        var issued: [JSONValue] = []
        for (issuer, request) in prepared {
            do {
                let (credential, _) = try issuer.issueAndWrite(request)
                let contents = String(decoding: credential.contents, as: UTF8.self)
                issued.append(["id": .string(credential.id), "format": .string(credential.format.rawValue),
                               "credential": credential.format == .jwt ? .string(contents.trimmingCharacters(in: .whitespacesAndNewlines))
                                   : (try JSONParser.parse(credential.contents)),
                               "warnings": .array(credential.warnings.map(JSONValue.string))])
            } catch let error as IssuerError {
                // What was issued before stays issued (and is in the answer); this one and the rest are not.
                return try LaurelServer.json(["error": .string("issuing stopped: \(error.reason)"), "issued": .array(issued)],
                                             status: issued.isEmpty ? .serviceUnavailable : HTTPResponse.Status(code: 207), cacheControl: "no-store")
            }
        }
        return try LaurelServer.json(["issued": .array(issued)], status: .created, cacheControl: "no-store")
    }

    /// An issue request from its JSON: `achievementId`, `recipientName`, `recipientEmail`, and
    /// optionally `locale`, `proof`, `validFrom`, `validUntil`, `result`, `evidenceUrl`,
    /// `evidenceNarrative`, `narrative`, `issuer`.
    static func issueRequest(from json: JSONValue) throws -> (issuer: String?, request: IssueRequest) {
        guard case .object(let object) = json else { throw AdminRequestError("a credential request must be a JSON object") }
        let known: Set<String> = ["achievementId", "recipientName", "recipientEmail", "locale", "proof", "validFrom", "validUntil",
                                  "result", "evidenceUrl", "evidenceNarrative", "narrative", "issuer"]
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw AdminRequestError("unknown member \"\(unknown)\"; a request has \(known.sorted().joined(separator: ", "))")
        }
        func text(_ key: String, required: Bool = false) throws -> String? {
            guard let value = object[key], !value.isNull else {
                if required { throw AdminRequestError("\"\(key)\" is missing") }
                return nil
            }
            guard let string = value.stringValue else { throw AdminRequestError("\"\(key)\" must be a string") }
            guard string.unicodeScalars.count <= 10_000 else { throw AdminRequestError("\"\(key)\" is longer than 10,000 characters") }
            return string
        }
        func date(_ key: String) throws -> Date? {
            guard let value = try text(key) else { return nil }
            guard let date = RosterPlanner.date(value) else {
                throw AdminRequestError("\"\(key)\" is \"\(value)\", not a date: write 2026-06-30 or 2026-06-30T12:00:00Z")
            }
            return date
        }
        var proof: ProofFormat?
        if let name = try text("proof") {
            guard let format = ProofFormat(rawValue: name) else {
                throw AdminRequestError("\"proof\" is \"\(name)\"; it is one of \(ProofFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            proof = format
        }
        let request = IssueRequest(
            achievementID: try text("achievementId", required: true) ?? "", recipientName: try text("recipientName", required: true) ?? "",
            recipientEmail: try text("recipientEmail", required: true) ?? "", proof: proof, validFrom: try date("validFrom"),
            validUntil: try date("validUntil"), result: try text("result"), evidenceURL: try text("evidenceUrl"),
            evidenceNarrative: try text("evidenceNarrative"), narrative: try text("narrative"), locale: try text("locale"))
        return (try text("issuer"), request)
    }

    // MARK: Status

    func changeStatus(_ action: StatusAction, id: String, _ request: Request, token: String) async throws -> Response {
        var reason: String?
        if case .object(let object) = try await Self.jsonBody(request, allowEmpty: true), let value = object["reason"] {
            guard let text = value.stringValue, text.unicodeScalars.count <= 1000 else {
                return try LaurelServer.problem(.badRequest, "\"reason\" must be a string of at most 1,000 characters")
            }
            reason = text
        }
        let handle = request.uri.queryParameters["issuer"].map(String.init)
        let view: Workspace
        do {
            view = try workspace.forIssuer(handle)
        } catch let error as IssuerError {
            return try LaurelServer.problem(.badRequest, error.reason)
        }
        let issuer = WorkspaceIssuer(workspace: view, passphrase: hosted.passphrase, allowDemoKey: hosted.allowDemoKey, actor: "token:" + token)
        let result: StatusChangeResult
        do {
            result = try issuer.changeStatus(action, credentialIDs: [id], reason: reason)
        } catch let error as IssuerError where error.code == .unknownCredential || error.code == .otherIssuersCredential {
            return try LaurelServer.problem(.notFound, error.reason)
        } catch let error as IssuerError where error.code == .credentialRevoked {
            return try LaurelServer.problem(.conflict, error.reason)
        } catch let error as IssuerError {
            return try LaurelServer.problem(.badRequest, error.reason)
        }
        guard let outcome = result.report.outcomes.first?.outcome else {
            return try LaurelServer.problem(.internalServerError, "the registry gave no outcome for \(id)")
        }
        switch outcome {
        case .unknown:
            return try LaurelServer.problem(.notFound, "no credential \(id) in this issuer's registry")
        case .refusedRevoked:
            return try LaurelServer.problem(.conflict, "\(id) is revoked, and revocation is final")
        case .changed, .unchanged:
            var answer: JSONObject = ["id": .string(id), "action": .string(action.rawValue), "outcome": .string(outcome.rawValue)]
            if let record = try view.requireRegistry().credential(id: id) {
                answer["state"] = .string(record.revokedAt != nil ? "revoked" : record.suspendedAt != nil ? "suspended" : "active")
            }
            answer["published"] = .bool(result.publishingFailure == nil)
            if let failure = result.publishingFailure { answer["publishingProblem"] = .string(failure) }
            return try LaurelServer.json(.object(answer), cacheControl: "no-store")
        }
    }

    // MARK: Listing

    func recent(_ request: Request, token: String) throws -> Response {
        let limit = request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 50
        guard (1...1000).contains(limit) else { return try LaurelServer.problem(.badRequest, "limit must be from 1 to 1000") }
        let view: Workspace
        do {
            view = try workspace.forIssuer(request.uri.queryParameters["issuer"].map(String.init))
        } catch let error as IssuerError {
            return try LaurelServer.problem(.badRequest, error.reason)
        }
        let registry = try view.requireRegistry()
        let summaries = try registry.recentCredentialSummaries(limit: limit)
        try registry.recordAudit(action: "list", actor: "token:" + token, details: ["limit": .number(Double(limit))])
        return try LaurelServer.json(["credentials": .array(summaries.map { summary in
            ["id": .string(summary.id), "achievementId": .string(summary.achievementID), "format": .string(summary.proofFormat),
             "issuedAt": .string(XSDDateTime.string(from: summary.issuedAt)), "state": .string(summary.state.rawValue)]
        })], cacheControl: "no-store")
    }

    // MARK: Bodies

    static func jsonBody(_ request: Request, allowEmpty: Bool = false) async throws -> JSONValue {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw ServerProblem(.contentTooLarge, message: "an admin request is at most \(maxBodyBytes / 1024) KiB")
        }
        let bytes = Array(buffer: buffer)
        if bytes.isEmpty && allowEmpty { return .object([:]) }
        do {
            return try JSONParser.parse(bytes)
        } catch let error as CredentialKitError {
            throw ServerProblem(.badRequest, message: "the request body is not JSON: \(error.reason)")
        }
    }
}

struct AdminRequestError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
