import GreenParkCore
import GreenParkFormats
import GreenParkServices

extension SettleCommand {
    static func pad(_ text: String) -> String { text.padding(toLength: 14, withPad: " ", startingAt: 0) }

    static func money(_ bill: Settlement.Bill) -> String {
        "net \(Terminal.yuan(bill.netFen))  VAT \(Terminal.yuan(bill.vatFen))  "
            + "total \(Terminal.yuan(bill.totalFen)) CNY"
    }

    /// The run's documents, each with what it cancels or replaces; the ones that stay in
    /// force; the balance and, for a correction, the differences.
    static func report(_ result: SettlementService.Result, month: String) {
        let s = result.writer.settlement
        let balance = "  balance: \(Terminal.yuan(s.moneyInFen)) CNY in = \(Terminal.yuan(s.moneyOutFen)) CNY out"
        guard let stored = result.stored else {
            print("settlement \(month): preview (not final)")
            for bill in s.bills { print("  \(pad(bill.member)) preview  \(money(bill))") }
            for st in s.statements { print("  \(pad(st.generator)) \(receives(st.totalFen)) CNY") }
            print(balance)
            return
        }
        let version = stored.version ?? 0
        print("settlement \(month) version \(version) (final)"
              + (version > 1 ? ", correcting version \(version - 1)" : ""))
        let bills = Dictionary(s.bills.map { ($0.member, $0) }, uniquingKeysWith: { $1 })
        let statements = Dictionary(s.statements.map { ($0.generator, $0) }, uniquingKeysWith: { $1 })
        let oldBills = Dictionary((result.previous?.bills ?? []).map { ($0.member, $0) }, uniquingKeysWith: { $1 })
        let oldStatements = Dictionary((result.previous?.statements ?? []).map { ($0.generator, $0) },
                                       uniquingKeysWith: { $1 })
        for d in stored.documents {
            switch d.kind {
            case .creditNote:
                let total = oldBills[d.party].map { Terminal.yuan(-$0.totalFen) } ?? "?"
                print("  \(pad(d.party)) \(d.number)  credit note, cancels \(d.cancels ?? "")  total \(total) CNY")
            case .invoice:
                guard let bill = bills[d.party] else { continue }
                let replaces = d.replaces.map { ", replaces \($0)" } ?? ""
                print("  \(pad(d.party)) \(d.number)  invoice\(replaces)  \(money(bill))")
            case .statement:
                guard let st = statements[d.party] else { continue }
                let was = oldStatements[d.party].map { " (was \(Terminal.yuan($0.totalFen)))" } ?? ""
                print("  \(pad(d.party)) statement \(d.number)\(d.replaces.map { ", replaces \($0)" } ?? ""): "
                      + "\(receives(st.totalFen)) CNY\(was)")
            }
        }
        let issued = Set(stored.documents.map(\.party))
        for bill in s.bills where !issued.contains(bill.member) {
            print("  \(pad(bill.member)) \(result.current.invoices[bill.member] ?? "-")  unchanged, stays in force  "
                  + "total \(Terminal.yuan(bill.totalFen)) CNY")
        }
        for st in s.statements where !issued.contains(st.generator) {
            print("  \(pad(st.generator)) statement \(result.current.statements[st.generator] ?? "-") unchanged: "
                  + "\(receives(st.totalFen)) CNY")
        }
        print(balance)
        if let difference = result.difference { print(difference, terminator: "") }
    }

    /// The documents in force, for a final run that changed nothing.
    static func reportCurrent(_ result: SettlementService.Result) {
        for bill in result.writer.settlement.bills {
            print("  \(pad(bill.member)) \(result.current.invoices[bill.member] ?? "-")  in force  "
                  + "total \(Terminal.yuan(bill.totalFen)) CNY")
        }
        for st in result.writer.settlement.statements {
            print("  \(pad(st.generator)) statement \(result.current.statements[st.generator] ?? "-") in force: "
                  + "\(receives(st.totalFen)) CNY")
        }
    }

    /// `receives X` or, for a statement below 0 (a storage device that bought more than it
    /// sold), `pays X`.
    static func receives(_ fen: Int64) -> String {
        fen >= 0 ? "receives \(Terminal.yuan(fen))" : "pays \(Terminal.yuan(-fen))"
    }
}
