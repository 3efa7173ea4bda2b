import GreenParkCore

/// A member's invoice or credit note (or a generator's or storage device's statement) for a billing month:
/// JSON, and a printable HTML page in English or Chinese (texts complete in each language).
/// A correction names what it corrects (docs/settlement.md): a credit note the invoice it
/// cancels, a new invoice the one it replaces, a new statement the one it replaces (with
/// that statement's total and the difference).
public struct InvoiceWriter {
    public var park: Park
    public var month: String
    public var number: String
    public var language: ReportLanguage
    /// A credit note: the invoice it cancels (its lines negated, as a red-letter fapiao).
    public var cancels: String?
    /// A corrected invoice or statement: the one it replaces.
    public var replaces: String?
    /// A statement that replaces another: the replaced statement's total.
    public var replacedTotalFen: Int64?

    public init(park: Park, month: String, number: String, language: ReportLanguage, cancels: String? = nil,
                replaces: String? = nil, replacedTotalFen: Int64? = nil) {
        self.park = park
        self.month = month
        self.number = number
        self.language = language
        self.cancels = cancels
        self.replaces = replaces
        self.replacedTotalFen = replacedTotalFen
    }

    /// `invoice` or `credit-note`.
    public var document: String { cancels == nil ? "invoice" : "credit-note" }

    func text(_ en: String, _ zh: String) -> String { language == .en ? en : zh }

    /// What a line is, in the invoice's language.
    func describe(_ l: Settlement.Line, party: String? = nil) -> String {
        switch l.kind {
        case .green: return withPeriod(l.item, name(generator:), { "Green power from \($0)" }, { "来自\($0)的绿电" })
        case .grid: return text("Grid power, \(l.item)", "电网购电,\(period(l.item))")
        case .transmissionFee: return text("Transmission and distribution fee on green power", "绿电输配电费")
        case .systemFee: return text("System operation fee on green power", "绿电系统运行费")
        case .capacity: return text("Monthly capacity charge", "月度容量电费")
        case .shared: return text("Shared infrastructure: \(park.sharedCosts.first { $0.id == l.item }?.name ?? l.item)", "共用设施分摊:\(park.sharedCosts.first { $0.id == l.item }?.name ?? l.item)")
        case .sale:
            if isStorage(party) {
                let buyer = name(member: l.item)
                return text("Power from storage sold to \(buyer)", "售予\(buyer)的储能放电")
            }
            return withPeriod(l.item, name(member:), { "Green power sold to \($0)" }, { "售予\($0)的绿电" })
        case .storage:
            return text("Power from storage \(name(device: l.item))", "来自储能\(name(device: l.item))的电量")
        case .storageSale:
            return withPeriod(l.item, name(device:), { "Green power sold to storage \($0)" }, { "售予储能\($0)的绿电" })
        case .purchase:
            return withPeriod(l.item, name(generator:), { "Green power bought from \($0)" }, { "购自\($0)的绿电" })
        case .demandResponse:
            return text("Demand response: flexibility delivered in event \(l.item)",
                        "需求响应补偿:事件 \(l.item) 中的可调节负荷")
        case .gridCharge: return text("Grid power for charging, \(l.item)", "充电用电网购电,\(period(l.item))")
        case .demand:
            let kw = l.energyWh.map { HTML.grouped($0 * 60 / Int64(park.settings.resolution.minutes), decimals: 3, per: 1) } ?? ""
            let price = l.priceFenPerKWh?.description ?? ""
            return text("Demand charge: largest grid demand \(kw) kW x \(price) fen per kW and month", "最大需量电费:最大需量 \(kw) 千瓦 × \(price) 分/千瓦·月")
        case .export:
            return isStorage(party) ? text("Storage discharge fed to the grid", "储能放电上网")
                : text("Surplus fed to the grid", "余电上网")
        }
    }

    /// A line of `id` or `id/period` (a shaped PPA's part): `en`/`zh` of `id`'s name, then the period.
    func withPeriod(_ item: String, _ name: (String) -> String, _ en: (String) -> String,
                    _ zh: (String) -> String) -> String {
        let parts = item.split(separator: "/").map(String.init)
        let who = name(parts[0])
        guard parts.count > 1 else { return text(en(who), zh(who)) }
        return text("\(en(who)), \(parts[1])", "\(zh(who)),\(period(parts[1]))")
    }

    func period(_ id: String) -> String {
        ["sharp-peak": "尖峰", "critical-peak": "尖峰(关键)", "high-peak": "高峰(上)", "peak": "高峰", "flat": "平段", "valley": "低谷",
         "deep-valley": "深谷"][id] ?? "时段 \(id)"
    }

    func name(generator id: String) -> String { park.generators.first { $0.id == id }?.name ?? id }
    func name(device id: String) -> String { park.storage.first { $0.id == id }?.name ?? id }
    func isStorage(_ party: String?) -> Bool { party.map { id in park.storage.contains { $0.id == id } } ?? false }

    /// ` (owner: the park)` or ` (owner: <member name>)` for a storage device.
    func ownerText(_ device: String) -> String {
        switch park.storage.first(where: { $0.id == device })?.owner {
        case .park: return text(" (owner: the park)", "(所有者:园区)")
        case .member(let id): return text(" (owner: \(name(member: id)))", "(所有者:\(name(member: id)))")
        case nil: return ""
        }
    }
    func name(member id: String) -> String { park.members.first { $0.id == id }?.name ?? id }

    static func yuan(_ fen: Int64) -> String { HTML.yuan(fen) }

    /// The paragraph naming what the document cancels or replaces (empty for neither).
    func relation(statement: Bool, total: Int64) -> String {
        func paragraph(_ en: String, _ zh: String) -> String { "<p class=relation>" + text(en, zh) + "</p>" }
        if let cancels {
            let number = "<b>\(HTML.escape(cancels))</b>"
            return paragraph("Cancels invoice \(number) in full (negative amounts).", "冲销发票 \(number)(全额,金额为负)。")
        }
        guard let replaces else { return "" }
        let number = "<b>\(HTML.escape(replaces))</b>"
        if statement, let old = replacedTotalFen {
            let was = Self.yuan(old), difference = Self.yuan(total - old)
            return paragraph("Replaces statement \(number) (total \(was) CNY); difference \(difference) CNY.",
                             "替代结算单 \(number)(合计 \(was) 元);差额 \(difference) 元。")
        }
        return paragraph("Replaces invoice \(number), which a credit note cancels.", "替代发票 \(number)(原发票已由红字发票冲销)。")
    }

    public func json(bill: Settlement.Bill, vatRate: Fixed6) -> String {
        JSONText.object([
            ("invoice", .string(number)), ("document", .string(document)), ("cancels", .string(cancels ?? "")),
            ("replaces", .string(replaces ?? "")),
            ("park", .string(park.settings.id)), ("member", .string(bill.member)),
            ("member_name", .string(name(member: bill.member))),
            ("month", .string(month)), ("currency", .string("CNY")),
            ("lines", .array(bill.lines.map { l in
                .object([("description", .string(describe(l))), ("kind", .string(l.kind.rawValue)), ("item", .string(l.item)),
                         ("energy_wh", l.energyWh.map { .integer($0) } ?? .string("")), ("price_fen_per_kwh", l.priceFenPerKWh.map { .number($0.description) } ?? .string("")),
                         ("amount_fen", .integer(l.amountFen))])
            })),
            ("net_fen", .integer(bill.netFen)), ("charges_fen", .integer(bill.chargesFen)),
            ("vat_rate", .number(vatRate.description)), ("vat_fen", .integer(bill.vatFen)),
            ("total_fen", .integer(bill.totalFen)),
        ]).render() + "\n"
    }

    public func html(party: String, lines: [Settlement.Line], net: Int64, vat: Int64?, total: Int64, statement: Bool) -> String {
        let title = statement && isStorage(party) ? text("Storage statement", "储能结算单")
            : statement ? text("Generator statement", "发电企业结算单")
            : cancels == nil ? text("Invoice", "电费发票")
            : text("Credit note (red-letter invoice)", "红字发票(冲销)")
        var rows = ""
        for l in lines {
            // The demand line states its kW and price in its description (the columns are per kWh).
            let energy = l.kind == .demand ? "" : l.energyWh.map { HTML.grouped($0, decimals: 3, per: 1) } ?? ""
            let price = l.kind == .demand ? "" : l.priceFenPerKWh?.description ?? ""
            rows += "<tr><td>\(HTML.escape(describe(l, party: party)))</td><td class=n>\(energy)</td>"
                + "<td class=n>\(price)</td><td class=n>\(Self.yuan(l.amountFen))</td></tr>"
        }
        // Demand-response credits are paid outside the VAT: charges, VAT, then the credits.
        let credits = lines.filter { $0.kind == .demandResponse }.reduce(0) { $0 + $1.amountFen }
        var totals = credits == 0
            ? "<tr><th colspan=3>\(text("Net", "不含税金额"))</th><td class=n>\(Self.yuan(net))</td></tr>"
            : "<tr><th colspan=3>\(text("Charges before VAT", "电费(不含税)"))</th><td class=n>"
                + "\(Self.yuan(net - credits))</td></tr>"
        if let vat { totals += "<tr><th colspan=3>\(text("VAT", "增值税"))</th><td class=n>\(Self.yuan(vat))</td></tr>" }
        if credits != 0 {
            let label = text("Demand-response credits (outside VAT, paid by the park's programme)",
                             "需求响应补偿(不计增值税,由园区项目支付)")
            totals += "<tr><th colspan=3>" + label
                + "</th><td class=n>\(Self.yuan(credits))</td></tr>"
        }
        totals += "<tr><th colspan=3>\(text("Total", "合计"))</th><td class=n><b>\(Self.yuan(total))</b></td></tr>"
        let partyName = statement && isStorage(party) ? name(device: party)
            : statement ? name(generator: party) : name(member: party)
        return """
            <!doctype html>
            <html lang="\(language == .en ? "en" : "zh-CN")"><head><meta charset="utf-8"><title>\(HTML.escape(title)) \(HTML.escape(number))</title>
            <style>body{font:10.5pt "Noto Sans","Noto Sans CJK SC",sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px;text-align:left}.n{text-align:right}@page{size:A4;margin:15mm}</style>
            </head><body>
            <h1>\(HTML.escape(title))</h1>
            <p>\(text("Number", "编号")): <b>\(HTML.escape(number))</b><br>\(HTML.escape(park.settings.name)) · \(text("Billing month", "结算月份")): \(HTML.escape(month))<br>
            \(statement && isStorage(party) ? text("Storage", "储能") + ownerText(party)
                : statement ? text("Generator", "发电企业")
                : text("Customer", "用电企业")): \(HTML.escape(partyName))</p>
            \(relation(statement: statement, total: total))
            <table><tr><th>\(text("Item", "项目"))</th><th class=n>\(text("Energy (kWh)", "电量(千瓦时)"))</th><th class=n>\(text("Price (fen/kWh)", "单价(分/千瓦时)"))</th><th class=n>\(text("Amount (CNY)", "金额(元)"))</th></tr>
            \(rows)\(totals)</table>
            <p>\(text("Amounts are rounded to the fen per line (half to even); VAT once per invoice.", "各行金额按四舍六入五成双取整到分;增值税按发票合计计算一次。"))</p>
            </body></html>

            """
    }
}
