/// One read a verifier made of a member's data under a grant: the member can list them.
public struct VerifierRead: Sendable, Equatable {
    public let time: Timestamp
    public let verifier: String
    public let member: String
    /// The grant (its ledger sequence number) the read was made under.
    public let grant: Int64
    /// What was read: the request's method and path, without its query.
    public let resource: String

    public init(time: Timestamp, verifier: String, member: String, grant: Int64, resource: String) {
        self.time = time
        self.verifier = verifier
        self.member = member
        self.grant = grant
        self.resource = resource
    }
}

/// Where verifiers' reads are logged.
public protocol AccessLogStore: AnyObject, Sendable {
    /// Logs one read (before the data is sent: an unlogged read is not served).
    func logRead(_ read: VerifierRead) throws

    /// The reads of `member`'s data made in `[from, to)`, oldest first, at most `limit`
    /// after skipping `offset`.
    func verifierReads(member: String, from: Timestamp, to: Timestamp, offset: Int, limit: Int) throws
        -> [VerifierRead]
}
