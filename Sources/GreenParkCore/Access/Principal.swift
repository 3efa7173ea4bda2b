/// The authenticated user of one request: its role and, for every role but the operator,
/// the member, generator or verifier it acts for.
public struct Principal: Sendable, Equatable {
    /// The user's id in the store.
    public let userId: Int64
    /// The user's name (for logs and lists; not an id).
    public let name: String
    /// What the user is: operator, member, generator or verifier.
    public let role: Role
    /// The member id (member), generator id (generator) or verifier id (verifier); nil
    /// for the operator.
    public let subject: String?

    /// A principal; `subject` must be nil exactly for the operator, and an id (1 to 64
    /// letters, digits, `-`, `_`) otherwise (``AccessProblem`` `access.bad-user`).
    public init(userId: Int64, name: String, role: Role, subject: String?) throws {
        guard (role == .operator) == (subject == nil) else {
            throw AccessProblem(.badUser, role == .operator
                ? "an operator acts for the whole park: give no member, generator or verifier"
                : "a \(role.rawValue) user needs the id it acts for (--\(role.rawValue) ID)")
        }
        if let subject, !Self.isIdentifier(subject) {
            throw AccessProblem(.badUser, "'\(subject)' is not an id: 1 to 64 letters, digits, '-' and '_'")
        }
        self.userId = userId
        self.name = name
        self.role = role
        self.subject = subject
    }

    /// 1 to 64 ASCII letters, digits, `-` or `_` (the park file's identifiers).
    public static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.utf8.allSatisfy {
            ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95
        }
    }
}
