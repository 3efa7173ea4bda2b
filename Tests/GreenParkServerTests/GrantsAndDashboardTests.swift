import Foundation
import GreenParkCore
import GreenParkServices
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GreenParkServer

/// Grants over the API (on the ledger), the access log a member sees, and the dashboard's
/// session: cookie attributes, CSRF, the policy on pages.
@Suite("Grants, access log and dashboard sessions")
struct GrantsAndDashboardTests {
    @Test("a member grants a verifier; the verifier's reads are logged for the member; revoking ends them")
    func grantLifecycle() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            var headers = fixture.bearer("b")
            headers[.contentType] = "application/json"
            var grantId = -1
            let body = #"{"member":"b","verifier":"sgs","until":"2026-06-02T00:00:00Z","scopes":["reports","evidence"]}"#
            try await client.execute(uri: "/v1/grants", method: .post, headers: headers,
                                     body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created, "\(response.text)")
                grantId = response.json["id"] as? Int ?? -1
            }
            try await client.execute(uri: "/v1/members/b/summary?month=2023-06", method: .get,
                                     headers: fixture.bearer("sgs")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) {
                #expect($0.text.contains("greenpark_verifier_reads_total 1\n"))
            }
            try await client.execute(uri: "/v1/members/b/access-log", method: .get,
                                     headers: fixture.bearer("b")) { response in
                let reads = response.json["items"] as? [[String: Any]] ?? []
                #expect(reads.count == 1)
                #expect(reads.first?["verifier"] as? String == "sgs")
                #expect(reads.first?["grant"] as? Int == grantId)
            }
            // a sees neither b's grant nor b's log.
            try await client.execute(uri: "/v1/grants", method: .get, headers: fixture.bearer("a")) { response in
                let members = (response.json["items"] as? [[String: Any]] ?? []).compactMap { $0["member"] as? String }
                #expect(members == ["a"])
            }
            try await client.execute(uri: "/v1/grants/\(grantId)", method: .delete, headers: fixture.bearer("a")) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/v1/grants/\(grantId)", method: .delete, headers: fixture.bearer("b")) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/members/b/summary?month=2023-06", method: .get,
                                     headers: fixture.bearer("sgs")) { #expect($0.status == .notFound) }
        }
        // Both the grant and its revocation are signed ledger entries, and the ledger verifies.
        let entries = try fixture.context.stores.certificates.agreementEntries()
        #expect(entries.count == 3)  // the fixture's grant, b's grant, its revocation
        _ = try LedgerService(context: fixture.context).verify(publicKey: OperatorPublicKey(hex: fixture.key.publicKeyHex))
    }

    /// Signs in through the form; returns the session cookie's Set-Cookie value.
    func signIn(_ client: some TestClientProtocol, token: String, language: String = "en") async throws -> String {
        var cookie = ""
        try await client.execute(uri: "/login", method: .post,
                                 headers: [.contentType: "application/x-www-form-urlencoded"],
                                 body: ByteBuffer(string: "token=\(token)&lang=\(language)")) { response in
            #expect(response.status == .seeOther)
            cookie = response.headers[.setCookie] ?? ""
        }
        return cookie
    }

    @Test("the session cookie is HttpOnly and SameSite=Strict (Secure behind TLS); a bad token gets the form again")
    func session() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let cookie = try await signIn(client, token: fixture.tokens["a"]!)
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"))
            let id = String(cookie.split(separator: ";")[0])
            try await client.execute(uri: "/dashboard/members/a?month=2023-06", method: .get,
                                     headers: [.cookie: id]) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("id=\"member-load\">24,276 kWh") == false)  // kWh: 24 kWh
                #expect(response.text.contains("id=\"member-load\">24 kWh"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            }
            try await client.execute(uri: "/dashboard/members/b", method: .get, headers: [.cookie: id]) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/login", method: .post,
                                     headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "token=gp_wrong&lang=zh")) { response in
                #expect(response.status == .unauthorized)
                #expect(response.text.contains("令牌无效"))
            }
        }
        try await fixture.test(ServerConfiguration(behindTLS: true)) { client in
            let cookie = try await signIn(client, token: fixture.tokens["a"]!)
            #expect(cookie.contains("; Secure"))
        }
    }

    @Test("forms need the session's CSRF token: without it 403 and the user stays; with it the revocation is done")
    func csrf() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let id = String(try await signIn(client, token: fixture.tokens["operator"]!).split(separator: ";")[0])
            var csrf = ""
            try await client.execute(uri: "/dashboard/admin", method: .get, headers: [.cookie: id]) { response in
                #expect(response.status == .ok)
                let text = response.text
                if let range = text.range(of: "name=\"csrf\" value=\"") {
                    csrf = String(text[range.upperBound...].prefix(64))
                }
            }
            #expect(csrf.count == 64)
            let form: HTTPFields = [.cookie: id, .contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: "/dashboard/users/2/revoke", method: .post, headers: form,
                                     body: ByteBuffer(string: "csrf=forged")) { #expect($0.status == .forbidden) }
            #expect(try fixture.context.stores.users.users().first { $0.id == 2 }?.revokedAt == nil)
            try await client.execute(uri: "/dashboard/users/2/revoke", method: .post, headers: form,
                                     body: ByteBuffer(string: "csrf=\(csrf)")) { #expect($0.status == .seeOther) }
            #expect(try fixture.context.stores.users.users().first { $0.id == 2 }?.revokedAt != nil)
            // A member's session cannot reach the admin page.
            let member = String(try await signIn(client, token: fixture.tokens["b"]!).split(separator: ";")[0])
            try await client.execute(uri: "/dashboard/admin", method: .get, headers: [.cookie: member]) {
                #expect($0.status == .notFound)
            }
        }
    }
}
