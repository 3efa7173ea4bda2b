import GreenParkCore

extension SettlementWriter {
    /// The bills and statements of a stored settlement (``json()``), read back exactly (prices
    /// from their decimal text, never through a Double); nil when `json` is not one.
    public static func parts(of json: String) -> (bills: [Settlement.Bill], statements: [Settlement.Statement])? {
        guard let root = StoredJSON.parse(json), let members = root["members"], let generators = root["generators"]
        else { return nil }
        func lines(_ party: StoredJSON) -> [Settlement.Line]? {
            var result: [Settlement.Line] = []
            for line in party["lines"]?.array ?? [] {
                guard let kind = line["kind"]?.string.flatMap(Settlement.Line.Kind.init(rawValue:)), let item = line["item"]?.string,
                      let amount = line["amount_fen"]?.integer else { return nil }
                let price = line["price_fen_per_kwh"]?.number.flatMap { Fixed6(parsing: $0) }
                result.append(Settlement.Line(kind: kind, item: item, energyWh: line["energy_wh"]?.integer,
                                              priceFenPerKWh: price, amountFen: amount))
            }
            return result
        }
        var bills: [Settlement.Bill] = [], statements: [Settlement.Statement] = []
        for member in members.array {
            guard let id = member["id"]?.string, let lines = lines(member), let vat = member["vat_fen"]?.integer
            else { return nil }
            bills.append(Settlement.Bill(member: id, lines: lines, vatFen: vat))
        }
        for generator in generators.array {
            guard let id = generator["id"]?.string, let lines = lines(generator) else { return nil }
            statements.append(Settlement.Statement(generator: id, lines: lines))
        }
        return (bills, statements)
    }
}
