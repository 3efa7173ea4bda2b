/// A billing period's money (DOMAIN.md 6, normative): each member's bill, each generator's
/// statement, and the park's balance, all in integer fen.
///
/// Rules: green energy at its generator's PPA price; grid import at the tariff's price of
/// the interval's time-of-use period; transmission and system fees on green energy; a
/// monthly capacity charge per member, or (two-part tariff) a demand charge on its largest
/// grid demand in kW; the member's share of each shared cost; VAT on the bill's net amount
/// (its charges, without the demand-response credits below).
/// A generator with time-of-use shaped PPA prices is priced by the interval's period. Every line is `Wh x fen/kWh / 1000`, rounded half to even to the fen
/// once per line; VAT is rounded the same way once per bill. Surplus is paid to its
/// generator at the export price. What members and the grid (for exports) pay equals what
/// generators, the grid company, the shared-cost owners and the tax office receive: an
/// identity of how the lines are built, so it is reported, not checked; ``checks(data:sharedCosts:)``
/// checks the settlement against its inputs instead.
///
/// Storage (not in DOMAIN.md 6; docs/settlement.md): a member pays what it took from a device
/// at the device's price (`storage` lines; its grid import is what neither the generators
/// nor the devices gave it). A device buys the green energy it charged from each generator
/// at that generator's PPA price (`sale-storage` on the generator's statement, `purchase` on
/// the device's) and its charge from the grid at the tariff (`grid-charge`), sells to the
/// members (its owner, when a member, takes its own energy at 0), pays the T&D and system
/// fees on its green charge, and is paid the export price for discharge no member took; a
/// generator's export is what neither the members nor the devices took.
///
/// Demand response (docs/settlement.md): a member's delivered flexibility in each event is
/// credited on its bill at the park's incentive (`demand-response` lines, after the VAT is
/// taken on the charges: a payment, not a discount); the programme pays it
/// (``demandResponseFen``, money in).
///
/// Intervals excluded by the gap policy (`--gaps skip-interval`) are left out entirely, as
/// the allocation summary and Scope 2 leave them out: no green or grid energy, no export and
/// no demand is billed for them. ``skippedIntervals`` counts them.
public struct Settlement: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        /// What a line bills or pays.
        public enum Kind: String, Sendable, CaseIterable {
            /// Green energy from a generator at its PPA price (member bill).
            case green
            /// Grid energy at the tariff of a time-of-use period (member bill).
            case grid
            /// Transmission and distribution fee on green energy.
            case transmissionFee = "fee-td"
            /// System operation fee on green energy.
            case systemFee = "fee-system"
            /// Monthly capacity charge.
            case capacity
            /// Two-part tariff demand charge on the largest grid demand.
            case demand
            /// A shared infrastructure cost's share.
            case shared
            /// Green energy sold to a member (generator statement).
            case sale
            /// Surplus fed to the grid at the export price (generator or storage statement).
            case export
            /// Energy taken from a storage device at its price (member bill).
            case storage
            /// Green energy sold to a charging storage device (generator statement).
            case storageSale = "sale-storage"
            /// A storage device's purchase of a generator's energy (storage statement, negative).
            case purchase
            /// A storage device's charge from the grid at the tariff (storage statement, negative;
            /// the grid company receives it).
            case gridCharge = "grid-charge"
            /// Delivered flexibility in a demand-response event, paid at the incentive (member
            /// bill, negative: a credit the park's demand-response programme pays).
            case demandResponse = "demand-response"

            /// What the grid company receives.
            public var isGridCompany: Bool { [.grid, .transmissionFee, .systemFee, .capacity, .demand].contains(self) }
        }

        public var kind: Kind
        /// Generator id (`pv` or `pv/peak` for a shaped PPA), time-of-use period, shared-cost id or member id.
        public var item: String
        public var energyWh: Int64?
        public var priceFenPerKWh: Fixed6?
        public var amountFen: Int64

        public init(kind: Kind, item: String, energyWh: Int64?, priceFenPerKWh: Fixed6?, amountFen: Int64) {
            self.kind = kind
            self.item = item
            self.energyWh = energyWh
            self.priceFenPerKWh = priceFenPerKWh
            self.amountFen = amountFen
        }
    }

    /// A member's bill: its lines, their sum (net), the VAT and the total. The VAT is on the
    /// charges (``chargesFen``): the net without the demand-response credits, which are paid
    /// outside it (without credits, net and charges are the same).
    public struct Bill: Sendable, Equatable {
        public let member: String
        public let lines: [Line]
        public let netFen: Int64
        public let vatFen: Int64
        public let totalFen: Int64

        /// A bill of `lines` with `vatFen` of VAT: net is the lines' sum, total net plus VAT.
        public init(member: String, lines: [Line], vatFen: Int64) {
            self.member = member
            self.lines = lines
            netFen = lines.reduce(0) { $0 + $1.amountFen }
            self.vatFen = vatFen
            totalFen = netFen + vatFen
        }

        /// The demand-response credits (0 or less; 0 or more on a credit note).
        public var creditsFen: Int64 { lines.filter { $0.kind == .demandResponse }.reduce(0) { $0 + $1.amountFen } }
        /// What the VAT is taken on: the net without the credits.
        public var chargesFen: Int64 { netFen - creditsFen }
    }

    /// A generator's statement: its sales per member and per storage device and its export,
    /// and their total; or a storage device's (``generator`` is then the device's id): its
    /// sales per member and its export, less its purchases and its charge from the grid.
    public struct Statement: Sendable, Equatable {
        public let generator: String
        public let lines: [Line]
        public let totalFen: Int64

        public init(generator: String, lines: [Line]) {
            self.generator = generator
            self.lines = lines
            totalFen = lines.reduce(0) { $0 + $1.amountFen }
        }
    }

    public let from: Timestamp
    public let to: Timestamp
    public let bills: [Bill]
    /// The generators' statements (park order), then the storage devices'.
    public let statements: [Statement]
    /// Intervals of the period, and those excluded by the gap policy (billed to no one).
    public let intervals: Int
    public let skippedIntervals: Int
    /// What the grid company receives: grid energy, fees and capacity charges, and the
    /// storage devices' charge from the grid.
    public let gridCompanyFen: Int64
    public let sharedCostsFen: Int64
    public let vatFen: Int64
    /// What the demand-response programme pays the members (their `demand-response` credits).
    public let demandResponseFen: Int64
    /// Members' totals plus export payments and the demand-response payments; and everything
    /// paid out (equal by construction).
    public let moneyInFen: Int64
    public let moneyOutFen: Int64

    /// `wh x price / 1000` in fen, half to even.
    public static func amount(_ wh: Int64, _ price: Fixed6) -> Int64 {
        Rounding.mulDivHalfEven(wh, price.millionths, 1_000_000_000)
    }

    /// Generator `id`'s energy priced by its PPA: `total` Wh at its flat price (suffix ""), or,
    /// for a time-of-use shaped PPA, the Wh of each period of `byPeriod` at that period's price
    /// (suffix "/period", periods in order); parts without energy are left out.
    static func ppaParts(_ id: String, total: Int64, byPeriod: [String: Int64]?,
                         settings: SettlementSettings) -> [(suffix: String, wh: Int64, price: Fixed6)] {
        guard let byPeriod else { return total > 0 ? [("", total, settings.ppa[id] ?? .zero)] : [] }
        return byPeriod.keys.sorted().compactMap { period in
            byPeriod[period]! > 0 ? ("/" + period, byPeriod[period]!, settings.ppaByPeriod[id]?[period] ?? .zero) : nil
        }
    }

    /// `fen x rate`, half to even (a negative amount as the negation of its magnitude's).
    public static func vat(_ fen: Int64, _ rate: Fixed6) -> Int64 {
        fen < 0 ? -Rounding.mulDivHalfEven(-fen, rate.millionths, Fixed6.scale)
            : Rounding.mulDivHalfEven(fen, rate.millionths, Fixed6.scale)
    }

    /// Settles `[data.from, data.to)`. `touPeriod[t]` is interval t's time-of-use period;
    /// `shared[k][i]` is member i's share of shared cost k (ids in `sharedIDs`).
    /// `monthShare`: the part of its billing month the period covers (`1/1` for a whole
    /// month); the capacity and demand charges are monthly and scale with it. `storage`: the
    /// park's storage devices (their energy is billed, bought and sold; nil without storage).
    public init(park: Park, settings: SettlementSettings, tariff: Tariff, data: PeriodData, outcome: AllocationOutcome,
                touPeriod: [String], sharedIDs: [String], shared: [[Int64]],
                monthShare: (numerator: Int64, denominator: Int64) = (1, 1), storage: StorageInput? = nil,
                demandResponse: DemandResponseInput? = nil) {
        func scaled(_ fen: Int64) -> Int64 {
            monthShare.numerator == monthShare.denominator ? fen : Rounding.mulDivHalfEven(fen, monthShare.numerator, monthShare.denominator)
        }
        let n = data.problem.memberCount, m = data.problem.generatorCount
        var green = [[Int64]](repeating: Array(repeating: 0, count: m), count: n)
        // Shaped PPAs: energy per member, generator and period.
        var greenByPeriod = [[[String: Int64]]](repeating: Array(repeating: [:], count: m), count: n)
        let shaped = park.generators.map { settings.ppaByPeriod[$0.id] != nil }
        var grid = [[String: Int64]](repeating: [:], count: n)
        var demand = [Int64](repeating: 0, count: n)
        var surplus = [Int64](repeating: 0, count: m)
        for t in 0..<data.problem.intervalCount where !data.problem.excluded[t] {
            for j in 0..<m { surplus[j] += data.problem.generation[t * m + j] }
            for i in 0..<n {
                var received: Int64 = 0
                for j in 0..<m {
                    let a = outcome.allocated(interval: t, member: i, generator: j)
                    green[i][j] += a
                    if shaped[j] { greenByPeriod[i][j][touPeriod[t], default: 0] += a }
                    surplus[j] -= a
                    received += a
                }
                received += StorageFlows.received(storage, interval: t, member: i, generators: m)
                let imported = data.problem.consumption[t * n + i] - received
                grid[i][touPeriod[t], default: 0] += imported
                demand[i] = max(demand[i], imported)
            }
        }
        let flows = storage.map {
            StorageFlows(problem: data.problem, storage: $0, touPeriod: touPeriod, shaped: shaped)
        }
        let devices = storage?.series.devices ?? []
        var bills: [Bill] = [], sales = [[Line]](repeating: [], count: m)
        // Green energy sold to the charging devices: a generator's line, the device's purchase.
        var purchases = [[Line]](repeating: [], count: devices.count), storageSales = [[Line]](repeating: [], count: m)
        for (k, device) in devices.enumerated() {
            for (j, generator) in park.generators.enumerated() where flows!.charged[k][j] > 0 {
                let parts = Self.ppaParts(generator.id, total: flows!.charged[k][j],
                                          byPeriod: shaped[j] ? flows!.chargedByPeriod[k][j] : nil, settings: settings)
                for (suffix, wh, price) in parts {
                    let fen = Self.amount(wh, price)
                    storageSales[j].append(Line(kind: .storageSale, item: device.id + suffix, energyWh: wh,
                                                priceFenPerKWh: price, amountFen: fen))
                    purchases[k].append(Line(kind: .purchase, item: generator.id + suffix, energyWh: wh,
                                             priceFenPerKWh: price, amountFen: -fen))
                    surplus[j] -= wh
                }
            }
        }
        var gridCompany: Int64 = 0, sharedTotal: Int64 = 0, vatTotal: Int64 = 0, demandResponseTotal: Int64 = 0
        for (i, member) in park.members.enumerated() {
            var lines: [Line] = []
            for (j, generator) in park.generators.enumerated() where green[i][j] > 0 {
                let parts = Self.ppaParts(generator.id, total: green[i][j],
                                          byPeriod: shaped[j] ? greenByPeriod[i][j] : nil, settings: settings)
                for (suffix, wh, price) in parts {
                    let line = Line(kind: .green, item: generator.id + suffix, energyWh: wh, priceFenPerKWh: price,
                                    amountFen: Self.amount(wh, price))
                    lines.append(line)
                    sales[j].append(Line(kind: .sale, item: member.id + suffix,
                                         energyWh: wh, priceFenPerKWh: price, amountFen: line.amountFen))
                }
            }
            for (k, device) in devices.enumerated() where flows!.taken[i][k] > 0 {
                let wh = flows!.taken[i][k], price = storage!.price(device: k, member: member.id)
                lines.append(Line(kind: .storage, item: device.id, energyWh: wh, priceFenPerKWh: price,
                                  amountFen: Self.amount(wh, price)))
            }
            for period in grid[i].keys.sorted() where grid[i][period]! > 0 {
                let price = tariff.prices[period] ?? .zero
                lines.append(Line(kind: .grid, item: period, energyWh: grid[i][period]!, priceFenPerKWh: price, amountFen: Self.amount(grid[i][period]!, price)))
            }
            let greenTotal = green[i].reduce(0, +)
            if settings.transmissionFee > .zero && greenTotal > 0 {
                lines.append(Line(kind: .transmissionFee, item: "transmission-distribution", energyWh: greenTotal, priceFenPerKWh: settings.transmissionFee, amountFen: Self.amount(greenTotal, settings.transmissionFee)))
            }
            if settings.systemFee > .zero && greenTotal > 0 {
                lines.append(Line(kind: .systemFee, item: "system-operation", energyWh: greenTotal, priceFenPerKWh: settings.systemFee, amountFen: Self.amount(greenTotal, settings.systemFee)))
            }
            if settings.capacityChargeFen > 0 {
                lines.append(Line(kind: .capacity, item: "capacity-charge", energyWh: nil, priceFenPerKWh: nil, amountFen: scaled(settings.capacityChargeFen)))
            }
            if settings.demandChargeFenPerKW > .zero && demand[i] > 0 {
                // Largest demand in kW: Wh in one interval x 60 / minutes / 1000; charge = kW x price.
                let minutes = data.resolution.minutes
                let fen = Rounding.mulDivHalfEven(demand[i] * 60, settings.demandChargeFenPerKW.millionths, Int64(minutes) * 1_000_000_000)
                lines.append(Line(kind: .demand, item: "max-demand-wh-per-interval", energyWh: demand[i], priceFenPerKWh: settings.demandChargeFenPerKW, amountFen: scaled(fen)))
            }
            for (k, id) in sharedIDs.enumerated() where shared[k][i] != 0 {
                lines.append(Line(kind: .shared, item: id, energyWh: nil, priceFenPerKWh: nil, amountFen: shared[k][i]))
            }
            // VAT is on the charges; the demand-response credit is a payment outside it.
            let vat = Self.vat(lines.reduce(0) { $0 + $1.amountFen }, settings.vatRate)
            let credits = demandResponse?.lines(member: member.id) ?? []
            lines += credits
            demandResponseTotal -= credits.reduce(0) { $0 + $1.amountFen }
            gridCompany += lines.filter { $0.kind.isGridCompany }.reduce(0) { $0 + $1.amountFen }
            sharedTotal += lines.filter { $0.kind == .shared }.reduce(0) { $0 + $1.amountFen }
            vatTotal += vat
            bills.append(Bill(member: member.id, lines: lines, vatFen: vat))
        }
        var statements: [Statement] = []
        var exports: Int64 = 0
        for (j, generator) in park.generators.enumerated() {
            var lines = sales[j] + storageSales[j]
            if surplus[j] > 0 {
                let line = Line(kind: .export, item: "grid", energyWh: surplus[j], priceFenPerKWh: settings.exportPrice, amountFen: Self.amount(surplus[j], settings.exportPrice))
                lines.append(line)
                exports += line.amountFen
            }
            statements.append(Statement(generator: generator.id, lines: lines))
        }
        for (k, device) in devices.enumerated() {
            let statement = Self.storageStatement(device: k, id: device.id, flows: flows!, storage: storage!,
                                                  purchases: purchases[k], park: park, settings: settings,
                                                  tariff: tariff)
            exports += statement.lines.filter { $0.kind == .export }.reduce(0) { $0 + $1.amountFen }
            // The device pays the grid company its grid charge and the fees on its green charge.
            gridCompany -= statement.lines.filter { [.gridCharge, .transmissionFee, .systemFee].contains($0.kind) }
                .reduce(0) { $0 + $1.amountFen }
            statements.append(statement)
        }
        self.from = data.from
        self.to = data.to
        self.bills = bills
        self.statements = statements
        intervals = data.problem.intervalCount
        skippedIntervals = data.problem.excluded.filter { $0 }.count
        gridCompanyFen = gridCompany
        sharedCostsFen = sharedTotal
        vatFen = vatTotal
        demandResponseFen = demandResponseTotal
        moneyInFen = bills.reduce(0) { $0 + $1.totalFen } + exports + demandResponseTotal
        moneyOutFen = statements.reduce(0) { $0 + $1.totalFen } + gridCompany + sharedTotal + vatTotal
    }
}
