import Foundation
import GreenParkCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GreenParkServer

/// Which document a bad request is said not to match (review): the REST API's own for
/// `/v1`, the OpenADR 3.1.0 document only for the VTN under `/openadr3`.
@Suite("Bad requests name their own API document")
struct ProblemDocumentTests {
    @Test func eachAPINamesItsDocument() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            // `offset` is an integer in openapi.yaml: the generated layer refuses "abc".
            try await client.execute(uri: "/v1/ledger/entries?offset=abc", method: .get,
                                     headers: fixture.bearer("operator")) { response in
                #expect(response.status == .badRequest)
                let detail = response.json["detail"] as? String ?? ""
                #expect(detail.contains("/openapi.json"), "\(detail)")
                #expect(!detail.contains("OpenADR"), "\(detail)")
            }
            // `limit` is an integer in the OpenADR document.
            try await client.execute(uri: "/openadr3/programs?limit=abc", method: .get,
                                     headers: fixture.bearer("operator")) { response in
                #expect(response.status == .badRequest)
                #expect((response.json["detail"] as? String ?? "").contains("OpenADR 3.1.0"))
            }
        }
    }
}
