extension AccessGrant {
    /// The ledger event that revokes this grant from `time` on.
    public func revocationEvent(at time: Timestamp) -> LedgerEvent {
        LedgerEvent(kind: .agreement, data: [
            "action": .string("revoke"), "grant": .integer(id), "member": .string(member),
            "verifier": .string(verifier), "at": .string(time.iso8601),
        ])
    }

    /// The grants the ledger's `agreement` entries make, oldest first: each `grant` entry
    /// makes one (id = its sequence number), a later `revoke` entry naming it ends it. Entries
    /// of other kinds are ignored; a malformed agreement entry is skipped (the ledger's
    /// signatures, not this reader, vouch for what was written).
    public static func fromLedger(_ entries: [LedgerEntry]) -> [AccessGrant] {
        var grants: [AccessGrant] = []
        var index: [Int64: Int] = [:]
        for entry in entries where entry.kind == .agreement {
            let data = entry.data
            func text(_ key: String) -> String? { if case .string(let v)? = data[key] { v } else { nil } }
            func time(_ key: String) -> Timestamp? {
                text(key).flatMap { if case .success(let t) = Timestamp.parseISO8601($0) { t } else { nil } }
            }
            switch text("action") {
            case "grant":
                guard let member = text("member"), let verifier = text("verifier"), let from = time("from"),
                      let until = time("until"), case .array(let names)? = data["scopes"] else { continue }
                let scopes = Set(names.compactMap { name -> GrantScope? in
                    if case .string(let n) = name { GrantScope(rawValue: n) } else { nil }
                })
                guard let grant = try? AccessGrant(id: entry.sequence, member: member, verifier: verifier,
                    scopes: scopes,
                                                   createdAt: from, until: until) else { continue }
                index[entry.sequence] = grants.count
                grants.append(grant)
            case "revoke":
                guard case .integer(let id)? = data["grant"], let at = time("at"), let k = index[id],
                      grants[k].revokedAt == nil, let revoked = try? grants[k].revoked(at: at) else { continue }
                grants[k] = revoked
            default:
                continue
            }
        }
        return grants
    }

    /// This grant, revoked from `time` on.
    func revoked(at time: Timestamp) throws -> AccessGrant {
        try AccessGrant(id: id, member: member, verifier: verifier, scopes: scopes, createdAt: createdAt, until: until,
                        revokedAt: time)
    }
}
