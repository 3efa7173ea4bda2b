/// What a member lets a verifier read (a grant's scope, `--scope reports,evidence`).
public enum GrantScope: String, Sendable, CaseIterable, Codable, Comparable {
    /// Allocations, Scope 2 and CBAM reports.
    case reports
    /// Evidence packs.
    case evidence
    /// The member's certificates and ledger entries.
    case certificates
    /// The member's meters and readings.
    case readings
    /// The member's invoices.
    case invoices

    public static func < (a: GrantScope, b: GrantScope) -> Bool { a.rawValue < b.rawValue }

    /// A comma-separated list of scopes (`reports,evidence`); nil names the unknown one.
    public static func parse(_ text: String) -> Result<Set<GrantScope>, AccessProblem> {
        var scopes: Set<GrantScope> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: [" "])
            guard let scope = GrantScope(rawValue: name) else {
                let known = allCases.map(\.rawValue).joined(separator: ", ")
                return .failure(AccessProblem(.badGrant, "unknown scope '\(name)'; scopes are \(known)"))
            }
            scopes.insert(scope)
        }
        return .success(scopes)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
