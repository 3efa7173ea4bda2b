import GreenParkCore

/// The valid inputs the fuzzer mutates: park files, readings in every layout, a tariff
/// and a production file for one park, all written here so that the same seed gives the
/// same cases on every machine. The base park has three members (so evidence packs carry
/// park totals), a CBAM installation, a hydrogen producer, a register meter, shared costs
/// and a settlement section.
enum FuzzSeeds {
    /// The local day the base data covers (Asia/Shanghai): 2023-06-01.
    static let from = Timestamp(seconds: 1_685_548_800)  // 2023-05-31T16:00:00Z
    static let to = from.adding(seconds: 86_400)

    static let park = """
        version: 1
        park:
          id: fuzz-park
          name: Fuzz Park
          timezone: Asia/Shanghai
          country: CN
          region: east
          resolution_minutes: 15
          connection: grid-connected
          policy_profile: cn-650-2025
        members:
          - id: a
            name: Member A
            meters: [a1, a2]
            installations:
              - id: a-plant
                name: A cement plant
                address: 1 Canal Road, Hangzhou
                unlocode: CNHGH
                meters: [a1]
                goods:
                  - cn_code: "25231000"
                    category: cement
                  - cn_code: "26011200"
                    category: iron-steel
          - id: b
            name: Member B
            meters: [b1]
            hydrogen:
              placed_in_service: 2023-03-01
              region: east
          - id: c
            name: Member C
            meters: [c1]
        generators:
          - id: pv
            name: PV
            technology: solar-pv
            capacity_kw: 400
            commissioned: 2023-01-01
            registered: 2023-01-01
            meter: pv1
          - id: wind
            name: Wind
            technology: wind
            capacity_kw: 300
            commissioned: 2022-06-01
            registered: 2022-07-01
            meter: w1
        meters:
          - id: c1
            register_rollover_kwh: 1000000
          - id: a2
            max_kw: 500
        allocation:
          key: pro-rata
        emission_factors:
          year: 2023
          location: east
          residual: national-excl-nonfossil
          grid_cfe_share: 0.25
        certificates:
          scheme: granular
        validation:
          capacity_margin: 0.10
        shared_costs:
          - id: line
            name: Direct line
            annual_cost_fen: 120000000
            method: shapley
          - id: platform
            name: VPP platform
            annual_cost_fen: 3000000
            method: energy
        settlement:
          tariff: tariff.yaml
          ppa:
            - generator: pv
              price_fen_per_kwh: 35
            - generator: wind
              price_fen_per_kwh: 38.5
          export_price_fen_per_kwh: 30
          td_fee_fen_per_kwh: 5
          system_fee_fen_per_kwh: 1.2
          capacity_charge_fen_per_month: 500000
          demand_charge_fen_per_kw_month: 3200
          vat_rate: 0.13

        """

    /// The same park with the other keys' parameters, contracts and a shaped PPA.
    static let weightedPark =
        park
        .replacingOccurrences(
            of: "    meters: [a1, a2]\n", with: "    meters: [a1, a2]\n    share: 0.40\n    weight: 2.5\n    tier: 1\n"
        )
        .replacingOccurrences(
            of: "    meters: [b1]\n", with: "    meters: [b1]\n    share: 0.35\n    weight: 1\n    tier: 2\n"
        )
        .replacingOccurrences(
            of: "    meters: [c1]\n", with: "    meters: [c1]\n    share: 0.25\n    weight: 0.000001\n    tier: 2\n"
        )
        .replacingOccurrences(
            of: "  key: pro-rata\n", with: "  key: weighted\ncontracts:\n  - member: b\n    generators: [wind]\n"
        )
        .replacingOccurrences(
            of: "      price_fen_per_kwh: 35\n",
            with: "      tou_prices_fen_per_kwh: {peak: 60, flat: 40, valley: 20}\n")

    static let tariff = """
        id: fuzz-tariff
        name: Three periods
        province: (test)
        version: "2026"
        source: "test"
        prices_fen_per_kwh:
          peak: 102
          flat: 62
          valley: 30
        seasons:
          - months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
            windows:
              - {from: "00:00", to: "08:00", period: valley}
              - {from: "08:00", to: "12:00", period: peak}
              - {from: "12:00", to: "17:00", period: flat}
              - {from: "17:00", to: "21:00", period: peak}
              - {from: "21:00", to: "24:00", period: flat}

        """

    static let production = """
        installation_id,period_start,period_end,cn_code,production_t,direct_emissions_t
        a-plant,2023-06-01,2023-06-02,25231000,120.5,98.25
        a-plant,2023-05-31T16:00:00Z,2023-06-01T16:00:00Z,26011200,60,40.000001

        """

    /// A member's (or generator's) energy in interval `t` of the base day, in Wh: seeded
    /// shapes (PV by day, wind all day, loads with a day shift).
    static func wh(_ meter: String, _ t: Int) -> Int64 {
        let hour = Int64(t / 4)
        switch meter {
        case "pv1": return hour >= 6 && hour < 18 ? 20_000 + 5_000 * (6 - abs(12 - hour)) : 0
        case "w1": return 30_000 + Int64((t * 7_919) % 11) * 1_000
        case "a1": return 40_000 + (hour >= 8 && hour < 20 ? 15_000 : 0)
        case "a2": return 12_345
        case "b1": return 25_000 + Int64(t % 3) * 500
        default: return 10_000
        }
    }

    /// The base day in the long layout (`energy_kwh`, three decimals) for every meter but c1.
    static var longReadings: String {
        var out = "meter_id,interval_start,energy_kwh\n"
        for t in 0..<96 {
            let start = from.adding(seconds: Int64(t) * 900).iso8601
            for meter in ["a1", "a2", "b1", "pv1", "w1"] { out += "\(meter),\(start),\(kwh(wh(meter, t)))\n" }
        }
        return out
    }

    /// c1 as cumulative register reads, rolling over at 1,000,000 kWh during the day.
    static var registerReadings: String {
        var out = "meter_id,read_at,register_kwh\n"
        var register: Int64 = 999_000_000  // Wh: 999,000 kWh
        for t in 0...96 {
            out += "c1,\(from.adding(seconds: Int64(t) * 900).iso8601),\(kwh(register % 1_000_000_000))\n"
            register += 10_000 + Int64(t % 5) * 1_000
        }
        return out
    }

    /// The next day in the wide layout, units by column suffix.
    static var wideReadings: String {
        var out = "interval_start,a1_kwh,a2_wh,b1_mwh,pv1_kwh,w1_kwh\n"
        for t in 0..<96 {
            let start = to.adding(seconds: Int64(t) * 900).iso8601
            out +=
                "\(start),\(kwh(wh("a1", t))),\(wh("a2", t)),\(mwh(wh("b1", t))),"
                + "\(kwh(wh("pv1", t))),\(kwh(wh("w1", t)))\n"
        }
        return out
    }

    /// Two hours of 5-minute data (summed to quarter hours) and hourly data (split evenly
    /// when the case asks for it), with a quality column and local offsets.
    static var mixedReadings: String {
        var out = "meter_id,interval_start,energy_wh,quality\n"
        for k in 0..<24 {
            let start = to.adding(seconds: 86_400 + Int64(k) * 300)
            out +=
                "a1,\(start.adding(seconds: 28_800).iso8601.dropLast())+08:00,\(3_000 + k),"
                + "\(k == 5 ? "estimated" : "measured")\n"
        }
        for h in 0..<3 {
            out += "pv1,\(to.adding(seconds: 2 * 86_400 + Int64(h) * 3600).iso8601),\(60_000 + h),measured\n"
        }
        return out
    }

    static func kwh(_ wh: Int64) -> String { decimal(wh, places: 3) }
    static func mwh(_ wh: Int64) -> String { decimal(wh, places: 6) }

    static func decimal(_ value: Int64, places: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let fraction = String(value % scale)
        return "\(value / scale)." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}
