/// What a final settlement of a month changes against the month's current final version
/// (docs/settlement.md, "Corrections"): the members whose bill and the generators whose
/// statement differ in any line or total. Nothing else gets a new document.
///
/// - No current version (the month's first final run): every member and generator.
/// - The same bills and statements: nothing; the run is not stored (``isUnchanged``).
/// - Otherwise each changed member's current invoice is cancelled by a credit note (its
///   lines with negative energy and amounts, as a red-letter fapiao) and replaced by a new
///   invoice of the whole corrected bill; a member gone from the park gets the credit note
///   only. Each changed generator gets a new statement replacing its current one.
public struct SettlementRevision: Sendable, Equatable {
    /// Members with a new or changed bill (park order), then members whose bill is gone.
    public let changedMembers: [String]
    /// Members of ``changedMembers`` without a bill in the new settlement.
    public let goneMembers: [String]
    public let changedGenerators: [String]

    public var isUnchanged: Bool { changedMembers.isEmpty && changedGenerators.isEmpty }

    /// `previous`: the current final version's bills and statements, nil for the first.
    public init(previous: (bills: [Settlement.Bill], statements: [Settlement.Statement])?, bills: [Settlement.Bill],
                statements: [Settlement.Statement]) {
        let oldBills = Dictionary((previous?.bills ?? []).map { ($0.member, $0) }, uniquingKeysWith: { $1 })
        let oldStatements = Dictionary((previous?.statements ?? []).map { ($0.generator, $0) },
                                       uniquingKeysWith: { $1 })
        let members = Set(bills.map(\.member))
        let gone = (previous?.bills ?? []).map(\.member).filter { !members.contains($0) }
        changedMembers = bills.filter { oldBills[$0.member] != $0 }.map(\.member) + gone
        goneMembers = gone
        changedGenerators = statements.filter { oldStatements[$0.generator] != $0 }.map(\.generator)
    }
}

extension Settlement.Bill {
    /// The credit note cancelling this bill: every line with its energy and amount negated
    /// (prices unchanged), and the VAT negated, so the bill and its credit note sum to zero.
    public var creditNote: Settlement.Bill {
        let negated = lines.map { line in
            Settlement.Line(kind: line.kind, item: line.item, energyWh: line.energyWh.map { -$0 },
                            priceFenPerKWh: line.priceFenPerKWh, amountFen: -line.amountFen)
        }
        return Settlement.Bill(member: member, lines: negated, vatFen: -vatFen)
    }
}
