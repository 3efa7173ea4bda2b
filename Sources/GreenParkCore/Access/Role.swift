/// Who a user of the park's server is (docs/server.md): the operator runs the park and sees
/// everything; a member sees only its own data; a generator its own devices; a verifier
/// reads, and only what a member granted it.
public enum Role: String, Sendable, CaseIterable, Codable {
    case `operator`
    case member
    case generator
    case verifier
}
