/// A refused user, token or grant, with a stable code.
public struct AccessProblem: GreenParkError {
    public enum Kind: String, Sendable {
        /// A user's role and subject do not fit (`access.bad-user`).
        case badUser = "access.bad-user"
        /// A grant is malformed: unknown member, empty scope, an end in the past (`access.bad-grant`).
        case badGrant = "access.bad-grant"
        /// No such user or grant (`access.not-found`).
        case notFound = "access.not-found"
    }

    public let kind: Kind
    public let message: String
    public var code: String { kind.rawValue }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
