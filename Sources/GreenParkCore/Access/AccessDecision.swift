/// What the policy decided for one request.
public enum AccessDecision: Sendable, Equatable {
    /// Go on.
    case allow
    /// Go on, and log the read where the member can see it (a verifier reading under grant `grant`).
    case allowLogged(grant: Int64, member: String)
    /// Answer as if it did not exist (404): the caller may not know whether it does.
    case hidden
    /// The caller may see it but not do this (403): a verifier writing what it may read.
    case forbidden

    public var isAllowed: Bool {
        switch self {
        case .allow, .allowLogged: true
        case .hidden, .forbidden: false
        }
    }
}
